"""Regression tests for edge cases found in review: typos that silently matched nothing,
and bad inputs that raised TypeError/AttributeError instead of a ValidationError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pmokit.errors import ValidationError
from pmokit.knowledge import (
    Baseline,
    KnowledgeBase,
    Lesson,
    PostProjectReview,
    ProjectRecord,
)
from tests._requires import requires_pandas


def _any(value: object) -> Any:
    """The value, typed Any: these tests pass wrong types on purpose."""
    return value


def _kb() -> KnowledgeBase:
    return KnowledgeBase(
        [
            ProjectRecord(
                f"P{i}",
                project_type="IT" if i % 2 else "build",
                planned_cost=100.0,
                actual_cost=90.0 + 10 * i,
                planned_benefits=100.0,
                realised_benefits=0.0 if i == 0 else 50.0,
                size={"fp": 10.0 * (i + 1)},
                actual_effort=100.0 * (i + 1),
            )
            for i in range(8)
        ]
    )


def test_overrun_statistics_by_typo_is_named() -> None:
    """by='projecttype' used to put all 8 records in one group called None."""
    with pytest.raises(ValidationError, match=r"'by' 'projecttype' is not a field"):
        _kb().overrun_statistics("cost", by="projecttype")
    assert _kb().overrun_statistics("cost", by="project_type").groups == ("IT", "build")


def test_feature_matrix_typos_are_named() -> None:
    """A misspelt feature or target used to give an empty matrix with every record skipped."""
    kb = _kb()
    with pytest.raises(ValidationError, match=r"feature 'fpp' is not a field"):
        kb.feature_matrix(["fpp"])
    with pytest.raises(ValidationError, match=r"target 'effort' is not a field"):
        kb.feature_matrix(["fp"], target="effort")
    with pytest.raises(ValidationError, match=r"got the string 'fp'; use \['fp'\]"):
        kb.feature_matrix("fp")
    assert kb.feature_matrix(["fp"]).x.shape == (8, 1)


def test_similar_projects_feature_typos_are_named() -> None:
    """A misspelt categorical feature used to be dropped silently; a string split in chars."""
    kb = _kb()
    with pytest.raises(ValidationError, match=r"feature 'projecttype' is not a field"):
        kb.similar_projects("P1", categorical=["projecttype"])
    with pytest.raises(ValidationError, match=r"'categorical' must be a sequence"):
        kb.similar_projects("P1", categorical="project_type")
    assert "project_type" in kb.similar_projects("P1", categorical=["project_type"]).features


def test_zero_actual_is_named_by_record_in_a_reference_class() -> None:
    """A realised benefit of 0 was reported as 'index 0 got 0.0' without the record."""
    with pytest.raises(ValidationError, match=r"record 'P0' has an actual benefits of 0"):
        _kb().reference_class("benefits")


def test_baseline_is_validated() -> None:
    """Baselines were not validated at all (negative cost, text date accepted)."""
    with pytest.raises(ValidationError) as info:
        Baseline("rb1", date=_any("2026-01-01"), cost=-1.0)
    assert len(info.value.problems) == 2
    assert Baseline("original", dt.date(2026, 1, 1), cost=10.0).cost == 10.0


CASES: list[tuple[str, Callable[[], object], str]] = [
    ("tags int", lambda: ProjectRecord("a", tags=_any(5)), r"tags and record ids must be"),
    ("baselines int", lambda: ProjectRecord("a", baselines=_any(5)), r"a sequence of items"),
    ("lesson records int", lambda: Lesson("L", "c", records=_any(5)), r"tags and record ids"),
    ("review lessons int", lambda: PostProjectReview("P", lessons=_any(5)), r"sequence of items"),
    ("review date text", lambda: PostProjectReview("P", date=_any("x")), r"'date' of the review"),
    ("kb None", lambda: KnowledgeBase(_any(None)), r"'records' must be a sequence"),
    ("record list id", lambda: _kb().record(_any(["P1"])), r"'record_id' must be a string"),
    (
        "stats records text",
        lambda: _kb().overrun_statistics(records=_any("ab")),
        r"'records' must be a sequence",
    ),
    (
        "similar weights list",
        lambda: _kb().similar_projects("P1", weights=_any([1])),
        r"'weights' must map feature names",
    ),
    (
        "similar candidates ids",
        lambda: _kb().similar_projects("P1", candidates=_any(["P2"])),
        r"'candidates' must hold ProjectRecord objects",
    ),
    # error paths a coverage run found untested
    ("attributes list", lambda: ProjectRecord("a", attributes=_any([1])), r"'attributes' must"),
    ("baseline label", lambda: Baseline(""), r"'label' of a baseline must be a non-empty"),
    (
        "baseline object",
        lambda: ProjectRecord("a", baselines=_any([5])),
        r"'baselines' of project 'a' must hold Baseline objects \(got 5\)",
    ),
    ("lesson id", lambda: Lesson("", "c"), r"'id' of a lesson must be a non-empty string"),
    (
        "objectives flag",
        lambda: PostProjectReview("P", objectives_met=_any("yes")),
        r"'objectives_met' of the review of 'P' must be True, False or None \(got 'yes'\)",
    ),
    ("similar k 2.5", lambda: _kb().similar_projects("P1", k=_any(2.5)), r"'k' must be a whole"),
]


@pytest.mark.parametrize(("label", "call", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()


def test_feature_matrix_records_and_frame() -> None:
    """FeatureMatrix had no to_records/to_frame (house rule for results)."""
    fm = _kb().feature_matrix(["fp"])
    rows = fm.to_records()
    assert rows[0] == {"id": "P0", "fp": 10.0, "target": 100.0}
    assert len(rows) == 8


@requires_pandas
def test_feature_matrix_frame() -> None:
    """The feature matrix as a table indexed by id."""
    frame = _kb().feature_matrix(["fp"]).to_frame()
    assert frame.shape == (8, 2) and frame.loc["P7", "fp"] == 80.0
