"""Key 4, check in and adjust; stage 5, continuous improvement."""

from tests.conftest import Case, case_tests, complete_process, edit, replace_block

QUARTERLY = "      cadence: weekly\n      attendees"

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
    Case(
        "C006", "error", ((QUARTERLY, "      cadence: quarterly\n      attendees"),), "- name: Weekly operations review"
    ),
    Case(
        "C006",
        "error",
        (("status: live", "status: pilot"), (QUARTERLY, "      cadence: yearly\n      attendees")),
        "- name: Weekly operations review",
        name="pilot",
    ),
    Case(
        "C007",
        "error",
        (("owner: billing-lead, scope: Process", "owner: vendor-lead, scope: Process"),),
        "vendor-lead, scope",
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


def test_a_monthly_checkin_is_often_enough(run_check):
    run_check(edit(complete_process(), (QUARTERLY, "      cadence: monthly\n      attendees"))).expect_none("C006")


def test_one_frequent_checkin_beside_a_quarterly_review_is_enough(run_check):
    text = edit(
        complete_process(),
        (
            "  escalation_path:",
            "    - {name: Quarterly business review, cadence: quarterly, attendees: [billing-lead, vendor-lead]}\n"
            "  escalation_path:",
        ),
    )
    run_check(text).expect_none("C006")


def test_a_retired_process_needs_no_frequent_checkin(run_check):
    text = edit(
        complete_process(),
        ("status: live", "status: retired"),
        (QUARTERLY, "      cadence: quarterly\n      attendees"),
    )
    run_check(text).expect_none("C006")


def test_a_draft_with_only_a_quarterly_review_is_warned(run_check):
    text = edit(
        complete_process(), ("status: live", "status: draft"), (QUARTERLY, "      cadence: quarterly\n      attendees")
    )
    finding = run_check(text).expect("C006", "warning", "- name: Weekly operations review")
    assert finding.message == "the most frequent check-in meets quarterly: problems wait that long to be discussed"


def test_no_checkin_at_all_is_c001_alone(run_check):
    checked = run_check(CASES[0].texts()[0])
    checked.expect_none("C006")
    assert checked.codes("C001")


def test_an_improvement_review_led_by_the_client_passes(run_check):
    run_check().expect_none("C007")


def test_a_checkin_every_shift_reviews_only_what_is_measured_every_shift(run_check):
    # `shift` is the most frequent cadence: a shift huddle reviewing a daily figure sees yesterday's number.
    text = edit(complete_process(), (QUARTERLY, "      cadence: shift\n      attendees"))
    finding = run_check(text).expect("C003", "error", "first-contact-resolution]")
    assert finding.message == (
        "KPI 'first-contact-resolution' is measured weekly but reviewed every shift in 'Weekly operations review'"
    )
    assert finding.hint.startswith("measure it every shift or more often")
    measured = edit(text, ("      frequency: weekly\n", "      frequency: shift\n"))
    checked = run_check(measured)
    for code in ("C003", "C006", "S004"):
        checked.expect_none(code)


def test_a_biweekly_cadence_is_said_in_words(run_check):
    text = edit(complete_process(), ("      frequency: weekly\n", "      frequency: biweekly\n"))
    finding = run_check(text).expect("C003", "error", "first-contact-resolution]")
    assert "is measured every two weeks but reviewed weekly" in finding.message


def test_cadences_are_ordered_from_most_to_least_frequent():
    from generator.spec.schema import CADENCE_WORDS, CADENCES

    assert CADENCES == ("shift", "daily", "weekly", "biweekly", "monthly", "quarterly", "yearly")
    assert set(CADENCE_WORDS) == set(CADENCES)
