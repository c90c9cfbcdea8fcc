"""Portfolio: rules over all processes at once, such as the order in which a vendor's processes go live."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import PortfolioEntry
from generator.spec.schema import CRITICALITIES


@rule("F001", "portfolio", severity="warning", scope="portfolio", completeness=False)
def critical_process_first(specs: Sequence[PortfolioEntry], ctx) -> Iterator[Finding]:
    """What: a vendor's first go-live is a high-criticality process while a less critical process for the
    same vendor goes live later.
    Why: roll out the less critical processes first: the vendor learns on work where mistakes cost less
    (stage 4, implementation in phases).
    Fails:
      # billing-disputes.yaml: vendor: acme-bpo, criticality: high, go_live: 2026-05-18
      # order-status.yaml:     vendor: acme-bpo, criticality: low,  go_live: 2026-07-01
    Passes:
      # order-status.yaml:     vendor: acme-bpo, criticality: low,  go_live: 2026-05-18
      # billing-disputes.yaml: vendor: acme-bpo, criticality: high, go_live: 2026-07-01
    """
    by_vendor: dict[str, list[PortfolioEntry]] = defaultdict(list)
    for spec in specs:
        if spec.vendor and spec.criticality and spec.go_live is not None and spec.status not in ("draft", "retired"):
            by_vendor[spec.vendor].append(spec)
    for vendor, processes in by_vendor.items():
        processes.sort(key=lambda p: p.go_live)
        first = processes[0]
        if first.criticality != "high":
            continue
        later = [
            p
            for p in processes[1:]
            if CRITICALITIES.index(p.criticality) < CRITICALITIES.index("high") and p.go_live > first.go_live
        ]
        if later:
            yield Finding.at(
                first.go_live_mark,
                f"'{first.id}' (high criticality) is vendor '{vendor}''s first go-live, before "
                f"less critical '{later[0].id}' ({later[0].go_live.isoformat()})",
                hint="roll out the less critical process first, or waive F001 with a reason",
            )
