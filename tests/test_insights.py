"""The partnership's insights on a seeded tracker store (tests/insights_seed.py), on SQLite and
on the PostgreSQL of this machine (a throwaway database, skipped when it is not reachable):
exact counts, small counts withheld, no message text in any output, and the daily counts
outliving retention."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from bot.core.insights import day_of, report
from bot.knowledge import knowledge
from bot.privacy import aggregates
from bot.privacy.retention import expire
from bot.web.insights import insights_csv, insights_html, insights_markdown
from tests.insights_seed import (
    Q_A,
    Q_B,
    Q_C,
    Q_D,
    SECRET,
    expected,
    first_monday,
    save,
    seed_conversations,
)

TODAY = day_of(dt.datetime.now(dt.timezone.utc).timestamp())
MONDAY = first_monday(TODAY)
PERIOD = (MONDAY, MONDAY + dt.timedelta(weeks=3))


def outputs(figures: dict) -> dict:
    kb = knowledge()
    return {
        "json": json.dumps(figures),
        "html": insights_html(figures, kb),
        "md": insights_markdown(figures, kb),
        "csv": insights_csv(figures, kb),
    }


def check_insights(store: SQLTrackerStore, engine: sa.engine.Engine) -> None:
    save(store, seed_conversations(TODAY))
    figures = aggregates.insights_report(engine, *PERIOD)
    assert figures == expected(MONDAY)

    # No text: not what the practitioner typed, the bot said or the slots kept.
    for fmt, text in outputs(figures).items():
        assert SECRET not in text, fmt
    assert "&lt;5" in outputs(figures)["html"] and ",<5" in outputs(figures)["csv"]

    # Days written, then the conversations deleted: the same figures, from the daily counts.
    # every whole day from the seed's first (its first week's Tuesday) to yesterday: on a Monday
    # that is 48, which the earlier ">= 49" failed (CI on Monday 7 December)
    assert aggregates.record_days(engine, TODAY) == (TODAY - MONDAY).days - 1
    assert aggregates.record_days(engine, TODAY) == 0  # each day once
    assert expire(engine, 30, dry_run=False)[0] == 23
    with engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from events")).scalar() == 0
    assert aggregates.insights_report(engine, *PERIOD) == figures


def test_insights_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    check_insights(store, sa.create_engine(f"sqlite:///{path}"))


@pytest.mark.postgres
def test_insights_on_postgresql(postgres_store) -> None:
    store, engine = postgres_store
    check_insights(store, engine)


def test_the_sql_reads_no_text(tmp_path: Path) -> None:
    """What the query brings out of the database: ids, names and times, never the text."""
    path = tmp_path / "tracker.db"
    save(SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path)), seed_conversations(TODAY))
    read = list(aggregates.facts(sa.create_engine(f"sqlite:///{path}"), *PERIOD))
    assert len(read) > 300
    assert not [f for f in read if any(SECRET in str(v) for v in f)]
    assert {f.slot_value for f in read} == {None, Q_A, Q_B, Q_C, Q_D}


def test_small_counts_are_withheld_at_the_configured_threshold() -> None:
    day = dt.date(2026, 11, 3)
    counts = {
        (day, ("question", "q", "asked")): 4,
        (day, ("question", "q", "yes")): 3,
        (day, ("question", "q", "no")): 0,
        (day, ("safety", "", "shown")): 2,
        (day, ("conversations", "", "started")): 5,
    }
    at_5 = report(counts, day, day + dt.timedelta(days=1), min_count=5)
    assert at_5["questions"][0]["asked"] is None and at_5["questions"][0]["no"] == 0
    assert at_5["safety_replies"] is None and at_5["conversations"]["total"] == 5
    at_3 = report(counts, day, day + dt.timedelta(days=1), min_count=3)
    assert at_3["questions"][0]["asked"] == 4 and at_3["questions"][0]["yes"] == 3
    assert at_3["safety_replies"] is None


def test_the_threshold_is_read_from_reflect_yml(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from bot.settings import tunables

    monkeypatch.setitem(tunables(), "insights", {**tunables()["insights"], "min_count": 2})
    path = tmp_path / "tracker.db"
    save(SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path)), seed_conversations(TODAY))
    figures = aggregates.insights_report(sa.create_engine(f"sqlite:///{path}"), *PERIOD)
    assert figures["min_count"] == 2
    assert figures["conversations"]["by_week"][1]["count"] == 3
    assert figures["signposts"] == [{"signpost": "escalation_policy", "asked_for": 6, "offered": 2}]


def test_the_command_line(tmp_path: Path) -> None:
    """``python -m bot insights`` on the store REFLECT_DATA_DIR holds, as Markdown and CSV."""
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    save(store, seed_conversations(TODAY))
    env = {"REFLECT_DATA_DIR": str(tmp_path), "PYTHONPATH": str(Path.cwd())}
    for fmt in ("md", "csv"):
        run = subprocess.run(
            [sys.executable, "-m", "bot", "insights", "--since", PERIOD[0].isoformat()]
            + ["--until", PERIOD[1].isoformat(), "--format", fmt],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        assert SECRET not in run.stdout
        if fmt == "md":
            assert "- conversations: 20" in run.stdout
            assert "| " + (MONDAY + dt.timedelta(weeks=2)).isoformat() + " | * |" in run.stdout
            assert "| The child's voice and lived experience | 0 | 6 |" in run.stdout
        else:
            assert "safety,,,shown,safety replies,6" in run.stdout
            rows = list(csv.reader(io.StringIO(run.stdout)))
            assert ["questions", Q_A, knowledge().question(Q_A).text, "no", "no", "<5"] in rows


def test_the_period_never_reaches_today() -> None:
    import datetime as dt

    today = dt.datetime.now(dt.timezone.utc).date()
    since, until = aggregates.period(today - dt.timedelta(days=3), today + dt.timedelta(days=3))
    assert until == today and since == today - dt.timedelta(days=3)


def test_the_nudges_answer_is_part_of_the_action_not_a_step() -> None:
    from bot.core.insights import STEP, EventFacts, figures

    def answer(stage: str) -> EventFacts:
        return EventFacts("c", 1.7e9, "bot", kind="answer", mode="supervision", stage=stage)

    keys = [key for _, key in figures([answer("case_brief"), answer("specify"), answer("owner")])]
    assert [k for k in keys if k[0] == STEP] == [(STEP, "case_brief", "answered")]
