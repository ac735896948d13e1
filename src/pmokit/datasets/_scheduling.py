"""Scheduling sample data: the sample PMO's network with each project's start date.

The integrated network of :func:`pmokit.datasets.sample_pmo` has no date constraints (so
that every engine can use it as is). For dated schedules, :func:`sample_dated_network`
gives each project's first activities a start-no-earlier-than constraint at the project's
baseline start date; schedule it with ``start=PORTFOLIO_START`` and the sample calendar.
"""

from __future__ import annotations

import datetime as dt

import attrs

from pmokit.datasets._sample import SamplePMO
from pmokit.scheduling import Constraint, Network

PORTFOLIO_START = dt.date(2026, 1, 5)
"""The first working day of the sample portfolio (the earliest project start)."""


def sample_dated_network(pmo: SamplePMO) -> Network:
    """The sample network with SNET constraints at each project's start date.

    Activities without a predecessor inside their own project get the constraint.

    Examples
    --------
    >>> from pmokit.datasets import sample_pmo
    >>> from pmokit.scheduling import schedule
    >>> pmo = sample_pmo()
    >>> s = schedule(sample_dated_network(pmo), start=PORTFOLIO_START, calendar=pmo.calendar)
    >>> s["P02-DISC"]["early_start_date"]
    datetime.date(2026, 2, 2)
    """
    net = pmo.network
    starts = {p.id: p.start for p in pmo.projects}
    has_own_pred = {
        d.successor
        for d in net.dependencies
        if net[d.predecessor].project == net[d.successor].project
    }
    acts = []
    for a in net.activities:
        if a.id not in has_own_pred and a.project in starts and a.constraint is None:
            a = attrs.evolve(a, constraint=Constraint("SNET", starts[a.project]))
        acts.append(a)
    return Network(acts, net.dependencies)
