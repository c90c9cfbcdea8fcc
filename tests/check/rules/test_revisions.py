"""N001-N003: a change to a running process its vendor must be told of raises the revision, keeps the
notice period and names its amendment; judged against the version compared with (`check --base`)."""

from __future__ import annotations

import pytest

from tests.conftest import complete_process, complete_vendor, edit

REVISED = ("status: live\n", "status: live\nrevision: {number: 3, effective: 2026-09-01}\n")
LIVE = edit(complete_process(), REVISED)
NOTICE = ("breach_notification: 24h}", "breach_notification: 24h, change_notice: {operational: 14d, contractual: 60d}}")
VENDOR = edit(complete_vendor(), NOTICE)


def revised(text: str, revision: str) -> str:
    return edit(text, ("revision: {number: 3, effective: 2026-09-01}", f"revision: {revision}"))


def test_an_sla_tightened_without_a_new_revision_is_an_error_at_the_change(run_check):
    after = edit(LIVE, ("    sla: 4h\n", "    sla: 2h\n"))
    found = run_check(after, VENDOR, before=LIVE).expect("N001", "error", "2h\n")
    assert "operational change (steps[triage].sla)" in found.message and "still 3" in found.message
    # The hint writes the next number and the first day the vendor's 14 days of notice allow (TODAY + 14).
    assert "revision: {number: 4, effective: 2026-12-07" in found.hint


def test_a_revision_raised_with_enough_notice_passes(run_check):
    after = revised(
        edit(LIVE, ("    sla: 4h\n", "    sla: 2h\n")), "{number: 4, effective: 2026-12-07, summary: Faster}"
    )
    result = run_check(after, VENDOR, before=LIVE)
    for code in ("N001", "N002", "N003"):
        result.expect_none(code)


@pytest.mark.parametrize(
    ("effective", "where"),
    [("2026-12-06", "2026-12-06}"), ("2026-11-20", "2026-11-20}")],
)
def test_a_revision_sooner_than_the_notice_period_is_an_error(run_check, effective, where):
    after = revised(edit(LIVE, ("    sla: 4h\n", "    sla: 2h\n")), f"{{number: 4, effective: {effective}}}")
    found = run_check(after, VENDOR, before=LIVE).expect("N002", "error", where)
    assert "14d notice of an operational change" in found.message
    assert "effective: 2026-12-07 or later" in found.hint


def test_a_revision_without_an_effective_date_is_an_error(run_check):
    after = revised(edit(LIVE, ("    sla: 4h\n", "    sla: 2h\n")), "{number: 4, summary: Faster}")
    found = run_check(after, VENDOR, before=LIVE).expect("N002", "error", "{number: 4")
    assert "add effective: 2026-12-07" in found.hint


def test_business_days_of_notice_skip_the_weekend(run_check):
    vendor = edit(
        complete_vendor(), ("breach_notification: 24h}", "breach_notification: 24h, change_notice: {operational: 5bd}}")
    )
    after = revised(edit(LIVE, ("    sla: 4h\n", "    sla: 2h\n")), "{number: 4, effective: 2026-11-28}")
    # TODAY is Monday 23 November: five business days later is Monday 30 November.
    assert (
        "effective: 2026-11-30 or later"
        in run_check(after, vendor, before=LIVE).expect("N002", "error", "2026-11-28}").hint
    )


def test_a_contractual_change_needs_a_new_amendment(run_check):
    target = ("target: 85", "target: 88")
    after = revised(edit(LIVE, target), "{number: 4, effective: 2027-01-22}")
    found = run_check(after, VENDOR, before=LIVE).expect("N003", "error", "{number: 4")
    assert "contractual change (kpis[first-contact-resolution].target)" in found.message
    before = revised(LIVE, "{number: 3, effective: 2026-09-01, amendment: Amendment 1}")
    same = revised(edit(LIVE, target), "{number: 4, effective: 2027-01-22, amendment: Amendment 1}")
    run_check(same, VENDOR, before=before).expect("N003", "error", "Amendment 1}")
    signed = revised(edit(LIVE, target), "{number: 4, effective: 2027-01-22, amendment: Amendment 2}")
    run_check(signed, VENDOR, before=before).expect_none("N003")


def test_a_contractual_change_takes_the_contractual_notice(run_check):
    after = revised(edit(LIVE, ("target: 85", "target: 88")), "{number: 4, effective: 2026-12-07, amendment: A2}")
    found = run_check(after, VENDOR, before=LIVE).expect("N002", "error", "2026-12-07, amendment")
    assert "60d notice of a contractual change" in found.message


@pytest.mark.parametrize(
    "change",
    [
        ("confirm the invoice number", "confirm the invoice nubmer"),  # a typo: editorial
        ("Cost baseline EUR 42k", "Cost baseline EUR 44k"),  # an internal note: the vendor never sees it
        ("title: Billing dispute handling", "title: 'Billing dispute handling'  # quoted"),  # layout
    ],
)
def test_changes_the_vendor_need_not_be_told_of_need_no_revision(run_check, change):
    result = run_check(edit(LIVE, change), VENDOR, before=LIVE)
    for code in ("N001", "N002", "N003"):
        result.expect_none(code)


@pytest.mark.parametrize(("then", "now"), [("ready", "ready"), ("ready", "pilot"), ("draft", "draft")])
def test_a_process_the_vendor_does_not_run_yet_needs_no_revision(run_check, then, now):
    before = edit(LIVE, ("status: live\n", f"status: {then}\n"))
    after = edit(LIVE, ("status: live\n", f"status: {now}\n"), ("    sla: 4h\n", "    sla: 2h\n"))
    run_check(after, VENDOR, before=before).expect_none("N001")


def test_without_a_comparison_nothing_is_judged(run_check):
    run_check(edit(LIVE, ("    sla: 4h\n", "    sla: 2h\n")), VENDOR).expect_none("N001")
