"""The netan data model: the single source of truth for names.

Everything that names a label, a relationship type, a property, a vocabulary
value or an input column reads it from here: importers validate against it,
stores create their tables from it, queries and views take their names from
it. Nothing outside this module spells ``"MEMBER_OF"`` or ``"primary_care"``
by hand where it can use the constants below.

The model follows ``docs/design.md`` (see the repository's ``docs/``):

* node labels ``Agency``, ``Group``, ``Person``, ``Meeting``, each keyed by ``id``;
* relationship types with their allowed endpoint labels;
* typed properties (``string``, ``int``, ``float``, ``date`` or a vocabulary);
* vocabularies (sector, level, role, ...) with the aliases people actually write
  ("Social Services" and "SSD" both mean ``social_care``);
* the canonical input tables (``agencies.csv``, ``people.csv``, ...) and the
  columns each accepts.

Extra columns a user brings that the model does not know are kept, as JSON, in
the ``attributes`` property every label has, so no user-supplied name ever
becomes part of a database statement.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def normalise_token(text: str) -> str:
    """Fold a free-text value to the form vocabularies are matched in.

    Lower case, ``&`` read as ``and``, every run of other characters a single
    ``_``: ``"Social Services"``, ``"social-services"`` and ``" SOCIAL_services "``
    all become ``"social_services"``.
    """
    text = text.strip().lower().replace("&", " and ")
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


@dataclass(frozen=True)
class Vocabulary:
    """A closed set of values with aliases; ``ordered`` when order means rank."""

    name: str
    values: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    ordered: bool = False
    description: str = ""

    def __post_init__(self) -> None:
        for alias, value in self.aliases.items():
            if value not in self.values:
                raise ValueError(f"alias {alias!r} of {self.name} points at unknown {value!r}")

    def lookup(self) -> dict[str, str]:
        """Every accepted spelling (normalised) mapped to its canonical value."""
        return dict(self._spellings)

    @functools.cached_property
    def _spellings(self) -> dict[str, str]:
        table = {normalise_token(v): v for v in self.values}
        table.update({normalise_token(a): v for a, v in self.aliases.items()})
        return table

    def canonical(self, raw: str) -> str | None:
        """The canonical value for ``raw``, or None when it is not recognised."""
        return self._spellings.get(normalise_token(raw))

    def suggest(self, raw: str) -> str | None:
        """The closest canonical value to an unrecognised ``raw`` ("did you mean")."""
        table = self.lookup()
        close = difflib.get_close_matches(normalise_token(raw), list(table), n=1, cutoff=0.6)
        return table[close[0]] if close else None

    def rank(self, value: str) -> int:
        """Position of ``value`` in an ordered vocabulary (0 = lowest)."""
        if not self.ordered:
            raise TypeError(f"vocabulary {self.name} is not ordered")
        return self.values.index(value)


SECTOR = Vocabulary(
    "sector",
    (
        "primary_care",
        "secondary_care",
        "commissioner",
        "social_care",
        "voluntary",
        "user_carer",
        "housing",
        "other",
    ),
    aliases={
        "primary": "primary_care",
        "general practice": "primary_care",
        "gp": "primary_care",
        "primary health care": "primary_care",
        "secondary": "secondary_care",
        "nhs trust": "secondary_care",
        "trust": "secondary_care",
        "specialist": "secondary_care",
        "mental health trust": "secondary_care",
        "health authority": "commissioner",
        "health board": "commissioner",
        "commissioning": "commissioner",
        "pct": "commissioner",
        "lhg": "commissioner",
        "social services": "social_care",
        "social work": "social_care",
        "ssd": "social_care",
        "social": "social_care",
        "local authority social services": "social_care",
        "voluntary sector": "voluntary",
        "third sector": "voluntary",
        "charity": "voluntary",
        "user": "user_carer",
        "carer": "user_carer",
        "service user": "user_carer",
        "users and carers": "user_carer",
        "housing association": "housing",
    },
    description="Which system a body or person belongs to.",
)

#: The sectors whose absence from a group is reported as a representation gap.
CORE_SECTORS: tuple[str, ...] = ("primary_care", "social_care", "secondary_care", "user_carer")

LEVEL = Vocabulary(
    "level",
    ("practice", "locality", "area", "region", "national"),
    aliases={
        "gp practice": "practice",
        "practice level": "practice",
        "locality level": "locality",
        "lhcc": "locality",
        "local authority": "area",
        "local authority area": "area",
        "la": "area",
        "pct": "area",
        "lhg": "area",
        "health authority": "region",
        "health authority area": "region",
        "health board": "region",
        "ha": "region",
        "country": "national",
    },
    ordered=True,
    description="Where a decision is taken, ordered low to high.",
)

CARE_TIER = Vocabulary(
    "care_tier",
    ("community", "self_care", "extended_primary", "intermediate", "secondary", "tertiary"),
    aliases={"self care": "self_care", "extended primary care": "extended_primary"},
    ordered=True,
    description="Hierarchy of care (Woods & McCollam 2002, Figure 1).",
)

PARTNERSHIP_SPECTRUM = Vocabulary(
    "partnership_spectrum",
    (
        "taking_into_account",
        "dialogue",
        "joint_project",
        "joint_venture",
        "satellite",
        "strategic_alliance",
        "federation",
        "merger",
    ),
    ordered=True,
    description=("Spectrum of partnership relationships, ordinal 1-8 "
                 "(Woods & McCollam 2002, Figure 2)."),
)

STAGE = Vocabulary(
    "stage",
    (
        "structure",
        "needs_assessment",
        "resources_identified",
        "strategy",
        "plan",
        "priorities_agreed",
        "service_purchased",
        "service_evaluated",
    ),
    aliases={
        "structure in place": "structure",
        "needs assessed": "needs_assessment",
        "resources": "resources_identified",
        "strategy developed": "strategy",
        "plan developed": "plan",
        "priorities": "priorities_agreed",
        "purchased": "service_purchased",
        "evaluated": "service_evaluated",
    },
    ordered=True,
    description=("Commissioning-cycle stage reached by a group "
                 "(Secker, Davies & Howell 2000, Table 1)."),
)

AGENCY_KIND = Vocabulary(
    "agency_kind",
    (
        "health_authority",
        "health_board",
        "nhs_trust",
        "cmht",
        "pct",
        "primary_care_trust",
        "lhcc",
        "lhg",
        "gp_practice",
        "primary_care_network",
        "social_services",
        "voluntary_org",
        "local_authority",
        "housing_org",
        "user_carer_org",
        "other",
    ),
    aliases={
        "ha": "health_authority",
        "trust": "nhs_trust",
        "community mental health team": "cmht",
        "practice": "gp_practice",
        "surgery": "gp_practice",
        "pcn": "primary_care_network",
        "ssd": "social_services",
        "social work department": "social_services",
        "voluntary": "voluntary_org",
        "charity": "voluntary_org",
        "la": "local_authority",
        "council": "local_authority",
        "local health group": "lhg",
        "local health care cooperative": "lhcc",
    },
    description="What kind of body an agency is.",
)

GROUP_KIND = Vocabulary(
    "group_kind",
    (
        "commissioning_group",
        "planning_group",
        "locality_group",
        "board",
        "subgroup",
        "reference_group",
        "forum",
        "pooled_budget_board",
        "implementation_group",
        "team",
        "total_purchasing_pilot",
        "locality_commissioning_pilot",
        "gp_commissioning_group",
        "other",
    ),
    aliases={
        "tpp": "total_purchasing_pilot",
        "lcp": "locality_commissioning_pilot",
        "planning team": "planning_group",
        "joint commissioning group": "commissioning_group",
        "locality commissioning group": "locality_group",
        "sub group": "subgroup",
        "sub_group": "subgroup",
        "committee": "board",
        "executive": "board",
        "local implementation group": "implementation_group",
        "redesign team": "team",
    },
    description="What kind of group a group is.",
)

PERSON_ROLE = Vocabulary(
    "person_role",
    (
        "gp",
        "practice_manager",
        "practice_nurse",
        "social_worker",
        "cpn",
        "psychiatrist",
        "psychologist",
        "commissioner",
        "link_worker",
        "joint_commissioning_manager",
        "manager",
        "nurse",
        "officer",
        "user_rep",
        "carer_rep",
        "voluntary_rep",
        "other",
    ),
    aliases={
        "general practitioner": "gp",
        "doctor": "gp",
        "family doctor": "gp",
        "community psychiatric nurse": "cpn",
        "social services officer": "social_worker",
        "care manager": "social_worker",
        "consultant psychiatrist": "psychiatrist",
        "jcm": "joint_commissioning_manager",
        "service user representative": "user_rep",
        "user representative": "user_rep",
        "carer representative": "carer_rep",
    },
    description="A person's job or role.",
)

MEMBERSHIP_ROLE = Vocabulary(
    "membership_role",
    ("chair", "vice_chair", "member", "invited", "observer"),
    aliases={"chairman": "chair", "chairperson": "chair", "deputy chair": "vice_chair"},
    description="A person's role on a group.",
)

ATTENDANCE_STATUS = Vocabulary(
    "attendance_status",
    ("present", "apologies", "absent"),
    aliases={"attended": "present", "yes": "present", "y": "present", "p": "present",
             "apols": "apologies", "sent apologies": "apologies", "a": "absent",
             "no": "absent", "n": "absent", "did not attend": "absent", "dna": "absent"},
    description="Whether a person came to a meeting.",
)

LIAISON_MODEL = Vocabulary(
    "liaison_model",
    (
        "link_worker",
        "liaison_attachment",
        "consultation",
        "shifted_outpatient",
        "integrated",
        "informal",
    ),
    aliases={"attachment": "liaison_attachment", "consultation liaison": "consultation",
             "shifted outpatients": "shifted_outpatient", "link": "link_worker"},
    description="How a liaison arrangement works (Woods & McCollam 2002).",
)

FUNDING_MECHANISM = Vocabulary(
    "funding_mechanism",
    ("pooled", "aligned", "lead_commissioning", "delegated", "grant", "contract", "joint_finance"),
    aliases={"pooled budget": "pooled", "lead commissioner": "lead_commissioning",
             "joint finance": "joint_finance", "section 31": "pooled"},
    description="How money moves between bodies.",
)

PARTNERSHIP_FUNCTION = Vocabulary(
    "partnership_function",
    ("direct_care", "management", "strategic_planning"),
    aliases={"care": "direct_care", "strategy": "strategic_planning",
             "planning": "strategic_planning"},
    description="What a partnership is for.",
)

COLLABORATION = Vocabulary(
    "collaboration",
    ("networking", "cooperation", "coordination", "coalition", "collaboration"),
    aliases={"co-operation": "cooperation", "co-ordination": "coordination"},
    ordered=True,
    description="Levels of Collaboration scale (Frey et al. 2006), 1-5; 0 means no "
    "working relationship.",
)

SURVEY_FREQUENCY = Vocabulary(
    "survey_frequency",
    ("never", "yearly", "quarterly", "monthly", "weekly", "daily"),
    aliases={"once a year or less": "yearly", "annually": "yearly", "once a year": "yearly",
             "about once a quarter": "quarterly", "every few months": "quarterly",
             "about once a month": "monthly", "every week": "weekly",
             "about once a week": "weekly", "every day": "daily", "not at all": "never"},
    ordered=True,
    description="How often a respondent works with the one rated (roster surveys).",
)

ROSTER_KIND = Vocabulary(
    "roster_kind",
    ("organisation", "person"),
    aliases={"agency": "organisation", "organization": "organisation", "org": "organisation",
             "people": "person", "individual": "person", "staff": "person"},
    description="What a roster entry is: an organisation (Agency) or a person.",
)

PROVENANCE = Vocabulary(
    "provenance",
    ("published", "inferred", "illustrative"),
    aliases={"paper": "published", "reported": "published", "derived": "inferred",
             "invented": "illustrative", "example": "illustrative", "made up": "illustrative"},
    description=("Where a row comes from: published (stated by the source; the note gives "
                 "page or section), inferred (read from the source; the note gives the "
                 "reasoning) or illustrative (made up to complete an example)."),
)

VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        SECTOR,
        LEVEL,
        CARE_TIER,
        PARTNERSHIP_SPECTRUM,
        STAGE,
        AGENCY_KIND,
        GROUP_KIND,
        PERSON_ROLE,
        MEMBERSHIP_ROLE,
        ATTENDANCE_STATUS,
        LIAISON_MODEL,
        FUNDING_MECHANISM,
        PARTNERSHIP_FUNCTION,
        COLLABORATION,
        SURVEY_FREQUENCY,
        ROSTER_KIND,
        PROVENANCE,
    )
}

# ---------------------------------------------------------------------------
# Properties, labels and relationship types
# ---------------------------------------------------------------------------

ScalarType = Literal["string", "int", "float", "date"]


@dataclass(frozen=True)
class Property:
    """A typed property. ``vocabulary`` names a :data:`VOCABULARIES` entry (type string)."""

    name: str
    type: ScalarType = "string"
    vocabulary: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""


#: Where extra columns that the model does not know are kept, as a JSON object.
ATTRIBUTES = Property("attributes", description="Extra input columns, as a JSON object.")
KEY = "id"

#: A roster survey (``roster`` table) that asked this agency or person to respond.
SURVEYED = Property("survey", description="Name of the roster survey that asked this "
                    "agency or person; response is known from their RATES relationships.")

#: The items of the PARTNER tool's trust and value composites (Varda et al. 2008), 1-4 each.
TRUST_ITEMS: tuple[str, ...] = ("trust_reliability", "trust_mission", "trust_openness")
VALUE_ITEMS: tuple[str, ...] = ("value_power", "value_involvement", "value_resources")


@dataclass(frozen=True)
class NodeLabel:
    name: str
    properties: tuple[Property, ...]
    description: str = ""
    key: str = KEY

    @property
    def property_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties)


@dataclass(frozen=True)
class RelType:
    """A relationship type, its allowed (source label, target label) pairs and properties.

    ``identity`` names the properties that, with the two endpoints, identify one
    relationship: an ``--append`` import updates the relationship with the same
    endpoints and identity instead of adding a second one.
    """

    name: str
    endpoints: tuple[tuple[str, str], ...]
    properties: tuple[Property, ...] = ()
    identity: tuple[str, ...] = ()
    description: str = ""
    layer: str = ""

    @property
    def property_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties)

    def allows(self, source_label: str, target_label: str) -> bool:
        return (source_label, target_label) in self.endpoints


AGENCY, GROUP, PERSON, MEETING = "Agency", "Group", "Person", "Meeting"

NODE_LABELS: dict[str, NodeLabel] = {
    n.name: n
    for n in (
        NodeLabel(
            AGENCY,
            (
                Property(KEY),
                Property("name"),
                Property("kind", vocabulary="agency_kind"),
                Property("sector", vocabulary="sector"),
                Property("level", vocabulary="level"),
                Property("area"),
                Property("care_tier", vocabulary="care_tier"),
                SURVEYED,
                ATTRIBUTES,
            ),
            "An organisation: health authority, trust, CMHT, practice, social services, ...",
        ),
        NodeLabel(
            GROUP,
            (
                Property(KEY),
                Property("name"),
                Property("kind", vocabulary="group_kind"),
                Property("level", vocabulary="level"),
                Property("area"),
                Property("stage", vocabulary="stage"),
                ATTRIBUTES,
            ),
            "A commissioning group, planning team, locality group, board, subgroup or forum.",
        ),
        NodeLabel(
            PERSON,
            (
                Property(KEY),
                Property("name", description="Personal data: pseudonymise with --anonymise."),
                Property("role", vocabulary="person_role"),
                Property("sector", vocabulary="sector",
                         description="Defaults to the employer's sector."),
                SURVEYED,
                ATTRIBUTES,
            ),
            "A member of staff, user or carer representative.",
        ),
        NodeLabel(
            MEETING,
            (Property(KEY), Property("date", "date"), ATTRIBUTES),
            "One meeting of a group, from an attendance register.",
        ),
    )
}

EMPLOYED_BY = "EMPLOYED_BY"
PART_OF = "PART_OF"
MEMBER_OF = "MEMBER_OF"
ATTENDED = "ATTENDED"
HELD_BY = "HELD_BY"
ATTENDS = "ATTENDS"
CO_LOCATED_AT = "CO_LOCATED_AT"
LIAISES_WITH = "LIAISES_WITH"
FUNDS = "FUNDS"
PARTNERS_WITH = "PARTNERS_WITH"
RATES = "RATES"

REL_TYPES: dict[str, RelType] = {
    r.name: r
    for r in (
        RelType(EMPLOYED_BY, ((PERSON, AGENCY),), (ATTRIBUTES,),
                description="A person's employer.", layer="employment"),
        RelType(
            PART_OF,
            ((AGENCY, AGENCY), (GROUP, GROUP), (GROUP, AGENCY)),
            (ATTRIBUTES,),
            description="Structure and accountability: practice part of locality, "
            "subgroup part of group.",
            layer="structure",
        ),
        RelType(
            MEMBER_OF,
            ((PERSON, GROUP),),
            (
                Property("role", vocabulary="membership_role"),
                Property("represents", description="Id of the agency the member represents."),
                ATTRIBUTES,
            ),
            description="A person's seat on a group.",
            layer="membership",
        ),
        RelType(
            ATTENDED,
            ((PERSON, MEETING),),
            (Property("status", vocabulary="attendance_status"), ATTRIBUTES),
            description="A line of an attendance register.",
            layer="attendance",
        ),
        RelType(HELD_BY, ((MEETING, GROUP),), (ATTRIBUTES,),
                description="The group a meeting belongs to.", layer="attendance"),
        RelType(
            ATTENDS,
            ((PERSON, GROUP),),
            (
                Property("attended", "int", minimum=0),
                Property("held", "int", minimum=0),
                Property("rate", "float", minimum=0, maximum=1),
                Property("last_attended", "date"),
                ATTRIBUTES,
            ),
            description="Attendance aggregated per person and group.",
            layer="attendance",
        ),
        RelType(
            CO_LOCATED_AT,
            ((PERSON, AGENCY),),
            (Property("days_per_week", "float", minimum=0, maximum=7), ATTRIBUTES),
            description="A person based at another agency's site (a social worker in a practice).",
            layer="colocation",
        ),
        RelType(
            LIAISES_WITH,
            ((PERSON, PERSON), (PERSON, AGENCY), (PERSON, GROUP)),
            (
                Property("model", vocabulary="liaison_model"),
                Property("frequency", "float", minimum=0, description="Contacts per month."),
                ATTRIBUTES,
            ),
            description="A working liaison arrangement.",
            layer="liaison",
        ),
        RelType(
            FUNDS,
            ((AGENCY, AGENCY), (AGENCY, GROUP)),
            (
                Property("amount", "float", minimum=0),
                Property("year", "int"),
                Property("mechanism", vocabulary="funding_mechanism"),
                ATTRIBUTES,
            ),
            identity=("year", "mechanism"),
            description="Money moving from one body to another.",
            layer="funds",
        ),
        RelType(
            PARTNERS_WITH,
            ((AGENCY, AGENCY),),
            (
                Property("spectrum", "int", minimum=1, maximum=8,
                         description="1-8 on the partnership spectrum."),
                Property("function", vocabulary="partnership_function"),
                ATTRIBUTES,
            ),
            identity=("function",),
            description="A partnership between two agencies.",
            layer="partnership",
        ),
        RelType(
            RATES,
            ((PERSON, PERSON), (PERSON, AGENCY), (AGENCY, AGENCY), (AGENCY, PERSON)),
            (
                Property("frequency", vocabulary="survey_frequency"),
                Property("collaboration", "int", minimum=0, maximum=5,
                         description="0 (none) to 5 on the Levels of Collaboration scale."),
                *(Property(item, "int", minimum=1, maximum=4) for item in TRUST_ITEMS),
                *(Property(item, "int", minimum=1, maximum=4) for item in VALUE_ITEMS),
                ATTRIBUTES,
            ),
            description="A roster-survey answer: how the respondent rates working with "
            "the one named.",
            layer="survey",
        ),
    )
}

#: Optional on every node and relationship: where the row comes from, and the page,
#: section or reasoning behind it (shown by the report; a headline resting on
#: ``illustrative`` rows says so).
PROVENANCE_PROPERTIES: tuple[Property, ...] = (
    Property("provenance", vocabulary="provenance",
             description="published, inferred or illustrative."),
    Property("provenance_note",
             description="Page or section (published) or the reasoning (inferred)."),
)
NODE_LABELS = {name: replace(label, properties=(*label.properties, *PROVENANCE_PROPERTIES))
               for name, label in NODE_LABELS.items()}
REL_TYPES = {name: replace(rel, properties=(*rel.properties, *PROVENANCE_PROPERTIES))
             for name, rel in REL_TYPES.items()}

#: Layers a user can choose when reading the graph (``--layers``), each a set of types.
LAYERS: dict[str, tuple[str, ...]] = {}
for _rel in REL_TYPES.values():
    LAYERS.setdefault(_rel.layer, ())
    LAYERS[_rel.layer] = (*LAYERS[_rel.layer], _rel.name)


def rel_type(name: str) -> RelType:
    """The relationship type ``name``; raises KeyError naming the valid types otherwise."""
    try:
        return REL_TYPES[name]
    except KeyError:
        known = ", ".join(REL_TYPES)
        raise KeyError(f"unknown relationship type {name!r}; known: {known}") from None


# ---------------------------------------------------------------------------
# Input tables: the files an analyst fills in
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of an input table.

    ``refers_to`` lists the labels whose ids the column may hold; ``type`` and
    ``vocabulary`` say how a cell is parsed. ``aliases`` are other headers that
    mean the same column (matched after :func:`normalise_token`).
    """

    name: str
    type: ScalarType = "string"
    vocabulary: str | None = None
    required: bool = False
    refers_to: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    aliases: tuple[str, ...] = ()
    example: str = ""
    description: str = ""


@dataclass(frozen=True)
class InputTable:
    """One canonical input file (``people.csv``) or workbook sheet (``people``)."""

    name: str
    columns: tuple[Column, ...]
    description: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _vocab_column(name: str, vocabulary: str, example: str, **kw: object) -> Column:
    return Column(name, vocabulary=vocabulary, example=example, **kw)  # type: ignore[arg-type]


INPUT_TABLES: dict[str, InputTable] = {
    t.name: t
    for t in (
        InputTable(
            "agencies",
            (
                Column("id", required=True, example="ha-gwent"),
                Column("name", required=True, example="Gwent Health Authority"),
                _vocab_column("kind", "agency_kind", "health_authority"),
                _vocab_column("sector", "sector", "commissioner"),
                _vocab_column("level", "level", "region"),
                Column("area", example="Gwent"),
                _vocab_column("care_tier", "care_tier", ""),
                Column("part_of", refers_to=(AGENCY,), aliases=("parent",), example="",
                       description="Id of the agency this one is part of."),
            ),
            "Organisations. Required unless people.csv is given.",
        ),
        InputTable(
            "groups",
            (
                Column("id", required=True, example="grp-newport-mh"),
                Column("name", required=True, example="Newport mental health planning group"),
                _vocab_column("kind", "group_kind", "planning_group"),
                _vocab_column("level", "level", "area"),
                Column("area", example="Newport"),
                _vocab_column("stage", "stage", "strategy"),
                Column("part_of", refers_to=(GROUP, AGENCY), aliases=("parent",),
                       example="ha-gwent",
                       description="Id of the group or agency this group is part of."),
            ),
            "Commissioning and planning groups, boards, subgroups, forums.",
        ),
        InputTable(
            "people",
            (
                Column("id", required=True, example="p-001"),
                Column("name", required=True, example="Dr A. Example"),
                _vocab_column("role", "person_role", "gp"),
                _vocab_column("sector", "sector", "",
                              description="Defaults to the employer's sector."),
                Column("employer", refers_to=(AGENCY,), aliases=("agency", "employed_by"),
                       example="ha-gwent"),
            ),
            "Staff, user and carer representatives. Names are personal data.",
        ),
        InputTable(
            "memberships",
            (
                Column("person", required=True, refers_to=(PERSON,), example="p-001"),
                Column("group", required=True, refers_to=(GROUP,), example="grp-newport-mh"),
                _vocab_column("role", "membership_role", "member",
                              description="chair, vice_chair, member, invited or observer; "
                              "default member."),
                Column("represents", refers_to=(AGENCY,), example="ha-gwent"),
            ),
            "Who sits on which group.",
        ),
        InputTable(
            "attendance",
            (
                Column("person", required=True, refers_to=(PERSON,), example="p-001"),
                Column("group", required=True, refers_to=(GROUP,), example="grp-newport-mh"),
                Column("date", "date", aliases=("meeting_date", "meeting"), example="1998-03-12",
                       description="Register form: the meeting's date (ISO YYYY-MM-DD)."),
                _vocab_column("status", "attendance_status", "present",
                              description="Register form: present, apologies or absent."),
                Column("attended", "int", minimum=0, example="",
                       description="Aggregate form: meetings attended."),
                Column("held", "int", minimum=0, example="",
                       description="Aggregate form: meetings held while a member."),
                Column("last_attended", "date", example="",
                       description="Aggregate form: date of the last meeting attended."),
            ),
            "Either a register (person, group, date, status) or an aggregate "
            "(person, group, attended, held).",
        ),
        InputTable(
            "liaison",
            (
                Column("person", required=True, refers_to=(PERSON,), example="p-001"),
                Column("with", required=True, refers_to=(PERSON, AGENCY, GROUP),
                       aliases=("target", "liaises_with"), example="p-002"),
                _vocab_column("model", "liaison_model", "link_worker"),
                Column("frequency", "float", minimum=0, example="4",
                       description="Contacts per month."),
            ),
            "Liaison arrangements between people, or a person and an agency or group.",
        ),
        InputTable(
            "colocation",
            (
                Column("person", required=True, refers_to=(PERSON,), example="p-002"),
                Column("agency", required=True, refers_to=(AGENCY,), aliases=("site",),
                       example="gp-lovemead"),
                Column("days_per_week", "float", minimum=0, maximum=7, example="2"),
            ),
            "People based at another agency's site.",
        ),
        InputTable(
            "budgets",
            (
                Column("source", required=True, refers_to=(AGENCY,), aliases=("from", "funder"),
                       example="ha-gwent"),
                Column("target", required=True, refers_to=(AGENCY, GROUP),
                       aliases=("to", "recipient"), example="grp-newport-mh"),
                Column("amount", "float", required=True, minimum=0, example="125000"),
                Column("year", "int", example="1998"),
                _vocab_column("mechanism", "funding_mechanism", "aligned"),
            ),
            "Money flowing from an agency to an agency or group.",
        ),
        InputTable(
            "partnerships",
            (
                Column("source", required=True, refers_to=(AGENCY,), aliases=("agency_a",),
                       example="ha-gwent"),
                Column("target", required=True, refers_to=(AGENCY,), aliases=("agency_b",),
                       example="ssd-newport"),
                Column("spectrum", "int", minimum=1, maximum=8, example="2",
                       description="1-8, or a spectrum name such as dialogue."),
                _vocab_column("function", "partnership_function", "strategic_planning"),
            ),
            "Partnerships between agencies, on the 1-8 spectrum.",
        ),
        InputTable(
            "roster",
            (
                Column("id", required=True, example="ssd-sutton"),
                Column("name", example="Sutton Social Services",
                       description="Needed for an entry that is not in agencies or people."),
                _vocab_column("type", "roster_kind", "organisation",
                              aliases=("kind", "label"),
                              description="organisation or person; default organisation."),
                _vocab_column("sector", "sector", "social_care"),
                Column("survey", example="2024 partnership survey",
                       description="The survey's name; default 'survey'."),
            ),
            "Who a roster survey asked: agencies or people of this import, or new "
            "entries (an organisation-only survey needs no other table).",
        ),
        InputTable(
            "survey",
            (
                Column("respondent", required=True, refers_to=(AGENCY, PERSON),
                       example="ssd-sutton"),
                Column("alter", required=True, refers_to=(AGENCY, PERSON),
                       aliases=("rated", "partner", "organisation", "with"),
                       example="ha-merton"),
                Column("alter_name", example="Merton, Sutton & Wandsworth Health Authority",
                       description="The rated one's name, for the respondent; not stored."),
                _vocab_column("frequency", "survey_frequency", "monthly"),
                Column("collaboration", "int", minimum=0, maximum=5, example="3",
                       description="0 (none) to 5, or a level name such as coordination."),
                *(Column(item, "int", minimum=1, maximum=4, example="3",
                         description="1 (not at all) to 4 (a great deal).")
                  for item in (*TRUST_ITEMS, *VALUE_ITEMS)),
            ),
            "Roster-survey answers: one row per respondent and the one they rate.",
        ),
    )
}

#: The tables of a roster survey (``netan init --survey`` writes their templates).
SURVEY_TABLES: tuple[str, ...] = ("roster", "survey")

_PROVENANCE_COLUMNS = (
    _vocab_column("provenance", "provenance", "",
                  description="published, inferred or illustrative (optional)."),
    Column("provenance_note", aliases=("evidence",), example="",
           description="Page or section of the source, or the reasoning (optional)."),
)
INPUT_TABLES = {name: replace(table, columns=(*table.columns, *_PROVENANCE_COLUMNS))
                for name, table in INPUT_TABLES.items()}

#: Tables of which at least one must be present in a canonical import.
REQUIRED_ONE_OF: tuple[str, ...] = ("agencies", "people", "roster")

#: The generic form: any published network as a node list and an edge list.
GENERIC_TABLES: dict[str, InputTable] = {
    "nodes": InputTable(
        "nodes",
        (
            Column("id", required=True, example="n1"),
            Column("type", aliases=("label",), example="Person",
                   description="Person, Agency, Group or Meeting; default Person."),
            Column("name", example="Node one"),
        ),
        "Generic node list; other columns matching the label's properties are typed, "
        "the rest kept in attributes.",
    ),
    "edges": InputTable(
        "edges",
        (
            Column("source", required=True, aliases=("from",), example="n1"),
            Column("target", required=True, aliases=("to",), example="n2"),
            Column("type", aliases=("label", "relationship"), example=LIAISES_WITH,
                   description="A relationship type; default LIAISES_WITH."),
        ),
        "Generic edge list; other columns matching the type's properties are typed, "
        "the rest kept in attributes.",
    ),
}

#: Aliases accepted in the generic form's ``type`` column for node labels.
LABEL_ALIASES: dict[str, str] = {
    "person": PERSON,
    "people": PERSON,
    "actor": PERSON,
    "individual": PERSON,
    "agency": AGENCY,
    "organisation": AGENCY,
    "organization": AGENCY,
    "org": AGENCY,
    "group": GROUP,
    "committee": GROUP,
    "meeting": MEETING,
}


def canonical_label(raw: str) -> str | None:
    """Map a user's label spelling ("organisation", "PERSON") to a schema label."""
    token = normalise_token(raw)
    for name in NODE_LABELS:
        if token == normalise_token(name):
            return name
    return LABEL_ALIASES.get(token)


def canonical_rel_type(raw: str) -> str | None:
    """Map a user's relationship-type spelling ("member of", "funds") to a schema type."""
    token = normalise_token(raw)
    for name in REL_TYPES:
        if token == normalise_token(name):
            return name
    return None


def describe() -> dict[str, object]:
    """The whole model as plain data (for ``netan schema`` and the docs)."""

    def prop(p: Property) -> dict[str, object]:
        return {k: v for k, v in {
            "name": p.name, "type": p.type, "vocabulary": p.vocabulary,
            "minimum": p.minimum, "maximum": p.maximum, "description": p.description,
        }.items() if v not in (None, "")}

    def column(c: Column) -> dict[str, object]:
        return {k: v for k, v in {
            "name": c.name, "type": c.type, "vocabulary": c.vocabulary,
            "required": c.required or None, "refers_to": list(c.refers_to) or None,
            "aliases": list(c.aliases) or None, "example": c.example,
            "description": c.description,
        }.items() if v not in (None, "")}

    return {
        "labels": {
            n.name: {"key": n.key, "description": n.description,
                     "properties": [prop(p) for p in n.properties]}
            for n in NODE_LABELS.values()
        },
        "relationship_types": {
            r.name: {"endpoints": [list(e) for e in r.endpoints], "layer": r.layer,
                     "description": r.description, "identity": list(r.identity),
                     "properties": [prop(p) for p in r.properties]}
            for r in REL_TYPES.values()
        },
        "vocabularies": {
            v.name: {"values": list(v.values), "ordered": v.ordered,
                     "aliases": dict(v.aliases), "description": v.description}
            for v in VOCABULARIES.values()
        },
        "input_tables": {
            t.name: {"description": t.description, "columns": [column(c) for c in t.columns]}
            for t in (*INPUT_TABLES.values(), *GENERIC_TABLES.values())
        },
        "required_one_of": list(REQUIRED_ONE_OF),
        "layers": {k: list(v) for k, v in LAYERS.items()},
    }


def closest_name(raw: str, names: Iterable[str]) -> str | None:
    """The name in ``names`` a user most likely meant by ``raw`` ("did you mean"), or None.

    The same letters in another case come first (``person`` -> ``Person``, since
    Cypher names are case-sensitive), then the closest spelling (``Persn`` -> ``Person``).
    """
    known = list(names)
    for name in known:
        if name.lower() == raw.lower():
            return name
    folded = {name.lower(): name for name in known}
    close = difflib.get_close_matches(raw.lower(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None
