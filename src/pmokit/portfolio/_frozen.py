"""Value equality for the frozen portfolio classes that hold arrays.

attrs' generated ``__eq__`` cannot compare numpy arrays (their ``==`` is elementwise), so
those classes were ``eq=False`` (identity). :class:`ValueEq` compares every attrs field by
value: arrays with :func:`numpy.array_equal` (NaN equal to NaN), scipy sparse arrays by
their entries, tuples and mappings item by item. Such objects are unhashable, as a
mutable-looking value must be. With :class:`pmokit._results.PicklesReadOnly` it makes a
pickled or deep-copied result ``==`` to its original.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
import numpy as np

__all__ = ["ValueEq", "same_value"]


def _is_sparse(value: object) -> bool:
    return hasattr(value, "tocoo") and hasattr(value, "nnz")


def same_value(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` hold the same values (arrays, sparse, tuples, mappings)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if _is_sparse(a) or _is_sparse(b):
        if not (_is_sparse(a) and _is_sparse(b)) or a.shape != b.shape:
            return False
        return bool((a != b).nnz == 0)
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


class ValueEq:
    """Mixin for ``@attrs.frozen(eq=False)`` classes: ``==`` by the value of every field."""

    __slots__ = ()
    __hash__: ClassVar[None]  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            same_value(getattr(self, f.name), getattr(other, f.name))
            for f in attrs.fields(type(self))  # type: ignore[arg-type]
        )

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq
