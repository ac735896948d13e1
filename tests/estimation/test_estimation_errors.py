"""Remaining error paths of pmokit.estimation, one message each."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from pmokit.errors import ValidationError
from pmokit.estimation import (
    AnalogyEstimator,
    ParametricEstimator,
    ReferenceClass,
    accuracy,
    fit_power_law,
    green_book_optimism_bias,
    leave_one_out,
    mitigated_optimism_bias,
    pert,
    sum_estimates,
)

HAND = [0.9, 1.0, 1.1, 1.2, 1.5]
MODEL = fit_power_law([1.0, 2.0, 4.0, 8.0], [2.0, 3.9, 8.1, 16.0])
MODEL_D = fit_power_law(
    [1.0, 2, 4, 8, 16], [2.0, 4, 8, 16, 33], drivers=[[1.0], [2], [1], [2], [1]]
)

CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "mc n below 2",
        lambda: sum_estimates([pert(1, 2, 3)], method="monte_carlo", iterations=1),
        r"'iterations' must be >= 2",
    ),
    ("sample n below 1", lambda: pert(1, 2, 3).sample(0), r"'size' must be >= 1"),
    ("bad rng", lambda: pert(1, 2, 3).sample(3, rng="seed"), r"'rng' must be a numpy"),
    (
        "uplift below -1",
        lambda: ReferenceClass(HAND).overrun_probability(-1.0),
        r"'uplift' must be > -1",
    ),
    ("min_size 0", lambda: ReferenceClass(HAND, min_size=0), r"'min_size' must be >= 1"),
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
    (
        "3-D features",
        lambda: leave_one_out(ParametricEstimator(), np.ones((2, 2, 2)), [1.0, 2.0]),
        r"'features' must be a 2-dimensional array",
    ),
    (
        "iterations 1",
        lambda: accuracy([1.0, 2.0], [1.0, 2.0], iterations=1),
        r"'iterations' must be >= 2",
    ),
    (
        "one project LOO",
        lambda: leave_one_out(ParametricEstimator(), [[1.0]], [1.0]),
        r"at least 2 projects",
    ),
    (
        "size column",
        lambda: AnalogyEstimator(k=1, adaptation="size", size_column=3).fit(
            [[1.0], [2.0]], [1.0, 2.0]
        ),
        r"'size_column' must be a column index in \[0, 0\]",
    ),
    ("drivers on plain model", lambda: MODEL.predict([2.0], [[1.0]]), r"'drivers' must be None"),
    (
        "driver count",
        lambda: MODEL_D.predict([2.0], [[1.0, 2.0]]),
        r"'drivers' must have 1 columns \(got 2\)",
    ),
    (
        "driver names",
        lambda: fit_power_law(
            [1.0, 2, 3, 4],
            [1.0, 2, 3, 4],
            drivers=[[1.0, 1], [2, 1], [1, 2], [2, 2]],
            driver_names=["a"],
        ),
        r"'driver_names' must name each of the 2 drivers \(got 1\)",
    ),
    ("predict kind", lambda: MODEL.predict([2.0], kind="mode"), r"'kind' must be one of"),
    ("predict size", lambda: MODEL.predict([0.0]), r"'size' of project at index 0 must be > 0"),
]


@pytest.mark.parametrize(("label", "call", "message"), CASES, ids=[c[0] for c in CASES])
def test_error_message(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted or escaping (issue 14)."""

    def test_reference_class_ratios_are_real(self) -> None:
        """Complex or string ratios are refused, not read as numbers."""
        import numpy as np

        from pmokit.errors import ValidationError
        from pmokit.estimation import ReferenceClass

        with pytest.raises(ValidationError, match="'ratios' must be an array of numbers"):
            ReferenceClass(np.array([1.1, 1.2, 1.3, 1.4, 1.5]) + 1j)
        with pytest.raises(ValidationError, match="'ratios' must be an array of numbers"):
            ReferenceClass([1.1, 1.2, "1.3", 1.4, 1.5])

    def test_pert_array_ids(self) -> None:
        """Item ids follow the id rule (empty and repeated ids refused)."""
        from pmokit.errors import DuplicateError, ValidationError
        from pmokit.estimation import pert_array

        with pytest.raises(ValidationError, match="non-empty id"):
            pert_array([1, 2], [2, 3], [4, 5], ids=["A", ""])
        with pytest.raises(DuplicateError):
            pert_array([1, 2], [2, 3], [4, 5], ids=["A", "A"])

    def test_analogy_target_none(self) -> None:
        """None as the project to estimate is named, not a TypeError."""
        from pmokit.errors import ValidationError
        from pmokit.estimation import estimate_by_analogy

        x = [[1.0, 2.0], [2.0, 1.0], [3.0, 3.0], [4.0, 2.0]]
        with pytest.raises(ValidationError, match="'features' of the project to estimate"):
            estimate_by_analogy(x, [10.0, 20.0, 30.0, 40.0], None, k=2)  # type: ignore[arg-type]
