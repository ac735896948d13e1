"""pmokit.capacity: see the package docstring of :mod:`pmokit` and docs/capacity.md."""

from __future__ import annotations

__all__: list[str] = []
