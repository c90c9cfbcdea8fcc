"""Portfolio: a vendor's riskiest process should not be its first go-live."""

from tests.conftest import complete_process, edit

HIGH = ("criticality: medium", "criticality: high")


def _order_status(go_live: str) -> str:
    return edit(
        complete_process(),
        ("id: billing-disputes", "id: order-status"),
        ("criticality: medium", "criticality: low"),
        ("go_live: 2026-05-18", f"go_live: {go_live}"),
    )


def test_f001_critical_process_goes_live_first(run_check):
    checked = run_check(edit(complete_process(), HIGH), extra={"order-status.yaml": _order_status("2026-07-01")})
    finding = checked.expect("F001", "warning", "2026-05-18")
    assert "order-status" in finding.message


def test_f001_passes_when_the_less_critical_process_goes_first(run_check):
    checked = run_check(edit(complete_process(), HIGH), extra={"order-status.yaml": _order_status("2026-05-11")})
    checked.expect_none("F001")
    run_check().expect_none("F001")


def test_f001_ignores_drafts(run_check):
    draft = _order_status("2026-07-01").replace("status: live", "status: draft")
    run_check(edit(complete_process(), HIGH), extra={"order-status.yaml": draft}).expect_none("F001")
