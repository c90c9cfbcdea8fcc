"""The built site in a real headless Chromium, driven by Playwright: what a vendor sees and clicks.

Debian's chromium is used (no browser download); `.ci/run` installs it. Without it the test is skipped
with a reason, except in CI, where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


@pytest.fixture
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def served(project):
    # A page of the team's own with a Mermaid diagram: the one kind of page that loads Mermaid.
    (project.root / "playbook" / "escalations.md").write_text(
        "# Escalations\n\n``` mermaid\nflowchart LR\n  agent --> lead --> manager\n```\n"
    )
    run = project.build()
    assert run.returncode == 0, run.stderr
    server = _serve(project.site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_process_page_in_a_browser(browser, served, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{served}/processes/billing-disputes/", wait_until="networkidle")

    raci = page.locator("#raci-matrix ~ div table, #raci-matrix + div table").first
    assert raci.is_visible()
    assert page.get_by_role("heading", name="1. Triage the dispute").is_visible()

    # The flow is drawn at build time: the process page does not download the 3.6 MB Mermaid script.
    assert page.locator(".playbook-flow svg").is_visible()
    assert not any("mermaid" in url for url in requests), requests
    page.locator(".playbook-flow a").nth(2).click()
    assert page.evaluate("location.hash") == "#step-investigate"

    page.screenshot(path=str(tmp_path / "billing-disputes.png"), full_page=True)

    page.locator(".md-search__input").click()
    # Typed key by key: Material's search listens to keyboard events, not to a filled value.
    page.keyboard.type("Investigate the charge", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("Investigate the charge" in r for r in results), results

    origin = urlparse(served).netloc
    outside = [u for u in requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != origin]
    assert outside == [], outside
    assert (tmp_path / "billing-disputes.png").stat().st_size > 10_000

    # A team's own page with a Mermaid diagram loads Mermaid, once, from the site, at its strict level.
    requests.clear()
    page.goto(f"{served}/escalations/", wait_until="networkidle")
    page.wait_for_function("document.querySelectorAll('div.mermaid').length >= 1", timeout=30_000)
    page.wait_for_timeout(1000)
    # Material draws Mermaid into a closed shadow root: judge the diagram by its rendered size.
    width, height = page.eval_on_selector("div.mermaid", "e => [e.offsetWidth, e.offsetHeight]")
    assert width > 200 and height > 20, (width, height)
    assert page.evaluate("mermaid.mermaidAPI.getSiteConfig().securityLevel") == "strict"
    assert sum(url.endswith("/assets/playbook/mermaid.min.js") for url in requests) == 1


ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
# One page of each type, in the internal site (which has every type the vendor site has, and more).
PAGE_TYPES = {
    "home": "/",
    "process": "/processes/billing-disputes/",
    "process-with-routines": "/processes/after-hours-call-centre/",
    "vendor": "/vendors/acme-bpo/",
    "kpi-catalogue": "/catalogue/kpis/",
    "process-index": "/catalogue/processes/",
    "vendor-index": "/catalogue/vendors/",
    "tags": "/catalogue/tags/",
    "readiness": "/catalogue/readiness/",
    "performance": "/catalogue/performance/",
    "rules": "/authoring/rules/",
    "not-found": "/404.html",
}
# A table wider than its column must keep each row's label in view while it scrolls.
_TABLES_THAT_DO_NOT_FIT = """() => [...document.querySelectorAll('.md-content .md-typeset table')].flatMap(table => {
  const column = document.querySelector('.md-content__inner').clientWidth;
  if (table.getBoundingClientRect().width <= column + 1 && table.scrollWidth <= table.clientWidth + 1) return [];
  const label = table.querySelector('tbody td');
  if (label && getComputedStyle(label).position === 'sticky') return [];
  return [(table.querySelector('th') || {}).textContent + ': ' + table.scrollWidth + ' px in ' + column];
})"""


SITE_FOLDERS: dict[str, Path] = {}  # a served site's address -> its folder


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory):
    from tests.site.conftest import Project, make_project

    project: Project = make_project(tmp_path_factory.mktemp("browser"))
    run = project.build("--audience", "internal")
    assert run.returncode == 0, run.stderr
    server = _serve(project.site)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    SITE_FOLDERS[url] = project.site
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def vendor_site(tmp_path_factory):
    from tests.site.conftest import Project, make_project

    project: Project = make_project(tmp_path_factory.mktemp("browser-vendor"))
    run = project.build()
    assert run.returncode == 0, run.stderr
    server = _serve(project.site)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    SITE_FOLDERS[url] = project.site
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is missing in CI: `make test` installs it with npm into tests/axe/")
        pytest.skip("axe-core is not installed (npm ci --prefix tests/axe)")
    return AXE.read_text()


_SERIOUS = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
    ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
)
# Visible text under 11 px on screen (SVG text by its drawn size).
_SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element || !element.getClientRects().length) continue;
    if (element.closest('[hidden], .md-search, .md-sidebar, details:not([open]) > :not(summary)')) continue;
    let size = parseFloat(getComputedStyle(element).fontSize);
    const svg = element.closest('svg');
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    if (size < 10.95) small.push(node.textContent.trim().slice(0, 30) + ': ' + size.toFixed(1) + ' px');
  }
  return [...new Set(small)];
}"""


def _pages(site: Path) -> list[str]:
    """Every page of a built site, as its address from the site's root."""
    urls = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        urls.append("/" + relative.removesuffix("index.html"))
    return sorted(urls)


@pytest.mark.parametrize("audience", ["internal", "vendor"])
@pytest.mark.parametrize("width", [360, 390, 768, 1440])
def test_every_page_of_both_audiences_passes_axe_at_every_width(
    browser, internal_site, vendor_site, axe_script, audience, width
):
    """Every page of each audience's site, at two phone widths, a tablet and a desktop: no serious or critical
    axe-core violation and no visible text under 11 px."""
    base = vendor_site if audience == "vendor" else internal_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = {}
    pages = _pages(SITE_FOLDERS[base])
    assert len(pages) >= 12
    for url in pages:
        page.goto(base + url, wait_until="networkidle")
        page.add_script_tag(content=axe_script)
        found = page.evaluate(_SERIOUS) + page.evaluate(_SMALL_TEXT)
        if found:
            problems[url] = found
    page.close()
    assert problems == {}, "\n".join(f"{url}: {problem}" for url, found in problems.items() for problem in found)


_LOOK = """() => [
  '.md-header', 'article p a[href^="../../vendors/"]', '.md-typeset', '.step-card .admonition-title'
].map(selector => {
  const style = getComputedStyle(document.querySelector(selector));
  return selector + ': ' + style.backgroundColor + ' ' + style.color;
})"""


def test_a_zensical_site_keeps_the_classic_look_and_passes_axe(browser, internal_site, axe_script, tmp_path):
    """Built with Zensical, whose own default look is another design, the site keeps Material's classic look
    (header, links and text in the colours the MkDocs build has, and the contrast tested there) and every
    page type passes axe at a phone's and a desktop's width."""
    pytest.importorskip("zensical")
    from tests.site.conftest import make_project

    project = make_project(tmp_path)
    run = project.build("--audience", "internal", "--engine", "zensical")
    assert run.returncode == 0, run.stderr
    server = _serve(project.site)
    zensical = f"http://127.0.0.1:{server.server_address[1]}"
    problems = {}
    try:
        for width in (390, 1440):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(internal_site + PAGE_TYPES["process"], wait_until="networkidle")
            look = page.evaluate(_LOOK)
            for name, url in PAGE_TYPES.items():
                page.goto(zensical + url, wait_until="networkidle")
                if name == "process":
                    assert page.evaluate(_LOOK) == look
                page.add_script_tag(content=axe_script)
                if found := page.evaluate(_SERIOUS):
                    problems[f"{name} at {width}"] = found
            page.close()
    finally:
        server.shutdown()
    assert problems == {}, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1440])
def test_every_page_type_fits_and_is_accessible(browser, internal_site, axe_script, width, scheme):
    """A phone and a desktop, light and dark: no serious or critical axe-core violation, no table that
    hides its row labels when it scrolls, no request that leaves the site; a screenshot of each page type
    in build/screenshots/ to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    problems = {}
    for name, url in PAGE_TYPES.items():
        page.goto(internal_site + url, wait_until="networkidle")
        page.wait_for_timeout(300)
        page.add_script_tag(content=axe_script)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        tables = page.evaluate(_TABLES_THAT_DO_NOT_FIT)
        if violations or tables:
            problems[name] = violations + tables
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{scheme}.png"), full_page=True)
    page.close()
    assert problems == {}, "\n".join(f"{name}: {problem}" for name, found in problems.items() for problem in found)
    origin = urlparse(internal_site).netloc
    outside = [u for u in requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != origin]
    assert outside == [], outside


# Measured on the real text boxes: every text at 11 px or more on screen, no text over another, a step's
# name inside its box, no line through a text.
_FLOW_PROBLEMS = """() => {
  const svg = document.querySelector('.playbook-flow svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')];
  const boxes = texts.map(t => t.getBBox());
  const problems = [];
  texts.forEach((t, i) => {
    const size = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (size < 11) problems.push(`${t.textContent}: ${size.toFixed(1)} px`);
    const rect = t.parentElement.querySelector('rect');
    const b = boxes[i];
    if (rect && t.parentElement.tagName !== 'svg') {
      const r = rect.getBBox();
      if (b.x < r.x || b.y < r.y || b.x + b.width > r.x + r.width || b.y + b.height > r.y + r.height)
        problems.push(`${t.textContent} leaves its box`);
    }
    boxes.slice(i + 1).forEach((o, j) => {
      if (b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height && o.y < b.y + b.height)
        problems.push(`${t.textContent} overlaps ${texts[i + 1 + j].textContent}`);
    });
  });
  for (const line of svg.querySelectorAll('polyline')) {
    const points = [...line.points];
    points.slice(1).forEach((q, k) => {
      const p = points[k];
      const [x1, x2, y1, y2] = [Math.min(p.x, q.x), Math.max(p.x, q.x), Math.min(p.y, q.y), Math.max(p.y, q.y)];
      boxes.forEach((b, i) => {
        if (x1 < b.x + b.width - 1 && b.x + 1 < x2 + 0.01 && y1 < b.y + b.height - 1 && b.y + 1 < y2 + 0.01)
          problems.push(`a line crosses ${texts[i].textContent}`);
      });
    });
  }
  return problems;
}"""


@pytest.mark.parametrize("width", [390, 1440])
def test_every_flow_reads_at_phone_and_desktop_width(browser, internal_site, width):
    """The flow of every example keeps 11 px text (a narrow screen scrolls it sideways instead of
    shrinking it), and with the browser's own fonts no text runs over another or under a line."""
    from tests.site.conftest import ROOT

    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = {}
    for spec in sorted((ROOT / "process_specs").glob("*.yaml")):
        page.goto(f"{internal_site}/processes/{spec.stem}/", wait_until="networkidle")
        found = page.evaluate(_FLOW_PROBLEMS)
        frame = page.eval_on_selector(".playbook-flow", "e => [e.clientWidth, e.scrollWidth, e.tabIndex]")
        if frame[1] > frame[0] and frame[2] != 0:
            found.append(f"scrolls but cannot be reached by keyboard: {frame}")
        if found:
            problems[spec.stem] = found
    size = page.eval_on_selector(".playbook-timeline__dates", "e => parseFloat(getComputedStyle(e).fontSize)")
    page.close()
    assert problems == {}
    assert size >= 11


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_trend_charts_read_on_a_phone(browser, internal_site, scheme):
    """Each chart is drawn, fits the phone's column and keeps its text at 11 px or more; its marks have a
    colour of their own in either scheme (not the page's background)."""
    page = browser.new_page(viewport={"width": 390, "height": 900}, color_scheme=scheme)
    page.goto(internal_site + "/processes/billing-disputes/", wait_until="networkidle")
    charts = page.eval_on_selector_all(
        ".playbook-chart",
        """charts => charts.map(svg => {
          const box = svg.getBoundingClientRect();
          const scale = box.width / svg.viewBox.baseVal.width;
          const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize));
          const dot = svg.querySelector('.playbook-chart__point--breached, .playbook-chart__point--met');
          const [text, mark] = [Math.min(...sizes), getComputedStyle(dot).fill];
          return [box.width, svg.closest('.md-content__inner').clientWidth, text * scale, mark];
        })""",
    )
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.close()
    assert len(charts) == 5
    for width, column, text, mark in charts:
        assert 320 <= width <= column and text >= 11 and mark not in ("", background, "none"), charts


@pytest.mark.parametrize("url", ["/processes/after-hours-call-centre/", "/vendors/acme-bpo/"])
def test_a_process_and_the_sla_annex_print_on_a4_without_cut_off_columns(browser, internal_site, url):
    page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    page.goto(internal_site + url, wait_until="networkidle")
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('.md-content .md-typeset table')].flatMap(table => {
          const column = document.querySelector('.md-content__inner').getBoundingClientRect().right + 1;
          const cells = [...table.querySelectorAll('th, td')];
          const right = Math.max(...cells.map(cell => cell.getBoundingClientRect().right));
          return right > column ? [(table.querySelector('th') || {}).textContent + ': ' + right] : [];
        })"""
    )
    page.close()
    assert too_wide == []


def test_the_site_works_from_a_sub_path(browser, tmp_path):
    """Published under a sub-path (as GitHub Pages does) with site_url saying so: pages and the 404 page
    load every asset, none from another origin."""
    from tests.site.conftest import make_project

    project = make_project(tmp_path)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "site_url: https://vendors.example.com/playbook/\n")
    run = project.build("--site-dir", "public/playbook")
    assert run.returncode == 0, run.stderr
    server = _serve(project.root / "public")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = browser.new_page()
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        for url in ("/playbook/", "/playbook/processes/billing-disputes/", "/playbook/404.html"):
            page.goto(base + url, wait_until="networkidle")
            assert page.locator(".md-header").is_visible(), url  # styled: the theme's stylesheet loaded
        assert failed == []
        assert (
            "https://vendors.example.com/playbook/processes/billing-disputes/"
            in (project.root / "public" / "playbook" / "sitemap.xml").read_text()
        )
    finally:
        page.close()
        server.shutdown()


# Screens of 390 x 844 px (a phone held upright) per example process page, for the summary at the end of the
# run (tests/site/conftest.py prints it). Every example's page stays under 15 screens on the internal site,
# the longer of the two (it adds the internal section and drafts).
PAGE_HEIGHTS: dict[str, float] = {}
PHONE = {"width": 390, "height": 844}
MOST_SCREENS = 15


def test_process_pages_are_measured_on_a_phone(browser, internal_site):
    page = browser.new_page(viewport=PHONE)
    for spec in sorted((ROOT / "process_specs").glob("*.yaml")):
        page.goto(f"{internal_site}/processes/{spec.stem}/", wait_until="networkidle")
        height = page.evaluate("document.documentElement.scrollHeight")
        PAGE_HEIGHTS[spec.stem] = height / PHONE["height"]  # rounded only where the summary prints it
    page.close()
    assert len(PAGE_HEIGHTS) >= 5
    assert max(PAGE_HEIGHTS.values()) < MOST_SCREENS, PAGE_HEIGHTS


_FOLDS_OPEN = "[...document.querySelectorAll('details.playbook-fold')].map(fold => fold.open)"
_FOLDED_HEIGHTS = "[...document.querySelectorAll('details.playbook-fold > :not(summary)')].map(e => e.offsetHeight)"


def test_folded_sections_open_where_a_link_leads_on_a_wide_screen_and_in_print(browser, internal_site):
    """The reference sections fold on a phone; a step's link into one (an input, a tool, a role) opens it
    where the reader lands, a page opened at such an address too; a wide screen opens them all; print
    shows their content without a script."""
    url = f"{internal_site}/processes/billing-disputes/"
    page = browser.new_page(viewport=PHONE)
    page.goto(url, wait_until="networkidle")
    folds = page.evaluate(_FOLDS_OPEN)
    assert len(folds) >= 8 and not any(folds)
    for kind in ("input", "tool", "role"):
        page.goto(url, wait_until="networkidle")
        link = page.locator(f'.step-card a[href^="#{kind}-"], .step-details a[href^="#{kind}-"]').first
        target = link.get_attribute("href")
        link.click()
        page.wait_for_timeout(300)
        where = page.evaluate(
            "id => { const e = document.getElementById(id); const fold = e.closest('details');"
            " return [fold && fold.open, e.parentElement.getBoundingClientRect().top, innerHeight]; }",
            target[1:],
        )
        assert where[0] is True and 0 <= where[1] < where[2], (target, where)
    page.goto(url + "#kpi-credit-accuracy", wait_until="networkidle")
    assert page.evaluate("document.getElementById('kpi-credit-accuracy').closest('tr') !== null")
    page.emulate_media(media="print")
    page.goto(url, wait_until="networkidle")
    heights = page.evaluate(_FOLDED_HEIGHTS)
    page.close()
    assert heights and min(heights) > 0, heights

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url, wait_until="networkidle")
    assert all(page.evaluate(_FOLDS_OPEN))
    page.close()


def test_a_step_s_sla_escalation_and_whom_to_phone_are_one_tap_from_the_flow(browser, internal_site):
    """At 390 px: "Who to call" with a phone link fits the first screen; tapping a step in the flow brings
    its card into view, with its SLA, its escalation and the number to call (the second tap) on screen."""
    page = browser.new_page(viewport=PHONE)
    url = f"{internal_site}/processes/after-hours-call-centre/"
    page.goto(url, wait_until="networkidle")
    box = page.locator(".admonition.tip").first
    assert box.locator('a[href^="tel:"]').count() >= 1
    assert box.bounding_box()["y"] + box.bounding_box()["height"] <= PHONE["height"]
    steps = page.eval_on_selector_all(
        ".playbook-flow a[href^='#step-']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(steps) >= 6
    header = page.locator(".md-header").bounding_box()["height"]  # sticky: what lies under it is hidden
    checked = 0
    for target in steps:
        page.goto(url, wait_until="networkidle")
        page.locator(f".playbook-flow a[href='{target}']").first.click()
        page.wait_for_timeout(200)
        card = page.locator(f"{target} + .step-card")
        for kind in (".admonition.info", ".admonition.warning"):
            found = card.locator(kind)
            if found.count():
                top, height = found.bounding_box()["y"], found.bounding_box()["height"]
                assert header <= top and top + height <= PHONE["height"], (target, kind, top, height)
        phone = card.locator('.admonition.warning a[href^="tel:"]')
        if phone.count():
            assert phone.first.is_visible() and phone.first.bounding_box()["y"] < PHONE["height"], target
            checked += 1
    page.close()
    assert checked >= 2  # the example's escalations name whom to phone


def test_the_vendor_home_page_says_whom_to_call_within_one_screen(browser, vendor_site):
    page = browser.new_page(viewport=PHONE)
    page.goto(vendor_site + "/", wait_until="networkidle")
    cell = page.locator('td[data-label="Who to call"]').first
    box = cell.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert cell.locator('a[href^="tel:"]').count() == 1
    page.close()
