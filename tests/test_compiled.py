"""The switch between compiled kernels (extra ``fast``: numba) and the numpy paths."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from pmokit import _compiled


def _cumulative_max(x, out):  # type: ignore[no-untyped-def]
    best = -np.inf
    for i in range(x.size):
        if x[i] > best:
            best = x[i]
        out[i] = best


def test_disabled_switches_the_numpy_path_on_and_back_off() -> None:
    before = _compiled.active()
    with _compiled.disabled():
        assert not _compiled.active()
    assert _compiled.active() == before == _compiled.available()


def test_kernel_is_none_without_numba_and_equals_the_python_loop_with_it() -> None:
    k = _compiled.kernel(_cumulative_max)
    if not _compiled.available():
        assert k is None
        return
    x = np.random.default_rng(3).normal(size=1000)
    got, want = np.empty_like(x), np.empty_like(x)
    k(x, got)
    _cumulative_max(x, want)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(want, np.maximum.accumulate(x))
    k2 = pickle.loads(pickle.dumps(k))
    out = np.empty_like(x)
    k2(x, out)
    np.testing.assert_array_equal(out, want)


def test_fastmath_is_refused() -> None:
    with pytest.raises(ValueError, match="fastmath"):
        _compiled.kernel(_cumulative_max, fastmath=True)
