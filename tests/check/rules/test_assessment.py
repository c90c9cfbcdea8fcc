"""Stage 1 rules: each case edits the complete spec so that the rule fails, and checks where it points."""

from tests.conftest import complete_process, edit

OUTCOME = "outcome: Every dispute is answered within 2 business days and closed with a credit or a reasoned refusal.\n"
OBJECTIVES = "objectives:\n  - {goal: Resolve most disputes at first contact, kpi: first-contact-resolution}\n"


def test_a001_process_without_outcome(run_check):
    checked = run_check(edit(complete_process(), (OUTCOME, "")))
    checked.expect("A001", "error", "spec: 1")
    run_check().expect_none("A001")


def test_a001_empty_outcome_counts_as_missing(run_check):
    checked = run_check(edit(complete_process(), (OUTCOME, "outcome:\n")))
    checked.expect("A001", "error", "outcome:")


def test_a002_process_without_objectives(run_check):
    checked = run_check(edit(complete_process(), (OBJECTIVES, "objectives: []\n")))
    checked.expect("A002", "error", "[]")
    run_check().expect_none("A002")


def test_a003_objective_without_kpi(run_check):
    checked = run_check(edit(complete_process(), (", kpi: first-contact-resolution}", "}")))
    checked.expect("A003", "error", "{goal: Resolve")


def test_a003_objective_with_unknown_kpi(run_check):
    checked = run_check(edit(complete_process(), ("kpi: first-contact-resolution}", "kpi: fcr}")))
    checked.expect("A003", "error", "fcr}")
    run_check().expect_none("A003")


def test_a004_process_profile_incomplete(run_check):
    checked = run_check(edit(complete_process(), ("category: billing\n", ""), ("vendor: acme-bpo\n", "")))
    messages = [f.message for f in checked.codes("A004")]
    assert messages == ["the process has no category, vendor"]
    checked.expect("A004", "error", "spec: 1")
    run_check().expect_none("A004")


def test_draft_turns_completeness_findings_into_warnings(run_check):
    text = edit(complete_process(), (OUTCOME, ""), ("status: live", "status: draft"))
    checked = run_check(text)
    checked.expect("A001", "warning", "spec: 1")
    assert checked.result.errors == 0
