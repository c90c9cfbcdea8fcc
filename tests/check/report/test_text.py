import io

from generator.check.report import text
from tests.check.report.conftest import HOSTILE_KEY_ESCAPED, HOSTILE_PATH_ESCAPED


def test_one_line_per_finding_then_summary(result):
    out = io.StringIO()
    text.write(result, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "process_specs/billing-disputes.yaml:12:5: K002 error KPI 'fcr' has no target: add target: 85"
    assert lines[1].startswith("process_specs/billing-disputes.yaml:40:3: P005 warning a step")
    assert any("waived T001 (1 finding(s)): Parallel run instead of pilot" in line for line in lines)
    assert "2 specs checked (1 process, 1 vendor): 1 error, 1 warning, 1 waived" in lines
    assert lines[-1] == "readiness: billing-disputes 93%"


def test_a_waiver_reason_written_as_a_block_is_one_line_of_words(result):
    """`reason: >` ends in a line break: it printed as a literal `\\n` before "(approved by ...)"."""
    from msgspec.structs import replace

    result.waivers[0] = replace(result.waivers[0], reason="Parallel run instead\nof pilot, signed off\n")
    out = io.StringIO()
    text.write(result, out)
    assert (
        "waived T001 (1 finding(s)): Parallel run instead of pilot, signed off (approved by Dana Ruiz" in out.getvalue()
    )


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
        f"{HOSTILE_PATH_ESCAPED}: waived T001 (1 finding(s)): reason process_specs/b.yaml:1:1: T001 error forged "
        "(approved by Dana\\x1b[2J, expires 2027)",
        "1 spec checked (1 process, 0 vendors): 1 error, 0 warnings, 1 waived",
        "readiness: a\\u202eb\\nc 50%",
        "",
    ]
    # The only raw escapes are the colour the reporter adds itself.
    assert "".join(lines).replace("\033[31m", "").replace("\033[0m", "").isprintable()


def test_the_summary_of_a_large_portfolio_stays_a_few_lines():
    from generator.spec.findings import Result, SpecSummary

    scores = [100] * 990 + [95, 95, 80, 60, 60, 30, 92, 99, 85, 10]
    specs = [
        SpecSummary(f"p{n:04d}", f"process_specs/p{n:04d}.yaml", "process", "draft" if n == 999 else "live", r)
        for n, r in enumerate(scores)
    ]
    out = io.StringIO()
    text.write(Result(specs=specs), out)
    assert out.getvalue().splitlines()[-1] == (
        "readiness: 990 at 100%, 4 at 90-99%, 2 at 75-89%, 2 at 50-74%, 2 below 50%; "
        "lowest: p0999 10% (draft), p0995 30%, p0993 60%, p0994 60%, p0992 80% (--verbose lists every spec)"
    )
    verbose = io.StringIO()
    text.write(Result(specs=specs), verbose, verbose=True)
    listed = verbose.getvalue().splitlines()[-1]
    assert listed.startswith("readiness: p0000 100%, p0001 100%,") and listed.count("%") == 1000
    # Twelve specs or fewer are listed as before.
    out = io.StringIO()
    text.write(Result(specs=specs[-12:]), out)
    assert out.getvalue().splitlines()[-1].startswith("readiness: p0988 100%, p0989 100%, p0990 95%")
