"""The measurement rules on files an owner or a reporting export would write, through the real check."""

from __future__ import annotations

import datetime as dt

from tests.conftest import complete_process, edit

FILE = "measurements/billing-disputes.csv"


def _findings(run_check, csv: str, process: str | None = None, today: dt.date | None = None):
    extra = {FILE: csv}
    checked = run_check(process, extra=extra, **({"today": today} if today else {}))
    return [(f.code, f.line, f.column) for f in checked.result.findings if f.path.endswith(".csv")], checked


def test_a_clean_file_gives_no_finding_and_breaches_are_not_findings(run_check):
    csv = "kpi,period,value,note\n" + "".join(
        f"first-contact-resolution,2026-W{week:02d},{value},\n" for week, value in ((40, 86), (41, 60), (42, 55))
    )
    found, checked = _findings(run_check, csv)
    assert found == [] and checked.result.errors == 0


def test_each_mistake_at_its_place(run_check):
    csv = (
        "kpi,period,value,note\n"
        "first-contact-resolutoin,2026-W40,85,\n"  # M002 at the kpi
        "first-contact-resolution,2026-10,85,\n"  # M003 at the period (weekly KPI)
        "first-contact-resolution,2027-W02,85,\n"  # M004: not over on 2026-11-23
        "first-contact-resolution,2026-W41,85,\n"
        "first-contact-resolution,2026-W41,87,\n"  # M005 at the second
        "first-contact-resolution,2026-W42,850,\n"  # M006 at the value
        "first-contact-resolution,2026-W43,85 %,\n"  # M001 at the value
    )
    found, checked = _findings(run_check, csv)
    assert sorted(found, key=lambda f: f[1]) == [
        ("M002", 2, 1),
        ("M003", 3, 26),
        ("M004", 4, 26),
        ("M005", 6, 26),
        ("M006", 7, 35),
        ("M001", 8, 35),
    ]
    messages = {f.code: f.full_message for f in checked.result.findings}
    assert "did you mean 'first-contact-resolution'?" in messages["M002"]
    assert "write it as 2026-W15" in messages["M003"]
    assert "on line 5" in messages["M005"]
    assert "between 0 and 100" in messages["M006"]


def test_a_file_named_after_no_process(run_check, tmp_path):
    checked = run_check(extra={"measurements/billing-dispute.csv": "kpi,period,value\n"})
    (finding,) = [f for f in checked.result.findings if f.code == "M007"]
    assert finding.path.endswith("billing-dispute.csv") and "rename it to billing-disputes.csv" in finding.hint


def test_a_score_above_its_scale(run_check):
    process = edit(
        complete_process(),
        ("    unit: percent\n", "    unit: score\n    scale: 5\n"),
        ("    target: 85\n", "    target: 4.2\n"),
        ("    threshold: 75\n", "    threshold: 3.8\n"),
        ("    baseline: 70\n", "    baseline: 3.9\n"),
    )
    found, checked = _findings(
        run_check,
        "kpi,period,value\nfirst-contact-resolution,2026-W40,4.6\nfirst-contact-resolution,2026-W41,5.5\n",
        process,
    )
    assert [f for f in found if f[0] == "M006"] == [("M006", 3, 35)], checked.result.findings


def test_hostile_files_through_the_command(tmp_path):
    import shutil
    import subprocess
    import sys

    from tests.conftest import COMPLETE

    specs = tmp_path / "process_specs"
    shutil.copytree(COMPLETE, specs)
    (specs / "measurements").mkdir()
    (specs / "measurements" / "billing-disputes.csv").write_bytes(b"kpi,period,value\n\x00\xff" * 50)
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--today", "2026-11-23", str(specs)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "measurements/billing-disputes.csv:2:1: Y004 error file is binary" in run.stdout
