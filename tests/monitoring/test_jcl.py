"""Joint cost-schedule confidence (NASA CEH Appendix J): independence, comonotonicity, seeds."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.monitoring import (
    CostScheduleSamples,
    CostUncertainty,
    RiskCost,
    joint_confidence,
    sample_costs,
)
from pmokit.scheduling import Activity, Dependency, Network, Triangular, simulate

N = 200_000


def _durations(seed: int) -> np.ndarray:
    return Triangular(10, 15, 30).sample((N, 1), rng=seed)


def _mc_tol(p: float) -> float:
    return 4.5 * np.sqrt(p * (1 - p) / N)


def test_independent_cost_gives_product_of_marginals() -> None:
    d = _durations(1)
    cost = sample_costs(["A"], d, fixed={"A": Triangular(100, 150, 300)}, rng=2)
    jcl = CostScheduleSamples(d[:, 0], cost)
    for f, c in [(15.0, 150.0), (20.0, 200.0), (25.0, 170.0)]:
        pf, pc = np.mean(d[:, 0] <= f), np.mean(cost <= c)
        assert jcl.joint_confidence(f, c) == pytest.approx(pf * pc, abs=_mc_tol(pf * pc))
        # and it is not the comonotone answer
        assert abs(jcl.joint_confidence(f, c) - min(pf, pc)) > 5 * _mc_tol(pf * pc)


def test_time_dependent_cost_is_comonotone() -> None:
    """Cost = rate x duration moves with the finish: the JCL is the smaller marginal."""
    d = _durations(3)
    cost = sample_costs(["A"], d, rates={"A": 10.0}, rng=4)
    jcl = CostScheduleSamples(d[:, 0], cost)
    for f, c in [(15.0, 200.0), (22.0, 180.0), (18.0, 250.0)]:
        pf, pc = np.mean(d[:, 0] <= f), np.mean(cost <= c)
        assert jcl.joint_confidence(f, c) == pytest.approx(min(pf, pc), abs=_mc_tol(min(pf, pc)))


def test_same_seed_same_jcl_bit_for_bit() -> None:
    d = _durations(5)
    kw = {"fixed": {"A": Triangular(1, 2, 4)}, "rates": {"A": Triangular(1, 1.5, 3)},
          "risks": [RiskCost("R1", 0.3, Triangular(5, 10, 20))]}
    a = sample_costs(["A"], d, rng=9, **kw)  # type: ignore[arg-type]
    b = sample_costs(["A"], d, rng=9, **kw)  # type: ignore[arg-type]
    assert np.array_equal(a, b)
    assert joint_confidence(d[:, 0], a, 20, 40) == joint_confidence(d[:, 0], b, 20, 40)


def test_risk_event_mean() -> None:
    d = np.zeros((N, 1))
    cost = sample_costs(["A"], d, risks=[RiskCost("R", 0.25, 1000.0)], rng=1)
    assert cost.mean() == pytest.approx(250.0, abs=4.5 * 1000 * np.sqrt(0.25 * 0.75 / N))


def test_iso_confidence_and_percentiles() -> None:
    finish = np.array([1.0, 2.0, 3.0, 4.0])
    cost = np.array([40.0, 10.0, 30.0, 20.0])
    s = CostScheduleSamples(finish, cost)
    # at finish <= 4 every point qualifies: 50 % needs the 2nd smallest cost (20)
    assert s.iso_confidence(0.5, [1.0, 2.0, 4.0]).tolist()[1:] == [40.0, 20.0]
    assert np.isnan(s.iso_confidence(0.5, [1.0])[0])
    assert s.joint_confidence(2.0, 40.0) == 0.5
    assert s.cost_percentiles([50]).tolist() == [25.0]


def test_errors() -> None:
    with pytest.raises(UnknownReferenceError, match="'fixed' names the unknown activity 'Z'"):
        sample_costs(["A"], np.ones((2, 1)), fixed={"Z": 5})
    with pytest.raises(ValidationError, match="'durations' must have shape"):
        sample_costs(["A", "B"], np.ones((2, 1)))
    with pytest.raises(ValidationError, match=r"fixed\['A'\]' must be >= 0"):
        sample_costs(["A"], np.ones((2, 1)), fixed={"A": -5})
    with pytest.raises(ValidationError, match="probability of risk 'R'"):
        RiskCost("R", 1.5, 10.0)
    with pytest.raises(ValidationError, match="same length"):
        CostScheduleSamples([1.0, 2.0], [1.0])


class TestSimulateCosts:
    """``simulate(..., costs=...)``: the joint samples kept in ``RiskResult.cost``."""

    NET = Network([Activity("A", 10), Activity("B", 5), Activity("C", 8)],
                  [Dependency("A", "C"), Dependency("B", "C")])
    UNC: ClassVar[dict[str, Triangular]] = {
        "A": Triangular(8, 10, 15), "B": Triangular(4, 5, 9), "C": Triangular(6, 8, 12)}

    def test_costs_leave_the_schedule_numbers_unchanged(self) -> None:
        plain = simulate(self.NET, self.UNC, iterations=5_000, rng=3)
        with_costs = simulate(self.NET, self.UNC, iterations=5_000, rng=3,
                              costs={"A": Triangular(1, 2, 4)})
        assert np.array_equal(plain.finish, with_costs.finish)
        assert plain.cost is None and with_costs.cost is not None

    def test_same_seed_same_jcl_bit_for_bit_whatever_max_memory(self) -> None:
        costs = CostUncertainty(fixed={"A": Triangular(100, 150, 300)}, rates={"C": 20.0},
                                risks=[RiskCost("R", 0.2, Triangular(10, 50, 90))])
        a = simulate(self.NET, self.UNC, iterations=20_000, rng=11, costs=costs)
        b = simulate(self.NET, self.UNC, iterations=20_000, rng=11, costs=costs,
                     max_memory=2**16)
        assert a.chunk_size != b.chunk_size
        assert np.array_equal(a.cost, b.cost)
        assert a.joint_confidence(20.0, 420.0) == b.joint_confidence(20.0, 420.0)

    def test_independent_fixed_cost_product_of_marginals(self) -> None:
        r = simulate(self.NET, self.UNC, iterations=N, rng=5,
                     costs={"B": Triangular(100, 150, 300)}, indices=False)
        for f, c in [(19.0, 150.0), (21.0, 200.0)]:
            pf, pc = r.probability_within(f), float(np.mean(r.cost <= c))
            assert r.joint_confidence(f, c) == pytest.approx(pf * pc, abs=_mc_tol(pf * pc))

    def test_rate_on_the_only_activity_is_comonotone(self) -> None:
        net = Network([Activity("A", 10)])
        r = simulate(net, {"A": Triangular(8, 10, 15)}, iterations=N, rng=6,
                     costs=CostUncertainty(rates={"A": 100.0}), indices=False)
        assert_allclose(r.cost, 100.0 * r.finish, rtol=1e-12)
        for f, c in [(10.0, 1200.0), (12.0, 1000.0)]:
            pf, pc = r.probability_within(f), float(np.mean(r.cost <= c))
            assert r.joint_confidence(f, c) == pytest.approx(min(pf, pc),
                                                              abs=_mc_tol(min(pf, pc)))

    def test_finish_as_a_date(self) -> None:
        import datetime as dt

        from pmokit.calendar import WorkCalendar

        r = simulate(self.NET, self.UNC, iterations=2_000, rng=1, costs={"A": 10.0},
                     start=dt.date(2026, 1, 5), calendar=WorkCalendar())
        day = r.percentile_date(80)
        assert r.joint_confidence(day, 1e9) == r.probability_within(day)

    def test_errors(self) -> None:
        with pytest.raises(UnknownReferenceError, match=r"'costs\.fixed' names the unknown "
                           r"activity 'Z'"):
            simulate(self.NET, self.UNC, iterations=100, rng=1, costs={"Z": 5.0})
        with pytest.raises(ValidationError, match="'costs' must be a CostUncertainty"):
            simulate(self.NET, self.UNC, iterations=100, rng=1,
                     costs=[1.0])  # type: ignore[arg-type]
        r = simulate(self.NET, self.UNC, iterations=100, rng=1)
        with pytest.raises(ValidationError, match=r"needs simulate\(\.\.\., costs=\.\.\.\)"):
            r.joint_confidence(20, 100)
        with pytest.raises(ValidationError, match=r"rates\['A'\]' must be >= 0"):
            CostUncertainty(rates={"A": -1.0})


def test_fuzz_findings() -> None:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""
    import numpy as np
    import pytest

    from pmokit.errors import ValidationError
    from pmokit.monitoring import RiskCost, SpreadCurve, joint_confidence, sample_costs

    with pytest.raises(ValidationError, match="id of a risk cost"):
        RiskCost("", 0.5, 10.0)
    with pytest.raises(ValidationError, match="'durations' must be an array of numbers"):
        sample_costs(["A"], np.array([[2 + 1j], [3.0]]), fixed={"A": 1.0})
    with pytest.raises(ValidationError, match="'samples' must be an array of numbers"):
        joint_confidence(np.array(["2026-01-05"], dtype="datetime64[D]"), [1.0], 1.0, 1.0)
    with pytest.raises(ValidationError, match="'weights' must be an array of numbers"):
        SpreadCurve("custom", (1.0, "3"))


def test_cost_uncertainty_refuses_bad_activity_ids_fuzz2() -> None:
    """Found by the fuzz test: empty-string and None activity keys were accepted."""
    with pytest.raises(ValidationError, match="activity id in 'fixed'"):
        CostUncertainty(fixed={"": 10.0})
    with pytest.raises(ValidationError, match="activity id in 'rates'"):
        CostUncertainty(rates={None: 1.0})


def test_sample_costs_refuses_infinite_durations_fuzz2() -> None:
    """Found by the fuzz test: an inf duration gave inf costs instead of an error."""
    with pytest.raises(ValidationError, match="'durations' must hold finite numbers"):
        sample_costs(["A"], np.array([[np.inf]]), rates={"A": 1.0}, rng=1)


def test_sample_costs_refuses_negative_durations_fuzz4() -> None:
    """Found by the fuzz test: a negative duration gave a negative cost instead of an error."""
    with pytest.raises(ValidationError, match=r"'durations' must be >= 0 \[working days\] "
                                              r"\(got \[-1.0\]\)"):
        sample_costs(["A", "B"], np.array([[3.0, 3.0], [5.0, -1.0]]), rates={"B": 3.0}, rng=1)
