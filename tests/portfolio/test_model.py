"""Tests of the portfolio model: candidates, groups, balance and build_model."""

from __future__ import annotations

import pytest

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio import (
    Candidate,
    Group,
    build_model,
)
from tests.portfolio._helpers import NON_REAL


def _cands() -> list[Candidate]:
    return [Candidate("A", 10, [6, 1], demands={"dev": [1, 2]}), Candidate("B", 9, [5, 0])]


class TestUnknownIds:
    def test_capacity_for_a_skill_nobody_demands(self) -> None:
        """capacity={'Dev': ...} (a typo of 'dev') left 'dev' unconstrained silently."""
        with pytest.raises(UnknownReferenceError, match="'Dev'"):
            build_model(_cands(), budgets=[10, 10], capacity={"Dev": [1, 1]})


class TestIds:
    @pytest.mark.parametrize("bad", ["", "  ", None, 1.0, True])
    def test_bad_candidate_id(self, bad: object) -> None:
        """Empty, blank, None, float and bool candidate ids are refused."""
        with pytest.raises(ValidationError, match="id of a candidate"):
            Candidate(bad, 1, 1)  # type: ignore[arg-type]

    def test_bad_skill_id(self) -> None:
        """An empty skill name in demands is refused."""
        with pytest.raises(ValidationError, match="skill"):
            Candidate("A", 1, 1, demands={"": [1]})

    def test_duplicate_group_member(self) -> None:
        """A group naming a candidate twice is refused."""
        with pytest.raises(DuplicateError, match="'A'"):
            Group("g", ["A", "A"])


@pytest.mark.parametrize("field", ["min", "max"])
class TestGroupCounts:
    @pytest.mark.parametrize("bad", [2.5, 1.0])
    def test_count_must_be_an_integer(self, field: str, bad: object) -> None:
        """min and max are counts of candidates: 2.5 (or a float) is refused by name."""
        with pytest.raises(ValidationError, match=f"'{field} of group 'g'' must be an integer"):
            Group("g", ["A", "B", "C"], **{field: bad})  # type: ignore[arg-type]

    def test_bool_count_refused(self, field: str) -> None:
        """A bool is not a count."""
        with pytest.raises(ValidationError, match=f"'{field} of group 'g''"):
            Group("g", ["A", "B", "C"], **{field: True})  # type: ignore[arg-type]

    def test_numpy_integers_accepted(self, field: str) -> None:
        """A numpy integer count is an integer."""
        import numpy as np

        assert getattr(Group("g", ["A", "B"], **{field: np.int64(1)}), field) == 1



class TestNonRealNumbers:
    @pytest.mark.parametrize("kind", sorted(NON_REAL))
    def test_candidate_costs_and_demands(self, kind: str) -> None:
        """Costs and demands refuse complex, None and datetime64 by name."""
        with pytest.raises(ValidationError, match="'costs'"):
            Candidate("A", 1, NON_REAL[kind])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="demand for 'dev'"):
            Candidate("A", 1, [1, 1], demands={"dev": NON_REAL[kind]})  # type: ignore[dict-item]

    @pytest.mark.parametrize("kind", sorted(NON_REAL))
    def test_budgets(self, kind: str) -> None:
        """Budgets refuse complex (its imaginary part was dropped), None and datetime64."""
        with pytest.raises(ValidationError, match="'budgets'"):
            build_model(_cands(), budgets=NON_REAL[kind])  # type: ignore[arg-type]


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""

    @pytest.mark.parametrize("bad", ["", "  ", True, float("nan"), 1.5])
    def test_candidate_category_is_an_id(self, bad: object) -> None:
        """A category is an id (None: no category)."""
        with pytest.raises(ValidationError, match="category of candidate 'A'"):
            Candidate("A", 1.0, [1.0], category=bad)

    @pytest.mark.parametrize("bad", ["", None, ["x"]])
    def test_balance_category_is_an_id(self, bad: object) -> None:
        """A balance rule names a category id."""
        from pmokit.portfolio import Balance

        with pytest.raises(ValidationError, match="category of a balance rule"):
            Balance(bad, max_share=0.5)


class TestCandidatePickle:
    """Candidates pickle compactly (issue 21): one float array per candidate."""

    @staticmethod
    def _kinds() -> list[Candidate]:
        return [
            Candidate("A", 10, [6, 1], demands={"dev": [1, 2], "qa": [0, 3]}, category="x"),
            Candidate("B", -2.5, 4.0),
            Candidate(7, 3, [1, 2, 3], earliest_start=1, latest_start=3,
                      start_values=[5, 4, 2], demands={"dev": [1, 1, 1]}),
            Candidate("D", 3, [1, 2], earliest_start=0, latest_start=2, discount_rate=0.1),
        ]

    def test_round_trip_equal_and_read_only(self) -> None:
        """Every kind of candidate comes back equal, its arrays read-only."""
        import pickle

        import numpy as np

        for c in self._kinds():
            back = pickle.loads(pickle.dumps(c))
            assert back == c and back.start_value(back.last_start) == c.start_value(c.last_start)
            arrays = [back.costs, *(d for _, d in back.demands)]
            if back.start_values is not None:
                arrays.append(back.start_values)
            assert all(isinstance(a, np.ndarray) and not a.flags.writeable for a in arrays)
            assert [s for s, _ in back.demands] == [s for s, _ in c.demands]

    def test_one_array_per_candidate(self) -> None:
        """Twenty skills of one period pickle as one array of 21 floats: about 300 bytes
        over the data, where an array per skill cost about 1.1 kB."""
        import pickle

        c = Candidate("P", 1, [1.0], demands={f"s{k}": [k / 10] for k in range(20)})
        assert len(pickle.dumps(c)) < 21 * 8 + 20 * 8 + 300


class TestNoLimit:
    def test_inf_budget_and_total_budget_mean_no_limit(self) -> None:
        """inf in budgets and total_budget means no limit (documented; the fuzz specs had
        refused inf): the selection equals the one without the limit."""
        import math

        from pmokit.portfolio import efficient_frontier, select

        cands = _cands()
        free = select(cands, budgets=[math.inf, 7.0])
        assert select(cands, budgets=[math.inf, 7.0], total_budget=math.inf).chosen == free.chosen
        f = efficient_frontier(cands, [5.0, 20.0], budgets=[math.inf, 2.0])
        assert f.chosen == (("B",), ("A", "B"))

    def test_inf_capacity_means_no_limit(self) -> None:
        """inf capacity in a period means no limit there (documented; the fuzz spec had
        refused it): the selection equals the one without a capacity for that skill."""
        import math

        from pmokit.portfolio import select

        cands = _cands()
        free = select(cands, budgets=[20.0, 20.0])
        capped = select(cands, budgets=[20.0, 20.0], capacity={"dev": [math.inf, math.inf]})
        assert capped.chosen == free.chosen == ("A", "B")
        assert select(cands, budgets=[20.0, 20.0], capacity={"dev": [0.5, math.inf]}).chosen == (
            "B",)
