"""Tests of pmokit.portfolio selection: build_model, select (MILP), rejections, diagnosis."""

from __future__ import annotations

import itertools
import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio import (
    Balance,
    Candidate,
    Group,
    Selection,
    build_model,
    select,
)
from tests._hypothesis import examples
from tests._requires import requires_pandas, requires_pulp


@st.composite
def instances(draw: st.DrawFn) -> dict[str, Any]:
    """A small random selection problem with every kind of rule."""
    n = draw(st.integers(2, 8))
    n_p = draw(st.integers(1, 3))
    ints = st.integers(0, 10)
    cands = []
    for i in range(n):
        costs = draw(st.lists(ints, min_size=n_p, max_size=n_p))
        dem = draw(st.lists(st.integers(0, 3), min_size=n_p, max_size=n_p))
        cands.append(
            Candidate(
                f"P{i}",
                float(draw(st.integers(-3, 20))),
                costs,
                category="a" if i == 0 else draw(st.sampled_from(["a", "b"])),
                demands={"dev": dem},
            )
        )
    ids = [c.id for c in cands]
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    rules: dict[str, Any] = {
        "budgets": draw(st.lists(st.integers(0, 25), min_size=n_p, max_size=n_p)),
        "capacity": {"dev": draw(st.integers(0, 8))},
        "must": draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)),
        "must_not": draw(st.lists(st.sampled_from(ids), max_size=1, unique=True)),
        "requires": draw(st.lists(pair, max_size=3)),
        "excludes": draw(st.lists(pair, max_size=2)),
    }
    if draw(st.booleans()):
        members = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=4, unique=True))
        lo = draw(st.integers(0, 1))
        rules["groups"] = [Group("g", members, min=lo, max=draw(st.integers(lo, 2)))]
    if draw(st.booleans()):
        share = draw(st.sampled_from([0.2, 0.5]))
        if draw(st.booleans()):
            rules["balance"] = [Balance("a", min_share=share, measure="count")]
        else:
            rules["balance"] = [Balance("a", max_share=share, measure="cost")]
    return {"candidates": cands, **rules}


def brute_force(inst: dict[str, Any]) -> tuple[float | None, np.ndarray]:
    """Enumerate every subset; return the best value (None if no feasible subset)."""
    cands = inst["candidates"]
    n = len(cands)
    idx = {c.id: i for i, c in enumerate(cands)}
    X = np.array(list(itertools.product([0, 1], repeat=n)), dtype=float)
    costs = np.array([c.costs for c in cands])
    ok = np.all(X @ costs <= np.array(inst["budgets"], dtype=float) + 1e-9, axis=1)
    dem = np.array([dict(c.demands)["dev"] for c in cands])
    ok &= np.all(X @ dem <= inst["capacity"]["dev"] + 1e-9, axis=1)
    for m in inst["must"]:
        ok &= X[:, idx[m]] == 1
    for m in inst["must_not"]:
        ok &= X[:, idx[m]] == 0
    for a, b in inst["requires"]:
        ok &= X[:, idx[a]] <= X[:, idx[b]]
    for a, b in inst["excludes"]:
        ok &= X[:, idx[a]] + X[:, idx[b]] <= 1
    for g in inst.get("groups", []):
        k = X[:, [idx[x] for x in set(g.ids)]].sum(axis=1)
        ok &= (k >= g.min) & (k <= (np.inf if g.max is None else g.max))
    cat = np.array([c.category == "a" for c in cands], dtype=float)
    for b in inst.get("balance", []):
        meas = costs.sum(axis=1) if b.measure == "cost" else np.ones(n)
        part, total = X @ (cat * meas), X @ meas
        if b.min_share is not None:
            ok &= part >= b.min_share * total - 1e-9
        if b.max_share is not None:
            ok &= part <= b.max_share * total + 1e-9
    if not ok.any():
        return None, ok
    values = X @ np.array([c.value for c in cands])
    return float(values[ok].max()), ok


class TestOptimality:
    @settings(max_examples=examples(120), deadline=None)
    @given(instances())
    def test_matches_brute_force(self, inst: dict[str, Any]) -> None:
        """On small random instances the MILP value equals exhaustive enumeration."""
        best, _ = brute_force(inst)
        s = select(**inst, gap=0.0)
        if best is None:
            assert s.status == "infeasible"
            assert s.diagnosis, "an infeasible result must name conflicting rules"
        else:
            assert s.status == "optimal"
            assert s.total_value == pytest.approx(best, abs=1e-9)

    @settings(max_examples=examples(40), deadline=None)
    @given(instances())
    def test_diagnosis_is_minimal_conflict(self, inst: dict[str, Any]) -> None:
        """Dropping all rules but the diagnosis stays infeasible; dropping one more is feasible."""
        s = select(**inst, gap=0.0)
        if s.status != "infeasible":
            assert s.diagnosis == ()
            return
        model = build_model(**inst)
        from pmokit.portfolio._selection import _diagnose, _rules

        names = [r[2] for r in _rules(model, np.array(model.row_upper))]
        assert set(s.diagnosis) <= set(names)
        assert _diagnose(model, np.array(model.row_upper), None) == s.diagnosis

    @settings(max_examples=examples(60), deadline=None)
    @given(instances())
    def test_selection_respects_every_rule(self, inst: dict[str, Any]) -> None:
        """The chosen set is feasible under brute-force checks and the reports are consistent."""
        s = select(**inst)
        if not s.feasible:
            return
        _, ok = brute_force(inst)
        x = np.array([int(i in s.chosen) for i in s.ids])
        row = int("".join(map(str, x)), 2)
        assert ok[row]
        assert np.all(s.slack >= -1e-9)
        np.testing.assert_allclose(s.spend, np.array([c.costs for c in inst["candidates"]]).T @ x)
        assert {r.id for r in s.rejections} == set(s.ids) - set(s.chosen)


def _pulp_value(
    cands: list[Candidate],
    budgets: np.ndarray,
    cap: dict[str, np.ndarray],
    requires: list[tuple[str, str]],
    excludes: list[tuple[str, str]],
    gap: float = 0.0,
    relax: bool = False,
) -> float:
    import pulp

    prob = pulp.LpProblem("sel", pulp.LpMaximize)
    cat = "Continuous" if relax else "Binary"
    x = {c.id: pulp.LpVariable(f"x_{c.id}", 0, 1, cat=cat) for c in cands}
    prob += pulp.lpSum(c.value * x[c.id] for c in cands)
    for t, b in enumerate(budgets):
        prob += pulp.lpSum(float(c.costs[t]) * x[c.id] for c in cands) <= float(b)
    for s, caps in cap.items():
        for t, b in enumerate(caps):
            prob += pulp.lpSum(
                float(dict(c.demands).get(s, np.zeros(len(budgets)))[t]) * x[c.id] for c in cands
            ) <= float(b)
    for a, b in requires:
        prob += x[a] <= x[b]
    for a, b in excludes:
        prob += x[a] + x[b] <= 1
    prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=gap))
    assert pulp.LpStatus[prob.status] == "Optimal"
    return float(pulp.value(prob.objective))


@requires_pulp
@pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp")
class TestAgainstPulp:
    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_larger_instances(self, seed: int) -> None:
        """60 candidates, 4 periods, 3 skills, dependencies and exclusions: same optimum as CBC."""
        rng = np.random.default_rng(seed)
        n, n_p, skills = 60, 4, ["dev", "ops", "data"]
        cands = []
        for i in range(n):
            costs = rng.integers(0, 40, n_p).astype(float)
            dem = {s: rng.integers(0, 4, n_p).astype(float) for s in skills}
            cands.append(Candidate(f"P{i}", float(rng.integers(5, 100)), costs, demands=dem))
        budgets = np.full(n_p, 300.0)
        cap = {s: np.full(n_p, 25.0) for s in skills}
        requires = [(f"P{i}", f"P{i + 1}") for i in range(0, 20, 4)]
        excludes = [(f"P{i}", f"P{i + 7}") for i in range(30, 45, 3)]
        s = select(
            cands, budgets=budgets, capacity=cap, requires=requires, excludes=excludes, gap=0.0
        )
        assert s.status == "optimal"
        assert s.total_value == pytest.approx(_pulp_value(cands, budgets, cap, requires, excludes))
        assert np.all(s.resource_use <= 25.0 + 1e-9) and np.all(s.spend <= 300.0 + 1e-9)


def _sparse_instance(seed: int, n: int = 400, n_p: int = 8, n_skills: int = 6) -> dict[str, Any]:
    """Projects spanning 2-5 periods, 1-2 skills each, budgets and capacity at 35-50 % of demand."""
    rng = np.random.default_rng(seed)
    cands = []
    tot_c, tot_d = np.zeros(n_p), np.zeros((n_skills, n_p))
    for i in range(n):
        start = int(rng.integers(0, n_p - 1))
        end = min(n_p, start + int(rng.integers(2, 6)))
        costs = np.zeros(n_p)
        costs[start:end] = rng.uniform(10, 100, end - start).round(1)
        dem = {}
        for k in rng.choice(n_skills, size=int(rng.integers(1, 3)), replace=False):
            d = np.zeros(n_p)
            d[start:end] = rng.uniform(0.2, 2, end - start).round(2)
            dem[f"S{k}"] = d
            tot_d[k] += d
        tot_c += costs
        cands.append(
            Candidate(
                f"P{i}", float((costs.sum() * rng.uniform(0.5, 2)).round(1)), costs, demands=dem
            )
        )
    return {
        "candidates": cands,
        "budgets": (0.35 * tot_c).round(0),
        "capacity": {f"S{k}": (0.5 * tot_d[k]).round(1) for k in range(n_skills)},
        "requires": [(f"P{i}", f"P{i + 1}") for i in range(0, 60, 3)],
        "excludes": [(f"P{i}", f"P{i + 5}") for i in range(60, 90, 2)],
    }


@requires_pulp
@pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp")
class TestWithinGap:
    @pytest.mark.parametrize("seed", [3])
    def test_gap_guarantee_against_cbc(self, seed: int) -> None:
        """Gap 1 % (LP bound + neighbourhood search path): within 1 % of CBC's exact optimum,
        never above the LP-relaxation bound computed by CBC, and every rule holds."""
        inst = _sparse_instance(seed, n=100)
        s = select(**inst, gap=1e-2)
        args = (
            inst["candidates"],
            inst["budgets"],
            inst["capacity"],
            inst["requires"],
            inst["excludes"],
        )
        exact = _pulp_value(*args)
        bound = _pulp_value(*args, relax=True)
        assert s.status == "optimal"
        assert exact * (1 - 1e-2) - 1e-6 <= s.total_value <= exact + 1e-6 <= bound + 2e-6
        assert 0 <= s.mip_gap <= 1e-2
        assert np.all(s.slack >= -1e-9)


class TestExplanations:
    def test_rejection_reasons(self) -> None:
        """Each rejected candidate names the rule it would break and the marginal value/cost."""
        cands = [
            Candidate("A", 10, 6, category="x"),
            Candidate("B", 9, 5),
            Candidate("C", 7, 4),
            Candidate("D", 50, 1),
            Candidate("E", 3, 0),
            Candidate("F", 2, 3),
            Candidate("G", -1, 0),
        ]
        s = select(cands, budgets=10, must_not=["D"], requires=[("F", "B")], excludes=[("E", "C")])
        assert s.chosen == ("A", "C")
        assert s.rejection("B").reason == "budget"
        assert s.rejection("D").reason == "must_not"
        assert s.rejection("E").reason == "excludes"
        assert s.rejection("F").reason == "requires"
        assert s.rejection("G").reason == "value"
        assert s.rejection("B").value_per_cost == pytest.approx(9 / 5)
        assert s.rejection("B").marginal_value_per_cost == pytest.approx(10 / 6)
        assert "budget period 0" in s.binding  # 10 of 10 spent
        assert "excludes E / C" in s.binding
        recs = s.to_records()
        assert [r["selected"] for r in recs] == [True, False, True, False, False, False, False]

    def test_negative_value_rejected_for_value_not_budget(self) -> None:
        """A negative-value candidate that would also overrun the budget is rejected for its
        value: no budget would make it worth selecting (it was 'budget' before)."""
        cands = [Candidate("A", 10, 6), Candidate("N", -5, 8), Candidate("Z", 0, 8)]
        s = select(cands, budgets=10)
        assert s.chosen == ("A",)
        assert s.rejection("N").reason == "value"
        assert s.rejection("N").constraints == ("budget period 0",)  # still listed
        assert s.rejection("Z").reason == "value"
        unlimited = select(cands, budgets=float("inf"))
        assert "N" not in unlimited.chosen  # the reason is true: money does not change it

    def test_rejection_of_a_chosen_candidate_names_it(self) -> None:
        """rejection() of a selected candidate raises a pmokit error naming it (was a bare
        KeyError), and an unknown id raises UnknownReferenceError."""
        cands = [Candidate("A", 10, 6), Candidate("B", 9, 5), Candidate("C", 7, 4)]
        s = select(cands, budgets=10)
        with pytest.raises(ValidationError, match="'A' was selected"):
            s.rejection("A")
        with pytest.raises(UnknownReferenceError, match="'Q'"):
            s.rejection("Q")

    def test_status_vocabulary_is_solver_status(self) -> None:
        """Selection.status is typed with the shared SolverStatus ('time_limit' replaces the
        old 'not_solved' for a time-out without a selection)."""
        from typing import get_type_hints

        from pmokit._typing import SolverStatus
        from pmokit.portfolio import Selection

        assert get_type_hints(Selection)["status"] == SolverStatus

    @pytest.mark.parametrize("flag", ["no", 1, None])
    def test_diagnose_flag_only_bools(self, flag: object) -> None:
        """diagnose='no' was read as True; flags take only bools."""
        with pytest.raises(ValidationError, match="'diagnose'"):
            select([Candidate("A", 1, 1)], budgets=1, diagnose=flag)  # type: ignore[arg-type]

    def test_capacity_and_group(self) -> None:
        """Capacity and group limits are reported as reasons and binding rules."""
        cands = [Candidate(f"P{i}", 10 - i, [1, 1], demands={"dev": [2, 0]}) for i in range(4)]
        s = select(
            cands,
            budgets=[10, 10],
            capacity={"dev": [4, 4]},
            groups=[Group("one of first two", ["P0", "P1"], max=1)],
        )
        assert s.chosen == ("P0", "P2")
        assert s.rejection("P1").reason == "group"
        assert s.rejection("P3").reason == "capacity"
        assert "capacity dev period 0" in s.binding
        np.testing.assert_allclose(s.resource_use, [[4, 0]])

    def test_balance(self) -> None:
        """A minimum share of a category changes the choice."""
        cands = [
            Candidate("big1", 10, 5, category="run"),
            Candidate("big2", 9, 5, category="run"),
            Candidate("small", 4, 5, category="grow"),
        ]
        free = select(cands, budgets=10)
        assert free.chosen == ("big1", "big2")
        s = select(cands, budgets=10, balance=[Balance("grow", min_share=0.5)])
        assert s.chosen == ("big1", "small")
        r = s.rejection("big2")
        assert r.reason == "balance"
        assert set(r.constraints) == {"balance grow >= 0.5", "budget period 0"}

    def test_count_objective(self) -> None:
        """objective='count' maximises the number selected."""
        cands = [Candidate("A", 100, 10), Candidate("B", 1, 5), Candidate("C", 1, 5)]
        assert select(cands, budgets=10, objective="count").chosen == ("B", "C")


class TestInfeasible:
    def test_forced_over_budget(self) -> None:
        """Forced projects over budget: status infeasible and the conflicting rules named."""
        cands = [Candidate("A", 1, 6), Candidate("B", 1, 5), Candidate("C", 1, 1)]
        s = select(cands, budgets=10, must=["A", "B", "C"])
        assert s.status == "infeasible" and not s.feasible
        assert set(s.diagnosis) == {"budget period 0", "must A", "must B"}
        assert "cannot all hold" in s.message and s.chosen == ()

    def test_must_and_must_not(self) -> None:
        """The same id forced in and out is a contradiction, reported as a result."""
        s = select(
            [Candidate("A", 1, 1), Candidate("B", 1, 1)], budgets=5, must=["A"], must_not=["A"]
        )
        assert s.status == "infeasible"
        assert set(s.diagnosis) == {"must A", "must_not A"}

    def test_requires_chain_into_exclusion(self) -> None:
        """must A, A requires B, B excludes C, must C: the four rules are the conflict."""
        cands = [Candidate(x, 1, 1) for x in "ABCD"]
        s = select(
            cands,
            budgets=10,
            must=["A", "C"],
            requires=[("A", "B")],
            excludes=[("B", "C"), ("A", "D")],
        )
        assert set(s.diagnosis) == {"must A", "must C", "requires A -> B", "excludes B / C"}

    def test_group_minimum(self) -> None:
        """A group minimum larger than what fits is diagnosed."""
        cands = [Candidate(x, 1, 5) for x in "ABC"]
        s = select(cands, budgets=8, groups=[Group("two of three", "ABC", min=2)])
        assert set(s.diagnosis) == {"group two of three", "budget period 0"}


class TestBadInput:
    def test_unknown_ids_all_reported(self) -> None:
        """Rules naming unknown candidates: one UnknownReferenceError listing every one."""
        cands = [Candidate("A", 1, 1)]
        with pytest.raises(UnknownReferenceError) as e:
            select(
                cands,
                budgets=1,
                must=["X"],
                requires=[("A", "Y")],
                excludes=[("Z", "A")],
                groups=[Group("g", ["W"])],
            )
        assert set(e.value.unknown) == {"X", "Y", "Z", "W"}
        assert len(e.value.problems) == 4

    def test_duplicate_ids(self) -> None:
        """Duplicate candidate ids are rejected."""
        with pytest.raises(DuplicateError, match="'A'"):
            select([Candidate("A", 1, 1), Candidate("A", 2, 1)], budgets=1)

    def test_cost_length(self) -> None:
        """Costs with the wrong number of periods are rejected naming the candidate."""
        with pytest.raises(ValidationError, match="'costs' of candidate 'B'"):
            select([Candidate("A", 1, [1, 1]), Candidate("B", 1, [1])], budgets=[1, 1])

    def test_negative_budget(self) -> None:
        """A negative budget is rejected."""
        with pytest.raises(ValidationError, match="'budgets'"):
            select([Candidate("A", 1, 1)], budgets=-1)

    def test_candidate_validation(self) -> None:
        """NaN value, negative cost and bad demand are reported together."""
        with pytest.raises(ValidationError) as e:
            Candidate("A", float("nan"), [-1, 2], demands={"dev": [1]})
        assert len(e.value.problems) == 3

    def test_self_pair(self) -> None:
        """A rule pairing a candidate with itself is rejected."""
        with pytest.raises(ValidationError, match="two different"):
            select([Candidate("A", 1, 1)], budgets=1, excludes=[("A", "A")])

    def test_unknown_category(self) -> None:
        """A balance rule on a category no candidate has is rejected."""
        with pytest.raises(ValidationError, match="category 'zzz'"):
            select([Candidate("A", 1, 1)], budgets=1, balance=[Balance("zzz", min_share=0.1)])

    def test_rule_objects(self) -> None:
        """Group and Balance validate their numbers."""
        with pytest.raises(ValidationError, match="max of group"):
            Group("g", ["A"], min=2, max=1)
        with pytest.raises(ValidationError, match="min_share or max_share"):
            Balance("x")
        with pytest.raises(ValidationError, match="max_share"):
            Balance("x", max_share=1.5)

    def test_capacity_length(self) -> None:
        """A capacity with the wrong number of periods is rejected naming the skill."""
        with pytest.raises(ValidationError, match="capacity of 'dev'"):
            select(
                [Candidate("A", 1, [1, 1], demands={"dev": [1, 1]})],
                budgets=[1, 1],
                capacity={"dev": [1, 2, 3]},
            )

    def test_objective_and_gap(self) -> None:
        """Unknown objective and a bad gap are rejected."""
        with pytest.raises(ValidationError, match="'objective'"):
            select([Candidate("A", 1, 1)], budgets=1, objective="npv")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'gap'"):
            select([Candidate("A", 1, 1)], budgets=1, gap=-1)

    def test_model_plus_rules(self) -> None:
        """A built model with extra rules is rejected."""
        m = build_model([Candidate("A", 1, 1)], budgets=1)
        assert select(m).chosen == ("A",)
        with pytest.raises(ValidationError, match="takes the rules from the model"):
            select(m, must=["A"])

    def test_no_budgets(self) -> None:
        """Budgets are required with candidates."""
        with pytest.raises(ValidationError, match="'budgets'"):
            select([Candidate("A", 1, 1)])


class TestRecords:
    @requires_pandas
    def test_frames(self) -> None:
        """to_frame per candidate."""
        cands = [Candidate("A", 10, 6), Candidate("B", 9, 5)]
        s = select(cands, budgets=10)
        frame = s.to_frame()
        assert frame.loc["B", "reason"] == "budget" and bool(frame.loc["A", "selected"])

    def test_records(self) -> None:
        """to_records per candidate and constraint_records per rule."""
        cands = [Candidate("A", 10, 6), Candidate("B", 9, 5)]
        s = select(cands, budgets=10)
        recs = {r["id"]: r for r in s.to_records()}
        assert recs["B"]["reason"] == "budget" and recs["A"]["selected"] is True
        rec = {r["constraint"]: r for r in s.constraint_records()}
        assert rec["budget period 0"]["slack"] == pytest.approx(4.0)
        assert rec["budget period 0"]["binding"] is False


def _cands() -> list[Candidate]:
    return [Candidate("A", 10, [6, 1], demands={"dev": [1, 2]}), Candidate("B", 9, [5, 0])]


class TestUnknownIds:

    @pytest.mark.parametrize(
        "rule",
        [
            {"must": ["ZZZ"]},
            {"must_not": ["ZZZ"]},
            {"requires": [("A", "ZZZ")]},
            {"excludes": [("ZZZ", "B")]},
            {"groups": [Group("g", ["A", "ZZZ"])]},
        ],
    )
    def test_rules_naming_unknown_candidates(self, rule: dict[str, object]) -> None:
        """Every rule naming a candidate that does not exist is refused, naming it."""
        with pytest.raises(UnknownReferenceError, match="'ZZZ'"):
            select(_cands(), budgets=[10, 10], **rule)  # type: ignore[arg-type]


def _selection() -> Selection:
    cands = [Candidate("crm", 10, [3, 2]), Candidate("erp", 7, [2, 1]),
             Candidate("bi", 4, [1, 1]), Candidate("web", 6, [2, 2])]
    return select(cands, budgets=[5, 4])


class TestSelectionColumns:
    """value and cost per candidate, matched by id."""

    def test_records(self) -> None:
        """Each record has the candidate's own value and total cost; the selected ones sum to
        total_value and total_cost."""
        sel = _selection()
        rec = {r["id"]: r for r in sel.to_records()}
        assert {k: (r["value"], r["cost"]) for k, r in rec.items()} == {
            "crm": (10.0, 5.0), "erp": (7.0, 3.0), "bi": (4.0, 2.0), "web": (6.0, 4.0)}
        chosen = [r for r in rec.values() if r["selected"]]
        assert sum(r["value"] for r in chosen) == pytest.approx(sel.total_value)
        assert sum(r["cost"] for r in chosen) == pytest.approx(sel.total_cost)

    def test_read_only_and_pickles(self) -> None:
        """The new arrays are read-only and survive pickling."""
        sel = _selection()
        assert not sel.values.flags.writeable and not sel.costs.flags.writeable
        back = pickle.loads(pickle.dumps(sel))
        np.testing.assert_array_equal(back.values, sel.values)
        assert not back.costs.flags.writeable

    @requires_pandas
    def test_frame(self) -> None:
        """to_frame has value and cost columns."""
        frame = _selection().to_frame()
        assert {"value", "cost", "selected"} <= set(frame.columns)
        assert frame.loc["crm", "cost"] == 5.0


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""

    def test_must_not_repeated(self) -> None:
        """A candidate named twice in must_not is refused."""
        with pytest.raises(ValidationError, match="'must_not' names candidates more than once"):
            build_model(_cands(), budgets=[10, 10], must_not=["A", "A"])
