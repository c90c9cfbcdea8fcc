"""`make bench`, measurements: `playbook scorecard` and `playbook build` on a portfolio with figures.

1,000 processes (the complete test spec, ids renamed) with 6 weekly KPIs each and 104 weekly figures per
KPI (two years, 624,000 rows in all), timed as whole commands, as a team's scheduled job and CI run them.
`check` of the same portfolio is the baseline of the scorecard (which checks first). Figures go to
`bench/results.json` beside the other benchmarks'.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from portfolio_bench import copy_site_files  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "complete"
TODAY = dt.date(2026, 11, 23)
RESULTS = ROOT / "bench" / "results.json"
KPIS, WEEKS = 6, 104


def _spec_with_kpis(text: str) -> str:
    """The complete spec with KPIS weekly KPIs, all reviewed at the weekly check-in."""
    block = text[text.index("kpis:\n") + len("kpis:\n") : text.index("governance:\n")]
    extra = "".join(
        block.replace("id: first-contact-resolution", f"id: kpi-{n}")
        .replace("name: First-contact resolution", f"name: Indicator {n}")
        .replace("contractual: true", "contractual: false")
        for n in range(2, KPIS + 1)
    )
    ids = ", ".join(["first-contact-resolution", *(f"kpi-{n}" for n in range(2, KPIS + 1))])
    text = text.replace(block, block + extra, 1)
    return text.replace("kpis: [first-contact-resolution]", f"kpis: [{ids}]", 1)


def _two_years_earlier(text: str, *days: str) -> str:
    """`days` of the complete spec's handover, or of its vendor's selection and contract, moved back two
    years, before the first of the WEEKS figures: a figure from before the handover is a warning (M012), and
    79,200 of those were what the benchmark measured."""
    for day in days:
        year = int(day[:4])
        text = text.replace(day, f"{year - 2}{day[4:]}")
    return text


def make_portfolio(folder: Path, count: int, figures: bool) -> Path:
    specs = folder / "process_specs"
    shutil.copytree(FIXTURE, specs)
    text = _spec_with_kpis((specs / "billing-disputes.yaml").read_text())
    text = _two_years_earlier(text, "2026-03-02", "2026-04-13", "2026-05-08", "2026-05-18")
    vendor = specs / "vendors" / "acme-bpo.yaml"
    vendor_days = ("2025-10-01", "2025-11-12", "2025-11-20", "2025-10-15", "2026-01-01")
    vendor.write_text(_two_years_earlier(vendor.read_text(), *vendor_days))
    (specs / "billing-disputes.yaml").unlink()
    shutil.rmtree(specs / "measurements")
    (specs / "measurements").mkdir()
    draw = random.Random(1)
    last = TODAY - dt.timedelta(days=7)
    weeks = [(last - dt.timedelta(weeks=n)).isocalendar() for n in range(WEEKS)][::-1]
    kpi_ids = re.findall(r"^  - id: (\S+)", text[text.index("kpis:\n") : text.index("governance:\n")], re.M)
    for i in range(count):
        name = f"process-{i:04d}"
        (specs / f"{name}.yaml").write_text(text.replace("id: billing-disputes", f"id: {name}"))
        if figures:
            rows = ["kpi,period,value,note"]
            for kpi in kpi_ids:
                rows += [f"{kpi},{y}-W{w:02d},{draw.uniform(70, 95):.1f}," for y, w, _ in weeks]
            (specs / "measurements" / f"{name}.csv").write_text("\n".join(rows) + "\n")
    copy_site_files(folder)
    return specs


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and the peak resident memory (MiB) of one whole command."""
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=1000)
    args = parser.parse_args()
    playbook = [sys.executable, "-m", "generator"]
    today = ["--today", TODAY.isoformat()]
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full"
        make_portfolio(full, args.processes, figures=True)
        scorecard, _ = timed([*playbook, "scorecard", "--format", "json", *today], full)
        check, _ = timed([*playbook, "check", *today], full)
        build_full, rss = timed([*playbook, "build", "--audience", "internal", *today], full)
        pages = (full / "site" / "processes" / "process-0000" / "index.html").read_text()
        assert pages.count('<svg class="playbook-chart"') == KPIS, "every KPI has its chart"
    rows = args.processes * KPIS * WEEKS
    results = {
        "scorecard_s_1000x6x104": round(scorecard, 2),
        "scorecard_vs_check_1000x6x104": round(scorecard / check, 2),
        "build_with_figures_s_1000x6x104": round(build_full, 2),
    }
    print(f"portfolio: {args.processes} processes x {KPIS} weekly KPIs x {WEEKS} figures = {rows:,} rows")
    per_process = scorecard / args.processes * 1000
    print(f"playbook scorecard:                {scorecard:8.1f} s  ({per_process:.1f} ms per process)")
    print(f"playbook check (figures read):     {check:8.1f} s  (the scorecard takes {scorecard / check:.2f}x)")
    print(f"playbook build --audience internal:{build_full:8.1f} s  (peak RSS of a run {rss:.0f} MiB)")
    merged = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    RESULTS.write_text(json.dumps({**merged, **results}, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
