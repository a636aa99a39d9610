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


# --------------------------------------------------------------------------------------------- content snapshots
def test_a_snapshot_serves_the_same_content_without_reading_the_yaml(content_copy, tmp_path, monkeypatch):
    from clientcraft.core import loader

    monkeypatch.setenv("CLIENTCRAFT_CACHE_DIR", str(tmp_path / "cache"))
    root = content_copy()
    first = loader.load_snapshot(root)
    assert list((tmp_path / "cache" / "content").rglob("*.pickle"))

    def no_yaml(*_a, **_k):
        raise AssertionError("the snapshot should have been used")

    monkeypatch.setattr(loader, "load_curriculum", no_yaml)
    again = loader.load_snapshot(root)
    assert again.scenarios.keys() == first.scenarios.keys()
    assert again.scenarios == first.scenarios and again.lessons == first.lessons


def test_an_edited_content_file_is_read_again_and_a_broken_snapshot_ignored(content_copy, tmp_path, monkeypatch):
    from clientcraft.core import loader

    monkeypatch.setenv("CLIENTCRAFT_CACHE_DIR", str(tmp_path / "cache"))
    root = content_copy()
    loader.load_snapshot(root)
    lesson_file = next(root.glob("lessons/*.yaml"))
    lesson_file.write_text(lesson_file.read_text(encoding="utf-8").replace("title:", "title: Edited", 1) + "\n",
                           encoding="utf-8")
    edited = loader.load_snapshot(root)
    assert any("Edited" in str(les.title) for les in edited.lessons.values())
    assert len(list((tmp_path / "cache" / "content").rglob("*.pickle"))) == 1  # the old snapshot is gone

    snapshot = next((tmp_path / "cache" / "content").rglob("*.pickle"))
    snapshot.write_bytes(b"not a pickle")
    assert loader.load_snapshot(root).lessons.keys() == edited.lessons.keys()
