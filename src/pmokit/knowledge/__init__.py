"""pmokit.knowledge: the PMO's project history and lessons learned.

:class:`ProjectRecord` holds a past project's attributes with planned and actual cost,
duration, effort and benefits; :class:`Lesson` and :class:`PostProjectReview` hold what
was learned. :class:`KnowledgeBase` stores them in memory, answers queries, summarises
overruns and recurring lesson themes, finds similar projects with the similarity
explained, and turns matching history into a
:class:`~pmokit.estimation.ReferenceClass` or a feature matrix for the estimators.
See docs/knowledge.md.
"""

from __future__ import annotations

from pmokit.knowledge._base import (
    FeatureMatrix,
    KnowledgeBase,
    LessonThemes,
    OverrunStatistics,
    SimilarProject,
    SimilarProjects,
)
from pmokit.knowledge._records import (
    MEASURES,
    Baseline,
    Lesson,
    PostProjectReview,
    ProjectRecord,
)

__all__ = [
    "MEASURES",
    "Baseline",
    "FeatureMatrix",
    "KnowledgeBase",
    "Lesson",
    "LessonThemes",
    "OverrunStatistics",
    "PostProjectReview",
    "ProjectRecord",
    "SimilarProject",
    "SimilarProjects",
]
