"""Doctest examples (README, docs/*.md, docstrings) that need an optional extra are
skipped without it.

The core suite must pass without pandas, matplotlib and the peers (issue 14). A ``.md``
page is one doctest item, so only the examples that call ``to_frame()`` or import an
extra are skipped (``doctest.SKIP`` on those examples); the rest of the page still runs.
Tests use the ``requires_*`` markers of ``tests/_requires.py`` instead.
"""

from __future__ import annotations

import doctest
import importlib.util
import re

import pytest

# A doctest that matches the pattern needs the module.
_EXTRAS = {
    "pandas": re.compile(r"\.to_frame\(|import pandas|\bpd\."),
    "matplotlib": re.compile(r"import matplotlib|pmokit\.plot|\bplt\."),
}


def _have(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the doctest examples that need a missing extra as skipped."""
    missing = [rx for m, rx in _EXTRAS.items() if not _have(m)]
    if not missing:
        return
    for item in items:
        test = getattr(item, "dtest", None)
        if test is None:
            continue
        for example in test.examples:
            if any(rx.search(example.source) for rx in missing):
                example.options[doctest.SKIP] = True
