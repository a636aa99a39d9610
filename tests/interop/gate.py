"""An xAPI statements endpoint on 127.0.0.1 that records every request, for the kill-and-resume tests.

``upstream`` is the LRS's origin (``http://127.0.0.1:PORT``; request paths are kept). It either stores
statements itself (a minimal LRS: an identical statement with a known id is ignored, a
different one with a known id is refused with 409, as xAPI 1.0.3 requires) or forwards every request to a real
LRS (ralph) and relays the answers. ``hold_at=n`` makes it stop at the n-th POST and wait until the test has
killed the sender: before storing (local) or after the upstream LRS stored the batch (forwarding), so the
sender never sees the answer.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class Gate:
    """The endpoint is ``self.endpoint``; ``posts`` lists the statement ids of every POST received in full."""

    def __init__(self, upstream: str | None = None, auth: tuple[str, str] | None = None, hold_at: int | None = None):
        self.upstream = upstream.rstrip("/") if upstream else None
        self.auth = auth
        self.hold_at = hold_at
        self.posts: list[list[str]] = []
        self.stored: dict[str, dict] = {}
        self.held = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        gate = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, body: bytes = b"", ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                statements = json.loads(body)
                with gate.lock:
                    gate.posts.append([s["id"] for s in statements])
                    number = len(gate.posts)
                if gate.upstream is None:
                    if number == gate.hold_at:
                        gate.held.set()
                        gate.release.wait(60)
                        self.close_connection = True
                        return  # the sender is dead: nothing is stored, nothing answered
                    self._store(statements)
                    return
                forwarded = httpx.post(gate.upstream + self.path, content=body, auth=gate.auth, timeout=300,
                                       headers={"Content-Type": "application/json",
                                                "X-Experience-API-Version": "1.0.3"})
                if number == gate.hold_at:
                    gate.held.set()
                    gate.release.wait(60)
                    self.close_connection = True
                    return  # the LRS stored the batch; its answer is lost with the sender
                self._answer(forwarded.status_code, forwarded.content)

            def _store(self, statements: list[dict]) -> None:
                new = []
                with gate.lock:
                    for st in statements:
                        known = gate.stored.get(st["id"])
                        if known is not None and known != st:
                            self._answer(409, json.dumps({"detail": f"differs: {st['id']}"}).encode())
                            return
                        if known is None:
                            new.append(st)
                    for st in new:
                        gate.stored[st["id"]] = st
                if new:
                    self._answer(200, json.dumps([s["id"] for s in new]).encode())
                else:
                    self._answer(204)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
