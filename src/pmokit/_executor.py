"""Plumbing of ``executor=``: independent pieces of work run on any
``concurrent.futures.Executor`` (a ``ProcessPoolExecutor``, a Dask client's
``get_executor()``) or in the calling process, with the same results.

The pieces (chunks) are fixed by the caller from its inputs alone (a seed, a count),
never by the executor or its number of workers; chunk functions are pure module-level
functions, and results are merged in chunk order. A large input shared by every chunk
travels once per task as the bytes of one pickle (:class:`Shared`), unpickled once per
worker process.
"""

from __future__ import annotations

import concurrent.futures
import numbers
import pickle
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from pmokit.errors import ValidationError

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Shared", "check_chunk_size", "check_executor", "chunk_ranges", "run_chunks"]


def check_executor(executor: object) -> concurrent.futures.Executor | None:
    """``executor`` if it is None or a ``concurrent.futures.Executor``; else a
    ValidationError naming what was received (a Dask ``Client`` gets the hint to pass
    ``client.get_executor()``)."""
    if executor is None or isinstance(executor, concurrent.futures.Executor):
        return executor
    name = type(executor).__name__
    hint = (
        "; pass client.get_executor() for a Dask Client"
        if hasattr(executor, "get_executor")
        else ""
    )
    raise ValidationError(
        "'executor' must be a concurrent.futures.Executor such as ProcessPoolExecutor "
        f"(got {executor!r:.60} that is a {name}){hint}"
    )


def check_chunk_size(chunk_size: object, name: str = "chunk_size") -> int | None:
    """``chunk_size`` as an int >= 1, or None; else a ValidationError."""
    if chunk_size is None:
        return None
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, numbers.Integral):
        raise ValidationError(
            f"'{name}' must be an int >= 1 or None (got {chunk_size!r:.60} that is a "
            f"{type(chunk_size).__name__})"
        )
    if chunk_size < 1:
        raise ValidationError(f"'{name}' must be an int >= 1 or None (got {chunk_size})")
    return int(chunk_size)


def chunk_ranges(count: int, size: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` ranges of at most ``size`` consecutive items covering ``count``."""
    return [(lo, min(lo + size, count)) for lo in range(0, count, max(size, 1))]


def run_chunks(
    fn: Callable[[T], R],
    chunks: Sequence[T],
    executor: concurrent.futures.Executor | None,
) -> Iterator[R]:
    """``fn`` over ``chunks``, results in chunk order: in this process without an
    executor, else through ``executor.map``. A worker's exception is raised to the
    caller as itself (pmokit errors pickle, so a ``ValidationError`` raised in a
    worker comes back as that ``ValidationError``)."""
    if executor is None:
        return map(fn, chunks)
    return executor.map(fn, chunks)


_CACHE: OrderedDict[str, Any] = OrderedDict()
_CACHE_SIZE = 4
_LOCK = threading.Lock()


class Shared(Generic[T]):
    """A value shared by every chunk of one call: pickled once (to bytes, on first
    use), and unpickled once per worker process (a small cache keyed by a token).

    In the calling process :meth:`get` returns the value itself, with no copy."""

    def __init__(self, value: T) -> None:
        self._value = value
        self._token = uuid.uuid4().hex
        self._blob: bytes | None = None

    def get(self) -> T:
        """The shared value."""
        return self._value

    def blob(self) -> bytes:
        """The pickled value (made once)."""
        if self._blob is None:
            self._blob = pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL)
        return self._blob

    def __reduce__(self) -> tuple[Any, ...]:
        return (_load_shared, (self._token, self.blob()))


def _load_shared(token: str, blob: bytes) -> Shared[Any]:
    with _LOCK:
        if token in _CACHE:
            _CACHE.move_to_end(token)
            value = _CACHE[token]
        else:
            value = pickle.loads(blob)
            _CACHE[token] = value
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    out: Shared[Any] = Shared.__new__(Shared)
    out._value = value
    out._token = token
    out._blob = blob
    return out
