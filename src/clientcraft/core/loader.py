"""Read the YAML content files into one validated :class:`Curriculum`."""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import ValidationError

from .atomic import write_bytes_atomic
from .check import check_curriculum
from .curriculum import KINDS, Curriculum
from .errors import ContentError, ContentNotFoundError, Problem
from .schema import SCHEMA_VERSION, ContentFile
from .settings import cache_dir, content_dir

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~10x faster where available


def iter_content_files(root: Path) -> Iterator[Path]:
    """Every ``*.yaml`` file under the content root, in a stable order."""
    yield from sorted(p for p in root.rglob("*.yaml") if p.is_file())


def _item_label(data: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """Split a pydantic error location into (item label, field path) using the item's id when present."""
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        kind, index = loc[0], loc[1]
        item_id = None
        try:
            item_id = data[kind][index].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
        label = f"{kind}[{index}]" + (f" ({item_id})" if item_id else "")
        rest = loc[2:]
    else:
        label, rest = "", loc
    path = ""
    for part in rest:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return label, path


def parse_file(path: Path, root: Path) -> tuple[ContentFile | None, list[Problem]]:
    """Parse and validate one content file; return the model (or None) and the problems found."""
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return None, [Problem(rel, "", where, f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    except UnicodeDecodeError as exc:
        return None, [Problem(rel, "", "", f"not UTF-8 text: {exc}")]
    if not isinstance(data, dict):
        return None, [Problem(rel, "", "", "a content file must be a mapping with 'schema_version' and item lists")]
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        return None, [
            Problem(rel, "", "schema_version", f"is {version!r}; this clientcraft reads version {SCHEMA_VERSION}")
        ]
    try:
        return ContentFile.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            label, fld = _item_label(data, tuple(err["loc"]))
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown field"
            elif err["type"] == "missing":
                msg = "required field is missing"
            problems.append(Problem(rel, label, fld, msg))
        return None, problems


def load_curriculum(root: Path | str | None = None, *, strict: bool = True) -> Curriculum:
    """Load every content file under ``root`` (default: :func:`content_dir`).

    Raises :class:`ContentError` listing every file-level problem (bad YAML, schema violations, duplicate
    ids). Cross-reference checks live in :mod:`clientcraft.core.check`; with ``strict`` their errors are raised
    here too.
    """
    root = Path(root) if root is not None else content_dir()
    if not root.is_dir():
        raise ContentNotFoundError(root)
    cur = Curriculum(root=root)
    problems: list[Problem] = []
    for path in iter_content_files(root):
        model, file_problems = parse_file(path, root)
        problems.extend(file_problems)
        if model is None:
            continue
        rel = str(path.relative_to(root))
        if model.curriculum is not None:
            if cur.meta is not None:
                problems.append(Problem(rel, "curriculum", "", "the curriculum header is defined twice"))
            cur.meta = model.curriculum
        for kind in KINDS:
            store = getattr(cur, kind)
            for item in getattr(model, kind):
                if item.id in store:
                    problems.append(
                        Problem(rel, f"{kind} ({item.id})", "id",
                                f"duplicate id; first defined in {cur.origin[(kind, item.id)]}")
                    )
                    continue
                store[item.id] = item
                cur.origin[(kind, item.id)] = rel
    if problems:
        raise ContentError(problems)
    if strict:
        errors = [p for p in check_curriculum(cur, audits=False) if p.severity == "error"]
        if errors:
            raise ContentError(errors)
    return cur


@lru_cache(maxsize=4)
def _cached(root: str) -> Curriculum:
    return load_snapshot(Path(root))


def _snapshot_path(root: Path) -> Path:
    """Where the snapshot of the content under ``root`` lives: named by every content file's path, size and
    modification time and by the content model's own source files, so any change to either names a new one."""
    model_files = [Path(__file__).with_name(name) for name in ("schema.py", "curriculum.py")]
    stamp = hashlib.sha256()
    for path in [*model_files, *iter_content_files(root)]:
        st = path.stat()
        stamp.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    folder = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]  # one snapshot per content folder
    return cache_dir() / "content" / folder / f"{stamp.hexdigest()[:24]}.pickle"


def load_snapshot(root: Path) -> Curriculum:
    """The curriculum under ``root`` as :func:`load_curriculum` gives it, read from a snapshot in the user's cache
    folder when no content file (and no content-model source) changed since it was taken; otherwise loaded,
    checked and snapshotted. A lesson kernel starts faster this way; an unreadable snapshot is ignored."""
    snapshot = _snapshot_path(root)
    try:
        with open(snapshot, "rb") as fh:
            cur = pickle.load(fh)  # the user's own cache folder, written only by this function
        if isinstance(cur, Curriculum):
            return cur
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    cur = load_curriculum(root)
    try:
        write_bytes_atomic(snapshot, pickle.dumps(cur, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
        for old in snapshot.parent.glob("*.pickle"):
            if old != snapshot:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder only costs the next kernel the full load
    return cur


def default_curriculum() -> Curriculum:
    """The curriculum at :func:`content_dir`, loaded once per process (used by widgets and notebooks)."""
    return _cached(str(content_dir()))
