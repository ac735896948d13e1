"""Cross-project view: the project-level dependency graph of a portfolio schedule, which
projects block which, and the inter-project chains that drive each project's finish."""

from __future__ import annotations

from typing import Any

import attrs
import networkx as nx
import numpy as np

from pmokit._results import IdMapping, PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray, Id
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling._cpm import FLOAT_TOL, Schedule
from pmokit.scheduling._resultbase import FrozenResult

__all__ = ["CrossProjectView", "ProjectLink", "cross_project"]



@attrs.frozen
class ProjectLink(PicklesReadOnly):
    """The activity links from one project to another, aggregated.

    Attributes
    ----------
    predecessor, successor
        Project ids.
    links
        Number of activity links between them.
    driving
        How many of those links drive their successor's early start (zero slack): the
        predecessor project currently holds the successor project up.
    slack
        The smallest link slack [working days]: how far the predecessor project's
        activities can slip before the successor project moves; ``inf`` when every
        link between them holds nothing (links of level-of-effort activities, see
        :attr:`Schedule.link_slack`).
    """

    predecessor: str
    successor: str
    links: int
    driving: int
    slack: float


@display()
@attrs.frozen(eq=False)
class CrossProjectView(FrozenResult, IdMapping):
    """Portfolio view of a schedule whose activities carry ``project``.

    Attributes
    ----------
    schedule
        The schedule it was built from.
    projects
        Project ids, sorted.
    start, finish
        Early start and early finish of each project [working days], aligned with
        :attr:`projects`.
    total_float
        The smallest total float of each project's activities [working days].
    links
        Aggregated cross-project links, sorted by predecessor then successor.
    chains
        For each project whose finish is driven through other projects: the project
        sequence of that driving chain, earliest first, ending with the project
        (inter-project critical chains).

    Notes
    -----
    A read-only mapping of project id to that project's row (``view["P1"]``, ``in``,
    iteration over the projects, ``len``, ``.get``); an unknown project raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).
    """

    schedule: Schedule
    projects: tuple[Id, ...]
    start: FloatArray
    finish: FloatArray
    total_float: FloatArray
    links: tuple[ProjectLink, ...]
    chains: tuple[tuple[Id, ...], ...]

    _what = "project"

    @property
    def ids(self) -> tuple[Id, ...]:  # type: ignore[override]
        """The project ids (the keys of this mapping), as :attr:`projects`."""
        return self.projects

    def _row(self, k: int) -> dict[str, Any]:
        p = self.projects[k]
        return {
            "project": p,
            "start": float(self.start[k]),
            "finish": float(self.finish[k]),
            "total_float": float(self.total_float[k]),
            "blockers": ", ".join(map(str, self.blockers(p))),
        }

    def graph(self) -> nx.DiGraph:
        """The project dependency graph: nodes are projects (with ``start``, ``finish``,
        ``total_float``), edges carry ``links``, ``driving`` and ``slack``."""
        g = nx.DiGraph()
        for k, p in enumerate(self.projects):
            g.add_node(p, start=float(self.start[k]), finish=float(self.finish[k]),
                       total_float=float(self.total_float[k]))
        for link in self.links:
            g.add_edge(link.predecessor, link.successor, links=link.links,
                       driving=link.driving, slack=link.slack)
        return g

    def _check(self, project: Id) -> None:
        try:
            known = project in self.projects
        except TypeError:  # unhashable
            known = False
        if not known:
            raise UnknownReferenceError(f"no project {project!r} in this view", [project])

    def blockers(self, project: Id) -> tuple[Id, ...]:
        """Projects that currently hold ``project`` up (a driving link into it)."""
        self._check(project)
        return tuple(
            lk.predecessor for lk in self.links if lk.successor == project and lk.driving
        )

    def blocked_by(self, project: str) -> tuple[Id, ...]:
        """Projects that ``project`` currently holds up."""
        self._check(project)
        return tuple(
            lk.successor for lk in self.links if lk.predecessor == project and lk.driving
        )

    def upstream(self, project: str) -> tuple[Id, ...]:
        """Every project ``project`` depends on, directly or transitively (sorted)."""
        self._check(project)
        return tuple(sorted(nx.ancestors(self.graph(), project)))

    def downstream(self, project: str) -> tuple[Id, ...]:
        """Every project that depends on ``project``, directly or transitively (sorted)."""
        self._check(project)
        return tuple(sorted(nx.descendants(self.graph(), project)))

    def driving_chain(self, project: str) -> tuple[Id, ...]:
        """Activity ids of the chain of driving links that ends at the project's finishing
        activity (its latest early finish), earliest first."""
        self._check(project)
        return _driving_chain(self.schedule, project)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per project."""
        return [self._row(k) for k in range(len(self.projects))]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by project (needs pandas)."""
        return records_to_frame(self.to_records(), index="project")


def _driving_chain(s: Schedule, project: str) -> tuple[Id, ...]:
    c = s.network.compiled
    proj = s.network.projects
    members = np.array([i for i, p in enumerate(proj) if p == project], dtype=np.int64)
    j = int(members[np.argmax(s.early_finish[members])])
    slack = s.link_slack
    chain = [j]
    seen = {j}
    while True:
        links = c.pred_link[c.pred_ptr[j] : c.pred_ptr[j + 1]]
        tight = links[slack[links] <= FLOAT_TOL]
        if tight.size == 0:
            break
        # among several driving predecessors prefer the one that finishes last
        preds = c.link_pred[tight]
        j = int(preds[np.lexsort((preds, -s.early_finish[preds]))[0]])
        if j in seen:  # pragma: no cover - impossible in a DAG
            break
        seen.add(j)
        chain.append(j)
    return tuple(c.ids[i] for i in reversed(chain))


def cross_project(schedule: Schedule) -> CrossProjectView:
    """The cross-project view of a schedule whose activities carry ``project``.

    Parameters
    ----------
    schedule
        A schedule; activities without a project are left out of the project-level
        figures (but links through them still count in driving chains).

    Returns
    -------
    CrossProjectView

    Raises
    ------
    ValidationError
        When no activity has a project.

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
    >>> net = Network(
    ...     [Activity("P1-A", 5, project="P1"), Activity("P1-B", 2, project="P1"),
    ...      Activity("P2-A", 3, project="P2"), Activity("P2-B", 4, project="P2")],
    ...     [Dependency("P1-A", "P1-B"), Dependency("P2-A", "P2-B"),
    ...      Dependency("P1-A", "P2-B")])
    >>> view = cross_project(schedule(net))
    >>> view.blockers("P2"), view.chains
    (('P1',), (('P1', 'P2'),))
    >>> view.driving_chain("P2")
    ('P1-A', 'P2-B')
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(f"'schedule' must be a Schedule (got {type(schedule).__name__})")
    net = schedule.network
    c = net.compiled
    proj = net.projects
    names = sorted({p for p in proj if p is not None})
    if not names:
        raise ValidationError(
            "cross_project needs activities with a 'project', but none of the "
            f"{c.n} activities has one"
        )
    code = {p: k for k, p in enumerate(names)}
    pid = np.array([code[p] if p is not None else -1 for p in proj], dtype=np.int64)
    tagged = pid >= 0
    k = len(names)
    start = np.full(k, np.inf)
    finish = np.full(k, -np.inf)
    tf = np.full(k, np.inf)
    np.minimum.at(start, pid[tagged], schedule.early_start[tagged])
    np.maximum.at(finish, pid[tagged], schedule.early_finish[tagged])
    np.minimum.at(tf, pid[tagged], schedule.total_float[tagged])
    slack = schedule.link_slack
    pp, ps = pid[c.link_pred], pid[c.link_succ]
    cross = (pp >= 0) & (ps >= 0) & (pp != ps)
    links: list[ProjectLink] = []
    if cross.any():
        key = pp[cross] * k + ps[cross]
        sl = slack[cross]
        uniq, inv = np.unique(key, return_inverse=True)
        count = np.bincount(inv)
        driving = np.bincount(inv, weights=(sl <= FLOAT_TOL).astype(float))
        min_slack = np.full(uniq.size, np.inf)
        np.minimum.at(min_slack, inv, sl)
        for u, n_l, n_d, m in zip(uniq.tolist(), count.tolist(), driving.tolist(),
                                  min_slack.tolist(), strict=True):
            links.append(ProjectLink(names[u // k], names[u % k], int(n_l), int(n_d),
                                     max(float(m), 0.0)))
    chains: list[tuple[Id, ...]] = []
    for p in names:
        seq: list[Id] = []
        for a in _driving_chain(schedule, p):
            q = proj[c.index[a]]
            if q is not None and (not seq or seq[-1] != q):
                seq.append(q)
        if len(seq) > 1:
            chains.append(tuple(seq))
    for arr in (start, finish, tf):
        arr.setflags(write=False)
    return CrossProjectView(
        schedule=schedule,
        projects=tuple(names),
        start=start,
        finish=finish,
        total_float=tf,
        links=tuple(links),
        chains=tuple(chains),
    )
