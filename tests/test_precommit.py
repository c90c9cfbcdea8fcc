"""`playbook check` as a real pre-commit hook in a throwaway specs repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COMPLETE, complete_process, edit

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    repo = tmp_path / "specs-repo"
    shutil.copytree(COMPLETE, repo / "process_specs")
    # The published hook (.pre-commit-hooks.yaml) installs the package from PyPI-like sources; here the
    # same entry runs from this checkout's environment, so the test needs no network.
    hook = next(h for h in _hooks() if h["id"] == "playbook-check")
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n"
        f"      - id: {hook['id']}\n        name: {hook['name']}\n"
        f"        entry: {sys.executable} -m generator check --today 2026-11-23\n"
        f"        language: system\n        files: '{hook['files']}'\n        pass_filenames: false\n"
    )
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    return repo


def _hooks() -> list[dict]:
    import yaml

    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _run(repo: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    return subprocess.run(
        [PRE_COMMIT, "run", "--all-files"], cwd=repo, capture_output=True, text=True, timeout=300, env=env
    )


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (make test installs it)")
def test_hook_passes_clean_specs_and_blocks_broken_ones(repo):
    clean = _run(repo)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    spec = repo / "process_specs" / "billing-disputes.yaml"
    spec.write_text(edit(complete_process(), ("    target: 85\n", "")))
    _git(repo, "add", "-A")
    broken = _run(repo)
    assert broken.returncode == 1
    assert "billing-disputes.yaml:" in broken.stdout and "K002 error KPI 'first-contact-resolution' has no target" in (
        broken.stdout
    )


def test_published_hook_definition():
    hook = next(h for h in _hooks() if h["id"] == "playbook-check")
    assert hook["entry"] == "playbook check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (make test installs it)")
def test_a_commit_of_figures_alone_runs_the_check(repo):
    """A commit that only appends to a measurement file must not skip the hook."""
    figures = repo / "process_specs" / "measurements" / "billing-disputes.csv"
    figures.write_text(figures.read_text() + "first-contact-resolution,2026-W48,85 %,\n")
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    run = subprocess.run(
        [PRE_COMMIT, "run", "--files", "process_specs/measurements/billing-disputes.csv"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert run.returncode == 1 and "M001" in run.stdout, run.stdout
