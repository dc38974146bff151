"""Round 9 of the immediate-risk screen (issue 18): concepts the rules had one wording for, read
in other wordings; contractions typed without an apostrophe; a managed or past framing that does
not silence what still goes on after it; an age in the past frames its clause. Every message is
written for these tests (none is from a benchmark set). Fictional throughout."""

from __future__ import annotations

import pytest

from bot.nlu.risk_screen import screen
from bot.safety.risk import RISK_INTENT, _straight, matching_rules
from bot.safety.routes import routes_for


def is_flagged(text: str) -> bool:
    """Whether either layer flags ``text``, with the classifier sure it is a risk."""
    found = screen(text, [{"name": RISK_INTENT, "confidence": 0.9}], 0.5)
    return bool(found["rules"]) or found["classifier"]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("shes not answering", "she's not answering"),
        ("theyre making me go", "they're making me go"),
        ("the baby isnt breathing, i cant wake mum", "the baby isn't breathing, i can't wake mum"),
        ("nobodys home, ive rung twice", "nobody's home, i've rung twice"),
        # words that are no contraction stay as they are
        ("its 7pm, we were ill, well, the shed", "its 7pm, we were ill, well, the shed"),
        ("mums and dads evening", "mums and dads evening"),
    ],
)
def test_contractions_typed_without_an_apostrophe_are_read_with_one(typed: str, read: str) -> None:
    assert _straight(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        # a threat to harm a child, as it is made
        "dads threatening to throw the baby out of the window, im on the landing",
        "mum keeps threatening to smother the newborn, shes in a state",
        # fire
        "hes splashing lighter fluid on the sofa and the kids are upstairs",
        "hes pouring petrol on the stairs",
        # a missing child named after the word, or gone lately
        "missing 9 year old, last seen at the park 3 hours ago",
        "14yo vanished from the unit this morning, nobody has heard from her",
        "nobody can locate the twins, mum's phone is off",
        # young children with no adult, told by the child or at night
        "its 10pm and the 4yo next door says mummy went out and hasnt come back",
        "the 5 yr old rang me, parents are out and the baby wont stop screaming",
        "the 8yo isnt breathing right and theres no adult in the house",
        # a professional harming a child, in any tense not framed as past
        "childminder smacked the 2yo across the face, parent saw it at pickup",
        "a teaching assistant has been pinching the kids in reception",
        "the PE teacher grabbed a year 8 by the neck and shoved him into the wall",
        "foster carer has been locking the 7yo in a dark room all weekend",
        "shes been sleeping with one of her pupils, he's 14",
        # self-harm
        "shes drunk bleach, the 14yo, she just told me",
        "she took a whole packet of her nans tablets about an hour ago",
        # harm in progress where it happens
        "dad's in the garden hitting the 10 year old with a belt",
        "dad is out the back kicking the 6yo",
        # a man by his age, with the child now
        "she was picked up from school by a 24yo man again and is with him now, not answering",
        # a managed phrase, then what still goes on
        "police arrested mum at the house but the 3yo and the baby are still there alone",
    ],
)
def test_round_9_concepts_in_new_wordings_are_flagged(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        # threats that harm no child
        "mum is threatening to complain to the council about the housing",
        "dad keeps threatening to take the school to tribunal over the EHCP",
        "she threatens to leave the group every week but always comes back",
        # fire and missing, as words
        "we had a fire drill at nursery this morning and the little ones loved it",
        "we had a fire alarm today and all the kids evacuated fine",
        "the 15yo set fire to a bin at school last year and did restorative work",
        "the missing children's team are doing a presentation next week",
        "our missing 14yo came home last night safe and well",
        "nobody can find the minutes from the last core group",
        # parents out, with another adult there or no child alone
        "mum is out at work till 6 so nan picks up the kids",
        "parents are out at the parents evening, the 6yo is with her aunt",
        "the kids said mum left dad last year and they're happier",
        "the 7 year old has been sad since dad left",
        "mum went out for an hour and the 16yo babysat, all fine",
        # professionals at ordinary work
        "the coach texted to say training is cancelled on saturday",
        "the nursery worker comforted the toddler who was crying at drop off",
        "our TA sits with him one to one in reading",
        "the residential worker is restraining herself from saying too much",
        "he is at school hitting targets in maths",
        "the kids in my class were pretending to shoot each other at break",
        # an age in the past; a history
        "as a 13 yr old she was exploited, she is 19 now and at college",
        "he was hit by a car at 9, he's 14 now and walks with a limp",
        "the refuge support worker knows the domestic abuse history",
        # an adult by his age, in the household
        "a 19yo male relative lives with them now",
        "the 30 year old man next door helps mum with the shopping",
        # managed
        "the teenager who threatened to jump was talked down and is with the crisis team now",
        "the dad who threatened the school has a court order now banning him from the site",
        "mum is fleeing dv, she's in a refuge with the kids and doing well",
        "foster carers are long term, she's been there 6 years and it's stable",
        # hypotheticals about a professional
        "in theory, if a coach was alleged to have hit a child, is that the lado?",
        "practice vignette: a childminder smacks a child. lado or csc?",
        # a service that "would take him" accepts him: no one is taking a child (round 9's
        # held-out conversations had the safety message for it)
        "i didnt think the drug service would take him so weve just been doing it in house",
    ],
)
def test_round_9_look_alikes_are_not_flagged(text: str) -> None:
    assert not is_flagged(text), text


@pytest.mark.parametrize(
    "text",
    [
        "a teaching assistant has been pinching the kids in reception",
        "childminder smacked the 2yo across the face, parent saw it at pickup",
        "foster carer has been locking the 7yo in a dark room all weekend",
        # a parent only told of it is not the one doing it
        "the swim coach keeps the 8yo behind, she told her dad he touches her in the changing room",
    ],
)
def test_a_professional_harming_a_child_gets_the_lado(text: str) -> None:
    assert "lado" in routes_for(text), text


@pytest.mark.parametrize(
    "text",
    [
        # what a child may do on their own; a child never left alone
        "he's 13 now so he can walk to school on his own",
        "the 4yo is never left alone now, mum has nan round every evening",
        # a child taken into safety, whatever the time of the taking
        "the toddler who was left alone was collected by police last night, she's with carers",
        # a topic discussed
        "we had a class discussion on whether young people should carry knives for protection",
    ],
)
def test_round_9_a_safe_state_said_of_a_concern_is_not_flagged(text: str) -> None:
    assert not is_flagged(text), text


def test_a_young_child_left_alone_now_still_is() -> None:
    assert matching_rules("the 4yo has been left alone in the flat since this morning")


def test_a_parent_harming_a_child_told_to_a_teacher_gets_no_lado() -> None:
    assert "lado" not in routes_for("the boy told his teacher that his dad hits him")
