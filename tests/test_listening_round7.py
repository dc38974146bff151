"""Issue 17, round 7: what the fresh conversation sets of round 6 found misheard, on plain
text (no served bot)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.audit_content import _POINTS_BACK, asks_hours
from bot.core import turns
from bot.core.answers import hear
from bot.nlu.supervision_request import (
    SupervisionRequest,
    asks_for_supervision,
    only_mentions_supervision,
)
from bot.safety.risk import matching_rules
from bot.safety.routes import routes_for
from bot.safety.situation import also_asks_for_supervision


@pytest.mark.parametrize(
    "text",
    [
        # an abbreviated role in the plural ("one of our TAs") is still someone who works
        # with children
        "one of our TAs has been messaging a yr 9 boy on instagram late at night",
        "one of the HCAs on the ward has been texting a 15 yo patient since she was discharged",
    ],
)
def test_a_plural_abbreviated_role_is_flagged_with_the_lado(text: str) -> None:
    assert matching_rules(text)
    assert "lado" in routes_for(text)


def test_a_practitioner_in_a_plural_role_is_still_not_the_concern() -> None:
    assert "lado" not in routes_for("we're TAs and a girl in our class told us her dad hits her")


def test_a_flare_up_between_professionals_is_no_harm() -> None:
    # "kicking off" is making a fuss, not kicking anyone
    assert not matching_rules(
        "i get on well with the sw and dont want to spoil that by kicking off, so i said ok"
    )
    assert matching_rules("dad is kicking off and kicking the 3 yo right now")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a qualifier straight after the opening keeps it: a no, not a change of mind
        ("actually no, not always", "no"),
        ("no, never", "no"),
        ("yes, always", "yes"),
        # a later change of mind still decides
        ("yes i think so... actually no wait, so no", "no"),
    ],
)
def test_a_qualified_answer_keeps_its_opening(text: str, kind: str) -> None:
    assert hear("deny", text).kind == kind


def test_looking_back_after_the_safety_message_is_a_situation_not_an_update() -> None:
    assert turns.is_safety_update("ok police are on the way. I'm just shaken")
    assert not turns.is_safety_update(
        "the dsl has rung csc now. but honestly i'd seen him upset before and never asked why"
    )


def test_a_question_after_then_is_still_a_question() -> None:
    assert turns.is_question("ok. then how do i escalate it")
    assert not turns.is_question("then we rang csc and waited")


@pytest.mark.parametrize(
    "text",
    [
        "lad of 14 drinking most weekends, didnt think there was anywhere i could refer him",
        "shes using pills at parties and i thought there was nowhere to send her",
    ],
)
def test_not_knowing_where_to_refer_asks_for_the_signpost(text: str) -> None:
    assert turns.needs_signpost(text)


@pytest.mark.parametrize("text", ["what times can i ring", "when can i call them"])
def test_when_to_ring_asks_the_hours_of_the_signpost_just_given(text: str) -> None:
    assert asks_hours(text)
    assert _POINTS_BACK.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "supervision with my TM, 4 yo, dad back home and nobody has checked",
        "supervision - sw and practice lead. yr 3 girl, attendance dropping",
        "can we do a supervision on one of my cases?",
        "lets do guided supervision, me and my deputy",
        "start a supervision please",
    ],
)
def test_a_message_opening_with_a_request_for_supervision_asks_for_one(text: str) -> None:
    assert asks_for_supervision(text)
    assert not only_mentions_supervision(text)


@pytest.mark.parametrize(
    "text",
    [
        "i get supervision from my manager but its all about numbers",
        "my TM said the word drift in supervision and it stung",
        "supervision was useful last week, we agreed a plan",
    ],
)
def test_supervision_named_as_something_had_does_not_ask_for_one(text: str) -> None:
    assert not asks_for_supervision(text)


def _message(text: str, ranking: list) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    return message


def test_the_component_starts_a_supervision_asked_for_before_a_long_case() -> None:
    message = _message(
        "supervision with my senior, yr 4 boy, five agencies and nobody knows who leads",
        [
            {"name": "describe_no_lead_professional", "confidence": 0.6},
            {"name": "start_supervision", "confidence": 0.4},
        ],
    )
    SupervisionRequest({"min_confidence": 0.1}).process([message])
    assert message.get(INTENT) == {"name": "start_supervision", "confidence": 1.0}


def test_the_component_takes_start_supervision_from_supervision_only_had() -> None:
    message = _message(
        "i get supervision from the head but its mostly about ofsted",
        [
            {"name": "start_supervision", "confidence": 0.6},
            {"name": "describe_emotional_toll", "confidence": 0.3},
            {"name": "affirm", "confidence": 0.1},
        ],
    )
    SupervisionRequest({"min_confidence": 0.1}).process([message])
    assert message.get(INTENT)["name"] == "describe_emotional_toll"
    assert message.get(INTENT)["confidence"] == pytest.approx(0.75)


def test_a_correction_said_with_i_meant_decides_and_what_follows_is_the_reason() -> None:
    # a practitioner trial: recorded as "no", the read-back keeping "sorry i meant yes"
    heard = hear(
        "deny", "no, islington never come to ours. sorry i meant yes, i send a written report"
    )
    assert (heard.kind, heard.reason) == ("yes", "i send a written report")


@pytest.mark.parametrize(
    "text",
    [
        "theres no supervision budget",
        "we dont have supervision, i just said",
        "no supervision here",
    ],
)
def test_supervision_said_to_be_missing_asks_for_none(text: str) -> None:
    # a practitioner trial: "we dont have supervision, i just said" started one
    assert only_mentions_supervision(text)
    assert not asks_for_supervision(text)


def test_a_flagged_request_for_supervision_is_still_a_request_for_one() -> None:
    # a supervisor trial: "can we do a supervision, ... going missing" got a theme offered
    parse = {
        "text": "can we do a supervision, its about a yr 9 girl going missing tonight",
        "intent_ranking": [
            {"name": "report_immediate_risk", "confidence": 1.0},
            {"name": "start_supervision", "confidence": 0.4},
        ],
    }
    assert also_asks_for_supervision(parse)
    assert not also_asks_for_supervision({**parse, "intent_ranking": parse["intent_ranking"][:1]})
