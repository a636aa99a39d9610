"""`clientcraft check` finds each kind of content error and names the file, item and field."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from clientcraft.cli import main
from clientcraft.core.check import check_curriculum
from clientcraft.core.errors import ContentError
from clientcraft.core.loader import load_curriculum


def problems_of(root):
    try:
        cur = load_curriculum(root, strict=False)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in check_curriculum(cur) if p.severity == "error"]


def test_fixture_content_is_clean(content_copy):
    assert problems_of(content_copy()) == []


def _first_option(data, scenario=0, step=0, option=0):
    return data["scenarios"][scenario]["steps"][step]["options"][option]


CASES = {
    "unknown recommendation id": (
        "practice/practice.yaml",
        lambda d: d["scenarios"][0]["recommendations"].append("no-such-rec"),
        ["practice/practice.yaml", "scenarios (p-one)", "recommendations[2]", "unknown recommendation 'no-such-rec'"],
    ),
    "duplicate id across files": (
        "assessment/assessment.yaml",
        lambda d: d["scenarios"][0].update(id="p-one"),
        ["assessment/assessment.yaml", "scenarios (p-one)", "duplicate id", "practice/practice.yaml"],
    ),
    "recommendation no scenario exercises": (
        "recommendations.yaml",
        lambda d: d["recommendations"].append({**d["recommendations"][0], "id": "orphan-advice"}),
        ["recommendations.yaml", "recommendations (orphan-advice)", "no scenario exercises"],
    ),
    "citation to a section that does not exist": (
        "recommendations.yaml",
        lambda d: d["recommendations"][1]["citations"][0].update(section="nine"),
        ["recommendations.yaml", "recommendations (own-it)", "citations[0].section", "no section 'nine'"],
    ),
    "citation to an unknown source": (
        "recommendations.yaml",
        lambda d: d["recommendations"][1]["citations"][0].update(source="doc-z"),
        ["recommendations (own-it)", "citations[0].source", "unknown source 'doc-z'"],
    ),
    "missing citation": (
        "recommendations.yaml",
        lambda d: d["recommendations"][0].update(citations=[]),
        ["recommendations.yaml", "recommendations (listen-first)", "citations", "say where this comes from"],
    ),
    "option set with no best answer": (
        "practice/practice.yaml",
        lambda d: _first_option(d, 1).update(credit=0.5, misconception="getting-defensive"),
        ["scenarios (p-two)", "steps[0] (s1).options", "no best answer"],
    ),
    "unreachable step": (
        "practice/practice.yaml",
        lambda d: [o.pop("next") for o in d["scenarios"][0]["steps"][0]["options"]],
        ["scenarios (p-one)", "steps[1] (s2)", "unreachable"],
    ),
    "dead-end branch": (
        "practice/practice.yaml",
        lambda d: _first_option(d).update(next="s9"),
        ["scenarios (p-one)", "options[0] (a).next", "dead end", "'s9'"],
    ),
    "looping steps": (
        "practice/practice.yaml",
        lambda d: d["scenarios"][0]["steps"][1]["options"][0].update(next="s1"),
        ["scenarios (p-one)", "loop"],
    ),
    "non-best option without misconception": (
        "practice/practice.yaml",
        lambda d: _first_option(d, 1, 0, 1).pop("misconception"),
        ["scenarios (p-two)", "options[1] (b).misconception", "needs a misconception tag"],
    ),
    "missing required text": (
        "practice/practice.yaml",
        lambda d: _first_option(d).pop("consequence"),
        ["practice/practice.yaml", "scenarios[0] (p-one)", "steps[0].options[0].consequence", "required field is missing"],
    ),
    "empty English text": (
        "lessons/lessons.yaml",
        lambda d: d["lessons"][1].update(reflection="   "),
        ["lessons/lessons.yaml", "lessons[1] (the-lesson)", "reflection", "English text"],
    ),
    "unknown field": (
        "lessons/lessons.yaml",
        lambda d: d["lessons"][0].update(summery="typo"),
        ["lessons[0] (intro)", "summery", "unknown field"],
    ),
    "unknown lesson": (
        "recommendations.yaml",
        lambda d: d["recommendations"][0].update(lesson="lesson-x"),
        ["recommendations (listen-first)", "lesson", "unknown lesson 'lesson-x'"],
    ),
    "practice scenario in a graded assignment": (
        "assessment/assessment.yaml",
        lambda d: d["assignments"][0]["scenarios"].append("p-two"),
        ["assignments (assess-the-lesson)", "scenarios[1]", "practice scenario"],
    ),
    "rubric score above the criterion's points": (
        "assessment/assessment.yaml",
        lambda d: d["prompts"][0]["model_answers"][0]["scores"].update(listens=3),
        ["prompts (w-one)", "model_answers[0].scores.listens", "outside 0..2"],
    ),
    "coaching cites a recommendation the scenario does not list": (
        "practice/practice.yaml",
        lambda d: d["scenarios"][1].update(recommendations=["listen-first"]),
        ["scenarios (p-two)", "options[0] (a).recommendations[1]", "do not list"],
    ),
    "wrong schema version": (
        "misconceptions.yaml",
        lambda d: d.update(schema_version=99),
        ["misconceptions.yaml", "schema_version", "99"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_error_kind_is_reported_precisely(content_copy, name):
    rel, mutate, expected = CASES[name]
    root = content_copy(rel, mutate)
    problems = problems_of(root)
    matching = [p for p in problems if all(e in p for e in expected)]
    assert matching, f"{name}: expected a problem containing {expected}, got {problems}"


def test_invalid_yaml_names_file_and_line(content_copy):
    root = content_copy("misconceptions.yaml", raw="schema_version: 1\nmisconceptions:\n  - id: x\n   label: bad\n")
    (problem,) = problems_of(root)
    assert problem.startswith("misconceptions.yaml") and "line 4" in problem and "not valid YAML" in problem


def test_all_problems_are_reported_at_once(content_copy):
    content_copy("practice/practice.yaml", lambda d: _first_option(d).update(next="s9"))
    root = content_copy("recommendations.yaml", lambda d: d["recommendations"][1]["citations"][0].update(section="xx"))
    problems = problems_of(root)
    assert any("dead end" in p for p in problems) and any("no section 'xx'" in p for p in problems)


def test_cli_check_exit_codes(content_copy):
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "--content", str(content_copy())])
    assert ok.exit_code == 0, ok.output
    assert "ok: 1 sources, 2 lessons" in ok.output
    root = content_copy("practice/practice.yaml", lambda d: _first_option(d).update(next="s9"))
    bad = runner.invoke(main, ["check", "--content", str(root)])
    assert bad.exit_code == 1
    assert "practice/practice.yaml: scenarios (p-one): steps[0] (s1).options[0] (a).next: dead end" in bad.output


def test_shipped_content_passes_check():
    runner = CliRunner()
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
