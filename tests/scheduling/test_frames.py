"""Network.from_frame / from_records: links matched by label, errors by row and column."""

from __future__ import annotations

from typing import Any

import pytest
from numpy.testing import assert_allclose

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.scheduling import Network, schedule
from pmokit.scheduling._frames import parse_predecessors
from tests._requires import requires_pandas


def _links(net: Network) -> list[tuple[Any, Any, str, float]]:
    return sorted(
        ((d.predecessor, d.successor, d.type.value, d.lag) for d in net.dependencies),
        key=str,
    )


class TestByLabel:
    """Links follow labels, never positions."""

    @requires_pandas
    def test_one_based_integer_ids(self) -> None:
        """MS Project's 1-based ids: the link 1 -> 2 joins tasks 1 and 2 (from_arrays read
        the integers as positions and linked 2 -> 3 without an error)."""
        import pandas as pd

        tasks = pd.DataFrame({"id": [1, 2, 3], "duration": [4.0, 2.0, 1.0]})
        links = pd.DataFrame({"predecessor": [1], "successor": [2]})
        net = Network.from_frame(tasks, links)
        assert _links(net) == [(1, 2, "FS", 0.0)]
        s = schedule(net)
        assert s[2]["early_start"] == 4.0 and s[3]["early_start"] == 0.0

    @requires_pandas
    def test_row_order_does_not_matter(self) -> None:
        """Shuffling the task rows gives the same schedule per id."""
        import pandas as pd

        tasks = pd.DataFrame({"id": [10, 20, 30], "duration": [3, 5, 2],
                              "predecessors": ["", "10", "20FS+1d, 10SS"]})
        a = schedule(Network.from_frame(tasks))
        b = schedule(Network.from_frame(tasks.iloc[[2, 0, 1]]))
        for k in (10, 20, 30):
            assert a[k]["early_start"] == b[k]["early_start"]
        assert a[30]["early_start"] == 9.0

    @requires_pandas
    def test_id_as_index_and_gaps(self) -> None:
        """An id held as the DataFrame's named index works; a predecessor column of numbers
        with gaps (floats and NaN in pandas) names the integer ids."""
        import numpy as np
        import pandas as pd

        tasks = pd.DataFrame({"id": [1, 2, 3], "duration": [2, 2, 2],
                              "predecessors": [np.nan, 1, 2]}).set_index("id")
        assert _links(Network.from_frame(tasks)) == [(1, 2, "FS", 0.0), (2, 3, "FS", 0.0)]

    def test_records_and_columns(self) -> None:
        """Records and a mapping of columns give the same network as each other."""
        recs = [{"id": "A", "duration": 2}, {"id": "B", "duration": 3, "name": "Build"}]
        cols = {"id": ["A", "B"], "duration": [2, 3], "name": [None, "Build"]}
        link = [{"predecessor": "A", "successor": "B", "type": "ss", "lag": 1}]
        n1 = Network.from_records(recs, link)
        n2 = Network.from_frame(cols, link)
        assert _links(n1) == _links(n2) == [("A", "B", "SS", 1.0)]
        assert n1["B"].name == n2["B"].name == "Build"

    def test_renamed_columns(self) -> None:
        """Every column can be renamed by keyword."""
        net = Network.from_frame(
            {"Task": ["A", "B"], "Days": [1, 2]},
            {"from": ["A"], "to": ["B"], "kind": ["FF"], "delay": ["2d"]},
            id="Task", duration="Days", predecessor="from", successor="to", type="kind",
            lag="delay",
        )
        assert _links(net) == [("A", "B", "FF", 2.0)]


class TestPredecessorStrings:
    """MS Project predecessor strings."""

    def test_all_types_and_units(self) -> None:
        """FS/SS/FF/SF with d, w, h and % lags (50% of a 6-day predecessor is 3 days)."""
        labels = {"3": 3, "4": 4, "5": 5, "7": 7}
        got = parse_predecessors("3FS+2d, 5SS, 7FF-1w; 4SF+50%, 5fs+4h", labels,
                                 durations={4: 6.0})
        assert got == [(3, "FS", 2.0), (5, "SS", 0.0), (7, "FF", -5.0), (4, "SF", 3.0),
                       (5, "FS", 0.5)]

    def test_labels_with_dashes_and_letters(self) -> None:
        """A label that contains '-' or ends in letters is matched whole first."""
        labels = {"A-1": "A-1", "CLASS": "CLASS", "B": "B"}
        assert parse_predecessors("A-1, CLASS, A-1SS-2d, BFF", labels) == [
            ("A-1", "FS", 0.0), ("CLASS", "FS", 0.0), ("A-1", "SS", -2.0), ("B", "FF", 0.0)]

    def test_schedule_matches_hand_computation(self) -> None:
        """1: 4 d; 2 after 1 FS+2d; 3 SS+50% of 1 (2 d) -> ES 2 = 0 + 2; finish 6 + 3 = 9."""
        net = Network.from_frame({"id": [1, 2, 3], "duration": [4, 3, 1],
                                  "predecessors": [None, "1FS+2d", "1SS+50%"]})
        s = schedule(net)
        assert_allclose([s[k]["early_start"] for k in (1, 2, 3)], [0.0, 6.0, 2.0])
        assert s.project_duration == 9.0

    def test_unsupported_unit(self) -> None:
        """An unknown lag unit is refused with the units that are read, naming the row and
        column. (Elapsed days were refused here before lag units were carried; they are
        now read: TestLagUnitsAndKinds.)"""
        with pytest.raises(ValidationError, match=r"tasks row 1, column 'predecessors'.*"
                                                  r"unsupported lag unit 'fn'.*elapsed"):
            Network.from_frame({"id": ["A", "B"], "duration": [1, 1],
                                "predecessors": ["", "AFS+2fn"]})


def _opts(net: Network) -> list[tuple[Any, ...]]:
    return [(d.predecessor, d.successor, d.type.value, d.lag, d.lag_unit, d.lag_kind)
            for d in net.dependencies]


class TestLagUnitsAndKinds:
    """Lags keep their unit and kind (MS Project's "3FS+2ed", "5SS+50%", "2FF-1w")."""

    def test_predecessor_strings(self) -> None:
        """Each MS Project form gives the Dependency options it means."""
        net = Network.from_frame({
            "id": [1, 2, 3, 4],
            "duration": [4, 2, 3, 1],
            "predecessors": [None, "1FS+2ed", "1SS+50%, 2FF-1w", "3FS+4h; 1SF+30 mins; 2+1emo"],
        })
        assert _opts(net) == [
            (1, 2, "FS", 2.0, "d", "elapsed"),
            (1, 3, "SS", 50.0, "d", "percent"),
            (2, 3, "FF", -1.0, "w", "working"),
            (3, 4, "FS", 4.0, "h", "working"),
            (1, 4, "SF", 30.0, "m", "working"),
            (2, 4, "FS", 1.0, "mo", "elapsed"),
        ]

    def test_parse_predecessors_keeps_days_by_default(self) -> None:
        """Without lag_units=True the triples stay in working days, as before."""
        labels = {"1": 1, "2": 2}
        assert parse_predecessors("1FS+1w, 2SS+4h", labels) == [(1, "FS", 5.0),
                                                                 (2, "SS", 0.5)]
        with pytest.raises(ValidationError, match="elapsed"):
            parse_predecessors("1FS+2ed", labels)

    def test_link_table_columns(self) -> None:
        """A number in 'lag' takes its unit and kind from 'lag_unit' and 'lag_kind'; text
        in 'lag' carries its own; renamed columns work."""
        links = {"from": [1, 1, 2, 2], "to": [2, 3, 3, 4], "delay": [4, "2ew", 25, "-3h"],
                 "unit": ["h", None, None, None], "how": [None, None, "percent", None]}
        net = Network.from_frame({"id": [1, 2, 3, 4], "duration": [4, 2, 3, 1]}, links,
                                 predecessor="from", successor="to", lag="delay",
                                 lag_unit="unit", lag_kind="how")
        assert _opts(net) == [(1, 2, "FS", 4.0, "h", "working"),
                              (1, 3, "FS", 2.0, "w", "elapsed"),
                              (2, 3, "FS", 25.0, "d", "percent"),
                              (2, 4, "FS", -3.0, "h", "working")]

    def test_records(self) -> None:
        """from_records reads the same columns."""
        net = Network.from_records(
            [{"id": "A", "duration": 2}, {"id": "B", "duration": 1}],
            [{"predecessor": "A", "successor": "B", "lag": 90, "lag_unit": "minutes"}])
        assert _opts(net) == [("A", "B", "FS", 90.0, "m", "working")]

    def test_schedules_by_hand(self) -> None:
        """A(4) -FS+2ed-> B(1) on clock time from Monday 23 November 2026 (08:00-16:00): A
        ends Thursday 16:00, 48 elapsed hours later is Saturday 16:00, so B starts Monday
        08:00; A -SS+50%-> C(1): C starts after 2 of A's 4 days, Wednesday 08:00. The day
        engine refuses the elapsed lag by link."""
        import datetime as dt

        import numpy as np

        net = Network.from_frame({"id": ["A", "B", "C"], "duration": [4, 1, 1],
                                  "predecessors": ["", "AFS+2ed", "ASS+50%"]})
        s = schedule(net, start=dt.date(2026, 11, 23), clock=True)
        assert s.early_start_time[1:].tolist() == [
            np.datetime64("2026-11-30T08:00"), np.datetime64("2026-11-25T08:00")]
        with pytest.raises(ValidationError, match=r"elapsed lags.*'A' -> 'B'"):
            schedule(net)

    def test_percent_of_a_milestone(self) -> None:
        """A percent lag from a predecessor without duration is refused, naming the row,
        in both forms."""
        tasks = {"id": ["M", "B"], "duration": [0, 1]}
        with pytest.raises(ValidationError, match=r"tasks row 1, column 'predecessors': a "
                                                  r"percent lag \(50%\) from 'M'.*no duration"):
            Network.from_frame({**tasks, "predecessors": ["", "MSS+50%"]})
        with pytest.raises(ValidationError, match=r"links row 0, column 'lag': a percent lag "
                                                  r"\(50%\) from 'M'"):
            Network.from_frame(tasks, {"predecessor": ["M"], "successor": ["B"],
                                       "lag": ["50%"]})

    def test_errors_name_the_row(self) -> None:
        """A bad unit or kind column, a unit or kind given twice, a non-string unit: each
        names its row and column, all at once."""
        links = {"predecessor": ["A"] * 5, "successor": ["B"] * 5,
                 "lag": [1, 1, "2d", "50%", 1],
                 "lag_unit": ["fortnight", None, "h", None, 3],
                 "lag_kind": [None, "later", None, "elapsed", None]}
        with pytest.raises(ValidationError) as err:
            Network.from_frame({"id": ["A", "B"], "duration": [2, 1]}, links)
        got = err.value.problems
        assert len(got) == 5
        assert got[0].startswith("links row 0, column 'lag_unit': 'lag_unit' of a dependency "
                                 "must be one of")
        assert got[1].startswith("links row 1, column 'lag_kind': 'lag_kind' of link A -> B "
                                 "must be one of")
        assert got[2] == ("links row 2, column 'lag_unit': the lag '2d' already gives its unit "
                          "('d'); give it once, in 'lag' or in 'lag_unit' (got 'h')")
        assert got[3] == ("links row 3, column 'lag_kind': the lag '50%' already gives its "
                          "kind ('percent'); give it once, in 'lag' or in 'lag_kind' "
                          "(got 'elapsed')")
        assert got[4] == ("links row 4, column 'lag_unit': the lag unit must be a string "
                          "(got 3 that is a int)")


class TestDurationText:
    """Durations as MS Project exports them."""

    def test_units(self) -> None:
        """'5 days', '1 wk', '4 hrs' (8-hour days), '2 days?' (estimated) and numbers."""
        net = Network.from_frame({"id": ["A", "B", "C", "D", "E"],
                                  "duration": ["5 days", "1 wk", "4 hrs", "2 days?", 3]})
        assert_allclose(net.compiled.duration, [5.0, 5.0, 0.5, 2.0, 3.0])

    def test_hours_per_day(self) -> None:
        """Hours follow hours_per_day."""
        net = Network.from_frame({"id": ["A"], "duration": ["15 h"]}, hours_per_day=7.5)
        assert_allclose(net.compiled.duration, [2.0])

    def test_elapsed_and_unknown_units(self) -> None:
        """Elapsed days and unknown units are refused with the reason."""
        with pytest.raises(ValidationError) as err:
            Network.from_frame({"id": ["A", "B"], "duration": ["3 edays", "2 fortnights"]})
        assert "row 0, column 'duration'" in err.value.problems[0]
        assert "elapsed time ('edays')" in err.value.problems[0]
        assert "unknown unit 'fortnights'" in err.value.problems[1]


class TestErrors:
    """Bad input names the row and the column."""

    def test_missing_column(self) -> None:
        """A missing required column is named with the columns present."""
        with pytest.raises(ValidationError, match=r"no required column 'duration' "
                                                  r"\(columns: 'id', 'dur'\)"):
            Network.from_frame({"id": ["A"], "dur": [1]})
        with pytest.raises(ValidationError, match=r"'links' has no required column 'successor'"):
            Network.from_frame({"id": ["A"], "duration": [1]}, {"predecessor": ["A"]})

    def test_unknown_predecessor(self) -> None:
        """An unknown label in a predecessor string: row, column and label."""
        with pytest.raises(UnknownReferenceError, match=r"tasks row 2, column 'predecessors': "
                                                        r"unknown predecessor '9'") as err:
            Network.from_frame({"id": [1, 2, 3], "duration": [1, 1, 1],
                                "predecessors": ["", "1", "9FS+2d"]})
        assert err.value.unknown == ("9",)

    def test_unknown_link_end(self) -> None:
        """An unknown label in the link table: row, column and label, all listed."""
        with pytest.raises(UnknownReferenceError, match=r"links record 0, column 'successor': "
                                                        r"unknown successor 'Z'") as err:
            Network.from_frame({"id": ["A"], "duration": [1]},
                               [{"predecessor": "A", "successor": "Z"},
                                {"predecessor": "Y", "successor": "A"}])
        assert set(err.value.unknown) == {"Z", "Y"}

    @requires_pandas
    def test_duration_not_a_number(self) -> None:
        """A text duration names the DataFrame's index label and the column."""
        import pandas as pd

        tasks = pd.DataFrame({"id": ["A", "B"], "duration": [1, "three"]}, index=["r1", "r2"])
        with pytest.raises(ValidationError, match=r"tasks row 'r2', column 'duration': the "
                                                  r"duration must be a number .*'three'"):
            Network.from_frame(tasks)

    def test_negative_and_missing_duration(self) -> None:
        """Every bad duration is reported in one error."""
        with pytest.raises(ValidationError) as err:
            Network.from_records([{"id": "A", "duration": -1}, {"id": "B"}])
        assert len(err.value.problems) == 2
        assert "record 0, column 'duration'" in err.value.problems[0]
        assert "record 1, column 'duration': the duration is missing" in err.value.problems[1]

    def test_duplicate_id(self) -> None:
        """A duplicate id names both rows."""
        with pytest.raises(DuplicateError, match=r"tasks row 2, column 'id': duplicate id 'A' "
                                                 r"\(first at row 0\)"):
            Network.from_frame({"id": ["A", "B", "A"], "duration": [1, 2, 3]})

    def test_bad_type_and_lag(self) -> None:
        """A bad link type and an unreadable lag in the link table."""
        with pytest.raises(ValidationError) as err:
            Network.from_frame({"id": ["A", "B"], "duration": [1, 1]},
                               {"predecessor": ["A", "A"], "successor": ["B", "B"],
                                "type": ["XX", "FS"], "lag": [0, "soon"]})
        text = str(err.value)
        assert "links row 0, column 'type'" in text and "'XX'" in text
        assert "links row 1, column 'lag'" in text and "'soon'" in text

    @requires_pandas
    def test_repeated_column(self) -> None:
        """A DataFrame with two columns of one name is refused, naming it."""
        import pandas as pd

        tasks = pd.DataFrame([["A", 1, 2]], columns=["id", "duration", "duration"])
        with pytest.raises(DuplicateError, match=r"repeated columns \['duration'\]"):
            Network.from_frame(tasks)

    def test_ids_written_alike(self) -> None:
        """1 and '1' are different ids but one label: refused, naming both."""
        with pytest.raises(DuplicateError, match="written alike") as err:
            Network.from_records([{"id": "1", "duration": 1}, {"id": 1, "duration": 1}])
        assert err.value.duplicates == ("1", 1)

    def test_links_twice(self) -> None:
        """Links as a table and as predecessor strings at once is refused."""
        with pytest.raises(ValidationError, match="not both"):
            Network.from_frame({"id": ["A"], "duration": [1], "predecessors": [""]}, [])

    def test_records_needs_records(self) -> None:
        """from_records refuses a mapping of columns, pointing to from_frame."""
        with pytest.raises(ValidationError, match="use from_frame"):
            Network.from_records({"id": ["A"], "duration": [1]})  # type: ignore[arg-type]
