import datetime as dt

import pytest

from generator.spec.periods import containing, example, parse, previous

D = dt.date


@pytest.mark.parametrize(
    ("text", "frequency", "start", "end"),
    [
        ("2026-04-13", "daily", D(2026, 4, 13), D(2026, 4, 13)),
        ("2026-04-13", "shift", D(2026, 4, 13), D(2026, 4, 13)),
        ("2026-W15", "weekly", D(2026, 4, 6), D(2026, 4, 12)),
        ("2026-W53", "weekly", D(2026, 12, 28), D(2027, 1, 3)),  # 2026 has 53 ISO weeks
        ("2026-W15", "biweekly", D(2026, 4, 6), D(2026, 4, 19)),
        ("2028-02", "monthly", D(2028, 2, 1), D(2028, 2, 29)),
        ("2026-12", "monthly", D(2026, 12, 1), D(2026, 12, 31)),
        ("2026-Q2", "quarterly", D(2026, 4, 1), D(2026, 6, 30)),
        ("2026-Q4", "quarterly", D(2026, 10, 1), D(2026, 12, 31)),
        ("2026", "yearly", D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_each_frequency_reads_its_form(text, frequency, start, end):
    period = parse(text, frequency)
    assert (period.start, period.end, period.text) == (start, end, text)


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("2026-04", "weekly"),  # a month where a week is meant
        ("2026-W15", "monthly"),
        ("2026-02-30", "daily"),
        ("2027-W53", "weekly"),  # 2027 has 52 weeks
        ("2026-W00", "weekly"),
        ("2026-13", "monthly"),
        ("2026-Q5", "quarterly"),
        ("2026-4", "monthly"),
        (" 2026-04", "monthly"),
        ("2026-04\n", "monthly"),
        ("２０２６", "yearly"),  # full-width digits are not ASCII digits
        ("2026", "hourly"),
    ],
)
def test_anything_else_is_not_a_period(text, frequency):
    assert parse(text, frequency) is None


def test_containing_and_previous_walk_back_across_years():
    assert containing(D(2027, 1, 2), "weekly").text == "2026-W53"
    assert previous(parse("2027-W01", "weekly"), "weekly").text == "2026-W53"
    assert previous(parse("2026-Q1", "quarterly"), "quarterly").text == "2025-Q4"
    assert previous(parse("2026-01", "monthly"), "monthly").text == "2025-12"
    assert containing(D(2026, 4, 13), "biweekly").text == "2026-W15"  # W16 belongs to the fortnight of W15
    assert previous(parse("2026-W15", "biweekly"), "biweekly").text == "2026-W13"
    assert example("quarterly") == "2026-Q2"
