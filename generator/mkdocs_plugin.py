"""The `playbook` MkDocs plugin (mkdocs.yml: `plugins: [playbook]`): link filtering for every page. A plugin
rather than a hooks file so that it works wherever mkdocs.yml lives.

Spec text is untrusted. Markdown turns `[x](javascript:...)` into a link like any other, so links are
checked here, in the page HTML, where every way of writing one has become an `href` or `src`.
"""

from __future__ import annotations

import html
import re

from mkdocs.plugins import BasePlugin

_ATTRIBUTE = re.compile(r"""\s(href|src)\s*=\s*("([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_LINK_SCHEMES = {"http", "https", "mailto"}


def safe_target(name: str, value: str) -> bool:
    """Links may go to http, https, mailto or a relative path; images only to a relative path (a remote
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


class PlaybookPlugin(BasePlugin):
    def on_page_content(self, html, page, config, files):
        return filter_links(html)
