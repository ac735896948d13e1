"""Helpers shared by result objects: ``to_frame()`` and ``to_records()``."""

from __future__ import annotations

import contextlib
import html
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import attrs
import numpy as np

from pmokit.errors import MissingDependencyError

Record = dict[str, Any]
T = TypeVar("T")


def require_pandas() -> Any:
    """Import pandas lazily, or raise :class:`MissingDependencyError` with the fix."""
    try:
        import pandas as pd
    except ImportError as exc:
        msg = (
            "to_frame() needs pandas, which is not installed; "
            "install it with: pip install 'pmokit[pandas]'"
        )
        raise MissingDependencyError(msg) from exc
    return pd


def records_to_frame(records: Sequence[Mapping[str, Any]], *, index: str | None = None) -> Any:
    """Turn a list of dicts into a pandas DataFrame (pandas imported lazily).

    Float columns never show ``-0.0`` (a rounding artefact of sums and differences).
    """
    pd = require_pandas()
    frame = pd.DataFrame.from_records(list(records))
    for column in frame.columns:  # no -0.0 in a table: -0.0 + 0.0 is +0.0
        if frame[column].dtype.kind == "f":
            frame[column] = frame[column] + 0.0
    if index is not None and index in frame.columns:
        frame = frame.set_index(index)
    return frame


# --- Read-only containers and the mapping convention of results ------------------------


class FrozenDict(Mapping[Any, Any]):
    """A read-only, picklable, hashable-if-its-values-are mapping.

    Frozen inputs and results hold this instead of a ``dict`` (which callers could edit) or
    a ``types.MappingProxyType`` (which cannot be pickled or deep-copied).

    >>> d = FrozenDict({"dev": 2.0})
    >>> d["dev"], len(d), "dev" in d
    (2.0, 1, True)
    >>> d["dev"] = 3.0
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenDict' object does not support item assignment
    """

    __slots__ = ("_data",)
    _data: dict[Any, Any]

    def __init__(self, data: Mapping[Any, Any] | Iterable[tuple[Any, Any]] = ()) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenDict is read-only")

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))


def frozen_dict(value: Mapping[Any, Any] | None) -> FrozenDict:
    """Copy ``value`` into a :class:`FrozenDict` (``None`` gives an empty one)."""
    if isinstance(value, FrozenDict):
        return value
    return FrozenDict({} if value is None else value)


def readonly(array: Any) -> Any:
    """A read-only copy of ``array`` (never a view on the caller's data)."""
    out = np.array(array, copy=True)
    out.setflags(write=False)
    return out


def _freeze_value(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    elif isinstance(value, tuple):
        for item in value:
            _freeze_value(item)
    elif isinstance(value, FrozenDict):
        for item in value.values():
            _freeze_value(item)
    return value


def _rebuild_frozen(cls: type[Any], state: dict[str, Any]) -> Any:
    obj = object.__new__(cls)
    for key, value in state.items():
        object.__setattr__(obj, key, _freeze_value(value))
    return obj


class PicklesReadOnly:
    """Mixin for frozen attrs classes: pickle and deep-copy keep arrays read-only.

    numpy unpickles every array writable; this mixin's ``__reduce__`` restores the
    ``write=False`` flag on every array held directly, in tuples or in a
    :class:`FrozenDict`. Put it first among the bases of an ``@attrs.frozen`` class.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        import attrs

        cls = type(self)
        state = {a.name: getattr(self, a.name) for a in attrs.fields(cls)}  # type: ignore[arg-type]
        return (_rebuild_frozen, (cls, state))


class IdMapping:
    """Mixin for results indexed by id: ``in``, iteration over ids, ``len`` and ``.get``.

    The class provides ``ids`` (a tuple) and ``_row(i)`` (the value for position ``i``);
    the mixin gives ``result[id]``, which raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``) for an unknown id.
    """

    __slots__ = ()
    ids: tuple[Any, ...]
    _what: str = "id"

    def _row(self, i: int) -> Any:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _position(self, key: Any) -> int:
        index = self.__dict__.get("_id_index") if hasattr(self, "__dict__") else None
        if index is None:
            index = {k: i for i, k in enumerate(self.ids)}
            with contextlib.suppress(AttributeError):  # a slotted class has no room for it
                object.__setattr__(self, "_id_index", index)
        try:
            return int(index[key])
        except (KeyError, TypeError):
            from pmokit.errors import UnknownReferenceError

            sample = ", ".join(repr(k) for k in self.ids[:8])
            more = ", ..." if len(self.ids) > 8 else ""
            raise UnknownReferenceError(
                f"unknown {self._what} {key!r} (known: {sample}{more})", [key]
            ) from None

    def __getitem__(self, key: Any) -> Any:
        return self._row(self._position(key))

    def __contains__(self, key: object) -> bool:
        try:
            self._position(key)
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[Any]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for ``key``, or ``default`` when the id is unknown."""
        try:
            return self[key]
        except KeyError:
            return default

    def keys(self) -> tuple[Any, ...]:
        """The ids, in order."""
        return tuple(self.ids)


# --- Display in notebooks: a concise repr and an HTML table from declared key figures ----

KeyFigure = str | tuple[str, Callable[[Any], Any]]
"""A key figure: an attribute or property name, or ``(label, function of the result)``."""

_REPR_FIGURES = 8  # with the class line and the closing one: at most 10 lines
_HTML_ROWS = 5


def short_value(value: Any, *, width: int = 60) -> str:
    """One value in a few characters: floats to 4 significant digits (no ``-0``), long
    arrays and collections summarised.

    >>> short_value(-0.0), short_value(1234.5678), short_value(6158950.4)
    ('0', '1235', '6,158,950')
    >>> short_value(np.arange(1000.0))
    'array(1000 values, min 0, mean 499.5, max 999)'
    >>> short_value(("A", "B", "C", "D", "E", "F", "G"))
    "(7 items: 'A', 'B', 'C', ...)"
    """
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        f = float(value)
        if f == 0.0:
            return "0"
        if 1e4 <= abs(f) < 1e15:  # money and counts: whole units with separators
            return f"{f:,.0f}"
        return f"{f:.4g}"
    if isinstance(value, np.ndarray):
        if value.size <= 6 and value.ndim <= 1:
            return "[" + ", ".join(short_value(v) for v in value.tolist()) + "]"
        if value.dtype.kind in "fiu" and value.size:
            with np.errstate(all="ignore"):
                finite = value[np.isfinite(value)] if value.dtype.kind == "f" else value
            if finite.size:
                shape = (
                    f"{value.size} values" if value.ndim == 1
                    else "x".join(map(str, value.shape)) + " array"
                )
                return (
                    f"array({shape}, min {short_value(finite.min())}, "
                    f"mean {short_value(finite.mean())}, max {short_value(finite.max())})"
                )
        if value.dtype.kind == "b":
            return f"array({value.size} flags, {int(value.sum())} True)"
        if value.dtype.kind == "M" and value.size:
            return f"array({value.size} dates, {value.min()} .. {value.max()})"
        return f"array(shape {value.shape}, {value.dtype})"
    if isinstance(value, Mapping):
        items = list(value.items())
        shown = ", ".join(f"{k!r}: {short_value(v, width=20)}" for k, v in items[:3])
        if len(items) <= 3:
            return "{" + shown + "}"
        return f"{{{len(items)} entries: {shown}, ...}}"
    if isinstance(value, tuple | list):
        if len(value) <= 4:
            inner = ", ".join(short_value(v, width=20) for v in value)
            text = "(" + inner + ("," if len(value) == 1 else "") + ")"
            if len(text) <= width:
                return text
        shown = ", ".join(short_value(v, width=20) for v in value[:3])
        return f"({len(value)} items: {shown}, ...)"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = " ".join(repr(value).split())  # a nested result's repr on one line
    return text if len(text) <= width else text[: width - 3] + "..."


def _default_figures(obj: Any) -> tuple[str, ...]:
    """Every public attrs field, scalars first (numbers, text, flags, dates), then the rest."""
    import attrs

    if not attrs.has(type(obj)):
        return ()
    names = [f.name for f in attrs.fields(type(obj)) if not f.name.startswith("_")]
    scalar = (numbers.Number, str, np.bool_, type(None))
    first = [n for n in names if isinstance(getattr(obj, n), scalar) or hasattr(
        getattr(obj, n), "isoformat")]
    return (*first, *(n for n in names if n not in first))


def _figures(obj: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    specs = type(obj)._key_figures or _default_figures(obj)
    for spec in specs:
        if isinstance(spec, tuple):
            label, fn = spec
            try:
                out.append((label, fn(obj)))
            except Exception as exc:  # a figure that cannot be computed is shown as such
                out.append((label, f"<{type(exc).__name__}>"))
        else:
            out.append((spec, getattr(obj, spec)))
    return [(k, v) for k, v in out if v is not None]  # an unset option is no key figure


def _display_repr(self: Any) -> str:
    figures = _figures(self)[:_REPR_FIGURES]
    parts = [f"{k}={short_value(v)}" for k, v in figures]
    name = type(self).__name__
    one = f"{name}({', '.join(parts)})"
    if len(one) <= 100:
        return one
    return f"{name}(\n" + "".join(f"    {p},\n" for p in parts) + ")"


def _first_rows(obj: Any) -> tuple[list[Record], int | None]:
    """The first rows of ``obj.to_records()`` (cheaply through ``_row`` when there is one)."""
    ids = getattr(obj, "ids", None)
    row = getattr(obj, "_row", None)
    if isinstance(ids, tuple) and callable(row):
        try:
            rows = [row(i) for i in range(min(_HTML_ROWS, len(ids)))]
            if all(isinstance(r, Mapping) for r in rows):
                return [dict(r) for r in rows], len(ids)
        except Exception:
            pass
    to_records = getattr(obj, "to_records", None)
    if callable(to_records):
        try:
            records = to_records()
        except Exception:
            return [], None
        return [dict(r) for r in records[:_HTML_ROWS]], len(records)
    return [], None


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else short_value(value, width=30)


def _display_html(self: Any) -> str:
    esc = html.escape
    name = esc(type(self).__name__)
    rows = "".join(
        f"<tr><th style='text-align:left'>{esc(k)}</th><td>{esc(short_value(v))}</td></tr>"
        for k, v in _figures(self)
    )
    out = [f"<div><strong>{name}</strong><table>{rows}</table>"]
    records, total = _first_rows(self)
    if records:
        cols = list(dict.fromkeys(k for r in records for k in r))
        head = "".join(f"<th>{esc(str(c))}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(_cell(r.get(c, '')))}</td>" for c in cols) + "</tr>"
            for r in records
        )
        caption = f"first {len(records)} of {total} rows" if total else ""
        out.append(f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
                   f"<tbody>{body}</tbody></table>")
    out.append("</div>")
    return "".join(out)


def ranked(
    n: int = 5, *, ids: str = "ids", scores: str = "scores", ranks: str = "ranks"
) -> Callable[[Any], tuple[str, ...]]:
    """A key figure: the first ``n`` ids by rank with their scores (``"P3: 0.8125"``)."""

    def top(result: Any) -> tuple[str, ...]:
        order = np.argsort(np.asarray(getattr(result, ranks)), kind="stable")[:n]
        labels, values = getattr(result, ids), np.asarray(getattr(result, scores))
        return tuple(f"{labels[i]}: {short_value(values[i])}" for i in order.tolist())

    return top


def hand_written_repr(cls: type[Any]) -> bool:
    """True when ``cls`` defines its own ``__repr__`` (not one generated by attrs)."""
    own = cls.__dict__.get("__repr__")
    code = getattr(own, "__code__", None)
    return code is not None and not code.co_filename.startswith("<attrs generated")


def display(*figures: KeyFigure) -> Callable[[type[T]], type[T]]:
    """Class decorator: a concise ``__repr__`` and a ``_repr_html_`` from key figures.

    Put it above ``@attrs.frozen`` (which would otherwise write its own ``__repr__`` that
    dumps every array). The repr has at most 10 lines, the figures rounded to 4
    significant digits and long arrays summarised; the HTML shows every key figure and the
    first rows of ``to_records()``. Without figures, the public attrs fields are shown
    (scalars first). A ``__repr__`` written in the class body is kept (only the HTML is
    added).

    >>> import attrs
    >>> @display("n", ("doubled", lambda r: 2 * r.n))
    ... @attrs.frozen
    ... class Demo:
    ...     n: int
    ...     data: object = None
    >>> Demo(3, np.zeros(10_000))
    Demo(n=3, doubled=6)
    """

    def apply(cls: type[T]) -> type[T]:
        cls._key_figures = tuple(figures)  # type: ignore[attr-defined]
        if not hand_written_repr(cls):
            cls.__repr__ = _display_repr  # type: ignore[method-assign]
        cls._repr_html_ = _display_html  # type: ignore[attr-defined]
        return cls

    return apply


def same_values(a: Any, b: Any) -> bool:
    """Equality of result fields: arrays element by element, NaN equal to NaN.

    A result that holds arrays or documented NaN still round-trips *equal* through pickle
    and deepcopy with this as the field's comparison (see :func:`value_field`).

    >>> same_values(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    True
    >>> same_values(float("nan"), float("nan")), same_values(1.0, 2.0)
    (True, False)
    """
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        x, y = np.asarray(a), np.asarray(b)
        if x.shape != y.shape:
            return False
        try:
            return bool(np.array_equal(x, y, equal_nan=True))
        except TypeError:  # dtypes without NaN
            return bool(np.array_equal(x, y))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same_values(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same_values(a[k], b[k]) for k in a)
    return bool(a == b)



SAME_VALUES: Any = attrs.cmp_using(eq=same_values, class_name="SameValues")
"""``attrs.cmp_using`` of :func:`same_values`: ``attrs.field(eq=SAME_VALUES, hash=False)``
for fields of frozen results that hold numpy arrays or a documented NaN, so that they
round-trip equal through pickle and deepcopy."""


class ComparesValues:
    """Mixin for ``@attrs.frozen(eq=False)`` results that hold arrays or documented NaN.

    ``==`` compares every attrs field with :func:`same_values` (arrays element by element,
    NaN equal to NaN), so such a result round-trips *equal* through pickle and deepcopy.
    The instances are unhashable, as mutable-looking containers of arrays should be.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            same_values(getattr(self, a.name), getattr(other, a.name))
            for a in attrs.fields(type(self))  # type: ignore[arg-type]
        )

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None  # type: ignore[assignment]


class IdDict(FrozenDict):
    """A :class:`FrozenDict` of results by id: an unknown id raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``) naming the known ids.

    >>> d = IdDict({"DIG": 1.0})
    >>> d.get("OPS") is None, "DIG" in d
    (True, True)
    >>> d["OPS"]
    Traceback (most recent call last):
    ...
    pmokit.errors.UnknownReferenceError: unknown id 'OPS' (known: 'DIG')
    """

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        try:
            return self._data[key]
        except (KeyError, TypeError):
            from pmokit.errors import UnknownReferenceError

            sample = ", ".join(repr(k) for k in list(self._data)[:8])
            more = ", ..." if len(self._data) > 8 else ""
            raise UnknownReferenceError(
                f"unknown id {key!r} (known: {sample}{more})", [key]
            ) from None

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._data
        except TypeError:
            return False

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for ``key``, or ``default`` when the id is unknown."""
        try:
            return self[key]
        except KeyError:
            return default

    def __repr__(self) -> str:
        return f"IdDict({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (IdDict, (self._data,))
