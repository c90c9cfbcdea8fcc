"""The class a field's change takes, and the text edits that are editorial wherever they stand."""

from __future__ import annotations

import pytest

from generator.changes.classes import field_audience, field_class, free_text, same_words
from generator.changes.diff import Entry


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Check the caller's account.", "check the caller's account"),  # case and punctuation
        ("Check  the\n account", "Check the account"),  # whitespace
        ("Recieve the ticket and log it", "Receive the ticket and log it"),  # two letters swapped
        ("Send the acknowledgment", "Send the acknowledgement"),  # a letter missing, in a long word
        ("Follow up by e-mail", "Follow-up by email"),  # hyphens and spacing
        ("Dont close the case", "Don't close the case"),  # an apostrophe
        ("Escalate to the seperate queue", "Escalate to the separate queue"),
    ],
)
def test_text_edits_that_keep_every_meaningful_letter_are_the_same_words(before, after):
    assert same_words(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Reply within 4 hours", "Reply within 24 hours"),  # a number
        ("Do refund the fee", "Do not refund the fee"),  # a word added
        ("Refund the fee", "Credit the fee"),  # another word
        ("Call back three times", "Call back there times"),  # a word whose letters all carry meaning
        ("Increase the limit", "Decrease the limit"),  # the first letter
        ("Log it and now close", "Log it and not close"),  # a short word
        ("Review the sample weekly", "Review the sample monthly"),
        ("Send form B-12", "Send form B-13"),
        ("Check the account", "Check the accounting ledger"),
    ],
)
def test_text_edits_that_change_a_meaningful_letter_are_not(before, after):
    assert not same_words(before, after)


@pytest.mark.parametrize(
    ("kind", "path", "expected"),
    [
        ("process", ("steps", Entry("triage"), "sla"), "operational"),
        ("process", ("steps", Entry("triage"), "instructions"), "operational"),
        ("process", ("steps", Entry("triage"), "retained"), "contractual"),
        ("process", ("steps", Entry("triage"), "approves"), "contractual"),
        ("process", ("kpis", Entry("aht"), "target"), "contractual"),
        ("process", ("kpis", Entry("aht"), "service_credit", "percent"), "contractual"),
        ("process", ("kpis", Entry("aht"), "measurement", "method"), "operational"),
        ("process", ("compliance", "regulations"), "contractual"),
        ("process", ("transition", "pilot", "end"), "contractual"),
        ("process", ("transition", "knowledge_transfer"), "operational"),
        ("process", ("internal", "notes"), "editorial"),
        ("process", ("internal", "monthly_fee", "amount"), "contractual"),
        ("process", ("revision", "summary"), "editorial"),
        ("process", ("spec",), "editorial"),
        ("process", ("no_such_key", "deeper"), "operational"),
        ("vendor", ("contract", "change_notice", "operational"), "contractual"),
        ("vendor", ("contacts", Entry("a@b.example"), "phone"), "operational"),
        ("vendor", ("certifications", Entry("iso-27001"), "expires"), "contractual"),
        ("vendor", ("spec",), "editorial"),
    ],
)
def test_a_field_takes_its_own_class_or_its_nearest_enclosing_one(kind, path, expected):
    assert field_class(kind, path) == expected


def test_fields_a_vendor_never_sees_are_internal():
    assert field_audience("process", ("internal", "notes")) == "internal"
    assert field_audience("process", ("waivers", Entry("#1"), "reason")) == "internal"
    assert field_audience("process", ("kpis", Entry("aht"), "service_credit", "cap")) == "internal"
    assert field_audience("process", ("kpis", Entry("aht"), "target")) == "vendor"
    assert field_audience("vendor", ("contract", "end")) == "vendor"


def test_only_prose_has_typos_to_fix():
    assert free_text("process", ("steps", Entry("triage"), "instructions"))
    assert free_text("process", ("compliance", "regulations"))  # each entry is text
    assert not free_text("process", ("steps", Entry("triage"), "responsible"))  # an id
    assert not free_text("process", ("status",))  # one of a set of words
    assert not free_text("process", ("steps", Entry("triage"), "sla"))  # a duration
