"""A treasury payment run by an outsider: work the client keeps, maker-checker approval and reserved matters.

`tests/fixtures/treasury/MUTATIONS.md` is read with the outsiders' parser: each mutation names the file, the
exact text to replace and its replacement, and an `**Expect:**` line with the findings it must get, or
`clean` for an edit that leaves the spec right. Mutations without an `**Expect:**` line are gaps, listed at
the end of the table.
"""

from __future__ import annotations

import pytest

from generator.check.config import Config
from generator.check.engine import check
from tests.conftest import FIXTURES, TODAY
from tests.test_outsiders import assert_found, check_mutated, mutations

TREASURY = FIXTURES / "treasury"
MUTATIONS = mutations(TREASURY)


def test_the_treasury_spec_passes_clean_and_ready():
    result = check([str(TREASURY)], Config(), TODAY).result
    assert [f"{f.mark} {f.code} {f.message}" for f in result.findings] == []
    assert {s.id: s.readiness for s in result.specs if s.kind == "process"} == {"treasury-payment-run": 100}


def test_the_spec_uses_the_keys_for_work_the_client_keeps():
    text = (TREASURY / "treasury-payment-run.yaml").read_text(encoding="utf-8")
    assert text.count("retained: true") >= 4  # the bank portal, the approval, the release, the sanctions decision
    assert "approves: [build-proposal]" in text


@pytest.mark.parametrize("mutation", [m for m in MUTATIONS if m.expect is not None], ids=lambda m: m.id)
def test_each_mutation_gets_its_finding(tmp_path, mutation):
    assert_found(tmp_path, mutation, TREASURY)


def test_each_gap_still_passes(tmp_path):
    """A gap that starts being caught should get its `**Expect:**` line."""
    for mutation in [m for m in MUTATIONS if m.expect is None]:
        result, _ = check_mutated(tmp_path / mutation.id, mutation, TREASURY)
        assert result.findings == [], f"{mutation.id} is caught now: give it an Expect line"


def test_the_table_is_read_whole():
    assert len(MUTATIONS) == 31
    assert len({m.id for m in MUTATIONS}) == len(MUTATIONS)
    assert sum(bool(m.expect) for m in MUTATIONS) == 26
    assert [m.id for m in MUTATIONS if m.expect is None] == []  # every gap of the table is caught
    assert sum(m.expect == () for m in MUTATIONS) == 5
    codes = {code for m in MUTATIONS for code, _, _ in m.expect or ()}
    assert {
        "P009",
        "P010",
        "P011",
        "P012",
        "P013",
        "O016",
        "R011",
        "R012",
        "K014",
        "P014",
        "W005",
        "P015",
        "P016",
    } <= codes
