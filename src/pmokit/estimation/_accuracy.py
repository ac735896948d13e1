"""Accuracy of estimation methods: error statistics and cross-validation.

Error statistics follow Shepperd & MacDonell (2012): the mean and median absolute
residual (MAR, MdAR), the mean and median magnitude of relative error (MMRE, MdMRE),
PRED(25), the standardised accuracy ``SA = 1 - MAR / MAR_P0`` against random
guessing ``P0`` and the effect size ``(MAR_P0 - MAR) / s_P0``.

Random guessing predicts each project's actual by the actual of another project
drawn at random. Its expected MAR is computed exactly (Langdon et al. 2016) in
``O(n log n)``; its spread ``s_P0`` is simulated with a seeded generator.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Sequence
from typing import Any, Literal, Protocol, runtime_checkable

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._deprecation import renamed_arguments
from pmokit._executor import Shared, check_chunk_size, check_executor, chunk_ranges, run_chunks
from pmokit._progress import Progress, ProgressLike, check_progress
from pmokit._random import RngLike, as_generator
from pmokit._results import PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    as_float_array,
    check_allocation,
    check_choice,
    check_number,
)
from pmokit.errors import ValidationError

__all__ = [
    "Accuracy",
    "BaselineEstimator",
    "CrossValidation",
    "Estimator",
    "Predictor",
    "accuracy",
    "k_fold",
    "leave_one_out",
    "random_guess_mar",
]



@runtime_checkable
class Predictor(Protocol):
    """A fitted estimation model: ``predict(features) -> estimates``."""

    def predict(self, features: FloatArray) -> FloatArray:
        """Estimates for each row of ``features`` (shape ``(m, d)``)."""
        ...


@runtime_checkable
class Estimator(Protocol):
    """An estimation method: ``fit(features, actuals) -> Predictor``.

    An estimator may also offer ``loo_predict(features, actuals) -> predictions``, an
    exact and faster leave-one-out; :func:`leave_one_out` uses it when present.
    """

    def fit(self, features: FloatArray, actuals: FloatArray) -> Predictor:
        """Calibrate on ``features`` (``(n, d)``) and ``actuals`` (``(n,)``)."""
        ...


def _as_features(features: npt.ArrayLike, n: int | None = None) -> FloatArray:
    arr = as_float_array(features, "features", ndim=None)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ValidationError(
            f"'features' must be a 2-dimensional array (projects x attributes) "
            f"(got shape {arr.shape})"
        )
    if n is not None and arr.shape[0] != n:
        raise ValidationError(
            f"'features' must have one row per actual: {n} rows (got {arr.shape[0]})"
        )
    return arr


def _as_actuals(actuals: npt.ArrayLike, name: str = "actuals") -> FloatArray:
    arr = as_float_array(actuals, name)
    bad = np.flatnonzero(arr <= 0.0)
    if bad.size:
        shown = ", ".join(f"index {int(i)} got {float(arr[i])!r}" for i in bad[:10])
        raise ValidationError(f"'{name}' must be > 0 (needed for relative errors), but {shown}")
    return arr


@attrs.frozen
class BaselineEstimator:
    """Estimate every project by the mean or median of the training actuals.

    A naive baseline that any useful method should beat.

    Parameters
    ----------
    statistic
        ``"median"`` (default) or ``"mean"``.

    Examples
    --------
    >>> m = BaselineEstimator().fit([[1.0], [2.0], [3.0]], [10.0, 20.0, 60.0])
    >>> m.predict([[5.0]]).tolist()
    [20.0]
    """

    statistic: Literal["median", "mean"] = attrs.field(
        default="median",
        validator=lambda _i, _a, v: check_choice(v, "statistic", ("median", "mean")),
    )

    def fit(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> _ConstantPredictor:
        """Compute the statistic of ``actuals``."""
        y = _as_actuals(actuals)
        _as_features(features, y.size)
        value = float(np.median(y) if self.statistic == "median" else y.mean())
        return _ConstantPredictor(value)

    def loo_predict(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> FloatArray:
        """Exact leave-one-out predictions, vectorised."""
        y = _as_actuals(actuals)
        _as_features(features, y.size)
        n = y.size
        if n < 2:
            raise ValidationError(f"leave-one-out needs at least 2 projects (got {n})")
        if self.statistic == "mean":
            out: FloatArray = (y.sum() - y) / (n - 1)
            return out
        order = np.argsort(y, kind="stable")
        rank = np.empty(n, dtype=np.intp)
        rank[order] = np.arange(n)
        s = y[order]
        # Median of the n - 1 values left when the one at sorted position r is removed.
        m = n - 1
        lo_pos = (m - 1) // 2
        hi_pos = m // 2

        def kth(pos: int) -> FloatArray:
            out_k: FloatArray = np.where(rank <= pos, s[min(pos + 1, n - 1)], s[pos])
            return out_k

        out = 0.5 * (kth(lo_pos) + kth(hi_pos))
        return out


@attrs.frozen
class _ConstantPredictor:
    value: float

    def predict(self, features: npt.ArrayLike) -> FloatArray:
        x = _as_features(features)
        return np.full(x.shape[0], self.value)


@display()
@attrs.frozen
class Accuracy:
    """Accuracy statistics of predictions against actuals.

    Attributes
    ----------
    n
        Number of projects.
    mar, mdar
        Mean and median absolute residual ``|actual - predicted|`` [unit of actuals].
    mmre, mdmre
        Mean and median magnitude of relative error ``|actual - predicted| / actual``.
    pred25
        Share of projects with relative error <= 0.25.
    mar_random
        Expected MAR of random guessing ``MAR_P0`` (exact).
    mar_random_std
        Standard deviation of the MAR of random guessing over ``iterations`` simulated runs.
    sa
        Standardised accuracy ``1 - MAR / MAR_P0`` (1 is perfect, 0 no better than
        guessing, negative worse). NaN when ``MAR_P0 == 0`` (every actual is equal:
        random guessing is then perfect, and the ratio is undefined).
    effect_size
        ``(MAR_P0 - MAR) / s_P0``: positive when better than guessing. NaN when
        ``s_P0 == 0`` (every actual equal), as the ratio is undefined.
    effect
        ``"large"`` (>= 0.8), ``"medium"`` (>= 0.5), ``"small"`` (>= 0.2) or
        ``"negligible"``, by the absolute effect size (Cohen's thresholds);
        ``"undefined"`` when the effect size is NaN.
    """

    n: int
    mar: float
    mdar: float
    mmre: float
    mdmre: float
    pred25: float
    mar_random: float
    mar_random_std: float
    sa: float
    effect_size: float
    effect: str

    def to_records(self) -> list[dict[str, Any]]:
        """One dict with the fields."""
        return [attrs.asdict(self)]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def random_guess_mar(actuals: Sequence[float] | FloatArray) -> float:
    """Exact expected MAR of random guessing (predict each actual by another's).

    ``MAR_P0 = sum_{i != j} |y_i - y_j| / (n (n - 1))``, computed in ``O(n log n)`` by
    sorting (Langdon, Dolado, Sarro & Harman 2016).

    Raises
    ------
    ValidationError
        If fewer than 2 actuals are given or one is not finite.

    Examples
    --------
    >>> random_guess_mar([1.0, 2.0, 4.0])   # (1 + 3 + 2) * 2 / 6
    2.0
    """
    y = as_float_array(actuals, "actuals")
    n = y.size
    if n < 2:
        raise ValidationError(f"'actuals' must hold at least 2 values (got {n})")
    s = np.sort(y)
    k = np.arange(1, n + 1, dtype=np.float64)
    pair_sum = float(np.dot(s, 2.0 * k - n - 1.0))
    return 2.0 * pair_sum / (n * (n - 1))


def _simulate_random_mar(y: FloatArray, n_runs: int, gen: np.random.Generator) -> FloatArray:
    n = y.size
    out = np.empty(n_runs)
    ar = np.arange(n)
    batch = max(1, min(n_runs, 4_000_000 // max(n, 1)))
    for start in range(0, n_runs, batch):
        stop = min(n_runs, start + batch)
        j = gen.integers(0, n - 1, size=(stop - start, n))
        j += j >= ar  # skip i itself: j uniform over the others
        out[start:stop] = np.abs(y[j] - y).mean(axis=1)
    return out


def _effect_label(delta: float) -> str:
    a = abs(delta)
    if a >= 0.8:
        return "large"
    if a >= 0.5:
        return "medium"
    if a >= 0.2:
        return "small"
    return "negligible"


@renamed_arguments(n_runs="iterations")
def accuracy(
    actuals: Sequence[float] | FloatArray,
    predictions: Sequence[float] | FloatArray,
    *,
    iterations: int = 1000,
    rng: RngLike = 0,
) -> Accuracy:
    """Accuracy statistics of ``predictions`` against ``actuals``.

    Parameters
    ----------
    actuals
        Actual values, ``> 0`` [effort, cost or duration].
    predictions
        Predicted values aligned with ``actuals`` (finite).
    iterations
        Simulated runs of random guessing for ``s_P0`` (Shepperd & MacDonell use 1000;
        old name ``n_runs``, deprecated).
    rng
        Generator or seed of the random-guessing runs (seeded by default, so the same
        inputs give the same statistics).

    Returns
    -------
    Accuracy

    Raises
    ------
    ValidationError
        If lengths differ, fewer than 2 projects, an actual is ``<= 0`` or a value is
        not finite.

    References
    ----------
    Shepperd, M., MacDonell, S. (2012). Evaluating prediction systems in software
    project estimation. Information and Software Technology 54(8): 820-827.
    doi:10.1016/j.infsof.2011.12.008.

    Examples
    --------
    >>> acc = accuracy([10.0, 20.0, 40.0, 80.0], [12.0, 18.0, 40.0, 100.0])
    >>> acc.mar, acc.pred25
    (6.0, 1.0)
    >>> round(acc.mar_random, 4)    # all 12 ordered pairs: 460 / 12
    38.3333
    >>> round(acc.sa, 3)            # 1 - 6 / 38.333
    0.843
    """
    y = _as_actuals(actuals)
    p = as_float_array(predictions, "predictions", length=y.size)
    runs = int(check_number(iterations, "iterations", minimum=2))
    if runs != iterations:
        raise ValidationError(f"'iterations' must be a whole number >= 2 (got {iterations!r})")
    check_allocation((runs,), f"{runs} random-guessing runs")
    if y.size < 2:
        raise ValidationError(f"accuracy needs at least 2 projects (got {y.size})")
    gen = as_generator(rng)
    ar = np.abs(y - p)
    mre = ar / y
    mar = float(ar.mean())
    mar0 = random_guess_mar(y)
    sims = _simulate_random_mar(y, runs, gen)
    s0 = float(sims.std(ddof=1))
    sa = 1.0 - mar / mar0 if mar0 > 0 else float("nan")
    delta = (mar0 - mar) / s0 if s0 > 0 else float("nan")
    return Accuracy(
        n=int(y.size),
        mar=mar,
        mdar=float(np.median(ar)),
        mmre=float(mre.mean()),
        mdmre=float(np.median(mre)),
        pred25=float(np.mean(mre <= 0.25)),
        mar_random=mar0,
        mar_random_std=s0,
        sa=sa,
        effect_size=delta,
        effect=_effect_label(delta) if delta == delta else "undefined",
    )


@display()
@attrs.frozen
class CrossValidation(PicklesReadOnly):
    """Out-of-sample predictions of an estimator and their accuracy.

    Attributes
    ----------
    method
        ``"leave_one_out"`` or ``"k_fold"``.
    n_folds
        Number of folds (``n`` for leave-one-out).
    actuals
        The actuals (read-only array).
    predictions
        Each project's prediction by a model calibrated without it (read-only array).
    folds
        Fold number of each project (read-only int array).
    accuracy
        Accuracy of the predictions.
    """

    method: str
    n_folds: int
    actuals: FloatArray = attrs.field(eq=False)
    predictions: FloatArray = attrs.field(eq=False)
    folds: npt.NDArray[np.intp] = attrs.field(eq=False)
    accuracy: Accuracy

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per project: ``index``, ``fold``, ``actual``, ``predicted``."""
        return [
            {"index": i, "fold": int(f), "actual": float(a), "predicted": float(p)}
            for i, (f, a, p) in enumerate(
                zip(self.folds, self.actuals, self.predictions, strict=True)
            )
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _check_estimator(estimator: Any) -> None:
    if not callable(getattr(estimator, "fit", None)):
        raise ValidationError(
            "'estimator' must have a fit(features, actuals) method returning a predictor "
            f"(got {estimator!r:.60} that is a {type(estimator).__name__})"
        )


def _readonly(a: Any) -> Any:
    a = np.array(a)
    a.setflags(write=False)
    return a


def _loo_chunk(work: tuple[Shared[Any], int, int]) -> FloatArray:
    """Leave-one-out predictions of projects ``lo`` to ``hi`` (each from the others)."""
    shared, lo, hi = work
    estimator, x, y = shared.get()
    pred = np.empty(hi - lo)
    mask = np.ones(y.size, dtype=bool)
    for i in range(lo, hi):
        mask[i] = False
        model = estimator.fit(x[mask], y[mask])
        pred[i - lo] = float(np.asarray(model.predict(x[i : i + 1]))[0])
        mask[i] = True
    return pred


def _fold_chunk(work: tuple[Shared[Any], int, int]) -> list[tuple[int, FloatArray]]:
    """Predictions of folds ``lo`` to ``hi``, each from the other folds."""
    shared, lo, hi = work
    estimator, x, y, folds = shared.get()
    out = []
    for f in range(lo, hi):
        test = folds == f
        model = estimator.fit(x[~test], y[~test])
        out.append((f, np.asarray(model.predict(x[test]), dtype=np.float64)))
    return out


@renamed_arguments(n_runs="iterations")
def leave_one_out(
    estimator: Estimator,
    features: npt.ArrayLike,
    actuals: Sequence[float] | FloatArray,
    *,
    iterations: int = 1000,
    rng: RngLike = 0,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int | None = None,
    progress: ProgressLike = None,
) -> CrossValidation:
    """Leave-one-out evaluation: predict each project from all the others.

    Uses the estimator's exact vectorised ``loo_predict`` when it has one (the
    analogy, parametric and baseline estimators do), else refits ``n`` times.

    Parameters
    ----------
    estimator
        Anything with ``fit(features, actuals) -> predictor``.
    features
        Project attributes, shape ``(n, d)`` (a 1-D array is one attribute).
    actuals
        Actual values, ``> 0``.
    iterations, rng
        Random-guessing runs for the accuracy statistics (see :func:`accuracy`; old
        name ``n_runs``, deprecated).
    executor
        A ``concurrent.futures.Executor`` (a ``ProcessPoolExecutor``, a Dask client's
        ``get_executor()``) that runs the refits in chunks of projects; None (default)
        runs them here. The estimator must pickle. Estimators with ``loo_predict`` need
        no refits and ignore it. It never changes the numbers.
    chunk_size
        Projects refitted per task (default: the projects in 8 chunks; one per task
        with a progress report and no executor). It never changes the numbers.
    progress
        None (default), True for a tqdm bar (``pip install 'pmokit[progress]'``), or a
        callback called with a :class:`~pmokit.progress.ProgressInfo` before each refit
        (each chunk with an executor) (``done`` and ``total`` projects, ``elapsed`` [s];
        one report at the end for an estimator with an exact ``loo_predict``); returning
        True or raising StopIteration stops the run, and the result then covers the
        projects predicted so far (at least 2 are needed).

    Returns
    -------
    CrossValidation

    Raises
    ------
    ValidationError
        If shapes disagree, fewer than 2 projects, a value is not finite or an actual
        is ``<= 0``; an ``executor`` that is not an Executor or a ``chunk_size`` below
        1. An error of the estimator in a worker is raised as itself.

    Examples
    --------
    >>> from pmokit.estimation import ParametricEstimator
    >>> size = [10.0, 20.0, 40.0, 80.0, 160.0]
    >>> effort = [5.2, 9.8, 21.0, 39.0, 82.0]
    >>> cv = leave_one_out(ParametricEstimator(), size, effort)
    >>> cv.accuracy.pred25
    1.0
    """
    _check_estimator(estimator)
    executor = check_executor(executor)
    chunk = check_chunk_size(chunk_size)
    y = _as_actuals(actuals)
    x = _as_features(features, y.size)
    n = y.size
    if n < 2:
        raise ValidationError(f"leave-one-out needs at least 2 projects (got {n})")
    if (problem := check_progress(progress)) is not None:
        raise ValidationError(problem)
    bar = Progress(progress, n, desc="leave-one-out", unit="project")
    done = n
    fast = getattr(estimator, "loo_predict", None)
    if callable(fast):
        pred = np.asarray(fast(x, y), dtype=np.float64)
    else:
        pred = np.empty(n)
        size = chunk if chunk is not None else (
            1 if bar.active and executor is None else -(-n // 8)
        )
        ranges = chunk_ranges(n, size)
        shared = Shared((estimator, x, y))
        if bar.update(0):
            done, ranges = 0, []  # the callback stopped the run
        work = [(shared, lo, hi) for lo, hi in ranges]
        for (lo, hi), part in zip(ranges, run_chunks(_loo_chunk, work, executor), strict=False):
            pred[lo:hi] = part
            if hi < n and bar.update(hi):
                done = hi  # the callback stopped the run
                break
    if done == n:
        bar.update(n)
    bar.close()
    y, pred = _stopped_after(done, n, y, pred)
    return CrossValidation(
        "leave_one_out",
        y.size,
        y,
        _readonly(pred),
        _readonly(np.arange(y.size, dtype=np.intp)),
        accuracy(y, pred, iterations=iterations, rng=rng),
    )


def _stopped_after(
    done: int, n: int, y: FloatArray, pred: FloatArray, keep: Any = None
) -> tuple[FloatArray, FloatArray]:
    """The actuals and predictions of the projects predicted before a progress callback
    stopped the run (all of them when it did not)."""
    if done == n:
        return y, pred
    if keep is None:
        keep = np.arange(n) < done
    if int(np.count_nonzero(keep)) < 2:
        raise ValidationError(
            f"the progress callback stopped the cross-validation after "
            f"{int(np.count_nonzero(keep))} project(s); at least 2 are needed to measure "
            "accuracy"
        )
    return y[keep], pred[keep]


@renamed_arguments(n_runs="iterations")
def k_fold(
    estimator: Estimator,
    features: npt.ArrayLike,
    actuals: Sequence[float] | FloatArray,
    *,
    k: int = 10,
    rng: RngLike = 0,
    iterations: int = 1000,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int | None = None,
    progress: ProgressLike = None,
) -> CrossValidation:
    """k-fold cross-validation: shuffle, split into ``k`` folds, predict each from the rest.

    Parameters
    ----------
    estimator
        Anything with ``fit(features, actuals) -> predictor``.
    features, actuals
        As for :func:`leave_one_out`.
    k
        Number of folds, ``2 <= k <= n``.
    rng
        Generator or seed for the shuffle and the random-guessing runs.
    iterations
        Random-guessing runs for the accuracy statistics (old name ``n_runs``,
        deprecated).
    executor
        A ``concurrent.futures.Executor`` that fits the folds in chunks; None (default)
        fits them here. The estimator must pickle. It never changes the numbers (the
        shuffle is drawn here first).
    chunk_size
        Folds per task (default 1). It never changes the numbers.
    progress
        None (default), True for a tqdm bar (``pip install 'pmokit[progress]'``), or a
        callback called with a :class:`~pmokit.progress.ProgressInfo` before each fold
        (each chunk of folds with an executor) (``done`` and ``total`` folds,
        ``elapsed`` [s]); returning True or raising StopIteration stops the run, and the
        result then covers the projects predicted so far (at least 2 are needed).

    Returns
    -------
    CrossValidation

    Raises
    ------
    ValidationError
        If ``k`` is not in ``[2, n]`` or the data are invalid (as for
        :func:`leave_one_out`).

    Examples
    --------
    >>> cv = k_fold(BaselineEstimator(), [[1.0]] * 6, [1.0, 2, 3, 4, 5, 6], k=3, rng=1)
    >>> cv.n_folds, sorted(set(cv.folds.tolist()))
    (3, [0, 1, 2])
    """
    _check_estimator(estimator)
    executor = check_executor(executor)
    chunk = check_chunk_size(chunk_size)
    y = _as_actuals(actuals)
    x = _as_features(features, y.size)
    n = y.size
    problems = Problems()
    problems.check_number(k, "k", minimum=2, maximum=float(n))
    if (problem := check_progress(progress)) is not None:
        problems.add(problem)
    problems.raise_if_any()
    if not float(k).is_integer():
        raise ValidationError(f"'k' must be a whole number of folds in [2, {n}] (got {k!r})")
    folds_n = int(k)
    gen = as_generator(rng)
    order = gen.permutation(n)
    folds = np.empty(n, dtype=np.intp)
    folds[order] = np.arange(n) % folds_n
    shared = Shared((estimator, x, y, folds))
    pred = np.empty(n)
    bar = Progress(progress, folds_n, desc="k-fold", unit="fold")
    done = folds_n
    ranges = chunk_ranges(folds_n, chunk or 1)
    if bar.update(0):
        done, ranges = 0, []  # the callback stopped the run
    work = [(shared, lo, hi) for lo, hi in ranges]
    for (_, hi), part in zip(ranges, run_chunks(_fold_chunk, work, executor), strict=False):
        for f, p in part:
            pred[folds == f] = p
        if hi < folds_n and bar.update(hi):
            done = hi  # the callback stopped the run
            break
    if done == folds_n:
        bar.update(folds_n)
    bar.close()
    keep = folds < done
    y, pred = _stopped_after(done, folds_n, y, pred, keep)
    return CrossValidation(
        "k_fold",
        done,
        y,
        _readonly(pred),
        _readonly(folds[keep] if done < folds_n else folds),
        accuracy(y, pred, iterations=iterations, rng=gen),
    )
