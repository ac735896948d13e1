"""``python -m pmokit``: run every domain on the built-in sample PMO and print a review.

This is the only module of pmokit that prints.
"""

from __future__ import annotations

import importlib
import sys
import time

from pmokit._walkthrough import SECTIONS
from pmokit.datasets import sample_pmo


def main(argv: list[str] | None = None) -> int:
    """Print the walkthrough; return the process exit code."""
    del argv
    pmo = sample_pmo()
    print(f"pmokit walkthrough on the sample PMO '{pmo.name}' (status date {pmo.status_date})")
    print("=" * 78)
    for name in SECTIONS:
        module = importlib.import_module(f"pmokit._walkthrough.{name}")
        started = time.perf_counter()
        lines = module.section(pmo)
        elapsed = time.perf_counter() - started
        print()
        print(f"## {module.TITLE}  [{elapsed * 1000:.0f} ms]")
        for line in lines:
            print(line)
    print()
    print("Done: every section ran on the sample PMO.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
