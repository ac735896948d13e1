"""Tests of pmokit.plot.burn_up on the Agg backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from pmokit import plot
from pmokit.errors import ValidationError
from tests._requires import requires_matplotlib


@pytest.fixture
def agg() -> Iterator[Any]:
    """The Agg backend; every figure closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


@requires_matplotlib
class TestBurnUp:
    """burn_up: done, scope and the cone."""

    def test_lines_and_cone(self, agg: Any) -> None:
        """The done and scope lines hold the result's numbers; one band for the cone."""
        from pmokit.agile import burn_up

        b = burn_up([2, 3, 0, 4, 3], [20, 20, 22, 22, 25], horizon=3, rng=1)
        ax = plot.burn_up(b)
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        np.testing.assert_array_equal(lines["done"].get_ydata(), b.done)
        np.testing.assert_array_equal(lines["scope"].get_ydata(), b.scope)
        assert {f"P{p:g}" for p in b.cone_percentiles} <= set(lines)
        assert len(ax.collections) == 1
        assert ax.collections[0].get_label() == "P15-P85"
        with pytest.raises(ValidationError, match="'result' must be a BurnUp"):
            plot.burn_up(b.finish)  # type: ignore[arg-type]
