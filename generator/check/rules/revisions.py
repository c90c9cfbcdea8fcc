"""Key 4, changes to a process the vendor runs: each change the vendor must be told of raises the process's
revision, takes effect no sooner than the contract's notice period allows, and, when it changes what the
contract promises, names the amendment that agrees it. These rules judge a check that compares with another
version (`playbook check --base`): the Baseline in the context says how the process stood there and what
changed since, as its vendor sees it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.check.rules.common import blank
from generator.check.rules.registry import rule
from generator.spec.durations import days_after
from generator.spec.findings import Finding, Mark
from generator.spec.model import Process

# Statuses in which the vendor runs the process: a change then changes the vendor's work under way.
RUNNING = ("pilot", "live")
TOLD = ("operational", "contractual")  # the classes of change a vendor must be told of


def _told_change(spec: Process, ctx):
    """The baseline of a running process with a change its vendor must be told of, or None."""
    base = ctx.baselines.get(spec.id)
    if base is None or base.status not in RUNNING or spec.status not in RUNNING or base.change_class not in TOLD:
        return None
    return base


def _raised(spec: Process, base) -> bool:
    return spec.revision is not None and (base.revision is None or spec.revision.number > base.revision)


def _change_words(base) -> str:
    more = f" and {base.changes - 1} more" if base.changes > 1 else ""
    return f"{base.change_class} change ({base.first_change or 'the whole process'}{more})"


def _at_change(spec: Process, base) -> Mark:
    """The line of the change itself: where a pull request's reviewer and its annotations look."""
    return Mark(spec.path, base.first_line, base.first_column or 1) if base.first_line else spec.mark


def earliest_effective(spec: Process, ctx, change_class: str) -> tuple[dt.date, str]:
    """The first day a change of `change_class` may take effect, counted from the check's day, and the
    vendor's notice period for it ("" when the contract sets none)."""
    vendor = ctx.vendors.get(spec.vendor) if spec.vendor else None
    notice = vendor.contract.change_notice if vendor and vendor.contract else None
    period = getattr(notice, change_class, None) if notice else None
    return days_after(ctx.today, period) or ctx.today, period or ""


@rule("N001", "changes", completeness=False)
def change_without_new_revision(spec: Process, ctx) -> Iterator[Finding]:
    """What: a pilot or live process changed in a way its vendor must be told of (an operational or
    contractual change, as `playbook diff` classes it) without a higher `revision.number` than the version
    compared with (`playbook check --base`, which CI runs against a pull request's target branch).
    Why: the vendor's team works to the revision it was given and acknowledged; a change that keeps the
    number cannot be told apart from the text already accepted (Key 4).
    Fails:
      # before the change
      revision: {number: 3, effective: 2026-09-01}
      volume: {expected: 1200 disputes per month}
      # after the change
      revision: {number: 3, effective: 2026-09-01}
      volume: {expected: 2400 disputes per month}
    Passes:
      # before the change
      revision: {number: 3, effective: 2026-09-01}
      volume: {expected: 1200 disputes per month}
      # after the change
      revision: {number: 4, effective: 2026-12-01, summary: Twice the volume from December.}
      volume: {expected: 2400 disputes per month}
    """
    base = _told_change(spec, ctx)
    if base is None or _raised(spec, base):
        return
    number = (base.revision or 0) + 1
    day, _ = earliest_effective(spec, ctx, base.change_class)
    now = f"still {spec.revision.number}" if spec.revision else "not written"
    yield Finding.at(
        _at_change(spec, base),
        f"the vendor must be told of this {_change_words(base)}, but the revision is {now}",
        hint=f"raise the revision: revision: {{number: {number}, effective: {day.isoformat()}, summary: what "
        "changed, for the vendor's team lead}",
    )


@rule("N002", "changes", completeness=False)
def change_effective_too_soon(spec: Process, ctx) -> Iterator[Finding]:
    """What: a new revision of a pilot or live process with no `effective` date, or one sooner than the
    vendor's `contract.change_notice` period for its class of change, counted from today (a change cannot take
    effect before it is merged, either).
    Why: the contract gives the vendor time to train its agents and change its tools before a change
    binds it; a revision that takes effect sooner leaves the vendor in breach of a procedure it could not
    yet follow.
    Fails:
      # before the change
      revision: {number: 3, effective: 2026-09-01}
      volume: {expected: 1200 disputes per month}
      # after the change
      revision: {number: 4, effective: 2026-11-30, summary: Twice the volume from December.}
      volume: {expected: 2400 disputes per month}
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, data_processing_agreement: 2025-12-15,
                 breach_notification: 24h, change_notice: {operational: 14d, contractual: 60d}}
    Passes:
      # before the change
      revision: {number: 3, effective: 2026-09-01}
      volume: {expected: 1200 disputes per month}
      # after the change
      revision: {number: 4, effective: 2026-12-07, summary: Twice the volume from December.}
      volume: {expected: 2400 disputes per month}
      # vendors/acme-bpo.yaml
      contract: {reference: MSA-2025-017, start: 2026-01-01, end: 2028-12-31, data_processing_agreement: 2025-12-15,
                 breach_notification: 24h, change_notice: {operational: 14d, contractual: 60d}}
    """
    base = _told_change(spec, ctx)
    if base is None or not _raised(spec, base):
        return
    revision = spec.revision
    day, period = earliest_effective(spec, ctx, base.change_class)
    article = "an" if base.change_class[0] in "aeiou" else "a"
    notice = f"{period} notice of {article} {base.change_class} change" if period else "no notice period"
    if not isinstance(revision.effective, dt.date):
        yield Finding.at(
            revision.mark,
            f"revision {revision.number} does not say when it takes effect",
            hint=f"add effective: {day.isoformat()} (the vendor's contract asks for {notice}), or a later day",
        )
    elif revision.effective < day:
        yield Finding.at(
            revision.at("effective"),
            f"revision {revision.number} takes effect on {revision.effective.isoformat()}, sooner than the "
            f"vendor's contract allows ({notice}, counted from {ctx.today.isoformat()})",
            hint=f"write effective: {day.isoformat()} or later, or agree a shorter notice with the vendor",
        )


@rule("N003", "changes", completeness=False)
def contractual_change_without_amendment(spec: Process, ctx) -> Iterator[Finding]:
    """What: a new revision of a pilot or live process that changes what the contract promises (a KPI
    target, a service credit, retained work, a transition date, a regulation) without
    `revision.amendment`, or with the amendment of the revision before it.
    Why: a target or a duty the contract fixes changes only by an amendment both sides sign; the
    revision names it, so that an auditor can put the two side by side.
    Fails:
      # before the change
      revision: {number: 3, effective: 2026-09-01}
      compliance: {certifications: [iso-27001], regulations: [GDPR], transfer_mechanism: sccs}
      # after the change
      revision: {number: 4, effective: 2026-12-01, summary: The EU consumer rules now apply.}
      compliance: {certifications: [iso-27001], regulations: [EU Consumer Rights Directive, GDPR],
                   transfer_mechanism: sccs}
    Passes:
      # before the change
      revision: {number: 3, effective: 2026-09-01}
      compliance: {certifications: [iso-27001], regulations: [GDPR], transfer_mechanism: sccs}
      # after the change
      revision: {number: 4, effective: 2026-12-01, summary: The EU consumer rules now apply.,
                 amendment: Amendment 2 to MSA-2025-017}
      compliance: {certifications: [iso-27001], regulations: [EU Consumer Rights Directive, GDPR],
                   transfer_mechanism: sccs}
    """
    base = _told_change(spec, ctx)
    if base is None or base.change_class != "contractual" or not _raised(spec, base):
        return
    amendment = spec.revision.amendment
    if blank(amendment):
        yield Finding.at(
            spec.revision.mark,
            f"revision {spec.revision.number} makes a {_change_words(base)} but names no contract amendment",
            hint="add amendment: the reference of the amendment both sides signed (Amendment 4 to MSA-2025-114)",
        )
    elif " ".join(str(amendment).split()) == " ".join(str(base.amendment or "").split()):
        yield Finding.at(
            spec.revision.at("amendment"),
            f"revision {spec.revision.number} makes a {_change_words(base)} under the amendment of revision "
            f"{base.revision}, '{amendment}'",
            hint="name the amendment that agrees this change",
        )
