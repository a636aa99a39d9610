"""Learner identity: environment first, then the one-time prompt's file; bad names are refused clearly."""

from __future__ import annotations

import json

import pytest

from clientcraft.runtime.identity import IdentityError, IdentityPrompt, config_path, current_identity, save_identity


@pytest.fixture
def no_env(monkeypatch):
    for name in ("CLIENTCRAFT_LEARNER", "JUPYTERHUB_USER", "CLIENTCRAFT_COHORT"):
        monkeypatch.delenv(name, raising=False)


def test_learner_env_wins(monkeypatch, no_env):
    monkeypatch.setenv("JUPYTERHUB_USER", "hubuser")
    assert current_identity().learner_id == "hubuser" and current_identity().source == "hub"
    monkeypatch.setenv("CLIENTCRAFT_LEARNER", "ana")
    monkeypatch.setenv("CLIENTCRAFT_COHORT", "march")
    ident = current_identity()
    assert (ident.learner_id, ident.cohort, ident.source) == ("ana", "march", "env")


def test_nothing_configured_means_ask(no_env):
    assert current_identity() is None


def test_saved_identity_is_used_next_time(no_env):
    save_identity("  Ana   Lima ", "March workshop")
    assert json.loads(config_path().read_text())["learner_id"] == "Ana Lima"
    ident = current_identity()
    assert (ident.learner_id, ident.cohort, ident.source) == ("Ana Lima", "March workshop", "file")


def test_config_dir_defaults_next_to_the_log(no_env, monkeypatch, tmp_path):
    monkeypatch.delenv("CLIENTCRAFT_CONFIG_DIR")
    monkeypatch.setenv("CLIENTCRAFT_LOG", str(tmp_path / "logs" / "responses.sqlite"))
    assert config_path() == tmp_path / "logs" / "identity.json"


@pytest.mark.parametrize("name,field", [("", "name"), ("x" * 65, "name"), ("<script>", "name")])
def test_bad_names_are_refused_and_nothing_written(no_env, name, field):
    with pytest.raises(IdentityError) as err:
        save_identity(name)
    assert err.value.field == field
    assert not config_path().exists()


def test_corrupt_file_names_the_file(no_env):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("{not json")
    with pytest.raises(IdentityError) as err:
        current_identity()
    assert str(config_path()) in str(err.value) and "delete it" in str(err.value)


def test_prompt_widget_saves_and_escapes(no_env):
    seen = []
    prompt = IdentityPrompt(on_saved=seen.append)
    prompt.name.value = "<b>x</b>"
    prompt.save.click()
    assert "use letters" in prompt.message.value and "<b>x" not in prompt.message.value
    assert seen == [] and current_identity() is None
    prompt.name.value = "O'Brien"
    prompt.cohort.value = "Tuesday group"
    prompt.save.click()
    assert [i.learner_id for i in seen] == ["O'Brien"]
    assert "O&#39;Brien" in prompt.message.value and prompt.save.disabled
    assert current_identity().cohort == "Tuesday group"
