"""`playbook build --pdf`: a handover pack per vendor, printed by the real Chromium and read back with pypdf."""

from __future__ import annotations

import os
import shutil

import pytest
from pypdf import PdfReader


@pytest.fixture
def chromium():
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip("no chromium on this machine (apt-get install chromium)")


def _text(path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_each_vendor_gets_its_pack_with_its_processes_only(project, chromium):
    spec = project.specs / "billing-disputes.yaml"
    spec.write_text(spec.read_text().replace("title: Billing dispute handling", "title: Billing <disputes> & credits"))
    run = project.build("--each-vendor", "--pdf")
    assert run.returncode == 0, run.stderr
    pages, text = _text(project.site / "acme-bpo" / "handover-pack-acme-bpo.pdf")
    # A cover, two processes of several A4 pages each, the vendor page.
    assert pages >= 8, pages
    assert text.startswith("Handover pack\nAcme BPO Services Inc.")
    assert "Billing <disputes> & credits" in text and "After-hours call centre" in text
    assert "SLA annex" in text and "RACI matrix" in text
    assert "Atl" not in text and "Customer care e-mail" not in text  # another vendor's
    _, other = _text(project.site / "atlantico-contact" / "handover-pack-atlantico-contact.pdf")
    assert "Customer care e-mail" in other and "Acme" not in other
    assert not list((project.site / "atlantico-contact").glob("handover-pack-acme-bpo.pdf"))


def test_pdf_goes_with_the_vendor_audience(project):
    run = project.build("--audience", "internal", "--pdf")
    assert run.returncode == 2 and "vendor audience" in run.stderr


def test_the_pack_reads_each_step_as_the_page_does(project, chromium):
    """The pack prints the pages, so every branch and escalation of a process written for the tests reads in
    its words, and no raw Markdown reaches the paper."""
    from generator.check.config import Config
    from generator.check.engine import check
    from tests.conftest import FIXTURES, TODAY
    from tests.site.test_pages import RAW_MARKDOWN, words

    shutil.copytree(FIXTURES / "pages", project.specs, dirs_exist_ok=True)
    run = project.build("--pdf")
    assert run.returncode == 0, run.stderr
    _, text = _text(project.site / "handover-pack-tejo-services.pdf")
    assert RAW_MARKDOWN.findall(text) == []
    printed = words(text)
    (process,) = [p for p in check([str(project.specs)], Config(), TODAY).processes if p.id == "warranty-returns"]
    names = {s.id: s.name for s in process.steps}
    for step in process.steps:
        for branch in step.next:
            if branch.when:
                target = "the end" if branch.goto == "end" else names[branch.goto]
                assert words(f"{branch.when}: go to {target}") in printed, branch.when
        if step.escalation and step.escalation.when:
            assert words(step.escalation.when) in printed, step.escalation.when
