"""Shared test configuration: the one Hypothesis profile of the suite.

Profiles (choose with ``PMOKIT_HYPOTHESIS=<name>``):

- ``default``: no deadline (timings are never tested), the examples each test asks for;
- ``ci``: the same, derandomized so a CI run is repeatable;
- ``thorough``: 10x the examples, for a local hunt.

A test that needs another number of examples than the profile's asks for
``max_examples=examples(n)`` (tests/_hypothesis.py), so the profile scales it too.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tests._hypothesis import BASE_EXAMPLES

settings.register_profile(
    "default",
    max_examples=BASE_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.register_profile(
    "thorough", parent=settings.get_profile("default"), max_examples=10 * BASE_EXAMPLES
)
settings.load_profile(os.environ.get("PMOKIT_HYPOTHESIS", "default"))
