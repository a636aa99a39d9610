"""The learner's language: chosen by environment or remembered, shown by the widgets, stored with every event."""

from __future__ import annotations

import pytest

from clientcraft.core.languages import LanguageError
from clientcraft.rendering import strings
from clientcraft.runtime import identity as ids
from clientcraft.runtime.identity import current_language, save_language
from clientcraft.runtime.widgets import scenario
from clientcraft.runtime.widgets.identity import identity_widget, reset_identity_widget

TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def content(monkeypatch, cur, tmp_path):
    monkeypatch.setenv("CLIENTCRAFT_CONTENT", str(cur.root))
    monkeypatch.setenv("CLIENTCRAFT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CLIENTCRAFT_LANG", raising=False)
    return cur


def _answer(w):
    w.view.value = w.scenario.steps[0].options[0].id
    w.submit()


def test_environment_language_shows_translated_interface_and_is_stored_with_the_event(content, log, monkeypatch):
    monkeypatch.setenv("CLIENTCRAFT_LANG", "id")
    w = scenario("p-two")
    assert w.view.labels["submit"] == "Kirim"  # the front end's texts come from Python, translated
    assert identity_widget().text["ask_title"] == "Sebelum mulai"
    _answer(w)
    events = log.frame()
    assert list(events["language"]) == ["id"]
    assert strings.SCENARIO_SUBMIT == "Kirim"


def test_language_is_remembered_beside_the_browsers_name_and_survives_a_new_name(content, log, monkeypatch):
    monkeypatch.delenv("CLIENTCRAFT_LEARNER")  # the browser names the learner, as in the app
    monkeypatch.delenv("CLIENTCRAFT_COHORT")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert current_language() == "en"
    save_language("fil")  # another spelling of Tagalog is stored as the one code
    assert current_language() == "tl"
    widget = identity_widget()
    widget.hello(TOKEN)  # the browser connects: the kernel's choice is written beside the name it gives
    save_language("tl")
    widget.save("Ana Lima")
    _answer(scenario("p-two"))
    assert list(log.frame()["language"]) == ["tl"]
    assert ids.load_browser_identity(TOKEN).learner_id == "Ana Lima"
    reset_identity_widget()  # a new kernel (the next lesson) in the same browser
    assert current_language() == "en"
    identity_widget().hello(TOKEN)
    assert current_language() == "tl"
    assert '"language": "tl"' in ids.browser_path(TOKEN).read_text(encoding="utf-8")


def test_environment_wins_over_the_remembered_choice_and_a_bad_value_is_named(content, monkeypatch):
    save_language("de")
    monkeypatch.setenv("CLIENTCRAFT_LANG", "nb-NO")
    assert current_language() == "nb"
    monkeypatch.setenv("CLIENTCRAFT_LANG", "fr")
    with pytest.raises(LanguageError, match="CLIENTCRAFT_LANG.*'fr'"):
        current_language()


def test_url_parameter_chooses_and_remembers_the_language(content, monkeypatch):
    from clientcraft.runtime.widgets import learner

    monkeypatch.setenv("QUERY_STRING", "lang=de&x=1")
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/00-welcome.ipynb")
    box = learner()
    assert current_language() == "de" and strings.active_language() == "de"
    html = " ".join(getattr(c, "value", "") for c in box.children[1].children if hasattr(c, "value"))
    assert "de/00-welcome.ipynb" in html and "Deutsch" in html
    monkeypatch.setenv("QUERY_STRING", "lang=xx")
    learner()
    assert current_language() == "de"  # an unknown value changes nothing


def test_selector_remembers_the_choice_and_links_to_the_lesson_in_it(content, monkeypatch):
    from clientcraft.runtime.widgets.language import LanguageChoice

    choice = LanguageChoice("id", notebook_language="id", notebook="00-welcome.ipynb")
    assert choice.dropdown.description == strings.LANGUAGE_LABEL
    choice.dropdown.value = "nb"
    assert current_language() == "nb"
    assert "../nb/00-welcome.ipynb" in choice.message.value
    choice.dropdown.value = "en"
    assert "../00-welcome.ipynb" in choice.message.value
