"""The fuzz harness: specs of valid calls, one-input mutations and the oracle.

A :class:`Spec` names one public entry point (a function or an input class), a Hypothesis
strategy of valid calls (a dict of keyword arguments) and the *kinds* of its arguments.
Each kind knows the inputs its docs forbid (``None``, complex, datetime64, NaN/inf,
negatives, truthy strings for flags, percents for fractions, unknown or duplicate or empty
ids, out-of-range dates, absurd sizes) and injects one of them into a valid call.

The oracle (:func:`check_case`):

- a forbidden input must raise a :mod:`pmokit.errors` exception, or a ``TypeError`` whose
  message names the argument (quoted, or in an "argument x" phrase: see
  :func:`_names_argument`), other than Python's own for a call that does not fit the
  signature (an unexpected keyword: the spec mutated an argument the entry point lacks);
- a valid call must return normally or raise a pmokit error, and its result must carry no
  NaN or inf outside the fields its docs declare (``Spec.nonfinite``, :data:`DOCUMENTED_NONFINITE`);
- a ``ComplexWarning`` (numpy dropping an imaginary part) is raised, hence an escape.

Everything else is an *escape*. With ``PMOKIT_FUZZ_REPORT=<file>`` the escapes are
appended to ``<file>`` as JSON lines instead of failing (a survey run); otherwise the first
escape fails the test and Hypothesis shrinks it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import attrs
import numpy as np
from hypothesis import strategies as st

from pmokit.errors import PmokitError

Call = dict[str, Any]
EDGE = "edge: "
"""Prefix of an injected value that may be accepted (a date near ``date.max``): the call
must then return or raise a pmokit error, but nothing else."""
BadValue = tuple[str, Any]  # (what was injected, the value)

# ---------------------------------------------------------------------------
# Fields whose docs say they may be NaN or inf ("Class.field"), shared by every spec.
# ---------------------------------------------------------------------------
DOCUMENTED_NONFINITE: frozenset[str] = frozenset(
    {
        # estimation: nan for triangular (documented on Estimate / EstimateArray)
        "Estimate.lam",
        "Estimate.alpha",
        "Estimate.beta",
        "EstimateArray.lam",
        "EstimateArray.alpha",
        "EstimateArray.beta",
        "Accuracy.sa",
        "Accuracy.effect_size",
        # monitoring: IEEE division, documented per index
        "EarnedValue.*",
        "EarnedValueHistory.*",
        "PortfolioEarnedValue.*",
        "ControlAccountReport.eac",
        "ControlAccountReport.vac",
        "MilestoneTrend.slip",
        "RagStatus.measures",
        "Signal.evidence",
        # scheduling: inf slack on a link that holds nothing (a level-of-effort
        # activity's links; links statusing drops), documented on Schedule.link_slack
        "Schedule._link_slack",
        # governance
        "GateDecision.score",
        "HealthReport.scores",
        "HealthReport.dimension_scores",
        "MaturityResult.level_scores",
        "DcmaCheck.metric",
        "ComplianceTrend.slope_per_30_days",
        "ComplianceSummary.project_rates",
        "ComplianceSummary.project_scores",
        # portfolio
        "BenefitsReport.realisation_ratio",
        "PairwiseMatrix.values",
        "PortfolioModel.row_lower",
        "PortfolioModel.row_upper",
        "PortfolioModel.budgets",
        "Selection.lower",
        "Selection.upper",
        "Selection.slack",
        "Selection.budgets",
        "Rejection.marginal_value_per_cost",
        "Rejection.value_per_cost",
        "Selection.gap",
        "Selection.mip_gap",
        "Frontier.gaps",  # NaN at a level with no selection (documented)
        "Selection.marginal_value_per_cost",
        # capacity
        "Allocation.coverage",
        "CapacityHeatMap.load",
        # agile: NaN outside the past (done) or before the last past period (cone)
        "BurnUp.done",
        "BurnUp.cone",
        "HiringPlan.coverage_before",
        "HiringPlan.coverage_after",
        # scheduling
        "RiskResult.criticality",
        "RiskResult.cruciality",
        "RiskResult.sensitivity",
    }
)


# ---------------------------------------------------------------------------
# Kinds: what an argument is, and the forbidden values to inject into it
# ---------------------------------------------------------------------------
class Kind:
    """An argument's kind; :meth:`bad` draws one forbidden value given the valid one."""

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        raise NotImplementedError


_NOT_A_NUMBER: list[BadValue] = [
    ("None", None),
    ("complex", 1.5 + 2j),
    ("datetime64", np.datetime64("2026-01-05")),
    ("nan", math.nan),
    ("inf", math.inf),
    ("-inf", -math.inf),
    ("string", "3"),
    ("bool", True),
]


@dataclass(frozen=True)
class Number(Kind):
    """A real number; ``minimum``/``maximum`` inclusive unless ``strict``.

    ``fraction`` marks a 0-1 share (a percent such as 80 is a probable slip);
    ``percent`` a 0-100 value where a fraction such as 0.8 is refused; ``integer`` a count
    (2.5 is refused); ``size`` a count that allocates memory (10**12 is refused);
    ``inf_ok`` allows +inf.
    """

    minimum: float | None = None
    maximum: float | None = None
    strict: bool = False
    fraction: bool = False
    integer: bool = False
    size: bool = False
    inf_ok: bool = False
    none_ok: bool = False

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        options = [
            b
            for b in _NOT_A_NUMBER
            if not (self.inf_ok and b[0] == "inf") and not (self.none_ok and b[0] == "None")
        ]
        if self.minimum is not None:
            options.append(("below minimum", self.minimum - (1.0 if not self.integer else 1)))
            if self.strict:
                options.append(("at strict minimum", self.minimum))
        if self.maximum is not None:
            options.append(("above maximum", self.maximum + (1 if self.integer else 1.0)))
        if self.fraction:
            options.append(("percent for a fraction", 80.0))
        if self.integer:
            options.append(("non-integer", 2.5))
        if self.size:
            options.append(("absurd size", 10**12))
        return draw(st.sampled_from(options))


@dataclass(frozen=True)
class Flag(Kind):
    """A bool flag: truthy strings, ints and None (unless ``none_ok``) are forbidden."""

    none_ok: bool = False

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        options: list[BadValue] = [("string 'no'", "no"), ("int 1", 1), ("string 'False'", "False")]
        if not self.none_ok:
            options.append(("None", None))
        return draw(st.sampled_from(options))


@dataclass(frozen=True)
class Choice(Kind):
    """One of a fixed set of strings."""

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        return draw(st.sampled_from([("unknown choice", "nosuch"), ("None", None),
                                     ("int", 3)]))


@dataclass(frozen=True)
class Id(Kind):
    """An id: empty/blank strings, None (unless ``none_ok``), floats and bools are forbidden.

    ``empty_ok`` marks an optional id whose documented "none" is ``""`` (a blank one is
    still forbidden).
    """

    none_ok: bool = False
    empty_ok: bool = False

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        options: list[BadValue] = [("blank id", "  "), ("float id", 1.5),
                                   ("bool id", True), ("nan id", math.nan),
                                   ("unhashable id", ["A"])]
        if not self.empty_ok:
            options.insert(0, ("empty id", ""))
        if not self.none_ok:
            options.append(("None id", None))
        return draw(st.sampled_from(options))


@dataclass(frozen=True)
class Text(Kind):
    """A required non-empty string (a name)."""

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        return draw(st.sampled_from([("None", None), ("empty string", ""), ("int", 3)]))


@dataclass(frozen=True)
class Ref(Kind):
    """A reference to a known id (an activity, a project, a skill ...)."""

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        return draw(st.sampled_from([("unknown id", "ZZZ_unknown"), ("empty id", ""),
                                     ("None id", None)]))


@dataclass(frozen=True)
class Ids(Kind):
    """A sequence of ids (unique unless ``unique=False``); references if ``known``."""

    unique: bool = True
    known: bool = False

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        items = list(current) if isinstance(current, list | tuple) else []
        options: list[BadValue] = [("empty id in list", [*items, ""]),
                                   ("None in list", [*items, None])]
        if self.unique and items:
            options.append(("duplicate id", [*items, items[0]]))
        if self.known:
            options.append(("unknown id in list", [*items, "ZZZ_unknown"]))
        return draw(st.sampled_from(options))


@dataclass(frozen=True)
class Keyed(Kind):
    """A mapping keyed by known ids; ``value`` is a Kind for its values (or None)."""

    value: Kind | None = None
    example: Any = 1.0
    known: bool = True

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        cur = dict(current) if current else {}
        fill = next(iter(cur.values()), self.example)
        options: list[BadValue] = [("empty-string key", {**cur, "": fill}),
                                   ("None key", {**cur, None: fill})]
        if self.known:
            options.append(("unknown key", {**cur, "ZZZ_unknown": fill}))
        if self.value is not None and cur:
            key = draw(st.sampled_from(sorted(cur, key=repr)))
            what, v = self.value.bad(draw, cur[key])
            options.append((f"{what} as value of {key!r}", {**cur, key: v}))
        return draw(st.sampled_from(options))


@dataclass(frozen=True)
class Array(Kind):
    """An array of numbers (any nesting) with optional ``minimum``; ``inf_ok`` allows +inf
    (a budget's "no limit")."""

    minimum: float | None = None
    strict: bool = False
    fraction: bool = False
    allow_nan: bool = False
    none_ok: bool = False
    inf_ok: bool = False

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        if current is None:
            current = [1.0, 2.0]
        arr = np.asarray(current, dtype=float)
        flat = arr.ravel()
        if flat.size == 0:
            return ("None", None)
        i = draw(st.integers(0, flat.size - 1))

        def put(value: Any, dtype: Any = object) -> Any:
            out = flat.astype(dtype).copy()
            out[i] = value
            out = out.reshape(arr.shape)
            return out.tolist() if dtype is object or out.ndim == 0 else out

        options: list[BadValue] = [
            ("complex array", (arr.astype(complex) + 1j).tolist() if arr.ndim == 0
             else arr.astype(complex) + 1j),
            ("datetime64 array", np.full(max(arr.size, 1), np.datetime64("2026-01-05"))
             if arr.ndim == 0 else np.full(arr.shape, np.datetime64("2026-01-05"))),
            ("-inf in array", put(-math.inf, float)) if self.inf_ok
            else ("inf in array", put(math.inf, float)),
            ("None in array", put(None)),
            ("string in array", put("3")),
        ]
        if not self.allow_nan:
            options.append(("nan in array", put(math.nan, float)))
        if not self.none_ok:
            options.append(("None", None))
        if self.minimum is not None:
            options.append(("below minimum in array", put(self.minimum - 1.0, float)))
            if self.strict:
                options.append(("at strict minimum in array", put(self.minimum, float)))
        if self.fraction:
            options.append(("percents for fractions", arr * 100 + 50))
        return draw(st.sampled_from(options))


@dataclass(frozen=True)
class Date(Kind):
    """A datetime.date in the supported range."""

    none_ok: bool = False

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        options: list[BadValue] = [
            ("string date", "2026-01-05"),
            (EDGE + "date near date.max", dt.date(9999, 12, 30)),
            (EDGE + "date near date.min", dt.date(1, 1, 2)),
            ("int date", 20260105),
        ]
        if not self.none_ok:
            options.append(("None", None))
        return draw(st.sampled_from(options))


@dataclass(frozen=True)
class DateList(Kind):
    """A sequence of dates."""

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        items = list(current) if current is not None else []
        return draw(st.sampled_from([
            ("None in dates", [*items, None]),
            ("string in dates", [*items, "2026-01-05"]),
            (EDGE + "date near date.max in dates", [*items, dt.date(9999, 12, 30)]),
            ("int in dates", [*items, 20260105]),
            ("None", None),
        ]))


@dataclass(frozen=True)
class Custom(Kind):
    """Bad values drawn by ``fn(draw, current)``."""

    fn: Callable[[st.DrawFn, Any], BadValue]

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        return self.fn(draw, current)


@dataclass(frozen=True)
class OneOf(Kind):
    """Any of several kinds' bad values."""

    kinds: tuple[Kind, ...]

    def bad(self, draw: st.DrawFn, current: Any) -> BadValue:
        kind = draw(st.sampled_from(self.kinds))
        return kind.bad(draw, current)


# ---------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------
@dataclass
class Spec:
    """How to fuzz one public entry point.

    ``valid`` draws keyword arguments of a valid call; ``kinds`` maps argument names to
    their kind (the arguments mutations may hit); ``examples`` is its share of the run;
    ``nonfinite`` lists extra documented NaN/inf fields (``"Class.field"``).
    ``positional`` names the arguments passed by position (positional-only ones).
    ``via`` puts the built object into the container that documents its checks (a
    :class:`~pmokit.governance.Phase` is checked when a methodology holds it): the call
    and the container together must then reject a forbidden input.
    ``allows(call, mutation)`` says True for an injected value the docs allow in the
    context of the rest of the call (a must-meet gate criterion's weight of 0, which is
    ignored): such a call may return, as an ``EDGE`` value may.
    """

    valid: st.SearchStrategy[Call]
    kinds: Mapping[str, Kind] = field(default_factory=dict)
    examples: int = 80
    nonfinite: frozenset[str] = frozenset()
    positional: Sequence[str] = ()
    must_succeed: bool = True
    via: Callable[[Any], Any] | None = None
    allows: Callable[[Call, tuple[str, str]], bool] | None = None


@dataclass(frozen=True)
class Exempt:
    """A public name that is not fuzzed directly, and why (a result class, an enum...)."""

    reason: str


# ---------------------------------------------------------------------------
# The oracle
# ---------------------------------------------------------------------------
def _nonfinite_paths(
    obj: Any, path: str, allowed: frozenset[str], seen: set[int], depth: int, out: list[str]
) -> None:
    if depth > 6 or len(out) > 5:
        return
    if isinstance(obj, bool | int | str | bytes | dt.date | None):
        return
    if path in allowed:
        return
    if isinstance(obj, float | np.floating):
        if not math.isfinite(float(obj)):
            out.append(f"{path} = {obj!r}")
        return
    if isinstance(obj, complex):
        out.append(f"{path} is complex {obj!r}")
        return
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "c":
            out.append(f"{path} is a complex array")
        elif obj.dtype.kind == "f" and obj.size and not np.all(np.isfinite(obj)):
            bad = np.flatnonzero(~np.isfinite(obj.ravel()))[:3]
            out.append(f"{path} holds {obj.ravel()[bad].tolist()} (flat positions {bad.tolist()})")
        elif obj.dtype.kind == "O":
            for i, item in enumerate(obj.ravel()[:200]):
                _nonfinite_paths(item, f"{path}[{i}]", allowed, seen, depth + 1, out)
        return
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if attrs.has(type(obj)):
        cls = type(obj).__name__
        if f"{cls}.*" in allowed:
            return
        for f in attrs.fields(type(obj)):
            if f"{cls}.{f.name}" in allowed:
                continue
            try:
                value = getattr(obj, f.name)
            except AttributeError:
                continue
            _nonfinite_paths(value, f"{path}.{f.name}", allowed, seen, depth + 1, out)
        return
    if isinstance(obj, Mapping):
        for k, v in list(obj.items())[:200]:
            _nonfinite_paths(v, f"{path}[{k!r}]", allowed, seen, depth + 1, out)
        return
    if isinstance(obj, tuple | list):
        for i, item in enumerate(obj[:200]):
            _nonfinite_paths(item, f"{path}[{i}]", allowed, seen, depth + 1, out)


def nonfinite_paths(result: Any, allowed: frozenset[str]) -> list[str]:
    """Where ``result`` carries NaN/inf outside the ``allowed`` fields."""
    out: list[str] = []
    _nonfinite_paths(result, "result", allowed | DOCUMENTED_NONFINITE, set(), 0, out)
    return out


def _short(value: Any, limit: int = 160) -> str:
    try:
        text = repr(value)
    except Exception as exc:  # a repr that fails is itself worth seeing
        text = f"<repr failed: {exc!r}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _names_argument(exc: BaseException, arg: str) -> bool:
    """Whether ``exc``'s message names the argument ``arg``: quoted (``'n'``, ``"n"``,
    a backquoted n) or as a whole word in an "argument n" / "parameter n" / "n argument"
    phrase. A bare substring is not enough: a one-letter name (``n``, ``x``) is in almost
    any message ("unsupported operand type(s)" holds an ``n``)."""
    name = re.escape(arg)
    word = r"(?:argument|parameter|keyword)s?"
    pattern = (rf"(['\"`]){name}\1"
               rf"|\b{word}\s+{name}\b"
               rf"|(?<![\w.]){name}\s+{word}\b")
    return re.search(pattern, str(exc)) is not None


_BINDING = re.compile(r"got an unexpected keyword argument|got multiple values for argument"
                      r"|missing \d+ required (?:positional|keyword-only) argument")
"""Python's own TypeErrors of a call that does not fit the signature: they name the
argument, but the entry point never saw the injected value."""


@dataclass
class Outcome:
    """What one case did: ``escape`` is None when the oracle is satisfied."""

    returned: bool
    escape: str | None


def check_case(
    name: str,
    fn: Callable[..., Any],
    call: Call,
    spec: Spec,
    mutation: tuple[str, str] | None,
) -> Outcome:
    """Run one call and judge it (see the module docstring)."""
    args = [call[p] for p in spec.positional]
    kwargs = {k: v for k, v in call.items() if k not in spec.positional}
    try:
        with warnings.catch_warnings():
            # numpy dropping an imaginary part silently is an escape, not a warning
            warnings.simplefilter("error", np.exceptions.ComplexWarning)
            result = fn(*args, **kwargs)
            if spec.via is not None:
                result = spec.via(result)
    except PmokitError:
        return Outcome(False, None)
    except TypeError as exc:
        if _BINDING.search(str(exc)):  # the call does not fit the signature: a spec bug
            return Outcome(False, f"the call does not fit the signature (a spec bug: the "
                                  f"mutation tested nothing): {exc!r}")
        if mutation is not None and _names_argument(exc, mutation[0]):
            return Outcome(False, None)
        kind = "forbidden" if mutation else "valid"
        return Outcome(False, f"{kind} call raised TypeError not naming the argument: {exc!r}")
    except RecursionError as exc:
        return Outcome(False, f"raised RecursionError: {_short(exc)}")
    except Exception as exc:
        kind = "forbidden" if mutation else "valid"
        return Outcome(False, f"{kind} call raised {type(exc).__name__}: {_short(str(exc))}")
    if (
        mutation is not None
        and not mutation[1].startswith(EDGE)
        and not (spec.allows is not None and spec.allows(call, mutation))
    ):
        return Outcome(True, f"accepted forbidden input ({mutation[1]} in '{mutation[0]}')")
    bad = nonfinite_paths(result, spec.nonfinite)
    if bad:
        return Outcome(True, f"undocumented NaN/inf: {'; '.join(bad)}")
    return Outcome(True, None)


def built(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` inside a strategy; a pmokit error rejects the example."""
    from hypothesis import reject

    try:
        return fn(*args, **kwargs)
    except PmokitError:
        reject()


class Escape(AssertionError):
    """The oracle failed for one case."""


def report(name: str, call: Call, mutation: tuple[str, str] | None, escape: str) -> None:
    """Record an escape (survey mode) or fail (test mode)."""
    path = os.environ.get("PMOKIT_FUZZ_REPORT")
    shown = {k: _short(v, 120) for k, v in call.items()}
    if path:
        line = {"entry": name, "mutation": mutation, "call": shown, "escape": escape}
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line) + "\n")
        return
    where = f" after injecting {mutation[1]} into '{mutation[0]}'" if mutation else ""
    raise Escape(f"{name}{where}: {escape}\n  call: {shown}")
