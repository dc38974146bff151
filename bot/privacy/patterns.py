"""The UK details no library recognises, as regular expressions: dates (in figures and in
words), e-mail addresses (also written "j.smith (at) example (dot) org"), postcodes, street
addresses and flats, and names signalled by a title, "called ...", or a relationship.

Each pattern is (entity, regex, group holding the detail, case-sensitive?).
"""

from __future__ import annotations

from typing import Sequence, Tuple

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat)"
    r"\.?,?\s+(?:the\s+)?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNDER_100 = rf"(?:{_TENS}(?:[\s-]+{_UNITS})?|{_TEENS}|(?:oh[\s-]+)?{_UNITS})"
# "twenty fifteen", "twenty twenty-one", "nineteen ninety", "two thousand and nine"
_YEAR_IN_WORDS = (
    rf"(?:(?:nineteen|twenty)[\s-]+{_UNDER_100}|two[\s-]+thousand(?:(?:\s+and)?\s+{_UNDER_100})?)"
)
_ORDINAL_UNITS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_ORDINAL_IN_WORDS = (
    rf"(?:(?:twenty|thirty)[\s-]+{_ORDINAL_UNITS}|{_ORDINAL_UNITS}|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"thirtieth)"
)
_ANY_YEAR = rf"(?:{_YEAR}|{_YEAR_IN_WORDS})"
# "May" and "March" are a verb as often: as a month without a year only before no verb.
_NOT_A_VERB_AFTER = (
    r"(?!\s+(?:be|have|not|need|want|go|come|get|know|also|well|still|or|do|on|in|to|through|"
    r"past|off|out|up|down|into)\b)"
)
# What a number after a month counts when it is no day: "March 3 times", "June 2 kids".
_NOT_A_DAY_AFTER = (
    r"(?!\s*(?:%|x\b|times?|years?|yrs?|months?|weeks?|wks?|days?|kids|children|hours?|hrs?|"
    r"mins?|am|pm|o'clock|of|and|or|to|-)\b)"
)
# "called me", "called her back": not a name.
_NOT_A_PRONOUN = (
    r"(?!(?:me|him|her|them|us|you|it|back|again|the|a|an|to|about|in|on|for|from|by|at|"
    # "the school called when they did": what follows a call, not whom
    r"when|while|if|because|after|before|as|and|but|so|this|that|today|yesterday|tonight|"
    r"earlier|later|twice|once|round|over|up|out|off|everyone|someone|no-one|nobody|"
    # "the police were called four times": how often, not whom
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|"
    r"multiple|numerous|loads|lots|dozens|hundreds|countless|repeatedly|regularly|every|all)\b)"
)
_STOP = r"(?!(?:in|the|at|to|of|for|with|and|on|a|an|my|our|her|his|their|from)\b)"
_STREET = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|cl|court|ct|way|drive|dr|place|pl|gardens|"
    r"gdns|row|terrace|crescent|cres|grove|square|sq|walk|mews|hill|park|rise|house|green|"
    r"parade|yard|view|gate|wharf|path|tower|point|heights|mansions|buildings|estate|fields|"
    r"passage|lodge|quay|market|circus|approach|side|vale|croft|mead|mount|broadway|boulevard|"
    r"embankment|villas|cottages|grange|meadows?|orchard|dene|wynd|hollow|common|hostel|site)"
)
# A home inside a building: "Flat 11", "Room 2" (a hostel or a B&B), "Unit 4b", "Pitch 7" (a
# travellers' site), "ground floor flat".
_FLOOR = r"(?:ground|first|second|third|top|basement)\s+floor\s+flat"
_HOME = rf"(?:(?:{_FLOOR},?\s+)?(?:flat|apartment|apt|unit|room|pitch|plot)\s+\d+[a-z]?|{_FLOOR})"
# A named block before its street: "Alder House, 2 Thornbury Way", "Parkview Hostel, 88 ..."
_BLOCK = (
    r"(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
    r"(?:house|court|lodge|tower|point|heights|mansions|hostel)"
)
# A named block, street or estate after a comma, continuing an address: "10 Brindle Court,
# Coldharbour Estate", "Flat 12, Ashcombe Point, Yarrow Road", "Flat 9, Ashcombe Point, 3
# Yarrow Road".
_MORE_OF_AN_ADDRESS = (
    rf"(?:,\s*(?:\d{{1,4}}[a-z]?\s+)?(?:{_STOP}[a-z][a-z'\-]+\s+){{1,3}}{_STREET}\b)*"
)
# The UK's postcode areas (Royal Mail): a postcode typed in lower case with no space
# ("e12da", "se157qr") is one only when its area is one and its last letters can be (never
# C, I, K, M, O or V): not a reference like "ab12cd" or "k08t00".
_POSTCODE_AREAS = (
    "ab", "al", "b", "ba", "bb", "bd", "bh", "bl", "bn", "br", "bs", "bt", "ca", "cb", "cf",
    "ch", "cm", "co", "cr", "ct", "cv", "cw", "da", "dd", "de", "dg", "dh", "dl", "dn", "dt",
    "dy", "e", "ec", "eh", "en", "ex", "fk", "fy", "g", "gl", "gu", "hd", "hg", "hp", "hr",
    "hs", "hu", "hx", "ig", "ip", "iv", "ka", "kt", "kw", "ky", "l", "la", "ld", "le", "ll",
    "ln", "ls", "lu", "m", "me", "mk", "ml", "n", "ne", "ng", "nn", "np", "nr", "nw", "ol",
    "ox", "pa", "pe", "ph", "pl", "po", "pr", "rg", "rh", "rm", "s", "sa", "se", "sg", "sk",
    "sl", "sm", "sn", "so", "sp", "sr", "ss", "st", "sw", "sy", "ta", "td", "tf", "tn", "tq",
    "tr", "ts", "tw", "ub", "w", "wa", "wc", "wd", "wf", "wn", "wr", "ws", "wv", "yo", "ze",
)  # fmt: skip
_UNIT_LETTERS = "[abd-hjlnp-uw-z]"

# Who a person is to someone: "her son Tariq", "dad bilal macleod" (also read by names.py).
RELATIONS = (
    "mum", "mother", "mam", "dad", "father", "son", "daughter", "brother", "sister", "stepdad",
    "step-dad", "stepmum", "step-mum", "nan", "gran", "grandma", "grandad", "grandson",
    "granddaughter", "nephew", "niece", "cousin", "aunt", "auntie", "uncle", "partner",
    "boyfriend", "girlfriend", "carer", "child", "boy", "girl", "baby", "pupil", "student",
    "sibling", "teacher", "nurse", "worker", "colleague", "friend", "bf", "gf", "bff", "mate",
    "neighbour", "stepbrother", "stepsister", "step-brother", "step-sister", "half-brother",
    "half-sister", "nana", "nanna", "nanny", "granny", "grandmother", "grandfather", "grandpa",
    "husband", "wife", "ex", "fella", "fiance", "fiancé", "lodger", "daddy", "mummy",
    "person", "yp", "lad", "kid",
)  # fmt: skip
_RELATION = rf"(?:{'|'.join(RELATIONS)})"
# A capitalised name, in any alphabet's letters: "Okafor", "McCarthy", "O'Brien", "Aydın"
_NAME = r"(?:(?!I['’])[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’\-](?=[^\W\d_]))+)"  # not "I'll"
# Capitalised words that label what follows a name, not part of it.
_NOT_A_LABEL = r"(?!(?:DOB|DoB|NHS|Tel|Mob|Age|Aged|Year|Flat|Address)\b)"
# Police ranks too, from constable to superintendent: "DCI Morrow", "PCSO Adeyemi"
_TITLE = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|PC|PCSO|DC|DS|DI|DCI|DSI|Det|Sgt|Insp|Supt|Cllr|Rev|Revd)\.?"
)
# E-mail, plain or written out so that a machine cannot read it.
# "@", "(at)", "[@]", "<at>", "-at-", " @ "; a plain " at " only with an ending (below).
_AT_MARKED = r"(?:\s?@\s?|\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*|\s*-at-\s*)"
_AT = rf"(?:{_AT_MARKED}|\s+at\s+)"
_DOT_WRITTEN = r"(?:\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+dot\s+|\s*-dot-\s*)"
_DOT = rf"(?:\.|{_DOT_WRITTEN})"
# The part before the "@", its dots written out too: "j dot smith at ..."
_LOCAL = rf"(?<![\w.])[a-z0-9][a-z0-9._%+\-]*(?:{_DOT_WRITTEN}[a-z0-9_%+\-]+)*"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
# With a plain " at ", the address must end like one, or "met mum at school.She" would match.
_TLD = r"(?:com|org|net|uk|gov|nhs|sch|ac|edu|co|io|info|me|biz|example|police|london)"

# Inside a surname: "Mrs da Silva", "Dr dos Santos", "Seán Ó Briain" (also read by names.py).
PARTICLES = (
    "da", "de", "del", "della", "di", "do", "dos", "das", "du", "van", "von", "der", "den",
    "ter", "le", "la", "al", "el", "bin", "ibn", "ó", "ní", "ua", "mac", "ap",
)  # fmt: skip
_PARTICLE = rf"(?i:{'|'.join(PARTICLES)})"
# A nickname is often put in quotes: "a lad called 'Ghost'", "his mate 'Smiley'".
_OPEN_QUOTE = r"['‘\"“]"
_CLOSE_QUOTE = r"['’\"”]"
# What introduces a nickname: "goes by 'Tiny' and 'T-Bone'", "known as 'Kaz'".
_GOES_BY = r"(?i:goes\s+by|go\s+by|going\s+by|known\s+as|called|named|aka|nicknamed)"
# A person in a list, by name or nickname: "Rocco", "Big T"
_ONE_OF_A_LIST = rf"{_NAME}(?:\s+{_NAME}|\s+[A-Z]\b)*"

# A UK number however it is spaced: phonenumbers splits "07700 900 536 3 times" wrongly.
_UK_PHONE = r"(?<![\d+])(?:(?:\+|00)44\s?(?:\(0\)\s?)?|0)(?:\d[\s\-]?){9}\d(?![\d\-])"

PATTERNS: Sequence[Tuple[str, str, int, bool]] = (
    ("PHONE_NUMBER", _UK_PHONE, 0, False),
    ("FULL_DATE", rf"\b{_DAY}[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:{_YEAR}|\d{{2}})\b", 0, False),
    # Month first, as in American forms and software exports: "12/25/2012"
    (
        "FULL_DATE",
        rf"\b(?:0?[1-9]|1[0-2])[/.\-](?:1[3-9]|2\d|3[01])[/.\-](?:{_YEAR}|\d{{2}})\b",
        0,
        False,
    ),
    ("FULL_DATE", rf"\b{_YEAR}[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:0?[1-9]|[12]\d|3[01])\b", 0, False),
    # Spaced as typed on a phone or read off a form: "17 . 02 . 2010", "14 05 1999" (with
    # spaces alone, only a four-figure year: "3 4 5" is no date)
    (
        "FULL_DATE",
        rf"(?<![\d.])\b{_DAY}\s+[/.\-]\s+(?:0?[1-9]|1[0-2])\s+[/.\-]\s+(?:{_YEAR}|\d{{2}})\b",
        0,
        False,
    ),
    ("FULL_DATE", rf"(?<![\d.])\b{_DAY}\s(?:0?[1-9]|1[0-2])\s{_YEAR}\b(?![.\-/]?\d)", 0, False),
    # The month as an ordinal too: "the 1st of the 10th 2014"
    (
        "FULL_DATE",
        r"\b(?:the\s+)?(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\s+of\s+the\s+(?:0?[1-9]|1[0-2])"
        r"(?:st|nd|rd|th)\b"
        rf"(?:,?\s+(?:{_YEAR}|\d{{2}})\b)?",
        0,
        False,
    ),
    # "3-Apr-2012", "03/Apr/12", "3APR2015"
    ("FULL_DATE", rf"\b{_DAY}[\-/.]?{_MONTH}[\-/.]?(?:{_YEAR}|\d{{2}})\b", 0, False),
    # "April the third, 2015", "June twenty-first twenty fifteen", "third April 2015"
    (
        "FULL_DATE",
        rf"\b{_MONTH}\s+(?:the\s+)?(?:{_DAY}|{_ORDINAL_IN_WORDS}),?\s+{_ANY_YEAR}\b",
        0,
        False,
    ),
    ("FULL_DATE", rf"\b{_ORDINAL_IN_WORDS}\s+{_MONTH},?\s+{_ANY_YEAR}\b", 0, False),
    # "Saturday 28th August 2021", "17 Feb 2025", "6 dec 15", "the 3rd of April twenty fifteen"
    (
        "FULL_DATE",
        rf"\b{_WEEKDAY}?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(?:{_ANY_YEAR}|'?\d{{2}})\b",
        0,
        False,
    ),
    # "Nov 2nd 2022", "Nov 2nd '22"
    ("FULL_DATE", rf"\b{_WEEKDAY}?{_MONTH}\s+{_DAY},?\s+(?:{_ANY_YEAR}|['’]\d{{2}})\b", 0, False),
    # A holiday with its year is a day: "on christmas day 2023", "Boxing Day, 2019"
    (
        "FULL_DATE",
        rf"\b(?:christmas\s+(?:day|eve)|boxing\s+day|new\s+year['’]?s\s+(?:day|eve)|"
        rf"valentine['’]?s\s+day|bonfire\s+night|halloween),?\s+(?:of\s+)?{_ANY_YEAR}\b",
        0,
        False,
    ),
    # "the third of April (2015 / twenty fifteen)": a day in words is a birthday even alone.
    ("FULL_DATE", rf"\b{_ORDINAL_IN_WORDS}\s+of\s+{_MONTH}(?:,?\s+{_ANY_YEAR})?\b", 0, False),
    # A day without its year, or a month with one: when something happened to a child or
    # when a baby is due ("seen on the 4th of Feb", "Friday the 8th of December", "born March
    # 2017", "on 11/9"). PARTIAL_DATE: a plan's date to come (a deadline, the next review, an
    # agreed action's) is kept (redaction.py), so that a supervision's due dates survive.
    # "4th of Feb", "4th Feb", "4 of May": a month whatever follows; "3 may" only before no verb
    (
        "PARTIAL_DATE",
        rf"\b{_WEEKDAY}?(?:the\s+)?(?:0?[1-9]|[12]\d|3[01])(?:(?:st|nd|rd|th)\s+(?:of\s+)?|"
        rf"\s+of\s+){_MONTH}(?![a-z])",
        0,
        False,
    ),
    (
        "PARTIAL_DATE",
        rf"\b{_WEEKDAY}?(?:0?[1-9]|[12]\d|3[01])\s+{_MONTH}(?![a-z]){_NOT_A_VERB_AFTER}"
        r"(?![\w/.\-]\d)",
        0,
        False,
    ),
    (
        "PARTIAL_DATE",
        rf"\b{_WEEKDAY}?(?:the\s+)?{_ORDINAL_IN_WORDS}\s+of\s+{_MONTH}(?![a-z])",
        0,
        False,
    ),
    # The first day of a span, its month said once after the last: "8th to 10th december",
    # "the 3rd-5th of May" (the day said first is a date too).
    (
        "PARTIAL_DATE",
        r"\b(?:the\s+)?(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\s*(?:-|–|to|till|until|and)\s*"
        rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z])",
        0,
        False,
    ),
    (
        "PARTIAL_DATE",
        rf"\b{_WEEKDAY}?(?:{_MONTH}\s+(?:the\s+)?(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)|"
        r"(?:jan(?:uary)?|feb(?:ruary)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
        rf"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:0?[1-9]|[12]\d|3[01])){_NOT_A_DAY_AFTER}\b",
        0,
        False,
    ),
    ("PARTIAL_DATE", rf"\b{_MONTH}\s+(?:of\s+)?{_ANY_YEAR}\b", 0, False),
    # A day and month in figures only where a day is meant: "on 11/9", "born 3/4", "last seen
    # 12/11", "due 14/02", "ICPC 14/1" (not "7/10 on the worry scale", "24/7", "review 3/12":
    # three months).
    (
        "PARTIAL_DATE",
        r"\b(?:on|dated|born|dob|d\.o\.b\.?|seen|since|missing|due|icpc|rcpc|strat|conference|"
        r"hearing|appt|meeting|done|visited|"
        r"mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
        r"\.?,?\s+(?:the\s+)?"
        r"((?:0?[1-9]|[12]\d|3[01])/"
        r"(?:0?[1-9]|1[0-2]))(?![\d/])",
        1,
        False,
    ),
    # A month and year in figures: "04/2015", "born 3/2017" (not "7/10", "24/7").
    ("PARTIAL_DATE", rf"(?<![\d/.])\b(?:0?[1-9]|1[0-2])/{_YEAR}\b(?![/.]\d)", 0, False),
    # A birthday without its year is still one: "born 3rd April", "DOB: the 3rd of April"
    (
        "FULL_DATE",
        rf"\b(?:born|dob|d\.o\.b\.?|birthday|date of birth)(?:\s+(?:is|was|on|:))*[\s:]+"
        rf"(?:the\s+)?((?:{_DAY}|{_ORDINAL_IN_WORDS})\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+(?:the\s+)?"
        rf"(?:{_DAY}|{_ORDINAL_IN_WORDS}))\b",
        1,
        False,
    ),
    # In capitals, or with its space: "E13ZZ", "ec3n 7zz"; not a reference like "ab12cd".
    ("UK_POSTCODE", r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", 0, True),
    ("UK_POSTCODE", r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b", 0, False),
    (
        "UK_POSTCODE",
        rf"\b(?:{'|'.join(sorted(_POSTCODE_AREAS, key=len, reverse=True))})\d[a-z\d]?\d"
        rf"{_UNIT_LETTERS}{{2}}\b",
        0,
        False,
    ),
    (
        "EMAIL_ADDRESS",
        rf"{_LOCAL}{_AT_MARKED}{_LABEL}(?:{_DOT}{_LABEL})+\b",
        0,
        False,
    ),
    (
        "EMAIL_ADDRESS",
        rf"{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_TLD}\b",
        0,
        False,
    ),
    # Not after a date's "/" or a number: "DOB 28/02/07, school Quenby Road" is no address.
    (
        "UK_ADDRESS",
        rf"(?<![\d/.\-])\b(?:{_HOME},?\s+)?(?:{_BLOCK},?\s+)?(?:(?:no\.?|number)\s+)?"
        rf"\d{{1,4}}[a-z]?(?:\s?[-–]\s?\d{{1,4}}[a-z]?)?,?\s+(?:{_STOP}[a-z][a-z'\-]+\s+){{1,3}}{_STREET}\b{_MORE_OF_AN_ADDRESS}",
        0,
        False,
    ),
    # A number and a street known by "the": "5 the Parade, Chingford", "12 The Broadway"
    (
        "UK_ADDRESS",
        rf"(?<![\d/.\-])\b\d{{1,4}}[a-z]?,?\s+(?i:the)\s+(?=[A-Z])(?i:{_STREET})\b",
        0,
        True,
    ),
    # A number and a house's or a street's one-word name, then its town and postcode: "17
    # Brambleside, Coventry CV2 9ZZ"
    (
        "UK_ADDRESS",
        r"(?<![\d/.\-])\b(\d{1,4}[a-z]?\s+[A-Z][a-z]{3,})(?=,\s*(?:[A-Z][a-z]+\s*,?\s*)?"
        r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b)",
        1,
        True,
    ),
    # A named block without its number, where someone lives: "the one at Raines Court"
    (
        "UK_ADDRESS",
        r"\b(?i:at|to|in|from)\s+((?!(?:Crown|Magistrates|County|Family|Youth|High|Royal|Town|"
        r"Civic|Supreme|Appeal|Hampton|Earls|Earl's)\b)[A-Z][a-z]{2,}\s+"
        r"(?:Court|House|Lodge|Tower|Point|Heights|Mansions))\b",
        1,
        True,
    ),
    # A home in a named block, no street number: "Flat 62 Marsh House", "Room 2, Embley Lodge"
    (
        "UK_ADDRESS",
        rf"\b{_HOME},?\s+(?:{_STOP}[a-z][a-z'\-]+\s+){{1,3}}{_STREET}\b{_MORE_OF_AN_ADDRESS}",
        0,
        False,
    ),
    (
        "PERSON",
        rf"\b{_TITLE}\s+(?:{_PARTICLE}\s+)?{_NAME}(?:\s+{_NOT_A_LABEL}{_NAME}){{0,2}}",
        0,
        True,
    ),
    # A first name in brackets after a titled name: "Mrs Chaudhry (Kiran) wants to know"
    ("PERSON", rf"\b{_TITLE}\s+{_NAME}(?:\s+{_NAME})?\s+\(({_NAME})\)", 1, True),
    # What a person goes by: "goes by Smiley", "she goes by the name Jojo" (not "goes by bus")
    (
        "PERSON",
        rf"\b(?i:goes|go|going)\s+by\s+(?i:the\s+name\s+(?:of\s+)?)?{_OPEN_QUOTE}?({_NAME})",
        1,
        True,
    ),
    # The second of two nicknames in quotes: "goes by 'Tiny' and 'T-Bone'"
    (
        "PERSON",
        rf"\b{_GOES_BY}\s+{_OPEN_QUOTE}{_NAME}{_CLOSE_QUOTE}\s*(?:,|\band\b|\bor\b|&)\s*"
        rf"{_OPEN_QUOTE}({_NAME}){_CLOSE_QUOTE}",
        1,
        True,
    ),
    # A street nickname: "Big T", "Lil J", "Little Mo" (not "Young Hackney", "Big Issue")
    ("PERSON", r"\b(?:Big|Lil|Little)\s+[A-Z](?:[a-z]{1,2})?\b(?!['’]?\s*[A-Z])", 0, True),
    # A form's field: "Name Ngozi dos Santos", "Child's name: Amira"
    (
        "PERSON",
        rf"\b(?:Name|name)\s*:?\s+({_NAME}(?:\s+(?:{_PARTICLE}\s+)?{_NOT_A_LABEL}{_NAME}){{0,3}})",
        1,
        True,
    ),
    # A nickname before the full name: "Fizz (Jean-Baptiste Begum) was arrested"
    ("PERSON", rf"\b({_NAME})\s+\({_NAME}(?:\s+(?:{_PARTICLE}\s+)?{_NAME})+\)", 1, True),
    # Typed in lower case: "mrs okafor", "ms o'neill" (not "miss", a verb as often)
    (
        "PERSON",
        r"\b(?:mr|mrs|ms|mx|dr)\.?\s+(?!(?:and|or|the|to|a|an|is|was|on|at|in|of|for|from|"
        r"says|said|thinks|thought|wants|wanted|has|had|will|would|can|could|rang|called|told|"
        r"asked|who|who's|is|was|feels|felt|agreed|confirmed|did|does)\b)"
        r"([a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*)",
        1,
        True,
    ),
    # "the Okafor family", "the Yilmaz-Begum household"
    (
        "PERSON",
        rf"\b(?i:the)\s+({_NAME}(?:[\s\-]{_NAME})?)\s+(?:family|household|children|kids|twins|boys|girls|brothers|sisters)\b",
        1,
        True,
    ),
    (
        "PERSON",
        rf"\b(?:called|named|name is|name's|known as|aka|a\.k\.a\.|nicknamed|nickname is)\s+"
        rf"{_OPEN_QUOTE}?{_NOT_A_PRONOUN}"
        # its second word capitalised even here: "named Destiny rang", not "Destiny rang"
        rf"([A-Za-z](?:[a-z\-]|'(?=[a-z]))+(?:\s+{_NOT_A_PRONOUN}{_STOP}(?!(?:he|she|they|who|but|or|is|was)\b)"
        rf"(?-i:{_NAME}))?)",
        1,
        False,
    ),
    # Someone's name said, its apostrophe left out or in the past: "her names Esme", "his name
    # was Kofi" (capitalised: not "their names are on the list")
    (
        "PERSON",
        rf"\b(?i:his|her|their|the\s+(?:boy|girl|baby|child|kid|dad|mum)['’]?s?)\s+"
        rf"(?i:names|name\s+was|name\s+is\s+now)\s+{_OPEN_QUOTE}?({_NAME})",
        1,
        True,
    ),
    # "mum Priya Fenwick", "Father: Jean-Baptiste O'Brien", "baby Shamima DOB ..." (not DOB),
    # "mum - Magdalena, dad - Florin"
    (
        "PERSON",
        rf"\b(?i:{_RELATION})\s*[,:=\-–]?\s+{_OPEN_QUOTE}?({_NAME}(?:[\s\-]{_NOT_A_LABEL}{_NAME}){{0,2}})",
        1,
        True,
    ),
    ("PERSON", rf"\b({_NAME})\s+\((?:her|his|their|the)\s+(?i:{_RELATION})", 1, True),
    # "known associates Rocco, Pepsi and Big T": a list of people, whatever the words are
    (
        "PERSON",
        rf"\b(?i:associates?|friends|peers|linked to|known as)"
        rf"(?:\s+(?:are|include|including))?\s*:?\s+"
        rf"({_ONE_OF_A_LIST}(?:\s*(?:,|\band\b|&)\s*{_ONE_OF_A_LIST})*)",
        1,
        True,
    ),
)
