"""Shared test configuration: the one Hypothesis profile of the suite.

Profiles (choose with ``PMOKIT_HYPOTHESIS=<name>``):

- ``default``: no deadline (timings are never tested), the examples each test asks for;
- ``ci``: the same, derandomized so a CI run is repeatable;
- ``thorough``: 10x the examples, for a local hunt.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.register_profile(
    "thorough", parent=settings.get_profile("default"), max_examples=1000
)
settings.load_profile(os.environ.get("PMOKIT_HYPOTHESIS", "default"))
