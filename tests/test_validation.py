"""Tests of pmokit._validation: the shared validation helpers name the item, the expectation
and the value."""

from __future__ import annotations

import numpy as np
import pytest

from pmokit import errors
from pmokit._random import as_generator
from pmokit._validation import Problems, as_float_array, check_choice, check_number


class TestHelpers:
    """The validation helpers name the item, the expectation and the value."""

    def test_check_number(self) -> None:
        """Non-numbers, NaN and bounds are reported with the name."""
        with pytest.raises(errors.ValidationError, match="'x' must be a real number"):
            check_number("3", "x")
        with pytest.raises(errors.ValidationError, match="'x' must be > 0"):
            check_number(0, "x", minimum=0, strict_minimum=True)
        with pytest.raises(errors.ValidationError, match="'x' must be <= 1"):
            check_number(2, "x", maximum=1)

    def test_problems_collects(self) -> None:
        """Problems raises all at once."""
        p = Problems()
        p.check_number(-1, "a", minimum=0)
        p.check_number(float("nan"), "b")
        with pytest.raises(errors.ValidationError) as info:
            p.raise_if_any()
        assert len(info.value.problems) == 2

    def test_float_array(self) -> None:
        """Shapes and lengths are checked; the result is read-only."""
        arr = as_float_array([1, 2], "a")
        assert not arr.flags.writeable
        with pytest.raises(errors.ValidationError, match="length 3"):
            as_float_array([1, 2], "a", length=3)
        with pytest.raises(errors.ValidationError, match="2-dimensional"):
            as_float_array([1, 2], "a", ndim=2)
        with pytest.raises(errors.ValidationError, match="array of numbers"):
            as_float_array(["x"], "a")

    def test_choice(self) -> None:
        """Unknown choices list the valid ones."""
        with pytest.raises(errors.ValidationError, match="'m' must be one of 'a', 'b'"):
            check_choice("c", "m", ("a", "b"))

    def test_rng(self) -> None:
        """Seeds reproduce; bad rng values are rejected."""
        assert as_generator(3).random() == as_generator(3).random()
        with pytest.raises(errors.ValidationError, match="'rng' must be"):
            as_generator("seed")  # type: ignore[arg-type]
        with pytest.raises(errors.ValidationError, match="non-negative"):
            as_generator(-1)


class TestNumberKinds:
    """Arrays refuse what numpy would silently turn into numbers."""

    @pytest.mark.parametrize(
        "values",
        [[1.0, True], [[1.0, 2.0], [np.False_, 3.0]], (1, np.datetime64("2026-01-01", "D"))],
    )
    def test_mixed_list_refused(self, values: object) -> None:
        """A bool or datetime64 hidden among numbers in a list is named."""
        with pytest.raises(errors.ValidationError, match="must be an array of numbers"):
            as_float_array(values, "a", ndim=None)


class TestIntegerCounts:
    @pytest.mark.parametrize("value", [3, np.int64(3), np.int32(0)])
    def test_integers_accepted(self, value: object) -> None:
        """Python and numpy integers are counts."""
        assert check_number(value, "n", minimum=0, integer=True) == float(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", [2.5, 3.0, np.float64(1.0)])
    def test_floats_refused(self, value: object) -> None:
        """A float, even whole, is not a count (integer=True)."""
        with pytest.raises(errors.ValidationError, match="'n' must be an integer"):
            check_number(value, "n", integer=True)

    def test_problems_collects_it_and_default_unchanged(self) -> None:
        """Problems.check_number takes integer= too; without it 2.5 still passes."""
        p = Problems()
        p.check_number(2.5, "max", integer=True)
        p.check_number(2.5, "share")
        assert p.items == ["'max' must be an integer (got 2.5 that is a float)"]
        with pytest.raises(errors.ValidationError, match="must be a real number"):
            check_number(True, "n", integer=True)
