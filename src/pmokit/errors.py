"""The one exception hierarchy of pmokit.

Every public entry point validates its input first and raises one of these exceptions.
Each message names the offending item, what was expected and what was received. When
several items are wrong at once they are reported together in one exception; the
individual messages are kept in :attr:`ValidationError.problems`.

Children also subclass the builtin exception they refine, so ``except ValueError``
keeps working for callers who do not know pmokit.

Examples
--------
>>> from pmokit.errors import ValidationError, PmokitError
>>> err = ValidationError(["'duration' of activity 'A' must be >= 0 (got -1.0)",
...                        "'lag' of link A -> B must be finite (got nan)"])
>>> isinstance(err, ValueError) and isinstance(err, PmokitError)
True
>>> print(err)
2 problems:
  - 'duration' of activity 'A' must be >= 0 (got -1.0)
  - 'lag' of link A -> B must be finite (got nan)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

__all__ = [
    "CycleError",
    "DuplicateError",
    "InfeasibleInputError",
    "MissingDependencyError",
    "PmokitError",
    "SolverError",
    "UnknownReferenceError",
    "ValidationError",
]


class PmokitError(Exception):
    """Base class of every exception raised by pmokit."""


def _rebuild_error(
    cls: type[ValidationError], problems: tuple[str, ...], state: dict[str, Any]
) -> ValidationError:
    """Unpickle a ValidationError (or child) with its problems and attributes."""
    err = ValidationError.__new__(cls)
    ValidationError.__init__(err, problems)
    err.__dict__.update(state)
    return err


def _unique(items: Iterable[Hashable]) -> tuple[Hashable, ...]:
    """Items in first-met order without repeats; works for unhashable items too."""
    out: list[Hashable] = []
    for item in items:
        try:
            seen = item in out
        except Exception:  # an item whose __eq__ fails is kept as it is
            seen = False
        if not seen:
            out.append(item)
    return tuple(out)


class ValidationError(PmokitError, ValueError):
    """Input does not meet the documented contract.

    Parameters
    ----------
    problems
        One message, or several messages reported together. Each message names the
        item, what was expected and what was received.
    """

    problems: tuple[str, ...]

    def __init__(self, problems: str | Sequence[str]) -> None:
        if isinstance(problems, str):
            items: tuple[str, ...] = (problems,)
        else:
            items = tuple(problems)
        self.problems = items
        if len(items) == 1:
            msg = items[0]
        else:
            msg = f"{len(items)} problems:\n" + "\n".join(f"  - {p}" for p in items)
        super().__init__(msg)

    def __str__(self) -> str:
        # KeyError (a base of UnknownReferenceError) would print the repr of the message.
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle and copy keep the list of problems and every extra attribute.
        return (_rebuild_error, (type(self), self.problems, dict(self.__dict__)))


class CycleError(ValidationError):
    """A dependency network contains a cycle.

    Attributes
    ----------
    cycle
        The ids on one cycle in order, the first id repeated at the end
        (``("A", "B", "C", "A")``).
    """

    cycle: tuple[Hashable, ...]

    def __init__(self, cycle: Sequence[Hashable], *, what: str = "dependency network") -> None:
        self.cycle = tuple(cycle)
        path = " -> ".join(str(c) for c in self.cycle)
        super().__init__(
            f"the {what} must be acyclic, but it contains the cycle {path}; "
            "remove or reverse one of these links"
        )


class UnknownReferenceError(ValidationError, KeyError):
    """Items refer to ids that do not exist; all unknown ids are listed.

    It is both a :class:`ValidationError` (a ``ValueError``) and a ``KeyError``, so a
    lookup of an unknown id in a result (``schedule["Z"]``) follows Python's mapping
    convention while keeping pmokit's message.

    Attributes
    ----------
    unknown
        The unknown ids, in the order first met.
    """

    unknown: tuple[Hashable, ...]

    def __init__(self, problems: str | Sequence[str], unknown: Iterable[Hashable] = ()) -> None:
        self.unknown = _unique(unknown)
        super().__init__(problems)


class DuplicateError(ValidationError):
    """Ids that must be unique occur more than once.

    Attributes
    ----------
    duplicates
        The repeated ids.
    """

    duplicates: tuple[Hashable, ...]

    def __init__(self, problems: str | Sequence[str], duplicates: Iterable[Hashable] = ()) -> None:
        self.duplicates = _unique(duplicates)
        super().__init__(problems)


class InfeasibleInputError(ValidationError):
    """The input can never be satisfied (for example a demand above a resource's capacity).

    An optimisation that is merely infeasible under its rules returns a result with a
    ``status``; this error is for input that makes the question itself meaningless.
    """


class MissingDependencyError(PmokitError, ImportError):
    """An optional dependency (for example pandas for ``to_frame()``) is not installed."""


class SolverError(PmokitError, RuntimeError):
    """A numerical solver failed in a way that is not an honest 'no solution' result."""
