"""Small readings of a process that several rule families share."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any

from generator.spec.findings import Finding, Mark
from generator.spec.model import Duty, Node, Person, Process, Vendor
from generator.spec.schema import EMAIL_PATTERN

END = "end"
# Statuses in which the vendor works on the process, or is approved to start.
ACTIVE = ("ready", "pilot", "live")


# Text that stands in for text not yet written: it passes a glance and leaves the vendor guessing.
_PLACEHOLDER = re.compile(
    r"\b(tbd|tba|tbc|todo|fixme|xxx|lorem ipsum)\b|same as (above|before|previous|the previous step)"
    r"|^\W*(n/?a|none|nil|-+|\?+)\W*$",
    re.IGNORECASE,
)


# What `playbook new` writes for the owner to replace (generator/authoring/skeletons/): fine in a draft, never in a
# handover. A test keeps this in step with the skeletons; the vendor's address before it moved off the owner's
# domain (P014) stays, for vendor files written by earlier versions.
SKELETON_VALUES = frozenset(
    {"your name", "your.name@example.com", "account.manager@vendor.example", "account.manager@example.com"}
)
# A placeholder inside text: "TBD per month", "Escalate to TODO", "to be defined with finance".
_PLACEHOLDER_WORD = re.compile(
    r"\b(tbd|tba|tbc|todo|fixme|xxx|lorem ipsum|to be (?:defined|determined|decided|confirmed|agreed|added))\b"
    r"|\?\?\?",
    re.IGNORECASE,
)
# A whole value that stands for one not written yet ("none" may be meant: no peak, no access needed).
_PLACEHOLDER_VALUE = re.compile(r"\?+|-+|n/?a|pending|to follow|tbd\.?", re.IGNORECASE)
_PLACEHOLDER_HINTS = ("tb", "todo", "fixme", "xxx", "lorem", "???")


def spaced_words(text: str) -> str:
    """Text as its lowercase words between single spaces, with a space at each end, so that one name is found
    in another as whole words: " pci dss " in " pci dss v4 0 for the card terminals "."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.casefold())) + " "


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


def refused_entry(process: Process, value: str, *lists: str, elsewhere: bool = False) -> str | None:
    """For a reference to `value` that no entry of `lists` declares: the hint to give when an entry did
    declare it but was refused for an error of its own (`elsewhere`: the finding is in another file, so the
    hint names the spec's). Tried from outside: "did you mean" another id sent the owner away from the entry
    to fix."""
    for name in lists:
        mark = process.refused_ids.get(name, {}).get(value)
        if mark is not None:
            where = f"line {mark.line} of {PurePath(mark.path).name}" if elsewhere else f"line {mark.line}"
            return (
                f"the {name} entry on {where} declares '{value}', but could not be read as written: "
                "fix it first (its own finding says how)"
            )
    return None


def one_finding_per_refused_entry(check: Callable[[Process, Any], Iterator[Finding]]):
    """A reference rule whose references to one refused entry (see `refused_entry`) make one finding, at the
    first, with how many more places name it: the fix is in that one entry, and a role named in eleven
    places buried its two schema findings under eleven errors."""

    @functools.wraps(check)
    def grouped(process: Process, ctx) -> Iterator[Finding]:
        hints = {refused_entry(process, value, name) for name, ids in process.refused_ids.items() for value in ids}
        places: dict[str, list[Finding]] = {}
        for finding in check(process, ctx):
            if finding.hint in hints:
                places.setdefault(finding.hint, []).append(finding)
            else:
                yield finding
        for first, *more in places.values():
            if more:
                places_more = f"{len(more)} more places name it" if len(more) > 1 else "1 more place names it"
                first = first.with_(message=f"{first.message}; {places_more}")
            yield first

    return grouped


def successors(process: Process, index: int) -> list[str]:
    """Step ids (or `end`) the flow may go to after the step at `index`: the edges of the flow graph, which
    the flowchart draws and `rules/flow.py` analyses."""
    step = process.steps[index]
    if step.next:
        return [branch.goto for branch in step.next]
    return [process.steps[index + 1].id] if index + 1 < len(process.steps) else [END]


def flow_is_ambiguous(process: Process) -> bool:
    """Whether two steps share an id (S007 says so): a branch to that id could mean either step, so the rules
    that follow the flow wait for the ids to be fixed instead of judging a flow the author did not write.
    Tried from outside: a step copied with its id gave one S007 and three flow errors about other steps."""
    ids = [step.id for step in process.steps]
    return len(set(ids)) != len(ids)


def sensitive_vendor_duties(process: Process) -> list[tuple[Duty, str]]:
    """Vendor steps and routines that take a confidential or restricted process input, optional ones
    included: (step or routine, input id)."""
    sensitive = {i.id for i in process.inputs if i.classification in ("confidential", "restricted")}
    return [(d, i) for d in process.vendor_duties() for i in (*d.inputs, *d.optional_inputs) if i in sensitive]


def work_starts(spec: Process) -> tuple[dt.date, Mark, str] | None:
    """The first day the vendor works on the process (transition start, else pilot start, else go-live)."""
    t = spec.transition
    pilot = t.pilot if t else None
    days = [(t.start, t.at("start"), "the transition starts")] if t and t.start else []
    days += [(pilot.start, pilot.at("start"), "the pilot starts")] if pilot and pilot.start else []
    days += [(t.go_live, t.at("go_live"), "go-live")] if t and t.go_live else []
    return min(days, key=lambda d: d[0]) if days else None


def active_vendor(spec: Process, ctx) -> Vendor | None:
    """The vendor of a process that is ready, in pilot or live (the vendor-selection rules judge those)."""
    return ctx.vendors.get(spec.vendor) if spec.status in ACTIVE else None


# Mail providers anyone can sign up to: two people with addresses there need not share an employer.
PUBLIC_MAIL_DOMAINS = frozenset((
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
    "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "gmx.net",
    "web.de", "yandex.ru", "yandex.com", "mail.ru", "qq.com", "163.com", "126.com", "zoho.com",
    "fastmail.com", "hey.com",
))  # fmt: skip


def mail_domain(address: str | None) -> str:
    """The domain of an e-mail address, lowercased; empty for no address or a public provider's."""
    domain = str(address or "").rpartition("@")[2].strip().rstrip(".").casefold()
    return "" if domain in PUBLIC_MAIL_DOMAINS else domain


def same_organisation(domain: str, other: str) -> bool:
    """Whether two mail domains are one organisation's: equal, or one a subdomain of the other
    (`uk.acme-bpo.com` and `acme-bpo.com`)."""
    return bool(domain and other) and (domain == other or domain.endswith("." + other) or other.endswith("." + domain))


def vendor_contact_sharing_owner_domain(spec: Process, ctx) -> Person | None:
    """The vendor contact whose e-mail domain the process owner's shares (the vendor file's contacts, then the
    contacts of the spec's vendor roles), or None: an owner at the vendor's domain is the vendor's, not the
    client's, however the spec names them."""
    owner = mail_domain(spec.owner.email) if spec.owner else ""
    vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
    # A vendor role whose contact shares a client role's domain is a role given the wrong party, not a sign
    # that the owner is the vendor's (tried from outside: the SIU investigator set to party: vendor).
    ours = {mail_domain(r.contact.email) for r in spec.roles if r.party == "client" and r.contact is not None}
    theirs = [r.contact for r in spec.roles if r.party == "vendor" and r.contact is not None]
    contacts = [*(vendor.contacts if vendor else ()), *(c for c in theirs if mail_domain(c.email) not in ours)]
    matches = [c for c in contacts if c is not None and same_organisation(owner, mail_domain(c.email))]
    address = str(spec.owner.email).casefold() if spec.owner else ""
    return next((c for c in matches if str(c.email).casefold() == address), matches[0] if matches else None)


def placeholder_texts(node: Node, schema: dict) -> Iterator[tuple[str, str, Mark]]:
    """Every free-text value of a spec (not ids, references, enums or internal notes) that is a placeholder:
    a word like TBD or TODO in it, or a value `playbook new` wrote. Yields (where it is, as
    `volume.expected` or `contacts[2].name`; the text; its mark)."""
    tree = _FREE_TEXT.get(id(schema)) or _FREE_TEXT.setdefault(id(schema), _free_text_tree(schema))
    for text, place in _placeholders(node, tree, ()):
        *within, (owner, key, index) = place
        names = [f"{k}[{getattr(v, 'id', '') or i + 1}]" if i is not None else k for _, k, i, v in within]
        if index is None:
            yield ".".join((*names, key)), text, owner.at(key)
        else:
            marks = getattr(owner, "item_marks", {}).get(key, ())
            where = marks[index] if index < len(marks) else owner.at(key)
            yield ".".join((*names, f"{key}[{index + 1}]")), text, where


def _is_placeholder(text: str) -> bool:
    lower = text.lower()
    stripped = lower.strip()
    if stripped in SKELETON_VALUES or (len(stripped) < 10 and _PLACEHOLDER_VALUE.fullmatch(stripped)):
        return True
    # Plain substring tests first: the pattern costs more than everything else here, and rarely matches.
    maybe = any(hint in lower for hint in _PLACEHOLDER_HINTS) or "to be " in lower
    return maybe and bool(_PLACEHOLDER_WORD.search(text))


def _placeholders(node: Node, tree: dict, place: tuple) -> Iterator[tuple[str, tuple]]:
    """(text, how it was reached) for each placeholder under `node`: the names of the way there are made
    only for those few, since every spec has a few hundred texts."""
    for key, below in tree.items():
        value = getattr(node, key, None)  # a schema key the model keeps elsewhere (internal) is skipped
        if isinstance(value, str):
            if _is_placeholder(value):
                yield value, (*place, (node, key, None))
        elif isinstance(value, Node) and below:
            yield from _placeholders(value, below, (*place, (node, key, None, value)))
        elif isinstance(value, tuple) and below:
            entry = below[0]
            for index, item in enumerate(value):
                if isinstance(item, Node) and entry:
                    yield from _placeholders(item, entry, (*place, (node, key, index, item)))
                elif isinstance(item, str) and entry is None and _is_placeholder(item):
                    yield item, (*place, (node, key, index))


# Schema (by id: the two schemas are module constants) -> where its free text is, as a tree of keys (a list's
# entries under 0, a text under None): found once, then only those values of each spec are read.
_FREE_TEXT: dict[int, dict] = {}


def _free_text_tree(rules: dict) -> dict:
    tree: dict = {}
    for key, rule in rules.items():
        below = _free_text_rule(rule)
        if below is not False:
            tree[key] = below
    return tree


def _free_text_rule(rule: dict) -> dict | bool | None:
    """None for free text (a string with no pattern but an e-mail address's, and no list of values), a tree
    for a mapping or a list holding some, False for anything else."""
    kind = rule.get("type")
    if kind == "string":
        # E-mail addresses too: `playbook new` writes one to replace, and tbd@example.com is no address.
        return None if rule.get("regex", EMAIL_PATTERN) == EMAIL_PATTERN and "allowed" not in rule else False
    if kind == "dict" and isinstance(rule.get("schema"), dict):
        return _free_text_tree(rule["schema"]) or False
    if kind == "list" and isinstance(rule.get("schema"), dict):
        entry = _free_text_rule(rule["schema"])
        return False if entry is False else {0: entry}
    return False
