"""Matters reserved to the client (rules/reserved.py), on the complete spec edited the way the outsiders'
KYC check and payroll were: a sanctions hit escalated to the vendor's operations manager, sent to the end,
or its way out deleted."""

from __future__ import annotations

from generator.check.config import Config
from tests.conftest import complete_process, edit

TRIAGE = "    name: Triage the dispute\n"
TRIAGE_SLA = "    sla: 4h\n    next:\n"
BRANCH = "      - {when: Amount above 500 EUR, goto: approve-credit}\n"


def _escalation(when: str, to: str) -> tuple[str, str]:
    return TRIAGE_SLA, f"    sla: 4h\n    escalation: {{to: {to}, when: {when}}}\n    next:\n"


def test_a_sanctions_hit_escalated_to_the_vendor_is_an_error_at_its_target(run_check):
    text = edit(
        complete_process(),
        (TRIAGE, "    name: Triage the dispute and screen the payer against sanctions lists\n"),
        _escalation("A possible Sanctions match", "vendor-lead"),
    )
    checked = run_check(text)
    found = checked.expect("P012", "error", "vendor-lead, when: A possible Sanctions match")
    assert "(sanctions, a matter reserved to the client) to role 'vendor-lead'" in found.message
    checked.expect("P013", "error", "id: triage\n")  # and the step that screens has no way to the client
    to_client = edit(text, ("{to: vendor-lead, when: A possible", "{to: billing-lead, when: A possible"))
    checked = run_check(to_client)
    checked.expect_none("P012")
    checked.expect_none("P013")


def test_a_matter_sent_to_the_end_or_a_vendor_step_is_an_error_and_to_the_client_is_not(run_check):
    laundering = edit(complete_process(), (BRANCH, "      - {when: Signs of money laundering, goto: end}\n" + BRANCH))
    assert "to the end" in run_check(laundering).expect("P012", "error", "end}\n      - {when: Amount").message
    to_vendor = edit(laundering, ("laundering, goto: end}", "laundering, goto: resolve}"))
    run_check(to_vendor).expect("P012", "error", "resolve}\n      - {when: Amount")
    to_client = edit(laundering, ("laundering, goto: end}", "laundering, goto: approve-credit}"))
    run_check(to_client).expect_none("P012")


def test_words_are_matched_whole_and_the_list_is_the_teams(run_check):
    # "fraudulent" is not "fraud", "regulatory" not "regulator": a word that only starts so is no finding.
    text = edit(
        complete_process(), (TRIAGE, "    name: Triage the dispute; check regulatory fees, fraudulent charges\n")
    )
    run_check(text).expect_none("P013")
    # A team that keeps hardship cases: a vendor step that meets them must hand them over.
    hardship = edit(complete_process(), (TRIAGE, "    name: Triage the dispute and spot hardship\n"))
    keeps = Config.with_options(reserved_matters=["hardship"])
    run_check(hardship, config=keeps).expect("P013", "error", "id: triage\n")
    handed = edit(hardship, _escalation("Signs of hardship", "billing-lead"))
    run_check(handed, config=keeps).expect_none("P013")
    run_check(hardship, config=Config.with_options(reserved_matters=[])).expect_none("P013")


def test_a_sentence_that_keeps_the_vendor_out_of_a_matter_needs_no_hand_over(run_check):
    """Tried from outside: 'Never send a case to a regulator yourself' and 'Never add a payment held for a
    sanctions decision' drew P013, and owners wrote vaguer instructions to avoid the words."""
    for sentence in ("Never send a case to a regulator yourself.", "Do not release a payment held for sanctions."):
        text = edit(complete_process(), ("and tag the dispute type.", f"and tag the dispute type. {sentence}"))
        run_check(text).expect_none("P013")
    dealt = edit(complete_process(), ("and tag the dispute type.", "and tag the dispute type. Screen for sanctions."))
    finding = run_check(dealt).expect("P013", "error", "id: triage\n")
    assert "waive P013 for it (waivers: items: [triage])" in finding.hint


def test_a_client_step_that_ends_the_case_on_a_matter_has_decided_it(run_check):
    """Tried from outside: the SIU's own step ending the case on confirmed fraud drew P012."""
    decided = edit(
        complete_process(),
        (
            "    sla: 1bd\n  - id: resolve",
            "    sla: 1bd\n    next:\n      - {when: Fraud confirmed, goto: end}\n"
            "      - {goto: resolve}\n  - id: resolve",
        ),
    )
    run_check(decided).expect_none("P012")
    to_vendor = edit(decided, ("{when: Fraud confirmed, goto: end}", "{when: Fraud confirmed, goto: resolve}"))
    run_check(to_vendor).expect("P012", "error", "resolve}\n      - {goto: resolve}")


def test_a_reserved_matter_branch_after_another_condition_is_p017(run_check):
    """Tried from outside (claims payout M31): the limit branch moved above the fraud branch; a claim that
    meets both went to the approval and never reached the fraud team."""
    both = edit(complete_process(), (BRANCH, BRANCH + "      - {when: Signs of fraud, goto: approve-credit}\n"))
    run_check(both).expect_none("P017")  # the same target: nothing is skipped
    after = edit(both, ("Signs of fraud, goto: approve-credit", "Signs of fraud, goto: resolve"))
    finding = run_check(after).expect("P017", "warning", "Signs of fraud")
    assert finding.message == (
        "the branch for fraud in step 'triage' comes after 'Amount above 500 EUR': a case that meets both goes "
        "to 'approve-credit' and never here"
    )
    first = edit(complete_process(), (BRANCH, "      - {when: Signs of fraud, goto: resolve}\n" + BRANCH))
    run_check(first).expect_none("P017")


def test_a_matter_only_named_in_the_instructions_needs_no_hand_over(run_check):
    """Tried from outside (PV intake): 'so that the 15-day report reaches the regulators in time' in the
    vendor's data entry drew P013; the step meets no regulator. Meeting one does count."""
    named = edit(
        complete_process(),
        (
            "and tag the dispute type.",
            "and tag the dispute type, so that the monthly report reaches the regulator in time.",
        ),
    )
    run_check(named).expect_none("P013")
    met = edit(
        complete_process(),
        ("and tag the dispute type.", "and tag the dispute type. A customer may ask for the regulator's reference."),
    )
    run_check(met).expect("P013", "error", "id: triage\n")
