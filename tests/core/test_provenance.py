"""Every piece of advice cites an article section or is marked as the course's own view."""

from __future__ import annotations

from clientcraft.core.check import check_curriculum
from clientcraft.core.loader import load_curriculum
from clientcraft.rendering.lessons import passage_markdown, render_lessons


def _errors(root):
    return [str(p) for p in check_curriculum(load_curriculum(root, strict=False)) if p.severity == "error"]


def test_best_option_resting_on_course_view_alone_fails(content_copy):
    def make_course_view(d):
        own = d["recommendations"][1]
        own.pop("citations")
        own["course_view"] = True
    root = content_copy("recommendations.yaml", make_course_view)
    errors = _errors(root)
    # p-one's second step keys "Own it." as best, citing own-it only
    assert any("scenarios (p-one): steps[1] (s2).options[0] (a).recommendations: the best option rests on "
               "course-view advice alone (own-it)" in e for e in errors), errors
    # a best option that also cites article advice is fine
    assert not any("scenarios (p-two)" in e and "course-view" in e for e in errors)


def test_unattributed_advice_is_reported(content_copy):
    content_copy("recommendations.yaml", lambda d: d["recommendations"][0].pop("citations"))
    root = content_copy("lessons/lessons.yaml", lambda d: d["lessons"][1]["key_points"].append("Be nice."))
    errors = _errors(root)
    assert any("recommendations (listen-first): citations: say where this comes from" in e for e in errors)
    assert any("lessons (the-lesson): key_points[2]: say where this comes from" in e for e in errors)


def test_course_view_is_labelled_where_learners_read_it(content_copy):
    from clientcraft.rendering.html import recommendations, widget

    cur = load_curriculum(content_copy())
    lesson = cur.lessons["the-lesson"]
    nb = render_lessons(cur)["notebooks/01-the-lesson.ipynb"]
    sources = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert sources[sources.index(passage_markdown(lesson.body[0]))] == "## Listen\n\nListen first."
    keys = next(s for s in sources if s.startswith("## Key points"))
    assert "- Own it. <small>(course view)</small>" in keys and "- Listen.\n" in keys
    root = content_copy("recommendations.yaml", lambda d: d["recommendations"][1].update(course_view=True))
    html = widget("recommendations", recommendations(load_curriculum(root, strict=False), ["own-it", "listen-first"]),
                  "en")
    assert "<b>Course view</b>" in html and html.count("Course view") == 1


def test_shipped_course_view_statements_are_labelled_in_notebooks():
    cur = load_curriculum()
    nbs = render_lessons(cur)
    text = "\n".join(c.source for nb in nbs.values() for c in nb.cells)
    marked = [p for les in cur.lessons.values() for p in les.body if p.course_view]
    assert marked, "the course states some views of its own; they must be marked"
    assert text.count("**Course view**") >= len(marked)
