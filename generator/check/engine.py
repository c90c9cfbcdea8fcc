"""Runs a check: finds the spec files, loads and validates them, runs the rules, then applies the
configured severities, draft status and waivers, scores readiness and sorts the findings into a Result."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field, structs
from msgspec.structs import replace

from generator.check.config import Config
from generator.check.rules import RULES
from generator.check.rules.validation import SchemaChecker
from generator.spec.findings import AppliedWaiver, Finding, Mark, Result, Severity, SpecSummary
from generator.spec.loader import Document, load
from generator.spec.measurements import FOLDER as MEASUREMENTS
from generator.spec.measurements import SUFFIX as MEASUREMENT_SUFFIX
from generator.spec.measurements import Row, load_measurements
from generator.spec.model import PortfolioEntry, Process, Vendor, build_process, build_vendor
from generator.spec.schema import CERTIFICATIONS, Certification

if TYPE_CHECKING:
    from generator.check.cache import Cache

SPEC_SUFFIXES = (".yaml", ".yml")
VENDOR_FOLDER = "vendors"


class Context(Struct, frozen=True):
    """What a process or vendor rule may know besides the spec it checks. check's cache keeps a file's
    findings while the file and all of this are unchanged: a field added here goes into `_Run._key_files`."""

    vendors: Mapping[str, Vendor]
    certifications: Mapping[str, Certification]
    # The options of `.playbook.yaml` (config.OPTIONS), defaults filled in; a rule names those it reads.
    options: Mapping[str, object]
    today: dt.date
    waivable: frozenset[str] = frozenset()
    # Vendor id -> its file, for vendor files too broken to model: "has errors", not "has no file".
    unreadable_vendors: Mapping[str, str] = field(default_factory=dict)
    # Process id (the file's name) -> its measurement file: path and the rows that could be read.
    measurements: Mapping[str, MeasurementFile] = field(default_factory=dict)


class MeasurementFile(Struct, frozen=True):
    path: str
    rows: tuple[Row, ...]
    # False when nothing in it could be read (a wrong header, a binary file): M001 says so, and rules that
    # count figures stay silent rather than call every KPI unmeasured.
    readable: bool = True


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


def discover(paths: Iterable[str]) -> list[str]:
    """Spec files named by `paths` (files as given, folders searched recursively), in a stable order."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found.extend(str(p) for p in sorted(Path(path).rglob("*")) if p.suffix in SPEC_SUFFIXES and p.is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def discover_measurements(paths: Iterable[str]) -> list[str]:
    """Measurement files named by `paths`: CSV files given, and measurements/*.csv in folders given."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found.extend(
                str(p) for p in sorted(Path(path).rglob(f"{MEASUREMENTS}/*{MEASUREMENT_SUFFIX}")) if p.is_file()
            )
        elif path.endswith(MEASUREMENT_SUFFIX):
            found.append(path)
    return list(dict.fromkeys(found))


def kind_of(path: str) -> str:
    return "vendor" if Path(path).parent.name == VENDOR_FOLDER else "process"


def _context_vendor_files(targets: list[str]) -> list[str]:
    """Vendor files of the named process files (the nearest vendors/ folder up from each): loaded for
    references, not reported on."""
    folders = {_nearest(Path(p), VENDOR_FOLDER) for p in targets if kind_of(p) == "process"} - {None}
    extra = discover(str(f) for f in sorted(folders) if f.is_dir())
    named = set(targets)
    return [p for p in extra if p not in named]


def _context_measurement_files(targets: list[str]) -> list[str]:
    """The measurement files of the named process files, in the nearest `measurements/` folder up from each
    spec: a spec checked alone is read with its figures, so it is not overdue (M008) for want of them, and a
    frequency it changes is checked against them."""
    found = (_nearest(Path(p), MEASUREMENTS, f"{Path(p).stem}{MEASUREMENT_SUFFIX}") for p in targets)
    return [str(f) for f in found if f is not None]


def _nearest(spec: Path, folder: str, name: str = "") -> Path | None:
    """`folder` (or `folder/name`) beside the spec or beside one of its nearest parent folders: specs may
    sit in a folder per category while vendors/ and measurements/ stay at the top."""
    for parent in list(spec.parents)[:4]:
        candidate = parent / folder / name if name else parent / folder
        if candidate.is_file() if name else candidate.is_dir():
            return candidate
    return None


def _context_process_files(measurement_paths: list[str]) -> list[str]:
    """The process file each named measurement file belongs to, `<id>.yaml` anywhere in the folder that
    holds `measurements/<id>.csv`: loaded for its KPIs, not reported on."""
    wanted: dict[Path, set[str]] = {}
    for path in measurement_paths:
        wanted.setdefault(Path(path).parent.parent, set()).add(Path(path).stem)
    return [
        p
        for folder, ids in wanted.items()
        for p in discover([str(folder)])
        if Path(p).stem in ids and kind_of(p) == "process"
    ]


def check(
    paths: Sequence[str],
    config: Config,
    today: dt.date,
    help_base: str = "",
    workers: int | None = None,
    memo: Memo | None = None,
) -> Checked:
    """Check the specs under `paths`, keeping the models for the site; `help_base`, when given, is the URL
    of the rules page that each rule's help links to (see `reference.rule_help_base`). A large portfolio is
    judged on `workers` cores (default: all), which send the models back. With a `memo` of the last check
    (a long-running process keeps one), only files whose key changed are read and judged again."""
    run = _Run(paths, config, today, workers=workers or os.cpu_count() or 1, keep_models=True, memo=memo)
    return run.checked(help_base)


class Memo(Struct):
    """What `playbook serve` keeps of its last check for the next: per spec file, the key it was judged
    under (as check's cache keys it), its model and its unit; per figures file, its key and what was read.
    Only the files of the last check are kept."""

    files: dict[str, tuple[str, object, _Unit]] = field(default_factory=dict)
    sheets: dict[str, tuple[str, MeasurementFile, _Sheet]] = field(default_factory=dict)


def check_result(
    paths: Sequence[str],
    config: Config,
    today: dt.date,
    help_base: str = "",
    cache: Cache | None = None,
    workers: int | None = None,
) -> Result:
    """`check`'s result alone, which `cache` (when given) may hold in part or whole: what `playbook check`
    reports. The models are not kept; a caller that renders them uses `check`."""
    run = _Run(paths, config, today, cache, workers or os.cpu_count() or 1)
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
    ):
        self.config, self.today, self.cache, self.workers = config, today, cache, workers
        self.keep_models, self.memo = keep_models or memo is not None, memo
        self.targets = [p for p in discover(paths) if not p.endswith(MEASUREMENT_SUFFIX)]
        self.measurement_paths = list(
            dict.fromkeys(discover_measurements(paths) + _context_measurement_files(self.targets))
        )
        checked_ids = {Path(p).stem for p in self.targets}
        owners = _context_process_files([m for m in self.measurement_paths if Path(m).stem not in checked_ids])
        self.files = self.targets + owners + _context_vendor_files(self.targets + owners)
        self.severities = _severities(config)
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
        if any(u is None for u in units.values()) or self.keep_models:
            # Something to check, or models to keep. Every vendor file is read, since every rule may ask about
            # any vendor.
            read = {
                path: (models[path], units[path]) if path in models else _read(path, self.schema)
                for path in self.files
                if kind_of(path) == "vendor"
            }
            vendors = [model for model, _ in read.values() if model is not None]
            for path in self.measurement_paths:
                file, sheet = self._measurement_file(path)
                sheets[path] = sheets[path] or sheet
                measurements[Path(path).stem] = file
            context = Context(
                vendors={v.id: v for v in vendors},
                certifications=self.config.certifications,
                options=self.config.options,
                today=self.today,
                unreadable_vendors={Path(p).stem: p for p, (model, _) in read.items() if model is None},
                waivable=_waivable(),
                measurements=measurements,
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
        return Checked(result, processes, vendors, self.config.certifications, measurements, self.today)

    def _measurement_file(self, path: str) -> tuple[MeasurementFile, _Sheet]:
        remembered = self.memo.sheets.get(path) if self.memo is not None else None
        if remembered is not None and remembered[0] == self.keys.get(path):
            return remembered[1], remembered[2]
        rows, sheet = _read_measurements(path)
        return MeasurementFile(path, tuple(rows), readable=sheet.readable), sheet

    def _remember(self, units: dict, models: dict, sheets: dict, measurements: dict) -> None:
        """Keep this check's files in the memo, and only them."""
        self.memo.files = {p: (self.keys[p], models.get(p), units[p]) for p in self.files if p in self.keys}
        by_path = {file.path: file for file in measurements.values()}
        self.memo.sheets = {
            p: (self.keys[p], by_path[p], sheets[p]) for p in self.measurement_paths if p in self.keys and p in by_path
        }

    def _keep(self, units: dict, path: str, unit: _Unit) -> None:
        """A unit judged in this run: for the result, and for the cache when there is one."""
        units[path] = unit
        stored = unit.to_json() if self.cache is not None else None
        if stored is not None:
            self.computed[path] = stored

    def judge(self, path: str, context: Context) -> tuple[Process | Vendor | None, _Unit]:
        """Read and judge one file: its model (when the run keeps models) and its unit."""
        model, unit = _read(path, self.schema)
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
        )
        vendor_files = digest(*(f"{p}\0{self.digests[p]}" for p in self.files if kind_of(p) == "vendor"))
        sheets = digest(*(f"{p}\0{self.digests[p]}" for p in self.measurement_paths))
        # A file that is there but cannot be read is not the same as no file: the rules say different things.
        self._sheet_by_id = {Path(p).stem: self.digests[p] or "unreadable" for p in self.measurement_paths}
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

    def _cached_unit(self, path: str) -> _Unit | None:
        """The file's unit from the memo or the cache, when its key matches and its figures are the ones
        its rules read."""
        remembered = self.memo.files.get(path) if self.memo is not None else None
        if remembered is not None and remembered[0] == self.keys.get(path) and self._same_figures(remembered[2]):
            self._remembered[path] = remembered[1]
            return remembered[2]
        stored = self._stored(path)
        unit = _Unit.from_json(stored) if stored is not None else None
        return unit if unit is not None and self._same_figures(unit) else None

    def _same_figures(self, unit: _Unit) -> bool:
        """False when a process's figures changed, or another file now holds its id's figures."""
        return unit.entry is None or unit.measured == self._sheet_by_id.get(unit.entry.id)

    def _cached_sheet(self, path: str) -> _Sheet | None:
        stored = self._stored(path)
        sheet = _Sheet.from_json(stored) if stored is not None else None
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
                self.cache.put(path, self.keys[path], value)
        self.cache.save()


def _waivable() -> frozenset[str]:
    return frozenset(c for c, r in RULES.items() if r.scope != "document" and r.family != "waivers")


def _read(path: str, schema: SchemaChecker) -> tuple[Process | Vendor | None, _Unit]:
    """Load, validate and model one file: its model (None when nothing can be read) and its unit so far.
    Only the unit and the model are kept: holding every parsed document (its marks for every value) until
    the last was read made memory grow with the portfolio."""
    kind = kind_of(path)
    try:
        document, problems = load(path)
        if document is not None:
            problems = problems + schema.check(document, kind)
    except Exception as error:
        error.add_note(f"while reading {path}")  # the CLI names the file in its one-line report
        raise
    partial = unscored = False
    if document is not None and any(p.severity is Severity.ERROR for p in problems):
        # A slip in one value must not hide the rest of the spec from the rules (and its readiness).
        readable = schema.readable_part(document, kind)
        document, unscored = readable if readable is not None else (None, False)
        partial = document is not None
    if document is None:
        return None, _Unit(kind, list(problems))
    brief = _Brief.of(document)
    model = build_process(document) if kind == "process" else build_vendor(document)
    status = model.status if kind == "process" else brief.status
    return model, _Unit(kind, list(problems), brief, partial, status=str(status or ""), unscored=unscored)


def _read_measurements(path: str) -> tuple[list[Row], _Sheet]:
    rows, problems = load_measurements(path)
    # What the reader cannot make out of a row or a file is M001 (Y004 when the file is not text at all).
    findings = [p if p.code else p.with_(code="M001") for p in problems]
    return rows, _Sheet(findings, readable=bool(rows) or not problems)


def _severities(config: Config) -> dict[str, str]:
    levels = {code: rule.severity.value for code, rule in RULES.items()}
    levels.update(config.severities)
    return levels


def _rules_on(subject: Process | Vendor, context: Context, severities: Mapping[str, str]) -> list[Finding]:
    """The findings of every rule of the subject's scope (process or vendor), in code order."""
    scope = "process" if isinstance(subject, Process) else "vendor"
    findings: list[Finding] = []
    for code, rule in RULES.items():
        if rule.scope != scope or rule.check is None or rule.retired or severities.get(code) == "off":
            continue
        try:
            findings.extend(finding.with_(code=code) for finding in rule.check(subject, context))
        except Exception as error:
            error.add_note(f"while checking {subject.path} with rule {code}")  # named by the CLI's report
            raise
    return _pointing_at_refused_values(findings, subject) if isinstance(subject, Process) else findings


def _pointing_at_refused_values(findings: list[Finding], process: Process) -> list[Finding]:
    """A rule that finds a value missing where the author wrote one that the schema refused says so in its
    hint. Tried from outside: "goes live without a pilot", "the transition has no go_live date" or "has no
    target" beside a pilot, a date or a target written out read as false. A refused value still counts as
    absent (the finding stands); the hint sends the author to it. Matched by place (the finding stands at
    the mapping that held the value, or at the spec for a section of its own written elsewhere: `Steps:`,
    `kpis:` indented under governance) and by the key named in the message, in any case."""
    if not process.refused_keys:
        return findings
    held: dict[tuple[str, int, int], list[tuple[str, Mark]]] = {}
    for holder, key, where in process.refused_keys:
        for mark in (holder, process.mark) if key.lower() in Process.__struct_fields__ else (holder,):
            held.setdefault((mark.path, mark.line, mark.column), []).append((key, where))
    pointed = []
    for finding in findings:
        for key, where in held.get((finding.path, finding.line, finding.column), ()):
            named = rf"\b({re.escape(key)}|{re.escape(key.replace('_', ' '))})\b"
            if re.search(named, finding.message, re.IGNORECASE):
                hint = f"{key} is written, on line {where.line}, but could not be read as written: fix it first"
                finding = finding.with_(hint=hint)
                break
        pointed.append(finding)
    return pointed


class PortfolioContext(Struct, frozen=True):
    """What a rule across processes may know besides their PortfolioEntry: all of it is rebuilt on every
    check, from files the cache keeps no judgement about."""

    options: Mapping[str, object]
    today: dt.date
    # Process id (the file's name) -> the path of its measurement file.
    measurement_files: Mapping[str, str]
    # Process file name (without suffix) -> path, for process files that could not be read at all.
    unreadable_processes: Mapping[str, str]


class _Brief(Struct, frozen=True):
    """What the checks across files and the summary need of a parsed document, once it is modelled."""

    id: object
    id_mark: Mark
    status: object

    @classmethod
    def of(cls, document: Document) -> _Brief:
        data = document.data if isinstance(document.data, dict) else {}
        return cls(data.get("id"), document.mark(("id",)), data.get("status", ""))


class _Unit(Struct, frozen=True):
    """What one spec file brings to a check once its own rules ran, all that the checks across files,
    waivers, severities and readiness need: what check's cache keeps of a file."""

    kind: str
    # Unlevelled: the loader's and the schema's, then those of the rules of its scope.
    findings: list[Finding]
    brief: _Brief | None = None  # None: nothing in the file could be read
    partial: bool = False  # modelled without the values the schema refused
    unscored: bool = False  # a required key of its own (title, owner) is missing or refused: readiness 0
    status: str = ""
    rules_ran: bool = False
    draft: bool = False
    entry: PortfolioEntry | None = None  # a modelled process
    # The waivers that silence their rule (waiver_valid), each with its place, `silenced` still 0.
    waivers: tuple[tuple[Mark, AppliedWaiver], ...] = ()
    measured: str | None = None  # with a cache: the digest of the measurement file its rules read

    def judged(self, model, context: Context, severities: Mapping[str, str], measured: str | None) -> _Unit:
        if model is None:
            return replace(self, rules_ran=True)
        waivers: tuple[tuple[Mark, AppliedWaiver], ...] = ()
        entry = None
        if isinstance(model, Process):
            entry = model.portfolio_entry()
            waivers = tuple(
                (
                    waiver.mark,
                    AppliedWaiver(
                        spec_id=model.id,
                        path=model.path,
                        rule=waiver.rule,
                        reason=waiver.reason or "",
                        approved_by=waiver.approved_by or "",
                        expires=waiver.expires.isoformat() if waiver.expires else "",
                        silenced=0,
                    ),
                )
                for waiver in model.waivers
                if _waiver_valid(waiver, model, context)
            )
        return replace(
            self,
            findings=self.findings + _rules_on(model, context, severities),
            rules_ran=True,
            draft=isinstance(model, Process) and model.is_draft,
            entry=entry,
            waivers=waivers,
            measured=measured,
        )

    def to_json(self) -> dict | None:
        """The unit as JSON, or None when JSON cannot carry it as it is (an id read as a date, say): such a
        file is judged again on every check rather than come back different."""
        brief = self.brief
        if brief is not None and not all(isinstance(v, _JSON_SCALARS) for v in (brief.id, brief.status)):
            return None
        return {
            "kind": self.kind,
            "findings": [_finding_json(f) for f in self.findings],
            "brief": None if brief is None else [brief.id, _mark_json(brief.id_mark), brief.status],
            "partial": self.partial,
            "unscored": self.unscored,
            "status": self.status,
            "draft": self.draft,
            "entry": None if self.entry is None else _entry_json(self.entry),
            "waivers": [[_mark_json(m), structs.asdict(w)] for m, w in self.waivers],
            "measured": self.measured,
        }

    @classmethod
    def from_json(cls, data: dict) -> _Unit | None:
        """The stored unit, or None when it is not one (the cache then counts it as missing)."""
        try:
            brief = data["brief"]
            entry = data["entry"]
            return cls(
                kind=str(data["kind"]),
                findings=[_finding_of(f) for f in data["findings"]],
                brief=None if brief is None else _Brief(brief[0], _mark_of(brief[1]), brief[2]),
                partial=bool(data["partial"]),
                unscored=bool(data["unscored"]),
                status=str(data["status"]),
                rules_ran=True,
                draft=bool(data["draft"]),
                entry=None if entry is None else _entry_of(entry),
                waivers=tuple((_mark_of(m), AppliedWaiver(**w)) for m, w in data["waivers"]),
                measured=data["measured"],
            )
        except (KeyError, TypeError, ValueError, IndexError):
            return None


class _Sheet(Struct, frozen=True):
    """What a check keeps of a measurement file besides its rows: what the reader found and whether
    anything could be read (False for a wrong header or a binary file: M001 says so, and rules that count
    figures stay silent rather than call every KPI unmeasured)."""

    findings: list[Finding]
    readable: bool

    def to_json(self) -> dict:
        return {"findings": [_finding_json(f) for f in self.findings], "readable": self.readable}

    @classmethod
    def from_json(cls, data: dict) -> _Sheet | None:
        try:
            return cls([_finding_of(f) for f in data["findings"]], bool(data["readable"]))
        except (KeyError, TypeError, ValueError, IndexError):
            return None


_JSON_SCALARS = (str, int, float, bool, type(None))


def _mark_json(mark: Mark) -> list:
    return [mark.path, mark.line, mark.column]


def _mark_of(data: list) -> Mark:
    path, line, column = data
    return Mark(str(path), int(line), int(column))


def _finding_json(finding: Finding) -> list:
    return [*_mark_json(finding.mark), finding.message, finding.hint, finding.code, finding.severity.value]


def _finding_of(data: list) -> Finding:
    path, line, column, message, hint, code, severity = data
    return Finding(Mark(str(path), int(line), int(column)), str(message), str(hint), str(code), Severity(severity))


def _entry_json(entry: PortfolioEntry) -> list:
    go_live = entry.go_live.isoformat() if entry.go_live else None
    return [
        entry.id,
        entry.path,
        entry.vendor,
        entry.criticality,
        entry.status,
        go_live,
        _mark_json(entry.go_live_mark),
    ]


def _entry_of(data: list) -> PortfolioEntry:
    spec_id, path, vendor, criticality, status, go_live, mark = data
    return PortfolioEntry(
        id=spec_id,
        path=path,
        vendor=vendor,
        criticality=criticality,
        status=status,
        go_live=dt.date.fromisoformat(go_live) if go_live else None,
        go_live_mark=_mark_of(mark),
    )


def _assemble(run: _Run, units: Mapping[str, _Unit], sheets: Mapping[str, _Sheet], help_base: str) -> Result:
    """The result from the files' units: the checks across files run again on every check (duplicate ids,
    the portfolio rules), then waivers, severities and readiness."""
    severities = run.severities
    raw = [f for path in run.files for f in units[path].findings]
    raw += _duplicate_ids({path: unit.brief for path, unit in units.items() if unit.brief is not None})
    raw += [f for sheet in sheets.values() for f in sheet.findings]
    entries = [unit.entry for unit in units.values() if unit.entry is not None]
    portfolio = PortfolioContext(
        options=run.config.options,
        today=run.today,
        measurement_files={Path(p).stem: p for p in run.measurement_paths},
        unreadable_processes={Path(p).stem: p for p, u in units.items() if u.kind == "process" and u.brief is None},
    )
    for code, rule in RULES.items():
        if rule.scope != "portfolio" or rule.check is None or rule.retired or severities.get(code) == "off":
            continue
        try:
            raw.extend(finding.with_(code=code) for finding in rule.check(entries, portfolio))
        except Exception as error:
            error.add_note(f"while checking the portfolio with rule {code}")  # named by the CLI's report
            raise
    findings, waivers = _apply_waivers(raw, units)
    drafts = {path for path, unit in units.items() if unit.draft}
    findings = [_level(f, severities, f.path in drafts) for f in findings if severities.get(f.code) != "off"]
    target_set = set(run.targets) | set(run.measurement_paths)
    findings = sorted(
        (f for f in findings if f.path in target_set),
        key=lambda f: (f.path, f.line, f.column, f.code, f.message),
    )
    specs = _summaries(run.targets, units, raw, waivers, severities)
    rules = {code: r.info(help_base) for code, r in RULES.items() if severities.get(code) != "off"}
    return Result(findings=findings, specs=specs, rules=rules, waivers=waivers)


def _duplicate_ids(briefs: Mapping[str, _Brief]) -> Iterable[Finding]:
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


def _level(finding: Finding, severities: Mapping[str, str], draft: bool) -> Finding:
    rule = RULES[finding.code]
    severity = Severity(severities.get(finding.code, rule.severity.value))
    if draft and rule.completeness:
        # A draft is incomplete by nature: completeness findings guide, they do not block.
        severity = Severity.WARNING
    return finding.with_(severity=severity)


def _apply_waivers(findings: list[Finding], units: Mapping[str, _Unit]) -> tuple[list[Finding], list[AppliedWaiver]]:
    applied: list[AppliedWaiver] = []
    silenced: set[int] = set()
    stale: list[Finding] = []
    # One pass over the findings, so that each waiver finds its own in O(1), however many specs there are.
    by_spec_and_rule: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        by_spec_and_rule[f.path, f.code].append(i)
    for path, unit in units.items():
        for mark, waiver in unit.waivers:
            hits = by_spec_and_rule.get((path, waiver.rule), [])
            silenced.update(hits)
            applied.append(replace(waiver, silenced=len(hits)))
            if not hits:
                stale.append(
                    Finding.at(
                        mark,
                        f"waiver for {waiver.rule} silences nothing: the rule passes",
                        hint="remove the waiver",
                        code="W004",
                    )
                )
    kept = [f for i, f in enumerate(findings) if i not in silenced]
    return kept + stale, applied


def _waiver_valid(waiver, process: Process, context: Context) -> bool:
    """A waiver only silences its rule when it is complete, current, approved on the client's side, no longer
    than the configured maximum and names a waivable rule: the test the waiver rules report on. An invalid
    waiver silences nothing; its W00x finding says why, beside the finding it meant to silence."""
    from generator.check.rules.waivers import waiver_valid  # defined once, beside the rules that explain a refusal

    return waiver_valid(waiver, process, context)


# Rules about the items of a section pass on an empty section ("every step has an accountable role" holds for
# no steps at all). For readiness they count as met only when the section exists: the rule that asks for it.
_MET_ONLY_WITH = {
    "O001": (
        "O002", "O003", "O004", "O005", "O006", "O007", "O008", "O009", "O011", "O012", "O013", "O014",
        "P001", "P002", "P003", "P004", "P005", "P006", "P007",
    ),
    "K001": ("K002", "K003", "K004", "K005", "K006", "K007", "K008", "K009", "A003", "C003"),
    "C001": ("C002", "C003", "C006"),
    "A002": ("A003",),
    "T003": ("T005",),
}  # fmt: skip


def _vacuous(failed: set[str]) -> set[str]:
    """`failed` plus the rules that only passed because the section they judge is missing."""
    return failed.union(*(_MET_ONLY_WITH[code] for code in failed if code in _MET_ONLY_WITH))


def _summaries(
    targets: list[str],
    units: Mapping[str, _Unit],
    raw: list[Finding],
    waivers: list[AppliedWaiver],
    severities: Mapping[str, str],
) -> list[SpecSummary]:
    completeness = [
        code for code, r in RULES.items() if r.completeness and r.check is not None and severities.get(code) != "off"
    ]
    waived_by_path: dict[str, set[str]] = defaultdict(set)
    for w in waivers:
        waived_by_path[w.path].add(w.rule)
    failed_by_path: dict[str, set[str]] = defaultdict(set)
    for f in raw:
        failed_by_path[f.path].add(f.code)
    summaries = []
    for path in targets:
        kind = kind_of(path)
        unit = units[path]
        brief = unit.brief
        spec_id = brief.id if brief is not None and isinstance(brief.id, str) else Path(path).stem
        readiness = None
        if kind == "process":
            # The share of the completeness rules the spec passes, plus one criterion: it reads as written
            # (a spec modelled without a refused value fails that one). 0 when it cannot be read at all.
            readiness = 0
            if unit.entry is not None and not unit.unscored:
                failed = _vacuous(failed_by_path.get(path, set()) - waived_by_path.get(path, set()))
                passed = sum(1 for code in completeness if code not in failed) + (not unit.partial)
                readiness = round(100 * passed / (len(completeness) + 1))
        summaries.append(SpecSummary(id=spec_id, path=path, kind=kind, status=unit.status, readiness=readiness))
    return summaries
