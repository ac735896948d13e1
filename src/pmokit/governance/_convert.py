"""Converters of the governance input classes: sequences to tuples, mappings to FrozenDicts.

A field given the wrong kind of value (a number where a sequence is expected, a list
where a mapping is expected) raises a :class:`~pmokit.errors.ValidationError` saying what
was expected and what was received, instead of a ``TypeError`` from ``tuple()`` or
``dict()``. A single string given for a sequence of names is one name, not a sequence of
characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pmokit._results import FrozenDict
from pmokit.errors import ValidationError


def as_tuple(value: Iterable[object] | str) -> tuple[Any, ...]:
    """A sequence as a tuple (a string is one item).

    >>> as_tuple("Business case"), as_tuple(["a", "b"])
    (('Business case',), ('a', 'b'))
    """
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise ValidationError(
            f"a sequence of items was expected (got {value!r:.60} that is a {type(value).__name__})"
        )
    return tuple(value)


def items_of(value: object, name: str, what: str) -> tuple[Any, ...]:
    """``value`` as a tuple of items, or a ValidationError naming ``name``.

    A single string or a non-iterable value is refused (not split into characters).

    >>> items_of(3, "results", "AuditResult")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'results' must be a sequence of AuditResult (got 3 that is a int)
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            f"'{name}' must be a sequence of {what} (got {value!r:.60} that is a "
            f"{type(value).__name__})"
        )
    return tuple(value)


def as_dict(value: Mapping[str, object] | Iterable[tuple[str, object]]) -> FrozenDict:
    """A mapping (or a sequence of key, value pairs) as a read-only, picklable FrozenDict.

    >>> d = as_dict({"budget": 10})
    >>> d["budget"], type(d).__name__
    (10, 'FrozenDict')
    """
    if isinstance(value, FrozenDict):
        return value
    try:
        return FrozenDict(dict(value))
    except (TypeError, ValueError):
        raise ValidationError(
            f"a mapping was expected (got {value!r:.60} that is a {type(value).__name__})"
        ) from None
