"""Shared plumbing of :mod:`pmokit.plot`: the lazy matplotlib import and the Axes to draw on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pmokit.errors import MissingDependencyError, ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["get_axes", "require_matplotlib", "wrong_type"]


def require_matplotlib() -> Any:
    """Import matplotlib lazily, or raise :class:`MissingDependencyError` with the fix."""
    try:
        import matplotlib
    except ImportError as exc:
        msg = (
            "pmokit.plot needs matplotlib, which is not installed; "
            "install it with: pip install 'pmokit[plot]'"
        )
        raise MissingDependencyError(msg) from exc
    return matplotlib


def get_axes(ax: Axes | None) -> Axes:
    """``ax`` itself, or the Axes of a new figure (pyplot's, so a notebook shows it)."""
    require_matplotlib()
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise ValidationError(
                f"'ax' must be a matplotlib Axes or None (got {type(ax).__name__})"
            )
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots()
    return new


def wrong_type(what: str, value: Any, expected: str) -> ValidationError:
    """The error for a result of the wrong kind passed to a plot function."""
    return ValidationError(
        f"'{what}' must be {expected} (got a {type(value).__name__})"
    )
