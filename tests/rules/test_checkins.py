"""Key 4, check in and adjust; stage 5, continuous improvement."""

from tests.conftest import Case, case_tests, complete_process, edit, replace_block

CASES = [
    Case("C001", "error", replace_block("  checkins:\n", "  escalation_path:", "  checkins: []\n"), "[]"),
    Case(
        "C002",
        "error",
        (("attendees: [billing-lead, vendor-lead]", "attendees: [billing-lead]"),),
        "[billing-lead]\n      agenda",
        name="no-vendor",
    ),
    Case(
        "C002",
        "error",
        (("attendees: [billing-lead, vendor-lead]", "attendees: [vendor-agent, vendor-lead]"),),
        "[vendor-agent, vendor-lead]",
        name="no-client",
    ),
    Case("C003", "error", (("      frequency: weekly\n", "      frequency: monthly\n"),), "first-contact-resolution]"),
    Case(
        "C004",
        "error",
        (("  feedback:\n    - {source: Post-contact customer survey, cadence: monthly, owner: billing-lead}\n", ""),),
        "checkins:",
    ),
    Case(
        "C005",
        "error",
        (("  improvement: {cadence: quarterly, owner: billing-lead, scope: Process changes and automation}\n", ""),),
        "checkins:",
    ),
]


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def test_kpi_measured_more_often_than_reviewed_passes(run_check):
    text = edit(complete_process(), ("      frequency: weekly\n", "      frequency: daily\n"))
    run_check(text).expect_none("C003")


def test_kpi_measured_monthly_reviewed_monthly_passes(run_check):
    text = edit(
        complete_process(),
        ("      frequency: weekly\n", "      frequency: monthly\n"),
        ("      cadence: weekly\n      attendees", "      cadence: monthly\n      attendees"),
    )
    run_check(text).expect_none("C003")
