"""Revisions and their acknowledgements on the site: the line on each process page (its revision, when it
takes effect, the digest of its text, who at the vendor acknowledged it and when), and the Changes page:
every revision an audience sees, newest first, and on the internal site what awaits acknowledgement, with
the days left. A vendor's site holds only its own processes (the caller passes those), so only its own
contacts' names. Templates get finished strings, as from `context.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from generator.site.render.text import day_words, plain
from generator.spec.acknowledgements import Acknowledgement
from generator.spec.model import Process, Vendor

RUNNING = ("pilot", "live")


def revision_context(
    process: Process, vendor: Vendor | None, acknowledged: Acknowledgement | None, today: dt.date
) -> dict | None:
    """A process's revision as its page shows it; None for a process without one."""
    revision = process.revision
    if revision is None:
        return None
    effective = revision.effective if isinstance(revision.effective, dt.date) else None
    in_force = effective is None or effective <= today
    by = plain(_name(vendor, acknowledged.by)) if acknowledged else ""
    return {
        "number": revision.number,
        "effective": day_words(effective) if effective else "",
        "when": f" {'since' if in_force else 'from'} {day_words(effective)}" if effective else "",
        "in_force": in_force,
        "acknowledged": f"by {by}, {day_words(acknowledged.on)}" if acknowledged else "not yet",
        "summary": plain(revision.summary),
        "amendment": plain(revision.amendment),
        "digest": process.digest,
        "acknowledged_by": plain(_name(vendor, acknowledged.by)) if acknowledged else "",
        "acknowledged_on": day_words(acknowledged.on) if acknowledged else "",
    }


def changes_context(
    processes: Iterable[Process],
    vendors: Mapping[str, Vendor],
    acknowledged: Mapping[str, Acknowledgement],
    today: dt.date,
    internal: bool,
) -> dict:
    """The Changes page: the revisions of `processes`, newest first, and (internal) those awaiting
    acknowledgement, the soonest due first."""
    rows, awaiting = [], []
    for process in processes:
        vendor = vendors.get(process.vendor or "")
        revision = revision_context(process, vendor, acknowledged.get(process.id), today)
        if revision is None:
            continue
        effective = process.revision.effective if isinstance(process.revision.effective, dt.date) else None
        row = {
            "id": process.id,
            "title": plain(process.title),
            "vendor": plain(vendor.name) if vendor else "",
            "sort": effective or dt.date.min,
            **revision,
        }
        rows.append(row)
        if internal and process.status in RUNNING and not revision["acknowledged_by"]:
            days = (effective - today).days if effective else None
            awaiting.append({**row, "days": days, "left": _days_left(days)})
    rows.sort(key=lambda r: (r["sort"], r["title"]), reverse=True)
    awaiting.sort(key=lambda r: r["days"] if r["days"] is not None else -(10**6))
    return {"rows": rows, "awaiting": awaiting, "as_of": day_words(today)}


def _days_left(days: int | None) -> str:
    if days is None:
        return "in force (no effective day)"
    if days < 0:
        return f"in force for {-days} day{'s' * (days != -1)}"
    return "takes effect today" if days == 0 else f"{days} day{'s' * (days != 1)}"


def _name(vendor: Vendor | None, email: str) -> str:
    """The vendor contact's name for an e-mail address, as the vendor's file writes it."""
    for contact in vendor.contacts if vendor else ():
        if contact.email and contact.email.casefold() == email.casefold():
            return contact.name
    return email
