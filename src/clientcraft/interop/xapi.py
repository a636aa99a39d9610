"""xAPI 1.0.3 statements for clientcraft's records: typed models, the builder, and the way back.

What becomes a statement (verbs from the ADL vocabulary):

* every decision in the response log: ``answered`` a ``cmi.interaction`` *choice* activity (the scenario step,
  with its options as ``choices`` and the full-credit option as ``correctResponsesPattern``);
  ``result.response`` is the chosen option id, ``result.score`` the credit (``scaled`` = credit / max,
  ``raw``, ``min`` 0, ``max``), ``result.success`` whether it earned full credit, ``result.duration`` the time
  to answer;
* every reflection: ``answered`` a ``long-fill-in`` interaction, the text as ``result.response``;
* every lesson a learner completed (all its practice scenarios finished and its reflection saved, as the
  progress bars count it): ``completed`` the lesson, once, at the moment it became complete;
* every graded item of a per-item grade export: ``scored`` the assignment item, with the path as response.

The actor is always a pseudonymous ``account`` (``homePage`` + pseudonym of the learner id), never an e-mail.
``context.registration`` identifies one attempt (learner, scenario, attempt number); ``context.language`` is the
language the learner worked in; ``contextActivities`` name the scenario (``parent``), the lesson and the course
(``grouping``). Statement ids are name-based UUIDs of the record they come from, so the same record always
gives the same id and a learning record store drops a statement sent twice.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any, Iterable, Iterator, Literal, Mapping

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .errors import StatementError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..core.loader import Curriculum

XAPI_VERSION = "1.0.3"
"""The xAPI version these statements follow (sent as ``X-Experience-API-Version``)."""

DEFAULT_BASE = "https://clientcraft.invalid/"
"""Base IRI of activity, account and extension ids when the course sets none (``--base-iri``)."""

NAMESPACE = uuid.UUID("0c9a1f0e-3a5b-5c7e-9d2f-6b1e4a8c7d30")
"""UUID namespace of clientcraft's name-based statement ids and registrations (fixed forever)."""

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS: dict[str, str] = {"answered": ADL + "answered", "completed": ADL + "completed", "scored": ADL + "scored"}
"""The verbs used, by name."""

ACTIVITY_TYPES: dict[str, str] = {
    "interaction": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "scenario": "http://adlnet.gov/expapi/activities/simulation",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "course": "http://adlnet.gov/expapi/activities/course",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/question",
}
"""Activity types (ADL vocabulary) of the objects and context activities."""

EXTENSIONS = ("attempt", "mode", "cohort", "misconception", "recommendations", "assignment")
"""Context extensions (IRIs ``<base>xapi/<name>``): attempt number, practice/assessment/reflection, cohort,
misconception of the chosen option, recommendations it cites (list), assignment of a graded item."""


# ------------------------------------------------------------------------------------------------ models
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DURATION = re.compile(r"^P(?:\d+(?:\.\d+)?D)?(?:T(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$")


def _iri(value: str) -> str:
    if not _SCHEME.match(value):
        raise ValueError("must be an absolute IRI (scheme:...) without spaces")
    return value


def _lang(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError("must be an RFC 5646 language tag such as 'en' or 'de-DE'")
    return value


def _uuid(value: str) -> str:
    try:
        canonical = str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ValueError("must be a UUID") from None
    if canonical != value:
        raise ValueError("must be a UUID in canonical lower-case form")
    return value


def _timestamp(value: str) -> str:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise ValueError("must carry a time zone (e.g. 'Z')")
    return value


def _duration(value: str) -> str:
    if value in ("P", "PT") or not _DURATION.match(value):
        raise ValueError("must be an ISO 8601 duration such as 'PT12.5S'")
    return value


IRI = Annotated[str, AfterValidator(_iri)]
LanguageTag = Annotated[str, AfterValidator(_lang)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
LanguageMap = Annotated[dict[LanguageTag, NonEmpty], Field(min_length=1)]
UUIDText = Annotated[str, AfterValidator(_uuid)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    def as_json(self) -> dict[str, Any]:
        """The JSON form (fields that are not set are left out)."""
        return self.model_dump(mode="json", exclude_none=True)


class Account(_Model):
    """A learner's account at the course: ``homePage`` of the system and the pseudonym as ``name``."""

    homePage: IRI
    name: NonEmpty


class Agent(_Model):
    """The actor: a pseudonymous account, never an e-mail address or a real name."""

    objectType: Literal["Agent"] = "Agent"
    account: Account


class Verb(_Model):
    """What the learner did (an IRI of the ADL vocabulary) with an English display name."""

    id: IRI
    display: LanguageMap | None = None


class InteractionComponent(_Model):
    """One option of a choice interaction."""

    id: Annotated[str, StringConstraints(min_length=1, pattern=r"^\S+$")]
    description: LanguageMap | None = None


class ActivityDefinition(_Model):
    """What an activity is: type, names and, for interactions, the options and the correct response."""

    type: IRI | None = None
    name: LanguageMap | None = None
    description: LanguageMap | None = None
    interactionType: Literal["choice", "long-fill-in"] | None = None
    choices: list[InteractionComponent] | None = None
    correctResponsesPattern: list[str] | None = None

    @model_validator(mode="after")
    def _interaction(self) -> "ActivityDefinition":
        if self.choices is not None and self.interactionType != "choice":
            raise ValueError("choices belong to a 'choice' interaction")
        if self.choices is not None:
            ids = [c.id for c in self.choices]
            if len(set(ids)) != len(ids):
                raise ValueError("choice ids must be unique")
            for pattern in self.correctResponsesPattern or []:
                unknown = [p for p in pattern.split("[,]") if p not in ids]
                if unknown:
                    raise ValueError(f"correct response {pattern!r} names no choice")
        return self


class Activity(_Model):
    """An activity (the object of a statement, or a context activity)."""

    objectType: Literal["Activity"] = "Activity"
    id: IRI
    definition: ActivityDefinition | None = None


class Score(_Model):
    """The credit: ``scaled`` in [-1, 1], and ``min <= raw <= max``."""

    scaled: Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)] | None = None
    raw: Annotated[float, Field(allow_inf_nan=False)] | None = None
    min: Annotated[float, Field(allow_inf_nan=False)] | None = None
    max: Annotated[float, Field(allow_inf_nan=False)] | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    @model_validator(mode="after")
    def _order(self) -> "Score":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not exceed max")
        if self.raw is not None:
            if self.min is not None and self.raw < self.min:
                raise ValueError("raw must not be below min")
            if self.max is not None and self.raw > self.max:
                raise ValueError("raw must not exceed max")
        return self


class Result(_Model):
    """The outcome: score, success, completion, the response and how long it took."""

    score: Score | None = None
    success: bool | None = None
    completion: bool | None = None
    response: NonEmpty | None = None
    duration: Annotated[str, AfterValidator(_duration)] | None = None


class ContextActivities(_Model):
    """The activities a statement belongs to."""

    parent: list[Activity] | None = None
    grouping: list[Activity] | None = None
    category: list[Activity] | None = None


class Context(_Model):
    """Attempt (registration), language, the activities around the object, the platform and extensions."""

    registration: UUIDText | None = None
    contextActivities: ContextActivities | None = None
    platform: NonEmpty | None = None
    language: LanguageTag | None = None
    extensions: dict[IRI, Any] | None = None


class Statement(_Model):
    """One xAPI statement as clientcraft emits it (a strict profile of xAPI 1.0.3)."""

    id: UUIDText
    actor: Agent
    verb: Verb
    object: Activity
    result: Result | None = None
    context: Context | None = None
    timestamp: Annotated[str, AfterValidator(_timestamp)]


def validate_statement(data: Mapping[str, Any], where: str = "statement") -> Statement:
    """``data`` as a :class:`Statement`; raise :class:`StatementError` naming the first bad field."""
    try:
        return Statement.model_validate(dict(data))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith(("function-", "json-"))) or "(statement)"
        ident = data.get("id") if isinstance(data, Mapping) else None
        raise StatementError(f"{where}{f' ({ident})' if ident and where == 'statement' else ''}", loc,
                             err["msg"]) from None
    except (TypeError, ValueError) as exc:
        raise StatementError(where, "(statement)", str(exc)) from None


# ------------------------------------------------------------------------------------------------ ids
@dataclass(frozen=True)
class XapiSettings:
    """Where the statements point: the base IRI of activities and accounts, and the secret salt of the
    pseudonyms (the same salt as ``clientcraft report --salt`` gives the same pseudonyms)."""

    base: str = DEFAULT_BASE
    salt: str = ""
    platform: str = "clientcraft"

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")
        _iri(self.base)

    @property
    def home_page(self) -> str:
        """``homePage`` of every learner account."""
        return self.base + "learners"

    def activity(self, *parts: str) -> str:
        """The IRI of an activity below the base, e.g. ``activity('lessons', 'welcome')``."""
        return self.base + "/".join(parts)

    def extension(self, name: str) -> str:
        """The IRI of a clientcraft extension (see :data:`EXTENSIONS`)."""
        return self.base + "xapi/" + name

    def pseudonym(self, learner_id: str) -> str:
        """The account name of a learner: a salted hash, never the id itself."""
        from ..analytics.report import pseudonym

        return pseudonym(learner_id, self.salt)

    def statement_id(self, *key: object) -> str:
        """A name-based UUID of a record (same record, same id)."""
        return str(uuid.uuid5(NAMESPACE, "\x1f".join([self.base, *map(str, key)])))


def _when(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if not isinstance(value, datetime):
        raise ValueError(f"{value!r} is not a date and time")
    value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value.isoformat(timespec="microseconds").replace("+00:00", "Z")


def duration_text(seconds: float) -> str:
    """An ISO 8601 duration with 0.01 s precision (xAPI's), e.g. ``PT12.34S``."""
    return "PT" + f"{round(float(seconds), 2):.2f}".rstrip("0").rstrip(".") + "S"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


# ------------------------------------------------------------------------------------------------ builder
VERB_DISPLAY = {name: {"en-US": name} for name in VERBS}


@dataclass
class StatementBuilder:
    """Builds statements from response-log rows and grade-export rows, with the curriculum for names, options
    and correct responses (a scenario the curriculum does not hold gets an interaction without choices)."""

    curriculum: "Curriculum | None" = None
    settings: XapiSettings = field(default_factory=XapiSettings)
    _defs: dict[tuple, Any] = field(default_factory=dict, repr=False)
    _pseudonyms: dict[str, str] = field(default_factory=dict, repr=False)

    # -- pieces ----------------------------------------------------------------------------------
    def actor(self, learner_id: str) -> Agent:
        """The pseudonymous actor of a learner."""
        name = self._pseudonyms.get(learner_id)
        if name is None:
            name = self._pseudonyms[learner_id] = self.settings.pseudonym(learner_id)
        return Agent(account=Account(homePage=self.settings.home_page, name=name))

    def _verb(self, name: str) -> Verb:
        key = ("verb", name)
        if key not in self._defs:
            self._defs[key] = Verb(id=VERBS[name], display=VERB_DISPLAY[name])
        return self._defs[key]

    def _scenario(self, scenario_id: str):
        if self.curriculum is None:
            return None
        return self.curriculum.scenarios.get(scenario_id)

    def course_activity(self) -> Activity:
        """The course as a whole."""
        key = ("course",)
        if key not in self._defs:
            name = None
            if self.curriculum is not None and self.curriculum.meta is not None:
                name = dict(self.curriculum.meta.title)
            self._defs[key] = Activity(id=self.settings.base.rstrip("/"), definition=ActivityDefinition(
                type=ACTIVITY_TYPES["course"], name=name))
        return self._defs[key]

    def lesson_activity(self, lesson_id: str) -> Activity:
        """A lesson."""
        key = ("lesson", lesson_id)
        if key not in self._defs:
            lesson = self.curriculum.lessons.get(lesson_id) if self.curriculum is not None else None
            self._defs[key] = Activity(id=self.settings.activity("lessons", lesson_id), definition=ActivityDefinition(
                type=ACTIVITY_TYPES["lesson"], name=dict(lesson.title) if lesson else {"en": lesson_id}))
        return self._defs[key]

    def scenario_activity(self, scenario_id: str) -> Activity:
        """A scenario (the parent of its steps)."""
        key = ("scenario", scenario_id)
        if key not in self._defs:
            sc = self._scenario(scenario_id)
            self._defs[key] = Activity(id=self.settings.activity("scenarios", scenario_id),
                                       definition=ActivityDefinition(
                                           type=ACTIVITY_TYPES["scenario"],
                                           name=dict(sc.title) if sc else {"en": scenario_id},
                                           description=dict(sc.situation) if sc else None))
        return self._defs[key]

    def step_activity(self, scenario_id: str, step_id: str) -> Activity:
        """A decision step as a choice interaction: its options and the full-credit option."""
        key = ("step", scenario_id, step_id)
        if key not in self._defs:
            sc = self._scenario(scenario_id)
            step = next((st for st in sc.steps if st.id == step_id), None) if sc else None
            if step is None:
                definition = ActivityDefinition(type=ACTIVITY_TYPES["interaction"], interactionType="choice",
                                                name={"en": f"{scenario_id}: {step_id}"})
            else:
                number = [st.id for st in sc.steps].index(step.id) + 1
                definition = ActivityDefinition(
                    type=ACTIVITY_TYPES["interaction"], interactionType="choice",
                    name={lang: f"{title} (decision {number}: {step.id})" for lang, title in sc.title.items()},
                    description=dict(step.prompt),
                    choices=[InteractionComponent(id=o.id, description=dict(o.text)) for o in step.options],
                    correctResponsesPattern=[o.id for o in step.options if o.credit >= 1][:1] or None)
            self._defs[key] = Activity(id=self.settings.activity("scenarios", scenario_id, "steps", step_id),
                                       definition=definition)
        return self._defs[key]

    def reflection_activity(self, lesson_id: str) -> Activity:
        """A lesson's reflection prompt as a long-fill-in interaction."""
        key = ("reflection", lesson_id)
        if key not in self._defs:
            lesson = self.curriculum.lessons.get(lesson_id) if self.curriculum is not None else None
            self._defs[key] = Activity(
                id=self.settings.activity("lessons", lesson_id, "reflection"),
                definition=ActivityDefinition(
                    type=ACTIVITY_TYPES["interaction"], interactionType="long-fill-in",
                    name={lang: f"Reflection: {t}" for lang, t in lesson.title.items()} if lesson
                    else {"en": f"Reflection: {lesson_id}"},
                    description=dict(lesson.reflection) if lesson else None))
        return self._defs[key]

    def assignment_activity(self, assignment_id: str) -> Activity:
        """A graded assignment."""
        key = ("assignment", assignment_id)
        if key not in self._defs:
            a = self.curriculum.assignments.get(assignment_id) if self.curriculum is not None else None
            self._defs[key] = Activity(id=self.settings.activity("assignments", assignment_id),
                                       definition=ActivityDefinition(
                                           type=ACTIVITY_TYPES["assessment"],
                                           name=dict(a.title) if a else {"en": assignment_id}))
        return self._defs[key]

    def item_activity(self, assignment_id: str, item_id: str) -> Activity:
        """A graded item of an assignment (a scenario or a written prompt)."""
        key = ("item", assignment_id, item_id)
        if key not in self._defs:
            sc = self._scenario(item_id)
            prompt = self.curriculum.prompts.get(item_id) if self.curriculum is not None else None
            name = dict(sc.title) if sc else ({"en": f"Written answer: {item_id}"} if prompt else {"en": item_id})
            self._defs[key] = Activity(id=self.settings.activity("assignments", assignment_id, "items", item_id),
                                       definition=ActivityDefinition(type=ACTIVITY_TYPES["question"], name=name))
        return self._defs[key]

    def ref(self, activity: Activity) -> Activity:
        """A context activity: the id and type only (the full definition travels with the object)."""
        key = ("ref", activity.id)
        if key not in self._defs:
            kind = activity.definition.type if activity.definition else None
            self._defs[key] = Activity(id=activity.id, definition=ActivityDefinition(type=kind) if kind else None)
        return self._defs[key]

    def _extensions(self, **values: Any) -> dict[str, Any] | None:
        out = {}
        for name, value in values.items():
            if name == "recommendations":
                value = [r for r in (value.split() if isinstance(value, str) else list(value or []))]
                if not value:
                    continue
            elif _blank(value):
                continue
            out[self.settings.extension(name)] = int(value) if name == "attempt" else value
        return out or None

    @staticmethod
    def _score(credit: float, max_credit: float) -> Score:
        credit, top = float(credit), float(max_credit or 1.0)
        return Score(scaled=credit / top, raw=credit, min=0.0, max=top)

    # -- statements ------------------------------------------------------------------------------
    def decision(self, row: Mapping[str, Any]) -> Statement:
        """The statement of one logged decision (an ``events`` row of kind ``choice``)."""
        scenario, step = str(row["scenario"]), str(row.get("step") or "start")
        attempt = int(row.get("attempt") or 1)
        credit = row.get("credit")
        top = float(row.get("max_credit") or 1.0)
        result = Result(
            response=str(row["option"]),
            score=None if _blank(credit) else self._score(credit, top),
            success=None if _blank(credit) else float(credit) >= top,
            duration=None if _blank(row.get("seconds")) else duration_text(row["seconds"]))
        learner = str(row["learner_id"])
        return Statement(
            id=self.settings.statement_id("decision", row["event_id"]),
            actor=self.actor(learner), verb=self._verb("answered"), object=self.step_activity(scenario, step),
            result=result,
            context=Context(
                registration=self.settings.statement_id("registration", learner, scenario, attempt),
                contextActivities=ContextActivities(
                    parent=[self.ref(self.scenario_activity(scenario))],
                    grouping=[self.ref(self.lesson_activity(str(row["lesson"]))), self.ref(self.course_activity())]),
                platform=self.settings.platform, language=str(row.get("language") or "en"),
                extensions=self._extensions(attempt=attempt, mode=row.get("mode"), cohort=row.get("cohort"),
                                            misconception=row.get("misconception"),
                                            recommendations=row.get("recommendations"))),
            timestamp=_when(row["timestamp"]))

    def reflection(self, row: Mapping[str, Any]) -> Statement:
        """The statement of one saved reflection (an ``events`` row of kind ``reflection``)."""
        learner, lesson = str(row["learner_id"]), str(row["lesson"])
        text = row.get("text")
        return Statement(
            id=self.settings.statement_id("reflection", row["event_id"]),
            actor=self.actor(learner), verb=self._verb("answered"), object=self.reflection_activity(lesson),
            result=None if _blank(text) else Result(response=str(text)),
            context=Context(
                registration=self.settings.statement_id("registration", learner, f"reflection:{lesson}", 1),
                contextActivities=ContextActivities(grouping=[self.ref(self.lesson_activity(lesson)),
                                                               self.ref(self.course_activity())]),
                platform=self.settings.platform, language=str(row.get("language") or "en"),
                extensions=self._extensions(mode="reflection", cohort=row.get("cohort"))),
            timestamp=_when(row["timestamp"]))

    def completions(self, rows: Iterable[Mapping[str, Any]]) -> list[Statement]:
        """``completed`` statements: one per learner and lesson that is complete, at the moment it became so."""
        if self.curriculum is None:
            return []
        from ..runtime.widgets.progress import scenario_history

        by_learner: dict[str, list[Mapping[str, Any]]] = {}
        for r in rows:
            by_learner.setdefault(str(r["learner_id"]), []).append(r)
        out = []
        for learner, mine in by_learner.items():
            for lesson in self.curriculum.lessons_in_order():
                reflections = [r["timestamp"] for r in mine if r.get("kind") == "reflection"
                               and r.get("lesson") == lesson.id and not _blank(r.get("text"))]
                if not reflections:
                    continue
                moments = [min(reflections)]
                for sc in self.curriculum.scenarios_for(lesson.id, "practice"):
                    finished = scenario_history(sc, mine).finished_at
                    if not finished:
                        break
                    moments.append(min(finished))
                else:
                    cohort = next((r.get("cohort") for r in mine if r.get("cohort")), None)
                    out.append(Statement(
                        id=self.settings.statement_id("completed", learner, lesson.id),
                        actor=self.actor(learner), verb=self._verb("completed"),
                        object=self.lesson_activity(lesson.id), result=Result(completion=True),
                        context=Context(
                            contextActivities=ContextActivities(grouping=[self.ref(self.course_activity())]),
                            platform=self.settings.platform,
                            extensions=self._extensions(cohort=cohort)),
                        timestamp=_when(max(moments))))
        return out

    def graded(self, row: Mapping[str, Any]) -> Statement | None:
        """The statement of one row of a per-item grade export (None when it has no usable score)."""
        if (row.get("status") or "ok") != "ok" or _blank(row.get("credit")) or _blank(row.get("timestamp")):
            return None
        learner, assignment, item = str(row["learner"]), str(row["assignment"]), str(row["item"])
        top = float(row.get("max_credit") or 1.0)
        lesson = row.get("lesson")
        grouping = [self.ref(self.assignment_activity(assignment))]
        if not _blank(lesson):
            grouping.append(self.ref(self.lesson_activity(str(lesson))))
        grouping.append(self.ref(self.course_activity()))
        path = row.get("path")
        return Statement(
            id=self.settings.statement_id("graded", learner, assignment, item),
            actor=self.actor(learner), verb=self._verb("scored"), object=self.item_activity(assignment, item),
            result=Result(response=None if _blank(path) else str(path), score=self._score(row["credit"], top),
                          success=float(row["credit"]) >= top),
            context=Context(
                registration=self.settings.statement_id("registration", learner, f"assignment:{assignment}", 1),
                contextActivities=ContextActivities(parent=grouping[:1], grouping=grouping[1:]),
                platform=self.settings.platform,
                extensions=self._extensions(mode="assessment", cohort=row.get("cohort"), assignment=assignment,
                                            misconception=row.get("misconception"),
                                            recommendations=row.get("recommendations"))),
            timestamp=_when(row["timestamp"]))

    def from_log(self, rows: Iterable[Mapping[str, Any]], grades: Iterable[Mapping[str, Any]] = ()) -> list[Statement]:
        """Every statement for response-log rows (decisions, reflections, completions) and grade-export rows,
        oldest first."""
        rows = list(rows)
        out: list[Statement] = []
        for r in rows:
            kind = r.get("kind")
            if kind == "choice":
                out.append(self.decision(r))
            elif kind == "reflection":
                out.append(self.reflection(r))
        out.extend(self.completions(rows))
        out.extend(s for s in (self.graded(g) for g in grades) if s is not None)
        out.sort(key=lambda s: (s.timestamp, s.id))
        return out


# ------------------------------------------------------------------------------------------------ way back
_STEP = re.compile(r"/scenarios/([^/]+)/steps/([^/]+)$")
_LESSON = re.compile(r"/lessons/([^/]+)$")
_REFLECTION = re.compile(r"/lessons/([^/]+)/reflection$")


def _seconds(duration: str | None) -> float | None:
    if not duration:
        return None
    m = re.match(r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$", duration)
    if not m:
        return None
    h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    return h * 3600 + mi * 60 + s


def event_rows(statements: Iterable[Mapping[str, Any]], base: str = DEFAULT_BASE) -> Iterator[dict[str, Any]]:
    """Response-log rows (``events`` columns) from ``answered`` statements, e.g. as read back from an LRS; the
    learner id is the pseudonym. Other verbs are skipped."""
    settings = XapiSettings(base=base)
    ext = {name: settings.extension(name) for name in EXTENSIONS}
    for st in statements:
        if st.get("verb", {}).get("id") != VERBS["answered"]:
            continue
        obj = st.get("object", {}).get("id", "")
        ctx = st.get("context", {})
        extensions = ctx.get("extensions", {})
        grouping = ctx.get("contextActivities", {}).get("grouping", [])
        lesson = next((m.group(1) for a in grouping if (m := _LESSON.search(a.get("id", "")))), "")
        result = st.get("result", {})
        score = result.get("score", {})
        step = _STEP.search(obj)
        reflection = _REFLECTION.search(obj)
        if step is None and reflection is None:
            continue
        recs = extensions.get(ext["recommendations"], [])
        yield {
            "event_id": uuid.UUID(st["id"]).hex, "learner_id": st["actor"]["account"]["name"],
            "cohort": extensions.get(ext["cohort"], ""), "lesson": lesson or (reflection.group(1) if reflection else ""),
            "scenario": step.group(1) if step else None, "step": step.group(2) if step else None,
            "option": result.get("response") if step else None,
            "credit": score.get("raw"), "max_credit": score.get("max", 1.0),
            "attempt": int(extensions.get(ext["attempt"], 1)), "seconds": _seconds(result.get("duration")),
            "timestamp": datetime.fromisoformat(st["timestamp"]).astimezone(timezone.utc),
            "mode": extensions.get(ext["mode"], "practice"), "language": ctx.get("language", "en"),
            "kind": "choice" if step else "reflection", "text": None if step else result.get("response"),
            "misconception": extensions.get(ext["misconception"]), "recommendations": " ".join(recs),
            "schema_version": 1,
        }


def events_frame(statements: Iterable[Mapping[str, Any]], base: str = DEFAULT_BASE) -> "pd.DataFrame":
    """:func:`event_rows` as a data frame with the ``events`` table's columns."""
    import pandas as pd

    from ..core.records import EVENT_COLUMNS

    rows = list(event_rows(statements, base))
    frame = pd.DataFrame(rows, columns=[c for c in EVENT_COLUMNS if c != "id"])
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    return frame
