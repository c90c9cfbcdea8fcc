import io

from generator.report import github


def test_workflow_commands_with_escaping(result):
    out = io.StringIO()
    github.write(result, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "::error file=process_specs/billing-disputes.yaml,line=12,col=5,title=K002::"
        "KPI 'fcr' has no target: add target: 85"
    )
    # Message data escapes %, CR and LF; a newline must not end the annotation early.
    assert lines[1] == (
        "::warning file=process_specs/billing-disputes.yaml,line=40,col=3,title=P005::"
        "a step, with: commas; 100%25 sure%0Areally"
    )
