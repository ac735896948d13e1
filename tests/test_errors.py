"""Tests of the exception hierarchy and shared validation helpers."""

from __future__ import annotations

from pmokit import errors


class TestHierarchy:
    """Children subclass the builtin they refine."""

    def test_builtins(self) -> None:
        """ValidationError is a ValueError, MissingDependencyError an ImportError."""
        assert issubclass(errors.ValidationError, ValueError)
        assert issubclass(errors.CycleError, errors.ValidationError)
        assert issubclass(errors.UnknownReferenceError, errors.ValidationError)
        assert issubclass(errors.MissingDependencyError, ImportError)
        assert issubclass(errors.SolverError, RuntimeError)
        for cls in (errors.ValidationError, errors.MissingDependencyError, errors.SolverError):
            assert issubclass(cls, errors.PmokitError)

    def test_cycle_carries_ids(self) -> None:
        """CycleError keeps the cycle and prints it in order."""
        err = errors.CycleError(("A", "B", "C", "A"))
        assert err.cycle == ("A", "B", "C", "A")
        assert "A -> B -> C -> A" in str(err)

    def test_several_problems(self) -> None:
        """Several problems are reported together."""
        err = errors.ValidationError(["one", "two"])
        assert err.problems == ("one", "two")
        assert "2 problems" in str(err)

    def test_unknown_dedup(self) -> None:
        """Unknown ids are listed once each, in order."""
        err = errors.UnknownReferenceError("x", ["B", "A", "B"])
        assert err.unknown == ("B", "A")

    def test_unhashable_ids(self) -> None:
        """Unhashable ids (a list given by mistake) are reported, not a TypeError."""
        err = errors.UnknownReferenceError("x", [["A"], ["A"], "B"])
        assert err.unknown == (["A"], "B")
        dup = errors.DuplicateError("x", [{"a": 1}, {"a": 1}])
        assert dup.duplicates == ({"a": 1},)






