"""Measurement periods: how a period is written for each measurement frequency, and the days it covers.

| frequency        | written      | covers                                   |
|------------------|--------------|------------------------------------------|
| shift, daily     | `2026-04-13` | that day (a shift's figures are reported per day) |
| weekly           | `2026-W15`   | ISO week 15, Monday to Sunday            |
| biweekly         | `2026-W15`   | the two weeks that start with ISO week 15 |
| monthly          | `2026-04`    | the calendar month                       |
| quarterly        | `2026-Q2`    | the calendar quarter                     |
| yearly           | `2026`       | the calendar year                        |

A biweekly period is named by its first week, as reporting tools that export fortnights do. Any week is
read; when the checker itself needs the fortnight a day falls in (is a figure overdue?), fortnights start
on odd-numbered ISO weeks.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from msgspec import Struct

# Frequency -> (pattern, example), for parsing and for saying what to write. ASCII: `\d` would take any
# script's digits.
FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "shift": (re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII), "2026-04-13"),
    "daily": (re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII), "2026-04-13"),
    "weekly": (re.compile(r"(\d{4})-W(\d{2})", re.ASCII), "2026-W15"),
    "biweekly": (re.compile(r"(\d{4})-W(\d{2})", re.ASCII), "2026-W15"),
    "monthly": (re.compile(r"(\d{4})-(\d{2})", re.ASCII), "2026-04"),
    "quarterly": (re.compile(r"(\d{4})-Q([1-4])", re.ASCII), "2026-Q2"),
    "yearly": (re.compile(r"(\d{4})", re.ASCII), "2026"),
}


class Period(Struct, frozen=True, order=True):
    """The days a measurement covers, first to last inclusive, and the period as written."""

    start: dt.date
    end: dt.date
    text: str


# The years a period may fall in (and, a year inside, a check's day: `--today`): wider than any handover, and
# far enough from Python's last day (9999-12-31) that the periods around one exist.
FIRST_YEAR, LAST_YEAR = 1900, 9000


# A row's period is read by several rules, the scorecard and the site, and a portfolio repeats the same
# weeks and months in every file: parse each (text, frequency) once. The size bounds hostile files.
@functools.lru_cache(maxsize=8192)
def parse(text: str, frequency: str) -> Period | None:
    """The period `text` names for a KPI measured at `frequency`, or None when it is not written that way
    or names no real day, week or month (2026-02-30, 2026-W54, 2026-13)."""
    form = FORMS.get(frequency)
    if form is None:
        return None
    match = form[0].fullmatch(text)
    if match is None:
        return None
    numbers = [int(group) for group in match.groups()]
    if not FIRST_YEAR <= numbers[0] <= LAST_YEAR:
        return None  # figures of another age are a typo of the year; and periods near year 9999 overflow
    try:
        if frequency in ("shift", "daily"):
            day = dt.date(*numbers)
            return Period(day, day, text)
        if frequency in ("weekly", "biweekly"):
            start = dt.date.fromisocalendar(numbers[0], numbers[1], 1)
            weeks = 2 if frequency == "biweekly" else 1
            return Period(start, start + dt.timedelta(days=7 * weeks - 1), text)
        if frequency == "monthly":
            year, month = numbers
            return Period(dt.date(year, month, 1), _month_end(year, month), text)
        if frequency == "quarterly":
            year, quarter = numbers
            return Period(dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), text)
        (year,) = numbers
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def example(frequency: str) -> str:
    """How a period is written at this frequency, for a finding's hint."""
    return FORMS[frequency][1] if frequency in FORMS else FORMS["monthly"][1]


def containing(day: dt.date, frequency: str) -> Period:
    """The period of this frequency that `day` falls in (for biweekly: the fortnight starting the week
    before `day`'s week when that week's number is even, so fortnights start on odd ISO weeks)."""
    if frequency in ("shift", "daily"):
        text = day.isoformat()
    elif frequency in ("weekly", "biweekly"):
        year, week, _ = day.isocalendar()
        if frequency == "biweekly" and week % 2 == 0:
            year, week, _ = (day - dt.timedelta(days=7)).isocalendar()
        text = f"{year}-W{week:02d}"
    elif frequency == "quarterly":
        text = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    elif frequency == "yearly":
        text = str(day.year)
    else:
        text = f"{day.year}-{day.month:02d}"
    period = parse(text, frequency if frequency in FORMS else "monthly")
    assert period is not None  # every text above is well formed
    return period


def previous(period: Period, frequency: str) -> Period:
    """The period just before `period`."""
    return containing(period.start - dt.timedelta(days=1), frequency)
