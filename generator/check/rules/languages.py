"""Working languages: the process's languages (BCP 47 tags) are ones the vendor speaks, compared through CLDR
(Babel), so that aliases, macrolanguages and regional groupings (es-MX is within es-419) count as the same."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from msgspec import Struct

from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Process, Vendor


class Tag(Struct, frozen=True):
    """A BCP 47 tag read by CLDR: aliases resolved (tl is fil, iw is he), the script filled in where the
    region implies it (zh-TW is Hant). `language` is the macrolanguage where one is written two ways: Bokmal
    (nb) and Nynorsk (nn) are both Norwegian (no), which every Norwegian reads."""

    text: str
    language: str
    script: str | None
    territory: str | None


_MACROLANGUAGES = {"nb": "no", "nn": "no"}


# A portfolio names the same few tags in every spec, and CLDR's parse is the slow part of the language rules
# (a sixth of a whole check, profiled at 300 specs): parse each tag once. The size bounds hostile input.
@functools.lru_cache(maxsize=4096)
def _tag(text: str) -> Tag:
    parts = text.split("-")
    region = next((p.upper() for p in parts[1:] if (len(p) == 2 and p.isalpha()) or p.isdigit()), None)
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    language = parts[0].lower()
    try:
        locale = Locale.parse(text, sep="-")
        language = locale.language
        # CLDR fills in a likely script for a region (zh-TW is Hant), and a likely region for an alias (iw is
        # he-IL): keep the first, not the second, so that a tag without a region still covers every region.
        script = locale.script if script or region else None
    except (ValueError, TypeError, UnknownLocaleError):
        alias = get_global("language_aliases").get(language)
        if alias:
            language, _, rest = alias.partition("_")
            script = script or (rest if len(rest) == 4 else None)
    return Tag(text, _MACROLANGUAGES.get(language, language), script, region)


def _contains(language: str, outer: str, inner: str) -> bool:
    """Whether CLDR counts region `inner` into `outer` for this language: es-MX into es-419, en-IN into en-001."""
    parents = get_global("parent_exceptions")
    locale, seen = f"{language}_{inner}", set()
    while locale in parents and locale not in seen:
        seen.add(locale)
        locale = parents[locale]
        if locale == f"{language}_{outer}":
            return True
    return False


def _compatible(wanted: Tag, spoken: Tag) -> bool:
    """Same language; same script where both have one; same region where both have one, or one within the
    other (Latin American Spanish es-419 covers es-MX and es-CR). A tag without a region covers every region."""
    if wanted.language != spoken.language:
        return False
    if wanted.script and spoken.script and wanted.script != spoken.script:
        return False
    a, b = wanted.territory, spoken.territory
    return not a or not b or a == b or _contains(wanted.language, a, b) or _contains(wanted.language, b, a)


def _name(tag: Tag) -> str:
    return Locale("en").languages.get(tag.language, tag.language)


def _languages(spec: Process, ctx) -> tuple[Vendor | None, list[Tag], list[Tag]]:
    vendor = ctx.vendors.get(spec.vendor)
    communication = spec.communication
    if vendor is None or communication is None:
        return vendor, [], []
    wanted = [_tag(t) for t in communication.languages if isinstance(t, str)]
    return vendor, wanted, [_tag(t) for t in vendor.languages if isinstance(t, str)]


@rule("T061", "transition", completeness=False)
def language_not_spoken_by_vendor(spec: Process, ctx) -> Iterator[Finding]:
    """What: a working language of the process (`communication.languages`) that the vendor's `languages` do
    not list in any variety: the process wants `fr`, the vendor speaks `es` and `en`. Tags are compared by
    language as CLDR reads them, so aliases match (`tl` and `fil` are Filipino; `no`, `nb` and `nn` Norwegian).
    Why: the vendor cannot staff a language its agents do not speak (stage 2, vendor selection).
    Fails:
      communication: {channels: [Slack channel billing-bpo], languages: [en, ja], overlap_hours: 13:00-17:00 UTC}
    Passes:
      communication: {channels: [Slack channel billing-bpo], languages: [en, fil], overlap_hours: 13:00-17:00 UTC}
    """
    vendor, wanted, spoken = _languages(spec, ctx)
    if not spoken:
        return  # T063's finding
    for tag in wanted:
        if not any(s.language == tag.language for s in spoken):
            yield Finding.at(
                spec.communication.at("languages"),
                f"vendor '{vendor.id}' does not speak {tag.text} ({_name(tag)})",
                hint=f"add {tag.text} to languages in {vendor.path} if its agents speak it, or choose another vendor",
            )


@rule("T062", "transition", severity="warning", completeness=False)
def language_variety_not_spoken_by_vendor(spec: Process, ctx) -> Iterator[Finding]:
    """What: the vendor speaks the language, but only in another region or script than the process asks for:
    `en-US` wanted, `en-GB` listed; `zh-Hant` wanted, `zh-Hans` listed; `es-419` wanted, `es-ES` listed. A tag
    without a region on either side matches every region (`es` covers `es-419`), and a region that CLDR counts
    into another matches it (`es-MX` is within `es-419`).
    Why: customers hear the difference, and a script is a different way to write; a judgement for the owner,
    hence a warning.
    Fails:
      communication: {channels: [Slack channel billing-bpo], languages: [en-US], overlap_hours: 13:00-17:00 UTC}
      # vendors/acme-bpo.yaml
      languages: [en-GB, tl]
    Passes:
      communication: {channels: [Slack channel billing-bpo], languages: [en-US], overlap_hours: 13:00-17:00 UTC}
      # vendors/acme-bpo.yaml
      languages: [en, tl]
    """
    vendor, wanted, spoken = _languages(spec, ctx)
    for tag in wanted:
        same = [s for s in spoken if s.language == tag.language]
        if same and not any(_compatible(tag, s) for s in same):
            yield Finding.at(
                spec.communication.at("languages"),
                f"vendor '{vendor.id}' speaks {_name(tag)} as {', '.join(s.text for s in same)}, not as {tag.text}",
                hint=f"add {tag.text} to languages in {vendor.path} if its agents speak it, or write "
                f"{tag.language} when any variety will do",
            )


@rule("T063", "transition", severity="warning", completeness=False)
def vendor_languages_unknown(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process names working languages, but its vendor's file lists no `languages`.
    Why: nobody can tell whether the vendor speaks them (stage 2, vendor selection).
    Fails:
      # vendors/acme-bpo.yaml
      languages: []
    Passes:
      # vendors/acme-bpo.yaml
      languages: [en, tl]
    """
    vendor, wanted, spoken = _languages(spec, ctx)
    if vendor is not None and wanted and not spoken:
        yield Finding.at(
            spec.communication.at("languages"),
            f"vendor '{vendor.id}' lists no languages, so nobody can tell whether it speaks "
            f"{', '.join(t.text for t in wanted)}",
            hint=f"add languages: [...] to {vendor.path}",
        )
