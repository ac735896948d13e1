"""Helpers shared by result objects: ``to_frame()`` and ``to_records()``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from pmokit.errors import MissingDependencyError

Record = dict[str, Any]


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
    """Turn a list of dicts into a pandas DataFrame (pandas imported lazily)."""
    pd = require_pandas()
    frame = pd.DataFrame.from_records(list(records))
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
