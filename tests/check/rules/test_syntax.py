"""Loader codes through a real check: each broken file gives its code, as an error, at the right place."""

import pytest

from tests.conftest import complete_process, edit


@pytest.mark.parametrize(
    ("code", "old", "new", "snippet"),
    [
        ("Y001", "  - id: approve-credit\n", "  - id: [approve-credit\n", ": Approve the credit"),
        ("Y001", "    sla: 1bd\n  - id: resolve", "\tsla: 1bd\n  - id: resolve", "\tsla"),
        ("Y002", "    sla: 4h\n", "    sla: 4h\n    sla: 8h\n", "sla: 8h"),
        ("Y007", "internal:\n", "---\ninternal:\n", "---"),
        ("Y008", "category: billing", "category: !!python/name:os.system billing", "!!python"),
        ("Y008", "roles:\n", "defaults: &d {party: vendor}\nroles:\n  - {<<: *d, id: x, title: X}\n", "<<"),
        ("Y008", "category: billing", "category: <<", "<<"),
        ("Y008", "category: billing", "category: =", "="),
        ("Y001", "    contractual: true\n", "    contractual: !!bool maybe\n", "!!bool"),
        ("Y001", "  start: 2026-03-02\n", "  start: !!timestamp soon\n", "!!timestamp"),
        ("Y001", "category: billing", "category: bill\x1bing", "\x1b"),
        # LS and NEL end a line for YAML 1.1, not for an editor: the later finding keeps its editor line.
        ("Y002", "    sla: 4h\n", '    sla: "4\u2028h\x85"\n    sla: 8h\n', "sla: 8h"),
    ],
)
def test_loader_findings_are_errors_at_their_place(run_check, code, old, new, snippet):
    checked = run_check(edit(complete_process(), (old, new)))
    checked.expect(code, "error", snippet)
    run_check().expect_none(code)


def test_y005_empty_file(run_check):
    checked = run_check("# to be written\n")
    checked.expect("Y005", "error", "# to be written")


def test_y006_too_deep(run_check):
    checked = run_check("spec: " + "[" * 80 + "]" * 80 + "\n")
    finding = next(iter(checked.codes("Y006")))
    assert (finding.line, finding.severity.value) == (1, "error")


def test_y004_not_utf8(run_check, tmp_path):
    checked = run_check("spec: 1\n")
    path = tmp_path / "process_specs" / "latin1.yaml"
    path.write_bytes(b"spec: 1\nid: latin1\ntitle: Facturaci\xf3n\n")
    from generator.check.config import Config
    from generator.check.engine import check
    from tests.conftest import TODAY

    result = check([str(path)], Config(), TODAY).result
    assert [(f.code, f.line, f.column, f.severity.value) for f in result.findings] == [("Y004", 3, 17, "error")]
    checked.expect_none("Y004")


def test_y001_control_character_is_named(run_check):
    checked = run_check(edit(complete_process(), ("category: billing", "category: bill\x07ing")))
    finding = checked.expect("Y001", "error", "\x07")
    assert finding.message == "control character U+0007 (bell) is not allowed in YAML"
    assert finding.hint.startswith("delete it")


def test_y009_text_cut_short_by_a_comment(run_check):
    text = edit(complete_process(), ("category: billing", "category: billing #EX1 and refunds"))
    finding = run_check(text).expect("Y009", "error", "#EX1")
    assert finding.message == "YAML reads '#EX1 and refunds' as a comment and drops it: the value is only 'billing'"
    assert finding.hint.startswith("quote the whole value: 'billing #EX1 and refunds'")


def test_y009_quotes_the_dropped_text_back_as_written(run_check):
    """`# UK only` after a title: the fix must give back the author's text, the space after # included."""
    text = edit(complete_process(), ("category: billing", "category: billing # UK only"))
    finding = run_check(text).expect("Y009", "error", "# UK only")
    assert finding.message == "YAML reads '# UK only' as a comment and drops it: the value is only 'billing'"
    assert finding.hint.startswith("quote the whole value: 'billing # UK only'")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("category: billing", "category: billing  # two spaces: a comment meant as one"),
        ("category: billing", "category: 'billing #EX1'"),
        ("id: billing-disputes", "id: billing-disputes #an id drops no text"),
        ("status: live", "status: live #an enum drops no text"),
    ],
)
def test_y009_leaves_comments_meant_as_comments(run_check, old, new):
    run_check(edit(complete_process(), (old + "\n", new + "\n"))).expect_none("Y009")


@pytest.mark.parametrize(
    ("old", "new", "snippet"),
    [
        ("    responsible: vendor-lead\n", "    responsible: “vendor-lead”\n", "“vendor-lead”"),
        ("category: billing", "category: ‘billing’", "‘billing’"),
        ("category: billing", "category: „billing“", "„billing“"),
        # In braces the comma ends a value: the opening quote starts one, the closing one ends the next key.
        (
            "{when: Amount above 500 EUR, goto: approve-credit}",
            "{when: ‘Amount above 500, EUR’, goto: approve-credit}",
            "‘Amount above 500",
        ),
    ],
)
def test_y010_curly_quotes_are_named(run_check, old, new, snippet):
    """Tried from outside: quotes pasted from a word processor gave 'not a valid responsible' or an unknown
    key, and the owner, who had quoted the value, could not see why."""
    checked = run_check(edit(complete_process(), (old, new)))
    finding = checked.expect("Y010", "warning", snippet)
    assert "curly quotes" in finding.message and "straight quotes" in finding.hint


@pytest.mark.parametrize(
    "text",
    ["the customer’s invoice", "'“Access management” queue'", "the “Access management” queue", "l’agent"],
)
def test_y010_leaves_apostrophes_and_quoted_curly_quotes_alone(run_check, text):
    run_check(edit(complete_process(), ("category: billing", f"category: {text}"))).expect_none("Y010")
