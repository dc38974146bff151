"""Due dates from natural phrases ("by next Friday", "in two weeks", "end of month").

Two well-kept parsers, each covering phrases the other misses: dateparser (UK day-first dates,
"in two weeks", "15 Dec") then parsedatetime ("next Friday", "end of month"); public holidays
from the `holidays` library.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache
from typing import FrozenSet

import dateparser
import holidays
import parsedatetime
from dateutil.relativedelta import relativedelta

from bot.settings import tunables

# Words around a date that neither parser expects ("by", "before", "the end of the month").
_FILLER = re.compile(
    r"^\s*(?:(?:by|before|on|for|until|no later than|let'?s say|lets say|how about|make it|say|"
    r"maybe|probably|around|about|like|ie|so|and|then|ideally)\s+)+"
    r"|\bthe\b\s*",
    re.IGNORECASE,
)
# Said after a date, no part of it ("17th then": a trial's was kept as "date to confirm")
_SIGN_OFF = re.compile(
    r"[\s,]+(?:then|please|pls|plz|thanks|thank you|ta|ok|okay|cheers|x+)[\s.!]*$", re.IGNORECASE
)
_CALENDAR = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)


# An occasion rather than a date: "at the next visit", "by the next core group" (trials' were
# read as "skip", or left in the action's words)
OCCASION = re.compile(
    r"\b(?:(?:(?:at|by|before|for|on|after)\s+)?(?:the\s+)?(?:next|following)\s+"
    # "before the strat", "by the rcpc": a meeting named with "the" (a trial's was unread)
    r"|(?:at|by|before|for|after)\s+the\s+)(?:home\s+|joint\s+)?"
    r"(?:visit|meeting|core group|cin meeting|cin review|review|appointment|conference|session|"
    r"contact|strat(?:egy)?(?: meeting| discussion)?|supervision|clinic|school day|rcpc|icpc|"
    r"cp conference|lac review|panel|hearing)\b",
    re.IGNORECASE,
)


def occasion(text: str) -> str | None:
    """ "next visit" for "same, at the next visit": the occasion ``text`` names as when, if any."""
    said = OCCASION.search(text)
    if not said:
        return None
    if not re.search(r"\b(?:next|following)\b", said.group(0), re.I):
        return said.group(0)  # "before the strat": as said
    return re.sub(
        r"^(?:(?:at|by|before|for|on|after)\s+)?(?:the\s+)?", "", said.group(0), flags=re.I
    )


def long_date(day: dt.date, weekday: bool = False) -> str:
    """ "11 December 2026" (or "Friday 11 December 2026"), as records and replies write it."""
    return f"{day.strftime('%A') + ' ' if weekday else ''}{day.day} {day.strftime('%B %Y')}"


def parse_due(text: str, today: dt.date | None = None) -> dt.date | None:
    """The date ``text`` names, relative to ``today``; None when it names no date.

    Said two ways ("in 2 weeks, fri 18th"), the day named wins over the span counted; a span
    with a weekday ("in two weeks on the friday") is that weekday in the span's week."""
    today = today or dt.date.today()
    text = _SIGN_OFF.sub("", text) or text  # "17th then", "friday please"
    end_of_week = _END_OF_WEEK.search(text)
    if end_of_week:  # "end of the week": this week's Friday; "end of next wk": next week's
        friday = today + dt.timedelta(days=(4 - today.weekday()) % 7)
        # at a weekend, the coming week is the next one already
        later = end_of_week["next"] and today.weekday() < 5
        return friday + dt.timedelta(weeks=1) if later else friday
    end = _END_OF.search(text)
    if end:  # "end of jan", "end of next month": the parsers read the month's first day or none
        return _end_of(end, today)
    counted = _WORKING_DAYS.search(text)
    if counted:  # "within 5 working days": counted over weekends and bank holidays
        return add_working_days(today, _COUNTS.get(counted["n"].lower()) or int(counted["n"]))
    parts = [p for p in _PARTS.split(text) if p.strip()]
    month = next((m for m in map(_MONTH.search, parts) if m), None)
    bare_day = next(
        (p for p in parts if _DAY_OF_MONTH_ONLY.fullmatch(_FILLER.sub(" ", p).strip())), ""
    )
    if month and bare_day:  # "mid jan, 15th": the day in the month said beside it
        day = _parse_one(f"{_FILLER.sub(' ', bare_day).strip()} {month.group(0)}", today)
        if day is not None:
            return day
    mid = _MID_MONTH.fullmatch(_FILLER.sub(" ", text).strip())
    if mid:  # "mid jan": the 15th
        return _parse_one(f"15 {mid.group('month')}", today)
    if len(parts) > 1:
        named = [p for p in parts if _NAMED_DAY.search(p)]
        dated = [p for p in named if re.search(r"\d", p)]
        for part in dated or named:
            day = _parse_one(part, today)
            if day is None:
                continue
            spans = [p for p in parts if p not in named]
            span_day = _parse_one(spans[0], today) if spans and not dated else None
            if span_day is not None and _WEEKDAY.fullmatch(_FILLER.sub(" ", part).strip()):
                # the named weekday in the week the span ends in
                return span_day + dt.timedelta(days=day.weekday() - span_day.weekday())
            return day
    whole = _parse_one(text, today)
    if (whole is None or whole < today) and len(parts) > 1:
        # "6 wks, after the core group": the part that is a date; "6 wks, before the RCPC" is
        # not six weeks ago (a trial's review was "already passed")
        found = [d for d in (_parse_one(p, today) for p in parts) if d is not None]
        return next((d for d in found if d >= today), whole or next(iter(found), None))
    return whole


# Practitioners' shorthand for spans, written out for the parsers ("6 wks", "6/52", "a fortnight")
_SHORTHAND = [
    (re.compile(r"\b(\d{1,2})\s*/\s*52\b"), r"\1 weeks"),
    # "in 6/12" is six months; "by 18/12" is the 18th of December (a trial's went to 2028)
    (
        re.compile(r"\b(in|within|for|after|over|review)\s+(\d{1,2})\s*/\s*12\b", re.I),
        r"\1 \2 months",
    ),
    (re.compile(r"\bwks?\b", re.IGNORECASE), "weeks"),
    (re.compile(r"\b(?:mths?|mnths?|mos)\b", re.IGNORECASE), "months"),
    (re.compile(r"\b(?:a|one)\s+fortnight\b", re.IGNORECASE), "2 weeks"),
    (re.compile(r"\bfortnight\b", re.IGNORECASE), "2 weeks"),
    (re.compile(r"\b(?:tmrw|tmw|tomoz|2moro|2morrow|tomorow)\b", re.IGNORECASE), "tomorrow"),
    # "by weds", "thurs": the parsers know "wed" and "thu" only
    (re.compile(r"\btues\b", re.IGNORECASE), "tuesday"),
    (re.compile(r"\bweds\b", re.IGNORECASE), "wednesday"),
    (re.compile(r"\bthur?s\b", re.IGNORECASE), "thursday"),
    # "by xmas": before Christmas Day (a terminal trial's was left "date to confirm")
    (re.compile(r"\b(by|before)\s+(?:xmas|x-mas|christmas|chrimbo)\b", re.I), r"\1 24 december"),
]


def _written_out(text: str) -> str:
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    return text


def _parse_one(text: str, today: dt.date) -> dt.date | None:
    text = _written_out(text)
    base = dt.datetime.combine(today, dt.time(9))
    # without fillers first: "say tues 29th" read whole is next Tuesday
    for candidate in dict.fromkeys([_FILLER.sub(" ", text).strip(), text.strip()]):
        if not candidate:
            continue
        parsed = dateparser.parse(
            candidate,
            languages=["en"],  # guessing the language, "do" and "me" were read as weekdays
            settings={
                "RELATIVE_BASE": base,
                "PREFER_DATES_FROM": "future",
                "DATE_ORDER": "DMY",
            },
        )
        if parsed:
            return _never_gone(parsed.date(), candidate, today)
        result, context = _CALENDAR.parseDT(candidate, sourceTime=base)
        if context.hasDate:
            return _never_gone(result.date(), candidate, today)
    return None


def _never_gone(day: dt.date, said: str, today: dt.date) -> dt.date:
    """A day said without its month or week read as the one to come, never one gone."""
    bare = _FILLER.sub(" ", said).strip()
    if day < today and _DAY_OF_MONTH_ONLY.fullmatch(bare):
        # "fri 18th" said on the 26th means next month's 18th
        return day + relativedelta(months=1)
    if day < today and _THIS_WEEKDAY.fullmatch(bare):
        # "this friday" said on a Sunday is the Friday coming
        return day + dt.timedelta(days=7 * ((today - day).days // 7 + 1))
    return day


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = re.compile(rf"\b(?:{'|'.join(_MONTHS)})[a-z]*\b", re.IGNORECASE)
_END_OF = re.compile(
    r"\bend\s+of\s+(?:the\s+)?(?:(?P<next>next\s+)?month|"
    rf"(?P<month>{'|'.join(_MONTHS)})[a-z]*)\b",
    re.IGNORECASE,
)


_END_OF_WEEK = re.compile(
    r"\bend\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?(?:week|wk)\b"
    # "this week" as a deadline: its Friday (a trial's "asap, this week" was today)
    r"|^\W*(?:by\s+|within\s+)?this\s+(?:week|wk)\W*$",
    re.IGNORECASE,
)


def _end_of(said: re.Match[str], today: dt.date) -> dt.date:
    """The last day of the month ``said`` names ("end of jan" in December: next January's)."""
    if said["month"]:
        month = _MONTHS.index(said["month"].lower()[:3]) + 1
        year = today.year + (month < today.month)
    else:
        ahead = 1 if said["next"] else 0
        month, year = (today.month + ahead - 1) % 12 + 1, today.year + (today.month + ahead > 12)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_MID_MONTH = re.compile(r"(?:the\s+)?mid(?:dle of|-|\s)\s*(?P<month>[a-z]+)", re.IGNORECASE)

# Where a date said two ways splits ("in 2 weeks, fri 18th", "2 weeks - 18th dec", "on the fri")
_PARTS = re.compile(r"\s*[,;]\s*|\s+-\s+|\s+(?:or|on|ie|i\.e\.)\s+", re.IGNORECASE)
# A day of the month with no month or year ("18th", "fri 18th")
_DAY_OF_MONTH_ONLY = re.compile(
    r"(?:(?:mon(?!th)|tue|wed|thu|fri|sat|sun)[a-z]*\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"(?:mon(?!th)|tue|wed|thu|fri|sat|sun)[a-z]*", re.IGNORECASE)
_THIS_WEEKDAY = re.compile(
    r"(?:this\s+|coming\s+|this\s+coming\s+)?(?:mon(?!th)|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s+coming)?",
    re.IGNORECASE,
)

# A phrase that names the day itself ("Sunday 10 January", "10/1", "next friday", "tomorrow"),
# as against one Reflect works the day out from ("in 4 weeks", "end of month").
_NAMED_DAY = re.compile(
    r"\b(?:mon(?!th)|tue|wed|thu|fri|sat|sun)[a-z]*\b|\btoday\b|\btomorrow\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b",
    re.IGNORECASE,
)


def names_a_day(text: str) -> bool:
    """Whether ``text`` names its day rather than a span Reflect counts ("in 4 weeks")."""
    return _NAMED_DAY.search(_written_out(text)) is not None


@cache
def _holidays(year: int) -> FrozenSet[dt.date]:
    """The public holidays of reflect.yml's `calendar` in ``year``."""
    calendar = tunables().get("calendar") or {}
    found = holidays.country_holidays(
        calendar.get("country", "GB"), subdiv=calendar.get("subdivision"), years=year
    )
    return frozenset(found)


_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_COUNTS = {w: i for i, w in enumerate(_NUMBER_WORDS, 1)}
_WORKING_DAYS = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{'|'.join(_COUNTS)})\s+(?:working|business|work)\s+days?\b", re.I
)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days after ``day``."""
    while count > 0:
        day += dt.timedelta(days=1)
        count -= is_working_day(day)
    return day


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_day(day: dt.date) -> dt.date:
    """``day``, or the next working day when it falls on a weekend or a public holiday."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def due_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The due date ``text`` names: a deadline worked out ("within 2 weeks", "next week") that
    lands on a weekend or a public holiday is the working day before, still inside the span; a
    day named is kept."""
    today = today or dt.date.today()
    day = parse_due(text, today)
    if day is None or names_a_day(text):
        return day
    while not is_working_day(day) and day > today:  # "within 3 weeks" of 4 Dec: not Christmas
        day -= dt.timedelta(days=1)
    return day


def review_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The review date ``text`` names: a day worked out ("in 4 weeks", "end of month") is
    moved off a weekend; a day the practitioner names is kept as named."""
    day = parse_due(text, today)
    if day is None or names_a_day(text):
        return day
    return working_day(day)
