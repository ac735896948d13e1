"""Tests of the flow signals and their roll-up into RAG status."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pmokit.agile import CycleTimes, aging_wip, throughput_trend
from pmokit.errors import ValidationError
from pmokit.monitoring import (
    aging_wip_signals,
    cycle_time_signals,
    portfolio_rag,
    rag_status,
    throughput_trend_signals,
)

CT = CycleTimes(ids=tuple(range(20)), days=np.arange(1.0, 21.0))  # P85 17, P95 19
STATUS = dt.date(2026, 6, 30)


def _ages(*ages: int):  # type: ignore[no-untyped-def]
    started = [STATUS - dt.timedelta(days=a - 1) for a in ages]
    return aging_wip(started, STATUS, CT, ids=[f"I-{a}" for a in ages])


class TestAgingWip:
    """Items older than P85 are amber, older than P95 red."""

    def test_bands(self) -> None:
        """Ages 10, 17 (at P85: not older), 18, 25."""
        s = aging_wip_signals(_ages(10, 17, 18, 25), project="P13")
        assert [(x.item, x.severity) for x in s] == [("I-25", "red"), ("I-18", "amber")]
        assert s[0].kind == "aging_wip" and s[0].threshold == 19.0 and s[0].evidence == (25.0,)

    def test_errors(self) -> None:
        """Wrong type, percentiles out of order."""
        with pytest.raises(ValidationError, match="WorkItemAges"):
            aging_wip_signals(CT)
        with pytest.raises(ValidationError, match="'red' must be >= 'amber'"):
            aging_wip_signals(_ages(3), amber=95, red=85)


class TestCycleTime:
    """The P85 cycle time against a service level expectation."""

    def test_bands(self) -> None:
        """P85 = 17: above 15 amber, above 16 red, within 20 nothing."""
        assert cycle_time_signals(CT, target=(15, 18))[0].severity == "amber"
        assert cycle_time_signals(CT, target=(15, 16))[0].severity == "red"
        assert len(cycle_time_signals(CT, target=(17, 20))) == 0

    def test_errors(self) -> None:
        """A target that is not an ordered pair."""
        with pytest.raises(ValidationError, match="pair"):
            cycle_time_signals(CT, target=10)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="red must be >= amber"):
            cycle_time_signals(CT, target=(20, 10))


class TestTrend:
    """A falling throughput."""

    def test_bands(self) -> None:
        """A 58% fall is red, a 15% fall amber, a rise nothing."""
        assert throughput_trend_signals(throughput_trend([6, 5, 6, 4, 4, 3]))[0].severity \
            == "red"
        t = throughput_trend([10, 10, 9, 9, 10, 9, 8, 9])
        assert 0.10 < -t.change < 0.25
        assert throughput_trend_signals(t)[0].severity == "amber"
        assert len(throughput_trend_signals(throughput_trend([3, 4, 5]))) == 0

    def test_errors(self) -> None:
        """Wrong type, declines out of order."""
        with pytest.raises(ValidationError, match="ThroughputTrend"):
            throughput_trend_signals([1, 2, 3])
        with pytest.raises(ValidationError, match="red must be >= amber"):
            throughput_trend_signals(throughput_trend([1, 2, 3]), decline=(0.3, 0.1))


class TestRollup:
    """Flow signals roll up with the others."""

    def test_rag_status(self) -> None:
        """A red aging item makes the project red; the portfolio is as bad as its worst."""
        sig = aging_wip_signals(_ages(25), project="P13") + throughput_trend_signals(
            throughput_trend([10, 10, 9, 9, 10, 9, 8, 9]), project="P13")
        st = rag_status({"cpi": 1.0}, project="P13", signals=sig)
        assert st.status == "red"
        assert any("aging_wip on I-25" in r for r in st.reasons)
        assert any("throughput_decline" in r for r in st.reasons)
        other = rag_status({"cpi": 1.0}, project="P01")
        assert portfolio_rag([st, other]).status == "red"
