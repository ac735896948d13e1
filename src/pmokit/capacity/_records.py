"""A tuple of attrs records that also offers ``to_records()`` and ``to_frame()``."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import attrs

from pmokit._results import Record, records_to_frame

__all__ = ["Records"]

T = TypeVar("T")


class Records(tuple[T, ...], Generic[T]):
    """An immutable sequence of result records (a tuple) with table exports.

    Functions that return a ranked list of records (``proficiency_gaps``,
    ``training_needs``, ``train_instead_of_hire``) return this: index, iterate and
    compare it like a tuple, or turn it into a table.

    Examples
    --------
    >>> from pmokit.capacity import Person, RoleProfile, proficiency_gaps
    >>> gaps = proficiency_gaps([Person("ana", {"sql": 2})], [RoleProfile("dev", {"sql": 4})],
    ...                         {"ana": "dev"})
    >>> gaps.to_records()
    [{'person': 'ana', 'role': 'dev', 'skill': 'sql', 'required': 4.0, 'current': 2.0, 'gap': 2.0}]
    """

    __slots__ = ()

    def to_records(self) -> list[Record]:
        """One dict per record, with the record's fields."""
        return [attrs.asdict(item) for item in self]  # type: ignore[arg-type]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())
