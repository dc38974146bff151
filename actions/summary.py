"""The session summary on request ("summarise") and at goodbye."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import DomainDict, active_loop, kb, single_message
from actions.side_turns import read_supervision_so_far, taken_as_answer
from bot.core import contract, supervision
from bot.core.summary import summarise
from bot.web.records import summary_brief_markdown


def send_summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Sends the summary with its download link; False when there is nothing to summarise."""
    summary = summarise(tracker.events, kb())
    if summary.empty:
        return False
    dispatcher.utter_message(
        response="utter_summary",
        summary=single_message(summary_brief_markdown(summary, kb())),
        json_message=contract.download("summary", tracker.sender_id, ["md"]),
    )
    return True


class ActionSummarise(Action):
    def name(self) -> str:
        return "action_summarise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if active_loop(tracker) == "supervision_form" and supervision.asks_to_finish_now(
            tracker.latest_message.get("text") or ""
        ):  # "all done, can you write it up": the supervision's record, not the summary
            return taken_as_answer(dispatcher, tracker, domain, tracker.latest_message["text"])
        text = tracker.latest_message.get("text") or ""
        if (
            active_loop(tracker) == "supervision_form"
            and supervision.ASKS_FOR_NOTES.search(text)
            and read_supervision_so_far(dispatcher, tracker)
        ):
            return []  # "read back what we've got" in a supervision: its notes so far
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
