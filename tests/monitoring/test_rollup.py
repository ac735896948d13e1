"""Tests of pmokit.monitoring portfolio earned value and roll-up."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit import monitoring as mon
from pmokit.calendar import WorkCalendar
from pmokit.errors import DuplicateError, PmokitError, ValidationError
from pmokit.monitoring import (
    PortfolioEarnedValue,
    earned_value,
    portfolio_earned_value,
    rollup_earned_value,
)
from pmokit.monitoring._earned_value import _INDEX_FIELDS
from tests._hypothesis import examples
from tests._requires import requires_pandas
from tests.monitoring._helpers import BAD

money = st.integers(0, 50000).map(lambda c: c / 100)


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[list[float]], list[list[float]], list[list[float]]]:
    """Ragged cumulative plans, a common number of reported periods."""
    n_proj = draw(st.integers(1, 6))
    at = draw(st.integers(1, 10))
    plans, earned, actual = [], [], []
    for _ in range(n_proj):
        n = draw(st.integers(1, 10))
        inc = draw(st.lists(money, min_size=n, max_size=n))
        inc[-1] += 1.0  # a positive budget
        plan = np.cumsum(inc)
        fr = sorted(draw(st.lists(st.floats(0, 1), min_size=at, max_size=at)))
        plans.append(plan.tolist())
        earned.append([f * float(plan[-1]) for f in fr])
        actual.append(np.cumsum(draw(st.lists(money, min_size=at, max_size=at))).tolist())
    return plans, earned, actual


class TestPortfolioEarnedValue:
    """Vectorised evaluation of many projects."""

    @settings(max_examples=examples(80), deadline=None)
    @given(portfolios())
    def test_each_project_as_on_its_own(self, p: tuple) -> None:
        """Every project's indices equal earned_value() on that project alone."""
        plans, earned, actual = p
        pf = portfolio_earned_value(plans, earned, actual)
        for k in range(len(plans)):
            one = earned_value(plans[k], earned[k], actual[k])
            for name in _INDEX_FIELDS:
                assert_allclose(getattr(pf, name)[k], getattr(one, name), rtol=1e-12,
                                err_msg=name)
            assert pf.planned_duration[k] == one.planned_duration

    @settings(max_examples=examples(60), deadline=None)
    @given(portfolios())
    def test_total_is_the_summed_project(self, p: tuple) -> None:
        """The total is earned_value() of the summed curves; PV, EV, AC, BAC add up."""
        plans, earned, actual = p
        pf = portfolio_earned_value(plans, earned, actual)
        width = max(len(x) for x in plans)
        padded = [x + [x[-1]] * (width - len(x)) for x in plans]
        ref = earned_value(np.sum(padded, axis=0), np.sum(earned, axis=0),
                           np.sum(actual, axis=0))
        assert_allclose([pf.total.pv, pf.total.ev, pf.total.ac, pf.total.bac],
                        [pf.pv.sum(), pf.ev.sum(), pf.ac.sum(), pf.bac.sum()], rtol=1e-12)
        assert_allclose(pf.total.es, ref.es, rtol=1e-9)
        assert_allclose(pf.total.cpi, ref.cpi, rtol=1e-12)

    @settings(max_examples=examples(40), deadline=None)
    @given(portfolios(), st.data())
    def test_group_rollup(self, p: tuple, data: st.DataObject) -> None:
        """A group's roll-up equals the total of a portfolio of just its projects."""
        plans, earned, actual = p
        n = len(plans)
        groups = {f"P{k + 1}": data.draw(st.sampled_from(["G1", "G2"])) for k in range(n)}
        pf = portfolio_earned_value(plans, earned, actual)
        by = pf.rollup(groups)
        for g, res in by.items():
            ks = [k for k in range(n) if groups[f"P{k + 1}"] == g]
            sub = portfolio_earned_value([plans[k] for k in ks], [earned[k] for k in ks],
                                         [actual[k] for k in ks]).total
            for name in ("pv", "ev", "ac", "es", "cpi", "spi_t", "eac"):
                assert_allclose(getattr(res, name), getattr(sub, name), rtol=1e-12,
                                err_msg=name)
        with pytest.raises(ValidationError, match=r"missing: \['P1'\]"):
            pf.rollup(dict.fromkeys(list(groups)[1:], "G"))

    def test_worked_example(self) -> None:
        """Two projects: ES of the total is measured on the summed plan, not averaged."""
        pf = portfolio_earned_value(
            [[100, 200, 300, 400], [50, 150, 300]], [[80, 160], [60, 150]],
            [[90, 170], [55, 140]], names=["Alpha", "Beta"],
        )
        assert_allclose(pf.es, [1.6, 2.0])
        # summed plan 150, 350, 600, 700; EV 310 -> ES = 1 + 160 / 200
        assert_allclose(pf.total.es, 1.8)
        assert pf.total.planned_duration == 4.0
        assert pf.project("Beta")["spi_t"] == 1.0
        assert len(pf) == 2 and [r["project"] for r in pf.to_records()] == ["Alpha", "Beta"]
        with pytest.raises(KeyError, match="Gamma"):
            pf.project("Gamma")

    def test_per_period_input_and_2d_array(self) -> None:
        """A 2-D per-period array gives the same as cumulative rows."""
        per = np.array([[10.0, 20, 30], [5, 5, 5]])
        pf = portfolio_earned_value(per, per[:, :2] * 0.9, per[:, :2], cumulative=False)
        cum = portfolio_earned_value(np.cumsum(per, axis=1), np.cumsum(per[:, :2] * 0.9, axis=1),
                                     np.cumsum(per[:, :2], axis=1))
        assert_allclose(pf.cpi, cum.cpi)
        assert_allclose(pf.es, cum.es)

    def test_dates_on_total(self) -> None:
        """A calendar and start date give the total its completion dates."""
        pf = portfolio_earned_value([[100, 200]], [[50]], [[50]], calendar=WorkCalendar(),
                                    start=dt.date(2026, 1, 1))
        assert pf.total.planned_completion_date == dt.date(2026, 2, 27)

    @requires_pandas
    def test_frame(self) -> None:
        """to_frame() is indexed by project."""
        pf = portfolio_earned_value([[100, 200]], [[50]], [[50]], names=["X"])
        assert list(pf.to_frame().index) == ["X"]


class TestRollup:
    """rollup_earned_value() on EarnedValue results."""

    def test_same_as_portfolio(self) -> None:
        """Rolling up results equals evaluating the portfolio directly."""
        a = earned_value([100, 200, 300, 400], [80, 160], [90, 170])
        b = earned_value([50, 150, 300], [60, 150], [55, 140])
        r = rollup_earned_value({"Alpha": a, "Beta": b})
        assert r.names == ("Alpha", "Beta")
        assert_allclose(r.spi_t, [a.spi_t, b.spi_t])
        assert_allclose(r.total.es, 1.8)
        seq = rollup_earned_value([a, b])
        assert seq.names == ("P1", "P2")

    def test_different_status_periods(self) -> None:
        """Results with different actual times cannot be rolled up."""
        a = earned_value([100, 200], [80, 160], [90, 170])
        b = earned_value([100, 200], [80], [90])
        with pytest.raises(ValidationError, match=r"must share the status period.*'A': 2, "
                           r"'B': 1"):
            rollup_earned_value({"A": a, "B": b})

    def test_bad_items(self) -> None:
        """Empty input and items that are not EarnedValue are refused."""
        with pytest.raises(ValidationError, match="at least one EarnedValue"):
            rollup_earned_value([])
        with pytest.raises(ValidationError, match="project 'X' must be an EarnedValue"):
            rollup_earned_value({"X": 3})  # type: ignore[dict-item]


class TestPortfolioValidation:
    """Bad input names the project, series and period."""

    def test_nan_negative_decreasing(self) -> None:
        """All faults reported together, each naming project and period."""
        with pytest.raises(ValidationError) as info:
            portfolio_earned_value(
                [[100, np.nan], [100, 200]], [[10, 5], [10, 20]], [[1, 2], [-1, 2]],
                names=["A", "B"],
            )
        msgs = info.value.problems
        assert "'planned' of project 'A' must hold finite numbers, but at period 2 got nan" in msgs
        assert "'actual' of project 'B' must be >= 0, but at period 1 got -1.0" in msgs
        assert ("'earned' of project 'A' is cumulative and must not decrease, but at period 2 "
                "it fell from 10.0 to 5.0") in msgs

    def test_per_period_sum_overflow(self) -> None:
        """Per-period values whose running sum overflows name the project and period."""
        with pytest.raises(ValidationError, match=r"'actual' of project 'B' must add up to a "
                           r"finite total, but its running sum overflows at period 2"):
            portfolio_earned_value([[1.0, 2.0], [1.0, 2.0]], [[1.0, 1.0], [1.0, 1.0]],
                                   [[1.0, 1.0], [1e308, 1e308]], names=["A", "B"],
                                   cumulative=False)

    def test_different_reported_periods(self) -> None:
        """Every project must report the same periods."""
        with pytest.raises(ValidationError, match=r"'earned' and 'actual' of project 'P2' must "
                           r"cover the common 2 reported periods \(got 1 and 1\)"):
            portfolio_earned_value([[1, 2], [1, 2]], [[1, 2], [1]], [[1, 2], [1]])

    def test_project_counts(self) -> None:
        """The three inputs must hold the same projects; names must match and be unique."""
        with pytest.raises(ValidationError, match="same projects"):
            portfolio_earned_value([[1, 2]], [[1], [1]], [[1], [1]])
        with pytest.raises(ValidationError, match="'names' must name every project"):
            portfolio_earned_value([[1, 2]], [[1]], [[1]], names=["a", "b"])
        with pytest.raises(DuplicateError, match="unique"):
            portfolio_earned_value([[1, 2], [1, 2]], [[1], [1]], [[1], [1]], names=["a", "a"])
        with pytest.raises(ValidationError, match="at least one project"):
            portfolio_earned_value([], [], [])

    def test_budget_faults(self) -> None:
        """Earned above budget, plan above budget, bad budgets."""
        with pytest.raises(ValidationError) as info:
            portfolio_earned_value([[100, 200], [100, 200]], [[300], [50]], [[1], [1]],
                                   bac=[400, 150], names=["A", "B"])
        msgs = " | ".join(info.value.problems)
        assert "'planned' of project 'B' must not exceed the budget 150.0" in msgs
        with pytest.raises(ValidationError, match=r"'earned' of project 'A' must not exceed "
                           r"the budget 200.0, but at period 1 it is 300.0"):
            portfolio_earned_value([[100, 200]], [[300]], [[1]], names=["A"])
        with pytest.raises(ValidationError, match=r"'bac' of project 'P1' must be a finite"):
            portfolio_earned_value([[100, 200]], [[30]], [[1]], bac=[np.nan])
        with pytest.raises(ValidationError, match=r"one budget per project"):
            portfolio_earned_value([[100, 200]], [[30]], [[1]], bac=[1, 2])
        with pytest.raises(ValidationError, match=r"must add up to a budget > 0"):
            portfolio_earned_value([[0, 0]], [[0]], [[1]])

    def test_shapes(self) -> None:
        """3-D arrays and non-numeric rows are refused."""
        with pytest.raises(ValidationError, match="2-dimensional"):
            portfolio_earned_value(np.zeros((1, 2, 2)), [[1]], [[1]])
        with pytest.raises(ValidationError, match="series of numbers"):
            portfolio_earned_value([["a"]], [[1]], [[1]])


class TestRemainingErrorPaths:
    """The error paths a coverage run of the review found untested."""

    def test_portfolio_inputs(self) -> None:
        """Each bad input is named with its series, project or option."""
        one = [[1.0]]
        cases: list[tuple[dict[str, object], str]] = [
            ({"planned": np.array([["a", "b"]], dtype=object)},
             r"'planned' must hold numbers \(could not convert"),
            ({"planned": [[[1.0]]]}, r"'planned' must be a sequence of 1-dimensional series"),
            ({"eac_method": "median"}, r"'eac_method' must be one of"),
            ({"planned": [[100.0], []], "earned": [[1.0], [1.0]], "actual": [[1.0], [1.0]]},
             r"'planned' of project 'P2' must hold at least one period"),
            ({"earned": [[]], "actual": [[]]},
             r"'earned' must hold at least one reported period \(got none\)"),
            ({"bac": ["x"]}, r"'bac' must be an array of numbers"),
            ({"earned": [[1.0, 2.0]], "actual": [[1.0, 2.0]], "bac": [1000.0]},
             r"'planned' of project 'P1' stops below its budget, so it must cover every "
             r"reported period \(got 1 planned and 2 reported\)"),
        ]
        for changes, message in cases:
            kwargs: dict[str, object] = {"planned": [[100.0]], "earned": one, "actual": one}
            kwargs.update(changes)
            with pytest.raises(ValidationError, match=message):
                portfolio_earned_value(**kwargs)  # type: ignore[arg-type]

    def test_rollup_calendar_without_start(self) -> None:
        """rollup_earned_value needs calendar and start together."""
        ev = earned_value([100, 200], [50], [60])
        with pytest.raises(ValidationError, match=r"'calendar' and 'start' must be given"):
            rollup_earned_value([ev], calendar=WorkCalendar())


class TestIssue14:
    """Issue 14: mapping by project, bools only, forbidden ids, `bac`, frozen results."""

    def pf(self) -> PortfolioEarnedValue:
        return portfolio_earned_value([[100, 200], [50, 100], [10, 20]],
                                      [[90], [50], [5]], [[100], [45], [5]],
                                      names=["A", "B", "C"])

    def test_portfolio_is_a_mapping_by_project(self) -> None:
        """`in`, iteration, `len`, `.get`; unknown names raise UnknownReferenceError."""
        from pmokit.errors import UnknownReferenceError

        pf = self.pf()
        assert list(pf) == ["A", "B", "C"] and len(pf) == 3 and "B" in pf and "Z" not in pf
        assert pf["B"] == pf.project("B") and pf["B"]["bac"] == 100.0
        assert pf.get("Z") is None
        with pytest.raises(UnknownReferenceError, match="no project named 'Z'"):
            pf.project("Z")
        with pytest.raises(UnknownReferenceError):
            pf["Z"]

    def test_rollup_is_a_mapping_and_checks_its_groups(self) -> None:
        """Groups naming unknown projects or with empty names are refused; result is read-only."""
        from pmokit.errors import UnknownReferenceError

        pf = self.pf()
        by = pf.rollup({"A": "DIG", "B": "DIG", "C": "OPS"})
        assert "DIG" in by and len(by) == 2 and by.get("X") is None
        with pytest.raises(UnknownReferenceError, match="unknown id 'X'"):
            by["X"]
        with pytest.raises(TypeError):
            by["X"] = by["DIG"]  # type: ignore[index]
        with pytest.raises(UnknownReferenceError, match="unknown project 'ZZZ'"):
            pf.rollup({"A": "DIG", "B": "DIG", "C": "OPS", "ZZZ": "OPS"})
        with pytest.raises(ValidationError, match="non-empty id"):
            pf.rollup({"A": "DIG", "B": "", "C": "OPS"})

    @pytest.mark.parametrize("flag", ["no", 0, None])
    def test_cumulative_takes_only_bools(self, flag: object) -> None:
        """A truthy string was read as cumulative."""
        with pytest.raises(ValidationError, match="'cumulative' must be True or False"):
            portfolio_earned_value([[1, 2]], [[1]], [[1]], cumulative=flag)  # type: ignore[arg-type]

    @pytest.mark.parametrize("names", [["A", ""], ["A", None], ["A", 1.5]])
    def test_bad_names_refused(self, names: list[object]) -> None:
        """Empty, None and float names were turned into strings ('', 'None', '1.5')."""
        with pytest.raises(ValidationError, match=r"names\[1\]"):
            portfolio_earned_value([[1, 2], [1, 2]], [[1], [1]], [[1], [1]], names=names)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="project name in 'projects'"):
            rollup_earned_value({n: earned_value([1, 2], [1], [1]) for n in names})  # type: ignore[misc]

    def test_complex_and_datetime_refused(self) -> None:
        """Complex values lost their imaginary part; datetime64 became day counts."""
        with pytest.raises(ValidationError, match="complex"):
            portfolio_earned_value(np.array([[1, 2]], dtype=complex), [[1]], [[1]])
        with pytest.raises(ValidationError, match="datetime64"):
            portfolio_earned_value([[1, 2]], [np.array([1], dtype="datetime64[D]")], [[1]])
        with pytest.raises(ValidationError, match="'bac' must be an array of numbers"):
            portfolio_earned_value([[1, 2]], [[1]], [[1]], bac=[1 + 0j])

    def test_budgets_is_deprecated_for_bac(self) -> None:
        """`budgets` means per-period amounts elsewhere; here it is `bac` per project."""
        new = portfolio_earned_value([[1, 2]], [[1]], [[1]], bac=[4])
        with pytest.warns(DeprecationWarning, match="use 'bac'"):
            old = portfolio_earned_value([[1, 2]], [[1]], [[1]], budgets=[4])  # type: ignore[call-arg]
        assert old == new

    def test_round_trip_equal_and_read_only(self) -> None:
        """The portfolio result pickles and deep-copies equal, arrays read-only."""
        import copy
        import pickle

        pf = self.pf()
        back = pickle.loads(pickle.dumps(pf, 4))
        assert back == pf and copy.deepcopy(pf) == pf
        assert not back.spi.flags.writeable and not back.planned_curves.flags.writeable




MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "pev_names": lambda x: mon.portfolio_earned_value([[1,2]],[[1]],[[1]], names=x),
    "pev_pl": lambda x: mon.portfolio_earned_value(x,[[1]],[[1]]),
    "pev_bac": lambda x: mon.portfolio_earned_value([[1,2]],[[1]],[[1]], bac=x),
    "rollup": lambda x: mon.rollup_earned_value(x),
    "groups": lambda x: mon.portfolio_earned_value([[1,2]],[[1]],[[1]], names=["A"]).rollup(x),
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
