"""P3M3-style maturity assessment from questionnaire answers.

Five levels -- 1 awareness, 2 repeatable, 3 defined, 4 managed, 5 optimised -- across seven
perspectives. Each :class:`Question` belongs to a perspective and evidences one level
(2..5; level 1 needs no evidence). Answers are on the questionnaire's scale (default
0 = not at all .. 4 = fully and consistently) and are normalised to [0, 1].

Staged rule: a perspective attains level L when, for every level k in 2..L, the weighted
mean normalised answer of its level-k questions is at least ``achieved`` (default 0.75);
its level is the highest such L (1 if level 2 is not attained). A level with no questions
cannot be evidenced and so stops the climb. The overall level is the lowest perspective
level (an organisation is only as mature as its weakest perspective); the mean level is
reported as well. Improvements target the next level of the weakest perspectives first:
the questions of that level whose answers fall short, largest gap first.

The questions of :meth:`Questionnaire.p3m3_style` are pmokit's own wording of the level
descriptions; they are not the official AXELOS assessment.

References
----------
AXELOS (2016). *P3M3 Portfolio, Programme and Project Management Maturity Model*,
version 3: five maturity levels and seven perspectives.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import ComparesValues, IdMapping, PicklesReadOnly, display, records_to_frame
from pmokit._validation import Problems, check_id
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.governance._convert import as_tuple

__all__ = [
    "MATURITY_LEVELS",
    "PERSPECTIVES",
    "Improvement",
    "MaturityResult",
    "Question",
    "Questionnaire",
    "assess_maturity",
]

MATURITY_LEVELS: Mapping[int, str] = {
    1: "awareness",
    2: "repeatable",
    3: "defined",
    4: "managed",
    5: "optimised",
}
"""Level number -> name."""

PERSPECTIVES: tuple[str, ...] = (
    "organisational governance",
    "management control",
    "benefits management",
    "risk management",
    "stakeholder engagement",
    "finance management",
    "resource management",
)
"""The seven P3M3 perspectives."""


@attrs.frozen
class Question:
    """One questionnaire item.

    Parameters
    ----------
    id
        Unique question id.
    perspective
        Perspective it belongs to.
    level
        The level (2..5) it evidences.
    text
        The statement respondents rate.
    improvement
        What to do when it falls short (defaults to the statement).
    weight
        Weight within its (perspective, level) group (> 0).
    """

    id: str
    perspective: str
    level: int
    text: str
    improvement: str = ""
    weight: float = 1.0


@attrs.frozen
class Questionnaire:
    """A maturity questionnaire.

    Parameters
    ----------
    questions
        The questions.
    scale
        (lowest, highest) answer; answers are normalised by ``(a - lo) / (hi - lo)``.
    achieved
        Normalised mean needed to attain a level (default 0.75).
    perspectives
        Perspective names (default :data:`PERSPECTIVES`).

    Raises
    ------
    ValidationError
        If question ids repeat, a question names an unknown perspective or a level outside
        2..5, a weight is not > 0, the scale is empty, or ``achieved`` is outside (0, 1].
    """

    questions: tuple[Question, ...] = attrs.field(converter=as_tuple)
    scale: tuple[float, float] = attrs.field(default=(0.0, 4.0), converter=as_tuple)
    achieved: float = 0.75
    perspectives: tuple[str, ...] = attrs.field(default=PERSPECTIVES, converter=as_tuple)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if len(self.scale) != 2:
            p.add(f"'scale' must be (lowest, highest) (got {self.scale!r})")
        else:
            p.check_number(self.scale[0], "lowest answer of 'scale'")
            p.check_number(self.scale[1], "highest answer of 'scale'")
            if not p and not self.scale[1] > self.scale[0]:
                p.add(f"'scale' must have highest > lowest (got {self.scale!r})")
        p.check_number(self.achieved, "achieved", minimum=0.0, strict_minimum=True, maximum=1.0)
        seen: set[str] = set()
        dups: list[str] = []
        persp = set(self.perspectives)
        repeated = [x for x in dict.fromkeys(self.perspectives) if self.perspectives.count(x) > 1]
        for x in repeated:
            p.add(f"perspective {x!r} appears more than once in 'perspectives'")
        for x in dict.fromkeys(self.perspectives):
            if (m := check_id(x, "perspective name")) is not None:
                p.add(m)
        for q in self.questions:
            if not isinstance(q, Question):
                p.add(f"questions must be Question objects (got {q!r})")
                continue
            if (m := check_id(q.id, "question id")) is not None:
                p.add(m)
                continue
            if q.id in seen:
                dups.append(q.id)
            seen.add(q.id)
            if (m := check_id(q.perspective, f"perspective of question {q.id!r}")) is not None:
                p.add(m)
            elif q.perspective not in persp:
                p.add(
                    f"question '{q.id}' names unknown perspective '{q.perspective}'; expected "
                    "one of " + ", ".join(repr(x) for x in self.perspectives)
                )
            if isinstance(q.level, bool) or q.level not in (2, 3, 4, 5):
                p.add(f"level of question '{q.id}' must be one of 2, 3, 4, 5 (got {q.level!r})")
            p.check_number(
                q.weight, f"weight of question '{q.id}'", minimum=0.0, strict_minimum=True
            )
        if dups:
            raise DuplicateError(
                [f"question id '{d}' appears more than once" for d in dups] + p.items, dups
            )
        p.raise_if_any()

    @classmethod
    def p3m3_style(cls) -> Questionnaire:
        """28 statements: one per perspective and level 2..5, rated 0..4.

        Examples
        --------
        >>> q = Questionnaire.p3m3_style()
        >>> len(q.questions), q.questions[0].id
        (28, 'OG2')
        """
        return cls(tuple(Question(*row) for row in _P3M3_STYLE))


_P3M3_STYLE: tuple[tuple[str, str, int, str, str], ...] = (
    (
        "OG2",
        "organisational governance",
        2,
        "Projects have named sponsors and approval points that are repeated project to project.",
        "Name a sponsor and fixed approval points for every project.",
    ),
    (
        "OG3",
        "organisational governance",
        3,
        "A single documented governance framework with defined gates applies to all projects.",
        "Publish one governance framework with defined gates and apply it everywhere.",
    ),
    (
        "OG4",
        "organisational governance",
        4,
        "Gate decisions are measured (cycle time, kill rate) and reviewed by the board.",
        "Measure gate decisions and review the measures at board level.",
    ),
    (
        "OG5",
        "organisational governance",
        5,
        "Governance is improved continually from measured performance and lessons.",
        "Run a periodic governance improvement cycle fed by measures and lessons.",
    ),
    (
        "MC2",
        "management control",
        2,
        "Projects have plans, baselines and status reports, although formats vary.",
        "Require a baselined plan and regular status reports on every project.",
    ),
    (
        "MC3",
        "management control",
        3,
        "Standard planning, change control and reporting templates are used consistently.",
        "Standardise planning, change control and reporting templates.",
    ),
    (
        "MC4",
        "management control",
        4,
        "Schedule and cost performance (EVM, schedule quality) are measured and acted on.",
        "Introduce earned value and schedule-quality measures with thresholds.",
    ),
    (
        "MC5",
        "management control",
        5,
        "Control processes are tuned from performance data and benchmarks.",
        "Tune control processes using performance data and external benchmarks.",
    ),
    (
        "BM2",
        "benefits management",
        2,
        "Benefits are stated in business cases.",
        "State expected benefits in every business case.",
    ),
    (
        "BM3",
        "benefits management",
        3,
        "A standard benefits management approach assigns owners and measures.",
        "Adopt a benefits management approach with owners and measures.",
    ),
    (
        "BM4",
        "benefits management",
        4,
        "Benefits realisation is tracked against forecasts after delivery.",
        "Track realised benefits against forecasts after handover.",
    ),
    (
        "BM5",
        "benefits management",
        5,
        "Benefits performance shapes investment decisions and the portfolio.",
        "Feed realised-benefit performance back into investment decisions.",
    ),
    (
        "RM2",
        "risk management",
        2,
        "Projects keep risk registers.",
        "Keep a risk register on every project.",
    ),
    (
        "RM3",
        "risk management",
        3,
        "A common risk process, scales and escalation rules are used.",
        "Define common risk scales, process and escalation rules.",
    ),
    (
        "RM4",
        "risk management",
        4,
        "Risk exposure is quantified (e.g. Monte Carlo) and monitored across the portfolio.",
        "Quantify risk exposure and monitor it across the portfolio.",
    ),
    (
        "RM5",
        "risk management",
        5,
        "Risk management is refined from the accuracy of past risk forecasts.",
        "Review past risk forecasts and refine the risk process.",
    ),
    (
        "SE2",
        "stakeholder engagement",
        2,
        "Key stakeholders are identified on projects.",
        "Identify key stakeholders on every project.",
    ),
    (
        "SE3",
        "stakeholder engagement",
        3,
        "Standard stakeholder analysis and communication plans are used.",
        "Adopt standard stakeholder analysis and communication plans.",
    ),
    (
        "SE4",
        "stakeholder engagement",
        4,
        "Stakeholder satisfaction is surveyed and acted upon.",
        "Survey stakeholder satisfaction and act on the results.",
    ),
    (
        "SE5",
        "stakeholder engagement",
        5,
        "Engagement practice is improved from feedback trends.",
        "Improve engagement practice from feedback trends.",
    ),
    (
        "FM2",
        "finance management",
        2,
        "Projects have budgets and track spend.",
        "Give every project a budget and track spend.",
    ),
    (
        "FM3",
        "finance management",
        3,
        "Standard estimating, investment appraisal and cost reporting are used.",
        "Standardise estimating, investment appraisal and cost reporting.",
    ),
    (
        "FM4",
        "finance management",
        4,
        "Cost forecasts are measured for accuracy and variances analysed.",
        "Measure forecast accuracy and analyse cost variances.",
    ),
    (
        "FM5",
        "finance management",
        5,
        "Estimating is calibrated from history (reference classes).",
        "Calibrate estimates from historical reference classes.",
    ),
    (
        "RS2",
        "resource management",
        2,
        "Project staffing is planned for each project.",
        "Plan staffing for every project.",
    ),
    (
        "RS3",
        "resource management",
        3,
        "Capacity and skills are managed centrally across projects.",
        "Manage capacity and skills centrally across projects.",
    ),
    (
        "RS4",
        "resource management",
        4,
        "Utilisation and capacity forecasts are measured against demand.",
        "Measure utilisation and forecast capacity against demand.",
    ),
    (
        "RS5",
        "resource management",
        5,
        "Capability is developed strategically from measured gaps.",
        "Develop capability strategically from measured skill gaps.",
    ),
)


@attrs.frozen
class Improvement:
    """One recommended improvement.

    Attributes
    ----------
    perspective
        The perspective it lifts.
    target_level
        The level it helps attain.
    question
        The question id.
    action
        What to do.
    gap
        Shortfall of the normalised answer below ``achieved``.
    """

    perspective: str
    target_level: int
    question: str
    action: str
    gap: float


@display()
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class MaturityResult(PicklesReadOnly, ComparesValues, IdMapping):
    """Outcome of a maturity assessment.

    A read-only mapping from perspective to its record (see :meth:`to_records`):
    ``r["risk management"]``, ``in``, iteration over the perspectives, ``len``, ``.get``;
    an unknown perspective raises :class:`~pmokit.errors.UnknownReferenceError`.

    Attributes
    ----------
    perspectives
        Perspective names.
    levels
        Read-only attained level per perspective (1..5).
    level_scores
        Read-only perspectives x 4 array: normalised mean answer for levels 2, 3, 4, 5
        (nan where a perspective has no questions at that level).
    overall_level
        Lowest perspective level.
    mean_level
        Mean perspective level (nan for a questionnaire without perspectives).
    improvements
        Improvements, weakest perspective first, then largest gap first.
    """

    perspectives: tuple[str, ...]
    levels: npt.NDArray[np.int64]
    level_scores: npt.NDArray[np.float64]
    overall_level: int
    mean_level: float
    improvements: tuple[Improvement, ...]

    _what = "perspective"

    @property
    def ids(self) -> tuple[str, ...]:  # type: ignore[override]
        """The perspectives (the keys of the mapping)."""
        return self.perspectives

    def _row(self, i: int) -> dict[str, Any]:
        return self._record(i)

    def level_of(self, perspective: str) -> int:
        """Attained level of one perspective."""
        if not isinstance(perspective, str):
            raise ValidationError(f"'perspective' must be a string (got {perspective!r:.60})")
        if perspective not in self.perspectives:
            raise UnknownReferenceError(f"unknown perspective '{perspective}'", [perspective])
        return int(self.levels[self.perspectives.index(perspective)])

    @property
    def overall_name(self) -> str:
        """Name of the overall level (e.g. ``"repeatable"``)."""
        return MATURITY_LEVELS[self.overall_level]

    def to_records(self) -> list[dict[str, Any]]:
        """One record per perspective.

        Keys: ``perspective``, ``level``, ``level_name``, ``score_L2`` .. ``score_L5``.
        """
        return [self._record(i) for i in range(len(self.perspectives))]

    def _record(self, i: int) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "perspective": self.perspectives[i],
            "level": int(self.levels[i]),
            "level_name": MATURITY_LEVELS[int(self.levels[i])],
        }
        for k in range(4):
            rec[f"score_L{k + 2}"] = float(self.level_scores[i, k])
        return rec

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="perspective")


def assess_maturity(
    answers: Mapping[str, float],
    questionnaire: Questionnaire | None = None,
    *,
    missing: Literal["error", "lowest"] = "error",
) -> MaturityResult:
    """Maturity level per perspective, overall level and improvements from answers.

    Parameters
    ----------
    answers
        Question id -> answer on the questionnaire's scale.
    questionnaire
        The questionnaire (default :meth:`Questionnaire.p3m3_style`).
    missing
        ``"error"`` (default): every question must be answered; ``"lowest"``: unanswered
        questions count as the lowest answer.

    Returns
    -------
    MaturityResult

    Raises
    ------
    UnknownReferenceError
        If answers name questions the questionnaire does not have.
    ValidationError
        If an answer is outside the scale or not a number, or questions are unanswered
        with ``missing="error"``. All bad answers are reported together.

    Examples
    --------
    >>> q = Questionnaire([Question("a2", "risk management", 2, "registers kept"),
    ...                    Question("a3", "risk management", 3, "common process"),
    ...                    Question("b2", "finance management", 2, "budgets")],
    ...                   perspectives=("risk management", "finance management"))
    >>> r = assess_maturity({"a2": 4, "a3": 3, "b2": 2}, q)
    >>> r.levels.tolist(), r.overall_level, r.improvements[0].question
    ([3, 1], 1, 'b2')
    """
    q = Questionnaire.p3m3_style() if questionnaire is None else questionnaire
    if not isinstance(q, Questionnaire):
        raise ValidationError(f"'questionnaire' must be a Questionnaire (got {type(q).__name__})")
    if not isinstance(missing, str) or missing not in ("error", "lowest"):
        raise ValidationError(f"'missing' must be one of 'error', 'lowest' (got {missing!r})")
    if not isinstance(answers, Mapping):
        raise ValidationError(
            f"'answers' must map question ids to answers (got {type(answers).__name__})"
        )
    ids = {qq.id: k for k, qq in enumerate(q.questions)}
    lo, hi = float(q.scale[0]), float(q.scale[1])
    p = Problems()
    unknown = [a for a in answers if a not in ids]
    vals = np.full(len(ids), np.nan)
    for a, v in answers.items():
        if a not in ids:
            continue
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or math.isnan(float(v)):
            p.add(f"answer to question '{a}' must be a number in [{lo:g}, {hi:g}] (got {v!r})")
        elif not lo <= float(v) <= hi:
            p.add(f"answer to question '{a}' must be in the scale [{lo:g}, {hi:g}] (got {v!r})")
        else:
            vals[ids[a]] = float(v)
    unanswered = [qq.id for qq in q.questions if qq.id not in answers]
    if unanswered and missing == "error":
        p.add(
            f"{len(unanswered)} question(s) unanswered: {', '.join(unanswered)}; answer them or "
            "pass missing='lowest'"
        )
    if unknown:
        raise UnknownReferenceError(
            [f"answer names unknown question '{u}'" for u in unknown] + p.items, unknown
        )
    p.raise_if_any()
    vals = np.where(np.isnan(vals), lo, vals)
    norm = (vals - lo) / (hi - lo)

    persp = q.perspectives
    pidx = {name: i for i, name in enumerate(persp)}
    qp = np.array([pidx[qq.perspective] for qq in q.questions], dtype=np.int64)
    ql = np.array([qq.level - 2 for qq in q.questions], dtype=np.int64)
    w = np.array([qq.weight for qq in q.questions], dtype=np.float64)
    num = np.zeros((len(persp), 4))
    den = np.zeros((len(persp), 4))
    np.add.at(num, (qp, ql), w * norm)
    np.add.at(den, (qp, ql), w)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    ok = scores >= q.achieved - 1e-12  # nan compares False: a level without questions fails
    levels = 1 + np.cumprod(ok, axis=1).sum(axis=1).astype(np.int64)

    improvements: list[Improvement] = []
    order = sorted(range(len(persp)), key=lambda i: (int(levels[i]), persp[i]))
    for i in order:
        nxt = int(levels[i]) + 1
        if nxt > 5:
            continue
        short = [
            (q.achieved - float(norm[k]), k)
            for k, qq in enumerate(q.questions)
            if qp[k] == i and qq.level == nxt and norm[k] < q.achieved - 1e-12
        ]
        for gap, k in sorted(short, key=lambda t: (-t[0], q.questions[t[1]].id)):
            qq = q.questions[k]
            improvements.append(
                Improvement(persp[i], nxt, qq.id, qq.improvement or qq.text, float(gap))
            )
    levels.setflags(write=False)
    scores.setflags(write=False)
    return MaturityResult(
        perspectives=persp,
        levels=levels,
        level_scores=scores,
        overall_level=int(levels.min()) if len(persp) else 1,
        mean_level=float(levels.mean()) if len(persp) else math.nan,
        improvements=tuple(improvements),
    )
