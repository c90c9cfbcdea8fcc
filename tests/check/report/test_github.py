import io

from generator.check.report import github
from tests.check.report.conftest import HOSTILE_KEY_ESCAPED


def test_workflow_commands_with_escaping(result):
    out = io.StringIO()
    github.write(result, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "::error file=process_specs/billing-disputes.yaml,line=12,col=5,title=K002::"
        "KPI 'fcr' has no target: add target: 85"
    )
    # A newline is written out (it must not end the annotation early), then message data escapes %.
    assert lines[1] == (
        "::warning file=process_specs/billing-disputes.yaml,line=40,col=3,title=P005::"
        "a step, with: commas; 100%25 sure\\nreally"
    )


def test_spec_text_cannot_end_an_annotation_or_start_a_command(hostile):
    out = io.StringIO()
    github.write(hostile, out)
    lines = out.getvalue().split("\n")
    assert lines[-1] == ""
    assert len(lines) == 3, lines  # one annotation, the summary
    expected_message = f"unknown key '{HOSTILE_KEY_ESCAPED}': remove it\\n::warning::forged".replace("%", "%25")
    # Properties escape % first, then : and , so that the file cannot add a property or start the message.
    assert lines[0] == (
        "::error file=process_specs/a b#1 100%25é%2Cx%3Ay\\x1b[2J\\udcff.yaml,line=4,col=1,title=S001::"
        + expected_message
    )
    assert "100%250A" in lines[0]  # an escape written in the spec stays text
    assert not any(char in out.getvalue() for char in "\r\x1b\x07\x85\u2028\u2029\u202e")
    assert lines[1] == "1 spec checked: 1 error, 0 warnings"
