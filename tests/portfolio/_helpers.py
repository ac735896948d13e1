"""Helpers shared by the tests of this folder."""

from __future__ import annotations

import numpy as np

NON_REAL = {
    "complex": [1 + 2j, 3],
    "None": [None, 3],
    "datetime64": np.array(["2026-01-01", "2026-01-02"], dtype="datetime64[D]"),
}
