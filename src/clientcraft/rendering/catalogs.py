"""The translation catalogs the build keeps up to date: interface texts (gettext) and content texts (PO files).

Interface texts (:mod:`clientcraft.rendering.strings`): Babel extracts them (``babel.cfg``) into
``src/clientcraft/locale/clientcraft.pot``; each language's ``<lang>/LC_MESSAGES/clientcraft.po`` is updated from
it (new texts added untranslated, removed ones dropped) and compiled to ``clientcraft.mo``, which the package
reads at run time. The ``.mo`` files are build products committed with the rest, so ``clientcraft build --check``
catches a catalog edited without rebuilding.

Content texts (:mod:`clientcraft.core.translations`): ``data/translations/content.pot`` lists every learner-facing
text with its content id as context; each ``data/translations/<lang>.po`` is synchronised with it as ``msgmerge``
would (a changed English text keeps its old translation marked fuzzy, i.e. stale).
"""

from __future__ import annotations

import io
from pathlib import Path

from clientcraft.core.curriculum import Curriculum
from clientcraft.core.languages import TRANSLATED_LANGUAGES
from clientcraft.core.translations import (
    FIXED_DATE,
    TEMPLATE_NAME,
    content_template,
    po_text,
    read_catalog,
    sync_catalog,
)

from .strings import DOMAIN

LOCALE = "src/clientcraft/locale"
"""Where the interface catalogs live, relative to the checkout."""
TRANSLATIONS = "data/translations"
"""Where the content PO files live, relative to the checkout."""
APP_ROOT_PAGE = "src/clientcraft/runtime/appshare/voila/templates/clientcraft/tree-lab.html"
"""The app's root page, rendered from the catalogs (``app-root.html.j2``)."""
MAPPING = "babel.cfg"
KEYWORDS = {"_": None, "_n": (1, 2)}
"""Babel keywords: ``_(text)`` and ``_n(singular, plural, count)``."""


def _mapping(root: Path):
    from babel.messages.frontend import parse_mapping_cfg

    with open(root / MAPPING, encoding="utf-8") as fh:
        return parse_mapping_cfg(fh, str(root / MAPPING))


def interface_template(root: Path):
    """The interface texts extracted with Babel from the files ``babel.cfg`` names, as a catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file
    from babel.util import pathmatch

    method_map, options_map = _mapping(root)
    cat = Catalog(project="clientcraft", version="1", creation_date=FIXED_DATE, revision_date=FIXED_DATE,
                  msgid_bugs_address="", copyright_holder="the clientcraft authors", charset="utf-8", fuzzy=False)
    candidates = sorted(p.relative_to(root).as_posix() for p in (root / "src" / "clientcraft").rglob("*")
                        if p.is_file())
    for rel in candidates:
        for pattern, method in method_map:
            if pathmatch(pattern, rel):
                for lineno, message, comments, context in extract_from_file(
                        method, str(root / rel), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                        options=options_map.get(pattern, {})):
                    cat.add(message, None, [(rel, lineno)], auto_comments=comments, context=context)
                break
    return cat


def _write_po(catalog) -> str:
    from babel.messages.pofile import write_po

    buf = io.BytesIO()  # no source locations: a text's line in strings.py is no business of the catalogs
    write_po(buf, catalog, width=76, ignore_obsolete=True, include_previous=True, no_location=True)
    return buf.getvalue().decode("utf-8")


def _compile(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def interface_files(root: Path) -> dict[str, str | bytes]:
    """The interface template, each language's updated ``.po`` and its compiled ``.mo`` (repo-relative paths)."""
    template = interface_template(root)
    files: dict[str, str | bytes] = {f"{LOCALE}/{DOMAIN}.pot": _write_po(template)}
    catalogs = {}
    for lang in TRANSLATED_LANGUAGES:
        rel = f"{LOCALE}/{lang}/LC_MESSAGES/{DOMAIN}.po"
        path = root / rel
        if path.is_file():
            catalog = read_catalog(path, lang)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=lang, project="clientcraft", version="1", creation_date=FIXED_DATE,
                              revision_date=FIXED_DATE, msgid_bugs_address="",
                              copyright_holder="the clientcraft authors", charset="utf-8", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False, keep_user_comments=True,
                       update_creation_date=True)
        files[rel] = _write_po(catalog)
        files[rel[:-3] + ".mo"] = _compile(catalog)
        catalogs[lang] = catalog
    files[APP_ROOT_PAGE] = app_root_page(catalogs)
    return files


def app_root_page(catalogs: dict) -> str:
    """The app's root page (Voila's tree page): to the lesson index in the browser's language, with a link to each
    language's index labelled in that language (texts from ``catalogs``, English from the message ids)."""
    from clientcraft.core.languages import AUTONYMS, LANGUAGES, language_aliases

    from .html import render
    from .strings import in_language

    def text(lang: str, english: str) -> str:
        message = catalogs[lang].get(english) if lang in catalogs else None
        return message.string if message is not None and message.string and not message.fuzzy else english

    english = in_language("en")
    entries = [{"code": code, "autonym": AUTONYMS[code], "path": "index.ipynb" if code == "en" else
                f"{code}/index.ipynb?lang={code}", "title": text(code, english.INDEX_LESSONS),
                "open": text(code, english.APP_ROOT_OPEN)} for code in LANGUAGES]
    return render("app-root.html.j2", entries=entries, aliases=language_aliases()) + "\n"


def content_files(cur: Curriculum, root: Path) -> dict[str, str]:
    """The content template and each language's synchronised content PO file (repo-relative paths)."""
    template = content_template(cur)
    files: dict[str, str] = {f"{TRANSLATIONS}/{TEMPLATE_NAME}": po_text(template)}
    for lang in TRANSLATED_LANGUAGES:
        rel = f"{TRANSLATIONS}/{lang}.po"
        path = root / rel
        files[rel] = po_text(sync_catalog(template, read_catalog(path, lang) if path.is_file() else None, lang))
    return files


def catalog_files(cur: Curriculum, root: Path) -> dict[str, str | bytes]:
    """Every catalog file the build writes."""
    return {**interface_files(root), **content_files(cur, root)}
