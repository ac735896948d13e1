"""Sections of the ``python -m pmokit`` walkthrough.

Each domain has one module here with ``TITLE: str`` and ``def section(pmo) -> list[str]``
that runs the domain on the sample PMO and returns the lines of its review. The modules
compute and format; only :mod:`pmokit.__main__` prints them.
"""

from __future__ import annotations

SECTIONS: tuple[str, ...] = (
    "foundation",
    # domain sections, in walkthrough order; each domain adds its module name here
    "governance",
    "portfolio",
    "scheduling",
    "risk",
    "monitoring",
    "estimation",
    "capacity",
    "resources",
    "agile",
)
"""Module names (under ``pmokit._walkthrough``) in the order they are shown."""
