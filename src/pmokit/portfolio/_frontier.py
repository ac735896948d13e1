"""Efficient frontier: best portfolio value at each total budget, reusing work between points."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from pmokit._deprecation import warn_renamed
from pmokit._executor import Shared, check_chunk_size, check_executor, run_chunks
from pmokit._progress import Progress, ProgressLike, check_progress
from pmokit._results import PicklesReadOnly, display, records_to_frame
from pmokit._typing import BoolArray, FloatArray, IntArray, SolverStatus
from pmokit._validation import as_float_array, check_allocation, check_number
from pmokit.errors import SolverError, ValidationError
from pmokit.portfolio._frozen import ValueEq
from pmokit.portfolio._model import Balance, Candidate, Capacity, Group, PerPeriod, build_model
from pmokit.portfolio._selection import _greedy_fill, _meets_rows, _milp, _solve

_NEIGHBOURHOOD = 100  # columns with the smallest reduced costs freed in the neighbourhood MILP
_NEIGHBOURHOOD_NODES = 200

__all__ = ["Frontier", "efficient_frontier"]


_UNSET: Any = object()


@display(("levels", lambda f: len(f.total_budgets)), "total_budgets", "values", "solves")
@attrs.frozen(eq=False)
class Frontier(PicklesReadOnly, ValueEq):
    """Value of the best portfolio at each total budget level (ascending).

    Attributes
    ----------
    total_budgets
        Read-only total budget levels [currency], ascending (``budgets`` before 0.2).
    values
        Read-only best total value per level; never decreases (a selection found for a
        smaller budget is kept when the solver's answer for a larger one is worse, within gap).
    costs
        Read-only total cost of the selection per level [currency].
    status
        Per level, a :data:`pmokit._typing.SolverStatus`: ``"optimal"``, ``"feasible"``
        (time limit hit with a selection), ``"infeasible"``, ``"time_limit"`` (no
        selection found within the time limit; not proof of infeasibility) or
        ``"not_solved"`` (a ``progress`` callback stopped the run before this level).
    chosen
        Selected ids per level.
    entered, left
        Per level: ids that enter / leave compared with the previous level (empty at the first).
    solves
        Number of MILPs solved (at most the number of levels).
    reused
        Read-only bool per level: the selection of the next larger level already fitted, so
        it is optimal here too without a solve (this was the status ``"reused"`` before 0.2).
    ids
        Candidate ids (input order), the columns of ``starts``.
    starts
        Read-only ``(levels, candidates)`` start period of each candidate at each level
        [period], -1 when not chosen (0 for every chosen one without phasing); with start
        windows the frontier chooses the starts at each level, as :func:`select` does.
    gaps
        Read-only certified relative gap per level: ``(bound - value) / max(|value|, 1)``
        where ``bound`` is a proven upper bound on the level's best value (the LP
        relaxation, or HiGHS's dual bound when the full MILP ran, and never more than a
        larger level's bound); at most ``gap`` at an ``"optimal"`` level, larger at a
        ``"feasible"`` one (time limit); NaN where no selection was found.
    """

    total_budgets: FloatArray = attrs.field(repr=False)
    values: FloatArray = attrs.field(repr=False)
    costs: FloatArray = attrs.field(repr=False)
    status: tuple[SolverStatus, ...] = attrs.field(repr=False)
    chosen: tuple[tuple[Hashable, ...], ...] = attrs.field(repr=False)
    entered: tuple[tuple[Hashable, ...], ...] = attrs.field(repr=False)
    left: tuple[tuple[Hashable, ...], ...] = attrs.field(repr=False)
    solves: int
    reused: BoolArray = attrs.field(repr=False)
    ids: tuple[Hashable, ...] = attrs.field(default=(), kw_only=True, repr=False)
    starts: IntArray = attrs.field(
        factory=lambda: np.zeros((0, 0), dtype=np.int64), kw_only=True, repr=False
    )
    gaps: FloatArray = attrs.field(factory=lambda: np.zeros(0), kw_only=True, repr=False)

    @property
    def budgets(self) -> FloatArray:
        """Deprecated name of :attr:`total_budgets` (``budgets`` means per period)."""
        warn_renamed("Frontier.budgets", "Frontier.total_budgets")
        return self.total_budgets

    def to_records(self) -> list[dict[str, Any]]:
        """One record per level: total budget, value, cost, status, reused, counts entering
        and leaving."""
        return [
            {
                "total_budget": float(b),
                "value": float(v),
                "cost": float(c),
                "status": s,
                "reused": bool(r),
                "n_chosen": len(ch),
                "entered": ", ".join(map(str, e)),
                "left": ", ".join(map(str, lf)),
            }
            for b, v, c, s, r, ch, e, lf in zip(
                self.total_budgets,
                self.values,
                self.costs,
                self.status,
                self.reused,
                self.chosen,
                self.entered,
                self.left,
                strict=True,
            )
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _levels_argument(total_budgets: Any, budgets: Any, period_budgets: Any) -> tuple[Any, Any]:
    """Sort out the renamed arguments: (total budget levels, budgets per period)."""
    if period_budgets is not None:
        if budgets is not None and total_budgets is not _UNSET:
            raise ValidationError(
                "give 'budgets' only; 'period_budgets' is its deprecated name "
                f"(got both period_budgets={period_budgets!r} and budgets={budgets!r})"
            )
        warn_renamed("period_budgets", "budgets", stacklevel=4)
        if total_budgets is _UNSET and budgets is not None:
            # old call: budgets= were the levels, period_budgets= the budgets per period
            warn_renamed("budgets (total budget levels)", "total_budgets", stacklevel=4)
            return budgets, period_budgets
        return (20 if total_budgets is _UNSET else total_budgets), period_budgets
    if total_budgets is _UNSET:
        if budgets is not None:
            # before 0.2 'budgets' named the total levels; it keeps that meaning for one
            # release when 'total_budgets' is not given
            warn_renamed(
                "budgets (total budget levels of efficient_frontier; budgets per period "
                "need total_budgets= given)",
                "total_budgets",
                stacklevel=4,
            )
            return budgets, None
        return 20, None
    return total_budgets, budgets


_CHUNK_LEVELS = 8  # at least this many levels per chunk (reuse works inside a chunk)
_MAX_CHUNKS = 16


def _chunk_levels(k: int) -> int:
    """Levels per chunk, fixed by the number of levels ``k`` alone: at least
    ``_CHUNK_LEVELS``, and at most ``_MAX_CHUNKS`` chunks."""
    return max(_CHUNK_LEVELS, -(-k // _MAX_CHUNKS))


@attrs.frozen(eq=False)
class _Job:
    """What every chunk of a frontier needs (travels once per worker, see Shared)."""

    model: Any
    c: FloatArray  # minimised objective (-value per column)
    col_cost: FloatArray  # total cost per column [currency]
    levels: FloatArray  # total budget levels [currency], ascending
    gap: float
    time_limit: float | None


@attrs.frozen(eq=False)
class _Seed:
    """The largest level, solved once before the other chunks: its selection (None if
    none), status, proven bound and (LP bound, proven bound, certified) for the next."""

    x: FloatArray | None
    status: SolverStatus
    bound: float
    above: tuple[float, float, bool] | None


@attrs.define
class _Part:
    """Where a chunk writes its levels: rows ``[lo, hi)`` of the frontier."""

    x: FloatArray  # (hi - lo, columns) view
    status: list[SolverStatus]  # the whole list, written at lo..hi-1
    lo: int
    reused: BoolArray  # (hi - lo,) view
    bounds: FloatArray  # (hi - lo,) view: upper bound on each level's optimum value
    solves: int = 0
    stopped: bool = False
    top: _Seed | None = None  # what its first level solved gives the chunks below


def _solve_levels(
    job: _Job,
    lo: int,
    hi: int,
    part: _Part,
    before: Callable[[int], bool] | None = None,
    seed: _Seed | None = None,
) -> None:
    """Solve levels ``hi - 1`` down to ``lo`` into ``part``: a level the selection of
    the level above already fits is reused without a solve; an infeasible level ends the
    chunk (every smaller level is infeasible too). ``seed`` is the largest level of the
    frontier, solved once: the chunk starts from it as from the level above (its
    selection reused where it fits, its bound held) and does not solve it again.
    ``before(i)`` is called before level ``i``; True stops (the levels not reached keep
    ``"not_solved"``)."""
    model = job.model
    row_upper = np.array(model.row_upper)
    prev: FloatArray | None = None
    prev_status: SolverStatus = "not_solved"
    prev_bound = float("nan")
    above: tuple[float, float, bool] | None = None
    top = job.levels.size - 1
    if seed is not None:
        if seed.status == "infeasible":  # the largest level is: every level is
            part.status[lo:hi] = ["infeasible"] * (hi - lo)
            return
        prev, prev_status, prev_bound, above = seed.x, seed.status, seed.bound, seed.above
    for i in range(hi - 1, lo - 1, -1):
        if before is not None and before(i):
            part.stopped = True
            return
        r = i - lo
        if seed is not None and i == top:
            if seed.x is not None:
                part.x[r] = seed.x
                part.bounds[r] = seed.bound
            part.status[i] = seed.status
            continue
        if prev is not None and float(job.col_cost @ prev) <= job.levels[i] + 1e-9:
            part.x[r] = prev
            part.status[i] = prev_status
            part.reused[r] = True
            part.bounds[r] = prev_bound  # a larger level's bound holds here too
            continue
        row_upper[0] = job.levels[i]
        st, x, bound, lp_bound = _certify_level(
            model, job.c, row_upper, gap=job.gap, time_limit=job.time_limit, start=prev,
            above=above,
        )
        part.solves += 1
        first = i == hi - 1
        if x is not None and st in (0, 1):
            part.x[r] = x
            prev_status = "optimal" if st == 0 else "feasible"
            part.status[i] = prev_status
            part.bounds[r] = prev_bound = bound
            above = (lp_bound, bound, st == 0)
            prev = x
            if first:
                part.top = _Seed(x, prev_status, bound, above)
        elif st == 1:
            # time limit with no selection: not proof of infeasibility, try smaller levels
            part.status[i] = "time_limit"
            prev = None
            if first:
                part.top = _Seed(None, "time_limit", float("nan"), None)
        elif st == 2:
            # infeasible here means infeasible at every smaller level too
            part.status[lo : i + 1] = ["infeasible"] * (i + 1 - lo)
            if first:
                part.top = _Seed(None, "infeasible", float("nan"), None)
            return
        else:
            raise SolverError(
                f"HiGHS failed on the frontier level {i} (total budget {job.levels[i]:g}; "
                f"scipy.optimize.milp status {st})"
            )


def _certify_level(
    model: Any,
    c: FloatArray,
    row_upper: FloatArray,
    *,
    gap: float,
    time_limit: float | None,
    start: FloatArray | None,
    above: tuple[float, float, bool] | None = None,
) -> tuple[int, FloatArray | None, float, float]:
    """One frontier level solved to a certified relative ``gap``: (milp-style status,
    selection, proven upper bound on the level's best value, LP relaxation bound).

    The LP relaxation bounds the level's optimum. Incumbents, cheapest first: the LP
    optimum rounded down and greedily filled, and ``start`` (the selection of the level
    above, which fits a larger budget) cut back to this budget and filled; then a MILP on
    the neighbourhood of the LP optimum. The first within ``gap`` of the LP bound is
    returned; else the full MILP (HiGHS), whose dual bound certifies the better of its
    selection and the incumbent. The certified gap is ``(bound - value) / max(|value|, 1)``.

    ``above`` is the level above's (LP bound, proven bound, certified): its proven bound
    holds here too (a smaller budget never does better). When that level ran out of time
    and this level's LP relaxation is the same (the total budget does not bind it), the
    MILPs would be the same hard problem again: the best incumbent is returned with the
    status ``feasible`` and its gap instead.
    """
    lb, ub = model.lower, model.upper
    if np.any(lb > ub):
        return 2, None, float("nan"), float("nan")
    # one wall-clock budget for the level, as select has: the full MILP gets what the
    # neighbourhood MILP left (it got the whole limit again)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    A = model.A
    rl, ru = model.row_lower, row_upper
    up, lo = np.isfinite(ru), np.isfinite(rl)
    A_ub = sp.vstack([A[np.nonzero(up)[0]], -A[np.nonzero(lo)[0]]]).tocsr()
    b_ub = np.concatenate([ru[up], -rl[lo]])
    lp = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=np.column_stack([lb, ub]), method="highs")
    if lp.status == 2:
        return 2, None, float("nan"), float("nan")
    if lp.status != 0 or lp.x is None:
        st, x, g = _solve(model, c, row_upper, gap=gap, time_limit=time_limit)
        v = -float(c @ x) if x is not None else float("nan")
        return st, x, v + g * max(abs(v), 1.0), float("nan")
    x_lp = np.asarray(lp.x)
    lp_bound = bound = -float(lp.fun)
    if above is not None and np.isfinite(above[1]):
        bound = min(bound, above[1])
    best: FloatArray | None = None
    value = -np.inf

    def offer(x: FloatArray | None) -> float:
        nonlocal best, value
        if x is not None and _meets_rows(A, rl, ru, x):
            x = _greedy_fill(c, A, rl, ru, ub, x)
            v = -float(c @ x)
            if v > value:
                best, value = x, v
        return (bound - value) / max(abs(value), 1.0)

    if offer(np.clip(np.floor(x_lp + 1e-9), lb, ub)) <= gap:
        return 0, best, bound, lp_bound
    if start is not None and offer(_cut_back(model, c, start, row_upper)) <= gap:
        return 0, best, bound, lp_bound
    same_lp = above is not None and abs(lp_bound - above[0]) <= 1e-6 * max(abs(lp_bound), 1.0)
    if best is not None and same_lp and above is not None and not above[2]:
        return 1, best, bound, lp_bound
    frac = (x_lp > 1e-7) & (x_lp < 1 - 1e-7)
    rc = np.abs(np.asarray(lp.lower.marginals)) + np.abs(np.asarray(lp.upper.marginals))
    free = frac.copy()
    free[np.argsort(rc, kind="stable")[: min(c.size, _NEIGHBOURHOOD)]] = True
    fixed = np.round(x_lp)
    st, xn, _ = _milp(c, A, rl, ru, np.where(free, lb, fixed), np.where(free, ub, fixed),
                      gap=gap, time_limit=time_limit, node_limit=_NEIGHBOURHOOD_NODES)
    if offer(xn if st in (0, 1) else None) <= gap:
        return 0, best, bound, lp_bound
    opts: dict[str, Any] = {"mip_rel_gap": gap, "disp": False}
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0.0 and best is not None:
            return 1, best, bound, lp_bound
        opts["time_limit"] = max(left, 1e-3)
    res = milp(c, integrality=np.ones(c.size), bounds=Bounds(lb, ub),
               constraints=[LinearConstraint(A, rl, ru)] if A.shape[0] else [], options=opts)
    if res.x is not None:
        offer(np.round(res.x))
    if res.status == 2 and best is None:
        return 2, None, float("nan"), float("nan")
    if res.status not in (0, 1, 2):
        return int(res.status), None, float("nan"), lp_bound
    dual = getattr(res, "mip_dual_bound", None)
    if dual is not None and np.isfinite(dual):
        bound = min(bound, -float(dual))
    if best is None:
        return 1, None, float("nan"), lp_bound
    g = (bound - value) / max(abs(value), 1.0)
    return (0 if res.status == 0 or g <= gap else 1), best, bound, lp_bound


def _cut_back(model: Any, c: FloatArray, x: FloatArray, row_upper: FloatArray) -> FloatArray:
    """``x`` (feasible at a larger total budget) with its least valuable columns per
    unit of total cost dropped until the total-budget row (row 0) holds; a drop that
    would break another row (a dependency) is skipped."""
    x = x.copy()
    A = model.A
    cost = np.asarray(A[[0]].todense()).ravel()
    over = float(cost @ x) - row_upper[0]
    if over <= 1e-9:
        return x
    on = np.nonzero((x > 0.5) & (model.lower < 0.5) & (cost > 0))[0]
    order = on[np.argsort(-c[on] / cost[on], kind="stable")]  # value per cost, ascending
    csc = A.tocsc()
    act = A @ x
    for j in order.tolist():
        r = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        nv = act[r] - csc.data[csc.indptr[j] : csc.indptr[j + 1]]
        rest = r != 0
        if np.any(nv[rest] > row_upper[r[rest]] + 1e-9) or np.any(
            nv[rest] < model.row_lower[r[rest]] - 1e-9
        ):
            continue
        x[j] = 0.0
        act[r] = nv
        over -= cost[j]
        if over <= 1e-9:
            break
    return x


def _frontier_chunk(
    work: tuple[Shared[_Job], int, int, _Seed | None],
) -> tuple[FloatArray, list[SolverStatus], BoolArray, FloatArray, int]:
    """One chunk of levels on a worker: (selections, statuses, reused, bounds, solves)."""
    shared, lo, hi, seed = work
    job = shared.get()
    status: list[SolverStatus] = ["not_solved"] * hi
    part = _Part(np.zeros((hi - lo, int(job.model.A.shape[1]))), status, lo,
                 np.zeros(hi - lo, dtype=bool), np.full(hi - lo, np.nan))
    _solve_levels(job, lo, hi, part, seed=seed)
    return part.x, status[lo:hi], part.reused, part.bounds, part.solves


def efficient_frontier(
    candidates: Sequence[Candidate],
    total_budgets: int | Sequence[float] | FloatArray = _UNSET,
    *,
    budgets: PerPeriod | None = None,
    capacity: Capacity | None = None,
    must: Iterable[Hashable] = (),
    must_not: Iterable[Hashable] = (),
    requires: Iterable[tuple[Hashable, Hashable]] = (),
    excludes: Iterable[tuple[Hashable, Hashable]] = (),
    groups: Iterable[Group] = (),
    balance: Iterable[Balance] = (),
    gap: float = 1e-4,
    time_limit: float | None = None,
    period_budgets: PerPeriod | None = None,
    progress: ProgressLike = None,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int | None = None,
) -> Frontier:
    """Best total value as a function of the total budget (cost constraint analysis).

    The model is built once (:func:`build_model`); each level only changes the bound of the
    total-budget row. Levels are solved from the largest down: when the selection of a larger
    budget costs no more than the next level, it is optimal there too and is reused without
    a solve. A final upward pass keeps the values non-decreasing.

    Parameters
    ----------
    candidates
        The proposals.
    total_budgets
        Total budget levels [currency], or a number of levels spread evenly from 0 to the
        cost of all candidates (default 20).
    budgets
        Budget per period [currency], held fixed at every level, as in :func:`select`
        (default: none). Until the next release, ``budgets`` given *without*
        ``total_budgets`` keeps its old meaning (the total levels) with a
        DeprecationWarning.
    capacity, must, must_not, requires, excludes, groups, balance
        Rules as in :func:`select`, held fixed.
    gap, time_limit
        Per level solved, as in :func:`select`: ``time_limit`` (> 0) is the seconds for
        the whole solve of a level (the neighbourhood MILP and the full MILP together).
    period_budgets
        Deprecated name of ``budgets``.
    progress
        None (default), True for a tqdm bar (``pip install 'pmokit[progress]'``), or a
        callback called with a :class:`~pmokit.progress.ProgressInfo` before each level
        (``done`` and ``total`` levels, ``elapsed`` [s], ``best`` value so far); returning
        True or raising StopIteration stops: the levels not reached get the status
        ``"not_solved"``. Reporting does not change the levels solved. With an
        ``executor`` it is called after each chunk of levels.
    executor
        A ``concurrent.futures.Executor`` (``ProcessPoolExecutor``, a Dask client's
        ``client.get_executor()``) that solves the chunks of levels; None (default) solves
        them in this process. It never changes the frontier: see ``chunk_size``.
    chunk_size
        Levels per chunk [levels], an int >= 1; default ``max(8, ceil(levels / 16))``.
        The levels are cut into chunks of consecutive levels fixed by this number and the
        number of levels alone, from the largest level down. The largest level is solved
        first, once; each chunk then solves its levels from its largest down, reusing a
        selection of its own levels or of the largest level where it fits, never of
        another chunk, so the frontier is the same bit for bit with or without an
        executor, whatever its number of workers (unless a ``time_limit`` is reached:
        what HiGHS finds in a given time depends on the machine).

    Returns
    -------
    Frontier

    Raises
    ------
    ValidationError
        On bad levels, a time limit <= 0, an ``executor`` that is not a
        ``concurrent.futures.Executor``, a ``chunk_size`` below 1, or bad input (see
        :func:`build_model`).
    SolverError
        When HiGHS fails on a level (not for an infeasible level: that is a status). An
        error raised on a worker reaches the caller as itself.

    Examples
    --------
    >>> cands = [Candidate("A", 10, 6), Candidate("B", 9, 5), Candidate("C", 7, 4)]
    >>> f = efficient_frontier(cands, [4, 10, 15])
    >>> f.values.tolist(), f.chosen
    ([7.0, 17.0, 26.0], (('C',), ('A', 'C'), ('A', 'B', 'C')))
    >>> f.entered[1], f.left[1]
    (('A',), ())
    """
    check_number(gap, "gap", minimum=0.0, maximum=1.0)
    if (problem := check_progress(progress)) is not None:
        raise ValidationError(problem)
    if time_limit is not None:
        check_number(time_limit, "time_limit", minimum=0.0, strict_minimum=True)
    executor = check_executor(executor)
    size = check_chunk_size(chunk_size)
    total_budgets, budgets = _levels_argument(total_budgets, budgets, period_budgets)
    cands = list(candidates)
    n_p = cands[0].costs.shape[0] if cands and isinstance(cands[0], Candidate) else 1
    pb = np.full(n_p, np.inf) if budgets is None else budgets
    rules: dict[str, Any] = {
        "total_budget": None,
        "capacity": capacity,
        "must": must,
        "must_not": must_not,
        "requires": requires,
        "excludes": excludes,
        "groups": groups,
        "balance": balance,
    }
    model: Any
    phased = any(isinstance(c_, Candidate) and c_.phased for c_ in cands)
    if phased:
        from pmokit.portfolio._phasing import build_phased_model

        if budgets is None:
            raise ValidationError(
                "'budgets' must be given for a phased frontier: their length is the horizon "
                "the start periods are chosen in (inf for no limit)"
            )
        model = build_phased_model(cands, budgets=pb, **rules)
        col_value, col_cost = model.col_value, model.col_cost
        col_cand, col_start = model.col_cand, model.col_start
    else:
        model = build_model(cands, budgets=pb, **rules)
        col_value, col_cost = model.value, model.total_cost
        col_cand = np.arange(len(model.ids))
        col_start = np.zeros(len(model.ids), dtype=np.int64)
    if isinstance(total_budgets, int | np.integer) and not isinstance(total_budgets, bool):
        if total_budgets < 1:
            raise ValidationError(
                f"'total_budgets' as a number of levels must be >= 1 (got {total_budgets})"
            )
        # one selection per level is kept: refuse a count that cannot fit, before allocating
        check_allocation((int(total_budgets), int(model.A.shape[1])),
                         "selections of the 'total_budgets' levels")
        levels = np.linspace(
            0.0, float(col_cost[model.first_col[:-1]].sum() if phased else col_cost.sum()),
            int(total_budgets),
        )
    else:
        levels = np.sort(as_float_array(total_budgets, "total_budgets", minimum=0.0))
        if levels.size == 0:
            raise ValidationError("'total_budgets' must hold at least one level (got none)")
    k = levels.size
    n = int(model.A.shape[1])
    size = _chunk_levels(k) if size is None else size
    # chunks of consecutive levels fixed by the number of levels alone (never by the
    # executor), cut from the top (the largest levels, often one hard problem the total
    # budget does not bind, share a chunk), the top chunk first; the largest level is
    # solved once and seeds every chunk; each solves its levels from its largest down,
    # reusing its own work and the seed's only, so every executor gives the same frontier
    ranges = [(max(hi - size, 0), hi) for hi in range(k, 0, -size)]
    job = _Job(model, -np.asarray(col_value, dtype=float), np.asarray(col_cost, dtype=float),
               levels, gap, time_limit)
    xs = np.zeros((k, n))
    status: list[SolverStatus] = ["not_solved"] * k
    reused = np.zeros(k, dtype=bool)
    bounds = np.full(k, np.nan)
    solves = 0
    bar = Progress(progress, k, desc="frontier", unit="level")

    def best() -> float | None:  # the value of the largest level, once solved
        return float(col_value @ xs[k - 1]) if status[k - 1] in ("optimal", "feasible") else None

    done = 0
    seed: _Seed | None = None
    if executor is None:
        for lo, hi in ranges:
            part = _Part(xs[lo:hi], status, lo, reused[lo:hi], bounds[lo:hi])

            def before(i: int, hi: int = hi, done: int = done) -> bool:
                return bar.update(done + hi - 1 - i, best())

            _solve_levels(job, lo, hi, part, before, seed)
            solves += part.solves
            if part.stopped:
                break
            if hi == k:  # the largest level, solved once, seeds every other chunk
                seed = part.top
            done += hi - lo
        else:
            bar.update(k, best())
    elif not bar.update(0, None):
        # the largest level first, here, as the top chunk would solve it
        first = _Part(xs[k - 1 : k], status, k - 1, reused[k - 1 : k], bounds[k - 1 : k])
        _solve_levels(job, k - 1, k, first)
        solves += first.solves
        seed = first.top
        shared = Shared(job)
        work = [(shared, lo, hi, seed) for lo, hi in ranges]
        for (lo, hi), got in zip(ranges, run_chunks(_frontier_chunk, work, executor),
                                 strict=False):
            x_part, st_part, re_part, b_part, n_solves = got
            xs[lo:hi] = x_part
            status[lo:hi] = st_part
            reused[lo:hi] = re_part
            bounds[lo:hi] = b_part
            solves += n_solves
            done += hi - lo
            if bar.update(done, best()):
                break
    bar.close()
    vals = xs @ col_value
    found = np.array([st in ("optimal", "feasible") for st in status])
    for i in range(1, k):
        if found[i] and found[i - 1] and vals[i] < vals[i - 1]:
            xs[i] = xs[i - 1]
            vals[i] = vals[i - 1]
    on = xs > 0.5
    n_c = len(model.ids)
    sel = np.zeros((k, n_c), dtype=bool)
    starts = np.full((k, n_c), -1, dtype=np.int64)
    lv, cj = np.nonzero(on)
    sel[lv, col_cand[cj]] = True
    starts[lv, col_cand[cj]] = col_start[cj]
    chosen = tuple(tuple(model.ids[j] for j in np.nonzero(row)[0].tolist()) for row in sel)
    entered: list[tuple[Hashable, ...]] = [()]
    left: list[tuple[Hashable, ...]] = [()]
    for i in range(1, k):
        entered.append(tuple(model.ids[j] for j in np.nonzero(sel[i] & ~sel[i - 1])[0].tolist()))
        left.append(tuple(model.ids[j] for j in np.nonzero(~sel[i] & sel[i - 1])[0].tolist()))
    costs = xs @ col_cost
    # a level's optimum never exceeds a larger level's: the smallest bound above holds
    bounds = np.fmin.accumulate(bounds[::-1])[::-1]
    gaps = np.where(found, np.maximum((bounds - vals) / np.maximum(np.abs(vals), 1.0), 0.0),
                    np.nan)
    for a in (levels, vals, costs, reused, starts, gaps):
        a.setflags(write=False)
    return Frontier(
        levels,
        vals,
        costs,
        tuple(status),
        chosen,
        tuple(entered),
        tuple(left),
        solves,
        reused,
        ids=model.ids,
        starts=starts,
        gaps=gaps,
    )
