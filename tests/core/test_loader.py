"""Loading content: where it is found, and what happens when it is not there or is broken."""

from __future__ import annotations

import pytest

from clientcraft.core.errors import ContentError, ContentNotFoundError, UnknownItemError
from clientcraft.core.loader import load_curriculum
from clientcraft.core.settings import CONTENT_ENV, content_dir


def test_content_dir_honours_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(CONTENT_ENV, str(tmp_path))
    assert content_dir() == tmp_path.resolve()


def test_missing_content_folder_says_where_it_looked(tmp_path):
    with pytest.raises(ContentNotFoundError, match=str(tmp_path / "nowhere")):
        load_curriculum(tmp_path / "nowhere")


def test_strict_loading_raises_with_every_problem(content_copy):
    root = content_copy("practice/practice.yaml", lambda d: d["scenarios"][0]["steps"][0]["options"][0].update(next="s9"))
    with pytest.raises(ContentError) as info:
        load_curriculum(root)
    assert any("dead end" in str(p) for p in info.value.problems)
    assert "practice/practice.yaml" in str(info.value)
    assert load_curriculum(root, strict=False).scenarios["p-one"]  # non-strict still loads for reporting


def test_lookups(content_copy):
    cur = load_curriculum(content_copy())
    assert [les.id for les in cur.lessons_in_order()] == ["intro", "the-lesson"]
    assert [s.id for s in cur.scenarios_for("the-lesson", "practice")] == ["p-one", "p-two"]
    assert cur.file_of("scenarios", "a-one") == "assessment/assessment.yaml"
    assert cur.has_assessment
    with pytest.raises(UnknownItemError, match="unknown scenario 'nope'"):
        cur.scenario("nope")


def test_a_file_that_is_not_a_mapping(content_copy):
    root = content_copy("misconceptions.yaml", raw="- just\n- a list\n")
    with pytest.raises(ContentError, match="misconceptions.yaml: a content file must be a mapping"):
        load_curriculum(root)
