"""`playbook init`: a new playbook repository that checks, builds and runs its own CI commands at once."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.check.config import OPTIONS, load_config
from generator.check.rules import RULES
from generator.spec.schema import CONFIG_SCHEMA

PLAYBOOK = [sys.executable, "-m", "generator"]


def _playbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([*PLAYBOOK, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def github_repo(tmp_path_factory) -> Path:
    """One repository set up with the defaults (GitHub), dated today as a team's would be."""
    repo = tmp_path_factory.mktemp("init") / "our-playbook"
    run = _playbook("init", str(repo), cwd=repo.parent)
    assert run.returncode == 0, run.stderr
    return repo


def test_init_writes_every_file_a_playbook_repository_needs(github_repo):
    written = sorted(p.relative_to(github_repo).as_posix() for p in github_repo.rglob("*") if p.is_file())
    assert written == [
        ".github/workflows/playbook.yml",
        ".gitignore",
        ".playbook.yaml",
        ".pre-commit-config.yaml",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        "README.md",
        "docs/rules.md",
        "docs/schema/process.schema.json",
        "docs/schema/vendor.schema.json",
        "docs/spec-reference.md",
        "mkdocs.yml",
        "playbook/index.md",
        "process_specs/measurements/returns-and-refunds.csv",
        "process_specs/returns-and-refunds.yaml",
        "process_specs/vendors/northwind-support.yaml",
        "requirements.txt",
    ]


@pytest.mark.parametrize("today", ["2026-11-24", "2027-02-28", "2028-02-29", "2028-12-31", "2031-07-15"])
def test_the_example_is_complete_on_whatever_day_init_runs(tmp_path, today):
    assert _playbook("init", "--ci", "none", "--today", today, cwd=tmp_path).returncode == 0
    run = _playbook("check", "--strict", "--today", today, cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    assert "0 errors, 0 warnings" in run.stdout and "returns-and-refunds 100%" in run.stdout
    # The example's figures run up to the last period that ended: the scorecard has a value for each KPI.
    scorecard = _playbook("scorecard", "--format", "json", "--today", today, cwd=tmp_path)
    assert scorecard.returncode == 0, scorecard.stdout + scorecard.stderr
    latest = {row["kpi"]: row["value"] for row in json.loads(scorecard.stdout)["scorecard"]}
    assert latest["chat-answer-time"] is not None and latest["eligibility-accuracy"] is not None, latest


def test_new_check_and_build_work_in_the_new_repository(github_repo, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(github_repo, repo)
    assert _playbook("new", "process", "order-status", "--vendor", "northwind-support", cwd=repo).returncode == 0
    check = _playbook("check", cwd=repo)
    assert check.returncode == 0, check.stdout  # the new draft has warnings only
    assert "order-status" in check.stdout
    build = _playbook("build", "--audience", "internal", cwd=repo)
    assert build.returncode == 0, build.stderr
    assert (repo / "site" / "processes" / "order-status" / "index.html").is_file()
    assert "Returns and refunds" in (repo / "site" / "processes" / "returns-and-refunds" / "index.html").read_text()


def _run_step(command: str, repo: Path) -> subprocess.CompletedProcess:
    """A CI step as the runner would run it, with this checkout's playbook standing in for the installed one."""
    script = re.sub(r"(?<![\w-])playbook ", f"{shlex.join(PLAYBOOK)} ", command)
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=repo, capture_output=True, text=True)


def test_the_github_workflow_is_valid_and_its_commands_run(github_repo, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(github_repo, repo)
    workflow = yaml.safe_load((repo / ".github/workflows/playbook.yml").read_text())
    assert set(workflow["jobs"]) == {"check", "publish"}
    assert workflow["jobs"]["check"]["permissions"]["security-events"] == "write"
    assert workflow["jobs"]["publish"]["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [s["uses"].split("@")[0] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert "github/codeql-action/upload-sarif" in uses and "actions/deploy-pages" in uses
    for job in ("check", "publish"):
        for step in workflow["jobs"][job]["steps"]:
            command = step.get("run", "")
            if command.endswith("pip install -r requirements.txt\n"):
                _the_install_stops_at_the_placeholder(command.removesuffix("pip install -r requirements.txt\n"), repo)
                continue
            if command:
                run = _run_step(command, repo)
                assert run.returncode == 0, (command, run.stdout, run.stderr)
    sarif = json.loads((repo / "playbook.sarif").read_text())
    assert sarif["runs"][0]["results"] == []
    assert (repo / "site" / "northwind-support" / "processes" / "returns-and-refunds" / "index.html").is_file()


def _the_install_stops_at_the_placeholder(guard: str, repo: Path) -> None:
    """The install step's guard fails, saying what to write, while requirements.txt holds the marked line
    (this checkout is installed from a folder, so init cannot tell where the tool comes from), and passes
    once the line is replaced."""
    requirements = (repo / "requirements.txt").read_text()
    assert "\nREPLACE-THIS-LINE: " in requirements
    run = _run_step(guard, repo)
    assert run.returncode == 1 and "::error file=requirements.txt::write where your team installs" in run.stdout
    replaced = requirements.replace(requirements[requirements.index("REPLACE-THIS-LINE") :], "bpo-playbook==0.1.0\n")
    (repo / "requirements.txt").write_text(replaced)
    assert _run_step(guard, repo).returncode == 0
    (repo / "requirements.txt").write_text(requirements)


def test_the_gitlab_pipeline_is_valid_and_its_commands_run(tmp_path):
    assert _playbook("init", "--ci", "gitlab", cwd=tmp_path).returncode == 0
    assert not (tmp_path / ".github").exists()
    pipeline = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text())
    assert pipeline["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    guard, install = pipeline["default"]["before_script"]
    assert install == "pip install -r requirements.txt"
    run = _run_step(guard, tmp_path)
    assert run.returncode == 1 and "write where your team installs bpo-playbook from" in run.stderr
    for job in ("check", "pages"):
        for command in pipeline[job]["script"]:
            run = _run_step(command, tmp_path)
            assert run.returncode == 0, (command, run.stdout, run.stderr)
    assert json.loads((tmp_path / "gl-code-quality-report.json").read_text()) == []
    assert (tmp_path / "public" / "northwind-support" / "index.html").is_file()


def test_init_never_writes_over_a_file(tmp_path):
    (tmp_path / "README.md").write_text("our own\n")
    run = _playbook("init", cwd=tmp_path)
    assert run.returncode == 2 and "README.md" in run.stderr and "--keep-existing" in run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]  # nothing written, not even a folder
    run = _playbook("init", "--keep-existing", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "README.md").read_text() == "our own\n"
    assert "kept  ./README.md (already there)" in run.stdout or "kept  README.md" in run.stdout
    assert (tmp_path / "mkdocs.yml").is_file()


@pytest.mark.parametrize("where", ["process_specs", ".vscode", "playbook", "docs"])
def test_a_file_where_init_needs_a_folder_stops_it_before_the_first_write(tmp_path, where):
    """Issue 22's reproducer: init wrote 13 files, then failed at a file standing where a folder goes, and
    left half a repository. It now stops first, says what is in the way, and writes nothing, with
    --keep-existing too."""
    (tmp_path / where).write_text("a file of ours\n")
    for flags in ([], ["--keep-existing"]):
        run = _playbook("init", *flags, cwd=tmp_path)
        assert run.returncode == 2, run.stdout + run.stderr
        assert f"{where} is not a folder" in run.stderr and "nothing was written" in run.stderr
        assert [p.name for p in tmp_path.iterdir()] == [where]
        assert (tmp_path / where).read_text() == "a file of ours\n"


def test_init_into_a_file_is_refused(tmp_path):
    (tmp_path / "repo").write_text("x")
    run = _playbook("init", "repo", cwd=tmp_path)
    assert run.returncode == 2 and "'repo' is a file" in run.stderr and (tmp_path / "repo").read_text() == "x"


def test_the_editor_schemas_fit_the_example_specs(github_repo):
    settings = json.loads((github_repo / ".vscode/settings.json").read_text())
    for schema_path, globs in settings["yaml.schemas"].items():
        schema = json.loads((github_repo / schema_path).read_text())
        files = [p for pattern in globs for p in github_repo.glob(pattern)]
        assert files, globs
        for spec in files:
            # Editors read YAML 1.2, where an unquoted date is text.
            data = json.loads(json.dumps(yaml.safe_load(spec.read_text()), default=str))
            jsonschema.validate(data, schema)
            modeline = spec.read_text().splitlines()[0]
            assert modeline.startswith("# yaml-language-server: $schema=")
            assert (spec.parent / modeline.split("=", 1)[1]).resolve() == (github_repo / schema_path).resolve()


def test_the_commented_configuration_shows_each_default(github_repo, monkeypatch):
    monkeypatch.chdir(github_repo)
    assert load_config(None, frozenset(RULES)).options == OPTIONS  # all commented out: the defaults
    blocks = (github_repo / ".playbook.yaml").read_text().split("\n\n")[1:]
    assert len(blocks) == len(CONFIG_SCHEMA)
    for key, block in zip(CONFIG_SCHEMA, blocks, strict=True):
        lines = block.splitlines()
        start = lines.index(next(line for line in lines if line.startswith(f"# {key}:")))
        value = yaml.safe_load("\n".join(line[2:] for line in lines[start:]))
        if key in OPTIONS:
            assert value[key] == OPTIONS[key], key
        uncommented = github_repo.parent / f"{key}.yaml"
        uncommented.write_text(yaml.safe_dump(value))
        load_config(str(uncommented), frozenset(RULES))  # every example is a valid setting


def test_the_pre_commit_hook_blocks_a_broken_spec(github_repo, tmp_path):
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if pre_commit is None:
        pytest.fail("pre-commit is a test dependency")
    repo = tmp_path / "repo"
    shutil.copytree(github_repo, repo)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "playbook").write_text(f'#!/bin/sh\nexec {shlex.join(PLAYBOOK)} "$@"\n')
    (bin_dir / "playbook").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PRE_COMMIT_HOME": str(tmp_path / "pc")}
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    ok = subprocess.run([pre_commit, "run", "--all-files"], cwd=repo, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stdout
    spec = repo / "process_specs" / "returns-and-refunds.yaml"
    spec.write_text(spec.read_text().replace("\nowner:", "\nowners:", 1))
    broken = subprocess.run([pre_commit, "run", "--all-files"], cwd=repo, capture_output=True, text=True, env=env)
    assert broken.returncode == 1 and "S001" in broken.stdout


# direct_url.json as pip writes it (PEP 610), for each way a team may have installed the tool.
ORIGINS = [
    (None, "bpo-playbook==0.1.0"),
    (
        {
            "url": "https://git.example.com/tools/bpo-playbook.git",
            "vcs_info": {"vcs": "git", "commit_id": "7d1e2f3a", "requested_revision": "v0.1.0"},
        },
        "bpo-playbook @ git+https://git.example.com/tools/bpo-playbook.git@7d1e2f3a",
    ),
    (
        {"url": "ssh://git@git.example.com/tools/bpo-playbook.git", "vcs_info": {"vcs": "git", "commit_id": "7d1e"}},
        "bpo-playbook @ git+ssh://git@git.example.com/tools/bpo-playbook.git@7d1e",
    ),
    (
        {"url": "https://files.example.com/bpo_playbook-0.1.0-py3-none-any.whl", "archive_info": {"hashes": {}}},
        "bpo-playbook @ https://files.example.com/bpo_playbook-0.1.0-py3-none-any.whl",
    ),
    ({"url": "file:///home/ana/bpo-playbook", "dir_info": {"editable": True}}, None),
    ({"url": "file:///tmp/bpo_playbook-0.1.0-py3-none-any.whl", "archive_info": {}}, None),
    ({"url": "file:///srv/bpo-playbook", "vcs_info": {"vcs": "git", "commit_id": "7d1e"}}, None),
]


@pytest.mark.parametrize(("origin", "line"), ORIGINS)
def test_the_install_line_follows_the_installed_packages_record_of_its_origin(origin, line):
    from generator.authoring.starter import requirement_from

    assert requirement_from(origin, "0.1.0") == line


def test_a_team_following_the_readme_installs_the_tool_on_a_fresh_machine(tmp_path):
    """Issue 22's reproducer: the repository init wrote pinned bpo-playbook==0.1.0, which no index serves, so
    it could not install its own tool. Here the tool comes from a folder (this checkout), so init writes the
    marked line; the team replaces it, as the README says, with where the tool lives (this checkout's git
    repository, standing in for theirs), and the README's commands install it into a new virtual
    environment, whose playbook then checks the repository."""
    root = Path(__file__).resolve().parents[2]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.fail("the test installs the tool from this checkout's git repository, and this is none")
    repo = tmp_path / "our-playbook"
    assert _playbook("init", str(repo), cwd=tmp_path).returncode == 0
    requirements = (repo / "requirements.txt").read_text()
    marked = next(line for line in requirements.splitlines() if line.startswith("REPLACE-THIS-LINE"))
    readme = (repo / "README.md").read_text()
    assert "REPLACE-THIS-LINE" in readme
    (repo / "requirements.txt").write_text(
        # (file://localhost/...: the pip of Python 3.11's venv refuses a PEP 508 file URL without a host)
        requirements.replace(marked, f"bpo-playbook @ git+file://localhost{root}@{head.stdout.strip()}")
    )
    setup = readme.split("## Set up once\n\n```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in setup.splitlines() if "pre-commit" not in line]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    script = " && ".join([*commands, "playbook --version", "playbook check"])
    run = subprocess.run(["bash", "-c", script], cwd=repo, capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "playbook, version" in run.stdout and "returns-and-refunds" in run.stdout
    assert (repo / ".venv" / "bin" / "playbook").is_file()
