"""The session summary, built from a conversation's events: the same code for the chat reply
(actions/summary.py) and the Markdown download (bot/channels/reflect_web.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any, Dict, List

from bot.knowledge import KnowledgeBase

TEMPLATES = Path(__file__).parent.parent / "web" / "templates"
TEMPLATE = Template((TEMPLATES / "summary.md").read_text("utf-8"))
NOTHING = "None."
ANSWER_LABELS = {"skipped": "(skipped)"}


def current_session(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Events after the last session start or restart."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") in ("session_started", "restart"):
            return events[index + 1 :]
    return events


@dataclass
class Summary:
    themes: List[str] = field(default_factory=list)
    key_messages: List[Dict[str, Any]] = field(default_factory=list)
    answers: List[Dict[str, Any]] = field(default_factory=list)
    resources: List[str] = field(default_factory=list)
    suggested: List[str] = field(default_factory=list)
    safety_shown: bool = False

    @property
    def empty(self) -> bool:
        return not (self.themes or self.answers or self.resources or self.safety_shown)

    def next_steps(self, kb: KnowledgeBase) -> List[str]:
        steps = [a["next_step"] for a in self.answers if a.get("next_step")]
        steps += [
            f"Look at the theme {kb.themes[t].title}."
            for t in self.suggested
            if t not in self.themes and t in kb.themes
        ]
        return list(dict.fromkeys(steps))


def summarise(events: List[Dict[str, Any]]) -> Summary:
    summary = Summary()
    for event in current_session(events):
        kind = event.get("event")
        if kind == "bot":
            custom = ((event.get("data") or {}).get("custom")) or {}
            if custom.get("kind") == "key_message":
                summary.key_messages.append(custom)
                if custom["theme"] not in summary.themes:
                    summary.themes.append(custom["theme"])
            elif custom.get("kind") == "resource" and custom["id"] not in summary.resources:
                summary.resources.append(custom["id"])
            elif custom.get("kind") == "safety":
                summary.safety_shown = True
        elif kind == "slot" and event.get("name") == "reflection_answers":
            summary.answers = list(event.get("value") or [])
        elif kind == "slot" and event.get("name") == "suggested_themes":
            summary.suggested += [t for t in event.get("value") or [] if t not in summary.suggested]
    return summary


def _bullets(lines: List[str]) -> str:
    return "\n".join(f"- {line}" for line in lines) if lines else NOTHING


def to_markdown(summary: Summary, kb: KnowledgeBase, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    answers = []
    for a in summary.answers:
        answer = ANSWER_LABELS.get(a.get("kind"), a.get("answer") or "")
        answers.append(f"**{a['question']}**\n  {answer}")
    key_messages = [
        f"{m['title']} ({m.get('case_label') or m['case']}): {m['text']}"
        for m in summary.key_messages
    ]
    resources = [kb.resources[r].title for r in summary.resources if r in kb.resources]
    if summary.safety_shown:
        resources.insert(0, "Immediate-risk safety message (999, children's social care)")
    return (
        TEMPLATE.substitute(
            date=f"{today.day} {today:%B %Y}",
            audits=", ".join(f"{a.area} {a.year} multi-agency case audit" for a in kb.audits),
            themes=_bullets([kb.themes[t].title for t in summary.themes if t in kb.themes]),
            key_messages=_bullets(key_messages),
            answers=_bullets(answers),
            resources=_bullets(resources),
            next_steps=_bullets(summary.next_steps(kb)),
        ).strip()
        + "\n"
    )
