"""The schema's fast path (`check/rules/validation.py`, `compile_schema`) may only skip cerberus on a document that
cerberus accepts, and should skip it on the valid documents people write.

Checked on every spec we have (examples, fixtures, outsiders), every document of every rule's Fails and
Passes example, every mutation of the outsiders' table, and thousands of random mutations of the complete
spec's data: a wrong type, an empty value, a missing or unknown key, a value out of its enum or pattern.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from generator.check.rules import RULES
from generator.check.rules.validation import SchemaChecker
from generator.spec.loader import load
from tests.conftest import COMPLETE, FIXTURES
from tests.test_outsiders import MUTATIONS, OUTSIDERS
from tests.test_rule_docs import _files

ROOT = Path(__file__).resolve().parents[3]
CHECKER = SchemaChecker()


def _kind(path: Path) -> str:
    return "vendor" if path.parent.name == "vendors" else "process"


def _verdicts(data, kind: str) -> tuple[bool, bool]:
    fast = CHECKER.fast[kind](data)
    slow = CHECKER.validator(kind).validate(copy.deepcopy(data), normalize=False)
    return fast, slow


def _documents(folder: Path):
    for path in sorted(folder.rglob("*.y*ml")):
        if FIXTURES / "changes" in path.parents or path.parent.name == "acknowledgements":  # not specs
            continue
        document, _ = load(str(path))
        if document is not None and isinstance(document.data, dict):
            yield path, document.data


def test_every_valid_spec_we_have_takes_the_fast_path():
    seen = 0
    for folder in (ROOT / "process_specs", FIXTURES):
        for path, data in _documents(folder):
            assert _verdicts(data, _kind(path)) == (True, True), path
            seen += 1
    assert seen >= 13


def test_every_rule_example_gets_the_same_verdict(tmp_path):
    checked = 0
    for code, rule in sorted(RULES.items()):
        for which, example in (("fails", rule.doc.fails), ("passes", rule.doc.passes)):
            if not example or example.startswith("("):
                continue
            folder = tmp_path / code / which
            for name, text in _files(example, rule.scope == "vendor").items():
                if name.endswith(".csv"):
                    continue
                path = folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            for path, data in _documents(folder):
                fast, slow = _verdicts(data, _kind(path))
                assert not fast or slow, (code, which, path.name)  # never skip cerberus on an invalid one
                assert fast == slow, (code, which, path.name)
                checked += 1
    assert checked > 300


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_every_outsider_mutation_gets_the_same_verdict(tmp_path, mutation):
    path = OUTSIDERS / mutation.file
    text = path.read_text(encoding="utf-8")
    old, new = mutation.old, mutation.new
    if text.count(old) == 0 and old.endswith("\n") and new.endswith("\n"):
        old, new = old[:-1], new[:-1]
    mutated = tmp_path / mutation.file
    mutated.parent.mkdir(parents=True, exist_ok=True)
    mutated.write_text(text.replace(old, new), encoding="utf-8")
    document, _ = load(str(mutated))
    if document is None or not isinstance(document.data, dict):
        return  # not YAML a schema sees
    fast, slow = _verdicts(document.data, _kind(mutated))
    assert fast == slow


_STRANGE = [None, "", "x", "Not An Id", 0, -1, 1.5, float("nan"), 10**400, True, [], {}, ["x"], {"x": 1}, "2026-02-30"]


def _places(data, path=()):
    """Every (container, key) in a document, so a mutation can reach any value."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield data, key
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield data, index
            yield from _places(value, (*path, index))


@pytest.mark.parametrize("kind", ["process", "vendor"])
def test_random_mutations_never_skip_cerberus_on_an_invalid_document(kind):
    path = COMPLETE / ("vendors/acme-bpo.yaml" if kind == "vendor" else "billing-disputes.yaml")
    document, _ = load(str(path))
    draw = random.Random(20261124)
    agree = 0
    for _ in range(3000):
        data = copy.deepcopy(document.data)
        for _ in range(draw.randint(1, 3)):
            places = list(_places(data))
            container, key = draw.choice(places)
            move = draw.random()
            if move < 0.6:
                container[key] = copy.deepcopy(draw.choice(_STRANGE))
            elif move < 0.8 and isinstance(container, dict):
                del container[key]
            elif isinstance(container, dict):
                container[draw.choice(["sumary", "notes", "x-extra", "kpi"])] = "added"
        fast, slow = _verdicts(data, kind)
        assert not fast or slow, data
        agree += fast == slow
    assert agree > 2900  # and it rarely sends a valid document the slow way
