"""Fixture conversations for the insights tests, built from event lists as the served bot stores
them (the action's ``ActionExecuted`` first, then its messages and slots), and the exact counts
they make. Every text (what the practitioner typed, what the bot said, the words read back in a
response's variables, the answers kept in a slot) carries ``SECRET``, which no insights output
may contain."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Dict, List

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.core.insights import week_of
from bot.settings import PROJECT_DIR

SECRET = "Zanzibar-marmalade-4417"  # fictional; stands for anything a practitioner wrote
# Questions of the bundled content, so that the page shows their wording.
Q_A, Q_B = "is_contact_csc_when_unclear", "is_correspondence_how_when"
Q_C, Q_D = "is_correspondence_legal_status", "ce_raise_in_supervision"


class Conversation:
    """Events of one conversation, each a second after the last, from ``start``."""

    def __init__(self, start: dt.datetime) -> None:
        self.clock = start.replace(tzinfo=dt.timezone.utc).timestamp()
        self.events: List[Event] = []
        self.action("action_session_start")
        self.add(SessionStarted)
        self.action("action_listen")

    def add(self, make: Any, *args: Any, **kwargs: Any) -> Conversation:
        self.clock += 1
        self.events.append(make(*args, timestamp=self.clock, **kwargs))
        return self

    def action(self, name: str) -> Conversation:
        return self.add(ActionExecuted, name)

    def user(self, intent: str, text: str = f"I typed {SECRET}") -> Conversation:
        parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
        return self.add(UserUttered, text, parse["intent"], [], parse)

    def bot(self, response: str, custom: Dict[str, Any] | None = None) -> Conversation:
        # A response's variables (here "heard", words read back) are kept in its metadata.
        metadata = {"utter_action": response, "heard": SECRET}
        return self.add(BotUttered, f"Bot said {SECRET}", {"custom": custom}, metadata)

    def slot(self, name: str, value: Any) -> Conversation:
        return self.add(SlotSet, name, value)

    # The dialogue's moves, as the actions make them.
    def ask(self, question: str) -> Conversation:
        self.slot("pending_question", question).action("action_ask_reflection_answer")
        custom = {"kind": "reflective_question", "question": SECRET, "id": question}
        return self.bot("utter_reflective_question", {**custom, "theme": "t", "origin": "audit"})

    def answer(self, question: str, intent: str, kind: str) -> Conversation:
        self.user(intent).action("reflection_form")
        payload = {"kind": "answer", "mode": "reflection", "theme": "t", "answer_kind": kind}
        self.bot(f"utter_ack_{kind}", {**payload, "question": question})
        return self.slot("reflection_answers", [{"question_id": question, "answer": SECRET}])

    def key_message(self, theme: str) -> Conversation:
        self.action("action_present_theme")
        return self.bot(
            "utter_key_message", {"kind": "key_message", "theme": theme, "text": SECRET}
        )

    def signpost(self, resource: str) -> Conversation:
        custom = {"kind": "resource", "id": resource, "title": "t", "text": SECRET}
        return self.bot("utter_resource", custom)

    def step(self, stage: str) -> Conversation:
        self.action("action_ask_supervision_answer")
        return self.bot("", {"kind": "supervision_step", "stage": stage, "number": 1})

    def step_answer(self, stage: str) -> Conversation:
        self.user("inform").action("supervision_form")
        return self.bot("", {"kind": "answer", "mode": "supervision", "stage": stage})


def reflecting(start: dt.datetime) -> Conversation:
    """A theme recognised; Q_A asked twice (a side turn between), answered yes; a signpost asked
    for; Q_B skipped; Q_C asked and the questions stopped there; a safety message."""
    c = Conversation(start).user("greet").action("action_greet").bot("utter_greet")
    c.user("situation_info_not_shared").key_message("information_sharing")
    c.slot("reflection_answers", [{"answer": SECRET}]).action("reflection_form").ask(Q_A)
    c.user("ask_term").action("action_explain_term").bot("utter_term").ask(Q_A)
    c.answer(Q_A, "affirm", "yes").ask(Q_B)
    c.user("ask_resource").action("action_show_resource").signpost("escalation_policy")
    c.user("skip_question").action("action_skip_question").bot("utter_question_skipped")
    c.slot("pending_question", Q_C).ask(Q_C)
    c.user("stop").action("action_deactivate_loop").action("action_stop_reflection")
    c.bot("utter_reflection_stopped").slot("pending_question", None)
    c.user("report_immediate_risk").action("action_safety_signpost")
    c.bot("utter_safety", {"kind": "safety", "routes": ["emergency"], "contacts": []})
    return c


def choosing(start: dt.datetime) -> Conversation:
    """A theme chosen from the list; Q_A answered no, its signpost offered; a follow-up skipped
    (not a skipped question)."""
    c = Conversation(start).user("list_themes").action("action_list_themes")
    c.user("choose_theme").key_message("challenge_escalation").action("reflection_form")
    c.ask(Q_A).answer(Q_A, "deny", "no").signpost("escalation_policy")
    c.ask(Q_D).answer(Q_D, "inform", "reflection").slot("follow_up_for", Q_D)
    c.bot("utter_follow_up").user("skip_question").action("action_skip_question")
    return c


def supervising(start: dt.datetime, finish: bool = True) -> Conversation:
    """A supervision: the brief answered, the child's voice skipped, two actions agreed, then
    completed (or stopped)."""
    c = Conversation(start).user("start_supervision").action("action_start_supervision")
    c.bot("utter_supervision_intro").action("supervision_form")
    c.step("case_brief").step_answer("case_brief").step("child_voice")
    c.user("skip_question").action("action_skip_supervision_step")
    c.bot("utter_supervision_step_skipped").slot("supervision", {"steps": {"x": SECRET}})
    c.step("action").step_answer("action").step("owner").step_answer("owner")
    c.step("action").step_answer("action")
    if finish:
        c.step("escalation_route").step_answer("escalation_route")
        c.action("supervision_form").action("action_supervision_record")
    else:
        c.user("stop").action("action_deactivate_loop").action("action_supervision_record")
    custom = {"kind": "supervision_record", "downloads": {"md": "/x.md"}}
    return c.bot("utter_supervision_record", custom)


def first_monday(today: dt.date) -> dt.date:
    """Seven weeks before this week's Monday: the seed's three weeks are all older than 30
    days."""
    return week_of(today) - dt.timedelta(weeks=7)


def seed_conversations(today: dt.date) -> List[Conversation]:
    """6 reflecting and 5 supervising in the first week; 2 choosing, 1 supervision stopped and
    3 that only opened (the widget's greeting) in the second; 6 asking what a term means in the
    third."""
    monday = first_monday(today)
    at = lambda day, hour: dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour))  # noqa: E731
    conversations = [reflecting(at(1, 9 + n)) for n in range(6)]
    conversations += [supervising(at(2, 9 + n)) for n in range(5)]
    conversations += [choosing(at(8, 10)), choosing(at(9, 23))]
    conversations += [supervising(at(10, 11), finish=False)]
    conversations += [
        Conversation(at(11, 12)).user("greet").action("action_greet") for _ in range(3)
    ]
    conversations += [
        Conversation(at(15, 9 + n)).user("ask_term").action("action_explain_term") for n in range(6)
    ]
    return conversations


def save(store: Any, conversations: List[Conversation]) -> None:
    from tests.conftest import run_async

    slots = Domain.load(str(PROJECT_DIR / "domain.yml")).slots
    for conversation in conversations:
        tracker = DialogueStateTracker.from_events(
            str(uuid.uuid4()), conversation.events, slots=slots
        )
        run_async(store.save(tracker))


def expected(monday: dt.date) -> Dict[str, Any]:
    """The report of the seed for its three weeks at min_count 5 (None: withheld)."""
    return {
        "since": monday.isoformat(),
        "until": (monday + dt.timedelta(weeks=3)).isoformat(),
        "min_count": 5,
        "conversations": {
            "total": 20,
            "by_week": [
                {"week": monday.isoformat(), "count": 11, "withheld": None},
                {"week": (monday + dt.timedelta(weeks=1)).isoformat(), "count": None}
                | {"withheld": "under_min_count"},
                # 6, withheld too: else 20 - 11 - 6 would give the second week's 3
                {"week": (monday + dt.timedelta(weeks=2)).isoformat(), "count": None}
                | {"withheld": "protects_another"},
            ],
        },
        "themes": [
            {"theme": "information_sharing", "recognised": 6, "chosen": 0},
            {"theme": "challenge_escalation", "recognised": 0, "chosen": None},
        ],
        "questions": [
            {
                "question": Q_A,
                "asked": 8,
                "yes": 6,
                "no": None,
                "unsure": 0,
                "reflection": 0,
                "skipped": 0,
                "stopped": 0,
            },
            {"question": Q_B, "asked": 6, "yes": 0, "no": 0, "unsure": 0}
            | {"reflection": 0, "skipped": 6, "stopped": 0},
            {"question": Q_C, "asked": 6, "yes": 0, "no": 0, "unsure": 0}
            | {"reflection": 0, "skipped": 0, "stopped": 6},
            {"question": Q_D, "asked": None, "yes": 0, "no": 0, "unsure": 0}
            | {"reflection": None, "skipped": 0, "stopped": 0},
        ],
        "signposts": [{"signpost": "escalation_policy", "asked_for": 6, "offered": None}],
        "supervision": {
            "started": 6,
            "completed": 5,
            "ended_early": None,
            "actions_agreed": 12,
            "steps": [
                {"step": "case_brief", "answered": 6, "skipped": 0, "finding_when_skipped": False},
                {"step": "child_voice", "answered": 0, "skipped": 6, "finding_when_skipped": True},
                {"step": "escalation_route", "answered": 5, "skipped": 0}
                | {"finding_when_skipped": False},
            ],
        },
        "safety_replies": 6,
    }
