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
- **Surnames**: a word after a found first name that is capitalised and not a word to keep, or
  is a listed surname and no English word ("tasnim esposito"); an all-capitals surname before
  ", Firstname" ("POPESCU, Huong").
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from functools import lru_cache
from typing import Callable, FrozenSet, Iterable, List, Tuple

_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
# Words before a name that mark it as one whatever it looks like.
CUES = frozenset(
    {"little", "baby", "aka", "a.k.a.", "nicknamed", "called", "named", "miss", "master"}
)
# Tags a listed word has when it is doing another job in the sentence.
_NOT_A_NAME_TAGS = {"AUX", "VERB", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "NUM", "SYM"}
# After a name at the start of a sentence: what a person does or has next.
_AFTER_A_SUBJECT = {"VERB", "AUX", "PART"}
_SUBJECT_PUNCT = {"(", ",", "'s", "’s", "and", "&"}


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
    return frozenset(found)


@lru_cache(maxsize=1)
def first_names() -> FrozenSet[str]:
    return frozenset(n for n in _from_faker(_LISTS) if len(n) > 1 and " " not in n)


@lru_cache(maxsize=1)
def surnames() -> FrozenSet[str]:
    return frozenset(n for n in _from_faker(("last_names",)) if len(n) > 2 and " " not in n)


def english_words(nlp) -> FrozenSet[str]:  # noqa: ANN001 (a spaCy Language)
    """WordNet's words, as the English lemmatizer of ``nlp`` knows them."""
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words)


class NameFinder:
    """Character spans of names in a spaCy Doc (tagged; no parser needed)."""

    def __init__(self, english: FrozenSet[str], keep: Callable[[str], bool]) -> None:
        self.english, self.keep = english, keep
        self.first, self.last = first_names(), surnames()

    def _listed(self, word: str) -> bool:
        parts = word.lower().replace("’", "'").split("-")
        return bool(parts) and parts[0] in self.first and all(
            p in self.first or p in self.last for p in parts[1:]
        )

    def spans(self, doc) -> List[Tuple[int, int]]:  # noqa: ANN001 (a spaCy Doc)
        words = _words(doc)
        found: List[Tuple[int, int]] = []
        index = 0
        while index < len(words):
            if self._is_name(words, index):
                start, end = index, index + 1
                while end < len(words) and self._surname_after(words, end):
                    end += 1
                if start > 1 and words[start - 1].text == "," and _shouted(words[start - 2]):
                    start -= 2  # "POPESCU, Huong"
                found.append((words[start].start, words[end - 1].end))
                index = end
            else:
                index += 1
        return found

    def _is_name(self, words: List[_Word], index: int) -> bool:
        word = words[index]
        text, lower = word.text, word.text.lower()
        if not word.alpha or len(text) < 2 or not self._listed(text) or self.keep(text):
            return False
        previous = words[index - 1].text.lower() if index else ""
        if previous in CUES:
            return True
        if word.tag in _NOT_A_NAME_TAGS:
            return False
        english = lower in self.english or any(p in self.english for p in lower.split("-")[:1])
        if not english:
            return True
        # A listed word that is also English: a name only where context says so.
        following = words[index + 1] if index + 1 < len(words) else None
        if word.sentence_start:
            return text[0].isupper() and following is not None and (
                following.tag in _AFTER_A_SUBJECT or following.lower in _SUBJECT_PUNCT
            )
        if not text[0].isupper() or text.isupper():
            return False
        if following is not None and following.tag in ("NOUN", "PROPN") and not (
            following.text[0].isupper() and self._surname_like(following)
        ):
            return False  # "Angel station", "Amber rating": a phrase
        return word.tag == "PROPN"

    def _surname_like(self, word: _Word) -> bool:
        return word.alpha and not self.keep(word.text) and (
            word.lower in self.last or word.lower not in self.english
        )

    def _surname_after(self, words: List[_Word], index: int) -> bool:
        word = words[index]
        if not word.alpha or len(word.text) < 2 or self.keep(word.text):
            return False
        if word.tag in _NOT_A_NAME_TAGS:
            return False
        if word.text[0].isupper():
            return word.lower not in self.english or word.lower in self.last
        return word.lower in self.last and word.lower not in self.english


class _Word:
    """A word as written: spaCy's tokens joined by hyphens ("Ellie-Mae") count as one."""

    __slots__ = ("text", "lower", "start", "end", "tag", "alpha", "sentence_start")

    def __init__(self, tokens: list, sentence_start: bool) -> None:
        self.text = "".join(t.text_with_ws for t in tokens).strip()
        self.lower = self.text.lower()
        self.start, self.end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        self.tag = tokens[0].pos_
        self.alpha = all(t.is_alpha or t.text in ("-", "'", "’") for t in tokens)
        self.sentence_start = sentence_start


_SENTENCE_ENDS = {".", "!", "?", ":", ";", "—", "–", "-", "•", "\n", "(", '"', "'"}


def _shouted(word: _Word) -> bool:
    return word.alpha and word.text.isupper() and len(word.text) > 2


def _words(doc) -> List[_Word]:  # noqa: ANN001 (a spaCy Doc)
    """Tokens joined where a hyphen with no space around it joins them ("Tia-Rose")."""
    words: List[_Word] = []
    group: list = []
    starts_sentence = True
    for token in doc:
        joins = group and not group[-1].whitespace_ and "-" in (token.text, group[-1].text)
        if joins:
            group.append(token)
            continue
        if group:
            words.append(_Word(group, starts_sentence))
            starts_sentence = group[-1].text in _SENTENCE_ENDS or group[-1].text.strip() == ""
        group = [token]
    if group:
        words.append(_Word(group, starts_sentence))
    return words
