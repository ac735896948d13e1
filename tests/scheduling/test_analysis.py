"""Tests of transitive predecessors/successors, bottlenecks and the cross-project view."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    all_predecessors,
    all_successors,
    bottlenecks,
    schedule,
    slip_impact,
)
from tests._hypothesis import examples
from tests.scheduling._nets import networks


class TestTransitive:
    """all_predecessors / all_successors equal networkx ancestors / descendants."""

    @settings(max_examples=examples(80), deadline=None)
    @given(networks(), st.data())
    def test_against_networkx(self, net: Network, data: st.DataObject) -> None:
        """One id or several, on networks and schedules."""
        g = nx.DiGraph()
        g.add_nodes_from(net.ids)
        g.add_edges_from((d.predecessor, d.successor) for d in net.dependencies)
        ids = data.draw(st.lists(st.sampled_from(net.ids), min_size=1, max_size=3,
                                 unique=True))
        anc = set().union(*(nx.ancestors(g, a) for a in ids)) - set(ids)
        desc = set().union(*(nx.descendants(g, a) for a in ids)) - set(ids)
        assert set(all_predecessors(net, ids)) == anc
        assert set(all_successors(schedule(net), ids)) == desc
        if len(ids) == 1:
            assert set(all_successors(net, ids[0])) == desc

    def test_unknown_and_wrong_type(self) -> None:
        """Unknown ids are all listed; a wrong object is named."""
        net = Network([Activity("A", 1)])
        with pytest.raises(UnknownReferenceError) as info:
            all_predecessors(net, ["X", "A", "Y"])
        assert info.value.unknown == ("X", "Y")
        with pytest.raises(ValidationError, match="expected a Network or a Schedule"):
            all_successors("net", "A")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'ids' must be an activity id or an"):
            all_predecessors(net, 3)  # type: ignore[arg-type]


class TestBottlenecks:
    """Bottleneck ranking."""

    @settings(max_examples=examples(80), deadline=None)
    @given(networks())
    def test_milestones_moved_match_a_small_slip(self, net: Network) -> None:
        """Milestones counted for an activity are those a small slip of it delays
        (checked with slip_impact; data are in half days, so 0.25 is below every
        non-zero slack)."""
        s = schedule(net)
        r = bottlenecks(s)
        got = dict(zip(r.ids, r.milestones_moved.tolist(), strict=True))
        mil = set(r.milestones)
        for a in net.ids:
            imp = slip_impact(s, {a: 0.25})
            late = {m for m in imp.ids if m in mil and imp.shift(m) > 0}
            assert got[a] == len(late), a

    @settings(max_examples=examples(60), deadline=None)
    @given(networks(max_n=12), st.data())
    def test_milestones_moved_with_constraints(self, net: Network, data: st.DataObject) -> None:
        """Regression: with start and finish constraints (no ALAP) the counts still match
        a small slip; an activity held by FNET/MFO starts earlier when it gets longer."""
        import attrs

        from pmokit.scheduling import Constraint

        acts = []
        for a in net.activities:
            if data.draw(st.booleans()):
                kind = data.draw(st.sampled_from(["SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]))
                a = attrs.evolve(a, constraint=Constraint(kind, data.draw(st.integers(0, 30)) / 2))
            acts.append(a)
        cnet = Network(acts, net.dependencies)
        s = schedule(cnet)
        r = bottlenecks(s)
        got = dict(zip(r.ids, r.milestones_moved.tolist(), strict=True))
        mil = set(r.milestones)
        for a in cnet.ids:
            imp = slip_impact(s, {a: 0.25})
            assert got[a] == len({m for m in imp.ids if m in mil and imp.shift(m) > 0}), a

    @settings(max_examples=examples(60), deadline=None)
    @given(networks(max_n=14))
    def test_chain_counts_match_enumeration(self, net: Network) -> None:
        """Critical chains per activity equal a count over the enumerated chains."""
        s = schedule(net)
        paths = s.critical_paths(max_paths=100_000)
        count = Counter(a for p in paths for a in set(p))
        r = bottlenecks(s)
        got = dict(zip(r.ids, r.critical_chains.tolist(), strict=True))
        for a in net.ids:
            assert got[a] == count.get(a, 0), a

    def test_ranking_order_and_options(self) -> None:
        """Sorted by milestones, chains, float; top and explicit milestones."""
        net = Network(
            [Activity("A", 3), Activity("M1", 0), Activity("B", 2), Activity("M2", 0),
             Activity("C", 1)],
            [Dependency("A", "M1"), Dependency("A", "B"), Dependency("B", "M2")],
        )
        r = bottlenecks(schedule(net))
        assert r.ids[:3] == ("A", "B", "M2")
        assert bottlenecks(schedule(net), top=2).ids == ("A", "B")
        r2 = bottlenecks(schedule(net), milestones=["M1"])
        assert r2.milestones == ("M1",) and r2.milestones_moved[0] == 1
        recs = r.to_records()
        assert recs[0]["rank"] == 1 and recs[0]["id"] == "A"
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        assert list(r.to_frame().index)[:2] == ["A", "B"]
        with pytest.raises(ValidationError, match="'top' must be a positive int"):
            bottlenecks(schedule(net), top=0)
        with pytest.raises(UnknownReferenceError):
            bottlenecks(schedule(net), milestones=["Z"])




