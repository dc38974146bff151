"""Round 15: "we're done" is a stop (bot/nlu/supervision_request.py), and the shapes of
questions the listening trials found (bot/core/turns.py), on plain text (no served bot)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.turns import is_question, says_done
from bot.nlu.supervision_request import SupervisionRequest


@pytest.mark.parametrize("text", ["ok we're done thanks", "im done for now", "all done, cheers"])
def test_being_done_is_a_stop(text: str) -> None:
    message = Message({TEXT: text})
    thanks = {"name": "thank", "confidence": 0.9}
    message.set(INTENT, thanks)
    message.set(INTENT_RANKING_KEY, [thanks])
    SupervisionRequest({"min_confidence": 0.1}).process([message])
    assert message.get(INTENT) == {"name": "stop", "confidence": 1.0}


@pytest.mark.parametrize("text", ["the plan is done", "we're done with the referral, now what?"])
def test_something_else_done_is_no_stop(text: str) -> None:
    assert not says_done(text)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("before I answer - what's the number for the drugs service? the weed thing", True),
        ("no I meant the substance misuse service, whats their number and hours", True),
        ("no i meant we never chased them", False),
        ("dad comes to everything. can we put that the SW is new? thats for step 1", False),
        ("we do. the weed thing", False),
    ],
)
def test_questions_after_a_preface_or_before_a_tag(text: str, asks: bool) -> None:
    assert is_question(text) is asks
