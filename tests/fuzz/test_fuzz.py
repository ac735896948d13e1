"""Hypothesis over every public entry point: forbidden inputs raise pmokit errors, valid
calls return results without undocumented NaN/inf, and nothing else escapes (issue 14).

Every function and class reached through a subpackage's ``__all__`` needs a spec in
``tests/fuzz/_specs_*.py`` (or an :class:`Exempt` entry saying why it is not called
directly), so a new public name cannot be forgotten. ``PMOKIT_FUZZ_SCALE`` multiplies the
examples (default 1: at least 10,000 cases per run), after the Hypothesis profile scales
them (``PMOKIT_HYPOTHESIS=thorough``: 10x, tests/_hypothesis.py). The examples are
derandomized; ``--hypothesis-seed=N`` (or ``PMOKIT_FUZZ_SEED=N``) draws others.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests._hypothesis import BASE_EXAMPLES, examples
from tests.fuzz import (
    _specs_agile,
    _specs_capacity,
    _specs_clock,
    _specs_costs,
    _specs_estimation,
    _specs_governance,
    _specs_knowledge,
    _specs_monitoring,
    _specs_portfolio,
    _specs_scheduling,
)
from tests.fuzz._framework import Exempt, Spec, _names_argument, check_case, report
from tests.test_public_api import SUBPACKAGES

SPECS: dict[str, Spec | Exempt] = {}
for _module in (
    _specs_scheduling,
    _specs_portfolio,
    _specs_capacity,
    _specs_estimation,
    _specs_monitoring,
    _specs_governance,
    _specs_knowledge,
    _specs_agile,
    _specs_costs,
    _specs_clock,
):
    _overlap = set(SPECS) & set(_module.SPECS)
    if _overlap:  # pragma: no cover - a spec module bug
        raise RuntimeError(f"specs defined twice: {sorted(_overlap)}")
    SPECS.update(_module.SPECS)

# the profile's scale (thorough: 10x), then PMOKIT_FUZZ_SCALE's; applied as one factor so
# that ``run`` keeps its source, hence its derandomized examples
SCALE = float(os.environ.get("PMOKIT_FUZZ_SCALE", "1")) * examples(BASE_EXAMPLES) / BASE_EXAMPLES
MIN_CASES = 10_000


def public_callables() -> dict[str, object]:
    """Every function and class in every public ``__all__``, by qualified name."""
    found: dict[str, object] = {}
    for modname in SUBPACKAGES:
        module = importlib.import_module(modname)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if isinstance(obj, type) and issubclass(obj, BaseException):
                continue  # the errors are what the oracle expects, not entry points
            if inspect.isclass(obj) or inspect.isroutine(obj) or callable(obj):
                found[f"{modname}.{attr}"] = obj
    return found


def _resolve(name: str) -> object:
    """The object named ``pmokit.<sub>.<name>`` or ``pmokit.<sub>.<Class>.<method>``
    (a method is called with ``self`` as a keyword argument)."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise LookupError(name)


FUZZED = sorted(n for n, s in SPECS.items() if isinstance(s, Spec))
CASES: Counter[str] = Counter()
RETURNED: Counter[str] = Counter()


def test_every_public_callable_has_a_spec() -> None:
    """A public function or class without a fuzz spec (or a reason to skip it) fails."""
    public = public_callables()
    names_of: dict[int, set[str]] = {}
    for name, obj in public.items():
        names_of.setdefault(id(obj), set()).add(name)
    # an object re-exported by several subpackages needs one spec, under any of its names
    missing = sorted(n for n, obj in public.items() if not names_of[id(obj)] & set(SPECS))
    assert not missing, f"public callables without a fuzz spec: {missing}"
    methods = {n for n in SPECS if n.rpartition(".")[0] in public}
    stale = sorted(set(SPECS) - set(public) - methods)
    assert not stale, f"fuzz specs for names that are no longer public: {stale}"


def test_mutated_arguments_are_parameters_misc5() -> None:
    """Each argument a spec mutates is a parameter of its entry point: a mutated keyword
    the entry point lacks raises Python's "unexpected keyword argument" TypeError, which
    names the argument, so the oracle took it as a refusal and the mutation tested
    nothing (build_model's time_limit and gap, efficient_frontier's total_budget)."""
    extra: dict[str, list[str]] = {}
    for name in FUZZED:
        spec = SPECS[name]
        assert isinstance(spec, Spec)
        params = inspect.signature(_resolve(name)).parameters  # type: ignore[arg-type]
        if any(p.kind is p.VAR_KEYWORD for p in params.values()):
            continue
        missing = sorted(k for k in spec.kinds if k not in params)
        if missing:
            extra[name] = missing
    assert not extra, f"specs mutating arguments their entry point lacks: {extra}"


@pytest.mark.parametrize(("message", "arg", "names"), [
    ("unsupported operand type(s) for +: 'int' and 'str'", "n", False),
    ("'<' not supported between instances of 'NoneType' and 'float'", "n", False),
    ("float() argument must be a string or a real number, not 'NoneType'", "x", False),
    ("can't multiply sequence by non-int of type 'float'", "t", False),
    ("index must be an int", "x", False),
    ("'n' must be an int (got 2.5)", "n", True),
    ('"x" must be a number', "x", True),
    ("argument x must be a number", "x", True),
    ("the x parameter takes numbers", "x", True),
    ("'weights' must be a mapping", "weights", True),
])
def test_oracle_names_argument_as_a_word_misc5(message: str, arg: str, names: bool) -> None:
    """A TypeError names the argument when its name is quoted or in an "argument x"
    phrase; a one-letter name inside another word ("unsupported" holds an n) is not."""
    assert _names_argument(TypeError(message), arg) is names


def test_oracle_refuses_a_call_that_does_not_fit_misc5() -> None:
    """Python's TypeError for an unexpected keyword names it but tested nothing: an
    escape (a spec bug), not a refusal; a TypeError naming the argument still is one."""
    def entry(*, n: int) -> int:
        if not isinstance(n, int):
            raise TypeError(f"'n' must be an int (got {n!r})")
        return n

    spec = Spec(st.just({"n": 1}))
    unfit = check_case("entry", entry, {"n": 1, "m": "3"}, spec, ("m", "string"))
    assert unfit.escape is not None and "does not fit the signature" in unfit.escape
    named = check_case("entry", entry, {"n": "3"}, spec, ("n", "string"))
    assert named.escape is None and not named.returned
    vague = check_case("entry", lambda *, n: n + 1, {"n": "3"}, spec, ("n", "string"))
    assert vague.escape is not None and "TypeError not naming the argument" in vague.escape


def survey_seed(config: pytest.Config) -> int | None:
    """The seed of a survey run: ``--hypothesis-seed=N`` or ``PMOKIT_FUZZ_SEED=N``.

    ``run`` is derandomized (the same examples every run); Hypothesis lets a derandomized
    test ignore ``--hypothesis-seed``, so the seed is applied with :func:`hypothesis.seed`
    after the definition of ``run`` (which keeps its source, hence its default examples).
    """
    value = config.getoption("hypothesis_seed", default=None)
    if value is None:
        value = os.environ.get("PMOKIT_FUZZ_SEED")
    return None if value is None else int(value)


@pytest.mark.parametrize("name", FUZZED)
def test_fuzz(name: str, pytestconfig: pytest.Config) -> None:
    """Valid calls succeed cleanly; one forbidden input per call raises a pmokit error."""
    spec = SPECS[name]
    assert isinstance(spec, Spec)
    fn = _resolve(name)
    kinds = sorted(spec.kinds)

    @settings(
        max_examples=max(1, round(spec.examples * SCALE)),
        suppress_health_check=list(HealthCheck),
        deadline=None,
        derandomize=True,
        database=None,
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        call = dict(data.draw(spec.valid, label="valid call"))
        mutation = None
        if kinds and data.draw(st.integers(0, 2), label="mutate?") > 0:
            arg = data.draw(st.sampled_from(kinds), label="argument")
            what, value = spec.kinds[arg].bad(data.draw, call.get(arg))
            call[arg] = value
            mutation = (arg, what)
        CASES[name] += 1
        outcome = check_case(name, fn, call, spec, mutation)  # type: ignore[arg-type]
        if outcome.returned and mutation is None:
            RETURNED[name] += 1
        if outcome.escape is not None:
            report(name, call, mutation, outcome.escape)

    chosen = survey_seed(pytestconfig)
    if chosen is not None:  # other examples than the derandomized ones (a survey)
        run = seed(chosen)(run)
    run()
    if spec.must_succeed:
        assert RETURNED[name] > 0, f"{name}: no valid call returned normally (a spec bug?)"


def test_zz_case_count() -> None:
    """The run generated at least 10,000 cases (when every spec ran at scale >= 1)."""
    if set(CASES) != set(FUZZED) or SCALE < 1:
        pytest.skip("not every fuzz spec ran in this session")
    total = sum(CASES.values())
    path = os.environ.get("PMOKIT_FUZZ_REPORT")
    if path:  # a survey run notes its size
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"cases": total, "returned": sum(RETURNED.values())}) + "\n")
    assert total >= MIN_CASES, f"only {total} cases: {dict(CASES)}"
