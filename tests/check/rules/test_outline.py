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
ROUTINE_INSTRUCTIONS = (
    "    instructions: Pick 20 disputes closed last week in Zendesk and score each notice against the resolution "
    "checklist.\n"
)
# A rework loop: triage asks the customer for a missing invoice number and takes the case up again when the
# reply comes; on that second pass it re-reads the request it sent.
INFORMATION_REQUEST = (
    "outputs:\n  - {id: triaged-ticket",
    "outputs:\n  - {id: information-request, name: Request for the invoice number, personal_data: []}\n"
    "  - {id: triaged-ticket",
)
REWORK_LOOP = (
    "      - {goto: resolve}\n  - id: approve-credit\n",
    "      - {when: The ticket has no invoice number, goto: request-information}\n"
    "      - {goto: resolve}\n"
    "  - id: request-information\n"
    "    name: Ask the customer for the invoice number\n"
    "    instructions: Send the Zendesk macro Invoice number needed and put the ticket on hold until the reply.\n"
    "    responsible: vendor-agent\n"
    "    accountable: vendor-lead\n"
    "    inputs: [triaged-ticket]\n"
    "    outputs: [information-request]\n"
    "    tools: [zendesk]\n"
    "    next: [{goto: triage}]\n"
    "  - id: approve-credit\n",
)


def triage_reads(key: str) -> tuple[str, str]:
    """An edit that makes triage read the request, as `inputs` or `optional_inputs`."""
    if key == "inputs":
        return ("    inputs: [dispute-ticket]\n", "    inputs: [dispute-ticket, information-request]\n")
    return (
        "    inputs: [dispute-ticket]\n",
        "    inputs: [dispute-ticket]\n    optional_inputs: [information-request]\n",
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
    Case("O002", "error", ((ROUTINE_INSTRUCTIONS, ""),), "id: quality-sample", name="routine"),
    Case(
        "O003",
        "error",
        ((ROUTINE_INSTRUCTIONS, "    instructions: TODO\n"),),
        "TODO",
        name="routine",
    ),
    Case(
        "O006",
        "error",
        (INFORMATION_REQUEST, REWORK_LOOP, triage_reads("inputs")),
        "information-request]\n    outputs: [triaged-ticket]",
        name="rework-input-not-optional",
    ),
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
    Case(
        "O017",
        "warning",
        (
            (
                "      - {when: Amount above 500 EUR, goto: approve-credit}",
                "      - {when: Amount above 500 EUR, goto: resolve}",
            ),
        ),
        "- {when: Amount above",
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


def test_an_optional_input_in_a_rework_loop_passes_o006(run_check):
    checked = run_check(edit(complete_process(), INFORMATION_REQUEST, REWORK_LOOP, triage_reads("optional_inputs")))
    assert [f"{f.mark} {f.code} {f.message}" for f in checked.codes()] == []


def test_o006_suggests_optional_inputs(run_check):
    finding = next(c for c in CASES if c.id == "O006-rework-input-not-optional").check(run_check)
    assert finding.message == "step 'triage' uses 'information-request' before every path to it has produced it"
    assert "list it in optional_inputs" in finding.hint


def test_an_output_of_a_routine_is_available_to_every_step(run_check):
    text = edit(
        complete_process(),
        CREDIT_NOTE,
        (
            "    tools: [zendesk]\n    sla: 1bd\n    escalation:\n",
            "    outputs: [credit-note]\n    tools: [zendesk]\n    sla: 1bd\n    escalation:\n",
        ),
        ("    inputs: [dispute-ticket]\n", "    inputs: [dispute-ticket, credit-note]\n"),
    )
    checked = run_check(text)
    checked.expect_none("O006")
    checked.expect_none("O005")


def test_a_routine_does_not_hide_an_output_read_before_a_step_makes_it(run_check):
    """From an outsider's spec: a daily chase routine also sends the customer reply that the first step
    wrongly reads; what a step produces is the case's own, whatever a routine does with it."""
    text = edit(
        complete_process(),
        (
            "    inputs: [resolution-notice]\n    tools: [zendesk]\n",
            "    inputs: [resolution-notice]\n    outputs: [resolution-notice]\n    tools: [zendesk]\n",
        ),
        ("    inputs: [dispute-ticket]\n", "    inputs: [dispute-ticket, resolution-notice]\n"),
    )
    run_check(text).expect("O006", "error", "resolution-notice]\n    outputs: [triaged-ticket]")


def test_routines_are_not_in_the_flow(run_check):
    # The routine follows the last step in the file; it is neither reached (O007) nor a way to the end.
    checked = run_check()
    for code in ("O007", "O008"):
        checked.expect_none(code)


def test_inputs_used_only_by_a_routine_or_optionally_are_used(run_check):
    checklist = (
        "inputs:\n  - {id: dispute-ticket",
        "inputs:\n  - {id: checklist, name: Resolution checklist, classification: internal}\n"
        "  - {id: history, name: Payment history, classification: internal}\n  - {id: dispute-ticket",
    )
    text = edit(
        complete_process(),
        checklist,
        ("    inputs: [resolution-notice]\n", "    inputs: [resolution-notice, checklist]\n"),
        (
            "    inputs: [triaged-ticket]\n    sla: 1bd\n",
            "    inputs: [triaged-ticket]\n    optional_inputs: [history]\n    sla: 1bd\n",
        ),
    )
    run_check(text).expect_none("O004")


def test_the_o007_hint_points_at_routines(run_check):
    finding = next(c for c in CASES if c.code == "O007").check(run_check)
    assert "routines" in finding.hint


def test_a_routine_without_instructions_is_named_a_routine(run_check):
    finding = next(c for c in CASES if c.id == "O002-routine").check(run_check)
    assert finding.message == "routine 'quality-sample' has no instructions"


def test_a_tool_only_the_client_uses_needs_no_access_instructions(run_check):
    """From an outsider's spec: the warehouse system, used by the client's own people only."""
    text = edit(
        complete_process(),
        ("  - {id: zendesk, name: Zendesk,", "  - {id: sap, name: SAP finance}\n  - {id: zendesk, name: Zendesk,"),
        (
            "    responsible: billing-lead\n    accountable: billing-lead\n    inputs: [triaged-ticket]\n",
            "    responsible: billing-lead\n    accountable: billing-lead\n    inputs: [triaged-ticket]\n"
            "    tools: [sap]\n",
        ),
    )
    run_check(text).expect_none("O010")
    run_check(text.replace("    tools: [zendesk]\n", "    tools: [zendesk, sap]\n", 1)).expect(
        "O010", "error", "{id: sap"
    )


_APPROVES_TRIAGE = (
    "    responsible: billing-lead\n    accountable: billing-lead\n",
    "    approves: [triage]\n    responsible: billing-lead\n    accountable: billing-lead\n",
)


def test_an_approval_a_branch_can_skip_is_an_error_that_names_the_path(run_check):
    """The complete spec, its credit approval made to approve the triage: the branch for small amounts goes
    straight to resolve, so the approval can be skipped; the finding names the path."""
    checked = run_check(edit(complete_process(), _APPROVES_TRIAGE))
    found = checked.expect("O016", "error", "[triage]")
    assert found.message.endswith("triage -> resolve -> end")


def test_an_approval_every_path_passes_holds_with_a_rework_loop(run_check):
    text = edit(
        complete_process(),
        _APPROVES_TRIAGE,
        (
            "      - {when: Amount above 500 EUR, goto: approve-credit}\n      - {goto: resolve}\n",
            "      - {goto: approve-credit}\n",
        ),
        (
            "    inputs: [triaged-ticket]\n    sla: 1bd\n",
            "    inputs: [triaged-ticket]\n    sla: 1bd\n    next:\n"
            "      - {when: Returned for more detail, goto: triage}\n      - {goto: resolve}\n",
        ),
    )
    checked = run_check(text)
    checked.expect_none("O016")
    assert not [f for f in checked.result.findings if f.code[0] in "OR" and f.severity.value == "error"]


def test_branches_to_one_target_name_it_and_two_targets_pass(run_check):
    """A possible sanctions hit sent on with every other case: the condition decides nothing."""
    to_end = edit(
        complete_process(),
        (
            "      - {when: Amount above 500 EUR, goto: approve-credit}\n      - {goto: resolve}\n",
            "      - {when: Possible sanctions hit, goto: end}\n      - {goto: end}\n",
        ),
    )
    finding = run_check(to_end).expect("O017", "warning", "- {when: Possible")
    assert finding.message == "every branch of step 'triage' goes to the end: the conditions decide nothing"
    run_check().expect_none("O017")  # the complete spec's triage: two targets


def test_a_step_copied_with_its_id_is_one_finding_not_a_cascade(run_check):
    """Tried from outside: a step pasted below with the id of the one it was copied from gave S007 and three
    flow errors about other steps; the flow is judged again once each step has its own id."""
    copy = (
        "  - id: triage\n    name: Triage the dispute again after the customer's reply\n"
        "    instructions: Read the customer's reply, confirm the invoice number and tag the dispute type.\n"
        "    responsible: vendor-agent\n    accountable: vendor-lead\n    inputs: [triaged-ticket]\n    sla: 4h\n"
        "    next:\n      - {goto: resolve}\n"
    )
    text = edit(complete_process(), ("  - id: resolve\n", copy + "  - id: resolve\n"))
    checked = run_check(text)
    assert sorted({f.code for f in checked.result.findings if f.severity.value == "error"}) == ["S007"]
    renamed = run_check(text.replace(copy, copy.replace("id: triage", "id: triage-again")))
    assert renamed.result.errors == 0  # judged again, and whole: approve-credit leads on to the copy


def test_post_dominance_agrees_with_a_search_for_the_bypass_on_random_flows():
    """O016 asks the post-dominator tree, and searches a path only to name it: on any flow, the two must
    agree (a step approves another exactly when every path from it to the end passes through the approval,
    rework loops included)."""
    import random

    from generator.check.rules.flow import Flow
    from generator.check.rules.outline import _bypass
    from generator.spec.loader import parse
    from generator.spec.model import build_process

    randomly = random.Random(23)
    compared = bypassed = 0
    for _ in range(300):
        n = randomly.randint(2, 9)
        lines = ["spec: 1", "id: random", "title: Random", "steps:"]
        for k in range(n):
            targets = randomly.sample([*(f"s{j}" for j in range(n)), "end"], randomly.randint(0, 3))
            branches = ", ".join(f"{{when: Case {i}, goto: {t}}}" for i, t in enumerate(targets))
            lines.append(f"  - {{id: s{k}, name: Step {k}, next: [{branches}]}}")
        document, _ = parse("\n".join(lines) + "\n", "random.yaml")
        process = build_process(document)
        dominance = Flow(process).post_dominance()
        index = {step.id: i for i, step in enumerate(process.steps)}
        for approver in index:
            for approved in index:
                if approver != approved:
                    searched = _bypass(process, index, approved, approver) is not None
                    assert dominance.always_through(approver, approved) == (not searched), (lines, approver, approved)
                    compared += 1
                    bypassed += searched
    assert compared > 5000 and 0 < bypassed < compared
