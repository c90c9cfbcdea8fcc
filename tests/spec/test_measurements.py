"""Measurement files as hostile owners and spreadsheets write them: rows with exact marks, or findings."""

from __future__ import annotations

import pytest

from generator.spec.measurements import load_measurements


def _load(tmp_path, content: bytes | str):
    path = tmp_path / "billing-disputes.csv"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return load_measurements(str(path))


def test_rows_with_the_place_of_each_field(tmp_path):
    rows, findings = _load(
        tmp_path,
        "kpi,period,value,note\n"
        "first-contact-resolution,2026-W15,83.5,\n"
        'first-contact-resolution,2026-W16,86,"New macro, for duplicate invoices"\n'
        "credit-accuracy,2026-W16,-2,\"=cmd|' /C calc'!A0\"\n",
    )
    assert findings == []
    assert [(r.kpi, r.period, r.value) for r in rows] == [
        ("first-contact-resolution", "2026-W15", 83.5),
        ("first-contact-resolution", "2026-W16", 86.0),
        ("credit-accuracy", "2026-W16", -2.0),
    ]
    assert rows[1].note == "New macro, for duplicate invoices"
    assert rows[2].note == "=cmd|' /C calc'!A0"  # kept as text; outputs must keep it inert
    assert (rows[1].mark("period").line, rows[1].mark("period").column) == (3, 26)
    assert (rows[2].mark("value").line, rows[2].mark("value").column) == (4, 26)


def test_a_row_typed_without_its_empty_note(tmp_path):
    rows, findings = _load(tmp_path, "kpi,period,value,note\nfcr,2026-04,85\nfcr,2026-05,86,late\n")
    assert findings == [] and [(r.value, r.note) for r in rows] == [(85.0, ""), (86.0, "late")]


def test_a_spreadsheet_export_with_bom_crlf_and_no_note_column(tmp_path):
    rows, findings = _load(tmp_path, b"\xef\xbb\xbfkpi,period,value\r\nfcr,2026-04,85\r\n\r\n")
    assert findings == [] and [(r.kpi, r.value, r.note) for r in rows] == [("fcr", 85.0, "")]


def test_a_note_over_two_lines_keeps_the_next_rows_line_numbers(tmp_path):
    rows, findings = _load(tmp_path, 'kpi,period,value,note\nfcr,2026-04,85,"two\nlines"\nfcr,2026-05,x,\n')
    assert rows[0].note == "two\nlines"
    assert [(f.line, f.column) for f in findings] == [(4, 13)]


@pytest.mark.parametrize(
    ("content", "line", "column", "words"),
    [
        ("", 1, 1, "file is empty"),
        ("\n\n", 1, 1, "file is empty"),
        ("kpi;period;value\nfcr;2026-04;85\n", 1, 1, "separated by semicolons"),
        ("period,kpi,value\n", 1, 1, "the header is"),
        ("kpi,period,value\nfcr,2026-04\n", 2, 1, "the row has 2 fields, the header 3"),
        ("kpi,period,value\nfcr,2026-04,85,extra\n", 2, 1, "the row has 4 fields"),
        ("kpi,period,value\nfcr,2026-04,85%\n", 2, 13, "value '85%' is not a number"),
        ('kpi,period,value\nfcr,2026-04,"1,5"\n', 2, 13, "value '1,5' is not a number"),
        ("kpi,period,value\nfcr,2026-04,nan\n", 2, 13, "value 'nan' is not a number"),
        ("kpi,period,value\nfcr,2026-04,\n", 2, 13, "the row has no value"),
        ("kpi,period,value\nfcr,2026-04,８５\n", 2, 13, "is not a number"),
        ('kpi,period,value,note\nfcr,2026-04,85,"open\n', 2, 1, "not well-formed CSV"),
        ('kpi,period,value,note\nfcr,2026-04,85,"a"b\n', 2, 1, "not well-formed CSV"),
    ],
)
def test_what_cannot_be_read_is_a_finding_at_its_place(tmp_path, content, line, column, words):
    _, findings = _load(tmp_path, content)
    assert [(f.line, f.column) for f in findings] == [(line, column)], findings
    assert words in findings[0].message


def test_one_malformed_row_costs_only_that_row(tmp_path):
    """Tried from outside: a stray quote in one row threw away every row after it, and each lost figure
    then read as missing (M008 for KPIs whose rows were there)."""
    content = (
        "kpi,period,value,note\n"
        "fcr,2026-W46,80,\n"
        'fcr,2026-W47,"82,5".0,\n'
        "aht,2026-W47,300,\n"
        'aht,2026-W48,290,"a note\nover two lines"\n'
        "aht,2026-W49,280,\n"
    )
    rows, findings = _load(tmp_path, content)
    assert [(f.line, f.column) for f in findings] == [(3, 1)] and "row is not well-formed CSV" in findings[0].message
    assert [(r.kpi, r.period, r.value) for r in rows] == [
        ("fcr", "2026-W46", 80.0),
        ("aht", "2026-W47", 300.0),
        ("aht", "2026-W48", 290.0),
        ("aht", "2026-W49", 280.0),
    ]
    assert rows[-1].mark("kpi").line == 7  # after a note over two lines, marks still name the right line


def test_a_malformed_header_is_the_one_finding(tmp_path):
    rows, findings = _load(tmp_path, 'kpi,period,"value\nfcr,2026-04,85\n')
    assert rows == [] and [(f.line, f.column) for f in findings] == [(1, 1)]
    assert "header is not well-formed CSV" in findings[0].message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"kpi,period,value\nfcr,2026-04,85\n\x00\x01\x02" * 3, "binary"),
        ("kpi,period,value\nfcr,2026-04,85,Facturación\n".encode("latin-1"), "UTF-8"),
        (b"kpi,period,value\n" + b"fcr,2026-04,85\n" * 600_000, "over the limit of 8388608 bytes"),
    ],
)
def test_binary_foreign_and_huge_files_are_one_finding(tmp_path, content, words):
    rows, findings = _load(tmp_path, content)
    assert rows == [] and len(findings) == 1 and words in findings[0].full_message, findings


def test_years_of_daily_figures_past_the_spec_limit_are_read(tmp_path):
    """A file is appended to for as long as the process runs: 2 MiB of daily rows is a few years of
    figures for a dozen KPIs with notes, and must read like any other file."""
    row = b"first-contact-resolution,2026-04-13,85.5,Figure exported from the Zendesk report\n"
    content = b"kpi,period,value,note\n" + row * (2 * 1024 * 1024 // len(row))
    rows, findings = _load(tmp_path, content)
    assert findings == [] and len(rows) == 2 * 1024 * 1024 // len(row) and rows[-1].value == 85.5


def test_a_file_saved_with_semicolons_is_one_finding_that_says_so(tmp_path):
    """Tried from outside: a spreadsheet in a European locale saved every row with semicolons, and got one
    finding per row about field counts."""
    rows, findings = _load(tmp_path, "kpi;period;value;note\nfcr;2026-W40;83,5;\nfcr;2026-W41;85;\n")
    assert rows == [] and [(f.line, f.message) for f in findings] == [
        (1, "the file is separated by semicolons, not commas")
    ]
    assert "decimals with a dot" in findings[0].hint


def test_rows_appended_with_semicolons_under_a_comma_header_are_one_finding(tmp_path):
    content = "kpi,period,value,note\nfcr,2026-W40,85,\n" + "".join(
        f"fcr;2026-W{week};{value};\n" for week, value in ((41, "84,5"), (42, "86"), (43, "87"))
    )
    rows, findings = _load(tmp_path, content)
    assert [r.period for r in rows] == ["2026-W40"]
    assert [(f.line, f.message) for f in findings] == [
        (3, "3 rows, from this one, are separated by semicolons, not commas")
    ]
    # A note that holds semicolons, in a row of the right shape, is a note.
    rows, findings = _load(tmp_path, 'kpi,period,value,note\nfcr,2026-W40,85,"late; two agents out; fixed"\n')
    assert findings == [] and rows[0].note == "late; two agents out; fixed"
