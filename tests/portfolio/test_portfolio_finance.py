"""Tests of pmokit.portfolio._finance: NPV, IRR, MIRR, payback, BCR."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import ValidationError
from pmokit.portfolio import (
    benefit_cost_ratio,
    discounted_payback,
    irr,
    mirr,
    npv,
    payback,
)


class TestNpv:
    def test_numpy_financial_example(self) -> None:
        """numpy-financial documents npv(0.08, [-40000, 5000, 8000, 12000, 30000]) = 3065.22267."""
        assert_allclose(npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 3065.22267, atol=1e-5)

    def test_excel_example_discounts_first_flow(self) -> None:
        """Excel's NPV example (10 %, -10000, 3000, 4200, 6800) is 1188.44 with when='end'."""
        assert_allclose(npv(0.10, [-10_000, 3_000, 4_200, 6_800], when="end"), 1188.44, atol=5e-3)

    def test_conventions_differ_by_one_period(self) -> None:
        """when='end' is when='start' discounted one more period."""
        flows = [-100, 30, 40, 50]
        assert_allclose(npv(0.07, flows, when="end") * 1.07, npv(0.07, flows))

    @pytest.mark.parametrize("rate", [-1.0, -2.0, float("nan"), float("inf")])
    def test_bad_rate(self, rate: float) -> None:
        """A rate <= -1 or not finite is rejected naming 'rate'."""
        with pytest.raises(ValidationError, match="'rate'"):
            npv(rate, [1, 2])

    def test_nan_flow(self) -> None:
        """A NaN cash flow is rejected naming its position."""
        with pytest.raises(ValidationError, match="index 1"):
            npv(0.1, [1, float("nan")])

    def test_empty(self) -> None:
        """No cash flows is rejected."""
        with pytest.raises(ValidationError, match="at least one"):
            npv(0.1, [])

    def test_bad_when(self) -> None:
        """An unknown convention is rejected."""
        with pytest.raises(ValidationError, match="'when'"):
            npv(0.1, [1], when="middle")  # type: ignore[arg-type]


class TestIrr:
    def test_numpy_financial_example(self) -> None:
        """numpy-financial documents irr([-100, 39, 59, 55, 20]) = 0.28095."""
        r = irr([-100, 39, 59, 55, 20])
        assert r.status == "unique"
        assert_allclose(r.rate, 0.28095, atol=1e-5)

    def test_excel_examples(self) -> None:
        """Excel's IRR examples: 8.66 % after five years, -2.12 % after four."""
        flows = [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]
        assert_allclose(irr(flows).rate, 0.0866, atol=5e-5)
        assert_allclose(irr(flows[:5]).rate, -0.0212, atol=5e-5)

    def test_three_sign_changes_three_roots(self) -> None:
        """-(y-1)(y-2)(y-3) with y = 1 + r: IRRs 0, 1 and 2, no single rate chosen."""
        r = irr([-1, 6, -11, 6])
        assert r.status == "multiple" and r.rate is None
        assert_allclose(r.rates, [0.0, 1.0, 2.0], atol=1e-9)
        assert r.sign_changes == 3

    def test_two_sign_changes_two_roots(self) -> None:
        """The classic mine (Lorie-Savage): -1600, 10000, -10000 has IRRs 25 % and 400 %."""
        r = irr([-1600, 10_000, -10_000])
        assert_allclose(r.rates, [0.25, 4.0], atol=1e-9)

    def test_sign_changes_but_no_root(self) -> None:
        """-100, 300, -250 changes sign twice but NPV < 0 everywhere: no IRR."""
        r = irr([-100, 300, -250])
        assert r.status == "none" and r.rates == () and r.sign_changes == 2

    def test_no_sign_change(self) -> None:
        """All-positive flows have no IRR."""
        assert irr([100, 50]).status == "none"

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=8))
    def test_roots_are_roots(self, flows: list[float]) -> None:
        """Every reported rate zeroes the NPV (relative to the flows' scale)."""
        r = irr(flows)
        scale = max(1.0, float(np.abs(flows).sum()))
        for rate in r.rates:
            assert abs(npv(rate, flows)) <= 1e-6 * scale * max(1.0, (1 + rate) ** -len(flows))
        assert len(r.rates) <= r.sign_changes

    def test_bad_range(self) -> None:
        """high <= low is rejected."""
        with pytest.raises(ValidationError, match="'high'"):
            irr([-1, 2], low=0.5, high=0.1)


class TestMirr:
    def test_excel_examples(self) -> None:
        """Excel's MIRR examples: 12.61 %, -4.80 % (three years), 13.48 % (14 % reinvest)."""
        flows = [-120_000, 39_000, 30_000, 21_000, 37_000, 46_000]
        assert_allclose(mirr(flows, 0.10, 0.12), 0.126094, atol=1e-6)
        assert_allclose(mirr(flows[:4], 0.10, 0.12), -0.048044, atol=1e-6)
        assert_allclose(mirr(flows, 0.10, 0.14), 0.134759, atol=1e-6)

    def test_no_outlay_is_nan(self) -> None:
        """Without an outlay the MIRR is undefined (nan)."""
        assert np.isnan(mirr([1, 2, 3], 0.1, 0.1))

    def test_single_flow_rejected(self) -> None:
        """One flow is rejected."""
        with pytest.raises(ValidationError, match="at least 2"):
            mirr([-1], 0.1, 0.1)


class TestPayback:
    def test_interpolated(self) -> None:
        """-1000, 300, 400, 500: paid back 300/500 into year 3."""
        assert payback([-1000, 300, 400, 500]) == pytest.approx(2.6)

    def test_never(self) -> None:
        """Never recovered gives None."""
        assert payback([-1000, 300, 300]) is None

    def test_last_crossing(self) -> None:
        """A later dip below zero moves payback to the last crossing."""
        assert payback([-100, 200, -200, 200]) == pytest.approx(2.5)

    def test_discounted_is_later(self) -> None:
        """Discounted payback at 10 %: hand computation 2 + 132.23/375.66."""
        d = discounted_payback([-1000, 500, 500, 500], 0.10)
        assert d == pytest.approx(2 + (1000 - 500 / 1.1 - 500 / 1.21) / (500 / 1.331))
        assert d > payback([-1000, 500, 500, 500])  # type: ignore[operator]


class TestBenefitCostRatio:
    def test_value(self) -> None:
        """PV of benefits over PV of costs."""
        b = benefit_cost_ratio([0, 600, 600], [1000, 0, 0], 0.05)
        assert b == pytest.approx((600 / 1.05 + 600 / 1.05**2) / 1000)

    def test_negative_rejected(self) -> None:
        """Negative benefits are rejected naming 'benefits'."""
        with pytest.raises(ValidationError, match="'benefits'"):
            benefit_cost_ratio([-1, 2], [1, 1], 0.1)

    def test_lengths(self) -> None:
        """Different lengths are rejected."""
        with pytest.raises(ValidationError, match="same length"):
            benefit_cost_ratio([1, 2], [1], 0.1)

    def test_zero_cost(self) -> None:
        """Zero cost is rejected."""
        with pytest.raises(ValidationError, match="positive present value"):
            benefit_cost_ratio([1, 2], [0, 0], 0.1)
