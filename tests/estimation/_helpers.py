"""Helpers shared by the tests of this folder."""

from __future__ import annotations

from typing import Any


def _any(value: object) -> Any:
    """The value, typed Any: these tests pass wrong types on purpose."""
    return value
