"""What one file brings to a check: read, validated and modelled, judged by the rules of its scope, and kept
as a unit (findings, summary, waivers) that check's cache stores as JSON; what those rules may know besides
the file (Context)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import msgspec
from msgspec import Struct, field, structs
from msgspec.structs import replace

from generator.check.discovery import kind_of
from generator.check.rules import RULES
from generator.check.rules.validation import SchemaChecker
from generator.spec.acknowledgements import Acknowledgement
from generator.spec.findings import AppliedWaiver, Finding, Mark, Severity
from generator.spec.loader import Document, load
from generator.spec.measurements import Row, load_measurements
from generator.spec.model import PortfolioEntry, Process, Vendor, build_process, build_vendor
from generator.spec.schema import Certification


class Context(Struct, frozen=True):
    """What a process or vendor rule may know besides the spec it checks. check's cache keeps a file's
    findings while the file and all of this are unchanged: a field added here goes into the cache keys of
    `engine._Run._key_files`."""

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
    # Process id -> how it stood in the version compared with, for a check that compares (`--base`).
    baselines: Mapping[str, Baseline] = field(default_factory=dict)


class Baseline(Struct, frozen=True):
    """A process as it stood in the version a change is compared with (`playbook check --base`), and what has
    changed since as its vendor sees it: what the revision rules (N001-N003) judge a change by. Built by the
    changes wing; plain data here, so that check never reads git."""

    status: str = ""  # "" when the process is new since the base
    revision: int | None = None
    amendment: str | None = None
    # The highest class of the changes the vendor sees, and the first change of that class: where it is
    # (`steps[triage].sla`) and on which line of the file as it is now. "" when the vendor sees none.
    change_class: str = ""
    first_change: str = ""
    first_line: int = 0
    first_column: int = 0
    changes: int = 0


class MeasurementFile(Struct, frozen=True):
    path: str
    rows: tuple[Row, ...]
    # False when nothing in it could be read (a wrong header, a binary file): M001 says so, and rules that
    # count figures stay silent rather than call every KPI unmeasured.
    readable: bool = True


class PortfolioContext(Struct, frozen=True):
    """What a rule across processes may know besides their PortfolioEntry: all of it is rebuilt on every
    check, from files the cache keeps no judgement about."""

    options: Mapping[str, object]
    today: dt.date
    # Process id (the file's name) -> the paths of its measurement files: the first is read, M014 names others.
    measurement_files: Mapping[str, tuple[str, ...]]
    # Process file name (without suffix) -> path, for process files that could not be read at all.
    unreadable_processes: Mapping[str, str]
    # Every readable entry of the vendors' ledgers, and vendor id -> its ledger's path.
    acknowledgements: tuple[Acknowledgement, ...] = ()
    ledgers: Mapping[str, str] = field(default_factory=dict)
    # Ledgers named to the check (not only read beside a process): every process of their folder is read.
    named_ledgers: frozenset[str] = frozenset()
    # Vendor id -> the e-mail addresses of its contacts, casefolded: who may acknowledge for it.
    vendor_contacts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Process id -> revision -> the digests of that revision's texts in git's history; None without git.
    history: Mapping[str, Mapping[int, frozenset[str]]] | None = None


def waivable() -> frozenset[str]:
    return frozenset(c for c, r in RULES.items() if r.scope != "document" and r.family != "waivers")


def read_file(path: str, schema: SchemaChecker) -> tuple[Process | Vendor | None, Unit]:
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
        return None, Unit(kind, list(problems))
    brief = Brief.of(document)
    model = build_process(document) if kind == "process" else build_vendor(document)
    status = model.status if kind == "process" else brief.status
    return model, Unit(kind, list(problems), brief, partial, status=str(status or ""), unscored=unscored)


def read_measurements(path: str) -> tuple[list[Row], Sheet]:
    rows, problems = load_measurements(path)
    # What the reader cannot make out of a row or a file is M001 (Y004 when the file is not text at all).
    findings = [p if p.code else p.with_(code="M001") for p in problems]
    return rows, Sheet(findings, readable=bool(rows) or not problems)


def rules_on(subject: Process | Vendor, context: Context, severities: Mapping[str, str]) -> list[Finding]:
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


class Brief(Struct, frozen=True):
    """What the checks across files and the summary need of a parsed document, once it is modelled."""

    id: object
    id_mark: Mark
    status: object
    # A vendor's contacts' e-mail addresses, casefolded: who may acknowledge a revision for it.
    contacts: tuple[str, ...] = ()

    @classmethod
    def of(cls, document: Document) -> Brief:
        data = document.data if isinstance(document.data, dict) else {}
        people = data.get("contacts") if isinstance(data.get("contacts"), list) else []
        emails = tuple(str(p["email"]).casefold() for p in people if isinstance(p, dict) and p.get("email"))
        return cls(data.get("id"), document.mark(("id",)), data.get("status", ""), emails)


class Unit(Struct, frozen=True):
    """What one spec file brings to a check once its own rules ran, all that the checks across files,
    waivers, severities and readiness need: what check's cache keeps of a file."""

    kind: str
    # Unlevelled: the loader's and the schema's, then those of the rules of its scope.
    findings: list[Finding]
    brief: Brief | None = None  # None: nothing in the file could be read
    partial: bool = False  # modelled without the values the schema refused
    unscored: bool = False  # a required key of its own (title, owner) is missing or refused: readiness 0
    status: str = ""
    rules_ran: bool = False
    draft: bool = False
    entry: PortfolioEntry | None = None  # a modelled process
    # The waivers that silence their rule (waiver_valid), each with its place, `silenced` still 0.
    waivers: tuple[tuple[Mark, AppliedWaiver], ...] = ()
    measured: str | None = None  # with a cache: the digest of the measurement file its rules read

    def judged(self, model, context: Context, severities: Mapping[str, str], measured: str | None) -> Unit:
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
                        line=waiver.mark.line,
                        items=waiver.items,
                        places=_waived_places(waiver, model),
                    ),
                )
                for waiver in model.waivers
                if _waiver_valid(waiver, model, context)
            )
        return replace(
            self,
            findings=self.findings + rules_on(model, context, severities),
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
            "brief": None if brief is None else [brief.id, _mark_json(brief.id_mark), brief.status, brief.contacts],
            "partial": self.partial,
            "unscored": self.unscored,
            "status": self.status,
            "draft": self.draft,
            "entry": None if self.entry is None else _entry_json(self.entry),
            "waivers": [[_mark_json(m), structs.asdict(w)] for m, w in self.waivers],
            "measured": self.measured,
        }

    @classmethod
    def from_json(cls, data: dict) -> Unit | None:
        """The stored unit, or None when it is not one (the cache then counts it as missing)."""
        try:
            brief = data["brief"]
            entry = data["entry"]
            return cls(
                kind=str(data["kind"]),
                findings=[_finding_of(f) for f in data["findings"]],
                brief=None if brief is None else Brief(brief[0], _mark_of(brief[1]), brief[2], tuple(brief[3])),
                partial=bool(data["partial"]),
                unscored=bool(data["unscored"]),
                status=str(data["status"]),
                rules_ran=True,
                draft=bool(data["draft"]),
                entry=None if entry is None else _entry_of(entry),
                waivers=tuple((_mark_of(m), msgspec.convert(w, AppliedWaiver)) for m, w in data["waivers"]),
                measured=data["measured"],
            )
        except (KeyError, TypeError, ValueError, IndexError):
            return None


class Sheet(Struct, frozen=True):
    """What a check keeps of a measurement file besides its rows: what the reader found and whether
    anything could be read (False for a wrong header or a binary file: M001 says so, and rules that count
    figures stay silent rather than call every KPI unmeasured)."""

    findings: list[Finding]
    readable: bool

    def to_json(self) -> dict:
        return {"findings": [_finding_json(f) for f in self.findings], "readable": self.readable}

    @classmethod
    def from_json(cls, data: dict) -> Sheet | None:
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
        entry.revision,
        entry.effective.isoformat() if entry.effective else None,
        entry.digest,
        _mark_json(entry.revision_mark) if entry.revision_mark else None,
    ]


def _entry_of(data: list) -> PortfolioEntry:
    spec_id, path, vendor, criticality, status, go_live, mark, revision, effective, digest, revision_mark = data
    return PortfolioEntry(
        id=spec_id,
        path=path,
        vendor=vendor,
        criticality=criticality,
        status=status,
        go_live=dt.date.fromisoformat(go_live) if go_live else None,
        go_live_mark=_mark_of(mark),
        revision=revision,
        effective=dt.date.fromisoformat(effective) if effective else None,
        digest=digest,
        revision_mark=_mark_of(revision_mark) if revision_mark else None,
    )


def _waiver_valid(waiver, process: Process, context: Context) -> bool:
    """A waiver only silences its rule when it is complete, current, approved on the client's side, no longer
    than the configured maximum and names a waivable rule: the test the waiver rules report on. An invalid
    waiver silences nothing; its W00x finding says why, beside the finding it meant to silence."""
    from generator.check.rules.waivers import waiver_valid  # defined once, beside the rules that explain a refusal

    return waiver_valid(waiver, process, context)


def _waived_places(waiver, process: Process) -> tuple[tuple[int, int, int, int], ...]:
    """Where a waiver scoped to items silences its rule (empty: the whole spec)."""
    from generator.check.rules.waivers import waived_places

    return waived_places(waiver, process)
