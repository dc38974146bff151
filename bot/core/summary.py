"""What the session summary holds, built from a conversation's events. bot/web/records.py
words it (the chat reply in actions/summary.py and the Markdown download use the same)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List

from bot.core.turn_data import FALLBACK_INTENT, RISK_INTENT
from bot.core.turns import is_question, tells_enough, trailing_question
from bot.knowledge import KnowledgeBase

# The summary of the sessions before, carried into a session that carries on paused work
# (actions/session.py): Rasa gives the actions only the latest session's events.
CARRIED_SLOT = "summary_so_far"

# Words told before a trailing question for the message to be a situation asked about, not a
# question with a little context ("how do I refer him? he's 15").
SITUATION_BEFORE_QUESTION_WORDS = 15

# A remark about the conversation that points back at a situation already told ("i meant the
# cse thing i described", "like i said"): the situation is the one told, not the remark.
_POINTS_BACK = re.compile(
    r"^\W*(?:no,?\s+)?i\s+meant\b|\b(?:i|we)\s+(?:described|mentioned|said|told you|explained)"
    r"(?:\s+(?:earlier|before|above))?\s*(?:[,.;!?]|$)|\b(?:like|as)\s+i\s+(?:said|mentioned)\b",
    re.IGNORECASE,
)

# Themes offered for the practitioner to choose from because Reflect was unsure (``uncertain``),
# a new situation mid-questions (``switch``) or after the safety message: guesses. Left unpicked,
# they are no next step; those offered ``also`` beside a theme being discussed are.
_GUESSED = ("uncertain", "switch", "after_safety", "all")


def tells_situation_first(text: str) -> bool:
    """A situation told at length, then a question about it."""
    told, asked = trailing_question(text)
    return bool(asked) and len(told.split()) >= SITUATION_BEFORE_QUESTION_WORDS


def current_session(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Events after the last session start or restart."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") in ("session_started", "restart"):
            return events[index + 1 :]
    return events


@dataclass
class Summary:
    situations: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)  # facts added in the middle of the questions
    themes: List[str] = field(default_factory=list)
    key_messages: List[Dict[str, Any]] = field(default_factory=list)
    answers: List[Dict[str, Any]] = field(default_factory=list)
    resources: List[str] = field(default_factory=list)
    suggested: List[str] = field(default_factory=list)
    guessed: List[str] = field(default_factory=list)  # offered only as guesses (``_GUESSED``)
    safety_shown: bool = False
    supervision_records: int = 0  # guided supervisions finished and filed
    supervision_steps: int = 0  # steps discussed in a supervision not filed yet

    @property
    def empty(self) -> bool:
        return not (
            self.situations  # told, and no theme picked yet: still theirs to take away
            or self.themes
            or self.answers
            or self.resources
            or self.safety_shown
            or self.supervision_records
            or self.supervision_steps
        )


def summarise(events: List[Dict[str, Any]], kb: KnowledgeBase) -> Summary:
    """What the session covered, each theme, key message, question and signpost once, in the
    order discussed; it begins with the situations the practitioner described, in their own
    (redacted) words: the first, then any later update."""
    summary = Summary()
    loop: str | None = None
    unclear: str | None = None  # an unclear message, until the practitioner picks a theme for it
    for event in current_session(events):
        kind = event.get("event")
        if kind == "active_loop":
            loop = event.get("name")
        elif kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            text = text_said = event.get("text") or ""
            # A situation told outside the questions (inside them, it was an answer), also when
            # it came with the safety message or was unclear until a theme was picked for it;
            # never a question.
            told = not is_question(text)
            said, asked = trailing_question(text)
            if not told and asked and tells_enough(said):
                # "…nobody told the school nurse. what ages does she cover?": told, then asked
                text, told = said, True
            # whatever the NLU made of it, a situation told at length then asked about (the
            # question is answered first, the situation is still theirs)
            situational = (
                intent in kb.situations or intent == RISK_INTENT or tells_situation_first(text_said)
            )
            if _POINTS_BACK.search(text):
                situational = False
            # the unclear message placed: a theme picked for it, or typed ("info sharing i guess")
            placed = intent == "choose_theme" or situational
            if placed and unclear and unclear not in summary.situations:
                summary.situations.append(unclear)
            unclear = text if loop is None and intent == FALLBACK_INTENT and told else None
            if loop is None and situational and told and text not in summary.situations:
                summary.situations.append(text)
        elif kind == "bot":
            custom = ((event.get("data") or {}).get("custom")) or {}
            if custom.get("kind") == "key_message":
                if all(
                    m["case"] != custom["case"] or m["theme"] != custom["theme"]
                    for m in summary.key_messages
                ):
                    summary.key_messages.append(custom)
                if custom["theme"] not in summary.themes:
                    summary.themes.append(custom["theme"])
            elif custom.get("kind") == "resource" and custom["id"] not in summary.resources:
                summary.resources.append(custom["id"])
            elif custom.get("kind") == "theme_suggestion":
                offered = custom.get("themes") or []
                if custom.get("reason") in _GUESSED:
                    summary.guessed += [t for t in offered if t not in summary.guessed]
                else:  # offered beside the theme discussed: a lead, not a guess
                    summary.guessed = [t for t in summary.guessed if t not in offered]
            elif custom.get("kind") == "safety":
                summary.safety_shown = True
            elif custom.get("kind") == "supervision_record":
                summary.supervision_records += 1
        elif kind == "slot" and event.get("name") == CARRIED_SLOT and event.get("value"):
            summary = Summary(**event["value"])
        elif kind == "slot" and event.get("name") == "supervision":
            state = event.get("value") or {}
            in_progress = not state.get("finished") and not state.get("discarded")
            steps = state.get("steps") or {}
            summary.supervision_steps = sum(1 for a in steps.values() if a) if in_progress else 0
        elif kind == "slot" and event.get("name") == "situation_notes":
            summary.notes = list(event.get("value") or [])
        elif kind == "slot" and event.get("name") == "reflection_answers":
            summary.answers = list(event.get("value") or [])
        elif kind == "slot" and event.get("name") == "suggested_themes":
            summary.suggested += [t for t in event.get("value") or [] if t not in summary.suggested]
    return summary


def summary_fields(summary: Summary, kb: KnowledgeBase) -> Dict[str, Any]:
    """Everything the summary shows, in order, as plain values (the template words them)."""
    return {
        "audits": kb.audits,
        "situations": [*summary.situations, *summary.notes],
        "themes": [kb.themes[t].title for t in summary.themes if t in kb.themes],
        "key_messages": [
            {"title": m["title"], "case": m.get("case_label") or m["case"], "text": m["text"]}
            for m in summary.key_messages
        ],
        "answers": [  # a skipped question's answer is None
            {
                "question": a["question"],
                "derived": a.get("origin") == "derived",
                "answer": None if a.get("kind") == "skipped" else a.get("answer") or "",
                "follow_up": a.get("follow_up"),
            }
            for a in summary.answers
        ],
        "safety_shown": summary.safety_shown,
        "supervision_records": summary.supervision_records,
        "supervision_steps": summary.supervision_steps,
        # each signpost with how to reach it: the summary is what the practitioner keeps
        "resources": [kb.resources[r] for r in summary.resources if r in kb.resources],
        "next_steps": list(
            dict.fromkeys(a["next_step"] for a in summary.answers if a.get("next_step"))
        ),
        # themes suggested but not discussed (summarise keeps each suggestion once), never a
        # guess the practitioner did not take up
        "themes_to_look_at": [
            kb.themes[t].title
            for t in summary.suggested
            if t not in summary.themes and t not in summary.guessed and t in kb.themes
        ],
    }
