"""Themes and the reflective loop: key message with its case, then questions asked one at a time."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import signpost_contact
from actions.common import (
    DomainDict,
    button_title,
    changed,
    entity_values,
    kb,
    latest_intent,
    response_buttons,
    session_seed,
    single_message,
    theme_buttons,
)
from bot.core import contract
from bot.core.reflection import answer_kind, question_order, reflect_back
from bot.core.relevance import key_message_index
from bot.core.themes import rank_themes
from bot.core.turn_data import clauses_of
from bot.knowledge import KeyMessage, KnowledgeBase, Question, Theme
from bot.rasa_ext.payloads import is_payload


def most_relevant_message(theme: Theme, text: str, case_number: str | None) -> KeyMessage:
    """The theme's key message from the case asked about, else the one closest to the words."""
    messages = theme.key_messages
    if case_number:
        from_case = [m for m in messages if str(kb().cases[m.case_id].number) == case_number]
        if from_case:
            return from_case[-1]
    if len(messages) > 1 and text and not is_payload(text):
        order = [key for key, _ in key_message_index(kb()).rank(text)]
        return min(messages, key=lambda m: order.index(m.id))
    return messages[-1]


def present_key_message(
    dispatcher: CollectingDispatcher, message: KeyMessage, case_id: str | None = None
) -> None:
    case = kb().cases[case_id or message.case_id]
    body = single_message(
        " ".join(p for p in (message.text, message.evidence, message.advice) if p)
    )
    dispatcher.utter_message(
        response="utter_key_message",
        json_message=contract.key_message(message, case),
        theme_title=message.title,
        case_label=case.label,
        case_summary=case.summary,
        strengths="; ".join(s.title for s in case.strengths),
        key_message=body,
    )


def ask_question(dispatcher: CollectingDispatcher, question_id: str | None) -> None:
    question = kb().question(question_id or "")
    if question:
        dispatcher.utter_message(
            response="utter_reflective_question",
            json_message=contract.reflective_question(question),
            question=question.text,
        )


def next_step(question: Question, domain: DomainDict, base: KnowledgeBase | None = None) -> str:
    """The ``if_not`` as the practitioner reads it (and as the summary keeps it): its text, then
    how to reach each signpost it names, with the details from resources.yml."""
    resources = (base or kb()).resources
    contacts = [signpost_contact(resources[r], domain) for r in question.if_not_resources]
    return " ".join([question.if_not, *contacts])


def next_question_slots(queue: List[str]) -> Dict[str, Any]:
    """Slots that move the loop on: the next question, or "done" to let the form finish."""
    return {
        "pending_question": queue[0] if queue else None,
        "question_queue": queue[1:],
        "reflection_answer": None if queue else "done",
    }


class ActionPresentTheme(Action):
    """Recognised theme(s) -> key message with its case, other themes offered, questions queued."""

    def name(self) -> str:
        return "action_present_theme"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        latest = tracker.latest_message
        ranking = latest.get("intent_ranking") or [latest.get("intent") or {}]
        ranked = rank_themes(
            kb(), ranking, latest.get("entities") or [], clauses_of(latest)
        )
        named = [t for t in entity_values(tracker, "theme") if t in kb().themes]
        if latest_intent(tracker) == "choose_theme" and named:
            # An explicit choice: the theme(s) named, not the classifier's guesses.
            ranked_themes, suggestions = named, []
        else:
            ranked_themes, suggestions = ranked.themes, ranked.suggestions()
        if not ranked_themes:
            dispatcher.utter_message(
                response="utter_no_theme_recognised",
                buttons=theme_buttons(kb().themes),
                json_message=contract.theme_suggestion(kb().themes),
            )
            return []

        theme = kb().theme(ranked_themes[0])
        message = most_relevant_message(
            theme, latest.get("text") or "", next(iter(entity_values(tracker, "case_number")), None)
        )
        present_key_message(dispatcher, message)

        suggestions = [t for t in suggestions if t != theme.id]
        if suggestions:
            dispatcher.utter_message(
                response="utter_theme_suggestion",
                buttons=theme_buttons(suggestions),
                json_message=contract.theme_suggestion([theme.id, *suggestions]),
                theme_titles="; ".join(kb().theme(t).title for t in suggestions),
            )

        asked = tracker.get_slot("asked_questions") or []
        queue = [q.id for q in question_order(theme, message, asked, session_seed(tracker))]
        discussed = tracker.get_slot("themes_discussed") or []
        if queue and not asked:
            dispatcher.utter_message(response="utter_reflective_question_intro", count=len(queue))
        slots = {
            "current_theme": theme.id,
            "suggested_themes": suggestions,
            "themes_discussed": [*discussed, theme.id] if theme.id not in discussed else discussed,
            **next_question_slots(queue),
        }
        return [SlotSet(k, v) for k, v in changed(tracker, slots).items()]


class ActionAskReflectionAnswer(Action):
    """Asks the pending reflective question (called by reflection_form)."""

    def name(self) -> str:
        return "action_ask_reflection_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        ask_question(dispatcher, tracker.get_slot("pending_question"))
        return []


class ValidateReflectionForm(FormValidationAction):
    """Hears each answer: acknowledges it, records it, and chooses the next question."""

    def name(self) -> str:
        return "validate_reflection_form"

    def validate_reflection_answer(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        if value is None:  # the slot was reset when the loop (re)started: nothing was answered
            return {}
        question = kb().question(tracker.get_slot("pending_question") or "")
        if question is None:  # nothing was pending: let the form finish
            return {"reflection_answer": "done"}
        text = str(value)
        kind = answer_kind(latest_intent(tracker), text)
        step = next_step(question, domain) if kind in ("no", "unsure") else None
        if kind == "yes":
            dispatcher.utter_message(response="utter_ack_yes")
        elif kind in ("no", "unsure"):
            dispatcher.utter_message(response=f"utter_ack_{kind}", next_step=step)
        else:
            dispatcher.utter_message(response="utter_ack_long", reflection=reflect_back(text))
        record = {
            "question_id": question.id,
            "theme": question.theme,
            "question": question.text,
            "answer": button_title(domain, "utter_reflective_question", text),
            "kind": kind,
            "next_step": step,
        }
        slots = next_question_slots(tracker.get_slot("question_queue") or [])
        return {
            "reflection_answers": [*(tracker.get_slot("reflection_answers") or []), record],
            "asked_questions": [*(tracker.get_slot("asked_questions") or []), question.id],
            # The answer slot always: None asks the next question, "done" ends the form.
            "reflection_answer": slots.pop("reflection_answer"),
            **changed(tracker, slots),
        }


class ActionSkipQuestion(Action):
    """ "Skip": leave this question (it can come back in a later session) and ask the next."""

    def name(self) -> str:
        return "action_skip_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        question = kb().question(tracker.get_slot("pending_question") or "")
        dispatcher.utter_message(response="utter_question_skipped")
        events: List[EventType] = []
        if question:
            record = {
                "question_id": question.id,
                "theme": question.theme,
                "question": question.text,
                "answer": None,
                "kind": "skipped",
                "next_step": None,
            }
            events.append(
                SlotSet(
                    "reflection_answers", [*(tracker.get_slot("reflection_answers") or []), record]
                )
            )
            events.append(
                SlotSet(
                    "asked_questions", [*(tracker.get_slot("asked_questions") or []), question.id]
                )
            )
        slots = next_question_slots(tracker.get_slot("question_queue") or [])
        return events + [SlotSet(k, v) for k, v in changed(tracker, slots).items()]


def next_step_buttons(tracker: Tracker, domain: DomainDict) -> List[Dict[str, str]]:
    """Themes still worth looking at, then the summary and the full list."""
    discussed = set(tracker.get_slot("themes_discussed") or [])
    offered = [t for t in tracker.get_slot("suggested_themes") or [] if t not in discussed]
    return [*theme_buttons(offered), *response_buttons(domain, "utter_next_steps_buttons")]


class ActionReflectionComplete(Action):
    """The theme's questions are done: say so and offer what could come next."""

    def name(self) -> str:
        return "action_reflection_complete"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        theme_id = tracker.get_slot("current_theme")
        answered_here = any(
            a.get("theme") == theme_id for a in tracker.get_slot("reflection_answers") or []
        )
        if answered_here:
            dispatcher.utter_message(
                response="utter_reflection_complete",
                buttons=next_step_buttons(tracker, domain),
                theme_title=kb().theme(theme_id).title if theme_id in kb().themes else "",
            )
        else:
            dispatcher.utter_message(
                response="utter_theme_questions_done", buttons=next_step_buttons(tracker, domain)
            )
        return [SlotSet("reflection_answer", None)]


class ActionStopReflection(Action):
    """ "Stop" in the middle of the questions: keep the answers, drop the rest of the queue."""

    def name(self) -> str:
        return "action_stop_reflection"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(
            response="utter_reflection_stopped", buttons=next_step_buttons(tracker, domain)
        )
        return [
            SlotSet("pending_question", None),
            SlotSet("question_queue", []),
            SlotSet("reflection_answer", None),
        ]
