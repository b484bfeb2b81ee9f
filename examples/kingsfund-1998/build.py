"""Write the kingsfund-1998 example's CSVs (Poxton 1999: Poxton 1999, King's Fund).

Run from anywhere: ``python examples/kingsfund-1998/build.py``. The output is
deterministic; the committed CSVs are the example, this script is how they were made.
Every fact and every invented detail is listed in README.md beside this file.
The five sites and their main agencies are the paper's (Box 1); people are invented.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

agencies: list[dict[str, str]] = []
groups: list[dict[str, str]] = []
people: list[dict[str, str]] = []
memberships: list[dict[str, str]] = []
liaison: list[dict[str, str]] = []
colocation: list[dict[str, str]] = []
budgets: list[dict[str, str]] = []
partnerships: list[dict[str, str]] = []

#: The provenance given to rows as they are made: set by :func:`source` before each fact.
PROV = {"provenance": "illustrative", "provenance_note": "made up to complete the example"}
ILLUSTRATIVE = {"provenance": "illustrative",
                "provenance_note": "made up to complete the example (README, last paragraph of "
                                   "the fact map)"}
PC = ["provenance", "provenance_note"]
#: The development site (Box 1) of the agencies and groups made from now on: the
#: ``site`` column that ``netan report --by site`` splits the study by.
SITE = {"site": ""}


def source(kind: str, note: str) -> None:
    """Rows made from now on are ``kind`` (published / inferred / illustrative) with ``note``."""
    PROV.update(provenance=kind, provenance_note=note)


FIRST = ["Margaret", "David", "Susan", "Peter", "Janet", "Richard", "Linda", "Graham", "Helen",
         "Keith", "Carol", "Stephen", "Pauline", "Martin", "Gillian", "Trevor", "Jean", "Colin",
         "Alison", "Barry", "Sandra", "Nigel", "Christine", "Roger", "Wendy", "Malcolm"]
LAST = ["Ashworth", "Bramley", "Catterall", "Dunmore", "Eastwood", "Fairbrother", "Gosling",
        "Hartley", "Ingham", "Jessop", "Kettle", "Lomax", "Marsden", "Nuttall", "Oldroyd",
        "Pickles", "Quarmby", "Rowbotham", "Sowerby", "Thwaite", "Uttley", "Varley", "Whitworth",
        "Yardley", "Haworth"]


def name_for(n: int, role: str) -> str:
    first = FIRST[(n * 5) % len(FIRST)]
    last = LAST[(n * 7 + n // len(LAST)) % len(LAST)]
    return f"Dr {first} {last}" if role == "gp" else f"{first} {last}"


def agency(id_: str, name: str, kind: str, sector: str, level: str, area: str,
           part_of: str = "", prov: dict[str, str] | None = None) -> str:
    agencies.append({"id": id_, "name": name, "kind": kind, "sector": sector, "level": level,
                     "area": area, "part_of": part_of, **SITE, **(prov or PROV)})
    return id_


def group(id_: str, name: str, kind: str, level: str, area: str, part_of: str,
          stage: str = "", client_group: str = "") -> str:
    groups.append({"id": id_, "name": name, "kind": kind, "level": level, "area": area,
                   "stage": stage, "part_of": part_of, "client_group": client_group, **SITE,
                   **PROV})
    return id_


def person(role: str, employer: str, sector: str = "", post: str = "", id_: str = "",
           prov: dict[str, str] | None = None) -> str:
    id_ = id_ or f"kf-p{len(people) + 1:03d}"
    people.append({"id": id_, "name": name_for(len(people) + 1, role), "role": role,
                   "sector": sector, "employer": employer, "post": post, **(prov or PROV)})
    return id_


def member(p: str, g: str, role: str = "member") -> None:
    employer = next(x["employer"] for x in people if x["id"] == p)
    memberships.append({"person": p, "group": g, "role": role, "represents": employer, **PROV})


def liaise(p: str, with_: str, model: str, frequency: float) -> None:
    liaison.append({"person": p, "with": with_, "model": model, "frequency": str(frequency),
                    **PROV})


def fund(source_: str, target: str, amount: int, year: int, mechanism: str, note: str,
         stated: str = "") -> None:
    """A budget line; every amount is invented. ``stated``: where the paper states the flow
    (blank: the paper does not, the whole line is illustrative)."""
    budgets.append({"source": source_, "target": target, "amount": str(amount),
                    "year": str(year), "mechanism": mechanism, "note": note,
                    "provenance": "illustrative",
                    "provenance_note": (f"the flow is the paper's ({stated}); the amount is "
                                        "invented") if stated else
                    "the paper states no such flow and no amount: illustrative"})


def practice(id_: str, name: str, area: str, part_of: str, n_gps: int,
             manager: bool = True) -> tuple[str, list[str], str | None]:
    agency(id_, name, "gp_practice", "primary_care", "practice", area, part_of,
           prov=None if id_ == "gp-lovemead" else ILLUSTRATIVE)
    gps = [person("gp", id_, prov=ILLUSTRATIVE) for _ in range(n_gps)]
    pm = person("practice_manager", id_, prov=ILLUSTRATIVE) if manager else None
    return id_, gps, pm


# ---------------------------------------------------------------------------
# Dartford and Gravesham, Kent: the joint commissioning manager's site
# ---------------------------------------------------------------------------

source("published", "Box 1, Dartford and Gravesham: main agencies and joint commissioning; "
       "Political process: the joint commissioning manager")
DG = "Dartford and Gravesham"
SITE["site"] = DG
ha_wk = agency("ha-west-kent", "West Kent Health Authority", "health_authority", "commissioner",
               "region", "West Kent")
hcpp = agency("hcpp-dartford-gravesham", "Dartford & Gravesham Health Care Partnerships Project",
              "other", "commissioner", "locality", DG, ha_wk)
ssd_kent = agency("ssd-kent", "Kent Social Services", "social_services", "social_care", "area",
                  "Kent")
thameslink = agency("trust-thameslink", "Thameslink Healthcare Services NHS Trust", "nhs_trust",
                    "secondary_care", "area", DG)
jcm = person("joint_commissioning_manager", ha_wk, post="joint commissioning manager",
             id_="kf-jcm")
dg_ha_director = person("commissioner", ha_wk, post="director of commissioning")
dg_ha_contracts = person("commissioner", ha_wk, post="contracts manager")
dg_hcpp_mgr = person("commissioner", hcpp, post="locality commissioning manager")
dg_ss_ad = person("manager", ssd_kent, post="assistant director (West Kent)")
dg_ss_area = person("manager", ssd_kent, post="area manager, Dartford and Gravesham")
dg_ss_locality = person("manager", ssd_kent, post="locality team manager")
dg_trust_exec = person("manager", thameslink, post="director of operations")
dg_trust_mh = person("manager", thameslink, post="mental health services manager")
dg_geriatrician = person("other", thameslink, post="hospital-based geriatrician")
dg_ot = person("other", ssd_kent, post="occupational therapist")
dg_trust_ot = person("other", thameslink, post="occupational therapist")

board = group("grp-dg-jc-board", "West Kent and Kent joint commissioning board",
              "commissioning_group", "region", "West Kent", ha_wk, stage="strategy")
for p, role in [(dg_ha_director, "chair"), (dg_ha_contracts, "member"), (dg_ss_ad, "member"),
                (dg_trust_exec, "member"), (jcm, "member")]:
    member(p, board, role)

dg_gps: list[str] = []
pilots = []
for i in range(1, 5):
    pid, gps, pm = practice(f"gp-dg-{i:02d}", f"{DG} practice {i:02d}", DG, hcpp,
                            2 if i <= 2 else 1)
    dg_gps += gps
    if i <= 2:  # the two Primary Care Pilot Sites (older people)
        dn = person("nurse", thameslink, sector="primary_care", post="district nurse")
        sw = person("social_worker", ssd_kent, post="care manager attached to the practice")
        pilot = group(f"grp-dg-pilot-{i:02d}", f"{DG} primary care pilot site {i:02d}",
                      "team", "practice", DG, pid, stage="structure", client_group="older_people")
        for p, role in [(gps[0], "chair"), (gps[1], "member"), (pm, "member"), (dn, "member"),
                        (sw, "member")]:
            member(p, pilot, role)
        if i == 1:
            # "invited to help with thinking about older people's needs": he took part
            member(dg_geriatrician, pilot, "member")
        pilots.append(pilot)
        liaise(jcm, pilot, "informal", 2)        # communications between practices ...
        liaise(jcm, gps[0], "informal", 2)

lpb = group("grp-dg-locality-purchasing-board", f"{DG} Locality Purchasing Board (mental health)",
            "locality_group", "locality", DG, hcpp, stage="priorities_agreed",
            client_group="mental_health")
for p, role in [(dg_hcpp_mgr, "chair"), (dg_gps[4], "member"), (dg_gps[5], "member"),
                (dg_ss_locality, "member"), (dg_trust_mh, "member"), (jcm, "member")]:
    member(p, lpb, role)
discharge = group("grp-dg-discharge-ot", f"{DG} hospital discharge and OT services group",
                  "subgroup", "locality", DG, lpb, stage="priorities_agreed",
                  client_group="older_people")
for p, role in [(dg_ss_locality, "chair"), (dg_ot, "member"), (dg_trust_ot, "member"),
                (dg_gps[5], "member")]:
    member(p, discharge, role)
liaise(jcm, dg_ss_area, "informal", 4)          # ... and authorities
liaise(jcm, dg_trust_mh, "informal", 2)
liaise(jcm, dg_hcpp_mgr, "informal", 4)
fund(ha_wk, lpb, 20000, 1997, "joint_finance", "small development fund; no mainstream budget")

# ---------------------------------------------------------------------------
# Dudley: GP chair of the Sedgley & Coseley GP Commissioning Group, and his practice's pilot
# ---------------------------------------------------------------------------

source("published", "Box 1, Dudley; Political process: the GP chairing the locality "
       "commissioning group and his practice's pilot; the health authority director of "
       "commissioning respected by senior GPs")
DU = "Dudley"
SITE["site"] = DU
ha_du = agency("ha-dudley", "Dudley Health Authority", "health_authority", "commissioner",
               "region", DU)
ssd_du = agency("ssd-dudley", "Dudley Social Services", "social_services", "social_care",
                "area", DU)
du_ha_dir = person("commissioner", ha_du, post="director of commissioning")
du_ha_dev = person("commissioner", ha_du, post="primary care development manager")
du_ss_mgr = person("manager", ssd_du, post="locality manager")
du_ss_planner = person("officer", ssd_du, post="planning officer")
du_gps: list[str] = []
du_pms: list[str] = []
for i in range(1, 5):
    _, gps, pm = practice(f"gp-du-{i:02d}", f"Sedgley and Coseley practice {i:02d}", DU, ha_du,
                          1 + (i == 1))
    du_gps += gps
    du_pms.append(pm or "")
gp_chair = du_gps[0]
next(x for x in people if x["id"] == gp_chair).update(PROV)  # the GP chair is the paper's
gpcg = group("grp-du-gpcg", "Sedgley & Coseley GP Commissioning Group", "gp_commissioning_group",
             "locality", DU, ha_du, stage="needs_assessment")
for p, role in [(gp_chair, "chair"), (du_gps[2], "member"), (du_gps[3], "member"),
                (du_gps[4], "member"), (du_ha_dir, "member"), (du_ha_dev, "member")]:
    member(p, gpcg, role)
lcg = group("grp-du-locality-pilot", "Sedgley & Coseley locality commissioning pilot",
            "locality_commissioning_pilot", "locality", DU, gpcg, stage="needs_assessment")
for p, role in [(gp_chair, "chair"), (du_ha_dev, "member"), (du_ss_mgr, "member"),
                (du_ss_planner, "member")]:
    member(p, lcg, role)
du_sw = person("social_worker", ssd_du, post="practice-attached social worker")
du_dn = person("nurse", ha_du, sector="primary_care", post="district nurse")
pilot = group("grp-du-practice-pilot", "Dudley practice joint working pilot", "team", "practice",
              DU, "gp-du-01", stage="structure", client_group="older_people")
for p, role in [(gp_chair, "chair"), (du_gps[1], "member"), (du_pms[0], "member"),
                (du_sw, "member"), (du_dn, "member")]:
    member(p, pilot, role)
standalone = group("grp-du-standalone-practice", "Dudley stand-alone practice pilot", "team",
                   "practice", DU, "gp-du-04", stage="structure", client_group="older_people")
for p, role in [(du_gps[4], "chair"), (du_pms[3], "member"), (du_sw, "member")]:
    member(p, standalone, role)
fund(ha_du, pilot, 8000, 1997, "grant", "dedicated support time for the practice pilot")

# ---------------------------------------------------------------------------
# Huyton: social services planning and development manager; alignment of staff groups
# ---------------------------------------------------------------------------

source("published", "Box 1, Huyton; Political process: the social services planning and "
       "development manager; Joint working: social worker and district nurse in Huyton")
HU = "Huyton"
SITE["site"] = HU
ha_shk = agency("ha-st-helens-knowsley", "St Helens & Knowsley Health Authority",
                "health_authority", "commissioner", "region", "St Helens and Knowsley")
ssd_kn = agency("ssd-knowsley", "Knowsley Social Services", "social_services", "social_care",
                "area", "Knowsley")
trust_ch = agency("trust-shk-community", "St Helens & Knowsley Community Health NHS Trust",
                  "nhs_trust", "secondary_care", "area", "St Helens and Knowsley")
trust_hosp = agency("trust-shk-hospitals", "St Helens & Knowsley Hospitals Trust", "nhs_trust",
                    "secondary_care", "area", "St Helens and Knowsley")
hu_pdm = person("manager", ssd_kn, post="planning and development manager")
hu_ha = person("commissioner", ha_shk, post="locality commissioner")
hu_trust_mh = person("manager", trust_ch, post="mental health services manager")
hu_cpn = person("cpn", trust_ch)
hu_hosp = person("manager", trust_hosp, post="discharge services manager")
hu_ss_mh = person("manager", ssd_kn, post="mental health team manager")
hu_gps: list[str] = []
for i in range(1, 5):
    _, gps, _pm = practice(f"gp-hu-{i:02d}", f"Huyton practice {i:02d}", HU, ha_shk, 1,
                           manager=i == 1)
    hu_gps += gps
forum = group("grp-hu-gp-forum", "Huyton GP Forum", "forum", "locality", HU, ha_shk)
for k, p in enumerate(hu_gps):
    member(p, forum, "chair" if k == 0 else "member")
collab = group("grp-hu-locality-collaboration", "Huyton Locality Collaboration (mental health)",
               "locality_group", "locality", HU, ha_shk, stage="needs_assessment",
               client_group="mental_health")
for p, role in [(hu_ha, "chair"), (hu_pdm, "member"), (hu_trust_mh, "member"), (hu_cpn, "member"),
                (hu_ss_mh, "member"), (hu_gps[0], "member")]:
    member(p, collab, role)
hu_dns = [person("nurse", trust_ch, sector="primary_care", post="district nurse")
          for _ in range(2)]
hu_sws = [person("social_worker", ssd_kn, post="aligned social worker") for _ in range(2)]
align = group("grp-hu-alignment", "Huyton Primary Care Alignment of Staff Groups (older people)",
              "team", "locality", HU, ha_shk, stage="needs_assessment", client_group="older_people")
for p, role in [(hu_pdm, "chair"), (hu_gps[1], "member"), (hu_gps[2], "member"), *[
        (p, "member") for p in hu_dns + hu_sws]]:
    member(p, align, role)
for sw, dn in zip(hu_sws, hu_dns, strict=True):  # social worker <-> district nurse
    liaise(sw, dn, "informal", 8)
liaise(hu_pdm, hu_hosp, "informal", 1)           # negotiating with trust colleagues
fund(ssd_kn, align, 400, 1998, "joint_finance", "share of the cost of a home bath",
     "Joint working: \"In one arrangement, the costs of a home bath were shared\"")
fund(trust_ch, align, 400, 1998, "joint_finance", "share of the cost of a home bath",
     "Joint working: \"In one arrangement, the costs of a home bath were shared\"")

# ---------------------------------------------------------------------------
# Sutton: GP practice pilots with a GP/social services agreement
# ---------------------------------------------------------------------------

source("published", "Box 1, Sutton; Joint working: the GP/social services agreement; "
       "Political process: the director of social services")
SU = "Sutton"
SITE["site"] = SU
ha_msw = agency("ha-msw", "Merton, Sutton & Wandsworth Health Authority", "health_authority",
                "commissioner", "region", "Merton, Sutton and Wandsworth")
ssd_su = agency("ssd-sutton", "Sutton Social Services", "social_services", "social_care",
                "area", SU)
tpp_su = agency("tpp-swl", "South West London Total Purchasing Project", "other",
                "primary_care", "locality", "South West London", ha_msw)
su_dss = person("manager", ssd_su, post="director of social services")
su_ha = person("commissioner", ha_msw, post="commissioning manager")
su_tpp = person("manager", tpp_su, post="project manager")
su_team_mgr = person("manager", ssd_su, post="older people's team manager")
for i in range(1, 3):
    pid, gps, pm = practice(f"gp-su-{i:02d}", f"Sutton practice {i:02d}", SU, tpp_su, 2)
    sw = person("social_worker", ssd_su, post="named social worker")
    pilot = group(f"grp-su-pilot-{i:02d}", f"Sutton GP practice pilot {i:02d}", "team",
                  "practice", SU, pid, stage="structure", client_group="older_people")
    for p, role in [(gps[0], "chair"), (gps[1], "member"), (pm, "member"), (sw, "member")]:
        member(p, pilot, role)
    for gp in gps:  # named social worker at known times (the GP/social services agreement)
        liaise(sw, gp, "liaison_attachment", 4)
    partnerships.append({"source": pid, "target": ssd_su, "spectrum": "2",
                         "function": "direct_care", "provenance": "inferred",
                         "provenance_note": "Joint working: the Sutton GP/social services "
                                            "agreement, read as dialogue (2)"})
steer = group("grp-su-steering", "Sutton primary care joint commissioning steering group",
              "planning_group", "area", SU, ssd_su, stage="structure")
for p, role in [(su_dss, "chair"), (su_ha, "member"), (su_tpp, "member"),
                (su_team_mgr, "member")]:
    member(p, steer, role)
liaise(su_dss, "grp-su-pilot-01", "informal", 1)   # spent time with his local teams

# ---------------------------------------------------------------------------
# Trowbridge: Lovemead integrated team, co-located social workers, the Locality Forum
# ---------------------------------------------------------------------------

source("published", "Box 1, Trowbridge; Service outcomes: the Lovemead practice and its "
       "district nurse; Engaging users and carers: only in Wiltshire; Decision-making: the "
       "housing department enlisted in Trowbridge")
TR = "Trowbridge"
SITE["site"] = TR
ha_wi = agency("ha-wiltshire", "Wiltshire Health Authority", "health_authority", "commissioner",
               "region", "Wiltshire")
ssd_wi = agency("ssd-wiltshire", "Wiltshire Social Services", "social_services", "social_care",
                "area", "Wiltshire")
tpp_tr = agency("tpp-trowbridge", "Trowbridge Total Purchasing Project", "other", "primary_care",
                "locality", TR, ha_wi)
alliance = agency("alliance-trowbridge", "Trowbridge Health and Social Care Alliance",
                  "voluntary_org", "voluntary", "locality", TR)
housing = agency("housing-west-wilts", "West Wiltshire District Council housing department",
                 "housing_org", "housing", "area", "West Wiltshire")
ucf = agency("ucf-wiltshire", "Wiltshire users and carers network", "user_carer_org",
             "user_carer", "area", "Wiltshire")
lovemead, lm_gps, lm_pm = practice("gp-lovemead", "Lovemead practice", TR, tpp_tr, 3)
_, tr2_gps, _ = practice("gp-tr-02", "Trowbridge practice 02", TR, tpp_tr, 2, manager=False)
lm_dn = person("nurse", ha_wi, sector="primary_care", post="district nurse (Lovemead)")
lm_sw = person("social_worker", ssd_wi, post="social worker based at Lovemead")
lm_cm = person("social_worker", ssd_wi, post="care manager based at Lovemead")
colocation.append({"person": lm_sw, "agency": lovemead, "days_per_week": "5", **PROV})
colocation.append({"person": lm_cm, "agency": lovemead, "days_per_week": "2", **PROV})
team = group("grp-tr-lovemead-team", "Lovemead Integrated Primary Care Team", "team", "practice",
             TR, lovemead, client_group="older_people")
for p, role in [(lm_gps[0], "chair"), (lm_gps[1], "member"), (lm_pm, "member"),
                (lm_dn, "member"), (lm_sw, "member"), (lm_cm, "member")]:
    member(p, team, role)
tr_ha = person("commissioner", ha_wi, post="locality commissioner")
tr_ss = person("manager", ssd_wi, post="West Wiltshire locality manager")
tr_tpp = person("manager", tpp_tr, post="total purchasing project manager")
tr_alliance = person("voluntary_rep", alliance, post="alliance co-ordinator")
tr_housing = person("officer", housing, post="housing officer")
tr_user = person("user_rep", ucf)
tr_carer = person("carer_rep", ucf)
lcf = group("grp-tr-locality-forum", "Trowbridge Locality Commissioning Forum", "locality_group",
            "locality", TR, tpp_tr, stage="needs_assessment", client_group="older_people")
for p, role in [(lm_gps[2], "chair"), (tr2_gps[0], "member"), (tr_ha, "member"),
                (tr_ss, "member"), (tr_tpp, "member"), (tr_alliance, "member"),
                (tr_housing, "member"), (tr_user, "member"), (tr_carer, "member")]:
    member(p, lcf, role)
fund(ssd_wi, lcf, 10000, 1997, "grant", "support for user and carer involvement")


# ---------------------------------------------------------------------------
# Write
# ---------------------------------------------------------------------------


def write(name: str, rows: list[dict[str, str]], columns: list[str]) -> None:
    with open(HERE / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        out.writeheader()
        for row in rows:
            out.writerow({c: row.get(c, "") for c in columns})


if __name__ == "__main__":
    write("agencies", agencies, ["id", "name", "kind", "sector", "level", "area", "part_of",
                                 "site", *PC])
    write("groups", groups, ["id", "name", "kind", "level", "area", "stage", "part_of",
                             "client_group", "site", *PC])
    write("people", people, ["id", "name", "role", "sector", "employer", "post", *PC])
    write("memberships", memberships, ["person", "group", "role", "represents", *PC])
    write("liaison", liaison, ["person", "with", "model", "frequency", *PC])
    write("colocation", colocation, ["person", "agency", "days_per_week", *PC])
    write("budgets", budgets, ["source", "target", "amount", "year", "mechanism", "note", *PC])
    write("partnerships", partnerships, ["source", "target", "spectrum", "function", *PC])
    for name, rows in [("agencies", agencies), ("groups", groups), ("people", people),
                       ("memberships", memberships), ("liaison", liaison),
                       ("colocation", colocation), ("budgets", budgets),
                       ("partnerships", partnerships)]:
        print(f"{name}: {len(rows)}")
