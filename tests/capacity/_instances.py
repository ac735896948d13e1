"""Seeded random capacity instances and Hypothesis strategies for the capacity tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from pmokit.capacity import Demand, Person


def random_instance(
    seed: int,
    *,
    n_people: int = 12,
    n_projects: int = 6,
    n_periods: int = 5,
    n_skills: int = 5,
    hours_per_period: float = 40.0,
) -> tuple[list[Person], list[Demand]]:
    """People with 1-3 skills, projects needing 1-3 skills, random availability and costs."""
    rng = np.random.default_rng(seed)
    skills = [f"s{i}" for i in range(n_skills)]
    people = []
    for i in range(n_people):
        k = int(rng.integers(1, min(3, n_skills) + 1))
        chosen = rng.choice(n_skills, size=k, replace=False)
        fte = float(rng.choice([0.5, 1.0]))
        avail = None
        if rng.random() < 0.5:
            avail = (rng.uniform(0, 1, n_periods) * fte * hours_per_period).round(1)
        people.append(
            Person(
                f"p{i}",
                {skills[int(s)]: float(rng.integers(1, 6)) for s in chosen},
                fte=fte,
                cost_rate=float(rng.integers(0, 90)),
                availability=avail,
                max_utilisation=float(rng.choice([0.7, 0.85, 1.0])),
            )
        )
    demands = []
    for j in range(n_projects):
        for s in rng.choice(
            n_skills, size=int(rng.integers(1, min(3, n_skills) + 1)), replace=False
        ):
            hours = rng.uniform(0, 60, n_periods).round(1)
            hours[rng.random(n_periods) < 0.3] = 0.0
            demands.append(
                Demand(
                    f"j{j}",
                    skills[int(s)],
                    hours,
                    min_proficiency=float(rng.integers(0, 4)),
                    value=float(rng.integers(20, 200)),
                )
            )
    return people, demands


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Person], list[Demand], int]:
    """Small random allocation problems (people, demands, number of periods)."""
    n_periods = draw(st.integers(1, 4))
    n_skills = draw(st.integers(1, 4))
    skills = [f"s{i}" for i in range(n_skills)]
    hours = st.floats(0, 60, allow_nan=False).map(lambda x: round(x, 2))
    people = []
    for i in range(draw(st.integers(1, 6))):
        held = draw(st.lists(st.sampled_from(skills), min_size=1, max_size=n_skills, unique=True))
        levels = {s: draw(st.integers(1, 5)) for s in held}
        fte = draw(st.sampled_from([0.5, 1.0]))
        avail = draw(
            st.none()
            | st.lists(
                st.floats(0, 40 * fte, allow_nan=False), min_size=n_periods, max_size=n_periods
            )
        )
        people.append(
            Person(
                f"p{i}",
                levels,
                fte=fte,
                cost_rate=draw(st.integers(0, 100)),
                availability=avail,
                max_utilisation=draw(st.sampled_from([0.5, 0.85, 1.0])),
            )
        )
    held_skills = sorted({s for p in people for s, _ in p.skills})
    demands = []
    for _ in range(draw(st.integers(1, 6))):
        demands.append(
            Demand(
                f"j{draw(st.integers(0, 3))}",
                draw(st.sampled_from(held_skills)),
                draw(st.lists(hours, min_size=n_periods, max_size=n_periods)),
                min_proficiency=draw(st.integers(0, 5)),
                value=draw(st.integers(1, 200)),
            )
        )
    return people, demands, n_periods
