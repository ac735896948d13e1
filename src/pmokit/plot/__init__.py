"""Pictures of pmokit results on matplotlib Axes (optional extra ``plot``).

Install matplotlib with ``pip install 'pmokit[plot]'``. Importing this module does not
need it; calling a function without it raises :class:`~pmokit.errors.MissingDependencyError`.

Every function takes a result and an optional ``ax`` (a matplotlib Axes; a new pyplot
figure when None) and returns the Axes it drew on. None shows or saves the figure: that
stays with the caller (``plt.show()``, ``fig.savefig(...)``, or the notebook).

=========================  ==========================================================
``gantt``                  Schedule bars, critical path, total float, baseline
``resource_load``          A resource's use per period against its capacity
``finish_distribution``    Monte Carlo finish histogram, CDF and P-dates
``tornado``                Criticality, cruciality, sensitivity or risk contribution
``s_curve``                Earned value PV / EV / AC with the forecast to EAC
``efficient_frontier``     Best portfolio value against the budget
``capacity_heatmap``       Load, gap or shadow price per skill and period
``ahp_priorities``         AHP priorities with the consistency ratio
``burn_up``                Agile burn-up: done, scope and the forecast cone
=========================  ==========================================================
"""

from __future__ import annotations

from pmokit.plot._agile import burn_up
from pmokit.plot._capacity import capacity_heatmap
from pmokit.plot._monitoring import s_curve
from pmokit.plot._portfolio import ahp_priorities, efficient_frontier
from pmokit.plot._risk import finish_distribution, tornado
from pmokit.plot._schedule import gantt, resource_load

__all__ = [
    "ahp_priorities",
    "burn_up",
    "capacity_heatmap",
    "efficient_frontier",
    "finish_distribution",
    "gantt",
    "resource_load",
    "s_curve",
    "tornado",
]
