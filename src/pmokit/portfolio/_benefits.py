"""Benefits realisation tracking: planned vs realised profiles, forecast, benefits at risk."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from pmokit._results import PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    check_choice,
    check_id,
    check_number,
    number_kind_problem,
)
from pmokit.errors import DuplicateError, ValidationError
from pmokit.portfolio._frozen import ValueEq

__all__ = ["BenefitLine", "BenefitsReport", "track_benefits"]


def _arr(value: Sequence[float] | FloatArray) -> FloatArray:
    problem = number_kind_problem(value, "benefit profile")
    if problem is not None:
        raise ValidationError(problem)
    try:
        a = np.atleast_1d(np.array(value, dtype=np.float64))
    except (TypeError, ValueError):
        raise ValidationError(
            f"benefit profiles must be numbers per period (got {value!r})"
        ) from None
    a.setflags(write=False)
    return a


@attrs.frozen(eq=False)
class BenefitLine(PicklesReadOnly, ValueEq):
    """One benefit: its planned profile and what has been realised so far.

    Attributes
    ----------
    id
        Unique id (benefit or project).
    planned
        Read-only planned benefit per period [currency or benefit unit], >= 0.
    realised
        Read-only measured benefit per elapsed period (may be shorter than ``planned``;
        only the first ``as_of`` periods are used).
    owner
        Optional benefit owner.

    Examples
    --------
    >>> BenefitLine("CRM savings", [0, 10, 20, 20], [0, 6]).planned.sum()
    np.float64(50.0)
    """

    id: Hashable
    planned: FloatArray = attrs.field(converter=_arr, repr=False)
    realised: FloatArray = attrs.field(converter=_arr, repr=False)
    owner: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if (id_problem := check_id(self.id, "id of a benefit")) is not None:
            p.add(id_problem)
        for name, a in (("planned", self.planned), ("realised", self.realised)):
            if a.ndim != 1:
                p.add(
                    f"'{name}' of benefit {self.id!r} must be 1-dimensional (got shape {a.shape})"
                )
            elif not np.all(np.isfinite(a)) or np.any(a < 0):
                p.add(
                    f"'{name}' of benefit {self.id!r} must be finite and >= 0 (got {a.tolist()!r})"
                )
        if not p and self.realised.size > self.planned.size:
            p.add(
                f"'realised' of benefit {self.id!r} has {self.realised.size} periods, more than "
                f"'planned' ({self.planned.size})"
            )
        p.raise_if_any()


@display()
@attrs.frozen(eq=False)
class BenefitsReport(PicklesReadOnly, ValueEq):
    """Benefit realisation at a status period, per benefit and in total.

    Attributes
    ----------
    ids
        The benefits.
    as_of
        Number of elapsed periods.
    planned_to_date, realised_to_date
        Read-only cumulative planned / realised benefit over the elapsed periods.
    realisation_ratio
        Read-only ``realised_to_date / planned_to_date`` (nan when nothing was planned yet).
    planned_total
        Read-only planned benefit over the whole profile.
    forecast
        Read-only forecast at completion: realised to date plus the remaining plan, scaled by
        the realisation ratio (method ``"ratio"``) or not (``"plan"``).
    at_risk
        Read-only benefits at risk: ``max(planned_total - forecast, 0)``.
    status
        Per benefit: ``"on track"`` (ratio >= ``threshold``), ``"at risk"`` or ``"not started"``.
    threshold
        Ratio below which a benefit is at risk.
    method
        Forecast method.
    """

    ids: tuple[Hashable, ...]
    as_of: int
    planned_to_date: FloatArray = attrs.field(repr=False)
    realised_to_date: FloatArray = attrs.field(repr=False)
    realisation_ratio: FloatArray = attrs.field(repr=False)
    planned_total: FloatArray = attrs.field(repr=False)
    forecast: FloatArray = attrs.field(repr=False)
    at_risk: FloatArray = attrs.field(repr=False)
    status: tuple[str, ...]
    threshold: float
    method: str

    @property
    def portfolio_ratio(self) -> float:
        """Realised over planned to date, all benefits together (nan if nothing planned)."""
        p = float(self.planned_to_date.sum())
        return float(self.realised_to_date.sum()) / p if p > 0 else float("nan")

    @property
    def total_at_risk(self) -> float:
        """Sum of benefits at risk."""
        return float(self.at_risk.sum())

    def to_records(self) -> list[dict[str, Any]]:
        """One record per benefit with every per-benefit field."""
        return [
            {
                "id": i,
                "planned_to_date": float(a),
                "realised_to_date": float(b),
                "realisation_ratio": float(c),
                "planned_total": float(d),
                "forecast": float(e),
                "at_risk": float(f),
                "status": s,
            }
            for i, a, b, c, d, e, f, s in zip(
                self.ids,
                self.planned_to_date,
                self.realised_to_date,
                self.realisation_ratio,
                self.planned_total,
                self.forecast,
                self.at_risk,
                self.status,
                strict=True,
            )
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def track_benefits(
    lines: Sequence[BenefitLine],
    *,
    as_of: int,
    method: Literal["ratio", "plan"] = "ratio",
    threshold: float = 0.9,
) -> BenefitsReport:
    """Compare realised with planned benefits after ``as_of`` periods and forecast the rest.

    Parameters
    ----------
    lines
        The benefits; ids unique; each must have realised values for the ``as_of`` periods.
    as_of
        Elapsed periods (0 = nothing measured yet).
    method
        ``"ratio"``: remaining plan x realisation ratio to date (the shortfall persists);
        ``"plan"``: remaining plan as planned (the shortfall is not recovered, not repeated).
    threshold
        Ratio below which a benefit is ``"at risk"``.

    Returns
    -------
    BenefitsReport

    Raises
    ------
    ValidationError
        On duplicate ids, ``as_of`` beyond a profile, or missing realised periods.

    Examples
    --------
    >>> rep = track_benefits([BenefitLine("B1", [10, 10, 10, 10], [8, 6])], as_of=2)
    >>> float(rep.realisation_ratio[0]), float(rep.forecast[0]), float(rep.at_risk[0])
    (0.7, 28.0, 12.0)
    """
    items = list(lines)
    p = Problems()
    for k, ln in enumerate(items):
        if not isinstance(ln, BenefitLine):
            p.add(f"line {k} must be a BenefitLine (got {type(ln).__name__})")
    p.raise_if_any()
    ids = tuple(ln.id for ln in items)
    dups = sorted({str(x) for x in ids if ids.count(x) > 1})
    if dups:
        raise DuplicateError(f"benefit ids must be unique (repeated: {dups!r})", dups)
    check_choice(method, "method", ("ratio", "plan"))
    check_number(threshold, "threshold", minimum=0.0)
    if isinstance(as_of, bool) or not isinstance(as_of, int) or as_of < 0:
        raise ValidationError(f"'as_of' must be a non-negative integer (got {as_of!r})")
    for ln in items:
        if as_of > ln.planned.size:
            p.add(f"'as_of' ({as_of}) is beyond the {ln.planned.size} planned periods of {ln.id!r}")
        elif ln.realised.size < as_of:
            p.add(
                f"benefit {ln.id!r} must have realised values for the {as_of} elapsed periods "
                f"(got {ln.realised.size})"
            )
    p.raise_if_any()
    pt = np.array([ln.planned[:as_of].sum() for ln in items], dtype=np.float64)
    rt = np.array([ln.realised[:as_of].sum() for ln in items], dtype=np.float64)
    total = np.array([ln.planned.sum() for ln in items], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(pt > 0, rt / np.where(pt > 0, pt, 1.0), np.nan)
    remaining = total - pt
    factor = np.where(np.isnan(ratio), 1.0, ratio) if method == "ratio" else np.ones_like(ratio)
    forecast = rt + remaining * factor
    at_risk = np.maximum(total - forecast, 0.0)
    status = tuple(
        "not started" if np.isnan(r) else "on track" if r >= threshold else "at risk"
        for r in ratio.tolist()
    )
    for a in (pt, rt, ratio, total, forecast, at_risk):
        a.setflags(write=False)
    return BenefitsReport(
        ids, as_of, pt, rt, ratio, total, forecast, at_risk, status, float(threshold), method
    )
