"""How a turn is heard (bot/core/answers.py) and what it is taken for (bot/core/turns.py)."""

from __future__ import annotations

import pytest

from bot.core import turns
from bot.core.answers import answered_by, hear, key_phrases, substance
from bot.core.turns import (
    ANSWER,
    FACT,
    NEW_SITUATION,
    OFF_TASK,
    QUESTION,
    asks_awareness,
    interpret,
    is_fact,
    is_practical,
    is_question,
)

CONFIG = {"new_situation_min_confidence": 0.7}
LEAD = "When a large number of professionals are involved, has a lead professional been identified?"
OTHERS = [LEAD, "Do you actively consider engaging professionals from other local authorities?"]
AUDIT = ["Find out who the lead professional is and invite them."]


@pytest.mark.parametrize(
    "intent,text,kind,reason",
    [
        ("deny", "no", "no", ""),
        (
            "describe_no_lead_professional",
            "no, thats the problem. nobody is leading",
            "no",
            "thats the problem. nobody is leading",
        ),
        ("affirm", "yep", "yes", ""),
        ("express_unsure", "not sure", "unsure", ""),
        (
            "x",
            "not sure - the SW sends the minutes i think",
            "unsure",
            "the SW sends the minutes i think",
        ),
        (
            "x",
            "honestly probably not, we just keep giving her more time",
            "no",
            "we just keep giving her more time",
        ),
        # An opener that starts a sentence of its own leaves the sentence whole.
        ("x", "I haven't talked to him about it yet", "no", "I haven't talked to him about it yet"),
        # "we do" opens an answer only when said on its own; here it begins a description.
        (
            "x",
            "we do a joint visit every week with the HV",
            "reflection",
            "we do a joint visit every week with the HV",
        ),
        ("x", "we do, every time", "yes", ""),
    ],
)
def test_an_answer_is_heard_by_its_opening_words_then_its_intent(
    intent: str, text: str, kind: str, reason: str
) -> None:
    heard = hear(intent, text)
    assert (heard.kind, heard.reason) == (kind, reason)


def test_a_long_answer_is_reflected_by_the_sentence_that_carries_the_child_and_the_plan() -> None:
    answer = (
        "Honestly it's been a long few weeks with the team short and the visits moved around "
        "twice. I went to the house twice and the flat was tidier both times. She told me "
        '"I just want mum to stop shouting" and I wrote it down but the plan never changed.'
    )
    assert substance(answer) == (
        'She told me "I just want mum to stop shouting" and I wrote it down but the plan never '
        "changed"
    )


def test_a_short_answer_is_read_back_whole_and_a_question_in_it_never() -> None:
    assert substance("we meet monthly. the school comes when it can") == (
        "we meet monthly. the school comes when it can"
    )
    assert "?" not in substance("do you contact CSC? rarely, no time really")


@pytest.mark.parametrize(
    "text,kind",
    [
        ("yes i think so... actually no wait, so no", "no"),
        ("hang on, actually we dont", "no"),
        ("do you contact CSC... hmm, rarely, no time", "no"),
        ("not sure. well, maybe, sometimes", "unsure"),
    ],
)
def test_a_change_of_mind_or_a_later_no_decides(text: str, kind: str) -> None:
    assert hear("x", text).kind == kind


def test_a_sentence_is_never_cut_mid_thought() -> None:
    long = ("we met and we talked and we agreed " * 8).strip()
    assert substance(long) in long and not substance(long).endswith("…")


def test_only_a_description_gets_a_follow_up() -> None:
    assert hear("x", "the review was set for three months and that was it").describes_only
    assert not hear("x", "I think the review should have been sooner").describes_only
    assert not hear("deny", "no").describes_only


def test_a_question_answered_by_what_was_said_is_found_and_read_for_its_sense() -> None:
    assert key_phrases(LEAD, OTHERS, AUDIT) == [("lead", "professional")]
    assert answered_by(LEAD, OTHERS, AUDIT, ["SW is the lead professional here"]) == (
        "SW is the lead professional here",
        "yes",
    )
    assert answered_by(LEAD, OTHERS, AUDIT, ["there's no lead professional at all"])[1] == "no"
    # A question back, or words the question shares with others, answer nothing.
    assert answered_by(LEAD, OTHERS, AUDIT, ["who is the lead professional?"]) is None
    assert answered_by(LEAD, OTHERS, AUDIT, ["lots of professionals are involved"]) is None


@pytest.mark.parametrize(
    "intent,confidence,text,unrelated,themes,kind",
    [
        ("nlu_fallback", 0.3, "write me a poem about spring", True, [], OFF_TASK),
        ("nlu_fallback", 0.3, "what does the guidance say about that?", False, [], QUESTION),
        ("nlu_fallback", 0.3, "we never really got round to it", False, [], ANSWER),
        # "No" opens an answer whatever follows.
        ("nlu_fallback", 0.3, "no, what would you even do?", True, [], ANSWER),
        (
            "describe_case_drift",
            0.9,
            "another family I have, reviews keep rolling over",
            False,
            ["professional_over_optimism"],
            NEW_SITUATION,
        ),
        # The same situation said as an answer (no "another", "different"...) is an answer.
        (
            "describe_case_drift",
            0.9,
            "reviews keep rolling over",
            False,
            ["professional_over_optimism"],
            ANSWER,
        ),
        (
            "describe_case_drift",
            0.9,
            "another family like this one",
            False,
            ["cross_borough_working"],
            ANSWER,
        ),  # the theme in hand: still an answer
    ],
)
def test_what_a_turn_is_taken_for(
    intent: str, confidence: float, text: str, unrelated: bool, themes: list, kind: str
) -> None:
    assert (
        interpret(
            intent,
            confidence,
            text,
            unrelated=unrelated,
            situation_themes=themes,
            current_theme="cross_borough_working",
            config=CONFIG,
        )
        == kind
    )


@pytest.mark.parametrize(
    "text,practical",
    [
        ("whats the number again", True),
        ("can i book it?", True),
        ("how do i refer him to drug services? does he have to live in hackney", True),
        ("how do I get mum to engage?", False),
        ("the number of agencies is overwhelming", False),  # told, not asked
    ],
)
def test_a_practical_question(text: str, practical: bool) -> None:
    assert is_practical(text) is practical


@pytest.mark.parametrize(
    "text,fact",
    [
        ("she is 15", True),
        ("dad is in prison, mum has bipolar and takes her meds", True),
        ("shes got a boyfriend who is 16", True),
        ("lives with mum, her stepdad and two little half brothers", True),
        ("we never agreed any dates with mum", False),  # the practitioner's own practice
        ("I haven't asked her about it", False),
        ("she told me she wants to go home", False),  # "me": the practitioner's work
        ("the school think the plan is fine and I think we should push for more", False),
    ],
)
def test_a_fact_about_the_family_is_told_from_an_answer(text: str, fact: bool) -> None:
    assert is_fact(text) is fact


def test_facts_are_set_aside_only_where_asked_and_questions_are_never_answers() -> None:
    def kind(intent: str, text: str, facts_aside: bool = True) -> str:
        return interpret(
            intent,
            0.9,
            text,
            unrelated=False,
            situation_themes=[],
            current_theme=None,
            config=CONFIG,
            facts_aside=facts_aside,
        )

    assert kind("describe_case_drift", "she is 15") == FACT
    assert kind("describe_case_drift", "she is 15", facts_aside=False) == ANSWER
    assert kind("describe_case_drift", "can you give me example questions to ask dad?") == QUESTION
    assert kind("ask_resource", "we referred him to the substance misuse service") == ANSWER
    assert kind("ask_legal_advice", "no because mum didnt consent to us sharing") == ANSWER
    assert kind("out_of_scope", "write me a poem") == OFF_TASK


@pytest.mark.parametrize(
    "text,asked",
    [
        ("actually what was case 2 about", True),
        ("sorry, whats a LADO", True),
        ("show me the escalation policy", True),
        ("actually we never did", False),
    ],
)
def test_a_question_after_a_filler(text: str, asked: bool) -> None:
    assert is_question(text) is asked


def test_awareness_questions() -> None:
    assert asks_awareness("Are you aware of the CHSCB Escalation Policy?")
    assert asks_awareness("Did you know that the Substance Misuse Service accepts referrals?")
    assert not asks_awareness("Do you record evidence of parental involvement?")


@pytest.mark.parametrize(
    "text, asks",
    [
        ("is this county lines? whats the difference with CSE", True),
        ("can you tell me about case 2. thanks", True),
        ("do I record evidence? yes always", False),  # the question read back, then answered
        ("can you refer this family for me? its not urgent", True),
        ("could you pass it on to the MASH then? no rush", True),
        ("honestly when we made the plan nobody said what happens if she doesnt", False),
        ("how we work is complicated", False),
        ("how to refer to CAMHS", True),
        ("yes always. do you mean in writing?", True),  # in the questions: an answer, then asked
        ("sort of, our GP is helpful. when's the next one", True),
        ("police, exploitation team. does the audit mention contextual safeguarding", True),
        ("is the escalation policy something a teacher can use", True),
        ("list every service you can point me to", True),
        ("what worries me most is that nothing has changed for him", False),  # told, with "what"
        ("what i did was ring the school", False),
        ("what is that", True),
        ("sorry whats the question again. oh right - we always send an update", False),
        ("can we go through the information sharing one", False),  # a request, not a question
    ],
)
def test_whether_a_message_asks(text: str, asks: bool) -> None:
    assert turns.is_question(text) is asks


@pytest.mark.parametrize(
    "text, told, asked",
    [
        (
            "sort of, our GP is helpful. when's the next one",
            "sort of, our GP is helpful",
            "when's the next one",
        ),
        (
            "yes we do. where is the policy? who do i ask",
            "yes we do",
            "where is the policy? who do i ask",
        ),
        ("do I record evidence? yes always", "do I record evidence? yes always", ""),
        ("no, never", "no, never", ""),
        ("whats a MASE?", "whats a MASE?", ""),  # all asked: a question, not an answer
    ],
)
def test_an_answer_that_ends_by_asking_is_split(text: str, told: str, asked: str) -> None:
    assert turns.trailing_question(text) == (told, asked)


@pytest.mark.parametrize(
    "text, learning",
    [
        ("what went wrong in case 3 exactly", True),
        ("what can we learn from case 2?", True),
        ("what went well in case 1", False),
        ("it went wrong when the school moved", False),  # told, not asked
    ],
)
def test_asks_learning(text: str, learning: bool) -> None:
    assert turns.asks_learning(text) is learning


@pytest.mark.parametrize(
    "text, theme",
    [
        ("no not cross borough. management of CSE cases", "cse_management"),
        ("the cse one obviously", "cse_management"),
        ("switch to over optimism", "professional_over_optimism"),
        ("i want to reflect on a case", None),
    ],
)
def test_the_theme_named_last_is_the_one_chosen(text: str, theme: str | None) -> None:
    from actions.common import kb
    from bot.core.themes import theme_named_last

    assert theme_named_last(kb(), text) == theme


@pytest.mark.parametrize(
    "told, answer",
    [("sort of", True), ("we have a weekly huddle", True), ("police, exploitation team", False)],
)
def test_what_comes_before_a_question_is_an_answer_when_it_tells_enough(
    told: str, answer: bool
) -> None:
    assert turns.tells_enough(told) is answer


@pytest.mark.parametrize(
    "text, definition",
    [("sorry whats ELFT", True), ("what does s47 mean", True), ("explained it to mum", False)],
)
def test_a_definition_asked_after_a_filler(text: str, definition: bool) -> None:
    assert turns.is_definition(text) is definition


@pytest.mark.parametrize(
    "text, rest",
    [
        (
            "sorry what was the question again. oh right - we always send an update",
            "oh right. we always send an update",
        ),
        ("whats the question again?", ""),  # only the request: the question is shown again
        ("what was the question. yes", "yes"),
        ("what was the question? oh", ""),  # too little after it to be taken as an answer
    ],
)
def test_an_answer_after_asking_for_the_question(text: str, rest: str) -> None:
    assert turns.answer_after_request(text) == rest


@pytest.mark.parametrize(
    "text, goes_on",
    [
        ("ok police got to him, hes safe now. can we carry on", True),
        ("ambulance has her. where were we", True),
        ("yes we do. where were we?", False),  # answered first: the answer counts
        ("can we carry on", False),  # only the request: Rasa's resume intent takes it
    ],
)
def test_an_update_then_a_request_to_go_on_is_not_an_answer(text: str, goes_on: bool) -> None:
    assert turns.ends_asking_to_go_on(text) is goes_on


@pytest.mark.parametrize(
    "text,corrected",
    [
        ("sorry I meant no, we never rang CSC", "no, we never rang CSC"),
        ("scratch that - not yet", "not yet"),
        ("i meant to say: yes", "yes"),
        ("typo", ""),
        ("change my last answer to not sure", "not sure"),
        # ordinary answers, even ones opening like a correction would
        ("I mean we never did agree dates", None),
        ("no idea", None),
        ("my mistake was not asking mum", None),
    ],
)
def test_a_correction_and_what_it_corrects_to(text: str, corrected: str | None) -> None:
    assert turns.correction(text) == corrected


@pytest.mark.parametrize(
    "text,asks",
    [
        ("in case 2 who didnt copy the GP in when it closed", True),
        ("in case 2 we did share the outcome", False),
        ("would they see his little sister too, she's 4", True),
        ("so what normally happens is the SW rings our DSL and she passes it on", False),
        ("what went well in it", True),
    ],
)
def test_questions_that_open_with_their_subject_or_ask_about_a_service(
    text: str, asks: bool
) -> None:
    assert is_question(text) is asks
