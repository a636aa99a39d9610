"""The two views of a graded item, as typed models: the public view learners see, and the answer key.

The public view of a scenario (:class:`PublicItem`) carries what a learner needs to answer (title, persona,
situation, step prompts, option texts and where each option leads) and nothing that grades: no credit,
consequence, coaching, misconception or recommendation. The key (:class:`ItemKey`) carries everything needed
to score and explain a choice. An assignment's keys, with the points of every graded item, form one
:class:`AssignmentKey`: ``clientcraft build`` writes it as ``solutions/<assignment>.key.json`` and course staff
code reads that file (:func:`read_key_file`), never a notebook's source.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .branching import Branch, Graph
from .errors import KeyFormatError
from .records import score_cell_id, written_cell_id

if TYPE_CHECKING:  # pragma: no cover  (the content model is not needed in a learner's kernel, which reads keys)
    from .curriculum import Curriculum
    from .schema import Prompt, Scenario

KEY_FORMAT = "clientcraft-key"
KEY_VERSION = 1

PUBLIC_FIELDS_FORBIDDEN = ("credit", "consequence", "coaching", "misconception", "recommendations")
"""Keys that must never appear in a public item (checked by the tests)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ------------------------------------------------------------------------------------------ public view
class PublicOption(_Model):
    """An option as the learner sees it: its letter, its text and the step it leads to."""

    id: str
    text: str
    next: str | None = None


class PublicStep(_Model):
    """A step as the learner sees it."""

    narrative: str = ""
    prompt: str
    options: list[PublicOption] = Field(min_length=1)


class Persona(_Model):
    """The client of a scenario, as the learner sees them."""

    name: str
    description: str


class PublicItem(_Model):
    """What a learner sees of an assessment scenario (no credits, consequences or coaching)."""

    id: str
    title: str
    persona: Persona
    situation: str
    entry: str
    steps: dict[str, PublicStep]

    @model_validator(mode="after")
    def _links_resolve(self) -> "PublicItem":
        _check_links(self.entry, {sid: [o.next for o in st.options] for sid, st in self.steps.items()})
        return self

    @cached_property
    def graph(self) -> Graph:
        """The item's graph for the branching rule (no credits: a learner's view cannot score)."""
        return Graph(self.id, self.entry, {sid: {o.id: Branch(o.next) for o in st.options}
                                           for sid, st in self.steps.items()})


class PublicPrompt(_Model):
    """What a learner sees of a written prompt (no rubric, no model answers)."""

    id: str
    prompt: str


class PublicAssignment(_Model):
    """Everything the learner's notebook embeds: the assignment id, its items and its prompts."""

    assignment: str
    items: list[PublicItem]
    prompts: list[PublicPrompt] = Field(default_factory=list)


# ------------------------------------------------------------------------------------------ keys
class KeyOption(_Model):
    """One option of the key: its text, credit, where it leads, and what it teaches."""

    text: str
    credit: float = Field(ge=0, le=1)
    next: str | None = None
    misconception: str | None = None
    recommendations: list[str] = Field(default_factory=list)
    consequence: str
    coaching: str


class KeyStep(_Model):
    """One step of the key."""

    prompt: str
    options: dict[str, KeyOption] = Field(min_length=1)


class ItemKey(_Model):
    """The answer key of one scenario: credit, consequence, coaching and tags of every option."""

    id: str
    lesson: str
    title: str
    entry: str
    recommendations: list[str] = Field(default_factory=list)
    steps: dict[str, KeyStep] = Field(min_length=1)

    @model_validator(mode="after")
    def _links_resolve(self) -> "ItemKey":
        _check_links(self.entry, {sid: [o.next for o in st.options.values()] for sid, st in self.steps.items()})
        return self

    @cached_property
    def graph(self) -> Graph:
        """The item's graph for the branching rule."""
        return Graph(
            self.id, self.entry,
            {sid: {oid: Branch(o.next, o.credit, o.misconception, tuple(o.recommendations))
                   for oid, o in st.options.items()} for sid, st in self.steps.items()},
            tuple(self.recommendations),
        )

    def to_json(self) -> str:
        """The key as JSON text (keys sorted, so it is the same for the same content)."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


class WrittenKey(_Model):
    """A written prompt's entry in the assignment key: marked by hand, so only its lesson and points."""

    lesson: str
    points: float = Field(gt=0)


class AssignmentKey(_Model):
    """The key file of one assignment: every scenario's key and points, and every written prompt's points."""

    format: Literal["clientcraft-key"] = KEY_FORMAT
    version: Literal[1] = KEY_VERSION
    assignment: str
    items: dict[str, ItemKey] = Field(default_factory=dict)
    """Scenario keys, in the assignment's order."""
    points: dict[str, float] = Field(default_factory=dict)
    """Points of each scenario item."""
    written: dict[str, WrittenKey] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> "AssignmentKey":
        for item_id, key in self.items.items():
            if key.id != item_id:
                raise ValueError(f"items.{item_id}: the key's id is {key.id!r}")
        if set(self.points) != set(self.items):
            raise ValueError("points must name exactly the scenario items")
        if not self.items and not self.written:
            raise ValueError("the assignment has no graded items")
        return self

    @property
    def lessons(self) -> dict[str, str]:
        """Lesson of each item (scenarios and written prompts)."""
        return {i: k.lesson for i, k in self.items.items()} | {i: w.lesson for i, w in self.written.items()}

    @property
    def grade_ids(self) -> dict[str, str]:
        """nbgrader grade id of each item's graded cell -> item id."""
        return {score_cell_id(i): i for i in self.items} | {written_cell_id(i): i for i in self.written}

    def item_points(self, item_id: str) -> float:
        """The points an item is worth."""
        return self.points[item_id] if item_id in self.items else self.written[item_id].points

    def to_json(self) -> str:
        """The key file's text."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"


def _check_links(entry: str, nexts: dict[str, list[str | None]]) -> None:
    if entry not in nexts:
        raise ValueError(f"entry step {entry!r} is not one of the steps")
    for sid, targets in nexts.items():
        for target in targets:
            if target is not None and target not in nexts:
                raise ValueError(f"step {sid!r}: next step {target!r} is unknown")


# ------------------------------------------------------------------------------------------ builders
SCENARIO_POINTS = 1.0
"""Points of every scenario item (credit in [0, 1] times this)."""


def public_item(scenario: "Scenario", lang: str = "en") -> PublicItem:
    """What a learner sees of an assessment scenario."""
    from .schema import text

    return PublicItem(
        id=scenario.id,
        title=text(scenario.title, lang),
        persona=Persona(name=scenario.persona.name, description=text(scenario.persona.description, lang)),
        situation=text(scenario.situation, lang),
        entry=scenario.steps[0].id,
        steps={st.id: PublicStep(narrative=text(st.narrative, lang) if st.narrative else "",
                                 prompt=text(st.prompt, lang),
                                 options=[PublicOption(id=o.id, text=text(o.text, lang), next=o.next)
                                          for o in st.options])
               for st in scenario.steps},
    )


def public_prompt(prompt: "Prompt", lang: str = "en") -> PublicPrompt:
    """What a learner sees of a written prompt."""
    from .schema import text

    return PublicPrompt(id=prompt.id, prompt=text(prompt.prompt, lang))


def item_key(scenario: "Scenario", lang: str = "en") -> ItemKey:
    """The answer key of one scenario."""
    from .schema import text

    return ItemKey(
        id=scenario.id,
        lesson=scenario.lesson,
        title=text(scenario.title, lang),
        entry=scenario.steps[0].id,
        recommendations=list(scenario.recommendations),
        steps={st.id: KeyStep(prompt=text(st.prompt, lang), options={
            o.id: KeyOption(text=text(o.text, lang), credit=float(o.credit), next=o.next,
                            misconception=o.misconception, recommendations=list(o.recommendations),
                            consequence=text(o.consequence, lang), coaching=text(o.coaching, lang))
            for o in st.options}) for st in scenario.steps},
    )


def assignment_key(cur: "Curriculum", assignment_id: str, lang: str = "en") -> AssignmentKey:
    """The key of one assignment of the curriculum."""
    assignment = cur.get("assignments", assignment_id)
    prompts = [cur.get("prompts", p) for p in assignment.prompts]
    return AssignmentKey(
        assignment=assignment.id,
        items={s: item_key(cur.scenario(s), lang) for s in assignment.scenarios},
        points={s: SCENARIO_POINTS for s in assignment.scenarios},
        written={p.id: WrittenKey(lesson=p.lesson, points=float(sum(c.points for c in p.rubric))) for p in prompts},
    )


def public_assignment(cur: "Curriculum", assignment_id: str, lang: str = "en") -> PublicAssignment:
    """The learner's view of one assignment of the curriculum."""
    assignment = cur.get("assignments", assignment_id)
    return PublicAssignment(
        assignment=assignment.id,
        items=[public_item(cur.scenario(s), lang) for s in assignment.scenarios],
        prompts=[public_prompt(cur.get("prompts", p), lang) for p in assignment.prompts],
    )


# ------------------------------------------------------------------------------------------ reading
def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where + ': ' if where else ''}{first['msg']}"


def parse_item_key(data: str | bytes | dict, where: str = "key") -> ItemKey:
    """An item key from JSON text or a mapping; raises :class:`KeyFormatError` naming ``where`` and the field."""
    try:
        if isinstance(data, (str, bytes)):
            return ItemKey.model_validate_json(data)
        return ItemKey.model_validate(data)
    except ValidationError as exc:
        raise KeyFormatError(where, f"not a valid answer key ({_problem(exc)})") from None


def read_key_file(path: Path | str) -> AssignmentKey:
    """Read and validate an assignment's key file; raises :class:`KeyFormatError` naming the file and field."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFormatError(str(path), "no key file (run 'clientcraft build', then set up the course again)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFormatError(str(path), f"cannot be read ({exc})") from None
    try:
        return AssignmentKey.model_validate_json(raw)
    except ValidationError as exc:
        raise KeyFormatError(str(path), f"not a valid key file ({_problem(exc)})") from None
