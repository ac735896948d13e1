"""pmokit.governance: see the package docstring of :mod:`pmokit` and docs/governance.md."""

from __future__ import annotations

__all__: list[str] = []
