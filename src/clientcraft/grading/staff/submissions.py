"""Read a collected submission as untrusted data: only the saved choices and the written answers, nothing else.

Grading never runs a learner's code and never trusts their notebook. From a submission folder it takes:

* the saved choices, from ``answers.json`` (read without following links, at most :data:`MAX_ANSWERS_BYTES`,
  nesting at most :data:`MAX_DEPTH`); every readable ``item -> step -> option`` entry counts, whatever else the
  file holds, so no edit to the file's other fields costs a learner the credit their choices earned;
* the text of each written-answer cell, matched by grade id (falling back to the cell's clientcraft tag or its
  place after its prompt when the grade id was tampered with), from the notebook read as plain JSON (at most
  :data:`MAX_NOTEBOOK_BYTES`), cut to :data:`MAX_WRITTEN_CHARS` characters.

Everything else the notebook holds (added or edited cells, metadata, stored outputs) is discarded; the
autograded notebook is rebuilt from the released one (:mod:`clientcraft.grading.staff.autograde`). What was odd
about a submission is recorded as reason codes (:data:`REASONS`) that end in the export's ``status`` column;
a code never stops the batch.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from clientcraft.grading.kernel.answers import ANSWERS_FILE, FORMAT, VERSION

MAX_ANSWERS_BYTES = 2 * 1024 * 1024
"""Largest answers file read (a full assessment's file with every change of mind is a few kilobytes)."""
MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024
"""Largest submitted notebook read for its written answers."""
MAX_DEPTH = 64
"""Deepest JSON nesting accepted (a notebook needs 6)."""
MAX_WRITTEN_CHARS = 20_000
"""Longest written answer kept; the rest is cut off (and the cut reported)."""
MAX_ID_CHARS = 200
"""Longest item, step or option id read from an answers file."""

REASONS: dict[str, str] = {
    "missing-notebook": "the notebook was not handed in; choices were graded from the answers file, "
                        "the written answers count as not given",
    "invalid-notebook": "the notebook is not readable JSON of a notebook (binary, cut off, or nested too deep); "
                        "choices were graded, the written answers could not be read",
    "oversized-notebook": f"the notebook is larger than {MAX_NOTEBOOK_BYTES // (1024 * 1024)} MB and was not "
                          "read; choices were graded, the written answers could not be read",
    "missing-answers": "no answers file: no choice was saved (every choice item scores 0)",
    "invalid-answers-json": "the answers file is not valid JSON (binary, cut off, or nested too deep); every "
                            "choice item scores 0",
    "oversized-answers": f"the answers file is larger than {MAX_ANSWERS_BYTES // (1024 * 1024)} MB and was not "
                         "read; every choice item scores 0",
    "invalid-answers": "the answers file has unexpected fields or values; the choices that could be read "
                       "were graded",
    "wrong-assignment": "the answers file says it belongs to another assignment; its choices for this "
                        "assignment's items were graded",
    "unknown-items": "the answers file names items this assignment does not have (ignored)",
    "invalid-options": "some saved choices are not options of their step (those steps score 0)",
    "deleted-cells": "cells of the released notebook are missing (nothing lost: grading rebuilds the notebook)",
    "edited-cells": "locked cells were edited (ignored: grading rebuilds the notebook from the release)",
    "edited-metadata": "grading metadata of cells was changed (ignored: grading rebuilds the notebook)",
    "added-cells": "cells were added (never run, not kept: grading rebuilds the notebook)",
    "forged-cells": "added cells claim to be graded cells (ignored)",
    "duplicate-cells": "a written-answer cell appears more than once; the first non-empty one was graded",
    "moved-written-answer": "a written answer was found by its place, not its grade id (check it)",
    "missing-written-answer": "a written-answer cell is missing from the notebook (counts as not given)",
    "long-written-answer": f"a written answer is longer than {MAX_WRITTEN_CHARS} characters; the rest was cut",
    "symlink": "the submission held a symbolic link; it was not followed and not kept",
    "special-file": "the submission held something that is not a regular file (not read)",
    "hardlink": "the submission held a file with other names on the disk (not read)",
    "oversized-file": "the submission held a file over the size limit (not kept)",
    "owner-mismatch": "a hand-in under this learner's id was made by another account; it was refused",
    "not-on-roster": "a hand-in named a learner who is not on the roster; it was refused",
    "invalid-learner-id": "a hand-in's folder name is not a valid learner id; it was refused",
    "invalid-hand-in": "an exchange entry named after this learner is not a readable hand-in; it was refused",
    "forged-timestamp": "a hand-in under this learner's id claims a time in the future; it was refused",
    "timestamp-mismatch": "a hand-in claims a time well before it appeared in the exchange (check for backdating)",
    "late": "handed in after the due date",
    "duplicate-submission": "handed in more than once; the newest accepted submission was graded",
    "grading-failed": "this submission could not be graded (see details); the rest of the batch was",
}
"""Reason code -> what it means for the instructor."""


@dataclass
class Diagnosis:
    """What was odd about one learner's submission, and what grading did about it."""

    learner: str
    assignment: str
    codes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    item_codes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, code: str, detail: str, item: str | None = None) -> None:
        """Record one problem (each code once per submission; per item when it concerns one item)."""
        if code not in self.codes:
            self.codes.append(code)
        if len(self.details) < 50:
            self.details.append(f"{code}: {detail[:300]}")
        if item is not None:
            self.item_codes.setdefault(item, [])
            if code not in self.item_codes[item]:
                self.item_codes[item].append(code)

    @property
    def status(self) -> str:
        """``ok`` or the reason codes joined by ``;``."""
        return ";".join(self.codes) if self.codes else "ok"

    def as_dict(self) -> dict:
        """JSON-ready form for the submissions report."""
        return asdict(self) | {"status": self.status}


# ------------------------------------------------------------------------------------------ bounded reading
class UnreadableFile(Exception):
    """A submitted file that was not read; ``code`` is its reason code (or ``missing``)."""

    def __init__(self, code: str, detail: str):
        self.code, self.detail = code, detail
        super().__init__(f"{code}: {detail}")


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, read without following a symbolic link, at most ``limit`` of them.

    Raises :class:`UnreadableFile` with code ``missing``, ``symlink``, ``special-file``, ``hardlink`` or
    ``oversized`` (the caller maps the last to its own code).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFile("missing", f"{path.name} is not in the submission") from None
    except OSError as exc:
        if os.path.islink(path):
            raise UnreadableFile("symlink", f"{path.name} is a symbolic link") from None
        raise UnreadableFile("special-file", f"{path.name}: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile("special-file", f"{path.name} is not a regular file")
        if st.st_nlink > 1:
            raise UnreadableFile("hardlink", f"{path.name} has {st.st_nlink} names on the disk")
        if st.st_size > limit:
            raise UnreadableFile("oversized", f"{path.name} is {st.st_size} bytes (limit {limit})")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise UnreadableFile("oversized", f"{path.name} grew past {limit} bytes while being read")
        return data
    finally:
        os.close(fd)


def _too_deep(obj: Any, limit: int) -> bool:
    stack = [(obj, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, (dict, list)))
    return False


def parse_json(data: bytes, what: str) -> Any:
    """Parse untrusted JSON bytes (UTF-8, nesting at most :data:`MAX_DEPTH`); ValueError says what is wrong."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{what} is not UTF-8 text (byte {exc.start})") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(f"{what} is nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise ValueError(f"{what} is not valid JSON ({str(exc)[:120]})") from None
    if _too_deep(value, MAX_DEPTH):
        raise ValueError(f"{what} is nested deeper than {MAX_DEPTH} levels")
    return value


# ------------------------------------------------------------------------------------------ the intake
@dataclass
class Intake:
    """The data taken from one submission: the saved choices and the written answers, and the diagnosis."""

    diagnosis: Diagnosis
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    """item -> step -> option, only for items of this assignment (options not yet checked against the key)."""
    written: dict[str, str] = field(default_factory=dict)
    """prompt id -> the learner's text (cleaned of control characters, cut to the limit)."""
    notebook_read: bool = False
    """False when the notebook was missing or unreadable (written answers then count as not given)."""


@dataclass(frozen=True)
class Template:
    """What intake compares a submission with: the released notebook's graded and locked cells."""

    notebook_name: str
    written_ids: dict[str, str]
    """grade id of each written-answer cell -> prompt id."""
    item_steps: dict[str, dict[str, set[str]]]
    """item -> step -> option ids (from the key)."""
    cells: dict[str, dict[str, Any]]
    """grade id -> the released cell (as JSON)."""
    stub: str
    """The text a written-answer cell holds before the learner writes (the release's text stub)."""
    before: dict[str, str] = field(default_factory=dict)
    """grade id of each written-answer cell -> grade id of the released cell just before it (its prompt)."""

    @classmethod
    def of(cls, released: Mapping[str, Any], notebook_name: str, written_ids: Mapping[str, str],
           item_steps: Mapping[str, Mapping[str, Iterable[str]]]) -> "Template":
        """The template of a released notebook (parsed JSON)."""
        cells, before, previous = {}, {}, None
        for cell in released.get("cells", []):
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid:
                cells[gid] = cell
                if gid in written_ids and previous:
                    before[gid] = previous
                previous = gid
        stub = ""
        for gid in written_ids:
            if gid in cells:
                stub = _source(cells[gid])
                break
        return cls(notebook_name, dict(written_ids),
                   {i: {s: set(o) for s, o in steps.items()} for i, steps in item_steps.items()}, cells, stub,
                   before)


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {0x7F: None}


def clean_text(text: str) -> tuple[str, bool]:
    """Text with control characters removed and line ends made ``\\n``, cut to the limit; (text, was_cut)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)
    if len(text) > MAX_WRITTEN_CHARS:
        return text[:MAX_WRITTEN_CHARS], True
    return text, False


def _nbgrader(cell: Any) -> dict:
    if not isinstance(cell, dict):
        return {}
    meta = cell.get("metadata")
    nb = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nb if isinstance(nb, dict) else {}


_UNREAD = object()


def _read_json(diag: Diagnosis, path: Path, limit: int, kind: str) -> Any:
    """The parsed JSON of a submitted file, or ``_UNREAD`` after recording ``missing-<kind>``,
    ``oversized-<kind>``, ``invalid-<kind>-json``/``invalid-notebook`` or a link/special-file code."""
    try:
        return parse_json(read_bounded(path, limit), path.name)
    except UnreadableFile as exc:
        code = {"missing": f"missing-{kind}", "oversized": f"oversized-{kind}"}.get(exc.code, exc.code)
        diag.add(code, exc.detail)
    except ValueError as exc:
        diag.add("invalid-answers-json" if kind == "answers" else "invalid-notebook", str(exc))
    return _UNREAD


def _read_choices(intake: Intake, folder: Path, item_steps: Mapping[str, Mapping[str, set[str]]],
                  assignment: str) -> None:
    diag = intake.diagnosis
    data = _read_json(diag, folder / ANSWERS_FILE, MAX_ANSWERS_BYTES, "answers")
    if data is _UNREAD:
        return
    if not isinstance(data, dict):
        diag.add("invalid-answers", f"{ANSWERS_FILE} holds a {type(data).__name__}, not an object")
        return
    problems = []
    if data.get("format") != FORMAT:
        problems.append(f"format is {str(data.get('format'))[:40]!r}, not {FORMAT!r}")
    if data.get("version") != VERSION:
        problems.append(f"version is {str(data.get('version'))[:20]!r}, not {VERSION}")
    extra = sorted(str(k)[:40] for k in data if k not in ("format", "version", "assignment", "items", "history"))
    if extra:
        problems.append("unexpected fields " + ", ".join(extra[:5]))
    other = data.get("assignment")
    if isinstance(other, str) and other and other != assignment:
        diag.add("wrong-assignment", f"{ANSWERS_FILE} is for {other[:80]!r}")
    items = data.get("items")
    if not isinstance(items, dict):
        problems.append("items is not an object: no choice could be read")
        items = {}
    for item, steps in items.items():
        if item not in item_steps:
            diag.add("unknown-items", f"unknown item {str(item)[:80]!r}")
            continue
        if not isinstance(steps, dict):
            diag.add("invalid-options", f"item {item!r}: choices are not an object", item)
            continue
        kept = {}
        for step, option in steps.items():
            known = item_steps[item]
            if (not isinstance(option, str) or len(option) > MAX_ID_CHARS or step not in known
                    or option not in known[step]):
                diag.add("invalid-options", f"item {item!r} step {str(step)[:40]!r}: {str(option)[:40]!r} is not "
                                            "an option", item)
                continue
            kept[step] = option
        intake.choices[item] = kept
    if problems:
        diag.add("invalid-answers", "; ".join(problems))


def _read_written(intake: Intake, folder: Path, template: Template) -> None:
    diag = intake.diagnosis
    nb = _read_json(diag, folder / template.notebook_name, MAX_NOTEBOOK_BYTES, "notebook")
    if nb is _UNREAD:
        return
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        diag.add("invalid-notebook", f"{template.notebook_name} has no list of cells")
        return
    intake.notebook_read = True
    _compare_cells(diag, cells, template)
    by_prompt = {p: [] for p in template.written_ids.values()}
    ids = [_nbgrader(c).get("grade_id") for c in cells]
    for cell, gid in zip(cells, ids):
        if isinstance(gid, str) and gid in template.written_ids:
            by_prompt[template.written_ids[gid]].append(cell)
    for gid, prompt in template.written_ids.items():
        found = by_prompt[prompt]
        if not found:  # grade id tampered with: the cell's clientcraft tag, else the cell after the prompt
            found = [c for c in cells if isinstance(c, dict) and isinstance(c.get("metadata"), dict)
                     and isinstance(c["metadata"].get("clientcraft"), dict)
                     and c["metadata"]["clientcraft"].get("item") == prompt]
            if not found:
                anchor = template.before.get(gid)
                after = [i + 1 for i, g in enumerate(ids) if anchor and g == anchor and i + 1 < len(cells)]
                found = [cells[i] for i in after if isinstance(cells[i], dict)
                         and cells[i].get("cell_type") == "markdown"]
            if found:
                diag.add("moved-written-answer", f"{gid}: found without its grade id", prompt)
        if not found:
            diag.add("missing-written-answer", f"{gid} is not in the notebook", prompt)
            continue
        texts = [_source(c) for c in found]
        if len(found) > 1:
            diag.add("duplicate-cells", f"{gid} appears {len(found)} times", prompt)
        text = next((t for t in texts if t.strip() and t.strip() != template.stub.strip()), texts[0])
        text, cut = clean_text(text)
        if cut:
            diag.add("long-written-answer", f"{gid}: cut to {MAX_WRITTEN_CHARS} characters", prompt)
        intake.written[prompt] = text


def _compare_cells(diag: Diagnosis, cells: list, template: Template) -> None:
    seen: dict[str, int] = {}
    edited, meta_edited, added, forged = [], [], 0, []
    for cell in cells:
        meta = _nbgrader(cell)
        gid = meta.get("grade_id")
        if not isinstance(gid, str) or not gid:
            added += bool(_source(cell).strip())  # an empty cell is what pressing Shift+Enter at the end adds
            continue
        ref = template.cells.get(gid)
        seen[gid] = seen.get(gid, 0) + 1
        if ref is None or seen[gid] > 1:
            forged.append(gid[:60])
            continue
        want = ref["metadata"]["nbgrader"]
        if any(meta.get(k) != want.get(k) for k in ("grade", "solution", "locked", "points")):
            meta_edited.append(gid)
        if want.get("locked") and (_source(cell) != _source(ref) or cell.get("cell_type") != ref.get("cell_type")):
            edited.append(gid)
    missing = sorted(set(template.cells) - set(seen))
    if missing:
        diag.add("deleted-cells", "missing cells " + ", ".join(missing))
    if edited:
        diag.add("edited-cells", "changed locked cells " + ", ".join(sorted(edited)))
    if meta_edited:
        diag.add("edited-metadata", "changed grading metadata of " + ", ".join(sorted(meta_edited)))
    if forged:
        diag.add("forged-cells", "cells claiming graded ids " + ", ".join(sorted(set(forged))[:10]))
    if added:
        diag.add("added-cells", f"{added} cell(s) added")


def take_submission(folder: Path, template: Template, *, learner: str, assignment: str) -> Intake:
    """Read one submission folder as data (choices and written answers); never raises for a bad submission."""
    intake = Intake(Diagnosis(learner, assignment))
    _read_choices(intake, folder, template.item_steps, assignment)
    _read_written(intake, folder, template)
    return intake


def saved_choices(folder: Path, item_steps: Mapping[str, Mapping[str, Iterable[str]]], *, learner: str,
                  assignment: str) -> dict[str, dict[str, str]]:
    """The valid saved choices of a submission folder (read as :func:`take_submission` reads them)."""
    intake = Intake(Diagnosis(learner, assignment))
    _read_choices(intake, folder, {i: {s: set(o) for s, o in st.items()} for i, st in item_steps.items()},
                  assignment)
    return intake.choices


def write_report(path: Path, diagnoses: list[Diagnosis]) -> None:
    """Save the diagnoses of one assignment as JSON, keeping those of learners not diagnosed this time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    report = read_report(path) | {d.learner: d.as_dict() for d in diagnoses}
    path.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_report(path: Path) -> dict[str, dict]:
    """The diagnoses saved by :func:`write_report` (empty when there is none)."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
