"""Waivers and configured severities: exceptions that stay visible."""

import pytest

from generator.config import Config
from tests.conftest import Case, case_tests, complete_process, edit

PILOT = "  pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two consecutive weeks}\n"
NO_PILOT_HIGH = (("criticality: medium", "criticality: high"), (PILOT, ""))


def waiver(body: str) -> tuple[str, str]:
    return ("internal:\n", f"waivers:\n  - {body}\ninternal:\n")


VALID = "{rule: T001, reason: Parallel run instead of a pilot, approved_by: Dana Ruiz, expires: 2027-03-01}"

CASES = [
    Case("W001", "error", (*NO_PILOT_HIGH, waiver("{rule: T001}")), "{rule: T001}"),
    Case("W002", "error", (*NO_PILOT_HIGH, waiver(VALID.replace("2027-03-01", "2025-01-01"))), "2025-01-01"),
    Case("W003", "error", (waiver(VALID.replace("T001", "T01")),), "T01,", name="unknown"),
    Case("W003", "error", (waiver(VALID.replace("T001", "S001")),), "S001,", name="not-waivable"),
    Case("W004", "warning", (waiver(VALID),), "{rule: T001"),
]


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def test_valid_waiver_silences_its_rule_and_is_listed(run_check):
    checked = run_check(edit(complete_process(), *NO_PILOT_HIGH, waiver(VALID)))
    checked.expect_none("T001")
    checked.expect_none("W004")
    [applied] = checked.result.waivers
    assert (applied.rule, applied.silenced, applied.approved_by, applied.expires) == (
        "T001",
        1,
        "Dana Ruiz",
        "2027-03-01",
    )
    assert checked.result.summary()["waived"] == 1


@pytest.mark.parametrize("case", CASES[:2], ids=lambda c: c.id)
def test_invalid_waiver_silences_nothing(run_check, case):
    process, vendor = case.texts()
    checked = run_check(process, vendor)
    assert checked.codes("T001") and not checked.result.waivers


def test_configured_severities(run_check):
    text = edit(complete_process(), ("    target: 85\n", ""))
    run_check(text).expect("K002", "error", "id: first-contact-resolution")
    run_check(text, config=Config(severities={"K002": "warning"})).expect(
        "K002", "warning", "id: first-contact-resolution"
    )
    run_check(text, config=Config(severities={"K002": "off"})).expect_none("K002")


def test_off_rules_do_not_count_against_readiness(run_check):
    text = edit(complete_process(), ("    target: 85\n", ""))
    assert run_check(text).result.specs[0].readiness < 100
    assert run_check(text, config=Config(severities={"K002": "off"})).result.specs[0].readiness == 100
