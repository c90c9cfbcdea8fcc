"""Durations as the format writes them (an SLA, a breach term, a notice period): a number and m, h, d or bd
(business days), as `schema.DURATION_PATTERN` says: `15m`, `4h`, `14d`, `2bd`; and spans of the calendar
(`schema.PERIOD_PATTERN`: `30d`, `6w`, `18mo`, `1y`)."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

# The schema's DURATION_PATTERN, with `bd` tried before `d`, split into number and unit.
_PARTS = re.compile(r"(\d+(?:\.\d+)?)(bd|m|h|d)")


def parse(text: str | None) -> tuple[float, str] | None:
    """`4h` as (4.0, "h"), `1.5bd` as (1.5, "bd"); None for anything else."""
    match = _PARTS.fullmatch(str(text or "").strip())
    return (float(match.group(1)), match.group(2)) if match else None


def longest_hours(text: str | None) -> float | None:
    """The longest a duration can last in hours: a business day counted with a weekend it may span."""
    parts = parse(text)
    if parts is None:
        return None
    number, unit = parts
    return {"m": number / 60, "h": number, "d": number * 24, "bd": number * 24 + 48}[unit]


def days_after(day: dt.date, text: str | None) -> dt.date | None:
    """The day a period of `text` that starts on `day` has run its course: `14d` is 14 calendar days later,
    `10bd` the tenth weekday after, hours and minutes count in whole days begun. None when `text` is none."""
    parts = parse(text)
    if parts is None:
        return None
    number, unit = parts
    if unit == "bd":
        left, end = math.ceil(number), day
        while left:
            end += dt.timedelta(days=1)
            left -= end.weekday() < 5
        return end
    hours = {"m": number / 60, "h": number, "d": number * 24}[unit]
    return day + dt.timedelta(days=math.ceil(hours / 24))


_SPAN = re.compile(r"(\d+)(d|w|mo|y)")


def span_after(day: dt.date, text: str | None) -> dt.date | None:
    """The day a span of the calendar (`1y`, `18mo`, `6w`, `30d`) after `day` ends; the 31st of a month
    without one is its last day. None when `text` is no span."""
    match = _SPAN.fullmatch(str(text or "").strip())
    if match is None:
        return None
    number, unit = int(match.group(1)), match.group(2)
    if unit in ("d", "w"):
        return day + dt.timedelta(days=number * (7 if unit == "w" else 1))
    months = day.month - 1 + number * (12 if unit == "y" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
