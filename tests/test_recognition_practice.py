"""A bundled theme's nearest hand-written example as a sign of its own in the theme ranking
(bot/core/themes.py ``practice_shares``; ``practice`` in the parse data, theme_similarity.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.core.themes import practice_shares, rank_themes
from bot.knowledge import CONTENT_DIR, knowledge, load_knowledge
from bot.settings import tunables
from tests.conftest import content_with

NEXT_YEAR = Path(__file__).parent / "fixtures" / "next_year_audit" / "northbridge_2019_20.yml"

PRACTICE = {"practice_weight": 0.6, "practice_temperature": 0.05}


@pytest.fixture()
def next_year(tmp_path: Path) -> Path:
    """A copy of the bundled content with next year's audit dropped into audits/."""
    return content_with(tmp_path, NEXT_YEAR)


def near(**values: tuple) -> list:
    """``theme_similarity`` entries: theme=(similarity to its words, to its nearest example)."""
    return [
        {"theme": t, "similarity": s, "content": s, "practice": p} for t, (s, p) in values.items()
    ]


def test_practice_shares_are_a_softmax_over_the_nearest_examples() -> None:
    kb = load_knowledge(CONTENT_DIR)
    close = near(information_sharing=(0.3, 0.6), cse_management=(0.3, 0.6), unknown=(0.9, 0.9))
    # Equal nearness, equal shares of the weight; a theme the content lacks is ignored.
    assert practice_shares(kb, close, PRACTICE) == pytest.approx(
        {"information_sharing": 0.3, "cse_management": 0.3}
    )
    assert practice_shares(kb, close, {**PRACTICE, "practice_weight": 0.0}) == {}
    # A theme with no hand-written example (-1) takes no share.
    alone = near(information_sharing=(0.3, 0.6), cse_management=(0.3, -1.0))
    assert practice_shares(kb, alone, PRACTICE) == pytest.approx({"information_sharing": 0.6})


def test_a_message_close_to_one_example_of_its_theme_is_ranked_there() -> None:
    """The classifier split between two situations; the message is much nearer one theme's
    hand-written example than any other theme's: that theme leads."""
    kb = load_knowledge(CONTENT_DIR)
    config = {**tunables()["themes"], **PRACTICE}
    guessed = [
        {"name": "describe_outcome_not_shared", "confidence": 0.45},
        {"name": "describe_referral_not_explored", "confidence": 0.40},
    ]
    close = near(information_sharing=(0.40, 0.45), professional_curiosity=(0.40, 0.72))
    without = rank_themes(kb, guessed, config={**config, "practice_weight": 0.0}, similarity=close)
    assert without.top == "information_sharing"
    ranked = rank_themes(kb, guessed, config=config, similarity=close)
    assert ranked.top == "professional_curiosity"
    # ...but the examples moved the top theme: the closest themes are offered, not presented.
    assert ranked.unsettled and not ranked.is_clear(config)


def test_the_examples_never_make_a_theme_clear_that_was_not() -> None:
    """Same top theme, unclear without the examples: still offered, however much they add."""
    kb = load_knowledge(CONTENT_DIR)
    config = {**tunables()["themes"], **PRACTICE}
    guessed = [{"name": "describe_outcome_not_shared", "confidence": 0.48}]
    close = near(information_sharing=(0.34, 0.45), cross_borough_working=(0.42, 0.36))
    plain = rank_themes(kb, guessed, config={**config, "practice_weight": 0.0}, similarity=close)
    assert plain.top == "information_sharing" and not plain.is_clear(config)
    ranked = rank_themes(kb, guessed, config=config, similarity=close)
    assert ranked.top == "information_sharing" and not ranked.is_clear(config)
    # Clear without them and on the same theme: still clear.
    sure = [{"name": "describe_outcome_not_shared", "confidence": 0.95}]
    assert rank_themes(kb, sure, config=config, similarity=close).is_clear(config)


def test_the_bundled_ranking_keeps_its_weight_against_a_new_audit(next_year: Path) -> None:
    """With a new audit live the examples reorder the bundled themes among themselves; the best
    bundled score, what a new theme is weighed against, stays what it was without them."""
    kb = load_knowledge(next_year)
    config = tunables()["themes"]
    guessed = [
        {"name": "describe_promises_to_change", "confidence": 0.45},
        {"name": "describe_outcome_not_shared", "confidence": 0.40},
    ]
    close = [
        {"theme": "neglect_and_home_conditions", "practice": -1.0, "wording": 0.1},
        {"theme": "professional_over_optimism", "practice": 0.45, "wording": 0.1},
        {"theme": "information_sharing", "practice": 0.75, "wording": 0.1},
    ]
    for entry, value in zip(close, (0.5, 0.42, 0.42), strict=True):
        entry["similarity"] = entry["content"] = value

    def ranked(settings: dict) -> dict:
        return dict(rank_themes(kb, guessed, config=settings, similarity=close).scored)

    without, with_examples = (
        ranked({**config, "practice_weight": 0.0}),
        ranked({**config, **PRACTICE}),
    )
    bundled = ("professional_over_optimism", "information_sharing")
    assert max(without, key=lambda t: without[t] if t in bundled else -1) == bundled[0]
    assert max(with_examples, key=lambda t: with_examples[t] if t in bundled else -1) == bundled[1]
    assert max(with_examples[t] for t in bundled) == pytest.approx(
        max(without[t] for t in bundled), abs=1e-3
    )
    assert with_examples["neglect_and_home_conditions"] == without["neglect_and_home_conditions"]


def test_the_component_gives_every_theme_its_nearest_example() -> None:
    """Without a new audit live too, each entry carries ``practice``: the ranking reads it."""
    from rasa.shared.nlu.training_data.message import Message

    from bot.core.turn_data import THEME_SIMILARITY
    from bot.nlu.sentence_featurizer import SENTENCE_EMBEDDING
    from bot.nlu.theme_similarity import ThemeSimilarity

    themes = list(knowledge().themes)
    unit = np.eye(4, dtype=np.float32)
    index = {
        "embeddings": unit[:2],
        "owners": np.array([0, 1], np.int32),
        "is_example": np.array([False, False]),
        "practice": unit[2:4],
        "practice_owners": np.array([0, 1], np.int32),
        "themes": np.array(themes),
    }
    component = ThemeSimilarity(None, None, index)  # type: ignore[arg-type]
    message = Message.build(text="nobody told us the outcome")
    message.set(SENTENCE_EMBEDDING, unit[3])
    component.process([message])
    entries = {e["theme"]: e for e in message.get(THEME_SIMILARITY)}
    assert entries[themes[1]]["practice"] == 1.0
    assert entries[themes[0]]["practice"] == 0.0
    assert entries[themes[2]]["practice"] == -1.0  # no example
    assert "content" not in entries[themes[0]]  # the new-audit measures only with one live
