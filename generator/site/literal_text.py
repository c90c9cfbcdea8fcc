"""Spec text shown as written, as a Python-Markdown extension that `playbook build` adds to the configuration
like the link filter.

The renderer wraps text that must show literally (`render.text.literal`: names, titles, table cells, and
the HTML characters of long text) in two private-use characters, the text inside already HTML-escaped. Before
any other Markdown processing sees the page, this stores each wrapped run in Python-Markdown's HTML stash, in
one pass over the page, leaving a placeholder that no Markdown rule matches; the stash puts the text back
after the last of them. Escaped the usual way (`&lt;`, `\\*`), each special character is one match of an
inline pattern, and Python-Markdown rewrites the rest of the text at each match: 100 KB of `<` in one field
took 26 s to build, 400 KB over 300 s. Stored here, text costs time in proportion to its length.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

from generator.site.render.text import LITERAL_END, LITERAL_START

_LITERAL = re.compile(f"{LITERAL_START}([^{LITERAL_START}{LITERAL_END}]*){LITERAL_END}")
# After normalize_whitespace (30), which removes the stash's own placeholder characters from the source, and
# before fenced code (25) and raw HTML blocks (20), which keep whatever placeholder they hold.
_PRIORITY = 29


class _StoreLiterals(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if LITERAL_START not in text:
            return lines
        stored = _LITERAL.sub(lambda match: self.md.htmlStash.store(match.group(1)), text)
        return stored.split("\n")


class LiteralTextExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(_StoreLiterals(md), "playbook_literal_text", _PRIORITY)


def makeExtension(**kwargs) -> LiteralTextExtension:
    return LiteralTextExtension(**kwargs)
