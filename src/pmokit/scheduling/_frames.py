"""Networks from tables: ``Network.from_frame`` and ``Network.from_records``.

Tasks come as a pandas DataFrame, a mapping of columns or a list of records (dicts); links
either as a second table (``predecessor``, ``successor``, ``type``, ``lag``) or as a column of
MS Project predecessor strings such as ``"3FS+2d, 5SS, 7FF-1d, 4SF+50%"``.

Every link is matched **by label**, never by position: ``"3"`` names the task whose id is
``3`` (or ``"3"``), whatever row it is on, so 1-based MS Project ids link the right tasks.
Every problem is reported at once, naming the row and the column.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pmokit._tables import ReadTable as _Table
from pmokit._tables import Table, raise_all, read_ids, refuse_columns_of_records
from pmokit._tables import as_id as _as_id
from pmokit._tables import missing as _missing
from pmokit._tables import number as _number
from pmokit._tables import type_of as _type_of
from pmokit._validation import Problems
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError

if TYPE_CHECKING:
    from pmokit.scheduling._network import Network

__all__ = ["Table", "network_from_frame", "network_from_records", "parse_predecessors"]


LINK_TYPES = ("FS", "SS", "FF", "SF")
# MS Project's default conversions: 8 hours a day, 5 days a week, 20 days a month
# [working days per unit]
_UNITS = {
    "": 1.0, "d": 1.0, "day": 1.0, "days": 1.0, "dy": 1.0, "dys": 1.0,
    "w": 5.0, "wk": 5.0, "wks": 5.0, "week": 5.0, "weeks": 5.0,
    "mo": 20.0, "mon": 20.0, "mons": 20.0, "month": 20.0, "months": 20.0,
}
_AMOUNT = re.compile(r"^(?P<num>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[a-z]*)\s*\??$", re.I)
_HOURS = ("h", "hr", "hrs", "hour", "hours")
_LAG = re.compile(r"^(?P<sign>[+-])\s*(?P<num>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[a-z%]*)$", re.I)
_SPLIT = re.compile(r"[,;]")
_TAIL = re.compile(r"(?P<sign>[+-])\s*(?:\d+(?:\.\d*)?|\.\d+)\s*[a-z%]*\s*$", re.I)


def _label_index(ids: Sequence[Hashable]) -> dict[str, Any]:
    """Text of each id -> the id (``3`` and ``"3"`` are both named by ``"3"``)."""
    return {str(k).strip(): k for k in ids}


def _duration_days(text: str, hours_per_day: float) -> tuple[float | None, str | None]:
    """A duration written as MS Project exports it (``"5 days"``, ``"3 hrs"``, ``"2w"``,
    ``"4 days?"``) in working days, or ``(None, why)``."""
    m = _AMOUNT.match(text.strip())
    if m is None:
        return None, None
    value, unit = float(m["num"]), m["unit"].lower()
    if unit in _UNITS:
        return value * _UNITS[unit], None
    if unit in _HOURS:
        return value / hours_per_day, None
    if unit.startswith("e"):
        return None, f"elapsed time ({m['unit']!r}) is not a number of working days"
    return None, f"unknown unit {m['unit']!r} (supported: d, w, mo, h)"


def _lag_days(
    text: str, where: str, predecessor_duration: float | None, hours_per_day: float
) -> float:
    shown = text.strip()
    if shown[:1] not in "+-":  # a lag column may omit the sign: "2d"
        text = "+" + shown
    m = _LAG.match(text.strip())
    if m is None:
        text = shown
        raise ValidationError(
            f"{where}: cannot read the lag {text!r}; expected a signed number with a unit, "
            "such as '+2d', '-1w', '+4h' or '+50%'"
        )
    value = float(m["num"]) * (-1.0 if m["sign"] == "-" else 1.0)
    unit = m["unit"].lower()
    if unit in _UNITS:
        return value * _UNITS[unit]
    if unit in _HOURS:
        return value / hours_per_day
    if unit == "%":
        if predecessor_duration is None:
            raise ValidationError(f"{where}: a lag in % needs the predecessor's duration")
        return value / 100.0 * predecessor_duration
    hint = (
        "elapsed units (ed, ew, eh) count calendar time, which a lag in working days "
        "cannot hold"
        if unit.startswith("e")
        else "supported units: d (working days), w (5 days), h (hours, hours_per_day), %"
    )
    raise ValidationError(f"{where}: unsupported lag unit {m['unit']!r} in {shown!r}: {hint}")


# a lag unit as MS Project writes it -> Dependency's lag_unit; an "e" before it: elapsed
_LAG_UNITS = {
    "": "d", **dict.fromkeys(("d", "day", "days", "dy", "dys"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "w"),
    **dict.fromkeys(("mo", "mon", "mons", "month", "months"), "mo"),
    **dict.fromkeys(_HOURS, "h"),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "m"),
}


def lag_parts(text: str, where: str) -> tuple[float, str, str]:
    """A lag written as MS Project writes it (``"+2d"``, ``"-1w"``, ``"4h"``, ``"+2ed"``,
    ``"50%"``; the sign may be left out) as ``(lag, lag_unit, lag_kind)`` of
    :class:`~pmokit.scheduling.Dependency`: units m, h, d (the default), w, mo; an ``e``
    before the unit makes it elapsed (24/7) time; ``%`` is a percent lag (of the
    predecessor's duration).

    >>> lag_parts("+2ed", "lag"), lag_parts("-1w", "lag"), lag_parts("50%", "lag")
    ((2.0, 'd', 'elapsed'), (-1.0, 'w', 'working'), (50.0, 'd', 'percent'))
    """
    shown = text.strip()
    signed = shown if shown[:1] in ("+", "-") else "+" + shown
    m = _LAG.match(signed)
    if m is None:
        raise ValidationError(
            f"{where}: cannot read the lag {shown!r}; expected a signed number with a unit, "
            "such as '+2d', '-1w', '+4h', '+2ed' or '+50%'"
        )
    value = float(m["num"]) * (-1.0 if m["sign"] == "-" else 1.0)
    unit = m["unit"].lower()
    if unit == "%":
        return value, "d", "percent"
    if unit in _LAG_UNITS:
        return value, _LAG_UNITS[unit], "working"
    if unit[:1] == "e" and unit[1:] and unit[1:] in _LAG_UNITS:
        return value, _LAG_UNITS[unit[1:]], "elapsed"
    raise ValidationError(
        f"{where}: unsupported lag unit {m['unit']!r} in {shown!r}: supported units are "
        "m, h, d, w, mo (minutes, hours, days, weeks, months), the same with an 'e' "
        "before them for elapsed time (em, eh, ed, ew, emo), and % (of the predecessor's "
        "duration)"
    )


def parse_predecessors(
    text: str,
    labels: Mapping[str, Hashable],
    *,
    durations: Mapping[Hashable, float] | None = None,
    hours_per_day: float = 8.0,
    where: str = "predecessors",
    lag_units: bool = False,
) -> list[tuple[Any, ...]]:
    """Read an MS Project predecessor string into ``(predecessor id, type, lag)`` triples.

    Items are separated by commas or semicolons: ``"3FS+2d, 5SS, 7FF-1d, 4SF+50%"``.
    Each is a task label (matched by its text against ``labels``), an optional link type
    (FS when absent) and an optional signed lag with a unit: ``d`` (working days, the
    default), ``w`` (5 working days), ``h`` (``hours_per_day``) or ``%`` (of the
    predecessor's duration, as MS Project does). Lags are returned in working days.

    With ``lag_units=True`` each item is ``(predecessor id, type, lag, lag_unit, lag_kind)``:
    the lag as written, with its unit and kind as :class:`~pmokit.scheduling.Dependency`
    takes them (see :func:`lag_parts`: minutes, hours, days, weeks, months, their elapsed
    forms such as ``"2ed"``, and percent lags such as ``"50%"``); ``durations`` and
    ``hours_per_day`` are not used.

    >>> parse_predecessors("3FS+2d, 5SS; 7FF-1.5, 4SF+50%", {"3": 3, "4": 4, "5": 5, "7": 7},
    ...                    durations={4: 6.0})
    [(3, 'FS', 2.0), (5, 'SS', 0.0), (7, 'FF', -1.5), (4, 'SF', 3.0)]
    >>> for item in parse_predecessors("3FS+2ed, 4SS+50%, 5FF-1w", {"3": 3, "4": 4, "5": 5},
    ...                                lag_units=True):
    ...     print(item)
    (3, 'FS', 2.0, 'd', 'elapsed')
    (4, 'SS', 50.0, 'd', 'percent')
    (5, 'FF', -1.0, 'w', 'working')
    """
    out: list[tuple[Any, ...]] = []
    problems = Problems()
    unknown: list[str] = []
    for raw in _SPLIT.split(text):
        item = raw.strip()
        if not item:
            continue
        head, lag_text = item, ""
        if item not in labels:  # a label may itself contain '-' ("A-1")
            tail = _TAIL.search(item)
            if tail is not None and item[: tail.start()].strip():
                head, lag_text = item[: tail.start()].strip(), item[tail.start():]
        link = "FS"
        if head not in labels and head[-2:].upper() in LINK_TYPES and head[:-2].strip():
            head, link = head[:-2].strip(), head[-2:].upper()
        if head not in labels:
            unknown.append(head)
            problems.add(f"{where}: unknown predecessor {head!r} in {text!r}")
            continue
        pred = labels[head]
        try:
            if lag_units:
                out.append((pred, link, *(lag_parts(lag_text, where) if lag_text
                                          else (0.0, "d", "working"))))
                continue
            lag = 0.0 if not lag_text else _lag_days(
                lag_text, where, None if durations is None else durations.get(pred),
                hours_per_day,
            )
        except ValidationError as exc:
            problems.extend(exc.problems)
            continue
        out.append((pred, link, lag))
    if unknown:
        raise UnknownReferenceError(problems.items, unknown)
    problems.raise_if_any()
    return out


def network_from_frame(
    tasks: Table,
    links: Table | None = None,
    *,
    id: str = "id",
    duration: str = "duration",
    predecessor: str = "predecessor",
    successor: str = "successor",
    type: str = "type",
    lag: str = "lag",
    predecessors: str | None = None,
    name: str = "name",
    project: str = "project",
    hours_per_day: float = 8.0,
    kind: str = "kind",
    lag_unit: str = "lag_unit",
    lag_kind: str = "lag_kind",
) -> Network:
    """Build a network from a task table and a link table (or predecessor strings).

    The implementation of :meth:`Network.from_frame` and :meth:`Network.from_records`;
    see there.
    """
    from pmokit.scheduling._network import Activity, Dependency, Network

    problems = Problems()
    problems.check_number(hours_per_day, "hours_per_day", minimum=0.0, strict_minimum=True)
    problems.raise_if_any()
    table = _Table(tasks, "tasks")
    ids_col = table.column(id, problems, required=True)
    dur_col = table.column(duration, problems, required=True)
    pred_name = predecessors
    if pred_name is None and "predecessors" in table.columns:
        pred_name = "predecessors"
    pred_col = None
    if pred_name is not None:
        pred_col = table.column(pred_name, problems, required=True)
        if links is not None:
            problems.add(
                f"give links either as 'links' or as the {pred_name!r} column of 'tasks', "
                "not both"
            )
    name_col = table.column(name, problems, required=False)
    project_col = table.column(project, problems, required=False)
    kind_col = table.column(kind, problems, required=False)
    problems.raise_if_any()
    if ids_col is None or dur_col is None:  # pragma: no cover - reported above
        raise ValidationError("'tasks' lacks its id or duration column")
    ids, dup_msgs, duplicates = read_ids(table, ids_col, id, problems)
    durations: list[float] = []
    for i, raw in enumerate(dur_col):
        d = _number(raw)
        why = None
        if d is None and isinstance(raw, str):
            d, why = _duration_days(raw, float(hours_per_day))
        if _missing(raw):
            problems.add(f"{table.where(i, duration)}: the duration is missing")
        elif d is None:
            problems.add(
                f"{table.where(i, duration)}: the duration must be a number of working days "
                f"or a text such as '5 days' or '3 hrs' (got {raw!r} that is a "
                f"{_type_of(raw).__name__}{': ' + why if why else ''})"
            )
        elif not math.isfinite(d) or d < 0:
            problems.add(
                f"{table.where(i, duration)}: the duration must be a finite number >= 0 "
                f"[working days] (got {d!r})"
            )
        durations.append(d if d is not None else 0.0)
    raise_all(problems, dup_msgs, duplicates)
    labels = _label_index(ids)
    if len(labels) < len(ids):
        seen: dict[str, Any] = {}
        clash = []
        alike: list[Any] = []
        for k in ids:
            if str(k).strip() in seen:
                clash.append(
                    f"ids {seen[str(k).strip()]!r} and {k!r} are written alike: a "
                    "predecessor label could name either"
                )
                alike += [seen[str(k).strip()], k]
            seen[str(k).strip()] = k
        raise DuplicateError(clash, alike)
    by_id = dict(zip(ids, durations, strict=True))
    deps: list[Dependency] = []
    unknown: list[Any] = []
    messages: list[str] = []
    if pred_col is not None:
        for i, raw in enumerate(pred_col):
            if _missing(raw):
                continue
            where = table.where(i, str(pred_name))
            if isinstance(raw, numbers.Integral | float) and not isinstance(raw, bool):
                raw = str(_as_id(raw))
            if not isinstance(raw, str):
                messages.append(f"{where}: expected a predecessor string such as '3FS+2d, "
                                f"5SS' (got {raw!r} that is a {_type_of(raw).__name__})")
                continue
            try:
                items = parse_predecessors(raw, labels, where=where, lag_units=True)
            except UnknownReferenceError as exc:
                unknown.extend(exc.unknown)
                messages.extend(exc.problems)
                continue
            except ValidationError as exc:
                messages.extend(exc.problems)
                continue
            for p, t, g, unit, lk in items:
                if _percent_of_nothing(lk, by_id.get(p), g, p, where, messages):
                    continue
                deps.append(Dependency(p, ids[i], t, lag=g, lag_unit=unit, lag_kind=lk))
    elif links is not None:
        lt = _Table(links, "links")
        lp = Problems()
        p_col = lt.column(predecessor, lp, required=True)
        s_col = lt.column(successor, lp, required=True)
        t_col = lt.column(type, lp, required=False)
        g_col = lt.column(lag, lp, required=False)
        u_col = lt.column(lag_unit, lp, required=False)
        k_col = lt.column(lag_kind, lp, required=False)
        lp.raise_if_any()
        for i in range(len(lt.rows)):
            ends: list[Any] = []
            for col_name, col in ((predecessor, p_col), (successor, s_col)):
                ref = _as_id(col[i])  # type: ignore[index]
                key = ref if ref in by_id else labels.get(str(ref).strip())
                if _missing(ref):
                    messages.append(f"{lt.where(i, col_name)}: the {col_name} is missing")
                elif key is None:
                    unknown.append(ref)
                    messages.append(f"{lt.where(i, col_name)}: unknown {col_name} {ref!r}")
                ends.append(key)
            link = "FS" if t_col is None or _missing(t_col[i]) else str(t_col[i]).strip().upper()
            if link not in LINK_TYPES:
                messages.append(
                    f"{lt.where(i, type)}: the link type must be one of 'FS', 'SS', 'FF', "
                    f"'SF' (got {t_col[i]!r})"  # type: ignore[index]
                )
            g, unit, lk = 0.0, None, None  # None: not given in the lag's text
            ok = True
            if g_col is not None and not _missing(g_col[i]):
                raw_lag = g_col[i]
                num = _number(raw_lag)
                if num is not None:
                    g = num
                    if not math.isfinite(g):
                        messages.append(f"{lt.where(i, lag)}: the lag must be finite (got {g})")
                        ok = False
                elif isinstance(raw_lag, str):
                    try:
                        g, unit, lk = lag_parts(raw_lag, lt.where(i, lag))
                    except ValidationError as exc:
                        messages.extend(exc.problems)
                        ok = False
                    else:
                        if not re.search(r"[a-z]", raw_lag, re.I):
                            unit = None  # "2" or "50%": no unit written
                        if lk == "working":
                            lk = None  # no kind written
                else:
                    messages.append(
                        f"{lt.where(i, lag)}: the lag must be a number of working days or "
                        f"a string such as '2d' (got {raw_lag!r})"
                    )
                    ok = False
            for col, col_name, written, what in ((u_col, lag_unit, unit, "unit"),
                                                 (k_col, lag_kind, lk, "kind")):
                if col is None or _missing(col[i]):
                    continue
                given = col[i]
                if written is not None:
                    messages.append(
                        f"{lt.where(i, col_name)}: the lag {g_col[i]!r} already gives its "  # type: ignore[index]
                        f"{what} ({written!r}); give it once, in {lag!r} or in {col_name!r} "
                        f"(got {given!r})"
                    )
                    ok = False
                elif not isinstance(given, str):
                    messages.append(f"{lt.where(i, col_name)}: the lag {what} must be a "
                                    f"string (got {given!r} that is a "
                                    f"{_type_of(given).__name__})")
                    ok = False
                elif what == "unit":
                    unit = given
                else:
                    lk = given.strip().lower()
            if None in ends or link not in LINK_TYPES or not ok:
                continue
            if _percent_of_nothing(lk or "working", by_id.get(ends[0]), g, ends[0],
                                   lt.where(i, lag), messages):
                continue
            try:
                deps.append(Dependency(ends[0], ends[1], link, lag=g, lag_unit=unit or "d",
                                       lag_kind=lk or "working"))
            except ValidationError as exc:  # a bad unit or kind: name the row
                col_name = lag_unit if "lag_unit" in str(exc) else lag_kind
                messages.extend(f"{lt.where(i, col_name)}: {m}" for m in exc.problems)
    if unknown:
        raise UnknownReferenceError(messages, unknown)
    if messages:
        raise ValidationError(messages)
    acts = []
    for i, aid in enumerate(ids):
        kw: dict[str, Any] = {}
        if name_col is not None and not _missing(name_col[i]):
            kw["name"] = str(name_col[i])
        if project_col is not None and not _missing(project_col[i]):
            kw["project"] = _as_id(project_col[i])
        if kind_col is not None and not _missing(kind_col[i]):
            kw["kind"] = kind_col[i]
        try:
            acts.append(Activity(aid, durations[i], **kw))
        except ValidationError as exc:  # a bad kind: name the row and the column
            problems.extend(f"{table.where(i, kind)}: {m}" for m in exc.problems)
    problems.raise_if_any()
    return Network(acts, deps)


def _percent_of_nothing(kind: str, pred_duration: float | None, lag: float, pred: Any,
                        where: str, messages: list[str]) -> bool:
    """Whether a percent lag leaves a predecessor without duration (a problem, added)."""
    from pmokit.scheduling._network import LAG_KIND_RULES

    rule = LAG_KIND_RULES.get(kind)
    if rule is None or not rule.percent or lag == 0 or (pred_duration or 0.0) > 0:
        return False
    messages.append(
        f"{where}: a percent lag ({lag:g}%) from {pred!r}, which has no duration (a "
        "milestone): a share of nothing; give the lag in time units (such as '2d') instead"
    )
    return True


def network_from_records(
    tasks: Iterable[Mapping[str, Any]],
    links: Iterable[Mapping[str, Any]] | None = None,
    **columns: Any,
) -> Network:
    """Build a network from task records (dicts) and link records; see ``from_frame``."""
    refuse_columns_of_records(tasks, "tasks")
    return network_from_frame(
        list(tasks), None if links is None else list(links), **columns
    )
