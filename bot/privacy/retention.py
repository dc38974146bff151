"""Deleting old conversations: by the server itself, daily, and by
``python -m bot retention [--days N] [--dry-run]``.

Before anything is deleted, the insights' daily counts are written (bot/privacy/aggregates.py),
so they outlive the conversations. A conversation is deleted, all its events, when its newest
event is older than N days (default in reflect.yml). Works on whichever SQL tracker store the
environment selects (SQLite by default, PostgreSQL with REFLECT_TRACKER_DB_URL); the dry run only
counts. Several replicas may each run it: a deletion done twice deletes nothing the second time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any, Tuple

import sqlalchemy as sa

from bot.privacy.aggregates import record_days
from bot.rasa_ext.endpoints import database_url
from bot.settings import deployment, tunables


def expire(engine: sa.engine.Engine, days: int, dry_run: bool) -> Tuple[int, int]:
    """(conversations, events) older than ``days``; deleted unless ``dry_run``, after the
    insights' daily counts of every whole day are written (bot/privacy/aggregates.py)."""
    cutoff = time.time() - days * 86400
    if not sa.inspect(engine).has_table("events"):
        return 0, 0
    if not dry_run:
        record_days(engine)
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


async def retention_in_server(app: Any, _: Any) -> None:
    """A Sanic ``after_server_start`` listener: expire conversations now and then every
    ``privacy.retention_every_hours`` (0 turns it off), in a thread, until the server stops
    (``stop_retention``). Only counts are logged."""
    hours = tunables()["privacy"].get("retention_every_hours", 0)
    if hours > 0:
        app.ctx.retention = asyncio.create_task(_expire_every(hours * 3600))


async def stop_retention(app: Any, _: Any) -> None:
    """A Sanic ``before_server_stop`` listener."""
    task = getattr(app.ctx, "retention", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _expire_every(seconds: float) -> None:
    logger = logging.getLogger(__name__)
    days = tunables()["privacy"]["retention_days"]
    engine = sa.create_engine(database_url(deployment()))
    while True:
        try:
            conversations, events = await asyncio.get_running_loop().run_in_executor(
                None, expire, engine, days, False
            )
            logger.info(f"retention: deleted {conversations} conversation(s), {events} event(s)")
        except sa.exc.SQLAlchemyError as problem:  # a store that is down now may be back later
            logger.error(f"retention: could not expire conversations ({type(problem).__name__})")
        await asyncio.sleep(seconds)
