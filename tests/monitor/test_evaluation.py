"""The evaluation on hand-computed figures."""

import datetime as dt

import pytest

from generator.monitor.evaluation import AT_RISK, BREACHED, IMPROVING, MET, STEADY, WORSENING, evaluate, status
from generator.spec.findings import Mark
from generator.spec.model import Kpi
from generator.spec.periods import parse

HERE = Mark("process_specs/x.yaml")
FCR = Kpi(HERE, id="fcr", name="First-contact resolution", target=85, threshold=75, direction="higher-is-better")
HANDLING = Kpi(HERE, id="aht", name="Average handling time", target=300, threshold=420)  # lower is better


@pytest.mark.parametrize(
    ("kpi", "value", "expected"),
    [
        (FCR, 85, MET),
        (FCR, 90, MET),
        (FCR, 84.9, AT_RISK),
        (FCR, 75, AT_RISK),  # at the threshold: not yet past it
        (FCR, 74.9, BREACHED),
        (HANDLING, 300, MET),
        (HANDLING, 301, AT_RISK),
        (HANDLING, 420, AT_RISK),
        (HANDLING, 421, BREACHED),
        (Kpi(HERE, id="x", name="x", target=5), 1, None),  # no threshold: not judged
    ],
)
def test_status_by_direction(kpi, value, expected):
    assert status(kpi, value) == expected


def _weeks(values, first_week=1, year=2026):
    return [(parse(f"{year}-W{first_week + i:02d}", "weekly"), v) for i, v in enumerate(values)]


def test_streak_trend_and_attainment():
    # ISO weeks 1-13 of 2026: 9 met or at risk, 4 breached (W08, W11, W12, W13).
    values = [88, 86, 85, 80, 76, 86, 87, 74, 80, 78, 74, 72, 70]
    result = evaluate(FCR, _weeks(values), dt.date(2026, 4, 1))
    assert [p.status for p in result.points][-4:] == [AT_RISK, BREACHED, BREACHED, BREACHED]
    assert result.streak == 3
    # The last six, 74 80 78 74 72 70, fall by 1.37 a week; the tolerance is 10 / 2 / 6 = 0.83.
    assert result.trend == WORSENING
    # W01 starts on 2025-12-29, in Q4 2025; W02-W13 start in Q1 2026, of which 4 breached (W08, W11-W13).
    assert result.attainment_by_quarter == {"2025-Q4": 1.0, "2026-Q1": 8 / 12}
    assert result.attainment_12_months == pytest.approx(9 / 13)
    assert result.latest.value == 70


def test_periods_not_over_are_left_out_and_order_does_not_matter():
    pairs = list(reversed(_weeks([80, 90, 95])))
    result = evaluate(FCR, pairs, dt.date(2026, 1, 18))  # W03 ends on 18 Jan; W04 would not be over
    assert [p.period.text for p in result.points] == ["2026-W01", "2026-W02", "2026-W03"]
    assert result.trend == IMPROVING and result.streak == 0
    assert evaluate(FCR, _weeks([80, 90, 95]), dt.date(2026, 1, 17)).points[-1].period.text == "2026-W02"


def test_steady_within_the_kpis_tolerance_and_no_trend_from_two_points():
    assert evaluate(FCR, _weeks([86, 86.5, 86, 86.4]), dt.date(2026, 3, 1)).trend == STEADY
    assert evaluate(FCR, _weeks([86, 70]), dt.date(2026, 3, 1)).trend is None
    assert evaluate(HANDLING, _weeks([400, 380, 350, 320]), dt.date(2026, 3, 1)).trend == IMPROVING
    # A 98/95 band: a fall of 0.6 a week worsens (tolerance 0.25); against a 85/75 band it would be steady.
    accuracy = Kpi(HERE, id="acc", name="Credit accuracy", target=98, threshold=95, direction="higher-is-better")
    falling = [97.3, 96.8, 95.9, 95.3, 94.6, 94.1]
    assert evaluate(accuracy, _weeks(falling), dt.date(2026, 3, 1)).trend == WORSENING
    assert evaluate(FCR, _weeks([f - 12 for f in falling]), dt.date(2026, 3, 1)).trend == STEADY


def test_nothing_to_judge():
    result = evaluate(FCR, [], dt.date(2026, 3, 1))
    assert result.points == () and result.streak == 0 and result.latest is None
    assert result.attainment_by_quarter == {} and result.attainment_12_months is None


def test_breaches_per_quarter():
    # W12, W13 and W14 (30 Mar - 5 Apr) start in Q1, W15 in Q2.
    result = evaluate(FCR, _weeks([70, 74, 90, 60], first_week=12), dt.date(2026, 6, 1))
    assert result.breaches_by_quarter == {"2026-Q1": 2, "2026-Q2": 1}


def test_service_credits_per_month_with_both_caps_and_from_go_live_on():
    from generator.monitor.evaluation import service_credits
    from generator.spec.model import Fee, Process, ServiceCredit, Transition

    fcr = Kpi(HERE, id="fcr", name="FCR", target=85, threshold=75, contractual=True,
              service_credit=ServiceCredit(HERE, percent=2, cap=5))  # fmt: skip
    aht = Kpi(HERE, id="aht", name="AHT", target=300, threshold=420, contractual=True,
              service_credit=ServiceCredit(HERE, percent=3))  # fmt: skip
    loose = Kpi(HERE, id="csat", name="CSAT", target=4, threshold=3, service_credit=ServiceCredit(HERE, percent=9))
    today = dt.date(2026, 12, 31)
    # Weeks 40-48 of 2026 end on 4, 11, 18, 25 Oct, 1, 8, 15, 22, 29 Nov.
    results = {
        "fcr": evaluate(fcr, _weeks([70, 70, 70, 90, 70, 70, 70, 70, 90], first_week=40), today),
        "aht": evaluate(aht, _weeks([500, 300, 300, 300, 300, 500, 500, 300, 300], first_week=40), today),
        "csat": evaluate(loose, _weeks([1] * 9, first_week=40), today),  # not contractual: no credit
    }
    process = Process(HERE, id="p", kpis=(fcr, aht, loose),
                      monthly_fee=Fee(HERE, amount=20000, currency="EUR", credit_cap=8))  # fmt: skip
    months = service_credits(process, results)
    # October: FCR breached 3 weeks (W40-W42) = 6 %, capped at 5 %; AHT W40 = 3 %: 8 %, the process's cap.
    # November: FCR W44-W47 = 8 %, capped at 5 %; AHT W45, W46 = 6 %: 11 %, capped at 8 %.
    assert [(m.month, m.by_kpi, m.percent, m.amount) for m in months] == [
        ("2026-10", {"fcr": 5, "aht": 3}, 8, 1600.0),
        ("2026-11", {"fcr": 5, "aht": 6}, 8, 1600.0),
    ]
    # Without a fee: percentages only, no cap over the KPIs. Before go-live: no credit.
    no_fee = Process(HERE, id="p", kpis=(fcr, aht), transition=Transition(HERE, go_live=dt.date(2026, 10, 26)))
    assert [(m.month, m.by_kpi, m.percent, m.amount) for m in service_credits(no_fee, results)] == [
        ("2026-11", {"fcr": 5, "aht": 6}, 11, None),
    ]
