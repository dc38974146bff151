"""Round 11 of the redactor: written here, not taken from the benchmark's sets."""

from __future__ import annotations

import pytest

from bot.privacy.redaction import redactor


@pytest.mark.parametrize(
    "text,gone",
    [
        # a possessive typed without its apostrophe, before who or what a person has
        ("keishas nan rang the office this morning", "keishas"),
        ("Darnells youth worker is off sick", "Darnells"),
        ("the letter had Oskars address on it", "Oskars"),
        # a lower-case name starting the sentence, before what was done to or said by them
        ("harry was collected late from after-school club", "harry"),
        ("aoife finally told me about the bruise", "aoife"),
        # an age said of a month or of a noun only
        ("June is 12 and is scared of her stepdad", "June"),
        ("Opal is 9 and has stopped eating", "Opal"),
        # a name after "her names", "his name was"
        ("the new lad, his name was Tomasz I think", "Tomasz"),
        ("her names Bryony, she is in yr 10", "Bryony"),
        # a capitalised first name then a listed surname before a verb
        ("Eliezer Weiss has refused the assessment", "Eliezer Weiss"),
        # a parent and the children; two names, the second a noun only in WordNet
        ("Kadiatou and the kids are staying with friends", "Kadiatou"),
        # a listed name in lower case after what is done to a person
        ("we visited zara at the hostel on friday", "zara"),
        ("the younger one aisha is at nursery", "aisha"),
        # after what is done to a person, whatever the model's label; a modal never says "was"
        ("nobody has seen Kaylan since friday", "Kaylan"),
        ("will was withdrawn and quiet all session", "will"),
        # a noun-only word paired with a name, the two of them said to be the children
        ("Treasure and Kojo are the children on the plan", "Treasure"),
    ],
)
def test_names_without_the_usual_cues(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert f" {gone} " not in f" {result} " and "[NAME]" in result, result


@pytest.mark.parametrize(
    "text,gone",
    [
        ("he has moved to Riverside Alternative Provision", "Riverside Alternative Provision"),
        ("she attends Al-Noor Learning Centre three days a week", "Al-Noor Learning Centre"),
        ("he is at Iceland Road Preparatory School", "Iceland Road Preparatory School"),
    ],
)
def test_settings_and_schools(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result and "[SCHOOL]" in result, result


@pytest.mark.parametrize(
    "text",
    [
        "she came in with a Daisy hairclip",  # after "a": a thing
        "he bought a Lily plant for his nan",
        "there is Faith that the placement will hold",  # an amount of something
        "lots of Joy in the room when dad arrived",
        "the Polish lads at the car wash are a worry",  # a people
        "the children were seen at North Middlesex last week",  # a compass point before a place
        "the Blue car was back outside the house",  # a thing described
        "the duty team called us back in the afternoon",  # a pronoun
        "they hang around Burger King after school",  # a chain
        "he watches Peppa Pig on his tablet all day",
        "they referred him to the Learning Centre",  # a two-word head with no name
        "Sutton said they would send someone out",  # a council speaking of itself
        "we visited paris last year",
        "will has to be checked by the sw",  # a modal
        "Nike trackies and a new phone, where is the money from",  # a plural, no surname
        "good rel w school and w mum, rel w dad poor",  # practitioners' shorthand
        "mum says convo w dad is ok, hosp visit next wk",
        "mark was high on the assessment",  # a thing, not how a person is
        "bill was paid on time this month",  # a thing done to, not a child
        "the Portuguese family upstairs have complained",  # a people
    ],
)
def test_things_places_and_pronouns_survive(text: str) -> None:
    assert redactor().redact(text).text == text
