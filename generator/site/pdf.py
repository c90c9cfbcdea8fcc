"""`playbook build --pdf`: one handover pack per vendor, printed from the built site.

A pack is a cover with its contents, then each of the vendor's processes, then the vendor page (profile,
contract, SLA annex, meeting calendar), each printed by headless Chromium from the site as built and joined
with pypdf. Chromium is the browser the site is tested in and the one CI installs; printing the real pages
means the pack shows exactly what the site shows.

The paper is A4 unless asked for Letter (`--paper letter`, or a locale of a country that prints on Letter).
Each page carries a running header (the pack and the part) and its page number in the pack: each part is
printed from a copy of its page with the page rules added (CSS paged media, which Chromium draws) and its
first page numbered after the parts before it; the cover is printed last, when it knows where each part
starts, with the same layout as a first draft it was measured by.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

from generator.check.workers import dies_with_this_process
from generator.site.render import pack_name
from generator.site.render.text import day_words, html_escape
from generator.site.scratch import scratch

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
PAPERS = {"a4": "A4", "letter": "letter"}
# Countries whose offices print on Letter (ISO 3166 codes, as a locale names them: en_US, es_MX, fil_PH).
_LETTER_COUNTRIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "DO", "SV", "NI", "PR", "BZ"}


def default_paper(environ: dict | None = None) -> str:
    """ "a4", or "letter" when the locale the C library would use for paper (LC_ALL, LC_PAPER, LANG, in
    that order) is of a country that prints on Letter."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = environ.get(name)
        if value:
            country = re.match(r"[A-Za-z]{2,3}_([A-Z]{2})", value)
            return "letter" if country and country.group(1) in _LETTER_COUNTRIES else "a4"
    return "a4"


def _css_string(text: str) -> str:
    """`text` as a CSS string literal: every character but letters, digits and spaces as a hex escape, so
    no quote, backslash or `</style>` of a vendor's name can end the string or the style sheet."""
    return '"' + "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _page_rules(paper: str, header: str, part: str, first_page: int) -> str:
    """The paged-media rules of one part: paper, margins, running header, and page numbers that go on
    from the parts before it (Chromium numbers the first page by its counter-increment)."""
    small = "font: 8pt sans-serif; color: #444"
    return (
        f"@page {{ size: {PAPERS[paper]}; margin: 16mm 14mm 16mm 14mm;"
        f" @top-left {{ content: {_css_string(header)}; {small} }}"
        f" @top-right {{ content: {_css_string(part)}; {small} }}"
        f' @bottom-right {{ content: "Page " counter(page); {small} }} }}'
        f" @page :first {{ counter-increment: page {first_page}; }}"
    )


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
    with scratch("chromium") as profile:
        run = subprocess.run(
            [browser, *_FLAGS, *sandbox, f"--user-data-dir={profile}", f"--print-to-pdf={out}", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=180,
            preexec_fn=dies_with_this_process(),
        )
    if run.returncode != 0 or not out.is_file():
        raise PdfError(f"Chromium could not print {page.name}: {run.stderr.strip()[-300:] or run.returncode}")


def _cover(site_name: str, vendor_name: str, paper: str, contents: list[tuple[str, str]]) -> str:
    """The cover: whose pack it is, when it was printed, and the contents, each part with the page it starts
    on (a draft has the same layout with blanks of the same width for the numbers)."""
    rows = "".join(
        f'<li><span class="title">{html_escape(title)}</span><span class="dots"></span><span>{page}</span></li>'
        for title, page in contents
    )
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Handover pack</title>'
        f"<style>@page {{ size: {PAPERS[paper]}; margin: 25mm 22mm; }}"
        "body{font-family:sans-serif;color:#222;margin:0}h1{font-size:2.2em;margin:18% 0 0}"
        "h2{font-weight:normal;margin:.3em 0 1.5em}h3{margin:2em 0 .6em}"
        "ol{list-style:none;padding:0}li{display:flex;gap:.4em;margin:.45em 0;break-inside:avoid}"
        ".title{max-width:85%}.dots{flex:1;border-bottom:1px dotted #888;margin-bottom:.3em}</style>"
        f"<h1>Handover pack</h1><h2>{html_escape(vendor_name)}</h2>"
        f"<p>{html_escape(site_name)}, printed on {day_words(dt.date.today())}.</p>"
        "<p>The processes handed over, each as the playbook describes it, then the vendor page with the "
        "contract, the SLA annex and the meeting calendar.</p>"
        f"<h3>Contents</h3><ol>{rows}</ol></html>"
    )


_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


def _for_the_pack(page: Path, copy: Path, rules: str) -> Path:
    """`copy`: the built page that prints with `rules`; its addresses still resolve against the page's own
    folder (a base element), so the site itself is only read."""
    html = page.read_text(encoding="utf-8")
    head = _HEAD.search(html)
    if head is None:
        raise PdfError(f"{page} has no head element to print from")
    extra = f'<base href="{html_escape(page.parent.as_uri())}/"><style>{rules}</style>'
    copy.write_text(html[: head.end()] + extra + html[head.end() :], encoding="utf-8")
    return copy


def write_pack(
    site: Path,
    site_name: str,
    vendor_id: str,
    vendor_name: str,
    processes: list[tuple[str, str]],
    paper: str = "a4",
) -> Path:
    """Print the pack of one vendor into `site` as handover-pack-<vendor id>.pdf; `processes` are
    (id, title) pairs in the order the pack shows them."""
    from pypdf import PdfReader, PdfWriter

    browser = find_browser()
    out = site / pack_name(vendor_id)
    parts = [(title, _page(site, "processes", pid)) for pid, title in processes]
    parts.append((f"Vendor: {vendor_name}", _page(site, "vendors", vendor_id)))
    header = f"Handover pack: {vendor_name}"
    with scratch("pack") as work:
        cover = work / "cover.html"
        # The draft's blanks are as wide as the numbers will be, so the cover keeps its number of pages.
        blanks = [(title, "\u2007" * 3) for title, _ in parts]
        cover.write_text(_cover(site_name, vendor_name, paper, blanks), encoding="utf-8")
        _print(browser, cover, work / "cover.pdf")
        next_page = len(PdfReader(work / "cover.pdf").pages) + 1
        printed, contents = [], []
        for number, (title, page) in enumerate(parts):
            if not page.is_file():
                raise PdfError(f"{page} was not built")
            pdf = work / f"{number:04d}.pdf"
            rules = _page_rules(paper, header, title, next_page)
            _print(browser, _for_the_pack(page, pdf.with_suffix(".html"), rules), pdf)
            contents.append((title, str(next_page)))
            next_page += len(PdfReader(pdf).pages)
            printed.append(pdf)
        cover.write_text(_cover(site_name, vendor_name, paper, contents), encoding="utf-8")
        _print(browser, cover, work / "cover.pdf")
        writer = PdfWriter()
        for pdf in (work / "cover.pdf", *printed):
            writer.append(str(pdf))
        for title, page in contents:  # the contents again, as the bookmarks a PDF reader lists
            writer.add_outline_item(title, int(page) - 1)
        writer.add_metadata({"/Title": header})
        with out.open("wb") as handle:
            writer.write(handle)
    return out
