"""Waivers: auditable exceptions. A waiver silences one rule for one spec only while it is complete,
current and names a rule that exists; the engine applies valid ones and lists them in every output."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Finding
from generator.model import Process
from generator.rules.common import blank
from generator.rules.registry import declare, rule


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
