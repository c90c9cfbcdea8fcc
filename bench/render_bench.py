"""`make bench`, rendering: `playbook build` of one process whose text is full of Markdown-special
characters, at two lengths, four times apart.

A step's instructions (long text, whose Markdown renders) and a risk's description (plain text, shown as
written) each hold N characters drawn from `<&*_[]`\\{}|#!` and letters. Spec text is shown literally by
the literal text extension in one pass; escaped the usual way, each special character was one match of a
Python-Markdown inline pattern that rewrote the rest of the text: 100 KB of `<` took 26 s, 400 KB over 300 s.
The figure is the time the process page takes from its Markdown to HTML, through the extensions every build
adds (the part that was quadratic), best of five: at four times the text it must stay under about 4.5 times.
Whole builds are printed beside it; their fixed second and a half of MkDocs makes their ratio noise.
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


_CONVERT = """
import datetime as dt, json, time
from pathlib import Path
import markdown
from generator.check.config import Config
from generator.check.engine import check
from generator.site.build import docs_dir_of
from generator.site.mkdocs_config import _extensions
from generator.site.render import pages_for
from generator.site.render.context import Audience
checked = check(["process_specs"], Config(), dt.date(2026, 11, 23))
page = pages_for(checked, Audience("internal"), docs_dir_of(Path("mkdocs.yml")).resolve()).pages
text = page["processes/billing-disputes.md"]
settings = _extensions([])
times = []
for _ in range(5):
    start = time.perf_counter()
    markdown.markdown(text, extensions=list(settings), extension_configs=settings)
    times.append(time.perf_counter() - start)
print(json.dumps(min(times)))
"""


def _convert(folder: Path) -> float:
    run = subprocess.run([sys.executable, "-c", _CONVERT], cwd=folder, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"rendering failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


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
        builds, pages = {}, {}
        for length in (0, *SIZES):
            folder = Path(tmp) / f"text-{length}"
            _project(folder, length)
            _build(folder)  # a first build warms the file cache and Python's bytecode
            builds[length] = min(_build(folder) for _ in range(2))
            pages[length] = _convert(folder)
    small, large = SIZES
    ratio = pages[large] / pages[small]
    print("the process page's Markdown to HTML (best of 5), and the whole build (best of 2):")
    for n in (0, *SIZES):
        label = "no added text" if not n else f"2 fields of {n // 1000} KB each"
        print(f"  {label:<26} page {pages[n]:6.3f} s   build {builds[n]:6.2f} s")
    print(f"4x the text costs {ratio:.2f}x the page's time (target: at most about 4.5x)")
    merged = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results = {"render_special_text_400k_vs_100k": round(ratio, 2), "render_special_text_page_s_400k": pages[large]}
    RESULTS.write_text(json.dumps({**merged, **results}, indent=2, sort_keys=True) + "\n")
    if ratio > 4.5:
        raise SystemExit("rendering is not linear in the text's length")


if __name__ == "__main__":
    main()
