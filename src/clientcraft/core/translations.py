"""Content translations: every learner-facing text as a message, PO files per language, and staleness.

English YAML stays the source. :func:`content_messages` lists every text a learner sees, each with a context
naming where it lives (``<kind>/<item id>/<field path>``, list items by id where they have one, else by
position), and :func:`content_template` makes the PO template of them. A translator fills
``data/translations/<lang>.po`` (Poedit, Weblate; docs/translating.md). A translation counts only while its
``msgid`` equals the current English text and it is not marked fuzzy: once the English changes it is *stale*
and learners see the English text (with a small note) instead, never an outdated translation.
:func:`sync_catalog` brings a PO file up to date with the template the way ``msgmerge`` does (a changed
English text keeps its old translation, marked fuzzy, with the old English as ``#| msgid``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import BaseModel

from .curriculum import KINDS, Curriculum
from .errors import ClientcraftError
from .languages import SOURCE_LANGUAGE, TRANSLATED_LANGUAGES

PROJECT = "clientcraft content"
TEMPLATE_NAME = "content.pot"
"""The template beside the PO files: ``data/translations/content.pot``."""
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
"""The template's creation date (fixed, so that the build's output depends on the content only)."""

NOT_LEARNER_FACING: dict[str, frozenset[str]] = {
    "*": frozenset({"instructor_notes", "model_answers", "rubric"}),
}
"""Fields whose texts learners never see (instructor notes, model answers and rubrics stay English)."""
SKIPPED_KINDS = frozenset({"sources", "terms"})
"""Kinds with no learner-facing translatable text (source metadata; the term list is matched in English)."""


class TranslationError(ClientcraftError):
    """A translation file cannot be read."""

    def __init__(self, path: Path | str, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self):
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class Message:
    """One learner-facing text: where it lives (the PO context) and its English."""

    context: str
    english: str


def _is_ltext(value: Any) -> bool:
    return isinstance(value, dict) and SOURCE_LANGUAGE in value and all(isinstance(v, str) for v in value.values())


def _segment(name: str, index: int, item: Any) -> str:
    item_id = getattr(item, "id", None)
    return f"{name}/{item_id}" if isinstance(item_id, str) else f"{name}/{index}"


def _transform(model: BaseModel, path: str, on_text: Callable[[str, dict[str, str]], dict[str, str]]) -> BaseModel:
    """``model`` with every learner-facing text replaced by ``on_text(context, text)``, in content order."""
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        if name in NOT_LEARNER_FACING["*"]:
            continue
        value = getattr(model, name)
        here = f"{path}/{name}"
        if _is_ltext(value):
            updates[name] = on_text(here, value)
        elif isinstance(value, BaseModel):
            updates[name] = _transform(value, here, on_text)
        elif isinstance(value, list) and value:
            items = []
            for i, item in enumerate(value):
                if _is_ltext(item):
                    items.append(on_text(f"{here}/{i}", item))
                elif isinstance(item, BaseModel):
                    items.append(_transform(item, _segment(name, i, item).replace(name, here, 1), on_text))
                else:
                    items.append(item)
            updates[name] = items
    return model.model_copy(update=updates) if updates else model


def _walk(model: BaseModel, path: str) -> Iterator[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []
    _transform(model, path, lambda ctx, value: found.append((ctx, value)) or value)
    yield from found


def content_texts(cur: Curriculum) -> Iterator[tuple[str, dict[str, str]]]:
    """Every learner-facing text of the content: (context, the text mapping), in content order."""
    if cur.meta is not None:
        yield from _walk(cur.meta, "curriculum")
    for kind in KINDS:
        if kind in SKIPPED_KINDS:
            continue
        for item_id, item in getattr(cur, kind).items():
            yield from _walk(item, f"{kind}/{item_id}")


def content_messages(cur: Curriculum) -> list[Message]:
    """Every learner-facing text as a message (context, English)."""
    return [Message(ctx, value[SOURCE_LANGUAGE]) for ctx, value in content_texts(cur)]


def content_template(cur: Curriculum):
    """The PO template (a Babel ``Catalog``) of every learner-facing text, the context naming where it lives."""
    from babel.messages.catalog import Catalog

    cat = Catalog(project=PROJECT, version="1", creation_date=FIXED_DATE, revision_date=FIXED_DATE,
                  msgid_bugs_address="", copyright_holder="the clientcraft authors", charset="utf-8",
                  fuzzy=False)
    for m in content_messages(cur):
        cat.add(m.english, "", context=m.context)
    return cat


def new_catalog(lang: str):
    """An empty PO catalog for ``lang`` (plural rule and header from Babel)."""
    from babel.messages.catalog import Catalog

    return Catalog(locale=lang, project=PROJECT, version="1", creation_date=FIXED_DATE,
                   revision_date=FIXED_DATE, msgid_bugs_address="", copyright_holder="the clientcraft authors",
                   charset="utf-8", fuzzy=False)


def read_catalog(path: Path, lang: str):
    """A PO file as a Babel catalog; raises :class:`TranslationError` naming the file when it cannot be read."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with open(path, "rb") as fh:
            return read_po(fh, locale=lang, abort_invalid=True)
    except (OSError, PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise TranslationError(path, f"not a readable PO file ({exc})") from exc


def po_text(catalog) -> str:
    """A catalog as PO text, in content order, wrapped at 76 columns like gettext's tools."""
    import io

    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=76, omit_header=False, ignore_obsolete=True, include_previous=True,
             no_location=True)
    return buf.getvalue().decode("utf-8")


def _entries(catalog) -> dict[str, Any]:
    """The catalog's messages by context (content messages all have one)."""
    return {m.context: m for m in catalog if m.id and m.context}


def sync_catalog(template, catalog, lang: str):
    """``catalog`` brought up to date with ``template``, as ``msgmerge`` would.

    Messages keep their translations; a message whose English changed keeps its old translation, marked fuzzy,
    with the old English as the previous msgid (so the translator sees what changed); messages no longer in
    the content are dropped; new ones are added untranslated. Header fields are kept.
    """
    out = new_catalog(lang)
    if catalog is not None:
        out.language_team, out.last_translator = catalog.language_team, catalog.last_translator
        out.revision_date = catalog.revision_date
    old = _entries(catalog) if catalog is not None else {}
    for m in template:
        if not m.id:
            continue
        prev = old.get(m.context)
        if prev is None or not prev.string:
            out.add(m.id, "", context=m.context)
        elif prev.id == m.id:
            out.add(m.id, prev.string, context=m.context, flags=prev.flags, user_comments=prev.user_comments,
                    previous_id=prev.previous_id if "fuzzy" in prev.flags else ())
        else:
            flags = set(prev.flags) | {"fuzzy"}
            out.add(m.id, prev.string, context=m.context, flags=flags, user_comments=prev.user_comments,
                    previous_id=(prev.id,))
    return out


@dataclass
class LanguageStatus:
    """Per language: how many texts are translated, stale (English changed since) and missing."""

    language: str
    translated: int = 0
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.translated + len(self.stale) + len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def __str__(self) -> str:
        return (f"{self.language}: {self.translated} of {self.total} translated ({self.percent:.1f}%), "
                f"{len(self.stale)} stale, {len(self.missing)} missing")


def fresh_translations(cur: Curriculum, catalog) -> dict[str, str]:
    """Context -> translation for every text whose translation is current (same English, not fuzzy)."""
    entries = _entries(catalog) if catalog is not None else {}
    out = {}
    for m in content_messages(cur):
        e = entries.get(m.context)
        if e is not None and e.string and e.id == m.english and "fuzzy" not in e.flags:
            out[m.context] = e.string if isinstance(e.string, str) else e.string[0]
    return out


def language_status(cur: Curriculum, catalog, lang: str) -> LanguageStatus:
    """Translated, stale and missing texts of ``lang`` (``catalog`` None: all missing)."""
    entries = _entries(catalog) if catalog is not None else {}
    status = LanguageStatus(lang)
    for m in content_messages(cur):
        e = entries.get(m.context)
        if e is None or not e.string:
            status.missing.append(m.context)
        elif e.id != m.english or "fuzzy" in e.flags:
            status.stale.append(m.context)
        else:
            status.translated += 1
    return status


def translations_dir(root: Path) -> Path:
    """``data/translations`` of the checkout whose content folder is ``root`` (``data/curriculum``)."""
    return Path(root).parent / "translations"


def po_path(root: Path, lang: str) -> Path:
    """The content PO file of ``lang``."""
    return translations_dir(root) / f"{lang}.po"


def load_catalog(root: Path, lang: str):
    """The content PO catalog of ``lang`` next to the content at ``root``, or None when there is none."""
    path = po_path(root, lang)
    return read_catalog(path, lang) if path.is_file() else None


def coverage_by_language(cur: Curriculum) -> list[LanguageStatus]:
    """Translated, stale and missing counts for English (always complete) and every translated language."""
    english = LanguageStatus(SOURCE_LANGUAGE, translated=len(content_messages(cur)))
    return [english, *(language_status(cur, load_catalog(cur.root, lang), lang) for lang in TRANSLATED_LANGUAGES)]


def format_language_coverage(statuses: list[LanguageStatus]) -> str:
    """The per-language figures as plain text."""
    lines = ["translations (learner-facing texts per language)"]
    lines += [f"  {s}" for s in statuses]
    return "\n".join(lines) + "\n"


def _localized(value: dict[str, str], context: str, lang: str, fresh: dict[str, str]) -> dict[str, str]:
    out = {k: v for k, v in value.items() if k != lang}  # an inline translation is not tracked: never shown
    if context in fresh:
        out[lang] = fresh[context]
    return out


def localize(cur: Curriculum, lang: str, catalog=None) -> Curriculum:
    """A copy of ``cur`` whose texts carry ``lang`` wherever a current translation exists (``catalog``: the PO
    catalog, default the one beside the content). Elsewhere ``text(value, lang)`` gives English."""
    if lang == SOURCE_LANGUAGE:
        return cur
    if catalog is None:
        catalog = load_catalog(cur.root, lang)
    fresh = fresh_translations(cur, catalog)
    out = Curriculum(root=cur.root, origin=dict(cur.origin))
    def shown(ctx: str, value: dict[str, str]) -> dict[str, str]:
        return _localized(value, ctx, lang, fresh)

    out.meta = _transform(cur.meta, "curriculum", shown) if cur.meta is not None else None
    for kind in KINDS:
        store = getattr(out, kind)
        for item_id, item in getattr(cur, kind).items():
            store[item_id] = item if kind in SKIPPED_KINDS else _transform(item, f"{kind}/{item_id}", shown)
    return out


def is_translated(value: dict[str, str] | None, lang: str) -> bool:
    """Whether a localized text carries ``lang`` (False: learners see English)."""
    return lang == SOURCE_LANGUAGE or (value is not None and lang in value)
