"""References: every id a spec names must be declared."""

import re

import pytest

from tests.conftest import Case, case_tests, complete_process, edit, replace_block

ROUTINE_INPUTS = "    inputs: [resolution-notice]\n"

CASES = [
    Case(
        "R001",
        "error",
        (
            (
                "    responsible: vendor-agent\n    accountable: vendor-lead\n    consulted",
                "    responsible: vendor-agnet\n    accountable: vendor-lead\n    consulted",
            ),
        ),
        "vendor-agnet",
        name="responsible",
    ),
    Case(
        "R001",
        "error",
        (("    accountable: vendor-lead\n    consulted:", "    accountable: vendor-leed\n    consulted:"),),
        "vendor-leed",
        name="accountable",
    ),
    Case(
        "R001",
        "error",
        (("consulted: [billing-lead]", "consulted: [billing-leed]"),),
        "billing-leed]",
        name="consulted",
    ),
    Case("R001", "error", (("informed: [billing-lead]", "informed: [nobody]"),), "nobody]", name="informed"),
    Case(
        "R001", "error", (("escalation: {to: billing-lead", "escalation: {to: manager"),), "manager", name="escalation"
    ),
    Case(
        "R001",
        "error",
        (("escalation_path: [vendor-lead, billing-lead]", "escalation_path: [vendor-lead, director]"),),
        "director]",
        name="escalation-path",
    ),
    Case(
        "R001",
        "error",
        (("      owner: billing-lead\n      from", "      owner: analyst\n      from"),),
        "analyst",
        name="kpi-owner",
    ),
    Case(
        "R001",
        "error",
        (("attendees: [billing-lead, vendor-lead]", "attendees: [billing-lead, vendor-lead, cfo]"),),
        "cfo]",
        name="attendee",
    ),
    Case(
        "R001",
        "error",
        (("cadence: monthly, owner: billing-lead}", "cadence: monthly, owner: cx-team}"),),
        "cx-team}",
        name="feedback-owner",
    ),
    Case("R001", "error", (("owner: billing-lead, scope", "owner: ops-lead, scope"),), "ops-lead", name="improvement"),
    Case(
        "R001",
        "error",
        (("method: training, owner: billing-lead}", "method: training, owner: trainer}"),),
        "trainer}",
        name="transfer-owner",
    ),
    Case(
        "R001",
        "error",
        (("    owner: vendor-lead\ncompliance", "    owner: hr\ncompliance"),),
        "hr\ncompliance",
        name="risk-owner",
    ),
    Case("R002", "error", (("    inputs: [dispute-ticket]\n", "    inputs: [ticket]\n"),), "ticket]", name="input"),
    Case(
        "R002", "error", (("    outputs: [resolution-notice]\n", "    outputs: [notice]\n"),), "notice]", name="output"
    ),
    Case(
        "R003", "error", (("    tools: [zendesk]\n    sla: 4h", "    tools: [salesforce]\n    sla: 4h"),), "salesforce"
    ),
    Case("R004", "error", (("vendor: acme-bpo", "vendor: acme"),), "acme\n"),
    Case("R005", "error", (("      - {goto: resolve}", "      - {goto: resolv}"),), "resolv}"),
    Case("R006", "error", (("      kpis: [first-contact-resolution]", "      kpis: [fcr]"),), "fcr]"),
    Case("R007", "error", (("certifications: [iso-27001]", "certifications: [iso27001]"),), "iso27001]"),
    Case("R008", "error", vendor_edits=(("  - {id: copc,", "  - {id: copc-2020,"),), at="copc-2020", in_vendor=True),
    Case(
        "R009",
        "error",
        (("summary: Handle customer disputes", "summary: See [the policy](policy.md). Handle customer disputes"),),
        "See [the policy]",
    ),
    # The complete spec's routine (a weekly quality sample) is checked like a step.
    Case("R001", "error", (("informed: [vendor-agent]", "informed: [vendor-agnet]"),), "vendor-agnet]", name="routine"),
    Case("R002", "error", ((ROUTINE_INPUTS, "    inputs: [notices]\n"),), "notices]", name="routine-input"),
    Case(
        "R002",
        "error",
        ((ROUTINE_INPUTS, ROUTINE_INPUTS + "    outputs: [scorecard]\n"),),
        "scorecard]",
        name="routine-output",
    ),
    Case(
        "R002",
        "error",
        ((ROUTINE_INPUTS, ROUTINE_INPUTS + "    optional_inputs: [dispute-tickets]\n"),),
        "dispute-tickets]",
        name="optional-input",
    ),
    Case(
        "R003",
        "error",
        (
            (
                "    tools: [zendesk]\n    sla: 1bd\n    escalation:\n",
                "    tools: [zendsk]\n    sla: 1bd\n    escalation:\n",
            ),
        ),
        "zendsk",
        name="routine",
    ),
    Case(
        "R005",
        "error",
        (("      - {goto: resolve}", "      - {goto: quality-sample}"),),
        "quality-sample}",
        name="routine",
    ),
    Case(
        "R009",
        "error",
        (
            (
                "score each notice against the resolution checklist.",
                "score each notice against [the checklist](checklist.md).",
            ),
        ),
        "Pick 20 disputes",
        name="routine",
    ),
    Case("R012", "error", (("      from: resolve\n", "      from: resolv\n"),), "resolv\n"),
]


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)
CASES_BY_ID = {case.id: case for case in CASES}


def test_did_you_mean_for_a_misspelt_role(run_check):
    finding = CASES[0].check(run_check)
    assert finding.hint == "did you mean 'vendor-agent'?"


def test_references_stay_errors_in_a_draft(run_check):
    process, vendor = CASES[0].texts()
    run_check(process.replace("status: live", "status: draft"), vendor).expect("R001", "error", "vendor-agnet")


def test_step_outputs_must_be_process_outputs_not_inputs(run_check):
    text = edit(complete_process(), ("    outputs: [resolution-notice]\n", "    outputs: [dispute-ticket]\n"))
    run_check(text).expect("R002", "error", "dispute-ticket]\n    tools")


def test_goto_end_is_a_known_target(run_check):
    run_check(edit(complete_process(), ("      - {goto: resolve}", "      - {goto: end}"))).expect_none("R005")


def test_process_without_vendor_has_no_vendor_reference(run_check):
    run_check(edit(complete_process(), ("vendor: acme-bpo\n", ""))).expect_none("R004")


def test_certification_suggestions_prefer_meaning_over_spelling(run_check):
    checked = run_check(edit(complete_process(), ("certifications: [iso-27001]", "certifications: [soc2, iso27001]")))
    assert checked.expect("R007", "error", "soc2,").hint == "did you mean 'soc2-type2' or 'soc2-type1'?"
    assert checked.expect("R007", "error", "iso27001]").hint == "did you mean 'iso-27001'?"


def test_links_to_full_addresses_and_headings_pass_r009(run_check):
    text = edit(
        complete_process(),
        (
            "summary: Handle customer disputes",
            "summary: See [policy](https://intranet.example.com/p), [KPIs](#kpis-and-slas),"
            " <https://example.com> and [mail](mailto:a@example.com). Handle customer disputes",
        ),
    )
    run_check(text).expect_none("R009")


def test_a_relative_link_in_step_instructions_is_r009(run_check):
    text = edit(
        complete_process(),
        ("tag the dispute type.", "tag the dispute [type](../catalogue/types.md)."),
    )
    finding = run_check(text).expect("R009", "error", "Read the ticket")
    assert "'../catalogue/types.md'" in finding.message


def test_unknown_ids_in_bulk_get_a_bounded_search_and_a_short_hint():
    from generator.check.rules.references import _Suggestions

    suggest = _Suggestions([f"role-{i:04}" for i in range(300)], "roles")
    hints = [suggest(f"rolle-{i:04}") for i in range(250)]
    assert hints[0] == "did you mean 'role-0000'?"
    assert hints[-1].startswith("known: role-0000, role-0001") and hints[-1].endswith("and 280 more")
    assert sum(h.startswith("did you mean") for h in hints) == _Suggestions.FUZZY_BUDGET


def test_optional_inputs_of_a_step_are_checked_like_inputs(run_check):
    text = edit(
        complete_process(),
        (
            "    inputs: [triaged-ticket]\n    sla: 1bd\n",
            "    inputs: [triaged-ticket]\n    optional_inputs: [credit-note]\n    sla: 1bd\n",
        ),
    )
    finding = run_check(text).expect("R002", "error", "credit-note]")
    assert finding.message == "optional input 'credit-note' of step 'approve-credit' is not a process input or output"
    valid = edit(text, ("optional_inputs: [credit-note]", "optional_inputs: [resolution-notice]"))
    run_check(valid).expect_none("R002")


def test_a_routine_as_a_goto_target_is_named_a_routine(run_check):
    finding = CASES_BY_ID["R005-routine"].check(run_check)
    assert finding.message == "step 'triage' goes to routine 'quality-sample', which is not part of the flow"
    assert "runs at its cadence" in finding.hint


def test_references_of_a_routine_name_the_routine(run_check):
    finding = CASES_BY_ID["R003-routine"].check(run_check)
    assert finding.message == "tool 'zendsk' of routine 'quality-sample' is not declared"
    assert finding.hint == "did you mean 'zendesk'?"


@pytest.mark.parametrize(
    ("code", "replacement", "entry", "listed"),
    [
        ("R001", ("{id: vendor-lead, party: vendor", "{id: vendor-lead, party: partner"), "{id: vendor-lead", "roles"),
        (
            "R002",
            ("Zendesk, classification: confidential,", "Zendesk, classification: secret,"),
            "{id: dispute-ticket",
            "inputs",
        ),
        ("R003", ("{id: zendesk, name: Zendesk,", "{id: zendesk, name: [Zendesk],"), "{id: zendesk", "tools"),
        ("R005", ("    name: Resolve and notify\n", "    name: [Resolve]\n"), "id: resolve\n", "steps"),
        ("R006", ("    name: First-contact resolution\n", "    name: [FCR]\n"), "id: first-contact-resolution", "kpis"),
        ("A003", ("    name: First-contact resolution\n", "    name: [FCR]\n"), "id: first-contact-resolution", "kpis"),
    ],
)
def test_a_reference_to_a_refused_entry_points_at_that_entry(run_check, code, replacement, entry, listed):
    """Tried from outside: with a role refused for `party: partner`, every step naming it was told "did you
    mean" another role, which sent the owner away from the one entry to fix; and a role named in eleven
    places buried the entry's own finding under eleven errors."""
    text = edit(complete_process(), replacement)
    found = run_check(text).codes(code)
    line = text[: text.index(entry)].count("\n") + 1
    value = entry.split("id: ")[1].strip()
    assert len(found) == 1
    assert found[0].hint == (
        f"the {listed} entry on line {line} declares '{value}', but could not be read as written: fix it first "
        "(its own finding says how)"
    )


def test_one_finding_counts_every_place_that_names_a_refused_entry(run_check):
    text = edit(complete_process(), ("{id: vendor-lead, party: vendor", "{id: vendor-lead, party: partner"))
    places = len(re.findall(r"\bvendor-lead\b", text)) - 1  # all but the entry itself
    (finding,) = run_check(text).codes("R001")
    assert places > 2
    assert finding.message.endswith(f"; {places - 1} more places name it")
    assert finding.line == text[: text.index("vendor-lead", text.index("steps:"))].count("\n") + 1


def test_a_misspelt_declaration_is_offered_as_the_fix_too(run_check):
    """Tried from outside: with a step's own id misspelt, every goto to it was only asked to copy the typo."""
    text = edit(complete_process(), ("  - id: resolve\n", "  - id: resolv\n"))
    line = text[: text.index("  - id: resolv\n")].count("\n") + 1
    hints = {f.hint for f in run_check(text).codes("R005")}
    assert hints == {
        f"did you mean 'resolv'? Or, if the step on line {line} is misspelt, rename it: nothing names 'resolv'"
    }


def test_two_entries_with_the_suggested_id_are_named(run_check):
    """Tried from outside: a step renamed to a sibling's id made every goto to it suggest that sibling."""
    text = edit(complete_process(), ("{id: billing-lead, party: client", "{id: vendor-lead, party: client"))
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if "{id: vendor-lead, party" in line]
    hints = {f.hint for f in run_check(text).codes("R001")}
    assert hints == {
        f"known: vendor-agent, vendor-lead. Two roles are 'vendor-lead' (lines {lines[0]} and {lines[1]}): if one "
        "should be 'billing-lead', rename it"
    }


def test_a_misspelt_reference_to_a_named_entry_keeps_the_plain_suggestion(run_check):
    finding = CASES[0].check(run_check)
    assert finding.hint == "did you mean 'vendor-agent'?"


def test_an_approval_of_a_step_that_is_gone_is_an_error(run_check):
    """Deleting (or misspelling) the step an approval checks leaves a control that checks nothing."""
    text = edit(
        complete_process(),
        (
            "    responsible: billing-lead\n    accountable: billing-lead\n",
            "    approves: [triag, quality-sample]\n    responsible: billing-lead\n    accountable: billing-lead\n",
        ),
    )
    checked = run_check(text)
    assert sorted(f.full_message for f in checked.codes("R011")) == [
        "step 'approve-credit' approves routine 'quality-sample', which is not part of the flow: approve a step; "
        "a routine's work is checked by a routine of the client's (retained: true)",
        "step 'approve-credit' approves unknown step 'triag': did you mean triage?",
    ]


def test_a_kpi_whose_duty_is_gone_is_an_error(run_check):
    """Deleting the duty a KPI is measured from leaves the KPI in the contract with nothing to judge."""
    misspelt = next(c for c in CASES if c.code == "R012").check(run_check)
    assert misspelt.full_message == (
        "KPI 'first-contact-resolution' takes its figures from 'resolv', which is no step, routine or output: "
        "if the duty was removed, restore it or take the figures from another; else did you mean 'resolve'?"
    )
    from_routine = edit(complete_process(), ("      from: resolve\n", "      from: quality-sample\n"))
    run_check(from_routine).expect_none("R012")
    gone = replace_block("routines:\n", "kpis:\n", "")(from_routine)
    run_check(gone).expect("R012", "error", "quality-sample\ngovernance")


def test_figures_from_an_output_need_a_duty_that_makes_it(run_check):
    from_output = edit(complete_process(), ("      from: resolve\n", "      from: resolution-notice\n"))
    run_check(from_output).expect_none("R012")
    unmade = edit(from_output, ("    outputs: [resolution-notice]\n", ""))
    finding = run_check(unmade).expect("R012", "error", "resolution-notice\ngovernance")
    assert finding.message == (
        "KPI 'first-contact-resolution' takes its figures from output 'resolution-notice', which no step or "
        "routine produces"
    )
