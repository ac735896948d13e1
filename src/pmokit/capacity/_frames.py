"""People, skills, availability and demands from tables: ``Person.from_frame`` and
``Demand.from_frame`` (and their ``from_records`` twins).

Tables are read by :mod:`pmokit._tables` (a DataFrame, a mapping of columns or a list of
dicts; pandas optional). Rows are matched to people **by label** (the ``id`` column, or a
labelled DataFrame index), periods by column label when ``periods`` is given.
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
from pmokit.capacity._inputs import Demand, Person
from pmokit.errors import UnknownReferenceError, ValidationError

__all__ = ["demands_from_frame", "people_from_frame"]


def _period_columns(
    table: ReadTable, skip: Sequence[str], periods: Sequence[Any] | None, problems: Problems
) -> list[str]:
    """The period columns: ``periods`` by label (each must be present), else every column
    not in ``skip``, in the table's order."""
    if periods is None:
        return [c for c in table.columns if c not in skip]
    names = [str(p) for p in periods]
    absent = [n for n in names if n not in table.columns]
    if absent:
        problems.add(
            f"'{table.what}' has no column for the periods {absent} "
            f"(columns: {', '.join(repr(c) for c in table.columns)})"
        )
    return [n for n in names if n in table.columns]


def _wide_rows(
    data: Table, what: str, id: str, known: Sequence[Hashable], problems: Problems
) -> tuple[ReadTable, list[Any], str]:
    """A wide table whose rows name people: the table, their ids and the id column name.
    Duplicate and unknown labels raise at once, listing them."""
    table = ReadTable(data, what)
    raw, id_name = table.row_labels(id, problems)
    problems.raise_if_any()
    if raw is None:  # pragma: no cover - row_labels reported it above
        raise ValidationError(f"'{what}' has no id column")
    ids, dup_msgs, dups = read_ids(table, raw, id_name, problems)
    raise_all(problems, dup_msgs, dups)
    known_set = set(known)
    bad = [i for i, k in enumerate(ids) if k not in known_set]
    if bad:
        raise UnknownReferenceError(
            [f"{table.where(i, id_name)}: unknown person {ids[i]!r} (not in 'people')"
             for i in bad],
            [ids[i] for i in bad],
        )
    return table, ids, id_name


def people_from_frame(
    people: Table,
    skills: Table | None = None,
    availability: Table | None = None,
    *,
    id: str = "id",
    fte: str = "fte",
    cost_rate: str = "cost_rate",
    max_utilisation: str = "max_utilisation",
    team: str = "team",
    periods: Sequence[Any] | None = None,
    check_units: bool = True,
) -> tuple[Person, ...]:
    """The implementation of :meth:`Person.from_frame`; see there."""
    problems = Problems()
    table = ReadTable(people, "people")
    id_col, id_name = table.row_labels(id, problems)
    problems.raise_if_any()
    if id_col is None:  # pragma: no cover - reported above
        raise ValidationError("'people' has no id column")
    ids, dup_msgs, dups = read_ids(table, id_col, id_name, problems)
    fields: list[dict[str, Any]] = [{} for _ in ids]
    numeric = (
        (fte, "fte", "fte", "[FTE]", 0.0, True),
        (cost_rate, "cost_rate", "cost rate", "[currency per hour]", 0.0, False),
        (max_utilisation, "max_utilisation", "max utilisation", "(a fraction)", 0.0, True),
    )
    for column, field, what, unit, low, strict in numeric:
        col = table.column(column, problems, required=False)
        if col is None:
            continue
        for i, raw in enumerate(col):
            v = read_number(table, i, column, raw, problems, what=what, unit=unit,
                            minimum=low, strict=strict, allow_missing=True)
            if v is not None:
                fields[i][field] = v
    team_col = table.column(team, problems, required=False)
    if team_col is not None:
        for i, raw in enumerate(team_col):
            if not missing(raw):
                fields[i]["team"] = as_id(raw)
    raise_all(problems, dup_msgs, dups)

    levels: list[list[tuple[str, float]]] = [[] for _ in ids]
    index = {k: i for i, k in enumerate(ids)}
    if skills is not None:
        st, sids, sid_name = _wide_rows(skills, "skills", id, ids, problems)
        for column, values in st.columns.items():
            if column == sid_name:
                continue
            for r, raw in enumerate(values):
                if missing(raw):
                    continue  # NaN or blank: no skill
                v = read_number(st, r, column, raw, problems, what="proficiency level",
                                unit="(NaN or 0 for no skill)", minimum=0.0)
                if v:  # 0 means no skill
                    levels[index[sids[r]]].append((column, v))
        problems.raise_if_any()
    hours: dict[int, list[float]] = {}
    if availability is not None:
        at, aids, aid_name = _wide_rows(availability, "availability", id, ids, problems)
        cols = _period_columns(at, [aid_name], periods, problems)
        for r, pid in enumerate(aids):
            row: list[float] = []
            for column in cols:
                v = read_number(at, r, column, at.columns[column][r], problems,
                                what="availability", unit="[hours]", minimum=0.0)
                row.append(0.0 if v is None else v)
            hours[index[pid]] = row
        problems.raise_if_any()
    out: list[Person] = []
    for i, pid in enumerate(ids):
        try:
            out.append(Person(pid, levels[i], availability=hours.get(i), check_units=check_units,
                              **fields[i]))
        except ValidationError as exc:
            problems.extend(f"people {table.kind} {table.rows[i]!r}: {m}" for m in exc.problems)
    problems.raise_if_any()
    return tuple(out)


def demands_from_frame(
    demands: Table,
    *,
    project: str = "project",
    skill: str = "skill",
    periods: Sequence[Any] | None = None,
    min_proficiency: str = "min_proficiency",
    value: str = "value",
) -> tuple[Demand, ...]:
    """The implementation of :meth:`Demand.from_frame`; see there."""
    problems = Problems()
    table = ReadTable(demands, "demands")
    p_col = table.column(project, problems, required=True)
    s_col = table.column(skill, problems, required=True)
    m_col = table.column(min_proficiency, problems, required=False)
    v_col = table.column(value, problems, required=False)
    problems.raise_if_any()
    if p_col is None or s_col is None:  # pragma: no cover - reported above
        raise ValidationError("'demands' lacks its project or skill column")
    cols = _period_columns(table, [project, skill, min_proficiency, value], periods, problems)
    if not cols and not problems:
        problems.add(f"'demands' has no period columns (columns: {list(table.columns)})")
    problems.raise_if_any()
    first: dict[tuple[Any, Any], int] = {}
    dup_msgs: list[str] = []
    dups: list[Any] = []
    rows: list[tuple[Any, Any, list[float], dict[str, float]]] = []
    for i in range(len(table)):
        proj = as_id(p_col[i])
        sk = s_col[i]
        if missing(proj):
            problems.add(f"{table.where(i, project)}: the project is missing")
        if missing(sk) or not isinstance(sk, str):
            problems.add(f"{table.where(i, skill)}: the skill must be a name (got {sk!r})")
        key = (proj, sk)
        if key in first:
            dups.append(key)
            dup_msgs.append(
                f"{table.where(i, skill)}: duplicate demand {key!r} "
                f"(first at {table.kind} {table.rows[first[key]]!r})"
            )
        else:
            first[key] = i
        hours = []
        for column in cols:
            v = read_number(table, i, column, table.columns[column][i], problems,
                            what="hours", unit="[hours]", minimum=0.0, allow_missing=True)
            hours.append(0.0 if v is None else v)  # a blank cell: no demand
        kw: dict[str, float] = {}
        for col, name, low, strict in ((m_col, min_proficiency, 0.0, False),
                                       (v_col, value, 0.0, True)):
            if col is None:
                continue
            v = read_number(table, i, name, col[i], problems, what=name.replace("_", " "),
                            unit="", minimum=low, strict=strict, allow_missing=True)
            if v is not None:
                kw["min_proficiency" if name == min_proficiency else "value"] = v
        rows.append((proj, sk, hours, kw))
    raise_all(problems, dup_msgs, dups)
    out = []
    for i, (proj, sk, hours, kw) in enumerate(rows):
        try:
            out.append(Demand(proj, sk, hours, **kw))
        except ValidationError as exc:
            problems.extend(f"demands {table.kind} {table.rows[i]!r}: {m}" for m in exc.problems)
    problems.raise_if_any()
    return tuple(out)
