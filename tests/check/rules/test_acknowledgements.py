"""N004-N011: each revision of a running process is acknowledged by a contact of its vendor, bound to the
text read; ledgers that cannot be read, or entries by strangers, are findings too."""

from __future__ import annotations

import pytest

from generator.check.config import Config
from generator.spec.digest import digest
from generator.spec.loader import parse
from tests.conftest import complete_process, edit

LEDGER = "acknowledgements/acme-bpo.yaml"


def text_at(effective: str, number: int = 4) -> str:
    return edit(
        complete_process(),
        ("status: live\n", f"status: live\nrevision: {{number: {number}, effective: {effective}}}\n"),
    )


def digest_of(text: str) -> str:
    return digest(parse(text, "x.yaml")[0].data)


def ledger(*entries: str) -> str:
    return "acknowledgements:\n" + "".join(f"  - {{{e}}}\n" for e in entries)


def entry(text: str, revision: int = 4, by: str = "ramon.santos@example.org", on: str = "2026-11-20", **other) -> str:
    fields = {"process": "billing-disputes", "revision": revision, "digest": digest_of(text), "by": by, "on": on}
    fields.update(other)
    return ", ".join(f"{k}: {v}" for k, v in fields.items())


def test_a_revision_not_yet_in_force_awaits_acknowledgement_as_a_warning(run_check):
    text = text_at("2026-12-07")
    found = run_check(text).expect("N004", "warning", "{number: 4")
    assert "takes effect on 2026-12-07, in 14 days, and no contact of acme-bpo has acknowledged it" in found.message
    assert "playbook acknowledge acme-bpo billing-disputes --by" in found.hint


def test_a_revision_in_force_without_acknowledgement_is_an_error(run_check):
    text = text_at("2026-11-02")
    result = run_check(text)
    found = result.expect("N005", "error", "{number: 4")
    assert "in force since 2026-11-02" in found.message
    result.expect_none("N004")


def test_an_acknowledgement_of_the_text_clears_both(run_check):
    text = text_at("2026-11-02")
    result = run_check(text, extra={LEDGER: ledger(entry(text))})
    for code in ("N004", "N005", "N006", "N008", "N009"):
        result.expect_none(code)


def test_an_acknowledgement_of_the_text_before_a_change_is_a_warning_not_an_error(run_check):
    read = text_at("2026-11-02")
    now = edit(read, ("confirm the invoice number", "confirm the invoice nubmer"))
    result = run_check(now, extra={LEDGER: ledger(entry(read))})
    found = result.expect("N010", "warning", "{number: 4")
    assert "acknowledged revision 4 on 2026-11-20, but its text has changed since" in found.message
    result.expect_none("N005")


def test_layout_edits_keep_the_acknowledgement(run_check):
    read = text_at("2026-11-02")
    relaid = edit(
        read, ("title: Billing dispute handling", "# the vendor's name for it\ntitle: 'Billing dispute handling'")
    )
    run_check(relaid, extra={LEDGER: ledger(entry(read))}).expect_none("N005")


def test_an_acknowledgement_of_a_later_revision_is_another_text(run_check):
    text = text_at("2026-11-02")
    result = run_check(text, extra={LEDGER: ledger(entry(text, revision=5))})
    result.expect("N005", "error", "{number: 4")
    (n006,) = result.codes("N006")
    assert n006.path.endswith(LEDGER) and "which is at revision 4" in n006.message


@pytest.mark.parametrize(
    ("fields", "code", "severity", "said"),
    [
        ({"by": "dana.ruiz@example.com"}, "N009", "error", "is not a contact of acme-bpo"),
        ({"process": "order-status"}, "N011", "warning", "there is no process 'order-status' among the specs"),
    ],
)
def test_an_entry_by_a_stranger_is_an_error_and_one_of_no_process_a_warning(run_check, fields, code, severity, said):
    """A ledger is never pruned: an entry of a process deleted since stays, and only warns (a typo might)."""
    text = text_at("2026-12-07")
    result = run_check(text, extra={LEDGER: ledger(entry(text, **fields))})
    (found,) = [f for f in result.result.findings if f.code == code]
    assert said in found.message and found.path.endswith(LEDGER) and found.severity.value == severity


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("process: billing-disputes, revision: 4, by: ramon.santos@example.org, on: 2026-11-20", "has no digest"),
        (
            "process: billing-disputes, revision: four, digest: 0123456789abcdef, by: a@b.org, on: 2026-11-20",
            "revision is not",
        ),
        ("process: billing-disputes, revision: 4, digest: 0123, by: a@b.org, on: 2026-11-20", "digest is not"),
        ("process: billing-disputes, revision: 4, digest: 0123456789abcdef, by: a@b.org, on: 20 Nov", "on is not"),
        (
            "process: billing-disputes, revision: 4, digest: 0123456789abcdef, by: a@b.org, on: 2026-11-20, ok: 1",
            "no key 'ok'",
        ),
    ],
)
def test_an_entry_that_cannot_be_read_is_n008_with_what_to_write(run_check, line, said):
    result = run_check(text_at("2026-12-07"), extra={LEDGER: ledger(line)})
    (found,) = [f for f in result.result.findings if f.code == "N008"]
    assert said in found.message and found.hint.startswith(("add", "write", "its keys"))
    assert found.severity.value == "error"


def test_a_ledger_that_is_not_a_list_is_one_finding_and_no_traceback(run_check):
    result = run_check(text_at("2026-12-07"), extra={LEDGER: "acknowledgements: yes\n"})
    assert [f.code for f in result.result.findings if f.path.endswith(LEDGER)] == ["N008"]


def test_a_process_not_reviewed_for_a_year_is_a_warning(run_check):
    text = text_at("2025-10-01")
    result = run_check(text, extra={LEDGER: ledger(entry(text, on="2025-09-20"))})
    found = result.expect("N007", "warning", "{number: 4")
    assert "not reviewed since 2025-10-01, more than 1y ago" in found.message
    later = run_check(text, extra={LEDGER: ledger(entry(text, on="2026-06-20"))})
    later.expect_none("N007")
    shorter = Config.with_options(review_every="3mo")
    run_check(text, config=shorter, extra={LEDGER: ledger(entry(text, on="2026-06-20"))}).expect(
        "N007", "warning", "{number: 4"
    )


def test_a_process_without_a_revision_is_not_yet_under_change_control(run_check):
    result = run_check(complete_process())
    for code in ("N004", "N005", "N007"):
        result.expect_none(code)


def test_a_ledger_named_alone_is_judged_against_every_process_of_its_folder(run_check, tmp_path):
    """As pre-commit runs it on a ledger just appended to: no spec findings on the ledger, no process
    unknown because only the ledger was named."""
    from generator.check.engine import check
    from tests.conftest import TODAY

    text = text_at("2026-11-02")
    run_check(text, extra={LEDGER: ledger(entry(text))})
    ledger_path = tmp_path / "process_specs" / LEDGER
    result = check([str(ledger_path)], Config(), TODAY).result
    assert result.findings == []
    (ledger_path).write_text(ledger(entry(text, process="order-status")), encoding="utf-8")
    result = check([str(ledger_path)], Config(), TODAY).result
    assert [f.code for f in result.findings] == ["N011"]
