"""pmokit: the calculation engine of a Project Management Office.

A typed, pure-domain library: everything comes in as Python objects or arrays and goes
out as frozen, typed result objects. No I/O and no printing; the optional ``pmokit.plot``
draws results on a matplotlib Axes that the caller shows or saves.

Subpackages
-----------
governance
    Methodologies, stage gates, compliance audits, DCMA schedule checks, health, maturity.
portfolio
    Scoring, AHP, portfolio selection (MILP), efficient frontier, NPV/IRR, benefits.
scheduling
    Critical path, constraints and calendars, slip impact, Monte Carlo schedule risk,
    resource-constrained scheduling and leveling.
monitoring
    Earned value and earned schedule, risk register, early warnings, RAG roll-ups.
capacity
    LP allocation of people and skills, bottleneck skills, gaps, burnout, mentoring.
estimation
    Three-point, reference-class, analogous and parametric estimates with accuracy.
knowledge
    Project history and lessons learned.
calendar
    Working-day calendars shared by every domain.
datasets
    The built-in sample PMO and published reference tables.
errors
    The exception hierarchy.
plot
    Pictures of results on matplotlib Axes (optional extra ``plot``).
progress
    What a ``progress=`` callback of a long run receives.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
