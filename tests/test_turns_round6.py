"""Issue 17, round 6: turns a practitioner trial and a fresh conversation set found misheard
(bot/core/turns.py), on plain text."""

from __future__ import annotations

import pytest

from bot.core import turns
from bot.core.answers import hear

CONFIG = {"new_situation_min_confidence": 0.7}


def kind(text: str, intent: str = "describe_case_drift") -> str:
    return turns.interpret(
        intent,
        0.9,
        text,
        unrelated=False,
        situation_themes=[],
        current_theme="information_sharing",
        config=CONFIG,
        facts_aside=True,
        bare_ok_holds=True,
    )


@pytest.mark.parametrize(
    "text",
    [
        "we forgot, the baby is 7 months btw",
        "oh and btw she is 15",
        "forgot to say, dad is in prison",
    ],
)
def test_a_fact_set_aside_is_a_fact_not_an_answer(text: str) -> None:
    assert kind(text) == turns.FACT


@pytest.mark.parametrize(
    "text", ["we forgot to ask the gp", "also we never agreed any dates", "no, we forgot"]
)
def test_an_answer_about_practice_stays_an_answer(text: str) -> None:
    assert kind(text) == turns.ANSWER


@pytest.mark.parametrize("text, meant", [("stpo", "stop"), ("skpi", "skip"), ("puase", "pause")])
def test_a_slip_for_a_control_word_is_named(text: str, meant: str) -> None:
    assert turns.control_slip(text) == meant


@pytest.mark.parametrize("text", ["stop", "sometimes", "never", "yes", "no we dont"])
def test_words_that_are_no_slip(text: str) -> None:
    assert turns.control_slip(text) is None


@pytest.mark.parametrize("text", ["a", "?", "x."])
def test_nothing_that_could_answer_is_noise(text: str) -> None:
    assert turns.is_noise(text)


@pytest.mark.parametrize("text", ["y", "n", "no", "ok"])
def test_short_answers_are_not_noise(text: str) -> None:
    assert not turns.is_noise(text)


@pytest.mark.parametrize(
    "text",
    [
        "ok police are on the way. I'm just shaken",
        "the dsl is ringing csc now",
        "ambulance is here, that was horrible",
    ],
)
def test_what_has_been_done_after_the_safety_message_is_an_update(text: str) -> None:
    assert turns.is_safety_update(text)


@pytest.mark.parametrize(
    "text", ["what do the police do in a strat?", "we never share the minutes"]
)
def test_a_question_or_an_ordinary_line_is_no_update(text: str) -> None:
    assert not turns.is_safety_update(text)


def test_an_answer_after_saying_the_question_is_understood() -> None:
    text = "ok i get it now. honestly no, we dont chase csc"
    assert hear("describe_outcome_not_shared", turns.after_understood(text)).kind == "no"
    assert turns.after_understood("i see her weekly. yes") == "i see her weekly. yes"


def test_a_fact_the_classifier_took_as_off_task_is_still_a_fact() -> None:
    assert kind("we forgot, the baby is 7 months btw", "out_of_scope") == turns.FACT
    assert kind("write me a poem about spring", "out_of_scope") == turns.OFF_TASK
