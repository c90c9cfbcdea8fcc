"""Models -> template contexts: the renderer filters by audience, sorts, groups and escapes here, so that
templates only lay out finished strings."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from generator.check.rules.common import END, successors
from generator.check.rules.working_hours import on_the_clock_of, read_hours, vendor_zone
from generator.site.render.changes import revision_context
from generator.site.render.flow import flow_diagram
from generator.site.render.privacy import personal_data_context
from generator.site.render.text import day_words, duration, html_escape, markdown, plain
from generator.spec.acknowledgements import Acknowledgement
from generator.spec.findings import AppliedWaiver, Finding
from generator.spec.model import Duty, Kpi, Person, Process, Vendor
from generator.spec.periods import Period
from generator.spec.schema import (
    CADENCE_WORDS,
    CADENCES,
    CERTIFICATIONS,
    CRITICALITIES,
    Certification,
    regulation_name,
)

# Times in words, as an SLA's duration reads ("within 15 minutes"), so a KPI's "10 minutes" reads alike.
_TIME_WORDS = {"seconds": "second", "minutes": "minute", "hours": "hour", "days": "day"}


@dataclass(frozen=True)
class Audience:
    """Who the site is for: a vendor (optionally one vendor only) or the client's own staff."""

    name: str = "vendor"
    vendor: str | None = None

    @property
    def internal(self) -> bool:
        return self.name == "internal"

    def sees(self, process: Process) -> bool:
        if not self.internal and process.is_draft:
            return False
        return self.vendor is None or process.vendor == self.vendor

    def sees_vendor(self, vendor: Vendor) -> bool:
        return self.vendor is None or vendor.id == self.vendor


def mailto(email: str) -> str:
    """An e-mail address fit both as link text and as a mailto: target (the schema already restricts it)."""
    return quote(email, safe="@._%+-")


def front_matter(value: object) -> str:
    """A value for a page's YAML front matter. MkDocs themes print titles and tags without escaping them,
    so they are HTML-escaped first; JSON quoting makes them valid YAML whatever they contain."""
    if isinstance(value, list):
        return json.dumps([html_escape(str(v)) for v in value])
    return json.dumps(html_escape(str(value)))


def _date(value: object) -> str:
    """A date as a reader says it ("12 Jan 2026"), not as the spec codes it; what is not a date, as written."""
    return day_words(value) if isinstance(value, dt.date) else plain(value)


def _certification_name(cert_id: str, catalogue: Mapping[str, Certification] = CERTIFICATIONS) -> str:
    """The catalogue's name of a certification (built in or added in .playbook.yaml), or its id."""
    known = catalogue.get(cert_id)
    return known.name if known else cert_id


def language_name(tag: str) -> str:
    """A BCP 47 tag by its English name from the CLDR (`pt-BR`: Portuguese (Brazil)), or as written."""
    from babel import Locale

    english = Locale("en")
    language, *subtags = str(tag).split("-")
    name = english.languages.get(language.lower())
    if name is None:
        return plain(tag)
    region = next((s.upper() for s in subtags if (len(s) == 2 and s.isalpha()) or (len(s) == 3 and s.isdigit())), None)
    if region and region in english.territories:
        name += f" ({english.territories[region]})"
    return plain(name)


def figure(value: float | None, kpi: Kpi) -> str:
    """A figure of `kpi` with its unit: `85 %`, `2000 EUR`, `4.2 / 5`."""
    if value is None:
        return "—"
    number = f"{value:g}"
    if kpi.unit == "currency":
        return f"{number} {kpi.currency}" if kpi.currency else number
    if kpi.unit == "score" and kpi.scale:
        return f"{number} / {kpi.scale:g}"
    if kpi.unit == "percent":
        return f"{number} %"
    if kpi.unit in _TIME_WORDS:
        return f"{number} {_TIME_WORDS[kpi.unit]}{'' if value == 1 else 's'}"
    return number


def last_changes(paths: Sequence[str]) -> dict[str, str]:
    """The date of the last commit that touched each of `paths`, for those git knows: one `git log` read
    until every path is found, where a log per page cost a process start per process."""
    wanted = {os.path.realpath(path): path for path in paths}
    if not wanted:
        return {}
    try:
        where = os.path.dirname(next(iter(wanted)))
        top = subprocess.run(
            ["git", "-C", where, "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=10
        )
        if top.returncode != 0:
            return {}
        root = top.stdout.strip()
        folders = sorted({os.path.dirname(path) for path in wanted})
        command = ["git", "-c", "core.quotePath=false", "-C", root, "log", "--format=%x00%cs", "--name-only"]
        found: dict[str, str] = {}
        with subprocess.Popen([*command, "--", *folders], stdout=subprocess.PIPE, text=True, errors="replace") as log:
            date = ""
            for line in log.stdout:
                line = line.rstrip("\n")
                if line.startswith("\0"):
                    date = line[1:]
                elif line:
                    path = wanted.get(os.path.realpath(os.path.join(root, line)))
                    if path is not None and path not in found:
                        found[path] = date
                        if len(found) == len(wanted):
                            log.kill()  # the rest of the history is older
                            break
        return found
    except (OSError, subprocess.SubprocessError):
        return {}


def period_words(period: Period) -> str:
    """When a figure was measured, as a vendor says it after the figure, not as the figures file codes it:
    `2026-W47` is "in the week of 16 Nov 2026", `2026-11` "in Nov 2026", `2026-11-16` "on 16 Nov 2026",
    `2026-Q4` "in Q4 2026"."""
    name = period_name(period)
    if period.start == period.end:
        return f"on {plain(name)}"
    return f"in the {plain(name)}" if name.startswith(("week of", "fortnight of")) else f"in {plain(name)}"


def period_name(period: Period) -> str:
    """A period by its name in words, for a chart's axis and tooltips: `2026-W47` is "week of 16 Nov 2026",
    `2026-11` "Nov 2026", `2026-11-16` "16 Nov 2026", `2026-Q4` "Q4 2026", `2026` "2026"; any other span as
    the figures file writes it. Text, not Markdown: the caller escapes it for where it goes."""
    start, end = period.start, period.end
    days = (end - start).days + 1
    if days == 1:
        return day_words(start)
    if days in (7, 14) and start.weekday() == 0:
        return f"{'week' if days == 7 else 'fortnight'} of {day_words(start)}"
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 1:
            return f"{start:%b %Y}"
        if months == 3 and start.month % 3 == 1:
            return f"Q{start.month // 3 + 1} {start.year}"
        if months == 12 and start.month == 1:
            return f"{start.year}"
    return period.text


def timeline(process: Process) -> str:
    """The transition drawn at build time as HTML: one row per phase, its bar placed on a track that runs from
    the transition's start to its end, and its dates in words, so it reads at any width, in both colour
    schemes and in print (a Mermaid gantt shrank to 5 px text). Only dates and fixed words go in."""
    t = process.transition
    if t is None or not isinstance(t.start, dt.date) or not isinstance(t.go_live, dt.date):
        return ""
    pilot = t.pilot if t.pilot and isinstance(t.pilot.start, dt.date) and isinstance(t.pilot.end, dt.date) else None
    phases = [("Knowledge transfer", t.start, pilot.start if pilot else t.go_live)]
    if pilot:
        phases.append(("Pilot", pilot.start, pilot.end))
    phases.append(("Go-live", t.go_live, t.go_live))
    first = min(start for _, start, _ in phases)
    span = max(1, (max(end for _, _, end in phases) - first).days)
    rows = []
    for name, start, end in phases:
        left = 100 * (start - first).days / span
        width = 100 * (end - start).days / span
        dates = day_words(start) if start == end else f"{day_words(start)} to {day_words(end)}"
        kind = "milestone" if start == end else "phase"
        place = f"calc({left:.1f}% - 0.45em)" if kind == "milestone" else f"{left:.1f}%"  # a diamond centred on its day
        rows.append(
            f'<div class="playbook-timeline__row"><span class="playbook-timeline__name">{name}</span> '
            f'<span class="playbook-timeline__track"><span class="playbook-timeline__{kind}" '
            f'style="margin-left: {place}; width: {width:.1f}%"></span></span> '
            f'<span class="playbook-timeline__dates">{dates}</span></div>'
        )
    return '<div class="playbook-timeline">' + "\n".join(rows) + "</div>"


def _role(process: Process, role_id: str | None) -> str:
    role = process.role(role_id)
    return f"{plain(role.title)} ({role.party})" if role else plain(role_id)


def reach(person: Person | None, email: bool = True, hours: bool = True) -> str:
    """How to reach a person, as Markdown on one line: name, phone (a tel: link), e-mail, hours."""
    if person is None:
        return ""
    parts = [plain(person.name)]
    if person.phone:
        # The schema admits only +, digits, spaces, brackets, hyphens and dots: the link keeps + and digits.
        parts.append(f"[{plain(person.phone)}](tel:+{re.sub(r'[^0-9]', '', person.phone)})")
    if email and person.email:
        parts.append(f"[{mailto(person.email)}](mailto:{mailto(person.email)})")
    if hours and person.hours:
        parts.append(plain(person.hours))
    return ", ".join(p for p in parts if p)


def _owner_line(owner: Person | None) -> str:
    """The process owner in a portfolio row: name and the quickest way to reach them (phone, else e-mail)."""
    return reach(owner, email=not owner.phone, hours=False) if owner is not None else "—"


def _role_link(process: Process, role_id: str | None) -> str:
    """A role as a link to its entry under Roles (role ids are ids: safe in an anchor)."""
    role = process.role(role_id)
    return f"[{_role(process, role_id)}](#role-{role.id})" if role else plain(role_id)


def raci(process: Process) -> dict:
    """One row per step, then one per routine (marked as such), one column per role."""
    roles = process.roles
    rows = []
    for duty in process.duties:
        cells = []
        for role in roles:
            letters = "".join(
                letter
                for letter, present in (
                    ("R", duty.responsible == role.id),
                    ("A", duty.accountable == role.id),
                    ("C", role.id in duty.consulted),
                    ("I", role.id in duty.informed),
                )
                if present
            )
            cells.append(letters)
        rows.append({"step": plain(duty.name), "routine": duty.kind == "routine", "cells": cells})
    return {"roles": [f"{plain(r.title)} ({r.party})" for r in roles], "rows": rows}


def _duty(process: Process, duty: Duty, items: dict, tools: dict, listed: Collection[str]) -> dict:
    """What the page shows of a step or a routine alike: the work, its roles, what it uses and makes."""

    inputs = {i.id for i in process.inputs}

    def item(i: str) -> str:
        """An input or output by name, linked to its row under Inputs and outputs (ids are anchor-safe)."""
        if i not in items:
            return plain(i)
        return f"[{plain(items[i].name)}](#{'input' if i in inputs else 'output'}-{i})"

    return {
        "id": duty.id,
        "name": plain(duty.name),
        "instructions": markdown(duty.instructions),
        "responsible": _role(process, duty.responsible),
        "accountable": _role(process, duty.accountable),
        "consulted": [_role(process, r) for r in duty.consulted],
        "informed": [_role(process, r) for r in duty.informed],
        "inputs": [item(i) for i in duty.inputs],
        "optional_inputs": [item(i) for i in duty.optional_inputs],
        "outputs": [item(o) for o in duty.outputs],
        "tools": [
            f"[{plain(tools[t].name)}](#tool-{t})" if t in listed else plain(tools[t].name if t in tools else t)
            for t in duty.tools
        ],
        "retained": duty.retained,
        "approves": [],  # a step's, below: a routine is not approved case by case
        "approved_by": [],
        "sla": duration(duty.sla),
        "escalation": {
            "to": _role_link(process, duty.escalation.to),
            "when": _clause(duty.escalation.when),
            # Whom to phone, in the box itself, when the role names a contact.
            "call": reach((role := process.role(duty.escalation.to)) and role.contact, email=False).rstrip(".:; "),
        }
        if duty.escalation
        else None,
    }


def _clause(text: str | None) -> str:
    """A condition or trigger as the page words it inside a sentence ("when: ...", "...: go to"): owners end
    some with a full stop or a colon of their own, which would double the page's."""
    return plain(str(text or "").strip().rstrip(".:;").rstrip())


def _next(process: Process, index: int, names: Mapping[str, str]) -> list[dict]:
    """Where a step leads, one entry per branch: its condition ("Otherwise" for the branch without one, "Then"
    for a single way on, the list order's next step included) and its target, linked to the step's section."""
    step = process.steps[index]
    branches = [(b.when, b.goto) for b in step.next] or [(None, goto) for goto in successors(process, index)]
    entries = []
    for when, goto in branches:
        condition = _clause(when) if when else ("Otherwise" if len(branches) > 1 else "Then")
        target = "the end" if goto == END else plain(names.get(goto, goto))
        # Step ids are ids (lowercase letters, digits, hyphens): safe in an anchor.
        entries.append({"condition": condition, "to": f"[{target}](#step-{goto})" if goto in names else target})
    return entries


def kpi_row(process: Process, kpi: Kpi) -> dict:
    m = kpi.measurement
    return {
        "id": kpi.id,
        "process_id": process.id,
        "process": plain(process.title),
        "name": plain(kpi.name),
        "target": figure(kpi.target, kpi),
        "threshold": figure(kpi.threshold, kpi),
        "baseline": figure(kpi.baseline, kpi),
        "direction": (kpi.direction or "").replace("-", " "),
        "unit": kpi.unit or "",
        "contractual": kpi.contractual,
        "method": plain(m.method) if m else "",
        "source": plain(m.source) if m else "",
        "frequency": (m.frequency or "") if m else "",
        "owner": _role(process, m.owner) if m else "",
        "from": _source_of_figures(process, m.from_) if m and m.from_ else "",
    }


def _source_of_figures(process: Process, source: str) -> str:
    """The duty or output a KPI's figures come from, linked where the page has its section."""
    for step in process.steps:
        if step.id == source:
            return f"[{plain(step.name)}](#step-{step.id})"
    for duty in process.routines:
        if duty.id == source:
            return f"[{plain(duty.name)}](#routine-{duty.id})"
    for output in process.outputs:
        if output.id == source:
            return f"[{plain(output.name)}](#output-{output.id})"
    return plain(source)


def _action(process: Process, action, kpis: Mapping[str, Kpi], today: dt.date) -> dict:
    """An improvement action's row: its state in words on the day of the build."""
    if action.closed is not None:
        state = f"closed on {day_words(action.closed)}" if isinstance(action.closed, dt.date) else "closed"
    elif isinstance(action.due, dt.date) and action.due < today:
        state = f"**overdue** since {day_words(action.due)}"
    else:
        state = "open"
    kpi = kpis.get(action.kpi)
    return {
        "what": plain(action.what),
        "kpi": f"[{plain(kpi.name)}](#kpi-{kpi.id})" if kpi else plain(action.kpi),
        "owner": _role(process, action.owner) if action.owner else "—",
        "opened": day_words(action.opened) if isinstance(action.opened, dt.date) else "—",
        "due": day_words(action.due) if isinstance(action.due, dt.date) else "—",
        "state": state,
        "open": action.closed is None,
    }


def overlap_in_both_zones(process: Process, vendor: Vendor | None, today: dt.date) -> str:
    """The overlap hours as written, then on the other party's clock: the vendor's time zone, or, when they
    are written in it, the zone of the owner's hours. A change of daylight saving in the coming year shows
    as another range from its first day. Text whose range or zone cannot be read shows as written."""
    written = plain(process.communication.overlap_hours)
    hours = read_hours(process.communication.overlap_hours)
    if isinstance(hours, str) or hours.tz is None:
        return written
    zone_of_vendor = vendor_zone(vendor)
    owner = read_hours(process.owner.hours) if process.owner else "no range"
    client_zone = owner.tz if not isinstance(owner, str) else None
    sides = [(zone_of_vendor, plain(vendor.name) if vendor else ""), (client_zone, "the client")]
    for zone, whose in sides:
        if zone is None or _same_clock(zone, hours.tz, today):
            continue
        ranges = on_the_clock_of(hours, zone, today)
        first, *changes = ranges
        later = "; ".join(f"{span} from {day_words(day)}" for day, span in changes)
        city = str(zone).rsplit("/", 1)[-1].replace("_", " ")
        return f"{written}; for {whose}, {first[1]} {city} time ({zone})" + (f", {later}" if later else "")
    return written


def _same_clock(one: dt.tzinfo, other: dt.tzinfo, today: dt.date) -> bool:
    """Whether two zones read the same time all year (the same zone, or two names of it)."""
    days = [dt.datetime(today.year, today.month, 1, 12) + dt.timedelta(days=30 * m) for m in range(12)]
    return all(d.replace(tzinfo=one).utcoffset() == d.replace(tzinfo=other).utcoffset() for d in days)


def process_context(
    process: Process,
    vendors: dict[str, Vendor],
    audience: Audience,
    review: tuple[Sequence[Finding], int | None, Sequence[AppliedWaiver]] = ((), None, ()),
    catalogue: Mapping[str, Certification] = CERTIFICATIONS,
    today: dt.date | None = None,
    last_change: str = "",
    acknowledged: Acknowledgement | None = None,
) -> dict:
    """The template context of a process page; `review` is the process's findings, readiness and the waivers
    the check applied, which only the internal audience sees; `acknowledged`, the vendor's acknowledgement of
    its revision in force."""
    kpis = {k.id: k for k in process.kpis}
    items = {i.id: i for i in (*process.inputs, *process.outputs)}
    # A tool the client keeps is not the vendor's to see among its tools; a client step names it unlinked.
    tools = {t.id: t for t in process.tools}
    listed = {t.id for t in process.tools if audience.internal or not t.retained}
    vendor = vendors.get(process.vendor or "")
    names = {s.id: s.name for s in process.steps}
    steps = [
        {
            **_duty(process, step, items, tools, listed),
            "number": index + 1,
            "next": _next(process, index, names),
            "approves": [f"[{plain(names[a])}](#step-{a})" for a in step.approves if a in names],
            "approved_by": [f"[{plain(s.name)}](#step-{s.id})" for s in process.steps if step.id in s.approves],
        }
        for index, step in enumerate(process.steps)
    ]
    routines = [
        {
            **_duty(process, routine, items, tools, listed),
            "cadence": CADENCE_WORDS.get(routine.cadence, plain(routine.cadence)),
        }
        for routine in process.routines
    ]
    governance = process.governance
    transition = process.transition
    findings, readiness, applied = review if audience.internal else ((), None, ())
    return {
        "id": process.id,
        "title": plain(process.title),
        "front_title": front_matter(process.title),
        "front_tags": front_matter([t for t in (process.category, vendor.name if vendor else None) if t]),
        "draft": process.is_draft,
        "status": process.status,
        "criticality": process.criticality or "",
        "delivery_model": process.delivery_model or "",
        "category": plain(process.category or "Other"),
        "owner": {
            "name": plain(process.owner.name) if process.owner else "",
            "email": mailto(process.owner.email) if process.owner else "",
            "reach": reach(process.owner),
            # For a breach, reported at once whatever the hour: no office hours.
            "reach_any_time": reach(process.owner, hours=False),
        },
        "vendor": {"id": vendor.id, "name": plain(vendor.name)} if vendor else None,
        "last_change": last_change,
        "revision": revision_context(process, vendor, acknowledged, today or dt.date.today()),
        "summary": markdown(process.summary),
        "outcome": markdown(process.outcome),
        "objectives": [
            {
                "goal": plain(o.goal),
                "kpi": f"[{plain(kpis[o.kpi].name)}](#kpi-{o.kpi})" if o.kpi in kpis else "",
                "target": figure(kpis[o.kpi].target, kpis[o.kpi]) if o.kpi in kpis else "",
                "baseline": figure(kpis[o.kpi].baseline, kpis[o.kpi]) if o.kpi in kpis else "",
            }
            for o in process.objectives
        ],
        "volume": {"expected": plain(process.volume.expected), "peak": plain(process.volume.peak)}
        if process.volume
        else None,
        "flow": flow_diagram(process),
        "steps": steps,
        "routines": routines,
        "raci": raci(process),
        "inputs": [
            {"id": i.id, "name": plain(i.name), "source": plain(i.source), "classification": i.classification or ""}
            for i in process.inputs
        ],
        "outputs": [
            {
                "id": o.id,
                "name": plain(o.name),
                "consumer": _role(process, o.consumer) if process.role(o.consumer) else plain(o.consumer),
                "classification": o.classification or "",
            }
            for o in process.outputs
        ],
        "personal_data": personal_data_context(process, vendor),
        "tools": [
            {"id": t.id, "name": plain(t.name), "access": plain(t.access)} for t in process.tools if t.id in listed
        ],
        "kpis": [kpi_row(process, k) for k in process.kpis],
        "checkins": [
            {
                "name": plain(c.name),
                "cadence": c.cadence,
                "attendees": [_role(process, a) for a in c.attendees],
                "agenda": plain(c.agenda),
                "kpis": [f"[{plain(kpis[k].name)}](#kpi-{k})" if k in kpis else plain(k) for k in c.kpis],
            }
            for c in (governance.checkins if governance else ())
        ],
        "actions": [
            _action(process, a, kpis, today or dt.date.today()) for a in (governance.actions if governance else ())
        ],
        "escalation_path": [
            {"role": _role_link(process, r), "reach": reach(role.contact) if (role := process.role(r)) else ""}
            for r in (governance.escalation_path if governance else ())
        ],
        "roles": [
            {"id": r.id, "title": plain(r.title), "party": r.party, "reach": reach(r.contact)}
            for r in process.roles
            if r.id
        ],
        "feedback": [
            {"source": plain(f.source), "cadence": f.cadence, "owner": _role(process, f.owner) if f.owner else ""}
            for f in (governance.feedback if governance else ())
        ],
        "improvement": {
            "cadence": governance.improvement.cadence,
            "owner": _role(process, governance.improvement.owner),
            "scope": plain(governance.improvement.scope),
        }
        if governance and governance.improvement
        else None,
        "transition": {
            "start": _date(transition.start) if transition else "",
            "go_live": _date(transition.go_live) if transition else "",
            "knowledge_transfer": [
                {"item": plain(k.item), "method": k.method, "owner": _role(process, k.owner) if k.owner else ""}
                for k in (transition.knowledge_transfer if transition else ())
            ],
            "pilot": {
                "start": _date(transition.pilot.start),
                "end": _date(transition.pilot.end),
                "exit_criteria": plain(transition.pilot.exit_criteria),
            }
            if transition and transition.pilot
            else None,
            "timeline": timeline(process),
        },
        "risks": [
            {
                "id": r.id,
                "category": r.category,
                "description": plain(r.description),
                "likelihood": r.likelihood,
                "impact": r.impact,
                "mitigation": plain(r.mitigation),
                "contingency": plain(r.contingency),
                "owner": _role(process, r.owner) if r.owner else "",
            }
            for r in sorted(process.risks, key=lambda r: (-CRITICALITIES.index(r.impact), r.id))
        ],
        "certifications": [
            plain(_certification_name(c, catalogue))
            for c in (process.compliance.certifications if process.compliance else ())
        ],
        "regulations": [
            plain(regulation_name(str(r))) for r in (process.compliance.regulations if process.compliance else ())
        ],
        "communication": {
            "channels": [plain(c) for c in process.communication.channels],
            "languages": [language_name(lang) for lang in process.communication.languages],
            "overlap_hours": overlap_in_both_zones(process, vendor, today or dt.date.today()),
            "working_agreements": markdown(process.communication.working_agreements),
        }
        if process.communication
        else None,
        # Internal audience only: the renderer never puts these into a vendor's context.
        "internal_notes": markdown(process.internal_notes) if audience.internal else "",
        "waivers": [_waiver(process, w, applied) for w in process.waivers] if audience.internal else [],
        "readiness": readiness,
        "findings": [
            {
                "where": f"{f.line}:{f.column}",
                "code": f.code,
                "severity": f.severity.value,
                "message": plain(f.full_message),
            }
            for f in findings
        ],
    }


def _waiver(process: Process, waiver, applied: Sequence[AppliedWaiver]) -> dict:
    """A waiver's row on the internal page: what it is for, and what it silences in this build's check (an
    invalid waiver silences nothing; its own finding, in the table below, says why)."""
    items = (*process.duties, *process.kpis, *process.roles, *process.inputs, *process.outputs, *process.tools)
    names = {e.id: getattr(e, "name", "") or getattr(e, "title", "") for e in (*items, *process.risks)}
    done = next((a for a in applied if a.line == waiver.mark.line and a.rule == waiver.rule), None)
    if done is None:
        silences = "nothing: the waiver is not valid"
    elif not done.silences:
        silences = "nothing: the rule passes"
    else:
        silences = "; ".join(f"line {s.partition(':')[0]}: {s.partition(' ')[2]}" for s in done.silences)
    return {
        "rule": waiver.rule,
        # Not "items": a template reads w.items as the dict's own method.
        "scope": ", ".join(plain(names.get(i) or i) for i in waiver.items) or "the whole spec",
        "reason": plain(waiver.reason),
        "approved_by": plain(waiver.approved_by),
        "expires": _date(waiver.expires),
        "silences": plain(silences),
    }


def _notice_terms(notice) -> str:
    """The contract's notice periods in words: "14 days before an operational change takes effect, 60 days
    before a contractual one"."""
    operational = duration(notice.operational) if notice and notice.operational else ""
    contractual = duration(notice.contractual) if notice and notice.contractual else ""
    if operational and contractual:
        return f"{operational} before an operational change takes effect, {contractual} before a contractual one"
    if operational or contractual:
        kind = "an operational" if operational else "a contractual"
        return f"{operational or contractual} before {kind} change takes effect"
    return ""


def vendor_context(
    vendor: Vendor, processes: Iterable[Process], catalogue: Mapping[str, Certification] = CERTIFICATIONS
) -> dict:
    mine = [p for p in processes if p.vendor == vendor.id]
    dd = vendor.due_diligence
    return {
        "id": vendor.id,
        "name": plain(vendor.name),
        "front_title": front_matter(vendor.name),
        "delivery_model": vendor.delivery_model,
        "country": plain(vendor.country),
        "timezone": plain(vendor.timezone),
        "languages": [language_name(lang) for lang in vendor.languages],
        "contacts": [
            {"name": plain(c.name), "email": mailto(c.email), "role": plain(c.role), "reach": reach(c)}
            for c in vendor.contacts
        ],
        "certifications": [
            {"name": plain(_certification_name(c.id, catalogue)), "expires": _date(c.expires)}
            for c in vendor.certifications
        ],
        "due_diligence": [
            {"check": label, "date": _date(getattr(dd, key)) if dd and getattr(dd, key) else "not done"}
            for key, label in (
                ("rfp", "RFP evaluation"),
                ("site_visit", "Site visit"),
                ("security_audit", "Security audit"),
                ("reference_checks", "Reference checks"),
            )
        ],
        "contract": {
            "reference": plain(vendor.contract.reference),
            "start": _date(vendor.contract.start),
            "end": _date(vendor.contract.end),
            "agreement": _date(vendor.contract.data_processing_agreement)
            if vendor.contract.data_processing_agreement
            else "",
            "breach": duration(vendor.contract.breach_notification) if vendor.contract.breach_notification else "",
            "notice": _notice_terms(vendor.contract.change_notice),
        }
        if vendor.contract
        else None,
        "processes": [
            {"id": p.id, "title": plain(p.title), "status": p.status, "criticality": p.criticality or ""} for p in mine
        ],
        "sla": [kpi_row(p, k) for p in mine for k in p.kpis if k.contractual],
        "meetings": sorted(
            (
                {
                    "name": plain(c.name),
                    "cadence": c.cadence,
                    "process": plain(p.title),
                    "process_id": p.id,
                    "attendees": [_role(p, a) for a in c.attendees],
                }
                for p in mine
                for c in (p.governance.checkins if p.governance else ())
            ),
            key=lambda m: (CADENCES.index(m["cadence"]), m["process"]),
        ),
    }


def portfolio_context(processes: list[Process], vendors: dict[str, Vendor]) -> dict:
    rows = [
        {
            "id": p.id,
            "title": plain(p.title),
            "vendor": plain(vendors[p.vendor].name) if p.vendor in vendors else "",
            "vendor_id": p.vendor if p.vendor in vendors else "",
            "category": plain(p.category or "Other"),
            "delivery_model": p.delivery_model or "",
            "criticality": p.criticality or "",
            "status": p.status,
            "who_to_call": _owner_line(p.owner),
        }
        for p in processes
    ]
    per_vendor = Counter(r["vendor"] for r in rows if r["vendor"])
    per_status = Counter(r["status"] for r in rows)
    handled = Counter(r["vendor_id"] for r in rows if r["vendor_id"])
    return {
        "processes": rows,
        "vendors": [
            {
                "id": v.id,
                "name": plain(v.name),
                "country": plain(v.country) or "—",
                "delivery_model": v.delivery_model or "—",
                "processes": handled[v.id],
            }
            for v in vendors.values()
        ],
        "per_vendor": sorted(per_vendor.items()),
        "per_status": sorted(per_status.items()),
    }
