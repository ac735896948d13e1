"""Validation helpers shared by every domain.

Each entry point validates its input first, collects all problems and raises one
:class:`~pmokit.errors.ValidationError` naming every bad item. These helpers build
the messages in one consistent form: ``'<item>' must be <expected> (got <received>)``.

>>> p = Problems()
>>> p.check_number(float("nan"), "duration of activity 'A'", minimum=0.0)
>>> p.check_number(-2, "lag of link A -> B", finite=True)
>>> p.check_number(-1, "hours of demand 'D1'", minimum=0.0)
>>> p.raise_if_any()
Traceback (most recent call last):
...
pmokit.errors.ValidationError: 2 problems:
  - 'duration of activity 'A'' must be a finite number (got nan)
  - 'hours of demand 'D1'' must be >= 0.0 (got -1)
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from pmokit.errors import ValidationError

__all__ = [
    "Problems",
    "as_date",
    "as_float_array",
    "check_choice",
    "check_number",
]


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return text


def _number_problem(
    value: Any,
    name: str,
    *,
    minimum: float | None,
    maximum: float | None,
    strict_minimum: bool,
    finite: bool,
) -> str | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return (
            f"'{name}' must be a real number (got {_fmt(value)} that is a {type(value).__name__})"
        )
    v = float(value)
    if math.isnan(v) or (finite and math.isinf(v)):
        return f"'{name}' must be a finite number (got {_fmt(value)})"
    if minimum is not None:
        if strict_minimum and not v > minimum:
            return f"'{name}' must be > {minimum} (got {_fmt(value)})"
        if not strict_minimum and not v >= minimum:
            return f"'{name}' must be >= {minimum} (got {_fmt(value)})"
    if maximum is not None and not v <= maximum:
        return f"'{name}' must be <= {maximum} (got {_fmt(value)})"
    return None


def check_number(
    value: Any,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    strict_minimum: bool = False,
    finite: bool = True,
) -> float:
    """Return ``value`` as a float or raise :class:`ValidationError` naming ``name``.

    >>> check_number(3, "duration", minimum=0)
    3.0
    >>> check_number(float("inf"), "lag")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'lag' must be a finite number (got inf)
    """
    problem = _number_problem(
        value, name, minimum=minimum, maximum=maximum, strict_minimum=strict_minimum, finite=finite
    )
    if problem is not None:
        raise ValidationError(problem)
    return float(value)


def check_choice(value: Any, name: str, choices: Collection[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``; else raise naming the choices.

    >>> check_choice("geometric", "method", ("eigenvector", "geometric"))
    'geometric'
    >>> check_choice("mean", "method", ("eigenvector", "geometric"))
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'method' must be one of 'eigenvector', 'geometric' (got 'mean')
    """
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValidationError(f"'{name}' must be one of {options} (got {_fmt(value)})")
    return value


def as_date(value: Any, name: str) -> _dt.date:
    """Return ``value`` as a :class:`datetime.date` (a datetime is truncated to its date).

    numpy ``datetime64`` scalars are accepted; strings are not (parse them first).

    >>> as_date(_dt.datetime(2026, 4, 3, 9, 30), "start")
    datetime.date(2026, 4, 3)
    >>> as_date("2026-04-03", "start")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'start' must be a datetime.date (got '2026-04-03' that is a str)
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, np.datetime64):
        result: _dt.date = value.astype("datetime64[D]").astype(_dt.date)
        return result
    raise ValidationError(
        f"'{name}' must be a datetime.date (got {_fmt(value)} that is a {type(value).__name__})"
    )


def as_float_array(
    values: Any,
    name: str,
    *,
    ndim: int | None = 1,
    minimum: float | None = None,
    allow_nan: bool = False,
    allow_inf: bool = False,
    length: int | None = None,
    labels: Sequence[Any] | None = None,
) -> npt.NDArray[np.float64]:
    """Convert ``values`` to a float64 array and check it, naming the bad positions.

    ``labels`` (aligned with the first axis) are used in messages instead of indices.

    >>> as_float_array([1, 2, 3], "planned")
    array([1., 2., 3.])
    >>> as_float_array([1, float("nan"), -1], "planned", minimum=0, labels=["Jan", "Feb", "Mar"])
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 2 problems:
      - 'planned' must hold finite numbers, but at Feb got nan
      - 'planned' must be >= 0, but at Mar got -1.0
    """
    try:
        arr = np.array(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            f"'{name}' must be an array of numbers (got {_fmt(values)}: {exc})"
        ) from None
    if ndim is not None and arr.ndim != ndim:
        raise ValidationError(
            f"'{name}' must be a {ndim}-dimensional array (got {arr.ndim} dimensions, "
            f"shape {arr.shape})"
        )
    if length is not None and arr.shape[0] != length:
        raise ValidationError(f"'{name}' must have length {length} (got {arr.shape[0]})")
    problems: list[str] = []

    def where(idx: tuple[int, ...]) -> str:
        if labels is not None and len(idx) >= 1 and idx[0] < len(labels):
            head = str(labels[idx[0]])
            return head if len(idx) == 1 else f"{head}{list(idx[1:])}"
        return f"index {idx[0] if len(idx) == 1 else idx}"

    bad_nan = np.isnan(arr) if not allow_nan else np.zeros(arr.shape, dtype=bool)
    bad_inf = np.isinf(arr) if not allow_inf else np.zeros(arr.shape, dtype=bool)
    for idx in zip(*np.nonzero(bad_nan | bad_inf), strict=True):
        i = tuple(int(k) for k in idx)
        got = float(arr[i])
        problems.append(f"'{name}' must hold finite numbers, but at {where(i)} got {got!r}")
        if len(problems) >= 20:
            break
    if minimum is not None:
        with np.errstate(invalid="ignore"):
            below = arr < minimum
        for idx in zip(*np.nonzero(below), strict=True):
            i = tuple(int(k) for k in idx)
            problems.append(
                f"'{name}' must be >= {minimum}, but at {where(i)} got {float(arr[i])!r}"
            )
            if len(problems) >= 40:
                break
    if problems:
        raise ValidationError(problems)
    arr.setflags(write=False)
    return arr


class Problems:
    """Collect validation problems, then raise them all together.

    Use one per entry point: call the ``check_*`` methods or :meth:`add`, then
    :meth:`raise_if_any` before computing anything.
    """

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str) -> None:
        """Record one problem message."""
        self.items.append(message)

    def extend(self, messages: Iterable[str]) -> None:
        """Record several problem messages."""
        self.items.extend(messages)

    def check_number(
        self,
        value: Any,
        name: str,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        strict_minimum: bool = False,
        finite: bool = True,
    ) -> None:
        """Record a problem if ``value`` is not a real number within the bounds."""
        problem = _number_problem(
            value,
            name,
            minimum=minimum,
            maximum=maximum,
            strict_minimum=strict_minimum,
            finite=finite,
        )
        if problem is not None:
            self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self, error: type[ValidationError] = ValidationError) -> None:
        """Raise ``error`` with every recorded problem, if there are any."""
        if self.items:
            raise error(self.items)
