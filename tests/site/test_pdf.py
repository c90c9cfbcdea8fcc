"""`playbook build --pdf`: a handover pack per vendor, printed by the real Chromium and read back with pypdf."""

from __future__ import annotations

import os
import shutil

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from generator.site.pdf import _page_rules, default_paper


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


A4 = (595, 842)  # points
LETTER = (612, 792)


def _size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def _headings(html: str) -> set[str]:
    article = BeautifulSoup(html, "html.parser").find("article")
    return {" ".join(h.get_text().split()).rstrip("¶").strip() for h in article.find_all(["h1", "h2", "h3"])}


def test_the_pack_prints_on_a4_with_a_header_page_numbers_and_contents(project, chromium):
    """Every page on A4; after the cover, each names the pack and its part at the top and its number in
    the pack at the bottom; the cover's contents, and the bookmarks, give the page each part starts on;
    no page ends with a heading; the vendor's site links to the pack."""
    spec = project.specs / "billing-disputes.yaml"
    title = 'Billing <disputes> & "credits"'  # the running header must print it as written
    spec.write_text(spec.read_text().replace("title: Billing dispute handling", f"title: {title}"))
    run = project.build("--vendor", "acme-bpo", "--pdf")
    assert run.returncode == 0, run.stderr
    reader = PdfReader(project.site / "handover-pack-acme-bpo.pdf")
    assert {_size(page) for page in reader.pages} == {A4}
    texts = [page.extract_text() for page in reader.pages]
    parts = ["After-hours call centre", title, "Vendor: Acme BPO Services Inc."]
    starts = {}
    for line in texts[0].splitlines():
        for part in parts:
            if line.startswith(part):
                starts[part] = int(line.rsplit(" ", 1)[1])
    assert list(starts) == parts and starts[parts[0]] == 2, texts[0]
    bookmarks = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline}
    assert bookmarks == starts
    headings = {
        "processes/after-hours-call-centre": _headings(project.page("processes/after-hours-call-centre")),
        "processes/billing-disputes": _headings(project.page("processes/billing-disputes")),
        "vendors/acme-bpo": _headings(project.page("vendors/acme-bpo")),
    }
    all_headings = set().union(*headings.values())
    for number, text in enumerate(texts[1:], start=2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        part = max((p for p in parts if starts[p] <= number), key=lambda p: starts[p])
        # The running header (the pack, left; the part, right), then the page number.
        assert lines[:2] == [f"Handover pack: Acme BPO Services Inc. {part}", f"Page {number}"], (number, lines[:3])
        assert lines[-1] not in all_headings, (number, lines[-1])  # a heading is never left at a page's foot
    for part in parts[1:]:
        assert starts[part] > starts[parts[parts.index(part) - 1]]
    # Each flow is printed whole: its Start and its End on one page (a flow taller than a page is scaled).
    flows = [number for number, text in enumerate(texts) if "Start" in text.splitlines()]
    assert len(flows) == 2 and all("End" in texts[number].splitlines() for number in flows), flows
    assert 'href="../../handover-pack-acme-bpo.pdf"' in project.page("vendors/acme-bpo")
    assert 'href="handover-pack-acme-bpo.pdf"' in project.page("")


def test_the_pack_prints_on_letter_when_asked(project, chromium):
    run = project.build("--vendor", "atlantico-contact", "--pdf", "--paper", "letter")
    assert run.returncode == 0, run.stderr
    reader = PdfReader(project.site / "handover-pack-atlantico-contact.pdf")
    assert {_size(page) for page in reader.pages} == {LETTER}


@pytest.mark.parametrize(
    ("environ", "paper"),
    [
        ({}, "a4"),
        ({"LANG": "C.UTF-8"}, "a4"),
        ({"LANG": "de_DE.UTF-8"}, "a4"),
        ({"LANG": "en_US.UTF-8"}, "letter"),
        ({"LANG": "en_IE.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "letter"),  # the paper's own setting wins
        ({"LC_PAPER": "en_US.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "a4"),  # and LC_ALL over it, as in C
        ({"LANG": "fil_PH.UTF-8"}, "letter"),
        ({"LANG": "es_MX"}, "letter"),
    ],
)
def test_the_paper_follows_the_locale_unless_asked(environ, paper):
    assert default_paper(environ) == paper


def test_a_vendor_name_cannot_end_the_page_rules():
    rules = _page_rules("a4", 'Acme"; } body { display: none } </style><script>x()</script>', "part", 2)
    assert rules.count("{") == rules.count("}") == 5
    assert "</" not in rules and "<" not in rules and '"; }' not in rules


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
    # What folds on a phone prints in full: each role of the folded list, each KPI's folded method.
    for role in process.roles:
        assert words(role.title) in printed, role.title
    for kpi in process.kpis:
        assert words(kpi.measurement.method).rstrip(".") in printed, kpi.id
