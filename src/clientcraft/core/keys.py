"""The two views of a graded item: the public view learners see, and the key that only hidden tests hold.

The public view of a scenario carries what a learner needs to answer (title, persona, situation, step
prompts, option texts and where each option leads) and nothing that grades: no credit, consequence,
coaching, misconception or recommendation. The key carries everything needed to score and explain a choice.
Both are plain JSON-ready dictionaries, so they can be embedded in notebooks.
"""

from __future__ import annotations

from typing import Any

from .schema import Prompt, Scenario, text

PUBLIC_FIELDS_FORBIDDEN = ("credit", "consequence", "coaching", "misconception", "recommendations")
"""Keys that must never appear in a public item (checked by :func:`public_item` and the tests)."""


def public_item(scenario: Scenario, lang: str = "en") -> dict[str, Any]:
    """What a learner sees of an assessment scenario (no credits, consequences or coaching)."""
    steps = {}
    for step in scenario.steps:
        steps[step.id] = {
            "narrative": text(step.narrative, lang) if step.narrative else "",
            "prompt": text(step.prompt, lang),
            "options": [{"id": o.id, "text": text(o.text, lang), "next": o.next} for o in step.options],
        }
    return {
        "id": scenario.id,
        "title": text(scenario.title, lang),
        "persona": {"name": scenario.persona.name, "description": text(scenario.persona.description, lang)},
        "situation": text(scenario.situation, lang),
        "entry": scenario.steps[0].id,
        "steps": steps,
    }


def public_prompt(prompt: Prompt, lang: str = "en") -> dict[str, Any]:
    """What a learner sees of a written prompt (no rubric, no model answers)."""
    return {"id": prompt.id, "prompt": text(prompt.prompt, lang)}


def item_key(scenario: Scenario, lang: str = "en") -> dict[str, Any]:
    """The answer key of one scenario: credit, consequence, coaching and tags of every option."""
    steps = {}
    for step in scenario.steps:
        steps[step.id] = {
            "prompt": text(step.prompt, lang),
            "options": {
                o.id: {
                    "text": text(o.text, lang),
                    "credit": float(o.credit),
                    "next": o.next,
                    "misconception": o.misconception,
                    "recommendations": list(o.recommendations),
                    "consequence": text(o.consequence, lang),
                    "coaching": text(o.coaching, lang),
                }
                for o in step.options
            },
        }
    return {
        "id": scenario.id,
        "lesson": scenario.lesson,
        "title": text(scenario.title, lang),
        "entry": scenario.steps[0].id,
        "recommendations": list(scenario.recommendations),
        "steps": steps,
    }


def best_choices(key: dict[str, Any]) -> dict[str, str]:
    """The best option (highest credit, first on ties) at every step along the best path."""
    choices: dict[str, str] = {}
    step = key["entry"]
    while step and step not in choices:
        options = key["steps"][step]["options"]
        best = max(options, key=lambda oid: options[oid]["credit"])
        choices[step] = best
        step = options[best]["next"]
    return choices
