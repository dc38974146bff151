"""Round 14: thinking aloud asks for nothing, and a few minutes away is a pause
(bot/nlu/supervision_request.py), on plain text (no served bot)."""

from __future__ import annotations

from typing import Dict, List

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.supervision_request import SupervisionRequest


def _processed(text: str, ranking: List[Dict[str, object]]) -> Message:
    message = Message({TEXT: text})
    message.set(INTENT, dict(ranking[0]))
    message.set(INTENT_RANKING_KEY, ranking)
    SupervisionRequest({"min_confidence": 0.1}).process([message])
    return message


def test_thinking_aloud_loses_every_request_intent() -> None:
    # the classifier's ranking for it in round 14: a theme choice, then a skip
    message = _processed(
        "hmm let me think about that one",
        [
            {"name": "choose_theme", "confidence": 0.46},
            {"name": "skip_question", "confidence": 0.35},
            {"name": "describe_emotional_toll", "confidence": 0.09},
        ],
    )
    assert message.get(INTENT) == {"name": "describe_emotional_toll", "confidence": 0.09}
    assert [i["name"] for i in message.get(INTENT_RANKING_KEY)] == ["describe_emotional_toll"]


@pytest.mark.parametrize(
    "text", ["sorry hold on 2 mins, duty phone", "phone's ringing, back in a sec"]
)
def test_called_away_for_a_few_minutes_is_a_pause(text: str) -> None:
    message = _processed(text, [{"name": "out_of_scope", "confidence": 0.5}])
    assert message.get(INTENT) == {"name": "pause", "confidence": 1.0}


@pytest.mark.parametrize(
    "text", ["hiya sorry, was on a call", "i rang the duty phone and nobody answered"]
)
def test_back_from_a_call_or_a_call_told_is_no_pause(text: str) -> None:
    message = _processed(text, [{"name": "out_of_scope", "confidence": 0.5}])
    assert message.get(INTENT)["name"] == "out_of_scope"


def test_a_short_whats_a_is_a_term_asked() -> None:
    # the classifier's ranking in round 14: a drifting case first
    message = _processed(
        "hang on whats a CIN plan vs CP plan again",
        [
            {"name": "describe_case_drift", "confidence": 0.73},
            {"name": "ask_term", "confidence": 0.26},
        ],
    )
    assert message.get(INTENT) == {"name": "ask_term", "confidence": 1.0}


def test_what_do_you_mean_asks_what_reflect_meant() -> None:
    message = _processed(
        "what do you mean legal status",
        [
            {"name": "ask_legal_advice", "confidence": 0.5},
            {"name": "ask_clarify", "confidence": 0.43},
        ],
    )
    assert message.get(INTENT) == {"name": "ask_clarify", "confidence": 1.0}


def test_a_shape_the_classifier_does_not_rank_is_not_forced() -> None:
    message = _processed(
        "whats a good way to ask mum about it",
        [
            {"name": "describe_vague_explanation", "confidence": 0.77},
            {"name": "ask_term", "confidence": 0.01},
        ],
    )
    assert message.get(INTENT)["name"] == "describe_vague_explanation"


def test_go_back_to_a_step_with_a_note_is_back_to_the_step() -> None:
    # the classifier's ranking in round 14: a new supervision first
    message = _processed(
        "go back to step 1 - tm supervising sw",
        [
            {"name": "start_supervision", "confidence": 0.63},
            {"name": "revisit_step", "confidence": 0.27},
        ],
    )
    assert message.get(INTENT) == {"name": "revisit_step", "confidence": 1.0}


def test_a_question_about_a_signpost_keeps_its_intent() -> None:
    message = _processed(
        "what's contextual safeguarding",
        [
            {"name": "ask_resource", "confidence": 0.71},
            {"name": "ask_term", "confidence": 0.28},
        ],
    )
    assert message.get(INTENT)["name"] == "ask_resource"
