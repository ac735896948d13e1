"""Tests of evaluate_gate: Cooper's Go/Kill/Hold/Recycle for knock-out and scored cases."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit import governance as G
from pmokit.errors import PmokitError, UnknownReferenceError, ValidationError
from pmokit.governance import (
    Gate,
    GateCriterion,
    GateEvidence,
    GateOutcome,
    Methodology,
    evaluate_gate,
)
from tests._hypothesis import examples
from tests._requires import _have
from tests.governance._helpers import BAD, _any

GATE = Gate(
    "Gate 3",
    "Build case",
    criteria=[
        GateCriterion("strategic fit", "must"),
        GateCriterion("legal ok", "must"),
        GateCriterion("market", "should", weight=3),
        GateCriterion("technical", "should", weight=2),
        GateCriterion("financial", "should", weight=5),
    ],
    go_score=0.6,
    kill_score=0.4,
)
MUSTS = {"strategic fit": True, "legal ok": True}


def test_go_with_hand_computed_score() -> None:
    """(3*8 + 2*6 + 5*5) / (10 * 10) = 0.61 >= 0.6: Go."""
    d = evaluate_gate(GATE, {**MUSTS, "market": 8, "technical": 6, "financial": 5})
    assert d.outcome is GateOutcome.GO
    assert d.score == pytest.approx(0.61)
    assert any("0.61" in r for r in d.reasons)


def test_recycle_just_below_go_threshold() -> None:
    """(3*8 + 2*6 + 5*4.8) / 100 = 0.60 passes; 4.7 gives 0.595 and Recycle."""
    at = evaluate_gate(GATE, {**MUSTS, "market": 8, "technical": 6, "financial": 4.8})
    assert at.score == pytest.approx(0.60)
    assert at.outcome is GateOutcome.GO
    below = evaluate_gate(GATE, {**MUSTS, "market": 8, "technical": 6, "financial": 4.7})
    assert below.score == pytest.approx(0.595)
    assert below.outcome is GateOutcome.RECYCLE
    assert "below the go threshold" in below.reasons[0]
    assert below.reasons[1].startswith("weakest criteria: financial (4.7)")


def test_kill_below_kill_threshold() -> None:
    """(3*4 + 2*4 + 5*3.9) / 100 = 0.395 < 0.4: Kill; 4.0 everywhere gives 0.40: Recycle."""
    d = evaluate_gate(GATE, {**MUSTS, "market": 4, "technical": 4, "financial": 3.9})
    assert d.score == pytest.approx(0.395)
    assert d.outcome is GateOutcome.KILL
    assert "kill threshold" in d.reasons[0]
    d2 = evaluate_gate(GATE, {**MUSTS, "market": 4, "technical": 4, "financial": 4})
    assert d2.outcome is GateOutcome.RECYCLE


def test_knock_out_kills_whatever_the_score() -> None:
    """A failed must-meet criterion kills even with perfect scores, and is named."""
    d = evaluate_gate(
        GATE,
        {"strategic fit": True, "legal ok": False, "market": 10, "technical": 10, "financial": 10},
    )
    assert d.outcome is GateOutcome.KILL
    assert d.knocked_out == ("legal ok",)
    assert d.reasons == ("knock-out: must-meet criterion 'legal ok' is not met",)
    assert d.score == pytest.approx(1.0)


def test_missing_evidence_recycles() -> None:
    """An unanswered must-meet, an unscored should-meet or a missing deliverable recycles."""
    d = evaluate_gate(GATE, {"strategic fit": True, "market": 9, "technical": 9})
    assert d.outcome is GateOutcome.RECYCLE
    assert d.unanswered == ("legal ok", "financial")
    ev = GateEvidence(
        {**MUSTS, "market": 9, "technical": 9, "financial": 9},
        missing_deliverables=("Business case",),
    )
    d2 = evaluate_gate(GATE, ev)
    assert d2.outcome is GateOutcome.RECYCLE
    assert d2.reasons == ("required deliverable 'Business case' is missing",)


def test_hold_when_resources_unavailable() -> None:
    """A project that passes but has no resources is put on Hold."""
    ev = GateEvidence(
        {**MUSTS, "market": 9, "technical": 9, "financial": 9}, resources_available=False
    )
    d = evaluate_gate(GATE, ev)
    assert d.outcome is GateOutcome.HOLD
    assert "resources" in d.reasons[0]


def test_gate_without_should_criteria() -> None:
    """With only must-meet criteria the score is nan and all-True is Go."""
    g = Gate("G", "P", criteria=[GateCriterion("ok")])
    d = evaluate_gate(g, {"ok": True})
    assert d.outcome is GateOutcome.GO and math.isnan(d.score)


def test_builtin_gate_decision_records() -> None:
    """A built-in gate decides and exports one record."""
    gate = Methodology.waterfall().gate("Authorise project")
    d = evaluate_gate(
        gate,
        {
            "business case viable": True,
            "funding secured": True,
            "plan realism": 7,
            "risk exposure acceptable": 6,
            "benefits measurable": 8,
        },
    )
    assert d.outcome is GateOutcome.GO
    assert d.to_records()[0]["outcome"] == "Go"
    if not _have("pandas"):  # the records are checked; the frame needs pandas
        pytest.skip("pandas not installed: the frame part needs the pandas extra")
    assert d.to_frame().shape == (1, 6)


class TestBadEvidence:
    def test_unknown_criterion(self) -> None:
        """An answer to a criterion the gate does not have is named."""
        with pytest.raises(UnknownReferenceError, match="criterion 'markt'") as e:
            evaluate_gate(GATE, {**MUSTS, "markt": 5})
        assert e.value.unknown == ("markt",)

    def test_score_outside_scale(self) -> None:
        """Should-meet scores outside [0, 10] are rejected, several at once."""
        with pytest.raises(ValidationError) as e:
            evaluate_gate(GATE, {**MUSTS, "market": 11, "technical": -1, "financial": 5})
        assert len(e.value.problems) == 2
        assert "'market' at gate 'Gate 3' must be in [0, 10.0] (got 11)" in str(e.value)

    def test_must_answer_not_bool(self) -> None:
        """A must-meet answer must be a bool."""
        with pytest.raises(ValidationError, match="must-meet criterion 'legal ok'"):
            evaluate_gate(GATE, {"strategic fit": True, "legal ok": 1})

    def test_score_not_number(self) -> None:
        """A should-meet score must be a number."""
        with pytest.raises(ValidationError, match="score of should-meet criterion 'market'"):
            evaluate_gate(GATE, {**MUSTS, "market": "high"})

    def test_bad_types(self) -> None:
        """gate and evidence must have the documented types."""
        with pytest.raises(ValidationError, match="'gate' must be a Gate"):
            evaluate_gate("G", {})  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'evidence' must be a GateEvidence"):
            evaluate_gate(GATE, [1, 2])  # type: ignore[arg-type]


@settings(max_examples=examples(60), deadline=None)
@given(
    scores=st.lists(st.floats(0, 10), min_size=3, max_size=3),
    musts=st.lists(st.booleans(), min_size=2, max_size=2),
    resources=st.booleans(),
)
def test_decision_invariants(scores: list[float], musts: list[bool], resources: bool) -> None:
    """Kill iff knock-out or score < kill; Go only when all must True and score >= go."""
    ans = {
        "strategic fit": musts[0],
        "legal ok": musts[1],
        "market": scores[0],
        "technical": scores[1],
        "financial": scores[2],
    }
    d = evaluate_gate(GATE, GateEvidence(ans, resources_available=resources))
    expected = (3 * scores[0] + 2 * scores[1] + 5 * scores[2]) / 100
    assert d.score == pytest.approx(expected)
    if not all(musts) or expected < 0.4:
        assert d.outcome is GateOutcome.KILL
    elif expected < 0.6:
        assert d.outcome is GateOutcome.RECYCLE
    else:
        assert d.outcome is (GateOutcome.GO if resources else GateOutcome.HOLD)


class TestGateCriterion:
    """Issue 14: the gate criterion has a name of its own and validates itself."""

    def test_old_name_is_deprecated(self) -> None:
        """`Criterion` still works for one release and names `GateCriterion`."""
        import pmokit.governance as gov
        from pmokit.governance import _gates

        with pytest.warns(DeprecationWarning, match="use 'pmokit.governance.GateCriterion'"):
            old = gov.Criterion
        assert old is GateCriterion
        with pytest.warns(DeprecationWarning, match="GateCriterion"):
            assert _gates.Criterion is GateCriterion  # type: ignore[attr-defined]
        assert "Criterion" not in gov.__all__
        with pytest.raises(AttributeError):
            gov.NoSuchName  # type: ignore[attr-defined]  # noqa: B018

    def test_distinct_from_portfolio_criterion(self) -> None:
        """The gate criterion and the portfolio scoring criterion are different names."""
        from pmokit import portfolio

        assert portfolio.Criterion is not GateCriterion

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"name": ""}, "'name' of a gate criterion must be a non-empty string"),
            ({"name": None}, "'name' of a gate criterion must be a non-empty string"),
            ({"name": "w", "kind": "should", "weight": float("nan")}, "weight of criterion 'w'"),
            ({"name": "w", "kind": "should", "weight": -1}, "weight of criterion 'w'' must be > 0"),
            ({"name": "w", "kind": "should", "weight": 1 + 2j}, "must be a real number"),
            ({"name": "w", "weight": None}, "weight of criterion 'w'' must be a real number"),
            ({"name": "w", "description": 3}, "'description' of criterion 'w' must be a string"),
            ({"name": "w", "kind": "Must"}, "'kind' of criterion 'w' must be 'must' or 'should'"),
        ],
    )
    def test_bad_criterion_refused_by_name(self, kwargs: dict[str, object], match: str) -> None:
        """A criterion that cannot be evaluated is refused when built, naming it."""
        with pytest.raises(ValidationError, match=match):
            GateCriterion(**kwargs)  # type: ignore[arg-type]

    def test_weight_zero_only_for_must_meet(self) -> None:
        """weight > 0 holds for a should-meet criterion; a must-meet one ignores its weight,
        which need only be finite and >= 0 (as documented; the fuzz spec said > 0 for both)."""
        assert GateCriterion("fit", "must", weight=0.0).weight == 0.0
        with pytest.raises(ValidationError, match="weight of criterion 'fit'' must be > 0"):
            GateCriterion("fit", "should", weight=0.0)
        with pytest.raises(ValidationError, match="weight of criterion 'fit'' must be >= 0"):
            GateCriterion("fit", "must", weight=-1.0)

    def test_evidence_validates_when_built(self) -> None:
        """A truthy string for the flag and an empty criterion name are refused at once."""
        with pytest.raises(ValidationError, match="'resources_available' must be True or False"):
            GateEvidence(resources_available="no")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="non-empty id"):
            GateEvidence(answers={"": True})

    def test_gates_round_trip(self) -> None:
        """Gate, evidence and decision pickle and deep-copy equal; answers are read-only."""
        import copy
        import pickle

        ev = GateEvidence(answers={"strategic fit": True, "legal ok": True, "market": 8,
                                   "technical": 7, "financial": 6})
        d = evaluate_gate(GATE, ev)
        for obj in (GATE, ev, d):
            assert pickle.loads(pickle.dumps(obj)) == obj
            assert copy.deepcopy(obj) == obj
        with pytest.raises(TypeError):
            ev.answers["market"] = 1  # type: ignore[index]




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("gate criteria None", lambda: Gate("G", "A", criteria=_any(None)), r"a sequence of items"),
    ("evidence answers int", lambda: GateEvidence(answers=_any(5)), r"a mapping was expected"),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError (not TypeError, AttributeError, ...)."""
    with pytest.raises(ValidationError, match=message):
        call()


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("criterion object", lambda: Gate("G", "A", _any([5])), r"must be GateCriterion objects"),
    (
        "resources flag",
        lambda: evaluate_gate(Gate("G", "A"), GateEvidence(resources_available=_any("no"))),
        r"'resources_available' must be True or False \(got 'no'\)",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_path(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "gatecrit": lambda x: G.GateCriterion(x),
    "gatecrit_w": lambda x: G.GateCriterion("c", "should", x),
    "gate": lambda x: G.Gate(x, "A"),
    "gate_crit": lambda x: G.Gate("G", "A", criteria=x),
    "gate_eval": lambda x: G.evaluate_gate(G.Gate("G","A",criteria=[G.GateCriterion("c")]), x),
    "gate_ev": lambda x: G.GateEvidence(answers=x),
}


@pytest.mark.parametrize("name", sorted(MISUSE_CALLS))
def test_forbidden_input_raises_a_pmokit_error(name: str) -> None:
    """Every bad value either works or raises a PmokitError (a ValidationError child)."""
    escapes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in BAD:
            try:
                MISUSE_CALLS[name](value)
            except PmokitError:
                continue
            except Exception as exc:
                escapes.append(f"{value!r:.40}: {type(exc).__name__}: {exc}"[:160])
    assert not escapes, escapes


def test_one_missing_deliverable_given_as_a_string() -> None:
    """'Business case' is one deliverable, not 13 one-letter deliverables."""
    gate = Gate("G", "A", [GateCriterion("fit", "must")])
    evidence = GateEvidence({"fit": True}, missing_deliverables=_any("Business case"))
    decision = evaluate_gate(gate, evidence)
    assert decision.outcome is GateOutcome.RECYCLE
    assert decision.reasons == ("required deliverable 'Business case' is missing",)
