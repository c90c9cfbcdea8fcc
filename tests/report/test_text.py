import io

from generator.report import text
from tests.report.conftest import HOSTILE_KEY_ESCAPED, HOSTILE_PATH_ESCAPED


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


def test_spec_text_cannot_forge_a_line_or_send_escape_codes(hostile):
    out = io.StringIO()
    text.write(hostile, out, color=True)
    lines = out.getvalue().split("\n")
    assert lines == [
        f"{HOSTILE_PATH_ESCAPED}:4:1: S001 \033[31merror\033[0m unknown key '{HOSTILE_KEY_ESCAPED}': "
        "remove it\\n::warning::forged",
        f"{HOSTILE_PATH_ESCAPED}: waived T001 (1 finding(s)): reason\\nprocess_specs/b.yaml:1:1: T001 error forged "
        "(approved by Dana\\x1b[2J, expires 2027)",
        "1 spec checked (1 process, 0 vendors): 1 error, 0 warnings, 1 waived",
        "readiness: a\\u202eb\\nc 50%",
        "",
    ]
    # The only raw escapes are the colour the reporter adds itself.
    assert "".join(lines).replace("\033[31m", "").replace("\033[0m", "").isprintable()
