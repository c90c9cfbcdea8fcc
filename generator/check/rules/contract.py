"""Vendor selection (stage 2): the checks done before the vendor was handed client data and the contract it
works under, each judged against today (`--today`). The certificates are in `certificates.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.check.rules.common import active_vendor, blank, work_starts
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Process, Vendor

CHECKS = (
    ("rfp", "RFP evaluation"),
    ("site_visit", "site visit"),
    ("security_audit", "security audit"),
    ("reference_checks", "reference checks"),
)


@rule("T010", "transition")
def vendor_due_diligence_missing(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process that is ready, in pilot or live, whose vendor file lacks a due-diligence date: RFP,
    site visit, security audit or reference checks.
    Why: a vendor is handed a process only after it was checked (stage 2, vendor selection).
    Fails:
      # vendors/acme-bpo.yaml
      due_diligence: {rfp: 2025-10-01}
    Passes:
      # vendors/acme-bpo.yaml
      due_diligence: {rfp: 2025-10-01, site_visit: 2025-11-12, security_audit: 2025-11-20, reference_checks: 2025-10-15}
    """
    vendor = active_vendor(spec, ctx)
    if vendor is None:
        return
    checks = vendor.due_diligence
    missing = [key for key, _ in CHECKS if checks is None or getattr(checks, key) is None]
    if missing:
        yield Finding.at(
            spec.at("vendor"),
            f"vendor '{vendor.id}' has no due-diligence date for {', '.join(missing)}",
            hint=f"add due_diligence.{missing[0]} in {vendor.path}",
        )


@rule("T012", "transition", completeness=False)
def go_live_after_contract_end(spec: Process, ctx) -> Iterator[Finding]:
    """What: go-live falls after the end of the vendor's contract.
    Why: the vendor would run the process without a contract (stage 2).
    Fails:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2026-04-30}
    Passes:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31}
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


@rule("T015", "transition")
def active_process_without_contract(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process that is ready, in pilot or live, whose vendor file has no `contract`, or a contract
    without a `start` date.
    Why: the vendor may only work on the client's data under a signed contract, which defines the service
    levels it is held to (stage 2); without its start date nobody can tell whether it covers the work.
    Fails:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, end: 2028-12-31}
    Passes:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31}
    """
    vendor = active_vendor(spec, ctx)
    if vendor is None:
        return
    if vendor.contract is None:
        yield Finding.at(
            spec.at("vendor"),
            f"the process is {spec.status}, but vendor '{vendor.id}' has no contract",
            hint=f"add contract: {{reference: ..., start: YYYY-MM-DD, end: YYYY-MM-DD}} to {vendor.path}",
        )
    elif vendor.contract.start is None:
        yield Finding.at(
            spec.at("vendor"),
            f"vendor '{vendor.id}' contract has no start date",
            hint=f"add contract.start: YYYY-MM-DD in {vendor.path}",
        )


@rule("T016", "transition", completeness=False)
def contract_ended(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process that is ready, in pilot or live, whose vendor's contract ended before today.
    Why: a vendor working without a contract is held to no service level and no confidentiality clause
    (stage 2).
    Fails:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2026-10-31}  # today is 2026-11-23
    Passes:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31}
    """
    vendor = active_vendor(spec, ctx)
    end = vendor.contract.end if vendor and vendor.contract else None
    if end is not None and end < ctx.today:
        yield Finding.at(
            spec.at("vendor"),
            f"the process is {spec.status}, but vendor '{vendor.id}' contract ended on {end.isoformat()}",
            hint=f"renew the contract and update contract.end in {vendor.path}",
        )


@rule("T017", "transition", completeness=False)
def contract_starts_after_work(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process that is ready, in pilot or live, whose vendor's contract starts after the vendor
    starts on the process: after the transition start (or the pilot start, or go-live, when earlier dates
    are missing).
    Why: from the transition on, the vendor works on the client's systems and data; it must not do so
    before a contract binds it (stage 2 comes before stage 3).
    Fails:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-04-01, end: 2028-12-31}  # transition starts 2026-03-02
    Passes:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31}
    """
    vendor = active_vendor(spec, ctx)
    start = vendor.contract.start if vendor and vendor.contract else None
    work = work_starts(spec)
    if start is not None and work is not None and start > work[0]:
        day, mark, what = work
        yield Finding.at(
            mark,
            f"vendor '{vendor.id}' contract starts on {start.isoformat()}, after {what} ({day.isoformat()})",
            hint=f"correct contract.start in {vendor.path}, or move the work after the contract starts",
        )


@rule("T018", "transition", severity="warning", completeness=False, options=("contract_renewal_days",))
def contract_renewal_due(spec: Process, ctx) -> Iterator[Finding]:
    """What: the vendor's contract ends within the renewal-notice window (90 days by default;
    `contract_renewal_days` in `.playbook.yaml` changes it) of today, or of go-live when that is later.
    Why: renewal takes notice and negotiation; a contract that ends soon, or soon after go-live, leaves the
    handover no runway (stage 2).
    Fails:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2027-01-31}  # today is 2026-11-23
    Passes:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31}
    """
    vendor = active_vendor(spec, ctx)
    end = vendor.contract.end if vendor and vendor.contract else None
    go_live = spec.transition.go_live if spec.transition else None
    if end is None or end < ctx.today:
        return
    window = ctx.options["contract_renewal_days"]
    after_go_live = go_live is not None and go_live > ctx.today
    days = (end - (go_live if after_go_live else ctx.today)).days
    if 0 <= days <= window:
        when = f"{days} days after go-live ({go_live.isoformat()})" if after_go_live else f"in {days} days"
        yield Finding.at(
            spec.at("vendor"),
            f"vendor '{vendor.id}' contract ends on {end.isoformat()}, {when}, within the {window}-day "
            "renewal-notice window",
            hint=f"renew or extend the contract now and update contract.end in {vendor.path}",
        )


@rule("T019", "transition", scope="vendor", completeness=False)
def contract_ends_before_it_starts(vendor: Vendor, ctx) -> Iterator[Finding]:
    """What: a vendor's contract ends before it starts.
    Why: one of the two dates is mistyped, and every date rule of the vendor's processes reads them.
    Fails:
      contract: {reference: MSA-2025-017, start: 2029-01-01, end: 2028-12-31}
    Passes:
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31}
    """
    contract = vendor.contract
    start, end = (contract.start, contract.end) if contract else (None, None)
    if start is not None and end is not None and end < start:
        yield Finding.at(
            contract.at("end"),
            f"the contract ends before it starts ({end.isoformat()} is before {start.isoformat()})",
            hint="correct contract.start or contract.end",
        )


@rule("T020", "transition", severity="warning")
def contract_without_reference(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process that is ready, in pilot or live, whose vendor's contract has no `reference`.
    Why: dates alone do not say which signed document holds the service levels and the data clauses; an
    auditor asks for it by its number (stage 2).
    Fails:
      # vendors/acme-bpo.yaml
      contract: {start: 2026-01-01, end: 2028-12-31}
    Passes:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31}
    """
    vendor = active_vendor(spec, ctx)
    if vendor is not None and vendor.contract is not None and blank(vendor.contract.reference):
        yield Finding.at(
            spec.at("vendor"),
            f"vendor '{vendor.id}' contract has no reference",
            hint=f"add contract.reference (the contract number, e.g. MSA-2025-017) in {vendor.path}",
        )


@rule("T021", "transition", completeness=False)
def due_diligence_after_work_started(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process that is ready, in pilot or live, whose vendor's due diligence (RFP, site visit,
    security audit, reference checks) is dated after the vendor started on the process (the transition
    start), or in the future.
    Why: the checks decide whether the vendor may be handed client data at all; done afterwards they
    check nothing, and a date in the future is a plan, not a check (stage 2, vendor selection).
    Fails:
      # vendors/acme-bpo.yaml
      # the transition started on 2026-03-02
      due_diligence: {rfp: 2025-10-01, site_visit: 2025-11-12, security_audit: 2026-04-20, reference_checks: 2025-10-15}
    Passes:
      # vendors/acme-bpo.yaml
      due_diligence: {rfp: 2025-10-01, site_visit: 2025-11-12, security_audit: 2025-11-20, reference_checks: 2025-10-15}
    """
    vendor = active_vendor(spec, ctx)
    if vendor is None or vendor.due_diligence is None:
        return
    work = work_starts(spec)
    for key, what in CHECKS:
        day = getattr(vendor.due_diligence, key)
        if day is None:
            continue
        if day > ctx.today:
            problem = "in the future (planned, not yet done)"
            hint = f"do the {what} before the work goes on, then record the date in due_diligence.{key} of "
        elif work is not None and day > work[0]:
            problem = f"after {work[2]} ({work[0].isoformat()})"
            hint = f"do the {what} before the work goes on, or record an earlier one in due_diligence.{key} of "
        else:
            continue
        yield Finding.at(
            spec.at("vendor"),
            f"vendor '{vendor.id}' has its {what} dated {day.isoformat()}, {problem}",
            hint=hint + vendor.path,
        )
