"""The optional repository configuration, `.playbook.yaml`: rule severities, options, extra certifications."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from msgspec import Struct, field

from generator.check.rules import RULES
from generator.check.rules.countries import country_code, country_hint
from generator.check.rules.validation import leaves, spec_validator
from generator.spec.findings import Finding
from generator.spec.loader import load
from generator.spec.schema import (
    CERTIFICATIONS,
    CONFIG_SCHEMA,
    DEFAULT_CERTIFICATION_CATEGORY,
    PERSONAL_DATA_CATEGORIES,
    Certification,
)

CONFIG_FILE = ".playbook.yaml"


# The rule options of `.playbook.yaml` with their defaults: every key of CONFIG_SCHEMA with an example value
# other than `rules` and `certifications` (the schema's example is the documented default).
OPTIONS: Mapping[str, object] = MappingProxyType(
    {key: rule["meta"]["example"] for key, rule in CONFIG_SCHEMA.items() if key not in ("rules", "certifications")}
)


class Config(Struct, frozen=True):
    # Rule code -> "error", "warning" or "off"; codes not named keep their default severity.
    severities: Mapping[str, str] = field(default_factory=dict)
    # Option name -> value, for every option in OPTIONS (defaults filled in).
    options: Mapping[str, object] = field(default_factory=lambda: OPTIONS)
    # Certification id -> its name and category: the built-in catalogue and the organisation's own.
    certifications: Mapping[str, Certification] = field(default_factory=lambda: MappingProxyType(dict(CERTIFICATIONS)))
    path: str | None = None

    @classmethod
    def with_options(cls, **options: object) -> Config:
        """The default configuration with some options changed (for tests and callers in code)."""
        unknown = set(options) - set(OPTIONS)
        if unknown:
            raise KeyError(f"unknown options: {', '.join(sorted(unknown))}")
        return cls(options=MappingProxyType({**OPTIONS, **options}))


class ConfigError(Exception):
    """The configuration file cannot be used; carries findings that say where and why."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f"{f.mark}: {f.full_message}" for f in findings))
        self.findings = findings


def load_config(path: str | None, known_codes: frozenset[str]) -> Config:
    """Read `path`, or `.playbook.yaml` in the current directory when present; defaults otherwise."""
    if path is None:
        if not os.path.exists(CONFIG_FILE):
            return Config()
        path = CONFIG_FILE
    document, findings = load(path)
    if document is None and [f.code for f in findings] == ["Y005"]:
        return Config(path=path)  # only comments, as `playbook init` writes it: every default holds
    if findings or document is None:
        raise ConfigError(findings)
    data = document.data
    if not isinstance(data, dict):
        raise ConfigError([Finding.at(document.mark(()), "the configuration is a mapping of keys")])
    rules = data.get("rules")
    if isinstance(rules, dict):
        # YAML 1.1 reads an unquoted `off` as false; in this file it can only mean the severity "off".
        data = {**data, "rules": {code: "off" if level is False else level for code, level in rules.items()}}
    validator = spec_validator(CONFIG_SCHEMA)
    if not validator.validate(data, normalize=False):
        raise ConfigError(
            [
                Finding.at(
                    document.mark(tuple(error.document_path)),
                    f"{'.'.join(map(str, error.document_path))}: "
                    f"{error.rule or 'unknown key'} ({error.constraint or error.value!r})",
                )
                for error in leaves(validator._errors)
            ]
        )
    severities = data.get("rules") or {}
    unknown = sorted(set(severities) - known_codes)
    if unknown:
        raise ConfigError(
            [Finding.at(document.key_mark(("rules", code)), f"unknown rule code {code}") for code in unknown]
        )
    # A file the loader cannot read (as written) is never checked at all, so saying so must stay an error.
    locked = sorted(
        code
        for code, level in severities.items()
        if level != "error" and code in RULES and RULES[code].family == "syntax"
    )
    if locked:
        raise ConfigError(
            [
                Finding.at(
                    document.key_mark(("rules", code)),
                    f"{code} cannot be turned {'off' if severities[code] == 'off' else 'down to a warning'}: "
                    "a file that does not parse is never checked",
                    hint=f"remove {code} from rules; syntax codes always stay errors",
                )
                for code in locked
            ]
        )
    unreadable = list(_unknown_names(data, document))
    if unreadable:
        raise ConfigError(unreadable)
    catalogue = dict(CERTIFICATIONS)
    catalogue.update(
        {
            c["id"]: Certification(c["name"], c.get("category") or DEFAULT_CERTIFICATION_CATEGORY)
            for c in data.get("certifications") or ()
        }
    )
    return Config(
        severities=MappingProxyType(dict(severities)),
        options=MappingProxyType({key: data.get(key, default) for key, default in OPTIONS.items()}),
        certifications=MappingProxyType(catalogue),
        path=path,
    )


def _unknown_names(data: dict, document) -> Iterator[Finding]:
    """Countries and categories the options name that nothing knows: an amendment that would silently change
    nothing, or a phrase whose category no rule could ask for."""
    for option in ("adequacy_added", "adequacy_withdrawn"):
        for law, countries in (data.get(option) or {}).items():
            for index, written in enumerate(countries or ()):
                if country_code(written) is None:
                    yield _unknown_country(document.mark((option, law, index)), written)
    client = data.get("client_country") or ()
    for index, written in enumerate([client] if isinstance(client, str) else client):
        if country_code(written) is None:
            where = ("client_country",) if isinstance(client, str) else ("client_country", index)
            yield _unknown_country(document.mark(where), written)
    categories = set(PERSONAL_DATA_CATEGORIES) | {
        c.get("id") for c in data.get("personal_data_categories") or () if isinstance(c, dict)
    }
    for phrase, category in (data.get("personal_data_phrases") or {}).items():
        if category not in categories:
            yield Finding.at(
                document.mark(("personal_data_phrases", phrase)),
                f"personal_data_phrases: '{phrase}' names category '{category}', which is in no catalogue",
                hint="use a category of personal_data, or add it under personal_data_categories",
            )


def _unknown_country(mark, written: str) -> Finding:
    return Finding.at(mark, f"'{written}' is not a country this tool knows", hint=country_hint(str(written)))
