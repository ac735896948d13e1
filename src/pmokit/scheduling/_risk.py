"""Monte Carlo schedule risk analysis on the compiled network.

Each iteration samples every uncertain duration, applies the risk events that occur, and
runs a forward and a backward CPM pass. Iterations are processed together: a chunk of
``c`` iterations is a 2-D array (activities x iterations), and each topological level of
the network is one vectorised step over all iterations of the chunk. Activities are kept
in level order in these arrays, so a level is a contiguous block of rows.

Random numbers come in *streams* fixed by the seed, the iterations and the model alone:
at most ``min(4096, 32 MiB / 8 n)`` iterations each (``n`` activities), each drawn from its
own generator keyed by its index (numpy ``SeedSequence``). ``max_memory`` (128 MiB by
default) only decides how many iterations go through the CPM passes at once: whole
streams grouped, or column blocks of one stream; the passes treat every iteration
independently, so a seed gives the same numbers whatever ``max_memory`` is. The working
arrays hold about ``8 (6 n + 2 k + L) c`` bytes for ``c`` iterations at once (``k``
uncertain activities, ``L`` the links gathered for one level), plus the durations of one
stream (at most 32 MiB beyond ``max_memory``). The results grow with
the iterations: ``8 N (2 + milestones + risks)`` bytes for ``N`` iterations (sizes that
cannot fit are refused before anything is allocated), and, for cruciality, the ``4 k N``
bytes of the uniform draws when they fit in 128 MiB (otherwise they are replayed from
the stream seeds).
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
from scipy import stats

from pmokit import _compiled
from pmokit._executor import Shared, check_chunk_size, check_executor, run_chunks
from pmokit._progress import Progress, ProgressLike, check_progress
from pmokit._random import RngLike, as_generator
from pmokit._results import ComparesValues, IdMapping, PicklesReadOnly, display, records_to_frame
from pmokit._typing import BoolArray, FloatArray, Id, IntArray
from pmokit._validation import (
    Problems,
    as_date,
    as_percentiles,
    as_quantiles,
    check_allocation,
    check_flag,
    check_id,
    check_known,
    check_number,
    check_plausible,
)
from pmokit.calendar import WorkCalendar
from pmokit.distributions import Distribution
from pmokit.errors import DuplicateError, PmokitError, UnknownReferenceError, ValidationError
from pmokit.scheduling import _dates, _kernels
from pmokit.scheduling._bounds import logic_yields, risk_bounds
from pmokit.scheduling._correlation import CorrelatedUniforms, CorrelationMatrix
from pmokit.scheduling._cpm import FLOAT_TOL, schedule
from pmokit.scheduling._network import (
    CompiledNetwork,
    ConstraintType,
    Network,
    day_lag_problems,
    link_ends,
)
from pmokit.scheduling._risk_passes import (
    _backward,
    _Bounds,
    _count_rows,
    _descendants,
    _forward,
    _forward_rows,
    _Level,
    _passes_compiled,
    _passes_whole,
    _plan,
    _positions,
    _row_plan,
    _RowLevel,
)
from pmokit.scheduling._sampling import BatchSampler, uniform_bits
from pmokit.scheduling._status import Progress as Actuals
from pmokit.scheduling._status import Statusing

if TYPE_CHECKING:  # pmokit.monitoring builds on scheduling: imported lazily at run time
    from pmokit.monitoring._jcl import CostScheduleSamples, CostUncertainty

__all__ = ["IMPACT_FACTOR_BOUND", "RiskEvent", "RiskResult", "simulate"]

IMPACT_FACTOR_BOUND = 5.0
"""The largest plausible mean impact factor of a multiplicative :class:`RiskEvent` (the
duration times five); above it the factors are probably percents (``check_units=False``
to mean it)."""


_Z95 = 1.959963984540054


def _check_mode(instance: Any, attribute: Any, value: Any) -> None:
    del attribute
    if value not in ("multiplicative", "additive"):
        raise ValidationError(
            f"'mode' of risk {instance.id!r} must be 'multiplicative' or 'additive' "
            f"(got {value!r})"
        )


def _freeze_tuple(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen
class RiskEvent:
    """A risk that may occur in an iteration and then stretches the activities it drives.

    This is the risk-driver method (Hulett): in each iteration the risk occurs with
    ``probability``; when it does, one impact is drawn and applied to *every* listed
    activity, so activities sharing a risk become correlated.

    Parameters
    ----------
    id
        Unique id of the risk (for example the risk register id).
    probability
        Probability of occurrence in [0, 1].
    impact
        The impact distribution. ``"multiplicative"``: a factor on the duration (e.g.
        ``Triangular(1.05, 1.1, 1.3)`` for +5% to +30%); ``"additive"``: working days
        added to the duration.
    activities
        Ids of the activities the risk drives.
    mode
        ``"multiplicative"`` (default) or ``"additive"``. Factors of several risks on one
        activity multiply; additive impacts are added after all factors.
    name
        Display name.
    check_units
        Unit-slip guards: a probability above 1 is reported as a probable percent, and a
        multiplicative impact whose mean factor exceeds :data:`IMPACT_FACTOR_BOUND` (5,
        the duration times five) is refused as probable percents given for factors
        (``Triangular(10, 20, 50)`` for +10 % to +50 %, which is
        ``Triangular(1.1, 1.2, 1.5)``). Pass False if you mean it.

    Examples
    --------
    >>> from pmokit.scheduling import Triangular
    >>> r = RiskEvent("R1", 0.3, Triangular(1.1, 1.2, 1.5), ("A", "B"))
    >>> r.activities, r.mode
    (('A', 'B'), 'multiplicative')
    """

    id: str
    probability: float
    impact: Distribution
    activities: tuple[Id, ...] = attrs.field(converter=_freeze_tuple)
    mode: Literal["multiplicative", "additive"] = attrs.field(
        default="multiplicative", validator=_check_mode, kw_only=True
    )
    name: str = attrs.field(default="", kw_only=True)
    check_units: bool = attrs.field(default=True, kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems = Problems()
        if not isinstance(self.id, str) or not self.id.strip():
            problems.add(f"'id' of a risk must be a non-empty str (got {self.id!r})")
        check_flag(self.check_units, "check_units")
        prob = self.probability
        if (
            self.check_units
            and isinstance(prob, numbers.Real)
            and not isinstance(prob, bool)
            and 1.0 < float(prob) <= 100.0
        ):
            problems.add(
                f"'probability of risk {self.id!r}' must be <= 1.0 (got {prob!r}): did "
                f"you give a percent? {prob!r} % is {float(prob) / 100:g}"
            )
        else:
            problems.check_number(
                prob, f"probability of risk {self.id!r}", minimum=0.0, maximum=1.0
            )
        if (
            isinstance(self.impact, Distribution)
            and self.mode == "multiplicative"
            and (
                slip := check_plausible(
                    self.impact.mean,
                    f"mean impact factor of risk {self.id!r}",
                    bound=IMPACT_FACTOR_BOUND,
                    hint=(
                        "did you give a percent? A factor multiplies the duration "
                        "(Triangular(1.1, 1.2, 1.5) for +10 % to +50 %)"
                    ),
                    check_units=self.check_units,
                )
            )
        ):
            problems.add(slip)
        if not isinstance(self.impact, Distribution):
            problems.add(
                f"'impact' of risk {self.id!r} must be a Distribution such as Triangular "
                f"(got {self.impact!r} that is a {type(self.impact).__name__})"
            )
        if not self.activities:
            problems.add(f"risk {self.id!r} must drive at least one activity (got none)")
        for a in self.activities:
            id_problem = check_id(a, f"activity of risk {self.id!r}")
            if id_problem is not None:
                problems.add(id_problem)
        if len(set(self.activities)) != len(self.activities):
            problems.add(f"activities of risk {self.id!r} must not repeat an id")
        problems.raise_if_any()


def _readonly(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a.setflags(write=False)
    return a


@display(
    "iterations",
    "mean",
    "std",
    ("P50", lambda r: r.percentile(50)),
    ("P80", lambda r: r.percentile(80)),
    ("P90", lambda r: r.percentile(90)),
    "deterministic_finish",
    "ids",
)
@attrs.frozen(eq=False)
class RiskResult(PicklesReadOnly, ComparesValues, IdMapping):
    """The outcome of :func:`simulate`.

    Attributes
    ----------
    ids
        Activity ids; every per-activity array is aligned with them.
    finish
        Project duration of each iteration [working days], float64[N].
    deterministic_finish
        The CPM project duration with the planned durations [working days].
    criticality
        Criticality index: fraction of iterations in which the activity is critical
        (total float <= 1e-9 max(1, deterministic_finish) working days, a relative
        tolerance for rounding). Late dates are taken from each iteration's own finish.
    cruciality
        Spearman rank correlation between the activity's sampled duration and the project
        duration (0 for activities without a duration distribution). See Notes.
    sensitivity
        Schedule sensitivity index, ``criticality * sd(activity) / sd(project)``
        (Vanhoucke 2010).
    duration_mean, duration_std
        Mean and standard deviation of each activity's sampled duration (with risk
        impacts) [working days].
    milestone_ids
        Activities whose finish is recorded.
    milestone_finish
        Early finish of each milestone in each iteration, float64[milestones, N]
        [working days].
    risk_ids
        The risk events, in input order.
    finish_without_risk
        Project duration of each iteration with one risk removed (the same random numbers
        otherwise), float64[risks, N] -- the basis of :meth:`risk_contribution`.
    start, calendar
        The project start date and calendar, when dates were asked for.
    deadline
        The deadline as a finish offset [working days], or None.
    chunk_size
        Iterations processed together (working memory is bounded by it).
    cost
        Total cost of each iteration [currency], float64[N], when ``simulate`` was given
        ``costs=``; else None. Joint with ``finish`` (the same iterations), for
        :meth:`joint_confidence`.

    Notes
    -----
    Cruciality uses the activity's exact marginal grade (its copula uniform, so a rank
    that needs no sorting) against the rank of the project duration; this is the
    Spearman correlation of the activity's own uncertainty with the outcome. The effect of
    risk events is reported per risk by :meth:`risk_contribution`.
    """

    ids: tuple[Id, ...]
    finish: FloatArray
    deterministic_finish: float
    criticality: FloatArray
    cruciality: FloatArray
    sensitivity: FloatArray
    duration_mean: FloatArray
    duration_std: FloatArray
    milestone_ids: tuple[Id, ...]
    milestone_finish: FloatArray
    risk_ids: tuple[str, ...]
    finish_without_risk: FloatArray
    start: dt.date | None
    calendar: WorkCalendar | None
    deadline: float | None
    chunk_size: int
    cost: FloatArray | None = None
    _sorted: FloatArray = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_sorted", _readonly(np.sort(self.finish)))

    @property
    def iterations(self) -> int:
        """Number of iterations N."""
        return int(self.finish.size)

    @property
    def mean(self) -> float:
        """Mean project duration [working days]."""
        return float(self.finish.mean())

    @property
    def std(self) -> float:
        """Standard deviation of the project duration (``ddof=1``) [working days]."""
        return float(self.finish.std(ddof=1)) if self.finish.size > 1 else 0.0

    def percentile(self, p: float, *, check_units: bool = True) -> float:
        """The P``p`` project duration: the smallest simulated duration within which at
        least ``p`` percent of the iterations finish [working days].

        Parameters
        ----------
        p
            Percent in [0, 100] (80 for P80), numpy's scale; :meth:`quantile` takes 0-1.
        check_units
            A percent in (0, 1] looks like a probability given for a percent and is
            refused (``percentile(0.8)``: did you mean ``quantile(0.8)``?); pass False if
            you mean P0.8.
        """
        return _order_stat(self._sorted, _check_percent(p, check_units))

    def quantile(self, q: float) -> float:
        """The project duration at probability ``q`` in [0, 1]: ``percentile(100 q)``
        [working days].

        Examples
        --------
        >>> from pmokit.scheduling import Activity, Network, Triangular
        >>> res = simulate(Network([Activity("A", 5)]), {"A": Triangular(4, 5, 8)},
        ...                iterations=1000, rng=1)
        >>> res.quantile(0.8) == res.percentile(80)
        True
        """
        return _order_stat(self._sorted, 100.0 * float(as_quantiles(q, "q")))

    def percentile_se(self, p: float) -> float:
        """Standard error of :meth:`percentile` [working days] (convergence check).

        Distribution-free: half the width of the 95% confidence interval of the quantile
        from the order statistics ``N p/100 -+ 1.96 sqrt(N p (1 - p))``, divided by 1.96
        (Conover, *Practical Nonparametric Statistics*, 3rd ed., 1999, section 3.2).
        """
        q = _check_percent(p, True) / 100.0
        n = self._sorted.size
        half = _Z95 * math.sqrt(n * q * (1.0 - q))
        lo = min(max(math.floor(n * q - half), 0), n - 1)
        hi = min(max(math.ceil(n * q + half), 0), n - 1)
        return float(self._sorted[hi] - self._sorted[lo]) / (2.0 * _Z95)

    def probability_within(self, limit: float | dt.date) -> float:
        """Probability of finishing within ``limit``.

        Parameters
        ----------
        limit
            A duration [working days], or a date (needs ``start``): finishing on that
            date counts as within.
        """
        x = self._offset(limit, "limit")
        return float(np.searchsorted(self._sorted, x, side="right")) / self._sorted.size

    @property
    def deadline_probability(self) -> float | None:
        """Probability of finishing by the deadline, or None without one."""
        return None if self.deadline is None else self.probability_within(self.deadline)

    def percentile_date(self, p: float) -> dt.date:
        """The date on which the P``p`` duration ends (needs ``start``)."""
        cal, start = self._dates()
        day = _dates.finish_dates(cal, start, np.array([self.percentile(p)]), np.zeros(1))[0]
        return dt.date.fromisoformat(str(day))

    def _dates(self) -> tuple[WorkCalendar, dt.date]:
        if self.start is None or self.calendar is None:
            raise ValidationError("dates need simulate(..., start=<date>) (got start=None)")
        return self.calendar, self.start

    def _offset(self, limit: float | dt.date, name: str) -> float:
        if isinstance(limit, dt.date):
            cal, start = self._dates()
            return _dates.finish_offset(cal, start, limit)
        problems = Problems()
        problems.check_number(limit, name)
        problems.raise_if_any()
        return float(limit)

    def joint(self) -> CostScheduleSamples:
        """The joint (finish, cost) samples (needs ``simulate(..., costs=...)``)."""
        from pmokit.monitoring._jcl import CostScheduleSamples

        if self.cost is None:
            raise ValidationError("the joint cost-schedule confidence needs "
                                  "simulate(..., costs=...) (got no costs)")
        return CostScheduleSamples(self.finish, self.cost)

    def joint_confidence(self, finish: float | dt.date, cost: float) -> float:
        """JCL: probability of finishing within ``finish`` (working days, or a date with
        ``start``) *and* within ``cost`` [currency] (NASA Cost Estimating Handbook v4.0,
        Appendix J)."""
        return self.joint().joint_confidence(self._offset(finish, "finish"), cost)

    def cost_percentiles(self, percentiles: npt.ArrayLike, *, check_units: bool = True) -> Any:
        """Total cost at percentiles 0-100 of its marginal distribution [currency]."""
        return self.joint().cost_percentiles(percentiles, check_units=check_units)

    def iso_confidence(self, quantile: float, finishes: npt.ArrayLike) -> FloatArray:
        """The least cost reaching joint confidence ``quantile`` (0-1) at each finish
        [working days] (NaN where the schedule alone falls short)."""
        return self.joint().iso_confidence(quantile, finishes)

    def milestone_percentile(self, activity_id: str, p: float) -> float:
        """The P``p`` early finish of a recorded milestone [working days]."""
        try:
            i = self.milestone_ids.index(activity_id)
        except ValueError:
            raise UnknownReferenceError(
                f"{activity_id!r} is not a recorded milestone; recorded: "
                f"{list(self.milestone_ids)!r} (pass milestones=[...] to simulate)",
                [activity_id],
            ) from None
        return _order_stat(np.sort(self.milestone_finish[i]), _check_percent(p, True))

    def risk_contribution(self, p: float = 80.0) -> FloatArray:
        """How much each risk adds to the P``p`` duration [working days], aligned with
        :attr:`risk_ids`: ``P(all risks) - P(all risks but this one)`` on the same
        random numbers (tornado data)."""
        base = self.percentile(p)
        pct = _check_percent(p, True)
        out = np.array(
            [base - _order_stat(np.sort(row), pct) for row in self.finish_without_risk],
            dtype=np.float64,
        )
        return out

    def percentiles(self, ps: Iterable[float] = (10, 50, 80, 90)) -> list[dict[str, Any]]:
        """Records ``{"p", "duration", "se", "date"}`` for the given percents."""
        rows = []
        for p in ps:
            row: dict[str, Any] = {
                "p": float(p),
                "duration": self.percentile(p),
                "se": self.percentile_se(p),
            }
            if self.start is not None:
                row["date"] = self.percentile_date(p)
            rows.append(row)
        return rows

    _what = "activity"

    def _row(self, i: int) -> dict[str, Any]:
        return {
            "id": self.ids[i],
            "criticality": float(self.criticality[i]),
            "cruciality": float(self.cruciality[i]),
            "sensitivity": float(self.sensitivity[i]),
            "duration_mean": float(self.duration_mean[i]),
            "duration_std": float(self.duration_std[i]),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per activity: id, criticality, cruciality, sensitivity, duration mean/sd
        (``res["A"]`` is activity A's record; ``in``, ``len``, iteration and ``.get``
        follow the mapping convention, an unknown id raises ``UnknownReferenceError``)."""
        return [self._row(i) for i in range(len(self.ids))]

    def to_frame(self) -> Any:
        """The per-activity indices as a pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def _check_percent(p: object, check_units: bool) -> float:
    """One percent on numpy's 0-100 scale; (0, 1] is refused as a probable slip."""
    check_flag(check_units, "check_units")
    if np.ndim(p) != 0:  # type: ignore[arg-type]
        raise ValidationError(f"'p' must be one percent in [0, 100] (got {p!r:.60})")
    value = check_number(p, "p (percent)", minimum=0.0, maximum=100.0)
    return float(as_percentiles(value, "p", check_units=check_units))


def _order_stat(sorted_values: FloatArray, p: float) -> float:
    q = p / 100.0
    n = sorted_values.size
    k = max(math.ceil(q * n - 1e-9) - 1, 0)
    return float(sorted_values[min(k, n - 1)])


# --------------------------------------------------------------------------- the model
@attrs.frozen(eq=False)
class _Risk:
    rows: IntArray
    probability: float
    sampler: BatchSampler
    multiplicative: bool
    first_level: int  # the earliest level of its activities
    # when its activities and their descendants are at most half the rows: those rows
    # (ascending) and a forward plan over them only, for the pass without the risk
    desc_rows: IntArray | None = None
    row_plan: list[_RowLevel] | None = None


@attrs.frozen(eq=False)
class _Model:
    n: int
    pos: IntArray  # activity index -> row position (level order)
    order: IntArray  # row position -> activity index
    base: FloatArray  # planned durations in row order, column vector
    unc_rows: IntArray  # rows of uncertain activities (correlated ones first)
    unc_varies: BoolArray  # per uncertain activity: its distribution has nonzero width
    n_corr: int
    corr: CorrelatedUniforms | None
    corr_sampler: BatchSampler | None  # the correlated activities (rows 0..n_corr-1)
    sampler: BatchSampler | None  # the independent uncertain activities
    risks: tuple[_Risk, ...]
    risk_order: tuple[int, ...]  # risks by first level, latest first
    risk_rows: IntArray
    fwd: list[_Level]
    bwd: list[_Level]
    milestone_rows: IntArray
    end_rows: IntArray  # finish rows (n + row) of the activities that can finish last
    bounds: _Bounds | None
    all_rows: bool  # every activity is uncertain and unc_rows == arange(n)

    @property
    def plain(self) -> bool:
        """True when the uncertain durations of a chunk are the inverse transform of one
        ``uniform_bits(gen, k, c)`` call (no copula, no direct Beta draws)."""
        return self.corr is None and self.sampler is not None and self.sampler.plain

    @property
    def keepable(self) -> bool:
        """True when the main pass can keep every uncertain activity's grade as a 32-bit
        integer (no direct Beta draws, whose grades need a tabulated CDF)."""
        return self.sampler is None or self.sampler.plain

    @property
    def fused(self) -> bool:
        """True when the durations of a chunk are exactly the independent sampler's
        output (every activity uncertain, no copula), so its moments are theirs."""
        return self.all_rows and self.corr is None and self.sampler is not None

    def _unc(
        self,
        gen: np.random.Generator,
        c: int,
        grades: bool,
        keep: npt.NDArray[np.uint32] | None = None,
        moments: tuple[FloatArray, FloatArray] | None = None,
    ) -> FloatArray:
        """Samples (or their grades) of the uncertain activities, in ``unc_rows`` order.

        Draw order per chunk: copula uniforms, independent activities, then risks."""
        parts = []
        nc = self.n_corr
        if self.corr is not None and self.corr_sampler is not None:
            u = self.corr(gen, c)
            if keep is not None:  # the copula grades to 32 bits (a change below 2.4e-10)
                np.copyto(keep[:nc], np.minimum(u * 2.0**32, 2.0**32 - 1.0), casting="unsafe")
            parts.append(u if grades else self.corr_sampler.from_uniform(u))
        if self.sampler is not None:
            rest = keep[nc:] if keep is not None else None
            parts.append(
                self.sampler.grades(gen, c)
                if grades
                else self.sampler.draw(gen, c, rest, moments)
            )
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=0)

    def grades(self, gen: np.random.Generator, c: int) -> FloatArray:
        """Marginal CDF values of the uncertain durations of a chunk (replayed draws)."""
        return self._unc(gen, c, grades=True)

    def durations(
        self,
        gen: np.random.Generator,
        c: int,
        keep: npt.NDArray[np.uint32] | None = None,
        moments: tuple[FloatArray, FloatArray] | None = None,
    ) -> tuple[FloatArray, list[tuple[BoolArray, FloatArray]]]:
        """Durations of a chunk (n x c, row order) and the risk draws; ``keep`` (only
        when :attr:`keepable`) receives the grades of the uncertain activities as integers,
        ``moments`` (only when :attr:`fused`) the row sums and sums of squares."""
        k = self.unc_rows.size
        if k and self.all_rows:
            d = self._unc(gen, c, grades=False, keep=keep, moments=moments)
        else:
            d = np.empty((self.n, c))
            d[:] = self.base
            if k:
                d[self.unc_rows] = self._unc(gen, c, grades=False, keep=keep)
        draws: list[tuple[BoolArray, FloatArray]] = []
        for r in self.risks:
            occurs = gen.random(c) < r.probability
            impact = r.sampler.draw(gen, c)[0]
            draws.append((occurs, impact))
        return d, draws


def _apply_risks(
    model: _Model,
    d: FloatArray,
    base_rows: FloatArray,
    draws: Sequence[tuple[BoolArray, FloatArray]],
    skip: int = -1,
) -> None:
    """Set the risk-driven rows of ``d`` from their base durations and the risk draws."""
    rows = model.risk_rows
    vals = base_rows.copy()
    where = {int(r): i for i, r in enumerate(rows)}
    for mult in (True, False):
        for j, (risk, (occurs, impact)) in enumerate(zip(model.risks, draws, strict=True)):
            if j == skip or risk.multiplicative is not mult:
                continue
            idx = [where[int(r)] for r in risk.rows]
            if mult:
                vals[idx] *= np.where(occurs, impact, 1.0)
            else:
                vals[idx] += np.where(occurs, impact, 0.0)
    d[rows] = vals


def _validate(
    network: Network,
    uncertainty: Mapping[Id, Distribution],
    iterations: Any,
    risks: Sequence[RiskEvent],
    correlation: CorrelationMatrix | None,
    milestones: Sequence[str] | None,
    start: Any,
) -> None:
    problems = Problems()
    unknown: list[Id] = []
    if not isinstance(network, Network):
        raise ValidationError(
            f"'network' must be a Network (got {network!r:.60} that is a "
            f"{type(network).__name__})"
        )
    index = network.compiled.index
    if isinstance(iterations, bool) or not isinstance(iterations, numbers.Integral):
        problems.add(f"'iterations' must be an int (got {iterations!r})")
    elif iterations < 2:
        problems.add(f"'iterations' must be >= 2 (got {iterations})")
    if not isinstance(uncertainty, Mapping):
        problems.add(
            "'uncertainty' must be a mapping of activity id to Distribution "
            f"(got {type(uncertainty).__name__})"
        )
    else:
        for aid, dist in uncertainty.items():
            if aid not in index:
                unknown.append(aid)
                problems.add(f"'uncertainty' names unknown activity {aid!r}")
            if not isinstance(dist, Distribution):
                problems.add(
                    f"'uncertainty' of activity {aid!r} must be a Distribution such as "
                    f"Triangular (got {dist!r:.60} that is a {type(dist).__name__})"
                )
    for a in network.activities:
        con = a.constraint
        if con is not None and con.kind == ConstraintType.ALAP:
            problems.add(
                f"activity {a.id!r} is as late as possible (ALAP), which simulate does not "
                "model; make it ASAP for the risk analysis"
            )
        elif con is not None and isinstance(con.at, dt.date) and start is None:
            problems.add(
                f"the {con.kind.value} constraint of activity {a.id!r} is a date ({con.at}), "
                "so simulate needs 'start' (got start=None)"
            )
        if a.calendar is not None:
            problems.add(
                f"activity {a.id!r} has its own calendar, which simulate does not model; "
                "remove it to simulate on the project calendar"
            )
    seen: set[str] = set()
    for i, r in enumerate(risks):
        if not isinstance(r, RiskEvent):
            problems.add(f"risks[{i}] must be a RiskEvent (got {type(r).__name__})")
            continue
        if r.id in seen:
            raise DuplicateError(f"risk id {r.id!r} is used more than once", [r.id])
        seen.add(r.id)
        for aid in r.activities:
            if aid not in index:
                unknown.append(aid)
                problems.add(f"risk {r.id!r} names unknown activity {aid!r}")
    if correlation is not None:
        if not isinstance(correlation, CorrelationMatrix):
            problems.add(
                f"'correlation' must be a CorrelationMatrix (got {type(correlation).__name__})"
            )
        else:
            for aid in correlation.ids:
                if aid not in index:
                    unknown.append(aid)
                    problems.add(f"correlation names unknown activity {aid!r}")
                elif isinstance(uncertainty, Mapping) and aid not in uncertainty:
                    problems.add(
                        f"correlation names activity {aid!r}, which has no distribution in "
                        "'uncertainty'"
                    )
            if (
                correlation.method == "iman-conover"
                and isinstance(iterations, numbers.Integral)
                and iterations < len(correlation.ids) + 2
            ):
                problems.add(
                    f"'iterations' must be >= {len(correlation.ids) + 2} for Iman-Conover "
                    f"with {len(correlation.ids)} correlated activities (got {iterations})"
                )
    for aid in milestones or ():
        if aid not in index:
            unknown.append(aid)
            problems.add(f"'milestones' names unknown activity {aid!r}")
    if unknown:
        raise UnknownReferenceError(problems.items, unknown)
    problems.raise_if_any()


def _may_finish_last(c: CompiledNetwork, capped: BoolArray | None = None) -> IntArray:
    """Activities that may have the latest early finish: those without an outgoing
    finish-to-start or finish-to-finish link of nonnegative lag (such a successor
    always finishes at least as late; date constraints only delay it), unless the
    successor's constraint wins over logic (``capped``: it may finish earlier)."""
    t = c.link_type
    lag = c.link_lag
    if c.link_lag_kind is not None and c.link_lag_value is not None:
        # a percent lag has its share's sign whatever the sampled duration
        lag = np.where(c.link_lag_kind == 2, c.link_lag_value, lag)
    binding = link_ends(t)[0] & (lag >= 0)  # FS, FF
    if capped is not None:
        binding &= ~capped[c.link_succ]
    has_later = np.zeros(c.n, dtype=bool)
    has_later[c.link_pred[binding]] = True
    return np.flatnonzero(~has_later)


def _risk_rows(
    c: CompiledNetwork, pos: IntArray, activities: list[int], bounds: _Bounds | None
) -> dict[str, Any]:
    """The rows a risk can move (its activities and their descendants) and a forward
    plan over them, when they are at most half the network; else nothing."""
    desc = _descendants(c, np.array(activities, dtype=np.int64))
    if 2 * int(desc.sum()) > c.n:
        return {}
    mask = np.zeros(c.n, dtype=bool)
    mask[pos[desc]] = True
    return {
        "desc_rows": np.flatnonzero(mask),
        "row_plan": _row_plan(c, pos, mask, bounds.rows if bounds is not None else None),
    }


def _compile(
    network: Network,
    uncertainty: Mapping[Id, Distribution],
    risks: Sequence[RiskEvent],
    correlation: CorrelationMatrix | None,
    milestones: Sequence[Id],
    origin: dt.date | None = None,
    cal: WorkCalendar | None = None,
) -> _Model:
    c = network.compiled
    pos = _positions(c)
    order = np.empty(c.n, dtype=np.int64)
    order[pos] = np.arange(c.n)
    base = np.asarray(c.duration, dtype=np.float64)[order][:, None]
    corr_ids = list(correlation.ids) if correlation is not None else []
    rest = [a for a in uncertainty if a not in set(corr_ids)]
    rest.sort(key=lambda a: pos[c.index[a]])
    unc_ids = corr_ids + rest
    unc_rows = np.array([pos[c.index[a]] for a in unc_ids], dtype=np.int64)
    corr_dists = [uncertainty[a] for a in corr_ids]
    rest_dists = [uncertainty[a] for a in rest]
    bounds = risk_bounds(network, pos, origin, cal)
    mrisks = tuple(
        _Risk(
            rows=np.array([pos[c.index[a]] for a in r.activities], dtype=np.int64),
            probability=float(r.probability),
            sampler=BatchSampler([r.impact]),
            multiplicative=r.mode == "multiplicative",
            first_level=int(min(c.level[c.index[a]] for a in r.activities)),
            **_risk_rows(c, pos, [c.index[a] for a in r.activities], bounds),
        )
        for r in risks
    )
    risk_rows = (
        np.unique(np.concatenate([r.rows for r in mrisks])) if mrisks else np.zeros(0, np.int64)
    )
    fwd, bwd = _plan(c, pos)
    return _Model(
        n=c.n,
        pos=pos,
        order=order,
        base=base,
        unc_rows=unc_rows,
        unc_varies=np.array([not d.is_constant for d in corr_dists + rest_dists], dtype=bool),
        n_corr=len(corr_ids),
        corr=CorrelatedUniforms(correlation) if correlation is not None else None,
        corr_sampler=BatchSampler(corr_dists) if corr_dists else None,
        sampler=BatchSampler(rest_dists) if rest_dists else None,
        risks=mrisks,
        # risks that put their rows back first, then the others, latest first level first
        risk_order=tuple(
            sorted(
                range(len(mrisks)),
                key=lambda j: (mrisks[j].row_plan is None, -mrisks[j].first_level),
            )
        ),
        risk_rows=risk_rows,
        fwd=fwd,
        bwd=bwd,
        milestone_rows=np.array([pos[c.index[a]] for a in milestones], dtype=np.int64),
        end_rows=c.n + pos[_may_finish_last(c, logic_yields(network, False)[0])],
        bounds=bounds,
        all_rows=bool(unc_rows.size == c.n and (unc_rows == np.arange(c.n)).all()),
    )


_INDICES = ("criticality", "cruciality", "sensitivity")


def _indices(indices: Any) -> frozenset[str]:
    """The index names asked for by ``simulate(indices=...)``."""
    if isinstance(indices, bool):
        return frozenset(_INDICES if indices else ())
    if isinstance(indices, str) or not isinstance(indices, Iterable):
        raise ValidationError(
            "'indices' must be True, False or a collection of "
            f"{', '.join(map(repr, _INDICES))} (got {indices!r:.60})"
        )
    names = list(indices)
    bad = [x for x in names if x not in _INDICES]
    if bad:
        raise ValidationError(
            f"'indices' names unknown indices {', '.join(map(repr, bad))} "
            f"(expected some of {', '.join(map(repr, _INDICES))})"
        )
    return frozenset(names)


_STREAM_BYTES = 32 * 2**20
"""The durations of one random stream (``8 n`` bytes per iteration) [bytes]: sets the
stream size."""
_MAX_STREAM = 4096
"""The largest random stream [iterations]."""
_KEEP_BYTES = 128 * 2**20
"""Cruciality keeps the 32-bit grades (``4 k N`` bytes) when they fit in this [bytes];
otherwise it replays them from the stream seeds. Fixed, so that ``max_memory`` never
changes the numbers."""


def _chunk_generator(seed: int | np.random.SeedSequence) -> np.random.Generator:
    """The generator of one random stream: SFC64 (numpy's fastest bit generator; it
    passes the standard statistical test batteries), seeded from the user's ``rng``."""
    if isinstance(seed, numbers.Integral):
        seed = int(seed)
    return np.random.Generator(np.random.SFC64(seed))


def _root_seed(gen: np.random.Generator) -> int:
    """The root of the stream seeds, drawn from the caller's generator."""
    return int(gen.integers(0, 2**63 - 1, dtype=np.int64))


def _stream_seed(root: int, i: int) -> np.random.SeedSequence:
    """The seed of random stream ``i``: numpy's ``SeedSequence`` keyed by the stream
    index (so stream ``i`` does not depend on how many streams there are, nor on how
    they are grouped into chunks, nor on where a chunk runs)."""
    return np.random.SeedSequence(root, spawn_key=(i,))


def _stream_seeds(gen: np.random.Generator, count: int) -> list[np.random.SeedSequence]:
    """The seed of each random stream: one root drawn from ``gen``, then
    :func:`_stream_seed` of each index."""
    root = _root_seed(gen)
    return [_stream_seed(root, i) for i in range(count)]


def _stream_sizes(iterations: int, per_iteration_bytes: int) -> list[int]:
    """Random streams: at most ``min(4096, 32 MiB / per-iteration bytes)`` iterations
    each (at least 16), balanced; ``per_iteration_bytes`` is ``8 n`` (the durations).
    Fixed by the iterations and the model alone, never by ``max_memory``, so that a
    seed gives the same numbers whatever ``max_memory`` is."""
    c = max(16, min(iterations, _MAX_STREAM, _STREAM_BYTES // max(per_iteration_bytes, 1)))
    k = -(-iterations // c)
    base, extra = divmod(iterations, k)
    return [base + 1] * extra + [base] * (k - extra)


def _batches(sizes: Sequence[int], width: int) -> list[list[int]]:
    """Consecutive streams grouped so that a group holds at most ``width`` iterations
    (at least one stream each): the streams processed at once."""
    out: list[list[int]] = []
    total = 0
    for i, size in enumerate(sizes):
        if out and total + size <= width:
            out[-1].append(i)
            total += size
        else:
            out.append([i])
            total = size
    return out


def simulate(
    network: Network,
    uncertainty: Mapping[Id, Distribution],
    *,
    iterations: int = 10_000,
    rng: RngLike = None,
    risks: Sequence[RiskEvent] = (),
    correlation: CorrelationMatrix | None = None,
    start: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    deadline: float | dt.date | None = None,
    milestones: Sequence[str] | None = None,
    indices: bool | Iterable[str] = True,
    max_memory: int = 128 * 2**20,
    costs: CostUncertainty | Mapping[str, float | Distribution] | None = None,
    progress: ProgressLike = None,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int | None = None,
    actuals: Actuals | None = None,
    data_date: float | dt.date | None = None,
    statusing: Statusing = "retained_logic",
) -> RiskResult:
    """Monte Carlo schedule risk analysis (quantitative schedule risk analysis).

    Parameters
    ----------
    network
        The activity network; activities not in ``uncertainty`` keep their planned
        duration.
    uncertainty
        Activity id -> duration :class:`Distribution` [working days].
    iterations
        Number of iterations N (>= 2).
    rng
        Generator, seed or None; the same seed gives bit-for-bit the same result.
    risks
        :class:`RiskEvent` s mapped onto activities (risk-driver method).
    correlation
        Spearman rank correlations between uncertain durations
        (:class:`CorrelationMatrix`), imposed by a Gaussian copula or Iman-Conover.
    start, calendar
        Project start date and working calendar, for finish dates (``calendar``
        defaults to Monday-Friday without holidays when ``start`` is given).
    deadline
        A finish offset [working days] or a date; reported as
        :attr:`RiskResult.deadline_probability`.
    milestones
        Activities whose finish distribution is recorded; default: every activity with
        planned duration 0.
    indices
        Which per-activity indices to compute: True (default) for all of
        ``"criticality"``, ``"cruciality"`` and ``"sensitivity"``, False for none, or a
        collection of those names. Those not computed are NaN; the project durations are
        the same. Criticality and sensitivity need the backward pass (criticality is
        reported whenever sensitivity is asked for), cruciality a pass over the draws.
    max_memory
        Bound on the working arrays [bytes]: how many iterations go through the CPM
        passes at once (see module notes). It never changes the numbers: the random
        streams are fixed by the seed, the iterations and the model.
    costs
        Cost uncertainty for the joint cost-schedule confidence (JCL): a
        :class:`~pmokit.monitoring.CostUncertainty` (fixed costs, rates per working day
        times the sampled durations, cost impacts of risk events), or a mapping activity
        id -> fixed cost (a number or a Distribution) [currency]. The result keeps the
        total cost of each iteration in ``RiskResult.cost``. Costs draw from their own
        streams: the schedule numbers are the same with or without them.
    progress
        None (default), True for a tqdm bar (``pip install 'pmokit[progress]'``), or a
        callback called with a :class:`~pmokit.progress.ProgressInfo` after each block of
        random streams (after each task with an executor) (``done`` and ``total``
        iterations, ``elapsed`` [s], ``best`` = the mean project duration so far
        [working days]); returning True or raising StopIteration stops the run, and the
        result then holds the iterations done (its ``iterations`` is smaller than asked;
        the numbers are those of the first streams of the full run). Reporting never
        changes the numbers.
    executor
        A ``concurrent.futures.Executor`` (a ``ProcessPoolExecutor``, or a Dask
        client's ``client.get_executor()``) that runs the chunks of iterations; None
        (default) runs them in this process. It never changes the numbers: chunks are
        fixed by the seed, the iterations and the network size, each gives a partial
        result (finishes, criticality counts, duration sums, costs) and the partials
        merge in chunk order; percentiles and cruciality are computed after the merge.
        Each worker holds the compiled model once (it travels as arrays) and at most
        ``max_memory`` of working arrays plus one stream's durations and its chunk's
        results.
    chunk_size
        Iterations sent to the executor per task, at least (whole chunks of streams are
        grouped; default one chunk of about ``2**26 / n`` iterations per task). It
        never changes the numbers.
    actuals, data_date, statusing
        Progress and the data date, as in :func:`~pmokit.scheduling.schedule` (not yet
        with level-of-effort activities): only the
        remaining work is sampled. Finished activities keep their actual dates (their
        uncertainty and the risks' effects on them are dropped); a started activity's
        distribution is scaled to its remaining duration (a draw ``D`` becomes
        ``D * remaining / planned``); nothing is placed before the data date. Until the
        risk passes consume the status bounds, the statused network is the rewrite of
        :func:`~pmokit.scheduling._status.status_network` (the backward bounds of
        ``"actual_dates"`` are not carried over).

    Level-of-effort activities (``kind="loe"``) drive nothing: the iterations run on
    the rest, and each LOE spans, in every iteration, the sampled dates of the
    activities it links to (see :mod:`._risk_loe`): its ``duration_mean`` and
    ``duration_std`` are those of its span, its criticality, cruciality and sensitivity
    0, and naming it in ``milestones`` records its finish per iteration. It is no
    default milestone, and ``uncertainty``, risks, the correlation and costs cannot
    name it (its duration is not drawn).

    Returns
    -------
    RiskResult

    Raises
    ------
    ValidationError
        An LOE named where its duration would be drawn or with progress (see above);
        bad iterations, a non-distribution, date constraints (not modelled yet),
        results that would not fit in memory (the limit is stated; nothing is
        allocated), an ``executor`` that is not a ``concurrent.futures.Executor`` or a
        ``chunk_size`` below 1.
    UnknownReferenceError
        ``uncertainty``, a risk, the correlation or ``milestones`` naming an activity
        that is not in the network (all listed).
    DuplicateError
        Two risks with one id.

    References
    ----------
    Hulett, D. T. (2011). *Integrated Cost-Schedule Risk Analysis*. Gower (risk drivers).
    Williams, T. M. (1992). Criticality in stochastic networks. *Journal of the
    Operational Research Society* 43(4), 353-357 (criticality, cruciality).
    Vanhoucke, M. (2010). Using activity sensitivity and network topology information to
    monitor project time performance. *Omega* 38(5), 359-370 (schedule sensitivity index).

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network, Triangular
    >>> net = Network([Activity("A", 5), Activity("B", 4), Activity("C", 3)],
    ...               [Dependency("A", "C"), Dependency("B", "C")])
    >>> res = simulate(net, {"A": Triangular(4, 5, 8), "B": Triangular(3, 4, 9)},
    ...                iterations=2000, rng=1)
    >>> round(res.mean, 1), res.percentile(80) > res.deterministic_finish
    (9.2, True)
    >>> res.criticality.round(2).tolist()
    [0.63, 0.37, 1.0]
    """
    if isinstance(network, Network) and "loe" in network.kinds.values():
        kw = {k: v for k, v in locals().items() if k not in ("network", "uncertainty")}
        from pmokit.scheduling._risk_loe import simulate_level_of_effort

        return simulate_level_of_effort(simulate, network, uncertainty, kw)  # type: ignore[no-any-return]
    risks = tuple(risks)
    executor = check_executor(executor)
    chunk = check_chunk_size(chunk_size)
    _validate(network, uncertainty, iterations, risks, correlation, milestones, start)
    wanted = _indices(indices)
    backward = bool(wanted & {"criticality", "sensitivity"})
    problems = Problems()
    for msg in day_lag_problems(network.compiled, where="simulate"):
        problems.add(msg)
    cal = calendar
    start_date: dt.date | None = None
    if start is not None:
        cal = calendar if calendar is not None else WorkCalendar()
        if not isinstance(cal, WorkCalendar):
            raise ValidationError(f"'calendar' must be a WorkCalendar (got {type(cal).__name__})")
        # offset 0 is the start of the first working day on or after 'start'
        start_date = cal.add_working_days(as_date(start, "start"), 0)
    elif calendar is not None:
        problems.add("'calendar' needs 'start' (got start=None)")
    problems.check_number(max_memory, "max_memory", minimum=1.0)
    if (bad_progress := check_progress(progress)) is not None:
        problems.add(bad_progress)
    deadline_offset: float | None = None
    if isinstance(deadline, dt.date):
        if start_date is None or not isinstance(cal, WorkCalendar):
            problems.add("a deadline date needs 'start' (got start=None)")
        else:
            deadline_offset = _dates.finish_offset(cal, start_date, deadline)
    elif deadline is not None:
        problems.check_number(deadline, "deadline", minimum=0.0)
        if not problems:
            deadline_offset = float(deadline)
    problems.raise_if_any()

    plan_c = network.compiled
    if actuals is not None or data_date is not None:
        network, uncertainty, risks = _statused_model(
            network, uncertainty, risks, actuals, data_date, statusing, start_date, cal
        )
    c = network.compiled
    if milestones is None:
        ms = [a for a in plan_c.ids if plan_c.duration[plan_c.index[a]] == 0]
    else:
        ms = list(dict.fromkeys(milestones))
    # the results grow with the iterations (finish, its sorted copy, milestones, the
    # finish without each risk, the ranks of cruciality): refuse what cannot fit
    rows = 2 + len(ms) + len(risks) + (2 if "cruciality" in wanted else 0)
    check_allocation(
        (int(iterations), rows),
        f"the results of simulate ({iterations} iterations x {rows} recorded values)",
    )
    model = _compile(network, uncertainty, risks, correlation, ms, start_date, cal)
    n = c.n
    cost_model = _compile_costs(costs, c, model.pos) if costs is not None else None
    k = model.unc_rows.size
    max_links = max(
        (
            g.rows + g.srcs[0].size
            for lev in [*model.fwd, *model.bwd]
            for g in (lev.to_start, lev.to_finish)
            if g is not None
        ),
        default=0,
    )
    risk_rows = int(model.risk_rows.size)
    per_iter = 8 * (6 * n + 2 * k + max_links + len(ms) + 4 * len(risks) + 3 * risk_rows + 8)
    N = int(iterations)
    sizes = _stream_sizes(N, 8 * max(n, 1))
    root = _root_seed(as_generator(rng))
    # max_memory decides only how many iterations go through the CPM passes at once:
    # whole streams grouped, or column blocks of one stream larger than it
    width = max(16, int(max_memory) // per_iter)
    bar = Progress(progress, N, desc="simulate", unit="iteration")
    if bar.active:  # report about 20 times; the grouping never changes the numbers
        width = min(width, max(16, -(-N // 20)))
    det = schedule(network, start=start_date, calendar=cal).project_duration
    tol = FLOAT_TOL * max(1.0, float(det))
    # cruciality keeps the 32-bit uniforms of the uncertain activities when they fit in
    # a fixed 128 MiB (4 k N bytes); otherwise it replays them from the stream seeds
    keep = bool("cruciality" in wanted and k and model.keepable and 4 * k * N <= _KEEP_BYTES)
    # the chunks (groups of streams) are fixed by the iterations and the network alone;
    # each yields a partial result, merged in chunk order, so neither the executor nor
    # max_memory nor chunk_size changes a number
    units = _units(sizes, n)
    shared = Shared(_Job(model, root, tuple(sizes), backward, tol, width, keep, cost_model))
    tasks = _tasks(units, sizes, chunk)
    cols = min(width, max(
        sum(sizes[a + i] for i in bt) for a, b in units for bt in _batches(sizes[a:b], width)
    ))

    finish = np.empty(N)
    cost = np.empty(N) if cost_model is not None else None
    ms_finish = np.empty((len(ms), N))
    without = np.empty((len(risks), N))
    crit = np.zeros(n, dtype=np.int64)
    sum_d = np.zeros(n)
    sum_d2 = np.zeros(n)
    # one unit (the usual case) hands its kept grades over as they are: no second
    # array of 4 k N bytes and no copy
    one_unit = len(units) == 1
    kept = np.empty((k, N), dtype=np.uint32) if keep and not one_unit else None
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64).tolist()
    stop_at: int | None = None  # streams done when the callback stopped the run
    local_bar = bar.active and executor is None
    stopped = [False]

    def report(done: int, done_part: FloatArray, lo: int) -> bool:
        """Progress after a batch of a unit run here (``done`` iterations in all)."""
        best = (float(finish[:lo].sum()) + float(done_part.sum())) / done
        stopped[0] = bool(bar.update(done, best)) and done < N
        return stopped[0]

    if local_bar:  # unit by unit, reporting after each batch
        tasks = [(u,) for u in units]
        results: Iterable[list[_Partial]] = (
            [_run_unit(shared.get(), a, b, report=report, offset=starts[a])
             for a, b in task] for task in tasks
        )
    else:
        results = run_chunks(_simulate_chunk, [(shared, t) for t in tasks], executor)
    for task, parts in zip(tasks, results, strict=False):
        for (a, _b), part in zip(task, parts, strict=True):
            lo, hi = starts[a], starts[part.stop]
            finish[lo:hi] = part.finish
            ms_finish[:, lo:hi] = part.ms_finish
            without[:, lo:hi] = part.without
            crit += part.crit
            sum_d += part.sum_d
            sum_d2 += part.sum_d2
            if one_unit and part.kept is not None:
                kept = part.kept
            elif kept is not None and part.kept is not None:
                kept[:, lo:hi] = part.kept
            if cost is not None and part.cost is not None:
                cost[lo:hi] = part.cost
            if stopped[0]:
                stop_at = part.stop
                break
        if stop_at is not None:
            break
        done = starts[task[-1][1]]
        if bar.active and not local_bar and bar.update(done, float(finish[:done].mean())) \
                and done < N:
            stop_at = task[-1][1]  # streams done: the callback stopped the run
            break
    bar.close()
    if stop_at is not None:  # keep the streams done, exactly as in the full run
        N = starts[stop_at]
        finish, ms_finish, without = finish[:N], ms_finish[:, :N], without[:, :N]
        kept = kept[:, :N] if kept is not None else None
        cost = cost[:N] if cost is not None else None
        tasks = [t for t in (
            tuple((a, min(b, stop_at)) for a, b in task if a < stop_at) for task in tasks
        ) if t]

    inv = model.pos  # activity index -> row
    mean_d = sum_d / N
    var_d = np.maximum(sum_d2 / N - mean_d**2, 0.0) * (N / (N - 1))
    std_f = float(finish.std(ddof=1))
    nan = np.full(n, np.nan)
    criticality = sensitivity = cruciality = nan
    if backward:
        crit_rows = crit / N
        criticality = crit_rows[inv]
        if "sensitivity" in wanted:
            sens = crit_rows * np.sqrt(var_d) / std_f if std_f > 0 else np.zeros(n)
            sensitivity = sens[inv]
    if "cruciality" in wanted:
        cruc_rows = np.zeros(n)
        if k:
            # a fixed duration has no rank correlation with anything (its grade varies)
            cruc = _cruciality_merged(model, shared, tasks, starts, finish, kept, executor)
            cruc_rows[model.unc_rows] = np.where(model.unc_varies, cruc, 0.0)
        cruciality = cruc_rows[inv]
    return RiskResult(
        ids=c.ids,
        finish=_readonly(finish),
        deterministic_finish=float(det),
        criticality=_readonly(np.asarray(criticality, dtype=np.float64)),
        cruciality=_readonly(np.asarray(cruciality, dtype=np.float64)),
        sensitivity=_readonly(np.asarray(sensitivity, dtype=np.float64)),
        duration_mean=_readonly(mean_d[inv]),
        duration_std=_readonly(np.sqrt(var_d)[inv]),
        milestone_ids=tuple(ms),
        milestone_finish=_readonly(ms_finish),
        risk_ids=tuple(r.id for r in risks),
        finish_without_risk=_readonly(without),
        start=start_date,
        calendar=cal if start_date is not None else None,
        deadline=deadline_offset,
        chunk_size=cols,
        cost=None if cost is None else _readonly(cost),
    )


def _cost_seed(seed: np.random.SeedSequence) -> np.random.SeedSequence:
    """The seed of a stream's costs: a child of the stream's seed that no duration draw
    uses, so costs leave the schedule numbers unchanged."""
    return np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, 1))


def _compile_costs(
    costs: CostUncertainty | Mapping[str, float | Distribution],
    c: CompiledNetwork,
    pos: IntArray,
) -> Any:
    """Cost uncertainty compiled on the simulation's row order (ids checked)."""
    from pmokit.monitoring._jcl import CostUncertainty, _compile_costs

    if not isinstance(costs, CostUncertainty):
        if not isinstance(costs, Mapping):
            raise ValidationError("'costs' must be a CostUncertainty or a mapping activity id "
                                  f"-> fixed cost (got {type(costs).__name__})")
        costs = CostUncertainty(fixed=costs)
    check_known(costs.fixed, c.index, "costs.fixed", "activity")
    check_known(costs.rates, c.index, "costs.rates", "activity")
    row_ids: list[Any] = [None] * c.n
    for j, a in enumerate(c.ids):
        row_ids[int(pos[j])] = a
    return _compile_costs(tuple(row_ids), costs.fixed, costs.rates, costs.risks)


def _cpm_block(
    model: _Model,
    d: FloatArray,
    base_rows: FloatArray,
    draws: Sequence[tuple[BoolArray, FloatArray]],
    lo: int,
    backward: bool,
    tol: float,
    *,
    bufs: tuple[FloatArray, FloatArray | None, BoolArray],
    out: tuple[FloatArray, FloatArray, FloatArray, IntArray],
) -> None:
    """The CPM passes of one block of iterations (columns ``lo`` on of the results):
    project finish, milestones, criticality counts and the finish without each risk.
    Every column is independent, so the blocking never changes a number."""
    times_buf, late_buf, mask_buf = bufs
    finish, ms_finish, without, crit = out
    n = model.n
    size = d.shape[1]
    # a batch passed whole (:func:`_passes_whole`) needs no times buffer
    t = times_buf[: 2 * n * size].reshape(2 * n, size) if 2 * n * size <= times_buf.size \
        else None
    # the compiled kernels (extra 'fast'): both passes and the criticality counts in
    # cache-sized blocks, the same numbers; else the numpy level passes
    if not _passes_compiled(
        model.fwd, model.bwd, model.bounds, d, t, model.end_rows, model.milestone_rows,
        bool(model.risks), backward and late_buf is not None, tol, crit,
        finish[lo : lo + size], ms_finish[:, lo : lo + size],
    ):
        t = _times_or_fail(t)
        _forward(model.fwd, d, t, model.bounds)
        f = t.take(model.end_rows, axis=0).max(axis=0) if n else np.zeros(size)
        finish[lo : lo + size] = f
        if model.milestone_rows.size:
            ms_finish[:, lo : lo + size] = t[n + model.milestone_rows]
        if backward and late_buf is not None:
            b = late_buf[: (2 * n + 1) * size].reshape(2 * n + 1, size)
            _backward(model.bwd, d, f, b, model.bounds)
            slack = b[:n]
            slack -= t[:n]
            mask = np.less_equal(slack, tol, out=mask_buf[: n * size].reshape(n, size))
            crit += _count_rows(mask)
    # each risk removed in turn: only the risk rows of the durations change. A risk
    # that can move few rows recomputes just those and puts them back; the others
    # recompute the levels from their first one on (latest first, so the levels
    # before each still hold this block's own early dates)
    for j in model.risk_order:
        t = _times_or_fail(t)  # with risks a block always has its times
        risk = model.risks[j]
        _apply_risks(model, d, base_rows, draws, skip=j)
        if risk.row_plan is not None and risk.desc_rows is not None:
            rows = risk.desc_rows
            kept_es, kept_ef = t[rows], t[n + rows]
            _forward_rows(risk.row_plan, d, t, model.bounds)
            without[j, lo : lo + size] = t.take(model.end_rows, axis=0).max(axis=0)
            t[rows], t[n + rows] = kept_es, kept_ef
            continue
        _forward(model.fwd, d, t, model.bounds, first=risk.first_level)
        without[j, lo : lo + size] = t.take(model.end_rows, axis=0).max(axis=0)


def _times_or_fail(t: FloatArray | None) -> FloatArray:
    """The times buffer of a block of the numpy passes (a whole batch, without one, goes
    to the compiled passes only: :func:`_passes_whole`)."""
    if t is None:  # pragma: no cover - whole batches only when the kernels run
        raise PmokitError("a whole batch of iterations needs the compiled passes")
    return t


def _cruciality(
    model: _Model,
    seeds: Sequence[int | np.random.SeedSequence] | npt.NDArray[np.int64],
    sizes: Sequence[int],
    finish: FloatArray,
    kept: npt.NDArray[np.uint32] | None = None,
) -> FloatArray:
    """Spearman correlation of each uncertain activity's grade with the finish rank,
    all in this process (:func:`_cruciality_merged` is what :func:`simulate` runs).

    The grades are the kept uniform integers (``kept``, k x N), or else regenerated chunk
    by chunk from the same seeds (they are drawn first in each chunk), so no
    per-iteration activity data need be kept. A correlation is unchanged by the affine
    map from integer to grade, so the integers are used as they are, and their sums are
    exact (:func:`_grade_sums`): kept and replayed grades give the same numbers.
    """
    rr = _doubled_ranks(finish)
    sums = np.zeros((model.unc_rows.size, _SUMS), dtype=np.int64)
    if kept is not None:
        _grade_sums(kept, rr, sums)
    else:
        _replay_sums(model, list(seeds), sizes, rr, sums)
    return _rho(sums, rr)


def _cruciality_merged(
    model: _Model,
    shared: Shared[_Job],
    tasks: Sequence[tuple[tuple[int, int], ...]],
    starts: Sequence[int],
    finish: FloatArray,
    kept: npt.NDArray[np.uint32] | None,
    executor: concurrent.futures.Executor | None,
) -> FloatArray:
    """:func:`_cruciality` of :func:`simulate`: the replayed grades are summed unit by
    unit (on the executor when given), the exact sums added in unit order."""
    rr = _doubled_ranks(finish)
    sums = np.zeros((model.unc_rows.size, _SUMS), dtype=np.int64)
    if kept is not None:
        _grade_sums(kept, rr, sums)
    else:
        work = [
            (shared, task, rr[starts[task[0][0]] : starts[task[-1][1]]]) for task in tasks
        ]
        for parts in run_chunks(_cruciality_chunk, work, executor):
            for part in parts:
                sums += part
    return _rho(sums, rr)


_SUMS = 7
"""Integer sums per uncertain activity of :func:`_grade_sums`."""
_EXACT = 1 << 53
"""Integers up to this are exact in float64."""


def _doubled_ranks(finish: FloatArray) -> IntArray:
    """Twice the centred ranks of the finishes, ``2 rank - (N + 1)`` (ties take their
    average rank): integers in ``[1 - N, N - 1]`` that sum to 0."""
    r = stats.rankdata(finish)  # halves at most: 2 r is exact
    rr: IntArray = np.rint(2.0 * r).astype(np.int64)
    rr -= finish.size + 1
    return rr


def _grade_block(rr: IntArray) -> int:
    """Columns per block of :func:`_grade_sums` whose sums stay below ``2**53`` (exact
    in float64 in any order, and in int64 with room for many blocks): every term is
    below ``2**32`` or ``2**16 max|rr|``."""
    top = int(np.abs(rr).max()) if rr.size else 0
    return max(1, _EXACT // max(1 << 32, top << 16))


def _grade_sums(bits: npt.NDArray[np.uint32], rr: IntArray, out: IntArray) -> None:
    """Add the exact integer sums of cruciality over 32-bit grades ``b`` (k x c) to
    ``out`` (k x 7, int64): per row, with ``b = h 2**16 + l``, the sums of ``h``, ``l``,
    ``h h``, ``h l``, ``l l``, ``h rr`` and ``l rr``, block by block of columns
    (:func:`_grade_block`). No partial sum reaches ``2**53``, so every one is an exact
    integer whatever the order of the additions (numpy's float sums and BLAS included):
    the compiled kernel, this numpy path, kept or replayed grades and any split of the
    iterations give the same numbers."""
    block = _grade_block(rr)
    if _compiled.active() and _kernels.grade_sums_kernel is not None:
        _kernels.grade_sums_kernel(bits, np.ascontiguousarray(rr), block, out)
        return
    k, c = bits.shape
    rf = rr.astype(np.float64)
    step = max(1, (1 << 17) // max(c, 1))  # rows at once: the temporaries stay small
    # buffers reused block after block (fresh large temporaries cost page faults)
    h_buf = np.empty((min(step, k), c))
    lo_buf = np.empty((min(step, k), c))
    for a in range(0, k, step):
        x = bits[a : a + step]
        rows = x.shape[0]
        h, lo = h_buf[:rows], lo_buf[:rows]
        np.copyto(lo, x)  # exact: b < 2**32
        np.multiply(lo, 2.0**-16, out=h)
        np.floor(h, out=h)  # h = b // 2**16, l = b - h 2**16: exact in float64
        lo -= h * 2.0**16
        o = out[a : a + step]
        for b in range(0, c, block):
            hb, lb, r = h[:, b : b + block], lo[:, b : b + block], rf[b : b + block]
            for j, part in enumerate((hb.sum(axis=1), lb.sum(axis=1),
                                      np.einsum("ij,ij->i", hb, hb),
                                      np.einsum("ij,ij->i", hb, lb),
                                      np.einsum("ij,ij->i", lb, lb), hb @ r, lb @ r)):
                o[:, j] += part.astype(np.int64)


def _rho(sums: IntArray, rr: IntArray) -> FloatArray:
    """Spearman's rho per row from the exact sums of :func:`_grade_sums`: the sums are
    put together as Python integers, so only the final quotient and root round."""
    n_it = rr.size
    s_rr = sum(int(x) for x in np.square(rr, dtype=np.int64).tolist())
    rho = np.zeros(sums.shape[0])
    if n_it < 2 or s_rr == 0:
        return rho
    for i, (sh, sl, hh, hl, ll, hr, lr) in enumerate(sums.tolist()):
        s = (sh << 16) + sl  # the sum of the grades
        var = n_it * ((hh << 32) + (hl << 17) + ll) - s * s  # N^2 x their variance
        if var > 0:
            rho[i] = ((hr << 16) + lr) / math.sqrt(var * s_rr / n_it)
    return rho


def _grade_bits(u: FloatArray) -> npt.NDArray[np.uint32]:
    """Grades in [0, 1] to 32-bit integers as simulate keeps copula grades (``(b + 0.5)
    2**-32`` back to ``b`` exactly; a change below 2.4e-10 otherwise)."""
    out = np.empty(u.shape, dtype=np.uint32)
    np.copyto(out, np.minimum(u * 2.0**32, 2.0**32 - 1.0), casting="unsafe")
    return out


def _replay_sums(
    model: _Model,
    seeds: Sequence[int | np.random.SeedSequence],
    sizes: Sequence[int],
    rr_all: IntArray,
    sums: IntArray,
) -> None:
    """Add the sums of the grades replayed from the streams' seeds (in order) to
    ``sums``; ``rr_all`` holds the doubled centred ranks of those streams' iterations."""
    k = model.unc_rows.size
    lo = 0
    for seed, size in zip(seeds, sizes, strict=True):
        gen = _chunk_generator(seed)
        rr = rr_all[lo : lo + size]
        step = max(1, (1 << 15) // size)
        if model.plain:
            # the uniform integers of one uniform_bits(gen, k, c) call, replayed in
            # cache-sized row blocks (the same numbers)
            for a in range(0, k, step):
                _grade_sums(uniform_bits(gen, min(step, k - a), size), rr,
                            sums[a : a + step])
        else:
            u = model.grades(gen, size)
            for a in range(0, k, step):
                _grade_sums(_grade_bits(u[a : a + step]), rr, sums[a : a + step])
        lo += size


def _cruciality_chunk(
    work: tuple[Shared[_Job], tuple[tuple[int, int], ...], IntArray],
) -> list[IntArray]:
    """Per unit of a task: the exact sums of :func:`_grade_sums` over the replayed
    grades, with the doubled centred finish ranks (``work[2]``, the task's slice)."""
    shared, task, rr_all = work
    job = shared.get()
    out = []
    lo = 0
    for a, b in task:
        sums = np.zeros((job.model.unc_rows.size, _SUMS), dtype=np.int64)
        sizes = job.sizes[a:b]
        seeds = [_stream_seed(job.root, i) for i in range(a, b)]
        _replay_sums(job.model, seeds, sizes, rr_all[lo : lo + sum(sizes)], sums)
        lo += sum(sizes)
        out.append(sums)
    return out


# ----------------------------------------------------------------------- the chunks
@attrs.frozen(eq=False)
class _Job:
    """What every chunk of one :func:`simulate` call needs (pickled once per call)."""

    model: _Model
    root: int  # the root seed of the streams
    sizes: tuple[int, ...]  # iterations of each stream
    backward: bool
    tol: float
    width: int  # iterations through the CPM passes at once (from max_memory)
    keep: bool  # keep the grades of the uncertain activities (for cruciality)
    cost_model: Any = None  # compiled cost uncertainty (simulate(costs=...)), or None


@attrs.frozen(eq=False)
class _Partial:
    """The result of one unit of streams; units merge in order (iterations
    concatenated, counts and sums added)."""

    finish: FloatArray
    ms_finish: FloatArray
    without: FloatArray
    crit: IntArray
    sum_d: FloatArray
    sum_d2: FloatArray
    kept: npt.NDArray[np.uint32] | None
    cost: FloatArray | None
    stop: int  # the stream after the last one done (the unit's end unless stopped)


_UNIT_CELLS = 1 << 26
"""Activity-iterations per unit of streams (at least one stream): the pieces of work
whose partial results merge. Fixed, so the units depend on the iterations and the
network size alone."""


def _units(sizes: Sequence[int], n: int) -> list[tuple[int, int]]:
    """Consecutive streams ``[a, b)`` holding at most ``_UNIT_CELLS / n`` iterations
    (at least one stream each)."""
    per = max(1, _UNIT_CELLS // max(n, 1))
    out: list[tuple[int, int]] = []
    a, total = 0, 0
    for i, size in enumerate(sizes):
        if i > a and total + size > per:
            out.append((a, i))
            a, total = i, 0
        total += size
    out.append((a, len(sizes)))
    return out


def _tasks(
    units: Sequence[tuple[int, int]], sizes: Sequence[int], chunk: int | None
) -> list[tuple[tuple[int, int], ...]]:
    """Units grouped into tasks of at least ``chunk`` iterations each (one unit each
    by default)."""
    if chunk is None:
        return [(u,) for u in units]
    out: list[tuple[tuple[int, int], ...]] = []
    group: list[tuple[int, int]] = []
    total = 0
    for a, b in units:
        group.append((a, b))
        total += sum(sizes[a:b])
        if total >= chunk:
            out.append(tuple(group))
            group, total = [], 0
    if group:
        out.append(tuple(group))
    return out


def _simulate_chunk(work: tuple[Shared[_Job], tuple[tuple[int, int], ...]]) -> list[_Partial]:
    """The partial results of a task's units (pure: the same units give the same
    numbers in any process)."""
    shared, task = work
    job = shared.get()
    return [_run_unit(job, a, b) for a, b in task]


def _run_unit(
    job: _Job,
    first_stream: int,
    stop_stream: int,
    report: Callable[[int, FloatArray, int], bool] | None = None,
    offset: int = 0,
) -> _Partial:
    """Streams ``first_stream`` to ``stop_stream`` through the CPM passes, at most
    ``job.width`` iterations at once. ``report(offset + done, finish so far, offset)``
    after each batch (in the calling process only) returns True to stop: the partial
    then holds the streams done."""
    model = job.model
    n = model.n
    k = model.unc_rows.size
    sizes = job.sizes[first_stream:stop_stream]
    N = sum(sizes)
    batches = _batches(sizes, job.width)
    cols = min(job.width, max(sum(sizes[i] for i in b) for b in batches))
    n_ms = int(model.milestone_rows.size)
    finish = np.empty(N)
    ms_finish = np.empty((n_ms, N))
    without = np.empty((len(model.risks), N))
    crit = np.zeros(n, dtype=np.int64)
    sum_d = np.zeros(n)
    sum_d2 = np.zeros(n)
    backward = job.backward
    # flat buffers, reshaped per block so that every block's arrays are C-contiguous
    # (a column slice of a wider array makes numpy's take fall back to a slow path)
    times_buf = np.empty(2 * n * cols)
    late_buf = np.empty((2 * n + 1) * cols) if backward else None
    mask_buf = np.empty(n * cols if backward else 0, dtype=np.bool_)
    kept = np.empty((k, N), dtype=np.uint32) if job.keep else None
    cost = np.empty(N) if job.cost_model is not None else None
    fused = model.fused  # duration moments summed by the sampler, block by block
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64).tolist()
    out = (finish, ms_finish, without, crit)
    bufs = (times_buf, late_buf, mask_buf)
    for batch in batches:
        # the durations of each stream, drawn from its own generator, risks applied; the
        # moments are summed stream by stream (the same sums whatever the grouping)
        parts = []
        for i in batch:
            lo, size = starts[i], sizes[i]
            keep = kept[:, lo : lo + size] if kept is not None else None
            seed = _stream_seed(job.root, first_stream + i)
            d, draws = model.durations(
                _chunk_generator(seed), size, keep, (sum_d, sum_d2) if fused else None
            )
            base_rows = d[model.risk_rows]
            if model.risks:
                _apply_risks(model, d, base_rows, draws)
                if fused:  # the moments of the rows the risks changed
                    after = d[model.risk_rows]
                    sum_d[model.risk_rows] += after.sum(axis=1) - base_rows.sum(axis=1)
                    sum_d2[model.risk_rows] += np.einsum("ij,ij->i", after, after)
                    sum_d2[model.risk_rows] -= np.einsum("ij,ij->i", base_rows, base_rows)
            if not fused:
                sum_d += d.sum(axis=1)
                sum_d2 += np.einsum("ij,ij->i", d, d)
            if cost is not None:
                from pmokit.monitoring._jcl import _cost_kernel

                cost[lo : lo + size] = _cost_kernel(
                    job.cost_model, d.T, _chunk_generator(_cost_seed(seed))
                )
            parts.append((d, base_rows, draws))
        if len(parts) == 1:
            d, base_rows, draws = parts[0]
        else:
            d = np.concatenate([p[0] for p in parts], axis=1)
            base_rows = np.concatenate([p[1] for p in parts], axis=1)
            draws = [
                (np.concatenate([p[2][j][0] for p in parts]),
                 np.concatenate([p[2][j][1] for p in parts]))
                for j in range(len(model.risks))
            ]
        del parts
        first, total = starts[batch[0]], d.shape[1]
        # the compiled passes block the columns themselves and, without risks, need no
        # times buffer: the batch goes whole (no copies)
        block = total if _passes_whole(model.risks) else cols
        for a in range(0, total, block):
            b = min(total, a + block)
            if a == 0 and b == total:
                _cpm_block(model, d, base_rows, draws, first, backward, job.tol,
                           bufs=bufs, out=out)
            else:
                _cpm_block(
                    model,
                    np.ascontiguousarray(d[:, a:b]),
                    np.ascontiguousarray(base_rows[:, a:b]),
                    [(o[a:b], m[a:b]) for o, m in draws],
                    first + a, backward, job.tol, bufs=bufs, out=out,
                )
        # free this batch's durations before the next batch draws its own (else two
        # streams' durations are alive at once)
        del d, base_rows, draws
        done = starts[batch[-1] + 1]
        if report is not None and report(offset + done, finish[:done], offset):
            finish, ms_finish, without = finish[:done], ms_finish[:, :done], without[:, :done]
            kept = kept[:, :done] if kept is not None else None
            cost = cost[:done] if cost is not None else None
            return _Partial(finish, ms_finish, without, crit, sum_d, sum_d2, kept, cost,
                            first_stream + batch[-1] + 1)
    return _Partial(finish, ms_finish, without, crit, sum_d, sum_d2, kept, cost, stop_stream)


def _statused_model(
    network: Network,
    uncertainty: Mapping[Id, Distribution],
    risks: tuple[RiskEvent, ...],
    actuals: Actuals | None,
    data_date: float | dt.date | None,
    statusing: str,
    start: dt.date | None,
    cal: WorkCalendar | None,
) -> tuple[Network, dict[Id, Distribution], tuple[RiskEvent, ...]]:
    """The network, uncertainty and risks of the remaining work (see :func:`simulate`)."""
    from pmokit.scheduling._status import ScaledDistribution, status_bounds, status_network

    problems = Problems()
    st = status_bounds(network, Actuals(()) if actuals is None else actuals, data_date,
                       statusing, start, cal if isinstance(cal, WorkCalendar) else None,
                       problems)
    problems.raise_if_any()
    if st is None:  # pragma: no cover - status_bounds adds a problem when it returns None
        raise ValidationError("the actuals could not be statused")
    c = network.compiled
    if c.link_lag_kind is not None:
        # a percent lag is a share of the predecessor's whole duration, which an
        # activity in progress no longer has here (only its remaining work is sampled)
        bad = np.flatnonzero((c.link_lag_kind == 2) & st.started[c.link_pred]
                             & ~st.finished[c.link_pred])
        if bad.size:
            links = ", ".join(f"{c.ids[int(c.link_pred[k])]!r} -> {c.ids[int(c.link_succ[k])]!r}"
                              for k in bad[:5])
            raise ValidationError(
                f"simulate with progress does not support percent lags out of activities in "
                f"progress (a share of the whole duration, of which only the remaining work is "
                f"sampled); got {bad.size} on the links {links}"
            )
    unc: dict[Id, Distribution] = {}
    for aid, dist in uncertainty.items():
        i = c.index[aid]
        if st.finished[i]:
            continue
        planned = float(c.duration[i])
        if st.started[i] and planned > 0:
            unc[aid] = ScaledDistribution(dist, float(st.duration[i]) / planned)
        else:
            unc[aid] = dist
    done = {c.ids[i] for i in np.flatnonzero(st.finished).tolist()}
    kept = []
    for r in risks:
        acts = tuple(a for a in r.activities if a not in done)
        if acts:
            kept.append(r if len(acts) == len(r.activities)
                        else attrs.evolve(r, activities=acts))  # type: ignore[arg-type]
    return status_network(network, st), unc, tuple(kept)
