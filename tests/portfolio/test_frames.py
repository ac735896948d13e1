"""Candidate.from_frame / rules_from_frame: by label, errors by row and column."""

from __future__ import annotations

import pytest

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio import Candidate, Group, select
from tests._requires import requires_pandas

ROWS = [
    {"id": 1, "value": 10, "q1": 5, "q2": 0, "category": "core", "requires": None},
    {"id": 2, "value": 7, "q1": 1, "q2": 2, "category": "growth", "requires": "1"},
    {"id": 3, "value": 6, "q1": 2, "q2": 2, "group": "crm"},
    {"id": 4, "value": 4, "q1": 1, "q2": 1, "group": "crm"},
]
NEEDS = [{"id": 2, "skill": "dev", "q1": 1, "q2": 1}, {"id": 1, "skill": "dev", "q2": 2}]


class TestCandidateFromFrame:
    """Candidates with costs per period, demands and rules, by label."""

    def test_same_as_constructor(self) -> None:
        """Rows give the candidates the constructor gives (1-based integer ids)."""
        got = Candidate.from_records(ROWS, NEEDS, costs=["q1", "q2"])
        assert got[0] == Candidate(1, 10.0, [5, 0], category="core",
                                   demands={"dev": [0.0, 2.0]})
        assert got[1] == Candidate(2, 7.0, [1, 2], category="growth",
                                   demands={"dev": [1.0, 1.0]})
        assert got[3] == Candidate(4, 4.0, [1, 1])

    def test_cost_column(self) -> None:
        """The default 'cost' column holds one period's cost or a list per period."""
        a, b = Candidate.from_records([{"id": "a", "value": 1, "cost": 3},
                                       {"id": "b", "value": 2, "cost": [1, 2]}])
        assert a.costs.tolist() == [3.0] and b.costs.tolist() == [1.0, 2.0]

    def test_shuffled_rows_and_columns_same_selection(self) -> None:
        """Shuffled rows and columns give the same selection (and rules by label)."""
        shuffled = [{k: r.get(k) for k in ("q2", "group", "value", "requires", "id", "q1",
                                            "category")} for r in ROWS[::-1]]

        def run(rows: list[dict[str, object]]) -> set[object]:
            cands = Candidate.from_records(rows, costs=["q1", "q2"])
            rules = Candidate.rules_from_frame(rows)
            sel = select(cands, budgets=[7, 4], **rules)
            return set(sel.chosen)

        # by hand: 1 + 2 + 4 costs (7, 3) for 21; 3 and 4 are one group, 3 does not fit
        assert run(ROWS) == run(shuffled) == {1, 2, 4}

    def test_rules(self) -> None:
        """requires by label, groups as 'at most one', must/must_not as bools."""
        rows = [{**ROWS[0], "must": True}, ROWS[1], {**ROWS[2], "must_not": True}, ROWS[3]]
        r = Candidate.rules_from_frame(rows)
        assert r["requires"] == [(2, 1)] and r["must"] == [1] and r["must_not"] == [3]
        assert r["groups"] == [Group("crm", (3, 4), max=1)]

    @requires_pandas
    def test_dataframe(self) -> None:
        """A DataFrame (NaN in empty cells) gives the same candidates as records."""
        import pandas as pd

        df = pd.DataFrame(ROWS)
        assert Candidate.from_frame(df, pd.DataFrame(NEEDS), costs=["q1", "q2"]) == \
            Candidate.from_records(ROWS, NEEDS, costs=["q1", "q2"])
        assert Candidate.rules_from_frame(df)["requires"] == [(2, 1)]

    def test_missing_column(self) -> None:
        """A missing required column is named, with the columns present."""
        with pytest.raises(ValidationError, match=r"'candidates' has no required column "
                                                  r"'cost'"):
            Candidate.from_records([{"id": 1, "value": 1}])

    def test_unknown_label(self) -> None:
        """A demand or a rule naming no candidate: row, column, all listed."""
        with pytest.raises(UnknownReferenceError, match=r"demands record 0, column 'id': "
                                                        r"unknown candidate 9") as err:
            Candidate.from_records(ROWS, [{"id": 9, "skill": "dev", "q1": 1, "q2": 1}],
                                   costs=["q1", "q2"])
        assert err.value.unknown == (9,)
        with pytest.raises(UnknownReferenceError, match=r"candidates record 1, column "
                                                        r"'requires': unknown candidate '7'"):
            Candidate.rules_from_frame([ROWS[0], {**ROWS[1], "requires": "1, 7"}])

    def test_not_a_number(self) -> None:
        """A text value or cost names the row and column."""
        with pytest.raises(ValidationError) as err:
            Candidate.from_records([{**ROWS[0], "value": "high"}, {**ROWS[1], "q2": "2k"}],
                                   costs=["q1", "q2"])
        assert "candidates record 0, column 'value': the value must be a number" in str(
            err.value)
        assert "candidates record 1, column 'q2': the cost must be a number" in str(err.value)

    def test_duplicate_id(self) -> None:
        """A duplicate id names both rows."""
        with pytest.raises(DuplicateError, match=r"candidates record 2, column 'id': "
                                                 r"duplicate id 1 \(first at record 0\)"):
            Candidate.from_records([*ROWS[:2], ROWS[0]], costs=["q1", "q2"])

    def test_must_is_a_bool(self) -> None:
        """'yes' in a must column is refused (it would read as True)."""
        with pytest.raises(ValidationError, match=r"record 0, column 'must': expected True"):
            Candidate.rules_from_frame([{"id": 1, "must": "yes"}])


class TestPhasedColumns:
    """Start windows from columns (phased selection)."""

    def test_start_window(self) -> None:
        """earliest_start / latest_start / discount_rate columns reach the candidate."""
        (c,) = Candidate.from_records([{"id": 1, "value": 10, "cost": 3, "earliest_start": 1,
                                        "latest_start": 3.0, "discount_rate": 0.1}])
        assert c == Candidate(1, 10.0, 3, earliest_start=1, latest_start=3, discount_rate=0.1)
        with pytest.raises(ValidationError, match=r"record 0, column 'latest_start': the "
                                                  r"latest start must be a whole period"):
            Candidate.from_records([{"id": 1, "value": 1, "cost": 1, "latest_start": 1.5}])
