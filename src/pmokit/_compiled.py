"""Optional compiled kernels: the extra ``fast`` (numba).

Every kernel has a numpy path that stays the default without the extra and stays tested;
with numba installed, hot loops run as compiled kernels that give the same numbers bit
for bit (tests run both paths and compare them). Nothing here reads or writes files:
kernels compile in memory (``cache=False``) on their first call.

Use::

    from pmokit import _compiled

    def _forward_loop(order, ptr, preds, out):  # plain Python loop, numba-compatible
        ...

    _forward_kernel = _compiled.kernel(_forward_loop)  # None without numba

    def forward(...):
        if _compiled.active() and _forward_kernel is not None:
            _forward_kernel(order, ptr, preds, out)
        else:
            ...  # the numpy path

Tests force the numpy path with ``with _compiled.disabled(): ...``.
"""

from __future__ import annotations

import contextvars
import importlib.util
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["active", "available", "disabled", "kernel"]

_OFF: contextvars.ContextVar[bool] = contextvars.ContextVar("pmokit_compiled_off", default=False)
_NUMBA: Any = None
_CHECKED = False


def _numba() -> Any:
    """The numba module, or None when the extra is not installed (imported once, lazily)."""
    global _NUMBA, _CHECKED
    if not _CHECKED:
        _CHECKED = True
        if importlib.util.find_spec("numba") is not None:
            try:
                import numba

                _NUMBA = numba
            except Exception:  # a broken numba install falls back to numpy
                _NUMBA = None
    return _NUMBA


def available() -> bool:
    """True when numba is installed (the extra ``fast``)."""
    return _numba() is not None


def active() -> bool:
    """True when compiled kernels should run: numba is installed and not disabled here."""
    return not _OFF.get() and available()


@contextmanager
def disabled() -> Iterator[None]:
    """Run the numpy paths inside this block (in this thread or task only)."""
    token = _OFF.set(True)
    try:
        yield
    finally:
        _OFF.reset(token)


class _Lazy:
    """A kernel compiled by numba on its first call (so importing pmokit stays fast)."""

    __slots__ = ("_compiled", "_fn", "_options")

    def __init__(self, fn: Callable[..., Any], options: dict[str, Any]) -> None:
        self._fn = fn
        self._options = options
        self._compiled: Any = None

    def __call__(self, *args: Any) -> Any:
        if self._compiled is None:
            self._compiled = _numba().njit(cache=False, **self._options)(self._fn)
        return self._compiled(*args)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Lazy, (self._fn, self._options))


def kernel(fn: F | None = None, **options: Any) -> Any:
    """Decorate a numba-compatible function: a lazily compiled kernel when numba is
    installed, else None (the caller then takes its numpy path).

    ``options`` go to ``numba.njit`` (for example ``nogil=True``, ``fastmath`` must stay
    off: kernels give the numpy path's numbers bit for bit).
    """
    if options.get("fastmath"):
        raise ValueError("compiled kernels must not use fastmath: results must equal numpy's")

    def wrap(f: F) -> Any:
        if not available():
            return None
        return _Lazy(f, dict(options))

    if fn is None:
        return wrap
    return wrap(fn)
