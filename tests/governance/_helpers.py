"""Helpers shared by the tests of this folder."""

from __future__ import annotations

import copy
import pickle


def round_trips(obj: object) -> None:
    """pickle (every protocol) and deepcopy give an equal object."""
    for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(obj, proto)) == obj, proto
    assert copy.deepcopy(obj) == obj
