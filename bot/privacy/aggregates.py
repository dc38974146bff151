"""The insights' counts, read from the tracker store by SQL, and kept per day after retention.

Only the fields bot/core/insights.py names are selected, extracted from each event's JSON by
the database itself (SQLite's ``json_extract``, PostgreSQL's ``json_extract_path_text``), each
only for the payload kinds where it is an id: message text never leaves the database this way.

Daily aggregates: ``record_days`` writes the counts of every whole day (UTC) not yet written
into ``reflect_insights_daily`` (one row per day, figure, subject and measure) and marks the day
in ``reflect_insights_days``. Retention (bot/privacy/retention.py) calls it before it deletes
anything, so the counts outlive the conversations. A report reads the written days and counts
the days not yet written from the events.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from typing import Dict, Iterator, List, Set, Tuple

import sqlalchemy as sa

from bot.core import insights
from bot.core.insights import EventFacts, Key
from bot.settings import tunables

_META = sa.MetaData()
DAILY = sa.Table(
    "reflect_insights_daily",
    _META,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("figure", sa.String(40), primary_key=True),
    sa.Column("subject", sa.String(120), primary_key=True),
    sa.Column("measure", sa.String(40), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)
DAYS = sa.Table(
    "reflect_insights_days",
    _META,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("recorded_at", sa.Float, nullable=False),
)
Counts = Dict[Tuple[dt.date, Key], int]


def _stamp(day: dt.date) -> float:
    return float(calendar.timegm(day.timetuple()))


def _json(engine: sa.engine.Engine, column: sa.Column, *path: str) -> sa.sql.ColumnElement:
    if engine.dialect.name == "postgresql":
        return sa.func.json_extract_path_text(sa.cast(column, sa.JSON), *path)
    return sa.func.json_extract(column, "$." + ".".join(path))


def _events_table(engine: sa.engine.Engine) -> sa.Table | None:
    if not sa.inspect(engine).has_table("events"):
        return None
    return sa.Table("events", sa.MetaData(), autoload_with=engine)


def facts(engine: sa.engine.Engine, start: dt.date, end: dt.date) -> Iterator[EventFacts]:
    """The facts (bot/core/insights.py) of every event of each conversation that has an event
    in ``[start, end)``, grouped by conversation, in stored order."""
    events = _events_table(engine)
    if events is None:
        return
    kind = _json(engine, events.c.data, "data", "custom", "kind")
    is_bot = events.c.type_name == "bot"
    columns = [
        events.c.sender_id.label("sender"),
        events.c.timestamp.label("timestamp"),
        events.c.type_name.label("type"),
        events.c.action_name.label("name"),
        events.c.intent_name.label("intent"),
        sa.case(
            (is_bot, _json(engine, events.c.data, "metadata", "utter_action")), else_=None
        ).label("utter"),
        sa.case((is_bot, kind), else_=None).label("kind"),
    ]
    for field, (key, kinds) in insights.PAYLOAD_FIELDS.items():
        value = _json(engine, events.c.data, "data", "custom", key)
        is_id = sa.and_(is_bot, kind.in_(kinds))
        columns.append(sa.case((is_id, value), else_=None).label(field))
    is_id_slot = sa.and_(events.c.type_name == "slot", events.c.action_name.in_(insights.ID_SLOTS))
    value = _json(engine, events.c.data, "value")
    columns.append(sa.case((is_id_slot, value), else_=None).label("slot_value"))
    active = (
        sa.select(events.c.sender_id)
        .where(events.c.timestamp >= _stamp(start), events.c.timestamp < _stamp(end))
        .distinct()
    )
    query = (
        sa.select(*columns)
        .where(events.c.sender_id.in_(active))
        .order_by(events.c.sender_id, events.c.id)
    )
    with engine.connect() as connection:
        for row in connection.execute(query):
            read = row._mapping
            yield EventFacts(
                sender=read["sender"],
                timestamp=read["timestamp"],
                **{
                    name: None if read[name] is None else str(read[name])
                    for name in EventFacts._fields[2:]
                },
            )


def count_events(engine: sa.engine.Engine, start: dt.date, end: dt.date) -> Counts:
    """Counts per day and figure, from the events, for the days in ``[start, end)``."""
    return insights.count_by_day(facts(engine, start, end), (start, end))


def recorded_days(engine: sa.engine.Engine) -> Set[dt.date]:
    if not sa.inspect(engine).has_table(DAYS.name):
        return set()
    with engine.connect() as connection:
        return {dt.date.fromisoformat(d) for (d,) in connection.execute(sa.select(DAYS.c.day))}


def _first_event_day(engine: sa.engine.Engine) -> dt.date | None:
    events = _events_table(engine)
    if events is None:
        return None
    with engine.connect() as connection:
        first = connection.execute(sa.select(sa.func.min(events.c.timestamp))).scalar()
    return None if first is None else insights.day_of(first)


def _days(start: dt.date, end: dt.date) -> List[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days)]


def record_days(engine: sa.engine.Engine, today: dt.date | None = None) -> int:
    """Writes the counts of each whole day before ``today`` (UTC) not written yet; returns how
    many days were written. Several replicas may run it at once: a day another has written is
    left to it."""
    # An hour's grace after midnight: a turn in flight then is stored before its day is written.
    today = today or insights.day_of(time.time() - 3600)
    first = _first_event_day(engine)
    _META.create_all(engine, checkfirst=True)
    done = recorded_days(engine)
    todo = [d for d in _days(first, today) if d not in done] if first else []
    if not todo:
        return 0
    counts = count_events(engine, todo[0], today)
    written = 0
    for day in todo:
        rows = [
            {"day": day.isoformat(), "figure": f, "subject": s, "measure": m, "count": n}
            for (d, (f, s, m)), n in counts.items()
            if d == day
        ]
        try:
            with engine.begin() as connection:
                connection.execute(
                    DAYS.insert(), [{"day": day.isoformat(), "recorded_at": time.time()}]
                )
                if rows:
                    connection.execute(DAILY.insert(), rows)
            written += 1
        except sa.exc.IntegrityError:  # another replica wrote this day first
            continue
    return written


def counts_between(engine: sa.engine.Engine, since: dt.date, until: dt.date) -> Counts:
    """Counts per day and figure for ``[since, until)``: the written days as written, the
    others counted from the events."""
    done = {d for d in recorded_days(engine) if since <= d < until}
    counts: Counts = {}
    if done:
        query = sa.select(DAILY).where(
            DAILY.c.day >= since.isoformat(), DAILY.c.day < until.isoformat()
        )
        with engine.connect() as connection:
            for row in connection.execute(query):
                key = (row.figure, row.subject, row.measure)
                counts[dt.date.fromisoformat(row.day), key] = row.count
    missing = [d for d in _days(since, until) if d not in done]
    if missing:
        for (day, key), n in count_events(engine, missing[0], until).items():
            if day not in done:
                counts[day, key] = n
    return counts


def period(since: dt.date | None, until: dt.date | None) -> Tuple[dt.date, dt.date]:
    """``[since, until)``: whole days up to yesterday (UTC), or to ``until`` if earlier, and
    reflect.yml's ``insights.default_weeks`` back from there unless told. Never today or later:
    a figure that moved while someone watched could follow one practitioner's session."""
    today = insights.day_of(time.time())
    until = min(until or today, today)
    weeks = tunables()["insights"]["default_weeks"]
    return since or until - dt.timedelta(weeks=weeks), until


def insights_report(
    engine: sa.engine.Engine, since: dt.date | None = None, until: dt.date | None = None
) -> Dict[str, object]:
    """The report (bot/core/insights.py ``report``) for the period, small counts withheld at
    reflect.yml's ``insights.min_count``."""
    since, until = period(since, until)
    counts = counts_between(engine, since, until)
    return insights.report(counts, since, until, tunables()["insights"]["min_count"])
