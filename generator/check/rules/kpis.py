"""Key 3, set KPIs: each KPI has a target, a unit, a direction, a breach threshold on the right side, a
stated way of measuring it, and a check-in where both parties review it."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.rules.common import blank
from generator.check.rules.registry import rule
from generator.check.rules.validation import REVIEWED_BY_A_REFUSED_CHECKIN
from generator.spec.findings import Finding
from generator.spec.model import Duty, Process
from generator.spec.schema import DIRECTIONS, UNITS


@rule("K001", "kpis")
def process_without_kpis(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process declares no `kpis`.
    Why: without KPIs nobody can tell whether outsourcing helped (Key 3).
    Fails:
      kpis: []
    Passes:
      kpis:
        - {id: first-contact-resolution, name: First-contact resolution, unit: percent, target: 85}
    """
    if not spec.kpis:
        yield Finding.at(
            spec.at("kpis"), "the process has no KPIs", hint="add kpis: what success looks like, in numbers"
        )


@rule("K002", "kpis")
def kpi_without_target(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI with no `target`.
    Why: a vendor cannot be held to a number nobody wrote down (Key 3).
    Fails:
      kpis:
        - {id: fcr, name: First-contact resolution, unit: percent}
    Passes:
      kpis:
        - {id: fcr, name: First-contact resolution, unit: percent, target: 85}
    """
    for kpi in spec.kpis:
        if kpi.target is None:
            yield Finding.at(kpi.mark, f"KPI '{kpi.id}' has no target", hint="add target: <the figure to reach>")


@rule("K003", "kpis")
def kpi_without_unit_or_direction(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI with no `unit` or no `direction`.
    Why: "85" means nothing until it is 85 percent and higher is better (Key 3).
    Fails:
      kpis:
        - {id: fcr, name: First-contact resolution, target: 85}
    Passes:
      kpis:
        - {id: fcr, name: First-contact resolution, target: 85, unit: percent, direction: higher-is-better}
    """
    hints = (("unit", f"unit: one of {', '.join(UNITS)}"), ("direction", f"direction: {' or '.join(DIRECTIONS)}"))
    for kpi in spec.kpis:
        for key, hint in hints:
            if getattr(kpi, key) is None:
                yield Finding.at(kpi.mark, f"KPI '{kpi.id}' has no {key}", hint=f"add {hint}")


@rule("K004", "kpis")
def kpi_measurement_incomplete(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI whose `measurement` lacks its method, source, frequency or owner.
    Why: client and vendor must compute the same figure from the same data, on a known schedule
    (Key 3: decide how each indicator is measured).
    Fails:
      kpis:
        - id: fcr
          name: First-contact resolution
          measurement: {method: Tickets closed without reopening / tickets closed}
    Passes:
      kpis:
        - id: fcr
          name: First-contact resolution
          measurement: {method: Tickets closed without reopening / tickets closed,
                        source: Zendesk report FCR-weekly, frequency: weekly, owner: billing-lead}
    """
    for kpi in spec.kpis:
        measurement = kpi.measurement
        keys = ("method", "source", "frequency", "owner")
        missing = [k for k in keys if measurement is None or blank(getattr(measurement, k))]
        if missing:
            where = measurement.mark if measurement is not None else kpi.mark
            yield Finding.at(
                where,
                f"KPI '{kpi.id}' does not say how it is measured: {', '.join(missing)}",
                hint="add measurement: " + ", ".join(f"{k}: ..." for k in missing),
            )


@rule("K005", "kpis")
def threshold_on_wrong_side(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI threshold on the better side of its target (above it when higher is better, below it
    when lower is better).
    Why: the threshold is the breach level; on the wrong side, the vendor would be in breach while beating
    the target (Key 3).
    Fails:
      kpis:
        - {id: fcr, name: FCR, unit: percent, direction: higher-is-better, target: 85, threshold: 90}
    Passes:
      kpis:
        - {id: fcr, name: FCR, unit: percent, direction: higher-is-better, target: 85, threshold: 75}
    """
    for kpi in spec.kpis:
        if kpi.target is None or kpi.threshold is None or kpi.direction is None:
            continue
        higher = kpi.direction == "higher-is-better"
        if (higher and kpi.threshold > kpi.target) or (not higher and kpi.threshold < kpi.target):
            side = "below" if higher else "above"
            yield Finding.at(
                kpi.at("threshold"),
                f"threshold {kpi.threshold:g} of KPI '{kpi.id}' is on the wrong side of its target "
                f"{kpi.target:g} ({kpi.direction})",
                hint=f"set a threshold {side} the target",
            )


@rule("K006", "kpis")
def percent_out_of_range(spec: Process, ctx) -> Iterator[Finding]:
    """What: a percent KPI whose target, threshold or baseline is below 0 or above 100.
    Why: usually a slip of a digit or a unit that is not a percentage (Key 3).
    Fails:
      kpis:
        - {id: fcr, name: FCR, unit: percent, target: 850}
    Passes:
      kpis:
        - {id: fcr, name: FCR, unit: percent, target: 85}
    """
    for kpi in spec.kpis:
        if kpi.unit != "percent":
            continue
        for key in ("target", "threshold", "baseline"):
            value = getattr(kpi, key)
            if value is not None and not 0 <= value <= 100:
                yield Finding.at(
                    kpi.at(key),
                    f"{key} {value:g} of KPI '{kpi.id}' is not a percentage",
                    hint="write a number from 0 to 100, or change the unit",
                )


@rule("K007", "kpis")
def contractual_kpi_without_threshold(spec: Process, ctx) -> Iterator[Finding]:
    """What: a contractual KPI (an SLA) with no `threshold`.
    Why: an SLA needs a breach level, or the contract cannot say when it was broken (Key 3; stage 2
    contracts define service levels).
    Fails:
      kpis:
        - {id: fcr, name: FCR, target: 85, contractual: true}
    Passes:
      kpis:
        - {id: fcr, name: FCR, target: 85, threshold: 75, contractual: true}
    """
    for kpi in spec.kpis:
        if kpi.contractual and kpi.threshold is None:
            yield Finding.at(
                kpi.at("contractual"),
                f"contractual KPI '{kpi.id}' has no threshold",
                hint="add threshold: <the breach level>",
            )


def _reviewed(spec: Process) -> set[str]:
    """Ids of the KPIs that some check-in reviews, a check-in the schema refused included: its own finding
    says what to fix, and its KPIs are not to blame."""
    reviewed = {kpi_id for checkin in (spec.governance.checkins if spec.governance else ()) for kpi_id in checkin.kpis}
    return reviewed | set(spec.refused_ids.get(REVIEWED_BY_A_REFUSED_CHECKIN, ()))


@rule("K008", "kpis")
def contractual_kpi_never_reviewed(spec: Process, ctx) -> Iterator[Finding]:
    """What: a contractual KPI (an SLA) that no check-in reviews: its id is in no `governance.checkins[].kpis`.
    Why: an SLA is measured so that both parties look at it together and act on a breach; one nobody
    reviews is discovered at renewal, or in a dispute (Key 3, decide how you will check progress; Key 4).
    Fails:
      governance:
        checkins:
          - {name: Weekly operations review, cadence: weekly, attendees: [billing-lead, vendor-lead]}
    Passes:
      governance:
        checkins:
          - {name: Weekly operations review, cadence: weekly, attendees: [billing-lead, vendor-lead],
             kpis: [first-contact-resolution]}
    """
    reviewed = _reviewed(spec)
    for kpi in spec.kpis:
        if kpi.contractual and kpi.id not in reviewed:
            yield Finding.at(
                kpi.at("contractual"),
                f"contractual KPI '{kpi.id}' is reviewed at no check-in",
                hint=f"add {kpi.id} to the kpis of a check-in that meets at least as often as it is measured",
            )


@rule("K009", "kpis", severity="warning")
def kpi_never_reviewed(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI that is not contractual and that no check-in reviews.
    Why: a figure measured but never discussed changes nothing; either review it, or stop asking anyone
    to measure it (Key 3). A warning, because a KPI may be followed elsewhere, in a dashboard the client
    watches.
    Fails:
      kpis:
        - id: first-contact-resolution
          name: First-contact resolution
          unit: percent
          direction: higher-is-better
          target: 85
          measurement: {method: Tickets closed without reopening / tickets closed,
                        source: Zendesk report FCR-weekly, frequency: weekly, owner: billing-lead}
      governance:
        checkins:
          - {name: Weekly operations review, cadence: weekly, attendees: [billing-lead, vendor-lead]}
    Passes:
      kpis:
        - id: first-contact-resolution
          name: First-contact resolution
          unit: percent
          direction: higher-is-better
          target: 85
          measurement: {method: Tickets closed without reopening / tickets closed,
                        source: Zendesk report FCR-weekly, frequency: weekly, owner: billing-lead}
      governance:
        checkins:
          - {name: Weekly operations review, cadence: weekly, attendees: [billing-lead, vendor-lead],
             kpis: [first-contact-resolution]}
    """
    reviewed = _reviewed(spec)
    for kpi in spec.kpis:
        if not kpi.contractual and kpi.id not in reviewed:
            yield Finding.at(
                kpi.mark,
                f"KPI '{kpi.id}' is reviewed at no check-in",
                hint=f"add {kpi.id} to the kpis of a check-in, or remove the KPI if nobody needs it",
            )


@rule("K010", "kpis", completeness=False)
def service_credit_off_contract(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI states a `service_credit` but is not `contractual: true`.
    Why: a service credit is a term of the SLA; on a KPI outside the contract it is owed by nobody, and the
    credits the internal site totals would be wrong.
    Fails:
      kpis:
        - {id: first-contact-resolution, name: First-contact resolution, unit: percent, target: 85,
           threshold: 75, service_credit: {percent: 2, cap: 6}}
    Passes:
      kpis:
        - {id: first-contact-resolution, name: First-contact resolution, unit: percent, target: 85,
           threshold: 75, contractual: true, service_credit: {percent: 2, cap: 6}}
    """
    for kpi in spec.kpis:
        if kpi.service_credit is not None and not kpi.contractual:
            yield Finding.at(
                kpi.at("service_credit"),
                f"KPI '{kpi.id}' has a service credit but is not contractual",
                hint="mark it contractual: true if the contract has this SLA, or remove service_credit",
            )


@rule("K011", "kpis", completeness=False)
def service_credit_impossible(spec: Process, ctx) -> Iterator[Finding]:
    """What: service credit figures that cannot be meant: a `percent` or a `cap` not above 0 or above 100,
    a `cap` below the `percent` of one period, or an `internal.monthly_fee.credit_cap` not above 0 or above
    100.
    Why: credits are percentages of the monthly fee; a cap below one period's credit, or a credit of 250 %,
    is a slip that would make every total wrong.
    Fails:
      kpis:
        - {id: first-contact-resolution, name: First-contact resolution, unit: percent, target: 85,
           threshold: 75, contractual: true, service_credit: {percent: 5, cap: 2}}
    Passes:
      kpis:
        - {id: first-contact-resolution, name: First-contact resolution, unit: percent, target: 85,
           threshold: 75, contractual: true, service_credit: {percent: 2, cap: 6}}
    """
    for kpi in spec.kpis:
        credit = kpi.service_credit
        if credit is None:
            continue
        for key in ("percent", "cap"):
            value = getattr(credit, key)
            if value is not None and not 0 < value <= 100:
                yield Finding.at(
                    credit.at(key),
                    f"service credit {key} of KPI '{kpi.id}' is {value:g} %",
                    hint="write a percentage of the monthly fee above 0 and at most 100",
                )
        if credit.percent is not None and credit.cap is not None and 0 < credit.cap < credit.percent:
            yield Finding.at(
                credit.at("cap"),
                f"the cap of KPI '{kpi.id}''s service credit ({credit.cap:g} %) is below the credit of one "
                f"breached period ({credit.percent:g} %)",
                hint="raise the cap to at least the percent, or lower the percent",
            )
    fee = spec.monthly_fee
    if fee is not None and fee.credit_cap is not None and not 0 < fee.credit_cap <= 100:
        yield Finding.at(
            fee.at("credit_cap"),
            f"the credit cap of the monthly fee is {fee.credit_cap:g} %",
            hint="write the most all credits may come to in a month, in percent of the fee: above 0, at most 100",
        )


@rule("K012", "kpis", completeness=False)
def kpi_beyond_its_scale(spec: Process, ctx) -> Iterator[Finding]:
    """What: a score KPI whose target, threshold or baseline is above its `scale` (the best possible score)
    or below 0.
    Why: a target of 6 on a scale of 5 can never be met, and every period would count as a breach (Key 3).
    Fails:
      kpis:
        - {id: csat, name: Customer satisfaction, unit: score, scale: 5, direction: higher-is-better, target: 6}
    Passes:
      kpis:
        - {id: csat, name: Customer satisfaction, unit: score, scale: 5, direction: higher-is-better, target: 4.4}
    """
    for kpi in spec.kpis:
        if kpi.unit != "score" or not kpi.scale or kpi.scale <= 0:
            continue
        for key in ("target", "threshold", "baseline"):
            value = getattr(kpi, key)
            if value is not None and not 0 <= value <= kpi.scale:
                yield Finding.at(
                    kpi.at(key),
                    f"{key} {value:g} of KPI '{kpi.id}' is off its scale of 0 to {kpi.scale:g}",
                    hint=f"write a score from 0 to {kpi.scale:g}, or correct the scale",
                )


@rule("K013", "kpis", severity="warning", completeness=False)
def service_credit_without_fee(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI states a `service_credit`, but `internal.monthly_fee` gives no fee to take it from.
    Why: credits are a percentage of the monthly fee: without it the scorecard can say 6 % but not what it
    is worth, and nobody checks the vendor's invoice against it. The fee stays internal: no vendor sees it.
    Fails:
      kpis:
        - {id: first-contact-resolution, name: First-contact resolution, unit: percent, target: 85,
           threshold: 75, contractual: true, service_credit: {percent: 2, cap: 6}}
      internal:
        notes: Cost baseline EUR 42k per month in-house.
    Passes:
      kpis:
        - {id: first-contact-resolution, name: First-contact resolution, unit: percent, target: 85,
           threshold: 75, contractual: true, service_credit: {percent: 2, cap: 6}}
      internal:
        notes: Cost baseline EUR 42k per month in-house.
        monthly_fee: {amount: 38000, currency: EUR, credit_cap: 12}
    """
    if spec.monthly_fee is not None:
        return
    for kpi in spec.kpis:
        if kpi.service_credit is not None:
            yield Finding.at(
                kpi.at("service_credit"),
                f"KPI '{kpi.id}' has a service credit, but the process has no monthly fee to take it from",
                hint="add internal.monthly_fee: {amount: ..., currency: EUR} (internal: never published)",
            )


def figures_come_from(spec: Process, source: str) -> list[Duty]:
    """The duties whose records give a KPI's figures: the step or routine `from` names, or every duty that
    produces the output it names."""
    named = [d for d in spec.duties if d.id == source]
    return named or [d for d in spec.duties if source in d.outputs]


@rule("K014", "kpis", severity="warning", completeness=False)
def vendor_marks_its_own_work(spec: Process, ctx) -> Iterator[Finding]:
    """What: a contractual KPI whose figures come only from work the vendor does (`measurement.from` names a
    vendor step or routine, or an output only vendor duties produce) and whose `measurement.owner` is a
    vendor role.
    Why: the vendor would mark its own work for the SLA it is paid on: the quality re-check of its own
    approvals, the reconciliation of its own payments. Take the figures from a check the client keeps, or
    have a client role measure them (Key 2, Key 3). A warning, because a system report the client reads can
    make such figures sound.
    Fails:
      kpis:
        - id: notice-quality
          name: Notices that pass the checklist
          contractual: true
          measurement: {method: Passed notices / scored notices, source: Weekly sample scores,
                        frequency: weekly, owner: vendor-lead, from: quality-sample}
    Passes:
      kpis:
        - id: notice-quality
          name: Notices that pass the checklist
          contractual: true
          measurement: {method: Passed notices / scored notices, source: Weekly sample scores,
                        frequency: weekly, owner: billing-lead, from: quality-sample}
    """
    for kpi in spec.kpis:
        m = kpi.measurement
        if not (kpi.contractual and m and m.from_ and spec.party_of(m.owner) == "vendor"):
            continue
        duties = figures_come_from(spec, m.from_)
        if duties and all(spec.party_of(d.responsible) == "vendor" and not d.retained for d in duties):
            names = " and ".join(f"{d.kind} '{d.id}'" for d in duties)
            yield Finding.at(
                m.at("owner"),
                f"contractual KPI '{kpi.id}' is measured by vendor role '{m.owner}' from {names}, which the "
                "vendor does: the vendor marks its own work",
                hint="take the figures from a check the client keeps (a routine with retained: true that "
                "re-checks a sample), or make a client role the measurement owner",
            )
