"""Misuse of every governance entry point: forbidden inputs raise a pmokit error naming the
argument, never a bare TypeError, ValueError, KeyError, IndexError or OverflowError
(issue 14). Each entry point is called with each of the values below in one argument."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable

import numpy as np
import pytest

from pmokit import governance as G
from pmokit.calendar import WorkCalendar
from pmokit.errors import PmokitError
from pmokit.scheduling import Activity, Dependency, Network

BAD: tuple[object, ...] = (
    None, float("nan"), float("inf"), -1, 0, 1, 1.5, 1 + 2j, np.datetime64("2026-01-01"), "",
    "x", "no", True, [], {}, (), [None], [1 + 1j], np.array([1, 2], dtype=complex), {"": 1},
    {"ZZZ": 1}, {None: 1}, ["A", "A"], 10**12, -(10**12), dt.date.max, object(),
)
"""Values an entry point's docs forbid in most arguments (or accept; then no error)."""

NET = Network([Activity("A", 5), Activity("B", 3)], [Dependency("A", "B")])

CALLS: dict[str, Callable[[object], object]] = {
    "dcma": lambda x: G.dcma_assessment(x),
    "dcma_sd": lambda x: G.dcma_assessment(NET, status_date=x),
    "dcma_as": lambda x: G.dcma_assessment(NET, actual_start=x),
    "dcma_ex": lambda x: G.dcma_assessment(NET, exclude=x),
    "dcma_res": lambda x: G.dcma_assessment(NET, resourced=x),
    "dcma_proj": lambda x: G.dcma_assessment(NET, project=x),
    "dcma_crit": lambda x: G.dcma_assessment(NET, critical_activity=x),
    "dcma_tf": lambda x: G.dcma_assessment(NET, target_finish=x),
    "dcma_bd": lambda x: G.dcma_assessment(NET, baseline_duration=x),
    "dcma_start": lambda x: G.dcma_assessment(
        NET, status_date=dt.date(2026, 1, 9), start=x, calendar=WorkCalendar()  # type: ignore[arg-type]
    ),
    "thr": lambda x: G.DcmaThresholds(logic=x),
    "gatecrit": lambda x: G.GateCriterion(x),
    "gatecrit_w": lambda x: G.GateCriterion("c", "should", x),
    "gate": lambda x: G.Gate(x, "A"),
    "gate_crit": lambda x: G.Gate("G", "A", criteria=x),
    "gate_eval": lambda x: G.evaluate_gate(G.Gate("G","A",criteria=[G.GateCriterion("c")]), x),
    "gate_ev": lambda x: G.GateEvidence(answers=x),
    "health": lambda x: G.health_check(x),
    "health2": lambda x: G.health_check({"P": x}),
    "health_nw": lambda x: G.health_check({"P": {"spi": 1}}, n_weakest=x),
    "indicator": lambda x: G.Indicator("a","schedule",1,0.8).score(x),
    "hmodel": lambda x: G.HealthModel(x),
    "maturity": lambda x: G.assess_maturity(x),
    "maturity_m": lambda x: G.assess_maturity({}, missing=x),
    "question": lambda x: G.Questionnaire([G.Question("q", x, 2, "t")]),
    "profile": lambda x: G.ProjectProfile("P", x, 3),
    "profile_id": lambda x: G.ProjectProfile(x, 1, 3),
    "tiers": lambda x: G.assign_tiers(x),
    "policy": lambda x: G.TailoringPolicy(tiers=x),
    "policy_ov": lambda x: G.TailoringPolicy(tiers=("a",), overrides=x),
    "tailor": lambda x: G.tailor(G.Methodology.waterfall(), x),
    "audit": lambda x: G.audit(x, as_of=dt.date(2026,1,1)),
    "audit_rec": lambda x: G.audit([G.AuditRecord("P", x)], as_of=dt.date(2026,1,1)),
    "audit_asof": lambda x: G.audit([], as_of=x),
    "rec_deliv": lambda x: G.audit([G.AuditRecord("P", deliverables=x)], as_of=dt.date(2026,1,1)),
    "rule": lambda x: G.RuleSet([G.ComplianceRule("R", x, "cpi")]),
    "rule_v": lambda x: G.RuleSet([G.ComplianceRule("R", "threshold", "cpi", op=">=", value=x)]),
    "csum": lambda x: G.compliance_summary(x),
    "ctrend": lambda x: G.compliance_trend(x),
    "ctrend_tol": lambda x: G.compliance_trend([], tolerance=x),
    "meth": lambda x: G.Methodology(x),
    "meth_phase": lambda x: G.Methodology.waterfall().phase(x),
    "meth_check": lambda x: G.Methodology.waterfall().check_deliverable("Business case", x),
    "meth_check2": lambda x: G.Methodology.waterfall().check_deliverable(x, {}),
    "deliv_status": lambda x: G.DeliverableStatus(x),
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


def test_container_checks_of_parts() -> None:
    """Rules, questions, indicators and overrides with a non-id name are named, not a bare
    TypeError from hashing (fuzz findings, issue 14)."""
    with pytest.raises(PmokitError, match="id of a compliance rule"):
        G.RuleSet([G.ComplianceRule("", "threshold", "cpi", op=">=", value=0.9)])
    with pytest.raises(PmokitError, match="id of a compliance rule"):
        G.RuleSet([G.ComplianceRule(["R"], "threshold", "cpi", op=">=", value=0.9)])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="question id"):
        G.Questionnaire([G.Question(["q"], "risk management", 2, "kept")])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="dimension of indicator"):
        G.HealthModel([G.Indicator("spi", ["s"], 1.0, 0.8)])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="control named in 'overrides'"):
        G.TailoringPolicy(("light", "major"), overrides={"": "major"})
