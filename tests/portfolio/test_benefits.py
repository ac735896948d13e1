"""Tests of benefits realisation tracking."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pmokit.errors import DuplicateError, ValidationError
from pmokit.portfolio import (
    BenefitLine,
    track_benefits,
)


class TestTrackBenefits:
    def test_ratio_forecast(self) -> None:
        """Ratio method: 14 of 20 realised (0.7); remaining 20 x 0.7 -> forecast 28, at risk 12."""
        rep = track_benefits([BenefitLine("B1", [10, 10, 10, 10], [8, 6])], as_of=2)
        assert rep.realisation_ratio[0] == pytest.approx(0.7)
        assert rep.forecast[0] == pytest.approx(28.0) and rep.at_risk[0] == pytest.approx(12.0)
        assert rep.status == ("at risk",)

    def test_plan_forecast_and_totals(self) -> None:
        """Plan method keeps the remaining plan; portfolio ratio pools the lines."""
        lines = [
            BenefitLine("B1", [10, 10, 10], [8, 6, 9]),
            BenefitLine("B2", [0, 5, 5], [0, 6]),
            BenefitLine("B3", [0, 0, 9], [0, 0]),
        ]
        rep = track_benefits(lines, as_of=2, method="plan")
        assert_allclose(rep.planned_to_date, [20, 5, 0])
        assert_allclose(rep.realised_to_date, [14, 6, 0])
        assert_allclose(rep.forecast, [24, 11, 9])
        assert_allclose(rep.at_risk, [6, 0, 0])
        assert rep.status == ("at risk", "on track", "not started")
        assert rep.portfolio_ratio == pytest.approx(20 / 25)
        assert rep.total_at_risk == pytest.approx(6.0)
        assert np.isnan(rep.realisation_ratio[2])
        assert rep.to_records()[1]["status"] == "on track"

    def test_over_delivery_not_at_risk(self) -> None:
        """Realising more than planned gives zero at risk."""
        rep = track_benefits([BenefitLine("B", [5, 5], [10])], as_of=1)
        assert rep.at_risk[0] == 0.0 and rep.forecast[0] == pytest.approx(20.0)


class TestErrors:
    def test_negative_and_nan(self) -> None:
        """Negative planned and NaN realised are reported together naming the benefit."""
        with pytest.raises(ValidationError) as e:
            BenefitLine("B", [-1, 2], [float("nan")])
        assert len(e.value.problems) == 2 and "'B'" in str(e.value)

    def test_missing_periods(self) -> None:
        """Realised values missing for elapsed periods are rejected."""
        with pytest.raises(ValidationError, match="realised values for the 2"):
            track_benefits([BenefitLine("B", [1, 1, 1], [1])], as_of=2)

    def test_as_of_beyond(self) -> None:
        """as_of beyond the profile is rejected."""
        with pytest.raises(ValidationError, match="beyond"):
            track_benefits([BenefitLine("B", [1], [1])], as_of=3)

    def test_duplicates_and_method(self) -> None:
        """Duplicate ids and unknown method are rejected."""
        b = BenefitLine("B", [1], [1])
        with pytest.raises(DuplicateError):
            track_benefits([b, b], as_of=1)
        with pytest.raises(ValidationError, match="'method'"):
            track_benefits([b], as_of=1, method="trend")  # type: ignore[arg-type]

    def test_realised_longer_than_plan(self) -> None:
        """More realised periods than planned is rejected."""
        with pytest.raises(ValidationError, match="more than"):
            BenefitLine("B", [1], [1, 1])


class TestFlagsAndCounts:

    def test_track_benefits_duplicates(self) -> None:
        """Two benefit lines with one id are refused."""
        line = BenefitLine("A", [1, 2], [1])
        with pytest.raises(DuplicateError):
            track_benefits([line, line], as_of=1)


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""

    def test_benefit_id(self) -> None:
        """A benefit's id follows the id rule."""
        with pytest.raises(ValidationError, match="id of a benefit"):
            BenefitLine("", [1.0], [])
