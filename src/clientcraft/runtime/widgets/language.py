"""The language choice: a selector on every lesson, and the app's ``?lang=`` URL parameter.

The choice is remembered beside the learner's name (:func:`clientcraft.runtime.identity.save_language`), so every
later widget, notebook and event uses it. A lesson notebook is written in one language; when the learner's
language differs, the selector links to the same lesson in theirs (the app serves every language's notebooks,
English at the top and the others in ``<lang>/``).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from clientcraft.core.languages import AUTONYMS, LANGUAGES, LanguageError, normalize_language
from clientcraft.core.settings import app_page
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import widget
from clientcraft.runtime.identity import IdentityError, save_language

def language_from_query() -> str | None:
    """The language a ``?lang=`` URL parameter asks for (remembered at once), or None."""
    values = parse_qs(app_page()[0]).get("lang")
    if not values:
        return None
    try:
        code = normalize_language(values[0], "lang")
    except LanguageError:
        return None
    try:
        save_language(code)
    except IdentityError:
        pass  # shown in this kernel even when it cannot be remembered
    return code


def notebook_href(lang: str, notebook_language: str, notebook: str | None) -> str | None:
    """The relative link to ``notebook`` in ``lang``, from a notebook written in ``notebook_language``."""
    if not notebook:
        return None
    up = "" if notebook_language == "en" else "../"
    return f"{up}{notebook}" if lang == "en" else f"{up}{lang}/{notebook}"


class LanguageChoice:
    """A dropdown of the five languages (each named in itself); choosing one remembers it."""

    def __init__(self, current: str, *, notebook_language: str = "en", asked: str | None = None,
                 notebook: str | None = None):
        import ipywidgets as w

        self.notebook_language = notebook_language
        self.notebook = notebook or app_page()[1] or None
        self.dropdown = w.Dropdown(options=[(AUTONYMS[c], c) for c in LANGUAGES], value=current,
                                   description=t.LANGUAGE_LABEL, tooltip=t.LANGUAGE_TIP,
                                   layout=w.Layout(width="22em"), style={"description_width": "7em"})
        self.message = w.HTML()
        self.dropdown.observe(lambda change: self.choose(change["new"]), names="value")
        self.widget = w.VBox([self.dropdown, self.message])
        if asked and asked != notebook_language:
            self._tell(asked)

    def choose(self, lang: str) -> str:
        """Remember ``lang`` and say where the lesson is in it."""
        try:
            code = save_language(lang)
        except (IdentityError, LanguageError) as exc:
            self.message.value = widget("alert", str(exc), error=True)
            return self.notebook_language
        t.activate(code)
        self._tell(code)
        return code

    def _tell(self, lang: str) -> None:
        text = t.in_language(lang).LANGUAGE_SAVED.format(language=AUTONYMS[lang])
        self.message.value = widget("language_saved", text, notebook_href(lang, self.notebook_language,
                                                                           self.notebook))
