"""Replies to what Reflect has just offered, outside the questions: "do you want to reflect on
X?" answered "no, because..." declines it (nothing is started), and what has been done or how
the practitioner feels, said just after the safety message ("ok police are on the way. I'm
just shaken"), is acknowledged kindly rather than fitted to a theme."""

from __future__ import annotations

from typing import Iterable, List

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
AFTER_SAFETY = {"utter_safety_then_reflect", "utter_safety_carry_on", "utter_safety_update_ack"}


def previous_utterances(tracker: Tracker) -> List[str]:
    """The responses (utter_* names) of Reflect's previous reply, in order."""
    said: List[str] = []
    users, latest = 0, tracker.latest_message.get("text")
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user":
            # the two-stage fallback hands the same message on again: one turn, not two
            users += not (users == 1 and event.get("text") == latest)
        if users > 1:
            break
        name = (event.get("metadata") or {}).get("utter_action")
        if event.get("event") == "bot" and users == 1 and name:
            said.insert(0, str(name))
    return said


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
    after_safety = bool(AFTER_SAFETY & set(said)) or bool(previous_reply(tracker, ("safety",)))
    dispatcher.utter_message(
        response="utter_offer_declined_after_safety" if after_safety else "utter_offer_declined"
    )
    return True


def acknowledge_safety_update(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Just after the safety message, what has been done or how the practitioner feels:
    acknowledged, with the themes offered after the safety message still there to choose when
    they are ready; False when the turn is not that."""
    text = tracker.latest_message.get("text") or ""
    if previous_reply(tracker, ("safety",)) is None or not turns.is_safety_update(text):
        return False
    offer = previous_reply(tracker, ("theme_suggestion",)) or {}
    themes = [t for t in offer.get("themes") or [] if t in kb().themes]
    dispatcher.utter_message(response="utter_safety_update_ack", buttons=theme_buttons(themes))
    return True
