"""RAG status: configurable rules on indices, signals and risk scores give a status per
project with its reasons; projects roll up to a portfolio status (worst-of or weighted)."""

from __future__ import annotations

import math
import numbers
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from pmokit._results import FrozenDict, IdMapping, Record, display, frozen_dict, records_to_frame
from pmokit._validation import Problems, check_choice, check_id, check_known
from pmokit.errors import DuplicateError, ValidationError
from pmokit.monitoring._earned_value import EarnedValue
from pmokit.monitoring._risk import Rag, RiskAssessment
from pmokit.monitoring._signals import Signal, Signals

__all__ = [
    "DEFAULT_RAG_RULES",
    "PortfolioRag",
    "RagRule",
    "RagStatus",
    "portfolio_rag",
    "rag_status",
]

_ORDER: dict[str, int] = {"green": 0, "amber": 1, "red": 2}
_NAMES: tuple[Rag, Rag, Rag] = ("green", "amber", "red")


def _as_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _frozen_measures(value: Mapping[str, float]) -> FrozenDict:
    return frozen_dict(value)


def _frozen_counts(value: Mapping[str, int]) -> FrozenDict:
    return frozen_dict(value)


def _word(value: object) -> object:
    """A choice argument as given, or its repr if it is not a string (an array would make
    ``in`` ambiguous)."""
    return value if isinstance(value, str) else repr(value)


def _worst(items: Iterable[Rag]) -> Rag:
    best: Rag = "green"
    for r in items:
        if _ORDER[r] > _ORDER[best]:
            best = r
    return best


@attrs.frozen
class RagRule:
    """A threshold rule on one measure.

    Parameters
    ----------
    measure
        Name of the measure in the metrics (for an
        :class:`~pmokit.monitoring.EarnedValue`: ``"cpi"``, ``"spi_t"``, ``"tcpi_bac"``,
        ``"percent_spent"`` ...).
    amber, red
        Thresholds. With ``direction="below"`` a value below ``amber`` is amber and below
        ``red`` is red (so ``red <= amber``); with ``"above"`` the reverse.
    direction
        ``"below"`` (low is bad, e.g. CPI) or ``"above"`` (high is bad, e.g. TCPI).
    label
        Text for reasons (default the measure name).

    Raises
    ------
    ValidationError
        For thresholds that are not finite or are in the wrong order, or an unknown
        direction.

    Examples
    --------
    >>> RagRule("cpi", amber=0.95, red=0.9).evaluate(0.93)
    'amber'
    >>> RagRule("tcpi_bac", amber=1.05, red=1.1, direction="above").evaluate(1.2)
    'red'
    """

    measure: str
    amber: float
    red: float
    direction: Literal["below", "above"] = "below"
    label: str = ""

    def __attrs_post_init__(self) -> None:
        p = Problems()
        who = f"of rule '{self.measure}'"
        if not isinstance(self.measure, str) or not self.measure.strip():
            p.add(f"'measure' of a RAG rule must be a non-empty string (got {self.measure!r})")
        if not isinstance(self.label, str):
            p.add(f"'label' {who} must be a string (got {self.label!r})")
        p.check_number(self.amber, f"amber {who}")
        p.check_number(self.red, f"red {who}")
        if self.direction not in ("below", "above"):
            p.add(f"'direction' {who} must be 'below' or 'above' (got {self.direction!r})")
        elif not p:
            if self.direction == "below" and self.red > self.amber:
                p.add(f"'red' {who} must be <= 'amber' when low is bad (got red {self.red}, "
                      f"amber {self.amber})")
            if self.direction == "above" and self.red < self.amber:
                p.add(f"'red' {who} must be >= 'amber' when high is bad (got red {self.red}, "
                      f"amber {self.amber})")
        p.raise_if_any()

    def evaluate(self, value: float) -> Rag:
        """The band of ``value`` (``nan`` is green: an undefined index breaks no rule).

        Raises
        ------
        ValidationError
            If ``value`` is not a real number (``None``, a string, a complex number).
        """
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValidationError(
                f"the value of rule '{self.measure}' must be a real number (got {value!r} "
                f"that is a {type(value).__name__})"
            )
        v = float(value)
        if math.isnan(v):
            return "green"
        if self.direction == "below":
            return "red" if v < self.red else "amber" if v < self.amber else "green"
        return "red" if v > self.red else "amber" if v > self.amber else "green"


DEFAULT_RAG_RULES: tuple[RagRule, ...] = (
    RagRule("cpi", amber=0.95, red=0.90, label="CPI"),
    RagRule("spi_t", amber=0.95, red=0.90, label="SPI(t)"),
    RagRule("tcpi_bac", amber=1.05, red=1.10, direction="above", label="TCPI"),
)
"""Rules used when none are given: CPI and SPI(t) below 0.95 amber, below 0.90 red; TCPI to
BAC above 1.05 amber, above 1.10 red."""


@display()
@attrs.frozen
class RagStatus:
    """RAG status of one project with the reasons for it.

    Built by :func:`rag_status`, or by hand as input to :func:`portfolio_rag`; it checks
    its status and holds its measures in a read-only mapping.

    Attributes
    ----------
    project
        Project name.
    status
        ``"green"``, ``"amber"`` or ``"red"``: the worst of the rules, signals and risks.
    reasons
        One line per amber or red contributor, red first.
    measures
        The values the rules were evaluated on.
    """

    project: str
    status: Rag
    reasons: tuple[str, ...] = attrs.field(converter=_as_tuple)
    measures: FrozenDict = attrs.field(factory=FrozenDict, converter=_frozen_measures)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if not isinstance(self.project, str):
            p.add(f"'project' of a RAG status must be a string (got {self.project!r})")
        if self.status not in _ORDER:
            p.add(f"'status' of project {self.project!r} must be 'green', 'amber' or 'red' "
                  f"(got {self.status!r})")
        for r in self.reasons:
            if not isinstance(r, str):
                p.add(f"reasons of project {self.project!r} must be strings (got {r!r})")
        p.raise_if_any()

    def to_record(self) -> Record:
        """The status as a dict (reasons joined by '; ')."""
        return {"project": self.project, "status": self.status,
                "reasons": "; ".join(self.reasons)}

    def to_records(self) -> list[Record]:
        """One dict per reason (one row with an empty reason when green)."""
        return [{"project": self.project, "status": self.status, "reason": r}
                for r in (self.reasons or ("",))]

    def to_frame(self) -> Any:
        """The reasons as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def rag_status(
    metrics: EarnedValue | Mapping[str, float] | None = None,
    rules: Sequence[RagRule] = DEFAULT_RAG_RULES,
    *,
    project: str = "",
    signals: Signals | Iterable[Signal] = (),
    risks: RiskAssessment | None = None,
    missing: Literal["ignore", "error"] = "ignore",
) -> RagStatus:
    """RAG status of a project from rules on its measures, its signals and its risks.

    Parameters
    ----------
    metrics
        An :class:`~pmokit.monitoring.EarnedValue` (its status values are the measures) or
        a mapping of measure name -> value (for example a health score or a DCMA result).
    rules
        Threshold rules; default :data:`DEFAULT_RAG_RULES`.
    project
        Project name; only signals of this project count when it is not empty.
    signals
        Early-warning signals; each counts with its severity.
    risks
        A risk assessment; the worst risk band counts, with the risks in it as reasons.
    missing
        What to do when a rule's measure is not in the metrics: ``"ignore"`` (default)
        or ``"error"``.

    Returns
    -------
    RagStatus
        The worst band and its reasons.

    Raises
    ------
    ValidationError
        For a rule that is not a :class:`RagRule`, metrics of the wrong type, or a missing
        measure with ``missing="error"``.

    Examples
    --------
    >>> s = rag_status({"cpi": 0.93, "spi_t": 1.02}, project="Alpha")
    >>> s.status, s.reasons
    ('amber', ('CPI 0.93 is below 0.95 (amber)',))
    """
    p = Problems()
    try:
        check_choice(_word(missing), "missing", ("ignore", "error"))
    except ValidationError as exc:
        p.extend(exc.problems)
    values: dict[str, float] = {}
    if isinstance(metrics, EarnedValue):
        values = {k: v for k, v in metrics.summary().items() if isinstance(v, float)}
    elif isinstance(metrics, Mapping):
        for key, v in metrics.items():
            if (key_problem := check_id(key, "measure name in 'metrics'")) is not None:
                p.add(key_problem)
            elif isinstance(v, bool) or not isinstance(v, numbers.Real):
                p.add(f"metric '{key}' must be a number (got {v!r})")
            else:
                values[str(key)] = float(v)
    elif metrics is not None:
        p.add(f"'metrics' must be an EarnedValue or a mapping of measure -> value (got a "
              f"{type(metrics).__name__})")
    if isinstance(rules, RagRule):
        p.add("'rules' must be a sequence of RagRule; use [rule] for one rule")
        rules = ()
    elif isinstance(rules, str) or not isinstance(rules, Iterable):
        p.add(f"'rules' must be a sequence of RagRule (got {rules!r:.60})")
        rules = ()
    if isinstance(signals, Signal | str) or not isinstance(signals, Iterable):
        p.add(f"'signals' must be Signals or a sequence of Signal (got {signals!r:.60})")
        signals = ()
    if not isinstance(project, str):
        p.add(f"'project' must be a string (got {project!r})")
    for k, rule in enumerate(rules):
        if not isinstance(rule, RagRule):
            p.add(f"rule {k} must be a RagRule (got a {type(rule).__name__})")
        elif missing == "error" and rule.measure not in values:
            p.add(f"measure '{rule.measure}' of rule {k} is not in the metrics (known: "
                  f"{sorted(values)})")
    if risks is not None and not isinstance(risks, RiskAssessment):
        p.add(f"'risks' must be a RiskAssessment (got a {type(risks).__name__})")
    p.raise_if_any()

    found: list[tuple[Rag, str]] = []
    for rule in rules:
        if rule.measure not in values:
            continue
        v = values[rule.measure]
        band = rule.evaluate(v)
        if band != "green":
            thr = rule.red if band == "red" else rule.amber
            word = "below" if rule.direction == "below" else "above"
            found.append((band, f"{rule.label or rule.measure} {v:.2f} is {word} {thr:g} "
                                f"({band})"))
    for s in signals:
        if not isinstance(s, Signal):
            raise ValidationError(f"'signals' must hold Signal objects (got a "
                                  f"{type(s).__name__})")
        if project and s.project and s.project != project:
            continue
        what = f"{s.kind} on {s.item}" if s.item else s.kind
        found.append((s.severity, f"signal {what}: {s.message}" if s.message else
                      f"signal {what}"))
    if risks is not None and risks.ids:
        band = risks.worst_rag
        if band != "green":
            ids = [i for i, r in zip(risks.ids, risks.rag, strict=True) if r == band]
            found.append((band, f"{len(ids)} {band} risk(s): {', '.join(ids)}"))
    found.sort(key=lambda x: -_ORDER[x[0]])
    return RagStatus(
        project=project,
        status=_worst(b for b, _ in found),
        reasons=tuple(text for _, text in found),
        measures={r.measure: values[r.measure] for r in rules if r.measure in values},
    )


@display()
@attrs.frozen
class PortfolioRag(IdMapping):
    """Portfolio RAG roll-up.

    A read-only mapping from project name to its :class:`RagStatus` (worst first):
    ``pr["Alpha"]``, ``"Alpha" in pr``, iteration, ``len``, ``.get``; an unknown project
    raises :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).

    Attributes
    ----------
    status
        The portfolio band.
    method
        ``"worst"`` or ``"weighted"``.
    score
        Weighted mean of the project bands (green 0, amber 1, red 2); for ``"worst"`` the
        worst band's value.
    counts
        Number of projects per band.
    projects
        The project statuses, worst first.
    """

    status: Rag
    method: str
    score: float
    counts: FrozenDict = attrs.field(converter=_frozen_counts)
    projects: tuple[RagStatus, ...]

    _what = "project"

    @property
    def ids(self) -> tuple[str, ...]:  # type: ignore[override]
        """Project names, worst first."""
        return tuple(s.project for s in self.projects)

    def _row(self, i: int) -> RagStatus:
        return self.projects[i]

    def to_records(self) -> list[Record]:
        """One dict per project, worst first."""
        return [s.to_record() for s in self.projects]

    def to_frame(self) -> Any:
        """The projects as a pandas DataFrame indexed by project (needs pandas)."""
        return records_to_frame(self.to_records(), index="project")


def portfolio_rag(
    statuses: Iterable[RagStatus],
    *,
    method: Literal["worst", "weighted"] = "worst",
    weights: Mapping[str, float] | None = None,
    amber_from: float = 0.5,
    red_from: float = 1.5,
) -> PortfolioRag:
    """Roll project RAG statuses up to a portfolio status.

    Parameters
    ----------
    statuses
        One :class:`RagStatus` per project (project names unique).
    method
        ``"worst"``: the portfolio is as bad as its worst project. ``"weighted"``: the
        weighted mean of green = 0, amber = 1, red = 2 is banded by ``amber_from`` and
        ``red_from``.
    weights
        Weight per project for ``"weighted"`` (for example budgets); default equal. Every
        project needs a weight >= 0, and they must not all be zero.
    amber_from, red_from
        Bands of the weighted score, ``0 <= amber_from <= red_from <= 2``.

    Returns
    -------
    PortfolioRag

    Raises
    ------
    ValidationError
        For an unknown method, missing or negative weights, bad bands or items that are
        not RagStatus.
    UnknownReferenceError
        If ``weights`` names a project that has no status.
    DuplicateError
        If two statuses have the same project name.

    Examples
    --------
    >>> ss = [RagStatus("A", "green", ()), RagStatus("B", "red", ("CPI 0.8",)),
    ...       RagStatus("C", "green", ())]
    >>> portfolio_rag(ss).status
    'red'
    >>> w = portfolio_rag(ss, method="weighted", weights={"A": 5, "B": 1, "C": 4})
    >>> w.status, w.score
    ('green', 0.2)
    """
    p = Problems()
    try:
        check_choice(_word(method), "method", ("worst", "weighted"))
    except ValidationError as exc:
        p.extend(exc.problems)
    if isinstance(statuses, RagStatus | str) or not isinstance(statuses, Iterable):
        raise ValidationError(
            f"'statuses' must be a sequence of RagStatus (got {statuses!r:.60}); use [status] "
            "for one project"
        )
    items = list(statuses)
    for k, s in enumerate(items):
        if not isinstance(s, RagStatus):
            p.add(f"item {k} of 'statuses' must be a RagStatus (got a {type(s).__name__})")
    p.check_number(amber_from, "amber_from", minimum=0.0, maximum=2.0)
    p.check_number(red_from, "red_from", minimum=0.0, maximum=2.0)
    if not p and amber_from > red_from:
        p.add(f"'amber_from' must not exceed 'red_from' (got {amber_from} and {red_from})")
    p.raise_if_any()
    names = [s.project for s in items]
    tally = Counter(names)
    dupes = [n for n, c in tally.items() if c > 1]
    if dupes:
        raise DuplicateError(f"project names must be unique (repeated: {dupes})", dupes)
    if weights is not None:
        if not isinstance(weights, Mapping):
            raise ValidationError(
                f"'weights' must map project names to weights (got a {type(weights).__name__})"
            )
        check_known(weights, names, "weights", "project")
    counts: dict[str, int] = {b: sum(1 for s in items if s.status == b) for b in _NAMES}
    ordered = tuple(sorted(items, key=lambda s: (-_ORDER[s.status], s.project)))
    if method == "worst" or not items:
        status = _worst(s.status for s in items)
        return PortfolioRag(status=status, method=method, score=float(_ORDER[status]),
                            counts=counts, projects=ordered)
    w: list[float] = []
    for s in items:
        if weights is None:
            w.append(1.0)
            continue
        if s.project not in weights:
            p.add(f"'weights' must give a weight for project '{s.project}'")
            continue
        n0 = len(p)
        p.check_number(weights[s.project], f"weight of project '{s.project}'", minimum=0.0)
        if len(p) == n0:
            w.append(float(weights[s.project]))
    if not p and sum(w) <= 0:
        p.add("'weights' must not all be zero")
    p.raise_if_any()
    score = sum(wi * _ORDER[s.status] for wi, s in zip(w, items, strict=True)) / sum(w)
    band: Rag = "red" if score >= red_from else "amber" if score >= amber_from else "green"
    return PortfolioRag(status=band, method=method, score=score, counts=counts,
                        projects=ordered)
