"""Resource and capacity: people, skills and availability against project demand.

:func:`allocate` solves a linear programme (HiGHS) that allocates people to demand per
period and returns an :class:`Allocation` with coverage, unmet demand, utilisation, cost
and the shadow price of each skill in each period (the bottleneck ranking). See
docs/capacity.md.
"""

from __future__ import annotations

from pmokit.capacity._allocate import Allocation, Bottleneck, allocate
from pmokit.capacity._inputs import Demand, Person

__all__ = ["Allocation", "Bottleneck", "Demand", "Person", "allocate"]
