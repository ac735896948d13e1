"""Tests of Methodology: built-ins, look-ups, validation of phases, gates, roles, templates."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest

from pmokit import governance as G
from pmokit.errors import DuplicateError, PmokitError, UnknownReferenceError, ValidationError
from pmokit.governance import (
    Deliverable,
    DeliverableTemplate,
    Gate,
    GateCriterion,
    Methodology,
    Phase,
    Role,
)
from tests._requires import _have
from tests.governance._helpers import BAD, _any, round_trips


def _simple(**kw: object) -> Methodology:
    base: dict[str, object] = {
        "name": "M",
        "phases": [Phase("A", [Deliverable("a1", "T", ("R",))]), Phase("B"), Phase("C")],
        "gates": [Gate("G1", "A", approvers=("R",)), Gate("G2", "B"), Gate("G3", "C")],
        "roles": [Role("R")],
        "templates": [DeliverableTemplate("T", ("x", "y"))],
    }
    base.update(kw)
    return Methodology(**base)  # type: ignore[arg-type]


class TestBuiltins:
    @pytest.mark.parametrize(
        "factory", [Methodology.waterfall, Methodology.agile, Methodology.hybrid]
    )
    def test_builtins_are_valid_and_gated(self, factory: object) -> None:
        """Every built-in validates, each gate closes a phase in order, approvers are roles."""
        m = factory()  # type: ignore[operator]
        idx = [m.phases.index(m.phase(g.after_phase)) for g in m.gates]
        assert idx == sorted(idx)
        roles = {r.name for r in m.roles}
        assert all(set(g.approvers) <= roles for g in m.gates)
        assert all(g.must_meet for g in m.gates)

    def test_waterfall_is_prince2_like(self) -> None:
        """The waterfall stages run start-up, initiation, delivery, closure with a board."""
        m = Methodology.waterfall()
        assert [p.name for p in m.phases] == ["Starting up", "Initiation", "Delivery", "Closure"]
        assert {"Executive", "Senior User", "Senior Supplier"} <= {r.name for r in m.roles}
        assert m.approach == "predictive"

    def test_agile_has_sprint_cadence_and_release_gate(self) -> None:
        """The agile delivery phase iterates in sprints; a release gate closes it."""
        m = Methodology.agile(sprint_days=5)
        assert m.phase("Delivery sprints").iteration_days == 5.0
        assert m.gates_after("Delivery sprints")[0].name == "Release gate"

    def test_hybrid_mixes_predictive_and_agile(self) -> None:
        """The hybrid keeps the predictive initiation and the agile sprints."""
        m = Methodology.hybrid()
        assert m.approach == "hybrid"
        assert m.phases[1].name == "Initiation"
        assert m.phases[2].iteration_days == 10.0

    def test_check_deliverable_lists_missing_template_fields(self) -> None:
        """Missing or empty template fields are reported in template order."""
        m = _simple()
        assert m.check_deliverable("a1", {"x": "filled", "y": ""}) == ("y",)
        assert m.check_deliverable("a1", {"x": 1, "y": 2}) == ()
        with pytest.raises(UnknownReferenceError, match="no deliverable 'zz'"):
            m.check_deliverable("zz", {})

    def test_records_list_deliverables_and_gates_in_order(self) -> None:
        """to_records gives deliverables then the gate for each phase."""
        rows = _simple().to_records()
        assert [(r["phase"], r["kind"], r["name"]) for r in rows] == [
            ("A", "deliverable", "a1"),
            ("A", "gate", "G1"),
            ("B", "gate", "G2"),
            ("C", "gate", "G3"),
        ]
        if not _have("pandas"):  # the records are checked; the frame needs pandas
            pytest.skip("pandas not installed: the frame part needs the pandas extra")
        assert _simple().to_frame().shape == (4, 6)


class TestValidation:
    def test_duplicate_phase_names(self) -> None:
        """Duplicate phase names raise DuplicateError naming the phase."""
        with pytest.raises(DuplicateError, match="phase name 'A' appears 2 times") as e:
            _simple(phases=[Phase("A"), Phase("A"), Phase("B"), Phase("C")])
        assert e.value.duplicates == ("A",)

    def test_duplicate_deliverable_names(self) -> None:
        """A deliverable name used in two phases is reported."""
        with pytest.raises(DuplicateError, match="deliverable name 'd'"):
            _simple(
                phases=[Phase("A", [Deliverable("d")]), Phase("B", [Deliverable("d")]), Phase("C")]
            )

    def test_gates_out_of_order(self) -> None:
        """A gate listed after a gate of a later phase is out of order, both named."""
        with pytest.raises(ValidationError, match=r"gate 'G1' .* is out of order.*gate 'G2'"):
            _simple(gates=[Gate("G2", "B"), Gate("G1", "A"), Gate("G3", "C")])

    def test_two_gates_on_one_phase(self) -> None:
        """Two gates may not close the same phase."""
        with pytest.raises(ValidationError, match="gate 'G1b' closes phase 'A', which gate 'G1'"):
            _simple(gates=[Gate("G1", "A"), Gate("G1b", "A")])

    def test_gate_on_unknown_phase(self) -> None:
        """A gate closing a phase that does not exist is an unknown reference."""
        with pytest.raises(UnknownReferenceError, match="gate 'GX' closes unknown phase 'Z'") as e:
            _simple(gates=[Gate("GX", "Z")])
        assert e.value.unknown == ("Z",)

    def test_unknown_role_and_template_reported_together(self) -> None:
        """Unknown approval roles and templates are reported in one error."""
        with pytest.raises(UnknownReferenceError) as e:
            _simple(
                phases=[Phase("A", [Deliverable("a1", "NoT", ("Nobody",))]), Phase("B"), Phase("C")]
            )
        assert len(e.value.problems) == 2
        assert "unknown template 'NoT'" in str(e.value)
        assert "unknown role 'Nobody'" in str(e.value)

    def test_unknown_gate_approver(self) -> None:
        """A gate approver must be a role."""
        with pytest.raises(UnknownReferenceError, match="approver of gate 'G1' names unknown role"):
            _simple(gates=[Gate("G1", "A", approvers=("Ghost",))])

    def test_bad_approach_and_iteration(self) -> None:
        """approach must be one of three; iteration_days must be > 0."""
        with pytest.raises(ValidationError, match="'approach' of methodology 'M'"):
            _simple(approach="chaotic")
        with pytest.raises(ValidationError, match="iteration_days of phase 'B'"):
            _simple(phases=[Phase("A"), Phase("B", iteration_days=0), Phase("C")], gates=[])

    def test_lookup_errors(self) -> None:
        """Looking up a missing phase, gate or template names it."""
        m = _simple()
        with pytest.raises(UnknownReferenceError, match="no phase 'Q'"):
            m.phase("Q")
        with pytest.raises(UnknownReferenceError, match="no gate 'Q'"):
            m.gate("Q")
        with pytest.raises(UnknownReferenceError, match="no template 'Q'"):
            m.template("Q")

    def test_wrong_item_types(self) -> None:
        """Items of the wrong class are reported with their type."""
        with pytest.raises(ValidationError, match="phases of methodology 'M' must be Phase"):
            _simple(phases=["A"])


class TestGateDefinition:
    def test_gate_criteria_validation(self) -> None:
        """Duplicate criteria, bad kinds, non-positive weights and bad thresholds are caught."""
        with pytest.raises(DuplicateError, match="criterion 'c' appears more than once"):
            Gate("G", "A", criteria=[GateCriterion("c"), GateCriterion("c")])
        # a bad criterion is refused when it is built (issue 14), naming it
        with pytest.raises(ValidationError, match="'kind' of criterion 'k' must be 'must'"):
            GateCriterion("k", "maybe")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="weight of criterion 'w'' must be > 0"):
            GateCriterion("w", "should", weight=0)
        with pytest.raises(ValidationError, match="kill_score <= go_score"):
            Gate("G", "A", go_score=0.3, kill_score=0.5)
        with pytest.raises(ValidationError, match="go_score of gate 'G'"):
            Gate("G", "A", go_score=1.5)




ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "deliverable object",
        lambda: Methodology("m", phases=[Phase("A", _any([5]))]),
        r"deliverables of phase 'A' must be Deliverable objects \(got 5\)",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_path(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "meth": lambda x: G.Methodology(x),
    "meth_phase": lambda x: G.Methodology.waterfall().phase(x),
    "meth_check": lambda x: G.Methodology.waterfall().check_deliverable("Business case", x),
    "meth_check2": lambda x: G.Methodology.waterfall().check_deliverable(x, {}),
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


class TestMethodology:
    """Methodology.check_deliverable and names."""

    def test_unknown_filled_field_refused(self) -> None:
        """A misspelt field was ignored and its real field reported missing."""
        m = Methodology.waterfall()
        with pytest.raises(UnknownReferenceError, match="'filled' names the unknown field"):
            m.check_deliverable("Business case", {"benfits": "..."})

    def test_methodology_round_trips(self) -> None:
        """The standard methodologies pickle and deep-copy equal (an invariant that held
        before issue 14 too; it guards the renamed GateCriterion inside the gates)."""
        for m in (Methodology.waterfall(), Methodology.agile(), Methodology.hybrid()):
            round_trips(m)
class TestNamesAreIds:
    """Names of a methodology and its parts follow the id rule (fuzz findings, issue 14)."""

    @pytest.mark.parametrize("bad", ["", "  ", None, 1.5, True, float("nan")])
    def test_methodology_name(self, bad: object) -> None:
        """An empty or non-id methodology name is refused."""
        with pytest.raises(ValidationError, match="name of a methodology"):
            Methodology(bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", ["", None, 1.5])
    def test_deliverable_name(self, bad: object) -> None:
        """A deliverable's name is checked when a phase of a methodology holds it."""
        with pytest.raises(ValidationError, match="deliverable name in phase 'p'"):
            Methodology("m", phases=[Phase("p", deliverables=[Deliverable(bad)])])  # type: ignore[arg-type]

    def test_unhashable_names_are_a_validation_error(self) -> None:
        """An unhashable name is named, not a bare TypeError from counting repeats."""
        with pytest.raises(ValidationError, match="must be hashable"):
            Methodology("m", phases=[Phase(["A"])])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must be hashable"):
            Methodology("m", roles=[Role(["A"])])  # type: ignore[arg-type]

    def test_template_fields(self) -> None:
        """A template's fields are non-empty ids, each once."""
        with pytest.raises(ValidationError, match=r"fields\[1\] of template 't'"):
            Methodology("m", templates=[DeliverableTemplate("t", fields=("a", ""))])
        with pytest.raises(ValidationError, match="field 'a' appears 2 times in template 't'"):
            Methodology("m", templates=[DeliverableTemplate("t", fields=("a", "a"))])
