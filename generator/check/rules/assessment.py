"""Stage 1, strategic assessment: the process states what outsourcing it should achieve, and how that is
measured."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.rules.common import blank, one_finding_per_refused_entry, refused_entry
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Process


@rule("A001", "assessment")
def process_without_outcome(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process has no `outcome`.
    Why: nobody can judge the vendor's work without knowing what a good result looks like (stage 1,
    strategic assessment; Key 1 asks for the desired outcome before anything is handed over).
    Fails:
      title: Billing dispute handling
      outcome:
    Passes:
      title: Billing dispute handling
      outcome: Every dispute is answered within 2 business days and closed with a credit or a reasoned refusal.
    """
    if blank(spec.outcome):
        yield Finding.at(
            spec.at("outcome"),
            "the process states no desired outcome",
            hint="add outcome: what is true when the process works",
        )


@rule("A002", "assessment")
def process_without_objectives(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process lists no `objectives`.
    Why: the objectives say why the process is outsourced at all; without them there is nothing to
    measure the decision against (stage 1).
    Fails:
      objectives: []
    Passes:
      objectives:
        - {goal: Resolve 85 percent of disputes at first contact, kpi: first-contact-resolution}
    """
    if not spec.objectives:
        yield Finding.at(
            spec.at("objectives"),
            "the process lists no objectives",
            hint="add objectives: [{goal: ..., kpi: <kpi id>}]",
        )


@rule("A003", "assessment")
@one_finding_per_refused_entry
def objective_without_kpi(spec: Process, ctx) -> Iterator[Finding]:
    """What: an objective names no KPI, or a KPI id that `kpis` does not declare.
    Why: an objective that no figure measures cannot be reached or missed (stage 1, Key 3).
    Fails:
      objectives:
        - {goal: Resolve more disputes at first contact}
    Passes:
      objectives:
        - {goal: Resolve more disputes at first contact, kpi: first-contact-resolution}
      kpis:
        - {id: first-contact-resolution, name: First-contact resolution}
    """
    kpis = {k.id for k in spec.kpis}
    known = ""  # listed once, on the first unknown KPI
    for objective in spec.objectives:
        if objective.kpi is None:
            yield Finding.at(
                objective.mark,
                f"objective '{objective.goal}' is measured by no KPI",
                hint="add kpi: <kpi id>",
            )
        elif objective.kpi not in kpis:
            known = known or ", ".join(sorted(kpis)) or "none yet"
            yield Finding.at(
                objective.at("kpi"),
                f"objective names unknown KPI '{objective.kpi}'",
                hint=refused_entry(spec, objective.kpi, "kpis") or f"declare it under kpis, or use one of: {known}",
            )


@rule("A004", "assessment")
def process_profile_incomplete(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process lacks one of `summary`, `category`, `criticality`, `delivery_model` or `vendor`.
    Why: these decide how carefully the process is handed over, to whom, and where it appears in the
    playbook (stages 1 and 2).
    Fails:
      title: Billing dispute handling
      category:
    Passes:
      title: Billing dispute handling
      summary: Handle customer disputes about invoices.
      category: billing
      criticality: high
      delivery_model: offshore
      vendor: acme-bpo
    """
    examples = {
        "summary": "summary: what the process is, in a paragraph",
        "category": "category: billing",
        "criticality": "criticality: low, medium or high",
        "delivery_model": "delivery_model: offshore, nearshore or onshore",
        "vendor": "vendor: <vendor id>",
    }
    missing = [key for key in examples if blank(getattr(spec, key))]
    if missing:
        yield Finding.at(
            spec.mark,
            f"the process has no {', '.join(missing)}",
            hint="add " + "; ".join(examples[key] for key in missing),
        )
