"""Tests of pmokit.portfolio._finance: NPV, IRR, MIRR, payback, BCR."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.optimize import brentq

from pmokit.errors import ValidationError
from pmokit.portfolio import (
    BenefitLine,
    discounted_payback,
    irr,
    mirr,
    npv,
    payback,
    wsjf,
)
from tests._hypothesis import examples
from tests._requires import requires_numpy_financial
from tests.portfolio._helpers import NON_REAL

# numpy-financial's own test cases of irr (numpy_financial/tests/test_financial.py, test_irr
# and test_npv_irr_congruence), kept as data so the core tests run without it installed:
# (flows, numpy-financial's documented IRR to 2 decimals or None when it returns nan).
NPF_IRR_CASES = [
    ([-40_000, 5_000, 8_000, 12_000, 30_000], None),
    ([-150_000, 15_000, 25_000, 35_000, 45_000, 60_000], 0.0524),
    ([-100, 0, 0, 74], -0.0955),
    ([-100, 39, 59, 55, 20], 0.28095),
    ([-100, 100, 0, -7], -0.0833),
    ([-100, 100, 0, 7], 0.06206),
    ([-5, 10.5, 1, -8, 1], 0.0886),
    ([-1, -2, -3], None),
]


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

    @settings(max_examples=examples(60), deadline=None)
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


class TestIrrPrecision:
    @pytest.mark.parametrize(("flows", "documented"), NPF_IRR_CASES)
    def test_npv_at_every_root_is_zero(self, flows: list[float], documented: float | None) -> None:
        """numpy-financial's cases: |npv(r)| <= 1e-9 at every root (its congruence test asks
        1e-10 of its own irr; the old roots, rounded to 12 decimals, gave -1.1e-8)."""
        r = irr(flows)
        for rate in r.rates:
            assert abs(npv(rate, flows)) <= 1e-9
        if documented is not None:
            assert any(abs(rate - documented) <= 5e-3 for rate in r.rates)

    @requires_numpy_financial
    @pytest.mark.parametrize(("flows", "documented"), NPF_IRR_CASES)
    def test_numpy_financial_root_is_one_of_ours(
        self, flows: list[float], documented: float | None
    ) -> None:
        """numpy-financial's single IRR (where it gives one) is among ours, to 1e-10."""
        import numpy_financial as npf

        theirs = float(npf.irr(flows))
        ours = irr(flows)
        if np.isnan(theirs):
            assert ours.status == "none"
        else:
            assert min(abs(theirs - q) for q in ours.rates) <= 1e-10

    def test_double_root_reported_once(self) -> None:
        """-(2(1+r) - 3)**2 touches zero at 50 %: one root of multiplicity 2, status unique
        (the old code gave 'multiple' (0.4999999985, 0.5000000015))."""
        r = irr([-4, 12, -9])
        assert r.status == "unique" and r.rates == (0.5,) and r.multiplicities == (2,)
        assert r.rate == 0.5

    @pytest.mark.parametrize("scale", [1e-6, 0.01, 3.0, 100.0, 1e4, 1e9])
    def test_status_does_not_depend_on_scale(self, scale: float) -> None:
        """The same flows in another currency unit give the same roots and status."""
        for flows in ([-4, 12, -9], [-1, 6, -11, 6], [-1600, 10_000, -10_000], [1, -3, 3, -1]):
            base = irr(flows)
            scaled = irr([scale * f for f in flows])
            assert scaled.status == base.status
            assert scaled.multiplicities == base.multiplicities
            assert_allclose(scaled.rates, base.rates, atol=1e-12)

    def test_triple_root(self) -> None:
        """(1+r-1)**3: one root at 0 of multiplicity 3."""
        r = irr([1, -3, 3, -1])
        assert r.status == "unique" and r.multiplicities == (3,)
        assert abs(r.rate) <= 1e-12  # type: ignore[arg-type]

    def test_simple_and_double_root(self) -> None:
        """-(y-1)(y-2)**2: a simple root at 0 and a double one at 100 %."""
        r = irr([-1, 5, -8, 4])
        assert r.status == "multiple" and r.multiplicities == (1, 2)
        assert_allclose(r.rates, [0.0, 1.0], atol=1e-12)

    @settings(max_examples=examples(40), deadline=None)
    @given(
        st.lists(st.integers(-20, 20), min_size=2, max_size=7),
        st.sampled_from([1e-3, 7.0, 1e5]),
    )
    def test_scale_invariance_property(self, flows: list[int], scale: float) -> None:
        """Any integer flows: scaling them keeps status, multiplicities and roots."""
        base = irr(flows)
        scaled = irr([scale * f for f in flows])
        assert (scaled.status, scaled.multiplicities) == (base.status, base.multiplicities)
        assert_allclose(scaled.rates, base.rates, atol=1e-9)
        assert sum(base.multiplicities) <= base.sign_changes

    def test_decimal_rate_and_flows(self) -> None:
        """Decimal rates are accepted where Decimal flows are (numpy-financial's npv example)."""
        flows = [Decimal(x) for x in ("-15000", "1500", "2500", "3500", "4500", "6000")]
        assert_allclose(npv(Decimal("0.05"), flows), 122.894854950942692, rtol=1e-12)
        assert_allclose(irr(flows, low=Decimal("-0.5"), high=Decimal("1")).rate, 0.0524, atol=1e-4)
        assert_allclose(mirr(flows, Decimal("0.1"), Decimal("0.12")), mirr(flows, 0.1, 0.12))
        assert discounted_payback(flows, Decimal("0.0")) == payback(flows)

    def test_decimal_nan_rate_rejected(self) -> None:
        """A Decimal NaN rate is refused naming 'rate'."""
        with pytest.raises(ValidationError, match="'rate'"):
            npv(Decimal("NaN"), [1, 2])


def _annuity_npv(rate: float, n: int, first: float, each: float, last: float) -> float:
    """Closed form of npv(rate, [first] + [each] * (n - 2) + [last]), independent of pmokit."""
    log_y = np.log1p(rate)
    m = n - 2
    body = -np.expm1(-m * log_y) / rate if rate != 0 else float(m)
    return float(first + each * body + last * np.exp(-(n - 1) * log_y))


class TestIrrLongSeries:
    def test_million_flows_one_sign_change(self) -> None:
        """10^6 flows (the old code built a 10^6 x 10^6 matrix: MemoryError): the root
        agrees with the closed-form annuity solved by Brent independently."""
        n = 10**6
        flows = np.ones(n)
        flows[0] = -900.0
        r = irr(flows)
        exact = brentq(
            lambda q: _annuity_npv(q, n, -900.0, 1.0, 1.0), 1e-4, 1.0, xtol=1e-18, rtol=1e-15
        )
        assert r.status == "unique" and r.multiplicities == (1,)
        assert_allclose(r.rate, exact, rtol=1e-12)

    def test_long_series_two_roots(self) -> None:
        """2 x 10^5 flows with a final outlay (the scan path, no polynomial roots): two roots
        (4.5e-8 and 1/900), each equal to the closed form's root in its bracket."""
        n = 2 * 10**5
        flows = np.ones(n)
        flows[0], flows[-1] = -900.0, -2e5
        r = irr(flows)
        assert r.status == "multiple" and len(r.rates) == 2

        def f(q: float) -> float:
            return _annuity_npv(q, n, -900.0, 1.0, -2e5)

        small = brentq(f, 1e-12, 1e-6, xtol=1e-24, rtol=1e-15)
        large = brentq(f, 1e-4, 1.0, xtol=1e-18, rtol=1e-15)
        assert_allclose(r.rates, [small, large], rtol=1e-9)


class TestIrrFuzz:
    @settings(max_examples=examples(150), deadline=None)
    @given(
        st.lists(
            st.one_of(
                st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False),
                st.integers(-(10**6), 10**6),
                st.sampled_from([0.0, 5e-324, -5e-324, 1e-300]),
            ),
            min_size=1,
            max_size=12,
        )
    )
    def test_any_finite_flows(self, flows: list[float]) -> None:
        """Any finite flows: a result (never a non-pmokit exception or a NaN rate), roots
        within the range, multiplicities adding up to at most the sign changes."""
        r = irr(flows)
        assert all(np.isfinite(q) and -0.99 <= q <= 10.0 for q in r.rates)
        assert len(r.multiplicities) == len(r.rates)
        assert sum(r.multiplicities) <= r.sign_changes
        assert (r.rate is not None) == (r.status == "unique")




class TestNonRealNumbers:


    @pytest.mark.parametrize("kind", sorted(NON_REAL))
    def test_flows_and_benefits(self, kind: str) -> None:
        """Cash flows, WSJF components and benefit profiles refuse non-real numbers."""
        with pytest.raises(ValidationError, match="'cash_flows'"):
            npv(0.1, NON_REAL[kind])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'cash_flows'"):
            irr(NON_REAL[kind])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'business_value'"):
            wsjf(
                ["A", "B"],
                business_value=NON_REAL[kind],  # type: ignore[arg-type]
                time_criticality=[1, 1],
                risk_reduction=[1, 1],
                job_size=[1, 1],
            )
        with pytest.raises(ValidationError, match="benefit profile"):
            BenefitLine("A", NON_REAL[kind], [1])  # type: ignore[arg-type]

    @pytest.mark.parametrize("rate", [1 + 0j, None, np.datetime64("2026-01-01")])
    def test_rates(self, rate: object) -> None:
        """A complex, None or datetime rate is refused naming 'rate'."""
        with pytest.raises(ValidationError, match="'rate'"):
            npv(rate, [1, 2])  # type: ignore[arg-type]
