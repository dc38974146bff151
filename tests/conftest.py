"""Shared fixtures: the knowledge base, the domain as the action server receives it, and
``make_tracker`` for action tests in the style of RasaHQ/rasa-demo (Tracker.from_dict).

The action tests run on the fictional content of tests/fixtures/content/ (``fixture_kb``) with
stated theme settings (``theme_settings``), so what they expect comes from the fixture files and
the test itself, not from the bundled audit or today's tuning in reflect.yml. Tests marked
``postgres`` or ``redis`` are skipped when that service is not listening on this machine.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import shutil
import socket
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import CONTENT_DIR, KnowledgeBase, knowledge
from bot.rasa_ext.importer import ContentImporter
from bot.settings import tunables
from tests.e2e.conftest import ServedBot, serving

PROJECT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
# The services some tests need, by marker: CI runs them; elsewhere they are skipped if absent.
SERVICES = {"postgres": ("PostgreSQL", 5432), "redis": ("Redis", 6379)}
# reflect.yml's `themes:` as the action tests see them (``theme_settings``): round numbers, so a
# test's margins are plain; a test that hinges on one of them sets it again where it is read.
TEST_THEME_SETTINGS = {
    "secondary_weight": 0.5,
    "clause_weight": 0.5,
    "clause_min_confidence": 0.6,
    "split_min_second": 0.4,
    "split_clause_min_confidence": 0.9,
    "entity_boost": 0.5,
    "suggest_min_score": 0.1,
    "max_suggestions": 2,
    "fallback_options": 3,
    "fallback_min_situation": 0.15,
    "fallback_min_wording": 0.05,
}


@functools.cache
def listening(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts connections on ``host:port`` (asked once per test session)."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked ``postgres`` or ``redis`` when that service is not reachable. A hook
    rather than a fixture: it runs before any fixture, module-scoped ones included, that would
    otherwise fail connecting first (tests/scaleout/test_replicas.py)."""
    for marker, (service, port) in SERVICES.items():
        if item.get_closest_marker(marker) and not listening(port):
            pytest.skip(f"needs {service} on 127.0.0.1:{port}, which is not reachable here")


@pytest.fixture(scope="session")
def served_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedBot]:
    """One served Reflect for the whole session (tests/e2e/conftest.py ``serving``)."""
    with serving(tmp_path_factory.mktemp("served")) as bot:
        yield bot


@pytest.fixture(scope="session")
def insights_seeded(served_bot: ServedBot) -> date:
    """The served bot's store with the insights' fixture conversations (tests/insights_seed.py),
    six weeks back so no other test's conversation falls in their weeks; their first Monday."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    from tests.insights_seed import first_monday, save, seed_conversations

    path = served_bot.settings.sqlite_path
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    today = datetime.now(timezone.utc).date()
    save(store, seed_conversations(today))
    store.engine.dispose()
    return first_monday(today)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled content (bot/knowledge/content/)."""
    return knowledge()


@pytest.fixture
def fixture_kb(monkeypatch: pytest.MonkeyPatch) -> Iterator[KnowledgeBase]:
    """The fictional content of tests/fixtures/content/ instead of the bundled content, for one
    test: ``knowledge()``, and so every action's ``kb()``, loads it from REFLECT_CONTENT_DIR."""
    monkeypatch.setenv("REFLECT_CONTENT_DIR", str(FIXTURE_CONTENT))
    knowledge.cache_clear()
    yield knowledge()
    knowledge.cache_clear()  # the next knowledge(), with the variable unset, is the bundled one


@pytest.fixture
def theme_settings(monkeypatch: pytest.MonkeyPatch) -> Dict[str, Any]:
    """reflect.yml's `themes:` for one test: TEST_THEME_SETTINGS, in a dict the test may change
    (``theme_settings["suggest_min_score"] = 0.1``); reflect.yml's own values come back after."""
    settings = {**tunables()["themes"], **TEST_THEME_SETTINGS}
    monkeypatch.setitem(tunables(), "themes", settings)
    return settings


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    """The domain Rasa trains on and sends to the action server: domain.yml and what the
    content importer adds to it."""
    importer = ContentImporter(
        domain_path=str(PROJECT / "domain.yml"), training_data_paths=[str(PROJECT / "data")]
    )
    return importer.get_domain().as_dict()


def content_with(folder: Path, audit: Path) -> Path:
    """A copy of the bundled content in ``folder``, with ``audit`` dropped into its audits/
    (as a partnership adds next year's audit)."""
    target = folder / "content"
    shutil.copytree(CONTENT_DIR, target)
    shutil.copy(audit, target / "audits")
    return target


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
    then: List[Dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker as the action server receives it: a session, earlier events, the last message,
    and ``then`` the events after it (a form's slot candidates, which its validator reads)."""
    history = [{"event": "session_started", "timestamp": 1_700_000_000.0}, *(events or [])]
    if latest is not None:
        history.append(latest)
    history.extend(then or [])
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


def run_action(
    action: Action, tracker: Tracker, domain: Dict[str, Any]
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """Run an action as the action server does: the messages it sent, and the events it
    returned (rasa_sdk events are dicts: compare them with ``[SlotSet("x", 1), ...]``)."""
    dispatcher = CollectingDispatcher()
    events = run_async(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, events


def sent(**message: Any) -> Dict[str, Any]:
    """A whole message as ``dispatcher.utter_message(**message)`` records it, for comparing."""
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(**message)
    return dispatcher.messages[0]


@pytest.fixture
def postgres_store() -> Iterator[Tuple[Any, Any]]:
    """A Rasa SQL tracker store on a throwaway PostgreSQL database, with an engine on the same
    database for reading it; the database is dropped afterwards (tests marked ``postgres``)."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    database = f"reflect_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(
        "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'create database "{database}"'))
    except sa.exc.OperationalError as problem:  # reachable (see the marker) but refusing us
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 would not create a database: {problem}")
    engine = sa.create_engine(f"postgresql://postgres@127.0.0.1:5432/{database}")
    store = None
    try:
        store = SQLTrackerStore(
            Domain.empty(),
            dialect="postgresql",
            host="127.0.0.1",
            port=5432,
            db=database,
            username="postgres",
        )
        yield store, engine
    finally:
        engine.dispose()
        if store is not None:
            store.engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'drop database "{database}" with (force)'))
        admin.dispose()
