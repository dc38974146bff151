"""Session start and the two-stage fallback's theme offer."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import answer_side_question
from actions.common import DomainDict, kb, render, response_buttons, theme_buttons
from bot.core import contract
from bot.core.themes import fallback_options, is_unrelated
from bot.core.turn_data import THEME_SIMILARITY, reflect_metadata


class ActionSessionStart(Action):
    """A new session says what Reflect is and is not. Nothing carries over from the last one
    but a paused supervision.

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
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]


def introduce(dispatcher: CollectingDispatcher) -> None:
    """What Reflect is and is not, naming the partnerships whose audits it draws on."""
    partnerships = dict.fromkeys(a.partnership for a in kb().audits)
    dispatcher.utter_message(response="utter_intro", partnership=" and ".join(partnerships))


class ActionDefaultAskAffirmation(Action):
    """First stage of the two-stage fallback: offer the most likely themes as buttons."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        latest = tracker.latest_message
        text, ranking = latest.get("text") or "", latest.get("intent_ranking") or []
        if answer_side_question(dispatcher, tracker, domain):
            return []  # a question the content answers (a term, a signpost, a case's finding)
        if is_unrelated(kb(), text, ranking):  # nothing of the audit in it: decline kindly
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
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
