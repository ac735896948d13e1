"""Analytic Hierarchy Process: pairwise matrices, priorities, consistency, revisions, Harker.

References
----------
Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
Saaty, T. L. (2005). *Theory and Applications of the Analytic Network Process*. RWS, p. 31.
Saaty, T. L. (2008). Decision making with the analytic hierarchy process. *Int. J. Services
Sciences* 1(1), 83-98. doi:10.1504/IJSSCI.2008.017590
Harker, P. T. (1987). Incomplete pairwise comparisons in the analytic hierarchy process.
*Mathematical Modelling* 9(11), 837-848. doi:10.1016/0270-0255(87)90503-3
Donegan, H. A., Dodd, F. J. (1991). A note on Saaty's random indexes. *Mathematical and
Computer Modelling* 15(10), 135-137. doi:10.1016/0895-7177(91)90098-R
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from pmokit._results import IdMapping, PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    check_choice,
    check_id,
    check_number,
    number_kind_problem,
)
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio._frozen import ValueEq

__all__ = [
    "RANDOM_INDEX",
    "AHPResult",
    "PairwiseMatrix",
    "Revision",
    "ahp_priorities",
    "random_index",
]

Method = Literal["eigenvector", "geometric"]
RandomIndexTable = Literal["saaty1980", "saaty2005", "donegan_dodd1991"]

RANDOM_INDEX: Mapping[str, tuple[float, ...]] = {
    # index n-1 holds RI for an n x n matrix
    "saaty1980": (
        0.0,
        0.0,
        0.58,
        0.90,
        1.12,
        1.24,
        1.32,
        1.41,
        1.45,
        1.49,
        1.51,
        1.48,
        1.56,
        1.57,
        1.59,
    ),
    "saaty2005": (
        0.0,
        0.0,
        0.52,
        0.89,
        1.11,
        1.25,
        1.35,
        1.40,
        1.45,
        1.49,
        1.52,
        1.54,
        1.56,
        1.58,
        1.59,
    ),
    "donegan_dodd1991": (
        0.0,
        0.0,
        0.4914,
        0.8286,
        1.0591,
        1.1797,
        1.2519,
        1.3171,
        1.3733,
        1.4055,
        1.4213,
        1.4497,
        1.4643,
        1.4822,
        1.4969,
        1.5078,
        1.5153,
        1.5262,
        1.5313,
        1.5371,
    ),
}
"""Random consistency indices by table name: Saaty (1980), Saaty (2005, p. 31) and Donegan &
Dodd (1991); entry ``n - 1`` is the RI of an ``n x n`` matrix."""

_SAATY_SCALE = np.array(
    [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    dtype=np.float64,
)


def random_index(n: int, table: RandomIndexTable = "saaty2005") -> float:
    """Random consistency index RI of an ``n x n`` matrix from the named table.

    Parameters
    ----------
    n
        Order of the matrix, an integer >= 1.
    table
        ``"saaty1980"``, ``"saaty2005"`` or ``"donegan_dodd1991"``.

    Returns
    -------
    float

    Raises
    ------
    ValidationError
        If ``n`` is not an integer (a bool read as 1), the table is unknown or does not
        cover ``n``.

    Examples
    --------
    >>> random_index(4, "saaty1980"), random_index(4, "saaty2005")
    (0.9, 0.89)
    """
    check_number(n, "n", integer=True)
    check_choice(table, "random_index table", tuple(RANDOM_INDEX))
    values = RANDOM_INDEX[table]
    if not 1 <= n <= len(values):
        raise ValidationError(
            f"random index table '{table}' covers matrices of order 1 to {len(values)} (got {n}); "
            "choose 'donegan_dodd1991' (up to 20) or split the criteria into a hierarchy"
        )
    return values[n - 1]


def _as_tuple(items: Iterable[Hashable]) -> tuple[Hashable, ...]:
    return tuple(items)


def _check_matrix_values(
    values: FloatArray, labels: Sequence[Hashable], tol: float, p: Problems
) -> FloatArray:
    """Check positivity and reciprocity; fill a missing side from its reciprocal."""
    n = values.shape[0]
    out = values.copy()
    for i in range(n):
        if not (np.isnan(out[i, i]) or abs(out[i, i] - 1.0) <= tol):
            p.add(f"diagonal entry ({labels[i]!r}, {labels[i]!r}) must be 1 (got {out[i, i]!r})")
        out[i, i] = 1.0
    bad = np.isinf(out) | (out <= 0)
    for i, j in zip(*np.nonzero(bad), strict=True):
        p.add(
            f"judgement ({labels[i]!r}, {labels[j]!r}) must be a positive finite number "
            f"(got {out[i, j]!r})"
        )
    if p:
        return out
    iu, ju = np.triu_indices(n, 1)
    up, lo = out[iu, ju], out[ju, iu]
    fill_lo = ~np.isnan(up) & np.isnan(lo)
    fill_up = np.isnan(up) & ~np.isnan(lo)
    out[ju[fill_lo], iu[fill_lo]] = 1.0 / up[fill_lo]
    out[iu[fill_up], ju[fill_up]] = 1.0 / lo[fill_up]
    both = ~np.isnan(up) & ~np.isnan(lo)
    prod = up * lo
    nonrec = both & (np.abs(prod - 1.0) > tol)
    for k in np.nonzero(nonrec)[0]:
        i, j = int(iu[k]), int(ju[k])
        p.add(
            f"judgements ({labels[i]!r}, {labels[j]!r}) = {up[k]!r} and ({labels[j]!r}, "
            f"{labels[i]!r}) = {lo[k]!r} must be reciprocal (product 1, got {prod[k]!r}); "
            "give one side only or fix the other"
        )
    return out


@attrs.frozen(eq=False)
class PairwiseMatrix(PicklesReadOnly, ValueEq):
    """A positive reciprocal pairwise-comparison matrix on Saaty's scale (1-9 and reciprocals).

    ``values[i, j]`` says how much more important ``labels[i]`` is than ``labels[j]``.
    Missing judgements are ``nan`` (both sides); :func:`ahp_priorities` then uses Harker's
    method. Non-reciprocal input is **rejected**; a side given alone is completed with its
    reciprocal. Values outside ``[1/9, 9]`` are accepted (aggregated group judgements and
    ratio measurements may fall there).

    Attributes
    ----------
    labels
        The compared items, in matrix order.
    values
        Read-only ``(n, n)`` array, ``nan`` where a judgement is missing.

    Raises
    ------
    ValidationError
        On a non-square array, duplicate labels, non-positive or infinite judgements,
        a diagonal entry other than 1, or ``a[i, j] * a[j, i] != 1``.

    Examples
    --------
    >>> m = PairwiseMatrix.from_judgements({("cost", "risk"): 3, ("cost", "fit"): 5,
    ...                                     ("risk", "fit"): 2})
    >>> m.labels
    ('cost', 'risk', 'fit')
    >>> float(m.values[2, 0])
    0.2
    """

    labels: tuple[Hashable, ...] = attrs.field(converter=_as_tuple)
    values: FloatArray = attrs.field(repr=False)

    def __attrs_post_init__(self) -> None:
        kind_problem = number_kind_problem(self.values, "values")
        if kind_problem is not None:  # complex, datetime64, None ... (nan marks a gap)
            raise ValidationError(kind_problem)
        arr = np.array(self.values, dtype=np.float64)
        n = len(self.labels)
        p = Problems()
        if arr.shape != (n, n):
            raise ValidationError(
                f"'values' must be a {n} x {n} matrix for {n} labels (got shape {arr.shape})"
            )
        bad = [m for k, x in enumerate(self.labels) if (m := check_id(x, f"labels[{k}]"))]
        if bad:
            raise ValidationError(bad)
        dup = [x for x in dict.fromkeys(self.labels) if self.labels.count(x) > 1]
        if dup:
            raise DuplicateError(f"labels must be unique (repeated: {dup!r})", dup)
        out = _check_matrix_values(arr, self.labels, 1e-6, p)
        p.raise_if_any()
        out.setflags(write=False)
        object.__setattr__(self, "values", out)

    @classmethod
    def from_array(
        cls,
        values: Sequence[Sequence[float]] | FloatArray,
        labels: Sequence[Hashable] | None = None,
    ) -> PairwiseMatrix:
        """Build from a square array (``nan`` for missing judgements).

        Parameters
        ----------
        values
            ``(n, n)`` array-like of judgements.
        labels
            Item names; default ``0 .. n-1``.

        Returns
        -------
        PairwiseMatrix
        """
        try:
            arr = np.array(values, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"'values' must be a square array of numbers ({exc})") from None
        if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
            raise ValidationError(f"'values' must be a square matrix (got shape {arr.shape})")
        labs = tuple(range(arr.shape[0])) if labels is None else tuple(labels)
        return cls(labs, arr)

    @classmethod
    def from_judgements(
        cls,
        judgements: Mapping[tuple[Hashable, Hashable], float],
        labels: Sequence[Hashable] | None = None,
    ) -> PairwiseMatrix:
        """Build from judgements on pairs: ``{(a, b): 3}`` means *a* is 3 times *b*.

        Pairs not given are missing (Harker's method fills them). Giving both ``(a, b)`` and
        ``(b, a)`` is allowed only when they are reciprocal.

        Parameters
        ----------
        judgements
            Mapping from ``(row item, column item)`` to the judgement.
        labels
            Item order; default: order of first appearance. Items named in ``judgements``
            but not in ``labels`` are reported.

        Returns
        -------
        PairwiseMatrix
        """
        seen: list[Hashable] = []
        for pair in judgements:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise ValidationError(f"judgement keys must be (item, item) pairs (got {pair!r})")
            for x in pair:
                if x not in seen:
                    seen.append(x)
        labs = list(seen) if labels is None else list(labels)
        index = {x: i for i, x in enumerate(labs)}
        unknown = [x for x in seen if x not in index]
        if unknown:
            raise UnknownReferenceError(
                f"judgements name items not in 'labels': {unknown!r}", unknown
            )
        n = len(labs)
        arr = np.full((n, n), np.nan)
        p = Problems()
        for (a, b), v in judgements.items():
            if a == b:
                p.add(f"judgement ({a!r}, {b!r}) compares an item with itself; remove it")
                continue
            p.check_number(v, f"judgement ({a!r}, {b!r})", minimum=0.0, strict_minimum=True)
            if not p:
                arr[index[a], index[b]] = float(v)
        p.raise_if_any()
        return cls(tuple(labs), arr)

    @property
    def n(self) -> int:
        """Order of the matrix."""
        return len(self.labels)

    @property
    def missing(self) -> tuple[tuple[Hashable, Hashable], ...]:
        """Pairs ``(a, b)`` (upper triangle) whose judgement is missing."""
        iu, ju = np.triu_indices(self.n, 1)
        miss = np.isnan(self.values[iu, ju])
        return tuple(
            (self.labels[i], self.labels[j]) for i, j in zip(iu[miss], ju[miss], strict=True)
        )

    def with_judgement(self, a: Hashable, b: Hashable, value: float) -> PairwiseMatrix:
        """A copy with judgement ``(a, b)`` set to ``value`` (and ``(b, a)`` to ``1/value``)."""
        idx = {x: i for i, x in enumerate(self.labels)}
        unknown = [x for x in (a, b) if x not in idx]
        if unknown:
            raise UnknownReferenceError(f"unknown items {unknown!r}", unknown)
        arr = np.array(self.values)
        arr[idx[a], idx[b]] = value
        arr[idx[b], idx[a]] = 1.0 / value
        return PairwiseMatrix(self.labels, arr)


@attrs.frozen
class Revision:
    """A suggested revision of one judgement, most inconsistent first.

    Attributes
    ----------
    row, column
        The pair ``(row, column)`` whose judgement is revised.
    current
        The judgement given.
    implied
        ``w[row] / w[column]`` from the current priorities.
    suggested
        ``implied`` rounded to the nearest value on Saaty's scale (1/9 .. 9).
    error
        ``a[row, column] * w[column] / w[row]`` (1 when consistent with the priorities).
    cr_after
        Consistency ratio if only this judgement is changed to ``suggested``.
    """

    row: Hashable
    column: Hashable
    current: float
    implied: float
    suggested: float
    error: float
    cr_after: float


@display("labels", "priorities", "cr", "consistent", "threshold", "method")
@attrs.frozen(eq=False)
class AHPResult(PicklesReadOnly, ValueEq, IdMapping):
    """Priorities and consistency of one pairwise matrix.

    A read-only mapping of label -> priority: ``result["cost"]``, ``"cost" in result``,
    iteration over the labels, ``len`` and ``.get``; an unknown label raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).

    Attributes
    ----------
    labels
        The items, in matrix order.
    priorities
        Read-only weights summing to 1, aligned with ``labels``.
    method
        ``"eigenvector"`` or ``"geometric"``.
    lambda_max
        Principal eigenvalue of the matrix (of Harker's matrix when judgements are missing).
    ci
        Consistency index ``(lambda_max - n) / (n - 1)``.
    cr
        Consistency ratio ``ci / ri`` (0 for n <= 2).
    ri
        The random index used.
    random_index_table
        Name of the RI table (``"saaty1980"``, ``"saaty2005"``, ``"donegan_dodd1991"``).
    threshold
        Saaty's acceptable CR: 0.05 (n = 3), 0.08 (n = 4), 0.10 otherwise.
    consistent
        ``cr <= threshold``.
    revisions
        The most inconsistent judgements with suggested revisions.
    incomplete
        True when judgements were missing and Harker's method was used.
    """

    labels: tuple[Hashable, ...]
    priorities: FloatArray = attrs.field(repr=False)
    method: str
    lambda_max: float
    ci: float
    cr: float
    ri: float
    random_index_table: str
    threshold: float
    consistent: bool
    revisions: tuple[Revision, ...]
    incomplete: bool

    _what = "label"

    @property
    def ids(self) -> tuple[Hashable, ...]:  # type: ignore[override]
        """The labels (the keys of this mapping)."""
        return self.labels

    def _row(self, i: int) -> float:
        """Priority of the label at position ``i``."""
        return float(self.priorities[i])

    def as_dict(self) -> dict[Hashable, float]:
        """``{label: priority}`` in matrix order."""
        return {k: float(v) for k, v in zip(self.labels, self.priorities, strict=True)}

    def to_records(self) -> list[dict[str, Any]]:
        """One record per item: label, priority and rank (1 = highest)."""
        order = np.argsort(-self.priorities, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(1, len(order) + 1)
        return [
            {"label": lab, "priority": float(w), "rank": int(r)}
            for lab, w, r in zip(self.labels, self.priorities, rank, strict=True)
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame indexed by label (needs pandas)."""
        return records_to_frame(self.to_records(), index="label")


def _principal(a: FloatArray) -> tuple[float, FloatArray]:
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    return float(vals[k].real), w / w.sum()


def _harker(values: FloatArray) -> FloatArray:
    miss = np.isnan(values)
    c = np.where(miss, 0.0, values)
    np.fill_diagonal(c, 1.0 + miss.sum(axis=1))
    return c


def _connected(values: FloatArray) -> bool:
    n = values.shape[0]
    known = ~np.isnan(values)
    seen = np.zeros(n, dtype=bool)
    seen[0] = True
    frontier = [0]
    while frontier:
        i = frontier.pop()
        nxt = np.nonzero(known[i] & ~seen)[0]
        seen[nxt] = True
        frontier.extend(int(j) for j in nxt)
    return bool(seen.all())


def _threshold(n: int) -> float:
    return 0.05 if n == 3 else 0.08 if n == 4 else 0.10


def _analyse(values: FloatArray, method: str, ri: float) -> tuple[FloatArray, float, float, float]:
    n = values.shape[0]
    incomplete = bool(np.isnan(values).any())
    a = _harker(values) if incomplete else values
    lam, w_eig = _principal(a)
    if method == "geometric":
        if incomplete:
            w = w_eig
        else:
            g = np.exp(np.mean(np.log(a), axis=1))
            w = g / g.sum()
    else:
        w = w_eig
    ci = max((lam - n) / (n - 1), 0.0) if n > 2 else 0.0
    cr = ci / ri if n > 2 and ri > 0 else 0.0
    return w, lam, ci, cr


def ahp_priorities(
    matrix: PairwiseMatrix,
    *,
    method: Method = "eigenvector",
    random_index_table: RandomIndexTable = "saaty2005",
    n_revisions: int = 3,
) -> AHPResult:
    """Priorities, lambda max, CI and CR of a pairwise matrix, with suggested revisions.

    Parameters
    ----------
    matrix
        The pairwise comparisons; missing judgements (``nan``) are handled with Harker's
        (1987) method: a missing ``a[i, j]`` is replaced by 0 and the diagonal ``a[i, i]`` by
        ``1 + (missing judgements in row i)``; its principal eigenvector gives the priorities
        and its eigenvalue the CI. The known judgements must connect all items.
    method
        ``"eigenvector"`` (Saaty's principal right eigenvector) or ``"geometric"`` (normalised
        row geometric means; with missing judgements Harker's eigenvector is used). The CI
        is always from the principal eigenvalue.
    random_index_table
        RI table for the CR: ``"saaty1980"``, ``"saaty2005"`` (default, the values ahpy's
        ``random_index='saaty'`` uses) or ``"donegan_dodd1991"``. It is named in the result.
    n_revisions
        How many of the most inconsistent judgements to report with a suggested revision
        (judgements already consistent within 1e-9 are not reported).

    Returns
    -------
    AHPResult

    Raises
    ------
    ValidationError
        On an unknown method or table, an order the table does not cover, or missing
        judgements that leave the items disconnected.

    Examples
    --------
    Saaty's (2008) drinks-consumption example: published priorities .177, .019, .042, .116,
    .190, .129, .327 and CR .022.

    >>> drinks = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
    >>> a = [[1, 9, 5, 2, 1, 1, 1/2], [1/9, 1, 1/3, 1/9, 1/9, 1/9, 1/9],
    ...      [1/5, 3, 1, 1/3, 1/4, 1/3, 1/9], [1/2, 9, 3, 1, 1/2, 1, 1/3],
    ...      [1, 9, 4, 2, 1, 2, 1/2], [1, 9, 3, 1, 1/2, 1, 1/3], [2, 9, 9, 3, 2, 3, 1]]
    >>> r = ahp_priorities(PairwiseMatrix.from_array(a, drinks))
    >>> [round(float(w), 3) for w in r.priorities]
    [0.177, 0.019, 0.042, 0.116, 0.19, 0.129, 0.327]
    >>> round(r.cr, 3), r.random_index_table, r.consistent
    (0.022, 'saaty2005', True)
    """
    if not isinstance(matrix, PairwiseMatrix):
        raise ValidationError(
            f"'matrix' must be a PairwiseMatrix (got {type(matrix).__name__}); "
            "build one with PairwiseMatrix.from_array or .from_judgements"
        )
    check_choice(method, "method", ("eigenvector", "geometric"))
    n = matrix.n
    ri = random_index(n, random_index_table) if n >= 1 else 0.0
    values = np.array(matrix.values)
    incomplete = bool(np.isnan(values).any())
    if incomplete and not _connected(values):
        raise ValidationError(
            "the known judgements must connect all items (missing pairs: "
            f"{list(matrix.missing)!r}); add judgements linking the separate groups"
        )
    w, lam, ci, cr = _analyse(values, method, ri)
    revisions: list[Revision] = []
    if (
        isinstance(n_revisions, bool)
        or not isinstance(n_revisions, int | np.integer)
        or n_revisions < 0
    ):
        raise ValidationError(
            f"'n_revisions' must be an integer >= 0 (got {n_revisions!r} that is a "
            f"{type(n_revisions).__name__})"
        )
    if n > 2 and n_revisions > 0:
        iu, ju = np.triu_indices(n, 1)
        known = ~np.isnan(values[iu, ju])
        iu, ju = iu[known], ju[known]
        implied = w[iu] / w[ju]
        err = values[iu, ju] / implied
        order = np.argsort(-np.abs(np.log(err)), kind="stable")
        for k in order[:n_revisions]:
            if abs(np.log(err[k])) <= 1e-9:
                break
            i, j = int(iu[k]), int(ju[k])
            sug = float(_SAATY_SCALE[np.argmin(np.abs(np.log(_SAATY_SCALE) - np.log(implied[k])))])
            trial = values.copy()
            trial[i, j], trial[j, i] = sug, 1.0 / sug
            _, _, _, cr_after = _analyse(trial, method, ri)
            revisions.append(
                Revision(
                    matrix.labels[i],
                    matrix.labels[j],
                    float(values[i, j]),
                    float(implied[k]),
                    sug,
                    float(err[k]),
                    float(cr_after),
                )
            )
    w = w.astype(np.float64)
    w.setflags(write=False)
    thr = _threshold(n)
    return AHPResult(
        labels=matrix.labels,
        priorities=w,
        method=method,
        lambda_max=lam,
        ci=ci,
        cr=cr,
        ri=ri,
        random_index_table=random_index_table,
        threshold=thr,
        consistent=bool(cr <= thr),
        revisions=tuple(revisions),
        incomplete=incomplete,
    )
