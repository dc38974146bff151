"""A draft audit file (audits/*.yml) from a briefing's parts (bot/knowledge/briefing.py), for a
person to review: every field the draft is unsure of carries a ``# check:`` comment, and what
only a person can write (each question's ``if_not``, a new theme's description) is left empty,
so ``make check-content`` names its file and line until it is filled in.

Written out line by line rather than dumped, because PyYAML drops comments; each value is
quoted by PyYAML itself, so the draft always parses.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

import yaml

from bot.knowledge.briefing import Briefing, CaseDraft, Message

WIDTH = 100
# "Professionals should ...", "Cases should not be closed ...": the audit's advice.
ADVICE = re.compile(r"^(?:[\w'-]+\s+){1,3}should\b", re.IGNORECASE)
_SMALL_WORDS = {"and", "the", "of", "a", "an", "in", "for", "to", "with", "on"}


def _words(text: str) -> List[str]:
    text = re.sub(r"[‘’'“”\"]", "", text.lower())
    return [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _SMALL_WORDS]


def slug(text: str, limit: int = 60) -> str:
    words = re.split(r"[^a-z0-9]+", re.sub(r"[‘’']", "", text.lower()))
    made = "_".join(w for w in words if w)[:limit].strip("_")
    return made if re.match(r"^[a-z]", made) else f"x_{made}"


def match_theme(heading: str, themes: Dict[str, str]) -> Tuple[str | None, bool]:
    """The theme a key message's heading names (id, and whether that is a guess): its title
    word for word; else a title whose every word the heading has ("Substance Misuse Service –
    professional awareness of remit"), or one spelt nearly the same; else None (a new theme)."""
    words = _words(heading)
    for theme_id, title in themes.items():
        if _words(title) == words:
            return theme_id, False
    within = [(len(_words(t)), i) for i, t in themes.items() if set(_words(t)) <= set(words)]
    if within and max(within)[0] > 0:
        return max(within)[1], True
    close = [
        (difflib.SequenceMatcher(None, " ".join(_words(t)), " ".join(words)).ratio(), i)
        for i, t in themes.items()
    ]
    if close and max(close)[0] >= 0.85:
        return max(close)[1], True
    return None, False


def split_paragraphs(paragraphs: List[str]) -> Tuple[str, str | None, str | None]:
    """The key message, what the case showed and the advice: the first paragraph is the message,
    a last one that says what someone "should" do is the advice, and a single paragraph between
    them the evidence (as the bundled audit is laid out); more paragraphs stay the message."""
    if len(paragraphs) < 2:
        return (paragraphs[0] if paragraphs else ""), None, None
    advice = paragraphs[-1] if ADVICE.match(paragraphs[-1]) else None
    middle = paragraphs[1:-1] if advice else paragraphs[1:]
    if len(middle) == 1:
        return paragraphs[0], middle[0], advice
    return "\n\n".join([paragraphs[0], *middle]), None, advice


@dataclass
class Draft:
    lines: List[str] = field(default_factory=list)
    checks: int = 0

    def comment(self, indent: int, text: str) -> None:
        for line in textwrap.wrap(text, WIDTH - indent - 2):
            self.lines.append(f"{' ' * indent}# {line}")

    def put(self, indent: int, key: str, value: object, check: str | None = None) -> None:
        """``key: value``, folded over lines when long; ``check``: why a person must look."""
        pad = " " * indent
        note = f"  # check: {check}" if check else ""
        self.checks += bool(check)
        text = value if isinstance(value, str) else None
        if text is None or ("\n" not in text and len(f"{pad}{key}: {text}") <= WIDTH):
            self.lines.append(f"{pad}{key}: {_quoted(value)}{note}")
            return
        self.lines.append(f"{pad}{key}: >-{note}")
        for n, paragraph in enumerate(text.split("\n\n")):
            if n:
                self.lines.append("")
            self.lines += textwrap.wrap(
                paragraph, WIDTH, initial_indent=pad + "  ", subsequent_indent=pad + "  "
            )


def _quoted(value: object) -> str:
    """``value`` as PyYAML writes it in a flow sequence (quoted whenever it must be)."""
    dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.strip()[1:-1]


def draft_audit(briefing: Briefing, themes: Dict[str, str], source: str) -> Tuple[str, int]:
    """The audit file's text, and how many fields it marks ``# check:``. ``themes``: the
    themes already in the content (id -> title)."""
    draft = Draft()
    audit_id = slug(f"{briefing.area} {briefing.year}") if briefing.area else "new_audit"
    draft.comment(0, f"Drafted by `python -m bot import-audit` from {source}.")
    draft.comment(
        0,
        "Review every line marked `# check:`, fill in each empty if_not and new theme "
        "description, then run `make check-content` (docs/content.md).",
    )
    draft.lines += ["schema_version: 1", "", "audit:"]
    draft.put(2, "id", audit_id, "made from the area and year: keep it unique and stable")
    for name in ("title", "partnership", "partnership_short", "area", "year"):
        draft.put(2, name, getattr(briefing, name), briefing.guesses.get(name))
    if briefing.focus:
        draft.put(2, "focus", briefing.focus)

    chosen, new = _themes(briefing, themes)
    if new:
        draft.lines += ["", "themes:"]
        for theme_id, title in new.items():
            draft.put(2, "- id", theme_id, "a new theme: its id, made from its title")
            draft.put(4, "title", title)
            draft.put(
                4, "description", "", "write what the theme is about, in a line (docs/content.md)"
            )
    draft.lines += ["", "cases:"]
    for case in briefing.cases:
        _case(draft, case, audit_id, chosen)
    return "\n".join(draft.lines) + "\n", draft.checks


def _themes(
    briefing: Briefing, themes: Dict[str, str]
) -> Tuple[Dict[str, Tuple[str, bool]], Dict[str, str]]:
    """Each heading's theme (id, guessed) and the new themes to define (id -> title)."""
    chosen: Dict[str, Tuple[str, bool]] = {}
    new: Dict[str, str] = {}
    for message in (m for c in briefing.cases for m in c.messages):
        if message.heading in chosen:
            continue
        theme_id, guessed = match_theme(message.heading, {**themes, **new})
        if theme_id is None:
            theme_id = slug(message.heading or "theme")
            while theme_id in themes or theme_id in new:
                theme_id += "_new"
            new[theme_id] = message.heading
        chosen[message.heading] = (theme_id, guessed)
    return chosen, new


def _case(
    draft: Draft, case: CaseDraft, audit_id: str, chosen: Dict[str, Tuple[str, bool]]
) -> None:
    if draft.lines[-1] != "cases:":
        draft.lines.append("")
    draft.put(2, "- id", f"{audit_id}_case_{case.number}")
    draft.put(
        4, "number", case.number, "no number after 'Case': counted" if case.number_guessed else None
    )
    draft.put(4, "summary", "\n\n".join(case.summary), None if case.summary else "not found")
    draft.lines.append("    strengths:" if case.strengths else "    strengths: []")
    for strength in case.strengths:
        draft.put(6, "- title", strength.title)
        draft.put(8, "text", strength.text)
    draft.lines.append("    key_messages:")
    for m, message in enumerate(case.messages):
        _message(draft, message, f"{audit_id}_c{case.number}_{m + 1}", chosen)


def _message(
    draft: Draft, message: Message, prefix: str, chosen: Dict[str, Tuple[str, bool]]
) -> None:
    theme_id, guessed = chosen[message.heading]
    draft.put(
        6,
        "- theme",
        theme_id,
        f"matched to '{message.heading}' by its words: is it this theme?" if guessed else None,
    )
    if guessed:
        draft.put(8, "title", message.heading)
    text, evidence, advice = split_paragraphs(message.paragraphs)
    draft.put(8, "text", text, None if text else "no paragraph under this heading")
    if evidence:
        draft.put(
            8, "evidence", evidence, "split from the key message: is it what the case showed?"
        )
    if advice:
        draft.put(8, "advice", advice, "split from the key message: is it the audit's advice?")
    for note in message.notes:
        draft.comment(
            8,
            f"check: the briefing also says “{note}”. A signpost? Add it to resources.yml and "
            "name it under `resources:` (docs/content.md).",
        )
        draft.checks += 1
    if not message.questions:
        draft.lines.append("        questions: []  # check: the briefing asks none here")
        draft.checks += 1
        return
    draft.lines.append("        questions:")
    for q, question in enumerate(message.questions):
        draft.put(10, "- id", f"{prefix}_q{q + 1}")
        draft.put(12, "text", question.text)
        check = (
            "drafted from what the briefing says after the question: make it the next step"
            if question.rest
            else "write what to suggest when the answer is no or not sure"
        )
        draft.put(12, "if_not", question.rest, check)
