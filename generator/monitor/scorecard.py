"""`playbook scorecard`: per process and KPI the latest figure, its status, the breach streak, the trend and
the attainment, from the measurement files, judged by `generator/monitor/evaluation.py`.

The formats only lay out the same rows. CSV cells that a spreadsheet would read as a formula (starting with
=, +, - or @) are prefixed with an apostrophe, since names come from spec text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import TextIO

from generator.monitor.evaluation import (
    AT_RISK,
    BREACHED,
    MET,
    attainment,
    evaluate,
    evaluate_process,
    figures,
    service_credits,
)
from generator.spec.escaping import escape_controls, markdown_literal
from generator.spec.periods import Period

COLUMNS = ("process", "kpi", "period", "value", "status", "streak", "trend", "attainment", "note")
_SEVERITY = {MET: 0, AT_RISK: 1, BREACHED: 2}
_COLOURS = {MET: "\033[32m", AT_RISK: "\033[33m", BREACHED: "\033[31m"}


@dataclass(frozen=True)
class Line:
    process: str
    kpi: str
    period: str
    value: float | None
    status: str
    streak: int
    trend: str
    attainment: float | None
    note: str = ""  # the latest figure's, from the measurement file


def scorecard(checked, today: dt.date, vendor: str | None = None, within: Period | None = None) -> list[Line]:
    """One line per KPI with a frequency, in process and KPI order; `within` limits it to one period (a
    quarter, say): the latest figure in it, attainment over it."""
    lines = []
    for process in sorted(checked.processes, key=lambda p: p.id):
        if vendor and process.vendor != vendor:
            continue
        file = checked.measurements.get(process.id)
        for kpi in process.kpis:
            frequency = kpi.measurement.frequency if kpi.measurement else None
            if not frequency:
                continue
            values = [
                figure
                for figure in figures(kpi, file.rows if file else ())
                if within is None or within.start <= figure[0].start <= within.end
            ]
            result = evaluate(kpi, values, today)
            latest = result.latest
            share = attainment(result.points) if within else result.attainment_12_months
            lines.append(
                Line(
                    process=process.id,
                    kpi=kpi.id,
                    period=latest.period.text if latest else "",
                    value=latest.value if latest else None,
                    status=latest.status if latest else "no figure",
                    streak=result.streak,
                    trend=result.trend or "",
                    attainment=share,
                    note=latest.note if latest else "",
                )
            )
    return lines


def worst(lines: list[Line]) -> int:
    """0 all met, 1 some at risk, 2 some breached (for --fail-on)."""
    return max((_SEVERITY.get(line.status, 0) for line in lines), default=0)


def credits(checked, today: dt.date, vendor: str | None = None, within: Period | None = None) -> list[Credit]:
    """The service credits due per process and month (internal: never published to a vendor)."""
    found = []
    for process in sorted(checked.processes, key=lambda p: p.id):
        if vendor and process.vendor != vendor:
            continue
        file = checked.measurements.get(process.id)
        for month in service_credits(process, evaluate_process(process, file.rows if file else (), today)):
            first_day = dt.date.fromisoformat(f"{month.month}-01")
            if within is None or within.start <= first_day <= within.end:
                found.append(Credit(process.id, month.month, month.by_kpi, month.percent, month.amount, month.currency))
    return found


@dataclass(frozen=True)
class Credit:
    process: str
    month: str
    by_kpi: dict[str, float]
    percent: float
    amount: float | None
    currency: str


@dataclass(frozen=True)
class Table:
    """What every format lays out: a name (the JSON key), columns, the cells as shown, the records as
    data (JSON), the status of each row (colour) and the columns that hold numbers (CSV writes them bare)."""

    name: str
    columns: tuple[str, ...]
    cells: list[list[str]]
    records: list[dict]
    statuses: list[str]
    numbers: dict[int, list[float | None]]


def scorecard_table(lines: list[Line]) -> Table:
    cells = [
        [
            line.process,
            line.kpi,
            line.period or "—",
            "—" if line.value is None else f"{line.value:g}",
            line.status,
            str(line.streak),
            line.trend or "—",
            "—" if line.attainment is None else f"{100 * line.attainment:.0f}%",
            line.note,
        ]
        for line in lines
    ]
    records = [asdict(line) for line in lines]
    numbers = {3: [x.value for x in lines], 5: [x.streak for x in lines]}
    return Table("scorecard", COLUMNS, cells, records, [line.status for line in lines], numbers)


def credits_table(found: list[Credit]) -> Table:
    cells = [
        [
            c.process,
            c.month,
            "; ".join(f"{kpi} {share:g}%" for kpi, share in c.by_kpi.items()),
            f"{c.percent:g}%",
            "—" if c.amount is None else f"{c.amount:,.2f} {c.currency}".strip(),
        ]
        for c in found
    ]
    columns = ("process", "month", "kpis", "credit", "amount")
    return Table("credits", columns, cells, [asdict(c) for c in found], [BREACHED] * len(found), {})


def write_text(table: Table, stream: TextIO, color: bool = False) -> None:
    rows = [list(table.columns)] + [[escape_controls(c) for c in row] for row in table.cells]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.columns))]
    for number, row in enumerate(rows):
        text = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        status = table.statuses[number - 1] if number else ""
        if color and status in _COLOURS:
            text = f"{_COLOURS[status]}{text}\033[0m"
        stream.write(text + "\n")


def write_json(table: Table, stream: TextIO, color: bool = False) -> None:
    json.dump({table.name: table.records}, stream, indent=2, ensure_ascii=True)
    stream.write("\n")


def _bare(number: float | None) -> float | int | str:
    if number is None:
        return ""
    return int(number) if float(number).is_integer() else number


def _inert(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (OWASP's list of first characters) made text."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def write_csv(table: Table, stream: TextIO, color: bool = False) -> None:
    """Every text cell quoted, made inert and its control characters written out (a terminal that shows the
    file would run them); numbers bare, so a spreadsheet reads them as numbers."""
    writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(table.columns)
    for index, row in enumerate(table.cells):
        writer.writerow(
            [
                _bare(table.numbers[i][index]) if i in table.numbers else _inert(escape_controls(cell))
                for i, cell in enumerate(row)
            ]
        )


def write_markdown(table: Table, stream: TextIO, color: bool = False) -> None:
    """A table for a pull request or an issue: every cell shows as written (a note's HTML or link is text)."""
    stream.write("| " + " | ".join(table.columns) + " |\n|" + "---|" * len(table.columns) + "\n")
    for row in table.cells:
        stream.write("| " + " | ".join(markdown_literal(c) for c in row) + " |\n")


FORMATS = {"text": write_text, "json": write_json, "csv": write_csv, "markdown": write_markdown}
