"""Session start and the two-stage fallback's theme offer."""

from __future__ import annotations

from dataclasses import asdict
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ActiveLoop,
    EventType,
    FollowupAction,
    SessionStarted,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import answer_side_question, name_uncovered, who_can_help_again
from actions.common import DomainDict, kb, render, response_buttons, theme_buttons
from actions.offers import acknowledge_safety_update, decline_offer
from bot.core import contract, turns
from bot.core.summary import CARRIED_SLOT, summarise
from bot.core.themes import fallback_options, is_unrelated
from bot.core.turn_data import THEME_SIMILARITY, reflect_metadata

# What a paused question loop needs to carry on where it stopped (the form asks the pending
# question again on "carry on"), and what the summary reads back.
REFLECTION_SLOTS = (
    "current_theme",
    "suggested_themes",
    "themes_discussed",
    "question_queue",
    "pending_question",
    "asked_questions",
    "reflection_answers",
    "situation_notes",
    "key_messages_shown",
    "reflection_status",
)


class ActionSessionStart(Action):
    """A new session says what Reflect is and is not. Nothing carries over from the last one
    but what the practitioner paused (a supervision, or the reflective questions) and the count
    of supervision records filed before a "start again" (their addresses).

    When the opening message was flagged as immediate risk (bot.core.turn_data, contract 2),
    the greeting is left out so the safety message is the very first reply.
    """

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if not reflect_metadata(tracker.get_slot("session_started_metadata"))["risk"]:
            introduce(dispatcher)
        carried: List[EventType] = []
        # ...except a supervision the practitioner paused: it waits to be resumed (one left
        # open without a pause starts afresh, as the rest of the session does)
        state = tracker.get_slot("supervision")
        if tracker.get_slot("paused") == "supervision" and state and not state.get("finished"):
            dispatcher.utter_message(response="utter_progress_paused_supervision")
            carried = [SlotSet("supervision", state), SlotSet("paused", "supervision")]
        elif tracker.get_slot("paused") == "reflection" and tracker.get_slot("pending_question"):
            theme = kb().themes.get(tracker.get_slot("current_theme") or "")
            dispatcher.utter_message(
                response="utter_progress_paused_questions", theme_title=theme.title if theme else ""
            )
            carried = [SlotSet(name, tracker.get_slot(name)) for name in REFLECTION_SLOTS]
            carried.append(SlotSet("paused", "reflection"))
        if carried:  # the summary goes on from what was said before the pause
            summary = asdict(summarise(tracker.events, kb()))
            carried.append(SlotSet(CARRIED_SLOT, summary))
        if tracker.get_slot("records_filed"):  # records filed before a "start again" still count
            carried.append(SlotSet("records_filed", tracker.get_slot("records_filed")))
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]


def introduce(dispatcher: CollectingDispatcher) -> None:
    """What Reflect is and is not, naming the partnerships whose audits it draws on."""
    partnerships = dict.fromkeys(a.partnership for a in kb().audits)
    dispatcher.utter_message(response="utter_intro", partnership=" and ".join(partnerships))


# A turn the first stage answered itself (a side question, an acknowledgement): Rasa's
# two-stage fallback ends there, or the next unclear line would be asked to be rephrased
# ("what's the number for the LADO" after "ok im a bit shaky" got "Sorry, I'm not sure I
# understood"), and it listens next (not Rasa's rule for a fallback loop that ends unclarified,
# which says the default fallback). The loop stays only for the themes offered as buttons.
ANSWERED: List[EventType] = [ActiveLoop(None), FollowupAction("action_listen")]


class ActionDefaultAskAffirmation(Action):
    """First stage of the two-stage fallback: offer the most likely themes as buttons."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        latest = tracker.latest_message
        text, ranking = latest.get("text") or "", latest.get("intent_ranking") or []
        if decline_offer(dispatcher, tracker, []) or acknowledge_safety_update(dispatcher, tracker):
            # "no, because..." to an offer; "police are here, I'm shaken" after safety
            return ANSWERED
        if who_can_help_again(dispatcher, tracker, domain):
            return ANSWERED  # "who would i ask then?" just after "I can't do that"
        if answer_side_question(dispatcher, tracker, domain):
            return ANSWERED  # a question the content answers (a term, a signpost, a case's finding)
        if name_uncovered(dispatcher, text, domain, []):
            return ANSWERED  # "neglect, the house is filthy...": a topic the audits don't cover
        if turns.is_fact(text):
            # "she's 10 btw": about the family, not a theme (a held-out one got theme buttons)
            if tracker.get_slot("themes_discussed"):
                dispatcher.utter_message(response="utter_fact_noted")
                notes = tracker.get_slot("situation_notes") or []
                return [SlotSet("situation_notes", [*notes, text]), *ANSWERED]
            dispatcher.utter_message(response="utter_fact_before_situation")
            return ANSWERED
        if is_unrelated(kb(), text, ranking):  # nothing of the audit in it: decline kindly
            dispatcher.utter_message(response="utter_out_of_scope")
            return ANSWERED
        options = fallback_options(
            kb(), text, ranking, similarity=latest.get(THEME_SIMILARITY) or []
        )
        dispatcher.utter_message(
            text=render(domain, "utter_theme_fallback_offer"),
            buttons=[
                *theme_buttons(options),
                *response_buttons(domain, "utter_theme_fallback_offer"),
            ],
            json_message=contract.theme_suggestion(options, "uncertain"),
        )
        return []
