"""Monitoring inputs from tables: PV/EV/AC tables wide by period and risk registers.

:class:`EarnedValueTables` reads the three earned-value tables (rows are projects by
label, columns are periods; NaN means "not yet reported") and is what
:func:`~pmokit.monitoring.portfolio_earned_value` uses when given DataFrames;
:meth:`Risk.from_frame` reads a risk register. Tables are read by :mod:`pmokit._tables`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from pmokit._results import SAME_VALUES, PicklesReadOnly, display, readonly
from pmokit._tables import (
    ReadTable,
    Table,
    as_id,
    missing,
    raise_all,
    read_date,
    read_ids,
    read_number,
    read_text,
    refuse_columns_of_records,
)
from pmokit._typing import FloatArray
from pmokit._validation import Problems
from pmokit.errors import UnknownReferenceError, ValidationError

__all__ = ["EarnedValueTables", "risks_from_frame"]

_SERIES = ("planned", "earned", "actual")


def _rows(data: Table, what: str, project: str, problems: Problems) -> tuple[
    ReadTable, list[Any], str
]:
    table = ReadTable(data, what)
    raw, name = table.row_labels(project, problems)
    problems.raise_if_any()
    if raw is None:  # pragma: no cover - reported above
        raise ValidationError(f"'{what}' has no project column")
    ids, dup_msgs, dups = read_ids(table, raw, name, problems)
    raise_all(problems, dup_msgs, dups)
    return table, ids, name


@display("projects", "periods", "status_period")
@attrs.frozen
class EarnedValueTables(PicklesReadOnly):
    """Planned value, earned value and actual cost of several projects, read from tables.

    Build it with :meth:`from_frame`; :func:`~pmokit.monitoring.portfolio_earned_value`
    also accepts the three tables directly and reads them through it.

    Attributes
    ----------
    projects
        Project labels, in the row order of the planned table.
    periods
        Period labels (column labels), in order.
    planned
        Planned value of each project over its planned periods (trailing blank periods
        dropped: a plan that ends earlier) [currency].
    earned, actual
        Earned value and actual cost per project (rows) and reported period [currency].
    status_period
        The last reported period: the last column holding any earned value or actual cost.
    """

    projects: tuple[Hashable, ...]
    periods: tuple[Hashable, ...]
    planned: tuple[FloatArray, ...] = attrs.field(eq=SAME_VALUES, hash=False)
    earned: FloatArray = attrs.field(eq=SAME_VALUES, hash=False)
    actual: FloatArray = attrs.field(eq=SAME_VALUES, hash=False)
    status_period: Hashable

    @classmethod
    def from_frame(
        cls,
        planned: Table,
        earned: Table,
        actual: Table,
        *,
        project: str = "project",
        periods: Sequence[Any] | None = None,
    ) -> EarnedValueTables:
        """Read PV, EV and AC tables wide by period, matching projects and periods by label.

        Parameters
        ----------
        planned, earned, actual
            A pandas DataFrame, a mapping of column name to values, or a list of dicts
            each: one row per project, named by the ``project`` column (or a labelled
            DataFrame index), one column per period [currency]. NaN or blank means "not
            yet reported" in ``earned`` and ``actual`` (the status period is the last
            column reported for any project) and "not planned" at the end of a row of
            ``planned``.
        project
            The name of the project column.
        periods
            The period columns, in order (default: the columns of ``planned`` but the
            project column, in its order). Each table must hold the same periods.

        Returns
        -------
        EarnedValueTables

        Raises
        ------
        ValidationError
            Naming the table, row and column: a missing project column, a value that is
            not a number, a blank inside the reported periods or inside a plan, period
            columns that differ between the tables, nothing reported.
        UnknownReferenceError
            Projects that are not in all three tables, all listed.
        DuplicateError
            A project given twice in a table, with both rows.

        Examples
        --------
        >>> nan = float("nan")
        >>> pv = {"project": ["A", "B"], "m1": [100, 50], "m2": [200, 150], "m3": [300, nan]}
        >>> ev = {"project": ["B", "A"], "m1": [60, 80], "m2": [150, 160], "m3": [nan, nan]}
        >>> ac = {"project": ["A", "B"], "m1": [90, 55], "m2": [170, 140], "m3": [nan, nan]}
        >>> t = EarnedValueTables.from_frame(pv, ev, ac)
        >>> t.status_period, t.earned.tolist()
        ('m2', [[80.0, 160.0], [60.0, 150.0]])
        """
        problems = Problems()
        tables = {}
        for what, data in zip(_SERIES, (planned, earned, actual), strict=True):
            tables[what] = _rows(data, what, project, problems)
        pt, pids, pname = tables["planned"]
        cols = [str(p) for p in periods] if periods is not None else [
            c for c in pt.columns if c != pname]
        for what, (t, _, name) in tables.items():
            have = [c for c in t.columns if c != name]
            absent = [c for c in cols if c not in t.columns]
            extra = [c for c in have if c not in cols] if periods is None else []
            if absent or extra:
                problems.add(
                    f"the period columns of '{what}' differ from those of 'planned': "
                    f"missing {absent}, not in 'planned' {extra}"
                )
        if not cols:
            problems.add("'planned' has no period columns")
        problems.raise_if_any()
        known = set(pids)
        unknown: list[Any] = []
        msgs: list[str] = []
        for what in ("earned", "actual"):
            t, ids, name = tables[what]
            for i, k in enumerate(ids):
                if k not in known:
                    unknown.append(k)
                    msgs.append(f"{t.where(i, name)}: unknown project {k!r} (not in 'planned')")
            absent_ids = [k for k in pids if k not in set(ids)]
            if absent_ids:
                unknown.extend(absent_ids)
                msgs.append(f"'{what}' has no row for the projects {absent_ids} of 'planned'")
        if unknown:
            raise UnknownReferenceError(msgs, list(dict.fromkeys(unknown)))
        values: dict[str, np.ndarray] = {}
        for what, (t, ids, _) in tables.items():
            order = {k: i for i, k in enumerate(ids)}
            grid = np.full((len(pids), len(cols)), np.nan)
            for r, pid in enumerate(pids):
                i = order[pid]
                for c, column in enumerate(cols):
                    v = read_number(t, i, column, t.columns[column][i], problems, what=what,
                                    unit="[currency]", minimum=0.0, allow_missing=True)
                    if v is not None:
                        grid[r, c] = v
            values[what] = grid
        problems.raise_if_any()
        seen = ~np.isnan(values["earned"]) | ~np.isnan(values["actual"])
        reported = np.flatnonzero(seen.any(axis=0))
        if reported.size == 0:
            raise ValidationError(
                "no period is reported: 'earned' and 'actual' are blank everywhere")
        n_rep = int(reported[-1]) + 1
        for what in ("earned", "actual"):
            t, ids, _ = tables[what]
            order = {k: i for i, k in enumerate(ids)}
            for r, c in zip(*np.nonzero(np.isnan(values[what][:, :n_rep])), strict=True):
                problems.add(
                    f"{t.where(order[pids[r]], cols[c])}: the {what} is missing, but period "
                    f"{cols[n_rep - 1]!r} is reported (blank means not yet reported, so "
                    "only the periods after the status period may be blank)"
                )
        plans = []
        for r in range(len(pids)):
            row = values["planned"][r]
            filled = np.flatnonzero(~np.isnan(row))
            end = int(filled[-1]) + 1 if filled.size else 0
            for c in np.flatnonzero(np.isnan(row[:end])).tolist():
                problems.add(f"{pt.where(r, cols[c])}: the planned value is missing inside "
                             "the plan")
            plans.append(readonly(row[:end]))
        problems.raise_if_any()
        return cls(tuple(pids), tuple(cols), tuple(plans),
                   readonly(values["earned"][:, :n_rep]), readonly(values["actual"][:, :n_rep]),
                   cols[n_rep - 1])

    @classmethod
    def from_records(
        cls,
        planned: Iterable[Mapping[str, Any]],
        earned: Iterable[Mapping[str, Any]],
        actual: Iterable[Mapping[str, Any]],
        **columns: Any,
    ) -> EarnedValueTables:
        """Read PV, EV and AC records (dicts); the same rules as :meth:`from_frame`.

        Examples
        --------
        >>> t = EarnedValueTables.from_records(
        ...     [{"project": 1, "m1": 10, "m2": 20}], [{"project": 1, "m1": 8, "m2": None}],
        ...     [{"project": 1, "m1": 9, "m2": None}])
        >>> t.projects, t.status_period
        ((1,), 'm1')
        """
        for what, data in zip(_SERIES, (planned, earned, actual), strict=True):
            refuse_columns_of_records(data, what)
        return cls.from_frame(list(planned), list(earned), list(actual), **columns)

    def series(self, project: Hashable) -> tuple[FloatArray, FloatArray, FloatArray]:
        """``(planned, earned, actual)`` of one project, for
        :func:`~pmokit.monitoring.earned_value` (``earned_value(*t.series("A"))``).

        Raises
        ------
        UnknownReferenceError
            If ``project`` is not in the tables.
        """
        if project not in self.projects:
            raise UnknownReferenceError(
                f"unknown project {project!r} (known: {list(self.projects)[:8]})", [project])
        r = self.projects.index(project)
        return self.planned[r], self.earned[r], self.actual[r]


def risks_from_frame(
    register: Table,
    *,
    id: str = "id",
    probability: str = "probability",
    cost_impact: str = "cost_impact",
    schedule_impact: str = "schedule_impact",
    cost_low: str = "cost_low",
    cost_high: str = "cost_high",
    owner: str = "owner",
    status: str = "status",
    response: str = "response",
    proximity: str = "proximity",
    project: str = "project",
    description: str = "description",
) -> tuple[Any, ...]:
    """The implementation of :meth:`Risk.from_frame`; see there."""
    from pmokit.monitoring._risk import Risk

    problems = Problems()
    table = ReadTable(register, "register")
    id_col = table.column(id, problems, required=True)
    p_col = table.column(probability, problems, required=True)
    problems.raise_if_any()
    if id_col is None or p_col is None:  # pragma: no cover - reported above
        raise ValidationError("'register' lacks its id or probability column")
    ids, dup_msgs, dups = read_ids(table, id_col, id, problems)
    fields: list[dict[str, Any]] = [{} for _ in ids]
    numeric = ((probability, "probability", "(a fraction in [0, 1])"),
               (cost_impact, "cost_impact", "[currency]"),
               (schedule_impact, "schedule_impact", "[working days]"),
               (cost_low, "cost_low", "[currency]"), (cost_high, "cost_high", "[currency]"))
    for column, field, unit in numeric:
        col = table.column(column, problems, required=False)
        if col is None:
            continue
        for i, raw in enumerate(col):
            v = read_number(table, i, column, raw, problems, what=field.replace("_", " "),
                            unit=unit, minimum=0.0, allow_missing=column != probability)
            if v is not None:
                fields[i][field] = v
    for column, field in ((owner, "owner"), (status, "status"), (response, "response"),
                          (description, "description")):
        col = table.column(column, problems, required=False)
        for i, raw in enumerate(col or ()):
            text = read_text(table, i, column, raw, problems)
            if text is not None:
                fields[i][field] = text.lower() if field == "status" else text
    proj = table.column(project, problems, required=False)
    for i, raw in enumerate(proj or ()):
        if not missing(raw):
            fields[i]["project"] = as_id(raw)
    prox = table.column(proximity, problems, required=False)
    for i, raw in enumerate(prox or ()):
        d = read_date(table, i, proximity, raw, problems)
        if d is not None:
            fields[i]["proximity"] = d
    raise_all(problems, dup_msgs, dups)
    out = []
    for i, rid in enumerate(ids):
        try:
            out.append(Risk(rid, **fields[i]))
        except ValidationError as exc:
            problems.extend(f"register {table.kind} {table.rows[i]!r}: {m}"
                            for m in exc.problems)
    problems.raise_if_any()
    return tuple(out)
