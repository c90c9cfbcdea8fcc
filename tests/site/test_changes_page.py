"""Revisions and acknowledgements as their readers meet them (issue 25), parsed from the built pages: the
revision line of each process page, each vendor's Changes page (its own processes only), and on the
internal site what awaits acknowledgement, with the days left. What each says is read from the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.check.config import Config
from generator.check.engine import check
from tests.conftest import TODAY, edit
from tests.site.conftest import make_project
from tests.site.test_pages import words


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The examples, with billing disputes at a revision 4 that takes effect in 14 days and Acme has not
    acknowledged yet, built for each vendor and for the client."""
    project = make_project(tmp_path_factory.mktemp("changes"))
    spec = project.specs / "billing-disputes.yaml"
    spec.write_text(
        edit(
            spec.read_text(encoding="utf-8"),
            ("  number: 3\n  effective: 2026-10-05\n", "  number: 4\n  effective: 2026-12-07\n"),
            (
                "    sla: 4h\n    next:\n      - {when: The invoice",
                "    sla: 2h\n    next:\n      - {when: The invoice",
            ),
        ),
        encoding="utf-8",
    )
    for args in (
        ("--audience", "internal", "--site-dir", "internal"),
        ("--vendor", "acme-bpo", "--site-dir", "acme"),
        ("--vendor", "atlantico-contact", "--site-dir", "atlantico"),
    ):
        run = project.build(*args)
        assert run.returncode == 0, run.stdout + run.stderr
    checked = check([str(project.specs)], Config(), TODAY)
    return project, {p.id: p for p in checked.processes}, checked.acknowledged


def soup(project, site: str, url: str) -> BeautifulSoup:
    return BeautifulSoup((project.root / site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def rows_after(heading) -> list[list[str]]:
    table = heading.find_next("table")
    return [[words(td.get_text()) for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]


@pytest.mark.parametrize("site", ["internal", "acme"])
def test_each_process_page_has_its_revision_line_in_its_own_paragraph(sites, site):
    project, processes, acknowledged = sites
    for process_id in ("billing-disputes", "after-hours-call-centre"):
        process = processes[process_id]
        page = soup(project, site, f"processes/{process_id}")
        header = page.find("article").find("p")  # the line of vendor, status and revision, first on the page
        text = words(header.get_text())
        number = header.find("strong", string=f"Revision {process.revision.number}")
        assert number is not None, text
        assert header.find("code").get_text() == process.digest
        signed = acknowledged.get(process_id)
        assert ("acknowledged not yet" in text) == (signed is None)
        if signed is not None:
            assert f"acknowledged by {_name(processes, signed)}, " in text
    billing = words(soup(project, site, "processes/billing-disputes").find("article").find("p").get_text())
    assert "Revision 4 from 7 Dec 2026 · acknowledged not yet" in billing


def test_the_internal_site_lists_what_awaits_acknowledgement_with_the_days_left(sites):
    project, _, _ = sites
    page = soup(project, "internal", "catalogue/changes")
    heading = page.find(id="awaiting-acknowledgement")
    assert heading is not None
    assert rows_after(heading) == [["Billing dispute handling", "Acme BPO Services Inc.", "4", "7 Dec 2026", "14 days"]]
    revisions = rows_after(page.find(id="revisions"))
    assert [r[0] for r in revisions] == sorted((r[0] for r in revisions), key=_day, reverse=True)
    assert len(revisions) == 4 and revisions[0][1] == "Billing dispute handling" and revisions[0][4] == "not yet"


@pytest.mark.parametrize(("site", "own", "other"), [("acme", "Acme", "Atlântico"), ("atlantico", "Atlântico", "Acme")])
def test_a_vendors_changes_page_holds_its_own_processes_only_and_no_internal_list(sites, site, own, other):
    project, processes, _ = sites
    page = soup(project, site, "catalogue/changes")
    assert page.find(id="awaiting-acknowledgement") is None
    titles = {r[1] for r in rows_after(page.find(id="revisions"))}
    vendor = "acme-bpo" if site == "acme" else "atlantico-contact"
    assert titles == {words(p.title) for p in processes.values() if p.vendor == vendor and p.revision}
    assert other not in page.find("article").get_text()


def _name(processes, signed) -> str:
    """The name of the vendor contact who signed, as the vendor file has it."""
    from generator.spec.loader import load

    document, _ = load(str(Path(next(iter(processes.values())).path).parent / "vendors" / f"{signed.vendor}.yaml"))
    return next(c["name"] for c in document.data["contacts"] if c["email"].casefold() == signed.by.casefold())


def _day(text: str):
    import datetime as dt

    return dt.datetime.strptime(text, "%d %b %Y").date()


def test_a_vendor_page_says_the_notice_its_contract_gives(sites):
    project, _, _ = sites
    page = soup(project, "atlantico", "vendors/atlantico-contact")
    (line,) = [li for li in page.find("article").find_all("li") if li.get_text().startswith("Notice of changes:")]
    assert words(line.get_text()) == (
        "Notice of changes: 10 business days before an operational change takes effect, 90 days before a "
        "contractual one (the revisions)"
    )
    assert line.find("a")["href"].endswith("catalogue/changes/")
