"""Methodologies as data: phases, gates, deliverables, approvals, roles and templates.

A :class:`Methodology` is the PMO's standard way of running a project. It is validated
as a whole when built: phase names are unique, every gate closes a known phase and the
gates follow the phase order, every deliverable's template and every approval's role
exist. Three built-ins are provided: :meth:`Methodology.waterfall` (PRINCE2-like stages),
:meth:`Methodology.agile` (Scrum cadence with release gates) and
:meth:`Methodology.hybrid` (predictive start-up and closure around agile delivery).

References
----------
AXELOS (2017). *Managing Successful Projects with PRINCE2*, 6th ed. TSO. (Processes
"starting up", "initiating", "controlling a stage", "closing"; roles of the project board.)
Schwaber, K. & Sutherland, J. (2020). *The Scrum Guide*. scrumguides.org.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from pmokit._results import display, records_to_frame
from pmokit._validation import Problems, check_id, check_known
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.governance._convert import as_tuple
from pmokit.governance._gates import Gate, GateCriterion

__all__ = ["Deliverable", "DeliverableTemplate", "Methodology", "Phase", "Role"]


@attrs.frozen
class Role:
    """A role in the methodology (e.g. Executive, Product Owner).

    Parameters
    ----------
    name
        Unique role name.
    responsibilities
        What the role is accountable for.
    """

    name: str
    responsibilities: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)


@attrs.frozen
class DeliverableTemplate:
    """The fields a deliverable of this type must carry.

    Parameters
    ----------
    name
        Unique template name.
    fields
        Field names every deliverable made from this template must fill in.
    """

    name: str
    fields: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)


@attrs.frozen
class Deliverable:
    """A deliverable required in a phase.

    Parameters
    ----------
    name
        Deliverable name, unique within the methodology.
    template
        Name of its :class:`DeliverableTemplate` (``None``: free form).
    approvals
        Role names that must approve it.
    min_tier
        The lightest project tier for which it is required (``None``: every tier); see
        :func:`pmokit.governance.tailor`.
    """

    name: str
    template: str | None = None
    approvals: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    min_tier: str | None = None


@attrs.frozen
class Phase:
    """A phase (stage) of the methodology.

    Parameters
    ----------
    name
        Unique phase name.
    deliverables
        Deliverables produced in the phase.
    iteration_days
        For iterative phases, the iteration (sprint) length [working days]; ``None`` for
        a single pass.
    description
        What happens in the phase.
    """

    name: str
    deliverables: tuple[Deliverable, ...] = attrs.field(default=(), converter=as_tuple)
    iteration_days: float | None = None
    description: str = ""


@display()
@attrs.frozen
class Methodology:
    """A project methodology: ordered phases, the gates between them, roles and templates.

    Parameters
    ----------
    name
        Methodology name.
    approach
        ``"predictive"``, ``"agile"`` or ``"hybrid"``.
    phases
        Phases in order.
    gates
        Gates in order; each closes one phase (``after_phase``), at most one gate per phase,
        listed in the order of their phases.
    roles
        Roles that approve deliverables and take gate decisions.
    templates
        Deliverable templates.

    Raises
    ------
    DuplicateError
        If phase, gate, role, template or deliverable names repeat.
    UnknownReferenceError
        If a gate names an unknown phase, an approval or approver an unknown role, or a
        deliverable an unknown template.
    ValidationError
        If gates are out of phase order, two gates close the same phase, ``approach`` is
        not one of the three, or an iteration length is not > 0.

    Examples
    --------
    >>> m = Methodology.waterfall()
    >>> [p.name for p in m.phases]
    ['Starting up', 'Initiation', 'Delivery', 'Closure']
    >>> [g.name for g in m.gates]
    ['Authorise initiation', 'Authorise project', 'Authorise closure', 'Project closed']
    >>> Methodology("M", phases=[Phase("A"), Phase("A")])
    Traceback (most recent call last):
    ...
    pmokit.errors.DuplicateError: phase name 'A' appears 2 times in methodology 'M'; ...
    """

    name: str
    approach: Literal["predictive", "agile", "hybrid"] = "predictive"
    phases: tuple[Phase, ...] = attrs.field(default=(), converter=as_tuple)
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=as_tuple)
    roles: tuple[Role, ...] = attrs.field(default=(), converter=as_tuple)
    templates: tuple[DeliverableTemplate, ...] = attrs.field(default=(), converter=as_tuple)

    def __attrs_post_init__(self) -> None:
        _validate_methodology(self)

    # -- look-ups -----------------------------------------------------------------
    def phase(self, name: str) -> Phase:
        """The phase called ``name`` (raises :class:`UnknownReferenceError` if none)."""
        _check_name(name, "phase")
        for p in self.phases:
            if p.name == name:
                return p
        raise UnknownReferenceError(
            f"methodology '{self.name}' has no phase '{name}' "
            f"(phases: {', '.join(p.name for p in self.phases)})",
            [name],
        )

    def gate(self, name: str) -> Gate:
        """The gate called ``name`` (raises :class:`UnknownReferenceError` if none)."""
        _check_name(name, "gate")
        for g in self.gates:
            if g.name == name:
                return g
        raise UnknownReferenceError(
            f"methodology '{self.name}' has no gate '{name}' "
            f"(gates: {', '.join(g.name for g in self.gates)})",
            [name],
        )

    def template(self, name: str) -> DeliverableTemplate:
        """The template called ``name`` (raises :class:`UnknownReferenceError` if none)."""
        _check_name(name, "template")
        for t in self.templates:
            if t.name == name:
                return t
        raise UnknownReferenceError(f"methodology '{self.name}' has no template '{name}'", [name])

    @property
    def deliverables(self) -> tuple[Deliverable, ...]:
        """Every deliverable, in phase order."""
        return tuple(d for p in self.phases for d in p.deliverables)

    @property
    def controls(self) -> tuple[str, ...]:
        """Names of every control (deliverables then gates) that tailoring can require."""
        return tuple(d.name for d in self.deliverables) + tuple(g.name for g in self.gates)

    def gates_after(self, phase: str) -> tuple[Gate, ...]:
        """The gate(s) closing ``phase`` (empty if the phase has no gate)."""
        self.phase(phase)
        return tuple(g for g in self.gates if g.after_phase == phase)

    def check_deliverable(
        self, deliverable: str, filled: Mapping[str, object]
    ) -> tuple[str, ...]:
        """Fields of ``deliverable``'s template that ``filled`` leaves missing or empty.

        Raises
        ------
        UnknownReferenceError
            If the methodology has no such deliverable, or ``filled`` names a field the
            deliverable's template does not have (a typo would otherwise count the real
            field as missing).
        ValidationError
            If ``filled`` is not a mapping.

        Examples
        --------
        >>> m = Methodology.waterfall()
        >>> m.check_deliverable("Business case", {"options": "...", "benefits": "..."})
        ('costs', 'timescale', 'major risks', 'investment appraisal')
        """
        _check_name(deliverable, "deliverable")
        found = [d for d in self.deliverables if d.name == deliverable]
        if not found:
            raise UnknownReferenceError(
                f"methodology '{self.name}' has no deliverable '{deliverable}'", [deliverable]
            )
        if not isinstance(filled, Mapping):
            raise ValidationError(
                f"'filled' must map template fields to values (got a {type(filled).__name__})"
            )
        if found[0].template is None:
            return ()
        fields = self.template(found[0].template).fields
        check_known(filled, fields, "filled", f"field of template {found[0].template!r}")
        return tuple(f for f in fields if filled.get(f) in (None, "", (), []))

    # -- output ------------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """One record per phase deliverable and per gate, in order.

        Fields: ``phase``, ``kind`` (``"deliverable"`` or ``"gate"``), ``name``,
        ``template``, ``approvals`` (comma-separated roles), ``min_tier``.
        """
        rows: list[dict[str, Any]] = []
        for p in self.phases:
            for d in p.deliverables:
                rows.append(
                    {
                        "phase": p.name,
                        "kind": "deliverable",
                        "name": d.name,
                        "template": d.template,
                        "approvals": ", ".join(d.approvals),
                        "min_tier": d.min_tier,
                    }
                )
            for g in self.gates:
                if g.after_phase == p.name:
                    rows.append(
                        {
                            "phase": p.name,
                            "kind": "gate",
                            "name": g.name,
                            "template": None,
                            "approvals": ", ".join(g.approvers),
                            "min_tier": g.min_tier,
                        }
                    )
        return rows

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())

    # -- built-ins ---------------------------------------------------------------
    @classmethod
    def waterfall(cls) -> Methodology:
        """A predictive, PRINCE2-like methodology: start-up, initiation, delivery, closure.

        Gates are decided by the project board (Executive, Senior User, Senior Supplier).
        Controls carry ``min_tier`` for the tiers ``"light"``, ``"standard"``, ``"major"``
        of :meth:`TailoringPolicy.standard`.
        """
        board = ("Executive", "Senior User", "Senior Supplier")
        return cls(
            name="Waterfall (PRINCE2-like)",
            approach="predictive",
            roles=_PREDICTIVE_ROLES,
            templates=_TEMPLATES,
            phases=(
                Phase(
                    "Starting up",
                    (
                        Deliverable("Project mandate", "Mandate", ("Executive",)),
                        Deliverable("Project brief", "Brief", ("Executive",), "standard"),
                    ),
                    description="Is the project viable and worthwhile?",
                ),
                Phase(
                    "Initiation",
                    (
                        Deliverable("Business case", "Business case", ("Executive",)),
                        Deliverable("Project plan", "Plan", board),
                        Deliverable("Risk register", "Register", ("Project Manager",)),
                        Deliverable("Project initiation documentation", "PID", board, "standard"),
                        Deliverable(
                            "Benefits management approach", "Approach", ("Senior User",), "major"
                        ),
                    ),
                    description="Plan and baseline the project; confirm the business case.",
                ),
                Phase(
                    "Delivery",
                    (
                        Deliverable("Highlight report", "Report", ("Project Manager",)),
                        Deliverable(
                            "Quality register", "Register", ("Project Assurance",), "standard"
                        ),
                        Deliverable("End stage report", "Report", board, "standard"),
                        Deliverable(
                            "Schedule quality audit", "Report", ("Project Assurance",), "major"
                        ),
                    ),
                    description="Deliver the products stage by stage under the board's control.",
                ),
                Phase(
                    "Closure",
                    (
                        Deliverable("End project report", "Report", board),
                        Deliverable("Lessons report", "Report", ("Project Manager",)),
                        Deliverable("Benefits review plan", "Plan", ("Senior User",), "standard"),
                    ),
                    description="Hand over, evaluate and close.",
                ),
            ),
            gates=(
                Gate(
                    "Authorise initiation",
                    "Starting up",
                    criteria=(
                        GateCriterion("strategic alignment", "must"),
                        GateCriterion("executive sponsor appointed", "must"),
                        GateCriterion("strategic value", "should", 3.0),
                        GateCriterion("feasibility", "should", 2.0),
                    ),
                    approvers=board,
                ),
                Gate(
                    "Authorise project",
                    "Initiation",
                    criteria=(
                        GateCriterion("business case viable", "must"),
                        GateCriterion("funding secured", "must"),
                        GateCriterion("plan realism", "should", 2.0),
                        GateCriterion("risk exposure acceptable", "should", 2.0),
                        GateCriterion("benefits measurable", "should", 1.0),
                    ),
                    approvers=board,
                ),
                Gate(
                    "Authorise closure",
                    "Delivery",
                    criteria=(
                        GateCriterion("acceptance criteria met", "must"),
                        GateCriterion("operational readiness", "should", 2.0),
                        GateCriterion("quality of products", "should", 1.0),
                    ),
                    approvers=board,
                    min_tier="standard",
                ),
                Gate(
                    "Project closed",
                    "Closure",
                    criteria=(
                        GateCriterion("handover complete", "must"),
                        GateCriterion("lessons captured", "should", 1.0),
                    ),
                    approvers=("Executive",),
                ),
            ),
        )

    @classmethod
    def agile(cls, sprint_days: float = 10.0) -> Methodology:
        """A Scrum-based methodology: discovery, sprints with release gates, transition.

        Parameters
        ----------
        sprint_days
            Sprint length [working days] (default 10, two weeks).
        """
        return cls(
            name="Agile (Scrum)",
            approach="agile",
            roles=_AGILE_ROLES,
            templates=_TEMPLATES,
            phases=(
                Phase(
                    "Discovery",
                    (
                        Deliverable("Product vision", "Brief", ("Product Owner",)),
                        Deliverable("Product backlog", "Register", ("Product Owner",)),
                        Deliverable("Release plan", "Plan", ("Product Owner",), "standard"),
                        Deliverable("Business case", "Business case", ("Sponsor",), "major"),
                    ),
                    description="Shape the product and its first releases.",
                ),
                Phase(
                    "Delivery sprints",
                    (
                        Deliverable("Sprint backlog", "Register", ("Developers",)),
                        Deliverable("Increment", None, ("Product Owner",)),
                        Deliverable("Sprint review", "Report", ("Product Owner",)),
                        Deliverable("Retrospective", "Report", ("Scrum Master",)),
                        Deliverable("Risk register", "Register", ("Scrum Master",), "standard"),
                    ),
                    iteration_days=float(sprint_days),
                    description="Build in time-boxed sprints; inspect and adapt.",
                ),
                Phase(
                    "Release",
                    (
                        Deliverable("Release notes", "Report", ("Product Owner",)),
                        Deliverable("Operational readiness", "Report", ("Sponsor",), "standard"),
                        Deliverable("Lessons report", "Report", ("Scrum Master",), "major"),
                    ),
                    description="Release to users and hand over to operations.",
                ),
            ),
            gates=(
                Gate(
                    "Discovery complete",
                    "Discovery",
                    criteria=(
                        GateCriterion("product vision agreed", "must"),
                        GateCriterion("value to users", "should", 2.0),
                        GateCriterion("backlog readiness", "should", 1.0),
                    ),
                    approvers=("Sponsor", "Product Owner"),
                    min_tier="standard",
                ),
                Gate(
                    "Release gate",
                    "Delivery sprints",
                    criteria=(
                        GateCriterion("definition of done met", "must"),
                        GateCriterion("security sign-off", "must"),
                        GateCriterion("user acceptance", "should", 2.0),
                        GateCriterion("operational readiness", "should", 1.0),
                    ),
                    approvers=("Product Owner", "Sponsor"),
                ),
                Gate(
                    "Product closed",
                    "Release",
                    criteria=(GateCriterion("handover complete", "must"),),
                    approvers=("Sponsor",),
                ),
            ),
        )

    @classmethod
    def hybrid(cls, sprint_days: float = 10.0) -> Methodology:
        """A hybrid methodology: PRINCE2-like start-up, initiation and closure around sprints.

        Parameters
        ----------
        sprint_days
            Sprint length [working days] of the delivery phase (default 10).
        """
        w = cls.waterfall()
        a = cls.agile(sprint_days)
        roles = w.roles + tuple(r for r in a.roles if r.name not in {x.name for x in w.roles})
        # the risk register is set up in initiation and kept through the sprints
        sprints = attrs.evolve(
            a.phases[1],
            deliverables=tuple(d for d in a.phases[1].deliverables if d.name != "Risk register"),
        )
        return cls(
            name="Hybrid",
            approach="hybrid",
            roles=roles,
            templates=_TEMPLATES,
            phases=(w.phases[0], w.phases[1], sprints, w.phases[3]),
            gates=(w.gates[0], w.gates[1], a.gates[1], w.gates[3]),
        )


_TEMPLATES = (
    DeliverableTemplate("Mandate", ("purpose", "sponsor", "constraints")),
    DeliverableTemplate("Brief", ("objectives", "scope", "outline business case", "approach")),
    DeliverableTemplate(
        "Business case",
        ("options", "benefits", "costs", "timescale", "major risks", "investment appraisal"),
    ),
    DeliverableTemplate("Plan", ("scope", "schedule", "budget", "tolerances", "assumptions")),
    DeliverableTemplate("PID", ("business case", "plan", "controls", "roles", "approaches")),
    DeliverableTemplate("Register", ("owner", "entries", "last reviewed")),
    DeliverableTemplate("Report", ("period", "status", "issues", "forecast")),
    DeliverableTemplate("Approach", ("benefits", "measures", "owners", "review schedule")),
)

_PREDICTIVE_ROLES = (
    Role("Executive", ("business case", "final decisions")),
    Role("Senior User", ("user requirements", "benefits")),
    Role("Senior Supplier", ("supplier resources", "technical integrity")),
    Role("Project Manager", ("day-to-day management", "plans", "reports")),
    Role("Project Assurance", ("independent assurance",)),
    Role("Team Manager", ("work packages",)),
)

_AGILE_ROLES = (
    Role("Sponsor", ("funding", "strategic direction")),
    Role("Product Owner", ("product value", "backlog ordering")),
    Role("Scrum Master", ("Scrum adoption", "impediments")),
    Role("Developers", ("increments", "sprint backlog")),
)


def _check_name(name: object, what: str) -> None:
    if not isinstance(name, str):
        raise ValidationError(
            f"'{what}' must be the name of a {what} (got {name!r:.60} that is a "
            f"{type(name).__name__})"
        )


def _dups(names: list[str]) -> list[tuple[str, int]]:
    return [(n, k) for n, k in Counter(names).items() if k > 1]


def _validate_methodology(m: Methodology) -> None:
    p = Problems()
    dup_msgs: list[str] = []
    dup_items: list[str] = []
    unknown_msgs: list[str] = []
    unknown_items: list[str] = []
    if (msg := check_id(m.name, "name of a methodology")) is not None:
        p.add(msg)
    if m.approach not in ("predictive", "agile", "hybrid"):
        p.add(
            f"'approach' of methodology '{m.name}' must be one of 'predictive', 'agile', "
            f"'hybrid' (got {m.approach!r})"
        )
    for label, items, cls in (
        ("phase", m.phases, Phase),
        ("gate", m.gates, Gate),
        ("role", m.roles, Role),
        ("template", m.templates, DeliverableTemplate),
    ):
        bad = [x for x in items if not isinstance(x, cls)]
        for x in bad:
            p.add(
                f"{label}s of methodology '{m.name}' must be {cls.__name__} objects "
                f"(got {x!r} that is a {type(x).__name__})"
            )
        if bad:
            continue
        bad_names = False
        for x in items:
            if (msg := check_id(x.name, f"{label} name in methodology '{m.name}'")) is not None:
                p.add(msg)
                bad_names = True
        if label == "template":
            for t in m.templates:
                for i, f in enumerate(t.fields):
                    if (msg := check_id(f, f"fields[{i}] of template '{t.name}'")) is not None:
                        p.add(msg)
                        bad_names = True
                for n, k in _dups([f for f in t.fields if check_id(f, "") is None]):
                    p.add(f"field '{n}' appears {k} times in template '{t.name}'")
        if bad_names:
            continue  # unhashable or empty names: report them before counting repeats
        for n, k in _dups([x.name for x in items]):
            dup_msgs.append(
                f"{label} name '{n}' appears {k} times in methodology '{m.name}'; "
                f"{label} names must be unique"
            )
            dup_items.append(n)
    for ph in m.phases:
        for d in ph.deliverables if isinstance(ph, Phase) else ():
            if not isinstance(d, Deliverable):
                p.add(f"deliverables of phase '{ph.name}' must be Deliverable objects (got {d!r})")
            elif (msg := check_id(d.name, f"deliverable name in phase '{ph.name}'")) is not None:
                p.add(msg)
    p.raise_if_any()
    for n, k in _dups([d.name for d in m.deliverables]):
        dup_msgs.append(
            f"deliverable name '{n}' appears {k} times in methodology '{m.name}'; "
            "deliverable names must be unique"
        )
        dup_items.append(n)
    if dup_msgs:
        raise DuplicateError(dup_msgs, dup_items)

    phase_index = {ph.name: i for i, ph in enumerate(m.phases)}
    roles = {r.name for r in m.roles}
    templates = {t.name for t in m.templates}
    for ph in m.phases:
        if ph.iteration_days is not None:
            p.check_number(
                ph.iteration_days,
                f"iteration_days of phase '{ph.name}'",
                minimum=0.0,
                strict_minimum=True,
            )
        for d in ph.deliverables:
            if d.template is not None and d.template not in templates:
                unknown_msgs.append(
                    f"deliverable '{d.name}' in phase '{ph.name}' names unknown template "
                    f"'{d.template}' (templates: {', '.join(sorted(templates)) or 'none'})"
                )
                unknown_items.append(d.template)
            for r in d.approvals:
                if r not in roles:
                    unknown_msgs.append(
                        f"approval of deliverable '{d.name}' names unknown role '{r}' "
                        f"(roles: {', '.join(sorted(roles)) or 'none'})"
                    )
                    unknown_items.append(r)
    last = -1
    last_gate = ""
    closed: dict[str, str] = {}
    for g in m.gates:
        if g.after_phase not in phase_index:
            unknown_msgs.append(
                f"gate '{g.name}' closes unknown phase '{g.after_phase}' "
                f"(phases: {', '.join(phase_index) or 'none'})"
            )
            unknown_items.append(g.after_phase)
            continue
        for r in g.approvers:
            if r not in roles:
                unknown_msgs.append(
                    f"approver of gate '{g.name}' names unknown role '{r}' "
                    f"(roles: {', '.join(sorted(roles)) or 'none'})"
                )
                unknown_items.append(r)
        i = phase_index[g.after_phase]
        if g.after_phase in closed:
            p.add(
                f"gate '{g.name}' closes phase '{g.after_phase}', which gate "
                f"'{closed[g.after_phase]}' already closes; one gate per phase"
            )
        elif i < last:
            p.add(
                f"gate '{g.name}' (after phase '{g.after_phase}', phase {i + 1}) is out of order: "
                f"it must come before gate '{last_gate}' (after phase "
                f"'{m.phases[last].name}', phase {last + 1}); list gates in phase order"
            )
        closed.setdefault(g.after_phase, g.name)
        if i > last:
            last, last_gate = i, g.name
    if unknown_msgs:
        raise UnknownReferenceError(unknown_msgs + p.items, unknown_items)
    p.raise_if_any()


def _ensure_methodology(value: Any, name: str = "methodology") -> Methodology:
    if not isinstance(value, Methodology):
        raise ValidationError(
            f"'{name}' must be a Methodology (got {value!r} that is a {type(value).__name__})"
        )
    return value
