"""The plain data that flows from the loader and the rules to the reporters: marks, findings, results."""

from __future__ import annotations

import enum

from msgspec import Struct, field
from msgspec.structs import replace


# Structs (msgspec), as everywhere the checker's data is made: see generator/spec/model.py for why.
# gc=False: a portfolio holds a mark for every value, and a mark (text and numbers) can never be part of a
# reference cycle, so the garbage collector need not track them.
class Mark(Struct, frozen=True, order=True, gc=False):
    """A place in a file, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Finding(Struct, frozen=True):
    """One problem at one place.

    Rules and the loader create findings with `Finding.at`; the engine fills in the code (from the rule
    that yielded it) and the severity (from the rule's default, the configuration and the spec's status).
    """

    mark: Mark
    message: str
    hint: str = ""
    code: str = ""
    severity: Severity = Severity.ERROR

    @classmethod
    def at(cls, mark: Mark, message: str, hint: str = "", code: str = "") -> Finding:
        return cls(mark=mark, message=message, hint=hint, code=code)

    def with_(self, **changes) -> Finding:
        return replace(self, **changes)

    @property
    def path(self) -> str:
        return self.mark.path

    @property
    def line(self) -> int:
        return self.mark.line

    @property
    def column(self) -> int:
        return self.mark.column

    @property
    def full_message(self) -> str:
        """The message and, where there is one, what to write instead."""
        return f"{self.message}: {self.hint}" if self.hint else self.message


class RuleInfo(Struct, frozen=True):
    """What a reporter may know of a rule: its code, title, default level and where it is documented."""

    code: str
    title: str
    severity: Severity
    summary: str = ""
    help_uri: str = ""
    # The rule's documentation as Markdown (what, why, a failing and a passing example).
    help: str = ""


class AppliedWaiver(Struct, frozen=True):
    """A waiver that silenced a rule for a spec: listed in every output so that exceptions stay visible."""

    spec_id: str
    path: str
    rule: str
    reason: str
    approved_by: str
    expires: str
    silenced: int
    line: int = 0  # where the waiver is written in its spec
    items: tuple[str, ...] = ()  # the ids it is for; none: the whole spec
    # Where those items are written, as (line, column, end line, end column) with the end excluded: a
    # finding of the rule placed there is silenced, one elsewhere stays.
    places: tuple[tuple[int, int, int, int], ...] = ()
    silences: tuple[str, ...] = ()  # what it silenced in this run, "line:column message", for the record


class SpecSummary(Struct, frozen=True):
    id: str
    path: str
    kind: str  # "process" or "vendor"
    status: str = ""
    readiness: int | None = None
    # An error of its own (after waivers and levels): the spec cannot be handed over as it stands, and its
    # readiness is below 100 whatever the completeness rules say.
    blocked: bool = False


class Result(Struct):
    """Everything one `playbook check` found, ready for any reporter."""

    findings: list[Finding] = field(default_factory=list)
    specs: list[SpecSummary] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    waivers: list[AppliedWaiver] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def summary(self) -> dict[str, object]:
        return {
            "specs": len(self.specs),
            "processes": sum(1 for s in self.specs if s.kind == "process"),
            "vendors": sum(1 for s in self.specs if s.kind == "vendor"),
            "errors": self.errors,
            "warnings": self.warnings,
            "waived": sum(w.silenced for w in self.waivers),
        }
