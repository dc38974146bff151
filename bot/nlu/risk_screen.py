"""Rasa NLU component: the immediate-risk screen, last in the pipeline.

Two layers decide together. If a rule in ``bot/safety/risk_rules.yml`` matches, or the classifier
ranks ``report_immediate_risk`` at or above ``intent_threshold`` (even where FallbackClassifier has
replaced it with ``nlu_fallback``) and the message is not framed as past, training or
hypothetical, the message's intent becomes ``report_immediate_risk`` with confidence 1.0, so no
policy or threshold downstream can out-vote it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_ext.payloads import is_payload
from bot.safety.risk import RISK_INTENT, framed_as_reflection, matching_rules


def is_flagged(text: str, ranking: List[Dict[str, Any]], intent_threshold: float) -> bool:
    """True when either layer says a child may be at immediate risk."""
    if is_payload(text):  # a button payload names its intent; nothing to screen
        return False
    if matching_rules(text):
        return True
    by_classifier = any(
        item.get("name") == RISK_INTENT and item.get("confidence", 0.0) >= intent_threshold
        for item in ranking
    )
    # The classifier does not read framing well: "a scenario for training: a child says..."
    return by_classifier and not framed_as_reflection(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ImmediateRiskScreen(GraphComponent, IntentClassifier):
    """Forces ``report_immediate_risk`` when the rule layer or the classifier flags a message."""

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
            if is_flagged(text, ranking, self.intent_threshold):
                message.set(INTENT, {"name": RISK_INTENT, "confidence": 1.0}, add_to_output=True)
                others = [item for item in ranking if item.get("name") != RISK_INTENT]
                message.set(
                    INTENT_RANKING_KEY,
                    [{"name": RISK_INTENT, "confidence": 1.0}, *others],
                    add_to_output=True,
                )
        return messages
