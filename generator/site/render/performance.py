"""Performance on the site, from the measurement files as `generator/monitor/evaluation.py` judges them: a process's
latest figures, charts and check-in agendas; a vendor's SLA scorecard; the internal portfolio and the
service credits. Templates get finished strings, as from `context.py`.

Audience: every function here is given only the processes its page may show (`render.pages_for` filters
them), so a vendor's page can hold no other vendor's figures; credits and fees are only asked for by the
internal site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from generator.monitor.evaluation import AT_RISK, BREACHED, MET, KpiEvaluation, service_credits, under_contract
from generator.monitor.evaluation import quarters as by_quarter
from generator.site.render.charts import trend_chart
from generator.site.render.context import figure, period_words
from generator.site.render.text import day_words, html_escape, plain
from generator.spec.model import Process

# A check-in looks back over the figures since it last met: the periods that ended this many days before.
CADENCE_DAYS = {"shift": 1, "daily": 1, "weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92, "yearly": 366}
_WORST_FIRST = {BREACHED: 0, AT_RISK: 1, MET: 2}


def badge(status: str, streak: int = 0) -> str:
    """A status in words, coloured by the stylesheet: the word carries the meaning, the colour helps."""
    words = status + (f", {streak} in a row" if status == BREACHED and streak > 1 else "")
    return f'<span class="playbook-status playbook-status--{status.replace(" ", "-")}">{words}</span>'


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f} %"


def process_performance(process: Process, results: Mapping[str, KpiEvaluation], today: dt.date) -> dict | None:
    """The Performance section of a process page; None when no KPI has a figure yet."""
    rows, charts, judged = [], [], []
    for kpi in process.kpis:
        result = results.get(kpi.id)
        if result is None or result.latest is None:
            continue
        latest = result.latest
        judged.append((latest.status, f"[{plain(kpi.name)}](#kpi-{kpi.id})"))
        rows.append(
            {
                "id": kpi.id,
                "name": plain(kpi.name),
                "latest": figure(latest.value, kpi),
                "period": period_words(latest.period),
                "target": figure(kpi.target, kpi),
                "threshold": figure(kpi.threshold, kpi),
                "status": badge(latest.status, result.streak),
                "trend": result.trend or "—",
                "attainment": _percent(result.attainment_12_months),
            }
        )
        svg = trend_chart(kpi, result.points, (kpi.measurement.frequency or "") if kpi.measurement else "")
        if svg:
            charts.append(
                f'<figure class="playbook-chart-card"><figcaption><a href="#kpi-{kpi.id}">{html_escape(kpi.name)}'
                f"</a></figcaption>{svg}</figure>"
            )
    if not rows:
        return None
    return {
        "as_of": day_words(today),
        "rows": rows,
        "at_a_glance": _at_a_glance(judged),
        "charts": '<div class="playbook-charts">' + "".join(charts) + "</div>" if charts else "",
        "agendas": _agendas(process, results, today),
    }


def _at_a_glance(judged: list[tuple[str, str]]) -> str:
    """The latest figures in one sentence, the KPIs that need attention named first: "1 breached (Abandoned
    calls), 1 at risk (First-call resolution), 3 met"."""
    parts = []
    for status in (BREACHED, AT_RISK, MET):
        links = [link for s, link in judged if s == status]
        if links:
            parts.append(f"{len(links)} {status}" + (f" ({', '.join(links)})" if status != MET else ""))
    return ", ".join(parts)


def _agendas(process: Process, results: Mapping[str, KpiEvaluation], today: dt.date) -> list[dict]:
    """Per check-in: the KPIs it reviews that were at risk or breached, or went unmeasured, since it last met."""
    names = {k.id: k for k in process.kpis}
    agendas = []
    for checkin in process.governance.checkins if process.governance else ():
        since = today - dt.timedelta(days=CADENCE_DAYS.get(checkin.cadence, 7))
        items = []
        for kpi_id in checkin.kpis:
            kpi, result = names.get(kpi_id), results.get(kpi_id)
            if kpi is None or result is None:
                continue
            recent = [p for p in result.points if since < p.period.end <= today]
            link = f"[{plain(kpi.name)}](#kpi-{kpi.id})"
            if not recent:
                if result.points or process.status in ("pilot", "live"):
                    items.append(f"{link}: no figure since {day_words(since)}")
                continue
            worst = min(recent, key=lambda p: (_WORST_FIRST[p.status], -p.period.end.toordinal()))
            if worst.status == MET:
                continue
            count = sum(p.status == worst.status for p in recent)
            times = f" ({count} of {len(recent)} figures)" if len(recent) > 1 else ""
            note = f" ({plain(worst.note)})" if worst.note else ""
            items.append(
                f"{link}: {worst.status} {period_words(worst.period)}, {figure(worst.value, kpi)}{times}{note}"
            )
        agendas.append({"name": plain(checkin.name), "cadence": checkin.cadence, "points": items})
    return agendas


def sla_scorecard(processes: Iterable[Process], results: Mapping[str, Mapping[str, KpiEvaluation]], today: dt.date):
    """The contractual KPIs of `processes` with figures: latest status, and per quarter of the last four the
    attainment and the breaches."""
    quarters = []
    day = today
    for _ in range(4):
        quarters.insert(0, f"{day.year}-Q{(day.month - 1) // 3 + 1}")
        day = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    rows = []
    for process in processes:
        for kpi in process.kpis:
            result = results.get(process.id, {}).get(kpi.id)
            if not kpi.contractual or result is None or result.latest is None:
                continue
            # The contract's view: periods from go-live on, as the service credits count them.
            shares, breaches = by_quarter(p for p in result.points if under_contract(process, p))
            rows.append(
                {
                    "process_id": process.id,
                    "process": plain(process.title),
                    "id": kpi.id,
                    "name": plain(kpi.name),
                    "status": badge(result.latest.status, result.streak),
                    "quarters": [_quarter(shares.get(q), breaches.get(q, 0)) for q in quarters],
                }
            )
    # The keys are the figures' quarter codes (2026-Q4); the table heads them as words (Q4 2026).
    heads = [f"{q[5:]} {q[:4]}" for q in quarters]
    return {"quarters": heads, "rows": rows} if rows else None


def _quarter(share: float | None, breaches: int) -> str:
    if share is None:
        return "—"
    return _percent(share) + (f", {breaches} breach{'es' if breaches > 1 else ''}" if breaches else "")


def portfolio_performance(
    processes: Iterable[Process], results: Mapping[str, Mapping[str, KpiEvaluation]], vendor_names: Mapping[str, str]
) -> list[dict]:
    """Internal: each process with figures, its KPIs grouped by their latest status."""
    found = []
    for process in processes:
        by_status: dict[str, list[str]] = {BREACHED: [], AT_RISK: [], MET: [], "no figure": []}
        for kpi in process.kpis:
            result = results.get(process.id, {}).get(kpi.id)
            status = result.latest.status if result and result.latest else "no figure"
            by_status[status].append(f"[{plain(kpi.name)}](../processes/{process.id}.md#kpi-{kpi.id})")
        if len(by_status["no figure"]) < len(process.kpis):
            found.append(
                {
                    "id": process.id,
                    "title": plain(process.title),
                    "vendor": plain(vendor_names.get(process.vendor or "", process.vendor or "")),
                    **_keys(by_status),
                }
            )
    return found


def _keys(by_status: dict[str, list[str]]) -> dict[str, str]:
    return {key.replace(" ", "_"): ", ".join(links) or "—" for key, links in by_status.items()}


def credits_due(processes: Iterable[Process], results: Mapping[str, Mapping[str, KpiEvaluation]]) -> list[dict]:
    """Internal only: the service credits due per process and month."""
    rows = []
    for process in processes:
        names = {k.id: k.name for k in process.kpis}
        for month in service_credits(process, results.get(process.id, {})):
            rows.append(
                {
                    "process_id": process.id,
                    "process": plain(process.title),
                    "month": month.month,
                    "kpis": "; ".join(f"{plain(names[k])} {v:g} %" for k, v in month.by_kpi.items()),
                    "percent": f"{month.percent:g} %",
                    "amount": "—" if month.amount is None else f"{month.amount:,.2f} {plain(month.currency)}".strip(),
                }
            )
    return rows
