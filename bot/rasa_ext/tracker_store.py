"""Rasa's SQL tracker store, reading only the events it has not read yet.

Rasa's ``SQLTrackerStore`` reads a conversation's whole session from the database on every
turn, through the ORM: at turn 200 that was most of the turn's time, and the reason turn latency
grew with conversation length. This subclass keeps each recent conversation's stored events in
memory and asks the database only for rows newer than the last one it has, plus their count,
which also catches events deleted behind its back (the retention command, another replica):
any mismatch and it reads the conversation afresh. Writing is Rasa's, except that the number of
events already stored comes from the same incremental read. The database stays the only source
of truth, so replicas can share it as before.

Each stored event is parsed once, when first read. The trackers built from the cache share
those event objects, as the trackers Rasa copies from one another already do: Rasa treats an
event as immutable once created.

The cache holds what the database holds: redacted text only (bot/channels/guard.py).
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterator, List

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import Session

# Conversations kept in memory per server; the least recently used is dropped first.
MAX_CONVERSATIONS = 500


@dataclass
class _Stored:
    last_id: int = 0
    rows: int = 0
    events: List[Event] = field(default_factory=list)


class IncrementalSQLTrackerStore(SQLTrackerStore):
    """Named in the endpoints (bot/rasa_ext/endpoints.py), for SQLite and PostgreSQL alike."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stored: OrderedDict[str, _Stored] = OrderedDict()

    def _events(self, session: Session, sender_id: str) -> List[Event]:
        """All stored events of the conversation, oldest first, reading only what is new."""
        table = self.SQLEvent
        stored = self._stored.pop(sender_id, None) or _Stored()

        def rows_after(last_id: int) -> List[Any]:
            query = session.query(table.id, table.data)
            query = query.filter(table.sender_id == sender_id, table.id > last_id)
            return query.order_by(table.id).all()

        count = session.query(sa.func.count(table.id)).filter(table.sender_id == sender_id).scalar()
        new = rows_after(stored.last_id)
        if stored.rows + len(new) != count:  # rows deleted, or committed out of order
            stored = _Stored()
            new = rows_after(0)  # ids start at 1
        stored.events.extend(deserialise_events([json.loads(data) for _, data in new]))
        stored.rows += len(new)
        if new:
            stored.last_id = new[-1][0]
        if stored.rows:
            self._stored[sender_id] = stored
            while len(self._stored) > MAX_CONVERSATIONS:
                self._stored.popitem(last=False)
        return stored.events

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            events = self._events(session, sender_id)
        if not fetch_events_from_all_sessions:
            events = _latest_session(events)
        if not events or self.domain is None:
            return None
        return DialogueStateTracker.from_events(sender_id, events, self.domain.slots)

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator:
        """The tracker's events not yet stored. Rasa counts the stored events of the latest
        session with a query for the latest session start, which took over half of each turn
        late in a long conversation on PostgreSQL; the same count from the events already read
        costs two indexed lookups."""
        stored = len(_latest_session(self._events(session, tracker.sender_id)))
        return itertools.islice(tracker.events, stored, len(tracker.events))


def _latest_session(events: List[Event]) -> List[Event]:
    """As Rasa's query: events from the latest session start's timestamp on, or all."""
    starts = [e.timestamp for e in events if isinstance(e, SessionStarted)]
    if not starts:
        return events
    latest = max(starts)
    return [e for e in events if e.timestamp >= latest]
