"""Remove identifying details from a practitioner's message before anything stores it.

Presidio (the engine Rasa Pro's own anonymisation uses) runs our spaCy pipeline, with library
recognizers for UK phone numbers (phonenumbers) and NHS numbers (checksum-validated), and ours:
names from spaCy's tags and from Faker's name lists in context (bot/privacy/names.py), named
schools and estates (places.py), and patterns for what no library covers for the UK: dates in
figures and in words, e-mail addresses however written, postcodes, addresses, and names
signalled by a title or by "called ..." (patterns.py). Places, services and roles listed in
redaction.yml, and interjections ("oops", "hmm"), are never treated as names.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

import yaml

from bot.core.dates import parse_due
from bot.privacy.names import MONTH_NAMES, English, NameFinder, starts_sentence
from bot.privacy.patterns import PATTERNS, RELATIONS
from bot.privacy.places import PlaceFinder, uk_places, world_places

CONFIG_PATH = Path(__file__).with_name("redaction.yml")
# The owners an agreed action names ("SW to ...", "the HV will ..."): supervision's own list.
ROLES_PATH = Path(__file__).parents[1] / "knowledge" / "content" / "supervision.yml"
SPACY_MODEL = "reflect_en_core_web_sm"

# What the small English model calls a place or an organisation is kept ("Stoke Newington",
# "Home Office"): a person's name it mislabels so is found by the name lists (names.py).
# A surname in capitals before the first name, as on letters: "POPESCU, Huong".
_SURNAME_FIRST = re.compile(r"\b([A-Z][A-Z'\-]{2,}),\s*$")
_NEXT_WORD = re.compile(r"(?:['’]s)?\s+([A-Z][a-z]+)\b")
# A family named by its surname with an "s", then what they did: "the Mensahs declined again"
# (not "the Red Cross helped")
_A_FAMILY_DOES = re.compile(
    r"(?<=[a-rt-z])s\s+(?:have|has|had|were|are|will|won'?t|did|didn'?t|do|don'?t|[a-z]{3,}ed)\b"
)
_FAMILY = re.compile(
    r"\s+(?:family|household|children|kids|twins|boys|girls|brothers|sisters|case)\b",
    re.IGNORECASE,
)
# A school named without a head word ("at Daleside") is weaker evidence than a name: where a
# name is found over the same words, it is a name.
_BARE_SCHOOL_SCORE = 0.6
# A calendar date is an identifier: with the rest of a message, the day of a child's birth,
# incident, conference or review narrows down whose case it is (a weekday or a month alone
# does not, and is no date here). One kind is kept, because a supervision record needs it and
# it is no fact about the child: a plan's date still to come, said as a deadline ("by 12 May",
# "make it the 8th of January"), as the next review ("next review 20 May"), as the date of an
# agreed action ("SW to visit on 3 April"), or as the whole answer to a question asking for a
# date. A meeting's day is not kept ("the ICPC is on 4 March", "reviewed on 6 Nov").
_DEADLINE = re.compile(
    r"\b(?:by|before|until|till|til|no later than|deadline|due by|make it|(?:let'?s |so )?say|"
    r"next review(?: is| will be)?(?: on| for)?|"
    # "the review date needs to be 8th jan", "review is 8 January 2027": the plan's review
    r"review(?: date)?(?: is| will be| needs to be| should be| to be| now)?(?: on| for)?|"
    r"(?:set|move|push|put) it (?:back )?(?:to|for)|(?:date|deadline) (?:to|is|of)|"
    # an agreed action's date named again: "the strat one is due 20 jan", "action 1 was right
    # at 18 jan" (a baby "due 20 jan" is not kept)
    r"(?:one|action\s*\d{0,2}|it)\s+(?:is\s+|was\s+)?due(?:\s+(?:on|for|by))?|"
    # "the review date got wiped, its 22/1"
    r"review(?: date)?\s+(?:got|was|has been|is)\s+(?:wiped|lost|deleted|missing|wrong|gone)"
    r"[\s,;:-]+(?:it'?s|its|it is|should be)?|"
    r"(?:was|is)\s+(?:right|fine|ok|correct)\s+(?:at|as)|"
    r"(?:change|changed|move|moved) (?:it |that |the date |the review )?to|"
    # "2 weeks after we hear back from MASH, so prob mon 11th jan": a date offered, not had
    r"(?:so\s+)?(?:prob|probably|maybe|likely|roughly|around|approx)|"
    # "next review after the core group, so 22 december": the date worked out from the plan
    r"[,;]\s*so)\s+(?:the\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+|"
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_UNTIL = re.compile(
    r"\b(?:not|never|didn'?t|did\s+not|wasn'?t|weren'?t|hadn'?t|had\s+not|couldn'?t|"
    r"wouldn'?t|won'?t|isn'?t|hasn'?t|haven'?t)\b[^.;!?\n]*\b(?:until|till|til)\s+(?:the\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# After a town or county named like a person, a service makes it the place: "Essex CSC",
# "Sutton's YOS worker"
_A_PLACES_SERVICE = re.compile(
    r"(?:['’]s)?\s+(?:csc|police|council|social care|social services|children'?s services|"
    r"camhs|mash|hostel|refuge|housing|hospital|probation|"
    r"early help|eh|yot|yos|county council|cc|la|nhs|ics|icb|safeguarding|"
    # a hospital's departments: "Whittington ED", "Homerton A&E"
    r"ed|a&e|a and e|maternity|paeds|paediatrics|ward)(?![\w&])",
    re.IGNORECASE,
)


_YEAR_SAID = re.compile(r"(?<!\d)((?:19|20)\d{2}|\d{2})\W*$")
_YEAR_IN_WORDS = re.compile(r"\b(?:nineteen|twenty|thousand)\b[\w\s-]*$", re.IGNORECASE)


def _ahead(date_text: str) -> bool:
    """A full date today or later: a plan's, never a birth or something that happened. The
    year is the one said ("12/01/25" is 2025: the due-date parser reads a year in two figures
    as the next one to come); a year in words is a birth's or a past event's, never a plan's."""
    if _YEAR_IN_WORDS.search(date_text):
        return False
    day = parse_due(date_text)
    said = _YEAR_SAID.search(date_text)
    if day is not None and said:
        year = int(said.group(1))
        try:
            day = day.replace(year=year + 2000 if year < 100 else year)
        except ValueError:  # 29 February of a year without one
            return False
    return day is not None and day >= dt.date.today()


def _agreed_action(roles_path: Path) -> re.Pattern[str]:
    """An agreed action's clause up to where a date is said: an owner, then "to" (or "will",
    for a role: "I will" says what happened as often)."""
    roles = yaml.safe_load(roles_path.read_text(encoding="utf-8"))["supervision"]["actions"]
    said = {p for name, others in roles["roles"].items() for p in [name, *others]}
    people = sorted((p for p in said if p.lower() not in {"me", "myself", "i"}), key=len)
    owner = "|".join(re.escape(p) for p in reversed(people))
    # a professional alone before a date: a family member's date may be a birthday ("Mum, 24th dec")
    family = {*roles["roles"].get("parent", []), "parent"}
    staff = "|".join(re.escape(p) for p in reversed(people) if p not in family)
    return re.compile(
        rf"(?:^|[.;!?,]\s*|\band\s+)(?:the\s+)?(?:(?:{owner})\s+(?:to|will)|(?:me|i)\s+to)\s"
        r"[^.;!?]*$"
        # "sw, 24th dec": an owner and a date, the answer to "who will do it, and by when?"
        rf"|^\W*(?:the\s+)?(?:{staff})\s*[,–-]?\s*(?:(?:by|on|for|before)\s+)?(?:the\s+)?$",
        re.IGNORECASE,
    )


# A date typed as the whole answer, as people answer a date question: "let's say the 20th of
# January", "15 Jan please".
_ONLY_A_DAY = re.compile(
    r"^\W*(?:(?:let'?s say|say|shall we say|how about|maybe|ok|okay|yes|yeah)[,\s]+)?"
    r"(?:(?:by|on|for|before|until)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# ... and "19 jan as per plan": a review date given (a widget trial's was redacted)
_ANSWER_ENDS = re.compile(
    r"^[\s.,!?]*(?:(?:please|pls|then|as per (?:the )?plan|as planned|as agreed|if that'?s ok)"
    r"[\s.!?]*)?$",
    re.IGNORECASE,
)
# Before a town, a county or a station named like a person ("Kent", "Angel", "Victoria"), what
# makes it the place: "in Kent", "up to Angel". "to" not after what is said or given to a person
# ("spoke to Victoria"); "from", "then", "and" only after another place ("from Essex, then
# Kent"), since "a text from Victoria" is a person.
_AT_A_PLACE = re.compile(
    r"\b(?:in|at|near|around|outside|towards|via|into|across|round|(?<!spoke )(?<!talked )"
    r"(?<!said )(?<!explained )(?<!wrote )(?<!sent )(?<!gave )(?<!listened )(?<!replied )"
    r"(?<!belongs )(?<!next )(?<!close )to)\s+$",
    re.IGNORECASE,
)
_AFTER_A_PLACE = re.compile(r"(?:\b(?:from|then|and|or)|,)\s+$", re.IGNORECASE)
# Where a family moves from is a place whatever else it names: "moved from Brent to Harrow".
_MOVED_FROM = re.compile(
    r"\b(?:move[sd]?|moving|relocated|relocating|transferred|transferring)\s+(?:here\s+)?"
    r"(?:over\s+)?from\s+$",
    re.IGNORECASE,
)
# A title before a word makes it a surname, even a place's word: "Mr Park", "Mrs Hall".
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+$")
# A word before a name that is part of it, capitalised, though it is a relation too: the Akan
# "Nana" ("Nana Yaw is the dad", "Nana Ama is the little girl"), not a grandmother ("nana jean").
_NAME_PREFIXES = {"Nana"}
_NAME_PREFIX_BEFORE = re.compile(r"(?<![\w'’])(Nana)\s+$")
_TITLE_THEN_NAME = re.compile(r"(?:Mr|Mrs|Ms|Mx|Dr)\.?\s+([A-Z][\w'’-]+)")
# Before a place named by its service ("with Bishopsgate police"), not a person told something
# ("told Efua police would come").
_BEFORE_A_SERVICE = re.compile(r"\b(?:with|by|from|to|at|the|and|of|for)\s+$", re.IGNORECASE)
# Or nothing, before a service's initials: "Whittington ED saw him" (not "Ibrahima's nhs number")
_SERVICE_INITIALS = re.compile(r"\s+[A-Z&]{2,4}\b")
# "Operation Makesafe", "Operation Encompass": a police operation's name, whatever its word.
_OPERATION = re.compile(r"\b(?:operation|op\.?)\s+$", re.IGNORECASE)
# A name that ends in where people worship names a church (not "Hall", a surname as often).
_WORSHIP_NAMED = re.compile(
    r"\s(?:Church|Chapel|Tabernacle|Ministries|Ministry|Mosque|Masjid|Temple|Gurdwara|"
    r"Synagogue|Cathedral)$"
)
# A town's name before these is a school's: "at Thornbury Girls".
_SCHOOLS_WORDS = {"girls", "boys", "grammar", "high", "primary", "academy", "juniors", "infants"}
_A_PERSONS_VERB = re.compile(
    r"\s*(?:,|['’]s\b|\s(?:is|was|has|had|said|says|told|tells|and|who|will|would)\b)"
)
_OPERATION_NAMED = re.compile(r"(?:operation|op\.?)\s", re.IGNORECASE)
# A name that starts with a saint's title is a church's, a school's or a hospital's: "St
# Leonard's", "St. Mary's"; a saint-named school after "at" is found as one (places.py).
_SAINT = re.compile(r"(?:^|(?<=\s))(?:st|st\.|saint)\s+$|^(?:st\.?|saint)\s", re.IGNORECASE)
_RELATION_WORDS = frozenset(RELATIONS)
_PLACE_QUALIFIERS = {
    "little", "great", "north", "south", "east", "west", "upper", "lower", "new", "old", "central"
}  # fmt: skip
_PLACE_LABELS = {
    "GPE", "LOC", "FAC", "ORG", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"
}  # fmt: skip


# Before a capitalised word, what makes it a thing, not a person: "a Rose tattoo".
_A_THING = re.compile(r"(?:^|[^\w'’])an?\s+$", re.IGNORECASE)
# The same with what describes a thing between: "a new JD hoodie", "a fake Gucci belt" (never a
# person's word: "a new boyfriend Kyle" is someone)
_A_THING_DESCRIBED = re.compile(
    r"(?:^|[^\w'’])an?\s+(?:brand\s+)?(?:new|fake|stolen|cheap|expensive|designer|real|big|"
    r"little|small|massive|huge|black|white|pink|red|blue|grey|gray|green|gold|silver)\s+$",
    re.IGNORECASE,
)
_THING_FOLLOWS = re.compile(r"\s+[a-z]{3,}\b")
# Before an ordinary word, what makes it an amount of something: "there is Hope", "lots of Joy".
# Before a word in lower case, what makes it something someone has, not who they are: "her
# abla", "his nan" (a relation's name follows the relation: "her sister amira").
_OWNED_BY = re.compile(
    r"(?:^|[^\w'’])(?<!call )(?<!calls )(?<!called )(?<!named )(?:her|his|their|my|our|your)\s+$",
    re.IGNORECASE,
)
_AMOUNT_OF = re.compile(
    r"\b(?:there(?:'s|’s|\s+is|\s+was|\s+will\s+be)|lots?\s+of|full\s+of|no|some|any|much|"
    r"more|less|real)\s+$",
    re.IGNORECASE,
)
_COMPASS = {"north", "south", "east", "west"}
_PEOPLES = {"thai", "afghan", "somali", "iraqi", "kurdish", "roma", "irish", "welsh", "scottish"}
# A community named after the people it is of: "Romanian Roma", "Irish Travellers"
_COMMUNITIES = {"roma", "traveller", "travellers", "gypsy", "gypsies"}
_OF_A_PEOPLE = re.compile(r"\b[A-Z][a-z]+(?:ese|ish|ian|ean|can|ani|ic|i)\s+$")

_DATES = ("FULL_DATE", "PARTIAL_DATE")
_INITIALS = re.compile(r"^(?:[A-Z]{2,4}|A&E)$")
_SCHOOL_INITIALS = {"ap", "pru", "utc"}  # alternative provision, a pupil referral unit


def _dates_joined(
    found: List[Tuple[int, int, str, float]],
) -> List[Tuple[int, int, str, float]]:
    """Dates found over overlapping words as one date: "the 2nd of January" and "2nd of
    January 2012" are one, "the 2nd of January 2012" (else the longest wins and leaves "the"
    or the year, a part of what was said)."""
    dates = sorted(f for f in found if f[2] in _DATES)
    joined: List[Tuple[int, int, str, float]] = []
    for start, end, entity, score in dates:
        if joined and start < joined[-1][1]:
            last = joined[-1]
            kind = "FULL_DATE" if "FULL_DATE" in (entity, last[2]) else entity
            joined[-1] = (last[0], max(end, last[1]), kind, max(score, last[3]))
        else:
            joined.append((start, end, entity, score))
    return [f for f in found if f[2] not in _DATES] + joined


# A day and month in figures ("26/3"), and what joins it to a date just said: "seen 19/3, 26/3
# and 2/4", "on the 4/1 and again 9/1" (alone, "7/10" is a score as often).
_DAY_IN_FIGURES = re.compile(r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d/])")
_LIST_JOINER = re.compile(
    r"\s*(?:,|&|\band\b|\bor\b|\bthen\b)(?:\s*(?:and|then|again|also|later|on))*\s*(?:the\s+)?",
    re.IGNORECASE,
)


def _days_listed(text: str, chosen: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """The days in figures listed after a date found: each joined to the one before it."""
    added: List[Tuple[int, int, str]] = []
    ends = sorted(end for _, end, entity in chosen if entity in _DATES)
    while ends:
        end = ends.pop(0)
        joiner = _LIST_JOINER.match(text, end)
        day = joiner and _DAY_IN_FIGURES.match(text, joiner.end())
        if not day or (day.start() and text[day.start() - 1].isalnum()):
            continue
        if any(s < day.end() and day.start() < e for s, e, _ in chosen + added):
            continue
        added.append((day.start(), day.end(), "PARTIAL_DATE"))
        ends.append(day.end())
    return added


def _saints_joined(text: str, chosen: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """A school named for two saints is one school: "St Aidan and St Hild RC Primary" (found
    as "St Aidan" and "St Hild RC Primary", with the "and" between them left)."""
    joined: List[Tuple[int, int, str]] = []
    for start, end, entity in sorted(chosen):
        if (
            joined
            and entity == "SCHOOL"
            and joined[-1][2] in ("SCHOOL", "PERSON")
            and _SAINT.match(text[start:end])
            and _SAINT.match(text[joined[-1][0] : joined[-1][1]])
            and re.fullmatch(r"\s+(?:and|&)\s+", text[joined[-1][1] : start])
        ):
            joined[-1] = (joined[-1][0], end, "SCHOOL")
            continue
        joined.append((start, end, entity))
    return joined


# A school's bare name, then another school in the same list (see Redactor._schools_listed).
_SCHOOL_BEFORE_A_SCHOOL = re.compile(
    r"\b(?:from|at|to|attended|attends)\s+([A-Z][a-z'’-]{2,}(?:\s+[A-Z][a-z'’-]{2,})?)"
    r"\s*(?:,\s*(?:and\s+)?(?:then\s+)?|\s+(?:and|then|and\s+then|or)\s+)$"
)


# What a person named in a message does next ("grace said"): a name in any case there
_A_PERSON_DOES = (
    r"(?:said|says|told|tells|asked|wants|wanted|went|goes|doesn'?t|didn'?t|won'?t|can'?t|"
    r"lives|lived|disclosed|came|comes)\b"
)


@dataclass(frozen=True)
class Redaction:
    text: str
    kinds: Tuple[str, ...]  # placeholders used, e.g. ("[NAME]", "[PHONE]"), in order of first use

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


class Redactor:
    """Thread-safe after construction; build one per process (see ``redactor()``)."""

    def __init__(self, config_path: Path = CONFIG_PATH) -> None:
        from presidio_analyzer import (
            AnalyzerEngine,
            EntityRecognizer,
            RecognizerRegistry,
            RecognizerResult,
        )
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import NhsRecognizer, PhoneRecognizer

        # Presidio's debug log quotes the words around each finding: the raw message. Rasa's
        # --debug must never bring that into a log.
        logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        self.placeholders = config["placeholders"]
        kept = config["keep"] + config["places"] + config["interjections"]
        self.keep_words = {w.lower() for phrase in kept for w in phrase.split()}
        self.keep_phrases = {phrase.lower() for phrase in kept}
        place_words = {w.lower() for phrase in config["places"] for w in phrase.split()}
        whole = sorted(config["keep_phrases"], key=len, reverse=True)
        self.kept_whole = re.compile(rf"\b(?:{'|'.join(map(re.escape, whole))})\b", re.IGNORECASE)
        self.not_names = {w.lower() for w in config["not_names"]}
        owners = "|".join(re.escape(p.split("'")[0]) for p in config["possessive_places"])
        self.possessive_place = re.compile(
            rf"(?:{owners})['’]s(?=\s*(?:$|[.,;:!?)]|(?:for|in|at|on|to|and|or|with|about|"
            r"yesterday|today|last|this|next|a|an|the)\b))",
            re.IGNORECASE,
        )
        self._agreed_action = _agreed_action(ROLES_PATH)

        redactor = self

        class SpacyNames(EntityRecognizer):
            """Names from spaCy's tags: the small model finds them but often mislabels them."""

            def load(self) -> None:
                pass

            def analyze(self, text, entities, nlp_artifacts=None):  # noqa: ANN001 (Presidio API)
                doc = nlp_artifacts.tokens
                spans = redactor._names(doc) + redactor.listed_names.spans(doc)
                return [RecognizerResult("PERSON", start, end, 0.85) for start, end in spans]

        class NamedPlaces(EntityRecognizer):
            """Named schools and estates (bot/privacy/places.py)."""

            def load(self) -> None:
                pass

            def analyze(self, text, entities, nlp_artifacts=None):  # noqa: ANN001 (Presidio API)
                doc = nlp_artifacts.tokens
                named = redactor.places.spans(doc)
                return (
                    [RecognizerResult(entity, start, end, 0.9) for start, end, entity in named]
                    + [
                        RecognizerResult(entity, start, end, _BARE_SCHOOL_SCORE)
                        for start, end, entity in redactor.places.bare_names(doc, named)
                    ]
                    + [
                        RecognizerResult(entity, start, end, 0.85)
                        for start, end, entity in redactor.places.streets(doc)
                    ]
                )

        class PatternDetails(EntityRecognizer):
            """Regexes whose capture group is the detail (``Mrs (Okafor)``, ``called (Sam)``)."""

            def load(self) -> None:
                pass

            def analyze(self, text, entities, nlp_artifacts=None):  # noqa: ANN001 (Presidio API)
                results = []
                for entity, pattern, group, case_sensitive in PATTERNS:
                    flags = 0 if case_sensitive else re.IGNORECASE
                    for match in re.finditer(pattern, text, flags):
                        results.append(
                            RecognizerResult(entity, match.start(group), match.end(group), 0.9)
                        )
                return results

        engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
        engine.load()
        # Names come from the tagger and the entity recogniser; the dependency parser (over a
        # third of the pipeline's time) is read by nothing here or in Presidio.
        engine.nlp["en"].disable_pipe("parser")
        self.english = English(engine.nlp["en"])
        # GeoNames lacks some London boroughs ("Lewisham"): redaction.yml lists them all.
        self.boroughs = frozenset(b.lower() for b in config["boroughs"])
        self.towns = uk_places() | self.boroughs
        self.listed_names = NameFinder(
            self.english,
            self._keep_word,
            frozenset(w.lower() for w in config["interjections"]),
            self.towns | world_places() | place_words,
            self.towns,
        )
        self.places = PlaceFinder(
            self.english, self._keep, config["place_kinds"], place_words - {"of"}, self.towns
        )
        registry = RecognizerRegistry()
        for recognizer in (
            PhoneRecognizer(supported_regions=["GB"], leniency=0),  # 0: drama-range numbers too
            NhsRecognizer(),
            SpacyNames(supported_entities=["PERSON"]),
            NamedPlaces(supported_entities=["SCHOOL", "UK_ADDRESS"]),
            PatternDetails(supported_entities=list(self.placeholders)),
        ):
            registry.add_recognizer(recognizer)
        self.analyzer = AnalyzerEngine(
            nlp_engine=engine, registry=registry, supported_languages=["en"]
        )
        self._lock = threading.Lock()

    def _name_token(self, token) -> bool:  # noqa: ANN001 (a spaCy Token)
        return (
            token.pos_ == "PROPN"
            and token.is_alpha
            and len(token.text) > 1
            and token.lower_ not in self.keep_words
            and token.lower_ not in self.not_names
            and not (token.text.islower() and self.english.ordinary(token))  # "rang"
        )

    def _lower_word(self, token) -> bool:  # noqa: ANN001 (a spaCy Token)
        """An English word in lower case: no surname the model cut short ("croydon [hostel
        manager]": who, not a name)."""
        return token.text.islower() and self.english(token)

    def _listed_surname_before(self, token) -> bool:  # noqa: ANN001 (a spaCy Token)
        """A capitalised surname in the lists and no English word, whatever the tagger makes
        of it: "Nguyễn Thị Lan" (a family name first; the tagger called it a verb)."""
        return (
            token.is_alpha
            and token.text.istitle()
            and token.lower_ in self.listed_names.last
            and token.lower_ not in self.keep_words
            and not self.english(token)
        )

    def _plain_word(self, token) -> bool:  # noqa: ANN001 (a spaCy Token)
        """A lower-case English word; one the tagger calls a proper noun only when it is an
        ordinary word ("Nadira rang Childline": the model's PERSON ran on over "rang")."""
        return (
            token.text.islower()
            and (token.pos_ != "PROPN" or self.english.ordinary(token))
            and self.english(token)
        )

    def _first_name_only(self, tokens: list) -> bool:
        """One capitalised word inside a sentence, a first name the lists hold and no ordinary
        English word ("weighed Dylan today": WordNet has the poet, no verb or adjective)."""
        return (
            len(tokens) == 1
            and tokens[0].text.istitle()
            and tokens[0].lower_ in self.listed_names.first
            and not self.english.ordinary(tokens[0])
            and tokens[0].lower_ not in world_places()
            and tokens[0].lower_ not in self.towns
            # where a capital says it: not "Miles from home", "Max two visits a week"
            and not starts_sentence(tokens[0].doc, tokens[0])
        )

    def _initials_after(self, token) -> bool:  # noqa: ANN001 (a spaCy Token)
        """A service's initials after a name ("Whittington ED", "Mia CSC"), no part of it; not
        a surname in capitals ("Jimmy LEE")."""
        return (
            bool(_INITIALS.match(token.text))
            and token.lower_ not in self.listed_names.last
            and token.lower_ not in _SCHOOL_INITIALS  # "Haverley AP": the school's own
        )

    def _names(self, doc) -> List[Tuple[int, int]]:  # noqa: ANN001 (a spaCy Doc)
        """Character spans of likely names: PERSON entities that are not only English words
        ("Frank", "Hope": the name lists decide those), and runs of two or more proper nouns
        made only of name-like words (not places, services or roles)."""
        spans = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            tokens = [t for t in ent if t.lower_ not in self.keep_words and not t.is_punct]
            # "Huong d.o.b", "Zainab Hussain - strategy": the model's span ran on.
            while tokens and (not tokens[-1].is_alpha or self._plain_word(tokens[-1])):
                tokens.pop()
            while tokens and (not tokens[0].is_alpha or self._plain_word(tokens[0])):
                tokens.pop(0)
            # "Whittington ED", "Mia CSC": a service's initials after the name are no part of it
            while len(tokens) > 1 and tokens[0].text.istitle() and self._initials_after(tokens[-1]):
                tokens.pop()
            if not tokens or any(t.lower_ in self.not_names or t.like_num for t in tokens):
                continue
            if (
                all(self.english(t) for t in tokens)
                and (len(tokens) == 1 or any(self.english.ordinary(t) for t in tokens))
                and not self._first_name_only(tokens)
            ):
                continue  # "Frank", "Miles": the lists decide; not "Wei Chen" (WordNet nouns)
            if all(t.text.islower() for t in tokens) and not any(
                t.lower_ in self.listed_names.first or t.lower_ in self.listed_names.last
                for t in tokens
            ):
                continue  # "helo", "wat shud": lower-case words no list has are left to names.py
            start, end = tokens[0].i, tokens[-1].i + 1
            # A name the model cut short ("raj [kumar]"): take the proper nouns beside it.
            while start > 0 and (
                self._name_token(doc[start - 1]) or self._listed_surname_before(doc[start - 1])
            ):
                start -= 1
            while (
                end < len(doc)
                and self._name_token(doc[end])
                and not self._lower_word(doc[end])
                and not self._initials_after(doc[end])
            ):
                end += 1
            spans.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        run = []
        for token in [*doc, None]:
            if (
                token is not None
                and self._name_token(token)
                and token.text[0].isupper()
                and token.ent_type_ not in _PLACE_LABELS
            ):
                run.append(token)
                continue
            while len(run) > 1 and run[0].text.istitle() and self._initials_after(run[-1]):
                run.pop()
            if len(run) >= 2 and not all(self.english(t) for t in run):  # not "Green Lanes"
                spans.append((run[0].idx, run[-1].idx + len(run[-1])))
            run = []
        return spans

    def _keep_word(self, word: str) -> bool:
        """A word never taken for a name: kept (places, services, roles) or a place's own
        word (months, "Street", "School")."""
        word = word.lower()
        return word in self.keep_words or f"{word}'s" in self.keep_words or word in self.not_names

    def _keep(self, span: str) -> bool:
        words = re.findall(r"[\w&]+", span.lower().replace("'s", ""))
        return (
            span.lower() in self.keep_phrases
            or bool(words)
            and all(w in self.keep_words for w in words)
        )

    def _known_place(self, name: str) -> bool:
        """A UK town or district's name, or a country's or a city's abroad ("Sylhet", which the
        model calls a person), unless it is one word that is also a person's name ("Shirley",
        "Stanley")."""
        name = name.lower()
        if name.endswith("s") and name[:-1] in self.boroughs:
            return True  # "enfield police say its islingtons case" (a trial's became a name)
        if name not in self.towns and name not in world_places():
            return False
        return " " in name or not (
            name in self.listed_names.first or name in self.listed_names.last
        )

    def _town_and_what(self, name: str) -> bool:
        """A town and, in lower case, what of it ("croydon hostel", "sutton refuge"): a place's
        service, not a first name and a surname (a surname in the lists is one: "kent baker")."""
        first, *rest = name.split()
        return (
            first.lower() in self.towns
            and bool(rest)
            and all(
                w.islower() and w in self.english.words and w not in self.listed_names.last
                for w in rest
            )
        )

    @staticmethod
    def _worship_named(text: str, name: str, start: int, end: int) -> bool:
        """A congregation's name, where a place is put: "at Destiny Church", or opening the
        message before what is no person's doing ("Destiny Church in Dalston run ..."); not
        "mum is Sarah Church", "Sarah Church said"."""
        if not _WORSHIP_NAMED.search(name):
            return False
        before = text[:start]
        if _BEFORE_A_SERVICE.search(before):
            return True
        return not before.strip() and not _A_PERSONS_VERB.match(text, end)

    def _town_first(self, text: str, name: str, start: int) -> bool:
        """Two or more words of which the first is a UK town and no first name the lists hold
        ("Leyton Orient", "Barking Riverside"): a place's or a club's name, not a person's,
        unless a title says so ("Mr Leyton Hughes")."""
        first, *rest = name.split()
        return (
            bool(rest)
            and first.lower() in self.towns
            and first.lower() not in self.listed_names.first
            and not _TITLED.search(text[:start])
            and not any(w.lower().strip("'’") in _SCHOOLS_WORDS for w in rest)  # "Thornbury Girls"
        )

    def _in_a_place(self, text: str, start: int, end: int) -> bool:
        """A UK town or district that the name starts ("King's Cross", "Bethnal Green")."""
        rest = re.match(r"(?:['’]s)?(?:\s+[A-Z][\w'’]*){0,2}", text[end:])
        words = re.findall(r"[\w'’]+", (text[start:end] + rest.group(0)).replace("’", "'"))
        # A district named for the town beside it: "Little Ilford", "North Woolwich".
        said = [words[:n] for n in range(2, len(words) + 1)]
        if words and words[0].lower() in _PLACE_QUALIFIERS:
            said += [words[1:n] for n in range(2, len(words) + 1)]
        return any(" ".join(name).lower().replace(" 's", "'s") in self.towns for name in said)

    def _scheduled(self, text: str, start: int, end: int) -> bool:
        """A day without its year that is a deadline or a meeting's (see ``_DEADLINE``); not
        the day something happened ("didnt open it till 26 Jan", "wasn't started until 21
        October": "not ... until" says when it did)."""
        before = text[:start]
        deadline = _DEADLINE.search(before)
        if deadline and _NOT_UNTIL.search(before[: deadline.start()] + deadline.group(0)):
            deadline = None
        return bool(
            deadline
            or self._agreed_action.search(before)
            or (_ONLY_A_DAY.match(before) and _ANSWER_ENDS.match(text[end:]))
        )

    def _keep_all(self, words: str) -> bool:
        """Nothing, or only kept words ("The Hackney" before "Virtual School")."""
        words = re.sub(r"^the\b", "", words.strip(), flags=re.IGNORECASE).strip()
        return not words or self._keep(words)

    def _edge_word(self, word: str) -> bool:
        """A word that is no part of a name beside it: kept, or who the person is to someone
        ("cousin Marcus" -> "cousin [NAME]"). Not a chat word that is a first name, capitalised
        (names.py found "Ty" where only a person can be)."""
        if word.istitle() and word.lower() in self.listed_names.interjections:
            return False
        return self._keep(word) or word.lower() in _RELATION_WORDS

    def _trim(self, text: str, start: int, end: int) -> Tuple[int, int] | None:
        """Drop kept words and relations at either edge of a name ("Mum Jane" -> "Jane");
        None if all kept."""
        while start < end:
            match = re.match(r"[\w'&-]+[\s,]*", text[start:end])
            if not match or not self._edge_word(match.group(0).strip(" ,")):
                break
            word = match.group(0).strip(" ,")
            if word in _NAME_PREFIXES and text[start + match.end() : end][:1].isupper():
                break  # "Nana Yaw", "Nana Ama": part of the name
            start += match.end()
        while end > start:
            match = re.search(r"[\s,]*[\w'&-]+$", text[start:end])
            if not match or not self._edge_word(match.group(0).strip(" ,")):
                break
            end = start + match.start()
        return (start, end) if end > start else None

    def _a_thing_or_a_people(self, text: str, name: str, start: int) -> bool:
        """One capitalised word that no person's name can be where it is said: after "a" or
        "an" ("a Rose tattoo", "a Holly wreath"); an ordinary word said as a quantity ("there
        is Hope that", "a lot of Hope"); where a people comes from after "the" ("the Vietnamese
        boys"); or a compass point before a place ("North Middlesex")."""
        before = text[:start]
        if _TITLED.search(before):
            return False
        words = name.split()
        if len(words) == 2 and words[0].lower() in _COMPASS and words[1][:1].isupper():
            return True
        if (
            name.islower()
            and all(w in self.english.words for w in words)
            and (_A_THING.search(before) or _OWNED_BY.search(before))
        ):
            return True  # "a holly bush", "her abla" (her older sister, in Turkish)
        if (
            len(words) == 1
            and name[:1].isupper()
            and _A_THING_DESCRIBED.search(before)
            and _THING_FOLLOWS.match(text, start + len(name))
        ):
            return True  # "a new JD hoodie", "a fake Gucci belt": a brand on a thing
        if name.lower() in _COMMUNITIES and _OF_A_PEOPLE.search(before):
            return True  # "the family are Romanian Roma"
        if (
            len(words) == 2
            and words[1].lower() in _COMMUNITIES
            and words[0].lower() in self.english.words
        ):
            return True  # "Slovak Roma", "Irish Travellers": a people and its community
        if not name[:1].isupper() or words[0].isupper():
            return False
        if _A_THING.search(before) and all(w.islower() for w in words[1:]):
            return True  # "a Daisy hairclip": the model's name ran on over the thing
        if len(words) != 1:
            return False
        lower = name.lower()
        if _AMOUNT_OF.search(before) and lower in self.english.ordinary_words:
            return True
        return (
            bool(re.search(r"\bthe\s+$", before, re.IGNORECASE))
            and lower in self.english.words
            and (lower in _PEOPLES or lower.endswith(("ese", "ish", "ian", "ean", "can", "ani")))
        )

    def _placed_as_a_place(self, text: str, start: int, end: int) -> bool:
        """A town, county or station named like a person, where the sentence puts it as a place
        (see ``_AT_A_PLACE``)."""
        if text[start:end].lower() not in self.towns:
            return False
        before = text[:start]
        if (
            _AT_A_PLACE.search(before)
            or _MOVED_FROM.search(before)
            or _A_PLACES_SERVICE.match(text[end:])
        ):
            return True
        if not _AFTER_A_PLACE.search(before):
            return False
        earlier = re.findall(r"[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)?", before)
        return any(
            place.lower() in self.towns or place.split()[0].lower() in self.towns
            for place in earlier
        )

    def spans(self, text: str) -> List[Tuple[int, int, str]]:
        """Non-overlapping (start, end, entity) of every detail found, in text order."""
        with self._lock:  # spaCy pipelines are not guaranteed safe across threads
            results = self.analyzer.analyze(
                text, language="en", entities=list(self.placeholders), score_threshold=0.3
            )
        kept = [m.span() for m in self.kept_whole.finditer(text)]
        found = []
        # A plan's date to come (see _DEADLINE): "by 08/01/2027"; parsing the date last, the
        # costlier check. Any shorter date inside it ("january 2099") goes with it.
        planned = [
            (r.start, r.end)
            for r in results
            if r.entity_type == "FULL_DATE"
            and self._scheduled(text, r.start, r.end)
            and _ahead(text[r.start : r.end])
        ]
        for result in results:
            start, end = result.start, result.end
            if result.entity_type == "PERSON" and any(
                start < k_end and k_start < end for k_start, k_end in kept
            ):
                continue  # a name inside "Green Lanes"
            if result.entity_type == "PARTIAL_DATE" and self._scheduled(text, start, end):
                continue
            if result.entity_type in ("FULL_DATE", "PARTIAL_DATE") and any(
                p_start <= start and end <= p_end for p_start, p_end in planned
            ):
                continue
            if result.entity_type == "UK_ADDRESS" and any(
                k_start <= start and end <= k_end for k_start, k_end in kept
            ):
                continue  # "Mare Street", "Great Ormond Street": kept as a whole
            if result.entity_type == "SCHOOL" and any(
                start < k_end
                and k_start < end
                and end <= k_end
                and self._keep_all(text[start:k_start])
                for k_start, k_end in kept
            ):
                continue  # "the (Hackney) Virtual School"; not "Stoke Newington School"
            # Phone matching is lenient (drama-range numbers are "invalid"): want a whole number.
            if result.entity_type == "PHONE_NUMBER":
                if sum(c.isdigit() for c in text[start:end]) < 10:
                    continue
                # "mum (07700 900123)": the number goes, its brackets stay.
                if text[start] == "(" and ")" not in text[start:end]:
                    start += 1
                if text[end - 1] == ")" and "(" not in text[start:end]:
                    end -= 1
            if result.entity_type == "PERSON":
                trimmed = self._trim(text, start, end)
                surname = _TITLE_THEN_NAME.match(text, start, end)
                if surname and (trimmed is None or trimmed[1] < surname.end(1)):
                    # "dad (Mr Park)": the word after a title is a surname, even a place's word
                    trimmed = (surname.start(1), surname.end(1))
                if trimmed is None or "[" in text[trimmed[0] : trimmed[1]]:
                    continue
                prefix = _NAME_PREFIX_BEFORE.search(text[: trimmed[0]])
                if prefix and text[trimmed[0]].isupper():
                    trimmed = (prefix.start(1), trimmed[1])  # "says Nana Yaw threatened"
                name = text[trimmed[0] : trimmed[1]]
                if sum(c.isalpha() for c in name) < 2:  # "Appendix B"
                    continue
                titled = bool(
                    _TITLED.search(text[: trimmed[0]]) or _TITLE_THEN_NAME.match(name)
                )  # "dad (Mr Park)", "Mrs Hall rang": a surname, whatever word it is
                if (
                    name.lower() not in MONTH_NAMES
                    and not titled
                    and any(w in self.not_names for w in re.findall(r"[\w'-]+", name.lower()))
                ):
                    continue  # "Child Protection Procedures"; not "ellie-may", "May said"
                if self._a_thing_or_a_people(text, name, trimmed[0]):
                    continue  # "a Rose tattoo", "there is Hope", "the Vietnamese boys"
                if not titled and (
                    self._known_place(name)
                    or self._town_and_what(name)
                    or self._in_a_place(text, *trimmed)
                    or self._placed_as_a_place(text, *trimmed)
                ):
                    continue  # "moved to Bethnal Green", "at King's Cross", "in Kent"
                if self.possessive_place.match(text, trimmed[0]):
                    continue  # "referred to Guy's for testing": the hospital
                if _OPERATION.search(text[: trimmed[0]]) or _OPERATION_NAMED.match(name):
                    continue  # "Operation Makesafe", "op Makesafe", "Op Encompass notification"
                if _SAINT.search(text[: trimmed[0]]) or _SAINT.match(name):
                    continue  # "St Leonard's site": a place named for a saint, no person
                if (
                    " " not in name
                    and name.lower() not in self.listed_names.first
                    and _A_PLACES_SERVICE.match(text, trimmed[1])
                    and (
                        _BEFORE_A_SERVICE.search(text[: trimmed[0]])
                        or not text[: trimmed[0]].strip()
                        and _SERVICE_INITIALS.match(text, trimmed[1])
                    )
                ):
                    continue  # "Bishopsgate police": a place, named by its service
                if self._worship_named(text, name, *trimmed):
                    continue  # "Destiny Church in Dalston", "at Bethel Tabernacle"
                if self._town_first(text, name, trimmed[0]):
                    continue  # "Leyton Orient tickets": a place's name; not "Kingston Blake"
                if (
                    " " not in name
                    and name.lower() not in self.listed_names.first
                    and re.match(r"\s+ward\b", text[trimmed[1] :])
                ):
                    continue  # "Portsoken ward", "on Starlight ward": a ward's name, no person's
                institution = _NEXT_WORD.match(text, trimmed[1])
                if institution and institution.group(1).lower() in self.not_names:
                    continue  # "St Leonard's Hospital", "Kingsmead Road": a place named for one
                if (
                    re.search(r"\bthe\s+$", text[: trimmed[0]], re.IGNORECASE)
                    and not _FAMILY.match(text, trimmed[1])
                    and not (
                        " " not in name
                        and name.lower() not in self.english.words  # "the Beatles have"
                        and _A_FAMILY_DOES.match(text, trimmed[1] - 1)
                    )
                ):
                    continue  # "at the Homerton": a place or a service, not "the Okafor family"
                start, end = trimmed
                surname_first = _SURNAME_FIRST.search(text[:start])
                if surname_first and not self._keep(surname_first.group(1)):
                    start = surname_first.start()  # "POPESCU, Huong"
            found.append((start, end, result.entity_type, result.score))
        found = _dates_joined(found)
        # Longest first wins an overlap, then the surer; then back into text order.
        chosen: List[Tuple[int, int, str]] = []
        for start, end, entity, _ in sorted(found, key=lambda s: (-(s[1] - s[0]), -s[3], s[0])):
            if all(end <= c[0] or start >= c[1] for c in chosen):
                chosen.append((start, end, entity))
        chosen = _saints_joined(text, chosen) + _days_listed(text, chosen)
        chosen += self._schools_listed(text, chosen)
        return sorted(chosen + self._said_again(text, chosen))

    def _schools_listed(
        self, text: str, chosen: List[Tuple[int, int, str]]
    ) -> List[Tuple[int, int, str]]:
        """A school named bare before another in a list of a child's schools: "excluded from
        Ashgrove, then Hollymead Free School", "at Brookfield and then Oakmere Academy"; not
        a town ("moved from Leeds, then ...") or a kept word."""
        added: List[Tuple[int, int, str]] = []
        for start, _, entity in chosen:
            if entity != "SCHOOL":
                continue
            before = _SCHOOL_BEFORE_A_SCHOOL.search(text[:start])
            if not before:
                continue
            name = before.group(1)
            if (
                self._keep(name)
                or name.lower() in self.towns
                or name.lower() in world_places()
                or any(c[0] < before.end(1) and before.start(1) < c[1] for c in chosen)
            ):
                continue
            added.append((before.start(1), before.end(1), "SCHOOL"))
        return added

    def _said_again(
        self, text: str, chosen: List[Tuple[int, int, str]]
    ) -> List[Tuple[int, int, str]]:
        """A name found once is a name wherever the message says it again ("little Precious -
        Precious is the one"); one with an ordinary English word as written ("Will is 7 and
        will not eat": the rules decide the other uses of a word in another case)."""
        again: List[Tuple[int, int, str]] = []
        for name in {text[s:e] for s, e, entity in chosen if entity == "PERSON"}:
            words = re.findall(r"[^\W\d_]+", name.lower())
            ordinary = [w in self.english.ordinary_words for w in words]
            if not words or (name[:1].islower() and all(ordinary)):
                continue
            # In any case where no word of it is an ordinary one: "Lennox and lennox's cousin",
            # "her brother River ... river had nits".
            flags = 0 if any(ordinary) else re.IGNORECASE
            said = rf"(?<![\w'’-]){re.escape(name)}(?![\w-])"
            found = list(re.finditer(said, text, flags))
            if flags == 0:
                # "mum Grace ... grace said her own mum had FGM": in another case too where it
                # does what a person does (a practitioner trial's lower-case one was stored)
                found += re.finditer(rf"{said}(?=\s+{_A_PERSON_DOES})", text, re.IGNORECASE)
            for match in found:
                spans = chosen + again
                if all(match.end() <= c[0] or match.start() >= c[1] for c in spans):
                    again.append((match.start(), match.end(), "PERSON"))
        return again

    def redact(self, text: str) -> Redaction:
        kinds: List[str] = []
        pieces, cursor = [], 0
        for start, end, entity in self.spans(text):
            placeholder = self.placeholders[entity]
            pieces += [text[cursor:start], placeholder]
            cursor = end
            if placeholder not in kinds:
                kinds.append(placeholder)
        pieces.append(text[cursor:])
        return Redaction("".join(pieces), tuple(kinds))


@lru_cache(maxsize=1)
def redactor() -> Redactor:
    return Redactor()
