"""Countries as owners write them, and what privacy law says of them.

A country is written as a name (`Philippines`, `the Netherlands`, `South Korea`) or an ISO 3166 code (`PH`,
`PHL`); CLDR's English names and aliases, through Babel (already installed for language tags), resolve it to its
two-letter code. The lists of the EEA and of the countries with an adequacy decision are data with a date: the
law moves, and `.playbook.yaml` amends them (`adequacy_added`, `adequacy_withdrawn`)."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping

# The date the adequacy lists below were last compared with the European Commission's list of adequacy
# decisions and the UK's adequacy regulations; the rule documentation shows it.
ADEQUACY_AS_OF = "2026-02-01"

# The European Economic Area: the 27 member states of the EU, Iceland, Liechtenstein and Norway. GDPR applies
# in all of them, so personal data moves among them without a transfer mechanism.
EEA = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})  # fmt: skip

# Countries with an adequacy decision of the European Commission (GDPR Art. 45), as of ADEQUACY_AS_OF. Brazil's
# was adopted on 26 January 2026; the United Kingdom's was renewed in December 2025.
_EU_ADEQUATE = frozenset({"AD", "AR", "BR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "UY"})
# Countries with the UK's adequacy regulations (UK GDPR Art. 45): the EEA, Gibraltar and the countries the EU had
# found adequate when the UK left it, plus the Republic of Korea.
_UK_ADEQUATE = EEA | {"GI", "AD", "AR", "CA", "CH", "FO", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "UY"}
# Countries where adequacy covers only some recipients: the United States for organisations certified under
# the EU-US Data Privacy Framework (for the UK, its UK Extension). `adequacy` is a lawful basis there only
# when the vendor is certified, which the spec cannot show; the owner says so by writing it.
PARTLY_ADEQUATE = {
    "GDPR": {"US": "organisations certified under the EU-US Data Privacy Framework"},
    "UK GDPR": {"US": "organisations certified under the UK Extension to the EU-US Data Privacy Framework"},
}
# Where a law's data may go freely: its own territory, and the countries adequate for it.
HOME = {"GDPR": EEA, "UK GDPR": frozenset({"GB"})}
ADEQUATE = {"GDPR": _EU_ADEQUATE, "UK GDPR": _UK_ADEQUATE}

# Names people write that CLDR's English names do not have.
_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "united states of america": "US",
    "america": "US",
    "korea": "KR",
    "republic of korea": "KR",
    "czech republic": "CZ",
    "holland": "NL",
    "netherlands": "NL",
    "turkey": "TR",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "russia": "RU",
    "vietnam": "VN",
    "macedonia": "MK",
    "burma": "MM",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "uae": "AE",
    "the uae": "AE",
    "bosnia": "BA",
    "cape verde": "CV",
    "swaziland": "SZ",
    "east timor": "TL",
}


_FORMAL = re.compile(
    r"^(?:(?:federal |democratic |islamic |people's |socialist |united |hashemite |oriental )*republic of|"
    r"(?:united )?kingdom of|commonwealth of|state of|federation of|principality of|grand duchy of|sultanate of)\s+"
)


@functools.cache
def _names() -> dict[str, str]:
    """Every name and code a country may be written with, folded, -> its two-letter code."""
    from babel import Locale
    from babel.core import get_global

    territories = {code: name for code, name in Locale("en").territories.items() if re.fullmatch(r"[A-Z]{2}", code)}
    names = {_fold(name): code for code, name in territories.items()}
    names.update({code.casefold(): code for code in territories})
    for alias, codes in get_global("territory_aliases").items():
        if re.fullmatch(r"[A-Z]{3}", alias) and len(codes) == 1 and codes[0] in territories:
            names.setdefault(alias.casefold(), codes[0])
    names.update(_ALIASES)
    return names


def _fold(text: str) -> str:
    """A country's name folded for comparison: any case, curly or straight apostrophes, `&` or `and`, no
    leading `the`, no spaces around."""
    text = " ".join(text.replace("’", "'").replace("&", "and").casefold().split())
    return text[4:] if text.startswith("the ") else text


def country_code(written: object) -> str | None:
    """The ISO 3166 two-letter code of a country written by name or code, or None. A name followed by a place
    (`Philippines (Manila)`, `Manila, Philippines`) is read by the country it names."""
    if not isinstance(written, str) or not written.strip():
        return None
    names = _names()
    folded = _fold(written)
    if folded in names:
        return names[folded]
    # The formal name: "Republic of Ireland", "Republic of the Philippines", "Kingdom of Spain".
    formal = _FORMAL.sub("", folded)
    if formal != folded and _fold(formal) in names:
        return names[_fold(formal)]
    for part in re.split(r"[(),;/]| - ", folded):
        part = _fold(part)
        if part in names and len(part) > 3:  # a code inside other words is too often a word ("in", "it")
            return names[part]
    return None


# Countries whose English name is said with "the": "the data goes to the Philippines".
_WITH_THE = frozenset({"PH", "NL", "US", "GB", "AE", "BS", "GM", "DO", "KM", "MV", "MH", "SB", "SC", "CF", "VA"})


def country_name(code: str, article: bool = False) -> str:
    """A country's English name; with `article`, as it is said in a sentence ("the Philippines")."""
    from babel import Locale

    name = Locale("en").territories.get(code, code)
    return f"the {name}" if article and code in _WITH_THE else name


def close_countries(written: str) -> list[str]:
    """Names of countries spelt close to `written`, for a did-you-mean."""
    from babel import Locale

    names = {_fold(name): name for code, name in Locale("en").territories.items() if len(code) == 2}
    return [names[n] for n in difflib.get_close_matches(_fold(written), list(names), n=3, cutoff=0.75)]


def country_hint(written: str) -> str:
    """What to write instead of a country the tool cannot read: the closest names, or the forms it reads."""
    close = close_countries(written)
    if close:
        return f"did you mean {' or '.join(repr(c) for c in close)}?"
    return "write the country's English name or its ISO 3166 code, e.g. Philippines or PH"


def adequacy(law: str, options: Mapping[str, object]) -> tuple[frozenset[str], frozenset[str]]:
    """The countries where `law`'s personal data may go without a transfer mechanism (home and adequate), and
    those where it may go when the owner writes `adequacy` (partly adequate), with `.playbook.yaml`'s
    amendments."""
    added = {country_code(c) for c in (options.get("adequacy_added") or {}).get(law, ())}
    withdrawn = {country_code(c) for c in (options.get("adequacy_withdrawn") or {}).get(law, ())}
    free = (HOME[law] | ADEQUATE[law] | added) - withdrawn - {None}
    partly = frozenset(PARTLY_ADEQUATE[law]) - withdrawn - free
    return frozenset(free), partly
