"""Frozen structs for a validated spec: what the rules read and the renderer shows.

Every object carries the mark of its mapping and the marks of its fields, so a rule can point at the exact
value it is about, or at the object when the value is missing. Models are only built from documents that
passed the schema, so types here can be trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property

from msgspec import Struct, field

from generator.spec.digest import digest
from generator.spec.findings import Mark
from generator.spec.loader import Document, Path


# msgspec's structs, not dataclasses: a dataclass writes and compiles Python source for each of its
# methods when its module is imported, 0.4 ms a class, which made importing the model a seventh of a small
# check (the pre-commit hook on one file); a struct class is made in C in microseconds. Structs also take
# less memory and pickle faster, and models are pickled from check's workers to the process that renders.
# `marks` is a plain dict, which rules only read: a read-only mapping proxy cannot be pickled, and pickling
# each node through a `__reduce__` of our own took 3.3 s of CPU for 1,000 models, against 2.2 s in C.
# Compared by identity (`eq=False`), as the dataclasses were: two steps with the same fields are two steps.
class Node(Struct, frozen=True, eq=False):  # options its subclasses inherit
    mark: Mark
    marks: Mapping[str, Mark] = field(default_factory=dict)

    def at(self, key: str) -> Mark:
        """Where `key`'s value stands, or the object itself when the key is absent."""
        return self.marks.get(key, self.mark)


class Role(Node):
    id: str = ""
    party: str = ""
    title: str = ""
    contact: Person | None = None  # who fills the role, for the escalation path


class Item(Node):
    """A process input or output."""

    id: str = ""
    name: str = ""
    source: str | None = None
    consumer: str | None = None
    classification: str | None = None
    # None: not declared (the owner has not said); (): declared to carry none.
    personal_data: tuple[str, ...] | None = None
    retention: str | None = None
    item_marks: Mapping[str, tuple[Mark, ...]] = field(default_factory=dict)

    @property
    def is_personal(self) -> bool:
        return bool(self.personal_data)


class Tool(Node):
    id: str = ""
    name: str = ""
    access: str | None = None
    retained: bool = False  # the client's alone: no vendor duty uses it


class Branch(Node):
    goto: str = ""
    when: str | None = None


class Escalation(Node):
    to: str = ""
    when: str | None = None


class Duty(Node):
    """What a step and a routine share: the work, who does it and answers for it, and what it uses."""

    id: str = ""
    name: str = ""
    instructions: str | None = None
    responsible: str | None = None
    accountable: str | None = None
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    # Used when present (a rework pass re-reads what the first pass sent): not required on every path.
    optional_inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    retained: bool = False  # the client keeps it: client roles responsible and accountable
    sla: str | None = None
    escalation: Escalation | None = None
    # Marks of list entries, by field then index: consulted, inputs, ...
    item_marks: Mapping[str, tuple[Mark, ...]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """What a message calls it: `step` or `routine`."""
        return "step"

    def item_mark(self, key: str, index: int) -> Mark:
        marks = self.item_marks.get(key, ())
        return marks[index] if index < len(marks) else self.at(key)


class Step(Duty):
    """A step of the procedure: a stage each case passes through, in the flow."""

    next: tuple[Branch, ...] = ()
    approves: tuple[str, ...] = ()  # maker-checker: the steps whose work this one approves


class Routine(Duty):
    """A recurring duty outside the case flow (a daily report, a shift handover), done at its cadence."""

    cadence: str = ""

    @property
    def kind(self) -> str:
        return "routine"


class Measurement(Node):
    method: str | None = None
    source: str | None = None
    frequency: str | None = None
    owner: str | None = None
    from_: str | None = None  # `from` in the spec: the step, routine or output whose records give the figures


class ServiceCredit(Node):
    percent: float | None = None  # of the monthly fee, per breached period
    cap: float | None = None  # percent of the fee per month, for this KPI


class Fee(Node):
    amount: float | None = None
    currency: str = ""
    credit_cap: float | None = None  # percent of the fee per month, all KPIs' credits together


class Kpi(Node):
    id: str = ""
    name: str = ""
    unit: str | None = None
    direction: str | None = None
    target: float | None = None
    threshold: float | None = None
    baseline: float | None = None
    currency: str | None = None
    scale: float | None = None
    contractual: bool = False
    service_credit: ServiceCredit | None = None
    measurement: Measurement | None = None


class Objective(Node):
    goal: str = ""
    kpi: str | None = None


class Checkin(Node):
    name: str = ""
    cadence: str = ""
    attendees: tuple[str, ...] = ()
    agenda: str | None = None
    kpis: tuple[str, ...] = ()
    item_marks: Mapping[str, tuple[Mark, ...]] = field(default_factory=dict)


class Feedback(Node):
    source: str = ""
    cadence: str = ""
    owner: str | None = None


class Improvement(Node):
    cadence: str = ""
    owner: str = ""
    scope: str | None = None


class Action(Node):
    """An improvement action on a KPI: open while `closed` is absent."""

    id: str = ""
    kpi: str = ""
    opened: dt.date | None = None
    owner: str | None = None
    what: str = ""
    due: dt.date | None = None
    closed: dt.date | None = None


class Governance(Node):
    checkins: tuple[Checkin, ...] = ()
    actions: tuple[Action, ...] = ()
    escalation_path: tuple[str, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    improvement: Improvement | None = None
    item_marks: Mapping[str, tuple[Mark, ...]] = field(default_factory=dict)


class KnowledgeTransfer(Node):
    item: str = ""
    method: str = ""
    owner: str | None = None


class Pilot(Node):
    start: dt.date | None = None
    end: dt.date | None = None
    exit_criteria: str = ""


class Transition(Node):
    start: dt.date | None = None
    knowledge_transfer: tuple[KnowledgeTransfer, ...] = ()
    pilot: Pilot | None = None
    go_live: dt.date | None = None


class Risk(Node):
    id: str = ""
    category: str = ""
    description: str = ""
    likelihood: str = ""
    impact: str = ""
    mitigation: str | None = None
    contingency: str | None = None
    owner: str | None = None


class Compliance(Node):
    certifications: tuple[str, ...] = ()
    regulations: tuple[str, ...] = ()
    transfer_mechanism: tuple[str, ...] = ()  # one written alone is a list of one
    item_marks: Mapping[str, tuple[Mark, ...]] = field(default_factory=dict)


class Communication(Node):
    channels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    overlap_hours: str | None = None
    working_agreements: str | None = None


class Waiver(Node):
    rule: str = ""
    reason: str | None = None
    approved_by: str | None = None
    expires: dt.date | None = None
    items: tuple[str, ...] = ()  # the ids it is for; none: the whole spec
    item_marks: Mapping[str, tuple[Mark, ...]] = field(default_factory=dict)


class Person(Node):
    name: str = ""
    email: str = ""
    role: str | None = None
    phone: str | None = None
    hours: str | None = None


class Volume(Node):
    expected: str = ""
    peak: str | None = None


class Revision(Node):
    number: int = 1
    effective: dt.date | None = None
    summary: str | None = None
    amendment: str | None = None


class Process(Node, dict=True):  # a __dict__, for its cached properties
    path: str = ""
    id: str = ""
    title: str = ""
    status: str = "draft"
    revision: Revision | None = None
    # The digest of the process as its vendor reads it (spec/digest.py): what an acknowledgement binds to.
    digest: str = ""
    owner: Person | None = None
    summary: str | None = None
    outcome: str | None = None
    objectives: tuple[Objective, ...] = ()
    volume: Volume | None = None
    category: str | None = None
    criticality: str | None = None
    delivery_model: str | None = None
    vendor: str | None = None
    roles: tuple[Role, ...] = ()
    inputs: tuple[Item, ...] = ()
    outputs: tuple[Item, ...] = ()
    tools: tuple[Tool, ...] = ()
    steps: tuple[Step, ...] = ()
    routines: tuple[Routine, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    governance: Governance | None = None
    transition: Transition | None = None
    risks: tuple[Risk, ...] = ()
    compliance: Compliance | None = None
    communication: Communication | None = None
    internal_notes: str | None = None
    monthly_fee: Fee | None = None
    waivers: tuple[Waiver, ...] = ()
    # Ids of entries the schema refused (see Document.refused_ids), by list: "roles" -> {id: where}.
    refused_ids: Mapping[str, Mapping[str, Mark]] = field(default_factory=dict)
    refused_keys: tuple[tuple[Mark, str, Mark], ...] = ()  # see Document.refused_keys

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @cached_property
    def _roles_by_id(self) -> Mapping[str, Role]:
        # Steps, check-ins and the flowchart ask for a role once per mention: index them once per process.
        by_id: dict[str, Role] = {}
        for role in self.roles:
            by_id.setdefault(role.id, role)
        return by_id

    def role(self, role_id: str | None) -> Role | None:
        return self._roles_by_id.get(role_id) if role_id is not None else None

    def party_of(self, role_id: str | None) -> str | None:
        role = self.role(role_id)
        return role.party if role else None

    @cached_property
    def duties(self) -> tuple[Duty, ...]:
        """Steps, then routines: everything someone is responsible for doing. Rules about the work (RACI,
        instructions, references, data) read these; rules about the case flow read `steps`."""
        return (*self.steps, *self.routines)

    def vendor_duties(self) -> list[Duty]:
        """Steps and routines the vendor performs: those whose responsible role is on the vendor's side."""
        return [d for d in self.duties if self.party_of(d.responsible) == "vendor"]

    def portfolio_entry(self) -> PortfolioEntry:
        go_live = self.transition.go_live if self.transition else None
        effective = self.revision.effective if self.revision else None
        return PortfolioEntry(
            id=self.id,
            path=self.path,
            vendor=self.vendor,
            criticality=self.criticality,
            status=self.status,
            go_live=go_live if isinstance(go_live, dt.date) else None,
            go_live_mark=self.transition.at("go_live") if self.transition else Mark(self.path),
            revision=self.revision.number if self.revision else None,
            effective=effective if isinstance(effective, dt.date) else None,
            digest=self.digest,
            revision_mark=self.revision.mark if self.revision else self.mark,
        )


class PortfolioEntry(Struct, frozen=True):
    """What the rules across processes know of one process. Small and plain on purpose: `check`'s cache
    keeps it for every spec, and those rules run again from it on every check, whatever changed."""

    id: str
    path: str
    vendor: str | None
    criticality: str | None
    status: str
    go_live: dt.date | None
    go_live_mark: Mark
    # The revision in force and the digest of its text, for the vendor's acknowledgements.
    revision: int | None = None
    effective: dt.date | None = None
    digest: str = ""
    revision_mark: Mark | None = None  # the revision, or the spec when it has none


class VendorCertification(Node):
    id: str = ""
    expires: dt.date | None = None


class DueDiligence(Node):
    rfp: dt.date | None = None
    site_visit: dt.date | None = None
    security_audit: dt.date | None = None
    reference_checks: dt.date | None = None


class Contract(Node):
    reference: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    data_processing_agreement: dt.date | None = None
    breach_notification: str | None = None
    change_notice: ChangeNotice | None = None


class ChangeNotice(Node):
    """How long before a change takes effect the vendor is told of it, by class of change."""

    operational: str | None = None
    contractual: str | None = None


class Vendor(Node):
    path: str = ""
    id: str = ""
    name: str = ""
    delivery_model: str = ""
    country: str | None = None
    timezone: str | None = None
    languages: tuple[str, ...] = ()
    contacts: tuple[Person, ...] = ()
    certifications: tuple[VendorCertification, ...] = ()
    due_diligence: DueDiligence | None = None
    contract: Contract | None = None
    refused_keys: tuple[tuple[Mark, str, Mark], ...] = ()  # see Document.refused_keys


# --- building models from validated documents ------------------------------------------------------------


class _Builder:
    def __init__(self, document: Document):
        self.document = document

    def node(self, cls, where: Path, value: dict | None, **fields):
        """Build `cls` from the mapping at `where`: scalar fields copied, nested ones passed in `fields`."""
        if value is None:
            return None
        names = {f for f in cls.__struct_fields__} - {"mark", "marks", "item_marks"}
        args = {}
        for name in names:
            if name in fields:
                args[name] = fields[name]
            elif name in value and value[name] is not None:
                item = value[name]
                args[name] = tuple(item) if isinstance(item, list) else _day(item)
        marks = {key: self.document.mark((*where, key)) for key in value}
        if "item_marks" in cls.__struct_fields__:
            args["item_marks"] = {
                key: tuple(self.document.mark((*where, key, i)) for i in range(len(items)))
                for key, items in value.items()
                if isinstance(items, list)
            }
        return cls(mark=self.document.mark(where), marks=marks, **args)

    def many(self, cls, path: Path, items: list | None, build=None) -> tuple:
        build = build or (lambda p, v: self.node(cls, p, v))
        return tuple(build((*path, i), item) for i, item in enumerate(items or ()))


def _listed(value: object) -> tuple:
    """A key that takes one value or a list of them, as a tuple."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _day(value: object) -> object:
    """Dates may be written unquoted (a date to YAML) or quoted (ISO text); the model holds dates."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def build_process(document: Document) -> Process:
    data: dict = document.data  # type: ignore[assignment]
    b = _Builder(document)

    def step(path: Path, value: dict) -> Step:
        return b.node(
            Step,
            path,
            value,
            next=b.many(Branch, (*path, "next"), value.get("next")),
            escalation=b.node(Escalation, (*path, "escalation"), value.get("escalation")),
        )

    def routine(path: Path, value: dict) -> Routine:
        return b.node(
            Routine, path, value, escalation=b.node(Escalation, (*path, "escalation"), value.get("escalation"))
        )

    def role(path: Path, value: dict) -> Role:
        return b.node(Role, path, value, contact=b.node(Person, (*path, "contact"), value.get("contact")))

    def kpi(path: Path, value: dict) -> Kpi:
        return b.node(
            Kpi,
            path,
            value,
            measurement=b.node(
                Measurement,
                (*path, "measurement"),
                m := value.get("measurement"),
                from_=m.get("from") if m else None,  # a keyword in Python, so the field has another name
            ),
            service_credit=b.node(ServiceCredit, (*path, "service_credit"), value.get("service_credit")),
        )

    # Absent sections build as empty ones, so rules ask what is in them, not whether they exist.
    governance = data.get("governance") or {}
    transition = data.get("transition") or {}
    internal = data.get("internal") or {}
    return b.node(
        Process,
        (),
        data,
        path=document.path,
        revision=b.node(Revision, ("revision",), data.get("revision")),
        # Only a process under change control is acknowledged: a digest costs a walk of the whole spec.
        digest=digest(data) if data.get("revision") is not None else "",
        owner=b.node(Person, ("owner",), data.get("owner")),
        objectives=b.many(Objective, ("objectives",), data.get("objectives")),
        volume=b.node(Volume, ("volume",), data.get("volume")),
        roles=b.many(Role, ("roles",), data.get("roles"), role),
        inputs=b.many(Item, ("inputs",), data.get("inputs")),
        outputs=b.many(Item, ("outputs",), data.get("outputs")),
        tools=b.many(Tool, ("tools",), data.get("tools")),
        steps=b.many(Step, ("steps",), data.get("steps"), step),
        routines=b.many(Routine, ("routines",), data.get("routines"), routine),
        kpis=b.many(Kpi, ("kpis",), data.get("kpis"), kpi),
        governance=b.node(
            Governance,
            ("governance",),
            governance,
            checkins=b.many(Checkin, ("governance", "checkins"), governance.get("checkins")),
            feedback=b.many(Feedback, ("governance", "feedback"), governance.get("feedback")),
            actions=b.many(Action, ("governance", "actions"), governance.get("actions")),
            improvement=b.node(Improvement, ("governance", "improvement"), governance.get("improvement")),
        ),
        transition=b.node(
            Transition,
            ("transition",),
            transition,
            knowledge_transfer=b.many(
                KnowledgeTransfer, ("transition", "knowledge_transfer"), transition.get("knowledge_transfer")
            ),
            pilot=b.node(Pilot, ("transition", "pilot"), transition.get("pilot")),
        ),
        risks=b.many(Risk, ("risks",), data.get("risks")),
        compliance=b.node(
            Compliance,
            ("compliance",),
            compliance := data.get("compliance"),
            transfer_mechanism=_listed(compliance.get("transfer_mechanism")) if compliance else (),
        ),
        communication=b.node(Communication, ("communication",), data.get("communication")),
        internal_notes=internal.get("notes"),
        monthly_fee=b.node(Fee, ("internal", "monthly_fee"), internal.get("monthly_fee")),
        waivers=b.many(Waiver, ("waivers",), data.get("waivers")),
        refused_ids=document.refused_ids,
        refused_keys=tuple(document.refused_keys),
    )


def build_vendor(document: Document) -> Vendor:
    data: dict = document.data  # type: ignore[assignment]
    b = _Builder(document)
    return b.node(
        Vendor,
        (),
        data,
        path=document.path,
        contacts=b.many(Person, ("contacts",), data.get("contacts")),
        certifications=b.many(VendorCertification, ("certifications",), data.get("certifications")),
        due_diligence=b.node(DueDiligence, ("due_diligence",), data.get("due_diligence")),
        contract=b.node(
            Contract,
            ("contract",),
            contract := data.get("contract"),
            change_notice=b.node(ChangeNotice, ("contract", "change_notice"), contract.get("change_notice"))
            if contract
            else None,
        ),
        refused_keys=tuple(document.refused_keys),
    )
