"""Published optimism-bias tables typed in as data, with their citations.

* HM Treasury (2003), *The Green Book: Supplementary Guidance -- Optimism Bias*,
  prepared from Mott MacDonald (2002), *Review of Large Public Procurement in the UK*,
  Table "Optimism bias guidelines" (upper and lower bounds for works duration and
  capital expenditure by project type), the combined-project method (weights by share
  of capital value or works duration) and the mitigation-factor adjustment.
* Flyvbjerg, B. in association with COWI (2004), *Procedures for Dealing with Optimism
  Bias in Transport Planning: Guidance Document*, UK Department for Transport, report
  58924: optimism-bias uplifts for capital expenditure at 50% and 80% certainty for
  roads, rail and fixed links.

All percentages are stored as fractions (0.51 is 51%).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from pmokit._results import display, records_to_frame
from pmokit._validation import Problems, check_choice, check_number
from pmokit.errors import UnknownReferenceError, ValidationError

__all__ = [
    "DFT_OPTIMISM_BIAS_UPLIFTS",
    "DFT_SOURCE",
    "GREEN_BOOK_OPTIMISM_BIAS",
    "GREEN_BOOK_SOURCE",
    "DfTUplift",
    "OptimismBiasRange",
    "combined_optimism_bias",
    "dft_uplift",
    "green_book_optimism_bias",
    "mitigated_optimism_bias",
]

GREEN_BOOK_SOURCE = (
    "HM Treasury (2003). The Green Book: Supplementary Guidance - Optimism Bias. London: "
    "HM Treasury; from Mott MacDonald (2002), Review of Large Public Procurement in the UK."
)
"""Citation of :data:`GREEN_BOOK_OPTIMISM_BIAS`."""

DFT_SOURCE = (
    "Flyvbjerg, B. in association with COWI (2004). Procedures for Dealing with Optimism "
    "Bias in Transport Planning: Guidance Document. London: UK Department for Transport "
    "(report no. 58924, June 2004)."
)
"""Citation of :data:`DFT_OPTIMISM_BIAS_UPLIFTS`."""

Measure = Literal["capital_expenditure", "works_duration"]
Bound = Literal["upper", "lower"]


@display()
@attrs.frozen
class OptimismBiasRange:
    """Green Book optimism-bias bounds for one generic project type.

    Attributes
    ----------
    project_type
        Key of the type: ``"standard_buildings"``, ``"non_standard_buildings"``,
        ``"standard_civil_engineering"``, ``"non_standard_civil_engineering"``,
        ``"equipment_development"`` or ``"outsourcing"``.
    label
        The type's name as published.
    works_duration_upper, works_duration_lower
        Bounds for works duration (fractions); ``None`` where not published
        (outsourcing).
    capital_expenditure_upper, capital_expenditure_lower
        Bounds for capital expenditure (fractions). For outsourcing they apply to
        operating expenditure, as the guidance notes.
    note
        Remarks printed with the table.
    source
        Citation.
    """

    project_type: str
    label: str
    works_duration_upper: float | None
    works_duration_lower: float | None
    capital_expenditure_upper: float
    capital_expenditure_lower: float
    note: str = ""
    source: str = GREEN_BOOK_SOURCE

    def bound(self, measure: Measure, bound: Bound = "upper") -> float | None:
        """The published bound for ``measure`` (``None`` where not published)."""
        check_choice(measure, "measure", ("capital_expenditure", "works_duration"))
        check_choice(bound, "bound", ("upper", "lower"))
        value: float | None = getattr(self, f"{measure}_{bound}")
        return value

    def to_records(self) -> list[dict[str, Any]]:
        """One dict with the fields."""
        return [attrs.asdict(self)]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


GREEN_BOOK_OPTIMISM_BIAS: tuple[OptimismBiasRange, ...] = (
    OptimismBiasRange("standard_buildings", "Standard Buildings", 0.04, 0.01, 0.24, 0.02),
    OptimismBiasRange("non_standard_buildings", "Non-standard Buildings", 0.39, 0.02, 0.51, 0.04),
    OptimismBiasRange(
        "standard_civil_engineering", "Standard Civil Engineering", 0.20, 0.01, 0.44, 0.03
    ),
    OptimismBiasRange(
        "non_standard_civil_engineering", "Non-standard Civil Engineering", 0.25, 0.03, 0.66, 0.06
    ),
    OptimismBiasRange("equipment_development", "Equipment/Development", 0.54, 0.10, 2.00, 0.10),
    OptimismBiasRange(
        "outsourcing",
        "Outsourcing",
        None,
        None,
        0.41,
        0.0,
        note="measured for operating expenditure (OPEX); works duration not applicable",
    ),
)
"""HM Treasury Green Book optimism-bias bounds (fractions) by project type.

The upper bound is the starting value at the outline business case; the lower bound is
what effective risk management can achieve by contract award. Neither is an extreme:
the guidance notes that outcomes can fall outside both.
"""

_GREEN_BOOK = {r.project_type: r for r in GREEN_BOOK_OPTIMISM_BIAS}


@attrs.frozen
class DfTUplift:
    """One Department for Transport optimism-bias uplift (Flyvbjerg 2004).

    Attributes
    ----------
    category
        ``"roads"``, ``"rail"`` or ``"fixed_links"``.
    project_types
        Types of scheme the category covers, as published.
    certainty
        Probability of *not* exceeding the uplifted budget (0.5 or 0.8).
    uplift
        Uplift on capital expenditure (fraction).
    source
        Citation.
    """

    category: str
    project_types: str
    certainty: float
    uplift: float
    source: str = DFT_SOURCE


_ROADS = (
    "motorway, trunk roads, local roads, bicycle facilities, pedestrian facilities, "
    "park and ride, bus lane schemes, guided buses on wheels"
)
_RAIL = "metro, light rail, guided buses on tracks, conventional rail, high speed rail"
_FIXED = "bridges and tunnels"

DFT_OPTIMISM_BIAS_UPLIFTS: tuple[DfTUplift, ...] = (
    DfTUplift("roads", _ROADS, 0.5, 0.15),
    DfTUplift("roads", _ROADS, 0.8, 0.32),
    DfTUplift("rail", _RAIL, 0.5, 0.40),
    DfTUplift("rail", _RAIL, 0.8, 0.57),
    DfTUplift("fixed_links", _FIXED, 0.5, 0.23),
)
"""DfT / Flyvbjerg capital-expenditure uplifts (fractions) at 50% and 80% certainty.

Only the values checked against the published guidance are typed in: the fixed-links
uplift at 80% certainty is not included.
"""


def green_book_optimism_bias(project_type: str) -> OptimismBiasRange:
    """The Green Book bounds for one project type.

    Raises
    ------
    ValidationError
        If ``project_type`` is not a string.
    UnknownReferenceError
        If ``project_type`` is not one of the published types (they are listed).

    Examples
    --------
    >>> green_book_optimism_bias("non_standard_buildings").capital_expenditure_upper
    0.51
    """
    if not isinstance(project_type, str):
        raise ValidationError(
            f"'project_type' must be a string (got {project_type!r:.60} that is a "
            f"{type(project_type).__name__})"
        )
    if project_type not in _GREEN_BOOK:
        known = ", ".join(repr(k) for k in _GREEN_BOOK)
        raise UnknownReferenceError(
            f"'project_type' must be one of {known} (got {project_type!r})", [project_type]
        )
    return _GREEN_BOOK[project_type]


def dft_uplift(category: str, certainty: float = 0.8) -> float:
    """The DfT / Flyvbjerg uplift for a category at 50% or 80% certainty.

    Raises
    ------
    ValidationError
        If ``certainty`` is not a number in [0, 1] or ``category`` not a string.
    UnknownReferenceError
        If no uplift is published for that category and certainty.

    Examples
    --------
    >>> dft_uplift("rail", 0.8)
    0.57
    >>> dft_uplift("roads", 0.5)
    0.15
    """
    check_number(certainty, "certainty", minimum=0.0, maximum=1.0)
    if not isinstance(category, str):
        raise ValidationError(
            f"'category' must be a string (got {category!r:.60} that is a "
            f"{type(category).__name__})"
        )
    for u in DFT_OPTIMISM_BIAS_UPLIFTS:
        if u.category == category and math.isclose(u.certainty, float(certainty)):
            return u.uplift
    known = ", ".join(f"{u.category!r} at {u.certainty:g}" for u in DFT_OPTIMISM_BIAS_UPLIFTS)
    raise UnknownReferenceError(
        f"no DfT uplift is published for category {category!r} at certainty {certainty!r}; "
        f"known: {known}",
        [category],
    )


def combined_optimism_bias(
    shares: Mapping[str, float],
    *,
    measure: Measure = "capital_expenditure",
    bound: Bound = "upper",
) -> float:
    """Optimism bias of a combined project: the share-weighted sum of its parts' bounds.

    The Green Book method for a project with significant standard and non-standard
    elements: split the capital value (or works duration) into parts by project type,
    multiply each share by the type's bound and add the contributions.

    Parameters
    ----------
    shares
        Project type (a key of :data:`GREEN_BOOK_OPTIMISM_BIAS`) -> share of the
        capital value or works duration, fractions ``>= 0`` summing to 1 (within 1e-6).
    measure
        ``"capital_expenditure"`` or ``"works_duration"``.
    bound
        ``"upper"`` or ``"lower"``.

    Returns
    -------
    float
        The resultant optimism bias (fraction).

    Raises
    ------
    ValidationError
        If a share is negative or not finite, the shares do not sum to 1, a type is
        unknown or has no published bound for ``measure``; all problems together.

    Examples
    --------
    The Green Book worked example: 30% non-standard and 70% standard building.

    >>> mix = {"non_standard_buildings": 0.3, "standard_buildings": 0.7}
    >>> round(combined_optimism_bias(mix), 4)
    0.321
    >>> round(combined_optimism_bias(mix, measure="works_duration"), 4)
    0.145
    """
    check_choice(measure, "measure", ("capital_expenditure", "works_duration"))
    check_choice(bound, "bound", ("upper", "lower"))
    problems = Problems()
    if not isinstance(shares, Mapping) or not shares:
        raise ValidationError(
            f"'shares' must be a non-empty mapping of project type to share (got {shares!r:.80})"
        )
    total = 0.0
    result = 0.0
    for key, share in shares.items():
        before = len(problems.items)
        problems.check_number(share, f"share of {key!r}", minimum=0.0)
        share_ok = len(problems.items) == before
        if not isinstance(key, str) or key not in _GREEN_BOOK:  # names it, never hashes it
            known = ", ".join(repr(k) for k in _GREEN_BOOK)
            problems.add(f"'project_type' must be one of {known} (got {key!r})")
            continue
        value = _GREEN_BOOK[key].bound(measure, bound)
        if value is None:
            problems.add(f"project type {key!r} has no published {bound} bound for {measure}")
            continue
        if share_ok:  # any real number (numpy scalars too), already checked finite
            total += float(share)
            result += float(share) * value
    # 1e-6: shares given as float32 (or rounded percentages / 100) still add up.
    if not problems and not math.isclose(total, 1.0, abs_tol=1e-6):
        problems.add(f"'shares' must sum to 1 (got {total!r})")
    problems.raise_if_any()
    return result


def mitigated_optimism_bias(
    upper_bound: float,
    contributions: Sequence[float],
    mitigation_factors: Sequence[float],
) -> float:
    """Optimism bias left after managing the risk areas that contribute to it.

    Green Book method: each project risk area contributes a share ``c_i`` of the upper
    bound optimism bias; a mitigation factor ``m_i`` in [0, 1] says how fully its risks
    are managed. The resultant bias is ``upper_bound * (1 - sum(c_i * m_i))``.

    Parameters
    ----------
    upper_bound
        Upper-bound optimism bias (fraction, ``>= 0``).
    contributions
        Share of the optimism bias due to each risk area (fractions ``>= 0``,
        summing to at most 1).
    mitigation_factors
        Degree to which each area's risks are managed, in [0, 1], aligned with
        ``contributions``.

    Returns
    -------
    float
        The resultant optimism bias (fraction).

    Raises
    ------
    ValidationError
        If lengths differ, a contribution is negative, contributions sum above 1, or
        a factor is outside [0, 1]; all problems together.

    Examples
    --------
    The Green Book works-duration example for a non-standard building (upper bound
    39%): five risk areas contributing 5%, 2%, 22%, 5% and 3%, all fully managed but
    the business case (factor 0.4), leave about 29.7%.

    >>> round(mitigated_optimism_bias(0.39, [0.05, 0.02, 0.22, 0.05, 0.03],
    ...                               [1, 1, 0.4, 1, 1]), 4)
    0.2972
    """
    problems = Problems()
    problems.check_number(upper_bound, "upper_bound", minimum=0.0)
    pairs = (("contributions", contributions), ("mitigation_factors", mitigation_factors))
    for label, seq in pairs:
        if isinstance(seq, str) or not isinstance(seq, Iterable):
            raise ValidationError(
                f"'{label}' must be a sequence of fractions (got {seq!r:.60} that is a "
                f"{type(seq).__name__})"
            )
    c = list(contributions)
    m = list(mitigation_factors)
    if len(c) != len(m):
        problems.add(
            f"'contributions' and 'mitigation_factors' must have the same length "
            f"(got {len(c)} and {len(m)})"
        )
    for i, v in enumerate(c):
        problems.check_number(v, f"contributions[{i}]", minimum=0.0, maximum=1.0)
    for i, v in enumerate(m):
        problems.check_number(v, f"mitigation_factors[{i}]", minimum=0.0, maximum=1.0)
    problems.raise_if_any()
    if math.fsum(c) > 1.0 + 1e-9:
        raise ValidationError(f"'contributions' must sum to at most 1 (got {math.fsum(c)!r})")
    managed = math.fsum(float(ci) * float(mi) for ci, mi in zip(c, m, strict=True))
    return float(upper_bound) * (1.0 - managed)
