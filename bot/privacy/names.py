"""People's names without a cue ("amira said...", "Tyrese was seen"), from name lists and context.

The lists are Faker's (MIT; its person providers: first names and surnames for 80-odd locales,
en_GB and the languages of London's families among them; the Latin-script ones are used).
A listed word is a name or not by its context:

- **An English word too** ("Will", "May", "Grace", "Frank", "Hope"): the English vocabulary is
  WordNet's, from the lemmatizer of the spaCy pipeline the redactor runs anyway. Such a word is a
  name only where the tagger calls it a proper noun, it is capitalised where a sentence cannot
  start, and the word after it is not one that makes it a phrase ("Grace period", "Angel
  station"); at the start of a sentence only before a verb or a bracket ("Grace (aged 6)", "Will
  is...") and never as a month or day. A cue word before it ("little Will", "aka Sunny") is
  enough whatever its case.
- **Not an English word** ("Amira", "tyrese", "THIAGO"): a name in any case, unless the tagger
  calls it a verb, pronoun or the like.
- **Surnames**: a word after a found first name that is capitalised and no English word (or a
  listed surname), or in lower case a listed surname and no English word ("tasnim esposito").
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import re
import unicodedata
from functools import lru_cache
from typing import Callable, Collection, FrozenSet, Iterable, List, Tuple

from spacy.strings import hash_string

from bot.privacy.patterns import PARTICLES, RELATIONS

_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
# What only a person does, said of them in the past: "Grace told me", "May said" (not "Penny
# dropped", "Chase CAMHS": the tagger calls an unknown word a past-tense verb too).
_SAYING = {
    "say", "tell", "ask", "disclose", "report", "explain", "admit", "deny", "mention", "ring",
    "attend",
    "phone", "text", "email", "reply", "shout", "scream", "cry", "complain", "refuse", "agree",
    "confirm", "claim", "allege",
}  # fmt: skip
# Before "to": what is done to a person ("spoke to tanvir"), not a place ("went to tesco").
_TALK = {
    "speak", "talk", "say", "explain", "write", "send", "give", "tell", "listen", "reply",
    "chat", "text", "ring", "call", "refer", "introduce", "happen", "belong", "close", "next",
}  # fmt: skip
# Words before a name that mark it as one whatever it looks like.
CUES = frozenset(
    {"little", "baby", "aka", "a.k.a.", "nicknamed", "called", "named", "miss", "master"}
)
# Tags a listed word has when it is doing another job in the sentence.
_NOT_A_NAME_TAGS = {"AUX", "VERB", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "NUM", "SYM"}
# After an English word that is also a name, this makes it one: "Grace (aged 6)".
_AFTER_A_NAME = {"("}
# Before an English word that is also a name, these make it a place: "found in Kent".
_BEFORE_A_PLACE = {"in", "near", "outside", "around", "towards"}
# Before a word in lower case that is no English word, these make it a person: "about tanvir".
_BEFORE_A_PERSON = {
    "for", "about", "with", "w/", "to", "and", "n", "told", "met", "saw", "says", "said",
    "referrer", "victim", "perpetrator", "re", "patient", "client", "children", "kids",
    "siblings", "twins",
}  # fmt: skip
# What is done to a person, before a listed name in lower case that is no English word
# ("visited amara", "getting kaden to carry"); not to a place ("went to", "from").
_TAKES_A_PERSON = {
    "visited", "visit", "visiting", "tell", "telling", "seen", "see", "seeing", "getting",
    "picked", "collected", "phoned", "rang", "texted", "messaged", "hit", "hits", "grabbed",
    "left", "leaving", "asked", "ask", "warned", "threatened", "groomed", "grooming",
}  # fmt: skip
# Of those, the ones that never come before a place ("for Dalston" is a place as often).
_ONLY_BEFORE_A_PERSON = {
    "told", "met", "saw", "says", "said", "referrer", "victim", "perpetrator", "patient",
    "client", "children", "kids", "siblings", "twins", "about",
}  # fmt: skip
# Labels of what identifies a person, after their name: "plamedie dob ...", "Sana Mensah NHS
# no.", "Gurpreet (DOB ...)".
_LABELS = {"dob", "d.o.b", "d.o.b.", "nhs", "aged", "born"}
# A postcode's outward part after a word and a comma: "Reuben, E17 9PW".
_OUTWARD = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")
# Where a word after "to" is a place, not a person: "the 38 bus to Angel", "went to Victoria".
_GOING = {
    "go", "come", "take", "travel", "move", "head", "walk", "run", "drive", "get", "return",
    "fly", "relocate", "bus", "train", "tube", "ticket", "trip", "journey", "way", "route",
}  # fmt: skip
# Months that are first names too: a person only where they say or do what a person does.
MONTH_NAMES = {"april", "may", "june", "august", "jan"}
# After a word at the start of a sentence, what a person does next: "Efua is self-harming".
_AFTER_A_SUBJECT = {"VERB", "AUX"}
# Before a listed word, these make it part of a phrase: "Christmas Eve", "Operation Encompass".
OCCASIONS = {"christmas", "new", "operation", "op"}
# After a word, what places a child in a school or an age: "amira in year 8", "grace in
# reception", "hope (aged 6)", "will, aged 9". Strong enough for a listed word in any case.
_CLASS_GROUP = {"year", "yr", "y", "reception", "nursery"}
_AGE = {"aged", "age"}
# Words before another that make it their object or part of their phrase: "have faith", "the grace".
_GOVERNS = {"VERB", "AUX", "ADP", "DET", "ADJ", "PRON"}
# After "is" and a child's age, what ends the saying of it: "will is 6 and keeps", "Summer is 4,".
_AGE_ENDS = {",", ".", ";", "!", "?", "-", "and", "but", "now", "so", "yo", "y/o", "yrs", "(", ")"}
_AGE_UNITS = {"months", "month", "weeks", "week", "years", "year", "yrs", "yr", "mths", "wks"}
# "we call him jojo", "everyone calls him Skinny": a nickname; not "call her back".
_NOT_A_NICKNAME = {
    "back", "later", "again", "names", "out", "up", "now", "today", "tomorrow", "tonight",
    "first", "after", "before", "when", "if", "about", "every", "each", "asap", "once",
}  # fmt: skip
# Between "her" and a relation: "blessing and her little brother".
_RELATION_ADJECTIVES = {"little", "big", "older", "younger", "baby", "new", "twin", "eldest"}
# After a name, when something was said or done with them: no phrase's second word ("with
# Amber rating"), though the tagger calls them nouns.
_WHEN = {"today", "yesterday", "tonight", "tomorrow", "this", "last", "earlier", "again"}
# Between a name and what they did: "Zofiya - not seen since half term".
_NEGATIONS = {"not", "never", "still"}
# Which of a family's children, said before the child's name: "her youngest, Folake,".
_BIRTH_ORDER = {"youngest", "eldest", "oldest", "middle", "firstborn", "twin"}
_YEAR_NUMBERS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
}  # fmt: skip


# Before the last word of a message, what makes it who wrote it: "... - Olu", "thanks, Olu".
_SIGN_OFFS = {"-", "–", "—", ",", "thanks", "cheers", "regards", "thx", "ta", "from"}


def _from_somewhere(words: List[_Word], index: int) -> bool:
    """ "Kemi from EH thinks", "Naomi from Gresham Vale rang": from a service, then a verb."""
    rest = words[index + 1 : index + 6]
    if len(rest) < 3 or rest[0].lower != "from" or not rest[1].text[:1].isupper():
        return False
    return any(w.tag == "VERB" and w.fine in ("VBZ", "VBD") for w in rest[2:])


# "O'Brien", "D'Souza": a name's own apostrophe, not a possessive.
_APOSTROPHE = re.compile(r"[^\W\d_]+['’][^\W\d_]{2,}")


def _with_a_relation(words: List[_Word], index: int) -> bool:
    """ "Princess and her sister", "Destiny with her mum", "blessing and her little brother":
    one of a family."""
    after = [w.lower for w in words[index + 1 : index + 5]]
    if len(after) == 4 and after[2] in _RELATION_ADJECTIVES:
        del after[2]
    after = after[:3]
    return (
        len(after) == 3
        and after[0] in ("and", "&", "with", "n")
        and (
            after[1] in ("her", "his", "their")
            and (after[2] in RELATIONS or after[2].rstrip("s") in RELATIONS)
            # "Fatou and the kids are at": a parent and the children
            or after[1] == "the"
            and after[2] in ("kids", "children", "baby", "twins", "boys", "girls")
        )
    )


def _relation_named(words: List[_Word], index: int) -> bool:
    """ "her little brother marvellous were left": a word between someone's relation and what
    they did is the relation's name, whatever word it is."""
    if index < 2 or words[index].tag not in ("ADJ", "NOUN", "PROPN") or not words[index].alpha:
        return False
    relation = words[index - 1].lower
    owner = [w.lower for w in words[max(0, index - 3) : index - 1]]
    following = words[index + 1] if index + 1 < len(words) else None
    return (
        relation in RELATIONS
        and any(o in ("her", "his", "their") for o in owner)
        and following is not None
        and following.tag in ("AUX", "VERB")
        and following.fine in ("VBD", "VBZ")
    )


# Before a word, what says it is a person rather than an organisation: "with Siân and",
# "for Maisie-Leigh here", "Im Lerato", "it's Khadeeja".
_BEFORE_ONLY_A_PERSON = {
    "with", "w/", "for", "about", "re", "told", "met", "saw", "called", "named", "m", "'m", "’m",
    "its", "it's",
    # what is done to a person, never to a firm: "no one has seen Mikey since"
    "seen", "visited", "arrested", "stopped", "collected", "hit",
}  # fmt: skip


def _where_a_person_is(words: List[_Word], index: int) -> bool:
    """Said where only a person is: after a word of ``_BEFORE_ONLY_A_PERSON`` ("it 's" too),
    after what is said or given to someone ("spoke to", "a visit to"), or before "and" and
    someone's relation ("Oluwaseun and twins", "D'Andre and his sister"), or a relation after a
    comma ("Oumou Sangaré-Diallo, mum of ...")."""
    previous = words[index - 1].lower if index else ""
    before = words[index - 2].lower if index >= 2 else ""
    if previous in _BEFORE_ONLY_A_PERSON or (previous in ("'s", "’s") and before == "it"):
        return True
    if previous == "to" and index >= 2 and words[index - 2].lemma in _TALK | {"visit"}:
        return True
    end = index + 1
    while end < min(len(words), index + 3) and words[end].text.istitle() and not words[end].english:
        end += 1  # past a surname: "Oumou Sangaré-Diallo, mum of ..."
    after = [w.lower for w in words[end : end + 2]]
    return len(after) == 2 and (
        (
            after[0] in ("and", "&")
            and (after[1] in ("his", "her", "their", "twins") or after[1] in RELATIONS)
        )
        or (after[0] == "," and after[1] in RELATIONS)
    )


# A family's children, before a list of their names: "the kids - tiana, malachi and zion -".
_CHILDREN = {
    "kids", "children", "siblings", "twins", "triplets", "boys", "girls", "sons", "daughters",
    "grandchildren",
}  # fmt: skip
_LIST_OPENS = {"-", "–", "—", ":", "("}
# "the kids are roman and rocky", "the twins were ..."; not how they are, where a list holds
# the word as a name too ("sad", "fed", "young", "little")
_PLAIN_STATES = {"sad", "fed", "young", "little"}
_NAMING_VERBS = {"are", "were"}
_LIST_CLOSES = {"-", "–", "—", ")", ".", ";", "are", "were", "have", "had", "all", "both"}


# After "is" or "was" and a person asked about: "is wei still at ...", "was jojo ok".
_ASKED = {"still", "ok", "okay", "alright", "safe", "attending", "living", "staying", "allowed"}


def _asked_after(words: List[_Word], index: int) -> bool:
    """ "is wei still at pellow hill": a question's subject in lower case, no ordinary word,
    between "is" (or "was", "has") starting the question and how they are."""
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else None
    return (
        index >= 1
        and word.alpha
        and len(word.text) > 1
        and not word.ordinary
        and word.tag not in _NOT_A_NAME_TAGS
        and words[index - 1].lower in ("is", "was", "has")
        and words[index - 1].sentence_start
        and following is not None
        and following.lower in _ASKED
    )


def _of_concern(words: List[_Word], index: int) -> bool:
    """ "concerns around Zee", "worries about Kez": a capitalised word, no ordinary one, that
    the worry is about."""
    word = words[index]
    return (
        index >= 2
        and word.alpha
        and word.text.istitle()
        and not word.ordinary
        and words[index - 1].lower in ("around", "about", "re", "regarding", "for", "over")
        and words[index - 2].lemma in ("concern", "worry", "worried", "concerned")
        and (index + 1 >= len(words) or words[index + 1].tag not in ("NOUN", "PROPN"))
    )


def _previous(words: List[_Word], index: int) -> str:
    """The word before, in lower case; a relation where one is said to be the word ("dad is
    dawit", "nan: valentina", "our pupil, zara")."""
    previous = words[index - 1].lower if index else ""
    if (
        previous in ("is", "was", ":", ",", "=")
        and index >= 2
        and words[index - 2].lower in RELATIONS
    ):
        return words[index - 2].lower
    if (
        previous in ("-", "–")
        and index >= 2
        and words[index - 2].lower in RELATIONS
        and index + 1 < len(words)
        and words[index + 1].lower in ("-", "–", ",")
    ):
        return words[index - 2].lower  # "yr 7 boy - jack - said": who, set off by dashes
    if previous in ("is", "was", ":", ",") and index >= 2 and words[index - 2].lower in _WORK_ROLES:
        return "pupil"  # "the new sw is Eilidh", "the sw, kezia,": a person, as after a relation
    if (
        previous in (",", "is", "was", ":")
        and index >= 2
        and words[index - 2].lower in _BIRTH_ORDER
    ):
        return "child"  # "Mrs Oyelaran's youngest, Folake,", "youngest is ayomide": which, who
    if previous in ("is", "was", ":") and index >= 2 and words[index - 2].lower in _HARMED:
        return "child"  # "victim is Georgia, 14"
    if previous == "," and index + 1 < len(words) and words[index + 1].lower == ",":
        # "one of our yr 4s, tayo, came in", "one of mine, precious-grace, said": which, who
        for back in range(index - 3, max(-1, index - 8), -1):
            if words[back].lower == ",":
                break
            if words[back].lower == "one" and words[back + 1].lower == "of":
                return "pupil"
    return previous


# Who a report is about, said of a person: "victim is Georgia".
_HARMED = {"victim", "perpetrator", "suspect", "complainant", "referrer", "patient", "client"}


def _labelled(words: List[_Word], index: int) -> bool:
    """ "plamedie dob", "Nusrat (NHS ...", "Ananya 999 235 7800", "... 2739 (Rahima)": what
    identifies a person, beside the word."""
    after = [w.lower for w in words[index + 1 : index + 3]]
    if after[:1] and after[0] in _LABELS:
        return True
    if after[:1] == [","] and after[1:2] and after[1] in _LABELS - {"aged", "born"}:
        return True  # "hv for Ruby, dob 28 Feb 2022"
    # An NHS number ("Ananya 999 235 7800", "Ananya 9992357800"), not "Calpol 120", "Covid 19"
    if after[:1] and after[0].isdigit() and len(after[0]) == 10:
        return True
    if len(after) == 2 and all(a.isdigit() and len(a) == 3 for a in after):
        return True
    if after[:1] == ["("] and after[1:2] and after[1] in _LABELS:
        return True
    if (
        after[:1] == ["("]
        and after[1:2]
        and _age(after[1])
        and index + 3 < len(words)
        and words[index + 3].lower == ")"
    ):
        return True  # "Wei Chen (7) and Lin Chen (4)": a child's age in brackets
    if after[:1] == [","] and index + 2 < len(words) and _OUTWARD.fullmatch(words[index + 2].text):
        return True  # "Reuben, E17 9PW"
    return (
        index >= 2
        and words[index - 1].lower == "("
        and words[index - 2].lower.isdigit()
        and after[:1] == [")"]
    )


def _age_in_units(after: List[str]) -> bool:
    """ "(18 months)", "(2 yrs)", "(6 weeks old)": a child's age in brackets with its unit."""
    if after[:1] != ["("] or len(after) < 4 or not after[1].isdigit():
        return False
    return after[2] in _AGE_UNITS and after[3] in (")", "old")


def _class_in_brackets(after: List[str]) -> bool:
    """ "(yr 11)", "(year 4)", "(reception)": a child's school year in brackets."""
    if after[:1] != ["("] or len(after) < 3:
        return False
    if after[1] in ("reception", "nursery"):
        return after[2] == ")"
    if after[1] in _CLASS_GROUP and after[2].endswith(")"):
        return _number(after[2][:-1])  # "(yr 8)", which the tokenizer reads as "yr", "8)"
    return after[1] in _CLASS_GROUP and len(after) == 4 and _number(after[2]) and after[3] == ")"


def _age_in_brackets(words: List[_Word], index: int) -> bool:
    """ "May (5)", "May, 5,": a child's age right after the word."""
    after = [w.lower for w in words[index + 1 : index + 4]]
    return len(after) == 3 and _age(after[1]) and (after[0], after[2]) in _AGE_MARKS


def _described(words: List[_Word], index: int) -> bool:
    """ "Boogie is her boyfriend", "kiera, her teacher", "kiera the TA": the word is a person
    the sentence says who they are to someone."""
    after = [w for w in words[index + 1 : index + 4]]
    lowers = [w.lower for w in after]
    if lowers[:1] and lowers[0] in ("is", "was", ","):
        lowers, after = lowers[1:], after[1:]
    if len(lowers) >= 2 and lowers[0] in ("her", "his", "their", "my", "our"):
        return lowers[1] in RELATIONS or lowers[1].rstrip("s") in RELATIONS
    return (
        len(after) >= 2
        and lowers[0] == "the"
        and (
            lowers[1] in RELATIONS
            or lowers[1].rstrip("s") in RELATIONS  # "Bill is the childs dad"
            or (after[1].text.isupper() and len(after[1].text) <= 4)
        )
    )


# Around a child's age said after a name: "Favour, 15, is", "tia (6) says"
_AGE_MARKS = {(",", ","), ("(", ")"), (",", ")")}
# Who a word can be, said again later in the sentence: "grace was quiet ... her coat"
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
# Who someone is at work, after their name: "Grace, the youth worker, has...", "Mark, the head,"
# Who looks after a child, whose plural a possessive without its apostrophe can look like a name
_CARERS = {"carer", "parent", "guardian", "sibling", "twin", "cousin", "neighbour"}
_WORK_ROLES = {
    "head", "headteacher", "deputy", "teacher", "ta", "senco", "sendco", "tutor", "mentor",
    "youth", "social", "sw", "hv", "gp", "nurse", "midwife", "doctor", "paediatrician", "manager",
    "tm", "dsl", "lead", "officer", "pc", "keyworker", "worker", "counsellor", "therapist",
    "coach", "childminder", "iro", "chair", "advocate", "caseworker", "receptionist",
}  # fmt: skip


def _introduced(words: List[_Word], index: int) -> bool:
    """ "Grace, the youth worker, has...": a first name, then who they are at work or to
    someone between commas; also at the start of a sentence, where a capital says nothing."""
    after = [w.lower for w in words[index + 1 : index + 5]]
    if (
        after[:1] != [","]
        or len(after) < 3
        or after[1] not in ("the", "her", "his", "our", "their")
    ):
        return False
    return after[2] in _WORK_ROLES or after[2] in RELATIONS


# What a relation "is" that is no name: a faith, or where a family is from ("dad is Muslim",
# "mum is Polish", "nan is Nigerian").
_BELIEFS = {
    "muslim", "catholic", "jewish", "hindu", "sikh", "buddhist", "orthodox", "protestant",
    "pentecostal", "evangelical", "rastafarian", "white", "black", "mixed", "deaf", "blind",
    "thai", "afghan", "somali", "iraqi", "pakistani", "bangladeshi", "nepali", "kuwaiti",
}  # fmt: skip


def _belief_or_origin(word: _Word) -> bool:
    return word.lower in _BELIEFS or (
        word.english and word.lower.endswith(("ian", "ish", "ese", "ean", "can"))
    )


def _apposed(words: List[_Word], index: int) -> bool:
    """ "Bill, mums boyfriend, is 58", "Bear, the youngest, is 18 months": a word, then who
    the person is to someone or in the family between commas, then what they are or do."""
    after = [w.lower for w in words[index + 1 : index + 6]]
    if after[:1] != [","] or "," not in after[2:]:
        return False
    said = after[1 : after.index(",", 2)]
    if not 1 <= len(said) <= 2 or index + len(said) + 3 >= len(words):
        return False
    who = said[-1]
    owner = said[0] if len(said) == 2 else ""
    close = words[index + len(said) + 3]
    return (
        (who in RELATIONS or who in _BIRTH_ORDER or who in _WORK_ROLES)
        and (
            not owner
            or owner in ("the", "her", "his", "their", "our", "my")
            or owner.endswith(("s", "'s", "’s"))
            and owner.rstrip("'’s") in RELATIONS
        )
        and close.tag in ("AUX", "VERB")
    )


def _someones(words: List[_Word], index: int) -> bool:
    """ "Mo is my boyfriend": a capitalised proper noun, no ordinary word, relation or place,
    said to be someone's relation (at the start of a sentence too, where "Mark is the dad"
    could be a role's acronym: "Camden is the LA")."""
    word = words[index]
    lowers = [w.lower for w in words[index + 1 : index + 4]]
    return (
        word.text.istitle()
        and word.tag == "PROPN"
        and not word.ordinary
        and not word.place
        and word.lower not in RELATIONS
        and word.lower not in _WORK_ROLES
        and len(lowers) == 3
        and lowers[0] in ("is", "was", "'s", "’s")
        and lowers[1] in ("her", "his", "their", "my", "our")
        and (lowers[2] in RELATIONS or lowers[2].rstrip("s") in RELATIONS)
    )


def _reported(words: List[_Word], index: int) -> bool:
    """ "she said Zee did it": a capitalised word between "said" and what it did, if no
    ordinary English word ("said Prevent was consulted")."""
    following = words[index + 1] if index + 1 < len(words) else None
    return (
        index > 0
        and words[index - 1].lower in ("said", "says", "told")
        and words[index].tag == "PROPN"
        and not words[index].ordinary
        and following is not None
        and following.tag in _AFTER_A_SUBJECT
    )


# Where what is said starts, before its subject: "mum said Hope was crying", "and Will keeps".
_BEFORE_A_SUBJECT = {
    "said", "says", "that", "and", "but", "because", "when", "as", "while", ",", ":",
}  # fmt: skip
# After "is" or "was", what makes the word before a thing described: "Hope is the only thing".
_DESCRIBED = {"DET", "NOUN", "PRON", "NUM"}
# Before a capitalised name, what is said of, to or with a person: "about Sunny", "with Honey".
_SPOKEN_OF = {"about", "with", "w/", "told", "met", "saw", "asked", "re", "called", "phoned"}
# What is said of someone seen or heard doing something: "noticed Ty hasn't eaten".
_NOTICING = {"notice", "hear", "see", "find", "say", "think", "know", "feel", "worry", "suspect"}
# Verbs whose object is a person: "dad hit Will", "nan collected Grace", "left Rose alone".
_DONE_TO_A_PERSON = {
    "hit", "slap", "smack", "kick", "punch", "push", "grab", "hurt", "bite", "beat", "shake",
    "threaten", "scare", "touch", "groom", "follow", "collect", "visit", "meet", "see", "tell",
    "ask", "phone", "ring", "take", "bring", "leave", "lock", "feed", "bath", "dress", "blame",
    "shout", "pick", "drop", "send", "let", "make", "help", "teach", "support",
}  # fmt: skip


# Of those, the ones whose object in lower case is a person, never a thing: "meet levi",
# "known dami", "collects mikey", "saw ruby" (not "take", "bring", "leave", "make").
_DONE_TO_ONLY_A_PERSON = {
    "hit", "slap", "smack", "kick", "punch", "grab", "hurt", "bite", "threaten", "groom",
    "collect", "visit", "meet", "see", "know", "tell", "ask", "phone", "ring", "text", "refer",
    "blame", "bully", "assault", "abuse", "babysit", "weigh", "reweigh",
}  # fmt: skip


# What only a person does, said in the past: "Shay came to the session" (not "Penny dropped").
_PERSON_DOINGS = {
    "come", "go", "run", "arrive", "leave", "return", "walk", "disclose", "attend", "cry",
    "scream", "refuse", "abscond", "storm", "hide",
}  # fmt: skip
# After two names and "are": "Sky and Storm are both ...", "... are twins".
_BOTH_OR_KIN = {
    "both", "twins", "siblings", "cousins", "brothers", "sisters", "half-siblings", "still",
}  # fmt: skip
# What is said only of a person after "is", "was", "has": "Chelsea was missing again".
_PERSON_STATES = {
    "missing", "seen", "found", "excluded", "arrested", "born", "crying", "scared", "upset",
    "hurt", "injured", "absent", "pregnant", "self-harming", "groomed", "assaulted", "abused",
}  # fmt: skip
# How only a person is: "will was withdrawn" (not "mark was high")
_FEELINGS = {
    "been", "withdrawn", "tearful", "distressed", "angry", "frightened", "quiet", "sad",
    "anxious", "unhappy", "worried", "happy", "subdued", "agitated",
}  # fmt: skip
# What is done to a child, said in the passive: "harry was picked up" (not "bill was paid")
_DONE_TO_A_CHILD = {
    "pick", "collect", "exclude", "arrest", "see", "find", "take", "place", "accommodate",
    "exploit", "bully", "hit", "kick", "punch", "stab", "attack", "threaten", "groom",
    "assault", "abuse", "hurt", "injure", "interview", "stop", "search", "admit", "discharge",
    "suspend", "restrain", "smack", "slap", "push", "assess", "recover", "report",
}  # fmt: skip
# Verbs with two objects, a person first: "giving Finlay lifts home", "bought Kai a phone".
_GIVING = {
    "give", "buy", "send", "show", "offer", "bring", "lend", "pay", "teach", "owe", "promise",
    "hand", "get",
}  # fmt: skip


def _gone_to(words: List[_Word], index: int) -> bool:
    """ "the 38 bus to Angel", "went to Victoria": a place, unless it has something ("went to
    Amira's")."""
    following = words[index + 1] if index + 1 < len(words) else None
    return (
        index >= 2
        and words[index - 1].lower in ("to", "towards")
        and words[index - 2].lemma in _GOING
        and not (following is not None and following.lower in ("'s", "’s"))
    )


# What a person has, that a place or a thing has not: "Faith's phone", "Hope's mum".
_BELONGINGS = {
    "phone", "mobile", "number", "dob", "bedroom", "address", "email", "birthday", "nhs",
    "school", "nursery", "attendance", "gp", "class", "overdose", "disclosure", "injuries",
    "bruises", "bruising", "house", "flat", "room", "plan", "referral", "case", "file",
    # what a health service records of a child: "Phoebes weight dropped again"
    "weight", "height", "bmi", "meds", "medication", "appointment", "appointments", "appts",
    "hearing", "eyesight", "diagnosis", "assessment",
}  # fmt: skip


# Who a person has, written after a possessive with no apostrophe ("Kyrans probation officer").
_OWNED_SERVICES = {"probation", "camhs", "yot", "yos", "caseworker", "solicitor", "school", "hv"}
_OBJECT_PRONOUNS = {"us", "me", "him", "them", "her", "we", "you", "it", "they", "he", "she"}


def _owner(words: List[_Word], index: int) -> bool:
    after = [w.lower for w in words[index + 1 : index + 3]]
    return (
        len(after) == 2
        and after[0] in ("'s", "’s")
        and (after[1] in _BELONGINGS or after[1] in RELATIONS)
    )


def _worker_of(words: List[_Word], index: int) -> bool:
    """ "Leon's YOS worker", "Leon's class teacher", "Leon's sw": who works with the word's
    person, named in at most two words after the possessive."""
    after = [w.lower for w in words[index + 1 : index + 4]]
    if not after or after[0] not in ("'s", "’s"):
        return False
    return any(a in _WORK_ROLES for a in after[1:3]) and not any(
        a in _SENTENCE_ENDS or a == "," for a in after[1:2]
    )


_QUOTES = {"'", '"', "‘", "’", "“", "”"}


def _quoted(words: List[_Word], index: int) -> bool:
    """The word alone between quotes: "'Kaz'", "“Toby”"."""
    return 0 < index < len(words) - 1 and {words[index - 1].text, words[index + 1].text} <= _QUOTES


def _compound_head(words: List[_Word], index: int) -> bool:
    """A word after a plain noun in lower case, the head of the pair ("mosque imam", "school
    nurse"); not after a relation or a word before a person ("dad shahid", "client amira")."""
    previous = words[index - 1] if index else None
    return (
        previous is not None
        and previous.tag == "NOUN"
        and previous.text.islower()
        and previous.english
        and previous.lower not in RELATIONS
        and previous.lower not in _BEFORE_A_PERSON
        and previous.lower not in _WORK_ROLES
    )


def _acronym(word: str) -> bool:
    """ "CAIT", "ABE", "TV": a short word in capitals is a service or a thing, not a person
    ("THIAGO" is one; "POPESCU, Huong" is found by its pattern)."""
    return word.isupper() and len(word) <= 4


def _vowel(word: str) -> bool:
    return any(c in "aeiouyàáâãäåèéêëìíîïòóôõöùúûü" for c in word)


def _number(word: str) -> bool:
    return word.isdigit() or word in _YEAR_NUMBERS


def _age(word: str) -> bool:
    """A child's age: 0 to 18, in figures or words."""
    return (word.isdigit() and int(word) <= 18) or word in _YEAR_NUMBERS


def _aged(words: List[_Word], index: int) -> bool:
    """ "will is 6 and keeps saying", "Summer is 4,", "precious is 9 months old", "is skye,
    she's 14": a child's age said of the word (not "the plan is 6 weeks", "attendance is 80%",
    "May is 6 weeks away", "she is 6")."""
    word = words[index]
    if word.tag in ("PRON", "DET", "ADP", "NUM"):  # a modal before "is" cannot be: "will is 6"
        return False
    rest = [w.lower for w in words[index + 1 : index + 6]]
    if rest[:1] == [","] and rest[1:2] in (["she"], ["he"]) and rest[2:3] in (["'s"], ["is"]):
        # "the girl i'm worried about is skye, she's 14"; not "go to heaven, she's 7"
        return len(rest) > 3 and _age(rest[3]) and words[index - 1].tag not in ("ADP", "DET")
    if not (word.sentence_start or words[index - 1].lower in _BEFORE_A_SUBJECT):
        return False
    if rest[:1] == [","] and rest[1:2] and _age(rest[1]) and rest[2:3] in ([","], [")"]):
        return True  # "Justice, 16, has been excluded"
    if rest[:1] == [","]:
        rest = rest[1:]  # "the older one, deshawn, is 16"
    if len(rest) < 2 or rest[0] not in ("is", "was", "turned", "turns") or not _age(rest[1]):
        return False
    after = rest[2:]
    if not after or after[0] in _AGE_ENDS:
        return True
    return after[0] in _AGE_UNITS and after[1:2] == ["old"]


def _after_an_age(words: List[_Word], index: int) -> bool:
    """ "pregnant 19yo, Shannon, care leaver": a capitalised word set between commas after an
    age (a held-out conversation's name reached the summary)."""
    if index < 2 or index + 1 >= len(words) or not words[index].text.istitle():
        return False
    before, age, after = words[index - 1].lower, words[index - 2].lower, words[index + 1].lower
    said = " ".join(w.lower for w in words[max(0, index - 4) : index - 1])
    aged = re.search(r"\b\d{1,2}\s*(?:yo|y/o|yrs?|years?|year old|years old)?$", said)
    aged = aged and age not in ("and", "or")
    return before == "," and after in (",", ")", "-", "–") and bool(aged)


def _initial(words: List[_Word], index: int) -> bool:
    """ "Noah M in yr 2": a surname's initial, a capital letter alone (not "I" or "A") after a
    capitalised word, before no other capitalised one."""
    if index >= len(words) or not index or not words[index - 1].text.istitle():
        return False
    letter, following = words[index].text, words[index + 1] if index + 1 < len(words) else None
    return (
        len(letter) == 1
        and letter.isupper()
        and letter not in ("I", "A")
        and (following is None or not following.text[:1].isupper())
    )


def _in_a_class(words: List[_Word], index: int) -> bool:
    """ "Reign is in nursery", "Amani is in year 4": a child's class said of the word."""
    lowers = [w.lower for w in words[index + 1 : index + 5]]
    if lowers[:2] not in (["is", "in"], ["was", "in"]) or len(lowers) < 3:
        return False
    return lowers[2] in ("reception", "nursery") or (
        lowers[2] in _CLASS_GROUP and len(lowers) > 3 and _number(lowers[3])
    )


def _nicknamed(words: List[_Word], index: int) -> bool:
    """ "we call him jojo", "everyone calls him Skinny", "a guy they call Smiley": what a
    person is called."""
    word = words[index]
    if index >= 2 and words[index - 1].lemma == "call" and words[index - 2].lower in _CALLERS:
        following = words[index + 1] if index + 1 < len(words) else None
        return (
            (word.text.istitle() or not word.ordinary)  # "everyone calls dre (Andre ...)"
            and word.tag not in _NOT_A_NAME_TAGS
            and (following is None or following.tag not in ("NOUN", "PROPN"))
        )  # "the lad they call Trigger was there"; not "we call Childline" (a keep word)
    return (
        index >= 2
        and words[index - 1].lower in ("him", "her", "them")
        and words[index - 2].lemma == "call"
        and word.lower not in _NOT_A_NICKNAME
        and word.tag not in _NOT_A_NAME_TAGS
        and (word.text[:1].isupper() or not word.ordinary)
    )


def _in_brackets_after(words: List[_Word], index: int, who: Collection[str]) -> bool:
    """ "mum (Bola)", "the youngest (Ashton)": the word alone in brackets after one of ``who``."""
    return (
        2 <= index < len(words) - 1
        and words[index - 1].lower == "("
        and words[index - 2].lower in who
        and words[index + 1].lower == ")"
    )


def _nickname_follows(words: List[_Word], index: int) -> bool:
    """ "Oluwadamilare (we call him Dami)", "Araminta (everyone calls her Minty)": the name
    before what the person is called, in brackets."""
    after = [w.lower for w in words[index + 1 : index + 5]]
    return (
        len(after) == 4
        and after[0] == "("
        and after[1] in _CALLERS
        and words[index + 3].lemma == "call"
        and after[3] in ("him", "her", "them")
    )


# Who calls a person by a nickname: "a guy they call Smiley".
_CALLERS = {
    "they",
    "we",
    "everyone",
    "everybody",
    "people",
    "kids",
    "friends",
    "lads",
    "girls",
    "all",
}  # "they all call him"


def _latin(name: str) -> bool:
    return all(c in "-' " or unicodedata.name(c, "").startswith("LATIN") for c in name)


def _from_faker(attributes: Iterable[str]) -> FrozenSet[str]:
    """Every Latin-script value of ``attributes`` in Faker's person providers, lower case."""
    import faker.providers.person as person

    found = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute in attributes:
            names = next((vars(k)[attribute] for k in provider.__mro__ if attribute in vars(k)), ())
            if isinstance(names, (list, tuple, dict, set, frozenset)):
                found.update(n.lower() for n in names if isinstance(n, str) and _latin(n))
    # As people type them, without their accents: "Thúy" as "thuy", "Wiśniewski" as "wisniewski".
    return frozenset(found | {_unaccented(n) for n in found})


def _unaccented(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def first_names() -> FrozenSet[str]:
    return frozenset(n for n in _from_faker(_LISTS) if len(n) > 1 and " " not in n)


@lru_cache(maxsize=1)
def surnames() -> FrozenSet[str]:
    return frozenset(n for n in _from_faker(("last_names",)) if len(n) > 2 and " " not in n)


class English:
    """Whether a token is an English word: one of WordNet's (the lemma index of the spaCy
    pipeline's lemmatizer, so "excluded" counts through its lemma) or a stop word. WordNet's
    nouns include people and places ("naomi", "santiago"): ``ordinary`` words are those it also
    has as a verb, adjective or adverb ("grace", "frank", "rose"), or stop words."""

    def __init__(self, nlp) -> None:  # noqa: ANN001 (a spaCy Language)
        lookups = nlp.get_pipe("lemmatizer").lookups
        index, irregular = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
        nouns = hash_string("noun")

        def forms(keep: Callable[[int], bool]) -> FrozenSet[str]:
            """Lemmas of the parts of speech kept, and their irregular forms ("rang")."""
            lemmas = {word for key, words in index.items() if keep(key) for word in words}
            inflected = {form for key, table in irregular.items() if keep(key) for form in table}
            return frozenset(lemmas | inflected)

        self.words = forms(lambda key: True)
        self.ordinary_words = forms(lambda key: key != nouns)

    def __call__(self, token) -> bool:  # noqa: ANN001 (a spaCy Token)
        return self._known(token, self.words)

    def misspelt_or_joined(self, word: str, names: FrozenSet[str] = frozenset()) -> bool:
        """A word in no dictionary that is one slip from one of its words ("attendence",
        "recieved") or two of them run together ("timeframe", "childminder"): a practitioner's
        typing, not a name. Only longer words: a short name is one slip from many words; and
        run together only in lower case ("Hollybrook" is a name). A slip from one of ``names``
        is another spelling of a name ("Ibrahima", one letter from WordNet's "Ibrahim")."""
        if len(word) < 7 or not word.isalpha():
            return False
        if word.islower() and any(
            self._part(word[:cut]) and self._part(word[cut:]) for cut in range(3, len(word) - 2)
        ):
            return True
        letters = "abcdefghijklmnopqrstuvwxyz"
        halves = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        slips = (
            {a + b[1:] for a, b in halves if b}
            | {a + b[1] + b[0] + b[2:] for a, b in halves if len(b) > 1}
            | {a + c + b[1:] for a, b in halves if b for c in letters}
            | {a + c + b for a, b in halves for c in letters}
        )
        return any(
            slip.lower() in self.words and slip.lower() not in names
            for slip in slips
            if len(slip) >= 7
        )

    def _part(self, part: str) -> bool:
        """A word that can be half of two run together: a three-letter one only if ordinary
        ("bad" in "badday"), since WordNet's short nouns make names ("ade" + "bola")."""
        return part in (self.words if len(part) > 3 else self.ordinary_words)

    def ordinary(self, token) -> bool:  # noqa: ANN001 (a spaCy Token)
        return self._known(token, self.ordinary_words)

    @staticmethod
    def _known(token, words: FrozenSet[str]) -> bool:  # noqa: ANN001 (a spaCy Token)
        if token.is_stop or token.lemma_.lower() in words:
            return True
        word = token.lower_  # a proper noun's lemma is itself: "Lanes", "Marshes", "Ladies"
        singular = {word}
        if word.endswith("ies"):
            singular |= {word[:-3] + "y", word[:-1]}
        elif word.endswith("es"):
            singular |= {word[:-2], word[:-1]}
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            singular.add(word[:-1])  # not "Mateus" (a "mate"), "Marcus", "Tobias"
        if token.text.islower() and word.endswith("ing") and len(word) > 6:
            # "refer to parenting course": a verb's -ing noun WordNet lacks (the tagger's lemma
            # is the word itself); in lower case only, as "Golding" and "Fielding" are surnames
            singular |= {word[:-3], word[:-3] + "e"}
        return bool(singular & words)


def starts_sentence(doc, token) -> bool:  # noqa: ANN001 (spaCy Doc and Token)
    """No parser runs, so: the first word, or one after an end of sentence or clause mark."""
    previous = doc[token.i - 1] if token.i else None
    return previous is None or previous.text in _SENTENCE_ENDS or "\n" in previous.text_with_ws


class NameFinder:
    """Character spans of names in a spaCy Doc (tagged; no parser needed)."""

    def __init__(
        self,
        english: English,
        keep: Callable[[str], bool],
        interjections: FrozenSet[str] = frozenset(),
        places: FrozenSet[str] = frozenset(),
        towns: FrozenSet[str] = frozenset(),
    ) -> None:
        self.english, self.keep = english, keep
        self.first, self.last = first_names(), surnames()
        # Places the lists know (the UK's towns, the world's countries and cities): the model's
        # label on a word no list has is a guess (see _unplaced).
        self.places = places
        # Of those, the UK's towns and boroughs, which name teams and councils ("Chelsea won").
        self.towns = towns
        # Chat words that are first names too ("ty", thank you): kept, unless capitalised where
        # only a person can be ("noticed Ty hasn't eaten").
        self.interjections = interjections & self.first

    def _listed(self, word: str) -> bool:
        parts = word.lower().replace("’", "'").split("-")
        return (
            bool(parts)
            and parts[0] in self.first
            and all(p in self.first or p in self.last for p in parts[1:])
        )

    def _unplaced(self, words: List[_Word]) -> None:
        """The small model labels a name it does not know a place or an organisation as often
        as a person ("rang re Temi", "Im covering for Bukola": GPE; "it's Khadeeja": ORG). A
        place's label stands only on a word that is an English one or a place the lists know;
        an organisation's, unless the word is where only a person is spoken of."""
        for index, word in enumerate(words):
            if not word.place or word.english or self.keep(word.text):
                continue
            if word.lower in self.places or word.text.isupper():
                continue  # "Seoul", "Guinea"; "CAMHS"
            if index and (
                words[index - 1].lower in _BEFORE_A_PLACE | {"at", "from", "into"}
                or words[index - 1].lemma == "speak"
            ):
                continue  # "Dad's in Pentonville", "the family speak Tigrinya"
            if word.place in ("GPE", "LOC") or (
                word.place == "ORG" and _where_a_person_is(words, index)
            ):
                word.place = ""

    def spans(self, doc) -> List[Tuple[int, int]]:  # noqa: ANN001 (a spaCy Doc)
        words = _words(doc, self.english)
        self._unplaced(words)
        found: List[Tuple[int, int]] = []
        named: set = set()  # indices of words found to be names, for "Hodan and Santiago"
        index = 0
        while index < len(words):
            if self._is_name(words, index) or self._joined(words, index, named):
                start, end = index, index + 1
                # After a name in no dictionary, a lower-case surname may be in one: "hamza
                # goldberg", "bilal macleod".
                strong = not words[index].english
                if self._first_and_surname_in_lower_case(words, index):
                    end += 1  # "levi grant"
                while end < len(words) and (
                    self._surname_after(words[end], strong)
                    or self._particle(words, end)
                    or _initial(words, end)
                ):
                    end += 2 if self._particle(words, end) else 1
                # A first name the lists lack before a found surname: "Rahima Miah's", "raj
                # kumar".
                if start and self._first_before(words[start - 1], words[start]):
                    start -= 1
                named.update(range(start, end))
                found.append((words[start].start, words[end - 1].end))
                index = end
            else:
                index += 1
        # A list's first name, before ones found: "tommy, ellie and freddie", "Obi and Chinedu".
        for index in sorted(named, reverse=True):
            first = index - 2
            if (
                first >= 0
                and first not in named
                and first + 2 in named
                and words[first + 1].lower in (",", "and", "&")
                and (
                    self._listed_in_a_list(words[first])
                    or self._capitalised_name(words[first])
                    or self._pair_said_of(words, first)
                )
            ):
                named.add(first)
                found.append((words[first].start, words[first].end))
        # A nickname before the name in brackets: "mo (Mohammed) is the eldest".
        for index in sorted(named):
            before = index - 2
            if (
                before >= 0
                and words[index - 1].lower == "("
                and before not in named
                and index + 1 < len(words)
                and words[index + 1].lower == ")"
                and self._nickname(words[before])
            ):
                found.append((words[before].start, words[before].end))
        for index in self._children_listed(words):
            if index not in named:
                found.append((words[index].start, words[index].end))
        return sorted(found)

    def _children_listed(self, words: List[_Word]) -> List[int]:
        """ "The kids - tiana, malachi, and zion - are", "the children: Mendel, Srulik and
        Faigy": after a family's children and a dash or a colon, a list of two or more single
        words, each capitalised or no ordinary English word, and none a kept word or a
        relation (not "the kids - school, nursery and home -")."""
        found: List[int] = []
        for index, word in enumerate(words[:-2]):
            if word.lower not in _CHILDREN:
                continue
            opener = words[index + 1].lower
            if opener in _NAMING_VERBS or opener == ",":
                found += self._children_named(words, index + 2, opener)
                continue
            if opener not in _LIST_OPENS:
                continue
            items, cursor = _list_from(words, index + 2)
            ends = cursor >= len(words) or words[items[-1] + 1].lower in _LIST_CLOSES
            # In brackets, a listed name that is an ordinary word too: "the kids (roman and dara)"
            bracketed = opener == "(" and ends and words[items[-1] + 1].lower == ")"
            if (
                len(items) >= 2
                and ends
                and all(
                    self._child_of_a_list(words[i]) or bracketed and self._named_child(words[i])
                    for i in items
                )
            ):
                found += items
        return found

    def _children_named(self, words: List[_Word], first: int, opener: str) -> List[int]:
        """ "the kids are roman and rocky", "the boys are dovid, moishe and yossi", "seen mum and
        the girls, sana and mahnoor, ...": a list of two or more single words that ends the
        clause, each a name the lists hold or no English word at all (not "the kids are happy
        and settled", "the boys, school and home").  After a comma, the list is set off by
        commas on both sides."""
        items, _ = _list_from(words, first)
        # "the girls, sana and mahnoor, dad imran was out": the list ends before a relation
        relation = [k for k, i in enumerate(items) if words[i].lower in RELATIONS]
        if relation and relation[0] >= 2:
            items = items[: relation[0]]
        after = words[items[-1] + 1].lower if items[-1] + 1 < len(words) else ""
        ends = after in (",", ".", ";", "!", "?", "") if opener != "," else after == ","
        if len(items) < 2 or not ends or words[items[-2] + 1].lower not in ("and", "&"):
            return []
        return items if all(self._named_child(words[i]) for i in items) else []

    def _named_child(self, word: _Word) -> bool:
        """A word of a list of children said after "the kids are": a name the lists hold, even
        an ordinary word ("roman"), or no English word; never a describing word ("happy")."""
        return (
            word.alpha
            and len(word.text) > 1
            and not self.keep(word.text)
            and word.lower not in RELATIONS
            and word.tag not in _NOT_A_NAME_TAGS
            # "roman" and "rocky" (the tagger's adjectives), not "sad" or "fed"
            and (not word.english or not word.ordinary or self._listed(word.text))
            and not (word.ordinary and word.lower in _PLAIN_STATES)
        )

    def _child_of_a_list(self, word: _Word) -> bool:
        return (
            word.alpha
            and len(word.text) > 1
            and (word.text[:1].isupper() or not word.ordinary)
            and not self.keep(word.text)
            and word.lower not in RELATIONS
            and word.tag not in _NOT_A_NAME_TAGS
        )

    def _pair_said_of(self, words: List[_Word], first: int) -> bool:
        """ "storm and river are siblings": a listed name, even an ordinary word, joined by
        "and" to a name found, the two of them the subject of what follows."""
        word = words[first]
        return (
            word.alpha
            and len(word.text) > 2
            # listed, or capitalised and a noun only ("Memory and Tendai are the kids")
            and (
                self._listed(word.text)
                or word.text.istitle()
                and not word.ordinary
                and word.place not in ("GPE", "LOC")
            )
            and not self.keep(word.text)
            and word.tag not in _NOT_A_NAME_TAGS
            and (first == 0 or words[first].sentence_start)
            and words[first + 1].lower in ("and", "&")
            and first + 3 < len(words)
            and words[first + 3].lower in ("are", "were", "have", "had")
        )

    def _capitalised_name(self, word: _Word) -> bool:
        """A capitalised word no ordinary one, that the model calls a proper noun and no place
        ("Obi" before "and Chinedu")."""
        return (
            word.alpha
            and len(word.text) > 2
            and word.text.istitle()
            and not word.ordinary
            # The tagger guesses at a word it does not know ("Ayo and Tayo": an adjective)
            and (word.tag == "PROPN" or (not word.english and word.tag not in _NOT_A_NAME_TAGS))
            and not word.place
            and not self.keep(word.text)
        )

    def _nickname(self, word: _Word) -> bool:
        """A word before a name in brackets that is no relation, role or ordinary word."""
        return (
            word.alpha
            and len(word.text) > 1
            and not word.ordinary
            and word.lower not in RELATIONS
            and word.tag not in _NOT_A_NAME_TAGS
            and not self.keep(word.text)
        )

    def _listed_in_a_list(self, word: _Word) -> bool:
        """A listed name that is no ordinary word, or capitalised ("Lily, Rose and Ava")."""
        return (
            word.alpha
            and len(word.text) > 2
            and self._listed(word.text)
            and not self.keep(word.text)
            and word.tag not in _NOT_A_NAME_TAGS
            and (not word.ordinary or word.text.istitle())
        )

    def _joined(self, words: List[_Word], index: int, named: set) -> bool:
        """ "Lacey-Jo and Simran", "children Hodan and Santiago": a capitalised word joined
        by "and" to a name just found, that no list or tag says is something else."""
        word = words[index]
        following = words[index + 1].lower if index + 1 < len(words) else ""
        # A listed name that is an ordinary word too ("Lily and Rose are twins"), unless it
        # starts a phrase ("Lily and Rose bush").
        listed = word.lower in self.first and (
            index + 1 >= len(words) or words[index + 1].tag not in ("NOUN", "PROPN")
        )
        joined = (
            index >= 2
            and index - 2 in named
            and (
                words[index - 1].lower in ("and", "&", "n")
                or (words[index - 1].lower == "," and following in (",", "and", "&"))
                # a spelling said again: "its Chaim not Chayim", "Aisha or Ayesha"
                or (words[index - 1].lower in ("not", "or", "/") and word.text[:1].isupper())
            )
            and word.alpha
        )
        if joined and word.text.islower():  # "jodie brathwaite n berfin", "amira and tyrese"
            # A WordNet noun only ("tolu", a balsam) too, before what the two did: "nkechi and
            # tolu were left alone"; not a relation ("amira and mum were").
            doing = (
                index + 1 < len(words)
                and words[index + 1].tag in ("AUX", "VERB")
                and words[index + 1].fine in ("VBD", "VBZ", "VBP")
            )
            return (
                (not word.english or (doing and not word.ordinary and word.lower not in RELATIONS))
                and len(word.text) > 2
                and _vowel(word.lower)
                and not self.keep(word.text)
                and word.tag not in _NOT_A_NAME_TAGS
            )
        return (
            joined
            and word.text[:1].isupper()
            and not word.text.isupper()
            and (not word.ordinary or listed)
            and not self.keep(word.text)
            and word.tag in ("PROPN", "NOUN")
        )

    @staticmethod
    def _clause_start(words: List[_Word], index: int) -> bool:
        """Whether a word starts what is said ("femi has been", "says shahid has"), rather than
        ending a noun phrase ("the NHS app shows")."""
        if not index or words[index].sentence_start:
            return True
        previous = words[index - 1]
        return previous.lower in (",", ":")

    def _particle(self, words: List[_Word], index: int) -> bool:
        """ "dos Santos", "Ó Briain": a surname's particle before its capitalised word."""
        return (
            words[index].lower in PARTICLES
            and index + 1 < len(words)
            and words[index + 1].alpha
            and words[index + 1].text[:1].isupper()
            and not words[index + 1].ordinary
            and not self.keep(words[index + 1].text)
        )

    def _first_before(self, word: _Word, name: _Word) -> bool:
        if name.text.islower() and word.text.islower():  # "raj kumar", a name in the lists
            return (
                word.alpha
                and not word.ordinary
                and word.tag not in _NOT_A_NAME_TAGS
                and (word.lower in self.first or word.lower in self.last)
                and not self.keep(word.text)
            )
        return (
            name.text[:1].isupper()
            and word.alpha
            and word.text[:1].isupper()
            and not word.text.isupper()
            and not word.ordinary
            and word.tag == "PROPN"
            and not self.keep(word.text)
        )

    def _is_name(self, words: List[_Word], index: int) -> bool:
        word = words[index]
        if not word.alpha or len(word.text) < 2:
            return False
        if _acronym(word.text):
            return _nicknamed(words, index)  # "everyone calls him EJ"; not "CAMHS"
        if word.text.islower() and word.lower in _OBJECT_PRONOUNS:
            return False  # "the staff called us": a pronoun, whatever the name lists hold
        previous = _previous(words, index)
        following = words[index + 1] if index + 1 < len(words) else None
        if self._owner_unmarked(words, index):
            return True  # "tashas sw", "Kyrans probation officer": no apostrophe
        if self._family_named(words, index):
            return True  # "the Mensahs declined again": a family by its surname
        if (
            word.lower in MONTH_NAMES
            and word.text.istitle()
            and following is not None
            and following.fine == "VBD"
            and following.lemma in _SAYING
        ):
            return True  # "May said", "April told me": no month says anything
        if self._relation_is(words, index) and word.lower in MONTH_NAMES:
            return True  # "nan is may, she's 71": no relation is a month
        if word.lower in MONTH_NAMES and word.text.istitle() and _age_in_brackets(words, index):
            return True  # "May (5) is not toilet trained": no month has an age
        if word.lower in MONTH_NAMES and word.text.istitle() and _aged(words, index):
            return True  # "May is 15 and says": a month is never 15 (not "May is 6 weeks away")
        if (
            word.lower in self.interjections
            and word.text.istitle()
            and (self._said_of(words, index) or self._spoken_of(words, index))
        ):
            return True  # "noticed Ty hasn't eaten", "after what happened to Ty"
        if word.lower in _CLASS_GROUP and following is not None and _number(following.text):
            return False  # "yr 9": a school year, whatever the name lists hold
        if self.keep(word.text) or previous in OCCASIONS or word.lower in _AGE | _LABELS:
            return False  # "girl, age 14": "Åge" is a name, unaccented "age" a label
        if (
            _in_brackets_after(words, index, _BIRTH_ORDER)
            and word.text.istitle()
            and word.tag not in _NOT_A_NAME_TAGS
        ):
            return True  # "the youngest (Ashton) is 12": whatever else the word names
        if self._between_commas_saying(words, index):
            return True  # "a 12yo from the community, Mendel, told him"
        if word.text.istitle() and not word.place and _apposed(words, index):
            return True  # "Bill, mums boyfriend, is 58", "Bear, the youngest, is 18 months"
        if (
            word.text.istitle()
            and not word.sentence_start
            and not word.place
            and word.tag not in _NOT_A_NAME_TAGS
            and not _belief_or_origin(word)
            and self._relation_is(words, index)
        ):
            return True  # "the baby is Marvellous,", "mum is Gift": a relation said to be it
        if word.text.istitle() and word.lower in self.towns and word.place:
            # A place the lists know that the model also calls one, or a team or a council:
            # "Chelsea won", "Sutton took over the case". A person only by what only a person
            # is or does: "Chelsea told me", "dad Sutton", "Chelsea's mum", "Chelsea (14)".
            return self._only_a_person(words, index)
        if (
            word.english
            and word.text.istitle()
            and index >= 2
            and words[index - 2].lower == "the"
            and words[index - 1].text.istitle()
            and words[index - 1].ordinary
            and words[index - 1].lower not in CUES
        ):
            return False  # "the Square Mile", "the Old Bailey": a named thing, of English words
        if (
            _quoted(words, index)
            and word.text.istitle()
            and not word.ordinary
            and not word.place
            and (index < 2 or words[index - 2].lower not in ("it", "this", "that", "the"))
        ):
            return True  # "i think 'Kaz' is", "mummy's friend "Toby"": a nickname, quoted
        if self._beside_a_person_detail(words, index) or self._lower_case_subject(words, index):
            return True
        if (
            word.text[:1].isupper()
            and (not word.sentence_start or self._listed(word.text))
            and (_described(words, index) or _reported(words, index))
        ):
            return True  # "says Boogie is her boyfriend", "said Smudge did it", "Mark is the dad"
        if _someones(words, index) and not self._listed(word.text):
            return True  # '"Mo is my boyfriend"': a capitalised word said to be someone's own
        if word.text[:1].isupper() and _owner(words, index):
            return True  # "Faith's phone"
        if (
            previous in CUES
            and index >= 2
            and (words[index - 2].tag == "DET" or words[index - 2].fine == "PRP$")
        ):
            previous = ""  # "the baby walker", "a little will": the cue is a plain word there
        if _nicknamed(words, index):
            return True  # "we call him jojo"
        if (
            not word.ordinary
            and word.tag not in _NOT_A_NAME_TAGS
            and _nickname_follows(words, index)
        ):
            return True  # "Oluwadamilare (we call him Dami) came in"
        if (
            previous in ("called", "named", "nicknamed")
            and not word.ordinary
            and word.tag not in _NOT_A_NAME_TAGS
        ):
            return True  # "the new partner is called sławek", whatever the lists hold
        if (
            previous == "the"
            and following is not None
            and following.lower in ("case", "case's")
            and word.text[:1].isupper()
            and not word.ordinary
        ):
            return True  # "the Osei-Bonsu case", "the Morgan case"
        if _in_brackets_after(words, index, RELATIONS) and (
            word.text[:1].isupper() or not word.english or self._listed(word.text)
        ):
            return True  # "mum (Bola)", "dad (lee)"
        if word.text[:1].isupper() and self._listed(word.text) and _introduced(words, index):
            return True  # "Mark, the head, is aware": a listed first name, introduced
        if _relation_named(words, index) or _asked_after(words, index) or _of_concern(words, index):
            return True  # "her little brother marvellous were left", "is wei still at ..."
        if self._lower_case_spoken_of(words, index) or self._lower_case_done_to(words, index):
            return True  # "spoke to destiny again", "i think dre is being groomed"
        if not self._listed(word.text):
            if not word.english and self.english.misspelt_or_joined(word.text, self.first):
                return False  # "attendence", "timeframe": a word misspelt or run together
            if not word.english and _vowel(word.lower) and _aged(words, index):
                return True  # "the older one, deshawn, is 16"
            if (
                word.text.istitle()
                and not word.ordinary
                and not word.place
                and _vowel(word.lower)
                and _aged(words, index)
            ):
                return True  # "Mica is 15 and says": a noun only, with a child's age
            if self._capital_in_lower_case(words, index):
                return True  # "dsl, i emailed the sw ... about Favour and still no reply"
            return self._lower_case_object(words, index) or self._unlisted_name(words, index)
        if self._pair_of_children(words, index):
            return True  # "Sky and Storm are both on CIN plans"
        if previous in CUES or self._paired(words, index) or self._placed(words, index):
            return True
        if self._said_of(words, index) or self._first_and_surname_in_lower_case(words, index):
            return True
        if _owner(words, index) or _aged(words, index) or _after_an_age(words, index):
            return True  # "bobby's dad is in prison", "will is 6 and keeps saying"
        if word.text.istitle() and not word.place and _worker_of(words, index):
            return True  # "Leon's YOS worker is worried": a listed name with a worker of theirs
        if _aged(words, index):
            return True  # "will is 6 and keeps saying", "Summer is 4,"
        if self._relation_is(words, index):
            return True  # "mums partner is frank, he's"
        if (
            word.text[0].isupper() or not word.ordinary or word.sentence_start
        ) and _with_a_relation(words, index):
            return True  # "Princess and her sister", "lily and her mum"
        if "-" in word.text and word.text.islower():
            word = word.as_name()  # "tia-rose", "ellie-mae": listed names, whatever the parts are
        if self._subject(words, index) or self._spoken_of(words, index):
            return True
        if word.text[:1].isupper() and _labelled(words, index):
            return True  # "Reuben, E17 9PW", "Olamide born 2 Feb 2009"
        if _gone_to(words, index):
            return False  # "the 38 bus to Angel", "went to Victoria"
        if (
            word.text.islower()
            and index
            and words[index - 1].text.islower()
            and words[index - 1].ordinary
            and words[index - 1].lower in self.first
            and word.english
        ):
            return False  # "jack russell", "sweet william": a thing named after people
        if (
            previous in RELATIONS
            and not word.ordinary
            and (
                word.tag not in _NOT_A_NAME_TAGS
                # "grandad ted has": the tagger's verb, a listed name before what he does
                or word.tag == "VERB"
                and following is not None
                and following.tag in _AFTER_A_SUBJECT
            )
        ):
            return True  # "cousin marcus", "her bf kyle", whatever the tagger makes of it
        if (
            previous in RELATIONS
            and word.tag in ("PROPN", "NOUN")
            and (
                following is None
                or following.tag in _AFTER_A_SUBJECT
                or not following.alpha
                or self._surname_after(following)
            )
        ):
            return True  # "nana jean picks them up", "dad, lee harris, won't": a listed name
        if (
            word.text.islower()
            and not word.ordinary
            and previous in _BEFORE_A_PERSON
            and (following is None or not following.alpha or following.tag in _AFTER_A_SUBJECT)
        ):
            return True  # "the right NHS number for ezekiel?", "about levi, he"
        # A first name and a surname: "Ruby Oyelaran", "ruby yilmaz", "mohammed dimitrov"; an
        # ordinary word in lower case only before a listed surname in lower case (not "will
        # tmrw", "said Hope").
        if (
            following is not None
            and self._surname_after(following)
            and not (following.text.islower() and following.english and word.ordinary)
            and (
                not (word.text.islower() and word.ordinary)
                or (following.text.islower() and following.lower in self.last)
            )
        ):
            return True
        if word.text[0].isupper() and following is not None:
            after = words[index + 2] if index + 2 < len(words) else None
            if following.fine in ("VBD", "VBZ") and following.lemma in _SAYING:
                return True  # "Grace told me", "Lucas says": no modal or abstract noun does that
            if following.lower == "who" or (
                following.lower == "," and after and after.lower == "who"
            ):
                return True  # "seen with Ruby, who is 14"
            if (
                following.lower == "from"
                and after is not None
                and after.text[:1].isupper()
                and not word.ordinary
                and word.place not in ("GPE", "LOC")
                and not word.lower.endswith("s")
            ):
                return True  # "Naomi from Gresham Vale Academy rang"; not "Miles from Leeds"
        if self._lower_case_listed(words, index) or self._lower_case_object(words, index):
            return True  # "a section 47 on jayden", "i meet levi in the park"
        if not word.english and word.text.islower():  # "amira has", "about thiago", not "heya"
            return self._in_context(words, index)
        if not word.english:
            return True  # "Amira", "THIAGO", even when the tagger thinks "Hamza" is a verb
        if word.tag in _NOT_A_NAME_TAGS or word.text.isupper():
            return False
        if following is not None and following.lower in _AFTER_A_NAME:
            return word.text[0].isupper()  # "Grace (aged 6)"
        if (word.place and (word.ordinary or word.place != "ORG")) or previous in _BEFORE_A_PLACE:
            return False  # "Stamford Hill", "in Kent": the model or the preposition says place
        if following is not None and following.tag == "NOUN" and following.text.islower():
            return False  # "Angel station", "Amber rating": a phrase
        if not word.ordinary:  # a person or a thing in WordNet: "Naomi", "santiago", "Faith"
            if word.tag != "PROPN" and not word.person:
                return False
            if word.text.islower() and index and words[index - 1].tag in ("DET", "ADJ"):
                return False  # "a white van", "the old bill"
            if (
                word.text.islower()
                and index >= 2
                and words[index - 2].tag == "DET"
                and words[index - 1].text.istitle()
                and words[index - 1].english
                and words[index - 1].lower not in RELATIONS
            ):
                return False  # "the White van": a thing described, its adjective capitalised
            if word.text.islower() and _compound_head(words, index):
                return False  # "the mosque imam": who, not their name
            if word.text.islower() and following is not None and following.tag == "NUM":
                return False  # "it's max 2 hours": a measure, whatever the model's label

            if word.sentence_start:  # "Florin was collected", not "Miles from home"
                return following is not None and (
                    (word.person and following.tag in _AFTER_A_SUBJECT)
                    # "Malachi kicked off", "Sami turned up", "Idris hit his sister": a listed
                    # first name that did something to someone or something, or a phrasal
                    # verb's doing; not "Penny dropped for mum" (a coin, in an idiom)
                    or (
                        word.tag == "PROPN"
                        and following.tag == "VERB"
                        and following.fine == "VBD"
                        and index + 2 < len(words)
                        and words[index + 2].fine in ("RP", "PRP", "PRP$", "DT")
                    )
                    or (  # "shay's got a new 'friend'", not "Baker's shop"
                        following.lower in ("'s", "’s")
                        and index + 2 < len(words)
                        and words[index + 2].tag in ("VERB", "AUX")
                    )
                    or (word.tag == "PROPN" and following.tag == "AUX")  # not "Penny dropped"
                    or (  # "Shay came to the session late": what only a person does
                        word.tag == "PROPN"
                        and following.fine == "VBD"
                        and following.lemma in _PERSON_DOINGS
                    )
                )
            return True
        # An ordinary English word too ("Grace", "Will", "Hope"): only where context says so.
        if word.text[0].islower():
            return False
        if following is not None and following.text[0].isupper() and self._surname_after(following):
            return True  # "Grace Okafor"
        if word.sentence_start or (following is not None and following.tag in ("NOUN", "PROPN")):
            return False  # "Hope is the only thing", "Angel station", "Amber rating"
        if self._beside_a_brand(words, index):
            return False  # "they've got Sky and Netflix"
        return word.tag == "PROPN"

    def _between_commas_saying(self, words: List[_Word], index: int) -> bool:
        """ "a 12yo from the community, Mendel, told him": a capitalised word, no ordinary one
        nor a kept one, set off by commas inside a sentence, before what a person says."""
        word = words[index]
        if not (0 < index < len(words) - 2) or not word.text.istitle() or word.ordinary:
            return False
        after = words[index + 2]
        return (
            word.alpha
            and len(word.text) > 2
            and words[index - 1].lower == ","
            and words[index + 1].lower == ","
            and after.fine == "VBD"
            and after.lemma in _SAYING
            and word.tag not in _NOT_A_NAME_TAGS
            and word.place not in ("GPE", "LOC")
            and word.lower not in self.places
            and not self.keep(word.text)
        )

    def _capital_in_lower_case(self, words: List[_Word], index: int) -> bool:
        """ "dsl, i emailed the sw ... about Favour and still no reply": in a message typed in
        lower case ("i", its first word), an ordinary word capitalised inside a sentence, after
        what is said of or done for a person, is a name the lists lack ("Favour", "Gift").
        Not a place, a people or a faith, nor the first word of a phrase ("with Amber rating")."""
        word = words[index]
        if not word.text.istitle() or not word.ordinary or word.sentence_start or index < 2:
            return False
        typed_lower = words[0].text.islower() and any(w.text == "i" for w in words)
        following = words[index + 1] if index + 1 < len(words) else None
        return (
            typed_lower
            and words[index - 1].lower in ("about", "with", "for", "re", "told", "saw")
            and word.tag in ("PROPN", "NOUN")
            and word.place not in ("GPE", "LOC", "NORP", "LANGUAGE")
            and not _belief_or_origin(word)
            and word.lower not in self.places
            and not self.keep(word.text)
            and (
                following is None
                or following.tag in ("CCONJ", "ADP", "PUNCT")
                or following.lower in _WHEN
            )
        )

    def _lower_case_name_word(self, word: _Word) -> bool:
        """A word in lower case that may be a name: no kept word, place, relation or misspelt
        word, and no ordinary English one."""
        return (
            word.text.islower()
            and word.alpha
            and len(word.text) > 2
            and not word.ordinary
            and _vowel(word.lower)
            and word.tag not in _NOT_A_NAME_TAGS
            and word.lower not in self.places
            and word.lower not in RELATIONS
            and not self.keep(word.text)
            and (word.english or not self.english.misspelt_or_joined(word.text, self.first))
        )

    def _lower_case_spoken_of(self, words: List[_Word], index: int) -> bool:
        """ "i spoke to destiny again today", "worried about miracle since she came back": a
        listed first name in lower case, even a WordNet noun (never an ordinary word), spoken
        to or worried about, before a pause, a preposition or when."""
        word = words[index]
        if index < 2 or not self._lower_case_name_word(word) or not self._listed(word.text):
            return False
        previous, before = words[index - 1], words[index - 2]
        spoken_to = previous.lower in ("to", "with") and before.lemma in ("speak", "talk", "chat")
        worried = previous.lower in ("about", "around", "re", "regarding") and before.lemma in (
            "concern",
            "worry",
            "worried",
            "concerned",
        )
        following = words[index + 1] if index + 1 < len(words) else None
        return (spoken_to or worried) and (
            following is None
            or following.tag in ("ADP", "SCONJ", "CCONJ", "PUNCT")
            or following.lower in _WHEN
        )

    def _lower_case_done_to(self, words: List[_Word], index: int) -> bool:
        """ "i think dre is being groomed", "our worry is that olamide is being kept off
        school": a word in lower case, listed or in no dictionary, that a clause opens with,
        then something done to a child said in the passive."""
        word = words[index]
        if index < 1 or index + 3 > len(words) or not self._lower_case_name_word(word):
            return False
        if word.english and not self._listed(word.text):
            return False
        opener = words[index - 1]
        verb, done = words[index + 1], words[index + 2]
        return (
            (opener.lower in ("that", "if", "whether") or opener.lemma in ("think", "suspect"))
            and verb.lower in ("is", "was", "has", "had", "'s")
            and done.lower in ("being", "been")
        )

    def _lower_case_listed(self, words: List[_Word], index: int) -> bool:
        """A first name the lists hold, typed in lower case, that is no English word ("jayden",
        "callum") and no place the lists know: a person wherever it is said, but where a place
        is ("to", "at")."""
        word = words[index]
        previous = words[index - 1].lower if index else ""
        return (
            word.text.islower()
            and word.alpha
            and (
                not word.english
                and word.lower in self.first
                or "-" in word.text  # "lily-mae", "tia-rose": listed, whatever the parts are
                and self._listed(word.text)
            )
            and len(word.text) > 2
            and _vowel(word.lower)
            and word.tag not in _NOT_A_NAME_TAGS
            and word.lower not in self.places
            and not self.keep(word.text)
            and previous not in _BEFORE_A_PLACE | {"at", "from", "to", "into", "the", "a", "an"}
        )

    def _family_named(self, words: List[_Word], index: int) -> bool:
        """ "the Mensahs declined", "the Okafors have moved": a surname (listed, or the model's
        person) that is no English word, capitalised, with an "s", after "the"."""
        word = words[index]
        stem = word.lower[:-1]
        return (
            index >= 1
            and words[index - 1].lower == "the"
            and word.text.istitle()
            and word.alpha
            and word.lower.endswith("s")
            and len(stem) >= 3
            and (stem in self.last or word.person)  # the model's person: "the Mensahs"
            and stem not in self.english.words
            and word.lower not in self.english.words
            and stem not in self.places
            and not self.keep(stem)
        )

    def _lower_case_object(self, words: List[_Word], index: int) -> bool:
        """A word in lower case, no ordinary English word, after what is done only to a person
        ("i meet levi in the park", "ive known dami since", "he collects mikey from nursery",
        "who saw ruby in the spring"): a name the lists hold, or no English word at all."""
        word = words[index]
        if not index or not word.text.islower() or not word.alpha or len(word.text) < 3:
            return False
        previous = words[index - 1]
        # "re-weigh maisie": a prefixed verb is its last part
        verb = previous.lower.rsplit("-", 1)[-1] if "-" in previous.lower else previous.lemma
        return (
            previous.tag == "VERB"
            and verb in _DONE_TO_ONLY_A_PERSON
            and not word.ordinary
            and (self._listed(word.text) or not word.english)
            and _vowel(word.lower)
            and word.tag not in _NOT_A_NAME_TAGS
            and word.lower not in self.places
            and word.lower not in RELATIONS
            and not self.keep(word.text)
            and not self.english.misspelt_or_joined(word.text, self.first)
        )

    def _beside_a_person_detail(self, words: List[_Word], index: int) -> bool:
        """What is said only of a person, right after the word, whatever its case or list:
        an age between commas or in brackets ("Favour, 15, is", "tia (6) says"), a role or a
        relation in brackets ("Bukola (HV) will"), "who" or "whose" ("Obi, whose dad"), an
        initial ("Noah M in yr 2"). A capitalised ordinary word only before an age said so
        ("Favour, 15,"); in lower case only a listed name or no English word."""
        word = words[index]
        if not word.alpha or len(word.text) < 3 or word.tag in _NOT_A_NAME_TAGS:
            return False
        if word.text.isupper() or (word.text.islower() and not self._could_be_lower(word)):
            return False
        after = [w.text for w in words[index + 1 : index + 4]]
        lowers = [a.lower() for a in after]
        aged = len(after) == 3 and _age(lowers[1]) and (lowers[0], lowers[2]) in _AGE_MARKS
        if aged or (word.sentence_start and word.text.istitle() and _in_a_class(words, index)):
            return True  # "Favour, 15, is", "Reign is in nursery"
        listed = self._listed(word.text)
        bracketed = [w.lower for w in words[index + 1 : index + 5]]
        if word.text.istitle() and _age_in_units(bracketed):
            return True  # "Wren (18 months)", "Kai (2 yrs)"
        if word.text.istitle() and (not word.english or listed) and _class_in_brackets(bracketed):
            return True  # "Oluwadamilare (yr 11) has been"; not "Maths (yr 9)"
        # Else a listed name, no English word, or a proper noun mid-sentence: not a role
        # itself ("Supervisor (TM) and SW here").
        if not (listed or not word.english or (word.tag == "PROPN" and not word.sentence_start)):
            return False
        if word.ordinary and not listed or word.lower in _WORK_ROLES or word.lower in RELATIONS:
            return False
        role = len(after) == 3 and lowers[0] == "(" and lowers[2] == ")"
        if role and (lowers[1] in _WORK_ROLES or lowers[1] in RELATIONS):
            return True
        if lowers[:1] in (["who"], ["whose"]) or lowers[:2] in ([",", "who"], [",", "whose"]):
            # "Obi, whose dad"; not "an older man who picks her up" (a common noun, in lower
            # case, before "who": the risk screen then missed the man)
            return not (word.text.islower() and word.ordinary and word.tag == "NOUN")
        return word.text.istitle() and _initial(words, index + 1)

    def _beside_a_brand(self, words: List[_Word], index: int) -> bool:
        """An ordinary word joined by "and" or "or" to what the model calls an organisation
        and no list calls a person ("Sky and Netflix", "Netflix or Sky"): one of
        a list of things."""
        for other, joint in ((index + 2, index + 1), (index - 2, index - 1)):
            if 0 <= other < len(words) and words[joint].lower in ("and", "&", "or"):
                word = words[other]
                if (
                    word.text[:1].isupper()
                    and word.place == "ORG"
                    and not word.person
                    and not self._listed(word.text)
                    and word.lower not in self.last
                ):
                    return True
        return False

    def _owner_unmarked(self, words: List[_Word], index: int) -> bool:
        """ "tashas sw", "aaliyahs nan", "Gabriels nhs no", "mustafas older brother": a listed
        first name with an "s" and no apostrophe, no English word itself, before who or what a
        person has; a noun-only one ("jasmines old sw") before who they have. Or, capitalised,
        whose home it is: "she was at Kayleighs"."""
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        stem = word.lower[:-1]
        if (
            following is not None
            and following.lower in _RELATION_ADJECTIVES | {"old", "new", "ex", "former"}
            and index + 2 < len(words)
        ):
            following = words[index + 2]  # "mustafas older brother", "jasmines old sw"
        who = following is not None and (
            following.lower in RELATIONS or following.lower in _WORK_ROLES
        )
        at_home = (
            index >= 1
            and words[index - 1].lower in ("at", "to", "from")
            and word.text.istitle()
            and (following is None or following.lower in _SENTENCE_ENDS | {",", "house", "flat"})
        )
        return (
            (following is not None or at_home)
            and not word.ordinary  # "This little boy": "Thi" is a name, "this" a word
            and word.lower.endswith("s")
            and len(stem) >= 3
            # the model's organisation is a guess here; a listed name's home its place too
            and (word.place not in ("GPE", "LOC") or at_home and stem in self.first)
            and not word.text.isupper()
            and stem not in self.english.ordinary_words
            and stem not in self.places
            and word.lower not in self.places
            # a listed first name, or a capitalised word in no dictionary ("Kyrans")
            and (
                stem in self.first
                and (not word.english or word.text.istitle() or who and not word.ordinary)
                or word.text.istitle()
                and not word.english
                # "zayns mum is Rukhsar": in lower case, no English word before a relation
                or word.text.islower()
                and not word.english
                and stem not in self.english.words
                # "foster carers husband": a role's plural, no name (the bench's screen lost a
                # held-down child's emergency to it)
                and stem not in _WORK_ROLES | _CARERS
                and following.lower in RELATIONS
                and _vowel(stem)
                and not self.english.misspelt_or_joined(word.text, self.first)
            )
            and not self.keep(word.text)
            and not self.keep(stem)
            and (
                at_home
                or following.lower in _BELONGINGS
                or following.lower in RELATIONS
                or following.lower in _WORK_ROLES
                or following.lower in _OWNED_SERVICES
            )
        )

    def _could_be_lower(self, word: _Word) -> bool:
        """A word in lower case that can be a name: a listed one, or no English word."""
        return self._listed(word.text) or not word.english

    def _lower_case_subject(self, words: List[_Word], index: int) -> bool:
        """ "faith told me", "grace was really quiet ... her coat", "jack's been saying he",
        "patience is the childs name": a listed name in lower case, even an ordinary word,
        starting what is said, before what only a person says, a person's pronoun later in the
        sentence with no other person before it, or "name"."""
        word = words[index]
        modal_as_subject = (  # "will was upset": no modal comes before "was"
            word.fine == "MD"
            and index + 1 < len(words)
            and words[index + 1].lower in ("was", "is", "has", "had")
        )
        if (
            not word.text.islower()
            or not self._listed(word.text)
            or (word.tag in _NOT_A_NAME_TAGS and not modal_as_subject)
            or len(word.text) < 3
            or not (word.sentence_start or words[index - 1].lower in _BEFORE_A_SUBJECT)
        ):
            return False
        rest = words[index + 1 : index + 40]
        # Not before "said" ("faith said she will bring the bill"): what follows is what was
        # said, and a pronoun in it is anyone's.
        if not rest or rest[0].lemma == "say":
            return False
        if rest[0].fine == "VBD" and rest[0].lemma in _SAYING:
            return True  # "faith told me"
        verb = rest[0].tag in ("AUX", "VERB") and rest[0].fine in ("VBD", "VBZ")
        been = rest[0].lower in ("'s", "’s") and rest[1:2] and rest[1].lower == "been"
        if not (verb or been):
            return False
        if (
            word.sentence_start
            and rest[0].lower in ("was", "is", "has", "had")
            and len(rest) > 1
            # what is done to a person, or how only a person is ("upset"; not "mark was high")
            and (
                rest[1].fine == "VBN"
                and rest[1].lemma in _DONE_TO_A_CHILD
                or rest[1].lower in _PERSON_STATES | _FEELINGS
            )
            and (len(rest) < 3 or rest[2].tag not in ("NOUN", "PROPN"))
        ):
            return True  # "harry was picked up", "will was upset": done to or felt by a person
        for later in rest[1:]:
            if later.lower in _SENTENCE_ENDS:
                return False
            if later.lower == "name" or later.lower in _PERSON_PRONOUNS:
                return True
            if later.lower in RELATIONS or later.lower in _WORK_ROLES or later.person:
                return False  # "... mum said she": the pronoun is hers
        return False

    def _said_of(self, words: List[_Word], index: int) -> bool:
        """A listed first name that is no ordinary word ("Ty", "Leo", "Fatima"), capitalised,
        where only a person can be: what someone noticed or heard them do ("noticed Ty hasn't
        eaten"), what is done for them ("a section 20 for Leo on ..."), or what they own, where
        the model calls the word a person ("Fatima's nikah")."""
        word = words[index]
        if not word.text.istitle() or word.tag in _NOT_A_NAME_TAGS:
            return False
        previous = words[index - 1] if index else None
        following = words[index + 1] if index + 1 < len(words) else None
        if (
            word.person
            and not word.ordinary
            and following is not None
            and following.lower in ("'s", "’s")
            and not (word.english and word.lower in self.last)  # "Baker's shop"
        ):
            return True
        if previous is None or following is None or word.sentence_start:
            return False
        if (  # capitalised mid-sentence, even an ordinary word: "heard Grace was crying"
            previous.tag == "VERB"
            and previous.fine in ("VBD", "VBZ", "VBP", "VBN")
            and previous.lemma in _NOTICING
            and following.tag in ("AUX", "VERB")
            and following.fine in ("VBZ", "VBD")
        ):
            return True
        return (
            previous.lower == "for"
            and not word.ordinary
            and word.lower not in MONTH_NAMES
            and (following.tag in ("ADP", "PUNCT", "CCONJ"))
        )

    def _first_and_surname_in_lower_case(self, words: List[_Word], index: int) -> bool:
        """ "levi grant", "ruby cole": a listed first name in lower case that is no ordinary
        word, then a listed surname in lower case, even an English word."""
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        return (
            word.text.islower()
            and not word.ordinary
            and word.tag not in _NOT_A_NAME_TAGS
            and following is not None
            and following.text.islower()
            and following.alpha
            and following.lower in self.last
            and following.tag in ("NOUN", "PROPN")
            and not self.keep(following.text)
            and following.lower not in RELATIONS
        )

    @staticmethod
    def _relation_is(words: List[_Word], index: int) -> bool:
        """ "mums partner is frank, he's", "nan is may, she's 71": a relation said to be the
        word, which ends what is said."""
        following = words[index + 1] if index + 1 < len(words) else None
        described = (
            following is not None
            and following.lower in ("and", "but")
            and index + 2 < len(words)
            and words[index + 2].tag == "ADJ"
        )  # "mum was sunny and chatty": how she was
        return (
            index >= 2
            and not described
            and words[index - 2].lower in RELATIONS
            and words[index - 1].lower in ("is", "was", ":")
            and (following is None or following.lower in _AGE_ENDS or following.lower == "who")
            and words[index].tag not in ("PRON", "DET", "ADP", "NUM", "CCONJ", "SCONJ", "PART")
        )

    def _subject(self, words: List[_Word], index: int) -> bool:
        """ "Hope was really quiet", "Joy has been self harming", "Will keeps running off": a
        listed name that is also an English word, capitalised where a sentence or what is said
        starts, before what its subject does (a verb in the present or past: a modal "Will"
        never comes before one). Not "Hope is the only thing" or "Summer was the worst": a
        thing described."""
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        after = words[index + 2] if index + 2 < len(words) else None
        if not word.text.istitle() or following is None:
            return False
        if not word.ordinary:
            # A noun only ("Ocean", "Blessing"): only what is done to it ("Ocean has been
            # missing", "Blessing was sent home"), not what it does ("Patience is wearing thin").
            after = words[index + 2 : index + 4]
            return (
                (word.sentence_start or words[index - 1].lower in _BEFORE_A_SUBJECT)
                and following.tag == "AUX"
                and following.fine in ("VBZ", "VBD")
                and bool(after)
                and (after[0].lower == "been" or after[0].fine == "VBN")
                # not "Faith has been a big part of her life"
                and not (after[0].lower == "been" and after[1:] and after[1].tag in _DESCRIBED)
            )
        been = words[index + 3] if index + 3 < len(words) else None
        if (
            following.lower in ("'s", "’s")
            and after is not None
            and after.lower == "been"
            and been is not None
            and (been.tag == "ADP" or been.fine == "VBG" or been.lower in _PERSON_STATES)
            and (word.sentence_start or words[index - 1].lower in _BEFORE_A_SUBJECT)
        ):
            return True  # "Ruby's been on the phone", "Will's been missing": has been, a person
        # "is", "has", "keeps"; not a past tense ("Penny dropped", "Chase CAMHS": the tagger
        # calls an unknown word one): "told", "said" are read by _SAYING.
        finite = following.fine == "VBZ" or (following.tag == "AUX" and following.fine == "VBD")
        if not finite:
            return False
        if not (word.sentence_start or words[index - 1].lower in _BEFORE_A_SUBJECT):
            return False
        if following.lower in ("'s", "’s") and following.tag == "PART":
            return False  # a possessive: "Hope's mum" is read by _owner
        if after is not None and after.lower in ("not", "n't") and index + 3 < len(words):
            after = words[index + 3]  # "Joy was not what I felt"
        return (
            following.lemma != "be"
            or after is None
            or not (
                after.tag in _DESCRIBED or after.fine.startswith("W")  # "Dawn is when"
            )
        )

    def _spoken_of(self, words: List[_Word], index: int) -> bool:
        """ "worried about Sunny,", "talked with Honey about her weekend": a capitalised listed
        name after what is said of, to or with a person, not starting a phrase ("with Amber
        rating"), whatever the model's label."""
        word = words[index]
        if not word.text.istitle() or word.sentence_start or index == 0:
            return False
        previous = words[index - 1].lower
        talked_to = previous == "to" and index >= 2 and words[index - 2].lemma in _TALK
        done_to = words[index - 1].tag == "VERB" and words[index - 1].lemma in _DONE_TO_A_PERSON
        if previous not in _SPOKEN_OF and not talked_to and not done_to:
            return False
        following = words[index + 1] if index + 1 < len(words) else None
        return (
            following is None
            or following.tag not in ("NOUN", "PROPN", "NUM")
            or following.lower in _WHEN  # "talked with Precious yesterday"
        )

    def _placed(self, words: List[_Word], index: int) -> bool:
        """ "amira in year 8", "will in reception", "hope, aged 6": a school year or an age
        right after the word says it is a child. An English word ("mark", "faith") only where
        it starts what is said of it ("mark in year 7 has...", not "have faith in year 11 staff"
        or "mark in year 7 exams")."""
        word = words[index]
        if word.tag in _NOT_A_NAME_TAGS and not (
            word.tag == "PRON" and not word.ordinary and self._listed(word.text)
        ):
            return False  # not "it in year 8"; "ibrahim in yr 8" (the tagger's pronoun)
        rest = words[index + 1 : index + 5]
        if rest[:1] and rest[0].lower == ",":
            rest = rest[1:]
        lowers = [w.lower for w in rest]
        if lowers[:1] == ["in"] and lowers[1:2] and lowers[1] in ("reception", "nursery"):
            group = 2
        elif (
            lowers[:1] == ["in"]
            and lowers[1:2]
            and lowers[1] in ("my", "her", "his", "our", "their")
            and lowers[2:3]
            and lowers[2] in ("class", "form", "tutor")
        ):
            group = 3  # "ellie in my class (yr 2)"
        elif lowers[:1] == ["in"] and lowers[1:2] and lowers[1] in _CLASS_GROUP:
            group = 3 if len(lowers) > 2 and _number(lowers[2]) else 0
        elif lowers[:1] and lowers[0] in _AGE:
            group = 2 if len(lowers) > 1 and _number(lowers[1]) else 0
        else:
            group = 0
        if not group:
            return False
        if not word.english:
            return True
        previous = words[index - 1] if index else None
        after = rest[group] if len(rest) > group else None
        return (previous is None or previous.tag not in _GOVERNS) and (
            after is None or after.tag in _AFTER_A_SUBJECT or not after.alpha
        )

    def _paired(self, words: List[_Word], index: int) -> bool:
        """ "Jack and Demi-Leigh", "Hope & Tamar": a capitalised word joined to a name."""
        if index + 2 >= len(words) or words[index + 1].lower not in ("and", "&"):
            return False
        partner = words[index + 2]
        return (
            words[index].text[:1].isupper()
            and partner.text[:1].isupper()
            and not partner.ordinary  # "Blessing", "Demi-Leigh"; not "Salt and Pepper"
            and not self.keep(partner.text)
            and self._is_name(words, index + 2)
        )

    def _in_context(self, words: List[_Word], index: int) -> bool:
        """Where a person is written of: after "about", "for", "told", a relation ("dad
        minh")...; before "'s", a bracket, a surname or what they do ("amira has been")."""
        previous = _previous(words, index)  # "our pupil, zara, has", "nan is valentina"
        following = words[index + 1] if index + 1 < len(words) else None
        if previous == "to" and (index < 2 or words[index - 2].lemma not in _TALK):
            previous = ""  # "went to tesco" is a place; "spoke to tanvir" a person
        if previous in _BEFORE_A_PERSON or previous in RELATIONS or _labelled(words, index):
            return True
        if previous in _TAKES_A_PERSON and self._listed(words[index].text):
            return True  # "visited amara at", "not to tell andrés": a listed name, no English word
        if (
            previous == "one"
            and index >= 2
            and words[index - 2].lower in _BIRTH_ORDER | {"older", "younger", "little", "big"}
        ):
            return True  # "older one zainab at nursery"
        if previous in ("its", "it's") or _described(words, index):
            return True  # "hi its sahar from ...", "kiera the TA"
        after = words[index + 2] if index + 2 < len(words) else None
        return following is not None and (
            following.lower in ("'s", "’s", "and", "(")
            or following.tag in _AFTER_A_SUBJECT
            # "siobhan finally let me in": what they did, after how
            or following.fine == "RB"
            and words[index].sentence_start
            and after is not None
            and after.tag == "VERB"
            and after.fine in ("VBD", "VBZ")
            or self._surname_after(following, strong=not words[index].english)
        )

    def _unlisted_name(self, words: List[_Word], index: int) -> bool:
        """A name the lists lack ("Efua", "Nkechi"): a capitalised word that is no English word,
        tagged a proper noun, not after "the" ("the Homerton"), not the first word of a phrase
        ("Dalston station"), and at the start of a sentence only before what a person does."""
        word = words[index]
        previous = _previous(words, index)
        following = words[index + 1] if index + 1 < len(words) else None
        if (
            len(word.text) == 2
            and word.text.isalpha()
            and _vowel(word.lower)
            and not word.ordinary
            and word.tag not in _NOT_A_NAME_TAGS
            and previous in RELATIONS
        ):
            return True  # "uncle mo picks her up", "dad Jo": a short name after a relation
        if len(word.text) < 3 or word.text.isupper():
            return False
        if word.english:
            if (
                word.text.istitle()
                and word.ordinary
                and word.tag == "PROPN"
                and word.place not in ("GPE", "LOC", "FAC")
                and words[index - 1].lower in ("with", "w/", "and", "told", "said")
                and not word.sentence_start
                and following is not None
                and (
                    following.tag in ("ADP", "PUNCT")
                    # "said Smudge did it"; not "said Prevent was consulted"
                    or (following.fine == "VBD" and following.lemma != "be")
                )
            ):
                # A nickname that is an English word, capitalised mid-sentence, with or told by
                # a person: "talked with Honey about", "with Smudge at 3am", "said Smudge did".
                return True
            if (
                word.text.istitle()
                and not word.ordinary
                and not word.place
                and self._spoken_of(words, index)
            ):
                return True  # "collected Lyra and", "saw Mo hit": a noun only in WordNet
            if (
                word.text.istitle()
                and not word.ordinary
                and word.place not in ("GPE", "LOC", "FAC")
                and self._surname_then_doing(words, index)
            ):
                return True  # "Baruch Klein has asked": a noun only, then a listed surname
            if (
                not word.ordinary
                and (word.person or word.place or word.text.istitle())
                and word.lower not in RELATIONS
                and word.lower not in _WORK_ROLES
                and word.lower not in self.places
                and _owner(words, index)
            ):
                return True  # "tolu's mum", "Tolu's hearing": a noun only, a person's own
            # A noun only in WordNet ("Sana", the city) that the model calls a person and
            # that does something: "Sana is self-harming"; a nickname that is an English word,
            return (
                word.text[0].isupper()
                and not word.ordinary
                and word.person
                and following is not None
                and following.tag in _AFTER_A_SUBJECT
            )
        if _vowel(word.lower) and (_owner(words, index) or self._pair_of_unknowns(words, index)):
            return True  # "lennox's cousin", "dovber and perel are": no word, a person's own
        if word.text.islower():  # "about tanvir", "tanvir's mum"; not "for tmrw"
            if _vowel(word.lower) and (_labelled(words, index) or _with_a_relation(words, index)):
                return True  # "plamedie dob ...", "thuy and her brother", whatever the tagger says
            if (
                previous in RELATIONS
                and word.tag == "VERB"
                and _vowel(word.lower)
                and len(word.text) > 2
                and following is not None
                and following.tag in _AFTER_A_SUBJECT
                and following.fine in ("VBZ", "VBD")
            ):
                return True  # "his older brother guled makes him": the tagger's verb, no word
            if (
                previous == "to"
                and index >= 2
                and words[index - 2].lemma in _TALK
                and word.tag in ("VERB", "NOUN", "PROPN")
                and _vowel(word.lower)
                and len(word.text) > 2
            ):
                return True  # "spoke to olumide": the tagger takes an unknown word for a verb
            return (
                _vowel(word.lower)
                and word.tag not in _NOT_A_NAME_TAGS
                and self._in_context(words, index)
                and (
                    # Else a word the tagger does not call a name ("appt", "convo") only after
                    # a relation ("dad shahid"), a verb that takes a person ("met wiktoria"; not
                    # "says", which takes what is said) or a clause's start before a verb ("femi
                    # has").
                    word.tag == "PROPN"
                    or word.person  # "says shahid has been": the model's word for it
                    or previous in RELATIONS
                    or previous in ("its", "it's")
                    or (
                        previous in ("for", "about", "re")
                        and following is not None
                        and following.tag in _AFTER_A_SUBJECT
                    )
                    or previous in _ONLY_BEFORE_A_PERSON - {"says", "said"}  # "met wiktoria"
                    or (previous == "to" and index >= 2 and words[index - 2].lemma in _TALK)
                    or (
                        following is not None
                        and following.tag in _AFTER_A_SUBJECT
                        and self._clause_start(words, index)
                    )
                )
            )
        if previous in ("the", "a", "an") or _gone_to(words, index):
            return False  # "the Homerton", "went to Primark"
        if _labelled(words, index):
            return True  # "Nusrat (NHS ...)", "Ananya 999 235 7800", whatever the tagger says
        if word.text[:1].isupper() and _with_a_relation(words, index):
            return True  # "D'Andre and his sister": one of a family
        if following is None and previous in _SIGN_OFFS:
            return True  # "call me back pls ... - Olu": who wrote it
        if (
            word.sentence_start
            and word.text.istitle()
            and following is not None
            and following.lower in ("-", "–", "—", ":")
            and [w.tag for w in words[index + 2 : index + 4] if w.lower not in _NEGATIONS][:1]
            in (["VERB"], ["AUX"])
            and word.tag not in _NOT_A_NAME_TAGS
        ):
            return True  # "Oliwia - missed 20 days", "Zofiya - not seen": who, then what
        if word.tag != "PROPN":
            # The tagger calls an unknown word a noun as often: "ABOUT Efua", "Oliwia is".
            return word.tag == "NOUN" and (
                previous in _BEFORE_A_PERSON
                or previous in RELATIONS
                or (following is not None and following.tag in _AFTER_A_SUBJECT)
            )
        if previous in _ONLY_BEFORE_A_PERSON or previous in RELATIONS or previous in CUES:
            return True  # "victim Nusrat", "children Hodan", whatever the model says it is
        if previous in ("for", "re") and following is not None and following.lower in (",", "("):
            return True  # "assessment for Rahima, Kestrel Hill Primary"
        if (
            word.text[0].isupper()
            and following is not None
            and following.lower in ("and", "&")
            and index + 2 < len(words)
            and words[index + 2].text[:1].isupper()
            and (
                not words[index + 2].english
                # "Ayo and Tolu were seen": a noun only in WordNet, before what the two did
                or not words[index + 2].ordinary
                and words[index + 2].place not in ("GPE", "LOC", "FAC")
                and index + 3 < len(words)
                and words[index + 3].tag in _AFTER_A_SUBJECT
            )
        ):
            return True  # "Shaz and Bibi have been", "Baran and Lily-Rose"
        if (
            following is not None
            and following.tag == "NOUN"
            and following.text.islower()
            and not (words[index - 1].tag == "VERB" and words[index - 1].lemma in _GIVING)
        ):
            return False  # "Dalston station"; not "giving Finlay lifts home"
        if word.place and not (
            following
            and (
                following.tag in _AFTER_A_SUBJECT
                or following.lower in ("'s", "’s")
                or (not following.english and self._surname_after(following))
            )
        ):
            return False  # "Dalston", unless it does or has something, or has a surname
        if word.sentence_start:
            return following is not None and (
                following.tag in _AFTER_A_SUBJECT
                or following.lower in ("(", ",", "'s", "’s")
                or _from_somewhere(words, index)  # "Kemi from EH thinks"
                or self._surname_then_doing(words, index)  # "Hyun-woo Park has been"
            )
        return True

    def _surname_then_doing(self, words: List[_Word], index: int) -> bool:
        """A capitalised listed surname that is no ordinary word right after the word, then
        what a person does: "Baruch Klein has asked", "Hyun-woo Park has been excluded"."""
        rest = words[index + 1 : index + 3]
        return (
            len(rest) == 2
            and rest[0].text.istitle()
            and rest[0].lower in self.last
            and not rest[0].ordinary
            and not self.keep(rest[0].text)
            and rest[0].lower not in self.towns
            and rest[1].tag in _AFTER_A_SUBJECT
            and rest[1].fine in ("VBD", "VBZ")
        )

    def _only_a_person(self, words: List[_Word], index: int) -> bool:
        """What only a person is or does, said of the word (see ``_is_name``)."""
        following = words[index + 1] if index + 1 < len(words) else None
        after = words[index + 2].lower if index + 2 < len(words) else ""
        return (
            (
                following is not None
                and following.fine == "VBD"
                and following.lemma in _SAYING
                # "Kingston said they'd send a sw": a council speaks of itself as "they", "we"
                and after not in ("they", "we", "they'd", "they'll", "we'd", "we'll")
            )
            or _previous(words, index) in {*RELATIONS, *CUES, "told", "met", "saw", "asked"}
            or (  # "spoke to Victoria"; not "sent to Birmingham"
                index >= 2
                and words[index - 1].lower == "to"
                and words[index - 2].lemma in ("speak", "talk", "explain", "listen", "chat")
            )
            or _owner(words, index)
            or _aged(words, index)
            or _described(words, index)
            or _with_a_relation(words, index)
            or _labelled(words, index)
            or self._beside_a_person_detail(words, index)
            or (
                following is not None
                and following.lemma in ("be", "have")
                and index + 2 < len(words)
                and words[index + 2].lower in _PERSON_STATES
            )
        )

    def _pair_of_children(self, words: List[_Word], index: int) -> bool:
        """ "Sky and Storm are both on CIN plans", "Hope and Grace are twins": two capitalised
        listed names joined by "and", said to be both, or a family's children."""
        for first in (index, index - 2):
            if first < 0 or first + 4 >= len(words) or words[first + 1].lower not in ("and", "&"):
                continue
            pair = (words[first], words[first + 2])
            said = [w.lower for w in words[first + 3 : first + 5]]
            then = words[first + 5] if first + 5 < len(words) else None
            if said[1] == "both" and then is not None and then.tag == "ADJ":
                continue  # "Hope and Faith are both important": what they are
            if (
                said[0] in ("are", "were")
                and said[1] in _BOTH_OR_KIN
                and all(w.text.istitle() and self._listed(w.text) for w in pair)
            ):
                return True
        return False

    def _pair_of_unknowns(self, words: List[_Word], index: int) -> bool:
        """ "dovber and perel are the two youngest": two words in no dictionary joined by "and",
        the subject of what follows."""
        for first in (index, index - 2):
            if first < 0 or first + 3 >= len(words) or words[first + 1].lower not in ("and", "&"):
                continue
            pair = (words[first], words[first + 2])
            if words[first + 3].lower in ("are", "were", "have", "had") and all(
                w.alpha
                and len(w.text) > 2
                and not w.english
                and not self.keep(w.text)
                and w.tag not in _NOT_A_NAME_TAGS
                and not self.english.misspelt_or_joined(w.text, self.first)
                for w in pair
            ):
                return True
        return False

    def _surname_after(self, word: _Word, strong: bool = False) -> bool:
        """A surname: capitalised and no ordinary English word ("Okafor", "O'Brien") or a
        listed one; in lower case, no English word at all ("agyeman": the tagger's guess at
        an unknown word is no guide) or a listed surname that is not ordinary English."""
        if not word.alpha or len(word.text) < 2 or self.keep(word.text):
            return False
        if word.text.islower() and word.lower in _WORK_ROLES:
            return False  # "croydon hostel manager": who they are, not their surname
        if _acronym(word.text) and word.lower not in self.last:
            return False  # "Sky TV", not "Elif MIAH"
        if word.text[0].isupper():
            if word.tag in _NOT_A_NAME_TAGS and word.english:
                return False
            return not word.ordinary or word.lower in self.last
        if not word.english:
            # not a plural the dictionary lacks: "Hunter wellies", "Nike trackies"
            plural = (
                word.fine == "NNS" and word.lower.endswith("ies") and word.lower not in self.last
            )
            return len(word.text) > 2 and _vowel(word.lower) and not plural
        if strong and not word.ordinary and word.tag not in _NOT_A_NAME_TAGS:
            return word.lower not in RELATIONS and not word.lower.endswith("s")
        return (
            word.lower in self.last
            and word.tag not in _NOT_A_NAME_TAGS
            and (not word.ordinary or word.tag == "PROPN")
        )


class _Word:
    """A word as written: spaCy's tokens joined by hyphens ("Ellie-Mae") count as one."""

    __slots__ = (
        "text", "lower", "lemma", "start", "end", "tag", "fine", "alpha", "english", "ordinary",
        "place", "person", "sentence_start",
    )  # fmt: skip

    def as_name(self) -> _Word:
        """This word as no English word (a hyphenated name whose parts are English words)."""
        name = copy.copy(self)
        name.english = name.ordinary = False
        return name

    def __init__(self, doc, tokens: list, english: English) -> None:  # noqa: ANN001
        self.text = "".join(t.text_with_ws for t in tokens).strip()
        self.lower = self.text.lower()
        self.start, self.end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        self.tag = tokens[0].pos_
        self.fine = tokens[0].tag_
        self.lemma = tokens[0].lemma_.lower()
        self.alpha = all(
            t.is_alpha or t.text == "-" or _APOSTROPHE.fullmatch(t.text) for t in tokens
        )
        # "Tia-Rose": a capitalised hyphenated word is a name, whatever its parts are; in lower
        # case it is English if its parts are ("self-harm").
        parts = [t for t in tokens if t.text != "-"]
        # "X-ray", "T-shirt": WordNet has the hyphenated word itself; a part of one letter is
        # no name's.
        plain = (
            len(parts) == 1
            or self.text.islower()
            or self.lower in english.words
            or any(len(t.text) < 2 for t in parts)
        )
        self.english = plain and all(english(t) for t in parts)
        self.ordinary = plain and all(english.ordinary(t) for t in parts)
        # The model's label when it takes the word for a place or an organisation, or "".
        place_labels = ("GPE", "LOC", "FAC", "ORG", "NORP", "LANGUAGE")
        self.place = tokens[0].ent_type_ if tokens[0].ent_type_ in place_labels else ""
        self.person = tokens[0].ent_type_ == "PERSON"
        self.sentence_start = starts_sentence(doc, tokens[0])


# What ends a sentence or starts a new one. Not ":" or "(": capitals there are names as much
# as anywhere ("Mother: Adaeze Pham", "(Rahima)").
_SENTENCE_ENDS = {".", "!", "?", ";", "—", "–", "-", "•", "\n", '"', "'"}


def _words(doc, english: English) -> List[_Word]:  # noqa: ANN001 (a spaCy Doc)
    """Tokens joined where a hyphen with no space around it joins them ("Tia-Rose")."""
    words: List[_Word] = []
    group: list = []
    for token in doc:
        if group and not group[-1].whitespace_ and "-" in (token.text, group[-1].text):
            group.append(token)
            continue
        if group:
            words.append(_Word(doc, group, english))
        group = [token]
    if group:
        words.append(_Word(doc, group, english))
    return words


def _list_from(words: List[_Word], first: int) -> Tuple[List[int], int]:
    """The indices of single words listed from ``first``, joined by commas, "and" or "&", and
    where the list stops (no comma or "and" after a word: the list ends)."""
    items, cursor = [], first
    while cursor < len(words):
        items.append(cursor)
        cursor += 1
        while cursor < len(words) and words[cursor].lower in (",", "and", "&"):
            cursor += 1
        if cursor == items[-1] + 1:
            break
    return items, cursor
