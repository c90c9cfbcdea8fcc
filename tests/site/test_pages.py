"""Process pages read as a vendor agent meets them: every fact of every step in its own element.

The built HTML is parsed with a real HTML parser (Beautiful Soup), not searched for strings: a substring test
passes while a branch runs into the next one or an escalation is glued into the Next box as raw Markdown.
The processes are the shipped examples, the outsiders' specs, and one written for this test, unlike both
(`tests/fixtures/pages/`: warranty returns, with many branches, escalations and instructions that end in
lists). What each step should show is read from the spec's own model, not written into the test.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup, Tag

from generator.check.config import Config
from generator.check.engine import check
from generator.check.rules.common import END, successors
from generator.site.render.context import duration
from generator.spec.model import Duty, Process
from generator.spec.schema import CADENCE_WORDS
from tests.conftest import FIXTURES, TODAY
from tests.site.conftest import ROOT, Project

SOURCES = [ROOT / "process_specs", FIXTURES / "outsiders", FIXTURES / "pages"]
# Markdown that must never reach a reader: an admonition, bold, a link, an attribute list.
RAW_MARKDOWN = re.compile(r"!!!|\*\*|\]\(|\{:")

# The test process as a hurried owner edits it: a list right under its lead-in line, numbered `1)`, ending the
# instructions; a trigger written over two lines with its own full stop; an escalation with no trigger; a step
# whose branches were deleted (the list order then leads on); a condition with HTML and a full stop; a
# check-in named with Markdown and HTML characters (it shows in a folded section's summary).
HURRIED_EDITS = [
    ("id: warranty-returns\n", "id: warranty-returns-hurried\n"),
    ("title: Warranty returns (RMA) handling", "title: Warranty returns (RMA) handling, hurried"),
    (
        "turn it into an RMA case:\n\n      1. Search",
        "turn it into an RMA case:\n      1) Search",
    ),
    ("      2. Copy the model", "      2) Copy the model"),
    ("      3. Pick the fault", "      3) Pick the fault"),
    ("      4. Send the macro", "      4) Send the macro"),
    (
        "      when: The serial number is unknown to SAP or reported stolen\n",
        "      when: |\n        The serial number is unknown to SAP\n        or reported stolen.\n",
    ),
    ("      when: 3 or more safety reports on the same model within 7 days\n", ""),
    (
        "    next:\n"
        "      - {when: The customer confirms the fault is gone after the update or the reset, goto: close-case}\n"
        "      - {goto: arrange-collection}\n",
        "",
    ),
    (
        "The customer declines the quote or does not answer within 14 days",
        "'The customer says <b>no</b> to the quote, or is silent for 14 days.'",
    ),
    ("    - name: Monthly service review\n", "    - name: 'Monthly *service* review & [QBR] <prep>'\n"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Project, list[Process]]:
    """One internal build (drafts included) of every process of SOURCES, and their models."""
    root = tmp_path_factory.mktemp("pages") / "project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(
        ROOT / "playbook", root / "playbook", ignore=shutil.ignore_patterns("processes", "vendors", "catalogue")
    )
    specs = root / "process_specs"
    for source in SOURCES:
        shutil.copytree(source, specs, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    hurried = (specs / "warranty-returns.yaml").read_text(encoding="utf-8")
    for old, new in HURRIED_EDITS:
        assert old in hurried, old
        hurried = hurried.replace(old, new, 1)
    (specs / "warranty-returns-hurried.yaml").write_text(hurried, encoding="utf-8")
    project = Project(root)
    run = project.build("--audience", "internal")
    assert run.returncode == 0, run.stderr
    processes = check([str(specs)], Config(), TODAY).processes
    assert {"billing-disputes", "it-service-desk", "warranty-returns", "warranty-returns-hurried"} <= {
        p.id for p in processes
    }
    return project, processes


def page(project: Project, process: Process) -> Tag:
    soup = BeautifulSoup(project.page(f"processes/{process.id}"), "html.parser")
    article = soup.find("article")
    assert article is not None
    return article


def section(heading: Tag) -> list[Tag]:
    """The elements under a heading, up to the next heading of its level or higher."""
    elements = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2", "h3"):
            break
        elements.append(sibling)
    return elements


def boxes(elements: list[Tag], title: str) -> list[Tag]:
    return [
        box
        for element in elements
        for box in element.select("div.admonition")
        if box.select_one(".admonition-title") and box.select_one(".admonition-title").get_text(strip=True) == title
    ]


def words(text: str) -> str:
    return " ".join(text.split())


def duty_heading(article: Tag, process: Process, duty: Duty) -> Tag:
    if duty.kind == "step":
        return article.find("h3", id=f"step-{duty.id}")
    routines = article.find("h2", id="routines")
    return next(h for h in routines.find_all_next("h3") if words(h.get_text()).rstrip("¶").strip() == words(duty.name))


def assert_duty_reads_right(article: Tag, process: Process, duty: Duty, index: int | None) -> None:
    where = f"{process.id}: {duty.kind} {duty.id}"
    heading = duty_heading(article, process, duty)
    assert heading is not None, where
    elements = section(heading)

    sla = boxes(elements, "SLA")
    if duty.sla:
        assert len(sla) == 1, where
        assert words(duration(duty.sla)) in words(sla[0].get_text()), where
    else:
        assert sla == [], where

    escalation = boxes(elements, "Escalation")
    if duty.escalation:
        assert len(escalation) == 1, where
        box = escalation[0]
        assert box.select_one(f'a[href="#role-{duty.escalation.to}"]') is not None, where
        if duty.escalation.when:
            assert words(duty.escalation.when).rstrip(".") in words(box.get_text()), where
        assert not re.search(r"[.:;]\.", box.get_text()), (where, box.get_text())
        contact = (role := process.role(duty.escalation.to)) and role.contact
        if contact and contact.phone:  # whom to phone, in the box itself
            assert box.select_one(f'a[href="{tel(contact.phone)}"]') is not None, where
    else:
        assert escalation == [], where

    if index is not None:
        (next_box,) = boxes(elements, "Next")
        items = next_box.select("li")
        branches = [(b.when, b.goto) for b in duty.next] or [(None, g) for g in successors(process, index)]
        assert len(items) == len(branches), where  # one list item per branch
        for item, (when, goto) in zip(items, branches, strict=True):
            text = words(item.get_text())
            if when:
                assert text.startswith(words(when).rstrip(".:;") + ": go to"), (where, text)
                assert not re.search(r"[.:;]: go to", text), (where, text)
            if goto == END:
                assert text.endswith("go to the end"), (where, text)
            else:
                assert item.select_one(f'a[href="#step-{goto}"]') is not None, (where, text)
    else:
        assert boxes(elements, "Next") == [], where
        assert words(CADENCE_WORDS.get(duty.cadence, duty.cadence)) in words(
            " ".join(e.get_text() for e in elements)
        ), where

    # Role lines are never numbered as steps of the procedure, whatever list the instructions end with.
    role_lines = [
        li
        for element in elements
        for li in ([element] if element.name == "li" else element.find_all("li"))
        if re.match(r"(Responsible|Accountable|Consulted|Informed|Inputs|Outputs|Tools):", li.get_text(strip=True))
    ]
    assert len(role_lines) >= 2, where
    for li in role_lines:
        assert li.find_parent("ol") is None, (where, li.get_text())


def visible_text(article: Tag) -> str:
    """The page's text as read, without code (where a rule's example may show Markdown on purpose)."""
    copy = BeautifulSoup(str(article), "html.parser")
    for code in copy.find_all(["code", "pre", "script", "style"]):
        code.decompose()
    return copy.get_text(" ")


def test_every_step_and_routine_shows_each_fact_in_its_own_element(built):
    project, processes = built
    checked = 0
    for process in processes:
        article = page(project, process)
        for index, step in enumerate(process.steps):
            assert_duty_reads_right(article, process, step, index)
            checked += 1
        for routine in process.routines:
            assert_duty_reads_right(article, process, routine, None)
            checked += 1
    assert checked >= 60


def test_no_raw_markdown_in_any_process_page(built):
    project, processes = built
    for process in processes:
        text = visible_text(page(project, process))
        assert RAW_MARKDOWN.findall(text) == [], process.id


def test_no_raw_markdown_in_the_search_index_of_process_pages(built):
    project, _ = built
    index = json.loads((project.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("processes/")]
    assert len(entries) > 100
    for entry in entries:
        text = BeautifulSoup(entry["text"], "html.parser").get_text(" ")
        assert RAW_MARKDOWN.findall(text) == [], entry["location"]


def test_the_test_process_exercises_what_it_is_for(built):
    """The process written for this test keeps what it is there to test."""
    _, processes = built
    (process,) = [p for p in processes if p.id == "warranty-returns"]
    assert sum(1 for s in process.steps if len(s.next) > 1) >= 5
    assert sum(1 for d in (*process.steps, *process.routines) if d.escalation) >= 5
    endings = [d.instructions.rstrip().splitlines()[-1].lstrip() for d in process.steps if d.instructions]
    assert sum(1 for line in endings if re.match(r"\d+[.)] ", line)) >= 2
    assert sum(1 for line in endings if re.match(r"[-*+] ", line)) >= 2


def test_a_branch_written_with_markdown_characters_reads_as_written(built):
    project, processes = built
    (process,) = [p for p in processes if p.id == "warranty-returns"]
    article = page(project, process)
    special = [(s, b) for s in process.steps for b in s.next if b.when and re.search(r"[*_\[\]<>`]", b.when)]
    assert special, "the test process has no condition with Markdown characters"
    for step, branch in special:
        (box,) = boxes(section(article.find("h3", id=f"step-{step.id}")), "Next")
        assert any(words(li.get_text()).startswith(words(branch.when)) for li in box.select("li")), branch.when


def tel(phone: str) -> str:
    return "tel:+" + re.sub(r"[^0-9]", "", phone)


def test_who_to_call_opens_each_process_page_and_the_escalation_path_names_each_level(built):
    project, processes = built
    with_phones = 0
    for process in processes:
        html = BeautifulSoup(project.page(f"processes/{process.id}"), "html.parser")
        article = html.find("article")
        (first_box,) = boxes([article], "Who to call")
        assert first_box.find_previous("h2") is None, process.id  # above every section of the page
        assert process.owner.name in first_box.get_text(), process.id
        if process.owner.phone:
            assert first_box.select_one(f'a[href="{tel(process.owner.phone)}"]') is not None, process.id
            with_phones += 1
        path = process.governance.escalation_path if process.governance else ()
        if not path:
            continue
        heading = article.find("h3", id="escalation-path")
        assert heading is not None, process.id
        assert html.select_one('.md-nav--secondary a[href="#escalation-path"]') is not None, process.id
        (levels,) = [e for e in section(heading) if e.name == "ol"]
        items = levels.find_all("li", recursive=False)
        assert len(items) == len(path), process.id
        for item, role_id in zip(items, path, strict=True):
            assert item.select_one(f'a[href="#role-{role_id}"]') is not None, (process.id, role_id)
            contact = process.role(role_id).contact
            if contact and contact.phone:
                assert contact.name in item.get_text() and item.select_one(f'a[href="{tel(contact.phone)}"]')
                with_phones += 1
        assert first_box.select_one(f'a[href="#role-{path[0]}"]') is not None, process.id
    assert with_phones >= 3  # the example's owner and its two levels at least


def test_the_kpi_table_names_the_breach_threshold_and_says_what_it_means(built):
    project, processes = built
    for process in (p for p in processes if p.kpis):
        article = page(project, process)
        elements = section(article.find("h2", id="kpis-and-slas"))
        (table,) = [e for e in elements if e.name == "table"]
        assert [th.get_text(strip=True) for th in table.select("thead th")][:3] == [
            "KPI",
            "Target",
            "Breach threshold",
        ], process.id
        meaning = table.find_next_sibling("p")
        assert [b.get_text() for b in meaning.find_all("strong")] == ["met", "at risk", "breached"], process.id


def test_the_home_page_says_whom_to_call_for_each_process(built):
    project, processes = built
    home = BeautifulSoup(project.page(""), "html.parser").find("article")
    # The portfolio table; on the internal site, the personal data by vendor links processes too.
    (table,) = [t for t in home.find_all("table") if t.select_one("thead th").get_text(strip=True) == "Process"]
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers[:2] == ["Process", "Who to call"]
    rows = {tr.select_one("td a")["href"].split("/")[1]: tr.find_all("td")[1] for tr in table.select("tbody tr")}
    for process in processes:
        cell = rows[process.id]
        assert process.owner.name in cell.get_text(), process.id
        if process.owner.phone:
            assert cell.select_one(f'a[href="{tel(process.owner.phone)}"]') is not None, process.id
        else:
            assert cell.select_one(f'a[href="mailto:{process.owner.email}"]') is not None, process.id


# The reference sections a phone folds away, and what each fold's summary counts.
FOLDED = {
    "raci-matrix": lambda p: f"{len(p.steps) + len(p.routines)} row",
    "inputs-and-outputs": lambda p: f"{len(p.inputs)} input",
    "tools-and-access": lambda p: f"{len(p.tools)} tool",
    "risk-register": lambda p: f"{len(p.risks)} risk",
    "roles": lambda p: f"{len(p.roles)} role",
}


def test_reference_sections_fold_and_say_what_they_hold(built):
    """Tables the step cards point into fold on the page, each under a summary that counts what it holds;
    the procedure itself never folds, and every link within a page leads to an element of that page."""
    project, processes = built
    for process in processes:
        article = page(project, process)
        for heading_id, count in FOLDED.items():
            heading = article.find("h2", id=heading_id)
            assert heading is not None, (process.id, heading_id)
            folds = [e for e in section(heading) if e.name == "details"]
            assert len(folds) == 1 and "playbook-fold" in folds[0]["class"], (process.id, heading_id)
            assert not folds[0].has_attr("open"), (process.id, heading_id)
            summary = words(folds[0].summary.get_text())
            assert summary.startswith(count(process)) or f" {count(process)}" in summary, (process.id, summary)
        procedure = section(article.find("h2", id="procedure"))
        assert [e for e in procedure if e.name == "details"] == [], process.id
        for link in article.select('a[href^="#"]'):
            assert article.find(id=link["href"][1:]) is not None, (process.id, link["href"])


def test_each_kpi_target_and_breach_threshold_are_in_one_place_that_the_others_link_to(built):
    """The KPI table holds each KPI's target (with its direction), breach threshold and baseline; the
    objectives, the latest figures and the check-ins link to its row instead of repeating them."""
    project, processes = built
    for process in (p for p in processes if p.kpis):
        article = page(project, process)
        for kpi in process.kpis:
            anchor = article.find(id=f"kpi-{kpi.id}")
            assert anchor is not None and anchor.find_parent("tr") is not None, (process.id, kpi.id)
            cells = {td.get("data-label"): words(td.get_text()) for td in anchor.find_parent("tr").find_all("td")}
            assert cells["KPI"].endswith("(SLA)") == bool(kpi.contractual), (process.id, cells)
            if kpi.target is not None:
                assert cells["Target"].startswith(str(kpi.target).removesuffix(".0")), (process.id, cells)
            if kpi.direction:
                assert kpi.direction.replace("-", " ") in cells["Target"], (process.id, cells)
            assert cells["Breach threshold"] != "", (process.id, cells)
        headers = [words(th.get_text()) for th in article.select("table thead th")]
        assert headers.count("Target") == 1 and headers.count("Breach threshold") == 1, (process.id, headers)
        objectives = section(article.find("h2", id="outcome-and-objectives"))
        links = [a["href"] for e in objectives for a in e.select('a[href^="#kpi-"]')]
        assert len(links) == sum(1 for o in process.objectives if o.kpi in {k.id for k in process.kpis}), process.id


def test_a_fold_summary_reads_names_as_written(built):
    project, processes = built
    (process,) = [p for p in processes if p.id == "warranty-returns-hurried"]
    checkins = section(page(project, process).find("h3", id="check-ins"))
    fold = next(e for e in checkins if e.name == "details")
    summary = words(fold.summary.get_text())
    assert "Monthly *service* review & [QBR] <prep>" in summary, summary
    assert fold.summary.find("b") is None and "\\" not in summary


def test_search_keeps_the_words_of_diagrams_apart(built):
    """The flow's labels, its steps' names and the timeline's phases are separate elements: the search index
    must hold them as the diagram shows them, a word apart ("a fault The request", not "a faultThe request";
    "transfer 12 Jan", not "transfer12 Jan")."""
    project, processes = built
    index = json.loads((project.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {d["location"]: BeautifulSoup(d["text"], "html.parser").get_text(" ") for d in index["docs"]}
    checked = 0
    for process in processes:
        flow = entries.get(f"processes/{process.id}/#flow")
        if flow is None:
            continue
        svg = page(project, process).select_one(".playbook-flow svg")
        pieces = [leaf.get_text() for leaf in svg.find_all(["tspan", "text"]) if not leaf.find("tspan")]
        assert words(flow) == words(" ".join(pieces)), process.id
        checked += 1
    assert checked >= 8
    transition = " ".join(v for k, v in entries.items() if k.endswith("/#transition"))
    assert "Knowledge transfer" in transition and not re.search(r"(transfer|Pilot|live)\d", transition)


def _ids(html: str) -> set[str]:
    return {tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True)}


def test_every_part_of_a_page_that_check_lets_text_link_is_on_the_page(built, project):
    """R009 lets spec text link `#kpi-<id>`, `#procedure` and the like, so that a link check passed cannot stop
    the build; each must be on every process page, for the internal audience and a vendor's."""
    from generator.check.rules.references import page_anchors

    project_built, processes = built
    for process in processes:
        missing = set(page_anchors(process)) - _ids(project_built.page(f"processes/{process.id}"))
        assert missing == set(), process.id
    assert project.build().returncode == 0
    shown = [p for p in check([str(project.specs)], Config(), TODAY).processes if p.status != "draft"]
    for process in shown:
        missing = set(page_anchors(process)) - _ids(project.page(f"processes/{process.id}"))
        assert missing == set(), process.id


@pytest.mark.parametrize(
    ("link", "finding"),
    [("[the credit check](#kpi-credit-accuracy)", False), ("[the credit check](#credit-accuracy)", True)],
)
def test_a_link_to_a_part_of_the_page_passes_check_only_when_the_build_passes_too(project, link, finding):
    """Issue 22's reproducer: `[x](#nowhere)` passed check, then stopped the build."""
    spec = project.specs / "billing-disputes.yaml"
    text = spec.read_text(encoding="utf-8")
    old = "    instructions: |\n      Read the ticket"
    assert old in text
    spec.write_text(text.replace(old, f"    instructions: |\n      See {link}. Read the ticket", 1), encoding="utf-8")
    found = [f for f in check([str(project.specs)], Config(), TODAY).result.findings if f.code == "R009"]
    build = project.build()
    if finding:
        assert "did you mean #kpi-credit-accuracy?" in found[0].full_message and build.returncode == 1
    else:
        assert found == [] and build.returncode == 0, build.stderr


def test_retained_work_shows_as_the_clients_and_a_retained_tool_is_not_listed_for_the_vendor(project):
    """Issue 23: the vendor must see the hand-off (a retained step, in the client's lane and marked kept by
    the client), and never a tool the client keeps among its own."""
    spec = project.specs / "billing-disputes.yaml"
    text = spec.read_text(encoding="utf-8")
    text = text.replace(
        "tools:\n  - id: zendesk\n",
        "tools:\n  - {id: bank-portal, name: Bank portal, retained: true}\n  - id: zendesk\n",
        1,
    )
    text = text.replace(
        "    outputs: [credit-approval]\n    tools: [zendesk, zuora]\n",
        "    outputs: [credit-approval]\n    tools: [zendesk, zuora, bank-portal]\n",
        1,
    )
    spec.write_text(text, encoding="utf-8")
    assert project.build().returncode == 0
    vendor_page = BeautifulSoup(project.page("processes/billing-disputes"), "html.parser")
    card = vendor_page.find(id="step-approve-credit").find_next("div", class_="step-card")
    assert "Kept by the client: the client does this" in " ".join(card.get_text().split())
    assert vendor_page.find(id="tool-bank-portal") is None
    assert "Bank portal" not in " ".join(vendor_page.find(id="tools-and-access").find_next("table").get_text().split())
    uses = vendor_page.find(id="step-approve-credit").find_next(string=re.compile("Bank portal"))
    assert uses is not None and uses.find_parent("a") is None  # named, not linked to a row the page lacks
    triage = vendor_page.find(id="step-triage").find_next("div", class_="step-card")
    assert "Kept by the client" not in triage.get_text()
    assert project.build("--audience", "internal", "--site-dir", "internal").returncode == 0
    internal = BeautifulSoup(
        (project.root / "internal/processes/billing-disputes/index.html").read_text(), "html.parser"
    )
    assert internal.find(id="tool-bank-portal") is not None


def test_an_approval_shows_on_both_cards(project):
    """Maker and checker each see the other: the approved step's card says where it is approved."""
    spec = project.specs / "billing-disputes.yaml"
    text = spec.read_text(encoding="utf-8")
    text = text.replace("      - {goto: apply-decision}\n", "", 1)
    text = text.replace("    approves: [investigate]\n", "")
    text = text.replace(
        "    retained: true  # credits above", "    approves: [investigate]\n    retained: true  # credits above", 1
    )
    spec.write_text(text, encoding="utf-8")
    run = project.build()
    assert run.returncode == 0, run.stderr
    page = BeautifulSoup(project.page("processes/billing-disputes"), "html.parser")
    checker = page.find(id="step-approve-credit").find_next("div", class_="step-card")
    maker = page.find(id="step-investigate").find_next("div", class_="step-card")
    assert "Approves the work of: Investigate" in " ".join(checker.get_text().split())
    assert maker.find("a", href="#step-approve-credit") is not None
    assert "Approved at: Approve or refuse the credit, before the case goes on" in " ".join(maker.get_text().split())


def test_each_kpi_says_which_duty_its_figures_come_from_with_a_link_to_it(built):
    """`measurement.from` shows in "How each KPI is measured" as the duty's or output's name, linked to its
    section of the page (a routine's heading, a step's, an output's row)."""
    project, processes = built
    checked = 0
    for process in processes:
        names = {d.id: d.name for d in process.duties} | {o.id: o.name for o in process.outputs}
        article = page(project, process)
        fold = next(
            (d for d in article.find_all("details") if "How each KPI is measured" in d.summary.get_text()), None
        )
        for kpi in process.kpis:
            source = kpi.measurement.from_ if kpi.measurement else None
            if source is None:
                continue
            item = next(li for li in fold.find_all("li") if words(li.strong.get_text()).startswith(words(kpi.name)))
            assert f"figures from {words(names[source])};" in words(item.get_text()), (process.id, kpi.id)
            link = item.find("a", string=lambda s, n=names[source]: s is not None and words(s) == words(n))
            assert link is not None and article.find(id=link["href"][1:]) is not None, (process.id, kpi.id)
            checked += 1
    assert checked >= 8


def test_the_internal_page_lists_what_each_waiver_is_for_and_silences_today(project):
    """Issue 23: a waiver scoped to items shows its items and the findings it silences in this build; a new
    finding of the same rule elsewhere stays in the findings table."""
    spec = project.specs / "billing-disputes.yaml"
    text = spec.read_text(encoding="utf-8")
    for step in ("[investigation-summary]\n    outputs: [resolution-notice]", "[revenue-assurance]\n"):
        head, sep, tail = text.partition(step)
        assert sep, step
        head = (
            head[: head.rindex("    accountable: vendor-lead\n")]
            + "    accountable: billing-lead\n"
            + (head[head.rindex("    accountable: vendor-lead\n") + len("    accountable: vendor-lead\n") :])
        )
        text = head + sep + tail
    waiver = (
        "waivers:\n  - {rule: P005, reason: Our billing lead signs every notice off, approved_by: Dana Ruiz,\n"
        "     expires: 2027-03-01, items: [notify-customer]}\ninternal:\n"
    )
    spec.write_text(text.replace("internal:\n", waiver, 1), encoding="utf-8")
    run = project.build("--audience", "internal")
    assert run.returncode == 0, run.stderr
    soup = BeautifulSoup(project.page("processes/billing-disputes"), "html.parser")
    tables = {tuple(words(th.get_text()) for th in t.select("thead th")): t for t in soup.select("table")}
    waivers = tables[("Waived rule", "For", "Reason", "Approved by", "Expires", "Silences today")]
    [row] = [{td["data-label"]: words(td.get_text()) for td in tr.find_all("td")} for tr in waivers.select("tbody tr")]
    assert row["For"] == "Send the resolution notice"
    line = text.index("accountable: billing-lead", text.index("id: notify-customer"))
    assert row["Silences today"].startswith(f"line {text.count(chr(10), 0, line) + 1}: step 'notify-customer'")
    findings = tables[("Where", "Rule", "Severity", "Finding")]
    left = [words(tr.get_text(" ")) for tr in findings.select("tbody tr") if "P005" in tr.get_text()]
    assert len(left) == 1 and "quality-audit" in left[0]
