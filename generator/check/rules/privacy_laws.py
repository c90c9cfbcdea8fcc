"""The privacy laws the checker knows: the names an owner writes them by in `compliance.regulations`, where they
apply, and the contract term each asks of a vendor that processes personal data for the client."""

from __future__ import annotations

from typing import NamedTuple

from generator.check.rules.common import spaced_words
from generator.check.rules.countries import EEA


class PrivacyLaw(NamedTuple):
    key: str
    names: tuple[str, ...]  # matched as whole words, any case and punctuation
    countries: frozenset[str]  # where it applies: a vendor or client there suggests it (D011)
    agreement: str  # the contract term it asks of a processor


# In matching order: a law whose name holds another's ("UK GDPR", "GDPR") comes first, and its words are taken
# out before the next is looked for, so that "UK GDPR" is not read as GDPR as well, but "GDPR and UK GDPR" is both.
PRIVACY_LAWS = (
    PrivacyLaw(
        "UK GDPR",
        ("UK GDPR", "UK General Data Protection Regulation", "Data Protection Act 2018"),
        frozenset({"GB"}),
        "a data-processing agreement (UK GDPR Art. 28)",
    ),
    PrivacyLaw(
        "GDPR",
        # With the national acts that carry it out: Ireland's Data Protection Acts, Germany's BDSG, Spain's LOPDGDD.
        (
            "GDPR",
            "General Data Protection Regulation",
            "DSGVO",
            "RGPD",
            "AVG",
            "Data Protection Acts",
            "BDSG",
            "LOPDGDD",
        ),
        EEA,
        "a data-processing agreement (GDPR Art. 28)",
    ),
    PrivacyLaw("LGPD", ("LGPD",), frozenset({"BR"}), "a data-processing agreement (LGPD Art. 39)"),
    PrivacyLaw(
        "CCPA",
        ("CCPA", "CPRA", "California Consumer Privacy Act"),
        frozenset({"US"}),
        "service-provider terms (CCPA, Cal. Civ. Code 1798.100(d))",
    ),
    PrivacyLaw("HIPAA", ("HIPAA",), frozenset({"US"}), "a business associate agreement (HIPAA, 45 CFR 164.504(e))"),
    PrivacyLaw(
        "PIPEDA", ("PIPEDA",), frozenset({"CA"}), "a contract that protects the data as PIPEDA does (Principle 4.1.3)"
    ),
    PrivacyLaw("DPDP", ("DPDP", "DPDPA"), frozenset({"IN"}), "a contract with the data processor (DPDP Act s. 8(2))"),
    PrivacyLaw(
        "Data Privacy Act",
        ("Data Privacy Act", "RA 10173"),
        frozenset({"PH"}),
        "an outsourcing agreement (Data Privacy Act 2012 s. 14)",
    ),
    PrivacyLaw(
        "LFPDPPP", ("LFPDPPP",), frozenset({"MX"}), "a contract with the processor (LFPDPPP Regulations Art. 51)"
    ),
    PrivacyLaw("POPIA", ("POPIA",), frozenset({"ZA"}), "a written operator agreement (POPIA s. 21)"),
    PrivacyLaw("PDPA", ("PDPA",), frozenset({"SG", "TH", "MY"}), "a contract with the data intermediary or processor"),
    PrivacyLaw("APPI", ("APPI",), frozenset({"JP"}), "a contract that binds the entrusted party (APPI Art. 25)"),
    PrivacyLaw("PIPL", ("PIPL",), frozenset({"CN"}), "an entrustment agreement (PIPL Art. 21)"),
    PrivacyLaw("FADP", ("FADP", "nFADP", "revFADP", "DSG"), frozenset({"CH"}), "a processing contract (FADP Art. 9)"),
    PrivacyLaw(
        "Privacy Act 1988",
        ("Privacy Act 1988", "Australian Privacy Act"),
        frozenset({"AU"}),
        "a contract that binds the vendor to the Australian Privacy Principles (APP 8)",
    ),
)
_BY_KEY = {law.key: law for law in PRIVACY_LAWS}


_PATTERNS = [(law, [spaced_words(name) for name in law.names]) for law in PRIVACY_LAWS]


def laws_named(regulation: str) -> list[PrivacyLaw]:
    """The privacy laws a `compliance.regulations` entry names: `UK GDPR (customers in Britain)` names UK GDPR,
    `GDPR and UK GDPR` both."""
    text = spaced_words(regulation)
    found = []
    for law, names in _PATTERNS:
        for name in names:
            if name in text:
                found.append(law)
                text = text.replace(name, " ")
                break
    return found


def law(key: str) -> PrivacyLaw:
    return _BY_KEY[key]


def laws_of(countries: set[str]) -> list[PrivacyLaw]:
    """The laws that apply in any of `countries` (ISO codes)."""
    return [law for law in PRIVACY_LAWS if law.countries & countries]
