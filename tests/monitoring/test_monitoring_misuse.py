"""Misuse of every monitoring entry point: forbidden inputs raise a pmokit error naming the
argument, never a bare TypeError, ValueError, KeyError, IndexError or OverflowError
(issue 14). Each entry point is called with each of the values below in one argument."""

from __future__ import annotations

import numpy as np
import pytest

from pmokit import monitoring as mon
from pmokit.errors import PmokitError


def test_fuzz_findings() -> None:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""
    import datetime as _dt

    from pmokit.agile import CycleTimes, throughput_trend

    with pytest.raises(PmokitError, match="project of risk 'R1'"):
        mon.Risk("R1", 0.5, 10.0, project=["P1"])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="measure name in 'metrics'"):
        mon.rag_status({"": 1.0})
    with pytest.raises(PmokitError, match="measure name in 'metrics'"):
        mon.rag_status({None: 1.0})  # type: ignore[dict-item]
    snaps = [{"M1": _dt.date(2026, 1, 5)}, {"M1": _dt.date(2026, 1, 9)}]
    with pytest.raises(PmokitError, match=r"labels\[1\]"):
        mon.milestone_trend(snaps, labels=["jan", ""])
    ct = CycleTimes(ids=(1, 2, 3), days=np.array([2.0, 3.0, 5.0]))
    with pytest.raises(PmokitError, match="'target' must be an array of numbers"):
        mon.cycle_time_signals(ct, target=np.array([4 + 1j, 6]))
    trend = throughput_trend([6, 5, 6, 4, 4, 3])
    with pytest.raises(PmokitError, match="'decline' must be an array of numbers"):
        mon.throughput_trend_signals(trend, decline=np.array([0.1 + 1j, 0.2]))
