"""How Reflect hears an answer to a reflective question: its kind (yes, no, not sure, or the
practitioner's own words), the reason given with it, the sentence that carries its substance,
whether it only describes, and whether something already said answers a question.

Pure logic on text; the word lists are in turn_words.yml (English, not audit content).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Pattern, Tuple

import yaml

WORDS_FILE = Path(__file__).with_name("turn_words.yml")
# What the NLU's intents say about a short answer ("yes", "nope", "not sure").
INTENT_KINDS = {"affirm": "yes", "deny": "no", "express_unsure": "unsure"}
# A reason shorter than this is not worth reflecting back ("no, sorry").
MIN_REASON_WORDS = 3
# Below this length an answer is not "only a description" (it is a short answer).
MIN_DESCRIPTION_WORDS = 6

# A full stop ends a sentence, except after an abbreviation that never ends one ("(e.g. the
# impact of...", "i.e."): splitting there cut an audit finding in two. Not "no." ("no. we
# didn't") nor "etc.", which often do end one.
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "cf.", "approx.")
_NOT_ABBREVIATION = "".join(
    rf"(?<!\b{re.escape(a)})(?<!\b{re.escape(a.upper())})" for a in _ABBREVIATIONS
)
_SENTENCE_END = re.compile(rf"(?<=[.!?]){_NOT_ABBREVIATION}\s+|\n+|\s+-\s+|;\s+")
_CLAUSE_BREAK = re.compile(r",\s+(?=(?:but|and|so|because|although|though|as)\b)", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9']+")
# Openers that are a word of their own, never the start of a sentence ("no thats the problem").
_INTERJECTION = re.compile(
    r"^\W*(no|nope|nah|yes|yeah|yep|yup|not sure|not really|dunno|maybe)\b", re.IGNORECASE
)
# Openers that may qualify the next word ("not really applicable", "maybe twice"), unless a
# clause opens after them ("not really, we ...", "maybe we should")
_QUALIFIES = re.compile(r"not really|not sure|maybe$", re.IGNORECASE)
_CLAUSE_OPENS = re.compile(
    r"\s+(?:i|i'?m|we|we'?re|they|he|she|it|its|it's|the|our|my|their|no|nope|because|cos|as|"
    r"but|tbh|to be honest|if|when|that|there|not)\b",
    re.IGNORECASE,
)
# What is left of them before the reason: "not really no, because..." -> "because...". One
# that begins what is said ("nope no lead, everyone thinks...": "no lead") is kept.
_INTERJECTIONS = re.compile(
    r"^(?:[\s,.;:!–—-]*(?:no|nope|nah|yes|yeah|yep|not really|not sure)\b"
    r"(?=[\s,.;:!–—-]*$|\s*[,.;:!–—-]|" + _CLAUSE_OPENS.pattern + r"))*[\s,.;:!–—-]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Heard:
    """An answer as heard: ``kind`` is ``yes``, ``no``, ``unsure`` or ``reflection``."""

    kind: str
    reason: str  # what follows the yes / no / not sure, or the whole answer ("" if nothing)
    substance: str  # the sentence to reflect back ("" when there is nothing to reflect)
    describes_only: bool  # free text with no analysis or next step of the practitioner's own


@lru_cache(maxsize=1)
def word_lists() -> Dict:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def alternation(phrases: Iterable[str]) -> str:
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def fillers_pattern() -> str:
    """Words said before what is meant, any number of them ("oh wait, no more actions")."""
    return rf"(?:(?:{alternation(word_lists()['fillers'])})(?![\w'])[\s,.!-]*)*"


@lru_cache(maxsize=1)
def _leading_fillers() -> Pattern[str]:
    # only when a filler is there: "/deny" keeps its slash
    first = rf"(?=(?:{alternation(word_lists()['fillers'])})(?![\w']))"
    return re.compile(rf"^\W*{first}{fillers_pattern()}", re.IGNORECASE)


def without_fillers(text: str) -> str:
    """``text`` without the fillers it opens with: "oh wait, no more actions" -> "no more
    actions"."""
    return _leading_fillers().sub("", text)


_ECHOED_NO = r"not\s+(?:[\w'-]+\s+){1,3}?(?:no|nope)(?=\s*(?:$|[,.!;:?…]|\s-\s))"


@lru_cache(maxsize=1)
def _openers() -> List[Tuple[str, Pattern[str]]]:
    """(kind, pattern) for each kind; a pattern matches an opener at the start of an answer."""
    patterns = []
    for kind, groups in word_lists()["openers"].items():
        lead, alone = groups.get("lead") or [], groups.get("alone") or []
        parts = []
        if lead:
            parts.append(rf"(?:{alternation(lead)})(?![\w'])")
        if alone:
            parts.append(rf"(?:{alternation(alone)})(?=\s*(?:$|[,.!;:?…]|\s-\s))")
        if kind == "no":
            # the question's words said back negated, then "no": "not child focused no, the
            # plan is all about dad" (a few words, then the no on its own)
            parts.append(_ECHOED_NO)
        fillers = fillers_pattern()
        patterns.append(
            (str(kind), re.compile(rf"^\W*{fillers}(?:{'|'.join(parts)})", re.IGNORECASE))
        )
    return patterns


@lru_cache(maxsize=1)
def _later_markers() -> List[Tuple[str, Pattern[str]]]:
    """(kind, pattern) for a yes / no / not sure said after the opening, as a correction
    ("actually no") or after a pause (", rarely")."""
    return [
        (
            str(kind),
            re.compile(
                rf"(?:\b(?:actually|wait|sorry|i mean|i meant|so|hmm|well)\b|[,.;:…-])[\s,.!-]*"
                rf"(?:{alternation(phrases)})(?=\s*(?:$|[,.!;:?…]|\s-\s))",
                re.IGNORECASE,
            ),
        )
        for kind, phrases in word_lists()["later"].items()
    ]


@lru_cache(maxsize=1)
def _analysis() -> Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{alternation(word_lists()['analysis'])})(?![\w'])", re.I)


@lru_cache(maxsize=1)
def _substance() -> List[Pattern[str]]:
    return [
        re.compile(rf"(?<![\w'])(?:{alternation(words)})(?![\w'])", re.IGNORECASE)
        for words in word_lists()["substance"].values()
    ]


def _opening(text: str) -> Tuple[str | None, int]:
    """The kind an answer opens with and where its opening words end (None, 0 when none)."""
    best: Tuple[str | None, int] = (None, 0)
    for kind, pattern in _openers():
        match = pattern.match(text)
        if match and match.end() > best[1]:
            best = (kind, match.end())
    return best


def opener(text: str) -> Tuple[str | None, str]:
    """The kind an answer opens with, and what it says besides: "no, thats the problem" ->
    ("no", "thats the problem"). An opener that begins a sentence of its own ("I haven't
    asked mum") leaves the sentence whole, so it reads back as it was said."""
    kind, end = _opening(text)
    if kind is None:
        return None, text.strip()
    rest = text[end:]
    if not rest.strip(" .!?"):  # the opener alone ("yes-ish"): nothing besides it
        return kind, ""
    if re.match(r"\s*[,.;:!–—-]", rest):  # said apart: "no, thats the problem"
        return kind, _INTERJECTIONS.sub("", rest).strip()
    interjection = _INTERJECTION.match(text)
    after = text[interjection.end() :] if interjection else ""
    if interjection and (not _QUALIFIES.match(interjection.group(1)) or _CLAUSE_OPENS.match(after)):
        # "no we dont chase them": the sentence after the "no", whole
        return kind, _INTERJECTIONS.sub("", after).strip()
    # "not really applicable to us": the words qualify what follows; whole, so it reads back
    # as said (a trial's read-back began "applicable to us", the "not" lost)
    return kind, text.strip()


def sentences(text: str) -> List[str]:
    """The sentences of ``text``, each whole and stripped of its closing full stop."""
    parts = [p.strip().rstrip(".") for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p]


def substance(text: str, max_words: int = 40) -> str:
    """What to read back of an answer: all of it when it is short; otherwise the sentence that
    carries its substance (the worry, the child, the plan), the one that says most of these,
    the fuller one on a tie. A long sentence gives its weightiest clause, never a cut-off one.
    A question in it (the practitioner reading the question back to themselves) never is."""
    told = [s for s in sentences(text) if not s.rstrip().endswith("?")]
    if len(" ".join(told).split()) <= max_words:
        return ". ".join(told)
    candidates = told
    if not candidates:
        return ""

    def weight(sentence: str) -> int:
        return sum(len(p.findall(sentence)) for p in _substance())

    # On a tie the fuller sentence wins: "that's the problem" says less than what follows it.
    best = max(candidates, key=lambda s: (weight(s), min(len(s.split()), 12), -candidates.index(s)))
    if len(best.split()) > max_words:
        clauses = [c.strip(" ,") for c in _CLAUSE_BREAK.split(best) if c.strip(" ,")]
        fitting = [c for c in clauses if len(c.split()) <= max_words]
        if fitting:
            best = max(fitting, key=lambda c: (weight(c), -clauses.index(c)))
    return best


def hear(intent: str, text: str) -> Heard:
    """An answer's kind, its reason and its substance. The words it opens with decide the kind
    ("not really, ..." is a no); otherwise the NLU's intent does ("nope"); otherwise it is the
    practitioner's own reflection."""
    kind, rest = opener(text)
    if kind is None:
        kind = INTENT_KINDS.get(intent)
        rest = "" if kind else text
    if kind is None:
        kind, rest = "reflection", text.strip()
    # A change of mind or a "no" later on decides: "yes i think so... actually no wait, so no",
    # "do you contact CSC... hmm, rarely, no time".
    # One said straight after the opening qualifies it, not a change of mind: "actually no,
    # not always" is a no.
    opened = _opening(text)[1]
    later = max(
        (
            (m.start(), k, m)
            for k, pattern in _later_markers()
            for m in pattern.finditer(text)
            if m.start() > opened
        ),
        default=None,
        key=lambda found: found[0],
    )
    if later is not None:
        kind = later[1]
        meant = later[2]
        if re.match(r"\W*(?:sorry\W+)?i meant\b", meant.group(0), re.IGNORECASE):
            # "no, islington never come. sorry i meant yes, i send a written report": what
            # follows the correction is the answer
            rest = text[meant.end() :].strip(" ,.;:-")
    reason = rest if len(rest.split()) >= MIN_REASON_WORDS else ""
    describes_only = (
        kind == "reflection"
        and len(reason.split()) >= MIN_DESCRIPTION_WORDS
        and not _analysis().search(reason)
    )
    return Heard(kind, reason, substance(reason) if reason else "", describes_only)


# --- a question already answered by what the practitioner has said ---------------------------


def _pairs(tokens: List[str]) -> List[Tuple[str, str]]:
    return list(zip(tokens, tokens[1:], strict=False))


def _content_bigrams(text: str) -> List[Tuple[str, str]]:
    stop, general = set(word_lists()["stop"]), set(word_lists()["general"])
    return [
        (a, b)
        for a, b in _pairs(_WORD.findall(text.lower()))
        if a not in stop and b not in stop and not {a, b} <= general and min(len(a), len(b)) > 2
    ]


def key_phrases(
    question: str, all_questions: Iterable[str], audit_texts: Iterable[str]
) -> List[Tuple[str, str]]:
    """Two-word phrases of a question that no other question uses and that the audit itself
    names elsewhere ("lead professional"), not made only of general words: naming one answers
    this question and no other."""
    own = set(_content_bigrams(_EXAMPLE.sub(" ", question)))
    elsewhere: set = set()
    for other in all_questions:
        if other != question:
            elsewhere.update(_content_bigrams(other))
    named = {b for text in audit_texts for b in _content_bigrams(text)}
    return sorted(b for b in own - elsewhere if b in named)


# An example inside a question ("such as a referral to a specialist service") is not what it asks:
# mentioning the example does not answer it (a GP who noticed the referral and did not ask).
_EXAMPLE = re.compile(r"\b(?:such as|for example|for instance|e\.g\.)[^,;?]*", re.IGNORECASE)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def answered_by(
    question: str,
    all_questions: Iterable[str],
    audit_texts: Iterable[str],
    said: Iterable[str],
    in_audit_words: Callable[[str], str] = lambda text: text,
    asks: Callable[[str], bool] = lambda sentence: sentence.rstrip().endswith("?"),
) -> Tuple[str, str] | None:
    """(sentence, kind) when a statement the practitioner made names one of the question's key
    phrases ("SW is the lead professional" for "has a lead professional been identified?"),
    read ``in_audit_words`` (the glossary's terms for their aliases: "SPOC"); ``kind`` is
    ``no`` when that sentence is negative, else ``yes``. Questions they asked back do not
    count, nor requests ("can we do the difficult questions one instead": ``asks``). The
    sentence is as they said it."""
    phrases = {(_stem(a), _stem(b)) for a, b in key_phrases(question, all_questions, audit_texts)}
    if not phrases:
        return None
    for text in said:
        for sentence in sentences(text):
            if asks(sentence):
                continue
            # the clause that names it, read for its sense: "...we did agree that the SW is the
            # lead professional, the thing is the minutes never..." is a yes
            for clause in _clauses(sentence):
                tokens = [_stem(t) for t in _WORD.findall(in_audit_words(clause).lower())]
                if phrases & set(_pairs(tokens)):
                    return clause, ("no" if _negative(clause) else "yes")
                # "no, there's no lead": a phrase's word after "no" says there is none (a
                # trial was then asked whether a lead professional had been identified)
                words = {w for pair in phrases for w in pair}
                if any(a == _stem("no") and b in words for a, b in _pairs(tokens)):
                    return clause, "no"
    return None


# Where a long sentence turns to something else: a comma, or a word that sets a new clause against
# the last ("but", "the thing is").
_CLAUSE_SPLIT = re.compile(
    r",\s*|;\s*|\s+(?=(?:but|though|although|however|whereas|the thing is|except)\b)",
    re.IGNORECASE,
)


def _clauses(sentence: str) -> List[str]:
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]
    return [_LEADING_CONJUNCTION.sub("", c) for c in clauses]


_LEADING_CONJUNCTION = re.compile(r"^(?:but|though|although|however|whereas)\s+", re.I)


_NEGATION = re.compile(
    r"(?<![\w'])(no|not|never|nobody|no one|noone|none|n't|nt|isnt|arent|hasnt|havent|"
    r"dont|doesnt|didnt|wasnt|werent|cant|wont|unclear|unsure)(?![\w'])|n't\b",
    re.IGNORECASE,
)


def _negative(sentence: str) -> bool:
    return bool(_NEGATION.search(sentence))
