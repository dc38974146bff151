"""The embedded default (SQLite tracker store, in-memory locks): a conversation survives a
restart of the bot, in the middle of a reflective loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ops.launcher import free_port, servers
from tests.e2e.conftest import ServedBot, customs, new_sender, served_settings

pytestmark = pytest.mark.served


def test_a_reflective_loop_carries_on_after_a_restart(tmp_path: Path) -> None:
    settings = served_settings(tmp_path, free_port(), {})
    bot = ServedBot(settings, tmp_path / "logs", 0)
    sender = new_sender()
    with servers(settings, enable_api=False, log_dir=bot.log_dir):
        first = bot.say(sender, "we agreed outcomes for the child but nobody ever set dates")
        question = customs(first, "reflective_question")[0]
    assert settings.sqlite_path.exists()  # created on first run, under the data directory

    with servers(settings, enable_api=False, log_dir=bot.log_dir):
        reply = bot.say(sender, "/deny")  # answers the question asked before the restart
        assert "from the audit" in reply[0]["text"].lower()
        follow_up = customs(reply, "reflective_question")
        assert follow_up and follow_up[0]["id"] != question["id"]
        summary = bot.say(sender, "summarise")[0]["text"]
    assert question["question"] in summary and "No" in summary
