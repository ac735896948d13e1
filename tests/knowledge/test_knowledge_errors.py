"""Remaining error paths of pmokit.knowledge, and the to_frame() of its results."""

from __future__ import annotations

import pytest

from pmokit.errors import ValidationError
from pmokit.knowledge import KnowledgeBase, Lesson, ProjectRecord
from tests._requires import requires_pandas


def _kb() -> KnowledgeBase:
    return KnowledgeBase(
        [
            ProjectRecord(
                f"P{i}",
                project_type="IT",
                planned_cost=100,
                actual_cost=100 + i,
                tags=["a"] if i % 2 else ["b"],
            )
            for i in range(6)
        ],
        [Lesson("L1", "scope", records=["P1"], tags=["x"])],
    )


def test_bad_measure_in_statistics() -> None:
    """Unknown measure in overrun_statistics and reference_class."""
    with pytest.raises(ValidationError, match="'measure' must be one of"):
        _kb().overrun_statistics("quality")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="'measure' must be one of"):
        _kb().reference_class("quality")  # type: ignore[arg-type]


def test_bad_similarity_target() -> None:
    """The target must be a record or an id."""
    with pytest.raises(ValidationError, match="'record' must be a ProjectRecord"):
        _kb().similar_projects(42)  # type: ignore[arg-type]


def test_non_string_field() -> None:
    """Categorical fields must be strings."""
    with pytest.raises(ValidationError, match="'domain' of project 'P1' must be a string"):
        ProjectRecord("P1", domain=3)  # type: ignore[arg-type]


def test_size_must_be_a_mapping() -> None:
    """Sizes are a mapping of measure to number."""
    with pytest.raises(ValidationError, match="'size' must be a mapping"):
        ProjectRecord("P1", size=[1, 2])  # type: ignore[arg-type]


@requires_pandas
def test_results_to_frame() -> None:
    """Statistics, themes and matches convert to pandas frames."""
    kb = _kb()
    assert kb.overrun_statistics().to_frame().loc["IT", "n"] == 6
    assert kb.lesson_themes("tag").to_frame().loc["x", "count"] == 1
    frame = kb.similar_projects("P0", k=2).to_frame()
    assert list(frame.columns) == ["similarity", "distance", "explanation"]


def test_reference_class_by_tags() -> None:
    """A reference class of the records carrying a tag, named after it."""
    kb = _kb()
    assert kb.reference_class("cost", tags=["a"], min_size=3).size == 3
    assert "tags=['a']" in kb.reference_class("cost", tags=["a"], min_size=3).name


def test_knowledge_base_bad_kind() -> None:
    """A kind other than records or lessons is rejected."""
    with pytest.raises(ValidationError, match="'kind' must be one of"):
        _kb().to_records("reviews")  # type: ignore[arg-type]


@requires_pandas
def test_knowledge_base_to_frame() -> None:
    """Every record (with ratios) or lesson as a flat table; bad kind rejected."""
    kb = _kb()
    frame = kb.to_frame()
    assert list(frame.index) == [f"P{i}" for i in range(6)]
    assert frame.loc["P3", "cost_ratio"] == 1.03
    assert kb.to_frame("lessons").loc["L1", "category"] == "scope"
    with pytest.raises(ValidationError, match="'kind' must be one of"):
        kb.to_records("reviews")  # type: ignore[arg-type]
