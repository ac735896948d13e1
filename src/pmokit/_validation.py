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
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError

__all__ = [
    "MAX_ARRAY_BYTES",
    "Problems",
    "as_date",
    "as_float_array",
    "as_percentiles",
    "as_quantiles",
    "check_allocation",
    "check_choice",
    "check_flag",
    "check_id",
    "check_ids",
    "check_known",
    "check_number",
    "check_plausible",
    "number_kind_problem",
]

MAX_ARRAY_BYTES = 8 * 2**30
"""The largest single array an entry point may allocate [bytes] (8 GiB).

Sizes beyond it are rejected with a :class:`~pmokit.errors.ValidationError` that states
the limit, before anything is allocated, instead of dying of ``MemoryError``."""


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
    integer: bool = False,
) -> str | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return (
            f"'{name}' must be a real number (got {_fmt(value)} that is a {type(value).__name__})"
        )
    if integer and not isinstance(value, numbers.Integral):
        return f"'{name}' must be an integer (got {_fmt(value)} that is a {type(value).__name__})"
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
    integer: bool = False,
) -> float:
    """Return ``value`` as a float or raise :class:`ValidationError` naming ``name``.

    ``integer=True`` asks for a count: a Python or numpy integer (bools, and floats even
    when whole, are refused).

    >>> check_number(3, "duration", minimum=0)
    3.0
    >>> check_number(float("inf"), "lag")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'lag' must be a finite number (got inf)
    >>> check_number(2.5, "max of group 'g'", minimum=0, integer=True)
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'max of group 'g'' must be an integer (got 2.5 that is a float)
    """
    problem = _number_problem(
        value,
        name,
        minimum=minimum,
        maximum=maximum,
        strict_minimum=strict_minimum,
        finite=finite,
        integer=integer,
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
    kind_problem = number_kind_problem(values, name)
    if kind_problem is not None:
        raise ValidationError(kind_problem)
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
        integer: bool = False,
    ) -> None:
        """Record a problem if ``value`` is not a real number within the bounds (an
        integer with ``integer=True``)."""
        problem = _number_problem(
            value,
            name,
            minimum=minimum,
            maximum=maximum,
            strict_minimum=strict_minimum,
            finite=finite,
            integer=integer,
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


_KIND_NAMES = {
    "c": "complex numbers",
    "M": "datetime64 values",
    "m": "timedelta64 values",
    "U": "strings",
    "S": "bytes",
    "b": "booleans",
    "V": "structured values",
}


_NOT_NUMBERS = (
    bool,
    np.bool_,
    str,
    bytes,
    complex,
    np.complexfloating,
    _dt.date,
    _dt.timedelta,
    np.datetime64,
    np.timedelta64,
)


def _flat_items(values: list[Any] | tuple[Any, ...]) -> Iterator[Any]:
    """The leaves of nested lists and tuples, in order."""
    for item in values:
        if isinstance(item, list | tuple):
            yield from _flat_items(item)
        else:
            yield item


def number_kind_problem(values: Any, name: str) -> str | None:
    """A message if ``values`` holds something other than real numbers, else ``None``.

    numpy would silently turn complex numbers into their real part, datetime64 into day
    counts, strings such as ``"3"`` into numbers, booleans into 0/1 and ``None`` into NaN;
    each of these is refused by name.

    >>> number_kind_problem([1.0, 2.5], "durations") is None
    True
    >>> number_kind_problem([1 + 2j], "durations")
    "'durations' must be an array of numbers (got complex numbers)"
    >>> number_kind_problem([1.0, True], "costs")
    "'costs' must be an array of numbers (got True that is a bool at index 1)"
    >>> number_kind_problem([1.0, None], "costs")
    "'costs' must be an array of numbers (got None at index 1)"
    """
    try:
        raw = np.asarray(values)
    except Exception:  # ragged input; the float conversion reports it
        return None
    kind = raw.dtype.kind
    if kind in _KIND_NAMES:
        return f"'{name}' must be an array of numbers (got {_KIND_NAMES[kind]})"
    if kind in "fiu" and isinstance(values, list | tuple):
        # numpy reads True as 1.0 and may fold numpy scalars into a float array: scan items.
        for i, item in enumerate(_flat_items(values)):
            if isinstance(item, bool | np.bool_ | np.datetime64 | np.timedelta64):
                return (
                    f"'{name}' must be an array of numbers "
                    f"(got {_fmt(item)} that is a {type(item).__name__} at index {i})"
                )
    if kind == "O":
        for i, item in enumerate(raw.ravel().tolist()):
            if item is None:
                return f"'{name}' must be an array of numbers (got None at index {i})"
            if isinstance(item, _NOT_NUMBERS):
                return (
                    f"'{name}' must be an array of numbers "
                    f"(got {_fmt(item)} that is a {type(item).__name__} at index {i})"
                )
    return None


def check_flag(value: Any, name: str) -> bool:
    """Return ``value`` if it is a bool (Python or numpy); anything else is refused.

    Truthy strings such as ``"no"`` would otherwise read as ``True``.

    >>> check_flag(False, "cumulative")
    False
    >>> check_flag("no", "cumulative")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'cumulative' must be True or False (got 'no' that is a str)
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ValidationError(
        f"'{name}' must be True or False (got {_fmt(value)} that is a {type(value).__name__})"
    )


def check_id(value: Any, name: str) -> str | None:
    """A problem message if ``value`` cannot be an id, else ``None``.

    The rule, the same in every domain: an id is any hashable value except ``None``, an
    empty or blank string, a float (NaN, and ``1.0`` vs ``1`` ambiguity) and a bool.
    Integers (Python or numpy) are accepted; ``np.int64(1)`` and ``1`` are the same id.

    >>> check_id("A", "activity id") is None
    True
    >>> check_id("", "activity id")
    "'activity id' must be a non-empty id (got '')"
    """
    if value is None or isinstance(value, bool | np.bool_ | float | np.floating):
        return (
            f"'{name}' must be a string or integer id "
            f"(got {_fmt(value)} that is a {type(value).__name__})"
        )
    if isinstance(value, str) and not value.strip():
        return f"'{name}' must be a non-empty id (got {_fmt(value)})"
    try:
        hash(value)
    except TypeError:
        return f"'{name}' must be hashable (got {_fmt(value)} that is a {type(value).__name__})"
    return None


def check_ids(values: Iterable[Any], name: str) -> tuple[Hashable, ...]:
    """Return ``values`` as a tuple of ids, refusing bad, empty and duplicate ids.

    Raises :class:`ValidationError` for bad ids and :class:`DuplicateError` naming every
    repeated id.

    >>> check_ids(["A", "B"], "ids")
    ('A', 'B')
    >>> check_ids(["A", "B", "A"], "ids")
    Traceback (most recent call last):
    ...
    pmokit.errors.DuplicateError: 'ids' must be unique, but 'A' occurs 2 times
    """
    items = tuple(values)
    bad = [m for i, v in enumerate(items) if (m := check_id(v, f"{name}[{i}]")) is not None]
    if bad:
        raise ValidationError(bad)
    counts: dict[Hashable, int] = {}
    for v in items:
        counts[v] = counts.get(v, 0) + 1
    dups = [k for k, c in counts.items() if c > 1]
    if dups:
        raise DuplicateError(
            [f"'{name}' must be unique, but {k!r} occurs {counts[k]} times" for k in dups], dups
        )
    return items


def check_known(
    keys: Iterable[Any], known: Collection[Any], name: str, what: str = "id"
) -> None:
    """Raise :class:`UnknownReferenceError` listing every key of ``keys`` not in ``known``.

    >>> check_known(["A", "Z"], {"A", "B"}, "shift_projects", "project")
    Traceback (most recent call last):
    ...
    pmokit.errors.UnknownReferenceError: 'shift_projects' names the unknown project 'Z'...
    """
    unknown = [k for k in keys if k not in known]
    if unknown:
        listed = ", ".join(repr(k) for k in unknown[:20])
        more = f" and {len(unknown) - 20} more" if len(unknown) > 20 else ""
        sample = ", ".join(repr(k) for k in list(known)[:8])
        plural = "s" if len(unknown) > 1 else ""
        raise UnknownReferenceError(
            f"'{name}' names the unknown {what}{plural} {listed}{more} "
            f"(known: {sample}{', ...' if len(known) > 8 else ''})",
            unknown,
        )


def check_allocation(
    shape: Sequence[int], name: str, *, itemsize: int = 8, limit: int = MAX_ARRAY_BYTES
) -> None:
    """Refuse an array of ``shape`` larger than ``limit`` bytes, before allocating it.

    >>> check_allocation((10**6, 10**6), "irr companion matrix")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'irr companion matrix' would need 8000000000000 bytes...
    """
    total = itemsize
    for n in shape:
        total *= int(n)
    if total > limit:
        raise ValidationError(
            f"'{name}' would need {total} bytes for an array of shape {tuple(shape)}, "
            f"above the limit of {limit} bytes ({limit / 2**30:.0f} GiB); use fewer items"
        )


def check_plausible(
    value: float,
    name: str,
    *,
    bound: float,
    hint: str,
    check_units: bool = True,
    below: bool = False,
) -> str | None:
    """A unit-slip message if ``value`` passes its plausible ``bound``, else ``None``.

    Every guard in pmokit has a documented bound and the keyword ``check_units=False``
    to say "I mean it". ``below=True`` flags values under the bound instead of above.

    >>> check_plausible(80, "fte of person 'P1'", bound=1.5, hint="did you give a percent?")
    "'fte of person 'P1'' is 80, above the plausible bound 1.5: did you give a percent? ..."

    ``check_units`` itself must be a bool: ``check_units="no"`` would otherwise read as
    True (:func:`check_flag` raises).

    >>> check_plausible(0.5, "fte", bound=1.5, hint="", check_units="no")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'check_units' must be True or False (got 'no' that is a str)
    """
    check_flag(check_units, "check_units")
    if not check_units:
        return None
    if (value < bound) if below else (value > bound):
        side = "below" if below else "above"
        return (
            f"'{name}' is {_fmt(value)}, {side} the plausible bound {bound}: {hint} "
            "(pass check_units=False if you mean it)"
        )
    return None


def as_percentiles(values: Any, name: str, *, check_units: bool = True) -> Any:
    """Check percentiles on numpy's 0-100 scale; returns a float or a float array.

    All values in (0, 1] look like quantiles given for percentiles: that slip is refused
    unless ``check_units=False``.

    >>> as_percentiles(80, "percentile")
    80.0
    >>> as_percentiles(0.8, "percentile")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'percentile' takes 0-100 (got 0.8): did you mean quantile(0.8)...
    """
    check_flag(check_units, "check_units")
    kind_problem = number_kind_problem(values, name)
    if kind_problem is not None:
        raise ValidationError(kind_problem)
    arr = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 100):
        raise ValidationError(f"'{name}' must lie in [0, 100] (got {_fmt(values)})")
    if check_units and arr.size and np.all((arr > 0) & (arr <= 1)):
        shown = _fmt(values if arr.ndim else float(arr))
        as_pct = _fmt((arr * 100).tolist() if arr.ndim else float(arr) * 100)
        raise ValidationError(
            f"'{name}' takes 0-100 (got {shown}): did you mean quantile({shown}), or "
            f"percentile({as_pct})? (pass check_units=False if you mean P{shown})"
        )
    return float(arr) if arr.ndim == 0 else arr


def as_quantiles(values: Any, name: str) -> Any:
    """Check quantiles (probabilities) on numpy's 0-1 scale; returns a float or an array.

    >>> as_quantiles(0.8, "quantile")
    0.8
    >>> as_quantiles(80, "quantile")
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'quantile' takes probabilities in [0, 1] (got 80): did...
    """
    kind_problem = number_kind_problem(values, name)
    if kind_problem is not None:
        raise ValidationError(kind_problem)
    arr = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
        hint = ""
        if np.all(np.isfinite(arr)) and np.all((arr >= 0) & (arr <= 100)):
            as_q = _fmt((arr / 100).tolist() if arr.ndim else float(arr) / 100)
            hint = f": did you mean percentile({_fmt(values)}) or quantile({as_q})?"
        raise ValidationError(
            f"'{name}' takes probabilities in [0, 1] (got {_fmt(values)}){hint}"
        )
    return float(arr) if arr.ndim == 0 else arr


def mapping_keys(value: Any, name: str) -> Mapping[Any, Any]:
    """Return ``value`` if it is a mapping, else raise naming ``name``."""
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"'{name}' must be a mapping (got {_fmt(value)} that is a {type(value).__name__})"
        )
    return value
