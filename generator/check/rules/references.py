"""References: every id a spec names must be declared (roles, inputs, outputs, tools, steps, KPIs, vendor,
certifications)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Iterator

from generator.check.rules.common import END, one_finding_per_refused_entry, refused_entry, role_references
from generator.check.rules.privacy import categories
from generator.check.rules.registry import rule
from generator.spec.findings import Finding, Mark
from generator.spec.model import Process, Vendor


class _Suggestions:
    """What to write instead of unknown ids, against one collection of known ids, for one rule run.

    The known ids are sorted and listed once, on the first unknown id, and each distinct unknown id is
    matched once: a misspelt role named in every step costs one fuzzy search, not one per step. A search
    compares the unknown id with every known one (difflib), so a spec full of different misspellings still
    costs (distinct unknown ids) x (known ids).
    """

    # Past this many distinct unknown ids in one rule run (a hostile or generated spec), hints stop searching
    # and list the known ids: the fuzzy search would otherwise grow with unknown x known ids.
    FUZZY_BUDGET = 200
    LISTED = 20

    def __init__(self, known: Iterable[str], what: str, spec: Process | None = None, *lists: str):
        self.known = known
        self.what = what
        self.spec, self.lists = spec, lists or (what,)  # the spec's lists whose refused entries count
        self.sorted: list[str] | None = None
        self.fallback = ""
        self.hints: dict[str, str] = {}
        self.declarations: dict[str, list[Mark]] = {}
        self.named: Collection[str] = ()
        self.noun = ""

    def declared(self, noun: str, declarations: Iterable[tuple[str, Mark]], named: Collection[str]):
        """Where each known id is declared, and the ids the spec names: with them a suggestion can see that
        the declaration is the typo (nothing names it) or that two entries share the suggested id."""
        self.noun, self.named = noun, named
        for value, mark in declarations:
            self.declarations.setdefault(value, []).append(mark)
        return self

    def __call__(self, value: str) -> str:
        hint = self.hints.get(value)
        if hint is None and self.spec is not None:
            hint = refused_entry(self.spec, value, *self.lists)
        if hint is None:
            if self.sorted is None:
                self.sorted = sorted(self.known)
                more = len(self.sorted) - self.LISTED
                listed = ", ".join(self.sorted[: self.LISTED]) + (f" and {more} more" if more > 0 else "")
                self.fallback = f"known: {listed}" if self.sorted else f"declare it under {self.what}"
            close = self._meant(value) if len(self.hints) < self.FUZZY_BUDGET else []
            hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else self.fallback
            if len(close) == 1:
                hint += self._or_the_declaration(value, close[0])
            elif not close and len(twice := [k for k, marks in self.declarations.items() if len(marks) > 1]) == 1:
                hint += "." + self._or_the_declaration(value, twice[0])  # renamed to a sibling's id, however far
            self.hints[value] = hint
        return hint

    def _or_the_declaration(self, value: str, meant: str) -> str:
        """Tried from outside: with a step's own id misspelt (match-invoce), every goto to it was asked to copy
        the typo; with two steps given one id, a goto was asked to loop to the wrong one."""
        marks = self.declarations.get(meant, [])
        if len(marks) > 1:
            lines = " and ".join(str(m.line) for m in marks)
            return f" Two {self.noun}s are '{meant}' (lines {lines}): if one should be '{value}', rename it"
        if marks and meant not in self.named:
            return f" Or, if the {self.noun} on line {marks[0].line} is misspelt, rename it: nothing names '{meant}'"
        return ""

    def _meant(self, value: str) -> list[str]:
        """Meaning before spelling: the same id written without its hyphens (`iso27001`), then the ids it is
        the start of (`soc2` is SOC 2 Type II or Type I, never `soc1`), then the closest spelling."""
        assert self.sorted is not None
        bare = re.sub(r"[^a-z0-9]", "", value.lower())
        same = [k for k in self.sorted if re.sub(r"[^a-z0-9]", "", k) == bare]
        if same:
            return same[:1]
        longer = [k for k in self.sorted if bare and re.sub(r"[^a-z0-9]", "", k).startswith(bare)]
        if longer:
            return sorted(longer, reverse=True)[:3]  # reverse: soc2-type2 (operating) before soc2-type1
        return difflib.get_close_matches(value, self.sorted, n=1)


@rule("R001", "references", completeness=False)
@one_finding_per_refused_entry
def unknown_role(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step, routine, KPI, check-in, escalation, risk or knowledge-transfer item names a role id
    that `roles` does not declare.
    Why: the vendor cannot tell who does the work or whom to call (Key 2, roles and expectations).
    Fails:
      roles:
        - {id: vendor-agent, party: vendor, title: Agent}
        - {id: vendor-lead, party: vendor, title: Team lead}
        - {id: billing-lead, party: client, title: Billing team lead}
      steps:
        - {id: triage, name: Triage, responsible: vendor-agnet, accountable: vendor-lead}
    Passes:
      roles:
        - {id: vendor-agent, party: vendor, title: Agent}
        - {id: vendor-lead, party: vendor, title: Team lead}
        - {id: billing-lead, party: client, title: Billing team lead}
      steps:
        - {id: triage, name: Triage, responsible: vendor-agent, accountable: vendor-lead}
    """
    declared = {r.id for r in spec.roles}
    references = list(role_references(spec))
    suggest = _Suggestions(declared, "roles", spec).declared(
        "role", ((r.id, r.at("id")) for r in spec.roles), {role_id for role_id, _, _ in references}
    )
    for role_id, mark, place in references:
        if role_id not in declared:
            yield Finding.at(
                mark,
                f"'{role_id}' ({place}) is not a declared role",
                hint=suggest(role_id),
            )


@rule("R002", "references", completeness=False)
@one_finding_per_refused_entry
def unknown_input_or_output(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step's or routine's `inputs` or `optional_inputs` name something that is neither a process
    input nor a process output, or its `outputs` name something that is not a process output.
    Why: the vendor must know exactly what it receives and what it must hand back (Key 2).
    Fails:
      inputs: [{id: dispute-ticket, name: Dispute ticket, classification: internal}]
      steps:
        - {id: triage, name: Triage, inputs: [ticket]}
    Passes:
      inputs: [{id: dispute-ticket, name: Dispute ticket, classification: internal}]
      steps:
        - {id: triage, name: Triage, inputs: [dispute-ticket]}
    """
    outputs = {o.id for o in spec.outputs}
    known = {i.id for i in spec.inputs} | outputs
    suggest_input = _Suggestions(known, "inputs", spec, "inputs", "outputs")
    suggest_output = _Suggestions(outputs, "outputs", spec)
    for duty in spec.duties:
        for key, what in (("inputs", "input"), ("optional_inputs", "optional input")):
            for index, item in enumerate(getattr(duty, key)):
                if item not in known:
                    yield Finding.at(
                        duty.item_mark(key, index),
                        f"{what} '{item}' of {duty.kind} '{duty.id}' is not a process input or output",
                        hint=suggest_input(item),
                    )
        for index, item in enumerate(duty.outputs):
            if item not in outputs:
                yield Finding.at(
                    duty.item_mark("outputs", index),
                    f"output '{item}' of {duty.kind} '{duty.id}' is not a process output",
                    hint=suggest_output(item),
                )


@rule("R003", "references", completeness=False)
@one_finding_per_refused_entry
def unknown_tool(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine uses a tool id that `tools` does not declare.
    Why: every tool needs access arranged before go-live; an undeclared one is forgotten (Key 1).
    Fails:
      tools: [{id: zendesk, name: Zendesk, access: SSO account from client IT}]
      steps:
        - {id: triage, name: Triage, tools: [salesforce]}
    Passes:
      tools: [{id: zendesk, name: Zendesk, access: SSO account from client IT}]
      steps:
        - {id: triage, name: Triage, tools: [zendesk]}
    """
    tools = {t.id for t in spec.tools}
    suggest = _Suggestions(tools, "tools", spec)
    for duty in spec.duties:
        for index, tool in enumerate(duty.tools):
            if tool not in tools:
                yield Finding.at(
                    duty.item_mark("tools", index),
                    f"tool '{tool}' of {duty.kind} '{duty.id}' is not declared",
                    hint=suggest(tool),
                )


@rule("R004", "references", completeness=False)
def unknown_vendor(spec: Process, ctx) -> Iterator[Finding]:
    """What: `vendor` names a vendor with no file in `process_specs/vendors/`, or with one that cannot be read.
    Why: vendor checks (certifications, due diligence, contract dates) and the vendor page need the file
    (stage 2, vendor selection).
    Fails:
      vendor: acme
    Passes:
      vendor: acme-bpo   # process_specs/vendors/acme-bpo.yaml exists
    """
    if spec.vendor is None or spec.vendor in ctx.vendors:
        return
    unreadable = ctx.unreadable_vendors.get(spec.vendor)
    if unreadable:
        yield Finding.at(
            spec.at("vendor"),
            f"vendor file {unreadable} has errors, so vendor '{spec.vendor}' cannot be checked",
            hint=f"fix the errors reported for {unreadable}",
        )
    else:
        yield Finding.at(
            spec.at("vendor"),
            f"vendor '{spec.vendor}' has no file in vendors/",
            hint=_Suggestions(ctx.vendors, "process_specs/vendors/")(spec.vendor),
        )


@rule("R005", "references", completeness=False)
@one_finding_per_refused_entry
def unknown_goto_target(spec: Process, ctx) -> Iterator[Finding]:
    """What: a `next` branch goes to a step id that does not exist (or is not `end`); a routine is not a
    target either, since it is not part of the flow.
    Why: the flow would lead the agent nowhere (Key 1, outline the process).
    Fails:
      steps:
        - {id: triage, name: Triage, next: [{goto: resolv}]}
        - {id: resolve, name: Resolve}
    Passes:
      steps:
        - {id: triage, name: Triage, next: [{goto: resolve}]}
        - {id: resolve, name: Resolve}
    """
    targets = {s.id for s in spec.steps} | {END}
    routines = {r.id for r in spec.routines}
    gone_to = {branch.goto for step in spec.steps for branch in step.next}
    suggest = _Suggestions(targets, "steps", spec).declared("step", ((s.id, s.at("id")) for s in spec.steps), gone_to)
    for step in spec.steps:
        for branch in step.next:
            if branch.goto in routines and branch.goto not in targets:
                yield Finding.at(
                    branch.at("goto"),
                    f"step '{step.id}' goes to routine '{branch.goto}', which is not part of the flow",
                    hint="a routine runs at its cadence, not after a step: end the flow with goto: end, or make "
                    "the routine a step",
                )
            elif branch.goto not in targets:
                yield Finding.at(
                    branch.at("goto"),
                    f"step '{step.id}' goes to unknown step '{branch.goto}'",
                    hint=suggest(branch.goto),
                )


@rule("R011", "references", completeness=False)
def unknown_approved_step(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step's `approves` names a step id that does not exist (a routine is not in the flow, so it
    cannot be approved case by case either).
    Why: an approval of nothing is a control that checks nothing: deleting the step it approved leaves the
    approval standing while the work it checked is gone (Key 2).
    Fails:
      steps:
        - {id: prepare-refund, name: Prepare the refund}
        - {id: approve-refund, name: Approve the refund, approves: [prepare-refunds]}
    Passes:
      steps:
        - {id: prepare-refund, name: Prepare the refund}
        - {id: approve-refund, name: Approve the refund, approves: [prepare-refund]}
    """
    steps = {s.id: None for s in spec.steps}  # in order, for the hint; a set's speed for the test
    routines = {r.id for r in spec.routines}
    for step in spec.steps:
        for approved in step.approves:
            if approved in routines and approved not in steps:
                yield Finding.at(
                    step.at("approves"),
                    f"step '{step.id}' approves routine '{approved}', which is not part of the flow",
                    hint="approve a step; a routine's work is checked by a routine of the client's (retained: true)",
                )
            elif approved not in steps:
                close = difflib.get_close_matches(approved, list(steps), n=1)
                yield Finding.at(
                    step.at("approves"),
                    f"step '{step.id}' approves unknown step '{approved}'",
                    hint=f"did you mean {close[0]}?" if close else f"name a step: {', '.join(steps)}",
                )


@rule("R006", "references", completeness=False)
@one_finding_per_refused_entry
def unknown_kpi_in_checkin(spec: Process, ctx) -> Iterator[Finding]:
    """What: a check-in reviews a KPI id that `kpis` does not declare.
    Why: a meeting cannot review a figure nobody defined (Key 4).
    Fails:
      governance:
        checkins:
          - {name: Weekly review, cadence: weekly, kpis: [fcr]}
    Passes:
      kpis: [{id: fcr, name: First-contact resolution}]
      governance:
        checkins:
          - {name: Weekly review, cadence: weekly, kpis: [fcr]}
    """
    kpis = {k.id for k in spec.kpis}
    suggest = _Suggestions(kpis, "kpis", spec)
    for checkin in spec.governance.checkins if spec.governance else ():
        for index, kpi in enumerate(checkin.kpis):
            if kpi not in kpis:
                yield Finding.at(
                    checkin.item_marks["kpis"][index],
                    f"check-in '{checkin.name}' reviews unknown KPI '{kpi}'",
                    hint=suggest(kpi),
                )


@rule("R012", "references", completeness=False)
def unknown_source_of_figures(spec: Process, ctx) -> Iterator[Finding]:
    """What: a KPI's `measurement.from` names no step, routine or output of the process, or an output that
    no step or routine produces.
    Why: a KPI is judged on the records of a duty; when that duty is deleted (the reconciliation, the quality
    re-check) the KPI would stay in the contract with nothing left to measure (Key 3).
    Fails:
      outputs: [{id: reconciliation-report, name: Reconciliation report}]
      steps:
        - {id: pay, name: Release the payments}
      kpis:
        - {id: reconciled, name: Payments reconciled on the day, measurement: {from: reconcile}}
    Passes:
      outputs: [{id: reconciliation-report, name: Reconciliation report}]
      steps:
        - {id: pay, name: Release the payments}
        - {id: reconcile, name: Reconcile the bank statement, outputs: [reconciliation-report]}
      kpis:
        - {id: reconciled, name: Payments reconciled on the day, measurement: {from: reconciliation-report}}
    """
    duties = {d.id for d in spec.duties}
    outputs = {o.id for o in spec.outputs}
    produced = {o for d in spec.duties for o in d.outputs}
    named = {k.measurement.from_ for k in spec.kpis if k.measurement}
    named |= {b.goto for s in spec.steps for b in s.next} | {a for s in spec.steps for a in s.approves}
    suggest = _Suggestions(duties | outputs, "steps, routines or outputs", spec, "steps", "routines", "outputs")
    suggest.declared("step", ((d.id, d.at("id")) for d in spec.duties), named)
    for kpi in spec.kpis:
        source = kpi.measurement.from_ if kpi.measurement else None
        if source is None or source in duties:
            continue
        where = kpi.measurement.at("from")
        if source not in outputs:
            yield Finding.at(
                where,
                f"KPI '{kpi.id}' takes its figures from '{source}', which is no step, routine or output",
                # Deleting the duty is what this rule is for: a near id is offered, never as the only way out.
                hint=f"if the duty was removed, restore it or take the figures from another; else {suggest(source)}",
            )
        elif source not in produced:
            yield Finding.at(
                where,
                f"KPI '{kpi.id}' takes its figures from output '{source}', which no step or routine produces",
                hint=f"add '{source}' to the outputs of the duty that makes it, or take the figures from another duty",
            )


@rule("R010", "references", completeness=False)
@one_finding_per_refused_entry
def unknown_kpi_in_action(spec: Process, ctx) -> Iterator[Finding]:
    """What: an improvement action (`governance.actions`) names a KPI id that `kpis` does not declare.
    Why: an action is judged by the KPI it should bring back on target (Key 4); a misspelt id leaves the
    breach without its action, and the action without a measure of its effect.
    Fails:
      governance:
        actions:
          - {id: refresher, kpi: fcr, opened: 2026-11-18, owner: vendor-lead, what: Refresher training,
             due: 2026-12-11}
    Passes:
      governance:
        actions:
          - {id: refresher, kpi: first-contact-resolution, opened: 2026-11-18, owner: vendor-lead,
             what: Refresher training, due: 2026-12-11}
    """
    kpis = {k.id for k in spec.kpis}
    suggest = _Suggestions(kpis, "kpis", spec)
    for action in spec.governance.actions if spec.governance else ():
        if action.kpi not in kpis:
            yield Finding.at(
                action.at("kpi"), f"action '{action.id}' is on unknown KPI '{action.kpi}'", hint=suggest(action.kpi)
            )


@rule("R007", "references", completeness=False)
def unknown_certification(spec: Process, ctx) -> Iterator[Finding]:
    """What: `compliance.certifications` names a certification that is not in the catalogue.
    Why: a misspelt certification can never be matched against the vendor's certificates.
    Fails:
      compliance: {certifications: [iso27001]}
    Passes:
      compliance: {certifications: [iso-27001]}
    """
    compliance = spec.compliance
    suggest = _Suggestions(ctx.certifications, "certifications in .playbook.yaml")
    for index, cert in enumerate(compliance.certifications if compliance else ()):
        if cert not in ctx.certifications:
            yield Finding.at(
                compliance.item_marks["certifications"][index],
                f"unknown certification '{cert}'",
                hint=suggest(cert),
            )


@rule("R013", "references", completeness=False, options=("personal_data_categories",))
def unknown_personal_data_category(spec: Process, ctx) -> Iterator[Finding]:
    """What: an input's or output's `personal_data` names a category that is not in the catalogue (contact,
    identity, financial, employment, location, communications, children, health, biometric, genetic,
    ethnic-origin, political-opinion, religion, trade-union, sexual-orientation, criminal) nor among the
    `personal_data_categories` of `.playbook.yaml`.
    Why: the category decides the classification the item needs and how the site shows it; a misspelt one
    decides nothing.
    Fails:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, finance]}
    Passes:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, source: Zendesk, classification: confidential,
           personal_data: [contact, financial]}
    """
    known = categories(ctx)
    suggest = _Suggestions(known, "categories of personal data (personal_data_categories in .playbook.yaml)")
    for item in (*spec.inputs, *spec.outputs):
        for index, category in enumerate(item.personal_data or ()):
            if category not in known:
                yield Finding.at(
                    item.item_marks["personal_data"][index],
                    f"unknown personal data category '{category}'",
                    hint=suggest(category),
                )


@rule("R008", "references", scope="vendor", completeness=False)
def unknown_vendor_certification(vendor: Vendor, ctx) -> Iterator[Finding]:
    """What: a vendor file lists a certificate whose id is not in the catalogue.
    Why: it could never satisfy a process's required certification.
    Fails:
      certifications: [{id: iso27001, expires: 2027-06-30}]
    Passes:
      certifications: [{id: iso-27001, expires: 2027-06-30}]
    """
    suggest = _Suggestions(ctx.certifications, "certifications in .playbook.yaml")
    for cert in vendor.certifications:
        if cert.id not in ctx.certifications:
            yield Finding.at(
                cert.at("id"),
                f"unknown certification '{cert.id}'",
                hint=suggest(cert.id),
            )


# An inline link or image `](target)` or a reference definition `[x]: target` in Markdown text.
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _markdown_fields(spec: Process) -> Iterator[tuple[str, str, object]]:
    """(text, where, mark) of every field whose Markdown the site renders."""
    for field in ("summary", "outcome"):
        if getattr(spec, field):
            yield getattr(spec, field), field, spec.at(field)
    for duty in spec.duties:
        if duty.instructions:
            yield duty.instructions, f"instructions of {duty.kind} '{duty.id}'", duty.at("instructions")
    if spec.communication and spec.communication.working_agreements:
        agreements = spec.communication
        yield agreements.working_agreements, "working agreements", agreements.at("working_agreements")
    if spec.internal_notes:
        yield spec.internal_notes, "internal notes", spec.at("internal")


# The sections every process page has, for every audience (`tests/site/test_pages.py` holds the page to it).
PAGE_SECTIONS = (
    "flow",
    "procedure",
    "roles",
    "raci-matrix",
    "inputs-and-outputs",
    "tools-and-access",
    "kpis-and-slas",
    "governance",
    "check-ins",
    "transition",
    "risk-register",
)
# A part of the page named after an item of the spec: `#kpi-<id>` is the row of KPI <id>.
_ITEM_ANCHORS = {
    "step": lambda spec: [s.id for s in spec.steps],
    "routine": lambda spec: [r.id for r in spec.routines],
    "kpi": lambda spec: [k.id for k in spec.kpis],
    "role": lambda spec: [r.id for r in spec.roles],
    "input": lambda spec: [i.id for i in spec.inputs],
    "output": lambda spec: [o.id for o in spec.outputs],
    "tool": lambda spec: [t.id for t in spec.tools if not t.retained],  # a vendor's page lists no retained tool
}


def page_anchors(spec: Process) -> list[str]:
    """The parts of a process's page that a link in its text may lead to, in every audience's site."""
    return [*PAGE_SECTIONS, *(f"{kind}-{i}" for kind, ids in _ITEM_ANCHORS.items() for i in ids(spec))]


@rule("R009", "references", completeness=False)
def relative_link_in_text(spec: Process, ctx) -> Iterator[Finding]:
    """What: Markdown text in a spec links a relative address, such as `[policy](refund-policy.md)`, or a
    part of its page that the page does not have (`#nowhere`).
    Why: a relative link points into the built site, whose pages differ by audience (a draft or another
    vendor's process is not in a vendor's site); the build would stop on a link that leads nowhere, long
    after the check passed. Link a full address instead, or a part of the same page: a section
    (`#kpis-and-slas`) or an item (`#step-<id>`, `#routine-<id>`, `#kpi-<id>`, `#role-<id>`, `#input-<id>`,
    `#output-<id>`, `#tool-<id>`).
    Fails:
      summary: Refunds follow the [refund policy](refund-policy.md), resolved [first time](#first-contact).
    Passes:
      summary: Refunds follow the [refund policy](https://intranet.example.com/refund-policy), resolved
        [first time](#kpi-first-contact-resolution).
    """
    anchors: list[str] | None = None
    for text, where, mark in _markdown_fields(spec):
        for match in _LINK_TARGET.finditer(text):
            target = match.group(1) or match.group(2)
            if target.startswith("#"):
                anchors = anchors if anchors is not None else page_anchors(spec)
                if target[1:] not in anchors:
                    close = difflib.get_close_matches(target[1:], anchors, n=1)
                    yield Finding.at(
                        mark,
                        f"{where} links '{target}', which is no part of the process's page",
                        hint=f"did you mean #{close[0]}?"
                        if close
                        else "link a section (#procedure, #kpis-and-slas, ...) or an item: #step-<id>, #routine-<id>, "
                        "#kpi-<id>, #role-<id>, #input-<id>, #output-<id>, #tool-<id>",
                    )
                continue
            if target.startswith("//") or _SCHEME.match(target):
                continue  # a full address, which the site filters by scheme
            yield Finding.at(
                mark,
                f"{where} links the relative address '{target}', which the built site cannot promise",
                hint="link a full address (https://...), or a part of the same page (#...)",
            )
