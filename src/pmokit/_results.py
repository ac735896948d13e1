"""Helpers shared by result objects: ``to_frame()`` and ``to_records()``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pmokit.errors import MissingDependencyError

Record = dict[str, Any]


def require_pandas() -> Any:
    """Import pandas lazily, or raise :class:`MissingDependencyError` with the fix."""
    try:
        import pandas as pd
    except ImportError as exc:
        msg = (
            "to_frame() needs pandas, which is not installed; "
            "install it with: pip install 'pmokit[pandas]'"
        )
        raise MissingDependencyError(msg) from exc
    return pd


def records_to_frame(records: Sequence[Mapping[str, Any]], *, index: str | None = None) -> Any:
    """Turn a list of dicts into a pandas DataFrame (pandas imported lazily)."""
    pd = require_pandas()
    frame = pd.DataFrame.from_records(list(records))
    if index is not None and index in frame.columns:
        frame = frame.set_index(index)
    return frame
