"""Issue 23, round 10: what round 9's second terminal trial found misread in supervision, on
plain text (no served bot)."""

from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.side_turns import read_back
from actions.supervision import _as_two, edit_actions
from bot.core import supervision
from bot.core.agreed_actions import Edit, edits_and_actions, parse_actions, which_about
from bot.knowledge import KnowledgeBase
from bot.web import records

MONDAY = dt.date(2026, 12, 7)


@pytest.fixture
def roles(kb: KnowledgeBase):
    return kb.supervision.actions.roles


@pytest.mark.parametrize(
    "said, actions",
    [
        (
            "look into housing. also share cin minutes w gp",
            ["look into housing", "share cin minutes w gp"],
        ),
        (
            "TM to book a planning meeting by end of month, plus chase housing",
            ["book a planning meeting", "chase housing"],
        ),
        # one action with its details stays one
        (
            "SW to visit weekly and check the home conditions",
            ["visit weekly and check the home conditions"],
        ),
        (
            "visit, check the fridge and speak to the kids",
            ["visit, check the fridge and speak to the kids"],
        ),
    ],
)
def test_a_new_sentence_or_an_also_opening_with_a_verb_is_a_new_action(
    roles, said, actions
) -> None:
    assert [a.action for a in parse_actions(said, roles, MONDAY)] == actions


def test_an_action_named_by_its_words_gets_a_new_owner_and_date_at_once(roles) -> None:
    """ "gp one is sw by end of month" was filed as an action "one is sw" owned by the GP."""
    edits, beside = edits_and_actions("gp one is sw by end of month", roles)
    assert beside == []
    assert [(e.field, e.value, e.about) for e in edits] == [
        ("owner", "social worker", "gp"),
        ("due", "by end of month", "gp"),
    ]
    listed = [{"action": "visit weekly"}, {"action": "share cin minutes w gp"}]
    assert [e.number for e in which_about(listed, edits, roles)] == [2, 2]


def test_a_pronoun_names_no_action(roles) -> None:
    assert edits_and_actions("it is the SWs", roles)[0] == []
    # a short word matches a whole word only ("gp" is not in "gpa")
    assert which_about([{"action": "check gpa"}], [Edit(0, "owner", "GP", about="gp")]) == []


@pytest.mark.parametrize(
    "said, parts",
    [
        (
            "sw to share cin minutes with gp, and look into housing",
            ["sw to share cin minutes with gp", "look into housing"],
        ),
        ("TM to chase housing and SW to visit", ["TM to chase housing", "SW to visit"]),
        ("the minutes and the chronology", ["the minutes and the chronology"]),
    ],
)
def test_said_to_be_two_actions_is_cut_where_the_second_opens(said, parts) -> None:
    assert _as_two(said) == parts


def _state(kb: KnowledgeBase, actions):
    state = supervision.new_state()
    return {**state, "actions": actions}


@pytest.mark.parametrize(
    "said, reply",
    [("scrap that", 'Removed. That was "look into housing".'), ("remove action 2", "Removed.")],
)
def test_a_removal_not_numbered_says_which_action_went(kb: KnowledgeBase, said, reply) -> None:
    dispatcher = CollectingDispatcher()
    state = _state(kb, [{"action": "visit weekly"}, {"action": "look into housing"}])
    edit_actions(dispatcher, state, [Edit(2, None)], said)
    assert dispatcher.messages[0]["text"] == reply


def test_the_actions_read_back_when_asked_where_they_are(kb: KnowledgeBase) -> None:
    dispatcher = CollectingDispatcher()
    read_back(dispatcher, _state(kb, [{"action": "visit weekly", "owner": "social worker"}]))
    assert "1. visit weekly (social worker" in dispatcher.messages[0]["text"]


def test_the_route_offered_back_leaves_out_the_disagreement_before_it(kb: KnowledgeBase) -> None:
    """A trial's "yes" filed the whole note, the disagreement too, as the route."""
    state = supervision.new_state()
    state["steps"]["disagreements"] = (
        "school disagree with the threshold decision, they feel ignored, "
        "if nothing moves TM to escalate to the service manager"
    )
    assert supervision.route_named(state, kb) == (
        "if nothing moves TM to escalate to the service manager"
    )
    state["steps"]["disagreements"] = "YOS manager to TM this week, if no agreement escalate to HoS"
    assert supervision.route_named(state, kb) == (
        "YOS manager to TM this week, if no agreement escalate to HoS"
    )


def test_the_record_says_why_its_step_numbers_run_out_of_order(kb: KnowledgeBase) -> None:
    state = supervision.new_state()
    for render in (records.supervision_markdown, records.supervision_html):
        assert "numbers are the order they were asked in" in render(state, kb)


def test_an_action_after_an_ampersand_shares_owner_and_date_only_without_an_owner(roles) -> None:
    """A trial's "... & police to do disruption visit" got the first action's date, invented."""
    shared = parse_actions(
        "by fri SW to refer to MASE & share chronology w school nurse", roles, MONDAY
    )
    assert [(a.action, a.owner, a.due) for a in shared] == [
        ("refer to MASE", "social worker", "2026-12-11"),
        ("share chronology w school nurse", "social worker", "2026-12-11"),
    ]
    own = parse_actions(
        "SW to refer to MASE by 18 jan & police to do a disruption visit", roles, MONDAY
    )
    assert [(a.owner, a.due) for a in own] == [("social worker", "2027-01-18"), ("police", None)]
