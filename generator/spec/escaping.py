"""Spec text written for a person or a log, safely: the escaping that check's reporters and the scorecard share."""

import re

# Spec text (keys, values, file names) reaches a terminal or a CI log through messages, hints and paths. A raw
# newline or carriage return there could forge a finding line or end an annotation; ESC starts terminal
# control sequences; the Unicode line separators and bidirectional overrides make text read differently from
# what it is (Trojan Source). Lone surrogates come from file names that are not UTF-8 and cannot be written
# to a UTF-8 stream at all.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def first_unsafe(text: str) -> str | None:
    """The first character of `text` that `escape_controls` would write out, as it writes it; None if none."""
    match = _UNSAFE.search(text)
    return _escape(match) if match else None


def escape_controls(text: str) -> str:
    r"""`text` with every control character and newline written out, as Python writes it: `\n`, `\x1b`, `\u2028`.

    C0, DEL and C1 controls, U+2028 and U+2029, the bidirectional embeddings, overrides and isolates
    (U+202A-U+202E, U+2066-U+2069) and lone surrogates are escaped; all other text, including non-ASCII
    letters, is kept. A backslash is kept as it is, so that a Windows path stays readable.
    """
    return _UNSAFE.sub(_escape, text)


# The characters of Markdown's links, images, emphasis, code, headings, lists and table cells: backslash-
# escaped, each shows as itself in CommonMark (GitHub's, GitLab's) and in Python-Markdown alike.
_MARKDOWN_PUNCTUATION = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|"})


def markdown_literal(text: str) -> str:
    """`text` as a Markdown renderer (GitHub's, GitLab's) shows it as written, on one line: no link, image,
    emphasis, raw HTML or table cell boundary of its making, and no control character."""
    escaped = escape_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.translate(_MARKDOWN_PUNCTUATION)
