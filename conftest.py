"""Session-wide test isolation, for the pytest suite and for the notebooks nbval runs alike.

Notebook kernels inherit the environment of the pytest process, so the response log, the learner's identity
and the matplotlib backend are pointed at throwaway values before anything is collected: no test and no
executed notebook ever touches a real learner's data.
"""

from __future__ import annotations

import os
import shutil
import tempfile


def pytest_configure(config):
    home = tempfile.mkdtemp(prefix="clientcraft-tests-")
    config._clientcraft_home = home
    os.environ["CLIENTCRAFT_LOG"] = os.path.join(home, "responses.sqlite")
    os.environ["CLIENTCRAFT_CONFIG_DIR"] = os.path.join(home, "config")
    os.environ["CLIENTCRAFT_CACHE_DIR"] = os.path.join(home, "cache")
    os.environ["CLIENTCRAFT_LEARNER"] = "test-learner"
    os.environ.pop("CLIENTCRAFT_LOG_URL", None)
    os.environ["MPLBACKEND"] = "Agg"


def pytest_unconfigure(config):
    home = getattr(config, "_clientcraft_home", None)
    if home:
        shutil.rmtree(home, ignore_errors=True)
