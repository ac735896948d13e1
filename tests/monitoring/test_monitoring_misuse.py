"""Misuse of every monitoring entry point: forbidden inputs raise a pmokit error naming the
argument, never a bare TypeError, ValueError, KeyError, IndexError or OverflowError
(issue 14). Each entry point is called with each of the values below in one argument."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable

import numpy as np
import pytest

from pmokit import monitoring as M
from pmokit.calendar import WorkCalendar
from pmokit.errors import PmokitError

BAD: tuple[object, ...] = (
    None, float("nan"), float("inf"), -1, 0, 1, 1.5, 1 + 2j, np.datetime64("2026-01-01"), "",
    "x", "no", True, [], {}, (), [None], [1 + 1j], np.array([1, 2], dtype=complex), {"": 1},
    {"ZZZ": 1}, {None: 1}, ["A", "A"], 10**12, -(10**12), dt.date.max, object(),
)
"""Values an entry point's docs forbid in most arguments (or accept; then no error)."""

M5 = M.ProbabilityImpactMatrix.five_by_five(
    cost_edges=(10, 50, 100, 250), schedule_edges=(5, 10, 20, 40)
)
RISKS = [M.Risk("R1", 0.5, 100.0, 3), M.Risk("R2", 0.2, 10.0)]
EV = M.earned_value([100, 200, 300], [90], [95])

CALLS: dict[str, Callable[[object], object]] = {
    "level": lambda x: M5.level(x, 10),
    "level_c": lambda x: M5.level(0.5, x),
    "score": lambda x: M5.score(x, 1),
    "rag": lambda x: M5.rag(x),
    "Risk_p": lambda x: M.Risk("R", x),
    "Risk_id": lambda x: M.Risk(x, 0.5),
    "Risk_cost": lambda x: M.Risk("R", 0.5, x),
    "assess": lambda x: M.assess_risks(x, M5),
    "assess_ic": lambda x: M.assess_risks(RISKS, M5, include_closed=x),
    "cont_it": lambda x: M.risk_contingency(RISKS, iterations=x, rng=1),
    "cont_pct": lambda x: M.risk_contingency(RISKS, percentiles=x, iterations=200, rng=1),
    "cont_rng": lambda x: M.risk_contingency(RISKS, rng=x, iterations=200),
    "ev_pl": lambda x: M.earned_value(x, [1], [1]),
    "ev_budget": lambda x: M.earned_value([1,2],[1],[1], budget=x),
    "ev_start": lambda x: M.earned_value([1,2],[1],[1], start=x, calendar=WorkCalendar()),
    "ev_freq": lambda x: M.earned_value([1,2],[1],[1], freq=x),
    "pev_names": lambda x: M.portfolio_earned_value([[1,2]],[[1]],[[1]], names=x),
    "pev_pl": lambda x: M.portfolio_earned_value(x,[[1]],[[1]]),
    "pev_bac": lambda x: M.portfolio_earned_value([[1,2]],[[1]],[[1]], bac=x),
    "rollup": lambda x: M.rollup_earned_value(x),
    "groups": lambda x: M.portfolio_earned_value([[1,2]],[[1]],[[1]], names=["A"]).rollup(x),
    "rag_status": lambda x: M.rag_status(x),
    "rag_rules": lambda x: M.rag_status({"cpi": 0.9}, x),
    "rag_proj": lambda x: M.rag_status({"cpi": 0.9}, project=x),
    "rag_sig": lambda x: M.rag_status({"cpi": 0.9}, signals=x),
    "rag_risks": lambda x: M.rag_status({"cpi": 0.9}, risks=x),
    "prag": lambda x: M.portfolio_rag(x),
    "prag_w": lambda x: M.portfolio_rag([M.RagStatus("A","red",())], method="weighted", weights=x),
    "ragrule": lambda x: M.RagRule(x, 0.9, 0.8),
    "ragrule_a": lambda x: M.RagRule("cpi", x, 0.8),
    "evm_sig": lambda x: M.evm_signals(x),
    "evm_sig_cpi": lambda x: M.evm_signals(EV, cpi=x),
    "float_sig": lambda x: M.float_erosion_signals(x),
    "float_sig2": lambda x: M.float_erosion_signals([x]),
    "float_items": lambda x: M.float_erosion_signals([{"A": 1}], items=x),
    "mtrend": lambda x: M.milestone_trend(x),
    "mtrend2": lambda x: M.milestone_trend([x]),
    "mslip": lambda x: M.milestone_slippage_signals([{"M": dt.date(2026,1,1)}], consecutive=x),
    "rexp": lambda x: M.risk_exposure_signals(x),
    "fsnap": lambda x: M.float_snapshots(x),
    "msnap": lambda x: M.milestone_snapshots(
        [], x, calendar=WorkCalendar(), start=dt.date(2026, 1, 5)  # type: ignore[arg-type]
    ),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_forbidden_input_raises_a_pmokit_error(name: str) -> None:
    """Every bad value either works or raises a PmokitError (a ValidationError child)."""
    escapes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in BAD:
            try:
                CALLS[name](value)
            except PmokitError:
                continue
            except Exception as exc:
                escapes.append(f"{value!r:.40}: {type(exc).__name__}: {exc}"[:160])
    assert not escapes, escapes


def test_fuzz_findings() -> None:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""
    import datetime as _dt

    from pmokit.agile import CycleTimes, throughput_trend

    with pytest.raises(PmokitError, match="project of risk 'R1'"):
        M.Risk("R1", 0.5, 10.0, project=["P1"])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="measure name in 'metrics'"):
        M.rag_status({"": 1.0})
    with pytest.raises(PmokitError, match="measure name in 'metrics'"):
        M.rag_status({None: 1.0})  # type: ignore[dict-item]
    snaps = [{"M1": _dt.date(2026, 1, 5)}, {"M1": _dt.date(2026, 1, 9)}]
    with pytest.raises(PmokitError, match=r"labels\[1\]"):
        M.milestone_trend(snaps, labels=["jan", ""])
    ct = CycleTimes(ids=(1, 2, 3), days=np.array([2.0, 3.0, 5.0]))
    with pytest.raises(PmokitError, match="'target' must be an array of numbers"):
        M.cycle_time_signals(ct, target=np.array([4 + 1j, 6]))
    trend = throughput_trend([6, 5, 6, 4, 4, 3])
    with pytest.raises(PmokitError, match="'decline' must be an array of numbers"):
        M.throughput_trend_signals(trend, decline=np.array([0.1 + 1j, 0.2]))
