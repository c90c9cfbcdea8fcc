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


@pytest.fixture
def served(project):
    run = project.build()
    assert run.returncode == 0, run.stderr
    handler = functools.partial(_QuietHandler, directory=str(project.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
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

    # Material draws Mermaid into a closed shadow root: judge the diagrams by their rendered size.
    page.wait_for_function("document.querySelectorAll('div.mermaid').length >= 2", timeout=30_000)
    page.wait_for_timeout(1000)
    sizes = page.eval_on_selector_all("div.mermaid", "els => els.map(e => [e.offsetWidth, e.offsetHeight])")
    # An unrendered block has no size; the flowchart is tall, the three-bar gantt short.
    assert len(sizes) == 2 and all(w > 300 and h > 50 for w, h in sizes), sizes
    # Labels are spec text: Mermaid must run at its strict security level whatever the theme configured.
    assert page.evaluate("mermaid.mermaidAPI.getSiteConfig().securityLevel") == "strict"

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
