"""The course's languages: English (the source) and the four languages of the source articles.

One code per language is used everywhere (content files, interface catalogs, ``?lang=`` in the app, the
response log, exports, assignment ids): ``en``, ``id`` (Indonesian), ``nb`` (Norwegian Bokmål), ``tl``
(Tagalog/Filipino) and ``de`` (German). ``tl`` is the ISO 639-1 code the source documents and the content
model already use; Babel resolves it to its CLDR locale ``fil_PH`` (Filipino, the standardised form of
Tagalog), whose plural rule the ``tl`` catalog carries. Other spellings a learner or a browser may send
(``fil``, ``tl-PH``, ``id-ID``, ``no``, ``nb_NO``, ``de-AT``, ...) are accepted by :func:`normalize_language`
and stored as the one code.
"""

from __future__ import annotations

from .errors import ClientcraftError

SOURCE_LANGUAGE = "en"
LANGUAGES: tuple[str, ...] = ("en", "id", "nb", "tl", "de")
"""Every language a learner can choose, English first."""
TRANSLATED_LANGUAGES: tuple[str, ...] = LANGUAGES[1:]
"""The languages translated from English (one interface catalog and one content PO file each)."""

AUTONYMS: dict[str, str] = {
    "en": "English",
    "id": "Bahasa Indonesia",
    "nb": "Norsk bokmål",
    "tl": "Filipino (Tagalog)",
    "de": "Deutsch",
}
"""Each language's name in that language, as the language selector shows it."""

_ALIASES = {"fil": "tl", "tgl": "tl", "ind": "id", "in": "id", "no": "nb", "nob": "nb", "deu": "de", "ger": "de",
            "eng": "en"}


def language_aliases() -> dict[str, str]:
    """Every language tag (without region) the course accepts, mapped to its code (``fil`` to ``tl``)."""
    return {**{code: code for code in LANGUAGES}, **_ALIASES}


class LanguageError(ClientcraftError, ValueError):
    """A language code the course does not offer."""

    def __init__(self, value: str, where: str = ""):
        self.value = value
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}unknown language {value!r}; choose one of {', '.join(LANGUAGES)}")

    def __reduce__(self):
        return (type(self), (self.value, self.where))


def normalize_language(value: str, where: str = "") -> str:
    """The course's code for a language tag (``fil`` and ``tl-PH`` give ``tl``); raises :class:`LanguageError`."""
    tag = (value or "").strip().replace("_", "-").lower()
    base = tag.split("-", 1)[0]
    base = _ALIASES.get(base, base)
    if base not in LANGUAGES:
        raise LanguageError(value, where)
    return base
