"""Several situations in one message: classify each clause as well as the whole.

Practitioners often write two or three problems in one breath ("mum keeps promising to change
and the other borough never sends the minutes"). The classifier gives the whole message one
confident intent, so the channel also parses each clause with the same model and attaches the
clauses' intents to the message (``parse_data["clauses"]``); bot.themes adds them to the ranking.
"""

from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, List

_BOUNDARY = re.compile(
    r"(?<=[.!?;])\s+|,?\s+\b(?:and also|but also|but|as well as|plus|also|and)\b\s+",
    re.IGNORECASE,
)
MIN_WORDS = 4


def split_clauses(text: str) -> List[str]:
    """The clauses worth classifying on their own; empty when the message is a single one."""
    if text.startswith("/"):
        return []
    parts = [p.strip(" ,") for p in _BOUNDARY.split(text) if p and len(p.split()) >= MIN_WORDS]
    return parts if len(parts) >= 2 else []


async def classify_clauses(
    text: str, parse: Callable[[str], Awaitable[Dict[str, Any]]]
) -> List[Dict[str, Any]]:
    """``[{"text", "intent", "confidence"}]`` for each clause, using ``parse`` (the NLU model)."""
    clauses = []
    for clause in split_clauses(text):
        intent = (await parse(clause)).get("intent") or {}
        clauses.append(
            {
                "text": clause,
                "intent": intent.get("name"),
                "confidence": float(intent.get("confidence") or 0.0),
            }
        )
    return clauses
