"""Walkthrough section: estimation from the PMO's history, and the knowledge base."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmokit.datasets import sample_history
from pmokit.estimation import (
    AnalogyEstimator,
    BaselineEstimator,
    ParametricEstimator,
    combined_optimism_bias,
    dft_uplift,
    fit_power_law,
    leave_one_out,
    pert,
    reference_class_forecast,
    sum_estimates,
)
from pmokit.knowledge import ProjectRecord

if TYPE_CHECKING:
    from pmokit.datasets import SamplePMO

TITLE = "Estimation and knowledge: history, reference classes, accuracy"


def section(pmo: SamplePMO) -> list[str]:
    """Lines of the estimation and knowledge review of the sample PMO."""
    kb = sample_history(pmo)
    lines: list[str] = []
    lines.append(
        f"sample_history() -> KnowledgeBase: {len(kb)} completed projects, "
        f"{len(kb.lessons)} lessons, "
        f"{len(kb.reviews)} post-project reviews."
    )
    stats = kb.overrun_statistics("cost", by="methodology")
    lines.append(
        "KnowledgeBase.overrun_statistics(): cost overrun (actual / planned) by methodology:"
    )
    for row in stats.to_records():
        lines.append(
            f"  {row['group']:<10} n={row['n']:>2}  median {row['median_ratio']:.2f}  "
            f"P80 {row['p80_ratio']:.2f}  over budget {row['share_over']:.0%}"
        )
    themes = kb.lesson_themes()
    top = ", ".join(
        f"{t} ({c}x, impact {i:.0f})"
        for t, c, i in zip(themes.themes[:3], themes.count, themes.total_impact, strict=False)
    )
    lines.append(f"KnowledgeBase.lesson_themes(): recurring themes {top}.")

    # A proposed project: reference class forecast of its budget.
    proposed = next((p for p in pmo.projects if p.status == "proposed"), pmo.projects[0])
    rc = kb.reference_class("cost", methodology=proposed.methodology)
    f = reference_class_forecast(proposed.budget, rc)
    lines.append(
        f"{proposed.id} {proposed.name} ({proposed.methodology}), budget "
        f"{proposed.budget:,.0f}: KnowledgeBase.reference_class() of {rc.size} "
        f"{proposed.methodology} projects, reference_class_forecast() "
        f"-> P50 {f.p50:,.0f}, P80 {f.p80:,.0f}, P90 {f.p90:,.0f} "
        f"(P80 uplift {rc.uplift(0.8):+.0%})."
    )
    target = ProjectRecord(
        proposed.id,
        project_type="digital channel",
        methodology=proposed.methodology,
        domain="customer",
        planned_cost=proposed.budget,
        size={"function_points": 550.0},
    )
    sim = kb.similar_projects(target, k=3)
    for m in sim.matches:
        lines.append(
            f"  KnowledgeBase.similar_projects(): {m.record_id} similarity "
            f"{m.similarity:.2f}: {m.explanation}"
        )

    # Three-point estimate of its phases.
    phases = [pert(12, 15, 25), pert(40, 50, 80), pert(35, 45, 70), pert(8, 10, 20)]
    total = sum_estimates(phases)
    mc = sum_estimates(phases, method="monte_carlo", iterations=20_000, rng=1)
    lines.append(
        f"Beta-PERT of 4 phases [working days]: mean {total.mean:.1f}, sd {total.std:.1f}; "
        f"P80 normal {total.percentile(80):.1f} vs Monte Carlo {mc.percentile(80):.1f}."
    )

    # Parametric and analogy estimates with honest leave-one-out accuracy.
    fm = kb.feature_matrix(["function_points"], target="actual_effort")
    model = fit_power_law(fm.x[:, 0], fm.y)
    size = target.size["function_points"]
    lo, hi = model.prediction_interval([size], level=0.8)
    lines.append(
        f"Effort = {model.a:.2f} * FP^{model.b:.2f} (R² {model.r_squared:.2f}); "
        f"{proposed.id} at {size:.0f} FP -> {model.predict([size])[0]:,.0f} h "
        f"(80% interval {lo[0]:,.0f} - {hi[0]:,.0f})."
    )
    for label, est in (
        ("parametric", ParametricEstimator()),
        ("analogy k=3 size-adapted", AnalogyEstimator(k=3, adaptation="size")),
        ("median baseline", BaselineEstimator()),
    ):
        acc = leave_one_out(est, fm.x, fm.y, iterations=200).accuracy
        lines.append(
            f"  LOO {label:<26} MdMRE {acc.mdmre:.2f}  PRED(25) {acc.pred25:.2f}  "
            f"SA {acc.sa:.2f}  effect {acc.effect_size:.1f} ({acc.effect})"
        )

    # Published uplifts.
    mix = {"non_standard_buildings": 0.3, "standard_buildings": 0.7}
    lines.append(
        f"Green Book combined building (30% non-standard): capex uplift "
        f"{combined_optimism_bias(mix):.1%}, works duration "
        f"{combined_optimism_bias(mix, measure='works_duration'):.1%}; "
        f"DfT rail P80 uplift {dft_uplift('rail', 0.8):.0%}."
    )
    return lines
