"""The link filter of every page, as a Python-Markdown extension that `playbook build` adds to whatever
configuration it builds with (MkDocs, ProperDocs and Zensical all run Python-Markdown; Zensical ignores
MkDocs plugins, so a plugin could not keep this promise).

Spec text is untrusted. Markdown turns `[x](javascript:...)` into a link like any other, so links are
checked in the page's HTML, where every way of writing one has become an `href` or `src`: a postprocessor
that runs after all others, raw HTML included.
"""

from __future__ import annotations

import html
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

_ATTRIBUTE = re.compile(r"""\s(href|src)\s*=\s*("([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# Postprocessors run from high priority to low; the lowest built-in one is 10.
_LAST = -1000


def safe_target(name: str, value: str) -> bool:
    """Links may go to http, https, mailto, tel or a relative path; images only to a relative path (a remote
    image would tell its host who reads the page)."""
    target = re.sub(r"[\x00-\x20]", "", html.unescape(value))
    if target.startswith("//") or target.startswith("\\"):
        return False
    match = _SCHEME.match(target)
    if match is None:
        return True
    return name.lower() == "href" and match.group(1).lower() in _LINK_SCHEMES


def filter_links(content: str) -> str:
    def replace(match: re.Match) -> str:
        value = match.group(3) if match.group(3) is not None else match.group(4)
        return match.group(0) if safe_target(match.group(1), value) else ""

    return _ATTRIBUTE.sub(replace, content)


class _FilterLinks(Postprocessor):
    def run(self, text: str) -> str:
        return filter_links(text)


class LinkFilterExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.postprocessors.register(_FilterLinks(md), "playbook_link_filter", _LAST)


def makeExtension(**kwargs) -> LinkFilterExtension:
    return LinkFilterExtension(**kwargs)
