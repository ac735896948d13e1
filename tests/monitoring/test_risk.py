"""Tests of the risk register: P-I matrix, assessment, heat map, Monte Carlo contingency."""

from __future__ import annotations

import datetime as dt
import itertools
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit import monitoring as mon
from pmokit.errors import DuplicateError, PmokitError, ValidationError
from pmokit.monitoring import (
    ProbabilityImpactMatrix,
    Risk,
    assess_risks,
    risk_contingency,
)
from tests._hypothesis import examples
from tests._requires import requires_pandas
from tests.monitoring._helpers import BAD

M = ProbabilityImpactMatrix.five_by_five(
    cost_edges=(10_000, 50_000, 100_000, 250_000), schedule_edges=(5, 10, 20, 40)
)


class TestMatrix:
    """Levels, scores and bands."""

    def test_levels_at_edges(self) -> None:
        """A value equal to an edge is in the lower level; above the last edge, the top."""
        assert M.level(0.1, 0) == (1, 1)
        assert M.level(0.1000001, 10_000) == (2, 1)
        assert M.level(0.71, 10_001) == (5, 2)
        assert M.level(1.0, 1e9) == (5, 5)

    def test_impact_is_worse_of_cost_and_schedule(self) -> None:
        """The impact level is the maximum of the cost and schedule levels."""
        assert M.level(0.5, 5_000, 45) == (3, 5)
        assert M.level(0.5, 300_000, 0) == (3, 5)

    def test_default_scores_and_bands(self) -> None:
        """5 x 5: score = P x I; 1-4 green, 5-11 amber, 12-25 red."""
        table = M.score_table()
        assert table.shape == (5, 5)
        assert_allclose(table, np.outer(range(1, 6), range(1, 6)))
        assert [M.rag(s) for s in (4, 5, 11, 12, 25)] == ["green", "amber", "amber", "red", "red"]

    def test_custom_matrix(self) -> None:
        """A 3 x 3 matrix with its own scores and bands."""
        m = ProbabilityImpactMatrix(
            probability_edges=(0.33, 0.66), cost_edges=(100, 1000), schedule_edges=(1, 10),
            scores=((1, 2, 3), (2, 4, 6), (3, 6, 9)), amber_from=3, red_from=6,
        )
        assert m.shape == (3, 3)
        assert m.score(*m.level(0.5, 500, 0)) == 4.0
        assert m.rag(4.0) == "amber" and m.rag(6) == "red" and m.rag(2) == "green"

    def test_bad_matrices(self) -> None:
        """Each fault of a matrix is named."""
        with pytest.raises(ValidationError, match="'cost_edges' must be strictly increasing"):
            ProbabilityImpactMatrix((0.5,), (10, 5), (1, 2))
        with pytest.raises(ValidationError, match=r"'probability_edges' must lie in \(0, 1\)"):
            ProbabilityImpactMatrix((0.5, 1.5), (10,), (1,))
        with pytest.raises(ValidationError, match="same number of impact levels"):
            ProbabilityImpactMatrix((0.5,), (10, 20), (1,))
        with pytest.raises(ValidationError, match=r"'scores' must be a 2 x 2 table"):
            ProbabilityImpactMatrix((0.5,), (10,), (1,), scores=((1, 2, 3),))
        with pytest.raises(ValidationError, match="'amber_from' must not exceed 'red_from'"):
            ProbabilityImpactMatrix((0.5,), (10,), (1,), amber_from=9, red_from=3)
        with pytest.raises(ValidationError, match="'schedule_edges' must hold finite numbers"):
            ProbabilityImpactMatrix((0.5,), (10,), (np.nan,))
        with pytest.raises(ValidationError, match="'cost_edges' must be a sequence of numbers"):
            ProbabilityImpactMatrix((0.5,), "ab", (1,))

    @pytest.mark.parametrize("field", ["cost_edges", "schedule_edges"])
    def test_negative_impact_edge_refused(self, field: str) -> None:
        """Impacts are >= 0, so an edge of -1 left its level empty: refused by name (fuzz4)."""
        edges = {"cost_edges": (10.0, 20.0), "schedule_edges": (1.0, 2.0), field: (-1.0, 20.0)}
        with pytest.raises(ValidationError, match=f"'{field}' must hold numbers >= 0.0"):
            ProbabilityImpactMatrix((0.3, 0.6), **edges)

    def test_zero_impact_edge_accepted(self) -> None:
        """An edge of 0 is a level of its own (no impact at all)."""
        m = ProbabilityImpactMatrix((0.5,), (0.0, 10.0), (0.0, 5.0))
        assert m.level(0.2, 0.0, 0.0) == (1, 1) and m.level(0.2, 1.0, 0.0) == (1, 2)


class TestRisk:
    """Risk entries validate themselves."""

    def test_emv(self) -> None:
        """EMV = probability x cost, with the triangular mean when a range is given."""
        assert Risk("R", 0.25, 400).emv == 100.0
        assert Risk("R", 0.5, 300, cost_low=100, cost_high=800).emv == 200.0

    def test_bad_risk_reports_everything(self) -> None:
        """Several faults of one risk are reported together, naming the risk."""
        with pytest.raises(ValidationError) as info:
            Risk("R9", 1.5, -3, schedule_impact=np.nan, status="maybe")  # type: ignore[arg-type]
        msgs = info.value.problems
        assert len(msgs) == 4
        assert all("R9" in m for m in msgs)

    def test_unhashable_id(self) -> None:
        """A list as a risk id is named (it raised TypeError in assess_risks before)."""
        with pytest.raises(ValidationError, match=r"'id' of risk '\['R'\]' must be hashable"):
            Risk(["R"], 0.5, 10.0)  # type: ignore[arg-type]

    def test_bad_range_and_proximity(self) -> None:
        """The range must hold the most likely cost; both ends given; proximity a date."""
        with pytest.raises(ValidationError, match="must hold the most likely cost"):
            Risk("R", 0.5, 100, cost_low=200, cost_high=300)
        with pytest.raises(ValidationError, match="must be given together"):
            Risk("R", 0.5, 100, cost_low=50)
        with pytest.raises(ValidationError, match="proximity of risk 'R'"):
            Risk("R", 0.5, 100, proximity="soon")  # type: ignore[arg-type]
        assert Risk("R", 0.5, proximity=dt.date(2026, 1, 1)).proximity == dt.date(2026, 1, 1)

    def test_project_empty_means_none_blank_refused(self) -> None:
        """project="" is the documented default (no project); a blank or None is refused."""
        assert Risk("R", 0.5).project == "" and Risk("R", 0.5, project="").project == ""
        for bad in ("  ", None, 1.5):
            with pytest.raises(ValidationError, match="project of risk 'R'"):
                Risk("R", 0.5, project=bad)  # type: ignore[arg-type]


class TestAssessment:
    """Scores, ranks, heat map."""

    RISKS = (
        Risk("R1", 0.6, 120_000, owner="Ana"),
        Risk("R2", 0.2, 8_000, 12),
        Risk("R3", 0.9, 60_000, 25),
        Risk("R4", 0.05, 300_000),
        Risk("R5", 0.6, 120_000, status="closed"),
        Risk("R6", 0.6, 90_000, 25),
    )

    def test_scores_and_ranks(self) -> None:
        """Levels, scores and bands per risk; rank by score then EMV."""
        a = assess_risks(self.RISKS, M)
        assert a.ids == ("R1", "R2", "R3", "R4", "R6")  # closed R5 left out
        assert a.probability_level.tolist() == [4, 2, 5, 1, 4]
        assert a.impact_level.tolist() == [4, 3, 4, 5, 4]
        assert a.score.tolist() == [16, 6, 20, 5, 16]
        assert a.rag == ("red", "amber", "red", "amber", "red")
        # R1 and R6 tie on score 16: R1 has the larger EMV (72,000 vs 54,000)
        assert a.ranked == ("R3", "R1", "R6", "R2", "R4")
        assert a.rank.tolist() == [2, 4, 1, 5, 3]
        assert_allclose(a.emv, [72_000, 1_600, 54_000, 15_000, 54_000])
        assert a.total_emv == 196_600
        assert_allclose(a.schedule_exposure, [0, 2.4, 22.5, 0, 15])
        assert a.worst_rag == "red"
        recs = a.to_records()
        assert [r["id"] for r in recs] == list(a.ranked)
        assert recs[1]["owner"] == "Ana" and recs[1]["status"] == "open"

    def test_emv_by_project(self) -> None:
        """EMV adds up per project."""
        a = assess_risks([Risk("A1", 0.5, 100, project="A"), Risk("B1", 0.1, 50, project="B"),
                          Risk("A2", 0.2, 10, project="A")], M)
        assert a.emv_by_project() == {"A": 52.0, "B": 5.0}

    def test_heat_map(self) -> None:
        """Counts and ids per cell; the counts add up to the risks."""
        a = assess_risks(self.RISKS, M)
        h = a.heat_map
        assert h.counts.sum() == 5
        assert h.counts[3, 3] == 2 and h.ids[3][3] == ("R1", "R6")
        assert h.ids[4][3] == ("R3",)
        assert h.rag[0][0] == "green" and h.rag[4][4] == "red"
        recs = h.to_records()
        assert len(recs) == 25 and sum(r["count"] for r in recs) == 5

    def test_include_closed_and_empty(self) -> None:
        """include_closed adds closed risks; an empty register is green."""
        assert len(assess_risks(self.RISKS, M, include_closed=True).ids) == 6
        empty = assess_risks([], M)
        assert empty.ids == () and empty.worst_rag == "green" and empty.total_emv == 0

    def test_errors(self) -> None:
        """Duplicate ids, non-risks and a missing matrix are refused."""
        with pytest.raises(DuplicateError, match="repeated: \\['R1'\\]"):
            assess_risks([Risk("R1", 0.1), Risk("R1", 0.2)], M)
        with pytest.raises(ValidationError, match="item 1 of 'risks' must be a Risk"):
            assess_risks([Risk("R1", 0.1), "R2"], M)  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'matrix' must be a ProbabilityImpactMatrix"):
            assess_risks([], None)  # type: ignore[arg-type]

    @requires_pandas
    def test_frame(self) -> None:
        """to_frame() is indexed by risk id."""
        assert next(iter(assess_risks(self.RISKS, M).to_frame().index)) == "R3"


class TestContingency:
    """Monte Carlo contingency against exact distributions."""

    def test_single_risk_quantiles(self) -> None:
        """One risk: P50 is 0 below p = 0.5 and the impact above; P80 likewise at 0.2."""
        assert risk_contingency([Risk("R", 0.3, 100.0)], rng=3).p50 == 0.0
        assert risk_contingency([Risk("R", 0.3, 100.0)], rng=3).p80 == 100.0
        assert risk_contingency([Risk("R", 0.6, 100.0)], rng=3).p50 == 100.0
        assert risk_contingency([Risk("R", 0.1, 100.0)], rng=3).p80 == 0.0

    def test_two_risks_against_enumeration(self) -> None:
        """Two independent risks: the quantiles of the exact four-point distribution."""
        risks = [Risk("A", 0.5, 100.0), Risk("B", 0.45, 300.0)]
        # exact distribution by enumerating occurrences
        outcomes: dict[float, float] = {}
        for hits in itertools.product([0, 1], repeat=2):
            prob = np.prod([r.probability if h else 1 - r.probability
                            for r, h in zip(risks, hits, strict=True)])
            cost = sum(r.cost_impact for r, h in zip(risks, hits, strict=True) if h)
            outcomes[cost] = outcomes.get(cost, 0.0) + prob
        values = sorted(outcomes)
        cdf = np.cumsum([outcomes[v] for v in values])
        exact = {q: values[int(np.searchsorted(cdf, q / 100 - 1e-12))] for q in (50, 80, 90)}
        c = risk_contingency(risks, iterations=40_000, rng=11)
        assert (c.p50, c.p80, c.percentiles[90.0]) == (exact[50], exact[80], exact[90])
        assert (c.p50, c.p80) == (100.0, 400.0)

    @settings(max_examples=examples(15), deadline=None)
    @given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1000), st.floats(0, 500)),
                    min_size=1, max_size=8), st.integers(0, 2**32 - 1))
    @example(spec=[(1e-05, 0.0, 1.0)], seed=0)  # no hit in the sample: its std is 0
    def test_mean_matches_emv(self, spec: list[tuple[float, float, float]], seed: int) -> None:
        """The simulated mean is within 5 standard errors of the analytic EMV.

        The standard error comes from the exact variance of the total (independent
        Bernoulli x triangular terms), not from the sample, whose spread is 0 when a rare
        risk never occurs in it.
        """
        risks = [Risk(f"R{k}", p, c, cost_low=c, cost_high=c + w)
                 for k, (p, c, w) in enumerate(spec)]
        c = risk_contingency(risks, iterations=20_000, rng=seed)
        var = 0.0
        for p, lo, w in spec:
            hi = lo + w
            mean = (lo + lo + hi) / 3  # triangular(low, mode=low, high)
            second = (lo * lo + lo * lo + hi * hi - lo * lo - lo * hi - lo * hi) / 18 + mean**2
            var += p * second - (p * mean) ** 2
        se = np.sqrt(max(var, 0.0) / c.iterations)
        assert abs(c.mean - c.expected_monetary_value) <= 5 * se + 1e-9
        assert c.p50 <= c.p80 <= c.percentiles[90.0]

    def test_seeded_and_schedule(self) -> None:
        """The same seed gives the same numbers; delays are simulated too."""
        # delays: 0 (p .06), 4 (.54), 10 (.04), 14 (.36) -> P50 = 4, P80 = 14
        risks = [Risk("A", 0.4, 100.0, 10, cost_low=50, cost_high=200), Risk("B", 0.9, 0, 4)]
        a = risk_contingency(risks, rng=5)
        b = risk_contingency(risks, rng=5)
        assert a.p80 == b.p80 and np.array_equal(a.samples, b.samples)
        assert a.schedule_p50 == 4.0 and a.schedule_p80 == 14.0
        assert [r["percentile"] for r in a.to_records()] == [50.0, 80.0, 90.0]

    def test_closed_risks_skipped(self) -> None:
        """Closed risks carry no contingency."""
        c = risk_contingency([Risk("A", 1.0, 100.0, status="closed")], rng=1)
        assert c.p80 == 0.0 and c.ids == ()

    def test_errors(self) -> None:
        """iterations and percentiles are checked."""
        with pytest.raises(ValidationError, match="'iterations' must be >= 100"):
            risk_contingency([], iterations=10)
        with pytest.raises(ValidationError, match="'iterations' must be an integer"):
            risk_contingency([], iterations=1000.5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"'percentiles' must lie in \(0, 100\]"):
            risk_contingency([], percentiles=(150,))
        with pytest.raises(ValidationError, match="'rng' must be"):
            risk_contingency([], rng="x")  # type: ignore[arg-type]


class TestRiskInvariants:
    """Hypothesis: ranks are a permutation; scores grow with probability and impact."""

    @settings(max_examples=examples(60), deadline=None)
    @given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1e6), st.floats(0, 100)),
                    min_size=1, max_size=15))
    def test_ranks_and_monotone_scores(self, spec: list[tuple[float, float, float]]) -> None:
        """Ranks are 1..n, ordered by score; a riskier risk never scores lower."""
        risks = [Risk(f"R{k}", p, c, s) for k, (p, c, s) in enumerate(spec)]
        a = assess_risks(risks, M)
        assert sorted(a.rank.tolist()) == list(range(1, len(risks) + 1))
        scores_in_rank_order = [a.score[a.ids.index(i)] for i in a.ranked]
        assert scores_in_rank_order == sorted(scores_in_rank_order, reverse=True)
        assert a.heat_map.counts.sum() == len(risks)
        for k, (p, c, s) in enumerate(spec):
            bigger = assess_risks([Risk("X", min(1.0, p + 0.1), c * 2, s + 5)], M)
            assert bigger.score[0] >= a.score[k]


class TestRemainingErrorPaths:
    """The error paths a coverage run of the review found untested."""

    def test_non_numeric_scores(self) -> None:
        """A scores table of strings is refused with the expected shape."""
        with pytest.raises(ValidationError, match=r"'scores' must be a 2 x 2 table of finite"):
            ProbabilityImpactMatrix((0.5,), (1,), (1,), scores=(("a", "b"), ("c", "d")))  # type: ignore[arg-type]

    def test_non_numeric_percentiles(self) -> None:
        """percentiles must be numbers."""
        with pytest.raises(ValidationError, match=r"'percentiles' must be numbers in \(0, 100\]"):
            risk_contingency([Risk("R", 0.5, 1.0)], percentiles=None, rng=1)  # type: ignore[arg-type]

    def test_complex_percentiles_refused_by_name(self) -> None:
        """A numpy complex percentile lost its imaginary part with a ComplexWarning (fuzz4)."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValidationError, match="'percentiles' must be an array of "
                                                      r"numbers \(got complex numbers\)"):
                risk_contingency([Risk("R", 0.5, 1.0)], percentiles=np.array([50 + 1j]), rng=1)


class TestIssue14:
    """Issue 14: no silent misuse of the risk register, one vocabulary, frozen results."""

    RISKS = (Risk("R1", 0.6, 120_000, 12), Risk("R2", 0.2, 8_000, 3, project="P"))

    @pytest.mark.parametrize(
        ("args", "name"),
        [
            ((float("nan"), 1000), "probability"),
            ((0.5, float("nan")), "cost"),
            ((0.5, 10, float("inf")), "schedule"),
            ((None, 10), "probability"),
            ((1 + 1j, 10), "probability"),
            ((0.5, np.datetime64("2026-01-01")), "cost"),
            ((1.5, 10), "probability"),
            ((0.5, -1), "cost"),
        ],
    )
    def test_level_refuses_what_is_not_a_level_input(
        self, args: tuple[object, ...], name: str
    ) -> None:
        """`level(nan, 1000)` returned (5, 1); now an error naming the argument."""
        with pytest.raises(ValidationError, match=f"'{name}'"):
            M.level(*args)  # type: ignore[arg-type]

    def test_score_and_rag_refuse_bad_levels(self) -> None:
        """Level 0 read the last cell of the table; a NaN score was 'green'."""
        with pytest.raises(ValidationError, match=r"'probability_level' must lie in 1\.\.5"):
            M.score(0, 1)
        with pytest.raises(ValidationError, match="'impact_level' must be an integer"):
            M.score(1, 2.5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'score' must be a finite number"):
            M.rag(float("nan"))

    @pytest.mark.parametrize("flag", ["no", 0, 1, None, "False"])
    def test_include_closed_takes_only_bools(self, flag: object) -> None:
        """A truthy string was read as True."""
        with pytest.raises(ValidationError, match="'include_closed' must be True or False"):
            assess_risks(self.RISKS, M, include_closed=flag)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'include_closed' must be True or False"):
            risk_contingency(self.RISKS, include_closed=flag, rng=1)  # type: ignore[arg-type]

    def test_forbidden_ids_and_numbers(self) -> None:
        """Empty, None and float ids, complex and datetime64 edges are refused by name."""
        for bad in ("", "  ", None, 1.0):
            with pytest.raises(ValidationError, match="id of a risk"):
                Risk(bad, 0.5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'probability of risk 'R''"):
            Risk("R", 0.5 + 0j)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="complex"):
            ProbabilityImpactMatrix.five_by_five(
                cost_edges=np.array([1, 2, 3, 4], dtype=complex), schedule_edges=(1, 2, 3, 4)
            )
        with pytest.raises(ValidationError, match="datetime64"):
            ProbabilityImpactMatrix.five_by_five(
                cost_edges=np.arange(4).astype("datetime64[D]"), schedule_edges=(1, 2, 3, 4)
            )
        with pytest.raises(ValidationError, match="'risks' must be a sequence of Risk"):
            assess_risks(Risk("R", 0.5), M)  # type: ignore[arg-type]

    def test_iterations_is_the_sample_count(self) -> None:
        """`n_samples` is deprecated for `iterations` (argument and result field)."""
        new = risk_contingency(self.RISKS, iterations=1000, rng=3)
        with pytest.warns(DeprecationWarning, match="use 'iterations'"):
            old = risk_contingency(self.RISKS, n_samples=1000, rng=3)  # type: ignore[call-arg]
        assert old == new and new.iterations == 1000
        with pytest.warns(DeprecationWarning, match="RiskContingency.iterations"):
            assert new.n_samples == 1000
        with pytest.raises(ValidationError, match="'iterations' must be at most"):
            risk_contingency(self.RISKS, iterations=10**12, rng=3)

    def test_fractions_for_percents_refused(self) -> None:
        """percentiles=(0.5, 0.9) is a probable slip for (50, 90), unless check_units=False."""
        with pytest.raises(ValidationError, match="did you mean quantile"):
            risk_contingency(self.RISKS, percentiles=(0.5, 0.9), iterations=1000, rng=3)
        c = risk_contingency(
            self.RISKS, percentiles=(0.5,), iterations=1000, rng=3, check_units=False
        )
        assert 0.5 in c.percentiles

    def test_heat_map_has_a_distinct_name(self) -> None:
        """`HeatMap` (risk cells) is `RiskHeatMap`, apart from capacity's `CapacityHeatMap`."""
        import pmokit.monitoring as mon
        from pmokit.capacity import CapacityHeatMap
        from pmokit.monitoring import RiskHeatMap

        a = assess_risks(self.RISKS, M)
        assert isinstance(a.heat_map, RiskHeatMap) and RiskHeatMap is not CapacityHeatMap
        with pytest.warns(DeprecationWarning, match="use 'pmokit.monitoring.RiskHeatMap'"):
            assert mon.HeatMap is RiskHeatMap
        assert "HeatMap" not in mon.__all__

    def test_assessment_is_a_mapping_by_risk_id(self) -> None:
        """`in`, iteration, `len`, `.get`; an unknown id is an UnknownReferenceError."""
        from pmokit.errors import UnknownReferenceError

        a = assess_risks(self.RISKS, M)
        assert list(a) == ["R1", "R2"] and len(a) == 2 and "R2" in a and "R9" not in a
        assert a["R2"]["project"] == "P" and a["R2"]["rank"] == 2
        assert a.get("R9") is None
        with pytest.raises(UnknownReferenceError, match="unknown risk 'R9'"):
            a["R9"]

    def test_results_round_trip_equal_and_read_only(self) -> None:
        """Assessment, heat map and contingency pickle and deep-copy equal, arrays read-only."""
        import copy
        import pickle

        a = assess_risks(self.RISKS, M)
        c = risk_contingency(self.RISKS, iterations=500, rng=1)
        for obj in (M, self.RISKS[0], a, a.heat_map, c):
            for back in (pickle.loads(pickle.dumps(obj, 4)), copy.deepcopy(obj)):
                assert back == obj
        back_a = pickle.loads(pickle.dumps(a, 4))
        for arr in (back_a.score, back_a.emv, back_a.heat_map.counts, c.samples,
                    pickle.loads(pickle.dumps(c, 4)).samples):
            assert not arr.flags.writeable
        with pytest.raises(TypeError):
            c.percentiles[50.0] = 0.0  # type: ignore[index]




M5 = mon.ProbabilityImpactMatrix.five_by_five(
    cost_edges=(10, 50, 100, 250), schedule_edges=(5, 10, 20, 40)
)


RISKS = [mon.Risk("R1", 0.5, 100.0, 3), mon.Risk("R2", 0.2, 10.0)]


MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "level": lambda x: M5.level(x, 10),
    "level_c": lambda x: M5.level(0.5, x),
    "score": lambda x: M5.score(x, 1),
    "rag": lambda x: M5.rag(x),
    "Risk_p": lambda x: mon.Risk("R", x),
    "Risk_id": lambda x: mon.Risk(x, 0.5),
    "Risk_cost": lambda x: mon.Risk("R", 0.5, x),
    "assess": lambda x: mon.assess_risks(x, M5),
    "assess_ic": lambda x: mon.assess_risks(RISKS, M5, include_closed=x),
    "cont_it": lambda x: mon.risk_contingency(RISKS, iterations=x, rng=1),
    "cont_pct": lambda x: mon.risk_contingency(RISKS, percentiles=x, iterations=200, rng=1),
    "cont_rng": lambda x: mon.risk_contingency(RISKS, rng=x, iterations=200),
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


def test_fuzz_findings() -> None:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""
    import datetime as _dt

    from pmokit.agile import CycleTimes, throughput_trend

    with pytest.raises(PmokitError, match="project of risk 'R1'"):
        mon.Risk("R1", 0.5, 10.0, project=["P1"])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="measure name in 'metrics'"):
        mon.rag_status({"": 1.0})
    with pytest.raises(PmokitError, match="measure name in 'metrics'"):
        mon.rag_status({None: 1.0})  # type: ignore[dict-item]
    snaps = [{"M1": _dt.date(2026, 1, 5)}, {"M1": _dt.date(2026, 1, 9)}]
    with pytest.raises(PmokitError, match=r"labels\[1\]"):
        mon.milestone_trend(snaps, labels=["jan", ""])
    ct = CycleTimes(ids=(1, 2, 3), days=np.array([2.0, 3.0, 5.0]))
    with pytest.raises(PmokitError, match="'target' must be an array of numbers"):
        mon.cycle_time_signals(ct, target=np.array([4 + 1j, 6]))
    trend = throughput_trend([6, 5, 6, 4, 4, 3])
    with pytest.raises(PmokitError, match="'decline' must be an array of numbers"):
        mon.throughput_trend_signals(trend, decline=np.array([0.1 + 1j, 0.2]))


def test_risk_none_cost_with_range_is_a_validation_error_fuzz2() -> None:
    """Found by the fuzz test: cost_impact=None with a cost range raised a bare TypeError."""
    from pmokit.errors import ValidationError
    from pmokit.monitoring import Risk

    with pytest.raises(ValidationError, match="cost_impact"):
        Risk("R1", 0.5, None, 1.0, cost_low=1.0, cost_high=5.0)  # type: ignore[arg-type]
