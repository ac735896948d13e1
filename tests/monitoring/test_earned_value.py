"""Tests of pmokit.monitoring.earned_value (EVM and earned schedule)."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit import monitoring as mon
from pmokit.calendar import WorkCalendar
from pmokit.errors import PmokitError, ValidationError
from pmokit.monitoring import earned_value
from tests._hypothesis import examples
from tests.monitoring._helpers import BAD

from .._requires import requires_pandas, requires_pmcontrols
from ..strategies import calendars, dates

# A 10-month plan with a budget of 1000 (per-period values), reported after 6 months.
PLAN_PERIOD = [50, 80, 120, 150, 150, 140, 110, 90, 60, 50]
EARNED_PERIOD = [40, 70, 100, 130, 120, 110]
ACTUAL_PERIOD = [45, 85, 120, 150, 140, 130]


class TestWorkedMonthlyExample:
    """A 10-month plan, budget 1000: every index against its formula."""

    def setup_method(self) -> None:
        self.r = earned_value(PLAN_PERIOD, EARNED_PERIOD, ACTUAL_PERIOD, cumulative=False)

    def test_cumulative_inputs(self) -> None:
        """PV, EV, AC at month 6 are the cumulative sums; BAC is the plan total; PD, AT."""
        r = self.r
        assert (r.bac, r.planned_duration, r.actual_time) == (1000.0, 10.0, 6.0)
        assert (r.pv, r.ev, r.ac) == (690.0, 570.0, 670.0)

    def test_same_result_from_cumulative_series(self) -> None:
        """cumulative=True on the running sums gives the same indices."""
        c = earned_value(
            np.cumsum(PLAN_PERIOD), np.cumsum(EARNED_PERIOD), np.cumsum(ACTUAL_PERIOD)
        )
        assert c.summary() == pytest.approx(self.r.summary(), nan_ok=True)

    def test_cost_and_schedule_variances_and_indices(self) -> None:
        """SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC."""
        r = self.r
        assert r.sv == -120.0
        assert r.cv == -100.0
        assert_allclose(r.spi, 570 / 690)
        assert_allclose(r.cpi, 570 / 670)
        assert_allclose([r.spi, r.cpi], [0.826087, 0.850746], atol=1e-6)

    def test_estimates_at_completion(self) -> None:
        """The four EAC methods, ETC and VAC."""
        r = self.r
        cpi, spi = 570 / 670, 570 / 690
        es = 5 + (570 - 550) / 140  # PV(5) = 550 <= 570 < PV(6) = 690
        assert_allclose(r.eac_cpi, 1000 / cpi)
        assert_allclose(r.eac_cpi, 1175.438596, atol=1e-6)
        assert_allclose(r.eac_budget, 670 + (1000 - 570))
        assert_allclose(r.eac_cpi_spi, 670 + 430 / (cpi * spi))
        assert_allclose(r.eac_cpi_spi_t, 670 + 430 / (cpi * es / 6))
        assert r.eac == r.eac_cpi  # default headline
        assert_allclose(r.etc, r.eac - 670)
        assert_allclose(r.vac, 1000 - r.eac)

    def test_to_complete_indices_and_percentages(self) -> None:
        """TCPI to BAC and to EAC, percent complete and spent."""
        r = self.r
        assert_allclose(r.tcpi_bac, 430 / 330)
        assert_allclose(r.tcpi_eac, 430 / (r.eac - 670))
        assert_allclose(r.tcpi_eac, r.cpi)  # with EAC = BAC / CPI the two coincide
        assert (r.percent_complete, r.percent_spent) == (57.0, 67.0)

    def test_earned_schedule_indices(self) -> None:
        """ES = C + I (Lipke), SV(t), SPI(t), TSPI, IEAC(t)."""
        r = self.r
        es = 5 + 20 / 140
        assert_allclose(r.es, es)
        assert_allclose(r.es, 5.142857, atol=1e-6)
        assert_allclose(r.sv_t, es - 6)
        assert_allclose(r.spi_t, es / 6)
        assert_allclose(r.tspi, (10 - es) / (10 - 6))
        assert_allclose(r.ieac_t, 10 / (es / 6))
        assert_allclose(r.ieac_t, 6 + (10 - es) / (es / 6))  # Lipke's form

    def test_history_is_every_period(self) -> None:
        """The history holds the indices of every month; its last row is the status."""
        h = self.r.history
        assert h.period.tolist() == [1, 2, 3, 4, 5, 6]
        assert_allclose(h.pv, np.cumsum(PLAN_PERIOD)[:6])
        assert_allclose(h.cpi, np.cumsum(EARNED_PERIOD) / np.cumsum(ACTUAL_PERIOD))
        # month 1: EV 40 of PV 50 -> ES = 40 / 50
        assert_allclose(h.es[0], 0.8)
        recs = self.r.to_records()
        assert len(recs) == 6
        assert recs[-1]["cpi"] == self.r.cpi and recs[-1]["period_end"] is None
        with pytest.raises(ValueError, match="read-only"):
            h.pv[0] = 1.0
        assert not h.pv.flags.writeable

    def test_eac_method_choice(self) -> None:
        """eac_method picks the headline EAC that ETC, VAC and TCPI(EAC) use."""
        for method, field in [
            ("budget", "eac_budget"),
            ("cpi_spi", "eac_cpi_spi"),
            ("cpi_spi_t", "eac_cpi_spi_t"),
        ]:
            r = earned_value(
                PLAN_PERIOD, EARNED_PERIOD, ACTUAL_PERIOD, cumulative=False, eac_method=method
            )
            assert r.eac == getattr(r, field)
            assert_allclose(r.tcpi_eac, 430 / (r.eac - 670))
            assert r.eac_method == method

    @requires_pandas
    def test_frame(self) -> None:
        """to_frame() gives one row per period indexed by period."""
        frame = self.r.to_frame()
        assert list(frame.index) == [1, 2, 3, 4, 5, 6]
        assert frame.loc[6, "spi_t"] == pytest.approx(self.r.spi_t)


class TestEarnedSchedule:
    """Earned schedule at the edges named by the issue."""

    PLAN = (100, 250, 450, 600, 700, 800, 900, 1000)  # cumulative, PD = 8

    def test_ev_on_a_period_boundary(self) -> None:
        """EV equal to the PV of a period gives a whole number of periods."""
        r = earned_value(self.PLAN, [80, 200, 330, 450, 600], [90, 210, 350, 470, 640])
        assert r.es == 4.0
        assert r.sv_t == -1.0
        assert r.spi_t == 0.8
        assert_allclose(r.history.es, [0.8, 1 + 100 / 150, 2 + 80 / 200, 3.0, 4.0])

    def test_late_finish_spi_is_one_but_spi_t_is_not(self) -> None:
        """EV = BAC after the planned duration: SPI = 1 while SPI(t) = PD / AT < 1."""
        earned = [80, 200, 330, 450, 600, 700, 800, 880, 950, 1000]
        actual = [90, 210, 350, 470, 640, 740, 850, 930, 1010, 1060]
        r = earned_value(self.PLAN, earned, actual)
        assert r.spi == 1.0 and r.sv == 0.0
        assert r.es == 8.0 and r.sv_t == -2.0
        assert_allclose(r.spi_t, 0.8)
        assert r.ieac_t == 10.0  # finished: the actual duration
        assert math.isnan(r.tspi) and math.isnan(r.tcpi_bac)
        assert r.eac == r.eac_cpi == r.eac_cpi_spi_t == 1060.0
        # after month 8 the PV stays at BAC and SPI climbs back to 1
        assert_allclose(r.history.pv[8:], 1000.0)
        assert r.history.spi[8] < 1.0 < r.history.spi[8] + 0.1

    def test_tspi_after_planned_finish_with_work_left(self) -> None:
        """AT > PD with work left: TSPI is infinite (the planned date cannot be met)."""
        r = earned_value(self.PLAN, [100, 200, 300, 400, 500, 600, 700, 800, 850],
                         [100, 200, 300, 400, 500, 600, 700, 800, 850])
        assert r.tspi == math.inf
        assert 8 < r.ieac_t < math.inf
        es = 6 + 50 / 100  # PV(6) = 800 <= 850 < PV(7) = 900
        assert_allclose(r.es, es)
        assert_allclose(r.ieac_t, 8 * 9 / es)

    def test_zero_pv_periods_on_plan(self) -> None:
        """A flat stretch of the plan: EV matching it at AT inside the stretch is on plan."""
        plan = [100, 300, 300, 300, 600, 1000]  # months 3 and 4 plan nothing
        r = earned_value(plan, [100, 300, 300], [100, 300, 300])
        assert r.spi == 1.0 and r.es == 3.0 and r.spi_t == 1.0
        assert r.history.es.tolist() == [1.0, 2.0, 3.0]

    def test_zero_pv_periods_behind_and_ahead(self) -> None:
        """Behind a flat stretch ES is its end; ahead of it, its start."""
        plan = [100, 300, 300, 300, 600, 1000]
        behind = earned_value(plan, [100, 200, 250, 280, 300], [1, 2, 3, 4, 5])
        assert behind.es == 4.0 and behind.sv_t == -1.0
        ahead = earned_value(plan, [300], [250])
        assert ahead.es == 2.0 and ahead.spi_t == 2.0

    def test_finished_early_with_trailing_zero_pv(self) -> None:
        """A plan whose last months plan nothing: finishing early gives IEAC(t) = AT."""
        plan = [300, 700, 1000, 1000, 1000]  # PD = 5 including two empty months
        r = earned_value(plan, [400, 1000], [400, 950])
        assert r.es == 3.0 and r.spi_t == 1.5
        assert r.ieac_t == 2.0 and math.isnan(r.tspi)
        assert r.eac == 950.0

    def test_leading_zero_pv_periods(self) -> None:
        """Months that plan nothing and earn nothing are on schedule (SPI is 0/0 = nan)."""
        r = earned_value([0, 0, 200, 600, 1000], [0, 0], [0, 10])
        assert r.es == 2.0 and r.spi_t == 1.0
        assert math.isnan(r.spi)
        assert r.cpi == 0.0

    def test_ev_zero(self) -> None:
        """Nothing earned: ES = 0, SPI(t) = 0, IEAC(t) and EAC(CPI) infinite, no date."""
        r = earned_value(
            self.PLAN, [0, 0], [20, 50], calendar=WorkCalendar(), start=dt.date(2026, 1, 1)
        )
        assert (r.es, r.spi_t, r.spi, r.cpi) == (0.0, 0.0, 0.0, 0.0)
        assert r.ieac_t == math.inf and r.eac_cpi == math.inf
        assert r.forecast_completion_date is None
        assert r.planned_completion_date == dt.date(2026, 8, 31)

    def test_nothing_spent_yet(self) -> None:
        """AC = 0 with EV > 0 gives CPI = inf, and EV = AC = 0 gives nan (IEEE division)."""
        r = earned_value(self.PLAN, [0, 50], [0, 0])
        assert r.cpi == math.inf
        assert math.isnan(r.history.cpi[0])

    def test_ahead_of_schedule(self) -> None:
        """EV above PV: ES > AT, SPI(t) > 1 and IEAC(t) < PD."""
        r = earned_value(self.PLAN, [150, 450], [150, 400])
        assert_allclose(r.es, 3.0)
        assert r.spi_t == 1.5 and r.ieac_t < 8

    def test_published_pra_example(self) -> None:
        """PRA (R package) reference examples: BAC 100000, cumulative plan 10/20/40/70/100 %,
        35 % complete at period 3, cumulative actual costs 9000/18000/36000: published
        SPI 0.875 and CPI 0.9722222; with AC 63000: EAC (atypical) 128000, TCPI 1.76."""
        plan = [0.1 * 1e5, 0.2 * 1e5, 0.4 * 1e5, 0.7 * 1e5, 1e5]
        r = earned_value(plan, [5000, 20000, 35000], [9000, 18000, 36000])
        assert_allclose([r.pv, r.ev, r.ac], [40000, 35000, 36000])
        assert r.spi == 0.875
        assert round(r.cpi, 7) == 0.9722222
        # earned schedule: 35000 lies 3/4 of the way through period 3's 20000
        assert_allclose(r.es, 2.75)
        r = earned_value(plan, [5000, 20000, 35000], [9000, 18000, 63000])
        assert r.eac_budget == 128000.0
        assert round(r.tcpi_bac, 2) == 1.76
        assert round(r.etc, 2) == round((1e5 - 35000) / (35000 / 63000), 2)


class TestCrossCheckPmcontrols:
    """Against pmcontrols, an independent implementation (Lipke interpolation)."""

    @requires_pmcontrols
    @settings(max_examples=examples(60), deadline=None)
    @given(data=st.data())
    def test_same_indices(self, data: st.DataObject) -> None:
        """PV, SPI, CPI, ES, SV(t), SPI(t), IEAC(t) and the EACs agree."""
        import pmcontrols as pmc
        n = data.draw(st.integers(2, 15))
        inc = data.draw(st.lists(st.floats(1, 500), min_size=n, max_size=n))
        plan = np.cumsum(inc)
        at = data.draw(st.integers(1, n))
        ev = data.draw(st.floats(1, float(plan[-1])))
        ac = data.draw(st.floats(1, 2 * float(plan[-1])))
        earned = np.linspace(0, ev, at + 1)[1:]
        actual = np.linspace(0, ac, at + 1)[1:]
        r = earned_value(plan, earned, actual)
        pmb = pmc.plan(list(range(n + 1)), [0.0, *plan.tolist()])
        ref = pmc.evm(pmb, ev=float(earned[-1]), ac=float(actual[-1]), at=float(at)).stats
        keys = ["pv", "spi", "cpi", "es", "sv_t", "spi_t", "ieac_t", "eac_cpi", "eac_cpi_spi",
                "vac"]
        if r.ev < r.bac:  # once complete pmokit reports TCPI as nan (nothing left to do)
            keys.append("tcpi_bac")
        for key in keys:
            assert_allclose(getattr(r, key), ref[key], rtol=1e-9, err_msg=key)
        assert_allclose(r.eac_budget, ref["eac_typical"], rtol=1e-9)


@st.composite
def projects(draw: st.DrawFn) -> tuple[list[float], list[float], list[float]]:
    """Random plans (with zero-PV periods) and reports (EV <= BAC, possibly late)."""
    n = draw(st.integers(1, 12))
    money = st.integers(0, 30000).map(lambda cents: cents / 100)  # [currency], in cents
    inc = draw(st.lists(st.sampled_from([0.0, 0.0, 10.0, 25.0, 40.0, 100.0]) | money,
                        min_size=n, max_size=n))
    assume(sum(inc) > 0)
    plan = np.cumsum(inc)
    bac = float(plan[-1])
    at = draw(st.integers(1, n + 4))
    fractions = sorted(draw(st.lists(st.floats(0, 1), min_size=at, max_size=at)))
    earned = [f * bac for f in fractions]
    # sometimes land EV exactly on a planned value
    if draw(st.booleans()):
        earned[-1] = max(earned[-2] if at > 1 else 0.0, float(draw(st.sampled_from(plan))))
    actual = np.cumsum(draw(st.lists(money, min_size=at, max_size=at)))
    return plan.tolist(), earned, actual.tolist()


class TestInvariants:
    """Hypothesis: ES and the indices agree with their definitions."""

    @settings(max_examples=examples(200), deadline=None)
    @given(projects())
    def test_es_not_after_actual_time_when_spi_at_most_one(self, p: tuple) -> None:
        """SPI <= 1 implies ES <= AT, in every period; SPI >= 1 implies ES >= AT up to PD."""
        r = earned_value(*p)
        h = r.history
        at = h.period.astype(float)
        behind = h.ev <= h.pv
        assert (h.es[behind] <= at[behind] + 1e-9).all()
        ahead = (h.ev >= h.pv) & (at <= r.planned_duration)
        assert (h.es[ahead] >= at[ahead] - 1e-9).all()

    @settings(max_examples=examples(200), deadline=None)
    @given(projects())
    def test_es_lies_on_the_planned_curve(self, p: tuple) -> None:
        """PV(ES) = EV (the defining property), 0 <= ES <= PD."""
        r = earned_value(*p)
        t = np.arange(r.planned_curve.size, dtype=float)
        pv_at_es = np.interp(r.history.es, t, r.planned_curve)
        assert_allclose(pv_at_es, r.history.ev, rtol=1e-9, atol=1e-7)
        assert ((r.history.es >= 0) & (r.history.es <= r.planned_duration)).all()

    @settings(max_examples=examples(200), deadline=None)
    @given(projects())
    def test_indices_match_definitions(self, p: tuple) -> None:
        """Each index from its definition, period by period."""
        r = earned_value(*p)
        h = r.history
        at = h.period.astype(float)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            assert_allclose(h.sv, h.ev - h.pv)
            assert_allclose(h.cv, h.ev - h.ac)
            assert_allclose(h.spi, h.ev / h.pv)
            assert_allclose(h.cpi, h.ev / h.ac)
            assert_allclose(h.sv_t, h.es - at)
            assert_allclose(h.spi_t, h.es / at)
            assert_allclose(h.etc, h.eac - h.ac)
            assert_allclose(h.vac, r.bac - h.eac)
            assert_allclose(h.percent_complete, 100 * h.ev / r.bac)
            left = h.ev < r.bac
            assert_allclose(h.eac_cpi[left], r.bac / h.cpi[left])
            assert_allclose(h.eac_budget, h.ac + r.bac - h.ev)
            under = left & (h.ac < r.bac)
            assert_allclose(h.tcpi_bac[under], (r.bac - h.ev[under]) / (r.bac - h.ac[under]))
            assert (h.tcpi_bac[left & ~under] == np.inf).all()
            started = h.es > 0
            assert_allclose(h.ieac_t[started & left],
                            r.planned_duration / h.spi_t[started & left])
        # a plan met exactly (before the planned finish) is on schedule on both scales
        met = (h.ev == h.pv) & (at <= r.planned_duration)
        assert (h.spi_t[met] == 1).all()


class TestDates:
    """Planned and forecast completion dates on a WorkCalendar."""

    def test_monthly_forecast_date(self) -> None:
        """IEAC(t) = 11.54 months from 1 Jan 2026 finishes on the 12th working day of
        December 2026 (England and Wales: 21 working days in December)."""
        uk = WorkCalendar.uk_england_and_wales()
        plan = [50, 150, 300, 450, 600, 750, 850, 920, 970, 1000]
        r = earned_value(plan, [40, 130, 250, 380, 500], [45, 150, 290, 420, 560],
                         calendar=uk, start=dt.date(2026, 1, 1))
        assert_allclose(r.ieac_t, 10 / ((4 + 50 / 150) / 5))
        assert uk.working_days_between(dt.date(2026, 12, 1), dt.date(2027, 1, 1)) == 21
        assert math.ceil((r.ieac_t - 11) * 21) == 12
        assert r.forecast_completion_date == dt.date(2026, 12, 16)
        assert r.planned_completion_date == dt.date(2026, 10, 30)  # 31 Oct is a Saturday
        assert r.status_date == dt.date(2026, 5, 31)
        assert r.history.period_end == (
            dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31),
            dt.date(2026, 4, 30), dt.date(2026, 5, 31),
        )

    def test_weekly_periods(self) -> None:
        """Weekly periods: a 4-week plan forecast to 5 weeks ends on the Friday of week 5."""
        r = earned_value([100, 200, 300, 400], [80, 160, 240], [80, 160, 240],
                         calendar=WorkCalendar(), start=dt.date(2026, 11, 2), freq="W")
        assert r.es == 2.4 and r.ieac_t == 5.0
        assert r.planned_completion_date == dt.date(2026, 11, 27)
        assert r.forecast_completion_date == dt.date(2026, 12, 4)

    def test_far_forecasts_have_no_date(self) -> None:
        """A forecast more than 100 years out has no date; daily periods count days."""
        plan = [100 * k for k in range(1, 11)]
        far = earned_value(plan, [2] * 5, [2] * 5, calendar=WorkCalendar(),
                           start=dt.date(2026, 1, 1))
        assert far.ieac_t == 2500.0 and far.forecast_completion_date is None
        near = earned_value(plan, [50] * 5, [50] * 5, calendar=WorkCalendar(),
                            start=dt.date(2026, 1, 1))
        assert near.ieac_t == 100.0  # months: 1 Jan 2026 + 100 months ends in April 2034
        assert near.forecast_completion_date == dt.date(2034, 4, 28)
        daily = earned_value([1, 2, 3, 4, 5], [1, 2], [1, 2], calendar=WorkCalendar(),
                             start=dt.date(2026, 11, 2), freq="D")
        assert daily.planned_completion_date == dt.date(2026, 11, 6)

    def test_s_curve(self) -> None:
        """The S-curve covers plan and forecast; forecasts run from status to EAC at IEAC(t)."""
        r = earned_value([100, 200, 300, 400], [80, 160, 240], [100, 200, 300])
        s = r.s_curve
        assert s.time.tolist() == [0, 1, 2, 3, 4, 5]
        assert_allclose(s.planned, [0, 100, 200, 300, 400, 400])
        assert_allclose(s.earned[:4], [0, 80, 160, 240])
        assert np.isnan(s.earned[4:]).all()
        assert_allclose(s.forecast_earned[3:], [240, 320, 400])
        assert_allclose(s.forecast_actual[3:], [300, 400, 500])  # EAC = 400 / 0.8
        assert len(s.to_records()) == 6


class TestPartialPlan:
    """A budget above the planned total: the plan is known only in part."""

    def test_partial_plan(self) -> None:
        """PD unknown: cost indices work, ES works inside the known plan, forecasts are nan."""
        r = earned_value([100, 250, 450], [80, 200], [90, 210], budget=1000)
        assert r.bac == 1000 and math.isnan(r.planned_duration)
        assert_allclose(r.es, 1 + 100 / 150)
        assert math.isnan(r.ieac_t) and math.isnan(r.tspi)
        assert_allclose(r.eac_cpi, 1000 * 210 / 200)


class TestValidation:
    """Bad input raises ValidationError naming the series and period."""

    def test_different_lengths(self) -> None:
        """earned and actual must cover the same periods."""
        with pytest.raises(ValidationError, match=r"'earned' and 'actual' must cover the same "
                           r"periods \(got 3 and 2 periods\)"):
            earned_value([100, 200, 300], [10, 20, 30], [10, 20])

    def test_negative_value(self) -> None:
        """A negative value is named with its series and period."""
        with pytest.raises(ValidationError, match=r"'actual' must be >= 0.0, but at period 2 "
                           r"got -5.0"):
            earned_value([100, 200, 300], [10, 20], [10, -5], cumulative=False)

    def test_decreasing_cumulative(self) -> None:
        """A cumulative series that falls is named with the period where it fell."""
        with pytest.raises(ValidationError, match=r"'earned' is cumulative and must not "
                           r"decrease, but at period 3 it fell from 20.0 to 15.0"):
            earned_value([100, 200, 300], [10, 20, 15], [10, 20, 30])

    def test_nan(self) -> None:
        """NaN is named with its series and period."""
        with pytest.raises(ValidationError, match=r"'planned' must hold finite numbers, but at "
                           r"period 2 got nan"):
            earned_value([100, float("nan"), 300], [10], [10])

    def test_several_problems_together(self) -> None:
        """Problems in several series are reported in one exception."""
        with pytest.raises(ValidationError) as info:
            earned_value([100, 50, 300], [10, float("inf")], [-1, 5], eac_method="median")
        problems = info.value.problems
        assert len(problems) == 4
        assert any("'planned'" in p and "period 2" in p for p in problems)
        assert any("'earned'" in p and "period 2" in p for p in problems)
        assert any("'actual'" in p and "period 1" in p for p in problems)
        assert any("'eac_method'" in p for p in problems)

    def test_per_period_sum_overflow(self) -> None:
        """Finite per-period values whose running sum overflows are named (they gave a
        silently 'partial' plan with an infinite total before)."""
        with pytest.raises(ValidationError, match=r"'planned' must add up to a finite total, "
                           r"but its running sum overflows at period 2"):
            earned_value([1e308, 1e308], [1.0], [1.0], cumulative=False)

    def test_earned_above_budget(self) -> None:
        """EV cannot exceed BAC."""
        with pytest.raises(ValidationError, match=r"'earned' must not exceed the budget "
                           r"300.0, but at period 2 it is 350.0"):
            earned_value([100, 200, 300], [100, 350], [100, 350])

    def test_planned_above_budget(self) -> None:
        """The planned total cannot exceed an explicit budget."""
        with pytest.raises(ValidationError, match=r"'planned' must not exceed the budget 250.0"):
            earned_value([100, 200, 300], [100], [100], budget=250)

    def test_bad_budget(self) -> None:
        """The budget must be a positive number."""
        with pytest.raises(ValidationError, match=r"'budget' must be > 0.0 \(got -1\)"):
            earned_value([100, 200], [100], [100], budget=-1)

    def test_zero_plan_without_budget(self) -> None:
        """A plan of zeros has no budget."""
        with pytest.raises(ValidationError, match=r"'planned' must add up to a budget > 0"):
            earned_value([0, 0], [0], [0])

    def test_empty_and_two_dimensional(self) -> None:
        """Empty and 2-D series are refused."""
        with pytest.raises(ValidationError, match=r"'earned' must hold at least one period"):
            earned_value([100], [], [])
        with pytest.raises(ValidationError, match=r"'planned' must be a 1-dimensional"):
            earned_value([[100]], [1], [1])
        with pytest.raises(ValidationError, match=r"'actual' must be a 1-dimensional"):
            earned_value([100], [1], ["x"])

    def test_partial_plan_must_cover_reports(self) -> None:
        """A partial plan must reach the status period."""
        with pytest.raises(ValidationError, match=r"must cover every reported period"):
            earned_value([100, 200], [50, 100, 150], [50, 100, 150], budget=1000)

    def test_calendar_needs_start(self) -> None:
        """calendar and start come together; freq is checked."""
        with pytest.raises(ValidationError, match=r"'calendar' and 'start' must be given"):
            earned_value([100], [50], [50], calendar=WorkCalendar())
        with pytest.raises(ValidationError, match=r"'freq' must be one of"):
            earned_value([100], [50], [50], freq="Q")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"'calendar' must be a WorkCalendar"):
            earned_value([100], [50], [50], calendar="uk", start=dt.date(2026, 1, 1))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"'start' must be a datetime.date"):
            earned_value([100], [50], [50], calendar=WorkCalendar(), start="2026-01-01")  # type: ignore[arg-type]


class TestDateInvariants:
    """Hypothesis: forecast dates are working days, ordered like IEAC(t) and PD."""

    @settings(max_examples=examples(60), deadline=None)
    @given(projects(), calendars(), dates, st.sampled_from(["D", "W", "M"]))
    def test_dates(self, p: tuple, cal: WorkCalendar, start: dt.date, freq: str) -> None:
        """Both dates are working days on or after the start; a later IEAC(t) than PD
        never gives an earlier date."""
        r = earned_value(*p, calendar=cal, start=start, freq=freq)  # type: ignore[arg-type]
        pl, fc = r.planned_completion_date, r.forecast_completion_date
        assert pl is not None and cal.is_working_day(pl) and pl >= start
        if fc is not None:
            assert cal.is_working_day(fc) and fc >= start
            if r.ieac_t >= r.planned_duration:
                assert fc >= pl
            else:
                assert fc <= pl
        assert r.status_date is not None and r.history.period_end is not None
        assert list(r.history.period_end) == sorted(r.history.period_end)


class TestIssue14:
    """Issue 14: flags are bools, non-real series are refused, results round-trip equal."""

    PLAN = (50, 150, 300, 450, 600, 750, 850, 920, 970, 1000)

    @pytest.mark.parametrize("flag", ["no", "False", 0, 1, None])
    def test_cumulative_takes_only_bools(self, flag: object) -> None:
        """`cumulative='no'` was read as cumulative."""
        with pytest.raises(ValidationError, match="'cumulative' must be True or False"):
            earned_value([10, 20], [5], [5], cumulative=flag)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("series", "what"),
        [
            (np.array([40, 130], dtype=complex), "complex"),
            (np.array([40, 130], dtype="datetime64[D]"), "datetime64"),
            ([40, None], "None"),
            ([True, True], "bool"),
            (["40", "130"], "strings"),
        ],
    )
    def test_non_real_series_refused(self, series: object, what: str) -> None:
        """numpy would take a complex real part, day counts, NaN for None, 1 for True."""
        with pytest.raises(ValidationError, match=f"'earned' must be an array of numbers.*{what}"):
            earned_value(self.PLAN, series, [45, 150])  # type: ignore[arg-type]

    def test_round_trip_equal_and_read_only(self) -> None:
        """Result, history and S-curve pickle and deep-copy equal, arrays stay read-only."""
        import copy
        import pickle

        r = earned_value(self.PLAN, [40, 130, 250], [45, 150, 290], budget=2000)
        assert math.isnan(r.planned_duration)  # a documented NaN still compares equal
        for proto in (2, 4, 5):
            back = pickle.loads(pickle.dumps(r, proto))
            assert back == r
            assert not back.history.spi.flags.writeable
            assert not back.s_curve.planned.flags.writeable
            assert not back.planned_curve.flags.writeable
        assert copy.deepcopy(r) == r
        assert r != earned_value(self.PLAN, [40, 130, 251], [45, 150, 290], budget=2000)




MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "ev_pl": lambda x: mon.earned_value(x, [1], [1]),
    "ev_budget": lambda x: mon.earned_value([1,2],[1],[1], budget=x),
    "ev_start": lambda x: mon.earned_value([1,2],[1],[1], start=x, calendar=WorkCalendar()),
    "ev_freq": lambda x: mon.earned_value([1,2],[1],[1], freq=x),
}


@pytest.mark.parametrize("name", sorted(MISUSE_CALLS))
def test_forbidden_input_raises_a_pmokit_error(name: str) -> None:
    """Every bad value either works or raises a PmokitError (a ValidationError child)."""
    escapes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in BAD:
            try:
                MISUSE_CALLS[name](value)
            except PmokitError:
                continue
            except Exception as exc:
                escapes.append(f"{value!r:.40}: {type(exc).__name__}: {exc}"[:160])
    assert not escapes, escapes
