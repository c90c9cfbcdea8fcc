"""`playbook notice VENDOR`: one vendor's change notice, in Markdown, HTML and PDF. Nothing internal and
nothing of another vendor's, ever; what the vendor must know, in its own element of the page."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

from tests.changes.test_git import git
from tests.conftest import edit
from tests.test_cli import playbook

ROOT = Path(__file__).resolve().parents[2]
SPECS = Path("process_specs")
# Text a vendor's notice must never carry: internal fields, another vendor's processes and names, drafts.
SECRETS = (
    "SECRET-NOTE-7731",  # an internal note of acme's process
    "SECRET-WAIVER-5521",  # a waiver's reason
    "31999",  # a new monthly fee
    "7.5",  # a new service credit percent
    "OTHER-VENDOR-TITLE-4410",  # a retitled process of Atlântico's
    "DRAFT-ONLY-8812",  # an edit of a draft
    "Atlântico",
    "atlantico-contact",
)


def change(repo: Path, name: str, *replacements: tuple[str, str]) -> None:
    path = repo / SPECS / name
    path.write_text(edit(path.read_text(encoding="utf-8"), *replacements), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The examples, committed, then a pull request's worth of edits to both vendors' processes."""
    repo = tmp_path_factory.mktemp("notice")
    shutil.copytree(ROOT / SPECS, repo / SPECS)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "examples")
    change(
        repo,
        "billing-disputes.yaml",
        ("status: live\n", "status: live\nrevision: {number: 4, effective: 2027-01-04, summary: Faster triage.}\n"),
        ("    sla: 4h\n    next:\n      - {when: The invoice", "    sla: 2h\n    next:\n      - {when: The invoice"),
        ("  notes: >\n", "  notes: >\n    SECRET-NOTE-7731\n"),
        ("monthly_fee: {amount: 26000,", "monthly_fee: {amount: 31999,"),
        ("service_credit: {percent: 2, cap: 6}", "service_credit: {percent: 7.5, cap: 6}"),
    )
    change(
        repo,
        "after-hours-call-centre.yaml",
        ("vendor: acme-bpo", "vendor: atlantico-contact"),  # handed to the other vendor
    )
    change(repo, "lead-qualification.yaml", ("title: Business lead qualification", "title: OTHER-VENDOR-TITLE-4410"))
    change(repo, "payment-reminder-calls.yaml", ("title: Payment reminder calls", "title: DRAFT-ONLY-8812"))
    waiver = "waivers:\n  - {rule: K009, reason: SECRET-WAIVER-5521, approved_by: Dana Ruiz, expires: 2027-03-01}\n"
    path = repo / SPECS / "billing-disputes.yaml"
    path.write_text(path.read_text(encoding="utf-8") + waiver, encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def notices(repo) -> dict[str, str]:
    """Acme's notice in each format, as text a reader (or a search) meets."""
    texts = {}
    for name in ("markdown", "html"):
        run = playbook("notice", "acme-bpo", "main", "--format", name, "--today", "2026-12-07", cwd=repo)
        assert run.returncode == 0, run.stderr
        texts[name] = run.stdout
    # Chromium reserves more address space than the memory limit `playbook()` sets for hostile input.
    args = [sys.executable, "-m", "generator", "notice", "acme-bpo", "main", "--format", "pdf", "-o", "notice.pdf"]
    run = subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    reader = pypdf.PdfReader(io.BytesIO((repo / "notice.pdf").read_bytes()))
    texts["pdf"] = "\n".join(page.extract_text() for page in reader.pages)
    return texts


@pytest.mark.parametrize("fmt", ["markdown", "html", "pdf"])
def test_no_notice_carries_an_internal_field_or_another_vendors_item(notices, fmt):
    found = [secret for secret in SECRETS if secret in notices[fmt]]
    assert found == []


def test_the_notice_tells_each_change_in_its_own_row_grouped_by_class(notices):
    page = BeautifulSoup(notices["html"], "html.parser")
    assert page.h1.get_text() == "Change notice for Acme BPO Services Inc."
    sections = {h2.get_text(): h2 for h2 in page.find_all("h2")}
    assert set(sections) == {"Billing dispute handling", "After-hours call centre"}
    billing = sections["Billing dispute handling"]
    told = " ".join(p.get_text() for p in billing.find_next_siblings("p", limit=2))
    assert "Revision 4, in effect from 4 January 2027." in told and "What changed: Faster triage." in told
    heading = billing.find_next("h3")
    assert heading.get_text() == "Operational: how the work is done"
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in heading.find_next("table").find_all("tr")[1:]]
    assert rows == [["Step “Triage the dispute” › sla", "4h", "2h"]]
    gone = sections["After-hours call centre"].find_next("p").get_text()
    assert gone.startswith("No longer among your processes")


def test_the_other_vendor_is_told_of_its_new_process_and_its_own_changes_only(repo):
    run = playbook("notice", "atlantico-contact", "main", "--today", "2026-12-07", cwd=repo)
    assert run.returncode == 0, run.stderr
    assert "## After\\-hours call centre\n\nA process new to you" in run.stdout
    assert "OTHER\\-VENDOR\\-TITLE\\-4410" in run.stdout  # its own process, retitled
    for secret in ("Acme", "acme-bpo", "Billing dispute", "DRAFT-ONLY-8812", "SECRET"):
        assert secret not in run.stdout


def test_a_vendor_that_does_not_exist_or_a_pdf_without_a_file_is_a_usage_error(repo):
    unknown = playbook("notice", "nobody", "main", cwd=repo)
    assert unknown.returncode == 2 and "there is no vendor 'nobody'" in unknown.stderr
    pdf = playbook("notice", "acme-bpo", "main", "--format", "pdf", cwd=repo)
    assert pdf.returncode == 2 and "--output" in pdf.stderr


def test_the_html_page_runs_no_script_whatever_the_spec_says(repo, tmp_path):
    hostile = tmp_path / "hostile"
    shutil.copytree(repo, hostile)
    summary = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    change(hostile, "billing-disputes.yaml", ("summary: Faster triage.}", f"summary: '{summary}'}}"))
    run = playbook("notice", "acme-bpo", "main", "--format", "html", cwd=hostile)
    page = BeautifulSoup(run.stdout, "html.parser")
    assert page.find_all("script") == [] and page.find_all("img") == []
    assert not [a for a in page.find_all("a") if a.get("href", "").startswith("javascript")]
    assert summary in page.get_text()
