"""A collect step for nbgrader's file-system exchange that a learner on the same host cannot trick.

nbgrader's own collect follows symbolic links, takes whatever entry in ``inbound/`` carries a learner's name and
the newest time (only warning when its owner is someone else), and trusts the ``timestamp.txt`` inside it.
:class:`SafeCollect` (set as ``ExchangeFactory.collect`` by ``clientcraft course init``, so the formgrader's
collect button uses it too) changes that:

* an entry whose name is not ``<learner>+<assignment>+<time>[+<random>]`` with a valid learner id on the
  roster, or that is not a real folder, is refused;
* where the file system can tell (the learner id is a local account), an entry or a file in it owned by any
  other account is refused (``owner-mismatch``); where it cannot (ids are not accounts), an entry owned by the
  account of *another* roster learner is refused all the same;
* an entry that claims a time in the future is refused (``forged-timestamp``), so a forged "newer" hand-in
  cannot push out a real one;
* copying never follows a symbolic link, reads only regular files with one name, and keeps the size limits;
  ``timestamp.txt`` is written from the entry's name, never copied.

Each refusal is saved in ``reports/<assignment>/collect.json`` and becomes a reason code on the learner's row.
"""

from __future__ import annotations

import fnmatch
import json
import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect

from clientcraft.core.ids import learner_id_problem

try:  # pwd matches owners with account names; it does not exist on Windows (where the exchange does not run)
    import pwd
except ImportError:  # pragma: no cover
    pwd = None

FUTURE_SLACK = timedelta(minutes=5)
"""How far ahead of the collecting machine's clock a hand-in's time may be (clock skew)."""
BACKDATED_SLACK = 600
"""Seconds a hand-in's claimed time may precede the moment its folder last changed before it is flagged."""


def read_refusals(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Refusals saved by :class:`SafeCollect`: learner id -> [(reason code, detail)] ('' for no learner)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: [tuple(x) for x in v] for k, v in data.items() if isinstance(v, list)}


def owner_problem(uid: int, learner: str, roster: set[str]) -> str:
    """Why an entry owned by ``uid`` cannot be ``learner``'s hand-in ('' when the file system sees no problem)."""
    if pwd is None:
        return ""
    try:
        expected = pwd.getpwnam(learner).pw_uid
    except KeyError:
        expected = None
    if expected is not None:
        return "" if uid == expected else f"owned by uid {uid}, not by the account {learner!r}"
    try:
        owner = pwd.getpwuid(uid).pw_name
    except KeyError:
        return ""
    if owner != learner and owner in roster:
        return f"owned by {owner!r}, another learner on the roster"
    return ""


class SafeCollect(ExchangeCollect):
    """nbgrader's collect, refusing hand-ins that are not what their name claims and never following links."""

    def _refuse(self, learner: str, code: str, detail: str) -> None:
        self._refusals.setdefault(learner, []).append((code, detail))
        self.log.warning("refused %s (%s): %s", learner or "?", code, detail)

    def _roster(self) -> set[str]:
        from nbgrader.api import Gradebook

        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            return {s.id for s in gb.students}

    def init_src(self):
        from nbgrader.utils import parse_utc

        from nbgrader.api import Gradebook, MissingEntry
        from nbgrader.utils import check_mode

        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self._refusals: dict[str, list[tuple[str, str]]] = {}
        self._received: dict[str, float] = {}
        roster = self._roster()
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        accepted: dict[str, list[dict]] = {}
        suffix = f"+{self.coursedir.assignment_id}+"
        with os.scandir(self.inbound_path) as entries:
            for entry in entries:
                if suffix not in entry.name:
                    continue
                learner, _, rest = entry.name.partition(suffix)
                problem = learner_id_problem(learner)
                if problem:
                    self._refuse("", "invalid-learner-id", f"{entry.name[:120]!r}: learner id {problem}")
                    continue
                if learner not in roster:
                    self._refuse("", "not-on-roster", f"{entry.name[:120]!r}: {learner!r} is not on the roster")
                    continue
                try:
                    when = parse_utc(rest.split("+", 1)[0])
                except (ValueError, TypeError, OverflowError):
                    self._refuse(learner, "invalid-hand-in", f"{entry.name[:120]!r}: no readable time in the name")
                    continue
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(st.st_mode):
                    self._refuse(learner, "symlink", f"{entry.name[:120]!r} is a symbolic link")
                    continue
                if not stat.S_ISDIR(st.st_mode):
                    self._refuse(learner, "special-file", f"{entry.name[:120]!r} is not a folder")
                    continue
                why = owner_problem(st.st_uid, learner, roster)
                if why:
                    self._refuse(learner, "owner-mismatch", f"{entry.name[:120]!r} {why}")
                    continue
                if when > now + FUTURE_SLACK:
                    self._refuse(learner, "forged-timestamp", f"{entry.name[:120]!r} claims {when} (later than now)")
                    continue
                self._received[entry.name] = st.st_ctime
                accepted.setdefault(learner, []).append(
                    {"username": learner, "filename": entry.name, "timestamp": when})
        records = []
        for learner, recs in accepted.items():
            recs = self._sort_by_timestamp(recs)
            if self.duedate is not None and self.before_duedate:
                before = [r for r in recs if r["timestamp"] <= self.duedate]
                recs = before or recs
            records.append(recs[0])
        self.src_records = records

    def do_copy(self, src, dest, log=None):
        """Copy a hand-in: regular files with one name only, no link followed, within the size limits."""
        src, dest = Path(src), Path(dest)
        learner = src.name.split("+", 1)[0]
        roster_uid = None
        if pwd is not None:
            try:
                roster_uid = pwd.getpwnam(learner).pw_uid
            except KeyError:
                roster_uid = None
        max_file = 1000 * self.coursedir.max_file_size
        budget = 1000 * self.coursedir.max_dir_size
        dest.mkdir(parents=True)
        os.chmod(dest, 0o700)
        todo = [(src, dest)]
        while todo:
            here, there = todo.pop()
            with os.scandir(here) as entries:
                for entry in entries:
                    rel = os.path.relpath(entry.path, src)
                    if any(fnmatch.fnmatch(entry.name, g) for g in self.coursedir.ignore) or \
                            entry.name == "timestamp.txt" and here == src:
                        continue
                    st = entry.stat(follow_symlinks=False)
                    if roster_uid is not None and st.st_uid != roster_uid:
                        self._refuse(learner, "owner-mismatch", f"{rel} is owned by uid {st.st_uid} (not kept)")
                        continue
                    if stat.S_ISLNK(st.st_mode):
                        self._refuse(learner, "symlink", f"{rel} is a symbolic link (not followed, not kept)")
                    elif stat.S_ISDIR(st.st_mode):
                        (there / entry.name).mkdir()
                        todo.append((Path(entry.path), there / entry.name))
                    elif not stat.S_ISREG(st.st_mode):
                        self._refuse(learner, "special-file", f"{rel} is not a regular file (not kept)")
                    elif st.st_nlink > 1:
                        self._refuse(learner, "hardlink", f"{rel} has {st.st_nlink} names on the disk (not kept)")
                    elif st.st_size > max_file or st.st_size > budget:
                        self._refuse(learner, "oversized-file", f"{rel} is {st.st_size} bytes (not kept)")
                    else:
                        budget -= self._copy_file(Path(entry.path), there / entry.name, max_file)
        claimed = next((r["timestamp"] for r in self.src_records if r["filename"] == src.name), None)
        if claimed is not None:
            (dest / "timestamp.txt").write_text(claimed.strftime("%Y-%m-%d %H:%M:%S.%f UTC"), encoding="utf-8")
            received = self._received.get(src.name)
            seconds = claimed.replace(tzinfo=timezone.utc).timestamp()
            if received is not None and seconds < received - BACKDATED_SLACK:
                self._refuse(learner, "timestamp-mismatch", f"{src.name[:120]!r} claims {claimed} but appeared "
                                                            f"{received - seconds:.0f} s later")

    @staticmethod
    def _copy_file(src: Path, dest: Path, limit: int) -> int:
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return 0
            copied = 0
            with open(dest, "xb") as out:
                while copied <= limit:
                    chunk = os.read(fd, 1 << 20)
                    if not chunk:
                        break
                    out.write(chunk[: limit + 1 - copied])
                    copied += len(chunk)
            return copied
        finally:
            os.close(fd)

    def copy_files(self):
        super().copy_files()
        report = Path(self.coursedir.root) / "reports" / self.coursedir.assignment_id / "collect.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(self._refusals, indent=1, sort_keys=True) + "\n", encoding="utf-8")
