"""Shared fixtures: the knowledge base, the domain as the action server receives it, and
``make_tracker`` for action tests in the style of RasaHQ/rasa-demo (Tracker.from_dict)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker

from bot.knowledge import KnowledgeBase, knowledge
from bot.rasa_ext.importer import ContentImporter

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge()


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    """The domain Rasa trains on and sends to the action server: domain.yml and what the
    content importer adds to it."""
    importer = ContentImporter(
        domain_path=str(PROJECT / "domain.yml"), training_data_paths=[str(PROJECT / "data")]
    )
    return importer.get_domain().as_dict()


def user_event(
    text: str,
    intent: str,
    confidence: float = 0.95,
    entities: List[Dict[str, Any]] | None = None,
    ranking: List[Dict[str, Any]] | None = None,
) -> Dict[str, Any]:
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
    }
    return {
        "event": "user",
        "timestamp": time.time(),
        "text": text,
        "parse_data": parse,
        "metadata": {},
    }


def make_tracker(
    latest: Dict[str, Any] | None = None,
    slots: Dict[str, Any] | None = None,
    events: List[Dict[str, Any]] | None = None,
    sender_id: str | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker as the action server receives it: a session, earlier events, the last message."""
    history = [{"event": "session_started", "timestamp": 1_700_000_000.0}, *(events or [])]
    if latest is not None:
        history.append(latest)
    return Tracker.from_dict(
        {
            "sender_id": sender_id or str(uuid.uuid4()),
            "slots": slots or {},
            "latest_message": (latest or {}).get("parse_data", {}),
            "events": history,
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": None,
        }
    )


def run_async(coroutine: Any) -> Any:
    """Run a coroutine to completion in a thread of its own: the browser tests' Playwright keeps
    an event loop on the main thread, where asyncio.run() would refuse to start another."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
