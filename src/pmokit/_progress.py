"""``progress=`` for long runs: a callback that may stop the run, or ``True`` for a tqdm bar.

Every long-running entry point (resource-constrained scheduling, Monte Carlo simulation,
efficient frontiers, cross-validation) takes the same ``progress`` argument:

- ``None`` or ``False`` (default): nothing is reported;
- ``True``: a tqdm progress bar (needs the ``progress`` extra: ``pip install 'pmokit[progress]'``);
- a callable: called with a :class:`ProgressInfo` after each batch of work. Returning
  ``True`` or raising :class:`StopIteration` stops the run early, as scipy's
  ``minimize(callback=...)`` does; the result then says it stopped for ``"callback"`` and
  holds the best answer found so far.

The engine calls :meth:`Progress.update` once per batch (never per item), so reporting
costs a small fraction of the run (measured in ``benchmarks/bench_progress.py``).

>>> seen = []
>>> with Progress(lambda info: seen.append(info.done), total=3) as bar:
...     for done in (1, 2, 3):
...         stop = bar.update(done)
>>> seen
[1, 2, 3]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeAlias

import attrs

from pmokit.errors import MissingDependencyError, ValidationError

__all__ = ["Progress", "ProgressInfo", "ProgressLike", "check_progress"]


@attrs.frozen
class ProgressInfo:
    """What a progress callback receives after each batch of work.

    Attributes
    ----------
    done
        Units of work done so far (schedules, iterations, budgets, folds).
    total
        Units of work planned (the run may stop earlier, for example at a lower bound).
    elapsed
        Time since the run started [s].
    best
        The best objective value found so far (for example the shortest makespan
        [working days]), or None where the run has no objective.
    """

    done: int
    total: int
    elapsed: float
    best: float | None = None

    @property
    def fraction(self) -> float:
        """Share of the planned work done, 0-1."""
        return min(1.0, self.done / self.total) if self.total > 0 else 1.0


ProgressLike: TypeAlias = bool | Callable[[ProgressInfo], object] | None
"""What ``progress=`` accepts: None/False, True (a tqdm bar) or a callback."""


def check_progress(progress: Any, name: str = "progress") -> str | None:
    """The problem with a ``progress`` argument, or None when it is valid."""
    if progress is None or isinstance(progress, bool) or callable(progress):
        return None
    return (
        f"'{name}' must be None, True/False or a callable taking a ProgressInfo "
        f"(got {progress!r} that is a {type(progress).__name__})"
    )


def _tqdm() -> Any:
    try:
        from tqdm.auto import tqdm
    except ImportError as exc:
        msg = (
            "progress=True needs tqdm, which is not installed; install it with: "
            "pip install 'pmokit[progress]' (or pass a callback instead)"
        )
        raise MissingDependencyError(msg) from exc
    return tqdm


class Progress:
    """Report a run's progress to a callback or a tqdm bar; tell the run when to stop.

    Parameters
    ----------
    progress
        None/False, True or a callback (see the module documentation).
    total
        Units of work planned.
    desc
        Label of the tqdm bar.
    unit
        Unit of the tqdm bar (``"schedule"``, ``"iteration"``, ...).

    Raises
    ------
    ValidationError
        ``progress`` is neither a bool, None nor a callable.
    MissingDependencyError
        ``progress=True`` without tqdm installed.
    """

    __slots__ = ("_bar", "_callback", "_done", "_last", "_start", "active", "stopped", "total")

    def __init__(
        self, progress: ProgressLike, total: int, *, desc: str = "", unit: str = "it"
    ) -> None:
        problem = check_progress(progress)
        if problem is not None:
            raise ValidationError(problem)
        self.total = int(total)
        self._callback: Callable[[ProgressInfo], object] | None = None
        self._bar: Any = None
        self._done = 0
        self._last = -1
        self.stopped = False
        if progress is True:
            self._bar = _tqdm()(total=self.total, desc=desc or None, unit=unit, leave=True)
        elif progress is not None and progress is not False:
            self._callback = progress
        self.active = self._bar is not None or self._callback is not None
        self._start = time.perf_counter()

    def update(self, done: int, best: float | None = None) -> bool:
        """Report ``done`` units finished; True when the callback asked to stop."""
        if not self.active:
            return False
        done = int(done)
        if done == self._last:  # the same state again: report it once
            return self.stopped
        self._last = done
        if self._bar is not None:
            self._bar.update(max(0, min(done, self.total) - self._done))
            if best is not None:
                self._bar.set_postfix(best=best, refresh=False)
        self._done = max(self._done, min(done, self.total))
        if self._callback is not None and not self.stopped:
            info = ProgressInfo(done, self.total, time.perf_counter() - self._start, best)
            try:
                answer = self._callback(info)
            except StopIteration:
                answer = True
            if answer is True:
                self.stopped = True
        return self.stopped

    def close(self) -> None:
        """Close the tqdm bar, if any."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


NO_PROGRESS = Progress(None, 0)
"""A reporter that reports nothing (for internal callers without ``progress``)."""
