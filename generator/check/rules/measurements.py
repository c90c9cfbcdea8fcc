"""Measurement files (`process_specs/measurements/<process-id>.csv`, read by `generator/spec/measurements.py`):
figures that belong to a process and a KPI, for periods written as the KPI's frequency says, that have
ended, once each, and that the KPI's unit can hold. A breach is not a finding: CI must not block a spec
change because a vendor missed a target; `playbook scorecard` and the site show breaches.

The examples below show a measurement file after a comment line naming it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import statistics
from collections.abc import Iterator, Sequence

from generator.check.rules.common import refused_entry
from generator.check.rules.registry import declare, rule
from generator.monitor.evaluation import BREACHED, evaluate, figures, status
from generator.spec.findings import Finding, Mark
from generator.spec.measurements import Row
from generator.spec.model import Kpi, PortfolioEntry, Process
from generator.spec.periods import FIRST_YEAR, FORMS, LAST_YEAR, Period, containing, example, parse, previous

declare(
    "M001",
    "measurement_file_not_readable",
    "measurements",
    """What: a measurement file whose header, row or value cannot be read: the header is not
    `kpi,period,value` (with an optional `note`), a row has more or fewer fields, a value is not a plain
    number, or a quote does not close.
    Why: a figure that cannot be read is a figure nobody sees in the scorecard (Key 3: measure regularly).
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85 %
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
    """,
)


def _file(spec: Process, ctx):
    return ctx.measurements.get(spec.id)


def _rows_of_kpis(spec: Process, ctx) -> Iterator[tuple[Row, Kpi]]:
    """The rows of the process's measurement file that name one of its KPIs, with that KPI."""
    file = _file(spec, ctx)
    kpis = {k.id: k for k in spec.kpis}
    for row in file.rows if file else ():
        if row.kpi in kpis:
            yield row, kpis[row.kpi]


@rule("M002", "measurements", completeness=False)
def measurement_of_unknown_kpi(spec: Process, ctx) -> Iterator[Finding]:
    """What: a measurement row names a KPI the process does not declare (one finding per such KPI, at its
    first row, with the number of its rows).
    Why: the figure would belong to nothing: a misspelt KPI id loses the measurement silently.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolutoin,2026-W40,85
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
    """
    file = _file(spec, ctx)
    if file is None:
        return
    known = sorted(k.id for k in spec.kpis)
    # Tried from outside: a KPI renamed in the spec only gave one line per row of its figures, 11 alike
    # before the findings that said what else the rename broke.
    unknown: dict[str, list[Row]] = {}
    for row in file.rows:
        if row.kpi not in known:
            unknown.setdefault(row.kpi, []).append(row)
    for kpi, rows in unknown.items():
        close = difflib.get_close_matches(kpi, known, n=1)
        yield Finding.at(
            rows[0].mark("kpi"),
            f"KPI '{kpi}' is not a KPI of {spec.id}"
            + (f" ({len(rows)} rows, the first here)" if len(rows) > 1 else ""),
            hint=refused_entry(spec, kpi, "kpis", elsewhere=True)
            or (f"did you mean '{close[0]}'?" if close else f"KPIs: {', '.join(known[:20]) or 'none'}"),
        )


# How a period of each frequency is written, and what its numbers may be.
_FORM_WORDS = {
    "shift": ("the day as YYYY-MM-DD", ("day", "write a day of the calendar as YYYY-MM-DD")),
    "daily": ("the day as YYYY-MM-DD", ("day", "write a day of the calendar as YYYY-MM-DD")),
    "weekly": ("the ISO week as YYYY-Www", ("week", "ISO weeks run from W01 to W52, or W53 in some years")),
    "biweekly": ("the ISO week as YYYY-Www", ("week", "ISO weeks run from W01 to W52, or W53 in some years")),
    "monthly": ("the month as YYYY-MM", ("month", "months run from 01 to 12")),
    "quarterly": ("the quarter as YYYY-Qn", ("quarter", "quarters run from Q1 to Q4")),
    "yearly": ("the year as YYYY", ("year", "write the year as YYYY")),
}


@rule("M003", "measurements", completeness=False)
def period_not_written_for_the_frequency(spec: Process, ctx) -> Iterator[Finding]:
    """What: a period that is not written the way the KPI's `measurement.frequency` says (`2026-W15` for
    weekly, `2026-04` for monthly, `2026-Q2` for quarterly, `2026` for yearly, `2026-04-13` for daily and
    per shift), or names no real day, week or month. Periods of another form are one finding per KPI, which
    says which form they are in (a frequency changed in the spec, not in the figures).
    Why: a monthly figure filed under a week, or 2026-02-30, cannot be placed on the KPI's timeline.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-10,85
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
    """
    # Tried from outside: a KPI's frequency changed in the spec (weekly to monthly) gave one error per row of
    # its figures. Periods of another form are one finding per KPI, which says which form they are in.
    other_form: dict[str, tuple[Kpi, list[Row]]] = {}
    for row, kpi in _rows_of_kpis(spec, ctx):
        frequency = kpi.measurement.frequency if kpi.measurement else None
        if not frequency or parse(row.period, frequency) is not None:
            continue
        written = FORMS.get(frequency, FORMS["monthly"])[0].fullmatch(row.period)
        if written and not FIRST_YEAR <= int(written.group(1)) <= LAST_YEAR:
            yield Finding.at(
                row.mark("period"),
                f"period '{row.period}' is in the year {written.group(1)}",
                hint=f"check the year: periods run from {FIRST_YEAR} to {LAST_YEAR}",
            )
        elif written:
            # Written in the right form, but no such period: say what the numbers may be, not a period that
            # reads like the one meant.
            limits = _FORM_WORDS.get(frequency, _FORM_WORDS["monthly"])[1]
            yield Finding.at(row.mark("period"), f"period '{row.period}' names no real {limits[0]}", hint=limits[1])
        else:
            other_form.setdefault(kpi.id, (kpi, []))[1].append(row)
    for kpi, rows in other_form.values():
        frequency = kpi.measurement.frequency  # type: ignore[union-attr]
        form = _FORM_WORDS.get(frequency, _FORM_WORDS["monthly"])[0]
        hint = f"write {form}, e.g. {example(frequency)} (the KPI is measured {frequency})"
        if len(rows) == 1:
            yield Finding.at(rows[0].mark("period"), f"period '{rows[0].period}' is not a {frequency} period", hint)
            continue
        usual = ("daily", "weekly", "monthly", "quarterly", "yearly")
        written = next((f for f in usual if all(parse(r.period, f) for r in rows)), None)
        if written is not None:
            line = kpi.measurement.at("frequency").line  # type: ignore[union-attr]
            hint = f"if the KPI is measured {written}, set its frequency on line {line} to {written}; if not, {hint}"
        yield Finding.at(
            rows[0].mark("period"),
            f"{len(rows)} periods of KPI '{kpi.id}' are not {frequency} periods ('{rows[0].period}' here, the "
            f"first{f'; all are {written} periods' if written else ''})",
            hint=hint,
        )


@rule("M004", "measurements", completeness=False)
def period_not_over(spec: Process, ctx) -> Iterator[Finding]:
    """What: a figure for a period that has not ended on the day of the check (`--today`).
    Why: a figure for the future is a typo in the period, or a forecast where a measurement belongs.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2027-W40,85
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
    """
    for row, kpi in _rows_of_kpis(spec, ctx):
        period = parse(row.period, kpi.measurement.frequency) if kpi.measurement else None
        if period is not None and period.end > ctx.today:
            yield Finding.at(
                row.mark("period"),
                f"period {row.period} ends on {period.end.isoformat()}, after today ({ctx.today.isoformat()})",
                hint="record a figure once its period is over; check the year and the number",
            )


@rule("M005", "measurements", completeness=False)
def period_measured_twice(spec: Process, ctx) -> Iterator[Finding]:
    """What: two figures for one KPI and one period.
    Why: which one counts? The scorecard would have to guess; correct the figure in place instead.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
      first-contact-resolution,2026-W40,87
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,87
    """
    file = _file(spec, ctx)
    if file is None:
        return
    first: dict[tuple[str, str], int] = {}
    for row in file.rows:
        key = (row.kpi, row.period)
        if key in first:
            yield Finding.at(
                row.mark("period"),
                f"{row.kpi} has a figure for {row.period} already, on line {first[key]}",
                hint="keep one row per KPI and period: correct the figure in place",
            )
        else:
            first[key] = row.mark("period").line


_LIMITS = {
    "percent": (0, 100, "a percentage lies between 0 and 100"),
    "count": (0, None, "a count is never negative"),
    "seconds": (0, None, "a duration is never negative"),
    "minutes": (0, None, "a duration is never negative"),
    "hours": (0, None, "a duration is never negative"),
    "days": (0, None, "a duration is never negative"),
    "score": (0, None, "a score is never negative"),
}


@rule("M006", "measurements", completeness=False)
def value_impossible_for_the_unit(spec: Process, ctx) -> Iterator[Finding]:
    """What: a figure the KPI's unit cannot hold: a percentage outside 0-100, a negative count or duration,
    a score below 0 or above the KPI's `scale`.
    Why: such a figure is a slip (a ratio written as 0.85 is fine, 850 is not) that would show as a breach
    or a success nobody earned.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,850
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
    """
    for row, kpi in _rows_of_kpis(spec, ctx):
        if kpi.unit not in _LIMITS:
            continue
        low, high, why = _LIMITS[kpi.unit]
        if kpi.unit == "score" and kpi.scale:
            high, why = kpi.scale, f"the score's scale is 0 to {kpi.scale:g}"
        if row.value < low or (high is not None and row.value > high):
            yield Finding.at(
                row.mark("value"), f"{row.value:g} is not a possible {kpi.unit} figure for {kpi.id}", hint=why
            )


@rule("M007", "measurements", scope="portfolio", completeness=False)
def measurements_of_unknown_process(processes: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: a measurement file whose name is not the id of a process in the playbook.
    Why: its figures would be shown nowhere; the file is named after its process, `<process-id>.csv`.
    Fails:
      # measurements/billing-dispute.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
    """
    known = sorted(p.id for p in processes)
    for process_id, paths in ctx.measurement_files.items():
        # A process file that cannot be read has its own finding; "no such process" would mislead.
        if process_id not in known and process_id not in ctx.unreadable_processes:
            close = difflib.get_close_matches(process_id, known, n=1)
            yield Finding.at(
                Mark(paths[0]),
                f"no process has the id '{process_id}', which this file is named after",
                hint=f"rename it to {close[0]}.csv" if close else "name it <process-id>.csv",
            )


@rule("M014", "measurements", scope="portfolio", completeness=False)
def second_measurement_file(processes: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: two measurement files of one process (`<process-id>.csv` in two `measurements/` folders of the
    checked folders). The first in path order is read; the finding is on each other one.
    Why: the figures of the second file would be shown nowhere and checked by no rule: a breach written
    there is a breach nobody sees. One process keeps its figures in one file.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
      # teams/measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W41,86
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
      first-contact-resolution,2026-W41,86
    """
    for process_id, paths in ctx.measurement_files.items():
        for path in paths[1:]:
            yield Finding.at(
                Mark(path),
                f"a second measurement file of process '{process_id}': its figures are read from {paths[0]} "
                "alone, so these are shown nowhere",
                hint=f"move these rows into {paths[0]} and delete this file",
            )


def _measured_since(spec: Process):
    """The day the vendor began the work, from which figures are due: the pilot's start, else go-live."""
    transition = spec.transition
    if transition is None:
        return None
    if transition.pilot is not None and transition.pilot.start is not None:
        return transition.pilot.start
    return transition.go_live


def _last_two_periods(kpi: Kpi, today, since) -> list[Period]:
    """The KPI's last two periods that ended before `today`, when both began on or after `since`."""
    frequency = kpi.measurement.frequency if kpi.measurement else None
    if frequency not in FORMS:
        return []
    last = previous(containing(today, frequency), frequency)
    before = previous(last, frequency)
    return [before, last] if since is None or before.start >= since else []


@rule("M008", "measurements", severity="warning", completeness=False)
def measurement_overdue(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process in pilot or live with a KPI that has no figure for either of its last two periods
    that ended before the day of the check (`--today`), counting from the day the vendor began the work
    (the pilot's start, or go-live without a pilot). A live process with no measurement file at all is one
    finding. A warning: the spec is not wrong, the monitoring is behind.
    Why: Key 3 asks to check progress against the KPIs regularly; a KPI nobody has measured for two
    periods is a KPI nobody watches, and a breach goes unseen. One period of grace leaves time to export
    last week's report.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W44,86
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W44,86
      first-contact-resolution,2026-W47,88
    """
    if spec.status not in ("pilot", "live"):
        return
    since = _measured_since(spec)
    due = [(kpi, periods) for kpi in spec.kpis if (periods := _last_two_periods(kpi, ctx.today, since))]
    file = _file(spec, ctx)
    if file is not None and not file.readable:
        return  # M001 or Y004 says why; "no figure" would send the owner to add what is there
    if file is None:
        if due:
            yield Finding.at(
                spec.at("kpis"),
                f"{spec.id} is {spec.status} but no figure of its KPIs is recorded",
                hint=f"add measurements/{spec.id}.csv beside the specs, header kpi,period,value, one row per "
                f"KPI and period (e.g. {due[0][0].id},{due[0][1][1].text},...)",
            )
        return
    for kpi, periods in due:
        covered = [figure[0] for figure in figures(kpi, file.rows)]
        if not any(m.start <= p.end and p.start <= m.end for p in periods for m in covered):
            latest = max(covered, default=None)
            yield Finding.at(
                kpi.at("id"),
                f"KPI {kpi.id} has no figure for {periods[0].text} or {periods[1].text}"
                + (f"; the latest is for {latest.text}" if latest else ""),
                hint=f"add its {kpi.measurement.frequency} figures to measurements/{spec.id}.csv "
                f"(from {kpi.measurement.source or 'its source'})",
            )


def _open_actions(spec: Process, today) -> dict[str, list]:
    """KPI id -> the actions on it that are open on `today`: opened by then and not yet closed."""
    found: dict[str, list] = {}
    for action in spec.governance.actions if spec.governance else ():
        # Dates the schema refused are absent (None): such an action counts as open rather than hide a breach.
        opened = action.opened is None or action.opened <= today
        if opened and (action.closed is None or action.closed > today):
            found.setdefault(action.kpi, []).append(action)
    return found


@rule("M009", "measurements", severity="warning", completeness=False, options=("breaches_before_action",))
def breach_without_action(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI whose latest figures are past its threshold for `breaches_before_action` periods in a row
    (2 by default, set in `.playbook.yaml`), with no open improvement action on it in
    `governance.actions` on the day of the check.
    Why: Key 4: when a KPI falls short, adjust. A breach is not an error in the spec, but a breach that
    repeats with nobody owning a fix is a relationship that is not being managed.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W46,72
      first-contact-resolution,2026-W47,70
    Passes:
      governance:
        actions:
          - {id: fcr-recovery, kpi: first-contact-resolution, opened: 2026-11-18, owner: vendor-lead,
             what: Coach the four agents with the most reopened tickets; review in the weekly check-in,
             due: 2026-12-11}
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W46,72
      first-contact-resolution,2026-W47,70
    """
    file = _file(spec, ctx)
    if file is None:
        return
    limit = ctx.options["breaches_before_action"]
    open_actions = _open_actions(spec, ctx.today)
    for kpi in spec.kpis:
        result = evaluate(kpi, figures(kpi, file.rows), ctx.today)
        if result.streak >= limit and not open_actions.get(kpi.id):
            breached = [p for p in result.points[-result.streak :] if p.status == BREACHED]
            shown = ", ".join(f"{p.period.text}: {p.value:g}" for p in breached[-3:])
            yield Finding.at(
                kpi.at("id"),
                f"KPI {kpi.id} is past its threshold ({kpi.threshold:g}) for {result.streak} periods in a row "
                f"({shown}) and no action on it is open",
                hint=f"agree an improvement action and record it: governance.actions: - {{id: ..., kpi: {kpi.id}, "
                f"opened: {ctx.today.isoformat()}, owner: <role id>, what: ..., due: <date>}}",
            )


@rule("M010", "measurements", severity="warning", completeness=False)
def action_overdue(spec: Process, ctx) -> Iterator[Finding]:
    """What: an improvement action in `governance.actions` whose `due` day has passed (before `--today`)
    and that has no `closed` day.
    Why: an action that nobody closes or re-plans is a promise forgotten; the check-in should either
    record it as done or agree a new date (Key 4: adjust, then check again).
    Fails:
      governance:
        actions:
          - {id: fcr-recovery, kpi: first-contact-resolution, opened: 2026-10-05, owner: vendor-lead,
             what: Coach the agents with the most reopened tickets, due: 2026-10-30}
    Passes:
      governance:
        actions:
          - {id: fcr-recovery, kpi: first-contact-resolution, opened: 2026-10-05, owner: vendor-lead,
             what: Coach the agents with the most reopened tickets, due: 2026-10-30, closed: 2026-10-28}
    """
    for action in spec.governance.actions if spec.governance else ():
        due = action.due
        if action.closed is None and due is not None and due < ctx.today:
            yield Finding.at(
                action.at("due"),
                f"action '{action.id}' on {action.kpi} was due on {due.isoformat()} and is not closed",
                hint="record the day it was done (closed: YYYY-MM-DD), or agree a new due date at the check-in",
            )


@rule("M011", "measurements", completeness=False)
def action_dates_out_of_order(spec: Process, ctx) -> Iterator[Finding]:
    """What: an improvement action in `governance.actions` closed before it was opened, or due before it was
    opened.
    Why: the dates say when the vendor was asked and when it delivered; out of order, one of them is a slip,
    and M009 and M010 judge by them (Key 4: adjust, then check again).
    Fails:
      governance:
        actions:
          - {id: fcr-recovery, kpi: first-contact-resolution, opened: 2026-10-05, owner: vendor-lead,
             what: Coach the agents with the most reopened tickets, due: 2026-10-30, closed: 2026-09-28}
    Passes:
      governance:
        actions:
          - {id: fcr-recovery, kpi: first-contact-resolution, opened: 2026-10-05, owner: vendor-lead,
             what: Coach the agents with the most reopened tickets, due: 2026-10-30, closed: 2026-10-28}
    """
    for action in spec.governance.actions if spec.governance else ():
        opened = action.opened
        if not isinstance(opened, dt.date):
            continue
        for key in ("closed", "due"):
            day = getattr(action, key)
            if isinstance(day, dt.date) and day < opened:
                yield Finding.at(
                    action.at(key),
                    f"action '{action.id}' is {key} on {day.isoformat()}, before it was opened on {opened.isoformat()}",
                    hint=f"correct {key} or opened",
                )


@rule("M012", "measurements", severity="warning", completeness=False)
def period_before_the_handover(spec: Process, ctx) -> Iterator[Finding]:
    """What: a figure for a period that ended before the transition started (`transition.start`; without
    one, the pilot's start or go-live). One finding per KPI, at its first such figure, with how many.
    Why: the vendor was not involved yet, so the figure is usually a slip of the year (2025-W46 for
    2026-W46), which takes a breach out of the month it counts in, and its service credit with it. In-house
    figures from before the handover belong in the KPI's `baseline`.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2025-W46,72
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W46,72
    """
    transition = spec.transition
    began = transition.start if transition is not None else None
    began = began if isinstance(began, dt.date) else _measured_since(spec)
    if not isinstance(began, dt.date):
        return
    # One finding per KPI: in-house history pasted into the file gave one warning per week, 396 for one file.
    early: dict[str, list[tuple[Row, dt.date]]] = {}
    for row, kpi in _rows_of_kpis(spec, ctx):
        period = parse(row.period, kpi.measurement.frequency) if kpi.measurement else None
        if period is not None and period.end < began:
            early.setdefault(kpi.id, []).append((row, period.end))
    for kpi_id, found in early.items():
        row, end = found[0]
        if len(found) == 1:
            message = f"period {row.period} ended on {end.isoformat()},"
        else:
            ordered = sorted(found, key=lambda pair: pair[1])
            message = (
                f"{len(found)} figures of KPI '{kpi_id}' ({ordered[0][0].period} to {ordered[-1][0].period}, "
                "the first in the file here) are for periods that ended"
            )
        yield Finding.at(
            row.mark("period"),
            f"{message} before the transition began ({began.isoformat()})",
            hint="check the year; a figure from before the handover belongs in the KPI's baseline",
        )


@rule("M013", "measurements", completeness=False)
def percentages_written_as_fractions(spec: Process, ctx) -> Iterator[Finding]:
    """What: a percent KPI whose figures and whose target are on two scales: every figure between 0 and 1
    while the target or threshold is 10 or more (the figures are fractions), or every figure at least ten
    times a target and threshold of 1 or less (the target is). One finding per KPI.
    Why: a spreadsheet that formats 85 % as 0.85 exports 0.85. Read against a target of 85, each such figure
    is a breach that never happened, and a service credit the vendor does not owe; a target of 0.9 for 90 %
    hides every real breach. Either way the scorecard bills the wrong amount.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,0.85
      first-contact-resolution,2026-W41,0.87
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W40,85
      first-contact-resolution,2026-W41,87
    """
    values: dict[str, list[Row]] = {}
    for row, kpi in _rows_of_kpis(spec, ctx):
        values.setdefault(kpi.id, []).append(row)
    for kpi in spec.kpis:
        rows = values.get(kpi.id, [])
        bars = [v for v in (kpi.target, kpi.threshold) if isinstance(v, (int, float))]
        if kpi.unit != "percent" or not bars or len(rows) < 2:
            continue
        bar, low, high = max(bars), min(r.value for r in rows), max(r.value for r in rows)
        named = f"its target of {kpi.target:g}" if kpi.target is not None else f"its threshold of {bar:g}"
        if bar >= 10 and low >= 0 and 0 < high <= 1:
            yield Finding.at(
                rows[0].mark("value"),
                f"all {len(rows)} figures of KPI '{kpi.id}' lie between 0 and 1, against {named}: they read "
                f"as fractions ({rows[0].value:g} for {rows[0].value * 100:g} %)",
                hint=f"write percentages as the target is written ({rows[0].value * 100:g}, not {rows[0].value:g});"
                " if the KPI really stays under 1 %, waive M013",
            )
        elif 0 < bar <= 1 and low >= 10 * bar:
            key = "target" if kpi.target is not None else "threshold"
            shown = kpi.target if kpi.target is not None else bar
            yield Finding.at(
                kpi.at(key),
                f"KPI '{kpi.id}' has a {key} of {shown:g} %, but its {len(rows)} figures lie between {low:g} and "
                f"{high:g}: the {key} reads as a fraction ({shown:g} for {shown * 100:g} %)",
                hint="write the target, threshold and baseline as percentages, as the figures are "
                f"({shown * 100:g}, not {shown:g})",
            )


# A figure this many times above or below the median of its KPI's recent figures is more often a slip (a
# decimal point, a unit, a column) than a change in the work; it is checked before it bills a credit.
OUTLIER_FACTOR = 5
# How many of the KPI's latest earlier figures the median is taken of, and how many it needs at least.
RECENT_FIGURES = 6
FEWEST_FIGURES = 3


@rule("M015", "measurements", severity="warning", completeness=False)
def figure_out_of_line(spec: Process, ctx) -> Iterator[Finding]:
    """What: a figure more than five times above, or below a fifth of, the median of its KPI's last six
    figures before it (with at least three of them, a median above 0 and the figure not 0) that is a breach
    where the median is not, or the other way round; its row has no `note`.
    Why: 8.5 written for 85, or seconds for minutes, reads as a breach, and a breach bills a service credit;
    a breach written a decimal place too small hides one (Key 3: measure regularly, and measure right). An
    improving figure that stays on the same side of the threshold bills nothing and is left alone. Check the
    figure; if it is right, say why in the row's note, and the warning goes.
    Fails:
      # measurements/billing-disputes.csv
      kpi,period,value
      first-contact-resolution,2026-W43,86
      first-contact-resolution,2026-W44,84
      first-contact-resolution,2026-W45,87
      first-contact-resolution,2026-W46,8.5
    Passes:
      # measurements/billing-disputes.csv
      kpi,period,value,note
      first-contact-resolution,2026-W43,86,
      first-contact-resolution,2026-W44,84,
      first-contact-resolution,2026-W45,87,
      first-contact-resolution,2026-W46,85,
    """
    rows_of: dict[str, list[Row]] = {}
    for row, kpi in _rows_of_kpis(spec, ctx):
        rows_of.setdefault(kpi.id, []).append(row)
    for kpi in spec.kpis:
        frequency = kpi.measurement.frequency if kpi.measurement else None
        if not frequency or kpi.id not in rows_of:
            continue
        dated = [(period, row) for row in rows_of[kpi.id] if (period := parse(row.period, frequency))]
        dated.sort(key=lambda pair: pair[0].end)
        for index, (_, row) in enumerate(dated):
            earlier = [r.value for _, r in dated[max(0, index - RECENT_FIGURES) : index]]
            if len(earlier) < FEWEST_FIGURES or row.note.strip():
                continue
            median = statistics.median(earlier)
            # A zero is no slip of the decimal point: a zero-tolerance KPI lives between 0 and a fraction.
            if median <= 0 or row.value == 0 or median / OUTLIER_FACTOR <= row.value <= median * OUTLIER_FACTOR:
                continue
            breach = status(kpi, row.value) == BREACHED
            if breach != (status(kpi, median) == BREACHED):
                side = "above" if row.value > median else "below"
                yield Finding.at(
                    row.mark("value"),
                    f"{row.value:g} for {kpi.id} in {row.period} is far {side} the median of its last "
                    f"{len(earlier)} figures ({median:g}), and {'a breach' if breach else 'no breach'} where they "
                    f"are {'not' if breach else 'one'}",
                    hint="check the decimal point and the unit; if the figure is right, say why in the row's note",
                )
