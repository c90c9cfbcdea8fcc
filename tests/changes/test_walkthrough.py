"""The README's walk-through of one change, from edit to acknowledgement, run as written (with the examples'
day added to `check`, as the README says)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf

from tests.changes.test_git import git
from tests.conftest import edit

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DAY = "2026-11-23"  # the examples' day (EXAMPLES_DATE)


WALKTHROUGH = README[README.index("**One change, from edit to acknowledgement.**") :]
COMMANDS = [line.split("#", 1)[0].strip() for line in WALKTHROUGH.split("## The vendor playbook site")[0].splitlines()]


def command(line: str) -> str:
    """A command of the walk-through, as the README writes it there."""
    assert line in COMMANDS, f"the README's walk-through no longer runs: {line}"
    return line


def playbook(repo: Path, line: str) -> subprocess.CompletedProcess:
    args = shlex.split(command(line))
    assert args[0] == "playbook"
    if args[1] == "check":
        args += ["--today", DAY, "--no-cache"]
    environ = {
        k: v for k, v in os.environ.items() if k not in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
    }
    return subprocess.run(
        [sys.executable, "-m", "generator", *args[1:]],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        env=environ,
    )


def test_one_change_from_edit_to_acknowledgement(tmp_path):
    repo = tmp_path / "specs-repo"
    shutil.copytree(ROOT / "process_specs", repo / "process_specs")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the examples")
    git(repo, *shlex.split(command("git switch -c faster-triage"))[1:])
    spec = repo / "process_specs/billing-disputes.yaml"
    assert "# edit process_specs/billing-disputes.yaml: in the step triage, sla: 4h becomes sla: 2h" in README
    triage = "    sla: 4h\n    next:\n      - {when: The invoice"
    spec.write_text(edit(spec.read_text(), (triage, triage.replace("4h", "2h"))))

    diff = playbook(repo, "playbook diff")
    assert diff.returncode == 0 and "steps[triage].sla changed: 4h -> 2h [operational]" in diff.stdout

    check = "playbook check --base main"
    refused = playbook(repo, check)
    assert refused.returncode == 1
    (n001,) = [line for line in refused.stdout.splitlines() if " N001 " in line]
    assert "raise the revision: revision: {number: 4, effective: 2026-12-07" in n001  # 14 days after the day

    spec.write_text(
        edit(
            spec.read_text(),
            ("  number: 3\n  effective: 2026-10-05\n", "  number: 4\n  effective: 2026-12-07\n"),
            (
                "  summary: Credits above 500 EUR now wait for the billing team lead's approval.\n",
                "  summary: Triage within two hours.\n",
            ),
        )
    )
    passes = playbook(repo, check)
    assert passes.returncode == 0, passes.stdout
    assert "N004 warning revision 4 takes effect on 2026-12-07" in passes.stdout

    git(repo, *shlex.split(command('git commit -am "Triage within two hours"'))[1:])
    notice = playbook(repo, "playbook notice acme-bpo main --format pdf -o notice.pdf")
    assert notice.returncode == 0, notice.stderr
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(repo / "notice.pdf").pages)
    assert "Billing dispute handling" in text and "Triage within two hours" in text and "Atl" not in text

    signed = playbook(repo, "playbook acknowledge acme-bpo billing-disputes --by ramon.santos@example.org")
    assert signed.returncode == 0 and "acknowledged revision 4 of billing-disputes" in signed.stdout
    clean = playbook(repo, check)
    assert clean.returncode == 0 and " N00" not in clean.stdout, clean.stdout
