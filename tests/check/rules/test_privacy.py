"""Personal data (issue 24): what each item carries, the classification it needs, the vendor's contract terms."""

import pytest

from generator.check.config import Config
from generator.check.engine import check
from tests.conftest import FIXTURES, TODAY, Case, case_tests, complete_process, complete_vendor, edit
from tests.test_rule_docs import _files

DECLARED = ",\n     personal_data: [contact, financial], retention: 2y}"
TICKET = "source: Zendesk, classification: confidential" + DECLARED
TRIAGED = "consumer: vendor-agent, classification: confidential" + DECLARED
NOTICE = "consumer: Customer, personal_data: [contact], retention: 2y}"
DPA = ", data_processing_agreement: 2025-12-15"
BREACH = ",\n           breach_notification: 24h"
GDPR = "  regulations: [EU Consumer Rights Directive, GDPR]\n"
VENDOR_LINE = "acme-bpo\n"  # the process's `vendor: acme-bpo`
STATUS_READY = ("status: live", "status: ready")


def undeclared() -> tuple[tuple[str, str], ...]:
    """Edits that take every personal_data (and retention) out of the complete process."""
    return (
        (TICKET, "source: Zendesk, classification: confidential}"),
        (TRIAGED, "consumer: vendor-agent, classification: confidential}"),
        (NOTICE, "consumer: Customer}"),
    )


CASES = [
    Case("D001", "error", (), VENDOR_LINE, vendor_edits=((DPA, ""),)),
    Case(
        "D001", "error", (), VENDOR_LINE, vendor_edits=((DPA, ", data_processing_agreement: 2027-01-15"),), name="later"
    ),
    Case(
        "D001",
        "error",
        (),
        VENDOR_LINE,
        vendor_edits=((DPA, ", data_processing_agreement: 2026-03-09"),),
        name="after-work-began",
    ),
    Case("D001", "warning", (STATUS_READY,), VENDOR_LINE, vendor_edits=((DPA, ""),), name="ready"),
    Case("D002", "error", (), VENDOR_LINE, vendor_edits=((BREACH, ""),)),
    Case("D003", "warning", (), VENDOR_LINE, vendor_edits=((BREACH, BREACH.replace("24h", "3d")),)),
    Case("D003", "warning", (), VENDOR_LINE, vendor_edits=((BREACH, BREACH.replace("24h", "1bd")),), name="weekend"),
    Case("D004", "error", ((TICKET, TICKET.replace("confidential", "internal")),), "internal,\n"),
    Case(
        "D004",
        "error",
        ((TRIAGED, TRIAGED.replace("[contact, financial]", "[contact, health]")),),
        "confidential,\n     personal_data: [contact, health]",
        name="special",
    ),
    Case(
        "D004",
        "error",
        ((NOTICE, NOTICE.replace("[contact]", "[contact, identity]")),),
        "{id: resolution-notice",
        name="unclassified-output",
    ),
    Case(
        "D005",
        "warning",
        (
            ("name: Dispute ticket, source: Zendesk", "name: Dispute ticket with the card number, source: Zendesk"),
            (TICKET, "source: Zendesk, classification: confidential,\n     personal_data: [contact], retention: 2y}"),
        ),
        "[contact], retention",
    ),
    Case(
        "D005",
        "warning",
        (
            ("name: Dispute ticket, source: Zendesk", "name: Dispute ticket with passport scans, source: Zendesk"),
            (TICKET, "source: Zendesk, classification: confidential}"),
        ),
        "{id: dispute-ticket",
        name="undeclared",
    ),
    Case(
        "D006",
        "warning",
        ((TRIAGED, TRIAGED.replace("confidential", "public").replace("contact, financial", "")),),
        "triaged-ticket]",
    ),
    Case("D007", "warning", undeclared(), "GDPR]"),
    Case("D007", "warning", (undeclared()[2],), "{id: resolution-notice", name="one-item"),
    Case("R013", "error", ((TICKET, TICKET.replace("financial", "finance")),), "finance]"),
]

test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def test_the_processing_agreement_is_asked_for_under_each_privacy_law(run_check):
    for law, words in (
        ("UK GDPR", "a data-processing agreement (UK GDPR Art. 28) with"),
        ("HIPAA Privacy Rule", "a business associate agreement (HIPAA, 45 CFR 164.504(e)) with"),
        ("CCPA/CPRA", "service-provider terms (CCPA, Cal. Civ. Code 1798.100(d)) with"),
        ("LGPD", "LGPD Art. 39"),
        ("PDPA (Singapore)", "sign a contract with the data intermediary or processor with"),
    ):
        process = edit(complete_process(), (GDPR, f"  regulations: [{law}]\n"))
        finding = run_check(process, edit(complete_vendor(), (DPA, ""))).expect("D001", "error", VENDOR_LINE)
        assert words in finding.hint, (law, finding.hint)


def test_no_processing_agreement_is_asked_without_a_privacy_law(run_check):
    process = edit(complete_process(), (GDPR, "  regulations: [EU Consumer Rights Directive]\n"))
    run_check(process, edit(complete_vendor(), (DPA, ""))).expect_none("D001")


def test_personal_data_only_the_client_handles_needs_no_vendor_terms(run_check):
    """The dispute's personal data is read by the client's own steps only: no vendor term is asked for."""
    process = edit(
        complete_process(),
        (TRIAGED, "consumer: vendor-agent, classification: confidential, personal_data: []}"),
        (NOTICE, "consumer: Customer, personal_data: []}"),
        ("    responsible: vendor-agent\n    accountable: vendor-lead\n    consulted",
         "    responsible: billing-lead\n    accountable: billing-lead\n    consulted"),
    )  # fmt: skip
    checked = run_check(process, edit(complete_vendor(), (DPA, ""), (BREACH, "")))
    checked.expect_none("D001")
    checked.expect_none("D002")


def test_an_empty_declaration_says_the_item_carries_none(run_check):
    process = edit(
        complete_process(),
        ("name: Dispute ticket, source: Zendesk", "name: Dispute ticket naming no bank account, source: Zendesk"),
        (TICKET, "source: Zendesk, classification: confidential, personal_data: []}"),
    )
    run_check(process).expect_none("D005")


def test_a_phrase_the_item_leaves_out_is_not_named(run_check):
    """Tried on the starter: 'Refund paid by bank transfer, noted in the ticket without bank details'."""
    process = edit(
        complete_process(),
        ("{id: resolution-notice, name: Resolution notice,", "{id: resolution-notice, name: Notice without IBAN,"),
        (NOTICE, "consumer: Customer, personal_data: [contact], retention: 2y}"),
    )
    run_check(process).expect_none("D005")


def test_a_service_desk_diagnosis_is_no_health_data(run_check):
    """Tried on an earlier outsider's IT service desk: 'Ticket assigned to a resolver group with the diagnosis'."""
    process = edit(
        complete_process(),
        ("{id: triaged-ticket, name: Triaged ticket,", "{id: triaged-ticket, name: Ticket with the diagnosis,"),
    )
    run_check(process).expect_none("D005")


def test_phrases_and_categories_come_from_the_configuration(run_check):
    config = Config.with_options(
        personal_data_phrases={"loyalty number": "loyalty"},
        personal_data_categories=[{"id": "loyalty", "name": "Loyalty programme data", "minimum": "confidential"}],
    )
    process = edit(
        complete_process(),
        ("name: Resolution notice,", "name: Notice with loyalty number,"),
    )
    run_check(process, config=config).expect("D005", "warning", "[contact], retention")
    declared = edit(process, (NOTICE, "consumer: Customer, personal_data: [contact, loyalty], retention: 2y}"))
    checked = run_check(declared, config=config)
    checked.expect_none("R013")
    checked.expect("D004", "error", "{id: resolution-notice")


def test_an_unknown_category_is_offered_the_closest(run_check):
    finding = CASES[-1].check(run_check)
    assert finding.message == "unknown personal data category 'finance'"
    assert "'financial'" in finding.hint


def test_d007_asks_once_and_the_item_rules_wait(run_check):
    process = edit(
        complete_process(),
        *undeclared(),
        ("name: Dispute ticket, source: Zendesk", "name: Dispute ticket with IBAN, source: Zendesk"),
    )
    checked = run_check(process)
    assert [f.code for f in checked.result.findings if f.code[0] == "D"] == ["D007"]
    assert checked.result.errors == 0


def test_the_binding_rules_block_from_the_pilot_on(run_check):
    vendor = edit(complete_vendor(), (DPA, ""), (BREACH, ""))
    for status, severity in (("draft", "warning"), ("ready", "warning"), ("pilot", "error"), ("live", "error")):
        checked = run_check(edit(complete_process(), ("status: live", f"status: {status}")), vendor)
        severities = {f.code: f.severity.value for f in checked.result.findings if f.code in ("D001", "D002")}
        assert severities == {"D001": severity, "D002": severity}, status


def test_the_readme_example_is_well_formed_and_passes_the_personal_data_rules(tmp_path):
    """The README's example, merged into the complete spec the way the rules page's examples are."""
    readme = (FIXTURES.parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Personal data\n", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    specs = tmp_path / "process_specs"
    for name, text in _files(example, vendor_rule=False).items():
        (specs / name).parent.mkdir(parents=True, exist_ok=True)
        (specs / name).write_text(text, encoding="utf-8")
    findings = check([str(specs)], Config(), TODAY).result.findings
    assert [f"{f.code} {f.message}" for f in findings if f.code[0] in "YSD" or f.code == "R013"] == []


def test_an_empty_declaration_that_its_name_contradicts_is_a_warning(run_check):
    """Tried from outside: transaction records 'with the full card number' declared personal_data: []."""
    process = edit(
        complete_process(),
        ("name: Dispute ticket, source: Zendesk", "name: Dispute ticket with the full card number, source: Zendesk"),
        (TICKET, "source: Zendesk, classification: confidential, personal_data: []}"),
    )
    finding = run_check(process).expect("D005", "warning", "[]}")
    assert finding.message == (
        "input 'dispute-ticket' declares no personal data, but its name names financial ('card number') data"
    )


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("Transactions with the full PAN", True),
        ("Pan-European transfer report", False),
        ("New-hire form with DOB and NI number", True),
        ("Right to work check record", True),
        ("Paediatric clinic list", True),
        ("Equality monitoring form", True),
        ("Union deduction set-up", True),
        ("Referral letter with the diagnosis", False),  # a service desk diagnoses faults too
    ],
)
def test_the_phrases_outsiders_write(run_check, name, named):
    process = edit(
        complete_process(),
        ("{id: resolution-notice, name: Resolution notice,", f"{{id: resolution-notice, name: {name},"),
    )
    checked = run_check(process)
    found = [f for f in checked.result.findings if f.code == "D005"]
    assert bool(found) is named, (name, found)


def test_a_phrase_in_the_consumer_is_who_receives_it_not_what_it_carries(run_check):
    process = edit(complete_process(), ("consumer: Customer, personal_data", "consumer: The patient, personal_data"))
    run_check(process).expect_none("D005")


def test_d004_names_every_category_the_classification_is_too_low_for(run_check):
    process = edit(
        complete_process(),
        (TICKET, TICKET.replace("confidential", "internal").replace("financial", "identity, financial")),
    )
    finding = run_check(process).expect("D004", "error", "internal,\n")
    assert finding.message == "input 'dispute-ticket' carries identity and financial data but is classified internal"


def test_the_public_output_hint_names_what_its_data_needs(run_check):
    public = TRIAGED.replace("confidential", "public").replace("contact, financial", "contact, health")
    finding = run_check(edit(complete_process(), (TRIAGED, public))).expect("D006", "warning", "triaged-ticket]")
    assert finding.hint.startswith("classify the output as what it carries (restricted at least)")


def test_one_processing_agreement_is_named_once_for_two_laws(run_check):
    process = edit(
        complete_process(),
        (GDPR, "  regulations: [GDPR and UK GDPR]\n"),
        ("  transfer_mechanism: sccs\n", "  transfer_mechanism: [sccs, uk-addendum]\n"),
    )
    finding = run_check(process, edit(complete_vendor(), (DPA, ""))).expect("D001", "error", VENDOR_LINE)
    assert "a data-processing agreement (UK GDPR Art. 28, GDPR Art. 28) with the vendor" in finding.hint


@pytest.mark.parametrize(
    ("code", "written"),
    [("D001", DPA.replace("2025-12-15", "signed 2025-12-15")), ("D002", BREACH.replace("24h", "24 hours"))],
)
def test_a_term_written_but_refused_is_pointed_at_not_asked_for(run_check, code, written):
    """Tried from outside: `data_processing_agreement: signed 2026-01-26` drew 'has no data-processing
    agreement' beside its S005; the hint now sends the owner to the line that holds it."""
    vendor = edit(complete_vendor(), (DPA if code == "D001" else BREACH, written))
    finding = run_check(complete_process(), vendor).expect(code, "error", VENDOR_LINE)
    key = "data_processing_agreement" if code == "D001" else "breach_notification"
    assert finding.hint.startswith(f"contract.{key} is written in ") and "could not be read as written" in finding.hint
