"""Transition (stage 3) and risk management: a planned handover with knowledge transfer and a pilot, a
status that agrees with its dates (judged against today, `--today`), and risks with plans. Vendor selection
(stage 2: contract, due diligence, certificates) is `contract.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.check.rules.common import blank, unwritten
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Process


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
      transition: {start: 2026-03-02}
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


@rule("T024", "transition", completeness=False)
def live_before_go_live(spec: Process, ctx) -> Iterator[Finding]:
    """What: `status: live` while go-live is still in the future.
    Why: the status says who runs the process today; the portfolio, the vendor's site and the rules for live
    processes take it at its word, so a status set ahead of time claims a handover that has not happened.
    Fails:
      status: live
      transition: {start: 2026-10-05, go_live: 2027-01-11}  # today is 2026-11-23
    Passes:
      status: ready
      transition: {start: 2026-10-05, go_live: 2027-01-11}
    """
    go_live = spec.transition.go_live if spec.transition else None
    if spec.status == "live" and go_live is not None and go_live > ctx.today:
        yield Finding.at(
            spec.at("status"),
            f"status is live, but go-live is {go_live.isoformat()}, in {(go_live - ctx.today).days} days",
            hint="write status: ready (pilot while the pilot runs) until go-live",
        )


@rule("T025", "transition", completeness=False)
def pilot_status_outside_pilot(spec: Process, ctx) -> Iterator[Finding]:
    """What: `status: pilot` on a process whose transition has no `pilot`, whose pilot has not started yet,
    or that went live (or whose pilot ended with no go-live planned). Between the end of the pilot and
    go-live, while the go decision is taken, the status stays pilot.
    Why: a pilot is the vendor's first work on real cases (stage 3); a status that disagrees with the dates
    misleads whoever plans by it, and hides a live process from the rules for live ones.
    Fails:
      status: pilot  # today is 2026-11-23
      transition:
        start: 2026-03-02
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two weeks}
        go_live: 2026-05-18
    Passes:
      status: live
      transition:
        start: 2026-03-02
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two weeks}
        go_live: 2026-05-18
    """
    t = spec.transition
    pilot, go_live = (t.pilot, t.go_live) if t else (None, None)
    if spec.status != "pilot":
        return
    if pilot is None:
        problem, hint = "the transition plans no pilot", "add transition.pilot, or correct the status"
    elif pilot.start is not None and ctx.today < pilot.start:
        problem, hint = f"the pilot starts on {pilot.start.isoformat()}", "write status: ready until the pilot starts"
    elif go_live is not None and ctx.today >= go_live:
        problem, hint = f"the process went live on {go_live.isoformat()}", "write status: live"
    elif go_live is None and pilot.end is not None and ctx.today > pilot.end:
        problem, hint = f"the pilot ended on {pilot.end.isoformat()}", "add transition.go_live, or correct the status"
    else:
        return
    yield Finding.at(spec.at("status"), f"status is pilot, but {problem}", hint=hint)


@rule("T026", "transition", completeness=False)
def ready_after_work_started(spec: Process, ctx) -> Iterator[Finding]:
    """What: `status: ready` (approved for handover, not yet running) while the pilot has started or the
    process went live.
    Why: a stale status hides a process that runs on real cases from the rules for pilot and live processes
    and from the portfolio; it is a fact, not a judgement, so it is an error.
    Fails:
      status: ready  # today is 2026-11-23
      transition:
        start: 2026-03-02
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two weeks}
        go_live: 2026-05-18
    Passes:
      status: live
      transition:
        start: 2026-03-02
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two weeks}
        go_live: 2026-05-18
    """
    t = spec.transition
    pilot, go_live = (t.pilot, t.go_live) if t else (None, None)
    if spec.status != "ready":
        return
    if go_live is not None and ctx.today >= go_live:
        problem, hint = f"the process went live on {go_live.isoformat()}", "write status: live"
    elif pilot is not None and pilot.start is not None and ctx.today >= pilot.start:
        problem, hint = f"the pilot started on {pilot.start.isoformat()}", "write status: pilot"
    else:
        return
    yield Finding.at(spec.at("status"), f"status is ready, but {problem}", hint=hint)


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
            if unwritten(getattr(risk, key)):
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
    model = f"{'an' if spec.delivery_model == 'offshore' else 'a'} {spec.delivery_model}"
    communication = spec.communication
    if communication is None or not communication.languages:
        vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
        spoken = [tag for tag in vendor.languages if isinstance(tag, str)] if vendor else []
        yield Finding.at(
            communication.mark if communication else spec.mark,
            f"{model} process names no working languages",
            # The vendor's own languages, when its file names them, are likelier than a guess.
            hint=f"add communication.languages: [{', '.join(spoken)}], the ones the work is done in"
            if spoken
            else "add communication.languages: the ones the work is done in, as tags, e.g. [en] or [nl, fr]",
        )
    if communication is None or blank(communication.overlap_hours):
        yield Finding.at(
            communication.mark if communication else spec.mark,
            f"{model} process names no overlap hours",
            hint="add communication.overlap_hours: '13:00-17:00 UTC'",
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
    if not any(r.category == "operational" and not unwritten(r.contingency) for r in spec.risks):
        yield Finding.at(
            spec.at("risks"),
            "no operational risk has a contingency plan",
            hint="add a risk with category: operational and a contingency",
        )
