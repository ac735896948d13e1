"""Hypothesis strategies and helpers for scheduling tests (random activity networks)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import strategies as st

from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    Resource,
    ResourceSchedule,
)

LINKS = ("FS", "SS", "FF", "SF")


@st.composite
def networks(draw: st.DrawFn, max_n: int = 20, lags: bool = True) -> Network:
    """Random acyclic networks: all four link types, leads and lags, milestones.

    Durations are whole or half days (0 makes a milestone), lags in [-4, 6] in half days; ids
    are shuffled so that index order is not a topological order.
    """
    n = draw(st.integers(1, max_n))
    durs = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    perm = draw(st.permutations(range(n)))
    acts = [Activity(f"T{perm[i]}", d / 2) for i, d in enumerate(durs)]
    deps = []
    seen = set()
    if n > 1:
        pairs = draw(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                          st.sampled_from(LINKS), st.integers(-8, 12)),
                max_size=3 * n,
            )
        )
        for a, b, t, lag in pairs:
            if a == b:
                continue
            a, b = min(a, b), max(a, b)
            if (a, b, t) in seen:
                continue
            seen.add((a, b, t))
            deps.append(Dependency(acts[a].id, acts[b].id, t, lag=lag / 2 if lags else 0.0))
    order = draw(st.permutations(range(n)))
    return Network([acts[i] for i in order], deps)


def event_graph_longest(net: Network) -> tuple[dict[str, float], dict[str, float], float]:
    """Earliest starts/finishes via the start/finish event graph, solved by networkx.

    Events S_i and F_i with F_i - S_i = d_i (two opposite edges), one edge per link between
    the events it names, and a source with S_i >= 0. Longest paths = shortest paths of the
    negated weights (Bellman-Ford; the S/F pairs form zero-weight cycles).
    """
    g = nx.DiGraph()
    for a in net.activities:
        g.add_edge(("S", a.id), ("F", a.id), w=-a.duration)
        g.add_edge(("F", a.id), ("S", a.id), w=a.duration)
        g.add_edge("src", ("S", a.id), w=0.0)
    for d in net.dependencies:
        frm = "F" if d.type.value[0] == "F" else "S"
        to = "F" if d.type.value[1] == "F" else "S"
        u, v = (frm, d.predecessor), (to, d.successor)
        w = -d.lag
        if g.has_edge(u, v):
            w = min(w, g.edges[u, v]["w"])
        g.add_edge(u, v, w=w)
    dist = nx.single_source_bellman_ford_path_length(g, "src", weight="w")
    es = {a.id: -dist[("S", a.id)] for a in net.activities}
    ef = {a.id: -dist[("F", a.id)] for a in net.activities}
    return es, ef, max(ef.values(), default=0.0)


def random_arrays(
    n: int, rng: np.random.Generator, window: int | None = None
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A random network as arrays: ~3 predecessors each, all link types, leads and lags."""
    succ = np.repeat(np.arange(1, n), 3)
    lo = np.maximum(0, succ - window) if window else np.zeros_like(succ)
    pred = (lo + rng.random(succ.size) * (succ - lo)).astype(np.int64)
    pair = np.unique(pred * n + succ)
    pred, succ = pair // n, pair % n
    types = rng.integers(0, 4, pred.size)
    lag = rng.integers(-2, 5, pred.size).astype(float)
    dur = rng.integers(0, 20, n).astype(float)
    return [f"A{i}" for i in range(n)], dur, pred, succ, types, lag


def check_feasible(net: Network, rs: ResourceSchedule, resources: list[Resource]) -> None:
    """Every link and every capacity respected at every instant (independent check)."""
    start = dict(zip(rs.ids, rs.start.tolist(), strict=True))
    dur = {a.id: a.duration for a in net.activities}
    for a in net.activities:
        assert start[a.id] >= -1e-9
        assert rs.finish[net.compiled.index[a.id]] == pytest.approx(start[a.id] + a.duration)
    for d in net.dependencies:
        p, s = d.predecessor, d.successor
        ref_p = start[p] + (dur[p] if d.type.value[0] == "F" else 0.0)
        ref_s = start[s] + (dur[s] if d.type.value[1] == "F" else 0.0)
        assert ref_s >= ref_p + d.lag - 1e-9, (d, start[p], start[s])
    # capacity at every instant: usage is piecewise constant between event times, and
    # capacity between day boundaries
    days = range(int(max(rs.finish.tolist(), default=0.0)) + 1)
    events = sorted({*rs.start.tolist(), *rs.finish.tolist(), *map(float, days)})
    for r in resources:
        for t in events:
            used = sum(
                a.demands.get(r.id, 0.0)
                for a in net.activities
                if start[a.id] <= t < start[a.id] + a.duration
            )
            assert used <= r.capacity_at(int(np.floor(t))) + 1e-9, (r.id, t, used)
