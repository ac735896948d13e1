"""Tailoring: a project's tier from configurable rules, and the controls that tier requires.

A :class:`TailoringPolicy` lists tiers from lightest to heaviest and rules that raise a
project to a tier when all of their conditions on the project's profile hold (budget,
duration, risk, strategic importance). A project gets the heaviest tier any rule gives it
(the policy's lightest tier if none fires). Every deliverable and gate of a
:class:`~pmokit.governance.Methodology` is required from its ``min_tier`` upwards (or from
an override in the policy); :func:`tailor` returns the methodology cut down to the
controls the project's tier requires, with the reasons.

References
----------
PMI (2021). *A Guide to the Project Management Body of Knowledge*, 7th ed., section 3
"Tailoring". AXELOS (2017). *Managing Successful Projects with PRINCE2*, ch. 4 "Tailoring".
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import IdDict, display, records_to_frame
from pmokit._validation import Problems, check_id
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.governance._convert import as_dict, as_tuple
from pmokit.governance._methodology import Methodology, _ensure_methodology

__all__ = [
    "PROFILE_FIELDS",
    "Condition",
    "ProjectProfile",
    "TailoredMethodology",
    "TailoringPolicy",
    "TierRule",
    "assign_tiers",
    "tailor",
]

PROFILE_FIELDS: tuple[str, ...] = ("budget", "duration_months", "risk", "strategic_importance")
"""Fields of :class:`ProjectProfile` that tier rules may test."""

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


@attrs.frozen
class ProjectProfile:
    """What tailoring looks at.

    Parameters
    ----------
    project
        Project id.
    budget
        Total budget [currency], >= 0.
    duration_months
        Planned duration [months], >= 0 (tailoring only compares it with the tiers'
        thresholds: 0, a piece of work under a month rounded down, is the smallest).
    risk
        Risk level on a 1 (low) .. 5 (very high) scale.
    strategic_importance
        Strategic importance on a 1 (low) .. 5 (critical) scale.

    Raises
    ------
    ValidationError
        Naming the project for a bad id, a budget or duration that is not a finite number
        >= 0, or a risk or strategic importance outside 1 .. 5.
    """

    project: str
    budget: float
    duration_months: float
    risk: float = 1.0
    strategic_importance: float = 1.0

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if (m := check_id(self.project, "project of a profile")) is not None:
            p.add(m)
        p.check_number(self.budget, f"budget of project '{self.project}'", minimum=0.0)
        p.check_number(
            self.duration_months, f"duration_months of project '{self.project}'", minimum=0.0
        )
        p.check_number(self.risk, f"risk of project '{self.project}'", minimum=1.0, maximum=5.0)
        p.check_number(
            self.strategic_importance,
            f"strategic_importance of project '{self.project}'",
            minimum=1.0,
            maximum=5.0,
        )
        p.raise_if_any()


@attrs.frozen
class Condition:
    """``<field> <op> <value>`` on a :class:`ProjectProfile`, e.g. ``budget >= 5e6``.

    Parameters
    ----------
    field
        One of :data:`PROFILE_FIELDS`.
    op
        One of ``">="``, ``">"``, ``"<="``, ``"<"``, ``"=="``, ``"!="``.
    value
        The number compared against.
    """

    field: str
    op: str
    value: float

    def __str__(self) -> str:
        return f"{self.field} {self.op} {self.value:g}"


@attrs.frozen
class TierRule:
    """Raise a project to ``tier`` when all ``when`` conditions hold.

    Parameters
    ----------
    tier
        Tier name (one of the policy's tiers).
    when
        Conditions that must all hold.
    reason
        Why the rule exists (shown in results); defaults to the conditions.
    """

    tier: str
    when: tuple[Condition, ...] = attrs.field(converter=as_tuple)
    reason: str = ""

    def describe(self) -> str:
        """The reason, or the conditions joined by ``and``."""
        return self.reason or " and ".join(str(c) for c in self.when)


@attrs.frozen
class TailoringPolicy:
    """Tiers, the rules that assign them and per-control tier overrides.

    Parameters
    ----------
    tiers
        Tier names, lightest first.
    rules
        :class:`TierRule` objects; a project gets the heaviest tier any rule gives it.
    overrides
        Control name (deliverable or gate) -> lightest tier that requires it, replacing
        the control's own ``min_tier``; ``None`` means every tier.

    Raises
    ------
    ValidationError
        If tiers repeat (:class:`~pmokit.errors.DuplicateError`), a rule names an unknown
        tier or a field not in :data:`PROFILE_FIELDS`, or uses an unknown operator.

    Examples
    --------
    >>> TailoringPolicy(tiers=("light", "major"),
    ...                 rules=[TierRule("major", [Condition("budgett", ">=", 1e6)])])
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: condition 1 of rule 1 (tier 'major') names unknown field ...
    """

    tiers: tuple[str, ...] = attrs.field(converter=as_tuple)
    rules: tuple[TierRule, ...] = attrs.field(default=(), converter=as_tuple)
    overrides: Mapping[str, str | None] = attrs.field(factory=dict, converter=as_dict)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if not self.tiers:
            p.add("'tiers' of a tailoring policy must name at least one tier (got none)")
        for k, t in enumerate(self.tiers):
            if (m := check_id(t, f"tiers[{k}]")) is not None:
                p.add(m)
        seen: set[str] = set()
        dups = [t for t in self.tiers if t in seen or seen.add(t)]  # type: ignore[func-returns-value]
        if dups:
            raise DuplicateError(
                [f"tier '{d}' appears more than once in 'tiers'" for d in dups], dups
            )
        fields = ", ".join(repr(f) for f in PROFILE_FIELDS)
        for i, rule in enumerate(self.rules, 1):
            if not isinstance(rule, TierRule):
                p.add(f"rule {i} must be a TierRule (got {rule!r})")
                continue
            if rule.tier not in self.tiers:
                p.add(
                    f"rule {i} names unknown tier '{rule.tier}'; expected one of "
                    + ", ".join(repr(t) for t in self.tiers)
                )
            if not rule.when:
                p.add(f"rule {i} (tier '{rule.tier}') must have at least one condition")
            for j, c in enumerate(rule.when, 1):
                where = f"condition {j} of rule {i} (tier '{rule.tier}')"
                if not isinstance(c, Condition):
                    p.add(f"{where} must be a Condition (got {c!r})")
                    continue
                if c.field not in PROFILE_FIELDS:
                    p.add(f"{where} names unknown field '{c.field}'; expected one of {fields}")
                if c.op not in _OPS:
                    p.add(
                        f"{where} has unknown operator {c.op!r}; expected one of "
                        + ", ".join(repr(o) for o in _OPS)
                    )
                p.check_number(c.value, f"value of {where}")
        for control in self.overrides:
            if (m := check_id(control, "control named in 'overrides'")) is not None:
                p.add(m)
        for control, tier in self.overrides.items():
            if tier is not None and tier not in self.tiers:
                p.add(
                    f"override for control '{control}' names unknown tier '{tier}'; expected "
                    "one of " + ", ".join(repr(t) for t in self.tiers)
                )
        p.raise_if_any()

    def rank(self, tier: str) -> int:
        """Position of ``tier`` (0 = lightest)."""
        try:
            return self.tiers.index(tier)
        except ValueError:
            raise UnknownReferenceError(
                f"unknown tier '{tier}'; expected one of " + ", ".join(repr(t) for t in self.tiers),
                [tier],
            ) from None

    @classmethod
    def standard(cls) -> TailoringPolicy:
        """Tiers ``light``, ``standard``, ``major`` with common PMO thresholds.

        * ``major``: budget >= 5,000,000; or risk >= 4 and strategic importance >= 4;
          or duration >= 24 months.
        * ``standard``: budget >= 500,000; or duration >= 6 months; or risk >= 3;
          or strategic importance >= 4.
        * ``light`` otherwise.
        """
        return cls(
            tiers=("light", "standard", "major"),
            rules=(
                TierRule("major", (Condition("budget", ">=", 5e6),), "budget of 5m or more"),
                TierRule(
                    "major",
                    (Condition("risk", ">=", 4), Condition("strategic_importance", ">=", 4)),
                    "high risk and high strategic importance",
                ),
                TierRule("major", (Condition("duration_months", ">=", 24),), "24 months or longer"),
                TierRule("standard", (Condition("budget", ">=", 5e5),), "budget of 500k or more"),
                TierRule(
                    "standard", (Condition("duration_months", ">=", 6),), "6 months or longer"
                ),
                TierRule("standard", (Condition("risk", ">=", 3),), "risk level 3 or more"),
                TierRule(
                    "standard",
                    (Condition("strategic_importance", ">=", 4),),
                    "strategic importance 4 or more",
                ),
            ),
        )


def _profiles_matrix(profiles: Sequence[ProjectProfile]) -> npt.NDArray[np.float64]:
    return np.array(
        [[getattr(pr, f) for f in PROFILE_FIELDS] for pr in profiles], dtype=np.float64
    ).reshape(len(profiles), len(PROFILE_FIELDS))


def _fired(policy: TailoringPolicy, values: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Boolean matrix projects x rules: which rules fire for which projects."""
    col = {f: i for i, f in enumerate(PROFILE_FIELDS)}
    out = np.ones((values.shape[0], len(policy.rules)), dtype=bool)
    for r, rule in enumerate(policy.rules):
        for c in rule.when:
            out[:, r] &= _OPS[c.op](values[:, col[c.field]], float(c.value))
    return out


def _check_profiles(profiles: Any) -> list[ProjectProfile]:
    if isinstance(profiles, ProjectProfile):
        return [profiles]
    items = list(as_tuple(profiles))
    p = Problems()
    seen: set[Any] = set()
    dups: list[Any] = []
    for i, pr in enumerate(items):
        if not isinstance(pr, ProjectProfile):
            p.add(f"profile {i} must be a ProjectProfile (got {pr!r})")
        elif pr.project in seen:
            dups.append(pr.project)
        else:
            seen.add(pr.project)
    if dups:
        # results are keyed by project: a second profile would silently replace the first
        raise DuplicateError(
            [f"project {d!r} has more than one profile" for d in dict.fromkeys(dups)] + p.items,
            dups,
        )
    p.raise_if_any()
    return items


def assign_tiers(
    profiles: Sequence[ProjectProfile], policy: TailoringPolicy | None = None
) -> IdDict:
    """Tier of each project with the reasons (the rules for that tier that fired).

    Evaluates every rule on every project at once on a projects x fields array.

    Parameters
    ----------
    profiles
        Project profiles.
    policy
        The tailoring policy (default :meth:`TailoringPolicy.standard`).

    Returns
    -------
    IdDict
        Read-only mapping project id -> (tier, reasons); an unknown project raises
        :class:`~pmokit.errors.UnknownReferenceError`. Without a firing rule the tier is
        the lightest and the reason says so.

    Raises
    ------
    ValidationError
        If an item is not a :class:`ProjectProfile` or ``policy`` not a
        :class:`TailoringPolicy`.
    DuplicateError
        If two profiles share a project id.

    Examples
    --------
    >>> tiers = assign_tiers([ProjectProfile("P1", 8e6, 12, risk=2),
    ...                       ProjectProfile("P2", 1e5, 3)])
    >>> tiers["P1"]
    ('major', ('budget of 5m or more',))
    >>> tiers["P2"][0]
    'light'
    """
    policy = TailoringPolicy.standard() if policy is None else policy
    if not isinstance(policy, TailoringPolicy):
        raise ValidationError(f"'policy' must be a TailoringPolicy (got {type(policy).__name__})")
    items = _check_profiles(profiles)
    if not items:
        return IdDict()
    fired = _fired(policy, _profiles_matrix(items))
    rule_rank = np.array([policy.rank(r.tier) for r in policy.rules], dtype=np.int64)
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for i, pr in enumerate(items):
        ranks = np.where(fired[i], rule_rank, -1)
        best = int(ranks.max()) if ranks.size else -1
        if best < 0:
            out[pr.project] = (policy.tiers[0], ("no tier rule applies: lightest tier",))
        else:
            reasons = tuple(
                policy.rules[r].describe() for r in np.flatnonzero(ranks == best).tolist()
            )
            out[pr.project] = (policy.tiers[best], reasons)
    return IdDict(out)


@display()
@attrs.frozen
class TailoredMethodology:
    """A methodology tailored to one project.

    Attributes
    ----------
    project
        Project id.
    tier
        The tier the project falls in.
    reasons
        Why (the rules that set the tier).
    methodology
        The methodology with waived deliverables and gates removed.
    required
        Controls (deliverable and gate names) required at this tier, in methodology order.
    waived
        Controls not required at this tier.
    """

    project: str
    tier: str
    reasons: tuple[str, ...]
    methodology: Methodology
    required: tuple[str, ...]
    waived: tuple[str, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One record per control: ``project``, ``tier``, ``control``, ``required``."""
        req = set(self.required)
        return [
            {"project": self.project, "tier": self.tier, "control": c, "required": c in req}
            for c in self.required + self.waived
        ]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def tailor(
    methodology: Methodology,
    profile: ProjectProfile,
    policy: TailoringPolicy | None = None,
) -> TailoredMethodology:
    """Tailor ``methodology`` to a project: its tier and the controls that tier requires.

    A control (deliverable or gate) is required when the project's tier is at least the
    control's ``min_tier`` (the policy's override if it has one; ``None`` = every tier).

    Parameters
    ----------
    methodology
        The full methodology.
    profile
        The project's profile.
    policy
        Tiers and rules (default :meth:`TailoringPolicy.standard`).

    Returns
    -------
    TailoredMethodology

    Raises
    ------
    UnknownReferenceError
        If a policy override names a control the methodology does not have, or a control's
        ``min_tier`` is not a tier of the policy.

    Examples
    --------
    >>> t = tailor(Methodology.waterfall(), ProjectProfile("P2", budget=1e5, duration_months=3))
    >>> t.tier, len(t.required), t.waived[:2]
    ('light', 10, ('Project brief', 'Project initiation documentation'))
    """
    policy = TailoringPolicy.standard() if policy is None else policy
    m = _ensure_methodology(methodology)
    if not isinstance(profile, ProjectProfile):
        raise ValidationError(f"'profile' must be a ProjectProfile (got {type(profile).__name__})")
    if not isinstance(policy, TailoringPolicy):
        raise ValidationError(f"'policy' must be a TailoringPolicy (got {type(policy).__name__})")
    controls = m.controls
    msgs: list[str] = []
    unknown: list[str] = []
    for c in policy.overrides:
        if c not in controls:
            msgs.append(
                f"policy override names control '{c}' that methodology '{m.name}' does not have"
            )
            unknown.append(c)
    min_tier: dict[str, str | None] = {d.name: d.min_tier for d in m.deliverables}
    min_tier.update({g.name: g.min_tier for g in m.gates})
    min_tier.update(policy.overrides)
    for c, t in min_tier.items():
        if t is not None and t not in policy.tiers:
            msgs.append(
                f"control '{c}' of methodology '{m.name}' requires tier '{t}', which the "
                "policy does not have (tiers: " + ", ".join(policy.tiers) + ")"
            )
            unknown.append(t)
    if msgs:
        raise UnknownReferenceError(msgs, unknown)

    tier, reasons = assign_tiers([profile], policy)[profile.project]
    rank = policy.rank(tier)

    def needed(name: str) -> bool:
        t = min_tier[name]
        return t is None or policy.rank(t) <= rank

    required = tuple(c for c in controls if needed(c))
    waived = tuple(c for c in controls if not needed(c))
    phases = tuple(
        attrs.evolve(ph, deliverables=tuple(d for d in ph.deliverables if needed(d.name)))
        for ph in m.phases
    )
    tailored = attrs.evolve(
        m,
        name=f"{m.name} [{tier}]",
        phases=phases,
        gates=tuple(g for g in m.gates if needed(g.name)),
    )
    return TailoredMethodology(
        project=profile.project,
        tier=tier,
        reasons=reasons,
        methodology=tailored,
        required=required,
        waived=waived,
    )
