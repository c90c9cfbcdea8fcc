"""`playbook serve`, run for real: an edited spec shows up in the served page within seconds."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.3)
    return False


def test_edited_spec_reaches_the_preview(project):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/processes/billing-disputes/"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        # Generous bounds guard against a hang; the speed of the round trip is not what is tested here.
        assert _wait_for(url, "Triage the dispute", 60), "preview never came up"
        # The preview keeps the build's guarantees although mkdocs.yml names no script and no font setting.
        page = _get(url)
        assert 'src="../../assets/playbook/playbook.js"' in page and "fonts.googleapis" not in page
        assert '<div class="playbook-flow"' in page
        spec = project.specs / "billing-disputes.yaml"
        spec.write_text(spec.read_text().replace("name: Triage the dispute", "name: Sort the dispute", 1))
        assert _wait_for(url, "Sort the dispute", 60), "the edit never reached the preview"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _status(port: int, host: str) -> int:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/processes/billing-disputes/", headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_preview_answers_only_requests_for_this_machine(project):
    """Issue 22's reproducer: `serve` answered any Host header, so a page whose host name an attacker pointed at
    127.0.0.1 (DNS rebinding) could read the internal preview from a browser on the same machine."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/processes/billing-disputes/", "Triage the dispute", 60)
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "[::1]"):
            assert _status(port, host) == 200, host
        for host in (f"rebound.example:{port}", "127.0.0.1.nip.io", "", "intranet"):
            assert _status(port, host) == 421, host
    finally:
        server.terminate()
        server.wait(timeout=30)
