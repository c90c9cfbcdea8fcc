"""Vendor selection: contract, due diligence and certificates, judged against today (2026-11-23)."""

import datetime as dt

from generator.check.config import Config
from tests.conftest import Case, case_tests, complete_process, complete_vendor, edit

CONTRACT = (
    "contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, data_processing_agreement: 2025-12-15,\n"
    "           breach_notification: 24h}\n"
)
DUE_DILIGENCE = "security_audit: 2025-11-20"
PILOT = "  pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two consecutive weeks}\n"
# A process approved for handover whose transition is still ahead: start 2026-12-07, go-live 2027-02-15.
READY = (
    ("status: live", "status: ready"),
    ("  start: 2026-03-02\n", "  start: 2026-12-07\n"),
    (PILOT, ""),
    ("go_live: 2026-05-18", "go_live: 2027-02-15"),
)
ISO = "{id: iso-27001, expires: 2028-06-30}"
VENDOR_LINE = "acme-bpo\n"  # the process's `vendor: acme-bpo`


def contract(new: str) -> tuple[str, str]:
    return (CONTRACT, new)


CASES = [
    Case(
        "T007",
        "error",
        (("certifications: [iso-27001]", "certifications: [iso-27001, pci-dss]"),),
        "pci-dss]",
        name="not-held",
    ),
    Case(
        "T007", "error", (), "iso-27001]", vendor_edits=((ISO, "{id: iso-27001, expires: 2026-06-30}"),), name="expired"
    ),
    Case("T010", "error", (), VENDOR_LINE, vendor_edits=(("site_visit: 2025-11-12, ", ""),)),
    Case("T012", "error", (), "2026-05-18", vendor_edits=(("end: 2028-12-31", "end: 2026-04-30"),)),
    Case("T015", "error", (), VENDOR_LINE, vendor_edits=(contract(""),), name="none"),
    Case(
        "T015",
        "error",
        (),
        VENDOR_LINE,
        vendor_edits=(contract("contract: {reference: MSA-2025-017, end: 2028-12-31}\n"),),
        name="no-start",
    ),
    Case("T016", "error", (), VENDOR_LINE, vendor_edits=(("end: 2028-12-31", "end: 2026-10-31"),)),
    Case("T017", "error", (), "2026-03-02", vendor_edits=(("start: 2026-01-01", "start: 2026-04-01"),)),
    Case(
        "T017",
        "error",
        (("  start: 2026-03-02\n", ""),),
        "2026-04-13",
        vendor_edits=(("start: 2026-01-01", "start: 2026-04-20"),),
        name="pilot-first",
    ),
    Case("T018", "warning", (), VENDOR_LINE, vendor_edits=(("end: 2028-12-31", "end: 2027-01-31"),)),
    Case(
        "T018",
        "warning",
        READY,
        VENDOR_LINE,
        vendor_edits=(("end: 2028-12-31", "end: 2027-04-30"),),
        name="after-go-live",
    ),
    Case("T019", "error", (), "2028-12-31", vendor_edits=(("start: 2026-01-01", "start: 2029-01-01"),), in_vendor=True),
    Case("T020", "warning", (), VENDOR_LINE, vendor_edits=(("reference: MSA-2025-017, ", ""),)),
    Case("T021", "error", (), VENDOR_LINE, vendor_edits=((DUE_DILIGENCE, "security_audit: 2026-04-20"),)),
    Case(
        "T021",
        "error",
        (),
        VENDOR_LINE,
        vendor_edits=(("reference_checks: 2025-10-15", "reference_checks: 2027-01-10"),),
        name="future",
    ),
    Case("T022", "error", READY, "iso-27001]", vendor_edits=((ISO, "{id: iso-27001, expires: 2027-01-31}"),)),
    Case("T023", "warning", (), "iso-27001]", vendor_edits=((ISO, "{id: iso-27001, expires: 2027-01-15}"),)),
]


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def vendor_with(*replacements: tuple[str, str]) -> str:
    return edit(complete_vendor(), *replacements)


def test_no_due_diligence_needed_for_a_draft(run_check):
    process = edit(complete_process(), ("status: live", "status: draft"))
    run_check(process, vendor_with(("site_visit: 2025-11-12, ", ""))).expect_none("T010")


def test_certificate_valid_today_passes(run_check):
    run_check(vendor=vendor_with((ISO, "{id: iso-27001, expires: 2026-11-23}"))).expect_none("T007")


def test_a_draft_needs_no_contract_yet(run_check):
    checked = run_check(edit(complete_process(), ("status: live", "status: draft")), vendor_with(contract("")))
    for code in ("T015", "T016", "T017", "T018", "T020"):
        checked.expect_none(code)


def test_the_messages_say_what_is_wrong(run_check):
    none = run_check(vendor=vendor_with(contract(""))).expect("T015", "error", VENDOR_LINE)
    assert none.message == "the process is live, but vendor 'acme-bpo' has no contract"
    ended = run_check(vendor=vendor_with(("end: 2028-12-31", "end: 2026-10-31"))).expect("T016", "error", VENDOR_LINE)
    assert "contract ended on 2026-10-31" in ended.message
    late = run_check(vendor=vendor_with(("start: 2026-01-01", "start: 2026-04-01"))).expect(
        "T017", "error", "2026-03-02"
    )
    assert late.message == "vendor 'acme-bpo' contract starts on 2026-04-01, after the transition starts (2026-03-02)"


def test_a_contract_that_ends_today_or_starts_with_the_transition_is_enough(run_check):
    vendor = vendor_with(contract("contract: {reference: MSA-2025-017, start: 2026-03-02, end: 2028-12-31}\n"))
    run_check(vendor=vendor).expect_none("T017")
    checked = run_check(vendor=vendor_with(("end: 2028-12-31", "end: 2026-11-23")))
    checked.expect_none("T016")
    assert "in 0 days" in checked.expect("T018", "warning", VENDOR_LINE).message


def test_contract_dates_are_judged_against_today(run_check):
    vendor = vendor_with(("end: 2028-12-31", "end: 2026-10-31"))
    run_check(vendor=vendor, today=dt.date(2026, 10, 1)).expect_none("T016")
    run_check(vendor=vendor, today=dt.date(2026, 11, 1)).expect("T016", "error", VENDOR_LINE)


def test_the_renewal_window_counts_from_go_live_when_that_is_later(run_check):
    process = edit(complete_process(), *READY)
    checked = run_check(process, vendor_with(("end: 2028-12-31", "end: 2027-04-30")))
    assert "74 days after go-live (2027-02-15)" in checked.expect("T018", "warning", VENDOR_LINE).message


def test_the_renewal_window_is_configurable(run_check):
    vendor = vendor_with(("end: 2028-12-31", "end: 2027-03-31"))
    run_check(vendor=vendor).expect_none("T018")
    checked = run_check(vendor=vendor, config=Config.with_options(contract_renewal_days=180))
    assert "within the 180-day renewal-notice window" in checked.expect("T018", "warning", VENDOR_LINE).message


def test_due_diligence_on_the_first_day_of_the_transition_is_in_time(run_check):
    run_check(vendor=vendor_with((DUE_DILIGENCE, "security_audit: 2026-03-02"))).expect_none("T021")


def test_due_diligence_in_the_future_says_it_is_planned(run_check):
    vendor = vendor_with(("reference_checks: 2025-10-15", "reference_checks: 2027-01-10"))
    finding = run_check(vendor=vendor).expect("T021", "error", VENDOR_LINE)
    assert (
        finding.message
        == "vendor 'acme-bpo' has its reference checks dated 2027-01-10, in the future (planned, not yet done)"
    )


def test_a_certificate_lapsing_before_go_live_is_one_error_not_also_a_warning(run_check):
    process = edit(complete_process(), *READY)
    checked = run_check(process, vendor_with((ISO, "{id: iso-27001, expires: 2026-12-31}")))
    checked.expect("T022", "error", "iso-27001]")
    checked.expect_none("T023")


def test_a_certificate_renewed_past_go_live_passes(run_check):
    process = edit(complete_process(), *READY)
    run_check(process, vendor_with((ISO, "{id: iso-27001, expires: 2027-02-15}"))).expect_none("T022")


def test_the_certificate_horizon_is_configurable(run_check):
    vendor = vendor_with((ISO, "{id: iso-27001, expires: 2027-03-01}"))
    run_check(vendor=vendor).expect_none("T023")
    checked = run_check(vendor=vendor, config=Config.with_options(certificate_horizon_days=120))
    assert "in 98 days" in checked.expect("T023", "warning", "iso-27001]").message


def test_certificates_the_process_does_not_require_are_not_its_concern(run_check):
    run_check(vendor=vendor_with(("{id: copc, expires: 2027-12-31}", "{id: copc, expires: 2026-12-01}"))).expect_none(
        "T023"
    )
