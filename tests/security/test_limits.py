"""Point 3: limits before work. Oversized, deeply nested and malformed requests get a clear 4xx
quickly, before anything parses or normalises them, and no probe gets a 5xx."""

from __future__ import annotations

import asyncio
import http.client
import json
import time
from typing import Any, List

import pytest
import socketio

from bot.settings import tunables
from tests.conftest import run_async
from tests.e2e.conftest import ServedBot, new_sender

pytestmark = pytest.mark.served
LIMITS = tunables()["limits"]
WEBHOOK = "/webhooks/rest/webhook"


def raw_post(served_bot: ServedBot, body: bytes, headers: dict | None = None) -> int:
    """A POST as an attacker sends it (http.client: any Content-Length, any body)."""
    connection = http.client.HTTPConnection("127.0.0.1", served_bot.settings.port, timeout=30)
    try:
        connection.request("POST", WEBHOOK, body=body, headers=headers or {})
        return connection.getresponse().status
    except (ConnectionError, http.client.HTTPException):
        return 0  # the server hung up: fine for a refused request, never a 5xx
    finally:
        connection.close()


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(served_bot: ServedBot) -> None:
    big = json.dumps({"sender": new_sender(), "message": "x" * LIMITS["max_request_bytes"]})
    status, _, body = served_bot.request(WEBHOOK, big.encode())
    assert status == 413 and b"size limit" in body
    # A Content-Length claiming 90 MB is refused from the header alone: nothing is sent after it.
    started = time.perf_counter()
    assert raw_post(served_bot, b"", {"Content-Length": str(90 * 2**20)}) in (413, 0)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("depth", [LIMITS["max_json_depth"] + 1, 20_000])
def test_deeply_nested_json_is_a_400_not_a_500(served_bot: ServedBot, depth: int) -> None:
    nested = b'{"sender": "' + new_sender().encode() + b'", "message": ' + b"[" * depth
    status, _, body = served_bot.request(WEBHOOK, nested + b"]" * depth + b"}")
    assert status == 400 and "nested more than 400" in json.loads(body)["error"]


def test_json_nested_up_to_the_limit_is_read(served_bot: ServedBot) -> None:
    depth = LIMITS["max_json_depth"] - 1
    body = b'{"sender": "' + new_sender().encode() + b'", "message": ' + b"[" * depth
    status, _, reply = served_bot.request(WEBHOOK, body + b"]" * depth + b"}")
    assert status == 400 and "must be a string" in json.loads(reply)["error"]


def test_an_overlong_message_is_refused_before_it_is_normalised(served_bot: ServedBot) -> None:
    sender = new_sender()
    served_bot.say(sender, "hello")
    # Under the request limit, far over the message limit, and slow to normalise (NFC and
    # control characters over combining marks): the length check comes first.
    text = "e\u0301\u200b" * 4_000  # 12,000 characters, 52 KB as JSON
    started = time.perf_counter()
    reply = served_bot.say(sender, text)
    assert time.perf_counter() - started < 2
    assert "longer than I can take" in reply[0]["text"]
    _, _, body = served_bot.request(f"/webhooks/reflect/history/{sender}")
    assert [m["text"] for m in json.loads(body)["messages"] if m["from"] == "user"] == ["hello"]


@pytest.mark.parametrize(
    "body,headers",
    [
        (b"", {}),
        (b"null", {}),
        (b'"just a string"', {}),
        (b"{" * 10, {}),
        (b'{"sender": "' + b"\xff" * 10 + b'"}', {}),
        (json.dumps({"sender": {"a": 1}, "message": "hi"}).encode(), {}),
        (json.dumps({"sender": "x" * 10_000, "message": "hi"}).encode(), {}),
        (b'{"sender": 1e999999}', {}),
        (b"[]" * 30_000, {}),
        (b"{}", {"Content-Length": "not a number"}),
        (b"zz\r\n{}\r\n0\r\n\r\n", {"Transfer-Encoding": "chunked"}),
    ],
)
def test_no_malformed_request_gets_a_5xx(served_bot: ServedBot, body: bytes, headers) -> None:
    status = raw_post(served_bot, body, {"Content-Type": "application/json", **headers})
    assert status < 500
    assert served_bot.request("/webhooks/rest/")[0] == 200  # and the server is still there


async def socket_probe(url: str, payloads: List[Any]) -> List[Any]:
    """Each payload as a session_request on a new connection: what came back."""
    answers: List[Any] = []
    for payload in payloads:
        client = socketio.AsyncClient(reconnection=False)
        confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
        client.on("session_confirm", lambda c, f=confirmed: f.done() or f.set_result(c))
        await client.connect(url, socketio_path="/socket.io", transports=["websocket"])
        await client.emit("session_request", payload)
        answers.append(await asyncio.wait_for(confirmed, 10))
        await client.disconnect()
    return answers


def test_a_session_request_that_is_not_an_object_gets_a_new_session(
    served_bot: ServedBot,
) -> None:
    payloads = ["a string", 42, [1, 2], None, True, {"session_id": ["x"]}]
    for answer in run_async(socket_probe(served_bot.url, payloads)):
        assert set(answer) == {"session_id", "key"} and len(answer["key"]) >= 40


def test_a_deeply_nested_socket_packet_harms_nothing(served_bot: ServedBot) -> None:
    async def probe() -> Any:
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(served_bot.url, socketio_path="/socket.io", transports=["websocket"])
        nested: Any = "x"
        for _ in range(3000):
            nested = [nested]
        # python-socketio's client encodes with the standard json module, which recurses too.
        with pytest.raises(RecursionError):
            await client.emit("user_uttered", {"message": nested})
        raw = '42["user_uttered",' + "[" * 20_000 + "]" * 20_000 + "]"
        await client.eio.send(raw)  # the same packet, written by hand
        await asyncio.sleep(1)
        await client.disconnect()
        return (await socket_probe(served_bot.url, [{}]))[0]

    assert "session_id" in run_async(probe())  # the server carries on
