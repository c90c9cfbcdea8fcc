"""Checked models -> the Markdown pages and navigation of one audience's site, staged in a private folder.

Every build and every preview renders into a docs folder of its own: a copy of the author's hand-written
pages (the MkDocs docs_dir) plus the generated `processes/`, `vendors/` and `catalogue/` pages and a home
page that is the author's `index.md` followed by the portfolio. The author's docs folder is only read, so
two builds for different audiences running at once can never see each other's pages.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import jinja2

from generator.authoring.reference import GUIDE_RULES, GUIDE_SPEC, rules_page, spec_reference
from generator.check.engine import Checked
from generator.check.report.wording import plural
from generator.check.workers import in_order
from generator.monitor.evaluation import evaluate_process
from generator.site.render.changes import changes_context
from generator.site.render.context import (
    Audience,
    html_escape,
    kpi_row,
    last_changes,
    plain,
    portfolio_context,
    process_context,
    vendor_context,
)
from generator.site.render.performance import credits_due, portfolio_performance, process_performance, sla_scorecard
from generator.site.render.privacy import portfolio_personal_data
from generator.site.render.text import day_words
from generator.spec.model import Process

OWNED = ("processes", "vendors", "catalogue", "authoring")
# Files every site gets from the package, whatever the docs folder holds: Mermaid (served from the site, so no
# page loads it from a CDN), the script that pins its strict security level, our script (which loads those
# two on pages with a diagram, and helps keyboard and screen-reader users), and our stylesheet (phones,
# print, contrast).
_PACKAGE_ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPTS = ("assets/playbook/playbook.js",)  # it loads the two Mermaid scripts on pages with a diagram
STYLES = ("assets/playbook/playbook.css",)
SITE_ASSETS = {
    **{
        f"assets/playbook/{name}": _PACKAGE_ASSETS / "javascripts" / name
        for name in ("playbook.js", "mermaid.min.js", "mermaid-strict.js")
    },
    **{style: _PACKAGE_ASSETS / "stylesheets" / Path(style).name for style in STYLES},
    "assets/playbook/mermaid.LICENSE.txt": _PACKAGE_ASSETS / "javascripts" / "mermaid.LICENSE.txt",
}
# Written by earlier versions, which rendered into the author's docs folder; such folders are skipped.
MARKER = ".generated-by-playbook"
HOME = "index.md"
# In catalogue/, beside the KPI catalogue: a process or vendor id can be any id, "index" too.
PROCESS_INDEX, VENDOR_INDEX, TAGS = "catalogue/processes.md", "catalogue/vendors.md", "catalogue/tags.md"
PERFORMANCE = "catalogue/performance.md"  # internal only: the portfolio's figures and the service credits
CHANGES = "catalogue/changes.md"  # the revisions, newest first; internal: what awaits acknowledgement


def pack_name(vendor_id: str) -> str:
    """The file of a vendor's handover pack (`--pdf`), at the root of each site that shows the vendor."""
    return f"handover-pack-{vendor_id}.pdf"


class RenderError(Exception):
    """The site cannot be staged safely (the docs folder holds pages where generated ones must go)."""


@dataclass(frozen=True)
class SitePages:
    """One audience's generated pages (path relative to the docs folder -> Markdown) and its navigation."""

    pages: dict[str, str]
    nav: list


@functools.cache
def _environment() -> jinja2.Environment:
    # One per process: the templates are the package's own, and compiling them was a tenth of a rebuild.
    # Markdown, not HTML: escaping is done per field in context.py, where it knows Markdown from text.
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["plural"] = plural
    return environment


_BLOCK_START = re.compile(r"#{1,6} |!!! ")


def tidy(markdown: str) -> str:
    """Blank lines where Markdown needs them: before headings, admonitions and tables, which optional
    template sections would otherwise glue to the line above; never more than one in a row.

    One pass over the lines and C string replacing: three multi-line substitutions over every page were a
    quarter of rendering a 1,000-process site."""
    lines = markdown.split("\n")
    out: list[str] = []
    for line, after in pairwise(lines):
        out.append(line)
        if line and ((after[:1] == "|" and line[:1] != "|") or (after[:1] in ("#", "!") and _BLOCK_START.match(after))):
            out.append("")
    out.append(lines[-1])
    markdown = "\n".join(out)
    while "\n\n\n" in markdown:  # each pass shortens every run of three or more newlines, down to two
        markdown = markdown.replace("\n\n\n", "\n\n")
    return markdown


@dataclass
class PageMemo:
    """What `playbook serve` keeps of the process pages it rendered, for the next rendering: per page, what
    it was made of and its text. Only the pages of the last rendering are kept."""

    pages: dict[str, tuple[tuple, str]] = field(default_factory=dict)


def pages_for(
    checked: Checked,
    audience: Audience,
    docs_dir: Path,
    memo: PageMemo | None = None,
    packs: Collection[str] = (),
) -> SitePages:
    """Every generated page for this audience; `docs_dir` is the author's folder, read for the home page
    and the hand-written pages in the navigation. With a `memo` of the last rendering, a process page
    whose inputs are unchanged is taken from it. `packs` are the vendors whose handover pack the site
    carries (`--pdf`): their vendor page, and a one-vendor site's home page, link to it."""
    env = _environment()
    processes = sorted(
        (p for p in checked.processes if audience.sees(p)),
        key=lambda p: ((p.category or "other").lower(), p.title.lower()),
    )
    published_vendors = {p.vendor for p in processes}
    vendors = {
        v.id: v
        for v in sorted(checked.vendors, key=lambda v: v.name.lower())
        if audience.sees_vendor(v) and (audience.internal or v.id in published_vendors)
    }
    pages: dict[str, str] = {}
    today = checked.today
    # Figures only of the processes this audience sees: no page can show another vendor's.
    results = {
        p.id: evaluate_process(p, file.rows if (file := checked.measurements.get(p.id)) else (), today)
        for p in processes
    }
    changes = last_changes([p.path for p in processes])
    # Each page's findings and readiness, indexed once: a search per page grew with the square of the portfolio.
    findings_of: dict[str, list] = {}
    for finding in checked.result.findings:
        findings_of.setdefault(finding.path, []).append(finding)
    readiness_of = {s.path: s.readiness for s in checked.result.specs}
    waivers_of: dict[str, list] = {}
    for waiver in checked.result.waivers:
        waivers_of.setdefault(waiver.path, []).append(waiver)
    inputs_of: dict[str, tuple] = {}
    for process in processes:
        review = (
            tuple(findings_of.get(process.path, ())),
            readiness_of.get(process.path),
            tuple(waivers_of.get(process.path, ())),
        )
        # All a process page is made of: unchanged (the same model and vendor objects, which the check's
        # memo keeps while their files and context are unchanged), the page is not rendered again.
        inputs_of[process.path] = (
            process,
            vendors.get(process.vendor or ""),
            review,
            audience,
            checked.certifications,
            today,
            changes.get(process.path, ""),
            checked.measurements.get(process.id),
            checked.acknowledged.get(process.id),
        )
    earlier = memo.pages if memo is not None else {}
    todo = [p for p in processes if earlier.get(p.path, ((),))[0] != inputs_of[p.path]]

    def render(process: Process) -> str:
        inputs = inputs_of[process.path]
        context = process_context(
            process, vendors, audience, inputs[2], checked.certifications, today, inputs[6], inputs[8]
        )
        perf = process_performance(process, results[process.id], today)
        return tidy(env.get_template("process.md.j2").render(p=context, perf=perf))

    fresh = dict(zip((p.path for p in todo), in_order(render, todo), strict=True))
    rendered: dict[str, tuple[tuple, str]] = {}
    for process in processes:
        page = fresh[process.path] if process.path in fresh else earlier[process.path][1]
        pages[f"processes/{process.id}.md"] = page
        rendered[process.path] = (inputs_of[process.path], page)
    if memo is not None:
        memo.pages = rendered
    for vendor in vendors.values():
        mine = [p for p in processes if p.vendor == vendor.id]
        pages[f"vendors/{vendor.id}.md"] = tidy(
            env.get_template("vendor.md.j2").render(
                v=vendor_context(vendor, processes, checked.certifications),
                scorecard=sla_scorecard(mine, results, today),
                pack=f"../{pack_name(vendor.id)}" if vendor.id in packs else "",
            )
        )
    catalogue = [
        {"id": p.id, "title": plain(p.title), "kpis": [kpi_row(p, k) for k in p.kpis]} for p in processes if p.kpis
    ]
    pages["catalogue/kpis.md"] = tidy(env.get_template("kpis.md.j2").render(processes=catalogue))
    pages[CHANGES] = tidy(
        env.get_template("changes.md.j2").render(
            changes=changes_context(processes, vendors, checked.acknowledged, today, audience.internal)
        )
    )
    portfolio = portfolio_context(processes, vendors)
    pages[HOME] = tidy(
        _hand_written_home(docs_dir)
        + "\n\n"
        + env.get_template("portfolio.md.j2").render(
            portfolio=portfolio,
            # A one-vendor site says whose it is where its reader starts.
            handed_to=plain(vendors[audience.vendor].name) if audience.vendor in vendors else "",
            pack=pack_name(audience.vendor) if audience.vendor in packs else "",
            # Which vendor in which country handles whose personal data: the client's view across vendors.
            personal_data=portfolio_personal_data(processes, vendors) if audience.internal else [],
        )
    )
    if processes:
        pages[PROCESS_INDEX] = tidy(env.get_template("process-index.md.j2").render(portfolio=portfolio))
    if vendors:
        pages[VENDOR_INDEX] = tidy(env.get_template("vendor-index.md.j2").render(portfolio=portfolio))
    # The theme's tags plugin lists every tag and its pages where this marker stands, and links each tag to it.
    pages[TAGS] = (
        "---\ntitle: Tags\n---\n\n# Tags\n\nEvery process by vendor and by category.\n\n<!-- material/tags -->\n"
    )
    if audience.internal:
        pages[PERFORMANCE] = tidy(
            env.get_template("performance.md.j2").render(
                as_of=day_words(today),
                portfolio=portfolio_performance(processes, results, {v.id: v.name for v in vendors.values()}),
                credits=credits_due(processes, results),
            )
        )
        pages["catalogue/readiness.md"] = tidy(
            env.get_template("readiness.md.j2").render(specs=_readiness(checked, processes), waivers=_waivers(checked))
        )
        pages.update(_authoring_guide())
    return SitePages(pages, _nav(processes, vendors, audience, docs_dir))


def _authoring_guide() -> dict[str, str]:
    """For process owners: the spec reference and the rules, generated from the code like `docs/`; the
    rule pages are where `check` output links to when `site_url` is set."""
    return {GUIDE_SPEC: spec_reference(), GUIDE_RULES: rules_page()}


def _hand_written_home(docs_dir: Path) -> str:
    """The author's home page, which the portfolio follows; a plain title when there is none."""
    home = docs_dir / HOME
    if home.is_file():
        return home.read_text(encoding="utf-8").rstrip("\n")
    return "# Handover playbook"


def _readiness(checked: Checked, processes) -> list[dict]:
    by_path = {s.path: s for s in checked.result.specs}
    findings_of: dict[str, list] = {}
    for finding in checked.result.findings:
        findings_of.setdefault(finding.path, []).append(finding)
    rows = []
    for process in processes:
        findings = findings_of.get(process.path, [])
        summary = by_path.get(process.path)
        rows.append(
            {
                "id": process.id,
                "title": plain(process.title),
                "status": process.status,
                "readiness": summary.readiness if summary else 0,
                "blocked": summary.blocked if summary else False,
                "errors": sum(f.severity.value == "error" for f in findings),
                "warnings": sum(f.severity.value == "warning" for f in findings),
            }
        )
    return rows


def _waivers(checked: Checked) -> list[dict]:
    return [
        {
            "spec": plain(w.spec_id),
            "rule": plain(w.rule),
            "reason": plain(w.reason),
            "approved_by": plain(w.approved_by),
            "expires": plain(w.expires),
        }
        for w in checked.result.waivers
    ]


def _nav(processes, vendors, audience: Audience, docs_dir: Path) -> list:
    """The site navigation: home and hand-written pages, processes grouped by category, vendors, catalogues.
    Titles are HTML-escaped because MkDocs themes print nav titles as they are."""
    nav: list = [{"Home": "index.md"}]
    for page in sorted(docs_dir.rglob("*.md")):
        relative = page.relative_to(docs_dir).as_posix()
        if relative != "index.md" and relative.split("/")[0] not in OWNED:
            nav.append(relative)
    groups: dict[str, list] = {}
    for process in processes:
        category = html_escape(process.category or "Other")
        title = html_escape(process.title) + (" (draft)" if process.is_draft else "")
        groups.setdefault(category, []).append({title: f"processes/{process.id}.md"})
    if groups:
        nav.append({"Processes": [{"All processes": PROCESS_INDEX}, *({c: items} for c, items in groups.items())]})
    if vendors:
        nav.append(
            {
                "Vendors": [
                    {"All vendors": VENDOR_INDEX},
                    *({html_escape(v.name): f"vendors/{v.id}.md"} for v in vendors.values()),
                ]
            }
        )
    nav.append({"KPI catalogue": "catalogue/kpis.md"})
    nav.append({"Changes": CHANGES})
    nav.append({"Tags": TAGS})
    if audience.internal:
        nav.append({"Performance": PERFORMANCE})
        nav.append({"Readiness": "catalogue/readiness.md"})
        nav.append({"Authoring guide": [{"Spec reference": GUIDE_SPEC}, {"Rules": GUIDE_RULES}]})
    return nav


def _hand_written_files(docs_dir: Path) -> dict[str, Path]:
    """The author's files in the docs folder (relative POSIX path -> file), outside the generated folders."""
    files: dict[str, Path] = {}
    if not docs_dir.is_dir():
        return files
    for top in sorted(docs_dir.iterdir()):
        if top.name in OWNED and top.is_dir():
            if (top / MARKER).exists() or not any(top.iterdir()):
                continue  # the output of an earlier version, or empty
            raise RenderError(f"{top} holds pages of your own where the generated {top.name}/ pages go; rename it")
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        inside = docs_dir.resolve()
        for path in paths:
            target = path.resolve()
            if not target.is_relative_to(inside):
                # A link (or a folder of links) would publish what it points at to every site, a vendor's too.
                raise RenderError(
                    f"{path} leads to {target}, outside the docs folder: a site publishes only the docs folder's "
                    "own files; copy what the page needs into it, or remove the link"
                )
            files[path.relative_to(docs_dir).as_posix()] = path
    return files


def stage_docs(docs_dir: Path, staged: Path, pages: dict[str, str]) -> list[str]:
    """Make `staged` hold exactly the author's files plus the generated pages (which win over a hand-written
    `index.md`). Only files that changed are written, so a live preview rebuilds only what it must.
    Returns the relative paths written."""
    root = staged.resolve()
    for relative in pages:
        path = (root / relative).resolve()
        # Ids are validated, but a page must never land outside its place whatever they say.
        in_owned = path.parent.parent == root and path.parent.name in OWNED
        if not (in_owned or path == root / HOME):
            raise RenderError(f"refusing to write {relative} outside the generated folders")
    sources = {**_hand_written_files(docs_dir), **SITE_ASSETS}
    written = []
    for relative, source in sources.items():
        if relative in pages:
            continue
        target = root / relative
        stat = source.stat()
        if target.is_file() and (target.stat().st_size, target.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        written.append(relative)
    for relative, content in pages.items():
        target = root / relative
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            continue  # untouched: a rewritten file would wake MkDocs' watcher
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        written.append(relative)
    wanted = set(sources) | set(pages)
    for folder, _, names in os.walk(root, topdown=False):
        for name in names:
            path = Path(folder) / name
            if path.relative_to(root).as_posix() not in wanted:
                path.unlink()
        if Path(folder) != root and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    return written
