"""Small readings of a process that several rule families share."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.findings import Mark
from generator.model import Duty, Process, Vendor

END = "end"
# Statuses in which the vendor works on the process, or is approved to start.
ACTIVE = ("ready", "pilot", "live")


# Text that stands in for text not yet written: it passes a glance and leaves the vendor guessing.
_PLACEHOLDER = re.compile(
    r"\b(tbd|tba|tbc|todo|fixme|xxx|lorem ipsum)\b|same as (above|before|previous|the previous step)"
    r"|^\W*(n/?a|none|nil|-+|\?+)\W*$",
    re.IGNORECASE,
)


def blank(text: str | None) -> bool:
    return text is None or not str(text).strip()


def placeholder(text: str | None) -> bool:
    """Whether `text` holds a placeholder (TBD, TODO, n/a, ?, "same as above") instead of what it stands for."""
    return not blank(text) and bool(_PLACEHOLDER.search(str(text)))


def unwritten(text: str | None) -> bool:
    """Missing, empty or a placeholder: nothing a reader can act on."""
    return blank(text) or placeholder(text)


def role_references(process: Process) -> Iterator[tuple[str, Mark, str]]:
    """Every place the process names a role: (role id, where, what the place is)."""
    for duty in process.duties:
        for key in ("responsible", "accountable"):
            value = getattr(duty, key)
            if value is not None:
                yield value, duty.at(key), f"{key} of {duty.kind} '{duty.id}'"
        for key in ("consulted", "informed"):
            for index, value in enumerate(getattr(duty, key)):
                yield value, duty.item_mark(key, index), f"{key} of {duty.kind} '{duty.id}'"
        if duty.escalation is not None:
            yield duty.escalation.to, duty.escalation.at("to"), f"escalation of {duty.kind} '{duty.id}'"
    for kpi in process.kpis:
        if kpi.measurement is not None and kpi.measurement.owner is not None:
            yield kpi.measurement.owner, kpi.measurement.at("owner"), f"measurement owner of KPI '{kpi.id}'"
    governance = process.governance
    if governance is not None:
        for index, value in enumerate(governance.escalation_path):
            yield value, governance.item_marks["escalation_path"][index], "escalation path"
        for checkin in governance.checkins:
            for index, value in enumerate(checkin.attendees):
                yield value, checkin.item_marks["attendees"][index], f"attendees of check-in '{checkin.name}'"
        for action in governance.actions:
            if action.owner is not None:
                yield action.owner, action.at("owner"), f"owner of action '{action.id}'"
        for feedback in governance.feedback:
            if feedback.owner is not None:
                yield feedback.owner, feedback.at("owner"), f"owner of feedback '{feedback.source}'"
        if governance.improvement is not None:
            yield governance.improvement.owner, governance.improvement.at("owner"), "improvement review owner"
    if process.transition is not None:
        for item in process.transition.knowledge_transfer:
            if item.owner is not None:
                yield item.owner, item.at("owner"), f"owner of knowledge transfer '{item.item}'"
    for risk in process.risks:
        if risk.owner is not None:
            yield risk.owner, risk.at("owner"), f"owner of risk '{risk.id}'"


def successors(process: Process, index: int) -> list[str]:
    """Step ids (or `end`) the flow may go to after the step at `index`: the edges of the flow graph, which
    the flowchart draws and `rules/flow.py` analyses."""
    step = process.steps[index]
    if step.next:
        return [branch.goto for branch in step.next]
    return [process.steps[index + 1].id] if index + 1 < len(process.steps) else [END]


def sensitive_vendor_duties(process: Process) -> list[tuple[Duty, str]]:
    """Vendor steps and routines that take a confidential or restricted process input, optional ones
    included: (step or routine, input id)."""
    sensitive = {i.id for i in process.inputs if i.classification in ("confidential", "restricted")}
    return [(d, i) for d in process.vendor_duties() for i in (*d.inputs, *d.optional_inputs) if i in sensitive]


def active_vendor(spec: Process, ctx) -> Vendor | None:
    """The vendor of a process that is ready, in pilot or live (the vendor-selection rules judge those)."""
    return ctx.vendors.get(spec.vendor) if spec.status in ACTIVE else None
