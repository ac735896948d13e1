"""Agile sample data: two backlog-driven projects of the sample PMO.

P13 (a partner API, one team, weekly throughput) and P14 (a field-service app, two work
streams, a velocity history in story points per two-week sprint) deliver from backlogs,
not from a stage-gated plan. Each lists its throughput history up to the sample's status
week, its backlog range, cycle times of recently finished items, the items in progress
with their start dates, and the scheduled activity of another project that waits for it
(the hybrid link). The numbers are made up, deterministic and typed in as data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from pmokit._results import FrozenDict, frozen_dict

__all__ = ["SampleAgileProject", "agile_projects"]


def _wip(value: Mapping[str, dt.date]) -> FrozenDict:
    return frozen_dict(value)


def _tuple_map(value: Mapping[str, tuple[float, ...]]) -> FrozenDict:
    return frozen_dict({k: tuple(v) for k, v in value.items()})


@attrs.frozen
class SampleAgileProject:
    """An agile project of the sample PMO.

    Attributes
    ----------
    id, name, programme
        Identity and the programme it belongs to.
    start
        The first day of its first week.
    forecast_start
        The first day of the first week to forecast (the status week's Monday).
    throughput
        Work stream -> items finished in each week from ``start`` [items].
    backlog
        Work stream -> items left, ``(min, max)`` [items].
    split
        Split-rate range applied to the backlog (Magennis), ``(min, max)``.
    scope
        Total scope at the end of each week (all streams) [items], for the burn-up.
    velocity
        Story points finished in each two-week sprint (empty when not tracked) [points].
    points
        Story points left ``(min, max)``, or None.
    cycle_times
        Cycle times of recently finished items [calendar days].
    wip
        Item id -> start date of the items in progress on the status date.
    feeds
        The activity of the sample network that waits for this delivery.
    """

    id: str
    name: str
    programme: str
    start: dt.date
    forecast_start: dt.date
    throughput: FrozenDict = attrs.field(converter=_tuple_map, hash=False)
    backlog: FrozenDict = attrs.field(converter=_tuple_map, hash=False)
    split: tuple[float, float]
    scope: tuple[int, ...]
    velocity: tuple[float, ...]
    points: tuple[float, float] | None
    cycle_times: tuple[float, ...]
    wip: FrozenDict = attrs.field(converter=_wip, hash=False)
    feeds: str

    @property
    def total_throughput(self) -> tuple[int, ...]:
        """Items finished per week over all streams [items]."""
        return tuple(int(sum(v)) for v in zip(*self.throughput.values(), strict=True))


D = dt.date


def agile_projects() -> tuple[SampleAgileProject, ...]:
    """The two agile projects (deterministic).

    Examples
    --------
    >>> [p.id for p in agile_projects()]
    ['P13', 'P14']
    """
    p13 = SampleAgileProject(
        id="P13",
        name="Partner API",
        programme="DIG",
        start=D(2026, 1, 5),
        forecast_start=D(2026, 6, 29),
        throughput={"api": (3, 5, 1, 0, 5, 4, 4, 5, 4, 4, 5, 5, 4, 4, 4, 0, 3, 5, 4, 3, 3,
                            2, 3, 2, 3)},
        backlog={"api": (47, 55)},
        split=(1.0, 1.2),
        scope=(120,) * 8 + (126,) * 8 + (132,) * 9,
        velocity=(),
        points=None,
        cycle_times=(2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7, 7, 8, 8, 8, 9,
                     9, 12, 13, 15, 20, 23),
        wip={"P13-141": D(2026, 6, 1), "P13-150": D(2026, 6, 17), "P13-152": D(2026, 6, 22),
             "P13-153": D(2026, 6, 24), "P13-155": D(2026, 6, 29)},
        feeds="P02-INC",
    )
    p14 = SampleAgileProject(
        id="P14",
        name="Field service app",
        programme="OPS",
        start=D(2026, 3, 2),
        forecast_start=D(2026, 6, 29),
        throughput={
            "app": (5, 2, 4, 1, 3, 1, 4, 4, 4, 1, 3, 2, 2, 3, 4, 3, 2),
            "backend": (1, 3, 2, 3, 4, 1, 5, 5, 4, 3, 1, 3, 1, 2, 1, 2, 3),
        },
        backlog={"app": (30, 40), "backend": (22, 30)},
        split=(1.0, 1.1),
        scope=(140,) * 9 + (152,) * 8,
        velocity=(25, 22, 22, 22, 19, 23, 36, 24),
        points=(140, 170),
        cycle_times=(2, 2, 4, 4, 4, 5, 5, 5, 6, 6, 8, 8, 8, 9, 9, 9, 10, 11, 11, 11, 13, 14,
                     16, 16, 17, 18, 18, 21, 21, 26),
        wip={"P14-77": D(2026, 6, 8), "P14-80": D(2026, 6, 15), "P14-83": D(2026, 6, 23),
             "P14-84": D(2026, 6, 26)},
        feeds="P06-UAT",
    )
    return (p13, p14)
