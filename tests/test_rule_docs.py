"""Every rule's documented examples are checked: its Fails example triggers it, its Passes example does not.

An example is a YAML fragment. Its top-level keys replace the same keys of the complete spec
(`tests/fixtures/complete/billing-disputes.yaml`, every other key kept), so a short fragment is tested
inside a spec that is otherwise whole. Lines after a comment line `# vendors/acme-bpo.yaml` go into the
vendor file the same way (a vendor rule's fragment goes there from the start); lines after
`# measurements/<id>.csv` make up that measurement file. A first comment line
`# process_specs/<name>.yaml` saves the process under that name; a fragment with `spec:` is a whole file.
Text replaces text, so an example that is broken YAML on purpose (a syntax rule's) is tested as written.
A rule that judges a change (N001-N003) shows the process `# before the change` and `# after the change`:
the check compares the two as `playbook check --base` compares a pull request with its target branch.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.changes.baselines import baselines
from generator.changes.diff import diff_versions
from generator.check.config import Config
from generator.check.engine import check
from generator.check.rules import RULES
from tests.conftest import TODAY, complete_measurements, complete_process, complete_vendor

# Examples told in words because no fragment can show them: a binary file, several files at once.
PROSE = {"Y004", "F001"}
_FILE_MARK = re.compile(r"^# (?:process_specs/)?((?:[a-z0-9-]+/)*[a-z0-9-]+\.(?:yaml|csv))\s*$")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):(\s|$)")
BEFORE, AFTER = "# before the change", "# after the change"


def _blocks(text: str) -> list[tuple[str | None, str]]:
    """Top-level blocks of a YAML text: (key, the key's line and every line below it), in order."""
    blocks: list[tuple[str | None, str]] = []
    for line in text.splitlines(keepends=True):
        key = _TOP_KEY.match(line)
        if key or not blocks:
            blocks.append((key.group(1) if key else None, line))
        else:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + line)
    return blocks


def _merge(base: str, fragment: str) -> str:
    """`base` with the top-level blocks of `fragment` in place of the blocks of the same key (all of them:
    a duplicate key is an example too); a fragment with `spec:`, or of comments only, is the whole file."""
    blocks = _blocks(fragment)
    if any(key == "spec" for key, _ in blocks) or all(key is None for key, _ in blocks):
        return fragment
    replacements: dict[str, list[str]] = {}
    for key, block in blocks:
        replacements.setdefault(key, []).append(block if block.endswith("\n") else block + "\n")
    merged, used = [], set()
    for key, block in _blocks(base):
        if key in replacements:
            merged += replacements[key]
            used.add(key)
        else:
            merged.append(block)
    merged += [block for key, group in replacements.items() if key not in used for block in group]
    return "".join(merged)


def _files(example: str, vendor_rule: bool) -> dict[str, str]:
    """The spec files of one example: file name -> text."""
    parts: dict[str, list[str]] = {}
    current = "vendors/acme-bpo.yaml" if vendor_rule else "billing-disputes.yaml"
    for line in (example + "\n").splitlines(keepends=True):
        mark = _FILE_MARK.match(line)
        if mark:
            current = mark.group(1)
            continue
        if line.strip() in (BEFORE, AFTER):
            current = ("before:" if line.strip() == BEFORE else "") + "billing-disputes.yaml"
            continue
        parts.setdefault(current, []).append(line)
    files = {
        "billing-disputes.yaml": complete_process(),
        "vendors/acme-bpo.yaml": complete_vendor(),
        "measurements/billing-disputes.csv": complete_measurements(),
    }
    for name, lines in parts.items():
        fragment = "".join(lines)
        if not fragment.strip():
            continue
        if name.startswith("before:"):  # the version compared with, of the complete process
            files[name] = _merge(complete_process(), fragment)
        elif name.endswith(".csv") or name.startswith("acknowledgements/"):  # figures and ledgers, as they stand
            files[name] = fragment
        elif name not in files:
            # A process saved under another name replaces the complete one (S006: id against file name).
            base = files.pop("billing-disputes.yaml") if "/" not in name else complete_vendor()
            files[name] = _merge(base, fragment)
        else:
            files[name] = _merge(files[name], fragment)
    return files


def _check(tmp_path: Path, example: str, vendor_rule: bool):
    specs = tmp_path / "process_specs"
    files = _files(example, vendor_rule)
    earlier = {
        name.removeprefix("before:"): text.encode() for name, text in files.items() if name.startswith("before:")
    }
    for name, text in files.items():
        if not name.startswith("before:"):
            (specs / name).parent.mkdir(parents=True, exist_ok=True)
            (specs / name).write_text(text, encoding="utf-8")
    now = {name: files[name].encode() for name in earlier}
    return check([str(specs)], Config(), TODAY, baselines=baselines(diff_versions(earlier, now))).result


DOCUMENTED = sorted(code for code, rule in RULES.items() if not rule.retired and code not in PROSE)


@pytest.mark.parametrize("code", DOCUMENTED)
def test_fails_example_triggers_its_rule(tmp_path, code):
    rule = RULES[code]
    result = _check(tmp_path, rule.doc.fails, rule.scope == "vendor")
    codes = {f.code for f in result.findings}
    assert code in codes, f"{code}'s Fails example gives {sorted(codes)}"
    if rule.family not in ("syntax", "schema"):
        malformed = sorted(f"{f.code} {f.message}" for f in result.findings if f.code[0] in "YS")
        assert malformed == [], f"{code}'s Fails example is not a well-formed spec"


@pytest.mark.parametrize("code", DOCUMENTED)
def test_passes_example_passes_its_rule(tmp_path, code):
    rule = RULES[code]
    result = _check(tmp_path, rule.doc.passes, rule.scope == "vendor")
    assert [f"{f.mark} {f.message}" for f in result.findings if f.code == code] == []
    if rule.family not in ("syntax", "schema"):
        malformed = sorted(f"{f.code} {f.message}" for f in result.findings if f.code[0] in "YS")
        assert malformed == [], f"{code}'s Passes example is not a well-formed spec"


def test_prose_examples_are_the_known_few():
    told = {code for code, rule in RULES.items() if rule.doc.fails.startswith("(")}
    assert told <= PROSE, "an example in words: make it a fragment, or add it to PROSE with the reason"


def test_two_examples_of_one_rule_differ():
    same = [code for code, rule in RULES.items() if rule.doc.fails.strip() == rule.doc.passes.strip()]
    assert same == []
