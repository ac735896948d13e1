"""Tests of the scheduling sample data and walkthrough section."""

from __future__ import annotations

from pmokit._walkthrough import scheduling as section
from pmokit.datasets import PORTFOLIO_START, sample_dated_network, sample_pmo
from pmokit.scheduling import schedule


def test_dated_network_starts_projects_on_their_dates() -> None:
    """Every active project's first activities start on its baseline start (or later)."""
    pmo = sample_pmo()
    s = schedule(sample_dated_network(pmo), start=PORTFOLIO_START, calendar=pmo.calendar)
    for p in pmo.projects:
        firsts = [a.id for a in s.network.activities
                  if a.project == p.id and a.constraint is not None]
        if p.status != "active":
            assert not firsts
            continue
        assert firsts
        for a in firsts:
            assert s[a]["early_start_date"] >= p.start
            assert pmo.calendar.working_days_between(p.start, s[a]["early_start_date"]) == 0 \
                or s.driving_predecessors(a)


def test_walkthrough_section() -> None:
    """The section names the portfolio finish and the critical path."""
    lines = section.section(sample_pmo())
    assert lines[0].startswith("67 activities") and "portfolio finishes" in lines[0]
    assert any(line.startswith("Critical path: ") for line in lines)
    assert section.TITLE
