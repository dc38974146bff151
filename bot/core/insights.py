"""Which stored events make which insight figure: the one place to change if the dialogue does.

The partnership's insights (docs/insights.md) are counts, never per conversation. They are made
from a few fields of each stored event, chosen here and read out of the database by SQL
(bot/privacy/aggregates.py), so that no message text is ever read:

- the event's type, its ``action_name`` column (an action's name, a slot's name, a loop's name)
  and ``intent_name`` column;
- of a bot message, the name of its response (``metadata.utter_action``) and the ids in its
  custom payload (docs/contract.md), each only for the payload kinds where it *is* an id
  (``PAYLOAD_FIELDS``: a ``reflective_question``'s ``question`` is its text; an ``answer``'s is an
  id);
- the value of the slots that hold ids (``ID_SLOTS``), no other slot's.

``figures`` walks one conversation's events in order and yields ``(day, figure, subject,
measure)`` once for each thing that happened; counted once per session where a repeat is the
same thing said again (a question asked again after a side turn is one question asked).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, Iterable, Iterator, List, Mapping, NamedTuple, Set, Tuple

from bot.core import supervision

# Slots whose values are ids (a question's), read to know which question was pending.
ID_SLOTS = ("pending_question", "follow_up_for")
# Field -> (its key in the custom payload, the payload kinds in which that key holds an id).
PAYLOAD_FIELDS: Dict[str, Tuple[str, Tuple[str, ...]]] = {
    "item": ("id", ("reflective_question", "resource")),
    "theme": ("theme", ("key_message",)),
    "stage": ("stage", ("supervision_step", "answer")),
    "mode": ("mode", ("answer",)),
    "answer_kind": ("answer_kind", ("answer",)),
    "question": ("question", ("answer",)),
}

# A conversation is a session in which the practitioner said more than hello (the widget
# opens with "/greet" by itself).
OPENING_INTENTS = frozenset({"greet"})
CHOOSE_THEME_INTENT = "choose_theme"
ASK_SIGNPOST_INTENT = "ask_resource"
ASKED_QUESTION_RESPONSE = "utter_reflective_question"  # not "consider" in a supervision
FOLLOW_UP_ACK_RESPONSE = "utter_ack_follow_up"  # the answer to a follow-up, not the question
STEP_SKIPPED_RESPONSE = "utter_supervision_step_skipped"
SUPERVISION_STARTED_RESPONSE = "utter_supervision_intro"  # not "resumed"
SKIP_QUESTION_ACTION = "action_skip_question"
STOP_REFLECTION_ACTION = "action_stop_reflection"
SHOW_SIGNPOST_ACTION = "action_show_resource"
RECORD_ACTION = "action_supervision_record"
SUPERVISION_FORM = "supervision_form"  # the record right after it: every stage was reached

# Figures and their measures, in the order the report shows them.
CONVERSATIONS = "conversations"
THEME, THEME_MEASURES = "theme", ("recognised", "chosen")
QUESTION = "question"
QUESTION_MEASURES = ("asked", "yes", "no", "unsure", "reflection", "skipped", "stopped")
SIGNPOST, SIGNPOST_MEASURES = "signpost", ("asked_for", "offered")
SUPERVISION = "supervision"
SUPERVISION_MEASURES = ("started", "completed", "ended_early", "actions_agreed")
STEP, STEP_MEASURES = "supervision_step", ("answered", "skipped")
# Steps whose skipping is itself a finding: the audits found the child's voice missing.
FINDING_WHEN_SKIPPED = frozenset({"child_voice"})
SAFETY = "safety"


class EventFacts(NamedTuple):
    """What is read of one stored event (every other field stays in the database)."""

    sender: str
    timestamp: float
    type: str
    name: str | None = None  # action, slot or loop name
    intent: str | None = None
    utter: str | None = None  # a bot message's response name
    kind: str | None = None  # a bot message's payload kind
    item: str | None = None
    theme: str | None = None
    stage: str | None = None
    mode: str | None = None
    answer_kind: str | None = None
    question: str | None = None
    slot_value: str | None = None


Key = Tuple[str, str, str]  # (figure, subject, measure)


def day_of(timestamp: float) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).date()


@dataclass
class _Session:
    counted: Set[Key] = field(default_factory=set)
    talked: bool = False
    slots: Dict[str, str | None] = field(default_factory=dict)
    intent: str | None = None
    action: str | None = None
    previous_action: str | None = None
    stage: str | None = None
    themes: Set[str] = field(default_factory=set)

    def once(self, key: Key) -> List[Key]:
        """``[key]`` the first time this session, then ``[]``."""
        if key in self.counted:
            return []
        self.counted.add(key)
        return [key]


def figures(events: Iterable[EventFacts]) -> Iterator[Tuple[dt.date, Key]]:
    """One conversation's events (in stored order) -> (day, key) for each thing counted."""
    session = _Session()
    for event in events:
        day = day_of(event.timestamp)
        keys: List[Key] = []
        if event.type in ("session_started", "restart"):
            session = _Session()
        elif event.type == "user":
            session.intent = event.intent
            if not session.talked and event.intent not in OPENING_INTENTS:
                session.talked = True
                keys = [(CONVERSATIONS, "", "started")]
        elif event.type == "slot" and event.name in ID_SLOTS:
            session.slots[event.name] = event.slot_value
        elif event.type == "action":
            session.previous_action, session.action = session.action, event.name
            keys = _after_action(event, session)
        elif event.type == "bot":
            keys = _from_bot_message(event, session)
        for key in keys:
            yield day, key


def _after_action(event: EventFacts, session: _Session) -> List[Key]:
    """An action runs before it sets its slots: the pending question is still the one left."""
    pending = session.slots.get("pending_question")
    if not pending:
        return []
    if event.name == SKIP_QUESTION_ACTION and session.slots.get("follow_up_for") != pending:
        return session.once((QUESTION, pending, "skipped"))  # a skipped follow-up is not
    if event.name == STOP_REFLECTION_ACTION:
        return session.once((QUESTION, pending, "stopped"))
    return []


def _from_bot_message(event: EventFacts, session: _Session) -> List[Key]:
    keys: List[Key] = []
    if event.utter == SUPERVISION_STARTED_RESPONSE:
        keys.append((SUPERVISION, "", "started"))
    if event.utter == STEP_SKIPPED_RESPONSE and session.stage:
        keys += session.once((STEP, session.stage, "skipped"))
    kind = event.kind
    if kind == "reflective_question" and event.utter == ASKED_QUESTION_RESPONSE and event.item:
        keys += session.once((QUESTION, event.item, "asked"))
    elif kind == "answer" and event.mode == "reflection" and event.question:
        if event.utter != FOLLOW_UP_ACK_RESPONSE and event.answer_kind in QUESTION_MEASURES:
            keys += session.once((QUESTION, event.question, event.answer_kind))
    elif kind == "answer" and event.mode == "supervision" and event.stage:
        if event.stage == supervision.ACTION:
            keys.append((SUPERVISION, "", "actions_agreed"))
        elif event.stage not in (supervision.OWNER, supervision.DUE, supervision.SPECIFY):
            # an action's owner, due date or the nudge's answer is part of the action, not a step
            keys += session.once((STEP, event.stage, "answered"))
    elif kind == "supervision_step" and event.stage:
        session.stage = event.stage
    elif kind == "key_message" and event.theme and event.theme not in session.themes:
        session.themes.add(event.theme)
        chosen = session.intent == CHOOSE_THEME_INTENT
        keys.append((THEME, event.theme, "chosen" if chosen else "recognised"))
    elif kind == "resource" and event.item:
        asked = session.action == SHOW_SIGNPOST_ACTION or session.intent == ASK_SIGNPOST_INTENT
        keys += session.once((SIGNPOST, event.item, "asked_for" if asked else "offered"))
    elif kind == "safety":
        keys.append((SAFETY, "", "shown"))
    elif kind == "supervision_record" and session.action == RECORD_ACTION:
        ended = "completed" if session.previous_action == SUPERVISION_FORM else "ended_early"
        keys.append((SUPERVISION, "", ended))
    return keys


def count_by_day(
    events: Iterable[EventFacts], days: Tuple[dt.date, dt.date]
) -> Dict[Tuple[dt.date, Key], int]:
    """Counts per (day, key) of events grouped by conversation in stored order, for days in
    ``[days[0], days[1])``."""
    counts: Dict[Tuple[dt.date, Key], int] = {}
    conversation: List[EventFacts] = []

    def flush() -> None:
        for day, key in figures(conversation):
            if days[0] <= day < days[1]:
                counts[day, key] = counts.get((day, key), 0) + 1
        conversation.clear()

    for event in events:
        if conversation and event.sender != conversation[-1].sender:
            flush()
        conversation.append(event)
    flush()
    return counts


def suppressed(count: int, min_count: int) -> int | None:
    """A count from 1 to ``min_count - 1`` is withheld (None): it could single someone out."""
    return None if 0 < count < min_count else count


def withheld(count: int, min_count: int) -> str | None:
    return "under_min_count" if suppressed(count, min_count) is None else None


def protect_from_total(parts: List[int], min_count: int) -> Set[int]:
    """The indices of parts shown as they are that must be withheld too, because the total is
    shown: else the total less the shown parts gives the withheld ones (a single week of 3).
    The smallest are added until what is withheld adds up to ``min_count`` or more."""
    if 0 < sum(parts) < min_count:
        return set()  # the total itself is withheld
    small = {i for i, n in enumerate(parts) if 0 < n < min_count}
    extra: Set[int] = set()
    while 0 < sum(parts[i] for i in small | extra) < min_count:
        shown = sorted((n, i) for i, n in enumerate(parts) if n and i not in small | extra)
        if not shown:
            break
        extra.add(shown[0][1])
    return extra


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def report(
    counts: Mapping[Tuple[dt.date, Key], int], since: dt.date, until: dt.date, min_count: int
) -> Dict[str, object]:
    """The figures for ``[since, until)`` as plain data (the JSON the endpoint serves); small
    counts withheld (None)."""
    totals: Dict[Key, int] = {}
    weeks: Dict[dt.date, int] = {}
    for (day, key), n in counts.items():
        totals[key] = totals.get(key, 0) + n
        if key[0] == CONVERSATIONS:
            weeks[week_of(day)] = weeks.get(week_of(day), 0) + n

    def shown(key: Key) -> int | None:
        return suppressed(totals.get(key, 0), min_count)

    def rows(figure: str, measures: Tuple[str, ...], label: str) -> List[Dict[str, object]]:
        subjects = sorted(
            {s for f, s, _ in totals if f == figure},
            key=lambda s: (-sum(totals.get((figure, s, m), 0) for m in measures), s),
        )
        return [{label: s, **{m: shown((figure, s, m)) for m in measures}} for s in subjects]

    week, per_week = week_of(since), []
    while week < until:
        per_week.append((week, weeks.get(week, 0)))
        week += dt.timedelta(days=7)
    protecting = protect_from_total([n for _, n in per_week], min_count)
    by_week = [
        {
            "week": w.isoformat(),
            "count": None if i in protecting else suppressed(n, min_count),
            "withheld": "protects_another" if i in protecting else withheld(n, min_count),
        }
        for i, (w, n) in enumerate(per_week)
    ]
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "min_count": min_count,
        "conversations": {"total": shown((CONVERSATIONS, "", "started")), "by_week": by_week},
        "themes": rows(THEME, THEME_MEASURES, "theme"),
        "questions": rows(QUESTION, QUESTION_MEASURES, "question"),
        "signposts": rows(SIGNPOST, SIGNPOST_MEASURES, "signpost"),
        "supervision": {
            **{m: shown((SUPERVISION, "", m)) for m in SUPERVISION_MEASURES},
            "steps": [
                {**row, "finding_when_skipped": row["step"] in FINDING_WHEN_SKIPPED}
                for row in rows(STEP, STEP_MEASURES, "step")
            ],
        },
        "safety_replies": shown((SAFETY, "", "shown")),
    }
