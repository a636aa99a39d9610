"""The one HTML path: jinja2 templates with autoescape, and the filters they use.

Every HTML fragment clientcraft shows (widgets, the assessment form, item summaries, the workshop view, figures,
the report) comes from a template in ``rendering/templates`` through :func:`render` or :func:`fragment`. Values
are escaped by jinja2's autoescape (markupsafe) unless they are content Markdown, which the ``md`` and ``inline``
filters render with every raw HTML tag escaped. Interface text comes from :mod:`clientcraft.rendering.strings`
(``t`` in the templates).
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from clientcraft.core.settings import cache_dir

from . import strings

if TYPE_CHECKING:  # pragma: no cover
    from clientcraft.core.curriculum import Curriculum
    from clientcraft.core.schema import Recommendation


@lru_cache(maxsize=1)
def _markdown():
    import mistune  # imported on first use: a learner's assessment kernel shows no Markdown

    return mistune.create_markdown(escape=True, plugins=["strikethrough"])


def localized(value: dict[str, str] | str | None, lang: str | None = None) -> str:
    """A content text in ``lang`` (default: the active language; falling back to English); a plain string as it
    is."""
    if value is None or isinstance(value, str):
        return value or ""
    from clientcraft.core.schema import text  # a mapping comes from loaded content, so the model is loaded anyway

    return text(value, lang or strings.active_language())


def english_note(value: dict[str, str] | str | None, lang: str | None = None) -> Markup:
    """A small note (with a leading space) when a content text has no current translation into ``lang`` (default:
    the active language) and is shown in English; else nothing."""
    lang = lang or strings.active_language()
    if lang == "en" or not isinstance(value, dict) or lang in value:
        return Markup("")
    return Markup(" <small class=\"cc-in-english\">({})</small>").format(strings.CONTENT_IN_ENGLISH)


def md(value: dict[str, str] | str | None, lang: str | None = None) -> Markup:
    """A content text (localized mapping or string) rendered from Markdown to HTML; raw HTML is escaped."""
    if value is None:
        return Markup("")
    return Markup(str(_markdown()(localized(value, lang))).strip())


def inline(value: dict[str, str] | str | None, lang: str | None = None) -> Markup:
    """Like :func:`md` for one short paragraph, without the enclosing ``<p>``."""
    out = str(md(value, lang))
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return Markup(out)


def fill(message: "str | strings.Plural", **values: Any) -> Markup:
    """An interface text with ``{placeholders}`` filled: the text and plain values are escaped, markup is kept.

    A :class:`~clientcraft.rendering.strings.Plural` text takes the form its count gives."""
    if isinstance(message, strings.Plural):
        message = message.form(values[message.count])
    return Markup(escape(message)).format(**values)


def table(frame: Any, index: bool = True, na_rep: str = "–") -> Markup:
    """A pandas table as an HTML ``<table>``, every cell escaped."""
    return Markup(frame.to_html(escape=True, index=index, na_rep=na_rep, border=0))


class _CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates kept between kernels (a widget's first view need not compile them); a cache that cannot
    be written is skipped."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> _CompiledTemplates | None:
    try:
        folder = cache_dir() / "templates"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment (autoescape on, undefined names are errors, compiled templates cached)."""
    env = Environment(loader=PackageLoader("clientcraft.rendering", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                      bytecode_cache=_bytecode_cache())
    env.filters.update(md=md, inline=inline, text=localized, fill=fill, table=table, english_note=english_note)
    env.globals["t"] = strings
    env.globals["page_language"] = strings.active_language
    return env


def render(template: str, **context: Any) -> str:
    """A whole template rendered with ``context``."""
    return environment().get_template(template).render(**context)


def fragment(template: str, macro: str, *args: Any, **kwargs: Any) -> str:
    """One macro of a template, called with the arguments given (e.g. ``fragment("widgets.html.j2", "alert", m)``)."""
    return str(getattr(environment().get_template(template).module, macro)(*args, **kwargs))


def widget(macro: str, *args: Any, **kwargs: Any) -> str:
    """One piece of a learner widget (a macro of ``widgets.html.j2``)."""
    return fragment("widgets.html.j2", macro, *args, **kwargs)


def markdown_escape(value: str) -> str:
    """Content text for a generated notebook's Markdown cell: ``<``, ``>`` and ``&`` escaped, so it shows as text."""
    return html.escape(value, quote=False)


def language_name(code: str, lang: str = "en") -> str:
    """A language's name for learners (``'nb'`` -> ``'Norwegian Bokm\u00e5l'``), never the bare code."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang).languages.get(code) or code  # 'tl' stays Tagalog (not Filipino)
    except (UnknownLocaleError, ValueError):
        return code


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else strings.LANGUAGES_AND.format(first=", ".join(names[:-1]), last=names[-1])


def citation_lines(cur: "Curriculum", rec: "Recommendation", lang: str = "en") -> list[str]:
    """One line per article a recommendation cites: the article's English title, the languages it was read in (a
    source and its translation, ``same_article_as``, are one article in two languages) and the sections cited."""
    articles: dict[str, dict] = {}
    for c in rec.citations:
        src = cur.sources.get(c.source)
        if src is None:
            continue
        root = cur.sources.get(src.same_article_as or src.id, src)
        entry = articles.setdefault(root.id, {"title": root.title_en, "languages": [], "sections": []})
        name = language_name(src.language, lang)
        if name not in entry["languages"]:
            entry["languages"].append(name)
        sec = next((s for s in src.sections if s.id == c.section), None)
        heading = f"\u201c{sec.heading_en}\u201d" if sec is not None else ""
        if heading and heading not in entry["sections"]:
            entry["sections"].append(heading)
    return [strings.CITATION_ARTICLE.format(title=e["title"], languages=_joined(e["languages"]),
                                            sections=", ".join(e["sections"])).rstrip(": ")
            for e in articles.values()]


def recommendations(cur: "Curriculum", rec_ids: list[str],
                    lang: str = "en") -> list[tuple["Recommendation", list[str]]]:
    """The recommendations with these ids that the curriculum defines, each with its citation lines."""
    return [(cur.recommendations[r], citation_lines(cur, cur.recommendations[r], lang))
            for r in rec_ids if r in cur.recommendations]
