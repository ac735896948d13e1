"""Tests of the P3M3-style maturity assessment on a worked questionnaire."""

from __future__ import annotations

import pickle
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit import governance as G
from pmokit.errors import DuplicateError, PmokitError, UnknownReferenceError, ValidationError
from pmokit.governance import (
    MATURITY_LEVELS,
    PERSPECTIVES,
    Question,
    Questionnaire,
    assess_maturity,
)
from tests._hypothesis import examples
from tests._requires import _have
from tests.governance._helpers import BAD, _any, round_trips

# answers for levels 2, 3, 4, 5 per perspective (scale 0..4, level attained at mean >= 3)
WORKED = {
    "OG": (4, 4, 3, 2),  # L2..L4 attained, L5 not -> 4
    "MC": (4, 3, 2, 4),  # L4 fails: staged, L5 does not count -> 3
    "BM": (2, 4, 4, 4),  # L2 fails -> 1
    "RM": (3, 3, 3, 3),  # every level exactly at the threshold -> 5
    "SE": (3, 2, 3, 3),  # -> 2
    "FM": (4, 4, 1, 0),  # -> 3
    "RS": (3, 3, 3, 2),  # -> 4
}
ANSWERS = {
    f"{p}{lvl}": a for p, vals in WORKED.items() for lvl, a in zip(range(2, 6), vals, strict=True)
}


def test_worked_questionnaire_levels() -> None:
    """Levels per perspective, overall (lowest) and mean level match the hand reading."""
    r = assess_maturity(ANSWERS)
    assert r.perspectives == PERSPECTIVES
    assert r.levels.tolist() == [4, 3, 1, 5, 2, 3, 4]
    assert r.overall_level == 1 and r.overall_name == "awareness"
    assert r.mean_level == pytest.approx(22 / 7)
    assert r.level_of("risk management") == 5
    np.testing.assert_allclose(r.level_scores[1], [1.0, 0.75, 0.5, 1.0])


def test_improvements_lift_weakest_first() -> None:
    """Improvements target the next level of the weakest perspectives, largest gap first."""
    r = assess_maturity(ANSWERS)
    assert [(i.question, i.target_level) for i in r.improvements] == [
        ("BM2", 2),
        ("SE3", 3),
        ("FM4", 4),
        ("MC4", 4),
        ("OG5", 5),
        ("RS5", 5),
    ]
    assert r.improvements[2].gap == pytest.approx(0.5)
    assert r.improvements[0].action.startswith("State expected benefits")


def test_just_below_threshold_fails_level() -> None:
    """A weighted mean just under 0.75 does not attain the level."""
    q = Questionnaire(
        [Question("a", "p", 2, "a", weight=3), Question("b", "p", 2, "b", weight=1)],
        scale=(0, 10),
        perspectives=("p",),
    )
    assert assess_maturity({"a": 8, "b": 6}, q).levels.tolist() == [2]  # (24+6)/40 = 0.75
    assert assess_maturity({"a": 8, "b": 5.9}, q).levels.tolist() == [1]


def test_missing_lowest_and_records() -> None:
    """missing='lowest' counts unanswered questions as the lowest answer."""
    r = assess_maturity({"OG2": 4}, missing="lowest")
    assert r.levels.tolist() == [2, 1, 1, 1, 1, 1, 1]
    rec = r.to_records()[0]
    assert rec["level_name"] == MATURITY_LEVELS[2]
    if not _have("pandas"):  # the records are checked; the frame needs pandas
        pytest.skip("pandas not installed: the frame part needs the pandas extra")
    assert r.to_frame().shape == (7, 6)


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.integers(0, 4), min_size=28, max_size=28), st.integers(0, 27))
def test_raising_an_answer_never_lowers_a_level(vals: list[int], k: int) -> None:
    """Levels are monotone in the answers and the overall level is their minimum."""
    q = Questionnaire.p3m3_style()
    ans = {qq.id: v for qq, v in zip(q.questions, vals, strict=True)}
    r1 = assess_maturity(ans, q)
    ans[q.questions[k].id] = 4
    r2 = assess_maturity(ans, q)
    assert (r2.levels >= r1.levels).all()
    assert r1.overall_level == r1.levels.min()


class TestBadInput:
    def test_answers_outside_scale(self) -> None:
        """Answers outside the scale are named, several at once."""
        bad = dict(ANSWERS, OG2=5, MC3=-1)
        with pytest.raises(ValidationError) as e:
            assess_maturity(bad)
        assert len(e.value.problems) == 2
        assert "answer to question 'OG2' must be in the scale [0, 4] (got 5)" in str(e.value)

    def test_unknown_and_unanswered_questions(self) -> None:
        """Unknown question ids and unanswered questions are reported."""
        with pytest.raises(UnknownReferenceError, match="unknown question 'XX'"):
            assess_maturity(dict(ANSWERS, XX=2))
        with pytest.raises(ValidationError, match="1 question\\(s\\) unanswered: RS5"):
            assess_maturity({k: v for k, v in ANSWERS.items() if k != "RS5"})

    def test_non_numeric_answer(self) -> None:
        """A non-numeric answer is rejected."""
        with pytest.raises(ValidationError, match="answer to question 'OG2' must be a number"):
            assess_maturity(dict(ANSWERS, OG2="yes"))

    def test_questionnaire_validation(self) -> None:
        """Duplicate ids, unknown perspectives, bad levels and scales are rejected."""
        with pytest.raises(DuplicateError, match="question id 'a'"):
            Questionnaire(
                [Question("a", "p", 2, ""), Question("a", "p", 3, "")], perspectives=("p",)
            )
        with pytest.raises(ValidationError) as e:
            Questionnaire([Question("a", "q", 6, "")], scale=(4, 0), perspectives=("p",))
        text = str(e.value)
        assert "unknown perspective 'q'" in text and "level of question 'a'" in text
        assert "highest > lowest" in text
        with pytest.raises(ValidationError, match="'missing'"):
            assess_maturity(ANSWERS, missing="zero")  # type: ignore[arg-type]




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("questions None", lambda: Questionnaire(_any(None)), r"a sequence of items"),
    ("scale int", lambda: Questionnaire([], scale=_any(5)), r"a sequence of items"),
    (
        "level_of list",
        lambda: assess_maturity({}, Questionnaire([])).level_of(_any(["x"])),
        r"'perspective' must be a string",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError (not TypeError, AttributeError, ...)."""
    with pytest.raises(ValidationError, match=message):
        call()


SMALL_Q = Questionnaire([Question("a", "risk management", 2, "t")])


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("scale length", lambda: Questionnaire([], scale=(0, 2, 4)), r"'scale' must be \(lowest,"),
    ("question object", lambda: Questionnaire(_any([5])), r"questions must be Question objects"),
    (
        "unknown perspective lookup",
        lambda: assess_maturity({"a": 4}, SMALL_Q).level_of("risk"),
        r"unknown perspective 'risk'",
    ),
    (
        "questionnaire type",
        lambda: assess_maturity({}, _any("x")),
        r"'questionnaire' must be a Questionnaire",
    ),
    (
        "missing mode",
        lambda: assess_maturity({"a": 4}, SMALL_Q, missing=_any("zero")),
        r"'missing' must be one of 'error', 'lowest' \(got 'zero'\)",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_path(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "maturity": lambda x: G.assess_maturity(x),
    "maturity_m": lambda x: G.assess_maturity({}, missing=x),
    "question": lambda x: G.Questionnaire([G.Question("q", x, 2, "t")]),
}


@pytest.mark.parametrize("name", sorted(MISUSE_CALLS))
def test_forbidden_input_raises_a_pmokit_error(name: str) -> None:
    """Every bad value either works or raises a PmokitError (a ValidationError child)."""
    escapes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in BAD:
            try:
                MISUSE_CALLS[name](value)
            except PmokitError:
                continue
            except Exception as exc:
                escapes.append(f"{value!r:.40}: {type(exc).__name__}: {exc}"[:160])
    assert not escapes, escapes


def test_duplicate_perspectives_are_rejected() -> None:
    """A repeated perspective gave a second, always-empty row at level 1."""
    with pytest.raises(ValidationError, match="perspective 'x' appears more than once"):
        Questionnaire([Question("a", "x", 2, "t")], perspectives=("x", "x"))
    q = Questionnaire([Question("a", "x", 2, "t")], perspectives=("x",))
    assert assess_maturity({"a": 4}, q).levels.tolist() == [2]


QUESTIONS = Questionnaire(
    [Question("a2", "risk management", 2, "registers kept"),
     Question("b2", "finance management", 2, "budgets")],
    perspectives=("risk management", "finance management"),
)


class TestMaturity:
    """assess_maturity and MaturityResult."""

    def test_result_is_a_mapping_by_perspective(self) -> None:
        """The result maps perspective -> record; unknown perspectives raise."""
        r = assess_maturity({"a2": 4, "b2": 1}, QUESTIONS)
        assert list(r) == ["risk management", "finance management"] and len(r) == 2
        assert r["risk management"]["level"] == r.level_of("risk management") == 2
        assert r.get("nope") is None and "nope" not in r
        with pytest.raises(UnknownReferenceError):
            r["nope"]

    def test_result_round_trips_equal(self) -> None:
        """The result (with nan level scores) pickles and deep-copies equal."""
        r = assess_maturity({"a2": 4, "b2": 1}, QUESTIONS)
        round_trips(r)
        assert not pickle.loads(pickle.dumps(r, 4)).levels.flags.writeable

    def test_empty_question_id_refused(self) -> None:
        """An empty question id was accepted."""
        with pytest.raises(ValidationError, match="question id"):
            Questionnaire([Question("", "risk management", 2, "x")],
                          perspectives=("risk management",))
