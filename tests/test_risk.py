"""The immediate-risk screen: its rule layer, and how it combines with the classifier."""

from __future__ import annotations

import pytest

from bot.nlu.risk_screen import ImmediateRiskScreen, is_flagged
from bot.safety.risk import RISK_INTENT, matching_rules


@pytest.mark.parametrize(
    "text",
    [
        "a year 7 has just told me her uncle touches her",
        "he says he'll kill himself tonight",
        "the 3 and 5 year old have been left alone in the flat since yesterday",
        "boy with a knife in his bag says he'll use it after school",
        "15 yo hasn't come home and isn't answering her phone",
        "toddler with a burn that hasn't been treated, parents refusing to take her to A&E",
        "she's too scared to go home tonight",
    ],
)
def test_the_rules_flag_a_child_at_risk_now(text: str) -> None:
    assert matching_rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "the audit case was about sexualised behaviour",
        "how do we plan for exploitation risk?",
        "last year a pupil disclosed abuse and I wasn't sure who to tell",
        "in supervision I want to reflect on a self-harm case that is now closed",
        "what does the audit say about missing from education",
        "is there training on responding to disclosures",
    ],
)
def test_the_rules_leave_reflective_talk_alone(text: str) -> None:
    assert matching_rules(text) == []


def test_a_low_confidence_classifier_cannot_out_vote_a_rule() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.9},
        {"name": "describe_emotional_toll", "confidence": 0.35},
    ]
    assert is_flagged("she has just disclosed that dad hit her this morning", ranking, 0.5)


def test_the_classifier_layer_flags_what_rules_miss() -> None:
    ranking = [{"name": RISK_INTENT, "confidence": 0.8}]
    assert is_flagged("something is badly wrong with a kid in my class", ranking, 0.5)
    assert not is_flagged(
        "something is badly wrong with a kid in my class",
        [{"name": RISK_INTENT, "confidence": 0.3}],
        0.5,
    )


def test_button_payloads_are_not_screened() -> None:
    assert not is_flagged('/choose_theme{"theme":"cse_management"}', [], 0.5)


def test_the_component_forces_the_intent_with_full_confidence() -> None:
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "a child has just told me she is being hurt at home tonight"})
    message.set("intent", {"name": "nlu_fallback", "confidence": 0.4})
    message.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.4}])
    [out] = ImmediateRiskScreen({"intent_threshold": 0.5}).process([message])
    assert out.get("intent") == {"name": RISK_INTENT, "confidence": 1.0}
    assert out.get("intent_ranking")[0]["name"] == RISK_INTENT
