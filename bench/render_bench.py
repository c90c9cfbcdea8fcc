"""`make bench`, rendering: `playbook build` of one process whose text is full of Markdown-special
characters, at two lengths, four times apart.

A step's instructions (long text, whose Markdown renders) and a risk's description (plain text, shown as
written) each hold N characters drawn from `<&*_[]`\\{}|#!` and letters. Spec text is shown literally by
the literal text extension in one pass; escaped the usual way, each special character was one match of a
Python-Markdown inline pattern that rewrote the rest of the text: 100 KB of `<` took 26 s, 400 KB over 300 s.
The figure is the time the text adds to a build (the build of the same spec without it subtracted): at four
times the text, it must stay under about 4.5 times.
"""

from __future__ import annotations

import json
import random
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
RESULTS = ROOT / "bench" / "results.json"
SPECIAL = "<&*_[]`\\{}|#!"
SIZES = (100_000, 400_000)


def _text(length: int) -> str:
    draw = random.Random(length)
    return "".join(draw.choice(SPECIAL) if draw.random() < 0.8 else draw.choice("abc ") for _ in range(length))


def _project(folder: Path, length: int) -> None:
    shutil.copytree(FIXTURE, folder / "process_specs")
    copy_site_files(folder)
    if not length:
        return
    spec = folder / "process_specs" / "billing-disputes.yaml"
    text = spec.read_text(encoding="utf-8")
    quoted = json.dumps(_text(length))  # a YAML double-quoted scalar
    text = text.replace(
        "    instructions: Read the ticket, confirm the invoice number in the billing system and tag the dispute type.",
        f"    instructions: {quoted}",
        1,
    )
    text = text.replace("    description: Card data visible in tickets", f"    description: {quoted}", 1)
    spec.write_text(text, encoding="utf-8")


def _build(folder: Path) -> float:
    command = [sys.executable, "-m", "generator", "build", "--audience", "internal", "--today", "2026-11-23"]
    start = time.perf_counter()
    run = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"build failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        times = {}
        for length in (0, *SIZES):
            folder = Path(tmp) / f"text-{length}"
            _project(folder, length)
            _build(folder)  # a first build warms the file cache and Python's bytecode
            times[length] = min(_build(folder) for _ in range(2))
    small, large = (times[n] - times[0] for n in SIZES)
    ratio = large / small
    print(f"playbook build, no added text:          {times[0]:6.2f} s")
    for n in SIZES:
        print(f"playbook build, 2 fields of {n // 1000:3d} KB each:  {times[n]:6.2f} s  (+{times[n] - times[0]:.2f} s)")
    print(f"4x the text costs {ratio:.2f}x the time it adds (target: at most about 4.5x)")
    merged = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results = {"render_special_text_400k_vs_100k": round(ratio, 2), "render_special_text_s_400k": round(large, 2)}
    RESULTS.write_text(json.dumps({**merged, **results}, indent=2, sort_keys=True) + "\n")
    if ratio > 4.5:
        raise SystemExit("rendering is not linear in the text's length")


if __name__ == "__main__":
    main()
