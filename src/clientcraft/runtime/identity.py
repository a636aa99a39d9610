"""Who is answering: one learner per browser, or the learner the environment names.

Order for the learner id in a kernel: ``$CLIENTCRAFT_LEARNER`` (set by whoever starts the server for one person),
``$JUPYTERHUB_USER`` (on JupyterHub the hub user is the learner), then the browser that shows the lesson. A
browser keeps a random token (localStorage, else a cookie) and hands it to the kernel through the identity
widget (:mod:`clientcraft.runtime.widgets.identity`); the name a browser gave is stored under its token in
``browsers/<token>.json`` in the config folder, so the same browser keeps its name across reloads and lessons,
and another browser on the same server is asked for its own. The cohort comes from ``$CLIENTCRAFT_COHORT`` or
what the learner typed. The config folder is ``$CLIENTCRAFT_CONFIG_DIR`` if set, else next to the SQLite log.

Code that shows a learner's data registers with :func:`on_identity_change` and is called when the browser's
identity becomes known or changes (in Voila the lesson runs before the browser connects).
"""

from __future__ import annotations

import json
import re
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from clientcraft.core.atomic import write_text_atomic
from clientcraft.core.errors import ClientcraftError
from clientcraft.core.settings import cohort_from_env, config_dir, learner_from_env
from clientcraft.rendering import strings as t

BROWSERS_DIR = "browsers"
MAX_LENGTH = 64
_ALLOWED = re.compile(r"^[\w .@'-]+$")
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class IdentityError(ClientcraftError):
    """A learner name, cohort or browser token is not usable, or a browser's identity cannot be read or written."""

    def __init__(self, field: str, message: str, path: Path | None = None):
        self.field = field
        self.problem = message
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{field}: {message}")

    def __reduce__(self):
        return (type(self), (self.field, self.problem, self.path))


@dataclass(frozen=True)
class Identity:
    """A learner id, the cohort ('' if none), and where the id came from ('env', 'hub' or 'browser')."""

    learner_id: str
    cohort: str = ""
    source: str = "env"


def browser_path(token: str) -> Path:
    """The file holding the identity a browser gave (``token`` must be 32 lowercase hex digits)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise IdentityError("browser token", "must be 32 lowercase hexadecimal digits")
    return config_dir() / BROWSERS_DIR / f"{token}.json"


def clean_name(value: str, field: str = "name", *, required: bool = True) -> str:
    """A learner name or cohort, trimmed and checked: letters, digits, spaces and ``. @ ' - _`` only."""
    value = " ".join((value or "").split())
    if not value:
        if required:
            raise IdentityError(field, t.NAME_REQUIRED)
        return ""
    if len(value) > MAX_LENGTH:
        raise IdentityError(field, t.NAME_TOO_LONG.format(limit=MAX_LENGTH, n=len(value)))
    if not _ALLOWED.match(value):
        raise IdentityError(field, t.NAME_CHARACTERS)
    return value


def environment_identity() -> Identity | None:
    """The learner the environment names (``$CLIENTCRAFT_LEARNER``, else ``$JUPYTERHUB_USER``), if any."""
    found = learner_from_env()
    return Identity(found[0], cohort_from_env(), found[1]) if found else None


def load_browser_identity(token: str) -> Identity | None:
    """The identity a browser gave earlier on this server, or None if it has not given one."""
    path = browser_path(token)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        learner = clean_name(str(data.get("learner_id", "")), "name")
        cohort = clean_name(str(data.get("cohort", "")), "group", required=False)
    except (OSError, ValueError, AttributeError) as exc:
        raise IdentityError("browser identity", f"cannot be read ({exc}); delete it to be asked again",
                            path) from exc
    except IdentityError as exc:
        raise IdentityError("browser identity", f"{exc.field}: {exc.problem}; delete it to be asked again",
                            path) from exc
    return Identity(learner, cohort_from_env() or cohort, "browser")


def save_browser_identity(token: str, learner_id: str, cohort: str = "") -> Identity:
    """Check and store the name and cohort a browser gave; the stored identity (nothing is written if refused)."""
    path = browser_path(token)
    learner_id = clean_name(learner_id, "name")
    cohort = clean_name(cohort, "group", required=False)
    try:
        kept = {k: v for k, v in _browser_data(path).items() if k == "language"}
        write_text_atomic(path, json.dumps({"learner_id": learner_id, "cohort": cohort, **kept}, indent=1) + "\n")
    except OSError as exc:
        raise IdentityError("browser identity", f"cannot be written ({exc})", path) from exc
    return Identity(learner_id, cohort_from_env() or cohort, "browser")


# -- this kernel's session: the browser showing the lesson ----------------------------------------------------


class _Session:
    """The browser identity and time zone this kernel was told about, and who wants to hear of changes."""

    def __init__(self) -> None:
        self.identity: Identity | None = None
        self.timezone: str = ""
        self.token: str = ""
        self.language: str = ""
        self.listeners: list[weakref.ref | weakref.WeakMethod] = []


_session = _Session()


def current_identity() -> Identity | None:
    """Who is answering in this kernel, or None when nobody has said yet (then the identity widget asks)."""
    return environment_identity() or _session.identity


def current_language() -> str:
    """The learner's language: ``$CLIENTCRAFT_LANG``, else the one this browser chose (:func:`save_language`), else
    English."""
    from clientcraft.core.languages import SOURCE_LANGUAGE
    from clientcraft.core.settings import language_from_env

    return language_from_env() or _session.language or SOURCE_LANGUAGE


def save_language(lang: str) -> str:
    """Remember the learner's language for this kernel and, once the browser is known, beside the name it gave
    (``browsers/<token>.json``), so its later lessons open in it; the code stored."""
    from clientcraft.core.languages import normalize_language

    code = normalize_language(lang)
    _session.language = code
    if _session.token:
        path = browser_path(_session.token)
        data = _browser_data(path)
        data["language"] = code
        try:
            write_text_atomic(path, json.dumps(data, indent=1) + "\n")
        except OSError as exc:
            raise IdentityError("browser identity", f"cannot be written ({exc})", path) from exc
    return code


def remember_browser(token: str) -> None:
    """The browser showing this kernel's page (its token); the language it chose earlier becomes the kernel's,
    unless this page already asked for one (``?lang=``)."""
    from clientcraft.core.languages import LanguageError, normalize_language

    _session.token = token
    saved = str(_browser_data(browser_path(token)).get("language", "")).strip()
    if saved and not _session.language:
        try:
            _session.language = normalize_language(saved)
        except LanguageError:
            pass  # a hand-edited file: the learner can choose again


def _browser_data(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def set_browser_identity(identity: Identity | None) -> None:
    """Record the browser's identity for this kernel and tell every listener (None forgets it)."""
    changed = identity != _session.identity
    _session.identity = identity
    if changed and environment_identity() is None:
        notify_identity_change()


def set_timezone(name: str) -> None:
    """The browser's IANA time zone (e.g. 'Asia/Jakarta'); unknown names are ignored (times stay in UTC)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = (name or "").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return
    _session.timezone = name


def local_time(moment: datetime, fmt: str = "%d %b %Y, %H:%M") -> str:
    """A UTC time written in the browser's time zone (a time with the zone's abbreviation), else in UTC."""
    from zoneinfo import ZoneInfo

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    zone = ZoneInfo(_session.timezone) if _session.timezone else timezone.utc
    local = moment.astimezone(zone)
    if "%H" not in fmt and "%I" not in fmt:
        return local.strftime(fmt)  # a date needs no zone
    label = local.tzname() or ""
    if label and not re.match(r"^[+-]\d", label):
        return f"{local.strftime(fmt)} {label}"
    return local.strftime(fmt) if _session.timezone else f"{local.strftime(fmt)} UTC"


def on_identity_change(callback: Callable[[], object]) -> None:
    """Call ``callback()`` whenever this kernel's learner changes; held weakly (bound methods by their object)."""
    ref = weakref.WeakMethod(callback) if hasattr(callback, "__self__") else weakref.ref(callback)
    _session.listeners.append(ref)


def notify_identity_change() -> None:
    """Call every live listener registered with :func:`on_identity_change`."""
    for ref in list(_session.listeners):
        fn = ref()
        if fn is not None:
            fn()
    _session.listeners = [ref for ref in _session.listeners if ref() is not None]


def reset_session() -> None:
    """Forget this kernel's browser identity, time zone and listeners (tests, or a kernel being reused)."""
    _session.identity, _session.timezone, _session.listeners = None, "", []
    _session.token, _session.language = "", ""
