"""Point 2: logs identify no one. At DEBUG, through a crashing action and through Rasa's own
tracker-dumping error path, no message text, slot value or conversation id reaches a log; a
crashing action answers with an apology and logs only where the exception was raised."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List

import pytest

from bot.channels.guard import domain_text
from bot.ops.launcher import BIN, Service, child_env, free_port, rasa_service, running
from tests.e2e.conftest import ServedBot, customs, new_sender, served_settings

pytestmark = pytest.mark.served
CRASH = '/choose_theme{"theme": {"a": 1}}'  # an entity value the theme ranking cannot hash
TURNS = [
    "Mum keeps promising she will change but nothing does, the plan drifts",
    "we keep giving her more time because she cries in every meeting",
    "/deny",
    "honestly I have not written any of it down yet",
    CRASH,
    "summarise",
]


def conversation(bot: ServedBot) -> Dict:
    sender = new_sender()
    replies = [bot.say(sender, turn) for turn in TURNS]
    _, _, body = bot.request(f"/webhooks/reflect/history/{sender}")
    return {"sender": sender, "replies": replies, "history": json.loads(body)["messages"]}


def said_and_echoed(talk: Dict) -> List[str]:
    """What the practitioner wrote (as stored) and the bot's replies quoting it: the texts
    and slot values that must not be in a log. Short ones ("No") are words, not identifying."""
    texts = [m["text"] for m in talk["history"] if m["from"] == "user"]
    texts += [m["text"] for m in talk["history"] if m["from"] == "bot" and "I heard" in m["text"]]
    return [t for t in texts if len(t) >= 12]


@pytest.fixture(scope="module")
def talk(served_bot: ServedBot) -> Dict:
    return conversation(served_bot)


def test_a_crashing_action_answers_with_the_apology(served_bot: ServedBot, talk: Dict) -> None:
    crashed = talk["replies"][TURNS.index(CRASH)]
    assert [m.get("text") for m in crashed] == [domain_text("utter_action_failed")]
    assert customs(talk["replies"][-1], "summary")  # and the conversation carries on
    logs = served_bot.logs()
    assert "action action_present_theme failed" in logs and "TypeError" in logs
    assert "unhashable" not in logs  # the exception's message is not logged, only its type
    assert "request_body" not in logs


def test_no_text_slot_value_or_conversation_id_in_debug_logs(
    served_bot: ServedBot, talk: Dict
) -> None:
    logs = served_bot.logs()
    assert "DEBUG" in logs and "Predicted next action" in logs  # the debug log is there
    assert talk["sender"] not in logs and talk["sender"].replace("-", "") not in logs
    for text in said_and_echoed(talk):
        assert text not in logs, text
        assert text.lower() not in logs.lower(), text


def test_rasas_tracker_dump_on_a_failed_action_is_scrubbed(tmp_path: Path) -> None:
    """rasa_sdk's own action server (not ours) answers a crash with a 500 holding the whole
    tracker, and Rasa logs that reply at ERROR: the path the issue found."""
    settings = served_settings(tmp_path, free_port(), {"REFLECT_LOG_LEVEL": "DEBUG"})
    port = settings.action_port
    plain_sdk = Service(
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        f"actions-{port}.log",
        f"http://127.0.0.1:{port}/health",
        port,
        "ACTION_PORT",
        proves_launch=False,  # rasa_sdk's own server knows nothing of launches
    )
    env = {**child_env(settings), "SANIC_HOST": "127.0.0.1"}
    bot = ServedBot(settings, tmp_path / "logs", 0)
    with running([plain_sdk, rasa_service(settings, False)], env, bot.log_dir):
        talk = conversation(bot)
    rasa_log = (bot.log_dir / f"rasa-{settings.port}.log").read_text(encoding="utf-8")
    assert "Failed to execute custom action 'action_present_theme'" in rasa_log
    assert "ERROR" in rasa_log and "500" in rasa_log  # the dump was logged, and scrubbed:
    assert talk["sender"] not in rasa_log
    for text in said_and_echoed(talk):
        assert text.lower() not in rasa_log.lower(), text
