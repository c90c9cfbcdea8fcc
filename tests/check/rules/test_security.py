"""Security in proportion to the data: certifications by category, regulations, classification, data-security risks."""

import pytest

from generator.check.config import Config, ConfigError, load_config
from generator.check.rules import RULES
from generator.spec.schema import CERTIFICATION_CATEGORIES, CERTIFICATIONS
from tests.conftest import Case, case_tests, complete_process, complete_vendor, edit

NO_CERTIFICATIONS = ("  certifications: [iso-27001]\n", "  certifications: []\n")
REGULATIONS = "  regulations: [EU Consumer Rights Directive, GDPR]\n"
RESTRICTED = ("source: Zendesk, classification: confidential,", "source: Zendesk, classification: restricted,")
# Internal data carries no financial data (D004).
INTERNAL = (
    "source: Zendesk, classification: confidential,\n     personal_data: [contact, financial]",
    "source: Zendesk, classification: internal,\n     personal_data: [contact]",
)
LOW_IMPACT = (
    "    likelihood: medium\n    impact: high\n    mitigation",
    "    likelihood: medium\n    impact: low\n    mitigation",
)
NO_CONTINGENCY = ("    contingency: Revoke vendor access within 1 hour\n", "")
TRIAGED = "{id: triaged-ticket, name: Triaged ticket, consumer: vendor-agent, classification: confidential,"
RESTRICTED_TRIAGE = (TRIAGED, TRIAGED.replace("confidential", "restricted"))
INTERNAL_TRIAGE = (
    TRIAGED + "\n     personal_data: [contact, financial]",
    TRIAGED.replace("confidential", "internal") + "\n     personal_data: [contact]",
)


# The vendor's weekly quality sample (a routine) reads the dispute tickets, and triage is done by the client:
# the routine is the only vendor work that sees them.
TRIAGE_BY_CLIENT = (
    "    responsible: vendor-agent\n    accountable: vendor-lead\n    consulted",
    "    responsible: billing-lead\n    accountable: vendor-lead\n    consulted",
)
ROUTINE_READS_TICKETS = ("    inputs: [resolution-notice]\n", "    inputs: [resolution-notice, dispute-ticket]\n")
ROUTINE_MAY_READ_TICKETS = (
    "    inputs: [resolution-notice]\n",
    "    inputs: [resolution-notice]\n    optional_inputs: [dispute-ticket]\n",
)
ROUTINE = "id: quality-sample"


def regulations(*names: str) -> tuple[str, str]:
    return REGULATIONS, f"  regulations: [{', '.join(names)}]\n"


CASES = [
    Case("T006", "error", (NO_CERTIFICATIONS,), "id: triage\n", name="none"),
    Case(
        "T006",
        "error",
        (("certifications: [iso-27001]", "certifications: [iso-9001, copc]"),),
        "id: triage\n",
        name="quality-only",
    ),
    Case("T013", "error", (("    category: data-security\n", "    category: compliance\n"),), "id: triage\n"),
    Case(
        "T013",
        "error",
        (("    mitigation: Mask card numbers in Zendesk\n", "    mitigation: TBD\n"),),
        "id: triage\n",
        name="placeholder-mitigation",
    ),
    Case(
        "T013",
        "error",
        (("description: Card data visible in tickets", "description: Data breach"),),
        "id: triage\n",
        name="one-line",
    ),
    Case("T030", "error", (regulations("HIPAA (US health data)"),), "HIPAA (US health data)", name="hipaa"),
    Case("T030", "error", (regulations("pci dss"),), "pci dss]", name="lowercase"),
    Case(
        "T030",
        "error",
        (regulations("EU Consumer Rights Directive", "pci-dss v4.0 for the card terminals"),),
        "pci-dss v4.0",
        name="pci-dss-spelt-otherwise",
    ),
    Case(
        "T031", "error", (RESTRICTED, LOW_IMPACT, NO_CONTINGENCY), "id: pii-exposure", name="low-impact-no-contingency"
    ),
    Case(
        "T031",
        "error",
        (RESTRICTED, ("    contingency: Revoke vendor access within 1 hour\n", "    contingency: TBD\n")),
        "TBD",
        name="placeholder-at-high-impact",
    ),
    Case(
        "T031",
        "error",
        (RESTRICTED, ("    mitigation: Mask card numbers in Zendesk\n", "    mitigation: Masking\n")),
        "Masking",
        name="one-word-plan",
    ),
    Case("T032", "warning", (INTERNAL, INTERNAL_TRIAGE, regulations("HIPAA")), "HIPAA]"),
    Case("T033", "warning", (INTERNAL, RESTRICTED_TRIAGE), "triaged-ticket]"),
    Case("T006", "error", (NO_CERTIFICATIONS, TRIAGE_BY_CLIENT, ROUTINE_READS_TICKETS), ROUTINE, name="routine"),
    Case(
        "T006",
        "error",
        (NO_CERTIFICATIONS, TRIAGE_BY_CLIENT, ROUTINE_MAY_READ_TICKETS),
        ROUTINE,
        name="routine-optional-input",
    ),
    Case(
        "T013",
        "error",
        (("    category: data-security\n", "    category: compliance\n"), TRIAGE_BY_CLIENT, ROUTINE_READS_TICKETS),
        ROUTINE,
        name="routine",
    ),
    Case(
        "T031",
        "error",
        (RESTRICTED, LOW_IMPACT, NO_CONTINGENCY, TRIAGE_BY_CLIENT, ROUTINE_READS_TICKETS),
        "id: pii-exposure",
        name="routine",
    ),
    Case(
        "T033",
        "warning",
        (
            INTERNAL,
            (
                "  - {id: resolution-notice,",
                "  - {id: scorecard, name: Scored notices, classification: restricted}\n  - {id: resolution-notice,",
            ),
            ("    inputs: [resolution-notice]\n", "    inputs: [dispute-ticket]\n    outputs: [scorecard]\n"),
        ),
        "scorecard]\n    tools",
        name="routine",
    ),
]


test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def test_t006_names_the_category_of_what_is_required(run_check):
    finding = CASES[1].check(run_check)
    assert "iso-9001 (quality), copc (quality)" in finding.message


def test_any_security_certification_satisfies_t006(run_check):
    for cert in ("soc2-type2", "soc2-type1", "pci-dss"):
        process = edit(complete_process(), ("certifications: [iso-27001]", f"certifications: [iso-9001, {cert}]"))
        run_check(process).expect_none("T006")


def test_public_data_needs_no_certification(run_check):
    process = edit(complete_process(), NO_CERTIFICATIONS, INTERNAL)
    run_check(process).expect_none("T006")


def test_every_catalogue_certification_has_a_known_category():
    assert {c.category for c in CERTIFICATIONS.values()} <= set(CERTIFICATION_CATEGORIES)
    security = {code for code, c in CERTIFICATIONS.items() if c.category == "security"}
    assert security == {"iso-27001", "soc2-type1", "soc2-type2", "pci-dss"}


def _config(tmp_path, text: str) -> Config:
    path = tmp_path / "playbook.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(str(path), frozenset(RULES))


def test_an_organisations_own_certification_counts_as_security_only_when_it_says_so(run_check, tmp_path):
    process = edit(complete_process(), ("certifications: [iso-27001]", "certifications: [tisax]"))
    vendor = edit(complete_vendor(), ("{id: copc, expires: 2027-12-31}", "{id: tisax, expires: 2027-12-31}"))
    declared = _config(tmp_path, "certifications:\n  - {id: tisax, name: TISAX, category: security}\n")
    assert declared.certifications["tisax"].category == "security"
    run_check(process, vendor, config=declared).expect_none("T006")
    undeclared = _config(tmp_path, "certifications:\n  - {id: tisax, name: TISAX}\n")
    assert undeclared.certifications["tisax"].category == "process"
    checked = run_check(process, vendor, config=undeclared)
    assert "tisax (process)" in checked.expect("T006", "error", "id: triage\n").message


def test_a_certification_category_outside_the_list_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigError, match="category"):
        _config(tmp_path, "certifications:\n  - {id: tisax, name: TISAX, category: secure}\n")


def test_a_token_risk_beside_a_real_one_is_fine_for_t013(run_check):
    token = "  - {id: data-leak, category: data-security, description: Data leak, likelihood: low, impact: low}\n"
    process = edit(complete_process(), ("  - id: agent-attrition\n", token + "  - id: agent-attrition\n"))
    run_check(process).expect_none("T013")


def test_the_required_certification_satisfies_t030(run_check):
    process = edit(
        complete_process(),
        ("certifications: [iso-27001]", "certifications: [iso-27001, hipaa]"),
        regulations("HIPAA Privacy and Security Rules"),
    )
    vendor = edit(complete_vendor(), ("{id: copc, expires: 2027-12-31}", "{id: hipaa, expires: 2027-12-31}"))
    checked = run_check(process, vendor)
    checked.expect_none("T030")
    assert checked.result.findings == []


def test_a_regulation_matches_as_whole_words_only(run_check):
    process = edit(complete_process(), regulations("Mexico LFPDPPP", "HIPAAA", "PCI scope reduction", "GDPRish"))
    run_check(process).expect_none("T030")


def test_the_regulation_mapping_is_configurable(run_check):
    process = edit(complete_process(), regulations("HIPAA", "SOX IT general controls"))
    config = Config.with_options(regulation_certifications={"SOX": ["soc1"]})
    checked = run_check(process, config=config)
    finding = checked.expect("T030", "error", "SOX IT general controls")
    assert "calls for certification soc1" in finding.message
    assert len(checked.codes("T030")) == 1


def test_sox_asks_for_a_soc1_report_by_default(run_check):
    """A payroll or payment run under SOX: the vendor's controls feed the financial statements."""
    process = edit(complete_process(), regulations("SOX (payroll is in scope of our ICFR)"))
    finding = run_check(process).expect("T030", "error", "SOX (payroll")
    assert "calls for certification soc1" in finding.message


def test_any_certification_of_a_mapping_satisfies_t030(run_check):
    process = edit(complete_process(), regulations("GDPR"))
    config = Config.with_options(regulation_certifications={"GDPR": ["iso-27701", "iso-27001"]})
    run_check(process, config=config).expect_none("T030")
    checked = run_check(edit(process, ("certifications: [iso-27001]", "certifications: [soc2-type2]")), config=config)
    assert "one of iso-27701, iso-27001" in checked.expect("T030", "error", "GDPR]").message


def test_a_high_impact_risk_without_contingency_is_t008s_not_t031s(run_check):
    checked = run_check(edit(complete_process(), RESTRICTED, NO_CONTINGENCY))
    checked.expect("T008", "error", "id: pii-exposure")
    checked.expect_none("T031")


def test_confidential_data_needs_no_plan_for_a_low_impact_risk(run_check):
    run_check(edit(complete_process(), LOW_IMPACT, NO_CONTINGENCY)).expect_none("T031")


def test_a_complete_restricted_data_risk_passes_t031(run_check):
    run_check(edit(complete_process(), RESTRICTED, LOW_IMPACT)).expect_none("T031")


def test_an_unmapped_regulation_says_nothing_about_classification(run_check):
    run_check(edit(complete_process(), INTERNAL, INTERNAL_TRIAGE)).expect_none("T032")


def test_restricted_output_from_a_restricted_input_passes_t033(run_check):
    run_check(edit(complete_process(), RESTRICTED, RESTRICTED_TRIAGE)).expect_none("T033")


def test_a_client_step_may_produce_restricted_data(run_check):
    process = edit(
        complete_process(),
        INTERNAL,
        (
            TRIAGED + "\n     personal_data: [contact, financial], retention: 2y}",
            TRIAGED.replace("confidential", "internal") + " personal_data: [contact], retention: 2y}\n"
            "  - {id: credit-decision, name: Credit decision, consumer: Customer, classification: restricted}",
        ),
        (
            "    inputs: [triaged-ticket]\n    sla: 1bd\n",
            "    inputs: [triaged-ticket]\n    outputs: [credit-decision]\n    sla: 1bd\n",
        ),
    )
    checked = run_check(process)
    assert not [f for f in checked.codes() if f.code[0] in "YSR"], checked.codes()
    checked.expect_none("T033")
    vendor_step = edit(process, ("    outputs: [resolution-notice]\n", "    outputs: [credit-decision]\n"))
    run_check(vendor_step).expect("T033", "warning", "credit-decision]\n    tools")


def test_the_regulation_mapping_is_read_from_the_configuration_file(tmp_path):
    config = _config(tmp_path, "regulation_certifications:\n  SOX: [soc1]\n  PCI DSS: [pci-dss]\n")
    assert config.options["regulation_certifications"] == {"SOX": ["soc1"], "PCI DSS": ["pci-dss"]}
    with pytest.raises(ConfigError, match="regulation_certifications"):
        _config(tmp_path, "regulation_certifications:\n  SOX: soc1\n")


def test_security_findings_name_the_vendor_routine(run_check):
    by_id = {case.id: case for case in CASES}
    assert by_id["T006-routine"].check(run_check).message == (
        "vendor routine 'quality-sample' handles dispute-ticket, but no certification is required"
    )
    assert "(vendor routine 'quality-sample')" in by_id["T031-routine"].check(run_check).message
    assert by_id["T033-routine"].check(run_check).message.startswith("vendor routine 'quality-sample' produces")


def test_a_client_routine_needs_no_vendor_certification(run_check):
    text = edit(
        complete_process(),
        NO_CERTIFICATIONS,
        TRIAGE_BY_CLIENT,
        ROUTINE_READS_TICKETS,
        ("    responsible: vendor-lead\n", "    responsible: billing-lead\n"),
    )
    run_check(text).expect_none("T006")


def test_t034_restricted_data_in_a_low_criticality_process(run_check):
    restricted = RESTRICTED
    text = edit(complete_process(), ("criticality: medium", "criticality: low"), restricted)
    finding = run_check(text).expect("T034", "warning", "low\n")
    assert finding.message.startswith("criticality is low, but vendor step")
    run_check(edit(complete_process(), restricted)).expect_none("T034")
    run_check().expect_none("T034")


def test_gdpr_asks_for_no_certificate_by_default(run_check):
    """Issue 24: GDPR was mapped to ISO 27701 as an error, and every valid process of an earlier outsider under
    GDPR was refused. GDPR asks for a data-processing agreement, not a certificate; a team whose policy wants
    one says so in regulation_certifications."""
    process = edit(complete_process(), regulations("GDPR", "UK GDPR (employees in Leeds)"))
    run_check(process).expect_none("T030")
    policy = Config.with_options(regulation_certifications={"GDPR": ["iso-27701"]})
    run_check(process, config=policy).expect("T030", "error", "GDPR,")
