"""Transition (stage 3), vendor selection (stage 2) and risk management: a planned handover with knowledge
transfer and a pilot, a vendor that was checked and holds what the process needs, and risks with plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.findings import Finding
from generator.model import Process
from generator.rules.common import blank, sensitive_vendor_steps
from generator.rules.registry import rule

ACTIVE = ("ready", "pilot", "live")


@rule("T001", "transition")
def high_criticality_without_pilot(spec: Process, ctx) -> Iterator[Finding]:
    """What: a high-criticality process whose transition has no `pilot`.
    Why: a pilot run proves the vendor ready before customers depend on it; the more a failure costs, the
    less a big-bang go-live is acceptable (stage 3, transition).
    Fails:
      criticality: high
      transition: {start: 2026-03-02, go_live: 2026-05-18}
    Passes:
      criticality: high
      transition:
        start: 2026-03-02
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two weeks}
        go_live: 2026-05-18
    """
    if spec.criticality == "high" and (spec.transition is None or spec.transition.pilot is None):
        yield Finding.at(
            spec.transition.mark if spec.transition else spec.mark,
            "a high-criticality process goes live without a pilot",
            hint="add transition.pilot: {start: ..., end: ..., exit_criteria: ...}",
        )


@rule("T002", "transition")
def no_knowledge_transfer(spec: Process, ctx) -> Iterator[Finding]:
    """What: the transition lists no `knowledge_transfer`.
    Why: the vendor learns the process through training, documentation and shadowing; none planned means
    none done (stage 3).
    Fails:
      transition: {start: 2026-03-02, go_live: 2026-05-18}
    Passes:
      transition:
        knowledge_transfer:
          - {item: Billing system walkthrough, method: training, owner: billing-lead}
    """
    if spec.transition is None or not spec.transition.knowledge_transfer:
        yield Finding.at(
            spec.transition.mark if spec.transition else spec.mark,
            "the transition plans no knowledge transfer",
            hint="add transition.knowledge_transfer: [{item: ..., method: training, owner: ...}]",
        )


@rule("T003", "transition")
def transition_dates_missing(spec: Process, ctx) -> Iterator[Finding]:
    """What: the transition has no `start` or no `go_live` date.
    Why: a handover without dates is a wish; the vendor plans hiring and training from them (stage 3).
    Fails:
      transition: {knowledge_transfer: [...]}
    Passes:
      transition: {start: 2026-03-02, go_live: 2026-05-18}
    """
    transition = spec.transition
    missing = [key for key in ("start", "go_live") if transition is None or getattr(transition, key) is None]
    if missing:
        yield Finding.at(
            transition.mark if transition else spec.mark,
            f"the transition has no {' and no '.join(missing)} date",
            hint="; ".join(f"add transition.{key}: YYYY-MM-DD" for key in missing),
        )


@rule("T004", "transition", completeness=False)
def transition_dates_out_of_order(spec: Process, ctx) -> Iterator[Finding]:
    """What: transition dates out of order: the pilot ends before it starts, starts before the transition,
    or go-live comes before the pilot ends or before the transition starts.
    Why: a plan whose dates contradict each other cannot be followed (stage 3).
    Fails:
      transition:
        start: 2026-03-02
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: ...}
        go_live: 2026-05-01
    Passes:
      transition:
        start: 2026-03-02
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: ...}
        go_live: 2026-05-18
    """
    t = spec.transition
    if t is None:
        return
    pilot = t.pilot
    checks = [
        (t.start, t.go_live, t.at("go_live"), "go-live comes before the transition starts"),
    ]
    if pilot is not None:
        checks += [
            (pilot.start, pilot.end, pilot.at("end"), "the pilot ends before it starts"),
            (t.start, pilot.start, pilot.at("start"), "the pilot starts before the transition"),
            (pilot.end, t.go_live, t.at("go_live"), "go-live comes before the pilot ends"),
        ]
    for earlier, later, mark, message in checks:
        if isinstance(earlier, dt.date) and isinstance(later, dt.date) and later < earlier:
            yield Finding.at(
                mark,
                f"{message} ({later.isoformat()} is before {earlier.isoformat()})",
                hint="correct the dates",
            )


@rule("T005", "transition", severity="warning", options=("transition_min_weeks",))
def transition_too_short(spec: Process, ctx) -> Iterator[Finding]:
    """What: fewer weeks from transition start to go-live than the configured minimum (6 by default, the low
    end of what standard processes take; `transition_min_weeks` in `.playbook.yaml` changes it).
    Why: a rushed transition is where costly errors come from: knowledge transfer, hiring and a pilot
    take time (stage 3).
    Fails:
      transition: {start: 2026-03-02, go_live: 2026-03-23}
    Passes:
      transition: {start: 2026-03-02, go_live: 2026-05-18}
    """
    t = spec.transition
    if t is None or not isinstance(t.start, dt.date) or not isinstance(t.go_live, dt.date):
        return
    weeks = (t.go_live - t.start).days / 7
    minimum = ctx.options["transition_min_weeks"]
    if 0 <= weeks < minimum:
        yield Finding.at(
            t.at("go_live"),
            f"the transition takes {weeks:.1f} weeks, less than {minimum}",
            hint=f"plan at least {minimum} weeks from start to go-live",
        )


@rule("T006", "transition")
def sensitive_data_without_certification(spec: Process, ctx) -> Iterator[Finding]:
    """What: a vendor step handles a confidential or restricted input, but the process requires no
    certification of the vendor.
    Why: data shared with third parties is where most breaches happen; require a security standard such
    as ISO 27001, SOC 2 or PCI DSS (risk management).
    Fails:
      inputs: [{id: card-details, name: Card details, classification: restricted}]
      compliance: {certifications: []}
    Passes:
      inputs: [{id: card-details, name: Card details, classification: restricted}]
      compliance: {certifications: [pci-dss]}
    """
    if spec.compliance is not None and spec.compliance.certifications:
        return
    for step, item in sensitive_vendor_steps(spec)[:1]:
        yield Finding.at(
            step.mark,
            f"vendor step '{step.id}' handles {item}, but no certification is required",
            hint="add compliance.certifications, e.g. [iso-27001]",
        )


@rule("T007", "transition", completeness=False)
def vendor_lacks_certification(spec: Process, ctx) -> Iterator[Finding]:
    """What: the assigned vendor does not hold a certification the process requires, or its certificate
    has expired.
    Why: the requirement protects the client's data and reputation only if the vendor meets it
    (stage 2, vendor selection; risk management).
    Fails:
      compliance: {certifications: [pci-dss]}
      # vendors/acme-bpo.yaml lists only iso-27001
    Passes:
      compliance: {certifications: [iso-27001]}
      # vendors/acme-bpo.yaml: certifications: [{id: iso-27001, expires: 2027-09-30}]
    """
    vendor = ctx.vendors.get(spec.vendor)
    if vendor is None or spec.compliance is None:
        return
    held = {c.id: c for c in vendor.certifications}
    for index, cert in enumerate(spec.compliance.certifications):
        mark = spec.compliance.item_marks["certifications"][index]
        certificate = held.get(cert)
        if certificate is None:
            yield Finding.at(
                mark,
                f"vendor '{vendor.id}' does not hold required certification '{cert}'",
                hint=f"add it to {vendor.path} once certified, or choose another vendor",
            )
        elif certificate.expires is not None and certificate.expires < ctx.today:
            yield Finding.at(
                mark,
                f"vendor '{vendor.id}' certificate '{cert}' expired on {certificate.expires.isoformat()}",
                hint=f"ask the vendor for the renewed certificate and update {vendor.path}",
            )


@rule("T008", "transition")
def high_impact_risk_incomplete(spec: Process, ctx) -> Iterator[Finding]:
    """What: a high-impact risk without `mitigation`, `contingency` or `owner`.
    Why: a serious risk needs a way to make it less likely, a plan for when it happens anyway, and a
    person who watches it (risk management).
    Fails:
      risks:
        - {id: pii-exposure, category: data-security, description: Card data in tickets, likelihood: medium,
           impact: high}
    Passes:
      risks:
        - {id: pii-exposure, category: data-security, description: Card data in tickets, likelihood: medium,
           impact: high, mitigation: Mask card numbers, contingency: Revoke access within 1 hour,
           owner: billing-lead}
    """
    for risk in spec.risks:
        if risk.impact != "high":
            continue
        for key in ("mitigation", "contingency", "owner"):
            if blank(getattr(risk, key)):
                yield Finding.at(risk.mark, f"high-impact risk '{risk.id}' has no {key}", hint=f"add {key}")


@rule("T009", "transition")
def remote_delivery_without_overlap(spec: Process, ctx) -> Iterator[Finding]:
    """What: an offshore or nearshore process without `communication.languages` or
    `communication.overlap_hours`.
    Why: across borders and time zones, language and the hours both teams are at work decide whether
    questions get answered the same day (cultural differences; Key 4).
    Fails:
      delivery_model: offshore
      communication: {channels: [Slack channel billing-bpo]}
    Passes:
      delivery_model: offshore
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: 13:00-17:00 UTC}
    """
    if spec.delivery_model not in ("offshore", "nearshore"):
        return
    communication = spec.communication
    if communication is None or not communication.languages:
        yield Finding.at(
            communication.mark if communication else spec.mark,
            f"an {spec.delivery_model} process names no working languages",
            hint="add communication.languages: [en]",
        )
    if communication is None or blank(communication.overlap_hours):
        yield Finding.at(
            communication.mark if communication else spec.mark,
            f"an {spec.delivery_model} process names no overlap hours",
            hint="add communication.overlap_hours: '13:00-17:00 UTC'",
        )


@rule("T010", "transition")
def vendor_due_diligence_missing(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process that is ready, in pilot or live, whose vendor file lacks a due-diligence date: RFP,
    site visit, security audit or reference checks.
    Why: a vendor is handed a process only after it was checked (stage 2, vendor selection).
    Fails:
      status: ready
      # vendors/acme-bpo.yaml: due_diligence: {rfp: 2025-10-01}
    Passes:
      status: ready
      # vendors/acme-bpo.yaml: due_diligence: {rfp: 2025-10-01, site_visit: 2025-11-12,
      #                                         security_audit: 2025-11-20, reference_checks: 2025-10-15}
    """
    vendor = ctx.vendors.get(spec.vendor)
    if vendor is None or spec.status not in ACTIVE:
        return
    checks = vendor.due_diligence
    missing = [
        k
        for k in ("rfp", "site_visit", "security_audit", "reference_checks")
        if checks is None or getattr(checks, k) is None
    ]
    if missing:
        yield Finding.at(
            spec.at("vendor"),
            f"vendor '{vendor.id}' has no due-diligence date for {', '.join(missing)}",
            hint=f"add due_diligence.{missing[0]} in {vendor.path}",
        )


@rule("T011", "transition", completeness=False)
def delivery_model_mismatch(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process's `delivery_model` differs from its vendor's.
    Why: the model decides languages, overlap hours and data-transfer rules; one of the two files is wrong.
    Fails:
      delivery_model: onshore
      vendor: acme-bpo     # vendors/acme-bpo.yaml: delivery_model: offshore
    Passes:
      delivery_model: offshore
      vendor: acme-bpo
    """
    vendor = ctx.vendors.get(spec.vendor)
    if vendor is not None and spec.delivery_model and spec.delivery_model != vendor.delivery_model:
        yield Finding.at(
            spec.at("delivery_model"),
            f"delivery model '{spec.delivery_model}' differs from vendor '{vendor.id}' ({vendor.delivery_model})",
            hint=f"write delivery_model: {vendor.delivery_model}, or correct {vendor.path}",
        )


@rule("T012", "transition", completeness=False)
def go_live_after_contract_end(spec: Process, ctx) -> Iterator[Finding]:
    """What: go-live falls after the end of the vendor's contract.
    Why: the vendor would run the process without a contract (stage 2).
    Fails:
      transition: {go_live: 2027-05-18}   # vendors/acme-bpo.yaml: contract: {end: 2027-03-31}
    Passes:
      transition: {go_live: 2026-05-18}
    """
    vendor = ctx.vendors.get(spec.vendor)
    contract = vendor.contract if vendor else None
    go_live = spec.transition.go_live if spec.transition else None
    if contract and isinstance(contract.end, dt.date) and isinstance(go_live, dt.date) and go_live > contract.end:
        yield Finding.at(
            spec.transition.at("go_live"),
            f"go-live {go_live.isoformat()} is after vendor '{vendor.id}' contract ends ({contract.end.isoformat()})",
            hint="extend the contract or move the go-live",
        )


@rule("T013", "transition")
def sensitive_data_without_security_risk(spec: Process, ctx) -> Iterator[Finding]:
    """What: a vendor step handles a confidential or restricted input, but the risk register has no
    data-security risk.
    Why: sharing sensitive data with a third party is a risk in itself; it needs mitigation and a
    contingency like any other (risk management).
    Fails:
      inputs: [{id: card-details, name: Card details, classification: restricted}]
      risks: []
    Passes:
      inputs: [{id: card-details, name: Card details, classification: restricted}]
      risks:
        - {id: card-exposure, category: data-security, description: Card data leaks, likelihood: low,
           impact: high, mitigation: Masking, contingency: Revoke access, owner: billing-lead}
    """
    if any(r.category == "data-security" for r in spec.risks):
        return
    for step, item in sensitive_vendor_steps(spec)[:1]:
        yield Finding.at(
            step.mark,
            f"vendor step '{step.id}' handles {item}, but no data-security risk is listed",
            hint="add a risk with category: data-security",
        )


@rule("T014", "transition")
def no_operational_contingency(spec: Process, ctx) -> Iterator[Finding]:
    """What: the risk register has no operational risk with a `contingency`.
    Why: outages, attrition and volume peaks happen to every vendor; the question is what happens then
    (risk management: contingency plans).
    Fails:
      risks:
        - {id: attrition, category: operational, description: Agent attrition, likelihood: high, impact: medium}
    Passes:
      risks:
        - {id: attrition, category: operational, description: Agent attrition, likelihood: high,
           impact: medium, contingency: Client team covers the queue for up to two weeks}
    """
    if not any(r.category == "operational" and not blank(r.contingency) for r in spec.risks):
        yield Finding.at(
            spec.at("risks"),
            "no operational risk has a contingency plan",
            hint="add a risk with category: operational and a contingency",
        )
