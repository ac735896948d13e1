"""The public surface of pmokit.portfolio: every exported name exists and is documented."""

from __future__ import annotations

import pmokit.portfolio as pf


def test_all_names_documented() -> None:
    """Every name in __all__ exists and has a docstring."""
    for name in pf.__all__:
        obj = getattr(pf, name)
        if name == "RANDOM_INDEX":
            continue
        assert obj.__doc__ and obj.__doc__.strip(), name


def test_entry_points_from_design() -> None:
    """The names DESIGN.md promises are exported."""
    for name in (
        "ahp_priorities",
        "PairwiseMatrix",
        "score",
        "select",
        "efficient_frontier",
        "npv",
        "irr",
    ):
        assert name in pf.__all__
