"""Transition, status against its dates (today is 2026-11-23), and risk."""

import datetime as dt

from generator.check.config import Config
from tests.conftest import Case, case_tests, complete_process, complete_vendor, edit

PILOT = "  pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two consecutive weeks}\n"
NO_PILOT = (PILOT, "")
HIGH = ("criticality: medium", "criticality: high")
READY, PILOT_STATUS = ("status: live", "status: ready"), ("status: live", "status: pilot")
# A pilot running today (2026-11-23), go-live ahead.
RUNNING = (PILOT, PILOT.replace("2026-04-13", "2026-11-02").replace("2026-05-08", "2026-12-18"))
LATER = ("go_live: 2026-05-18", "go_live: 2027-01-11")

CASES = [
    Case("T001", "error", (HIGH, NO_PILOT), "start: 2026-03-02"),
    Case(
        "T002",
        "error",
        (
            (
                "  knowledge_transfer:\n    - {item: Billing system walkthrough, method: training, owner: "
                "billing-lead}\n",
                "",
            ),
        ),
        "start: 2026-03-02",
    ),
    Case("T003", "error", (("  go_live: 2026-05-18\n", ""),), "start: 2026-03-02"),
    Case("T004", "error", (("go_live: 2026-05-18", "go_live: 2026-05-01"),), "2026-05-01", name="go-live-in-pilot"),
    Case(
        "T004",
        "error",
        ((PILOT, PILOT.replace("end: 2026-05-08", "end: 2026-04-01")),),
        "2026-04-01",
        name="pilot-ends-first",
    ),
    Case("T004", "error", (("  start: 2026-03-02\n", "  start: 2026-04-20\n"),), "2026-04-13", name="pilot-too-early"),
    Case("T005", "warning", (NO_PILOT, ("go_live: 2026-05-18", "go_live: 2026-03-23")), "2026-03-23"),
    Case("T008", "error", (("    mitigation: Mask card numbers in Zendesk\n", ""),), "id: pii-exposure"),
    Case("T009", "error", (("  overlap_hours: 13:00-17:00 UTC\n", ""),), "channels:", name="overlap"),
    Case("T009", "error", (("  languages: [en]\n", ""),), "channels:", name="languages"),
    Case("T011", "error", (("delivery_model: offshore", "delivery_model: nearshore"),), "nearshore"),
    Case("T024", "error", (LATER,), "live\ncriticality"),
    Case("T025", "error", (PILOT_STATUS, NO_PILOT), "pilot\ncriticality", name="no-pilot"),
    Case(
        "T025",
        "error",
        (PILOT_STATUS, (PILOT, PILOT.replace("2026-04-13", "2026-12-01").replace("2026-05-08", "2026-12-18")), LATER),
        "pilot\ncriticality",
        name="not-started",
    ),
    Case("T025", "error", (PILOT_STATUS,), "pilot\ncriticality", name="went-live"),
    Case("T025", "error", (PILOT_STATUS, ("  go_live: 2026-05-18\n", "")), "pilot\ncriticality", name="ended"),
    Case("T026", "error", (READY,), "ready\ncriticality", name="went-live"),
    Case("T026", "error", (READY, RUNNING, LATER), "ready\ncriticality", name="pilot-running"),
    Case(
        "T014",
        "error",
        (("    contingency: Vendor keeps two trained agents on a second team as cover\n", ""),),
        "- id: pii-exposure",
    ),
]


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def test_medium_criticality_needs_no_pilot(run_check):
    run_check(edit(complete_process(), NO_PILOT)).expect_none("T001")


def test_six_weeks_is_long_enough(run_check):
    run_check(edit(complete_process(), NO_PILOT, ("go_live: 2026-05-18", "go_live: 2026-04-13"))).expect_none("T005")


def test_minimum_transition_is_configurable(run_check):
    text = edit(complete_process(), NO_PILOT, ("go_live: 2026-05-18", "go_live: 2026-04-20"))
    run_check(text).expect_none("T005")
    checked = run_check(text, config=Config.with_options(transition_min_weeks=8))
    assert "less than 8" in checked.expect("T005", "warning", "2026-04-20").message


def test_onshore_process_needs_no_overlap_hours(run_check):
    process = edit(
        complete_process(),
        ("delivery_model: offshore", "delivery_model: onshore"),
        ("  overlap_hours: 13:00-17:00 UTC\n", ""),
    )
    vendor = edit(complete_vendor(), ("delivery_model: offshore", "delivery_model: onshore"))
    run_check(process, vendor).expect_none("T009")


def test_dates_out_of_order_stay_errors_in_a_draft(run_check):
    process, vendor = CASES[3].texts()
    run_check(process.replace("status: live", "status: draft"), vendor).expect("T004", "error", "2026-05-01")


def test_live_on_the_day_of_go_live(run_check):
    process = edit(complete_process(), ("go_live: 2026-05-18", "go_live: 2026-11-23"), NO_PILOT)
    run_check(process).expect_none("T024")
    finding = run_check(process, today=dt.date(2026, 11, 9)).expect("T024", "error", "live\ncriticality")
    assert finding.message == "status is live, but go-live is 2026-11-23, in 14 days"


def test_pilot_status_from_pilot_start_until_go_live(run_check):
    process = edit(complete_process(), PILOT_STATUS, RUNNING, LATER)
    for day in (dt.date(2026, 11, 2), dt.date(2026, 12, 18), dt.date(2027, 1, 10)):
        run_check(process, today=day).expect_none("T025")  # after the pilot ends, the go decision is pending
    finding = run_check(process, today=dt.date(2027, 1, 11)).expect("T025", "error", "pilot\ncriticality")
    assert finding.full_message == "status is pilot, but the process went live on 2027-01-11: write status: live"


def test_ready_until_the_pilot_starts(run_check):
    process = edit(complete_process(), READY, RUNNING, LATER)
    run_check(process, today=dt.date(2026, 11, 1)).expect_none("T026")
    finding = run_check(process).expect("T026", "error", "ready\ncriticality")
    assert finding.full_message == "status is ready, but the pilot started on 2026-11-02: write status: pilot"


def test_status_rules_leave_drafts_and_retired_processes_alone(run_check):
    for status in ("draft", "retired"):
        checked = run_check(edit(complete_process(), ("status: live", f"status: {status}"), LATER))
        for code in ("T024", "T025", "T026"):
            checked.expect_none(code)


def test_t009_names_the_vendors_languages_and_says_a_nearshore(run_check):
    text = edit(
        complete_process(), ("  languages: [en]\n", ""), ("delivery_model: offshore", "delivery_model: nearshore")
    )
    finding = run_check(text).expect("T009", "error", "channels:")
    assert finding.message == "a nearshore process names no working languages"
    assert finding.hint.startswith("add communication.languages: [en, tl]")  # acme-bpo's languages
