"""Codes the loader emits (`generator/spec/loader.py`): files that cannot be read as their author meant."""

from generator.check.rules.registry import declare

declare(
    "Y001",
    "yaml_syntax_error",
    "syntax",
    """What: the file is not valid YAML (including tabs used for indentation, undefined aliases, control
    characters, and a tagged value its tag cannot hold, such as `!!bool maybe`).
    Why: nothing else can be checked until the file parses; the finding points at the first problem.
    Fails:
      steps:
      \t- id: triage
    Passes:
      steps:
        - id: triage
    """,
)
declare(
    "Y002",
    "duplicate_key",
    "syntax",
    """What: the same key appears twice in one mapping.
    Why: YAML keeps only the last value, silently, so half of what the author wrote disappears.
    Fails:
      owner: {name: Dana Ruiz, email: dana@example.com}
      owner: {name: Sam Lee, email: sam@example.com}
    Passes:
      owner: {name: Dana Ruiz, email: dana@example.com}
    """,
)
declare(
    "Y003",
    "unquoted_value_not_text",
    "syntax",
    """What: an unquoted value that YAML 1.1 reads as something other than the text the author wrote,
    where text is expected: `no` becomes false, `12:30` becomes 750, `010` becomes 8, `2027-01-11`
    becomes a date.
    Why: the playbook would show a value the author never wrote (Norway's language code `no` as "False").
    Fails:
      communication:
        languages: [en, no]
    Passes:
      communication:
        languages: [en, 'no']
    """,
)
declare(
    "Y004",
    "unreadable_file",
    "syntax",
    """What: the file cannot be read as a spec: missing, unreadable, binary, not UTF-8, or over the size
    limit (1 MiB).
    Why: specs are text that people edit and review in git; anything else is a mistake in the path or
    the file.
    Fails:
      (a PNG file saved as process_specs/billing.yaml)
    Passes:
      (a UTF-8 text file)
    """,
)
declare(
    "Y005",
    "empty_file",
    "syntax",
    """What: the file holds no YAML document, or only comments.
    Why: an empty spec is usually a file created by mistake or an edit that was lost.
    Fails:
      # billing disputes: to be written
    Passes:
      spec: 1
      id: billing-disputes
    """,
)
declare(
    "Y006",
    "file_too_complex",
    "syntax",
    """What: the file nests deeper than 64 levels or expands, through aliases, to more than 100,000 values.
    Why: no spec needs that; it is the shape of an alias bomb that would exhaust memory.
    Fails:
      a: &a [x, x, x, x, x, x, x, x, x]
      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
      f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]
    Passes:
      regulations: [gdpr]
    """,
)
declare(
    "Y007",
    "several_documents",
    "syntax",
    """What: the file holds more than one YAML document (separated by `---`).
    Why: one file describes one process or one vendor; a second document would be ignored.
    Fails:
      spec: 1
      id: billing-disputes
      ---
      spec: 1
      id: card-payments
    Passes:
      spec: 1
      id: billing-disputes
    """,
)
declare(
    "Y008",
    "unsupported_yaml_feature",
    "syntax",
    """What: a YAML tag (`!!python/object`, `!custom`), a merge key (`<<`), or an unquoted `<<` or `=`
    anywhere, which YAML 1.1 reads as a merge key or a value key instead of text.
    Why: specs hold plain values that every reader understands the same way; tags and merges hide
    where a value comes from.
    Fails:
      owner: !!python/object:os.system {}
    Passes:
      owner: {name: Dana Ruiz, email: dana@example.com}
    """,
)
declare(
    "Y009",
    "text_cut_by_comment",
    "syntax",
    """What: an unquoted text value followed by one space and `#` on its line, as in
    `instructions: Pend the claim with code #EX1 for duplicates`.
    Why: YAML reads everything from ` #` to the end of the line as a comment and drops it without a word, so
    the vendor would read "Pend the claim with code" and nothing more. A comment meant as one is set off by
    two spaces, which this rule leaves alone.
    Fails:
      summary: Pend duplicates with code #EX1 and tell the claims lead
    Passes:
      summary: 'Pend duplicates with code #EX1 and tell the claims lead'
    """,
)
declare(
    "Y010",
    "curly_quotes",
    "syntax",
    """What: an unquoted value that starts with a curly quote (“ ‘ „ ‚ «), or ends with one (” ’ ») that
    nothing in it opens, as a text pasted from a word processor has: `responsible: “desk-analyst”`.
    Why: YAML quotes only with straight quotes. Curly ones stay in the value: the role id becomes
    `“desk-analyst”`, which no role has, and in `{when: ‘Priority 1, ward cannot chart’, goto: page}` the comma
    ends the value, leaving `ward cannot chart’` as a key. The message about the id or the key does not say why.
    Fails:
      summary: “Handle customer disputes about invoices.”
    Passes:
      summary: "Handle customer disputes about invoices."
    """,
    severity="warning",
)
