"""The portfolio walkthrough agrees with itself: every rejection reason is true and every
figure names the function behind it."""

from __future__ import annotations

import re

import numpy as np
import pytest

import pmokit.portfolio
from pmokit._walkthrough.portfolio import section
from pmokit.datasets import portfolio_sample, sample_pmo
from pmokit.portfolio import select


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return section(sample_pmo())


def test_every_figure_names_its_function(lines: list[str]) -> None:
    """Each line cites a public pmokit.portfolio function (or Selection method) in brackets."""
    public = set(pmokit.portfolio.__all__) | {"Selection.rejection"}
    for line in lines:
        cited = re.findall(r"\[([A-Za-z_.]+)", line)
        assert cited and all(name in public for name in cited), line


def test_rejection_reasons_are_true(lines: list[str]) -> None:
    """A candidate 'not selected: value' has NPV <= 0 (so no budget would change it); one
    'not selected: budget' would overrun the named quarter if added. The old walkthrough
    printed 'budget' for negative-NPV P09 and P10."""
    ps = portfolio_sample(sample_pmo())
    sel = select(ps.candidates, budgets=ps.budgets, capacity=ps.capacity)
    by_id = {c.id: c for c in ps.candidates}
    chosen_cost = np.sum([by_id[i].costs for i in sel.chosen], axis=0)
    found = 0
    for line in lines:
        m = re.match(r"\s+not selected (\S+)(?: \[Selection.rejection\])?: (\w+) ", line)
        if not m:
            continue
        found += 1
        cand, reason = by_id[m.group(1)], m.group(2)
        if reason == "value":
            assert cand.value <= 0
            free = select(ps.candidates, budgets=np.full(8, np.inf), capacity=ps.capacity)
            assert cand.id not in free.chosen
        elif reason == "budget":
            assert cand.value > 0
            period = int(re.search(r"budget period (\d+)", line).group(1))  # type: ignore[union-attr]
            assert chosen_cost[period] + cand.costs[period] > ps.budgets[period]
    assert found == 4
