"""The committed spec reference and rule pages are exactly what the schema and the rules generate."""

from pathlib import Path

from generator.authoring.reference import pages
from generator.check.rules import RULES
from generator.spec.schema import PROCESS_SCHEMA

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_committed_docs_are_generated_from_the_code():
    for name, content in pages().items():
        assert (DOCS / name).read_text(encoding="utf-8") == content, f"docs/{name} is stale: run `make docs`"


def test_every_rule_and_every_key_is_documented():
    rules_page, reference = pages()["rules.md"], pages()["spec-reference.md"]
    for code in RULES:
        assert f"### {code} " in rules_page
    for key in PROCESS_SCHEMA:
        assert f"| `{key}` |" in reference
