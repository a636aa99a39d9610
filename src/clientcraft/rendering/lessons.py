"""Render the learner lesson notebooks and the instructor's workshop notebook from the curriculum.

A lesson notebook follows the Carpentries layout: title, questions and objectives, the sources it draws on,
the body blocks with the lesson's practice scenarios placed between them, key points, the reflection box and
the progress display. Learners see no Python: every code cell is one short, hidden widget call. Instructor
notes appear only in the workshop notebook, ``instructor/workshop.ipynb``. Each audience track declared in
curriculum.yaml (e.g. the staff track) gets the same lessons (and review sets) in ``notebooks/<audience>/``, with
only that audience's practice scenarios and the same handout links.

Two variants exist: the JupyterLab notebooks that ``clientcraft build`` writes (they tell the learner to Run All
once), and the app variant that ``clientcraft app`` serves with Voila (:func:`render_app_notebooks`: no
JupyterLab instructions, links back to the lesson index).
"""

from __future__ import annotations

from nbformat import NotebookNode

from clientcraft.core.curriculum import Curriculum, sections
from clientcraft.core.reach import track, tracks
from clientcraft.core.schema import Lesson, Passage, Scenario, text
from clientcraft.core.translations import is_translated

from . import strings, toolkit
from .cells import hidden_code, markdown, notebook
from .course import INDEX_NAME, course_sequence, index_link_md, lesson_path, next_link_md, review_path, up
from .html import fragment, language_name

WORKSHOP_PATH = "instructor/workshop.ipynb"
"""The instructor's workshop notebook: generated, kept apart from the learners' lessons in ``notebooks/``."""
SETUP = ("# Setting up the exercises\nfrom clientcraft.runtime.widgets import scenario, reflection, progress, learner, "
         "action_plan, terms_template\nlearner()")


def _call(label: str, call: str) -> NotebookNode:
    """A hidden widget cell whose first line (all JupyterLab shows of a hidden cell) is a plain label."""
    return hidden_code(f"# {' '.join(label.split())}\n{call}")


def in_english_note(value: dict[str, str], lang: str) -> str:
    """A small note (with a leading space) when ``value`` has no current translation into ``lang``, else ''."""
    return "" if is_translated(value, lang) else " " + fragment("lesson.md.j2", "in_english")


def _args(*args: str, audience: str | None) -> str:
    """Arguments of a widget call, with ``audience=`` when the notebook belongs to a track."""
    return ", ".join([f'"{a}"' for a in args] + ([f'audience="{audience}"'] if audience else []))


def passage_markdown(passage: Passage, lang: str = "en") -> str:
    """A passage as Markdown; a course-view passage carries a small label under its heading (or on top), and one
    shown in English for want of a current translation says so."""
    body = text(passage.text, lang)
    note = in_english_note(passage.text, lang).strip()
    labels = [fragment("lesson.md.j2", "course_view_label")] if passage.course_view else []
    labels += [note] if note else []
    if not labels:
        return body
    label = " ".join(labels)
    if body.startswith("## "):
        heading, _, rest = body.partition("\n")
        return f"{heading}\n\n{label}\n{rest}"
    return f"{label}\n\n{body}"


def _bullets(items: list[Passage], lang: str) -> str:
    tag = " " + fragment("lesson.md.j2", "course_view_tag")
    return "\n".join(f"- {text(i.text, lang)}" + (tag if i.course_view else "") + in_english_note(i.text, lang)
                     for i in items)



def _sources_md(cur: Curriculum, lesson: Lesson, lang: str) -> str:
    lines = []
    for sid in lesson.sources:
        src = cur.sources.get(sid)
        if src is None:
            continue
        orig = "" if src.title == src.title_en else \
            " (" + strings.LESSON_ORIGINAL_TITLE.format(title=src.title, language=language_name(src.language, lang)) + ")"
        lines.append(f"- **{src.title_en}**{orig}")
    if not lines:
        return ""
    return f"**{strings.LESSON_SOURCES}**\n\n" + "\n".join(lines)


def _placed(blocks: int, scenarios: list[Scenario]) -> list[list[Scenario]]:
    """The scenarios to show after each body block, spread evenly over the blocks in content order."""
    n = len(scenarios)
    out: list[list[Scenario]] = []
    for i in range(blocks):
        start, end = round(i * n / blocks), round((i + 1) * n / blocks)
        out.append(scenarios[start:end])
    return out


def _setup(lang: str) -> str:
    """The hidden setup cell; in a translated notebook ``learner()`` names the notebook's language."""
    return SETUP if lang == "en" else SETUP.replace("learner()", f'learner(language="{lang}")')


def lesson_title(lesson: Lesson, lang: str = "en") -> str:
    """The title a browser tab shows for a lesson: its number and title."""
    return f"{lesson.order}. {text(lesson.title, lang)}"


def render_lesson(cur: Curriculum, lesson: Lesson, next_lesson: Lesson | str | None = None,
                  lang: str = "en", audience: str | None = None, to_root: str | None = None, *,
                  app: bool = False) -> NotebookNode:
    """One learner notebook for ``lesson`` (in the track of ``audience``: only that audience's scenarios);
    ``next_lesson`` is the next lesson or a ready "Next:" line; ``to_root`` leads from the notebook's folder to the
    folder that holds ``handouts/`` (default: where the build puts the notebook); ``app`` for the variant served
    by ``clientcraft app`` (no JupyterLab instructions, a link back to the index).

    ``cur`` is the content as shown (see :func:`render_lessons`); texts without a current translation into
    ``lang`` appear in English with a small note, interface texts in the active language."""
    minutes = strings.LESSON_MINUTES.format(minutes=lesson.minutes)
    start = "" if app else f"\n\n{strings.RUN_ALL_NOTE}"
    cells = [
        markdown(f"# {text(lesson.title, lang)}\n\n*{minutes}*{start}"),
        markdown(f"> **{strings.LESSON_QUESTIONS}**\n>\n"
                 + "\n".join(f"> - {text(q, lang)}{in_english_note(q, lang)}" for q in lesson.questions)
                 + f"\n>\n> **{strings.LESSON_OBJECTIVES}**\n>\n"
                 + "\n".join(f"> - {text(o, lang)}{in_english_note(o, lang)}" for o in lesson.objectives)),
        hidden_code(_setup(lang)),
    ]
    if audience is not None:
        tr = track(cur, audience)
        cells.append(markdown(f"**{text(tr.title, lang)}.** {text(tr.introduction, lang)}"))
    to_root = up(audience) if to_root is None else to_root
    sources = "\n\n".join(s for s in (_sources_md(cur, lesson, lang),
                                       toolkit.handout_links_md(cur, f"{to_root}{toolkit.HANDOUT_DIR}/")) if s)
    if sources:
        cells.append(markdown(sources))
    words = toolkit.words_md(cur, lesson, lang, to_root)
    if words:
        cells.append(markdown(words))
    scenarios = cur.scenarios_for(lesson.id, "practice", audience)
    parts = sections(lesson.body)
    example = cur.worked_example_for(lesson.id)
    start = min(example.after_section, len(parts) - 1) if example else 0  # practice comes after the example
    placed = [[] for _ in range(start)] + _placed(len(parts) - start, scenarios)
    for i, (section, group) in enumerate(zip(parts, placed)):
        cells.extend(markdown(passage_markdown(passage, lang)) for passage in section)
        if example is not None and i == start:
            cells.append(markdown(toolkit.worked_example_md(cur, example, lang)))
        for sc in group:
            cells.append(toolkit.call_in(lang, strings.PROGRESS_TODO_SCENARIO.format(title=text(sc.title, lang)),
                                  f'scenario("{sc.id}")'))
    cells += toolkit.lesson_extras_before_key_points(cur, lesson, lang, to_root)
    cells.append(markdown(f"## {strings.LESSON_KEY_POINTS}\n\n{_bullets(lesson.key_points, lang)}"))
    cells.append(toolkit.call_in(lang, strings.REFLECTION_LABEL, f'reflection("{lesson.id}")'))
    cells += toolkit.lesson_extras_after_reflection(cur, lesson, lang)
    cells.append(toolkit.call_in(lang, strings.PROGRESS_LESSON, f"progress({_args(lesson.id, audience=audience)})"))
    if lesson.kind == "synthesis":
        cells.append(markdown(f"## {strings.LESSON_COURSE_PROGRESS}"))
        cells.append(toolkit.call_in(lang, strings.PROGRESS_COURSE, f"progress({_args(audience=audience)})"))
    links = []
    if isinstance(next_lesson, str):
        if next_lesson:
            links.append(next_lesson)
    elif next_lesson is not None:
        links.append(f"**{strings.LESSON_NEXT}** [{text(next_lesson.title, lang)}]"
                     f"({lesson_path(next_lesson.order, next_lesson.id).rsplit('/', 1)[1]})")
    if app:
        links.append(index_link_md())
    if links:
        cells.append(markdown("\n\n".join(links)))
    meta = {"lesson": lesson.id, "kind": "lesson", **({"audience": audience} if audience else {}),
            **({"language": lang} if lang != "en" else {})}
    return notebook(cells, name=lesson.id, extra_metadata={"clientcraft": meta, "title": lesson_title(lesson, lang)})


def _labels(sc: Scenario) -> str:
    """Where a scenario is set and who the learner is, for the instructor's listing."""
    parts = [strings.region_name(sc.region)] if sc.region != "unspecified" else []
    if sc.audience != "owner":
        parts.append(f"{strings.SCENARIO_YOU_ARE.rstrip(':').lower()} {strings.audience_name(sc.audience)}")
    return f" ({'; '.join(parts)})" if parts else ""


def render_workshop(cur: Curriculum, lang: str = "en", audience: str | None = None) -> NotebookNode:
    """The instructor's notebook: the live cohort view (opening on ``audience``'s track when given), then each
    lesson's instructor notes and practice scenarios."""
    tracks_md = "".join(f"\n\n**{text(t.title, lang)}:** participants open the lessons in `notebooks/{t.audience}/` "
                        f"(or `./run app --audience {t.audience}`); choose *Track: {text(t.title, lang)}* below to "
                        f"list only its scenarios." for t in tracks(cur))
    cells = [
        markdown("# Workshop: instructor view\n\n"
                 "For the person running a live session. Everyone's answers go to one shared response log: set "
                 "`CLIENTCRAFT_LOG_URL` (for example a PostgreSQL URL) and `CLIENTCRAFT_COHORT` the same way for "
                 "every participant, and open this notebook on the instructor's machine.\n\n"
                 "Pick the scenario under discussion. The chart shows each participant's first answer at the "
                 "chosen decision, and the list shows who has not answered yet. Tick *Refresh every few "
                 "seconds* while people answer." + tracks_md),
        _call("Live cohort view",
              f"from clientcraft.runtime.workshop import workshop_view\nworkshop_view({_args(audience=audience)})"),
    ]
    for lesson in cur.lessons_in_order():
        scs = cur.scenarios_for(lesson.id, "practice", audience)
        listing = ("\n".join(f"- `{sc.id}`: {text(sc.title, lang)}{_labels(sc)}" for sc in scs)
                   or "- (no practice scenarios yet)")
        cells.append(markdown(f"## {lesson.order}. {text(lesson.title, lang)}\n\n"
                              f"**Instructor notes.** {text(lesson.instructor_notes, lang)}\n\n"
                              f"**Practice scenarios in this lesson:**\n\n{listing}"))
    cells += toolkit.workshop_review_cells(cur, lang)
    return notebook(cells, name="workshop", extra_metadata={"clientcraft": {"kind": "workshop"},
                                                            "title": "Workshop: instructor view"})


def render_index(cur: Curriculum, lang: str = "en", audience: str | None = None) -> NotebookNode:
    """The app's start page: the course title, who is answering, every lesson with its progress (in ``audience``'s
    track when given), the review sets and the handouts."""
    title = text(cur.meta.title, lang) if cur.meta else strings.INDEX_LESSONS
    about = text(cur.meta.description, lang) if cur.meta else ""
    cells = [
        markdown(f"# {title}\n\n{about}".strip()),
        hidden_code(_setup(lang)),
        markdown(f"## {strings.INDEX_LESSONS}"),
        toolkit.call_in(lang, strings.INDEX_LESSONS_CELL, "from clientcraft.runtime.widgets import lesson_index\n"
                        f"lesson_index({_args(audience=audience)})"),
    ]
    reviews = [(review_path(cur, rs).rsplit("/", 1)[1], text(rs.title, lang)) for rs in cur.review_sets.values()]
    if reviews:
        cells.append(markdown(f"## {strings.INDEX_REVIEWS}\n\n{strings.INDEX_REVIEWS_LEAD}"
                              "\n\n" + "\n".join(f"- [{title}]({name})" for name, title in sorted(reviews))))
    if toolkit.has_handouts(cur):
        cells.append(markdown(f"## {strings.HANDOUTS_NAV}\n\n{toolkit.handout_links_md(cur)} ([{strings.INDEX_ALL_HANDOUTS}]"
                              f"({toolkit.HANDOUTS_NOTEBOOK.split('/', 1)[1]}))"))
    return notebook(cells, name="index", extra_metadata={"clientcraft": {"kind": "index"}, "title": title})


def _shown(cur: Curriculum, lang: str) -> Curriculum:
    """``cur`` with its current translations into ``lang`` (English where there is none)."""
    if lang == "en":
        return cur
    from clientcraft.core.translations import localize

    return localize(cur, lang)


def render_app_notebooks(cur: Curriculum, *, instructor: bool = False, audience: str | None = None,
                         lang: str = "en") -> dict[str, NotebookNode]:
    """What ``clientcraft app`` serves (of ``audience``'s track when given, in ``lang``), keyed by file name in one
    flat folder: the index, the lessons and review sets (app variant), the handouts index, and with ``instructor``
    the workshop view (English: it is for the course team)."""
    workshop = render_workshop(cur, audience=audience) if instructor else None
    with strings.language(lang):
        shown = _shown(cur, lang)
        seq = course_sequence(shown, audience, lang)
        out: dict[str, NotebookNode] = {INDEX_NAME: render_index(shown, lang, audience=audience)}
        for lesson in shown.lessons_in_order():
            path = lesson_path(lesson.order, lesson.id, audience)
            out[path.rsplit("/", 1)[1]] = render_lesson(shown, lesson, next_link_md(seq, path), lang,
                                                        audience=audience, to_root="", app=True)
        for path, nb in toolkit.render_track_reviews(shown, audience, to_root="", app=True, lang=lang).items():
            out[path.rsplit("/", 1)[1]] = nb
        if toolkit.has_handouts(shown):
            out[toolkit.HANDOUTS_NOTEBOOK.rsplit("/", 1)[1]] = toolkit.render_handouts_notebook(shown)
    if lang != "en":
        for nb in out.values():
            nb.metadata.setdefault("clientcraft", {})["language"] = lang
    if workshop is not None:
        out[WORKSHOP_PATH.rsplit("/", 1)[1]] = workshop
    return out


def render_track(cur: Curriculum, audience: str | None = None, to_root: str | None = None,
                 lang: str = "en") -> dict[str, NotebookNode]:
    """The lesson notebooks of one audience's track (``None``: the full course), keyed by repo-relative path;
    ``to_root`` as in :func:`render_lesson`; ``cur`` already localized into ``lang``."""
    seq = course_sequence(cur, audience, lang)
    out: dict[str, NotebookNode] = {}
    for lesson in cur.lessons_in_order():
        path = lesson_path(lesson.order, lesson.id, audience)
        out[path] = render_lesson(cur, lesson, next_link_md(seq, path), lang, audience=audience, to_root=to_root)
    return out


def render_lessons(cur: Curriculum, lang: str = "en") -> dict[str, NotebookNode]:
    """Every lesson notebook, the workshop notebook and each declared track's notebooks, by repo-relative path.

    In another language (``lang``) the lesson notebooks (full course only) show the content's current
    translations (English, with a note, where there is none) and the interface texts of that language, and their
    widgets are called with it; the workshop notebook (for instructors) is English only."""
    if lang != "en":
        with strings.language(lang):
            return render_track(_shown(cur, lang), lang=lang)
    out = render_track(cur)
    out[WORKSHOP_PATH] = render_workshop(cur)
    for tr in tracks(cur):
        out.update(render_track(cur, tr.audience))
    return out
