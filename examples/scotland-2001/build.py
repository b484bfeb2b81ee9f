"""Write the scotland-2001 example's CSVs (Woods & McCollam 2002: Woods & McCollam 2002).

Run from anywhere: ``python examples/scotland-2001/build.py``. The output is
deterministic; the committed CSVs are the example, this script is how they were made.
Every fact and every invented detail is listed in README.md beside this file.
People's names are invented; places are the paper's (it names them).
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

agencies: list[dict[str, str]] = []
groups: list[dict[str, str]] = []
people: list[dict[str, str]] = []
memberships: list[dict[str, str]] = []
attendance: list[dict[str, str]] = []
liaison: list[dict[str, str]] = []
colocation: list[dict[str, str]] = []
budgets: list[dict[str, str]] = []
partnerships: list[dict[str, str]] = []

#: The provenance given to rows as they are made: set by :func:`source` before each fact.
PROV = {"provenance": "illustrative", "provenance_note": "made up to complete the example"}
ILLUSTRATIVE = {"provenance": "illustrative",
                "provenance_note": "made up to complete the example (README, Other invented detail)"}


def source(kind: str, note: str) -> None:
    """Rows made from now on are ``kind`` (published / inferred / illustrative) with ``note``."""
    PROV.update(provenance=kind, provenance_note=note)


FIRST = ["Alasdair", "Morag", "Iain", "Fiona", "Ewan", "Catriona", "Hamish", "Isla", "Callum",
         "Mairi", "Douglas", "Kirsty", "Fraser", "Eilidh", "Angus", "Shona", "Gordon", "Rhona",
         "Lachlan", "Ailsa", "Murdo", "Elspeth", "Ruaridh", "Sheena", "Donald", "Marion",
         "Kenneth", "Euphemia", "Neil", "Jessie", "Graeme", "Agnes", "Stuart", "Innes"]
LAST = ["MacLeod", "Munro", "Sinclair", "Gunn", "Rattray", "Buchan", "Laidlaw", "Tulloch",
        "Halcrow", "Jamieson", "Moncrieff", "Dalgleish", "Kinnaird", "Baillie", "Cruickshank",
        "Lennie", "Urquhart", "Petrie", "Spence", "Inkster", "Mowat", "Lyall", "Ogilvie",
        "Rennie", "Tosh", "Mearns", "Auchinleck", "Balfour", "Carnegie", "Drysdale", "Garrioch",
        "Haldane", "Irvine"]


def name_for(n: int, role: str) -> str:
    first = FIRST[(n * 7) % len(FIRST)]
    last = LAST[(n * 11 + n // len(LAST)) % len(LAST)]
    return f"Dr {first} {last}" if role in ("gp", "psychiatrist") else f"{first} {last}"


def agency(id_: str, name: str, kind: str, sector: str, level: str, area: str,
           part_of: str = "", care_tier: str = "", prov: dict[str, str] | None = None) -> str:
    agencies.append({"id": id_, "name": name, "kind": kind, "sector": sector, "level": level,
                     "area": area, "care_tier": care_tier, "part_of": part_of, **(prov or PROV)})
    return id_


def group(id_: str, name: str, kind: str, level: str, area: str, part_of: str,
          stage: str = "", case_study: str = "") -> str:
    groups.append({"id": id_, "name": name, "kind": kind, "level": level, "area": area,
                   "stage": stage, "part_of": part_of, "case_study": case_study, **PROV})
    return id_


def person(role: str, employer: str, sector: str = "", post: str = "",
           prov: dict[str, str] | None = None) -> str:
    id_ = f"p-{len(people) + 1:03d}"
    people.append({"id": id_, "name": name_for(len(people) + 1, role), "role": role,
                   "sector": sector, "employer": employer, "post": post, **(prov or PROV)})
    return id_


def member(p: str, g: str, role: str = "member", represents: str = "",
           prov: dict[str, str] | None = None) -> None:
    if not represents:
        represents = next(x["employer"] for x in people if x["id"] == p)
    memberships.append({"person": p, "group": g, "role": role, "represents": represents,
                        **(prov or PROV)})


def liaise(p: str, with_: str, model: str, frequency: float | str = "") -> None:
    liaison.append({"person": p, "with": with_, "model": model, "frequency": str(frequency),
                    **PROV})


def fund(source_: str, target: str, amount: int, year: int, mechanism: str, note: str) -> None:
    budgets.append({"source": source_, "target": target, "amount": str(amount),
                    "year": str(year), "mechanism": mechanism, "note": note,
                    "provenance": "illustrative",
                    "provenance_note": f"the flow is the paper's ({PROV['provenance_note']}); "
                                       "the amount is invented"})


def partner(a: str, b: str, spectrum: int, function: str, note: str) -> None:
    partnerships.append({"source": a, "target": b, "spectrum": str(spectrum),
                         "function": function, "provenance": "inferred",
                         "provenance_note": note})


def register(g: str, dates: list[str], pattern: dict[str, list[str]]) -> None:
    """One attendance row per member of ``g`` per meeting; ``pattern`` gives statuses."""
    for p, statuses in pattern.items():
        for date, status in zip(dates, statuses, strict=True):
            attendance.append({"person": p, "group": g, "date": date, "status": status,
                               **ILLUSTRATIVE})


# ---------------------------------------------------------------------------
# The 14 Primary Care Trusts and the three Island Health Boards (Methods, phase 1)
# ---------------------------------------------------------------------------

source("published", "Methods, phase 1: a questionnaire to the 14 Chief Executives of all "
       "Primary Care Trusts and Scotland's three Island Health Boards")
PCTS = {
    "ayrshire-arran": "Ayrshire and Arran", "borders": "Borders",
    "dumfries-galloway": "Dumfries and Galloway", "fife": "Fife",
    "forth-valley": "Forth Valley", "grampian": "Grampian",
    "greater-glasgow": "Greater Glasgow", "highland": "Highland",
    "lanarkshire": "Lanarkshire", "lomond-argyll": "Lomond and Argyll",
    "lothian": "Lothian", "renfrew-inverclyde": "Renfrewshire and Inverclyde",
    "tayside": "Tayside", "west-lothian": "West Lothian",
}
for slug, area in PCTS.items():
    agency(f"pct-{slug}", f"{area} Primary Care NHS Trust", "primary_care_trust",
           "secondary_care", "area", area)
for slug, area in {"orkney": "Orkney", "shetland": "Shetland",
                   "western-isles": "Western Isles"}.items():
    agency(f"hb-{slug}", f"{area} Health Board", "health_board", "commissioner", "region", area)

# The mainland health boards: "PCTs, along with health boards and their local authority social
# work colleagues, were collaborating in planning services" (Integration of functional activities)
source("published", "Integration of functional activities: \"PCTs, along with health boards and "
       "their local authority social work colleagues, were collaborating in planning services\"")
for slug, area in PCTS.items():
    agency(f"hb-{slug}", f"{area} Health Board", "health_board", "commissioner", "region", area)
source("inferred", "each PCT served its health board's area (Introduction: PCTs and LHCCs are "
       "the health care organisations; the boards are named with them)")
for row in agencies:
    if row["id"].startswith("pct-"):
        row["part_of"] = "hb-" + row["id"][4:]
        row.update(PROV)
source("published", "Methods, phase 1: each PCT and Island Board returned a respondent "
       "(survey, phone interviews)")
# Each PCT's mental health services manager: its survey respondent / Reference Group nominee.
nominee = {slug: person("manager", f"pct-{slug}", post="mental health services manager")
           for slug in PCTS}
island_rep = {slug: person("manager", f"hb-{slug}", post="island board representative")
              for slug in ("orkney", "shetland", "western-isles")}

# ---------------------------------------------------------------------------
# Shetland: 20 practices, each with a GP mental health lead and a CMHT link worker
# ---------------------------------------------------------------------------

source("published", "Vertical integration, Direct care delivery: \"In Shetland, each of the 20 "
       "general practices had a mental health lead and a designated link worker within the "
       "CMHT. Mental health and primary care team leads met monthly for reviews and training\"")
lhcc_shet = agency("lhcc-shetland", "Shetland LHCC", "lhcc", "primary_care", "locality",
                   "Shetland", "hb-shetland")
cmht_shet = agency("cmht-shetland", "Shetland Community Mental Health Team", "cmht",
                   "secondary_care", "locality", "Shetland", "hb-shetland", "secondary")
sw_shet = agency("sw-shetland", "Shetland Islands Council Social Work", "social_services",
                 "social_care", "area", "Shetland")
vol_shet = agency("vol-shetland", "Shetland mental health association", "voluntary_org",
                  "voluntary", "area", "Shetland")
shet_lhcc_mgr = person("manager", lhcc_shet, post="LHCC general manager")
shet_cmht_lead = person("manager", cmht_shet, post="CMHT team leader")
shet_psych = person("psychiatrist", cmht_shet)
link_workers = [person("link_worker", cmht_shet, post="CMHT link worker") for _ in range(5)]
shet_sw = [person("social_worker", sw_shet, post="mental health officer", prov=ILLUSTRATIVE)
           for _ in range(2)]
shet_sw_mgr = person("manager", sw_shet, post="community care manager", prov=ILLUSTRATIVE)
shet_vol = person("voluntary_rep", vol_shet, prov=ILLUSTRATIVE)

shet_leads = group("grp-shetland-leads", "Shetland mental health and primary care leads meeting",
                   "forum", "locality", "Shetland", lhcc_shet)
shet_plan = group("grp-shetland-mh-planning", "Shetland joint mental health planning group",
                  "planning_group", "area", "Shetland", "hb-shetland", stage="strategy")
shet_team = group("grp-shetland-cmht", "Shetland CMHT team meeting", "team", "locality",
                  "Shetland", cmht_shet)
shet_gp_leads: list[str] = []
shet_team_leads: list[str] = []
for i in range(1, 21):
    gp = agency(f"gp-shetland-{i:02d}", f"Shetland practice {i:02d}", "gp_practice",
                "primary_care", "practice", "Shetland", lhcc_shet)
    lead = person("gp", gp, post="practice mental health lead")
    team_lead = person("practice_manager", gp, post="primary care team lead")
    shet_gp_leads.append(lead)
    shet_team_leads.append(team_lead)
    # the designated link worker within the CMHT: five link workers, four practices each
    liaise(link_workers[(i - 1) // 4], lead, "link_worker", 1)

member(shet_cmht_lead, shet_leads, "chair")
member(shet_lhcc_mgr, shet_leads)
for p in shet_gp_leads + shet_team_leads:
    member(p, shet_leads)
SHET_DATES = ["2000-11-14", "2000-12-12", "2001-01-16", "2001-02-13", "2001-03-13",
              "2001-04-10", "2001-05-15"]
pattern: dict[str, list[str]] = {}
for k, p in enumerate([shet_cmht_lead, shet_lhcc_mgr, *shet_gp_leads, *shet_team_leads]):
    row = []
    for m in range(len(SHET_DATES)):
        # chair and manager always there; the others miss about one meeting in five
        if k < 2 or (k + 2 * m) % 5:
            row.append("present")
        else:
            row.append("apologies" if (k + m) % 2 else "absent")
    pattern[p] = row
register(shet_leads, SHET_DATES, pattern)

for p, role in [(shet_cmht_lead, "chair"), (shet_psych, "member"), (shet_sw[0], "member"),
                (shet_sw[1], "member"), *[(w, "member") for w in link_workers]]:
    member(p, shet_team, role)
for p, role in [(island_rep["shetland"], "chair"), (shet_cmht_lead, "member"),
                (shet_sw_mgr, "member"), (shet_lhcc_mgr, "member"), (shet_vol, "member")]:
    member(p, shet_plan, role)

# ---------------------------------------------------------------------------
# Helpers for the mainland trusts
# ---------------------------------------------------------------------------


def practices(slug: str, area: str, lhcc: str, n: int, start: int = 1) -> list[str]:
    """``n`` practices of an LHCC, one GP each; returns the GPs."""
    gps = []
    for i in range(start, start + n):
        gp = agency(f"gp-{slug}-{i:02d}", f"{area} practice {i:02d}", "gp_practice",
                    "primary_care", "practice", area, lhcc, prov=ILLUSTRATIVE)
        gps.append(person("gp", gp, prov=ILLUSTRATIVE))
    return gps


def cmht_team(slug: str, area: str, cmht: str, sw: str, n_health: int, n_social: int,
              integrated: bool = True) -> tuple[str, list[str], list[str]]:
    """A CMHT with its manager, psychiatrist, CPNs and social workers; a team-meeting group."""
    mgr = person("manager", cmht, post="CMHT manager")
    health = [mgr, person("psychiatrist", cmht)] + [person("cpn", cmht, prov=ILLUSTRATIVE)
                                                   for _ in range(n_health - 2)]
    social = [person("social_worker", sw, post="CMHT social worker", prov=ILLUSTRATIVE)
              for _ in range(n_social)]
    team = group(f"grp-{slug}-cmht-team", f"{area} CMHT team meeting", "team", "locality",
                 area, cmht)
    member(mgr, team, "chair")
    for p in health[1:]:
        member(p, team)
    for p in social if integrated else []:
        member(p, team)
    return mgr, health, social


# ---------------------------------------------------------------------------
# Greater Glasgow: integrated health and social care first; separate primary care strategy
# ---------------------------------------------------------------------------

source("published", "Horizontal integration: \"Some Trusts (e.g. Greater Glasgow) were explicit "
       "about the investment ... in promoting integrated health and social care\"; Strategic "
       "planning: a separate primary care mental health strategy; \"in some areas of Greater "
       "Glasgow, the CMHT lead sat on the LHCC executive\"")
gg = "greater-glasgow"
sw_gg = agency("sw-glasgow", "Glasgow City Council Social Work Services", "social_services",
               "social_care", "area", "Greater Glasgow")
vol_gg = agency("vol-glasgow", "Glasgow mental health voluntary forum", "voluntary_org",
                "voluntary", "area", "Greater Glasgow")
lhcc_gge = agency("lhcc-gg-east", "Glasgow East LHCC", "lhcc", "primary_care", "locality",
                  "Greater Glasgow", f"pct-{gg}")
lhcc_ggn = agency("lhcc-gg-north", "Glasgow North LHCC", "lhcc", "primary_care", "locality",
                  "Greater Glasgow", f"pct-{gg}")
cmht_gge = agency("cmht-gg-east", "Glasgow East CMHT", "cmht", "secondary_care", "locality",
                  "Greater Glasgow", f"pct-{gg}", "secondary")
cmht_ggn = agency("cmht-gg-north", "Glasgow North CMHT", "cmht", "secondary_care", "locality",
                  "Greater Glasgow", f"pct-{gg}", "secondary")
gge_mgr, gge_health, gge_social = cmht_team("gg-east", "Glasgow East", cmht_gge, sw_gg, 5, 3)
ggn_mgr, ggn_health, ggn_social = cmht_team("gg-north", "Glasgow North", cmht_ggn, sw_gg, 5, 3)
gge_gps = practices("gg-east", "Glasgow East", lhcc_gge, 5)
ggn_gps = practices("gg-north", "Glasgow North", lhcc_ggn, 4)
gge_lhcc_mgr = person("manager", lhcc_gge, post="LHCC general manager")
ggn_lhcc_mgr = person("manager", lhcc_ggn, post="LHCC general manager")
gg_sw_head = person("manager", sw_gg, post="head of mental health services")
gg_sw_mgr = person("manager", sw_gg, post="senior social worker (mental health)")
gg_pct_planner = person("manager", f"pct-{gg}", post="planning manager")
gg_vol = person("voluntary_rep", vol_gg)

g = group("grp-gg-joint-mh", "Greater Glasgow joint mental health planning group",
          "planning_group", "area", "Greater Glasgow", f"pct-{gg}", stage="strategy")
for p, role in [(nominee[gg], "chair"), (gg_pct_planner, "member"), (gg_sw_head, "vice_chair"),
                (gg_sw_mgr, "member"), (gge_mgr, "member"), (ggn_mgr, "member"),
                (gg_vol, "member")]:
    member(p, g, role)
g = group("grp-gg-pc-mh-strategy", "Greater Glasgow primary care mental health strategy group",
          "planning_group", "area", "Greater Glasgow", f"pct-{gg}", stage="strategy")
for p, role in [(gge_lhcc_mgr, "chair"), (ggn_lhcc_mgr, "member"), (gge_gps[0], "member"),
                (ggn_gps[0], "member")]:
    member(p, g, role)
g = group("grp-gg-east-exec", "Glasgow East LHCC executive", "board", "locality",
          "Greater Glasgow", lhcc_gge)
for p, role in [(gge_gps[0], "chair"), (gge_lhcc_mgr, "member"), (gge_gps[1], "member"),
                (gge_gps[2], "member"), (gge_mgr, "member")]:  # the CMHT lead sits on it
    member(p, g, role)
g = group("grp-gg-north-exec", "Glasgow North LHCC executive", "board", "locality",
          "Greater Glasgow", lhcc_ggn)
for p, role in [(ggn_gps[0], "chair"), (ggn_lhcc_mgr, "member"), (ggn_gps[1], "member")]:
    member(p, g, role)
# Figure 5, first example: a planned primary care based mental health service
gge_pc_social = person("social_worker", sw_gg, post="primary care mental health social worker")
gge_pc_psych = person("psychologist", lhcc_gge, post="clinical psychologist")
gge_pc_counsellor = person("other", lhcc_gge, post="counsellor")
g = group("grp-gg-east-pcmh-service", "Glasgow East primary care mental health service project",
          "team", "locality", "Greater Glasgow", lhcc_gge, stage="plan", case_study="yes")
for p, role in [(gge_lhcc_mgr, "chair"), (gge_gps[3], "member"), (gge_pc_social, "member"),
                (gge_pc_psych, "member"), (gge_pc_counsellor, "member")]:
    member(p, g, role)
partner(f"pct-{gg}", sw_gg, 7, "direct_care",
        "Table 2, direct care: federation; Greater Glasgow's integrated health and social care")
partner(lhcc_gge, cmht_gge, 2, "direct_care",
        "Table 3, direct care: dialogue in some areas; Greater Glasgow was \"developing separate "
        "but complementary services\"")

# ---------------------------------------------------------------------------
# Tayside: every LHCC board has a secondary care representative
# ---------------------------------------------------------------------------

source("published", "Strategic planning: \"In Tayside all LHCCs Boards include a secondary care "
       "representative\"")
tay = "tayside"
tay_vol = agency("vol-tayside", "Tayside mental health voluntary network", "voluntary_org",
                 "voluntary", "area", "Tayside")
tay_plan = group("grp-tayside-mh-strategy", "Tayside mental health strategy group",
                 "planning_group", "area", "Tayside", f"pct-{tay}", stage="strategy")
member(nominee[tay], tay_plan, "chair")
member(person("voluntary_rep", tay_vol), tay_plan)
for k, (slug, area, council) in enumerate([("dundee", "Dundee", "Dundee City Council"),
                                           ("angus", "Angus", "Angus Council"),
                                           ("perth", "Perth and Kinross",
                                            "Perth and Kinross Council")]):
    sw = agency(f"sw-{slug}", f"{council} Social Work", "social_services", "social_care",
                "area", area)
    lhcc = agency(f"lhcc-{slug}", f"{area} LHCC", "lhcc", "primary_care", "locality", area,
                  f"pct-{tay}")
    cmht = agency(f"cmht-{slug}", f"{area} CMHT", "cmht", "secondary_care", "locality", area,
                  f"pct-{tay}", "secondary")
    mgr, health, social = cmht_team(slug, area, cmht, sw, 4, 2)
    gps = practices(slug, area, lhcc, 3)
    lhcc_mgr = person("manager", lhcc, post="LHCC general manager")
    board = group(f"grp-{slug}-lhcc-board", f"{area} LHCC board", "board", "locality", area,
                  lhcc)
    member(gps[0], board, "chair")
    for p in [lhcc_mgr, gps[1], gps[2], health[1] if k == 1 else mgr]:  # the secondary care rep
        member(p, board)
    member(person("manager", sw, post="mental health service manager"), tay_plan)
    member(mgr, tay_plan)
    if k == 0:
        member(gps[0], tay_plan)  # LHCCs represented at strategic level
partner(f"pct-{tay}", "sw-dundee", 5, "management",
        "Table 2, management processes: satellite (moving towards alliance)")

# ---------------------------------------------------------------------------
# Highland: LHCC manager and CMHT manager lead jointly; Highland-wide senior management group
# ---------------------------------------------------------------------------

source("published", "Strategic planning: \"In Highland, the LHCC manager and the local CMHT "
       "manager take a joint lead in local service development and liaise with the senior "
       "management group that takes the strategic lead Highlandwide\"")
hi = "highland"
sw_hi = agency("sw-highland", "Highland Council Social Work Services", "social_services",
               "social_care", "area", "Highland")
vol_hi = agency("vol-highland", "Highland users and carers network", "user_carer_org",
                "user_carer", "area", "Highland")
lhcc_hi = agency("lhcc-highland-west", "Highland West LHCC", "lhcc", "primary_care", "locality",
                 "Highland", f"pct-{hi}")
cmht_hi = agency("cmht-highland-west", "Highland West CMHT", "cmht", "secondary_care",
                 "locality", "Highland", f"pct-{hi}", "secondary")
hi_mgr, hi_health, hi_social = cmht_team("highland-west", "Highland West", cmht_hi, sw_hi, 4, 2)
hi_gps = practices("highland-west", "Highland West", lhcc_hi, 4)
hi_lhcc_mgr = person("manager", lhcc_hi, post="LHCC general manager")
hi_sw_head = person("manager", sw_hi, post="head of community care")
hi_director = person("manager", f"pct-{hi}", post="director of mental health services")
senior = group("grp-highland-senior-mgmt", "Highland mental health senior management group",
               "board", "area", "Highland", f"pct-{hi}", stage="strategy")
for p, role in [(hi_director, "chair"), (nominee[hi], "member"), (hi_sw_head, "member")]:
    member(p, senior, role)
local = group("grp-highland-west-mh-dev", "Highland West local mental health development group",
              "planning_group", "locality", "Highland", lhcc_hi, stage="needs_assessment",
              case_study="yes")
for p, role in [(hi_lhcc_mgr, "chair"), (hi_mgr, "chair"), (hi_gps[0], "member"),
                (hi_social[0], "member"), (person("user_rep", vol_hi), "member")]:
    member(p, local, role)
liaise(hi_lhcc_mgr, senior, "informal", 1)
liaise(hi_mgr, senior, "informal", 1)
partner(f"pct-{hi}", sw_hi, 6, "strategic_planning",
        "Table 2, strategic planning: alliance")
partner(lhcc_hi, cmht_hi, 6, "direct_care",
        "Table 3, direct care: alliances in some areas; \"more likely that primary care takes an "
        "active role ... in rural areas\"; in Highland secondary care supports primary care")

# ---------------------------------------------------------------------------
# Fife: local Area Redesign Teams chaired by GPs
# ---------------------------------------------------------------------------

source("published", "Strategic planning: \"In Fife, the local Area Redesign Teams are chaired "
       "by GPs\"")
fife = "fife"
sw_fife = agency("sw-fife", "Fife Council Social Work Service", "social_services",
                 "social_care", "area", "Fife")
for slug, area in [("fife-central", "Central Fife"), ("fife-east", "North East Fife"),
                   ("fife-west", "West Fife")]:
    lhcc = agency(f"lhcc-{slug}", f"{area} LHCC", "lhcc", "primary_care", "locality", "Fife",
                  f"pct-{fife}")
    cmht = agency(f"cmht-{slug}", f"{area} CMHT", "cmht", "secondary_care", "locality", "Fife",
                  f"pct-{fife}", "secondary")
    mgr, health, social = cmht_team(slug, area, cmht, sw_fife, 4, 2)
    gps = practices(slug, area, lhcc, 3)
    team = group(f"grp-{slug}-redesign", f"{area} area redesign team", "team", "locality",
                 "Fife", lhcc, stage="needs_assessment")
    for p, role in [(gps[0], "chair"), (gps[1], "member"), (mgr, "member"),
                    (social[0], "member")]:
        member(p, team, role)

# ---------------------------------------------------------------------------
# Forth Valley: specialist care co-operative and two LHCCs meet in Local Implementation Groups
# ---------------------------------------------------------------------------

source("published", "Strategic planning: \"In Forth Valley, the secondary care services are "
       "structured within a specialist co-operative ... with both being brought together in "
       "Local Implementation Groups\"; Methods: two LHCCs")
fv = "forth-valley"
coop = agency("coop-forth-valley", "Forth Valley specialist mental health care co-operative",
              "other", "secondary_care", "area", "Forth Valley", f"pct-{fv}", "secondary")
vol_fv = agency("vol-forth-valley", "Forth Valley mental health voluntary forum",
                "voluntary_org", "voluntary", "area", "Forth Valley")
coop_lead = person("psychiatrist", coop, post="clinical director")
for k, (slug, area, council) in enumerate([("falkirk", "Falkirk", "Falkirk Council"),
                                           ("stirling", "Stirling", "Stirling Council")]):
    sw = agency(f"sw-{slug}", f"{council} Social Work Services", "social_services",
                "social_care", "area", area)
    lhcc = agency(f"lhcc-{slug}", f"{area} LHCC", "lhcc", "primary_care", "locality",
                  "Forth Valley", f"pct-{fv}")
    cmht = agency(f"cmht-{slug}", f"{area} CMHT", "cmht", "secondary_care", "locality",
                  "Forth Valley", coop, "secondary")
    mgr, health, social = cmht_team(slug, area, cmht, sw, 5, 2)
    gps = practices(slug, area, lhcc, 3)
    lhcc_mgr = person("manager", lhcc, post="LHCC general manager")
    sw_mgr = person("manager", sw, post="mental health team manager")
    lig = group(f"grp-{slug}-lig", f"{area} Local Implementation Group", "implementation_group",
                "locality", "Forth Valley", lhcc, stage="strategy",
                case_study="yes" if k == 0 else "")
    for p, role in [(lhcc_mgr, "chair"), (gps[0], "member"), (mgr, "member"),
                    (coop_lead, "member"), (sw_mgr, "member"),
                    (person("voluntary_rep", vol_fv), "member")]:
        member(p, lig, role)
    if k == 0:
        # Figure 4: the LHCC paid for clerical support so the CMHT could keep shared case notes
        fund(lhcc, cmht, 12000, 2001, "grant", "clerical support for shared CMHT case notes")
        journey = group("grp-falkirk-patient-journey", "Falkirk patient's journey mapping group",
                        "subgroup", "locality", "Forth Valley", lig, stage="needs_assessment")
        for p in [lhcc_mgr, gps[1], mgr, social[0], sw_mgr]:
            member(p, journey)
partner("lhcc-falkirk", coop, 6, "strategic_planning",
        "Table 3, strategic planning: joint venture moving in some areas into alliances; Forth "
        "Valley's joint objectives and Local Implementation Groups")
partner("lhcc-stirling", coop, 4, "strategic_planning",
        "Table 3, strategic planning: joint venture")

# ---------------------------------------------------------------------------
# Dumfries and Galloway: joint Mental Health Board and a joint director
# ---------------------------------------------------------------------------

source("published", "Strategic planning: \"In Dumfries and Galloway, a joint Mental Health Board "
       "had been recently established ... a joint director of mental health services post\"")
dg = "dumfries-galloway"
sw_dg = agency("sw-dumfries-galloway", "Dumfries and Galloway Council Social Work Services",
               "social_services", "social_care", "area", "Dumfries and Galloway")
vol_dg = agency("vol-dumfries-galloway", "Dumfries and Galloway mental health voluntary forum",
                "voluntary_org", "voluntary", "area", "Dumfries and Galloway")
cmht_dg = agency("cmht-dumfries", "Dumfries CMHT", "cmht", "secondary_care", "locality",
                 "Dumfries and Galloway", f"pct-{dg}", "secondary")
dg_mgr, dg_health, dg_social = cmht_team("dumfries", "Dumfries", cmht_dg, sw_dg, 4, 2)
dg_director = person("manager", f"pct-{dg}", post="joint director of mental health services")
dg_sw_director = person("manager", sw_dg, post="director of social work")
board = group("grp-dg-joint-mh-board", "Dumfries and Galloway joint Mental Health Board",
              "board", "area", "Dumfries and Galloway", f"pct-{dg}", stage="structure")
for p, role in [(dg_director, "chair"), (nominee[dg], "member"), (dg_sw_director, "member"),
                (person("manager", sw_dg, post="planning officer"), "member"),
                (person("voluntary_rep", vol_dg), "member")]:
    member(p, board, role)
liaise(dg_director, dg_mgr, "integrated", 4)  # jointly managed services
partner(f"pct-{dg}", sw_dg, 6, "management",
        "Table 2, management processes: moving towards alliance; the joint director post")
fund(f"pct-{dg}", board, 40000, 2001, "aligned", "joint Mental Health Board running costs")
fund(sw_dg, board, 25000, 2001, "aligned", "joint Mental Health Board running costs")

# ---------------------------------------------------------------------------
# Renfrewshire and Inverclyde: an established integrated CMHT and a less advanced one
# ---------------------------------------------------------------------------

source("published", "Methods: two Renfrew and Inverclyde LHCCs, one with \"a firmly established, "
       "multi-agency integrated Community Mental Health Team\" and one less advanced")
ri = "renfrew-inverclyde"
sw_inv = agency("sw-inverclyde", "Inverclyde Council Social Work Services", "social_services",
                "social_care", "area", "Inverclyde")
sw_ren = agency("sw-renfrewshire", "Renfrewshire Council Social Work", "social_services",
                "social_care", "area", "Renfrewshire")
vol_inv = agency("vol-inverclyde", "Inverclyde mental health support project", "voluntary_org",
                 "voluntary", "area", "Inverclyde")
lhcc_inv = agency("lhcc-inverclyde", "Inverclyde LHCC", "lhcc", "primary_care", "locality",
                  "Inverclyde", f"pct-{ri}")
lhcc_ren = agency("lhcc-renfrew", "Renfrew LHCC", "lhcc", "primary_care", "locality",
                  "Renfrewshire", f"pct-{ri}")
cmht_inv = agency("cmht-inverclyde", "Inverclyde CMHT", "cmht", "secondary_care", "locality",
                  "Inverclyde", f"pct-{ri}", "secondary")
cmht_ren = agency("cmht-renfrew", "Renfrew CMHT", "cmht", "secondary_care", "locality",
                  "Renfrewshire", f"pct-{ri}", "secondary")
inv_mgr, inv_health, inv_social = cmht_team("inverclyde", "Inverclyde", cmht_inv, sw_inv, 6, 4)
ren_mgr, ren_health, ren_social = cmht_team("renfrew", "Renfrew", cmht_ren, sw_ren, 4, 1,
                                            integrated=False)
inv_gps = practices("inverclyde", "Inverclyde", lhcc_inv, 3)
ren_gps = practices("renfrew", "Renfrew", lhcc_ren, 3)
liaise(ren_social[0], ren_mgr, "informal", 2)
inv_senior_sw = inv_social[0]
people[int(inv_senior_sw[2:]) - 1]["post"] = "CMHT senior social worker"
liaise(inv_senior_sw, vol_inv, "informal", 2)  # supervising officer for voluntary providers
member(person("voluntary_rep", vol_inv), "grp-inverclyde-cmht-team", "observer")
# Figure 5, third example: a primary care based CPN service that predates the CMHT
ren_pc_cpn = person("cpn", lhcc_ren, post="primary care based CPN")
ren_therapist = person("other", lhcc_ren, post="systemic family therapist")
g = group("grp-renfrew-pc-cpn", "Renfrew primary care CPN service", "team", "locality",
          "Renfrewshire", lhcc_ren, case_study="yes")
for p, role in [(ren_pc_cpn, "chair"), (ren_therapist, "member"), (ren_gps[0], "member"),
                (ren_gps[1], "member")]:
    member(p, g, role)
partner(f"pct-{ri}", sw_inv, 7, "direct_care",
        "Table 2, direct care: federation; Inverclyde's integrated CMHT")

# ---------------------------------------------------------------------------
# Lothian: consultant psychiatrist's links with primary care; Edinburgh Mental Health Partnership
# ---------------------------------------------------------------------------

source("published", "Partners in management: \"In Mid- and East Lothian, the LHCC managed all "
       "community based mental health services\"; Liaison: \"close working links between the "
       "consultant psychiatrist and primary care colleagues, involving regular meetings\"; "
       "the Edinburgh Mental Health Partnership")
lo = "lothian"
sw_edi = agency("sw-edinburgh", "City of Edinburgh Council Social Work", "social_services",
                "social_care", "area", "Edinburgh")
vol_edi = agency("vol-edinburgh", "Edinburgh mental health voluntary forum", "voluntary_org",
                 "voluntary", "area", "Edinburgh")
ucf_edi = agency("ucf-edinburgh", "Edinburgh users and carers forum", "user_carer_org",
                 "user_carer", "area", "Edinburgh")
lhcc_me = agency("lhcc-mid-east-lothian", "Mid and East Lothian LHCC", "lhcc", "primary_care",
                 "locality", "Lothian", f"pct-{lo}")
cmht_me = agency("cmht-mid-east-lothian", "Mid and East Lothian CMHT", "cmht", "secondary_care",
                 "locality", "Lothian", lhcc_me, "secondary")
me_mgr, me_health, me_social = cmht_team("mid-east-lothian", "Mid and East Lothian", cmht_me,
                                         sw_edi, 4, 2)
me_gps = practices("mid-east-lothian", "Mid and East Lothian", lhcc_me, 3)
me_lhcc_mgr = person("manager", lhcc_me, post="LHCC general manager")
liaise(me_lhcc_mgr, me_mgr, "integrated", 4)  # the LHCC manages community MH services
for gp in me_gps:
    liaise(me_health[1], gp, "consultation", 1)  # consultant psychiatrist's regular meetings
source("inferred", "Liaison and communication: the psychiatrist's links with primary care "
       "involve \"regular meetings\", read as one meeting of the psychiatrist with the practices")
links = group("grp-mid-east-lothian-pc-liaison", "Mid and East Lothian psychiatry and primary "
              "care liaison meetings", "forum", "locality", "Lothian", lhcc_me)
for p in [me_health[1], *me_gps]:
    member(p, links, "chair" if p == me_health[1] else "member")
partner(lhcc_me, cmht_me, 4, "management",
        "Table 3, management processes: dialogue moving in some places to joint venture; the "
        "LHCC managed community mental health services")
partner(f"pct-{lo}", sw_edi, 6, "strategic_planning",
        "Table 2, strategic planning: alliance; the Edinburgh Mental Health Partnership")
source("published", "Strategic planning: the Edinburgh Mental Health Partnership \"had a budget "
       "and was empowered to make joint decisions\"")
emhp = group("grp-emhp", "Edinburgh Mental Health Partnership", "planning_group", "area",
             "Edinburgh", f"pct-{lo}", stage="resources_identified")
for p, role in [(nominee[lo], "chair"), (person("manager", f"pct-{lo}",
                                                post="reprovisioning manager"), "member"),
                (person("manager", sw_edi, post="head of mental health"), "member"),
                (person("manager", sw_edi, post="commissioning officer"), "member"),
                (person("voluntary_rep", vol_edi), "member"),
                (person("voluntary_rep", vol_edi), "member"),
                (person("user_rep", ucf_edi), "member")]:
    member(p, emhp, role)
fund(f"pct-{lo}", emhp, 350000, 2001, "aligned", "hostel bed closure reprovision budget")
fund(sw_edi, emhp, 120000, 2001, "aligned", "community resources replacing hostel beds")

# ---------------------------------------------------------------------------
# Ayrshire and Arran: LHCC with an interest in mental health; social work funds a CPN pilot
# ---------------------------------------------------------------------------

source("published", "Figure 5, second example: \"the social work department had contributed to "
       "the funding of a pilot primary care mental health project. This will involve a CPN post "
       "attached to three general practices\" (future tense: not yet purchased); Partners in "
       "management: Ayr LHCCs and training")
aa = "ayrshire-arran"
sw_sa = agency("sw-south-ayrshire", "South Ayrshire Council Social Work", "social_services",
               "social_care", "area", "South Ayrshire")
lhcc_ayr = agency("lhcc-ayr", "Ayr LHCC", "lhcc", "primary_care", "locality", "Ayrshire and Arran",
                  f"pct-{aa}")
cmht_ayr = agency("cmht-ayr", "Ayr CMHT", "cmht", "secondary_care", "locality",
                  "Ayrshire and Arran", f"pct-{aa}", "secondary")
ayr_mgr, ayr_health, ayr_social = cmht_team("ayr", "Ayr", cmht_ayr, sw_sa, 4, 2)
ayr_gps = practices("ayr", "Ayr", lhcc_ayr, 3)
ayr_lhcc_mgr = person("manager", lhcc_ayr, post="LHCC general manager")
pilot = group("grp-ayr-pc-mh-pilot", "Ayr primary care mental health pilot project", "team",
              "locality", "Ayrshire and Arran", lhcc_ayr, stage="plan", case_study="yes")
for p, role in [(ayr_lhcc_mgr, "chair"), (ayr_mgr, "member"), (ayr_social[0], "member")]:
    member(p, pilot, role)
# the CPN post "will" be attached to three practices: planned, so no person and no liaison yet
partner(lhcc_ayr, cmht_ayr, 2, "management",
        "Table 3, management processes: dialogue")
fund(sw_sa, pilot, 15000, 2001, "grant", "social work contribution to the CPN pilot post")
fund(lhcc_ayr, "gp-ayr-01", 5000, 2001, "grant", "practice-held register of people with "
     "enduring mental illness")
training = group("grp-ayr-mh-training", "Ayr LHCC mental health training group", "subgroup",
                 "locality", "Ayrshire and Arran", lhcc_ayr)
for p, role in [(ayr_lhcc_mgr, "chair"), (ayr_gps[0], "member"), (ayr_gps[1], "member"),
                (ayr_health[1], "member")]:
    member(p, training, role)

# ---------------------------------------------------------------------------
# Orkney: GPs in home treatment; secondary care input to primary health settings
# ---------------------------------------------------------------------------

source("published", "Vertical integration: \"In Orkney there was considerable fluidity ... GP "
       "involvement in the home treatment initiative and secondary care input to primary health "
       "settings\"")
cmht_ork = agency("cmht-orkney", "Orkney Community Mental Health Team", "cmht",
                  "secondary_care", "locality", "Orkney", "hb-orkney", "secondary")
ork_gps = []
for i in range(1, 4):
    gp = agency(f"gp-orkney-{i:02d}", f"Orkney practice {i:02d}", "gp_practice", "primary_care",
                "practice", "Orkney", "hb-orkney")
    ork_gps.append(person("gp", gp))
ork_cpns = [person("cpn", cmht_ork) for _ in range(2)]
home = group("grp-orkney-home-treatment", "Orkney home treatment initiative", "team",
             "locality", "Orkney", cmht_ork)
for p, role in [(ork_cpns[0], "chair"), (ork_cpns[1], "member"), (ork_gps[0], "member"),
                (ork_gps[1], "member")]:
    member(p, home, role)
for i, cpn in enumerate(ork_cpns, start=1):
    colocation.append({"person": cpn, "agency": f"gp-orkney-{i:02d}", "days_per_week": "1",
                       **PROV})

# ---------------------------------------------------------------------------
# Lomond and Argyll: setting up a joint commissioning board with the LHCCs as partners
# ---------------------------------------------------------------------------

source("published", "Strategic planning: Lomond and Argyll \"taking steps to establish a joint "
       "commissioning board ... in which LHCCs would be one of several partners\"")
la = "lomond-argyll"
sw_ab = agency("sw-argyll-bute", "Argyll and Bute Council Social Work", "social_services",
               "social_care", "area", "Argyll and Bute")
lhcc_la = agency("lhcc-lomond", "Lomond LHCC", "lhcc", "primary_care", "locality",
                 "Lomond and Argyll", f"pct-{la}")
la_gps = practices("lomond", "Lomond", lhcc_la, 2)
jcb = group("grp-lomond-argyll-jcb", "Lomond and Argyll joint commissioning board for mental "
            "health", "commissioning_group", "area", "Lomond and Argyll", f"pct-{la}",
            stage="structure")
for p, role in [(nominee[la], "chair"), (person("manager", sw_ab, post="head of community care"),
                                         "member"), (la_gps[0], "member")]:
    member(p, jcb, role)

# ---------------------------------------------------------------------------
# LHCCs at strategic level: "In nearly all instances, LHCCs were represented at strategic level
# within the Trust" (Strategic planning). Each LHCC's manager sits on a strategic group of its
# trust, except Greater Glasgow's, whose primary and secondary agendas were deliberately
# separated (its LHCC managers sit on the separate primary care strategy group instead).
# The Reference Group (Methods) is the researchers' sounding board, not a partnership body: it
# is not encoded.
# ---------------------------------------------------------------------------

source("inferred", "Strategic planning: \"In nearly all instances, LHCCs were represented at "
       "strategic level within the Trust\"; Greater Glasgow left out (\"a deliberate policy "
       "decision to separate the primary and secondary mental health agendas\")")
strategic_group = {row["part_of"]: row["id"] for row in groups
                   if row["level"] == "area" and row["part_of"].startswith("pct-")
                   and row["id"] != "grp-gg-pc-mh-strategy"}
for lhcc in [row for row in agencies if row["kind"] == "lhcc"]:
    trust = lhcc["part_of"]
    if trust == "pct-greater-glasgow" or not trust.startswith("pct-"):
        continue
    if trust not in strategic_group:
        slug = trust[4:]
        strategic_group[trust] = group(f"grp-{slug}-mh-strategy",
                                       f"{PCTS[slug]} mental health strategy group",
                                       "planning_group", "area", PCTS[slug], trust,
                                       stage="strategy")
        member(nominee[slug], strategic_group[trust], "chair")
    managers = [x["id"] for x in people if x["employer"] == lhcc["id"]
                and x["post"] == "LHCC general manager"]
    reps = managers or [x["id"] for x in people if x["employer"] in
                        {a["id"] for a in agencies if a["part_of"] == lhcc["id"]}
                        and x["role"] == "gp"][:1]
    for p in reps:
        if not any(m["person"] == p and m["group"] == strategic_group[trust]
                   for m in memberships):
            member(p, strategic_group[trust])


# ---------------------------------------------------------------------------
# Write
# ---------------------------------------------------------------------------


def write(name: str, rows: list[dict[str, str]], columns: list[str]) -> None:
    with open(HERE / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        out.writeheader()
        for row in rows:
            out.writerow({c: row.get(c, "") for c in columns})


PC = ["provenance", "provenance_note"]

if __name__ == "__main__":
    write("agencies", agencies,
          ["id", "name", "kind", "sector", "level", "area", "care_tier", "part_of", *PC])
    write("groups", groups, ["id", "name", "kind", "level", "area", "stage", "part_of",
                             "case_study", *PC])
    write("people", people, ["id", "name", "role", "sector", "employer", "post", *PC])
    write("memberships", memberships, ["person", "group", "role", "represents", *PC])
    write("attendance", attendance, ["person", "group", "date", "status", *PC])
    write("liaison", liaison, ["person", "with", "model", "frequency", *PC])
    write("colocation", colocation, ["person", "agency", "days_per_week", *PC])
    write("budgets", budgets, ["source", "target", "amount", "year", "mechanism", "note", *PC])
    write("partnerships", partnerships, ["source", "target", "spectrum", "function", *PC])
    for name, rows in [("agencies", agencies), ("groups", groups), ("people", people),
                       ("memberships", memberships), ("attendance", attendance),
                       ("liaison", liaison), ("colocation", colocation),
                       ("budgets", budgets), ("partnerships", partnerships)]:
        print(f"{name}: {len(rows)}")
