"""The README's run command in a real terminal: a complete reflective loop, then quit, leaving
no process behind. Driven with pexpect, as a practitioner would type."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pexpect
import pytest

from bot.ops.launcher import free_port

pytestmark = pytest.mark.served
PROJECT = Path(__file__).resolve().parents[2]


def seen(chat: pexpect.spawn) -> str:
    """What the terminal showed since the last prompt, with line wrapping undone."""
    return " ".join(chat.before.split())


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_make_run_gives_a_working_terminal_chat(tmp_path: Path) -> None:
    port, action_port = free_port(), free_port()
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TERM": "dumb",
        "PORT": str(port),
        "ACTION_PORT": str(action_port),
        "REFLECT_DATA_DIR": str(tmp_path),
    }
    chat = pexpect.spawn(
        "make",
        ["run"],
        cwd=str(PROJECT),
        env=env,
        encoding="utf-8",
        timeout=240,
        dimensions=(50, 120),
    )
    chat.logfile_read = sys.stdout
    try:
        chat.expect("you> ")  # the greeting came first
        assert "I'm Reflect" in seen(chat) and "not a referral route" in seen(chat)

        chat.sendline(
            "A 15 year old I work with has started smoking cannabis every day "
            "and I don't know where City kids can be referred"
        )
        chat.expect("you> ")
        shown = seen(chat)
        assert "Substance Misuse Service" in shown and "Case 2" in shown
        assert "[1] Yes" in shown and "[2] No" in shown

        chat.sendline("2")  # press "No"
        chat.expect("you> ")
        assert "next step" in seen(chat).lower()
        assert "020 8356 7377" in seen(chat) or "yhsms@hackney.gov.uk" in seen(chat)

        chat.sendline("I haven't talked to him about it yet")
        chat.expect("you> ")
        assert "I heard: “I haven't talked to him about it yet”" in seen(chat)
        assert "all the questions" in seen(chat)

        chat.sendline("summarise")
        chat.expect("you> ")
        assert "Your reflections" in seen(chat) and "Download (md)" in seen(chat)

        chat.sendline("quit")
        chat.expect(pexpect.EOF, timeout=60)
    finally:
        chat.close(force=True)
    assert chat.exitstatus == 0
    assert not port_open(port) and not port_open(action_port)  # nothing left running
