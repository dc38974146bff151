"""Agreed actions read from a practitioner's line (bot/core/agreed_actions.py), with the roles
and vague verbs of the real content."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.agreed_actions import (
    Edit,
    actions_in_notes,
    apply_edit,
    apply_edits,
    edits_and_actions,
    is_vague,
    parse_actions,
    parse_edit,
    parse_edits,
    split_ongoing,
    which_about,
    without_false_start,
)
from bot.core.dates import due_date, review_date
from bot.knowledge import KnowledgeBase

TODAY = dt.date(2026, 12, 6)  # a Sunday


@pytest.fixture(scope="module")
def guide(kb: KnowledgeBase):
    return kb.supervision.actions


def test_two_actions_in_one_line_each_with_owner_and_due(guide) -> None:
    found = parse_actions(
        "SW to convene core group within 2 weeks, TM to book legal gateway meeting by end of month",
        guide.roles,
        TODAY,
    )
    assert [(a.action, a.owner, a.due, a.due_text) for a in found] == [
        # "within 2 weeks" of a Sunday is Sunday the 20th: a deadline is the Friday before
        ("convene core group", "social worker", "2026-12-18", None),
        ("book legal gateway meeting", "team manager", "2026-12-31", None),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "TM to book a planning meeting by end of month",
        "by end of month, TM to book a planning meeting",
        "book a planning meeting - TM - end of month",
        "book a planning meeting (TM) by the end of the month",
    ],
)
def test_owner_and_due_in_any_order(guide, line) -> None:
    [action] = parse_actions(line, guide.roles, TODAY)
    assert (action.action, action.owner, action.due) == (
        "book a planning meeting",
        "team manager",
        "2026-12-31",
    )


def test_a_due_phrase_with_no_readable_date_is_kept_as_written(guide) -> None:
    line = "SW to update the chronology before the next panel"
    [action] = parse_actions(line, guide.roles, TODAY)
    assert (action.action, action.owner, action.due, action.due_text) == (
        "update the chronology",
        "social worker",
        None,
        "before the next panel",
    )


def test_by_that_names_no_time_is_part_of_the_action(guide) -> None:
    [action] = parse_actions("baby to be seen by the GP", guide.roles, TODAY)
    assert (action.action, action.owner, action.due, action.due_text) == (
        "baby to be seen by the GP",
        None,
        None,
        None,
    )


def test_vague_verbs(guide) -> None:
    assert is_vague("look into it", guide.vague_verbs)
    assert is_vague("monitor attendance", guide.vague_verbs)
    assert not is_vague("ring the GP and book a joint visit", guide.vague_verbs)


@pytest.mark.parametrize(
    "said,number,field,value",
    [
        ("change action 2's owner to the team manager", 2, "owner", "the team manager"),
        ("change the due date of action 1 to next friday", 1, "due", "next friday"),
        ("action 3 owner should be SW", 3, "owner", "SW"),
        ("remove action 1", 1, None, None),
        ("please delete action 2", 2, None, None),
    ],
)
def test_edits(said, number, field, value) -> None:
    edit = parse_edit(said)
    assert edit is not None
    assert (edit.number, edit.field, edit.value) == (number, field, value)


def test_no_more_actions_is_no_edit() -> None:
    assert parse_edit("no more actions") is None


def test_an_edit_is_made_and_a_missing_number_refused(guide) -> None:
    actions = [
        {"action": "convene core group", "owner": "social worker", "due": "2026-12-20"},
        {"action": "book legal gateway", "owner": "social worker", "due": "2026-12-31"},
    ]
    changed = apply_edit(actions, parse_edit("change action 2's owner to TM"), guide.roles)
    assert changed[1]["owner"] == "team manager" and actions[1]["owner"] == "social worker"
    assert apply_edit(actions, parse_edit("remove action 1"), guide.roles) == actions[1:]
    assert apply_edit(actions, parse_edit("remove action 3"), guide.roles) is None


def test_the_purpose_after_a_due_date_stays_with_the_action(guide) -> None:
    [action] = parse_actions(
        "DSL to ring CSC tomorrow to request strategy discussion", guide.roles, TODAY
    )
    assert (action.action, action.owner, action.due) == (
        "ring CSC to request strategy discussion",
        "designated safeguarding lead",
        "2026-12-07",
    )


def test_change_action_to_rewords_it_or_sets_what_the_value_names(guide) -> None:
    actions = [{"action": "ring CSC", "owner": "social worker", "due": "2026-12-20"}] * 3
    reworded = apply_edit(actions, parse_edit("change action 3 to: refer to MASE"), guide.roles)
    assert reworded[2]["action"] == "refer to MASE"
    owned = apply_edit(actions, parse_edit("change action 2 to the team manager"), guide.roles)
    assert owned[1] == {"action": "ring CSC", "owner": "team manager", "due": "2026-12-20"}
    dated = apply_edit(actions, parse_edit("change action 1 to next friday"), guide.roles, TODAY)
    assert dated[0]["due"] == "2026-12-11" and dated[0]["action"] == "ring CSC"


# --- edits of several parts (a supervisor trial: only one part of each was made) -----------


@pytest.mark.parametrize(
    "said,edits",
    [
        (
            "change action 2's owner to the team manager and the date to next friday",
            [Edit(2, "owner", "the team manager"), Edit(2, "due", "next friday")],
        ),
        ("remove action 1 and 3", [Edit(1, None), Edit(3, None)]),
        ("delete actions 2, 4 and 5", [Edit(2, None), Edit(4, None), Edit(5, None)]),
        ("remove action 1 and action 3", [Edit(1, None), Edit(3, None)]),
        (
            "change the owner of action 2 to the SW, and its due date to end of month",
            [Edit(2, "owner", "the SW"), Edit(2, "due", "end of month")],
        ),
        (
            "change action 1's owner to SW and remove action 3",
            [Edit(1, "owner", "SW"), Edit(3, None)],
        ),
        (
            "action 1's owner should be the SW and action 2's date is next friday",
            [Edit(1, "owner", "the SW"), Edit(2, "due", "next friday")],
        ),
        # a rewording's own "and" is part of its words
        (
            "change action 1 to: ring dad and text to confirm",
            [Edit(1, "action", "ring dad and text to confirm")],
        ),
        ("change action 2's owner to TM", [Edit(2, "owner", "TM")]),
        # a supervisor trial: "back to" half-applied (only the removal was made)
        (
            "sorry change action 2's owner back to the health visitor, and remove action 5",
            [Edit(2, "owner", "the health visitor"), Edit(5, None)],
        ),
        ("no more actions", []),
    ],
)
def test_every_part_of_an_edit_is_read(said, edits) -> None:
    assert parse_edits(said) == edits


def test_every_part_of_an_edit_is_made(guide) -> None:
    actions = [
        {"action": "convene core group", "owner": "social worker", "due": "2026-12-20"},
        {"action": "book legal gateway meeting", "owner": "social worker", "due": "2026-12-31"},
        {"action": "share attendance", "owner": "DSL", "due": "2026-12-14"},
    ]
    both = apply_edits(
        actions,
        parse_edits("change action 2's owner to the team manager and the date to next friday"),
        guide.roles,
        TODAY,
    )
    assert both[1] == {
        "action": "book legal gateway meeting",
        "owner": "team manager",
        "due": "2026-12-11",
    }
    # numbers are those read back: removing 1 first does not make "3" the wrong action
    removed = apply_edits(actions, parse_edits("remove action 1 and 3"), guide.roles, TODAY)
    assert [a["action"] for a in removed] == ["book legal gateway meeting"]
    # one number not on the list: nothing is changed
    assert apply_edits(actions, parse_edits("remove action 1 and 4"), guide.roles) is None


@pytest.mark.parametrize(
    "line,action",
    [
        # a terminal trial: the words after the due date were dropped
        (
            "DSL to ring MASH tomorrow and request a strategy discussion",
            "ring MASH and request a strategy discussion",
        ),
        ("SW to visit by friday with the HV", "visit with the HV"),
        (
            "school nurse to see her by the end of the month and report back",
            "see her and report back",
        ),
    ],
)
def test_what_follows_a_due_date_stays_with_the_action(guide, line, action) -> None:
    [found] = parse_actions(line, guide.roles, TODAY)
    assert found.action == action and found.due is not None


def test_an_owner_not_on_the_list_is_kept_without_its_article(guide) -> None:
    actions = [{"action": "log absences", "owner": "form tutor", "due": "2026-12-11"}]
    edited = apply_edits(
        actions, parse_edits("change action 1's owner to the head of year"), guide.roles
    )
    assert edited[0]["owner"] == "head of year"


@pytest.mark.parametrize(
    "said,action,owner",
    [
        (
            "we also need legal advice on threshold for PLO - TM to request it",
            "we also need legal advice on threshold for PLO: request it",
            "team manager",
        ),
        ("housing: SW to ring the officer", "housing: ring the officer", "social worker"),
    ],
)
def test_a_need_then_who_does_what_about_it(guide, said: str, action: str, owner: str) -> None:
    [found] = parse_actions(said, guide.roles)
    assert (found.action, found.owner) == (action, owner)


def test_a_parent_owns_an_action_and_a_condition_stays_with_its_action(guide) -> None:
    # a supervisor trial: the two were fused into one action, the condition and dad lost
    found = parse_actions(
        "TM to book legal gateway meeting by end of month if no improvement, dad to register "
        "with gp re low mood",
        guide.roles,
        TODAY,
    )
    assert [(a.action, a.owner) for a in found] == [
        ("book legal gateway meeting if no improvement", "team manager"),
        ("register with gp re low mood", "parent"),
    ]


def test_actions_in_a_steps_notes_are_the_clauses_opening_with_an_owner(guide) -> None:
    notes = (
        "decided: threshold met for strat given the indicators. SW to convene core group within "
        "2 weeks, TM to book legal gateway meeting by end of month. also need to look into "
        "housing. outcomes: no missing episodes in 6 wks"
    )
    assert actions_in_notes(notes, guide.roles) == [
        "SW to convene core group within 2 weeks",
        "TM to book legal gateway meeting by end of month",
    ]
    assert actions_in_notes("sw is lead, cin. school (dsl), police missing team", guide.roles) == []


def test_a_reworded_action_keeps_its_words_not_their_quote_marks(guide) -> None:
    actions = [{"action": "thats the escalation route", "owner": "social worker", "due": None}]
    [edited] = apply_edits(
        actions, parse_edits("change action 1 to 'request strat meeting re CCE'"), guide.roles
    )
    assert edited["action"] == "request strat meeting re CCE"


@pytest.mark.parametrize(
    "said, due",
    [
        ("within 2 weeks", "2026-12-18"),  # a Sunday counted: the Friday before
        ("next week", "2026-12-11"),
        ("in 3 days", "2026-12-09"),  # a weekday counted stays
        ("by sunday 20th", "2026-12-20"),  # a day named is kept as named
    ],
)
def test_a_counted_deadline_never_falls_on_a_weekend(guide, said: str, due: str) -> None:
    (found,) = parse_actions(f"SW to visit the family {said}", guide.roles, TODAY)
    assert found.due == due


def test_removing_the_only_action_leaves_none(guide) -> None:
    only = [{"action": "visit weekly", "owner": "social worker", "due": "2026-12-07"}]
    assert apply_edits(only, parse_edits("remove action 1"), guide.roles, TODAY) == []


@pytest.mark.parametrize(
    "said, meant",
    [
        ("HV - no sorry, GP to share the history", "GP to share the history"),
        ("SW to visit, no wait TM to visit", "TM to visit"),
        ("TM to write to mum to say sorry, no blame", "TM to write to mum to say sorry, no blame"),
    ],
)
def test_a_false_start_taken_back_is_not_an_action(said: str, meant: str) -> None:
    assert without_false_start(said) == meant


def test_a_counted_deadline_never_falls_on_a_bank_holiday(guide) -> None:
    # a supervisor trial: "within 3 weeks" said on Friday 4 December was Christmas Day
    (found,) = parse_actions(
        "SW to do a viability assessment within 3 weeks", guide.roles, dt.date(2026, 12, 4)
    )
    assert found.due == "2026-12-24"


def test_an_edit_without_a_field_names_its_value_and_drops_the_correction(guide) -> None:
    """A supervisor's trial: "action 1 should be by this Friday not 2 weeks, and HV to weigh
    weekly" was filed as a garbled action."""
    actions = [
        {"action": "visit and see the baby", "owner": "social worker", "due": "2026-12-18"},
        {"action": "review the rash", "owner": "GP", "due": "2026-12-14"},
    ]
    said = "action 1 should be by this Friday not 2 weeks, and HV to weigh the baby weekly"
    edits, beside = edits_and_actions(said, guide.roles)
    assert beside == ["HV to weigh the baby weekly"]
    edited = apply_edits(actions, edits, guide.roles, TODAY)
    assert edited[0] == {**actions[0], "due": "2026-12-11"}  # the Friday coming
    assert edited[1] == actions[1]
    owned = apply_edits(actions, parse_edits("action 2 should be owned by the TM"), guide.roles)
    assert owned[1]["owner"] == "team manager"
    swapped = apply_edits(
        actions, parse_edits("change action 2 to the TM instead of the GP"), guide.roles
    )
    assert swapped[1] == {**actions[1], "owner": "team manager"}


def test_an_action_reworded_with_not_in_it_keeps_every_word(guide) -> None:
    actions = [{"action": "visit", "owner": "social worker", "due": "2026-12-18"}]
    said = "change action 1 to: do not visit without the police"
    edited = apply_edits(actions, parse_edits(said, guide.roles), guide.roles, TODAY)
    assert edited == [{**actions[0], "action": "do not visit without the police"}]
    # a rewording's own "and ... to" is no action beside it
    assert edits_and_actions("change action 1 to: book it and ring the GP", guide.roles)[1] == []


def test_actions_typed_with_a_yes_or_after_a_dash_are_found(guide) -> None:
    said = (
        "yes keep it. but you missed the MACE one - SW to refer to MACE panel by friday, "
        "PE teacher to keep a log of gifts"
    )
    assert actions_in_notes(said, guide.roles) == [
        "SW to refer to MACE panel by friday",
        "PE teacher to keep a log of gifts",
    ]
    assert actions_in_notes("yes. plus SW to make the NRM referral", guide.roles) == [
        "SW to make the NRM referral"
    ]


def test_an_edit_said_as_a_complaint_reads_the_value(guide) -> None:
    """A supervisor's trial: "action 4 due date is wrong, should be end of january" was
    "That is already so"."""
    assert parse_edits("action 4 due date is wrong, should be end of january", guide.roles) == [
        Edit(4, "due", "end of january")
    ]
    assert parse_edits("action 2s owner is wrong it should be the TM", guide.roles) == [
        Edit(2, "owner", "the TM")
    ]


# A supervisor trial: "from tomorrow, ongoing" had been recorded as "by 7 December 2026".
@pytest.mark.parametrize(
    "said, rest, due",
    [
        ("from tomorrow, ongoing", "", "ongoing from 7 December 2026"),
        ("ongoing", "", "ongoing"),
        ("SW from monday, ongoing", "SW", "ongoing from 7 December 2026"),
        ("weekly until further notice", "weekly", "ongoing"),
        ("by friday", "by friday", None),
    ],
)
def test_an_ongoing_action_has_a_start_never_a_deadline(said: str, rest: str, due: str) -> None:
    assert split_ongoing(said, TODAY) == (rest, due)


def test_an_ongoing_action_in_a_line_keeps_its_owner_and_start(guide) -> None:
    [found] = parse_actions("SW to visit weekly from tomorrow, ongoing", guide.roles, TODAY)
    assert found.as_dict() == {
        "action": "visit weekly",
        "owner": "social worker",
        "due": None,
        "due_text": "ongoing from 7 December 2026",
        "ongoing": True,
    }


ACTIONS = [
    {"action": "ring the GP", "owner": "social worker", "due": "2026-12-11"},
    {"action": "take him to football", "owner": "social worker", "due": "2026-12-11"},
]


@pytest.mark.parametrize(
    "said, number, changed",
    [
        # a correction in prose, naming the action by its number (a trial's "For 'it was
        # action 2 I meant': By when?")
        (
            "no sorry wrong one. it was action 2 I meant for the youth worker",
            2,
            {"owner": "youth worker"},
        ),
        ("action 2 should be the youth worker not SW", 2, {"owner": "youth worker"}),
        ("action 1 should be ongoing", 1, {"due": None, "due_text": "ongoing", "ongoing": True}),
        ("action 2 should be to take him to boxing", 2, {"action": "take him to boxing"}),
    ],
)
def test_an_edit_said_in_prose_changes_the_field_it_means(
    guide, said: str, number: int, changed: dict
) -> None:
    edited = apply_edits(ACTIONS, parse_edits(said, guide.roles), guide.roles, TODAY)
    assert edited == [
        {**a, **changed} if n == number else a for n, a in enumerate(ACTIONS, start=1)
    ]


def test_actions_after_an_ongoing_one_are_each_their_own(guide) -> None:
    # a supervisor trial: three actions were run into one, the one without an owner lost
    found = parse_actions(
        "yot worker to see him twice weekly from tomorrow, ongoing, safety plan with mum and nan "
        "by end of jan, look into housing",
        guide.roles,
        TODAY,
    )
    assert [(a.action, a.owner, a.due, a.due_text) for a in found] == [
        ("see him twice weekly", "youth justice worker", None, "ongoing from 7 December 2026"),
        ("safety plan with mum and nan", None, "2027-01-29", None),  # 31 January is a Sunday
        ("look into housing", None, None, None),
    ]


def test_a_dated_action_then_a_verb_is_two_actions(guide) -> None:
    # a practitioner trial: "escalate ..." was run into the email action, its verb lost
    found = parse_actions(
        "SW to email the TM my concerns in writing today, escalate to service manager if no "
        "reply within 5 working days",
        guide.roles,
        TODAY,
    )
    assert [a.action for a in found] == [
        "email the TM my concerns in writing",
        "escalate to service manager if no reply",
    ]


def test_mid_month_inside_an_action_is_its_due_date(guide) -> None:
    [found] = parse_actions("SW to review the safety plan mid feb", guide.roles, TODAY)
    assert (found.action, found.due) == ("review the safety plan", "2027-02-15")


@pytest.mark.parametrize(
    "said, changed",
    [
        # "put ... back to", and an edit whose sentence ends before the next ("no more actions")
        (
            "change action 1's owner to the service manager and put action 2 back to TM",
            {1: {"owner": "service manager"}, 2: {"owner": "team manager"}},
        ),
        (
            "change action 2's owner to the team manager. no more actions",
            {2: {"owner": "team manager"}},
        ),
    ],
)
def test_edits_said_several_ways_change_what_they_name(guide, said: str, changed: dict) -> None:
    edited = apply_edits(ACTIONS, parse_edits(said, guide.roles), guide.roles, TODAY)
    assert edited == [{**a, **changed.get(n, {})} for n, a in enumerate(ACTIONS, start=1)]


@pytest.mark.parametrize(
    "said, review",
    [
        # a supervisor trial: "lets say the 14th of jan" was filed as 1 January (a bank holiday)
        ("lets say the 14th of jan", dt.date(2027, 1, 14)),
        # "end of the week" had been last Friday, a date gone
        ("end of the week", dt.date(2026, 12, 11)),
        ("by end of this week", dt.date(2026, 12, 11)),
    ],
)
def test_a_date_said_loosely_is_the_day_meant(said: str, review: dt.date) -> None:
    assert review_date(said, TODAY) == review == due_date(said, TODAY)


def test_a_role_said_with_its_setting_owns_the_action(guide) -> None:
    # a supervisor's trial: "school DSL to ..." was left without an owner
    found = parse_actions("school DSL to chase the attendance data by fri", guide.roles, TODAY)
    assert [(a.action, a.owner, a.due) for a in found] == [
        ("chase the attendance data", "school designated safeguarding lead", "2026-12-11")
    ]


@pytest.mark.parametrize(
    "said,due",
    [("by tues", "2026-12-08"), ("by weds", "2026-12-09"), ("thurs", "2026-12-10")],
)
def test_short_weekdays_inside_an_action_are_its_due_date(guide, said: str, due: str) -> None:
    found = parse_actions(
        f"SW to do a home visit {said} and update the chronology", guide.roles, TODAY
    )
    assert [(a.action, a.owner, a.due) for a in found] == [
        ("do a home visit and update the chronology", "social worker", due)
    ]


def test_who_will_see_to_a_removed_action_is_its_reason_not_a_new_action(guide) -> None:
    assert edits_and_actions("remove action 4, HV will set her own date", guide.roles) == (
        [Edit(4, None)],
        [],
    )
    # said with "to", it is a new action
    assert edits_and_actions("remove action 4, and HV to weigh weekly", guide.roles)[1] == [
        "HV to weigh weekly"
    ]


def test_an_owner_moved_back_then_another_action_named_by_its_words(guide) -> None:
    actions = [
        {"action": "update the chronology", "owner": "team manager"},
        {"action": "see him weekly in school", "owner": "GP"},
    ]
    edits, beside = edits_and_actions(
        "put action 2 back to the school nurse, and the chronology is the SW's", guide.roles
    )
    assert beside == []
    assert apply_edits(actions, which_about(actions, edits), guide.roles, TODAY) == [
        {"action": "update the chronology", "owner": "social worker"},
        {"action": "see him weekly in school", "owner": "school nurse"},
    ]


def test_an_action_named_by_words_two_actions_share_is_not_guessed(guide) -> None:
    actions = [{"action": "ring the GP"}, {"action": "ring the school"}]
    edits, _ = edits_and_actions("remove action 1, and the ring one is the TM's", guide.roles)
    assert which_about(actions, edits) == [Edit(1, None)]


def test_an_ampersand_splits_two_actions_and_an_owner_may_say_its_verb_with_ing(guide) -> None:
    found = parse_actions(
        "PE teacher mentoring wkly from monday ongoing & dsl to challenge yos mgr end of next week",
        guide.roles,
        TODAY,
    )
    assert [(a.action, a.owner, a.due, a.due_text) for a in found] == [
        ("mentoring wkly", "PE teacher", None, "ongoing from 7 December 2026"),
        ("challenge yos mgr", "designated safeguarding lead", "2026-12-11", None),
    ]
    assert parse_actions("team meeting on friday", guide.roles, TODAY)[0].owner is None


def test_two_owners_joined_by_and_own_one_action(guide) -> None:
    found = parse_actions("dsl and csc sw to consider nrm referral by 18 jan", guide.roles, TODAY)
    assert [(a.action, a.owner) for a in found] == [
        ("consider nrm referral", "designated safeguarding lead and social worker")
    ]


@pytest.mark.parametrize("said", ["mentoring every fri ongoing", "mentoring each friday, ongoing"])
def test_a_weekday_after_every_is_a_recurrence_not_a_date(guide, said: str) -> None:
    (found,) = parse_actions(said, guide.roles, TODAY)
    assert found.action == said.split(" ongoing")[0].rstrip(",")
    assert (found.due, found.due_text) == (None, "ongoing")


def test_two_due_date_edits_in_one_line_and_one_said_with_please(guide) -> None:
    assert parse_edits(
        "action 2 was right at the 18th, action 3 should be by tues", guide.roles
    ) == [
        Edit(2, "due", "the 18th"),
        Edit(3, "action", "by tues"),
    ]
    assert parse_edits("action 2 by the 18th please", guide.roles) == [Edit(2, "due", "the 18th")]
    assert parse_edits("the strat one is due tomorrow", guide.roles) == [
        Edit(0, "due", "tomorrow", about="strat")
    ]
