"""Typing aliases shared by every domain (one definition each).

Import these instead of writing ``npt.NDArray[np.float64]`` again::

    from pmokit._typing import FloatArray, IntArray
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "BoolArray",
    "DateArray",
    "FloatArray",
    "Id",
    "IntArray",
    "SolverStatus",
    "StopReason",
    "WordArray",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""A float64 array: durations, costs, values."""
IntArray: TypeAlias = npt.NDArray[np.int64]
"""An int64 array: indices into compiled models."""
BoolArray: TypeAlias = npt.NDArray[np.bool_]
"""A boolean mask."""
DateArray: TypeAlias = npt.NDArray[np.datetime64]
"""A datetime64 array of dates."""
WordArray: TypeAlias = npt.NDArray[np.uint64]
"""Random 64-bit words."""
Id: TypeAlias = Hashable
"""The id of an activity, candidate, person, skill or project: any hashable label."""

SolverStatus: TypeAlias = Literal[
    "optimal", "feasible", "infeasible", "unbounded", "time_limit", "not_solved", "error"
]
"""The one status vocabulary of every optimisation result (selection, allocation, RCPSP).

- ``"optimal"``: proven optimal (within the requested gap);
- ``"feasible"``: a solution that meets every rule, not proven optimal;
- ``"infeasible"``: no solution meets the rules (the result says which conflict);
- ``"unbounded"``: the objective can grow without limit (a modelling error);
- ``"time_limit"``: stopped by the time limit before any solution was found;
- ``"not_solved"``: the model was not run (for example nothing to choose from);
- ``"error"``: the solver failed numerically.
"""

StopReason: TypeAlias = Literal["budget", "lower_bound", "time_limit", "single_pass", "callback"]
"""Why a search stopped: its budget used, its lower bound met (optimal), its time limit, a
single pass by design, or a progress callback asked it to stop."""
