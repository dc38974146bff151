"""Round 8 of the immediate-risk screen (issue 18): the classifier layer reads a concern said as
happening now by its tense, a past time frames only its own clause, and a professional's ordinary
contact with a parent is not grooming. Fictional throughout."""

from __future__ import annotations

import pytest

from bot.nlu.risk_screen import screen
from bot.safety.risk import RISK_INTENT, matching_rules, names_an_immediate_concern
from bot.safety.routes import routes_for


def is_flagged(text: str) -> bool:
    """Whether either layer flags ``text``, with the classifier sure it is a risk."""
    found = screen(text, [{"name": RISK_INTENT, "confidence": 0.9}], 0.5)
    return bool(found["rules"]) or found["classifier"]


@pytest.mark.parametrize(
    "text",
    [
        # a harm verb in the present progressive, in front of the writer
        "sorry, uncle is thumping the 6 yo on the back of the head in reception",
        "her stepmum is in the kitchen now twisting her wrist and shouting",
        # someone held now
        "contact worker rang, the father has got the boy by the throat in the car park",
        # a child somewhere with adults now
        "the 13 yo is at a flat with men giving her vodka and taking her into a bedroom",
        # a child's cry for help; made to go with someone
        "the 15yo just messaged 'help they are making me go with them' from a car",
        # sexual abuse in a child's words; ran out of school and not at home
        "year 5 girl told me mum's boyfriend does sex stuff to her and he's picking her up today",
        "the yr 8 boy ran out of school an hour ago and is not at home, he said he wants to die",
    ],
)
def test_round_8_a_concern_said_now_by_its_tense_is_flagged(text: str) -> None:
    assert is_flagged(text), text


@pytest.mark.parametrize(
    "text",
    [
        # a past time in one clause, a present risk in another
        "she disclosed in march that he hit her, but he is hitting her again now",
        "last year dad hit him, and now dad is back and hitting him again tonight",
    ],
)
def test_round_8_a_past_time_frames_only_its_own_clause(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        # present tense with no concern in its clause, or a concern framed as past or closed
        "his uncle's in the army and got hurt on duty, he's been worrying about him",
        "nan says she'd kill for a lie-in, the baby's teething",
        "a child once told me her dad would kill her if she told, that was years ago",
        "dad hit her last year, she is now in foster care and doing well",
        "the 10 yo who ran off on sunday was found at his cousin's within the hour",
        "she is 15 and lives with her nan and two brothers",
        "he's missing maths again while the plan drifts",
        "she's just venting, mum says she could murder a coffee",
        "the school team hit the post twice on saturday",
        "the paediatrician is seeing the bruise today and social care are supporting mum",
        # a past time and a clause saying what was done
        "she took an overdose in the summer, she's on the ward and camhs have seen her",
    ],
)
def test_round_8_look_alikes_are_not_flagged(text: str) -> None:
    assert not is_flagged(text), text


@pytest.mark.parametrize(
    "text",
    [
        "our TA has been messaging mum about his reading",
        "the coach keeps texting the parents about kit",
        "the youth worker has been messaging the family about the trip",
    ],
)
def test_round_8_ordinary_contact_with_a_parent_is_not_an_allegation(text: str) -> None:
    assert not matching_rules(text), text
    assert "lado" not in routes_for(text), text


@pytest.mark.parametrize(
    "text",
    [
        "our TA has been messaging a year 8 girl on snapchat late every night",
        "a nursery colleague has been rough with a toddler today, do I go to the LADO",
    ],
)
def test_round_8_contact_with_the_child_still_names_the_lado(text: str) -> None:
    assert "lado" in routes_for(text), text


def test_round_8_the_tense_reading_needs_the_concern_in_its_clause() -> None:
    # The concern and the tense in different clauses: no flag from the tense alone.
    assert not names_an_immediate_concern("the baby's sleeping, dad got hurt at work")
    assert names_an_immediate_concern("grandad is whacking the baby's legs with a slipper")


@pytest.mark.parametrize(
    "text,flagged",
    [
        # a supervisor trial's step 1: episodes counted, none going on now
        ("DSL and pastoral lead. 14yo girl missing from home twice this month", False),
        ("yr 9 girl has been missing from home four times this term", False),
        ("she is missing again, third time this month, nobody knows where she is", True),
        ("14yo missing from home since last night, 3 times this month", True),
    ],
)
def test_missing_episodes_counted_flag_only_one_going_on_now(text: str, flagged: bool) -> None:
    assert ("missing_child" in matching_rules(text)) is flagged, text
