"""The table of rules: code, default severity, scope, family and documentation, one row per code.

A row is added by decorating a check function with `@rule`, or with `declare` for codes that the loader
and the schema validation emit themselves. Codes are stable: a retired rule keeps its row, marked retired.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator

from msgspec import Struct, field

from generator.spec.findings import Finding, RuleInfo, Severity

# Families in the order the documentation presents them: the four keys and the five stages of a rollout.
FAMILIES = {
    "syntax": "Syntax: files the loader cannot read as meant",
    "schema": "Schema: keys, types and values",
    "references": "References: ids that must exist",
    "assessment": "Stage 1, strategic assessment: outcome and objectives",
    "outline": "Key 1, outline the process",
    "roles": "Key 2, roles and expectations",
    "kpis": "Key 3, KPIs",
    "checkins": "Key 4, check in and adjust",
    "transition": "Transition, vendor selection and risk",
    "privacy": "Personal data: what the vendor processes, where it goes, how long it stays",
    "portfolio": "Portfolio: across processes",
    "measurements": "Key 3, measurements: the KPI figures in measurements/",
    "changes": "Key 4, changes: revisions, notice periods and acknowledgements",
    "waivers": "Waivers",
}

# A rule's scope says what its check function receives: a process and the context, a vendor and the
# context, or every process's PortfolioEntry at once; codes the loader or schema emit themselves have scope
# "document". Whatever a process or vendor rule reads must be in its file or in the engine's Context: check's
# cache reuses its findings while those are unchanged.
SCOPES = ("document", "process", "vendor", "portfolio")


class RuleDoc(Struct, frozen=True):
    what: str
    why: str
    fails: str
    passes: str

    def markdown(self) -> str:
        """The entry as the rules page and SARIF's rule help show it."""
        return (
            f"**What it checks.** {self.what}\n\n**Why.** {self.why}\n\n"
            f"Fails:\n\n```yaml\n{self.fails}\n```\n\nPasses:\n\n```yaml\n{self.passes}\n```\n"
        )


class Rule(Struct, frozen=True):
    code: str
    name: str
    family: str
    severity: Severity
    scope: str
    completeness: bool
    doc: RuleDoc
    check: Callable[..., Iterator[Finding]] | None = None
    retired: bool = False
    options: tuple[str, ...] = field(default=())
    # Statuses in which an error of the rule blocks; in the others it is a warning: a term the vendor must
    # have before it touches the data is asked for early, and blocks from the pilot on. Empty: every status.
    binding: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return self.name.replace("_", " ")

    def info(self, help_base: str = "") -> RuleInfo:
        return RuleInfo(
            code=self.code,
            title=self.title,
            severity=self.severity,
            summary=self.doc.what,
            help_uri=f"{help_base}#{self.code.lower()}" if help_base else "",
            help=self.doc.markdown(),
        )


RULES: dict[str, Rule] = {}


def parse_doc(docstring: str | None, code: str) -> RuleDoc:
    """Split a rule docstring into its What / Why / Fails / Passes parts (all four are required)."""
    parts: dict[str, list[str]] = {}
    current = None
    # Not inspect.cleandoc: it expands tabs (Y001's example is a tab) and strips the first line of a block
    # whole, which cost nested examples a level of indentation.
    first, _, rest = (docstring or "").partition("\n")
    for line in [first.strip(), *textwrap.dedent(rest).splitlines()]:
        head, _, rest = line.partition(":")
        if head in ("What", "Why", "Fails", "Passes") and not line.startswith(" "):
            current = head
            parts[current] = [rest.strip()] if rest.strip() else []
        elif current is not None:
            parts[current].append(line)
    missing = {"What", "Why", "Fails", "Passes"} - parts.keys()
    if missing:
        raise ValueError(f"rule {code} docstring lacks {', '.join(sorted(missing))}")

    def block(name: str) -> str:
        return textwrap.dedent("\n".join(parts[name])).strip("\n")

    return RuleDoc(what=block("What"), why=block("Why"), fails=block("Fails"), passes=block("Passes"))


def _register(entry: Rule) -> None:
    if entry.code in RULES:
        raise ValueError(f"rule code {entry.code} registered twice")
    if entry.family not in FAMILIES or entry.scope not in SCOPES:
        raise ValueError(f"rule {entry.code}: unknown family {entry.family!r} or scope {entry.scope!r}")
    RULES[entry.code] = entry


def rule(
    code: str,
    family: str,
    severity: str = "error",
    scope: str = "process",
    completeness: bool = True,
    options: tuple[str, ...] = (),
    binding: tuple[str, ...] = (),
) -> Callable:
    """Register a check function under `code`; its docstring is the rule's documentation."""

    def register(check: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        _register(
            Rule(
                code=code,
                name=check.__name__,
                family=family,
                severity=Severity(severity),
                scope=scope,
                completeness=completeness,
                doc=parse_doc(check.__doc__, code),
                check=check,
                options=options,
                binding=binding,
            )
        )
        return check

    return register


def declare(code: str, name: str, family: str, doc: str, severity: str = "error") -> None:
    """Register a code that the loader or the schema validation emits itself."""
    _register(
        Rule(
            code=code,
            name=name,
            family=family,
            severity=Severity(severity),
            scope="document",
            completeness=False,
            doc=parse_doc(doc, code),
        )
    )
