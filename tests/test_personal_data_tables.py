"""Processes written by outsiders for issue 24, each with its table of mutations of its personal data: what each
item carries and its classification, retention, the transfer basis, the vendor's processing agreement and
breach term, the vendor's country.

- `tests/fixtures/hr-onboarding/`: new-hire onboarding and payroll set-up handed to a vendor in Cape Town;
- `tests/fixtures/patient-scheduling/`: a hospital group's appointment desk handed to a vendor in Cork;
- `tests/fixtures/card-disputes/`: a card issuer's chargeback back office handed to a vendor in Kuala Lumpur.

The tables are read with the outsiders' parser (`tests/test_outsiders.py`), and judged with every rule: these
specs were written with `personal_data`. A mutation that edits two files at once ("Replace (1, in `file`)")
is read by `_two_file_edits`. Mutations without an `**Expect:**` line are gaps, each with its note.
"""

from __future__ import annotations

import re
import shutil

import pytest

from generator.check.config import Config
from generator.check.engine import check
from tests.conftest import FIXTURES, TODAY
from tests.test_kept_work import Table, table_tests
from tests.test_outsiders import _expected, mutations

KEYS = ("personal_data: [", "retention:", "data_processing_agreement:", "breach_notification:")
TABLES = [
    Table(
        "hr-onboarding",
        "hr-onboarding",
        4,  # the decision on a failed check, the occupational health assessment, the payroll approval, an audit
        (*KEYS, "transfer_mechanism: [sccs, uk-addendum]"),
        (58, 47, 11, 0),
        frozenset({f"D{n:03}" for n in range(1, 13)} | {"R013"}),
    ),
    Table(
        "patient-scheduling",
        "patient-scheduling",
        2,  # the nurses' triage, the safeguarding decision
        KEYS,
        (50, 37, 12, 1),
        frozenset({"D001", "D002", "D003", "D004", "D005", "D006", "D007", "D008", "D010", "D012", "R013"}),
    ),
    Table(
        "card-disputes",
        "card-disputes",
        3,  # the fraud decisions, provisional credits above the limit, arbitration
        (*KEYS, "transfer_mechanism: sccs"),
        (52, 38, 13, 1),
        frozenset({f"D{n:03}" for n in range(1, 13)} | {"R013"}),
    ),
]
MUTATIONS = {table.folder: mutations(FIXTURES / table.folder) for table in TABLES}

(
    test_the_spec_passes_clean_and_ready_and_uses_the_keys,
    test_each_mutation_gets_its_finding,
    test_each_gap_still_passes,
    test_the_table_is_read_whole,
) = table_tests(TABLES, Config())


_TWO_FILES = re.compile(r"^### (M\d+) · `[^`]+` and `[^`]+`", re.MULTILINE)
_EDIT = re.compile(r"\*\*(Replace|With) \((\d), in `([^`]+)`\):\*\*\s*\n\s*\n```yaml\n(.*?)```", re.DOTALL)


def _two_file_edits(folder: str) -> list[tuple[str, list[tuple[str, str, str]], tuple]]:
    """The mutations that edit two files: (id, [(file, old, new)], expected findings)."""
    text = (FIXTURES / folder / "MUTATIONS.md").read_text(encoding="utf-8")
    found = []
    for section in re.split(r"(?=^### M\d+ · )", text, flags=re.MULTILINE):
        head = _TWO_FILES.match(section)
        if not head:
            continue
        edits: dict[str, dict[str, str]] = {}
        for kind, number, file, block in _EDIT.findall(section):
            edits.setdefault(number, {"file": file})[kind] = block
        expect = re.search(r"^\*\*Expect:\*\* (.+)$", section, re.MULTILINE).group(1)
        # Findings land in the process file unless the Expect line names another.
        process = next(e["file"] for e in edits.values() if not e["file"].startswith("vendors/"))
        wanted = tuple(_expected(part, process) for part in expect.split(","))
        found.append((head.group(1), [(e["file"], e["Replace"], e["With"]) for e in edits.values()], wanted))
    return found


TWO_FILES = [(folder, *case) for folder in MUTATIONS for case in _two_file_edits(folder)]


@pytest.mark.parametrize(("folder", "mid", "edits", "wanted"), TWO_FILES, ids=[f"{c[0]}-{c[1]}" for c in TWO_FILES])
def test_each_two_file_mutation_gets_its_finding(tmp_path, folder, mid, edits, wanted):
    copy = tmp_path / folder
    shutil.copytree(FIXTURES / folder, copy, ignore=shutil.ignore_patterns("*.md"))
    for file, old, new in edits:
        path = copy / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{mid}: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    result = check([str(copy)], Config(), TODAY).result
    got = {(f.code, f.severity.value, f.path[len(str(copy)) + 1 :]) for f in result.findings}
    for expected in wanted:
        assert expected in got, f"{mid}: expected {' '.join(expected)}, got {sorted(got)}"


def test_the_two_file_mutations_are_read():
    assert [case[1] for case in TWO_FILES] == ["M20", "M21", "M22"]
