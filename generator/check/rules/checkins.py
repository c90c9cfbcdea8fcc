"""Key 4, check in regularly and adjust; stage 5, continuous improvement: recurring meetings of both
parties, often enough to catch a problem while it is small, KPIs fresh for every review, qualitative
feedback, and a review, led by the client, that changes the process."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Process
from generator.spec.schema import CADENCE_WORDS, CADENCES


@rule("C001", "checkins")
def no_recurring_checkin(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process has no `governance.checkins`.
    Why: problems on either side surface in regular meetings set up from the start, not at contract
    renewal (Key 4).
    Fails:
      governance: {checkins: []}
    Passes:
      governance:
        checkins:
          - {name: Weekly operations review, cadence: weekly, attendees: [billing-lead, vendor-lead]}
    """
    if spec.governance is None or not spec.governance.checkins:
        where = spec.governance.at("checkins") if spec.governance else spec.mark
        refused = [place for _, key, place in spec.refused_keys if key == "checkins"]
        yield Finding.at(
            where,
            "the process has no recurring check-in" + (" that could be read as written" if refused else ""),
            hint=f"fix the check-in on line {refused[0].line} first (its own finding says how)"
            if refused
            else "add governance.checkins: [{name: ..., cadence: weekly, attendees: [...]}]",
        )


@rule("C002", "checkins")
def checkin_without_both_parties(spec: Process, ctx) -> Iterator[Finding]:
    """What: a check-in whose attendees do not include at least one client role and one vendor role.
    Why: a meeting of one side cannot settle questions between both (Key 4).
    Fails:
      governance:
        checkins:
          - {name: Weekly review, cadence: weekly, attendees: [billing-lead]}
    Passes:
      governance:
        checkins:
          - {name: Weekly review, cadence: weekly, attendees: [billing-lead, vendor-lead]}
    """
    for checkin in spec.governance.checkins if spec.governance else ():
        parties = {spec.party_of(a) for a in checkin.attendees}
        missing = [p for p in ("client", "vendor") if p not in parties]
        if missing:
            yield Finding.at(
                checkin.at("attendees"),
                f"check-in '{checkin.name}' has no attendee from the {' or '.join(missing)}",
                hint=f"add a {' and a '.join(missing)} role to attendees",
            )


@rule("C003", "checkins")
def kpi_measured_less_often_than_reviewed(spec: Process, ctx) -> Iterator[Finding]:
    """What: a check-in reviews a KPI (its `kpis`) more often than the KPI is measured.
    Why: the meeting would review a stale figure, and the drift it should catch goes unseen (Key 3, Key 4).
    Fails:
      kpis:
        - {id: csat, name: Customer satisfaction, measurement: {frequency: monthly}}
      governance:
        checkins:
          - {name: Weekly review, cadence: weekly, kpis: [csat]}
    Passes:
      kpis:
        - {id: csat, name: Customer satisfaction, measurement: {frequency: weekly}}
      governance:
        checkins:
          - {name: Weekly review, cadence: weekly, kpis: [csat]}
    """
    kpis = {k.id: k for k in spec.kpis}
    for checkin in spec.governance.checkins if spec.governance else ():
        for index, kpi_id in enumerate(checkin.kpis):
            kpi = kpis.get(kpi_id)
            frequency = kpi.measurement.frequency if kpi and kpi.measurement else None
            if frequency and CADENCES.index(frequency) > CADENCES.index(checkin.cadence):
                yield Finding.at(
                    checkin.item_marks["kpis"][index],
                    f"KPI '{kpi_id}' is measured {CADENCE_WORDS[frequency]} but reviewed "
                    f"{CADENCE_WORDS[checkin.cadence]} in '{checkin.name}'",
                    hint=f"measure it {CADENCE_WORDS[checkin.cadence]} or more often, or review it in a less "
                    "frequent check-in",
                )


@rule("C004", "checkins")
def no_feedback_source(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process has no `governance.feedback`: no source of qualitative feedback.
    Why: KPIs can be met while customers and staff are unhappy; service quality needs both figures and
    words (stage 4, implementation).
    Fails:
      governance: {feedback: []}
    Passes:
      governance:
        feedback:
          - {source: Post-contact customer survey, cadence: monthly, owner: billing-lead}
    """
    if spec.governance is None or not spec.governance.feedback:
        where = spec.governance.at("feedback") if spec.governance else spec.mark
        yield Finding.at(
            where,
            "the process has no source of qualitative feedback",
            hint="add governance.feedback: [{source: ..., cadence: monthly, owner: <role id>}]",
        )


@rule("C005", "checkins")
def no_improvement_review(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process has no `governance.improvement` review.
    Why: business changes; a process nobody reviews drifts from what the business needs (stage 5,
    continuous improvement; Key 4, adjust).
    Fails:
      governance:
        checkins:
          - {name: Weekly operations review, cadence: weekly, attendees: [billing-lead, vendor-lead]}
        escalation_path: [vendor-lead, billing-lead]
    Passes:
      governance:
        improvement: {cadence: quarterly, owner: billing-lead, scope: Process changes and automation}
    """
    if spec.governance is None or spec.governance.improvement is None:
        where = spec.governance.mark if spec.governance else spec.mark
        yield Finding.at(
            where,
            "the process has no improvement review",
            hint="add governance.improvement: {cadence: quarterly, owner: <role id>, scope: ...}",
        )


# The least frequent cadence at which a running process still meets often enough: monthly (CADENCES is ordered).
_FREQUENT_ENOUGH = CADENCES.index("monthly")


@rule("C006", "checkins")
def no_checkin_at_least_monthly(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process (any status but retired) whose check-ins all meet less often than monthly, such as a
    quarterly business review alone.
    Why: a quarterly meeting lets a missed SLA or a misunderstood instruction run for three months before
    both parties discuss it; problems are cheapest to fix in the week they appear (Key 4, check in
    regularly). A draft is told so as a warning, before the handover.
    Fails:
      governance:
        checkins:
          - {name: Quarterly business review, cadence: quarterly, attendees: [billing-lead, vendor-lead],
             kpis: [first-contact-resolution]}
    Passes:
      governance:
        checkins:
          - {name: Monthly service review, cadence: monthly, attendees: [billing-lead, vendor-lead],
             kpis: [first-contact-resolution]}
          - {name: Quarterly business review, cadence: quarterly, attendees: [billing-lead, vendor-lead]}
    """
    cadences = [c.cadence for c in (spec.governance.checkins if spec.governance else ()) if c.cadence in CADENCES]
    if spec.status == "retired" or not cadences:  # no check-in at all is C001's finding
        return
    most_frequent = min(cadences, key=CADENCES.index)
    if CADENCES.index(most_frequent) > _FREQUENT_ENOUGH:
        yield Finding.at(
            spec.governance.at("checkins"),
            f"the most frequent check-in meets {CADENCE_WORDS[most_frequent]}: problems wait that long to be discussed",
            hint="add a check-in that meets monthly or more often, with both parties, to review the KPIs",
        )


@rule("C007", "checkins")
def improvement_review_led_by_vendor(spec: Process, ctx) -> Iterator[Finding]:
    """What: the improvement review (`governance.improvement.owner`) is led by a vendor role.
    Why: the review decides what the client's process becomes: what changes, what is automated, what is
    handed over next. The vendor contributes, but the client must own that decision (stage 5, continuous
    improvement; Key 4, adjust).
    Fails:
      governance:
        improvement: {cadence: quarterly, owner: vendor-lead, scope: Process changes and automation}
    Passes:
      governance:
        improvement: {cadence: quarterly, owner: billing-lead, scope: Process changes and automation}
    """
    improvement = spec.governance.improvement if spec.governance else None
    if improvement is not None and spec.party_of(improvement.owner) == "vendor":
        yield Finding.at(
            improvement.at("owner"),
            f"the improvement review is led by the vendor role '{improvement.owner}'",
            hint="make a client role the owner; vendor roles attend and propose changes",
        )
