"""Optimal allocation of people to project demand: a linear programme with shadow prices.

The model
---------
Variables ``x[p, d, t] >= 0``: hours person ``p`` works on demand ``d`` (a project's need
for one skill) in period ``t``; one exists only where ``p`` holds the skill of ``d`` at a
level of at least ``d.min_proficiency``, ``d`` needs hours in ``t`` and ``p`` has capacity
in ``t``. Variables ``u[d, t] >= 0``: hours of demand ``d`` left unmet in ``t``.

.. math::

    \\min \\sum_{p,d,t} c_p x_{pdt} + \\sum_{d,t} v_d u_{dt}
    \\quad\\text{s.t.}\\quad
    \\sum_p x_{pdt} + u_{dt} = h_{dt}, \\qquad
    \\sum_d x_{pdt} \\le a_{pt} m_p

with cost rates ``c``, demand values ``v``, demanded hours ``h``, availabilities ``a`` and
utilisation caps ``m``. ``x = 0, u = h`` is always feasible, so the programme always has an
optimum. The model is assembled as numpy index arrays and one ``scipy.sparse`` matrix per
constraint family (no Python object per variable) and solved by HiGHS through
``scipy.optimize.linprog``.

Shadow prices
-------------
One more hour of skill ``s`` in period ``t`` (a fully proficient, free hour) serves the
demand row of that skill where it is worth most, so the shadow price of skill ``s`` in
``t`` is ``max(0, max_{d: skill s} gain[d, t])`` [currency per hour], where ``gain`` is the
objective decrease per extra hour delivered to a row. The rows' dual values give it only
when the optimum is not degenerate: where supply exactly meets demand the duals are not
unique and the solver's may overstate the gain (one person exactly covering a demand
worth 100 per hour has a dual of 100, yet one more hour gains nothing). ``gain`` is
therefore read from the optimal allocation itself: an extra hour replaces an unmet hour
or a person's hour, whose freed hour may move on, a path in the residual graph; it is the
smallest optimal dual (Ahuja, Magnanti and Orlin 1993, ch. 9). The objective falls by
that much per extra hour within the range where the optimal basis stays the same
(Dantzig 1963, ch. 12; Chvátal 1983, ch. 10).
"""

from __future__ import annotations

import numbers
import time
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from pmokit._results import PicklesReadOnly, Record, display, records_to_frame
from pmokit._typing import FloatArray, IntArray, SolverStatus
from pmokit._validation import (
    Problems,
    check_allocation,
    check_id,
    check_number,
    number_kind_problem,
)
from pmokit.capacity._inputs import ARRAY_EQ, Demand, Person
from pmokit.errors import (
    DuplicateError,
    SolverError,
    UnknownReferenceError,
    ValidationError,
)

__all__ = ["Allocation", "Bottleneck", "allocate"]


_STATUS: dict[int, SolverStatus] = {
    0: "optimal",
    1: "time_limit",
    2: "infeasible",
    3: "unbounded",
    4: "error",
}
"""HiGHS (``scipy.optimize.linprog``) status codes in pmokit's one vocabulary: 1 is its
iteration or time limit, 4 its numerical difficulties."""
_TOL = 1e-9


def _ro(arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    arr.setflags(write=False)
    return arr


@attrs.frozen
class Bottleneck:
    """One skill in one period whose capacity limits the objective.

    Attributes
    ----------
    skill
        The skill.
    period
        Label of the period.
    period_index
        Position of the period (0-based).
    shadow_price
        Objective decrease per extra fully proficient hour of the skill in the period
        [currency per hour].
    unmet_hours
        Demand of the skill left unmet in the period [hours].
    """

    skill: str
    period: Hashable
    period_index: int
    shadow_price: float
    unmet_hours: float


@display("status", "objective", "cost", "unmet_value", "people", "skills", "periods", "message")
@attrs.frozen
class Allocation(PicklesReadOnly):
    """Result of :func:`allocate`: who works on what in which period, and what is missing.

    Arrays are read-only; rows follow ``people``, ``demands``, ``skills`` or ``projects``
    and columns follow ``periods``.

    Attributes
    ----------
    status
        One of :data:`pmokit._typing.SolverStatus`: ``"optimal"``; ``"feasible"`` when
        the time limit stopped HiGHS but the hours returned meet every capacity (not
        proven optimal); ``"time_limit"`` when it stopped on a point that does not;
        ``"error"`` for numerical difficulties. Only an optimal result has exact shadow
        prices.
    message
        The solver's message.
    objective
        ``cost + unmet_value`` at the optimum [currency].
    cost
        Total cost of allocated hours, ``sum(cost_rate x hours)`` [currency].
    unmet_value
        Total value of unmet demand, ``sum(value x unmet hours)`` [currency].
    people, skills, projects, periods
        Ids of the people, the skill catalogue, the projects (first-met order) and the
        period labels.
    demands
        The demands, in the order given.
    demand_skill, demand_project
        Index of each demand's skill in ``skills`` and project in ``projects``.
    person_index, demand_index, period_index, hours
        The allocation as a sparse list of non-zero entries: ``hours[k]`` hours of person
        ``people[person_index[k]]`` on ``demands[demand_index[k]]`` in period
        ``period_index[k]`` [hours]; sorted by person, period, demand.
    hours_per_period
        Hours of one FTE in each period [hours].
    availability
        Hours available per person and period [hours] (``people x periods``).
    capacity
        ``availability x max_utilisation`` [hours]: the most that may be allocated.
    allocated
        Hours allocated per person and period [hours].
    utilisation
        ``allocated / availability`` (0 where nothing is available).
    demanded, covered, unmet
        Hours per demand and period: asked for, allocated, left unmet [hours]
        (``demands x periods``).
    skill_demand, skill_covered, skill_unmet
        The same summed per skill [hours] (``skills x periods``).
    coverage
        ``covered / demanded`` per project and period; NaN where nothing is demanded.
    shadow_price
        Objective decrease per extra fully proficient hour of each skill in each period
        [currency per hour] (``skills x periods``), >= 0.
    person_shadow_price
        Objective decrease per extra hour of each person's capacity [currency per hour]
        (``people x periods``), >= 0; 0 where the person has no capacity in the period
        (no capacity row to price).
    bottlenecks
        Skill-periods with a positive shadow price, highest price first (ties: most unmet
        hours first).
    n_variables, n_constraints
        Size of the linear programme.
    """

    status: SolverStatus
    message: str
    objective: float
    cost: float
    unmet_value: float
    people: tuple[Hashable, ...]
    skills: tuple[str, ...]
    projects: tuple[Hashable, ...]
    periods: tuple[Hashable, ...]
    demands: tuple[Demand, ...]
    demand_skill: IntArray = attrs.field(eq=ARRAY_EQ, hash=False)
    demand_project: IntArray = attrs.field(eq=ARRAY_EQ, hash=False)
    person_index: IntArray = attrs.field(eq=ARRAY_EQ, hash=False)
    demand_index: IntArray = attrs.field(eq=ARRAY_EQ, hash=False)
    period_index: IntArray = attrs.field(eq=ARRAY_EQ, hash=False)
    hours: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    hours_per_period: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    availability: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    capacity: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    allocated: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    utilisation: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    demanded: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    covered: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    unmet: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    skill_demand: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    skill_covered: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    skill_unmet: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    coverage: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    shadow_price: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    person_shadow_price: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    bottlenecks: tuple[Bottleneck, ...]
    n_variables: int
    n_constraints: int

    @property
    def total_unmet_hours(self) -> float:
        """Hours of demand left unmet over all demands and periods [hours]."""
        return float(self.unmet.sum())

    @property
    def skill_shadow_value(self) -> FloatArray:
        """Shadow price summed over the periods, per skill [currency per hour per period]."""
        return _ro(self.shadow_price.sum(axis=1))

    def person_project_hours(self, period: int | None = None) -> sp.csr_array:
        """Hours per person and project as a sparse ``people x projects`` matrix [hours].

        Parameters
        ----------
        period
            Index of one period, or ``None`` for the sum over all periods.
        """
        mask = np.ones(self.hours.shape, dtype=bool)
        if period is not None:
            mask = self.period_index == period
        proj = self.demand_project[self.demand_index[mask]]
        return sp.csr_array(
            (self.hours[mask], (self.person_index[mask], proj)),
            shape=(len(self.people), len(self.projects)),
        )

    def to_records(self) -> list[Record]:
        """One record per non-zero allocation: person, project, skill, period, hours."""
        demands = self.demands
        return [
            {
                "person": self.people[int(p)],
                "project": demands[int(d)].project,
                "skill": demands[int(d)].skill,
                "period": self.periods[int(t)],
                "hours": float(h),
            }
            for p, d, t, h in zip(
                self.person_index, self.demand_index, self.period_index, self.hours, strict=True
            )
        ]

    def to_frame(self) -> Any:
        """The records of :meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())

    def bottleneck_records(self) -> list[Record]:
        """One record per bottleneck (skill, period, shadow_price, unmet_hours)."""
        return [attrs.asdict(b) for b in self.bottlenecks]


# --------------------------------------------------------------------------- validation


def _as_tuple(items: Any, name: str) -> tuple[Any, ...]:
    """``items`` as a tuple, or a ValidationError when it is not a collection."""
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise ValidationError(
            f"'{name}' must be a sequence (got {items!r} that is a {type(items).__name__})"
        )
    return tuple(items)


_LABEL_BYTES = 36
"""Memory of one period label counted from 0 [bytes]: a tuple slot and an int object."""


def _period_labels(periods: Any, problems: Problems) -> tuple[Hashable, ...]:
    if isinstance(periods, numbers.Integral) and not isinstance(periods, bool):
        if int(periods) < 1:
            problems.add(f"'periods' must be >= 1 when given as a count (got {periods})")
            return ()
        try:  # one label (a pointer and an int object) per period: refuse before building
            check_allocation((int(periods),), "labels of 'periods'", itemsize=_LABEL_BYTES)
        except ValidationError as exc:
            problems.extend(exc.problems)
            return ()
        return tuple(range(int(periods)))
    if isinstance(periods, str) or not isinstance(periods, Iterable):
        problems.add(
            "'periods' must be a number of periods or a sequence of period labels "
            f"(got {periods!r} that is a {type(periods).__name__})"
        )
        return ()
    labels = tuple(periods)
    if not labels:
        problems.add("'periods' must hold at least one period (got an empty sequence)")
    problems.extend(
        m for i, x in enumerate(labels) if (m := check_id(x, f"periods[{i}]")) is not None
    )
    dup = [x for i, x in enumerate(labels) if x in labels[:i]]
    if dup:
        problems.add(f"'periods' labels must be unique (got {dup[0]!r} more than once)")
    return labels


def _hours_per_period(value: Any, n: int, problems: Problems) -> FloatArray:
    kind = number_kind_problem(value, "hours_per_period")
    if kind is not None:
        problems.add(kind.replace("an array of numbers", "a number or an array of numbers", 1))
        return np.zeros(n)
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        problems.add(f"'hours_per_period' must be a number or an array of numbers (got {value!r})")
        return np.zeros(n)
    if arr.ndim == 0:
        arr = np.full(n, float(arr))
    if arr.ndim != 1 or arr.shape[0] != n:
        problems.add(
            f"'hours_per_period' must be a number or hold one value per period ({n} periods) "
            f"(got shape {arr.shape})"
        )
        return np.zeros(n)
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0))
    if bad.size:
        problems.add(
            f"'hours_per_period' must hold finite hours >= 0 (got {float(arr[bad[0]])!r} "
            f"at period {int(bad[0])})"
        )
    return arr


def _compile_inputs(
    people: Sequence[Person],
    demands: Sequence[Demand],
    periods: Any,
    hours_per_period: Any,
    skills: Iterable[str] | None,
) -> tuple[tuple[Hashable, ...], FloatArray, tuple[str, ...], FloatArray, FloatArray]:
    """Validate everything together; return labels, hours/FTE, skills, availability, demand."""
    p = Problems()
    people = list(people)
    demands = list(demands)
    for i, person in enumerate(people):
        if not isinstance(person, Person):
            p.add(f"people[{i}] must be a Person (got {type(person).__name__})")
    for i, dem in enumerate(demands):
        if not isinstance(dem, Demand):
            p.add(f"demands[{i}] must be a Demand (got {type(dem).__name__})")
    p.raise_if_any()
    labels = _period_labels(periods, p)
    n = len(labels)
    hpp = _hours_per_period(hours_per_period, n, p)
    p.raise_if_any()

    ids = [person.id for person in people]
    seen: set[Hashable] = set()
    dups = []
    for pid in ids:
        if pid in seen:
            dups.append(pid)
        seen.add(pid)
    if dups:
        raise DuplicateError(
            [
                f"person id {d!r} must be unique (got it more than once)"
                for d in dict.fromkeys(dups)
            ],
            dups,
        )

    held = list(dict.fromkeys(s for person in people for s, _ in person.skills))
    unknown: list[Hashable] = []
    messages: list[str] = []
    if skills is None:
        catalogue = tuple(held)
        hint = "no person holds it; pass skills=[...] to declare skills nobody holds yet"
    else:
        # a single string is one skill, not a sequence of one-letter skills
        given = (skills,) if isinstance(skills, str) else _as_tuple(skills, "skills")
        for s in given:
            if not isinstance(s, str) or not s.strip():
                p.add(f"'skills' must hold non-empty skill names (got {s!r})")
        repeated = [s for s, c in Counter(x for x in given if isinstance(x, str)).items() if c > 1]
        if repeated:
            raise DuplicateError(
                [f"'skills' must list each skill once, but {s!r} is repeated" for s in repeated],
                repeated,
            )
        catalogue = tuple(dict.fromkeys(s for s in given if isinstance(s, str) and s))
        hint = "it is not in 'skills'"
        cat = set(catalogue)
        for person in people:
            for s, _ in person.skills:
                if s not in cat:
                    unknown.append(s)
                    messages.append(
                        f"skill {s!r} of person {person.id!r} must be one of 'skills' "
                        f"(got an unknown skill)"
                    )
    cat = set(catalogue)
    for dem in demands:
        if dem.skill not in cat:
            unknown.append(dem.skill)
            messages.append(
                f"skill {dem.skill!r} of demand ({dem.project!r}, {dem.skill!r}) must be a "
                f"known skill ({hint})"
            )
    avail = np.empty((len(people), n))
    for i, person in enumerate(people):
        full = person.fte * hpp
        if person.availability is None:
            avail[i] = full
            continue
        a = person.availability
        if a.shape != (n,):
            p.add(
                f"availability of person {person.id!r} must hold one value per period "
                f"({n} periods) (got {a.shape[0] if a.ndim == 1 else a.shape} values); "
                "periods do not align"
            )
            continue
        over = np.flatnonzero(a > full * (1 + 1e-9) + 1e-9)
        if over.size:
            t = int(over[0])
            p.add(
                f"availability of person {person.id!r} must lie in [0, fte x hours_per_period] "
                f"= [0, {float(full[t])!r}] at period {labels[t]!r} (got {float(a[t])!r})"
            )
        avail[i] = a
    demand = np.zeros((len(demands), n))
    for j, dem in enumerate(demands):
        if dem.hours.shape != (n,):
            p.add(
                f"hours of demand ({dem.project!r}, {dem.skill!r}) must hold one value per "
                f"period ({n} periods) (got {dem.hours.shape[0]} values); periods do not align"
            )
            continue
        demand[j] = dem.hours
    if messages:
        raise UnknownReferenceError(messages + p.items, unknown)
    p.raise_if_any()
    return labels, hpp, catalogue, avail, demand


# --------------------------------------------------------------------------- the model


@attrs.frozen
class _Model:
    """The compiled linear programme (index arrays and sparse matrices)."""

    c: FloatArray
    a_ub: sp.csc_array
    b_ub: FloatArray
    a_eq: sp.csc_array
    b_eq: FloatArray
    x_person: IntArray
    x_demand: IntArray
    x_period: IntArray
    row_demand: IntArray
    row_period: IntArray
    cap_person: IntArray
    cap_period: IntArray
    x_row: IntArray
    x_cap: IntArray
    demand_group: IntArray
    n_people: int


def _build_model(
    level: FloatArray,
    cost_rate: FloatArray,
    cap: FloatArray,
    demand: FloatArray,
    demand_skill: IntArray,
    min_prof: FloatArray,
    value: FloatArray,
) -> _Model:
    """Assemble the LP from arrays; ``level`` is ``people x skills`` proficiency (0 = none)."""
    n_p, n_s = level.shape
    n_d, n_t = demand.shape
    # person-skill pairs grouped by skill (CSR by skill)
    ps_skill, ps_person = np.nonzero(level.T)
    indptr = np.zeros(n_s + 1, dtype=np.int64)
    np.cumsum(np.bincount(ps_skill, minlength=n_s), out=indptr[1:])
    counts = indptr[demand_skill + 1] - indptr[demand_skill]
    pair_d = np.repeat(np.arange(n_d, dtype=np.int64), counts)
    starts = np.repeat(indptr[demand_skill] - (np.cumsum(counts) - counts), counts)
    pos = np.arange(pair_d.size, dtype=np.int64) + starts
    pair_p = ps_person[pos].astype(np.int64)
    keep = level[pair_p, demand_skill[pair_d]] >= min_prof[pair_d]
    pair_d, pair_p = pair_d[keep], pair_p[keep]
    # variables: eligible pairs x periods with demand and capacity
    active = (demand[pair_d] > 0) & (cap[pair_p] > 0)
    k_pair, x_t = np.nonzero(active)
    x_d = pair_d[k_pair]
    x_p = pair_p[k_pair]
    n_x = x_d.size
    # demand rows: every (d, t) with hours > 0
    row_d, row_t = np.nonzero(demand > 0)
    n_rows = row_d.size
    row_of = np.full(n_d * n_t, -1, dtype=np.int64)
    row_of[row_d * n_t + row_t] = np.arange(n_rows)
    x_row = row_of[x_d * n_t + x_t]
    # capacity rows: every (p, t) with at least one variable
    flat_pt = x_p * n_t + x_t
    used = np.zeros(n_p * n_t, dtype=bool)
    used[flat_pt] = True
    cap_flat = np.flatnonzero(used)
    cap_row_of = np.full(n_p * n_t, -1, dtype=np.int64)
    cap_row_of[cap_flat] = np.arange(cap_flat.size)
    x_cap = cap_row_of[flat_pt]
    n_cap = cap_flat.size

    ones_x = np.ones(n_x)
    # equality rows: [x | u] with u the identity (one unmet variable per demand row)
    eq_rows = np.concatenate([x_row, np.arange(n_rows)])
    eq_cols = np.concatenate([np.arange(n_x), n_x + np.arange(n_rows)])
    a_eq = sp.csc_array((np.ones(n_x + n_rows), (eq_rows, eq_cols)), shape=(n_rows, n_x + n_rows))
    a_ub = sp.csc_array((ones_x, (x_cap, np.arange(n_x))), shape=(n_cap, n_x + n_rows))
    c = np.concatenate([cost_rate[x_p], value[row_d]])
    return _Model(
        c=c,
        a_ub=a_ub,
        b_ub=cap.ravel()[cap_flat],
        a_eq=a_eq,
        b_eq=demand[row_d, row_t],
        x_person=x_p,
        x_demand=x_d,
        x_period=x_t.astype(np.int64),
        row_demand=row_d.astype(np.int64),
        row_period=row_t.astype(np.int64),
        cap_person=(cap_flat // n_t).astype(np.int64),
        cap_period=(cap_flat % n_t).astype(np.int64),
        x_row=x_row.astype(np.int64),
        x_cap=x_cap.astype(np.int64),
        demand_group=_demand_groups(demand_skill, min_prof),
        n_people=int(n_p),
    )


def _demand_groups(demand_skill: IntArray, min_prof: FloatArray) -> IntArray:
    """Group id per demand: demands of one skill and one minimum proficiency."""
    if demand_skill.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((min_prof, demand_skill))
    ks, kp = demand_skill[order], min_prof[order]
    new = np.r_[True, (ks[1:] != ks[:-1]) | (kp[1:] != kp[:-1])]
    group = np.empty(demand_skill.size, dtype=np.int64)
    group[order] = np.cumsum(new) - 1
    return group


@attrs.frozen
class _Solution:
    """Primal values, duals and status of a solved model (blocks merged)."""

    status: int
    message: str
    x: FloatArray
    eq_dual: FloatArray
    ub_dual: FloatArray


@attrs.frozen
class _LP:
    """A linear programme ``min c x, a_eq x = b_eq, a_ub x <= b_ub, 0 <= x <= upper``."""

    c: FloatArray
    a_eq: sp.csc_array
    b_eq: FloatArray
    a_ub: sp.csc_array
    b_ub: FloatArray
    upper: FloatArray


def _blocks(lp: _LP | _Model, target: int) -> list[tuple[IntArray, IntArray, IntArray]]:
    """Split the LP into independent blocks (connected components of its matrix).

    Periods never share a constraint, and neither do unrelated skill groups, so the
    constraint matrix is block diagonal; each block is an LP of its own and the
    optimum of the whole is the union of the blocks' optima (objectives add, duals are
    the blocks' duals). Small components are packed together up to ``target`` columns.
    Returns (columns, equality rows, inequality rows) per block.
    """
    n_c = lp.c.size
    n_e = lp.a_eq.shape[0]
    n_u = lp.a_ub.shape[0]
    eq = lp.a_eq.tocoo()
    ub = lp.a_ub.tocoo()
    n = n_c + n_e + n_u
    graph = sp.coo_array(
        (
            np.ones(eq.nnz + ub.nnz, dtype=np.int8),
            (
                np.concatenate([n_c + eq.row, n_c + n_e + ub.row]),
                np.concatenate([eq.col, ub.col]),
            ),
        ),
        shape=(n, n),
    ).tocsr()
    n_comp, label = connected_components(graph, directed=False)
    col_count = np.bincount(label[:n_c], minlength=n_comp)
    chunk_of_comp = np.cumsum(col_count) // max(target, 1)
    _, chunk_of_comp = np.unique(chunk_of_comp, return_inverse=True)
    chunk = chunk_of_comp.ravel()[label]
    n_chunks = int(chunk.max()) + 1 if n else 0

    def split(keys: IntArray) -> list[IntArray]:
        order = np.argsort(keys, kind="stable")
        bounds = np.searchsorted(keys[order], np.arange(n_chunks + 1))
        return [order[bounds[i] : bounds[i + 1]] for i in range(n_chunks)]

    return list(
        zip(
            split(chunk[:n_c]),
            split(chunk[n_c : n_c + n_e]),
            split(chunk[n_c + n_e :]),
            strict=True,
        )
    )


def _solve_lp(
    lp: _LP, time_limit: float | None, block_columns: int
) -> tuple[int, str, FloatArray, FloatArray, FloatArray]:
    """Solve each independent block with HiGHS (dual simplex); merge x and the duals.

    A block without any solution (stopped by the time limit) keeps ``x = 0`` except the
    columns with a finite upper bound, which are set to it (the unmet hours).
    """
    n_c = lp.c.size
    x = np.zeros(n_c)
    eq_dual = np.zeros(lp.a_eq.shape[0])
    ub_dual = np.zeros(lp.a_ub.shape[0])
    a_eq = lp.a_eq.tocsr()
    a_ub = lp.a_ub.tocsr()
    worst = 0
    messages: list[str] = []
    started = time.perf_counter()
    for cols, erows, urows in _blocks(lp, block_columns):
        options: dict[str, Any] = {"simplex_dual_edge_weight_strategy": "devex"}
        if time_limit is not None:
            options["time_limit"] = max(time_limit - (time.perf_counter() - started), 1e-3)
        upper = lp.upper[cols]
        res = linprog(
            lp.c[cols],
            A_ub=a_ub[urows][:, cols] if urows.size else None,
            b_ub=lp.b_ub[urows] if urows.size else None,
            A_eq=a_eq[erows][:, cols] if erows.size else None,
            b_eq=lp.b_eq[erows] if erows.size else None,
            bounds=np.column_stack([np.zeros(cols.size), upper]),
            method="highs",
            options=options,
        )
        status = int(res.status)
        if status in (2, 3):
            raise SolverError(
                f"HiGHS reported the allocation model {_STATUS[status]}: {res.message}; "
                "this should be impossible, please report it"
            )
        if status != 0:
            worst = max(worst, status)
            messages.append(str(res.message))
        if res.x is None:
            x[cols] = np.where(np.isfinite(upper), upper, 0.0)
            continue
        x[cols] = res.x
        if erows.size:
            eq_dual[erows] = res.eqlin.marginals
        if urows.size:
            ub_dual[urows] = res.ineqlin.marginals
    message = (
        "Optimal solution found by HiGHS" if worst == 0 else "; ".join(dict.fromkeys(messages))
    )
    return worst, message, x, eq_dual, ub_dual


def _within_cumsum(values: FloatArray, groups: IntArray) -> FloatArray:
    """Cumulative sum restarting at each new value of ``groups`` (sorted by group)."""
    if values.size == 0:
        return values.copy()
    cs = np.cumsum(values)
    start = np.r_[True, groups[1:] != groups[:-1]]
    base = (cs - values)[start]
    out: FloatArray = cs - base[np.cumsum(start) - 1]
    return out


def _solve(
    model: _Model, time_limit: float | None, *, block_columns: int = 5000, reduce: bool = True
) -> _Solution:
    """Solve the allocation LP; return x over the model's columns and its row duals.

    With ``reduce`` (the default) an exact reduction is solved instead: demands of one
    skill and one minimum proficiency have the same eligible people, so in each period
    their demand rows are merged into one row ``sum_p y[p] + sum_d u[d] = sum_d h[d]``
    with ``0 <= u[d] <= h[d]``, and one variable ``y`` per person replaces one per
    (person, demand). The optimum is the same; the person hours ``y`` are then laid
    end to end against the group's covered hours and cut where either ends (any split
    that gives each demand its covered hours has the same cost). The dual of a demand
    row is ``min(group dual, value)``, an optimal dual of the full model (dual
    feasibility and complementary slackness hold demand by demand).
    """
    n_c = model.c.size
    n_x = model.x_person.size
    n_rows = model.row_demand.size
    if n_c == 0:
        z = np.zeros(0)
        return _Solution(
            0, "nothing to allocate: no demand in any period", z, z, np.zeros(model.a_ub.shape[0])
        )
    if not reduce:
        lp = _LP(
            model.c,
            model.a_eq,
            model.b_eq,
            model.a_ub,
            model.b_ub,
            np.r_[np.full(n_x, np.inf), model.b_eq],
        )
        st, msg, x, eq_dual, ub_dual = _solve_lp(lp, time_limit, block_columns)
        return _Solution(st, msg, x, eq_dual, ub_dual)

    n_p = max(model.n_people, 1)
    # group rows: one per (demand group, period) with demand
    grow_key = model.demand_group[model.row_demand] * (model.row_period.max() + 1) + (
        model.row_period
    )
    _, row_grow = np.unique(grow_key, return_inverse=True)
    row_grow = row_grow.ravel().astype(np.int64)
    n_grow = int(row_grow.max()) + 1
    # y columns: one per (group row, person)
    ykeys, x_to_y = np.unique(row_grow[model.x_row] * n_p + model.x_person, return_inverse=True)
    x_to_y = x_to_y.ravel().astype(np.int64)
    n_y = ykeys.size
    y_grow = (ykeys // n_p).astype(np.int64)
    y_cap = np.empty(n_y, dtype=np.int64)
    y_cap[x_to_y] = model.x_cap
    c_y = np.empty(n_y)
    c_y[x_to_y] = model.c[:n_x]
    n_cap = model.a_ub.shape[0]
    a_eq = sp.csc_array(
        (
            np.ones(n_y + n_rows),
            (np.concatenate([y_grow, row_grow]), np.arange(n_y + n_rows)),
        ),
        shape=(n_grow, n_y + n_rows),
    )
    a_ub = sp.csc_array((np.ones(n_y), (y_cap, np.arange(n_y))), shape=(n_cap, n_y + n_rows))
    lp = _LP(
        c=np.concatenate([c_y, model.c[n_x:]]),
        a_eq=a_eq,
        b_eq=np.asarray(
            np.bincount(row_grow, weights=model.b_eq, minlength=n_grow), dtype=np.float64
        ),
        a_ub=a_ub,
        b_ub=model.b_ub,
        upper=np.concatenate([np.full(n_y, np.inf), model.b_eq]),
    )
    st, msg, z, g_dual, ub_dual = _solve_lp(lp, time_limit, block_columns)
    y = np.maximum(z[:n_y], 0.0)
    u = np.clip(z[n_y:], 0.0, model.b_eq)
    cov = model.b_eq - u
    # split each group row's person hours over its demands: lay both out on one axis
    oy = np.argsort(y_grow, kind="stable")
    orow = np.argsort(row_grow, kind="stable")
    t_y = np.bincount(y_grow, weights=y, minlength=n_grow)
    t_c = np.bincount(row_grow, weights=cov, minlength=n_grow)
    offset = np.cumsum(t_y) - t_y
    scale = np.divide(t_y, t_c, out=np.zeros(n_grow), where=t_c > 0)
    y_end = offset[y_grow[oy]] + _within_cumsum(y[oy], y_grow[oy])
    c_len = cov[orow] * scale[row_grow[orow]]
    c_end = offset[row_grow[orow]] + _within_cumsum(c_len, row_grow[orow])
    y_end = np.maximum.accumulate(y_end) if y_end.size else y_end
    c_end = np.maximum.accumulate(c_end) if c_end.size else c_end
    cuts = np.unique(np.concatenate([[0.0], y_end, c_end]))
    seg = np.diff(cuts)
    mid = cuts[:-1] + seg / 2
    iy = np.searchsorted(y_end, mid, side="right")
    ic = np.searchsorted(c_end, mid, side="right")
    ok = (seg > 0) & (iy < n_y) & (ic < n_rows)
    iy, ic, seg = iy[ok], ic[ok], seg[ok]
    ycol, rrow = oy[iy], orow[ic]
    same = y_grow[ycol] == row_grow[rrow]
    ycol, rrow, seg = ycol[same], rrow[same], seg[same]
    person = ykeys[ycol] % n_p
    # the model column of (demand row, person)
    xkey = model.x_row * n_p + model.x_person
    xorder = np.argsort(xkey, kind="stable")
    pos = np.searchsorted(xkey[xorder], rrow * n_p + person)
    x = np.zeros(n_c)
    x[:n_x] = np.bincount(xorder[pos], weights=seg, minlength=n_x)
    # keep covered + unmet = demanded exactly
    covered = np.bincount(model.x_row, weights=x[:n_x], minlength=n_rows)
    x[n_x:] = np.maximum(model.b_eq - covered, 0.0)
    value = model.c[n_x:]
    eq_dual = np.minimum(g_dual[row_grow], value)
    return _Solution(st, msg, x, eq_dual, ub_dual)


def _supply_gains(
    model: _Model, xs: FloatArray, us: FloatArray, cost_rate: FloatArray, value: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Objective decrease per extra free hour at each demand row, and per extra hour of
    each capacity row (person and period) [currency per hour].

    An extra hour at row ``r`` replaces one hour now flowing into it: an unmet hour (gain
    ``value``) or an hour of a person ``p`` serving it (gain ``cost_rate[p]``), whose freed
    hour may move to any row ``p`` is eligible for (its cost cancels) and replace an hour
    there, and so on. Every such chain is a path in the residual graph of the optimal
    allocation (row -> person where ``x > 0``, person -> row where eligible) and its gain
    is the value at its end, so the gain of row ``r`` is the largest end value reachable
    from it; it is the smallest optimal dual value of the row (exact for small steps even
    where the optimum is degenerate and the solver's dual overstates it). An extra hour of
    person ``p`` serves the best row ``p`` is eligible for at ``cost_rate[p]``: its gain is
    ``max(0, best row gain - cost_rate[p])``.
    """
    n_rows = model.row_demand.size
    n_cap = model.cap_person.size
    g = np.full(n_rows + n_cap, -np.inf)
    tol = _TOL * max(1.0, float(model.b_eq.max(initial=0.0)))
    open_rows = us > tol
    g[:n_rows][open_rows] = value[model.row_demand[open_rows]]
    g[n_rows:] = cost_rate[model.cap_person]
    served = xs > tol
    src = np.concatenate([model.x_row[served], n_rows + model.x_cap])
    dst = np.concatenate([n_rows + model.x_cap[served], model.x_row])
    if src.size == 0:
        return g[:n_rows], np.zeros(n_cap)
    order = np.argsort(src, kind="stable")
    src, dst = src[order], dst[order]
    heads = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    nodes = src[heads]
    for _ in range(g.size + 1):  # max-propagation along the edges until nothing changes
        best = np.maximum(g[nodes], np.maximum.reduceat(g[dst], heads))
        if np.array_equal(best, g[nodes]):
            break
        g[nodes] = best
    return g[:n_rows], np.maximum(g[n_rows:] - cost_rate[model.cap_person], 0.0)


def _meets_rules(
    allocated: FloatArray, cap: FloatArray, covered: FloatArray, demand: FloatArray
) -> bool:
    """True if no one works above capacity and no demand is over-covered."""
    tol = 1e-7 * max(1.0, float(cap.max(initial=0.0)), float(demand.max(initial=0.0)))
    return bool(np.all(allocated <= cap + tol) and np.all(covered <= demand + tol))


@attrs.frozen
class _Compiled:
    """Validated inputs as arrays, and the LP built from them."""

    labels: tuple[Hashable, ...]
    hpp: FloatArray
    skills: tuple[str, ...]
    avail: FloatArray
    demand: FloatArray
    cost_rate: FloatArray
    cap: FloatArray
    value: FloatArray
    demand_skill: IntArray
    demand_project: IntArray
    projects: tuple[Hashable, ...]
    model: _Model


def _compile(
    people: Sequence[Person],
    demands: Sequence[Demand],
    periods: Any,
    hours_per_period: Any,
    skills: Iterable[str] | None,
) -> _Compiled:
    """Validate the inputs and build the LP (the 'model build' timed by the benchmark)."""
    labels, hpp, catalogue, avail, demand = _compile_inputs(
        people, demands, periods, hours_per_period, skills
    )
    n_p = avail.shape[0]
    skill_of = {s: i for i, s in enumerate(catalogue)}
    level = np.zeros((n_p, len(catalogue)))
    for i, person in enumerate(people):
        for s, lv in person.skills:
            level[i, skill_of[s]] = lv
    cost_rate = np.array([person.cost_rate for person in people], dtype=np.float64)
    max_util = np.array([person.max_utilisation for person in people], dtype=np.float64)
    cap = avail * max_util[:, None] if n_p else avail
    demand_skill = np.array([skill_of[d.skill] for d in demands], dtype=np.int64)
    min_prof = np.array([d.min_proficiency for d in demands], dtype=np.float64)
    value = np.array([d.value for d in demands], dtype=np.float64)
    projects = tuple(dict.fromkeys(d.project for d in demands))
    proj_of = {pr: i for i, pr in enumerate(projects)}
    demand_project = np.array([proj_of[d.project] for d in demands], dtype=np.int64)
    model = _build_model(level, cost_rate, cap, demand, demand_skill, min_prof, value)
    return _Compiled(
        labels=labels,
        hpp=hpp,
        skills=catalogue,
        avail=avail,
        demand=demand,
        cost_rate=cost_rate,
        cap=cap,
        value=value,
        demand_skill=demand_skill,
        demand_project=demand_project,
        projects=projects,
        model=model,
    )


def allocate(
    people: Sequence[Person],
    demands: Sequence[Demand],
    *,
    periods: int | Sequence[Hashable],
    hours_per_period: float | Sequence[float] | FloatArray = 40.0,
    skills: Iterable[str] | None = None,
    time_limit: float | None = None,
) -> Allocation:
    """Allocate people to project demand per period at least cost, with shadow prices.

    Solves the linear programme described in :mod:`pmokit.capacity._allocate`: cover each
    demand with hours of people who hold its skill at the minimum proficiency, never
    allocating more than ``availability x max_utilisation`` to anyone, and minimise the
    cost of allocated hours plus the value of unmet hours.

    Parameters
    ----------
    people
        The supply.
    demands
        The demand, one hours array per (project, skill), each with one value per period.
    periods
        The number of periods, or their labels (for example week start dates).
    hours_per_period
        Hours of one FTE in each period [hours], a number or one value per period (from
        :meth:`pmokit.calendar.WorkCalendar.working_hours_per_period` for instance).
        Sets the availability of people without an explicit one (``fte x hours``).
    skills
        The skill catalogue. ``None`` means the skills held by the people; pass it to
        declare a skill nobody holds yet (its demand is then entirely unmet).
    time_limit
        Wall-clock limit for HiGHS [seconds]; ``None`` for no limit.

    Returns
    -------
    Allocation
        Hours per person, demand and period; coverage, unmet demand, utilisation, cost and
        the shadow price of every skill in every period with the bottleneck ranking.

    Raises
    ------
    ValidationError
        If periods do not align (an hours or availability array of the wrong length),
        an availability lies outside [0, fte x hours_per_period], or another input is bad;
        every problem is reported.
    UnknownReferenceError
        If a demand asks for a skill outside the catalogue.
    DuplicateError
        If two people share an id.
    SolverError
        If HiGHS reports an infeasible or unbounded model (impossible by construction).

    Examples
    --------
    Two analysts, one of whom also codes; the project needs 30 hours of analysis and 30
    of coding in one week of 40 hours, everyone at 100 % utilisation:

    >>> people = [Person("ana", {"analysis": 3}, max_utilisation=1.0),
    ...           Person("bob", {"analysis": 2, "python": 4}, max_utilisation=1.0)]
    >>> demands = [Demand("apollo", "analysis", [30.0], value=100.0),
    ...            Demand("apollo", "python", [30.0], value=150.0)]
    >>> a = allocate(people, demands, periods=1)
    >>> a.status, a.objective, a.total_unmet_hours
    ('optimal', 0.0, 0.0)
    >>> a.allocated[:, 0].tolist()
    [30.0, 30.0]

    With 60 hours of coding, bob codes 40 hours, 20 are unmet and python is the bottleneck
    at 150 per hour:

    >>> demands[1] = Demand("apollo", "python", [60.0], value=150.0)
    >>> a = allocate(people, demands, periods=1)
    >>> a.objective, a.skill_unmet[:, 0].tolist()
    (3000.0, [0.0, 20.0])
    >>> b = a.bottlenecks[0]
    >>> b.skill, b.shadow_price
    ('python', 150.0)

    References
    ----------
    G. B. Dantzig, *Linear Programming and Extensions*, Princeton University Press, 1963.
    V. Chvátal, *Linear Programming*, W. H. Freeman, 1983, ch. 10 (sensitivity analysis).
    R. K. Ahuja, T. L. Magnanti and J. B. Orlin, *Network Flows*, Prentice Hall, 1993,
    ch. 9 (optimality conditions and node potentials of minimum cost flows).
    Q. Huangfu and J. A. J. Hall, "Parallelizing the dual revised simplex method",
    *Mathematical Programming Computation* 10 (2018) 119-142 (HiGHS).
    """
    if time_limit is not None:
        check_number(time_limit, "time_limit", minimum=0.0, strict_minimum=True)
    people = _as_tuple(people, "people")
    demands = _as_tuple(demands, "demands")
    cm = _compile(people, demands, periods, hours_per_period, skills)
    labels, hpp, catalogue, avail, demand = cm.labels, cm.hpp, cm.skills, cm.avail, cm.demand
    cost_rate, cap, value, model = cm.cost_rate, cm.cap, cm.value, cm.model
    demand_skill, demand_project, projects = cm.demand_skill, cm.demand_project, cm.projects
    n_p, n_t = avail.shape
    n_d = len(demands)
    n_s = len(catalogue)
    sol = _solve(model, time_limit)
    n_x = model.x_person.size
    status: SolverStatus = _STATUS.get(sol.status, "error")
    message = sol.message
    xs = np.maximum(sol.x[:n_x], 0.0)
    us = np.maximum(sol.x[n_x:], 0.0)
    n_rows = model.row_demand.size

    nz = np.flatnonzero(xs > _TOL)
    nz = nz[np.lexsort((model.x_demand[nz], model.x_period[nz], model.x_person[nz]))]
    person_index = model.x_person[nz]
    demand_index = model.x_demand[nz]
    period_index = model.x_period[nz]
    hours = xs[nz]

    allocated = np.asarray(
        np.bincount(person_index * n_t + period_index, weights=hours, minlength=n_p * n_t),
        dtype=np.float64,
    ).reshape(n_p, n_t)
    covered = np.asarray(
        np.bincount(demand_index * n_t + period_index, weights=hours, minlength=n_d * n_t),
        dtype=np.float64,
    ).reshape(n_d, n_t)
    unmet = np.zeros((n_d, n_t))
    unmet[model.row_demand, model.row_period] = us
    with np.errstate(invalid="ignore", divide="ignore"):
        utilisation = np.where(avail > 0, allocated / np.where(avail > 0, avail, 1.0), 0.0)

    def by_group(mat: FloatArray, group: IntArray, n_g: int) -> FloatArray:
        out = np.zeros((n_g, n_t))
        np.add.at(out, group, mat)
        return out

    skill_demand = by_group(demand, demand_skill, n_s)
    skill_covered = by_group(covered, demand_skill, n_s)
    skill_unmet = by_group(unmet, demand_skill, n_s)
    proj_dem = by_group(demand, demand_project, len(projects))
    proj_cov = by_group(covered, demand_project, len(projects))
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(proj_dem > 0, proj_cov / np.where(proj_dem > 0, proj_dem, 1.0), np.nan)

    # shadow prices from the optimal allocation's residual graph (see _supply_gains): the
    # solver's duals are one optimal dual among many where the optimum is degenerate
    # (supply exactly meeting demand) and may overstate what one more hour is worth
    price = np.zeros(n_s * n_t)
    person_price = np.zeros((n_p, n_t))
    if n_rows:
        gain, cap_gain = _supply_gains(model, xs, us, cost_rate, value)
        np.maximum.at(price, demand_skill[model.row_demand] * n_t + model.row_period, gain)
        person_price[model.cap_person, model.cap_period] = cap_gain
    price = np.maximum(price.reshape(n_s, n_t), 0.0)
    price[np.abs(price) < _TOL] = 0.0
    person_price[person_price < _TOL] = 0.0

    if status == "time_limit" and _meets_rules(allocated, cap, covered, demand):
        status = "feasible"  # stopped early, but the hours returned keep every rule
    cost = float(cost_rate[person_index] @ hours) if hours.size else 0.0
    unmet_value = float((value[:, None] * unmet).sum()) if n_d else 0.0

    s_idx, t_idx = np.nonzero(price > 0)
    order = np.lexsort((t_idx, s_idx, -skill_unmet[s_idx, t_idx], -price[s_idx, t_idx]))
    bottlenecks = tuple(
        Bottleneck(
            skill=catalogue[int(s_idx[k])],
            period=labels[int(t_idx[k])],
            period_index=int(t_idx[k]),
            shadow_price=float(price[s_idx[k], t_idx[k]]),
            unmet_hours=float(skill_unmet[s_idx[k], t_idx[k]]),
        )
        for k in order
    )
    return Allocation(
        status=status,
        message=message,
        objective=cost + unmet_value,
        cost=cost,
        unmet_value=unmet_value,
        people=tuple(person.id for person in people),
        skills=catalogue,
        projects=projects,
        periods=labels,
        demands=demands,
        demand_skill=_ro(demand_skill),
        demand_project=_ro(demand_project),
        person_index=_ro(person_index),
        demand_index=_ro(demand_index),
        period_index=_ro(period_index),
        hours=_ro(hours),
        hours_per_period=_ro(hpp),
        availability=_ro(avail),
        capacity=_ro(cap),
        allocated=_ro(allocated),
        utilisation=_ro(utilisation),
        demanded=_ro(demand),
        covered=_ro(covered),
        unmet=_ro(unmet),
        skill_demand=_ro(skill_demand),
        skill_covered=_ro(skill_covered),
        skill_unmet=_ro(skill_unmet),
        coverage=_ro(coverage),
        shadow_price=_ro(price),
        person_shadow_price=_ro(person_price),
        bottlenecks=bottlenecks,
        n_variables=int(model.c.size),
        n_constraints=int(model.a_eq.shape[0] + model.a_ub.shape[0]),
    )
