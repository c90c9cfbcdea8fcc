"""`playbook diff` on real git repositories: the default base, revisions, the working tree, the formats."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COMPLETE, TODAY, edit, position
from tests.test_cli import playbook

SPEC = Path("process_specs/billing-disputes.yaml")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    shutil.copytree(COMPLETE, tmp_path / "process_specs")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def change_spec(repo: Path, *replacements: tuple[str, str]) -> None:
    path = repo / SPEC
    path.write_text(edit(path.read_text(), *replacements))


def test_on_a_branch_the_default_base_is_where_it_left_main_and_the_working_tree_counts(repo):
    git(repo, "checkout", "-q", "-b", "faster-triage")
    change_spec(repo, ("    sla: 4h\n", "    sla: 2h\n"))
    git(repo, "commit", "-q", "-am", "cut the triage SLA")
    change_spec(repo, ("Amount above 500 EUR", "Amount above 400 EUR"))  # not committed yet
    run = playbook("diff", "--format", "json", cwd=repo)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert {c["path"] for c in report["changes"]} == {"steps[triage].sla", "steps[triage].next[approve-credit].when"}
    assert report["summary"] == {"billing-disputes": "operational"}
    assert all(c["file"] == str(SPEC) for c in report["changes"])


def test_two_revisions_compare_without_the_working_tree(repo):
    change_spec(repo, ("    sla: 4h\n", "    sla: 2h\n"))
    git(repo, "commit", "-q", "-am", "cut")
    change_spec(repo, ("    sla: 2h\n", "    sla: 1h\n"))
    run = playbook("diff", "HEAD~1", "--to", "HEAD", cwd=repo)
    assert run.returncode == 0, run.stderr
    assert "steps[triage].sla changed: 4h -> 2h [operational]" in run.stdout
    assert "1h" not in run.stdout


def test_internal_changes_show_only_to_the_internal_audience(repo):
    change_spec(repo, ("EUR 42k per month in-house.", "EUR 42k per month in-house. Renegotiate the fee in Q3."))
    vendor_view = playbook("diff", "HEAD", "--format", "json", cwd=repo)
    assert json.loads(vendor_view.stdout)["changes"] == []
    assert "Renegotiate" not in vendor_view.stdout
    internal = json.loads(playbook("diff", "HEAD", "--format", "json", "--audience", "internal", cwd=repo).stdout)
    assert [(c["path"], c["audience"]) for c in internal["changes"]] == [("internal.notes", "internal")]


def test_run_from_inside_the_specs_folder(repo):
    change_spec(repo, ("    sla: 4h\n", "    sla: 2h\n"))
    run = playbook("diff", "HEAD", "--specs", ".", cwd=repo / "process_specs")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("billing-disputes.yaml:")


def test_a_markdown_comment_escapes_spec_text(repo):
    hostile = "'Amount above 500 EUR <img src=x onerror=alert(1)> | [x](javascript:y)'"
    change_spec(repo, ("Amount above 500 EUR", hostile))
    run = playbook("diff", "HEAD", "--format", "markdown", cwd=repo)
    assert run.returncode == 0, run.stderr
    assert "<img" not in run.stdout and "](javascript" not in run.stdout
    row = next(line for line in run.stdout.splitlines() if "approve\\-credit" in line)
    assert row.count(" | ") == 3  # the spec's pipe did not add a cell


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("diff", "no-such-branch"), "'no-such-branch' names no commit"),
        (("diff", "HEAD", "--to", "nope"), "'nope' names no commit"),
    ],
)
def test_an_unknown_revision_is_a_usage_error_in_one_line(repo, args, said):
    run = playbook(*args, cwd=repo)
    assert run.returncode == 2
    assert said in run.stderr and "Traceback" not in run.stderr


def test_outside_a_repository_it_says_so(tmp_path):
    shutil.copytree(COMPLETE, tmp_path / "process_specs")
    run = playbook("diff", "HEAD", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("playbook: ")


def test_a_file_broken_in_the_working_tree_is_named_and_exits_1(repo):
    (repo / SPEC).write_text("spec: 1\nsteps: [\n")
    run = playbook("diff", "HEAD", cwd=repo)
    assert run.returncode == 1
    assert "billing-disputes.yaml: not compared:" in run.stdout


def check(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`playbook check` in `repo` on the tests' day, with CI's pull-request variables only as given."""
    clean = {k: v for k, v in os.environ.items() if k not in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")}
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--today", TODAY.isoformat(), "--no-cache", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, "NO_COLOR": "1", **env},
    )


def test_a_pull_request_that_tightens_a_live_sla_without_a_revision_fails_ci_saying_what_to_write(repo):
    git(repo, "checkout", "-q", "-b", "faster-triage")
    change_spec(repo, ("    sla: 4h\n", "    sla: 2h\n"))
    run = check(repo, "--base", "main", "--format", "github")
    assert run.returncode == 1, run.stdout + run.stderr
    line = position((repo / SPEC).read_text(), "sla: 2h")[0]
    (annotation,) = [a for a in run.stdout.splitlines() if "N001" in a]
    assert annotation.startswith(f"::error file={SPEC},line={line},")
    assert "raise the revision: revision: {number: 1, effective: 2026-11-23" in annotation
    change_spec(repo, ("status: live\n", "status: live\nrevision: {number: 1, effective: 2026-11-30, summary: x}\n"))
    revised = check(repo, "--base", "main")
    assert revised.returncode == 0, revised.stdout
    assert "N004" in revised.stdout  # next: the vendor acknowledges it before it takes effect


def test_auto_compares_with_the_pull_requests_target_and_with_nothing_outside_one(repo):
    git(repo, "update-ref", "refs/remotes/origin/main", "main")  # as a CI checkout fetches it
    git(repo, "checkout", "-q", "-b", "faster-triage")
    change_spec(repo, ("    sla: 4h\n", "    sla: 2h\n"))
    assert "N001" in check(repo, "--base", "auto", GITHUB_BASE_REF="main").stdout
    assert "N001" in check(repo, "--base", "auto", CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main").stdout
    outside = check(repo, "--base", "auto")  # a push to main: nothing to compare with
    assert outside.returncode == 0 and "N001" not in outside.stdout
    shallow = check(repo, "--base", "auto", GITHUB_BASE_REF="release")
    assert shallow.returncode == 2 and "fetch-depth: 0" in shallow.stderr and "Traceback" not in shallow.stderr
