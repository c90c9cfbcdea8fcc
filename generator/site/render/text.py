"""Turning untrusted spec text into Markdown that renders as the author meant and never as markup.

Plain fields (names, titles, table cells) show as literal text. Long-text fields keep Markdown (lists,
emphasis, links), but raw HTML shows as text and attribute syntax is inert; link targets are filtered in
the page HTML by the link filter (`generator/site/link_filter.py`), after Markdown has made them links.
Literal text is wrapped for the literal text extension (`generator/site/literal_text.py`), which hands it
to the page whole, so that no Markdown rule sees it: its cost is linear in its length, however many
characters Markdown would otherwise read as markup.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.spec import durations

# Around literal text, already HTML-escaped: two private-use characters, which spec text cannot bring in
# (`literal` replaces them), for `literal_text` to find.
LITERAL_START, LITERAL_END = "\ue000", "\ue001"
_NO_MARKERS = str.maketrans({LITERAL_START: "\ufffd", LITERAL_END: "\ufffd"})
# In long text, what shows literally: HTML's characters, and braces (attribute lists).
_HTML_OR_BRACES = re.compile(r"[<>&\"{}]+")
# Long text with more of Markdown's own characters than this shows as written, without Markdown: a text that
# full of markup is not prose, and Python-Markdown's inline rules take time in its square.
MARKUP_BUDGET = 2000
_MARKUP = re.compile(r"[`*_\[\]()!\\#|~^=:-]")
# A line that opens a fenced block, also inside a list item or a quote: spec text must not open one, or it
# could write a Mermaid diagram of its own (with `click` lines) or swallow the rest of the page.
_FENCE = re.compile(r"^([ \t>*+\-0-9.]*)(`{3,}|~{3,})", re.MULTILINE)


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def literal(text: str) -> str:
    """`text` shown exactly as written wherever a page puts it (see `literal_text`)."""
    return f"{LITERAL_START}{html_escape(text.translate(_NO_MARKERS))}{LITERAL_END}" if text else ""


def plain(value: object) -> str:
    """A value shown literally, on one line: safe in a paragraph, a heading or a table cell."""
    if value is None:
        return ""
    return literal(" ".join(str(value).split()))


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
    text = str(value).strip().translate(_NO_MARKERS)
    if len(_MARKUP.findall(text)) > MARKUP_BUDGET:
        # Each paragraph as written, its lines kept apart.
        return "\n\n".join(
            literal(paragraph).replace("\n", "<br>") for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()
        )
    text = _lists_apart(_HTML_OR_BRACES.sub(lambda m: literal(m.group()), text))
    return _FENCE.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)


def day_words(day: dt.date) -> str:
    """A day as a reader says it, "7 Dec 2026", wherever the site or a pack names one."""
    return f"{day.day} {day:%b %Y}"


_DURATION_WORDS = {"m": "minute", "h": "hour", "d": "day", "bd": "business day"}


def duration(text: str | None) -> str:
    """`1bd` as "1 business day", `4h` as "4 hours"; anything else as written."""
    parts = durations.parse(text)
    if parts is None:
        return plain(text)
    number, unit = parts
    return f"{number:g} {_DURATION_WORDS[unit]}{'' if number == 1 else 's'}"


_PERIOD = re.compile(r"(\d+(?:\.\d+)?) ?(d|w|mo|y)\b(.*)", re.DOTALL)
_PERIOD_WORDS = {"d": "day", "w": "week", "mo": "month", "y": "year"}


def retention(text: str | None) -> str:
    """`2y after the case is closed` as "2 years after the case is closed"; anything else as written."""
    match = _PERIOD.fullmatch(str(text or "").strip())
    if match is None:
        return plain(text)
    number, unit, rest = match.groups()
    return plain(f"{number} {_PERIOD_WORDS[unit]}{'' if float(number) == 1 else 's'}{rest}")
