"""Changes between two versions of one spec: matched entries, paths, values, classes and audiences."""

from __future__ import annotations

import pytest

from generator.changes.diff import ABSENT, diff_documents, diff_versions
from generator.spec.loader import parse
from tests.conftest import complete_process, complete_vendor, edit, position

FILE = "process_specs/billing-disputes.yaml"


def changes(before: str, after: str, kind: str = "process") -> list:
    old, _ = parse(before, FILE)
    new, _ = parse(after, FILE)
    return diff_documents(old, new, kind, FILE)


def one(before: str, after: str, kind: str = "process"):
    found = changes(before, after, kind)
    assert len(found) == 1, [(c.where, c.what) for c in found]
    return found[0]


def test_layout_comments_quoting_and_key_order_change_nothing():
    text = complete_process()
    relaid = edit(
        text,
        ("title: Billing dispute handling", "# the name vendors see\ntitle: 'Billing dispute handling'"),
        ("    sla: 4h\n", '    sla: "4h"   # agreed in March\n'),
        ("    consulted: [billing-lead]\n", "    consulted:\n      - billing-lead\n"),
        (
            "    name: Triage the dispute\n    instructions: Read the ticket,",
            "    instructions: >-\n      Read the ticket,",
        ),
        (
            " confirm the invoice number in the billing system and tag the dispute type.\n",
            " confirm the invoice number in the billing system and tag the dispute type.\n"
            "    name: Triage the dispute\n",
        ),
    )
    assert changes(text, relaid) == []


def test_an_sla_cut_is_operational_and_points_at_the_new_value():
    text = complete_process()
    after = edit(text, ("    sla: 4h\n", "    sla: 2h\n"))
    change = one(text, after)
    assert (change.where, change.what, change.before, change.after) == ("steps[triage].sla", "changed", "4h", "2h")
    assert (change.change_class, change.audience, change.id) == ("operational", "vendor", "billing-disputes")
    assert change.line == position(after, "sla: 2h")[0]


def test_a_typo_fixed_in_instructions_is_editorial_and_a_number_changed_is_not():
    text = complete_process()
    typo = edit(text, ("confirm the invoice number", "confirm the invoice nubmer"))
    assert one(text, typo).change_class == "editorial"
    number = edit(text, ("Amount above 500 EUR", "Amount above 250 EUR"))
    change = one(text, number)
    assert (change.where, change.change_class) == ("steps[triage].next[approve-credit].when", "operational")


def test_a_step_inserted_is_one_change_not_a_change_to_every_later_step():
    text = complete_process()
    after = edit(
        text,
        (
            "  - id: resolve\n",
            "  - id: verify-identity\n    name: Verify the caller\n    responsible: vendor-agent\n  - id: resolve\n",
        ),
    )
    change = one(text, after)
    assert (change.where, change.what, change.change_class) == ("steps[verify-identity]", "added", "operational")
    assert change.before is ABSENT


def test_steps_reordered_is_operational_and_a_set_reordered_is_editorial():
    text = complete_process()
    block = text[text.index("  - id: approve-credit\n") : text.index("  - id: resolve\n")]
    swapped = text.replace(block, "").replace("  - id: resolve\n", "  - id: resolve\n", 1)
    resolve_end = swapped.index("\nroutines:") + 1
    swapped = swapped[:resolve_end] + block + swapped[resolve_end:]
    change = one(text, swapped)
    assert (change.where, change.what, change.change_class) == ("steps", "reordered", "operational")
    escalation = edit(
        text, ("escalation_path: [vendor-lead, billing-lead]", "escalation_path: [billing-lead, vendor-lead]")
    )
    assert one(text, escalation).change_class == "operational"  # climbed in order
    consulted = edit(text, ("consulted: [billing-lead]", "consulted: [billing-lead, vendor-lead]"))
    assert one(text, consulted).change_class == "operational"


def test_approvals_retained_work_targets_and_credits_are_contractual():
    text = complete_process()
    retained = edit(text, ("    accountable: billing-lead\n", "    accountable: billing-lead\n    retained: true\n"))
    assert one(text, retained).change_class == "contractual"
    target = text.replace("target: ", "target: 1", 1)
    change = one(text, target)
    assert change.where.startswith("kpis[") and change.where.endswith(".target")
    assert change.change_class == "contractual"


def test_a_new_kpi_with_a_target_is_contractual():
    text = complete_process()
    start = text.index("kpis:\n") + len("kpis:\n")
    after = text[:start] + "  - {id: csat, name: Customer satisfaction, unit: percent, target: 90}\n" + text[start:]
    change = one(text, after)
    assert (change.where, change.what, change.change_class) == ("kpis[csat]", "added", "contractual")


def test_internal_fields_and_a_draft_process_are_internal():
    text = complete_process()
    notes = edit(text, ("EUR 42k per month in-house.", "EUR 42k per month in-house. Renegotiate in Q3."))
    change = one(text, notes)
    assert (change.change_class, change.audience) == ("editorial", "internal")
    draft = edit(text, ("status: live\n", "status: draft\n"))
    draft_sla = edit(draft, ("    sla: 4h\n", "    sla: 2h\n"))
    assert one(draft, draft_sla).audience == "internal"


def test_a_tool_the_client_keeps_is_internal_and_one_handed_over_is_not():
    text = edit(
        complete_process(),
        ("tools:\n", "tools:\n  - {id: bank-portal, name: Bank portal, access: Client staff only, retained: true}\n"),
    )
    access = edit(text, ("access: Client staff only", "access: Treasury staff only"))
    assert one(text, access).audience == "internal"
    handed = edit(text, ("access: Client staff only, retained: true", "access: Client staff only"))
    assert one(text, handed).audience == "vendor"


def test_a_checkin_renamed_by_a_typo_is_matched_and_its_cadence_change_found():
    text = complete_process()
    after = edit(text, ("name: Weekly operations review", "name: Weekly operations reveiw"))
    assert one(text, after).change_class == "editorial"


def test_personal_data_declared_none_is_a_change_but_an_empty_list_elsewhere_is_nothing():
    text = complete_process()
    empty = edit(text, ("    informed: [billing-lead]\n", "    informed: [billing-lead]\n    optional_inputs: []\n"))
    assert changes(text, empty) == []
    undeclared = edit(text, (", personal_data: [contact], retention: 2y}", ", retention: 2y}"))
    declared_none = edit(text, (", personal_data: [contact], retention: 2y}", ", personal_data: [], retention: 2y}"))
    change = one(undeclared, declared_none)
    assert (change.where, change.what, change.after) == ("outputs[resolution-notice].personal_data", "added", [])
    assert change.change_class == "operational"


def test_vendor_contract_terms_are_contractual_and_contacts_operational():
    text = complete_vendor()
    end = one(text, edit(text, ("end: 2028-12-31", "end: 2029-12-31")), "vendor")
    assert (end.where, end.change_class) == ("contract.end", "contractual")
    phone = edit(text, ("role: Account manager}", "role: Account manager, phone: +63 2 8123 4567}"))
    contact = one(text, phone, "vendor")
    assert (contact.where, contact.change_class) == ("contacts[ramon.santos@example.org].phone", "operational")


def test_a_file_added_or_removed_is_one_change_named_by_its_title():
    text = complete_process()
    (added,) = diff_versions({}, {FILE: text.encode()}).changes
    assert (added.what, added.after, added.where) == ("added", "Billing dispute handling", "")
    (removed,) = diff_versions({FILE: text.encode()}, {}).changes
    assert (removed.what, removed.before, removed.line) == ("removed", "Billing dispute handling", 0)


@pytest.mark.parametrize("broken", [b"spec: 1\nsteps: [\n", b"\xff\xfe", None])
def test_a_version_that_cannot_be_read_is_named_not_skipped(broken):
    diff = diff_versions({FILE: complete_process().encode()}, {FILE: broken})
    assert diff.changes == []
    ((file, why),) = diff.unreadable
    assert file == FILE and "after the change" in why
