"""Tests of health_check: indicator scoring, dimension weighting, RAG and weakest dimensions."""

from __future__ import annotations

import math
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
    HEALTH_DIMENSIONS,
    HealthModel,
    Indicator,
    health_check,
)
from tests._hypothesis import examples
from tests._requires import _have
from tests.governance._helpers import BAD, _any, round_trips

MODEL = HealthModel(
    [
        Indicator("spi", "schedule", green=1.0, red=0.8),
        Indicator("slip", "schedule", green=0, red=20, weight=3),
        Indicator("cpi", "cost", green=1.0, red=0.8),
        Indicator("sat", "stakeholders", green=4.5, red=2.5),
    ],
    {"schedule": 2.0, "cost": 1.0, "stakeholders": 1.0},
)


def test_hand_computed_scores() -> None:
    """spi .9 -> 50, slip 5 -> 75 (weight 3): schedule 68.75; cpi 1.1 -> 100; sat 3 -> 25."""
    r = health_check({"P": {"spi": 0.9, "slip": 5, "cpi": 1.1, "sat": 3.0}}, MODEL)
    np.testing.assert_allclose(r.dimension_scores[0], [68.75, 100.0, 25.0])
    assert r.scores[0] == pytest.approx((2 * 68.75 + 100 + 25) / 4)
    assert r.rag == ("Amber",)  # 65.625 is in [50, 75)
    assert r.weakest[0] == ("stakeholders", "schedule")


def test_rag_boundaries() -> None:
    """Score exactly 75 is Green, 50 is Amber, just below 50 is Red, no data is Grey."""
    m = HealthModel([Indicator("x", "d", green=100, red=0)])
    r = health_check({"g": {"x": 75}, "a": {"x": 50}, "r": {"x": 49.99}, "n": {}}, m)
    assert r.rag == ("Green", "Amber", "Red", "Grey")
    assert math.isnan(r.scores[3]) and r.weakest[3] == ()


def test_missing_indicators_renormalise() -> None:
    """Only the indicators given count; a dimension without data is left out."""
    r = health_check({"P": {"cpi": 0.9}}, MODEL)
    assert r.scores[0] == pytest.approx(50.0)
    assert math.isnan(r.dimension_scores[0, 0])
    assert r.weakest[0] == ("cost",)


def test_standard_model_worked_example() -> None:
    """Standard model: schedule 50 (weight 2) and cost 100 (weight 2) give 75, Green."""
    r = health_check({"P": {"spi": 0.9, "milestone_slip_days": 10, "cpi": 1.0}})
    assert r.dimensions == HEALTH_DIMENSIONS
    assert r.scores[0] == pytest.approx(75.0)
    assert r["P"]["schedule"] == pytest.approx(50.0)
    if not _have("pandas"):  # the records are checked; the frame needs pandas
        pytest.skip("pandas not installed: the frame part needs the pandas extra")
    assert r.to_frame().loc["P", "rag"] == "Green"


def test_clipping_and_direction() -> None:
    """Values beyond green score 100, beyond red 0, for both directions."""
    i_up = Indicator("a", "d", green=1, red=0)
    i_down = Indicator("b", "d", green=0, red=10)
    assert (i_up.score(2), i_up.score(-1)) == (100.0, 0.0)
    assert (i_down.score(-5), i_down.score(11), i_down.score(2.5)) == (100.0, 0.0, 75.0)


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.floats(0.5, 1.5), min_size=3, max_size=3))
def test_scores_in_range_and_monotone(vals: list[float]) -> None:
    """Scores stay in [0, 100]; raising spi never lowers the overall score."""
    data = {"P": {"spi": vals[0], "cpi": vals[1]}, "Q": {"spi": vals[0] + 0.05, "cpi": vals[1]}}
    r = health_check(data, MODEL)
    assert ((r.scores >= 0) & (r.scores <= 100)).all()
    assert r.scores[1] >= r.scores[0] - 1e-12


class TestBadInput:
    def test_unknown_indicator(self) -> None:
        """Unknown indicator names are listed with the project."""
        msg = "project 'P' gives unknown indicator 'spii'"
        with pytest.raises(UnknownReferenceError, match=msg):
            health_check({"P": {"spii": 1.0}}, MODEL)

    def test_non_finite_value(self) -> None:
        """nan values are rejected, naming indicator and project."""
        with pytest.raises(ValidationError, match="indicator 'spi' of project 'P'"):
            health_check({"P": {"spi": float("nan")}}, MODEL)

    def test_model_validation(self) -> None:
        """Unknown dimension, green == red, bad weights and cut-offs are all reported."""
        with pytest.raises(ValidationError) as e:
            HealthModel(
                [Indicator("a", "nowhere", 1, 1, weight=0)],
                {"d": 1.0},
                green_from=40,
                amber_from=60,
            )
        text = str(e.value)
        assert "unknown dimension 'nowhere'" in text and "green != red" in text
        assert "weight of indicator 'a'" in text
        with pytest.raises(ValidationError, match="'amber_from' must be <= 'green_from'"):
            HealthModel([Indicator("a", "d", 1, 0)], green_from=40, amber_from=60)
        with pytest.raises(DuplicateError, match="indicator 'a'"):
            HealthModel([Indicator("a", "d", 1, 0), Indicator("a", "d", 1, 0)])

    def test_bad_arguments(self) -> None:
        """data, model and n_weakest have documented types."""
        with pytest.raises(ValidationError, match="'data' must map"):
            health_check([1], MODEL)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'n_weakest'"):
            health_check({}, MODEL, n_weakest=-1)
        with pytest.raises(UnknownReferenceError, match="no project 'Z'"):
            health_check({"P": {"spi": 1.0}}, MODEL)["Z"]




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("model of strings", lambda: HealthModel(_any(["x"])), r"must be Indicator objects"),
    ("weights text", lambda: HealthModel([], _any("ab")), r"a mapping was expected"),
    (
        "score green == red",
        lambda: Indicator("s", "schedule", 1.0, 1.0).score(1.0),
        r"must have green != red",
    ),
    (
        "score text",
        lambda: Indicator("s", "schedule", 1.0, 0.0).score(_any("x")),
        r"'value of indicator 's'' must be a real number",
    ),
    (
        "report lookup list",
        lambda: health_check({"P": {"spi": 1.0}})[_any(["P"])],
        r"'project' must be a project id",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError (not TypeError, AttributeError, ...)."""
    with pytest.raises(ValidationError, match=message):
        call()


ERROR_MODEL = HealthModel([Indicator("spi", "schedule", 1.0, 0.8)])


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("model type", lambda: health_check({}, _any("x")), r"'model' must be a HealthModel"),
    (
        "data row",
        lambda: health_check({"P": _any(5)}, ERROR_MODEL),
        r"data of project 'P' must be a mapping of indicator values \(got 5\)",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_path(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "health": lambda x: G.health_check(x),
    "health2": lambda x: G.health_check({"P": x}),
    "health_nw": lambda x: G.health_check({"P": {"spi": 1}}, n_weakest=x),
    "indicator": lambda x: G.Indicator("a","schedule",1,0.8).score(x),
    "hmodel": lambda x: G.HealthModel(x),
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


ISSUE14_MODEL = HealthModel(
    [Indicator("spi", "schedule", 1.0, 0.8), Indicator("cpi", "cost", 1.0, 0.8)]
)


class TestHealth:
    """health_check and HealthReport."""

    def test_report_is_a_mapping_by_project(self) -> None:
        """`in`, iteration, `len`, `.get`; an unknown project is an UnknownReferenceError."""
        r = health_check({"P1": {"spi": 0.9}, "P2": {"cpi": 0.85}}, ISSUE14_MODEL)
        assert list(r) == ["P1", "P2"] and len(r) == 2 and "P1" in r and "P9" not in r
        assert r.get("P9") is None and r.get("P1")["score"] == r["P1"]["score"]
        with pytest.raises(UnknownReferenceError):
            r["P9"]

    def test_report_round_trips_equal_read_only(self) -> None:
        """A report with a Grey (nan) project pickles equal; its arrays stay read-only."""
        r = health_check({"P1": {"spi": 0.9}, "P2": {}}, ISSUE14_MODEL)
        round_trips(r)
        back = pickle.loads(pickle.dumps(r, 4))
        assert not back.scores.flags.writeable and not back.dimension_scores.flags.writeable
        round_trips(ISSUE14_MODEL)

    def test_empty_ids_refused(self) -> None:
        """An empty project id or indicator name is refused by name."""
        with pytest.raises(ValidationError, match="project id in 'data'"):
            health_check({"": {"spi": 0.9}}, ISSUE14_MODEL)
        with pytest.raises(ValidationError, match="name of indicator"):
            HealthModel([Indicator("", "schedule", 1.0, 0.8)])

    def test_default_weights_read_only(self) -> None:
        """The default dimension weights cannot be edited after the model is built."""
        with pytest.raises(TypeError):
            ISSUE14_MODEL.dimension_weights["cost"] = 5.0  # type: ignore[index]
