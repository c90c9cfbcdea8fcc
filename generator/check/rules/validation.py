"""Schema validation: a parsed document against the one cerberus schema, errors turned into findings.

The validators are built once per run (`SchemaChecker`) and validate without normalization: the document
is only read, never rewritten. Each cerberus error becomes one finding at the key or value it is about.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING

from msgspec.structs import replace

from generator.check.rules.registry import declare
from generator.spec.findings import Finding
from generator.spec.loader import Document
from generator.spec.schema import (
    DATE_PATTERN,
    DURATION_PATTERN,
    EMAIL_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    PHONE_PATTERN,
    PROCESS_SCHEMA,
    SPEC_VERSION,
    TYPE_WORDS,
    VENDOR_SCHEMA,
    rule_at,
    subschema,
)

if TYPE_CHECKING:
    from cerberus import Validator as SpecValidator
    from cerberus.errors import ValidationError

declare(
    "S001",
    "unknown_key",
    "schema",
    """What: a key that format v1 does not know, often a typo.
    Why: a misspelt key is silently ignored by every reader; the playbook would lack what the author wrote.
    Fails:
      sumary: Handle customer disputes about invoices.
    Passes:
      summary: Handle customer disputes about invoices.
    """,
)
declare(
    "S002",
    "missing_required_key",
    "schema",
    """What: a key that must always be present is missing or empty (ids, names, `spec`, `status`, `owner`).
    Why: without these nothing else in the spec can be identified or referred to.
    Fails:
      roles:
        - {id: vendor-agent, party: vendor}
    Passes:
      roles:
        - {id: vendor-agent, party: vendor, title: Tier-1 billing agent}
    """,
)
declare(
    "S003",
    "wrong_type",
    "schema",
    """What: a value of the wrong kind: a list where a mapping belongs, text where a number belongs.
    Why: the value cannot be read as meant.
    Fails:
      kpis:
        - {id: fcr, name: First-contact resolution, target: eighty-five}
    Passes:
      kpis:
        - {id: fcr, name: First-contact resolution, target: 85}
    """,
)
declare(
    "S004",
    "value_not_allowed",
    "schema",
    """What: a value outside the list of allowed values (status, criticality, units, cadences, ...).
    Why: these values drive rules and the playbook; an unknown one cannot be interpreted.
    Fails:
      criticality: very high
    Passes:
      criticality: high
    """,
)
declare(
    "S005",
    "malformed_value",
    "schema",
    """What: an id, e-mail address, date, duration or language code that is not written in its format, or
    a number that is not finite (`.nan`, `.inf`, or too large to compute with).
    Why: ids become page addresses and references; dates, durations and figures are compared and computed.
    Fails:
      steps:
        - {id: Triage Step, name: Triage, sla: 4 hours}
    Passes:
      steps:
        - {id: triage, name: Triage, sla: 4h}
    """,
)
declare(
    "S006",
    "file_name_differs_from_id",
    "schema",
    """What: the spec's `id` differs from its file name (without `.yaml`).
    Why: people find a process by its file; the id and the page address must match it.
    Fails:
      # process_specs/billing.yaml
      id: billing-disputes
    Passes:
      # process_specs/billing-disputes.yaml
      id: billing-disputes
    """,
)
declare(
    "S007",
    "duplicate_id",
    "schema",
    """What: two spec files, or two items of one list (roles, steps, KPIs, ...), or a step and a routine,
    share an id.
    Why: every reference to that id would be ambiguous, and two pages would claim one address.
    Fails:
      roles:
        - {id: agent, party: vendor, title: Agent}
        - {id: agent, party: vendor, title: Senior agent}
    Passes:
      roles:
        - {id: agent, party: vendor, title: Agent}
        - {id: senior-agent, party: vendor, title: Senior agent}
    """,
)
declare(
    "S008",
    "unsupported_spec_version",
    "schema",
    """What: `spec` is missing a supported format version; this tool reads version 1.
    Why: a file written for another format version would be misread key by key.
    Fails:
      spec: 2
    Passes:
      spec: 1
    """,
)

declare(
    "S009",
    "spec_in_the_wrong_folder",
    "schema",
    """What: a vendor file saved among the process files, or a process file saved in `vendors/`.
    Why: the folder says what a file is; read as the other kind, every key would be an error and the
    vendor (or process) would be missing from every check and page.
    Fails:
      # process_specs/acme-bpo.yaml
      spec: 1
      id: acme-bpo
      name: Acme BPO
    Passes:
      # process_specs/vendors/acme-bpo.yaml
      spec: 1
      id: acme-bpo
      name: Acme BPO
    """,
)


def _key_homes(schema: dict, parent: str = "", homes: dict | None = None) -> dict[str, list[str]]:
    """Where each key of a schema may stand: key -> the parents it belongs under (`transition`, `steps`)."""
    homes = {} if homes is None else homes
    for key, rule in schema.items():
        homes.setdefault(key, []).append(parent)
        while rule.get("type") == "list":
            rule = rule.get("schema", {})
        if rule.get("type") == "dict" and "schema" in rule:
            _key_homes(rule["schema"], f"{parent}.{key}" if parent else key, homes)
    return homes


_HINTS_BY_FORMAT = {
    "id": "use lowercase letters, digits and hyphens, starting with a letter or digit, e.g. billing-lead",
    "date": "write a date as YYYY-MM-DD, e.g. 2026-03-02",
    "number": "write a figure such as 85; .nan, .inf and numbers beyond 1e308 cannot be compared or shown",
}
_HINTS_BY_PATTERN = {
    r"\d+(\.\d+)?(m|h|d|bd)": "write a number and m, h, d or bd (business days), e.g. 4h or 2bd",
    EMAIL_PATTERN: "write an e-mail address, e.g. dana.ruiz@example.com",
    LANGUAGE_PATTERN: "write a BCP 47 language tag, e.g. en, es-419, pt-BR or zh-Hant-TW",
    PHONE_PATTERN: "write the number as dialled from abroad: + and the country code, e.g. +44 20 7946 0123",
}
# Keys that belong elsewhere for a reason worth saying, by (parent, key).
_MISPLACED_HINTS = {
    ("routines", "next"): "a routine runs at its cadence, outside the flow of each case, so nothing follows it: "
    "remove next, or make it a step if every case passes through it",
}
# Where refused_ids keeps the KPIs that a check-in the schema refused reviews.
REVIEWED_BY_A_REFUSED_CHECKIN = "checkins.kpis"
# Words people write for an allowed value, by the value: not close in spelling, so difflib cannot offer them.
_SYNONYMS = {
    "fortnightly": "biweekly",
    "bi-weekly": "biweekly",
    "every two weeks": "biweekly",
    "annually": "yearly",
    "annual": "yearly",
    "every day": "daily",
    "per shift": "shift",
    "each shift": "shift",
    "every shift": "shift",
    "every quarter": "quarterly",
    "every month": "monthly",
    "every week": "weekly",
    "standard contractual clauses": "sccs",
    "scc": "sccs",
    "eu sccs": "sccs",
    "binding corporate rules": "bcrs",
    "bcr": "bcrs",
    "idta": "uk-idta",
    "international data transfer agreement": "uk-idta",
    "uk addendum": "uk-addendum",
    "adequacy decision": "adequacy",
    "data privacy framework": "adequacy",
    "dpf": "adequacy",
}
# Keys that name one role, written as a list (`responsible: [a, b]`): what to do with the others.
_ONE_ROLE_HINTS = {
    "responsible": "one role does the work: keep it here, put the other in consulted (or informed), or split "
    "the step in two, one for each role's part",
    "accountable": "one role answers for the work: keep it here and put the other in consulted or informed",
    "to": "an escalation goes to one role; the next level belongs in governance.escalation_path",
    "owner": "one role owns it: keep it here; the others can be consulted where the work is done",
}
# The figure of a number field written with its unit or separators: `99.5%`, `2,000`, `$40`, `4.2/5`.
_FIGURE_IN_TEXT = re.compile(r"[^\d\-]*(-?\d[\d,]*(\.\d+)?)\s*(%|[A-Za-z/].*)?")


def spec_validator(schema: dict) -> SpecValidator:
    """A cerberus validator for `schema` with the checks our schemas name; the specs and `.playbook.yaml`
    use it. Cerberus is imported here, when a document first needs it: most checks never do."""
    return _validator_class()(schema)


@functools.cache
def _validator_class():
    import cerberus
    from cerberus import errors as cerr

    class SpecValidator(cerberus.Validator):
        def _validate_regex(self, pattern, field, value):
            """{'type': 'string'}"""
            # cerberus appends `$`, which also matches before a final newline (`id: |` block text): match
            # it all.
            if isinstance(value, str) and not re.fullmatch(pattern, value):
                self._error(field, cerr.REGEX_MISMATCH)

        def _check_with_finite(self, field, value):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and not _finite(value):
                self._error(field, "not a finite number")

        def _check_with_language(self, field, value):
            # Well-formed is not enough: `sp` fits the pattern and is no language. Babel (CLDR, already
            # installed with Material) knows the registered ones, with their aliases (`tl` is Filipino).
            if isinstance(value, str) and re.fullmatch(LANGUAGE_PATTERN, value) and not _known_language(value):
                self._error(field, "not a known language")

        def _check_with_isodate(self, field, value):
            if isinstance(value, str) and not _is_date(value):
                self._error(field, "not a date")

    return SpecValidator


@functools.lru_cache(maxsize=1024)
def _known_language(tag: str) -> bool:
    """Whether CLDR knows the language tag (`sp` is well formed and no language; `tl` is Filipino). Parsed
    once per tag and run: a portfolio repeats the same few."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _as_id(value: object) -> str | None:
    """The id an owner most likely meant (`AP_Processor`, `ap processor`: `ap-processor`), if it is one."""
    if not isinstance(value, str):
        return None
    fixed = re.sub(r"[\s_]+", "-", value.strip().lower())
    return fixed if fixed != value and re.fullmatch(ID_PATTERN, fixed) else None


def _tag_of_language_named(name: object) -> str | None:
    """The tag of a language written by its English name (English: en, Dutch: nl), from CLDR's names."""
    if not isinstance(name, str):
        return None
    return _tags_by_name().get(name.strip().lower())


@functools.cache
def _tags_by_name() -> dict[str, str]:
    from babel import Locale

    tags: dict[str, str] = {}
    for tag, language in Locale("en").languages.items():
        if "_" not in tag:  # languages, not regional variants (en_GB: British English)
            tags.setdefault(language.lower(), tag)
    return tags


def _is_date(value: object) -> bool:
    if isinstance(value, dt.date):
        return True
    try:
        return isinstance(value, str) and bool(re.fullmatch(DATE_PATTERN, value) and dt.date.fromisoformat(value))
    except ValueError:
        return False


def _finite(value: object) -> bool:
    try:  # a whole number too large to become a float is not finite either
        return math.isfinite(value)
    except OverflowError:
        return False


# The fast path: most documents are valid, and cerberus' generic walk is half the time of a check. A schema
# compiled into plain predicates answers "valid?" for the rules our schemas use; when it says no, or meets a
# rule it does not know, cerberus validates as before and its errors are the findings. So findings and their
# wording are cerberus' alone; the fast path may only skip cerberus on a document cerberus would accept
# (tests/check/rules/test_validation_fast.py checks both verdicts on every fixture, example and mutation).
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "dict": lambda v: isinstance(v, dict),
    "list": lambda v: isinstance(v, list),
    ("date", "string"): lambda v: isinstance(v, (str, dt.date)),
    ("string", "list"): lambda v: isinstance(v, (str, list)),  # one value, or a list of them
}
_CHECKS = {"finite": _finite, "language": _known_language, "isodate": _is_date}
_KNOWN_RULES = {"type", "required", "nullable", "meta", "allowed", "regex", "schema", "check_with", "min"}


class _Unsupported(Exception):
    """A schema rule the fast path does not know: the schema is then always left to cerberus."""


def _among(value, allowed: frozenset) -> bool:
    """Whether a scalar is one of the allowed values (a boolean is never a number here)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and value in allowed


def _compile_field(rule: dict):
    if set(rule) - _KNOWN_RULES:
        raise _Unsupported(sorted(set(rule) - _KNOWN_RULES))
    kind = rule.get("type")
    is_type = _TYPES.get(tuple(kind) if isinstance(kind, list) else kind)
    if is_type is None:
        raise _Unsupported(kind)
    nullable = rule.get("nullable", False)
    allowed = frozenset(rule["allowed"]) if "allowed" in rule else None
    pattern = re.compile(rule["regex"]) if "regex" in rule else None
    check = _CHECKS.get(rule.get("check_with")) if "check_with" in rule else None
    least = rule.get("min")
    if "check_with" in rule and check is None:
        raise _Unsupported(rule["check_with"])
    nested = rule.get("schema")
    if nested is not None and kind == "dict":
        inner = _compile_mapping(nested)
    elif nested is not None and kind == "list":
        inner = _compile_field(nested)
    elif nested is not None:
        raise _Unsupported("schema on a scalar")
    else:
        inner = None

    def valid(value) -> bool:
        if value is None:
            return nullable
        if not is_type(value):
            return False
        if isinstance(value, list):
            if allowed is not None and not all(_among(v, allowed) for v in value):
                return False
            return inner is None or all(inner(item) for item in value)
        if allowed is not None and not _among(value, allowed):
            return False
        if pattern is not None and isinstance(value, str) and not pattern.fullmatch(value):
            return False
        if check is not None and not check(value):
            return False
        if least is not None and isinstance(value, int | float) and value < least:
            return False
        return inner is None or inner(value)

    return valid


def _compile_mapping(schema: dict):
    fields = {key: _compile_field(rule) for key, rule in schema.items()}
    required = frozenset(key for key, rule in schema.items() if rule.get("required"))

    def valid(mapping) -> bool:
        if not isinstance(mapping, dict) or not required <= mapping.keys():
            return False
        return all(key in fields and fields[key](value) for key, value in mapping.items())

    return valid


def compile_schema(schema: dict):
    """A predicate that is True only for documents cerberus would accept against `schema` (False says
    nothing: ask cerberus); a schema with a rule it does not know compiles to "always ask cerberus"."""
    try:
        return _compile_mapping(schema)
    except _Unsupported:
        return lambda document: False


def _type_word(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if value is None:
        return "empty (null)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


class SchemaChecker:
    """Validates documents against the process and vendor schemas; built once per run."""

    def __init__(self) -> None:
        self.schemas = {"process": PROCESS_SCHEMA, "vendor": VENDOR_SCHEMA}
        self._validators: dict[str, SpecValidator] = {}
        self.homes = {kind: _key_homes(schema) for kind, schema in self.schemas.items()}
        self.fast = {kind: compile_schema(schema) for kind, schema in self.schemas.items()}

    def check(self, document: Document, kind: str) -> list[Finding]:
        schema = self.schemas[kind]
        if not isinstance(document.data, dict):
            return [
                Finding.at(
                    document.mark(()),
                    f"a spec is a mapping of keys, not {_type_word(document.data)}",
                    hint="start with `spec: 1` and `id: ...` on their own lines",
                    code="S003",
                )
            ]
        misplaced = self._in_the_wrong_folder(document, kind)
        if misplaced:
            return [misplaced]
        findings = [] if document.data.get("spec") in (SPEC_VERSION, None) else [self._version(document)]
        if not self.fast[kind](document.data):
            validator = self.validator(kind)
            validator.validate(document.data, normalize=False)
            for error in leaves(validator._errors):
                if tuple(error.document_path) == ("spec",) and findings:
                    continue
                findings.append(self._finding(document, schema, error))
        findings.extend(self._file_name(document))
        findings.extend(_duplicate_ids(document, document.data, ()))
        if kind == "process":
            findings.extend(_routine_ids_of_steps(document))
        findings.extend(_text_cut_by_comment(document, schema))
        return findings

    def validator(self, kind: str) -> SpecValidator:
        """Cerberus's validator for `kind`, built when a document first needs it: building one validates
        the schema itself, which cost more than checking a handful of valid specs."""
        if kind not in self._validators:
            self._validators[kind] = spec_validator(self.schemas[kind])
        return self._validators[kind]

    def readable_part(self, document: Document, kind: str) -> tuple[Document, bool] | None:
        """The document without the values the schema refuses, so that the rules can still judge the rest
        of a spec with one slip in it, and whether a required key of the spec itself is missing or refused
        (its title, its owner): the rest is judged, but such a spec cannot be scored. None when too little is
        left (no id, status or format version, or the file is the other kind). Values are dropped, never
        guessed: a refused value counts as absent, and whatever rule needs it fails."""
        if not isinstance(document.data, dict) or self._in_the_wrong_folder(document, kind):
            return None
        from cerberus import errors as cerr

        validator = self.validator(kind)
        part = replace(document, data=copy.deepcopy(document.data), refused_ids={}, refused_keys=[])
        lacks_own_key = False
        for _ in range(8):  # each round drops what the last refused; nesting makes a few rounds at most
            if validator.validate(part.data, normalize=False):
                return part, lacks_own_key
            refused = set()
            for error in leaves(validator._errors):
                path = tuple(error.document_path)
                if error.code == cerr.REQUIRED_FIELD.code:
                    if len(path) == 1 and path[0] not in _KEYS_EVERY_RULE_NEEDS:
                        lacks_own_key = True  # Tried from outside: one bad e-mail of the owner hid every finding
                        continue
                    path = path[:-1]  # the mapping that lacks the key goes
                if not path:
                    return None
                refused.add(path)
            if not refused:
                return part, lacks_own_key  # only keys of its own are missing: the rest reads
            # Deepest and last first, so that dropping one entry of a list never moves another still to go.
            for path in sorted(refused, key=_path_order, reverse=True):
                _remember_refused(part, path)
                part = _without(part, path)
        return None

    def _in_the_wrong_folder(self, document: Document, kind: str) -> Finding | None:
        """S009 when the file's keys are the other kind's and not this kind's."""
        other = "vendor" if kind == "process" else "process"
        keys = set(document.data) - {"spec", "id"}  # type: ignore[arg-type]
        mine, theirs = set(self.schemas[kind]), set(self.schemas[other])
        if not keys or keys <= mine or not keys <= theirs:
            return None
        where = "the vendors/ folder beside the process files" if other == "vendor" else "the folder above vendors/"
        return Finding.at(
            document.mark(()),
            f"this is a {other} file, saved where {kind} files go",
            hint=f"move {PurePath(document.path).name} to {where}",
            code="S009",
        )

    @staticmethod
    def _version(document: Document) -> Finding:
        value = document.data.get("spec")  # type: ignore[union-attr]
        return Finding.at(
            document.mark(("spec",)),
            f"unsupported spec version {value!r}; this tool reads version {SPEC_VERSION}",
            hint=f"write spec: {SPEC_VERSION}",
            code="S008",
        )

    @staticmethod
    def _file_name(document: Document) -> Iterator[Finding]:
        spec_id = document.data.get("id")  # type: ignore[union-attr]
        stem = PurePath(document.path).stem
        if isinstance(spec_id, str) and spec_id != stem:
            yield Finding.at(
                document.mark(("id",)),
                f"id '{spec_id}' differs from the file name '{stem}'",
                hint=f"rename the file to {spec_id}.yaml, or write id: {stem}",
                code="S006",
            )

    def _finding(self, document: Document, schema: dict, error: ValidationError) -> Finding:
        from cerberus import errors as cerr

        path = tuple(error.document_path)
        rule = rule_at(schema, path) or {}
        meta = rule.get("meta", {})
        name = _name(path, meta)
        code = error.code
        if code == cerr.UNKNOWN_FIELD.code:
            allowed = sorted((subschema(schema, path[:-1]) or {}).keys())
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            homes = [h for h in self.homes["process" if schema is PROCESS_SCHEMA else "vendor"].get(str(name), [])]
            parent = next((p for p in reversed(path[:-1]) if not isinstance(p, int)), "")
            holder = _holder_that_takes(document, schema, path, str(name))
            if (parent, name) in _MISPLACED_HINTS:
                hint = _MISPLACED_HINTS[parent, name]
            elif holder:
                # Tried from outside: a step's sla and next indented under its escalation.
                hint = (
                    f"'{name}' is a key of {holder}, not of its '{parent}': indent it as far as '{parent}:' "
                    f"(one level less)"
                )
            elif close:
                hint = f"did you mean '{close[0]}'?"
            elif homes:
                # A known key in the wrong place: usually an indentation slip, or a section written flat.
                places = " or ".join(f"'{h}'" if h else "the top level" for h in homes)
                hint = f"'{name}' belongs under {places}: move it there, indented below that key"
            else:
                hint = f"allowed here: {', '.join(allowed)}"
            if error.value is None and not close:
                # `{agenda: KPI review, escalations}`: inside braces a comma ends the value.
                hint += "; if it belongs to the value before it, quote that value: a comma ends a value in { }"
            return Finding.at(document.key_mark(path), f"unknown key '{name}'", hint=hint, code="S001")
        if code == cerr.REQUIRED_FIELD.code:
            example = meta.get("example")
            hint = f"add {name}: {example}" if example is not None else f"add {name}: ..."
            return Finding.at(document.key_mark(path[:-1]), f"missing required key '{name}'", hint=hint, code="S002")
        if code == cerr.NOT_NULLABLE.code:
            return Finding.at(
                document.key_mark(path),
                f"'{name}' has no value",
                code="S002",
                hint=f"write a value after '{name}:'",
            )
        value = error.value
        if code == cerr.BAD_TYPE.code:
            expected = error.constraint if isinstance(error.constraint, list) else [error.constraint]
            raw = document.plain_text.get(path)
            # A number written as such (not 010 or 12:30, which YAML 1.1 reads as other numbers than they show).
            plain_number = raw is not None and isinstance(value, (int, float)) and raw == str(value)
            if rule.get("regex") == DURATION_PATTERN and plain_number:
                return Finding.at(
                    document.mark(path),
                    f"{raw} has no unit: a duration is a number and m, h, d or bd",
                    hint=f"add a unit: {raw}m for minutes, {raw}h for hours, {raw}bd for business days",
                    code="S005",
                )
            example = meta.get("example")
            if "string" in expected and plain_number and " " in str(example):
                # `expected: 38000`: quoting would hide that the text is incomplete; the example shows the form.
                return Finding.at(
                    document.mark(path),
                    f"'{name}' is a number alone; it is text that says what the number counts",
                    hint=f"write it in full, e.g. {name}: {example}",
                    code="Y003",
                )
            if "string" in expected and raw is not None:
                return Finding.at(
                    document.mark(path),
                    f"unquoted {raw} is read by YAML as {_type_word(value)}, not as the text {raw!r}",
                    hint=f"quote it: '{raw}'",
                    code="Y003",
                )
            if "number" in expected and isinstance(value, str) and (figure := _FIGURE_IN_TEXT.fullmatch(value.strip())):
                digits, unit = figure.group(1).replace(",", ""), figure.group(3)
                what = "the % sign; the unit is percent" if unit == "%" else "everything but the figure"
                return Finding.at(
                    document.mark(path),
                    f"'{name}' should be a number, not the text {value!r}",
                    hint=f"write {name}: {digits} (drop {what}{'' if unit == '%' else '; unit: says what it counts'})",
                    code="S003",
                )
            words = " or ".join(TYPE_WORDS.get(t, t) for t in expected)
            if isinstance(value, list) and meta.get("format") == "id" and name in _ONE_ROLE_HINTS:
                return Finding.at(
                    document.mark(path),
                    f"'{name}' names one role, not a list of {len(value)}",
                    hint=_ONE_ROLE_HINTS[name],
                    code="S003",
                )
            return Finding.at(document.mark(path), f"'{name}' should be {words}, not {_type_word(value)}", code="S003")
        if code == cerr.UNALLOWED_VALUES.code:  # a list with values outside the allowed ones
            values = list(value)
            value = next((v for v in values if v not in error.constraint), value)
            path = (*path, values.index(value) if value in values else 0)
        if code in (cerr.UNALLOWED_VALUE.code, cerr.UNALLOWED_VALUES.code):
            allowed = ", ".join(str(v) for v in error.constraint)
            choices = [str(v) for v in error.constraint]
            synonym = _SYNONYMS.get(" ".join(str(value).lower().split()))
            close = [synonym] if synonym in choices else difflib.get_close_matches(str(value), choices, n=1)
            hint = f"did you mean '{close[0]}'? Allowed: {allowed}" if close else f"use one of: {allowed}"
            return Finding.at(
                document.mark(path), f"'{value}' is not an allowed value of '{name}'", hint=hint, code="S004"
            )
        if code in (cerr.REGEX_MISMATCH.code, cerr.CUSTOM.code):
            hint = _HINTS_BY_FORMAT.get(meta.get("format", "")) or _HINTS_BY_PATTERN.get(str(rule.get("regex", "")), "")
            if meta.get("format") == "id" and (fixed := _as_id(value)):
                hint = f"write {fixed}: {hint}"  # Tried from outside: ap_processor in nineteen places
            if rule.get("regex") == LANGUAGE_PATTERN and (tag := _tag_of_language_named(value)):
                # Tried from outside: [English, Dutch, German]. Norwegian's tag is YAML 1.1's false unquoted.
                hint = f"write the language's tag: {tag!r}" if tag == "no" else f"write the language's tag: {tag}"
            if meta.get("format") == "number":
                shown = _shorten(document.plain_text.get(path) or repr(value))
                if isinstance(value, float) and math.isnan(value):
                    problem = "is not a number"
                elif "inf" in shown.lower():
                    problem = "is infinite"
                else:  # 1.0e+400 (read as infinity) or a whole number of hundreds of digits
                    problem = "is too large to compute with"
                return Finding.at(document.mark(path), f"{name} {shown} {problem}", hint=hint, code="S005")
            # repr shows what the eye cannot, such as the final newline of an `id: |` block.
            shown = f"'{value}'" if str(value).isprintable() else repr(value)
            return Finding.at(document.mark(path), f"{shown} is not a valid {name}", hint=hint, code="S005")
        return Finding.at(document.mark(path), f"'{name}': {error.rule} rule failed", code="S003")


# Without these a spec is not judged at all: its id names it, its status sets every finding's level.
_KEYS_EVERY_RULE_NEEDS = ("spec", "id", "status")


# The spec's own lists of entries with ids, which other parts of a spec refer to.
_LISTS_OF_IDS = ("roles", "inputs", "outputs", "tools", "steps", "routines", "kpis")


def _holder_that_takes(document: Document, schema: dict, path: tuple, name: str) -> str:
    """For an unknown key in a mapping whose own holder takes that key (a step's `sla` indented under its
    `escalation`): the holder as a message names it ("step 'resolve'"), else empty."""
    if len(path) < 3 or isinstance(path[-2], int):
        return ""
    holder = subschema(schema, path[:-2])
    if not holder or name not in holder:
        return ""
    entry = _value_at(document.data, path[:-2])
    if isinstance(path[-3], int) and isinstance(path[-4] if len(path) > 3 else None, str):
        noun = {"kpis": "KPI", "steps": "step", "routines": "routine", "roles": "role"}.get(path[-4], "the entry")
        ident = entry.get("id") if isinstance(entry, dict) else None
        return f"{noun} '{ident}'" if isinstance(ident, str) else f"the {noun}"
    return f"'{path[-3]}'" if isinstance(path[-3], str) else "the mapping that holds it"


def _remember_refused(document: Document, path: tuple) -> None:
    """Before a value goes: the key that held it (for an entry of a list, the list's key), and the ids it
    declared, for an entry of one of the spec's own lists (roles, steps, kpis, ...) or for a whole such list
    under a wrong key (`Steps:`, or `kpis:` indented under governance)."""
    key_at = len(path) - (2 if isinstance(path[-1], int) and len(path) > 1 else 1)
    if isinstance(path[key_at], str):
        where = document.key_mark(path) if isinstance(path[-1], str) else document.mark(path)
        document.refused_keys.append((document.mark(path[:key_at]), path[key_at], where))
    if path[-1] in _LISTS_OF_IDS or (str(path[-1]).lower() in _LISTS_OF_IDS and len(path) == 1):
        entries = _value_at(document.data, path)
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            _remember_id(document, str(path[-1]).lower(), entry, (*path, index))
    elif len(path) == 2 and path[0] in _LISTS_OF_IDS and isinstance(path[1], int):
        _remember_id(document, path[0], _value_at(document.data, path), path)
    elif len(path) == 3 and path[:2] == ("governance", "checkins"):
        # The KPIs a refused check-in reviews: K008 must not blame them for a meeting whose cadence is
        # misspelt (Tried from outside: `cadence: fortnightly`).
        entry = _value_at(document.data, path)
        kpis = entry.get("kpis") if isinstance(entry, dict) else None
        for index, kpi in enumerate(kpis if isinstance(kpis, list) else ()):
            if isinstance(kpi, str):
                document.refused_ids.setdefault(REVIEWED_BY_A_REFUSED_CHECKIN, {}).setdefault(
                    kpi, document.mark((*path, "kpis", index))
                )


def _remember_id(document: Document, name: str, entry: object, path: tuple) -> None:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        document.refused_ids.setdefault(name, {}).setdefault(entry["id"], document.mark((*path, "id")))


def _value_at(data: object, path: tuple) -> object:
    for part in path:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _without(document: Document, path: tuple) -> Document:
    """The document without the value at `path`. An entry of a list goes alone: one role with a wrong
    party must not take every role with it (and make each step's responsible "undeclared"); the entries
    after it move up one place, and so do their marks."""
    parent: object = document.data
    for part in path[:-1]:
        try:
            parent = parent[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return document  # already gone with an ancestor
    last = path[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
        return document
    if not isinstance(parent, list) or not isinstance(last, int) or last >= len(parent):
        return document
    del parent[last]
    depth = len(path) - 1

    def moved(marks: dict) -> dict:
        kept = {}
        for where, value in marks.items():
            if len(where) > depth and where[:depth] == path[:-1]:
                index = where[depth]
                if index == last:
                    continue  # the entry's own marks go with it
                if index > last:
                    where = (*where[:depth], index - 1, *where[depth + 1 :])
            kept[where] = value
        return kept

    return replace(
        document,
        value_marks=moved(document.value_marks),
        key_marks=moved(document.key_marks),
        plain_text=moved(document.plain_text),
        cut_by_comment=moved(document.cut_by_comment),
    )


def _path_order(path: tuple) -> tuple:
    # Keys and list positions never meet at one place of one path, but sort them apart all the same.
    return tuple((1, part) if isinstance(part, int) else (0, str(part)) for part in path)


def _name(path: tuple, meta: dict) -> str:
    """What to call the value at `path` in a message: its key, or for a list entry what the entry is."""
    if not path:
        return "spec"
    if not isinstance(path[-1], int):
        return str(path[-1])
    doc = str(meta.get("doc", ""))
    if doc and len(doc) < 40 and not doc.endswith("."):
        return doc.removeprefix("a ").removeprefix("an ")
    parent = next((p for p in reversed(path) if not isinstance(p, int)), "spec")
    return f"entry of {parent}"


def _text_cut_by_comment(document: Document, schema: dict) -> Iterator[Finding]:
    """Y009: in a free-text field, ` #` after an unquoted value drops the rest of the line as a comment."""
    for path, (mark, kept, dropped) in document.cut_by_comment.items():
        rule = rule_at(schema, path)
        if not rule or rule.get("type") != "string" or "regex" in rule or "allowed" in rule:
            continue  # an id, an enum or a date: a comment after it drops nothing the author wrote as text
        yield Finding.at(
            mark,
            f"YAML reads '#{_shorten(dropped)}' as a comment and drops it: the value is only {kept!r}",
            hint=f"quote the whole value: '{kept} #{dropped}'; or, for a comment, put two spaces before the #",
            code="Y009",
        )


def _shorten(text: str) -> str:
    # A number of 400 digits says nothing more in a message than its first few and its length.
    return text if len(text) <= 20 else f"{text[:12]}... ({len(text)} characters)"


def _duplicate_ids(document: Document, data: object, path: tuple) -> Iterator[Finding]:
    """Items of one list (roles, steps, KPIs, ...) that share an id."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _duplicate_ids(document, value, (*path, key))
    elif isinstance(data, list):
        seen: dict[str, int] = {}
        for index, item in enumerate(data):
            yield from _duplicate_ids(document, item, (*path, index))
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                first = document.mark((*path, seen[item_id]))
                yield Finding.at(
                    document.mark((*path, index, "id")),
                    f"id '{item_id}' is used twice in {path[-1]} (first at line {first.line})",
                    hint="give each item its own id",
                    code="S007",
                )
            else:
                seen[item_id] = index


def _routine_ids_of_steps(document: Document) -> Iterator[Finding]:
    """Routines whose id a step already has: steps and routines share one namespace, the ids that page
    anchors, the RACI matrix and findings name them by."""
    steps = document.data.get("steps")  # type: ignore[union-attr]
    routines = document.data.get("routines")  # type: ignore[union-attr]
    if not isinstance(steps, list) or not isinstance(routines, list):
        return
    step_ids: dict[str, int] = {}
    for index, step in enumerate(steps):
        if isinstance(step, dict) and isinstance(step.get("id"), str):
            step_ids.setdefault(step["id"], index)
    for index, routine in enumerate(routines):
        routine_id = routine.get("id") if isinstance(routine, dict) else None
        if isinstance(routine_id, str) and routine_id in step_ids:
            first = document.mark(("steps", step_ids[routine_id]))
            yield Finding.at(
                document.mark(("routines", index, "id")),
                f"id '{routine_id}' is used by a step and a routine (the step at line {first.line})",
                hint="give the routine an id of its own",
                code="S007",
            )


def leaves(errors) -> Iterator[ValidationError]:
    for error in errors:
        if error.is_group_error:
            yield from leaves(error.child_errors)
        else:
            yield error
