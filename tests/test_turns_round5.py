"""Issue 17, round 5: turns the fresh conversation set and the practitioner trial found misheard
(bot/core/turns.py, bot/core/answers.py), on plain text."""

from __future__ import annotations

import pytest

from bot.core import turns
from bot.core.answers import answered_by, opener
from bot.core.turns import HOLDING, NEW_SITUATION, QUESTION, interpret, is_question

CONFIG = {"new_situation_min_confidence": 0.7}
LEAD = "When a large number of professionals are involved, has a lead professional been identified?"
OTHERS = [LEAD, "Do you actively consider engaging professionals from other local authorities?"]
AUDIT = ["Find out who the lead professional is and invite them."]


def kind(text: str, intent: str = "affirm", themes: tuple = (), **extra: bool) -> str:
    return interpret(
        intent,
        0.9,
        text,
        unrelated=False,
        situation_themes=list(themes),
        current_theme="information_sharing",
        config=CONFIG,
        **extra,
    )


def test_a_bare_ok_to_a_reflective_question_is_neither_yes_nor_no() -> None:
    assert kind("ok", bare_ok_holds=True) == HOLDING
    assert kind("okay then", bare_ok_holds=True) == HOLDING
    assert kind("yeah", bare_ok_holds=True) != HOLDING  # a yes is a yes


def test_a_different_thing_raised_while_here_is_a_new_situation() -> None:
    text = "oh totally different thing but while im here, her brother is using ketamine"
    assert kind(text, "describe_young_person_substance_use", ("substance_misuse",)) == (
        NEW_SITUATION
    )


@pytest.mark.parametrize(
    "text",
    ["actually before we start what did case 3 find", "has that already been then"],
)
def test_a_question_after_a_lead_in_is_a_question(text: str) -> None:
    assert is_question(text)
    assert kind(text, "ask_case") == QUESTION


def test_an_answer_after_an_update_is_what_follows_the_words_saying_it_comes() -> None:
    text = "ok ive gone to the dsl. back to your question, no the school doesnt chase outcomes"
    assert turns.after_answer_marker(text) == "no the school doesnt chase outcomes"
    assert turns.after_answer_marker("we did it anyway") == "we did it anyway"
    assert opener("right ok. no then, nobody has been named yet")[0] == "no"


def test_asking_to_switch_theme_is_told_from_an_answer() -> None:
    assert turns.asks_to_switch("can we do the challenge and escalation one instead")
    assert turns.asks_to_switch("can we stop this now and look at who I should share info with")
    assert not turns.asks_to_switch("we waited instead of challenging")


def test_a_situation_needing_a_signpost_says_so() -> None:
    assert turns.needs_signpost("mum asked me but i didnt know where to send him")
    assert not turns.needs_signpost("we never heard the outcome of the strategy meeting")


def test_the_clause_that_names_a_key_phrase_decides_its_sense() -> None:
    said = [
        "lots involved but we agreed that the islington sw is the lead professional, the thing "
        "is the minutes never say who does what"
    ]
    assert answered_by(LEAD, OTHERS, AUDIT, said) == (
        "we agreed that the islington sw is the lead professional",
        "yes",
    )
