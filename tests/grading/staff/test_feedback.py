"""Safe feedback: test sources redacted, tracebacks dropped, the learner's own summary escaped."""

from __future__ import annotations

import nbformat

from clientcraft.core.branching import score
from clientcraft.core.keys import item_key
from clientcraft.grading.kernel.summary import item_summary_html
from clientcraft.grading.staff.feedback import REDACTED_SOURCE, RedactHiddenTests
from clientcraft.rendering.assignments import exercise_path, render_assignments

from ...conftest import ASSIGNMENT


def test_redaction_removes_every_test_source_and_traceback(grading_cur):
    nb = render_assignments(grading_cur)[exercise_path(ASSIGNMENT)]
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    tests[0].outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>summary</p>"}),
                        nbformat.v4.new_output("execute_result", data={"text/plain": "0.5"}, execution_count=1)]
    tests[1].outputs = [nbformat.v4.new_output("error", ename="X", evalue="y",
                                               traceback=["grade_item('{\"credit\": 1 KEYTXT')"])]
    out, _ = RedactHiddenTests().preprocess(nb, {})
    text = nbformat.writes(out)
    assert "BEGIN HIDDEN" not in text and "KEYTXT-co" not in text and "grade_item" not in text
    assert sum(c.source == REDACTED_SOURCE for c in out.cells) == 2
    assert "<p>summary</p>" in text and '"0.5"' in text
    assert "could not be scored automatically" in text


def test_summary_shows_only_the_path_taken_and_escapes(grading_cur):
    sc = grading_cur.scenario("quiz-logo-redo")
    key = item_key(sc).model_copy(update={"title": "<b>Title</b>"})
    html_text = item_summary_html(key, score(key.graph, {"open": "b"}), problem="<script>x</script>")
    assert "KEYTXT-cons-open-b" in html_text and "KEYTXT-coach-open-b" in html_text
    assert "KEYTXT-cons-open-a" not in html_text and "KEYTXT-cons-offer" not in html_text
    assert "No answer; this step counts 0." in html_text
    assert "&lt;b&gt;Title&lt;/b&gt;" in html_text and "<script>" not in html_text
    assert ": 0 / 1" in html_text
