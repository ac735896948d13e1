"""Every portfolio input and result is frozen: it pickles, deep-copies and round-trips equal,
and its arrays stay read-only (numpy unpickles arrays writable unless told otherwise)."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np
import pytest

from pmokit.datasets import portfolio_sample, sample_pmo
from pmokit.portfolio import (
    Balance,
    BenefitLine,
    Candidate,
    Criterion,
    Group,
    PairwiseMatrix,
    Revision,
    aggregate_priorities,
    ahp_hierarchy,
    ahp_priorities,
    build_model,
    efficient_frontier,
    irr,
    ranking_sensitivity,
    score,
    select,
    track_benefits,
)


def _arrays(value: Any) -> list[np.ndarray]:
    """Every numpy array held by ``value`` (fields, tuples, mappings, sparse entries)."""
    out: list[np.ndarray] = []
    if isinstance(value, np.ndarray):
        out.append(value)
    elif hasattr(value, "tocoo") and hasattr(value, "nnz"):
        out.extend([value.data, value.indices, value.indptr])
    elif isinstance(value, tuple | list):
        for item in value:
            out.extend(_arrays(item))
    elif isinstance(value, Mapping):
        for item in value.values():
            out.extend(_arrays(item))
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            out.extend(_arrays(getattr(value, f.name)))
    return out


def _cands() -> list[Candidate]:
    return [
        Candidate("A", 10, [6, 1], category="x", demands={"dev": [1, 2]}),
        Candidate("B", 9, [5, 0], category="y"),
        Candidate("C", -7, [4, 4], category="x"),
    ]


def _matrix() -> PairwiseMatrix:
    return PairwiseMatrix.from_judgements(
        {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 4, ("c", "d"): 2, ("a", "d"): 9, ("b", "d"): 1}
    )


BUILDERS: dict[str, Callable[[], Any]] = {
    "Candidate": lambda: _cands()[0],
    "Group": lambda: Group("g", ["A", "B"], max=1),
    "Balance": lambda: Balance("x", min_share=0.2),
    "Criterion": lambda: Criterion("v", 1.0),
    "PairwiseMatrix": _matrix,
    "BenefitLine": lambda: BenefitLine("A", [1, 2, 3], [1, 1]),
    "PortfolioModel": lambda: build_model(_cands(), budgets=[10, 10], capacity={"dev": [1, 3]}),
    "Selection": lambda: select(_cands(), budgets=[10, 10], capacity={"dev": [1, 3]}),
    "Selection infeasible": lambda: select(_cands(), budgets=[1, 1], must=["A"]),
    "Rejection": lambda: select(_cands(), budgets=[10, 10]).rejections[0],
    "Frontier": lambda: efficient_frontier(_cands(), [5, 10, 20]),
    "Ranking": lambda: score(
        ["A", "B", "C"], [[1, 2], [3, 1], [2, 2]], [Criterion("p", 0.5), Criterion("q", 0.5)]
    ),
    "RankingSensitivity": lambda: ranking_sensitivity(
        score(
            ["A", "B", "C"], [[1, 2], [3, 1], [2, 2]], [Criterion("p", 0.5), Criterion("q", 0.5)]
        ),
        k=1,
        iterations=20,
        rng=1,
    ),
    "AHPResult": lambda: ahp_priorities(_matrix()),
    "Revision": lambda: ahp_priorities(_matrix()).revisions[0],
    "GroupPriorities": lambda: aggregate_priorities([ahp_priorities(_matrix())] * 2),
    "HierarchyResult": lambda: ahp_hierarchy(
        "goal",
        {
            "goal": PairwiseMatrix.from_judgements({("cost", "risk"): 3}),
            "cost": PairwiseMatrix.from_judgements({("A", "B"): 2}),
        },
    ),
    "IRRResult": lambda: irr([-4, 12, -9]),
    "BenefitsReport": lambda: track_benefits([BenefitLine("A", [1, 2, 3], [1, 1])], as_of=2),
    "PortfolioSample": lambda: portfolio_sample(sample_pmo()),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_pickle_round_trip_equal_and_read_only(name: str, protocol: int) -> None:
    """Pickled and unpickled, the object is == to its original and its arrays read-only."""
    obj = BUILDERS[name]()
    back = pickle.loads(pickle.dumps(obj, protocol=protocol))
    assert back == obj
    assert (back != obj) is False
    assert all(not a.flags.writeable for a in _arrays(back)), name


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_deepcopy_equal_and_read_only(name: str) -> None:
    """A deep copy is == to its original, with read-only arrays; so is the original."""
    obj = BUILDERS[name]()
    assert all(not a.flags.writeable for a in _arrays(obj)), name
    dup = copy.deepcopy(obj)
    assert dup == obj
    assert all(not a.flags.writeable for a in _arrays(dup)), name


def test_different_values_are_not_equal() -> None:
    """Equality is by value: a changed field makes the objects differ."""
    a = _cands()[0]
    assert attrs.evolve(a, value=11) != a
    assert select(_cands(), budgets=[10, 10]) != select(_cands(), budgets=[5, 5])


def test_no_mutable_insides() -> None:
    """Mappings inside results are read-only; editing the caller's input changes nothing."""
    res = BUILDERS["HierarchyResult"]()
    with pytest.raises(TypeError):
        res.leaf_weights["A"] = 1.0  # type: ignore[index]
    sample = portfolio_sample(sample_pmo())
    with pytest.raises(TypeError):
        sample.capacity["delivery"] = np.zeros(8)  # type: ignore[index]
    with pytest.raises(ValueError, match="read-only"):
        sample.capacity["delivery"][0] = 0.0
    costs = np.array([1.0, 2.0])
    demand = np.array([1.0, 1.0])
    c = Candidate("A", 1, costs, demands={"dev": demand})
    costs[0] = 99.0
    demand[0] = 99.0
    assert c.costs.tolist() == [1.0, 2.0] and dict(c.demands)["dev"].tolist() == [1.0, 1.0]


def test_revision_is_plain_frozen() -> None:
    """Revision holds only numbers and labels: hashable as a frozen attrs value."""
    r = BUILDERS["Revision"]()
    assert isinstance(r, Revision) and hash(r) == hash(copy.deepcopy(r))
