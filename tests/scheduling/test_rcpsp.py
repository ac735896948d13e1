"""Resource-constrained scheduling: hand-checked cases, invariants, PSPLIB references."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from pmokit.errors import (
    DuplicateError,
    InfeasibleInputError,
    MissingDependencyError,
    UnknownReferenceError,
    ValidationError,
)
from pmokit.progress import ProgressInfo
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    Resource,
    resource_constrained_schedule,
    schedule,
)
from pmokit.scheduling._sgs import (
    RcpspArrays,
    list_from_priority,
    makespans,
    parallel_sgs,
    priority_values,
    serial_sgs,
)
from tests._hypothesis import examples
from tests._requires import requires_dask, requires_tqdm
from tests.scheduling._nets import check_feasible

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import psplib_sm  # noqa: E402

LINKS = ("FS", "SS", "FF", "SF")




def brute_serial(p: RcpspArrays, order: list[int]) -> list[int]:
    """A plain serial SGS, slot by slot, as an independent implementation."""
    n = p.n
    horizon = int(p.duration.sum() + p.capacity.shape[1] + np.abs(p.pred_off).sum() + 5)
    free = [
        [int(p.capacity[r, min(t, p.capacity.shape[1] - 1)]) for r in range(p.n_resources)]
        for t in range(horizon)
    ]
    start = [0] * n
    for j in order:
        es = 0
        for k in range(p.pred_ptr[j], p.pred_ptr[j + 1]):
            es = max(es, start[p.pred_idx[k]] + int(p.pred_off[k]))
        t = es
        d = int(p.duration[j])
        while not all(
            free[tau][r] >= p.demand[j, r] for tau in range(t, t + d) for r in range(p.n_resources)
        ):
            t += 1
        start[j] = t
        for tau in range(t, t + d):
            for r in range(p.n_resources):
                free[tau][r] -= int(p.demand[j, r])
    return start


@st.composite
def problems(draw: st.DrawFn, max_n: int = 12) -> tuple[Network, list[Resource]]:
    """Random networks (all link types, lags, milestones) with demands and capacities."""
    n = draw(st.integers(1, max_n))
    n_res = draw(st.integers(1, 3))
    caps = [draw(st.integers(1, 6)) for _ in range(n_res)]
    varying = draw(st.booleans())
    halves = draw(st.booleans())  # half-day durations: two slots a day
    resources = []
    for k, c in enumerate(caps):
        if varying and k == 0:  # may dip below the tail, to 0, for a while
            prof = draw(st.lists(st.integers(0, c + 4), min_size=1, max_size=8))
            resources.append(Resource(f"R{k}", [*prof, c]))
        else:
            resources.append(Resource(f"R{k}", c))
    acts = []
    for i in range(n):
        d = draw(st.integers(0, 12)) / (2 if halves else 1)
        dem = {f"R{k}": draw(st.integers(0, caps[k])) for k in range(n_res)}
        acts.append(Activity(f"A{i}", float(d), demands=dem))
    deps = []
    seen = set()
    if n > 1:
        pairs = draw(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                          st.sampled_from(LINKS), st.integers(-2, 3)),
                max_size=2 * n,
            )
        )
        for a, b, t, lag in pairs:
            a, b = min(a, b), max(a, b)
            if a == b or (a, b, t) in seen:
                continue
            seen.add((a, b, t))
            deps.append(Dependency(f"A{a}", f"A{b}", t, lag=float(lag)))
    return Network(acts, deps), resources


class TestHandChecked:
    """A small instance whose optimum is worked out by hand."""

    def net(self) -> tuple[Network, list[Resource]]:
        # A(3, 2 crew) -> C(2, 1 crew); B(2, 2 crew) independent; capacity 3 crew.
        # A and B cannot overlap (2 + 2 > 3). Best: A 0-3, then B 3-5 alongside C 3-5 (2+1).
        net = Network(
            [
                Activity("A", 3, demands={"crew": 2}),
                Activity("B", 2, demands={"crew": 2}),
                Activity("C", 2, demands={"crew": 1}),
            ],
            [Dependency("A", "C")],
        )
        return net, [Resource("crew", 3)]

    @pytest.mark.parametrize("method", ["ga", "sampling", "serial", "parallel"])
    def test_every_method_finds_the_optimum(self, method: str) -> None:
        """Makespan 5 = lower bound; B is pushed by the crew."""
        net, res = self.net()
        rs = resource_constrained_schedule(net, res, method=method, rng=0)  # type: ignore[arg-type]
        assert rs.makespan == 5.0
        assert rs.critical_path_bound == 5.0
        assert rs.resource_bound == pytest.approx(4.0)  # work 3*2+2*2+2*1 = 12 / 3 per day
        check_feasible(net, rs, res)

    def test_profile_pushed_and_records(self) -> None:
        """Usage per day, delays and the resource that pushed each delayed activity."""
        net, res = self.net()
        rs = resource_constrained_schedule(net, res, method="serial")
        assert_allclose(rs.start, [0.0, 3.0, 3.0])
        assert_allclose(rs.usage, [[2, 2, 2, 3, 3]])
        assert_allclose(rs.capacity, [[3, 3, 3, 3, 3]])
        assert_allclose(rs.delay, [0.0, 3.0, 0.0])
        assert rs.pushed_by == ((), ("crew",), ())
        assert rs.delayed == ("B",)
        assert rs.gap == 0.0
        assert rs.to_records()[1] == {
            "id": "B", "start": 3.0, "finish": 5.0, "delay": 3.0, "pushed_by": "crew"
        }
        assert rs["C"]["finish"] == 5.0
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        assert list(rs.to_frame().index) == ["A", "B", "C"]
        with pytest.raises(UnknownReferenceError):
            rs["Z"]

    def test_capacity_per_period(self) -> None:
        """A capacity dip to 1 on days 0-1 holds B (needs 2) back until day 2."""
        net = Network([Activity("B", 2, demands={"crew": 2})])
        rs = resource_constrained_schedule(net, [Resource("crew", [1, 1, 2])], method="serial")
        assert rs.start.tolist() == [2.0]
        assert rs.resource_bound == 3.0  # 4 crew-days: 1 + 1 + 2 by the end of day 3
        assert rs.pushed_by == (("crew",),)

    def test_half_day_durations_and_fractional_demands(self) -> None:
        """Half days and half people are scheduled on a finer grid."""
        net = Network(
            [Activity("A", 1.5, demands={"ba": 0.5}), Activity("B", 1, demands={"ba": 0.75})]
        )
        rs = resource_constrained_schedule(net, [Resource("ba", 1)], method="serial")
        assert rs.period == 0.5
        assert sorted(rs.start.tolist()) == [0.0, 1.5]
        assert rs.makespan == 2.5


class TestInvariants:
    """Every method gives a precedence- and capacity-feasible schedule."""

    @settings(max_examples=examples(40), deadline=None)
    @given(problems(), st.sampled_from(["ga", "sampling", "serial", "parallel"]),
           st.sampled_from(["lft", "lst", "mts", "grpw", "mslk", "random"]), st.booleans())
    def test_feasible(
        self, prob: tuple[Network, list[Resource]], method: str, rule: str, improve: bool
    ) -> None:
        """Precedence with every link type and capacity at every instant."""
        net, res = prob
        rs = resource_constrained_schedule(
            net, res, method=method, priority=rule, improve=improve, schedules=60, rng=3  # type: ignore[arg-type]
        )
        check_feasible(net, rs, res)
        assert rs.makespan >= rs.lower_bound - 1e-9
        assert rs.schedules <= 60 or method in ("serial", "parallel")

    @settings(max_examples=examples(40), deadline=None)
    @given(problems(), st.randoms(use_true_random=False))
    def test_vectorised_serial_equals_plain_serial(
        self, prob: tuple[Network, list[Resource]], rnd: object
    ) -> None:
        """The lockstep SWAR decoder gives the same starts as a slot-by-slot loop."""
        from pmokit.scheduling._resources import compile_resources
        from pmokit.scheduling._sgs import biased_lists

        net, res = prob
        p = compile_resources(net, res).arrays
        lists = biased_lists(p, priority_values(p, "lft"), 4, np.random.default_rng(7))
        got = serial_sgs(p, lists)
        for row in range(4):
            assert got[row].tolist() == brute_serial(p, lists[row].tolist())

    def test_deterministic_per_seed(self) -> None:
        """Same seed, same schedule; the GA is at least as good as one LFT pass."""
        rng = np.random.default_rng(5)
        acts = [
            Activity(f"A{i}", float(rng.integers(1, 6)), demands={"r": int(rng.integers(1, 4))})
            for i in range(25)
        ]
        deps = [Dependency(f"A{i}", f"A{j}") for i in range(25) for j in range(i + 3, 25, 7)]
        net = Network(acts, deps)
        res = [Resource("r", 4)]
        a = resource_constrained_schedule(net, res, schedules=300, rng=11)
        b = resource_constrained_schedule(net, res, schedules=300, rng=11)
        one = resource_constrained_schedule(net, res, method="serial")
        assert a.start.tolist() == b.start.tolist()
        assert a.makespan <= one.makespan
        assert a.schedules <= 300


class TestReviewRegressions:
    """Cases found by the review of issue 5."""

    def test_thirds_of_a_person_are_exact(self) -> None:
        """Three one-third demands fit a capacity of 1 (were rounded up to 0.334 each)."""
        net = Network([Activity(x, 1, demands={"ba": 1 / 3}) for x in "ABC"])
        rs = resource_constrained_schedule(net, [Resource("ba", 1)], method="serial")
        assert rs.start.tolist() == [0.0, 0.0, 0.0] and rs.makespan == 1.0
        assert rs.lower_bound == 1.0
        assert_allclose(rs.usage, [[1.0]])
        two = Network([Activity(x, 1, demands={"ba": 1 / 3}) for x in "AB"])
        rs2 = resource_constrained_schedule(two, [Resource("ba", 2 / 3)], method="serial")
        assert rs2.makespan == 1.0

    def test_inexact_units_keep_a_true_bound_and_true_usage(self) -> None:
        """Demands off every small grid are rounded up for the engine; the resource bound
        and the usage profile still use the true values (the bound was 2, above the
        true optimum of 1; the usage showed 0.124 for 0.1234567)."""
        q = 0.1234567
        net = Network([Activity(f"A{i}", 1, demands={"r": q}) for i in range(8)])
        rs = resource_constrained_schedule(net, [Resource("r", 8 * q)], rng=0)
        assert rs.resource_bound == 1.0 and rs.lower_bound == 1.0
        assert rs.makespan >= rs.lower_bound
        check_feasible(net, rs, [Resource("r", 8 * q)])
        n_day0 = int(np.sum(rs.start == 0.0))
        assert rs.usage[0, 0] == pytest.approx(n_day0 * q, rel=1e-12)

    @pytest.mark.parametrize(
        ("units", "others"),
        [(32996.249, {}), (2 / 3, {"B": 0.1234567})],
    )
    def test_demand_equal_to_capacity_fits(self, units: float, others: dict[str, float]
                                           ) -> None:
        """A demand equal to its capacity stays within it on the integer grid (was rounded
        one unit above it, 32996250 > 32996249 or 667 > 666, and the search never ended:
        checked on the compiled arrays first so a regression fails instead of hanging)."""
        from pmokit.scheduling._resources import compile_resources

        acts = [Activity("A", 1, demands={"r": units}), Activity("A2", 1, demands={"r": units})]
        acts += [Activity(k, 1, demands={"r": v}) for k, v in others.items()]
        net, res = Network(acts), [Resource("r", units)]
        arr = compile_resources(net, res).arrays
        assert (arr.demand[:, 0] <= arr.capacity[0, -1]).all()
        rs = resource_constrained_schedule(net, res, method="serial")
        check_feasible(net, rs, res)
        assert rs.makespan == len(acts)

    def test_resources_not_a_sequence(self) -> None:
        """None or a bare Resource is a ValidationError (was a TypeError)."""
        net = Network([Activity("A", 2)])
        with pytest.raises(ValidationError, match="iterable of Resource"):
            resource_constrained_schedule(net, None)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="iterable of Resource"):
            resource_constrained_schedule(net, Resource("r", 1))  # type: ignore[arg-type]

    @settings(max_examples=examples(30), deadline=None)
    @given(problems())
    def test_sparse_release_matches_dense_successor_counts(
        self, prob: tuple[Network, list[Resource]]
    ) -> None:
        """The CSR in-degree update (replacing an n x n matrix) subtracts, per row, one for
        every link out of the picked activity, duplicate links included."""
        from pmokit.scheduling._resources import compile_resources
        from pmokit.scheduling._sgs import _release

        net, res = prob
        p = compile_resources(net, res).arrays
        rng = np.random.default_rng(0)
        pick = rng.integers(0, p.n, size=5)
        rows = np.arange(5)
        indeg = np.zeros((5, p.n), dtype=np.int64)
        _release(p, indeg, rows, pick)
        dense = np.zeros((5, p.n), dtype=np.int64)
        for r, j in enumerate(pick.tolist()):
            for lk in range(net.compiled.link_pred.size):
                if net.compiled.link_pred[lk] == j:
                    dense[r, net.compiled.link_succ[lk]] -= 1
        assert indeg.tolist() == dense.tolist()

    def test_untested_error_paths(self) -> None:
        """Non-numbers among per-period capacities, every bad period named, and capacities
        too large for the integer engine."""
        with pytest.raises(ValidationError, match="hold numbers per period"):
            Resource("crew", [1, "x"])  # type: ignore[list-item]
        with pytest.raises(ValidationError) as exc:
            Resource("crew", [1, -1, float("inf")])
        assert len(exc.value.problems) == 2 and "period 2" in exc.value.problems[1]
        net = Network([Activity("A", 1, demands={"r": 1})])
        with pytest.raises(ValidationError, match="too large for the integer engine"):
            resource_constrained_schedule(net, [Resource("r", 1e12)])

    def test_unhashable_lookup(self) -> None:
        """Looking up an unhashable id names it (was a TypeError)."""
        rs = resource_constrained_schedule(Network([Activity("A", 2)]), [])
        with pytest.raises(UnknownReferenceError):
            rs[["A"]]  # type: ignore[index]


class TestEdgeCases:
    """Empty networks, milestones, no resources."""

    def test_empty_network(self) -> None:
        """Nothing to schedule: makespan 0, empty profile."""
        rs = resource_constrained_schedule(Network([]), [Resource("r", 1)])
        assert rs.makespan == 0.0 and rs.usage.shape == (1, 0)

    def test_milestone_demand_is_not_checked(self) -> None:
        """A zero-duration activity occupies no capacity, so a large demand is fine."""
        net = Network([Activity("m", 0, demands={"r": 5}), Activity("a", 2, demands={"r": 1})],
                      [Dependency("m", "a")])
        for method in ("ga", "sampling", "serial", "parallel"):
            rs = resource_constrained_schedule(net, [Resource("r", 1)], method=method)  # type: ignore[arg-type]
            assert rs.start.tolist() == [0.0, 0.0] and rs.makespan == 2.0

    def test_no_resources_gives_the_cpm_schedule(self) -> None:
        """Without resources the schedule is the early-start CPM schedule."""
        net = Network([Activity("a", 2), Activity("b", 3)], [Dependency("a", "b", "SS", lag=1)])
        rs = resource_constrained_schedule(net, [], method="serial")
        assert rs.start.tolist() == schedule(net).early_start.tolist()


class TestStopping:
    """Budget, lower bound and time limit end the search."""

    def net(self) -> tuple[Network, list[Resource]]:
        rng = np.random.default_rng(9)
        acts = [
            Activity(f"A{i}", float(rng.integers(1, 9)),
                     demands={"r": int(rng.integers(1, 4)), "s": int(rng.integers(0, 3))})
            for i in range(40)
        ]
        deps = [Dependency(f"A{i}", f"A{j}") for i in range(40) for j in range(i + 5, 40, 11)]
        return Network(acts, deps), [Resource("r", 4), Resource("s", 3)]

    def test_time_limit(self) -> None:
        """A tiny time limit stops after the first generation."""
        net, res = self.net()
        rs = resource_constrained_schedule(net, res, schedules=100000, time_limit=1e-6, rng=1)
        assert rs.stopped == "time_limit"
        assert rs.schedules < 1000

    def test_time_limit_checked_within_the_first_population(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Under a time limit the first population is built in eighths, so a large network
        stops near the limit (the whole population of 120 lists was built and improved
        first: 3,000 activities overran a 1 s limit by 8 s). A fake clock that ticks one
        second per reading makes this a count, not a timing."""
        import functools
        import itertools
        import types

        from pmokit.scheduling import _rcpsp_search

        net, res = self.net()
        for method, most in (("ga", 1 + 2 * 3 * 15), ("sampling", 1 + 2 * 12)):
            ticks = itertools.count()
            clock = types.SimpleNamespace(perf_counter=functools.partial(next, ticks))
            monkeypatch.setattr(_rcpsp_search, "time", clock)
            rs = resource_constrained_schedule(
                net, res, method=method, schedules=100000, time_limit=2.5, rng=1  # type: ignore[arg-type]
            )
            assert rs.stopped == "time_limit" and 1 < rs.schedules <= most, method

    def test_budget(self) -> None:
        """The budget is never exceeded, sampling or GA, with or without FBI."""
        net, res = self.net()
        for method, improve in (("ga", False), ("sampling", False), ("sampling", True)):
            rs = resource_constrained_schedule(
                net, res, method=method, improve=improve, schedules=250, rng=2  # type: ignore[arg-type]
            )
            assert rs.stopped == "budget" and rs.schedules == 250

    def test_lower_bound(self) -> None:
        """A schedule that meets the bound ends the search at once."""
        net = Network([Activity("A", 2, demands={"r": 1}), Activity("B", 2, demands={"r": 1})])
        rs = resource_constrained_schedule(net, [Resource("r", 1)], schedules=5000, rng=0)
        assert rs.stopped == "lower_bound" and rs.schedules == 1 and rs.makespan == 4.0


class TestErrors:
    """Bad input is reported with the item named."""

    def test_demand_above_capacity(self) -> None:
        """Names the activity and the resource, for every such pair."""
        net = Network([Activity("A", 2, demands={"crew": 5}), Activity("B", 1,
                                                                        demands={"crew": 4})])
        with pytest.raises(InfeasibleInputError) as exc:
            resource_constrained_schedule(net, [Resource("crew", 3)])
        assert len(exc.value.problems) == 2
        assert "'A'" in exc.value.problems[0] and "'crew'" in exc.value.problems[0]

    def test_unknown_resource(self) -> None:
        """Demands naming resources not given are all listed."""
        net = Network([Activity("A", 2, demands={"crew": 1, "van": 1})])
        with pytest.raises(UnknownReferenceError) as exc:
            resource_constrained_schedule(net, [Resource("bus", 3)])
        assert exc.value.unknown == ("crew", "van")
        assert "'A'" in str(exc.value)

    def test_duplicate_resource(self) -> None:
        """Resource ids must be unique."""
        net = Network([Activity("A", 2)])
        with pytest.raises(DuplicateError, match="'crew'"):
            resource_constrained_schedule(net, [Resource("crew", 3), Resource("crew", 2)])

    def test_bad_options(self) -> None:
        """Method, priority, budget and time limit checked together."""
        net = Network([Activity("A", 2)])
        with pytest.raises(ValidationError) as exc:
            resource_constrained_schedule(
                net, [], method="tabu", priority="spt", schedules=0, time_limit=-1  # type: ignore[arg-type]
            )
        assert len(exc.value.problems) == 4

    def test_bad_resource(self) -> None:
        """Capacity must be finite, >= 0, and a number or numbers."""
        with pytest.raises(ValidationError, match="'crew'"):
            Resource("crew", -1)
        with pytest.raises(ValidationError, match="period 1"):
            Resource("crew", [1, float("nan")])
        with pytest.raises(ValidationError, match="sequence of numbers"):
            Resource("crew", "3")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="empty"):
            Resource("crew", [])
        with pytest.raises(ValidationError, match="non-empty str"):
            Resource("", 1)

    def test_not_a_resource_or_network(self) -> None:
        """Items of the wrong type are named."""
        net = Network([Activity("A", 2)])
        with pytest.raises(ValidationError, match=r"resources\[0\]"):
            resource_constrained_schedule(net, ["crew"])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'network' must be a Network"):
            resource_constrained_schedule("net", [])  # type: ignore[arg-type]

    def test_duration_off_grid(self) -> None:
        """Durations must sit on a 1/100-day grid."""
        net = Network([Activity("A", 1 / 3)])
        with pytest.raises(ValidationError, match="1/100 working day"):
            resource_constrained_schedule(net, [])


def _arrays(inst: psplib_sm.SmInstance) -> RcpspArrays:
    lp, ls, lo = [], [], []
    for i, succ in enumerate(inst.successors):
        for s in succ:
            lp.append(i)
            ls.append(s)
            lo.append(inst.durations[i])
    return RcpspArrays.make(
        np.array(inst.durations), np.array(lp, dtype=np.int64), np.array(ls, dtype=np.int64),
        np.array(lo, dtype=np.int64), np.array(inst.demands), np.array(inst.capacities),
    )


def _network(inst: psplib_sm.SmInstance) -> tuple[Network, list[Resource]]:
    acts = [
        Activity(f"J{i + 1}", d, demands={f"R{k + 1}": q for k, q in enumerate(dem)})
        for i, (d, dem) in enumerate(zip(inst.durations, inst.demands, strict=True))
    ]
    deps = [
        Dependency(f"J{i + 1}", f"J{s + 1}")
        for i, succ in enumerate(inst.successors) for s in succ
    ]
    res = [Resource(f"R{k + 1}", c) for k, c in enumerate(inst.capacities)]
    return Network(acts, deps), res


NAMES = ("j3010_1", "j3013_1", "j3025_3", "j3037_10", "j3041_5", "j3046_8")


@pytest.fixture(scope="module")
def instances() -> dict[str, psplib_sm.SmInstance]:
    """A few j30 instances."""
    return {i.name: i for i in psplib_sm.read_set("j30") if i.name in NAMES}


@pytest.mark.skipif(not psplib_sm.available("j30"), reason="PSPLIB j30 not in ../shared/data")
class TestPsplib:
    """Reference values from ../shared/data/psplib (Kolisch & Sprecher 1996)."""


    def test_single_pass_lft_and_lst_equal_reference(
        self, instances: dict[str, psplib_sm.SmInstance]
    ) -> None:
        """Serial SGS with LFT / LST (ties to the lowest job) reproduces reference.csv."""
        ref = psplib_sm.reference("j30")
        for name, inst in instances.items():
            p = _arrays(inst)
            for rule in ("lft", "lst"):
                lst = list_from_priority(p, priority_values(p, rule))
                assert int(makespans(p, serial_sgs(p, lst[None]))[0]) == ref[name][f"sgs_{rule}"]

    def test_public_api_serial_lft_and_ga(
        self, instances: dict[str, psplib_sm.SmInstance]
    ) -> None:
        """Through Network/Resource: LFT pass equals the reference; GA reaches the optimum."""
        ref = psplib_sm.reference("j30")
        for name in ("j3010_1", "j3037_10"):
            net, res = _network(instances[name])
            one = resource_constrained_schedule(net, res, method="serial")
            assert one.makespan == ref[name]["sgs_lft"]
            assert one.critical_path_bound == ref[name]["cpm_lb"]
            ga = resource_constrained_schedule(net, res, schedules=2000, rng=1)
            assert ga.makespan == ref[name]["ub"]
            check_feasible(net, ga, res)

    def test_ga_never_justifies_a_schedule_twice(
        self, instances: dict[str, psplib_sm.SmInstance], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Issue 22: the GA justifies each distinct schedule once (the same schedule
        justifies to the same result, so a second pass was spent for nothing: on j30 two
        backward passes in three repeated one made before), and every pass decoded is
        counted in ``schedules``."""
        from pmokit.scheduling import _rcpsp_search

        decoded = [0]
        justified: list[bytes] = []
        backs: list[RcpspArrays] = []
        serial = _rcpsp_search.serial_sgs
        ordered = _rcpsp_search.ordered_lists
        backward = _rcpsp_search.backward_problem

        def recording_backward(p: RcpspArrays) -> RcpspArrays:
            backs.append(backward(p))
            return backs[-1]

        def counting_serial(p: RcpspArrays, lists: Any) -> Any:
            decoded[0] += np.asarray(lists).shape[0]
            return serial(p, lists)

        def recording_ordered(p: RcpspArrays, key: Any) -> Any:
            if any(p is q for q in backs):  # the key is minus the forward finishes
                justified.extend(row.tobytes() for row in key)  # -(forward finishes)
            return ordered(p, key)

        monkeypatch.setattr(_rcpsp_search, "serial_sgs", counting_serial)
        monkeypatch.setattr(_rcpsp_search, "ordered_lists", recording_ordered)
        monkeypatch.setattr(_rcpsp_search, "backward_problem", recording_backward)
        net, res = _network(instances["j3013_1"])
        rs = resource_constrained_schedule(net, res, schedules=3000, rng=7)
        assert rs.stopped == "budget"  # the optimum (58) is not met at this budget
        assert len(justified) > 500
        assert len(justified) - len(set(justified)) == 0  # 296 repeats of 1,338 before
        assert rs.schedules == decoded[0]

    def test_ga_equal_numpy_with_repeats(
        self, instances: dict[str, psplib_sm.SmInstance]
    ) -> None:
        """On an instance where many children repeat earlier schedules (so the retry by
        an event move runs), the compiled and numpy paths give the same search bit for
        bit."""
        from pmokit import _compiled

        net, res = _network(instances["j3013_1"])
        a = resource_constrained_schedule(net, res, schedules=1500, rng=3)
        with _compiled.disabled():
            b = resource_constrained_schedule(net, res, schedules=1500, rng=3)
        assert_array_equal(a.start, b.start)
        assert (a.makespan, a.schedules, a.stopped) == (b.makespan, b.schedules, b.stopped)

    def test_shift_keeps_lists_precedence_feasible(
        self, instances: dict[str, psplib_sm.SmInstance]
    ) -> None:
        """The shift moves of the retry: permutations that respect every link, each
        activity moved anywhere between its last predecessor and first successor."""
        from pmokit.scheduling._rcpsp_search import _shift
        from pmokit.scheduling._sgs import biased_lists

        p = _arrays(instances["j3041_5"])
        n = p.n
        succ_n = np.diff(p.succ_ptr)
        pad_succ = np.full((n, int(succ_n.max())), n, dtype=np.int64)
        for j in range(n):
            pad_succ[j, : succ_n[j]] = p.succ_idx[p.succ_ptr[j] : p.succ_ptr[j + 1]]
        rng = np.random.default_rng(5)
        lists = biased_lists(p, priority_values(p, "lft"), 300, rng)
        one = _shift(lists, p.pad_pred, pad_succ, 1, rng)
        three = _shift(lists, p.pad_pred, pad_succ, 3, rng)
        for out in (one, three):
            assert (np.sort(out, axis=1) == np.arange(n)).all()
            pos = np.argsort(out, axis=1)
            lp = np.repeat(np.arange(n), np.diff(p.pred_ptr))  # link (pred_idx -> lp)
            assert (pos[:, p.pred_idx] < pos[:, lp]).all()
        moved = (one != lists).any(axis=1)
        assert 0.3 < moved.mean() < 1.0  # most moves change the list; some are in place
        # one move: the list with one activity taken out is the input with it taken out
        for r in np.flatnonzero(moved)[:50]:
            gone = [a for a in range(n) if
                    [x for x in one[r] if x != a] == [x for x in lists[r] if x != a]]
            assert gone

    def test_parallel_is_feasible_and_non_delay(
        self, instances: dict[str, psplib_sm.SmInstance]
    ) -> None:
        """The parallel scheme gives feasible schedules no shorter than the optimum."""
        ref = psplib_sm.reference("j30")
        for name, inst in instances.items():
            p = _arrays(inst)
            s = parallel_sgs(p, priority_values(p, "lft"))
            brute = brute_serial(p, np.argsort(s, kind="stable").tolist())
            assert int((np.asarray(brute) + p.duration).max()) <= int((s + p.duration).max())
            assert int((s + p.duration).max()) >= ref[name]["ub"]




class TestIssue14:
    """Issue 14: the shared stop vocabulary, flags, mapping conventions, pickling."""

    @staticmethod
    def net() -> tuple[Network, list[Resource]]:
        acts = [Activity("A", 3, demands={"crew": 2}), Activity("B", 2, demands={"crew": 2}),
                Activity("C", 2, demands={"crew": 1})]
        return Network(acts, [Dependency("A", "C")]), [Resource("crew", 3)]

    def test_stop_reasons_use_stop_reason(self) -> None:
        """``stopped`` takes StopReason's values: "lower bound" became "lower_bound",
        "single pass" "single_pass" (and "time limit" "time_limit")."""
        from typing import get_args

        from pmokit._typing import StopReason

        net, res = self.net()
        one = resource_constrained_schedule(net, res, method="serial")
        assert one.stopped == "single_pass"
        met = resource_constrained_schedule(net, res, rng=1)
        assert met.stopped == "lower_bound"
        assert {one.stopped, met.stopped} <= set(get_args(StopReason))

    @pytest.mark.parametrize("bad", ["no", 1, None])
    def test_improve_takes_only_bools(self, bad: object) -> None:
        """``improve='no'`` was read as True."""
        net, res = self.net()
        with pytest.raises(ValidationError, match="'improve' must be True or False"):
            resource_constrained_schedule(net, res, improve=bad)  # type: ignore[arg-type]

    def test_mapping_and_pickle(self) -> None:
        """A ResourceSchedule is a mapping of activity id to row; it pickles equal, with
        read-only arrays."""
        import copy
        import pickle

        net, res = self.net()
        rs = resource_constrained_schedule(net, res, rng=1)
        assert list(rs) == ["A", "B", "C"] and len(rs) == 3 and "B" in rs and "Z" not in rs
        assert rs.get("Z") is None and rs.get("B")["start"] == 3.0
        with pytest.raises(UnknownReferenceError):
            rs["Z"]
        for clone in (pickle.loads(pickle.dumps(rs, protocol=4)), copy.deepcopy(rs)):
            assert clone == rs
            assert not clone.start.flags.writeable and not clone.usage.flags.writeable

    def test_blank_resource_id_refused(self) -> None:
        """A blank resource id is refused like an empty one (it was accepted)."""
        with pytest.raises(ValidationError, match="'id' of a resource must be a non-empty"):
            Resource("   ", 1)


def _net() -> tuple[Network, list[Resource]]:
    rng = np.random.default_rng(9)
    acts = [
        Activity(f"A{i}", float(rng.integers(1, 9)),
                 demands={"r": int(rng.integers(1, 4)), "s": int(rng.integers(0, 3))})
        for i in range(40)
    ]
    deps = [Dependency(f"A{i}", f"A{j}") for i in range(40) for j in range(i + 5, 40, 11)]
    return Network(acts, deps), [Resource("r", 4), Resource("s", 3)]


METHODS = [("ga", False), ("sampling", False), ("sampling", True)]


class TestProgressCallback:
    """A callback sees the search advance and may stop it."""

    @pytest.mark.parametrize(("method", "improve"), METHODS)
    def test_reports_without_changing_the_schedule(self, method: str, improve: bool) -> None:
        """Reporting leaves the schedules bit for bit; done grows to the budget, best only falls
        and ends at the makespan returned."""
        net, res = _net()
        seen: list[ProgressInfo] = []
        plain = resource_constrained_schedule(
            net, res, method=method, improve=improve, schedules=600, rng=3  # type: ignore[arg-type]
        )
        rs = resource_constrained_schedule(
            net, res, method=method, improve=improve, schedules=600, rng=3,  # type: ignore[arg-type]
            progress=seen.append,
        )
        assert plain.stopped == rs.stopped == "budget"
        assert_array_equal(rs.start, plain.start)
        assert rs.schedules == plain.schedules
        done = [i.done for i in seen]
        best = [i.best for i in seen]
        assert len(seen) >= 3
        assert done == sorted(done) and done[-1] <= 600
        assert all(i.total == 600 for i in seen)
        assert all(a >= b for a, b in itertools.pairwise(best))  # type: ignore[operator]
        assert best[-1] == rs.makespan
        assert all(i.elapsed >= 0 for i in seen)

    @pytest.mark.parametrize(("method", "improve"), METHODS)
    def test_true_stops_early(self, method: str, improve: bool) -> None:
        """Returning True stops the search: stopped == 'callback', fewer schedules than the
        budget, and the best schedule so far (the one the callback last saw)."""
        net, res = _net()
        calls: list[ProgressInfo] = []

        def stop_at_third(info: ProgressInfo) -> bool:
            calls.append(info)
            return len(calls) == 3

        rs = resource_constrained_schedule(
            net, res, method=method, improve=improve, schedules=50000, rng=3,  # type: ignore[arg-type]
            progress=stop_at_third,
        )
        assert rs.stopped == "callback"
        assert len(calls) == 3
        assert rs.schedules == calls[-1].done < 50000
        assert rs.makespan == calls[-1].best
        assert rs.makespan >= rs.lower_bound

    def test_stop_iteration_stops_early(self) -> None:
        """Raising StopIteration stops the search as returning True does (scipy's way)."""
        net, res = _net()

        def stop(info: ProgressInfo) -> None:
            if info.done >= 200:
                raise StopIteration

        rs = resource_constrained_schedule(net, res, schedules=50000, rng=3, progress=stop)
        assert rs.stopped == "callback" and 200 <= rs.schedules < 1000

    def test_other_return_values_do_not_stop(self) -> None:
        """Only True stops: a callback returning a truthy non-bool (e.g. a list length) does
        not end the run by accident."""
        net, res = _net()
        rs = resource_constrained_schedule(net, res, schedules=300, rng=3, progress=lambda i: 1)
        assert rs.stopped == "budget" and rs.schedules == 300

    @pytest.mark.parametrize("method", ["serial", "parallel"])
    def test_single_pass_reports_once(self, method: str) -> None:
        """A single pass reports one unit of one, with its makespan."""
        net, res = _net()
        seen: list[ProgressInfo] = []
        rs = resource_constrained_schedule(net, res, method=method, progress=seen.append)  # type: ignore[arg-type]
        assert [(i.done, i.total) for i in seen] == [(1, 1)]
        assert seen[0].best == rs.makespan and seen[0].fraction == 1.0


class TestProgressTqdm:
    """progress=True draws a tqdm bar."""

    @requires_tqdm
    def test_bar_is_drawn(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The bar goes to stderr, counts schedules and leaves the result unchanged."""
        net, res = _net()
        plain = resource_constrained_schedule(net, res, schedules=400, rng=5)
        rs = resource_constrained_schedule(net, res, schedules=400, rng=5, progress=True)
        err = capsys.readouterr().err
        assert "RCPSP" in err and "400/400" in err and "schedule" in err
        assert_array_equal(rs.start, plain.start)

    def test_missing_tqdm(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without tqdm, progress=True says which extra to install."""
        monkeypatch.setitem(sys.modules, "tqdm", None)
        monkeypatch.setitem(sys.modules, "tqdm.auto", None)
        net, res = _net()
        with pytest.raises(MissingDependencyError, match=r"pmokit\[progress\]"):
            resource_constrained_schedule(net, res, schedules=10, progress=True)


class TestProgressErrors:
    """A progress that is neither a bool nor a callable is refused by name."""

    def test_not_callable(self) -> None:
        """A string is refused, naming the argument and the type received."""
        net, res = _net()
        with pytest.raises(ValidationError, match=r"'progress' must be .*got 'yes' that is a str"):
            resource_constrained_schedule(net, res, progress="yes")  # type: ignore[arg-type]


class TestCompiledKernels:
    """The numba kernels (extra ``fast``) give the numpy path's numbers bit for bit."""

    @settings(max_examples=examples(60), deadline=None)
    @given(problems(max_n=16), st.integers(0, 2**32 - 1), st.sampled_from([1, 5, 7]))
    def test_serial_and_sampling_equal_numpy(
        self, prob: tuple[Network, list[Resource]], seed: int, extra: int
    ) -> None:
        """Biased lists, serial decoding and FBI agree with the numpy path and with a
        slot-by-slot loop, with one or two packed words per slot (``extra`` zero-demand
        resources) and 32-bit fields (a capacity above 2**15)."""
        from pmokit import _compiled
        from pmokit.scheduling._resources import compile_resources
        from pmokit.scheduling._sgs import backward_problem, biased_lists, fbi

        net, res = prob
        res = [*res, *(Resource(f"X{k}", 40_000 if k == 6 else 3) for k in range(extra))]
        p = compile_resources(net, res).arrays
        v = priority_values(p, "lft")
        got = biased_lists(p, v, 6, np.random.default_rng(seed))
        s1 = serial_sgs(p, got)
        f1 = fbi(p, backward_problem(p), s1)
        with _compiled.disabled():
            want = biased_lists(p, v, 6, np.random.default_rng(seed))
            s2 = serial_sgs(p, want)
            f2 = fbi(p, backward_problem(p), s2)
        assert_array_equal(got, want)
        assert_array_equal(s1, s2)
        assert_array_equal(f1[0], f2[0])
        assert_array_equal(f1[1], f2[1])
        for row in range(2):
            assert s1[row].tolist() == brute_serial(p, got[row].tolist())

    @pytest.mark.parametrize(("method", "improve"), METHODS)
    def test_searches_equal_numpy(self, method: str, improve: bool) -> None:
        """A whole search, compiled or not: the same schedule and the same count."""
        from pmokit import _compiled

        net, res = _net()
        kw: dict[str, Any] = {"method": method, "improve": improve, "schedules": 400,
                              "rng": 4}
        a = resource_constrained_schedule(net, res, **kw)
        with _compiled.disabled():
            b = resource_constrained_schedule(net, res, **kw)
        assert_array_equal(a.start, b.start)
        assert (a.schedules, a.stopped) == (b.schedules, b.stopped)


@pytest.fixture(scope="module")
def pool() -> Any:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as ex:
        yield ex


def _same_schedule(a: Any, b: Any) -> None:
    assert_array_equal(a.start, b.start)
    assert (a.makespan, a.schedules, a.stopped) == (b.makespan, b.schedules, b.stopped)


class TestExecutor:
    """Independent searches on any Executor: the local schedule bit for bit."""

    @pytest.mark.parametrize(("method", "improve"), METHODS)
    def test_process_pool_equals_local(self, pool: Any, method: str, improve: bool) -> None:
        """Two worker processes, one or three searches: the local schedule and count."""
        net, res = _net()
        for searches in (1, 3):
            kw: dict[str, Any] = {"method": method, "improve": improve, "schedules": 900,
                                  "searches": searches, "rng": 8}
            local = resource_constrained_schedule(net, res, **kw)
            _same_schedule(local, resource_constrained_schedule(net, res, executor=pool, **kw))
            assert local.schedules <= 900

    def test_thread_pool_equals_local(self) -> None:
        """Threads share the problem without pickling: the same schedule."""
        from concurrent.futures import ThreadPoolExecutor

        net, res = _net()
        with ThreadPoolExecutor(3) as ex:
            _same_schedule(
                resource_constrained_schedule(net, res, schedules=900, searches=4, rng=2),
                resource_constrained_schedule(net, res, schedules=900, searches=4, rng=2,
                                              executor=ex),
            )

    def test_one_search_is_the_plain_search(self) -> None:
        """searches=1 draws from rng itself: the schedule of a Generator passed in."""
        net, res = _net()
        a = resource_constrained_schedule(net, res, schedules=500, rng=6)
        b = resource_constrained_schedule(net, res, schedules=500, searches=1,
                                          rng=np.random.default_rng(6))
        _same_schedule(a, b)

    def test_searches_split_the_budget_and_keep_the_best(self) -> None:
        """Each search gets its share of the budget; the best one is kept."""
        net, res = _net()
        out = resource_constrained_schedule(net, res, schedules=1001, searches=4, rng=3)
        assert out.schedules <= 1001
        check_feasible(net, out, res)
        # the searches one by one: the kept schedule is the best of them
        from pmokit.scheduling import _rcpsp_search
        from pmokit.scheduling._resources import compile_resources

        arr = compile_resources(net, res).arrays
        from pmokit.scheduling._rcpsp import _jobs

        jobs = _jobs(arr, "ga", 1001, 4, np.random.default_rng(3), 0,
                     priority_values(arr, "lft"), False, None, 1.0)
        assert [j.budget for j in jobs] == [251, 250, 250, 250]
        outs = [_rcpsp_search._run_job(j) for j in jobs]
        assert out.makespan == min(o.makespan for o in outs)
        assert out.schedules == sum(o.schedules for o in outs)

    def test_stops_at_the_first_search_meeting_the_bound(self, pool: Any) -> None:
        """An easy problem: the first search meets the bound; locally the others are
        not run, on a pool their results are dropped: the same count either way."""
        net = Network(
            [Activity("A", 3, demands={"r": 2}), Activity("B", 2, demands={"r": 2}),
             Activity("C", 2, demands={"r": 1})],
            [Dependency("A", "C")])
        local = resource_constrained_schedule(net, [Resource("r", 3)], searches=5, rng=1)
        remote = resource_constrained_schedule(net, [Resource("r", 3)], searches=5, rng=1,
                                               executor=pool)
        _same_schedule(local, remote)
        assert local.stopped == "lower_bound"
        assert local.schedules < 5

    def test_progress_on_a_pool(self, pool: Any) -> None:
        """On a pool, progress sees each search come back; the schedule is unchanged."""
        net, res = _net()
        seen: list[ProgressInfo] = []
        a = resource_constrained_schedule(net, res, schedules=900, searches=3, rng=8,
                                          executor=pool, progress=seen.append)
        _same_schedule(a, resource_constrained_schedule(net, res, schedules=900,
                                                        searches=3, rng=8))
        assert [i.done for i in seen] == sorted(i.done for i in seen)
        assert seen[-1].done == a.schedules and len(seen) == 3

    def test_worker_error_comes_back_as_itself(self, pool: Any) -> None:
        """A pmokit error raised in a worker reaches the caller as that error."""
        from pmokit._executor import Shared
        from pmokit.scheduling._rcpsp_search import SearchJob, run_searches
        from pmokit.scheduling._resources import compile_resources

        net, res = _net()
        arr = compile_resources(net, res).arrays
        job = SearchJob(Shared(arr), "tabu", 10, np.random.SeedSequence(1), 0,
                        priority_values(arr, "lft"), False, None, 1.0)
        with pytest.raises(ValidationError, match="must be 'ga' or 'sampling'"):
            run_searches([job], pool)

    def test_not_an_executor(self) -> None:
        """Anything else than an Executor is refused by name."""
        net, res = _net()
        with pytest.raises(ValidationError, match="'executor' must be a concurrent"):
            resource_constrained_schedule(net, res, executor=4)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [0, -1, 2.0, True, 6000])
    def test_bad_searches(self, bad: object) -> None:
        """searches must be an int from 1 to the budget."""
        net, res = _net()
        with pytest.raises(ValidationError, match="'searches' must be an int from 1"):
            resource_constrained_schedule(net, res, searches=bad)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def dask_client() -> Any:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@requires_dask
class TestDask:
    def test_local_cluster_equals_local(self, dask_client: Any) -> None:
        """A LocalCluster of 2 worker processes gives the local schedule bit for bit."""
        net, res = _net()
        kw: dict[str, Any] = {"schedules": 900, "searches": 3, "rng": 8}
        _same_schedule(
            resource_constrained_schedule(net, res, **kw),
            resource_constrained_schedule(net, res, executor=dask_client.get_executor(),
                                          **kw),
        )


class TestPeakCrossover:
    """The peak crossover keeps the mother's densest window and stays precedence-feasible."""

    @settings(max_examples=examples(40), deadline=None)
    @given(problems(max_n=14), st.integers(0, 2**32 - 1))
    def test_children_are_feasible_lists(
        self, prob: tuple[Network, list[Resource]], seed: int
    ) -> None:
        """Each child is a permutation in which every activity follows its predecessors
        (links with offsets >= 0), whose middle is the mother's window in her order."""
        from pmokit.scheduling._rcpsp_search import _peak_crossover
        from pmokit.scheduling._resources import compile_resources
        from pmokit.scheduling._sgs import biased_lists

        net, res = prob
        p = compile_resources(net, res).arrays
        if p.pred_off.size and int(p.pred_off.min()) < 0:
            return  # the GA uses the two-point crossover there
        rng = np.random.default_rng(seed)
        lft = priority_values(p, "lft")
        mother, father = biased_lists(p, lft, 5, rng), biased_lists(p, lft, 5, rng)
        m_starts = serial_sgs(p, mother)
        child = _peak_crossover(p, mother, m_starts, father, rng)
        for r in range(5):
            assert sorted(child[r].tolist()) == list(range(p.n))
            pos = np.empty(p.n, dtype=np.int64)
            pos[child[r]] = np.arange(p.n)
            for j in range(p.n):
                for k in range(p.pred_ptr[j], p.pred_ptr[j + 1]):
                    assert pos[p.pred_idx[k]] < pos[j]
            # some window [lo, hi): before it and after it in the father's order, inside
            # it in the mother's
            m, f, s = mother[r].tolist(), father[r].tolist(), m_starts[r].tolist()
            cuts = range(max(s) + 3)  # a window after every start: all in the father's order
            built = [
                [a for a in f if s[a] < lo] + [a for a in m if lo <= s[a] < hi]
                + [a for a in f if s[a] >= hi]
                for lo in cuts for hi in cuts if hi > lo
            ]
            assert child[r].tolist() in built
