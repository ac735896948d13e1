"""pmokit.monitoring: see the package docstring of :mod:`pmokit` and docs/monitoring.md."""

from __future__ import annotations

__all__: list[str] = []
