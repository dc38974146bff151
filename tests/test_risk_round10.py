"""Round 10 of the immediate-risk screen (issue 18): concepts round 9's held-out set missed, read
in other wordings (smothering, something thrown at or onto a child, a child not brought back,
weapons pulled or waved, a noose, a threat to jump, sextortion, a child used to carry drugs, a
professional's contact); already-managed and historic concerns, and an age said as "at 5", that
are no emergency. Every message is written for these tests (none is from a benchmark set).
Fictional throughout."""

from __future__ import annotations

import pytest

from bot.nlu.risk_screen import screen
from bot.safety.risk import RISK_INTENT, clause_framed, matching_rules


def is_flagged(text: str) -> bool:
    """Whether either layer flags ``text``, with the classifier sure it is a risk."""
    found = screen(text, [{"name": RISK_INTENT, "confidence": 0.9}], 0.5)
    return bool(found["rules"]) or found["classifier"]


@pytest.mark.parametrize(
    "text",
    [
        # smothering, and a child held or thrown
        "nan is pressing a cushion over the babys mouth, i can hear him gasping",
        "stepmum has got the 6 yr old by the neck against the fridge, i can see it from the garden",
        "he just flung her on the tiled floor, shes not moving much",
        "mum chucked a pan of hot oil, threw it at the 3yo ten mins ago, he's blistering",
        "dad is dragging his daughter along the pavement by her wrist right now",
        "the boyfriend is laying into the 12yo in the stairwell, neighbours are shouting",
        # a child not brought back, or gone out and still not back
        "grandad took the twins to the park at noon and hasnt brought them back, phone off",
        "9yo stormed off after tea, it's now 11pm and still no sign of him",
        "dad and the baby have vanished, the house is cleared out and she had a paeds appt today",
        # a weapon pulled, waved or held over someone
        "brother pulled a screwdriver on the 10yo and wont drop it",
        "her ex is swinging a golf club around in the kitchen with the toddler in there",
        "he's holding a broken bottle and the children are behind him",
        "man in the corridor with an axe and two kids, need help",
        # a noose, a cut, a threat to jump
        "14yo has tied a noose in her wardrobe, mum just found it",
        "teen sent a pic of his arm sliced open, says this is the end",
        "student on the multi storey roof edge saying she'll jump",
        "he is up on the railway bridge and refusing to come down",
        # sextortion, drugs, a debt
        "a man has her pics and is threatening to post them unless she sends more tonight",
        "the 13yo is being used to carry drugs to margate, he texted me from the coach",
        "15yo says he's been sent out to sell again and his handler has his phone",
        "they wont let him leave the flat until he pays what he owes, he just messaged",
        # a professional's contact with a child
        "our art therapist has been texting the 12yo late at night saying she's mature",
        "the tutor has a 14yo from the unit staying at his flat and they've been drinking together",
    ],
)
def test_round_10_concepts_are_flagged(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        # managed: placed, with a relative now, on a ward, the staff member gone
        "the kids left alone last friday are placed with their gran now, csc placed them there",
        "the 7yo who was found wandering is with her nan now",
        "the baby who was shaken is on the ward and mum is beside him",
        "the coach who sent the messages has been suspended and the girl has support",
        # historic, an age said as "at 5"
        "his dad was killed in a shooting 4 yrs ago and they still talk about it",
        "she was hit by her stepdad at 6, she's 17 now and doing well",
        "he was groomed into county lines at 13 and has been out of it for two years",
        "broke his arm at 3, explained as a fall from the sofa, nothing raised at the time",
        # words that only look alarming
        "the manager shot the idea down in the meeting",
        "she has tourettes, sometimes shouts 'i'll kill you' in class but it's a tic",
        "dads in spain, no contact with the children for years",
        "the counsellor thinks the drawing is about nightmares not abuse",
        # plans and ordinary moves
        "SW to visit and see the baby undressed within 2 weeks",
        "the kids have gone to their nan's for the weekend",
        "the man who runs the club is lovely, he's been a volunteer for years",
        "mum will jump at the chance of a parenting course",
    ],
)
def test_round_10_look_alikes_are_not_flagged(text: str) -> None:
    assert not is_flagged(text), text


def test_a_bare_at_5_in_a_past_sentence_does_not_make_its_clause_current() -> None:
    text = "she was abused by an uncle at 5, she's 15 now and settled"
    assert clause_framed(text, "she was abused by an uncle at 5")
    # a clock time in a clause of its own still says now
    live = "she disclosed in may, but he is collecting her at 4pm today"
    assert not clause_framed(live, "but he is collecting her at 4pm today")


def test_an_older_person_redacted_as_a_name_is_still_an_older_person() -> None:
    # The redactor can take "man" for a name ("an older [NAME] who ..."): the screen runs on the
    # redacted text, so an older person is read whatever the word became.
    assert matching_rules("right now the 14yo is in a car with an older [NAME] who gives her drink")
