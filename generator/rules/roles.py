"""Key 2, define roles and expectations: every step has one accountable role, vendors know whom to call,
and every declared role has a part to play."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Finding
from generator.model import Process
from generator.rules.common import role_references
from generator.rules.registry import rule


@rule("P001", "roles")
def step_without_accountable(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step with no `accountable` role (A of RACI; exactly one role, so the key takes one id).
    Why: when nobody answers for a step, every problem in it becomes an argument between client and
    vendor (Key 2).
    Fails:
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent}
    Passes:
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-lead}
    """
    for step in spec.steps:
        if step.accountable is None:
            yield Finding.at(
                step.mark,
                f"step '{step.id}' has no accountable role",
                hint="add accountable: <the one role id that answers for the result>",
            )


@rule("P002", "roles")
def step_without_responsible(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step with no `responsible` role (R of RACI).
    Why: the playbook must say who does the work of every step (Key 2).
    Fails:
      steps:
        - {id: triage, name: Triage, accountable: vendor-lead}
    Passes:
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-lead}
    """
    for step in spec.steps:
        if step.responsible is None:
            yield Finding.at(
                step.mark,
                f"step '{step.id}' has no responsible role",
                hint="add responsible: <the role id that does the work>",
            )


@rule("P003", "roles")
def vendor_step_without_escalation(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step the vendor performs with no `escalation`, while the process has no
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
    for step in spec.vendor_steps():
        if step.escalation is None:
            yield Finding.at(
                step.mark,
                f"vendor step '{step.id}' says nothing of whom to escalate to",
                hint="add escalation: {to: <role id>, when: ...}, or governance.escalation_path",
            )


@rule("P004", "roles")
def role_never_used(spec: Process, ctx) -> Iterator[Finding]:
    """What: a declared role that no step, KPI, check-in, escalation, risk or transfer item names.
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
    used = {role_id for role_id, _, _ in role_references(spec)}
    for role in spec.roles:
        if role.id not in used:
            yield Finding.at(
                role.mark,
                f"role '{role.id}' takes part in nothing",
                hint="give it a step, check-in or escalation, or remove it",
            )


@rule("P005", "roles", severity="warning")
def accountability_across_parties(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step done by one party (its responsible role) and answered for by the other (its accountable
    role): a client step with a vendor accountable, or the reverse.
    Why: it can be intended (the client approves vendor work), but it is often a slip that blurs who owns
    the result; flagged for review (Key 2).
    Fails:
      steps:
        - {id: approve-credit, name: Approve the credit, responsible: billing-lead, accountable: vendor-lead}
    Passes:
      steps:
        - {id: approve-credit, name: Approve the credit, responsible: billing-analyst, accountable: billing-lead}
    """
    for step in spec.steps:
        doer, owner = spec.party_of(step.responsible), spec.party_of(step.accountable)
        if doer and owner and doer != owner:
            yield Finding.at(
                step.at("accountable"),
                f"step '{step.id}' is done by the {doer} but the {owner} is accountable",
                hint="check that this is intended; waive P005 for this spec if it is",
            )
