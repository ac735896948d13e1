"""Schedule-risk sample data: duration ranges, risk drivers and correlations for the sample PMO.

Built from :func:`pmokit.datasets.sample_pmo` (deterministic): each activity of the
integrated network gets a three-point range from a percentage template that widens with
its project's qualitative risk level (1-5), a few register risks drive the activities
they threaten, and builds within one programme are correlated.
"""

from __future__ import annotations

from collections.abc import Hashable

import attrs

from pmokit.datasets._sample import SamplePMO
from pmokit.scheduling import (
    CorrelationMatrix,
    Distribution,
    RiskEvent,
    Triangular,
    Uniform,
    percentage_template,
)

__all__ = ["ScheduleRiskSample", "schedule_risk_sample"]


@attrs.frozen
class ScheduleRiskSample:
    """Inputs for :func:`pmokit.scheduling.simulate` on the sample PMO's network.

    Attributes
    ----------
    uncertainty
        Activity id -> duration distribution [working days].
    risks
        Register risks mapped onto the activities they drive.
    correlation
        Spearman rank correlations between the build activities of each programme.
    """

    uncertainty: dict[Hashable, Distribution] = attrs.field(hash=False)
    risks: tuple[RiskEvent, ...]
    correlation: CorrelationMatrix = attrs.field(hash=False)


# (low %, high %) by the project's risk level 1..5
_RANGES = {1: (-5, 10), 2: (-5, 15), 3: (-10, 25), 4: (-10, 35), 5: (-15, 50)}


def schedule_risk_sample(pmo: SamplePMO) -> ScheduleRiskSample:
    """Duration ranges, risk drivers and correlations for the sample network.

    Examples
    --------
    >>> from pmokit.datasets import sample_pmo, schedule_risk_sample
    >>> sample = schedule_risk_sample(sample_pmo())
    >>> sample.uncertainty["P05-BLD"]
    BetaPert(low=115.2, mode=128.0, high=172.8, lam=4.0)
    >>> [r.id for r in sample.risks]
    ['R-IAM', 'R-DATA', 'R-ENV', 'R-VENDOR']
    """
    net = pmo.network
    level = {p.id: p.risk for p in pmo.projects}
    uncertainty: dict[Hashable, Distribution] = {}
    for risk_level, (lo, hi) in _RANGES.items():
        ids = [
            str(a.id)  # the sample ids are strings
            for a in net.activities
            if a.duration > 0 and level.get(a.project or "", 3) == risk_level
        ]
        if ids:
            uncertainty.update(percentage_template(net, lo, hi, activities=ids,
                                                   shape="betapert"))
    tests = [str(a.id) for a in net.activities if str(a.id).endswith(("-TST", "-UAT", "-HARD"))]
    risks = (
        RiskEvent("R-IAM", 0.35, Triangular(1.1, 1.25, 1.6), ("P11-BLD",),
                  name="Identity platform vendor slips"),
        RiskEvent("R-DATA", 0.4, Triangular(1.05, 1.2, 1.5),
                  ("P08-DATA", "P03-DATA", "P06-DATA"), name="Legacy data quality worse"),
        RiskEvent("R-ENV", 0.3, Uniform(3, 10), tuple(tests), mode="additive",
                  name="Test environments unavailable"),
        RiskEvent("R-VENDOR", 0.25, Triangular(1.1, 1.3, 1.8), ("P09-BLD", "P10-BLD"),
                  name="GRC tooling vendor resourcing"),
    )
    builds: dict[str, list[str]] = {}
    for a in net.activities:
        if str(a.id).endswith(("-BLD", "-MVP")):
            prog = pmo.project(a.project or "").programme
            builds.setdefault(prog, []).append(str(a.id))
    pairs: dict[tuple[str, str], float] = {}
    for ids in builds.values():
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                pairs[(x, y)] = 0.5
    return ScheduleRiskSample(uncertainty, risks, CorrelationMatrix.from_pairs(pairs))
