"""The personal data sections as their readers meet them (issue 24), parsed from the built pages: the vendor's
"Personal data" section on each process page, and the internal portfolio of personal data by vendor and country.
What each row should say is read from the specs' own models."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from generator.check.config import Config
from generator.check.engine import check
from generator.spec.schema import PERSONAL_DATA_CATEGORIES
from tests.conftest import TODAY
from tests.site.conftest import make_project
from tests.site.test_pages import section, words


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The examples, with one special-category item added, built for the vendors and for the client."""
    project = make_project(tmp_path_factory.mktemp("personal-data"))
    spec = project.specs / "customer-care-email.yaml"
    text = spec.read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: knowledge-base,",
        "  - {id: sick-note, name: Sick note sent to pause a direct debit, source: Zendesk attachments,\n"
        "     classification: restricted, personal_data: [contact, health], retention: 30d after the pause ends}\n"
        "  - {id: knowledge-base,",
        1,
    ).replace(
        "    inputs: [categorised-ticket, customer-account, identity-documents]\n",
        "    inputs: [categorised-ticket, customer-account, identity-documents]\n    optional_inputs: [sick-note]\n",
        1,
    )
    spec.write_text(text, encoding="utf-8")
    vendor = project.build()
    assert vendor.returncode == 0, vendor.stdout + vendor.stderr
    internal = project.build("--audience", "internal", "--site-dir", "internal")
    assert internal.returncode == 0, internal.stderr
    acme = project.build("--vendor", "acme-bpo", "--site-dir", "acme")
    assert acme.returncode == 0, acme.stderr
    processes = {p.id: p for p in check([str(project.specs)], Config(), TODAY).processes}
    return project, processes


def soup(project, site: str, url: str) -> BeautifulSoup:
    return BeautifulSoup((project.root / site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("process_id", ["billing-disputes", "customer-care-email", "lead-qualification"])
def test_each_item_with_personal_data_has_its_row_with_what_the_spec_says(sites, process_id):
    project, processes = sites
    process = processes[process_id]
    page = soup(project, "site", f"processes/{process_id}")
    heading = page.find(id="personal-data")
    assert heading is not None and heading.name == "h2"
    table = heading.find_next("table")
    rows = [[words(td.get_text()) for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
    expected = [i for i in (*process.inputs, *process.outputs) if i.is_personal]
    assert [r[0] for r in rows] == [words(i.name) for i in expected]
    for row, item in zip(rows, expected, strict=True):
        named = [c.removesuffix(" (special category)") for c in row[1].split(", ")]
        assert named == list(item.personal_data)
        assert row[2] == (item.classification or "—")
        assert row[3] == words(_in_words(item.retention or "—"))
    for link in table.find_all("a"):
        assert page.find(id=link["href"].lstrip("#")) is not None, link["href"]


def _in_words(retention: str) -> str:
    """`2y after the dispute is closed` as the page says it: "2 years after the dispute is closed"."""
    units = {"d": "day", "w": "week", "mo": "month", "y": "year"}
    match = re.fullmatch(r"(\d+) ?(d|w|mo|y)\b(.*)", retention)
    if not match:
        return retention
    number, unit, rest = match.groups()
    return f"{number} {units[unit]}{'' if number == '1' else 's'}{rest}"


def test_the_table_folds_under_a_summary_that_counts_its_rows_and_the_duties_stay_in_view(sites):
    project, processes = sites
    heading = soup(project, "site", "processes/billing-disputes").find(id="personal-data")
    parts = section(heading)
    (fold,) = [e for e in parts if e.name == "details"]
    assert not fold.has_attr("open")
    rows = [i for i in (*processes["billing-disputes"].inputs, *processes["billing-disputes"].outputs) if i.is_personal]
    assert words(fold.summary.get_text()).startswith(f"{len(rows)} items with personal data, under GDPR")
    # The vendor's duty stays in view, above the fold: whom to tell of a breach, at any hour.
    (breach,) = [e for e in parts if e.name == "p" and "A personal-data breach" in e.get_text()]
    assert parts.index(breach) < parts.index(fold)
    owner = processes["billing-disputes"].owner
    assert owner.phone in breach.get_text() and owner.hours not in breach.get_text()
    assert "2 years after the dispute is closed" in words(fold.get_text())


def test_the_vendor_reads_its_breach_duty_its_agreement_and_the_transfer_basis(sites):
    project, processes = sites
    heading = soup(project, "site", "processes/billing-disputes").find(id="personal-data")
    facts = {
        words(fact.find("strong").get_text()).rstrip(":"): words(fact.get_text())
        for element in section(heading)
        for fact in [element, *element.find_all("li")]
        if fact.name in ("p", "li") and fact.find("strong", recursive=False)
    }
    owner = processes["billing-disputes"].owner
    assert (
        owner.name in facts["A personal-data breach"]
        and "within 24 hours of finding it" in facts["A personal-data breach"]
    )
    assert facts["Data-processing agreement"].endswith("signed 15 Dec 2025.")
    assert facts["Transfer under GDPR"] == (
        "Transfer under GDPR: the data goes from the EEA to the Philippines under the EU's standard contractual "
        "clauses."
    )
    portugal = soup(project, "site", "processes/lead-qualification").find(id="personal-data")
    transfer = [words(li.get_text()) for e in section(portugal) for li in e.find_all("li") if "Transfer" in li.text]
    assert transfer
    assert transfer == ["Transfer under GDPR: Portugal is in the EEA, so no transfer mechanism is needed."]


def test_a_special_category_is_named_as_such(sites):
    project, _ = sites
    page = soup(project, "site", "processes/customer-care-email")
    row = next(tr for tr in page.find(id="personal-data").find_next("table").find_all("tr") if "Sick note" in tr.text)
    assert words(row.find_all("td")[1].get_text()) == "contact, health (special category)"
    assert PERSONAL_DATA_CATEGORIES["health"].special


def test_the_portfolio_of_personal_data_is_the_clients_alone(sites):
    project, processes = sites
    assert soup(project, "site", ".").find(id="personal-data-by-vendor-and-country") is None
    assert soup(project, "acme", ".").find(id="personal-data-by-vendor-and-country") is None
    home = soup(project, "internal", ".")
    table = home.find(id="personal-data-by-vendor-and-country").find_next("table")
    rows = {
        words(tr.find_all("td")[0].get_text()): [words(td.get_text()) for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }
    assert set(rows) == {"Acme BPO Services Inc.", "Atlântico Contact Services, Lda."}
    acme, atlantico = rows["Acme BPO Services Inc."], rows["Atlântico Contact Services, Lda."]
    assert acme[1] == "Philippines" and atlantico[1] == "Portugal"
    mine = {p.title for p in processes.values() if p.vendor == "acme-bpo"}
    assert set(acme[2].split(", ")) == mine
    assert acme[5] == "the EU's standard contractual clauses" and atlantico[5] == "—"
    # Special categories first, then the others in order.
    assert atlantico[3].startswith("health (special category), ")
    assert (acme[6], acme[7]) == ("15 Dec 2025", "24 hours")


def test_a_vendor_site_shows_no_other_vendors_personal_data(sites):
    project, _ = sites
    text = " ".join(
        path.read_text(encoding="utf-8") for path in (project.root / "acme").rglob("*.html") if path.is_file()
    )
    assert "Atlântico" not in text and "Sick note" not in text
    assert re.search(r"Personal data", text)


def test_a_process_that_declares_no_personal_data_says_so(project):
    spec = project.specs / "lead-qualification.yaml"
    text = re.sub(r"personal_data: \[[a-z, -]*\]", "personal_data: []", spec.read_text(encoding="utf-8"))
    spec.write_text(text, encoding="utf-8")
    assert project.build().returncode == 0
    heading = BeautifulSoup(project.page("processes/lead-qualification"), "html.parser").find(id="personal-data")
    said = [words(e.get_text()) for e in section(heading)]
    assert "No input or output of this process carries personal data." in said
    assert not heading.find_next("details") or heading.find_next("details") not in section(heading)
