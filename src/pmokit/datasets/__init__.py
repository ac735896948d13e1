"""pmokit.datasets: the built-in sample PMO and published reference tables.

>>> from pmokit.datasets import sample_pmo
>>> sample_pmo().name
'Northwind Group PMO'
"""

from __future__ import annotations

from pmokit.datasets._sample import (
    Programme,
    SamplePerson,
    SamplePMO,
    SampleProject,
    sample_pmo,
)

# Domain builders are imported below, one line per domain.

__all__ = [
    "Programme",
    "SamplePMO",
    "SamplePerson",
    "SampleProject",
    "sample_pmo",
]
