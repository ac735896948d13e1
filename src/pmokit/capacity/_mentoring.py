"""Mentor-mentee matching: an assignment problem on a compatibility score."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from scipy.optimize import linear_sum_assignment

from pmokit._results import Record, display, records_to_frame
from pmokit._validation import Problems, check_ids, check_known
from pmokit.capacity._inputs import Person
from pmokit.capacity._skills import SkillGap
from pmokit.errors import UnknownReferenceError, ValidationError

__all__ = ["MentorMatching", "MentorPair", "match_mentors"]



@attrs.frozen
class MentorPair:
    """One mentor and one mentee.

    Attributes
    ----------
    mentor, mentee
        Person ids.
    score
        Compatibility score of the pair (see :func:`match_mentors`).
    skills
        The mentee's gap skills the mentor can teach, largest gap first.
    """

    mentor: Hashable
    mentee: Hashable
    score: float
    skills: tuple[str, ...]


@display()
@attrs.frozen
class MentorMatching:
    """The best mentor-mentee pairs.

    Attributes
    ----------
    pairs
        Matched pairs, highest score first.
    unmatched
        Mentees left without a mentor (no compatible mentor, or all taken).
    total_score
        Sum of the pair scores, the maximum possible.
    """

    pairs: tuple[MentorPair, ...]
    unmatched: tuple[Hashable, ...]
    total_score: float

    def to_records(self) -> list[Record]:
        """One record per pair."""
        return [attrs.asdict(p) for p in self.pairs]

    def to_frame(self) -> Any:
        """The pairs as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def match_mentors(
    people: Sequence[Person],
    gaps: Sequence[SkillGap],
    *,
    min_mentor_level: float = 4.0,
    max_mentees: int = 1,
    skill_weights: Mapping[str, float] | None = None,
    same_team_bonus: float = 0.0,
) -> MentorMatching:
    """Match mentees to mentors to maximise total compatibility (Hungarian algorithm).

    The mentees are the people with skill gaps. A person can mentor a skill at level
    ``min_mentor_level`` or above and at or above the mentee's required level. The score of
    a pair is the sum over the mentee's gap skills the mentor can teach of
    ``weight[skill] x gap``, plus ``same_team_bonus`` if both share a team (and the score is
    positive). Each mentor takes at most ``max_mentees`` mentees; nobody mentors
    themselves. The assignment is solved by ``scipy.optimize.linear_sum_assignment`` with
    each mentor repeated ``max_mentees`` times.

    Parameters
    ----------
    people
        Everybody (mentors are drawn from here).
    gaps
        From :func:`~pmokit.capacity.proficiency_gaps`.
    min_mentor_level
        Lowest level to mentor a skill.
    max_mentees
        Most mentees per mentor, >= 1.
    skill_weights
        Weight per skill (for example its shadow value); 1 for unlisted skills.
    same_team_bonus
        Added to a compatible pair in the same team, >= 0.

    Returns
    -------
    MentorMatching

    Raises
    ------
    UnknownReferenceError
        If a gap names a person not in ``people``, or ``skill_weights`` names a skill
        nobody holds and no gap needs (a typo).
    DuplicateError
        If two people share an id.
    ValidationError
        For an option out of range.

    References
    ----------
    H. W. Kuhn, "The Hungarian method for the assignment problem", *Naval Research
    Logistics Quarterly* 2 (1955) 83-97. D. F. Crouse, "On implementing 2D rectangular
    assignment algorithms", *IEEE Trans. Aerospace and Electronic Systems* 52 (2016).

    Examples
    --------
    >>> from pmokit.capacity import Person, RoleProfile, proficiency_gaps
    >>> people = [Person("ana", {"sql": 5, "python": 4}), Person("bob", {"python": 5}),
    ...           Person("cy", {"sql": 1}), Person("dee", {"python": 1})]
    >>> gaps = proficiency_gaps(people, [RoleProfile("dev", {"sql": 3, "python": 3})],
    ...                         {"cy": "dev", "dee": "dev"})
    >>> m = match_mentors(people, gaps)
    >>> [(p.mentee, p.mentor, p.score) for p in m.pairs]
    [('dee', 'ana', 5.0), ('cy', 'bob', 3.0)]

    (cy lacks 2 levels of sql and 3 of python, dee 3 of sql and 2 of python; ana can
    teach both skills, bob only python: dee-ana + cy-bob = 8 beats cy-ana + dee-bob = 7.)
    """
    p = Problems()
    p.check_number(min_mentor_level, "min_mentor_level", minimum=0.0)
    p.check_number(same_team_bonus, "same_team_bonus", minimum=0.0)
    if isinstance(max_mentees, bool) or not isinstance(max_mentees, int) or max_mentees < 1:
        p.add(f"'max_mentees' must be an integer >= 1 (got {max_mentees!r})")
    if skill_weights is not None and not isinstance(skill_weights, Mapping):
        p.add(f"'skill_weights' must map skill names to weights (got {skill_weights!r:.60})")
        skill_weights = None
    weights: dict[str, float] = dict(skill_weights or {})
    for skill, wt in weights.items():
        p.check_number(wt, f"skill_weights[{skill!r}]", minimum=0.0)
    p.raise_if_any()
    people = list(people)
    for i, person in enumerate(people):
        if not isinstance(person, Person):
            raise ValidationError(f"people[{i}] must be a Person (got {type(person).__name__})")
    gaps = list(gaps)
    bad = [
        f"gaps[{i}] must be a SkillGap (got {type(g).__name__})"
        for i, g in enumerate(gaps)
        if not isinstance(g, SkillGap)
    ]
    if bad:
        raise ValidationError(bad)
    ids = [person.id for person in people]
    check_ids(ids, "ids of 'people'")  # DuplicateError naming a repeated person
    index = {pid: i for i, pid in enumerate(ids)}
    unknown = [g.person for g in gaps if g.person not in index]
    if unknown:
        raise UnknownReferenceError(
            [f"gap of person {u!r} names a person not in 'people'" for u in dict.fromkeys(unknown)],
            unknown,
        )
    known_skills = {g.skill for g in gaps} | {sk for person in people for sk, _ in person.skills}
    check_known(weights, known_skills, "skill_weights", "skill")
    mentees = list(dict.fromkeys(g.person for g in gaps))
    if not mentees:
        return MentorMatching(pairs=(), unmatched=(), total_score=0.0)
    skills = list(dict.fromkeys([g.skill for g in gaps]))
    col = {s: k for k, s in enumerate(skills)}
    m_row = {m: i for i, m in enumerate(mentees)}
    gap = np.zeros((len(mentees), len(skills)))
    req = np.zeros((len(mentees), len(skills)))
    for g in gaps:
        i, k = m_row[g.person], col[g.skill]
        gap[i, k] = max(gap[i, k], g.gap)
        req[i, k] = max(req[i, k], g.required)
    level = np.zeros((len(people), len(skills)))
    for j, person in enumerate(people):
        for s, lv in person.skills:
            if s in col:
                level[j, col[s]] = lv
    w = np.array([float(weights.get(s, 1.0)) for s in skills], dtype=np.float64)
    # can[i, j, k]: mentor j can teach skill k to mentee i
    can = (level[None, :, :] >= np.maximum(req[:, None, :], min_mentor_level)) & (
        gap[:, None, :] > 0
    )
    score = (can * (gap * w)[:, None, :]).sum(axis=2)
    teams = [person.team for person in people]
    if same_team_bonus > 0:
        same = np.array(
            [[teams[index[m]] is not None and teams[index[m]] == t for t in teams] for m in mentees]
        )
        score = score + same_team_bonus * (same & (score > 0))
    for i, m in enumerate(mentees):
        score[i, index[m]] = 0.0
    big = np.repeat(score, max_mentees, axis=1)
    rows, cols = linear_sum_assignment(big, maximize=True)
    pairs = []
    matched = set()
    for i, c in zip(rows, cols, strict=True):
        j = int(c) // max_mentees
        if big[i, c] <= 0:
            continue
        ks = [k for k in range(len(skills)) if can[i, j, k]]
        taught = tuple(skills[k] for k in sorted(ks, key=lambda k: (-gap[i, k], k)))
        pairs.append(
            MentorPair(mentor=ids[j], mentee=mentees[int(i)], score=float(big[i, c]), skills=taught)
        )
        matched.add(mentees[int(i)])
    pairs.sort(key=lambda x: (-x.score, str(x.mentee)))
    return MentorMatching(
        pairs=tuple(pairs),
        unmatched=tuple(m for m in mentees if m not in matched),
        total_score=float(sum(x.score for x in pairs)),
    )
