"""Stage gates after Cooper's Stage-Gate: must-meet knock-outs and weighted should-meet scores.

A gate holds its criteria. Evaluating a project's evidence at the gate gives one of
Cooper's four decisions -- Go, Kill, Hold or Recycle -- with the reasons that led to it.

Decision rules (applied in this order)
--------------------------------------
1. **Kill** if any must-meet criterion is answered ``False`` (a knock-out), or if every
   should-meet criterion is scored and the weighted score is below ``kill_score``.
2. **Recycle** if evidence is incomplete (a must-meet criterion unanswered, a should-meet
   criterion unscored, or required deliverables missing), or if the weighted score is
   below ``go_score``: the stage's work goes back for rework and returns to the gate.
3. **Hold** if the project passes but resources are not available now
   (``resources_available=False``): a sound project waits for capacity or priority.
4. **Go** otherwise.

The weighted should-meet score is ``sum(w_i * s_i) / (sum(w_i) * scale_max)`` in [0, 1],
with scores ``s_i`` on the gate's 0..``scale_max`` scale (Cooper's scoring models use 0-10).

References
----------
Cooper, R. G. (1990). Stage-gate systems: a new tool for managing new products.
*Business Horizons* 33(3), 44-54. doi:10.1016/0007-6813(90)90040-I
Cooper, R. G. (2008). Perspective: The Stage-Gate idea-to-launch process -- update, what's
new, and NexGen systems. *Journal of Product Innovation Management* 25(3), 213-232.
"""

from __future__ import annotations

import enum
import math
import numbers
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from pmokit._deprecation import warn_renamed
from pmokit._results import display, records_to_frame
from pmokit._validation import Problems, check_id
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.governance._convert import as_dict, as_tuple

__all__ = [
    "Gate",
    "GateCriterion",
    "GateDecision",
    "GateEvidence",
    "GateOutcome",
    "evaluate_gate",
]


class GateOutcome(enum.StrEnum):
    """Cooper's four gate decisions."""

    GO = "Go"
    KILL = "Kill"
    HOLD = "Hold"
    RECYCLE = "Recycle"


@attrs.frozen
class GateCriterion:
    """One criterion of a stage gate: a must-meet knock-out or a weighted should-meet score.

    Not to be confused with :class:`pmokit.portfolio.Criterion`, a scoring criterion of
    portfolio selection. ``Criterion`` is the deprecated name of this class (kept for one
    release, with a DeprecationWarning).

    Parameters
    ----------
    name
        Unique name within its gate (a non-empty string).
    kind
        ``"must"`` (must-meet, a yes/no knock-out) or ``"should"`` (should-meet, scored on
        the gate's scale and weighted).
    weight
        Weight of a should-meet criterion, a finite number > 0; ignored for must-meet
        criteria (but it must still be a finite number >= 0: 0 is accepted there).
    description
        The question the gatekeepers answer.

    Raises
    ------
    ValidationError
        Naming the criterion for an empty or non-string name, a kind other than
        ``"must"``/``"should"``, a weight that is not a finite number >= 0 (> 0 for a
        should-meet criterion) or a description that is not a string.

    Examples
    --------
    >>> GateCriterion("market attractiveness", "should", weight=2).weight
    2
    >>> GateCriterion("fit", "should", weight=0)
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'weight of criterion 'fit'' must be > 0.0 (got 0)
    """

    name: str
    kind: Literal["must", "should"] = "must"
    weight: float = 1.0
    description: str = ""

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if not isinstance(self.name, str) or not self.name.strip():
            p.add(
                "'name' of a gate criterion must be a non-empty string "
                f"(got {self.name!r} that is a {type(self.name).__name__})"
            )
        who = f"criterion {self.name!r}"
        if self.kind not in ("must", "should"):
            p.add(f"'kind' of {who} must be 'must' or 'should' (got {self.kind!r})")
        p.check_number(
            self.weight,
            f"weight of {who}",
            minimum=0.0,
            strict_minimum=self.kind == "should",
        )
        if not isinstance(self.description, str):
            p.add(
                f"'description' of {who} must be a string "
                f"(got {self.description!r} that is a {type(self.description).__name__})"
            )
        p.raise_if_any()


@attrs.frozen
class Gate:
    """A decision point that closes a phase.

    Parameters
    ----------
    name
        Unique gate name within a methodology.
    after_phase
        Name of the phase this gate closes.
    criteria
        Must-meet and should-meet criteria.
    approvers
        Role names that take the decision.
    go_score
        Weighted should-meet score in [0, 1] needed for Go (default 0.6, Cooper's usual
        "60 out of 100" pass mark).
    kill_score
        Weighted should-meet score in [0, 1] below which the project is killed (default 0.4).
    scale_max
        Top of the should-meet scoring scale (scores run 0..scale_max; default 10).
    min_tier
        The lightest project tier for which this gate is required (``None``: every tier);
        used by :func:`pmokit.governance.tailor`.

    Raises
    ------
    ValidationError
        If criteria names repeat (:class:`~pmokit.errors.DuplicateError`), a kind is not
        ``"must"``/``"should"``, a weight is not > 0, or the thresholds are not
        ``0 <= kill_score <= go_score <= 1``.
    """

    name: str
    after_phase: str
    criteria: tuple[GateCriterion, ...] = attrs.field(default=(), converter=as_tuple)
    approvers: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    go_score: float = 0.6
    kill_score: float = 0.4
    scale_max: float = 10.0
    min_tier: str | None = None

    def __attrs_post_init__(self) -> None:
        p = Problems()
        seen: set[str] = set()
        dups: list[str] = []
        for c in self.criteria:
            if not isinstance(c, GateCriterion):
                p.add(f"criteria of gate '{self.name}' must be GateCriterion objects (got {c!r})")
                continue
            if c.name in seen:
                dups.append(c.name)
            seen.add(c.name)
            if c.kind not in ("must", "should"):
                p.add(
                    f"'kind' of criterion '{c.name}' at gate '{self.name}' must be 'must' or "
                    f"'should' (got {c.kind!r})"
                )
            if c.kind == "should":
                p.check_number(
                    c.weight,
                    f"weight of criterion '{c.name}' at gate '{self.name}'",
                    minimum=0.0,
                    strict_minimum=True,
                )
        p.check_number(self.go_score, f"go_score of gate '{self.name}'", minimum=0.0, maximum=1.0)
        p.check_number(
            self.kill_score, f"kill_score of gate '{self.name}'", minimum=0.0, maximum=1.0
        )
        p.check_number(
            self.scale_max, f"scale_max of gate '{self.name}'", minimum=0.0, strict_minimum=True
        )
        if not p and self.kill_score > self.go_score:
            p.add(
                f"thresholds of gate '{self.name}' must satisfy kill_score <= go_score "
                f"(got kill_score={self.kill_score}, go_score={self.go_score})"
            )
        if dups:
            raise DuplicateError(
                [f"criterion '{d}' appears more than once at gate '{self.name}'" for d in dups]
                + p.items,
                dups,
            )
        p.raise_if_any()

    @property
    def must_meet(self) -> tuple[GateCriterion, ...]:
        """The must-meet (knock-out) criteria."""
        return tuple(c for c in self.criteria if c.kind == "must")

    @property
    def should_meet(self) -> tuple[GateCriterion, ...]:
        """The should-meet (scored) criteria."""
        return tuple(c for c in self.criteria if c.kind == "should")


@attrs.frozen
class GateEvidence:
    """What a project brings to a gate.

    Parameters
    ----------
    answers
        Criterion name -> ``True``/``False`` for must-meet criteria, a score in
        [0, scale_max] for should-meet criteria; ``None`` (or absent) means no evidence yet.
    resources_available
        Whether the people and money for the next stage are available now.
    missing_deliverables
        Names of deliverables required at the gate that are not yet presented.
    """

    answers: Mapping[str, bool | float | None] = attrs.field(factory=dict, converter=as_dict)
    resources_available: bool = True
    missing_deliverables: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if not isinstance(self.resources_available, bool):
            p.add(f"'resources_available' must be True or False (got {self.resources_available!r})")
        for i, name in enumerate(self.missing_deliverables):
            if (m := check_id(name, f"missing_deliverables[{i}]")) is not None:
                p.add(m)
        for key in self.answers:
            if (m := check_id(key, "criterion name in 'answers'")) is not None:
                p.add(m)
        p.raise_if_any()


@display()
@attrs.frozen
class GateDecision:
    """The outcome of a gate review.

    Attributes
    ----------
    gate
        Gate name.
    outcome
        :class:`GateOutcome` (Go, Kill, Hold, Recycle).
    score
        Weighted should-meet score in [0, 1] over the scored criteria (``nan`` if none).
    knocked_out
        Must-meet criteria answered ``False``.
    unanswered
        Criteria with no evidence.
    reasons
        Human-readable reasons, most decisive first.
    """

    gate: str
    outcome: GateOutcome
    score: float
    knocked_out: tuple[str, ...]
    unanswered: tuple[str, ...]
    reasons: tuple[str, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One record with the decision's fields (reasons joined by ``'; '``)."""
        return [
            {
                "gate": self.gate,
                "outcome": str(self.outcome),
                "score": self.score,
                "knocked_out": ", ".join(self.knocked_out),
                "unanswered": ", ".join(self.unanswered),
                "reasons": "; ".join(self.reasons),
            }
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _validate_evidence(gate: Gate, evidence: GateEvidence) -> None:
    p = Problems()
    known = {c.name: c for c in gate.criteria}
    unknown = [k for k in evidence.answers if k not in known]
    for name, value in evidence.answers.items():
        c = known.get(name)
        if c is None or value is None:
            continue
        if c.kind == "must" and not isinstance(value, bool):
            p.add(
                f"answer to must-meet criterion '{name}' at gate '{gate.name}' must be True, "
                f"False or None (got {value!r})"
            )
        elif c.kind == "should":
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                p.add(
                    f"score of should-meet criterion '{name}' at gate '{gate.name}' must be a "
                    f"number in [0, {gate.scale_max}] (got {value!r})"
                )
            elif not (0.0 <= float(value) <= gate.scale_max) or math.isnan(float(value)):
                p.add(
                    f"score of should-meet criterion '{name}' at gate '{gate.name}' must be in "
                    f"[0, {gate.scale_max}] (got {value!r})"
                )
    if not isinstance(evidence.resources_available, bool):
        p.add(f"'resources_available' must be True or False (got {evidence.resources_available!r})")
    if unknown:
        msgs = [
            f"answer names criterion '{u}' that gate '{gate.name}' does not have "
            f"(known: {', '.join(sorted(known)) or 'none'})"
            for u in unknown
        ]
        raise UnknownReferenceError(msgs + p.items, unknown)
    p.raise_if_any()


def evaluate_gate(
    gate: Gate, evidence: GateEvidence | Mapping[str, bool | float | None]
) -> GateDecision:
    """Decide Go, Kill, Hold or Recycle for a project's evidence at a gate.

    Parameters
    ----------
    gate
        The gate with its criteria and thresholds.
    evidence
        A :class:`GateEvidence`, or a plain mapping of answers (then resources are taken
        as available and no deliverables missing).

    Returns
    -------
    GateDecision
        Outcome, weighted should-meet score and the reasons.

    Raises
    ------
    UnknownReferenceError
        If an answer names a criterion the gate does not have.
    ValidationError
        If a must-meet answer is not a bool or a should-meet score is outside
        [0, ``gate.scale_max``].

    Examples
    --------
    >>> gate = Gate("Gate 2", after_phase="Scoping", criteria=[
    ...     GateCriterion("strategic fit", "must"),
    ...     GateCriterion("market attractiveness", "should", weight=2),
    ...     GateCriterion("technical feasibility", "should", weight=1)])
    >>> d = evaluate_gate(gate, {"strategic fit": True, "market attractiveness": 8,
    ...                          "technical feasibility": 5})
    >>> d.outcome, round(d.score, 3)
    (<GateOutcome.GO: 'Go'>, 0.7)
    >>> evaluate_gate(gate, {"strategic fit": False, "market attractiveness": 9,
    ...                      "technical feasibility": 9}).reasons[0]
    "knock-out: must-meet criterion 'strategic fit' is not met"
    """
    if not isinstance(gate, Gate):
        raise ValidationError(f"'gate' must be a Gate (got {type(gate).__name__})")
    if not isinstance(evidence, GateEvidence):
        if not isinstance(evidence, Mapping):
            raise ValidationError(
                f"'evidence' must be a GateEvidence or a mapping of answers "
                f"(got {type(evidence).__name__})"
            )
        evidence = GateEvidence(answers=evidence)
    _validate_evidence(gate, evidence)
    answers = evidence.answers

    knocked = tuple(c.name for c in gate.must_meet if answers.get(c.name) is False)
    unanswered_must = [c.name for c in gate.must_meet if answers.get(c.name) is None]
    should = gate.should_meet
    unscored = [c.name for c in should if answers.get(c.name) is None]
    scored = [c for c in should if answers.get(c.name) is not None]
    vals: dict[str, float] = {c.name: float(answers[c.name] or 0.0) for c in scored}
    if scored:
        num = sum(c.weight * vals[c.name] for c in scored)
        den = sum(c.weight for c in scored) * gate.scale_max
        score = num / den
    else:
        score = math.nan
    complete_scores = not unscored
    reasons: list[str] = []

    if knocked:
        reasons.extend(f"knock-out: must-meet criterion '{k}' is not met" for k in knocked)
        outcome = GateOutcome.KILL
    elif scored and complete_scores and score < gate.kill_score:
        reasons.append(
            f"weighted should-meet score {score:.2f} is below the kill threshold "
            f"{gate.kill_score:.2f}"
        )
        outcome = GateOutcome.KILL
    elif unanswered_must or unscored or evidence.missing_deliverables:
        reasons.extend(f"no evidence for must-meet criterion '{u}'" for u in unanswered_must)
        reasons.extend(f"no score for should-meet criterion '{u}'" for u in unscored)
        reasons.extend(
            f"required deliverable '{d}' is missing" for d in evidence.missing_deliverables
        )
        outcome = GateOutcome.RECYCLE
    elif scored and score < gate.go_score:
        reasons.append(
            f"weighted should-meet score {score:.2f} is below the go threshold "
            f"{gate.go_score:.2f} (kill threshold {gate.kill_score:.2f}): rework and resubmit"
        )
        weakest = sorted(scored, key=lambda c: vals[c.name])
        reasons.append(
            "weakest criteria: " + ", ".join(f"{c.name} ({vals[c.name]:g})" for c in weakest[:3])
        )
        outcome = GateOutcome.RECYCLE
    elif not evidence.resources_available:
        reasons.append("criteria met but resources for the next stage are not available")
        outcome = GateOutcome.HOLD
    else:
        if gate.must_meet:
            reasons.append("all must-meet criteria met")
        if scored:
            reasons.append(
                f"weighted should-meet score {score:.2f} meets the go threshold {gate.go_score:.2f}"
            )
        outcome = GateOutcome.GO
    unanswered = tuple(unanswered_must) + tuple(unscored)
    return GateDecision(
        gate=gate.name,
        outcome=outcome,
        score=score,
        knocked_out=knocked,
        unanswered=unanswered,
        reasons=tuple(reasons),
    )


def __getattr__(name: str) -> object:
    if name == "Criterion":
        warn_renamed("pmokit.governance.Criterion", "pmokit.governance.GateCriterion")
        return GateCriterion
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
