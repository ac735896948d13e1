"""What-if scenarios: add or remove people, shift or scale projects, compared side by side."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from pmokit._executor import Shared, check_chunk_size, check_executor, chunk_ranges, run_chunks
from pmokit._progress import Progress, ProgressLike, check_progress
from pmokit._results import Record, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import Problems, check_id, check_ids, check_known
from pmokit.capacity._allocate import Allocation, allocate
from pmokit.capacity._inputs import Demand, Keyed, Person
from pmokit.errors import UnknownReferenceError, ValidationError

__all__ = ["Scenario", "ScenarioComparison", "compare_scenarios"]



def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a sequence (got {value!r:.60} that is a "
                              f"{type(value).__name__})")
    return tuple(value)


def _mapping(
    value: Keyed[float] | Iterable[tuple[Hashable, float]],
) -> tuple[tuple[Any, Any], ...]:
    if isinstance(value, Mapping):
        return tuple(value.items())
    items = _tuple(value)
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise ValidationError(
                f"expected a mapping project -> number or (project, number) pairs "
                f"(got the item {item!r:.60})"
            )
    return items


@attrs.frozen
class Scenario:
    """A variant of the plan.

    Parameters
    ----------
    name
        Label of the scenario.
    add_people
        People to add.
    remove_people
        Ids of people to remove.
    shift_projects
        Project -> number of periods to move its demand by (positive = later). Hours
        pushed past the horizon are dropped and reported as ``hours_out_of_horizon``.
    scale_projects
        Project -> factor on its demanded hours (0 cancels the project).
    """

    name: str
    add_people: tuple[Person, ...] = attrs.field(default=(), converter=_tuple, kw_only=True)
    remove_people: tuple[Hashable, ...] = attrs.field(default=(), converter=_tuple, kw_only=True)
    shift_projects: tuple[tuple[Hashable, int], ...] = attrs.field(
        default=(), converter=_mapping, kw_only=True
    )
    scale_projects: tuple[tuple[Hashable, float], ...] = attrs.field(
        default=(), converter=_mapping, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if not isinstance(self.name, str) or not self.name.strip():
            p.add(f"'name' of a scenario must be a non-empty string (got {self.name!r})")
        who = f"scenario {self.name!r}"
        for i, person in enumerate(self.add_people):
            if not isinstance(person, Person):
                p.add(
                    f"add_people[{i}] of {who} must be a Person (got {type(person).__name__})"
                )
        for i, pid in enumerate(self.remove_people):
            if (m := check_id(pid, f"remove_people[{i}] of {who}")) is not None:
                p.add(m)
        for name, items in (
            ("shift_projects", self.shift_projects),
            ("scale_projects", self.scale_projects),
        ):
            for proj, _ in items:
                if (m := check_id(proj, f"project of {name} of {who}")) is not None:
                    p.add(m)
        for proj, k in self.shift_projects:
            if isinstance(k, bool | np.bool_) or not isinstance(k, int | np.integer):
                p.add(
                    f"shift of project {proj!r} in {who} must be a whole number of periods "
                    f"(got {k!r})"
                )
        for proj, f in self.scale_projects:
            p.check_number(f, f"scale of project {proj!r} in {who}", minimum=0.0)
        p.raise_if_any()
        for name, keys in (
            ("remove_people", list(self.remove_people)),
            ("shift_projects", [k for k, _ in self.shift_projects]),
            ("scale_projects", [k for k, _ in self.scale_projects]),
        ):
            check_ids(keys, f"{name} of {who}")


@display()
@attrs.frozen
class ScenarioComparison:
    """Scenarios solved and compared; the baseline is the first row.

    Attributes
    ----------
    names
        Scenario names, ``"baseline"`` first.
    allocations
        One allocation per scenario.
    hours_out_of_horizon
        Demand hours shifted past the last period, per scenario [hours].
    """

    names: tuple[str, ...]
    allocations: tuple[Allocation, ...]
    hours_out_of_horizon: tuple[float, ...]

    def __getitem__(self, name: str) -> Allocation:
        """The allocation of the scenario called ``name``.

        Raises
        ------
        UnknownReferenceError
            If no scenario has that name (also a ``KeyError``).
        """
        if name not in self.names:
            check_known([name], self.names, "scenario", "scenario")
        return self.allocations[self.names.index(name)]

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def get(self, name: str, default: Allocation | None = None) -> Allocation | None:
        """The allocation of scenario ``name``, or ``default`` if there is none."""
        return self[name] if name in self.names else default

    def to_records(self) -> list[Record]:
        """One record per scenario: objective, cost, unmet hours, coverage, utilisation.

        ``delta_objective`` is against the baseline; ``coverage`` is covered over demanded
        hours (NaN, undefined, when the scenario demands no hours); ``peak_utilisation``
        the highest person-period utilisation;
        ``top_bottleneck`` the skill with the highest shadow price (or None).
        """
        base = self.allocations[0].objective
        out = []
        for name, a, lost in zip(
            self.names, self.allocations, self.hours_out_of_horizon, strict=True
        ):
            dem = float(a.demanded.sum())
            out.append(
                {
                    "scenario": name,
                    "objective": a.objective,
                    "delta_objective": a.objective - base,
                    "cost": a.cost,
                    "unmet_hours": a.total_unmet_hours,
                    "coverage": float(a.covered.sum()) / dem if dem > 0 else float("nan"),
                    "peak_utilisation": float(a.utilisation.max()) if a.utilisation.size else 0.0,
                    "top_bottleneck": a.bottlenecks[0].skill if a.bottlenecks else None,
                    "hours_out_of_horizon": lost,
                    "status": a.status,
                }
            )
        return out

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame indexed by scenario (needs pandas)."""
        return records_to_frame(self.to_records(), index="scenario")


def _apply(
    scenario: Scenario, people: list[Person], demands: list[Demand]
) -> tuple[list[Person], list[Demand], float]:
    p = Problems()
    unknown: list[Hashable] = []
    ids = {person.id for person in people}
    projects = {d.project for d in demands}
    for pid in scenario.remove_people:
        if pid not in ids:
            unknown.append(pid)
            p.add(f"scenario {scenario.name!r} removes person {pid!r}, who is not in 'people'")
    for kind, items in (("shifts", scenario.shift_projects), ("scales", scenario.scale_projects)):
        for proj, _ in items:
            if proj not in projects:
                unknown.append(proj)
                p.add(f"scenario {scenario.name!r} {kind} project {proj!r}, which has no demand")
    if p:
        raise UnknownReferenceError(p.items, unknown)
    removed = set(scenario.remove_people)
    new_people = [x for x in people if x.id not in removed] + list(scenario.add_people)
    shift = dict(scenario.shift_projects)
    scale = dict(scenario.scale_projects)
    lost = 0.0
    new_demands = []
    for d in demands:
        hours = np.array(d.hours, dtype=np.float64) * float(scale.get(d.project, 1.0))
        k = int(shift.get(d.project, 0))
        if k:
            moved = np.zeros_like(hours)
            if k > 0:
                moved[k:] = hours[: hours.size - k] if k < hours.size else []
                lost += float(hours[max(hours.size - k, 0) :].sum())
            else:
                moved[: hours.size + k] = hours[-k:] if -k < hours.size else []
                lost += float(hours[: min(-k, hours.size)].sum())
            hours = moved
        new_demands.append(attrs.evolve(d, hours=hours))
    return new_people, new_demands, lost


def _scenario_chunk(work: tuple[Shared[Any], Sequence[Scenario]]) -> list[tuple[Any, float]]:
    """The allocation of each scenario of a chunk and its hours out of the horizon."""
    shared, chunk = work
    people, demands, base_kw, base_skills, own_catalogue = shared.get()
    kw = dict(base_kw)
    out = []
    for sc in chunk:
        sp, sd, lost = _apply(sc, people, demands)
        if own_catalogue:
            # keep the baseline's catalogue, so removing the last holder of a skill leaves
            # its demand unmet instead of unknown
            added = (s for person in sc.add_people for s, _ in person.skills)
            kw["skills"] = tuple(dict.fromkeys([*base_skills, *added]))
        out.append((allocate(sp, sd, **kw), lost))
    return out


def compare_scenarios(
    people: Sequence[Person],
    demands: Sequence[Demand],
    scenarios: Iterable[Scenario],
    *,
    periods: int | Sequence[Hashable],
    hours_per_period: float | Sequence[float] | FloatArray = 40.0,
    skills: Iterable[str] | None = None,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int | None = None,
    progress: ProgressLike = None,
) -> ScenarioComparison:
    """Solve the baseline and every scenario, side by side.

    Parameters
    ----------
    people, demands, periods, hours_per_period, skills
        The baseline, as for :func:`~pmokit.capacity.allocate`.
    scenarios
        The variants; names must be unique and not ``"baseline"``.
    executor
        A ``concurrent.futures.Executor`` (a ``ProcessPoolExecutor``, a Dask client's
        ``get_executor()``) that solves the scenarios in chunks; None (default) solves
        them here. It never changes the numbers.
    chunk_size
        Scenarios solved per task (default 1). It never changes the numbers.
    progress
        None (default), True for a tqdm bar (``pip install 'pmokit[progress]'``), or a
        callback called with a :class:`~pmokit.progress.ProgressInfo` after each solve
        (``done`` and ``total`` allocations, baseline included; ``elapsed`` [s]);
        returning True or raising StopIteration stops the sweep, and the comparison then
        holds the baseline and the scenarios solved so far (with an executor, after
        each chunk).

    Returns
    -------
    ScenarioComparison

    Raises
    ------
    UnknownReferenceError
        If a scenario removes an unknown person or shifts/scales a project without demand.
    ValidationError
        For duplicate scenario names, a non-integer shift or a negative scale; an
        ``executor`` that is not an Executor or a ``chunk_size`` below 1. An error
        raised in a worker comes back as itself.

    Examples
    --------
    >>> from pmokit.capacity import Demand, Person
    >>> people = [Person("ana", ["sql"], max_utilisation=1.0)]
    >>> demands = [Demand("p", "sql", [60.0, 0.0]), Demand("q", "sql", [20.0, 0.0])]
    >>> cmp = compare_scenarios(people, demands, [
    ...     Scenario("delay q", shift_projects={"q": 1}),
    ...     Scenario("hire", add_people=[Person("new", ["sql"], max_utilisation=1.0)])],
    ...     periods=2)
    >>> [(r["scenario"], r["unmet_hours"]) for r in cmp.to_records()]
    [('baseline', 40.0), ('delay q', 20.0), ('hire', 0.0)]
    """
    executor = check_executor(executor)
    chunk = check_chunk_size(chunk_size)
    people = list(people)
    demands = list(demands)
    scenarios = list(scenarios)
    p = Problems()
    names: list[str] = ["baseline"]
    for i, sc in enumerate(scenarios):
        if not isinstance(sc, Scenario):
            p.add(f"scenarios[{i}] must be a Scenario (got {type(sc).__name__})")
            continue
        if sc.name in names:
            p.add(f"scenario name {sc.name!r} must be unique and not 'baseline' (got it twice)")
        names.append(sc.name)
    if (problem := check_progress(progress)) is not None:
        p.add(problem)
    p.raise_if_any()
    kw: dict[str, Any] = {
        "periods": periods,
        "hours_per_period": hours_per_period,
        "skills": skills,
    }
    bar = Progress(progress, 1 + len(scenarios), desc="scenarios", unit="scenario")
    allocations = [allocate(people, demands, **kw)]
    lost = [0.0]
    shared = Shared((people, demands, kw, allocations[0].skills, skills is None))
    work = [(shared, scenarios[lo:hi]) for lo, hi in chunk_ranges(len(scenarios), chunk or 1)]
    if scenarios and bar.update(len(allocations)):  # the callback stopped the sweep
        names = names[:1]
        work = []
    for part in run_chunks(_scenario_chunk, work, executor):
        for allocation, out in part:
            allocations.append(allocation)
            lost.append(out)
        if bar.update(len(allocations)) and len(allocations) < len(names):
            names = names[: len(allocations)]  # the callback stopped the sweep
            break
    if not scenarios:
        bar.update(len(allocations))
    bar.close()
    if len(names) != len(allocations):  # pragma: no cover - guarded above
        raise ValidationError("scenario names and allocations differ")
    return ScenarioComparison(
        names=tuple(names), allocations=tuple(allocations), hours_out_of_horizon=tuple(lost)
    )
