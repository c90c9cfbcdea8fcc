"""Values the loader cannot read, through the real `playbook check` process: findings, never a traceback.

Each case was found by fuzzing: a process file, a vendor file or `.playbook.yaml` that made the run abort
with a traceback, or made broken specs vanish from the check.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import COMPLETE, TODAY, complete_process, complete_vendor, edit, position
from tests.test_cli import playbook


@pytest.fixture
def specs(tmp_path) -> Path:
    folder = tmp_path / "process_specs"
    shutil.copytree(COMPLETE, folder)
    return folder


# (replaced text, new text, where the finding points, code)
PROCESS_CASES = [
    ("title: Billing dispute handling", "title: <<", "<<", "Y008"),
    ("title: Billing dispute handling", "title: =", "=", "Y008"),
    ("title: Billing dispute handling", "title: Billing\n=: x", "=: x", "Y008"),
    ("    target: 85\n", "    target: !!int abc\n", "!!int", "Y001"),
    ("    target: 85\n", "    target: !!float 1.2.3\n", "!!float", "Y001"),
    ("    contractual: true\n", "    contractual: !!bool maybe\n", "!!bool", "Y001"),
    ("  start: 2026-03-02\n", "  start: !!timestamp nope\n", "!!timestamp", "Y001"),
    ("category: billing", "category: bill\x1bing", "\x1b", "Y001"),
    ("    target: 85\n", "    target: .nan\n", ".nan", "S005"),
    ("    target: 85\n", "    target: 1.0e+400\n", "1.0e+400", "S005"),
    ("    target: 85\n", "    target: " + "1" * 400 + "\n", "1111", "S005"),
]


VENDOR_CASES = [
    ("country: Philippines", "country: <<", "<<", "Y008"),
    ("timezone: Asia/Manila", "timezone: =", "=", "Y008"),
    ("  - {id: copc, expires: 2027-12-31}", "  - {id: copc, expires: !!timestamp nope}", "!!timestamp", "Y001"),
    ("name: Acme BPO Services", "name: !!bool maybe", "!!bool", "Y001"),
    ("timezone: Asia/Manila", "timezone: Asia\x07Manila", "\x07", "Y001"),
]


CASES = [("billing-disputes.yaml", complete_process, *case) for case in PROCESS_CASES] + [
    ("vendors/acme-bpo.yaml", complete_vendor, *case) for case in VENDOR_CASES
]


@pytest.mark.parametrize(("name", "complete", "old", "new", "snippet", "code"), CASES, ids=lambda v: repr(v)[:30])
def test_a_spec_gives_a_finding_not_a_traceback(specs, name, complete, old, new, snippet, code):
    """A process file or a vendor file: either one aborted the whole run before."""
    path = specs / name
    text = edit(complete(), (old, new))
    path.write_text(text, encoding="utf-8")
    run = playbook("check", str(specs), "--today", TODAY.isoformat(), cwd=specs.parent)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == 1, run.stdout + run.stderr
    line, column = position(text, snippet)
    assert f"{path}:{line}:{column}: {code} error" in run.stdout


@pytest.mark.parametrize(
    ("config", "where", "words"),
    [
        ("rules:\n  K002: <<\n", "2:9", "merge key"),
        ("rules:\n  K002: =\n", "2:9", "value key"),
        ("=: 1\n", "1:1", "value key"),
        ("transition_min_weeks: !!int abc\n", "1:23", "cannot read 'abc' as int"),
        ("transition_min_weeks: !!float 1.2.3\n", "1:23", "cannot read '1.2.3' as float"),
        ("rules:\n  K002: !!bool maybe\n", "2:9", "cannot read 'maybe' as bool"),
        ("certifications:\n  - {id: tisax, name: !!timestamp nope}\n", "2:23", "cannot read 'nope' as timestamp"),
        ("transition_min_weeks: 8\x1b\n", "1:24", "control character U+001B (escape)"),
        # A pattern must match the whole value, not stop before a final newline.
        ('certifications:\n  - {id: "tisax\\n", name: TISAX}\n', "2:10", "certifications.0.id"),
    ],
)
def test_broken_config_exits_2_with_a_clear_message(specs, config, where, words):
    (specs.parent / ".playbook.yaml").write_text(config, encoding="utf-8")
    run = playbook("check", "--today", TODAY.isoformat(), cwd=specs.parent)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == 2, run.stdout + run.stderr
    assert "configuration is not usable" in run.stderr
    assert f".playbook.yaml:{where}: " in run.stderr and words in run.stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("rules:\n  Y001: off\n", "Y001 cannot be turned off: a file that does not parse is never checked"),
        ("rules:\n  Y001: false\n", "Y001 cannot be turned off: a file that does not parse is never checked"),
        ("rules:\n  K002: off\n  Y004: warning\n", "Y004 cannot be turned down to a warning"),
        ("rules:\n  Y008: 'off'\n", "Y008 cannot be turned off"),
        ("rules:\n  Y003: warning\n", "Y003 cannot be turned down to a warning"),
    ],
)
def test_syntax_codes_cannot_be_switched_off(specs, config, message):
    # With Y001 off, a spec that does not parse would silently drop out of the check and the run would pass.
    (specs / "billing-disputes.yaml").write_text("spec: 1\nid: [unclosed\n", encoding="utf-8")
    (specs.parent / ".playbook.yaml").write_text(config, encoding="utf-8")
    run = playbook("check", "--today", TODAY.isoformat(), cwd=specs.parent)
    assert run.returncode == 2, run.stdout + run.stderr
    assert message in run.stderr and ".playbook.yaml:" in run.stderr
    assert "Traceback" not in run.stderr


def test_syntax_code_may_be_named_as_an_error(specs):
    (specs.parent / ".playbook.yaml").write_text("rules:\n  Y001: error\n", encoding="utf-8")
    run = playbook("check", "--today", TODAY.isoformat(), cwd=specs.parent)
    assert run.returncode == 0, run.stdout + run.stderr
