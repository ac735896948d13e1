"""Reading tables into pmokit inputs: the one implementation behind every ``from_frame``.

A table is a pandas DataFrame, a mapping of column name to values or a list of records
(dicts); pandas is never imported. Columns are found by name (each ``from_frame`` renames
them by keyword), rows are named in errors by the DataFrame's index label (``row 'r2'``) or
the record's position (``record 3``), and ids follow the one id rule of
:func:`pmokit._validation.check_id` (integers from an integer column stay integers; ``3.0``
from a numeric column with gaps becomes ``3``). Every problem is collected, then raised
at once, naming the row and the column.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeAlias

from pmokit._validation import Problems, as_date, check_id
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError

__all__ = [
    "DataFrameLike",
    "ReadTable",
    "Table",
    "as_id",
    "is_table",
    "missing",
    "number",
    "raise_all",
    "read_date",
    "read_ids",
    "read_number",
    "read_text",
    "refuse_columns_of_records",
    "type_of",
    "unknown_labels",
]


class DataFrameLike(Protocol):
    """What is read from a pandas DataFrame: its columns and its index."""

    @property
    def columns(self) -> Any: ...  # pragma: no cover - a protocol

    @property
    def index(self) -> Any: ...  # pragma: no cover - a protocol

    def __getitem__(self, key: Any) -> Any: ...  # pragma: no cover - a protocol


Table: TypeAlias = DataFrameLike | Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]]
"""A table: a DataFrame, a mapping of column name to values, or a list of records."""


def is_table(data: Any) -> bool:
    """True for a DataFrame, a mapping of columns or a non-empty list of dicts (not for
    arrays or lists of numbers)."""
    if hasattr(data, "columns") and hasattr(data, "index") and hasattr(data, "to_dict"):
        return True
    if isinstance(data, Mapping):
        return True
    return (
        isinstance(data, Sequence) and not isinstance(data, str) and len(data) > 0
        and all(isinstance(r, Mapping) for r in data)
    )


class ReadTable:
    """Columns of a DataFrame, a mapping of columns or records, with row labels.

    ``labelled_index`` is True for a DataFrame whose index carries labels (a named index
    or one that is not pandas' default 0, 1, 2, ... ``RangeIndex``): wide tables may
    then name their rows by the index instead of an id column.
    """

    def __init__(self, data: Any, what: str) -> None:
        self.what = what
        self.labelled_index = False
        if hasattr(data, "columns") and hasattr(data, "index") and hasattr(data, "to_dict"):
            names = [str(c) for c in data.columns]
            twice = sorted({c for c in names if names.count(c) > 1})
            if twice:
                raise DuplicateError(
                    f"'{what}' has repeated columns {twice}: rename them first", twice
                )
            self.columns: dict[str, list[Any]] = {
                str(c): data[c].tolist() for c in data.columns
            }
            self.rows: list[Any] = list(data.index.tolist())
            self.kind = "row"
            index_name = getattr(data.index, "name", None)
            self.labelled_index = (
                index_name is not None or type(data.index).__name__ != "RangeIndex"
            )
            if index_name is not None and str(index_name) not in self.columns:
                self.columns[str(index_name)] = list(self.rows)  # df.set_index("id")
        elif isinstance(data, Mapping):
            self.columns = {str(k): list(v) for k, v in data.items()}
            lengths = {len(v) for v in self.columns.values()}
            if len(lengths) > 1:
                sizes = ", ".join(f"{k}: {len(v)}" for k, v in self.columns.items())
                raise ValidationError(f"the columns of '{what}' differ in length ({sizes})")
            self.rows = list(range(lengths.pop() if lengths else 0))
            self.kind = "row"
        elif isinstance(data, Iterable) and not isinstance(data, str | bytes):
            records = list(data)
            bad = [k for k, r in enumerate(records) if not isinstance(r, Mapping)]
            if bad:
                raise ValidationError(
                    f"'{what}' must be a DataFrame, a mapping of columns or a list of dicts; "
                    f"record {bad[0]} is a {type(records[bad[0]]).__name__}"
                )
            keys: dict[str, None] = {}
            for r in records:
                keys.update(dict.fromkeys(map(str, r)))
            self.columns = {
                k: [next((v for kk, v in r.items() if str(kk) == k), None) for r in records]
                for k in keys
            }
            self.rows = list(range(len(records)))
            self.kind = "record"
        else:
            raise ValidationError(
                f"'{what}' must be a DataFrame, a mapping of columns or a list of dicts "
                f"(got a {type(data).__name__})"
            )

    def __len__(self) -> int:
        return len(self.rows)

    def where(self, i: int, column: str) -> str:
        """``"tasks row 3, column 'duration'"`` (the DataFrame's index label for a frame)."""
        return f"{self.what} {self.kind} {self.rows[i]!r}, column {column!r}"

    def column(self, name: str, problems: Problems, *, required: bool) -> list[Any] | None:
        """The values of column ``name``; a missing required column is a problem."""
        if name in self.columns:
            return self.columns[name]
        if required:
            have = ", ".join(repr(c) for c in self.columns) or "none"
            problems.add(f"'{self.what}' has no required column {name!r} (columns: {have})")
        return None

    def row_labels(self, id: str, problems: Problems) -> tuple[list[Any] | None, str]:
        """The column naming the rows of a wide table: ``id``, else a labelled index.

        Returns the raw labels and the name used for them in messages; a table with
        neither is a problem (rows are never named by their position).
        """
        if id in self.columns:
            return self.columns[id], id
        if self.labelled_index:
            return list(self.rows), "index"
        have = ", ".join(repr(c) for c in self.columns) or "none"
        problems.add(
            f"'{self.what}' has no required column {id!r} (columns: {have}) and no "
            "labelled index: rows are matched by label, never by position"
        )
        return None, id


def missing(value: Any) -> bool:
    """None, NaN, pandas NA/NaT, or a blank string."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def as_id(value: Any) -> Any:
    """A table cell as an id: numpy integers become int, integral floats from a numeric
    column with gaps (``3.0``) become ``3``."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def number(value: Any) -> float | None:
    """A real, non-bool number as a float, else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def type_of(value: Any) -> type[Any]:
    """``type(value)`` (for functions whose keyword ``type`` shadows the builtin)."""
    return type(value)


def read_ids(
    table: ReadTable, values: Sequence[Any], column: str, problems: Problems
) -> tuple[list[Any], list[str], list[Any]]:
    """Read an id column: ``(ids, duplicate messages, duplicated ids)``.

    Missing and bad ids (the one id rule) are added to ``problems``, naming row and column;
    duplicates are returned apart so that :func:`raise_all` raises a
    :class:`~pmokit.errors.DuplicateError` when they are the only problem.
    """
    ids: list[Any] = []
    first_row: dict[Any, int] = {}
    duplicates: list[Any] = []
    messages: list[str] = []
    for i, raw in enumerate(values):
        value = as_id(raw)
        if missing(value):
            problems.add(f"{table.where(i, column)}: the id is missing")
        elif (msg := check_id(value, column)) is not None:
            problems.add(f"{table.where(i, column)}: {msg}")
        elif value in first_row:
            duplicates.append(value)
            messages.append(
                f"{table.where(i, column)}: duplicate id {value!r} "
                f"(first at {table.kind} {table.rows[first_row[value]]!r})"
            )
        else:
            first_row[value] = i
        ids.append(value)
    return ids, messages, duplicates


def raise_all(problems: Problems, dup_messages: Sequence[str], duplicates: Sequence[Any]) -> None:
    """Raise the duplicates alone as a DuplicateError, or everything as a ValidationError."""
    if dup_messages and not problems.items:
        raise DuplicateError(list(dup_messages), list(duplicates))
    problems.extend(dup_messages)
    problems.raise_if_any()


def read_number(
    table: ReadTable,
    i: int,
    column: str,
    raw: Any,
    problems: Problems,
    *,
    what: str,
    unit: str,
    minimum: float | None = None,
    strict: bool = False,
    allow_missing: bool = False,
) -> float | None:
    """One numeric cell: the float, or None (missing when allowed, or a problem added)."""
    if missing(raw):
        if not allow_missing:
            problems.add(f"{table.where(i, column)}: the {what} is missing")
        return None
    value = number(raw)
    if value is None:
        problems.add(
            f"{table.where(i, column)}: the {what} must be a number {unit} (got {raw!r} "
            f"that is a {type(raw).__name__})"
        )
        return None
    if not math.isfinite(value):
        problems.add(f"{table.where(i, column)}: the {what} must be finite {unit} (got {raw!r})")
        return None
    if minimum is not None and (value <= minimum if strict else value < minimum):
        sign = ">" if strict else ">="
        problems.add(
            f"{table.where(i, column)}: the {what} must be {sign} {minimum:g} {unit} "
            f"(got {raw!r})"
        )
        return None
    return value


def read_date(table: ReadTable, i: int, column: str, raw: Any, problems: Problems) -> Any:
    """One date cell: a ``datetime.date``, None when missing; a datetime, a pandas
    Timestamp, a numpy datetime64 or ISO text (``"2026-05-31"``) are read, anything else
    is a problem."""
    if missing(raw):
        return None
    if hasattr(raw, "to_pydatetime"):  # a pandas Timestamp
        raw = raw.to_pydatetime()
    if isinstance(raw, str):
        try:
            return _dt.date.fromisoformat(raw.strip())
        except ValueError:
            problems.add(f"{table.where(i, column)}: expected a date such as '2026-05-31' "
                         f"(got {raw!r})")
            return None
    try:
        return as_date(raw, column)
    except ValidationError as exc:
        problems.extend(f"{table.where(i, column)}: {m}" for m in exc.problems)
        return None


def read_text(table: ReadTable, i: int, column: str, raw: Any, problems: Problems) -> str | None:
    """One text cell: the stripped string, None when missing; a non-string is a problem."""
    if missing(raw):
        return None
    if not isinstance(raw, str):
        problems.add(
            f"{table.where(i, column)}: expected text (got {raw!r} that is a "
            f"{type(raw).__name__})"
        )
        return None
    return raw.strip()


def unknown_labels(
    labels: Iterable[Any], known: Iterable[Any], what: str, where: str
) -> UnknownReferenceError | None:
    """An error listing every label of ``labels`` not in ``known``, or None."""
    known_set = set(known)
    unknown = [k for k in labels if k not in known_set]
    if not unknown:
        return None
    listed = ", ".join(repr(k) for k in unknown[:20])
    more = f" and {len(unknown) - 20} more" if len(unknown) > 20 else ""
    plural = "s" if len(unknown) > 1 else ""
    return UnknownReferenceError(
        f"{where} names the unknown {what}{plural} {listed}{more}", unknown
    )


def refuse_columns_of_records(data: Any, what: str) -> None:
    """``from_records`` takes a list of dicts: point a DataFrame or mapping to from_frame."""
    if isinstance(data, Mapping) or hasattr(data, "columns"):
        raise ValidationError(
            f"'{what}' of from_records must be a list of dicts (use from_frame for a "
            f"DataFrame or a mapping of columns; got a {type(data).__name__})"
        )
