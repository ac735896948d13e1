"""Tests of the sample history (datasets._estimation) and the walkthrough section."""

from __future__ import annotations

from pmokit._walkthrough import SECTIONS
from pmokit._walkthrough import estimation as walk
from pmokit.datasets import sample_history, sample_pmo
from pmokit.estimation import ParametricEstimator, leave_one_out


def test_history_is_deterministic_and_consistent() -> None:
    """Same content on every call; every record has sizes and all measures."""
    a, b = sample_history(sample_pmo()), sample_history()
    assert [r.to_records() for r in a.records] == [r.to_records() for r in b.records]
    assert len(a) == 48 and len(a.lessons) == 24 and len(a.reviews) == 12
    for r in a.records:
        assert r.value("function_points") > 0
        assert all(r.ratio(m) is not None for m in ("cost", "duration", "effort", "benefits"))
        assert r.start is not None and r.finish is not None and r.start <= r.finish
        assert r.finish < sample_pmo().status_date
    assert {r.methodology for r in a.records} == {"agile", "hybrid", "waterfall"}


def test_history_supports_reference_classes_and_estimation() -> None:
    """Each methodology forms a reference class; the power law beats guessing."""
    kb = sample_history()
    for m in ("agile", "hybrid", "waterfall"):
        assert kb.reference_class("cost", methodology=m).size >= 10
    fm = kb.feature_matrix(["function_points"])
    acc = leave_one_out(ParametricEstimator(), fm.x, fm.y, iterations=200).accuracy
    assert acc.sa > 0.3 and acc.effect == "large"


def test_walkthrough_section() -> None:
    """The section is registered and reports the published Green Book example."""
    assert "estimation" in SECTIONS
    lines = walk.section(sample_pmo())
    assert lines and all(isinstance(x, str) for x in lines)
    text = "\n".join(lines)
    assert "32.1%" in text and "14.5%" in text and "P80" in text
