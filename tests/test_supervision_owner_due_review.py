"""A supervisor trial's findings, on the bundled guide (bot/knowledge/content/supervision.yml):
owner and due date asked in one prompt, review dates on working days, and questions raised on
the side kept for the record."""

from __future__ import annotations

import datetime as dt

import pytest

from actions.supervision import (
    ActionAskSupervisionAnswer,
    ActionSkipSupervisionStep,
    next_action_after,
    said_actions,
)
from bot.core import supervision
from bot.core.agreed_actions import Edit, apply_edits
from bot.core.dates import due_date, names_a_day, parse_due, review_date, working_day
from bot.knowledge import KnowledgeBase
from bot.web import records
from tests.conftest import make_tracker, run_action, user_event
from tests.test_actions_supervision import answer

SUNDAY = dt.date(2026, 12, 6)


def at_the_actions(kb: KnowledgeBase, **draft) -> dict:
    state = supervision.new_state()
    state["steps"] = {step.id: "notes" for step in kb.supervision.steps}
    return {**state, "draft": draft or None}


def prompt(domain, state) -> dict:
    tracker = make_tracker(slots={"supervision": state}, active_loop="supervision_form")
    messages, _ = run_action(ActionAskSupervisionAnswer(), tracker, domain)
    return messages[-1]


def slots_of(events) -> dict:
    return {e["name"]: e["value"] for e in events}


def test_an_action_with_neither_owner_nor_due_date_asks_for_both_at_once(kb, domain) -> None:
    asked = prompt(domain, at_the_actions(kb, action="book a planning meeting"))
    assert "Who will do it, and by when?" in asked["text"]
    assert asked["custom"]["stage"] == "owner"
    # with the due date given already, only the owner is asked
    owner_only = prompt(domain, at_the_actions(kb, action="book it", due="2026-12-31"))
    assert "Who owns this action?" in owner_only["text"]


@pytest.mark.parametrize(
    "said,owner,due",
    [
        ("SW by next friday", "social worker", "next friday"),
        ("the team manager, end of month", "team manager", "end of month"),
        ("DSL", "designated safeguarding lead", None),
        ("next friday", None, "next friday"),
    ],
)
def test_either_or_both_answer_the_joint_prompt(kb, domain, said, owner, due) -> None:
    _, events = answer(domain, at_the_actions(kb, action="book a planning meeting"), said)
    state = slots_of(events)["supervision"]
    agreed = state["actions"][0] if state["actions"] else state["draft"]
    assert agreed.get("owner") == owner
    assert agreed.get("due") == (parse_due(due).isoformat() if due else None)
    # what is still missing is asked alone: no second joint prompt, no nudge
    expected = supervision.ACTION if owner and due else "due" if owner else "owner"
    assert supervision.next_stage(state, kb) == expected


def test_skipping_the_joint_prompt_skips_both(kb, domain) -> None:
    tracker = make_tracker(
        user_event("skip", "skip_question"),
        slots={"supervision": at_the_actions(kb, action="book it")},
        active_loop="supervision_form",
    )
    _, events = run_action(ActionSkipSupervisionStep(), tracker, domain)
    state = slots_of(events)["supervision"]
    assert state["actions"] == [{"action": "book it", "owner": None, "due": None}]


@pytest.mark.parametrize(
    "said,expected",
    [
        ("in 4 weeks", dt.date(2027, 1, 4)),  # Sunday 3 January -> Monday
        ("in six weeks", dt.date(2027, 1, 18)),
        ("end of month", dt.date(2026, 12, 31)),  # a Thursday: as computed
        ("next saturday", dt.date(2026, 12, 12)),  # named: kept
        ("sunday 10 january", dt.date(2027, 1, 10)),
        ("10/01/2027", dt.date(2027, 1, 10)),
    ],
)
def test_a_review_date_worked_out_is_a_working_day_and_a_named_one_is_kept(said, expected) -> None:
    assert review_date(said, SUNDAY) == expected


def test_named_days_and_working_days() -> None:
    assert names_a_day("Friday") and names_a_day("15 Jan") and not names_a_day("in 4 weeks")
    assert working_day(dt.date(2027, 1, 9)) == dt.date(2027, 1, 11)  # Saturday -> Monday
    assert working_day(dt.date(2027, 1, 8)) == dt.date(2027, 1, 8)


def test_the_review_prompt_offers_a_working_day(kb, domain) -> None:
    state = {
        **at_the_actions(kb),
        "actions_done": True,
        "escalation_answered": True,
    }
    asked = prompt(domain, state)
    said, day = supervision.review_proposal(kb)
    assert said == "in 4 weeks" and day.weekday() < 5
    assert asked["buttons"][0]["payload"] == "in 4 weeks"
    assert day.strftime("%A") in asked["buttons"][0]["title"]


def test_a_review_day_named_on_a_weekend_is_kept_and_noted(kb, domain) -> None:
    state = {**at_the_actions(kb), "actions_done": True, "escalation_answered": True}
    messages, events = answer(domain, state, "sunday 10 january 2027")
    assert "10 January 2027 is a Sunday" in " ".join(m.get("text") or "" for m in messages)
    assert slots_of(events)["supervision"]["next_review"] == "2027-01-10"


def test_questions_raised_are_in_the_record_once(kb) -> None:
    state = supervision.note_question(
        supervision.new_state(SUNDAY), "should we ask for a legal gateway meeting?"
    )
    state = supervision.note_question(state, "should we ask for a legal gateway meeting?")
    assert state["questions"] == ["should we ask for a legal gateway meeting?"]
    text = records.supervision_markdown(state, kb)
    assert "### Questions raised\n\n- should we ask for a legal gateway meeting?" in text
    html = records.supervision_html(
        supervision.note_question(state, "is <b>this</b> escalation?"), kb
    )
    assert "<li>is &lt;b&gt;this&lt;/b&gt; escalation?</li>" in html


@pytest.mark.parametrize(
    "said", ["oh wait, no more actions", "Oops - no more actions", "ok done", "/deny"]
)
def test_no_more_actions_after_a_filler_ends_the_list(kb, domain, said) -> None:
    state = {
        **at_the_actions(kb),
        "actions": [{"action": "visit", "owner": "social worker", "due": "2027-01-04"}],
    }
    _, events = answer(domain, state, said)
    done = slots_of(events)["supervision"]
    assert done["actions_done"] and len(done["actions"]) == 1


def test_going_straight_to_the_actions_leaves_the_steps_not_discussed(kb: KnowledgeBase) -> None:
    state = supervision.record_answer(supervision.new_state(), "case_brief", "TM and SW")
    jumped = supervision.skip_to_actions(state, kb)
    assert jumped["steps"]["case_brief"] == "TM and SW"
    assert all(jumped["steps"][s.id] is None for s in kb.supervision.steps[1:])
    assert supervision.next_stage(jumped, kb) == supervision.ACTION


def test_going_back_to_a_step_adds_to_what_was_said(kb: KnowledgeBase) -> None:
    state = supervision.record_answer(supervision.new_state(), "agencies", "CSC and police")
    again = supervision.record_answer({**state, "revisit": "agencies"}, "agencies", "and school")
    assert again["steps"]["agencies"] == f"CSC and police {supervision.ADDED_LATER} and school"
    # an answer given the first time is not an addition
    assert supervision.record_answer(state, "case_brief", "TM")["steps"]["case_brief"] == "TM"


@pytest.mark.parametrize("said", ["tbc", "leave the date open for now", "no date yet"])
def test_a_date_left_open_is_to_be_confirmed_never_asked_again(
    kb: KnowledgeBase, domain, said: str
) -> None:
    state = at_the_actions(kb, action="refer to the exploitation panel", owner="social worker")
    _, events = answer(domain, state, said)
    kept = next(e["value"] for e in events if e.get("name") == "supervision")
    [action] = kept["actions"]
    assert action.get("due_open") and action.get("due") is None and not action.get("due_text")
    assert supervision.action_lines(kept, kb) == [
        "1. refer to the exploitation panel (social worker, date to confirm)"
    ]


def test_skipping_a_step_kept_after_the_safety_message_keeps_what_was_said(
    kb: KnowledgeBase,
) -> None:
    kept = {
        **supervision.record_answer(supervision.new_state(), "case_brief", "the case"),
        "revisit": "case_brief",
    }
    assert supervision.record_answer(kept, "case_brief", None)["steps"]["case_brief"] == "the case"


def test_the_next_action_said_where_an_owner_was_asked_is_a_new_action(
    kb: KnowledgeBase, domain
) -> None:
    state = at_the_actions(kb, action="complete the referral")
    _, events = answer(domain, state, "look into housing")
    kept = next(e["value"] for e in events if e.get("name") == "supervision")
    assert kept["actions"][0]["action"] == "complete the referral"
    assert kept["actions"][0]["owner"] is None  # missing, never "look into housing"
    assert kept["draft"]["action"] == "look into housing"


def test_no_owner_yet_is_not_taken_for_an_owner(kb: KnowledgeBase, domain) -> None:
    state = at_the_actions(kb, action="complete the referral", due="2026-12-31")
    _, events = answer(domain, state, "dunno, we'll sort it")
    kept = next(e["value"] for e in events if e.get("name") == "supervision")
    assert kept["actions"][0]["owner"] is None


def test_no_more_actions_where_an_owner_was_asked_ends_the_list(kb: KnowledgeBase, domain) -> None:
    state = at_the_actions(kb, action="complete the referral")
    _, events = answer(domain, state, "no more actions")
    kept = next(e["value"] for e in events if e.get("name") == "supervision")
    assert kept["actions_done"] and kept["actions"][0]["action"] == "complete the referral"
    assert supervision.next_stage(kept, kb) == supervision.ESCALATION


def test_a_date_given_later_replaces_one_left_open(kb: KnowledgeBase) -> None:
    actions = [{"action": "refer", "owner": "social worker", "due": None, "due_open": True}]
    [edited] = apply_edits(
        actions, [Edit(1, "due", "31 December 2026")], kb.supervision.actions.roles
    )
    assert edited["due"] == "2026-12-31" and "due_open" not in edited


def test_keep_it_with_a_comment_keeps_the_vague_action_as_said(kb: KnowledgeBase, domain) -> None:
    state = at_the_actions(kb, action="look into housing", vague=True)
    _, events = answer(domain, state, "keep it, mum mentioned overcrowding")
    kept = next(e["value"] for e in events if e.get("name") == "supervision")
    assert kept["draft"]["action"] == "look into housing" and not kept["draft"].get("vague")


def test_the_school_can_own_an_action(kb: KnowledgeBase) -> None:
    [action] = said_actions("school to update attendance weekly, end of month")
    assert action["owner"] == "school" and action["action"] == "update attendance weekly"


def test_the_nudges_rewrite_replaces_the_action_and_says_so(kb: KnowledgeBase, domain) -> None:
    state = at_the_actions(kb, action="look into housing", vague=True)
    messages, events = answer(domain, state, "ring the housing officer and ask for the repairs log")
    kept = next(e["value"] for e in events if e.get("name") == "supervision")
    assert kept["draft"]["action"] == "ring the housing officer and ask for the repairs log"
    assert not kept.get("queue")  # nothing added
    assert any('Changed to "ring the housing officer' in (m.get("text") or "") for m in messages)


def test_also_at_the_nudge_adds_an_action_and_keeps_the_vague_one(
    kb: KnowledgeBase, domain
) -> None:
    state = at_the_actions(kb, action="look into housing", vague=True)
    messages, events = answer(domain, state, "also SW to visit school by next friday")
    kept = next(e["value"] for e in events if e.get("name") == "supervision")
    assert kept["draft"]["action"] == "look into housing" and not kept["draft"].get("vague")
    assert [a["action"] for a in kept["queue"]] == ["visit school"]
    assert not any("Changed to" in (m.get("text") or "") for m in messages)


@pytest.mark.parametrize(
    "asked,answered,kept",
    [
        ("is that ok?", False, False),  # chatter with Reflect
        ("can you show me where we are?", False, False),
        ("is that disguised compliance?", False, True),  # short, but about the case
        ("what's a MASE?", True, True),  # answered from the audit: kept however short
        ("do we need a PLO letter before legal gateway?", False, True),  # about the case
    ],
)
def test_only_questions_about_the_case_are_raised_in_the_record(asked, answered, kept) -> None:
    state = supervision.note_question(supervision.new_state(SUNDAY), asked, answered)
    assert (state["questions"] == [asked]) is kept


def plan_with_actions(kb: KnowledgeBase) -> dict:
    state = at_the_actions(kb)
    state["steps"]["plan"] = (
        "stay cin but a tighter plan. SW to visit weekly, TM to book legal gateway meeting by "
        "end of month. outcomes: attendance above 85%"
    )
    return {**state, "draft": None}


def test_actions_in_the_notes_are_offered_and_kept_on_yes(kb: KnowledgeBase, domain) -> None:
    # a supervisor trial: the actions written into the plan were never picked up
    offered = prompt(domain, plan_with_actions(kb))
    assert "- visit weekly (social worker, date to confirm)" in offered["text"]
    assert "- book legal gateway meeting (team manager, by 31 December" in offered["text"]
    tracker = make_tracker(
        slots={"supervision": plan_with_actions(kb)}, active_loop="supervision_form"
    )
    _, events = run_action(ActionAskSupervisionAnswer(), tracker, domain)
    state = slots_of(events)["supervision"]
    _, events = answer(domain, state, "yes", "affirm")
    kept = slots_of(events)["supervision"]
    assert kept["proposed"] == []
    queued = [kept["draft"]["action"], *(a["action"] for a in kept.get("queue") or [])]
    assert queued == ["visit weekly", "book legal gateway meeting"]


def test_actions_offered_from_the_notes_are_set_aside_for_one_typed(kb, domain) -> None:
    tracker = make_tracker(
        slots={"supervision": plan_with_actions(kb)}, active_loop="supervision_form"
    )
    _, events = run_action(ActionAskSupervisionAnswer(), tracker, domain)
    _, events = answer(domain, slots_of(events)["supervision"], "no, SW to ring the GP by friday")
    kept = slots_of(events)["supervision"]
    assert kept["proposed"] == [] and kept["actions"][0]["action"] == "ring the GP"


def test_finish_now_files_what_was_said_and_keeps_a_half_agreed_action(kb: KnowledgeBase) -> None:
    state = supervision.new_state(SUNDAY)
    state["steps"] = {"case_brief": "two kids, school say the 9yo is tired"}
    state["draft"] = {"action": "speak to the 9yo on his own in school", "owner": "social worker"}
    finished = supervision.finish_now(state, kb)
    assert supervision.next_stage(finished, kb) == supervision.DONE
    assert finished["steps"]["case_brief"] == "two kids, school say the 9yo is tired"
    assert finished["actions"][0]["action"] == "speak to the 9yo on his own in school"
    assert supervision.asks_to_finish_now(
        "got to run, can we just finish here and save what weve done"
    )
    assert not supervision.asks_to_finish_now("we finish at 5")


def test_scrap_that_where_an_owner_is_asked_drops_the_action(kb: KnowledgeBase, domain) -> None:
    # a supervisor trial: "thats not an action, scrap that" became the action's owner
    state = at_the_actions(kb, action="wait, action 5 is wrong, its two actions")
    messages, events = answer(domain, state, "thats not an action, scrap that")
    kept = slots_of(events)["supervision"]
    assert kept["draft"] is None and kept["actions"] == []
    assert any(m.get("response") == "utter_supervision_action_dropped" for m in messages)


def test_a_review_said_with_a_span_and_a_maybe_day_takes_the_day() -> None:
    # a supervisor trial: "say tues 29th" read whole was next Tuesday
    assert review_date("in 3 wks, after the strat - say tues 29th", SUNDAY) == dt.date(2026, 12, 29)


@pytest.mark.parametrize(
    "said, answered, more",
    [
        (
            "SW. also the GP should review the rash by friday",
            "SW",
            "the GP should review the rash by friday",
        ),
        ("GP, also HV to weigh the baby weekly", "GP", "HV to weigh the baby weekly"),
        (
            "team manager; the DSL to share attendance",
            "team manager",
            "the DSL to share attendance",
        ),
        ("SW. ring the school tomorrow", "SW", "ring the school tomorrow"),
        # no next action: a reason, a remark, a date
        ("SW by friday. she is off next week", "SW by friday. she is off next week", ""),
        ("SW, also worth saying mum agreed", "SW, also worth saying mum agreed", ""),
        ("the SW by friday", "the SW by friday", ""),
    ],
)
def test_an_owner_answer_running_into_the_next_action(said, answered, more) -> None:
    assert next_action_after(said) == (answered, more)


def test_short_english_words_are_no_dates() -> None:
    """dateparser guessing the language read "do" and "me" as weekdays."""
    assert due_date("do", SUNDAY) is None
    assert due_date("me", SUNDAY) is None
    assert due_date("by this Friday", SUNDAY) == dt.date(2026, 12, 11)


def test_a_route_named_at_step_7_is_offered_back(kb: KnowledgeBase) -> None:
    state = supervision.new_state()
    state["steps"] = {
        step.id: "notes" for step in kb.supervision.steps if step.id != "disagreements"
    }
    state["steps"]["disagreements"] = "none really, if it drifts we escalate to the service manager"
    state = {**state, "actions_done": True}
    assert supervision.route_named(state, kb) == "if it drifts we escalate to the service manager"
    prompt = supervision.prompt_for(supervision.ESCALATION, state, kb)
    assert 'At step 7 you said: "if it drifts we escalate to the service manager"' in prompt
    state["steps"]["disagreements"] = "no disagreements"
    assert supervision.route_named(state, kb) is None
    assert supervision.prompt_for(supervision.ESCALATION, state, kb) == (
        kb.supervision.escalation_route.prompt
    )


@pytest.mark.parametrize(
    "said, expected",
    [
        ("mid jan, 15th", dt.date(2027, 1, 15)),  # a trial's record had the offered button's date
        ("mid jan", dt.date(2027, 1, 15)),
        ("the middle of march", dt.date(2027, 3, 15)),
        ("in 2 weeks, fri 18th", dt.date(2026, 12, 18)),
    ],
)
def test_a_day_and_a_month_said_apart_are_one_date(said, expected) -> None:
    assert review_date(said, SUNDAY) == expected


def test_only_who_is_there_is_no_case_in_brief(kb: KnowledgeBase) -> None:
    roles = kb.supervision.actions.roles
    assert supervision.names_only_roles(
        "TM, SW for the case, and the school DSL joined by phone", roles
    )
    assert supervision.names_only_roles("me and my SW", roles)
    assert not supervision.names_only_roles("TM and SW, 6 month old baby, neglect", roles)
    assert not supervision.names_only_roles("skip", roles)


def test_an_edit_reaches_the_action_still_asked_about(kb: KnowledgeBase) -> None:
    state = at_the_actions(kb, action="ask MASE for an update", owner="social worker")
    state["actions"] = [{"action": "arrange a meeting", "owner": "DSL", "due": "2026-12-11"}]
    numbered = supervision.numbered_actions(state)
    assert [a["action"] for a in numbered] == ["arrange a meeting", "ask MASE for an update"]
    edited = apply_edits(numbered, [Edit(2, "owner", "TM")], kb.supervision.actions.roles)
    after = supervision.with_numbered_actions(state, edited)
    assert after["actions"] == state["actions"]
    assert after["draft"] == {"action": "ask MASE for an update", "owner": "team manager"}


def test_the_route_offered_back_keeps_every_tier(kb: KnowledgeBase) -> None:
    state = supervision.new_state()
    state["steps"]["disagreements"] = (
        "YOS manager to TM conversation this week, if no agreement then escalate to HoS"
    )
    assert supervision.route_named(state, kb) == state["steps"]["disagreements"]


def test_amending_with_an_action_about_a_review_keeps_the_review_date() -> None:
    filed = {**supervision.new_state(), "review_answered": True, "escalation_answered": True}
    kept = supervision.reopen(filed, "we forgot one: IRO to review the plan by end of month")
    assert kept["review_answered"] and kept["escalation_answered"]
    assert not supervision.reopen(filed, "the review date is wrong")["review_answered"]


@pytest.mark.parametrize(
    "said, expected",
    [
        # a trial's "end of jan" had been 31 December
        ("end of jan", dt.date(2027, 1, 29)),  # the 31st is a Sunday: the Friday before
        ("by the end of february", dt.date(2027, 2, 26)),
        ("end of next month", dt.date(2027, 1, 29)),  # "month" had been read as "mon..."
        ("end of month", dt.date(2026, 12, 31)),
    ],
)
def test_the_end_of_a_named_month(said, expected) -> None:
    assert due_date(said, SUNDAY) == expected
    assert not names_a_day("end of next month")
