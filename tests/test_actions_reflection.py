"""Action tests (rasa-sdk Tracker + CollectingDispatcher): themes and the reflective loop.

On the fictional content of tests/fixtures/content/ and the stated theme settings of
tests/conftest.py. There, handover_notes has a key message in each case with one question each
(so its question order is fixed), and home_visits one message with three questions (so a
session's seed shuffles them).
"""

from __future__ import annotations

import shutil
from typing import Any, Dict, List

import pytest
from rasa_sdk.events import SlotSet

from actions.reflection import (
    ActionAskReflectionAnswer,
    ActionPresentTheme,
    ActionReflectionComplete,
    ActionSkipQuestion,
    ActionStopReflection,
    ValidateReflectionForm,
)
from bot.knowledge import ContentError, knowledge
from tests.conftest import FIXTURE_CONTENT, make_tracker, run_action, sent, user_event

pytestmark = pytest.mark.usefixtures("fixture_kb", "theme_settings")

CASE_1 = "Case 1 (EVSP, Example Vale 2030/31)"
CASE_2 = "Case 2 (EVSP, Example Vale 2030/31)"
READ_BACK = "Do you read your handover note back before you send it?"
READ_BACK_IF_NOT = "Read it back once, as the next worker would."
FOLLOW = "Do your notes follow the child when they move school?"
NEXT_STEPS = [
    {"title": "See my summary", "payload": "/summarise"},
    {"title": "Show all themes", "payload": "/list_themes"},
]


def button(theme: str, title: str) -> Dict[str, str]:
    return {"title": title, "payload": f'/choose_theme{{"theme":"{theme}"}}'}


def handover_message_from_case_1() -> Dict[str, Any]:
    return sent(
        response="utter_key_message",
        json_message={
            "kind": "key_message",
            "theme": "handover_notes",
            "title": "Handover Notes",
            "text": "Handover notes left out what the next worker needed to know.",
            "case": "ev_case_1",
            "case_number": 1,
            "case_label": CASE_1,
            "evidence": "The new worker learned about the dog on the doorstep.",
            "advice": "Write the handover note for someone who cannot ask you.",
            "strengths": ["Quick first visit", "Child seen alone"],
        },
        theme_title="Handover Notes",
        case_label=CASE_1,
        case_summary="A fictional child whose new worker was not told about the family's dog.",
        strengths="Quick first visit; Child seen alone",
        key_message=(
            "Handover notes left out what the next worker needed to know. The new worker "
            "learned about the dog on the doorstep. Write the handover note for someone who "
            "cannot ask you."
        ),
    )


def handover_message_from_case_2() -> Dict[str, Any]:
    return sent(
        response="utter_key_message",
        json_message={
            "kind": "key_message",
            "theme": "handover_notes",
            "title": "Handover Notes between schools",
            "text": "The old school's notes never reached the new school.",
            "case": "ev_case_2",
            "case_number": 2,
            "case_label": CASE_2,
            "evidence": None,
            "advice": None,
            "strengths": ["Persistent school nurse"],
        },
        theme_title="Handover Notes between schools",
        case_label=CASE_2,
        case_summary="A fictional teenager whose two schools never met.",
        strengths="Persistent school nurse",
        key_message="The old school's notes never reached the new school.",
    )


def test_a_situation_gets_its_key_message_with_the_case_behind_it_then_questions(
    domain,
) -> None:
    text = "the new worker was never told about the dog"  # case 1's handover message
    tracker = make_tracker(user_event(text, "describe_outcome_not_shared", 0.91))
    messages, events = run_action(ActionPresentTheme(), tracker, domain)
    assert messages == [
        handover_message_from_case_1(),
        sent(
            response="utter_reflective_question_intro",
            questions="two questions from the audit",
        ),
    ]
    # The shown message's question first, then the theme's others. reflection_answer is
    # already empty, so it is not set: an event that changes nothing is left out.
    assert events == [
        SlotSet("key_messages_shown", ["ev_case_1.handover_notes"]),
        SlotSet("themes_discussed", ["handover_notes"]),
        SlotSet("current_theme", "handover_notes"),
        SlotSet("suggested_themes", []),
        SlotSet("reflection_status", "asking"),
        SlotSet("pending_question", "hn_note_read_back"),
        SlotSet("question_queue", ["hn_notes_follow_the_child"]),
    ]


def test_the_key_message_shown_is_the_one_closest_to_the_words(domain) -> None:
    text = "the old school never sent the notes to the new school"  # case 2's message
    tracker = make_tracker(user_event(text, "describe_outcome_not_shared", 0.91))
    messages, events = run_action(ActionPresentTheme(), tracker, domain)
    assert messages[0] == handover_message_from_case_2()
    assert events == [
        SlotSet("key_messages_shown", ["ev_case_2.handover_notes"]),
        SlotSet("themes_discussed", ["handover_notes"]),
        SlotSet("current_theme", "handover_notes"),
        SlotSet("suggested_themes", []),
        SlotSet("reflection_status", "asking"),
        SlotSet("pending_question", "hn_notes_follow_the_child"),
        SlotSet("question_queue", ["hn_note_read_back"]),
    ]


def test_a_message_touching_several_themes_offers_those_scoring_above_the_threshold(
    domain, theme_settings
) -> None:
    theme_settings.update(secondary_weight=0.5, suggest_min_score=0.1, max_suggestions=2)
    ranking = [
        # handover_notes 0.6, and joint_meetings 0.6 x 0.5 = 0.3 as the situation's second theme
        {"name": "describe_closure_not_copied", "confidence": 0.6},
        {"name": "describe_emotional_toll", "confidence": 0.2},  # staff_wellbeing 0.2
        {"name": "greet", "confidence": 0.15},  # no theme
        {"name": "describe_promises_to_change", "confidence": 0.05},  # home_visits, below 0.1
    ]
    text = "the case was closed and the new worker was never told about the dog"
    tracker = make_tracker(user_event(text, "describe_closure_not_copied", 0.6, ranking=ranking))
    messages, events = run_action(ActionPresentTheme(), tracker, domain)
    assert messages == [
        handover_message_from_case_1(),
        sent(
            response="utter_theme_suggestion",
            buttons=[
                button("joint_meetings", "Joint Meetings"),
                button("staff_wellbeing", "Staff Wellbeing"),
            ],
            json_message={
                "kind": "theme_suggestion",
                "themes": ["handover_notes", "joint_meetings", "staff_wellbeing"],
                "reason": "also",
            },
            theme_titles="Joint Meetings; Staff Wellbeing",
        ),
        sent(
            response="utter_reflective_question_intro",
            questions="two questions from the audit",
        ),
    ]
    assert events == [
        SlotSet("key_messages_shown", ["ev_case_1.handover_notes"]),
        SlotSet("themes_discussed", ["handover_notes"]),
        SlotSet("current_theme", "handover_notes"),
        SlotSet("suggested_themes", ["joint_meetings", "staff_wellbeing"]),
        SlotSet("reflection_status", "asking"),
        SlotSet("pending_question", "hn_note_read_back"),
        SlotSet("question_queue", ["hn_notes_follow_the_child"]),
    ]


def test_choosing_a_theme_from_a_case_shows_that_cases_message(domain) -> None:
    entities = [
        {"entity": "theme", "value": "handover_notes"},
        {"entity": "case_number", "value": "2"},
    ]
    payload = '/choose_theme{"theme":"handover_notes","case_number":"2"}'
    tracker = make_tracker(user_event(payload, "choose_theme", 1.0, entities))
    messages, events = run_action(ActionPresentTheme(), tracker, domain)
    assert messages == [
        handover_message_from_case_2(),
        sent(
            response="utter_reflective_question_intro",
            questions="two questions from the audit",
        ),
    ]
    assert events == [
        SlotSet("key_messages_shown", ["ev_case_2.handover_notes"]),
        SlotSet("themes_discussed", ["handover_notes"]),
        SlotSet("current_theme", "handover_notes"),
        SlotSet("suggested_themes", []),
        SlotSet("reflection_status", "asking"),
        SlotSet("pending_question", "hn_notes_follow_the_child"),
        SlotSet("question_queue", ["hn_note_read_back"]),
    ]


def test_choose_theme_without_a_theme_lists_them_and_asks_nothing(domain) -> None:
    tracker = make_tracker(user_event("can we switch to another theme", "choose_theme"))
    messages, events = run_action(ActionPresentTheme(), tracker, domain)
    # Nothing is asked: the loop that follows ends at once without a word.
    assert events == [SlotSet("reflection_status", "offered"), SlotSet("reflection_answer", "done")]
    themes = ["handover_notes", "home_visits", "joint_meetings", "staff_wellbeing"]
    titles = ["Handover Notes", "Home Visits", "Joint Meetings", "Staff Wellbeing"]
    assert messages == [
        sent(
            response="utter_no_theme_recognised",
            buttons=[button(t, title) for t, title in zip(themes, titles, strict=True)],
            json_message={"kind": "theme_suggestion", "themes": themes, "reason": "all"},
        )
    ]


def home_visits_situation(**tracker_args):
    """A situation the fixture maps to home_visits: one key message, three questions."""
    return make_tracker(
        user_event("mum keeps promising to change", "describe_promises_to_change"),
        **tracker_args,
    )


def test_questions_already_asked_this_session_are_not_asked_again(domain) -> None:
    tracker = home_visits_situation(slots={"asked_questions": ["hv_unannounced", "hv_seen_alone"]})
    messages, events = run_action(ActionPresentTheme(), tracker, domain)
    # No "I'll ask N questions" either: this session's questions have begun already.
    assert [m["response"] for m in messages] == ["utter_key_message"]
    assert events == [
        SlotSet("key_messages_shown", ["ev_case_1.home_visits"]),
        SlotSet("themes_discussed", ["home_visits"]),
        SlotSet("current_theme", "home_visits"),
        SlotSet("suggested_themes", []),
        SlotSet("reflection_status", "asking"),
        SlotSet("pending_question", "hv_seen_bedroom"),
        SlotSet("question_queue", []),
    ]


def test_a_theme_whose_questions_were_all_asked_lets_the_form_finish_at_once(domain) -> None:
    asked = ["hv_unannounced", "hv_seen_bedroom", "hv_seen_alone"]
    tracker = home_visits_situation(slots={"asked_questions": asked})
    messages, events = run_action(ActionPresentTheme(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_key_message"]
    assert events == [
        SlotSet("key_messages_shown", ["ev_case_1.home_visits"]),
        SlotSet("themes_discussed", ["home_visits"]),
        SlotSet("current_theme", "home_visits"),
        SlotSet("suggested_themes", []),
        SlotSet("reflection_status", "asking"),
        SlotSet("question_queue", []),
        SlotSet("reflection_answer", "done"),
    ]


def question_order(domain, tracker) -> tuple:
    _, events = run_action(ActionPresentTheme(), tracker, domain)
    slots = {e["name"]: e["value"] for e in events}
    return (slots["pending_question"], *slots["question_queue"])


def test_a_later_session_of_the_same_practitioner_gets_a_different_question_order(
    domain,
) -> None:
    """The seed is the conversation and its session's start (actions/common.py session_seed):
    the same sender, coming back in a later session, meets the questions in another order."""
    sender = "5f0c2a4e-8d1b-4c3e-9a7f-2b6d1e0c9a88"
    first_start = 1_700_000_000.0  # make_tracker's session_started
    earlier_session = [
        user_event("mum keeps promising to change", "describe_promises_to_change"),
        {"event": "action", "name": "action_present_theme", "timestamp": first_start + 2},
    ]

    def session(day: int):
        later = [{"event": "session_started", "timestamp": first_start + day * 86_400}]
        return home_visits_situation(
            sender_id=sender, events=[*earlier_session, *later] if day else []
        )

    orders = [question_order(domain, session(day)) for day in range(6)]
    assert all(sorted(o) == ["hv_seen_alone", "hv_seen_bedroom", "hv_unannounced"] for o in orders)
    assert len(set(orders)) > 1
    # Within one session the order stays put: asking again gives the same order.
    assert question_order(domain, session(3)) == orders[3]


def validate(
    domain,
    text: str | None,
    intent: str,
    pending: str | None,
    queue: List[str],
    answers: List[Dict[str, Any]] | None = None,
    asked: List[str] | None = None,
) -> tuple:
    """The form's validation action as Rasa runs it: the answer is the slot candidate that
    follows the message in the tracker."""
    tracker = make_tracker(
        user_event(text or "", intent),
        slots={
            "current_theme": QUESTIONS[pending][0] if pending else None,
            "pending_question": pending,
            "question_queue": queue,
            "reflection_answers": answers or [],
            "asked_questions": asked or [],
            "reflection_answer": text,
            "requested_slot": "reflection_answer",
        },
        then=[SlotSet("reflection_answer", text)],
        active_loop="reflection_form",
    )
    return run_action(ValidateReflectionForm(), tracker, domain)


QUESTIONS = {  # id: (theme, text), from the fixture audit
    "hn_note_read_back": ("handover_notes", READ_BACK),
    "hn_notes_follow_the_child": ("handover_notes", FOLLOW),
    "hv_unannounced": ("home_visits", "Have you made an unannounced visit on this case?"),
}


def record(
    question_id: str,
    answer: str | None,
    kind: str,
    next_step: str | None = None,
    heard: str | None = None,
    follow_up: str | None = None,
):
    """An answer as the summary reads it from ``reflection_answers``."""
    theme, question = QUESTIONS[question_id]
    return {
        "question_id": question_id,
        "theme": theme,
        "question": question,
        "origin": "audit",
        "answer": answer,
        "kind": kind,
        "heard": heard,
        "next_step": next_step,
        "follow_up": follow_up,
    }


def answered(question_id: str, kind: str) -> Dict[str, Any]:
    """The payload that says a turn was recorded as an answer."""
    return {
        "kind": "answer",
        "mode": "reflection",
        "theme": QUESTIONS[question_id][0],
        "answer_kind": kind,
        "question": question_id,
    }


def test_a_no_gets_the_questions_next_step_and_the_next_question_follows(domain) -> None:
    messages, events = validate(
        domain, "no, not really", "deny", "hn_note_read_back", ["hn_notes_follow_the_child"]
    )
    assert messages == [
        sent(
            response="utter_ack_no",
            json_message=answered("hn_note_read_back", "no"),
            next_step=READ_BACK_IF_NOT,
        )
    ]
    assert events == [
        SlotSet("reflection_answer", None),  # empty again: the form asks the next question
        SlotSet(
            "reflection_answers",
            [record("hn_note_read_back", "no, not really", "no", READ_BACK_IF_NOT)],
        ),
        SlotSet("asked_questions", ["hn_note_read_back"]),
        SlotSet("pending_question", "hn_notes_follow_the_child"),
        SlotSet("question_queue", []),
    ]


def test_not_sure_gets_the_next_step_too(domain) -> None:
    messages, events = validate(domain, "not sure", "express_unsure", "hn_note_read_back", [])
    assert messages == [
        sent(
            response="utter_ack_unsure",
            json_message=answered("hn_note_read_back", "unsure"),
            next_step=READ_BACK_IF_NOT,
        )
    ]
    assert events == [
        SlotSet("reflection_answer", "done"),
        SlotSet(
            "reflection_answers",
            [record("hn_note_read_back", "not sure", "unsure", READ_BACK_IF_NOT)],
        ),
        SlotSet("asked_questions", ["hn_note_read_back"]),
        SlotSet("pending_question", None),
    ]


def test_a_yes_button_is_recorded_in_its_words_and_the_last_answer_ends_the_form(
    domain,
) -> None:
    earlier = record("hn_note_read_back", "no", "no", READ_BACK_IF_NOT)
    messages, events = validate(
        domain,
        "/affirm",
        "affirm",
        "hn_notes_follow_the_child",
        [],
        answers=[earlier],
        asked=["hn_note_read_back"],
    )
    assert messages == [
        sent(response="utter_ack_yes", json_message=answered("hn_notes_follow_the_child", "yes"))
    ]
    assert events == [
        SlotSet("reflection_answer", "done"),  # no question left: the form finishes
        SlotSet(
            "reflection_answers",
            [earlier, record("hn_notes_follow_the_child", "Yes", "yes")],
        ),
        SlotSet("asked_questions", ["hn_note_read_back", "hn_notes_follow_the_child"]),
        SlotSet("pending_question", None),
    ]


def test_an_answer_is_read_back_in_its_own_words(domain) -> None:
    text = "We had the meeting on Monday. I'll chase the school by email if the notes are late."
    messages, events = validate(
        domain, text, "describe_outcome_not_shared", "hn_notes_follow_the_child", []
    )
    heard = "We had the meeting on Monday. I'll chase the school by email if the notes are late"
    assert messages == [
        sent(
            response="utter_ack_reflection",
            json_message=answered("hn_notes_follow_the_child", "reflection"),
            heard=heard,
        )
    ]
    assert events == [
        SlotSet("reflection_answer", "done"),
        SlotSet(
            "reflection_answers",
            [record("hn_notes_follow_the_child", text, "reflection", heard=heard)],
        ),
        SlotSet("asked_questions", ["hn_notes_follow_the_child"]),
        SlotSet("pending_question", None),
    ]


def test_an_answer_that_only_describes_gets_one_follow_up_then_moves_on(domain) -> None:
    text = "the review was set for three months and that was it"
    messages, events = validate(
        domain, text, "describe_case_drift", "hn_note_read_back", ["hn_notes_follow_the_child"]
    )
    assert messages == [
        sent(
            response="utter_ack_reflection",
            json_message=answered("hn_note_read_back", "reflection"),
            heard=text,
        )
    ]
    first = record("hn_note_read_back", text, "reflection", heard=text)
    assert events == [
        SlotSet("reflection_answer", None),
        SlotSet("reflection_answers", [first]),
        SlotSet("asked_questions", ["hn_note_read_back"]),
        SlotSet("follow_up_for", "hn_note_read_back"),  # asked instead of the next question
    ]
    tracker = make_tracker(
        user_event("I think we should have pushed for sooner", "describe_case_drift"),
        slots={
            "current_theme": "handover_notes",
            "pending_question": "hn_note_read_back",
            "question_queue": ["hn_notes_follow_the_child"],
            "reflection_answers": [first],
            "asked_questions": ["hn_note_read_back"],
            "follow_up_for": "hn_note_read_back",
            "requested_slot": "reflection_answer",
        },
        then=[SlotSet("reflection_answer", "I think we should have pushed for sooner")],
        active_loop="reflection_form",
    )
    messages, events = run_action(ValidateReflectionForm(), tracker, domain)
    assert messages == [
        sent(
            response="utter_ack_follow_up",
            json_message=answered("hn_note_read_back", "reflection"),
        )
    ]
    assert events == [
        SlotSet("reflection_answer", None),
        SlotSet(
            "reflection_answers",
            [{**first, "follow_up": "I think we should have pushed for sooner"}],
        ),
        SlotSet("pending_question", "hn_notes_follow_the_child"),
        SlotSet("question_queue", []),
        SlotSet("follow_up_for", None),
    ]


def test_an_off_task_line_is_declined_and_not_recorded(domain) -> None:
    messages, events = validate(
        domain, "what's the weather like tomorrow", "nlu_fallback", "hn_note_read_back", []
    )
    assert messages == [sent(response="utter_off_task")]
    assert events == [SlotSet("reflection_answer", None)]  # the question is asked again


def test_no_answer_is_recorded_when_the_loop_starts(domain) -> None:
    """The form empties its slot as it starts; that empty value is no answer."""
    messages, events = validate(
        domain, None, "describe_outcome_not_shared", "hn_note_read_back", []
    )
    assert (messages, events) == ([], [SlotSet("reflection_answer", None)])


def test_an_answer_with_no_question_pending_lets_the_form_finish(domain) -> None:
    messages, events = validate(domain, "something", "affirm", None, [])
    assert (messages, events) == ([], [SlotSet("reflection_answer", "done")])


def test_the_pending_question_is_asked_with_its_origin(domain) -> None:
    tracker = make_tracker(slots={"pending_question": "hv_seen_alone"})
    messages, events = run_action(ActionAskReflectionAnswer(), tracker, domain)
    assert events == []
    assert messages == [
        sent(
            response="utter_reflective_question",
            json_message={
                "kind": "reflective_question",
                "theme": "home_visits",
                "question": "Have you seen the child on their own?",
                "id": "hv_seen_alone",
                "origin": "derived",
            },
            source="My own question, drawn from the audit",
            question="Have you seen the child on their own?",
        )
    ]


def test_skip_records_the_skip_and_moves_to_the_next_question(domain) -> None:
    tracker = make_tracker(
        user_event("skip", "skip_question"),
        slots={"pending_question": "hv_unannounced", "question_queue": ["hv_seen_bedroom"]},
    )
    messages, events = run_action(ActionSkipQuestion(), tracker, domain)
    assert messages == [sent(response="utter_question_skipped")]
    skipped = {**record("hv_unannounced", None, "skipped"), "origin": "audit"}
    assert events == [
        SlotSet("reflection_answers", [skipped]),
        SlotSet("asked_questions", ["hv_unannounced"]),
        SlotSet("pending_question", "hv_seen_bedroom"),
        SlotSet("question_queue", []),
    ]


def test_completion_offers_the_suggested_themes_not_yet_discussed_then_the_summary(
    domain,
) -> None:
    tracker = make_tracker(
        user_event("yes", "affirm"),
        slots={
            "current_theme": "home_visits",
            "themes_discussed": ["handover_notes", "home_visits"],
            "suggested_themes": ["handover_notes", "joint_meetings"],
            "reflection_answers": [{"theme": "home_visits", "kind": "yes"}],
        },
    )
    messages, events = run_action(ActionReflectionComplete(), tracker, domain)
    assert events == [SlotSet("reflection_answer", None), SlotSet("reflection_status", None)]
    assert messages == [
        sent(
            response="utter_reflection_complete",
            buttons=[button("joint_meetings", "Joint Meetings"), *NEXT_STEPS],
            theme_title="Home Visits",
        )
    ]


def test_a_theme_with_no_answer_this_time_says_its_questions_were_done_before(domain) -> None:
    tracker = make_tracker(
        user_event("mum keeps promising to change", "describe_promises_to_change"),
        slots={
            "current_theme": "home_visits",
            "themes_discussed": ["home_visits"],
            "reflection_answers": [{"theme": "handover_notes", "kind": "yes"}],
        },
    )
    messages, events = run_action(ActionReflectionComplete(), tracker, domain)
    assert events == [SlotSet("reflection_answer", None), SlotSet("reflection_status", None)]
    assert messages == [sent(response="utter_theme_questions_done", buttons=NEXT_STEPS)]


def test_stop_drops_the_rest_of_the_questions_and_offers_what_next(domain) -> None:
    tracker = make_tracker(
        user_event("stop", "stop"),
        slots={
            "pending_question": "hv_seen_bedroom",
            "question_queue": ["hv_seen_alone"],
            "suggested_themes": ["staff_wellbeing"],
        },
    )
    messages, events = run_action(ActionStopReflection(), tracker, domain)
    assert messages == [
        sent(
            response="utter_reflection_stopped",
            buttons=[button("staff_wellbeing", "Staff Wellbeing"), *NEXT_STEPS],
        )
    ]
    assert events == [SlotSet("pending_question", None), SlotSet("question_queue", [])]


def test_after_a_finished_loop_a_theme_empties_the_answer_slot_and_sets_only_what_changed(
    domain,
) -> None:
    tracker = make_tracker(
        user_event("the new worker was never told about the dog", "describe_outcome_not_shared"),
        slots={
            "reflection_answer": "done",
            "current_theme": "handover_notes",
            "themes_discussed": ["handover_notes"],
            "suggested_themes": [],
        },
    )
    _, events = run_action(ActionPresentTheme(), tracker, domain)
    assert events == [
        SlotSet("key_messages_shown", ["ev_case_1.handover_notes"]),
        SlotSet("reflection_status", "asking"),
        SlotSet("pending_question", "hn_note_read_back"),
        SlotSet("question_queue", ["hn_notes_follow_the_child"]),
        SlotSet("reflection_answer", None),  # so the form asks its questions again
    ]


def test_a_situation_naming_a_theme_without_key_messages_is_refused_at_load(
    domain, monkeypatch, tmp_path
) -> None:
    """Such content would make action_present_theme present a theme with nothing to say (it
    crashed with IndexError before the loader refused it): the loader names file and line."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    with (content / "themes.yml").open("a", encoding="utf-8") as themes:
        themes.write(
            "  - id: court_reports\n"
            "    title: Court Reports\n"
            "    description: a theme whose audit is still to come\n"
        )
    with (content / "situations.yml").open("a", encoding="utf-8") as situations:
        situations.write("  describe_case_drift: [court_reports]\n")
    monkeypatch.setenv("REFLECT_CONTENT_DIR", str(content))
    knowledge.cache_clear()  # fixture_kb clears it again after the test
    lines = (content / "situations.yml").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ContentError, match="no audit has a key message") as refused:
        knowledge()
    assert f"situations.yml:{len(lines)}" in str(refused.value)


def test_a_fact_about_the_family_joins_the_situation_and_is_not_an_answer(domain) -> None:
    messages, events = validate(
        domain, "she is 15", "describe_outcome_not_shared", "hn_note_read_back", []
    )
    assert messages == [sent(response="utter_fact_noted")]
    assert events == [
        SlotSet("reflection_answer", None),  # the question is asked again
        SlotSet("situation_notes", ["she is 15"]),
    ]


def test_a_question_asked_back_is_never_recorded(domain) -> None:
    messages, events = validate(
        domain,
        "can you give me some example questions i could ask dad?",
        "describe_vague_explanation",
        "hn_note_read_back",
        [],
    )
    assert [m["response"] for m in messages] == ["utter_question_unplaced"]
    assert events == [SlotSet("reflection_answer", None)]


def test_i_said_that_already_takes_the_question_as_answered_and_moves_on(domain) -> None:
    from actions.said_already import ActionSaidAlready

    tracker = make_tracker(
        user_event("i just told you that", "said_already"),
        slots={
            "current_theme": "handover_notes",
            "pending_question": "hn_note_read_back",
            "question_queue": ["hn_notes_follow_the_child"],
        },
        active_loop="reflection_form",
    )
    messages, events = run_action(ActionSaidAlready(), tracker, domain)
    assert messages == [
        sent(
            response="utter_said_already", json_message=answered("hn_note_read_back", "reflection")
        )
    ]
    note = "(said earlier in the conversation)"
    assert events == [
        SlotSet("reflection_answers", [record("hn_note_read_back", note, "reflection")]),
        SlotSet("asked_questions", ["hn_note_read_back"]),
        SlotSet("pending_question", "hn_notes_follow_the_child"),
        SlotSet("question_queue", []),
    ]


def test_an_answer_that_ends_with_a_question_is_noted_without_it_and_the_question_answered(
    domain,
) -> None:
    messages, events = validate(
        domain,
        "We had the meeting on Monday. whats a core group",
        "ask_term",
        "hn_notes_follow_the_child",
        [],
    )
    told = "We had the meeting on Monday"
    assert messages[0] == sent(
        response="utter_ack_reflection",
        json_message=answered("hn_notes_follow_the_child", "reflection"),
        heard=told,
    )
    # the question, answered after the answer (the fixture audit has no glossary)
    assert [m["response"] for m in messages[1:]] in (
        ["utter_term_unknown"],
        ["utter_term_in_audit"],
    )
    assert (
        SlotSet(
            "reflection_answers",
            [record("hn_notes_follow_the_child", told, "reflection", heard=told)],
        )
        in events
    )


def test_a_term_asked_alone_in_the_questions_is_explained_not_recorded(domain) -> None:
    messages, events = validate(domain, "MARAC??", "ask_term", "hn_note_read_back", [])
    assert len(messages) == 1 and messages[0]["response"].startswith("utter_term")
    assert events == [SlotSet("reflection_answer", None)]


def test_i_said_that_already_with_words_takes_those_words_as_the_answer(domain) -> None:
    from actions.said_already import ActionSaidAlready

    tracker = make_tracker(
        user_event("i said that already, we havent seen him alone", "said_already"),
        slots={
            "current_theme": "handover_notes",
            "pending_question": "hn_note_read_back",
            "question_queue": [],
        },
        active_loop="reflection_form",
    )
    _, events = run_action(ActionSaidAlready(), tracker, domain)
    assert events[0] == SlotSet(
        "reflection_answers",
        [record("hn_note_read_back", "we havent seen him alone", "reflection")],
    )
