"""Where personal data goes and how long it stays: the lawful basis for sending it to the vendor's country under
GDPR or UK GDPR, the country itself, a privacy law named at all, and a retention period on every item that
carries personal data. The country lists and their date are in `countries.py`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.rules.common import blank, placeholder
from generator.check.rules.countries import (
    ADEQUACY_AS_OF,
    PARTLY_ADEQUATE,
    adequacy,
    country_code,
    country_hint,
    country_name,
)
from generator.check.rules.privacy import item_word, items, privacy_laws, vendor_personal_items
from generator.check.rules.privacy_laws import PRIVACY_LAWS, laws_of
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Process, Vendor

# The mechanisms each law accepts for a transfer (besides an adequacy decision): the EU's clauses do not
# cover UK GDPR without the UK's addendum, and the UK's agreement does not cover GDPR.
_MECHANISMS = {
    "GDPR": ("sccs", "bcrs", "derogation"),
    "UK GDPR": ("uk-idta", "uk-addendum", "bcrs", "derogation"),
}
_FOR = {"GDPR": "sccs (the EU's standard contractual clauses)", "UK GDPR": "uk-idta, or sccs with uk-addendum"}


def _problem(law: str, code: str, written: tuple[str, ...], ctx) -> str | None:
    """Why the transfer of `law`'s personal data to the country `code` lacks a lawful basis, or None."""
    free, partly = adequacy(law, ctx.options)
    if code in free:
        return None
    accepted = [m for m in written if m in _MECHANISMS[law]]
    if law == "UK GDPR" and accepted == ["uk-addendum"] and "sccs" not in written:
        return "the UK addendum amends the EU's standard contractual clauses, which are not named"
    if accepted:
        return None
    place = country_name(code, article=True)
    if "adequacy" in written and code in partly:
        return None  # the owner says the vendor is among those the decision covers
    if "adequacy" in written:
        return f"{place} has no adequacy decision under {law} (as of {ADEQUACY_AS_OF}), so adequacy is no basis there"
    if written:
        return f"{', '.join(written)} does not cover {law}"
    if code in partly:
        covered = PARTLY_ADEQUATE[law][code]
        return f"{place} is adequate under {law} only for {covered}, and no transfer mechanism is named"
    return f"{place} has no adequacy decision under {law}, and no transfer mechanism is named"


@rule("D008", "privacy")
def transfer_without_a_lawful_basis(spec: Process, ctx) -> Iterator[Finding]:
    """What: the vendor handles personal data under GDPR or UK GDPR, and its `country` is outside the law's own
    area (the EEA; the United Kingdom) without an adequacy decision, but `compliance.transfer_mechanism` names
    none that the law accepts: `sccs`, `bcrs` or `derogation` for GDPR; `uk-idta`, `uk-addendum` with `sccs`
    (the addendum amends the EU's clauses), `bcrs` or `derogation` for UK GDPR; `adequacy` only where a
    decision covers the vendor (a US vendor certified under the Data Privacy Framework). The lists of adequacy
    decisions are right as of 2026-02-01; `adequacy_added` and `adequacy_withdrawn` in `.playbook.yaml` amend
    them. A vendor without a `country` counts as unknown.
    Why: sending personal data out of the EEA or the UK to a country the law does not find adequate is lawful
    only on one of these bases (Chapter V); without one, the whole offshore handover is an unlawful transfer.
    Fails:
      compliance: {certifications: [iso-27001], regulations: [GDPR]}
      # vendors/acme-bpo.yaml
      country: Philippines
    Passes:
      compliance: {certifications: [iso-27001], regulations: [GDPR], transfer_mechanism: sccs}
      # vendors/acme-bpo.yaml
      country: Philippines
    """
    vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
    laws = [(law, mark) for law, mark in privacy_laws(spec) if law.key in _MECHANISMS]
    handled = vendor_personal_items(spec) if laws and vendor else []
    if not handled:
        return
    compliance = spec.compliance
    written = compliance.transfer_mechanism if compliance else ()
    # At the key, or at the mapping that lacks it (where a value the schema refused is pointed out).
    where = compliance.at("transfer_mechanism") if compliance else laws[0][1]
    if blank(vendor.country):
        if not written:
            yield Finding.at(
                where,
                f"vendor '{vendor.id}' handles personal data under {laws[0][0].key}, but its file has no country: "
                "where the data goes decides the lawful basis for sending it",
                hint=f"write country: in {vendor.path}",
            )
        return
    code = country_code(vendor.country)
    if code is None:
        return  # D010 says so in the vendor file
    for law, _ in laws:
        problem = _problem(law.key, code, written, ctx)
        if problem:
            yield Finding.at(
                where,
                f"personal data under {law.key} goes to vendor '{vendor.id}' in {country_name(code, article=True)}: "
                f"{problem}",
                hint=f"name the lawful basis in compliance.transfer_mechanism, e.g. {_FOR[law.key]}",
            )


@rule("D009", "privacy", severity="warning", completeness=False)
def transfer_on_a_derogation(spec: Process, ctx) -> Iterator[Finding]:
    """What: `compliance.transfer_mechanism` names `derogation` and nothing else the law accepts for a
    transfer.
    Why: the derogations of Article 49 (consent, a contract with the person) are for occasional transfers; an
    outsourced process sends personal data every day, and the supervisory authorities do not accept a
    derogation for that.
    Fails:
      compliance: {certifications: [iso-27001], regulations: [GDPR], transfer_mechanism: derogation}
    Passes:
      compliance: {certifications: [iso-27001], regulations: [GDPR], transfer_mechanism: [sccs]}
    """
    compliance = spec.compliance
    written = set(compliance.transfer_mechanism) if compliance else set()
    if "derogation" in written and not written & {"sccs", "bcrs", "uk-idta", "uk-addendum", "adequacy"}:
        yield Finding.at(
            compliance.at("transfer_mechanism"),
            "transfer_mechanism is only a derogation, which covers occasional transfers, not a process run daily",
            hint="sign the standard contractual clauses (sccs) or the UK's agreement (uk-idta) with the vendor",
        )


@rule("D010", "privacy", severity="warning", scope="vendor", completeness=False)
def vendor_country_unknown(vendor: Vendor, ctx) -> Iterator[Finding]:
    """What: the vendor's `country` is missing, or neither a country's English name (as the CLDR writes it, or
    a common or formal variant: `UK`, `USA`, `South Korea`, `Republic of Ireland`) nor an ISO 3166 code (`PH`,
    `PHL`).
    Why: the country decides whether sending personal data there needs a transfer mechanism (D008) and which
    privacy laws apply (D011); a misspelt one decides nothing.
    Fails:
      country: Phillipines
    Passes:
      country: Philippines
    """
    if blank(vendor.country):
        yield Finding.at(
            vendor.at("country") if vendor.country is not None else vendor.mark,
            "the vendor file does not say in which country the delivery centre is",
            hint="write country: its English name or ISO 3166 code, e.g. Philippines or PH",
        )
        return
    if not isinstance(vendor.country, str) or country_code(vendor.country) is not None:
        return
    yield Finding.at(
        vendor.at("country"), f"'{vendor.country}' is not a country this tool knows", hint=country_hint(vendor.country)
    )


@rule("D011", "privacy", severity="warning", completeness=False, options=("client_country",))
def personal_data_without_a_privacy_law(spec: Process, ctx) -> Iterator[Finding]:
    """What: an input or output the vendor handles declares personal data, but `compliance.regulations` names no
    privacy law (GDPR, UK GDPR, LGPD, CCPA, HIPAA, PIPEDA, DPDP, the Philippines' Data Privacy Act, POPIA,
    ...). The hint names the laws of the vendor's country and of `client_country` in `.playbook.yaml`.
    Why: a privacy law is what asks for the data-processing agreement and the transfer basis; a process with
    personal data and no law named is checked as if none applied, which is rarely true.
    Fails:
      compliance: {certifications: [iso-27001], regulations: [EU Consumer Rights Directive]}
    Passes:
      compliance: {certifications: [iso-27001], regulations: [EU Consumer Rights Directive, GDPR],
                   transfer_mechanism: sccs}
    """
    handled = vendor_personal_items(spec)
    if not handled or privacy_laws(spec):
        return
    vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
    client = ctx.options.get("client_country") or ()
    clients = [client] if isinstance(client, str) else list(client)
    places = {country_code(vendor.country) if vendor else None, *(country_code(c) for c in clients)}
    suggested = [law.key for law in laws_of(places - {None})]
    listed = ", ".join(suggested) if suggested else ", ".join(law.key for law in PRIVACY_LAWS[:6])
    compliance = spec.compliance
    yield Finding.at(
        compliance.at("regulations") if compliance else spec.mark,
        f"{handled[0].id} carries personal data, but no privacy law is named in compliance.regulations",
        hint=f"name the privacy laws that apply, e.g. {listed}"
        + ("" if ctx.options.get("client_country") else " (client_country in .playbook.yaml adds the client's)"),
    )


# A retention that never ends or ends when someone decides: no day on which the vendor deletes anything.
_NEVER_ENDS = re.compile(
    r"\b(?:indefinite(?:ly)?|permanent(?:ly)?|forever|for ever|no limit|unlimited|as long as (?:necessary|needed|"
    r"required|useful)|until (?:no longer|not) (?:needed|required|necessary)|as needed|as required)\b",
    re.IGNORECASE,
)


@rule("D012", "privacy", severity="warning")
def personal_data_without_retention(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process names a privacy law, and an input or output that declares personal data has no
    `retention` (or a placeholder), one that never ends (`indefinitely`, `permanently`, `as long as necessary`,
    `until no longer needed`), or months written as minutes (`6m`): how long the data is kept is a duration
    (`30d`, `6mo`, `7y`) or the event that ends it (`90d after the dispute is closed`).
    Why: personal data may be kept no longer than its purpose needs (storage limitation); a vendor that is not
    told deletes nothing, and identity documents and call recordings pile up for years.
    Fails:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial]}
    Passes:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial], retention: 2y after the dispute is closed}
    """
    if not privacy_laws(spec):
        return
    for item in items(spec):
        if not item.is_personal:
            continue
        retention = str(item.retention or "").strip()
        if blank(retention) or placeholder(retention):
            problem = "does not say how long it is kept"
        elif _NEVER_ENDS.search(retention):
            problem = f"is kept '{retention}', which names no point at which it is deleted"
        elif re.fullmatch(r"\d+ ?m", retention):
            problem = f"is kept {retention}, which reads as minutes"
        else:
            continue
        yield Finding.at(
            item.at("retention") if item.retention else item.mark,
            f"{item_word(spec, item)} '{item.id}' carries personal data, but {problem}",
            hint="write retention: a duration such as 90d, 6mo or 2y, or the event that ends it "
            "('90d after the case is closed')",
        )
