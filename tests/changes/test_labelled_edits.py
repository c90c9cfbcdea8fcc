"""`playbook diff` against edits labelled by hand (tests/fixtures/changes/edits.yaml): real-looking edits of the
examples and the outsiders' specs, each with the class and audience a colleague gave it and the paths it
touches. Labels changed after review keep the colleague's in `colleague` and say why in `reviewed`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.changes.classes import EDITORIAL, INTERNAL, higher
from generator.changes.diff import diff_versions

ROOT = Path(__file__).resolve().parents[2]
EDITS = yaml.safe_load((ROOT / "tests/fixtures/changes/edits.yaml").read_text(encoding="utf-8"))["edits"]


def _apply(edit: dict) -> tuple[str, str]:
    before = (ROOT / edit["file"]).read_text(encoding="utf-8")
    after = before
    for change in edit["changes"]:
        assert after.count(change["old"]) == 1, (
            f"{edit['id']}: the edit's text occurs {after.count(change['old'])} times"
        )
        after = after.replace(change["old"], change["new"])
    return before, after


def _covers(expected: str, reported: str) -> bool:
    """A path a reader expects is covered by a change at it, inside it, or around it (an entry added whole)."""
    return any(
        a == b or a.startswith(b + ".") or a.startswith(b + "[")
        for a, b in ((reported, expected), (expected, reported))
    )


@pytest.mark.parametrize("edit", EDITS, ids=[e["id"] for e in EDITS])
def test_diff_gives_the_label_a_colleague_gave(edit):
    before, after = _apply(edit)
    diff = diff_versions({edit["file"]: before.encode()}, {edit["file"]: after.encode()})
    assert diff.unreadable == []
    found = EDITORIAL
    for change in diff.changes:
        found = higher(found, change.change_class)
    assert found == edit["class"], [(c.where, c.change_class) for c in diff.changes]
    if edit.get("audience") == INTERNAL:
        assert all(c.audience == INTERNAL for c in diff.changes)
        assert diff.seen_by("vendor").changes == []
    elif edit["class"] != EDITORIAL:
        assert any(c.audience != INTERNAL for c in diff.changes)
    reported = [c.where for c in diff.changes]
    for path in edit.get("paths", []):
        # Layout a reader may count as a change to its field (a line folded, a list re-sorted) reads as the
        # same value, so an editorial edit may report nothing at all.
        if reported or edit["class"] != EDITORIAL:
            assert any(_covers(path, r) for r in reported), (path, reported)


def test_the_corpus_is_large_and_varied():
    classes = Counter(e["class"] for e in EDITS)
    assert len(EDITS) >= 60
    assert min(classes.values()) >= 15 and set(classes) == {"editorial", "operational", "contractual"}
    assert sum(e.get("audience") == INTERNAL for e in EDITS) >= 6
    assert sum(len(e["changes"]) > 1 for e in EDITS) >= 8
    assert len({e["file"] for e in EDITS}) >= 6
