"""Burnout and overload signals: sustained high utilisation of people and teams."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import PicklesReadOnly, Record, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    as_float_array,
    check_flag,
    check_id,
    check_ids,
    check_plausible,
)
from pmokit.capacity._inputs import ARRAY_EQ
from pmokit.errors import ValidationError

__all__ = ["THRESHOLD_BOUND", "OverloadRun", "OverloadSignals", "overload_signals"]

THRESHOLD_BOUND = 5.0
"""The plausible upper bound of an overload ``threshold`` (a utilisation share): a larger
value is most likely a percent (90 for 0.9) and is refused unless ``check_units=False``."""



@attrs.frozen
class OverloadRun:
    """A run of consecutive periods above the utilisation threshold.

    Attributes
    ----------
    who
        Person id, or team name for a team run.
    kind
        ``"person"`` or ``"team"``.
    start, end
        Labels of the first and last period of the run (both included).
    start_index, length
        Position of the first period and number of periods in the run.
    peak_utilisation, mean_utilisation
        Highest and mean utilisation over the run (``inf`` if a period of the run has
        hours booked and none available).
    ongoing
        True if the run reaches the last period (still going on).
    """

    who: Hashable
    kind: str
    start: Hashable
    end: Hashable
    start_index: int
    length: int
    peak_utilisation: float
    mean_utilisation: float
    ongoing: bool


@display()
@attrs.frozen
class OverloadSignals(PicklesReadOnly):
    """Sustained overload of people and teams.

    Attributes
    ----------
    runs
        Every run of at least ``min_periods`` periods above ``threshold``: people first,
        then teams; longest first within each kind.
    utilisation
        Hours worked over hours available per person and period (``people x periods``).
        Where hours are booked with nothing available it is ``inf`` (defined: any hour
        booked then overloads, so such a period always counts as above the threshold);
        0 where neither. No other value is infinite or NaN.
    teams
        Team names, in first-met order.
    team_utilisation
        Team hours over team availability per team and period (``teams x periods``;
        ``inf`` and 0 as for ``utilisation``).
    threshold, min_periods
        The rule used.
    """

    runs: tuple[OverloadRun, ...]
    utilisation: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    teams: tuple[Hashable, ...] = attrs.field()
    team_utilisation: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    threshold: float = attrs.field()
    min_periods: int = attrs.field()

    @property
    def people(self) -> tuple[Hashable, ...]:
        """Ids of the people with at least one run, in run order."""
        return tuple(dict.fromkeys(r.who for r in self.runs if r.kind == "person"))

    def to_records(self) -> list[Record]:
        """One record per run."""
        return [attrs.asdict(r) for r in self.runs]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _runs(mask: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.int64], ...]:
    """Row, start and length of every run of True in each row of a 2-D mask (vectorised)."""
    n_r, n_t = mask.shape
    padded = np.zeros((n_r, n_t + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    r_start, c_start = np.nonzero(diff == 1)
    _, c_end = np.nonzero(diff == -1)
    # np.nonzero is row-major, so starts and ends pair up in order
    return r_start.astype(np.int64), c_start.astype(np.int64), (c_end - c_start).astype(np.int64)


def _ratio(hours: FloatArray, available: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(
            available > 0,
            hours / np.where(available > 0, available, 1.0),
            np.where(hours > 0, np.inf, 0.0),
        )
    return np.asarray(out, dtype=np.float64)


def overload_signals(
    hours: npt.ArrayLike,
    available: npt.ArrayLike,
    *,
    people: Sequence[Hashable],
    teams: Sequence[Hashable | None] | None = None,
    periods: Sequence[Hashable] | None = None,
    threshold: float = 0.9,
    min_periods: int = 3,
    check_units: bool = True,
) -> OverloadSignals:
    """People and teams above a utilisation threshold for ``min_periods`` periods in a row.

    Parameters
    ----------
    hours
        Hours worked or booked per person and period [hours] (``people x periods``), for
        example timesheets or ``Allocation.allocated``.
    available
        Hours available per person and period [hours], for example
        ``Allocation.availability``.
    people
        Person ids, one per row.
    teams
        Team of each person (``None`` for no team); team utilisation is the team's hours
        over its availability.
    periods
        Period labels (default 0, 1, ...).
    threshold
        Utilisation above which a period counts as overloaded, > 0 (0.9 by default); a
        share, not a percent: above :data:`THRESHOLD_BOUND` (5) it is refused as a
        probable percent unless ``check_units=False``.
    min_periods
        Shortest run reported, >= 1 (3 by default).
    check_units
        ``False`` to accept a ``threshold`` above :data:`THRESHOLD_BOUND`.

    Returns
    -------
    OverloadSignals

    Raises
    ------
    ValidationError
        If the arrays do not have one row per person and the same shape, hold negative or
        non-finite hours, an id is empty, or an option is out of range.
    DuplicateError
        If two rows have the same person id.

    Examples
    --------
    >>> s = overload_signals([[40, 44, 46, 42, 20], [30, 30, 30, 30, 30]],
    ...                      [[40, 40, 40, 40, 40], [40, 40, 40, 40, 40]],
    ...                      people=["ana", "bob"], teams=["data", "data"], threshold=1.0)
    >>> [(r.who, r.start, r.length, r.peak_utilisation) for r in s.runs]
    [('ana', 1, 3, 1.15)]
    """
    p = Problems()
    p.check_number(threshold, "threshold", minimum=0.0, strict_minimum=True)
    check_flag(check_units, "check_units")
    if not p and (
        slip := check_plausible(
            threshold,
            "threshold",
            bound=THRESHOLD_BOUND,
            hint=f"did you give a percent? utilisation is a share (0.9 = 90 %, so "
            f"{threshold!r} % is {float(threshold) / 100!r})",
            check_units=check_units,
        )
    ):
        p.add(slip)
    if (
        isinstance(min_periods, bool)
        or not isinstance(min_periods, int | np.integer)
        or min_periods < 1
    ):
        p.add(f"'min_periods' must be an integer >= 1 (got {min_periods!r})")
    p.raise_if_any()
    if isinstance(people, str) or not isinstance(people, Iterable):
        raise ValidationError(f"'people' must be a sequence of person ids (got {people!r:.60})")
    people = check_ids(people, "people")
    h = as_float_array(hours, "hours", ndim=2, minimum=0.0, labels=people)
    a = as_float_array(available, "available", ndim=2, minimum=0.0, labels=people)
    if h.shape != a.shape:
        p.add(f"'hours' and 'available' must have the same shape (got {h.shape} and {a.shape})")
    if h.shape[0] != len(people):
        p.add(f"'hours' must have one row per person ({len(people)} people; got {h.shape[0]})")
    n_t = h.shape[1]
    labels: tuple[Hashable, ...] = tuple(range(n_t)) if periods is None else tuple(periods)
    if len(labels) != n_t:
        p.add(f"'periods' must hold one label per column of 'hours' ({n_t}; got {len(labels)})")
    team_of: tuple[Hashable | None, ...] = (None,) * len(people) if teams is None else tuple(teams)
    if len(team_of) != len(people):
        p.add(f"'teams' must hold one team per person ({len(people)}; got {len(team_of)})")
    for who, team in zip(people, team_of, strict=False):
        try:
            hash(team)
        except TypeError:
            p.add(f"team of person {who!r} must be hashable, such as a string (got {team!r})")
            continue
        if team is not None and (m := check_id(team, f"team of person {who!r}")) is not None:
            p.add(m)
    p.raise_if_any()

    util = _ratio(h, a)
    team_names = tuple(dict.fromkeys(t for t in team_of if t is not None))
    t_index = {t: i for i, t in enumerate(team_names)}
    rows = np.array([t_index.get(t, -1) if t is not None else -1 for t in team_of], dtype=np.int64)
    th = np.zeros((len(team_names), n_t))
    ta = np.zeros((len(team_names), n_t))
    member = rows >= 0
    np.add.at(th, rows[member], h[member])
    np.add.at(ta, rows[member], a[member])
    team_util = _ratio(th, ta)

    runs: list[OverloadRun] = []
    for kind, ids, u in (("person", people, util), ("team", team_names, team_util)):
        if u.size == 0:
            continue
        r, start, length = _runs(u > threshold)
        keep = length >= min_periods
        r, start, length = r[keep], start[keep], length[keep]
        order = np.lexsort((start, r, -length))
        for k in order:
            i, s0, n = int(r[k]), int(start[k]), int(length[k])
            seg = u[i, s0 : s0 + n]
            runs.append(
                OverloadRun(
                    who=ids[i],
                    kind=kind,
                    start=labels[s0],
                    end=labels[s0 + n - 1],
                    start_index=s0,
                    length=n,
                    peak_utilisation=float(seg.max()),
                    mean_utilisation=float(seg.mean()),
                    ongoing=s0 + n == n_t,
                )
            )
    util.setflags(write=False)
    team_util.setflags(write=False)
    return OverloadSignals(
        runs=tuple(runs),
        utilisation=util,
        teams=team_names,
        team_utilisation=team_util,
        threshold=float(threshold),
        min_periods=int(min_periods),
    )
