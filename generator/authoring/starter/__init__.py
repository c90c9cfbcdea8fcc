"""`playbook init`: the files of a new playbook repository, written only where nothing is yet.

The example specs are dated relative to the day `init` runs (`${day_m70}`: 70 days before it), so a new
repository checks clean on its first day and its example describes a pilot under way. The configuration
file, the spec reference and the editor schemas are generated from the code, like `playbook reference`.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path
from string import Template

import yaml

from generator import __version__

_FOLDER = Path(__file__).resolve().parent
_DAY = re.compile(r"\$\{day_([mp])(\d+)\}")

# Repository path -> file in this package (one flat folder: a data folder inside a package would look like a
# package of its own to setuptools).
COMMON = {
    "README.md": "README.md",
    "requirements.txt": "requirements.txt",
    "mkdocs.yml": "mkdocs.yml",
    "playbook/index.md": "index.md",
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".vscode/settings.json": "vscode-settings.json",
    ".vscode/extensions.json": "vscode-extensions.json",
    "process_specs/returns-and-refunds.yaml": "returns-and-refunds.yaml",
    "process_specs/vendors/northwind-support.yaml": "northwind-support.yaml",
}
CI = {
    "github": {".github/workflows/playbook.yml": "github-workflow.yml"},
    "gitlab": {".gitlab-ci.yml": "gitlab-ci.yml"},
    "none": {},
}
_TEMPLATES = ("requirements.txt", "returns-and-refunds.yaml", "northwind-support.yaml")
# Keys of .playbook.yaml without a default value, shown with an example of their use instead.
_ILLUSTRATIONS = {
    "rules": {"T005": "error", "O011": "off"},
    "certifications": [{"id": "hds", "name": "HDS (French health data hosting)", "category": "regulatory"}],
}


class StarterError(Exception):
    """The repository cannot be set up: files in the way, or a folder that cannot be written."""


def starter_files(ci: str, today: dt.date) -> dict[str, str]:
    """Repository path -> content of every file `init` writes."""
    from generator.authoring.reference import pages

    files = {}
    for target, source in {**COMMON, **CI[ci]}.items():
        text = (_FOLDER / source).read_text(encoding="utf-8")
        files[target] = _render(text, today) if source in _TEMPLATES else text
    example = "process_specs/returns-and-refunds.yaml"
    files["process_specs/measurements/returns-and-refunds.csv"] = example_measurements(files[example], today)
    files[".playbook.yaml"] = commented_config()
    files.update({f"docs/{name}": text for name, text in pages().items()})
    return files


def _render(text: str, today: dt.date) -> str:
    days = {
        f"day_{sign}{count}": (today + dt.timedelta(days=int(count) * (1 if sign == "p" else -1))).isoformat()
        for sign, count in _DAY.findall(text)
    }
    return Template(text).substitute(version=__version__, requirement=install_requirement(), **days)


# The line of requirements.txt a team replaces when `init` cannot tell where the tool comes from; the CI
# workflows stop at it with what to write, and pip refuses it as a requirement, showing it.
PLACEHOLDER = "REPLACE-THIS-LINE"


def install_requirement() -> str:
    """The requirements.txt line that installs this tool on another machine as it was installed here, from
    the installed package's own record of its origin (PEP 610's direct_url.json, which pip writes for
    every install that is not from an index): the version from the index, a git URL at the commit, or an
    archive's URL. A copy installed from a folder, or from a file, says nothing another machine can use:
    then a marked line, with the two usual forms to write instead."""
    import importlib.metadata
    import json

    try:
        distribution = importlib.metadata.distribution("bpo-playbook")
        installer = distribution.read_text("INSTALLER")
        origin = json.loads(distribution.read_text("direct_url.json") or "null")
    except (importlib.metadata.PackageNotFoundError, ValueError):
        installer, origin = None, None
    found = requirement_from(origin, __version__) if installer is not None else None
    return found or _placeholder()


def requirement_from(origin: dict | None, version: str) -> str | None:
    """The requirement for a package installed from `origin` (a direct_url.json; None: from an index)."""
    if origin is None:
        return f"bpo-playbook=={version}"
    url = str(origin.get("url", ""))
    if not re.match(r"(https?|ssh|git)://", url):
        return None  # a folder or a file on this machine
    vcs = origin.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"bpo-playbook @ git+{url}@{vcs['commit_id']}"
    if "archive_info" in origin:
        return f"bpo-playbook @ {url}"
    return None


def _placeholder() -> str:
    return (
        "# `playbook init` could not tell where your team installs the tool from (this copy came from a folder\n"
        "# or a file on one machine). Replace the next line with one of these, then commit:\n"
        f"#   bpo-playbook=={__version__}\n"
        "#       from your package index (pip install --index-url ... points pip at your company's)\n"
        f"#   bpo-playbook @ git+https://git.example.com/tools/bpo-playbook.git@v{__version__}\n"
        "#       from a git repository, at a tag or commit\n"
        f"{PLACEHOLDER}: write where to install bpo-playbook {__version__} from, as the comment above says"
    )


def example_measurements(spec_text: str, today: dt.date) -> str:
    """The example's figures for every period of each KPI from the pilot's start to the last period that
    ended before `today`: mostly on target, some at risk, so the scorecard shows something and the example
    is not overdue (M008). Drawn from the spec's own KPIs with a fixed seed: the same day gives the same
    file."""
    from generator.spec.periods import containing, previous

    spec = yaml.safe_load(spec_text)
    since = dt.date.fromisoformat(str(spec["transition"]["pilot"]["start"]))
    draw = random.Random(2026)
    rows = ["kpi,period,value,note"]
    for kpi in spec["kpis"]:
        frequency, target, threshold = kpi["measurement"]["frequency"], kpi["target"], kpi["threshold"]
        periods = []
        period = previous(containing(today, frequency), frequency)
        while period.start >= since:
            periods.insert(0, period)
            period = previous(period, frequency)
        better = 1 if kpi["direction"] == "higher-is-better" else -1
        digits = 2 if abs(target) < 10 else 1
        for period in periods:
            value = target + better * abs(target - threshold) * draw.gauss(0.3, 0.45)
            value = max(0.0, min(value, 100.0)) if kpi["unit"] == "percent" else max(0.0, value)
            rows.append(f"{kpi['id']},{period.text},{round(value, digits):g},")
    return "\n".join(rows) + "\n"


def commented_config() -> str:
    """`.playbook.yaml` with every option commented out at its default, each under what it does."""
    from generator.spec.schema import CONFIG_SCHEMA

    lines = [
        "# The playbook's configuration: rule severities and options. Every line below is commented out and",
        "# shows the default; remove the `# ` of a line to change it. `playbook rules` lists the rule codes.",
        "",
    ]
    for key, rule in CONFIG_SCHEMA.items():
        meta = rule["meta"]
        lines.extend(f"# {line}" for line in _wrap(meta["doc"]))
        example = {key: meta["example"] if "example" in meta else _ILLUSTRATIONS[key]}
        dumped = yaml.safe_dump(example, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
        lines.extend(f"# {line}" for line in dumped.splitlines())
        lines.append("")
    return "\n".join(lines)


def _wrap(text: str, width: int = 100) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width=width) or [""]


def write_starter(folder: Path, files: dict[str, str], keep_existing: bool = False) -> tuple[list[str], list[str]]:
    """Write `files` into `folder`: (written, kept). Nothing is ever written over a file; unless
    `keep_existing`, a single file in the way stops everything before the first write."""
    present = sorted(name for name in files if (folder / name).exists() or (folder / name).is_symlink())
    if present and not keep_existing:
        raise StarterError(
            f"{folder} already has {', '.join(present)}; playbook init never writes over a file "
            "(--keep-existing writes only the files that are missing)"
        )
    blocked = sorted({str(f) for name in files if name not in present for f in _not_folders(folder, name)})
    if blocked:
        raise StarterError(
            f"{', '.join(blocked)} {'is' if len(blocked) == 1 else 'are'} not a folder, where init writes files "
            "into one; move it away (nothing was written)"
        )
    written: list[str] = []
    try:
        for name, text in files.items():
            if name in present:
                continue
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never over a file
                written.append(name)
                handle.write(text)
    except OSError as error:
        # Half a repository is worse than none: the files this run made go again (only they: each was
        # created by it), and the message says so.
        for name in reversed(written):
            (folder / name).unlink(missing_ok=True)
        if isinstance(error, FileExistsError):
            raise StarterError(f"{error.filename} appeared while init was writing; nothing was written") from None
        raise StarterError(
            f"cannot write {error.filename or folder}: {error.strerror or error}; nothing was written"
        ) from None
    return written, present


def _not_folders(folder: Path, name: str) -> list[Path]:
    """What stands where a folder of `name`'s path (or `folder` itself) must be: a file, or a link to one."""
    path, parts = folder, ("", *Path(name).parent.parts)
    for part in parts:
        path = path / part if part else path
        if path.exists() and not path.is_dir():
            return [path]
    return []
