"""Tests of what-if scenarios."""

from __future__ import annotations

import pytest

from pmokit.capacity import Demand, Person, Scenario, compare_scenarios
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.progress import ProgressInfo
from tests._requires import requires_pandas, requires_tqdm


def base() -> tuple[list[Person], list[Demand]]:
    people = [Person("ana", ["sql"], max_utilisation=1.0), Person("bob", ["sql"], fte=0.5)]
    demands = [Demand("p", "sql", [60.0, 10.0, 0.0]), Demand("q", "sql", [20.0, 0.0, 5.0])]
    return people, demands


class TestCompareScenarios:
    """Scenarios solved side by side."""

    def test_by_hand(self) -> None:
        """Capacity 40 + 17 = 57 h a week; shifting, removing and scaling by hand."""
        people, demands = base()
        cmp = compare_scenarios(
            people,
            demands,
            [
                Scenario("delay q", shift_projects={"q": 1}),
                Scenario("pull q", shift_projects={"q": -1}),
                Scenario("lose bob", remove_people=["bob"]),
                Scenario("halve p", scale_projects={"p": 0.5}),
                Scenario("hire", add_people=[Person("cy", ["sql"])]),
            ],
            periods=3,
        )
        rows = {r["scenario"]: r for r in cmp.to_records()}
        assert rows["baseline"]["unmet_hours"] == pytest.approx(80 - 57)
        # q moves to week 2: 60 vs 57 in week 1, 30 vs 57 in week 2, q's 5 h drop out
        assert rows["delay q"]["unmet_hours"] == pytest.approx(3.0)
        assert rows["delay q"]["hours_out_of_horizon"] == pytest.approx(5.0)
        # q moves earlier: its week-1 20 h drop out, 5 h land in week 2
        assert rows["pull q"]["hours_out_of_horizon"] == pytest.approx(20.0)
        assert rows["pull q"]["unmet_hours"] == pytest.approx(3.0)
        assert rows["lose bob"]["unmet_hours"] == pytest.approx(40.0)
        assert rows["halve p"]["unmet_hours"] == pytest.approx(0.0)
        # cy adds 34 h, more than the 23 h missing
        assert rows["hire"]["unmet_hours"] == pytest.approx(0.0)
        assert rows["hire"]["delta_objective"] == pytest.approx(-23.0)
        assert rows["baseline"]["top_bottleneck"] == "sql"
        assert cmp["lose bob"].people == ("ana",)
        with pytest.raises(KeyError):
            cmp["nope"]

    @requires_pandas
    def test_to_frame(self) -> None:
        """The table is indexed by scenario, baseline first."""
        people, demands = base()
        cmp = compare_scenarios(people, demands, [Scenario("delay q", shift_projects={"q": 1})],
                                periods=3)
        assert cmp.to_frame().index[0] == "baseline"

    def test_removing_the_last_holder(self) -> None:
        """Removing everyone with a skill leaves its demand unmet, not unknown."""
        people = [Person("a", ["x"]), Person("b", ["y"])]
        demands = [Demand("p", "y", [10.0], value=5.0)]
        cmp = compare_scenarios(people, demands, [Scenario("no b", remove_people=["b"])], periods=1)
        assert cmp["no b"].total_unmet_hours == pytest.approx(10.0)
        assert cmp["no b"].shadow_price[cmp["no b"].skills.index("y"), 0] == pytest.approx(5.0)

    def test_unknown_references(self) -> None:
        """Unknown people and projects are all named."""
        people, demands = base()
        with pytest.raises(UnknownReferenceError) as e:
            compare_scenarios(
                people,
                demands,
                [Scenario("x", remove_people=["zed"], shift_projects={"r": 1})],
                periods=3,
            )
        assert set(e.value.unknown) == {"zed", "r"}

    def test_bad_values(self) -> None:
        """A fractional shift, a negative scale and duplicate names are refused."""
        people, demands = base()
        with pytest.raises(ValidationError) as e:
            compare_scenarios(
                people,
                demands,
                [Scenario("x", shift_projects={"p": 1.5}, scale_projects={"q": -1})],
                periods=3,
            )
        assert len(e.value.problems) == 2
        with pytest.raises(ValidationError, match="must be unique"):
            compare_scenarios(people, demands, [Scenario("a"), Scenario("a")], periods=3)
        with pytest.raises(ValidationError, match="baseline"):
            compare_scenarios(people, demands, [Scenario("baseline")], periods=3)


class TestScenarioValidation:
    """A scenario checks its own fields when built; comparisons follow the mapping rules."""

    def test_repeated_project(self) -> None:
        """Two shifts of one project: the last silently won."""
        with pytest.raises(DuplicateError, match="'p'"):
            Scenario("s", shift_projects=[("p", 1), ("p", 2)])

    def test_bad_fields_when_built(self) -> None:
        """An empty name, a fractional shift and an empty person id, named at once."""
        with pytest.raises(ValidationError) as e:
            Scenario("", shift_projects={"p": 1.5}, remove_people=[""])
        assert len(e.value.problems) == 3

    def test_unknown_project(self) -> None:
        """shift_projects={'ZZZ': 1} names a project without demand."""
        people, demands = base()
        with pytest.raises(UnknownReferenceError, match="'ZZZ'"):
            compare_scenarios(people, demands, [Scenario("s", shift_projects={"ZZZ": 1})],
                              periods=3)

    def test_lookup_follows_the_mapping_convention(self) -> None:
        """An unknown scenario raised a bare KeyError; now UnknownReferenceError."""
        people, demands = base()
        cmp = compare_scenarios(people, demands, [Scenario("s")], periods=3)
        with pytest.raises(UnknownReferenceError, match="'nope'"):
            cmp["nope"]
        assert "s" in cmp and "nope" not in cmp
        assert list(cmp) == ["baseline", "s"] and len(cmp) == 2
        assert cmp.get("nope") is None and cmp.get("s") is cmp["s"]


PEOPLE = [Person("ana", ["sql"], max_utilisation=1.0)]


DEMANDS = [Demand("p", "sql", [60.0, 0.0]), Demand("q", "sql", [20.0, 0.0])]


SCENARIOS = [
    Scenario("delay q", shift_projects={"q": 1}),
    Scenario("hire", add_people=[Person("new", ["sql"], max_utilisation=1.0)]),
    Scenario("drop q", scale_projects={"q": 0.0}),
]


class TestProgress:
    """Reporting and stopping a sweep."""

    def test_reports_each_solve(self) -> None:
        """One report per allocation, baseline included; the comparison is unchanged."""
        seen: list[ProgressInfo] = []
        plain = compare_scenarios(PEOPLE, DEMANDS, SCENARIOS, periods=2)
        cmp = compare_scenarios(PEOPLE, DEMANDS, SCENARIOS, periods=2, progress=seen.append)
        assert [(i.done, i.total) for i in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
        assert cmp.to_records() == plain.to_records()

    def test_early_stop(self) -> None:
        """Stopping after two solves keeps the baseline and the first scenario."""
        cmp = compare_scenarios(PEOPLE, DEMANDS, SCENARIOS, periods=2,
                                progress=lambda info: info.done >= 2)
        assert cmp.names == ("baseline", "delay q") and len(cmp.allocations) == 2
        assert [r["unmet_hours"] for r in cmp.to_records()] == [40.0, 20.0]

    @requires_tqdm
    def test_bar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True draws a bar counting scenarios."""
        compare_scenarios(PEOPLE, DEMANDS, SCENARIOS, periods=2, progress=True)
        err = capsys.readouterr().err
        assert "scenarios" in err and "4/4" in err

    def test_bad_progress(self) -> None:
        """A progress that is not a bool or callable is refused by name."""
        with pytest.raises(ValidationError, match="'progress' must be"):
            compare_scenarios(PEOPLE, DEMANDS, SCENARIOS, periods=2, progress="bar")  # type: ignore[arg-type]
