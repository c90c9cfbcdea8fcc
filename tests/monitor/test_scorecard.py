"""`playbook scorecard` end to end on hand-computed figures."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import COMPLETE

FIGURES = (
    "kpi,period,value,note\n"
    "first-contact-resolution,2026-W40,86,\n"  # met (target 85)
    "first-contact-resolution,2026-W41,80,\n"  # at risk (threshold 75)
    "first-contact-resolution,2026-W42,70,\n"  # breached
    '"first-contact-resolution",2026-W43,72,"=cmd|\' /C calc\'!A0"\n'  # breached
)


@pytest.fixture
def specs(tmp_path):
    folder = tmp_path / "process_specs"
    shutil.copytree(COMPLETE, folder)
    (folder / "measurements").mkdir(exist_ok=True)  # the fixture's own file is replaced
    (folder / "measurements" / "billing-disputes.csv").write_text(FIGURES)
    return folder


def _scorecard(specs, *args):
    return subprocess.run(
        [sys.executable, "-m", "generator", "scorecard", "--today", "2026-11-23", str(specs), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )


def test_latest_status_streak_trend_and_attainment(specs):
    run = _scorecard(specs, "--format", "json")
    assert run.returncode == 0, run.stderr
    (line,) = json.loads(run.stdout)["scorecard"]
    assert line == {
        "process": "billing-disputes",
        "kpi": "first-contact-resolution",
        "period": "2026-W43",
        "value": 72.0,
        "status": "breached",
        "streak": 2,
        "trend": "worsening",
        "attainment": 0.5,
        "note": "=cmd|' /C calc'!A0",  # JSON is data: the note as written
    }


def test_one_quarter_and_the_formats(specs):
    out = _scorecard(specs, "--format", "csv", "--period", "2026-Q4").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["process", "kpi", "period"] and rows[1][-2] == "33%"  # W41-W43: 1 of 3 not breached
    # A note that a spreadsheet would run as a formula is quoted and starts with an apostrophe: text.
    assert rows[1][-1] == "'=cmd|' /C calc'!A0" and out.splitlines()[1].endswith(",\"'=cmd|' /C calc'!A0\"")
    assert ',72,"breached",2,' in out.splitlines()[1]  # numbers bare
    text = _scorecard(specs).stdout.splitlines()
    header = ["process", "kpi", "period", "value", "status", "streak", "trend", "attainment", "note"]
    assert text[0].split() == header
    assert text[1].split()[:8] == [
        "billing-disputes",
        "first-contact-resolution",
        "2026-W43",
        "72",
        "breached",
        "2",
        "worsening",
        "50%",
    ]
    assert _scorecard(specs, "--format", "markdown").stdout.startswith("| process | kpi |")


def test_fail_on_for_a_scheduled_alert(specs):
    assert _scorecard(specs, "--fail-on", "breached").returncode == 1
    assert _scorecard(specs, "--fail-on", "at-risk").returncode == 1
    (specs / "measurements" / "billing-disputes.csv").write_text(
        "kpi,period,value\nfirst-contact-resolution,2026-W43,90\n"
    )
    assert _scorecard(specs, "--fail-on", "at-risk").returncode == 0


def test_refused_with_errors_or_unknown_vendor_or_period(specs):
    assert _scorecard(specs, "--vendor", "nobody").returncode == 2
    assert _scorecard(specs, "--period", "2026-W43").returncode == 2
    (specs / "measurements" / "billing-disputes.csv").write_text(
        "kpi,period,value\nfirst-contact-resolution,2026-W43,9x\n"
    )
    run = _scorecard(specs)
    assert run.returncode == 2 and "M001" in run.stderr and "Traceback" not in run.stderr


def test_service_credits_per_month(specs):
    spec = specs / "billing-disputes.yaml"
    text = spec.read_text()
    text = text.replace(
        "    contractual: true\n", "    contractual: true\n    service_credit: {percent: 1.5, cap: 4}\n", 1
    )
    text = text.replace("internal:\n", "internal:\n  monthly_fee: {amount: 26000, currency: EUR, credit_cap: 10}\n", 1)
    spec.write_text(text)
    # W42 (ends 18 Oct) and W43 (ends 25 Oct) are breached: 2 x 1.5 % = 3 % of 26,000 EUR.
    lines = _scorecard(specs, "--credits").stdout.splitlines()
    assert [line.split() for line in lines] == [
        ["process", "month", "kpis", "credit", "amount"],
        ["billing-disputes", "2026-10", "first-contact-resolution", "3%", "3%", "780.00", "EUR"],
    ]
    (record,) = json.loads(_scorecard(specs, "--credits", "--format", "json").stdout)["credits"]
    assert record == {
        "process": "billing-disputes",
        "month": "2026-10",
        "by_kpi": {"first-contact-resolution": 3.0},
        "percent": 3.0,
        "amount": 780.0,
        "currency": "EUR",
    }
    assert _scorecard(specs, "--credits", "--period", "2026-09").stdout.splitlines()[1:] == []


HOSTILE_NOTE = '"<script>alert(1)</script> [pay here](javascript:alert(2)) ![](https://evil/t.png) *x* | \x1b[31mred"'


def test_a_note_shows_as_written_in_the_markdown_and_csv_scorecards(specs):
    """Issue 22's reproducers: the Markdown scorecard (for a pull request or an issue) kept a note's HTML and
    `javascript:` link as markup, and the CSV one its escape codes, which a terminal showing it would run."""
    import markdown
    from bs4 import BeautifulSoup

    figures = specs / "measurements" / "billing-disputes.csv"
    figures.write_text(FIGURES + f"first-contact-resolution,2026-W44,71,{HOSTILE_NOTE}\n")
    table = _scorecard(specs, "--format", "markdown").stdout
    cells = BeautifulSoup(markdown.markdown(table, extensions=["tables"]), "html.parser")
    row = cells.find_all("tr")[1]
    assert [e.name for e in row.find_all(True)] == ["td"] * len(row.find_all("td"))  # no element but cells
    note = row.find_all("td")[-1].get_text()
    assert note == HOSTILE_NOTE.strip('"').replace("\x1b", "\\x1b")
    assert "\x1b" not in _scorecard(specs, "--format", "csv").stdout
    assert "\\x1b[31mred" in _scorecard(specs, "--format", "csv").stdout
