"""pmokit.estimation: see the package docstring of :mod:`pmokit` and docs/estimation.md."""

from __future__ import annotations

__all__: list[str] = []
