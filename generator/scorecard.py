"""`playbook scorecard`: per process and KPI the latest figure, its status, the breach streak, the trend and
the attainment, from the measurement files, judged by `generator/evaluation.py`.

The formats only lay out the same rows. CSV cells that a spreadsheet would read as a formula (starting with
=, +, - or @) are prefixed with an apostrophe, since names come from spec text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import TextIO

from generator.evaluation import AT_RISK, BREACHED, MET, attainment, evaluate, figures
from generator.periods import Period
from generator.report.wording import escape_controls

COLUMNS = ("process", "kpi", "period", "value", "status", "streak", "trend", "attainment")
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
                (period, value)
                for period, value in figures(kpi, file.rows if file else ())
                if within is None or within.start <= period.start <= within.end
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
                )
            )
    return lines


def worst(lines: list[Line]) -> int:
    """0 all met, 1 some at risk, 2 some breached (for --fail-on)."""
    return max((_SEVERITY.get(line.status, 0) for line in lines), default=0)


def _cells(line: Line) -> list[str]:
    return [
        line.process,
        line.kpi,
        line.period or "—",
        "—" if line.value is None else f"{line.value:g}",
        line.status,
        str(line.streak),
        line.trend or "—",
        "—" if line.attainment is None else f"{100 * line.attainment:.0f}%",
    ]


def write_text(lines: list[Line], stream: TextIO, color: bool = False) -> None:
    rows = [list(COLUMNS)] + [[escape_controls(c) for c in _cells(line)] for line in lines]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for number, row in enumerate(rows):
        text = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        status = lines[number - 1].status if number else ""
        if color and status in _COLOURS:
            text = f"{_COLOURS[status]}{text}\033[0m"
        stream.write(text + "\n")


def write_json(lines: list[Line], stream: TextIO, color: bool = False) -> None:
    json.dump({"scorecard": [asdict(line) for line in lines]}, stream, indent=2, ensure_ascii=True)
    stream.write("\n")


def _inert(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def write_csv(lines: list[Line], stream: TextIO, color: bool = False) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in lines:
        cells = _cells(line)
        writer.writerow([*(_inert(c) for c in cells[:3]), "" if line.value is None else f"{line.value:g}", *cells[4:]])


def write_markdown(lines: list[Line], stream: TextIO, color: bool = False) -> None:
    stream.write("| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS) + "\n")
    for line in lines:
        cells = [escape_controls(c).replace("|", "\\|") for c in _cells(line)]
        stream.write("| " + " | ".join(cells) + " |\n")


FORMATS = {"text": write_text, "json": write_json, "csv": write_csv, "markdown": write_markdown}
