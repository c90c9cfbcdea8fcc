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
