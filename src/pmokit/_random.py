"""Randomness helper: every random function takes ``rng`` and goes through here."""

from __future__ import annotations

import numbers

import numpy as np

from pmokit.errors import ValidationError

RngLike = np.random.Generator | int | None
"""What ``rng`` arguments accept: a Generator, a seed, or None (fresh entropy)."""


def as_generator(rng: RngLike, *, name: str = "rng") -> np.random.Generator:
    """Return a ``numpy.random.Generator`` for ``rng``.

    A Generator is used as is (so the caller's stream advances); an int seeds a new
    PCG64 generator (the same seed gives the same numbers); None draws fresh entropy.

    >>> a = as_generator(42).random(3)
    >>> b = as_generator(42).random(3)
    >>> bool((a == b).all())
    True
    """
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        if int(rng) < 0:
            raise ValidationError(f"'{name}' seed must be a non-negative integer (got {rng})")
        return np.random.default_rng(int(rng))
    raise ValidationError(
        f"'{name}' must be a numpy.random.Generator, an int seed or None "
        f"(got {rng!r} that is a {type(rng).__name__})"
    )
