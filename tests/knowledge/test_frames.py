"""ProjectRecord.from_frame / KnowledgeBase.from_frame: by label, errors by row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.knowledge import KnowledgeBase, ProjectRecord
from tests._requires import requires_pandas

ROWS = [
    {"id": "P1", "project_type": "IT", "planned_cost": 100, "actual_cost": 140,
     "start": "2025-01-06", "finish": dt.date(2025, 6, 30), "tags": "erp, cloud",
     "size_fp": 250, "attr_client": "retail"},
    {"id": "P2", "project_type": "IT", "planned_cost": 200, "actual_cost": 210,
     "team_size": 4, "planned_duration": None},
]


class TestProjectRecordFromFrame:
    """Project histories from tables."""

    def test_same_as_constructor(self) -> None:
        """Rows give the records the constructor gives (blank cells are unknown)."""
        a, b = ProjectRecord.from_records(ROWS)
        assert a == ProjectRecord("P1", project_type="IT", planned_cost=100.0,
                                  actual_cost=140.0, start=dt.date(2025, 1, 6),
                                  finish=dt.date(2025, 6, 30), tags=("erp", "cloud"),
                                  size={"fp": 250.0}, attributes={"client": "retail"})
        assert b == ProjectRecord("P2", project_type="IT", planned_cost=200.0,
                                  actual_cost=210.0, team_size=4.0)

    def test_round_trip(self) -> None:
        """to_records then from_records gives the records back."""
        recs = ProjectRecord.from_records(ROWS)
        again = ProjectRecord.from_records([r.to_records()[0] for r in recs])
        assert again == recs

    def test_shuffled_and_renamed(self) -> None:
        """Shuffled rows and columns and renamed columns give the same base statistics."""
        cols = {"Budget": [200, 100], "Cost": [210, 140], "Project": ["P2", "P1"],
                "project_type": ["IT", "IT"]}
        kb = KnowledgeBase.from_frame(cols, id="Project", planned_cost="Budget",
                                      actual_cost="Cost")
        ref = KnowledgeBase.from_records(ROWS)
        assert (kb.overrun_statistics("cost").median_ratio
                == ref.overrun_statistics("cost").median_ratio == (1.225,))

    @requires_pandas
    def test_dataframe(self) -> None:
        """A DataFrame (NaN for unknown, Timestamps) gives the same records."""
        import pandas as pd

        df = pd.DataFrame(ROWS)
        df["finish"] = pd.to_datetime(df["finish"])
        assert ProjectRecord.from_frame(df) == ProjectRecord.from_records(ROWS)

    def test_missing_column(self) -> None:
        """A missing id column is named with the columns present."""
        with pytest.raises(ValidationError, match=r"'projects' has no required column 'id'"):
            ProjectRecord.from_records([{"name": "P1"}])

    def test_unknown_label(self) -> None:
        """size/attributes naming absent columns are listed; unknown keywords refused."""
        with pytest.raises(UnknownReferenceError) as err:
            ProjectRecord.from_records(ROWS, size=["kloc"], attributes=["client", "sector"])
        assert err.value.unknown == ("kloc", "client", "sector")
        with pytest.raises(ValidationError, match=r"unknown column keywords \['budget'\]"):
            ProjectRecord.from_records(ROWS, budget="Budget")

    def test_not_a_number(self) -> None:
        """A text cost names the row and column."""
        with pytest.raises(ValidationError, match=r"projects record 1, column 'actual_cost': "
                                                  r"the actual cost must be a number"):
            ProjectRecord.from_records([ROWS[0], {"id": "P2", "actual_cost": "lots"}])
        with pytest.raises(ValidationError, match=r"projects row 0, column 'start': expected "
                                                  r"a date"):
            ProjectRecord.from_frame({"id": ["P1"], "start": ["Jan"]})

    def test_duplicate_id(self) -> None:
        """A duplicate id names both rows."""
        with pytest.raises(DuplicateError, match=r"projects record 1, column 'id': duplicate "
                                                 r"id 'P1' \(first at record 0\)"):
            ProjectRecord.from_records([ROWS[0], ROWS[0]])

    def test_record_rules_name_the_row(self) -> None:
        """A field ProjectRecord refuses is reported with its row; record ids follow the
        one id rule (an integer id is kept as it is, a float id is refused, named)."""
        with pytest.raises(ValidationError, match=r"projects record 0: 'planned_cost of "
                                                  r"project 'P1''.* > 0"):
            ProjectRecord.from_records([{"id": "P1", "planned_cost": 0}])
        assert ProjectRecord.from_records([{"id": 1}])[0].id == 1
        with pytest.raises(ValidationError, match=r"projects record 0, column 'id': 'id' must "
                                                  r"be a string or integer id \(got 1\.5"):
            ProjectRecord.from_records([{"id": 1.5}])
