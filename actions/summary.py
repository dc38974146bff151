"""The session summary on request ("summarise") and at goodbye."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import DomainDict, kb, single_message
from bot.core import contract
from bot.core.summary import summarise
from bot.web.records import summary_markdown


def send_summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Sends the summary with its download link; False when there is nothing to summarise."""
    summary = summarise(tracker.events, kb())
    if summary.empty:
        return False
    dispatcher.utter_message(
        response="utter_summary",
        summary=single_message(summary_markdown(summary, kb())),
        json_message=contract.download("summary", tracker.sender_id, ["md"]),
    )
    return True


class ActionSummarise(Action):
    def name(self) -> str:
        return "action_summarise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if not send_summary(dispatcher, tracker):
            dispatcher.utter_message(response="utter_summary_empty")
        return []


class ActionGoodbye(Action):
    """Goodbye ends the conversation with its summary, when there is one."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        send_summary(dispatcher, tracker)
        dispatcher.utter_message(response="utter_goodbye")
        return []
