"""Waivers: auditable exceptions. A waiver silences one rule for one spec only while it is complete, current,
approved on the client's side, runs no longer than the configured maximum and names a rule that can be
waived. `waiver_valid` is that test, for the engine, which applies valid waivers and lists them in every
output; an invalid waiver silences nothing, and the rule that finds it wrong says why."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterator

from generator.check.rules.common import blank, vendor_contact_sharing_owner_domain
from generator.check.rules.registry import declare, rule
from generator.spec.findings import Finding
from generator.spec.model import Process, Waiver
from generator.spec.schema import CONFIG_SCHEMA


def _option(ctx, name: str):
    """A `.playbook.yaml` option; written empty (`waiver_max_days:`), it keeps its documented default."""
    value = ctx.options.get(name)
    return CONFIG_SCHEMA[name]["meta"]["example"] if value is None else value


def _person(text: str | None) -> str:
    """A name or e-mail as people write it: case, accents and spacing do not make another person."""
    letters = unicodedata.normalize("NFKD", str(text or ""))
    return " ".join("".join(c for c in letters if not unicodedata.combining(c)).casefold().split())


def approved_on_client_side(waiver: Waiver, spec: Process, ctx) -> bool:
    """Whether the approver is the process owner (by name or e-mail) or a configured waiver approver."""
    client = {_person(a) for a in _option(ctx, "waiver_approvers") or ()}
    if spec.owner is not None and vendor_contact_sharing_owner_domain(spec, ctx) is None:  # not P014's owner
        client |= {_person(spec.owner.name), _person(spec.owner.email)}
    client.discard("")  # a missing name or e-mail approves nothing
    return _person(waiver.approved_by) in client


def latest_expiry(ctx) -> dt.date:
    """The furthest `expires` a waiver may name today."""
    return ctx.today + dt.timedelta(days=_option(ctx, "waiver_max_days"))


def waiver_valid(waiver: Waiver, spec: Process, ctx) -> bool:
    """Whether the waiver silences its rule: none of W001, W002, W003, W005, W006 or W007 finds it wrong."""
    complete = not any(blank(getattr(waiver, key)) for key in ("reason", "approved_by", "expires"))
    return (
        complete
        and ctx.today <= waiver.expires <= latest_expiry(ctx)
        and waiver.rule in ctx.waivable
        and approved_on_client_side(waiver, spec, ctx)
        and not _unknown_items(waiver, spec)
    )


# The lists whose entries a waiver may name in `items`: each entry is a stretch of the spec with an id.
WAIVABLE_ITEMS = ("steps", "routines", "kpis", "roles", "inputs", "outputs", "tools", "risks")


def _item_places(spec: Process) -> dict[str, list[tuple[int, int, int, int]]]:
    """Where each item of WAIVABLE_ITEMS is written, by id: from its own mark up to the next entry of its list,
    or, for the last, up to the next top-level key's value (end excluded). Positions, not lines, so that
    entries of a list written on one line (`[{...}, {...}]`) are told apart."""
    sections = sorted((m.line, m.column) for m in spec.marks.values())
    places: dict[str, list[tuple[int, int, int, int]]] = {}
    for name in WAIVABLE_ITEMS:
        entries = getattr(spec, name)
        for i, entry in enumerate(entries):
            start = (entry.mark.line, entry.mark.column)
            if i + 1 < len(entries):
                end = (entries[i + 1].mark.line, entries[i + 1].mark.column)
            else:
                end = next((s for s in sections if s > start), (2**31, 0))
            places.setdefault(entry.id, []).append((*start, *end))
    return places


def _unknown_items(waiver: Waiver, spec: Process) -> list[int]:
    """Indexes of the waiver's items that name no item of the spec."""
    if not waiver.items:
        return []
    known = {entry.id for name in WAIVABLE_ITEMS for entry in getattr(spec, name)}
    return [i for i, item in enumerate(waiver.items) if item not in known]


def waived_places(waiver: Waiver, spec: Process) -> tuple[tuple[int, int, int, int], ...]:
    """Where the waiver's items are written; empty for a waiver of the whole spec."""
    places = _item_places(spec) if waiver.items else {}
    return tuple(place for item in dict.fromkeys(waiver.items) for place in places.get(item, ()))


@rule("W001", "waivers", completeness=False)
def waiver_incomplete(spec: Process, ctx) -> Iterator[Finding]:
    """What: a waiver without `reason`, `approved_by` or `expires`.
    Why: an exception nobody can explain, trace to an approver or revisit is a hidden rule change; such a
    waiver silences nothing.
    Fails:
      waivers:
        - {rule: T001}
    Passes:
      waivers:
        - {rule: T001, reason: Pilot replaced by parallel run, approved_by: Dana Ruiz, expires: 2027-03-01}
    """
    for waiver in spec.waivers:
        for key in ("reason", "approved_by", "expires"):
            if blank(getattr(waiver, key)):
                yield Finding.at(waiver.mark, f"waiver for {waiver.rule} has no {key}", hint=f"add {key}")


@rule("W002", "waivers", completeness=False)
def waiver_expired(spec: Process, ctx) -> Iterator[Finding]:
    """What: a waiver whose `expires` date has passed.
    Why: exceptions are temporary; once expired the rule applies again until someone renews the approval.
    Fails:
      waivers:
        - {rule: T001, reason: Parallel run, approved_by: Dana Ruiz, expires: 2025-01-01}
    Passes:
      waivers:
        - {rule: T001, reason: Parallel run, approved_by: Dana Ruiz, expires: 2027-03-01}
    """
    for waiver in spec.waivers:
        if waiver.expires is not None and waiver.expires < ctx.today:
            yield Finding.at(
                waiver.at("expires"),
                f"waiver for {waiver.rule} expired on {waiver.expires.isoformat()}",
                hint="fix what the rule reports, or renew the approval with a new date",
            )


@rule("W003", "waivers", completeness=False)
def waiver_for_unknown_rule(spec: Process, ctx) -> Iterator[Finding]:
    """What: a waiver names a rule code that does not exist, or one that cannot be waived (syntax, schema
    and waiver rules).
    Why: a typo in the code would silently waive nothing; broken files cannot be excused.
    Fails:
      waivers:
        - {rule: T01, reason: Parallel run, approved_by: Dana Ruiz, expires: 2027-03-01}
    Passes:
      waivers:
        - {rule: T001, reason: Parallel run, approved_by: Dana Ruiz, expires: 2027-03-01}
    """
    for waiver in spec.waivers:
        if waiver.rule not in ctx.waivable:
            yield Finding.at(
                waiver.at("rule"),
                f"'{waiver.rule}' is not a rule that can be waived",
                hint="name a rule code from `playbook rules`",
            )


@rule("W005", "waivers", completeness=False, options=("waiver_approvers",))
def waiver_approved_outside_client(spec: Process, ctx) -> Iterator[Finding]:
    """What: a waiver whose `approved_by` is neither the process owner (`owner.name` or `owner.email`) nor a
    person listed in `waiver_approvers` of `.playbook.yaml`; case, accents and spacing are ignored. An owner
    whose e-mail is at the vendor's domain (P014) approves no waiver.
    Why: an exception to the playbook is the client's decision. A vendor manager who waives a rule the
    vendor fails grades their own work, and "me" names nobody an auditor can ask. Such a waiver silences
    nothing.
    Fails:
      waivers:
        - {rule: T001, reason: Parallel run instead of a pilot, approved_by: Ramon Santos, expires: 2027-03-01}
    Passes:
      waivers:
        - {rule: T001, reason: Parallel run instead of a pilot, approved_by: Dana Ruiz, expires: 2027-03-01}
    """
    vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
    vendor_people = {_person(c.name): c for c in vendor.contacts} if vendor else {}
    owner = spec.owner.name if spec.owner else "the process owner"
    for waiver in spec.waivers:
        if blank(waiver.approved_by) or approved_on_client_side(waiver, spec, ctx):
            continue  # no approver at all is W001's finding
        contact = vendor_people.get(_person(waiver.approved_by))
        if spec.owner is not None and _person(waiver.approved_by) in (_person(owner), _person(spec.owner.email)):
            yield Finding.at(
                waiver.at("approved_by"),
                f"waiver for {waiver.rule} is approved by {owner}, the process owner, whose e-mail is at the "
                "vendor's domain (P014)",
                hint="make the client's manager who answers for the process its owner, then have them approve "
                "it, or list a client approver in waiver_approvers of .playbook.yaml",
            )
            continue
        who = (
            f"{contact.name}, {contact.role or 'a contact'} of vendor '{vendor.id}'"
            if contact is not None
            else f"'{waiver.approved_by}', who is neither the process owner nor a configured waiver approver"
        )
        yield Finding.at(
            waiver.at("approved_by"),
            f"waiver for {waiver.rule} is approved by {who}",
            hint=f"have {owner}, the process owner, approve it, or list the approver in waiver_approvers "
            "of .playbook.yaml",
        )


@rule("W006", "waivers", completeness=False, options=("waiver_max_days",))
def waiver_runs_too_long(spec: Process, ctx) -> Iterator[Finding]:
    """What: a waiver whose `expires` is further from today than `waiver_max_days` of `.playbook.yaml`
    (365 days unless configured).
    Why: a waiver is a temporary exception that someone must revisit; one that runs to 2099 is a permanent
    change of the rules hidden in one spec. Such a waiver silences nothing until its date is brought within
    the limit (and renewed, with a fresh approval, when it runs out).
    Fails:
      waivers:
        - {rule: T001, reason: Parallel run instead of a pilot, approved_by: Dana Ruiz, expires: 2099-12-31}
    Passes:
      waivers:
        - {rule: T001, reason: Parallel run instead of a pilot, approved_by: Dana Ruiz, expires: 2027-03-01}
    """
    latest = latest_expiry(ctx)
    for waiver in spec.waivers:
        if waiver.expires is not None and waiver.expires > latest:
            days = (waiver.expires - ctx.today).days
            yield Finding.at(
                waiver.at("expires"),
                f"waiver for {waiver.rule} runs {days} days, to {waiver.expires.isoformat()}: longer than "
                f"the {_option(ctx, 'waiver_max_days')} days a waiver may run",
                hint=f"set expires: {latest.isoformat()} at the latest, and renew the approval then if still needed",
            )


@rule("W007", "waivers", completeness=False)
def waiver_for_unknown_item(spec: Process, ctx) -> Iterator[Finding]:
    """What: a waiver's `items` names an id that is no step, routine, KPI, role, input, output, tool or risk
    of the spec.
    Why: a waiver scoped to items silences its rule there only; an item that does not exist (misspelt, or
    deleted since) would leave the waiver's reach unclear, so such a waiver silences nothing.
    Fails:
      waivers:
        - {rule: P005, reason: The vendor lead answers for notices, approved_by: Dana Ruiz, expires: 2027-03-01,
           items: [resolv]}
    Passes:
      waivers:
        - {rule: P005, reason: The vendor lead answers for notices, approved_by: Dana Ruiz, expires: 2027-03-01,
           items: [resolve]}
    """
    known: list[str] | None = None
    for waiver in spec.waivers:
        marks = waiver.item_marks.get("items", ())
        for index in _unknown_items(waiver, spec):
            item = waiver.items[index]
            known = known or sorted({e.id for name in WAIVABLE_ITEMS for e in getattr(spec, name)})
            close = difflib.get_close_matches(item, known, n=1)
            yield Finding.at(
                marks[index] if index < len(marks) else waiver.at("items"),
                f"waiver for {waiver.rule} is for '{item}', which is no item of the spec",
                hint=f"did you mean '{close[0]}'?"
                if close
                else "name a step, routine, KPI, role, input, output, tool or risk id, or remove it",
            )


declare(
    "W004",
    "waiver_silences_nothing",
    "waivers",
    """What: a valid waiver whose rule reports nothing for the spec.
    Why: the exception is no longer needed; left in place it would hide the problem if it came back.
    Fails:
      waivers:   # and the process has a pilot, so T001 passes
        - {rule: T001, reason: Parallel run, approved_by: Dana Ruiz, expires: 2027-03-01}
    Passes:
      waivers: []
    """,
    severity="warning",
)
