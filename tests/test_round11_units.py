"""Round 10's held-out conversations and supervision trials, at the level of the functions that
misread them: an ongoing action's condition, an action named without a verb, a note asked after a
comma, a question's example, "w" for with before "school", and "nobody has seen the baby alone"."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core import turns
from bot.core.agreed_actions import parse_actions, split_ongoing
from bot.core.answers import key_phrases, opener
from bot.core.dates import due_date
from bot.core.reflection import answered_in
from bot.knowledge import KnowledgeBase
from bot.privacy.redaction import redactor
from bot.safety.risk import matching_rules

TODAY = dt.date(2026, 12, 7)  # a Monday


def test_an_ongoing_action_keeps_the_condition_said_with_its_start() -> None:
    said = (
        "SW to do a return home interview within 72 hrs of any missing episode, from tomorrow, "
        "ongoing"
    )
    assert split_ongoing(said, TODAY) == (
        "SW to do a return home interview",
        "ongoing from 8 December 2026, within 72 hrs of any missing episode",
    )
    # and with no condition, as before
    assert split_ongoing("SW to visit weekly from tomorrow, ongoing", TODAY) == (
        "SW to visit weekly",
        "ongoing from 8 December 2026",
    )


def test_an_ongoing_start_said_after_the_action_keeps_its_condition(kb: KnowledgeBase) -> None:
    (action,) = parse_actions(
        "SW to do a return home interview within 72 hrs of any missing episode, from tomorrow, "
        "ongoing",
        kb.supervision.actions.roles,
        TODAY,
    )
    assert action.ongoing
    assert action.due_text == "ongoing from 8 December 2026, within 72 hrs of any missing episode"


def test_an_action_named_without_a_verb_after_a_dated_one_is_its_own(kb: KnowledgeBase) -> None:
    found = parse_actions(
        "DSL to refer to MASE by wed, safety plan with mum, police to do a disruption visit by fri",
        kb.supervision.actions.roles,
        TODAY,
    )
    assert [a.action for a in found] == [
        "refer to MASE",
        "safety plan with mum",
        "do a disruption visit",
    ]
    assert found[1].owner is None  # asked for, never the DSL's by guess


def test_a_question_asked_after_a_comma_is_apart_from_the_note() -> None:
    said = "nobody has seen the baby alone apart from HV, whats a MASE?"
    told, asked = turns.trailing_question(said)
    assert (told, asked) == ("nobody has seen the baby alone apart from HV", "whats a MASE?")
    # a short lead-in before the comma is part of the question
    assert turns.trailing_question("is it right, do i ring them?")[1] == ""


def test_a_questions_example_is_not_what_it_asks() -> None:
    question = (
        "When you notice something on a record, such as a referral to a specialist service, do "
        "you ask the family about it at the appointment?"
    )
    audit = ["a referral to a specialist service on their IT system", "ask the family about it"]
    assert ("specialist", "service") not in key_phrases(question, [question], audit)


@pytest.mark.parametrize(
    "text", ["good rel w school nurse", "SW has good rel w school nurse and the dsl"]
)
def test_w_for_with_before_school_is_no_schools_name(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "nobody has seen the baby alone apart from HV",
        "no one has spoken to the 6yo on his own yet",
    ],
)
def test_nobody_having_seen_a_child_alone_is_no_child_left_alone(text: str) -> None:
    assert not matching_rules(text)


def test_a_child_left_alone_is_still_flagged() -> None:
    assert matching_rules("the baby is alone in the flat, mum has gone out")


def test_a_request_to_switch_to_a_theme_answers_none_of_its_questions(kb: KnowledgeBase) -> None:
    question = kb.question("pc_support_for_difficult_questions")
    assert answered_in(kb, question, ["can we do the difficult questions one instead"]) is None
    said = ["we have support for difficult questions in supervision"]
    assert answered_in(kb, question, said) == (said[0], "yes")


def test_a_hedged_yes_is_unsure_and_an_opener_alone_leaves_nothing_to_read_back() -> None:
    assert opener("yes-ish") == ("unsure", "")
    assert opener("yes and no tbh")[0] == "unsure"


def test_no_that_begins_what_is_said_is_kept() -> None:
    assert opener("nope no lead, everyone thinks school are leading") == (
        "no",
        "no lead, everyone thinks school are leading",
    )
    assert opener("not really no, because we never chase") == ("no", "because we never chase")


def test_skip_the_rest_is_every_question_left() -> None:
    assert turns.asks_to_skip_the_rest("skip the rest")
    assert turns.asks_to_skip_the_rest("can we skip them all please")
    assert not turns.asks_to_skip_the_rest("skip this one")


def test_a_question_before_the_comma_keeps_the_whole_as_asked() -> None:
    said = "what about the safeguarding school nurse service, whats their number?"
    assert turns.trailing_question(said) == (said, "")


@pytest.mark.parametrize(
    "text", ["csc lead and school involved, sw is spoc", "baby is preverbal - sw observed him"]
)
def test_note_words_a_supervision_uses_are_no_names(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("registered at Riverside Surgery", "Riverside Surgery"),
        ("baby's gp is the Riverside Medical Centre", "Riverside Medical Centre"),
    ],
)
def test_a_gp_practice_named_is_removed(text: str, gone: str) -> None:
    assert gone not in redactor().redact(text).text


def test_the_surgery_unnamed_is_kept() -> None:
    for text in ("the GP surgery rang", "after heart surgery he was fine"):
        assert redactor().redact(text).text == text


def test_a_recurring_action_from_a_start_is_ongoing_and_keeps_its_start(kb: KnowledgeBase) -> None:
    (action,) = parse_actions(
        "sw to make unannounced visits weekly from tomorrow", kb.supervision.actions.roles, TODAY
    )
    assert action.action == "make unannounced visits weekly, starting 8 December 2026"
    assert (action.due, action.due_text, action.ongoing) == (None, "ongoing", True)


def test_a_date_with_a_sign_off_is_read() -> None:
    assert due_date("17th then", TODAY) == dt.date(2026, 12, 17)
    assert due_date("friday please", TODAY) == dt.date(2026, 12, 11)


@pytest.mark.parametrize(
    "text",
    [
        "hv thinks threshold for pre-proceedings is met",
        "cahms referral pending",
        "mum is scared baby will be taken into care",
        "next review after the core group, so 22 december",
    ],
)
def test_round_11_words_and_plan_dates_are_kept(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "sure. im a family support worker, mum has been 'about to start' at the drug and alcohol "
        "service for months and the network keeps saying shes doing brilliantly",
        "pastoral lead to meet her weekly from monday, DSL to ring the school nurse team by friday",
        "mum says she'll take him to the dentist next month, every review we give her more time",
        "yr 10 girl, older lads were picking her up in cars, she's been on a cp plan for a few "
        "months now and the girl had to move school, not the boys",
    ],
)
def test_the_speakers_role_a_plan_and_an_errand_raise_no_alarm(text: str) -> None:
    assert not matching_rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "youth leader at the church club is taking boys back to his flat for sleepovers tonight",
        "A teacher at our school was seen kissing a year 11 student in his car this lunchtime.",
        "teacher here. the PE teacher is messaging a year 9 girl on snapchat tonight",
    ],
)
def test_someone_who_works_with_children_is_still_flagged(text: str) -> None:
    assert matching_rules(text)


def test_a_deadline_counted_from_an_event_that_recurs_is_a_standing_condition() -> None:
    said = "the missing coordinator, within 72 hrs of any missing episode"
    assert split_ongoing(said, TODAY) == (
        "the missing coordinator",
        "within 72 hrs of any missing episode",
    )
    assert split_ongoing("SW to visit within 2 weeks", TODAY) == (
        "SW to visit within 2 weeks",
        None,
    )
