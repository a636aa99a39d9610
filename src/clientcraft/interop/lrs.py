"""Posting statements to a learning record store (LRS) and reading them back, through the xAPI 1.0.3 API.

Statements go in batches (one ``POST <endpoint>/statements`` each). A batch that fails for a passing reason
(connection lost, time-out, HTTP 429 or 5xx) is retried with exponential back-off (tenacity); any other refusal
stops the run with the LRS's answer. After the LRS accepts a batch, its statement ids are appended to a ledger
file (flushed to disk before the next batch), so a run that is interrupted, even killed, and started again
sends only what the LRS has not confirmed. Statement ids are deterministic: a batch whose answer was lost is
sent again with the same ids, and the LRS keeps one copy (xAPI requires it to ignore an identical statement
with a known id).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping
from urllib.parse import urljoin

import httpx
import platformdirs
from tenacity import RetryError, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from .errors import LRSError
from .xapi import XAPI_VERSION

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
"""HTTP answers that are worth another try."""

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class _Transient(Exception):
    """A retryable answer (kept apart from real refusals)."""

    def __init__(self, status: int, text: str):
        self.status, self.text = status, text
        super().__init__(f"HTTP {status}: {text[:200]}")


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, (_Transient, httpx.TransportError))


class LRSClient:
    """One LRS endpoint (e.g. ``https://lrs.example.org/xAPI/``) with HTTP basic authentication."""

    def __init__(self, endpoint: str, *, username: str | None = None, password: str | None = None,
                 timeout: float = 120.0, retries: int = 5, backoff: float = 0.5):
        if not endpoint.startswith(("http://", "https://")):
            raise LRSError(endpoint, "the LRS endpoint must be an http(s) URL such as https://lrs.example.org/xAPI/")
        self.endpoint = endpoint if endpoint.endswith("/") else endpoint + "/"
        self.statements_url = urljoin(self.endpoint, "statements")
        self.retries = max(1, retries)
        self.backoff = backoff
        auth = httpx.BasicAuth(username, password or "") if username else None
        self._http = httpx.Client(auth=auth, timeout=timeout, headers={
            "X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"})

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> "LRSClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request, retried on passing failures; a final failure or a refusal raises :class:`LRSError`."""
        def once() -> httpx.Response:
            response = self._http.request(method, url, **kwargs)
            if response.status_code in RETRY_STATUS:
                raise _Transient(response.status_code, response.text)
            return response

        retrying = Retrying(stop=stop_after_attempt(self.retries), reraise=False,
                            wait=wait_exponential(multiplier=self.backoff, max=30),
                            retry=retry_if_exception(_retryable))
        try:
            response = retrying(once)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            status = last.status if isinstance(last, _Transient) else None
            raise LRSError(url, f"gave up after {self.retries} attempt(s): {last}", status) from None
        if response.status_code >= 400:
            raise LRSError(url, f"refused: {response.text[:500]}", response.status_code)
        return response

    def post(self, statements: list[Mapping[str, Any]]) -> list[str]:
        """Store a batch; the ids the LRS reports as newly stored (empty when it already had them all)."""
        ids = {s["id"] for s in statements}
        body = json.dumps(list(statements), ensure_ascii=False, separators=(",", ":")).encode()
        response = self._request("POST", self.statements_url, content=body)
        if response.status_code == 204 or not response.content:
            return []
        try:
            stored = response.json()
        except ValueError:
            raise LRSError(self.statements_url, f"answer is not JSON: {response.text[:200]}",
                           response.status_code) from None
        if not isinstance(stored, list) or not set(map(str, stored)) <= ids:
            raise LRSError(self.statements_url, "answer does not list ids of the statements sent",
                           response.status_code)
        return [str(s) for s in stored]

    def statements(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Every statement matching the xAPI query ``params`` (e.g. ``limit=1000``), following ``more`` links."""
        url: str | None = self.statements_url
        query: dict[str, Any] | None = {k: v for k, v in params.items() if v is not None}
        while url:
            page = self._request("GET", url, params=query).json()
            yield from page.get("statements", [])
            more = page.get("more")
            url = urljoin(self.endpoint, more) if more else None
            query = None


# ------------------------------------------------------------------------------------------------ ledger
def default_ledger(endpoint: str) -> Path:
    """Where the ids confirmed by ``endpoint`` are remembered: a file per endpoint in the user data folder."""
    digest = hashlib.sha256(endpoint.rstrip("/").encode()).hexdigest()[:16]
    return Path(platformdirs.user_data_dir("clientcraft", appauthor=False)) / "xapi-sent" / f"{digest}.ids"


class SentLedger:
    """An append-only file of statement ids the LRS confirmed, one per line; a line cut short by a crash is
    ignored. Only one run may use a ledger at a time (an exclusive lock is held while it is open)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("a+", encoding="ascii")
        try:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._fh.close()
            raise LRSError(str(self.path), "another 'clientcraft log send' is using this ledger; wait for it "
                                           "to finish") from None
        self._fh.seek(0)
        self.ids: set[str] = {line.strip() for line in self._fh if _UUID.match(line.strip())}
        self._fh.seek(0, os.SEEK_END)
        if self._fh.tell() and not self._ends_with_newline():
            self._fh.write("\n")  # finish a line cut short by a crash, so the next id starts on its own line

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def add(self, ids: Iterable[str]) -> None:
        """Remember ``ids`` as confirmed, on disk before returning."""
        new = [i for i in ids if i not in self.ids]
        if not new:
            return
        self._fh.write("".join(f"{i}\n" for i in new))
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.ids.update(new)

    def close(self) -> None:
        """Release the lock."""
        self._fh.close()

    def __enter__(self) -> "SentLedger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ------------------------------------------------------------------------------------------------ sending
@dataclass
class SendReport:
    """What one run did: statements in total, already confirmed before, sent now, batches, newly stored by the
    LRS (the rest of what was sent it already had), and the seconds it took."""

    total: int = 0
    already: int = 0
    sent: int = 0
    batches: int = 0
    stored: int = 0
    seconds: float = 0.0
    batch_sizes: list[int] = field(default_factory=list)


def send(statements: Iterable[Mapping[str, Any]], client: LRSClient, ledger: SentLedger, *,
         batch_size: int = 500, on_batch: Callable[[int, int, int], None] | None = None) -> SendReport:
    """Send the statements the ledger does not hold, ``batch_size`` per request, recording each confirmed batch.

    ``on_batch(batch_number, statements_sent_so_far, statements_to_send)`` is called after every batch."""
    if batch_size < 1:
        raise LRSError(client.endpoint, "the batch size must be at least 1")
    started = time.perf_counter()
    todo: list[Mapping[str, Any]] = []
    seen: set[str] = set()
    report = SendReport()
    for st in statements:
        sid = st["id"]
        if sid in seen:
            continue  # the same record twice in the input: one statement
        seen.add(sid)
        report.total += 1
        if sid in ledger.ids:
            report.already += 1
        else:
            todo.append(st)
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        report.stored += len(client.post(batch))
        ledger.add(s["id"] for s in batch)
        report.sent += len(batch)
        report.batches += 1
        report.batch_sizes.append(len(batch))
        if on_batch is not None:
            on_batch(report.batches, report.sent, len(todo))
    report.seconds = time.perf_counter() - started
    return report
