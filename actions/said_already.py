""" "I just told you that": Reflect apologises, takes the question or step as answered by what was
said before, and moves on (the rules then ask the next one)."""

from __future__ import annotations

import re
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import answer_side_question
from actions.common import DomainDict, active_loop, changed, kb, render, slot_events
from actions.reflection import (
    answer_payload,
    answer_record,
    record_and_advance,
    with_record,
    withdraw_answer,
)
from actions.side_turns import answer_question
from actions.supervision import take_answer
from bot.core.turns import is_question

# "I said that already", "I told you": a turn that says so
_SAID = re.compile(r"\b(said|say|told|tell|mentioned|answered|wrote|written|covered)\b", re.I)


def what_they_added(text: str) -> str | None:
    """The words after "I said that already" when there are a few ("..., we havent seen him
    alone"), else None."""
    parts = re.split(r"\s*[,.;:!?\u2013\u2014-]+\s*", text.strip(), maxsplit=1)
    rest = parts[1].strip() if len(parts) > 1 else ""
    return rest if len(rest.split()) >= 3 else None


class ActionSaidAlready(Action):
    def name(self) -> str:
        return "action_said_already"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        loop = active_loop(tracker)
        text = tracker.latest_message.get("text") or ""
        withdrawn = withdraw_answer(dispatcher, tracker) if loop == "reflection_form" else None
        if withdrawn is not None:  # "that wasnt my answer, i was just giving context"
            return slot_events(changed(tracker, withdrawn))
        if is_question(text) and not _SAID.search(text):
            # "so has that already happened?" about the course just given: asked, not "I said"
            if loop in ("reflection_form", "supervision_form"):
                answer_question(dispatcher, tracker, domain)
                return []
            if answer_side_question(dispatcher, tracker, domain, follow_ups_only=True):
                return []
        # "i said that already, we havent seen him alone": what they said with it is the answer
        note = what_they_added(tracker.latest_message.get("text") or "") or render(
            domain, "utter_said_earlier"
        )
        if loop == "supervision_form":
            dispatcher.utter_message(response="utter_said_already")
            slots = take_answer(dispatcher, tracker, domain, note)
            return slot_events(slots)
        question = kb().question(tracker.get_slot("pending_question") or "")
        if loop != "reflection_form" or question is None:
            dispatcher.utter_message(response="utter_said_already_elsewhere")
            return []
        dispatcher.utter_message(
            response="utter_said_already", json_message=answer_payload(question, "reflection")
        )
        records = with_record(
            tracker.get_slot("reflection_answers") or [],
            answer_record(question, note, "reflection", None, None),
        )
        asked = list(dict.fromkeys([*(tracker.get_slot("asked_questions") or []), question.id]))
        slots = record_and_advance(dispatcher, tracker, domain, records, asked)
        return slot_events(changed(tracker, slots))
