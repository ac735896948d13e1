"""Helpers shared by the tests of this folder."""

from __future__ import annotations

import datetime as dt

import numpy as np

BAD: tuple[object, ...] = (
    None, float("nan"), float("inf"), -1, 0, 1, 1.5, 1 + 2j, np.datetime64("2026-01-01"), "",
    "x", "no", True, [], {}, (), [None], [1 + 1j], np.array([1, 2], dtype=complex), {"": 1},
    {"ZZZ": 1}, {None: 1}, ["A", "A"], 10**12, -(10**12), dt.date.max, object(),
)
"""Values an entry point's docs forbid in most arguments (or accept; then no error)."""
