"""Key 4, the vendor signs for what it runs: each revision of a pilot or live process is acknowledged by a
contact of its vendor, bound to the digest of the text read (`process_specs/acknowledgements/<vendor>.yaml`,
appended by `playbook acknowledge`); a process no one has reviewed for `review_every` is due for review.

Rules across processes, since a ledger names any of its vendor's processes. A text edited within a revision
(a typo fixed: N001 lets nothing else through) stays acknowledged when git's history shows the text read
was that revision's; without history only the text as it is now counts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.check.rules.registry import declare, rule
from generator.spec.acknowledgements import Acknowledgement
from generator.spec.durations import span_after
from generator.spec.findings import Finding
from generator.spec.model import PortfolioEntry

RUNNING = ("pilot", "live")

declare(
    "N008",
    "acknowledgement_unreadable",
    "changes",
    """What: a ledger of acknowledgements, or an entry of one, that cannot be read: not a list of entries, an
    entry without its process, revision, digest, by or on, or with a value of the wrong form.
    Why: an acknowledgement an auditor cannot read proves nothing; `playbook acknowledge` writes entries that
    read.
    Fails:
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 4, by: ramon.santos@example.org, on: 2026-12-08}
    Passes:
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 4, digest: 2f8f269c8b137689, by: ramon.santos@example.org,
           on: 2026-12-08}
    """,
)


def _signed(entry: Acknowledgement, ctx) -> bool:
    """Whether a contact of the ledger's vendor made the entry."""
    return entry.by.casefold() in ctx.vendor_contacts.get(entry.vendor, ())


def _texts_of(spec: PortfolioEntry, revision: int, ctx) -> set[str]:
    """The digests that are texts of `revision` of the process: its text now, when it is at that revision,
    and the texts of that revision in git's history."""
    texts = set((ctx.history or {}).get(spec.id, {}).get(revision, ()))
    return texts | {spec.digest} if revision == spec.revision else texts


def signed_entries(ctx) -> dict[tuple[str, str], list[Acknowledgement]]:
    """(process, vendor) -> the entries a contact of that vendor made: built once a rule, so that judging
    every process stays linear in the ledgers, not their product with the portfolio."""
    signed: dict[tuple[str, str], list[Acknowledgement]] = {}
    for entry in ctx.acknowledgements:
        if _signed(entry, ctx):
            signed.setdefault((entry.process, entry.vendor), []).append(entry)
    return signed


def acknowledgement(
    spec: PortfolioEntry, ctx, signed: dict[tuple[str, str], list[Acknowledgement]]
) -> tuple[Acknowledgement | None, list[Acknowledgement]]:
    """The latest entry by a contact of the process's vendor that acknowledges its revision in force, and
    the entries of that revision that acknowledge another text (the site shows the first)."""
    mine = [a for a in signed.get((spec.id, spec.vendor or ""), ()) if a.revision == spec.revision]
    texts = _texts_of(spec, spec.revision, ctx) if spec.revision is not None else set()
    good = [a for a in mine if a.digest in texts]
    return (max(good, key=lambda a: a.on) if good else None), [a for a in mine if a.digest not in texts]


def _awaiting(specs: Sequence[PortfolioEntry], ctx) -> Iterator[PortfolioEntry]:
    """Each pilot or live process under change control (with a revision) whose revision in force no contact
    of its vendor has acknowledged in any text."""
    signed = signed_entries(ctx)
    for spec in specs:
        if spec.status in RUNNING and spec.vendor and spec.revision is not None:
            found, stale = acknowledgement(spec, ctx, signed)
            if found is None and not stale:
                yield spec


def _hint(spec: PortfolioEntry) -> str:
    return (
        f"ask a contact of {spec.vendor} to read it, then record it: playbook acknowledge {spec.vendor} {spec.id} "
        "--by their e-mail address"
    )


@rule("N004", "changes", severity="warning", scope="portfolio", completeness=False)
def revision_awaiting_acknowledgement(specs: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: a pilot or live process whose revision no contact of its vendor has acknowledged yet, while it
    has not taken effect. (A process without `revision` is not yet under change control: the first change
    its vendor must be told of asks for one, N001.)
    Why: the vendor's team lead signs for the procedure before it binds the vendor; an auditor asks for
    that signature (Key 4).
    Fails:
      revision: {number: 4, effective: 2026-12-07, summary: Twice the volume from December.}
    Passes:
      revision: {number: 4, effective: 2026-12-07, summary: Twice the volume from December.}
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 4, digest: 0c10767a56d91766, by: ramon.santos@example.org,
           on: 2026-11-23}
    """
    for spec in _awaiting(specs, ctx):
        where = spec.revision_mark or spec.go_live_mark
        if spec.revision is not None and spec.effective is not None and spec.effective > ctx.today:
            days = (spec.effective - ctx.today).days
            yield Finding.at(
                where,
                f"revision {spec.revision} takes effect on {spec.effective.isoformat()}, in {days} "
                f"day{'s' * (days != 1)}, and no contact of {spec.vendor} has acknowledged it",
                hint=_hint(spec),
            )


@rule("N005", "changes", scope="portfolio", completeness=False)
def revision_in_force_unacknowledged(specs: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: a pilot or live process whose revision has taken effect (or says no day) while no contact of its
    vendor has acknowledged its text.
    Why: the vendor works to a procedure it has not accepted: in a dispute, nothing shows it knew the
    procedure in force that day (ISO 27001 and SOC 2 auditors ask for exactly this).
    Fails:
      revision: {number: 4, effective: 2026-11-02, summary: Twice the volume from November.}
    Passes:
      revision: {number: 4, effective: 2026-11-02, summary: Twice the volume from November.}
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 4, digest: 01374df0451b7b6e, by: ramon.santos@example.org,
           on: 2026-10-28}
    """
    for spec in _awaiting(specs, ctx):
        if spec.effective is not None and spec.effective > ctx.today:
            continue
        since = f"since {spec.effective.isoformat()}" if spec.effective else "with no effective day"
        yield Finding.at(
            spec.revision_mark or spec.go_live_mark,
            f"revision {spec.revision} is in force {since}, and no contact of {spec.vendor} has acknowledged it",
            hint=_hint(spec),
        )


@rule("N006", "changes", scope="portfolio", completeness=False)
def acknowledgement_of_another_text(specs: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: an acknowledgement of a revision the process has not reached, or whose digest is no text that
    revision ever had (in git's history, or now): its reader read another text, such as a draft of the
    revision that changed before it was merged.
    Why: an acknowledgement proves only what it binds to; one of another text is no evidence that the
    vendor accepted the procedure in force.
    Fails:
      revision: {number: 4, effective: 2026-12-07, summary: Twice the volume from December.}
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 5, digest: 0c10767a56d91766, by: ramon.santos@example.org,
           on: 2026-11-23}
    Passes:
      revision: {number: 4, effective: 2026-12-07, summary: Twice the volume from December.}
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 4, digest: 0c10767a56d91766, by: ramon.santos@example.org,
           on: 2026-11-23}
    """
    by_id = {spec.id: spec for spec in specs}
    for entry in ctx.acknowledgements:
        spec = by_id.get(entry.process)
        if spec is None or spec.vendor != entry.vendor or spec.revision is None:
            continue
        if entry.revision > spec.revision:
            yield Finding.at(
                entry.at("revision"),
                f"acknowledges revision {entry.revision} of {spec.id}, which is at revision {spec.revision}",
                hint=f"write the revision that was read; the process is at {spec.revision}",
            )
        elif ctx.history is not None and entry.digest not in _texts_of(spec, entry.revision, ctx):
            yield Finding.at(
                entry.at("digest"),
                f"acknowledges a text that revision {entry.revision} of {spec.id} never had: its reader read "
                "another text",
                hint="ask them to read the revision as merged, and record that with playbook acknowledge",
            )


@rule("N007", "changes", severity="warning", scope="portfolio", completeness=False, options=("review_every",))
def process_not_reviewed(specs: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: a pilot or live process that has gone longer than `review_every` (`.playbook.yaml`, default a
    year) without a new revision taking effect or its vendor acknowledging the one in force.
    Why: a procedure nobody has looked at in a year has drifted from the work, or the work from it; a
    yearly review is what ISO 9001 and most outsourcing contracts ask (Key 4: check in and adjust).
    Fails:
      revision: {number: 2, effective: 2025-06-02, summary: Refunds over 500 EUR need the billing lead.}
    Passes:
      revision: {number: 2, effective: 2026-06-01, summary: Refunds over 500 EUR need the billing lead.}
    """
    signed = signed_entries(ctx)
    for spec in specs:
        if spec.status not in RUNNING or spec.revision is None:
            continue
        days = [spec.effective] if spec.effective and spec.effective <= ctx.today else []
        days += [a.on for a in signed.get((spec.id, spec.vendor or ""), ())]
        if not days:
            continue  # never reviewed: N004 and N005 say so
        last = max(days)
        due = span_after(last, str(ctx.options["review_every"]))
        if due is not None and due < ctx.today:
            yield Finding.at(
                spec.revision_mark or spec.go_live_mark,
                f"not reviewed since {last.isoformat()}, more than {ctx.options['review_every']} ago",
                hint="review the process with its vendor; raise the revision if anything changes, or have the "
                "vendor acknowledge it again",
            )


@rule("N009", "changes", scope="portfolio", completeness=False)
def acknowledgement_by_a_stranger(specs: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: an acknowledgement by someone who is not one of the vendor's `contacts`, of a process the vendor
    does not run, or in a ledger named for no vendor.
    Why: only the vendor can accept its own duties: a signature of the client's staff, or of another
    vendor's, binds nobody.
    Fails:
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 1, digest: 055f3125603e8642, by: dana.ruiz@example.com,
           on: 2026-11-23}
    Passes:
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 1, digest: 055f3125603e8642, by: ramon.santos@example.org,
           on: 2026-11-23}
    """
    by_id = {spec.id: spec for spec in specs}
    told: set[str] = set()
    for entry in ctx.acknowledgements:
        contacts = ctx.vendor_contacts.get(entry.vendor)
        spec = by_id.get(entry.process)
        if contacts is None:
            if entry.vendor not in told:
                told.add(entry.vendor)
                yield Finding.at(
                    entry.mark,
                    f"this ledger is named for no vendor: there is no vendors/{entry.vendor}.yaml",
                    hint="name the ledger after the vendor's id: acknowledgements/<vendor-id>.yaml",
                )
        elif entry.by.casefold() not in contacts:
            yield Finding.at(
                entry.at("by"),
                f"{entry.by} is not a contact of {entry.vendor}: only the vendor can acknowledge its duties",
                hint=f"add them to the contacts of vendors/{entry.vendor}.yaml, or record a contact's acknowledgement",
            )
        elif spec is not None and spec.vendor != entry.vendor:
            yield Finding.at(
                entry.at("process"),
                f"{spec.id} is run by {spec.vendor or 'no vendor'}, not by {entry.vendor}",
                hint=f"record it in acknowledgements/{spec.vendor}.yaml" if spec.vendor else "remove the entry",
            )


@rule("N010", "changes", severity="warning", scope="portfolio", completeness=False)
def acknowledged_text_changed(specs: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: a pilot or live process whose revision in force its vendor acknowledged, but in a text it no
    longer has: edited since, and not among that revision's texts in git's history (not committed yet, or
    checked where there is no history).
    Why: within a revision only editorial changes are allowed (N001 holds pull requests to it), and once
    such a change is committed the acknowledgement stands; an edit not yet committed, or made without a
    pull request, may be more than editorial.
    Fails:
      revision: {number: 4, effective: 2026-11-02, summary: Twice the volume from November.}
      title: Billing disputes
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 4, digest: 01374df0451b7b6e, by: ramon.santos@example.org,
           on: 2026-10-28}
    Passes:
      revision: {number: 4, effective: 2026-11-02, summary: Twice the volume from November.}
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 4, digest: 01374df0451b7b6e, by: ramon.santos@example.org,
           on: 2026-10-28}
    """
    signed = signed_entries(ctx)
    for spec in specs:
        if spec.status not in RUNNING or not spec.vendor or spec.revision is None:
            continue
        found, stale = acknowledgement(spec, ctx, signed)
        if found is None and stale:
            last = max(stale, key=lambda a: a.on)
            yield Finding.at(
                spec.revision_mark or spec.go_live_mark,
                f"{last.by} acknowledged revision {spec.revision} on {last.on.isoformat()}, but its text has "
                "changed since",
                hint="an editorial change is acknowledged once committed; anything more needs a new revision, "
                "which the vendor acknowledges",
            )


@rule("N011", "changes", severity="warning", scope="portfolio", completeness=False)
def acknowledgement_of_no_process(specs: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: an acknowledgement of a process that is not among the specs: one deleted since, or an id
    mistyped in the ledger.
    Why: a ledger is history and is never pruned, so an entry of a process since removed is in its place;
    a mistyped id acknowledges nothing, and the process it meant stays unacknowledged (a process that
    stops should rather be marked `status: retired`).
    Fails:
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-dispute, revision: 1, digest: 055f3125603e8642, by: ramon.santos@example.org,
           on: 2026-11-23}
    Passes:
      # acknowledgements/acme-bpo.yaml
      acknowledgements:
        - {process: billing-disputes, revision: 1, digest: 055f3125603e8642, by: ramon.santos@example.org,
           on: 2026-11-23}
    """
    known = {spec.id for spec in specs}
    for entry in ctx.acknowledgements:
        named = ctx.ledgers.get(entry.vendor) in ctx.named_ledgers  # else only some processes were read
        if named and entry.process not in known and entry.process not in ctx.unreadable_processes:
            yield Finding.at(
                entry.at("process"),
                f"there is no process '{entry.process}' among the specs",
                hint="if it was deleted, nothing to do (marking a process retired keeps its page); if the id is "
                "mistyped, the process it meant is not acknowledged: record that with playbook acknowledge",
            )
