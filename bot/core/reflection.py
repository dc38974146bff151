"""The reflective loop's pure logic: the order of a theme's questions, and the audit's own words
a question's key phrases are checked against (bot/core/answers.py)."""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Iterable, List, Tuple

from bot.core.answers import answered_by, key_phrases
from bot.core.relevance import TextIndex
from bot.core.turns import asks_to_switch, is_question
from bot.knowledge import KeyMessage, KnowledgeBase, Question, Theme


def question_order(
    theme: Theme,
    shown: KeyMessage | None,
    already_asked: Iterable[str],
    seed: str,
    said: str = "",
) -> List[Question]:
    """The theme's questions not yet asked this session: the shown key message's first; within
    each group, those closest to what the practitioner ``said`` first (someone who says "I cry
    in the car" is asked about support before the escalation policy), the rest shuffled by
    ``seed`` so a returning practitioner meets them in a different order."""
    asked = set(already_asked)
    rng = random.Random(seed)
    first = [q for q in (shown.questions if shown else ()) if q.id not in asked]
    rest = [q for q in theme.questions if q.id not in asked and q not in first]
    rng.shuffle(first)
    rng.shuffle(rest)
    if said:
        closeness = dict(_question_index(tuple(theme.questions)).rank(said))
        first.sort(key=lambda q: -closeness.get(q.id, 0.0))  # stable: ties keep the shuffle
        rest.sort(key=lambda q: -closeness.get(q.id, 0.0))
    return first + rest


@lru_cache(maxsize=64)
def _question_index(questions: Tuple[Question, ...]) -> TextIndex:
    """Each of a theme's questions with its next step: the words an answer to it would use."""
    return TextIndex({q.id: f"{q.text} {q.if_not}" for q in questions})


@lru_cache(maxsize=4)
def audit_texts(kb: KnowledgeBase) -> Tuple[str, ...]:
    """Everything the audits say besides their questions: summaries, what went well, key
    messages, evidence, advice and next steps."""
    texts: List[str] = []
    for case in kb.cases.values():
        texts += [case.summary, *(s.text for s in case.strengths)]
        for message in case.key_messages:
            texts += [message.text, message.evidence or "", message.advice or ""]
            texts += [q.if_not for q in message.questions]
    return tuple(t for t in texts if t)


@lru_cache(maxsize=4)
def question_texts(kb: KnowledgeBase) -> Tuple[str, ...]:
    return tuple(q.text for t in kb.themes.values() for q in t.questions)


def answered_in(
    kb: KnowledgeBase, question: Question, said: Iterable[str]
) -> Tuple[str, str] | None:
    """(sentence, kind) when something the practitioner said already answers ``question``
    (bot/core/answers.py ``answered_by``), else None."""
    return answered_by(
        question.text, question_texts(kb), audit_texts(kb), said, kb.with_terms, _asks
    )


def _asks(sentence: str) -> bool:
    """Asked, or a request to move to another theme: never an answer to a question."""
    return is_question(sentence) or asks_to_switch(sentence)


def question_topic(kb: KnowledgeBase, question: Question) -> str:
    """What a question alone of the audit's asks about, in its own words ("lead professional"):
    how Reflect names a question it will not ask, rather than quoting it whole."""
    phrases = key_phrases(question.text, question_texts(kb), audit_texts(kb))
    return " ".join(phrases[0]) if phrases else ""
