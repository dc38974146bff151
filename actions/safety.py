"""Immediate risk: the safety signpost, always the first reply to a flagged message."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import DomainDict, kb, render
from bot.core import contract


def contact_lines(domain: DomainDict) -> str:
    """Each contact from safety.yml; one without a number is named, never given a made-up one."""
    return "\n".join(
        render(domain, "utter_contact", title=c.title, phone=c.phone)
        if c.phone
        else render(domain, "utter_contact_missing", title=c.title)
        for c in kb().safety.contacts
    )


class ActionSafetySignpost(Action):
    def name(self) -> str:
        return "action_safety_signpost"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        procedures = kb().resources[kb().safety.procedures]
        dispatcher.utter_message(
            text=render(
                domain, "utter_safety", contacts=contact_lines(domain), procedures=procedures.title
            ),
            json_message=contract.safety(kb()),
        )
        return []
