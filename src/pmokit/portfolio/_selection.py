"""Optimal portfolio selection (MILP, HiGHS through ``scipy.optimize.milp``) with explanations."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

import attrs
import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from pmokit._results import PicklesReadOnly, display, records_to_frame
from pmokit._typing import BoolArray, FloatArray, IntArray, SolverStatus
from pmokit._validation import check_choice, check_flag, check_known, check_number
from pmokit.errors import SolverError, ValidationError
from pmokit.portfolio._frozen import ValueEq
from pmokit.portfolio._model import (
    Balance,
    Candidate,
    Capacity,
    Group,
    PerPeriod,
    PortfolioModel,
    build_model,
)

if TYPE_CHECKING:
    from pmokit.portfolio._phasing import PhasedModel

__all__ = ["Delay", "Rejection", "Selection", "select"]


class _Compiled(Protocol):
    """What the solver and the diagnosis need of a compiled model (plain or phased)."""

    @property
    def A(self) -> Any: ...
    @property
    def row_lower(self) -> FloatArray: ...
    @property
    def row_names(self) -> tuple[str, ...]: ...
    @property
    def lower(self) -> FloatArray: ...
    @property
    def upper(self) -> FloatArray: ...
    @property
    def must(self) -> IntArray: ...
    @property
    def must_not(self) -> IntArray: ...
    def column_label(self, j: int) -> Hashable: ...


_REASON_ORDER = (
    "must_not",
    "excludes",
    "requires",
    "finish_to_start",
    "start_together",
    "group",
    "balance",
    "budget",
    "total_budget",
    "capacity",
    "start_once",
    "must",
)


@attrs.frozen
class Rejection:
    """Why a candidate was not selected.

    Attributes
    ----------
    id
        The candidate.
    reason
        ``"must_not"`` when forced out; ``"value"`` when selecting it could not raise the
        objective (value <= 0), whatever rules it would also break; otherwise the first
        applicable of ``"excludes"``, ``"requires"``, ``"finish_to_start"``,
        ``"start_together"``, ``"group"``, ``"balance"``, ``"budget"``, ``"total_budget"``,
        ``"capacity"`` (adding it alone to the selection would break that rule; in a phased
        selection, at every start period of its window), or ``"value"`` (it would fit, but
        is not worth it within the accepted MIP gap).
    constraints
        Names of every rule that adding it alone would break (phased: at any start of its
        window, earliest start first; the names carry the period, e.g.
        ``"budget period 3"``).
    value_per_cost
        Its value / total cost (``inf`` when free).
    marginal_value_per_cost
        The lowest value / total cost among selected candidates not forced in: the bar it did
        not clear (``nan`` when none).
    """

    id: Hashable
    reason: str
    constraints: tuple[str, ...]
    value_per_cost: float
    marginal_value_per_cost: float


@attrs.frozen
class Delay:
    """Why a selected candidate starts later than its earliest start (phased selection).

    Attributes
    ----------
    id
        The candidate.
    start
        Its chosen start period.
    earliest_start
        Its earliest start period.
    constraints
        Names of the rules (e.g. ``"budget period 2"``, ``"capacity dev period 3"``) that
        starting it in an earlier period of its window, everything else unchanged, would
        break; empty when an earlier start would break none (it was worth no more there).
    value_lost
        Its value at the earliest start minus its value at the chosen start [value units].
    """

    id: Hashable
    start: int
    earliest_start: int
    constraints: tuple[str, ...]
    value_lost: float


@display("status", "total_value", "total_cost", "chosen", "message")
@attrs.frozen(eq=False)
class Selection(PicklesReadOnly, ValueEq):
    """An optimal (or best found) portfolio with its explanation.

    Attributes
    ----------
    status
        One of :data:`pmokit._typing.SolverStatus`: ``"optimal"`` (within ``gap``),
        ``"feasible"`` (time limit hit with a solution), ``"infeasible"`` (the rules cannot
        all hold: see ``diagnosis``) or ``"time_limit"`` (stopped before any selection was
        found; was ``"not_solved"`` before 0.2).
    message
        One sentence on the outcome.
    ids
        All candidate ids (input order).
    selected
        Read-only bool per candidate.
    chosen
        Selected ids in input order.
    total_value, total_cost
        Of the selection [value units], [currency].
    spend, budgets
        Read-only spend and budget per period [currency].
    skills
        Skills with a capacity.
    resource_use, capacity
        Read-only ``(skills, periods)`` demand of the selection and capacity.
    constraints, constraint_kind
        Name and kind of every rule row (see :class:`PortfolioModel`).
    activity, lower, upper, slack
        Read-only per rule: ``A @ x``, its bounds, and the distance to the nearest bound.
    binding
        Names of rules with (near) zero slack that involve a selected candidate (a full budget
        or capacity, a dependency whose dependent is selected, an exclusion with one side
        selected, a group at its limit).
    rejections
        A :class:`Rejection` per candidate not selected.
    diagnosis
        When infeasible: a minimal set of conflicting rules (removing any one makes the rest
        feasible), e.g. ``("must P1", "must P2", "budget period 0")``; else empty.
    mip_gap
        Proven relative gap: (bound - value) / value, with the bound from HiGHS or, when the
        time limit stopped the solve, the tighter of the LP relaxation and HiGHS's dual bound
        (nan if unknown).
    starts
        Read-only start period per candidate [period] (-1 when not selected); 0 for every
        selected candidate of an unphased selection.
    delays
        A :class:`Delay` per selected candidate started after its earliest start.
    phased
        True when the start periods were chosen (:func:`select` with a start window).
    values, costs
        Read-only value [value units] (phased: at the chosen start, or the earliest start
        when not selected) and total cost over all periods [currency] of each
        candidate, aligned with ``ids`` (the columns ``value`` and ``cost`` of
        :meth:`to_records`).
    """

    status: SolverStatus
    message: str
    ids: tuple[Hashable, ...] = attrs.field(repr=False)
    selected: BoolArray = attrs.field(repr=False)
    chosen: tuple[Hashable, ...]
    total_value: float
    total_cost: float
    spend: FloatArray = attrs.field(repr=False)
    budgets: FloatArray = attrs.field(repr=False)
    skills: tuple[Hashable, ...] = attrs.field(repr=False)
    resource_use: FloatArray = attrs.field(repr=False)
    capacity: FloatArray = attrs.field(repr=False)
    constraints: tuple[str, ...] = attrs.field(repr=False)
    constraint_kind: tuple[str, ...] = attrs.field(repr=False)
    activity: FloatArray = attrs.field(repr=False)
    lower: FloatArray = attrs.field(repr=False)
    upper: FloatArray = attrs.field(repr=False)
    slack: FloatArray = attrs.field(repr=False)
    binding: tuple[str, ...] = attrs.field(repr=False)
    rejections: tuple[Rejection, ...] = attrs.field(repr=False)
    diagnosis: tuple[str, ...]
    mip_gap: float = attrs.field(repr=False)
    starts: IntArray = attrs.field(repr=False)
    delays: tuple[Delay, ...] = attrs.field(repr=False)
    phased: bool = attrs.field(repr=False)
    values: FloatArray = attrs.field(factory=lambda: _empty(), repr=False)
    costs: FloatArray = attrs.field(factory=lambda: _empty(), repr=False)

    @property
    def feasible(self) -> bool:
        """True when a selection satisfying every rule was found."""
        return self.status in ("optimal", "feasible")

    def rejection(self, id_: Hashable) -> Rejection:
        """The :class:`Rejection` of candidate ``id_``.

        Raises
        ------
        UnknownReferenceError
            If no candidate has that id (a ``KeyError`` too).
        ValidationError
            If the candidate was selected, so has no rejection (or the selection is
            infeasible, so nothing was rejected).
        """
        for r in self.rejections:
            if r.id == id_:
                return r
        check_known([id_], set(self.ids), "id", "candidate")
        if id_ in self.chosen:
            raise ValidationError(
                f"candidate {id_!r} was selected, so it has no rejection "
                f"(rejected: {', '.join(repr(r.id) for r in self.rejections[:8]) or 'none'})"
            )
        raise ValidationError(
            f"candidate {id_!r} has no rejection: the selection is {self.status} (see 'diagnosis')"
        )

    def start_period(self, id_: Hashable) -> int:
        """The start period [period] chosen for selected candidate ``id_``.

        Raises
        ------
        UnknownReferenceError
            If no candidate has that id (a ``KeyError`` too).
        ValidationError
            If the candidate was not selected.
        """
        check_known([id_], set(self.ids), "id", "candidate")
        i = self.ids.index(id_)
        if not self.selected[i]:
            raise ValidationError(
                f"candidate {id_!r} was not selected, so it has no start period "
                f"(selected: {', '.join(repr(c) for c in self.chosen[:8]) or 'none'})"
            )
        return int(self.starts[i])

    def delay(self, id_: Hashable) -> Delay | None:
        """The :class:`Delay` of candidate ``id_``, or None when it starts at its earliest.

        Raises
        ------
        UnknownReferenceError
            If no candidate has that id (a ``KeyError`` too).
        """
        check_known([id_], set(self.ids), "id", "candidate")
        for d in self.delays:
            if d.id == id_:
                return d
        return None

    def to_records(self) -> list[dict[str, Any]]:
        """One record per candidate: id, selected, start (None when not selected), value,
        cost (total over the periods), reason (``None`` when selected) and constraints (the
        rules behind the reason or the delay)."""
        why = {r.id: r for r in self.rejections}
        late = {d.id: d for d in self.delays}
        known = self.values.size == len(self.ids) and self.costs.size == len(self.ids)
        out = []
        for i, id_ in enumerate(self.ids):
            r = why.get(id_)
            d = late.get(id_)
            rules = r.constraints if r is not None else d.constraints if d is not None else None
            out.append(
                {
                    "id": id_,
                    "selected": bool(self.selected[i]),
                    "start": int(self.starts[i]) if self.selected[i] else None,
                    "value": float(self.values[i]) if known else float("nan"),
                    "cost": float(self.costs[i]) if known else float("nan"),
                    "reason": None if r is None else r.reason,
                    "constraints": None if rules is None else "; ".join(rules),
                }
            )
        return out

    def constraint_records(self) -> list[dict[str, Any]]:
        """One record per rule: name, kind, activity, bounds, slack and binding."""
        b = set(self.binding)
        return [
            {
                "constraint": n,
                "kind": k,
                "activity": float(a),
                "lower": float(lo),
                "upper": float(hi),
                "slack": float(s),
                "binding": n in b,
            }
            for n, k, a, lo, hi, s in zip(
                self.constraints,
                self.constraint_kind,
                self.activity,
                self.lower,
                self.upper,
                self.slack,
                strict=True,
            )
        ]

    def to_frame(self) -> Any:
        """The candidate records as a pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


@attrs.frozen
class _Neighbourhoods:
    """How the columns of a model group into candidates, for the neighbourhood search.

    ``col_group`` is the candidate of each column, ``early`` each candidate's earliest
    start [period], ``skill_of`` a ``(candidates, skills)`` bool array: which skills each
    candidate demands (zero columns when the model has no capacity), and ``finish`` the last
    period each candidate spends or demands in when started at its latest start [period].
    """

    col_group: IntArray
    early: IntArray
    skill_of: BoolArray
    finish: IntArray


# Under a time limit, the full MILP gets this share of the time left after the LP stage:
# HiGHS's bound comes from its root cuts (within seconds on the issue 19 instance, the same
# after 300 s), while its selections improve slowly; the neighbourhood search gets the rest.
_FULL_MILP_SHARE = 0.2
# Each neighbourhood MILP gets this share of the time limit, clipped to [0.5, _SUB_MAX] s.
_SUB_SHARE = 0.08
_SUB_MAX = 5.0  # [s] at most this long for one neighbourhood MILP
# The search stops after this many neighbourhoods in a row without a better selection, per
# kind of neighbourhood.
_PATIENCE = 4
# The periods t .. t + _REACH make the period neighbourhoods.
_REACH = 4


def _solve(
    model: _Compiled,
    c: FloatArray,
    row_upper: FloatArray,
    *,
    gap: float,
    time_limit: float | None,
    lower: FloatArray | None = None,
    upper: FloatArray | None = None,
    rows: BoolArray | None = None,
    neighbourhoods: _Neighbourhoods | None = None,
) -> tuple[int, FloatArray | None, float]:
    lb = model.lower if lower is None else lower
    ub = model.upper if upper is None else upper
    if np.any(lb > ub):
        return 2, None, float("nan")
    A = model.A
    rl, ru = model.row_lower, row_upper
    if rows is not None:
        A = A[np.nonzero(rows)[0]]
        rl, ru = rl[rows], ru[rows]
    if gap > 0 and c.size > 50:
        # one wall-clock budget for every stage: the full MILP gets what the first left (a
        # share of it when a neighbourhood search follows, which gets the rest)
        deadline = None if time_limit is None else time.monotonic() + time_limit
        quick, incumbent, bound = _lp_and_fix(c, A, rl, ru, lb, ub, gap=gap, time_limit=time_limit)
        if quick is not None:
            return quick
        left = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        if incumbent is not None and left is not None and left <= 0.0:
            return 1, incumbent, _relative_gap(bound, -float(c @ incumbent))
        search = neighbourhoods is not None and left is not None and incumbent is not None
        full = left if not search or left is None else left * _FULL_MILP_SHARE
        st, x, g, dual = _milp_bound(
            c, A, rl, ru, lb, ub, gap=gap, time_limit=None if full is None else max(full, 1e-3)
        )
        if st == 1 and incumbent is not None:
            # stopped by the time limit: the better of the two selections, with the gap to
            # the tighter of the two proven bounds (LP relaxation, branch and bound)
            if x is None or float(c @ incumbent) < float(c @ x):
                x = incumbent
            if np.isfinite(dual):
                bound = min(bound, -dual)
            if search and neighbourhoods is not None and deadline is not None:
                x, bound = _neighbourhood_search(
                    c,
                    A,
                    rl,
                    ru,
                    lb,
                    ub,
                    x,
                    neighbourhoods,
                    deadline=deadline,
                    bound=bound,
                    gap=gap,
                    sub_limit=min(max(_SUB_SHARE * (time_limit or 0.0), 0.5), _SUB_MAX),
                )
                g = _relative_gap(bound, -float(c @ x))
                return (0 if g <= gap else 1), x, g
            return 1, x, _relative_gap(bound, -float(c @ x))
        return st, x, g
    return _milp(c, A, rl, ru, lb, ub, gap=gap, time_limit=time_limit)


def _meets_rows(A: Any, rl: FloatArray, ru: FloatArray, x: FloatArray) -> bool:
    """True when ``x`` satisfies every row within 1e-9 (the tolerance of `_greedy_fill`)."""
    act = A @ x
    return bool(np.all(act <= ru + 1e-9) and np.all(act >= rl - 1e-9))


def _neighbourhood_search(
    c: FloatArray,
    A: Any,
    rl: FloatArray,
    ru: FloatArray,
    lb: FloatArray,
    ub: FloatArray,
    x: FloatArray,
    hoods: _Neighbourhoods,
    *,
    deadline: float,
    bound: float,
    gap: float,
    sub_limit: float,
    size: int = 60,
) -> tuple[FloatArray, float]:
    """Large-neighbourhood search around the selection ``x`` until ``deadline``.

    Each step frees the columns of a set of candidates, fixes every other column at ``x``
    and solves that MILP with HiGHS (at most ``sub_limit`` seconds; ``size`` candidates at
    first); a better selection
    that meets every row replaces ``x``, then unselected candidates are added greedily
    where they fit. The sets cycle through three kinds, all deterministic (no random
    numbers): candidates that can reach periods ``t .. t + 4`` (``t`` visited in a
    golden-ratio sequence), nearest earliest start first, candidates demanding one skill
    then the nearest in time,
    and candidates starting near a period, those demanding one of two skills first (ties
    broken by a multiplicative hash of the candidate index and the step). Each kind's set
    size adapts: it grows after a quickly solved step and shrinks after a step stopped by
    ``sub_limit``. The search stops at the deadline, as soon as the value is within ``gap``
    of the proven ``bound``, or after ``_PATIENCE`` rounds of every kind without a better
    selection. Returns the selection and the bound (tightened when a step freed every
    candidate and HiGHS bounded that full problem).
    """
    n = int(hoods.early.size)
    n_skills = int(hoods.skill_of.shape[1])
    n_periods = int(hoods.early.max()) + 1 if n else 1
    kinds = ("time", "skill", "both") if n_skills else ("time",)
    golden = (5**0.5 - 1) / 2
    sizes = dict.fromkeys(kinds, min(n, size))
    value = float(c @ x)
    idx = np.arange(n, dtype=np.int64)
    step = 0
    stale = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0.05 or _relative_gap(bound, -value) <= gap:
            return x, bound
        if stale >= _PATIENCE * len(kinds):
            return x, bound
        kind = kinds[step % len(kinds)]
        size = sizes[kind]
        rnd = step // len(kinds) + 1
        tie = ((idx * 40503 + step * 9973) % 65536) / 65536.0
        t = int((rnd * golden) % 1.0 * n_periods)
        if kind == "time":
            # distance of the candidate's reach (earliest start to its last period from
            # the latest start) to the periods t .. t + 4, then nearness of its earliest start
            reach = np.maximum(hoods.early - (t + _REACH), 0) + np.maximum(t - hoods.finish, 0)
            key = reach + 0.3 * np.abs(hoods.early - t) + tie
        else:
            s = int((rnd * golden * golden) % 1.0 * n_skills)
            uses = hoods.skill_of[:, s]
            if kind == "skill":
                centre = float(hoods.early[uses].mean()) if uses.any() else 0.0
                key = np.where(uses, 0.0, n_periods + 1.0) + np.abs(hoods.early - centre) + tie
            else:
                # near period t, those demanding skill s (or the next) first
                near = uses | hoods.skill_of[:, (s + 1) % n_skills]
                key = np.abs(hoods.early - t) - np.where(near, 3.0, 0.0) + tie
        free = np.zeros(n, dtype=bool)
        free[np.argsort(key, kind="stable")[:size]] = True
        on = free[hoods.col_group]
        lb2 = np.where(on, lb, x)
        ub2 = np.where(on, ub, x)
        limit = min(sub_limit, left)
        t0 = time.monotonic()
        st, xs, _, dual = _milp_bound(
            c, A, rl, ru, lb2, ub2, gap=min(gap, 1e-4), time_limit=limit
        )
        took = time.monotonic() - t0
        stale += 1
        if xs is not None and float(c @ xs) < value - 1e-9 * max(1.0, abs(value)):
            xs = _greedy_fill(c, A, rl, ru, ub, xs)
            if _meets_rows(A, rl, ru, xs) and np.all(xs >= lb) and np.all(xs <= ub):
                x, value, stale = xs, float(c @ xs), 0
        if free.all() and np.isfinite(dual):
            bound = min(bound, -dual)  # nothing was fixed: HiGHS bounded the whole problem
        if st == 0 and took < limit / 2:
            sizes[kind] = min(n, int(size * 1.15) + 1)
        elif st != 0:
            sizes[kind] = max(min(n, 10), int(size * 0.85))
        step += 1


def _relative_gap(bound: float, value: float) -> float:
    """Relative gap of a maximised ``value`` to a proven upper ``bound`` (as HiGHS reports)."""
    return max(bound - value, 0.0) / max(abs(value), 1.0)


def _milp(
    c: FloatArray,
    A: Any,
    rl: FloatArray,
    ru: FloatArray,
    lb: FloatArray,
    ub: FloatArray,
    *,
    gap: float,
    time_limit: float | None,
    node_limit: int | None = None,
) -> tuple[int, FloatArray | None, float]:
    st, x, g, _ = _milp_bound(
        c, A, rl, ru, lb, ub, gap=gap, time_limit=time_limit, node_limit=node_limit
    )
    return st, x, g


def _milp_bound(
    c: FloatArray,
    A: Any,
    rl: FloatArray,
    ru: FloatArray,
    lb: FloatArray,
    ub: FloatArray,
    *,
    gap: float,
    time_limit: float | None,
    node_limit: int | None = None,
) -> tuple[int, FloatArray | None, float, float]:
    """``_milp`` plus HiGHS's proven dual bound on ``c @ x`` (nan when it gives none)."""
    opts: dict[str, Any] = {"mip_rel_gap": gap, "disp": False}
    if time_limit is not None:
        opts["time_limit"] = time_limit
    if node_limit is not None:
        opts["node_limit"] = node_limit
    cons = [LinearConstraint(A, rl, ru)] if A.shape[0] else []
    res = milp(
        c, integrality=np.ones(c.size), bounds=Bounds(lb, ub), constraints=cons, options=opts
    )
    x = None if res.x is None else np.round(res.x)
    dual = getattr(res, "mip_dual_bound", None)
    return (
        int(res.status),
        x,
        float(getattr(res, "mip_gap", np.nan) or 0.0),
        float("nan") if dual is None else float(dual),
    )


def _greedy_fill(
    c: FloatArray, A: Any, rl: FloatArray, ru: FloatArray, ub: FloatArray, x: FloatArray
) -> FloatArray:
    """Add unselected improving candidates, most valuable first, while every row still holds."""
    x = x.copy()
    act = A @ x
    csc = A.tocsc()
    indptr, indices, data = csc.indptr, csc.indices, csc.data
    cand = np.nonzero((x < 0.5) & (ub > 0.5) & (c < 0))[0]
    if cand.size == 0:
        return x
    # screen all at once; rows with non-negative coefficients only fill up, so a candidate
    # blocked now stays blocked there (one blocked only by a mixed-sign row is just skipped)
    col_of = np.repeat(np.arange(c.size), np.diff(indptr))
    new = act[indices] + data
    bad = (new > ru[indices] + 1e-9) | (new < rl[indices] - 1e-9)
    blocked = np.zeros(c.size, dtype=bool)
    blocked[col_of[bad]] = True
    cand = cand[~blocked[cand]]
    for j in cand[np.argsort(c[cand], kind="stable")].tolist():
        r = indices[indptr[j] : indptr[j + 1]]
        nv = act[r] + data[indptr[j] : indptr[j + 1]]
        if np.all(nv <= ru[r] + 1e-9) and np.all(nv >= rl[r] - 1e-9):
            x[j] = 1.0
            act[r] = nv
    return x


def _lp_and_fix(
    c: FloatArray,
    A: Any,
    rl: FloatArray,
    ru: FloatArray,
    lb: FloatArray,
    ub: FloatArray,
    *,
    gap: float,
    time_limit: float | None,
) -> tuple[tuple[int, FloatArray | None, float] | None, FloatArray | None, float]:
    """LP relaxation, then a MILP on a small neighbourhood (relaxation-induced).

    The LP optimum bounds the MILP optimum, so a neighbourhood solution within ``gap`` of it
    is optimal within ``gap``; an infeasible LP proves the MILP infeasible. Returns
    ``(answer, incumbent, bound)``: the answer is None when neither holds (the caller then
    solves the full MILP), with the best selection found here (or None) and the LP bound
    on the value, for the caller to fall back on at its time limit.
    """
    up, lo = np.isfinite(ru), np.isfinite(rl)
    A_ub = sp.vstack([A[np.nonzero(up)[0]], -A[np.nonzero(lo)[0]]]).tocsr()
    b_ub = np.concatenate([ru[up], -rl[lo]])
    lp = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=np.column_stack([lb, ub]), method="highs")
    if lp.status == 2:
        return (2, None, float("nan")), None, float("nan")
    if lp.status != 0 or lp.x is None:
        return None, None, float("inf")
    x = np.asarray(lp.x)
    bound = -float(lp.fun)
    frac = (x > 1e-7) & (x < 1 - 1e-7)
    if not frac.any():
        xi = np.round(x)
        return (0, xi, 0.0), None, bound
    rc = np.abs(np.asarray(lp.lower.marginals)) + np.abs(np.asarray(lp.upper.marginals))
    free = frac.copy()
    free[np.argsort(rc, kind="stable")[: min(c.size, 100)]] = True
    fixed = np.round(x)
    lb2 = np.where(free, lb, fixed)
    ub2 = np.where(free, ub, fixed)
    st, xs, _ = _milp(c, A, rl, ru, lb2, ub2, gap=gap, time_limit=time_limit, node_limit=200)
    if xs is None or st == 2:
        return None, _lp_greedy(c, A, rl, ru, lb, ub, x), bound
    xs = _greedy_fill(c, A, rl, ru, ub, xs)
    value = -float(c @ xs)
    g = max(bound - value, 0.0) / max(abs(value), 1.0)
    if g <= gap:
        return (0, xs, g), None, bound
    alt = _lp_greedy(c, A, rl, ru, lb, ub, x)
    if alt is not None and float(c @ alt) < float(c @ xs):
        xs = alt
    return None, xs, bound


def _lp_greedy(
    c: FloatArray,
    A: Any,
    rl: FloatArray,
    ru: FloatArray,
    lb: FloatArray,
    ub: FloatArray,
    x_lp: FloatArray,
) -> FloatArray | None:
    """A selection rounded from the LP optimum: columns by LP value, then objective, each
    added while every row holds; None unless it meets every row and bound."""
    x = lb.astype(np.float64).copy()
    act = A @ x
    csc = A.tocsc()
    ip, ix, dx = csc.indptr, csc.indices, csc.data
    order = np.lexsort((c, -np.round(x_lp, 6)))
    for j in order[(ub[order] > 0.5) & (x[order] < 0.5) & (c[order] < 0)].tolist():
        r = ix[ip[j] : ip[j + 1]]
        nv = act[r] + dx[ip[j] : ip[j + 1]]
        if np.all(nv <= ru[r] + 1e-9) and np.all(nv >= rl[r] - 1e-9):
            x[j] = 1.0
            act[r] = nv
    if np.all(act <= ru + 1e-9) and np.all(act >= rl - 1e-9):
        return x
    return None


def _rules(model: _Compiled, row_upper: FloatArray) -> list[tuple[str, int, str]]:
    """Every rule that can be switched off: (type, index, name)."""
    out: list[tuple[str, int, str]] = []
    for r, (lo, hi) in enumerate(zip(model.row_lower, row_upper, strict=True)):
        if np.isfinite(lo) or np.isfinite(hi):
            out.append(("row", r, model.row_names[r]))
    out.extend(("must", int(i), f"must {model.column_label(int(i))}") for i in model.must)
    out.extend(
        ("must_not", int(i), f"must_not {model.column_label(int(i))}") for i in model.must_not
    )
    return out


def _diagnose(
    model: _Compiled, row_upper: FloatArray, time_limit: float | None
) -> tuple[str, ...]:
    """A minimal conflicting set of rules by a chunked deletion filter."""
    rules = _rules(model, row_upper)
    n = int(model.A.shape[1])
    zero = np.zeros(n)

    def feasible(active: list[int]) -> bool:
        rows = np.zeros(model.A.shape[0], dtype=bool)
        lb = np.zeros(n)
        ub = np.ones(n)
        for k in active:
            kind, i, _ = rules[k]
            if kind == "row":
                rows[i] = True
            elif kind == "must":
                lb[i] = 1.0
            else:
                ub[i] = 0.0
        status, _, _ = _solve(
            model, zero, row_upper, gap=0.0, time_limit=time_limit, lower=lb, upper=ub, rows=rows
        )
        return status != 2

    keep = list(range(len(rules)))
    if feasible(keep):
        return ()
    chunk = max(1, len(keep) // 2)
    while True:
        i = 0
        while i < len(keep):
            trial = keep[:i] + keep[i + chunk :]
            if not feasible(trial):
                keep = trial
            else:
                i += chunk
        if chunk == 1:
            break
        chunk = max(1, chunk // 2)
    return tuple(rules[k][2] for k in keep)


def _explain(
    model: PortfolioModel, x: FloatArray, row_upper: FloatArray, objective: FloatArray
) -> tuple[FloatArray, FloatArray, tuple[Rejection, ...]]:
    A = model.A
    act = A @ x
    lo, hi = model.row_lower, row_upper
    with np.errstate(invalid="ignore"):
        slack = np.minimum(hi - act, act - lo)
    tot = model.total_cost
    with np.errstate(divide="ignore", invalid="ignore"):
        vpc = np.where(tot > 0, model.value / np.where(tot > 0, tot, 1.0), np.inf)
    sel = x > 0.5
    free_sel = sel.copy()
    free_sel[model.must] = False
    marginal = float(vpc[free_sel].min()) if free_sel.any() else float("nan")
    rej = np.nonzero(~sel)[0]
    if rej.size == 0:
        return act, slack, ()
    sub = A[:, rej].tocoo()
    r, cidx, d = sub.row, sub.col, sub.data
    new = act[r] + d
    tol = 1e-9 * np.maximum(1.0, np.abs(np.where(np.isfinite(hi[r]), hi[r], 0.0)))
    viol = (new > hi[r] + tol) | (new < lo[r] - tol)
    r, cidx = r[viol], cidx[viol]
    order = np.lexsort((r, cidx))
    r, cidx = r[order], cidx[order]
    starts = np.searchsorted(cidx, np.arange(rej.size + 1))
    must_not = set(model.must_not.tolist())
    out = []
    rank = {k: i for i, k in enumerate(_REASON_ORDER)}
    for k, j in enumerate(rej.tolist()):
        rows_k = r[starts[k] : starts[k + 1]]
        names = [model.row_names[q] for q in rows_k.tolist()]
        kinds = [model.row_kind[q] for q in rows_k.tolist()]
        if j in must_not:
            names.insert(0, f"must_not {model.ids[j]}")
            kinds.insert(0, "must_not")
        if kinds[:1] == ["must_not"]:
            reason = "must_not"
        elif objective[j] >= 0:
            # adding it could not raise the objective (value <= 0): no rule is to blame
            reason = "value"
        else:
            reason = min(kinds, key=rank.__getitem__) if kinds else "value"
        out.append(Rejection(model.ids[j], reason, tuple(names), float(vpc[j]), marginal))
    return act, slack, tuple(out)


def _result(
    model: PortfolioModel,
    status: SolverStatus,
    message: str,
    x: FloatArray,
    row_upper: FloatArray,
    diagnosis: tuple[str, ...],
    gap: float,
    objective: FloatArray,
) -> Selection:
    sel = x > 0.5
    act, slack, rejections = _explain(model, x, row_upper, objective)
    if status == "infeasible":
        rejections = ()
    spend = model.costs.T @ x
    use = (model.demand @ x).reshape(len(model.skills), model.n_periods)
    tol = 1e-7 * np.maximum(1.0, np.abs(np.where(np.isfinite(row_upper), row_upper, 0.0)))
    # a rule binds when it has no slack and involves a selected candidate
    involved = (abs(model.A) @ x) > 0
    binding = (
        tuple(model.row_names[i] for i in np.nonzero((slack <= tol) & involved)[0].tolist())
        if status != "infeasible"
        else ()
    )
    arrays = [sel, spend, use, act, slack]
    for a in arrays:
        a.setflags(write=False)
    ru = row_upper.copy()
    ru.setflags(write=False)
    chosen = tuple(model.ids[i] for i in np.nonzero(sel)[0].tolist())
    return Selection(
        status=status,
        message=message,
        ids=model.ids,
        selected=sel,
        chosen=chosen,
        total_value=float(model.value @ x),
        total_cost=float(model.total_cost @ x),
        spend=spend,
        budgets=model.budgets,
        skills=model.skills,
        resource_use=use,
        capacity=model.capacity,
        constraints=model.row_names,
        constraint_kind=model.row_kind,
        activity=act,
        lower=model.row_lower,
        upper=ru,
        slack=slack,
        binding=binding,
        rejections=rejections,
        diagnosis=diagnosis,
        mip_gap=gap,
        starts=_starts(sel),
        delays=(),
        phased=False,
        values=_ro(model.value),
        costs=_ro(model.total_cost),
    )


def _starts(sel: BoolArray) -> IntArray:
    out = np.where(sel, 0, -1).astype(np.int64)
    out.setflags(write=False)
    return out


def _empty() -> FloatArray:
    out = np.zeros(0)
    out.setflags(write=False)
    return out


def _ro(values: Any) -> FloatArray:
    out = np.array(values, dtype=np.float64)
    out.setflags(write=False)
    return out


def _objective(model: PortfolioModel, objective: str) -> FloatArray:
    check_choice(objective, "objective", ("value", "count"))
    return -(model.value if objective == "value" else np.ones(len(model.ids)))


def _solve_model(
    model: PortfolioModel | PhasedModel,
    row_upper: FloatArray,
    *,
    objective: str,
    gap: float,
    time_limit: float | None,
    diagnose: bool,
) -> Selection:
    build: Callable[..., Selection]
    hoods: _Neighbourhoods | None = None
    if isinstance(model, PortfolioModel):
        c = _objective(model, objective)
        build = cast("Callable[..., Selection]", _result)
    else:
        from pmokit.portfolio._phasing import (
            _neighbourhoods,
            _phased_objective,
            _phased_result,
        )

        c = _phased_objective(model, objective)
        build = cast("Callable[..., Selection]", _phased_result)
        hoods = _neighbourhoods(model)
    status, x, mgap = _solve(
        model, c, row_upper, gap=gap, time_limit=time_limit, neighbourhoods=hoods
    )
    n = int(model.A.shape[1])
    if status == 0 and x is not None:
        return build(
            model, "optimal", f"optimal within a relative gap of {gap:g}", x, row_upper, (), mgap, c
        )
    if status == 1 and x is not None:
        return build(
            model,
            "feasible",
            "time limit reached; best selection found returned",
            x,
            row_upper,
            (),
            mgap,
            c,
        )
    if status == 2:
        diag = _diagnose(model, row_upper, time_limit) if diagnose else ()
        msg = (
            "infeasible: these rules cannot all hold: " + "; ".join(diag) if diag else "infeasible"
        )
        return build(model, "infeasible", msg, np.zeros(n), row_upper, diag, float("nan"), c)
    if status == 1:
        return build(
            model,
            "time_limit",
            "time limit reached before any selection was found",
            np.zeros(n),
            row_upper,
            (),
            float("nan"),
            c,
        )
    raise SolverError(f"HiGHS failed on the selection model (scipy.optimize.milp status {status})")


def select(
    candidates: Sequence[Candidate] | PortfolioModel,
    *,
    budgets: PerPeriod | None = None,
    total_budget: float | None = None,
    capacity: Capacity | None = None,
    must: Iterable[Hashable] = (),
    must_not: Iterable[Hashable] = (),
    requires: Iterable[tuple[Hashable, Hashable]] = (),
    excludes: Iterable[tuple[Hashable, Hashable]] = (),
    groups: Iterable[Group] = (),
    balance: Iterable[Balance] = (),
    finish_to_start: Iterable[tuple[Hashable, Hashable] | tuple[Hashable, Hashable, int]] = (),
    start_together: Iterable[tuple[Hashable, Hashable]] = (),
    objective: Literal["value", "count"] = "value",
    gap: float = 1e-4,
    time_limit: float | None = None,
    diagnose: bool = True,
) -> Selection:
    """Select the portfolio of maximum total value under budgets, capacity and rules.

    Solves the 0-1 programme ``max sum value_i x_i`` subject to per-period budgets, an
    optional total budget, skill capacities per period, forced in/out candidates,
    dependencies, exclusions, group limits and balance shares, with HiGHS
    (:func:`scipy.optimize.milp`) on a model built vectorised in ``scipy.sparse``
    (:func:`build_model`). An infeasible set of rules is a result (``status="infeasible"``
    and a minimal conflicting set in ``diagnosis``), not an exception.

    Phased selection: when a candidate's start can move (a window
    ``latest_start > earliest_start``, or ``earliest_start > 0``) or a ``finish_to_start``
    / ``start_together`` rule is given, it also chooses each candidate's start period, on the
    time-indexed model of :func:`build_phased_model` (one 0-1 column per candidate and start);
    ``costs`` and ``demands`` then count periods from each candidate's own start. The
    :class:`Selection` gives ``start_period(id)``, the spend and skill use of each period
    with the chosen starts, ``delays`` (which period's budget or skill kept a candidate from
    starting earlier) and the rejections with the periods that held each candidate back.

    Parameters
    ----------
    candidates
        The proposals, or a :class:`PortfolioModel` or :class:`PhasedModel` already built
        (then give no other rule).
    budgets, total_budget, capacity, must, must_not, requires, excludes, groups, balance
        The rules; see :func:`build_model`.
    finish_to_start, start_together
        Phased rules: ``(first, then[, lag])`` and ``(a, b)``; see
        :func:`build_phased_model`.
    objective
        ``"value"`` (maximise total value) or ``"count"`` (maximise the number selected).
    gap
        Relative MIP gap at which HiGHS stops (1e-4 = 0.01 %).
    time_limit
        Seconds for the whole solve (LP stage and full MILP together; a diagnosis of an
        infeasible selection may add its own solves); on time-out the best selection found is
        returned with ``status="feasible"`` and its proven ``mip_gap``. Phased: the full
        MILP gets a fifth of the time the LP stage left, and when it stops short of ``gap``
        a large-neighbourhood search (HiGHS on the candidates of one period or skill at a
        time, the others fixed) improves the selection until the limit; its neighbourhoods
        use no random numbers, but what is found in the time depends on the machine.
    diagnose
        Search the minimal conflicting rule set when infeasible (several MILP solves).

    Returns
    -------
    Selection

    Raises
    ------
    ValidationError
        On bad input (see :func:`build_model`), an unknown objective or a bad gap.
    SolverError
        If HiGHS fails for another reason than infeasibility or a time-out.

    Examples
    --------
    >>> cands = [Candidate("A", 10, 6), Candidate("B", 9, 5), Candidate("C", 7, 4)]
    >>> s = select(cands, budgets=10)
    >>> s.status, s.chosen, s.total_value
    ('optimal', ('A', 'C'), 17.0)
    >>> r = s.rejection("B")
    >>> r.reason, r.constraints
    ('budget', ('budget period 0',))
    >>> select(cands, budgets=10, must=["A", "B"]).diagnosis
    ('budget period 0', 'must A', 'must B')

    Phased: B may wait one period, and does, for the budget of period 0:

    >>> cands = [Candidate("A", 10, [6]), Candidate("B", 9, [5], latest_start=1)]
    >>> s = select(cands, budgets=[10, 10])
    >>> s.chosen, s.start_period("B"), s.spend.tolist()
    (('A', 'B'), 1, [6.0, 5.0])
    >>> s.delay("B").constraints
    ('budget period 0',)
    """
    check_number(gap, "gap", minimum=0.0, maximum=1.0)
    if time_limit is not None:
        check_number(time_limit, "time_limit", minimum=0.0, strict_minimum=True)
    check_flag(diagnose, "diagnose")
    from pmokit.portfolio._phasing import PhasedModel, build_phased_model

    fts = list(finish_to_start)
    tog = list(start_together)
    model: PortfolioModel | PhasedModel
    if isinstance(candidates, PortfolioModel | PhasedModel):
        given = [
            bool(fts),
            bool(tog),
            budgets is not None,
            total_budget is not None,
            bool(capacity),
            bool(must),
            bool(must_not),
            bool(requires),
            bool(excludes),
            bool(groups),
            bool(balance),
        ]
        if any(given):
            raise ValidationError(
                "select(model) takes the rules from the model; give rules only with candidates"
            )
        model = candidates
    else:
        if budgets is None:
            raise ValidationError("'budgets' must be given (one per period; inf for no limit)")
        cands = list(candidates)
        rules: dict[str, Any] = {
            "budgets": budgets,
            "total_budget": total_budget,
            "capacity": capacity,
            "must": must,
            "must_not": must_not,
            "requires": requires,
            "excludes": excludes,
            "groups": groups,
            "balance": balance,
        }
        if fts or tog or any(isinstance(c, Candidate) and c.phased for c in cands):
            model = build_phased_model(
                cands, finish_to_start=fts, start_together=tog, **rules
            )
        else:
            model = build_model(cands, **rules)
    return _solve_model(
        model,
        np.array(model.row_upper),
        objective=objective,
        gap=gap,
        time_limit=time_limit,
        diagnose=diagnose,
    )
