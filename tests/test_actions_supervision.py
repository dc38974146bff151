"""Action tests: the guided supervision's steps, actions with owners and due dates, the record.

On the fictional content of tests/fixtures/content/ (a three-step guide: situation, worries,
plan) and the stated theme settings of tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.side_turns import ActionPause
from actions.supervision import (
    ActionAmendRecord,
    ActionAskSupervisionAnswer,
    ActionRevisitSupervisionStep,
    ActionSkipSupervisionStep,
    ActionStartSupervision,
    ActionSupervisionRecord,
    ValidateSupervisionForm,
)
from bot.core import supervision
from bot.core.dates import long_date
from tests.conftest import make_tracker, run_action, sent, user_event

pytestmark = pytest.mark.usefixtures("fixture_kb", "theme_settings")

STEP_BUTTONS = [
    {"title": "Skip this step", "payload": "/skip_question"},
    {"title": "Pause", "payload": "/pause"},
]
MORE_ACTIONS_BUTTONS = [
    {"title": "No more actions", "payload": "/deny"},
    {"title": "Pause", "payload": "/pause"},
]
NO_THEME = "describe_case_drift"  # a situation intent the fixture content maps to no theme


def answer(domain, state, text, intent=NO_THEME, ranking=None) -> tuple:
    """The form's validation action as Rasa runs it: the answer is the slot candidate that
    follows the message in the tracker."""
    tracker = make_tracker(
        user_event(text, intent, ranking=ranking),
        slots={
            "supervision": state,
            "supervision_answer": text,
            "requested_slot": "supervision_answer",
        },
        then=[SlotSet("supervision_answer", text)],
        active_loop="supervision_form",
    )
    return run_action(ValidateSupervisionForm(), tracker, domain)


def skipped(domain, state, text) -> tuple:
    """ "Skip" in a supervision: a rule runs the skip action (skip never fills the answer)."""
    tracker = make_tracker(
        user_event(text, "skip_question"),
        slots={"supervision": state, "requested_slot": "supervision_answer"},
        active_loop="supervision_form",
    )
    return run_action(ActionSkipSupervisionStep(), tracker, domain)


def noted(line: str) -> dict:
    """The read-back of an action the answer just completed (round 10's widget trial: an owner
    or a date given alone was not read back with its action)."""
    return sent(text=f"Noted:\n\n- {line}")


def recorded(stage: str, theme: str | None = None) -> dict:
    """The message that says a turn was recorded as the answer at ``stage``."""
    return sent(
        json_message={
            "kind": "answer",
            "mode": "supervision",
            "theme": theme,
            "answer_kind": "answer",
            "stage": stage,
        }
    )


def asked(domain, state) -> tuple:
    tracker = make_tracker(slots={"supervision": state}, active_loop="supervision_form")
    return run_action(ActionAskSupervisionAnswer(), tracker, domain)


def steps_answered() -> dict:
    state = supervision.new_state()
    return {
        **state,
        "steps": {step: f"notes on {step}" for step in ("situation", "worries", "plan")},
    }


def test_start_begins_a_new_supervision_of_the_guides_steps(domain) -> None:
    messages, events = run_action(
        ActionStartSupervision(), make_tracker(user_event("x", "start_supervision")), domain
    )
    assert messages == [sent(response="utter_supervision_intro", count=3)]
    assert events == [
        SlotSet("supervision", supervision.new_state()),
        SlotSet("paused", None),  # whatever was paused is left behind
        SlotSet("supervision_answer", None),
    ]


def test_start_resumes_a_paused_supervision_at_the_step_it_left(domain) -> None:
    state = {**supervision.new_state(), "steps": {"situation": "a teenager"}}
    tracker = make_tracker(user_event("resume", "resume"), slots={"supervision": state})
    messages, events = run_action(ActionStartSupervision(), tracker, domain)
    assert messages == [sent(response="utter_supervision_resumed")]
    # the state is kept as it was; nothing is paused any more
    assert events == [SlotSet("paused", None), SlotSet("supervision_answer", None)]

    messages, events = asked(domain, state)
    assert events == []
    [message] = messages
    assert "What worries you most?" in message["text"]
    assert message == sent(
        text=message["text"],
        buttons=STEP_BUTTONS,
        json_message={"kind": "supervision_step", "stage": "worries", "number": 2},
    )


def test_resuming_a_supervision_with_nothing_left_to_ask_lets_the_form_finish(domain) -> None:
    state = {
        **steps_answered(),
        "actions_done": True,
        "escalation_route": "to the team manager",
        "escalation_answered": True,
    }
    tracker = make_tracker(user_event("resume", "resume"), slots={"supervision": state})
    messages, events = run_action(ActionStartSupervision(), tracker, domain)
    assert messages == [sent(response="utter_supervision_resumed")]
    assert events == [SlotSet("paused", None), SlotSet("supervision_answer", "done")]


def test_start_after_a_finished_supervision_begins_a_new_one(domain) -> None:
    state = {**steps_answered(), "finished": True}
    tracker = make_tracker(user_event("x", "start_supervision"), slots={"supervision": state})
    messages, events = run_action(ActionStartSupervision(), tracker, domain)
    assert messages == [sent(response="utter_supervision_intro", count=3)]
    assert events == [
        SlotSet("supervision", supervision.new_state()),
        SlotSet("paused", None),  # whatever was paused is left behind
        SlotSet("supervision_answer", None),
    ]


def test_an_answer_whose_theme_scores_above_the_threshold_brings_in_its_key_message(
    domain, theme_settings
) -> None:
    ranking = [{"name": "describe_emotional_toll", "confidence": 0.9}]  # staff_wellbeing 0.9
    text = "I have carried this case on my own for months"
    messages, events = answer(
        domain, supervision.new_state(), text, "describe_emotional_toll", ranking
    )
    case_2 = "Case 2 (EVSP, Example Vale 2030/31)"
    assert messages == [
        recorded("situation"),
        sent(response="utter_supervision_theme_link", theme_title="Staff Wellbeing"),
        sent(
            response="utter_key_message",
            json_message={
                "kind": "key_message",
                "theme": "staff_wellbeing",
                "title": "Staff Wellbeing",
                "text": "The worker carried the case alone for months.",
                "case": "ev_case_2",
                "case_number": 2,
                "case_label": case_2,
                "evidence": None,
                "advice": "Take a hard case to supervision early.",
                "strengths": ["Persistent school nurse"],
            },
            theme_title="Staff Wellbeing",
            case_label=case_2,
            case_summary="A fictional teenager whose two schools never met.",
            strengths="Persistent school nurse",
            key_message=(
                "The worker carried the case alone for months. Take a hard case to supervision "
                "early."
            ),
        ),
        sent(
            response="utter_supervision_consider",
            json_message={
                "kind": "reflective_question",
                "theme": "staff_wellbeing",
                "question": "Is your next supervision booked?",
                "id": "sw_supervision_booked",
                "origin": "audit",
            },
            source="From the audit",
            question="Is your next supervision booked?",
        ),
    ]
    assert events == [
        SlotSet("supervision_answer", None),  # the form asks the next step
        SlotSet(
            "supervision",
            {
                **supervision.new_state(),
                "steps": {"situation": text},
                "themes": [
                    {"theme": "staff_wellbeing", "key_message": "ev_case_2.staff_wellbeing"}
                ],
            },
        ),
    ]


def test_an_answer_whose_theme_scores_below_the_threshold_is_only_recorded(
    domain, theme_settings
) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.7},
        {"name": "describe_emotional_toll", "confidence": 0.3},  # staff_wellbeing 0.3 < 0.5
    ]
    messages, events = answer(
        domain, supervision.new_state(), "it has been a long month", "nlu_fallback", ranking
    )
    assert messages == [recorded("situation")]
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet(
            "supervision",
            {**supervision.new_state(), "steps": {"situation": "it has been a long month"}},
        ),
    ]


def test_a_theme_named_by_a_single_word_is_not_woven_in(domain, theme_settings) -> None:
    text = "mum says the drinking is under control"
    # the answer's intent maps to no theme; only an entity (a single word) names one
    tracker = make_tracker(
        user_event(text, NO_THEME, entities=[{"entity": "theme", "value": "staff_wellbeing"}]),
        slots={
            "supervision": supervision.new_state(),
            "supervision_answer": text,
            "requested_slot": "supervision_answer",
        },
        then=[SlotSet("supervision_answer", text)],
        active_loop="supervision_form",
    )
    messages, _ = run_action(ValidateSupervisionForm(), tracker, domain)
    assert messages == [recorded("situation")]


def test_a_theme_already_raised_in_this_supervision_is_not_brought_in_again(
    domain, theme_settings
) -> None:
    raised = [{"theme": "staff_wellbeing", "key_message": "ev_case_2.staff_wellbeing"}]
    state = {**supervision.new_state(), "steps": {"situation": "x"}, "themes": raised}
    ranking = [{"name": "describe_emotional_toll", "confidence": 0.9}]
    messages, events = answer(domain, state, "still on my own", "describe_emotional_toll", ranking)
    assert messages == [recorded("worries")]
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet(
            "supervision", {**state, "steps": {"situation": "x", "worries": "still on my own"}}
        ),
    ]


def test_skip_at_a_step_records_it_as_skipped_and_says_how_to_come_back(domain) -> None:
    messages, events = skipped(domain, supervision.new_state(), "/skip_question")
    assert messages == [sent(response="utter_supervision_step_skipped", step_title="The situation")]
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet("supervision", {**supervision.new_state(), "steps": {"situation": None}}),
    ]


def test_after_the_steps_the_first_action_is_asked_for(domain) -> None:
    messages, events = asked(domain, steps_answered())
    assert events == []
    assert messages == [
        sent(
            text="What is the first action you have agreed?",
            buttons=STEP_BUTTONS,
            json_message={"kind": "supervision_step", "stage": "action", "number": None},
        )
    ]


def test_an_action_is_recorded_and_its_owner_asked_for(domain) -> None:
    state = steps_answered()
    messages, events = answer(domain, state, "book a joint meeting")
    assert messages == [recorded("action")]
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet(
            "supervision",
            {**state, "draft": {"action": "book a joint meeting"}, "next_action_asked": False},
        ),
    ]
    messages, _ = asked(domain, events[1]["value"])
    assert messages == [
        sent(
            text="Who owns this action? A role, not a name.",
            buttons=STEP_BUTTONS,
            json_message={"kind": "supervision_step", "stage": "owner", "number": None},
        )
    ]


def with_draft(**draft) -> dict:
    return {**steps_answered(), "draft": draft, "next_action_asked": False}


def test_an_owner_given_as_a_name_is_asked_again_as_a_role(domain) -> None:
    state = with_draft(action="book a joint meeting")
    messages, events = answer(domain, state, "[NAME]")  # a name, already redacted
    assert messages == [sent(response="utter_supervision_owner_is_name")]
    assert events == [SlotSet("supervision_answer", None)]  # nothing recorded


def test_an_owner_given_as_a_role_is_recorded(domain) -> None:
    state = with_draft(action="book a joint meeting")
    messages, events = answer(domain, state, "social worker")
    assert messages == [recorded("owner")]
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet(
            "supervision",
            {**state, "draft": {"action": "book a joint meeting", "owner": "social worker"}},
        ),
    ]


@pytest.mark.parametrize(
    "text,response",
    [
        ("whenever we can", "utter_supervision_due_unclear"),
        ("1 March 2020", "utter_supervision_due_past"),
    ],
)
def test_a_due_date_that_is_unreadable_or_past_is_asked_again(domain, text, response) -> None:
    state = with_draft(action="book a joint meeting", owner="social worker")
    messages, events = answer(domain, state, text)
    assert messages == [sent(response=response)]
    assert events[0] == SlotSet("supervision_answer", None)
    # nothing agreed yet (an unreadable date is only marked as asked once)
    assert all(e["value"]["actions"] == [] for e in events[1:])


def test_a_due_date_unreadable_twice_is_kept_as_said_to_be_confirmed(domain) -> None:
    state = with_draft(action="book a joint meeting", owner="social worker", due_asked=True)
    messages, events = answer(domain, state, "after the strategy meeting")
    assert messages == [
        recorded("due"),
        noted("book a joint meeting (social worker, after the strategy meeting (date to confirm))"),
    ]
    assert events[1]["value"]["actions"] == [
        {
            "action": "book a joint meeting",
            "owner": "social worker",
            "due": None,
            "due_text": "after the strategy meeting",
        }
    ]


def test_a_due_date_in_words_is_read_as_a_date_even_when_next_sounds_like_skip(domain) -> None:
    state = with_draft(action="book a joint meeting", owner="social worker")
    messages, events = skipped(domain, state, "by next Friday")
    [agreed] = events[1]["value"]["actions"]
    due = dt.date.fromisoformat(agreed["due"])
    assert messages == [
        recorded("due"),
        noted(f"book a joint meeting (social worker, by {long_date(due)})"),
    ]
    today = dt.date.today()
    assert due.weekday() == 4 and today < due <= today + dt.timedelta(days=14)
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet(
            "supervision",
            {
                **state,
                "draft": None,
                "actions": [
                    {
                        "action": "book a joint meeting",
                        "owner": "social worker",
                        "due": agreed["due"],
                    }
                ],
            },
        ),
    ]


def one_action_agreed() -> dict:
    agreed = {"action": "book a joint meeting", "owner": "social worker", "due": "2099-01-01"}
    return {**steps_answered(), "actions": [agreed], "next_action_asked": False}


def test_yes_to_another_action_asks_for_it_without_recording_yes(domain) -> None:
    state = one_action_agreed()
    messages, events = asked(domain, state)
    assert [(m["text"], m["buttons"]) for m in messages] == [
        ("Is there another action?", MORE_ACTIONS_BUTTONS)
    ]

    messages, events = answer(domain, state, "yes", "affirm")
    assert messages == []
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet("supervision", {**state, "next_action_asked": True}),  # and no action "yes"
    ]
    messages, _ = asked(domain, events[1]["value"])
    assert [(m["text"], m["buttons"]) for m in messages] == [
        ("What is the next action?", MORE_ACTIONS_BUTTONS)
    ]


def test_no_more_actions_moves_on_to_the_escalation_route_which_ends_the_form(domain) -> None:
    state = one_action_agreed()
    messages, events = answer(domain, state, "no more actions", "deny")
    # the list is read back before the step ends
    assert [m["text"] for m in messages] == [
        "Actions: 1. book a joint meeting (social worker, by 1 January 2099)"
    ]
    state = {**state, "actions_done": True}
    assert events == [SlotSet("supervision_answer", None), SlotSet("supervision", state)]

    messages, _ = asked(domain, state)
    assert [m["custom"] for m in messages] == [
        {"kind": "supervision_step", "stage": "escalation_route", "number": None}
    ]
    assert messages[0]["text"] == "What escalation route have you agreed?"

    messages, events = answer(domain, state, "to the team manager after six weeks")
    assert messages == [recorded("escalation_route")]
    assert events == [
        SlotSet("supervision_answer", "done"),
        SlotSet(
            "supervision",
            {
                **state,
                "escalation_route": "to the team manager after six weeks",
                "escalation_answered": True,
            },
        ),
    ]


def revisit(domain, state, text, entities=None) -> tuple:
    tracker = make_tracker(
        user_event(text, "revisit_step", entities=entities), slots={"supervision": state}
    )
    return run_action(ActionRevisitSupervisionStep(), tracker, domain)


def test_go_back_to_step_2_asks_that_step_again_and_adds_to_it(domain) -> None:
    state = one_action_agreed()
    messages, events = revisit(domain, state, "go back to step 2")
    assert messages == [
        sent(response="utter_supervision_revisit", number=2, step_title="What worries you")
    ]
    revisiting = {**state, "revisit": "worries", "finished": False}
    assert events == [SlotSet("supervision", revisiting), SlotSet("supervision_answer", None)]

    _, events = answer(domain, revisiting, "new worries")
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet(
            "supervision",
            {
                **state,
                # added to what was said before (a supervisor trial lost agencies when the
                # second answer replaced the first)
                "steps": {
                    **state["steps"],
                    "worries": f"notes on worries {supervision.ADDED_LATER} new worries",
                },
                "revisit": None,
                "finished": False,
            },
        ),
    ]


def test_a_step_can_be_named_instead_of_numbered(domain) -> None:
    entities = [{"entity": "supervision_step", "value": "plan"}]
    messages, events = revisit(domain, steps_answered(), "change the plan", entities)
    assert messages == [sent(response="utter_supervision_revisit", number=3, step_title="The plan")]
    assert events[0]["value"]["revisit"] == "plan"


def test_a_step_number_the_guide_does_not_have_gets_the_list_of_steps(domain) -> None:
    messages, events = revisit(domain, steps_answered(), "go back to step 9")
    assert messages == [
        sent(
            response="utter_supervision_unknown_step",
            step_lines="1. The situation; 2. What worries you; 3. The plan",
        )
    ]
    # the reply may be a number alone: the state says the steps were listed
    assert events == [
        SlotSet("supervision_answer", None),
        SlotSet("supervision", {**steps_answered(), "choosing_step": True}),
    ]


@pytest.mark.parametrize(
    "action,text,intent",
    [
        (ActionRevisitSupervisionStep(), "go back to step 2", "revisit_step"),
        (ActionSupervisionRecord(), "stop", "stop"),
    ],
)
def test_without_a_supervision_in_progress_each_control_says_so(
    domain, action, text, intent
) -> None:
    messages, events = run_action(action, make_tracker(user_event(text, intent)), domain)
    assert (messages, events) == ([sent(response="utter_supervision_not_started")], [])


def test_pause_keeps_the_answers_and_says_how_to_resume(domain) -> None:
    tracker = make_tracker(
        user_event("pause", "pause"),
        slots={"supervision": steps_answered()},
        # the supervision was running when "pause" came; the rule then deactivated it
        events=[{"event": "active_loop", "name": "supervision_form"}],
        then=[{"event": "active_loop", "name": None}],
    )
    messages, events = run_action(ActionPause(), tracker, domain)
    assert messages == [sent(response="utter_supervision_paused")]
    assert events == [SlotSet("paused", "supervision")]  # "carry on" resumes it


def test_pause_with_nothing_running_says_so(domain) -> None:
    messages, events = run_action(ActionPause(), make_tracker(user_event("pause", "pause")), domain)
    assert (messages, events) == ([sent(response="utter_nothing_to_resume")], [])


def test_the_record_is_sent_with_its_downloads_and_the_supervision_is_finished(domain) -> None:
    state = {
        **one_action_agreed(),
        "actions_done": True,
        "escalation_route": "to the team manager after six weeks",
        "escalation_answered": True,
    }
    sender = "0b0e6a5e-1a8e-4b53-9b7f-5d2f2c9a4d11"
    tracker = make_tracker(
        user_event("stop", "stop"), slots={"supervision": state}, sender_id=sender
    )
    messages, events = run_action(ActionSupervisionRecord(), tracker, domain)
    assert events == [
        # the version filed is kept with it: the record says which version it is
        SlotSet("supervision", {**state, "finished": True, "version": 1, "record_number": 1}),
        SlotSet("supervision_answer", None),
    ]
    [message] = messages
    record = message.pop("record")
    assert "Record 1 filed in this conversation.\nNo names" in record  # its own line
    assert message == sent(
        response="utter_supervision_record",
        json_message={
            "kind": "supervision_record",
            "downloads": {
                "md": f"/webhooks/reflect/supervision_record/{sender}.md",
                "html": f"/webhooks/reflect/supervision_record/{sender}.html",
            },
            # the first record of this conversation: version 1, kept at its own address too
            "version": 1,
            "version_downloads": {
                "md": f"/webhooks/reflect/supervision_record/{sender}.v1.md",
                "html": f"/webhooks/reflect/supervision_record/{sender}.v1.html",
            },
        },
    )
    # One message: no blank line, at which a channel would split it.
    assert "\n\n" not in record
    for part in (
        "The situation",
        "notes on situation",
        "What worries you",
        "notes on worries",
        "The plan",
        "notes on plan",
        "book a joint meeting",
        "social worker",
        "1 January 2099",
        "Escalation route agreed",
        "to the team manager after six weeks",
    ):
        assert part in record, part


def test_no_more_actions_while_a_due_date_is_asked_is_not_taken_for_one(domain) -> None:
    state = with_draft(action="book a joint meeting", owner="social worker")
    messages, events = answer(domain, state, "no more actions", "deny")
    [agreed] = events[1]["value"]["actions"]
    assert agreed == {"action": "book a joint meeting", "owner": "social worker", "due": None}


def filed(state: dict, text: str, intent: str = "amend_record"):
    """A tracker whose supervision was filed (its slot set finished), then ``text`` said."""
    finished = {**state, "actions_done": True, "escalation_answered": True, "finished": True}
    return make_tracker(
        user_event(text, intent),
        slots={"supervision": finished},
        events=[{"event": "slot", "name": "supervision", "value": finished}],
    )


def test_amending_with_no_record_filed_says_so_and_opens_nothing(domain) -> None:
    tracker = make_tracker(user_event("can we amend the record", "amend_record"))
    messages, events = run_action(ActionAmendRecord(), tracker, domain)
    assert (messages, events) == ([sent(response="utter_supervision_nothing_to_amend")], [])


def test_amending_a_filed_record_reopens_it_at_its_actions_for_the_next_version(
    domain, fixture_kb
) -> None:
    state = one_action_agreed()
    messages, events = run_action(
        ActionAmendRecord(), filed(state, "can we amend the record"), domain
    )
    assert messages[0] == sent(response="utter_supervision_amend", version=1, next_version=2)
    reopened = events[0]["value"]
    assert (reopened["finished"], reopened["actions_done"]) == (False, False)
    assert reopened["actions"] == state["actions"]  # nothing agreed is lost
    assert reopened["escalation_answered"] is True  # not asked again
    assert supervision.next_stage(reopened, fixture_kb) == supervision.ACTION
    assert events[1:] == [
        SlotSet("supervision_answer", None),
        SlotSet("paused", None),
        FollowupAction("supervision_form"),
    ]


def test_an_edit_said_once_the_record_is_filed_is_made_in_the_amended_record(domain) -> None:
    state = one_action_agreed()
    tracker = filed(state, "change action 1's owner to the team manager", "revisit_step")
    _, events = run_action(ActionAmendRecord(), tracker, domain)
    [action] = events[0]["value"]["actions"]
    assert action["owner"] == "team manager"
    assert events[0]["value"]["finished"] is False


def test_an_action_said_with_the_request_is_added(domain) -> None:
    state = one_action_agreed()
    tracker = filed(state, "we forgot one: social worker to weigh the baby by 1 january 2099")
    _, events = run_action(ActionAmendRecord(), tracker, domain)
    actions = events[0]["value"]["actions"]
    assert [a["action"] for a in actions] == ["book a joint meeting", "weigh the baby"]


def test_an_ongoing_action_is_kept_with_its_start_never_as_a_deadline(domain) -> None:
    # a trial's "from tomorrow, ongoing" had been recorded as "by <tomorrow>"
    state = with_draft(action="visit weekly", owner="social worker")
    messages, events = answer(domain, state, "from tomorrow, ongoing")
    tomorrow = long_date(dt.date.today() + dt.timedelta(days=1))
    assert messages == [
        recorded("due"),
        noted(f"visit weekly (social worker, ongoing from {tomorrow})"),
    ]
    assert events[1]["value"]["actions"] == [
        {
            "action": "visit weekly",
            "owner": "social worker",
            "due": None,
            "due_text": f"ongoing from {tomorrow}",
            "ongoing": True,
        }
    ]


def test_which_one_while_a_date_is_asked_names_the_action_and_takes_nothing(domain) -> None:
    # a trial's "by when for which one?" got the bot's introduction
    state = with_draft(action="book a joint meeting", owner="social worker")
    messages, events = answer(domain, state, "by when for which one?")
    assert messages == [sent(text='This one: "book a joint meeting".')]
    assert events == [SlotSet("supervision_answer", None)]
