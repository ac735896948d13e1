"""The tests mirror src (issue 14): the tests of ``src/pmokit/<sub>/_<module>.py`` are in
``tests/<sub>/test_<module>.py``, those of a top-level module ``src/pmokit/<module>.py`` (or
``_<module>.py``) in ``tests/test_<module>.py``, and the sample data's in
``tests/datasets/test_<domain>.py``. A test file that names no module, or a module with no
test file, fails here unless it is one of the documented exceptions below.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import settings

from tests._hypothesis import BASE_EXAMPLES, examples

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src" / "pmokit"

SUBPACKAGE_TEST_FILES = {
    "public_api": "the subpackage's public surface (its __init__.py): __all__ and docstrings",
    "roundtrip": "the contract of every input and result of the subpackage, as one table: "
    "pickle and deep copy round-trip equal, read-only insides, records and frames",
}
"""Test file stems (after ``test_``) allowed in every tests/<sub>/ folder, with what they test."""

EXTRA_TEST_FILES = {
    "tests/test_public_api.py": "the public surface of pmokit as a whole",
    "tests/test_layout.py": "this file: the layout of the tests",
    "tests/test_notebook_doc.py": "docs/notebook.md: its drawing code blocks run in order",
    "tests/test_public_types.py": "the types in every public signature (cross-cutting)",
    "tests/capacity/test_capacity_scenarios_executor.py": "executor= of compare_scenarios "
    "(process pool, Dask); not yet merged into test_scenarios.py",
    "tests/estimation/test_estimation_accuracy_executor.py": "executor= of leave_one_out / "
    "k_fold; not yet merged into test_accuracy.py",
    "tests/scheduling/test_risk_executor.py": "executor= of simulate; not yet merged into "
    "test_risk.py",
    "tests/estimation/test_effort_data.py": "every estimator on the public PROMISE effort data",
}
"""Test files that name no module on purpose, with what they test instead."""

EXTRA_FOLDERS = {"fuzz": "Hypothesis over every public entry point (cross-cutting)"}
"""Folders of tests/ that are no subpackage of src."""

TESTED_ELSEWHERE = {
    "_deprecation.py": "tests/test_distributions.py",
    "_random.py": "tests/test_validation.py",
    "agile/_engine.py": "tests/agile/test_forecast.py",
    "capacity/_records.py": "tests/capacity/test_planning.py",
    "governance/_convert.py": "tests/governance/test_audit.py",
    "scheduling/_dates.py": "tests/scheduling/test_cpm.py",
    "scheduling/_resources.py": "tests/scheduling/test_rcpsp.py",
    "scheduling/_resultbase.py": "tests/scheduling/test_cpm.py",
    "scheduling/_risk_passes.py": "tests/scheduling/test_risk.py",
    "scheduling/_sgs.py": "tests/scheduling/test_rcpsp.py",
    "datasets/_risk.py": "src/pmokit/datasets/_risk.py",  # its doctest
    "_tables.py": "tests/scheduling/test_frames.py",  # every from_frame reads through it
    "portfolio/_frozen.py": "tests/portfolio/test_roundtrip.py",
}
"""Internal modules with no public name of their own, tested through the entry point that
uses them (module relative to src/pmokit -> the file, relative to the repository, whose tests
cover it)."""

NO_TEST_FILE = {
    "_typing.py": "type aliases only; mypy --strict checks them",
    "__main__.py": "prints the walkthrough sections, each tested in tests/datasets/",
}
"""Modules with no behaviour of their own to test."""

PRIVATE_PACKAGES = {"_walkthrough": "tested with the sample data in tests/datasets/"}
"""Private subpackages whose modules need no test file of their own."""


def _stem(path: Path) -> str:
    return path.stem.lstrip("_")


def _subpackages() -> dict[str, set[str]]:
    """Subpackage name -> its module stems (leading underscore dropped)."""
    return {
        d.name: {_stem(p) for p in d.glob("*.py") if p.name != "__init__.py"}
        for d in sorted(SRC.iterdir())
        if (d / "__init__.py").exists() and d.name not in PRIVATE_PACKAGES
    }


def _top_modules() -> set[str]:
    return {_stem(p) for p in SRC.glob("*.py") if p.name != "__init__.py"}


def _rel(path: Path) -> str:
    return path.relative_to(TESTS.parent).as_posix()


def test_every_test_file_names_a_module() -> None:
    """Each tests/<sub>/test_<name>.py names a module of src/pmokit/<sub>/, each
    tests/test_<name>.py a top-level module, each tests/<folder>/ a subpackage."""
    subs = _subpackages()
    wrong = []
    for path in sorted(TESTS.rglob("test_*.py")):
        rel = _rel(path)
        if rel in EXTRA_TEST_FILES:
            continue
        name = path.stem.removeprefix("test_")
        folder = path.parent.relative_to(TESTS).parts
        if not folder:
            if name not in _top_modules():
                wrong.append(f"{rel}: pmokit has no top-level module {name!r}")
        elif folder[0] in EXTRA_FOLDERS:
            continue
        elif len(folder) > 1 or folder[0] not in subs:
            wrong.append(f"{rel}: pmokit has no subpackage {'.'.join(folder)!r}")
        elif name not in subs[folder[0]] and name not in SUBPACKAGE_TEST_FILES:
            wrong.append(f"{rel}: pmokit.{folder[0]} has no module _{name}.py")
    assert not wrong, "\n".join(wrong)


def test_every_module_has_a_test_file() -> None:
    """Each module of src/pmokit has its test file, or is listed in TESTED_ELSEWHERE with
    the test file that covers it."""
    missing = []
    modules = [p for p in SRC.glob("*.py") if p.name != "__init__.py"] + [
        p
        for sub in _subpackages()
        for p in (SRC / sub).glob("*.py")
        if p.name != "__init__.py"
    ]
    for path in sorted(modules):
        rel = path.relative_to(SRC).as_posix()
        folder = TESTS.joinpath(*path.relative_to(SRC).parts[:-1])
        own = folder / f"test_{_stem(path)}.py"
        if own.exists():
            continue
        other = TESTED_ELSEWHERE.get(rel)
        if rel in NO_TEST_FILE:
            continue
        if other is None:
            missing.append(f"{rel}: no {_rel(own)}")
        elif not (TESTS.parent / other).exists():
            missing.append(f"{rel}: its listed test file {other} does not exist")
    assert not missing, "\n".join(missing)


def test_exceptions_are_still_needed() -> None:
    """An exception whose module got its own test file, or whose file is gone, is removed."""
    stale = [
        rel
        for rel in [*TESTED_ELSEWHERE, *NO_TEST_FILE]
        if (
            TESTS.joinpath(*Path(rel).parts[:-1]) / f"test_{_stem(Path(rel))}.py"
        ).exists()
        or not (SRC / rel).exists()
    ]
    assert not stale, stale


def test_peers_are_marked_per_test_not_skipped() -> None:
    """The monitoring and governance tests mark the tests that need pandas or a peer
    (tests/_requires.py) instead of calling pytest.importorskip, so the core tests run
    without the extras and a module never vanishes whole."""
    from pathlib import Path

    root = Path(__file__).resolve().parent
    offenders = [
        f"{path.relative_to(root)}:{k}"
        for sub in ("monitoring", "governance")
        for path in sorted((root / sub).glob("test_*.py"))
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "importorskip(" in line and "offenders" not in line
    ]
    assert not offenders, offenders


_LITERAL_EXAMPLES = re.compile(r"settings\([^)]*max_examples\s*=\s*\d")


def test_hypothesis_examples_follow_the_profile() -> None:
    """No test fixes its number of Hypothesis examples: a literal ``max_examples`` (40)
    ignored the profile (``PMOKIT_HYPOTHESIS=thorough`` ran those tests 40 times, not 400);
    ``settings(max_examples=examples(40))`` scales with it (135 literals, tidy4)."""
    offenders = [
        f"{path.relative_to(TESTS)}:{n}"
        for path in sorted(TESTS.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _LITERAL_EXAMPLES.search(line)
    ]
    assert not offenders, f"literal max_examples (use tests._hypothesis.examples): {offenders}"


def test_examples_scale_with_the_profile() -> None:
    """The default and ci profiles keep the examples asked for (the default run is not
    slowed); thorough runs 10x; never fewer than one."""
    assert settings.get_profile("default").max_examples == BASE_EXAMPLES
    assert examples(40, settings.get_profile("default")) == 40
    assert examples(40, settings.get_profile("ci")) == 40
    assert examples(40, settings.get_profile("thorough")) == 400
    assert examples(1, settings(max_examples=BASE_EXAMPLES // 10)) == 1
