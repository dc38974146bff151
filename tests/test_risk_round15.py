"""Round 15 of the immediate-risk screen (issue 18): harms, overdoses, missing children, weapons,
children without an adult and staff behind closed doors, in wordings the rules had missed (round
14's held-out misses named the concepts; every message here is written for these tests, none is
from a benchmark set), and the benign look-alikes of each new rule. Fictional throughout."""

from __future__ import annotations

import pytest

from bot.safety.risk import matching_rules


@pytest.mark.parametrize(
    "text",
    [
        "her boyfriend has just poured a hot kettle over the 6yo's feet, she is howling",
        "stepmum is pressing a lit cigarette against the boy's hand in the garden",
        "man in the park squeezing the little girl's neck until she cries, he's still there",
        "the crying hasn't stopped for half an hour and dad keeps shouting shut up, she's 2",
        "he took 30 paracetamol an hour ago and is texting me goodbye",
        "yr 10 girl has swallowed some drain cleaner in the science lab",
        "she just messaged 'i've done it now, love you' and her phone is off",
        "the 12yo was supposed to be home from football two hours ago and isn't answering",
        "still no sign of the 9yo after the fireworks, police are searching",
        "a teenager outside the youth club with a katana threatening the younger lads",
        "the twins are asleep in the car in the supermarket car park, it's boiling hot",
        "nobody is with him, the 4yo opened the door to me and says his dad went out",
        "a dinner lady has taken the yr 1 boy into the store room and locked the door",
        "dance teacher is filming the 11yo girls in their underwear in the changing room",
        "the youth worker has his hand inside her top in the minibus right now",
        "a 13yo is in a van with three adult men outside the chicken shop",
    ],
)
def test_new_wordings_of_an_emergency_are_flagged(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "we did a session on burns and scalds with the parents group, hot drinks and kettles",
        "the baby fell asleep in the car seat on the way to clinic",
        "£40 of the trip money is unaccounted for, the bursar is looking into it",
        "the canal walk was lovely, the water looked so calm",
        "mum took 2 paracetamol for her headache before the meeting",
        "the boys made cardboard swords for the school play",
        "nobody is with her at lunch, she eats alone, the dsl is worried about friendships",
        "the after school club leader locks the door at 6 when everyone has gone home",
        "the school photographer is taking photos of the reception class tomorrow",
        "dad gets worse when he drinks, that's why the plan says supervised contact only",
        "she was 14 and with an older man, that was years ago and he was convicted",
        "the gas engineer came to fix the boiler and the flat is warm now",
    ],
)
def test_look_alikes_of_the_new_rules_are_not_flagged(text: str) -> None:
    assert not matching_rules(text), (text, matching_rules(text))


@pytest.mark.parametrize(
    "text",
    [
        # a game, said of a game (a practitioner trial's raised the emergency twice)
        "said his big brother 'beats him up' at fortnite every night haha",
        "lol no its a video game, he means his brother wins every game. nobody is hurting him",
        # a knife for lunch, and sorted (a DSL trial's raised it)
        "a yr 3 brought a small kitchen knife in his lunchbox to cut his apple, its all sorted",
    ],
)
def test_games_denials_and_sorted_lunchboxes_are_not_flagged(text: str) -> None:
    assert not matching_rules(text), (text, matching_rules(text))


def test_a_denial_does_not_silence_what_follows_it() -> None:
    assert matching_rules("nobody is hurting him at the moment but dad has just punched mum")
    assert matching_rules("its all sorted but now hes got a knife to her throat")


@pytest.mark.parametrize(
    "text",
    [
        # a figure of speech said as one (a held-out conversation's raised the emergency)
        "she told her tutor she could kill her brother for reading her diary, normal sibling stuff",
        "she did say shed kill him if he bunked off again but it was a joke",
        # self-harm in the past, none since
        "cin since feb after school raised low mood and self harm, no cuts since spring per camhs",
    ],
)
def test_jokes_idioms_and_harm_long_stopped_are_not_flagged(text: str) -> None:
    assert not matching_rules(text), (text, matching_rules(text))


def test_a_threat_for_telling_is_still_flagged() -> None:
    assert matching_rules("he said he will kill her for telling and he is outside now")
