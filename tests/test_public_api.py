"""The public surface: every name in every __all__ exists and is documented."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import pmokit

SUBPACKAGES = [
    "pmokit",
    "pmokit.errors",
    "pmokit.calendar",
    "pmokit.datasets",
    "pmokit.distributions",
    "pmokit.governance",
    "pmokit.portfolio",
    "pmokit.scheduling",
    "pmokit.capacity",
    "pmokit.estimation",
    "pmokit.monitoring",
    "pmokit.knowledge",
    "pmokit.plot",
    "pmokit.progress",
    "pmokit.agile",
    "pmokit.interop",
    "pmokit.interop.mpxj",
]


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_all_names_exist_and_documented(name: str) -> None:
    """Each name in __all__ resolves and (unless a plain value) has a docstring."""
    module = importlib.import_module(name)
    assert isinstance(module.__all__, (list, tuple))
    assert module.__doc__, f"{name} has no module docstring"
    missing = []
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ names {attr!r}, which does not exist"
        obj = getattr(module, attr)
        is_code = inspect.isclass(obj) or inspect.isfunction(obj) or inspect.ismethod(obj)
        if is_code and not inspect.getdoc(obj):
            missing.append(attr)
    assert not missing, f"{name}: no docstring on {missing}"


def test_subpackages_listed() -> None:
    """Every public subpackage of pmokit is covered by the test above."""
    found = {
        f"pmokit.{m.name}"
        for m in pkgutil.iter_modules(pmokit.__path__)
        if not m.name.startswith("_")
    }
    assert found <= set(SUBPACKAGES), found - set(SUBPACKAGES)


def test_entry_points() -> None:
    """The entry names the docs rely on exist (DESIGN.md)."""
    from pmokit.calendar import WorkCalendar  # noqa: F401
    from pmokit.datasets import sample_pmo  # noqa: F401
    from pmokit.scheduling import Activity, Dependency, Network, schedule  # noqa: F401


def test_no_print_in_core() -> None:
    """Only __main__ prints: no module of the core uses print(), open() or input(), and no
    module validates with assert (it vanishes under python -O)."""
    import ast
    from pathlib import Path

    root = Path(pmokit.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"print", "open", "input"}
            ):
                offenders.append(f"{path.relative_to(root)}:{node.lineno} {node.func.id}()")
            if isinstance(node, ast.Assert):
                offenders.append(f"{path.relative_to(root)}:{node.lineno} assert")
    assert not offenders, offenders
