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


def long_date(day: dt.date, weekday: bool = False) -> str:
    """ "11 December 2026" (or "Friday 11 December 2026"), as records and replies write it."""
    return f"{day.strftime('%A') + ' ' if weekday else ''}{day.day} {day.strftime('%B %Y')}"


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


# A phrase that names the day itself ("Sunday 10 January", "10/1", "next friday", "tomorrow"),
# as against one Reflect works the day out from ("in 4 weeks", "end of month").
_NAMED_DAY = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\btoday\b|\btomorrow\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b",
    re.IGNORECASE,
)


def names_a_day(text: str) -> bool:
    """Whether ``text`` names its day rather than a span Reflect counts ("in 4 weeks")."""
    return _NAMED_DAY.search(text) is not None


def working_day(day: dt.date) -> dt.date:
    """``day``, or the Monday after when it falls on a weekend."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def review_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The review date ``text`` names: a day worked out ("in 4 weeks", "end of month") is
    moved off a weekend; a day the practitioner names is kept as named."""
    day = parse_due(text, today)
    if day is None or names_a_day(text):
        return day
    return working_day(day)
