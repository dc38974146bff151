"""Issue 17, round 8: what a practitioner trial and the development set test6 found misheard,
on plain text (no served bot)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.common import kb
from actions.reflection import kept_reason
from bot.core import turns
from bot.core.answers import hear, opener
from bot.nlu.supervision_request import SupervisionRequest, asks_to_reflect_on_case


@pytest.mark.parametrize(
    "text", ["ok can we reflect on my case then", "can i reflect on a situation please"]
)
def test_a_request_to_reflect_on_a_case_is_not_a_supervision(text: str) -> None:
    assert asks_to_reflect_on_case(text)
    message = Message({TEXT: text})
    message.set(INTENT, {"name": "start_supervision", "confidence": 0.7})
    message.set(INTENT_RANKING_KEY, [{"name": "start_supervision", "confidence": 0.7}])
    SupervisionRequest({"min_confidence": 0.1}).process([message])
    assert message.get(INTENT)["name"] == "reflect_on_case"


@pytest.mark.parametrize(
    "text",
    [
        "I want to reflect on a current case with my manager",
        "can we reflect on my case in supervision",
        "i want to do a case reflection",
        # the case told at length: a situation for the classifier
        "i want to reflect on a case. shes 7, lives with mum, nan and two brothers, dads in prison",
    ],
)
def test_a_supervision_or_a_case_told_is_not_a_bare_request(text: str) -> None:
    assert not asks_to_reflect_on_case(text)


@pytest.mark.parametrize(
    "text", ["am i overreacting?", "hmm am i overreacting", "is it just me", "am i being paranoid"]
)
def test_self_doubt_is_heard(text: str) -> None:
    assert turns.is_self_doubt(text)


@pytest.mark.parametrize(
    "text",
    [
        "no we havent. am i being paranoid? she seemed fine",
        "we never checked, and the head says im overreacting",
    ],
)
def test_an_answer_with_doubt_in_it_is_an_answer(text: str) -> None:
    assert not turns.is_self_doubt(text)


def test_the_question_said_back_negated_then_no_is_a_no() -> None:
    said = "not child focused no, if im honest the plan is all about dads goals not the kids"
    assert opener(said) == ("no", "if im honest the plan is all about dads goals not the kids")
    assert hear("describe_promises_to_change", said).kind == "no"


def test_taking_in_a_reply_then_answering_is_the_answer() -> None:
    said = "ok fair. not sure to be honest, our own letters dont always say either"
    assert turns.after_understood(said).startswith("not sure")


def test_a_choice_asked_without_its_question_mark_is_a_question() -> None:
    assert turns.is_question(
        "is contextual safeguarding actually a thing in the city or just hackney"
    )
    assert not turns.is_question("yes, we are or were")


def test_csc_out_of_hours_is_one_glossary_entry() -> None:
    assert [e.term for e in kb().terms_in("CSC out of hours")] == ["out of hours"]


def test_a_hungry_tired_child_names_neglect_as_not_covered() -> None:
    found = kb().uncovered_in("one of my girls keeps coming in hungry and tired")
    assert [t.id for t in found] == ["neglect"]


def test_cse_answers_for_boys_and_drugs() -> None:
    (entry,) = kb().terms_in("is it cse if hes a boy and its drugs")
    assert "Boys" in entry.meaning and "criminal" in entry.meaning


def test_a_correction_keeps_the_reason_given_before_it() -> None:
    earlier = {"answer": "not sure, because the plan has outcomes but no dates against them"}
    assert kept_reason(earlier, "theres no timeframe for the child at all") == (
        "because the plan has outcomes but no dates against them"
    )
    assert kept_reason({"answer": "yes"}, "no we dont") is None
