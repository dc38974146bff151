"""Identifying details never reach storage, logs, downloads or replies (fictional identifiers,
through the real server, SQLite tracker store, debug logging on both servers)."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import ServedBot, customs, new_sender

pytestmark = pytest.mark.served

IDENTIFIERS = [
    "Priya Fenwick",
    "Fenwick",
    "Tariq",
    "Mrs Kowalczyk",
    "Kowalczyk",
    "999 526 0182",
    "9995260182",
    "9991590838",
    "07700 900461",
    "07700900461",
    "+44 20 7946 0123",
    "j.okafor@nhs.example.org",
    "E8 1XY",
    "27 Lantern Row",
    "03/04/2012",
    "3rd April 2012",
    "Adebayo Okafor",
    "Okafor",
]
MESSAGES = [
    "Mum, Priya Fenwick, keeps promising to change but nothing does; her son Tariq was born "
    "3rd April 2012, NHS 999 526 0182.",
    "no - Mrs Kowalczyk rang from 07700 900461, she lives at 27 Lantern Row, E8 1XY",
    "I emailed j.okafor@nhs.example.org and called +44 20 7946 0123 about NHS number 9991590838",
    "start supervision",
    "GP note for Adebayo Okafor, DOB 03/04/2012, school says dad hits him",
]


@pytest.fixture(scope="module")
def conversation(served_bot: ServedBot) -> dict:
    sender = new_sender()
    replies = [served_bot.say(sender, m) for m in MESSAGES]
    replies.append(served_bot.say(sender, "summarise"))
    status, _, summary = served_bot.request(f"/webhooks/reflect/summary/{sender}.md")
    _, _, history = served_bot.request(f"/webhooks/reflect/history/{sender}")
    assert status == 200
    return {
        "sender": sender,
        "replies": replies,
        "summary": summary.decode("utf-8"),
        "history": history.decode("utf-8"),
    }


def test_nothing_identifying_is_in_the_tracker_database(
    served_bot: ServedBot, conversation
) -> None:
    stored = served_bot.settings.sqlite_path.read_bytes()
    assert conversation["sender"].encode() in stored  # the conversation is there...
    for value in IDENTIFIERS:  # ...without any of its identifiers
        assert value.encode() not in stored, value
    assert b"[NAME]" in stored and b"[NHS_NUMBER]" in stored and b"[POSTCODE]" in stored


def test_nothing_identifying_is_in_the_logs_at_debug_level(
    served_bot: ServedBot, conversation
) -> None:
    logs = served_bot.logs()
    # Issue 20: logs hold no conversation id either (bot/privacy/log_filter.py).
    assert "DEBUG" in logs and conversation["sender"] not in logs
    for value in IDENTIFIERS:
        assert value not in logs, value


def test_nothing_identifying_is_in_the_summary_history_or_replies(conversation) -> None:
    replies = json.dumps(conversation["replies"], ensure_ascii=False)
    for value in IDENTIFIERS:
        assert value not in conversation["summary"], value
        assert value not in conversation["history"], value
        assert value not in replies, value
    assert "[NAME]" in conversation["history"]


def test_the_practitioner_is_told_once_why_details_were_removed(conversation) -> None:
    notices = [
        m["text"]
        for reply in conversation["replies"]
        for m in reply
        if "removed some details" in (m.get("text") or "")
    ]
    assert len(notices) == 1
    assert "name" in notices[0] and "nhs number" in notices[0]


def test_place_and_service_names_are_kept(served_bot: ServedBot) -> None:
    sender = new_sender()
    served_bot.say(sender, "Hackney CSC and City of London CAMHS were at the MASE about Case 2")
    _, _, body = served_bot.request(f"/webhooks/reflect/history/{sender}")
    # The history starts with the greeting; the practitioner's message is the first of theirs.
    first = next(m for m in json.loads(body)["messages"] if m["from"] == "user")
    assert first["text"] == "Hackney CSC and City of London CAMHS were at the MASE about Case 2"
    assert not customs(served_bot.say(sender, "thanks"), "safety")


def test_an_intent_payload_is_redacted_before_it_is_stored(served_bot: ServedBot) -> None:
    """Issue 20: a name and a number typed inside a button payload's entity value."""
    sender = new_sender()
    replies = served_bot.say(sender, '/choose_theme{"theme":"Jayden Smith 07700 900187"}')
    _, _, history = served_bot.request(f"/webhooks/reflect/history/{sender}")
    stored = served_bot.settings.sqlite_path.read_bytes()
    for value in ("Jayden", "Smith", "07700 900187", "900187"):
        # the digits standing alone: an event's timestamp whose decimals happen to hold them (a
        # clean-clone run's tracker had one) is no leak
        alone = re.compile(rb"(?<![\d.])" + re.escape(value.encode()) + rb"(?!\d)")
        assert not alone.search(stored), value
        assert value not in served_bot.logs(), value
        assert value not in history.decode("utf-8"), value
        assert value not in json.dumps(replies, ensure_ascii=False), value
    assert b"[NAME] [PHONE]" in stored
