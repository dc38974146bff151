"""Side turns inside the questions (actions/side_turns.py), on the fixture audit."""

from __future__ import annotations

import pytest

from actions.side_turns import ActionClarify, source_sentences
from tests.conftest import make_tracker, run_action, user_event

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
