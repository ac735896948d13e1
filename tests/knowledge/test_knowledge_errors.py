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


class TestIssue14References:
    """Unknown names and ids in mapping arguments, empty ids, non-bool flags."""

    def test_unknown_criterion_is_an_unknown_reference(self) -> None:
        """A typo in a criterion is an UnknownReferenceError (still a ValidationError)."""
        from pmokit.errors import UnknownReferenceError

        with pytest.raises(UnknownReferenceError, match="'domian'") as e:
            _kb().query(domian="bank")
        assert list(e.value.unknown) == ["domian"]

    def test_unknown_weight(self) -> None:
        """weights={'nosuch': 1} was silently ignored."""
        from pmokit.errors import UnknownReferenceError

        with pytest.raises(UnknownReferenceError, match=r"'weights'.*'nosuch'"):
            _kb().similar_projects("P0", k=2, weights={"nosuch": 1.0, "tags": 2.0})

    def test_use_tags_takes_only_bools(self) -> None:
        """use_tags='no' was read as True."""
        with pytest.raises(ValidationError, match="'use_tags' must be True or False"):
            _kb().similar_projects("P0", k=2, use_tags="no")  # type: ignore[arg-type]

    def test_unknown_record_in_lessons_for(self) -> None:
        """lessons_for(records=['NOPE']) matched nothing without a word."""
        from pmokit.errors import UnknownReferenceError

        with pytest.raises(UnknownReferenceError, match="'NOPE'"):
            _kb().lessons_for(records=["NOPE"])

    @pytest.mark.parametrize("bad", ["", "   "])
    def test_blank_ids(self, bad: str) -> None:
        """Blank record, lesson and review ids are refused (blank ones were accepted)."""
        from pmokit.knowledge import PostProjectReview

        with pytest.raises(ValidationError, match="'id' of a project record"):
            ProjectRecord(bad)
        with pytest.raises(ValidationError, match="'id' of a lesson"):
            Lesson(bad, "scope")
        with pytest.raises(ValidationError, match="'record_id' of a review"):
            PostProjectReview(bad)

    def test_tags_must_be_strings(self) -> None:
        """tags=[None] became the tag 'None'."""
        with pytest.raises(ValidationError, match="non-empty strings"):
            ProjectRecord("P", tags=[None])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="non-empty strings"):
            Lesson("L", "c", records=["P1", ""])

    def test_infinite_attribute(self) -> None:
        """An infinite attribute made similarity distances NaN."""
        with pytest.raises(ValidationError, match="attribute 'x' of project 'P' must be finite"):
            ProjectRecord("P", attributes={"x": float("inf")})

    def test_positive_takes_only_bools(self) -> None:
        """Lesson(positive='no') was stored as a truthy string."""
        with pytest.raises(ValidationError, match="must be True or False"):
            Lesson("L", "c", positive="no")  # type: ignore[arg-type]
