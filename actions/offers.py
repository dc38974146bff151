"""Replies to what Reflect has just offered, outside the questions: "do you want to reflect on
X?" answered "no, because..." declines it (nothing is started), and what has been done or how
the practitioner feels, said just after the safety message ("ok police are on the way. I'm
just shaken"), is acknowledged kindly rather than fitted to a theme."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import previous_reply
from actions.common import kb, latest_intent, session_events, theme_buttons
from bot.core import turns
from bot.core.answers import opener

# Replies whose last line offers something the practitioner may decline (domain.yml).
OFFERS = {
    "utter_offer_reflection",
    "utter_safety_then_reflect",
    "utter_safety_carry_on",
    "utter_safety_update_ack",
    "utter_topic_not_covered",
    "utter_topic_not_covered_many",
}
# Replies that come with the safety message or answer what is said after it: what follows one
# of them is still said just after the safety message ("ok called 999 ..." acknowledged, then
# "ive phoned CSC duty too... bit shaken")
AFTER_SAFETY = {
    "utter_safety_then_reflect",
    "utter_safety_carry_on",
    "utter_safety_update_ack",
    "utter_safety_update_ack_questions",
    "utter_safety_update_ack_supervision",
    "utter_safety_not_meant",
}


def previous_reply_events(tracker: Tracker) -> List[Dict[str, Any]]:
    """The bot events of Reflect's previous reply, in order."""
    said: List[Dict[str, Any]] = []
    users, latest = 0, tracker.latest_message.get("text")
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user":
            # the two-stage fallback hands the same message on again: one turn, not two
            users += not (users == 1 and event.get("text") == latest)
        if users > 1:
            break
        if event.get("event") == "bot" and users == 1:
            said.insert(0, event)
    return said


def previous_utterances(tracker: Tracker) -> List[str]:
    """The responses (utter_* names) of Reflect's previous reply, in order."""
    names = [(e.get("metadata") or {}).get("utter_action") for e in previous_reply_events(tracker)]
    return [str(name) for name in names if name]


def after_safety(tracker: Tracker) -> bool:
    """Whether Reflect's previous reply was the safety message, or one of ``AFTER_SAFETY``."""
    return previous_reply(tracker, ("safety",)) is not None or bool(
        AFTER_SAFETY & set(previous_utterances(tracker))
    )


def confirmed_slip(tracker: Tracker, text: str) -> str | None:
    """ "yes", "yes stop" just after "did you mean stop?": the control's payload ("/stop");
    None otherwise (a trial's "yes" was recorded as a yes to the question asked again)."""
    if len(text.split()) > 4 or opener(text)[0] != "yes":
        return None
    for event in previous_reply_events(tracker):
        if (event.get("metadata") or {}).get("utter_action") == "utter_control_slip":
            buttons = (event.get("data") or {}).get("buttons") or []
            return str(buttons[0].get("payload")) if buttons else None
    return None


def no_danger_but_reflecting(text: str) -> bool:
    """ "no shes not in danger rn, its all managed, i just want to think about the school move":
    no to the danger, yes to reflecting, so neither a decline nor only an update (a practitioner
    trial's stalled there); the situation's theme follows."""
    return turns.says_not_in_danger(text) and turns.wants_to_reflect(text)


def decline_offer(dispatcher: CollectingDispatcher, tracker: Tracker, named: Iterable[str]) -> bool:
    """ "No, because I've already referred him" to an offer just made: said to be left there,
    nothing started; False when the turn is not that (``named``: themes the turn names, which
    make it a choice: "no, the CSE one")."""
    text = tracker.latest_message.get("text") or ""
    said = previous_utterances(tracker)
    offered = [u for u in said if u in OFFERS]
    says_no = opener(text)[0] == "no" or latest_intent(tracker) == "deny"
    if not offered or not says_no or any(t in kb().themes for t in named):
        return False
    if no_danger_but_reflecting(text):
        return False
    dispatcher.utter_message(
        response="utter_offer_declined_after_safety"
        if after_safety(tracker)
        else "utter_offer_declined"
    )
    return True


def recording_answered(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "... they're coming. what do I write down?" after the safety message: how to record it,
    beside the acknowledgement (a trial's question was taken for an answer)."""
    if turns.asks_what_to_record(tracker.latest_message.get("text") or ""):
        dispatcher.utter_message(response="utter_safety_recording")


def acknowledge_safety_update(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Just after the safety message, what has been done or how the practitioner feels, or that
    no child is in danger: acknowledged, with the themes offered after the safety message still
    there to choose when they are ready; False when the turn is not that."""
    text = tracker.latest_message.get("text") or ""
    if not after_safety(tracker):
        return False
    # "why did you give me the 999 stuff?? no one is in danger, its a figure of speech"
    not_meant = turns.says_not_in_danger(text)
    if not (not_meant or turns.is_safety_update(text)):
        return False
    if no_danger_but_reflecting(text):
        return False
    offer = previous_reply(tracker, ("theme_suggestion",)) or {}
    themes = [t for t in offer.get("themes") or [] if t in kb().themes]
    dispatcher.utter_message(
        response="utter_safety_not_meant" if not_meant else "utter_safety_update_ack",
        buttons=theme_buttons(themes),
    )
    recording_answered(dispatcher, tracker)
    return True
