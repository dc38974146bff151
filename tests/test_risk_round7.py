"""Round 7 of the immediate-risk screen (issue 18): short messages, the LADO for a professional
named in an earlier sentence, and look-alikes of each new pattern. Fictional throughout."""

from __future__ import annotations

import pytest

from bot.nlu.risk_screen import screen
from bot.safety.risk import RISK_INTENT, matching_rules
from bot.safety.routes import routes_for


def is_flagged(text: str) -> bool:
    """Whether either layer flags ``text``, with the classifier sure it is a risk."""
    found = screen(text, [{"name": RISK_INTENT, "confidence": 0.9}], 0.5)
    return bool(found["rules"]) or found["classifier"]


@pytest.mark.parametrize(
    "text",
    [
        # harm begun in front of the writer
        "dad has started kicking the 6 yo in the waiting room",
        # a child's age told after the child; an adult man; a clock time as the time now
        "boy 14 says a 30 yo man wants him at a flat in Leyton tonight",
        "2am, the 14 yo has got into a car with an adult male outside the unit",
        "the 13 yo is being driven to a 'party' by older men, it's 11pm",
        # gone missing today; said missing now; ran from a place; not home from school
        "the 8 yo went missing from the fair an hour ago",
        "she's missing now, the unit rang",
        "the 7 yo with autism ran from the playground and nobody can see him",
        "10 yo not home from school and her phone is off",
        # self-harm named by what is done, or by what she means to drink
        "yr 9 is cutting his arms in the changing room",
        "he has antifreeze in his locker and says he's going to drink it tonight",
        # a tool as a weapon; breaking in armed with a child at home
        "stepdad is chasing the children round the flat with a hammer",
        "her ex has kicked the door in with a bat and the baby is in the cot",
        # young children wandering a road at night
        "two toddlers found wandering along the main road in nappies",
        # staff in the plural; sexual messages disclosed
        "one of our TAs has just been seen touching a yr 3 girl",
        "a 12 yo has just told me a man at the gym has been sending her sexual messages",
    ],
)
def test_round_7_patterns_flag_a_concern_happening_now(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        # ages told after the child, alone
        "boy 14, lives with his nan and two cousins",
        "girl 15, doing her GCSEs, wants to be a vet",
        # missing a thing, not a child missing; a clock time alone
        "she's missing education while the case drifts",
        "2pm, core group went well and mum engaged",
        # managed: admitted to a ward after it, medically fine
        "he was admitted to the children's ward after the overdose, medically fit now",
        # a denial after a contrast is still a denial
        "the exploitation risk worries me but nothing is happening right now",
        # tools and words that are not weapons or harm
        "dad has started a new job and mum has started college",
        "the 9 yo loves his cricket bat and plays every weekend",
        # toys named as weapons, for the classifier layer too
        "the 6 yo and his friends had a water gun fight at after school club today",
        "we talked about sexual health in the session and she asked good questions",
        "the hospital wants to take him home by taxi after his operation",
    ],
)
def test_round_7_look_alikes_are_not_flagged(text: str) -> None:
    assert not is_flagged(text), text


@pytest.mark.parametrize(
    "text",
    [
        # the professional named first, then the child says what they do
        "I'm the practice manager and one of our GPs worries me. Today a 13 yo came out of his "
        "room in tears saying he made her undress.",
        "We have a new volunteer. Tonight a 12 yo told me he has been sending her sexual messages.",
        # one of several staff, in the plural
        "one of our TAs has just been seen slapping a yr 2 boy",
    ],
)
def test_round_7_the_lado_is_named_for_someone_who_works_with_children(text: str) -> None:
    assert "lado" in routes_for(text), text


@pytest.mark.parametrize(
    "text",
    [
        # a family member named between the professional and what is done
        "The TA has known him since reception. Today he said his stepdad hit him.",
        # the child speaking of what is done to another, after a youth worker writes
        "Youth worker here. He says he has to deliver it tonight or they'll hurt his sister.",
        # the GP's room is a place, not the GP
        "mum slapped her 3 yo in the GP waiting room and is dragging him out by the arm",
        # a hospital taking a child home is no grooming
        "nurse: the 2 month old has a fracture and the parents want to take him home now",
    ],
)
def test_round_7_the_lado_is_not_named_for_anyone_else(text: str) -> None:
    assert "lado" not in routes_for(text), text
