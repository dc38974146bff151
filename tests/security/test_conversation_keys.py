"""Point 5: a conversation opens only with its key, whatever else is known (its id included)."""

from __future__ import annotations

import asyncio
import hmac
import json
import uuid

import pytest
import socketio

from bot.channels import access
from bot.channels.access import KEY_HEADER
from tests.conftest import run_async
from tests.e2e.conftest import ServedBot, new_sender
from tests.e2e.test_socketio_and_supervision import socket_conversation

pytestmark = pytest.mark.served
NO_KEY = {KEY_HEADER: ""}
THEMES = "what themes are there?"


def started(served_bot: ServedBot) -> str:
    """A conversation with a summary and a supervision record to steal."""
    sender = new_sender()
    served_bot.say(sender, "mum keeps promising she will change but nothing does")
    served_bot.say(sender, "summarise")
    return sender


def test_the_first_reply_gives_the_key_and_later_sends_need_it(served_bot: ServedBot) -> None:
    sender = new_sender()
    status, headers, _ = served_bot.request(
        "/webhooks/rest/webhook",
        json.dumps({"sender": sender, "message": "hello"}).encode(),
        sender=sender,
    )
    key = headers[KEY_HEADER]
    assert status == 200 and len(key) >= 40
    body = json.dumps({"sender": sender, "message": "the plan keeps drifting"}).encode()
    for stranger in (
        NO_KEY,
        {KEY_HEADER: "x" * len(key)},
        {KEY_HEADER: key[:-1] + ("B" if key.endswith("A") else "A")},
    ):
        status, _, reply = served_bot.request("/webhooks/rest/webhook", body, headers=stranger)
        assert status == 403 and "needs its key" in json.loads(reply)["error"]
    status, _, _ = served_bot.request("/webhooks/rest/webhook", body, headers={KEY_HEADER: key})
    assert status == 200
    _, _, history = served_bot.request(f"/webhooks/reflect/history/{sender}")
    said = [m["text"] for m in json.loads(history)["messages"] if m["from"] == "user"]
    assert said == ["hello", "the plan keeps drifting"]  # the refused sends stored nothing


@pytest.mark.parametrize(
    "path,status",
    [
        ("/webhooks/reflect/history/{}", 200),
        ("/webhooks/reflect/summary/{}.md", 200),
        ("/webhooks/reflect/supervision_record/{}.md", 404),  # no supervision in it
        ("/webhooks/reflect/supervision_record/{}.html", 404),
    ],
)
def test_history_and_downloads_need_the_key(served_bot: ServedBot, path: str, status: int) -> None:
    sender = started(served_bot)
    other = started(served_bot)
    assert served_bot.request(path.format(sender))[0] == status
    assert served_bot.request(path.format(sender), headers=NO_KEY)[0] == 403
    wrong = {KEY_HEADER: served_bot.keys[other]}  # another conversation's key opens nothing
    assert served_bot.request(path.format(sender), headers=wrong)[0] == 403
    unknown = new_sender()  # no conversation: still 403, so ids cannot be probed for existence
    assert served_bot.request(path.format(unknown), headers=NO_KEY)[0] == 403


def test_every_spelling_of_an_id_is_one_conversation_with_one_key(served_bot: ServedBot) -> None:
    sender = started(served_bot)
    raw = uuid.UUID(sender)
    for spelling in (sender.upper(), "{" + sender + "}", raw.hex, f"urn:uuid:{sender}"):
        status, _, body = served_bot.request(f"/webhooks/reflect/history/{spelling}", sender=sender)
        assert status == 200 and json.loads(body)["sender"] == sender
        assert served_bot.request(f"/webhooks/reflect/history/{spelling}", headers=NO_KEY)[0] == 403
    reply = served_bot.request(
        "/webhooks/rest/webhook",
        json.dumps({"sender": sender.upper(), "message": "thanks"}).encode(),
        headers=NO_KEY,
    )
    assert reply[0] == 403  # not a new conversation under another spelling


@pytest.mark.parametrize(
    "nil_like",
    [
        "00000000-0000-4000-8000-000000000000",
        "ffffffff-ffff-4fff-bfff-ffffffffffff",
        "11111111-1111-4111-8111-111111111111",
        "12345678-1234-4234-c234-123456789abc",  # not the RFC 4122 variant
    ],
)
def test_nil_like_and_non_rfc_4122_ids_are_refused(served_bot: ServedBot, nil_like: str) -> None:
    body = json.dumps({"sender": nil_like, "message": "hello"}).encode()
    status, _, reply = served_bot.request("/webhooks/rest/webhook", body)
    assert status == 400 and "random UUID" in json.loads(reply)["error"]


def test_socketio_joins_a_room_only_with_its_key(served_bot: ServedBot) -> None:
    owner = run_async(
        socket_conversation(served_bot.url, new_sender(), [THEMES], "theme_suggestion")
    )
    session, key = owner["session"], owner["key"]
    stranger = run_async(socket_conversation(served_bot.url, session, [], "none"))
    wrong = run_async(socket_conversation(served_bot.url, session, [], "none", key=key[::-1]))
    assert stranger["session"] != session and wrong["session"] != session  # a new one instead
    back = run_async(
        socket_conversation(served_bot.url, session, [THEMES], "theme_suggestion", key=key)
    )
    assert back["session"] == session and back["received"]
    # One key, every channel: the socket.io key opens the conversation over REST too.
    body = json.dumps({"sender": session, "message": "what themes are there"}).encode()
    assert served_bot.request("/webhooks/rest/webhook", body, headers=NO_KEY)[0] == 403
    assert served_bot.request("/webhooks/rest/webhook", body, headers={KEY_HEADER: key})[0] == 200


def test_a_socket_cannot_send_into_or_listen_to_another_room(served_bot: ServedBot) -> None:
    victim = run_async(
        socket_conversation(served_bot.url, new_sender(), [THEMES], "theme_suggestion")
    )

    async def eavesdrop() -> list:
        client, heard = socketio.AsyncClient(), []
        client.on("bot_uttered", heard.append)
        await client.connect(served_bot.url, socketio_path="/socket.io", transports=["websocket"])
        await client.emit("session_request", {"session_id": victim["session"]})  # no key
        await asyncio.sleep(1)
        await client.emit(
            "user_uttered", {"message": "I am not you", "session_id": victim["session"]}
        )
        await asyncio.sleep(3)
        await client.disconnect()
        return heard

    heard = run_async(eavesdrop())
    assert [m.get("text") for m in heard] == [
        "Send session_request with this conversation's key first."
    ]
    served_bot.keys[victim["session"]] = victim["key"]
    _, _, body = served_bot.request(f"/webhooks/reflect/history/{victim['session']}")
    said = [m["text"] for m in json.loads(body)["messages"] if m["from"] == "user"]
    assert "I am not you" not in said


def test_keys_are_compared_in_constant_time(monkeypatch) -> None:
    compared, original = [], hmac.compare_digest

    def compare_digest(a: str, b: str) -> bool:
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(access.hmac, "compare_digest", compare_digest)
    sender = str(uuid.uuid4())
    assert access.holds_key(sender, access.key_for(sender))
    assert not access.holds_key(sender, "guess")
    assert len(compared) == 2
