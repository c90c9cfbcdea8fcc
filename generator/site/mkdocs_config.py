"""The configuration a site is built with: the team's `mkdocs.yml` as written, plus what keeps each promise
of the vendor site whatever that file says.

Added, or put right, in the settings handed to the engine:
- the link filter of spec text (`generator.site.link_filter`, a Markdown extension, so that every engine runs it),
  and the literal text extension (`generator.site.literal_text`), which shows spec text as written in time
  linear in its length;
- the Markdown extensions the generated pages are written for, and Mermaid fences that render as diagrams;
- column names on table cells (`generator.site.table_labels`) and our stylesheet, so tables fit a phone;
- no web fonts (a font from Google tells it who reads the page);
- link validation: a link to a missing page or anchor fails the (strict) build;
- Mermaid from the site itself, at its strict level (Material fetches it from a CDN when a page has none).

Refused, with what to change: another theme than Material, scripts or styles from another host, and
analytics, because a vendor's page loads nothing from anywhere but the site.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.site.render import SCRIPTS, STYLES

LINK_FILTER = "generator.site.link_filter"
LITERAL_TEXT = "generator.site.literal_text"
TABLE_LABELS = "generator.site.table_labels"
# Extension -> the settings it gets when the team's file does not name it.
REQUIRED_EXTENSIONS: dict[str, dict] = {
    "tables": {},
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
}
_REMOTE = re.compile(r"^([a-z][a-z0-9+.\-]*:|//)", re.IGNORECASE)


class SiteConfigError(Exception):
    """The team's configuration asks for something the vendor site must not do; the message says what to change."""


def read_raw(config_file: Path) -> dict:
    """The configuration as written (INHERIT and !ENV resolved), before the engine validates it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, "rb") as handle:
            raw = yaml_load(handle)
    except (ConfigurationError, OSError) as error:
        raise SiteConfigError(f"{config_file} cannot be read: {error}") from None
    if not isinstance(raw, dict):
        raise SiteConfigError(f"{config_file} is not a mapping of settings")
    return raw


def guaranteed_settings(raw: dict, config_file: Path) -> dict:
    """Settings that replace the team's `theme`, `markdown_extensions`, `extra_javascript` and `extra_css`
    for the build (the team's own scripts and styles are kept, after ours)."""
    _refuse_remote(raw, config_file)
    return {
        "theme": _theme(raw.get("theme"), config_file),
        "markdown_extensions": _extensions(raw.get("markdown_extensions")),
        "extra_javascript": _scripts(raw.get("extra_javascript")),
        "extra_css": [*STYLES, *(s for s in raw.get("extra_css") or () if _path(s) not in STYLES)],
        "validation": _validation(raw.get("validation")),
        "plugins": _plugins(raw.get("plugins")),
    }


def _plugins(plugins: object) -> dict:
    """The team's plugins, with the theme's tags plugin, which makes the tags of each process page lead to the
    tags page (Zensical has it built in and ignores the list). A mapping, for the reason `_extensions` gives."""
    entries = _entries(plugins)
    names = {name for name, _ in entries}
    if "tags" not in names and "material/tags" not in names:
        entries.append(("tags", {}))
    return {name: dict(value or {}) for name, value in entries}


def _validation(validation: object) -> dict:
    """A link to a missing page or anchor is a warning, which the strict build turns into a failure: every
    link on the site resolves (the generated ones, and the team's)."""
    settings = dict(validation) if isinstance(validation, dict) else {}
    links = dict(settings.get("links") or {}) if isinstance(settings.get("links"), dict) else {}
    settings["links"] = {**links, "not_found": "warn", "anchors": "warn"}
    return settings


def _entries(value: object) -> list[tuple[str, object]]:
    """(name, settings) of a plugins or markdown_extensions value, written as a mapping or as a list of
    names and one-key mappings."""
    if isinstance(value, dict):
        return list(value.items())
    return [next(iter(e.items())) if isinstance(e, dict) else (e, {}) for e in value or ()]


def _theme(theme: object, config_file: Path) -> dict:
    theme = {"name": theme} if isinstance(theme, str) else dict(theme or {})
    if theme.get("name") != "material":
        raise SiteConfigError(
            f"{config_file}: the playbook's pages are written for the Material theme; write theme: {{name: material}}"
        )
    # Zensical's own look ("modern") is not the one the pages and their contrast are tested in; the team's
    # own variant is kept. MkDocs and ProperDocs ignore the key.
    return {"variant": "classic", **theme, "font": False}


def _extensions(extensions: object) -> dict:
    """The team's extensions, then the required ones it does not name, with a Mermaid fence in superfences
    and the link filter last. A mapping, not a list: MkDocs takes the items of a list apart as it validates
    them, and `playbook serve` hands it the same settings on every rebuild."""
    from pymdownx.superfences import fence_code_format

    settings = {
        name: dict(value or {})
        for name, value in _entries(extensions)
        if name not in (LINK_FILTER, TABLE_LABELS, LITERAL_TEXT)
    }
    for name, default in REQUIRED_EXTENSIONS.items():
        settings.setdefault(name, dict(default))
    fences = [f for f in settings["pymdownx.superfences"].get("custom_fences") or () if f.get("name") != "mermaid"]
    fences.append({"name": "mermaid", "class": "mermaid", "format": fence_code_format})
    settings["pymdownx.superfences"]["custom_fences"] = fences
    return {**settings, LITERAL_TEXT: {}, TABLE_LABELS: {}, LINK_FILTER: {}}


def _scripts(scripts: object) -> list:
    # Our assets load as and when playbook.js says; named again, Mermaid would load a second time, unwrapped.
    named = [s for s in scripts or () if not _path(s).startswith("assets/playbook/")]
    return [*SCRIPTS, *named]


def _path(entry: object) -> str:
    return str(entry.get("path", "")) if isinstance(entry, dict) else str(entry)


def _refuse_remote(raw: dict, config_file: Path) -> None:
    for key in ("extra_javascript", "extra_css"):
        for entry in raw.get(key) or ():
            if _REMOTE.match(_path(entry).strip()):
                raise SiteConfigError(
                    f"{config_file}: {key} names {_path(entry)!r}, on another host; a vendor's page loads nothing "
                    "from anywhere but the site: put the file in the docs folder and name its path there"
                )
    extra = raw.get("extra")
    if isinstance(extra, dict) and extra.get("analytics"):
        raise SiteConfigError(
            f"{config_file}: extra.analytics would tell an analytics service who reads each vendor page; remove it"
        )


def site_identity(raw: dict, audience, vendors, as_of=None) -> dict:
    """Whose site this is, on every page: the header names the audience (an internal site says so first, a one-vendor
    site names its vendor), and the footer says when the site was built, unless the team wrote its own. One date
    for the build: when the specs were judged as of another day (`--today`), the footer names that day as such,
    and the pages say "as of" it."""
    import datetime as dt

    from generator import __version__
    from generator.site.render.text import day_words, html_escape

    name = str(raw.get("site_name") or "Handover playbook")
    if audience.internal:
        name = f"Internal: {name}"  # first, so that a phone, which cuts the header short, still shows it
    elif audience.vendor:
        vendor = next((v for v in vendors if v.id == audience.vendor), None)
        name += f" for {vendor.name if vendor else audience.vendor}"
    built_on = dt.date.today()
    built = f"Built on {day_words(built_on)} by the BPO handover playbook {__version__}"
    if as_of is not None and as_of != built_on:
        built += f"; specs and figures as of {day_words(as_of)}"
    # Themes print the site name as it is, like navigation titles: a vendor's name is text, not markup.
    return {"site_name": html_escape(name), "copyright": raw.get("copyright") or built}
