"""The public surface: every name in every __all__ exists and is documented."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import pmokit

SUBPACKAGES = [
    "pmokit",
    "pmokit.errors",
    "pmokit.calendar",
    "pmokit.datasets",
    "pmokit.distributions",
    "pmokit.governance",
    "pmokit.portfolio",
    "pmokit.scheduling",
    "pmokit.capacity",
    "pmokit.estimation",
    "pmokit.monitoring",
    "pmokit.knowledge",
    "pmokit.plot",
    "pmokit.progress",
    "pmokit.agile",
    "pmokit.interop",
    "pmokit.interop.mpxj",
]


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_all_names_exist_and_documented(name: str) -> None:
    """Each name in __all__ resolves and (unless a plain value) has a docstring."""
    module = importlib.import_module(name)
    assert isinstance(module.__all__, (list, tuple))
    assert module.__doc__, f"{name} has no module docstring"
    missing = []
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ names {attr!r}, which does not exist"
        obj = getattr(module, attr)
        is_code = inspect.isclass(obj) or inspect.isfunction(obj) or inspect.ismethod(obj)
        if is_code and not inspect.getdoc(obj):
            missing.append(attr)
    assert not missing, f"{name}: no docstring on {missing}"


def test_subpackages_listed() -> None:
    """Every public subpackage of pmokit is covered by the test above."""
    found = {
        f"pmokit.{m.name}"
        for m in pkgutil.iter_modules(pmokit.__path__)
        if not m.name.startswith("_")
    }
    assert found <= set(SUBPACKAGES), found - set(SUBPACKAGES)


def test_entry_points() -> None:
    """The entry names the docs rely on exist (DESIGN.md)."""
    from pmokit.calendar import WorkCalendar  # noqa: F401
    from pmokit.datasets import sample_pmo  # noqa: F401
    from pmokit.scheduling import Activity, Dependency, Network, schedule  # noqa: F401


def test_no_print_in_core() -> None:
    """Only __main__ prints: no module of the core uses print(), open() or input(), and no
    module validates with assert (it vanishes under python -O)."""
    import ast
    from pathlib import Path

    root = Path(pmokit.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"print", "open", "input"}
            ):
                offenders.append(f"{path.relative_to(root)}:{node.lineno} {node.func.id}()")
            if isinstance(node, ast.Assert):
                offenders.append(f"{path.relative_to(root)}:{node.lineno} assert")
    assert not offenders, offenders


# ---------------------------------------------------------------------------------------
# The pinned public surface (issue 14). A name added, removed or renamed in a subpackage's
# __all__ fails here: a rename is an API change, so update the snapshot deliberately, keep
# the old name working for one release (module __getattr__ + warn_renamed) and list it in
# DEPRECATED_ALIASES.
# ---------------------------------------------------------------------------------------
# BEGIN SNAPSHOT (regenerate: PYTHONPATH=src python -m tests._public_api_snapshot; review the diff)
PUBLIC_SURFACE: dict[str, tuple[str, ...]] = {
    "pmokit": (
        "__version__",
    ),
    "pmokit.errors": (
        "CycleError", "DuplicateError", "InfeasibleInputError", "MissingDependencyError",
        "PmokitError", "SolverError", "UnknownReferenceError", "ValidationError",
    ),
    "pmokit.calendar": (
        "DateRangeError", "Frequency", "MAX_DATE", "MIN_DATE", "PeriodCounts", "SUPPORTED_RANGE",
        "WorkCalendar", "bucket", "period_starts",
    ),
    "pmokit.datasets": (
        "CapacitySample", "GovernanceSample", "MonitoringSample", "PORTFOLIO_START",
        "PortfolioSample", "Programme", "SampleAgileProject", "SamplePMO", "SamplePerson",
        "SampleProject", "ScheduleRiskSample", "capacity_sample", "governance_sample",
        "monitoring_sample", "portfolio_sample", "sample_dated_network", "sample_history",
        "sample_pmo", "sample_resources", "schedule_risk_sample",
    ),
    "pmokit.distributions": (
        "BetaPert", "Distribution", "Empirical", "LogNormal", "Normal", "Triangular", "Uniform",
        "percentage_template",
    ),
    "pmokit.governance": (
        "AuditRecord", "AuditResult", "CHECKS", "ComplianceRule", "ComplianceSummary",
        "ComplianceTrend", "Condition", "DCMA_CHECKS", "DcmaAssessment", "DcmaCheck",
        "DcmaThresholds", "Deliverable", "DeliverableStatus", "DeliverableTemplate", "Finding",
        "Gate", "GateCriterion", "GateDecision", "GateEvidence", "GateOutcome",
        "HEALTH_DIMENSIONS", "HealthModel", "HealthReport", "Improvement", "Indicator",
        "MATURITY_LEVELS", "MaturityResult", "Methodology", "PERSPECTIVES", "PROFILE_FIELDS",
        "Phase", "ProjectProfile", "Question", "Questionnaire", "Role", "RuleSet",
        "SEVERITY_WEIGHTS", "STANDARD_FIELDS", "TailoredMethodology", "TailoringPolicy",
        "TierRule", "assess_maturity", "assign_tiers", "audit", "compliance_summary",
        "compliance_trend", "dcma_assessment", "evaluate_gate", "health_check", "tailor",
    ),
    "pmokit.portfolio": (
        "AHPResult", "Balance", "BenefitLine", "BenefitsReport", "Candidate", "Criterion", "Delay",
        "Frontier", "Group", "GroupPriorities", "HierarchyResult", "IRRResult", "PairwiseMatrix",
        "PhasedModel", "PortfolioModel", "RANDOM_INDEX", "Ranking", "RankingSensitivity",
        "Rejection", "Revision", "ScenarioComparison", "Selection", "aggregate_judgements",
        "aggregate_priorities", "ahp_hierarchy", "ahp_priorities", "benefit_cost_ratio",
        "build_model", "build_phased_model", "capacity_demands", "compare_scenarios",
        "discounted_payback", "efficient_frontier", "irr", "mirr", "npv", "payback",
        "random_index", "ranking_sensitivity", "score", "select", "topsis", "track_benefits",
        "wsjf",
    ),
    "pmokit.scheduling": (
        "Activity", "ActivityProgress", "BetaPert", "BottleneckRanking", "CompiledNetwork",
        "Constraint", "ConstraintType", "CorrelationMatrix", "CrossProjectView", "Dependency",
        "Distribution", "Empirical", "IMPACT_FACTOR_BOUND", "LevelledSchedule", "LinkType",
        "LogNormal", "Network", "Normal", "Progress", "ProjectLink", "Resource",
        "ResourceSchedule", "RiskEvent", "RiskResult", "Schedule", "SlipImpact", "Triangular",
        "Uniform", "Wbs", "WbsRollup", "all_predecessors", "all_successors", "bottlenecks",
        "cross_project", "level", "nearest_correlation", "percentage_template",
        "resource_constrained_schedule", "rollup", "schedule", "simulate", "slip_impact",
    ),
    "pmokit.capacity": (
        "Allocation", "Bottleneck", "CapacityHeatMap", "Demand", "FTE_BOUND", "Hire", "HiringPlan",
        "MentorMatching", "MentorPair", "OverloadRun", "OverloadSignals", "Person",
        "PlanningPeriods", "Records", "RoleProfile", "Scenario", "ScenarioComparison", "SkillGap",
        "SkillMatrix", "THRESHOLD_BOUND", "TrainingNeed", "TrainingOption", "allocate",
        "availability", "compare_scenarios", "demand_from_schedule", "heatmap", "match_mentors",
        "overload_signals", "planning_periods", "proficiency_gaps", "recommend_hires",
        "skill_matrix", "train_instead_of_hire", "training_needs",
    ),
    "pmokit.estimation": (
        "Accuracy", "AnalogyEstimate", "AnalogyEstimator", "AnalogyModel", "BaselineEstimator",
        "CrossValidation", "DEFAULT_QUANTILES", "DFT_OPTIMISM_BIAS_UPLIFTS", "DFT_SOURCE",
        "DfTUplift", "Estimate", "EstimateArray", "Estimator", "GREEN_BOOK_OPTIMISM_BIAS",
        "GREEN_BOOK_SOURCE", "MIN_REFERENCE_CLASS_SIZE", "OptimismBiasRange",
        "ParametricEstimator", "PowerLawModel", "Predictor", "ReferenceClass",
        "ReferenceClassEstimator", "ReferenceClassForecast", "TotalEstimate", "UpliftCurve",
        "accuracy", "combined_optimism_bias", "dft_uplift", "estimate_by_analogy", "fit_power_law",
        "green_book_optimism_bias", "k_fold", "leave_one_out", "mitigated_optimism_bias", "pert",
        "pert_array", "random_guess_mar", "reference_class_forecast", "sum_estimates",
        "triangular", "triangular_array",
    ),
    "pmokit.monitoring": (
        "AccountLevel", "Baseline", "BaselineVariance", "ControlAccount", "ControlAccountReport",
        "CostKind", "CostLine", "CostScheduleSamples", "CostUncertainty", "DEFAULT_RAG_RULES",
        "EacMethod", "EarnedValue", "EarnedValueHistory", "EarnedValueTables", "EvTechnique",
        "FlowSignalKind", "MilestoneTrend", "PerformanceData", "PlannedValue",
        "PortfolioEarnedValue", "PortfolioRag", "ProbabilityImpactMatrix", "Rag", "RagRule",
        "RagStatus", "Risk", "RiskAssessment", "RiskContingency", "RiskCost", "RiskHeatMap",
        "RiskStatus", "SCurve", "Severity", "Signal", "SignalKind", "Signals", "SpreadCurve",
        "WorkPackage", "aging_wip_signals", "assess_risks", "baseline_execution_index",
        "baseline_variance", "control_account_rollup", "critical_path_length_index",
        "cycle_time_signals", "earned_value", "evm_signals", "float_erosion_signals",
        "float_snapshots", "joint_confidence", "milestone_slippage_signals", "milestone_snapshots",
        "milestone_trend", "performance", "portfolio_earned_value", "portfolio_rag", "rag_status",
        "risk_contingency", "risk_exposure_signals", "rollup_earned_value", "sample_costs",
        "throughput_trend_signals", "time_phase",
    ),
    "pmokit.knowledge": (
        "Baseline", "FeatureMatrix", "KnowledgeBase", "Lesson", "LessonThemes", "MEASURES",
        "OverrunStatistics", "PostProjectReview", "ProjectRecord", "SimilarProject",
        "SimilarProjects",
    ),
    "pmokit.plot": (
        "ahp_priorities", "burn_up", "capacity_heatmap", "efficient_frontier",
        "finish_distribution", "gantt", "resource_load", "s_curve", "tornado",
    ),
    "pmokit.progress": (
        "ProgressInfo", "ProgressLike",
    ),
    "pmokit.agile": (
        "BurnUp", "CycleTimes", "HowManyForecast", "ThroughputTrend", "WhenDoneForecast",
        "WorkItemAges", "aging_wip", "as_activity", "burn_up", "cycle_times", "how_many",
        "throughput_history", "throughput_trend", "velocity_how_many", "velocity_when_done",
        "when_done",
    ),
    "pmokit.interop": (

    ),
    "pmokit.interop.mpxj": (
        "Plan", "PlanActivity", "PlanCalendar", "PlanLink", "Progress", "SavedDates", "from_mpxj",
        "start_jvm",
    ),
}
DEPRECATED_ALIASES: dict[str, str] = {
    "pmokit.capacity.Heatmap": "pmokit.capacity.CapacityHeatMap",
    "pmokit.estimation.DEFAULT_PERCENTILES": "pmokit.estimation.DEFAULT_QUANTILES",
    "pmokit.governance.Criterion": "pmokit.governance.GateCriterion",
    "pmokit.monitoring.HeatMap": "pmokit.monitoring.RiskHeatMap",
}
# END SNAPSHOT


def test_every_subpackage_is_pinned() -> None:
    """The snapshot covers exactly the subpackages listed above."""
    assert sorted(PUBLIC_SURFACE) == sorted(SUBPACKAGES)


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_public_surface_is_pinned(name: str) -> None:
    """Each subpackage's __all__ equals its snapshot (no accidental rename or removal)."""
    current = set(importlib.import_module(name).__all__)
    pinned = set(PUBLIC_SURFACE[name])
    assert current == pinned, (
        f"{name}: added {sorted(current - pinned)}, removed {sorted(pinned - current)}; "
        "a removed or renamed name needs a deprecated alias (DEPRECATED_ALIASES)"
    )


def _resolve(dotted: str) -> object:
    module, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module), attr)


@pytest.mark.parametrize(("old", "new"), sorted(DEPRECATED_ALIASES.items()))
def test_deprecated_alias_warns(old: str, new: str) -> None:
    """An old name still works for one release, warning with the new name."""
    module, _, attr = old.rpartition(".")
    assert attr not in importlib.import_module(module).__all__, f"{old} is still public"
    short = new.rpartition(".")[2]  # the warning names the new one, qualified or not
    with pytest.warns(DeprecationWarning, match=f"use '({re.escape(new)}|{re.escape(short)})'"):
        obj = _resolve(old)
    assert obj is _resolve(new)


def test_deprecated_aliases_are_listed() -> None:
    """Every module-level rename (warn_renamed in a subpackage __init__) is in the list."""
    from pathlib import Path

    from tests._public_api_snapshot import renames

    assert renames(Path(pmokit.__file__).parent) == DEPRECATED_ALIASES
