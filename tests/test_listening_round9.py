"""Issue 17 and 23, round 9: what round 8's practitioner and supervisor trials found misheard,
on plain text (no served bot)."""

from __future__ import annotations

import pytest

from actions.audit_content import asks_of_a_term
from bot.core import turns
from bot.core.answers import opener
from bot.core.supervision import without_chat


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
