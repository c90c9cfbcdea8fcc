"""Judging a KPI's measurements against its target and threshold: pure functions, no files, no output.

For each period a value is
- **met** when it reaches the target (at or above it when higher is better, at or below when lower is),
- **breached** when it is past the threshold, on the wrong side of it,
- **at risk** in between: short of the target, not yet past the threshold.

A KPI without a direction takes it from its figures (a target above the threshold means higher is better);
one without a target or a threshold is not judged. On top of the statuses:
- the **streak**: how many periods in a row, up to the latest, are breached (Key 4: see it, then adjust);
- the **trend** over the last `TREND_PERIODS` values: improving, worsening or steady, judged by the slope of
  a least-squares line against the KPI's own tolerance: a line that would cross half the band between
  target and threshold within `TREND_PERIODS` periods is a trend (so a fall from 98.7 to 94 against a
  98/95 band worsens, while the same fall against a 90/60 band is noise);
- **attainment**: the share of periods not breached, per calendar quarter and over the 12 months up to a
  given day; and the number of breached periods per quarter (for a contractual KPI: its SLA breaches).

**Service credits** (`service_credits`): a contractual KPI with a `service_credit` earns the vendor a
credit of `percent` of the monthly fee for each breached period from go-live on (a pilot's figures earn
none), counted in the month the period ends, at most `cap` percent per month for that KPI; all KPIs of
the process together at most the fee's `credit_cap` per month. With the fee's amount the percentages
become money.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from msgspec import Struct

from generator.spec.measurements import Row
from generator.spec.model import Kpi, Process
from generator.spec.periods import Period, parse

MET, AT_RISK, BREACHED = "met", "at risk", "breached"
IMPROVING, WORSENING, STEADY = "improving", "worsening", "steady"
TREND_PERIODS = 6


class Judged(Struct, frozen=True):
    period: Period
    value: float
    status: str
    note: str = ""  # what the measurement file says about the figure (spec-like text: untrusted)


class KpiEvaluation(Struct, frozen=True):
    kpi: str
    points: tuple[Judged, ...]
    streak: int
    trend: str | None
    attainment_by_quarter: dict[str, float]
    attainment_12_months: float | None
    breaches_by_quarter: dict[str, int]

    @property
    def latest(self) -> Judged | None:
        return self.points[-1] if self.points else None


def higher_is_better(kpi: Kpi) -> bool | None:
    if kpi.direction in ("higher-is-better", "lower-is-better"):
        return kpi.direction == "higher-is-better"
    if kpi.target is None or kpi.threshold is None or kpi.target == kpi.threshold:
        return None
    return kpi.target > kpi.threshold


def status(kpi: Kpi, value: float) -> str | None:
    """met, at risk or breached; None when the KPI lacks a target, a threshold or a direction."""
    higher = higher_is_better(kpi)
    if higher is None or kpi.target is None or kpi.threshold is None:
        return None
    sign = 1 if higher else -1
    if sign * (value - kpi.target) >= 0:
        return MET
    if sign * (value - kpi.threshold) < 0:
        return BREACHED
    return AT_RISK


def _trend(kpi: Kpi, points: list[Judged]) -> str | None:
    recent = points[-TREND_PERIODS:]
    higher = higher_is_better(kpi)
    if len(recent) < 3 or higher is None or kpi.target is None or kpi.threshold is None:
        return None
    xs = range(len(recent))
    mean_x = sum(xs) / len(recent)
    mean_y = sum(p.value for p in recent) / len(recent)
    slope = sum((x - mean_x) * (p.value - mean_y) for x, p in zip(xs, recent, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    tolerance = abs(kpi.target - kpi.threshold) / 2 / TREND_PERIODS
    if abs(slope) <= tolerance:
        return STEADY
    return IMPROVING if (slope > 0) == higher else WORSENING


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def attainment(points: list[Judged] | tuple[Judged, ...]) -> float | None:
    """The share of judged periods not breached; None when there are none."""
    return sum(p.status != BREACHED for p in points) / len(points) if points else None


def figures(kpi: Kpi, rows: Iterable[Row]) -> list[tuple[Period, float, str]]:
    """The KPI's (period, value, note) from measurement rows: its own rows whose period is written for its
    frequency (the check reports the others)."""
    frequency = kpi.measurement.frequency if kpi.measurement else None
    if not frequency:
        return []
    found = ((parse(row.period, frequency), row.value, row.note) for row in rows if row.kpi == kpi.id)
    return [(period, value, note) for period, value, note in found if period is not None]


def evaluate_process(process: Process, rows: Iterable[Row], today: dt.date) -> dict[str, KpiEvaluation]:
    """The evaluation of each KPI of a process with a frequency, by KPI id, from its measurement rows."""
    rows = tuple(rows)
    return {
        kpi.id: evaluate(kpi, figures(kpi, rows), today)
        for kpi in process.kpis
        if kpi.measurement and kpi.measurement.frequency
    }


def evaluate(kpi: Kpi, values: Iterable[tuple], today: dt.date) -> KpiEvaluation:
    """The evaluation of one KPI from its (period, value) or (period, value, note) figures, in any order;
    periods that end after `today` are left out (they are not over yet)."""
    points = [
        Judged(period, value, status_, note[0] if note else "")
        for period, value, *note in sorted(values, key=lambda figure: figure[:2])
        if period.end <= today and (status_ := status(kpi, value)) is not None
    ]
    streak = 0
    for point in reversed(points):
        if point.status != BREACHED:
            break
        streak += 1
    by_quarter, breaches = quarters(points)
    last_12 = [p for p in points if p.period.start > today - dt.timedelta(days=365)]
    return KpiEvaluation(
        kpi=kpi.id,
        points=tuple(points),
        streak=streak,
        trend=_trend(kpi, points),
        attainment_by_quarter=by_quarter,
        attainment_12_months=attainment(last_12),
        breaches_by_quarter=breaches,
    )


def quarters(points: Iterable[Judged]) -> tuple[dict[str, float], dict[str, int]]:
    """Per quarter (by the day each period starts): the share of periods not breached, and the breaches."""
    grouped: dict[str, list[Judged]] = {}
    for point in points:
        grouped.setdefault(_quarter(point.period.start), []).append(point)
    return (
        {q: attainment(ps) for q, ps in grouped.items()},
        {q: sum(p.status == BREACHED for p in ps) for q, ps in grouped.items()},
    )


def under_contract(process: Process, point: Judged) -> bool:
    """Whether the period counts against the SLA: it starts on or after go-live (a pilot is not the contract's
    service yet). Service credits and the vendor's SLA scorecard count only these."""
    go_live = process.transition.go_live if process.transition else None
    return not isinstance(go_live, dt.date) or point.period.start >= go_live


class MonthCredit(Struct, frozen=True):
    """The service credits of one process in one month: percent of the monthly fee per KPI (after its
    cap), the total (after the process's cap), and the amount when the fee is known."""

    month: str
    by_kpi: dict[str, float]
    percent: float
    amount: float | None
    currency: str


def service_credits(process: Process, results: Mapping[str, KpiEvaluation]) -> list[MonthCredit]:
    """The credits due per month, oldest first, from the evaluations of the process's KPIs (by KPI id)."""
    months: dict[str, dict[str, float]] = {}
    for kpi in process.kpis:
        credit = kpi.service_credit
        result = results.get(kpi.id)
        if not kpi.contractual or credit is None or credit.percent is None or result is None:
            continue
        for point in result.points:
            if point.status == BREACHED and under_contract(process, point):
                month = months.setdefault(f"{point.period.end:%Y-%m}", {})
                month[kpi.id] = month.get(kpi.id, 0.0) + credit.percent
        for month in months.values():
            if kpi.id in month and credit.cap is not None:
                month[kpi.id] = min(month[kpi.id], credit.cap)
    fee = process.monthly_fee
    lines = []
    for month, by_kpi in sorted(months.items()):
        total = sum(by_kpi.values())
        if fee is not None and fee.credit_cap is not None:
            total = min(total, fee.credit_cap)
        amount = fee.amount * total / 100 if fee is not None and fee.amount is not None else None
        lines.append(MonthCredit(month, by_kpi, total, amount, fee.currency if fee else ""))
    return lines
