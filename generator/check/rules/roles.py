"""Key 2, define roles and expectations: every step has one accountable role, vendors know whom to call and
their escalations reach the client, the client knows whom to call at the vendor, and every declared role has
a part to play."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.rules.common import role_references, vendor_contact_sharing_owner_domain
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Duty, Process, Vendor


@rule("P001", "roles")
def step_without_accountable(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine with no `accountable` role (A of RACI; exactly one role, so the key takes
    one id).
    Why: when nobody answers for a step, every problem in it becomes an argument between client and
    vendor (Key 2).
    Fails:
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent}
    Passes:
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-lead}
    """
    for duty in spec.duties:
        if duty.accountable is None:
            yield Finding.at(
                duty.mark,
                f"{duty.kind} '{duty.id}' has no accountable role",
                hint="add accountable: <the one role id that answers for the result>",
            )


@rule("P002", "roles")
def step_without_responsible(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine with no `responsible` role (R of RACI).
    Why: the playbook must say who does the work of every step and routine (Key 2).
    Fails:
      steps:
        - {id: triage, name: Triage, accountable: vendor-lead}
    Passes:
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-lead}
    """
    for duty in spec.duties:
        if duty.responsible is None:
            yield Finding.at(
                duty.mark,
                f"{duty.kind} '{duty.id}' has no responsible role",
                hint="add responsible: <the role id that does the work>",
            )


@rule("P003", "roles")
def vendor_step_without_escalation(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine the vendor performs with no `escalation`, while the process has no
    `governance.escalation_path` either.
    Why: a vendor agent who meets an exception must know whom to call, or the case stalls (Key 2).
    Fails:
      governance: {escalation_path: []}
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-lead}
    Passes:
      governance: {escalation_path: [vendor-lead, billing-lead]}
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-lead}
    """
    if spec.governance is not None and spec.governance.escalation_path:
        return
    for duty in spec.vendor_duties():
        if duty.escalation is None:
            yield Finding.at(
                duty.mark,
                f"vendor {duty.kind} '{duty.id}' says nothing of whom to escalate to",
                hint="add escalation: {to: <role id>, when: ...}, or governance.escalation_path",
            )


@rule("P004", "roles")
def role_never_used(spec: Process, ctx) -> Iterator[Finding]:
    """What: a declared role that no step, routine, KPI, check-in, escalation, risk or transfer item names.
    Why: a role with no part either lost its steps in an edit or confuses the vendor's staffing (Key 2).
    Fails:
      roles:
        - {id: vendor-agent, party: vendor, title: Agent}
        - {id: quality-analyst, party: vendor, title: Quality analyst}
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-agent}
    Passes:
      roles:
        - {id: vendor-agent, party: vendor, title: Agent}
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-agent}
    """
    if not spec.steps:
        return  # O001 says there are no steps, which is why the roles take part in nothing
    used = {role_id for role_id, _, _ in role_references(spec)}
    for role in spec.roles:
        if role.id not in used:
            yield Finding.at(
                role.mark,
                f"role '{role.id}' takes part in nothing",
                hint="give it a step, routine, check-in or escalation, or remove it",
            )


@rule("P005", "roles", severity="warning")
def accountability_across_parties(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine done by one party (its responsible role) and answered for by the other (its
    accountable role): a client step with a vendor accountable, or the reverse.
    Why: it can be intended (the client approves vendor work), but it is often a slip that blurs who owns
    the result; flagged for review (Key 2).
    Fails:
      steps:
        - {id: approve-credit, name: Approve the credit, responsible: billing-lead, accountable: vendor-lead}
    Passes:
      steps:
        - {id: approve-credit, name: Approve the credit, responsible: billing-analyst, accountable: billing-lead}
    """
    for duty in spec.duties:
        doer, owner = spec.party_of(duty.responsible), spec.party_of(duty.accountable)
        if doer and owner and doer != owner:
            yield Finding.at(
                duty.at("accountable"),
                f"{duty.kind} '{duty.id}' is done by the {doer} but the {owner} is accountable",
                hint="check that this is intended; waive P005 for this spec if it is",
            )


@rule("P006", "roles")
def escalation_never_reaches_client(spec: Process, ctx) -> Iterator[Finding]:
    """What: the escalation path (`governance.escalation_path`) names no client role; or, with no path, no
    step's or routine's `escalation` goes to a client role.
    Why: an escalation that stays inside the vendor ends with the people whose work is in question; the
    client learns of the problem from its customers (Key 2).
    Fails:
      governance:
        escalation_path: [vendor-agent, vendor-lead]
    Passes:
      governance:
        escalation_path: [vendor-lead, billing-lead]
    """
    governance = spec.governance
    path = governance.escalation_path if governance else ()
    if path:
        targets, where = list(path), governance.at("escalation_path")
    else:
        escalations = [d.escalation for d in spec.duties if d.escalation is not None]
        if not escalations:
            return  # nothing to escalate along: P003's finding
        targets, where = [e.to for e in escalations], escalations[0].at("to")
    parties = [spec.party_of(t) for t in targets]
    if None in parties:
        return  # an unknown role is R001's finding; its party cannot be judged
    if "client" not in parties:
        names = list(dict.fromkeys(targets))
        yield Finding.at(
            where,
            f"escalations never reach the client: {', '.join(names)} "
            + ("is a vendor role" if len(names) == 1 else "are vendor roles"),
            hint="end governance.escalation_path with the client role that decides when the vendor cannot",
        )


@rule("P007", "roles")
def step_escalates_to_its_own_role(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine whose `escalation.to` is its own `responsible` role.
    Why: escalating means handing the case to someone with more authority or knowledge; the agent who
    is stuck cannot escalate to themself (Key 2).
    Fails:
      steps:
        - id: triage
          name: Triage the dispute
          responsible: vendor-agent
          accountable: vendor-lead
          escalation: {to: vendor-agent, when: The invoice number cannot be found}
    Passes:
      steps:
        - id: triage
          name: Triage the dispute
          responsible: vendor-agent
          accountable: vendor-lead
          escalation: {to: vendor-lead, when: The invoice number cannot be found}
    """
    for duty in spec.duties:
        if duty.escalation is not None and duty.escalation.to == duty.responsible:
            yield Finding.at(
                duty.escalation.at("to"),
                f"{duty.kind} '{duty.id}' escalates to '{duty.responsible}', the role that does the {duty.kind}",
                hint="escalate to the role above it: a team lead, or the client role that decides",
            )


@rule("P008", "roles", scope="vendor", completeness=False)
def vendor_without_contact(vendor: Vendor, ctx) -> Iterator[Finding]:
    """What: a vendor file with no `contacts`.
    Why: when a KPI is breached, an invoice is disputed or data leaks, the client must know whom to call at
    the vendor, by name, and the playbook's vendor page must say so (Key 2).
    Fails:
      contacts: []
    Passes:
      contacts:
        - {name: Ramon Santos, email: ramon.santos@example.org, role: Account manager}
    """
    if not vendor.contacts:
        yield Finding.at(
            vendor.at("contacts"),
            f"vendor '{vendor.id}' names nobody to call",
            hint="add contacts: [{name: ..., email: ..., role: Account manager}], and whom to call about security",
        )


@rule("P009", "roles", completeness=False)
def retained_work_done_by_the_vendor(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine marked `retained: true` (the client keeps it) whose responsible or accountable
    role is a vendor role. The vendor may be consulted or informed.
    Why: deciding which work stays with the client is Key 2 of a handover: an approval, a payment release or
    a compliance decision kept by the client is only kept if a client role does it and answers for it. A
    retained step given to the vendor's checker is a control that no longer exists.
    Fails:
      steps:
        - {id: approve-credit, name: Approve the credit, retained: true, responsible: vendor-lead,
           accountable: billing-lead}
    Passes:
      steps:
        - {id: approve-credit, name: Approve the credit, retained: true, responsible: billing-lead,
           accountable: billing-lead, consulted: [vendor-lead]}
    """
    for duty in spec.duties:
        if not duty.retained:
            continue
        for key in ("responsible", "accountable"):
            role_id = getattr(duty, key)
            if spec.party_of(role_id) == "vendor":
                yield Finding.at(
                    duty.at(key),
                    f"{duty.kind} '{duty.id}' is retained by the client, but its {key} role '{role_id}' is the "
                    "vendor's",
                    hint=f"make a client role {key} (the vendor may be consulted or informed), or remove "
                    "retained: true if the vendor is to do it",
                )


@rule("P010", "roles", completeness=False)
def retained_tool_used_by_the_vendor(spec: Process, ctx) -> Iterator[Finding]:
    """What: a tool marked `retained: true` (only the client uses it) in the `tools` of a step or routine
    whose responsible role is a vendor role.
    Why: a system kept by the client, such as the bank portal that releases payments, is kept only while no
    vendor work needs it; a vendor step that uses it means the vendor has the access, whatever the spec says.
    Fails:
      tools:
        - {id: zendesk, name: Zendesk, access: SSO account requested from client IT}
        - {id: bank-portal, name: Bank portal, retained: true}
      routines:
        - {id: refunds, name: Release the approved refunds, cadence: daily, responsible: vendor-lead,
           accountable: vendor-lead, tools: [bank-portal]}
    Passes:
      tools:
        - {id: zendesk, name: Zendesk, access: SSO account requested from client IT}
        - {id: bank-portal, name: Bank portal, retained: true}
      routines:
        - {id: refunds, name: Release the approved refunds, cadence: daily, responsible: billing-lead,
           accountable: billing-lead, tools: [bank-portal]}
    """
    retained = {tool.id for tool in spec.tools if tool.retained}
    for duty in spec.vendor_duties():
        for tool_id in duty.tools:
            if tool_id in retained:
                yield Finding.at(
                    duty.at("tools"),
                    f"tool '{tool_id}' is retained by the client, but {duty.kind} '{duty.id}' of vendor role "
                    f"'{duty.responsible}' uses it",
                    hint=f"give the {duty.kind} to a client role (retained: true), or take {tool_id} from its tools",
                )


@rule("P011", "roles", completeness=False)
def approval_by_the_maker(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step that `approves` a step done by the same responsible role (maker and checker are one).
    Why: segregation of duties is the point of an approval: the one who prepared the payroll cannot be the
    one who approves it. The outsider's payroll gave the client's four-eyes check to the vendor's own checker.
    Fails:
      steps:
        - {id: prepare-refund, name: Prepare the refund, responsible: vendor-agent, accountable: vendor-lead}
        - {id: approve-refund, name: Approve the refund, approves: [prepare-refund], responsible: vendor-agent,
           accountable: vendor-lead}
    Passes:
      steps:
        - {id: prepare-refund, name: Prepare the refund, responsible: vendor-agent, accountable: vendor-lead}
        - {id: approve-refund, name: Approve the refund, approves: [prepare-refund], responsible: billing-lead,
           accountable: billing-lead}
    """
    by_id = {s.id: s for s in spec.steps}
    for step in spec.steps:
        for approved in step.approves:
            maker = by_id.get(approved)
            if maker is not None and step.responsible is not None and maker.responsible == step.responsible:
                yield Finding.at(
                    step.at("responsible"),
                    f"step '{step.id}' approves step '{approved}', which its own role '{step.responsible}' does",
                    hint="give the approval to another role (the client's, for work the client keeps), or drop "
                    f"'{approved}' from approves",
                )


@rule("P014", "roles", completeness=False)
def owner_at_the_vendor(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process `owner`'s e-mail domain is that of a contact of the process's vendor (in the vendor
    file, or the contact of a vendor role); a subdomain counts, a public mail provider does not.
    Why: the owner answers for the process on the client's side and approves its changes and waivers. The
    vendor's delivery manager written in as owner would approve the exceptions to their own work (Key 2).
    Such an owner's approval of a waiver silences nothing (W005).
    Fails:
      owner: {name: Ramon Santos, email: ramon.santos@example.org}
    Passes:
      owner: {name: Dana Ruiz, email: dana.ruiz@example.com}
    """
    contact = vendor_contact_sharing_owner_domain(spec, ctx)
    if contact is not None:
        same = str(contact.email).casefold() == str(spec.owner.email).casefold()
        whose = (
            f"that of {contact.name}, a contact of the vendor"
            if same
            else (f"at the vendor's domain, like {contact.name}'s ({contact.email})")
        )
        yield Finding.at(
            spec.owner.at("email"),
            f"the process owner's e-mail '{spec.owner.email}' is {whose}: the owner must be the client's",
            hint="name the client's manager who answers for the process; the vendor's manager belongs in the "
            "vendor file's contacts or a vendor role",
        )


@rule("P015", "roles", severity="warning", completeness=False)
def tool_only_the_client_uses(spec: Process, ctx) -> Iterator[Finding]:
    """What: a tool that steps or routines name, all of them done by client roles, without `retained: true`.
    Why: the vendor's site lists every tool that is not retained among the vendor's tools, with how to get
    access: a bank portal only the client's treasury uses, left unmarked, tells the vendor to ask for an
    account it must never have (Key 2).
    Fails:
      tools:
        - {id: zendesk, name: Zendesk, access: SSO account requested from client IT}
        - {id: bank-portal, name: Bank portal, access: Two-signature users set up by treasury}
      routines:
        - {id: refunds, name: Release the approved refunds, cadence: daily, responsible: billing-lead,
           accountable: billing-lead, tools: [bank-portal]}
    Passes:
      tools:
        - {id: zendesk, name: Zendesk, access: SSO account requested from client IT}
        - {id: bank-portal, name: Bank portal, retained: true}
      routines:
        - {id: refunds, name: Release the approved refunds, cadence: daily, responsible: billing-lead,
           accountable: billing-lead, tools: [bank-portal]}
    """
    users: dict[str, list[Duty]] = {}
    for duty in spec.duties:
        for tool_id in duty.tools:
            users.setdefault(tool_id, []).append(duty)
    for tool in spec.tools:
        duties = users.get(tool.id, [])
        if not tool.retained and duties and all(spec.party_of(d.responsible) == "client" for d in duties):
            yield Finding.at(
                tool.mark,
                f"tool '{tool.id}' is used only by the client's "
                + ", ".join(f"{d.kind} '{d.id}'" for d in duties[:3])
                + (f" and {len(duties) - 3} more" if len(duties) > 3 else "")
                + ", but is not marked retained: the vendor's site lists it among the vendor's tools",
                hint="add retained: true to the tool if the vendor is never to use it",
            )


@rule("P016", "roles", severity="warning", completeness=False)
def retained_tool_in_vendor_instructions(spec: Process, ctx) -> Iterator[Finding]:
    """What: a vendor step's or routine's instructions name a tool marked `retained: true` (by its id, its id
    with spaces, its name, or its name before a parenthesis or comma; as whole words, any case).
    Why: P010 reads a duty's `tools`; instructions that send the vendor's agent into the bank portal the
    client keeps give the vendor the access in practice. A warning, because an instruction may name the tool
    only to say who works in it ("the treasury analyst releases the file in the bank portal"): then say so,
    or waive P016 for that step.
    Fails:
      tools:
        - {id: zendesk, name: Zendesk, access: SSO account requested from client IT}
        - {id: bank-portal, name: Bank portal, retained: true}
      steps:
        - id: resolve
          name: Resolve and notify
          instructions: Apply the decision in the billing system, then check the refund in the bank portal.
          responsible: vendor-agent
          accountable: vendor-lead
    Passes:
      tools:
        - {id: zendesk, name: Zendesk, access: SSO account requested from client IT}
        - {id: bank-portal, name: Bank portal, retained: true}
      steps:
        - id: resolve
          name: Resolve and notify
          instructions: Apply the decision in the billing system and send the customer the resolution notice.
          responsible: vendor-agent
          accountable: vendor-lead
    """
    retained = [t for t in spec.tools if t.retained]
    if not retained:
        return
    names = {t.id: _tool_words(t.id, t.name) for t in retained}
    patterns = {
        tool_id: re.compile(r"\b(?:" + "|".join(re.escape(n) for n in words) + r")\b", re.IGNORECASE)
        for tool_id, words in names.items()
    }
    for duty in spec.vendor_duties():
        text = duty.instructions if isinstance(duty.instructions, str) else ""
        for tool_id, pattern in patterns.items():
            if (found := pattern.search(text)) is not None:
                yield Finding.at(
                    duty.at("instructions"),
                    f"instructions of vendor {duty.kind} '{duty.id}' name '{found.group()}', a tool the client "
                    "keeps (retained)",
                    hint=f"if the vendor works in {tool_id}, it is not the client's alone: give the work to a client "
                    "step, or remove retained: true; if the text only says who works in it, waive P016 for "
                    f"this {duty.kind} (waivers: items: [{duty.id}])",
                )


def _tool_words(tool_id: str, name: str) -> list[str]:
    """How instructions name a tool: `bank-portal`, "bank portal", "Bank portal (corporate online banking)"
    and "Bank portal"."""
    short = re.split(r"[(,;]| - ", name or "")[0].strip()
    return list(dict.fromkeys(w for w in (tool_id, tool_id.replace("-", " "), name, short) if w))
