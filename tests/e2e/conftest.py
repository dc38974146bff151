"""Talking to a served Reflect (action server + Rasa server, SQLite), started the way
`make serve` starts it. One, with debug logging and the API on a token, serves the end-to-end,
browser and security tests of a session (``served_bot`` in tests/conftest.py).

``ServedBot`` talks as the client that started each conversation: it keeps the key the server
gives with a conversation's first reply and presents it, as the widget and the terminal do."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple
from unittest import mock

from bot.channels.access import KEY_HEADER
from bot.ops.launcher import MODEL, free_port, model_is_stale, servers, train_if_stale
from bot.settings import Deployment, deployment

API_TOKEN = "e2e-test-token-not-secret"
INSIGHTS_TOKEN = "e2e-insights-token-not-secret"
_first_sends: Dict[str, threading.Lock] = {}
_first_sends_lock = threading.Lock()


def _first_send(sender: str) -> threading.Lock:
    with _first_sends_lock:
        return _first_sends.setdefault(sender, threading.Lock())


@dataclass
class ServedBot:
    settings: Deployment
    log_dir: Path
    demo_port: int
    keys: Dict[str, str] = field(default_factory=dict)  # conversation id -> its key

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"

    def request(
        self,
        path: str,
        body: bytes | None = None,
        method: str | None = None,
        headers: Dict[str, str] | None = None,
        sender: str | None = None,
    ) -> Tuple[int, Message, bytes]:
        """``path`` with the key of ``sender`` (default: a conversation whose id is in the
        path), unless ``headers`` say otherwise; a key in the reply is kept."""
        sender = sender or next((s for s in self.keys if s in path), None)
        key = {KEY_HEADER: self.keys[sender]} if sender in self.keys else {}
        request = urllib.request.Request(
            self.url + path,
            data=body,
            method=method,
            headers={"Content-Type": "application/json", **key, **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                status, reply_headers, content = reply.status, reply.headers, reply.read()
        except urllib.error.HTTPError as problem:
            return problem.code, problem.headers, problem.read()
        if sender and reply_headers.get(KEY_HEADER):
            self.keys[sender] = reply_headers[KEY_HEADER]
        return status, reply_headers, content

    def say(self, sender: str, message: Any) -> List[Dict[str, Any]]:
        """One message, as the conversation's client: a client that has no key yet sends one
        message and waits for the key before sending more (several threads may share one
        conversation, as in the scale-out tests)."""
        if sender not in self.keys:
            with _first_send(sender):
                if sender not in self.keys:
                    return self._say(sender, message)
        return self._say(sender, message)

    def _say(self, sender: str, message: Any) -> List[Dict[str, Any]]:
        status, _, body = self.request(
            "/webhooks/rest/webhook",
            json.dumps({"sender": sender, "message": message}).encode(),
            sender=sender,
        )
        assert status == 200, body
        return json.loads(body)

    def logs(self) -> str:
        return "".join(
            p.read_text(encoding="utf-8", errors="replace") for p in self.log_dir.glob("*.log")
        )


@contextlib.contextmanager
def serving(data_dir: Path, content: Dict[str, str] | None = None) -> Iterator[ServedBot]:
    """The shared served bot (tests/conftest.py ``served_bot``): debug logs, the HTTP API on.
    ``content``: environment variables for the servers' content (REFLECT_CONTENT_DIR,
    REFLECT_LIVE_AUDITS), for a bot serving other audits than the bundled one."""
    if model_is_stale(MODEL):
        train_if_stale()
    demo_port = free_port()
    settings = served_settings(
        data_dir,
        demo_port,
        {
            "REFLECT_LOG_LEVEL": "DEBUG",
            "REFLECT_API_TOKEN": API_TOKEN,
            "REFLECT_INSIGHTS_TOKEN": INSIGHTS_TOKEN,
        },
    )
    log_dir = data_dir / "logs"
    with contextlib.ExitStack() as stack:
        # The servers' environment is taken as they start (bot/ops/launcher.py child_env), and
        # kept for any restart: this process's own stays as it was.
        with mock.patch.dict(os.environ, content or {}):
            stack.enter_context(servers(settings, enable_api=True, log_dir=log_dir))
        yield ServedBot(settings, log_dir, demo_port)


def served_settings(data_dir: Path, demo_port: int, extra: Dict[str, str]) -> Deployment:
    """Free ports, a private data dir, and the demo page's origin allowed (CORS)."""
    return deployment(
        {
            "REFLECT_DATA_DIR": str(data_dir),
            "PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            "REFLECT_CORS_ORIGINS": f"http://127.0.0.1:{demo_port},http://localhost:{demo_port}",
            **extra,
        }
    )


def new_sender() -> str:
    return str(uuid.uuid4())


def customs(messages: List[Dict[str, Any]], kind: str | None = None) -> List[Dict[str, Any]]:
    found = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    return [c for c in found if kind is None or c.get("kind") == kind]
