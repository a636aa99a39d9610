"""Who is answering: the learner id and cohort, from the environment or a one-time prompt.

Order for the learner id: ``$CLIENTCRAFT_LEARNER``, ``$JUPYTERHUB_USER``, then the small config file
``identity.json`` (written once by :class:`IdentityPrompt`). The cohort comes from ``$CLIENTCRAFT_COHORT`` or
the same file. The file lives in ``$CLIENTCRAFT_CONFIG_DIR`` if set, else next to the SQLite response log.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.settings import cohort_from_env, config_dir, learner_from_env
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import widget

CONFIG_FILE = "identity.json"
MAX_LENGTH = 64
_ALLOWED = re.compile(r"^[\w .@'-]+$")


class IdentityError(ClientcraftError):
    """A learner name or cohort is not usable, or the identity file cannot be read or written."""

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
    """A learner id, the cohort ('' if none), and where the id came from ('env', 'hub' or 'file')."""

    learner_id: str
    cohort: str = ""
    source: str = "env"


def config_path() -> Path:
    """The identity file."""
    return config_dir() / CONFIG_FILE


def clean_name(value: str, field: str = "name", *, required: bool = True) -> str:
    """A learner name or cohort, trimmed and checked: letters, digits, spaces and ``. @ ' - _`` only."""
    value = " ".join((value or "").split())
    if not value:
        if required:
            raise IdentityError(field, "please enter something")
        return ""
    if len(value) > MAX_LENGTH:
        raise IdentityError(field, f"at most {MAX_LENGTH} characters, got {len(value)}")
    if not _ALLOWED.match(value):
        raise IdentityError(field, "use letters, digits, spaces and . @ ' - _ only")
    return value


def _read_file() -> dict:
    path = config_path()
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IdentityError("identity file", f"cannot be read ({exc}); delete it to be asked again", path) from exc
    if not isinstance(data, dict):
        raise IdentityError("identity file", "is not a JSON object; delete it to be asked again", path)
    return data


def current_identity() -> Identity | None:
    """The learner's identity, or None when nothing is configured yet (then ask with :class:`IdentityPrompt`)."""
    cohort_env = cohort_from_env()
    from_env = learner_from_env()
    if from_env is not None:
        value, source = from_env
        return Identity(value, cohort_env or str(_read_file().get("cohort", "")).strip(), source)
    data = _read_file()
    learner = str(data.get("learner_id", "")).strip()
    if not learner:
        return None
    return Identity(learner, cohort_env or str(data.get("cohort", "")).strip(), "file")


def save_identity(learner_id: str, cohort: str = "") -> Identity:
    """Check and store the learner's name and cohort in the identity file; the stored identity."""
    learner_id = clean_name(learner_id, "name")
    cohort = clean_name(cohort, "group", required=False)
    path = config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"learner_id": learner_id, "cohort": cohort}, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise IdentityError("identity file", f"cannot be written ({exc})", path) from exc
    return Identity(learner_id, cohort_from_env() or cohort, "file")


class IdentityPrompt:
    """A one-time form asking for the learner's name (and optional group); calls ``on_saved(identity)``."""

    def __init__(self, on_saved: Callable[[Identity], None] | None = None):
        import ipywidgets as w

        self.on_saved = on_saved
        self.name = w.Text(description=t.IDENTITY_NAME, placeholder=t.IDENTITY_NAME_EXAMPLE,
                           layout=w.Layout(width="24em"), style={"description_width": "7em"})
        self.cohort = w.Text(description=t.IDENTITY_GROUP, placeholder=t.IDENTITY_GROUP_EXAMPLE,
                             layout=w.Layout(width="24em"), style={"description_width": "7em"})
        self.save = w.Button(description=t.IDENTITY_SAVE, button_style="primary", tooltip=t.IDENTITY_SAVE_TIP)
        self.message = w.HTML()
        intro = w.HTML(widget("identity_intro"))
        self.save.on_click(lambda _b: self.submit())
        self.widget = w.VBox([intro, self.name, self.cohort, self.save, self.message],
                             layout=w.Layout(border="1px solid #ccc", padding="8px"))
        self.identity: Identity | None = None

    def submit(self) -> Identity | None:
        """Save what was typed; shows a message either way."""
        try:
            ident = save_identity(self.name.value, self.cohort.value)
        except IdentityError as exc:
            self.message.value = widget("alert", str(exc), error=True)
            return None
        self.identity = ident
        self.message.value = widget("para", t.IDENTITY_THANKS.format(name=ident.learner_id))
        self.save.disabled = True
        if self.on_saved:
            self.on_saved(ident)
        return ident

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
