"""Tests of pmokit._results: result helpers shared by every domain."""

from __future__ import annotations

import pytest

from pmokit import errors


class TestToFrame:
    """to_frame() needs pandas; without it the error says how to install it."""

    def test_missing_pandas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A missing pandas raises MissingDependencyError naming the extra."""
        import sys

        from pmokit._results import records_to_frame

        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(errors.MissingDependencyError, match=r"pmokit\[pandas\]"):
            records_to_frame([{"a": 1}])

    def test_frame(self) -> None:
        """With pandas, records become rows, indexed by the named column."""
        pytest.importorskip("pandas")
        from pmokit._results import records_to_frame

        frame = records_to_frame([{"id": "A", "x": 1.0}, {"id": "B", "x": 2.0}], index="id")
        assert frame.loc["B", "x"] == 2.0
