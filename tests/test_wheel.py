"""The built wheel, not this checkout: templates, skeletons and the site's scripts come from the package.

The wheel is installed into a folder of its own that goes first on the import path; its dependencies come
from the test environment, so the test needs no download beyond the build backend. It runs in an empty
folder, where no `generator/` of this checkout can be imported instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_wheel_alone_sets_up_writes_checks_and_builds_a_playbook(tmp_path):
    env = {**os.environ, "NO_COLOR": "1"}
    wheel_dir, target, work = tmp_path / "wheel", tmp_path / "installed", tmp_path / "playbook-repo"
    built = _run("-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheel_dir), str(ROOT), cwd=tmp_path, env=env)
    assert built.returncode == 0, built.stderr
    wheel = next(wheel_dir.glob("*.whl"))
    installed = _run(
        "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel), cwd=tmp_path, env=env
    )
    assert installed.returncode == 0, installed.stderr
    work.mkdir()
    env["PYTHONPATH"] = str(target)
    where = _run("-c", "import generator; print(generator.__file__)", cwd=work, env=env)
    assert where.stdout.startswith(str(target)), where.stdout  # the wheel's copy, not this checkout's

    def playbook(*args: str) -> subprocess.CompletedProcess:
        return _run("-m", "generator", *args, cwd=work, env=env)

    init = playbook("init")
    assert init.returncode == 0, init.stderr
    assert playbook("new", "process", "order-status", "--vendor", "acme-bpo").returncode == 0
    assert playbook("new", "vendor", "acme-bpo").returncode == 0
    check = playbook("check")
    assert check.returncode == 0, check.stdout
    assert "returns-and-refunds 100%" in check.stdout
    build = playbook("build", "--audience", "internal")
    assert build.returncode == 0, build.stderr
    site = work / "site"
    assert (site / "assets" / "playbook" / "mermaid.min.js").stat().st_size > 1_000_000
    assert "Order status" in (site / "processes" / "order-status" / "index.html").read_text()
    assert "Returns and refunds" in (site / "processes" / "returns-and-refunds" / "index.html").read_text()
