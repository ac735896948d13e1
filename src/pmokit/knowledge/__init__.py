"""pmokit.knowledge: see the package docstring of :mod:`pmokit` and docs/knowledge.md."""

from __future__ import annotations

__all__: list[str] = []
