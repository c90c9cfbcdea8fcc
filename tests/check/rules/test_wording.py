"""Words that say nothing: vague instructions, references instead of instructions, vague conditions, pilot
exit criteria that cannot be measured, and placeholders left in any text."""

import re

import pytest

from generator.check.config import OPTIONS, Config, load_config
from generator.check.rules import RULES
from generator.check.rules.wording import lacks_substance
from tests.conftest import Case, case_tests, complete_process, edit

TRIAGE = "Read the ticket, confirm the invoice number in the billing system and tag the dispute type."
RESOLVE = "Apply the decision in the billing system and send the customer the resolution notice."
EXIT = "exit_criteria: FCR at or above 80% for two consecutive weeks"
VAGUE = "Handle the dispute appropriately as needed, following the usual process, and make sure all is correct."
ESCALATION = "escalation: {to: billing-lead, when: Customer threatens a chargeback}"
ROUTINE = "Pick 20 disputes closed last week in Zendesk and score each notice against the resolution checklist."
ROUTINE_WHEN = "      when: More than 2 of the 20 notices fail the checklist\n"

CASES = [
    Case("O011", "warning", ((TRIAGE, VAGUE),), VAGUE),
    Case(
        "O011",
        "warning",
        ((RESOLVE, "Use judgement and resolve the dispute the usual way, etc."),),
        "Use judgement",
        name="judgement",
    ),
    Case("O012", "error", ((RESOLVE, "Same as for the first step, see above."),), "Same as for", name="see-above"),
    Case("O012", "error", ((RESOLVE, "As in the previous step."),), "As in the previous", name="as-in-previous"),
    Case("O013", "warning", ((ESCALATION, "escalation: {to: billing-lead, when: If needed}"),), "If needed"),
    Case(
        "O013",
        "warning",
        (("{when: Amount above 500 EUR, goto: approve-credit}", "{when: As appropriate, goto: approve-credit}"),),
        "As appropriate",
        name="branch",
    ),
    Case("O011", "warning", ((ROUTINE, VAGUE),), VAGUE, name="routine"),
    Case("O012", "error", ((ROUTINE, "Same as for the first step, see above."),), "Same as for", name="routine"),
    Case("O013", "warning", ((ROUTINE_WHEN, "      when: As needed\n"),), "As needed", name="routine"),
    Case("T050", "error", ((EXIT, "exit_criteria: The vendor is ready and the billing team is happy"),), "The vendor"),
    Case("T050", "error", ((EXIT, "exit_criteria: TBD"),), "TBD", name="tbd"),
    Case("O015", "error", (("expected: 1200 disputes per month", "expected: TBD per month"),), "TBD per month"),
    Case("O015", "error", (("owner: {name: Dana Ruiz", "owner: {name: Your Name"),), "Your Name", name="skeleton"),
    Case(
        "O015",
        "error",
        (("peak: twice the average in January", "peak: twice the average in ??? (ask finance)"),),
        "twice the average in ???",
        name="question-marks",
    ),
    Case(
        "T064",
        "warning",
        vendor_edits=(("{name: Ramon Santos, email: ramon.santos@example.org", "{name: TBD, email: tbd@example.com"),),
        at="TBD",
        in_vendor=True,
    ),
]

test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def _instructions(text: str) -> str:
    return edit(complete_process(), (TRIAGE, text))


@pytest.mark.parametrize(
    "text",
    [
        # a vague phrase beside something concrete: a system, a number, a quoted queue, a declared role or tool
        "Call the customer back in Zendesk as needed and note each call on the ticket.",
        "Call the customer back as needed, at most 3 times in 5 business days.",
        'Move the ticket to the "Disputes - waiting" view as needed and tell the customer why.',
        "Ask the billing-lead as needed whether the tariff applies to the customer.",
        "Ask the billing team lead as needed whether the tariff applies to the customer.",
        # long enough to say something without a name in it
        "Read the whole ticket and every attachment, compare the disputed charge with the usage records and the "
        "tariff on the customer's contract, and if the charge is wrong, as needed, prepare the credit with the "
        "amount and the reason written out.",
    ],
)
def test_a_vague_phrase_beside_substance_passes(run_check, text):
    run_check(_instructions(text)).expect_none("O011")


def test_text_without_a_vague_phrase_is_not_judged(run_check):
    run_check(_instructions("Make sure the dispute is handled well and the customer is happy with it.")).expect_none(
        "O011"
    )


def test_a_placeholder_is_left_to_o003(run_check):
    checked = run_check(_instructions("TBD, see above, as needed."))
    checked.expect("O003", "error", "TBD, see above")
    checked.expect_none("O011")
    checked.expect_none("O012")


def test_a_reference_is_reported_once(run_check):
    checked = run_check(_instructions("Same as for incidents, see above, as needed."))
    checked.expect("O012", "error", "Same as for incidents")
    checked.expect_none("O011")


def test_a_reference_beside_real_instructions_passes(run_check):
    text = "As in the previous step, read the ticket, then confirm the invoice number and tag the dispute type."
    run_check(_instructions(text)).expect_none("O012")


def test_the_phrase_list_is_configurable(run_check):
    text = _instructions("Deal with the dispute in the customary manner and close the ticket afterwards.")
    run_check(text).expect_none("O011")
    phrases = [*OPTIONS["vague_phrases"], "in the customary manner"]
    finding = run_check(text, config=Config.with_options(vague_phrases=phrases)).expect(
        "O011", "warning", "Deal with the dispute"
    )
    assert "'in the customary manner'" in finding.message


def test_a_phrase_taken_off_the_list_is_no_longer_vague(run_check):
    text = _instructions(VAGUE)
    kept = [p for p in OPTIONS["vague_phrases"] if p not in ("appropriately", "as needed", "the usual process")]
    run_check(text, config=Config.with_options(vague_phrases=kept)).expect_none("O011")
    run_check(text, config=Config.with_options(vague_phrases=[])).expect_none("O011")
    escalation = edit(complete_process(), (ESCALATION, "escalation: {to: billing-lead, when: If needed}"))
    run_check(escalation, config=Config.with_options(vague_phrases=[])).expect_none("O013")


def test_the_default_phrases_are_matched_as_whole_words_whatever_the_case():
    phrases = OPTIONS["vague_phrases"]
    assert len(phrases) >= 12
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")(?!\w)",
        re.IGNORECASE,
    )
    assert lacks_substance("AS NEEDED, handle the case.", pattern, ())
    assert lacks_substance("Handle it etc.", pattern, ())
    # "tbd" inside a word is no phrase; the text is judged on its own (here: a proper noun)
    assert not lacks_substance("Send it to Tbdesk as needed.", pattern, ())


@pytest.mark.parametrize(
    "criteria",
    [
        "First-contact resolution at target for two consecutive weeks",
        "first-contact-resolution at target for a fortnight",
        "No open complaint and every dispute closed within its SLA",
        "Credit accuracy audited by the billing lead at the end of April",
        "FCR at or above 80% for 2 weeks",
    ],
)
def test_measurable_exit_criteria_pass(run_check, criteria):
    run_check(edit(complete_process(), (EXIT, f"exit_criteria: {criteria}"))).expect_none("T050")


def test_exit_criteria_stay_warnings_in_a_draft(run_check):
    text = edit(complete_process(), (EXIT, "exit_criteria: The vendor is ready"), ("status: live", "status: draft"))
    run_check(text).expect("T050", "warning", "The vendor is ready")


def test_the_phrase_list_is_read_from_the_configuration_file(tmp_path, run_check):
    path = tmp_path / ".playbook.yaml"
    path.write_text("vague_phrases: [in the customary manner, as usual]\n", encoding="utf-8")
    config = load_config(str(path), frozenset(RULES))
    assert config.options["vague_phrases"] == ["in the customary manner", "as usual"]
    text = _instructions("Deal with the dispute in the customary manner and close the ticket afterwards.")
    run_check(text, config=config).expect("O011", "warning", "Deal with the dispute")
    run_check(_instructions(VAGUE), config=config).expect_none("O011")  # the list replaces the default


def test_wording_findings_name_the_routine(run_check):
    by_id = {case.id: case for case in CASES}
    assert (
        by_id["O011-routine"].check(run_check).message.startswith("instructions of routine 'quality-sample' are vague")
    )
    assert by_id["O013-routine"].check(run_check).message == (
        "condition 'As needed' in routine 'quality-sample' leaves the decision to the agent"
    )


def test_a_placeholder_is_one_finding_where_another_rule_says_more(run_check):
    checked = run_check(edit(complete_process(), (EXIT, "exit_criteria: TBD")))
    assert checked.codes("T050") and not checked.codes("O015")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("id: billing-disputes", "id: todo-disputes"),  # ids and references are not text
        ("status: live", "status: draft"),  # a draft is still checked: nothing here to report
        ("notes: Cost baseline EUR 42k per month in-house.", "notes: TODO ask finance for the in-house cost."),
    ],
)
def test_placeholders_are_looked_for_in_text_only(run_check, old, new):
    run_check(edit(complete_process(), (old, new))).expect_none("O015")


@pytest.mark.parametrize(
    "text", ["To be defined", "to be confirmed with IT", "pending", "?", "XXX", "n/a", "to follow"]
)
def test_o015_reads_placeholders_written_in_words(run_check, text):
    """Tried from outside: each of these passed at 100 % in a tool's access or a risk's contingency."""
    checked = run_check(edit(complete_process(), ("peak: twice the average in January", f"peak: '{text}'")))
    checked.expect("O015", "error", f"'{text}'")


@pytest.mark.parametrize("text", ["none", "Pending disputes double in January", "To be safe, agents ask twice"])
def test_o015_leaves_words_that_may_be_meant(run_check, text):
    run_check(edit(complete_process(), ("peak: twice the average in January", f"peak: {text}"))).expect_none("O015")


@pytest.mark.parametrize(
    "text",
    [
        "Same checks as in the step above.",
        "The same checks as in the step above, with the credit note instead of the ticket.",
        "Do the same checks as for the first dispute of the day.",
        "As in the previous step, but for the credit note.",
        "Repeat step 2 for the corrected ticket.",
        "Same four-eyes checks as in approve-credit.",
        "Apply the checks described under approve-credit to the reopened tickets.",
    ],
)
def test_instructions_that_only_point_elsewhere_are_o012(run_check, text):
    """Tried from outside: the payroll's second check was written as 'same checks as in the step above'."""
    run_check(_instructions(text)).expect("O012", "error", text[:12])


@pytest.mark.parametrize(
    "text",
    [
        "Check the IBAN against the vendor master, as in the step above.",
        "See the refund policy in Confluence and apply its table of goodwill credits.",
        "Score each notice the same way as for the weekly sample: accuracy, tone, completeness, card data removed.",
        "Check the amount again: same limit as in approve-credit, 500 EUR per customer per year.",
    ],
)
def test_a_pointer_beside_instructions_of_their_own_passes(run_check, text):
    run_check(_instructions(text)).expect_none("O012")
