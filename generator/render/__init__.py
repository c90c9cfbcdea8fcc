"""Checked models -> Markdown pages in the generator-owned folders of the MkDocs docs_dir, plus the nav.

The generator owns `processes/`, `vendors/` and `catalogue/` under the docs_dir (each marked with a
`.generated-by-playbook` file) and never touches anything else there: hand-written pages such as
`index.md` stay the author's. Only pages whose content changed are rewritten, so MkDocs' live reload
stays quick, and pages of specs that no longer exist (or that this audience may not see) are removed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2

from generator.engine import Checked
from generator.render.context import (
    Audience,
    html_escape,
    kpi_row,
    plain,
    portfolio_context,
    process_context,
    vendor_context,
)

OWNED = ("processes", "vendors", "catalogue")
MARKER = ".generated-by-playbook"
PORTFOLIO_SNIPPET = "catalogue/.portfolio.md"
NAV_FILE = "catalogue/.nav.json"


class RenderError(Exception):
    """The docs_dir cannot be written safely (a folder the generator would own holds someone else's files)."""


def _environment() -> jinja2.Environment:
    # Markdown, not HTML: escaping is done per field in context.py, where it knows Markdown from text.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def tidy(markdown: str) -> str:
    """Blank lines where Markdown needs them: before headings, admonitions and tables, which optional
    template sections would otherwise glue to the line above; never more than one in a row."""
    markdown = re.sub(r"(?m)^(?!\|)(.+)\n(?=\|)", r"\1\n\n", markdown)
    markdown = re.sub(r"(?m)^(.+)\n(?=#{1,6} |!!! )", r"\1\n\n", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown)


def pages_for(checked: Checked, audience: Audience, docs_dir: Path) -> dict[str, str]:
    """Every generated file (path relative to the docs_dir -> content) for this audience."""
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
    for process in processes:
        context = process_context(process, vendors, audience, checked.result)
        pages[f"processes/{process.id}.md"] = tidy(env.get_template("process.md.j2").render(p=context))
    for vendor in vendors.values():
        pages[f"vendors/{vendor.id}.md"] = tidy(
            env.get_template("vendor.md.j2").render(v=vendor_context(vendor, processes))
        )
    kpis = [kpi_row(p, k) for p in processes for k in p.kpis]
    pages["catalogue/kpis.md"] = tidy(env.get_template("kpis.md.j2").render(kpis=kpis))
    pages[PORTFOLIO_SNIPPET] = tidy(
        env.get_template("portfolio.md.j2").render(portfolio=portfolio_context(processes, vendors))
    )
    if audience.internal:
        pages["catalogue/readiness.md"] = tidy(
            env.get_template("readiness.md.j2").render(specs=_readiness(checked, processes), waivers=_waivers(checked))
        )
    pages[NAV_FILE] = json.dumps(_nav(processes, vendors, audience, docs_dir), indent=1) + "\n"
    return pages


def _readiness(checked: Checked, processes) -> list[dict]:
    by_path = {s.path: s for s in checked.result.specs}
    rows = []
    for process in processes:
        findings = [f for f in checked.result.findings if f.path == process.path]
        summary = by_path.get(process.path)
        rows.append(
            {
                "id": process.id,
                "title": plain(process.title),
                "status": process.status,
                "readiness": summary.readiness if summary else 0,
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
        nav.append({"Processes": [{category: items} for category, items in groups.items()]})
    if vendors:
        nav.append({"Vendors": [{html_escape(v.name): f"vendors/{v.id}.md"} for v in vendors.values()]})
    nav.append({"KPI catalogue": "catalogue/kpis.md"})
    if audience.internal:
        nav.append({"Readiness": "catalogue/readiness.md"})
    return nav


def write_pages(docs_dir: Path, pages: dict[str, str]) -> list[Path]:
    """Write changed pages, remove stale ones in the owned folders; returns the files written."""
    root = docs_dir.resolve()
    for folder in OWNED:
        owned = root / folder
        if owned.exists() and not (owned / MARKER).exists() and any(owned.iterdir()):
            raise RenderError(f"{owned} holds files the generator did not write; move them out of the way")
    for relative in pages:
        path = (root / relative).resolve()
        # Ids are validated, but a page must never land outside its owned folder whatever they say.
        if path.parent.parent != root or path.parent.name not in OWNED:
            raise RenderError(f"refusing to write {relative} outside the generated folders")
    for folder in OWNED:
        owned = root / folder
        owned.mkdir(parents=True, exist_ok=True)
        if not (owned / MARKER).exists():  # written once: a touched file would wake MkDocs' watcher
            (owned / MARKER).write_text("Written by `playbook build`; every file in this folder is replaced.\n")
    written = []
    targets = set()
    for relative, content in pages.items():
        path = (root / relative).resolve()
        targets.add(path)
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        path.write_text(content, encoding="utf-8")
        written.append(path)
    for folder in OWNED:
        for path in (root / folder).iterdir():
            if path.is_file() and path.name != MARKER and path not in targets:
                path.unlink()
    return written


def render_site(checked: Checked, docs_dir: Path, audience: Audience) -> list[Path]:
    return write_pages(docs_dir, pages_for(checked, audience, docs_dir))
