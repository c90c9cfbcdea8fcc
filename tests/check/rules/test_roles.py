"""Key 2, roles and expectations."""

import pytest

from tests.conftest import Case, case_tests, complete_process, edit

PATH = "escalation_path: [vendor-lead, billing-lead]"
RESOLVE_ESCALATION = "{to: billing-lead, when"
CONTACTS = "contacts:\n  - {name: Ramon Santos, email: ramon.santos@example.org, role: Account manager}\n"
# The complete spec's routine: a weekly quality sample done by the vendor lead.
ROUTINE = "id: quality-sample"
ROUTINE_ACCOUNTABLE = ("    accountable: vendor-lead\n    informed: [vendor-agent]\n", "    informed: [vendor-agent]\n")
ROUTINE_ESCALATION = (
    "    escalation:\n      to: billing-lead\n      when: More than 2 of the 20 notices fail the checklist\n"
)

OWNER = "owner: {name: Dana Ruiz, email: dana.ruiz@example.com}"

CASES = [
    Case("P014", "error", ((OWNER, OWNER.replace("example.com", "example.org")),), "dana.ruiz@example.org"),
    Case("P001", "error", (("    accountable: billing-lead\n", ""),), "id: approve-credit"),
    Case("P002", "error", (("    responsible: billing-lead\n", ""),), "id: approve-credit"),
    Case("P003", "error", (("  escalation_path: [vendor-lead, billing-lead]\n", ""),), "id: triage\n"),
    Case("P001", "error", (ROUTINE_ACCOUNTABLE,), ROUTINE, name="routine"),
    Case("P002", "error", (("    responsible: vendor-lead\n", ""),), ROUTINE, name="routine"),
    Case("P003", "error", ((f"  {PATH}\n", ""), (ROUTINE_ESCALATION, "")), ROUTINE, name="routine"),
    Case(
        "P004",
        "error",
        (
            (
                "  - {id: billing-lead, party: client, title: Billing team lead}\n",
                "  - {id: billing-lead, party: client, title: Billing team lead}\n"
                "  - {id: quality-analyst, party: vendor, title: Quality analyst}\n",
            ),
        ),
        "{id: quality-analyst",
    ),
    Case(
        "P005",
        "warning",
        (("    accountable: billing-lead\n", "    accountable: vendor-lead\n"),),
        "vendor-lead\n    inputs: [triaged-ticket]\n    sla",
    ),
    Case("P006", "error", ((PATH, "escalation_path: [vendor-agent, vendor-lead]"),), "[vendor-agent, vendor-lead]"),
    Case(
        "P006",
        "error",
        (
            ("  escalation_path: [vendor-lead, billing-lead]\n", ""),
            (RESOLVE_ESCALATION, "{to: vendor-lead, when"),
            (ROUTINE_ESCALATION, ""),
        ),
        "vendor-lead, when",
        name="step-escalations",
    ),
    Case(
        "P005",
        "warning",
        (
            ROUTINE_ACCOUNTABLE,
            ("    informed: [vendor-agent]\n", "    accountable: billing-lead\n    informed: [vendor-agent]\n"),
        ),
        "billing-lead\n    informed: [vendor-agent]",
        name="routine",
    ),
    Case("P007", "error", ((RESOLVE_ESCALATION, "{to: vendor-agent, when"),), "vendor-agent, when"),
    Case(
        "P007",
        "error",
        (("      to: billing-lead\n", "      to: vendor-lead\n"),),
        "vendor-lead\n      when: More",
        name="routine",
    ),
    Case("P008", "error", (), "[]", vendor_edits=((CONTACTS, "contacts: []\n"),), in_vendor=True),
    Case("P008", "error", (), "spec: 1", vendor_edits=((CONTACTS, ""),), in_vendor=True, name="no-contacts-key"),
]


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)
CASES_BY_ID = {case.id: case for case in CASES}


def test_escalation_on_every_vendor_step_passes_without_a_path(run_check):
    process, vendor = CASES_BY_ID["P003"].texts()
    process = process.replace(
        "    next:\n      - {when: Amount",
        "    escalation: {to: vendor-lead, when: Unclear dispute}\n    next:\n      - {when: Amount",
    )
    run_check(process, vendor).expect_none("P003")


def test_draft_turns_role_findings_into_warnings(run_check):
    process, vendor = CASES_BY_ID["P001"].texts()
    run_check(process.replace("status: live", "status: draft"), vendor).expect("P001", "warning", "id: approve-credit")


def test_p003_flags_only_vendor_steps_without_escalation(run_check):
    process, vendor = CASES_BY_ID["P003"].texts()
    checked = run_check(process, vendor)
    checked.expect("P003", "error", "id: triage\n")
    # resolve has its own escalation; approve-credit is done by the client.
    assert len(checked.codes("P003")) == 1


def test_a_role_named_only_in_the_escalation_path_takes_part(run_check):
    text = edit(
        complete_process(),
        (
            "  - {id: billing-lead, party: client, title: Billing team lead}\n",
            "  - {id: billing-lead, party: client, title: Billing team lead}\n"
            "  - {id: billing-manager, party: client, title: Billing manager}\n",
        ),
        ("escalation_path: [vendor-lead, billing-lead]", "escalation_path: [vendor-lead, billing-manager]"),
    )
    run_check(text).expect_none("P004")


def test_p005_is_only_a_warning(run_check):
    process, vendor = CASES_BY_ID["P005"].texts()
    checked = run_check(process, vendor)
    checked.expect("P005", "warning", "vendor-lead\n    inputs: [triaged-ticket]\n    sla")
    assert checked.result.errors == 0


def test_client_step_with_client_accountable_passes_p005(run_check):
    text = edit(
        complete_process(),
        (
            "  - {id: billing-lead, party: client, title: Billing team lead}\n",
            "  - {id: billing-lead, party: client, title: Billing team lead}\n"
            "  - {id: billing-analyst, party: client, title: Billing analyst}\n",
        ),
        ("    responsible: billing-lead\n", "    responsible: billing-analyst\n"),
    )
    run_check(text).expect_none("P005")


def test_p006_names_the_vendor_roles(run_check):
    finding = CASES_BY_ID["P006"].check(run_check)
    assert finding.message == "escalations never reach the client: vendor-agent, vendor-lead are vendor roles"


def test_step_escalation_to_the_client_passes_without_a_path(run_check):
    run_check(edit(complete_process(), ("  escalation_path: [vendor-lead, billing-lead]\n", ""))).expect_none("P006")


def test_an_unknown_role_in_the_path_is_left_to_the_reference_rules(run_check):
    checked = run_check(edit(complete_process(), (PATH, "escalation_path: [vendor-lead, billing-leed]")))
    checked.expect_none("P006")
    assert checked.codes("R001")


def test_escalating_to_the_accountable_role_passes(run_check):
    run_check(edit(complete_process(), (RESOLVE_ESCALATION, "{to: vendor-lead, when"))).expect_none("P007")


def test_p003_names_the_vendor_routine(run_check):
    finding = CASES_BY_ID["P003-routine"].check(run_check)
    assert finding.message == "vendor routine 'quality-sample' says nothing of whom to escalate to"


def test_a_routine_escalation_to_the_client_passes_p006_without_a_path(run_check):
    text = edit(
        complete_process(),
        ("  escalation_path: [vendor-lead, billing-lead]\n", ""),
        (RESOLVE_ESCALATION, "{to: vendor-lead, when"),
    )
    run_check(text).expect_none("P006")


def test_a_role_that_only_a_routine_names_takes_part(run_check):
    text = edit(
        complete_process(),
        (
            "  - {id: billing-lead, party: client, title: Billing team lead}\n",
            "  - {id: billing-lead, party: client, title: Billing team lead}\n"
            "  - {id: quality-analyst, party: vendor, title: Quality analyst}\n",
        ),
        ("    responsible: vendor-lead\n", "    responsible: quality-analyst\n"),
    )
    run_check(text).expect_none("P004")


def test_a_routine_without_accountable_is_named_a_routine(run_check):
    finding = CASES_BY_ID["P001-routine"].check(run_check)
    assert finding.message == "routine 'quality-sample' has no accountable role"


def test_retained_work_must_be_done_and_answered_for_by_the_client(run_check):
    """The outsider's payroll: the client's four-eyes approval given to the vendor's checker and team lead
    passed at 100%. Marked retained, each vendor role in R or A is an error where it is written."""
    text = edit(
        complete_process(),
        (
            "    responsible: billing-lead\n    accountable: billing-lead\n    inputs: [triaged-ticket]\n",
            "    retained: true\n    responsible: vendor-agent\n    accountable: vendor-lead\n"
            "    inputs: [triaged-ticket]\n",
        ),
    )
    checked = run_check(text)
    checked.expect("P009", "error", "vendor-agent\n    accountable: vendor-lead\n    inputs: [triaged")
    checked.expect("P009", "error", "vendor-lead\n    inputs: [triaged")
    # The vendor consulted and informed, the client doing and answering: kept.
    kept = edit(
        complete_process(),
        (
            "    responsible: billing-lead\n    accountable: billing-lead\n    inputs: [triaged-ticket]\n",
            "    retained: true\n    responsible: billing-lead\n    accountable: billing-lead\n"
            "    consulted: [vendor-lead]\n    informed: [vendor-agent]\n    inputs: [triaged-ticket]\n",
        ),
    )
    run_check(kept).expect_none("P009")


def test_a_retained_tool_is_used_by_no_vendor_work(run_check):
    """The outsider's payroll again: the bank portal's access rewritten so that the vendor releases the
    salaries. A retained tool in the tools of a vendor step or routine is an error there."""
    retained = (
        "  - {id: zendesk, name: Zendesk,",
        "  - {id: bank, name: Bank portal, retained: true}\n  - {id: zendesk, name: Zendesk,",
    )
    text = edit(
        complete_process(),
        retained,
        (
            "    outputs: [resolution-notice]\n    tools: [zendesk]",
            "    outputs: [resolution-notice]\n    tools: [zendesk, bank]",
        ),
    )
    checked = run_check(text)
    checked.expect("P010", "error", "[zendesk, bank]")
    client_only = edit(
        complete_process(),
        retained,
        (
            "    accountable: billing-lead\n    inputs: [triaged-ticket]\n",
            "    accountable: billing-lead\n    inputs: [triaged-ticket]\n    tools: [bank]\n",
        ),
    )
    run_check(client_only).expect_none("P010")


def test_a_step_cannot_approve_its_own_roles_work(run_check):
    """The outsider's payroll: reviewer and approver the same role. The complete spec's credit approval made
    to approve the triage and given to the triage's own agent."""
    text = edit(
        complete_process(),
        (
            "    responsible: billing-lead\n    accountable: billing-lead\n",
            "    approves: [triage]\n    responsible: vendor-agent\n    accountable: billing-lead\n",
        ),
    )
    checked = run_check(text)
    checked.expect("P011", "error", "vendor-agent\n    accountable: billing-lead")
    other = edit(
        complete_process(),
        (
            "    responsible: billing-lead\n    accountable: billing-lead\n",
            "    approves: [triage]\n    responsible: billing-lead\n    accountable: billing-lead\n",
        ),
    )
    run_check(other).expect_none("P011")


def test_an_owner_at_the_vendors_domain_is_named_with_the_contact_it_matches(run_check):
    finding = run_check(edit(complete_process(), (OWNER, OWNER.replace("example.com", "ops.example.org")))).expect(
        "P014", "error", "dana.ruiz@ops.example.org"
    )
    assert finding.message == (
        "the process owner's e-mail 'dana.ruiz@ops.example.org' is at the vendor's domain, like Ramon Santos's "
        "(ramon.santos@example.org): the owner must be the client's"
    )


def test_a_vendor_roles_contact_counts_and_a_public_mail_provider_does_not(run_check):
    with_contact = edit(
        complete_process(),
        (
            "  - {id: vendor-lead, party: vendor, title: Vendor team lead}\n",
            "  - {id: vendor-lead, party: vendor, title: Vendor team lead,\n"
            "     contact: {name: Liza Mercado, email: liza.mercado@acme-bpo.example}}\n",
        ),
    )
    run_check(with_contact).expect_none("P014")
    at_vendor = edit(with_contact, (OWNER, OWNER.replace("example.com", "acme-bpo.example")))
    run_check(at_vendor).expect("P014", "error", "dana.ruiz@acme-bpo.example")
    # Two people at one public provider need not share an employer.
    public = edit(
        with_contact,
        (OWNER, OWNER.replace("example.com", "gmail.com")),
        ("liza.mercado@acme-bpo.example", "liza.mercado@gmail.com"),
    )
    run_check(public).expect_none("P014")


ZENDESK = "  - {id: zendesk, name: Zendesk, access: SSO account requested by the vendor lead from client IT}\n"
APPROVAL = "    inputs: [triaged-ticket]\n    sla: 1bd\n"  # the client's approve-credit step


def _with_bank_portal(retained: bool, *edits: tuple[str, str]) -> str:
    flag = ", retained: true" if retained else ""
    portal = f"  - {{id: bank-portal, name: Bank portal (corporate online banking), access: Treasury only{flag}}}\n"
    return edit(complete_process(), (ZENDESK, ZENDESK + portal), *edits)


CLIENT_USES_IT = (APPROVAL, "    inputs: [triaged-ticket]\n    tools: [bank-portal]\n    sla: 1bd\n")


def test_a_tool_only_the_clients_steps_use_is_p015_until_it_is_retained(run_check):
    """Tried from outside (treasury M20): retained: true left off the bank portal; the vendor's site listed it."""
    finding = run_check(_with_bank_portal(False, CLIENT_USES_IT)).expect("P015", "warning", "{id: bank-portal")
    assert finding.message.startswith("tool 'bank-portal' is used only by the client's step 'approve-credit'")
    run_check(_with_bank_portal(True, CLIENT_USES_IT)).expect_none("P015")
    # Used by nobody is O-rules' business, and used by the vendor too is a shared tool: no P015.
    run_check(_with_bank_portal(False)).expect_none("P015")
    shared = _with_bank_portal(
        False,
        CLIENT_USES_IT,
        ("    tools: [zendesk]\n    sla: 4h\n", "    tools: [zendesk, bank-portal]\n    sla: 4h\n"),
    )
    run_check(shared).expect_none("P015")


@pytest.mark.parametrize(
    "named", ["the bank portal", "Bank Portal", "bank-portal", "Bank portal (corporate online banking)"]
)
def test_a_vendor_step_sent_into_a_retained_tool_is_p016(run_check, named):
    """Tried from outside (treasury M21): the vendor's step told to check files in the bank portal."""
    text = _with_bank_portal(
        True, CLIENT_USES_IT, ("send the customer the resolution notice.", f"then check the refund in {named}.")
    )
    finding = run_check(text).expect("P016", "warning", "Apply the decision")
    assert finding.message.startswith("instructions of vendor step 'resolve' name ")


def test_a_retained_tool_named_by_a_client_step_or_a_tool_not_retained_is_no_p016(run_check):
    client = _with_bank_portal(
        True,
        CLIENT_USES_IT,
        ("Check the amount against", "Release the credit in the bank portal after checking the amount against"),
    )
    run_check(client).expect_none("P016")
    not_kept = _with_bank_portal(
        False, CLIENT_USES_IT, ("send the customer the resolution notice.", "check the bank portal.")
    )
    run_check(not_kept).expect_none("P016")
