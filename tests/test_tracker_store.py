"""bot/rasa_ext/tracker_store.py against Rasa's own SQLTrackerStore on the same SQLite file: the
same trackers, turn after turn, across two "replicas", sessions and deletions behind its back."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import List

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.tracker_store import IncrementalSQLTrackerStore
from bot.settings import PROJECT_DIR
from tests.conftest import run_async

DOMAIN = Domain.load(str(PROJECT_DIR / "domain.yml"))


def stores(path: Path) -> tuple:
    """Two incremental stores (two replicas) and Rasa's own, on one database file."""
    return tuple(
        cls(domain=DOMAIN, dialect="sqlite", db=str(path))
        for cls in (IncrementalSQLTrackerStore, IncrementalSQLTrackerStore, SQLTrackerStore)
    )


def turn(stamp: float, text: str) -> List[Event]:
    return [
        UserUttered(text, {"name": "greet", "confidence": 0.9}, timestamp=stamp),
        ActionExecuted("action_present_theme", timestamp=stamp + 0.1),
        BotUttered("a reply", {"custom": {"kind": "key_message"}}, timestamp=stamp + 0.2),
        SlotSet("current_theme", "information_sharing", timestamp=stamp + 0.3),
        ActionExecuted("action_listen", timestamp=stamp + 0.4),
    ]


def add(store: SQLTrackerStore, sender: str, events: List[Event]) -> None:
    tracker = run_async(store.retrieve(sender)) or DialogueStateTracker(sender, DOMAIN.slots)
    for event in events:
        tracker.update(event)
    run_async(store.save(tracker))


def dumped(store: SQLTrackerStore, sender: str, full: bool = False) -> list | None:
    retrieve = store.retrieve_full_tracker if full else store.retrieve
    tracker = run_async(retrieve(sender))
    return None if tracker is None else [e.as_dict() for e in tracker.events]


def test_the_same_trackers_as_rasa_turn_after_turn_across_replicas(tmp_path: Path) -> None:
    # Each turn is written by one of the two incremental stores or by Rasa's own, in turn.
    a, b, rasa = stores(tmp_path / "tracker.db")
    sender, stamp = str(uuid.uuid4()), time.time() - 1000
    add(a, sender, [ActionExecuted("action_session_start", timestamp=stamp)])
    for index in range(12):
        add((a, b, rasa)[index % 3], sender, turn(stamp + 10 * (index + 1), f"turn {index}"))
        for full in (False, True):
            expected = dumped(rasa, sender, full)
            assert dumped(a, sender, full) == expected and dumped(b, sender, full) == expected
    assert len(dumped(a, sender)) == 1 + 12 * 5


def test_a_new_session_starts_the_tracker_afresh_as_in_rasa(tmp_path: Path) -> None:
    a, _, rasa = stores(tmp_path / "tracker.db")
    sender, stamp = str(uuid.uuid4()), time.time() - 1000
    add(a, sender, [SessionStarted(timestamp=stamp), *turn(stamp + 1, "first session")])
    dumped(a, sender)  # cached now
    add(a, sender, [SessionStarted(timestamp=stamp + 50), *turn(stamp + 51, "second session")])
    latest = dumped(a, sender)
    assert latest == dumped(rasa, sender)
    assert [e.get("text") for e in latest if e["event"] == "user"] == ["second session"]
    assert dumped(a, sender, full=True) == dumped(rasa, sender, full=True)


def test_events_deleted_behind_its_back_are_gone_from_it_too(tmp_path: Path) -> None:
    a, _, rasa = stores(tmp_path / "tracker.db")
    sender, stamp = str(uuid.uuid4()), time.time() - 1000
    add(a, sender, turn(stamp, "kept until the retention command runs"))
    assert dumped(a, sender)
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.begin() as connection:
        connection.execute(sa.text("delete from events where sender_id = :s"), {"s": sender})
    assert dumped(a, sender) is None and dumped(rasa, sender) is None
    add(a, sender, turn(stamp + 100, "a new start"))  # and it carries on from the database
    assert dumped(a, sender) == dumped(rasa, sender)
    assert [e.get("text") for e in dumped(a, sender) if e["event"] == "user"] == ["a new start"]
