"""Several situations in one message: classify each clause as well as the whole.

Practitioners often write two or three problems in one breath ("mum keeps promising to change
and the other borough never sends the minutes"). The classifier gives the whole message one
confident intent, so the channel also parses each clause with the same model and attaches the
clauses' intents to the message (bot.core.turn_data, contract 1); bot.core.themes adds them to
the ranking.
"""

from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, List

from bot.core.turn_data import THEME_SIMILARITY, Clause

_BOUNDARY = re.compile(
    r"(?<=[.!?;])\s+|,?\s+\b(?:and also|but also|but|as well as|plus|also|and)\b\s+",
    re.IGNORECASE,
)
MIN_WORDS = 4


def split_clauses(text: str) -> List[str]:
    """The clauses worth classifying on their own; empty when the message is a single one.
    (Button payloads never come here: the channel knows them.)"""
    parts = [p.strip(" ,") for p in _BOUNDARY.split(text) if p and len(p.split()) >= MIN_WORDS]
    return parts if len(parts) >= 2 else []


async def classify_clauses(
    clauses: List[str], parse: Callable[[str], Awaitable[Dict[str, Any]]]
) -> List[Clause]:
    """The intent of each clause (bot.core.turn_data.Clause), using ``parse`` (the NLU model)."""
    classified: List[Clause] = []
    for clause in clauses:
        parsed = await parse(clause)
        intent = parsed.get("intent") or {}
        classified.append(
            {
                "text": clause,
                "intent": intent.get("name"),
                "confidence": float(intent.get("confidence") or 0.0),
                "similarity": list(parsed.get(THEME_SIMILARITY) or []),
            }
        )
    return classified
