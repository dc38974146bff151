"""Helpers shared by the actions: tracker reading, button building, response rendering."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

import inflect
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.core import turns
from bot.core.answers import word_lists
from bot.core.turn_data import SIGNPOST_BY_MEANING
from bot.knowledge import Case, KnowledgeBase, knowledge
from bot.rasa_ext.payloads import is_payload, make_payload
from bot.safety.routes import speaks_as_lead

DomainDict = Dict[str, Any]


def kb() -> KnowledgeBase:
    return knowledge()


def session_events(tracker: Tracker) -> List[Dict[str, Any]]:
    """Events of the current session: from the last ``session_started`` or restart, with what
    action_session_start said just before its ``session_started`` (the introduction)."""
    events = tracker.events
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") in ("session_started", "restart"):
            if events[index].get("event") == "session_started":
                while index > 0 and (
                    events[index - 1].get("event") == "bot"
                    or events[index - 1].get("name") == "action_session_start"
                ):
                    index -= 1
            return events[index:]
    return list(events)


def said_this_session(tracker: Tracker, response: str) -> bool:
    """Whether Reflect gave ``response`` (an utter_* name) in the current session."""
    return any(
        (e.get("metadata") or {}).get("utter_action") == response
        or (e.get("data") or {}).get("template") == response
        for e in session_events(tracker)
        if e.get("event") == "bot"
    )


def slot_events(slots: Dict[str, Any]) -> List[EventType]:
    """The slots a validation or a helper returns, as the events an action returns."""
    return [SlotSet(name, value) for name, value in slots.items()]


def changed(tracker: Tracker, values: Dict[str, Any]) -> Dict[str, Any]:
    """Only the slots whose value would change: a slot event that changes nothing still makes
    the conversation longer, and Rasa's work on every turn grows with its length."""
    return {name: value for name, value in values.items() if tracker.get_slot(name) != value}


def session_seed(tracker: Tracker) -> str:
    """Differs per conversation and per session: a returning practitioner gets a new order."""
    started = next(
        (
            e.get("timestamp")
            for e in reversed(tracker.events)
            if e.get("event") == "session_started"
        ),
        None,
    )
    return f"{tracker.sender_id}:{started}"


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def entity_values(tracker: Tracker, entity: str, meant: bool = False) -> List[str]:
    """The values of ``entity`` the latest message names; with ``meant``, those it only means
    (a signpost found by meaning, bot/nlu/signpost_meaning.py): a guess, weighed after what the
    conversation already points to."""
    return [
        str(e["value"])
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == entity
        and e.get("value") is not None
        and (e.get("extractor") == SIGNPOST_BY_MEANING) == meant
    ]


def case_keys(case: Case) -> Dict[str, str]:
    """What a button names a case by: its number, and its audit when more than one audit is
    live (each audit numbers its own cases)."""
    keys = {"case_number": str(case.number)}
    if len(kb().audits) > 1:
        keys["audit"] = case.audit.id
    return keys


def theme_buttons(theme_ids: Iterable[str], **extra: Any) -> List[Dict[str, str]]:
    themes = kb().themes
    return [
        {"title": themes[t].title, "payload": make_payload("choose_theme", theme=t, **extra)}
        for t in theme_ids
        if t in themes
    ]


def render(domain: DomainDict, response: str, **values: Any) -> str:
    """The text of a domain response, filled in: for replies composed of several parts."""
    variations = (domain.get("responses") or {}).get(response)
    if not variations:
        raise KeyError(f"domain.yml has no response '{response}'")
    return variations[0]["text"].format(**values)


def bullet_lines(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def first_or_none(values: List[str]) -> str | None:
    return values[0] if values else None


def button_title(domain: DomainDict, response: str, pressed: str) -> str:
    """The title of the button whose payload was sent (``/affirm`` -> ``Yes``), else the text."""
    for variation in (domain.get("responses") or {}).get(response) or []:
        for button in variation.get("buttons") or []:
            if button.get("payload") == pressed:
                return button["title"]
    return pressed


def response_buttons(domain: DomainDict, response: str) -> List[Dict[str, str]]:
    """The buttons a domain response defines, to add to a reply composed in an action."""
    variations = (domain.get("responses") or {}).get(response) or [{}]
    return list(variations[0].get("buttons") or [])


def single_message(text: str) -> str:
    """Rasa's channels split a text at blank lines into separate messages; a reply that carries
    a payload must stay one message, so blank lines become single line breaks."""
    return "\n".join(line for line in text.splitlines() if line.strip())


def active_loop(tracker: Tracker) -> str | None:
    return (tracker.active_loop or {}).get("name")


def latest_parse(tracker: Tracker) -> Dict[str, Any]:
    """The latest message as the classifier read it. A message typed while the two-stage
    fallback waits is handed on again as a "clarification" whose intent Rasa sets to confidence
    1.0 (rasa/core/actions/two_stage_fallback.py ``_message_clarification``; the top of the
    ranking shares that dict): a message after a "not covered" reply then read as certain got
    one theme's key message where two were close. The first reading is the one kept."""
    latest = tracker.latest_message
    intent = latest.get("intent") or {}
    if intent.get("confidence") != 1.0 or str(latest.get("text") or "").startswith("/"):
        return latest
    users = [e for e in reversed(tracker.events) if e.get("event") == "user"]
    first = users[1] if len(users) > 1 else {}
    reading = first.get("parse_data") or {}
    same = first.get("text") == latest.get("text")
    if same and (reading.get("intent") or {}).get("name") == intent.get("name"):
        return {**latest, **reading}
    return latest


def latest_confidence(tracker: Tracker) -> float:
    return float((latest_parse(tracker).get("intent") or {}).get("confidence") or 0.0)


def said_texts(tracker: Tracker) -> List[str]:
    """What the practitioner typed this session (button presses left out), oldest first."""
    return [
        e.get("text") or ""
        for e in session_events(tracker)
        if e.get("event") == "user" and e.get("text") and not is_payload(e.get("text"))
    ]


def is_lead(tracker: Tracker) -> bool:
    """Whether the practitioner has said they are a safeguarding lead ("I'm the DSL"), now or
    earlier: they have no lead of their own to go to or to ask for a number."""
    return speaks_as_lead(said_texts(tracker))


# Requests Reflect cannot meet, by intent: what is asked, the reply, and who can help (routes).
CANNOT_HELP = {
    "ask_legal_advice": (
        "legal_advice",
        "utter_cannot_help_legal",
        ["dsl", "childrens_social_care"],
    ),
    "ask_to_refer": (
        "referral",
        "utter_cannot_help_referral",
        ["childrens_social_care", "dsl", "emergency"],
    ),
}

# "who would I ask then?" just after one of those replies: who can, with their contacts.
CANNOT_HELP_WHO = {
    "legal_advice": "utter_cannot_help_who_legal",
    "referral": "utter_cannot_help_who_referral",
}


_inflect = inflect.engine()


def counted(count: int, noun: str | None = None) -> str:
    """ "one", "three"; with a noun, "one question", "three questions" (inflect's plurals)."""
    words = _inflect.number_to_words(count) if count <= 10 else str(count)
    return f"{words} {_inflect.plural(noun, count)}" if noun else str(words)


def contact_lines(domain: DomainDict, routes: List[str], lead: bool = False) -> str:
    """One line per route: its number, or (never a made-up one) where to get it; the designated
    safeguarding lead is a person in the practitioner's own agency. A ``lead`` (the DSL) is
    not sent to "your safeguarding lead" for a number (a trial's DSL was)."""
    lines = []
    missing = "utter_contact_missing_procedures" if lead else "utter_contact_missing"
    for contact in (kb().safety.contact(r) for r in routes):
        if contact.phone:
            lines.append(render(domain, "utter_contact", title=contact.title, phone=contact.phone))
        elif contact.own_agency:
            lines.append(render(domain, "utter_contact_own_agency", title=contact.title))
        else:
            lines.append(render(domain, missing, title=contact.title))
    return "\n".join(lines)


def asked_about_slip(dispatcher: Any, text: str) -> bool:
    """A slip for a control word ("stpo"): asked about, with the control's button; True when
    it was one."""
    slip = turns.control_slip(text)
    if slip is None:
        return False
    dispatcher.utter_message(
        response="utter_control_slip",
        word=slip,
        buttons=[{"title": slip.capitalize(), "payload": word_lists()["control_slips"][slip]}],
    )
    return True
