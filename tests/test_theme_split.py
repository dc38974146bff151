"""Two themes in one breath (bot/core/themes.py ``ThemeRanking.split``)."""

from __future__ import annotations

from bot.core.themes import rank_themes
from bot.knowledge.base import knowledge
from tests.conftest import TEST_THEME_SETTINGS

CLAUSES = [
    {"text": "the explanation for the bruise was vague", "intent": "describe_vague_explanation",
     "confidence": 0.99},
    {"text": "mum promises it won't happen again", "intent": "describe_promises_to_change",
     "confidence": 0.99},
]  # fmt: skip
CONFIG = {**TEST_THEME_SETTINGS, "present_min_score": 0.4, "present_min_lead": 0.05}


def _ranking(second: float):
    intents = [
        {"name": "describe_promises_to_change", "confidence": 1.0 - second},
        {"name": "describe_vague_explanation", "confidence": second},
    ]
    return rank_themes(knowledge(), intents, (), CLAUSES, CONFIG)


def test_torn_between_the_themes_its_clauses_name_is_no_clear_call() -> None:
    ranking = _ranking(0.45)
    assert ranking.split and not ranking.is_clear(CONFIG)
    assert ranking.themes[:2] == ["professional_over_optimism", "professional_curiosity"]


def test_a_clear_lead_over_the_other_clause_theme_stays_clear() -> None:
    ranking = _ranking(0.2)
    assert not ranking.split and ranking.is_clear(CONFIG)


def test_clauses_not_sure_of_the_two_themes_do_not_split() -> None:
    unsure = [{**c, "confidence": 0.7} for c in CLAUSES]
    intents = [
        {"name": "describe_promises_to_change", "confidence": 0.55},
        {"name": "describe_vague_explanation", "confidence": 0.45},
    ]
    assert not rank_themes(knowledge(), intents, (), unsure, CONFIG).split
