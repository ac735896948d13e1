"""Schedules whose activities have their own calendars (MS Project task calendars).

Time is handled as *instants* on the elapsed day axis (day ordinal + fraction of the day).
Each calendar ``c`` maps an instant to its working-time position ``W_c(x)`` (working days
before ``x``); a position ``w`` starts at instant ``S_c(w)`` (the start of working day
``floor(w)``, plus the fraction) and a duration ending at position ``w`` finishes at
``F_c(w)`` (the end of the last working day it uses).

MS Project's rules, as implemented:

* an activity's duration is counted on its own calendar (the schedule calendar when it has
  none);
* a link's lag is counted on the successor's calendar (MS Project; Primavera lets you
  choose): ``W_succ(source instant) + lag <= W_succ(target instant)``;
* floats are counted on the activity's own calendar; free float on the successor's.

The offsets in the resulting :class:`Schedule` (early_start, ...) are working days of the
schedule calendar from the project start, so an activity that works on a day the project
calendar does not (a Saturday) is placed at the start of the next project working day in
offsets, while its dates are exact.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from typing import Any

import numpy as np
import numpy.typing as npt

from pmokit._typing import FloatArray
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from pmokit.scheduling._bounds import constraint_instants
from pmokit.scheduling._network import Network

_EPS = 1e-9


class _Grid:
    """One calendar's working days over an ordinal window, as Python lists."""

    def __init__(self, cal: WorkCalendar, lo: int, hi: int) -> None:
        first = dt.date(1970, 1, 1) + dt.timedelta(days=lo)
        last = dt.date(1970, 1, 1) + dt.timedelta(days=hi)
        mask = cal.working_mask(first, last)
        self.lo = lo
        self.hi = hi
        self.work: list[bool] = mask.tolist()
        cum = np.zeros(mask.size + 1, dtype=np.int64)
        np.cumsum(mask, out=cum[1:])
        self.cum: list[int] = cum.tolist()
        self.wd: list[int] = (np.flatnonzero(mask) + lo).tolist()

    def w(self, x: float) -> float:
        """Working position of instant ``x``: working days before it."""
        d = math.floor(x + _EPS)
        f = x - d if x - d > _EPS else 0.0
        i = d - self.lo
        if i < 0 or i >= len(self.work):
            raise _OutOfRange
        return self.cum[i] + (f if self.work[i] else 0.0)

    def s(self, w: float) -> float:
        """Start instant of position ``w`` (the start of working day ``floor(w)``)."""
        q = math.floor(w + _EPS)
        f = w - q if w - q > _EPS else 0.0
        if q < 0 or q >= len(self.wd):
            raise _OutOfRange
        return self.wd[q] + f

    def f(self, w: float) -> float:
        """Finish instant of a duration ending at position ``w`` (end of its last day)."""
        q = math.floor(w + _EPS)
        if w - q <= _EPS and q >= 1:
            if q - 1 >= len(self.wd):
                raise _OutOfRange
            return self.wd[q - 1] + 1.0
        return self.s(w)

    def work_at(self, x: float) -> bool:
        """Whether the day that starts at (or holds) instant ``x`` is a working day."""
        i = math.floor(x + _EPS) - self.lo
        if i < 0 or i >= len(self.work):
            raise _OutOfRange
        return self.work[i]

    def latest_start(self, x: float) -> float:
        """The largest position whose start instant is at or before ``x``."""
        d = math.floor(x + _EPS)
        fr = x - d if x - d > _EPS else 0.0
        q = bisect.bisect_right(self.wd, d) - 1
        if q < 0 or d - self.lo >= len(self.work):
            raise _OutOfRange
        if self.wd[q] == d:
            return q + fr
        return float(q)


class _OutOfRange(Exception):
    pass


def _ordinal(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def calendar_schedule(
    network: Network,
    origin: dt.date,
    calendar: WorkCalendar,
    deadline: dt.date | float | None,
    must_finish_by: dt.date | float | None = None,
    alap_rule: str = "ms_project",
    capped: frozenset[int] = frozenset(),
    pinned: frozenset[int] = frozenset(),
    delay: dict[int, float] | None = None,
) -> dict[str, Any]:
    """Early and late instants, offsets and floats with per-activity calendars.

    ``delay`` is MS Project's leveling delay by activity index [working days of the
    activity's own calendar]: the start moves that much after everything that holds it.

    ``capped`` activities start no later than their upper constraint whatever the logic
    (MS Project's "honor constraint dates", P6's mandatory constraints); ``pinned`` ones
    (MSO / MFO among them) also take their constraint as late date, whatever their
    successors need.

    ``must_finish_by`` (P6's project "Must Finish By") replaces the early finish as the
    end the backward pass starts from; ``deadline`` can only lower it."""
    c = network.compiled
    # working days the schedule can span at most; the day grids grow if it is exceeded
    span = int(min(c.duration.sum() + np.abs(c.link_lag).sum(), 20_000)) + 60
    msg = ("per-activity calendars: the schedule leaves the supported range of dates "
           "(years 1 to 9999); check the durations, lags, constraints and deadline")
    for _ in range(12):
        try:
            return _run(network, origin, calendar, deadline, span, must_finish_by, alap_rule,
                        capped, pinned, delay or {})
        except _OutOfRange:
            span *= 2
        except OverflowError as e:
            raise ValidationError(msg) from e
    raise ValidationError(msg)  # pragma: no cover


def _p6_alap(
    alap: set[int], order: list[int], grids: list[_Grid], key: list[int], dur: list[float],
    slink: list[int], sptr: list[int], lsucc: list[int], ltype: list[int],
    llag: list[float], es_w: list[float], es_x: list[float], ef_x: list[float],
    finish_bound: Any, ms_end: list[bool], delay: dict[int, float] | None = None,
) -> None:
    """P6's ALAP on per-activity calendars, in place: each ALAP activity, latest first,
    takes the latest start (in its own working time) at which every link to a
    successor still holds on the successors' early dates and it finishes by the project's
    early finish; no successor moves."""
    finish = max(ef_x)

    def source_limit(k: int) -> float:
        """The latest instant the source end of link ``k`` may take on early dates."""
        j, t = lsucc[k], ltype[k]
        lag = delay.get(j, 0.0) if delay else 0.0  # a successor's leveling delay
        if dur[j] == 0 and llag[k] == 0 and not lag:
            return es_x[j]
        target = es_w[j] - lag + (dur[j] if t >= 2 else 0.0)
        return float(grids[key[j]].s(target - llag[k]))

    for i in reversed(order):
        if i not in alap:
            continue
        g = grids[key[i]]
        d = dur[i]
        links = slink[sptr[i] : sptr[i + 1]]
        if d == 0:
            x = min([finish, *(source_limit(k) for k in links)])
            if x > es_x[i] + _EPS:
                es_x[i] = ef_x[i] = x
                es_w[i] = g.w(x)
                # at a day boundary after a working day it is that day's close (Friday
                # 17:00, as milestones after a finish are dated), not the next morning
                ms_end[i] = abs(x - round(x)) <= _EPS and g.work_at(x - 1.0)
            continue
        w = g.w(finish) - d
        for k in links:
            x = source_limit(k)
            w = min(w, g.latest_start(x) if ltype[k] in (1, 3) else finish_bound(g, x, d))
        if w > es_w[i] + _EPS:
            es_w[i] = w
            es_x[i] = g.s(w)
            ef_x[i] = g.f(w + d)


def _run(
    network: Network,
    origin: dt.date,
    calendar: WorkCalendar,
    deadline: dt.date | float | None,
    span: int,
    must_finish_by: dt.date | float | None = None,
    alap_rule: str = "ms_project",
    capped: frozenset[int] = frozenset(),
    pinned: frozenset[int] = frozenset(),
    delay: dict[int, float] | None = None,
) -> dict[str, Any]:
    delay = delay or {}
    c = network.compiled
    n = c.n
    o = _ordinal(origin)
    cons = network.constraints
    dates = [
        _ordinal(con.at) for con in cons.values() if isinstance(con.at, dt.date)
    ] + [_ordinal(x) for x in (must_finish_by,) if isinstance(x, dt.date)]
    # late dates can precede the start by the negative float: the grid extends both ways
    lo = min([o, *dates]) - 14 - 7 * span // 2
    hi = max([o, *dates]) + 7 * span // 2 + 28
    cals: list[WorkCalendar] = [calendar]
    key = [0] * n
    for i, cal in network.calendars.items():
        for k, known in enumerate(cals):
            if known is cal:
                key[i] = k
                break
        else:
            cals.append(cal)
            key[i] = len(cals) - 1
    grids = [_Grid(cal, lo, hi) for cal in cals]
    proj = grids[0]
    w0 = proj.w(float(o))
    origin_x = proj.s(w0)  # start of the first project working day

    def project_instant(t: float, finish: bool) -> float:
        return proj.f(w0 + t) if finish else proj.s(w0 + t)

    dur = c.duration.tolist()
    lpred, lsucc = c.link_pred.tolist(), c.link_succ.tolist()
    ltype, llag = c.link_type.tolist(), c.link_lag.tolist()
    pptr, plink = c.pred_ptr.tolist(), c.pred_link.tolist()
    sptr, slink = c.succ_ptr.tolist(), c.succ_link.tolist()
    order = c.order.tolist()

    # constraint instants
    def instant(at: dt.date | float, fin: bool) -> float:
        if isinstance(at, dt.date):
            return float(_ordinal(at) + (1 if fin else 0))
        return project_instant(float(at), fin)

    ci = constraint_instants(network, instant)
    lo_start, lo_fin, up_start, up_fin, alap = (ci.lo_start, ci.lo_fin, ci.up_start,
                                                ci.up_fin, ci.alap)
    cap_start, cap_fin = ci.cap_start, ci.cap_fin

    # a milestone (zero duration) sits at an instant, not at a working position: after a
    # finish it stays at that finish (Friday end, not Monday start), so it never moves its
    # successors (MS Project and P6); ms_end marks milestones dated at the end of a day
    ms_end = [False] * n

    def milestone_forward(
        j: int, g: _Grid, extra: dict[int, float], es_x: list[float], ef_x: list[float]
    ) -> tuple[float, float]:
        x, end = origin_x, False
        cands: list[tuple[float, bool]] = []
        if j in lo_start:
            cands.append((lo_start[j], False))
        if j in lo_fin:
            cands.append((lo_fin[j], True))
        if j in extra:
            cands.append((g.s(extra[j]), False))
        for k in plink[pptr[j] : pptr[j + 1]]:
            i, t = lpred[k], ltype[k]
            from_finish = t in (0, 2)  # FS, FF: from the predecessor's finish
            src = ef_x[i] if from_finish else es_x[i]
            src_end = (from_finish and dur[i] > 0) or (dur[i] == 0 and ms_end[i])
            if llag[k] != 0:
                v = g.w(src) + llag[k]
                src, src_end = (g.f(v), True) if src_end else (g.s(v), False)
            cands.append((src, src_end))
        for cx, cend in cands:
            # an end stays an end only where the milestone's calendar worked the day before
            # (Friday's close); anything else moves to the next start of working time
            cend = cend and abs(cx - round(cx)) <= _EPS and g.work_at(cx - 1.0)
            if not cend:
                cx = g.s(g.w(cx))
            # the latest instant wins; on a tie a start wins (the milestone is an end only
            # when every bound that holds it is a finish)
            if cx > x + _EPS:
                x, end = cx, cend
            elif abs(cx - x) <= _EPS:
                end = end and cend
        ms_end[j] = end
        return g.w(x), x

    def forward(extra: dict[int, float]) -> tuple[list[float], list[float], list[float]]:
        es_w = [0.0] * n
        es_x = [0.0] * n
        ef_x = [0.0] * n
        for j in order:
            g = grids[key[j]]
            d = dur[j]
            if d == 0:
                if j in delay:  # a leveling delay: from its working position, then ALAP's
                    es_w[j], es_x[j] = milestone_forward(j, g, {}, es_x, ef_x)
                    es_w[j] = max(es_w[j] + delay[j], extra.get(j, -math.inf))
                    es_x[j], ms_end[j] = g.s(es_w[j]), False
                else:
                    es_w[j], es_x[j] = milestone_forward(j, g, extra, es_x, ef_x)
                if j in capped:
                    cap = min(cap_start.get(j, math.inf), cap_fin.get(j, math.inf))
                    if cap < es_x[j] - _EPS:
                        es_x[j], es_w[j], ms_end[j] = cap, g.w(cap), False
                ef_x[j] = es_x[j]
                continue
            w = g.w(origin_x)
            if j in lo_start:
                w = max(w, g.w(lo_start[j]))
            if j in lo_fin:
                w = max(w, g.w(lo_fin[j]) - d)
            for k in plink[pptr[j] : pptr[j + 1]]:
                i, t = lpred[k], ltype[k]
                src = es_x[i] if t in (1, 3) else ef_x[i]
                v = g.w(src) + llag[k]
                if t >= 2:
                    v -= d
                if v > w:
                    w = v
            if j in delay:  # a leveling delay shifts the start after what holds it
                w += delay[j]
            if j in extra:
                w = max(w, extra[j])
            if j in capped:  # the constraint wins over logic
                if j in cap_start:
                    w = min(w, g.w(cap_start[j]))
                if j in cap_fin:
                    w = min(w, g.w(cap_fin[j]) - d)
            es_w[j] = w
            es_x[j] = g.s(w)
            ef_x[j] = g.f(w + d) if d > 0 else es_x[j]
        return es_w, es_x, ef_x

    es_w, es_x, ef_x = forward({})
    finish_x = max(ef_x) if n else origin_x
    if must_finish_by is not None:
        finish_x = (float(_ordinal(must_finish_by) + 1) if isinstance(must_finish_by, dt.date)
                    else project_instant(float(must_finish_by), True))
    if deadline is not None:
        dl = (float(_ordinal(deadline) + 1) if isinstance(deadline, dt.date)
              else project_instant(float(deadline), True))
        finish_x = min(finish_x, dl)
    def finish_bound(g: _Grid, x: float, d: float) -> float:
        """The latest start whose finish instant is at or before ``x`` (a milestone
        finishes at its start instant)."""
        return g.latest_start(x) if d == 0 else g.w(x) - d

    ls_w = [0.0] * n
    ls_ms: dict[int, float] = {}  # latest instant of each milestone

    def latest_source(k: int) -> float:
        """The latest instant the source end of link ``k`` may take."""
        j, t = lsucc[k], ltype[k]
        gj = grids[key[j]]
        if dur[j] == 0 and llag[k] == 0 and j not in delay:
            return ls_ms[j]
        target = ls_w[j] - delay.get(j, 0.0) + (dur[j] if t >= 2 else 0.0)
        return float(gj.s(target - llag[k]))

    for i in reversed(order):
        g = grids[key[i]]
        d = dur[i]
        if d == 0:
            # a milestone: the latest instant over its bounds and links, kept as an instant
            x = finish_x
            if i in up_start:
                x = min(x, up_start[i])
            if i in up_fin:
                x = min(x, up_fin[i])
            if i in pinned:
                x = up_start[i] if i in up_start else up_fin[i]
            for k in ([] if i in pinned else slink[sptr[i] : sptr[i + 1]]):
                x = min(x, latest_source(k))
            ls_ms[i] = x
            ls_w[i] = g.w(x)
            continue
        # the project finish and the activity's own constraints count its own working
        # time (as the single-calendar path does); links compare instants (below)
        w = g.w(finish_x) - d
        if i in up_start:
            w = min(w, g.w(up_start[i]))
        if i in up_fin:
            w = min(w, g.w(up_fin[i]) - d)
        if i in pinned:  # its constraint, whatever its successors need
            ls_w[i] = g.w(up_start[i]) if i in up_start else g.w(up_fin[i]) - d
            continue
        for k in slink[sptr[i] : sptr[i + 1]]:
            t = ltype[k]
            x = latest_source(k)
            v = g.latest_start(x) if t in (1, 3) else finish_bound(g, x, d)
            if v < w:
                w = v
        ls_w[i] = w
    if alap and alap_rule == "p6":
        _p6_alap(alap, order, grids, key, dur, slink, sptr, lsucc, ltype, llag,
                 es_w, es_x, ef_x, finish_bound, ms_end, delay)
    elif alap:
        es_w, es_x, ef_x = forward({i: max(es_w[i], ls_w[i]) for i in alap})
    ls_x = [ls_ms[i] if dur[i] == 0 else grids[key[i]].s(ls_w[i]) for i in range(n)]
    lf_x = [grids[key[i]].f(ls_w[i] + dur[i]) if dur[i] > 0 else ls_x[i] for i in range(n)]
    tf = [ls_w[i] - es_w[i] for i in range(n)]
    ff = [grids[key[i]].w(max(ef_x)) - (es_w[i] + dur[i]) for i in range(n)]
    link_slack = [0.0] * len(lpred)
    for k in range(len(lpred)):
        i, j, t = lpred[k], lsucc[k], ltype[k]
        gj = grids[key[j]]
        src = es_x[i] if t in (1, 3) else ef_x[i]
        target = es_w[j] - delay.get(j, 0.0) + (dur[j] if t >= 2 else 0.0)
        slack = target - (gj.w(src) + llag[k])
        link_slack[k] = slack
        if slack < ff[i]:
            ff[i] = slack

    def offsets(xs: list[float]) -> FloatArray:
        return np.array([proj.w(x) - w0 for x in xs], dtype=np.float64)

    def day_of(xs: list[float], finish: bool, starts: list[float]) -> npt.NDArray[Any]:
        out = []
        for x, s0 in zip(xs, starts, strict=True):
            if finish and x > s0 + _EPS:
                out.append(math.ceil(x - _EPS) - 1)
            else:
                out.append(math.floor(x + _EPS))
        return np.array(out, dtype=np.int64)

    def milestone_dates(xs: list[float], dates: npt.NDArray[Any], late: bool) -> None:
        """A milestone at a day boundary after a finish is dated at the end of the last
        working day of its calendar before it (Friday 27 end, not Monday 30)."""
        for i in range(n):
            if dur[i] != 0:
                continue
            x = xs[i]
            g = grids[key[i]]
            boundary = abs(x - round(x)) <= _EPS
            end = ms_end[i]
            if boundary and end and x > origin_x + _EPS and g.w(x) >= 1:
                dates[i] = np.int64(math.floor(g.f(g.w(x)) + _EPS) - 1)

    es_days = day_of(es_x, False, es_x)
    ef_days = day_of(ef_x, True, es_x)
    ls_days = day_of(ls_x, False, ls_x)
    lf_days = day_of(lf_x, True, ls_x)
    for arr, xs, late in ((es_days, es_x, False), (ef_days, ef_x, False),
                          (ls_days, ls_x, True), (lf_days, lf_x, True)):
        milestone_dates(xs, arr, late)
    return {
        "es": offsets(es_x),
        "ef": offsets(ef_x),
        "ls": offsets(ls_x),
        "lf": offsets(lf_x),
        "tf": np.array(tf, dtype=np.float64),
        "ff": np.array(ff, dtype=np.float64),
        "finish": float(proj.w(max(ef_x)) - w0) if n else 0.0,
        "dates": [a.astype("datetime64[D]") for a in (es_days, ef_days, ls_days, lf_days)],
        "instants": (es_x, ef_x, ls_x, lf_x),
        "link_slack": np.array(link_slack, dtype=np.float64),
    }
