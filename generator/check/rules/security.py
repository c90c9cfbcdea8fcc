"""Security in proportion to the data: what confidential and restricted data handed to a vendor call for. A
security certification, the certifications the named regulations imply, a classification that agrees with
the regulations and with the flow, and a data-security risk with a real plan."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.check.rules.common import blank, placeholder, sensitive_vendor_duties, spaced_words
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Duty, Process, Risk

SENSITIVE = ("confidential", "restricted")
# Fewer words than this is a label, not a plan: "Training", "Encrypt data".
MIN_WORDS = 3


def _gap(text: str | None) -> str | None:
    """Why a risk's text says nothing (missing, a placeholder, too short), or None when it says something."""
    if blank(text):
        return "missing"
    if placeholder(text):
        return "a placeholder"
    if len(str(text).split()) < MIN_WORDS:
        return "too short"
    return None


def _token(risk: Risk) -> str | None:
    """Why a data-security risk is a token entry that cannot count as the process's data-security risk."""
    for key in ("description", "mitigation"):
        gap = _gap(getattr(risk, key))
        if gap is not None:
            return f"its {key} is {gap}"
    return None


def _category(ctx, cert_id: str) -> str | None:
    known = ctx.certifications.get(cert_id)
    return known.category if known is not None else None


def _implied(regulation: str, mapping: Mapping[str, list[str]]) -> list[tuple[str, list[str]]]:
    """The (name, certification ids) entries of `regulation_certifications` that a regulation's text names."""
    text = spaced_words(regulation)
    return [(name, ids) for name, ids in mapping.items() if spaced_words(name).strip() and spaced_words(name) in text]


def _restricted_at_vendor(spec: Process) -> tuple[Duty, str] | None:
    """The first vendor step or routine that reads or writes restricted data, with the item's id."""
    restricted = {i.id for i in (*spec.inputs, *spec.outputs) if i.classification == "restricted"}
    for duty in spec.vendor_duties():
        for item in (*duty.inputs, *duty.optional_inputs, *duty.outputs):
            if item in restricted:
                return duty, item
    return None


@rule("T006", "transition")
def sensitive_data_without_certification(spec: Process, ctx) -> Iterator[Finding]:
    """What: a vendor step or routine handles a confidential or restricted input, but the process requires no
    security certification of the vendor: none of `compliance.certifications` has the category `security` in the
    catalogue (ISO 27001, SOC 2, PCI DSS, or one `.playbook.yaml` adds with `category: security`). A quality,
    process or regulatory certificate (ISO 9001, COPC, HIPAA) does not count.
    Why: data shared with third parties is where most breaches happen; only an audited set of security
    controls says the vendor protects it. ISO 9001 says the service is run consistently, not that the data
    is safe (risk management).
    Fails:
      compliance:
        certifications: [iso-9001]
    Passes:
      compliance:
        certifications: [iso-27001]
    """
    required = spec.compliance.certifications if spec.compliance else ()
    if any(_category(ctx, cert) == "security" for cert in required):
        return
    for duty, item in sensitive_vendor_duties(spec)[:1]:
        handles = f"vendor {duty.kind} '{duty.id}' handles {item}"
        if required:
            held = ", ".join(f"{cert} ({_category(ctx, cert) or 'not in the catalogue'})" for cert in required)
            message = f"{handles}, but no security certification is required: {held}"
        else:
            message = f"{handles}, but no certification is required"
        yield Finding.at(
            duty.mark,
            message,
            hint="add a security certification to compliance.certifications, e.g. iso-27001 or soc2-type2",
        )


@rule("T013", "transition")
def sensitive_data_without_security_risk(spec: Process, ctx) -> Iterator[Finding]:
    """What: a vendor step or routine handles a confidential or restricted input, but the risk register has
    no data-security risk that says something: a `description` and a `mitigation` of at least three words
    each, neither a placeholder such as TBD. A token entry ("Data breach" and nothing else) does not count.
    Why: sharing sensitive data with a third party is a risk in itself; it needs mitigation and a
    contingency like any other, and a one-line entry only makes the register look complete (risk management).
    Fails:
      risks:
        - {id: data-breach, category: data-security, description: Data breach, likelihood: low, impact: low}
    Passes:
      risks:
        - {id: card-exposure, category: data-security, description: Card data visible in tickets, likelihood: low,
           impact: high, mitigation: Mask card numbers in Zendesk, contingency: Revoke vendor access within 1 hour,
           owner: billing-lead}
    """
    security_risks = [r for r in spec.risks if r.category == "data-security"]
    tokens = [(risk, _token(risk)) for risk in security_risks]
    if security_risks and any(why is None for _, why in tokens):
        return
    for duty, item in sensitive_vendor_duties(spec)[:1]:
        if not security_risks:
            yield Finding.at(
                duty.mark,
                f"vendor {duty.kind} '{duty.id}' handles {item}, but no data-security risk is listed",
                hint="add a risk with category: data-security, its mitigation, contingency and owner",
            )
            continue
        risk, why = tokens[0]
        yield Finding.at(
            duty.mark,
            f"vendor {duty.kind} '{duty.id}' handles {item}, but data-security risk '{risk.id}' is a token entry: "
            f"{why}",
            hint="say what could go wrong and what prevents it: a description and a mitigation of a few words each",
        )


@rule("T030", "transition", options=("regulation_certifications",))
def regulation_without_its_certification(spec: Process, ctx) -> Iterator[Finding]:
    """What: `compliance.regulations` names a regulation that calls for a certification of the vendor, but
    `compliance.certifications` requires none of the certifications it calls for. Which ones is the option
    `regulation_certifications` of `.playbook.yaml`; by default HIPAA -> hipaa, PCI DSS -> pci-dss, SOX ->
    soc1, and none for GDPR, which asks for a contract term, not a certificate. A name matches as whole words,
    whatever the case: `HIPAA (US health data)` names HIPAA.
    Why: a regulation binds the client; the vendor answers for it only through the certificate or attestation
    the client requires, and only a required one is checked against the vendor's file (T007).
    Fails:
      compliance:
        certifications: [iso-27001]
        regulations: [HIPAA (US health data)]
    Passes:
      compliance:
        certifications: [iso-27001, hipaa]
        regulations: [HIPAA (US health data)]
      # vendors/acme-bpo.yaml
      certifications:
        - {id: iso-27001, expires: 2028-06-30}
        - {id: hipaa, expires: 2027-09-30}
    """
    compliance = spec.compliance
    if compliance is None:
        return
    required = set(compliance.certifications)
    for index, regulation in enumerate(compliance.regulations):
        for name, ids in _implied(regulation, ctx.options["regulation_certifications"]):
            if required.isdisjoint(ids):
                wanted = ids[0] if len(ids) == 1 else f"one of {', '.join(ids)}"
                yield Finding.at(
                    compliance.item_marks["regulations"][index],
                    f"regulation '{regulation}' calls for certification {wanted}, which the process does not "
                    "require of the vendor",
                    hint=f"add {ids[0]} to compliance.certifications (regulation_certifications in .playbook.yaml "
                    f"says what {name} calls for)",
                )


@rule("T031", "transition")
def restricted_data_risk_incomplete(spec: Process, ctx) -> Iterator[Finding]:
    """What: a vendor step or routine reads or writes restricted data, and a data-security risk lacks a real
    `mitigation`, `contingency` or `owner`, whatever its rated impact: missing (T008 already reports that for a
    high impact), a placeholder such as TBD, or fewer than three words.
    Why: restricted data (health, card, identity data) is the data whose loss does the most harm; rating the
    impact low does not make a breach of it small, and a plan in one word is not a plan (risk management).
    Fails:
      inputs: [{id: dispute-ticket, name: Dispute ticket with card data, classification: restricted}]
      risks:
        - {id: pii-exposure, category: data-security, description: Card data visible in tickets,
           likelihood: low, impact: low, mitigation: TBD}
    Passes:
      inputs: [{id: dispute-ticket, name: Dispute ticket with card data, classification: restricted}]
      risks:
        - {id: pii-exposure, category: data-security, description: Card data visible in tickets,
           likelihood: low, impact: low, mitigation: Mask card numbers in Zendesk,
           contingency: Revoke vendor access within 1 hour, owner: billing-lead}
    """
    handled = _restricted_at_vendor(spec)
    if handled is None:
        return
    duty, item = handled
    for risk in spec.risks:
        if risk.category != "data-security":
            continue
        gaps = {key: _gap(getattr(risk, key)) for key in ("mitigation", "contingency")}
        gaps["owner"] = "missing" if blank(risk.owner) else None
        missing = [key for key, gap in gaps.items() if gap == "missing" and risk.impact != "high"]
        weak = [(key, gap) for key, gap in gaps.items() if gap not in (None, "missing")]
        if not missing and not weak:
            continue
        absent = ", ".join(missing[:-1]) + " or " + missing[-1] if len(missing) > 1 else "".join(missing)
        problems = ([f"has no {absent}"] if missing else []) + [f"its {key} is {gap}" for key, gap in weak]
        yield Finding.at(
            risk.mark if missing else risk.at(weak[0][0]),
            f"data-security risk '{risk.id}' covers restricted {item} (vendor {duty.kind} '{duty.id}'), but "
            + " and ".join(problems),
            hint="write what prevents it, what is done when it happens and who owns it: restricted data needs "
            "all three at any rated impact",
        )


@rule("T032", "transition", severity="warning", completeness=False, options=("regulation_certifications",))
def regulated_data_classified_low(spec: Process, ctx) -> Iterator[Finding]:
    """What: `compliance.regulations` names a regulation that protects data (one of
    `regulation_certifications`: HIPAA, PCI DSS, GDPR by default), but no input or output of the process is
    classified confidential or restricted.
    Why: the classification decides which security rules apply (T006, T013, T031): health, card or personal
    data classified internal turns them all off. One of the two is wrong, the regulation or the
    classification, and only the owner knows which; hence a warning.
    Fails:
      inputs: [{id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: internal}]
      outputs:
        - {id: triaged-ticket, name: Triaged ticket, consumer: vendor-agent, classification: internal}
        - {id: resolution-notice, name: Resolution notice, consumer: Customer}
      compliance:
        certifications: [iso-27001, pci-dss]
        regulations: [PCI DSS]
    Passes:
      inputs: [{id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: restricted}]
      compliance:
        certifications: [iso-27001, pci-dss]
        regulations: [PCI DSS]
    """
    compliance = spec.compliance
    if compliance is None or any(i.classification in SENSITIVE for i in (*spec.inputs, *spec.outputs)):
        return
    for index, regulation in enumerate(compliance.regulations):
        for name, _ in _implied(regulation, ctx.options["regulation_certifications"])[:1]:
            yield Finding.at(
                compliance.item_marks["regulations"][index],
                f"regulation '{regulation}' protects data, but no input or output is classified confidential "
                "or restricted",
                hint=f"classify the data {name} protects as restricted or confidential, or remove the regulation "
                "if the process handles none",
            )


@rule("T033", "transition", severity="warning", completeness=False)
def restricted_output_from_unrestricted_inputs(spec: Process, ctx) -> Iterator[Finding]:
    """What: a vendor step or routine produces a restricted output although every input it lists (optional
    ones included) is classified internal or public.
    Why: restricted data does not come from nowhere: either an input is classified too low (a scanned claim
    full of health data marked internal), or the step reads restricted data it does not list. Either way the
    vendor handles restricted data that the certification and risk rules (T006, T013, T031) do not see. A
    step that collects such data from a caller lists the call as an input, classified as what it carries.
    Fails:
      inputs: [{id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: internal}]
      outputs:
        - {id: triaged-ticket, name: Triaged ticket with card data, consumer: vendor-agent,
           classification: restricted}
        - {id: resolution-notice, name: Resolution notice, consumer: Customer}
    Passes:
      inputs: [{id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: restricted}]
      outputs:
        - {id: triaged-ticket, name: Triaged ticket with card data, consumer: vendor-agent,
           classification: restricted}
        - {id: resolution-notice, name: Resolution notice, consumer: Customer}
    """
    levels = {i.id: i.classification for i in (*spec.inputs, *spec.outputs)}
    for duty in spec.vendor_duties():
        inputs = [(i, levels.get(i)) for i in (*duty.inputs, *duty.optional_inputs)]
        if not inputs or any(level not in ("public", "internal") for _, level in inputs):
            continue
        for index, output in enumerate(duty.outputs):
            if levels.get(output) == "restricted":
                listed = ", ".join(f"{i} ({level})" for i, level in inputs)
                yield Finding.at(
                    duty.item_mark("outputs", index),
                    f"vendor {duty.kind} '{duty.id}' produces restricted {output} from inputs classified at most "
                    f"internal: {listed}",
                    hint="classify the input that carries the restricted data as restricted, or list the "
                    f"restricted source among the {duty.kind}'s inputs",
                )


@rule("T034", "transition", severity="warning", completeness=False)
def restricted_data_rated_low_criticality(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process whose vendor steps or routines handle restricted data is rated `criticality: low`.
    Why: criticality decides how carefully the handover is run (a pilot for high, the order of go-lives);
    a breach of restricted data is never a low-cost failure. A warning: the owner may rate a process low for
    reasons the spec does not show, and should then say why in a waiver.
    Fails:
      criticality: low
      inputs: [{id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: restricted}]
    Passes:
      criticality: medium
      inputs: [{id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: restricted}]
    """
    found = _restricted_at_vendor(spec) if spec.criticality == "low" else None
    if found:
        duty, item = found
        yield Finding.at(
            spec.at("criticality"),
            f"criticality is low, but vendor {duty.kind} '{duty.id}' handles restricted {item}",
            hint="rate the process medium or high, so that the handover is planned for what a breach costs",
        )
