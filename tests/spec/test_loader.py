"""The loader: values with marks, and every YAML trap or broken input as one finding with file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.spec import loader
from generator.spec.loader import MAX_BYTES, MAX_DEPTH, MAX_NODES, Document, load, parse
from tests.conftest import SHARED, complete_process, edit


def codes(findings):
    return [(f.code, f.line, f.column) for f in findings]


def test_values_and_marks_are_one_based():
    document, findings = parse("spec: 1\nroles:\n  - {id: agent, party: vendor}\n", "x.yaml")
    assert findings == []
    assert document.data == {"spec": 1, "roles": [{"id": "agent", "party": "vendor"}]}
    assert (document.mark(("roles", 0, "id")).line, document.mark(("roles", 0, "id")).column) == (3, 10)
    assert (document.key_mark(("roles",)).line, document.key_mark(("roles",)).column) == (2, 1)


def test_mark_falls_back_to_nearest_ancestor():
    document, _ = parse("a:\n  b: 1\n", "x.yaml")
    assert document.mark(("a", "b", "c", 0)) == document.mark(("a", "b"))


def test_duplicate_key_is_reported_and_first_value_kept():
    document, findings = parse("id: one\ntitle: x\nid: two\n", "x.yaml")
    assert codes(findings) == [("Y002", 3, 1)]
    assert "first at line 1" in findings[0].message
    assert document.data["id"] == "one"


def test_duplicate_key_with_nested_value():
    document, findings = parse("a: {x: 1}\na:\n  y: [1, 2]\nb: 2\n", "x.yaml")
    assert codes(findings) == [("Y002", 2, 1)]
    assert document.data == {"a": {"x": 1}, "b": 2}


@pytest.mark.parametrize(
    ("text", "value"),
    [("no", False), ("12:30", 750), ("010", 8), ("2027-01-11", dt.date(2027, 1, 11)), ("on", True)],
)
def test_yaml11_plain_scalars_keep_their_source_text(text, value):
    document, findings = parse(f"key: {text}\n", "x.yaml")
    assert findings == []
    assert document.data["key"] == value
    assert document.plain_text[("key",)] == text


def test_quoted_scalars_stay_text():
    document, _ = parse("key: 'no'\nother: \"12:30\"\n", "x.yaml")
    assert document.data == {"key": "no", "other": "12:30"}
    assert document.plain_text == {}


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"),
    [
        ("a: [1, 2\nb: 3\n", "Y001", 2, 2, "syntax error"),
        ("a:\n\tb: 1\n", "Y001", 2, 1, "tab"),
        ("", "Y005", 1, 1, "empty"),
        ("# only a comment\n", "Y005", 1, 1, "empty"),
        ("a: 1\n---\nb: 2\n", "Y007", 2, 1, "more than one"),
        ("a: !!python/object:os.system {}\n", "Y008", 1, 4, "tag"),
        ("a: !custom value\n", "Y008", 1, 4, "tag"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "Y008", 3, 3, "merge"),
        ("a: *nowhere\n", "Y001", 1, 4, "no anchor"),
        ("a: &x [*x]\n", "Y001", 1, 8, "no anchor"),
        ("? [a, b]\n: c\n", "Y001", 1, 3, "key must be plain text"),
        ("a: !!int twelve\n", "Y001", 1, 4, "cannot read"),
    ],
)
def test_broken_yaml_is_one_finding(text, code, line, column, words):
    document, findings = parse(text, "x.yaml")
    assert document is None
    assert codes(findings)[-1] == (code, line, column)
    assert words in findings[-1].message


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words", "hint"),
    [
        # YAML 1.1 reads a plain << or = as a merge or value key wherever it stands; PyYAML has no
        # constructor for either as a value.
        ("title: <<\n", "Y008", 1, 8, "unquoted << is read by YAML as a merge key", "quote it: '<<'"),
        ("title: =\n", "Y008", 1, 8, "unquoted = is read by YAML as a value key", "quote it: '='"),
        ("spec: 1\n=: x\n", "Y008", 2, 1, "value key", "quote it: '='"),
        ("tags: [a, <<]\n", "Y008", 1, 11, "merge key", "quote it: '<<'"),
        # A tag with text its type cannot hold: PyYAML's constructors raise KeyError or AttributeError.
        ("x: !!int abc\n", "Y001", 1, 4, "cannot read 'abc' as int", "remove the tag !!int"),
        ("x: !!timestamp nope\n", "Y001", 1, 4, "cannot read 'nope' as timestamp", "remove the tag !!timestamp"),
        ("x: !!bool maybe\n", "Y001", 1, 4, "cannot read 'maybe' as bool", "remove the tag !!bool"),
        ("x: !!float 1.2.3\n", "Y001", 1, 4, "cannot read '1.2.3' as float", "remove the tag !!float"),
        ("a: 1\nx: !!int ''\n", "Y001", 2, 4, "cannot read '' as int", "remove the tag !!int"),
        ("x: !!float\n", "Y001", 1, 4, "cannot read '' as float", "remove the tag !!float"),
        ("x: !!null abc\n", "Y001", 1, 4, "cannot read 'abc' as null", "remove the tag !!null"),
    ],
)
def test_values_yaml_cannot_read_as_written_are_one_finding(text, code, line, column, words, hint):
    document, findings = parse(text, "x.yaml")
    assert document is None
    assert codes(findings) == [(code, line, column)]
    assert words in findings[0].message and hint in findings[0].hint


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "2026-12-22 25:00:00"])
def test_a_date_of_no_real_day_reads_as_text_for_the_schema_to_refuse(text):
    """Before: one impossible date made the whole file unreadable (Y001, readiness 0 %, every other finding
    hidden). As text, the schema names the field and asks for a real date, and the rest is checked."""
    document, findings = parse(f"go_live: {text}\nnext: 1\n", "x.yaml")
    assert findings == []
    assert document.data == {"go_live": text, "next": 1}


def test_the_schema_refuses_a_date_of_no_real_day_by_its_field(run_check):
    checked = run_check(edit(complete_process(), ("go_live: 2026-05-18", "go_live: 2026-13-18")))
    finding = checked.expect("S005", "error", "2026-13-18")
    assert "go_live" in finding.message and "YYYY-MM-DD" in finding.hint


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("!!int 12", 12),
        ("!!float 12", 12.0),
        ("!!float 1.5", 1.5),
        ("!!bool yes", True),
        ("!!timestamp 2027-01-11", dt.date(2027, 1, 11)),
        ("!!null ''", None),
        ("!!str 12", "12"),
        ("'<<'", "<<"),
        ('"="', "="),
    ],
)
def test_tags_and_quoted_indicators_that_fit_still_load(text, value):
    document, findings = parse(f"x: {text}\n", "x.yaml")
    assert findings == []
    assert document.data == {"x": value}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        # At the end of a file PyYAML reports a line past the last one; editors have no such line.
        ("a: [1, 2", 1, 9),
        ("a: [1, 2\n", 1, 9),
        ("a: 1\nb: [1, 2\r\n", 2, 9),
        ('a: 1\nb: "abc', 2, 4),  # a quote never closed: where it opens, not the end of the file
        ("a: 1\nb: [1, 2\n\n", 3, 1),
        ("\u00e9t\u00e9: [1, 2", 1, 11),
        # NEL, LS and PS end a line for YAML 1.1 but not for an editor; \r alone does for both.
        ("# note\x85more\nb: [1, 2\nc: 3\n", 2, 2),
        ('title: "a\u2029b\u2028c"\nb: [1, 2\nc: 3\n', 3, 2),
        ("a: 1\rb: [1, 2\rc: 3\r", 3, 2),
    ],
)
def test_syntax_errors_are_placed_where_an_editor_shows_them(text, line, column):
    document, findings = parse(text, "x.yaml")
    assert document is None
    assert codes(findings) == [("Y001", line, column)]


def test_marks_after_nel_ls_ps_count_editor_lines():
    text = 'title: "x\u2028y\x85z\u2029w"\nowner: {name: Dana}\n'
    document, findings = parse(text, "x.yaml")
    assert findings == []
    mark = document.mark(("owner", "name"))
    assert (mark.line, mark.column) == (2, 15)
    assert (document.key_mark(("owner",)).line, document.key_mark(("owner",)).column) == (2, 1)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: \x07x\n", 1, 4, "control character U+0007 (bell)"),
        ("a: 1\nb: x\x1by\n", 2, 5, "control character U+001B (escape)"),
        # The C parser counts bytes for this position; the finding counts characters.
        ("a: 1\nb: \u00f1\u00f1\x1b\n", 2, 6, "control character U+001B (escape)"),
        ("a: 1\n\x01b: 2\n", 2, 1, "control character U+0001"),
        ("a: x\ufffe\n", 1, 5, "character U+FFFE"),
    ],
)
def test_characters_yaml_does_not_allow_are_placed_and_named(text, line, column, words):
    document, findings = parse(text, "x.yaml")
    assert document is None
    assert codes(findings) == [("Y001", line, column)]
    assert words in findings[0].message and "<unicode string>" not in findings[0].message
    assert findings[0].hint.startswith("delete it")


def test_alias_bomb_stops_at_the_value_budget():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    document, findings = parse("\n".join(lines) + "\n", "bomb.yaml")
    assert document is None
    assert [f.code for f in findings] == ["Y006"]
    assert "aliases repeating aliases" in findings[0].message


def test_a_file_of_many_values_and_no_alias_is_not_told_about_aliases():
    """Issue 22's reproducer: the value budget's finding blamed aliases in a file that has none."""
    text = "values: [" + ", ".join("x" for _ in range(MAX_NODES + 10)) + "]\n"
    document, findings = parse(text, "long.yaml")
    assert document is None
    assert [(f.code, f.message) for f in findings] == [("Y006", f"file holds more than {MAX_NODES} values")]
    assert "alias" not in findings[0].hint


def test_small_aliases_are_fine():
    document, findings = parse("a: &r [x, y]\nb: *r\n", "x.yaml")
    assert findings == []
    assert document.data == {"a": ["x", "y"], "b": ["x", "y"]}


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * 70 + "v: 1"],
)
def test_deep_nesting_stops_at_the_depth_limit(text):
    document, findings = parse(text, "deep.yaml")
    assert document is None
    assert [f.code for f in findings] == ["Y006"]


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * MAX_BYTES + "\n")
    document, findings = load(str(path))
    assert document is None
    assert codes(findings) == [("Y004", 1, 1)]
    assert "over the limit" in findings[0].message


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        (b"spec: 1\nid: caf\xe9\n", 2, 8, "not valid UTF-8"),
        # Columns count characters: "title: \u00d1and\u00fa caf" is 16 characters but 18 bytes.
        (b"spec: 1\ntitle: \xc3\x91and\xc3\xba caf\xe9\n", 2, 17, "not valid UTF-8"),
        (b"spec: 1\r\nid: x\rtitle: \xc3\x91\xff\n", 3, 9, "not valid UTF-8"),
        (b"\xef\xbb\xbfid: \xff\n", 1, 5, "not valid UTF-8"),
        (b"spec: 1\n\x89PNG\x00\x00", 2, 5, "binary"),
        (b"\xff\xfes\x00p\x00", 1, 1, "UTF-16"),
    ],
)
def test_bytes_that_are_not_utf8_text(tmp_path, raw, line, column, words):
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)
    document, findings = load(str(path))
    assert document is None
    assert codes(findings) == [("Y004", line, column)]
    assert words in findings[0].message


@pytest.mark.parametrize(("byte", "seen"), [(b"\x93", "'\u201c'"), (b"\xe9", "'\u00e9'"), (b"\x81", None)])
def test_a_byte_of_windows_western_encoding_is_named(tmp_path, byte, seen):
    """Tried from outside: a curly quote pasted from Word and saved as Windows-1252 was only "byte 0x93"."""
    path = tmp_path / "word.yaml"
    path.write_bytes(b"spec: 1\ntitle: " + byte + b"AP\n")
    _, (finding,) = load(str(path))
    said = f", which is {seen} in Windows' Western encoding (cp1252)" if seen else ""
    assert finding.message == f"file is not valid UTF-8 (byte 0x{byte[0]:02x}{said})"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfspec: 1\n")
    document, findings = load(str(path))
    assert findings == [] and document.data == {"spec": 1}


def test_missing_file_and_folder_are_findings(tmp_path):
    for path in (tmp_path / "nope.yaml", tmp_path):
        document, findings = load(str(path))
        assert document is None and [f.code for f in findings] == ["Y004"]


def _corpus(kind):
    folder = SHARED / "corpora" / "yaml-test-suite" / kind
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


@pytest.mark.skipif(not _corpus("invalid"), reason="../shared/corpora/yaml-test-suite is not beside the project")
def test_yaml_test_suite_invalid_inputs_give_one_clean_finding():
    for path in _corpus("invalid"):
        document, findings = load(str(path))
        # A few inputs that the suite rejects are accepted by LibYAML; those must still load cleanly.
        assert document is not None or findings, path
        for finding in findings:
            assert finding.path == str(path) and finding.line >= 1 and finding.code.startswith("Y"), path


@pytest.mark.skipif(not _corpus("valid"), reason="../shared/corpora/yaml-test-suite is not beside the project")
def test_yaml_test_suite_valid_inputs_load_or_fail_cleanly():
    loaded = 0
    for path in _corpus("valid"):
        document, findings = load(str(path))
        assert isinstance(document, Document) or findings, path
        loaded += document is not None
    assert loaded > 200


@pytest.mark.parametrize(
    ("text", "at", "message", "hint"),
    [
        (
            "title: Claims: intake\n",
            "1:14",
            "a colon and a space inside the unquoted value of 'title': YAML reads the text before it as a key",
            "quote the whole value: title: 'Claims: intake'",
        ),
        (
            "steps:\n  - id: a\n\u00a0\u00a0\u00a0\u00a0name: x\n",
            "3:1",
            "a non-breaking space (U+00A0) at column 1, which YAML does not read as a space",
            "replace it with an ordinary space (it often comes from text pasted from a web page)",
        ),
        (
            "steps:\n  - id: a\n    name: x\n   sla: 4h\n",
            "4:4",
            "'sla' on line 4 is indented less than the line above (3 spaces, not 4), so YAML cannot tell what it "
            "belongs to",
            "indent 'sla' by 4 spaces to continue the entry above, or by fewer to end it at the level it belongs to",
        ),
        (
            "steps:\n  - id: a\n    name: x\n     sla: 4h\n",
            "4:6",
            "'sla' on line 4 is indented more than the line above (5 spaces, not 4), so YAML cannot tell what it "
            "belongs to",
            "indent 'sla' by 4 spaces to continue the entry above, or by fewer to end it at the level it belongs to",
        ),
        (
            "kpis: [{id: a, name: b #x}]\n",
            "1:24",
            "' #' inside { } starts a comment, which hides the rest of the line and the closing }",
            "quote the value that holds the #, or write the mapping as indented lines",
        ),
        # Tried from outside: the parser stops on the next line, where nothing is wrong; the finding is at the #.
        (
            "next:\n  - {when: Priority 1 #P1, goto: page-oncall}\n  - {goto: b}\n",
            "2:23",
            "' #' inside { } starts a comment, which hides the rest of the line and the closing }",
            "quote the value that holds the #, or write the mapping as indented lines",
        ),
        (
            "next:\n  - {when: P1: a ward cannot chart, goto: page-oncall}\n",
            "2:14",
            "a colon and a space inside an unquoted value in { }: YAML reads it as the start of another key",
            "quote the whole value: when: 'P1: a ward cannot chart'",
        ),
    ],
)
def test_parser_errors_say_what_the_author_did(text, at, message, hint):
    document, findings = parse(text, "spec.yaml")
    assert document is None
    assert [(f"{f.line}:{f.column}", f.code, f.message, f.hint) for f in findings] == [(at, "Y001", message, hint)]


def test_a_non_breaking_space_inside_text_is_the_authors_business():
    document, findings = parse("title: 10\u00a0000 claims a day\n", "spec.yaml")
    assert findings == [] and document.data == {"title": "10\u00a0000 claims a day"}


def test_a_bad_byte_at_the_start_of_a_line_is_marked_on_that_line(tmp_path):
    for raw, words in ((b"spec: 1\n\x00id: x\n", "binary"), (b"spec: 1\n\xffid: x\n", "UTF-8")):
        path = tmp_path / "x.yaml"
        path.write_bytes(raw)
        _, findings = load(str(path))
        assert [(f.line, f.column) for f in findings] == [(2, 1)] and words in findings[0].full_message


def _marked(path: Path) -> tuple:
    text = path.read_text(encoding="utf-8", errors="replace")
    document, findings = parse(text, "x.yaml")
    marks = (document.value_marks, document.key_marks, document.cut_by_comment) if document else None
    return marks, [(f.code, f.line, f.column) for f in findings]


def test_marks_taken_from_the_parser_equal_marks_counted_from_the_offset(monkeypatch):
    """Where no NEL, LS or PS can shift them, the loader takes the parser's line and column as they come;
    they must be the marks it computes from the offset, on every spec and every input of the YAML suite."""
    root = Path(__file__).resolve().parents[2]
    paths = [
        *sorted(root.glob("process_specs/**/*.yaml")),
        *sorted(root.glob("tests/fixtures/**/*.yaml")),
        *_corpus("valid"),
        *_corpus("invalid"),
    ]
    fast = [_marked(p) for p in paths]
    monkeypatch.setattr(loader, "_YAML_ONLY_BREAKS", ("",))  # "" is in every text: always count from offsets
    slow = [_marked(p) for p in paths]
    # Without the YAML suite beside the project, the specs and fixtures alone (a few dozen) are compared.
    assert sum(1 for marks, _ in fast if marks) > (200 if _corpus("valid") else 10)
    for path, taken, counted in zip(paths, fast, slow, strict=True):
        assert taken == counted, path


def test_git_conflict_markers_are_named_as_an_unfinished_merge():
    """Tried from outside: markers left by a merge got YAML's "could not find expected ':'" a line below."""
    text = "spec: 1\nid: ap\n<<<<<<< HEAD\ntitle: AP invoices\n=======\ntitle: AP invoice processing\n>>>>>>> main\n"
    document, findings = parse(text, "ap.yaml")
    assert document is None
    assert [(f.code, f.line, f.column) for f in findings] == [("Y001", 3, 1)]
    assert "unfinished merge" in findings[0].message and "<<<<<<<" in findings[0].message


@pytest.mark.parametrize(
    ("text", "line", "column", "reads_to"),
    [
        # A double quote never closed runs to the end of the file.
        ('a: 1\nb: {to: lead, when: "Customer threatens a chargeback}\nc: 3\nd: 4\n', 2, 21, "the end of the file"),
        # A single quote closes at an apostrophe lines below, where the parser stops.
        (
            "next:\n  - {when: 'Amount above 500 EUR, goto: approve}\n  - {goto: resolve}\n"
            "instructions: Check the customer's history.\nx: {a: 1}\n",
            2,
            12,
            "line 4, where it stops",
        ),
    ],
    ids=["double-to-the-end", "single-to-an-apostrophe"],
)
def test_an_unclosed_quote_in_braces_is_shown_where_it_opens(text, line, column, reads_to):
    """Tried from outside: the parser's own message pointed at the end of the file, far from the quote."""
    document, findings = parse(text, "x.yaml")
    assert document is None
    [finding] = findings
    assert (finding.code, finding.line, finding.column) == ("Y001", line, column)
    assert "inside { } is not closed on its line" in finding.message and finding.message.endswith(reads_to)


def test_a_quoted_value_over_two_lines_is_no_unclosed_quote():
    text = 'summary: "First line\n  and the second"\nnext: [{goto: end}, {when: a: b, goto: x}]\n'
    document, findings = parse(text, "x.yaml")
    assert document is None and "not closed" not in findings[0].message
