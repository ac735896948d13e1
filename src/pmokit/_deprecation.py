"""Renamed public names keep working for one release, with a DeprecationWarning.

Two tools, one message form: ``'<old>' is deprecated since pmokit <version> and will be
removed in the next release; use '<new>' instead``.

- :func:`renamed_arguments` for keyword arguments of a function or method;
- :func:`warn_renamed` for anything else (a module attribute through ``__getattr__``, a
  method alias).

>>> import warnings
>>> @renamed_arguments(n_samples="iterations")
... def f(*, iterations: int = 10) -> int:
...     return iterations
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     f(n_samples=5)
5
>>> print(caught[0].message)
'n_samples' is deprecated since pmokit 0.2 and will be removed ...; use 'iterations' instead
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from pmokit.errors import ValidationError

__all__ = ["SINCE", "renamed_arguments", "warn_renamed"]

SINCE = "0.2"
"""The release in which the current renames happened."""

F = TypeVar("F", bound=Callable[..., Any])


def warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Emit the one DeprecationWarning for a renamed public name."""
    warnings.warn(
        f"'{old}' is deprecated since pmokit {SINCE} and will be removed in the next "
        f"release; use '{new}' instead",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def renamed_arguments(**renames: str) -> Callable[[F], F]:
    """Decorator: accept each old keyword (``old="new"``) with a warning, as the new one.

    Giving both the old and the new name is a :class:`~pmokit.errors.ValidationError`.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise ValidationError(
                            f"give '{new}' only; '{old}' is its deprecated name "
                            f"(got both {old}={kwargs[old]!r} and {new}={kwargs[new]!r})"
                        )
                    warn_renamed(old, new)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
