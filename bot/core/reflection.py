"""The reflective loop's pure logic: question order, answer kinds, and reflecting words back."""

from __future__ import annotations

import random
import re
from typing import Iterable, List

from bot.knowledge import KeyMessage, Question, Theme

ANSWER_KINDS = {"affirm": "yes", "deny": "no", "express_unsure": "unsure"}

# First person to second person, so "I haven't asked yet" comes back as "you haven't asked yet".
_PRONOUNS = {
    "i": "you",
    "i'm": "you're",
    "im": "you're",
    "i've": "you've",
    "ive": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we": "you",
    "we're": "you're",
    "we've": "you've",
    "we'd": "you'd",
    "we'll": "you'll",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
    "am": "are",
    "was": "were",
}
_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")


def question_order(
    theme: Theme,
    shown: KeyMessage | None,
    already_asked: Iterable[str],
    seed: str,
) -> List[Question]:
    """The theme's questions not yet asked this session: the shown key message's first, each
    group shuffled by ``seed`` so a returning practitioner meets them in a different order."""
    asked = set(already_asked)
    rng = random.Random(seed)
    first = [q for q in (shown.questions if shown else ()) if q.id not in asked]
    rest = [q for q in theme.questions if q.id not in asked and q not in first]
    rng.shuffle(first)
    rng.shuffle(rest)
    return first + rest


def answer_kind(intent: str, text: str) -> str:
    """``yes``, ``no`` or ``unsure`` from the intent; otherwise ``reflection`` (free text)."""
    return ANSWER_KINDS.get(intent, "reflection")


def reflect_back(text: str, max_words: int = 30) -> str:
    """The answer's first sentence in the second person, shortened: proof it was heard."""
    sentence = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0].rstrip(".!? ")
    words = sentence.split()
    if len(words) > max_words:
        sentence = " ".join(words[:max_words]) + "…"
    swapped = []
    for token in _WORD.findall(sentence):
        lower = token.lower()
        swapped.append(_PRONOUNS.get(lower, token) if lower in _PRONOUNS else token)
    result = "".join(swapped)
    return result[:1].upper() + result[1:] if result else result
