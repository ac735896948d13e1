"""Selection.to_records / to_frame carry each candidate's value and cost (issue 17)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from pmokit.portfolio import Candidate, Selection, select
from tests._requires import requires_pandas


def _selection() -> Selection:
    cands = [Candidate("crm", 10, [3, 2]), Candidate("erp", 7, [2, 1]),
             Candidate("bi", 4, [1, 1]), Candidate("web", 6, [2, 2])]
    return select(cands, budgets=[5, 4])


class TestSelectionColumns:
    """value and cost per candidate, matched by id."""

    def test_records(self) -> None:
        """Each record has the candidate's own value and total cost; the selected ones sum to
        total_value and total_cost."""
        sel = _selection()
        rec = {r["id"]: r for r in sel.to_records()}
        assert {k: (r["value"], r["cost"]) for k, r in rec.items()} == {
            "crm": (10.0, 5.0), "erp": (7.0, 3.0), "bi": (4.0, 2.0), "web": (6.0, 4.0)}
        chosen = [r for r in rec.values() if r["selected"]]
        assert sum(r["value"] for r in chosen) == pytest.approx(sel.total_value)
        assert sum(r["cost"] for r in chosen) == pytest.approx(sel.total_cost)

    def test_read_only_and_pickles(self) -> None:
        """The new arrays are read-only and survive pickling."""
        sel = _selection()
        assert not sel.values.flags.writeable and not sel.costs.flags.writeable
        back = pickle.loads(pickle.dumps(sel))
        np.testing.assert_array_equal(back.values, sel.values)
        assert not back.costs.flags.writeable

    @requires_pandas
    def test_frame(self) -> None:
        """to_frame has value and cost columns."""
        frame = _selection().to_frame()
        assert {"value", "cost", "selected"} <= set(frame.columns)
        assert frame.loc["crm", "cost"] == 5.0
