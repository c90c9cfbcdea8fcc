"""Where personal data goes (issue 24): the transfer basis by the vendor's country, the country itself, a privacy
law named at all, and retention."""

import pytest

from generator.check.config import Config, ConfigError, load_config
from generator.check.rules import RULES
from generator.check.rules.countries import ADEQUACY_AS_OF, country_code
from tests.conftest import Case, case_tests, complete_process, complete_vendor, edit

GDPR = "  regulations: [EU Consumer Rights Directive, GDPR]\n"
SCCS = "  transfer_mechanism: sccs\n"
COUNTRY = "country: Philippines\n"
NOTICE = "consumer: Customer, personal_data: [contact], retention: 2y}"
COMPLIANCE = "certifications: [iso-27001]"  # the compliance mapping, where a missing transfer_mechanism is


def regulations(*names: str) -> tuple[str, str]:
    return GDPR, f"  regulations: [{', '.join(names)}]\n"


def mechanism(*names: str) -> tuple[str, str]:
    return SCCS, f"  transfer_mechanism: [{', '.join(names)}]\n" if names else ""


def country(name: str) -> tuple[str, str]:
    return COUNTRY, f"country: {name}\n"


CASES = [
    Case("D008", "error", (mechanism(),), COMPLIANCE),
    Case("D008", "error", (regulations("UK GDPR"),), "sccs\n", name="eu-clauses-for-uk"),
    Case("D008", "error", (mechanism("adequacy"),), "[adequacy]", name="no-decision"),
    Case("D008", "error", (mechanism(),), COMPLIANCE, vendor_edits=(country("India"),), name="india"),
    Case("D008", "error", (mechanism(),), COMPLIANCE, vendor_edits=(country("United States"),), name="partly"),
    Case("D008", "error", (mechanism(),), COMPLIANCE, vendor_edits=((COUNTRY, ""),), name="no-country"),
    Case("D008", "error", (mechanism("uk-addendum"), regulations("UK GDPR")), "[uk-addendum]", name="addendum-alone"),
    Case("D009", "warning", (mechanism("derogation"),), "[derogation]"),
    Case("D010", "warning", (), "Phillipines", vendor_edits=(country("Phillipines"),), in_vendor=True),
    Case("D011", "warning", (regulations("EU Consumer Rights Directive"),), "[EU Consumer Rights Directive]"),
    Case("D012", "warning", ((NOTICE, "consumer: Customer, personal_data: [contact]}"),), "{id: resolution-notice"),
    Case(
        "D012",
        "warning",
        ((NOTICE, "consumer: Customer, personal_data: [contact], retention: TBD}"),),
        "TBD}",
        name="placeholder",
    ),
]

test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


@pytest.mark.parametrize(
    ("place", "law"),
    [
        ("Poland", "GDPR"),
        ("Ireland", "GDPR"),
        ("Norway", "GDPR"),
        ("Japan", "GDPR"),
        ("Brazil", "GDPR"),  # adequate since January 2026
        ("United Kingdom", "GDPR"),
        ("Switzerland", "UK GDPR"),
        ("Poland", "UK GDPR"),
        ("UK", "UK GDPR"),
    ],
)
def test_no_mechanism_is_needed_inside_the_area_or_where_a_decision_holds(run_check, place, law):
    process = edit(complete_process(), mechanism(), regulations(law))
    run_check(process, edit(complete_vendor(), country(place))).expect_none("D008")


@pytest.mark.parametrize(
    ("law", "written"),
    [
        ("GDPR", ["bcrs"]),
        ("UK GDPR", ["uk-idta"]),
        ("UK GDPR", ["sccs", "uk-addendum"]),
        ("GDPR and UK GDPR", ["sccs", "uk-idta"]),
    ],
)
def test_each_law_takes_its_own_mechanisms(run_check, law, written):
    process = edit(complete_process(), mechanism(*written), regulations(law))
    run_check(process).expect_none("D008")


def test_gdpr_and_uk_gdpr_each_need_a_basis(run_check):
    process = edit(complete_process(), regulations("GDPR and UK GDPR"))
    finding = run_check(process).expect("D008", "error", "sccs\n")
    assert "does not cover UK GDPR" in finding.message


def test_adequacy_is_the_owners_word_where_a_decision_covers_some_recipients(run_check):
    """A US vendor certified under the Data Privacy Framework: the spec cannot show the certification."""
    vendor = edit(complete_vendor(), country("USA"))
    run_check(edit(complete_process(), mechanism("adequacy")), vendor).expect_none("D008")
    finding = run_check(edit(complete_process(), mechanism()), vendor).expect("D008", "error", COMPLIANCE)
    assert "Data Privacy Framework" in finding.message


def test_the_adequacy_lists_are_amended_in_the_configuration(run_check):
    process = edit(complete_process(), mechanism())
    india = edit(complete_vendor(), country("IN"))
    run_check(process, india, config=Config.with_options(adequacy_added={"GDPR": ["India"]})).expect_none("D008")
    japan = edit(complete_vendor(), country("Japan"))
    withdrawn = Config.with_options(adequacy_withdrawn={"GDPR": ["JP"]})
    run_check(process, japan, config=withdrawn).expect("D008", "error", COMPLIANCE)


def test_the_rule_doc_says_as_of_when_the_lists_are_right():
    assert ADEQUACY_AS_OF in RULES["D008"].doc.what


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Philippines", "PH"),
        ("PH", "PH"),
        ("PHL", "PH"),
        ("the Netherlands", "NL"),
        ("Holland", "NL"),
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("Czech Republic", "CZ"),
        ("Côte d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Bosnia & Herzegovina", "BA"),
        ("Bosnia and Herzegovina", "BA"),
        ("Philippines (Manila delivery centre)", "PH"),
        ("Manila, Philippines", "PH"),
        ("UK", "GB"),
        ("usa", "US"),
        ("Narnia", None),
        ("", None),
        ("IN", "IN"),
    ],
)
def test_countries_are_read_by_name_or_code(written, code):
    assert country_code(written) == code


def test_an_unknown_country_is_offered_the_closest():
    finding = next(c for c in CASES if c.code == "D010")
    assert finding.at == "Phillipines"


def test_the_unknown_country_hint(run_check):
    vendor = edit(complete_vendor(), country("Phillipines"))
    found = run_check(complete_process(), vendor).expect("D010", "warning", "Phillipines", in_vendor=True)
    assert found.hint == "did you mean 'Philippines'?"


def test_the_privacy_laws_of_the_countries_are_suggested(run_check):
    process = edit(complete_process(), regulations("EU Consumer Rights Directive"))
    finding = run_check(process).expect("D011", "warning", "[EU Consumer")
    assert "Data Privacy Act" in finding.hint and "client_country" in finding.hint
    config = Config.with_options(client_country="Germany")
    finding = run_check(process, config=config).expect("D011", "warning", "[EU Consumer")
    assert "GDPR" in finding.hint and "Data Privacy Act" in finding.hint


def test_no_retention_is_asked_without_a_privacy_law(run_check):
    process = edit(
        complete_process(),
        regulations("EU Consumer Rights Directive"),
        (NOTICE, "consumer: Customer, personal_data: [contact]}"),
    )
    run_check(process).expect_none("D012")


def test_the_configuration_names_only_countries_and_categories_it_knows(tmp_path):
    path = tmp_path / ".playbook.yaml"
    path.write_text(
        "adequacy_added:\n  GDPR: [Inida]\nclient_country: Germany\npersonal_data_phrases:\n  salary: finance\n"
    )
    with pytest.raises(ConfigError) as raised:
        load_config(str(path), frozenset(RULES))
    messages = [f"{f.line}:{f.column} {f.full_message}" for f in raised.value.findings]
    assert messages == [
        "2:10 'Inida' is not a country this tool knows: did you mean 'India'?",
        "5:11 personal_data_phrases: 'salary' names category 'finance', which is in no catalogue: use a category "
        "of personal_data, or add it under personal_data_categories",
    ]
    path.write_text("adequacy_added:\n  GDPR: [IN]\nclient_country: DE\npersonal_data_phrases:\n  salary: financial\n")
    assert load_config(str(path), frozenset(RULES)).options["client_country"] == "DE"


@pytest.mark.parametrize(
    "retention",
    ["as long as necessary", "kept indefinitely", "Permanently", "until no longer required", "6m"],
)
def test_a_retention_that_never_ends_is_no_retention(run_check, retention):
    process = edit(
        complete_process(), (NOTICE, f"consumer: Customer, personal_data: [contact], retention: {retention}}}")
    )
    run_check(process).expect("D012", "warning", f"{retention}}}")


@pytest.mark.parametrize(
    "retention", ["6mo", "18 months after the chargeback closes", "until the case is closed, then 90d"]
)
def test_a_retention_with_an_end_passes(run_check, retention):
    process = edit(
        complete_process(), (NOTICE, f"consumer: Customer, personal_data: [contact], retention: '{retention}'}}")
    )
    run_check(process).expect_none("D012")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Republic of Ireland", "IE"),
        ("Republic of South Africa", "ZA"),
        ("Republic of the Philippines", "PH"),
        ("People's Republic of China", "CN"),
        ("Kingdom of Spain", "ES"),
    ],
)
def test_formal_names_are_read(written, code):
    assert country_code(written) == code


def test_the_national_acts_that_carry_out_gdpr_are_read_as_gdpr():
    from generator.check.rules.privacy_laws import laws_named

    assert [law.key for law in laws_named("Data Protection Acts 1988-2018 (Ireland)")] == ["GDPR"]
    assert [law.key for law in laws_named("Data Protection Act 2018")] == ["UK GDPR"]
    assert [law.key for law in laws_named("BDSG")] == ["GDPR"]


def test_the_client_may_be_in_several_countries(run_check):
    process = edit(complete_process(), regulations("EU Consumer Rights Directive"))
    config = Config.with_options(client_country=["United Kingdom", "Ireland"])
    finding = run_check(process, config=config).expect("D011", "warning", "[EU Consumer")
    assert "UK GDPR" in finding.hint and "GDPR," in finding.hint and "client_country" not in finding.hint
