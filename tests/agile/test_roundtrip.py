"""Every agile result: frozen, read-only arrays, records, frames, pickle round trip equal."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import numpy as np
import pytest

from pmokit.agile import (
    aging_wip,
    burn_up,
    cycle_times,
    how_many,
    throughput_trend,
    velocity_when_done,
    when_done,
)
from tests._requires import requires_pandas

D = dt.date


def _results() -> list[Any]:
    ct = cycle_times([D(2026, 6, 1), D(2026, 6, 2)], [D(2026, 6, 4), D(2026, 6, 9)],
                     ids=["a", "b"])
    return [
        when_done([1, 2, 3], (5, 9), iterations=100, rng=1, start=D(2026, 7, 6)),
        how_many([1, 2, 3], 4, iterations=100, rng=1, start=D(2026, 7, 6)),
        velocity_when_done([8.5, 13], 40, iterations=100, rng=1),
        burn_up([1, 2, 3], 12, horizon=2, iterations=100, rng=1, start=D(2026, 6, 1)),
        ct,
        aging_wip([D(2026, 6, 20)], D(2026, 6, 30), ct, ids=["w"]),
        throughput_trend([4, 3, 3, 2]),
    ]


@pytest.mark.parametrize("result", _results(), ids=lambda r: type(r).__name__)
class TestEveryResult:
    """The shared result contract."""

    def test_frozen(self, result: Any) -> None:
        """Attributes cannot be set."""
        name = attrs.fields(type(result))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(result, name, None)

    def test_pickle_equal_and_readonly(self, result: Any) -> None:
        """A pickle round trip is equal, and its arrays stay read-only."""
        back = pickle.loads(pickle.dumps(result))
        assert back == result
        for f in attrs.fields(type(result)):
            value = getattr(back, f.name)
            if isinstance(value, np.ndarray):
                assert not value.flags.writeable, f.name

    def test_records(self, result: Any) -> None:
        """to_records gives a non-empty list of dicts."""
        rec = result.to_records()
        assert rec and all(isinstance(r, dict) for r in rec)

    @requires_pandas
    def test_frame(self, result: Any) -> None:
        """to_frame gives a DataFrame with one row per record."""
        assert len(result.to_frame()) == len(result.to_records())
