"""Retention: conversations older than N days are deleted from the tracker store (SQLite, and
the PostgreSQL on this machine, skipped when it is not reachable); the dry run only counts."""

from __future__ import annotations

import time
import uuid

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.retention import expire
from tests.conftest import run_async

DAY = 86400


def save_conversation(store: SQLTrackerStore, age_days: float) -> str:
    sender = str(uuid.uuid4())
    stamp = time.time() - age_days * DAY
    tracker = DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen", timestamp=stamp),
            UserUttered("a fictional message", {"name": "greet"}, timestamp=stamp + 1),
        ],
    )
    run_async(store.save(tracker))
    return sender


def senders(engine: sa.engine.Engine) -> set:
    with engine.connect() as connection:
        return {
            row[0] for row in connection.execute(sa.text("select distinct sender_id from events"))
        }


def check_retention(store: SQLTrackerStore, engine: sa.engine.Engine) -> None:
    old = [save_conversation(store, 45), save_conversation(store, 31)]
    recent = [save_conversation(store, 2), save_conversation(store, 0)]
    before = senders(engine)

    assert expire(engine, 30, dry_run=True) == (2, 4)
    assert senders(engine) == before  # the dry run deleted nothing

    assert expire(engine, 30, dry_run=False) == (2, 4)
    left = senders(engine)
    assert not set(old) & left and set(recent) <= left
    assert expire(engine, 30, dry_run=False) == (0, 0)


def test_retention_on_sqlite(tmp_path) -> None:
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    check_retention(store, sa.create_engine(f"sqlite:///{path}"))


@pytest.mark.postgres
def test_retention_on_postgresql(postgres_store) -> None:
    store, engine = postgres_store
    check_retention(store, engine)
