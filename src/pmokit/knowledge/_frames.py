"""Project histories from tables: ``ProjectRecord.from_frame`` and
``KnowledgeBase.from_frame``.

A table with one row per project, read by :mod:`pmokit._tables`. The default column names
are the field names of :class:`ProjectRecord` (what ``to_records`` writes), so a frame
written by ``to_frame()`` reads back: ``size_<name>`` columns are size measures and
``attr_<name>`` columns other attributes; derived columns (``<measure>_ratio``,
``rebaselines``) are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pmokit._tables import (
    ReadTable,
    Table,
    missing,
    raise_all,
    read_date,
    read_ids,
    read_number,
)
from pmokit._validation import Problems
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.knowledge._records import MEASURES, ProjectRecord

__all__ = ["FIELDS", "records_from_frame"]

_TEXT = ("project_type", "domain", "methodology")
_DATES = ("start", "finish")
_NUMBERS = ("team_size", *(f"planned_{m}" for m in MEASURES),
            *("realised_benefits" if m == "benefits" else f"actual_{m}" for m in MEASURES))
FIELDS: tuple[str, ...] = ("id", *_TEXT, *_DATES, *_NUMBERS, "tags")
"""Fields read from a column of the same name (each renamable by keyword)."""
_UNITS = {"team_size": "[FTE]", "planned_duration": "[working days]",
          "actual_duration": "[working days]", "planned_effort": "[hours]",
          "actual_effort": "[hours]"}


def records_from_frame(
    projects: Table,
    *,
    size: Sequence[str] = (),
    attributes: Sequence[str] = (),
    **columns: str,
) -> tuple[ProjectRecord, ...]:
    """The implementation of :meth:`ProjectRecord.from_frame`; see there."""
    bad = sorted(set(columns) - set(FIELDS))
    if bad:
        raise ValidationError(
            f"unknown column keywords {bad} (known: {', '.join(FIELDS)}, size, attributes)")
    name = {f: columns.get(f, f) for f in FIELDS}
    problems = Problems()
    table = ReadTable(projects, "projects")
    id_col = table.column(name["id"], problems, required=True)
    listed = [c for c in (*size, *attributes) if c not in table.columns]
    if listed:
        raise UnknownReferenceError(
            f"'size' and 'attributes' name columns that 'projects' does not have: {listed} "
            f"(columns: {', '.join(repr(c) for c in table.columns)})", listed)
    problems.raise_if_any()
    if id_col is None:  # pragma: no cover - reported above
        raise ValidationError("'projects' has no id column")
    ids, dup_msgs, dups = read_ids(table, id_col, name["id"], problems)
    fields: list[dict[str, Any]] = [{"size": {}, "attributes": {}} for _ in ids]
    for f in _TEXT:
        for i, raw in enumerate(table.column(name[f], problems, required=False) or ()):
            if not missing(raw):
                fields[i][f] = raw if isinstance(raw, str) else str(raw)
    for f in _DATES:
        for i, raw in enumerate(table.column(name[f], problems, required=False) or ()):
            d = read_date(table, i, name[f], raw, problems)
            if d is not None:
                fields[i][f] = d
    for f in _NUMBERS:
        col = table.column(name[f], problems, required=False)
        for i, raw in enumerate(col or ()):
            v = read_number(table, i, name[f], raw, problems, what=f.replace("_", " "),
                            unit=_UNITS.get(f, "[currency]"), allow_missing=True)
            if v is not None:
                fields[i][f] = v
    for i, raw in enumerate(table.column(name["tags"], problems, required=False) or ()):
        if missing(raw):
            continue
        if isinstance(raw, str):
            fields[i]["tags"] = tuple(t.strip() for t in raw.split(",") if t.strip())
        elif isinstance(raw, list | tuple):
            fields[i]["tags"] = tuple(raw)
        else:
            problems.add(f"{table.where(i, name['tags'])}: expected tags as 'a, b' or a list "
                         f"(got {raw!r})")
    size_cols = [*size, *(c for c in table.columns if c.startswith("size_") and c not in size)]
    for c in size_cols:
        key = c[5:] if c.startswith("size_") and c not in size else c
        for i, raw in enumerate(table.columns[c]):
            v = read_number(table, i, c, raw, problems, what="size", unit="", minimum=0.0,
                            allow_missing=True)
            if v is not None:
                fields[i]["size"][key] = v
    attr_cols = [*attributes,
                 *(c for c in table.columns if c.startswith("attr_") and c not in attributes)]
    for c in attr_cols:
        key = c[5:] if c.startswith("attr_") and c not in attributes else c
        for i, raw in enumerate(table.columns[c]):
            if missing(raw):
                continue
            if hasattr(raw, "item") and not isinstance(raw, str):
                raw = raw.item()  # a numpy scalar
            fields[i]["attributes"][key] = raw
    raise_all(problems, dup_msgs, dups)
    out = []
    for i, rid in enumerate(ids):
        try:
            out.append(ProjectRecord(rid, **fields[i]))
        except ValidationError as exc:
            problems.extend(f"projects {table.kind} {table.rows[i]!r}: {m}"
                            for m in exc.problems)
    problems.raise_if_any()
    return tuple(out)
