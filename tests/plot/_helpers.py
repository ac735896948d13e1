"""Helpers shared by the tests of this folder."""

from __future__ import annotations

from typing import Any

from pmokit.scheduling import (
    Activity,
    BetaPert,
    Dependency,
    Network,
    RiskEvent,
    Triangular,
    simulate,
)


def _net() -> Network:
    return Network(
        [Activity("A", 3, demands={"crew": 2}), Activity("B", 2, demands={"crew": 2}),
         Activity("C", 4, demands={"crew": 1}), Activity("D", 1, demands={"crew": 1})],
        [Dependency("A", "C"), Dependency("B", "D"), Dependency("C", "D")],
    )


def _labels(ax: Any) -> list[str]:
    return [c.get_label() for c in ax.containers]


def _lines(ax: Any) -> list[str]:
    return [line.get_label() for line in ax.get_lines()]


def _risk(risks: bool = True) -> Any:
    net = _net()
    unc = {"A": BetaPert(2, 3, 6), "B": Triangular(1, 2, 5), "C": BetaPert(3, 4, 9)}
    ev = [RiskEvent("R1", 0.4, Triangular(1.1, 1.2, 1.5), ["C"]),
          RiskEvent("R2", 0.2, Triangular(1.0, 1.1, 1.3), ["B"])] if risks else []
    return simulate(net, unc, iterations=2000, rng=7, risks=ev)
