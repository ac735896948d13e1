"""pmokit.agile: throughput and velocity forecasting, burn-up and flow metrics.

Monte Carlo forecasts from a team's history (Vacanti's *When Will It Be Done?*,
ActionableAgile, Magennis): :func:`when_done` (periods until a backlog is done) and
:func:`how_many` (items done by a horizon), the same on story points
(:func:`velocity_when_done`, :func:`velocity_how_many`), :func:`burn_up` chart data,
flow metrics (cycle times, aging work in progress, throughput trend), and
:func:`as_activity` to put an agile delivery into a scheduled portfolio. See
docs/agile.md for the guide.

>>> from pmokit.agile import when_done
>>> when_done([2, 3, 1, 4], 10, rng=1).percentile(85)
5
"""

from __future__ import annotations

from pmokit.agile._burnup import BurnUp, burn_up
from pmokit.agile._flow import (
    CycleTimes,
    ThroughputTrend,
    WorkItemAges,
    aging_wip,
    cycle_times,
    throughput_history,
    throughput_trend,
)
from pmokit.agile._forecast import WhenDoneForecast, when_done
from pmokit.agile._how_many import HowManyForecast, how_many
from pmokit.agile._hybrid import as_activity
from pmokit.agile._velocity import velocity_how_many, velocity_when_done

__all__ = [
    "BurnUp",
    "CycleTimes",
    "HowManyForecast",
    "ThroughputTrend",
    "WhenDoneForecast",
    "WorkItemAges",
    "aging_wip",
    "as_activity",
    "burn_up",
    "cycle_times",
    "how_many",
    "throughput_history",
    "throughput_trend",
    "velocity_how_many",
    "velocity_when_done",
    "when_done",
]
