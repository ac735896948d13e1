"""pmokit.scheduling: see the package docstring of :mod:`pmokit` and docs/scheduling.md."""

from __future__ import annotations

__all__: list[str] = []
