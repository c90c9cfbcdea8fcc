"""What the revision rules need to know of a version compared with: per process, how it stood there and the
highest class of what changed since, as its vendor sees it (check's `Baseline`, plain data)."""

from __future__ import annotations

from functools import reduce

from generator.changes.classes import EDITORIAL, INTERNAL, higher
from generator.changes.diff import Change, Diff
from generator.check.units import Baseline


def baselines(diff: Diff) -> dict[str, Baseline]:
    """Process id -> its Baseline, for each process with a change its vendor sees."""
    seen: dict[tuple[str, str], list[Change]] = {}
    for change in diff.changes:
        if change.kind == "process" and change.audience != INTERNAL:
            seen.setdefault((change.file, change.id), []).append(change)
    found: dict[str, Baseline] = {}
    for (file, spec_id), changes in seen.items():
        highest = reduce(higher, (c.change_class for c in changes), EDITORIAL)
        of_class = sorted((c for c in changes if c.change_class == highest), key=lambda c: c.line)
        earlier = diff.before.get(file)
        earlier = earlier if isinstance(earlier, dict) else {}
        revision = earlier.get("revision") if isinstance(earlier.get("revision"), dict) else {}
        number = revision.get("number")
        found[spec_id] = Baseline(
            status=str(earlier.get("status") or ""),
            revision=number if isinstance(number, int) and not isinstance(number, bool) else None,
            amendment=str(revision["amendment"]) if revision.get("amendment") is not None else None,
            change_class=highest,
            first_change=of_class[0].where,
            first_line=of_class[0].line,
            first_column=of_class[0].column,
            changes=len(of_class),
        )
    return found
