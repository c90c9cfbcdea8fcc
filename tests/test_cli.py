"""The `playbook` command, run as a real process: exit codes, formats, configuration, hostile files."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COMPLETE, TODAY, complete_process, edit, without_reading_everything

MEMORY_LIMIT = 1024**3  # a hostile file must not push the checker past 1 GiB of address space


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def playbook(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    # The timeout is a guard against hangs, not a speed target: speed lives in `make bench`.
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
        preexec_fn=_limit_memory,
    )


@pytest.fixture
def specs(tmp_path) -> Path:
    folder = tmp_path / "process_specs"
    shutil.copytree(COMPLETE, folder)
    return folder


def test_clean_specs_exit_0(specs):
    run = playbook("check", str(specs), "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 specs checked (1 process, 1 vendor): 0 errors, 0 warnings" in run.stdout
    assert "readiness: billing-disputes 100%" in run.stdout


def test_default_path_is_process_specs(specs):
    run = playbook("check", "--today", TODAY.isoformat(), cwd=specs.parent)
    assert run.returncode == 0, run.stdout + run.stderr


def test_error_exits_1_with_path_line_column(specs):
    path = specs / "billing-disputes.yaml"
    text = edit(complete_process(), ("  - id: triage\n", "  - id: triage\n    owner: me\n"))
    path.write_text(text)
    run = playbook("check", str(specs), "--today", TODAY.isoformat())
    assert run.returncode == 1
    line = text.splitlines().index("    owner: me") + 1
    assert f"{path}:{line}:5: S001 error unknown key 'owner'" in run.stdout
    assert "Traceback" not in run.stderr


def test_warnings_pass_unless_strict(specs):
    (specs / "billing-disputes.yaml").write_text(
        edit(
            complete_process(),
            ("go_live: 2026-05-18", "go_live: 2026-04-06"),
            (
                "  pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two consecutive "
                "weeks}\n",
                "",
            ),
        )
    )
    run = playbook("check", str(specs), "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stdout
    assert "T005 warning" in run.stdout
    assert playbook("check", str(specs), "--strict", "--today", TODAY.isoformat()).returncode == 1


def test_a_spec_is_never_modified(specs):
    before = {p: p.read_bytes() for p in specs.rglob("*.yaml")}
    playbook("check", str(specs), "--format", "json")
    assert {p: p.read_bytes() for p in specs.rglob("*.yaml")} == before


@pytest.mark.parametrize(
    "args",
    [("check", "does-not-exist"), ("check", "--format", "xml"), ("check", "--today", "tomorrow"), ("explain", "Z999")],
)
def test_usage_errors_exit_2(specs, args):
    run = playbook(*args, cwd=specs.parent)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr


def test_nothing_to_check_exits_2(tmp_path):
    run = playbook("check", str(tmp_path))
    assert run.returncode == 2
    assert "nothing to check" in run.stderr


def test_json_format(specs):
    (specs / "billing-disputes.yaml").write_text(edit(complete_process(), ("    target: 85\n", "")))
    run = playbook("check", str(specs), "--format", "json", "--today", TODAY.isoformat())
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["findings"][0]["code"] == "K002"
    assert set(report["findings"][0]) >= {"path", "line", "column", "code", "severity", "message"}
    assert report["summary"]["errors"] == 1
    assert {s["id"] for s in report["specs"]} == {"billing-disputes", "acme-bpo"}


def test_config_file_sets_severities_and_options(specs):
    (specs / "billing-disputes.yaml").write_text(edit(complete_process(), ("    target: 85\n", "")))
    root = specs.parent
    (root / ".playbook.yaml").write_text("rules:\n  K002: warning\n")
    run = playbook("check", "--today", TODAY.isoformat(), cwd=root)
    assert run.returncode == 0 and "K002 warning" in run.stdout
    (root / ".playbook.yaml").write_text("rules:\n  K002: off\n")
    run = playbook("check", "--today", TODAY.isoformat(), cwd=root)
    assert run.returncode == 0 and "K002" not in run.stdout


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("rules:\n  K999: off\n", "unknown rule code K999"),
        ("rules: [K002]\n", "rules"),
        ("rules: {K002: loud}\n", "K002"),
        ("a: [\n", "syntax"),
    ],
)
def test_broken_config_exits_2(specs, config, words):
    (specs.parent / ".playbook.yaml").write_text(config)
    run = playbook("check", cwd=specs.parent)
    assert run.returncode == 2
    assert words in run.stderr and ".playbook.yaml:" in run.stderr
    assert "Traceback" not in run.stderr


def test_explain_and_rules(specs):
    run = playbook("explain", "k002")
    assert run.returncode == 0 and "Fails:" in run.stdout and "Passes:" in run.stdout
    listing = playbook("rules").stdout
    assert "K002  error    kpi without target" in listing


def test_check_does_not_import_mkdocs_or_jinja(specs):
    code = (
        "import sys\nfrom generator.cli import main\n"
        f"try:\n    main(['check', {str(specs)!r}])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'jinja2', 'material')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.stdout.strip().splitlines()[-1] == "[]"


HOSTILE = {
    "syntax.yaml": (b"spec: 1\nid: [unclosed\n", "Y001"),
    "tabs.yaml": (b"spec: 1\nroles:\n\t- id: x\n", "Y001"),
    "empty.yaml": (b"", "Y005"),
    "list.yaml": (b"- spec: 1\n- id: list\n", "S003"),
    "latin1.yaml": (b"spec: 1\ntitle: Facturaci\xf3n\n", "Y004"),
    "binary.yaml": (bytes(range(256)) * 4, "Y004"),
    "big.yaml": (b"# padding\n" * 120_000, "Y004"),
    "bomb.yaml": (
        b'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
        + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 10)}]\n".encode() for i in range(9)
        ),
        "Y006",
    ),
    "deep.yaml": (b"[" * 200_000 + b"]" * 200_000, "Y006"),
    "python.yaml": (b"spec: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "Y008"),
    "dupe.yaml": (b"spec: 1\nspec: 1\n", "Y002"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gives_one_clear_finding(tmp_path, name):
    content, code = HOSTILE[name]
    folder = tmp_path / "process_specs"
    folder.mkdir()
    path = folder / name
    path.write_bytes(content)
    run = playbook("check", str(folder), "--format", "json")
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    findings = json.loads(run.stdout)["findings"]
    assert code in [f["code"] for f in findings], findings
    assert all(f["path"] == str(path) and f["line"] >= 1 for f in findings)
    assert path.read_bytes() == content


def test_a_bug_of_ours_exits_3_with_one_line_naming_the_file(monkeypatch, tmp_path):
    """A rule that raises stands for any bug of ours: exit 3 (not 1, which means findings), no traceback."""
    from click.testing import CliRunner
    from msgspec.structs import replace

    from generator.check.rules import RULES
    from generator.cli import main

    def broken(process, context):
        raise KeyError("steps")

    monkeypatch.setitem(RULES, "O001", replace(RULES["O001"], check=broken))
    shutil.copytree(COMPLETE, tmp_path / "process_specs")
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(main, ["check", "--today", str(TODAY)])
    assert run.exit_code == 3, run.output
    assert "internal error, please report: KeyError" in run.output
    assert "billing-disputes.yaml" in run.output and "O001" in run.output
    assert "Traceback" not in run.output


@pytest.mark.parametrize(
    ("mkdocs_yml", "link"),
    [
        (
            "site_url: https://playbook.example.com/internal/\n",
            "https://playbook.example.com/internal/authoring/rules/#k002",
        ),
        ("site_url: https://x.example\nuse_directory_urls: false\n", "https://x.example/authoring/rules.html#k002"),
        ("site_url: !ENV [PLAYBOOK_URL, 'https://x.example']\n", None),  # not read without MkDocs
        ("site_url: /relative/\n", None),
        ("markdown_extensions: [{x: !!python/name:os.system }]\nsite_url: https://y.example\n", "https://y.example/"),
        ("site_url: [unclosed\n", None),
        ("", None),
    ],
)
def test_findings_link_to_their_rule_when_the_site_has_a_url(specs, mkdocs_yml, link):
    (specs.parent / "mkdocs.yml").write_text("site_name: x\n" + mkdocs_yml)
    path = specs / "billing-disputes.yaml"
    path.write_text(edit(complete_process(), ("    target: 85\n", "")))
    text = playbook("check", "--today", TODAY.isoformat(), cwd=specs.parent)
    sarif = json.loads(playbook("check", "--format", "sarif", "--today", TODAY.isoformat(), cwd=specs.parent).stdout)
    github = playbook("check", "--format", "github", "--today", TODAY.isoformat(), cwd=specs.parent).stdout
    rule = next(r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "K002")
    assert "**What it checks.**" in rule["help"]["markdown"]  # always: code scanning shows it beside the alert
    if link is None:
        assert "helpUri" not in rule and "rules explained" not in text.stdout
    else:
        assert rule["helpUri"].startswith(link)
        assert f"  K002 {rule['helpUri']}" in text.stdout
        assert f"({rule['helpUri']})" in github


def test_a_reader_that_goes_away_is_not_an_internal_error():
    """`playbook check --format json | head`: the pipe closes before the report is written."""
    import subprocess

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "check",
            "--format",
            "json",
            str(Path(__file__).resolve().parents[1] / "process_specs"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # before the interpreter has even started: every write meets a closed pipe
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141 and stderr == ""


def test_a_check_of_valid_specs_imports_only_what_checking_needs(tmp_path):
    """Start-up is most of a small check (the pre-commit hook on one file): cerberus is only needed for a
    document the fast path cannot accept, worker processes only for a large portfolio, MkDocs and Jinja2
    never."""
    root = Path(__file__).resolve().parents[1]
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        "try:\n"
        "    main(['check', '--no-cache', '--today', sys.argv[1], sys.argv[2]])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "heavy = {'cerberus', 'multiprocessing', 'mkdocs', 'jinja2', 'tempfile'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, TODAY.isoformat(), str(root / "process_specs")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_the_command_exits_without_teardown_yet_writes_all_its_output():
    """`playbook check` ends with os._exit to skip the interpreter's teardown: its output must still be whole
    (a SARIF log of the examples is several pipe buffers long) and the same as a check run in process."""
    from click.testing import CliRunner

    from generator.cli import main

    root = Path(__file__).resolve().parents[1]
    args = ["check", "--no-cache", "--today", TODAY.isoformat(), "--format", "sarif", str(root / "process_specs")]
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a shell runs it
    command = subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=120, env=buffered
    )
    in_process = CliRunner().invoke(main, args)
    assert command.returncode == in_process.exit_code == 0, command.stderr
    assert len(command.stdout) > 3 * 65536
    assert command.stdout == in_process.stdout
    assert json.loads(command.stdout)["runs"][0]["tool"]["driver"]["name"] == "playbook"


# Issue 22's reproducers: no exit 3 from any input, date or file a user can give.
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1900-06-01", "9000-01-01"])
def test_a_day_out_of_range_is_a_usage_error(specs, day):
    for command in ("check", "scorecard", "build"):
        run = playbook(command, str(specs), "--today", day)
        assert run.returncode == 2 and "give a day in the years 1901 to 8999" in run.stderr, (command, run.stderr)


def test_the_first_and_last_days_in_range_are_checked(specs):
    for day in ("1901-01-01", "8999-12-31"):
        run = playbook("check", str(specs), "--today", day)
        assert run.returncode in (0, 1) and "specs checked" in run.stdout, run.stderr


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("first-contact-resolution,9999-W52,85,", "M003 error period '9999-W52' is in the year 9999"),
        ("first-contact-resolution,0001-01,85,", "M003 error period '0001-01' is not a weekly period"),
        ("first-contact-resolution,2026-W40," + "9" * 309 + ",", "M001 error value 99999999999999999999… (309"),
    ],
)
def test_a_figure_beyond_any_calendar_or_number_is_a_finding(specs, row, said):
    figures = specs / "measurements" / "billing-disputes.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    run = playbook("check", str(specs), "--today", TODAY.isoformat())
    assert run.returncode == 1 and said in run.stdout, run.stdout + run.stderr
    scorecard = playbook("scorecard", str(specs), "--format", "json", "--today", TODAY.isoformat())
    assert scorecard.returncode == 2 and "Infinity" not in scorecard.stdout, scorecard.stderr  # refused, said why


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no cache"])
def test_a_figures_file_checked_alone_never_exits_3(tmp_path, specs, cache):
    figures = specs / "measurements" / "billing-disputes.csv"
    stray = tmp_path / "billing-disputes.csv"
    shutil.copy(figures, stray)
    broken = tmp_path / "broken" / "measurements" / "billing-disputes.csv"
    broken.parent.mkdir(parents=True)
    broken.write_text("kpi,period\nx\n")
    (tmp_path / "broken" / "billing-disputes.yaml").write_text("id: [\n")
    for path in (figures, stray, broken):
        run = playbook("check", *cache, str(path), "--today", TODAY.isoformat())
        assert run.returncode in (0, 1) and "specs checked" in run.stdout, (path, run.stderr)


def test_a_spec_name_on_what_is_not_a_file_is_a_finding_not_a_hang(specs):
    """A FIFO hung the check (opened, it waits for a writer for ever) and, in a folder, was skipped without a
    word, as were a device and a broken link."""
    os.mkfifo(specs / "pipe.yaml")
    (specs / "zero.yaml").symlink_to("/dev/zero")
    (specs / "gone.yaml").symlink_to(specs / "nowhere.yaml")
    os.mkfifo(specs / "measurements" / "billing-disputes-2.csv")
    run = playbook("check", str(specs), "--today", TODAY.isoformat())
    assert run.returncode == 1
    for name, said in [
        ("pipe.yaml", "cannot read the file: it is a FIFO (named pipe)"),
        ("zero.yaml", "cannot read the file: it is a device"),
        ("gone.yaml", f"cannot read the file: it is a link to {specs / 'nowhere.yaml'}, which does not exist"),
        ("measurements/billing-disputes-2.csv", "cannot read the file: it is a FIFO (named pipe)"),
    ]:
        assert f"{specs / name}:1:1: Y004 error {said}" in run.stdout, name
    alone = playbook("check", str(specs / "pipe.yaml"), "--today", TODAY.isoformat())
    assert alone.returncode == 1 and "it is a FIFO" in alone.stdout


def test_a_folder_that_cannot_be_read_is_a_usage_error_not_a_skip(specs):
    """Its specs were skipped without a word, so CI passed specs it never read."""
    locked = specs / "team-b"
    locked.mkdir()
    shutil.copy(specs / "billing-disputes.yaml", locked / "other.yaml")
    locked.chmod(0o000)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "generator", "check", "--no-cache", str(specs), "--today", TODAY.isoformat()],
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=without_reading_everything,
        )
    finally:
        locked.chmod(0o755)
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"cannot read the folder {locked}: let this user read it" in run.stderr
