"""The curriculum content model: versioned, validated pydantic models for every content file.

Content lives as YAML under ``data/curriculum/``. Every file starts with ``schema_version`` and holds one
kind of item. Learner-facing text is a :data:`LText`: either a plain string (English) or a mapping from
language code to text, so translations into the sources' languages (``id``, ``nb``, ``tl``, ``de``) can be
added later without changing the model. English is required.

Scoring conventions (used by the widgets, the autograder and the analytics alike):

* every option carries ``credit`` in [0, 1] (1 = best, partial such as 0.5, 0 = a real mistake);
* a step's best credit must be 1; every option below 1 carries a ``misconception`` tag and a
  ``credit_reason`` from :data:`CREDIT_POLICY`, which fixes the credit each reason earns (docs/credit-policy.md);
* a branching scenario is scored as the mean credit of the steps on the path the learner took
  (an unanswered step on that path counts 0), so a weak first choice followed by a good recovery earns
  partial credit, and the maximum is always 1.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1
"""Current version of the content format. Bump it (and write a migration) when a field changes meaning."""

Lang = Literal["en", "id", "nb", "tl", "de"]
"""Languages a learner-facing text may carry: English plus the languages of the source documents."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=64)]


def _as_localized(value: Any) -> Any:
    if isinstance(value, str):
        return {"en": value}
    return value


def _require_english(value: dict[str, str]) -> dict[str, str]:
    if not value.get("en", "").strip():
        raise ValueError("English text ('en') is required and may not be empty")
    for lang, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"text for language {lang!r} is empty")
    return value


LText = Annotated[
    dict[Lang, str],
    BeforeValidator(_as_localized, json_schema_input_type=Union[str, dict[Lang, str]]),
    AfterValidator(_require_english),
]
"""A learner-facing text: a plain English string, or ``{en: ..., de: ...}``."""


def text(value: dict[str, str] | None, lang: str = "en") -> str:
    """The text in ``lang``, falling back to English."""
    if value is None:
        return ""
    return value.get(lang) or value["en"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Tag = Literal[
    "diagnose",
    "listen",
    "clarify",
    "scope",
    "own-it",
    "expectations",
    "boundaries",
    "de-escalate",
    "extra-mile",
    "negotiate",
    "exit",
    "mindset",
]

CreditReason = Literal["incomplete", "too-soon", "more-than-needed", "harmful-manner", "wrong-call"]
"""Why a non-best option earns the credit it does (see docs/credit-policy.md)."""

CREDIT_POLICY: dict[str, tuple[float, str]] = {
    "incomplete": (0.5, "Safe but incomplete: heads the right way and does no harm, but leaves out a part the "
                        "situation needs."),
    "too-soon": (0.5, "Right move, too soon: a move the advice supports, made before the step that has to come "
                      "first; nothing is lost yet."),
    "more-than-needed": (0.5, "Fixes it at a cost the situation did not call for: gives away more time or money "
                              "than needed, without giving up the terms."),
    "harmful-manner": (0.0, "Right call, harmful manner: the decision fits, but it is carried out the way the "
                            "articles warn against (in anger, with insults or blame, in public, by walking out on "
                            "commitments), which undoes it."),
    "wrong-call": (0.0, "Wrong call: the decision goes against what the situation calls for."),
}
"""The one credit policy: each credit reason and the credit it earns, in practice and graded items alike."""

Setting = Literal[
    "freelancer",
    "home-business",
    "agency",
    "retail",
    "trades",
    "professional-services",
    "hospitality",
    "health-and-wellness",
]

Region = Literal["indonesia", "philippines", "norway", "germany", "unspecified"]
"""Where a scenario is set: one of the four countries the source articles come from, or ``unspecified`` (no
particular country). Full names, not ISO codes, because YAML reads a bare ``no`` (Norway) as false."""

Audience = Literal["owner", "staff"]
"""Who the learner is in a scenario: ``owner`` (the owner or freelancer, who decides for the business) or
``staff`` (an employee at a counter, on the phone or in chat, whose authority has limits)."""


# --------------------------------------------------------------------------------------------- sources
class Section(_Model):
    """A part of a source document, named by a short heading (or opening words) that occurs in the text."""

    id: Id
    heading: str = Field(min_length=2, description="Short heading in the document's own language, as it appears")
    heading_en: str = Field(min_length=2, description="English gloss of the heading")
    kind: Literal["heading", "opening"] = "heading"


class Source(_Model):
    """One of the source documents in ``shared/seeds``."""

    id: Id
    file: str = Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")
    language: Lang
    title: str = Field(description="Short original title (a few words)")
    title_en: str
    author: str | None = None
    summary: LText
    same_article_as: Id | None = None
    sections: list[Section] = Field(min_length=1)


class Citation(_Model):
    """A pointer to one section of one source document."""

    source: Id
    section: Id


class Passage(_Model):
    """A piece of teaching text with where it comes from: article sections, or the course's own view.

    A passage that states what the articles say lists their sections in ``citations``; a passage that
    states the course's own judgement sets ``course_view`` (it may still list the sections it builds on),
    and learners see a small "course view" label beside it. ``clientcraft check`` requires one or the other.
    """

    text: LText
    citations: list[Citation] = Field(default_factory=list)
    course_view: bool = Field(default=False, description="The course's own view, not a claim of the articles")


def _as_passage(value: Any) -> Any:
    if isinstance(value, str) or (isinstance(value, dict) and "text" not in value):
        return {"text": value}
    return value


PassageIn = Annotated[
    Passage,
    BeforeValidator(_as_passage, json_schema_input_type=Union[str, dict[Lang, str], Passage]),
]
"""A passage; a bare text is accepted as a passage with no attribution (which the check then reports)."""


# --------------------------------------------------------------------------------------------- lessons
class Lesson(_Model):
    """A lesson: questions and objectives first, a short Markdown body, key points last (Carpentries style)."""

    id: Id
    order: int = Field(ge=0)
    kind: Literal["introduction", "lesson", "synthesis"]
    title: LText
    minutes: int = Field(ge=5, le=120)
    questions: list[LText] = Field(min_length=1)
    objectives: list[LText] = Field(min_length=1)
    body: list[PassageIn] = Field(
        min_length=1,
        description="Markdown passages; a passage starting with a '## ' heading opens a section, and practice "
                    "scenarios are placed at the ends of sections",
    )
    key_points: list[PassageIn] = Field(min_length=1)
    sources: list[Id] = Field(default_factory=list)
    reflection: LText
    instructor_notes: LText


class Recommendation(_Model):
    """One distinct piece of advice from the sources, stated as an action."""

    id: Id
    lesson: Id
    action: LText = Field(description="One sentence, imperative: what to do")
    rationale: LText
    applies_when: LText
    not_when: LText
    citations: list[Citation] = Field(default_factory=list, description="Sections that give this advice")
    course_view: bool = Field(default=False, description="The course's own advice, not stated by the articles")
    tags: list[Tag] = Field(min_length=1)

    @field_validator("action")
    @classmethod
    def _one_sentence(cls, value: dict[str, str]) -> dict[str, str]:
        en = value["en"].strip()
        if len(re.findall(r"[.!?](\s|$)", en)) > 1:
            raise ValueError("an action statement is one sentence")
        return value


class TensionSide(_Model):
    """One pull of a tension, with where the documents say it."""

    position: LText
    citations: list[Citation] = Field(min_length=1)
    recommendations: list[Id] = Field(min_length=1)
    signals: list[LText] = Field(min_length=1, description="Cues in a situation that favour this side")


class Tension(_Model):
    """Where documents pull in different directions, and the judgement that decides between them."""

    id: Id
    title: LText
    sides: list[TensionSide] = Field(min_length=2)
    judgement: PassageIn


class Misconception(_Model):
    """A real mistake people make with difficult clients; every non-best option is tagged with one."""

    id: Id
    label: LText
    description: LText


# --------------------------------------------------------------------------------------------- scenarios
class Persona(_Model):
    """The client in a scenario."""

    name: str = Field(min_length=1)
    description: LText


class Option(_Model):
    """One choice at a decision step."""

    id: Annotated[str, Field(pattern=r"^[a-z]$")]
    text: LText
    credit: float = Field(ge=0, le=1)
    consequence: LText = Field(description="What happens next, told as story")
    coaching: LText = Field(description="Why, tied to the recommendations")
    recommendations: list[Id] = Field(default_factory=list, description="Recommendations the coaching cites")
    misconception: Id | None = None
    credit_reason: CreditReason | None = Field(default=None, description="Why a non-best option earns its credit")
    next: Id | None = Field(default=None, description="Step id this choice leads to; none ends the scenario")


class Step(_Model):
    """A decision point: a prompt and its options."""

    id: Id
    narrative: LText | None = Field(default=None, description="What has happened since the previous step")
    prompt: LText
    options: list[Option] = Field(min_length=2, max_length=6)


class Scenario(_Model):
    """A realistic client situation with one or more decision steps (the first step is the entry)."""

    id: Id
    lesson: Id
    mode: Literal["practice", "assessment"]
    title: LText
    setting: Setting
    region: Region = Field(default="unspecified", description="Country the scenario is set in")
    audience: Audience = Field(default="owner", description="Who the learner is: the owner/freelancer or staff")
    persona: Persona
    situation: LText
    steps: list[Step] = Field(min_length=1)
    recommendations: list[Id] = Field(min_length=1)


# --------------------------------------------------------------------------------------------- assessment
class Criterion(_Model):
    """One rubric criterion for a written answer, derived from recommendations."""

    id: Id
    description: LText
    points: float = Field(gt=0)
    recommendations: list[Id] = Field(min_length=1)


class ModelAnswer(_Model):
    """An exemplary written answer with the score each criterion gives it."""

    text: LText
    scores: dict[Id, float]


class Prompt(_Model):
    """A free-text prompt graded by hand against a rubric."""

    id: Id
    lesson: Id
    prompt: LText
    rubric: list[Criterion] = Field(min_length=1)
    model_answers: list[ModelAnswer] = Field(min_length=1)


class Assignment(_Model):
    """A graded nbgrader assignment: scenarios (autograded) and written prompts (manually graded)."""

    id: Id
    title: LText
    kind: Literal["baseline", "lesson", "final"]
    lesson: Id | None = None
    parallel_to: Id | None = Field(default=None, description="For a baseline: the assignment it parallels")
    instructions: LText
    scenarios: list[Id] = Field(min_length=1)
    prompts: list[Id] = Field(min_length=1)


# --------------------------------------------------------------------------------------------- craft
# Worked examples, the job aid, the phrase bank, the glossary, the prevention kit, review sets and the action
# plan: teaching material around the scenarios. Each item cites recommendations (and through them the sources)
# so it traces to the articles like everything else.

Channel = Literal["counter", "phone", "email", "chat", "written-notice"]
"""Where a phrase is said or written: face to face, by phone, by email, in a chat app, or as a formal notice."""


class ThinkAloudStep(_Model):
    """One step of a worked example: what the expert notices and weighs, then what they do."""

    thinking: LText = Field(description="The expert's reasoning, first person, naming the advice they use")
    action: LText = Field(description="What they then do or say")
    recommendations: list[Id] = Field(min_length=1, description="The advice this step applies")


class WorkedExample(_Model):
    """A full case walked through as an expert's think-aloud, shown in a lesson before its practice."""

    id: Id
    lesson: Id
    after_section: int = Field(ge=0, description="Body section (0-based; a section opens at a '## ' heading) "
                                                 "after which the example appears; the "
                                               "lesson's practice scenarios all come after it")
    title: LText
    expert: LText = Field(description="Who is thinking aloud, in one line")
    situation: LText
    steps: list[ThinkAloudStep] = Field(min_length=3)
    takeaway: LText


class JobAidMove(_Model):
    """One move on the job aid: a short name, what to do, the trap to avoid, and the advice behind it."""

    id: Id
    stage: Literal["before", "during"]
    name: LText = Field(description="Short imperative, a few words")
    do: list[LText] = Field(min_length=1, max_length=3)
    avoid: Id = Field(description="Misconception id: the trap at this move")
    recommendations: list[Id] = Field(min_length=1)


class JobAidSignals(_Model):
    """A decision the job aid helps with; its signals are the tension's own signals, one column per side."""

    tension: Id
    question: LText
    sides: list[LText] = Field(min_length=2, description="Short label per tension side, in the tension's order")


class ChecklistItem(_Model):
    """One line of a checklist, with the advice it applies."""

    text: LText
    recommendations: list[Id] = Field(min_length=1)


class JobAid(_Model):
    """The one-page job aid: the moves, the signals for bending or ending, and the exit checklist."""

    id: Id
    title: LText
    intro: LText
    moves: list[JobAidMove] = Field(min_length=3)
    signals: list[JobAidSignals] = Field(min_length=1)
    exit_checklist: list[ChecklistItem] = Field(min_length=3)


class Phrase(_Model):
    """One phrase of the phrase bank: the course's own wording for a move in one channel."""

    id: Id
    move: Id = Field(description="The job-aid move the phrase serves")
    channel: Channel
    purpose: LText = Field(description="When to use it, in a few words")
    text: LText
    applies: list[Citation] = Field(min_length=1, description="The article section(s) the phrase puts into words")
    recommendations: list[Id] = Field(min_length=1)


class BusinessTerm(_Model):
    """A business term the glossary check looks for in learner text (the term list)."""

    id: Id
    term: str = Field(min_length=2)
    forms: list[str] = Field(default_factory=list, description="Other spellings and inflections to look for")


class GlossaryEntry(_Model):
    """The course's own explanation of one business term from the term list (same id)."""

    id: Id
    term: LText = Field(description="The term as learners see it; its English is the term list's spelling")
    definition: LText
    example: LText | None = None
    recommendations: list[Id] = Field(default_factory=list, description="Advice where the term matters")


class TemplateField(_Model):
    """One blank of the terms template a learner fills in."""

    id: Id
    label: LText
    prompt: LText = Field(description="The question the learner answers")
    example: LText = Field(description="A sample answer in the course's own words")
    recommendations: list[Id] = Field(min_length=1)


class PreventionKit(_Model):
    """A first-contact checklist and a written-terms template, filled in inside one lesson."""

    id: Id
    lesson: Id = Field(description="The lesson whose notebook holds the fill-in template")
    title: LText
    intro: LText
    first_contact: list[ChecklistItem] = Field(min_length=3)
    terms_template: list[TemplateField] = Field(min_length=3)


class ReviewSet(_Model):
    """A set of practice scenarios drawn across lessons, shown in its own notebook and nowhere else."""

    id: Id
    kind: Literal["interleaved", "delayed"]
    title: LText
    intro: LText
    before_lesson: Id | None = Field(default=None, description="The lesson the set comes just before")
    after_lesson: Id | None = Field(default=None, description="The lesson the set comes after")
    wait_days: int = Field(default=0, ge=0, le=60, description="Suggested days between after_lesson and the set")
    scenarios: list[Id] = Field(min_length=4)


class ActionPlan(_Model):
    """The closing reflection: one concrete change and when, saved to the log and shown back in progress."""

    id: Id
    lesson: Id
    title: LText
    prompt: LText
    change_label: LText
    when_label: LText
    examples: list[LText] = Field(min_length=1)
    recommendations: list[Id] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------- files
class Track(_Model):
    """A set of lesson notebooks for one audience: the same lessons, with only that audience's practice
    scenarios (for a workshop with front-line staff, say). ``clientcraft build`` writes it to
    ``notebooks/<audience>/``."""

    audience: Audience
    title: LText
    introduction: LText = Field(description="Markdown shown near the top of every lesson of the track")


class CurriculumMeta(_Model):
    """The ``curriculum.yaml`` header: title, default language and the audience tracks."""

    title: LText
    description: LText
    default_language: Lang = "en"
    languages: list[Lang] = Field(default_factory=lambda: ["en"])
    tracks: list[Track] = Field(default_factory=list)

    @field_validator("tracks")
    @classmethod
    def _one_track_per_audience(cls, value: list[Track]) -> list[Track]:
        seen = [t.audience for t in value]
        if len(seen) != len(set(seen)):
            raise ValueError("each audience has at most one track")
        return value


FILE_KINDS: dict[str, tuple[str, type[_Model]]] = {
    "curriculum": ("curriculum", CurriculumMeta),
    "sources": ("sources", Source),
    "lessons": ("lessons", Lesson),
    "recommendations": ("recommendations", Recommendation),
    "tensions": ("tensions", Tension),
    "misconceptions": ("misconceptions", Misconception),
    "scenarios": ("scenarios", Scenario),
    "prompts": ("prompts", Prompt),
    "assignments": ("assignments", Assignment),
    "worked_examples": ("worked_examples", WorkedExample),
    "job_aids": ("job_aids", JobAid),
    "phrases": ("phrases", Phrase),
    "terms": ("terms", BusinessTerm),
    "glossary": ("glossary", GlossaryEntry),
    "prevention_kits": ("prevention_kits", PreventionKit),
    "review_sets": ("review_sets", ReviewSet),
    "action_plans": ("action_plans", ActionPlan),
}
"""Top-level keys a content file may hold, and the model of each item under that key."""


class ContentFile(_Model):
    """The shape of any content file: a version and lists of items of the kinds above."""

    schema_version: int
    curriculum: CurriculumMeta | None = None
    sources: list[Source] = Field(default_factory=list)
    lessons: list[Lesson] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    tensions: list[Tension] = Field(default_factory=list)
    misconceptions: list[Misconception] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)
    prompts: list[Prompt] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    worked_examples: list[WorkedExample] = Field(default_factory=list)
    job_aids: list[JobAid] = Field(default_factory=list)
    phrases: list[Phrase] = Field(default_factory=list)
    terms: list[BusinessTerm] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    prevention_kits: list[PreventionKit] = Field(default_factory=list)
    review_sets: list[ReviewSet] = Field(default_factory=list)
    action_plans: list[ActionPlan] = Field(default_factory=list)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a content file, for editors and external validators."""
    schema = ContentFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://clientcraft.invalid/schema/content-v{SCHEMA_VERSION}.json"
    schema["title"] = f"clientcraft content file (schema version {SCHEMA_VERSION})"
    return schema


def json_schema_text() -> str:
    """The JSON Schema of a content file as the text ``clientcraft build`` writes and ``clientcraft schema`` prints."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
