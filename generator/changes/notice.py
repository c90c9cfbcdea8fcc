"""`playbook notice VENDOR`: the change notice one vendor receives, built from a diff of the specs.

Only what that vendor's audience sees goes in, whatever the diff holds: its own processes (a process handed to
it shows as new, one taken from it as no longer its own, never naming the other vendor), its own vendor file,
and of those only the changes a vendor sees, their values stripped of internal fields (`Diff.seen_by`).
Drafts are never in a notice. Each process shows its revision, effective day, summary, amendment and the
notice period the contract gives its class of change; its changes are grouped by class, contractual first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import groupby

from msgspec import Struct

from generator.changes.classes import CONTRACTUAL, EDITORIAL, OPERATIONAL, higher
from generator.changes.diff import ABSENT, Change, Diff, Entry
from generator.spec.escaping import markdown_literal

# How an entry of a list is named to a reader: the list's word and the entry's own name.
_ENTRY_WORDS = {
    "steps": "Step",
    "routines": "Routine",
    "kpis": "KPI",
    "roles": "Role",
    "inputs": "Input",
    "outputs": "Output",
    "tools": "Tool",
    "risks": "Risk",
    "checkins": "Check-in",
    "next": "branch to",
    "contacts": "Contact",
    "certifications": "Certification",
    "objectives": "Objective",
    "knowledge_transfer": "Knowledge transfer",
    "feedback": "Feedback",
    "actions": "Action",
}
# The keys an entry of a list may be named by in a change's path (`changes.diff`).
_NAMING_KEYS = ("id", "goto", "name", "item", "source", "goal", "email")
_CLASS_ORDER = (CONTRACTUAL, OPERATIONAL, EDITORIAL)
_CLASS_WORDS = {
    CONTRACTUAL: "Contractual: what the contract promises",
    OPERATIONAL: "Operational: how the work is done",
    EDITORIAL: "Editorial: wording only, nothing to do differently",
}


class Row(Struct, frozen=True):
    """One change as the notice shows it: its class, where it is in words, and its values."""

    change_class: str
    where: str
    before: object
    after: object


class ProcessNotice(Struct, frozen=True):
    id: str
    title: str
    state: str  # changed, new (to this vendor) or gone (no longer this vendor's)
    change_class: str  # the highest class of its changes
    revision: int | None = None
    effective: str = ""
    summary: str = ""
    amendment: str = ""
    notice_period: str = ""  # what the vendor's contract gives the change's class, "" when it sets none
    rows: tuple[Row, ...] = ()


class Notice(Struct, frozen=True):
    vendor: str
    vendor_name: str
    base: str
    to: str
    issued: dt.date
    processes: tuple[ProcessNotice, ...]
    own_file: tuple[Row, ...]  # changes to the vendor's own file

    @property
    def empty(self) -> bool:
        return not self.processes and not self.own_file


def build_notice(diff: Diff, vendor: str, base: str, to: str, issued: dt.date) -> Notice:
    """The notice `vendor` receives for `diff`: see the module's docstring for what goes in."""
    seen = diff.seen_by("vendor")
    own_file = next((f for f, d in seen.after.items() if _is_vendor_file(f, d, vendor)), None)
    own = next((d for f, d in seen.after.items() if f == own_file), {}) or {}
    terms = _dict(_dict(own.get("contract")).get("change_notice"))
    processes = []
    for file, changes in groupby(sorted(seen.changes, key=lambda c: (c.file, c.line)), key=lambda c: c.file):
        changes = [c for c in changes if c.kind == "process"]
        before, after = _dict(seen.before.get(file)), _dict(seen.after.get(file))
        was, now = _shown_to(before, vendor), _shown_to(after, vendor)
        if not changes or not (was or now):
            continue
        state = "changed" if was and now else "new" if now else "gone"
        processes.append(_process(state, before if state == "gone" else after, before, changes, terms))
    processes.sort(key=lambda p: (("changed", "new", "gone").index(p.state), p.title.casefold()))
    return Notice(
        vendor=vendor,
        vendor_name=str(own.get("name") or vendor),
        base=base,
        to=to,
        issued=issued,
        processes=tuple(processes),
        own_file=tuple(_row(c, own, _dict(seen.before.get(own_file))) for c in seen.changes if c.file == own_file),
    )


def _process(state: str, data: dict, before: dict, changes: list[Change], terms: dict) -> ProcessNotice:
    highest = EDITORIAL
    for change in changes:
        highest = higher(highest, change.change_class)
    revision = _dict(data.get("revision"))
    number = revision.get("number")
    effective = revision.get("effective")
    period = terms.get(highest) if highest != EDITORIAL else None
    return ProcessNotice(
        id=str(data.get("id", "")),
        title=str(data.get("title") or data.get("id") or ""),
        state=state,
        change_class=highest,
        revision=number if isinstance(number, int) and not isinstance(number, bool) else None,
        effective=effective.isoformat() if isinstance(effective, dt.date) else str(effective or ""),
        summary=" ".join(str(revision.get("summary") or "").split()),
        amendment=" ".join(str(revision.get("amendment") or "").split()),
        notice_period=str(period or ""),
        # A process new to the vendor, or gone from it, is told whole: its field changes would be a diff
        # against a text the vendor never had, or no longer has. The revision is the notice's own heading.
        rows=tuple(_row(c, data, before) for c in changes if c.path[:1] != ("revision",)) if state == "changed" else (),
    )


def _row(change: Change, after: dict, before: dict) -> Row:
    return Row(change.change_class, _where(change, after, before), change.before, change.after)


def _where(change: Change, after: dict, before: dict) -> str:
    """A change's place in words, entries by their names: `Step “Triage the dispute” › sla`."""
    parts: list[str] = []
    here: list[object] = [after, before]
    for index, part in enumerate(change.path):
        if isinstance(part, Entry):
            entries = [_find(h, part) for h in here]
            found = next((e for e in entries if e), {})
            name = found.get("name") or found.get("title") or found.get("item") or found.get("goal") or str(part)
            word = _ENTRY_WORDS.get(str(change.path[index - 1]) if index else "", "")
            parts[-1:] = [f"{word} “{markdown_literal(str(name))}”".strip()]
            here = entries
        else:
            parts.append(markdown_literal(part.replace("_", " ")))
            here = [h.get(part) if isinstance(h, dict) else None for h in here]
    return " › ".join(parts) or "the whole process"


def _find(entries: object, name: str) -> dict:
    """The entry of a list that the diff named `name` (by its id or its own key)."""
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and name in (" ".join(str(entry.get(key, "")).split()) for key in _NAMING_KEYS):
            return entry
    return {}


def _shown_to(data: dict, vendor: str) -> bool:
    """Whether `vendor`'s site shows this version of a process: its own, and not a draft."""
    return bool(data) and data.get("vendor") == vendor and data.get("status") != "draft"


def _is_vendor_file(file: str, data: object, vendor: str) -> bool:
    return isinstance(data, dict) and data.get("id") == vendor and "/vendors/" in f"/{file}"


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def notice_markdown(notice: Notice) -> str:
    """The notice as Markdown: every piece of spec text escaped, so that it shows as written."""
    lines = [
        f"# Change notice for {markdown_literal(notice.vendor_name)}",
        "",
        f"Issued {_day(notice.issued)}. Changes from {markdown_literal(notice.base)} to {markdown_literal(notice.to)}.",
        "",
    ]
    if notice.empty:
        lines += ["Nothing has changed in your processes or your contract terms.", ""]
    for process in notice.processes:
        lines += [f"## {markdown_literal(process.title)}", ""]
        if process.state == "new":
            lines += [f"A process new to you ({_revision_words(process)}).", ""]
        elif process.state == "gone":
            lines += ["No longer among your processes: stop working to it from the day your contract says.", ""]
            continue
        else:
            lines += [f"{_revision_words(process)[:1].upper()}{_revision_words(process)[1:]}.", ""]
        if process.summary:
            lines += [f"What changed: {markdown_literal(process.summary)}", ""]
        if process.amendment:
            lines += [f"Contract amendment: {markdown_literal(process.amendment)}", ""]
        if process.notice_period:
            lines += [f"Notice your contract gives a {process.change_class} change: {process.notice_period}.", ""]
        lines += _change_tables(process.rows)
    if notice.own_file:
        lines += ["## Your contract and contacts", "", *_change_tables(notice.own_file)]
    return "\n".join(lines).rstrip() + "\n"


def _revision_words(process: ProcessNotice) -> str:
    revision = f"revision {process.revision}" if process.revision is not None else "no revision number"
    effective = f", in effect from {_day(process.effective)}" if process.effective else ", with no effective day"
    return revision + effective


def _change_tables(rows: Iterable[Row]) -> list[str]:
    lines: list[str] = []
    ordered = sorted(rows, key=lambda r: _CLASS_ORDER.index(r.change_class))  # stable: in the file's order
    for change_class, group in groupby(ordered, key=lambda r: r.change_class):
        lines += [f"### {_CLASS_WORDS[change_class]}", "", "| Where | Before | Now |", "|---|---|---|"]
        lines += [f"| {row.where} | {_value(row.before)} | {_value(row.after)} |" for row in group]
        lines.append("")
    return lines


def _value(value: object) -> str:
    if value is ABSENT or value is None:
        return "(none)"
    if isinstance(value, dict):
        named = value.get("name") or value.get("title") or value.get("id") or value.get("goto")
        text = str(named) if named else ", ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(str(v.get("name") or v.get("id") or v) if isinstance(v, dict) else str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split()) or "(empty)"
    return markdown_literal(text if len(text) <= 240 else text[:239] + "…")


def _day(value: object) -> str:
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return markdown_literal(str(value))
    return f"{day.day} {day:%B %Y}"
