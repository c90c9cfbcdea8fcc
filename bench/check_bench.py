"""`make bench`: how fast `playbook check` is, as ratios measured in one run on this machine.

It checks a portfolio of N copies of the complete test spec (ids renamed) and reports per-spec time, the
C LibYAML loader against the pure-Python one, the share of time spent in loading, and peak memory. Targets
belong here, not in unit tests: timings on a shared 2-core machine are too noisy to fail a test on.

It also reports how the work grows when the input grows 4 times, on the inputs of tests/test_scaling.py
(which bounds these ratios generously): a flow against the list order, many branches, a spec where
everything grows, and a portfolio of small specs. About 4 is linear, 16 quadratic, 64 cubic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

from generator.check.config import Config
from generator.check.engine import check
from generator.spec import loader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the inputs that tests/test_scaling.py builds

from tests import test_scaling as scaling  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "complete"
TODAY = dt.date(2026, 11, 23)


def make_portfolio(folder: Path, count: int) -> list[Path]:
    specs = folder / "process_specs"
    shutil.copytree(FIXTURE, specs)
    text = (specs / "billing-disputes.yaml").read_text()
    paths = []
    for i in range(count):
        path = specs / f"process-{i:04d}.yaml"
        path.write_text(text.replace("id: billing-disputes", f"id: process-{i:04d}"))
        paths.append(path)
    (specs / "billing-disputes.yaml").unlink()
    return paths


def best_of(runs: int, func) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--specs", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_portfolio(Path(tmp), args.specs)
        folder = str(paths[0].parent)
        whole = best_of(args.runs, lambda: check([folder], Config(), TODAY))
        load_c = best_of(args.runs, lambda: [loader.load(str(p)) for p in paths])
        original = loader._EventLoader
        loader._EventLoader = yaml.SafeLoader
        try:
            load_py = best_of(args.runs, lambda: [loader.load(str(p)) for p in paths])
        finally:
            loader._EventLoader = original
        tracemalloc.start()
        check([folder], Config(), TODAY)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        startup = best_of(
            3, lambda: subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True)
        )
        cli = best_of(
            3,
            lambda: subprocess.run(
                [sys.executable, "-m", "generator", "check", "--no-cache", folder, "--today", TODAY.isoformat()],
                capture_output=True,
            ),
        )
        size = paths[0].stat().st_size
        growth = {
            f"chain of {scaling.CHAIN_STEPS} steps against the list order": scaling.spec_growth(
                scaling.reversed_chain, scaling.CHAIN_STEPS, args.runs
            ),
            f"one step with {scaling.BRANCHES} branches": scaling.spec_growth(
                scaling.many_branches, scaling.BRANCHES, args.runs
            ),
            f"{scaling.CHAIN_STEPS} approvals far from the steps they approve": scaling.spec_growth(
                scaling.far_approvals, scaling.CHAIN_STEPS, args.runs
            ),
            f"{scaling.WIDTH} of everything in one spec": scaling.spec_growth(
                scaling.wide_spec, scaling.WIDTH, args.runs
            ),
            f"portfolio of {scaling.PORTFOLIO_SPECS} small specs": scaling.portfolio_growth(
                Path(tmp), scaling.PORTFOLIO_SPECS, args.runs
            ),
        }
    print(f"portfolio: {args.specs} process specs of {size} bytes each, best of {args.runs} runs")
    print(f"check, in process:      {whole * 1000:8.1f} ms  ({whole / args.specs * 1000:.2f} ms per spec)")
    print(f"check, whole command:   {cli * 1000:8.1f} ms  (of which start-up {startup * 1000:.0f} ms)")
    print(f"loading share of check: {load_c / whole:8.0%}")
    print(f"LibYAML vs pure Python: {load_py / load_c:8.1f}x faster loading ({yaml.__with_libyaml__=})")
    print(f"peak memory of check:   {peak / 2**20:8.1f} MiB ({peak / args.specs / 1024:.0f} KiB per spec)")
    print(f"time for {scaling.GROWTH}x the input (linear {scaling.GROWTH}, quadratic {scaling.GROWTH**2}):")
    for name, ratio in growth.items():
        print(f"  {name + ':':45}{ratio:6.1f}x")


if __name__ == "__main__":
    main()
