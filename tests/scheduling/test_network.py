"""Tests of activities, dependencies and network construction and compilation."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import itertools
import pickle

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit import _compiled
from pmokit.calendar import WorkCalendar
from pmokit.distributions import Uniform
from pmokit.errors import CycleError, DuplicateError, UnknownReferenceError, ValidationError
from pmokit.scheduling import (
    Activity,
    Constraint,
    ConstraintType,
    Dependency,
    LinkType,
    Network,
    _network,
    schedule,
    simulate,
    slip_impact,
)
from tests._hypothesis import examples
from tests.scheduling._nets import networks, random_arrays


class TestActivity:
    """Activity validation names the activity."""

    @pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
    def test_bad_duration(self, bad: float) -> None:
        """Negative, NaN and infinite durations name the activity."""
        with pytest.raises(ValidationError, match="'duration' of activity 'X' must be"):
            Activity("X", bad)

    def test_non_number_duration(self) -> None:
        """A string duration is rejected with its type."""
        with pytest.raises(ValidationError, match="that is a str"):
            Activity("X", "3")  # type: ignore[arg-type]

    def test_bad_id_and_constraint(self) -> None:
        """Empty ids and constraints of the wrong type are rejected."""
        with pytest.raises(ValidationError, match="'id' of an activity"):
            Activity("", 1)
        with pytest.raises(ValidationError, match="'constraint' of activity 'X' must be a"):
            Activity("X", 1, constraint="SNET")  # type: ignore[arg-type]

    def test_negative_demand(self) -> None:
        """A negative resource demand names the resource and activity."""
        with pytest.raises(ValidationError, match="demand for resource 'dev' of activity 'X'"):
            Activity("X", 1, demands={"dev": -1})


class TestDependency:
    """Dependency validation."""

    @pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
    def test_bad_lag(self, bad: float) -> None:
        """Non-finite lags name the link."""
        with pytest.raises(ValidationError, match="'lag' of link A -> B must be a finite"):
            Dependency("A", "B", lag=bad)

    def test_bad_type(self) -> None:
        """Unknown link types name the choices."""
        with pytest.raises(ValidationError, match="'type' of a dependency must be one of"):
            Dependency("A", "B", "XX")  # type: ignore[arg-type]
        assert Dependency("A", "B", "SF").type is LinkType.SF
        assert LinkType.FF.code == 2


class TestNetworkValidation:
    """Bad networks raise one error naming every bad item."""

    def test_cycle_named_in_order(self) -> None:
        """A cycle is reported in order with the first id repeated."""
        acts = [Activity(a, 1) for a in "ABCD"]
        deps = [Dependency("A", "B"), Dependency("B", "C"), Dependency("C", "A"),
                Dependency("C", "D")]
        with pytest.raises(CycleError) as info:
            Network(acts, deps)
        cyc = info.value.cycle
        assert cyc[0] == cyc[-1] and set(cyc) == {"A", "B", "C"} and len(cyc) == 4
        for u, v in itertools.pairwise(cyc):
            assert (u, v) in {("A", "B"), ("B", "C"), ("C", "A")}
        assert " -> ".join(cyc) in str(info.value)

    def test_cycle_downstream_of_long_chain(self) -> None:
        """A cycle after a long chain (the loop path of Kahn's algorithm) is found."""
        n = 3000
        ids = [f"N{i}" for i in range(n)]
        pred = [*range(n - 1), n - 1]
        succ = [*range(1, n), n - 5]
        with pytest.raises(CycleError) as info:
            Network.from_arrays(ids, np.ones(n), pred, succ, link_by="position")
        assert set(info.value.cycle) == {f"N{i}" for i in range(n - 5, n)}

    def test_unknown_ids_all_listed(self) -> None:
        """Every unknown reference is listed."""
        with pytest.raises(UnknownReferenceError) as info:
            Network([Activity("A", 1)], [Dependency("A", "X"), Dependency("Y", "A")])
        assert info.value.unknown == ("X", "Y")
        assert "unknown successor 'X'" in str(info.value)
        assert "unknown predecessor 'Y'" in str(info.value)

    def test_duplicates(self) -> None:
        """Duplicate ids and duplicate links are listed."""
        with pytest.raises(DuplicateError, match="'A'"):
            Network([Activity("A", 1), Activity("A", 2)])
        acts = [Activity("A", 1), Activity("B", 1)]
        with pytest.raises(DuplicateError, match=r"link A -> B \(FS\) is given more than once"):
            Network(acts, [Dependency("A", "B"), Dependency("A", "B", lag=2)])
        Network(acts, [Dependency("A", "B"), Dependency("A", "B", "SS")])  # different types

    def test_self_link(self) -> None:
        """A self-link is named."""
        with pytest.raises(ValidationError, match="links activity 'A' to itself"):
            Network([Activity("A", 1)], [Dependency("A", "A")])

    def test_wrong_item_types(self) -> None:
        """Items that are not Activity/Dependency are all listed."""
        with pytest.raises(ValidationError) as info:
            Network(["A", Activity("B", 1)], [("A", "B")])  # type: ignore[list-item]
        assert len(info.value.problems) == 2


class TestFromArrays:
    """The bulk constructor."""

    def test_same_as_objects(self) -> None:
        """from_arrays and the object constructor give the same schedule."""
        acts = [Activity("A", 3), Activity("B", 2), Activity("C", 4)]
        deps = [Dependency("A", "B", "FS", 1), Dependency("A", "C", "SS", 2),
                Dependency("B", "C", "FF", -1)]
        a = schedule(Network(acts, deps))
        b = schedule(Network.from_arrays(["A", "B", "C"], [3, 2, 4], ["A", "A", "B"],
                                         ["B", "C", "C"], ["FS", "SS", "FF"], [1, 2, -1]))
        assert_array_equal(a.early_start, b.early_start)
        assert_array_equal(a.late_start, b.late_start)

    def test_lazy_objects(self) -> None:
        """activities and dependencies are built on demand, with projects and constraints."""
        net = Network.from_arrays(
            ["A", "B"], [1, 2], [0], [1], [3], [0.5], project=["P1", None], name=["a", "b"],
            constraints={"B": Constraint("SNET", 4)}, link_by="position"
        )
        assert net.activities[0] == Activity("A", 1.0, name="a", project="P1")
        assert net["B"].constraint == Constraint("SNET", 4)
        assert net.dependencies == (Dependency("A", "B", "SF", 0.5),)
        assert net.projects == ("P1", None)
        assert schedule(net)["B"]["early_start"] == 4

    def test_bad_values_name_items(self) -> None:
        """Bad durations name the activities; bad lags name the links; all at once."""
        with pytest.raises(ValidationError) as info:
            Network.from_arrays(["A", "B", "C"], [1, -1, np.nan], [0], [1], link_by="position")
        assert len(info.value.problems) == 2
        assert "'duration' of activity 'B'" in str(info.value)
        assert "'duration' of activity 'C'" in str(info.value)
        with pytest.raises(ValidationError, match="'lag' of link A -> B must be a finite"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [1], None, [np.inf], link_by="position")

    def test_bad_references(self) -> None:
        """Unknown ids and out-of-range positions are listed."""
        with pytest.raises(UnknownReferenceError) as info:
            Network.from_arrays(["A", "B"], [1, 1], ["A", "Q"], ["Z", "B"])
        assert info.value.unknown == ("Q", "Z")
        with pytest.raises(ValidationError, match=r"'successor'\[0\] must be an activity"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [5], link_by="position")

    def test_bad_shapes_and_types(self) -> None:
        """Wrong lengths and bad link codes are reported."""
        with pytest.raises(ValidationError, match="one entry per activity"):
            Network.from_arrays(["A", "B"], [1], [], [], link_by="position")
        with pytest.raises(ValidationError, match="same length"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [1, 0], link_by="position")
        with pytest.raises(ValidationError, match=r"'type'\[0\] must be a link code"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [1], [7], link_by="position")
        with pytest.raises(ValidationError, match=r"'type'\[0\] must be one of"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [1], ["XY"], link_by="position")
        # changed API (issue 14): integer ids are ids now; empty ones are still refused
        with pytest.raises(ValidationError, match=r"ids\[1\]' must be a non-empty id"):
            Network.from_arrays(["A", ""], [1, 1])
        with pytest.raises(UnknownReferenceError):
            Network.from_arrays(["A"], [1], constraints={"Q": Constraint("SNET", 1)},
                link_by="position")
        with pytest.raises(ValidationError, match="constraint of activity 'A' must be a"):
            Network.from_arrays(["A"], [1], constraints={"A": "SNET"},
                link_by="position")  # type: ignore[dict-item]
        with pytest.raises(ValidationError, match="'project' must have one entry per activity"):
            Network.from_arrays(["A", "B"], [1, 1], project=["P1"], link_by="position")
        with pytest.raises(ValidationError, match="'lag' must have one entry per link"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [1], None, [1, 2], link_by="position")
        with pytest.raises(ValidationError, match="'type' must have one entry per link"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [1], [0, 1], link_by="position")
        with pytest.raises(ValidationError, match="'predecessor' must be one-dimensional"):
            Network.from_arrays(["A", "B"], [1, 1], [[0]], [[1]], link_by="position")
        with pytest.raises(DuplicateError, match="'A'"):
            Network.from_arrays(["A", "A"], [1, 1], link_by="position")
        with pytest.raises(ValidationError, match="links activity 'A' to itself"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [0], link_by="position")


class TestCompiled:
    """The compiled form: levels are longest-path depths and the order is topological."""

    @settings(max_examples=examples(80), deadline=None)
    @given(networks(max_n=30))
    def test_levels_and_order(self, net: Network) -> None:
        """level[succ] > level[pred] for every link; order is sorted by level."""
        c = net.compiled
        assert (c.level[c.link_succ] > c.level[c.link_pred]).all()
        assert_array_equal(np.sort(c.order), np.arange(c.n))
        assert (np.diff(c.level[c.order]) >= 0).all()
        g = nx.DiGraph()
        g.add_nodes_from(range(c.n))
        g.add_edges_from(zip(c.link_pred.tolist(), c.link_succ.tolist(), strict=True))
        for j in range(c.n):
            preds = list(g.predecessors(j))
            assert c.level[j] == (max(c.level[p] for p in preds) + 1 if preds else 0)

    def test_deep_network_levels(self) -> None:
        """The loop path of Kahn's algorithm gives the same levels as the vectorised one."""
        rng = np.random.default_rng(3)
        ids, dur, pred, succ, types, lag = random_arrays(4000, rng, window=10)
        c = Network.from_arrays(ids, dur, pred, succ, types, lag, link_by="position").compiled
        assert c.level_ptr.size - 1 > 100
        assert (c.level[c.link_succ] > c.level[c.link_pred]).all()
        g = nx.DiGraph()
        g.add_edges_from(zip(pred.tolist(), succ.tolist(), strict=True))
        assert c.level.max() == nx.dag_longest_path_length(g)

    def test_arrays_read_only(self) -> None:
        """Compiled arrays cannot be written."""
        c = Network([Activity("A", 1)]).compiled
        with pytest.raises(ValueError, match="read-only"):
            c.duration[0] = 5


class TestNetworkx:
    """Interop with networkx."""

    @settings(max_examples=examples(30), deadline=None)
    @given(networks())
    def test_round_trip(self, net: Network) -> None:
        """to_networkx then from_networkx keeps activities, links and the schedule."""
        back = Network.from_networkx(net.to_networkx())
        assert set(back.activities) == set(net.activities)
        assert set(back.dependencies) == set(net.dependencies)

    def test_plain_graph_and_missing_duration(self) -> None:
        """A plain DiGraph with defaults works; nodes without duration are listed."""
        g = nx.DiGraph()
        g.add_node("A", duration=2)
        g.add_node("B", duration=3)
        g.add_edge("A", "B", lag=1)
        assert schedule(Network.from_networkx(g)).project_duration == 6
        g.add_node("C")
        g.add_node("D")
        with pytest.raises(ValidationError) as info:
            Network.from_networkx(g)
        assert len(info.value.problems) == 2

    def test_bad_values_listed_together(self) -> None:
        """Regression: from_networkx stopped at the first bad node; now bad durations,
        missing durations, bad link types and lags are all listed."""
        g = nx.DiGraph()
        g.add_node("A", duration=-1)
        g.add_node("B", duration="x")
        g.add_node("C")
        g.add_edge("A", "B", type="QQ")
        g.add_edge("B", "C", lag=float("inf"))
        with pytest.raises(ValidationError) as info:
            Network.from_networkx(g)
        text = str(info.value)
        assert len(info.value.problems) == 5
        for part in ("activity 'A'", "activity 'B'", "node 'C'", "'QQ'", "link B -> C"):
            assert part in text

    def test_container_protocol(self) -> None:
        """len, in, [] and repr."""
        net = Network([Activity("A", 1)])
        assert len(net) == 1 and "A" in net and net["A"].duration == 1
        assert repr(net) == "Network(1 activities, 0 links)"
        with pytest.raises(UnknownReferenceError, match="no activity with id 'Q'"):
            net["Q"]


class TestIdsIssue14:
    """Issue 14: the one id rule, links matched by label, numbers refused by name."""

    def test_numpy_integer_id_accepted(self) -> None:
        """``Activity(np.int64(1), 3)`` is the activity with id 1."""
        a = Activity(np.int64(1), 3)
        assert a.id == 1 and type(a.id) is int
        net = Network([a, Activity(2, 1)], [Dependency(np.int64(1), 2)])
        assert net[1] is net.activities[0]
        assert schedule(net)[2]["early_start"] == 3.0

    @pytest.mark.parametrize("bad", ["", "   "])
    def test_empty_ids_refused(self, bad: str) -> None:
        """Empty and blank ids are refused in every constructor, by name."""
        with pytest.raises(ValidationError, match="non-empty id"):
            Activity(bad, 1)
        with pytest.raises(ValidationError, match="'predecessor' must be a non-empty id"):
            Dependency(bad, "B")
        with pytest.raises(ValidationError, match=r"'ids\[1\]' must be a non-empty id"):
            Network.from_arrays(["A", bad], [1, 1])
        with pytest.raises(ValidationError, match="non-empty id"):
            Activity("A", 1, demands={bad: 1})

    @pytest.mark.parametrize("bad", [None, 1.5, True])
    def test_float_bool_none_ids_refused(self, bad: object) -> None:
        """None, floats and bools are not ids."""
        with pytest.raises(ValidationError, match="must be a string or integer id"):
            Activity(bad, 1)  # type: ignore[arg-type]

    def test_duplicates_named(self) -> None:
        """Duplicate ids are named, in both constructors."""
        with pytest.raises(DuplicateError, match=r"these occur more than once: 1$"):
            Network.from_arrays([1, 2, 1], [1, 1, 1])
        with pytest.raises(DuplicateError, match="'A'"):
            Network([Activity("A", 1), Activity("A", 2)])

    def test_integer_links_match_by_label(self) -> None:
        """MS Project-style ids 1..3: the link 1 -> 2 joins the activities labelled 1 and 2
        (it used to join positions 1 and 2, that is 2 -> 3, silently)."""
        net = Network.from_arrays([1, 2, 3], [5, 2, 1], predecessor=[1], successor=[2])
        assert [(d.predecessor, d.successor) for d in net.dependencies] == [(1, 2)]
        s = schedule(net)
        assert s[2]["early_start"] == 5.0 and s[3]["early_start"] == 0.0
        # numpy arrays of labels, in any order of ids
        net = Network.from_arrays(np.array([30, 10, 20]), [1, 2, 3],
                                  np.array([10, 20]), np.array([20, 30]))
        assert [(d.predecessor, d.successor) for d in net.dependencies] == [(10, 20), (20, 30)]

    def test_unknown_integer_label_listed(self) -> None:
        """An integer link end that is no id raises UnknownReferenceError listing it."""
        with pytest.raises(UnknownReferenceError, match="unknown activity 4") as info:
            Network.from_arrays([1, 2, 3], [1, 1, 1], [1, 4], [2, 3])
        assert info.value.unknown == (4,)
        with pytest.raises(UnknownReferenceError):
            Network.from_arrays(["A", "B"], [1, 1], [0], [1], link_by="id")

    def test_positions_need_saying(self) -> None:
        """Integer positions with string ids still work for one release, with a warning;
        ``link_by="position"`` says it outright."""
        with pytest.warns(DeprecationWarning, match="link_by='position'"):
            old = Network.from_arrays(["A", "B"], [1, 1], [0], [1])
        new = Network.from_arrays(["A", "B"], [1, 1], [0], [1], link_by="position")
        assert old.dependencies == new.dependencies
        with pytest.raises(ValidationError, match="'link_by' must be one of"):
            Network.from_arrays(["A", "B"], [1, 1], [0], [1], link_by="label")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="integer positions"):
            Network.from_arrays(["A", "B"], [1, 1], ["A"], ["B"], link_by="position")

    @pytest.mark.parametrize(
        ("bad", "word"),
        [
            (np.array(["2026-01-05", "2026-01-06"], dtype="datetime64[D]"), "datetime"),
            (np.array([1 + 2j, 3 + 0j]), "complex"),
            ([None, 1.0], "None"),
            (["3", "4"], "str"),
        ],
    )
    def test_bad_number_kinds_refused_by_name(self, bad: object, word: str) -> None:
        """datetime64 (once taken as day counts, 20458), complex (imaginary part dropped),
        None and strings are refused as durations and lags, naming the argument."""
        with pytest.raises(ValidationError, match=rf"'duration'.*{word}|{word}.*'duration'"):
            Network.from_arrays(["A", "B"], bad, ["A"], ["B"])
        with pytest.raises(ValidationError, match=rf"'lag'.*{word}|{word}.*'lag'"):
            Network.from_arrays(["A", "B", "C"], [1, 1, 1], ["A", "B"], ["B", "C"], lag=bad)

    @pytest.mark.parametrize("bad", [1j, np.datetime64("2026-01-01"), None, "2"])
    def test_bad_lag_object_refused(self, bad: object) -> None:
        """Dependency refuses complex, datetime64, None and string lags by name."""
        with pytest.raises(ValidationError, match="'lag' of link A -> B must be a finite"):
            Dependency("A", "B", lag=bad)  # type: ignore[arg-type]


class TestFrozenIssue14:
    """Issue 14: frozen means frozen; inputs pickle and deep-copy equal."""

    def test_demands_copied_read_only(self) -> None:
        """Editing the dict given as demands after building the network changes nothing:
        a later resource-constrained makespan stays 2 (it became 4)."""
        from pmokit.scheduling import Resource, resource_constrained_schedule

        demands = {"dev": 1.0}
        net = Network([Activity("A", 2, demands=demands), Activity("B", 2, demands={"dev": 1})])
        demands["dev"] = 2.0
        assert net["A"].demands["dev"] == 1.0
        rs = resource_constrained_schedule(net, [Resource("dev", 2)], method="serial")
        assert rs.makespan == 2.0
        with pytest.raises(TypeError):
            net["A"].demands["dev"] = 3.0  # type: ignore[index]

    def test_network_is_a_mapping(self) -> None:
        """A network follows Python's mapping conventions for lookups."""
        net = Network([Activity("A", 1), Activity("B", 2)], [Dependency("A", "B")])
        assert list(net) == ["A", "B"] and len(net) == 2
        assert "A" in net and "Z" not in net and [] not in net
        assert net.get("Z") is None and net.get("B") is net["B"]
        with pytest.raises(KeyError):
            net["Z"]
        with pytest.raises(UnknownReferenceError):
            net[[]]  # type: ignore[index]

    def test_pickle_and_deepcopy(self) -> None:
        """Activities, dependencies and networks round-trip equal; compiled arrays stay
        read-only."""
        import copy
        import pickle

        from pmokit.calendar import WorkCalendar

        net = Network(
            [Activity("A", 1, demands={"dev": 1}, calendar=WorkCalendar(weekdays=range(7)),
                      constraint=Constraint("SNET", 2)), Activity(7, 2)],
            [Dependency("A", 7, "SS", lag=1)],
        )
        for clone in (pickle.loads(pickle.dumps(net, protocol=4)),
                      pickle.loads(pickle.dumps(net)), copy.deepcopy(net)):
            assert clone == net
            assert clone.activities == net.activities
            assert not clone.compiled.duration.flags.writeable
            assert not clone.compiled.link_lag.flags.writeable
            assert clone[7].duration == 2.0 and clone.compiled.index["A"] == 0
        big = Network.from_arrays(["A", "B"], [1, 1], ["A"], ["B"])
        assert pickle.loads(pickle.dumps(big)) == big

    def test_numpy_duration_becomes_float(self) -> None:
        """``Activity("A", np.int64(3)).duration`` is the float 3.0 (it kept the numpy int)."""
        a = Activity("A", np.int64(3))
        assert type(a.duration) is float and a.duration == 3.0


_CALENDARS = (
    None,
    WorkCalendar(weekdays=range(7)),
    WorkCalendar(weekdays=(0, 1, 2, 3), holidays=(dt.date(2026, 1, 7),)),
)


@st.composite
def _rich_networks(draw: st.DrawFn) -> Network:
    """Random networks (every link type, leads and lags) with constraints, shared
    calendars, demands, names, projects, and integer or string ids."""
    base = draw(networks(max_n=12))
    as_int = draw(st.booleans())
    label = {a.id: (int(str(a.id)[1:]) * 7 + 3 if as_int else a.id) for a in base.activities}
    acts = []
    for a in base.activities:
        kind = draw(st.sampled_from([None, *ConstraintType]))
        con = None
        if kind is not None:
            at: dt.date | float | None = None
            if kind not in (ConstraintType.ASAP, ConstraintType.ALAP):
                at = draw(st.one_of(st.integers(0, 30).map(lambda k: k / 2),
                                    st.integers(0, 40).map(
                                        lambda k: dt.date(2026, 1, 5) + dt.timedelta(k))))
            mandatory = kind in (ConstraintType.MSO, ConstraintType.MFO) and draw(st.booleans())
            con = Constraint(kind, at, mandatory=mandatory)
        demands = draw(st.dictionaries(st.sampled_from(["dev", "qa", 5]),
                                       st.one_of(st.integers(0, 3),
                                                 st.floats(0, 3, allow_nan=False)),
                                       max_size=2))
        acts.append(Activity(
            label[a.id], a.duration, name=draw(st.sampled_from(["", "x", "build"])),
            project=draw(st.sampled_from([None, "P1", "P2"])),
            calendar=draw(st.sampled_from(_CALENDARS)), constraint=con, demands=demands,
        ))
    deps = [Dependency(label[d.predecessor], label[d.successor], d.type, lag=d.lag)
            for d in base.dependencies]
    return Network(acts, deps)


class TestCompactPickleIssue21:
    """Issue 21: a network pickles as columns (compiled arrays, ids, sparse data), not as
    one Python object per activity or link, and comes back equal."""

    @staticmethod
    def _same(clone: Network, net: Network) -> None:
        assert clone == net
        assert clone.activities == net.activities
        assert clone.dependencies == net.dependencies
        assert clone.projects == net.projects and clone.ids == net.ids
        assert dict(clone.constraints) == dict(net.constraints)
        assert dict(clone.calendars) == dict(net.calendars)
        for name in ("duration", "link_pred", "link_succ", "link_type", "link_lag", "order",
                     "level", "level_ptr", "pred_ptr", "pred_link", "succ_ptr", "succ_link"):
            a, b = getattr(clone.compiled, name), getattr(net.compiled, name)
            assert a.dtype == b.dtype and not a.flags.writeable
            assert_array_equal(a, b)
        assert dict(clone.compiled.index) == dict(net.compiled.index)

    @settings(max_examples=examples(60))
    @given(_rich_networks(), st.sampled_from([2, 3, 4, 5, "deepcopy"]))
    def test_round_trip_equal_and_same_schedule(self, net: Network, how: int | str) -> None:
        """Pickle (protocols 2 to 5) and deepcopy give an equal network whose schedule is
        the same bit for bit."""
        clone = (copy.deepcopy(net) if how == "deepcopy"
                 else pickle.loads(pickle.dumps(net, protocol=int(how))))
        self._same(clone, net)
        kw = {"start": dt.date(2026, 1, 5), "calendar": WorkCalendar()}
        assert schedule(clone, **kw) == schedule(net, **kw)  # type: ignore[arg-type]

    @settings(max_examples=examples(30))
    @given(_rich_networks())
    def test_from_arrays_and_twice(self, net: Network) -> None:
        """A network from ``from_arrays`` (activities built lazily) and a network pickled
        twice round-trip equal; the lazy activities carry calendars and demands."""
        c = net.compiled
        flat = Network.from_arrays(
            c.ids, c.duration, c.link_pred, c.link_succ, c.link_type, c.link_lag,
            project=net.projects, link_by="position",
            constraints={net.ids[i]: k for i, k in net.constraints.items()},
        )
        for original in (flat, net):
            twice = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(original))))
            self._same(twice, original)
        self._same(pickle.loads(pickle.dumps(net)), net)

    def test_no_object_per_activity(self) -> None:
        """The pickle holds no Activity or Dependency object (it held one per activity and
        link), and is smaller than the old per-object pickle (every slot) of the same
        network."""
        n = 2000
        net = Network(
            [Activity(f"A{i}", i % 7, name=f"task {i}", project=f"P{i % 3}",
                      demands={"dev": 1.0} if i % 2 else {}) for i in range(n)],
            [Dependency(f"A{i}", f"A{i + 1}", "SS", lag=1) for i in range(n - 1)],
        )
        blob = pickle.dumps(net, protocol=5)
        assert b"Activity" not in blob and b"Dependency" not in blob
        per_object = pickle.dumps({k: getattr(net, k) for k in Network.__slots__}, protocol=5)
        assert len(blob) < 0.7 * len(per_object)
        self._same(pickle.loads(blob), net)

    def test_unpickle_does_not_revalidate(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Unpickling neither compiles the network again nor builds its activities."""
        from pmokit.scheduling import _network

        net = Network([Activity("A", 1), Activity("B", 2)], [Dependency("A", "B")])
        blob = pickle.dumps(net)

        def boom(*args: object, **kwargs: object) -> None:
            raise AssertionError("compiled again")

        monkeypatch.setattr(_network, "compile_arrays", boom)
        clone = pickle.loads(blob)
        assert clone._activities is None  # built on first access
        assert clone == net and clone["B"].duration == 2.0

    def test_old_per_slot_pickle_still_loads(self) -> None:
        """A pickle of the earlier per-slot form (a state dict without demands columns)
        still loads, equal."""
        net = Network([Activity("A", 1, demands={"dev": 2})], [])
        state = {k: getattr(net, k) for k in Network.__slots__ if k != "_demands"}
        old = Network.__new__(Network)
        old.__setstate__(state)
        assert old == net and old["A"].demands == {"dev": 2}
        self._same(pickle.loads(pickle.dumps(old)), net)


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""

    @pytest.mark.parametrize("bad", ["", "  ", True, 1.5, float("nan")])
    def test_activity_project_is_an_id(self, bad: object) -> None:
        """An activity's project follows the id rule (None: no project)."""
        with pytest.raises(ValidationError, match="project of activity 'A'"):
            Activity("A", 1, project=bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1 + 2j])
    def test_asap_with_a_bad_date(self, bad: object) -> None:
        """ASAP/ALAP need no date, but one that is given must be a date or a finite number."""
        with pytest.raises(ValidationError, match="'at' of a ASAP constraint"):
            Constraint("ASAP", bad)  # type: ignore[arg-type]


# ------------------------------------------------------------ the one table of link options
# LINK_RULES, LAG_UNIT_RULES, LAG_KIND_RULES (scheduling/_network.py): every link type, lag
# unit and lag kind has a row, and every engine reads its meaning from that row only.

_MON = dt.date(2026, 11, 23)
_SEVEN = WorkCalendar(weekdays=range(7))


def _link_net(kind: str = "FS", lag: float = 1.0, own: bool = False, **opts: str) -> Network:
    """A(4) -kind, lag-> B(2) -FF-> C(3), with D(1) -SS-> C as a second way into C (only
    the link A -> B may be FS); ``own`` puts B on a seven-day calendar (the per-activity
    calendar engine)."""
    cal = {"calendar": _SEVEN} if own else {}
    return Network([Activity("A", 4), Activity("B", 2, **cal), Activity("C", 3),
                    Activity("D", 1)],
                   [Dependency("A", "B", kind, lag=lag, **opts), Dependency("B", "C", "FF"),
                    Dependency("D", "C", "SS")])


def _link_runs(network: Network) -> list[tuple[object, ...]]:
    """What the engines make of ``network``: the day engine, the clock engine, simulate
    and slip_impact (the callers run the per-activity calendar engine beside it)."""
    day = schedule(network, start=_MON)
    clock = schedule(network, start=_MON, clock=True)
    res = simulate(network, {a.id: Uniform(a.duration, a.duration) for a in network.activities},
                   iterations=2, rng=0, milestones=["B"])
    slip = slip_impact(day, {"A": 1.0})
    return [tuple(day.early_start), tuple(day.late_start), tuple(clock.early_start_time),
            tuple(clock.late_finish_time), tuple(res.finish), tuple(res.milestone_finish[0]),
            tuple(slip.early_start)]


class TestEveryOptionHasARow:
    def test_link_types(self) -> None:
        """Adding a LinkType member without its row fails here: the row is the one edit."""
        assert set(_network.LINK_RULES) == set(LinkType)

    def test_lag_units_and_kinds(self) -> None:
        assert set(_network.LAG_UNIT_RULES) == set(_network.LAG_UNITS)
        assert set(_network.LAG_KIND_RULES) == set(_network.LAG_KINDS)

    def test_compiled_flags(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The compiled network's per-link flags are read from the rows."""
        c = Network([Activity("A", 2), Activity("B", 1)],
                    [Dependency("A", "B", "SF"), Dependency("A", "B", lag=5, lag_kind="percent"),
                     Dependency("A", "B", "FF", lag=1, lag_kind="elapsed")]).compiled
        assert c.link_from_finish.tolist() == [False, True, True]
        assert c.link_to_finish.tolist() == [True, False, True]
        assert c.link_lag_percent.tolist() == [False, True, False]
        monkeypatch.setitem(_network.LAG_KIND_RULES, "elapsed",
                            _network.LAG_KIND_RULES["percent"])
        assert c.link_lag_percent.tolist() == [False, True, True]

    @pytest.mark.parametrize("unit", ["d", "m", "h", "w", "mo"])
    @pytest.mark.parametrize("kind", ["working", "elapsed", "percent"])
    def test_day_lags_keep_their_bits(self, unit: str, kind: str) -> None:
        """The day engines' lags read from the tables are the numbers the fixed formulas
        gave before (a lag of 7 minutes is 7 x (1/480) days, not 7/480: their last bits
        differ), so no schedule moves."""
        if kind == "percent" and unit != "d":
            return
        per = {"d": 1.0, "m": 1.0 / 480.0, "h": 1.0 / 8.0, "w": 5.0, "mo": 20.0}
        el = {"d": 1440.0, "m": 1.0, "h": 60.0, "w": 10080.0, "mo": 43200.0}
        for raw in (7.0, 0.3, 13.0, 1e-3, 2.5, -3.0):
            c = Network([Activity("A", 3.7), Activity("B", 1)],
                        [Dependency("A", "B", lag=raw, lag_unit=unit, lag_kind=kind)]).compiled
            want = {"working": raw * per[unit], "elapsed": raw * (el[unit] / 480.0),
                    "percent": raw / 100.0 * 3.7}[kind]
            assert c.link_lag[0] == want

    def test_rows_by_hand(self) -> None:
        """FS: finish to start; SS: start to start; FF: finish to finish; SF: start to
        finish. A week is 5 days, a month 20, an hour 60 minutes, elapsed days 24 hours."""
        rows = {t.value: (r.from_finish, r.to_finish) for t, r in _network.LINK_RULES.items()}
        assert rows == {"FS": (True, False), "SS": (False, False), "FF": (True, True),
                        "SF": (False, True)}
        mins = {u: r.working_minutes(480.0) for u, r in _network.LAG_UNIT_RULES.items()}
        assert mins == {"d": 480.0, "m": 1.0, "h": 60.0, "w": 2400.0, "mo": 9600.0}
        assert _network.LAG_UNIT_RULES["w"].working_minutes(450.0, days_per_week=4) == 1800.0
        el = {u: r.elapsed_minutes for u, r in _network.LAG_UNIT_RULES.items()}
        assert el == {"d": 1440.0, "m": 1.0, "h": 60.0, "w": 10080.0, "mo": 43200.0}


class TestRowsDriveEveryEngine:
    @pytest.mark.parametrize("compiled", [True, False])
    @pytest.mark.parametrize("kind", ["SS", "FF", "SF"])
    def test_link_type_row(self, kind: str, compiled: bool,
                           monkeypatch: pytest.MonkeyPatch) -> None:
        """Give FS the row of another type: schedule (day, own calendars, clock), simulate
        and slip_impact all place an FS link as they place that type (with the compiled
        kernels where numba is installed, and on the numpy path)."""
        with contextlib.nullcontext() if compiled else _compiled.disabled():
            self._link_type_row(kind, monkeypatch)

    def _link_type_row(self, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
        want = _link_runs(_link_net(kind))
        want_own = schedule(_link_net(kind, own=True), start=_MON)
        monkeypatch.setitem(_network.LINK_RULES, LinkType.FS,
                            _network.LINK_RULES[LinkType(kind)])
        got = _link_runs(_link_net("FS"))
        got_own = schedule(_link_net("FS", own=True), start=_MON)
        assert got == want
        monkeypatch.undo()
        assert _link_runs(_link_net("FS")) != want, "the test network does not tell the types apart"
        assert_array_equal(got_own.early_start, want_own.early_start)
        assert_array_equal(got_own.late_start, want_own.late_start)

    @pytest.mark.parametrize("unit", ["h", "w", "m", "mo"])
    def test_lag_unit_row(self, unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Give the day the row of another unit: a lag of 4 days is then placed as 4 of
        that unit by every engine."""
        want = _link_runs(_link_net(lag=4, lag_unit=unit))
        monkeypatch.setitem(_network.LAG_UNIT_RULES, "d", _network.LAG_UNIT_RULES[unit])
        got = _link_runs(_link_net(lag=4))
        monkeypatch.undo()
        assert got == want
        assert _link_runs(_link_net(lag=4)) != want

    def test_percent_kind_row(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Give 'working' the row of 'percent': a lag of 50 is half of A's duration (2
        days) in schedule (day and clock engines), and simulate and slip_impact compute
        it from the durations they run (half of A's slipped 5 days in slip_impact)."""
        want = _link_runs(_link_net(lag=50, lag_kind="percent"))
        monkeypatch.setitem(_network.LAG_KIND_RULES, "working",
                            _network.LAG_KIND_RULES["percent"])
        got = _link_runs(_link_net(lag=50))
        monkeypatch.undo()
        assert got == want
        assert want[0][1] == 6.0  # B after A (4) and half of A's duration (2)
        assert want[-1][1] == 7.5  # A slipped to 5: B after 5 and half of 5
        assert _link_runs(_link_net(lag=50)) != want

    def test_elapsed_kind_row(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Give 'working' the row of 'elapsed': the clock engine counts a lag of 2 days as
        48 hours of 24/7 time, and the day-based engines refuse it by name as they refuse
        an elapsed lag."""
        want = schedule(_link_net(lag=2, lag_kind="elapsed"), start=_MON, clock=True)
        monkeypatch.setitem(_network.LAG_KIND_RULES, "working",
                            _network.LAG_KIND_RULES["elapsed"])
        got = schedule(_link_net(lag=2), start=_MON, clock=True)
        for run in (lambda: schedule(_link_net(lag=2), start=_MON),
                    lambda: simulate(_link_net(lag=2), {"A": Uniform(3, 5)}, iterations=2, rng=0)):
            with pytest.raises(ValidationError, match="does not support elapsed lags"):
                run()
        monkeypatch.undo()
        assert got.early_start_time.tolist() == want.early_start_time.tolist()
        # A ends Thursday 26 16:00; 48 elapsed hours later is Saturday 16:00, so B starts
        # Monday 30 08:00 (two working days would give Tuesday 1 December)
        assert want.early_start_time[1] == np.datetime64("2026-11-30T08:00")
