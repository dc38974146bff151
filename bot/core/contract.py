"""The theme contract: machine-readable data carried in Rasa's ``custom`` payload.

Every reply that presents audit content carries one of these, so the widget, the supervision
record and evaluations never parse prose. Documented in docs/contract.md; build payloads only here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, Iterable

from bot.knowledge import Case, KeyMessage, KnowledgeBase, Question
from bot.knowledge.schema import GlossaryEntry, Resource

Payload = Dict[str, Any]

SAFETY: Payload = {"kind": "safety"}
OUT_OF_SCOPE: Payload = {"kind": "out_of_scope"}


def key_message(message: KeyMessage, case: Case) -> Payload:
    return {
        "kind": "key_message",
        "theme": message.theme,
        "title": message.title,
        "text": message.text,
        "case": message.case_id,
        "case_number": case.number,
        "case_label": case.label,
        "evidence": message.evidence,
        "advice": message.advice,
        "strengths": [s.title for s in case.strengths],
    }


def reflective_question(question: Question) -> Payload:
    return {
        "kind": "reflective_question",
        "theme": question.theme,
        "question": question.text,
        "id": question.id,
        "origin": question.origin,
    }


def theme_suggestion(theme_ids: Iterable[str], reason: str) -> Payload:
    """Themes offered to choose from, in the order the bot ranks them; ``reason``: ``also``
    (other themes a message touches), ``uncertain`` (none clearly best), ``switch`` (a new
    situation in the middle of the questions) or ``all``."""
    return {"kind": "theme_suggestion", "themes": list(theme_ids), "reason": reason}


def answer(mode: str, theme: str | None, answer_kind: str, **where: str) -> Payload:
    """A turn recorded as an answer: ``question=<id>`` (reflection) or ``stage=<stage>``
    (supervision)."""
    return {"kind": "answer", "mode": mode, "theme": theme, "answer_kind": answer_kind, **where}


def term(entry: GlossaryEntry) -> Payload:
    return {"kind": "term", "term": entry.term, "meaning": entry.meaning}


def audit_info(kb: KnowledgeBase) -> Payload:
    return {
        "kind": "audit_info",
        "audits": [
            {
                "id": a.id,
                "title": a.title,
                "partnership": a.partnership,
                "area": a.area,
                "year": a.year,
                "focus": a.focus,
            }
            for a in kb.audits
        ],
    }


def case_finding(case: Case, about: str, findings: Iterable[Dict[str, str]]) -> Payload:
    """What a case showed about one agency or topic: ``findings`` are ``{theme, text}``."""
    return {
        "kind": "case_finding",
        "case": case.id,
        "number": case.number,
        "about": about,
        "findings": list(findings),
    }


def not_covered(topic: str, themes: Iterable[str], resources: Iterable[str]) -> Payload:
    """A topic the audits do not cover, with the nearest themes and signposts."""
    return {
        "kind": "not_covered",
        "topic": topic,
        "themes": list(themes),
        "resources": list(resources),
    }


def privacy(retention_days: int) -> Payload:
    """Who can see a conversation and how long it is kept ("is this anonymous?")."""
    return {"kind": "privacy", "retention_days": retention_days}


def start_over_confirm() -> Payload:
    """ "Start again": clear the conversation? (buttons yes / no)."""
    return {"kind": "start_over_confirm"}


def cannot_help(request: str, routes: Iterable[str]) -> Payload:
    """A request Reflect cannot meet (``legal_advice``, ``referral``) and who can help."""
    return {"kind": "cannot_help", "request": request, "routes": list(routes)}


def case_payload(case: Case) -> Payload:
    return {
        "kind": "case",
        "case": case.id,
        "number": case.number,
        "audit": case.audit.id,
        "summary": case.summary,
        "strengths": [{"title": s.title, "text": s.text} for s in case.strengths],
        "themes": [m.theme for m in case.key_messages],
    }


def listing(kind: str, ids: Iterable[str]) -> Payload:
    """A list offered as buttons: ``case_list`` (case ids) or ``resource_list`` (resource ids)."""
    return {"kind": kind, "items": list(ids)}


def safety(kb: KnowledgeBase, routes: Iterable[str]) -> Payload:
    """The safety message: the routes given (ids, in order) and their contacts (``phone`` null
    where the partnership has yet to add one, or where it is a person in the practitioner's own
    agency)."""
    routes = list(routes)
    contacts = [kb.safety.contact(route) for route in routes]
    return {
        **SAFETY,
        "routes": routes,
        "contacts": [{"id": c.id, "title": c.title, "phone": c.phone} for c in contacts],
        "procedures": kb.safety.procedures,
    }


def resource(item: Resource, kb: KnowledgeBase, today: dt.date | None = None) -> Payload:
    return {
        "kind": "resource",
        "id": item.id,
        "title": item.title,
        "resource_kind": item.kind,
        "text": item.text,
        "accepts": item.accepts,
        "ages": item.ages,
        "phone": item.phone,
        "email": item.email,
        "hours": item.hours,
        "reference": item.reference,
        "dates": [d.isoformat() for d in item.dates],
        "dates_past": kb.resource_is_past(item.id, today),
        "link": item.link,
        "link_missing": item.link_missing,
    }


def supervision_step(stage: str, number: int | None) -> Payload:
    """The supervision stage being asked: a step (numbered), action, owner, due or escalation."""
    return {"kind": "supervision_step", "stage": stage, "number": number}


def download(
    kind: str, sender_id: str, formats: Iterable[str], version: int | None = None
) -> Payload:
    """A downloadable document (``summary`` or ``supervision_record``) for this conversation.
    A record's ``version`` (its number among the records filed in the conversation) stays at
    its own address (``<id>.vN.md``) once a later one is filed; ``downloads`` is always the
    latest."""
    formats = list(formats)
    payload: Payload = {
        "kind": kind,
        "downloads": {fmt: f"/webhooks/reflect/{kind}/{sender_id}.{fmt}" for fmt in formats},
    }
    if version is not None:
        payload["version"] = version
        payload["version_downloads"] = {
            fmt: f"/webhooks/reflect/{kind}/{sender_id}.v{version}.{fmt}" for fmt in formats
        }
    return payload
