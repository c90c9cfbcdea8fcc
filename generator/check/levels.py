"""From the rules' raw findings to the reported ones: each finding's configured severity (a draft's
completeness findings guide, they do not block), and the waivers that silence theirs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from msgspec.structs import replace

from generator.check.config import Config
from generator.check.rules import RULES
from generator.check.units import Unit
from generator.spec.findings import AppliedWaiver, Finding, Severity


def configured_severities(config: Config) -> dict[str, str]:
    levels = {code: rule.severity.value for code, rule in RULES.items()}
    levels.update(config.severities)
    return levels


def level(finding: Finding, severities: Mapping[str, str], draft: bool, status: str = "") -> Finding:
    rule = RULES[finding.code]
    severity = Severity(severities.get(finding.code, rule.severity.value))
    if draft and rule.completeness:
        # A draft is incomplete by nature: completeness findings guide, they do not block.
        severity = Severity.WARNING
    if rule.binding and status not in rule.binding:
        # Asked for before the process reaches the statuses in which the rule blocks.
        severity = Severity.WARNING
    return finding.with_(severity=severity)


def apply_waivers(findings: list[Finding], units: Mapping[str, Unit]) -> tuple[list[Finding], list[AppliedWaiver]]:
    applied: list[AppliedWaiver] = []
    silenced: set[int] = set()
    stale: list[Finding] = []
    # One pass over the findings, so that each waiver finds its own in O(1), however many specs there are.
    by_spec_and_rule: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        by_spec_and_rule[f.path, f.code].append(i)
    for path, unit in units.items():
        for mark, waiver in unit.waivers:
            hits = by_spec_and_rule.get((path, waiver.rule), [])
            if waiver.items:  # scoped: the rule's findings on those items only; a new one elsewhere stays
                hits = [i for i in hits if _on_items(findings[i], waiver.places)]
            silenced.update(hits)
            silences = tuple(f"{findings[i].line}:{findings[i].column} {findings[i].message}" for i in hits)
            applied.append(replace(waiver, silenced=len(hits), silences=silences))
            if not hits:
                where = f" on {', '.join(waiver.items)}" if waiver.items else ""
                stale.append(
                    Finding.at(
                        mark,
                        f"waiver for {waiver.rule} silences nothing: the rule passes{where}",
                        hint="remove the waiver",
                        code="W004",
                    )
                )
    kept = [f for i, f in enumerate(findings) if i not in silenced]
    return kept + stale, applied


def _on_items(finding: Finding, places) -> bool:
    """Whether a finding stands where one of a waiver's items is written (positions, end excluded)."""
    return any((a, b) <= (finding.line, finding.column) < (c, d) for a, b, c, d in places)
