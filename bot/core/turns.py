"""The turn interpreter: what a turn is, when it lands where an answer is awaited.

Rules (data/rules/) already route the turns whose intent says what they are: controls (skip,
stop, pause...), side questions (a case, a signpost, a term, the audit), requests Reflect
cannot meet, off-task lines and immediate risk never reach the answer slot (the slots'
``not_intent`` in domain.yml). Everything else arrives here, and is one of:

- ``answer``: recorded as the answer to the pending question or step;
- ``off_task``: unrelated to the audit and not an answer (declined kindly, not recorded);
- ``question``: a question Reflect was not sure how to place (answered if it names a term or
  a signpost, otherwise said so; not recorded);
- ``new_situation``: a different situation, said to be one ("another family..."): offered as a
  switch, not recorded.

Thresholds are in reflect.yml (``turns``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any, Iterable, List, Mapping, Pattern

from bot.core.answers import alternation, opener, word_lists

ANSWER, OFF_TASK, QUESTION, NEW_SITUATION = "answer", "off_task", "question", "new_situation"
FALLBACK_INTENT = "nlu_fallback"


@lru_cache(maxsize=1)
def _question_start() -> Pattern[str]:
    return re.compile(rf"^\W*(?:{alternation(word_lists()['question_starts'])})(?![\w'])", re.I)


def is_question(text: str) -> bool:
    """Asked rather than told: ends with "?" or opens like a question."""
    stripped = text.strip()
    return stripped.endswith("?") or bool(_question_start().match(stripped))


def interpret(
    intent: str,
    confidence: float,
    text: str,
    *,
    unrelated: bool,
    situation_themes: Iterable[str],
    current_theme: str | None,
    config: Mapping[str, Any],
) -> str:
    """What a turn that reached the answer slot is.

    ``unrelated``: the message shares nothing with the audits (bot.core.themes.is_unrelated).
    ``situation_themes``: the themes of the turn's intent if it is a situation intent.
    """
    if opener(text)[0] is not None:
        return ANSWER  # "no, ...", "not sure - ...": an answer, whatever follows
    if is_practical(text):
        return QUESTION  # "is there any training on this?": a signpost asked for, not an answer
    themes = list(situation_themes)
    if (
        themes
        and confidence >= config["new_situation_min_confidence"]
        and current_theme not in themes
        and _phrases("new_topic").search(text)
    ):
        return NEW_SITUATION
    if intent == FALLBACK_INTENT or intent == "out_of_scope":
        if unrelated:
            return OFF_TASK
        if is_question(text):
            return QUESTION
    return ANSWER


@cache
def _phrases(section: str) -> Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{alternation(word_lists()[section])})(?![\w'])", re.I)


def is_practical(text: str) -> bool:
    """A question after a signpost's practical details (a number, a date, a booking)."""
    return is_question(text) and bool(_phrases("practical").search(text))


def is_definition(text: str) -> bool:
    """A question after what something is or means."""
    return bool(
        re.match(rf"^\W*(?:{alternation(word_lists()['definition_starts'])})\b", text, re.I)
    )


def roles_in(text: str) -> List[str]:
    """The roles and agencies named in ``text`` ("the GP", "school"), lower case."""
    return list(dict.fromkeys(m.group(0).lower() for m in _phrases("roles").finditer(text)))
