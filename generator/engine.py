"""Runs a check: finds the spec files, loads and validates them, runs the rules, then applies the
configured severities, draft status and waivers, scores readiness and sorts the findings into a Result."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Config
from generator.findings import AppliedWaiver, Finding, Mark, Result, Severity, SpecSummary
from generator.loader import Document, load
from generator.measurements import FOLDER as MEASUREMENTS
from generator.measurements import SUFFIX as MEASUREMENT_SUFFIX
from generator.measurements import Row, load_measurements
from generator.model import Process, Vendor, build_process, build_vendor
from generator.rules import RULES
from generator.rules.schema import SchemaChecker
from generator.schema import CERTIFICATIONS, Certification

SPEC_SUFFIXES = (".yaml", ".yml")
VENDOR_FOLDER = "vendors"


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the spec it checks."""

    vendors: Mapping[str, Vendor]
    certifications: Mapping[str, Certification]
    # The options of `.playbook.yaml` (config.OPTIONS), defaults filled in; a rule names those it reads.
    options: Mapping[str, object]
    today: dt.date
    waivable: frozenset[str] = frozenset()
    # Vendor id -> its file, for vendor files too broken to model: "has errors", not "has no file".
    unreadable_vendors: Mapping[str, str] = field(default_factory=dict)
    # Process file name (without suffix) -> path, for process files that could not be read at all.
    unreadable_processes: Mapping[str, str] = field(default_factory=dict)
    # Process id (the file's name) -> its measurement file: path and the rows that could be read.
    measurements: Mapping[str, MeasurementFile] = field(default_factory=dict)


@dataclass(frozen=True)
class MeasurementFile:
    path: str
    rows: tuple[Row, ...]
    # False when nothing in it could be read (a wrong header, a binary file): M001 says so, and rules that
    # count figures stay silent rather than call every KPI unmeasured.
    readable: bool = True


@dataclass
class Checked:
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


def check(paths: Sequence[str], config: Config, today: dt.date, help_base: str = "") -> Checked:
    """Check the specs under `paths`; `help_base`, when given, is the URL of the rules page that each
    rule's help links to (see `reference.rule_help_base`)."""
    targets = [p for p in discover(paths) if not p.endswith(MEASUREMENT_SUFFIX)]
    measurement_paths = list(dict.fromkeys(discover_measurements(paths) + _context_measurement_files(targets)))
    checked_ids = {Path(p).stem for p in targets}
    owners = _context_process_files([m for m in measurement_paths if Path(m).stem not in checked_ids])
    files = targets + owners + _context_vendor_files(targets + owners)
    schema = SchemaChecker()
    findings: list[Finding] = []
    # Each file is read, validated and modelled in turn, and only its brief kept: holding every parsed
    # document (its marks for every value) until the last was read made memory grow with the portfolio.
    briefs: dict[str, _Brief] = {}
    processes: list[Process] = []
    vendors: list[Vendor] = []
    partial: set[str] = set()  # specs modelled without the values the schema refused
    for path in files:
        try:
            document, problems = load(path)
            if document is not None:
                problems = problems + schema.check(document, kind_of(path))
        except Exception as error:
            error.add_note(f"while reading {path}")  # the CLI names the file in its one-line report
            raise
        findings.extend(problems)
        if document is not None and any(p.severity is Severity.ERROR for p in problems):
            # A slip in one value must not hide the rest of the spec from the rules (and its readiness).
            document = schema.readable_part(document, kind_of(path))
            if document is not None:
                partial.add(path)
        if document is not None:
            briefs[path] = _Brief.of(document)
            if kind_of(path) == "process":
                processes.append(build_process(document))
            else:
                vendors.append(build_vendor(document))
    findings.extend(_duplicate_ids(briefs))
    measurements: dict[str, MeasurementFile] = {}
    for path in measurement_paths:
        rows, problems = load_measurements(path)
        # What the reader cannot make out of a row or a file is M001 (Y004 when the file is not text at all).
        findings.extend(p if p.code else p.with_(code="M001") for p in problems)
        measurements[Path(path).stem] = MeasurementFile(path, tuple(rows), readable=bool(rows) or not problems)

    severities = _severities(config)
    waivable = frozenset(c for c, r in RULES.items() if r.scope != "document" and r.family != "waivers")
    context = Context(
        vendors={v.id: v for v in vendors},
        certifications=config.certifications,
        options=config.options,
        today=today,
        unreadable_vendors={Path(p).stem: p for p in files if kind_of(p) == "vendor" and p not in briefs},
        unreadable_processes={Path(p).stem: p for p in files if kind_of(p) == "process" and p not in briefs},
        waivable=waivable,
        measurements=measurements,
    )
    raw = findings + list(_run_rules(processes, vendors, context, severities))

    by_path = {p.path: p for p in processes}
    findings, waivers = _apply_waivers(raw, processes, context)
    findings = [_level(f, severities, by_path.get(f.path)) for f in findings if severities.get(f.code) != "off"]
    target_set = set(targets) | set(measurement_paths)
    findings = sorted(
        (f for f in findings if f.path in target_set),
        key=lambda f: (f.path, f.line, f.column, f.code, f.message),
    )
    specs = _summaries(targets, briefs, partial, processes, raw, waivers, severities)
    rules = {code: r.info(help_base) for code, r in RULES.items() if severities.get(code) != "off"}
    result = Result(findings=findings, specs=specs, rules=rules, waivers=waivers)
    return Checked(
        result, [p for p in processes if p.path in target_set], vendors, config.certifications, measurements, today
    )


def _severities(config: Config) -> dict[str, str]:
    levels = {code: rule.severity.value for code, rule in RULES.items()}
    levels.update(config.severities)
    return levels


def _run_rules(
    processes: list[Process], vendors: list[Vendor], context: Context, severities: Mapping[str, str]
) -> Iterable[Finding]:
    for code, rule in RULES.items():
        if rule.check is None or rule.retired or severities.get(code) == "off":
            continue
        if rule.scope == "process":
            subjects: list = [(p,) for p in processes]
        elif rule.scope == "vendor":
            subjects = [(v,) for v in vendors]
        else:
            subjects = [(processes,)]
        for subject in subjects:
            try:
                findings = list(rule.check(*subject, context))
            except Exception as error:
                where = getattr(subject[0], "path", "the portfolio")
                error.add_note(f"while checking {where} with rule {code}")  # named by the CLI's one-line report
                raise
            for finding in findings:
                yield finding.with_(code=code)


@dataclass(frozen=True)
class _Brief:
    """What the checks across files and the summary need of a parsed document, once it is modelled."""

    id: object
    id_mark: Mark
    status: object

    @classmethod
    def of(cls, document: Document) -> _Brief:
        data = document.data if isinstance(document.data, dict) else {}
        return cls(data.get("id"), document.mark(("id",)), data.get("status", ""))


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


def _level(finding: Finding, severities: Mapping[str, str], process: Process | None) -> Finding:
    rule = RULES[finding.code]
    severity = Severity(severities.get(finding.code, rule.severity.value))
    if process is not None and process.is_draft and rule.completeness:
        # A draft is incomplete by nature: completeness findings guide, they do not block.
        severity = Severity.WARNING
    return finding.with_(severity=severity)


def _apply_waivers(
    findings: list[Finding], processes: list[Process], context: Context
) -> tuple[list[Finding], list[AppliedWaiver]]:
    applied: list[AppliedWaiver] = []
    silenced: set[int] = set()
    stale: list[Finding] = []
    # One pass over the findings, so that each waiver finds its own in O(1), however many specs there are.
    by_spec_and_rule: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        by_spec_and_rule[f.path, f.code].append(i)
    for process in processes:
        for waiver in process.waivers:
            if not _waiver_valid(waiver, process, context):
                continue
            hits = by_spec_and_rule.get((process.path, waiver.rule), [])
            silenced.update(hits)
            applied.append(
                AppliedWaiver(
                    spec_id=process.id,
                    path=process.path,
                    rule=waiver.rule,
                    reason=waiver.reason or "",
                    approved_by=waiver.approved_by or "",
                    expires=waiver.expires.isoformat() if waiver.expires else "",
                    silenced=len(hits),
                )
            )
            if not hits:
                stale.append(
                    Finding.at(
                        waiver.mark,
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
    from generator.rules.waivers import waiver_valid  # defined once, beside the rules that explain a refusal

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
    briefs: Mapping[str, _Brief],
    partial: set[str],
    processes: list[Process],
    raw: list[Finding],
    waivers: list[AppliedWaiver],
    severities: Mapping[str, str],
) -> list[SpecSummary]:
    completeness = [
        code for code, r in RULES.items() if r.completeness and r.check is not None and severities.get(code) != "off"
    ]
    by_path = {p.path: p for p in processes}
    waived_by_path: dict[str, set[str]] = defaultdict(set)
    for w in waivers:
        waived_by_path[w.path].add(w.rule)
    failed_by_path: dict[str, set[str]] = defaultdict(set)
    for f in raw:
        failed_by_path[f.path].add(f.code)
    summaries = []
    for path in targets:
        kind = kind_of(path)
        brief = briefs.get(path)
        spec_id = brief.id if brief is not None and isinstance(brief.id, str) else Path(path).stem
        process = by_path.get(path)
        readiness = None
        if kind == "process":
            # The share of the completeness rules the spec passes, plus one criterion: it reads as written
            # (a spec modelled without a refused value fails that one). 0 when it cannot be read at all.
            readiness = 0
            if process is not None:
                failed = _vacuous(failed_by_path.get(path, set()) - waived_by_path.get(path, set()))
                passed = sum(1 for code in completeness if code not in failed) + (path not in partial)
                readiness = round(100 * passed / (len(completeness) + 1))
        status = process.status if process else (brief.status if brief is not None else "")
        summaries.append(SpecSummary(id=spec_id, path=path, kind=kind, status=str(status or ""), readiness=readiness))
    return summaries
