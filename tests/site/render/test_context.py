"""What the process page's context says in words, from the examples' models."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from generator.check.config import Config
from generator.check.engine import check
from generator.site.render.context import duration, figure, overlap_in_both_zones
from tests.site.conftest import ROOT, shown

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def examples():
    checked = check([str(ROOT / "process_specs")], Config(), TODAY)
    return {p.id: p for p in checked.processes}, {v.id: v for v in checked.vendors}


def _with_overlap(process, text):
    return msgspec.structs.replace(
        process, communication=msgspec.structs.replace(process.communication, overlap_hours=text)
    )


def test_overlap_hours_show_on_the_vendors_clock_with_each_daylight_saving_change(examples):
    processes, vendors = examples
    process = processes["after-hours-call-centre"]  # Europe/Dublin overlap; Acme works on Asia/Manila
    words = overlap_in_both_zones(process, vendors["acme-bpo"], TODAY)
    # Manila keeps no summer time; Dublin's changes move the overlap an hour on Manila's clock, and back.
    assert shown(words) == (
        "07:45-09:00 Irish time (Europe/Dublin); for Acme BPO Services Inc., 15:45-17:00 Manila time "
        "(Asia/Manila), 14:45-16:00 from 28 Mar 2027; 15:45-17:00 from 31 Oct 2027"
    )


def test_overlap_hours_written_on_the_vendors_clock_show_on_the_owners(examples):
    processes, vendors = examples
    process = _with_overlap(processes["after-hours-call-centre"], "15:00-16:00 Asia/Manila")
    words = overlap_in_both_zones(process, vendors["acme-bpo"], TODAY)
    assert shown(words).startswith("15:00-16:00 Asia/Manila; for the client, 07:00-08:00 Dublin time (Europe/Dublin)")


@pytest.mark.parametrize(
    "text",
    [
        "08:00-18:00 Irish time (Lisbon keeps the same clock)",  # an informal name: no zone to convert from
        "mornings, Dublin office",  # no range
        "09:00-17:00 Europe/Lisbon",  # the vendor's own clock, and the owner states no hours
    ],
)
def test_overlap_hours_that_cannot_be_converted_or_need_not_be_show_as_written(examples, text):
    processes, vendors = examples
    process = _with_overlap(processes["customer-care-email"], text)
    words = overlap_in_both_zones(process, vendors[process.vendor], TODAY)
    assert "for " not in words.replace("\\", "")


@pytest.mark.parametrize(
    ("unit", "value", "words"),
    [
        ("minutes", 10, "10 minutes"),
        ("minutes", 6.3, "6.3 minutes"),
        ("hours", 1, "1 hour"),
        ("seconds", 60, "60 seconds"),
        ("days", 2, "2 days"),
        ("percent", 85, "85 %"),
        ("count", 12, "12"),
    ],
)
def test_kpi_figures_word_time_as_an_sla_does(examples, unit, value, words):
    """An SLA reads "within 15 minutes": a KPI's figure in time reads the same way, not "15 min"."""
    processes, _ = examples
    kpi = msgspec.structs.replace(processes["billing-disputes"].kpis[0], unit=unit)
    assert figure(value, kpi) == words
    assert duration("15m") == "15 minutes" and duration("1h") == "1 hour"
