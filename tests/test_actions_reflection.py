"""Action tests (rasa-sdk Tracker + CollectingDispatcher): themes and the reflective loop."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk.executor import CollectingDispatcher

from actions.reflection import (
    ActionPresentTheme,
    ActionReflectionComplete,
    ActionSkipQuestion,
    ValidateReflectionForm,
)
from tests.conftest import make_tracker, run_async, user_event


def run(action, tracker, domain) -> tuple:
    dispatcher = CollectingDispatcher()
    events = run_async(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def payloads(messages: List[Dict[str, Any]], kind: str) -> List[Dict[str, Any]]:
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("kind") == kind]


def test_a_situation_gets_its_key_message_with_the_case_behind_it(domain, kb) -> None:
    text = "the strategy meeting was weeks ago and CSC never told us what was decided"
    tracker = make_tracker(user_event(text, "describe_outcome_not_shared", 0.91))
    messages, slots = run(ActionPresentTheme(), tracker, domain)

    [key_message] = payloads(messages, "key_message")
    assert key_message["theme"] == "information_sharing"
    assert key_message["case"] == "col_2017_18_case_1"  # the outcomes-not-shared message
    assert key_message["title"] == "Information Sharing"
    assert key_message["text"].startswith("This case highlighted need for CSC")
    assert messages[0]["response"] == "utter_key_message"
    assert "sexualised behaviour" in messages[0]["case_summary"]
    assert "Timely and accurate assessment" in messages[0]["strengths"]
    # The questions of the message shown come first, then the rest of the theme's.
    first_ids = {q.id for q in kb.cases["col_2017_18_case_1"].key_messages[0].questions}
    assert slots["pending_question"] in first_ids
    assert len(slots["question_queue"]) == len(kb.theme("information_sharing").questions) - 1
    assert slots["current_theme"] == "information_sharing"
    assert "reflection_answer" not in slots  # already empty: no event that changes nothing


def test_a_message_touching_several_themes_offers_the_next_ones(domain) -> None:
    ranking = [
        {"name": "describe_case_drift", "confidence": 0.55},
        {"name": "describe_no_lead_professional", "confidence": 0.3},
        {"name": "greet", "confidence": 0.15},
    ]
    tracker = make_tracker(
        user_event(
            "it drifts and nobody leads across the boroughs",
            "describe_case_drift",
            0.55,
            ranking=ranking,
        )
    )
    messages, slots = run(ActionPresentTheme(), tracker, domain)
    assert payloads(messages, "key_message")[0]["theme"] == "professional_over_optimism"
    [suggestion] = payloads(messages, "theme_suggestion")
    assert suggestion["themes"] == [
        "professional_over_optimism",
        "challenge_escalation",
        "cross_borough_working",
    ]
    offered = next(m for m in messages if m.get("response") == "utter_theme_suggestion")
    assert [b["payload"] for b in offered["buttons"]] == [
        '/choose_theme{"theme":"challenge_escalation"}',
        '/choose_theme{"theme":"cross_borough_working"}',
    ]
    assert slots["suggested_themes"] == ["challenge_escalation", "cross_borough_working"]


def test_choosing_a_theme_from_a_case_shows_that_case_message(domain) -> None:
    entities = [
        {"entity": "theme", "value": "information_sharing"},
        {"entity": "case_number", "value": "3"},
    ]
    tracker = make_tracker(
        user_event('/choose_theme{"theme":"information_sharing"}', "choose_theme", 1.0, entities)
    )
    messages, _ = run(ActionPresentTheme(), tracker, domain)
    assert payloads(messages, "key_message")[0]["case"] == "col_2017_18_case_3"


def test_choose_theme_without_a_theme_lists_them(domain, kb) -> None:
    tracker = make_tracker(user_event("can we switch to another theme", "choose_theme"))
    messages, slots = run(ActionPresentTheme(), tracker, domain)
    assert slots == {}
    assert payloads(messages, "theme_suggestion")[0]["themes"] == list(kb.themes)


def test_questions_already_asked_this_session_are_not_asked_again(domain, kb) -> None:
    asked = [q.id for q in kb.theme("cross_borough_working").questions][:3]
    tracker = make_tracker(
        user_event("nobody is leading across the three boroughs", "describe_no_lead_professional"),
        slots={"asked_questions": asked},
    )
    _, slots = run(ActionPresentTheme(), tracker, domain)
    remaining = [slots["pending_question"], *slots["question_queue"]]
    assert len(remaining) == 1 and remaining[0] not in asked


def test_a_returning_practitioner_gets_a_different_order(domain) -> None:
    """Each session seeds its own order; across sessions the first question varies."""
    orders = set()
    for _ in range(12):
        tracker = make_tracker(
            user_event("we never agreed outcomes, it keeps drifting", "describe_promises_to_change")
        )
        _, slots = run(ActionPresentTheme(), tracker, domain)
        orders.add((slots["pending_question"], *slots["question_queue"]))
    assert len(orders) > 1


def validate(domain, text: str, intent: str, pending: str, queue: List[str], answers=None) -> tuple:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        user_event(text, intent),
        slots={
            "pending_question": pending,
            "question_queue": queue,
            "reflection_answers": answers or [],
        },
        active_loop="reflection_form",
    )
    slots = ValidateReflectionForm().validate_reflection_answer(text, dispatcher, tracker, domain)
    return dispatcher.messages, slots


def test_a_no_gets_a_concrete_next_step_from_the_audit(domain, kb) -> None:
    question = kb.question("is_contact_csc_when_unclear")
    messages, slots = validate(
        domain, "no, not really", "deny", question.id, ["is_correspondence_how_when"]
    )
    assert messages[0]["response"] == "utter_ack_no"
    assert "seek out information from CSC" in messages[0]["next_step"]
    assert slots["reflection_answers"][-1] == {
        "question_id": question.id,
        "theme": "information_sharing",
        "question": question.text,
        "answer": "no, not really",
        "kind": "no",
        "next_step": question.if_not,
    }
    assert slots["pending_question"] == "is_correspondence_how_when"
    assert slots["asked_questions"] == [question.id]
    assert slots["reflection_answer"] is None  # the form asks the next question


def test_a_yes_moves_on_and_a_button_press_is_recorded_in_words(domain) -> None:
    messages, slots = validate(domain, "/affirm", "affirm", "oo_record_parental_involvement", [])
    assert [m["response"] for m in messages] == ["utter_ack_yes"]
    assert slots["reflection_answers"][-1]["answer"] == "Yes"
    assert slots["reflection_answer"] == "done" and slots["pending_question"] is None


def test_not_sure_gets_the_next_step_too(domain) -> None:
    messages, slots = validate(
        domain, "not sure", "express_unsure", "cb_minutes_clear_on_actions", []
    )
    assert messages[0]["response"] == "utter_ack_unsure"
    assert slots["reflection_answers"][-1]["next_step"]


def test_a_longer_answer_is_reflected_back(domain) -> None:
    text = "I usually wait for the minutes. Then I chase the social worker by email."
    messages, slots = validate(
        domain, text, "describe_outcome_not_shared", "is_correspondence_how_when", []
    )
    assert messages[0]["response"] == "utter_ack_long"
    assert messages[0]["reflection"] == "You usually wait for the minutes"
    assert slots["reflection_answers"][-1]["answer"] == text


def test_no_answer_is_recorded_when_the_loop_starts(domain) -> None:
    messages, slots = validate(
        domain, None, "describe_outcome_not_shared", "is_correspondence_how_when", []
    )
    assert (messages, slots) == ([], {})


def test_skip_records_the_skip_and_asks_the_next(domain) -> None:
    tracker = make_tracker(
        user_event("skip", "skip_question"),
        slots={
            "pending_question": "ce_raise_in_supervision",
            "question_queue": ["ce_seek_emotional_support"],
        },
    )
    messages, slots = run(ActionSkipQuestion(), tracker, domain)
    assert messages[0]["response"] == "utter_question_skipped"
    assert slots["reflection_answers"][-1]["kind"] == "skipped"
    assert slots["pending_question"] == "ce_seek_emotional_support"
    assert slots["asked_questions"] == ["ce_raise_in_supervision"]


def test_completion_offers_the_suggested_themes_not_yet_discussed(domain) -> None:
    tracker = make_tracker(
        user_event("yes", "affirm"),
        slots={
            "current_theme": "professional_over_optimism",
            "themes_discussed": ["professional_over_optimism"],
            "suggested_themes": ["challenge_escalation"],
            "reflection_answers": [{"theme": "professional_over_optimism", "kind": "yes"}],
        },
    )
    messages, _ = run(ActionReflectionComplete(), tracker, domain)
    assert messages[0]["response"] == "utter_reflection_complete"
    payload_list = [b["payload"] for b in messages[0]["buttons"]]
    assert payload_list[0] == '/choose_theme{"theme":"challenge_escalation"}'
    assert "/summarise" in payload_list


def test_a_new_theme_after_a_finished_loop_empties_the_answer_slot_so_questions_follow(
    domain,
) -> None:
    tracker = make_tracker(
        user_event("mum keeps promising to change", "describe_promises_to_change"),
        slots={"reflection_answer": "done", "current_theme": "professional_over_optimism"},
    )
    _, slots = run(ActionPresentTheme(), tracker, domain)
    assert slots["reflection_answer"] is None
    assert "current_theme" not in slots  # unchanged, so not set again
