"""Shared test helpers: run real checks on edited copies of a complete spec, and locate text in it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.check.config import Config
from generator.check.engine import check
from generator.spec.findings import Finding, Result

FIXTURES = Path(__file__).parent / "fixtures"
COMPLETE = FIXTURES / "complete"
TODAY = dt.date(2026, 11, 23)
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_configure(config):
    """`playbook check` keeps its cache (and the key that signs it) in the user's cache folder: in the tests,
    a folder of the run's own, so that no test reads a cache the user's checks wrote or writes into it."""
    folder = tempfile.mkdtemp(prefix="playbook-tests-cache-")
    os.environ["XDG_CACHE_HOME"] = folder
    config.stash[_CACHE_KEY] = folder


def pytest_unconfigure(config):
    """The run's cache folder goes with the run: 223 of them, 76 MB, had gathered in /tmp."""
    folder = config.stash.get(_CACHE_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


_CACHE_KEY = pytest.StashKey[str]()


def processes_in_session(session: int) -> list[str]:
    """The live processes of a session ("pid (name)"), its leader first: a command started in a session of its
    own, and everything it started, unless one of them left it (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(text[: text.rindex(")") + 1])
    return sorted(found, key=lambda process: process.split()[0] != str(session))


def without_reading_everything() -> None:
    """A `preexec_fn` that runs a command as a user who is bound by folder permissions: root reads and writes
    every folder (the DAC capabilities), and drops them here, as a CI runner that is not root has none."""
    if os.geteuid() == 0:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
        for capability in (cap_dac_override, cap_dac_read_search):
            if libc.prctl(pr_capbset_drop, capability) != 0:
                raise OSError(ctypes.get_errno(), "cannot drop a capability")


def complete_process() -> str:
    return (COMPLETE / "billing-disputes.yaml").read_text(encoding="utf-8")


def complete_vendor() -> str:
    return (COMPLETE / "vendors" / "acme-bpo.yaml").read_text(encoding="utf-8")


def complete_measurements() -> str:
    """The complete process's recent figures, so that it is not overdue (M008) on TODAY."""
    return (COMPLETE / "measurements" / "billing-disputes.csv").read_text(encoding="utf-8")


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """Apply exact text replacements; each `old` must occur exactly once, so a stale edit fails loudly."""
    for old, new in replacements:
        assert text.count(old) == 1, f"edit target occurs {text.count(old)} times: {old!r}"
        text = text.replace(old, new)
    return text


def position(text: str, snippet: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of `snippet`."""
    offset = text.index(snippet)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


@dataclass
class Checked:
    result: Result
    process_text: str
    process_path: str
    vendor_text: str
    vendor_path: str

    def codes(self, code: str | None = None) -> list[Finding]:
        return [f for f in self.result.findings if code is None or f.code == code]

    def expect(self, code: str, severity: str, snippet: str, in_vendor: bool = False) -> Finding:
        """Assert a finding `code` with `severity` at the first occurrence of `snippet`."""
        text, path = (self.vendor_text, self.vendor_path) if in_vendor else (self.process_text, self.process_path)
        line, column = position(text, snippet)
        found = [f for f in self.codes(code) if f.path == path]
        got = [(f.line, f.column, f.severity.value, f.message) for f in found]
        assert (line, column, severity) in [g[:3] for g in got], f"no {code} {severity} at {line}:{column}; got {got}"
        return next(f for f in found if (f.line, f.column) == (line, column))

    def expect_none(self, code: str) -> None:
        assert not self.codes(code), [f"{f.mark} {f.message}" for f in self.codes(code)]


@pytest.fixture
def run_check(tmp_path):
    """Write a process (and its vendor) into a fresh process_specs/ and check it."""

    def run(
        process: str | None = None,
        vendor: str | None = None,
        config: Config | None = None,
        name: str = "billing-disputes",
        today: dt.date = TODAY,
        extra: dict[str, str | None] | None = None,
        before: str | None = None,
    ) -> Checked:
        """`before`: the process as it stood in the version compared with, as `check --base` reads it."""
        specs = tmp_path / "process_specs"
        (specs / "vendors").mkdir(parents=True, exist_ok=True)
        process = complete_process() if process is None else process
        vendor = complete_vendor() if vendor is None else vendor
        process_path = specs / f"{name}.yaml"
        vendor_path = specs / "vendors" / "acme-bpo.yaml"
        process_path.write_text(process, encoding="utf-8")
        vendor_path.write_text(vendor, encoding="utf-8")
        # The complete process's figures unless `extra` says otherwise (None: no such file).
        extra = {"measurements/billing-disputes.csv": complete_measurements(), **(extra or {})}
        for file_name, text in extra.items():
            if text is None:
                continue
            (specs / file_name).parent.mkdir(parents=True, exist_ok=True)
            (specs / file_name).write_text(text, encoding="utf-8")
        compared = {}
        if before is not None:
            from generator.changes.baselines import baselines
            from generator.changes.diff import diff_versions

            key = str(process_path)
            compared = baselines(diff_versions({key: before.encode()}, {key: process.encode()}))
        result = check([str(specs)], config or Config(), today, baselines=compared).result
        return Checked(result, process, str(process_path), vendor, str(vendor_path))

    return run


@dataclass(frozen=True)
class Case:
    """A failing fixture: edits that make the complete spec break one rule, and where the finding must point."""

    code: str
    severity: str
    edits: tuple = ()
    at: str = ""
    vendor_edits: tuple = ()
    in_vendor: bool = False
    name: str = ""

    @property
    def id(self) -> str:
        return f"{self.code}-{self.name}" if self.name else self.code

    def texts(self) -> tuple[str, str]:
        process = self.edits(complete_process()) if callable(self.edits) else edit(complete_process(), *self.edits)
        return process, edit(complete_vendor(), *self.vendor_edits)

    def check(self, run_check) -> Finding:
        process, vendor = self.texts()
        return run_check(process, vendor).expect(self.code, self.severity, self.at, in_vendor=self.in_vendor)


def replace_block(start: str, end: str, new: str):
    """An edit that replaces the text from `start` up to (not including) `end`."""

    def apply(text: str) -> str:
        first = text.index(start)
        return text[:first] + new + text[text.index(end, first) :]

    return apply


def case_tests(cases: list[Case]):
    """The two tests of a rule family: each case fails where it should; the complete spec passes each rule."""

    @pytest.mark.parametrize("case", cases, ids=lambda c: c.id)
    def test_rule_fails(run_check, case):
        case.check(run_check)

    @pytest.mark.parametrize("code", sorted({c.code for c in cases}))
    def test_rule_passes_on_the_complete_spec(run_check, code):
        run_check().expect_none(code)

    return test_rule_fails, test_rule_passes_on_the_complete_spec
