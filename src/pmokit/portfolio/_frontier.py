"""Efficient frontier: best portfolio value at each total budget, reusing work between points."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from pmokit._results import display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import as_float_array, check_number
from pmokit.errors import ValidationError
from pmokit.portfolio._model import Balance, Candidate, Group, build_model
from pmokit.portfolio._selection import _solve

__all__ = ["Frontier", "efficient_frontier"]



@display(("levels", lambda f: len(f.budgets)), "budgets", "values", "solves")
@attrs.frozen(eq=False)
class Frontier:
    """Value of the best portfolio at each total budget level (ascending).

    Attributes
    ----------
    budgets
        Read-only total budget levels [currency], ascending.
    values
        Read-only best total value per level; never decreases (a selection found for a
        smaller budget is kept when the solver's answer for a larger one is worse, within gap).
    costs
        Read-only total cost of the selection per level [currency].
    status
        Per level: ``"optimal"``, ``"feasible"``, ``"infeasible"`` or ``"reused"`` (the
        selection of the next larger level already fitted, so it is optimal here too).
    chosen
        Selected ids per level.
    entered, left
        Per level: ids that enter / leave compared with the previous level (empty at the first).
    solves
        Number of MILPs solved (at most the number of levels).
    """

    budgets: FloatArray = attrs.field(repr=False)
    values: FloatArray = attrs.field(repr=False)
    costs: FloatArray = attrs.field(repr=False)
    status: tuple[str, ...] = attrs.field(repr=False)
    chosen: tuple[tuple[Hashable, ...], ...] = attrs.field(repr=False)
    entered: tuple[tuple[Hashable, ...], ...] = attrs.field(repr=False)
    left: tuple[tuple[Hashable, ...], ...] = attrs.field(repr=False)
    solves: int

    def to_records(self) -> list[dict[str, Any]]:
        """One record per level: budget, value, cost, status, counts entering and leaving."""
        return [
            {
                "budget": float(b),
                "value": float(v),
                "cost": float(c),
                "status": s,
                "n_chosen": len(ch),
                "entered": ", ".join(map(str, e)),
                "left": ", ".join(map(str, lf)),
            }
            for b, v, c, s, ch, e, lf in zip(
                self.budgets,
                self.values,
                self.costs,
                self.status,
                self.chosen,
                self.entered,
                self.left,
                strict=True,
            )
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def efficient_frontier(
    candidates: Sequence[Candidate],
    budgets: int | Sequence[float] = 20,
    *,
    period_budgets: Any = None,
    capacity: Mapping[Any, Any] | None = None,
    must: Iterable[Hashable] = (),
    must_not: Iterable[Hashable] = (),
    requires: Iterable[tuple[Hashable, Hashable]] = (),
    excludes: Iterable[tuple[Hashable, Hashable]] = (),
    groups: Iterable[Group] = (),
    balance: Iterable[Balance] = (),
    gap: float = 1e-4,
    time_limit: float | None = None,
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
    budgets
        Total budget levels [currency], or a number of levels spread evenly from 0 to the
        cost of all candidates.
    period_budgets
        Optional per-period budgets held fixed at every level (default: none).
    capacity, must, must_not, requires, excludes, groups, balance
        Rules as in :func:`select`, held fixed.
    gap, time_limit
        Per solve, as in :func:`select`.

    Returns
    -------
    Frontier

    Raises
    ------
    ValidationError
        On bad levels or bad input (see :func:`build_model`).

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
    cands = list(candidates)
    n_p = cands[0].costs.shape[0] if cands and isinstance(cands[0], Candidate) else 1
    pb = np.full(n_p, np.inf) if period_budgets is None else period_budgets
    model = build_model(
        cands,
        budgets=pb,
        total_budget=None,
        capacity=capacity,
        must=must,
        must_not=must_not,
        requires=requires,
        excludes=excludes,
        groups=groups,
        balance=balance,
    )
    if isinstance(budgets, int) and not isinstance(budgets, bool):
        if budgets < 1:
            raise ValidationError(f"'budgets' as a number of levels must be >= 1 (got {budgets})")
        levels = np.linspace(0.0, float(model.total_cost.sum()), budgets)
    else:
        levels = np.sort(as_float_array(budgets, "budgets", minimum=0.0))
        if levels.size == 0:
            raise ValidationError("'budgets' must hold at least one level (got none)")
    k = levels.size
    n = len(model.ids)
    c = -np.asarray(model.value)
    xs = np.zeros((k, n))
    status = ["infeasible"] * k
    solves = 0
    row_upper = np.array(model.row_upper)
    tot = model.total_cost
    prev: FloatArray | None = None
    for i in range(k - 1, -1, -1):
        if prev is not None and float(tot @ prev) <= levels[i] + 1e-9:
            xs[i] = prev
            status[i] = "reused"
            continue
        row_upper[0] = levels[i]
        st, x, _ = _solve(model, c, row_upper, gap=gap, time_limit=time_limit)
        solves += 1
        if x is not None and st in (0, 1):
            xs[i] = x
            status[i] = "optimal" if st == 0 else "feasible"
            prev = x
        else:
            prev = None
            # infeasible here means infeasible at every smaller level too
            break
    vals = xs @ model.value
    for i in range(1, k):
        if status[i] != "infeasible" and status[i - 1] != "infeasible" and vals[i] < vals[i - 1]:
            xs[i] = xs[i - 1]
            vals[i] = vals[i - 1]
    sel = xs > 0.5
    chosen = tuple(tuple(model.ids[j] for j in np.nonzero(row)[0].tolist()) for row in sel)
    entered: list[tuple[Hashable, ...]] = [()]
    left: list[tuple[Hashable, ...]] = [()]
    for i in range(1, k):
        entered.append(tuple(model.ids[j] for j in np.nonzero(sel[i] & ~sel[i - 1])[0].tolist()))
        left.append(tuple(model.ids[j] for j in np.nonzero(~sel[i] & sel[i - 1])[0].tolist()))
    costs = xs @ tot
    for a in (levels, vals, costs):
        a.setflags(write=False)
    return Frontier(levels, vals, costs, tuple(status), chosen, tuple(entered), tuple(left), solves)
