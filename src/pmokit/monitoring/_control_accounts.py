"""Control accounts: the WBS x OBS cells that own work packages, with roll-ups and signals.

Each work package (and planning package, a :class:`~pmokit.monitoring.WorkPackage` with
technique ``"planning"``) names its control account; a :class:`ControlAccount` sits at the
crossing of a WBS element and an OBS unit. :func:`control_account_rollup` sums BAC, PV,
EV and AC to the status date at every level (control account, each WBS ancestor, each OBS
unit, project) and derives CV, SV, EAC = AC + (BAC - EV) / CPI and VAC = BAC - EAC.
Variances beyond thresholds raise :class:`~pmokit.monitoring.Signal` items.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from pmokit._results import (
    ComparesValues,
    IdMapping,
    PicklesReadOnly,
    Record,
    display,
    readonly,
    records_to_frame,
)
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    check_id,
    check_ids,
    check_known,
    number_kind_problem,
)
from pmokit.errors import ValidationError
from pmokit.monitoring._ev_techniques import PerformanceData
from pmokit.monitoring._signals import Signal, SignalKind, Signals, _collect

__all__ = ["AccountLevel", "ControlAccount", "ControlAccountReport", "control_account_rollup"]

AccountLevel = Literal["control_account", "wbs", "obs", "project"]
"""Level of a roll-up row."""


@attrs.frozen
class ControlAccount:
    """A control account: one WBS element managed by one OBS unit.

    Attributes
    ----------
    id
        The control account's id.
    wbs
        Its WBS element, dotted (``"1.2"``: the roll-up also gives ``"1"``).
    obs
        The organisation unit responsible for it.
    """

    id: Hashable
    wbs: str
    obs: str

    def __attrs_post_init__(self) -> None:
        p = Problems()
        for name, v in (("control account id", self.id), ("wbs", self.wbs), ("obs", self.obs)):
            if (m := check_id(v, name)) is not None:
                p.add(m)
        p.raise_if_any()


def _ratio(a: FloatArray, b: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan)
    return out


@display()
@attrs.frozen(eq=False)
class ControlAccountReport(PicklesReadOnly, IdMapping, ComparesValues):
    """Roll-up of earned value at every level, to the status date.

    ``report["CA1"]`` is that row as a dict. Ids are ``("control_account", id)``,
    ``("wbs", element)``, ``("obs", unit)`` and ``("project", "")``; ``report[id]`` also
    accepts a bare control account id.

    Attributes
    ----------
    ids
        ``(level, name)`` of each row.
    bac, pv, ev, ac
        Budget at completion, planned value, earned value and actual cost to date [currency].
    eac
        Estimate at completion AC + (BAC - EV) / CPI [currency] (BAC when nothing is spent;
        ``inf`` when money is spent but nothing is earned: CPI = 0, IEEE division as in
        :class:`EarnedValue`).
    vac
        Variance at completion BAC - EAC [currency] (``-inf`` where ``eac`` is ``inf``).
    signals
        Signals for rows whose variances crossed the thresholds.
    """

    ids: tuple[tuple[AccountLevel, Hashable], ...]
    bac: FloatArray
    pv: FloatArray
    ev: FloatArray
    ac: FloatArray
    eac: FloatArray
    vac: FloatArray
    signals: Signals
    _what = "roll-up row"

    @property
    def cv(self) -> FloatArray:
        """Cost variance EV - AC [currency]."""
        out: FloatArray = self.ev - self.ac
        return out

    @property
    def sv(self) -> FloatArray:
        """Schedule variance EV - PV [currency]."""
        out: FloatArray = self.ev - self.pv
        return out

    def _position(self, key: Any) -> int:
        if not (isinstance(key, tuple) and len(key) == 2):
            key = ("control_account", key)
        return super()._position(key)

    def _row(self, i: int) -> Record:
        level, name = self.ids[i]
        return {
            "level": level,
            "name": name,
            "bac": float(self.bac[i]),
            "pv": float(self.pv[i]),
            "ev": float(self.ev[i]),
            "ac": float(self.ac[i]),
            "cv": float(self.cv[i]),
            "sv": float(self.sv[i]),
            "eac": float(self.eac[i]),
            "vac": float(self.vac[i]),
        }

    def to_records(self) -> list[Record]:
        """One dict per row."""
        return [self._row(i) for i in range(len(self.ids))]

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _pair(value: Any, name: str, p: Problems) -> tuple[float, float]:
    if (m := number_kind_problem(value, name)) is not None:
        p.add(m)
        return (math.nan, math.nan)
    try:
        amber, red = (float(v) for v in value)
    except (TypeError, ValueError):
        p.add(f"'{name}' must be an (amber, red) pair of percentages (got {value!r})")
        return (math.nan, math.nan)
    if not (0 < amber <= red) or not math.isfinite(red):
        p.add(f"'{name}' must be (amber, red) percentages with 0 < amber <= red (got {value!r})")
    return amber, red


def control_account_rollup(
    perf: PerformanceData,
    accounts: Sequence[ControlAccount],
    *,
    project: str = "",
    cv_percent: tuple[float, float] = (5.0, 10.0),
    sv_percent: tuple[float, float] = (5.0, 10.0),
    vac_percent: tuple[float, float] = (5.0, 10.0),
) -> ControlAccountReport:
    """Roll BAC, PV, EV, AC, EAC and VAC up the control accounts, WBS, OBS and project.

    Parameters
    ----------
    perf
        :class:`~pmokit.monitoring.PerformanceData` of the work packages; each names its
        control account.
    accounts
        The :class:`ControlAccount` items.
    project
        Project name put on the signals.
    cv_percent, sv_percent, vac_percent
        ``(amber, red)`` variance thresholds [%]: an unfavourable CV (of EV), SV (of PV) or
        VAC (of BAC) beyond ``amber`` percent raises an amber signal, beyond ``red`` a red
        one (kinds ``cost_variance``, ``schedule_variance``, ``vac_variance``).

    Returns
    -------
    ControlAccountReport

    Raises
    ------
    UnknownReferenceError
        For a work package naming an unknown control account.
    ValidationError
        For a work package without a control account, bad thresholds.

    Examples
    --------
    >>> import numpy as np
    >>> from pmokit.monitoring import PerformanceData
    >>> perf = PerformanceData(ids=("W1", "W2"), control_accounts=("CA1", "CA2"),
    ...     pv=np.array([[100.0, 100.0], [50.0, 50.0]]), ev=np.array([[80.0], [50.0]]),
    ...     ac=np.array([[100.0], [50.0]]), bac=np.array([200.0, 100.0]))
    >>> r = control_account_rollup(perf, [ControlAccount("CA1", "1.1", "Eng"),
    ...                                   ControlAccount("CA2", "1.2", "Eng")])
    >>> r["CA1"]["vac"], r[("project", "")]["ev"]
    (-50.0, 130.0)
    >>> [(s.kind, s.severity) for s in r.signals if s.item == "CA1"]
    [('cost_variance', 'red'), ('schedule_variance', 'red'), ('vac_variance', 'red')]
    """
    p = Problems()
    if not isinstance(perf, PerformanceData):
        raise ValidationError(f"'perf' must be PerformanceData (got {type(perf).__name__})")
    if isinstance(accounts, ControlAccount) or not all(
        isinstance(a, ControlAccount) for a in accounts
    ):
        raise ValidationError("'accounts' must be a sequence of ControlAccount")
    ca_ids = check_ids([a.id for a in accounts], "control account ids")
    missing = [w for w, c in zip(perf.ids, perf.control_accounts, strict=True) if c is None]
    if missing:
        p.add(f"work packages {missing!r} have no control account")
    thresholds = [_pair(v, n, p) for v, n in ((cv_percent, "cv_percent"),
                                              (sv_percent, "sv_percent"),
                                              (vac_percent, "vac_percent"))]
    p.raise_if_any()
    check_known(list(dict.fromkeys(perf.control_accounts)), ca_ids,
                "work packages' control_account", "control account")
    r = perf.status_period
    pv_cum = np.cumsum(perf.pv, axis=1)
    k = min(r, pv_cum.shape[1]) - 1
    pv_to = pv_cum[:, k] if k >= 0 else np.zeros(len(perf.ids))
    ev_to = perf.ev.sum(axis=1)
    ac_to = perf.ac.sum(axis=1)
    rows: list[tuple[AccountLevel, Hashable]] = []
    members: list[list[int]] = []
    by_ca = {a.id: [i for i, c in enumerate(perf.control_accounts) if c == a.id]
             for a in accounts}
    for a in accounts:
        rows.append(("control_account", a.id))
        members.append(by_ca[a.id])
    wbs_members: dict[str, list[int]] = {}
    for a in accounts:
        parts = a.wbs.split(".")
        for j in range(1, len(parts) + 1):
            wbs_members.setdefault(".".join(parts[:j]), []).extend(by_ca[a.id])
    for w in sorted(wbs_members):
        rows.append(("wbs", w))
        members.append(wbs_members[w])
    obs_members: dict[str, list[int]] = {}
    for a in accounts:
        obs_members.setdefault(a.obs, []).extend(by_ca[a.id])
    for o in sorted(obs_members):
        rows.append(("obs", o))
        members.append(obs_members[o])
    rows.append(("project", ""))
    members.append(list(range(len(perf.ids))))

    def total(values: FloatArray) -> FloatArray:
        return np.array([values[m].sum() if m else 0.0 for m in members])

    bac, pv, ev, ac = total(perf.bac), total(pv_to), total(ev_to), total(ac_to)
    cpi = _ratio(ev, ac)
    eac = np.where(ac > 0, ac + (bac - ev) / np.where(cpi > 0, cpi, np.nan), bac)
    eac = np.where(np.isnan(eac), np.inf, eac)
    vac = bac - eac
    found: list[Signal] = []
    measures: tuple[tuple[SignalKind, str, FloatArray], ...] = (
        ("cost_variance", "CV [% of EV]", -_ratio(ev - ac, ev) * 100),
        ("schedule_variance", "SV [% of PV]", -_ratio(ev - pv, pv) * 100),
        ("vac_variance", "VAC [% of BAC]", -_ratio(vac, bac) * 100),
    )
    for (kind, measure, worse), (amber, red) in zip(measures, thresholds, strict=True):
        for i, (level, name) in enumerate(rows):
            v = float(worse[i])
            if not (v > amber):
                continue
            sev: Literal["amber", "red"] = "red" if v > red else "amber"
            found.append(Signal(
                project=project, kind=kind, measure=measure,
                threshold=red if sev == "red" else amber, periods=(r,), evidence=(-v,),
                severity=sev, item=str(name) if level != "project" else "",
                message=f"{level} {name!r}: {measure} is {-v:.1f} % (limit -{amber:g} %)",
            ))
    return ControlAccountReport(
        ids=tuple(rows), bac=readonly(bac), pv=readonly(pv), ev=readonly(ev),
        ac=readonly(ac), eac=readonly(eac), vac=readonly(vac), signals=_collect(found),
    )
