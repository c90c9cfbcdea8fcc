"""Waivers and configured severities: exceptions that stay visible."""

import datetime as dt

import pytest

from generator.check.config import Config, load_config
from generator.check.rules import RULES
from tests.conftest import TODAY, Case, case_tests, complete_process, edit, position

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
    Case("W005", "error", (*NO_PILOT_HIGH, waiver(VALID.replace("Dana Ruiz", "Ramon Santos"))), "Ramon Santos"),
    Case("W005", "error", (*NO_PILOT_HIGH, waiver(VALID.replace("Dana Ruiz", "me"))), "me, expires", name="nobody"),
    Case("W006", "error", (*NO_PILOT_HIGH, waiver(VALID.replace("2027-03-01", "2099-12-31"))), "2099-12-31"),
    Case(
        "W005",
        "error",
        (*NO_PILOT_HIGH, waiver(VALID), ("email: dana.ruiz@example.com}", "email: dana.ruiz@example.org}")),
        "Dana Ruiz, expires",
        name="owner-at-the-vendor",
    ),
]

INVALID = [c for c in CASES if c.code in ("W001", "W002", "W005", "W006")]


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


@pytest.mark.parametrize("case", INVALID, ids=lambda c: c.id)
def test_invalid_waiver_silences_nothing(run_check, case):
    process, vendor = case.texts()
    checked = run_check(process, vendor)
    assert checked.codes("T001") and checked.codes(case.code) and not checked.result.waivers
    checked.expect_none("W004")


def test_an_approver_from_the_vendor_is_named_as_such(run_check):
    finding = CASES[5].check(run_check)
    assert finding.message == "waiver for T001 is approved by Ramon Santos, Account manager of vendor 'acme-bpo'"
    assert finding.hint.startswith("have Dana Ruiz, the process owner, approve it")


@pytest.mark.parametrize("approver", ["dana ruiz", "Dana  Ruíz", "DANA.RUIZ@example.com"])
def test_the_owner_approves_by_name_or_email_however_written(run_check, approver):
    checked = run_check(edit(complete_process(), *NO_PILOT_HIGH, waiver(VALID.replace("Dana Ruiz", approver))))
    checked.expect_none("W005")
    checked.expect_none("T001")


def test_configured_approvers_approve_too(run_check):
    text = edit(complete_process(), *NO_PILOT_HIGH, waiver(VALID.replace("Dana Ruiz", "Sam Lee")))
    run_check(text).expect("W005", "error", "Sam Lee")
    checked = run_check(text, config=Config.with_options(waiver_approvers=["Sam Lee", "kim@example.com"]))
    checked.expect_none("W005")
    checked.expect_none("T001")
    assert [w.approved_by for w in checked.result.waivers] == ["Sam Lee"]


def test_a_waiver_may_run_exactly_the_maximum(run_check):
    limit = (TODAY + dt.timedelta(days=365)).isoformat()
    checked = run_check(edit(complete_process(), *NO_PILOT_HIGH, waiver(VALID.replace("2027-03-01", limit))))
    checked.expect_none("W006")
    checked.expect_none("T001")
    later = (TODAY + dt.timedelta(days=366)).isoformat()
    finding = run_check(edit(complete_process(), *NO_PILOT_HIGH, waiver(VALID.replace("2027-03-01", later)))).expect(
        "W006", "error", later
    )
    assert finding.message == f"waiver for T001 runs 366 days, to {later}: longer than the 365 days a waiver may run"
    assert finding.hint.startswith(f"set expires: {limit} at the latest")


def test_the_maximum_lifetime_is_configurable(run_check):
    text = edit(complete_process(), *NO_PILOT_HIGH, waiver(VALID.replace("2027-03-01", "2027-12-31")))
    run_check(text).expect("W006", "error", "2027-12-31")
    checked = run_check(text, config=Config.with_options(waiver_max_days=730))
    checked.expect_none("W006")
    checked.expect_none("T001")
    run_check(
        edit(complete_process(), *NO_PILOT_HIGH, waiver(VALID)), config=Config.with_options(waiver_max_days=30)
    ).expect("W006", "error", "2027-03-01")


def test_the_waiver_options_are_read_from_the_configuration_file(tmp_path):
    path = tmp_path / ".playbook.yaml"
    path.write_text("waiver_approvers: [Sam Lee]\nwaiver_max_days: 90\n", encoding="utf-8")
    config = load_config(str(path), frozenset(RULES))
    assert (config.options["waiver_approvers"], config.options["waiver_max_days"]) == (["Sam Lee"], 90)
    assert (Config().options["waiver_approvers"], Config().options["waiver_max_days"]) == ([], 365)


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


def test_an_owner_at_the_vendors_domain_approves_no_waiver(run_check):
    """The vendor's delivery manager written in as owner would waive the rules their own work breaks."""
    finding = next(c for c in CASES if c.name == "owner-at-the-vendor").check(run_check)
    assert finding.message == (
        "waiver for T001 is approved by Dana Ruiz, the process owner, whose e-mail is at the vendor's domain (P014)"
    )


# Two vendor steps answered for by the client: P005 on each.
CLIENT_ACCOUNTABLE = (
    (
        "    responsible: vendor-agent\n    accountable: vendor-lead\n    consulted: [billing-lead]\n",
        "    responsible: vendor-agent\n    accountable: billing-lead\n    consulted: [billing-lead]\n",
    ),
    (
        "    responsible: vendor-agent\n    accountable: vendor-lead\n    informed: [billing-lead]\n",
        "    responsible: vendor-agent\n    accountable: billing-lead\n    informed: [billing-lead]\n",
    ),
)
SCOPED = "{rule: P005, reason: Our lead signs off triage, approved_by: Dana Ruiz, expires: 2027-03-01, items: [%s]}"


def test_a_waiver_with_items_silences_its_rule_on_those_items_only(run_check):
    """A spec-wide waiver swallowed a new finding on another step; one scoped to items lets it through."""
    text = edit(complete_process(), *CLIENT_ACCOUNTABLE)
    assert len(run_check(text).codes("P005")) == 2
    checked = run_check(edit(text, waiver(SCOPED % "triage")))
    [left] = checked.codes("P005")
    assert left.message.startswith("step 'resolve'")
    [applied] = checked.result.waivers
    assert (applied.items, applied.silenced) == (("triage",), 1)
    [silenced] = applied.silences
    assert silenced.startswith(f"{position(text, 'accountable: billing-lead')[0]}:") and "step 'triage'" in silenced
    # Written for both, or for the whole spec, it silences both.
    assert run_check(edit(text, waiver(SCOPED % "triage, resolve"))).codes("P005") == []
    assert run_check(edit(text, waiver(SCOPED.replace(", items: [%s]", "")))).codes("P005") == []


def test_the_last_item_of_a_list_ends_where_the_next_section_starts(run_check):
    """The routines' last entry is followed by kpis: a finding on a KPI is not the routine's."""
    text = edit(complete_process(), ("    unit: percent\n", ""))  # K003 on the first KPI, right after the routine
    on_routine = SCOPED.replace("P005", "%s") % ("K003", "quality-sample")
    checked = run_check(edit(text, waiver(on_routine)))
    assert checked.codes("K003") and not checked.result.waivers[0].silenced
    stale = checked.expect("W004", "warning", "{rule: K003")
    assert "silences nothing: the rule passes on quality-sample" in stale.message
    on_kpi = SCOPED.replace("P005", "%s") % ("K003", "first-contact-resolution")
    assert run_check(edit(text, waiver(on_kpi))).codes("K003") == []


def test_a_waiver_for_an_item_that_is_not_there_silences_nothing(run_check):
    text = edit(complete_process(), *CLIENT_ACCOUNTABLE, waiver(SCOPED % "triage, resolv"))
    checked = run_check(text)
    assert len(checked.codes("P005")) == 2 and checked.result.waivers == []
    finding = checked.expect("W007", "error", "resolv]")
    assert (
        finding.full_message == "waiver for P005 is for 'resolv', which is no item of the spec: did you mean 'resolve'?"
    )
