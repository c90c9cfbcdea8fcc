import io

from generator.report import text


def test_one_line_per_finding_then_summary(result):
    out = io.StringIO()
    text.write(result, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "process_specs/billing-disputes.yaml:12:5: K002 error KPI 'fcr' has no target: add target: 85"
    assert lines[1].startswith("process_specs/billing-disputes.yaml:40:3: P005 warning a step")
    assert any("waived T001 (1 finding(s)): Parallel run instead of pilot" in line for line in lines)
    assert "2 specs checked (1 process, 1 vendor): 1 error, 1 warning, 1 waived" in lines
    assert lines[-1] == "readiness: billing-disputes 93%"


def test_colour_only_when_asked(result):
    plain, coloured = io.StringIO(), io.StringIO()
    text.write(result, plain)
    text.write(result, coloured, color=True)
    assert "\033[" not in plain.getvalue()
    assert "\033[31merror\033[0m" in coloured.getvalue()
