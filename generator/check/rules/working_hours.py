"""Working hours across borders: overlap hours that say when both teams are at work and in which time zone,
fall inside the client's working day and not wholly in the vendor's night; a vendor time zone that exists.
(Working languages are in `languages.py`.)

Overlap hours (`communication.overlap_hours`) are read as free text that must hold:

- a time range: `13:00-17:00`, `9:00 to 13:00`, `1pm-5pm`, `8:30am-12:00pm` (24-hour `H:MM` or `HH:MM`, or
  12-hour with am/pm; a bare `9-17` is not a time; separated by `-`, an en or em dash, `to` or `until`; an end
  before the start runs past midnight, `24:00` is the end of the day);
- and a time zone, written after the range (or before it, or once after several ranges): an IANA name
  (`Europe/Dublin`, `America/Chicago`), `UTC` or `GMT` with or without an offset (`UTC+1`, `GMT-05:00`), a
  city of the time-zone database (`in Manila`, `Manila time`), an abbreviation (`CET`, `PDT`, `IST`, `ET`) or
  an informal name (`Irish time`, `Central European Time`, or `Eastern`, `Central`, `Mountain`, `Pacific`,
  `Atlantic`).

Only an IANA name, a city or UTC/GMT can be compared with the client's working hours in another zone and with
the vendor's zone: abbreviations are ambiguous (CST is Central Standard Time in Chicago and China Standard Time in
Shanghai, IST is India, Ireland or Israel) and informal names are not in the time-zone database. Text around
them (`Monday to Friday`, a second range for another office) is allowed; the first range is the overlap.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from collections.abc import Iterator

from babel import Locale
from babel.core import get_global
from msgspec import Struct

from generator.check.rules.common import blank
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Person, Process, Vendor

DAY = 24 * 60
# A year from today meets every daylight-saving change of both zones (they differ by weeks between Europe and
# North America, and the southern hemisphere changes the other way); see `_days` for the sampling.
YEAR = 366
SAMPLE = 5

_CLOCK = r"(?P<hN>\d{1,2})(?::(?P<mN>[0-5]\d))?(?:\s*(?P<apN>[aApP])\.?[mM]\.?(?![A-Za-z]))?"
_RANGE = re.compile(
    r"(?<![\d:])"
    + _CLOCK.replace("N", "1")
    + r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*"
    + _CLOCK.replace("N", "2")
    + r"(?![\d:])",
    re.IGNORECASE,
)
# Areas of the IANA database, so that a slash between two words (Monday/Friday) is not taken for a zone.
_AREAS = "Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc|US|Canada|Brazil|Mexico"
_IANA = re.compile(rf"\b(?:{_AREAS})(?:/[A-Za-z0-9_+\-]+)+")
_OFFSET = re.compile(r"\b(?:UTC|GMT)(?:\s*(?P<sign>[+\-−])\s*(?P<h>\d{1,2})(?::?(?P<m>[0-5]\d))?)?(?![\w/])")
_ABBREVIATION = re.compile(r"\b(?!IT\b)[A-Z]{1,4}T\b")
# Words that make "<Word> time" mean something other than a zone: whose local time, whose office?
_NOT_ZONES = "Local|Office|Business|Working|Opening|Lunch|Our|Their|Same|Any|Core|Overlap|Support|Response"
# A city of the time-zone database, named as such: "in Manila", "Manila time", "Buenos Aires time".
_CITY = re.compile(r"\bin\s+(?P<a>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b|\b(?P<b>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s[Tt]ime\b")
_INFORMAL = re.compile(
    rf"\b(?!(?:{_NOT_ZONES})\b)[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s[Tt]ime\b|\b(?:Eastern|Central|Mountain|Pacific|Atlantic)\b"
)


class Hours(Struct, frozen=True):
    """A daily time range (minutes after midnight; `end` may be before `start`: past midnight) and its zone."""

    start: int
    end: int
    zone: str | None = None  # the zone as written
    tz: dt.tzinfo | None = None  # the zone, when the time-zone database or an offset resolves it
    unknown_zone: str | None = None  # an IANA-looking name the database does not know

    @property
    def minutes(self) -> int:
        return (self.end - self.start) % DAY or DAY

    @property
    def span(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


def _clock(minutes: int) -> str:
    return "24:00" if minutes == DAY else f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _minutes(hour: str, minute: str | None, meridiem: str | None) -> int | None:
    """Minutes after midnight of one written time, or None when it is not a time of day."""
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        return (h % 12 + (12 if meridiem.lower() == "p" else 0)) * 60 + m
    if minute is None or h > 24 or (h == 24 and m):
        return None  # a bare number (9-17) could be anything: hours, days, a ticket range
    return h * 60 + m


def _zone(text: str) -> tuple[str | None, dt.tzinfo | None, str | None]:
    """The first time zone named in `text`: (as written, resolved or None, unknown IANA-looking name)."""
    mentions: list[tuple[int, str, dt.tzinfo | None, bool]] = []  # (position, text, tz, resolvable)
    taken: list[tuple[int, int]] = []
    for match in _IANA.finditer(text):
        taken.append(match.span())
        try:
            tz = zoneinfo.ZoneInfo(match.group())
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return match.group(), None, match.group()
        mentions.append((match.start(), match.group(), tz, True))

    def free(match: re.Match) -> bool:
        return not any(a <= match.start() < b for a, b in taken)

    for match in filter(free, _OFFSET.finditer(text)):
        taken.append(match.span())
        offset = 0
        if match.group("h"):
            offset = int(match.group("h")) * 60 + int(match.group("m") or 0)
            offset = -offset if match.group("sign") in "-−" else offset
        tz = dt.timezone(dt.timedelta(minutes=offset)) if abs(offset) < DAY else None
        mentions.append((match.start(), match.group(), tz, tz is not None))
    for match in filter(free, _CITY.finditer(text)):
        tz = _city(match.group("a") or match.group("b"))
        if tz is not None:
            taken.append(match.span())
            mentions.append((match.start(), match.group(), tz, True))
    for pattern in (_ABBREVIATION, _INFORMAL):
        for match in filter(free, pattern.finditer(text)):
            taken.append(match.span())
            mentions.append((match.start(), match.group(), None, False))
    if not mentions:
        return None, None, None
    resolved = [m for m in sorted(mentions, key=lambda m: m[0]) if m[3]]
    first = resolved[0] if resolved else min(mentions, key=lambda m: m[0])
    return first[1], first[2], None


def _city(name: str) -> dt.tzinfo | None:
    """The zone of a city the time-zone database names (Manila is Asia/Manila), or None. CLDR's list of zones
    is in memory; asking the database for each guess would read files."""
    suffix = "/" + name.replace(" ", "_")
    key = next((k for k in get_global("zone_territories") if k.endswith(suffix)), None)
    try:
        return zoneinfo.ZoneInfo(key) if key else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def read_hours(text: str | None) -> Hours | str:
    """The first time range of `text` with its time zone, or why there is none: "no range", "empty range".

    The zone is the one named between the range and the next range (or the end); failing that, before it;
    failing both, the first one after a later range: in `07:30-08:30 and 17:30-18:30 Europe/London` (a
    desk that meets the day team at both handovers) one zone is written for both ranges.
    """
    if not isinstance(text, str):
        return "no range"
    ranges = []
    for match in _RANGE.finditer(text):
        start = _minutes(match.group("h1"), match.group("m1"), match.group("ap1"))
        end = _minutes(match.group("h2"), match.group("m2"), match.group("ap2"))
        if start is not None and end is not None:
            ranges.append((match, start, end))
    if not ranges:
        return "no range"
    match, start, end = ranges[0]
    if start % DAY == end % DAY and not (start == 0 and end == DAY):
        return "empty range"
    following = ranges[1][0].start() if len(ranges) > 1 else len(text)
    zone, tz, unknown = _zone(text[match.end() : following])
    if zone is None:
        zone, tz, unknown = _zone(text[: match.start()])
    if zone is None and following < len(text):
        zone, tz, unknown = _zone(text[following:])
    return Hours(start, end % DAY if end != DAY else DAY, zone, tz, unknown)


def vendor_zone(vendor: Vendor | None) -> dt.tzinfo | None:
    if vendor is None or not isinstance(vendor.timezone, str) or not vendor.timezone.strip():
        return None
    try:
        return zoneinfo.ZoneInfo(vendor.timezone.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _days(hours: Hours, to: dt.tzinfo, today: dt.date) -> Iterator[tuple[dt.date, int, int]]:
    """Each way the range falls on the clock of `to` in the year from `today`: the first day it does so, and
    the range's start and length there, in minutes. Daylight saving on either side shifts it a few times a
    year; every shift lasts a week or more (the shortest, Europe changed and North America not yet, is a week),
    so the year is sampled every SAMPLE days and each change found by bisection."""

    def on(offset: int) -> tuple[int, int]:
        day = today + dt.timedelta(days=offset)
        start = dt.datetime(day.year, day.month, day.day, tzinfo=hours.tz) + dt.timedelta(minutes=hours.start)
        local = start.astimezone(to)
        return local.hour * 60 + local.minute, hours.minutes

    last, state = 0, on(0)
    yield today, *state
    for offset in [*range(SAMPLE, YEAR, SAMPLE), YEAR - 1]:
        new = on(offset)
        if new == state:
            last = offset
            continue
        low, high = last, offset  # the change lies after `low` and no later than `high`
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if on(middle) == new else (middle, high)
        yield today + dt.timedelta(days=high), *new
        last, state = offset, new


def on_the_clock_of(hours: Hours, zone: dt.tzinfo, today: dt.date) -> list[tuple[dt.date, str]]:
    """`hours` as read on the clock of `zone` over the year from `today`: (the first day, `HH:MM-HH:MM`),
    one entry more for each daylight-saving change of either side; `hours` must have a resolved zone."""
    return [(day, _describe(start, length)) for day, start, length in _days(hours, zone, today)]


def _inside(start: int, length: int, window: Hours) -> bool:
    """Whether `length` minutes from `start` lie within the daily window (which may run past midnight)."""
    return (start - window.start) % DAY + length <= window.minutes


def _describe(start: int, length: int) -> str:
    return f"{_clock(start)}-{_clock((start + length) % DAY)}"


@rule("T055", "transition")
def overlap_hours_not_a_time_range(spec: Process, ctx) -> Iterator[Finding]:
    """What: `communication.overlap_hours` holds no time range of the day (`13:00-17:00`, `9:00 to 13:00`,
    `1pm-5pm`), or a range that is empty (`09:00-09:00`).
    Why: "business hours" or "mornings" does not tell the vendor when a question gets answered the same day;
    a range does (cultural differences; Key 4).
    Fails:
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: Business hours}
    Passes:
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: 13:00-17:00 UTC}
    """
    communication = spec.communication
    if communication is None or blank(communication.overlap_hours):
        return
    hours = read_hours(communication.overlap_hours)
    if isinstance(hours, str):
        said = "an empty range" if hours == "empty range" else "no time range"
        yield Finding.at(
            communication.at("overlap_hours"),
            f"overlap hours '{communication.overlap_hours}' hold {said}",
            hint="write the hours both teams are at work, with their time zone: '13:00-17:00 Europe/Dublin'",
        )


@rule("T056", "transition")
def overlap_hours_without_time_zone(spec: Process, ctx) -> Iterator[Finding]:
    """What: `communication.overlap_hours` give a time range but no time zone, or name an IANA time zone that
    does not exist (`America/San_Jose`). Accepted zones: an IANA name (`Europe/Dublin`), UTC or GMT with or
    without an offset (`UTC+1`), a city of the time-zone database (`in Manila`), an abbreviation (`CET`, `PDT`)
    or an informal name (`Irish time`, `Central`).
    Why: `08:00-17:00` is a different hour in Chicago, San José and Manila; the two teams would each read it
    on their own clock.
    Fails:
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: 13:00-17:00}
    Passes:
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: 13:00-17:00 UTC}
    """
    communication = spec.communication
    if communication is None or blank(communication.overlap_hours):
        return
    hours = read_hours(communication.overlap_hours)
    if isinstance(hours, str):
        return  # T055's finding
    if hours.unknown_zone:
        yield Finding.at(
            communication.at("overlap_hours"),
            f"'{hours.unknown_zone}' in the overlap hours is not an IANA time zone",
            hint="write the zone as the time-zone database names it, e.g. America/Costa_Rica or Europe/Dublin",
        )
    elif hours.zone is None:
        yield Finding.at(
            communication.at("overlap_hours"),
            f"overlap hours '{communication.overlap_hours}' name no time zone",
            hint=f"add the zone of the clock they are read on: '{hours.span} Europe/Dublin' or '{hours.span} UTC'",
        )


@rule("T057", "transition", scope="vendor", completeness=False)
def vendor_time_zone_unknown(vendor: Vendor, ctx) -> Iterator[Finding]:
    """What: the vendor's `timezone` is not a time zone of the IANA database: a misspelt or invented city
    (`America/San_Jose`; San José keeps `America/Costa_Rica`) or an abbreviation (`CST`, `IST`).
    Why: overlap hours and meeting times are converted with the vendor's zone; an abbreviation is ambiguous
    (CST is Chicago, Shanghai or Havana) and a name the database lacks converts nothing.
    Fails:
      timezone: America/San_Jose
    Passes:
      timezone: Asia/Manila
    """
    if blank(vendor.timezone) or not isinstance(vendor.timezone, str) or vendor_zone(vendor) is not None:
        return
    yield Finding.at(
        vendor.at("timezone"),
        f"'{vendor.timezone}' is not an IANA time zone",
        hint=_zone_hint(vendor),
    )


@rule("T058", "transition", severity="warning", scope="vendor", completeness=False)
def vendor_time_zone_not_a_place(vendor: Vendor, ctx) -> Iterator[Finding]:
    """What: the vendor's `timezone` is in the IANA database but is not the zone of a place: `UTC`, `GMT`,
    `EST`, `CET`, `EST5EDT`, `Etc/GMT-8`, or an old country alias such as `Singapore`.
    Why: a delivery centre keeps the clock of its city, with its daylight-saving changes; a fixed offset or a
    legacy abbreviation is an hour off for part of the year, or names no place at all.
    Fails:
      timezone: UTC
    Passes:
      timezone: Asia/Manila
    """
    zone = vendor_zone(vendor)
    if zone is None:
        return  # none, or T057's finding
    key = vendor.timezone.strip()
    if "/" in key and not key.startswith("Etc/"):
        return
    yield Finding.at(
        vendor.at("timezone"),
        f"time zone '{key}' is not the zone of a place",
        hint=_zone_hint(vendor),
    )


def _zone_hint(vendor: Vendor) -> str:
    """The zone(s) of the vendor's country when it is named; else the closest names in the database."""
    zones: list[str] = []
    if isinstance(vendor.country, str):
        names = {name.lower(): code for code, name in Locale("en").territories.items()}
        code = names.get(vendor.country.strip().lower())
        zones = list(get_global("territory_zones").get(code, ())) if code else []
    if not zones and isinstance(vendor.timezone, str):
        zones = difflib.get_close_matches(vendor.timezone, sorted(zoneinfo.available_timezones()), n=3)
    if len(zones) == 1:
        return f"write timezone: {zones[0]}"
    if zones:
        return f"write the IANA zone of the delivery centre's city, e.g. {', '.join(zones[:3])}"
    return "write the IANA zone of the delivery centre's city, e.g. Asia/Manila or America/Costa_Rica"


@rule("T059", "transition", severity="warning", completeness=False, options=("client_hours",))
def overlap_outside_client_hours(spec: Process, ctx) -> Iterator[Finding]:
    """What: the overlap hours do not lie within the client's working day, `client_hours` in `.playbook.yaml`
    (`07:00-19:00` by default). Without a zone, `client_hours` are read on the clock the overlap hours are
    written in (usually the client's); with one (`09:00-17:30 Europe/Berlin`), overlap hours given in an IANA
    zone, a city or UTC are converted on every day of the coming year, so that daylight saving on either side counts.
    Why: an overlap the client's team is not at work for answers nobody's questions (Key 4: check in).
    Fails:
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: 05:00-07:00 UTC}
    Passes:
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: 13:00-17:00 UTC}
    """
    communication = spec.communication
    client = read_hours(ctx.options["client_hours"])
    if communication is None or isinstance(client, str):
        return
    hours = read_hours(communication.overlap_hours)
    if isinstance(hours, str) or hours.zone is None or hours.unknown_zone:
        return  # T055 or T056
    hint = f"move the overlap inside {client.span}, or set client_hours in .playbook.yaml to your working day"
    if client.zone is None:
        if not _inside(hours.start, hours.minutes, client):
            yield Finding.at(
                communication.at("overlap_hours"),
                f"overlap hours {hours.span} {hours.zone} fall outside the client's working day ({client.span})",
                hint=hint,
            )
        return
    if hours.tz is None or client.tz is None:
        return  # an abbreviation or informal name cannot be converted
    for day, start, length in _days(hours, client.tz, ctx.today):
        if not _inside(start, length, client):
            yield Finding.at(
                communication.at("overlap_hours"),
                f"overlap hours {hours.span} {hours.zone} are {_describe(start, length)} {client.zone} on "
                f"{day.isoformat()}, outside the client's working day ({client.span} {client.zone})",
                hint=hint,
            )
            return


@rule("T060", "transition", severity="warning", completeness=False, options=("vendor_night_hours",))
def overlap_in_vendor_night(spec: Process, ctx) -> Iterator[Finding]:
    """What: on the clock of the vendor's `timezone`, the whole overlap falls in the vendor's night
    (`vendor_night_hours` in `.playbook.yaml`, `00:00-06:00` by default), on some day of the coming year.
    Only overlap hours in an IANA zone, a city or UTC are converted. An overlap that merely reaches into the night is
    fine: offshore centres work evening and night shifts for clients in other time zones.
    Why: an overlap in the dead of the vendor's night is usually a zone mix-up, or leaves the question of who
    is awake to answer to one night-shift lead (cultural differences; Key 4).
    Fails:
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: 16:00-18:00 UTC}
    Passes:
      communication: {channels: [Slack channel billing-bpo], languages: [en], overlap_hours: 13:00-17:00 UTC}
    """
    communication = spec.communication
    night = read_hours(ctx.options["vendor_night_hours"])
    vendor = ctx.vendors.get(spec.vendor)
    zone = vendor_zone(vendor)
    if communication is None or isinstance(night, str) or zone is None:
        return
    hours = read_hours(communication.overlap_hours)
    if isinstance(hours, str) or hours.tz is None:
        return
    for day, start, length in _days(hours, zone, ctx.today):
        if _inside(start, length, night):
            yield Finding.at(
                communication.at("overlap_hours"),
                f"overlap hours {hours.span} {hours.zone} are {_describe(start, length)} in {vendor.timezone} on "
                f"{day.isoformat()}, wholly in vendor '{vendor.id}''s night ({night.span})",
                hint="check the zone of the overlap hours, or move them to the vendor's evening or morning",
            )
            return


# Hours that need no zone: a line that never closes.
_ROUND_THE_CLOCK = re.compile(r"\b24\s*/\s*7\b|\b24\s*x\s*7\b|round the clock|around the clock", re.IGNORECASE)


def _hours_without_zone(person: Person) -> Finding | None:
    """A finding when a person's `hours` name no time zone (or an IANA name that does not exist)."""
    hours = person.hours
    if blank(hours) or not isinstance(hours, str) or _ROUND_THE_CLOCK.search(hours):
        return None
    zone, _, unknown = _zone(hours)
    if zone is not None and unknown is None:
        return None
    said = f"names '{unknown}', which is not a time zone" if unknown else "name no time zone"
    return Finding.at(
        person.at("hours"),
        f"{person.name or 'a contact'}'s hours '{hours}' {said}",
        hint="add the zone the hours are in, e.g. 'Mon-Fri 08:00-18:00 Europe/Dublin', or write 24/7",
    )


@rule("C008", "checkins", severity="warning", completeness=False)
def contact_hours_without_time_zone(spec: Process, ctx) -> Iterator[Finding]:
    """What: the `hours` of the process owner or of a role's `contact` name no time zone (an IANA name such as
    `Europe/Dublin`, UTC with an offset, a city, an abbreviation), and are not round the clock (`24/7`).
    Why: the vendor calls from another time zone; "08:00-18:00" read on its own clock sends the call to a
    sleeping owner, or leaves an escalation unmade (cultural differences; Key 4).
    Fails:
      owner: {name: Dana Ruiz, email: dana.ruiz@example.com, hours: Mon-Fri 08:00-18:00}
    Passes:
      owner: {name: Dana Ruiz, email: dana.ruiz@example.com, hours: Mon-Fri 08:00-18:00 Europe/Dublin}
    """
    people = [spec.owner, *(role.contact for role in spec.roles)]
    for person in people:
        finding = _hours_without_zone(person) if person is not None else None
        if finding is not None:
            yield finding


@rule("C009", "checkins", severity="warning", scope="vendor", completeness=False)
def vendor_contact_hours_without_time_zone(vendor: Vendor, ctx) -> Iterator[Finding]:
    """What: the `hours` of a vendor contact name no time zone and are not round the clock (`24/7`).
    Why: the client calls the vendor from another time zone; hours without one are read on the wrong clock.
    Fails:
      # vendors/acme-bpo.yaml
      contacts:
        - {name: Ramon Santos, email: ramon.santos@example.org, hours: 09:00-18:00, role: Account manager}
    Passes:
      # vendors/acme-bpo.yaml
      contacts:
        - {name: Ramon Santos, email: ramon.santos@example.org, hours: 09:00-18:00 Asia/Manila, role: Account manager}
    """
    for person in vendor.contacts:
        finding = _hours_without_zone(person)
        if finding is not None:
            yield finding
