"""Walkthrough section: the sample PMO and its calendar."""

from __future__ import annotations

import datetime as dt

from pmokit.datasets import SamplePMO

TITLE = "The sample PMO and its working calendar"


def section(pmo: SamplePMO) -> list[str]:
    """Lines describing the sample PMO and its calendar."""
    lines = []
    active = [p for p in pmo.projects if p.status == "active"]
    lines.append(
        f"{len(pmo.programmes)} programmes, {len(pmo.projects)} projects "
        f"({len(active)} active), {len(pmo.people)} people, "
        f"{len(pmo.network)} activities with {len(pmo.network.dependencies)} links"
    )
    for prog in pmo.programmes:
        projs = [p for p in pmo.projects if p.programme == prog.id]
        budget = sum(p.budget for p in projs)
        lines.append(
            f"  {prog.id} {prog.name:<24} {len(projs)} projects, budget GBP {budget:>12,.0f}"
        )
    cal = pmo.calendar
    year = pmo.status_date.year
    hols = cal.holidays_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    lines.append(
        f"Calendar '{cal.name}': {len(hols)} bank holidays in {year}, "
        f"{cal.working_days_between(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))} working days, "
        f"{cal.hours_per_day:g} h/day"
    )
    q = cal.working_days_per_period(dt.date(year, 1, 1), dt.date(year, 7, 1), "M")
    months = ", ".join(
        f"{s.astype(dt.date):%b} {c}" for s, c in zip(q.starts, q.counts, strict=True)
    )
    lines.append(f"Working days per month, H1 {year}: {months}")
    return lines
