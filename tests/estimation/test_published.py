"""Tests of the published Green Book and DfT optimism-bias tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.estimation import (
    DFT_OPTIMISM_BIAS_UPLIFTS,
    GREEN_BOOK_OPTIMISM_BIAS,
    combined_optimism_bias,
    dft_uplift,
    green_book_optimism_bias,
    mitigated_optimism_bias,
)
from tests._hypothesis import examples
from tests.estimation._helpers import _any


class TestGreenBookTable:
    def test_published_bounds(self) -> None:
        """The table as published (works duration U/L, capital expenditure U/L)."""
        expected = {
            "standard_buildings": (0.04, 0.01, 0.24, 0.02),
            "non_standard_buildings": (0.39, 0.02, 0.51, 0.04),
            "standard_civil_engineering": (0.20, 0.01, 0.44, 0.03),
            "non_standard_civil_engineering": (0.25, 0.03, 0.66, 0.06),
            "equipment_development": (0.54, 0.10, 2.00, 0.10),
        }
        for key, (wu, wl, cu, cl) in expected.items():
            r = green_book_optimism_bias(key)
            assert (r.works_duration_upper, r.works_duration_lower) == (wu, wl)
            assert (r.capital_expenditure_upper, r.capital_expenditure_lower) == (cu, cl)
            assert "Green Book" in r.source
        out = green_book_optimism_bias("outsourcing")
        assert out.works_duration_upper is None and out.capital_expenditure_upper == 0.41
        assert "OPEX" in out.note
        assert len(GREEN_BOOK_OPTIMISM_BIAS) == 6

    def test_lower_bound_never_above_upper(self) -> None:
        """Invariant of the table."""
        for r in GREEN_BOOK_OPTIMISM_BIAS:
            assert r.capital_expenditure_lower <= r.capital_expenditure_upper
            if r.works_duration_upper is not None:
                assert r.works_duration_lower is not None
                assert r.works_duration_lower <= r.works_duration_upper

    def test_unknown_type(self) -> None:
        """Unknown project types list the known ones."""
        with pytest.raises(UnknownReferenceError, match="standard_buildings"):
            green_book_optimism_bias("bridges")


class TestCombinedOptimismBias:
    def test_green_book_combined_example(self) -> None:
        """30% non-standard + 70% standard building: capex 32.1%, works duration 14.5%."""
        mix = {"non_standard_buildings": 0.3, "standard_buildings": 0.7}
        assert_allclose(combined_optimism_bias(mix), 0.321)
        assert_allclose(combined_optimism_bias(mix, measure="works_duration"), 0.145)

    def test_lower_bound_mix(self) -> None:
        """The same weighting of the lower bounds: 0.3*4% + 0.7*2% = 2.6%."""
        mix = {"non_standard_buildings": 0.3, "standard_buildings": 0.7}
        assert_allclose(combined_optimism_bias(mix, bound="lower"), 0.026)

    def test_shares_must_sum_to_one(self) -> None:
        """Shares summing to 0.9 are rejected."""
        with pytest.raises(ValidationError, match="must sum to 1"):
            combined_optimism_bias({"standard_buildings": 0.9})

    def test_several_problems_reported_together(self) -> None:
        """Negative share, unknown type and missing bound in one exception."""
        with pytest.raises(ValidationError) as info:
            combined_optimism_bias(
                {"standard_buildings": -0.1, "castles": 0.5, "outsourcing": 0.6},
                measure="works_duration",
            )
        assert len(info.value.problems) == 3

    def test_empty_shares(self) -> None:
        """An empty mapping is rejected."""
        with pytest.raises(ValidationError, match="non-empty mapping"):
            combined_optimism_bias({})

    def test_bad_measure(self) -> None:
        """Unknown measure."""
        with pytest.raises(ValidationError, match="'measure' must be one of"):
            combined_optimism_bias({"standard_buildings": 1.0}, measure="opex")  # type: ignore[arg-type]


class TestMitigation:
    def test_green_book_works_duration_example(self) -> None:
        """Non-standard building, 39% upper bound, managed contribution 23.8% -> 29.7%."""
        ob = mitigated_optimism_bias(0.39, [0.05, 0.02, 0.22, 0.05, 0.03], [1, 1, 0.4, 1, 1])
        assert_allclose(ob, (1 - 0.238) * 0.39)
        assert round(ob * 100, 1) == 29.7
        # 28 months of works -> about 36.3 months
        assert round(28 * (1 + ob), 1) == 36.3

    def test_green_book_capex_example(self) -> None:
        """Reducing a 51% upper bound by 92% leaves about 4% (the lower bound)."""
        assert_allclose(mitigated_optimism_bias(0.51, [0.92], [1.0]), 0.0408)

    def test_no_mitigation_keeps_upper_bound(self) -> None:
        """Zero factors leave the upper bound."""
        assert mitigated_optimism_bias(0.66, [0.3, 0.7], [0, 0]) == 0.66

    def test_bad_inputs(self) -> None:
        """Length mismatch and factor > 1 reported together."""
        with pytest.raises(ValidationError) as info:
            mitigated_optimism_bias(0.5, [0.1, 0.2], [1.5])
        assert len(info.value.problems) == 2

    def test_contributions_above_one(self) -> None:
        """Contributions summing above 1 are rejected."""
        with pytest.raises(ValidationError, match="at most 1"):
            mitigated_optimism_bias(0.5, [0.6, 0.6], [1, 1])


class TestDfT:
    def test_published_uplifts(self) -> None:
        """Roads 15/32, rail 40/57 at 50/80% certainty; fixed links 23 at 50%."""
        assert dft_uplift("roads", 0.5) == 0.15
        assert dft_uplift("roads", 0.8) == 0.32
        assert dft_uplift("rail", 0.5) == 0.40
        assert dft_uplift("rail", 0.8) == 0.57
        assert dft_uplift("fixed_links", 0.5) == 0.23
        assert all("Flyvbjerg" in u.source for u in DFT_OPTIMISM_BIAS_UPLIFTS)

    def test_unpublished_combination(self) -> None:
        """Asking for an uplift not typed in raises, listing what is known."""
        with pytest.raises(UnknownReferenceError, match=r"'roads' at 0\.5"):
            dft_uplift("fixed_links", 0.8)


class TestInvariants:
    @settings(max_examples=examples(40), deadline=None)
    @given(st.floats(0.0, 1.0), st.sampled_from(["capital_expenditure", "works_duration"]))
    def test_combination_lies_between_its_parts(self, share: float, measure: str) -> None:
        """A two-part mix lies between the two bounds it weights."""
        a = green_book_optimism_bias("standard_civil_engineering").bound(measure)  # type: ignore[arg-type]
        b = green_book_optimism_bias("non_standard_civil_engineering").bound(measure)  # type: ignore[arg-type]
        assert a is not None and b is not None
        mix = {"standard_civil_engineering": share, "non_standard_civil_engineering": 1 - share}
        ob = combined_optimism_bias(mix, measure=measure)  # type: ignore[arg-type]
        assert min(a, b) - 1e-12 <= ob <= max(a, b) + 1e-12

    @settings(max_examples=examples(40), deadline=None)
    @given(
        st.floats(0.0, 2.0),
        st.lists(st.tuples(st.floats(0.0, 0.2), st.floats(0.0, 1.0)), max_size=5),
    )
    def test_mitigation_never_raises_the_bias(
        self, upper: float, areas: list[tuple[float, float]]
    ) -> None:
        """0 <= resultant <= upper bound; more mitigation never increases it."""
        c = [a for a, _ in areas]
        m = [f for _, f in areas]
        ob = mitigated_optimism_bias(upper, c, m)
        assert -1e-12 <= ob <= upper + 1e-12
        assert mitigated_optimism_bias(upper, c, [1.0] * len(c)) <= ob + 1e-12


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "bound measure",
        lambda: green_book_optimism_bias("standard_buildings").bound("opex"),
        r"'measure' must be one of",
    ),
    (
        "negative upper bound",
        lambda: mitigated_optimism_bias(-0.1, [0.1], [1.0]),
        r"'upper_bound' must be >= 0",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_message(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "green book list",
        lambda: green_book_optimism_bias(_any(["x"])),
        r"'project_type' must be a string",
    ),
    ("dft list", lambda: dft_uplift(_any(["x"])), r"'category' must be a string"),
    (
        "dft certainty text",
        lambda: dft_uplift("roads", _any("x")),
        r"'certainty' must be a real number",
    ),
    (
        "mitigation None",
        lambda: mitigated_optimism_bias(0.5, _any(None), _any(None)),
        r"'contributions' must be a sequence of fractions",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError naming the item (not TypeError/IndexError)."""
    with pytest.raises(ValidationError, match=message):
        call()


def test_numpy_shares_are_weighted_not_dropped() -> None:
    """numpy float32/int64 shares count (they were skipped, giving 'sum to 1 (got 0.3)')."""
    mix: Any = {"non_standard_buildings": np.float32(0.3), "standard_buildings": np.float32(0.7)}
    assert_allclose(combined_optimism_bias(mix), 0.3 * 0.51 + 0.7 * 0.24, atol=1e-6)
    assert combined_optimism_bias({"standard_buildings": _any(np.int64(1))}) == 0.24
