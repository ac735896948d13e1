"""EVM tables wide by period and risk registers from tables, by label."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.monitoring import (
    EarnedValueTables,
    Risk,
    earned_value,
    portfolio_earned_value,
)
from tests._requires import requires_pandas

NAN = float("nan")
PV = [{"project": 1, "m1": 100, "m2": 200, "m3": 300, "m4": 400},
      {"project": 2, "m1": 50, "m2": 150, "m3": 300, "m4": None}]
EV = [{"project": 1, "m1": 80, "m2": 160, "m3": None, "m4": None},
      {"project": 2, "m1": 60, "m2": 150, "m3": None, "m4": None}]
AC = [{"project": 1, "m1": 90, "m2": 170, "m3": None, "m4": None},
      {"project": 2, "m1": 55, "m2": 140, "m3": None, "m4": None}]


class TestEarnedValueTables:
    """PV/EV/AC tables: rows are projects by label, NaN = not yet reported."""

    def test_same_as_arrays(self) -> None:
        """The tables give the numbers of the documented array example (SPI(t) 0.8, 1.0)."""
        pf = portfolio_earned_value(PV, EV, AC)
        ref = portfolio_earned_value([[100, 200, 300, 400], [50, 150, 300]],
                                     [[80, 160], [60, 150]], [[90, 170], [55, 140]],
                                     names=["1", "2"])
        assert_allclose(pf.spi_t, [0.8, 1.0])
        assert_allclose(pf.spi_t, ref.spi_t)
        assert_allclose(pf.cpi, ref.cpi)
        assert pf.total.bac == 700.0

    def test_shuffled_rows_and_columns(self) -> None:
        """Shuffled rows and columns of each table give the same result."""
        ev = [{"m4": None, "m2": 150, "project": 2, "m1": 60, "m3": None},
              {"m3": None, "m1": 80, "project": 1, "m4": None, "m2": 160}]
        ac = AC[::-1]
        a = portfolio_earned_value(PV, EV, AC)
        b = portfolio_earned_value(PV, ev, ac)
        assert_allclose(a.spi_t, b.spi_t)
        assert_allclose(a.cpi, b.cpi)
        t = EarnedValueTables.from_records(PV, ev, ac)
        assert t == EarnedValueTables.from_records(PV, EV, AC)
        assert pickle.loads(pickle.dumps(t)) == t
        assert t.status_period == "m2" and t.periods == ("m1", "m2", "m3", "m4")
        assert_allclose(t.planned[1], [50, 150, 300])

    def test_one_project(self) -> None:
        """series() feeds earned_value for one project, by label."""
        t = EarnedValueTables.from_records(PV, EV, AC)
        ev = earned_value(*t.series(2))
        assert_allclose([ev.spi, ev.cpi], [150 / 150, 150 / 140])
        with pytest.raises(UnknownReferenceError, match="unknown project 9"):
            t.series(9)

    def test_bac_by_label(self) -> None:
        """With tables, bac is a mapping matched by label; a sequence is refused."""
        pf = portfolio_earned_value(PV, EV, AC, bac={2: 400.0, 1: 500.0})
        assert pf.total.bac == 900.0
        with pytest.raises(ValidationError, match="mapping project -> budget"):
            portfolio_earned_value(PV, EV, AC, bac=[500.0, 400.0])
        with pytest.raises(UnknownReferenceError, match="unknown project 3"):
            portfolio_earned_value(PV, EV, AC, bac={1: 1.0, 2: 1.0, 3: 1.0})

    @requires_pandas
    def test_dataframes(self) -> None:
        """portfolio_earned_value(pv_df, ev_df, ac_df) works (it failed before), the project
        label held in the index."""
        import pandas as pd

        def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
            return pd.DataFrame(rows).set_index("project").astype(float)

        pf = portfolio_earned_value(frame(PV), frame(EV).iloc[::-1], frame(AC))
        assert_allclose(pf.spi_t, [0.8, 1.0])
        assert list(pf.names) == ["1", "2"]

    def test_mismatched_labels(self) -> None:
        """Projects missing from a table or unknown to 'planned' are all listed."""
        ev = [{**EV[0], "project": 7}, EV[1]]
        with pytest.raises(UnknownReferenceError) as err:
            EarnedValueTables.from_records(PV, ev, AC)
        assert set(err.value.unknown) == {7, 1}
        assert "earned record 0, column 'project': unknown project 7" in err.value.problems[0]

    def test_mismatched_periods(self) -> None:
        """Period columns that differ between the tables are listed."""
        ac = [{k: v for k, v in r.items() if k != "m4"} | {"m5": 1} for r in AC]
        with pytest.raises(ValidationError, match=r"'actual' differ.*missing \['m4'\], not in "
                                                  r"'planned' \['m5'\]"):
            EarnedValueTables.from_records(PV, EV, ac)

    def test_missing_column(self) -> None:
        """No project column (and no labelled index) is refused: rows are never positions."""
        with pytest.raises(ValidationError, match=r"'planned' has no required column "
                                                  r"'project'.*never by position"):
            EarnedValueTables.from_frame({"m1": [1]}, {"m1": [1]}, {"m1": [1]})

    def test_not_a_number(self) -> None:
        """A text value names the table, row and column."""
        ev = [{**EV[0], "m2": "n/a"}, EV[1]]
        with pytest.raises(ValidationError, match=r"earned record 0, column 'm2': the earned "
                                                  r"must be a number \[currency\] \(got 'n/a'"):
            EarnedValueTables.from_records(PV, ev, AC)

    def test_gap_before_status_period(self) -> None:
        """A blank before the status period is an error, not 'not yet reported'."""
        ev = [{**EV[0], "m1": None}, EV[1]]
        with pytest.raises(ValidationError, match=r"earned record 0, column 'm1': the earned "
                                                  r"is missing, but period 'm2' is reported"):
            EarnedValueTables.from_records(PV, ev, AC)
        pv = [{**PV[0], "m2": NAN}, PV[1]]
        with pytest.raises(ValidationError, match=r"planned record 0, column 'm2'.*inside"):
            EarnedValueTables.from_records(pv, EV, AC)

    def test_nothing_reported(self) -> None:
        """All blank earned and actual values: no status period."""
        blank = [{k: (v if k == "project" else None) for k, v in r.items()} for r in EV]
        with pytest.raises(ValidationError, match="no period is reported"):
            EarnedValueTables.from_records(PV, blank, blank)

    def test_duplicate_project(self) -> None:
        """A project given twice names both rows."""
        with pytest.raises(DuplicateError, match=r"actual record 1, column 'project': "
                                                 r"duplicate id 1 \(first at record 0\)"):
            EarnedValueTables.from_records(PV, EV, [AC[0], AC[0]])

    def test_mixed_inputs(self) -> None:
        """Tables and arrays together, or tables with names, are refused."""
        with pytest.raises(ValidationError, match="all as tables"):
            portfolio_earned_value(PV, [[1.0]], [[1.0]])
        with pytest.raises(ValidationError, match="leave it out"):
            portfolio_earned_value(PV, EV, AC, names=["a", "b"])

    def test_plain_arrays_unchanged(self) -> None:
        """2-D arrays still work as before."""
        pf = portfolio_earned_value(np.array([[1.0, 2.0]]), [[1.0]], [[1.0]])
        assert pf.names == ("P1",)


class TestRiskFromFrame:
    """Risk registers from tables."""

    ROWS = [  # noqa: RUF012
        {"id": 1, "probability": 0.3, "cost_impact": 10_000, "status": "Open",
         "proximity": "2026-05-31", "project": 7},
        {"id": 2, "probability": 0.1, "schedule_impact": 5, "owner": "PMO",
         "cost_impact": None},
    ]

    def test_same_as_constructor(self) -> None:
        """Rows give the same risks as the constructor (blank cells keep defaults)."""
        a, b = Risk.from_records(self.ROWS)
        assert a == Risk(1, 0.3, 10_000.0, status="open", proximity=dt.date(2026, 5, 31),
                         project=7)  # type: ignore[arg-type]
        assert b == Risk(2, 0.1, schedule_impact=5.0, owner="PMO")

    def test_shuffled_and_renamed(self) -> None:
        """Shuffled columns and rows, renamed columns: the same risks by id."""
        cols = {"P": [0.1, 0.3], "Risk": [2, 1], "Cost": [0.0, 10_000.0]}
        got = {r.id: r.emv for r in Risk.from_frame(cols, id="Risk", probability="P",
                                                     cost_impact="Cost")}
        assert got == {1: 3000.0, 2: 0.0}

    @requires_pandas
    def test_dataframe(self) -> None:
        """A DataFrame (with Timestamps and NaN) gives the same risks as records."""
        import pandas as pd

        df = pd.DataFrame(self.ROWS)
        df["proximity"] = pd.to_datetime(df["proximity"])
        assert Risk.from_frame(df) == Risk.from_records(self.ROWS)

    def test_errors(self) -> None:
        """Missing column, text probability, bad date, duplicate id: row and column."""
        with pytest.raises(ValidationError, match=r"no required column 'probability'"):
            Risk.from_records([{"id": 1}])
        with pytest.raises(ValidationError, match=r"register record 0, column 'probability': "
                                                  r"the probability must be a number"):
            Risk.from_records([{"id": 1, "probability": "high"}])
        with pytest.raises(ValidationError, match=r"register row 0, column 'proximity': "
                                                  r"expected a date"):
            Risk.from_frame({"id": [1], "probability": [0.1], "proximity": ["soon"]})
        with pytest.raises(DuplicateError, match=r"register record 1, column 'id': duplicate"):
            Risk.from_records([{"id": 1, "probability": 0.1}, {"id": 1, "probability": 0.2}])
        with pytest.raises(ValidationError, match=r"register record 0: 'probability of risk"):
            Risk.from_records([{"id": 1, "probability": 30}])
