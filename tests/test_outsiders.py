"""Specs the rules were not written for: two complete processes by an outsider, and single mutations of them.

`tests/fixtures/outsiders/MUTATIONS.md` is the table: each mutation names a file, the exact text to replace
and its replacement, what real mistake it stands for, and an `**Expect:**` line with the finding it must
get (`T020 error`, or `T012 error in medical-claims-intake.yaml` when it lands in another file; several
separated by commas, all required) or `clean` for an edit that leaves the spec right. Mutations without an
`**Expect:**` line are gaps still open (issue 8).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.check.config import Config
from generator.check.engine import check
from tests.conftest import FIXTURES, TODAY

OUTSIDERS = FIXTURES / "outsiders"
# These specs were written before `personal_data` existed (issue 24), and their tables' texts stand on them as
# written. Such a spec gets one warning per process under a privacy law until its owner declares the data (D007:
# upgrading blocks nobody); the tables are judged without it, and a test below holds that it is all they get.
BEFORE_PERSONAL_DATA = Config(severities={"D007": "off"})
_SECTION = re.compile(r"^### (M\d+) · `([^`]+)`", re.MULTILINE)
_BLOCK = re.compile(r"\*\*{label}:\*\*\s*\n\s*\n(?:```yaml\n(.*?)```|`([^`\n]*)`|\*\(nothing[^)]*\)\*)", re.DOTALL)
_EXPECT = re.compile(r"^\*\*Expect:\*\* (.+)$", re.MULTILINE)
_MARKS = {"«NBSP»": "\u00a0", "«TAB»": "\t"}


@dataclass(frozen=True)
class Mutation:
    id: str
    file: str
    old: str
    new: str
    # (code, severity, file) triples; () for clean; None while the gap is still open
    expect: tuple[tuple[str, str, str], ...] | None


def _text(match: re.Match | None) -> str | None:
    if match is None:
        return None
    text = match.group(1) if match.group(1) is not None else (match.group(2) or "")
    for mark, char in _MARKS.items():
        text = text.replace(mark, char)
    return text


def _expected(words: str, file: str) -> tuple[str, str, str]:
    code, severity, *where = words.split()
    return code, severity, where[1] if where[:1] == ["in"] else file


def mutations(folder: Path = OUTSIDERS) -> list[Mutation]:
    text = (folder / "MUTATIONS.md").read_text(encoding="utf-8")
    sections = list(_SECTION.finditer(text))
    found = []
    for section, following in zip(sections, [*sections[1:], None], strict=True):
        body = text[section.end() : following.start() if following else len(text)]
        old = _text(re.compile(_BLOCK.pattern.format(label="Replace"), re.DOTALL).search(body))
        new = _text(re.compile(_BLOCK.pattern.format(label="With"), re.DOTALL).search(body))
        if old is None or new is None:
            continue  # a mutation that is not a text edit (a file saved elsewhere): tested on its own
        expect_line = _EXPECT.search(body)
        expect = None
        if expect_line:
            words = expect_line.group(1).strip()
            expect = () if words == "clean" else tuple(_expected(part, section.group(2)) for part in words.split(","))
        found.append(Mutation(section.group(1), section.group(2), old, new, expect))
    return found


MUTATIONS = mutations()


def apply(folder: Path, mutation: Mutation) -> str:
    """Make the mutation's edit in a copy of the outsiders; returns the file's text before it."""
    path = folder / mutation.file
    text = path.read_text(encoding="utf-8")
    old, new = mutation.old, mutation.new
    if text.count(old) == 0 and old.endswith("\n") and new.endswith("\n"):
        old, new = old[:-1], new[:-1]  # a fenced block ends with a line break; the text replaced may not
    assert text.count(old) == 1, f"{mutation.id}: the text to replace occurs {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def check_mutated(tmp_path: Path, mutation: Mutation, source: Path = OUTSIDERS, config: Config = BEFORE_PERSONAL_DATA):
    """The check of a copy of `source` with the mutation's edit made: (result, the copy's folder)."""
    folder = tmp_path / source.name
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.md"))
    apply(folder, mutation)
    return check([str(folder)], config, TODAY).result, folder


def assert_found(
    tmp_path: Path, mutation: Mutation, source: Path = OUTSIDERS, config: Config = BEFORE_PERSONAL_DATA
) -> None:
    """Each finding the mutation's Expect line names is there; none for `clean`."""
    result, folder = check_mutated(tmp_path, mutation, source, config)
    got = sorted({(f.code, f.severity.value, Path(f.path).relative_to(folder).as_posix()) for f in result.findings})
    if mutation.expect == ():
        assert got == [], mutation.id
    for expected in mutation.expect:
        assert expected in got, f"{mutation.id}: expected {' '.join(expected)}, got {got}"


def test_the_outsider_specs_pass_clean():
    result = check([str(OUTSIDERS)], BEFORE_PERSONAL_DATA, TODAY).result
    assert [f"{f.mark} {f.code} {f.message}" for f in result.findings] == []
    assert {s.id: s.readiness for s in result.specs if s.kind == "process"} == {
        "it-service-desk": 100,
        "medical-claims-intake": 100,
    }


@pytest.mark.parametrize("mutation", [m for m in MUTATIONS if m.expect is not None], ids=lambda m: m.id)
def test_each_mutation_gets_its_finding(tmp_path, mutation):
    assert_found(tmp_path, mutation)


def test_the_table_is_read_whole_and_asserts_at_least_60_mutations():
    assert len(MUTATIONS) >= 120
    assert len({m.id for m in MUTATIONS}) == len(MUTATIONS)
    assert sum(m.expect is not None for m in MUTATIONS) >= 60


@pytest.mark.parametrize("folder", ["outsiders", "treasury", "claims-payout", "pv-intake", "pages"])
def test_a_spec_written_before_personal_data_gets_one_warning_per_process(folder):
    """Issue 24: upgrading never blocks a team overnight. A process under a privacy law that declares no personal
    data gets D007, once, as a warning; nothing else of the personal data rules speaks before it declares."""
    result = check([str(FIXTURES / folder)], Config(), TODAY).result
    upgrade = [f for f in result.findings if f.code == "D007"]
    assert [f.severity.value for f in upgrade] == ["warning"] * len(upgrade) and upgrade
    assert len({f.path for f in upgrade}) == len(upgrade)
    assert [f.code for f in result.findings if f.code[0] == "D" or f.code == "R013"] == ["D007"] * len(upgrade)
    assert result.errors == 0
    without = check([str(FIXTURES / folder)], BEFORE_PERSONAL_DATA, TODAY).result.findings
    assert without == [f for f in result.findings if f.code != "D007"]


CONTROLS = [m for m in MUTATIONS if m.expect == ()]


@pytest.mark.parametrize("mutation", [None, *CONTROLS], ids=lambda m: m.id if m else "as-written")
def test_the_outsiders_valid_specs_under_gdpr_are_not_refused(tmp_path, mutation):
    """Issue 24: with GDPR mapped to ISO 27701 (T030), every valid variation of these specs under GDPR was an
    error. GDPR asks the vendor for an agreement, not a certificate: with GDPR named in both processes, the
    specs and each control still pass with no error (the upgrade warning D007 aside, nothing is asked)."""
    folder = tmp_path / "outsiders"
    shutil.copytree(OUTSIDERS, folder, ignore=shutil.ignore_patterns("*.md"))
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert text.count("  regulations: [") == 1, path
        path.write_text(text.replace("  regulations: [", "  regulations: [GDPR, ", 1), encoding="utf-8")
    if mutation is not None:
        apply(folder, mutation)
    result = check([str(folder)], Config(), TODAY).result
    assert [f"{f.code} {f.message}" for f in result.findings if f.code != "D007"] == []
    assert {f.code for f in result.findings} == {"D007"}
