"""Round 13 of the immediate-risk screen (issue 18): concepts round 12's held-out set missed,
read in other wordings: someone who works with children alone or shut in with a child somewhere
private (a van, the back of a bus, a cubicle, a child's bedroom) with something saying it is now
or wrong; a child being made to hold or run drugs, collected by a dealer, pimped out, or with
men and unable to leave; a child gone out of a window with no word since; a child lost on a
trip; a family gone from an empty home with someone nobody knows; pictures of a child with no
clothes on. The LADO route for these, and for a staff member "we know from the family". And the
look-alikes that are no emergency (intimate care, a dealer and a parcel, a parents' marriage, a
shot in the dark, a child safe on the ward, a plan stable for a few months). Every message is
written for these tests (none is from a benchmark set). Fictional throughout."""

from __future__ import annotations

import pytest

from bot.safety.risk import matching_rules, names_an_immediate_concern
from bot.safety.routes import routes_for


@pytest.mark.parametrize(
    "text",
    [
        # someone who works with children, alone or shut in with a child, now
        "the scout leader has a 9 year old alone in his car in the car park and the door is locked",
        "our caretaker was caught in the back of the van with a year 8 girl, his flies were undone",
        "the sports coach is in there with him now and the door is locked",
        "the night worker has just been caught in a 12yos bedroom again",
        # exploitation now
        "a 14 yo on my caseload is being forced to sell for older boys at the park, they"
        " are watching her",
        "the gang are picking up our 12yo from the shops at 6 tonight",
        "she says she's being sold out of a house on the estate right now",
        "he phoned from a flat, there are men there and he can't get out",
        "she's 15, lying on a mattress with older men around her and can barely stand",
        # missing now
        "the 11 yo climbed out of her bedroom window at midnight and it's 9am now, phone off",
        "lost a 6 year old at the zoo, it's been half an hour",
        "the twins (4 and 6) have not been at nursery all week, the flat is empty and they left in"
        " the night with a woman nobody knows",
        # a disclosure
        "the 8yo has just told me her uncle takes photos of her with no clothes on",
    ],
)
def test_round13_risks_are_flagged(text):
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        # intimate care, and a plan to see a child alone
        "the TA takes him into the toilets to change him every day, he has a medical need",
        "our TA takes a boy into the toilets to change him every day because he is in nappies",
        "the keyworker will see her alone in her bedroom tomorrow to do direct work",
        "the TA is still in there with him, he was dysregulated this morning",
        "the nurse is in there with her now doing her obs",
        # a peer found in a bedroom by staff: no one who works with children doing it
        "staff found her in the boy's bedroom at night again, she is 15 and he is 16",
        # worries and the past
        "i'm worried she is being made to carry drugs for older boys",
        "he used to be made to hold drugs for older lads but that stopped last year",
        "the dealer is picking up a parcel today",
        "he's on a job today, he works with the gang unit, they're collecting evidence",
        "she climbed out of her bedroom window at 2am and police found her at her friends at 6",
        "the family moved out last month and the house is empty, they left without telling anyone",
        "lost a lot of sleep over this case, the 14yo keeps going missing",
        # ordinary words
        "my parents got married abroad last summer",
        "mum and dad are married but he works overseas most of the year",
        "this is a shot in the dark but would the school nurse have known?",
        "a man is alone in his van outside the school gates",
    ],
)
def test_round13_look_alikes_are_not_flagged(text):
    assert not matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "he's safe on the ward after taking the tablets last night, the crisis team are seeing him",
        "on a cp plan for a couple of months now under neglect, things are settled",
    ],
)
def test_round13_managed_concerns_name_no_immediate_concern(text):
    assert not matching_rules(text), text
    assert not names_an_immediate_concern(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the scout leader has a 9 year old alone in his car in the car park and the door is locked",
        "our caretaker was caught in the back of the van with a year 8 girl, his flies were undone",
        "the night worker has just been caught in a 12yos bedroom again",
        "a sergeant here: an officer on my shift has been grooming a 14 yo and is meeting her at"
        " his flat tonight",
        "a mum mentioned the dance teacher is very close to the girls. i went into the studio just"
        " now and found him alone in the cupboard with a 9 year old girl",
        "the youth worker has booked a hotel for him and a 15yo this weekend, she just told me",
        "a helper at the breakfast club, who we know from the family, slapped the 6yo today",
    ],
)
def test_round13_lado_route(text):
    assert matching_rules(text), text
    assert "lado" in routes_for(text), text


@pytest.mark.parametrize(
    "text",
    [
        # the staff member finds the child, or is only told
        "staff found her in the boy's bedroom at night again and she is refusing to leave",
        "the 9yo told his teacher that dad hits him with a belt, he goes home at 3",
    ],
)
def test_round13_no_lado_where_staff_do_not_do_it(text):
    assert "lado" not in routes_for(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the 13 yo was supposed to be home by 9, it's now 2am and her phone is off",
        "a 15yo just texted that some men are taking her to a house in another town",
    ],
)
def test_round13_overdue_or_driven_off_is_flagged(text):
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she's meant to be back at the unit by 10 but often comes in late, it's 9pm",
        "the men are taking him to the match on saturday as a treat",
        "the kids left in the night with mum and are now at a refuge, the house is empty",
        "dad is driving her to school today",
    ],
)
def test_round13_due_back_or_driven_is_not_flagged(text):
    assert not matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the optician asked the 12yo to take her top off and he is still in there with her",
        "the minibus escort keeps touching a 9 yo's thigh on the way home, she told me today",
    ],
)
def test_round13_lado_for_health_and_transport_staff(text):
    assert matching_rules(text), text
    assert "lado" in routes_for(text), text


@pytest.mark.parametrize(
    "text",
    [
        "a night worker at the unit has been sleeping in a 14yos room, he's on shift again tonight",
        "the swim tutor has the 8yo sit on his lap in the lessons, she has one at 5 today",
        "the 3 year old walked out of the playgroup door 15 mins ago and staff are searching",
        "the 15 yo sent a text saying goodbye and her phone is off now",
        "we knocked today, the toddler and dad were not at the flat and the neighbours have not"
        " seen them for a week",
        "some men have just bundled a 13yo into a van by the shops",
        "the 14yo has been at a house with older men since yesterday and won't come home",
    ],
)
def test_round13_more_risks_in_new_words(text):
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "night staff sleep in the staff room and check the kids every hour",
        "police pushed him into the van after he assaulted an officer, he is 17",
        "mum wasn't at home when I visited today, the kids were at school",
    ],
)
def test_round13_more_look_alikes(text):
    assert not matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the youth club leader has taken a 9 yo home with him without asking her dad, phone off",
        "a locum nurse is giving a 15yo on the ward cannabis tonight",
        "the dance instructor has locked the door of the hall with a 12 yo inside",
        "the swim coach locked himself in the store with a year 5 girl",
    ],
)
def test_round13_staff_taking_or_shutting_in_a_child_gets_the_lado(text):
    assert matching_rules(text), text
    assert "lado" in routes_for(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the foster carer took the 8yo home with her after contact today as planned",
        "the nurse is giving the 14yo her medication tonight on the ward",
    ],
)
def test_round13_ordinary_care_is_not_flagged(text):
    assert not matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she is 14 and is being used to run drugs for a dealer in another town right now",
        "a 13yo lad is in the park with older men and can't stand up, i'm watching from the bus",
    ],
)
def test_round13_exploitation_used_or_unable_to_stand(text):
    assert matching_rules(text), text


def test_round13_a_worry_of_being_used_is_not_flagged():
    assert not matching_rules("i think he is being used to sell drugs by older boys")
