"""Notebook pieces for the teaching toolkit: worked examples, handout links, the words a lesson uses, the
prevention kit, the action plan, the review-set notebooks and the handouts index notebook.

The lesson renderer (:mod:`clientcraft.rendering.lessons`) calls these; :func:`render_reviews` is a build
renderer of its own. Every path is repo-relative; the handouts live in ``notebooks/handouts/`` so the same
relative links work in JupyterLab and in the Voila app.
"""

from __future__ import annotations

from dataclasses import dataclass

from nbformat import NotebookNode

from clientcraft.core.curriculum import Curriculum
from clientcraft.core.schema import Citation, Lesson, ReviewSet, WorkedExample, text
from clientcraft.core.reach import tracks
from clientcraft.core.toolkit import job_aid, lesson_texts, terms_used

from .cells import hidden_code, markdown, notebook
from . import strings
from .course import course_sequence, index_link_md, next_link_md, review_path, up

HANDOUT_DIR = "handouts"
HANDOUT_FILES = ("job-aid.html", "phrase-bank.html", "glossary.html", "prevention-kit.html")
"""The handout files, in ``notebooks/handouts/``."""


def handouts() -> tuple[tuple[str, str, str], ...]:
    """The handout files, their link text and what each holds (in the active language)."""
    return (("job-aid.html", strings.HANDOUT_JOB_AID, strings.HANDOUT_JOB_AID_WHAT),
            ("phrase-bank.html", strings.PHRASES_TITLE, strings.HANDOUT_PHRASES_WHAT),
            ("glossary.html", strings.GLOSSARY_TITLE, strings.HANDOUT_GLOSSARY_WHAT),
            ("prevention-kit.html", strings.HANDOUT_KIT, strings.HANDOUT_KIT_WHAT))
HANDOUTS_NOTEBOOK = "notebooks/handouts.ipynb"
REVIEW_SETUP = ("# Setting up the exercises\nfrom clientcraft.runtime.widgets import scenario, review_summary, "
                "review_timing, learner\nlearner()")


def has_handouts(cur: Curriculum) -> bool:
    """True when the content has a job aid, so the handouts are built and linked."""
    return job_aid(cur) is not None


def _call(label: str, call: str) -> NotebookNode:
    return hidden_code(f"# {' '.join(label.split())}\n{call}")


def call_in(lang: str, label: str, call: str) -> NotebookNode:
    """A widget cell; in a translated notebook the call names the notebook's language."""
    if lang != "en":
        call = call[:-1] + (", " if not call.endswith("()") else "") + f'language="{lang}")'
    return _call(label, call)


def handout_links_md(cur: Curriculum, prefix: str = f"{HANDOUT_DIR}/") -> str:
    """One Markdown line linking the handouts (empty when the content has none)."""
    if not has_handouts(cur):
        return ""
    links = " · ".join(f"[{label}]({prefix}{name})" for name, label, _what in handouts())
    return f"**{strings.HANDOUT_KEEP_AT_HAND}** {links}"


@dataclass(frozen=True)
class Ref:
    """A short citation: the source file's number, the section heading and its English gloss."""

    number: str
    heading: str
    heading_en: str
    article: str


def refs(cur: Curriculum, citations: list[Citation]) -> list[Ref]:
    """Short citations, deduplicated; a translation of an article cited next to its original is left out."""
    out: list[Ref] = []
    keys: list[tuple[str, str]] = []
    for c in citations:
        src = cur.sources.get(c.source)
        if src is None:
            continue
        key = (src.same_article_as or src.id, c.section)
        if key in keys:
            continue
        sec = next((s for s in src.sections if s.id == c.section), None)
        if sec is None:
            continue
        keys.append(key)
        out.append(Ref(src.file[:3], sec.heading, sec.heading_en, src.title_en.split(":")[0]))
    return out


def rec_refs(cur: Curriculum, rec_ids: list[str]) -> list[Ref]:
    """The short citations of a list of recommendations."""
    return refs(cur, [c for r in rec_ids if r in cur.recommendations for c in cur.recommendations[r].citations])


def _advice(cur: Curriculum, rec_ids: list[str], lang: str) -> str:
    lines = []
    for rid in rec_ids:
        rec = cur.recommendations.get(rid)
        if rec is None:
            continue
        where = "; ".join(strings.WORKED_SECTION.format(article=r.article, heading=r.heading)
                          for r in refs(cur, rec.citations))
        lines.append(f"  - *{text(rec.action, lang)}* ({where})")
    return "\n".join(lines)


def worked_example_md(cur: Curriculum, we: WorkedExample, lang: str = "en") -> str:
    """A worked example as one Markdown cell: the case, the numbered think-aloud with the advice used, the point."""
    parts = [f"## {text(we.title, lang)}",
             strings.WORKED_INTRO,
             f"*{text(we.expert, lang)}*",
             "> " + text(we.situation, lang).strip().replace("\n", "\n> ")]
    for i, step in enumerate(we.steps, 1):
        parts.append(f"**{strings.WORKED_THINKING.format(n=i)}** {text(step.thinking, lang).strip()}\n\n"
                     f"**{strings.WORKED_ACTION}** {text(step.action, lang).strip()}\n\n"
                     f"*{strings.WORKED_ADVICE}*\n\n{_advice(cur, step.recommendations, lang)}")
    parts.append(f"**{strings.WORKED_POINT}** {text(we.takeaway, lang).strip()}\n\n{strings.WORKED_YOUR_TURN}")
    return "\n\n".join(parts)


def words_md(cur: Curriculum, lesson: Lesson, lang: str = "en", to_root: str = "") -> str:
    """A folded list of the glossary terms this lesson uses, with their definitions (empty when none); ``to_root``
    leads from the notebook's folder to the folder that holds ``handouts/`` (``"../"`` in a track)."""
    used = [tid for tid in terms_used(cur, lesson_texts(cur, lesson.id)) if tid in cur.glossary]
    if not used:
        return ""
    items = "\n".join(f"- **{text(cur.glossary[tid].term, lang).strip()}**: {text(cur.glossary[tid].definition, lang).strip()}"
                      for tid in used)
    link = (" " + strings.WORDS_GLOSSARY_LINK.format(link=f"{to_root}{HANDOUT_DIR}/glossary.html")
            if has_handouts(cur) else "")
    return (f"<details>\n<summary>{strings.WORDS_SUMMARY.format(n=len(used))}</summary>\n\n"
            f"{strings.WORDS_LEAD}{link}\n\n{items}\n\n</details>")


def lesson_extras_before_key_points(cur: Curriculum, lesson: Lesson, lang: str = "en",
                                    to_root: str = "") -> list[NotebookNode]:
    """The prevention kit's checklist and fill-in template, in the lesson that holds them."""
    cells: list[NotebookNode] = []
    for kit in cur.prevention_kits.values():
        if kit.lesson != lesson.id:
            continue
        # plain bullets: a Markdown task list renders as unlabelled, disabled checkboxes (the printed kit has boxes)
        checklist = "\n".join(f"- {text(item.text, lang)}" for item in kit.first_contact)
        cells.append(markdown(f"## {text(kit.title, lang)}\n\n{text(kit.intro, lang).strip()}\n\n"
                              f"**{strings.KIT_FIRST_CONTACT}:**\n\n{checklist}\n\n"
                              + strings.KIT_PRINTABLE.format(link=f"{to_root}{HANDOUT_DIR}/prevention-kit.html")))
        cells.append(call_in(lang, strings.TERMS_HEAD, f'terms_template("{kit.id}")'))
    return cells


def lesson_extras_after_reflection(cur: Curriculum, lesson: Lesson, lang: str = "en") -> list[NotebookNode]:
    """The closing action plan, in the lesson that holds it."""
    return [call_in(lang, strings.PLAN_HEAD, f'action_plan("{plan.id}")')
            for plan in cur.action_plans.values() if plan.lesson == lesson.id]


def render_review(cur: Curriculum, rs: ReviewSet, seq, lang: str = "en", audience: str | None = None,
                  to_root: str = "", *, app: bool = False) -> NotebookNode:
    """The notebook of one review set (in ``audience``'s track when given): intro, timing note, the scenarios
    unlabelled, then what to revisit; ``to_root`` leads from the notebook's folder to the handouts' parent; ``app``
    for the variant ``clientcraft app`` serves (no JupyterLab instructions, a link back to the index)."""
    minutes = strings.LESSON_MINUTES.format(minutes=max(5, 3 * len(rs.scenarios)))
    start = "" if app else f"\n\n{strings.RUN_ALL_NOTE}"
    cells = [markdown(f"# {text(rs.title, lang)}\n\n*{minutes}*{start}"),
             markdown(text(rs.intro, lang).strip()
                      + ("\n\n" + handout_links_md(cur, f"{to_root}{HANDOUT_DIR}/") if has_handouts(cur) else "")),
             hidden_code(REVIEW_SETUP if lang == "en" else
                         REVIEW_SETUP.replace("learner()", f'learner(language="{lang}")')),
             call_in(lang, strings.REVIEW_WHEN, f'review_timing("{rs.id}")')]
    for i, sid in enumerate(rs.scenarios, 1):
        cells.append(call_in(lang, strings.REVIEW_SCENARIO_N.format(i=i, n=len(rs.scenarios)), f'scenario("{sid}")'))
    cells.append(markdown(f"## {strings.REVIEW_WHAT_TO_REVISIT}"))
    cells.append(call_in(lang, strings.REVIEW_WHAT_TO_REVISIT, f'review_summary("{rs.id}")'))
    links = [next_link_md(seq, review_path(cur, rs, audience))] + ([index_link_md()] if app else [])
    if any(links):
        cells.append(markdown("\n\n".join(link for link in links if link)))
    meta = {"review": rs.id, "kind": "review", **({"audience": audience} if audience else {})}
    return notebook(cells, name=rs.id, extra_metadata={"clientcraft": meta, "title": text(rs.title, lang)})


def workshop_review_cells(cur: Curriculum, lang: str = "en") -> list[NotebookNode]:
    """For the instructor's notebook: each review set, where it sits and its scenarios (for the live view)."""
    cells = []
    for rs in cur.review_sets.values():
        where = (f"before lesson {cur.lessons[rs.before_lesson].order}" if rs.before_lesson
                 else f"after lesson {cur.lessons[rs.after_lesson].order}"
                 + (f", about {rs.wait_days} days later" if rs.wait_days else ""))
        listing = "\n".join(f"- `{sid}`: {text(cur.scenario(sid).title, lang)} (from lesson "
                            f"{cur.lessons[cur.scenario(sid).lesson].order})" for sid in rs.scenarios)
        cells.append(markdown(f"## {text(rs.title, lang)} ({rs.kind}, {where})\n\n"
                              f"Notebook `{review_path(cur, rs).split('/', 1)[1]}`. In a live session, ask the "
                              f"room which kind of situation each one is before they choose.\n\n{listing}"))
    return cells


def render_handouts_notebook(cur: Curriculum) -> NotebookNode:
    """The handouts index for the app's index page and JupyterLab: one link per handout."""
    lines = "\n".join(f"- [{label}]({HANDOUT_DIR}/{name}): {what}" for name, label, what in handouts())
    cells = [markdown(f"# {strings.HANDOUTS_NAV}\n\n{strings.HANDOUTS_LEAD}\n\n" + lines)]
    return notebook(cells, name="handouts", extra_metadata={"clientcraft": {"kind": "handouts"},
                                                            "title": strings.HANDOUTS_NAV})


def render_track_reviews(cur: Curriculum, audience: str | None = None,
                         to_root: str | None = None, *, app: bool = False, lang: str = "en") -> dict[str, NotebookNode]:
    """The review-set notebooks of the full course (``None``) or of one audience's track, by repo-relative path;
    ``to_root`` as in :func:`render_review` (default: where the build puts the track); ``app`` for the app variant."""
    seq = course_sequence(cur, audience, lang)
    to_root = up(audience) if to_root is None else to_root
    return {review_path(cur, rs, audience): render_review(cur, rs, seq, lang, audience=audience, to_root=to_root,
                                                          app=app)
            for rs in cur.review_sets.values()}


def render_reviews(cur: Curriculum) -> dict[str, NotebookNode]:
    """Every review-set notebook (of the full course and of each declared track) and (when the content has a job
    aid) the handouts index notebook."""
    out = render_track_reviews(cur)
    for tr in tracks(cur):
        out.update(render_track_reviews(cur, tr.audience))
    if has_handouts(cur):
        out[HANDOUTS_NOTEBOOK] = render_handouts_notebook(cur)
    return out
