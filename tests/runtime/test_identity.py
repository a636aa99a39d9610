"""Learner identity: the environment first, else one identity per browser; bad names are refused clearly."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from clientcraft.runtime import identity as ids
from clientcraft.runtime.identity import (IdentityError, browser_path, current_identity, load_browser_identity,
                                          local_time, save_browser_identity)
from clientcraft.runtime.widgets.identity import identity_widget

ANA, BUDI = "a" * 32, "b" * 32


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


def test_each_browser_keeps_its_own_name(no_env):
    save_browser_identity(ANA, "  Ana   Lima ", "March workshop")
    assert json.loads(browser_path(ANA).read_text())["learner_id"] == "Ana Lima"
    assert load_browser_identity(ANA) == ids.Identity("Ana Lima", "March workshop", "browser")
    assert load_browser_identity(BUDI) is None  # another browser on the same server is not Ana
    assert current_identity() is None  # nothing is per server any more


def test_browser_files_live_in_the_config_dir_next_to_the_log(no_env, monkeypatch, tmp_path):
    monkeypatch.delenv("CLIENTCRAFT_CONFIG_DIR")
    monkeypatch.setenv("CLIENTCRAFT_LOG", str(tmp_path / "logs" / "responses.sqlite"))
    assert browser_path(ANA) == tmp_path / "logs" / "browsers" / f"{ANA}.json"


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "A" * 32, "a" * 31, "a" * 33, None])
def test_tokens_that_are_not_ours_are_refused(no_env, token):
    with pytest.raises(IdentityError) as err:
        browser_path(token)
    assert err.value.field == "browser token"


@pytest.mark.parametrize("name,field", [("", "name"), ("x" * 65, "name"), ("<script>", "name")])
def test_bad_names_are_refused_and_nothing_written(no_env, name, field):
    with pytest.raises(IdentityError) as err:
        save_browser_identity(ANA, name)
    assert err.value.field == field
    assert not browser_path(ANA).exists()


def test_corrupt_file_names_the_file(no_env):
    path = browser_path(ANA)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    with pytest.raises(IdentityError) as err:
        load_browser_identity(ANA)
    assert str(path) in str(err.value) and "delete it" in str(err.value)


def test_widget_asks_a_new_browser_then_knows_it_after_reload(no_env):
    w = identity_widget()
    assert w.state == "waiting"  # no browser has connected yet (Voila runs the lesson before the page opens)
    w.hello(ANA, "Asia/Jakarta")
    assert w.state == "ask" and current_identity() is None
    w.save("<b>x</b>")
    assert w.state == "ask" and "use letters" in w.error and current_identity() is None
    assert w.learner == "<b>x</b>"  # kept in the field for correcting; the front end shows it as text
    w.save("O'Brien", "Tuesday group")
    assert (w.state, w.learner, w.cohort, w.error) == ("known", "O'Brien", "Tuesday group", "")
    assert current_identity() == ids.Identity("O'Brien", "Tuesday group", "browser")
    # a reload is a new kernel: the same browser token brings the same name back without asking
    ids.reset_session()
    again = type(w)()
    again.hello(ANA)
    assert again.state == "known" and current_identity().learner_id == "O'Brien"


def test_change_name_and_cancel(no_env):
    w = identity_widget()
    w.hello(ANA)
    w.save("Ana")
    w._on_message(w, {"type": "change"}, [])
    assert w.state == "ask" and w.previous
    w._on_message(w, {"type": "cancel"}, [])
    assert w.state == "known" and w.learner == "Ana"
    w._on_message(w, {"type": "change"}, [])
    w._on_message(w, {"type": "save", "name": "Ana Lima", "cohort": ""}, [])
    assert current_identity().learner_id == "Ana Lima" and load_browser_identity(ANA).learner_id == "Ana Lima"


def test_second_browser_on_one_kernel_is_told_it_shares(no_env):
    w = identity_widget()
    w.hello(ANA)
    w.save("Ana")
    w.hello(BUDI)
    assert w.shared and current_identity().learner_id == "Ana"


def test_hub_user_needs_no_form(no_env, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "ana.lima")
    w = identity_widget()
    w.hello(ANA)
    assert (w.state, w.learner) == ("fixed", "ana.lima") and not browser_path(ANA).exists()


def test_listeners_hear_when_the_browser_names_itself(no_env):
    heard = []

    class View:
        def changed(self):
            heard.append(current_identity().learner_id)

    view = View()
    ids.on_identity_change(view.changed)
    w = identity_widget()
    w.hello(ANA)
    w.save("Ana")
    assert heard == ["Ana"]
    del view  # held weakly: a closed view is not called again
    w.save("Ana Lima")
    assert heard == ["Ana"]


def test_times_are_written_in_the_browsers_zone(no_env):
    noon = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
    assert local_time(noon) == "01 Mar 2025, 12:00 UTC"
    identity_widget().hello(ANA, "Europe/Oslo")
    assert local_time(noon) == "01 Mar 2025, 13:00 CET"
    identity_widget().hello(ANA, "Asia/Jakarta")
    assert local_time(noon) == "01 Mar 2025, 19:00 WIB"
    ids.set_timezone("Not/AZone")  # ignored
    assert local_time(noon) == "01 Mar 2025, 19:00 WIB"
