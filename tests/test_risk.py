"""The immediate-risk screen: its rule layer, and how it combines with the classifier."""

from __future__ import annotations

import pytest

from bot.core.clauses import split_clauses
from bot.nlu.risk_screen import ImmediateRiskScreen, flag_from_clauses, screen
from bot.safety.risk import RISK_INTENT, beside_the_risk, clause_framed, matching_rules
from bot.safety.routes import routes_for


def is_flagged(text: str, ranking: list, intent_threshold: float) -> bool:
    """Whether either layer of the screen flags ``text``."""
    found = screen(text, ranking, intent_threshold)
    return bool(found["rules"]) or found["classifier"]


@pytest.mark.parametrize(
    "text",
    [
        "a year 7 has just told me her uncle touches her",
        "he says he'll kill himself tonight",
        "the 3 and 5 year old have been left alone in the flat since yesterday",
        "boy with a knife in his bag says he'll use it after school",
        "15 yo hasn't come home and isn't answering her phone",
        "toddler with a burn that hasn't been treated, parents refusing to take her to A&E",
        "she's too scared to go home tonight",
    ],
)
def test_the_rules_flag_a_child_at_risk_now(text: str) -> None:
    assert matching_rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "the audit case was about sexualised behaviour",
        "how do we plan for exploitation risk?",
        "last year a pupil disclosed abuse and I wasn't sure who to tell",
        "in supervision I want to reflect on a self-harm case that is now closed",
        "what does the audit say about missing from education",
        "is there training on responding to disclosures",
        "what would i do if she ever told me someone was hurting her?",  # what if, not now
    ],
)
def test_the_rules_leave_reflective_talk_alone(text: str) -> None:
    assert matching_rules(text) == []


def test_a_low_confidence_classifier_cannot_out_vote_a_rule() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.9},
        {"name": "describe_emotional_toll", "confidence": 0.35},
    ]
    assert is_flagged("she has just disclosed that dad hit her this morning", ranking, 0.5)


def test_the_classifier_layer_flags_what_rules_miss() -> None:
    text = "a kid in my class is terrified of what will happen when he gets in tonight"
    assert not matching_rules(text)
    assert is_flagged(text, [{"name": RISK_INTENT, "confidence": 0.8}], 0.5)
    assert not is_flagged(text, [{"name": RISK_INTENT, "confidence": 0.3}], 0.5)


@pytest.mark.parametrize(
    "text",
    [
        "she is 15",
        "she's 15 btw",
        "her brother is 17",
        "he's 16 and lives with his nan",
        "lives with mum, her stepdad and her two little half brothers",
        "and mum had a baby in the summer so its a busy house",
        "shes late most mornings at the new school",
        "The child is a 9 year old boy and the school raised worries about neglect",
        "three missing episodes this term, each time found at a friends flat",
        "baby 4 months, mum 19 and on her own, missed the last two developmental checks",
    ],
)
def test_the_classifier_alone_never_takes_an_ordinary_fact_for_an_emergency(text: str) -> None:
    # Confident or not, the classifier's flag needs a concern said to be happening now.
    assert not is_flagged(text, [{"name": RISK_INTENT, "confidence": 0.99}], 0.5)


@pytest.mark.parametrize(
    "text",
    [
        # Ages, family members, school and health facts, and single alarming words.
        "she is 15",
        "14yo",
        "aged 15",
        "her brother is 17",
        "he's 16 and lives with his nan",
        "mum had her second baby 3 weeks ago, older one is 2, dad works nights",
        "a DSL here: the pupil is late every day",
        "can you refer this family to CSC, the child is 8, neglect concerns, not urgent",
        "its not urgent at all, i just wonder if i should be asking her more about the ex",
        "there was a CP plan when she was little but that closed years ago",
        "there were DV concerns with her ex but that was closed in 2019 and hes not on the scene",
        "missing",
        "knife",
        "rope",
        "alone",
        "mum says she lives alone with the baby",
        "the rope swing at the park has been taken down by the council",
        "in the exercise the boy has a knife in his bag, what does the DSL do first?",
        "one unauthorised absence this half term for a family wedding",
        "the girl has a part in a school play about a missing child",
        "I'm shattered, this week has absolutely killed me",
        # a supervision plan (a trial's false alarm): "cut off" from support is no threat
        "keep him at the hostel for now bc moving him would cut him off from key worker + football",
    ],
)
def test_no_rule_fires_on_an_ordinary_fact_or_a_single_word(text: str) -> None:
    assert matching_rules(text) == []


def test_a_risk_in_the_last_sentence_of_a_long_description_is_caught() -> None:
    text = (
        "Health visitor. Family of four, we had concerns last year about the flat but the case "
        "closed in the spring and the supervision notes say mum is coping. The older child is "
        "3 and doing well at nursery, dad works away. When I arrived today mum could not be "
        "woken and the baby is alone with her in the bedroom."
    )
    assert matching_rules(text)


def test_framing_in_one_sentence_does_not_silence_a_risk_in_another() -> None:
    assert matching_rules(
        "In supervision last month we talked about this family. He has just told me his dad "
        "hit him this morning and he has to go home at 3."
    )
    # ... but a message framed as a whole as training stays unflagged.
    assert not matching_rules(
        "Training scenario for our team: a pupil tells you dad hit her this morning."
    )


def test_a_message_the_classifier_alone_ranked_as_a_risk_loses_the_risk_intent() -> None:
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "she's 15 btw"})
    ranking = [
        {"name": RISK_INTENT, "confidence": 0.9},
        {"name": "describe_victim_moved_school", "confidence": 0.06},
        {"name": "describe_vague_explanation", "confidence": 0.04},
    ]
    message.set("intent", ranking[0])
    message.set("intent_ranking", ranking)
    [out] = ImmediateRiskScreen({"intent_threshold": 0.5}).process([message])
    # Its shares of what the risk intent left, for FallbackClassifier to judge next.
    assert out.get("intent") == {"name": "describe_victim_moved_school", "confidence": 0.6}
    assert [i["name"] for i in out.get("intent_ranking")] == [
        "describe_victim_moved_school",
        "describe_vague_explanation",
    ]
    assert out.get("risk_screen") == {"rules": [], "classifier": False}


def test_a_flagged_clause_flags_the_whole_message() -> None:
    parse = {
        "intent": {"name": "describe_case_drift", "confidence": 0.7},
        "intent_ranking": [{"name": "describe_case_drift", "confidence": 0.7}],
        "clauses": [
            {
                "text": "the plan has drifted for a year",
                "intent": "describe_case_drift",
                "confidence": 0.8,
            },
            {"text": "tonight the baby is alone", "intent": RISK_INTENT, "confidence": 1.0},
        ],
    }
    assert flag_from_clauses(parse)
    assert parse["intent"] == {"name": RISK_INTENT, "confidence": 1.0}
    assert [i["name"] for i in parse["intent_ranking"]] == [RISK_INTENT, "describe_case_drift"]
    calm = {"intent": {"name": "describe_case_drift", "confidence": 0.7}, "clauses": []}
    assert not flag_from_clauses(calm)


@pytest.mark.parametrize(
    ("text", "routes"),
    [
        (
            "dad is outside the childrens centre right now drunk, shouting hes taking the baby",
            ["emergency", "dsl", "childrens_social_care", "out_of_hours"],
        ),
        (
            # Social care and the police are the route themselves: no "tell your DSL".
            "police here, we're at a flat where a 2 yr old has been left on her own all night",
            ["emergency", "childrens_social_care", "out_of_hours"],
        ),
        (
            "social worker here, dad has just rung to say he is taking the kids tonight",
            ["emergency", "childrens_social_care", "out_of_hours"],
        ),
        (
            "im a TA in year 3. a girl just showed me burns on her arm",
            ["emergency", "dsl", "childrens_social_care", "out_of_hours"],
        ),
        (
            "GP here, 8 yr old with fresh bruises, mum is taking him home now",
            ["emergency", "dsl", "childrens_social_care", "out_of_hours"],
        ),
        (
            "a colleague at the nursery has been rough with a toddler, do i go to the LADO",
            ["emergency", "dsl", "lado", "childrens_social_care", "out_of_hours"],
        ),
        (
            "one of our sports coaches has been messaging a 12 year old on snapchat late at night",
            ["emergency", "dsl", "lado", "childrens_social_care", "out_of_hours"],
        ),
        (
            "a girl told her teacher that her uncle hits her every night",
            ["emergency", "dsl", "childrens_social_care", "out_of_hours"],
        ),
    ],
)
def test_the_routes_follow_what_the_message_says(text: str, routes: list) -> None:
    assert routes_for(text) == routes


def test_button_payloads_are_not_screened() -> None:
    assert not is_flagged('/choose_theme{"theme":"cse_management"}', [], 0.5)


def test_the_component_forces_the_intent_with_full_confidence() -> None:
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "a child has just told me she is being hurt at home tonight"})
    message.set("intent", {"name": "nlu_fallback", "confidence": 0.4})
    message.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.4}])
    [out] = ImmediateRiskScreen({"intent_threshold": 0.5}).process([message])
    assert out.get("intent") == {"name": RISK_INTENT, "confidence": 1.0}
    assert out.get("intent_ranking")[0]["name"] == RISK_INTENT


@pytest.mark.parametrize(
    "text",
    [
        "the cricket coach keeps sending a 12 year old messages on snapchat and told her to "
        "delete the chats",
        "a 7 yo told me grandad touches her private parts when she stays over",
        "her dad has booked flights and she says they are taking her abroad to be married to a man "
        "she has never met, she is 15",
        "mums boyfriend is at the gate to collect the 3 year old and hes swaying and slurring",
        "the baby is floppy and cold to the touch and mum wont ring anyone",
        "he has been missing since yesterday morning, he is 12",
        "the foster carers partner has been sharing a bed with the 8 year old",
        "a lunchtime supervisor grabbed a year 2 by the throat today and she is still on duty",
        "there is a ten year old threatening to shoot up the school tomorrow",
        "the 4 year old says he and his sister will be on their own till mummy gets back tomorrow",
    ],
)
def test_the_rules_flag_each_kind_of_immediate_risk(text: str) -> None:
    # Sexual abuse, forced marriage, an unsafe adult collecting, a child in danger at home,
    # missing, a staff member harming or grooming a child, a threat, young children alone.
    assert matching_rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "the cricket coach keeps sending a 12 year old messages on snapchat and told her to "
        "delete the chats",
        "the foster carers partner has been sharing a bed with the 8 year old",
        "a lunchtime supervisor grabbed a year 2 by the throat today and she is still on duty",
    ],
)
def test_a_concern_about_someone_who_works_with_children_names_the_lado(text: str) -> None:
    assert "lado" in routes_for(text)


# Ordinary answers inside a guided supervision, seen as false alarms in a practitioner trial,
# and everyday phrases that borrow alarming words.
TRIAL_ANSWERS = [
    "ok so its a 6 year old, lives with mum and her new partner in a flat, school have raised that "
    "he's got bruises on his arms twice this term, mum says hes clumsy. we did a home visit and it "
    "seemed ok",
    "plan is to see him alone at school this week and get a paediatric view of the bruises, and "
    "check the partner out with the LADO. by friday",
    "see child alone at school, practitioner, by friday",
    "13 yr old with low mood and some self harm (superficial cutting, healed). were closing the "
    "case - do i need to let anyone know",
    "I'm drowning in paperwork this week",
    "my manager will kill me if I miss the deadline again",
    "our team is missing a manager at the moment so supervision keeps getting cancelled",
    # practitioner trial 3 and the story tests
    "i said that already, I'm the DSL. she's not in danger right now, this is supervision",
    "she's not in danger right now, I just want to think about the plan",
    "Nobody really asked dad why the toddler had a bruise, we just took his word for it",
]


@pytest.mark.parametrize("text", TRIAL_ANSWERS)
def test_ordinary_supervision_answers_are_not_emergencies(text: str) -> None:
    # As the channel screens them: the whole message and each clause, with the classifier as
    # sure as it can be that each is a risk; neither layer may flag.
    for part in [text, *split_clauses(text)]:
        assert not is_flagged(part, [{"name": RISK_INTENT, "confidence": 0.99}], 0.3), part


def test_a_denial_followed_by_harm_now_is_still_flagged() -> None:
    assert matching_rules("mum says she is not in danger but he is hitting her right now")


def test_a_safeguarding_lead_is_not_told_to_tell_their_safeguarding_lead() -> None:
    text = (
        "I'm the DSL. a 15 year old told me her mum's boyfriend hit her last night and she's "
        "scared to go home"
    )
    assert "dsl" not in routes_for(text) and "emergency" in routes_for(text)
    assert "dsl" in routes_for(text.replace("I'm the DSL", "I'm her teacher"))


# Round 3 (issue 18): the patterns behind round 2's held-out misses, each written here in other
# words than the sets' messages, and a benign look-alike for each.
@pytest.mark.parametrize(
    "text",
    [
        # violence to a parent with the children there, a threat to finish someone off
        "dad has his hands round mum's neck in the hallway right now and the toddler is watching",
        "he just threw a plate at her while she was feeding the baby",
        "her ex has just texted that he's coming over now to finish her off",
        "mum's ex is outside with a baseball bat and the children are in the front room",
        "there's banging and screaming coming from upstairs and a child shouting help",
        # young children with no adult
        "the three year old and his baby sister say daddy went out and nobody is home",
        "a toddler on its own in a parked car, no sign of a parent",
        "a newborn has been left on the doorstep of the church in a car seat",
        # whereabouts unknown now
        "we can't find the 5 year old, she was by the slide a minute ago",
        "the 7 yo never got to school and nobody knows where he is",
        "our 15 yo resident wasn't in his room this morning and his window is open",
        "4 yr old missing from our library trip, been gone 20 minutes",
        # self-harm
        "year 8 boy has just cut his wrists in the changing rooms",
        "she messaged me she's heading to the railway and wants it all to end",
        # exploitation
        "a year 10 says he owes the olders money and they're waiting outside the gates for him",
        "a girl in year 9 is in a car with two men she doesn't know, she just messaged her mate",
        "she's on a webcam being live streamed to men right now",
        "mum's boyfriend is 'selling' the 13 year old to his friends tonight",
        # injuries
        "10 week old at the clinic has bruises on both arms and mum can't explain them",
        "dental nurse: the four year old has bite marks on her back and dad wants to leave",
        "the ten year old has a bloody nose, says dad did it and she won't go back",
        # an abuser back, an unsafe collection, a child pregnant by an adult at home
        "the man who hit her is back at the flat tonight with the kids",
        "grandad turned up to collect the boys, he isn't on the list and is a registered sex "
        "offender",
        "she's 14 and says her mum's boyfriend got her pregnant",
        # harm in new words
        "one of our nursery staff has just dragged a 3 year old across the room by her arm",
        "a support worker just shook a 4 year old because he wouldn't sit down",
        "he's been making her sleep in the garden shed and says he'll put her back out there "
        "tonight",
        "mum is injecting heroin in the living room and the 2 year old is crawling round needles "
        "on the floor",
        "she's marrying her cousin next week and the family say she'll be disowned if she says no",
    ],
)
def test_the_rules_flag_a_concern_happening_now_in_other_words(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "it's her 8th birthday on sunday and mum's throwing a party",
        "I can't find the child's file on the system",
        "couldn't find her number on the database",
        "mum went out to work and nan looks after the kids after school",
        "mum went out last night and the neighbour babysat the kids",
        "the 5 year old is scared of needles at the GP",
        "he shook hands with the head teacher",
        "the bus didn't turn up so he was late",
        "the kids were alone with me for a few minutes while mum took a call",
        "baby is 6 weeks old and feeding well",
        "the 6 week old had a bruise that was checked by the paediatrician and explained",
        "Baby was brought in at 3 months with a torn frenulum.",
        "mum is 24 and pregnant, the father is her 35 year old partner",
        "she was pregnant at 15 and the father was her 16 yo boyfriend, the baby is 2 now",
        "the 6 yo with a broken arm wants to go back to football",
        "she won't go back to sleep after her nightmares",
        "mum is injecting her insulin in the kitchen",
        "the caretaker is locking the doors tonight",
        "the TA was touching the screen to show the class",
        "dad has a hammer in his toolbox and is fixing the shelf today",
        "he's selling his old xbox to his mates tonight",
        "mum is working in a hotel this evening",
        "there's screaming in the playground every break, year 2 are a handful",
        "nobody knows where he is living now, dad left years ago",
        "he cut his arm on the fence yesterday, it's healing",
        "we were walking to the station and she said she was tired",
        "the 7 year old feels abandoned since dad left",
        "mum is trying to pay off her debts, rent is due tonight",
        "he owes the school £20 for the trip",
        "the perpetrator is in prison and not due out till 2028",
        "she's on a CP plan for emotional abuse, core group next tuesday",
        "the 11 yo who ran off yesterday was found at his friend's house within the hour",
        "we've got a knife amnesty bin going in at the community centre",
        "the residential worker is restraining herself from saying too much in meetings",
        "we're doing a fire drill this afternoon",
    ],
)
def test_no_rule_fires_on_a_look_alike_of_the_new_patterns(text: str) -> None:
    assert matching_rules(text) == [], text


def test_a_fire_drill_is_no_concern_for_the_classifier_layer() -> None:
    assert not is_flagged(
        "fire drill today, all kids out in 2 minutes",
        [{"name": RISK_INTENT, "confidence": 0.99}],
        0.3,
    )


@pytest.mark.parametrize(
    "text",
    [
        "a colleague has just shoved a 5 year old into the wall",
        "the PE teacher had his hand up a year 9 girl's top in the cupboard",
        "a leader from the after school club is sharing a bed with a 9 yo on the trip tonight",
        "the foster carers' adult son has been getting into her bed",
        "the agency nurse locked a 15yo in her room without food last night and is on shift again",
        "childminder is drunk right now with 4 toddlers",
        # named in one sentence, seen doing it in a later one
        "I'm a TA. The teacher I work with is lovely with everyone. Today I saw her slap a year 1 "
        "boy and lock him in the store room.",
    ],
)
def test_the_lado_is_named_for_someone_who_works_with_children(text: str) -> None:
    assert "lado" in routes_for(text)


@pytest.mark.parametrize(
    "text",
    [
        # The staff member is the one told, or the practitioner's own role.
        "this afternoon the boy told his teacher the man hurts him and he's scared to go home",
        "dad came to parents evening and told the teacher he'd 'snap the boy's neck', they're "
        "leaving together now",
        "I'm a teacher. A girl in my class told me her stepdad hits her every night",
        "14:20 on visit. Father refuses to let him be seen by a doctor and is now blocking the "
        "door.",
    ],
)
def test_the_lado_is_not_named_for_a_family_members_harm(text: str) -> None:
    assert "lado" not in routes_for(text)


def test_asking_what_to_do_does_not_hide_a_disclosure_told_beside_it() -> None:
    text = "what should i do if she discloses again? she told me today her uncle touched her"
    assert matching_rules(text)


# Round 4 (issue 18): the patterns behind round 3's held-out misses and the trials' misses, each
# written here in other words than the sets' messages, and a benign look-alike for each.
@pytest.mark.parametrize(
    "text",
    [
        # sexual abuse named as inappropriate touching (a trial's miss, typed mid-questions)
        "the coach touches the kids inappropriately",
        "a dinner lady keeps touching the year 2 girls inappropriately at lunch",
        # marks from an implement, a child tied up, a face held under water, locked out
        "she came in with cable marks on her legs and says mum will do it again when she gets back",
        "he told me his stepdad ties him to the radiator when he's naughty",
        "the nursery worker has just pushed the baby's face into the water tray to stop him crying",
        "mum has locked him out of the house in his pyjamas and he's on the doorstep now",
        # a threat to come for someone, or to do worse
        "dad said he'll do worse to her when she gets in tonight",
        "they told him they'll come for his mum if he doesn't deliver the bag",
        # criminal and sexual exploitation
        "he's being made to run their phone line from a flat in Luton and they won't let him go",
        "the older lads have her in a flat bagging up and she's messaged me for help",
        "a 13 yo says she's seeing a 26 year old and he's picking her up from school today",
        "two lads in a car outside keep ringing him, he says he has to go and sell for them now",
        "an older bloke online is telling her to meet him at the station tonight",
        "he's threatening to post her nudes on snapchat unless she sends more",
        # self-harm and suicide
        "she's left a goodbye note on her bed and isn't answering her phone",
        "a boy is stood on the ledge of the bridge over the bypass, police on the way",
        "he says he's going to end it after school",
        "she's in the girls' loos cutting and won't open the door",
        # a weapon picked up in a rage
        "dad is swinging a golf club at the windows and the baby is in the lounge",
        "a 16yo is waving a hammer in reception shouting he'll batter someone",
        # young children abandoned, an adult in charge too drunk
        "a man dropped off two toddlers at the play centre and has driven off, no one knows him",
        "mum left her 4yo at the library an hour ago and she isn't coming back for her",
        "the nanny is off her face on something and has the 2 year old and the baby",
        # an adult partner for a child, staff alone with a child behind a shut door
        "a night carer was in the 13 yo's room with the door locked for an hour and he's still on",
        # FGM in a child's words
        "a year 4 says she is having the cut when they go to see her grandma next week",
        # an injury weeks old, still untreated
        "the 4 yo has a burn from weeks ago that is weeping and dad won't take him to the GP",
    ],
)
def test_round_4_patterns_flag_a_concern_happening_now(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        "we had training on inappropriate touching last week",
        "the swimming coach is touching up the paintwork in the changing rooms",
        "there were belt marks on the old sofa when the family moved in",
        "the boys tied him up in knots in the debate",
        "she held her head in her hands when I mentioned court",
        "mum locked herself out of the flat on monday and the landlord let her in",
        "he has to work for the council on saturdays",
        "she's seeing her 19 year old cousin at the weekend",
        "dad's new partner is 24 and moved in last year",
        "the older boys in the year group play football with him at lunch",
        "he posted photos of the school trip on instagram",
        "she wrote a goodbye card for her teacher who's leaving",
        "my manager wants to end it with the old system",
        "the kids were sitting on the edge of the pool waiting for their lesson",
        "the art group are cutting out snowflakes today",
        "dad was holding a hammer when I arrived, he was putting up shelves",
        "the youth club has a cricket bat and balls for the kids",
        "mum dropped the kids at breakfast club and went to work",
        "dad left the family home and has gone to live with his mum",
        "mum had a glass of wine with dinner while the kids were in bed",
        "the staff room door is shut during lunch",
        "she had her cut cleaned at the walk-in centre this morning",
        "the 3 year old fell and grazed his knee weeks ago and it's healed",
        "PE are doing boxing after school and the kids punch the bags",
        "our knife crime awareness workshop is on thursday",
        "I need to shoot off early today",
        "one unauthorised absence this half term for a family wedding",
        "she self harmed in year 8 and there's been nothing for over two years now",
        "he was stabbed in the summer and the YOT and police are working with him, he's doing "
        "well now",
        "the 2 year old had a fracture in january and is in foster care now, contact supervised",
        "we have a strategy meeting tomorrow about the bruising, he's staying with his "
        "grandparents until then",
        "sexual abuse by his uncle disclosed in june, uncle charged and remanded",
    ],
)
def test_round_4_look_alikes_are_not_flagged(text: str) -> None:
    assert matching_rules(text) == [], text
    assert not is_flagged(text, [{"name": RISK_INTENT, "confidence": 0.99}], 0.5), text


@pytest.mark.parametrize(
    "text",
    [
        # ongoing, already-managed child protection cases, as told in a supervision
        "the 6yo is on a CP plan for physical abuse after dad hit him, core group is on tuesday "
        "and he's living with mum now",
        "case is open to CSC, he's on a CIN plan after the disclosure in september, police "
        "investigation ongoing and dad is not allowed contact",
        "the 14yo who was being exploited is now in a residential placement out of area, she's "
        "settled and the NRM referral went in",
        "the 15 year old is still on a CP plan for CSE, she's stopped going missing and the older "
        "men have been served abduction notices",
        "the stepdad was arrested for hitting the 8 year old and he's on bail not to contact the "
        "family",
    ],
)
def test_an_already_managed_case_told_in_supervision_is_not_an_emergency(text: str) -> None:
    assert not is_flagged(text, [{"name": RISK_INTENT, "confidence": 0.99}], 0.5), text


def test_a_clause_keeps_the_framing_of_its_sentence_and_its_message() -> None:
    # Split at "and", a clause loses its sentence's "last year" and the message's "scenario".
    historic = "a knife was found in his bag in Year 9, he had a YOT order and did it last year"
    training = "say a toddler was found alone at home, what would we do? it's for a scenario"
    for text in (historic, training):
        parse = {
            "text": text,
            "intent": {"name": "describe_case_drift", "confidence": 0.7},
            "clauses": [
                {"text": clause, "intent": RISK_INTENT, "confidence": 1.0}
                for clause in split_clauses(text)
            ],
        }
        assert parse["clauses"] and not flag_from_clauses(parse), text
    # ... unless the clause says of itself that it is now.
    text = "last year she went missing a lot and tonight she's missing again"
    now = {
        "text": text,
        "intent": {"name": "describe_case_drift", "confidence": 0.7},
        "clauses": [
            {"text": "tonight she's missing again", "intent": RISK_INTENT, "confidence": 1.0}
        ],
    }
    assert flag_from_clauses(now)


@pytest.mark.parametrize(
    "text",
    [
        "nursery practitioner: I've just watched a colleague hold a baby's head under the tap",
        "a 14yo patient says her music tutor has been sexting her and is coming round tonight",
        "one of the night staff at the unit turned up drunk and is in a girl's room with the door "
        "shut",
        "a year 9 is showing me texts from our deputy head saying he loves her and will pick her "
        "up tonight",
        "the scout leaders sleep in the boys' tents and one of them gets into his sleeping bag",
        # a child in a placement, harmed by the carers (called auntie and uncle)
        "He's settled with his foster carers and doing well. But today he said Uncle Tom burns his "
        "hand on the kettle when he's naughty.",
    ],
)
def test_round_4_the_lado_is_named_for_someone_who_works_with_children(text: str) -> None:
    assert "lado" in routes_for(text), text


@pytest.mark.parametrize(
    "text",
    [
        # The staff member only passes it on; the carer is the one writing; a birth parent harms.
        "youth worker just rang, a girl is at the centre now with belt marks and says her uncle "
        "did it",
        "foster carer here, the 15 yo has just come home stabbed in the leg",
        "she's in foster care and came back from contact today saying her dad hit her",
    ],
)
def test_round_4_the_lado_is_not_named_for_anyone_else(text: str) -> None:
    assert "lado" not in routes_for(text), text


def test_a_practice_with_a_safeguarding_lead_is_still_told_to_go_to_them() -> None:
    text = "dental nurse: the 5 year old has an infected cut dad won't get seen. The practice has "
    text += "a safeguarding lead"
    assert "dsl" in routes_for(text)


@pytest.mark.parametrize(
    "text,flagged",
    [
        # a supervisor trial's false alarms: seeing a child on their own is direct work
        ("sw to see 6yo alone at school within 2 weeks", False),
        ("ask mum how shes coping, and speak to the 9yo on his own in school", False),
        ("havent spoken to the 6yo alone yet", False),
        ("seen alone at school twice by me", False),
        # children on their own, seen or told of, are still flagged
        ("i saw the kids on their own at the park at 11pm, no adult around", True),
        ("i can see the toddler alone on the balcony right now", True),
        ("mum left the 3yo on his own and went to the shop, hes there now", True),
    ],
)
def test_seeing_a_child_on_their_own_is_not_a_child_left_alone(text: str, flagged: bool) -> None:
    assert ("young_children_alone" in matching_rules(text)) is flagged


# Round 5 (issue 18): the patterns behind round 4's held-out misses and false alarms and a
# practitioner trial's, each written here in other words than the sets' messages, with benign
# look-alikes.
@pytest.mark.parametrize(
    "text",
    [
        # harm in other words: grabbed by the hair, thrown against something, a child crying "help"
        "on a visit right now and the stepdad grabbed the 4 yo by the hair and threw her against "
        "the wall",
        "neighbour says she can hear a child screaming 'help' from the flat upstairs",
        "school nurse: the 8 yo has just shown me new bruises all over his legs",
        # a child of 15 or under with an adult partner, with no time word (a trial's miss)
        "GP. a year 9 girl came in for the morning after pill and mentioned her boyfriend is 23",
        "youth worker. one of our 14 yr olds said she's seeing a man in his 30s who buys her vapes",
        "14 year old at our drop in keeps getting picked up after school by a guy in his twenties",
        # exploitation: waiting outside school, a phone and a ticket, a debt to work off
        "a man has been sitting in a car outside school waiting for the 12 yr old again today",
        "the 14 yo rang me, an older lad gave him a phone and a train ticket and told him to go to "
        "Southend",
        "he owes money to the dealers and says they've told him to work it off this weekend",
        "our 13 yr old was seen in a car with the man from the MASE list about twenty minutes ago",
        # grooming: a meeting arranged at the adult's place, a pretext in quotes
        "a 13 yr old showed me messages from a man on insta who has arranged to meet her at his "
        "flat on saturday",
        "the football coach has been messaging a year 8 on snapchat and is picking him up for "
        "'extra training' at his house tonight",
        "a pupil has just told me the PE teacher kisses her after her lessons",
        # self-harm: a farewell from a height, something round the neck, a train, a razor
        "the 16 yo just posted a photo of the railway bridge saying tonight's the night",
        "a 14 yr old on the phone says she's put a belt round her neck",
        "he texted me that he's going to jump in front of the next train",
        "she's in her room with a razor and says she can't see the point anymore",
        "he's just sent a video from the roof of a tower block saying sorry to everyone",
        # a young child minding a baby with no adult there
        "the 8 yr old rang, mum's not back and she's looking after her baby brother",
        "its 2am and the 9 year old is minding the twins",
    ],
)
def test_round_5_patterns_flag_a_concern_happening_now(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        # a service's name, a placement made; a scene imagined for training
        "the emergency duty team placed the children with their aunt overnight",
        "if a year 10 told you she was going to run away tonight what would you do? it's for our "
        "staff briefing",
        "imagine a toddler is found alone in a car this afternoon, what are the steps",
        "none of the children are at risk right now, the concern is drift",
        "she was referred by the school nurse because she told a friend about the bruises, s47 "
        "done, nfa",
        "the 6 yo watches home alone 3 on repeat",
        # an adult partner of a parent or a sibling, and a known situation brought to supervision
        "mum's partner is 24 and the 13 yr old says she gets on with him fine",
        "she's 14, her sister is 20 and her sister's boyfriend is 25",
        "her boyfriend is 25 and picks her up, it's fifteen minutes away",
        "her mum's new boyfriend is 29 and she's 15, school say attendance is fine",
        "13 yr old girl, boyfriend is 19, mum doesnt see a problem with it, school worried about "
        "her attendance",
        # a parent's flat, a child helping with a baby with an adult there, peers, words alone
        "the 12 yo goes to his dad's flat at the weekend, they message each other every day",
        "the 10 yo helps look after the baby when nan is there",
        "older boys from the estate hang around the youth club, nothing specific",
        "he has a paper round and owes his mum money for his phone",
        "she said she doesn't see the point of maths",
        "in our lessons on online safety the year 8s talked about strangers asking to meet",
        "Nothing live here, I'm just trying to work out what I'd push for now on risk outside the "
        "home",
    ],
)
def test_round_5_look_alikes_are_not_flagged(text: str) -> None:
    assert matching_rules(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        # A supervisor trial's two safety messages on a known child-protection case: what still
        # goes on in a known case is what the plan is for.
        "known CP case, two children on plans under neglect and emotional abuse, mum still "
        "drinking most days",
        "the 6 yo is on a child protection plan under physical abuse, dad still has contact every "
        "weekend",
        "we have a core group next week, mum is still letting the boyfriend stay over even though "
        "he hit her",
        "the CP plan is for physical abuse and the 9 yo still has bruises sometimes",
    ],
)
def test_a_known_case_told_in_supervision_is_not_an_emergency(text: str) -> None:
    assert not is_flagged(text, [{"name": RISK_INTENT, "confidence": 0.9}], 0.5), text


@pytest.mark.parametrize(
    "text",
    [
        # ... but what has happened in it since is
        "she's on a CP plan and has just told me dad hit her again last night",
        "known CP case, the 6 yo came in today with a new bruise on her face and won't say why",
        "our 12 yr old on a cp plan walked out of school at lunch and nobody knows where he is",
    ],
)
def test_what_happens_in_a_known_case_since_is_still_flagged(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text,lado",
    [
        (
            "a pupil just told our TA that her mum's friend touches her and he's collecting her "
            "today",
            False,
        ),
        ("a boy from our football club has just messaged me saying his brother hits him", False),
        (
            "the night worker on shift tonight is the one the girls said has been going into their "
            "rooms",
            True,
        ),
        (
            "we had a supply teacher last term. Today a year 8 showed me that he's been dming "
            "her and wants to meet",
            True,
        ),
        (
            "after contact today he told his aunt the contact worker took him to the toilets and "
            "touched him",
            True,
        ),
    ],
)
def test_round_5_the_lado_is_named_only_for_someone_who_works_with_children(
    text: str, lado: bool
) -> None:
    assert ("lado" in routes_for(text)) is lado, text


def test_a_deputy_safeguarding_lead_is_told_to_go_to_the_lead() -> None:
    text = "I'm the deputy DSL, the head is out. a year 6 has just told me dad hit her last night"
    assert "dsl" in routes_for(text)


@pytest.mark.parametrize(
    "text,clause,framed",
    [
        # a child found or come home: when they went missing is not now
        (
            "she went missing yesterday but came home at 11pm, police did a safe and well check",
            "she went missing yesterday",
            True,
        ),
        (
            "the child was reported missing last night and found this morning by police",
            "the child was reported missing last night",
            True,
        ),
        # ... but a child still missing is
        (
            "she went missing last night and still has not come home",
            "she went missing last night",
            False,
        ),
    ],
)
def test_a_child_found_frames_the_clause_saying_when_they_went(
    text: str, clause: str, framed: bool
) -> None:
    assert clause_framed(text, clause) is framed


def test_a_high_risk_grading_is_no_concern_for_the_classifier_layer() -> None:
    text = "should we still be treating him as high risk in our records"
    assert not is_flagged(text, [{"name": RISK_INTENT, "confidence": 0.9}], 0.5)
    assert is_flagged(
        "mum is still high and the baby is with her",
        [{"name": RISK_INTENT, "confidence": 0.9}],
        0.5,
    )


@pytest.mark.parametrize(
    "text",
    [
        # seen or heard as it happens; still going on; someone trying to take a child
        "I'm at the window and I can see the boyfriend smacking the 3 yo round the head",
        "there's a woman on the bus punching a little boy and nobody is doing anything",
        "dad is holding the baby under the cold tap and she won't stop screaming",
        "school rang me just now - mum's ex has turned up at the gate and hit the 7 yo",
        # gone off with someone; no sighting since; out of a window at night
        "our year 8 just got into a van with two older men, they've driven off towards the A12",
        "the 12 yo in the children's home went missing around 9pm last night",
        "the 10 yo left for school and nobody has seen him since",
        "carer rang, the 13 yo has climbed out of her bedroom window and gone",
        "he texted a picture of the canal and says sorry for everything",
        "she has messaged me that she's taken everything in mum's medicine cupboard",
        # weapons beyond a knife or a gun, held to someone
        "the 15 yo has a pistol in his rucksack and says he's meeting the other lot after school",
        "he's holding a kitchen knife to her throat and the children are upstairs",
        "a year 11 has an axe in his bag and is waiting by the gate",
        # young children left: dropped and gone; nobody there; a pan smoking
        "mum dropped the 5 yo and his sister at the club at 6am and drove off, no staff around yet",
        "through the window I can see the toddler alone in the kitchen and the hob is smoking",
        "the night worker has been messaging a 14 yo girl that he will come to her room later",
        "police officer here, the 13 yo is on a train on his way to a county line flat now",
        # a managed phrase does not frame what still goes on after it
        "she's been excluded and has been missing since yesterday",
        "parents have been contacted but nobody knows where she is",
        "the 5 yo has been left alone since last week",
        "police are involved but she is still missing tonight",
    ],
)
def test_round_6_patterns_flag_a_concern_happening_now(text: str) -> None:
    assert matching_rules(text), text


@pytest.mark.parametrize(
    "text",
    [
        # benign uses of alarming words (the classifier layer's too)
        "the suicide prevention leaflets arrived today",
        "she's been missing PE every friday because of her asthma clinic",
        "he got hit by a netball at break, first aid given, parents informed",
        # already managed: seen, back, taken away, protection in place, excluded
        "the 15 yo took an overdose at the weekend, she's on the paediatric ward and CAMHS have "
        "seen her",
        "she's back home now, the return interview is on thursday",
        "the police took him away and there is a non molestation order in place now",
        "the knife was handed in, he has been excluded and YOT are now involved",
        "police seized the gun on friday and he was remanded",
        "the 5 yo who was left alone last week is now with her nan",
        # seeing a child alone as direct work is still not a child left alone
        "the plan is to see the twins alone at nursery next week",
        # seeing and hearing as understanding; the case in front of us; behaviour and toys
        "I can see why mum was hurt by what the school said",
        "we can see the pattern of abuse in the chronology",
        "the abuse case in front of us at panel has no lead",
        "he won't stop talking about his kick-boxing class",
        "there's a boy in year 6 kicking off every lunchtime",
        "the 4 yo was holding a toy gun in the photo",
        "mum puts him under the shower every night to calm him",
        # ordinary days: dropped at school, no one to help, an apology, a worker's own state
        "mum dropped the kids at school and went to work",
        "there is no one around to help mum with the kids",
        "mum said sorry for everything at the meeting",
        "I'm on the edge of burnout now",
        "the night worker sent him to his room tonight",
        # a habit of reporting, not a child missing now
        "the carers get him reported missing every time he is late back",
    ],
)
def test_round_6_look_alikes_are_not_flagged(text: str) -> None:
    assert not is_flagged(text, [{"name": RISK_INTENT, "confidence": 0.9}], 0.5), text


def test_what_a_flagged_message_says_beside_its_risk_leaves_the_risk_out() -> None:
    text = (
        "Quick one first - the 6 yo has just told me dad burnt her hand on the cooker. "
        "Background: we have had three agencies each waiting for the other to lead, and nobody "
        "has chaired a meeting since the spring."
    )
    beside = beside_the_risk(text)
    assert "burnt" not in beside and "nobody has chaired a meeting" in beside
    # a clause the screen flagged goes with its sentence, whatever the rules say of it
    assert "agencies" not in beside_the_risk(text, ["we have had three agencies each waiting"])
    # a short emergency leaves nothing
    assert beside_the_risk("the 3 yo has just been left alone in the flat") == ""
