"""How many examples a Hypothesis test runs, scaled by the loaded profile.

A test that gives ``@settings`` a literal number of examples (40) runs 40 whatever the
profile, so ``PMOKIT_HYPOTHESIS=thorough`` (tests/conftest.py) never reached it. Ask
``@settings(max_examples=examples(40))`` instead: 40 in the ``default`` and ``ci`` profiles
(the default run is unchanged), 400 in ``thorough``; the fuzz harness scales its specs the
same way, then by ``PMOKIT_FUZZ_SCALE``. tests/test_layout.py refuses a literal
``max_examples=<number>`` in a test.
"""

from __future__ import annotations

from hypothesis import settings

BASE_EXAMPLES = 100
"""Examples of the ``default`` and ``ci`` profiles (Hypothesis's own default): scale 1."""


def examples(n: int, profile: settings | None = None) -> int:
    """``n`` examples at scale 1, scaled as ``profile`` (default: the loaded one) scales
    :data:`BASE_EXAMPLES`; at least 1."""
    current = settings.default if profile is None else profile
    return max(1, round(n * current.max_examples / BASE_EXAMPLES))
