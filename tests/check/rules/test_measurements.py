"""The measurement rules on files an owner or a reporting export would write, through the real check."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import complete_process, edit, position

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
    assert "write the ISO week as YYYY-Www, e.g. 2026-W15" in messages["M003"]
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
    (specs / "measurements").mkdir(exist_ok=True)
    (specs / "measurements" / "billing-disputes.csv").write_bytes(b"kpi,period,value\n\x00\xff" * 50)
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--today", "2026-11-23", str(specs)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "measurements/billing-disputes.csv:2:1: Y004 error file is binary" in run.stdout


def _overdue(checked) -> list[str]:
    return [f"{f.line}:{f.column} {f.message}" for f in checked.result.findings if f.code == "M008"]


def test_a_kpi_without_its_last_two_figures_is_overdue(run_check):
    # On 2026-11-23 the last two weeks that ended are W46 and W47: one of them is enough.
    for rows, overdue in (("W45", True), ("W46", False), ("W47", False), ("W45\n" + "", True)):
        csv = f"kpi,period,value\nfirst-contact-resolution,2026-{rows.strip()},86\n"
        checked = run_check(extra={FILE: csv})
        assert bool(_overdue(checked)) is overdue, rows
    (finding,) = [f for f in run_check(extra={FILE: "kpi,period,value\n"}).result.findings if f.code == "M008"]
    assert (finding.line, finding.severity.value) == (76, "warning")  # at the KPI's id
    assert "no figure for 2026-W46 or 2026-W47" in finding.message and "Zendesk report FCR-weekly" in finding.hint
    checked = run_check(extra={FILE: "kpi,period,value\nfirst-contact-resolution,2026-W40,86\n"})
    assert _overdue(checked) == [
        "76:9 KPI first-contact-resolution has no figure for 2026-W46 or 2026-W47; the latest is for 2026-W40"
    ]


def test_a_live_process_without_a_measurement_file_is_one_finding(run_check):
    checked = run_check(extra={FILE: None})
    assert _overdue(checked) == ["76:3 billing-disputes is live but no figure of its KPIs is recorded"]
    assert "measurements/billing-disputes.csv" in checked.codes("M008")[0].hint


def test_figures_are_due_from_the_day_the_vendor_began(run_check):
    # A pilot that began on Wednesday 2026-11-11: W47 is due, W46 only partly, so nothing is overdue yet.
    recent = edit(complete_process(), ("start: 2026-04-13, end: 2026-05-08", "start: 2026-11-11, end: 2026-12-04"))
    assert _overdue(run_check(recent, extra={FILE: None})) == []
    # From Monday 2026-11-09 both W46 and W47 are due.
    started = edit(complete_process(), ("start: 2026-04-13, end: 2026-05-08", "start: 2026-11-09, end: 2026-12-04"))
    assert _overdue(run_check(started, extra={FILE: None}))
    # Drafts and processes not yet started owe no figures.
    for status in ("draft", "ready"):
        assert (
            _overdue(run_check(edit(complete_process(), ("status: live", f"status: {status}")), extra={FILE: None}))
            == []
        )
    # A monthly KPI: October and September are the last two months on 2026-11-23.
    monthly = edit(complete_process(), ("      frequency: weekly\n", "      frequency: monthly\n"))
    assert _overdue(run_check(monthly, extra={FILE: "kpi,period,value\nfirst-contact-resolution,2026-09,86\n"})) == []
    assert _overdue(run_check(monthly, extra={FILE: "kpi,period,value\nfirst-contact-resolution,2026-08,86\n"}))


def test_a_fortnight_named_by_either_of_its_weeks_counts(run_check):
    biweekly = edit(complete_process(), ("      frequency: weekly\n", "      frequency: biweekly\n"))
    # Fortnights the checker counts start on odd weeks: W43-W44 and W45-W46 are the last two on 2026-11-23.
    for week, overdue in (("W44", False), ("W46", False), ("W41", True)):
        csv = f"kpi,period,value\nfirst-contact-resolution,2026-{week},86\n"
        assert bool(_overdue(run_check(biweekly, extra={FILE: csv}))) is overdue, week


BREACHED_TWICE = "kpi,period,value\nfirst-contact-resolution,2026-W46,72\nfirst-contact-resolution,2026-W47,70\n"
ACTION = (
    "  improvement: {cadence: quarterly, owner: billing-lead, scope: Process changes and automation}\n",
    "  improvement: {cadence: quarterly, owner: billing-lead, scope: Process changes and automation}\n"
    "  actions:\n"
    "    - {id: fcr-recovery, kpi: first-contact-resolution, opened: OPENED, owner: vendor-lead,\n"
    "       what: Coach the agents with the most reopened tickets, due: DUE CLOSED}\n",
)


def _with_action(opened="2026-11-18", due="2026-12-11", closed=""):
    new = (
        ACTION[1]
        .replace("OPENED", opened)
        .replace("DUE", due)
        .replace(" CLOSED", f", closed: {closed}" if closed else "")
    )
    return edit(complete_process(), (ACTION[0], new))


def _codes(checked, code):
    return [f"{f.line}:{f.column} {f.message}" for f in checked.result.findings if f.code == code]


def test_a_repeated_breach_wants_an_open_action(run_check):
    checked = run_check(extra={FILE: BREACHED_TWICE})
    assert _codes(checked, "M009") == [
        "76:9 KPI first-contact-resolution is past its threshold (75) for 2 periods in a row "
        "(2026-W46: 72, 2026-W47: 70) and no action on it is open"
    ]
    assert checked.codes("M009")[0].severity.value == "warning"
    # One breach is not yet a pattern; an open action answers the breach.
    assert _codes(run_check(extra={FILE: BREACHED_TWICE.replace(",72", ",80")}), "M009") == []
    assert _codes(run_check(_with_action(), extra={FILE: BREACHED_TWICE}), "M009") == []
    # An action closed before the day of the check, or opened after it, is no open action.
    assert _codes(run_check(_with_action(closed="2026-11-20"), extra={FILE: BREACHED_TWICE}), "M009")
    assert _codes(run_check(_with_action(opened="2026-11-30"), extra={FILE: BREACHED_TWICE}), "M009")


def test_the_number_of_breaches_before_an_action_is_configurable(run_check, tmp_path):
    from generator.check.config import load_config
    from generator.check.rules import RULES

    path = tmp_path / "playbook.yaml"
    path.write_text("breaches_before_action: 3\n")
    three = load_config(str(path), frozenset(RULES))
    assert _codes(run_check(extra={FILE: BREACHED_TWICE}, config=three), "M009") == []
    longer = BREACHED_TWICE.replace("value\n", "value\nfirst-contact-resolution,2026-W45,74\n")
    assert _codes(run_check(extra={FILE: longer}, config=three), "M009")


def test_an_open_action_past_its_due_day(run_check):
    checked = run_check(_with_action(opened="2026-10-05", due="2026-10-30"))
    (finding,) = checked.codes("M010")
    assert (
        finding.message == "action 'fcr-recovery' on first-contact-resolution was due on 2026-10-30 and is not closed"
    )
    assert finding.severity.value == "warning" and "closed: YYYY-MM-DD" in finding.hint
    assert checked.process_text.splitlines()[finding.line - 1][finding.column - 1 :].startswith("2026-10-30")
    assert run_check(_with_action(opened="2026-10-05", due="2026-10-30", closed="2026-10-28")).codes("M010") == []
    assert run_check(_with_action(due="2026-11-23")).codes("M010") == []  # due today is not late yet


def test_an_action_names_a_kpi_and_a_role_of_the_process(run_check):
    text = _with_action().replace("kpi: first-contact-resolution, opened", "kpi: first-contact-resolutoin, opened")
    text = text.replace("owner: vendor-lead,\n       what", "owner: vendor-leed,\n       what")
    checked = run_check(text)
    assert "did you mean 'first-contact-resolution'?" in checked.codes("R010")[0].hint
    assert any("vendor-leed" in f.message for f in checked.result.findings if f.code.startswith("R"))


def test_an_action_with_impossible_dates_is_a_finding_not_a_crash(run_check):
    text = _with_action(due="soon")
    checked = run_check(text, extra={FILE: BREACHED_TWICE})
    due = position(text, "due: soon")[0]
    assert any(f.code.startswith("S") and f.line == due for f in checked.result.findings)
    assert _codes(checked, "M010") == []  # no due day to be past
    # A date of no real day is refused by its field (and the action with it), not "no such process" (M007).
    checked = run_check(_with_action(opened="2026-13-01"), extra={FILE: BREACHED_TWICE})
    assert [f.code for f in checked.result.findings if f.code.startswith("S")] == ["S005"]
    assert "2026-13-01" in checked.codes("S005")[0].message and _codes(checked, "M007") == []


def test_a_file_that_cannot_be_read_is_one_finding_not_every_kpi_overdue(run_check):
    # A spreadsheet in a European locale exports semicolons and decimal commas.
    checked = run_check(extra={FILE: "kpi;period;value;note\nfirst-contact-resolution;2026-W47;85,5;\n"})
    assert [f.code for f in checked.result.findings] == ["M001"]


def test_m011_action_dates_out_of_order(run_check):
    closed_early = run_check(_with_action(opened="2026-11-18", due="2026-12-11", closed="2026-11-10"))
    finding = closed_early.expect("M011", "error", "2026-11-10")
    assert finding.message == "action 'fcr-recovery' is closed on 2026-11-10, before it was opened on 2026-11-18"
    run_check(_with_action(opened="2026-11-18", due="2026-11-02")).expect("M011", "error", "2026-11-02")
    run_check(_with_action(opened="2026-11-18", due="2026-12-11", closed="2026-11-18")).expect_none("M011")


@pytest.mark.parametrize(
    ("frequency", "period", "message", "hint"),
    [
        ("weekly", "2026-W74", "names no real week", "ISO weeks run from W01 to W52"),
        ("monthly", "2026-13", "names no real month", "months run from 01 to 12"),
        ("monthly", "2026-010", "is not a monthly period", "write the month as YYYY-MM, e.g."),
        ("quarterly", "2026-10", "is not a quarterly period", "write the quarter as YYYY-Qn, e.g."),
    ],
)
def test_m003_says_what_is_wrong_not_which_period_to_write(run_check, frequency, period, message, hint):
    """Tried from outside: '2026-W74' was answered with 'write it as 2026-W15', which reads as the period the
    tool thinks was meant."""
    text = edit(complete_process(), ("      frequency: weekly\n", f"      frequency: {frequency}\n"))
    checked = run_check(text, extra={FILE: f"kpi,period,value\nfirst-contact-resolution,{period},85\n"})
    [finding] = [f for f in checked.result.findings if f.code == "M003"]
    assert (finding.line, finding.column, finding.severity.value) == (2, 26, "error")
    assert message in finding.message and hint in finding.hint, finding.full_message


def test_m012_a_figure_from_before_the_handover_is_a_slip_of_the_year(run_check):
    """Tried from outside: 2025-W46 for 2026-W46 passed, and took a breach, and its credit, out of November."""
    csv = "kpi,period,value\nfirst-contact-resolution,2025-W46,72\nfirst-contact-resolution,2026-W10,72\n"
    checked = run_check(extra={FILE: csv})
    found = [(f.line, f.severity.value, f.message) for f in checked.result.findings if f.code == "M012"]
    # The transition began on 2026-03-02: 2026-W10 (2 to 8 March) is in it, 2025-W46 a year before.
    assert found == [(2, "warning", "period 2025-W46 ended on 2025-11-16, before the transition began (2026-03-02)")]
    # Without a transition start, the pilot's start counts.
    no_start = edit(complete_process(), ("transition:\n  start: 2026-03-02\n", "transition:\n"))
    later = "kpi,period,value\nfirst-contact-resolution,2026-W14,72\n"  # 30 March to 5 April, before 13 April
    assert [f.code for f in run_check(no_start, extra={FILE: later}).result.findings if f.code == "M012"] == ["M012"]


def test_m003_periods_of_another_form_are_one_finding_per_kpi_that_names_the_form(run_check):
    """Tried from outside: changing a KPI from weekly to monthly in the spec gave one error per weekly row."""
    text = edit(complete_process(), ("      frequency: weekly\n", "      frequency: monthly\n"))
    csv = "kpi,period,value\n" + "".join(f"first-contact-resolution,2026-W{w},85\n" for w in (40, 41, 42))
    csv += "first-contact-resolution,2026-13,85\n"  # the right form, but no such month: its own finding
    checked = run_check(text, extra={FILE: csv})
    found = [(f.line, f.message, f.hint) for f in checked.result.findings if f.code == "M003"]
    frequency_line = text[: text.index("frequency: monthly")].count("\n") + 1
    assert found == [
        (
            2,
            "3 periods of KPI 'first-contact-resolution' are not monthly periods ('2026-W40' here, the first; "
            "all are weekly periods)",
            f"if the KPI is measured weekly, set its frequency on line {frequency_line} to weekly; if not, write "
            "the month as YYYY-MM, e.g. 2026-04 (the KPI is measured monthly)",
        ),
        (5, "period '2026-13' names no real month", "months run from 01 to 12"),
    ]


def test_m012_is_one_finding_per_kpi_with_how_many_figures_and_which(run_check):
    """In-house history pasted above the vendor's figures gave one warning per week: 396 in one file."""
    weeks = (47, 45, 46)  # out of order in the file: the range is still first to last in time
    csv = "kpi,period,value\n" + "".join(f"first-contact-resolution,2025-W{w},72\n" for w in weeks)
    csv += "first-contact-resolution,2026-W20,72\n"
    found = [f for f in run_check(extra={FILE: csv}).result.findings if f.code == "M012"]
    assert [(f.line, f.message) for f in found] == [
        (
            2,
            "3 figures of KPI 'first-contact-resolution' (2025-W45 to 2025-W47, the first in the file here) are for "
            "periods that ended before the transition began (2026-03-02)",
        )
    ]


def test_m002_is_one_finding_per_unknown_kpi_with_its_row_count(run_check):
    """Tried from outside: a KPI renamed in the spec only gave one M002 per row of its figures."""
    csv = "kpi,period,value\n" + "".join(f"fcr-old,2026-W{w},85\n" for w in (44, 45, 46)) + "aht,2026-W46,3\n"
    checked = run_check(extra={FILE: csv})
    found = [(f.line, f.message) for f in checked.result.findings if f.code == "M002"]
    assert found == [
        (2, "KPI 'fcr-old' is not a KPI of billing-disputes (3 rows, the first here)"),
        (5, "KPI 'aht' is not a KPI of billing-disputes"),
    ]


def test_m013_percentages_exported_as_fractions(run_check):
    """A spreadsheet cell formatted as 85 % exports 0.85: read against a target of 85, a breach each week."""
    fractions = "kpi,period,value\n" + "".join(f"first-contact-resolution,2026-W{w},0.8{w % 10}\n" for w in (40, 41))
    found = [f for f in run_check(extra={FILE: fractions}).result.findings if f.code == "M013"]
    assert [(f.line, f.column, f.severity.value, f.message) for f in found] == [
        (
            2,
            35,
            "error",
            "all 2 figures of KPI 'first-contact-resolution' lie between 0 and 1, against its target of 85: they "
            "read as fractions (0.8 for 80 %)",
        )
    ]


def test_m013_a_target_written_as_a_fraction_against_figures_in_percent(run_check):
    """Tried from outside: target 0.9 for 90 % passed at 100 %, and the scorecard showed every week met."""
    process = edit(
        complete_process(),
        ("    target: 85\n", "    target: 0.85\n"),
        ("    threshold: 75\n", "    threshold: 0.75\n"),
        ("    baseline: 70\n", "    baseline: 0.7\n"),
    )
    csv = "kpi,period,value\nfirst-contact-resolution,2026-W40,71\nfirst-contact-resolution,2026-W41,88\n"
    found = [f for f in run_check(process, extra={FILE: csv}).result.findings if f.code == "M013"]
    line = process[: process.index("target: 0.85")].count("\n") + 1
    assert [(f.path.endswith(".yaml"), f.line, f.severity.value, f.message) for f in found] == [
        (
            True,
            line,
            "error",
            "KPI 'first-contact-resolution' has a target of 0.85 %, but its 2 figures lie between 71 and 88: the "
            "target reads as a fraction (0.85 for 85 %)",
        )
    ]


@pytest.mark.parametrize(
    ("process_edit", "csv_values"),
    [
        (None, ("0.85", "86")),  # one figure written as a percentage: not a spreadsheet's export
        (None, ("0", "0")),  # nothing at all, which a lower-is-better KPI may well reach
        (None, ("0.85",)),  # one figure says too little
        # A KPI that really stays under 1 %: its target says so.
        ((("    target: 85\n", "    target: 0.5\n"), ("    threshold: 75\n", "    threshold: 0.8\n")), ("0.4", "0.6")),
        # A conversion rate aimed at 0.8 % that does better: not ten times its target.
        ((("    target: 85\n", "    target: 0.8\n"), ("    threshold: 75\n", "    threshold: 0.6\n")), ("1.2", "7")),
        ((("    unit: percent\n", "    unit: count\n"),), ("0.85", "0.9")),  # not a percentage
    ],
)
def test_m013_passes_figures_that_are_not_fractions_of_a_percentage(run_check, process_edit, csv_values):
    process = edit(complete_process(), *process_edit) if process_edit else None
    csv = "kpi,period,value\n" + "".join(
        f"first-contact-resolution,2026-W{40 + i},{value}\n" for i, value in enumerate(csv_values)
    )
    assert not [f for f in run_check(process, extra={FILE: csv}).result.findings if f.code == "M013"]


def test_a_second_measurement_file_is_named_and_its_breach_is_not_lost_silently(run_check, tmp_path):
    """Issue 22's reproducer: a process's figures in two `measurements/` folders; the second was ignored
    without a word. Now the first (in path order) is read, as before, and each other one is an error."""
    breach = "kpi,period,value,note\nfirst-contact-resolution,2026-W46,10,\n"
    checked = run_check(extra={"regional/measurements/billing-disputes.csv": breach})
    second = [f for f in checked.result.findings if f.code == "M014"]
    assert [(f.path.endswith("regional/measurements/billing-disputes.csv"), f.line, f.severity) for f in second] == [
        (True, 1, "error")
    ]
    assert "process_specs/measurements/billing-disputes.csv" in second[0].message
    assert [f for f in checked.result.findings if f.code == "M007"] == []
    # The same two files without the duplicate: no finding.
    (tmp_path / "process_specs" / "regional" / "measurements" / "billing-disputes.csv").unlink()
    assert [f for f in run_check().result.findings if f.code == "M014"] == []


def _weeks(*values, first: int = 40, notes: dict[int, str] | None = None) -> str:
    notes = notes or {}
    return "kpi,period,value,note\n" + "".join(
        f"first-contact-resolution,2026-W{first + i:02d},{value},{notes.get(i, '')}\n" for i, value in enumerate(values)
    )


def test_a_figure_a_decimal_place_off_that_turns_into_a_breach_is_m015(run_check):
    csv = _weeks(86, 84, 87, 85, 8.5)
    found, checked = _findings(run_check, csv)
    assert ("M015", 6, len("first-contact-resolution,2026-W44,") + 1) in found
    [finding] = checked.codes("M015")
    assert finding.message == (
        "8.5 for first-contact-resolution in 2026-W44 is far below the median of its last 4 figures (85.5), "
        "and a breach where they are not"
    )
    # Explained in its row's note, it stands.
    assert _findings(run_check, _weeks(86, 84, 87, 85, 8.5, notes={4: "System outage all week"}))[0] == []


def test_a_hidden_breach_is_m015_and_an_improvement_on_the_same_side_is_not(run_check):
    lower = edit(
        complete_process(),
        ("    direction: higher-is-better\n", "    direction: lower-is-better\n"),
        ("    target: 85\n", "    target: 8\n"),
        ("    threshold: 75\n", "    threshold: 10\n"),
        ("    baseline: 70\n", "    baseline: 12\n"),
    )
    found, _ = _findings(run_check, _weeks(14, 12, 15, 1.3), process=lower)  # breaches, then one written /10
    assert [f[0] for f in found] == ["M015"]
    found, _ = _findings(run_check, _weeks(7, 6, 7.5, 1.2), process=lower)  # met, and far better: no credit moves
    assert found == []


@pytest.mark.parametrize(
    "values",
    [(86, 84, 8.5), (0, 0, 0, 0, 85), (86, 84, 87, 85, 60, 86)],
    ids=["too-few-figures", "zero-median", "a-real-drop-within-five-times"],
)
def test_m015_needs_history_a_median_and_a_factor_of_five(run_check, values):
    found, _ = _findings(run_check, _weeks(*values))
    assert "M015" not in [f[0] for f in found]
