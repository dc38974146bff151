"""Safety first, not safety only: the situation a flagged message also describes.

A practitioner who writes a long case description with a risk in it gets the safety message
first; the situation they came to reflect on is then offered, for when the child is safe. Its
themes come from the classifier's other intents (the risk intent set aside) and the intents of
the message's other clauses, ranked as for any message (bot/core/themes.py), and from the
message's wording against the audits' text (bot/core/relevance.py): the classifier gives a
message that is mostly an emergency to the risk intent, leaving the situation beside it little
of its confidence, while its wording is the same whatever else the message says.
"""

from __future__ import annotations

from typing import Any, Iterable, List, Mapping

from bot.core.relevance import theme_index
from bot.core.themes import rank_themes
from bot.core.turn_data import clauses_of
from bot.knowledge import KnowledgeBase
from bot.safety.risk import FALLBACK_INTENT, RISK_INTENT
from bot.settings import tunables


def situation_themes(
    kb: KnowledgeBase,
    parse_data: Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    exclude: Iterable[str] = (),
) -> List[str]:
    """The themes of the situation ``parse_data`` (a flagged message's parse) describes, best
    first; empty when it describes none clearly enough (a short emergency). ``exclude``: themes
    not to offer (the questions already being asked), set aside before the best are chosen."""
    config = config or tunables()["safety"]
    # The other intents as the classifier scored them beside the risk: not scaled up to fill
    # the risk intent's share, which made every emergency look like some situation.
    ranking = [
        item
        for item in parse_data.get("intent_ranking") or []
        if item.get("name") not in (RISK_INTENT, FALLBACK_INTENT)
    ]
    clauses = [c for c in clauses_of(parse_data) if c.get("intent") != RISK_INTENT]
    scores = dict(rank_themes(kb, ranking, parse_data.get("entities") or [], clauses).scored)
    for theme, similarity in theme_index(kb).rank(parse_data.get("text") or ""):
        scores[theme] = scores.get(theme, 0.0) + config["situation_wording_weight"] * similarity
    left_out = set(exclude)
    chosen = [
        theme
        for theme, score in sorted(scores.items(), key=lambda item: -item[1])
        if score >= config["situation_min_score"] and theme not in left_out
    ]
    return chosen[: config["situation_max_themes"]]
