"""AHP hierarchies: criteria, sub-criteria, alternatives; local and global weights."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import attrs

from pmokit._results import PicklesReadOnly, display, frozen_dict, records_to_frame
from pmokit._validation import Problems
from pmokit.errors import CycleError, ValidationError
from pmokit.portfolio._ahp import (
    AHPResult,
    Method,
    PairwiseMatrix,
    RandomIndexTable,
    ahp_priorities,
)
from pmokit.portfolio._frozen import ValueEq

__all__ = ["HierarchyResult", "ahp_hierarchy"]


@display()
@attrs.frozen(eq=False)
class HierarchyResult(PicklesReadOnly, ValueEq):
    """Weights of every node of an AHP hierarchy.

    Attributes
    ----------
    goal
        Name of the root node.
    nodes
        Read-only ``{node: AHPResult}`` (a FrozenDict) for every node that has a pairwise
        matrix; likewise ``global_weights`` and ``leaf_weights`` below.
    global_weights
        ``{node: weight}`` of every non-root node: the sum over its paths from the goal of the
        product of local priorities.
    leaves
        Nodes without a matrix (alternatives or terminal criteria), in first-met order.
    leaf_weights
        ``{leaf: global weight}``, summing to 1: the overall synthesis.
    inconsistent
        Nodes whose matrix has ``cr > threshold``.
    """

    goal: Hashable
    nodes: Mapping[Hashable, AHPResult] = attrs.field(converter=frozen_dict)
    global_weights: Mapping[Hashable, float] = attrs.field(converter=frozen_dict)
    leaves: tuple[Hashable, ...]
    leaf_weights: Mapping[Hashable, float] = attrs.field(converter=frozen_dict)
    inconsistent: tuple[Hashable, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One record per leaf: name, global weight and rank (1 = highest)."""
        order = sorted(self.leaves, key=lambda x: -self.leaf_weights[x])
        return [
            {"leaf": x, "weight": self.leaf_weights[x], "rank": order.index(x) + 1}
            for x in self.leaves
        ]

    def to_frame(self) -> Any:
        """The leaf records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="leaf")


def ahp_hierarchy(
    goal: Hashable,
    matrices: Mapping[Hashable, PairwiseMatrix | AHPResult],
    *,
    method: Method = "eigenvector",
    random_index_table: RandomIndexTable = "saaty2005",
) -> HierarchyResult:
    """Synthesise an AHP hierarchy into global weights (distributive mode).

    Parameters
    ----------
    goal
        Name of the root node; ``matrices[goal]`` compares the top criteria.
    matrices
        ``{node: matrix over its children}``; a child with its own entry is a sub-criterion,
        one without is a leaf (an alternative). The same alternative may appear under several
        criteria; its contributions add up. An :class:`AHPResult` may be given instead of a
        matrix (for example group priorities already computed).
    method, random_index_table
        As in :func:`ahp_priorities`.

    Returns
    -------
    HierarchyResult

    Raises
    ------
    ValidationError
        If the goal has no matrix or a node is not reachable from the goal.
    CycleError
        If a node is its own ancestor.

    Examples
    --------
    >>> crit = PairwiseMatrix.from_judgements({("cost", "benefit"): 1/3})
    >>> cost = PairwiseMatrix.from_judgements({("A", "B"): 2})
    >>> ben = PairwiseMatrix.from_judgements({("A", "B"): 1/4})
    >>> h = ahp_hierarchy("goal", {"goal": crit, "cost": cost, "benefit": ben})
    >>> {k: round(v, 4) for k, v in h.leaf_weights.items()}
    {'A': 0.3167, 'B': 0.6833}
    """
    p = Problems()
    if goal not in matrices:
        raise ValidationError(f"'matrices' must hold a matrix for the goal {goal!r} (it does not)")
    for k, m in matrices.items():
        if not isinstance(m, PairwiseMatrix | AHPResult):
            p.add(f"node {k!r} must map to a PairwiseMatrix or AHPResult (got {type(m).__name__})")
    p.raise_if_any()
    nodes: dict[Hashable, AHPResult] = {}
    for k, m in matrices.items():
        nodes[k] = (
            m
            if isinstance(m, AHPResult)
            else ahp_priorities(m, method=method, random_index_table=random_index_table)
        )
    global_w: dict[Hashable, float] = {}
    leaves: list[Hashable] = []

    def visit(node: Hashable, weight: float, path: tuple[Hashable, ...]) -> None:
        res = nodes[node]
        for lab, w in zip(res.labels, res.priorities, strict=True):
            if lab in path or lab == node:
                raise CycleError((*path, node, lab), what="AHP hierarchy")
            gw = weight * float(w)
            global_w[lab] = global_w.get(lab, 0.0) + gw
            if lab in nodes:
                visit(lab, gw, (*path, node))
            elif lab not in leaves:
                leaves.append(lab)

    visit(goal, 1.0, ())
    unreachable = [k for k in nodes if k != goal and k not in global_w]
    if unreachable:
        raise ValidationError(
            f"nodes {unreachable!r} have matrices but are not reachable from the goal {goal!r}; "
            "add them to a parent matrix or remove them"
        )
    leaf_w = {x: global_w[x] for x in leaves}
    bad = tuple(k for k, r in nodes.items() if not r.consistent)
    return HierarchyResult(goal, nodes, global_w, tuple(leaves), leaf_w, bad)
