"""Turning untrusted spec text into Markdown that renders as the author meant and never as markup.

Plain fields (names, titles, table cells) show as literal text. Long-text fields keep Markdown (lists,
emphasis, links), but raw HTML shows as text and attribute syntax is inert; link targets are filtered in
the page HTML by the link filter (`generator/site/link_filter.py`), after Markdown has made them links.
"""

from __future__ import annotations

import datetime as dt
import re

# Each character Markdown could read as markup, backslash-escaped; a table for str.translate, which does in
# one pass in C what a substitution with a template did per match.
_MARKDOWN_PUNCTUATION = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|"})
_ALNUM = re.compile(r"[A-Za-z0-9 ]")
# A line that opens a fenced block, also inside a list item or a quote: spec text must not open one, or it
# could write a Mermaid diagram of its own (with `click` lines) or swallow the rest of the page.
_FENCE = re.compile(r"^([ \t>*+\-0-9.]*)(`{3,}|~{3,})", re.MULTILINE)


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def plain(value: object) -> str:
    """A value shown literally, on one line: safe in a paragraph, a heading or a table cell."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return html_escape(text).translate(_MARKDOWN_PUNCTUATION)


_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d{1,9}[.)])\s")


def _lists_apart(text: str) -> str:
    """A blank line between a paragraph and a list that touch, either way round. Owners write a list right
    under its lead-in line, as CommonMark and GitHub allow; Python-Markdown would run it into the paragraph,
    and an unindented line after the list into its last item."""
    out: list[str] = []
    in_list = False
    for line in text.split("\n"):
        if not line.strip():
            in_list = False
        elif _LIST_ITEM.match(line):
            if out and out[-1].strip() and not in_list:
                out.append("")
            in_list = True
        elif in_list and not line.startswith((" ", "\t")):
            out.append("")
            in_list = False
        out.append(line)
    return "\n".join(out)


def markdown(value: object) -> str:
    """Long text whose Markdown renders: HTML shows as text, `{: attr}` lists cannot add attributes, and a
    code fence shows as its characters instead of opening a block."""
    if value is None:
        return ""
    text = _lists_apart(html_escape(str(value).strip()))
    text = _FENCE.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)
    return text.replace("{", "\\{").replace("}", "\\}")


def day_words(day: dt.date) -> str:
    """A day as a reader says it, "7 Dec 2026", wherever the site or a pack names one."""
    return f"{day.day} {day:%b %Y}"
