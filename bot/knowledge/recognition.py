"""Themes recognised from the content itself: what the intent classifier learns for each theme.

A theme of the bundled audit is recognised through its hand-written situation intents
(situations.yml, data/nlu/situations/). A theme no situation intent names — a new audit's,
dropped into the content folder — gets an intent of its own, ``about_<theme id>``, trained on
the theme's own words: its title and description, its key messages (text, evidence, advice) and
reflective questions, sentence by sentence, and any ``examples:`` given under the theme or its
key messages. Examples of a theme that has situation intents train its first situation intent.

The knowledge base lists these intents with the situations (``KnowledgeBase.situations``), so
the domain, the rule that presents a situation's theme and the theme ranking treat them alike;
bot/rasa_ext/importer.py adds their training examples. Content is a training input
(bot/ops/launcher.py), so a new audit retrains the model by itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Dict, Iterable, List, Mapping

if TYPE_CHECKING:
    from bot.knowledge.base import KnowledgeBase, Theme

CONTENT_INTENT_PREFIX = "about_"

# The audit's formula opening every key message: it says nothing about any one theme.
_LEAD_IN = re.compile(r"^this case (?:also )?highlighted (?:that )?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z'‘\"(])")


def content_intent(theme_id: str) -> str:
    return f"{CONTENT_INTENT_PREFIX}{theme_id}"


def content_situations(
    theme_ids: Iterable[str], situations: Mapping[str, List[str]]
) -> Dict[str, List[str]]:
    """``about_<theme>`` -> [theme] for each theme that no situation intent names."""
    named = {theme for themes in situations.values() for theme in themes}
    return {content_intent(t): [t] for t in theme_ids if t not in named}


def sentences(text: str) -> List[str]:
    """A paragraph's sentences, without the audit's "This case highlighted that" lead-in."""
    parts = (p.strip() for p in _SENTENCE_END.split(" ".join(text.split())))
    out = []
    for part in parts:
        part = _LEAD_IN.sub("", part)
        if len(part.split()) >= 3:
            out.append(part[0].upper() + part[1:])
    return out


def theme_sentences(theme: Theme) -> List[str]:
    """A theme's own words, sentence by sentence: title, description, key messages, questions."""
    texts = [theme.title, theme.description]
    for message in theme.key_messages:
        texts += [message.text, message.evidence or "", message.advice or ""]
        texts += [question.text for question in message.questions]
    found = [theme.title, theme.description]
    for text in texts[2:]:
        found += sentences(text) if text else []
    return list(dict.fromkeys(found))


def theme_examples(theme: Theme) -> List[str]:
    """The practitioner-voice examples given under the theme and under its key messages."""
    found = [*theme.examples, *(e for m in theme.key_messages for e in m.examples)]
    return list(dict.fromkeys(found))


def training_examples(kb: KnowledgeBase) -> Dict[str, List[str]]:
    """intent -> the texts it learns from the content (the hand-written data/nlu comes apart)."""
    out: Dict[str, List[str]] = {}
    for theme in kb.themes.values():
        own = content_intent(theme.id)
        if own in kb.situations:
            texts = theme_sentences(theme) + theme_examples(theme)
            intent = own
        else:
            intent = next(
                (i for i, themes in kb.situations.items() if themes[:1] == [theme.id]), None
            )
            texts = theme_examples(theme)
        if intent and texts:
            out.setdefault(intent, [])
            out[intent] += [t for t in texts if t not in out[intent]]
    return out
