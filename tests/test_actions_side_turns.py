"""Side turns inside the questions (actions/side_turns.py), on the fixture audit."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.side_turns import (
    ActionClarify,
    ActionConfirmStartOver,
    ActionPrivacy,
    source_sentences,
)
from bot.settings import tunables
from tests.conftest import make_tracker, run_action, sent, user_event

MESSAGE = (
    "Handover notes were often late. Nobody read the note back to the sender. "
    "The school only heard about the move a month later. Training was well attended."
)


def test_what_do_you_mean_quotes_the_sentence_the_question_comes_from() -> None:
    question = "Do you read the handover note back to the sender?"
    assert source_sentences(MESSAGE, question) == [
        "Handover notes were often late.",
        "Nobody read the note back to the sender.",
    ]


def test_a_question_sharing_no_words_gets_the_messages_first_sentence() -> None:
    assert source_sentences(MESSAGE, "Is it?") == ["Handover notes were often late."]


@pytest.mark.usefixtures("fixture_kb")
def test_clarify_in_the_questions_answers_briefly_and_records_nothing(domain) -> None:
    tracker = make_tracker(
        user_event("what do you mean? im just a TA", "ask_clarify"),
        slots={"current_theme": "handover_notes", "pending_question": "hn_note_read_back"},
        active_loop="reflection_form",
    )
    messages, events = run_action(ActionClarify(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_clarify_question"]
    assert messages[0]["context"].count(". ") <= 1  # at most two sentences, not the message
    assert events == []


def test_privacy_gives_the_retention_period_from_the_settings(domain) -> None:
    tracker = make_tracker(user_event("is this anonymous?", "ask_privacy"))
    messages, events = run_action(ActionPrivacy(), tracker, domain)
    days = tunables()["privacy"]["retention_days"]
    assert messages == [
        sent(
            response="utter_privacy_info",
            json_message={"kind": "privacy", "retention_days": days},
            retention_days=days,
        )
    ]
    assert events == []


def test_start_again_asks_first_and_keeps_the_questions_waiting(domain) -> None:
    """Inside the questions, "start again" pauses them (the rule has just ended the loop), so
    "no" can carry on with them; outside, nothing is paused."""
    in_loop = make_tracker(
        None,
        events=[
            {"event": "active_loop", "name": "reflection_form"},
            user_event("start again", "start_over"),
            {"event": "active_loop", "name": None},
        ],
    )
    messages, events = run_action(ActionConfirmStartOver(), in_loop, domain)
    assert [m["response"] for m in messages] == ["utter_confirm_start_over"]
    assert messages[0]["custom"] == {"kind": "start_over_confirm"}
    assert events == [SlotSet("paused", "reflection")]
    _, events = run_action(
        ActionConfirmStartOver(), make_tracker(user_event("restart", "start_over")), domain
    )
    assert events == []
