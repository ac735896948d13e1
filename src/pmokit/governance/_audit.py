"""Compliance audits: declarative rules evaluated on project records give findings.

Rules are data (:class:`ComplianceRule`, or plain dicts through
:meth:`RuleSet.from_records`), so a PMO can keep them in a spreadsheet or JSON file and
load them in its own I/O layer. A :class:`RuleSet` declares the fields that records may
carry and their kinds; a rule that names a field the rule set does not declare is a
:class:`~pmokit.errors.ValidationError` when the rule set is built, not a silent pass.

Checks
------
``deliverable_present``
    The deliverable named by ``target`` is in the record and present.
``deliverable_approved``
    ... and approved.
``is_true``
    The bool field ``target`` is ``True``.
``within_days``
    The date field ``target`` is at most ``days`` days before the audit date (and not after it).
``threshold``
    The number field ``target`` satisfies ``<op> value`` (e.g. ``cpi >= 0.9``).

A missing fact fails its rule (no evidence is a finding). Rules may be limited to tiers.
:func:`audit` gives an :class:`AuditResult`, :func:`compliance_summary` the portfolio view
and :func:`compliance_trend` the direction across successive audits.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
import numbers
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import (
    ComparesValues,
    FrozenDict,
    IdDict,
    PicklesReadOnly,
    display,
    records_to_frame,
)
from pmokit._validation import Problems, as_date, check_flag, check_id
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.governance._convert import as_dict, as_tuple, items_of
from pmokit.governance._methodology import Methodology, _ensure_methodology

__all__ = [
    "CHECKS",
    "SEVERITY_WEIGHTS",
    "STANDARD_FIELDS",
    "AuditRecord",
    "AuditResult",
    "ComplianceRule",
    "ComplianceSummary",
    "ComplianceTrend",
    "DeliverableStatus",
    "Finding",
    "RuleSet",
    "audit",
    "compliance_summary",
    "compliance_trend",
]

CHECKS: tuple[str, ...] = (
    "deliverable_present",
    "deliverable_approved",
    "is_true",
    "within_days",
    "threshold",
)
"""The check kinds a :class:`ComplianceRule` may use."""

SEVERITY_WEIGHTS: Mapping[str, float] = FrozenDict(
    {"low": 1.0, "medium": 2.0, "high": 3.0, "critical": 5.0}
)
"""Severity levels and their weights in the weighted compliance score."""

STANDARD_FIELDS: Mapping[str, str] = FrozenDict({
    "baseline_set": "bool",
    "sponsor_assigned": "bool",
    "lessons_logged": "bool",
    "risk_register_reviewed_on": "date",
    "status_report_on": "date",
    "benefits_reviewed_on": "date",
    "cpi": "number",
    "spi": "number",
    "dcma_checks_failed": "number",
    "overdue_actions": "number",
})
"""Default record fields and their kinds (``bool``, ``number``, ``date``, ``text``)."""

_FIELD_KINDS = ("bool", "number", "date", "text")
_CHECK_KIND = {"is_true": "bool", "within_days": "date", "threshold": "number"}
_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


@attrs.frozen
class DeliverableStatus:
    """State of one deliverable in a project record.

    Parameters
    ----------
    present
        Whether the deliverable exists.
    approved
        Whether it carries the required approvals.
    """

    present: bool = True
    approved: bool = False

    def __attrs_post_init__(self) -> None:
        p = Problems()
        for name in ("present", "approved"):
            try:
                check_flag(getattr(self, name), name)
            except ValidationError as exc:  # "no" would read as True
                p.extend(exc.problems)
        p.raise_if_any()


@attrs.frozen
class AuditRecord:
    """What an audit looks at for one project.

    Parameters
    ----------
    project
        Project id.
    facts
        Field name -> value (bool, number, :class:`datetime.date`, str or ``None``).
    deliverables
        Deliverable name -> :class:`DeliverableStatus` (or a bool: ``True`` = present and
        approved, ``False`` = absent).
    tier
        The project's tailoring tier (rules limited to tiers use it).
    """

    project: str
    facts: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=as_dict)
    deliverables: Mapping[str, DeliverableStatus | bool] = attrs.field(
        factory=FrozenDict, converter=as_dict
    )
    tier: str | None = None

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if (m := check_id(self.project, "project of an audit record")) is not None:
            p.add(m)
        for what, mapping in (("fact", self.facts), ("deliverable", self.deliverables)):
            for key in mapping:
                if (m := check_id(key, f"{what} name of project {self.project!r}")) is not None:
                    p.add(m)
        p.raise_if_any()

    def deliverable(self, name: str) -> DeliverableStatus:
        """Status of deliverable ``name`` (absent if the record does not list it)."""
        v = self.deliverables.get(name)
        if v is None or v is False:
            return DeliverableStatus(present=False, approved=False)
        if v is True:
            return DeliverableStatus(present=True, approved=True)
        return v


@attrs.frozen
class ComplianceRule:
    """One declarative compliance rule.

    Parameters
    ----------
    id
        Unique rule id.
    check
        One of :data:`CHECKS`.
    target
        Deliverable name (deliverable checks) or record field name (other checks).
    op, value
        Comparison for ``threshold`` checks (e.g. ``">="``, ``0.9``).
    days
        Maximum age [calendar days] for ``within_days`` checks.
    severity
        ``"low"``, ``"medium"``, ``"high"`` or ``"critical"``.
    remediation
        What to do when the rule fails.
    description
        What the rule requires.
    tiers
        Tiers the rule applies to (empty: every project).
    """

    id: str
    check: str
    target: str
    op: str | None = None
    value: float | None = None
    days: float | None = None
    severity: str = "medium"
    remediation: str = ""
    description: str = ""
    tiers: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)

    def describe(self) -> str:
        """The description, or one generated from the check."""
        if self.description:
            return self.description
        if self.check == "threshold":
            return f"{self.target} {self.op} {self.value:g}"
        if self.check == "within_days":
            return f"{self.target} within {self.days:g} days"
        return f"{self.check.replace('_', ' ')}: {self.target}"


@attrs.frozen
class RuleSet:
    """Rules plus the record fields they may name.

    Parameters
    ----------
    rules
        The :class:`ComplianceRule` objects.
    fields
        Field name -> kind (``"bool"``, ``"number"``, ``"date"``, ``"text"``); default
        :data:`STANDARD_FIELDS`.

    Raises
    ------
    DuplicateError
        If rule ids repeat.
    ValidationError
        If a rule names an unknown check, field, severity or operator, uses a field of the
        wrong kind for its check, or misses ``op``/``value``/``days``. All bad rules are
        reported together.

    Examples
    --------
    >>> RuleSet([ComplianceRule("R1", "threshold", "cpii", op=">=", value=0.9)])
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: rule 'R1' names unknown field 'cpii'; declare it ...
    """

    rules: tuple[ComplianceRule, ...] = attrs.field(converter=as_tuple)
    fields: Mapping[str, str] = attrs.field(
        factory=lambda: dict(STANDARD_FIELDS), converter=as_dict
    )

    def __attrs_post_init__(self) -> None:
        p = Problems()
        for f, kind in self.fields.items():
            if kind not in _FIELD_KINDS:
                p.add(
                    f"kind of field '{f}' must be one of "
                    + ", ".join(repr(k) for k in _FIELD_KINDS)
                    + f" (got {kind!r})"
                )
        seen: set[str] = set()
        dups: list[str] = []
        known = ", ".join(repr(f) for f in self.fields)
        for r in self.rules:
            if not isinstance(r, ComplianceRule):
                p.add(f"rules must be ComplianceRule objects (got {r!r})")
                continue
            if (msg := check_id(r.id, "id of a compliance rule")) is not None:
                p.add(msg)
                continue
            if r.id in seen:
                dups.append(r.id)
            seen.add(r.id)
            where = f"rule '{r.id}'"
            if not isinstance(r.severity, str) or r.severity not in SEVERITY_WEIGHTS:
                p.add(
                    f"severity of {where} must be one of "
                    + ", ".join(repr(s) for s in SEVERITY_WEIGHTS)
                    + f" (got {r.severity!r})"
                )
            if not isinstance(r.check, str) or r.check not in CHECKS:
                p.add(
                    f"check of {where} must be one of "
                    + ", ".join(repr(c) for c in CHECKS)
                    + f" (got {r.check!r})"
                )
                continue
            if r.check in _CHECK_KIND:
                if r.target not in self.fields:
                    p.add(
                        f"{where} names unknown field '{r.target}'; declare it in "
                        f"RuleSet(fields=...) or use one of {known}"
                    )
                elif self.fields[r.target] != _CHECK_KIND[r.check]:
                    p.add(
                        f"{where} uses check '{r.check}', which needs a "
                        f"{_CHECK_KIND[r.check]} field, but field '{r.target}' is "
                        f"{self.fields[r.target]}"
                    )
            if r.check == "threshold":
                if r.op not in _OPS:
                    p.add(
                        f"op of {where} must be one of "
                        + ", ".join(repr(o) for o in _OPS)
                        + f" (got {r.op!r})"
                    )
                p.check_number(r.value, f"value of {where}")
            if r.check == "within_days":
                p.check_number(r.days, f"days of {where}", minimum=0.0)
        if dups:
            raise DuplicateError(
                [f"rule id '{d}' appears more than once" for d in dups] + p.items, dups
            )
        p.raise_if_any()

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, Any]], fields: Mapping[str, str] | None = None
    ) -> RuleSet:
        """Build a rule set from plain dicts (e.g. loaded from JSON).

        Keys are the :class:`ComplianceRule` parameters; unknown keys are an error.

        Examples
        --------
        >>> rs = RuleSet.from_records([{"id": "EV1", "check": "threshold", "target": "cpi",
        ...                             "op": ">=", "value": 0.9, "severity": "high"}])
        >>> rs.rules[0].describe()
        'cpi >= 0.9'
        """
        allowed = {a.name for a in attrs.fields(ComplianceRule)}
        p = Problems()
        rules: list[ComplianceRule] = []
        for i, rec in enumerate(records):
            extra = sorted(set(rec) - allowed)
            missing = sorted({"id", "check", "target"} - set(rec))
            label = f"rule record {i} ({rec.get('id', '?')!r})"
            if extra:
                p.add(
                    f"{label} has unknown key(s) {', '.join(map(repr, extra))}; expected keys "
                    + ", ".join(sorted(allowed))
                )
            if missing:
                p.add(f"{label} misses required key(s) {', '.join(map(repr, missing))}")
            if not extra and not missing:
                rules.append(ComplianceRule(**rec))
        p.raise_if_any()
        return cls(rules, dict(STANDARD_FIELDS) if fields is None else fields)

    @classmethod
    def from_methodology(
        cls,
        methodology: Methodology,
        *,
        through_phase: str | None = None,
        severity: str = "high",
        fields: Mapping[str, str] | None = None,
    ) -> RuleSet:
        """One rule per deliverable of a (tailored) methodology.

        A deliverable with approvals must be present and approved
        (``deliverable_approved``); one without, present (``deliverable_present``). Rule ids
        are ``DEL-<phase number>-<deliverable>``.

        Parameters
        ----------
        methodology
            The methodology, typically ``tailor(...).methodology``.
        through_phase
            Only deliverables of phases up to and including this one (the project's
            current phase); default every phase.
        severity
            Severity of the rules.
        fields
            Record fields of the rule set (default :data:`STANDARD_FIELDS`).

        Examples
        --------
        >>> rs = RuleSet.from_methodology(Methodology.waterfall(), through_phase="Starting up")
        >>> [r.id for r in rs.rules], rs.rules[0].check
        (['DEL-1-Project mandate', 'DEL-1-Project brief'], 'deliverable_approved')
        """
        m = _ensure_methodology(methodology)
        last = (
            len(m.phases) if through_phase is None else m.phases.index(m.phase(through_phase)) + 1
        )
        rules = []
        for k, ph in enumerate(m.phases[:last], 1):
            for d in ph.deliverables:
                approved = bool(d.approvals)
                who = ", ".join(d.approvals)
                rules.append(
                    ComplianceRule(
                        f"DEL-{k}-{d.name}",
                        "deliverable_approved" if approved else "deliverable_present",
                        d.name,
                        severity=severity,
                        remediation=(
                            f"Produce '{d.name}' and get it approved by {who}."
                            if approved
                            else f"Produce '{d.name}'."
                        ),
                        description=f"{ph.name}: '{d.name}' "
                        + ("present and approved" if approved else "present"),
                    )
                )
        return cls(rules, dict(STANDARD_FIELDS) if fields is None else fields)

    @classmethod
    def standard(cls) -> RuleSet:
        """A typical PMO rule set over :data:`STANDARD_FIELDS`.

        Business case and project plan approved, baseline set, risk register reviewed
        within 30 days, status report within 14 days, CPI and SPI >= 0.9, at most 2 failed
        DCMA checks (standard and major tiers), no overdue actions, benefits reviewed
        within 90 days (major tier).
        """
        return cls(
            (
                ComplianceRule(
                    "GOV-01",
                    "deliverable_approved",
                    "Business case",
                    severity="critical",
                    remediation="Get the business case approved by the sponsor.",
                ),
                ComplianceRule(
                    "GOV-02",
                    "deliverable_approved",
                    "Project plan",
                    severity="high",
                    remediation="Baseline and approve the project plan.",
                ),
                ComplianceRule(
                    "GOV-03",
                    "is_true",
                    "baseline_set",
                    severity="high",
                    remediation="Set a schedule and cost baseline.",
                ),
                ComplianceRule(
                    "RSK-01",
                    "within_days",
                    "risk_register_reviewed_on",
                    days=30,
                    severity="high",
                    remediation="Review the risk register with the team.",
                ),
                ComplianceRule(
                    "REP-01",
                    "within_days",
                    "status_report_on",
                    days=14,
                    severity="medium",
                    remediation="Issue the fortnightly status report.",
                ),
                ComplianceRule(
                    "EV-01",
                    "threshold",
                    "cpi",
                    op=">=",
                    value=0.9,
                    severity="high",
                    remediation="Analyse cost variances and agree a recovery plan.",
                ),
                ComplianceRule(
                    "EV-02",
                    "threshold",
                    "spi",
                    op=">=",
                    value=0.9,
                    severity="high",
                    remediation="Analyse the critical path and agree a recovery plan.",
                ),
                ComplianceRule(
                    "SCH-01",
                    "threshold",
                    "dcma_checks_failed",
                    op="<=",
                    value=2,
                    severity="medium",
                    tiers=("standard", "major"),
                    remediation="Fix the schedule-quality findings of the DCMA assessment.",
                ),
                ComplianceRule(
                    "ACT-01",
                    "threshold",
                    "overdue_actions",
                    op="==",
                    value=0,
                    severity="low",
                    remediation="Close or re-plan overdue actions.",
                ),
                ComplianceRule(
                    "BEN-01",
                    "within_days",
                    "benefits_reviewed_on",
                    days=90,
                    severity="medium",
                    tiers=("major",),
                    remediation="Hold a benefits review with the senior user.",
                ),
            )
        )


@attrs.frozen
class Finding:
    """A failed rule on one project.

    Attributes
    ----------
    project, rule
        Project id and rule id.
    severity
        The rule's severity.
    evidence
        What the audit saw.
    remediation
        What to do.
    """

    project: str
    rule: str
    severity: str
    evidence: str
    remediation: str


@display()
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class AuditResult(PicklesReadOnly, ComparesValues):
    """Outcome of one audit over a portfolio.

    Attributes
    ----------
    as_of
        Audit date.
    projects
        Project ids (rows of ``status``).
    rules
        Rule ids (columns of ``status``).
    status
        Read-only int8 array projects x rules: 1 pass, 0 fail, -1 not applicable.
    weights
        Read-only severity weight per rule.
    findings
        One :class:`Finding` per failed (project, rule), projects in order, rules in order.
    """

    as_of: _dt.date
    projects: tuple[str, ...]
    rules: tuple[str, ...]
    status: npt.NDArray[np.int8]
    weights: npt.NDArray[np.float64]
    findings: tuple[Finding, ...]

    @property
    def project_rates(self) -> npt.NDArray[np.float64]:
        """Share of applicable rules passed per project (nan if none applies)."""
        app = (self.status >= 0).sum(axis=1)
        passed = (self.status == 1).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(app > 0, passed / np.maximum(app, 1), np.nan)

    @property
    def project_scores(self) -> npt.NDArray[np.float64]:
        """Severity-weighted share passed per project in [0, 1] (nan if none applies)."""
        w = self.weights[None, :]
        app = ((self.status >= 0) * w).sum(axis=1)
        passed = ((self.status == 1) * w).sum(axis=1)
        return np.where(app > 0, passed / np.where(app > 0, app, 1.0), np.nan)

    @property
    def rate(self) -> float:
        """Share of all applicable (project, rule) checks passed."""
        app = int((self.status >= 0).sum())
        return float((self.status == 1).sum()) / app if app else math.nan

    def findings_for(self, project: str) -> tuple[Finding, ...]:
        """Findings of one project."""
        return tuple(f for f in self.findings if f.project == project)

    def to_records(self) -> list[dict[str, Any]]:
        """One record per finding.

        Keys: ``as_of``, ``project``, ``rule``, ``severity``, ``evidence``, ``remediation``.
        """
        return [{"as_of": self.as_of, **attrs.asdict(f)} for f in self.findings]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _day_of(value: Any) -> Any:
    """A datetime fact as its date (datetime is a date subclass, but they do not compare)."""
    return value.date() if isinstance(value, _dt.datetime) else value


def _fmt_fact(v: Any) -> str:
    return v.isoformat() if isinstance(v, _dt.date) else repr(v)


def _check_value(kind: str, value: Any) -> bool:
    if value is None:
        return True
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "number":
        return (
            isinstance(value, numbers.Real)
            and not isinstance(value, bool)
            and not math.isnan(float(value))
        )
    if kind == "date":
        return isinstance(value, _dt.date)
    return isinstance(value, str)


def audit(
    records: Sequence[AuditRecord], rules: RuleSet | None = None, *, as_of: _dt.date
) -> AuditResult:
    """Evaluate every rule on every project record.

    Parameters
    ----------
    records
        One :class:`AuditRecord` per project.
    rules
        The rule set (default :meth:`RuleSet.standard`).
    as_of
        Audit date (for ``within_days`` rules).

    Returns
    -------
    AuditResult

    Raises
    ------
    DuplicateError
        If two records share a project id.
    UnknownReferenceError
        If a record's fact names a field the rule set does not declare (a typo such as
        ``cpii`` would otherwise be ignored); declare extra fields in ``RuleSet.fields``.
    ValidationError
        If a record's fact has the wrong kind for its field (e.g. a string for ``cpi``).

    Examples
    --------
    >>> import datetime as dt
    >>> rules = RuleSet([
    ...     ComplianceRule("EV-01", "threshold", "cpi", op=">=", value=0.9, severity="high",
    ...                    remediation="recovery plan"),
    ...     ComplianceRule("RSK-01", "within_days", "risk_register_reviewed_on", days=30)])
    >>> rec = AuditRecord("P1", facts={"cpi": 0.85,
    ...                                "risk_register_reviewed_on": dt.date(2026, 3, 1)})
    >>> res = audit([rec], rules, as_of=dt.date(2026, 3, 20))
    >>> [(f.rule, f.evidence) for f in res.findings]
    [('EV-01', 'cpi is 0.85, required >= 0.9')]
    """
    rules = RuleSet.standard() if rules is None else rules
    if not isinstance(rules, RuleSet):
        raise ValidationError(f"'rules' must be a RuleSet (got {type(rules).__name__})")
    day = as_date(as_of, "as_of")
    items = [records] if isinstance(records, AuditRecord) else list(as_tuple(records))
    p = Problems()
    seen: set[str] = set()
    dups: list[str] = []
    unknown: list[str] = []
    unknown_msgs: list[str] = []
    for i, rec in enumerate(items):
        if not isinstance(rec, AuditRecord):
            p.add(f"record {i} must be an AuditRecord (got {rec!r})")
            continue
        if rec.project in seen:
            dups.append(rec.project)
        seen.add(rec.project)
        for name, st in rec.deliverables.items():
            if not isinstance(st, DeliverableStatus | bool):
                p.add(
                    f"deliverable '{name}' of project '{rec.project}' must be a "
                    f"DeliverableStatus or a bool (got {st!r} that is a {type(st).__name__})"
                )
        for f, v in rec.facts.items():
            kind = rules.fields.get(f)
            if kind is None:
                unknown.append(f)
                unknown_msgs.append(
                    f"fact '{f}' of project '{rec.project}' names a field the rule set does "
                    "not declare (known: " + ", ".join(repr(k) for k in rules.fields) + ")"
                )
            elif not _check_value(kind, v):
                p.add(
                    f"fact '{f}' of project '{rec.project}' must be a {kind} or None "
                    f"(got {v!r} that is a {type(v).__name__})"
                )
            elif isinstance(v, _dt.date) and kind == "date" and _day_of(v) > day:
                p.add(
                    f"fact '{f}' of project '{rec.project}' must not be after the audit date "
                    f"{day.isoformat()} (got {v.isoformat()})"
                )
    if dups:
        raise DuplicateError(
            [f"project '{d}' has more than one audit record" for d in dups] + p.items, dups
        )
    if unknown:
        raise UnknownReferenceError(unknown_msgs + p.items, unknown)
    p.raise_if_any()

    status = np.full((len(items), len(rules.rules)), -1, dtype=np.int8)
    findings: list[Finding] = []
    for i, rec in enumerate(items):
        for j, r in enumerate(rules.rules):
            if r.tiers and rec.tier not in r.tiers:
                continue
            ok, evidence = _evaluate(r, rec, day)
            status[i, j] = 1 if ok else 0
            if not ok:
                findings.append(Finding(rec.project, r.id, r.severity, evidence, r.remediation))
    status.setflags(write=False)
    weights = np.array([SEVERITY_WEIGHTS[r.severity] for r in rules.rules], dtype=np.float64)
    weights.setflags(write=False)
    return AuditResult(
        as_of=day,
        projects=tuple(r.project for r in items),
        rules=tuple(r.id for r in rules.rules),
        status=status,
        weights=weights,
        findings=tuple(findings),
    )


def _evaluate(r: ComplianceRule, rec: AuditRecord, day: _dt.date) -> tuple[bool, str]:
    if r.check in ("deliverable_present", "deliverable_approved"):
        st = rec.deliverable(r.target)
        if not st.present:
            return False, f"deliverable '{r.target}' is missing"
        if r.check == "deliverable_approved" and not st.approved:
            return False, f"deliverable '{r.target}' is present but not approved"
        return True, ""
    value = rec.facts.get(r.target)
    if value is None:
        return False, f"no value recorded for '{r.target}'"
    if r.check == "is_true":
        return (True, "") if value is True else (False, f"'{r.target}' is False")
    if r.check == "within_days":
        value = _day_of(value)
        age = (day - value).days
        if r.days is None:  # pragma: no cover - RuleSet validation guarantees it
            raise ValidationError(f"rule {r.id!r}: 'within_days' needs 'days'")
        if age <= r.days:
            return True, ""
        return False, (
            f"'{r.target}' was {value.isoformat()}, {age} days before the audit "
            f"(at most {r.days:g} allowed)"
        )
    if r.op is None or r.value is None:  # pragma: no cover - RuleSet validation guarantees it
        raise ValidationError(f"rule {r.id!r}: a comparison needs 'op' and 'value'")
    number = float(value) if isinstance(value, numbers.Real) else math.nan  # audit checked it
    if _OPS[r.op](number, float(r.value)):
        return True, ""
    return False, f"{r.target} is {number:g}, required {r.op} {float(r.value):g}"


def _id_rates(value: Mapping[str, float]) -> IdDict:
    return IdDict(value)


def _frozen_counts(value: Mapping[str, int]) -> FrozenDict:
    return FrozenDict(value)


@display()
@attrs.frozen(eq=False)  # holds documented NaN rates: ComparesValues gives ==
class ComplianceSummary(PicklesReadOnly, ComparesValues):
    """Portfolio view of one audit.

    Attributes
    ----------
    as_of
        Audit date.
    rate
        Share of all applicable checks passed (nan if no rule applies anywhere).
    project_rates
        Project id -> share of its applicable rules passed (nan if none applies).
    project_scores
        Project id -> severity-weighted share passed (nan if no rule applies).
    rule_pass_rates
        Rule id -> share of applicable projects passing it (nan if it applies to none).
    severity_counts
        Severity -> number of findings.
    worst_projects
        Project ids by ascending weighted score (ties by id).
    """

    as_of: _dt.date
    rate: float
    project_rates: IdDict = attrs.field(converter=_id_rates)
    project_scores: IdDict = attrs.field(converter=_id_rates)
    rule_pass_rates: IdDict = attrs.field(converter=_id_rates)
    severity_counts: FrozenDict = attrs.field(converter=_frozen_counts)
    worst_projects: tuple[str, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One record per project: ``project``, ``rate``, ``score``."""
        return [
            {"project": p, "rate": self.project_rates[p], "score": self.project_scores[p]}
            for p in self.worst_projects
        ]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="project")


def compliance_summary(result: AuditResult) -> ComplianceSummary:
    """Portfolio compliance summary of one audit.

    Examples
    --------
    >>> import datetime as dt
    >>> rules = RuleSet([ComplianceRule("B", "is_true", "baseline_set", severity="high"),
    ...                  ComplianceRule("C", "threshold", "cpi", op=">=", value=0.9)])
    >>> res = audit([AuditRecord("P1", {"baseline_set": True, "cpi": 0.8}),
    ...              AuditRecord("P2", {"baseline_set": True, "cpi": 1.0})],
    ...             rules, as_of=dt.date(2026, 1, 5))
    >>> s = compliance_summary(res)
    >>> s.rate, s.project_scores["P1"], s.worst_projects
    (0.75, 0.6, ('P1', 'P2'))
    """
    if not isinstance(result, AuditResult):
        raise ValidationError(f"'result' must be an AuditResult (got {type(result).__name__})")
    rates = result.project_rates
    scores = result.project_scores
    app = (result.status >= 0).sum(axis=0)
    passed = (result.status == 1).sum(axis=0)
    rule_rates = {
        r: (float(passed[j]) / float(app[j]) if app[j] else math.nan)
        for j, r in enumerate(result.rules)
    }
    counts = dict.fromkeys(SEVERITY_WEIGHTS, 0)
    for f in result.findings:
        counts[f.severity] += 1
    order = sorted(
        range(len(result.projects)),
        key=lambda i: (
            math.inf if math.isnan(scores[i]) else float(scores[i]),
            result.projects[i],
        ),
    )
    return ComplianceSummary(
        as_of=result.as_of,
        rate=result.rate,
        project_rates={p: float(rates[i]) for i, p in enumerate(result.projects)},
        project_scores={p: float(scores[i]) for i, p in enumerate(result.projects)},
        rule_pass_rates=rule_rates,
        severity_counts=counts,
        worst_projects=tuple(result.projects[i] for i in order),
    )


@display()
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class ComplianceTrend(PicklesReadOnly, ComparesValues):
    """Compliance across successive audits.

    Attributes
    ----------
    dates
        Audit dates, ascending.
    rates
        Read-only portfolio compliance rate per audit.
    finding_counts
        Read-only number of findings per audit.
    new_findings, resolved_findings
        Per audit after the first: (project, rule) pairs that newly fail / newly pass
        compared with the previous audit.
    slope_per_30_days
        Least-squares slope of the rate against time [rate per 30 calendar days]
        (nan with fewer than two audits).
    direction
        ``"improving"``, ``"worsening"`` or ``"stable"`` (|slope| < ``tolerance``).
    """

    dates: tuple[_dt.date, ...]
    rates: npt.NDArray[np.float64]
    finding_counts: npt.NDArray[np.int64]
    new_findings: tuple[tuple[tuple[str, str], ...], ...]
    resolved_findings: tuple[tuple[tuple[str, str], ...], ...]
    slope_per_30_days: float
    direction: str

    def to_records(self) -> list[dict[str, Any]]:
        """One record per audit: ``as_of``, ``rate``, ``findings``, ``new``, ``resolved``."""
        out = []
        for k, d in enumerate(self.dates):
            out.append(
                {
                    "as_of": d,
                    "rate": float(self.rates[k]),
                    "findings": int(self.finding_counts[k]),
                    "new": len(self.new_findings[k - 1]) if k else 0,
                    "resolved": len(self.resolved_findings[k - 1]) if k else 0,
                }
            )
        return out

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="as_of")


def compliance_trend(results: Sequence[AuditResult], *, tolerance: float = 0.01) -> ComplianceTrend:
    """Trend of compliance across audits (given in date order).

    Parameters
    ----------
    results
        Audit results with strictly increasing ``as_of`` dates.
    tolerance
        Slope magnitude [rate per 30 days] below which the trend is ``"stable"``.

    Raises
    ------
    ValidationError
        If there are no results or the dates are not strictly increasing.

    Examples
    --------
    >>> import datetime as dt
    >>> rules = RuleSet([ComplianceRule("B", "is_true", "baseline_set")])
    >>> a1 = audit([AuditRecord("P1", {"baseline_set": False})], rules, as_of=dt.date(2026, 1, 1))
    >>> a2 = audit([AuditRecord("P1", {"baseline_set": True})], rules, as_of=dt.date(2026, 1, 31))
    >>> t = compliance_trend([a1, a2])
    >>> t.slope_per_30_days, t.direction, t.resolved_findings
    (1.0, 'improving', ((('P1', 'B'),),))
    """
    items = list(items_of(results, "results", "AuditResult"))
    p = Problems()
    if not items:
        p.add("'results' must hold at least one AuditResult (got none)")
    for i, r in enumerate(items):
        if not isinstance(r, AuditResult):
            p.add(f"result {i} must be an AuditResult (got {type(r).__name__})")
    p.check_number(tolerance, "tolerance", minimum=0.0)
    p.raise_if_any()
    for i in range(1, len(items)):
        if not items[i].as_of > items[i - 1].as_of:
            p.add(
                f"audit {i} ({items[i].as_of.isoformat()}) must be after audit {i - 1} "
                f"({items[i - 1].as_of.isoformat()}); give results in date order"
            )
    p.raise_if_any()
    rates = np.array([r.rate for r in items], dtype=np.float64)
    counts = np.array([len(r.findings) for r in items], dtype=np.int64)
    days = np.array([(r.as_of - items[0].as_of).days for r in items], dtype=np.float64)
    ok = ~np.isnan(rates)
    if ok.sum() >= 2:
        x = days[ok] - days[ok].mean()
        slope = float((x * (rates[ok] - rates[ok].mean())).sum() / (x * x).sum()) * 30.0
    else:
        slope = math.nan
    if math.isnan(slope) or abs(slope) < tolerance:
        direction = "stable"
    else:
        direction = "improving" if slope > 0 else "worsening"
    new: list[tuple[tuple[str, str], ...]] = []
    resolved: list[tuple[tuple[str, str], ...]] = []
    for prev, cur in itertools.pairwise(items):
        a = {(f.project, f.rule) for f in prev.findings}
        b = {(f.project, f.rule) for f in cur.findings}
        new.append(tuple(sorted(b - a)))
        resolved.append(tuple(sorted(a - b)))
    rates.setflags(write=False)
    counts.setflags(write=False)
    return ComplianceTrend(
        dates=tuple(r.as_of for r in items),
        rates=rates,
        finding_counts=counts,
        new_findings=tuple(new),
        resolved_findings=tuple(resolved),
        slope_per_30_days=slope,
        direction=direction,
    )
