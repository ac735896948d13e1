"""pmokit.portfolio: prioritisation (scoring, AHP, WSJF, TOPSIS), optimal selection, benefits.

Prioritisation
    :func:`score` with :class:`Criterion`, :func:`wsjf`, :func:`topsis` (all give a
    :class:`Ranking`), :func:`ranking_sensitivity`; AHP with :class:`PairwiseMatrix`,
    :func:`ahp_priorities`, :func:`aggregate_judgements`, :func:`aggregate_priorities`,
    :func:`ahp_hierarchy`.
Selection
    :class:`Candidate`, :class:`Group`, :class:`Balance`, :func:`build_model`, :func:`select`
    (a :class:`Selection`), :func:`efficient_frontier` (a :class:`Frontier`); phased
    selection (start periods chosen too) with :func:`build_phased_model` (a
    :class:`PhasedModel`), :class:`Delay`, :func:`compare_scenarios` (a
    :class:`ScenarioComparison`: who moves, who drops out), :func:`capacity_demands` (the
    bridge to :func:`pmokit.capacity.allocate`).
Benefits
    :func:`npv`, :func:`irr`, :func:`mirr`, :func:`payback`, :func:`discounted_payback`,
    :func:`benefit_cost_ratio`, :func:`track_benefits`.

See docs/portfolio.md for a guide.
"""

from __future__ import annotations

from pmokit.portfolio._ahp import (
    RANDOM_INDEX,
    AHPResult,
    PairwiseMatrix,
    Revision,
    ahp_priorities,
    random_index,
)
from pmokit.portfolio._ahp_group import GroupPriorities, aggregate_judgements, aggregate_priorities
from pmokit.portfolio._ahp_hierarchy import HierarchyResult, ahp_hierarchy
from pmokit.portfolio._benefits import BenefitLine, BenefitsReport, track_benefits
from pmokit.portfolio._finance import (
    IRRResult,
    benefit_cost_ratio,
    discounted_payback,
    irr,
    mirr,
    npv,
    payback,
)
from pmokit.portfolio._frontier import Frontier, efficient_frontier
from pmokit.portfolio._model import Balance, Candidate, Group, PortfolioModel, build_model
from pmokit.portfolio._phasing import (
    PhasedModel,
    ScenarioComparison,
    build_phased_model,
    capacity_demands,
    compare_scenarios,
)
from pmokit.portfolio._scoring import Criterion, Ranking, score
from pmokit.portfolio._selection import Delay, Rejection, Selection, select
from pmokit.portfolio._sensitivity import RankingSensitivity, ranking_sensitivity
from pmokit.portfolio._topsis import topsis
from pmokit.portfolio._wsjf import wsjf

__all__ = [
    "RANDOM_INDEX",
    "AHPResult",
    "Balance",
    "BenefitLine",
    "BenefitsReport",
    "Candidate",
    "Criterion",
    "Delay",
    "Frontier",
    "Group",
    "GroupPriorities",
    "HierarchyResult",
    "IRRResult",
    "PairwiseMatrix",
    "PhasedModel",
    "PortfolioModel",
    "Ranking",
    "RankingSensitivity",
    "Rejection",
    "Revision",
    "ScenarioComparison",
    "Selection",
    "aggregate_judgements",
    "aggregate_priorities",
    "ahp_hierarchy",
    "ahp_priorities",
    "benefit_cost_ratio",
    "build_model",
    "build_phased_model",
    "capacity_demands",
    "compare_scenarios",
    "discounted_payback",
    "efficient_frontier",
    "irr",
    "mirr",
    "npv",
    "payback",
    "random_index",
    "ranking_sensitivity",
    "score",
    "select",
    "topsis",
    "track_benefits",
    "wsjf",
]
