"""`playbook build --pdf`: one handover pack per vendor, printed from the built site.

A pack is a cover, then each of the vendor's processes, then the vendor page (profile, contract, SLA annex,
meeting calendar), each printed by headless Chromium from the site as built (the print stylesheet lays
tables out for A4) and joined with pypdf. Chromium is the browser the site is tested in and the one CI
installs; printing the real pages means the pack shows exactly what the site shows.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.site.render.text import html_escape

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Diagrams are drawn by a script after the page loads; virtual time lets it finish before printing.
_FLAGS = [
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--virtual-time-budget=15000",
]


class PdfError(Exception):
    """A pack cannot be printed: no browser, or the browser failed; the site itself is not published."""


def find_browser() -> str:
    for name in _BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise PdfError("--pdf prints with Chromium, which is not installed here (Debian: apt-get install chromium)")


def _page(site: Path, folder: str, page_id: str) -> Path:
    """A page's HTML file, with or without directory URLs."""
    nested = site / folder / page_id / "index.html"
    return nested if nested.is_file() else site / folder / f"{page_id}.html"


def _print(browser: str, page: Path, out: Path) -> None:
    # Chromium refuses to run as root inside its sandbox; as root (CI containers) it runs without.
    sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with tempfile.TemporaryDirectory(prefix="playbook-chromium-") as profile:
        run = subprocess.run(
            [browser, *_FLAGS, *sandbox, f"--user-data-dir={profile}", f"--print-to-pdf={out}", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=180,
        )
    if run.returncode != 0 or not out.is_file():
        raise PdfError(f"Chromium could not print {page.name}: {run.stderr.strip()[-300:] or run.returncode}")


def _cover(site_name: str, vendor_name: str, processes: list[tuple[str, str]]) -> str:
    items = "".join(f"<li>{html_escape(title)}</li>" for _, title in processes)
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Handover pack</title>'
        "<style>body{font-family:sans-serif;margin:30% 12%;color:#222}h1{font-size:2.2em;margin:0}"
        "h2{font-weight:normal;margin:.3em 0 2em}li{margin:.3em 0}</style>"
        f"<h1>Handover pack</h1><h2>{html_escape(vendor_name)}</h2>"
        f"<p>{html_escape(site_name)}, printed on {dt.date.today().isoformat()}.</p>"
        f"<p>The processes handed over, each as the playbook describes it, then the vendor page with the "
        f"contract, the SLA annex and the meeting calendar:</p><ol>{items}</ol></html>"
    )


def write_pack(site: Path, site_name: str, vendor_id: str, vendor_name: str, processes: list[tuple[str, str]]) -> Path:
    """Print the pack of one vendor into `site` as handover-pack-<vendor id>.pdf; `processes` are
    (id, title) pairs in the order the pack shows them."""
    from pypdf import PdfWriter

    browser = find_browser()
    out = site / f"handover-pack-{vendor_id}.pdf"
    with tempfile.TemporaryDirectory(prefix="playbook-pack-") as folder:
        work = Path(folder)
        cover = work / "cover.html"
        cover.write_text(_cover(site_name, vendor_name, processes), encoding="utf-8")
        pages = [cover, *(_page(site, "processes", pid) for pid, _ in processes), _page(site, "vendors", vendor_id)]
        writer = PdfWriter()
        for number, page in enumerate(pages):
            if not page.is_file():
                raise PdfError(f"{page} was not built")
            part = work / f"{number:04d}.pdf"
            _print(browser, page, part)
            writer.append(str(part))
        writer.add_metadata({"/Title": f"Handover pack: {vendor_name}"})
        with out.open("wb") as handle:
            writer.write(handle)
    return out
