"""Tests of pmokit.plot's portfolio charts (efficient_frontier, ahp_priorities), Agg backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from pmokit import plot
from pmokit.errors import ValidationError
from pmokit.portfolio import Candidate, PairwiseMatrix, ahp_priorities, efficient_frontier
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
class TestPortfolio:
    """efficient_frontier and ahp_priorities."""

    def test_frontier(self, agg: Any) -> None:
        """One point per level, at the frontier's budgets and values."""
        cands = [Candidate("a", 10, 5), Candidate("b", 7, 3), Candidate("c", 4, 2)]
        fr = efficient_frontier(cands, [2, 5, 8, 10])
        ax = plot.efficient_frontier(fr)
        (line,) = [ln for ln in ax.get_lines() if ln.get_label() == "best value"]
        np.testing.assert_array_equal(line.get_xdata(), fr.total_budgets)
        np.testing.assert_array_equal(line.get_ydata(), fr.values)
        assert any(t.get_text().startswith("+") for t in ax.texts)
        with pytest.raises(ValidationError, match="'frontier' must be a Frontier"):
            plot.efficient_frontier(cands)

    def test_ahp(self, agg: Any) -> None:
        """Bars sorted by priority, the CR in the title."""
        m = PairwiseMatrix.from_judgements({("cost", "risk"): 3, ("cost", "fit"): 5,
                                            ("risk", "fit"): 2})
        r = ahp_priorities(m)
        ax = plot.ahp_priorities(r)
        (bars,) = ax.containers
        heights = [p.get_height() for p in bars]
        assert heights == sorted(r.priorities.tolist(), reverse=True)
        names = [t.get_text() for t in ax.get_xticklabels()]
        weights = dict(zip(r.labels, r.priorities.tolist(), strict=True))
        assert names[0] == "cost" and heights == [weights[n] for n in names]
        assert f"CR = {r.cr:.3f}" in ax.get_title() and "consistent" in ax.get_title()
        with pytest.raises(ValidationError, match="AHPResult"):
            plot.ahp_priorities(m)
