"""Graded items stay free of surface cues in every language: the answer-blind strategies run on the options as
learners read them in each language, with the English limits."""

from __future__ import annotations

import pytest

from clientcraft.core.audit import audit, audit_problems_in, bank, _clauses
from clientcraft.core.languages import TRANSLATED_LANGUAGES
from clientcraft.core.loader import load_curriculum
from clientcraft.core.translations import localize


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


def test_the_bank_reads_the_options_in_the_language_asked(cur):
    shown = localize(cur, "de")
    translated = [(en, de) for en, de in zip(bank(shown), bank(shown, "de")) if en.choices != de.choices]
    assert translated, "no German option texts: the bank would audit English twice"
    en, de = translated[0]
    assert [c.id for c in en.choices] == [c.id for c in de.choices]
    assert [c.credit for c in en.choices] == [c.credit for c in de.choices]


def test_clause_counts_use_the_languages_own_and():
    assert _clauses("Zuhören und klären, dann handeln", "de") == 3
    assert _clauses("Listen and clarify, then act", "en") == 3
    assert _clauses("Zuhören and klären", "de") == 1


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_no_answer_blind_strategy_beats_chance_in_the_translation(cur, lang):
    problems = audit_problems_in(audit(localize(cur, lang), lang), lang)
    assert not problems, "\n".join(problems)
