"""Transition, vendor selection and risk."""

from generator.config import Config
from tests.conftest import Case, case_tests, complete_process, complete_vendor, edit

PILOT = "  pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two consecutive weeks}\n"
NO_PILOT = (PILOT, "")
HIGH = ("criticality: medium", "criticality: high")

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
    Case("T006", "error", (("  certifications: [iso-27001]\n", "  certifications: []\n"),), "id: triage\n"),
    Case(
        "T007",
        "error",
        (("certifications: [iso-27001]", "certifications: [iso-27001, pci-dss]"),),
        "pci-dss]",
        name="not-held",
    ),
    Case(
        "T007",
        "error",
        (),
        "iso-27001]",
        vendor_edits=(("{id: iso-27001, expires: 2028-06-30}", "{id: iso-27001, expires: 2026-06-30}"),),
        name="expired",
    ),
    Case("T008", "error", (("    mitigation: Mask card numbers in Zendesk\n", ""),), "id: pii-exposure"),
    Case("T009", "error", (("  overlap_hours: 13:00-17:00 UTC\n", ""),), "channels:", name="overlap"),
    Case("T009", "error", (("  languages: [en]\n", ""),), "channels:", name="languages"),
    Case("T010", "error", (), "acme-bpo\n", vendor_edits=(("site_visit: 2025-11-12, ", ""),)),
    Case("T011", "error", (("delivery_model: offshore", "delivery_model: nearshore"),), "nearshore"),
    Case("T012", "error", (), "2026-05-18", vendor_edits=(("end: 2028-12-31", "end: 2026-04-30"),)),
    Case("T013", "error", (("    category: data-security\n", "    category: compliance\n"),), "id: triage\n"),
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


def test_no_due_diligence_needed_for_a_draft(run_check):
    process = edit(complete_process(), ("status: live", "status: draft"))
    vendor = edit(complete_vendor(), ("site_visit: 2025-11-12, ", ""))
    run_check(process, vendor).expect_none("T010")


def test_certificate_valid_today_passes(run_check):
    vendor = edit(complete_vendor(), ("{id: iso-27001, expires: 2028-06-30}", "{id: iso-27001, expires: 2026-11-23}"))
    run_check(vendor=vendor).expect_none("T007")


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
