"""The loaded curriculum: every content item indexed by id, with the file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UnknownItemError
from .schema import (
    FILE_KINDS,
    ActionPlan,
    Assignment,
    BusinessTerm,
    GlossaryEntry,
    JobAid,
    Phrase,
    PreventionKit,
    ReviewSet,
    WorkedExample,
    CurriculumMeta,
    Lesson,
    Misconception,
    Passage,
    Prompt,
    Recommendation,
    Scenario,
    Source,
    Tension,
    text,
)

KINDS = tuple(k for k in FILE_KINDS if k != "curriculum")

@dataclass
class Curriculum:
    """All content, indexed by id, with the file each item came from."""

    root: Path
    meta: CurriculumMeta | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    tensions: dict[str, Tension] = field(default_factory=dict)
    misconceptions: dict[str, Misconception] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    prompts: dict[str, Prompt] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    worked_examples: dict[str, WorkedExample] = field(default_factory=dict)
    job_aids: dict[str, JobAid] = field(default_factory=dict)
    phrases: dict[str, Phrase] = field(default_factory=dict)
    terms: dict[str, BusinessTerm] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    prevention_kits: dict[str, PreventionKit] = field(default_factory=dict)
    review_sets: dict[str, ReviewSet] = field(default_factory=dict)
    action_plans: dict[str, ActionPlan] = field(default_factory=dict)
    origin: dict[tuple[str, str], str] = field(default_factory=dict)

    # -- lookups -------------------------------------------------------------------------------------
    def get(self, kind: str, item_id: str) -> Any:
        """The item of ``kind`` (e.g. ``"scenarios"``) with ``item_id``; raises UnknownItemError."""
        try:
            return getattr(self, kind)[item_id]
        except KeyError:
            raise UnknownItemError(kind.rstrip("s"), item_id) from None

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id."""
        return self.get("scenarios", scenario_id)

    def lessons_in_order(self) -> list[Lesson]:
        """Lessons sorted by their ``order``."""
        return sorted(self.lessons.values(), key=lambda lesson: lesson.order)

    def scenarios_for(self, lesson_id: str, mode: str | None = None, audience: str | None = None) -> list[Scenario]:
        """Scenarios of one lesson (optionally one mode, one audience such as "staff"), in file order; a review
        set's scenarios belong to the set's own notebook, not to the lesson they draw on."""
        held = self.review_scenarios()
        return [s for s in self.scenarios.values()
                if s.lesson == lesson_id and (mode is None or s.mode == mode)
                and (audience is None or s.audience == audience) and s.id not in held]

    def review_scenarios(self) -> set[str]:
        """Ids of the scenarios that review sets hold back for their own notebooks."""
        return {sid for rs in self.review_sets.values() for sid in rs.scenarios}

    def worked_example_for(self, lesson_id: str) -> WorkedExample | None:
        """The lesson's worked example, if it has one."""
        return next((we for we in self.worked_examples.values() if we.lesson == lesson_id), None)

    def file_of(self, kind: str, item_id: str) -> str:
        """The content file (relative to the content root) that defines an item."""
        return self.origin.get((kind, item_id), "?")

    def counts(self) -> dict[str, int]:
        """How many items of each kind the curriculum holds, by kind (``sources``, ``lessons``, ...)."""
        return {kind: len(getattr(self, kind)) for kind in KINDS}

    @property
    def has_assessment(self) -> bool:
        """True when graded assessment content (answer keys) is present: an instructor's checkout."""
        return bool(self.assignments)


def sections(body: list[Passage]) -> list[list[Passage]]:
    """A lesson body split into sections: a passage starting with a '## ' heading opens a new one."""
    out: list[list[Passage]] = []
    for passage in body:
        if not out or text(passage.text).lstrip().startswith("## "):
            out.append([])
        out[-1].append(passage)
    return out
