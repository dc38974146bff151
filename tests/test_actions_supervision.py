"""Action tests: the guided supervision's steps, actions with owners and due dates, the record."""

from __future__ import annotations

import datetime as dt

from rasa_sdk.executor import CollectingDispatcher

from actions.supervision import (
    ActionRevisitSupervisionStep,
    ActionStartSupervision,
    ActionSupervisionRecord,
    ValidateSupervisionForm,
)
from bot.core import supervision
from tests.conftest import make_tracker, user_event
from tests.test_actions_reflection import run


def answer(domain, state, text, intent="describe_case_drift", ranking=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        user_event(text, intent, ranking=ranking),
        slots={"supervision": state},
        active_loop="supervision_form",
    )
    slots = ValidateSupervisionForm().validate_supervision_answer(text, dispatcher, tracker, domain)
    return dispatcher.messages, slots


def test_start_creates_a_new_supervision(domain) -> None:
    messages, slots = run(
        ActionStartSupervision(), make_tracker(user_event("x", "start_supervision")), domain
    )
    assert messages[0]["response"] == "utter_supervision_intro" and messages[0]["count"] == 7
    assert slots["supervision"]["steps"] == {} and slots["supervision_answer"] is None


def test_start_resumes_a_paused_supervision(domain, kb) -> None:
    state = supervision.record_answer(supervision.new_state(), "case_brief", "a teenager")
    tracker = make_tracker(user_event("resume", "resume_supervision"), slots={"supervision": state})
    messages, slots = run(ActionStartSupervision(), tracker, domain)
    assert messages[0]["response"] == "utter_supervision_resumed"
    assert "supervision" not in slots  # kept as it was
    assert supervision.next_stage(state, kb) == "agencies"


def test_an_answer_is_recorded_and_a_clear_theme_is_woven_in(domain) -> None:
    ranking = [{"name": "describe_promises_to_change", "confidence": 0.9}]
    messages, slots = answer(
        domain,
        supervision.new_state(),
        "mum keeps promising to stop drinking",
        "describe_promises_to_change",
        ranking,
    )
    state = slots["supervision"]
    assert state["steps"] == {"case_brief": "mum keeps promising to stop drinking"}
    assert state["themes"][0]["theme"] == "professional_over_optimism"
    kinds = [(m.get("custom") or {}).get("kind") for m in messages]
    assert kinds == [None, "key_message", "reflective_question"]
    assert slots["supervision_answer"] is None


def test_skip_is_read_by_the_validator(domain, kb) -> None:
    messages, slots = answer(domain, supervision.new_state(), "/skip_question", "skip_question")
    assert slots["supervision"]["steps"] == {"case_brief": None}
    assert messages[0]["response"] == "utter_supervision_step_skipped"


def all_steps_answered(kb) -> dict:
    state = supervision.new_state()
    for step in kb.supervision.steps:
        state = supervision.record_answer(state, step.id, f"notes on {step.id}")
    return state


def test_an_action_needs_a_role_and_a_readable_future_date(domain, kb) -> None:
    state = all_steps_answered(kb)
    _, slots = answer(domain, state, "refer to the substance misuse service")
    state = slots["supervision"]
    assert supervision.next_stage(state, kb) == "owner"

    messages, slots = answer(domain, state, "[NAME]")  # a name, already redacted
    assert messages[0]["response"] == "utter_supervision_owner_is_name"
    assert slots == {"supervision_answer": None}

    _, slots = answer(domain, state, "social worker")
    state = slots["supervision"]
    messages, slots = answer(domain, state, "whenever we can")
    assert messages[0]["response"] == "utter_supervision_due_unclear"

    messages, slots = answer(domain, state, "1 March 2020")
    assert messages[0]["response"] == "utter_supervision_due_past"

    _, slots = answer(domain, state, "by next Friday", "skip_question")  # "next" is not a skip here
    state = slots["supervision"]
    [agreed] = state["actions"]
    due = dt.date.fromisoformat(agreed["due"])
    assert agreed["owner"] == "social worker" and due.weekday() == 4 and due > dt.date.today()

    _, slots = answer(domain, state, "no more actions", "deny")
    assert supervision.next_stage(slots["supervision"], kb) == "escalation_route"
    _, slots = answer(domain, slots["supervision"], "to the team manager after six weeks")
    assert slots["supervision_answer"] == "done"


def test_revisit_a_step_by_number(domain, kb) -> None:
    state = all_steps_answered(kb)
    tracker = make_tracker(
        user_event("go back to step 3", "revisit_step"), slots={"supervision": state}
    )
    messages, slots = run(ActionRevisitSupervisionStep(), tracker, domain)
    assert messages[0]["number"] == 3
    assert supervision.next_stage(slots["supervision"], kb) == "worries"
    _, slots = answer(domain, slots["supervision"], "new worries")
    assert slots["supervision"]["steps"]["worries"] == "new worries"
    assert supervision.next_stage(slots["supervision"], kb) == "action"


def test_the_record_is_offered_for_download(domain, kb) -> None:
    state = all_steps_answered(kb)
    tracker = make_tracker(
        user_event("stop", "stop"),
        slots={"supervision": state},
        sender_id="0b0e6a5e-1a8e-4b53-9b7f-5d2f2c9a4d11",
    )
    messages, slots = run(ActionSupervisionRecord(), tracker, domain)
    assert messages[0]["custom"]["downloads"] == {
        "md": "/webhooks/reflect/supervision_record/0b0e6a5e-1a8e-4b53-9b7f-5d2f2c9a4d11.md",
        "html": "/webhooks/reflect/supervision_record/0b0e6a5e-1a8e-4b53-9b7f-5d2f2c9a4d11.html",
    }
    assert "notes on plan" in messages[0]["record"] and "\n\n" not in messages[0]["record"]
    assert slots["supervision"]["finished"] is True


def test_yes_to_another_action_asks_for_it_without_recording_yes(domain, kb) -> None:
    state = all_steps_answered(kb)
    for stage, value in [("action", "Refer to CAMHS"), ("owner", "GP"), ("due", "2099-01-01")]:
        state = supervision.record_answer(state, stage, value)
    _, slots = answer(domain, state, "yes", "affirm")
    state = slots["supervision"]
    assert len(state["actions"]) == 1 and state["draft"] is None
    assert supervision.prompt_for("action", state, kb) == kb.supervision.actions.next
    _, slots = answer(domain, state, "Book a review meeting")
    assert slots["supervision"]["draft"] == {"action": "Book a review meeting"}
