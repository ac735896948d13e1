"""The public surface of pmokit.governance: every exported name exists and is documented."""

from __future__ import annotations

import pmokit.governance as gov


def test_all_names_exist_and_have_docstrings() -> None:
    """Every name in __all__ is importable and has a docstring (constants excepted)."""
    for name in gov.__all__:
        obj = getattr(gov, name)
        if name.isupper():
            continue
        assert obj.__doc__ and obj.__doc__.strip(), name


def test_entry_names() -> None:
    """The entry names of the design are exported."""
    assert {"Methodology", "dcma_assessment"} <= set(gov.__all__)
