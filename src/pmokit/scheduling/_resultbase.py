"""What every scheduling result shares: pickling with read-only arrays, value equality and,
for results indexed by activity id, Python's mapping conventions."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from pmokit._results import IdMapping, PicklesReadOnly
from pmokit._typing import Id
from pmokit.errors import UnknownReferenceError

__all__ = ["ActivityMapping", "FrozenResult", "values_equal"]


def values_equal(x: object, y: object) -> bool:
    """Equality that compares numpy arrays by shape, dtype and values (NaN equal to NaN),
    and tuples item by item."""
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)):
            return False
        if x.shape != y.shape or x.dtype != y.dtype:
            return False
        return bool(np.array_equal(x, y, equal_nan=x.dtype.kind == "f"))
    if isinstance(x, tuple) and isinstance(y, tuple):
        return len(x) == len(y) and all(values_equal(a, b) for a, b in zip(x, y, strict=True))
    return bool(x == y)


class FrozenResult(PicklesReadOnly):
    """Mixin for frozen attrs results: pickle and deep-copy keep arrays read-only, and two
    results are ``==`` when every field is (arrays compared by value)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            values_equal(getattr(self, f.name), getattr(other, f.name))
            for f in attrs.fields(type(self))  # type: ignore[arg-type]
        )

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None  # type: ignore[assignment]


class ActivityMapping(FrozenResult, IdMapping):
    """A result whose ``ids`` are the network's activity ids, in index order.

    ``result[id]`` gives the activity's row (a dict); ``id in result``, ``iter``, ``len``,
    ``.get`` and ``.keys`` follow Python's mapping conventions; an unknown id raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).
    """

    __slots__ = ()
    _what = "activity"
    network: Any

    def _position(self, key: Id) -> int:
        try:
            i = self.network.compiled.index.get(key)
        except TypeError:  # unhashable: not an id
            i = None
        if i is None:
            raise UnknownReferenceError(
                f"no activity with id {key!r} in this schedule", [key]
            )
        return int(i)

    def index_of(self, activity_id: Id) -> int:
        """Position of an activity in the arrays, or :class:`UnknownReferenceError`."""
        return self._position(activity_id)
