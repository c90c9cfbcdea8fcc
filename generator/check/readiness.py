"""Readiness: the share of the completeness rules a process spec meets, and the summary of each spec."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from generator.check.discovery import kind_of
from generator.check.rules import RULES
from generator.check.units import Unit
from generator.spec.findings import AppliedWaiver, Finding, SpecSummary

# Rules about the items of a section pass on an empty section ("every step has an accountable role" holds for
# no steps at all). For readiness they count as met only when the section exists: the rule that asks for it.
_MET_ONLY_WITH = {
    "O001": (
        "O002", "O003", "O004", "O005", "O006", "O007", "O008", "O009", "O011", "O012", "O013", "O014",
        "P001", "P002", "P003", "P004", "P005", "P006", "P007",
    ),
    "K001": ("K002", "K003", "K004", "K005", "K006", "K007", "K008", "K009", "A003", "C003"),
    "C001": ("C002", "C003", "C006"),
    "A002": ("A003",),
    "T003": ("T005",),
}  # fmt: skip


def _vacuous(failed: set[str]) -> set[str]:
    """`failed` plus the rules that only passed because the section they judge is missing."""
    return failed.union(*(_MET_ONLY_WITH[code] for code in failed if code in _MET_ONLY_WITH))


def summaries(
    targets: list[str],
    units: Mapping[str, Unit],
    raw: list[Finding],
    waivers: list[AppliedWaiver],
    severities: Mapping[str, str],
    errors: Mapping[str, set[str]] | None = None,
) -> list[SpecSummary]:
    """Each spec's summary; `errors` are the codes of the rules that raised an error on each path, after
    waivers and levels."""
    errors = errors or {}
    completeness = [
        code for code, r in RULES.items() if r.completeness and r.check is not None and severities.get(code) != "off"
    ]
    waived_by_path: dict[str, set[str]] = defaultdict(set)
    for w in waivers:
        waived_by_path[w.path].add(w.rule)
    failed_by_path: dict[str, set[str]] = defaultdict(set)
    for f in raw:
        failed_by_path[f.path].add(f.code)
    summaries = []
    for path in targets:
        kind = kind_of(path)
        unit = units[path]
        brief = unit.brief
        spec_id = brief.id if brief is not None and isinstance(brief.id, str) else Path(path).stem
        readiness = None
        blocking = errors.get(path, set())
        if kind == "process":
            # The share of the completeness rules the spec passes, plus one criterion: it reads as written
            # (a spec modelled without a refused value fails that one). 0 when it cannot be read at all.
            readiness = 0
            if unit.entry is not None and not unit.unscored:
                failed = _vacuous(failed_by_path.get(path, set()) - waived_by_path.get(path, set()))
                passed = sum(1 for code in completeness if code not in failed) + (not unit.partial)
                # Every other rule that raised an error is a criterion not met too: an auditor reads 100% as
                # "nothing stands in the way of this handover", and an expired contract does.
                unmet = len(blocking - set(completeness))
                readiness = round(100 * passed / (len(completeness) + 1 + unmet))
                if blocking:
                    readiness = min(readiness, 99)
        summaries.append(
            SpecSummary(
                id=spec_id, path=path, kind=kind, status=unit.status, readiness=readiness, blocked=bool(blocking)
            )
        )
    return summaries
