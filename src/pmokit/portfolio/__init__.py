"""pmokit.portfolio: see the package docstring of :mod:`pmokit` and docs/portfolio.md."""

from __future__ import annotations

__all__: list[str] = []
