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


def make_run(tmp_path: Path) -> tuple[pexpect.spawn, int, int]:
    """`make run` in a terminal of its own, on free ports, its data (and downloads) in
    ``tmp_path``: the chat, and the two ports it serves on."""
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
    return chat, port, action_port


def test_make_run_gives_a_working_terminal_chat(tmp_path: Path) -> None:
    chat, port, action_port = make_run(tmp_path)
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

        # The signpost comes with the key message (issue 17: no quiz before a practical
        # answer), so "did you know the service...?" is not asked: one question is left.
        chat.sendline("2")  # press "No"
        chat.expect("you> ")
        assert "next step" in seen(chat).lower()
        assert "020 8356 7377" in seen(chat) or "yhsms@hackney.gov.uk" in seen(chat)
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


def say(chat: pexpect.spawn, text: str) -> str:
    chat.sendline(text)
    chat.expect("you> ")
    return seen(chat)


def test_a_whole_supervision_in_the_terminal_files_a_complete_record(tmp_path: Path) -> None:
    """A supervisor trial, typed as it was: an interjection, a pause and "where were we?", a
    question on the side, two actions on one line, an edit of two parts; the record saved from
    the download link holds every action as edited, and the question raised."""
    chat, port, action_port = make_run(tmp_path)
    try:
        chat.expect("you> ")
        assert "Step 1" in say(chat, "hi, can we do a supervision please")
        assert "Step 2" in say(
            chat,
            "Supervisor (TM) and SW here together. oops - 6 yr old girl and her 9 yr old "
            "brother, CP plan for neglect since the summer, house conditions up and down",
        )
        assert "Step 3" in say(chat, "CSC lead, SW is lead prof. school, school nurse and GP")
        assert "paused" in say(chat, "pause")
        assert "Step 3" in say(chat, "where were we?")
        assert "Step 4" in say(
            chat, "erm she's been late 8 times this month and the house was worse at last visit"
        )
        assert "Step 5" in say(
            chat,
            "she told me she makes her own breakfast and her brother walks her to school. "
            "should we ask for a legal gateway meeting?",
        )
        say(chat, "CP plan, core group every 6 weeks, needs to move faster than that for her")
        say(chat, "mum agrees to everything at core group then cancels the visits")
        assert "agreed actions" in say(
            chat, "school want to go to PLO, we are not there yet. TM to head of service"
        )
        assert "another action" in say(
            chat,
            "SW to convene core group within 2 weeks, TM to book legal gateway meeting by "
            "end of month",
        )
        assert "By when?" in say(chat, "DSL to share attendance figures with the SW")
        assert "another action" in say(chat, "next friday")
        edited = say(
            chat,
            "change action 2's owner to the senior practitioner and the date to next friday",
        )
        assert "book legal gateway meeting (senior practitioner, by" in edited
        assert "escalation route" in say(chat, "no more actions")
        review = say(chat, "TM to head of service if nothing has changed by the review")
        assert "[1] In 4 weeks:" in review and "day" in review
        filed = say(chat, "1")
        assert "Download (md)" in filed and "Download (html)" in filed
        [record] = (tmp_path / "downloads").glob("reflect-supervision_record-*.md")
        text = record.read_text(encoding="utf-8")
        for kept in (
            "convene core group",
            "book legal gateway meeting | senior practitioner",
            "share attendance figures with the SW | designated safeguarding lead",
            "should we ask for a legal gateway meeting?",
            "oops - 6 yr old girl",
        ):
            assert kept in text
        assert "[NAME]" not in text and "None agreed" not in text
        [page] = (tmp_path / "downloads").glob("reflect-supervision_record-*.html")
        assert "senior practitioner" in page.read_text(encoding="utf-8")
        chat.sendline("quit")
        chat.expect(pexpect.EOF, timeout=60)
    finally:
        chat.close(force=True)
    assert chat.exitstatus == 0
    assert not port_open(port) and not port_open(action_port)
