"""Runs a check: finds the files (discovery), takes each file's unit from the memo or the cache or judges it
(units), runs the checks across files, then applies severities and waivers (levels) and scores readiness
(readiness) into a Result."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from generator.check.config import Config
from generator.check.discovery import (
    context_ledger_files,
    context_measurement_files,
    context_process_files,
    context_vendor_files,
    discover,
    discover_measurements,
    kind_of,
    ledger_process_files,
)
from generator.check.levels import apply_waivers, configured_severities, level
from generator.check.readiness import summaries
from generator.check.rules import RULES
from generator.check.rules.acknowledgements import acknowledgement, signed_entries
from generator.check.rules.validation import SchemaChecker
from generator.check.units import (
    Baseline,
    Brief,
    Context,
    MeasurementFile,
    PortfolioContext,
    Sheet,
    Unit,
    read_file,
    read_measurements,
    waivable,
)
from generator.spec.acknowledgements import Acknowledgement, load_ledger
from generator.spec.findings import Finding, Result
from generator.spec.measurements import SUFFIX as MEASUREMENT_SUFFIX
from generator.spec.model import Process, Vendor
from generator.spec.schema import CERTIFICATIONS, Certification

if TYPE_CHECKING:
    from generator.check.cache import Cache


class Checked(Struct):
    """The models of one run, for the renderer: only specs that passed the loader and the schema."""

    result: Result
    processes: list[Process] = field(default_factory=list)
    vendors: list[Vendor] = field(default_factory=list)
    # The certification catalogue the specs were checked against: the built-in one and .playbook.yaml's.
    certifications: Mapping[str, Certification] = field(default_factory=lambda: CERTIFICATIONS)
    # Process id -> its measurement file, as read.
    measurements: Mapping[str, MeasurementFile] = field(default_factory=dict)
    # The day the check judged dates by (`--today`): the site and the scorecard judge by it too.
    today: dt.date = field(default_factory=dt.date.today)
    # Process id -> the vendor's acknowledgement of its revision in force, as N004 and N005 judge it.
    acknowledged: Mapping[str, Acknowledgement] = field(default_factory=dict)


def check(
    paths: Sequence[str],
    config: Config,
    today: dt.date,
    help_base: str = "",
    workers: int | None = None,
    memo: Memo | None = None,
    baselines: Mapping[str, Baseline] | None = None,
    history: Callable[[str, int], Mapping[int, frozenset[str]]] | None = None,
) -> Checked:
    """Check the specs under `paths`, keeping the models for the site; `help_base`, when given, is the URL
    of the rules page that each rule's help links to (see `reference.rule_help_base`). A large portfolio is
    judged on `workers` cores (default: all), which send the models back. With a `memo` of the last check
    (a long-running process keeps one), only files whose key changed are read and judged again."""
    cores = workers or os.cpu_count() or 1
    run = _Run(paths, config, today, workers=cores, keep_models=True, memo=memo, baselines=baselines, history=history)
    return run.checked(help_base)


class Memo(Struct):
    """What `playbook serve` keeps of its last check for the next: per spec file, the key it was judged
    under (as check's cache keys it), its model and its unit; per figures file, its key and what was read.
    Only the files of the last check are kept."""

    files: dict[str, tuple[str, object, Unit]] = field(default_factory=dict)
    sheets: dict[str, tuple[str, MeasurementFile, Sheet]] = field(default_factory=dict)


def check_result(
    paths: Sequence[str],
    config: Config,
    today: dt.date,
    help_base: str = "",
    cache: Cache | None = None,
    workers: int | None = None,
    baselines: Mapping[str, Baseline] | None = None,
    history: Callable[[str, int], Mapping[int, frozenset[str]]] | None = None,
) -> Result:
    """`check`'s result alone, which `cache` (when given) may hold in part or whole: what `playbook check`
    reports. The models are not kept; a caller that renders them uses `check`."""
    run = _Run(paths, config, today, cache, workers or os.cpu_count() or 1, baselines=baselines, history=history)
    result = run.checked(help_base).result
    if cache is not None:
        run.store()
    return result


class _Run:
    """One check: its files, the key of each file's unit, and the units, from the cache or computed."""

    def __init__(
        self,
        paths: Sequence[str],
        config: Config,
        today: dt.date,
        cache: Cache | None = None,
        workers: int = 1,
        keep_models: bool = False,
        memo: Memo | None = None,
        baselines: Mapping[str, Baseline] | None = None,
        history: Callable[[str, int], Mapping[int, frozenset[str]]] | None = None,
    ):
        self.config, self.today, self.cache, self.workers = config, today, cache, workers
        self.baselines = dict(baselines or {})
        # A process file and its oldest revision that a ledger names -> revision -> the digests of that
        # revision's texts in git's history (the changes wing reads them for `check`); None without history.
        self.history = history
        # The checks across files' view of the run, kept by _assemble: what the site shows of acknowledgements.
        self.entries: list = []
        self.portfolio: PortfolioContext | None = None
        self.keep_models, self.memo = keep_models or memo is not None, memo
        found = [p for p in discover(paths) if not p.endswith(MEASUREMENT_SUFFIX)]
        self.targets = [p for p in found if kind_of(p) != "ledger"]
        self.measurement_paths = list(
            dict.fromkeys(discover_measurements(paths) + context_measurement_files(self.targets))
        )
        checked_ids = {Path(p).stem for p in self.targets}
        owners = context_process_files([m for m in self.measurement_paths if Path(m).stem not in checked_ids])
        # A ledger named is judged against every process of its folder: an entry names any of them.
        self.named_ledgers = [p for p in found if kind_of(p) == "ledger"]
        owners += [p for p in ledger_process_files(self.named_ledgers) if p not in self.targets and p not in owners]
        self.files = self.targets + owners + context_vendor_files(self.targets + owners)
        self.ledger_paths = list(dict.fromkeys(self.named_ledgers + context_ledger_files(self.targets + owners)))
        self.severities = configured_severities(config)
        self.digests: dict[str, str | None] = {}
        self.keys: dict[str, str] = {}
        self.computed: dict[str, dict] = {}  # path -> the unit to store, for files computed in this run
        self._sheet_by_id: dict[str, str] = {}  # process id -> the digest of its measurement file
        self._stored_sheets: set[str] = set()
        self._remembered: dict[str, object] = {}  # path -> the model the memo kept, for files it had
        if cache is not None or memo is not None:
            self._key_files(cache.fingerprint if cache is not None else "this process")

    def checked(self, help_base: str) -> Checked:
        units = {path: self._cached_unit(path) for path in self.files}
        sheets = {path: self._cached_sheet(path) for path in self.measurement_paths}
        models: dict[str, object] = dict(self._remembered)
        vendors: list[Vendor] = []
        measurements: dict[str, MeasurementFile] = {}
        if any(u is None for u in (*units.values(), *sheets.values())) or self.keep_models:
            # Something to check (a figures file too large to cache counts: it has no key), or models to keep.
            # Every vendor file is read, since every rule may ask about any vendor.
            read = {
                path: (models[path], units[path]) if path in models else read_file(path, self.schema)
                for path in self.files
                if kind_of(path) == "vendor"
            }
            vendors = [model for model, _ in read.values() if model is not None]
            for path in self.measurement_paths:
                file, sheet = self._measurement_file(path)
                sheets[path] = sheets[path] or sheet
                measurements.setdefault(Path(path).stem, file)  # the first; M014 names the others
            context = Context(
                vendors={v.id: v for v in vendors},
                certifications=self.config.certifications,
                options=self.config.options,
                today=self.today,
                unreadable_vendors={Path(p).stem: p for p, (model, _) in read.items() if model is None},
                waivable=waivable(),
                measurements=measurements,
                baselines=self.baselines,
            )
            for path, (model, unit) in read.items():
                models[path] = model
                if units[path] is None:
                    self._keep(units, path, unit.judged(model, context, self.severities, None))
            todo = [p for p in self.files if units[p] is None]
            for path, (model, unit) in self._judge_all(todo, context):
                models[path] = model
                self._keep(units, path, unit)
        for path, sheet in sheets.items():
            if self.cache is not None and path not in self._stored_sheets:
                self.computed[path] = sheet.to_json()
        if self.memo is not None:
            self._remember(units, models, sheets, measurements)
        result = _assemble(self, units, sheets, help_base)
        target_set = set(self.targets) | set(self.measurement_paths)
        processes = [m for p in self.files if isinstance(m := models.get(p), Process) and p in target_set]
        entries = signed_entries(self.portfolio) if self.portfolio is not None else {}
        signed = {e.id: a for e in self.entries if (a := acknowledgement(e, self.portfolio, entries)[0]) is not None}
        return Checked(result, processes, vendors, self.config.certifications, measurements, self.today, signed)

    def _measurement_file(self, path: str) -> tuple[MeasurementFile, Sheet]:
        remembered = self.memo.sheets.get(path) if self.memo is not None else None
        if remembered is not None and remembered[0] == self.keys.get(path):
            return remembered[1], remembered[2]
        rows, sheet = read_measurements(path)
        return MeasurementFile(path, tuple(rows), readable=sheet.readable), sheet

    def _remember(self, units: dict, models: dict, sheets: dict, measurements: dict) -> None:
        """Keep this check's files in the memo, and only them."""
        self.memo.files = {p: (self.keys[p], models.get(p), units[p]) for p in self.files if p in self.keys}
        by_path = {file.path: file for file in measurements.values()}
        self.memo.sheets = {
            p: (self.keys[p], by_path[p], sheets[p]) for p in self.measurement_paths if p in self.keys and p in by_path
        }

    def _keep(self, units: dict, path: str, unit: Unit) -> None:
        """A unit judged in this run: for the result, and for the cache when there is one."""
        units[path] = unit
        stored = unit.to_json() if self.cache is not None else None
        if stored is not None:
            self.computed[path] = stored

    def judge(self, path: str, context: Context) -> tuple[Process | Vendor | None, Unit]:
        """Read and judge one file: its model (when the run keeps models) and its unit."""
        model, unit = read_file(path, self.schema)
        return (model if self.keep_models else None), unit.judged(
            model, context, self.severities, self._measured(model)
        )

    def _judge_all(self, paths: list[str], context: Context) -> Iterator[tuple[str, tuple]]:
        """`judge` for each of `paths`, in order, on every core for a large portfolio (the workers send the
        units and models back)."""
        from generator.check.workers import in_order

        return zip(paths, in_order(lambda path: self.judge(path, context), paths, self.workers), strict=True)

    @cached_property
    def schema(self) -> SchemaChecker:
        return SchemaChecker()

    # The cache's keys. A unit of a file holds the findings of its own rules, which read the file, the
    # Context (every vendor file, the configuration, the day) and, for a process, its measurement file:
    # each is in the key, so a change to any of them checks the file again.
    def _key_files(self, fingerprint: str) -> None:
        from generator.check.cache import digest, file_digest

        for path in self.files + self.measurement_paths:
            self.digests[path] = file_digest(path)
        config = self.config
        run = digest(
            fingerprint,
            repr(sorted(self.severities.items())),
            repr(sorted(config.options.items())),
            repr(sorted(config.certifications.items())),
            self.today.isoformat(),
            repr(sorted(self.baselines.items())),
        )
        vendor_files = digest(*(f"{p}\0{self.digests[p]}" for p in self.files if kind_of(p) == "vendor"))
        sheets = digest(*(f"{p}\0{self.digests[p]}" for p in self.measurement_paths))
        # A file that is there but cannot be read is not the same as no file: the rules say different things.
        # Its place too: a process's findings about its figures name the file's path.
        self._sheet_by_id = {}
        for p in self.measurement_paths:
            self._sheet_by_id.setdefault(Path(p).stem, digest(p, self.digests[p] or "unreadable"))
        for path in self.files + self.measurement_paths:
            if self.digests[path] is None:
                continue  # unreadable now: checked every time, and its finding says why
            kind = "measurements" if path in self.measurement_paths else kind_of(path)
            parts = {"process": (run, vendor_files), "vendor": (run, vendor_files, sheets)}.get(kind, (run,))
            self.keys[path] = digest(*parts, kind, path, self.digests[path])

    def _measured(self, model) -> str | None:
        """The digest of the measurement file a process's rules read (by its id), for the cache's check."""
        if not self.keys or not isinstance(model, Process):
            return None
        return self._sheet_by_id.get(model.id)

    def _cached_unit(self, path: str) -> Unit | None:
        """The file's unit from the memo or the cache, when its key matches and its figures are the ones
        its rules read."""
        remembered = self.memo.files.get(path) if self.memo is not None else None
        if remembered is not None and remembered[0] == self.keys.get(path) and self._same_figures(remembered[2]):
            self._remembered[path] = remembered[1]
            return remembered[2]
        stored = self._stored(path)
        unit = Unit.from_json(stored) if stored is not None else None
        return unit if unit is not None and self._same_figures(unit) else None

    def _same_figures(self, unit: Unit) -> bool:
        """False when a process's figures changed, or another file now holds its id's figures."""
        return unit.entry is None or unit.measured == self._sheet_by_id.get(unit.entry.id)

    def _cached_sheet(self, path: str) -> Sheet | None:
        stored = self._stored(path)
        sheet = Sheet.from_json(stored) if stored is not None else None
        if sheet is not None:
            self._stored_sheets.add(path)
        return sheet

    def _stored(self, path: str) -> dict | None:
        key = self.keys.get(path)
        return self.cache.get(path, key) if key is not None and self.cache is not None else None

    def store(self) -> None:
        """Keep this run's computed units, unless a file changed while it ran (a unit could then be of
        either version, or judged against either version of a vendor file), and save the cache."""
        from generator.check.cache import file_digest

        if self.computed and all(file_digest(path) == known for path, known in self.digests.items()):
            for path, value in self.computed.items():
                # A file without a key (unreadable, or too large to cache) is checked every time.
                if path in self.keys:
                    self.cache.put(path, self.keys[path], value)
        self.cache.save()


def _assemble(run: _Run, units: Mapping[str, Unit], sheets: Mapping[str, Sheet], help_base: str) -> Result:
    """The result from the files' units: the checks across files run again on every check (duplicate ids,
    the portfolio rules), then waivers, severities and readiness."""
    severities = run.severities
    raw = [f for path in run.files for f in units[path].findings]
    raw += _duplicate_ids({path: unit.brief for path, unit in units.items() if unit.brief is not None})
    raw += [f for sheet in sheets.values() for f in sheet.findings]
    entries = [unit.entry for unit in units.values() if unit.entry is not None]
    # Ledgers are small and read on every check: the rules across processes judge them against every process.
    acknowledgements = []
    for path in run.ledger_paths:
        read, problems = load_ledger(path)
        acknowledgements += read
        raw += [p if p.code else p.with_(code="N008") for p in problems]
    portfolio = PortfolioContext(
        options=run.config.options,
        today=run.today,
        measurement_files=_by_id(run.measurement_paths),
        unreadable_processes={Path(p).stem: p for p, u in units.items() if u.kind == "process" and u.brief is None},
        acknowledgements=tuple(acknowledgements),
        ledgers={Path(p).stem: p for p in run.ledger_paths},
        named_ledgers=frozenset(run.named_ledgers),
        vendor_contacts={
            str(u.brief.id): u.brief.contacts
            for p, u in units.items()
            if u.kind == "vendor" and u.brief is not None and isinstance(u.brief.id, str)
        },
        history=_read_history(run.history, entries, acknowledgements),
    )
    run.entries, run.portfolio = entries, portfolio  # for the site: who acknowledged what
    for code, rule in RULES.items():
        if rule.scope != "portfolio" or rule.check is None or rule.retired or severities.get(code) == "off":
            continue
        try:
            raw.extend(finding.with_(code=code) for finding in rule.check(entries, portfolio))
        except Exception as error:
            error.add_note(f"while checking the portfolio with rule {code}")  # named by the CLI's report
            raise
    findings, waivers = apply_waivers(raw, units)
    drafts = {path for path, unit in units.items() if unit.draft}
    findings = [
        level(f, severities, f.path in drafts, units[f.path].status if f.path in units else "")
        for f in findings
        if severities.get(f.code) != "off"
    ]
    target_set = set(run.targets) | set(run.measurement_paths) | set(run.ledger_paths)
    findings = sorted(
        (f for f in findings if f.path in target_set),
        key=lambda f: (f.path, f.line, f.column, f.code, f.message),
    )
    errors: dict[str, set[str]] = {}
    for finding in findings:
        if finding.severity.value == "error":
            errors.setdefault(finding.path, set()).add(finding.code)
    # An error in a process's figures file is the process's: tried from outside, "1 error" beside
    # "readiness 100%" read as a handover whose KPI reporting could be trusted.
    processes = {u.brief.id: p for p, u in units.items() if u.kind == "process" and u.brief is not None}
    for path in run.measurement_paths:
        process = processes.get(Path(path).stem)
        if path in errors and isinstance(process, str):
            errors.setdefault(process, set()).update(errors[path])
    specs = summaries(run.targets, units, raw, waivers, severities, errors)
    rules = {code: r.info(help_base) for code, r in RULES.items() if severities.get(code) != "off"}
    return Result(findings=findings, specs=specs, rules=rules, waivers=waivers)


def _read_history(history, entries, acknowledgements) -> Mapping[str, Mapping[int, frozenset[str]]] | None:
    """Process id -> revision -> its texts' digests in git's history, read only for the processes a ledger
    names with another digest than their text's now, back to the oldest revision so named."""
    if history is None:
        return None
    by_id = {entry.id: entry for entry in entries}
    oldest: dict[str, int] = {}
    for entry in acknowledgements:
        process = by_id.get(entry.process)
        if process is not None and entry.digest != process.digest:
            oldest[process.id] = min(entry.revision, oldest.get(process.id, entry.revision))
    return {spec_id: history(by_id[spec_id].path, revision) for spec_id, revision in oldest.items()}


def _by_id(measurement_paths: Sequence[str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for path in measurement_paths:
        found[Path(path).stem] = (*found.get(Path(path).stem, ()), path)
    return found


def _duplicate_ids(briefs: Mapping[str, Brief]) -> Iterable[Finding]:
    first: dict[tuple[str, str], str] = {}
    for path, brief in briefs.items():
        spec_id = brief.id
        key = (kind_of(path), spec_id)
        if key in first:
            yield Finding.at(
                brief.id_mark,
                f"{key[0]} id '{spec_id}' is also used by {first[key]}",
                hint="give each spec its own id",
                code="S007",
            )
        else:
            first[key] = path
