"""Safety first, not safety only: the situation a flagged message also describes.

A practitioner who writes a long case description with a risk in it gets the safety message
first; the situation they came to reflect on is then offered, for when the child is safe. Its
themes come from the classifier's other intents (the risk intent set aside) and the intents of
the message's other clauses, ranked as for any message (bot/core/themes.py).
"""

from __future__ import annotations

from typing import Any, List, Mapping

from bot.core.themes import rank_themes
from bot.core.turn_data import clauses_of
from bot.knowledge import KnowledgeBase
from bot.safety.risk import FALLBACK_INTENT, RISK_INTENT
from bot.settings import tunables


def situation_themes(
    kb: KnowledgeBase, parse_data: Mapping[str, Any], config: Mapping[str, Any] | None = None
) -> List[str]:
    """The themes of the situation ``parse_data`` (a flagged message's parse) describes, best
    first; empty when it describes none clearly enough (a short emergency)."""
    config = config or tunables()["safety"]
    # The other intents as the classifier scored them beside the risk: not scaled up to fill
    # the risk intent's share, which made every emergency look like some situation.
    ranking = [
        item
        for item in parse_data.get("intent_ranking") or []
        if item.get("name") not in (RISK_INTENT, FALLBACK_INTENT)
    ]
    clauses = [c for c in clauses_of(parse_data) if c.get("intent") != RISK_INTENT]
    ranked = rank_themes(kb, ranking, parse_data.get("entities") or [], clauses)
    chosen = [theme for theme, score in ranked.scored if score >= config["situation_min_score"]]
    return chosen[: config["situation_max_themes"]]
