"""Tests of pmokit.knowledge._base: KnowledgeBase queries, statistics, similarity."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.estimation import ReferenceClass
from pmokit.knowledge import KnowledgeBase, Lesson, PostProjectReview, ProjectRecord
from tests._requires import requires_pandas


def _kb() -> KnowledgeBase:
    recs = [
        ProjectRecord(
            "A",
            project_type="IT",
            domain="bank",
            methodology="agile",
            size={"fp": 100},
            team_size=5,
            planned_cost=100,
            actual_cost=120,
            planned_effort=1000,
            actual_effort=1100,
            tags=["crm", "cloud"],
        ),
        ProjectRecord(
            "B",
            project_type="IT",
            domain="bank",
            methodology="waterfall",
            size={"fp": 400},
            team_size=12,
            planned_cost=400,
            actual_cost=600,
            planned_effort=4000,
            actual_effort=5200,
            tags=["core"],
        ),
        ProjectRecord(
            "C",
            project_type="IT",
            domain="retail",
            methodology="agile",
            size={"fp": 120},
            team_size=6,
            planned_cost=110,
            actual_cost=105,
            tags=["crm"],
        ),
        ProjectRecord(
            "D",
            project_type="build",
            domain="retail",
            methodology="waterfall",
            planned_cost=1000,
            actual_cost=1300,
            attributes={"site": "brownfield"},
        ),
        ProjectRecord(
            "E",
            project_type="IT",
            domain="bank",
            methodology="agile",
            size={"fp": 90},
            team_size=4,
            planned_cost=90,
            actual_cost=99,
            tags=["crm", "cloud"],
        ),
        ProjectRecord(
            "F",
            project_type="IT",
            domain="gov",
            methodology="agile",
            size={"fp": 2000},
            team_size=30,
        ),
    ]
    lessons = [
        Lesson("L1", "requirements", "scope creep", impact=4, tags=["scope"], records=["B"]),
        Lesson(
            "L2", "requirements", "late sign-off", impact=2, tags=["scope", "gov"], records=["A"]
        ),
        Lesson("L3", "supplier", "vendor late", impact=5, tags=["vendor"], records=["B", "D"]),
    ]
    return KnowledgeBase(recs, lessons)


class TestContent:
    def test_add_and_lookup(self) -> None:
        """Records keep their order; record() finds by id."""
        kb = _kb()
        assert len(kb) == 6 and "C" in kb and "Z" not in kb
        assert [r.id for r in kb.records] == list("ABCDEF")
        assert kb.record("D").project_type == "build"

    def test_review_lessons_are_linked(self) -> None:
        """A review's lessons are added and linked to the reviewed record."""
        kb = _kb()
        kb.add(PostProjectReview("C", lessons=[Lesson("L4", "estimation", impact=1)]))
        assert kb.lessons_for(records=["C"])[0].id == "L4"
        assert len(kb.reviews) == 1

    def test_duplicates_rejected_all_or_nothing(self) -> None:
        """Duplicate ids raise DuplicateError and nothing of the batch is added."""
        kb = _kb()
        with pytest.raises(DuplicateError) as info:
            kb.add(ProjectRecord("G"), ProjectRecord("A"), Lesson("L1", "x"))
        assert set(info.value.duplicates) == {"A", "L1"}
        assert "G" not in kb

    def test_unknown_links(self) -> None:
        """Lessons and reviews on unknown records are listed."""
        kb = _kb()
        with pytest.raises(UnknownReferenceError) as info:
            kb.add(Lesson("L9", "x", records=["Q"]), PostProjectReview("R"))
        assert info.value.unknown == ("Q", "R")

    def test_unknown_record_id(self) -> None:
        """record() of an unknown id."""
        with pytest.raises(UnknownReferenceError, match="no project record with id 'Z'"):
            _kb().record("Z")

    def test_wrong_item_type(self) -> None:
        """Other objects cannot be added."""
        with pytest.raises(ValidationError, match="must be ProjectRecord, Lesson"):
            _kb().add("A")  # type: ignore[arg-type]


class TestQuery:
    def test_equality_membership_callable_tags(self) -> None:
        """All kinds of criteria combine with AND."""
        kb = _kb()
        assert [r.id for r in kb.query(domain="bank")] == ["A", "B", "E"]
        assert [r.id for r in kb.query(domain={"retail", "gov"})] == ["C", "D", "F"]
        assert [r.id for r in kb.query(fp=lambda v: v is not None and v >= 120)] == ["B", "C", "F"]
        assert [r.id for r in kb.query(tags=["crm", "cloud"])] == ["A", "E"]
        assert [r.id for r in kb.query(any_tags=["core", "cloud"])] == ["A", "B", "E"]
        assert [r.id for r in kb.query(lambda r: r.id > "D", methodology="agile")] == ["E", "F"]
        assert [r.id for r in kb.query(site="brownfield")] == ["D"]

    def test_unknown_criterion(self) -> None:
        """A typo in a criterion is reported with the known names."""
        with pytest.raises(ValidationError, match="'domian' is not a field"):
            _kb().query(domian="bank")


class TestStatistics:
    def test_overrun_by_type(self) -> None:
        """Ratios grouped, skipping records without both values."""
        s = _kb().overrun_statistics("cost", by="project_type")
        assert s.groups == ("IT", "build") and s.n == (4, 1) and s.n_skipped == 1
        it = [1.2, 1.5, 105 / 110, 1.1]
        assert_allclose(s.mean_ratio[0], np.mean(it))
        assert_allclose(s.median_ratio[0], np.median(it))
        assert_allclose(s.p80_ratio[0], np.quantile(it, 0.8))
        assert s.share_over[0] == 0.75

    @requires_pandas
    def test_overrun_to_frame(self) -> None:
        """The statistics as a table indexed by group."""
        s = _kb().overrun_statistics("cost", by="project_type")
        assert s.to_frame().loc["build", "n"] == 1

    def test_lesson_themes(self) -> None:
        """By category and by tag, most frequent then most impact first."""
        kb = _kb()
        t = kb.lesson_themes()
        assert t.themes == ("requirements", "supplier")
        assert t.count == (2, 1) and t.total_impact == (6.0, 5.0) and t.projects == (2, 2)
        tags = kb.lesson_themes("tag")
        assert tags.themes[0] == "scope" and tags.count[0] == 2
        assert tags.themes[1:] == ("vendor", "gov")  # tie on count: impact 5 before 2

    def test_bad_by(self) -> None:
        """Unknown grouping of lessons."""
        with pytest.raises(ValidationError, match="'by' must be one of"):
            _kb().lesson_themes("owner")  # type: ignore[arg-type]


class TestSimilarProjects:
    def test_explained_neighbours(self) -> None:
        """E is most like A: same type, domain, method, tags; close size and team."""
        kb = _kb()
        sim = kb.similar_projects("A", k=3)
        assert sim.ids[0] == "E"
        best = sim.matches[0]
        assert {"project_type", "domain", "methodology", "tags"} <= set(best.matched)
        assert best.similarity > sim.matches[1].similarity
        assert "same" in best.explanation
        contrib = dict(best.contributions)
        # log-scaled size distance: |log1p(100) - log1p(90)| / (log1p(2000) - log1p(90))
        span = np.log1p(2000) - np.log1p(90)
        assert_allclose(contrib["fp"], (np.log1p(100) - np.log1p(90)) / span)

    def test_hand_computed_gower_distance(self) -> None:
        """Distance is the mean of per-feature distances over features present on both."""
        kb = _kb()
        sim = kb.similar_projects("A", k=6, numeric=["team_size"], use_tags=False)
        by_id = {m.record_id: m for m in sim.matches}
        # D: type differs, domain differs, methodology differs, team_size missing -> 1.0
        assert_allclose(by_id["D"].distance, 1.0)
        # C: domain differs only; team 6 vs 5 over range 30 - 4 = 26
        assert_allclose(by_id["C"].distance, (0 + 1 + 0 + 1 / 26) / 4)

    def test_weights(self) -> None:
        """Weighting domain heavily puts same-domain projects first."""
        sim = _kb().similar_projects("C", k=2, weights={"domain": 10.0})
        assert sim.ids[0] == "D"

    def test_new_target_not_in_base(self) -> None:
        """A new record can be the target."""
        new = ProjectRecord("NEW", project_type="IT", domain="bank", size={"fp": 91})
        assert _kb().similar_projects(new, k=1).ids == ("E",)

    def test_bad_k_and_weight(self) -> None:
        """k < 1 and a negative weight reported together."""
        with pytest.raises(ValidationError) as info:
            _kb().similar_projects("A", k=0, weights={"fp": -1})
        assert len(info.value.problems) == 2

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.floats(1, 1e5), min_size=2, max_size=15), st.integers(1, 5))
    def test_similarities_sorted_and_bounded(self, sizes: list[float], k: int) -> None:
        """Similarities are in [0, 1] and non-increasing."""
        kb = KnowledgeBase(
            ProjectRecord(f"P{i}", project_type="IT" if i % 2 else "x", size={"fp": s})
            for i, s in enumerate(sizes)
        )
        sims = [m.similarity for m in kb.similar_projects("P0", k=k).matches]
        assert all(0.0 <= s <= 1.0 + 1e-12 for s in sims)
        assert all(a >= b - 1e-12 for a, b in itertools.pairwise(sims))


class TestBridges:
    def test_reference_class_from_history(self) -> None:
        """Ratios of matching records with both values form the class."""
        kb = _kb()
        rc = kb.reference_class("cost", project_type="IT", min_size=4)
        assert isinstance(rc, ReferenceClass)
        assert_allclose(sorted(rc.ratios), sorted([1.2, 1.5, 105 / 110, 1.1]))
        assert "project_type='IT'" in rc.name and "4 of 5" in rc.source

    def test_reference_class_too_small(self) -> None:
        """Fewer ratios than the minimum is an error naming the class."""
        with pytest.raises(ValidationError, match=r"at least 5 ratios \(got 4\)"):
            _kb().reference_class("cost", project_type="IT")

    def test_feature_matrix(self) -> None:
        """Records with every feature and the target, others skipped."""
        fm = _kb().feature_matrix(["fp", "team_size"], target="actual_effort")
        assert fm.ids == ("A", "B")
        assert fm.x.tolist() == [[100.0, 5.0], [400.0, 12.0]]
        assert fm.y.tolist() == [1100.0, 5200.0]
        assert fm.skipped == ("C", "D", "E", "F")

    def test_feature_matrix_needs_features(self) -> None:
        """At least one feature."""
        with pytest.raises(ValidationError, match="at least one feature"):
            _kb().feature_matrix([])
