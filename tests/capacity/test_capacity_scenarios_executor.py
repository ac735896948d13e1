"""compare_scenarios with executor=: the same allocations locally, on a process pool
and on a Dask LocalCluster; a worker's pmokit error comes back as itself."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest
from numpy.testing import assert_array_equal

from pmokit.capacity import Demand, Person, Scenario, compare_scenarios
from pmokit.errors import UnknownReferenceError, ValidationError
from tests._requires import requires_dask


def _inputs() -> tuple[list[Person], list[Demand], list[Scenario]]:
    people = [Person("ana", ["sql"]), Person("bob", ["sql", "py"], max_utilisation=0.5),
              Person("cy", ["py"])]
    demands = [Demand("p", "sql", [60.0, 10.0, 0.0]), Demand("q", "sql", [20.0, 0.0, 5.0]),
               Demand("r", "py", [30.0, 30.0, 30.0])]
    scenarios = [
        Scenario("delay q", shift_projects={"q": 1}),
        Scenario("pull q", shift_projects={"q": -1}),
        Scenario("lose bob", remove_people=["bob"]),
        Scenario("halve p", scale_projects={"p": 0.5}),
        Scenario("hire", add_people=[Person("dee", ["sql", "go"])]),
    ]
    return people, demands, scenarios


def _same(a: Any, b: Any) -> None:
    assert a.names == b.names
    assert a.to_records() == b.to_records()
    for x, y in zip(a.allocations, b.allocations, strict=True):
        assert_array_equal(x.hours, y.hours)
        assert_array_equal(x.unmet, y.unmet)
        assert x == y


@pytest.fixture(scope="module")
def pool() -> Any:
    with ProcessPoolExecutor(2) as ex:
        yield ex


class TestExecutor:
    @pytest.mark.parametrize("chunk", [None, 2])
    def test_process_pool_equals_local(self, pool: Any, chunk: int | None) -> None:
        """Scenarios solved on two worker processes equal the local solve."""
        people, demands, scenarios = _inputs()
        _same(compare_scenarios(people, demands, scenarios, periods=3),
              compare_scenarios(people, demands, scenarios, periods=3, executor=pool,
                                chunk_size=chunk))

    @requires_dask
    def test_dask_equals_local(self) -> None:
        """The same on a Dask LocalCluster of 2 worker processes."""
        import distributed

        people, demands, scenarios = _inputs()
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            remote = compare_scenarios(people, demands, scenarios, periods=3,
                                       executor=client.get_executor())
        _same(compare_scenarios(people, demands, scenarios, periods=3), remote)

    def test_worker_error_comes_back(self, pool: Any) -> None:
        """A scenario removing an unknown person fails in its worker and reaches the
        caller as UnknownReferenceError."""
        people, demands, _ = _inputs()
        with pytest.raises(UnknownReferenceError, match="zed"):
            compare_scenarios(people, demands, [Scenario("x", remove_people=["zed"])],
                              periods=3, executor=pool)

    def test_bad_executor_and_chunk(self) -> None:
        """A non-Executor and a chunk size below 1 are refused."""
        people, demands, scenarios = _inputs()
        with pytest.raises(ValidationError, match="'executor' must be"):
            compare_scenarios(people, demands, scenarios, periods=3,
                              executor="dask")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'chunk_size' must be an int >= 1"):
            compare_scenarios(people, demands, scenarios, periods=3, chunk_size=0)
