"""The engine: readiness that stays meaningful with a slip in a spec, and vendor files that cannot be read."""

from __future__ import annotations

import pytest

from tests.conftest import complete_process, complete_vendor, edit


def _readiness(checked) -> int:
    return next(s.readiness for s in checked.result.specs if s.kind == "process")


def test_a_complete_spec_is_100_percent(run_check):
    assert _readiness(run_check()) == 100


def _summary(checked):
    return next(s for s in checked.result.specs if s.kind == "process")


@pytest.mark.parametrize(
    ("vendor_edit", "code"),
    [
        # A contract that starts after the vendor does (T017, not a completeness rule): no criterion it scores.
        (("start: 2026-01-01, end: 2028-12-31", "start: 2026-04-01, end: 2028-12-31"), "T017"),
        # A contract that ended before today on a live process.
        (("start: 2026-01-01, end: 2028-12-31", "start: 2026-01-01, end: 2026-06-30"), None),
    ],
)
def test_a_spec_with_an_error_of_its_own_never_reads_100_percent(run_check, vendor_edit, code):
    """Issue 23's reproducer: an expired contract on a live payroll read "readiness 100%" beside its error;
    an auditor reads 100% as "this handover can be trusted today". Every rule that raised an error on the
    spec now counts as a criterion not met, and the spec is marked blocked."""
    checked = run_check(vendor=edit(complete_vendor(), vendor_edit))
    errors = {f.code for f in checked.result.findings if f.severity.value == "error" and f.path.endswith(".yaml")}
    assert errors and (code is None or code in errors), errors
    summary = _summary(checked)
    assert summary.blocked and summary.readiness < 100
    assert _summary(run_check()).blocked is False


def test_an_error_in_the_processs_figures_file_blocks_it_too(run_check):
    """Tried from outside (claims payout, PV intake): a figure for a week not yet over printed "1 error"
    beside "readiness 100%"; the figures file is the process's."""
    from tests.conftest import complete_measurements

    future = complete_measurements() + "first-contact-resolution,2027-W02,85,\n"
    checked = run_check(extra={"measurements/billing-disputes.csv": future})
    assert [f.code for f in checked.result.findings if f.severity.value == "error"] == ["M004"]
    summary = _summary(checked)
    assert summary.blocked and summary.readiness < 100
    # A figures file of no process blocks no process.
    other = run_check(extra={"measurements/no-such-process.csv": future.replace("2027-W02", "2026-W40")})
    assert not _summary(other).blocked


def test_blocked_shows_in_every_report(run_check):
    import io
    import json

    from generator.check.report import FORMATS

    checked = run_check(vendor=edit(complete_vendor(), ("start: 2026-01-01, end", "start: 2026-04-01, end")))
    out = {}
    for name in ("text", "json", "sarif"):
        stream = io.StringIO()
        FORMATS[name](checked.result, stream, color=False)
        out[name] = stream.getvalue()
    readiness = _summary(checked).readiness
    assert f"readiness: billing-disputes {readiness}% (blocked)" in out["text"]
    assert json.loads(out["json"])["specs"][0]["blocked"] is True
    specs = json.loads(out["sarif"])["runs"][0]["properties"]["specs"]
    assert specs == [{"id": "billing-disputes", "path": checked.process_path, "readiness": readiness, "blocked": True}]


def test_one_schema_slip_costs_a_little_readiness_not_all(run_check):
    checked = run_check(edit(complete_process(), ("    target: 85\n", "    target: 85%\n")))
    checked.expect("S003", "error", "85%")
    # The refused value counts as absent (K002: no target) and the spec does not read as written.
    assert 80 <= _readiness(checked) < 100
    assert checked.codes("K002")


def test_one_refused_entry_of_a_list_leaves_its_siblings(run_check):
    """Tried from outside: one role with `party: partner` took every role with it, and each step's
    responsible became "not a declared role": 95 errors for one slip. Only the entry goes now."""
    text = edit(complete_process(), ("{id: vendor-agent, party: vendor,", "{id: vendor-agent, party: partner,"))
    checked = run_check(text)
    checked.expect("S004", "error", "partner")
    undeclared = {f.message.split("'")[1] for f in checked.codes("R001")}
    assert undeclared == {"vendor-agent"}  # the refused role, and none of the others
    assert {f.code for f in checked.result.findings if f.severity.value == "error"} == {"S004", "R001"}


def test_entries_after_a_refused_one_keep_their_marks():
    from generator.check.rules.validation import SchemaChecker
    from generator.spec.loader import parse

    text = edit(complete_process(), ("{id: vendor-agent, party: vendor,", "{id: vendor-agent, party: partner,"))
    document, _ = parse(text, "process_specs/billing-disputes.yaml")
    part, lacks_own_key = SchemaChecker().readable_part(document, "process")
    assert not lacks_own_key
    assert [role["id"] for role in part.data["roles"]] == [role["id"] for role in document.data["roles"][1:]]
    for index in range(len(part.data["roles"])):
        for key in ("id", "party"):
            assert part.value_marks[("roles", index, key)] == document.value_marks[("roles", index + 1, key)]
            assert part.key_marks[("roles", index, key)] == document.key_marks[("roles", index + 1, key)]
    assert ("roles", len(part.data["roles"]), "id") not in part.value_marks
    assert part.value_marks[("steps", 0, "id")] == document.value_marks[("steps", 0, "id")]


def test_a_spec_missing_a_key_of_its_own_cannot_be_scored(run_check):
    checked = run_check(edit(complete_process(), ("title: Billing dispute handling\n", "")))
    checked.expect("S002", "error", "spec: 1")
    assert _readiness(checked) == 0


def test_a_refused_key_of_its_own_hides_no_other_finding(run_check):
    """Tried from outside: the owner's e-mail without its @ was the only finding, at 0 %; the step's
    misspelt role showed only once it was fixed. Such a spec still cannot be scored, but it is judged."""
    misspelt = ("    accountable: vendor-lead\n    consulted:", "    accountable: vendr-lead\n    consulted:")
    checked = run_check(
        edit(complete_process(), ("email: dana.ruiz@example.com", "email: dana.ruiz.example.com"), misspelt)
    )
    checked.expect("S005", "error", "dana.ruiz.example.com")
    checked.expect("R001", "error", "vendr-lead")
    assert _readiness(checked) == 0
    # Without its id or status a spec is not judged: the id names it, the status sets every level.
    for key in ("status: live\n", "id: billing-disputes\n"):
        checked = run_check(edit(complete_process(), (key, ""), misspelt))
        assert not checked.codes("R001") and _readiness(checked) == 0, key


def test_an_unreadable_vendor_file_is_named_as_such(run_check):
    checked = run_check(vendor=complete_vendor().replace("name: ", "name: [", 1))
    finding = checked.expect("R004", "error", "acme-bpo\n")
    expected = f"vendor file {checked.vendor_path} has errors, so vendor 'acme-bpo' cannot be checked"
    assert finding.message == expected


def test_a_missing_vendor_file_is_named_as_such(run_check):
    checked = run_check(edit(complete_process(), ("vendor: acme-bpo\n", "vendor: acme\n")))
    finding = checked.expect("R004", "error", "acme\n")
    assert finding.message == "vendor 'acme' has no file in vendors/"
    assert finding.hint == "did you mean 'acme-bpo'?"


def test_rules_about_items_count_as_met_only_when_there_are_items(run_check):
    from tests.conftest import replace_block

    without_steps = replace_block("steps:\n", "routines:\n", "steps: []\n")(complete_process())
    checked = run_check(without_steps)
    checked.expect("O001", "error", "[]\n")
    # Fourteen step rules and seven role rules hold for no steps at all; they must not lift the score.
    assert _readiness(checked) < 70


def _copy_complete(tmp_path, nested: bool = False):
    import shutil

    from tests.conftest import COMPLETE

    specs = tmp_path / "process_specs"
    shutil.copytree(COMPLETE, specs)
    if nested:  # specs in a folder per category, figures in the top-level measurements/ folder
        (specs / "billing").mkdir()
        (specs / "billing-disputes.yaml").rename(specs / "billing" / "billing-disputes.yaml")
    return specs


def test_a_spec_checked_alone_is_read_with_its_figures(tmp_path):
    from generator.check.config import Config
    from generator.check.engine import check
    from tests.conftest import TODAY

    for nested in (False, True):
        specs = _copy_complete(tmp_path / str(nested), nested)
        spec = next(specs.rglob("billing-disputes.yaml"))
        checked = check([str(spec)], Config(), TODAY)
        assert [f.code for f in checked.result.findings] == []  # not overdue (M008): the figures were read
        assert checked.measurements["billing-disputes"].rows
        # A frequency changed in the spec is checked against the figures already recorded.
        spec.write_text(spec.read_text().replace("frequency: weekly", "frequency: monthly"))
        codes = {(f.code, f.path.endswith(".csv")) for f in check([str(spec)], Config(), TODAY).result.findings}
        assert ("M003", True) in codes


def test_a_measurement_file_checked_alone_is_read_with_its_process(tmp_path):
    from generator.check.config import Config
    from generator.check.engine import check
    from tests.conftest import TODAY

    for nested in (False, True):
        specs = _copy_complete(tmp_path / str(nested), nested)
        figures = specs / "measurements" / "billing-disputes.csv"
        assert check([str(figures)], Config(), TODAY).result.findings == []  # not M007: the process is found
        figures.write_text(figures.read_text() + "first-contact-resolutoin,2026-W40,86,\n")
        result = check([str(figures)], Config(), TODAY).result
        assert [(f.code, f.path) for f in result.findings] == [("M002", str(figures))]  # nothing of the spec


@pytest.mark.parametrize(
    ("code", "old", "new", "key"),
    [
        ("T003", "  go_live: 2026-05-18\n", "  go_live: 18/05/2026\n", "go_live"),
        ("K002", "    target: 85\n", "    target: 85 percent\n", "target"),
        ("K003", "    unit: percent\n", "    unit: '%'\n", "unit"),
        ("T009", "  languages: [en]\n", "  languages: [English]\n", "languages"),
    ],
)
def test_a_value_found_missing_because_it_was_refused_points_at_it(run_check, code, old, new, key):
    """Tried from outside: "the transition has no go_live date" beside a go_live written 12/10/2026 read as
    false. The refused value still counts as absent; the hint sends the author to it."""
    text = edit(complete_process(), (old, new))
    line = text[: text.index(new)].count("\n") + 1
    (finding,) = run_check(text).codes(code)
    assert finding.hint == f"{key} is written, on line {line}, but could not be read as written: fix it first"


def test_a_value_truly_missing_keeps_its_hint(run_check):
    (finding,) = run_check(edit(complete_process(), ("  go_live: 2026-05-18\n", ""))).codes("T003")
    assert finding.hint == "add transition.go_live: YYYY-MM-DD"


def test_a_section_under_a_wrong_key_is_pointed_at_and_its_absence_not_repeated(run_check):
    """Tried from outside: `Steps:` gave O001 "no steps" first, then an O004, O005 or P004 for every input,
    output and role, and the S001 that said why came last of fifteen errors."""
    text = edit(complete_process(), ("\nsteps:\n", "\nSteps:\n"))
    line = text[: text.index("\nSteps:\n")].count("\n") + 2
    checked = run_check(text)
    (missing,) = checked.codes("O001")
    assert missing.hint.startswith(f"Steps is written, on line {line}")
    assert not checked.codes("O004") and not checked.codes("O005") and not checked.codes("P004")


def test_a_section_indented_under_another_sends_its_references_to_it(run_check):
    text = complete_process()
    start, end = text.index("\nkpis:\n") + 1, text.index("\ngovernance:\n") + 1
    kpis = "".join("  " + line if line.strip() else line for line in text[start:end].splitlines(keepends=True))
    text = text[:start] + text[end:].replace("governance:\n", "governance:\n" + kpis, 1)
    checked = run_check(text)
    (missing,) = checked.codes("K001")
    assert missing.hint.startswith("kpis is written, on line")
    (objective,) = checked.codes("A003")
    assert "the kpis entry on line" in objective.hint and "first-contact-resolution" in objective.hint
    # The figures are in another file: their finding names the spec the entry is in.
    (figures,) = checked.codes("M002")
    assert "the kpis entry on line" in figures.hint and "of billing-disputes.yaml declares" in figures.hint
