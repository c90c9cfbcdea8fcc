"""The one schema of spec format v1: every key, its type, its allowed values and its documentation.

The cerberus validators, the enums the rules use, the certification catalogue and the spec reference page
all come from here. Keys marked required are the ones a spec cannot be read without (ids and names); the
rest are optional to the schema and their absence is judged by the completeness rules, which a draft turns
into warnings.
"""

from __future__ import annotations

from typing import Any, NamedTuple

SPEC_VERSION = 1

ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"
EMAIL_PATTERN = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"
# International form, as dialled from another country: a plus, the country code, then digits with the spaces,
# hyphens, dots or brackets people write them with.
PHONE_PATTERN = r"\+[1-9][0-9 ()\-.]{5,24}[0-9]"
DURATION_PATTERN = r"\d+(\.\d+)?(m|h|d|bd)"
# A well-formed BCP 47 tag: language, then optional script, region and variants (es-419, zh-Hant-TW, pt-BR).
LANGUAGE_PATTERN = r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
PERIOD_PATTERN = r"[1-9]\d{0,3}(d|w|mo|y)"  # a span of the calendar: 30d, 6w, 18mo, 1y

STATUSES = ("draft", "ready", "pilot", "live", "retired")
CRITICALITIES = ("low", "medium", "high")
DELIVERY_MODELS = ("offshore", "nearshore", "onshore")
PARTIES = ("client", "vendor")
CLASSIFICATIONS = ("public", "internal", "confidential", "restricted")
UNITS = ("percent", "count", "currency", "seconds", "minutes", "hours", "days", "score")
DIRECTIONS = ("higher-is-better", "lower-is-better")
# How often something recurs, in words, ordered from most to least frequent: the rules compare cadences by
# position. `shift` is once per shift: as often as daily for a one-shift operation, more often for a 24x7 one.
CADENCE_WORDS = {
    "shift": "every shift",
    "daily": "daily",
    "weekly": "weekly",
    "biweekly": "every two weeks",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "yearly": "yearly",
}
CADENCES = tuple(CADENCE_WORDS)
TRANSFER_METHODS = ("training", "documentation", "shadowing", "reverse-shadowing")
RISK_CATEGORIES = ("data-security", "compliance", "operational", "financial", "reputational")
LEVELS = ("low", "medium", "high")
# The lawful bases for sending personal data under GDPR or UK GDPR to a country without an adequacy decision
# (Chapter V): an adequacy decision (for a country only partly covered, such as a US vendor certified under the
# Data Privacy Framework), the EU's standard contractual clauses, binding corporate rules, the UK's international
# data transfer agreement or its addendum to the EU clauses, or a derogation of Article 49.
TRANSFER_MECHANISMS = ("adequacy", "sccs", "bcrs", "uk-idta", "uk-addendum", "derogation")


class PersonalDataCategory(NamedTuple):
    name: str
    # A special category of GDPR (Articles 9 and 10: health, biometric, genetic, beliefs, criminal records...).
    special: bool
    # The lowest classification an item carrying it may have (D004); None: any.
    minimum: str | None


# What personal data an input or output carries (`personal_data`); `.playbook.yaml` may add categories.
PERSONAL_DATA_CATEGORIES = {
    "contact": PersonalDataCategory("contact details (name, address, phone, e-mail)", False, None),
    "identity": PersonalDataCategory(
        "identity (national id or passport number, identity document, date of birth)", False, "confidential"
    ),
    "financial": PersonalDataCategory(
        "financial (bank account, card number, salary, credit, tax)", False, "confidential"
    ),
    "employment": PersonalDataCategory("employment (job, contract, performance, absence)", False, None),
    "location": PersonalDataCategory("location (address history, GPS, travel)", False, None),
    "communications": PersonalDataCategory("communications (call recordings, messages, e-mails)", False, None),
    "children": PersonalDataCategory("data about children", False, "confidential"),
    "health": PersonalDataCategory("health (diagnosis, treatment, disability, sick notes)", True, "restricted"),
    "biometric": PersonalDataCategory(
        "biometric (face image, fingerprint, voiceprint used to identify)", True, "restricted"
    ),
    "genetic": PersonalDataCategory("genetic", True, "restricted"),
    "ethnic-origin": PersonalDataCategory("racial or ethnic origin", True, "restricted"),
    "political-opinion": PersonalDataCategory("political opinions", True, "restricted"),
    "religion": PersonalDataCategory("religious or philosophical beliefs", True, "restricted"),
    "trade-union": PersonalDataCategory("trade union membership", True, "restricted"),
    "sexual-orientation": PersonalDataCategory("sex life or sexual orientation", True, "restricted"),
    "criminal": PersonalDataCategory("criminal convictions and offences", True, "restricted"),
}

# What a certificate vouches for. Only a `security` one protects confidential or restricted data (T006): an
# audited set of information-security controls. `regulatory` ones attest compliance with a privacy law or
# regulation, `quality` ones the quality of the service, `process` ones how work is run and improved.
CERTIFICATION_CATEGORIES = {
    "security": "information-security controls, independently audited",
    "regulatory": "privacy and regulatory compliance",
    "quality": "quality and performance of the service",
    "process": "how work is run, improved and controlled",
}
# An organisation's own certification without a `category` in `.playbook.yaml`: never taken for a security one.
DEFAULT_CERTIFICATION_CATEGORY = "process"


class Certification(NamedTuple):
    name: str
    category: str


# Certifications a client may ask of a vendor; `.playbook.yaml` can add an organisation's own.
CERTIFICATIONS = {
    "iso-9001": Certification("ISO 9001 (quality management)", "quality"),
    "iso-27001": Certification("ISO/IEC 27001 (information security)", "security"),
    "iso-27701": Certification("ISO/IEC 27701 (privacy information management)", "regulatory"),
    "copc": Certification("COPC (contact centre performance)", "quality"),
    "six-sigma": Certification("Six Sigma (process improvement)", "process"),
    "pmp": Certification("PMP (project management)", "process"),
    "hipaa": Certification("HIPAA compliance (US healthcare data)", "regulatory"),
    # Controls over the vendor's processing that feed the client's financial statements (SOX), not security.
    "soc1": Certification("SOC 1 (financial reporting controls)", "process"),
    "soc2-type1": Certification("SOC 2 Type I (security controls, designed)", "security"),
    "soc2-type2": Certification("SOC 2 Type II (security controls, operating)", "security"),
    # The Data Security Standard of the card schemes: audited security controls around card data.
    "pci-dss": Certification("PCI DSS (payment card data)", "security"),
}

# Regulations a process may fall under, by the short name owners write: the site shows the full name.
REGULATIONS = {
    "GDPR": "GDPR (EU General Data Protection Regulation)",
    "UK GDPR": "UK GDPR (United Kingdom General Data Protection Regulation)",
    "HIPAA": "HIPAA (US Health Insurance Portability and Accountability Act)",
    "PCI DSS": "PCI DSS (Payment Card Industry Data Security Standard)",
    "CCPA": "CCPA (California Consumer Privacy Act)",
    "SOX": "SOX (US Sarbanes-Oxley Act)",
    "GLBA": "GLBA (US Gramm-Leach-Bliley Act)",
    "TCPA": "TCPA (US Telephone Consumer Protection Act)",
    "FDCPA": "FDCPA (US Fair Debt Collection Practices Act)",
    "DORA": "DORA (EU Digital Operational Resilience Act)",
    "NIS2": "NIS2 (EU Network and Information Security Directive)",
    "PSD2": "PSD2 (EU Payment Services Directive)",
    "ePrivacy": "ePrivacy Directive (EU privacy in electronic communications)",
    "eIDAS": "eIDAS (EU electronic identification and trust services)",
    "LGPD": "LGPD (Brazil General Data Protection Law)",
    "PIPEDA": "PIPEDA (Canada Personal Information Protection and Electronic Documents Act)",
    "DPDP": "DPDP (India Digital Personal Data Protection Act)",
    "PDPA": "PDPA (Personal Data Protection Act)",
}
_REGULATION_KEYS = {"".join(filter(str.isalnum, name.casefold())): full for name, full in REGULATIONS.items()}


def regulation_name(text: str) -> str:
    """A regulation's full name when `text` is one of REGULATIONS' short names, whatever its case, spaces
    or hyphens ("gdpr", "pci-dss"); otherwise `text` as written."""
    return _REGULATION_KEYS.get("".join(filter(str.isalnum, text.casefold())), text)


def _rule(kind: str, doc: str, required: bool, example: Any = None, **rules: Any) -> dict[str, Any]:
    meta = {"doc": doc}
    if example is not None:
        meta["example"] = example
    # An empty value (`key:` with nothing after it) counts as absent for optional keys.
    return {"type": kind, "required": required, "nullable": not required, "meta": meta, **rules}


def text(doc: str, required: bool = False, example: str | None = None, markdown: bool = False) -> dict:
    rule = _rule("string", doc, required, example)
    if markdown:
        rule["meta"]["markdown"] = True
    return rule


def ident(doc: str, required: bool = True, example: str | None = None) -> dict:
    rule = _rule("string", doc, required, example, regex=ID_PATTERN)
    rule["meta"]["format"] = "id"
    return rule


def ref(doc: str, required: bool = False, example: str | None = None) -> dict:
    """A reference to an id declared elsewhere; the references rules check that it exists."""
    return ident(doc, required, example)


def refs(doc: str, example: list | None = None) -> dict:
    return _rule("list", doc, False, example, schema=ident("an id", required=True))


def enum(values: tuple[str, ...], doc: str, required: bool = False, example: str | None = None) -> dict:
    return _rule("string", doc, required, example or values[0], allowed=list(values))


def date(doc: str, required: bool = False, example: str = "2026-03-02") -> dict:
    # An unquoted date is a date to YAML; a quoted one is text, accepted when it is in ISO form.
    rule = _rule(["date", "string"], doc, required, example, check_with="isodate")
    rule["meta"]["format"] = "date"
    return rule


def number(doc: str, required: bool = False, example: float | None = None) -> dict:
    # YAML reads .nan, .inf and 1.0e+400 as floats, and a whole number may be too large for one.
    rule = _rule("number", doc, required, example, check_with="finite")
    rule["meta"]["format"] = "number"
    return rule


def flag(doc: str, required: bool = False) -> dict:
    return _rule("boolean", doc, required, True)


def listof(item: dict, doc: str, required: bool = False, example: Any = None) -> dict:
    return _rule("list", doc, required, example, schema={**item, "required": True, "nullable": False})


def texts(doc: str, example: list | None = None) -> dict:
    return _rule("list", doc, False, example, schema=text("an entry", required=True))


def record(fields: dict[str, dict], doc: str, required: bool = False) -> dict:
    return _rule("dict", doc, required, schema=fields)


PHONE = _rule("string", "Phone number in international form.", False, "+44 20 7946 0123", regex=PHONE_PATTERN)
HOURS = text("When to call, with the time zone.", example="Mon-Fri 08:00-18:00 Europe/London")

OWNER = record(
    {
        "name": text("Full name.", required=True, example="Dana Ruiz"),
        "email": _rule("string", "E-mail address.", True, "dana.ruiz@example.com", regex=EMAIL_PATTERN),
        "phone": PHONE,
        "hours": HOURS,
    },
    "The client's process owner: the person who answers for the spec and approves changes.",
    required=True,
)

ESCALATION = record(
    {
        "to": ref("Role id to escalate to.", required=True),
        "when": text("What triggers the escalation."),
    },
    "Whom the step escalates to, and when.",
)


PERSONAL_DATA_KEYS = {
    "personal_data": refs(
        "The personal data the item carries, by category: "
        + ", ".join(f"`{key}`" for key in PERSONAL_DATA_CATEGORIES)
        + " (special categories of GDPR: "
        + ", ".join(f"`{key}`" for key, c in PERSONAL_DATA_CATEGORIES.items() if c.special)
        + "), or one `.playbook.yaml` adds. An empty list says the item carries none.",
        example=["contact", "financial"],
    ),
    "retention": text(
        "How long the personal data is kept: a duration (`30d`, `6mo`, `7y`) or the event that ends it "
        "(`90d after the dispute is closed`).",
        example="90d",
    ),
}


def duty(what: str, inputs: str, optional_inputs: str) -> dict[str, dict]:
    """The keys a step and a routine share: the work, who does it and answers for it, and what it uses."""
    return {
        "instructions": text("What to do, precisely enough that a new agent can do it on day one.", markdown=True),
        "responsible": ref("R: the role id that does the work."),
        "accountable": ref("A: the one role id that answers for the result."),
        "consulted": refs(f"C: role ids asked before or during the {what}.", example=["billing-lead"]),
        "informed": refs("I: role ids told of the result.", example=[]),
        "inputs": refs(inputs),
        "optional_inputs": refs(optional_inputs, example=[]),
        "outputs": refs(f"Process outputs the {what} produces."),
        "tools": refs(f"Tool ids used in the {what}."),
        "retained": flag(
            f"true: the client keeps this {what} (Key 2: the work that stays with the client). Its responsible "
            "and accountable roles are the client's; the vendor may be consulted or informed, and its site "
            "shows the hand-off."
        ),
        "sla": _rule(
            "string",
            f"Time allowed for the {what}: a number and m, h, d or bd (business days).",
            False,
            "4h",
            regex=DURATION_PATTERN,
        ),
    }


STEP = record(
    {
        "id": ident("Step id, unique within the process (among steps and routines).", example="triage"),
        "name": text("Short imperative name shown in the flow diagram.", required=True, example="Triage"),
        **duty(
            "step",
            "Process inputs, or outputs of an earlier step, that the step uses: produced on every path to it.",
            "Inputs or outputs the step uses when they are there, such as the request a rework pass re-reads: "
            "declared like `inputs`, but not required on every path to the step; the playbook shows them as "
            "used if any.",
        ),
        "approves": refs(
            "Maker-checker: ids of the steps whose work this step approves. Another role must do it (segregation "
            "of duties), and every path from an approved step to the end passes through this one.",
            example=[],
        ),
        "next": listof(
            record(
                {
                    "when": text("The condition for taking this branch."),
                    "goto": ref("Target step id, or `end`.", required=True),
                },
                "One way out of the step.",
            ),
            "Where the flow goes after this step; without it, to the following step (the last one ends). "
            "Branches are read in order: the first whose condition holds is taken, the one without when takes "
            "every other case.",
        ),
        "escalation": ESCALATION,
    },
    "A step of the procedure.",
)

ROUTINE = record(
    {
        "id": ident("Routine id, unique within the process (among steps and routines).", example="daily-report"),
        "name": text("Short imperative name.", required=True, example="Send the daily backlog report"),
        "cadence": enum(CADENCES, "How often it is done.", required=True, example="daily"),
        **duty(
            "routine",
            "Process inputs, or outputs of the steps, that the routine uses; it works on what the cases have "
            "produced so far.",
            "Inputs or outputs the routine uses when there are any (a quiet day may bring none): declared like "
            "`inputs`; the playbook shows them as used if any.",
        ),
        "escalation": {**ESCALATION, "meta": {"doc": "Whom the routine escalates to, and when."}},
    },
    "A recurring duty outside the case flow.",
)

KPI = record(
    {
        "id": ident("KPI id, unique within the process.", example="first-contact-resolution"),
        "name": text("Display name.", required=True),
        "unit": enum(UNITS, "Unit of the target and threshold."),
        "currency": _rule(
            "string",
            "For `unit: currency`: the ISO 4217 code of the figures, so the site shows `2000 EUR`, not `2000`.",
            False,
            "EUR",
            regex=r"[A-Z]{3}",
        ),
        "scale": number(
            "For `unit: score`: the best possible score, so the site shows `4.2 / 5`, not `4.2`.", example=5
        ),
        "direction": enum(DIRECTIONS, "Whether a higher or a lower figure is better."),
        "target": number("The figure the vendor is asked to reach.", example=85),
        "threshold": number(
            "Breach level, on the wrong side of the target: a figure beyond it is a breach, one at it is at risk "
            "(for zero tolerance, set it equal to the target).",
            example=75,
        ),
        "baseline": number("Today's in-house figure, to compare the vendor with.", example=70),
        "contractual": flag("True when the KPI is an SLA in the contract."),
        "service_credit": record(
            {
                "percent": number(
                    "Percent of the monthly fee credited for each breached period.", required=True, example=2
                ),
                "cap": number("The most this KPI's credits come to in one month, in percent of the fee.", example=6),
            },
            "For a contractual KPI: the service credit the vendor owes when the figure is past the threshold. "
            "Credits are owed from go-live, totalled per month (a period counts in the month it ends) and "
            "shown on the internal site and by `playbook scorecard --credits`; never to a vendor.",
        ),
        "measurement": record(
            {
                "method": text("How the figure is computed."),
                "source": text("Where the data comes from (report, system)."),
                "frequency": enum(CADENCES, "How often the figure is measured.", example="weekly"),
                "owner": ref("Role id that measures and reports it."),
                "from": ref(
                    "Id of the step, routine or output whose records give the figures (the duty the KPI judges, "
                    "or the check that marks it). Deleting that duty is then an error, not a silent gap; a "
                    "contractual KPI taken only from the vendor's own work and measured by the vendor is a warning.",
                    example="quality-recheck",
                ),
            },
            "How the KPI is measured.",
        ),
    },
    "A key performance indicator.",
)

PROCESS_SCHEMA: dict[str, dict] = {
    "spec": _rule("integer", "Format version; must be 1.", True, 1, allowed=[SPEC_VERSION]),
    "id": ident("Process id: equal to the file name without `.yaml`, unique.", example="billing-disputes"),
    "title": text("Process name as the playbook shows it.", required=True, example="Billing dispute handling"),
    "summary": text("What the process is, in a paragraph.", markdown=True),
    "outcome": text("The desired outcome: what is true when the process works."),
    "objectives": listof(
        record(
            {
                "goal": text("Why the process is outsourced, as a goal.", required=True),
                "kpi": ref("The KPI id that measures the goal."),
            },
            "An objective of outsourcing the process.",
        ),
        "Why the process is outsourced; each objective is measured by a KPI.",
    ),
    "volume": record(
        {
            "expected": text("Expected volume, with its unit of time.", required=True, example="1200 per month"),
            "peak": text("When and how high the volume peaks."),
        },
        "Expected volume and peaks.",
    ),
    "category": text("Free text; groups the playbook's navigation.", example="billing"),
    "status": enum(STATUSES, "draft, ready (approved for handover), pilot, live or retired.", required=True),
    "revision": record(
        {
            "number": _rule(
                "integer",
                "The revision in force, counted up by one with every change the vendor must be told of "
                "(operational or contractual, see `playbook diff`) once the process is in pilot or live.",
                True,
                3,
                min=1,
            ),
            "effective": date(
                "The day this revision takes effect: no sooner than the vendor's `contract.change_notice` period "
                "after the day the change is merged.",
                example="2027-01-18",
            ),
            "summary": text(
                "What changed, in a sentence or two for the vendor's team lead.",
                example="Disputes over 500 EUR now go to the senior agent first.",
            ),
            "amendment": text(
                "The contract amendment that agrees a contractual change (its reference or title).",
                example="Amendment 4 to MSA-2025-114",
            ),
        },
        "The revision of the process in force: its number, when it takes effect, what changed and, for a "
        "contractual change, the amendment that agrees it. `playbook notice` tells the vendor; the vendor "
        "acknowledges each revision.",
    ),
    "criticality": enum(CRITICALITIES, "How much harm a failure of the process does."),
    "delivery_model": enum(DELIVERY_MODELS, "Where the vendor works from, relative to the client."),
    "vendor": ref("Vendor id from `process_specs/vendors/`.", example="acme-bpo"),
    "owner": OWNER,
    "roles": listof(
        record(
            {
                "id": ident("Role id, unique within the process.", example="vendor-agent"),
                "party": enum(PARTIES, "Which side the role belongs to.", required=True),
                "title": text("Job title.", required=True),
                "contact": record(
                    {
                        "name": text("Full name.", required=True),
                        "email": _rule("string", "E-mail address.", False, regex=EMAIL_PATTERN),
                        "phone": PHONE,
                        "hours": HOURS,
                    },
                    "Who fills the role and how to reach them: shown on the escalation path.",
                ),
            },
            "A role in the process.",
        ),
        "Who takes part, on the client's and the vendor's side.",
    ),
    "inputs": listof(
        record(
            {
                "id": ident("Input id.", example="dispute-ticket"),
                "name": text("Display name.", required=True),
                "source": text("Where the input comes from."),
                "classification": enum(CLASSIFICATIONS, "Data classification.", required=True),
                **PERSONAL_DATA_KEYS,
            },
            "Something the process needs.",
        ),
        "What the vendor receives.",
    ),
    "outputs": listof(
        record(
            {
                "id": ident("Output id.", example="resolution-notice"),
                "name": text("Display name.", required=True),
                "consumer": text("Who receives it: a role id or a description."),
                "classification": enum(CLASSIFICATIONS, "Data classification."),
                **PERSONAL_DATA_KEYS,
            },
            "Something the process delivers.",
        ),
        "What the vendor delivers.",
    ),
    "tools": listof(
        record(
            {
                "id": ident("Tool id.", example="zendesk"),
                "name": text("Display name.", required=True),
                "access": text("How the vendor gets access, from whom, and how long it takes."),
                "retained": flag(
                    "true: a system only the client uses (a bank portal that releases payments): no step or "
                    "routine of a vendor role uses it, and the vendor's site does not list it."
                ),
            },
            "A system the process uses.",
        ),
        "Tools and how the vendor gets access.",
    ),
    "steps": listof(STEP, "The procedure, in order."),
    "routines": listof(
        ROUTINE,
        "Recurring duties that are not steps of a case: a daily report, a shift handover, a weekly quality "
        "sample. Each has a cadence instead of a place in the flow, and the same roles, inputs, outputs, tools "
        "and instructions as a step.",
    ),
    "kpis": listof(KPI, "How success is measured."),
    "governance": record(
        {
            "checkins": listof(
                record(
                    {
                        "name": text("Meeting name.", required=True),
                        "cadence": enum(CADENCES, "How often it meets.", required=True, example="weekly"),
                        "attendees": refs("Role ids, from both parties."),
                        "agenda": text("What is discussed."),
                        "kpis": refs("KPI ids reviewed at this check-in."),
                    },
                    "A recurring meeting.",
                ),
                "Recurring check-ins between client and vendor.",
            ),
            "escalation_path": refs("Role ids, first to last.", example=["vendor-lead", "billing-lead"]),
            "feedback": listof(
                record(
                    {
                        "source": text("Where qualitative feedback comes from.", required=True),
                        "cadence": enum(CADENCES, "How often it is collected.", required=True, example="monthly"),
                        "owner": ref("Role id that collects it."),
                    },
                    "A source of qualitative feedback.",
                ),
                "Qualitative feedback, beside the KPIs.",
            ),
            "actions": listof(
                record(
                    {
                        "id": ident("Action id, unique in the process.", example="credit-policy-refresher"),
                        "kpi": ref("KPI id the action is meant to bring back on target.", required=True),
                        "opened": date("Day the action was agreed.", required=True, example="2026-11-18"),
                        "owner": ref("Role id that sees it through.", required=True),
                        "what": text("What will be done, by whom, and how the effect is checked.", required=True),
                        "due": date("Day it is to be done by.", required=True, example="2026-12-11"),
                        "closed": date("Day it was done; leave out while it is open.", example="2026-12-09"),
                    },
                    "An improvement action on a KPI that missed its target.",
                ),
                "Improvement actions agreed when a KPI fell short (Key 4: adjust): open ones have no `closed`. "
                "A KPI breached for `breaches_before_action` periods in a row with no open action is a warning "
                "(M009); an open action past its due day too (M010).",
            ),
            "improvement": record(
                {
                    "cadence": enum(CADENCES, "How often the process is reviewed.", required=True, example="quarterly"),
                    "owner": ref("Role id that leads the review.", required=True),
                    "scope": text("What the review may change."),
                },
                "The continuous-improvement review.",
            ),
        },
        "How the client and the vendor check in and adjust.",
    ),
    "transition": record(
        {
            "start": date("First day of the transition."),
            "knowledge_transfer": listof(
                record(
                    {
                        "item": text("What is transferred.", required=True),
                        "method": enum(TRANSFER_METHODS, "How it is transferred.", required=True),
                        "owner": ref("Role id that delivers it."),
                    },
                    "A piece of knowledge transfer.",
                ),
                "Training, documentation and shadowing before go-live.",
            ),
            "pilot": record(
                {
                    "start": date("First day of the pilot.", required=True),
                    "end": date("Last day of the pilot.", required=True),
                    "exit_criteria": text("What must be true to go live.", required=True),
                },
                "A pilot run before full go-live.",
            ),
            "go_live": date("The day the vendor takes the process over."),
        },
        "The transition plan.",
    ),
    "risks": listof(
        record(
            {
                "id": ident("Risk id.", example="pii-exposure"),
                "category": enum(RISK_CATEGORIES, "Kind of risk.", required=True),
                "description": text("What could go wrong.", required=True),
                "likelihood": enum(LEVELS, "How likely it is.", required=True),
                "impact": enum(LEVELS, "How bad it would be.", required=True),
                "mitigation": text("What lowers the likelihood or impact."),
                "contingency": text("What is done when it happens."),
                "owner": ref("Role id that owns the risk."),
            },
            "A risk.",
        ),
        "The risk register.",
    ),
    "compliance": record(
        {
            "certifications": refs("Certification ids required of the vendor.", example=["iso-27001"]),
            "regulations": texts(
                "Regulations the process falls under. Well-known short names (GDPR, HIPAA, PCI DSS, CCPA, DORA, "
                "...) show by their full name on the site; others as written.",
                example=["gdpr"],
            ),
            "transfer_mechanism": _rule(
                ["string", "list"],
                "The lawful basis for sending personal data under GDPR or UK GDPR to the vendor's country when it "
                "has no adequacy decision: one or a list of " + ", ".join(f"`{m}`" for m in TRANSFER_MECHANISMS) + ".",
                False,
                ["sccs"],
                allowed=list(TRANSFER_MECHANISMS),
            ),
        },
        "Compliance needs.",
    ),
    "communication": record(
        {
            "channels": texts("Where client and vendor talk."),
            "languages": _rule(
                "list",
                "Working languages, as BCP 47 language tags (en, es-419, pt-BR, zh-Hant-TW).",
                False,
                ["en"],
                schema=_rule("string", "a language tag", True, "en", regex=LANGUAGE_PATTERN, check_with="language"),
            ),
            "overlap_hours": text("Hours both teams are at work, with time zone.", example="13:00-17:00 UTC"),
            "working_agreements": text("How the teams work together.", markdown=True),
        },
        "Communication.",
    ),
    "internal": record(
        {
            "notes": text("Notes for the client only.", markdown=True),
            "monthly_fee": record(
                {
                    "amount": number("The fee for the process per month.", required=True, example=38000),
                    "currency": _rule("string", "ISO 4217 code.", True, "EUR", regex=r"[A-Z]{3}"),
                    "credit_cap": number(
                        "The most all service credits of the process come to in one month, in percent of the fee.",
                        example=10,
                    ),
                },
                "What the vendor is paid per month, to turn service credits into amounts.",
            ),
        },
        "Never published to a vendor.",
    ),
    "waivers": listof(
        record(
            {
                "rule": _rule("string", "The rule code to waive.", True, "T001"),
                "reason": text("Why the exception is acceptable."),
                "approved_by": text("Who approved it."),
                "expires": date("When the waiver lapses.", example="2027-03-01"),
                "items": refs(
                    "Ids of the steps, routines, KPIs, roles, inputs, outputs, tools or risks it is for: it "
                    "silences its rule's findings on those items only, and a new finding elsewhere stays. "
                    "Without items it silences the rule on the whole spec.",
                    example=["release-payment-file"],
                ),
            },
            "An auditable exception to one rule.",
        ),
        "Exceptions to rules, each with reason, approver and expiry.",
    ),
}

VENDOR_SCHEMA: dict[str, dict] = {
    "spec": PROCESS_SCHEMA["spec"],
    "id": ident("Vendor id: equal to the file name without `.yaml`.", example="acme-bpo"),
    "name": text("Company name.", required=True),
    "delivery_model": enum(DELIVERY_MODELS, "Where the vendor works from.", required=True),
    "country": text("Country of the delivery centre."),
    # Shaped like an IANA name here; whether the zone exists is T057's question, with a hint from the country.
    "timezone": _rule(
        "string", "IANA time zone of the delivery centre.", False, "Asia/Manila", regex=r"[A-Za-z][A-Za-z0-9_+\-/]*"
    ),
    "languages": PROCESS_SCHEMA["communication"]["schema"]["languages"],
    "contacts": listof(
        record(
            {
                "name": text("Full name.", required=True),
                "email": OWNER["schema"]["email"],
                "phone": PHONE,
                "hours": HOURS,
                "role": text("What the contact is for.", required=True),
            },
            "A contact at the vendor.",
        ),
        "Who to call at the vendor.",
    ),
    "certifications": listof(
        record(
            {
                "id": ident("Certification id from the catalogue.", example="iso-27001"),
                "expires": date("When the certificate expires.", required=True, example="2028-06-30"),
            },
            "A certificate the vendor holds.",
        ),
        "Certificates the vendor holds.",
    ),
    "due_diligence": record(
        {
            name: date(doc)
            for name, doc in (
                ("rfp", "When the vendor's RFP answer was evaluated."),
                ("site_visit", "When the delivery centre was visited."),
                ("security_audit", "When the security audit was done."),
                ("reference_checks", "When references were checked."),
            )
        },
        "Vendor selection checks and when they were done.",
    ),
    "contract": record(
        {
            "reference": text("Contract number."),
            "start": date("Start of the contract."),
            "end": date("End of the contract."),
            "data_processing_agreement": date(
                "When the data-processing agreement was signed: the contract term a privacy law asks of a vendor "
                "that processes personal data for the client (GDPR Art. 28, a HIPAA business associate agreement, "
                "CCPA service-provider terms).",
                example="2025-12-15",
            ),
            "breach_notification": _rule(
                "string",
                "How soon the vendor must tell the client of a personal-data breach: a number and m, h, d or bd.",
                False,
                "24h",
                regex=DURATION_PATTERN,
            ),
            "change_notice": record(
                {
                    "operational": _rule(
                        "string",
                        "Notice the vendor is owed before an operational change takes effect: a number and d or "
                        "bd (business days).",
                        False,
                        "14d",
                        regex=DURATION_PATTERN,
                    ),
                    "contractual": _rule(
                        "string",
                        "Notice the vendor is owed before a contractual change takes effect.",
                        False,
                        "60d",
                        regex=DURATION_PATTERN,
                    ),
                },
                "How long before a change to one of the vendor's live or pilot processes takes effect the vendor "
                "must be told of it (`revision.effective`). Without it, a change may take effect the day it is "
                "merged.",
            ),
        },
        "The contract.",
    ),
}

CHANGE_CLASSES = ("editorial", "operational", "contractual")
# Lists whose order the format reads: steps run in order, branches are tried in order, the escalation path is
# climbed in order. Any other list is a set: its order is layout.
ORDERED_LISTS = frozenset({"steps", "next", "escalation_path"})
# The one list whose emptiness says something: `personal_data: []` declares an item carries none.
EMPTY_MEANS_NONE = frozenset({"personal_data"})

# What a change to a field is, for `playbook diff` and the revision rules (issue 25): a field takes its own class
# or its nearest enclosing field's, and a field under none is operational (how the work is done). Contractual:
# what the contract promises (Key 3's targets, Key 2's retained work, the transition's dates, the vendor's
# terms). Editorial: nothing the vendor does changes. A text edit of case, punctuation or a slip of a letter or
# two is editorial wherever it stands (`generator.changes.classes`).
_CHANGE_CLASSES = {
    "process": {
        ("spec",): "editorial",
        ("revision",): "editorial",
        ("vendor",): "contractual",
        ("delivery_model",): "contractual",
        ("steps", "retained"): "contractual",
        ("steps", "approves"): "contractual",
        ("routines", "retained"): "contractual",
        ("tools", "retained"): "contractual",
        **{("kpis", key): "contractual" for key in ("unit", "currency", "scale", "direction", "target")},
        **{("kpis", key): "contractual" for key in ("threshold", "contractual", "service_credit")},
        ("compliance",): "contractual",
        ("transition", "start"): "contractual",
        ("transition", "pilot"): "contractual",
        ("transition", "go_live"): "contractual",
        ("internal", "notes"): "editorial",
        ("internal", "monthly_fee"): "contractual",
        ("waivers",): "editorial",
    },
    "vendor": {
        ("spec",): "editorial",
        ("delivery_model",): "contractual",
        ("country",): "contractual",
        ("certifications",): "contractual",
        ("contract",): "contractual",
    },
}
# Fields a vendor never sees, on any page or in any notice: the site leaves them out of the vendor's pages.
_INTERNAL_FIELDS = (("internal",), ("waivers",), ("kpis", "service_credit"))


def _annotate(schema: dict[str, dict], path: tuple[str, ...], **meta: str) -> None:
    """Add `meta` to the field at `path` (list entries stepped through), in a copy of its rule: rules such as
    `spec` are shared between the two schemas."""
    fields = schema
    for key in path[:-1]:
        rule = fields[key]
        while rule["type"] == "list":
            rule = rule["schema"]
        fields = rule["schema"]
    rule = fields[path[-1]]
    fields[path[-1]] = {**rule, "meta": {**rule["meta"], **meta}}


for _kind, _schema in (("process", PROCESS_SCHEMA), ("vendor", VENDOR_SCHEMA)):
    for _path, _class in _CHANGE_CLASSES[_kind].items():
        _annotate(_schema, _path, change=_class)
for _path in _INTERNAL_FIELDS:
    _annotate(PROCESS_SCHEMA, _path, audience="internal")

# Regulations that call for a certification of the vendor, by default (`regulation_certifications`).
# GDPR is not among them: it asks for a data-processing agreement with the vendor, not a certificate (issue 24).
_REGULATION_CERTIFICATIONS = {"HIPAA": ["hipaa"], "PCI DSS": ["pci-dss"], "SOX": ["soc1"]}

# Matters a compliance officer keeps with the client, by default (`reserved_matters`).
_RESERVED_MATTERS = [
    "sanctions",
    "money laundering",
    "suspicious activity",
    "terrorist financing",
    "fraud",
    "politically exposed",
    "law enforcement",
    "regulator",
    "data breach",
    "legal hold",
    "whistleblowing",
    "ombudsman",
    "competent authority",
    "privacy incident",
    "safeguarding",
]

# Words in an item's name, source or consumer that say it carries personal data of a category, by default
# (`personal_data_phrases`); matched as whole words, any case, a final s optional. Contact details are left
# out but for third parties' (next of kin): almost every item names a customer.
_PERSONAL_DATA_PHRASES = {
    **dict.fromkeys(["emergency contact", "next of kin"], "contact"),
    **dict.fromkeys(
        ["bank account", "bank details", "IBAN", "sort code", "routing number", "account number", "card number",
         "credit card", "debit card", "primary account number", "PAN", "CVV", "salary", "salaries", "payslip",
         "pay slip", "payroll", "wage", "tax code", "tax return", "credit score", "bank statement",
         "pension contribution"],
        "financial",
    ),
    **dict.fromkeys(
        ["passport", "national insurance", "NI number", "social security", "SSN", "PPSN", "NHS number",
         "identity document", "ID document", "identity card", "ID card", "driving licence", "driver's license",
         "date of birth", "DOB", "national ID", "Aadhaar", "work permit", "right to work", "proof of identity"],
        "identity",
    ),
    **dict.fromkeys(["biometric", "fingerprint", "selfie", "face image", "facial image", "voiceprint", "liveness"],
                    "biometric"),
    **dict.fromkeys(
        # Not "diagnosis" or "symptom" alone: a service desk diagnoses faults (tried on an outsider's IT desk).
        ["medical diagnosis", "diagnosis code", "ICD-10", "medical", "health record", "sick note", "fit note",
         "prescription", "disability", "patient", "adverse event", "occupational health", "clinical", "nurse",
         "workplace adjustment", "reasonable adjustment"],
        "health",
    ),
    **dict.fromkeys(["genetic", "DNA"], "genetic"),
    **dict.fromkeys(
        ["criminal record", "background check", "conviction", "DBS check", "DBS certificate", "police certificate"],
        "criminal",
    ),
    **dict.fromkeys(["trade union", "union membership", "union dues", "union deduction"], "trade-union"),
    **dict.fromkeys(["ethnicity", "ethnic origin", "equality monitoring", "diversity monitoring"], "ethnic-origin"),
    **dict.fromkeys(["children", "paediatric", "pediatric"], "children"),
    **dict.fromkeys(["religion", "religious belief"], "religion"),
    **dict.fromkeys(["sexual orientation"], "sexual-orientation"),
}  # fmt: skip

# Phrases that say nothing an agent can act on, by default (`vague_phrases`).
_VAGUE_PHRASES = [
    "as needed",
    "if needed",
    "when needed",
    "as necessary",
    "if necessary",
    "as appropriate",
    "appropriately",
    "as usual",
    "the usual process",
    "use judgement",
    "use judgment",
    "use common sense",
    "in a timely manner",
    "etc.",
    "and so on",
    "same as above",
    "see above",
    "as discussed",
    "TBD",
]


def _adequacy_amendment(what: str) -> dict:
    """An option that amends the shipped adequacy lists: `GDPR` or `UK GDPR` -> countries."""
    return _rule(
        "dict",
        f"`GDPR` or `UK GDPR` -> {what}. Default none.",
        False,
        {},
        keysrules={"type": "string", "allowed": ["GDPR", "UK GDPR"]},
        valuesrules={"type": "list", "schema": {"type": "string", "empty": False}},
    )


CONFIG_SCHEMA: dict[str, dict] = {
    "rules": _rule(
        "dict",
        "Rule code -> error, warning or off.",
        False,
        keysrules={"type": "string", "regex": r"[A-Z]\d{3}"},
        valuesrules={"type": "string", "allowed": ["error", "warning", "off"]},
    ),
    "transition_min_weeks": _rule("integer", "Shortest transition (start to go-live), in weeks.", False, 6, min=0),
    "breaches_before_action": _rule(
        "integer",
        "Periods in a row a KPI may be breached before an open improvement action on it is expected (M009).",
        False,
        2,
        min=1,
    ),
    "review_every": _rule(
        "string",
        "How long a pilot or live process may go without review (N007): without a new revision taking effect "
        "or its vendor acknowledging the one in force. A number and d, w, mo or y. Default `1y`.",
        False,
        "1y",
        regex=PERIOD_PATTERN,
    ),
    "contract_renewal_days": _rule(
        "integer", "Renewal-notice window in days: warn when a contract ends this soon (T018).", False, 90, min=0
    ),
    "certificate_horizon_days": _rule(
        "integer", "Warn when a required certificate expires this many days from today (T023).", False, 60, min=0
    ),
    "waiver_approvers": texts(
        "Client people, by name or e-mail, who may approve a waiver besides the process owner (W005); "
        "default none: only the owner.",
        example=[],
    ),
    "waiver_max_days": _rule(
        "integer", "Longest a waiver may run, from today to `expires`, in days (W006); default 365.", False, 365, min=1
    ),
    "regulation_certifications": _rule(
        "dict",
        "Regulation name -> certification ids: a process whose `compliance.regulations` names the regulation "
        "requires one of them of its vendor (T030). A name matches as whole words, whatever the case and "
        "punctuation (`PCI DSS` matches `pci-dss` and `PCI DSS v4.0 (card terminals)`). Default: "
        + "; ".join(f"{name} -> {', '.join(ids)}" for name, ids in _REGULATION_CERTIFICATIONS.items())
        + " (SOX asks the vendor whose work feeds the financial statements for a SOC 1 report on its controls;"
        " GDPR asks for no certificate at all, so the default maps none: a team whose policy wants ISO 27701 of"
        " every vendor under GDPR writes `GDPR: [iso-27701]`). A mapping here replaces the default: repeat the"
        " entries you keep.",
        False,
        _REGULATION_CERTIFICATIONS,
        keysrules={"type": "string", "empty": False},
        valuesrules={"type": "list", "empty": False, "schema": {"type": "string", "regex": ID_PATTERN}},
    ),
    "vague_phrases": texts(
        "Phrases that say nothing an agent can act on (O011, O013), matched as whole words whatever the case. "
        "A list here replaces the default: repeat the phrases you keep. Default: "
        + ", ".join(f"`{p}`" for p in _VAGUE_PHRASES)
        + ".",
        example=_VAGUE_PHRASES,
    ),
    "reserved_matters": texts(
        "Matters reserved to the client (P012, P013), matched as whole words whatever the case (a final s "
        "optional): a branch or escalation that names one leads straight to a retained step or a client role, "
        "and a vendor step that deals with one hands it over so. A list here replaces the default: repeat the "
        "matters you keep. Default: " + ", ".join(f"`{p}`" for p in _RESERVED_MATTERS) + ".",
        example=_RESERVED_MATTERS,
    ),
    "client_hours": _rule(
        "string",
        "The client's working day, `HH:MM-HH:MM` and optionally an IANA zone or UTC (`09:00-17:30 Europe/Berlin`); "
        "without a zone, read on the clock the overlap hours are written in. Overlap hours must lie within it "
        "(T059). Default `07:00-19:00`; '' turns the comparison off.",
        False,
        "07:00-19:00",
        regex=r"(\d{1,2}:\d{2} ?- ?\d{1,2}:\d{2}( +[A-Za-z][A-Za-z0-9_+\-/:]*)?)?",
    ),
    "vendor_night_hours": _rule(
        "string",
        "The vendor's night, `HH:MM-HH:MM` on the clock of the vendor's `timezone`: overlap hours wholly inside it "
        "are a warning (T060). Default `00:00-06:00`; '' turns the comparison off.",
        False,
        "00:00-06:00",
        regex=r"(\d{1,2}:\d{2} ?- ?\d{1,2}:\d{2})?",
    ),
    "personal_data_categories": listof(
        record(
            {
                "id": ident("Category id, as `personal_data` names it."),
                "name": text("What it covers.", required=True),
                "special": flag("true: a special category of data (GDPR Art. 9 or 10); shown as such on the site."),
                "minimum": enum(
                    CLASSIFICATIONS,
                    "The lowest classification an item carrying it may have (D004); without it, any.",
                    example="confidential",
                ),
            },
            "A category of personal data of the organisation's own.",
        ),
        "Categories of personal data added to the catalogue (`personal_data` on inputs and outputs). Default none.",
        example=[],
    ),
    "personal_data_phrases": _rule(
        "dict",
        "Phrase -> personal data category: an input or output whose name, source or consumer names the phrase "
        "(whole words, any case, a final s optional) carries that category, and D005 asks for it when "
        "`personal_data` does not say so. A mapping here replaces the default: repeat the phrases you keep. "
        "Default: "
        + "; ".join(
            f"{category}: " + ", ".join(f"`{p}`" for p, c in _PERSONAL_DATA_PHRASES.items() if c == category)
            for category in dict.fromkeys(_PERSONAL_DATA_PHRASES.values())
        )
        + ".",
        False,
        _PERSONAL_DATA_PHRASES,
        keysrules={"type": "string", "empty": False},
        valuesrules={"type": "string", "regex": ID_PATTERN},
    ),
    "adequacy_added": _adequacy_amendment(
        "countries (names or ISO 3166 codes) with an adequacy decision adopted after the list the checker ships "
        "(its date is in D008's documentation): personal data may go there without "
        "`compliance.transfer_mechanism`"
    ),
    "adequacy_withdrawn": _adequacy_amendment(
        "countries whose adequacy decision was withdrawn or annulled after that date"
    ),
    "client_country": _rule(
        ["string", "list"],
        "Where the client is established, one country or a list (names or ISO 3166 codes): D011 names the "
        "privacy laws they and the vendor's country suggest. Default none: only the vendor's country is read.",
        False,
        "",
    ),
    "certifications": listof(
        record(
            {
                "id": ident("Certification id."),
                "name": text("Display name.", required=True),
                "category": _rule(
                    "string",
                    "What it vouches for: "
                    + ", ".join(f"`{key}` ({doc})" for key, doc in CERTIFICATION_CATEGORIES.items())
                    + f". Without it, `{DEFAULT_CERTIFICATION_CATEGORY}`: an added certification satisfies T006 (a "
                    "security certification for confidential or restricted data) only when it says `category: "
                    "security`.",
                    False,
                    DEFAULT_CERTIFICATION_CATEGORY,
                    allowed=list(CERTIFICATION_CATEGORIES),
                ),
            },
            "An organisation's own certification.",
        ),
        "Certifications added to the catalogue.",
    ),
}

# Human words for cerberus types, used in messages.
TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "list": "a list",
    "dict": "a mapping of keys",
    "date": "a date (YYYY-MM-DD)",
}


def field_meta(schema: dict[str, dict], keys: tuple[str, ...]) -> dict:
    """The annotations (`meta`) of the fields along `keys` (list entries stepped through), the deeper
    overriding the shallower; a key the format does not have ends the walk."""
    meta: dict = {}
    fields: dict[str, dict] | None = schema
    for key in keys:
        rule = fields.get(key) if fields else None
        if rule is None:
            break
        meta.update(rule.get("meta", {}))
        while rule.get("type") == "list" and "schema" in rule:
            rule = rule["schema"]
        fields = rule.get("schema") if rule.get("type") == "dict" else None
    return meta


def subschema(schema: dict[str, dict], path: tuple) -> dict[str, dict] | None:
    """The mapping schema that applies at `path` (list indexes skipped), or None."""
    current: dict[str, dict] | None = schema
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        rule = current.get(part)
        if rule is None:
            return None
        while rule.get("type") == "list":
            rule = rule.get("schema", {})
        current = rule.get("schema") if rule.get("type") == "dict" else None
    return current


def rule_at(schema: dict[str, dict], path: tuple) -> dict | None:
    """The cerberus rule of the value at `path`."""
    if not path:
        return None
    keys = [i for i, part in enumerate(path) if not isinstance(part, int)]
    if not keys:
        return None
    last = keys[-1]
    parent = subschema(schema, path[:last])
    rule = parent.get(path[last]) if parent else None
    for _ in path[last + 1 :]:
        rule = rule.get("schema") if rule else None
    return rule
