"""Key 3, KPIs."""

from tests.conftest import Case, case_tests, complete_process, edit, replace_block

REVIEWED = ("      kpis: [first-contact-resolution]\n", "")
NOT_CONTRACTUAL = ("    contractual: true\n", "    contractual: false\n")


def credit(value: str) -> tuple[str, str]:
    return ("    baseline: 70\n", f"    baseline: 70\n    service_credit: {value}\n")


def fee(cap: str) -> tuple[str, str]:
    return ("internal:\n", f"internal:\n  monthly_fee: {{amount: 26000, currency: EUR, {cap}}}\n")


CASES = [
    Case("K001", "error", replace_block("kpis:\n", "governance:\n", "kpis: []\n"), "[]"),
    Case("K002", "error", (("    target: 85\n", ""),), "id: first-contact-resolution"),
    Case("K003", "error", (("    unit: percent\n", ""),), "id: first-contact-resolution", name="unit"),
    Case(
        "K003", "error", (("    direction: higher-is-better\n", ""),), "id: first-contact-resolution", name="direction"
    ),
    Case("K004", "error", (("      source: Zendesk report FCR-weekly\n", ""),), "method: Tickets", name="source"),
    Case(
        "K004",
        "error",
        replace_block("    measurement:\n", "governance:\n", ""),
        "id: first-contact-resolution",
        name="no-measurement",
    ),
    Case("K005", "error", (("    threshold: 75\n", "    threshold: 90\n"),), "90\n", name="higher-is-better"),
    Case(
        "K005",
        "error",
        (("    direction: higher-is-better\n", "    direction: lower-is-better\n"),),
        "75\n",
        name="lower-is-better",
    ),
    Case("K006", "error", (("    target: 85\n", "    target: 850\n"),), "850"),
    Case("K006", "error", (("    baseline: 70\n", "    baseline: -5\n"),), "-5", name="negative"),
    Case("K007", "error", (("    threshold: 75\n", ""),), "true\n    measurement"),
    Case("K008", "error", (REVIEWED,), "true\n    measurement"),
    Case("K009", "warning", (REVIEWED, NOT_CONTRACTUAL), "id: first-contact-resolution"),
    Case("K010", "error", (NOT_CONTRACTUAL, credit("{percent: 2, cap: 6}")), "{percent: 2"),
    Case("K011", "error", (credit("{percent: 5, cap: 2}"),), "2}", name="cap-below-percent"),
    Case("K011", "error", (credit("{percent: 120}"),), "120}", name="percent"),
    Case("K011", "error", (credit("{percent: 2}"), fee("credit_cap: 0")), "0}", name="fee-cap"),
    Case("K012", "error", (("    unit: percent\n", "    unit: score\n    scale: 5\n"),), "85\n"),
    Case(
        "K012",
        "error",
        (("    unit: percent\n", "    unit: score\n    scale: 100\n"), ("    baseline: 70\n", "    baseline: -1\n")),
        "-1\n",
        name="negative",
    ),
    Case("K013", "warning", (credit("{percent: 2, cap: 6}"),), "{percent: 2"),
    Case(
        "K014",
        "warning",
        (("      owner: billing-lead\n      from:", "      owner: vendor-lead\n      from:"),),
        "vendor-lead\n      from",
    ),
]

VENDOR_OWNER = ("      owner: billing-lead\n      from: resolve\n", "      owner: vendor-lead\n      from: resolve\n")


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def test_threshold_equal_to_target_passes(run_check):
    run_check(edit(complete_process(), ("    threshold: 75\n", "    threshold: 85\n"))).expect_none("K005")


def test_lower_is_better_with_threshold_above_target_passes(run_check):
    text = edit(
        complete_process(),
        ("    direction: higher-is-better\n", "    direction: lower-is-better\n"),
        ("    threshold: 75\n", "    threshold: 95\n"),
    )
    run_check(text).expect_none("K005")


def test_percent_bounds_pass(run_check):
    text = edit(
        complete_process(), ("    target: 85\n", "    target: 100\n"), ("    baseline: 70\n", "    baseline: 0\n")
    )
    run_check(text).expect_none("K006")


def test_non_contractual_kpi_needs_no_threshold(run_check):
    text = edit(
        complete_process(), ("    threshold: 75\n", ""), ("    contractual: true\n", "    contractual: false\n")
    )
    run_check(text).expect_none("K007")


def test_measurement_gaps_are_named_in_one_finding(run_check):
    finding = CASES[5].check(run_check)
    assert (
        finding.message
        == "KPI 'first-contact-resolution' does not say how it is measured: method, source, frequency, owner"
    )


def test_a_contractual_kpi_is_k008s_alone(run_check):
    checked = run_check(next(c for c in CASES if c.code == "K008").texts()[0])
    checked.expect_none("K009")
    [finding] = checked.codes("K008")
    assert finding.message == "contractual KPI 'first-contact-resolution' is reviewed at no check-in"


def test_a_kpi_reviewed_at_any_checkin_passes(run_check):
    text = edit(
        complete_process(),
        REVIEWED,
        (
            "  escalation_path:",
            "    - {name: Monthly service review, cadence: monthly, attendees: [billing-lead, vendor-lead],\n"
            "       kpis: [first-contact-resolution]}\n"
            "  escalation_path:",
        ),
    )
    checked = run_check(text)
    checked.expect_none("K008")
    checked.expect_none("K009")


def test_a_non_contractual_kpi_reviewed_passes(run_check):
    run_check(edit(complete_process(), NOT_CONTRACTUAL, ("    threshold: 75\n", ""))).expect_none("K009")


def test_a_credit_with_a_fee_or_a_score_on_its_scale_passes(run_check):
    run_check(edit(complete_process(), credit("{percent: 2, cap: 6}"), fee("credit_cap: 10"))).expect_none("K013")
    on_scale = edit(complete_process(), ("    unit: percent\n", "    unit: score\n    scale: 100\n"))
    run_check(on_scale).expect_none("K012")


def test_the_vendor_marking_its_own_work_is_named_with_the_duty(run_check):
    [finding] = run_check(edit(complete_process(), VENDOR_OWNER)).codes("K014")
    assert finding.message == (
        "contractual KPI 'first-contact-resolution' is measured by vendor role 'vendor-lead' from step 'resolve', "
        "which the vendor does: the vendor marks its own work"
    )


def test_figures_from_an_output_are_the_vendors_only_when_every_duty_making_it_is(run_check):
    from_output = edit(complete_process(), VENDOR_OWNER, ("from: resolve\n", "from: resolution-notice\n"))
    run_check(from_output).expect("K014", "warning", "vendor-lead\n      from")
    # The client's credit approver writes notices too: the figures are no longer the vendor's alone.
    client_too = edit(
        from_output,
        (
            "    inputs: [triaged-ticket]\n    sla: 1bd\n",
            "    inputs: [triaged-ticket]\n    outputs: [resolution-notice]\n    sla: 1bd\n",
        ),
    )
    run_check(client_too).expect_none("K014")


def test_a_check_the_client_keeps_or_a_kpi_outside_the_contract_is_no_warning(run_check):
    vendor_owned = edit(complete_process(), VENDOR_OWNER)
    run_check(edit(vendor_owned, NOT_CONTRACTUAL, ("    threshold: 75\n", ""))).expect_none("K014")
    kept = edit(
        vendor_owned,
        ("from: resolve\n", "from: quality-sample\n"),
        (
            "    responsible: vendor-lead\n    accountable: vendor-lead\n",
            "    retained: true\n    responsible: billing-lead\n    accountable: billing-lead\n",
        ),
    )
    checked = run_check(kept)
    checked.expect_none("K014")
    checked.expect_none("P009")
