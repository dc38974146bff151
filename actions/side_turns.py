"""Turns beside the main thread, in any mode: a term, the audit itself, a key message again,
"where were we?", a greeting, pause and carry on, and requests Reflect cannot meet. Inside the
questions or a supervision, the rules (data/rules/side_turns.yml) then ask the pending question
or step again."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import explain_terms
from actions.common import (
    DomainDict,
    active_loop,
    counted,
    entity_values,
    kb,
    latest_intent,
    session_events,
)
from actions.reflection import key_message_parts, present_key_message
from bot.core import contract, supervision
from bot.knowledge import KeyMessage

# Who can help with what Reflect cannot do (route ids: docs/contract.md, `cannot_help`).
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


class ActionExplainTerm(Action):
    """ "What's a MASE?": the glossary's entry (bot/knowledge/content/glossary.yml)."""

    def name(self) -> str:
        return "action_explain_term"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if not explain_terms(dispatcher, tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(
                response="utter_term_unknown", terms=", ".join(e.term for e in kb().glossary)
            )
        return []


class ActionAuditInfo(Action):
    """ "Who wrote this audit, and when?": from each audit's own fields, newest first."""

    def name(self) -> str:
        return "action_audit_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        audits = list(reversed(kb().audits))
        for index, audit in enumerate(audits):
            dispatcher.utter_message(
                response="utter_audit_info" if audit.focus else "utter_audit_info_no_focus",
                json_message=contract.audit_info(kb()) if index == len(audits) - 1 else None,
                **audit.dict(),
            )
        return []


class ActionCannotHelp(Action):
    """Legal advice, or making a referral: a plain "I can't do that; here is who can" (never
    the safety message: a message at immediate risk is flagged before it gets here)."""

    def name(self) -> str:
        return "action_cannot_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        request, response, routes = CANNOT_HELP.get(
            latest_intent(tracker), CANNOT_HELP["ask_to_refer"]
        )
        dispatcher.utter_message(
            response=response, json_message=contract.cannot_help(request, routes)
        )
        if request == "legal_advice":  # "s17 or s47?": what each term means, at least
            explain_terms(dispatcher, tracker.latest_message.get("text") or "")
        return []


def key_message_asked(tracker: Tracker) -> KeyMessage | None:
    """The key message a "show it again" button names, else the last one shown."""
    wanted = (
        entity_values(tracker, "key_message") or (tracker.get_slot("key_messages_shown") or [])[-1:]
    )
    messages = {m.id: m for t in kb().themes.values() for m in t.key_messages}
    return messages.get(wanted[0]) if wanted else None


class ActionShowKeyMessage(Action):
    """ "Show it again" / "read the rest": a key message in full, or the rest of a long one."""

    def name(self) -> str:
        return "action_show_key_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        message = key_message_asked(tracker)
        if message is None:
            dispatcher.utter_message(response="utter_progress_nothing")
            return []
        _, rest = key_message_parts(message)
        if "rest" in entity_values(tracker, "part") and rest:
            dispatcher.utter_message(response="utter_key_message_rest", rest=rest)
            return []
        shown = tracker.get_slot("key_messages_shown") or []
        present_key_message(dispatcher, domain, message, [m for m in shown if m != message.id])
        return []


def loop_before_this_turn(tracker: Tracker) -> str | None:
    """The loop that was active when the practitioner sent the latest message."""
    events = session_events(tracker)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    for event in reversed(events[:last_user]):
        if event.get("event") == "active_loop":
            return event.get("name")
    return None


class ActionPause(Action):
    """ "Pause": the questions or the supervision wait, everything kept, for "carry on"."""

    def name(self) -> str:
        return "action_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        paused = loop_before_this_turn(tracker)
        if paused == "reflection_form":
            dispatcher.utter_message(response="utter_questions_paused")
            return [SlotSet("paused", "reflection")]
        if paused == "supervision_form":
            dispatcher.utter_message(response="utter_supervision_paused")
            return [SlotSet("paused", "supervision")]
        dispatcher.utter_message(response="utter_nothing_to_resume")
        return []


class ActionNothingToResume(Action):
    def name(self) -> str:
        return "action_nothing_to_resume"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_nothing_to_resume")
        return []


class ActionGreet(Action):
    """A greeting: none when the session's introduction has just greeted (one greeting only)."""

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        earlier = [e for e in session_events(tracker) if e.get("event") == "user"][:-1]
        if earlier:
            dispatcher.utter_message(response="utter_greet")
        return []


class ActionProgress(Action):
    """ "Where were we?": the question or step in hand (which the form then asks again), what
    is paused, or what was last looked at."""

    def name(self) -> str:
        return "action_progress"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        loop = active_loop(tracker)
        theme_id = tracker.get_slot("current_theme")
        theme_title = kb().theme(theme_id).title if theme_id in kb().themes else ""
        if loop == "reflection_form":
            dispatcher.utter_message(**self.question_progress(tracker, theme_id, theme_title))
        elif loop == "supervision_form":
            dispatcher.utter_message(**self.step_progress(tracker))
        elif tracker.get_slot("paused") == "supervision":
            dispatcher.utter_message(response="utter_progress_paused_supervision")
        elif tracker.get_slot("paused") == "reflection":
            dispatcher.utter_message(
                response="utter_progress_paused_questions", theme_title=theme_title
            )
        elif theme_title:
            dispatcher.utter_message(response="utter_progress_last_theme", theme_title=theme_title)
        else:
            dispatcher.utter_message(response="utter_progress_nothing")
        return []

    @staticmethod
    def question_progress(tracker: Tracker, theme_id: str, theme_title: str) -> Dict[str, Any]:
        pending = tracker.get_slot("pending_question")
        done = [
            a
            for a in tracker.get_slot("reflection_answers") or []
            if a.get("theme") == theme_id and a.get("question_id") != pending
        ]
        number = len(done) + 1
        count = number + len(tracker.get_slot("question_queue") or [])
        follow_up = tracker.get_slot("follow_up_for") == pending
        return {
            "response": "utter_progress_follow_up" if follow_up else "utter_progress_question",
            "number": number,
            "count": count,
            "theme_title": theme_title,
        }

    @staticmethod
    def step_progress(tracker: Tracker) -> Dict[str, Any]:
        state = tracker.get_slot("supervision") or supervision.new_state()
        stage = supervision.next_stage(state, kb())
        number = supervision.step_number(stage, kb())
        if number:
            return {
                "response": "utter_progress_step",
                "number": number,
                "count": len(kb().supervision.steps),
                "step_title": kb().supervision.steps[number - 1].title,
            }
        return {
            "response": "utter_progress_actions",
            "count_text": counted(len(state["actions"]), "action"),
        }
