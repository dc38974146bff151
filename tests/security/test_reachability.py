"""Point 4: every server listens on loopback only, and the action server answers only Rasa."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List

import pytest

from bot.settings import ACTION_KEY_HEADER, LAUNCH_HEADER
from tests.e2e.conftest import ServedBot, new_sender

pytestmark = pytest.mark.served


def listening_addresses(port: int) -> List[str]:
    """Local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


def test_the_rasa_and_action_servers_listen_on_loopback_only(served_bot: ServedBot) -> None:
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1
    for port in (served_bot.settings.port, served_bot.settings.action_port):
        addresses = listening_addresses(port)
        assert addresses and set(addresses) <= loopback, (port, addresses)


def action_call(served_bot: ServedBot, path: str, headers: Dict[str, str], body: dict | None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{served_bot.settings.action_port}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as problem:
        return problem.code, problem.headers, problem.read()


FORGED = {
    "next_action": "action_summarise",
    "sender_id": "forged",
    "tracker": {
        "sender_id": "forged",
        "slots": {},
        "latest_message": {},
        "events": [{"event": "user", "text": "forged words", "timestamp": 1.0}],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    },
    "domain": {},
    "version": "3.6.21",
}


@pytest.mark.parametrize("headers", [{}, {ACTION_KEY_HEADER: "guessed"}, {ACTION_KEY_HEADER: ""}])
def test_a_forged_action_call_is_refused(served_bot: ServedBot, headers: Dict[str, str]) -> None:
    status, _, body = action_call(served_bot, "/webhook", headers, FORGED)
    assert status == 403 and b"only answers" in body and b"forged words" not in body
    assert action_call(served_bot, "/actions", headers, None)[0] == 403


def test_rasa_own_calls_still_run_actions(served_bot: ServedBot) -> None:
    reply = served_bot.say(new_sender(), "what themes are there?")
    assert any((m.get("custom") or {}).get("kind") == "theme_suggestion" for m in reply)


def test_each_server_proves_it_belongs_to_this_launch(served_bot: ServedBot) -> None:
    _, action_headers, _ = action_call(served_bot, "/health", {}, None)
    _, rasa_headers, _ = served_bot.request("/webhooks/rest/")
    launch = action_headers[LAUNCH_HEADER]
    assert len(launch) == 32 and rasa_headers[LAUNCH_HEADER] == launch
