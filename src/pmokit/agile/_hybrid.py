"""Hybrid portfolios: an agile forecast's finish stands where a scheduled project's does.

A :class:`~pmokit.agile.WhenDoneForecast` made with ``start`` gives, per trial, a finish
date and so a duration in working days from ``start``. As an activity of a
:class:`~pmokit.scheduling.Network` (starting no earlier than ``start``), the agile
delivery links to scheduled work like any activity: its P-date feeds
:func:`~pmokit.scheduling.schedule` and :func:`~pmokit.scheduling.cross_project`, and its
whole finish distribution feeds :func:`~pmokit.scheduling.simulate` as an
:class:`~pmokit.scheduling.Empirical` duration, so that portfolio milestones and roll-ups
carry the agile uncertainty.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pmokit._validation import as_percentiles
from pmokit.agile import _engine as E
from pmokit.agile._forecast import WhenDoneForecast
from pmokit.errors import ValidationError
from pmokit.scheduling import Activity, Constraint

__all__ = ["as_activity"]


def as_activity(
    forecast: WhenDoneForecast,
    id: str,
    *,
    percentile: float = 85,
    project: str | None = None,
    name: str = "",
    check_units: bool = True,
) -> Activity:
    """The agile delivery as a schedule activity lasting until its P``percentile`` date.

    Parameters
    ----------
    forecast
        A when-done forecast made with ``start``.
    id
        Activity id.
    percentile
        The confidence the plan commits to [%] (85 by default).
    project
        The project the activity belongs to (for cross-project views).
    name
        Display name.
    check_units
        False to allow a percentile in (0, 1].

    Returns
    -------
    Activity
        Duration: the working days from ``start`` through the P``percentile`` date;
        constraint: start no earlier than ``forecast.start``. Schedule it with the
        forecast's calendar.

    Raises
    ------
    ValidationError
        A forecast without ``start``, or not a :class:`WhenDoneForecast`.

    See Also
    --------
    WhenDoneForecast.as_distribution : the whole finish distribution, for ``simulate``.

    Examples
    --------
    >>> import datetime as dt
    >>> from pmokit.agile import when_done
    >>> f = when_done([3, 0, 2, 5, 1, 4], 20, rng=7, start=dt.date(2026, 7, 6))
    >>> a = as_activity(f, "API", project="P14")
    >>> a.duration, f.percentile(85) * 5.0, a.constraint.at
    (55.0, 55.0, datetime.date(2026, 7, 6))
    """
    if not isinstance(forecast, WhenDoneForecast):
        raise ValidationError(
            f"'forecast' must be a WhenDoneForecast (got a {type(forecast).__name__})"
        )
    if forecast.start is None or forecast.calendar is None:
        raise ValidationError(
            f"activity {id!r} needs a forecast made with start=<date> (got start=None)"
        )
    p = as_percentiles(percentile, "percentile", check_units=check_units)
    finish = forecast.percentile_date(float(p), check_units=False)
    days = float(E.working_days_to(forecast.calendar, forecast.start,
                                   np.array([finish], dtype="datetime64[D]"))[0])
    extra: dict[str, Any] = {"project": project} if project is not None else {}
    return Activity(id, days, name=name, constraint=Constraint("SNET", forecast.start), **extra)
