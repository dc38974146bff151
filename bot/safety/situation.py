"""Safety first, not safety only: the situation a flagged message also describes.

A practitioner who writes a long case description with a risk in it gets the safety message
first; the situation they came to reflect on is then offered, for when the child is safe. Its
themes come from the classifier's other intents (the risk intent set aside) and the intents of
the message's other clauses, ranked as for any message (bot/core/themes.py), and from the
message's wording against the audits' text (bot/core/relevance.py): the classifier gives a
message that is mostly an emergency to the risk intent, leaving the situation beside it little
of its confidence, while its wording is the same whatever else the message says. When the
channel parsed what the message says beside its risk on its own (``parse_data["situation"]``,
bot/core/turn_data.py), the themes come from that parse and those words instead, as for any
situation told without an emergency in it.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping

from bot.core.relevance import theme_index
from bot.core.themes import rank_themes
from bot.core.turn_data import SUPERVISION_INTENT, THEME_SIMILARITY, clauses_of, situation_of
from bot.knowledge import KnowledgeBase
from bot.safety.risk import FALLBACK_INTENT, RISK_INTENT, situations_of_the_risk
from bot.settings import tunables


def situation_view(
    parse_data: Mapping[str, Any], config: Mapping[str, Any] | None = None
) -> Dict[str, Any]:
    """``parse_data`` (a flagged message's parse) as the situation beside its risk: the parse of
    what it says beside the risk when the channel made one (``parse_data["situation"]``), else
    the other intents as the classifier scored them beside the risk (not scaled up to fill the
    risk intent's share, which made every emergency look like some situation), with the
    situation the emergency is itself a sign of (a child picked up by older men: exploitation).
    What a message says beside its risk is its situation; the emergency's own sign is for when
    nothing else is said (added to what was, it blurred the situation told beside it)."""
    config = config or tunables()["safety"]
    beside = situation_of(parse_data)
    if beside is not None:
        ranking = [i for i in beside["intent_ranking"] if i.get("name") != FALLBACK_INTENT]
        return {**parse_data, **beside, "intent_ranking": ranking}
    signs = [
        {"name": name, "confidence": config["situation_rule_confidence"]}
        for name in situations_of_the_risk(parse_data.get("text") or "")
    ]
    ranking = [
        item
        for item in parse_data.get("intent_ranking") or []
        if item.get("name") not in (RISK_INTENT, FALLBACK_INTENT)
    ]
    return {**parse_data, "intent_ranking": ranking + signs}


def also_asks_for_supervision(parse_data: Mapping[str, Any]) -> bool:
    """The flagged message also asks for a guided supervision ("can we do a supervision, me and
    my TM, its about a yr 9 girl going missing..."): that, not a theme, is what comes after."""
    if not re.search(r"supervis", parse_data.get("text") or "", re.IGNORECASE):
        return False  # said in so many words (a trial's "standing outside the flat" was not)
    view = situation_view(parse_data)
    top = next(iter(view.get("intent_ranking") or []), {})
    clauses = [c.get("intent") for c in clauses_of(parse_data)]
    return top.get("name") == SUPERVISION_INTENT or SUPERVISION_INTENT in clauses


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
    view = situation_view(parse_data, config)
    clauses = [c for c in clauses_of(parse_data) if c.get("intent") != RISK_INTENT]
    ranked = rank_themes(
        kb,
        view["intent_ranking"],
        view.get("entities") or [],
        clauses,
        similarity=view.get(THEME_SIMILARITY) or [] if situation_of(parse_data) else [],
    )
    scores = dict(ranked.scored)
    for theme, similarity in theme_index(kb).rank(view.get("text") or ""):
        scores[theme] = scores.get(theme, 0.0) + config["situation_wording_weight"] * similarity
    left_out = set(exclude)
    chosen = [
        theme
        for theme, score in sorted(scores.items(), key=lambda item: -item[1])
        if score >= config["situation_min_score"] and theme not in left_out
    ]
    return chosen[: config["situation_max_themes"]]
