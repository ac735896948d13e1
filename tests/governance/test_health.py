"""Tests of health_check: indicator scoring, dimension weighting, RAG and weakest dimensions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.governance import HEALTH_DIMENSIONS, HealthModel, Indicator, health_check

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
    assert r.to_frame().loc["P", "rag"] == "Green"


def test_clipping_and_direction() -> None:
    """Values beyond green score 100, beyond red 0, for both directions."""
    i_up = Indicator("a", "d", green=1, red=0)
    i_down = Indicator("b", "d", green=0, red=10)
    assert (i_up.score(2), i_up.score(-1)) == (100.0, 0.0)
    assert (i_down.score(-5), i_down.score(11), i_down.score(2.5)) == (100.0, 0.0, 75.0)


@settings(max_examples=60, deadline=None)
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
