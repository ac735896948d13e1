"""Planning on top of an allocation: heatmap data, FTE gaps, hiring and training options."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from pmokit._results import PicklesReadOnly, Record, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import Problems, check_flag, check_plausible
from pmokit.capacity._allocate import Allocation, allocate
from pmokit.capacity._inputs import (
    ARRAY_EQ,
    FTE_BOUND,
    Demand,
    Person,
    _check_share,
    is_finite_number,
)
from pmokit.capacity._records import Records
from pmokit.errors import ValidationError

__all__ = [
    "CapacityHeatMap",
    "Hire",
    "HiringPlan",
    "TrainingOption",
    "heatmap",
    "recommend_hires",
    "train_instead_of_hire",
]



def _ro(arr: FloatArray) -> FloatArray:
    arr.setflags(write=False)
    return arr


def _check_allocation(allocation: Any) -> None:
    if not isinstance(allocation, Allocation):
        raise ValidationError(
            f"'allocation' must be an Allocation from allocate() (got {type(allocation).__name__})"
        )


@display()
@attrs.frozen
class CapacityHeatMap(PicklesReadOnly):
    """Supply against demand per skill and period: the numbers behind a capacity heat map.

    All arrays are ``skills x periods`` and read-only. (Formerly ``Heatmap``, renamed to
    tell it from the risk heat map of :mod:`pmokit.monitoring`; the old name works for
    one release with a DeprecationWarning.)

    Attributes
    ----------
    skills, periods
        Row and column labels.
    demand
        Hours demanded [hours].
    supply
        Hours that holders of the skill could give (availability x utilisation cap),
        each multi-skilled person counted in every skill they hold [hours]; an upper
        bound on what the skill can receive.
    allocated
        Hours allocated to the skill by the optimal allocation [hours].
    unmet
        Hours demanded and not allocated [hours].
    load
        ``demand / supply``; above 1 the skill cannot be covered even if its holders did
        nothing else. Where ``supply`` is 0 (nobody holds the skill, or its holders have
        no capacity in the period) the ratio is undefined and ``load`` is NaN; ``unmet``
        and ``gap_fte`` then show the whole demand as missing. No value is infinite.
    gap_fte
        Unmet hours as full-time people, ``unmet / hours_per_period`` [FTE].
    shadow_price
        The allocation's shadow price [currency per hour].
    """

    skills: tuple[str, ...]
    periods: tuple[Hashable, ...]
    demand: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    supply: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    allocated: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    unmet: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    load: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    gap_fte: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    shadow_price: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)

    def to_records(self) -> list[Record]:
        """Long format: one record per skill and period with every measure."""
        out = []
        for s, skill in enumerate(self.skills):
            for t, period in enumerate(self.periods):
                out.append(
                    {
                        "skill": skill,
                        "period": period,
                        "demand": float(self.demand[s, t]),
                        "supply": float(self.supply[s, t]),
                        "allocated": float(self.allocated[s, t]),
                        "unmet": float(self.unmet[s, t]),
                        "load": float(self.load[s, t]),
                        "gap_fte": float(self.gap_fte[s, t]),
                        "shadow_price": float(self.shadow_price[s, t]),
                    }
                )
        return out

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _holder_matrix(allocation: Allocation, people: Sequence[Person]) -> FloatArray:
    """``people x skills`` proficiency levels (0 where the skill is not held)."""
    skill_of = {s: i for i, s in enumerate(allocation.skills)}
    level = np.zeros((len(people), len(allocation.skills)))
    for i, person in enumerate(people):
        for s, lv in person.skills:
            if s in skill_of:
                level[i, skill_of[s]] = lv
    return level


def _check_people(allocation: Allocation, people: Sequence[Person]) -> None:
    ids = tuple(p.id if isinstance(p, Person) else p for p in people)
    if ids != allocation.people:
        raise ValidationError(
            "'people' must be the people the allocation was computed for, in the same order "
            f"({len(allocation.people)} people starting {list(allocation.people[:3])!r}; "
            f"got {len(ids)} starting {list(ids[:3])!r})"
        )


def heatmap(allocation: Allocation, people: Sequence[Person]) -> CapacityHeatMap:
    """Supply and demand per skill and period, with the FTE gap and the shadow price.

    Parameters
    ----------
    allocation
        The result of :func:`~pmokit.capacity.allocate`.
    people
        The people given to ``allocate``, in the same order.

    Returns
    -------
    CapacityHeatMap

    Raises
    ------
    ValidationError
        If ``people`` is not the allocation's list of people.

    Examples
    --------
    >>> from pmokit.capacity import Demand, Person, allocate
    >>> people = [Person("ana", ["sql"], max_utilisation=1.0)]
    >>> a = allocate(people, [Demand("p", "sql", [20.0, 60.0])], periods=2)
    >>> h = heatmap(a, people)
    >>> h.load.tolist(), h.gap_fte.tolist()
    ([[0.5, 1.5]], [[0.0, 0.5]])

    A skill nobody holds has no load (NaN) and its whole demand as the gap:

    >>> a = allocate(people, [Demand("p", "java", [20.0, 0.0])], periods=2,
    ...              skills=["sql", "java"])
    >>> h = heatmap(a, people)
    >>> h.load[1].tolist(), h.gap_fte[1].tolist()
    ([nan, nan], [0.5, 0.0])
    """
    _check_allocation(allocation)
    _check_people(allocation, people)
    level = _holder_matrix(allocation, people)
    supply = (level > 0).T.astype(np.float64) @ allocation.capacity
    with np.errstate(divide="ignore", invalid="ignore"):
        # undefined (NaN, documented) where nothing can be supplied; never inf
        load = np.where(
            supply > 0, allocation.skill_demand / np.where(supply > 0, supply, 1.0), np.nan
        )
        hpp = allocation.hours_per_period
        gap = np.where(hpp > 0, allocation.skill_unmet / np.where(hpp > 0, hpp, 1.0), 0.0)
    return CapacityHeatMap(
        skills=allocation.skills,
        periods=allocation.periods,
        demand=allocation.skill_demand,
        supply=_ro(supply),
        allocated=allocation.skill_covered,
        unmet=allocation.skill_unmet,
        load=_ro(np.asarray(load, dtype=np.float64)),
        gap_fte=_ro(np.asarray(gap, dtype=np.float64)),
        shadow_price=allocation.shadow_price,
    )


@attrs.frozen
class Hire:
    """One recommended hire.

    Attributes
    ----------
    skill
        The skill to hire for.
    fte
        Size [FTE], a multiple of the plan's ``fte_step``.
    from_period
        Label of the first period the hire is needed.
    from_index
        Position of that period.
    level
        Proficiency level the hire needs (the highest minimum of the skill's demand).
    shadow_price
        The skill's shadow price summed over the periods, before hiring [currency per hour].
    """

    skill: str
    fte: float
    from_period: Hashable
    from_index: int
    level: float
    shadow_price: float


@display()
@attrs.frozen
class HiringPlan(PicklesReadOnly):
    """Hires that bring every skill to a target coverage, checked by re-allocating.

    Attributes
    ----------
    hires
        The recommended hires, most valuable skill first.
    target_coverage
        The coverage asked for (share of each skill's demanded hours).
    skills
        The skill catalogue.
    coverage_before, coverage_after
        Share of each skill's demanded hours covered before and after the hires (NaN,
        undefined, for a skill without demand).
    objective_before, objective_after
        The allocation objective before and after [currency].
    allocation
        The allocation with the hires.
    """

    hires: tuple[Hire, ...]
    target_coverage: float
    skills: tuple[str, ...]
    coverage_before: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    coverage_after: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)
    objective_before: float = attrs.field()
    objective_after: float = attrs.field()
    allocation: Allocation = attrs.field()

    @property
    def total_fte(self) -> float:
        """Total size of the hires [FTE]."""
        return float(sum(h.fte for h in self.hires))

    def to_records(self) -> list[Record]:
        """One record per hire."""
        return [attrs.asdict(h) for h in self.hires]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _skill_coverage(a: Allocation) -> FloatArray:
    dem = a.skill_demand.sum(axis=1)
    cov = a.skill_covered.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(dem > 0, cov / np.where(dem > 0, dem, 1.0), np.nan)


def recommend_hires(
    people: Sequence[Person],
    demands: Sequence[Demand],
    *,
    periods: int | Sequence[Hashable],
    hours_per_period: float | Sequence[float] | FloatArray = 40.0,
    skills: Iterable[str] | None = None,
    target_coverage: float = 0.95,
    fte_step: float = 0.5,
    max_utilisation: float = 0.85,
    cost_rate: float = 0.0,
    max_rounds: int = 5,
    check_units: bool = True,
) -> HiringPlan:
    """Hires per skill (size and start) that bring each skill's coverage to a target.

    For each skill the hours still needed to reach ``target_coverage`` in each period
    are turned into a hire from the first period of need, sized for the peak need at
    ``max_utilisation`` and rounded up to ``fte_step``. The hires are added as people
    holding only that skill (at the highest minimum proficiency its demand asks for)
    and the allocation is solved again; rounds repeat until every skill reaches the
    target or ``max_rounds`` is used. The plan reports the coverage actually reached.

    Parameters
    ----------
    people, demands, periods, hours_per_period, skills
        As for :func:`~pmokit.capacity.allocate`.
    target_coverage
        Share of each skill's demanded hours to cover, in (0, 1] (0.95, not 95).
    fte_step
        Hires are multiples of this size [FTE], > 0.
    max_utilisation
        Utilisation cap of the hires, in (0, 1] (0.85, not 85).
    cost_rate
        Cost of a hire's hour [currency per hour]; hours worth less than this stay unmet.
    max_rounds
        Most allocate-and-hire rounds, >= 1.
    check_units
        ``False`` to accept an ``fte_step`` above :data:`~pmokit.capacity.FTE_BOUND`
        (1.5), which is otherwise refused as a probable percent.

    Returns
    -------
    HiringPlan

    Raises
    ------
    ValidationError
        For a bad option or bad input to ``allocate``.

    Examples
    --------
    One python developer for 60 hours a week of python work (hires at 85 % of 40 h):

    >>> from pmokit.capacity import Demand, Person
    >>> plan = recommend_hires([Person("bob", ["python"], max_utilisation=1.0)],
    ...                        [Demand("apollo", "python", [30.0, 60.0, 60.0])],
    ...                        periods=3, target_coverage=1.0)
    >>> [(h.skill, h.fte, h.from_index) for h in plan.hires]
    [('python', 1.0, 1)]
    >>> plan.coverage_before.round(3).tolist(), plan.coverage_after.tolist()
    ([0.733], [1.0])
    """
    p = Problems()
    _check_share(p, target_coverage, "target_coverage")
    p.check_number(fte_step, "fte_step", minimum=0.0, strict_minimum=True)
    if is_finite_number(fte_step) and (
        slip := check_plausible(
            fte_step,
            "fte_step",
            bound=FTE_BOUND,
            hint="did you give a percent? fte_step is a fraction of full time (0.5 = half)",
            check_units=check_flag(check_units, "check_units"),
        )
    ):
        p.add(slip)
    _check_share(p, max_utilisation, "max_utilisation")
    p.check_number(cost_rate, "cost_rate", minimum=0.0)
    if isinstance(max_rounds, bool) or not isinstance(max_rounds, int | np.integer):
        p.add(f"'max_rounds' must be an integer >= 1 (got {max_rounds!r})")
    else:
        p.check_number(max_rounds, "max_rounds", minimum=1.0)
    p.raise_if_any()
    people = list(people)
    demands = list(demands)
    base = allocate(
        people, demands, periods=periods, hours_per_period=hours_per_period, skills=skills
    )
    hpp = base.hours_per_period
    n_t = len(base.periods)
    current = base
    added: list[Person] = []
    hires: list[Hire] = []
    for round_no in range(int(max_rounds)):
        need = np.maximum(target_coverage * current.skill_demand - current.skill_covered, 0.0)
        need[need < 1e-6] = 0.0
        reached = _skill_coverage(current)
        todo = [
            s
            for s in range(len(current.skills))
            if need[s].any() and not (reached[s] >= target_coverage - 1e-9)
        ]
        if not todo:
            break
        for s in todo:
            skill = current.skills[s]
            with np.errstate(divide="ignore", invalid="ignore"):
                per_fte = hpp * max_utilisation
                fte_need = np.where(per_fte > 0, need[s] / np.where(per_fte > 0, per_fte, 1), 0)
            peak = float(fte_need.max())
            if peak <= 0:
                continue
            fte = math.ceil(peak / fte_step - 1e-9) * fte_step
            first = int(np.flatnonzero(need[s] > 0)[0])
            levels = [d.min_proficiency for d in demands if d.skill == skill]
            level = max([*levels, 1.0])
            avail = np.zeros(n_t)
            avail[first:] = fte * hpp[first:]
            added.append(
                Person(
                    f"hire:{skill}:{round_no + 1}",
                    {skill: level},
                    fte=fte,
                    cost_rate=cost_rate,
                    availability=avail,
                    max_utilisation=max_utilisation,
                    check_units=False,  # one record stands for several hires
                )
            )
            hires.append(
                Hire(
                    skill=skill,
                    fte=fte,
                    from_period=current.periods[first],
                    from_index=first,
                    level=level,
                    shadow_price=float(base.shadow_price[s].sum()),
                )
            )
        current = allocate(
            people + added,
            demands,
            periods=periods,
            hours_per_period=hours_per_period,
            skills=skills,
        )
    merged: dict[tuple[str, int], Hire] = {}
    for h in hires:
        key = (h.skill, h.from_index)
        if key in merged:
            merged[key] = attrs.evolve(merged[key], fte=merged[key].fte + h.fte)
        else:
            merged[key] = h
    ordered = sorted(merged.values(), key=lambda h: (-h.shadow_price, h.from_index, h.skill))
    return HiringPlan(
        hires=tuple(ordered),
        target_coverage=float(target_coverage),
        skills=base.skills,
        coverage_before=_ro(_skill_coverage(base)),
        coverage_after=_ro(_skill_coverage(current)),
        objective_before=base.objective,
        objective_after=current.objective,
        allocation=current,
    )


@attrs.frozen
class TrainingOption:
    """A person who could cover unmet demand of a skill if trained in it.

    Attributes
    ----------
    person
        Id of the person.
    skill
        The skill to learn (or to improve to ``target_level``).
    current_level
        The person's level in the skill now (0 if not held).
    target_level
        The level the skill's demand asks for (the highest minimum proficiency, >= 1).
    coverable_hours
        Unmet hours of the skill the person's spare capacity could cover, period by
        period ``min(spare, unmet)`` [hours].
    value
        Those hours priced at the skill's shadow price in each period [currency]; an
        estimate valid while the optimal basis holds (an upper bound otherwise).
    similarity
        Cosine similarity of the person's skill profile with the average profile of the
        skill's current holders, in [0, 1]: people close to the skill learn it faster.
    """

    person: Hashable
    skill: str
    current_level: float
    target_level: float
    coverable_hours: float
    value: float
    similarity: float


def train_instead_of_hire(
    allocation: Allocation,
    people: Sequence[Person],
    *,
    top: int | None = 3,
) -> Records[TrainingOption]:
    """People with spare capacity who could cover unmet demand if trained in the skill.

    For every skill with unmet demand, every person below the level its demand needs is
    scored by the unmet hours their spare capacity (capacity minus allocated hours) could
    cover, valued at the skill's shadow price, and by how close their skill profile is to
    the skill's holders (skill matrix cosine similarity).

    Parameters
    ----------
    allocation
        The result of :func:`~pmokit.capacity.allocate`.
    people
        The people given to ``allocate``, in the same order.
    top
        Keep the best ``top`` options per skill (``None`` for all).

    Returns
    -------
    Records of TrainingOption
        Highest value first (ties: most similar first); a tuple with ``to_records()`` and
        ``to_frame()``.

    Raises
    ------
    ValidationError
        If ``people`` is not the allocation's list of people, or ``top`` < 1.

    Examples
    --------
    Cy has a free week and analysis skills close to ana's; python is short by 20 hours:

    >>> from pmokit.capacity import Demand, Person, allocate
    >>> people = [Person("bob", {"python": 3, "sql": 2}, max_utilisation=1.0),
    ...           Person("cy", {"sql": 3}, max_utilisation=1.0)]
    >>> a = allocate(people, [Demand("apollo", "python", [60.0], value=90.0)], periods=1)
    >>> [(o.person, o.skill, o.coverable_hours, o.value) for o in train_instead_of_hire(a, people)]
    [('cy', 'python', 20.0, 1800.0)]
    """
    _check_allocation(allocation)
    _check_people(allocation, people)
    if top is not None and (
        not isinstance(top, int | np.integer) or isinstance(top, bool) or top < 1
    ):
        raise ValidationError(f"'top' must be a positive integer or None (got {top!r})")
    level = _holder_matrix(allocation, people)
    spare = np.maximum(allocation.capacity - allocation.allocated, 0.0)
    options: list[TrainingOption] = []
    for s, skill in enumerate(allocation.skills):
        unmet = allocation.skill_unmet[s]
        if not (unmet > 1e-9).any():
            continue
        mins = [d.min_proficiency for d in allocation.demands if d.skill == skill]
        target = max([*mins, 1.0])
        holders = level[:, s] > 0
        profile = level[holders].mean(axis=0) if holders.any() else np.zeros(level.shape[1])
        profile = profile.copy()
        profile[s] = 0.0
        cand = np.flatnonzero(level[:, s] < target)
        if cand.size == 0:
            continue
        cover = np.minimum(spare[cand], unmet[None, :])
        hours = cover.sum(axis=1)
        value = cover @ allocation.shadow_price[s]
        others = level[cand].copy()
        others[:, s] = 0.0
        norm = np.linalg.norm(others, axis=1) * np.linalg.norm(profile)
        with np.errstate(invalid="ignore", divide="ignore"):
            sim = np.where(norm > 0, (others @ profile) / np.where(norm > 0, norm, 1.0), 0.0)
        order = np.lexsort((-sim, -value))
        kept = [k for k in order if hours[k] > 1e-9]
        if top is not None:
            kept = kept[:top]
        for k in kept:
            i = int(cand[k])
            options.append(
                TrainingOption(
                    person=allocation.people[i],
                    skill=skill,
                    current_level=float(level[i, s]),
                    target_level=float(target),
                    coverable_hours=float(hours[k]),
                    value=float(value[k]),
                    similarity=float(sim[k]),
                )
            )
    options.sort(key=lambda o: (-o.value, -o.similarity, str(o.skill), str(o.person)))
    return Records(options)
