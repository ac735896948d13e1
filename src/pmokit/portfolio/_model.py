"""Selection model: candidates and rules compiled once into a sparse MILP (``scipy.sparse``)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from pmokit._results import PicklesReadOnly, _rebuild_frozen
from pmokit._tables import Table
from pmokit._typing import FloatArray, IntArray
from pmokit._validation import (
    Problems,
    _fmt,
    as_float_array,
    check_id,
    check_ids,
    check_known,
    number_kind_problem,
)
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio._frozen import ValueEq

__all__ = ["Balance", "Candidate", "Group", "PortfolioModel", "build_model"]

PerPeriod: TypeAlias = "float | Sequence[float] | FloatArray"
"""An amount per period [currency or FTE]: a scalar (one period, or the same every period
where the periods are known) or one number per period."""
Capacity: TypeAlias = "Mapping[Any, float | Sequence[float] | FloatArray]"
"""``{skill: capacity per period}`` [FTE or hours]."""
Demands: TypeAlias = "Mapping[Any, float | Sequence[float] | FloatArray]"
"""``{skill: demand per period}`` [FTE or hours]."""


def _numbers(value: Any, name: str) -> FloatArray:
    """A read-only 1-d float copy; complex, datetime64, bool, str and None refused by name."""
    problem = number_kind_problem(value, name)
    if problem is not None:
        raise ValidationError(problem)
    try:
        a = np.atleast_1d(np.array(value, dtype=np.float64))
    except (TypeError, ValueError):
        raise ValidationError(f"'{name}' must be numbers per period (got {_fmt(value)})") from None
    a.setflags(write=False)
    return a


def _to_demands(
    value: Demands | tuple[tuple[Hashable, FloatArray], ...],
) -> tuple[tuple[Hashable, FloatArray], ...]:
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        items: Iterable[tuple[Hashable, Any]] = value
    elif isinstance(value, Mapping):
        items = value.items()
    else:
        raise ValidationError(
            "'demands' must be a mapping of skill -> demand per period "
            f"(got {type(value).__name__})"
        )
    out = []
    bad = []
    for skill, arr in items:
        problem = check_id(skill, "skill of a demand")
        if problem is not None:
            bad.append(problem)
            continue
        out.append((skill, _numbers(arr, f"demand for {skill!r}")))
    if bad:
        raise ValidationError(bad)
    check_ids((k for k, _ in out), "skills of 'demands'")
    return tuple(out)


def _to_start_values(value: Any) -> FloatArray:
    return _numbers(value, "start_values")


def _check_int(p: Problems, value: Any, name: str) -> bool:
    """Add a problem unless ``value`` is an int >= 0 (bools refused); True when fine."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        p.add(f"{name} must be an int >= 0 [period] (got {_fmt(value)})")
        return False
    if value < 0:
        p.add(f"{name} must be >= 0 [period] (got {value})")
        return False
    return True


def _as_tuple(items: Iterable[Hashable]) -> tuple[Hashable, ...]:
    return tuple(items)


def _to_costs(value: PerPeriod) -> FloatArray:
    return _numbers(value, "costs")


def _candidate_from_pickle(
    id_: Hashable,
    value: float,
    packed: FloatArray,
    periods: int,
    category: Hashable | None,
    skills: tuple[Hashable, ...],
    earliest_start: int,
    latest_start: int | None,
    discount_rate: float,
    has_start_values: bool,
) -> Candidate:
    """A :class:`Candidate` from its compact pickle (see ``Candidate.__reduce__``)."""
    packed.setflags(write=False)
    end = periods * (1 + len(skills))
    demands = tuple(
        (skill, packed[periods * (k + 1) : periods * (k + 2)]) for k, skill in enumerate(skills)
    )
    out = object.__new__(Candidate)
    for name, field in (
        ("id", id_), ("value", value), ("costs", packed[:periods]), ("category", category),
        ("demands", demands), ("earliest_start", earliest_start),
        ("latest_start", latest_start), ("discount_rate", discount_rate),
        ("start_values", packed[end:] if has_start_values else None),
    ):
        object.__setattr__(out, name, field)
    return out


@attrs.frozen(eq=False)
class Candidate(PicklesReadOnly, ValueEq):
    """A project proposal that can be selected.

    Attributes
    ----------
    id
        Unique id.
    value
        Value of selecting it (score, NPV...) [any unit, summed]; may be negative.
    costs
        Read-only cost per period [currency]; a scalar means one period.
    category
        Optional category used by :class:`Balance` rules (programme, theme, risk class...).
    demands
        ``{skill: demand per period}`` [FTE or hours], stored as a tuple of
        ``(skill, read-only array)`` pairs.
    earliest_start
        First period it may start in [periods from the first budget period], >= 0.
    latest_start
        Last period it may start in (None: ``earliest_start``, no delay). When any candidate
        has ``latest_start > earliest_start`` or ``earliest_start > 0``, :func:`select`
        chooses the start periods too (phased selection); ``costs`` and ``demands`` then
        count periods from the candidate's own start and may be shorter than the horizon.
    discount_rate
        Worth lost per period of delay, >= 0: started ``d`` periods after
        ``earliest_start`` it is worth ``value / (1 + discount_rate) ** d``.
    start_values
        Value for each start period ``earliest_start .. latest_start`` (read-only; None:
        from ``value`` and ``discount_rate``); overrides both.

    Raises
    ------
    ValidationError
        On a non-finite value, negative or non-finite costs or demands, a demand whose
        length differs from the costs', a latest start before the earliest, a negative
        discount rate or start values not one per start period; each names the candidate.

    Examples
    --------
    >>> c = Candidate("P1", 120.0, [50, 30], category="growth", demands={"dev": [2, 1]})
    >>> c.costs.tolist(), c.total_cost
    ([50.0, 30.0], 80.0)
    """

    id: Hashable
    value: float
    costs: FloatArray = attrs.field(converter=_to_costs, repr=False)  # given as PerPeriod
    category: Hashable | None = attrs.field(default=None, kw_only=True)
    demands: tuple[tuple[Hashable, FloatArray], ...] = attrs.field(
        default=(), converter=_to_demands, kw_only=True, repr=False
    )
    earliest_start: int = attrs.field(default=0, kw_only=True)
    latest_start: int | None = attrs.field(default=None, kw_only=True)
    discount_rate: float = attrs.field(default=0.0, kw_only=True)
    start_values: FloatArray | None = attrs.field(
        default=None, converter=attrs.converters.optional(_to_start_values), kw_only=True,
        repr=False
    )

    def __attrs_post_init__(self) -> None:
        p = Problems()
        id_problem = check_id(self.id, "id of a candidate")
        if id_problem is not None:
            p.add(id_problem)
        if self.category is not None and (
            cat_problem := check_id(self.category, f"category of candidate {self.id!r}")
        ):
            p.add(cat_problem)
        p.check_number(self.value, f"value of candidate {self.id!r}")
        c = self.costs
        if c.ndim != 1:
            p.add(f"'costs' of candidate {self.id!r} must be 1-dimensional (got shape {c.shape})")
        elif not np.all(np.isfinite(c)) or np.any(c < 0):
            p.add(f"'costs' of candidate {self.id!r} must be finite and >= 0 (got {c.tolist()!r})")
        for skill, d in self.demands:
            if d.ndim != 1 or d.shape[0] != c.shape[0]:
                p.add(
                    f"demand for {skill!r} of candidate {self.id!r} must have one entry per "
                    f"period ({c.shape[0]}) (got shape {d.shape})"
                )
            elif not np.all(np.isfinite(d)) or np.any(d < 0):
                p.add(
                    f"demand for {skill!r} of candidate {self.id!r} must be finite and >= 0 "
                    f"(got {d.tolist()!r})"
                )
        p.check_number(self.discount_rate, f"discount_rate of candidate {self.id!r}", minimum=0.0)
        start_ok = _check_int(p, self.earliest_start, f"earliest_start of candidate {self.id!r}")
        if self.latest_start is not None:
            late_ok = _check_int(p, self.latest_start, f"latest_start of candidate {self.id!r}")
            if start_ok and late_ok and self.latest_start < self.earliest_start:
                p.add(
                    f"latest_start of candidate {self.id!r} must be >= its earliest_start "
                    f"{self.earliest_start} (got {self.latest_start})"
                )
                start_ok = False
        if start_ok and self.start_values is not None and not p:
            sv = self.start_values
            width = self.window + 1
            if sv.ndim != 1 or sv.shape[0] != width:
                p.add(
                    f"'start_values' of candidate {self.id!r} must have one value per start "
                    f"period {self.earliest_start}..{self.earliest_start + width - 1} ({width}) "
                    f"(got shape {sv.shape})"
                )
            elif not np.all(np.isfinite(sv)):
                p.add(
                    f"'start_values' of candidate {self.id!r} must be finite "
                    f"(got {sv.tolist()!r})"
                )
        p.raise_if_any()
        object.__setattr__(self, "value", float(self.value))
        object.__setattr__(self, "discount_rate", float(self.discount_rate))
        object.__setattr__(self, "earliest_start", int(self.earliest_start))
        if self.latest_start is not None:
            object.__setattr__(self, "latest_start", int(self.latest_start))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle compactly: costs, demands and start values travel as one float array
        (one numpy array per candidate, not one per skill), the other fields as a tuple;
        unpickled without re-validation, arrays read-only."""
        arrays = [self.costs, *(d for _, d in self.demands)]
        if self.start_values is not None:
            arrays.append(self.start_values)
        packed = np.concatenate(arrays) if len(arrays) > 1 else self.costs
        return (
            _candidate_from_pickle,
            (self.id, self.value, packed, self.costs.shape[0], self.category,
             tuple(skill for skill, _ in self.demands), self.earliest_start,
             self.latest_start, self.discount_rate, self.start_values is not None),
        )

    @property
    def last_start(self) -> int:
        """The latest start period (``latest_start``, or ``earliest_start`` when None)."""
        return self.earliest_start if self.latest_start is None else self.latest_start

    @property
    def window(self) -> int:
        """Width of the start window [periods]: ``last_start - earliest_start`` (0: fixed)."""
        return self.last_start - self.earliest_start

    @property
    def phased(self) -> bool:
        """True when its start is to be chosen or shifted (window > 0 or start > 0)."""
        return self.window > 0 or self.earliest_start > 0

    def start_value(self, start: int) -> float:
        """Its value when started in period ``start`` (``earliest_start .. last_start``)."""
        if not self.earliest_start <= start <= self.last_start:
            raise ValidationError(
                f"start of candidate {self.id!r} must be in {self.earliest_start}.."
                f"{self.last_start} (got {start!r})"
            )
        if self.start_values is not None:
            return float(self.start_values[start - self.earliest_start])
        return self.value / (1.0 + self.discount_rate) ** (start - self.earliest_start)

    @classmethod
    def from_frame(
        cls,
        candidates: Table,
        demands: Table | None = None,
        *,
        id: str = "id",
        value: str = "value",
        costs: str | Sequence[str] = "cost",
        category: str = "category",
        skill: str = "skill",
        earliest_start: str = "earliest_start",
        latest_start: str = "latest_start",
        discount_rate: str = "discount_rate",
    ) -> tuple[Candidate, ...]:
        """Candidates from a table, one per row; skill demands from a second table.

        Parameters
        ----------
        candidates
            A pandas DataFrame, a mapping of column name to values, or a list of dicts.
            Required columns ``id``, ``value`` and the costs; optional ``category``,
            ``earliest_start``, ``latest_start`` [periods] and ``discount_rate``. Each
            keyword renames its column.
        demands
            Optional table of skill demand: one row per (candidate, skill) with the
            candidate's ``id`` and the ``skill``, and one column per period (the period
            columns of ``costs``, by label, when ``costs`` lists them) [FTE or hours].
        costs
            The column of costs: a number (one period) or a list per period; or the list
            of the period columns, in order, each holding that period's cost [currency]
            (a blank cell costs nothing).

        Returns
        -------
        tuple of Candidate
            In row order.

        Raises
        ------
        ValidationError
            Naming the row and column: a missing required column, a value or cost that
            is not a number, a negative cost, and every field a :class:`Candidate`
            refuses.
        UnknownReferenceError
            A demand row naming no candidate (all listed).
        DuplicateError
            An id (or a candidate's skill) given twice, with both rows.

        See Also
        --------
        rules_from_frame : ``must``, ``requires``, ``excludes`` and group columns.

        Examples
        --------
        >>> rows = [{"id": 1, "value": 10, "q1": 5, "q2": 0},
        ...         {"id": 2, "value": 7, "q1": 1, "q2": 2, "category": "growth"}]
        >>> need = [{"id": 2, "skill": "dev", "q1": 1, "q2": 1}]
        >>> c1, c2 = Candidate.from_frame(rows, need, costs=["q1", "q2"])
        >>> c2.costs.tolist(), c2.category, c2.demands[0][1].tolist()
        ([1.0, 2.0], 'growth', [1.0, 1.0])
        """
        from pmokit.portfolio._frames import candidates_from_frame

        return candidates_from_frame(
            candidates, demands, id=id, value=value, costs=costs, category=category,
            skill=skill, earliest_start=earliest_start, latest_start=latest_start,
            discount_rate=discount_rate,
        )

    @classmethod
    def from_records(
        cls,
        candidates: Iterable[Mapping[str, Any]],
        demands: Iterable[Mapping[str, Any]] | None = None,
        **columns: Any,
    ) -> tuple[Candidate, ...]:
        """Candidates from records (dicts); the same columns as :meth:`from_frame`.

        Examples
        --------
        >>> Candidate.from_records([{"id": "crm", "value": 3, "cost": 2}])[0].total_cost
        2.0
        """
        from pmokit._tables import refuse_columns_of_records
        from pmokit.portfolio._frames import candidates_from_frame

        refuse_columns_of_records(candidates, "candidates")
        return candidates_from_frame(
            list(candidates), None if demands is None else list(demands), **columns)

    @staticmethod
    def rules_from_frame(
        candidates: Table,
        *,
        id: str = "id",
        must: str = "must",
        must_not: str = "must_not",
        requires: str = "requires",
        excludes: str = "excludes",
        group: str = "group",
    ) -> dict[str, Any]:
        """Selection rules from columns of a candidate table, as keywords of ``select``.

        Columns (each optional, each renamable): ``must`` and ``must_not`` (True or
        False), ``requires`` and ``excludes`` (other candidates' ids, matched by their
        text: ``"3, 5"`` or a list), ``group`` (candidates sharing a group label are
        mutually exclusive: at most one is selected).

        Returns
        -------
        dict
            ``must``, ``must_not``, ``requires``, ``excludes`` (pairs) and ``groups``
            (:class:`Group` objects), to pass as ``select(cands, ..., **rules)``.

        Raises
        ------
        UnknownReferenceError
            A rule naming no candidate, with row and column (all listed).
        ValidationError
            A ``must`` cell that is not a bool, a missing ``id`` column.

        Examples
        --------
        >>> rows = [{"id": 1, "requires": "2"}, {"id": 2, "group": "crm"},
        ...         {"id": 3, "group": "crm", "must_not": True}]
        >>> r = Candidate.rules_from_frame(rows)
        >>> r["requires"], r["must_not"], r["groups"][0].ids
        ([(1, 2)], [3], (2, 3))
        """
        from pmokit.portfolio._frames import rules_from_frame

        return rules_from_frame(candidates, id=id, must=must, must_not=must_not,
                                requires=requires, excludes=excludes, group=group)

    @property
    def total_cost(self) -> float:
        """Cost over all periods [currency]."""
        return float(self.costs.sum())


@attrs.frozen
class Group:
    """Choose between ``min`` and ``max`` of the listed candidates (mutual-exclusion groups).

    Attributes
    ----------
    name
        Name used in slack, rejection and diagnosis reports.
    ids
        The candidates of the group.
    min
        At least this many selected, an integer >= 0.
    max
        At most this many, an integer >= 0 (None: no upper limit).

    Raises
    ------
    ValidationError
        Naming the group for bad or duplicate ids, a ``min`` or ``max`` that is not an
        integer >= 0 (2.5 candidates cannot be chosen), or ``max < min``.

    Examples
    --------
    >>> Group("one CRM", ("crm_a", "crm_b"), max=1).max
    1
    """

    name: str
    ids: tuple[Hashable, ...] = attrs.field(converter=_as_tuple)
    min: int = attrs.field(default=0, kw_only=True)
    max: int | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        check_ids(self.ids, f"ids of group {self.name!r}")
        p.check_number(self.min, f"min of group {self.name!r}", minimum=0, integer=True)
        if self.max is not None:
            p.check_number(self.max, f"max of group {self.name!r}", minimum=0, integer=True)
            if not p and self.max < self.min:
                p.add(f"max of group {self.name!r} must be >= its min {self.min} (got {self.max})")
        p.raise_if_any()


@attrs.frozen
class Balance:
    """Keep a category's share of the selected portfolio within bounds.

    The share is measured in ``"cost"`` (total cost), ``"value"`` or ``"count"`` of selected
    candidates: ``min_share * total <= category part <= max_share * total``.

    Attributes
    ----------
    category
        The category (``Candidate.category``).
    min_share, max_share
        Bounds on the share, in [0, 1]; None for no bound.
    measure
        ``"cost"``, ``"value"`` or ``"count"``.
    name
        Name in reports; default ``"balance <category>"``.

    Examples
    --------
    >>> Balance("innovation", min_share=0.2).name
    'balance innovation'
    """

    category: Hashable
    min_share: float | None = attrs.field(default=None, kw_only=True)
    max_share: float | None = attrs.field(default=None, kw_only=True)
    measure: Literal["cost", "value", "count"] = attrs.field(default="cost", kw_only=True)
    name: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        cat_problem = check_id(self.category, "category of a balance rule")
        if cat_problem is not None:
            raise ValidationError(cat_problem)
        if not self.name:
            object.__setattr__(self, "name", f"balance {self.category}")
        p = Problems()
        for label, v in (("min_share", self.min_share), ("max_share", self.max_share)):
            if v is not None:
                p.check_number(v, f"{label} of {self.name!r}", minimum=0.0, maximum=1.0)
        if self.min_share is None and self.max_share is None:
            p.add(f"{self.name!r} must set min_share or max_share (got neither)")
        if self.measure not in ("cost", "value", "count"):
            p.add(
                f"'measure' of {self.name!r} must be 'cost', 'value' or 'count' "
                f"(got {self.measure!r})"
            )
        p.raise_if_any()


@attrs.frozen(eq=False)
class PortfolioModel(PicklesReadOnly, ValueEq):
    """A selection problem compiled to arrays: ``max value @ x``, ``row_lower <= A x <= row_upper``.

    Built once by :func:`build_model` and reused by :func:`select` and
    :func:`efficient_frontier`. Row 0 is the total budget over all periods.

    Attributes
    ----------
    ids
        Candidate ids (column order).
    value
        Read-only value per candidate.
    costs
        Read-only ``(candidates, periods)`` costs.
    budgets
        Read-only budget per period.
    categories
        Category per candidate.
    skills
        Skills with a capacity (the capacity rows).
    demand
        Read-only sparse ``(skills * periods, candidates)`` demand, row ``s * periods + t``.
    capacity
        Read-only ``(skills, periods)`` capacity.
    A
        Sparse CSR constraint matrix ``(rows, candidates)``.
    row_lower, row_upper
        Read-only row bounds (``-inf`` / ``inf`` where open).
    row_names
        Name of each row (a rule), used in reports.
    row_kind
        Kind of each row: ``"total_budget"``, ``"budget"``, ``"capacity"``, ``"requires"``,
        ``"excludes"``, ``"group"``, ``"balance"``.
    lower, upper
        Read-only variable bounds: ``lower = 1`` for ``must``, ``upper = 0`` for ``must_not``.
    must, must_not
        Indices of forced-in and forced-out candidates.
    """

    ids: tuple[Hashable, ...]
    value: FloatArray = attrs.field(repr=False)
    costs: FloatArray = attrs.field(repr=False)
    budgets: FloatArray = attrs.field(repr=False)
    categories: tuple[Hashable | None, ...] = attrs.field(repr=False)
    skills: tuple[Hashable, ...]
    demand: Any = attrs.field(repr=False)
    capacity: FloatArray = attrs.field(repr=False)
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
        state = {a.name: getattr(self, a.name) for a in attrs.fields(PortfolioModel)}
        return (_rebuild_model, (state,))

    @property
    def n_periods(self) -> int:
        """Number of budget periods."""
        return int(self.budgets.shape[0])

    def column_label(self, j: int) -> Hashable:
        """The candidate id of column ``j`` (one column per candidate)."""
        return self.ids[j]

    @property
    def total_cost(self) -> FloatArray:
        """Cost over all periods per candidate [currency]."""
        return self.costs.sum(axis=1)  # type: ignore[no-any-return]


def _freeze_sparse(matrix: Any) -> Any:
    """Make a scipy sparse array's entries read-only (canonical format first)."""
    matrix.sum_duplicates()
    for part in ("data", "indices", "indptr"):
        getattr(matrix, part).setflags(write=False)
    return matrix


def _rebuild_model(state: dict[str, Any]) -> PortfolioModel:
    model: PortfolioModel = _rebuild_frozen(PortfolioModel, state)
    _freeze_sparse(model.A)
    _freeze_sparse(model.demand)
    return model


def _pairs(
    rules: Iterable[Any],
    what: str,
    index: Mapping[Hashable, int],
    p: Problems,
    unknown: list[Hashable],
) -> IntArray:
    out: list[tuple[int, int]] = []
    for k, pair in enumerate(rules):
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            p.add(f"{what} rule {k} must be a pair (a, b) (got {_fmt(pair)})")
            continue
        a, b = pair
        bad = [x for x in (a, b) if x not in index]
        if bad:
            unknown.extend(bad)
            p.add(f"{what} rule ({a!r}, {b!r}) names unknown candidates {bad!r}")
            continue
        if a == b:
            p.add(f"{what} rule ({a!r}, {b!r}) must name two different candidates")
            continue
        out.append((index[a], index[b]))
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def _ids(
    rules: Iterable[Hashable],
    what: str,
    index: Mapping[Hashable, int],
    p: Problems,
    unknown: list[Hashable],
) -> IntArray:
    rules = list(rules)
    bad = [x for x in rules if x not in index]
    if bad:
        unknown.extend(bad)
        p.add(f"'{what}' names unknown candidates {bad!r}")
    repeated = [x for x in dict.fromkeys(rules) if rules.count(x) > 1]
    if repeated:
        p.add(f"'{what}' names candidates more than once: {repeated!r}")
    return np.array([index[x] for x in rules if x in index], dtype=np.int64)


def _periodic(value: Any, name: str, periods: int) -> FloatArray:
    a = as_float_array(
        np.atleast_1d(np.asarray(value, dtype=object)).tolist(), name, minimum=0.0, allow_inf=True
    )
    if a.shape[0] == 1 and periods > 1:
        a = np.full(periods, a[0])
    if a.shape[0] != periods:
        raise ValidationError(
            f"'{name}' must have one entry per period ({periods}) (got {a.shape[0]})"
        )
    return a


def build_model(
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
) -> PortfolioModel:
    """Validate candidates and rules and compile them into a sparse :class:`PortfolioModel`.

    Parameters
    ----------
    candidates
        The proposals; ids unique; every ``costs`` (and demand) has one entry per period.
    budgets
        Budget per period [currency] (a scalar for one period); ``inf`` for no limit.
    total_budget
        Optional limit on the cost over all periods [currency], >= 0 (None or ``inf``
        for no limit).
    capacity
        ``{skill: capacity per period}`` (scalar: the same every period), >= 0 (``inf`` for
        no limit in a period); demands for skills not listed are unconstrained.
    must, must_not
        Ids forced in / out. Naming an id in both is not an error: the selection reports
        it as infeasible with both rules in the diagnosis.
    requires
        Pairs ``(a, b)``: ``a`` may be selected only if ``b`` is (dependency).
    excludes
        Pairs ``(a, b)``: not both (mutual exclusion).
    groups
        :class:`Group` rules (choose min..max of a set).
    balance
        :class:`Balance` rules (category shares).

    Returns
    -------
    PortfolioModel

    Raises
    ------
    ValidationError
        Listing together every bad item: wrong lengths, negative budgets, unknown ids in rules
        (:class:`~pmokit.errors.UnknownReferenceError`), duplicate ids
        (:class:`~pmokit.errors.DuplicateError`), a rule pairing a candidate with itself.
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
    lengths = np.fromiter((c.costs.shape[0] for c in cands), dtype=np.int64, count=len(cands))
    for k in np.nonzero(lengths != n_p)[0][:20]:
        p.add(
            f"'costs' of candidate {ids[k]!r} must have one entry per budget period ({n_p}) "
            f"(got {int(lengths[k])})"
        )
    if total_budget is not None:
        p.check_number(total_budget, "total_budget", minimum=0.0, finite=False)
    p.raise_if_any()
    n = len(cands)
    costs = (
        np.concatenate([c.costs for c in cands]).reshape(n, n_p) if n_p > 0 else np.zeros((n, 0))
    )
    value = np.fromiter((c.value for c in cands), dtype=np.float64, count=n)
    cats = tuple(c.category for c in cands)

    skills, cap, d_skill, d_cand, d_data = _capacity_and_demands(capacity, cands, n_p, p)
    unknown: list[Hashable] = []
    must_i = _ids(must, "must", index, p, unknown)
    mustnot_i = _ids(must_not, "must_not", index, p, unknown)
    req = _pairs(requires, "requires", index, p, unknown)
    exc_ = _pairs(excludes, "excludes", index, p, unknown)
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
    r0 = 0
    tot = costs.sum(axis=1)
    colsn = np.arange(n, dtype=np.int64)
    # total budget
    rows.append(np.zeros(n, dtype=np.int64))
    cols.append(colsn)
    data.append(tot)
    lo.append(np.array([-np.inf]))
    hi.append(np.array([np.inf if total_budget is None else float(total_budget)]))
    names.append("total budget")
    kinds.append("total_budget")
    r0 = 1
    # budgets per period
    nz_r, nz_c = np.nonzero(costs.T)
    rows.append(nz_r.astype(np.int64) + r0)
    cols.append(nz_c.astype(np.int64))
    data.append(costs.T[nz_r, nz_c])
    lo.append(np.full(n_p, -np.inf))
    hi.append(bud)
    names.extend(f"budget period {t}" for t in range(n_p))
    kinds.extend(["budget"] * n_p)
    r0 += n_p
    # capacity per skill and period
    n_cap = len(skills) * n_p
    if d_data:
        base = np.arange(n_p, dtype=np.int64)
        dr = (np.array(d_skill, dtype=np.int64)[:, None] * n_p + base).ravel()
        dc = np.repeat(np.array(d_cand, dtype=np.int64), n_p)
        dd = np.concatenate(d_data)
        keep = dd != 0
        dr, dc, dd = dr[keep], dc[keep], dd[keep]
    else:
        dr = np.zeros(0, dtype=np.int64)
        dc = np.zeros(0, dtype=np.int64)
        dd = np.zeros(0)
    demand = sp.csr_array((dd, (dr, dc)), shape=(n_cap, n))
    rows.append(dr + r0)
    cols.append(dc)
    data.append(dd)
    lo.append(np.full(n_cap, -np.inf))
    hi.append(cap.reshape(-1))
    names.extend(f"capacity {s} period {t}" for s in skills for t in range(n_p))
    kinds.extend(["capacity"] * n_cap)
    r0 += n_cap
    # requires: x_a - x_b <= 0
    m = req.shape[0]
    rr = np.arange(m, dtype=np.int64) + r0
    rows.append(np.concatenate([rr, rr]))
    cols.append(np.concatenate([req[:, 0], req[:, 1]]))
    data.append(np.concatenate([np.ones(m), -np.ones(m)]))
    lo.append(np.full(m, -np.inf))
    hi.append(np.zeros(m))
    names.extend(f"requires {ids[a]} -> {ids[b]}" for a, b in req.tolist())
    kinds.extend(["requires"] * m)
    r0 += m
    # excludes: x_a + x_b <= 1
    m = exc_.shape[0]
    rr = np.arange(m, dtype=np.int64) + r0
    rows.append(np.concatenate([rr, rr]))
    cols.append(np.concatenate([exc_[:, 0], exc_[:, 1]]))
    data.append(np.ones(2 * m))
    lo.append(np.full(m, -np.inf))
    hi.append(np.ones(m))
    names.extend(f"excludes {ids[a]} / {ids[b]}" for a, b in exc_.tolist())
    kinds.extend(["excludes"] * m)
    r0 += m
    # groups
    for g in grp:
        gi = np.array(sorted({index[x] for x in g.ids}), dtype=np.int64)
        rows.append(np.full(gi.size, r0, dtype=np.int64))
        cols.append(gi)
        data.append(np.ones(gi.size))
        lo.append(np.array([float(g.min)]))
        hi.append(np.array([np.inf if g.max is None else float(g.max)]))
        names.append(f"group {g.name}")
        kinds.append("group")
        r0 += 1
    # balance: sum (1[cat] - share) m_i x_i >= 0 (min) / <= 0 (max)
    for b in bal:
        in_cat = np.fromiter((c == b.category for c in cats), dtype=bool, count=n)
        meas = tot if b.measure == "cost" else value if b.measure == "value" else np.ones(n)
        for share, is_min in ((b.min_share, True), (b.max_share, False)):
            if share is None:
                continue
            coef = (in_cat.astype(np.float64) - float(share)) * meas
            nzc = np.nonzero(coef)[0]
            rows.append(np.full(nzc.size, r0, dtype=np.int64))
            cols.append(nzc.astype(np.int64))
            data.append(coef[nzc])
            lo.append(np.array([0.0 if is_min else -np.inf]))
            hi.append(np.array([np.inf if is_min else 0.0]))
            names.append(f"{b.name} {'>=' if is_min else '<='} {share:g}")
            kinds.append("balance")
            r0 += 1
    A = sp.csr_array(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(r0, n)
    )
    lower = np.zeros(n)
    upper = np.ones(n)
    lower[must_i] = 1.0
    upper[mustnot_i] = 0.0
    row_lower = np.concatenate(lo)
    row_upper = np.concatenate(hi)
    frozen: list[npt.NDArray[Any]] = [
        value,
        costs,
        bud,
        cap,
        row_lower,
        row_upper,
        lower,
        upper,
        must_i,
        mustnot_i,
    ]
    for arr in frozen:
        arr.setflags(write=False)
    _freeze_sparse(A)
    _freeze_sparse(demand)
    return PortfolioModel(
        ids=ids,
        value=value,
        costs=costs,
        budgets=bud,
        categories=cats,
        skills=skills,
        demand=demand,
        capacity=cap,
        A=A,
        row_lower=row_lower,
        row_upper=row_upper,
        row_names=tuple(names),
        row_kind=tuple(kinds),
        lower=lower,
        upper=upper,
        must=must_i,
        must_not=mustnot_i,
    )


def _capacity_and_demands(
    capacity: Any, cands: Sequence[Candidate], n_p: int, p: Problems
) -> tuple[tuple[Hashable, ...], FloatArray, list[int], list[int], list[FloatArray]]:
    """Validate ``capacity`` and list each capped demand as (skill, candidate, array).

    Shared by the plain and the phased model; capacity problems are added to ``p``.
    """
    if capacity is not None and not isinstance(capacity, Mapping):
        raise ValidationError(
            "'capacity' must be a mapping {skill: capacity per period} "
            f"(got {_fmt(capacity)} that is a {type(capacity).__name__})"
        )
    cap_items = list((capacity or {}).items())
    demanded = {s for c in cands for s, _ in c.demands}
    for s, _ in cap_items:
        id_problem = check_id(s, "skill of 'capacity'")
        if id_problem is not None:
            p.add(id_problem)
    p.raise_if_any()
    check_known([s for s, _ in cap_items], demanded, "capacity", "skill (no candidate demands it)")
    skills = tuple(s for s, _ in cap_items)
    skill_index = {s: i for i, s in enumerate(skills)}
    cap = np.zeros((len(skills), n_p))
    for i, (s, v) in enumerate(cap_items):
        try:
            cap[i] = _periodic(v, f"capacity of {s!r}", n_p)
        except ValidationError as exc:
            p.extend(exc.problems)
    # one append of (skill, candidate, array) per demand; index arrays are built vectorised
    d_skill: list[int] = []
    d_cand: list[int] = []
    d_data: list[FloatArray] = []
    get_skill = skill_index.get
    for j, c in enumerate(cands):
        for s, arr in c.demands:
            si = get_skill(s)
            if si is not None:
                d_skill.append(si)
                d_cand.append(j)
                d_data.append(arr)
    return skills, cap, d_skill, d_cand, d_data
