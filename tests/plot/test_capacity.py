"""Tests of pmokit.plot.capacity_heatmap on the Agg backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from pmokit import plot
from pmokit.capacity import Demand, Person, allocate, heatmap
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
class TestCapacity:
    """capacity_heatmap: one image, skills down and periods across."""

    def test_load(self, agg: Any) -> None:
        """The image holds the load; tick labels are the skills and periods."""
        people = [Person("ana", ["sql"], max_utilisation=1.0),
                  Person("bo", ["py"], max_utilisation=1.0)]
        a = allocate(people, [Demand("p", "sql", [20.0, 60.0]), Demand("p", "py", [10, 0])],
                     periods=2)
        h = heatmap(a, people)
        ax = plot.capacity_heatmap(h)
        (img,) = ax.images
        np.testing.assert_allclose(np.ma.filled(img.get_array(), np.nan), h.load)
        assert [t.get_text() for t in ax.get_yticklabels()] == [str(s) for s in h.skills]
        assert len(ax.get_xticklabels()) == 2
        assert len(ax.texts) == h.load.size
        ax2 = plot.capacity_heatmap(h, measure="gap_fte", annotate=False)
        assert not ax2.texts
        with pytest.raises(ValidationError, match="'measure' must be one of"):
            plot.capacity_heatmap(h, measure="hours")  # type: ignore[arg-type]
