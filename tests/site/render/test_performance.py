"""Performance on the site, built with the real command from the examples' figures: what each audience
sees, and what it must never see."""

from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup

from tests.site.conftest import shown

CANARY = "77.321"  # a figure of Acme's billing-disputes only: no Atlântico page may hold it


def _plant_canary(project) -> None:
    figures = project.specs / "measurements" / "billing-disputes.csv"
    text = figures.read_text()
    assert "first-contact-resolution,2026-W47," in text
    figures.write_text(
        re.sub(r"first-contact-resolution,2026-W47,[0-9.]+", f"first-contact-resolution,2026-W47,{CANARY}", text)
    )


def test_a_process_page_shows_its_figures_charts_agendas_and_open_actions(project):
    run = project.build()
    assert run.returncode == 0, run.stderr
    page = project.page("processes/billing-disputes")
    performance = page.split('id="performance"')[1].split("<h2")[0]
    section = BeautifulSoup(performance, "html.parser")
    # At a glance, the KPIs that need attention first, each a link to its row of the KPI table.
    glance = " ".join(section.p.get_text().split())
    assert glance.startswith("Latest figures as of 23 Nov 2026: 1 breached (Credit accuracy)")
    assert section.p.find("a", string="Credit accuracy")["href"] == "#kpi-credit-accuracy"
    row = section.select_one('tr a[href="#kpi-credit-accuracy"]').find_parent("tr")
    assert {td["data-label"]: " ".join(td.get_text().split()) for td in row.find_all("td")[1:]} == {
        "Latest": "94.1 % in the week of 16 Nov 2026",
        "Status": "breached, 2 in a row",
        "Trend": "worsening",
        "Not breached, 12 months": "94 %",
    }
    # Target and breach threshold are where the link leads, in the KPI table, and not repeated here.
    kpi_row = BeautifulSoup(page, "html.parser").find(id="kpi-credit-accuracy").find_parent("tr")
    assert [td.get_text(strip=True) for td in kpi_row.find_all("td")][1:3] == ["98 % (higher is better)", "95 %"]
    # One chart per KPI with figures, each an image with a sentence for assistive technology.
    charts = re.findall(r'<svg class="playbook-chart"[^>]*aria-label="([^"]+)"', performance)
    assert len(charts) == 5
    assert (
        "Credit accuracy: the last 26 weekly figures, from week of 25 May 2026 to week of 16 Nov 2026; the latest "
        "is 94.1 %, breached; target 98 %, breach threshold 95 %" in charts
    )
    assert "Open actions:" in performance and "due 11 Dec 2026" in performance
    agendas = page.split('id="agendas-for-the-next-check-ins"')[1].split("</ul>")[0]
    assert "Weekly operations review</strong> (weekly): " in agendas
    # With what the figure's note says.
    assert (
        "Credit accuracy</a>: breached in the week of 16 Nov 2026, 94.1 % "
        "(13 of 221 credits wrong; refresher training booked)." in agendas
    )
    assert (
        "<title>week of 16 Nov 2026: 94.1 % (breached). 13 of 221 credits wrong; refresher training booked</title>"
        in performance
    )
    # Periods in words on the chart's axis too, not as the figures file codes them.
    axis = re.findall(r'<text class="playbook-chart__axis"[^>]*>([^<]+)</text>', performance)
    assert "week of 16 Nov 2026" in axis and not any(re.search(r"\d{4}-W\d", label) for label in axis)
    # A process without figures has no Performance section (the draft is on the internal site only).
    assert project.build("--audience", "internal").returncode == 0
    assert 'id="performance"' not in project.page("processes/payment-reminder-calls")


def test_the_vendor_page_has_the_sla_scorecard(project):
    assert project.build().returncode == 0
    scorecard = project.page("vendors/acme-bpo").split('id="sla-scorecard"')[1].split("<h2")[0]
    headers = re.findall(r"<th>([^<]+)</th>", scorecard)
    assert headers == ["KPI", "Status", "Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]
    row = scorecard.split('#kpi-credit-accuracy"')[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[1:] == ["—", "100 %", "100 %", "71 %, 2 breaches"]
    # Only contractual KPIs: customer satisfaction is not one.
    assert "kpi-dispute-satisfaction" not in scorecard


def test_the_sla_scorecard_counts_from_go_live_as_the_credits_do(project):
    """Tried from outside: breaches of the pilot's ramp-up weeks showed as SLA breaches on the vendor page,
    while service credits rightly count from go-live (2026-05-18 here; 2026-W16 is a pilot week)."""
    figures = project.specs / "measurements" / "billing-disputes.csv"
    figures.write_text(figures.read_text().replace("credit-accuracy,2026-W16,97.1,", "credit-accuracy,2026-W16,90.5,"))
    assert project.build().returncode == 0
    scorecard = project.page("vendors/acme-bpo").split('id="sla-scorecard"')[1].split("<h2")[0]
    row = scorecard.split('#kpi-credit-accuracy"')[1].split("</tr>")[0]
    assert re.findall(r"<td[^>]*>(.*?)</td>", row)[1:] == ["—", "100 %", "100 %", "71 %, 2 breaches"]


def test_credits_and_the_portfolio_are_internal_only(project):
    assert project.build("--audience", "internal").returncode == 0
    performance = project.page("catalogue/performance")
    assert "1,040.00 EUR" in performance and "Credit accuracy 4 %" in performance
    assert "Acme BPO Services Inc." in performance  # the vendor by name
    assert project.build().returncode == 0
    files = project.output_files()
    assert not any(name.startswith("catalogue/performance") for name in files)
    for name, content in files.items():
        for secret in (b"1,040.00", b"26000", b"26,000", b"service credit", b"Service credits", b"monthly_fee"):
            assert secret not in content, (name, secret)


def test_a_single_vendor_site_holds_no_figure_of_another_vendor(project):
    _plant_canary(project)
    assert project.build("--each-vendor").returncode == 0
    acme, atlantico = project.site / "acme-bpo", project.site / "atlantico-contact"
    assert CANARY.encode() in (acme / "processes" / "billing-disputes" / "index.html").read_bytes()
    for name, content in project.output_files(atlantico).items():
        assert CANARY.encode() not in content, name
        assert b"Credit accuracy" not in content, name  # an Acme KPI, neither in a chart nor in a scorecard
    assert "sla-scorecard" in (atlantico / "vendors" / "atlantico-contact" / "index.html").read_text()


def test_chart_text_and_notes_are_escaped(project):
    spec = project.specs / "billing-disputes.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("name: Credit accuracy", "name: 'Credit <script>alert(1)</script> \"accuracy\"'", 1))
    figures = project.specs / "measurements" / "billing-disputes.csv"
    hostile = "\"=cmd|' /C calc'!A0 <img src=x onerror=alert(2)> </title><script>alert(3)</script>\""
    figures.write_text(re.sub(r"(credit-accuracy,2026-W47,[0-9.]+),.*", rf"\1,{hostile}", figures.read_text()))
    assert project.build().returncode == 0
    page = project.page("processes/billing-disputes")
    performance = page.split('id="performance"')[1].split("<h2")[0]
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "=cmd|' /C calc'!A0 &lt;img src=x onerror=alert(2)&gt; &lt;/title&gt;&lt;script&gt;" in performance
    labels = [html.unescape(label) for label in re.findall(r'aria-label="([^"]+)"', performance)]
    assert any(label.startswith('Credit <script>alert(1)</script> "accuracy": the last 26') for label in labels)


@pytest.mark.parametrize(
    ("text", "frequency", "words"),
    [
        ("2026-W47", "weekly", "in the week of 16 Nov 2026"),
        ("2026-W47", "biweekly", "in the fortnight of 16 Nov 2026"),
        ("2026-11", "monthly", "in Nov 2026"),
        ("2026-11-16", "daily", "on 16 Nov 2026"),
        ("2026-11-16", "shift", "on 16 Nov 2026"),
        ("2026-Q4", "quarterly", "in Q4 2026"),
        ("2026", "yearly", "in 2026"),
        ("2027-W01", "weekly", "in the week of 4 Jan 2027"),
    ],
)
def test_a_period_reads_in_words(text, frequency, words):
    from generator.site.render.context import period_words
    from generator.spec.periods import parse

    assert shown(period_words(parse(text, frequency))) == words
