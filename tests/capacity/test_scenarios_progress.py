"""compare_scenarios(progress=): callback, early stop and the tqdm bar (issue 17)."""

from __future__ import annotations

import pytest

from pmokit.capacity import Demand, Person, Scenario, compare_scenarios
from pmokit.errors import ValidationError
from pmokit.progress import ProgressInfo
from tests._requires import requires_tqdm

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
