"""Personal data the vendor processes: what each item carries (`personal_data`), the classification that
calls for, and the contract terms a privacy law asks of the vendor (a data-processing agreement, how soon it
reports a breach). Where the data goes and how long it stays are in `transfers.py`.

The errors follow what a spec declares: a process that names a privacy law but declares no personal data gets
one warning asking it to (D007), so that specs written before `personal_data` existed keep passing."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from generator.check.rules.common import blank, work_starts
from generator.check.rules.privacy_laws import PrivacyLaw, laws_named
from generator.check.rules.registry import rule
from generator.spec.durations import longest_hours
from generator.spec.findings import Finding, Mark
from generator.spec.model import Item, Process, Vendor
from generator.spec.schema import CLASSIFICATIONS, PERSONAL_DATA_CATEGORIES, PersonalDataCategory

# Statuses in which the vendor touches the data: the contract terms it needs block from the pilot on.
HANDLING = ("pilot", "live")
SENSITIVE = ("confidential", "restricted")


def categories(ctx) -> Mapping[str, PersonalDataCategory]:
    """The catalogue of personal data categories, with those `.playbook.yaml` adds."""
    added = {
        str(c["id"]): PersonalDataCategory(str(c.get("name") or c["id"]), bool(c.get("special")), c.get("minimum"))
        for c in ctx.options.get("personal_data_categories") or ()
        if isinstance(c, dict) and c.get("id")
    }
    return {**PERSONAL_DATA_CATEGORIES, **added}


def items(spec: Process) -> tuple[Item, ...]:
    return (*spec.inputs, *spec.outputs)


def vendor_personal_items(spec: Process) -> list[Item]:
    """Items with personal data that the vendor handles: those a vendor step or routine reads or writes, and
    those no duty names (inputs and outputs are what the vendor receives and delivers, unless only the client's
    own duties use them)."""
    vendor = {i for d in spec.vendor_duties() for i in (*d.inputs, *d.optional_inputs, *d.outputs)}
    named = {i for d in spec.duties for i in (*d.inputs, *d.optional_inputs, *d.outputs)}
    return [i for i in items(spec) if i.is_personal and (i.id in vendor or i.id not in named)]


def privacy_laws(spec: Process) -> list[tuple[PrivacyLaw, Mark]]:
    """The privacy laws `compliance.regulations` names, each with where it is named."""
    compliance = spec.compliance
    if compliance is None:
        return []
    found: dict[str, tuple[PrivacyLaw, Mark]] = {}
    for index, regulation in enumerate(compliance.regulations):
        for law in laws_named(regulation):
            found.setdefault(law.key, (law, compliance.item_marks["regulations"][index]))
    return list(found.values())


def item_word(spec: Process, item: Item) -> str:
    return "input" if any(item is i for i in spec.inputs) else "output"


@rule("D001", "privacy", binding=HANDLING)
def personal_data_without_processing_agreement(spec: Process, ctx) -> Iterator[Finding]:
    """What: the vendor handles an input or output that declares `personal_data`, the process names a privacy
    law (GDPR, UK GDPR, LGPD, CCPA, HIPAA, PIPEDA, ...), and the vendor file has no
    `contract.data_processing_agreement` (the date it was signed), one dated after today, or, in pilot or live,
    one signed after the vendor started on the process (the transition start, else the pilot's, else go-live).
    An error from the pilot on; before, a warning.
    Why: these laws let a client hand personal data to a processor only under a written contract that binds it
    to the client's instructions: GDPR's Art. 28 agreement, HIPAA's business associate agreement, CCPA's
    service-provider terms. A certificate such as ISO 27701 shows good practice; it is not that contract.
    Fails:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial]}
      compliance: {certifications: [iso-27001], regulations: [GDPR], transfer_mechanism: sccs}
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, breach_notification: 24h}
    Passes:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial]}
      compliance: {certifications: [iso-27001], regulations: [GDPR], transfer_mechanism: sccs}
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, breach_notification: 24h,
                 data_processing_agreement: 2025-12-15}
    """
    laws = privacy_laws(spec)
    vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
    handled = vendor_personal_items(spec)
    if not laws or vendor is None or not handled:
        return
    signed = vendor.contract.data_processing_agreement if vendor.contract else None
    work = work_starts(spec)
    if signed is None:
        problem = "has no data-processing agreement"
    elif not isinstance(signed, dt.date):
        return  # written as something else: the schema says so
    elif signed > ctx.today:
        problem = f"signs its data-processing agreement only on {signed.isoformat()}"
    elif work is not None and signed > work[0] and spec.status in HANDLING:
        problem = (
            f"signed its data-processing agreement on {signed.isoformat()}, after {work[2]} ({work[0].isoformat()})"
        )
    else:
        return
    yield Finding.at(
        spec.at("vendor"),
        f"vendor '{vendor.id}' handles personal data ({handled[0].id}) under {laws[0][0].key}, but {problem}",
        hint=_refused(vendor, "data_processing_agreement")
        or f"sign {_agreements(law for law, _ in laws)} with the vendor before it touches the data, and write "
        f"the date as contract.data_processing_agreement in {vendor.path}",
    )


def _refused(vendor: Vendor, key: str) -> str:
    """A hint for a contract term written in the vendor file but refused by the schema: fix it, not add it."""
    for _, refused, where in vendor.refused_keys:
        if refused == key:
            return (
                f"contract.{key} is written in {vendor.path}, on line {where.line}, but could not be read as "
                "written: fix it first"
            )
    return ""


def _agreements(laws) -> str:
    """The contract terms the laws ask for, each kind named once: "a data-processing agreement (UK GDPR Art. 28,
    GDPR Art. 28)"."""
    kinds: dict[str, list[str]] = {}
    for law in laws:
        kind, _, where = law.agreement.partition(" (")
        kinds.setdefault(kind, []).append(where.removesuffix(")"))
    named = {kind: ", ".join(dict.fromkeys(w for w in where if w)) for kind, where in kinds.items()}
    return " and ".join(f"{kind} ({where})" if where else kind for kind, where in named.items())


@rule("D002", "privacy", binding=HANDLING)
def personal_data_without_breach_notification(spec: Process, ctx) -> Iterator[Finding]:
    """What: the vendor handles an input or output that declares `personal_data`, and the vendor file does not
    say how soon the vendor must report a personal-data breach to the client:
    `contract.breach_notification` (`24h`, `2d`). An error from the pilot on; before, a warning.
    Why: the client answers for a breach at its vendor as for its own: GDPR gives it 72 hours to tell the
    authority, and it can only do so if the vendor's contract makes it tell the client first, and how fast.
    Fails:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial]}
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, data_processing_agreement: 2025-12-15}
    Passes:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial]}
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, data_processing_agreement: 2025-12-15,
                 breach_notification: 24h}
    """
    vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
    handled = vendor_personal_items(spec)
    if vendor is None or not handled or (vendor.contract and not blank(vendor.contract.breach_notification)):
        return
    yield Finding.at(
        spec.at("vendor"),
        f"vendor '{vendor.id}' handles personal data ({handled[0].id}), but its contract does not say how soon it "
        "reports a personal-data breach",
        hint=_refused(vendor, "breach_notification")
        or f"add contract.breach_notification: 24h (the longest the vendor may take) in {vendor.path}",
    )


@rule("D003", "privacy", severity="warning", completeness=False)
def breach_notification_leaves_no_time(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process is under GDPR or UK GDPR, the vendor handles its personal data, and the vendor's
    `contract.breach_notification` gives the vendor 72 hours or more (business days count with the weekend
    they may span: `1bd` can be Friday to Monday).
    Why: the client has 72 hours from learning of a breach to notify its supervisory authority (Art. 33); a vendor
    that may take as long leaves the client no time to assess the breach and notify.
    Fails:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, data_processing_agreement: 2025-12-15,
                 breach_notification: 3d}
    Passes:
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, data_processing_agreement: 2025-12-15,
                 breach_notification: 24h}
    """
    vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
    laws = [law for law, _ in privacy_laws(spec) if law.key in ("GDPR", "UK GDPR")]
    term = vendor.contract.breach_notification if vendor and vendor.contract else None
    hours = longest_hours(term) if isinstance(term, str) else None
    if not laws or hours is None or hours < 72 or not vendor_personal_items(spec):
        return
    weekend = " (a business day may run from Friday to Monday)" if term.strip().endswith("bd") else ""
    yield Finding.at(
        spec.at("vendor"),
        f"vendor '{vendor.id}' may take {term}{weekend} to report a personal-data breach: as long as or longer "
        f"than the 72 hours {laws[0].key} gives the client to notify its authority",
        hint=f"agree a shorter term, such as 24h, and write it as contract.breach_notification in {vendor.path}",
    )


@rule("D004", "privacy", completeness=False)
def personal_data_classified_too_low(spec: Process, ctx) -> Iterator[Finding]:
    """What: an input or output declares personal data of a category that needs a higher classification than
    the item has: financial, identity or children's data below `confidential`; health, biometric, genetic,
    criminal and the other special categories below `restricted`. An output without a classification counts
    as below. Categories `.playbook.yaml` adds say their own `minimum`.
    Why: the classification decides which security rules apply to the item (certification, risk, access):
    salaries or bank details marked `internal` turn them off for the data whose loss harms people most.
    Fails:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: internal,
           personal_data: [contact, financial]}
    Passes:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial]}
    """
    known = categories(ctx)
    rank = {level: i for i, level in enumerate(CLASSIFICATIONS)}
    for item in items(spec):
        has = rank.get(item.classification, -1)
        needs = {c: known[c].minimum for c in item.personal_data or () if c in known and known[c].minimum}
        short = [c for c, minimum in needs.items() if has < rank[minimum]]
        if not short:
            continue
        minimum = max((needs[c] for c in short), key=lambda level: rank[level])
        what = f"is classified {item.classification}" if item.classification else "has no classification"
        named = " and ".join(f"{c} (a special category)" if known[c].special else c for c in short)
        yield Finding.at(
            item.at("classification") if item.classification else item.mark,
            f"{item_word(spec, item)} '{item.id}' carries {named} data but {what}",
            hint=f"classify it as {minimum} or higher",
        )


class _Phrases(NamedTuple):
    """The configured phrases as two patterns (any case; acronyms in capitals as written), and each phrase's
    stem (without a final s), folded for the any-case pattern, -> (phrase, category)."""

    patterns: tuple[re.Pattern, ...]
    found: tuple[dict[str, tuple[str, str]], ...]

    def named(self, text: str) -> dict[str, str]:
        """Category -> the first phrase of it that `text` names, other than as left out."""
        named: dict[str, str] = {}
        for pattern, found, fold in zip(self.patterns, self.found, (str.casefold, str), strict=True):
            for match in pattern.finditer(text):
                key = fold(match.group(0))
                hit = found.get(key) or found.get(key[:-1])
                if hit and hit[1] not in named and not _LEFT_OUT.search(text[: match.start()]):
                    named[hit[1]] = hit[0]
        return named


@functools.lru_cache(maxsize=8)
def _phrases(configured: tuple[tuple[str, str], ...]) -> _Phrases:
    """Compiled once per configuration: one search per pattern and item, not one per phrase."""
    stems: tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]] = ({}, {})
    for phrase, category in configured:
        words = str(phrase).strip()
        if not words:
            continue
        stem = words[:-1] if words.lower().endswith("s") else words
        # An acronym in capitals matches as written: PAN is a card number, "pan-European" is not.
        acronym = bool(re.fullmatch(r"[A-Z]{2,5}", words))
        stems[acronym].setdefault(stem if acronym else stem.casefold(), (words, str(category)))
    patterns = tuple(
        re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(found, key=len, reverse=True)) + r")s?(?!\w)",
            0 if acronym else re.IGNORECASE,
        )
        if found
        else re.compile(r"(?!)")
        for acronym, found in enumerate(stems)
    )
    return _Phrases(patterns, stems)


def phrases(ctx) -> _Phrases:
    """The phrases of `personal_data_phrases`: whole words, any case, a final s optional."""
    configured = ctx.options.get("personal_data_phrases") or {}
    return _phrases(tuple((str(p), str(c)) for p, c in configured.items()))


# A phrase after one of these words, within three words, is what the item leaves out: "noted in the ticket
# without bank details" (tried on the starter's refunds process).
_LEFT_OUT = re.compile(r"\b(?:without|no|not|never|excluding|except|minus)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)


@rule("D005", "privacy", severity="warning", completeness=False, options=("personal_data_phrases",))
def personal_data_named_but_not_declared(spec: Process, ctx) -> Iterator[Finding]:
    """What: an input's or output's name or source names personal data of a category (`bank account`, `IBAN`,
    `PAN`, `salary`, `passport`, `NI number`, `selfie`, `medical diagnosis`, ...: `personal_data_phrases` in
    `.playbook.yaml`), but its `personal_data` is missing or lists other categories, or is empty on an item
    classified confidential or restricted (a policy about card numbers, classified internal, is taken at its
    word). The consumer is not read: it says who receives the item ("The patient"). A phrase the text leaves
    out ("noted without bank details") is not named. While a process under a privacy law declares no personal
    data at all, D007 asks once for the whole declaration instead.
    Why: the classification and contract rules follow what an item declares; a payroll file that does not say
    it carries salaries is checked as if it carried none.
    Fails:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket with the customer's IBAN, source: Zendesk,
           classification: confidential}
    Passes:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket with the customer's IBAN, source: Zendesk,
           classification: confidential, personal_data: [contact, financial]}
    """
    if privacy_laws(spec) and all(item.personal_data is None for item in items(spec)):
        return  # D007 asks for the whole declaration once; item by item once the owner starts
    patterns = phrases(ctx)
    known = categories(ctx)
    for item in items(spec):
        if item.personal_data == () and item.classification not in SENSITIVE:
            continue  # a policy on card numbers, classified internal, carries none: taken at its word
        # What the item is and where it comes from; not who receives it ("The patient", "Payroll team").
        text = " / ".join(str(t) for t in (item.name, item.source) if t)
        declared = set(item.personal_data or ())
        named = {c: p for c, p in patterns.named(text).items() if c not in declared}
        if not named:
            continue
        listed = ", ".join(f"{c} ('{p}')" for c, p in named.items())
        wanted = sorted(c for c in declared | set(named) if c in known)
        if item.personal_data == ():
            problem = f"declares no personal data, but its name names {listed} data"
        else:
            problem = f"names {listed} data, but its personal_data does not list it"
        yield Finding.at(
            item.at("personal_data") if item.personal_data is not None else item.mark,
            f"{item_word(spec, item)} '{item.id}' {problem}",
            hint=f"write personal_data: [{', '.join(wanted)}] and a classification to match; if the item does not "
            "carry it, say so in its name or waive D005 for it (waivers: items: [...])",
        )


@rule("D006", "privacy", severity="warning", completeness=False)
def public_output_from_sensitive_inputs(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine produces an output classified `public` although every input it lists (optional
    ones included) is confidential or restricted.
    Why: what is made only of confidential data is rarely fit for anyone to read; payslips or case summaries
    marked public get published, mailed and indexed without a second look. Either the output is classified too
    low, or the step lists the wrong inputs.
    Fails:
      outputs:
        - {id: triaged-ticket, name: Triaged ticket, consumer: vendor-agent, classification: public}
        - {id: resolution-notice, name: Resolution notice, consumer: Customer}
    Passes:
      outputs:
        - {id: triaged-ticket, name: Triaged ticket, consumer: vendor-agent, classification: confidential}
        - {id: resolution-notice, name: Resolution notice, consumer: Customer}
    """
    levels = {i.id: i.classification for i in items(spec)}
    for duty in spec.duties:
        inputs = [*duty.inputs, *duty.optional_inputs]
        if not inputs or any(levels.get(i) not in SENSITIVE for i in inputs):
            continue
        for index, output in enumerate(duty.outputs):
            if levels.get(output) == "public":
                yield Finding.at(
                    duty.item_mark("outputs", index),
                    f"{duty.kind} '{duty.id}' makes public {output} from inputs that are all confidential or "
                    f"restricted: {', '.join(inputs)}",
                    hint=f"classify the output as what it carries ({_needed(spec, output, ctx)} at least), or list "
                    f"the public inputs it is made from among the {duty.kind}'s inputs",
                )


def _needed(spec: Process, output: str, ctx) -> str:
    """The classification an output's declared personal data needs, or internal."""
    known = categories(ctx)
    item = next((o for o in spec.outputs if o.id == output), None)
    levels = [known[c].minimum for c in (item.personal_data or ()) if c in known and known[c].minimum] if item else []
    return max(levels, key=CLASSIFICATIONS.index) if levels else "internal"


@rule("D007", "privacy", severity="warning")
def privacy_law_without_declared_data(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process names a privacy law in `compliance.regulations` (GDPR, UK GDPR, LGPD, CCPA, HIPAA,
    PIPEDA, ...), but an input or output does not say what personal data it carries: it has no
    `personal_data`. While none has, one finding asks for the whole declaration; then one per item left.
    Why: the data-processing agreement, breach-reporting, transfer and retention rules follow what the items
    declare; until they do, the process is checked as if it handled no personal data. A warning, so that specs
    written before `personal_data` existed keep passing while their owners declare their data.
    Fails:
      inputs: [{id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential}]
      outputs:
        - {id: triaged-ticket, name: Triaged ticket, consumer: vendor-agent, classification: confidential}
        - {id: resolution-notice, name: Resolution notice, consumer: Customer}
    Passes:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial]}
      outputs:
        - {id: triaged-ticket, name: Triaged ticket, consumer: vendor-agent, classification: confidential,
           personal_data: [contact, financial]}
        - {id: resolution-notice, name: Resolution notice, consumer: Customer, personal_data: []}
    """
    laws = privacy_laws(spec)
    undeclared = [item for item in items(spec) if item.personal_data is None]
    if not laws or not undeclared:
        return
    law, mark = laws[0]
    if len(undeclared) == len(items(spec)):
        yield Finding.at(
            mark,
            f"the process is under {law.key}, but no input or output declares the personal data it carries",
            hint="add personal_data: [contact, financial, ...] to each input and output that carries some, and "
            "personal_data: [] to those that carry none",
        )
        return
    for item in undeclared:
        yield Finding.at(
            item.mark,
            f"{item_word(spec, item)} '{item.id}' does not say whether it carries personal data",
            hint="add personal_data: [its categories], or personal_data: [] if it carries none",
        )
