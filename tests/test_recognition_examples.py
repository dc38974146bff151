"""How a new theme's few ``examples:`` are used beside its own words (bot/core/themes.py): between
the new themes, meaning stays the audit's words, and the themes' own intents, which learn from the
examples, weigh more once there are examples."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.next_year import strip_examples
from bot.core.themes import _own_intent_weight, rank_themes
from bot.knowledge import load_knowledge
from bot.knowledge.recognition import content_intent
from bot.settings import tunables
from tests.conftest import content_with
from tests.test_recognition import NEW_THEMES, NEXT_YEAR

NEGLECT, ABUSE, TRANSITION = NEW_THEMES
WEIGHTS = {"new_audit_intent_weight": 0.3, "new_audit_intent_weight_examples": 0.5}


@pytest.fixture()
def with_examples(tmp_path: Path) -> Path:
    return content_with(tmp_path / "examples", NEXT_YEAR)


@pytest.fixture()
def without_examples(tmp_path: Path) -> Path:
    """Next year's audit as a partnership drops it in without writing any examples."""
    content = content_with(tmp_path / "bare", NEXT_YEAR)
    audit = content / "audits" / NEXT_YEAR.name
    stripped = strip_examples(yaml.safe_load(audit.read_text(encoding="utf-8")))
    audit.write_text(yaml.safe_dump(stripped, sort_keys=False), encoding="utf-8")
    return content


def close_to_new_themes(**values: tuple) -> list:
    """Parse data's ``theme_similarity`` for a message clearly about the new audit:
    theme=(similarity, content), where ``similarity`` also counts the theme's examples."""
    entries = [
        {"theme": t, "similarity": s, "content": c, "practice": -1.0, "wording": 0.3}
        for t, (s, c) in values.items()
    ]
    bundled = {"similarity": 0.1, "content": 0.1, "practice": 0.1, "wording": 0.0}
    return entries + [{"theme": "professional_over_optimism", **bundled}]


def test_own_intents_weigh_more_once_the_new_themes_have_examples(
    with_examples: Path, without_examples: Path
) -> None:
    config = {**tunables()["themes"], **WEIGHTS}
    taught, bare = load_knowledge(with_examples), load_knowledge(without_examples)
    assert _own_intent_weight(taught, NEW_THEMES, 0.4, config) == 0.5
    assert _own_intent_weight(bare, NEW_THEMES, 0.4, config) == 0.3
    # Nothing on the new themes' own intents: no view of the classifier's to trust more.
    assert _own_intent_weight(taught, NEW_THEMES, 0.0, config) == 0.3
    # Settings that predate the examples' weight keep the one weight.
    older = {**tunables()["themes"], "new_audit_intent_weight": 0.3}
    older.pop("new_audit_intent_weight_examples", None)
    assert _own_intent_weight(taught, NEW_THEMES, 0.4, older) == 0.3


def test_an_example_near_the_message_does_not_pull_it_to_another_new_theme(
    with_examples: Path,
) -> None:
    """The message is closest to the neglect theme's own words; one of the abuse theme's
    examples happens to be nearer still. The classifier is split between the two: neglect."""
    kb = load_knowledge(with_examples)
    config = {**tunables()["themes"], **WEIGHTS}
    split = [
        {"name": content_intent(NEGLECT), "confidence": 0.4},
        {"name": content_intent(ABUSE), "confidence": 0.4},
    ]
    close = close_to_new_themes(
        **{NEGLECT: (0.55, 0.55), ABUSE: (0.62, 0.40), TRANSITION: (0.30, 0.30)}
    )
    ranked = rank_themes(kb, split, config=config, similarity=close)
    assert ranked.top == NEGLECT


@pytest.mark.parametrize("examples, expected", [(True, ABUSE), (False, NEGLECT)])
def test_the_classifier_taught_by_examples_can_outweigh_a_small_lead_in_meaning(
    with_examples: Path, without_examples: Path, examples: bool, expected: str
) -> None:
    """Meaning leans to neglect, the new themes' own intents clearly to abuse: with examples
    (the classifier has the practitioners' voice) abuse, without them the audit's words win."""
    kb = load_knowledge(with_examples if examples else without_examples)
    config = {**tunables()["themes"], **WEIGHTS}
    guessed = [
        {"name": content_intent(ABUSE), "confidence": 0.5},
        {"name": content_intent(NEGLECT), "confidence": 0.1},
    ]
    close = close_to_new_themes(
        **{NEGLECT: (0.52, 0.52), ABUSE: (0.47, 0.47), TRANSITION: (0.20, 0.20)}
    )
    assert rank_themes(kb, guessed, config=config, similarity=close).top == expected
