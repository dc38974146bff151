"""Issue 17 and 23, round 9: what round 8's practitioner and supervisor trials found misheard,
on plain text (no served bot)."""

from __future__ import annotations

import datetime as dt

import pytest

from actions.audit_content import asks_of_a_term
from bot.core import turns
from bot.core.answers import opener
from bot.core.dates import due_date
from bot.core.supervision import (
    asks_note_change,
    note_commands,
    record_change,
    set_note,
    without_chat,
)


def test_an_answer_ending_in_a_request_to_stop_is_the_answer_then_what_they_want() -> None:
    said = "not sure, we did tell the sw but nothing happened. can we stop, i want to talk about DV"
    assert turns.stop_at_end(said) == (
        "not sure, we did tell the sw but nothing happened",
        "i want to talk about DV",
    )
    assert turns.stop_at_end("no we dont. lets leave it there") == ("no we dont", "")


@pytest.mark.parametrize(
    "said", ["can we stop", "we stop and think about it each time", "stop the questions"]
)
def test_no_answer_before_it_or_stop_as_a_word_of_the_answer_is_no_such_request(
    said: str,
) -> None:
    assert turns.stop_at_end(said) is None


@pytest.mark.parametrize(
    "said,role", [("i AM the gp lol", "gp"), ("im the dsl btw", "dsl"), ("i am worried", "worried")]
)
def test_the_role_said_alone_is_read_and_checked_by_the_caller(said: str, role: str) -> None:
    assert turns.own_role(said) == role
    assert turns.own_role("i am the gp and i never asked mum") is None


def test_not_really_qualifying_the_next_word_stays_in_the_read_back() -> None:
    assert opener("not really applicable to us, but i guess no") == (
        "no",
        "not really applicable to us, but i guess no",
    )
    assert opener("not really we never do") == ("no", "we never do")
    assert opener("no we dont chase them") == ("no", "we dont chase them")


def test_a_doubt_followed_by_why_is_a_doubt() -> None:
    assert turns.is_self_doubt("am i overreacting? the weight is only just under the line")
    assert not turns.is_self_doubt("we talked about it. am i overreacting?")


@pytest.mark.parametrize(
    "said,expected",
    [
        ("how do i challenge a MASH decision? they said nfa", False),
        ("do you think it would have made a difference if id told csc earlier", False),
        ("whats the number for the MARAC?", True),
        ("15 yo lad found in a trap house. whats an NRM?", True),
        ("whats the difference with CIN", True),
        ("MARAC??", True),
    ],
)
def test_a_question_asks_of_a_term_only_when_it_asks_its_meaning_or_contact(
    said: str, expected: bool
) -> None:
    assert asks_of_a_term(said) is expected


@pytest.mark.parametrize(
    "note,kept",
    [
        ("hmm let me think... mum did engage at first lol", "mum did engage at first"),
        ("hmm meant to say the house is cold", "hmm meant to say the house is cold"),
        ("ok let me think, mum is lovely 😂", "mum is lovely"),
        ("lol", "lol"),
    ],
)
def test_chat_around_a_step_note_is_not_kept(note: str, kept: str) -> None:
    assert without_chat(note) == kept


@pytest.mark.parametrize(
    "said,expected",
    [
        ("clear step 4", ("child_voice", None)),
        ("clear the worries step", ("worries", None)),
        ("delete whats in step 3 and replace it with mum engaged", ("worries", "mum engaged")),
        ("replace step 2 with: csc lead, school and gp", ("agencies", "csc lead, school and gp")),
        ("step 3 should just say dad is the worry", ("worries", "dad is the worry")),
        ("delete action 2", None),
        ("clear step 9", None),
    ],
)
def test_a_steps_note_is_cleared_or_replaced_when_asked(said: str, expected, kb) -> None:
    assert note_commands(said, kb) == ([expected] if expected else [])
    assert asks_note_change(said) is (expected is not None or said == "clear step 9")


def test_a_cleared_note_is_not_discussed_and_a_replaced_one_loses_its_chat() -> None:
    state = {"steps": {"worries": "dad drinks (Added later:) ok"}}
    assert set_note(state, "worries", None)["steps"] == {"worries": None}
    assert set_note(state, "worries", "dad drinks lol")["steps"] == {"worries": "dad drinks"}


@pytest.mark.parametrize(
    "said,value",
    [
        ("also the review date got wiped, its 22/12", "22/12"),
        ("the review date is wrong, should be 14 jan", "14 jan"),
    ],
)
def test_the_review_date_put_right_in_prose(said: str, value: str) -> None:
    assert record_change(said) == ("next_review", value, "")


@pytest.mark.parametrize(
    "today,due",
    [
        (dt.date(2026, 12, 7), dt.date(2026, 12, 18)),  # a Monday: next week's Friday
        (dt.date(2026, 12, 10), dt.date(2026, 12, 18)),
        (dt.date(2026, 12, 6), dt.date(2026, 12, 11)),  # a Sunday: the coming week is next week
    ],
)
def test_end_of_next_week_is_next_weeks_friday(today: dt.date, due: dt.date) -> None:
    assert due_date("end of next wk", today) == due == due_date("by the end of next week", today)


def test_a_request_reflect_cannot_meet_is_no_answer_whatever_follows() -> None:
    config = {"new_situation_min_confidence": 0.7, "cannot_help_min_confidence": 0.9}
    said = "can you just make the referral to the MASE for me? I don't have time"
    common = dict(unrelated=False, situation_themes=[], current_theme=None, config=config)
    assert turns.interpret("ask_to_refer", 0.99, said, cannot_help={"ask_to_refer"}, **common) == (
        turns.QUESTION
    )
    assert turns.interpret("ask_to_refer", 0.6, said, cannot_help={"ask_to_refer"}, **common) == (
        turns.ANSWER
    )


@pytest.mark.parametrize(
    "said",
    [
        "rang 999, police are going to the airport. I need a minute",
        "told my manager, she's ringing the LADO. feel a bit sick",
    ],
)
def test_what_was_done_and_how_it_feels_after_the_safety_message(said: str) -> None:
    assert turns.is_safety_update(said)


def test_skip_the_rest_after_an_answer_stops_the_questions() -> None:
    assert turns.stop_at_end("no. skip the rest, summary please") == ("no", "summary please")


def test_how_to_answer_after_a_question_leaves_it_a_question() -> None:
    assert turns.is_question("should I ring the team manager though? yes or no")
    assert not turns.is_question("do I record it? yes always")
