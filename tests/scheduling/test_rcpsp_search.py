"""The GA's operators (issue 22, fifth round): event moves (after Paraskevopoulos et al.
2012) as the retry of a child whose schedule was made before, and the peak crossover with
resources ranked by scarcity (after Goncharov 2025); the crossover's bit-for-bit
speed-ups."""

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

from pmokit.scheduling import resource_constrained_schedule
from pmokit.scheduling._sgs import (
    RcpspArrays,
    biased_lists,
    ordered_lists,
    priority_values,
    serial_sgs,
)
from tests._hypothesis import examples
from tests.scheduling._nets import check_feasible
from tests.scheduling.test_rcpsp import _arrays, _network

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import psplib_sm

pytestmark = pytest.mark.skipif(
    not psplib_sm.available("j30"), reason="PSPLIB j30 not in ../shared/data"
)


@pytest.fixture(scope="module")
def j30() -> dict[str, psplib_sm.SmInstance]:
    """A few j30 instances."""
    names = {"j3013_1", "j3041_5", "j301_1"}
    return {i.name: i for i in psplib_sm.read_set("j30") if i.name in names}


def _feasible_perm(p: RcpspArrays, lists: np.ndarray) -> None:
    assert (np.sort(lists, axis=1) == np.arange(p.n)).all()
    pos = np.argsort(lists, axis=1)
    lp = np.repeat(np.arange(p.n), np.diff(p.pred_ptr))
    assert (pos[:, p.pred_idx] < pos[:, lp]).all()


class TestFeasibleOrder:
    """Keys raised to their predecessors' give precedence-feasible lists."""

    @settings(max_examples=examples(25), deadline=None)
    @given(st.integers(0, 2**32 - 1), st.integers(1, 60))
    def test_any_keys(self, seed: int, spread: int) -> None:
        """Random integer keys (any order, ties included): a feasible permutation."""
        from pmokit.scheduling import _rcpsp_search as m

        inst = next(psplib_sm.read_set("j30"))
        p = _arrays(inst)
        key = np.random.default_rng(seed).integers(-spread, spread, size=(8, p.n))
        _feasible_perm(p, m._feasible_order(p, key, m._topo_rank(p)))

    def test_schedule_keys_give_the_start_order(
        self, j30: dict[str, psplib_sm.SmInstance]
    ) -> None:
        """Keys from a schedule's starts are already feasible: the list is the start
        order (ties by topological rank), as :func:`ordered_lists` makes it."""
        from pmokit.scheduling import _rcpsp_search as m

        p = _arrays(j30["j3041_5"])
        rng = np.random.default_rng(2)
        starts = serial_sgs(p, biased_lists(p, priority_values(p, "lft"), 50, rng))
        assert_array_equal(m._feasible_order(p, 2 * starts, m._topo_rank(p)),
                           ordered_lists(p, starts))


class TestEventMove:
    """One event (the activities that start together) moves as a block."""

    @settings(max_examples=examples(30), deadline=None)
    @given(st.integers(0, 2**32 - 1))
    def test_one_event_moves_as_a_block(self, seed: int) -> None:
        """Without links, the list is the start order with exactly one event (all the
        activities of one start time) taken out and put, in its order, just before an
        earlier event or just after a later one (the start order itself where there is a
        single event)."""
        from pmokit.scheduling import _rcpsp_search as m

        rng = np.random.default_rng(seed)
        n = 9
        e = np.zeros(0, dtype=np.int64)
        p = RcpspArrays.make(np.ones(n, dtype=np.int64), e, e, e,
                             np.ones((n, 1), dtype=np.int64), np.array([3]))
        starts = rng.integers(0, 4, size=(6, n))
        out = m._event_move(p, starts, m._topo_rank(p), rng)
        for r in range(starts.shape[0]):
            s = starts[r].tolist()
            times = sorted(set(s))
            base = sorted(range(n), key=lambda a: (s[a], a))
            made = [base] if len(times) == 1 else []
            for ta, tb in itertools.permutations(times, 2):
                block = [a for a in base if s[a] == ta]
                rest = [a for a in base if s[a] != ta]
                at = [i for i, a in enumerate(rest) if s[a] == tb]
                cut = at[0] if tb < ta else at[-1] + 1  # before an earlier, after a later
                made.append(rest[:cut] + block + rest[cut:])
            assert out[r].tolist() in made

    def test_links_kept_and_schedules_feasible(
        self, j30: dict[str, psplib_sm.SmInstance]
    ) -> None:
        """With links: every list is feasible, most differ from the start order, and
        their schedules respect links and capacities."""
        from pmokit.scheduling import _rcpsp_search as m

        inst = j30["j3041_5"]
        p = _arrays(inst)
        rng = np.random.default_rng(4)
        starts = serial_sgs(p, biased_lists(p, priority_values(p, "lft"), 200, rng))
        out = m._event_move(p, starts, m._topo_rank(p), rng)
        _feasible_perm(p, out)
        assert (out != ordered_lists(p, starts)).any(axis=1).mean() > 0.5
        s2 = serial_sgs(p, out)
        for r in range(0, 200, 20):
            for j, succ in enumerate(inst.successors):
                for k in succ:
                    assert s2[r, k] >= s2[r, j] + inst.durations[j]
            for t in range(int((s2[r] + p.duration).max())):
                on = (s2[r] <= t) & (t < s2[r] + p.duration)
                assert (p.demand[on].sum(axis=0) <= np.array(inst.capacities)).all()


class TestEventRetry:
    """The GA with the event-move retry: every pass counted (the compiled and numpy paths
    on the same repeating instance: ``test_rcpsp.py::test_ga_equal_numpy_with_repeats``)."""

    def test_every_pass_counted(
        self, j30: dict[str, psplib_sm.SmInstance], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On an instance where many children repeat (so the retry runs), ``schedules``
        equals the rows decoded by the serial scheme, and the result is feasible."""
        from pmokit.scheduling import _rcpsp_search as m

        decoded = [0]
        moved = [0]
        serial = m.serial_sgs
        event_move = m._event_move

        def counting_serial(p: RcpspArrays, lists: Any) -> Any:
            decoded[0] += np.asarray(lists).shape[0]
            return serial(p, lists)

        def counting_move(*args: Any) -> Any:
            out = event_move(*args)
            moved[0] += out.shape[0]
            return out

        monkeypatch.setattr(m, "serial_sgs", counting_serial)
        monkeypatch.setattr(m, "_event_move", counting_move)
        monkeypatch.setattr(m, "_EV_RETRY", True)
        net, res = _network(j30["j3013_1"])
        rs = resource_constrained_schedule(net, res, schedules=3000, rng=7)
        assert rs.stopped == "budget" and rs.schedules == 3000
        assert moved[0] > 50  # the retry ran
        assert rs.schedules == decoded[0]
        check_feasible(net, rs, res)


def _two_windows() -> tuple[RcpspArrays, np.ndarray]:
    """Ten unit activities without links, two resources of capacity 10 and 4: slots 0-1
    run one activity each using 9 of resource 1 (utilisation 0.9), slots 3-4 one each
    using 3 of resource 2 (0.75), slots 5-10 one each using 1 of resource 2 (0.25).
    Resource 2 is the scarce one: energy 12 / 4 = 3 against 18 / 10 = 1.8."""
    dur = np.ones(10, dtype=np.int64)
    dem = np.zeros((10, 2), dtype=np.int64)
    dem[:2, 0] = 9
    dem[2:4, 1] = 3
    dem[4:, 1] = 1
    e = np.zeros(0, dtype=np.int64)
    p = RcpspArrays.make(dur, e, e, e, dem, np.array([10, 4]))
    starts = np.array([[0, 1, 3, 4, 5, 6, 7, 8, 9, 10]])
    return p, starts


class TestResourceRank:
    """The resource weights of the ranked peak crossover."""

    def test_weights_are_scarcity(
        self, j30: dict[str, psplib_sm.SmInstance], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each resource weighs its energy bound (work / capacity) over the largest one;
        unranked, every resource weighs 1."""
        from pmokit.scheduling import _rcpsp_search as m

        inst = j30["j3041_5"]
        p = _arrays(inst)
        energy = [
            sum(d * dem[k] for d, dem in zip(inst.durations, inst.demands, strict=True))
            / inst.capacities[k]
            for k in range(len(inst.capacities))
        ]
        monkeypatch.setattr(m, "_RANKED", True)
        assert_allclose(m._resource_rank(p), np.array(energy) / max(energy), rtol=1e-12)
        assert m._resource_rank(p).max() == 1.0 and m._resource_rank(p).min() < 0.9
        monkeypatch.setattr(m, "_RANKED", False)
        assert_array_equal(m._resource_rank(p), np.ones(len(energy)))

    def test_ranked_window_follows_the_scarce_resource(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With equal weights the densest two-slot window is the one using 90% of the
        abundant resource (1.8 against 1.5); ranked (weights 0.6 and 1), it is the one
        using 75% of the scarce resource (1.5 against 1.08). The child keeps that window
        in the mother's order and the rest in the father's (here the reversed list)."""
        from pmokit.scheduling import _rcpsp_search as m

        p, starts = _two_windows()
        mother = np.argsort(starts, axis=1, kind="stable")
        father = mother[:, ::-1].copy()
        monkeypatch.setattr(m, "_PLO", 2 / 11)  # a window of 2 slots of 11
        monkeypatch.setattr(m, "_PHI", 2 / 11)
        monkeypatch.setattr(m, "_RANKED", False)
        plain = m._peak_crossover(p, mother, starts, father, np.random.default_rng(0))
        assert plain[0].tolist() == [0, 1, 9, 8, 7, 6, 5, 4, 3, 2]
        monkeypatch.setattr(m, "_RANKED", True)
        ranked = m._peak_crossover(p, mother, starts, father, np.random.default_rng(0))
        assert ranked[0].tolist() == [1, 0, 2, 3, 9, 8, 7, 6, 5, 4]


class TestRankedSearch:
    """The GA with the ranked crossover: every pass counted, schedules feasible, the
    compiled and numpy paths equal bit for bit."""

    def test_every_pass_counted_and_feasible(
        self, j30: dict[str, psplib_sm.SmInstance], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``schedules`` equals the rows decoded by the serial scheme (forward and
        backward), and the schedule found is feasible."""
        from pmokit.scheduling import _rcpsp_search as m

        decoded = [0]
        serial = m.serial_sgs

        def counting_serial(p: RcpspArrays, lists: Any) -> Any:
            decoded[0] += np.asarray(lists).shape[0]
            return serial(p, lists)

        monkeypatch.setattr(m, "serial_sgs", counting_serial)
        monkeypatch.setattr(m, "_RANKED", True)
        net, res = _network(j30["j3013_1"])
        rs = resource_constrained_schedule(net, res, schedules=2000, rng=11)
        assert rs.stopped == "budget" and rs.schedules == 2000
        assert rs.schedules == decoded[0]
        check_feasible(net, rs, res)

    def test_compiled_equals_numpy(
        self, j30: dict[str, psplib_sm.SmInstance], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Ranked, the compiled kernels and the numpy path give the same search."""
        from pmokit import _compiled
        from pmokit.scheduling import _rcpsp_search as m

        monkeypatch.setattr(m, "_RANKED", True)
        net, res = _network(j30["j301_1"])
        a = resource_constrained_schedule(net, res, schedules=1500, rng=5)
        with _compiled.disabled():
            b = resource_constrained_schedule(net, res, schedules=1500, rng=5)
        assert_array_equal(a.start, b.start)
        assert (a.makespan, a.schedules, a.stopped) == (b.makespan, b.schedules, b.stopped)


class TestCrossoverSpeedUps:
    """Issue 22 (fifth round): the peak crossover (which cost more than decoding the
    children) builds its utilisation profile without ``np.add.at`` and orders the child
    without a sort, giving the same numbers bit for bit."""

    @settings(max_examples=examples(60), deadline=None)
    @given(st.integers(1, 6), st.integers(1, 12), st.integers(0, 2**32 - 1))
    def test_order_by_unique_key_equals_argsort(self, size: int, n: int, seed: int) -> None:
        """Distinct keys per row in [0, 3n): the same order as a stable argsort."""
        from pmokit.scheduling._rcpsp_search import _order_by_unique_key

        rng = np.random.default_rng(seed)
        key = np.stack([rng.permutation(3 * n)[:n] for _ in range(size)]).astype(np.int64)
        assert_array_equal(_order_by_unique_key(key, 3 * n),
                           np.argsort(key, axis=1, kind="stable"))

    @settings(max_examples=examples(60), deadline=None)
    @given(st.integers(1, 6), st.integers(1, 9), st.integers(0, 2**32 - 1))
    def test_usage_steps_equal_add_at_bit_for_bit(self, size: int, n: int, seed: int) -> None:
        """Same sums as ``np.add.at`` of the starts then the finishes, bit for bit (the
        weights are fractions, so the order of the additions matters)."""
        from pmokit.scheduling._rcpsp_search import _usage_steps

        rng = np.random.default_rng(seed)
        starts = rng.integers(0, 12, size=(size, n))
        fin = starts + rng.integers(0, 5, size=(size, n))
        w = rng.random(n) * rng.integers(0, 2, size=n) / 3.0
        width = int(fin.max()) + 2
        ref = np.zeros((size, width))
        rows = np.broadcast_to(np.arange(size)[:, None], starts.shape)
        np.add.at(ref, (rows, starts), w)
        np.add.at(ref, (rows, fin), -w)
        got = _usage_steps(starts, fin, w, width)
        assert got.shape == ref.shape
        assert (got.view(np.int64) == ref.view(np.int64)).all()
