"""Tests of pmokit.plot without matplotlib (require_matplotlib)."""

from __future__ import annotations

import sys

import pytest

from pmokit import plot
from pmokit.errors import MissingDependencyError
from pmokit.scheduling import (
    schedule,
)
from tests.plot._helpers import _net


class TestWithoutMatplotlib:
    """The module imports without matplotlib; a call says which extra to install."""

    def test_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every function raises MissingDependencyError naming pmokit[plot]."""
        for name in list(sys.modules):
            if name == "matplotlib" or name.startswith("matplotlib."):
                monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        s = schedule(_net())
        with pytest.raises(MissingDependencyError, match=r"pip install 'pmokit\[plot\]'"):
            plot.gantt(s)


def test_import_is_lazy() -> None:
    """Importing pmokit.plot (and pmokit) loads neither matplotlib nor tqdm."""
    import subprocess

    code = ("import sys, pmokit, pmokit.plot, pmokit.scheduling; "
            "print(sorted(m for m in ('matplotlib', 'tqdm') if m in sys.modules))")
    src = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": src}, check=True)
    assert out.stdout.strip() == "[]"
