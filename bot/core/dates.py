"""Due dates from natural phrases ("by next Friday", "in two weeks", "end of month").

Two well-kept parsers, each covering phrases the other misses: dateparser (UK day-first dates,
"in two weeks", "15 Dec") then parsedatetime ("next Friday", "end of month").
"""

from __future__ import annotations

import datetime as dt
import re

import dateparser
import parsedatetime

# Words around a date that neither parser expects ("by", "before", "the end of the month").
_FILLER = re.compile(r"^\s*(by|before|on|for|until|no later than)\s+|\bthe\b\s*", re.IGNORECASE)
_CALENDAR = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)


def parse_due(text: str, today: dt.date | None = None) -> dt.date | None:
    """The date ``text`` names, relative to ``today``; None when it names no date."""
    today = today or dt.date.today()
    base = dt.datetime.combine(today, dt.time(9))
    for candidate in dict.fromkeys([text.strip(), _FILLER.sub(" ", text).strip()]):
        if not candidate:
            continue
        parsed = dateparser.parse(
            candidate,
            settings={
                "RELATIVE_BASE": base,
                "PREFER_DATES_FROM": "future",
                "DATE_ORDER": "DMY",
            },
        )
        if parsed:
            return parsed.date()
        result, context = _CALENDAR.parseDT(candidate, sourceTime=base)
        if context.hasDate:
            return result.date()
    return None
