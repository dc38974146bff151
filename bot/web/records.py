"""The session summary and the supervision record as documents, one Jinja2 template per format
in bot/web/templates/. bot/core decides what they hold; the templates word it."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any, Dict

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from markupsafe import Markup

from bot.core import supervision
from bot.core.answers import sentences
from bot.core.summary import Summary, summary_fields
from bot.knowledge import KnowledgeBase


@pass_eval_context
def _escape_as_before(eval_ctx: EvalContext, value: Any) -> Any:
    """HTML autoescaping spelt as html.escape spells it (&#x27;, &quot;; markupsafe would write
    &#39;, &#34;), so a record reads byte for byte as those already downloaded."""
    if eval_ctx.autoescape and not hasattr(value, "__html__"):
        return Markup(html.escape(str(value)))
    return value


def md_cell(value: str) -> str:
    """A Markdown table cell: a "|" typed in an answer must not end the cell, nor a newline
    the row."""
    return value.replace("|", "\\|").replace("\n", " ")


_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    # answers are the practitioner's own words: escaped in HTML, left as typed in Markdown
    autoescape=select_autoescape(["html.j2"]),
    finalize=_escape_as_before,
    undefined=StrictUndefined,  # a misspelt field fails the render rather than printing nothing
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["md_cell"] = md_cell


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# A sentence that reports (what the audit found, what a service is, what a case showed) rather
# than says what to do: it opens with its subject, where a step opens with its verb ("Ask...").
_REPORTS = re.compile(r"^(?:the|it|this|these|there|in this case|in case)\b", re.IGNORECASE)


def first_sentence(value: str) -> str:
    """A next step's step, for the summary sent in the chat: its first sentence that says what to
    do, past the finding it may open with ("The audit found... Ask the school..."); its first
    sentence when none does."""
    parts = _SENTENCE.split(value.strip())
    return next((p for p in parts if not _REPORTS.match(p)), parts[0])


def whole_sentences(value: str, limit: int) -> str:
    """``value`` cut to the whole sentences that fit in ``limit`` characters, "…" where some were
    left out; a first sentence longer than that cut at a word. Never cut mid-thought where it
    need not be ("...btw theres an older…")."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    kept = ""
    for part in sentences(value):
        joined = f"{kept}{' ' if kept[-1] in '!?' else '. '}{part}" if kept else part
        if len(joined) > limit:
            break
        kept = joined
    return f"{kept}…" if kept else value[:limit].rsplit(" ", 1)[0] + "…"


_ENV.filters["first_sentence"] = first_sentence
_ENV.filters["whole_sentences"] = whole_sentences


def _render(template: str, fields: Dict[str, Any]) -> str:
    return _ENV.get_template(template).render(fields)


def summary_markdown(summary: Summary, kb: KnowledgeBase, today: dt.date | None = None) -> str:
    return _render(
        "summary.md.j2", {"today": today or dt.date.today(), **summary_fields(summary, kb)}
    )


def summary_brief_markdown(summary: Summary, kb: KnowledgeBase) -> str:
    """The summary as sent in the chat: each part in a line (the download has it all)."""
    return _render("summary_brief.md.j2", summary_fields(summary, kb))


def supervision_markdown(state: supervision.State, kb: KnowledgeBase) -> str:
    return _render("supervision_record.md.j2", supervision.record_fields(state, kb))


def supervision_html(state: supervision.State, kb: KnowledgeBase) -> str:
    """A printable page."""
    return _render("supervision_record.html.j2", supervision.record_fields(state, kb))
