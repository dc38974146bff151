"""``python -m bot insights [--since DATE] [--until DATE] [--format md|csv]``: the partnership's
insights, as the endpoints serve them, read from the tracker store the environment selects."""

from __future__ import annotations

import datetime as dt
import sys

import sqlalchemy as sa

from bot.knowledge import knowledge
from bot.privacy.aggregates import insights_report
from bot.rasa_ext.endpoints import database_url
from bot.settings import deployment
from bot.web.insights import insights_csv, insights_markdown


def print_insights(since: dt.date | None, until: dt.date | None, fmt: str) -> int:
    if since and until and since >= until:
        print("error: --since must be before --until", file=sys.stderr)
        return 2
    settings = deployment()
    url = database_url(settings)
    if url.get_backend_name() == "sqlite" and not settings.sqlite_path.exists():
        print(f"error: no tracker store at {settings.sqlite_path}", file=sys.stderr)
        return 1
    engine = sa.create_engine(url)
    try:
        report = insights_report(engine, since, until)
    finally:
        engine.dispose()
    render = insights_csv if fmt == "csv" else insights_markdown
    sys.stdout.write(render(report, knowledge()))
    return 0
