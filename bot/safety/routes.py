"""Which routes the safety message gives, by what a flagged message says.

Route ids are those of docs/contract.md (``safety`` payload) and of the contacts in
bot/knowledge/content/safety.yml. Every flagged message gets the emergency route and children's
social care with its out-of-hours team; school, early years, health and community staff (and
anyone who does not say they are social care or the police) are also told to go to their
designated safeguarding lead now, and a concern about someone who works with children gets the
LADO. The patterns are in risk_rules.yml (``routes``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Pattern

import yaml

from bot.knowledge.schema import SAFETY_ROUTES
from bot.safety.risk import RULES_PATH, _compile, _straight, sentences

ALWAYS = ("emergency", "childrens_social_care", "out_of_hours")


@lru_cache(maxsize=4)
def _patterns(path: Path = RULES_PATH) -> Dict[str, Pattern[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    vocabulary = data.get("vocabulary", {})
    return {
        route: _compile(pattern, vocabulary, path, f"routes.{route}")
        for route, pattern in data["routes"].items()
    }


def routes_for(text: str) -> List[str]:
    """The route ids for ``text``, in the order the safety message gives them (as
    ``SAFETY_ROUTES``: the emergency first, then the practitioner's own lead, the LADO, and
    children's social care in and out of hours)."""
    text, patterns = _straight(text), _patterns()
    picked = {route for route in ("dsl", "lado") if patterns[route].search(text)}
    staff = patterns["lado_staff"].search(text)
    seen = staff and patterns["lado_seen"].search(text, staff.end())
    if seen and not patterns["family_member"].search(text, staff.end(), seen.start()):
        picked.add("lado")  # named first, then seen or said to do it, no family member between
    placement = patterns["lado_placement"].search(text)
    if (
        placement
        and not patterns["placement_carer_writing"].search(text)
        and any(
            patterns["lado_placement_harm"].search(s) and not patterns["family_member"].search(s)
            for s in sentences(text)
        )
    ):
        picked.add("lado")  # a child in a placement harmed, by no one from their birth family
    if not patterns["statutory_role"].search(text):
        picked.add("dsl")
    if patterns["safeguarding_lead"].search(text):
        picked.discard("dsl")  # "I'm the DSL": they are the lead
    return [route for route in SAFETY_ROUTES if route in ALWAYS or route in picked]


def speaks_as_lead(texts: List[str]) -> bool:
    """Whether the practitioner has said they are a safeguarding lead ("I'm the DSL") in any of
    ``texts``: they have no lead of their own to go to or to ask for a number."""
    lead = _patterns()["safeguarding_lead"]
    return any(lead.search(_straight(text)) for text in texts)
