"""The insights' mapping (bot/core/insights.py) against what the served bot really stores: two
conversations driven through it, and the figures counted from its store, through the same SQL,
match what the practitioner was shown (the payloads of docs/contract.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Dict, List

import pytest
import sqlalchemy as sa

from bot.core import insights
from bot.privacy.aggregates import facts
from tests.e2e.conftest import ServedBot, new_sender

pytestmark = pytest.mark.served
SITUATION = (
    "mum keeps saying she'll get to the parenting group and sort the flat out, been saying it "
    "for over a year and nothing changes, we just keep giving her another chance"
)
SUPERVISION = [
    "start supervision",
    "9 yr old boy in yr 4, lives with mum, school have noticed hes often hungry",
    "us (school), school nurse and the GP, nobody is lead right now",
    "that its drifting, every review mum says itll be better next month",
    "skip",
    "plan at the moment is watch and wait and review in 3 months",
    "mum turns up to every meeting but nothing changes and we havent logged it",
    "i think the network is too optimistic, id take it to the head",
    "dsl to ring the school nurse and set up a joint home visit",
    "DSL",
    "next friday",
    "no more actions",
    "if nothing has changed by the review the DSL raises it with the head teacher",
    "in six weeks",  # the next review date (issue 23: the record's last step)
]


def counted(served_bot: ServedBot, sender: str) -> Counter:
    """The figures of one conversation, from the served bot's store."""
    engine = sa.create_engine(f"sqlite:///{served_bot.settings.sqlite_path}")
    today = dt.datetime.now(dt.timezone.utc).date()
    try:
        mine = [f for f in facts(engine, today, today + dt.timedelta(days=2)) if f.sender == sender]
    finally:
        engine.dispose()
    return Counter(key for _, key in insights.figures(mine))


def payloads(replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]


def test_the_questions_counted_as_they_were_shown(served_bot: ServedBot) -> None:
    sender = new_sender()
    expected: Counter = Counter({(insights.CONVERSATIONS, "", "started"): 1})
    asked: List[str] = []
    themes: List[str] = []
    for message in (SITUATION, "nope", "skip", "stop"):
        if message in ("skip", "stop"):
            measure = "skipped" if message == "skip" else "stopped"
            expected[insights.QUESTION, asked[-1], measure] += 1
        for custom in payloads(served_bot.say(sender, message)):
            kind = custom["kind"]
            if kind == "reflective_question" and custom["id"] not in asked:
                asked.append(custom["id"])
                expected[insights.QUESTION, custom["id"], "asked"] += 1
            elif kind == "answer":
                expected[insights.QUESTION, custom["question"], custom["answer_kind"]] += 1
            elif kind == "key_message" and custom["theme"] not in themes:
                themes.append(custom["theme"])
                expected[insights.THEME, custom["theme"], "recognised"] += 1
            elif kind == "resource":
                expected[insights.SIGNPOST, custom["id"], "offered"] = 1
    assert len(asked) >= 3 and themes  # a question answered, one skipped, one stopped at
    assert counted(served_bot, sender) == expected


def test_a_supervision_counted_as_it_went(served_bot: ServedBot) -> None:
    sender = new_sender()
    expected: Counter = Counter({(insights.CONVERSATIONS, "", "started"): 1})
    stage = None
    for message in SUPERVISION:
        if message == "skip":
            expected[insights.STEP, stage, "skipped"] += 1
        for custom in payloads(served_bot.say(sender, message)):
            if custom["kind"] == "supervision_step":
                stage = custom["stage"]
            elif custom["kind"] == "answer" and custom["stage"] == "action":
                expected[insights.SUPERVISION, "", "actions_agreed"] += 1
            elif custom["kind"] == "answer" and custom["stage"] not in ("owner", "due"):
                expected[insights.STEP, custom["stage"], "answered"] += 1
            elif custom["kind"] == "key_message":
                expected[insights.THEME, custom["theme"], "recognised"] += 1
            elif custom["kind"] == "supervision_record":
                expected[insights.SUPERVISION, "", "completed"] += 1
    expected[insights.SUPERVISION, "", "started"] += 1
    assert expected[insights.STEP, "child_voice", "skipped"] == 1
    assert expected[insights.SUPERVISION, "", "completed"] == 1
    assert counted(served_bot, sender) == expected
