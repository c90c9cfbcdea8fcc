"""Real `mkdocs build --strict` of the shipped examples; assertions on the generated HTML."""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup

from generator.check.rules import RULES


def test_examples_build_without_warnings(project):
    run = project.build()
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    for url in ("processes/billing-disputes", "vendors/acme-bpo", "catalogue/kpis", ""):
        assert (project.site / url / "index.html").is_file(), url


def test_process_page_sections_in_order(project):
    project.build()
    html = project.page("processes/billing-disputes")
    headings = re.findall(r'<h2 id="([^"]+)"', html)
    expected = [
        "outcome-and-objectives",
        "volume",
        "flow",
        "procedure",
        "roles",
        "raci-matrix",
        "inputs-and-outputs",
        "tools-and-access",
        "kpis-and-slas",
        "governance",
        "transition",
        "risk-register",
        "compliance",
        "communication",
    ]
    assert [h for h in headings if h in expected] == expected
    # The flow and the transition are drawn at build time: no Mermaid on a process page.
    assert '<pre class="mermaid">' not in html and html.count('<div class="playbook-flow"') == 1
    lanes = re.findall(r'class="playbook-flow__lane-name"[^>]*>(\w+)<', html)
    assert lanes == ["Client", "Vendor"]
    timeline = html.split('<div class="playbook-timeline">')[1].split("</div></div>")[0]
    assert "Knowledge transfer" in timeline and "13 Apr 2026 to 8 May 2026" in timeline and "18 May 2026" in timeline


def test_raci_matrix_is_a_table_with_one_accountable_per_step(project):
    project.build()
    html = project.page("processes/billing-disputes")
    section = html.split('id="raci-matrix"')[1].split("<h2")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]
    assert len(rows) == 7
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert sum("A" in c for c in cells[1:]) == 1, row


def test_routines_have_a_section_and_rows_and_optional_inputs_say_if_any(project):
    run = project.build()
    assert run.returncode == 0, run.stderr
    html = project.page("processes/after-hours-call-centre")
    headings = re.findall(r'<h2 id="([^"]+)"', html)
    assert headings.index("procedure") < headings.index("routines") < headings.index("raci-matrix")
    procedure = html.split('id="procedure"')[1].split("<h2")[0]
    routines = html.split('id="routines"')[1].split("<h2")[0]
    # The handover and the quality sample are routines: in their own section, not numbered steps, not in the flow.
    assert "Hand the night over to the day team" not in procedure
    assert re.findall(r"<h3[^>]*>([^<]*)<", routines) == [
        "Hand the night over to the day team",
        "Score a sample of the week's calls",
    ]
    assert "<strong>Cadence:</strong> every shift" in routines and "<strong>Cadence:</strong> weekly" in routines
    assert "<strong>Responsible:</strong> Vendor quality analyst (vendor)" in routines
    assert "Weekly call quality scores per agent" in routines
    assert 'Escalate to <a href="#role-service-ops-manager">Customer service operations' in routines
    assert "s_compile_handover" not in html.split('id="flow"')[1].split("<h2")[0]
    # An optional input is listed after the others, as used if any.
    assert (
        '<strong>Inputs:</strong> <a href="#input-inbound-call">Inbound customer call</a>; if any: '
        '<a href="#output-fault-ticket">Fault ticket</a>, '
        '<a href="#output-callback-ticket">Callback ticket for the day team</a>'
    ) in procedure
    raci = html.split('id="raci-matrix"')[1].split("<h2")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", raci, re.S)
    assert "Step or routine" in rows[0]
    marked = [row for row in rows if "<em>Routine:</em>" in row]
    assert len(marked) == 2 and rows[-2:] == marked and "Hand the night over" in marked[0]


def test_links_between_process_and_vendor_pages(project):
    project.build()
    process = project.page("processes/billing-disputes")
    assert 'href="../../vendors/acme-bpo/"' in process
    vendor = project.page("vendors/acme-bpo")
    assert 'href="../../processes/billing-disputes/"' in vendor
    assert "SLA annex" in vendor and "First-contact resolution" in vendor


def test_home_shows_the_portfolio_and_hand_written_text(project):
    project.build()
    home = project.page("")
    assert "Each process page is meant to be" in home
    assert 'href="processes/lead-qualification/"' in home


def test_vendor_audience_never_sees_drafts_or_internal_notes(project):
    text = (project.specs / "billing-disputes.yaml").read_text()
    text = text.replace("internal:\n  notes: ", "internal:\n  notes: INTERNAL-CANARY ", 1)
    text += "waivers:\n  - {rule: P005, reason: WAIVER-CANARY, approved_by: Dana Ruiz, expires: 2027-03-01}\n"
    (project.specs / "billing-disputes.yaml").write_text(text)
    assert "INTERNAL-CANARY" in text
    assert project.build().returncode == 0
    for name, content in project.output_files().items():
        assert b"INTERNAL-CANARY" not in content, name
        assert b"WAIVER-CANARY" not in content, name
        assert b"payment-reminder-calls" not in content, name
        assert b"Readiness" not in content, name
        assert not name.startswith("authoring/"), name


def test_internal_audience_shows_drafts_readiness_and_notes(project):
    spec = project.specs / "billing-disputes.yaml"
    spec.write_text(
        spec.read_text()
        + "waivers:\n  - {rule: P005, reason: WAIVER-CANARY, approved_by: Dana Ruiz, expires: 2027-03-01}\n"
    )
    run = project.build("--audience", "internal")
    assert run.returncode == 0, run.stderr
    draft = project.page("processes/payment-reminder-calls")
    assert "This process is a draft" in draft
    readiness = project.page("catalogue/readiness")
    assert "Readiness" in readiness and "WAIVER-CANARY" in readiness and "2027-03-01" in readiness
    assert "payment-reminder-calls" in readiness
    assert "Internal: not published to vendors" in project.page("processes/billing-disputes")
    # The authoring guide, where `check` links each finding's rule to when site_url is set.
    rules = project.page("authoring/rules")
    assert all(f'id="{code.lower()}"' in rules for code in RULES)
    assert "Spec reference" in project.page("authoring/spec-reference")


def test_one_vendor_sees_only_its_own(project):
    run = project.build("--vendor", "atlantico-contact")
    assert run.returncode == 0, run.stderr
    for name, content in project.output_files().items():
        for canary in (b"acme-bpo", b"Acme BPO", b"billing-disputes", b"after-hours-call-centre"):
            assert canary not in content, (name, canary)
    assert (project.site / "processes" / "lead-qualification" / "index.html").exists()


def test_failed_build_leaves_the_previous_site_byte_identical(project):
    assert project.build().returncode == 0
    before = project.digest()
    spec = project.specs / "billing-disputes.yaml"
    spec.write_text(spec.read_text().replace("title: ", "titel: ", 1))
    run = project.build()
    assert run.returncode == 1
    assert "S001" in run.stderr and "previous site is unchanged" in run.stderr
    assert project.digest() == before
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site")) == []


def test_removed_spec_loses_its_page_and_the_docs_folder_is_only_read(project):
    docs = project.root / "playbook"
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    assert project.build().returncode == 0
    (project.specs / "lead-qualification.yaml").unlink()
    # Its figures would belong to no process (M007, an error): they go with it.
    assert project.build().returncode == 1
    (project.specs / "measurements" / "lead-qualification.csv").unlink()
    assert project.build().returncode == 0
    assert not (project.site / "processes" / "lead-qualification").exists()
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_site_loads_nothing_from_other_origins(project):
    project.build()
    for name, content in project.output_files().items():
        if not name.endswith(".html"):
            continue
        text = content.decode()
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), (name, tag)
    assert "fonts.googleapis" not in project.page("")
    assert (project.site / "assets" / "playbook" / "mermaid.min.js").is_file()


def test_each_vendor_gets_its_own_site_with_no_trace_of_the_other(project):
    run = project.build("--each-vendor")
    assert run.returncode == 0, run.stderr
    acme, atlantico = project.site / "acme-bpo", project.site / "atlantico-contact"
    assert (acme / "processes" / "billing-disputes" / "index.html").is_file()
    assert (atlantico / "processes" / "lead-qualification" / "index.html").is_file()
    for site, others in (
        (acme, (b"atlantico", b"Atl\xc3\xa2ntico", b"lead-qualification")),
        (atlantico, (b"acme-bpo", b"Acme BPO", b"billing-disputes")),
    ):
        for name, content in project.output_files(site).items():
            for canary in others:
                assert canary not in content, (site.name, name, canary)


def test_the_same_config_and_pages_build_with_properdocs(project):
    """ProperDocs continues MkDocs 1.x; the playbook must not depend on MkDocs staying alive."""
    run = project.build("--engine", "properdocs", "--site-dir", "properdocs-site")
    assert run.returncode == 0, run.stderr
    html = (project.root / "properdocs-site" / "processes" / "billing-disputes" / "index.html").read_text()
    assert "raci-matrix" in html and '<div class="playbook-flow"' in html
    assert "ProperDocs" in html or "properdocs" in html.lower()


def test_vendor_meeting_calendar_runs_from_most_to_least_frequent(project):
    from generator.spec.schema import CADENCES

    project.build()
    calendar = project.page("vendors/acme-bpo").split('id="meeting-calendar"')[1].split("<h2")[0]
    cadences = [c for c in re.findall(r"<td[^>]*>(\w+)</td>", calendar) if c in CADENCES]
    assert cadences and cadences == sorted(cadences, key=CADENCES.index)


def _headings(page: str) -> list[str]:
    return [h.get_text(strip=True).rstrip("¶") for h in BeautifulSoup(page, "html.parser").select("article h2")]


def test_index_pages_words_for_codes_and_whose_site_it_is(project):
    run = project.build("--vendor", "acme-bpo")
    assert run.returncode == 0, run.stderr
    processes = project.page("catalogue/processes")
    assert '<h2 id="billing-and-payment-support">' in processes or "billing and payment support" in processes
    assert 'href="../../processes/billing-disputes/"' in processes
    assert "lead-qualification" not in processes  # another vendor's process
    vendors = project.page("catalogue/vendors")
    assert 'href="../../vendors/acme-bpo/"' in vendors and "Atl" not in vendors
    process = project.page("processes/billing-disputes")
    assert "Complete within 4 hours." in process and "within 4h" not in process
    assert "2000 EUR" in process and "4.2 / 5" in process  # a KPI's currency and score scale
    assert "English" in process  # languages by name, not by tag
    assert 'href="#step-investigate"' in process and 'id="step-investigate"' in process
    assert 'href="#kpi-first-contact-resolution"' in process and 'id="kpi-first-contact-resolution"' in process
    assert 'href="#role-billing-lead"' in process and 'id="role-billing-lead"' in process  # escalation target
    assert 'href="#tool-zendesk"' in process and 'id="tool-zendesk"' in process
    assert 'href="#input-dispute-ticket"' in process and 'id="input-dispute-ticket"' in process
    assert 'href="#output-triaged-ticket"' in process and 'id="output-triaged-ticket"' in process
    assert "<title>Billing dispute handling - BPO handover playbook for Acme BPO Services Inc.</title>" in process
    # One date for the build, in words; the day the specs were judged as of (--today) named as such.
    today = dt.date.today()
    assert f"Built on {today.day} {today:%b %Y} by the BPO handover playbook 0.1.0" in process
    assert "specs and figures as of 23 Nov 2026" in process and "the day the site was built" not in process
    home = project.page("")
    assert "<title>BPO handover playbook for Acme BPO Services Inc.</title>" in home
    assert "Processes handed over to Acme BPO Services Inc." in _headings(home)
    assert project.build("--audience", "internal").returncode == 0
    assert "Internal: BPO handover playbook" in project.page("vendors/acme-bpo")
    assert "Portfolio" in _headings(project.page(""))


def test_certifications_added_in_the_configuration_show_by_name(project):
    (project.root / ".playbook.yaml").write_text(
        "certifications:\n  - {id: tisax, name: TISAX automotive information security, category: security}\n"
    )
    vendor = project.specs / "vendors" / "acme-bpo.yaml"
    vendor.write_text(
        vendor.read_text().replace("certifications:\n", "certifications:\n  - {id: tisax, expires: 2028-01-31}\n", 1)
    )
    run = project.build()
    assert run.returncode == 0, run.stderr
    assert "TISAX automotive information security" in project.page("vendors/acme-bpo")


def test_regulations_show_by_full_name_and_others_as_written(project):
    spec = project.specs / "lead-qualification.yaml"
    spec.write_text(
        spec.read_text().replace("regulations: [gdpr, eprivacy]", "regulations: [gdpr, e-Privacy, Our code]")
    )
    run = project.build()
    assert run.returncode == 0, run.stderr
    page = project.page("processes/lead-qualification")
    assert (
        "Regulations: GDPR (EU General Data Protection Regulation), "
        "ePrivacy Directive (EU privacy in electronic communications), Our code." in page
    )
