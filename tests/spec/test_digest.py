"""The digest a vendor's acknowledgement binds to: layout, comments and internal fields never change it;
anything the vendor reads does. Judged on the hand-labelled edits of tests/fixtures/changes/edits.yaml."""

from __future__ import annotations

import pytest

from generator.spec.digest import digest
from generator.spec.loader import parse
from tests.changes.test_labelled_edits import EDITS, _apply
from tests.conftest import complete_process, edit


def digest_of(text: str) -> str:
    document, _ = parse(text, "process_specs/billing-disputes.yaml")
    return digest(document.data)


def _processes(edits):
    return [e for e in edits if "/vendors/" not in e["file"]]


# Edits whose every change is layout (no value changes: `paths: []`), or only in fields a vendor never sees.
LAYOUT = [e for e in _processes(EDITS) if e["class"] == "editorial" and not e.get("paths")]
# (Edits of a draft are internal because no vendor sees a draft at all: their text still changes.)
INTERNAL = [
    e for e in _processes(EDITS) if e.get("audience") == "internal" and "audience" not in e.get("colleague", {})
]
SEEN = [e for e in _processes(EDITS) if e["class"] != "editorial" and e.get("audience") != "internal"]


@pytest.mark.parametrize("edit_", LAYOUT + INTERNAL, ids=[e["id"] for e in LAYOUT + INTERNAL])
def test_layout_comments_and_internal_fields_keep_the_digest(edit_):
    before, after = _apply(edit_)
    assert digest_of(before) == digest_of(after)


@pytest.mark.parametrize("edit_", SEEN, ids=[e["id"] for e in SEEN])
def test_a_change_the_vendor_reads_makes_another_digest(edit_):
    before, after = _apply(edit_)
    assert digest_of(before) != digest_of(after)


def test_the_corpus_gives_enough_of_each():
    assert len(LAYOUT) >= 10 and len(INTERNAL) >= 4 and len(SEEN) >= 40


def test_whitespace_inside_text_sets_in_any_order_and_numbers_written_alike_keep_the_digest():
    text = complete_process()
    same = edit(
        text,
        ("consulted: [billing-lead]", "consulted: ['billing-lead']"),
        ("Read the ticket, confirm", "Read  the ticket,\n      confirm"),
        ("regulations: [EU Consumer Rights Directive, GDPR]", "regulations: [GDPR, EU Consumer Rights Directive]"),
    )
    assert digest_of(text) == digest_of(same)
    typo = edit(text, ("confirm the invoice number", "confirm the invoice nubmer"))
    assert digest_of(text) != digest_of(typo)  # a slip fixed is another text, though an editorial change


def test_the_order_of_steps_and_branches_counts():
    text = complete_process()
    branches = edit(
        text,
        (
            "      - {when: Amount above 500 EUR, goto: approve-credit}\n      - {goto: resolve}\n",
            "      - {goto: resolve}\n      - {when: Amount above 500 EUR, goto: approve-credit}\n",
        ),
    )
    assert digest_of(text) != digest_of(branches)


def test_a_tool_the_client_keeps_is_not_in_the_vendors_text():
    text = edit(complete_process(), ("tools:\n", "tools:\n  - {id: bank, name: Bank portal, retained: true}\n"))
    renamed = edit(text, ("name: Bank portal", "name: Treasury bank portal"))
    assert digest_of(text) == digest_of(renamed) == digest_of(complete_process())
