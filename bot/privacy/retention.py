"""``python -m bot retention [--days N] [--dry-run]``: delete old conversations.

A conversation is deleted, all its events, when its newest event is older than N days (default
in reflect.yml). Works on whichever SQL tracker store the environment selects (SQLite by
default, PostgreSQL with REFLECT_TRACKER_DB_URL); the dry run only counts.
"""

from __future__ import annotations

import time
from typing import Tuple

import sqlalchemy as sa

from bot.rasa_ext.endpoints import database_url
from bot.settings import deployment, tunables


def expire(engine: sa.engine.Engine, days: int, dry_run: bool) -> Tuple[int, int]:
    """(conversations, events) older than ``days``; deleted unless ``dry_run``."""
    cutoff = time.time() - days * 86400
    if not sa.inspect(engine).has_table("events"):
        return 0, 0
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    stale = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(stale)]
        if not senders:
            return 0, 0
        count = connection.execute(
            sa.select(sa.func.count()).where(events.c.sender_id.in_(senders))
        ).scalar_one()
        if not dry_run:
            connection.execute(sa.delete(events).where(events.c.sender_id.in_(senders)))
    return len(senders), count


def run_retention(days: int | None, dry_run: bool) -> int:
    days = days if days is not None else tunables()["privacy"]["retention_days"]
    if days < 1:
        print("error: --days must be at least 1")
        return 2
    url = database_url(deployment())
    conversations, events = expire(sa.create_engine(url), days, dry_run)
    verb = "would delete" if dry_run else "deleted"
    print(
        f"retention ({url.get_backend_name()}, older than {days} days): {verb} "
        f"{conversations} conversation(s), {events} event(s)"
    )
    return 0
