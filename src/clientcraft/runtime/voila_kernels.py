"""The kernel manager ``clientcraft app`` gives Voila: idle culling that never takes a kernel from a page.

Voila keeps pre-started kernels in a pool and does not cull them there. A pooled kernel may have sat idle longer
than the idle timeout, though, and once a page takes it out of the pool the culler would see a long-idle kernel
with no connection yet (the page is still loading) and shut it down under the learner. This manager starts a
kernel's idle clock again the first time the culler sees it outside the pool, so every page gets the full idle
timeout to connect. Voila's own manager wraps this class (``VoilaConfiguration.multi_kernel_manager_class``).
"""

from __future__ import annotations

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


class PoolAwareKernelManager(AsyncMappingKernelManager):
    """Culls idle kernels, counting a kernel idle only from when it left Voila's pool of pre-started kernels."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen_outside_pool: set[str] = set()

    async def cull_kernel_if_idle(self, kernel_id: str):
        """Cull ``kernel_id`` if idle; the first check after it left the pool only starts its idle clock."""
        kernel = self._kernels.get(kernel_id)
        if kernel is not None and kernel_id not in self._seen_outside_pool:
            self._seen_outside_pool.add(kernel_id)
            kernel.last_activity = utcnow()
            return None
        return await super().cull_kernel_if_idle(kernel_id)

    async def _async_shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._seen_outside_pool.discard(kernel_id)
        return await super()._async_shutdown_kernel(kernel_id, *args, **kwargs)

    shutdown_kernel = _async_shutdown_kernel
