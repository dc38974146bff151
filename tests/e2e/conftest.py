"""One served Reflect (action server + Rasa server, SQLite, debug logging, API with a token)
for all end-to-end tests of the session, started the way `make serve` starts it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from bot.ops.launcher import MODEL, free_port, model_is_stale, servers, train_if_stale
from bot.settings import Deployment, deployment

API_TOKEN = "e2e-test-token-not-secret"


@dataclass
class ServedBot:
    settings: Deployment
    log_dir: Path
    demo_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"

    def request(
        self,
        path: str,
        body: bytes | None = None,
        method: str | None = None,
        headers: Dict[str, str] | None = None,
    ) -> Tuple[int, Message, bytes]:
        request = urllib.request.Request(
            self.url + path,
            data=body,
            method=method,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return reply.status, reply.headers, reply.read()
        except urllib.error.HTTPError as problem:
            return problem.code, problem.headers, problem.read()

    def say(self, sender: str, message: Any) -> List[Dict[str, Any]]:
        status, _, body = self.request(
            "/webhooks/rest/webhook", json.dumps({"sender": sender, "message": message}).encode()
        )
        assert status == 200, body
        return json.loads(body)

    def logs(self) -> str:
        return "".join(
            p.read_text(encoding="utf-8", errors="replace") for p in self.log_dir.glob("*.log")
        )


@pytest.fixture(scope="session")
def served_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedBot]:
    if model_is_stale(MODEL):
        train_if_stale()
    data_dir = tmp_path_factory.mktemp("served")
    demo_port = free_port()
    settings = served_settings(
        data_dir, demo_port, {"REFLECT_LOG_LEVEL": "DEBUG", "REFLECT_API_TOKEN": API_TOKEN}
    )
    log_dir = data_dir / "logs"
    with servers(settings, enable_api=True, log_dir=log_dir):
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
