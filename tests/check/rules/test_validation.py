"""Schema findings (S codes) and YAML 1.1 traps where text is expected (Y003), through a real check."""

import pytest

from tests.conftest import complete_process, complete_vendor, edit


def test_s001_unknown_key_with_did_you_mean(run_check):
    checked = run_check(edit(complete_process(), ("summary:", "sumary:")))
    finding = checked.expect("S001", "error", "sumary:")
    assert finding.hint == "did you mean 'summary'?"
    run_check().expect_none("S001")


def test_s001_unknown_nested_key_lists_allowed_keys(run_check):
    checked = run_check(edit(complete_process(), ("    sla: 4h\n", "    sla: 4h\n    priority: high\n")))
    finding = checked.expect("S001", "error", "priority: high")
    assert "allowed here:" in finding.hint and "escalation" in finding.hint


def test_s002_missing_required_key_points_at_parent(run_check):
    text = edit(
        complete_process(),
        ("{id: vendor-lead, party: vendor, title: Vendor team lead}", "{id: vendor-lead, party: vendor}"),
    )
    checked = run_check(text)
    finding = checked.expect("S002", "error", "{id: vendor-lead")
    assert finding.message == "missing required key 'title'"
    run_check().expect_none("S002")


def test_s002_missing_top_level_key_points_at_file_start(run_check):
    checked = run_check(edit(complete_process(), ("title: Billing dispute handling\n", "")))
    checked.expect("S002", "error", "spec: 1")


def test_s002_empty_required_value_points_at_key(run_check):
    checked = run_check(edit(complete_process(), ("title: Billing dispute handling", "title:")))
    assert checked.expect("S002", "error", "title:").message == "'title' has no value"


def test_s002_stays_an_error_in_a_draft(run_check):
    text = edit(complete_process(), ("title: Billing dispute handling\n", ""), ("status: live", "status: draft"))
    run_check(text).expect("S002", "error", "spec: 1")


@pytest.mark.parametrize(
    ("old", "new", "snippet", "words"),
    [
        ("    target: 85\n", "    target: eighty-five\n", "eighty-five", "a number"),
        ("roles:\n", "roles: none\nunused:\n"[:-8] + "\n", "none", "a list"),
        ("    contractual: true\n", "    contractual: 'yes'\n", "'yes'", "true or false"),
    ],
)
def test_s003_wrong_type(run_check, old, new, snippet, words):
    text = edit(complete_process(), (old, new))
    if snippet == "none":
        text = text.split("\n  - {id: vendor-agent")[0] + "\n" + text.split("title: Billing team lead}\n")[1]
    checked = run_check(text)
    assert words in checked.expect("S003", "error", snippet).message
    run_check().expect_none("S003")


def test_s003_root_must_be_a_mapping(run_check):
    checked = run_check("- spec: 1\n- id: billing-disputes\n")
    checked.expect("S003", "error", "- spec")


def test_s004_value_not_allowed_lists_choices(run_check):
    checked = run_check(edit(complete_process(), ("criticality: medium", "criticality: very high")))
    finding = checked.expect("S004", "error", "very high")
    assert "low, medium, high" in finding.hint
    run_check().expect_none("S004")


@pytest.mark.parametrize(
    ("old", "new", "snippet"),
    [
        ("  - id: triage\n", "  - id: Triage Step\n", "Triage Step"),
        ("email: dana.ruiz@example.com", "email: dana.ruiz(at)example.com", "dana.ruiz(at)"),
        ("    sla: 4h\n", "    sla: 4 hours\n", "4 hours"),
        ("  start: 2026-03-02\n", "  start: '2026-02-30'\n", "'2026-02-30'"),
        ("  languages: [en]", "  languages: [english]", "english"),
        # A phone number as dialled at home cannot be dialled from the vendor's country.
        ("email: dana.ruiz@example.com}", "email: dana.ruiz@example.com, phone: 020 7946 0132}", "020 7946 0132"),
        (
            "  - {id: billing-lead, party: client, title: Billing team lead}",
            "  - {id: billing-lead, party: client, title: Billing team lead, contact: {name: Tom, phone: call me}}",
            "call me",
        ),
    ],
)
def test_s005_malformed_value(run_check, old, new, snippet):
    checked = run_check(edit(complete_process(), (old, new)))
    finding = checked.expect("S005", "error", snippet)
    assert finding.hint
    run_check().expect_none("S005")


def test_quoted_iso_date_is_accepted(run_check):
    run_check(edit(complete_process(), ("  start: 2026-03-02\n", "  start: '2026-03-02'\n"))).expect_none("S005")


def test_s006_file_name_differs_from_id(run_check):
    checked = run_check(name="billing")
    assert checked.expect("S006", "error", "billing-disputes").hint.startswith("rename the file")


def test_s006_passes_when_id_equals_file_name(run_check):
    run_check().expect_none("S006")


def test_s007_duplicate_id_within_a_list(run_check):
    text = edit(complete_process(), ("  - id: resolve\n", "  - id: triage\n"), ("goto: resolve}", "goto: end}"))
    checked = run_check(text)
    # The second `id: triage` is the duplicate; the finding points at its value.
    second = text.index("  - id: triage\n", text.index("  - id: triage\n") + 1)
    line = text.count("\n", 0, second) + 1
    assert [(f.line, f.column, f.severity.value) for f in checked.codes("S007")] == [(line, 9, "error")]
    run_check().expect_none("S007")


def test_s007_duplicate_id_across_files(run_check):
    # Two files of one name in different folders of process_specs/ claim one id (and one page address).
    checked = run_check(extra={"archive/billing-disputes.yaml": complete_process()})
    duplicates = checked.codes("S007")
    assert len(duplicates) == 1 and "also used by" in duplicates[0].message
    assert (duplicates[0].line, duplicates[0].severity.value) == (3, "error")


def test_s008_unsupported_spec_version(run_check):
    checked = run_check(edit(complete_process(), ("spec: 1", "spec: 2")))
    assert checked.expect("S008", "error", "2\n").hint == "write spec: 1"
    assert not checked.codes("S004")
    run_check().expect_none("S008")


@pytest.mark.parametrize(
    ("old", "new", "snippet", "words"),
    [
        ("  languages: [en]", "  languages: [en, no]", "no]", "the boolean false"),
        ("category: billing", "category: 2027-01-11", "2027-01-11", "a date"),
        ("overlap_hours: 13:00-17:00 UTC", "overlap_hours: 12:30", "12:30", "the number 750"),
        ("    sla: 4h\n", "    sla: 010\n", "010", "the number 8"),
        ("category: billing", "category: yes", "yes", "the boolean true"),
    ],
)
def test_y003_unquoted_value_not_text(run_check, old, new, snippet, words):
    checked = run_check(edit(complete_process(), (old, new)))
    finding = checked.expect("Y003", "error", snippet)
    assert words in finding.message and finding.hint == f"quote it: '{snippet.rstrip(']')}'"
    run_check(edit(complete_process(), (old, new.replace(snippet.rstrip("]"), f"'{snippet.rstrip(']')}'"))))


def test_vendor_schema(run_check):
    vendor = edit(complete_vendor(), ("delivery_model: offshore", "delivery_model: offshoar"))
    finding = run_check(vendor=vendor).expect("S004", "error", "offshoar", in_vendor=True)
    assert "did you mean 'offshore'" in finding.hint


def test_s001_comma_inside_braces_hints_at_quoting(run_check):
    text = edit(
        complete_process(), ("{source: Post-contact customer survey,", "{source: Post-contact, customer survey,")
    )
    finding = run_check(text).expect("S001", "error", "customer survey,")
    assert "quote that value" in finding.hint


def test_s005_email_with_markup_is_rejected(run_check):
    text = edit(complete_process(), ("email: dana.ruiz@example.com", "email: 'a)<b>@example.com'"))
    run_check(text).expect("S005", "error", "'a)<b>@example.com'")


@pytest.mark.parametrize(
    ("old", "new", "snippet", "words"),
    [
        ("    target: 85\n", "    target: .nan\n", ".nan", "target .nan is not a number"),
        ("    target: 85\n", "    target: .inf\n", ".inf", "target .inf is infinite"),
        ("    threshold: 75\n", "    threshold: -.inf\n", "-.inf", "threshold -.inf is infinite"),
        ("    baseline: 70\n", "    baseline: !!float .NaN\n", "!!float", "baseline nan is not a number"),
        # YAML reads 1.0e+400 as infinity; a whole number this long cannot become a float at all.
        ("    target: 85\n", "    target: 1.0e+400\n", "1.0e+400", "target 1.0e+400 is too large"),
        ("    target: 85\n", "    target: " + "9" * 400 + "\n", "9999", "target 999999999999... (400 characters)"),
    ],
)
def test_s005_number_that_is_not_finite(run_check, old, new, snippet, words):
    # These passed check and then crashed the build where a figure is formatted or compared.
    checked = run_check(edit(complete_process(), (old, new)))
    finding = checked.expect("S005", "error", snippet)
    assert words in finding.message and "write a figure such as 85" in finding.hint
    assert len(checked.codes("S005")) == 1


@pytest.mark.parametrize(
    ("old", "new", "snippet", "words"),
    [
        # `$` in a pattern also matches before a final newline: a block scalar `id: |` ends with one.
        ("  - id: triage\n", "  - id: |\n      triage\n", "|\n      triage", "'triage\\n' is not a valid id"),
        ("    sla: 4h\n", '    sla: "4h\\n"\n', '"4h', "'4h\\n' is not a valid sla"),
        (
            "email: dana.ruiz@example.com",
            'email: "dana.ruiz@example.com\\n"',
            '"dana.ruiz',
            "'dana.ruiz@example.com\\n' is not a valid email",
        ),
        ("  languages: [en]", '  languages: ["en\\n"]', '"en', "'en\\n' is not a valid"),
    ],
)
def test_s005_value_with_a_final_newline(run_check, old, new, snippet, words):
    checked = run_check(edit(complete_process(), (old, new)))
    assert words in checked.expect("S005", "error", snippet).message


def test_s005_vendor_contact_email_with_a_final_newline(run_check):
    vendor = edit(complete_vendor(), ("email: ramon.santos@example.org,", 'email: "ramon.santos@example.org\\n",'))
    run_check(vendor=vendor).expect("S005", "error", '"ramon', in_vendor=True)


@pytest.mark.parametrize("tags", ["[es-419, en-US]", "[zh-Hant-TW, pt-BR]", "[tl, 'no', fil]"])
def test_bcp47_language_tags_are_accepted(run_check, tags):
    run_check(edit(complete_process(), ("  languages: [en]", f"  languages: {tags}"))).expect_none("S005")


@pytest.mark.parametrize("tag", ["sp", "xx-YY", "en_US"])
def test_a_tag_that_names_no_language_is_s005_naming_the_field(run_check, tag):
    checked = run_check(edit(complete_process(), ("  languages: [en]", f"  languages: [en, {tag}]")))
    finding = checked.expect("S005", "error", tag + "]")
    assert finding.message == f"'{tag}' is not a valid language tag"
    assert "es-419" in finding.hint


@pytest.mark.parametrize(("name", "hint"), [("English", "en"), ("dutch", "nl"), ("Norwegian", "'no'")])
def test_a_language_written_by_its_name_is_told_its_tag(run_check, name, hint):
    """Tried from outside: [English, Dutch, German] got the generic hint, ending in "(quote 'no')"."""
    checked = run_check(edit(complete_process(), ("  languages: [en]", f"  languages: [en, {name}]")))
    assert checked.expect("S005", "error", name + "]").hint == f"write the language's tag: {hint}"


def test_a_duration_without_a_unit_asks_for_the_unit(run_check):
    finding = run_check(edit(complete_process(), ("    sla: 4h\n", "    sla: 90\n"))).expect("S005", "error", "90\n")
    assert finding.message == "90 has no unit: a duration is a number and m, h, d or bd"
    assert finding.hint.startswith("add a unit: 90m for minutes")


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("99.5%", "write target: 99.5 (drop the % sign; the unit is percent)"),
        ("'1,200'", "write target: 1200 (drop everything but the figure; unit: says what it counts)"),
        ("85 percent", "write target: 85 (drop everything but the figure; unit: says what it counts)"),
    ],
)
def test_a_figure_written_with_its_unit_says_what_to_drop(run_check, written, hint):
    checked = run_check(edit(complete_process(), ("    target: 85\n", f"    target: {written}\n")))
    assert checked.expect("S003", "error", written + "\n").hint == hint


def test_a_bare_number_where_text_with_a_unit_belongs_shows_the_form(run_check):
    text = edit(complete_process(), ("expected: 1200 disputes per month", "expected: 1200"))
    finding = run_check(text).expect("Y003", "error", "1200,")
    assert finding.hint == "write it in full, e.g. expected: 1200 per month"


def test_a_known_key_in_the_wrong_place_says_where_it_belongs(run_check):
    checked = run_check(edit(complete_process(), ("  go_live: ", "go_live: ")))
    finding = checked.expect("S001", "error", "go_live: ")
    assert finding.hint == "'go_live' belongs under 'transition': move it there, indented below that key"


def test_s009_a_vendor_file_among_the_processes(run_check, tmp_path):
    from tests.conftest import complete_vendor

    checked = run_check(extra={"acme-bpo-copy.yaml": complete_vendor().replace("id: acme-bpo", "id: acme-bpo-copy")})
    found = [f for f in checked.result.findings if f.path.endswith("acme-bpo-copy.yaml")]
    assert [(f.code, f.severity.value) for f in found] == [("S009", "error")]
    assert found[0].hint == "move acme-bpo-copy.yaml to the vendors/ folder beside the process files"
    checked.expect_none("S001")  # one finding for the file, not one per key


def test_s009_a_process_file_in_vendors(run_check):
    copy = complete_process().replace("id: billing-disputes", "id: billing-copy")
    checked = run_check(extra={"vendors/billing-copy.yaml": copy})
    found = [f for f in checked.result.findings if f.path.endswith("billing-copy.yaml")]
    assert [f.code for f in found] == ["S009"]
    assert "the folder above vendors/" in found[0].hint


# Routines and optional inputs: the complete spec has a routine (a weekly quality sample) and passes.
ROUTINE_CADENCE = "    cadence: weekly\n    instructions: Pick 20"


def test_a_routine_has_no_next(run_check):
    text = edit(
        complete_process(),
        (
            "    sla: 1bd\n    escalation:\n      to:",
            "    sla: 1bd\n    next: [{goto: end}]\n    escalation:\n      to:",
        ),
    )
    finding = run_check(text).expect("S001", "error", "next: [{goto: end}]\n    escalation:\n      to:")
    assert finding.message == "unknown key 'next'"
    assert finding.hint.startswith("a routine runs at its cadence, outside the flow of each case")


def test_a_routine_needs_a_cadence(run_check):
    text = edit(complete_process(), (ROUTINE_CADENCE, "    instructions: Pick 20"))
    finding = run_check(text).expect("S002", "error", "id: quality-sample")
    assert (finding.message, finding.hint) == ("missing required key 'cadence'", "add cadence: daily")


def test_a_routine_cadence_is_one_of_the_cadences(run_check):
    text = edit(complete_process(), (ROUTINE_CADENCE, "    cadence: nightly\n    instructions: Pick 20"))
    finding = run_check(text).expect("S004", "error", "nightly")
    assert finding.hint == "use one of: shift, daily, weekly, biweekly, monthly, quarterly, yearly"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (ROUTINE_CADENCE, "    cadence: shift\n    instructions: Pick 20"),
        ("      cadence: weekly\n      attendees", "      cadence: shift\n      attendees"),
        ("      frequency: weekly\n", "      frequency: shift\n"),
    ],
)
def test_shift_is_a_cadence(run_check, old, new):
    run_check(edit(complete_process(), (old, new))).expect_none("S004")


def test_a_routine_needs_an_id_and_a_name(run_check):
    text = edit(complete_process(), ("    name: Score a sample of closed disputes\n", ""))
    finding = run_check(text).expect("S002", "error", "id: quality-sample")
    assert finding.message == "missing required key 'name'"


def test_optional_inputs_are_a_list_of_ids(run_check):
    for written, code, snippet in (
        ("optional_inputs: dispute-ticket", "S003", "dispute-ticket\n"),
        ("optional_inputs: [Dispute Ticket]", "S005", "Dispute Ticket]"),
    ):
        text = edit(
            complete_process(),
            ("    inputs: [resolution-notice]\n", f"    inputs: [resolution-notice]\n    {written}\n"),
        )
        run_check(text).expect(code, "error", snippet)
    valid = edit(
        complete_process(),
        ("    inputs: [resolution-notice]\n", "    inputs: [resolution-notice]\n    optional_inputs: []\n"),
    )
    run_check(valid).expect_none("S003")


def test_s007_a_routine_with_the_id_of_a_step(run_check):
    text = edit(complete_process(), ("  - id: quality-sample\n", "  - id: resolve\n"))
    checked = run_check(text)
    finding = checked.expect("S007", "error", "resolve\n    name: Score")
    line = text.count("\n", 0, text.index("  - id: resolve\n")) + 1
    assert finding.message == f"id 'resolve' is used by a step and a routine (the step at line {line})"
    assert len(checked.codes("S007")) == 1


def test_a_misspelt_routines_key_gets_a_did_you_mean(run_check):
    finding = run_check(edit(complete_process(), ("routines:\n", "routine:\n"))).expect("S001", "error", "routine:\n")
    assert finding.hint == "did you mean 'routines'?"


def test_a_kpi_currency_is_an_iso_code(run_check):
    text = edit(complete_process(), ("    unit: percent\n", "    unit: currency\n    currency: euro\n"))
    finding = run_check(text).expect("S005", "error", "euro")
    assert "currency" in finding.message
    run_check(text.replace("currency: euro", "currency: EUR")).expect_none("S005")


@pytest.mark.parametrize(("written", "meant"), [("vendor_lead", "vendor-lead"), ("Vendor Lead", "vendor-lead")])
def test_an_id_with_underscores_capitals_or_spaces_is_told_the_id_it_means(run_check, written, meant):
    """Tried from outside: ap_processor, used in nineteen places, was only told the rules of an id."""
    checked = run_check(edit(complete_process(), ("{id: vendor-lead, party", f"{{id: '{written}', party")))
    finding = checked.expect("S005", "error", f"'{written}'")
    assert finding.hint.startswith(f"write {meant}: use lowercase letters, digits and hyphens")


def test_phone_and_hours_on_the_owner_a_role_contact_and_a_vendor_contact_pass(run_check):
    process = edit(
        complete_process(),
        (
            "email: dana.ruiz@example.com}",
            "email: dana.ruiz@example.com, phone: +353 1 555 0132, hours: Mon-Fri 08:00-18:00 Europe/Dublin}",
        ),
        (
            "  - {id: billing-lead, party: client, title: Billing team lead}",
            "  - {id: billing-lead, party: client, title: Billing team lead,"
            " contact: {name: Tom Hargreaves, phone: '+353 (1) 555-0871', hours: 24/7}}",
        ),
    )
    vendor = edit(complete_vendor(), ("role: Account manager", "phone: +63 2 8555 0101, role: Account manager"))
    checked = run_check(process, vendor)
    checked.expect_none("S001")
    checked.expect_none("S005")


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("responsible", "one role does the work: keep it here, put the other in consulted"),
        ("accountable", "one role answers for the work"),
    ],
)
def test_s003_two_roles_where_one_goes_says_what_to_do_with_the_other(run_check, key, hint):
    """Tried from outside: `responsible: [a, b]` got "should be text, not a list"."""
    old = f"    {key}: billing-lead\n    {'accountable' if key == 'responsible' else 'inputs'}"
    text = edit(complete_process(), (old, old.replace("billing-lead", "[billing-lead, vendor-lead]")))
    finding = run_check(text).expect("S003", "error", "[billing-lead, vendor-lead]")
    assert finding.message == f"'{key}' names one role, not a list of 2" and finding.hint.startswith(hint)


def test_s001_a_steps_key_indented_under_its_escalation_says_so(run_check):
    """Tried from outside: a step's sla written one level too deep, under its escalation."""
    text = edit(
        complete_process(),
        (
            "    sla: 1bd\n    escalation: {to: billing-lead, when: Customer threatens a chargeback}\n",
            "    escalation:\n      to: billing-lead\n      when: Customer threatens a chargeback\n      sla: 1bd\n",
        ),
    )
    finding = run_check(text).expect("S001", "error", "sla: 1bd\nroutines")
    assert finding.hint == "'sla' is a key of step 'resolve', not of its 'escalation': indent it as far as " + (
        "'escalation:' (one level less)"
    )


def test_a_misspelt_cadence_is_offered_its_word_and_blames_no_kpi(run_check):
    """Tried from outside: `cadence: fortnightly` got no suggestion, and K008 blamed the KPI the check-in
    reviews (the check-in was refused with its cadence)."""
    old = "      cadence: weekly\n"
    checked = run_check(edit(complete_process(), (old, "      cadence: fortnightly\n")))
    finding = checked.expect("S004", "error", "fortnightly")
    assert finding.hint.startswith("did you mean 'biweekly'?")
    checked.expect_none("K008")
    checked.expect_none("K009")
    assert checked.expect("C001", "error", "- name: Weekly").hint.startswith("fix the check-in on line")
    annual = run_check(edit(complete_process(), (old, "      cadence: Annually\n"))).expect("S004", "error", "Annually")
    assert annual.hint.startswith("did you mean 'yearly'?")
