"""Key 1, outline the process."""

from tests.conftest import Case, case_tests, complete_process, edit, replace_block

CREDIT_NOTE = (
    "outputs:\n  - {id: triaged-ticket",
    "outputs:\n  - {id: credit-note, name: Credit note}\n  - {id: triaged-ticket",
)
RESOLVE_USES_CREDIT_NOTE = (
    "    inputs: [triaged-ticket]\n    outputs: [resolution-notice]",
    "    inputs: [triaged-ticket, credit-note]\n    outputs: [resolution-notice]",
)

CASES = [
    Case("O001", "error", replace_block("steps:\n", "kpis:\n", "steps: []\n"), "[]"),
    Case(
        "O002",
        "error",
        (
            (
                "    instructions: Check the amount against the customer's payment history and approve or "
                "refuse the credit.\n",
                "",
            ),
        ),
        "id: approve-credit",
    ),
    Case(
        "O003",
        "error",
        (
            (
                "instructions: Check the amount against the customer's payment history and approve or "
                "refuse the credit.",
                "instructions: TBD",
            ),
        ),
        "TBD",
        name="placeholder",
    ),
    Case(
        "O003",
        "error",
        (
            (
                "instructions: Check the amount against the customer's payment history and approve or "
                "refuse the credit.",
                "instructions: same as above",
            ),
        ),
        "same as above",
        name="same-as-above",
    ),
    Case(
        "O003",
        "error",
        (
            (
                "instructions: Check the amount against the customer's payment history and approve or "
                "refuse the credit.",
                "instructions: Check it.",
            ),
        ),
        "Check it.",
        name="too-short",
    ),
    Case(
        "O004",
        "error",
        (
            (
                "inputs:\n  - {id: dispute-ticket",
                "inputs:\n  - {id: payment-history, name: Payment "
                "history, classification: internal}\n  - {id: dispute-ticket",
            ),
        ),
        "{id: payment-history",
    ),
    Case("O005", "error", (CREDIT_NOTE,), "{id: credit-note"),
    Case(
        "O006",
        "error",
        (
            CREDIT_NOTE,
            (
                "    inputs: [triaged-ticket]\n    sla: 1bd\n",
                "    inputs: [triaged-ticket]\n    outputs: [credit-note]\n    sla: 1bd\n",
            ),
            RESOLVE_USES_CREDIT_NOTE,
        ),
        "credit-note]\n    outputs: [resolution-notice]",
        name="one-branch-only",
    ),
    Case(
        "O006",
        "error",
        (
            CREDIT_NOTE,
            ("    outputs: [resolution-notice]", "    outputs: [resolution-notice, credit-note]"),
            ("    inputs: [dispute-ticket]\n", "    inputs: [dispute-ticket, credit-note]\n"),
        ),
        "credit-note]\n    outputs: [triaged-ticket]",
        name="made-later",
    ),
    Case("O007", "error", (("goto: approve-credit}", "goto: resolve}"),), "id: approve-credit"),
    Case(
        "O008",
        "error",
        (
            (
                "    escalation: {to: billing-lead, when: Customer threatens a chargeback}\n",
                "    escalation: {to: billing-lead, when: Customer threatens a chargeback}\n"
                "    next: [{goto: triage}]\n",
            ),
        ),
        "id: triage\n",
    ),
    Case(
        "O009",
        "error",
        (("      - {when: Amount above 500 EUR, goto: approve-credit}", "      - {goto: approve-credit}"),),
        "{goto: resolve}",
        name="two-defaults",
    ),
    Case(
        "O009",
        "error",
        (("      - {goto: resolve}", "      - {when: amount above 500  EUR, goto: resolve}"),),
        "amount above 500  EUR",
        name="same-condition",
    ),
    Case(
        "O010", "error", ((", access: SSO account requested by the vendor lead from client IT}", "}"),), "{id: zendesk"
    ),
]


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def test_five_word_instructions_pass(run_check):
    text = edit(
        complete_process(),
        (
            "instructions: Check the amount against the customer's payment history and approve or refuse the credit.",
            "instructions: Check the amount, then approve.",
        ),
    )
    run_check(text).expect_none("O003")


def test_output_made_on_every_path_is_available(run_check):
    text = edit(
        complete_process(),
        CREDIT_NOTE,
        ("    outputs: [triaged-ticket]", "    outputs: [triaged-ticket, credit-note]"),
        RESOLVE_USES_CREDIT_NOTE,
    )
    run_check(text).expect_none("O006")


def test_one_default_branch_beside_conditions_passes(run_check):
    run_check().expect_none("O009")


def test_a_loop_with_an_exit_reaches_the_end(run_check):
    text = edit(
        complete_process(),
        (
            "    escalation: {to: billing-lead, when: Customer threatens a chargeback}\n",
            "    escalation: {to: billing-lead, when: Customer threatens a chargeback}\n"
            "    next: [{when: Customer disagrees, goto: triage}, {goto: end}]\n",
        ),
    )
    run_check(text).expect_none("O008")


def test_draft_turns_outline_findings_into_warnings(run_check):
    process, vendor = CASES[2].texts()
    run_check(process.replace("status: live", "status: draft"), vendor).expect("O003", "warning", "TBD")


def test_empty_instructions_are_o002_not_o003(run_check):
    text = edit(
        complete_process(),
        (
            "instructions: Check the amount against the customer's payment history and approve or refuse the credit.",
            "instructions:",
        ),
    )
    checked = run_check(text)
    checked.expect("O002", "error", "id: approve-credit")
    checked.expect_none("O003")


def test_several_conditions_and_one_default_pass(run_check):
    text = edit(
        complete_process(),
        (
            "      - {goto: resolve}",
            "      - {when: Customer asks for a refund, goto: approve-credit}\n      - {goto: resolve}",
        ),
    )
    run_check(text).expect_none("O009")


def test_every_step_of_an_endless_loop_is_flagged(run_check):
    process, vendor = CASES[[c.id for c in CASES].index("O008")].texts()
    checked = run_check(process, vendor)
    for step in ("id: triage\n", "id: approve-credit", "id: resolve"):
        checked.expect("O008", "error", step)


def test_a_step_whose_only_branch_now_ends_is_unreachable(run_check):
    run_check().expect_none("O007")
    text = edit(complete_process(), ("goto: approve-credit}", "goto: end}"))
    run_check(text).expect("O007", "error", "id: approve-credit")


def test_o014_every_branch_conditional_has_no_default(run_check):
    text = edit(
        complete_process(), ("      - {goto: resolve}\n", "      - {when: Amount up to 500 EUR, goto: resolve}\n")
    )
    finding = run_check(text).expect("O014", "warning", "- {when: Amount above")
    assert "nowhere to go" in finding.message
    run_check().expect_none("O014")


def test_o014_a_single_conditional_branch_has_no_default_either(run_check):
    text = edit(complete_process(), ("      - {goto: resolve}\n", ""))
    run_check(text).expect("O014", "warning", "- {when: Amount above")
