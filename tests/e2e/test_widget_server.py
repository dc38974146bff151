"""What the widget relies on from a served Reflect: a message sent again with its idempotency key is
stored once (REST and socket.io), socket.io acknowledges each message when its turn is over and
sends each reply whole, the history starts with the greeting, and a page can learn whether its
origin is allowed."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any, Dict, List

import pytest
import socketio

from tests.conftest import run_async
from tests.e2e.conftest import ServedBot, new_sender

pytestmark = pytest.mark.served
# Each conversation's key, where the server gives one (REST: the X-Reflect-Key reply header;
# socket.io: session_confirm), presented again as the widget does.
KEYS: Dict[str, str] = {}


def key_header(sender: str) -> Dict[str, str]:
    return {"X-Reflect-Key": KEYS[sender]} if sender in KEYS else {}


def history(served_bot: ServedBot, sender: str) -> List[Dict[str, Any]]:
    status, _, body = served_bot.request(
        f"/webhooks/reflect/history/{sender}", headers=key_header(sender)
    )
    assert status == 200
    return json.loads(body)["messages"]


def rest(
    served_bot: ServedBot, sender: str, message: str, key: str | None = None
) -> List[Dict[str, Any]]:
    body = {"sender": sender, "message": message, "idempotency_key": key}
    status, headers, reply = served_bot.request(
        "/webhooks/rest/webhook", json.dumps(body).encode(), headers=key_header(sender)
    )
    assert status == 200, reply
    if headers.get("X-Reflect-Key"):
        KEYS[sender] = headers["X-Reflect-Key"]
    return json.loads(reply)


def test_a_rest_retry_is_stored_once_and_gets_the_same_reply(served_bot: ServedBot) -> None:
    sender, key = new_sender(), str(uuid.uuid4())
    first = rest(served_bot, sender, "where is the escalation policy?", key)
    again = rest(served_bot, sender, "where is the escalation policy?", key)
    strip = [{k: v for k, v in m.items() if k != "recipient_id"} for m in first]
    assert [{k: v for k, v in m.items() if k != "recipient_id"} for m in again] == strip
    assert any((m.get("custom") or {}).get("kind") == "resource" for m in again)
    said = [m for m in history(served_bot, sender) if m["from"] == "user"]
    assert [(m["text"], m["idempotency_key"]) for m in said] == [
        ("where is the escalation policy?", key)
    ]
    rest(served_bot, sender, "where is the escalation policy?", str(uuid.uuid4()))  # a new key
    assert len([m for m in history(served_bot, sender) if m["from"] == "user"]) == 2


def test_a_bad_idempotency_key_is_a_400(served_bot: ServedBot) -> None:
    body = {"sender": new_sender(), "message": "hi", "idempotency_key": "1; drop table"}
    status, _, reply = served_bot.request("/webhooks/rest/webhook", json.dumps(body).encode())
    assert status == 400 and "idempotency_key" in json.loads(reply)["error"]


async def socket_sends(url: str, session: str, sends: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Sends each message with an acknowledgement requested; what came back."""
    client = socketio.AsyncClient(reconnection=False)
    received: List[Dict[str, Any]] = []
    confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
    client.on("session_confirm", lambda data: confirmed.done() or confirmed.set_result(data))
    client.on("bot_uttered", received.append)
    await client.connect(url, socketio_path="/socket.io", transports=["websocket"])
    await client.emit("session_request", {"session_id": session})
    confirmation = await asyncio.wait_for(confirmed, 10)
    if isinstance(confirmation, dict) and confirmation.get("key"):
        KEYS[session] = confirmation["key"]
    acks = []
    for send in sends:
        acks.append(await client.call("user_uttered", {"session_id": session, **send}, timeout=60))
    await client.disconnect()
    return {"acks": acks, "received": received}


def test_a_socketio_retry_is_acknowledged_as_a_duplicate_and_stored_once(
    served_bot: ServedBot,
) -> None:
    sender, key = new_sender(), str(uuid.uuid4())
    send = {"message": "tell me about case 2", "idempotency_key": key}
    result = run_async(socket_sends(served_bot.url, sender, [send, send, {"message": "/greet"}]))
    assert result["acks"] == [{"status": "handled"}, {"status": "duplicate"}, {"status": "handled"}]
    said = [m["text"] for m in history(served_bot, sender) if m["from"] == "user"]
    assert said == ["tell me about case 2"]  # the /greet is a control message, not shown
    assert result["received"], "the first attempt was answered"


def test_socketio_sends_each_reply_whole_as_the_history_has_it(served_bot: ServedBot) -> None:
    sender = new_sender()
    result = run_async(socket_sends(served_bot.url, sender, [{"message": "/greet"}]))
    texts = [m["text"] for m in result["received"] if m.get("text")]
    stored = [m["text"] for m in history(served_bot, sender) if m["from"] == "bot"]
    assert texts == stored and any("\n\n" in t for t in texts)
    intro = next(m for m in result["received"] if m.get("quick_replies"))
    assert [q["payload"] for q in intro["quick_replies"]][:1] == ["/list_themes"]


def test_the_history_starts_with_the_greeting(served_bot: ServedBot) -> None:
    sender = new_sender()
    rest(served_bot, sender, "/greet")
    rest(served_bot, sender, "what themes are there?")
    messages = history(served_bot, sender)
    assert "I'm Reflect" in messages[0]["text"] and messages[0]["from"] == "bot"
    assert [m["text"] for m in messages if m["from"] == "user"] == ["what themes are there?"]


def test_origin_json_tells_a_page_whether_its_origin_may_use_reflect(
    served_bot: ServedBot,
) -> None:
    allowed = f"http://127.0.0.1:{served_bot.demo_port}"
    path = "/webhooks/reflect/widget/origin.json"
    _, headers, body = served_bot.request(path, headers={"Origin": allowed})
    assert json.loads(body) == {"origin": allowed, "allowed": True, "development": True}
    assert headers.get_all("Access-Control-Allow-Origin") == [allowed]  # one copy: Rasa's CORS
    _, headers, body = served_bot.request(path, headers={"Origin": "http://refused.example"})
    assert json.loads(body) == {
        "origin": "http://refused.example",
        "allowed": False,
        "development": True,
    }
    assert headers.get_all("Access-Control-Allow-Origin") == ["http://refused.example"]
    _, _, body = served_bot.request(path)  # the same origin sends none
    assert json.loads(body)["allowed"] is True
