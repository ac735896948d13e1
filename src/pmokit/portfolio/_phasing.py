"""Phased selection: which candidates, and in which period each starts (time-indexed MILP).

One binary column ``y[i, s]`` per candidate ``i`` and start period ``s`` in its window
``earliest_start .. latest_start``; the columns of a candidate are contiguous and ordered by
start. Rows, in the order of :func:`~pmokit.portfolio.build_model` (so that with every window
of width zero the matrix is the same): total budget, budget per period, capacity per skill and
period, requires, excludes, groups, balance; then the phased rules: ``start once`` per
windowed candidate, ``must`` / ``must_not`` rows of windowed candidates, finish-to-start
dependencies with lags (one row per start period of the follower) and start-together pairs
(one row per period). The matrix is assembled from compiled index arrays (``numpy.repeat``
expansions), never one Python object per variable.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from pmokit._results import PicklesReadOnly, _rebuild_frozen, display
from pmokit._typing import BoolArray, FloatArray, IntArray, SolverStatus
from pmokit._validation import (
    Problems,
    _fmt,
    as_float_array,
    check_choice,
    check_known,
)
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio._frozen import ValueEq
from pmokit.portfolio._model import (
    Balance,
    Candidate,
    Capacity,
    Group,
    PerPeriod,
    _capacity_and_demands,
    _freeze_sparse,
    _ids,
    _pairs,
)
from pmokit.portfolio._selection import (
    _REASON_ORDER,
    Delay,
    Rejection,
    Selection,
    _Neighbourhoods,
)

__all__ = [
    "PhasedModel",
    "ScenarioComparison",
    "build_phased_model",
    "capacity_demands",
    "compare_scenarios",
]


@attrs.frozen(eq=False)
class PhasedModel(PicklesReadOnly, ValueEq):
    """A phased selection problem compiled to arrays: one 0-1 column per (candidate, start).

    Built by :func:`build_phased_model`; :func:`~pmokit.portfolio.select` builds and solves
    it whenever a candidate's start can move (``Candidate.phased``).

    Attributes
    ----------
    ids
        Candidate ids (input order).
    col_cand, col_start
        Read-only candidate index and start period [period] of each column.
    col_value
        Read-only value of each column (the candidate's value at that start).
    col_cost
        Read-only total cost of each column's candidate [currency].
    first_col
        Read-only index of each candidate's first column (``len(ids) + 1`` entries).
    budgets
        Read-only budget per period [currency].
    categories
        Category per candidate.
    skills
        Skills with a capacity.
    capacity
        Read-only ``(skills, periods)`` capacity.
    spend
        Sparse ``(periods, columns)`` cost per period of each column [currency].
    demand
        Sparse ``(skills * periods, columns)`` demand, row ``s * periods + t``.
    A, row_lower, row_upper, row_names, row_kind
        The constraint rows, as in :class:`~pmokit.portfolio.PortfolioModel`; extra kinds
        ``"start_once"``, ``"must"``, ``"must_not"``, ``"finish_to_start"`` and
        ``"start_together"``.
    lower, upper
        Read-only column bounds (must / must_not of candidates with a fixed start).
    must, must_not
        Columns forced in / out by bounds (candidates with a fixed start).
    """

    ids: tuple[Hashable, ...]
    col_cand: IntArray = attrs.field(repr=False)
    col_start: IntArray = attrs.field(repr=False)
    col_value: FloatArray = attrs.field(repr=False)
    col_cost: FloatArray = attrs.field(repr=False)
    first_col: IntArray = attrs.field(repr=False)
    budgets: FloatArray = attrs.field(repr=False)
    categories: tuple[Hashable | None, ...] = attrs.field(repr=False)
    skills: tuple[Hashable, ...]
    capacity: FloatArray = attrs.field(repr=False)
    spend: Any = attrs.field(repr=False)
    demand: Any = attrs.field(repr=False)
    A: Any = attrs.field(repr=False)
    row_lower: FloatArray = attrs.field(repr=False)
    row_upper: FloatArray = attrs.field(repr=False)
    row_names: tuple[str, ...] = attrs.field(repr=False)
    row_kind: tuple[str, ...] = attrs.field(repr=False)
    lower: FloatArray = attrs.field(repr=False)
    upper: FloatArray = attrs.field(repr=False)
    must: IntArray = attrs.field(repr=False)
    must_not: IntArray = attrs.field(repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        state = {a.name: getattr(self, a.name) for a in attrs.fields(PhasedModel)}
        return (_rebuild_phased, (state,))

    @property
    def n_periods(self) -> int:
        """Number of budget periods (the horizon)."""
        return int(self.budgets.shape[0])

    def column_label(self, j: int) -> Hashable:
        """The candidate id of column ``j``."""
        return self.ids[int(self.col_cand[j])]


def _rebuild_phased(state: dict[str, Any]) -> PhasedModel:
    model: PhasedModel = _rebuild_frozen(PhasedModel, state)
    for m in (model.A, model.spend, model.demand):
        _freeze_sparse(m)
    return model


def _expand(counts: IntArray) -> tuple[IntArray, IntArray]:
    """``(owner, position)`` of ``counts.sum()`` items: item k belongs to ``owner[k]``."""
    owner = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    first = np.cumsum(counts) - counts
    return owner, np.arange(owner.size, dtype=np.int64) - first[owner]


def _triples(
    rule: Any, what: str, index: Mapping[Hashable, int], p: Problems, unknown: list[Hashable]
) -> tuple[int, int, int] | None:
    """One ``(first, then[, lag])`` rule as indices, or None after adding its problem."""
    if not (isinstance(rule, tuple | list) and len(rule) in (2, 3)):
        p.add(f"{what} rule must be a pair (first, then) or (first, then, lag) (got {_fmt(rule)})")
        return None
    a, b = rule[0], rule[1]
    lag = rule[2] if len(rule) == 3 else 0
    bad = [x for x in (a, b) if x not in index]
    if bad:
        unknown.extend(bad)
        p.add(f"{what} rule ({a!r}, {b!r}) names unknown candidates {bad!r}")
        return None
    if a == b:
        p.add(f"{what} rule ({a!r}, {b!r}) must name two different candidates")
        return None
    if isinstance(lag, bool) or not isinstance(lag, int | np.integer):
        p.add(f"lag of {what} rule ({a!r}, {b!r}) must be an int [periods] (got {_fmt(lag)})")
        return None
    return index[a], index[b], int(lag)


def build_phased_model(
    candidates: Sequence[Candidate],
    *,
    budgets: PerPeriod,
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
) -> PhasedModel:
    """Validate candidates and rules and compile the time-indexed :class:`PhasedModel`.

    Parameters
    ----------
    candidates
        The proposals; ``costs`` and ``demands`` count periods from each candidate's own
        start; started as late as ``latest_start`` the profile must still end within the
        horizon (``len(budgets)`` periods).
    budgets
        Budget per period [currency]; its length is the horizon [periods].
    total_budget, capacity, must, must_not, requires, excludes, groups, balance
        As in :func:`~pmokit.portfolio.build_model`. ``requires`` and ``excludes`` hold
        whatever the starts.
    finish_to_start
        ``(first, then)`` or ``(first, then, lag)``: ``then`` may be selected only with
        ``first``, and starts at least ``lag`` periods after ``first`` finishes (``first``
        started in ``s`` with a profile of ``L`` periods finishes at the end of period
        ``s + L - 1``; with ``lag=0`` ``then`` may start in ``s + L``). A negative lag
        lets them overlap. A lag that no start in the windows can meet leaves ``then``
        unselectable: forced in, the selection is infeasible and the rule is in the diagnosis.
    start_together
        Pairs ``(a, b)``: both or neither, started in the same period.

    Returns
    -------
    PhasedModel

    Raises
    ------
    ValidationError
        Listing together every bad item, each naming the candidate or rule: a profile longer
        than the horizon allows from the latest start, unknown ids
        (:class:`~pmokit.errors.UnknownReferenceError`), duplicate ids
        (:class:`~pmokit.errors.DuplicateError`), a rule pairing a candidate with itself,
        a lag that is not an int.
    """
    cands = list(candidates)
    if not cands:
        raise ValidationError("'candidates' must hold at least one Candidate (got none)")
    p = Problems()
    for k, c in enumerate(cands):
        if not isinstance(c, Candidate):
            p.add(f"candidate {k} must be a Candidate (got {type(c).__name__})")
    p.raise_if_any()
    ids = tuple(c.id for c in cands)
    index = {x: i for i, x in enumerate(ids)}
    if len(index) != len(ids):
        seen: set[Hashable] = set()
        dups = [x for x in ids if x in seen or seen.add(x)]  # type: ignore[func-returns-value]
        raise DuplicateError(f"candidate ids must be unique (repeated: {dups[:20]!r})", dups)
    if budgets is None:
        raise ValidationError("'budgets' must be given (one per period; inf for no limit)")
    bud = as_float_array(
        budgets if np.ndim(budgets) else [budgets], "budgets", minimum=0.0, allow_inf=True
    )
    n_p = bud.shape[0]
    n = len(cands)
    length = np.fromiter((c.costs.shape[0] for c in cands), dtype=np.int64, count=n)
    early = np.fromiter((c.earliest_start for c in cands), dtype=np.int64, count=n)
    late = np.fromiter((c.last_start for c in cands), dtype=np.int64, count=n)
    for k in np.nonzero(late + length > n_p)[0][:20].tolist():
        p.add(
            f"cost profile of candidate {ids[k]!r} ({int(length[k])} periods) started as late "
            f"as period {int(late[k])} must end within the horizon of {n_p} periods "
            f"(it would end in period {int(late[k] + length[k] - 1)}): shorten the profile, "
            "lower latest_start or give more budget periods"
        )
    if total_budget is not None:
        p.check_number(total_budget, "total_budget", minimum=0.0, finite=False)
    p.raise_if_any()

    width = late - early + 1
    first_col = np.concatenate([[0], np.cumsum(width)]).astype(np.int64)
    n_col = int(first_col[-1])
    col_cand, pos = _expand(width)
    col_start = early[col_cand] + pos
    value = np.fromiter((c.value for c in cands), dtype=np.float64, count=n)
    rate = np.fromiter((c.discount_rate for c in cands), dtype=np.float64, count=n)
    col_value = value[col_cand] / (1.0 + rate[col_cand]) ** pos
    for i, c in enumerate(cands):
        if c.start_values is not None:
            col_value[first_col[i] : first_col[i + 1]] = c.start_values
    flat_cost = np.concatenate([c.costs for c in cands])
    cost_off = np.concatenate([[0], np.cumsum(length)]).astype(np.int64)
    tot = np.fromiter((c.costs.sum() for c in cands), dtype=np.float64, count=n)
    col_cost = tot[col_cand]
    cats = tuple(c.category for c in cands)

    skills, cap, d_skill, d_cand, d_data = _capacity_and_demands(capacity, cands, n_p, p)

    unknown: list[Hashable] = []
    must_i = _ids(must, "must", index, p, unknown)
    mustnot_i = _ids(must_not, "must_not", index, p, unknown)
    req = _pairs(requires, "requires", index, p, unknown)
    exc_ = _pairs(excludes, "excludes", index, p, unknown)
    tog = _pairs(start_together, "start_together", index, p, unknown)
    fts = [_triples(r, "finish_to_start", index, p, unknown) for r in finish_to_start]
    grp = list(groups)
    bal = list(balance)
    for k, g in enumerate(grp):
        if not isinstance(g, Group):
            p.add(f"group {k} must be a Group (got {type(g).__name__})")
            continue
        bad = [x for x in g.ids if x not in index]
        if bad:
            unknown.extend(bad)
            p.add(f"group {g.name!r} names unknown candidates {bad!r}")
    known_cats = set(cats)
    for k, b in enumerate(bal):
        if not isinstance(b, Balance):
            p.add(f"balance rule {k} must be a Balance (got {type(b).__name__})")
        elif b.category not in known_cats:
            p.add(f"{b.name!r} names category {b.category!r} that no candidate has")
    if p:
        if unknown:
            raise UnknownReferenceError(p.items, unknown)
        p.raise_if_any()

    rows: list[IntArray] = []
    cols: list[IntArray] = []
    data: list[FloatArray] = []
    lo: list[FloatArray] = []
    hi: list[FloatArray] = []
    names: list[str] = []
    kinds: list[str] = []
    all_cols = np.arange(n_col, dtype=np.int64)

    def add(
        r: IntArray, c: IntArray, d: FloatArray, lo_: FloatArray, hi_: FloatArray, nm: list[str]
    ) -> None:
        rows.append(r + sum(x.size for x in lo))
        cols.append(c)
        data.append(d)
        lo.append(lo_)
        hi.append(hi_)
        names.extend(nm)

    def columns_of(cand: IntArray) -> tuple[IntArray, IntArray]:
        """(owner position in ``cand``, column) of every column of the listed candidates."""
        owner, k = _expand(width[cand])
        return owner, first_col[cand][owner] + k

    # total budget
    add(
        np.zeros(n_col, dtype=np.int64),
        all_cols,
        col_cost,
        np.array([-np.inf]),
        np.array([np.inf if total_budget is None else float(total_budget)]),
        ["total budget"],
    )
    kinds.append("total_budget")
    # budget per period: column j spends cost[k] in period start + k
    rep, kk = _expand(length[col_cand])
    b_row = col_start[rep] + kk
    b_val = flat_cost[cost_off[col_cand[rep]] + kk]
    keep = b_val != 0
    b_row, b_col, b_val = b_row[keep], rep[keep], b_val[keep]
    spend = sp.csr_array((b_val, (b_row, b_col)), shape=(n_p, n_col))
    add(b_row, b_col, b_val, np.full(n_p, -np.inf), bud, [f"budget period {t}" for t in range(n_p)])
    kinds.extend(["budget"] * n_p)
    # capacity per skill and period
    n_cap = len(skills) * n_p
    if d_data:
        dsk = np.array(d_skill, dtype=np.int64)
        dca = np.array(d_cand, dtype=np.int64)
        flat_d = np.concatenate(d_data)
        d_off = np.concatenate([[0], np.cumsum(length[dca])]).astype(np.int64)
        own, dcol = columns_of(dca)  # one item per (demand, start)
        rep2, k2 = _expand(length[dca[own]])
        item = own[rep2]
        dr = dsk[item] * n_p + col_start[dcol[rep2]] + k2
        dc = dcol[rep2]
        dd = flat_d[d_off[item] + k2]
        keep = dd != 0
        dr, dc, dd = dr[keep], dc[keep], dd[keep]
    else:
        dr = np.zeros(0, dtype=np.int64)
        dc = np.zeros(0, dtype=np.int64)
        dd = np.zeros(0)
    demand = sp.csr_array((dd, (dr, dc)), shape=(n_cap, n_col))
    add(
        dr,
        dc,
        dd,
        np.full(n_cap, -np.inf),
        cap.reshape(-1),
        [f"capacity {s} period {t}" for s in skills for t in range(n_p)],
    )
    kinds.extend(["capacity"] * n_cap)

    def pair_rows(pairs: IntArray, sign_b: float) -> tuple[IntArray, IntArray, FloatArray]:
        oa, ca = columns_of(pairs[:, 0])
        ob, cb = columns_of(pairs[:, 1])
        return (
            np.concatenate([oa, ob]),
            np.concatenate([ca, cb]),
            np.concatenate([np.ones(ca.size), np.full(cb.size, sign_b)]),
        )

    m = req.shape[0]
    r, c_, d = pair_rows(req, -1.0)
    add(
        r,
        c_,
        d,
        np.full(m, -np.inf),
        np.zeros(m),
        [f"requires {ids[a]} -> {ids[b]}" for a, b in req.tolist()],
    )
    kinds.extend(["requires"] * m)
    m = exc_.shape[0]
    r, c_, d = pair_rows(exc_, 1.0)
    add(
        r,
        c_,
        d,
        np.full(m, -np.inf),
        np.ones(m),
        [f"excludes {ids[a]} / {ids[b]}" for a, b in exc_.tolist()],
    )
    kinds.extend(["excludes"] * m)
    for g in grp:
        gi = np.array(sorted({index[x] for x in g.ids}), dtype=np.int64)
        _, gc = columns_of(gi)
        add(
            np.zeros(gc.size, dtype=np.int64),
            gc,
            np.ones(gc.size),
            np.array([float(g.min)]),
            np.array([np.inf if g.max is None else float(g.max)]),
            [f"group {g.name}"],
        )
        kinds.append("group")
    for b in bal:
        in_cat = np.fromiter((c == b.category for c in cats), dtype=bool, count=n)[col_cand]
        meas = col_cost if b.measure == "cost" else col_value if b.measure == "value" else None
        for share, is_min in ((b.min_share, True), (b.max_share, False)):
            if share is None:
                continue
            coef = in_cat.astype(np.float64) - float(share)
            if meas is not None:
                coef = coef * meas
            nzc = np.nonzero(coef)[0].astype(np.int64)
            add(
                np.zeros(nzc.size, dtype=np.int64),
                nzc,
                coef[nzc],
                np.array([0.0 if is_min else -np.inf]),
                np.array([np.inf if is_min else 0.0]),
                [f"{b.name} {'>=' if is_min else '<='} {share:g}"],
            )
            kinds.append("balance")

    # phased rules: start once, must / must_not of windowed candidates
    windowed = np.nonzero(width > 1)[0].astype(np.int64)
    own, wc = columns_of(windowed)
    m = windowed.size
    add(
        own,
        wc,
        np.ones(wc.size),
        np.zeros(m),
        np.ones(m),
        [f"start once {ids[i]}" for i in windowed.tolist()],
    )
    kinds.extend(["start_once"] * m)
    lower = np.zeros(n_col)
    upper = np.ones(n_col)
    is_windowed = width > 1
    for forced, is_must in ((must_i, True), (mustnot_i, False)):
        fixed = forced[~is_windowed[forced]]
        if is_must:
            lower[first_col[fixed]] = 1.0
        else:
            upper[first_col[fixed]] = 0.0
        win = forced[is_windowed[forced]]
        own, fc = columns_of(win)
        add(
            own,
            fc,
            np.ones(fc.size),
            np.full(win.size, 1.0 if is_must else -np.inf),
            np.full(win.size, np.inf if is_must else 0.0),
            [f"{'must' if is_must else 'must_not'} {ids[i]}" for i in win.tolist()],
        )
        kinds.extend(["must" if is_must else "must_not"] * win.size)
    must_cols = first_col[must_i[~is_windowed[must_i]]]
    mustnot_cols = first_col[mustnot_i[~is_windowed[mustnot_i]]]

    # finish to start with lag: then started by t => first started by t - (L_first + lag)
    for rule in fts:
        if rule is None:
            continue
        fa, fb, lag = rule
        d_ab = int(length[fa]) + lag
        ta = col_start[first_col[fa] : first_col[fa + 1]]
        tb = col_start[first_col[fb] : first_col[fb + 1]]
        # row k (period tb[k]): sum_{s_b <= tb[k]} y_b - sum_{s_a <= tb[k] - d_ab} y_a <= 0
        kb, jb = np.nonzero(tb[None, :] <= tb[:, None])
        ka, ja = np.nonzero(ta[None, :] <= tb[:, None] - d_ab)
        add(
            np.concatenate([kb, ka]).astype(np.int64),
            np.concatenate([first_col[fb] + jb, first_col[fa] + ja]).astype(np.int64),
            np.concatenate([np.ones(kb.size), -np.ones(ka.size)]),
            np.full(tb.size, -np.inf),
            np.zeros(tb.size),
            [
                f"finish_to_start {ids[fa]} -> {ids[fb]} lag {lag} (start by period {t})"
                for t in tb.tolist()
            ],
        )
        kinds.extend(["finish_to_start"] * tb.size)
    # start together: y_a[t] == y_b[t] for every period of either window
    for ga, gb in tog.tolist():
        ta = col_start[first_col[ga] : first_col[ga + 1]]
        tb = col_start[first_col[gb] : first_col[gb + 1]]
        periods = np.union1d(ta, tb)
        ia = np.searchsorted(periods, ta)
        ib = np.searchsorted(periods, tb)
        add(
            np.concatenate([ia, ib]).astype(np.int64),
            np.concatenate(
                [first_col[ga] + np.arange(ta.size), first_col[gb] + np.arange(tb.size)]
            ).astype(np.int64),
            np.concatenate([np.ones(ta.size), -np.ones(tb.size)]),
            np.zeros(periods.size),
            np.zeros(periods.size),
            [f"start_together {ids[ga]} / {ids[gb]} period {t}" for t in periods.tolist()],
        )
        kinds.extend(["start_together"] * periods.size)

    n_rows = sum(x.size for x in lo)
    A = sp.csr_array(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(n_rows, n_col)
    )
    row_lower = np.concatenate(lo)
    row_upper = np.concatenate(hi)
    frozen: list[npt.NDArray[Any]] = [
        col_cand,
        col_start,
        col_value,
        col_cost,
        first_col,
        bud,
        cap,
        row_lower,
        row_upper,
        lower,
        upper,
        must_cols,
        mustnot_cols,
    ]
    for arr in frozen:
        arr.setflags(write=False)
    for mat in (A, spend, demand):
        _freeze_sparse(mat)
    return PhasedModel(
        ids=ids,
        col_cand=col_cand,
        col_start=col_start,
        col_value=col_value,
        col_cost=col_cost,
        first_col=first_col,
        budgets=bud,
        categories=cats,
        skills=skills,
        capacity=cap,
        spend=spend,
        demand=demand,
        A=A,
        row_lower=row_lower,
        row_upper=row_upper,
        row_names=tuple(names),
        row_kind=tuple(kinds),
        lower=lower,
        upper=upper,
        must=must_cols,
        must_not=mustnot_cols,
    )


def _neighbourhoods(model: PhasedModel) -> _Neighbourhoods:
    """The candidate of each column, earliest starts and skills, for the neighbourhood search."""
    n = len(model.ids)
    n_p = model.n_periods
    skill_of = np.zeros((n, len(model.skills)), dtype=bool)
    coo = model.demand.tocoo()
    skill_of[model.col_cand[coo.col], coo.row // n_p] = True
    return _Neighbourhoods(
        col_group=np.asarray(model.col_cand),
        early=np.asarray(model.col_start[model.first_col[:-1]]),
        skill_of=skill_of,
        finish=_last_periods(model),
    )


def _last_periods(model: PhasedModel) -> IntArray:
    """The last period with spend or demand of each candidate started at its latest start."""
    last_cols = model.first_col[1:] - 1
    out = np.asarray(model.col_start[last_cols]).copy()
    for m, skill_major in ((model.spend, False), (model.demand, True)):
        coo = sp.coo_array(m[:, last_cols])
        # spend has a row per period; demand a row per (skill, period), skill-major
        period = coo.row % model.n_periods if skill_major else coo.row
        np.maximum.at(out, coo.col, period)
    return out


def _phased_objective(model: PhasedModel, objective: str) -> FloatArray:
    check_choice(objective, "objective", ("value", "count"))
    return -(model.col_value if objective == "value" else np.ones(model.col_cand.size))


def _violations(
    act: FloatArray, lo: FloatArray, hi: FloatArray, rows: IntArray, new: FloatArray
) -> BoolArray:
    tol = 1e-9 * np.maximum(1.0, np.abs(np.where(np.isfinite(hi[rows]), hi[rows], 0.0)))
    return (new > hi[rows] + tol) | (new < lo[rows] - tol)


def _phased_rejections(
    model: PhasedModel,
    x: FloatArray,
    sel: BoolArray,
    act: FloatArray,
    row_upper: FloatArray,
    objective: FloatArray,
    starts: IntArray,
) -> tuple[Rejection, ...]:
    n = len(model.ids)
    rej = np.nonzero(~sel)[0]
    if rej.size == 0:
        return ()
    cc = model.col_cand
    tot = np.asarray(model.col_cost)[model.first_col[:-1]]
    best = np.maximum.reduceat(model.col_value, model.first_col[:-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        vpc = np.where(tot > 0, best / np.where(tot > 0, tot, 1.0), np.inf)
    chosen_cols = np.nonzero(x > 0.5)[0]
    forced = np.zeros(n, dtype=bool)
    forced[cc[model.must]] = True
    must_rows = [r for r, k in enumerate(model.row_kind) if k == "must"]
    if must_rows:
        forced[cc[model.A[must_rows].indices]] = True
    with np.errstate(divide="ignore", invalid="ignore"):
        cvpc = np.where(
            model.col_cost > 0,
            model.col_value / np.where(model.col_cost > 0, model.col_cost, 1.0),
            np.inf,
        )
    free = chosen_cols[~forced[cc[chosen_cols]]]
    marginal = float(cvpc[free].min()) if free.size else float("nan")
    rej_cols = np.nonzero(~sel[cc])[0]
    sub = model.A[:, rej_cols].tocoo()
    r, k = sub.row, sub.col
    viol = _violations(act, model.row_lower, row_upper, r, act[r] + sub.data)
    r, k = r[viol], rej_cols[k[viol]]
    order = np.lexsort((r, k))  # by column (candidate, then start), then row
    r, k = r[order], k[order]
    starts_at = np.searchsorted(cc[k], np.arange(n + 1))
    must_not = np.zeros(n, dtype=bool)
    must_not[cc[model.must_not]] = True
    rank = {kind: i for i, kind in enumerate(_REASON_ORDER)}
    out = []
    for j in rej.tolist():
        rows_j = list(dict.fromkeys(r[starts_at[j] : starts_at[j + 1]].tolist()))
        names = [model.row_names[q] for q in rows_j]
        kinds = [model.row_kind[q] for q in rows_j]
        if must_not[j]:
            names.insert(0, f"must_not {model.ids[j]}")
            kinds.insert(0, "must_not")
        cols_j = slice(model.first_col[j], model.first_col[j + 1])
        if "must_not" in kinds:
            reason = "must_not"
        elif np.all(objective[cols_j] >= 0):
            reason = "value"
        else:
            reason = min(kinds, key=rank.__getitem__) if kinds else "value"
        out.append(Rejection(model.ids[j], reason, tuple(names), float(vpc[j]), marginal))
    return tuple(out)


def _phased_delays(
    model: PhasedModel, x: FloatArray, act: FloatArray, row_upper: FloatArray
) -> tuple[Delay, ...]:
    csc = model.A.tocsc()
    ip, ix, dx = csc.indptr, csc.indices, csc.data
    out = []
    for j in np.nonzero(x > 0.5)[0].tolist():
        i = int(model.col_cand[j])
        first = int(model.first_col[i])
        if j == first:
            continue
        names: list[str] = []
        for e in range(first, j):
            rows = np.concatenate([ix[ip[e] : ip[e + 1]], ix[ip[j] : ip[j + 1]]])
            vals = np.concatenate([dx[ip[e] : ip[e + 1]], -dx[ip[j] : ip[j + 1]]])
            u, inv = np.unique(rows, return_inverse=True)
            delta = np.bincount(inv, weights=vals, minlength=u.size)
            bad = _violations(act, model.row_lower, row_upper, u, act[u] + delta)
            names.extend(model.row_names[q] for q in u[bad].tolist())
        out.append(
            Delay(
                model.ids[i],
                int(model.col_start[j]),
                int(model.col_start[first]),
                tuple(dict.fromkeys(names)),
                float(model.col_value[first] - model.col_value[j]),
            )
        )
    return tuple(out)


def _phased_result(
    model: PhasedModel,
    status: SolverStatus,
    message: str,
    x: FloatArray,
    row_upper: FloatArray,
    diagnosis: tuple[str, ...],
    gap: float,
    objective: FloatArray,
) -> Selection:
    n = len(model.ids)
    cc = model.col_cand
    on = x > 0.5
    sel = np.zeros(n, dtype=bool)
    sel[cc[on]] = True
    starts = np.full(n, -1, dtype=np.int64)
    starts[cc[on]] = model.col_start[on]
    act = model.A @ x
    with np.errstate(invalid="ignore"):
        slack = np.minimum(row_upper - act, act - model.row_lower)
    spend = model.spend @ x
    use = (model.demand @ x).reshape(len(model.skills), model.n_periods)
    if status == "infeasible":
        rejections: tuple[Rejection, ...] = ()
        delays: tuple[Delay, ...] = ()
        binding: tuple[str, ...] = ()
    else:
        rejections = _phased_rejections(model, x, sel, act, row_upper, objective, starts)
        delays = _phased_delays(model, x, act, row_upper)
        tol = 1e-7 * np.maximum(1.0, np.abs(np.where(np.isfinite(row_upper), row_upper, 0.0)))
        involved = (abs(model.A) @ x) > 0
        kinds = np.array(model.row_kind)
        real = (kinds != "start_once") & (kinds != "must")
        binding = tuple(
            model.row_names[i] for i in np.nonzero((slack <= tol) & involved & real)[0].tolist()
        )
    # value at the chosen start (at the earliest start when not selected); total cost
    values = np.array(model.col_value[model.first_col[:-1]])
    values[cc[on]] = model.col_value[on]
    costs = np.array(model.col_cost[model.first_col[:-1]])
    for a in (sel, starts, spend, use, act, slack, values, costs):
        a.setflags(write=False)
    ru = row_upper.copy()
    ru.setflags(write=False)
    return Selection(
        status=status,
        message=message,
        ids=model.ids,
        selected=sel,
        chosen=tuple(model.ids[i] for i in np.nonzero(sel)[0].tolist()),
        total_value=float(model.col_value @ x),
        total_cost=float(model.col_cost @ x),
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
        starts=starts,
        delays=delays,
        phased=True,
        values=values,
        costs=costs,
    )


def capacity_demands(
    selection: Selection,
    candidates: Sequence[Candidate],
    *,
    hours_per_unit: float = 1.0,
    value: float = 1.0,
) -> tuple[Any, ...]:
    """The skill demands of a selection, at its chosen starts, as ``capacity.Demand`` inputs.

    The bridge to :func:`pmokit.capacity.allocate`: one ``Demand`` per selected candidate
    and demanded skill, its profile placed at the chosen start period over the selection's
    horizon, so the chosen starts can be staffed by name.

    Parameters
    ----------
    selection
        A feasible :class:`~pmokit.portfolio.Selection` (phased or not).
    candidates
        The candidates it was selected from (matched by id).
    hours_per_unit
        Hours per unit of demand [hours per FTE-period, or 1 when demands are in hours].
    value
        Value of covering one hour [currency per hour], as ``Demand.value``.

    Returns
    -------
    tuple of pmokit.capacity.Demand

    Raises
    ------
    ValidationError
        If the selection is not feasible, or a selected candidate is missing from
        ``candidates`` (:class:`~pmokit.errors.UnknownReferenceError`).

    Examples
    --------
    >>> from pmokit.portfolio import select
    >>> cands = [Candidate("A", 10, [6], demands={"dev": [2]}),
    ...          Candidate("B", 9, [5], demands={"dev": [1]}, latest_start=1)]
    >>> s = select(cands, budgets=[10, 10], capacity={"dev": 2})
    >>> [(d.project, d.skill, d.hours.tolist()) for d in capacity_demands(s, cands)]
    [('A', 'dev', [2.0, 0.0]), ('B', 'dev', [0.0, 1.0])]
    """
    from pmokit.capacity import Demand

    if not isinstance(selection, Selection):
        raise ValidationError(f"'selection' must be a Selection (got {selection!r})")
    p = Problems()
    p.check_number(hours_per_unit, "hours_per_unit", minimum=0.0, strict_minimum=True)
    p.check_number(value, "value", minimum=0.0)
    p.raise_if_any()
    if not selection.feasible:
        raise ValidationError(
            f"'selection' must be feasible to give demands (got status {selection.status!r})"
        )
    by = {c.id: c for c in candidates if isinstance(c, Candidate)}
    check_known(list(selection.chosen), set(by), "candidates", "selected candidate")
    n_p = int(selection.budgets.shape[0])
    out = []
    for id_ in selection.chosen:
        start = selection.start_period(id_)
        for skill, d in by[id_].demands:
            hours = np.zeros(n_p)
            hours[start : start + d.size] = d[: max(0, n_p - start)] * hours_per_unit
            out.append(Demand(id_, str(skill), hours, value=value))
    return tuple(out)


@display("moved", "dropped", "added", "value_change", "cost_change")
@attrs.frozen
class ScenarioComparison:
    """Who moves and who drops out between two selections of the same candidates.

    Attributes
    ----------
    moved
        ``(id, start in base, start in other)`` of candidates chosen in both with another
        start period.
    dropped
        Ids chosen in the base, not in the other scenario.
    added
        Ids chosen in the other scenario, not in the base.
    kept
        Ids chosen in both at the same start.
    value_change
        Total value of the other minus the base [value units].
    cost_change
        Total cost of the other minus the base [currency].
    """

    moved: tuple[tuple[Hashable, int, int], ...]
    dropped: tuple[Hashable, ...]
    added: tuple[Hashable, ...]
    kept: tuple[Hashable, ...]
    value_change: float
    cost_change: float

    def to_records(self) -> list[dict[str, Any]]:
        """One record per candidate that moved, dropped out or was added."""
        out: list[dict[str, Any]] = [
            {"id": i, "change": "moved", "base_start": a, "start": b} for i, a, b in self.moved
        ]
        out += [
            {"id": i, "change": "dropped", "base_start": None, "start": None} for i in self.dropped
        ]
        out += [{"id": i, "change": "added", "base_start": None, "start": None} for i in self.added]
        return out


def compare_scenarios(base: Selection, other: Selection) -> ScenarioComparison:
    """Compare two selections (e.g. a budget cut, more people of a skill) candidate by id.

    Parameters
    ----------
    base, other
        Feasible selections of the same candidates (matched by id, in any order).

    Returns
    -------
    ScenarioComparison

    Raises
    ------
    ValidationError
        If either selection is not feasible or their candidate ids differ.

    Examples
    --------
    >>> from pmokit.portfolio import select
    >>> cands = [Candidate("A", 10, [6]),
    ...          Candidate("B", 9, [5], latest_start=1, start_values=[9, 8]),
    ...          Candidate("C", 3, [4], latest_start=1, start_values=[3, 2])]
    >>> base = select(cands, budgets=[15, 15])
    >>> cut = select(cands, budgets=[9, 5])
    >>> d = compare_scenarios(base, cut)
    >>> d.moved, d.dropped, d.value_change
    ((('B', 0, 1),), ('C',), -4.0)
    """
    p = Problems()
    for name, s in (("base", base), ("other", other)):
        if not isinstance(s, Selection):
            raise ValidationError(f"'{name}' must be a Selection (got {type(s).__name__})")
        if not s.feasible:
            p.add(f"'{name}' must be a feasible selection (got status {s.status!r})")
    if set(base.ids) != set(other.ids):
        p.add(
            "'base' and 'other' must select among the same candidates (differing ids: "
            f"{sorted(map(repr, set(base.ids) ^ set(other.ids)))[:10]})"
        )
    p.raise_if_any()
    b_start = {i: base.start_period(i) for i in base.chosen}
    o_start = {i: other.start_period(i) for i in other.chosen}
    both = [i for i in base.chosen if i in o_start]
    return ScenarioComparison(
        moved=tuple((i, b_start[i], o_start[i]) for i in both if b_start[i] != o_start[i]),
        dropped=tuple(i for i in base.chosen if i not in o_start),
        added=tuple(i for i in other.chosen if i not in b_start),
        kept=tuple(i for i in both if b_start[i] == o_start[i]),
        value_change=float(other.total_value - base.total_value),
        cost_change=float(other.total_cost - base.total_cost),
    )
