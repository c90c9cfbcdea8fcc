"""Measurement files: `process_specs/measurements/<process-id>.csv`, one row per KPI and period.

```csv
kpi,period,value,note
first-contact-resolution,2026-W15,83.5,
first-contact-resolution,2026-W16,86,"New macro for duplicate invoices"
```

CSV because every reporting tool and spreadsheet exports it. It is read strictly with the standard
library's `csv` module: the header is `kpi,period,value` with an optional `note`, every row has as many
fields as the header (a row may leave out an empty note), values are plain numbers (`85`, `83.5`, `-2`),
and a quote that does not close is a finding, not a guess. The same limits as specs apply (UTF-8, no
binary), except the size: at most 8 MiB, decades of daily figures; a UTF-8 byte order mark, which
spreadsheets write, is allowed.

This module only reads: rows with the line and column of each field, and findings for what cannot be
read. Whether a KPI exists, a period fits its frequency or a value fits its unit is for the rules, which
give the findings their codes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from generator.spec.findings import Finding, Mark
from generator.spec.loader import read_text

# Daily figures of a dozen KPIs with notes fill 1 MiB, the limit for a spec, in a few years; a file is
# appended to for as long as the process runs.
MAX_BYTES = 8 * 1024 * 1024
FOLDER = "measurements"
SUFFIX = ".csv"
COLUMNS = ("kpi", "period", "value")
OPTIONAL_COLUMNS = ("note",)
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)
# No KPI's figure reaches this; larger ones are digits pasted twice, or a forged file (309 digits read as
# infinity, which JSON cannot carry).
LARGEST = 1e15
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Row:
    """One measurement as written, with where each field starts."""

    kpi: str
    period: str
    value: float
    note: str
    marks: dict[str, Mark] = field(default_factory=dict, compare=False)

    def mark(self, column: str) -> Mark:
        return self.marks[column]


def _field_starts(line: str) -> list[int]:
    """The 0-based offset where each field of a CSV line starts (quotes respected)."""
    starts, quoted = [0], False
    for offset, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(offset + 1)
    return starts


def load_measurements(path: str) -> tuple[list[Row], list[Finding]]:
    """The rows of one measurement file and the findings of what could not be read."""
    text, finding = read_text(path, MAX_BYTES, too_big="move figures older than the last few years out of the folder")
    if finding is not None:
        return [], [finding]
    # Lines end where an editor ends them (not at the other breaks str.splitlines knows).
    lines = _LINE_BREAK.split(text.removesuffix("\n").removesuffix("\r"))
    if not any(line.strip() for line in lines):
        return [], [Finding.at(Mark(path), "file is empty", hint=f"start with the header: {','.join(COLUMNS)},note")]
    rows: list[Row] = []
    findings: list[Finding] = []
    reader = csv.reader((line + "\n" for line in lines), strict=True)
    header: list[str] | None = None
    semicolon_rows: list[int] = []
    first_line = 1
    while True:
        line_no = first_line  # where the record starts (a quoted note may run over several lines)
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # One malformed row is one finding: the reader goes on with the next line, so the rows after it
            # still count (a figure lost to a typo above it would read as missing, M008).
            first_line = reader.line_num + 1
            malformed = Finding.at(
                Mark(path, line_no, 1),
                f"the {'row' if header else 'header'} is not well-formed CSV: {error}",
                hint='close every quote; a quote inside a quoted note is written twice: ""',
            )
            if header is None:
                return [], [malformed]  # without its header no row can be read
            findings.append(malformed)
            continue
        first_line = reader.line_num + 1
        if not record or not "".join(record).strip():
            continue
        if header is None:
            header = record
            if len(record) == 1 and tuple(record[0].split(";")) in (COLUMNS, COLUMNS + OPTIONAL_COLUMNS):
                return [], [Finding.at(Mark(path, line_no, 1), SEMICOLONS, hint=SEMICOLONS_HINT)]
            if tuple(header) not in (COLUMNS, COLUMNS + OPTIONAL_COLUMNS):
                return [], [
                    Finding.at(
                        Mark(path, line_no, 1),
                        f"the header is {','.join(header)!r}",
                        hint=f"write {','.join(COLUMNS)},note as the first line (note is optional)",
                    )
                ]
            continue
        starts = _field_starts(lines[line_no - 1])
        marks = {name: Mark(path, line_no, (starts[i] if i < len(starts) else 0) + 1) for i, name in enumerate(header)}
        if len(record) == len(COLUMNS) < len(header):
            record = [*record, ""]  # a row typed without its empty note: the note is optional
        if len(record) < len(header) and _semicolons(record):
            semicolon_rows.append(line_no)  # one finding for the file, not one per row
            continue
        if len(record) != len(header):
            findings.append(
                Finding.at(
                    Mark(path, line_no, 1),
                    f"the row has {len(record)} fields, the header {len(header)}",
                    hint="write kpi,period,value"
                    + (",note" if len(header) == 4 else "")
                    + "; quote a note that holds a comma",
                )
            )
            continue
        values = dict(zip(header, record, strict=True))
        number = values["value"].strip()
        if not _NUMBER.fullmatch(number):
            findings.append(
                Finding.at(
                    marks["value"],
                    f"value {number!r} is not a number" if number else "the row has no value",
                    hint="write the figure alone, with a dot for decimals: 83.5 (no unit, no thousands separator)",
                )
            )
            continue
        if abs(value := float(number)) > LARGEST:  # 309 digits read as infinity, and were written so
            findings.append(
                Finding.at(
                    marks["value"],
                    f"value {number[:20]}{'…' if len(number) > 20 else ''} ({len(number)} characters) is too "
                    f"large for a figure",
                    hint=f"write the figure as measured, below {LARGEST:,.0f}; check for digits pasted twice",
                )
            )
            continue
        rows.append(
            Row(
                kpi=values["kpi"].strip(),
                period=values["period"].strip(),
                value=value,
                note=values.get("note", ""),
                marks=marks,
            )
        )
    if semicolon_rows:
        count = len(semicolon_rows)
        which = f"{count} rows, from this one, are" if count > 1 else "the row is"
        findings.append(
            Finding.at(
                Mark(path, semicolon_rows[0], 1), f"{which} separated by semicolons, not commas", hint=SEMICOLONS_HINT
            )
        )
        findings.sort(key=lambda f: f.line)
    return rows, findings


# A spreadsheet set to a language that writes decimal commas saves "CSV" with semicolons between fields.
SEMICOLONS = "the file is separated by semicolons, not commas"
SEMICOLONS_HINT = (
    "save it as CSV with commas (a spreadsheet set to a language with decimal commas writes semicolons), "
    "and write decimals with a dot: kpi,period,value,note then first-contact-resolution,2026-W40,83.5,"
)


def _semicolons(record: list[str]) -> bool:
    """A record whose fields are written with semicolons between them: read as one field, or as two or three
    where a decimal comma split it (`first-contact-resolution;2026-W45;84,5;`)."""
    return sum(field.count(";") for field in record) >= 2
