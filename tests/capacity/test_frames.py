"""Person.from_frame / Demand.from_frame: rows by label, errors by row and column."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from pmokit.capacity import Demand, Person, allocate
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from tests._requires import requires_pandas

PEOPLE = [{"id": 1, "fte": 1.0, "cost_rate": 50.0}, {"id": 2, "fte": 0.5, "team": "data"}]
SKILLS = {"id": [2, 1], "python": [3.0, 0.0], "sql": [float("nan"), 2.0]}
AVAIL = [{"id": 1, "m1": 100, "m2": 80}, {"id": 2, "m1": 60, "m2": 60}]


class TestPersonFromFrame:
    """People, a wide skill matrix and availability, by label."""

    def test_skill_matrix_nan_and_zero(self) -> None:
        """NaN and 0 in the wide skill sheet mean 'no skill' (rows matched by id, not
        position: the sheet lists person 2 first)."""
        a, b = Person.from_frame(PEOPLE, SKILLS, AVAIL)
        assert (a.id, a.skills, a.cost_rate) == (1, (("sql", 2.0),), 50.0)
        assert (b.id, b.skills, b.team, b.fte) == (2, (("python", 3.0),), "data", 0.5)
        assert_allclose(a.availability, [100, 80])
        assert_allclose(b.availability, [60, 60])

    def test_same_as_constructor(self) -> None:
        """The table gives the same people as the constructor."""
        got = Person.from_records(PEOPLE, [{"id": 1, "sql": 2}], AVAIL)
        assert got[0] == Person(1, {"sql": 2.0}, fte=1.0, cost_rate=50.0,
                                availability=[100, 80])
        assert got[1] == Person(2, [], fte=0.5, team="data", availability=[60, 60])

    def test_shuffled_rows_and_columns(self) -> None:
        """Shuffled rows and columns of every table give the same people per id."""
        a = {p.id: p for p in Person.from_frame(PEOPLE, SKILLS, AVAIL, periods=["m1", "m2"])}
        skills = {"sql": [2.0, float("nan")], "id": [1, 2], "python": [0.0, 3.0]}
        avail = [{"m2": 60, "id": 2, "m1": 60}, {"m2": 80, "m1": 100, "id": 1}]
        b = {p.id: p for p in Person.from_frame(PEOPLE[::-1], skills, avail,
                                                periods=["m1", "m2"])}
        assert a == b

    @requires_pandas
    def test_dataframes_with_index(self) -> None:
        """A skill matrix indexed by person id (no id column) is matched by the index."""
        import pandas as pd

        people = pd.DataFrame({"name": ["ana", "bob"], "fte": [1.0, 0.8]})
        skills = pd.DataFrame({"python": [4, None], "sql": [0, 2]}, index=["bob", "ana"])
        got = Person.from_frame(people, skills, id="name")
        assert Person.from_frame(people.set_index("name"), skills) == got
        assert [(p.id, p.skills) for p in got] == [("ana", (("sql", 2.0),)),
                                                   ("bob", (("python", 4.0),))]

    @requires_pandas
    def test_default_index_is_not_a_label(self) -> None:
        """A skill sheet with pandas' default 0, 1, 2 index and no id column is refused:
        rows are never matched by position."""
        import pandas as pd

        with pytest.raises(ValidationError, match=r"no required column 'id'.*never by position"):
            Person.from_frame(PEOPLE, pd.DataFrame({"python": [1, 2]}))

    def test_missing_column(self) -> None:
        """A missing id column is named, with the columns present."""
        with pytest.raises(ValidationError, match=r"'people' has no required column 'id' "
                                                  r"\(columns: 'who'\) and no labelled index"):
            Person.from_frame({"who": ["a"]})

    def test_unknown_label(self) -> None:
        """A skill-sheet row naming no person: every unknown label listed, row and column."""
        with pytest.raises(UnknownReferenceError, match=r"skills record 1, column 'id': "
                                                        r"unknown person 9") as err:
            Person.from_records(PEOPLE, [{"id": 1, "sql": 1}, {"id": 9, "sql": 1},
                                         {"id": 8, "sql": 1}])
        assert err.value.unknown == (9, 8)

    def test_not_a_number(self) -> None:
        """A level or an availability that is not a number names row and column."""
        with pytest.raises(ValidationError, match=r"skills row 1, column 'sql': the "
                                                  r"proficiency level must be a number"):
            Person.from_frame(PEOPLE, {"id": [1, 2], "sql": [1, "high"]})
        with pytest.raises(ValidationError, match=r"people record 0, column 'fte': the fte "
                                                  r"must be a number \[FTE\] \(got '1'"):
            Person.from_records([{"id": 1, "fte": "1"}])
        with pytest.raises(ValidationError, match=r"availability record 1, column 'm2': "
                                                  r"the availability is missing"):
            Person.from_records(PEOPLE, None, [{"id": 1, "m1": 1, "m2": 2}, {"id": 2, "m1": 1}])

    def test_negative_level(self) -> None:
        """A negative level is refused (0 is no skill, below 0 is a mistake)."""
        with pytest.raises(ValidationError, match=r"row 0, column 'sql'.*>= 0"):
            Person.from_frame(PEOPLE, {"id": [1], "sql": [-1]})

    def test_duplicate_id(self) -> None:
        """A duplicate id names both rows."""
        with pytest.raises(DuplicateError, match=r"people record 2, column 'id': duplicate "
                                                 r"id 1 \(first at record 0\)"):
            Person.from_records([*PEOPLE, {"id": 1}])
        with pytest.raises(DuplicateError, match=r"skills row 1, column 'id': duplicate id 1"):
            Person.from_frame(PEOPLE, {"id": [1, 1], "sql": [1, 2]})

    def test_bad_field_names_row(self) -> None:
        """A field the Person refuses (fte as a percent) is reported with its row."""
        with pytest.raises(ValidationError, match=r"people record 0: 'fte of person 1'"):
            Person.from_records([{"id": 1, "fte": 80}])

    def test_bad_id(self) -> None:
        """Ids follow the one id rule: a float id is refused, naming row and column."""
        with pytest.raises(ValidationError, match=r"people row 0, column 'id'.*float"):
            Person.from_frame({"id": [1.5]})

    def test_periods_by_label(self) -> None:
        """periods picks availability columns by label; an absent label is an error."""
        (p,) = Person.from_records([{"id": 1}], None, [{"id": 1, "b": 2, "a": 1}],
                                   periods=["a", "b"])
        assert_allclose(p.availability, [1, 2])
        with pytest.raises(ValidationError, match=r"no column for the periods \['c'\]"):
            Person.from_records([{"id": 1}], None, [{"id": 1, "a": 1}], periods=["a", "c"])

    def test_records_needs_records(self) -> None:
        """from_records refuses a mapping of columns, pointing to from_frame."""
        with pytest.raises(ValidationError, match="use from_frame"):
            Person.from_records({"id": [1]})  # type: ignore[arg-type]


class TestDemandFromFrame:
    """Demands: project, skill and one column per period."""

    def test_wide_hours(self) -> None:
        """Hours per period by column; a blank cell is 0 hours; optional value."""
        d = Demand.from_records([
            {"project": 1, "skill": "sql", "m1": 10, "m2": None, "value": 3},
            {"project": 2, "skill": "python", "m1": 0, "m2": 5},
        ])
        assert d[0] == Demand(1, "sql", [10, 0], value=3.0)
        assert d[1] == Demand(2, "python", [0, 5])

    def test_shuffled_columns_and_allocation(self) -> None:
        """Shuffled columns (periods by label) and rows give the same allocation."""
        people = Person.from_frame(PEOPLE, SKILLS, AVAIL, periods=["m1", "m2"])
        rows = [{"project": "x", "skill": "sql", "m1": 30, "m2": 10, "value": 99},
                {"project": "y", "skill": "python", "m1": 20, "m2": 40, "value": 99}]
        shuffled = [{"m2": 40, "skill": "python", "value": 99, "project": "y", "m1": 20},
                    {"value": 99, "m2": 10, "m1": 30, "project": "x", "skill": "sql"}]
        a = allocate(people, Demand.from_records(rows, periods=["m1", "m2"]),
                     periods=2, hours_per_period=160)
        b = allocate(people, Demand.from_records(shuffled, periods=["m1", "m2"]),
                     periods=2, hours_per_period=160)
        assert (a.objective, a.cost) == (b.objective, b.cost)
        assert a.cost == 50.0 * 40  # person 1 covers the 40 sql hours at 50 an hour
        assert_allclose(a.unmet.sum(), b.unmet.sum())

    @requires_pandas
    def test_dataframe(self) -> None:
        """A DataFrame gives the same demands as records."""
        import pandas as pd

        rows = [{"project": 1, "skill": "sql", "m1": 10.0, "m2": 2.0}]
        assert Demand.from_frame(pd.DataFrame(rows)) == Demand.from_records(rows)

    def test_errors(self) -> None:
        """Missing column, text hours and a duplicate (project, skill), by row and column."""
        with pytest.raises(ValidationError, match=r"'demands' has no required column 'skill'"):
            Demand.from_records([{"project": 1, "m1": 1}])
        with pytest.raises(ValidationError, match=r"demands record 0, column 'm2': the hours "
                                                  r"must be a number \[hours\] \(got 'ten'"):
            Demand.from_records([{"project": 1, "skill": "a", "m1": 1, "m2": "ten"}])
        with pytest.raises(DuplicateError, match=r"demands row 1, column 'skill': duplicate "
                                                 r"demand \(1, 'a'\) \(first at row 0\)"):
            Demand.from_frame({"project": [1, 1], "skill": ["a", "a"], "m1": [1, 2]})
        with pytest.raises(ValidationError, match="no period columns"):
            Demand.from_records([{"project": 1, "skill": "a"}])
