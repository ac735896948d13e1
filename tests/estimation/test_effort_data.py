"""Estimators on the public PROMISE effort data in ../shared/data/effort (skipped if absent)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pmokit.estimation import (
    AnalogyEstimator,
    ParametricEstimator,
    ReferenceClass,
    leave_one_out,
)

ROOT = Path(__file__).resolve().parents[2]


def _reader() -> ModuleType:
    path = ROOT / "benchmarks" / "effort_arff.py"
    spec = importlib.util.spec_from_file_location("effort_arff", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("effort_arff", module)
    spec.loader.exec_module(module)
    return module


arff = _reader()
pytestmark = pytest.mark.skipif(
    not arff.available(), reason=f"effort data absent: {arff.EFFORT_DIR} not found"
)

SETS = {
    "albrecht": ("Effort", "AdjFP", 24),
    "china": ("Effort", "AFP", 499),
    "cocomo811": ("actual", "loc", 63),
    "kitchenham": ("Actual.effort", "Adjusted.function.points", 145),
    "maxwell": ("Effort", "Size", 62),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_parametric_beats_random_guessing_with_large_effect(name: str) -> None:
    """LOO power law: positive SA and a large effect size (Shepperd & MacDonell 2012)."""
    target, size, count = SETS[name]
    data = arff.read_arff(arff.EFFORT_DIR / f"{name}.arff")
    assert len(data) == count  # as documented in shared/data/README.md
    cv = leave_one_out(ParametricEstimator(), data[size], data[target], iterations=300)
    assert cv.accuracy.sa > 0.3
    assert cv.accuracy.effect == "large" and cv.accuracy.effect_size > 0


def test_albrecht_analogy_fast_loo_equals_refits() -> None:
    """On real data (with ties), vectorised analogy LOO equals refitting 24 times."""
    data = arff.read_arff(arff.EFFORT_DIR / "albrecht.arff")
    x = data.matrix(["AdjFP", "Input", "Output", "Inquiry", "File"])
    y = data["Effort"]
    est = AnalogyEstimator(k=2, adaptation="size")
    slow = [
        est.fit(np.delete(x, i, 0), np.delete(y, i)).predict(x[i : i + 1])[0] for i in range(y.size)
    ]
    assert_allclose(est.loo_predict(x, y), slow, rtol=1e-9)


def test_kitchenham_reference_class_of_expert_estimates() -> None:
    """Kitchenham's actual / first-estimate ratios form a reference class with a known P50."""
    data = arff.read_arff(arff.EFFORT_DIR / "kitchenham.arff")
    ratios = data["Actual.effort"] / data["First.estimate"]
    rc = ReferenceClass(ratios, name="Kitchenham et al. 2002")
    assert_allclose(rc.quantile(0.5), np.median(ratios))
    assert rc.uplift(0.8) > rc.uplift(0.5)
