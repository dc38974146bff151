"""Guided supervision: the state of one session, its next stage, and what its record holds
(bot/web/records.py words the record).

The state is one JSON-able dict kept in the ``supervision`` slot, so pausing, resuming and
revisiting need nothing else. Steps come from bot/knowledge/content/supervision.yml.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

from bot.knowledge import KnowledgeBase

State = Dict[str, Any]
ACTION, OWNER, DUE, ESCALATION, DONE = "action", "owner", "due", "escalation_route", "done"


def new_state(today: dt.date | None = None) -> State:
    return {
        "started": (today or dt.date.today()).isoformat(),
        "steps": {},  # step id -> answer, or None when skipped
        "revisit": None,  # a step asked for again
        "draft": None,  # the action being agreed: {"action": ..., "owner": ...}
        "actions": [],  # agreed actions: {"action", "owner", "due"}
        "actions_done": False,
        "escalation_route": None,
        "escalation_answered": False,
        "themes": [],  # {"theme", "key_message"} woven in from the answers
        "finished": False,
    }


def next_stage(state: State, kb: KnowledgeBase) -> str:
    """The stage to ask next: a step id, then action/owner/due (repeating), then escalation."""
    if state.get("revisit"):
        return state["revisit"]
    for step in kb.supervision.steps:
        if step.id not in state["steps"]:
            return step.id
    if not state["actions_done"]:
        draft = state.get("draft")
        if draft is None:
            return ACTION
        return OWNER if "owner" not in draft else DUE
    return DONE if state["escalation_answered"] else ESCALATION


def step_number(step_id: str, kb: KnowledgeBase) -> int | None:
    ids = [step.id for step in kb.supervision.steps]
    return ids.index(step_id) + 1 if step_id in ids else None


def prompt_for(stage: str, state: State, kb: KnowledgeBase) -> str:
    guide = kb.supervision
    for step in guide.steps:
        if step.id == stage:
            return step.prompt
    if stage == ACTION:
        if not state["actions"]:
            return guide.actions.action
        return guide.actions.next if state.get("next_action_asked") else guide.actions.more
    if stage == OWNER:
        return guide.actions.owner
    if stage == DUE:
        return guide.actions.due
    return guide.escalation_route.prompt


def record_answer(state: State, stage: str, answer: str | None) -> State:
    """A copy of ``state`` with ``answer`` given (or skipped, when None) at ``stage``."""
    state = {**state, "steps": dict(state["steps"]), "actions": list(state["actions"])}
    if stage == ACTION:
        if answer is None:
            state["actions_done"] = True
        else:
            state["draft"] = {"action": answer}
            state["next_action_asked"] = False
    elif stage == OWNER:
        state["draft"] = {**state["draft"], "owner": answer}
    elif stage == DUE:
        state["actions"].append({**state["draft"], "due": answer})
        state["draft"] = None
    elif stage == ESCALATION:
        state["escalation_route"] = answer
        state["escalation_answered"] = True
    else:
        state["steps"][stage] = answer
        state["revisit"] = None
    return state


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def record_fields(state: State, kb: KnowledgeBase) -> Dict[str, Any]:
    """Everything the record shows, in order, as plain values (both formats render these).
    Anything skipped is None."""
    steps = [
        {"number": i, "title": step.title, "answer": state["steps"].get(step.id) or None}
        for i, step in enumerate(kb.supervision.steps, start=1)
    ]
    themes = []
    for raised in state["themes"]:
        message = next(
            (m for m in kb.themes[raised["theme"]].key_messages if m.id == raised["key_message"]),
            None,
        )
        themes.append(
            {
                "title": kb.themes[raised["theme"]].title,
                "key_message": message.text if message else "",
                "case": kb.cases[message.case_id].label if message else "",
            }
        )
    actions = [
        {
            "action": a["action"],
            "owner": a.get("owner") or None,
            "due": _date(a.get("due")),
        }
        for a in state["actions"]
    ]
    return {
        "date": dt.date.fromisoformat(state["started"]),
        "steps": steps,
        "themes": themes,
        "actions": actions,
        "escalation_title": kb.supervision.escalation_route.title,
        "escalation_route": state.get("escalation_route") or None,
        "audits": kb.audits,
    }


def latest_state(events: List[Dict[str, Any]]) -> State | None:
    """The last value of the ``supervision`` slot in a conversation's events."""
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == "supervision":
            return event.get("value")
        if event.get("event") == "restart":
            return None
    return None
