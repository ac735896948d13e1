"""Candidates and selection rules from tables: ``Candidate.from_frame`` and
``Candidate.rules_from_frame``.

Tables are read by :mod:`pmokit._tables` (a DataFrame, a mapping of columns or a list of
dicts; pandas optional). Candidates are matched by label everywhere: demand rows name their
candidate by id, rule cells name other candidates by their text (``"3, 5"``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from pmokit._tables import (
    ReadTable,
    Table,
    as_id,
    missing,
    raise_all,
    read_ids,
    read_number,
)
from pmokit._validation import Problems
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError

__all__ = ["candidates_from_frame", "rules_from_frame"]

_OPTIONAL_INT = ("earliest_start", "latest_start")


def _cost_row(
    table: ReadTable, i: int, costs: str | Sequence[str], problems: Problems
) -> list[float]:
    """The costs per period of row ``i``: one column per period, or one column holding a
    number (one period) or a list of numbers."""
    if isinstance(costs, str):
        raw = table.columns[costs][i]
        cells = list(raw) if isinstance(raw, list | tuple) else [raw]
        out = []
        for cell in cells:
            v = read_number(table, i, costs, cell, problems, what="cost",
                            unit="[currency]", minimum=0.0)
            out.append(0.0 if v is None else v)
        return out
    out = []
    for column in costs:
        v = read_number(table, i, column, table.columns[column][i], problems, what="cost",
                        unit="[currency]", minimum=0.0, allow_missing=True)
        out.append(0.0 if v is None else v)  # a blank period costs nothing
    return out


def candidates_from_frame(
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
) -> tuple[Any, ...]:
    """The implementation of :meth:`Candidate.from_frame`; see there."""
    from pmokit.portfolio._model import Candidate

    problems = Problems()
    table = ReadTable(candidates, "candidates")
    id_col = table.column(id, problems, required=True)
    v_col = table.column(value, problems, required=True)
    cost_names = [costs] if isinstance(costs, str) else [str(c) for c in costs]
    for c in cost_names:
        table.column(c, problems, required=True)
    if not cost_names:
        problems.add("'costs' must name at least one column")
    problems.raise_if_any()
    if id_col is None or v_col is None:  # pragma: no cover - reported above
        raise ValidationError("'candidates' lacks its id or value column")
    ids, dup_msgs, dups = read_ids(table, id_col, id, problems)
    fields: list[dict[str, Any]] = [{} for _ in ids]
    values: list[float] = []
    cost_rows: list[list[float]] = []
    for i in range(len(table)):
        v = read_number(table, i, value, v_col[i], problems, what="value", unit="")
        values.append(0.0 if v is None else v)
        cost_rows.append(_cost_row(table, i, costs if isinstance(costs, str) else cost_names,
                                   problems))
    cat = table.column(category, problems, required=False)
    for i, raw in enumerate(cat or ()):
        if not missing(raw):
            fields[i]["category"] = as_id(raw)
    for name in (earliest_start, latest_start):
        col = table.column(name, problems, required=False)
        key = "earliest_start" if name == earliest_start else "latest_start"
        for i, raw in enumerate(col or ()):
            if missing(raw):
                continue
            n = read_number(table, i, name, raw, problems, what=key.replace("_", " "),
                            unit="[periods]", minimum=0.0)
            if n is not None and not n.is_integer():
                problems.add(f"{table.where(i, name)}: the {key.replace('_', ' ')} must be "
                             f"a whole period (got {raw!r})")
            elif n is not None:
                fields[i][key] = int(n)
    rate = table.column(discount_rate, problems, required=False)
    for i, raw in enumerate(rate or ()):
        r = read_number(table, i, discount_rate, raw, problems, what="discount rate",
                        unit="(a fraction per period)", minimum=0.0, allow_missing=True)
        if r is not None:
            fields[i]["discount_rate"] = r
    raise_all(problems, dup_msgs, dups)
    if demands is not None:
        _read_demands(demands, ids, fields, cost_rows, id=id, skill=skill,
                      periods=None if isinstance(costs, str) else cost_names)
    out = []
    for i, cid in enumerate(ids):
        try:
            out.append(Candidate(cid, values[i], cost_rows[i], **fields[i]))
        except ValidationError as exc:
            problems.extend(f"candidates {table.kind} {table.rows[i]!r}: {m}"
                            for m in exc.problems)
    problems.raise_if_any()
    return tuple(out)


def _read_demands(
    data: Table,
    ids: Sequence[Hashable],
    fields: list[dict[str, Any]],
    cost_rows: list[list[float]],
    *,
    id: str,
    skill: str,
    periods: Sequence[str] | None,
) -> None:
    """Demand rows (candidate id, skill, one column per period) into ``fields``."""
    problems = Problems()
    table = ReadTable(data, "demands")
    id_col = table.column(id, problems, required=True)
    s_col = table.column(skill, problems, required=True)
    cols = [c for c in table.columns if c not in (id, skill)] if periods is None else list(
        periods)
    absent = [c for c in cols if c not in table.columns]
    if absent:
        problems.add(f"'demands' has no column for the periods {absent}")
    problems.raise_if_any()
    if id_col is None or s_col is None:  # pragma: no cover - reported above
        raise ValidationError("'demands' lacks its id or skill column")
    index = {k: i for i, k in enumerate(ids)}
    unknown: list[Any] = []
    messages: list[str] = []
    first: dict[tuple[Any, Any], int] = {}
    dup_msgs: list[str] = []
    dups: list[Any] = []
    per: list[dict[Hashable, list[float]]] = [{} for _ in ids]
    for r in range(len(table)):
        cid = as_id(id_col[r])
        sk = as_id(s_col[r])
        if cid not in index:
            unknown.append(cid)
            messages.append(f"{table.where(r, id)}: unknown candidate {cid!r}")
            continue
        if missing(sk):
            problems.add(f"{table.where(r, skill)}: the skill is missing")
            continue
        if (cid, sk) in first:
            dups.append((cid, sk))
            dup_msgs.append(f"{table.where(r, skill)}: duplicate demand {(cid, sk)!r} "
                            f"(first at {table.kind} {table.rows[first[(cid, sk)]]!r})")
            continue
        first[(cid, sk)] = r
        row = []
        for c in cols:
            v = read_number(table, r, c, table.columns[c][r], problems, what="demand",
                            unit="[FTE or hours]", minimum=0.0, allow_missing=True)
            row.append(0.0 if v is None else v)
        if periods is None:  # costs in one column: the demand has as many periods
            row = row[: len(cost_rows[index[cid]])] + [0.0] * (
                len(cost_rows[index[cid]]) - len(row))
        per[index[cid]][sk] = row
    if unknown:
        raise UnknownReferenceError(messages, unknown)
    raise_all(problems, dup_msgs, dups)
    for i, d in enumerate(per):
        if d:
            fields[i]["demands"] = d


def _labels(text: Any) -> list[str]:
    if isinstance(text, list | tuple):
        return [str(as_id(t)).strip() for t in text]
    return [t.strip() for t in str(as_id(text)).replace(";", ",").split(",") if t.strip()]


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
    """The implementation of :meth:`Candidate.rules_from_frame`; see there."""
    from pmokit.portfolio._model import Group

    problems = Problems()
    table = ReadTable(candidates, "candidates")
    id_col = table.column(id, problems, required=True)
    problems.raise_if_any()
    if id_col is None:  # pragma: no cover - reported above
        raise ValidationError("'candidates' has no id column")
    ids, dup_msgs, dups = read_ids(table, id_col, id, problems)
    raise_all(problems, dup_msgs, dups)
    labels = {str(k).strip(): k for k in ids}
    if len(labels) < len(ids):
        raise DuplicateError("candidate ids written alike (1 and '1') cannot be told apart "
                             "in a rule cell", ids)
    out: dict[str, Any] = {"must": [], "must_not": [], "requires": [], "excludes": [],
                           "groups": []}
    for column, key in ((must, "must"), (must_not, "must_not")):
        for i, raw in enumerate(table.column(column, problems, required=False) or ()):
            if missing(raw):
                continue
            if type(raw).__name__ not in ("bool", "bool_"):
                problems.add(f"{table.where(i, column)}: expected True or False (got {raw!r} "
                             f"that is a {type(raw).__name__})")
            elif raw:
                out[key].append(ids[i])
    unknown: list[Any] = []
    messages: list[str] = []
    for column, key in ((requires, "requires"), (excludes, "excludes")):
        for i, raw in enumerate(table.column(column, problems, required=False) or ()):
            if missing(raw):
                continue
            for label in _labels(raw):
                if label not in labels:
                    unknown.append(label)
                    messages.append(f"{table.where(i, column)}: unknown candidate {label!r}")
                else:
                    out[key].append((ids[i], labels[label]))
    members: dict[Any, list[Any]] = {}
    for i, raw in enumerate(table.column(group, problems, required=False) or ()):
        if not missing(raw):
            members.setdefault(as_id(raw), []).append(ids[i])
    out["groups"] = [Group(str(name), tuple(m), max=1) for name, m in members.items()]
    if unknown:
        raise UnknownReferenceError(messages, unknown)
    problems.raise_if_any()
    return out
