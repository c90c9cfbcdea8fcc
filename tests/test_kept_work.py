"""Processes written by outsiders for issue 23, each with its table of mutations: work the client keeps,
maker-checker approvals, matters reserved to the client and KPIs tied to duties.

- `tests/fixtures/treasury/`: a supplier payment run handed to a nearshore vendor;
- `tests/fixtures/claims-payout/`: motor and home claims payout handed to an offshore vendor;
- `tests/fixtures/pv-intake/`: pharmacovigilance case intake handed to a nearshore vendor.

Each `MUTATIONS.md` is read with the outsiders' parser (`tests/test_outsiders.py`): each mutation names the
file, the exact text to replace and its replacement, and an `**Expect:**` line with the findings it must
get, or `clean` for an edit that leaves the spec right. Mutations without an `**Expect:**` line are gaps,
listed at the end of the table with what rule could catch them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from generator.check.config import Config
from generator.check.engine import check
from tests.conftest import FIXTURES, TODAY
from tests.test_outsiders import BEFORE_PERSONAL_DATA, assert_found, check_mutated, mutations


@dataclass(frozen=True)
class Table:
    folder: str
    process: str
    retained: int  # at least this many `retained: true`
    keys: tuple[str, ...]  # text the spec holds: its approvals and the duties its KPIs are measured from
    counts: tuple[int, int, int, int]  # mutations, caught, controls (clean), gaps
    rules: frozenset[str]  # rules the table's Expect lines name


TABLES = [
    Table(
        "treasury",
        "treasury-payment-run",
        4,  # the bank portal, the approval, the release, the sanctions decision
        ("approves: [build-proposal]", "from: confirm-payments", "from: approve-proposal"),
        (31, 26, 5, 0),
        frozenset({"P009", "P010", "P011", "P012", "P013", "P014", "P015", "P016", "O016", "R011", "R012", "K014"}),
    ),
    Table(
        "claims-payout",
        "claims-payout",
        8,  # two tools, the approval above the limit, the SIU and sanctions decisions, the release, two checks
        ("approves: [prepare-instruction]", "approves: [run-payout-queue]", "from: quality-sample"),
        (32, 25, 5, 2),
        frozenset({"P009", "P010", "P011", "P012", "P013", "P014", "P015", "P016", "P017", "O016", "R012", "K014"}),
    ),
    Table(
        "pv-intake",
        "pv-case-intake",
        8,  # two tools, the medical review, the reporting decision and submission, authority requests, ...
        ("approves: [enter-case, code-case]", "from: medical-review"),
        (34, 23, 5, 6),
        frozenset({"P009", "P010", "P011", "P012", "P013", "P014", "O016", "R011", "R012", "K014", "M015"}),
    ),
]


def table_tests(tables: list[Table], config: Config):
    """The four tests of a set of outsiders' tables, judged with `config`: each spec is clean, ready and
    uses its keys; each mutation gets its finding; each gap still passes; each table is read whole."""
    found = {table.folder: mutations(FIXTURES / table.folder) for table in tables}
    cases = {
        expected: [(t, m) for t, table in found.items() for m in table if (m.expect is not None) == expected]
        for expected in (True, False)
    }

    def case_id(case) -> str:
        return case if isinstance(case, str) else case.id

    @pytest.mark.parametrize("table", tables, ids=lambda t: t.folder)
    def test_the_spec_passes_clean_and_ready_and_uses_the_keys(table):
        result = check([str(FIXTURES / table.folder)], config, TODAY).result
        assert [f"{f.mark} {f.code} {f.message}" for f in result.findings] == []
        assert {s.id: s.readiness for s in result.specs if s.kind == "process"} == {table.process: 100}
        folder = FIXTURES / table.folder
        text = "".join(path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.yaml")))
        assert text.count("retained: true") >= table.retained
        assert [key for key in table.keys if key not in text] == []

    @pytest.mark.parametrize(("folder", "mutation"), cases[True], ids=case_id)
    def test_each_mutation_gets_its_finding(tmp_path, folder, mutation):
        assert_found(tmp_path, mutation, FIXTURES / folder, config)

    @pytest.mark.parametrize(("folder", "mutation"), cases[False], ids=case_id)
    def test_each_gap_still_passes(tmp_path, folder, mutation):
        """A gap that starts being caught should get its `**Expect:**` line."""
        result, _ = check_mutated(tmp_path, mutation, FIXTURES / folder, config)
        assert result.findings == [], f"{mutation.id} is caught now: give it an Expect line"

    @pytest.mark.parametrize("table", tables, ids=lambda t: t.folder)
    def test_the_table_is_read_whole(table):
        table_found = found[table.folder]
        assert len({m.id for m in table_found}) == len(table_found)
        counts = (len(table_found), sum(bool(m.expect) for m in table_found), sum(m.expect == () for m in table_found))
        assert (*counts, sum(m.expect is None for m in table_found)) == table.counts
        assert table.rules <= {code for m in table_found for code, _, _ in m.expect or ()}

    return (
        test_the_spec_passes_clean_and_ready_and_uses_the_keys,
        test_each_mutation_gets_its_finding,
        test_each_gap_still_passes,
        test_the_table_is_read_whole,
    )


(
    test_the_spec_passes_clean_and_ready_and_uses_the_keys,
    test_each_mutation_gets_its_finding,
    test_each_gap_still_passes,
    test_the_table_is_read_whole,
) = table_tests(TABLES, BEFORE_PERSONAL_DATA)
