"""The built-in sample PMO: a small, realistic, deterministic portfolio.

Three programmes, twelve projects, twenty-five people with skills, a UK working calendar
and an integrated activity network with cross-project links. Every domain's examples, docs
and the ``python -m pmokit`` walkthrough run on it. Domain-specific sample data (candidates,
progress snapshots, history, ...) is built from it by the builders in the other
``pmokit.datasets`` modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache

import attrs

from pmokit._results import FrozenDict, frozen_dict
from pmokit._validation import check_known
from pmokit.calendar import WorkCalendar
from pmokit.datasets._agile import SampleAgileProject, agile_projects
from pmokit.scheduling import Activity, Dependency, Network

__all__ = ["Programme", "SamplePMO", "SamplePerson", "SampleProject", "sample_pmo"]



def _str_floats(value: Mapping[str, float]) -> FrozenDict:
    return frozen_dict(value)


def _str_ints(value: Mapping[str, int]) -> FrozenDict:
    return frozen_dict(value)


def _str_strs(value: Mapping[str, str]) -> FrozenDict:
    return frozen_dict(value)

@attrs.frozen
class Programme:
    """A programme: a group of related projects with one sponsor."""

    id: str
    name: str
    sponsor: str


@attrs.frozen
class SampleProject:
    """A project of the sample PMO.

    Attributes
    ----------
    id, name, programme
        Identity and the programme it belongs to.
    methodology
        ``"waterfall"``, ``"agile"`` or ``"hybrid"``.
    start, planned_finish
        Baseline dates.
    budget
        Budget at completion [currency, GBP].
    annual_benefit
        Expected benefit per year once delivered [currency, GBP].
    benefit_years
        Years over which the benefit is counted.
    risk
        Qualitative risk level 1 (low) to 5 (very high).
    strategic_fit
        Scores 1-10 against the strategic drivers named in :attr:`SamplePMO.drivers`.
    status
        ``"active"``, ``"proposed"`` or ``"closed"``.
    """

    id: str
    name: str
    programme: str
    methodology: str
    start: dt.date
    planned_finish: dt.date
    budget: float
    annual_benefit: float
    benefit_years: int
    risk: int
    strategic_fit: Mapping[str, float] = attrs.field(converter=_str_floats, hash=False)
    status: str = "active"


@attrs.frozen
class SamplePerson:
    """A person: team, skills with proficiency 1 (novice) to 5 (expert), FTE, cost rate."""

    id: str
    name: str
    team: str
    skills: Mapping[str, int] = attrs.field(converter=_str_ints, hash=False)
    fte: float = 1.0
    cost_rate: float = 0.0
    """Cost per hour [currency/hour]."""


@attrs.frozen(eq=False)
class SamplePMO:
    """The sample PMO: core data every domain builds on.

    Attributes
    ----------
    name
        The organisation's name.
    status_date
        The reporting date of the sample's progress data.
    calendar
        England and Wales working calendar, 7.5 hours a day.
    drivers
        Strategic drivers used for project scoring.
    skills
        Skill names used by people and activity demands.
    programmes, projects, people
        The portfolio and the workforce.
    network
        The integrated activity network of the active projects, with cross-project links;
        activities carry ``project`` and skill ``demands`` [people].
    agile_projects
        Two backlog-driven projects (P13, P14) with throughput histories, forecast in
        :mod:`pmokit.agile`; see :class:`~pmokit.datasets.SampleAgileProject`.
    """

    name: str
    status_date: dt.date
    calendar: WorkCalendar
    drivers: tuple[str, ...]
    skills: tuple[str, ...]
    programmes: tuple[Programme, ...]
    projects: tuple[SampleProject, ...]
    people: tuple[SamplePerson, ...]
    network: Network
    agile_projects: tuple[SampleAgileProject, ...] = ()

    def project(self, project_id: str) -> SampleProject:
        """The project with this id.

        Raises
        ------
        UnknownReferenceError
            If no project has that id (also a ``KeyError``).
        """
        by_id = {p.id: p for p in self.projects}
        check_known([project_id], by_id, "project_id", "project")
        return by_id[project_id]


_DRIVERS = ("customer", "efficiency", "compliance", "growth", "risk_reduction")
_SKILLS = (
    "project_management",
    "business_analysis",
    "architecture",
    "backend",
    "frontend",
    "data_engineering",
    "testing",
    "devops",
    "security",
    "change_management",
)

_PROGRAMMES = (
    Programme("DIG", "Digital Customer", "Chief Digital Officer"),
    Programme("OPS", "Operational Excellence", "Chief Operating Officer"),
    Programme("REG", "Regulatory and Risk", "Chief Risk Officer"),
)

D = dt.date
# id, name, programme, methodology, start, finish, budget, annual benefit, years, risk,
# fit (customer, efficiency, compliance, growth, risk_reduction), status
_PROJECTS = (
    (
        "P01",
        "Customer portal",
        "DIG",
        "agile",
        D(2026, 1, 5),
        D(2026, 9, 30),
        850_000,
        420_000,
        5,
        3,
        (9, 4, 2, 8, 3),
        "active",
    ),
    (
        "P02",
        "Mobile app",
        "DIG",
        "agile",
        D(2026, 2, 2),
        D(2026, 11, 27),
        640_000,
        300_000,
        4,
        3,
        (9, 3, 1, 9, 2),
        "active",
    ),
    (
        "P03",
        "CRM replacement",
        "DIG",
        "hybrid",
        D(2026, 1, 12),
        D(2027, 1, 29),
        1_450_000,
        520_000,
        6,
        4,
        (7, 7, 3, 6, 4),
        "active",
    ),
    (
        "P04",
        "Personalisation engine",
        "DIG",
        "agile",
        D(2026, 9, 1),
        D(2027, 5, 28),
        720_000,
        380_000,
        4,
        4,
        (8, 2, 1, 9, 2),
        "proposed",
    ),
    (
        "P05",
        "ERP upgrade",
        "OPS",
        "waterfall",
        D(2026, 1, 5),
        D(2026, 12, 18),
        2_100_000,
        610_000,
        7,
        4,
        (2, 9, 5, 3, 6),
        "active",
    ),
    (
        "P06",
        "Warehouse automation",
        "OPS",
        "hybrid",
        D(2026, 3, 2),
        D(2027, 2, 26),
        1_750_000,
        700_000,
        8,
        5,
        (4, 10, 1, 6, 3),
        "active",
    ),
    (
        "P07",
        "Procurement analytics",
        "OPS",
        "agile",
        D(2026, 4, 6),
        D(2026, 10, 30),
        380_000,
        210_000,
        4,
        2,
        (2, 8, 2, 4, 3),
        "active",
    ),
    (
        "P08",
        "Data platform",
        "OPS",
        "hybrid",
        D(2026, 1, 19),
        D(2026, 11, 13),
        1_200_000,
        350_000,
        6,
        3,
        (5, 7, 4, 7, 5),
        "active",
    ),
    (
        "P09",
        "GDPR remediation",
        "REG",
        "waterfall",
        D(2026, 2, 2),
        D(2026, 8, 28),
        480_000,
        60_000,
        3,
        3,
        (3, 2, 10, 1, 9),
        "active",
    ),
    (
        "P10",
        "Operational resilience",
        "REG",
        "waterfall",
        D(2026, 3, 2),
        D(2027, 3, 26),
        1_050_000,
        90_000,
        5,
        4,
        (3, 4, 9, 2, 10),
        "active",
    ),
    (
        "P11",
        "Identity and access",
        "REG",
        "hybrid",
        D(2026, 1, 12),
        D(2026, 10, 16),
        560_000,
        120_000,
        5,
        3,
        (5, 5, 8, 2, 9),
        "active",
    ),
    (
        "P12",
        "Fraud detection",
        "REG",
        "agile",
        D(2026, 10, 5),
        D(2027, 6, 25),
        900_000,
        450_000,
        5,
        4,
        (6, 5, 6, 4, 8),
        "proposed",
    ),
)

# id, name, team, skills {skill: proficiency}, fte, cost per hour
_PEOPLE = (
    ("E01", "Amira Khan", "PMO", {"project_management": 5, "change_management": 4}, 1.0, 85),
    ("E02", "Ben Walker", "PMO", {"project_management": 4, "business_analysis": 3}, 1.0, 75),
    ("E03", "Chloe Evans", "PMO", {"project_management": 3, "change_management": 3}, 0.8, 65),
    ("E04", "Dev Patel", "Analysis", {"business_analysis": 5, "testing": 2}, 1.0, 70),
    ("E05", "Ella Hughes", "Analysis", {"business_analysis": 4, "change_management": 3}, 1.0, 65),
    ("E06", "Finn O'Brien", "Analysis", {"business_analysis": 2, "data_engineering": 3}, 1.0, 55),
    ("E07", "Grace Liu", "Architecture",
     {"architecture": 5, "security": 4, "backend": 4}, 1.0, 95),
    ("E08", "Hugo Martin", "Architecture", {"architecture": 4, "data_engineering": 4}, 1.0, 90),
    ("E09", "Isla Reid", "Engineering", {"backend": 5, "devops": 3}, 1.0, 80),
    ("E10", "Jack Turner", "Engineering", {"backend": 4, "frontend": 2}, 1.0, 70),
    ("E11", "Kira Novak", "Engineering", {"backend": 3, "testing": 3}, 1.0, 60),
    ("E12", "Leo Santos", "Engineering", {"frontend": 5, "backend": 2}, 1.0, 75),
    ("E13", "Maya Cohen", "Engineering", {"frontend": 4, "testing": 2}, 0.6, 65),
    ("E14", "Nico Rossi", "Engineering", {"frontend": 2}, 1.0, 50),
    ("E15", "Olivia Price", "Data", {"data_engineering": 5, "backend": 3}, 1.0, 85),
    ("E16", "Pavel Ivanov", "Data", {"data_engineering": 4, "devops": 2}, 1.0, 75),
    ("E17", "Quinn Baker", "Data", {"data_engineering": 2, "business_analysis": 2}, 1.0, 55),
    ("E18", "Rosa Diaz", "Quality", {"testing": 5, "security": 2}, 1.0, 65),
    ("E19", "Sam Green", "Quality", {"testing": 3}, 1.0, 55),
    ("E20", "Tara Singh", "Platform", {"devops": 5, "security": 3}, 1.0, 85),
    ("E21", "Umar Farouk", "Platform", {"devops": 3, "backend": 2}, 1.0, 65),
    ("E22", "Vera Kowalski", "Security", {"security": 5, "architecture": 3}, 1.0, 95),
    ("E23", "Will Carter", "Security", {"security": 3, "devops": 2}, 0.5, 70),
    ("E24", "Xia Wong", "Change", {"change_management": 5, "business_analysis": 3}, 1.0, 70),
    ("E25", "Yusuf Ali", "Change", {"change_management": 3, "project_management": 2}, 1.0, 60),
)

# Activity template per methodology: (suffix, name, duration, {skill: people})
_Template = tuple[tuple[str, str, int, dict[str, int]], ...]
_WATERFALL: _Template = (
    ("INIT", "Initiation", 10, {"project_management": 1, "business_analysis": 1}),
    ("REQ", "Requirements", 25, {"business_analysis": 2}),
    ("DES", "Design", 20, {"architecture": 1, "business_analysis": 1}),
    ("BLD", "Build", 60, {"backend": 2, "frontend": 1}),
    ("TST", "System test", 25, {"testing": 2}),
    ("DEP", "Deployment", 10, {"devops": 1}),
    ("GO", "Go-live", 0, {}),
)
_AGILE: _Template = (
    ("DISC", "Discovery", 15, {"business_analysis": 1, "project_management": 1}),
    ("MVP", "MVP increments", 50, {"backend": 1, "frontend": 2, "testing": 1}),
    ("REL1", "Release 1", 0, {}),
    ("INC", "Further increments", 45, {"backend": 1, "frontend": 1, "testing": 1}),
    ("HARD", "Hardening", 10, {"testing": 1, "devops": 1}),
    ("GO", "Go-live", 0, {}),
)
_HYBRID: _Template = (
    ("INIT", "Initiation", 10, {"project_management": 1}),
    ("ARCH", "Architecture", 20, {"architecture": 1}),
    ("DATA", "Data migration", 40, {"data_engineering": 2}),
    ("BLD", "Iterative build", 55, {"backend": 2, "frontend": 1}),
    ("UAT", "User acceptance", 15, {"testing": 1, "business_analysis": 1}),
    ("CHG", "Business change", 30, {"change_management": 1}),
    ("GO", "Go-live", 0, {}),
)
_TEMPLATES = {"waterfall": _WATERFALL, "agile": _AGILE, "hybrid": _HYBRID}
# links inside a template: (pred suffix, succ suffix, type, lag)
_TEMPLATE_LINKS = {
    "waterfall": (
        ("INIT", "REQ", "FS", 0),
        ("REQ", "DES", "SS", 10),
        ("REQ", "DES", "FF", 5),
        ("DES", "BLD", "FS", 0),
        ("BLD", "TST", "SS", 30),
        ("BLD", "TST", "FF", 5),
        ("TST", "DEP", "FS", 0),
        ("DEP", "GO", "FS", 0),
    ),
    "agile": (
        ("DISC", "MVP", "FS", 0),
        ("MVP", "REL1", "FS", 0),
        ("REL1", "INC", "FS", 0),
        ("INC", "HARD", "FS", 0),
        ("HARD", "GO", "FS", 2),
    ),
    "hybrid": (
        ("INIT", "ARCH", "FS", 0),
        ("ARCH", "DATA", "SS", 5),
        ("ARCH", "BLD", "FS", 0),
        ("DATA", "UAT", "FS", 0),
        ("BLD", "UAT", "FS", 0),
        ("INIT", "CHG", "FS", 20),
        ("UAT", "GO", "FS", 0),
        ("CHG", "GO", "FF", 0),
    ),
}
# cross-project links (pred, succ, type, lag)
_CROSS = (
    ("P08-DATA", "P07-MVP", "FS", 0),  # analytics needs the data platform's migrated data
    ("P11-BLD", "P01-INC", "FS", 0),  # portal needs identity and access
    ("P11-BLD", "P02-INC", "FS", 5),  # so does the app
    ("P05-DES", "P06-ARCH", "FS", 0),  # warehouse automation follows ERP design
    ("P01-REL1", "P02-MVP", "SS", 10),  # app reuses portal APIs
    ("P08-BLD", "P03-DATA", "SS", 10),  # CRM data migrates onto the platform
    ("P09-TST", "P10-DES", "FS", 0),  # resilience builds on GDPR controls
)


def _template_length(meth: str) -> float:
    """Critical-path length of a methodology template [working days]."""
    from pmokit.scheduling import schedule

    acts = [Activity(sfx, float(dur)) for sfx, _, dur, _ in _TEMPLATES[meth]]
    deps = [Dependency(p, s, k, lag=float(lag)) for p, s, k, lag in _TEMPLATE_LINKS[meth]]
    return schedule(Network(acts, deps)).project_duration


def _build_network(calendar: WorkCalendar) -> Network:
    """Each active project's template, stretched so its own critical path spans the working
    days from its start to its planned finish (durations and lags rounded to whole days)."""
    acts: list[Activity] = []
    deps: list[Dependency] = []
    for row in _PROJECTS:
        pid, meth, start, finish, status = row[0], row[3], row[4], row[5], row[11]
        if status != "active":
            continue
        planned = calendar.working_days_between(start, finish + dt.timedelta(days=1))
        factor = planned / _template_length(meth)
        for suffix, name, dur, demands in _TEMPLATES[meth]:
            acts.append(
                Activity(
                    f"{pid}-{suffix}",
                    float(round(dur * factor)),
                    name=name,
                    demands=demands,
                    project=pid,
                )
            )
        for p, s, kind, lag in _TEMPLATE_LINKS[meth]:
            deps.append(
                Dependency(f"{pid}-{p}", f"{pid}-{s}", kind, lag=float(round(lag * factor)))
            )
    for p, s, kind, lag in _CROSS:
        deps.append(Dependency(p, s, kind, lag=float(lag)))
    return Network(acts, deps)


@cache
def sample_pmo() -> SamplePMO:
    """The built-in sample PMO (deterministic; the same object on every call).

    It is built once and shared, so it is read-only throughout: its mappings are
    :class:`~pmokit._results.FrozenDict`, its collections tuples and the demands of its
    activities read-only, so no caller's edit can change what the next caller gets.

    >>> pmo = sample_pmo()
    >>> len(pmo.programmes), len(pmo.projects), len(pmo.people)
    (3, 12, 25)
    >>> sorted({a.project for a in pmo.network.activities})[:3]
    ['P01', 'P02', 'P03']
    """
    projects = tuple(
        SampleProject(
            id=r[0],
            name=r[1],
            programme=r[2],
            methodology=r[3],
            start=r[4],
            planned_finish=r[5],
            budget=float(r[6]),
            annual_benefit=float(r[7]),
            benefit_years=r[8],
            risk=r[9],
            strategic_fit=dict(zip(_DRIVERS, map(float, r[10]), strict=True)),
            status=r[11],
        )
        for r in _PROJECTS
    )
    people = tuple(
        SamplePerson(
            id=r[0], name=r[1], team=r[2], skills=dict(r[3]), fte=r[4], cost_rate=float(r[5])
        )
        for r in _PEOPLE
    )
    calendar = WorkCalendar.uk_england_and_wales()
    return SamplePMO(
        name="Northwind Group PMO",
        status_date=dt.date(2026, 6, 30),
        calendar=calendar,
        drivers=_DRIVERS,
        skills=_SKILLS,
        programmes=_PROGRAMMES,
        projects=projects,
        people=people,
        network=_build_network(calendar),
        agile_projects=agile_projects(),
    )
