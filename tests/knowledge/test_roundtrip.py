"""Records, knowledge bases and results of pmokit.knowledge pickle, deep-copy and
round-trip equal; read-only inside."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest

from pmokit.knowledge import (
    Baseline,
    KnowledgeBase,
    Lesson,
    PostProjectReview,
    ProjectRecord,
)


def _kb() -> KnowledgeBase:
    recs = [
        ProjectRecord(
            f"P{i}",
            project_type="IT" if i % 2 else "build",
            methodology="agile",
            size={"fp": 10.0 * (i + 1)},
            attributes={"client": "retail", "vendor_led": bool(i % 3)},
            planned_cost=100.0,
            actual_cost=100.0 + 7 * i,
            actual_effort=50.0 * (i + 1),
            start=dt.date(2025, 1, 6),
            finish=dt.date(2025, 6, 30),
            baselines=[Baseline("original", dt.date(2025, 1, 6), cost=100.0)],
            tags=["crm"] if i % 2 else ["cloud"],
        )
        for i in range(8)
    ]
    lessons = [Lesson("L1", "scope", impact=3, records=["P1"], tags=["x"])]
    reviews = [PostProjectReview("P2", summary="ok", lessons=[Lesson("L2", "supplier")])]
    return KnowledgeBase(recs, lessons, reviews)


KB = _kb()
RESULTS = {
    "record": KB.record("P1"),
    "lesson": KB.lessons[0],
    "review": KB.reviews[0],
    "overrun": KB.overrun_statistics("cost"),
    "themes": KB.lesson_themes(),
    "similar": KB.similar_projects("P0", k=3),
    "features": KB.feature_matrix(["fp"], target="actual_effort"),
}


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_record_and_base_pickle(protocol: int) -> None:
    """ProjectRecord (and so KnowledgeBase) could not be pickled: mappingproxy."""
    back = pickle.loads(pickle.dumps(KB, protocol=protocol))
    assert back == KB
    assert back.record("P3").size == {"fp": 40.0}
    assert back is not KB and back.records is not KB.records


def test_record_and_base_deepcopy() -> None:
    """They could not be deep-copied either; the copy is equal and independent."""
    back = copy.deepcopy(KB)
    assert back == KB
    back.add(ProjectRecord("P99"))
    assert back != KB and "P99" not in KB


@pytest.mark.parametrize("name", sorted(RESULTS))
@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_results_round_trip(name: str, protocol: int) -> None:
    """Every result is equal after pickle and deepcopy; arrays stay read-only."""
    obj = RESULTS[name]
    for back in (pickle.loads(pickle.dumps(obj, protocol=protocol)), copy.deepcopy(obj)):
        assert back == obj
    fm = pickle.loads(pickle.dumps(RESULTS["features"], protocol=protocol))
    assert not fm.x.flags.writeable and not fm.y.flags.writeable


def test_feature_matrix_equality_sees_the_arrays() -> None:
    """x and y were left out of equality: matrices with other values compared equal."""
    fm = RESULTS["features"]
    other = KnowledgeBase(
        [ProjectRecord(r.id, size={"fp": 1.0}, actual_effort=1.0) for r in KB.records]
    ).feature_matrix(["fp"], target="actual_effort")
    assert other.ids == fm.ids and other.features == fm.features
    assert other != fm


def test_record_mappings_are_read_only() -> None:
    """size and attributes are read-only mappings (FrozenDict)."""
    r = KB.record("P1")
    with pytest.raises(TypeError):
        r.attributes["client"] = "bank"  # type: ignore[index]
    assert r.attributes["client"] == "retail"
    assert KnowledgeBase() == KnowledgeBase() and KnowledgeBase() != object()
    with pytest.raises(TypeError):
        hash(KnowledgeBase())
