"""`playbook acknowledge`: one entry appended, the ledger's text before it kept byte for byte, and every
refusal a one-line reason with nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.spec.acknowledgements import load_ledger
from generator.spec.digest import digest
from generator.spec.loader import load
from tests.conftest import COMPLETE, TODAY, edit
from tests.test_cli import playbook

LEDGER = Path("process_specs/acknowledgements/acme-bpo.yaml")


@pytest.fixture
def repo(tmp_path) -> Path:
    shutil.copytree(COMPLETE, tmp_path / "process_specs")
    spec = tmp_path / "process_specs/billing-disputes.yaml"
    spec.write_text(
        edit(spec.read_text(), ("status: live\n", "status: live\nrevision: {number: 2, effective: 2026-11-02}\n"))
    )
    return tmp_path


def test_an_acknowledgement_is_appended_bound_to_the_revision_and_digest(repo):
    run = playbook(
        "acknowledge",
        "acme-bpo",
        "billing-disputes",
        "--by",
        "RAMON.santos@example.org",
        "--on",
        "2026-11-20",
        cwd=repo,
    )
    assert run.returncode == 0, run.stderr
    (entry,) = load_ledger(str(repo / LEDGER))[0]
    document, _ = load(str(repo / "process_specs/billing-disputes.yaml"))
    assert (entry.process, entry.revision, entry.digest) == ("billing-disputes", 2, digest(document.data))
    assert (entry.by, entry.on.isoformat()) == ("ramon.santos@example.org", "2026-11-20")  # as the vendor's file has it
    check = playbook("check", "--today", TODAY.isoformat(), "--no-cache", cwd=repo)
    assert check.returncode == 0 and "N005" not in check.stdout


def test_appending_keeps_the_ledger_before_byte_for_byte_and_a_repeat_writes_nothing(repo):
    (repo / LEDGER).parent.mkdir()
    earlier = (
        "# Kept as written\nacknowledgements:\n  - {process: billing-disputes, revision: 1, "
        "digest: 0123456789abcdef, by: ramon.santos@example.org, on: 2026-01-05}"
    )
    (repo / LEDGER).write_text(earlier)  # no line break at the end
    args = ("acknowledge", "acme-bpo", "billing-disputes", "--by", "ramon.santos@example.org", "--on", "2026-11-20")
    assert playbook(*args, cwd=repo).returncode == 0
    after = (repo / LEDGER).read_text()
    assert after.startswith(earlier + "\n") and len(load_ledger(str(repo / LEDGER))[0]) == 2
    again = playbook(*args, cwd=repo)
    assert again.returncode == 0 and again.stdout.startswith("already recorded")
    assert (repo / LEDGER).read_text() == after


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("acme-bpo", "billing-disputes", "--by", "dana.ruiz@example.com"), "is not a contact of acme-bpo"),
        (("acme-bpo", "order-status", "--by", "ramon.santos@example.org"), "there is no process 'order-status'"),
        (("other-bpo", "billing-disputes", "--by", "ramon.santos@example.org"), "there is no vendor 'other-bpo'"),
        (("acme-bpo", "billing-disputes", "--by", "ramon.santos@example.org", "--on", "20/11/2026"), "YYYY-MM-DD"),
    ],
)
def test_a_refusal_says_why_in_one_line_and_writes_nothing(repo, args, said):
    run = playbook("acknowledge", *args, cwd=repo)
    assert run.returncode == 2 and said in run.stderr and "Traceback" not in run.stderr
    assert not (repo / LEDGER).exists()


def test_a_process_without_a_revision_has_nothing_to_acknowledge(tmp_path):
    shutil.copytree(COMPLETE, tmp_path / "process_specs")
    run = playbook("acknowledge", "acme-bpo", "billing-disputes", "--by", "ramon.santos@example.org", cwd=tmp_path)
    assert run.returncode == 2 and "write revision: {number: 1" in run.stderr


@pytest.mark.parametrize(
    "ledger",
    [
        "acknowledgements: []\n",  # a flow list: a line appended would not be an entry of it
        "acknowledgements:\n  - {process: billing-disputes, revision: two}\n",  # an entry to fix first
        "acknowledgements:\n  - {process: x\n",  # broken YAML
    ],
)
def test_a_ledger_an_entry_cannot_be_appended_to_is_left_as_it_was(repo, ledger):
    (repo / LEDGER).parent.mkdir()
    (repo / LEDGER).write_text(ledger)
    run = playbook("acknowledge", "acme-bpo", "billing-disputes", "--by", "ramon.santos@example.org", cwd=repo)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert (repo / LEDGER).read_text() == ledger
    assert [p.name for p in (repo / LEDGER).parent.iterdir()] == ["acme-bpo.yaml"]  # no temporary file left
