"""Acknowledgement ledgers: `process_specs/acknowledgements/<vendor-id>.yaml`, one per vendor. Each entry
records that a contact of the vendor read and accepted one revision of one process, bound to the digest of
the text read (spec/digest.py), so that an auditor can be shown who accepted which procedure, and when.

```yaml
acknowledgements:
  - {process: billing-disputes, revision: 4, digest: 2f8f269c8b137689, by: ramon.santos@example.org, on: 2026-12-08}
```

`playbook acknowledge` appends entries; a ledger is kept in git, so an entry is never changed, only added.
This module only reads: entries with the place of each field, and findings (without a code: check's
engine gives them N008) for what cannot be read as an entry.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from msgspec import Struct, field

from generator.spec.digest import DIGEST_LENGTH
from generator.spec.findings import Finding, Mark
from generator.spec.loader import load
from generator.spec.schema import EMAIL_PATTERN, ID_PATTERN

FOLDER = "acknowledgements"
_FIELDS = {
    "process": ("the process's id", "billing-disputes"),
    "revision": ("the revision's number", "4"),
    "digest": (f"the {DIGEST_LENGTH}-character digest `playbook acknowledge` wrote", "2f8f269c8b137689"),
    "by": ("the e-mail address of the vendor's contact who read it", "ramon.santos@example.org"),
    "on": ("the day it was read, YYYY-MM-DD", "2026-12-08"),
}
_DIGEST = re.compile(rf"[0-9a-f]{{{DIGEST_LENGTH}}}")


class Acknowledgement(Struct, frozen=True):
    vendor: str  # the ledger's vendor: its file name
    process: str
    revision: int
    digest: str
    by: str
    on: dt.date
    mark: Mark  # the entry
    marks: dict[str, Mark] = field(default_factory=dict)

    def at(self, key: str) -> Mark:
        return self.marks.get(key, self.mark)


def load_ledger(path: str) -> tuple[list[Acknowledgement], list[Finding]]:
    """The entries of one ledger that can be read, and a finding for each part that cannot."""
    document, findings = load(path)
    if document is None:
        return [], findings
    vendor = Path(path).stem
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("acknowledgements"), list | None):
        return [], [
            *findings,
            Finding.at(
                document.mark(()),
                "a ledger of acknowledgements is `acknowledgements:` and a list of entries",
                hint="acknowledgements: [{process: ..., revision: ..., digest: ..., by: ..., on: ...}]",
            ),
        ]
    for key in data:
        if key not in ("acknowledgements", "spec"):
            findings.append(Finding.at(document.key_mark((key,)), f"a ledger has no key '{key}'", hint="remove it"))
    entries = []
    for index, entry in enumerate(data.get("acknowledgements") or ()):
        where = ("acknowledgements", index)
        if not isinstance(entry, dict):
            findings.append(
                Finding.at(
                    document.mark(where),
                    "an acknowledgement is a mapping of process, revision, digest, by and on",
                    hint="{process: billing-disputes, revision: 4, digest: ..., by: ..., on: 2026-12-08}",
                )
            )
            continue
        problems = [_problem(document, where, entry, key) for key in dict.fromkeys([*_FIELDS, *entry])]
        problems = [p for p in problems if p is not None]
        if problems:
            findings.extend(problems)
            continue
        on = entry["on"] if isinstance(entry["on"], dt.date) else dt.date.fromisoformat(entry["on"])
        entries.append(
            Acknowledgement(
                vendor=vendor,
                process=entry["process"],
                revision=entry["revision"],
                digest=entry["digest"],
                by=entry["by"],
                on=on,
                mark=document.mark(where),
                marks={key: document.mark((*where, key)) for key in entry},
            )
        )
    return entries, findings


def _problem(document, where: tuple, entry: dict, key: object) -> Finding | None:
    """What is wrong with one field of an entry, or None."""
    if key not in _FIELDS:
        return Finding.at(
            document.key_mark((*where, key)),
            f"an acknowledgement has no key '{key}'",
            hint="its keys are " + ", ".join(_FIELDS),
        )
    what, example = _FIELDS[key]
    if key not in entry or entry[key] is None:
        return Finding.at(document.mark(where), f"the acknowledgement has no {key}", hint=f"add {key}: {example}")
    value = entry[key]
    valid = {
        "process": isinstance(value, str) and re.fullmatch(ID_PATTERN, value),
        "revision": isinstance(value, int) and not isinstance(value, bool) and value >= 1,
        "digest": isinstance(value, str) and _DIGEST.fullmatch(value),
        "by": isinstance(value, str) and re.fullmatch(EMAIL_PATTERN, value),
        "on": isinstance(value, dt.date) or (isinstance(value, str) and _iso_day(value)),
    }[key]
    if valid:
        return None
    return Finding.at(document.mark((*where, key)), f"{key} is not {what}: {value!r}", hint=f"write {key}: {example}")


def _iso_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
