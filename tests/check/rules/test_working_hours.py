"""Working hours: overlap hours as a time range with a time zone, compared with the client's working day and
the vendor's night; the vendor's time zone. Today is 2026-11-23."""

import datetime as dt

import pytest

from generator.check.config import Config, ConfigError, load_config
from generator.check.rules import RULES
from generator.check.rules.working_hours import Hours, read_hours
from tests.conftest import Case, case_tests, complete_process, complete_vendor, edit

OVERLAP = "overlap_hours: 13:00-17:00 UTC"
VENDOR_ZONE = "timezone: Asia/Manila"


def overlap(text: str) -> tuple[str, str]:
    return OVERLAP, f"overlap_hours: {text}"


def owner_hours(text: str) -> tuple[str, str]:
    return "email: dana.ruiz@example.com}", f"email: dana.ruiz@example.com, hours: {text}}}"


CASES = [
    Case("T055", "error", (overlap("Business hours"),), "Business hours"),
    Case("T055", "error", (overlap("13:00-13:00 UTC"),), "13:00-13:00", name="empty"),
    Case("T055", "error", (overlap("9-17 UTC"),), "9-17", name="bare-numbers"),
    Case("T056", "error", (overlap("13:00-17:00"),), "13:00-17:00"),
    Case("T056", "error", (overlap("'13:00-17:00, Monday to Friday'"),), "'13:00", name="weekdays-are-no-zone"),
    Case("T056", "error", (overlap("13:00-17:00 local time"),), "13:00-17:00 local", name="local-time"),
    Case("T056", "error", (overlap("08:00-12:00 America/San_Jose"),), "08:00-12:00", name="unknown-iana"),
    Case("T057", "error", vendor_edits=((VENDOR_ZONE, "timezone: America/San_Jose"),), at="America", in_vendor=True),
    Case("T057", "error", vendor_edits=((VENDOR_ZONE, "timezone: CST"),), at="CST", in_vendor=True, name="cst"),
    Case("T058", "warning", vendor_edits=((VENDOR_ZONE, "timezone: UTC"),), at="UTC", in_vendor=True),
    Case("T058", "warning", vendor_edits=((VENDOR_ZONE, "timezone: Etc/GMT-8"),), at="Etc", in_vendor=True, name="etc"),
    Case("T058", "warning", vendor_edits=((VENDOR_ZONE, "timezone: PRC"),), at="PRC", in_vendor=True, name="alias"),
    Case("T059", "warning", (overlap("05:00-07:00 UTC"),), "05:00-07:00"),
    Case("T059", "warning", (overlap("18:00-20:00 Irish time"),), "18:00", name="informal-zone"),
    Case("T060", "warning", (overlap("16:00-18:00 UTC"),), "16:00-18:00"),
    Case("T060", "warning", (overlap("10:00-12:00 America/Los_Angeles"),), "10:00-12:00", name="us-morning"),
    Case("C008", "warning", (owner_hours("Mon-Fri 08:00-18:00"),), "Mon-Fri"),
    Case("C008", "warning", (owner_hours("08:00-18:00 Europe/Dubin"),), "08:00", name="unknown-zone"),
    Case(
        "C008",
        "warning",
        (
            (
                "  - {id: billing-lead, party: client, title: Billing team lead}",
                "  - {id: billing-lead, party: client, title: Billing team lead,"
                " contact: {name: Tom Hargreaves, hours: weekdays until 8pm}}",
            ),
        ),
        "weekdays",
        name="role-contact",
    ),
    Case(
        "C009",
        "warning",
        vendor_edits=(("role: Account manager", "hours: 09:00-18:00, role: Account manager"),),
        at="09:00",
        in_vendor=True,
    ),
]

test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


def _overlap(run_check, text: str, config: Config | None = None, vendor: str | None = None):
    return run_check(edit(complete_process(), overlap(text)), vendor, config=config)


@pytest.mark.parametrize(
    "text",
    [
        "13:00-17:00 UTC",
        "'13:00 - 17:00 UTC'",
        "9:00 to 13:00 CET",
        "'9:00 until 13:00 CEST'",
        "1pm-5pm Europe/Dublin",
        "'1:30 p.m. - 5 p.m. GMT'",
        "'08:00–12:00 America/Chicago'",
        "08:00-17:00 Central",
        "09:00-17:00 Eastern Time",
        "'09:00-17:00 Irish time (Europe/Dublin)'",
        "'08:00-18:00 Irish time (Lisbon keeps the same clock)'",
        "UTC 13:00-17:00",
        "13:00-17:00 in Manila",
        "13:00-17:00 Buenos Aires time",
        "13:00-17:00 UTC+1",
        "'13:00-17:00 GMT-05:00'",
        "'07:00-15:00 Pacific time (America/Los_Angeles), 09:00-17:00 in Tulsa'",
        "'08:00-17:00 Central time (America/Chicago), Monday to Friday'",
        "07:30-08:30 and 17:30-18:30 Europe/London",
    ],
)
def test_accepted_forms_of_overlap_hours(run_check, text):
    checked = _overlap(run_check, text)
    checked.expect_none("T055")
    checked.expect_none("T056")


def test_reading_overlap_hours():
    hours = read_hours("07:00-15:00 Pacific time (America/Los_Angeles), 09:00-17:00 in Tulsa")
    assert isinstance(hours, Hours)
    assert (hours.start, hours.end, hours.zone) == (7 * 60, 15 * 60, "America/Los_Angeles")
    assert read_hours("1pm-5pm UTC+1").tz == dt.timezone(dt.timedelta(hours=1))
    assert read_hours("12am-2am UTC").start == 0
    assert read_hours("22:00-02:00 UTC").minutes == 4 * 60
    assert read_hours("00:00-24:00 UTC").minutes == 24 * 60
    assert read_hours("21:00-01:00 in Manila").tz.key == "Asia/Manila"
    assert read_hours("08:00-17:00 in Tulsa").zone is None  # not a city of the database
    informal = read_hours("08:00-17:00 Central")
    assert (informal.zone, informal.tz) == ("Central", None)
    assert read_hours("Business hours") == "no range"
    assert read_hours("25:00-26:00 UTC") == "no range"
    assert read_hours("9-17 UTC") == "no range"
    assert read_hours("08:00-12:00 America/Chicago").end == 12 * 60  # the A of America is no a.m.
    assert read_hours(None) == "no range"
    # Tried from outside: an after-hours desk meets the day team twice, one zone written for both.
    for text in ("07:30-08:30 and 17:30-18:30 Europe/London", "07:30-08:30, 17:30-18:30 UK time (Europe/London)"):
        twice = read_hours(text)
        assert (twice.start, twice.end, twice.tz.key) == (7 * 60 + 30, 8 * 60 + 30, "Europe/London"), text


def test_client_hours_with_a_zone_follow_daylight_saving(run_check):
    # 13:00-17:00 UTC is 13:00-17:00 in Dublin in winter, 14:00-18:00 in summer (from 28 March 2027)
    config = Config.with_options(client_hours="09:00-17:30 Europe/Dublin")
    finding = _overlap(run_check, "13:00-17:00 UTC", config).expect("T059", "warning", "13:00-17:00")
    assert "14:00-18:00 Europe/Dublin on 2027-03-28" in finding.message
    _overlap(run_check, "'09:00-17:00 Irish time (Europe/Dublin)'", config).expect_none("T059")
    _overlap(run_check, "'10:00-12:00 UTC'", config).expect_none("T059")


def test_client_hours_can_be_turned_off_or_changed(run_check):
    _overlap(run_check, "05:00-07:00 UTC", Config.with_options(client_hours="")).expect_none("T059")
    _overlap(run_check, "05:00-07:00 UTC", Config.with_options(client_hours="05:00-14:00")).expect_none("T059")
    _overlap(run_check, "13:00-17:00 UTC", Config.with_options(client_hours="08:00-16:00")).expect(
        "T059", "warning", "13:00-17:00"
    )


def test_an_abbreviation_is_not_converted(run_check):
    config = Config.with_options(client_hours="09:00-17:30 Europe/Dublin")
    _overlap(run_check, "13:00-17:00 CST", config).expect_none("T059")
    _overlap(run_check, "01:00-03:00 CST").expect_none("T060")


def test_an_evening_or_night_shift_overlap_is_fine(run_check):
    # 09:00-17:00 in Dublin is 17:00-01:00 in Manila: offshore centres staff such shifts
    _overlap(run_check, "'09:00-17:00 Europe/Dublin'").expect_none("T060")
    # 09:00-17:00 in New York is 21:00-05:00 (22:00-06:00 in winter) in Manila: a graveyard shift, not wholly night
    _overlap(run_check, "'09:00-17:00 America/New_York'").expect_none("T060")


def test_the_vendor_night_is_configurable(run_check):
    _overlap(run_check, "15:00-17:00 UTC").expect_none("T060")  # 23:00-01:00 in Manila
    night = Config.with_options(vendor_night_hours="22:00-07:00")
    finding = _overlap(run_check, "15:00-17:00 UTC", night).expect("T060", "warning", "15:00-17:00")
    assert "23:00-01:00 in Asia/Manila" in finding.message
    _overlap(run_check, "16:00-18:00 UTC", Config.with_options(vendor_night_hours="")).expect_none("T060")


def test_an_unknown_vendor_zone_is_not_compared(run_check):
    vendor = edit(complete_vendor(), (VENDOR_ZONE, "timezone: America/San_Jose"))
    _overlap(run_check, "16:00-18:00 UTC", vendor=vendor).expect_none("T060")


def test_the_hint_names_the_zone_of_the_vendors_country(run_check):
    vendor = edit(
        complete_vendor(), (VENDOR_ZONE, "timezone: America/San_Jose"), ("country: Philippines", "country: Costa Rica")
    )
    finding = run_check(None, vendor).expect("T057", "error", "America", in_vendor=True)
    assert finding.hint == "write timezone: America/Costa_Rica"
    vendor = edit(complete_vendor(), (VENDOR_ZONE, "timezone: PHT"))
    assert run_check(None, vendor).expect("T057", "error", "PHT", in_vendor=True).hint == "write timezone: Asia/Manila"


@pytest.mark.parametrize("zone", ["America/Costa_Rica", "Asia/Kolkata", "Asia/Calcutta", "US/Central"])
def test_zones_of_places_pass(run_check, zone):
    checked = run_check(None, edit(complete_vendor(), (VENDOR_ZONE, f"timezone: {zone}")))
    checked.expect_none("T057")
    checked.expect_none("T058")


def test_the_hours_options_are_read_from_the_configuration_file(tmp_path, run_check):
    path = tmp_path / ".playbook.yaml"
    path.write_text("client_hours: 09:00-17:30 Europe/Dublin\nvendor_night_hours: 22:00-07:00\n", encoding="utf-8")
    config = load_config(str(path), frozenset(RULES))
    assert (config.options["client_hours"], config.options["vendor_night_hours"]) == (
        "09:00-17:30 Europe/Dublin",
        "22:00-07:00",
    )
    _overlap(run_check, "13:00-17:00 UTC", config).expect("T059", "warning", "13:00-17:00")


@pytest.mark.parametrize("line", ["client_hours: business hours\n", "vendor_night_hours: 00:00-06:00 UTC\n"])
def test_hours_options_that_are_not_ranges_are_refused(tmp_path, line):
    path = tmp_path / ".playbook.yaml"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(ConfigError, match=line.split(":")[0]):
        load_config(str(path), frozenset(RULES))


@pytest.mark.parametrize(
    "hours",
    ["Mon-Fri 08:00-18:00 Europe/Dublin", "24/7", "24/7 (shift leads rotate)", "09:00-17:30 CET", "8am-6pm in Manila"],
)
def test_contact_hours_with_a_zone_or_round_the_clock_pass(run_check, hours):
    run_check(edit(complete_process(), owner_hours(f"'{hours}'"))).expect_none("C008")
