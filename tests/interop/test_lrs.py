"""The LRS client: batches, retry, the ledger, and `log send` killed in the middle of a multi-batch run.

ralph's file backend takes one write per store, so these multi-batch runs use the recording endpoint of
gate.py (a real HTTP server on 127.0.0.1); the ralph tests cover the single-batch case against ralph itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clientcraft.interop.errors import LRSError
from clientcraft.interop.lrs import LRSClient, SentLedger, send
from clientcraft.interop.xapi import StatementBuilder, XapiSettings

from .conftest import clientcraft
from .gate import Gate


def _statements(n: int) -> list[dict]:
    builder = StatementBuilder(None, XapiSettings(salt="t"))
    rows = [{"event_id": f"{i:032x}", "learner_id": f"learner-{i % 7}", "cohort": "c", "lesson": "welcome",
             "scenario": "sc", "step": "s1", "option": "abc"[i % 3], "credit": (i % 3) / 2, "attempt": 1,
             "seconds": 3.5, "timestamp": f"2026-01-01T10:{i // 60 % 60:02d}:{i % 60:02d}+00:00",
             "mode": "practice", "kind": "choice", "language": "en"} for i in range(n)]
    return [s.as_json() for s in builder.from_log(rows)]


def test_send_batches_and_remembers(tmp_path):
    statements = _statements(25)
    gate = Gate()
    try:
        with LRSClient(gate.endpoint) as client, SentLedger(tmp_path / "ids") as ledger:
            report = send(statements, client, ledger, batch_size=10)
        assert (report.total, report.sent, report.batches, report.stored) == (25, 25, 3, 25)
        assert [len(p) for p in gate.posts] == [10, 10, 5]
        with LRSClient(gate.endpoint) as client, SentLedger(tmp_path / "ids") as ledger:
            again = send(statements + _statements(27)[25:], client, ledger, batch_size=10)
        assert (again.already, again.sent, again.batches) == (25, 2, 1)
        assert len(gate.stored) == 27
    finally:
        gate.close()


def test_ledger_ignores_a_line_cut_short_and_is_exclusive(tmp_path):
    ids = [s["id"] for s in _statements(3)]
    path = tmp_path / "ids"
    path.write_text(f"{ids[0]}\n{ids[1][:20]}", encoding="ascii")  # the crash cut the second id
    with SentLedger(path) as ledger:
        assert ledger.ids == {ids[0]}
        with pytest.raises(LRSError, match="another 'clientcraft log send'"):
            SentLedger(path)
        ledger.add([ids[2]])
    assert SentLedger(path).ids == {ids[0], ids[2]}


class _Flaky(BaseHTTPRequestHandler):
    """Answers 503 twice, then stores; or always refuses with 400."""

    calls = 0
    mode = "flaky"

    def log_message(self, *args):
        pass

    def do_POST(self):
        type(self).calls += 1
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.mode == "refuse":
            status, answer = 400, json.dumps({"detail": "statement 1 has no verb"}).encode()
        elif type(self).calls <= 2:
            status, answer = 503, b'{"detail": "busy"}'
        else:
            status, answer = 200, json.dumps([s["id"] for s in body]).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


@pytest.mark.parametrize("mode", ["flaky", "refuse"])
def test_retry_on_503_and_stop_on_a_refusal(tmp_path, mode):
    handler = type("H", (_Flaky,), {"calls": 0, "mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/xAPI"
    try:
        with LRSClient(url, retries=4, backoff=0.01) as client, SentLedger(tmp_path / "ids") as ledger:
            if mode == "flaky":
                report = send(_statements(4), client, ledger, batch_size=10)
                assert report.sent == 4 and handler.calls == 3
            else:
                with pytest.raises(LRSError, match=r"HTTP 400.*has no verb"):
                    send(_statements(4), client, ledger, batch_size=10)
                assert handler.calls == 1 and ledger.ids == set()
    finally:
        server.shutdown()
        server.server_close()


def test_log_send_killed_mid_batch_resumes_without_sending_anything_twice(tmp_path):
    """Killed while batch 4 of 10 is in flight: the re-run sends batches 4-10 only, each statement reaches the
    LRS's store once, and a third run sends nothing."""
    export = tmp_path / "statements.jsonl"
    statements = _statements(1000)
    export.write_text("".join(json.dumps(s) + "\n" for s in statements), encoding="utf-8")
    ledger = tmp_path / "sent.ids"
    gate = Gate(hold_at=4)
    args = ["log", "send", "--lrs", gate.endpoint, "--input", str(export), "--batch-size", "100",
            "--state", str(ledger)]
    try:
        sender = subprocess.Popen([str(Path(sys.executable).parent / "clientcraft"), *args],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
        assert gate.held.wait(120), "batch 4 never arrived"
        sender.send_signal(signal.SIGKILL)
        sender.wait(30)
        gate.release.set()
        confirmed = set(ledger.read_text().split())
        first_run = {i for post in gate.posts[:3] for i in post}
        assert confirmed == first_run and len(confirmed) == 300

        gate.hold_at = None
        second = clientcraft(*args)
        assert "1000 statements: 300 confirmed before, 700 sent now in 7 batch(es), 700 newly stored" in second.stdout
        resent = {i for post in gate.posts[4:] for i in post}
        assert resent.isdisjoint(first_run)  # nothing the LRS had confirmed went out again
        assert resent | first_run == {s["id"] for s in statements}
        third = clientcraft(*args)
        assert "1000 confirmed before, 0 sent now in 0 batch(es)" in third.stdout
        assert len(gate.posts) == 11  # 3 + the killed one + 7; the third run posted nothing
    finally:
        gate.close()
    assert sorted(gate.stored) == sorted(s["id"] for s in statements)


def test_an_lrs_that_does_not_answer_is_reported_with_its_url(tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/xAPI/"
    with LRSClient(url, retries=2, backoff=0.01, timeout=2) as client, SentLedger(tmp_path / "ids") as ledger:
        with pytest.raises(LRSError, match=rf"LRS http://127.0.0.1:{port}/xAPI/statements: gave up after 2 attempt"):
            send(_statements(3), client, ledger)
        assert ledger.ids == set()
    with pytest.raises(LRSError, match="must be an http"):
        LRSClient("lrs.example.org/xAPI")
