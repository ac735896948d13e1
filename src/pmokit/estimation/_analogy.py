"""Estimation by analogy: k nearest past projects over scaled attributes.

Attributes are scaled to [0, 1] by the range of the calibration projects (as in
ANGEL, Shepperd & Schofield 1997); distance is Euclidean; the estimate is the mean,
median or inverse-distance weighted mean of the ``k`` nearest projects' actuals,
optionally adapted to the new project's size (``actual_j * size / size_j``). The
analogues are returned as the explanation.

Distances are computed in blocks with one matrix product each (no Python loop per
project), so leave-one-out of 10,000 projects takes seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from pmokit._results import PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray, Id
from pmokit._validation import Problems, check_choice, check_ids, number_kind_problem
from pmokit.errors import ValidationError
from pmokit.estimation._accuracy import _as_actuals, _as_features

__all__ = ["AnalogyEstimate", "AnalogyEstimator", "AnalogyModel", "estimate_by_analogy"]

IntArray = npt.NDArray[np.intp]

_BLOCK_ELEMENTS = 4_000_000
"""Largest distance block (rows x training projects) held in memory at once."""

_TREE_MIN_ROWS = 2_000
"""From this many calibration projects on, a k-d tree replaces blocked brute force ..."""
_TREE_MAX_DIMS = 10
"""... when there are at most this many attributes (k-d trees degrade in high dimension)."""

_TIE_RTOL = 1e-9
"""Distances (squared, scaled) this close count as tied; ties go to the lower index."""


def _k_valid(_inst: Any, _attr: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValidationError(f"'k' must be an integer >= 1 (got {value!r})")


def _size_column_valid(_inst: Any, _attr: Any, value: Any) -> None:
    # a negative index is never a column in [0, d - 1] (size adaptation refuses it at fit)
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValidationError(f"'size_column' must be an integer column index (got {value!r})")
    if value < 0:
        raise ValidationError(f"'size_column' must be a column index >= 0 (got {value!r})")


def _weights_tuple(w: Iterable[float] | None) -> tuple[float, ...] | None:
    if w is None:
        return None
    if not isinstance(w, np.ndarray | Sequence) and isinstance(w, Iterable):
        w = list(w)  # a generator: read it once, check it, then convert it
    # float() would drop a complex weight's imaginary part (numpy complex) and read "3"
    # or True as a number: refuse them by name, as as_float_array does
    kind = None if isinstance(w, str | bytes) else number_kind_problem(w, "weights")
    if kind is not None:
        raise ValidationError(kind)
    try:
        if isinstance(w, str | bytes):  # "12" would read as (1.0, 2.0)
            raise TypeError(w)
        return tuple(float(v) for v in w)
    except (TypeError, ValueError):
        raise ValidationError(
            f"'weights' must be a sequence of numbers >= 0, one per attribute (got {w!r:.60})"
        ) from None


@attrs.frozen
class AnalogyEstimator:
    """k-nearest-neighbour (analogy) estimator.

    Parameters
    ----------
    k
        Number of analogues, ``>= 1``.
    size_column
        Column of the features holding the size measure, used for size adaptation: an
        integer >= 0 (below the number of attributes with ``adaptation="size"``).
    adaptation
        ``"none"`` (use the analogues' actuals) or ``"size"`` (scale each analogue's
        actual by ``size / size_j``; sizes must then be ``> 0``).
    aggregate
        ``"mean"`` (default), ``"median"`` or ``"inverse_distance"`` weighting.
    scaling
        ``"minmax"`` (default: each attribute to [0, 1] over the calibration
        projects) or ``"none"``.
    weights
        Optional weight per attribute (``>= 0``) in the distance.

    Examples
    --------
    >>> x = [[10.0], [20.0], [30.0], [100.0]]
    >>> y = [100.0, 200.0, 300.0, 1000.0]
    >>> model = AnalogyEstimator(k=2).fit(x, y)
    >>> model.predict([[24.0]]).tolist()
    [250.0]
    >>> AnalogyEstimator(k=2, adaptation="size").fit(x, y).predict([[24.0]]).tolist()
    [240.0]
    """

    k: int = attrs.field(default=3, validator=_k_valid)
    size_column: int = attrs.field(default=0, validator=_size_column_valid)
    adaptation: Literal["none", "size"] = attrs.field(
        default="none", validator=lambda _i, _a, v: check_choice(v, "adaptation", ("none", "size"))
    )
    aggregate: Literal["mean", "median", "inverse_distance"] = attrs.field(
        default="mean",
        validator=lambda _i, _a, v: check_choice(
            v, "aggregate", ("mean", "median", "inverse_distance")
        ),
    )
    scaling: Literal["minmax", "none"] = attrs.field(
        default="minmax",
        validator=lambda _i, _a, v: check_choice(v, "scaling", ("minmax", "none")),
    )
    weights: tuple[float, ...] | None = attrs.field(default=None, converter=_weights_tuple)

    def _validate(self, x: FloatArray, y: FloatArray | None, *, training: bool) -> None:
        problems = Problems()
        d = x.shape[1]
        col = self.size_column
        if isinstance(col, bool) or not isinstance(col, int | np.integer):
            problems.add(f"'size_column' must be an integer column index (got {col!r})")
        elif not 0 <= col < d and self.adaptation == "size":
            problems.add(
                f"'size_column' must be a column index in [0, {d - 1}] (got {self.size_column})"
            )
        elif self.adaptation == "size":
            sizes = x[:, self.size_column]
            bad = np.flatnonzero(sizes <= 0)
            for i in bad[:10]:
                problems.add(
                    f"size (column {self.size_column}) of project at index {int(i)} must be > 0 "
                    f"for size adaptation (got {float(sizes[i])!r})"
                )
        if self.weights is not None:
            if len(self.weights) != d:
                problems.add(
                    f"'weights' must have one value per attribute: {d} (got {len(self.weights)})"
                )
            for j, w in enumerate(self.weights):
                problems.check_number(w, f"weights[{j}]", minimum=0.0)
        if training and y is not None and y.size < self.k:
            problems.add(
                f"'k' must be at most the number of calibration projects {y.size} (got {self.k})"
            )
        problems.raise_if_any()

    def fit(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> AnalogyModel:
        """Calibrate on past projects.

        Parameters
        ----------
        features
            Attributes of the past projects, shape ``(n, d)``.
        actuals
            Their actual values (effort, cost, duration), ``> 0``.

        Returns
        -------
        AnalogyModel

        Raises
        ------
        ValidationError
            If a value is not finite, an actual is ``<= 0``, a size is ``<= 0`` with
            size adaptation, ``k`` exceeds the number of projects or weights are bad.
        """
        y = _as_actuals(actuals)
        x = _as_features(features, y.size)
        self._validate(x, y, training=True)
        lo, span = self._scale_params(x)
        w = self._weight_vector(x.shape[1])
        scaled = (x - lo) / span * w
        scaled.setflags(write=False)
        return AnalogyModel(self, x, y, lo, span, w, scaled)

    def _weight_vector(self, d: int) -> FloatArray:
        if self.weights is None:
            return np.ones(d)
        return np.sqrt(np.asarray(self.weights, dtype=np.float64))

    def _scale_params(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        if self.scaling == "none":
            return np.zeros(x.shape[1]), np.ones(x.shape[1])
        lo = x.min(axis=0)
        span = x.max(axis=0) - lo
        span = np.where(span > 0, span, 1.0)
        return lo, span

    def _aggregate(
        self,
        idx: IntArray,
        dist: FloatArray,
        y: FloatArray,
        train_size: FloatArray | None,
        query_size: FloatArray | None,
    ) -> FloatArray:
        vals = y[idx]
        if self.adaptation == "size" and train_size is not None and query_size is not None:
            vals = vals * (query_size[:, None] / train_size[idx])
        if self.aggregate == "mean":
            out: FloatArray = vals.mean(axis=1)
        elif self.aggregate == "median":
            out = np.median(vals, axis=1)
        else:
            wts = 1.0 / (dist + 1e-12)
            exact = dist <= 1e-12
            has_exact: npt.NDArray[np.bool_] = np.asarray(exact.any(axis=1))
            wts = np.where(has_exact[:, None], exact.astype(np.float64), wts)
            out = (vals * wts).sum(axis=1) / wts.sum(axis=1)
        return out

    def loo_predict(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> FloatArray:
        """Exact leave-one-out predictions, vectorised.

        Scaling uses each fold's own range: the few projects whose removal changes the
        range of an attribute (the unique minimum or maximum) are recomputed on their
        own; all others share one blocked distance computation.

        Raises
        ------
        ValidationError
            As :meth:`fit`, or if there are not more than ``k`` projects.
        """
        y = _as_actuals(actuals)
        x = _as_features(features, y.size)
        n = y.size
        if n <= self.k:
            raise ValidationError(
                f"leave-one-out with k={self.k} needs more than {self.k} projects (got {n})"
            )
        self._validate(x, y, training=True)
        lo, span = self._scale_params(x)
        w = self._weight_vector(x.shape[1])
        scaled = (x - lo) / span * w
        idx, dist = _nearest(scaled, scaled, self.k, exclude_self=True)
        sizes = x[:, self.size_column] if self.adaptation == "size" else None
        pred = self._aggregate(idx, dist, y, sizes, sizes)
        if self.scaling == "minmax":
            special = _range_setters(x)
            mask = np.ones(n, dtype=bool)
            for i in special:
                # This fold has its own scaling: one brute-force row (no tree to build).
                mask[i] = False
                xt, yt = x[mask], y[mask]
                lo_i, span_i = self._scale_params(xt)
                train_i = (xt - lo_i) / span_i * w
                query_i = (x[i : i + 1] - lo_i) / span_i * w
                idx_i, dist_i = _nearest(query_i, train_i, self.k, exclude_self=False, brute=True)
                size_t = xt[:, self.size_column] if sizes is not None else None
                size_q = x[i : i + 1, self.size_column] if sizes is not None else None
                pred[i] = self._aggregate(idx_i, dist_i, yt, size_t, size_q)[0]
                mask[i] = True
        return pred


def _range_setters(x: FloatArray) -> IntArray:
    """Rows whose removal changes the min or max of some column."""
    n = x.shape[0]
    flags = np.zeros(n, dtype=bool)
    for col in x.T:
        for extreme in (col.min(), col.max()):
            hits = np.flatnonzero(col == extreme)
            if hits.size == 1:
                flags[hits[0]] = True
    return np.flatnonzero(flags)


def _nearest_tree(
    query: FloatArray, train: FloatArray, k: int, *, exclude_self: bool
) -> tuple[IntArray, FloatArray, npt.NDArray[np.bool_]]:
    """k nearest by a k-d tree; also flags rows whose k-th neighbour is tied with the next.

    The tree breaks such ties arbitrarily, so those rows are redone by brute force (which
    breaks ties by training index).
    """
    m = query.shape[0]
    extra = 1 if exclude_self else 0
    kk = k + extra + 1  # one more, to see a tie at the boundary
    tree = cKDTree(train)
    dist, idx = tree.query(query, k=kk)
    dist = np.asarray(dist, dtype=np.float64).reshape(m, kk)
    idx = np.asarray(idx, dtype=np.intp).reshape(m, kk)
    tied = dist[:, kk - 1] - dist[:, kk - 2] <= _TIE_RTOL * (1.0 + dist[:, kk - 1])
    dist, idx = dist[:, : kk - 1], idx[:, : kk - 1]
    if exclude_self:
        is_self = idx == np.arange(m)[:, None]
        keep = ~is_self
        # Self not among the k + 1 (duplicates at distance 0): drop the farthest instead
        # (such a row has a tie at distance 0, so it is flagged and redone anyway).
        keep[~is_self.any(axis=1), -1] = False
        tied |= ~is_self.any(axis=1)
        idx = idx[keep].reshape(m, k)
        dist = dist[keep].reshape(m, k)
    order = np.lexsort((idx, dist), axis=1)
    return (
        np.take_along_axis(idx, order, axis=1),
        np.take_along_axis(dist, order, axis=1),
        tied,
    )


def _nearest(
    query: FloatArray, train: FloatArray, k: int, *, exclude_self: bool, brute: bool = False
) -> tuple[IntArray, FloatArray]:
    """Indices and distances of the ``k`` nearest training rows of each query row.

    Neighbours are sorted by distance, then training index, and a tie for the k-th place
    goes to the lower training index, so the result does not depend on the search method
    (and leave-one-out equals refitting without each project). Large, low-dimensional
    problems use ``scipy.spatial.cKDTree`` (rows with a tie at the k-th place are redone
    by brute force); the rest blocked brute force (one matrix product per block of rows).
    With ``exclude_self`` query row ``i`` is training row ``i`` and is left out.
    """
    m = query.shape[0]
    n = train.shape[0]
    extra = 1 if exclude_self else 0
    rows_all = np.arange(m)
    if not brute and n >= _TREE_MIN_ROWS and train.shape[1] <= _TREE_MAX_DIMS and k + extra < n:
        idx, dist, tied = _nearest_tree(query, train, k, exclude_self=exclude_self)
        redo = np.flatnonzero(tied)
        if redo.size:
            self_rows = redo if exclude_self else None
            idx[redo], dist[redo] = _nearest_brute(query[redo], train, k, self_rows)
        return idx, dist
    return _nearest_brute(query, train, k, rows_all if exclude_self else None)


def _nearest_brute(
    query: FloatArray, train: FloatArray, k: int, self_rows: IntArray | None
) -> tuple[IntArray, FloatArray]:
    """Blocked brute force; ``self_rows[j]`` is the training row to leave out for query j."""
    m = query.shape[0]
    n = train.shape[0]
    idx_out = np.empty((m, k), dtype=np.intp)
    dist_out = np.empty((m, k))
    sq_train = np.einsum("ij,ij->i", train, train)
    sq_query = np.einsum("ij,ij->i", query, query)
    # |q - t|² = |q|² + (|t|² - 2 q.t): within a row |q|² is constant, so rank by the
    # bracket (one matrix product with -2 t and one pass) to choose the k nearest.
    train_m2t = (-2.0 * train).T
    block = max(1, _BLOCK_ELEMENTS // max(n, 1))
    for start in range(0, m, block):
        stop = min(m, start + block)
        key = query[start:stop] @ train_m2t
        key += sq_train[None, :]
        rows = np.arange(stop - start)
        if self_rows is not None:
            key[rows, self_rows[start:stop]] = np.inf
        if k < n:
            # The k smallest keys; a tie for the k-th place (equal up to rounding) goes
            # to the lowest indices.
            kth = np.partition(key, k - 1, axis=1)[:, k - 1 : k]
            tol = _TIE_RTOL * (1.0 + np.abs(kth) + sq_query[start:stop, None])
            chosen = key <= kth + tol
            over = np.flatnonzero(chosen.sum(axis=1) > k)  # rows with a tie at the k-th
            if over.size:
                sub = key[over]
                less = sub < kth[over] - tol[over]
                need = k - less.sum(axis=1, keepdims=True)
                equal = chosen[over] & ~less
                chosen[over] = less | (equal & (np.cumsum(equal, axis=1) <= need))
            part = np.nonzero(chosen)[1].reshape(stop - start, k)
        else:
            part = np.broadcast_to(np.arange(n), (stop - start, n)).copy()
        # Distances of the chosen k from the differences: |q|² + |t|² - 2 q.t cancels
        # for close neighbours (relative error ~ eps / d², which inverse-distance
        # weighting and the reported distances would inherit).
        diff = query[start:stop, None, :] - train[part]
        exact = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
        order = np.lexsort((part, exact), axis=1)
        idx_out[start:stop] = np.take_along_axis(part, order, axis=1)
        dist_out[start:stop] = np.take_along_axis(exact, order, axis=1)
    return idx_out, dist_out


@display()
@attrs.frozen
class AnalogyEstimate(PicklesReadOnly):
    """One analogy estimate with its analogues as the explanation.

    Attributes
    ----------
    estimate
        The estimate [unit of the actuals].
    analogues
        Indices (or ids, when given) of the analogues, nearest first.
    distances
        Scaled Euclidean distance of each analogue (read-only array).
    actuals
        Actual value of each analogue (read-only array).
    adapted
        Each analogue's value after size adaptation (equal to ``actuals`` without
        adaptation), read-only array.
    """

    estimate: float
    analogues: tuple[Id, ...]
    distances: FloatArray = attrs.field(eq=False)
    actuals: FloatArray = attrs.field(eq=False)
    adapted: FloatArray = attrs.field(eq=False)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per analogue: ``analogue``, ``distance``, ``actual``, ``adapted``."""
        return [
            {"analogue": a, "distance": float(d), "actual": float(v), "adapted": float(ad)}
            for a, d, v, ad in zip(
                self.analogues, self.distances, self.actuals, self.adapted, strict=True
            )
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


@attrs.frozen
class AnalogyModel(PicklesReadOnly):
    """An :class:`AnalogyEstimator` calibrated on past projects (from ``fit``).

    Attributes
    ----------
    estimator
        The settings.
    features, actuals
        The calibration projects (read-only arrays).
    lower, span
        Scaling: ``(x - lower) / span`` per attribute (read-only arrays).
    weights
        Square roots of the attribute weights (read-only array).
    scaled
        Scaled, weighted calibration features (read-only array).
    """

    estimator: AnalogyEstimator
    features: FloatArray = attrs.field(eq=False)
    actuals: FloatArray = attrs.field(eq=False)
    lower: FloatArray = attrs.field(eq=False)
    span: FloatArray = attrs.field(eq=False)
    weights: FloatArray = attrs.field(eq=False)
    scaled: FloatArray = attrs.field(eq=False)

    def _query(self, features: npt.ArrayLike) -> tuple[FloatArray, IntArray, FloatArray]:
        q = _as_features(features)
        if q.shape[1] != self.features.shape[1]:
            raise ValidationError(
                f"'features' must have {self.features.shape[1]} attributes like the calibration "
                f"projects (got {q.shape[1]})"
            )
        self.estimator._validate(q, None, training=False)
        qs = (q - self.lower) / self.span * self.weights
        idx, dist = _nearest(qs, self.scaled, self.estimator.k, exclude_self=False)
        return q, idx, dist

    def predict(self, features: npt.ArrayLike) -> FloatArray:
        """Estimates for new projects (rows of ``features``)."""
        q, idx, dist = self._query(features)
        train_size, query_size = self._sizes(q)
        return self.estimator._aggregate(idx, dist, self.actuals, train_size, query_size)

    def _sizes(self, q: FloatArray) -> tuple[FloatArray | None, FloatArray | None]:
        # The size column is read only with size adaptation (it was validated for it).
        if self.estimator.adaptation != "size":
            return None, None
        col = self.estimator.size_column
        return self.features[:, col], q[:, col]

    def explain(
        self, features: Sequence[float], ids: Sequence[Id] | None = None
    ) -> AnalogyEstimate:
        """The estimate for one project with its analogues.

        Parameters
        ----------
        features
            Attributes of the new project (one row).
        ids
            Optional ids of the calibration projects, reported instead of indices
            (strings or integers, unique: the id rule of every pmokit domain).

        Raises
        ------
        ValidationError
            If ``features`` is not one valid row like the calibration projects', or
            ``ids`` does not name each calibration project or holds a bad id.
        DuplicateError
            If an id of ``ids`` is repeated.
        """
        ids = _as_ids(ids)
        if ids is not None and len(ids) != self.actuals.size:
            raise ValidationError(
                f"'ids' must name each of the {self.actuals.size} projects (got {len(ids)})"
            )
        if isinstance(features, str) or not isinstance(features, Sequence | np.ndarray):
            raise ValidationError(
                f"'features' of the project to estimate must be one row of numbers "
                f"(got {features!r:.60} that is a {type(features).__name__})"
            )
        q, idx, dist = self._query([list(features)])
        col = self.estimator.size_column
        train_size, query_size = self._sizes(q)
        est = float(self.estimator._aggregate(idx, dist, self.actuals, train_size, query_size)[0])
        row = idx[0]
        vals = self.actuals[row].copy()
        adapted = vals.copy()
        if self.estimator.adaptation == "size":
            adapted = vals * (q[0, col] / self.features[row, col])
        names = tuple(int(i) for i in row) if ids is None else tuple(ids[int(i)] for i in row)
        for arr in (vals, adapted):
            arr.setflags(write=False)
        d = dist[0].copy()
        d.setflags(write=False)
        return AnalogyEstimate(est, names, d, vals, adapted)


def _as_ids(ids: Sequence[Id] | None) -> tuple[Id, ...] | None:
    """The calibration projects' ids under the one id rule (None: report indices)."""
    if ids is None:
        return None
    if isinstance(ids, str) or not isinstance(ids, Sequence | np.ndarray):
        raise ValidationError(
            f"'ids' must be a sequence of project ids (got {ids!r:.60} that is a "
            f"{type(ids).__name__})"
        )
    return check_ids(ids, "ids")


def estimate_by_analogy(
    features: npt.ArrayLike,
    actuals: npt.ArrayLike,
    target: Sequence[float],
    *,
    k: int = 3,
    ids: Sequence[Id] | None = None,
    size_column: int = 0,
    adaptation: Literal["none", "size"] = "none",
    aggregate: Literal["mean", "median", "inverse_distance"] = "mean",
) -> AnalogyEstimate:
    """Estimate one new project from its ``k`` nearest past projects.

    Parameters
    ----------
    features
        Attributes of the past projects, shape ``(n, d)``.
    actuals
        Their actual values, ``> 0``.
    target
        Attributes of the new project (length ``d``).
    k, size_column, adaptation, aggregate
        See :class:`AnalogyEstimator`.
    ids
        Ids of the past projects, used to name the analogues.

    Returns
    -------
    AnalogyEstimate

    Raises
    ------
    ValidationError
        See :meth:`AnalogyEstimator.fit`; also if ``ids`` does not match the projects or
        holds a bad id (``None``, a blank string, a float, a bool).
    DuplicateError
        If an id of ``ids`` is repeated.

    Examples
    --------
    >>> e = estimate_by_analogy([[10.0], [20.0], [30.0]], [100.0, 210.0, 290.0], [19.0],
    ...                         k=2, ids=["P1", "P2", "P3"])
    >>> e.estimate, e.analogues
    (155.0, ('P2', 'P1'))
    """
    ids = _as_ids(ids)
    model = AnalogyEstimator(
        k=k, size_column=size_column, adaptation=adaptation, aggregate=aggregate
    ).fit(features, actuals)
    if ids is not None and len(ids) != model.actuals.size:
        raise ValidationError(
            f"'ids' must name each of the {model.actuals.size} projects (got {len(ids)})"
        )
    return model.explain(target, ids)
