"""Tests of pmokit.knowledge._base: KnowledgeBase queries, statistics, similarity."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.estimation import ReferenceClass
from pmokit.knowledge import (
    KnowledgeBase,
    Lesson,
    PostProjectReview,
    ProjectRecord,
)
from tests._hypothesis import examples
from tests._requires import requires_pandas
from tests.knowledge._helpers import _any


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

    @settings(max_examples=examples(25), deadline=None)
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




def _EDGE_kb() -> KnowledgeBase:
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


EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("kb None", lambda: KnowledgeBase(_any(None)), r"'records' must be a sequence"),
    ("record list id", lambda: _EDGE_kb().record(_any(["P1"])),
     r"'record_id' must be a non-empty string or an integer id \(got \['P1'\]"),
    (
        "stats records text",
        lambda: _EDGE_kb().overrun_statistics(records=_any("ab")),
        r"'records' must be a sequence",
    ),
    (
        "similar weights list",
        lambda: _EDGE_kb().similar_projects("P1", weights=_any([1])),
        r"'weights' must map feature names",
    ),
    (
        "similar candidates ids",
        lambda: _EDGE_kb().similar_projects("P1", candidates=_any(["P2"])),
        r"'candidates' must hold ProjectRecord objects",
    ),
    (
        "similar k 2.5",
        lambda: _EDGE_kb().similar_projects("P1", k=_any(2.5)),
        r"'k' must be a whole",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()


def test_overrun_statistics_by_typo_is_named() -> None:
    """by='projecttype' used to put all 8 records in one group called None."""
    with pytest.raises(ValidationError, match=r"'by' 'projecttype' is not a field"):
        _EDGE_kb().overrun_statistics("cost", by="projecttype")
    assert _EDGE_kb().overrun_statistics("cost", by="project_type").groups == ("IT", "build")


def test_feature_matrix_typos_are_named() -> None:
    """A misspelt feature or target used to give an empty matrix with every record skipped."""
    kb = _EDGE_kb()
    with pytest.raises(ValidationError, match=r"feature 'fpp' is not a field"):
        kb.feature_matrix(["fpp"])
    with pytest.raises(ValidationError, match=r"target 'effort' is not a field"):
        kb.feature_matrix(["fp"], target="effort")
    with pytest.raises(ValidationError, match=r"got the string 'fp'; use \['fp'\]"):
        kb.feature_matrix("fp")
    assert kb.feature_matrix(["fp"]).x.shape == (8, 1)


def test_similar_projects_feature_typos_are_named() -> None:
    """A misspelt categorical feature used to be dropped silently; a string split in chars."""
    kb = _EDGE_kb()
    with pytest.raises(ValidationError, match=r"feature 'projecttype' is not a field"):
        kb.similar_projects("P1", categorical=["projecttype"])
    with pytest.raises(ValidationError, match=r"'categorical' must be a sequence"):
        kb.similar_projects("P1", categorical="project_type")
    assert "project_type" in kb.similar_projects("P1", categorical=["project_type"]).features


def test_zero_actual_is_named_by_record_in_a_reference_class() -> None:
    """A realised benefit of 0 was reported as 'index 0 got 0.0' without the record."""
    with pytest.raises(ValidationError, match=r"record 'P0' has an actual benefits of 0"):
        _EDGE_kb().reference_class("benefits")


def test_feature_matrix_records_and_frame() -> None:
    """FeatureMatrix had no to_records/to_frame (house rule for results)."""
    fm = _EDGE_kb().feature_matrix(["fp"])
    rows = fm.to_records()
    assert rows[0] == {"id": "P0", "fp": 10.0, "target": 100.0}
    assert len(rows) == 8


@requires_pandas
def test_feature_matrix_frame() -> None:
    """The feature matrix as a table indexed by id."""
    frame = _EDGE_kb().feature_matrix(["fp"]).to_frame()
    assert frame.shape == (8, 2) and frame.loc["P7", "fp"] == 80.0


def _ERRORS_kb() -> KnowledgeBase:
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
        _ERRORS_kb().overrun_statistics("quality")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="'measure' must be one of"):
        _ERRORS_kb().reference_class("quality")  # type: ignore[arg-type]


def test_bad_similarity_target() -> None:
    """The target must be a record or an id (an integer is an id since tidy4: 42 is an
    unknown record, 4.2 is no id)."""
    with pytest.raises(ValidationError, match="'record' must be a ProjectRecord"):
        _ERRORS_kb().similar_projects(4.2)  # type: ignore[arg-type]
    with pytest.raises(UnknownReferenceError, match="no project record with id 42"):
        _ERRORS_kb().similar_projects(42)


@requires_pandas
def test_results_to_frame() -> None:
    """Statistics, themes and matches convert to pandas frames."""
    kb = _ERRORS_kb()
    assert kb.overrun_statistics().to_frame().loc["IT", "n"] == 6
    assert kb.lesson_themes("tag").to_frame().loc["x", "count"] == 1
    frame = kb.similar_projects("P0", k=2).to_frame()
    assert list(frame.columns) == ["similarity", "distance", "explanation"]


def test_reference_class_by_tags() -> None:
    """A reference class of the records carrying a tag, named after it."""
    kb = _ERRORS_kb()
    assert kb.reference_class("cost", tags=["a"], min_size=3).size == 3
    assert "tags=['a']" in kb.reference_class("cost", tags=["a"], min_size=3).name


def test_knowledge_base_bad_kind() -> None:
    """A kind other than records or lessons is rejected."""
    with pytest.raises(ValidationError, match="'kind' must be one of"):
        _ERRORS_kb().to_records("reviews")  # type: ignore[arg-type]


@requires_pandas
def test_knowledge_base_to_frame() -> None:
    """Every record (with ratios) or lesson as a flat table; bad kind rejected."""
    kb = _ERRORS_kb()
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
            _ERRORS_kb().query(domian="bank")
        assert list(e.value.unknown) == ["domian"]

    def test_unknown_weight(self) -> None:
        """weights={'nosuch': 1} was silently ignored."""
        from pmokit.errors import UnknownReferenceError

        with pytest.raises(UnknownReferenceError, match=r"'weights'.*'nosuch'"):
            _ERRORS_kb().similar_projects("P0", k=2, weights={"nosuch": 1.0, "tags": 2.0})

    def test_use_tags_takes_only_bools(self) -> None:
        """use_tags='no' was read as True."""
        with pytest.raises(ValidationError, match="'use_tags' must be True or False"):
            _ERRORS_kb().similar_projects("P0", k=2, use_tags="no")  # type: ignore[arg-type]

    def test_unknown_record_in_lessons_for(self) -> None:
        """lessons_for(records=['NOPE']) matched nothing without a word."""
        from pmokit.errors import UnknownReferenceError

        with pytest.raises(UnknownReferenceError, match="'NOPE'"):
            _ERRORS_kb().lessons_for(records=["NOPE"])

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
        with pytest.raises(ValidationError, match="record ids must be a non-empty string or an "
                                                  "integer id"):
            Lesson("L", "c", records=["P1", ""])

    def test_infinite_attribute(self) -> None:
        """An infinite attribute made similarity distances NaN."""
        with pytest.raises(ValidationError, match="attribute 'x' of project 'P' must be finite"):
            ProjectRecord("P", attributes={"x": float("inf")})

    def test_positive_takes_only_bools(self) -> None:
        """Lesson(positive='no') was stored as a truthy string."""
        with pytest.raises(ValidationError, match="must be True or False"):
            Lesson("L", "c", positive="no")  # type: ignore[arg-type]


class TestIntegerIds:
    """Record and lesson ids follow the one id rule of every pmokit domain (check_id):
    integers (Python or numpy) are ids, matched by label; None, blank strings, floats and
    bools are refused. Records, lessons and reviews refused integer ids before."""

    @staticmethod
    def _kb() -> KnowledgeBase:
        recs = [ProjectRecord(101, project_type="IT", planned_cost=100.0, actual_cost=120.0,
                              size={"fp": 10}, actual_effort=50.0),
                ProjectRecord(np.int64(102), project_type="IT", planned_cost=100.0,
                              actual_cost=150.0, size={"fp": 20}, actual_effort=90.0),
                ProjectRecord("C", project_type="IT", planned_cost=100.0, actual_cost=90.0)]
        review = PostProjectReview(102, lessons=[Lesson(8, "supplier")])
        return KnowledgeBase(recs, [Lesson(7, "scope", records=101)], [review])

    def test_integer_ids_matched_by_label(self) -> None:
        """kb.record, `in`, lessons_for, similar_projects and feature_matrix take the int
        ids; 102 and np.int64(102) are the same id."""
        kb = self._kb()
        assert kb.record(np.int64(101)).ratio("cost") == 1.2
        assert kb.record(102).ratio("cost") == 1.5 and 102 in kb
        assert [x.id for x in kb.lessons_for(records=[101])] == [7]
        assert [x.id for x in kb.lessons_for(records=102)] == [8]  # linked by the review
        assert kb.lessons[1].records == (102,)
        sim = kb.similar_projects(101, k=2)
        assert sim.target_id == 101 and set(sim.ids) == {102, "C"}
        fm = kb.feature_matrix(["fp"])
        assert fm.ids == (101, 102) and fm.skipped == ("C",)
        assert kb.to_records("lessons")[0]["records"] == "101"
        assert ProjectRecord.from_records([{"id": 5}])[0].id == 5

    def test_bad_ids_refused_by_the_id_rule(self) -> None:
        """Floats, bools, None and blank strings are no ids; an int and its numpy twin are
        the same id, so a second one is a duplicate."""
        for bad in (1.5, True, None, " "):
            with pytest.raises(ValidationError, match="'id' of a project record must be a "
                                                      "non-empty string or an integer id"):
                ProjectRecord(bad)  # type: ignore[arg-type]
            with pytest.raises(ValidationError, match="'id' of a lesson must be"):
                Lesson(bad, "c")  # type: ignore[arg-type]
            with pytest.raises(ValidationError, match="'record_id' of a review must be"):
                PostProjectReview(bad)  # type: ignore[arg-type]
            with pytest.raises(ValidationError, match="'record_id' must be"):
                self._kb().record(bad)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"record ids must be.*\(got 2\.0"):
            Lesson("L", "c", records=[101, 2.0])
        with pytest.raises(DuplicateError, match=r"id np\.int64\(101\) is used more than once"):
            self._kb().add(ProjectRecord(np.int64(101)))
        with pytest.raises(UnknownReferenceError, match="refers to unknown record 103"):
            self._kb().add(Lesson(9, "c", records=103))
