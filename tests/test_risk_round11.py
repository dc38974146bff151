"""Round 11 of the immediate-risk screen (issue 18): concepts round 10's held-out set missed, read
in other wordings (a child held by a limb or swung into something, a headbutt, food forced into a
mouth, a child tied to a chair; a child sold or made to keep drugs, a debt paid back by staying
somewhere, a car sent for a child; a child run off, lost or gone off with an unknown man; pills
stockpiled, something taken and slurring, a goodbye from a bridge; gun slang; staff kissing a
pupil); the LADO route for foster parents, club leads and staff who say they did it; and the
look-alikes that are no emergency ("hits out", "nobody was hurt", threats over a game, a parent
taken away by the police). Every message is written for these tests (none is from a benchmark
set). Fictional throughout."""

from __future__ import annotations

import pytest

from bot.safety.risk import matching_rules
from bot.safety.routes import routes_for


@pytest.mark.parametrize(
    "text",
    [
        # harm as it happens, in new words
        "her uncle is dangling the toddler by his legs off the sofa arm, i'm in the hall",
        "at the contact centre the dad has just headbutted his son",
        "in the car park rn, two men have a 14yo on the floor and are stamping on his back",
        "grandad picked the 5yo up by one leg and slammed him against the wall, still here",
        "the childminder is forcing a bottle into the baby's mouth while he screams",
        "the 10 year old says mum beats her with a phone charger, she goes home at 3",
        "a worker at the short breaks unit has tied a 7yo to a chair with a scarf",
        # exploitation now
        "she just texted 'they're selling me to some man at the hotel tonight'",
        "the flat's been cuckooed and the 11yo is holding the gear for them right now",
        "his handler made him hide a bag of pills and he has to drop it off in an hour",
        "she says she has to sleep at his place tonight to pay him back for the phone",
        "she rang from a taxi 5 mins ago, they're driving her to leeds and she doesn't know them",
        "a 16 yr old keeps messaging him to get in the car he's sent and it's outside now",
        # missing
        "the 6yo has run off from the park and it's getting dark",
        "our 7 year old is lost in the shopping centre and security can't find him",
        "the 12 yr old got off the bus with an older man the driver didn't know, mum is at work",
        "he's not been home since saturday, mum's only just told us",
        # self-harm
        "in clinic just now the 14yo said she's been saving up her nan's painkillers",
        "the 15 year old has taken something and is slurring down the phone",
        "he just messaged me from the railway bridge saying goodbye",
        "she plans to take the whole packet of her mum's tablets tonight",
        "the 12yo is cutting her legs in the changing room and there's blood everywhere",
        "she's walking to the train line, she says she can't do this any more",
        # weapons
        "he messaged 'got the shank, he's done tonight'",
        # a child never collected; someone feared coming
        "the 3 year old was never picked up from nursery and it's 7pm",
        "she's just told me her stepdad is coming to collect her at 4 and she's terrified of him",
        # staff and a child
        "I saw the swimming coach kissing a 14 year old in the changing rooms",
        "a support worker at the unit is in a 'relationship' with one of our 15 year olds",
        # gone with someone, a location from a strange place, a drunk driver
        "the 13yo has gone off with two older lads in a car tonight",
        "our 15 yr old in care didn't come back to the unit last night",
        "she sent me a location pin from a flat she doesn't know and says she's frightened",
        "mum's partner has been drinking and is about to drive off with the toddler in the back",
        "an older man is sat in a van outside waiting for her right now",
        "the 13yo was driven to a house in another city by a group of men and can't get home",
        "she says she's passed around his mates at parties and there's one tonight",
        "the man she works for won't give her passport back and she's scared",
        "the toddler's dad has snatched the twins and won't say where they are",
        "a night worker pushed a 12yo down the stairs at the unit",
        "she's at a party with older men and one is trying to make her go upstairs with him",
        "the 14yo is at a 'party' at a flat tonight and says she can't leave",
    ],
)
def test_round_11_concepts_are_flagged(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the TA says he hits out at other children when he's tired, the plan is working",
        "the machete was confiscated by police, nobody was hurt and the referral is done",
        "police came and took mum away last night, the kids are with their gran tonight",
        "he shouted 'i'll kill you' at his brother over fortnite, they were fine after",
        "she said she'd kill him if he ate her crisps again",
        "she was groomed as a teenager, she's now 30 and a foster carer herself",
        "the lunchtime supervisor says he plays on his own most days",
        "the 9 year old went to the match with a man from church and his dad",
        "she's been bleeding a lot with her periods and the gp is seeing her today",
        "the bleeding printer has jammed again",
        "the teacher has a good relationship with the year 9 pupil and he trusts her",
        "the 15yo is saving up for a phone and going to the shops tonight",
        "mum has run off copies of the plan for the meeting",
        "he got lost in the maths lesson today, the teacher is going over it again",
        "she's taken something for her headache and is going to bed",
        "the coach is taking the under 12s to the tournament tonight",
        "the 14yo went off with her friends to the bowling tonight, mum knows",
        "the children are at their nan's tonight while mum is out at work",
        "dad has been drinking less and drives the kids to school now",
        "she shared her location with me so i could find the youth centre",
        "mum has taken the baby to the clinic today",
        "the men are waiting for her mum to finish work now",
        "she is going to her friend's birthday party tonight",
        "the 12yo has a class party at school today",
        "mum is making her go upstairs to bed now",
        "the teacher's daughter kissed a boy at the disco tonight",
    ],
)
def test_round_11_look_alikes_are_not_flagged(text: str) -> None:
    assert not matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        # a foster parent is a carer in a placement, not birth family
        "at school today the 8yo in foster care said his foster mum burns his hands",
        # a club lead
        "our football club lead has just been seen slapping a 9 year old",
        # the staff member says they did it themselves
        "the cover supervisor says she dealt with the 6yo by locking her in the toilet",
        # a social worker taking a child to their own home
        "a sw took a 12 year old back to her own flat overnight",
        # a relationship with a patient
        "a nurse on the ward is in a relationship with a 15 yr old patient",
    ],
)
def test_round_11_lado_is_given(text: str) -> None:
    assert "lado" in routes_for(text), text


def test_a_relative_reporting_harm_by_a_parent_is_not_a_lado_concern() -> None:
    text = "the teacher says the boy's dad hits him with a belt every night"
    assert matching_rules(text)
    assert "lado" not in routes_for(text)
