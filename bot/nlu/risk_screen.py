"""Rasa NLU component: the immediate-risk screen, right after the intent classifier.

Two layers decide together. A rule in ``bot/safety/risk_rules.yml`` matching in one sentence, or
the classifier ranking ``report_immediate_risk`` at or above ``intent_threshold`` for a message
that names a concern as happening now (``names_an_immediate_concern``), flags the message: its
intent becomes ``report_immediate_risk`` with confidence 1.0, so no threshold or policy
downstream can out-vote it.

A message the classifier ranks first as a risk but neither layer flags ("she is 15", "lives with
her nan") is not a risk: the risk intent is taken out of the ranking and the other intents keep
their shares of what is left, so FallbackClassifier, which runs next, judges the message on
them as on any other.

Which layer decided is handed on as ``parse_data["risk_screen"]`` (``{"rules": [rule ids],
"classifier": bool}``), read by the channel for a message's clauses and by ``make bench-risk``.
"""

from __future__ import annotations

from typing import Any, Dict, List, TypedDict

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.turn_data import clauses_of
from bot.rasa_ext.payloads import is_payload
from bot.safety.risk import (
    RISK_INTENT,
    clause_framed,
    cleared_ranking,
    flagged_ranking,
    matching_rules,
    names_an_immediate_concern,
)

SCREEN = "risk_screen"


class Screened(TypedDict):
    rules: List[str]  # ids of the rules that matched
    classifier: bool  # the classifier layer flagged it


def screen(text: str, ranking: List[Dict[str, Any]], intent_threshold: float) -> Screened:
    """What each layer says of ``text``; either one flags it."""
    if is_payload(text):  # a button payload names its intent; nothing to screen
        return {"rules": [], "classifier": False}
    confident = any(
        item.get("name") == RISK_INTENT and item.get("confidence", 0.0) >= intent_threshold
        for item in ranking
    )
    return {
        "rules": matching_rules(text),
        # The classifier does not read framing, nor tell an age from an emergency: its flag
        # counts only where a sentence names a concern as happening now.
        "classifier": confident and names_an_immediate_concern(text),
    }


def flag_from_clauses(parse_data: Dict[str, Any]) -> bool:
    """Flags a whole message when one of its clauses was flagged (the channel parses each clause
    with the same model, bot/core/clauses.py). The classifier sees one embedding of the whole
    message, in which a risk stated in one sentence of a long case description is diluted; in
    its own clause it is not. A clause the message frames as past, closed or hypothetical
    (``clause_framed``) does not flag it. Returns whether the message is flagged."""
    if (parse_data.get(INTENT) or {}).get("name") == RISK_INTENT:
        return True
    text = parse_data.get(TEXT) or ""
    if not any(
        c.get("intent") == RISK_INTENT and not clause_framed(text, c.get("text") or "")
        for c in clauses_of(parse_data)
    ):
        return False
    parse_data[INTENT] = {"name": RISK_INTENT, "confidence": 1.0}
    parse_data[INTENT_RANKING_KEY] = flagged_ranking(parse_data.get(INTENT_RANKING_KEY) or [])
    return True


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ImmediateRiskScreen(GraphComponent, IntentClassifier):
    """Forces ``report_immediate_risk`` when a layer flags a message, and takes it away when the
    classifier alone ranked it first without a concern happening now."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"intent_threshold": 0.5}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.intent_threshold = float(config["intent_threshold"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ImmediateRiskScreen:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            found = screen(text, ranking, self.intent_threshold)
            message.set(SCREEN, found, add_to_output=True)
            if found["rules"] or found["classifier"]:
                message.set(INTENT, {"name": RISK_INTENT, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, flagged_ranking(ranking), add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") == RISK_INTENT:
                cleared = cleared_ranking(ranking)
                top = cleared[0] if cleared else {"name": None, "confidence": 0.0}
                message.set(INTENT, dict(top), add_to_output=True)
                message.set(INTENT_RANKING_KEY, cleared, add_to_output=True)
        return messages
