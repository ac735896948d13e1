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


def test_walkthrough_portfolio_figures_agree() -> None:
    """Issue 14: "the portfolio is 377 working days in one section and 357 in another".
    377 is the CPM with each project held to its start date (the scheduling section), 357 the
    CPM with every project free to start on day 0 (what resource_constrained_schedule and
    level work from). The resources section now names both, with the function behind each,
    and its figure for the dated plan is the scheduling section's."""
    import re

    from pmokit._walkthrough import resources

    pmo = sample_pmo()
    dated = schedule(sample_dated_network(pmo), start=PORTFOLIO_START, calendar=pmo.calendar)
    free = schedule(pmo.network)
    sched_lines = section.section(pmo)
    res_lines = resources.section(pmo)
    first = sched_lines[0]
    assert f"({dated.project_duration:.0f} working days from" in first
    assert "schedule(...).project_duration" in first and "sample_dated_network" in first
    text = "\n".join(res_lines)
    assert f"(schedule(pmo.network).project_duration): {free.project_duration:g}" in text
    assert f"(schedule(sample_dated_network(pmo), ...)): {dated.project_duration:g}" in text
    # every 'N working days' figure of the two sections is one of the two CPM durations,
    # or a resource-constrained one labelled as such
    figures = {float(x) for x in re.findall(r"(\d+) working days", first + text)}
    assert figures <= {dated.project_duration, free.project_duration}
    assert "level(pmo.network, ...)" in text and "resource_constrained_schedule" in text
