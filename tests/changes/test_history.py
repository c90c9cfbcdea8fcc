"""Acknowledgements judged with git's history: a text touched up within its revision stays acknowledged;
an acknowledgement of a text the revision never had is N006."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.spec.digest import digest
from generator.spec.loader import parse
from tests.changes.test_git import SPEC, change_spec, check, git
from tests.conftest import COMPLETE, edit
from tests.test_cli import playbook

LEDGER = Path("process_specs/acknowledgements/acme-bpo.yaml")


@pytest.fixture
def acknowledged(tmp_path) -> Path:
    """A repository whose live process is at revision 2, acknowledged by the vendor and committed."""
    shutil.copytree(COMPLETE, tmp_path / "process_specs")
    change_spec(tmp_path, ("status: live\n", "status: live\nrevision: {number: 2, effective: 2026-11-02}\n"))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "revision 2")
    run = playbook("acknowledge", "acme-bpo", "billing-disputes", "--by", "ramon.santos@example.org", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "acknowledged")
    return tmp_path


def test_a_typo_fixed_within_the_revision_keeps_the_acknowledgement(acknowledged):
    change_spec(acknowledged, ("confirm the invoice number", "confirm the invoice nubmer"))
    git(acknowledged, "commit", "-q", "-am", "typo")
    change_spec(acknowledged, ("tag the dispute type.", "tag the dispute's type."))  # and one not committed yet
    run = check(acknowledged)
    assert run.returncode == 0, run.stdout
    assert "N005" not in run.stdout and "N006" not in run.stdout


def test_without_history_a_text_changed_since_it_was_signed_is_a_warning(acknowledged, tmp_path_factory):
    change_spec(acknowledged, ("confirm the invoice number", "confirm the invoice nubmer"))
    git(acknowledged, "commit", "-q", "-am", "typo")
    copy = tmp_path_factory.mktemp("exported")
    shutil.copytree(acknowledged / "process_specs", copy / "process_specs")  # no .git: a tarball of the specs
    run = check(copy)
    assert run.returncode == 0 and " N010 warning " in run.stdout and "but its text has changed since" in run.stdout


def test_an_acknowledgement_of_a_text_never_merged_is_another_text(acknowledged):
    draft = edit((acknowledged / SPEC).read_text(), ("    sla: 4h\n", "    sla: 1h\n"))
    other = digest(parse(draft, "x.yaml")[0].data)
    ledger = (acknowledged / LEDGER).read_text()
    (acknowledged / LEDGER).write_text(
        ledger + f"  - {{process: billing-disputes, revision: 2, digest: {other}, by: ramon.santos@example.org, "
        "on: 2026-11-21}\n"
    )
    run = check(acknowledged)
    assert run.returncode == 1
    (line,) = [line for line in run.stdout.splitlines() if "N006" in line]
    assert line.startswith(f"{LEDGER}:{ledger.count(chr(10)) + 1}:") and "never had" in line
