"""Tests of pmokit.knowledge._records: ProjectRecord, Lesson, PostProjectReview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from pmokit.errors import ValidationError
from pmokit.knowledge import (
    Baseline,
    Lesson,
    PostProjectReview,
    ProjectRecord,
)
from tests.knowledge._helpers import _any


class TestProjectRecord:
    def test_ratios(self) -> None:
        """actual / planned per measure, None when unknown."""
        r = ProjectRecord(
            "P1",
            planned_cost=200.0,
            actual_cost=250.0,
            planned_duration=100,
            actual_duration=90,
            planned_benefits=1000,
            realised_benefits=600,
        )
        assert r.ratio("cost") == 1.25
        assert r.ratio("duration") == 0.9
        assert r.ratio("benefits") == 0.6
        assert r.ratio("effort") is None

    def test_value_lookup_order(self) -> None:
        """Fields, then attributes, then size measures; None when absent."""
        r = ProjectRecord(
            "P1", domain="bank", size={"fp": 120}, attributes={"client": "retail", "fp": 1}
        )
        assert r.value("domain") == "bank"
        assert r.value("client") == "retail"
        assert r.value("fp") == 1  # attribute shadows size measure
        assert r.value("kloc") is None

    def test_read_only_mappings_and_tags(self) -> None:
        """Size and attributes are read-only; tags are de-duplicated tuples."""
        r = ProjectRecord("P1", size={"fp": 1}, tags=["a", "b", "a"])
        assert r.tags == ("a", "b")
        with pytest.raises(TypeError):
            r.size["fp"] = 2  # type: ignore[index]
        assert ProjectRecord("P2", tags="solo").tags == ("solo",)

    def test_rebaselines_and_records(self) -> None:
        """Re-baselines count baselines after the original; to_records flattens."""
        r = ProjectRecord(
            "P1",
            planned_cost=10.0,
            actual_cost=12.0,
            size={"fp": 5},
            attributes={"risk": "high"},
            baselines=[Baseline("original", cost=10.0), Baseline("rb1", cost=11.0)],
            tags=["x"],
        )
        assert r.rebaselines == 1
        (row,) = r.to_records()
        assert row["size_fp"] == 5 and row["attr_risk"] == "high"
        assert row["cost_ratio"] == 1.2 and row["tags"] == "x"

    def test_every_bad_field_reported_together(self) -> None:
        """Negative size, zero planned cost, NaN actual, finish before start."""
        with pytest.raises(ValidationError) as info:
            ProjectRecord(
                "P9",
                size={"fp": -5},
                planned_cost=0.0,
                actual_effort=float("nan"),
                team_size=-1,
                start=dt.date(2024, 5, 1),
                finish=dt.date(2024, 4, 1),
            )
        msg = str(info.value)
        assert len(info.value.problems) == 5
        assert "size 'fp' of project 'P9'' must be >= 0.0 (got -5)" in msg
        assert "planned_cost of project 'P9'' must be > 0.0" in msg
        assert "actual_effort of project 'P9'' must be a finite number" in msg
        assert "'finish' of project 'P9' must be on or after 'start'" in msg

    def test_empty_id(self) -> None:
        """A record needs an id."""
        with pytest.raises(ValidationError, match="'id' of a project record"):
            ProjectRecord("")

    def test_bad_attribute_value(self) -> None:
        """Attribute values must be scalars and not NaN."""
        with pytest.raises(ValidationError) as info:
            ProjectRecord("P1", attributes={"a": [1, 2], "b": float("nan")})
        assert len(info.value.problems) == 2

    def test_bad_measure(self) -> None:
        """Unknown measure names are listed."""
        with pytest.raises(ValidationError, match="'measure' must be one of 'cost'"):
            ProjectRecord("P1").ratio("quality")  # type: ignore[arg-type]

    def test_bad_date_type(self) -> None:
        """Dates must be datetime.date."""
        with pytest.raises(ValidationError, match="'start' of project 'P1' must be a datetime"):
            ProjectRecord("P1", start="2024-01-01")  # type: ignore[arg-type]


class TestLessonAndReview:
    def test_lesson_fields(self) -> None:
        """Impact converted to float; tags and records to tuples."""
        lesson = Lesson("L1", "scope", impact=3, tags=["a"], records=["P1"])
        assert lesson.impact == 3.0 and lesson.records == ("P1",)
        assert lesson.to_records()[0]["records"] == "P1"

    def test_lesson_bad_impact_and_category(self) -> None:
        """Negative impact and empty category together."""
        with pytest.raises(ValidationError) as info:
            Lesson("L1", "", impact=-1)
        assert len(info.value.problems) == 2

    def test_review_needs_lessons(self) -> None:
        """Reviews hold Lesson objects."""
        with pytest.raises(ValidationError, match="must hold Lesson objects"):
            PostProjectReview("P1", lessons=["not a lesson"])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'record_id' of a review"):
            PostProjectReview("")




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("tags int", lambda: ProjectRecord("a", tags=_any(5)), r"tags must be a string or a seq"),
    ("baselines int", lambda: ProjectRecord("a", baselines=_any(5)), r"a sequence of items"),
    ("lesson records float", lambda: Lesson("L", "c", records=_any(5.5)),
     r"record ids must be a non-empty string or an integer id \(got 5\.5"),
    ("review lessons int", lambda: PostProjectReview("P", lessons=_any(5)), r"sequence of items"),
    ("review date text", lambda: PostProjectReview("P", date=_any("x")), r"'date' of the review"),
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
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()


def test_baseline_is_validated() -> None:
    """Baselines were not validated at all (negative cost, text date accepted)."""
    with pytest.raises(ValidationError) as info:
        Baseline("rb1", date=_any("2026-01-01"), cost=-1.0)
    assert len(info.value.problems) == 2
    assert Baseline("original", dt.date(2026, 1, 1), cost=10.0).cost == 10.0


def test_non_string_field() -> None:
    """Categorical fields must be strings."""
    with pytest.raises(ValidationError, match="'domain' of project 'P1' must be a string"):
        ProjectRecord("P1", domain=3)  # type: ignore[arg-type]


def test_size_must_be_a_mapping() -> None:
    """Sizes are a mapping of measure to number."""
    with pytest.raises(ValidationError, match="'size' must be a mapping"):
        ProjectRecord("P1", size=[1, 2])  # type: ignore[arg-type]
