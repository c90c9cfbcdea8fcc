"""Personal data as the vendor and an auditor read it: per process, what each item carries, its classification and
how long it is kept, the breach-reporting duty, the data-processing agreement and the transfer basis; across the
portfolio, which vendor in which country handles what (internal only).

A site is built only from specs without errors, so a transfer the check let pass without a mechanism is one an
adequacy decision covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from generator.check.rules.countries import EEA, HOME, country_code, country_name
from generator.check.rules.privacy import privacy_laws
from generator.site.render.text import day_words, duration, plain, retention
from generator.spec.model import Item, Process, Vendor
from generator.spec.schema import PERSONAL_DATA_CATEGORIES

MECHANISM_WORDS = {
    "adequacy": "an adequacy decision",
    "sccs": "the EU's standard contractual clauses",
    "bcrs": "binding corporate rules",
    "uk-idta": "the UK's international data transfer agreement",
    "uk-addendum": "the UK's addendum to the EU's clauses",
    "derogation": "a derogation of Article 49",
}
_AREA = {"GDPR": ("the EEA", EEA), "UK GDPR": ("the United Kingdom", HOME["UK GDPR"])}


def category_words(category: str) -> str:
    known = PERSONAL_DATA_CATEGORIES.get(category)
    if known is None:
        return plain(category)
    return f"{plain(category)} (special category)" if known.special else plain(category)


def _row(kind: str, item: Item) -> dict:
    return {
        "kind": kind,
        "id": item.id,
        "name": plain(item.name),
        "categories": ", ".join(category_words(c) for c in item.personal_data or ()),
        "classification": item.classification or "—",
        "retention": retention(item.retention) or "—",
    }


def _transfer(process: Process, vendor: Vendor | None) -> list[dict]:
    """One sentence per law with transfer rules: why the data may go to the vendor's country."""
    code = country_code(vendor.country) if vendor else None
    written = process.compliance.transfer_mechanism if process.compliance else ()
    sentences = []
    for law, _ in privacy_laws(process):
        if law.key not in _AREA:
            continue
        area, members = _AREA[law.key]
        place = (
            country_name(code, article=True)
            if code
            else plain(vendor.country if vendor else "") or "an unnamed country"
        )
        if code in members:
            text = f"{place} is in {area}, so no transfer mechanism is needed."
        elif written:
            means = " and ".join(MECHANISM_WORDS.get(m, plain(m)) for m in written)
            text = f"the data goes from {area} to {place} under {means}."
        else:
            text = f"the data goes from {area} to {place} under an adequacy decision."
        sentences.append({"law": law.key, "text": text})
    return sentences


def personal_data_context(process: Process, vendor: Vendor | None) -> dict | None:
    """The "Personal data" section of a process page; None when the process declares none and names no law."""
    rows = [_row("input", i) for i in process.inputs if i.is_personal]
    rows += [_row("output", o) for o in process.outputs if o.is_personal]
    laws = [law.key for law, _ in privacy_laws(process)]
    if not rows and not laws:
        return None
    contract = vendor.contract if vendor else None
    breach = contract.breach_notification if contract else None
    agreement = contract.data_processing_agreement if contract else None
    return {
        "rows": rows,
        "declared": any(i.personal_data is not None for i in (*process.inputs, *process.outputs)),
        "laws": laws,
        "breach": duration(breach) if breach else "",
        "agreement": day_words(agreement) if isinstance(agreement, dt.date) else plain(agreement),
        "transfer": _transfer(process, vendor),
    }


def portfolio_personal_data(processes: Iterable[Process], vendors: Mapping[str, Vendor]) -> list[dict]:
    """Per vendor: its country, the processes whose personal data it handles, the categories (special ones
    named), the laws, the transfer bases and its contract terms. What an auditor asks for first."""
    by_vendor: dict[str, list[Process]] = {}
    for process in processes:
        if process.vendor in vendors and any(i.is_personal for i in (*process.inputs, *process.outputs)):
            by_vendor.setdefault(process.vendor, []).append(process)
    rows = []
    for vendor_id, mine in by_vendor.items():
        vendor = vendors[vendor_id]
        categories = sorted(
            {c for p in mine for i in (*p.inputs, *p.outputs) for c in i.personal_data or ()},
            key=lambda c: (not (PERSONAL_DATA_CATEGORIES.get(c) and PERSONAL_DATA_CATEGORIES[c].special), c),
        )
        code = country_code(vendor.country)
        contract = vendor.contract
        rows.append(
            {
                "vendor": plain(vendor.name),
                "vendor_id": vendor.id,
                "country": country_name(code) if code else plain(vendor.country) or "—",
                "processes": [{"id": p.id, "title": plain(p.title)} for p in mine],
                "categories": ", ".join(category_words(c) for c in categories),
                "laws": ", ".join(dict.fromkeys(law.key for p in mine for law, _ in privacy_laws(p))) or "none named",
                "transfer": ", ".join(
                    dict.fromkeys(
                        MECHANISM_WORDS.get(m, plain(m))
                        for p in mine
                        for m in (p.compliance.transfer_mechanism if p.compliance else ())
                    )
                )
                or "—",
                "agreement": day_words(contract.data_processing_agreement)
                if contract and isinstance(contract.data_processing_agreement, dt.date)
                else "none",
                "breach": duration(contract.breach_notification)
                if contract and contract.breach_notification
                else "not agreed",
            }
        )
    return sorted(rows, key=lambda r: (r["country"], r["vendor"]))
