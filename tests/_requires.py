"""Markers for tests that need an optional package: mark the test, never skip a module.

A core test must run without the peers and extras; only the comparison test that calls a
peer (PuLP, ahpy, pmcontrols, ...) or the test of an extra (pandas, matplotlib, ...) is
skipped, with the reason named::

    from tests._requires import requires_pulp

    @requires_pulp
    def test_equals_pulp(): ...
"""

from __future__ import annotations

import importlib.util

import pytest


def _have(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def requires(module: str, why: str) -> pytest.MarkDecorator:
    """Skip the marked test when ``module`` is not installed, saying ``why`` it needs it."""
    return pytest.mark.skipif(not _have(module), reason=f"{module} not installed: {why}")


requires_pulp = requires("pulp", "comparison with PuLP/CBC (test extra)")
requires_ahpy = requires("ahpy", "comparison with ahpy (test extra)")
requires_pmcontrols = requires("pmcontrols", "comparison with pmcontrols (test extra)")
requires_pandas = requires("pandas", "to_frame()/from_frame() need the pandas extra")
requires_matplotlib = requires("matplotlib", "pmokit.plot needs the plot extra")
requires_tqdm = requires("tqdm", "progress=True needs the progress extra")
requires_dask = requires("distributed", "executor tests need the dask extra")
requires_numpy_financial = requires("numpy_financial", "comparison with numpy-financial")
requires_longpath = requires("longpath", "comparison with longpath, a DCMA peer (bench extra)")
requires_numba = requires("numba", "the compiled kernels need the fast extra")
