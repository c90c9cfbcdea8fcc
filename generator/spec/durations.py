"""Durations as the format writes them (an SLA, a breach term, a notice period): a number and m, h, d or bd
(business days), as `schema.DURATION_PATTERN` says: `15m`, `4h`, `14d`, `2bd`."""

from __future__ import annotations

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
