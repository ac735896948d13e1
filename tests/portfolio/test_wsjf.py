"""Tests of weighted shortest job first (wsjf)."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from pmokit.errors import ValidationError
from pmokit.portfolio import wsjf


class TestWsjf:
    def test_values(self) -> None:
        """WSJF = (BV + TC + RR/OE) / job size; contributions add up."""
        r = wsjf(
            ["A", "B", "C"],
            business_value=[8, 3, 5],
            time_criticality=[5, 8, 1],
            risk_reduction=[2, 1, 1],
            job_size=[13, 3, 1],
        )
        assert_allclose(r.scores, [15 / 13, 4.0, 7.0])
        assert r.top(3) == ("C", "B", "A")
        assert_allclose(r.contributions.sum(axis=1), r.scores)
        assert r.method == "wsjf"

    def test_errors_reported_together(self) -> None:
        """Negative components and zero size are reported in one error."""
        with pytest.raises(ValidationError) as e:
            wsjf(
                ["A", "B"],
                business_value=[-1, 2],
                time_criticality=[1, float("nan")],
                risk_reduction=[1, 1],
                job_size=[0, 1],
            )
        assert len(e.value.problems) == 3
