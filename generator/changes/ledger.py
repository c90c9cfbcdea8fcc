"""`playbook acknowledge`: one entry appended to a vendor's ledger of acknowledgements, bound to the revision
and the digest of the process as it stands (spec/acknowledgements.py reads ledgers; spec/digest.py says what
the digest covers).

A ledger is evidence: an entry is only ever added, the file's text before it is kept byte for byte, and the
new file replaces the old at once (written beside it, then renamed), so that a failed or concurrent write
never leaves half an entry.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from msgspec import Struct

from generator.check.discovery import discover, kind_of
from generator.spec.acknowledgements import FOLDER, load_ledger
from generator.spec.digest import digest
from generator.spec.loader import load

_HEADER = (
    "# What {vendor} has acknowledged: each entry says that a contact of the vendor read and accepted one\n"
    "# revision of one process, bound to the digest of the text read. Appended by `playbook acknowledge`;\n"
    "# an entry is never changed or removed.\n"
    "acknowledgements:\n"
)


class AcknowledgeError(Exception):
    """The entry cannot be recorded; the message says why and what to do, in one or two lines."""


class Recorded(Struct, frozen=True):
    ledger: str
    process: str
    revision: int
    digest: str
    by: str
    on: dt.date
    already: bool  # the same entry was there: nothing written


def acknowledge(specs: str, vendor_id: str, process_id: str, by: str, on: dt.date) -> Recorded:
    """Append `by`'s acknowledgement of the process's revision in force to the vendor's ledger."""
    process = _document(specs, process_id, "process")
    vendor = _document(specs, vendor_id, "vendor")
    if process.get("vendor") != vendor_id:
        raise AcknowledgeError(f"{process_id} is run by {process.get('vendor') or 'no vendor'}, not by {vendor_id}")
    people = [c for c in vendor.get("contacts") or () if isinstance(c, dict) and c.get("email")]
    contacts = {str(c["email"]).casefold(): str(c["email"]) for c in people}
    if by.casefold() not in contacts:
        known = ", ".join(v for v in contacts.values() if v) or "none"
        raise AcknowledgeError(
            f"{by} is not a contact of {vendor_id} (its contacts: {known}); add them to the vendor's file first"
        )
    revision = process.get("revision")
    number = revision.get("number") if isinstance(revision, dict) else None
    if not isinstance(number, int) or isinstance(number, bool):
        raise AcknowledgeError(
            f"{process_id} has no revision to acknowledge: write revision: {{number: 1, effective: YYYY-MM-DD, "
            "summary: ...}} in its spec first"
        )
    entry = Recorded(
        str(Path(specs) / FOLDER / f"{vendor_id}.yaml"),
        process_id,
        number,
        digest(process),
        contacts[by.casefold()],
        on,
        already=False,
    )
    return _append(entry, vendor_id)


def _document(specs: str, spec_id: str, kind: str) -> dict:
    """The parsed values of the process or vendor `spec_id` under `specs`."""
    for path in discover([specs]):
        if kind_of(path) == kind and Path(path).stem == spec_id:
            document, findings = load(path)
            if document is None or not isinstance(document.data, dict):
                why = findings[0].full_message if findings else "it is not a spec"
                raise AcknowledgeError(f"{path} cannot be read ({why}): run playbook check")
            return document.data
    raise AcknowledgeError(f"there is no {kind} '{spec_id}' under {specs}")


def _append(entry: Recorded, vendor_id: str) -> Recorded:
    path = Path(entry.ledger)
    if path.exists():
        before = path.read_bytes().decode("utf-8")
        known, problems = load_ledger(str(path))
        if problems:
            raise AcknowledgeError(f"{path} has a problem to fix first: {problems[0].mark}: {problems[0].message}")
    else:
        before, known = _HEADER.format(vendor=vendor_id), []
    if any((k.process, k.revision, k.digest, k.by.casefold()) == _key(entry) for k in known):
        return Recorded(**{**_fields(entry), "already": True})
    line = (
        f"  - {{process: {entry.process}, revision: {entry.revision}, digest: {entry.digest}, by: {entry.by}, "
        f"on: {entry.on.isoformat()}}}\n"
    )
    after = before + ("" if before.endswith("\n") or not before else "\n") + line
    _write(path, after)
    read, problems = load_ledger(str(path))
    if problems or len(read) != len(known) + 1 or _key_of(read[-1]) != _key(entry):
        _write(path, before)  # as it was: the ledger's own layout kept the entry from reading as one
        raise AcknowledgeError(
            f"{path}: an entry appended at its end would not read as one; write its list in block style, one "
            "'  - {...}' line per entry, with `acknowledgements:` last"
        )
    return entry


def _key(entry: Recorded) -> tuple:
    return (entry.process, entry.revision, entry.digest, entry.by.casefold())


def _key_of(read) -> tuple:
    return (read.process, read.revision, read.digest, read.by.casefold())


def _fields(entry: Recorded) -> dict:
    return {name: getattr(entry, name) for name in entry.__struct_fields__}


def _write(path: Path, text: str) -> None:
    """Replace `path` with `text` at once: written to a file beside it, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
