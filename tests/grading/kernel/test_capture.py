"""Answer capture: widgets driven from Python, durable saving, reopening, plain-text fallback, no key leaks."""

from __future__ import annotations

import json

import pytest

from clientcraft.grading.errors import AnswerError
from clientcraft.grading.kernel.capture import AssessmentForm, NotAnsweredError, check_answered
from clientcraft.rendering.assignments import exercise_path, render_assignments

from ...conftest import ASSIGNMENT
from ..learners import open_form


@pytest.fixture
def folder(grading_cur, tmp_path, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    nb = render_assignments(grading_cur)[exercise_path(ASSIGNMENT)]
    import nbformat

    nbformat.write(nb, tmp_path / f"{ASSIGNMENT}.ipynb")
    return tmp_path


def _html(view) -> str:
    return "\n".join(getattr(w, "value", "") for w in view.widget.children)


def test_clicks_save_at_once_and_branch(folder):
    form = open_form(folder, ASSIGNMENT)
    view = form.show("quiz-logo-redo")
    assert list(view.buttons) == ["open"]
    view.click("open", "c")
    saved = json.loads((folder / "answers.json").read_text())
    assert saved["items"] == {"quiz-logo-redo": {"open": "c"}}
    assert list(view.buttons) == ["open", "offer"]  # the next step appears after a choice
    view.click("offer", "a")
    assert json.loads((folder / "answers.json").read_text())["items"]["quiz-logo-redo"] == {"open": "c", "offer": "a"}


def test_reopening_shows_the_saved_choices(folder):
    open_form(folder, ASSIGNMENT).show("quiz-late-payer").click("reply", "b")
    view = open_form(folder, ASSIGNMENT).show("quiz-late-payer")
    assert view.buttons["reply"]["b"].button_style == "info"
    assert view.buttons["reply"]["a"].button_style == ""
    assert "Your answer: B" in view.plain_text()


def test_no_consequence_or_coaching_before_grading(folder):
    form = open_form(folder, ASSIGNMENT)
    view = form.show("quiz-logo-redo")
    view.click("open", "b")
    view.click("offer", "b")
    shown = _html(view) + view.plain_text() + json.dumps(view._repr_mimebundle_())
    assert "KEYTXT" not in shown and "credit" not in shown


def test_item_text_is_escaped(folder):
    view = open_form(folder, ASSIGNMENT).show("quiz-logo-redo")
    assert "Cy &lt;Boss&gt;" in _html(view) and "<Boss>" not in _html(view)
    assert "cafe &amp; bakery" in _html(view)


def test_unknown_items_steps_and_options_are_refused(folder):
    form = open_form(folder, ASSIGNMENT)
    with pytest.raises(AnswerError, match="not an item"):
        form.show("nope")
    with pytest.raises(AnswerError, match="not a step"):
        form.choose("quiz-logo-redo", "nope", "a")
    with pytest.raises(AnswerError, match="not an option"):
        form.choose("quiz-logo-redo", "open", "z")
    with pytest.raises(AnswerError, match="no such button"):
        form.show("quiz-logo-redo").click("offer", "a")  # not reached yet
    assert not (folder / "answers.json").exists()


def test_unreadable_answers_file_is_kept_and_reported(folder):
    (folder / "answers.json").write_text("{broken")
    form = open_form(folder, ASSIGNMENT)
    assert "could not be read" in form.problem
    assert "could not be read" in _html(form.show("quiz-late-payer"))
    form.choose("quiz-late-payer", "reply", "a")
    (kept,) = folder.glob("answers.unreadable-*.json")
    assert kept.read_text() == "{broken"
    assert json.loads((folder / "answers.json").read_text())["items"] == {"quiz-late-payer": {"reply": "a"}}


def test_plain_text_fallback_answers_every_step(folder):
    form = open_form(folder, ASSIGNMENT)
    replies = iter(["x", "c", "a", "b"])  # 'x' is refused and asked again
    out: list[str] = []
    saved = form.ask_in_text(input_fn=lambda _prompt: next(replies), output=out.append)
    assert saved == 3
    assert any("'x' is not one of" in line for line in out)
    again = AssessmentForm.from_json(json.dumps({"assignment": ASSIGNMENT, "items": [
        i.model_dump(mode="json") for i in form._items.values()]}), folder)
    assert again.answers.items == {"quiz-logo-redo": {"open": "c", "offer": "a"}, "quiz-late-payer": {"reply": "b"}}
    assert form.ask_in_text(input_fn=lambda _p: pytest.fail("nothing left to ask"), output=out.append) == 0


def test_plain_text_fallback_can_be_skipped_and_is_silent_under_nbgrader(folder, monkeypatch):
    form = open_form(folder, ASSIGNMENT)
    asked: list[str] = []
    assert form.ask_in_text(input_fn=lambda p: asked.append(p) or "", output=lambda _l: None) == 0
    assert len(asked) == 1  # one Enter stops the whole fallback
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert form.ask_in_text(input_fn=lambda _p: pytest.fail("must not ask"), output=lambda _l: None) == 0


def test_check_answered_raises_for_learners_but_not_while_autograding(folder, monkeypatch):
    with pytest.raises(NotAnsweredError, match="cannot be checked"):
        check_answered("quiz-logo-redo", folder)
    open_form(folder, ASSIGNMENT).choose("quiz-late-payer", "reply", "a")
    with pytest.raises(NotAnsweredError, match="has no answer yet"):
        check_answered("quiz-logo-redo", folder)
    check_answered("quiz-late-payer", folder)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    check_answered("quiz-logo-redo", folder)
