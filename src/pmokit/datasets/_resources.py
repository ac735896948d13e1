"""Sample resources for resource-constrained scheduling: one skill pool per skill."""

from __future__ import annotations

from pmokit.datasets._sample import SamplePMO, sample_pmo
from pmokit.scheduling import Resource

__all__ = ["sample_resources"]

COMPETENT = 3
"""Proficiency (1-5) from which a person counts towards a skill pool."""


def sample_resources(pmo: SamplePMO | None = None) -> tuple[Resource, ...]:
    """One :class:`~pmokit.scheduling.Resource` per skill of the sample PMO.

    The capacity of a skill is the number of people with that skill at proficiency 3 or
    more [people]; the activities of the sample network demand skills in people, so
    ``resource_constrained_schedule(pmo.network, sample_resources(pmo))`` schedules the
    portfolio with the people the PMO actually has.

    Parameters
    ----------
    pmo
        The sample PMO (default: :func:`sample_pmo`).

    Returns
    -------
    tuple of Resource, in the order of ``pmo.skills``.

    Examples
    --------
    >>> res = sample_resources()
    >>> [(r.id, r.capacity) for r in res][:3]
    [('project_management', 3.0), ('business_analysis', 4.0), ('architecture', 3.0)]
    """
    pmo = sample_pmo() if pmo is None else pmo
    return tuple(
        Resource(
            skill,
            float(sum(1 for p in pmo.people if p.skills.get(skill, 0) >= COMPETENT)),
            name=skill.replace("_", " "),
        )
        for skill in pmo.skills
    )
