"""Build the 2011 wave of the (fictional) Wales partnership from its 1998 wave.

    python examples/wales-2011/build.py      # rewrites the CSVs beside this file

Reads ``examples/wales-1998`` and applies what the briefing *Commissioning mental health
services* (1 February 2011) describes: commissioning moves from the health authorities
(in England, the primary care trusts) to GP-led consortia and, for specialist services,
to the NHS Commissioning Board; the conditions it sets (partnerships between consortia
and the Board; outcomes agreed with local authorities, users and carers, employment,
housing and welfare agencies) are modelled as the bodies and seats they would need.
Every row carries ``provenance`` (published / inferred / illustrative) and a note; the
README maps each rule below to the briefing. Deterministic: same input, same output.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OLD = HERE.parent / "wales-1998"
BRIEFING = "Commissioning mental health services (briefing, 1 February 2011)"

PUBLISHED, INFERRED, ILLUSTRATIVE = "published", "inferred", "illustrative"
#: Where the CSVs are written (this folder; a test builds into a temporary one).
OUT = {"folder": HERE}
NOTES = {
    "consortia": f'{BRIEFING}, Background: "responsibility is to move to local GP '
                 'consortia (or the NHS Commissioning Board for more specialist services)"',
    "board": f"{BRIEFING}, Summary: the NHS Commissioning Board \"may be responsible for "
             'commissioning a range of specialist services"',
    "partnership": f"{BRIEFING}, Summary: condition 3, \"effective commissioning partnerships"
                   ' between local GP-led consortia and the NHS Commissioning Board"',
    "outcomes": f"{BRIEFING}, Summary: condition 5, outcomes designed with \"partners in local"
                ' authorities and employment, housing and welfare agencies"',
    "providers": f'{BRIEFING}, Background: "local mental health trusts dominate local '
                 'service provision"',
    "history": f"{BRIEFING}, Background: GP fundholding (1991-1997) and practice-based "
               "commissioning: the 1998 GP-led groups are the consortia's forerunners",
    "expertise": f'{BRIEFING}, Background: PCT mental health commissioners "doing it only as'
                 ' part of their job"; "how will GP consortia develop the skills"',
    "hwb": "the Health and Social Care Bill the briefing names (January 2011) gives each "
           "council a health and wellbeing board; the briefing itself does not name them",
    "continues": "continues from wales-1998: the briefing changes who commissions, not the "
                 "councils, providers or their staff",
    "pennant": "Pennant Uchaf has no group in 1998; put with Canol Teifryn, the health "
               "authority with fewest areas (arbitrary)",
    "made_up": "made up to complete the example (README)",
}


def read(name: str) -> list[dict[str, str]]:
    with (OLD / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(name: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    with (OUT["folder"] / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def tagged(row: dict[str, str], provenance: str, note: str) -> dict[str, str]:
    return {**row, "provenance": provenance, "provenance_note": NOTES[note]}


def slug(ha: str) -> str:
    return ha.removeprefix("ha-")


def build(out: Path = HERE) -> None:
    """Write the 2011 CSVs into ``out`` (default: this folder)."""
    OUT["folder"] = out
    agencies, groups = read("agencies"), read("groups")
    people, memberships = read("people"), read("memberships")
    by_id = {a["id"]: a for a in agencies} | {g["id"]: g for g in groups}

    def ha_of(node: str) -> str | None:
        seen = set()
        while node and node not in seen:
            seen.add(node)
            if by_id.get(node, {}).get("kind") == "health_authority":
                return node
            node = by_id.get(node, {}).get("part_of", "")
        return None

    has = [a["id"] for a in agencies if a["kind"] == "health_authority"]
    area_ha = {g["area"]: ha_of(g["id"]) for g in groups if ha_of(g["id"])}
    councils = [a for a in agencies if a["kind"] == "local_authority"]
    council_ha = {c["id"]: area_ha.get(c["area"], "ha-canol-teifryn") for c in councils}
    practice_ha = {a["id"]: council_ha[a["part_of"]] for a in agencies
                   if a["kind"] == "gp_practice"}
    ended_groups = {g["id"] for g in groups
                    if g["level"] in ("region", "locality") or g["part_of"] in by_id and
                    by_id[g["part_of"]].get("level") == "locality"}
    ha_staff = [p for p in people if p["employer"] in has]
    movers = {}  # the first mental health commissioner of each HA joins its consortium
    for person in sorted(ha_staff, key=lambda p: p["id"]):
        if person["role"] == "commissioner":
            movers.setdefault(person["employer"], person["id"])

    # -- agencies ---------------------------------------------------------------------
    rows = []
    for agency in agencies:
        if agency["kind"] == "health_authority":
            continue
        row = {k: agency[k] for k in ("id", "name", "kind", "sector", "level", "area")}
        if agency["kind"] == "gp_practice":
            row["part_of"] = f"gpc-{slug(practice_ha[agency['id']])}"
            rows.append(tagged(row, INFERRED, "consortia"))
        else:
            row["part_of"] = agency["part_of"]
            rows.append(tagged(row, PUBLISHED if agency["kind"] == "nhs_trust" else INFERRED,
                               "providers" if agency["kind"] == "nhs_trust" else "continues"))
    for ha in has:
        area = by_id[ha]["area"]
        rows.append(tagged({"id": f"gpc-{slug(ha)}", "name": f"{area} GP consortium",
                            "kind": "GP consortium", "sector": "commissioner", "level": "area",
                            "area": area, "start": "2011-02-01", "succeeds": ha},
                           PUBLISHED, "consortia"))
        rows.append(tagged({"id": f"jcp-{slug(ha)}", "name": f"{area} Jobcentre Plus district",
                            "kind": "Jobcentre Plus", "sector": "employment and welfare",
                            "level": "area", "area": area}, INFERRED, "outcomes"))
    rows.append(tagged({"id": "nhs-cb", "name": "NHS Commissioning Board",
                        "kind": "NHS Commissioning Board", "sector": "commissioner",
                        "level": "national", "start": "2011-02-01", "succeeds": ";".join(has)},
                       PUBLISHED, "board"))
    write("agencies", ["id", "name", "kind", "sector", "level", "area", "part_of", "start",
                       "succeeds", "provenance", "provenance_note"], rows)

    # -- groups -----------------------------------------------------------------------
    rows = []
    for group in groups:
        if group["id"] in ended_groups:
            continue
        row = {k: group[k] for k in ("id", "name", "kind", "level", "area", "part_of")}
        if group["level"] == "area":
            council = next(c["id"] for c in councils if c["area"] == group["area"])
            row["part_of"] = f"hwb-{council.removeprefix('la-')}"
        rows.append(tagged(row, INFERRED, "continues"))
    for ha in has:
        forerunners = [g["id"] for g in groups if g["id"] in ended_groups and g["level"]
                       and ha_of(g["id"]) == ha]
        rows.append(tagged({"id": f"grp-gpc-{slug(ha)}-board",
                            "name": f"{by_id[ha]['area']} GP consortium board",
                            "kind": "gp_commissioning_group", "level": "area",
                            "area": by_id[ha]["area"], "part_of": f"gpc-{slug(ha)}",
                            "succeeds": ";".join(forerunners)}, INFERRED, "history"))
    for council in councils:
        rows.append(tagged({"id": f"hwb-{council['id'].removeprefix('la-')}",
                            "name": f"{council['area']} health and wellbeing board",
                            "kind": "HWB", "level": "area", "area": council["area"],
                            "part_of": council["id"]}, INFERRED, "hwb"))
    write("groups", ["id", "name", "kind", "level", "area", "part_of", "succeeds",
                     "provenance", "provenance_note"], rows)

    # -- people -----------------------------------------------------------------------
    staying = {p["id"] for p in people if p["employer"] not in has} | set(movers.values())
    rows = []
    for person in people:
        if person["id"] not in staying:
            continue
        row = {k: person[k] for k in ("id", "name", "role", "sector", "employer")}
        if person["employer"] in has:
            row["employer"] = f"gpc-{slug(person['employer'])}"
            rows.append(tagged(row, INFERRED, "expertise"))
        else:
            rows.append(tagged(row, INFERRED, "continues"))
    councillors = {c["id"]: f"p-2011-cllr-{c['id'].removeprefix('la-')}" for c in councils}
    for council in councils:
        rows.append(tagged({"id": councillors[council["id"]],
                            "name": f"Councillor for {council['area']}", "role": "councillor",
                            "sector": "other", "employer": council["id"]}, ILLUSTRATIVE,
                           "made_up"))
    for ha in has:
        rows.append(tagged({"id": f"p-2011-jcp-{slug(ha)}",
                            "name": f"{by_id[ha]['area']} Jobcentre Plus partnership manager",
                            "role": "manager", "employer": f"jcp-{slug(ha)}"}, ILLUSTRATIVE,
                           "made_up"))
    rows.append(tagged({"id": "p-2011-ncb", "name": "Specialised commissioning manager",
                        "role": "commissioner", "employer": "nhs-cb"}, ILLUSTRATIVE, "made_up"))
    write("people", ["id", "name", "role", "sector", "employer", "provenance",
                     "provenance_note"], rows)

    # -- memberships ------------------------------------------------------------------
    rows = []
    for membership in memberships:
        if membership["person"] in staying and membership["group"] not in ended_groups:
            row = {k: membership[k] for k in ("person", "group", "role", "represents")}
            if row["represents"] in has:
                row["represents"] = f"gpc-{slug(row['represents'])}"
            rows.append(tagged(row, INFERRED, "continues"))
    gps = defaultdict(list)
    for person in people:
        if person["role"] == "gp":
            gps[practice_ha[person["employer"]]].append(person["id"])
    region_gp = {ha_of(m["group"]): m["person"] for m in memberships
                 if by_id[m["group"]].get("level") == "region"
                 and m["person"] in {p for ps in gps.values() for p in ps}}
    for ha in has:
        board, chair = f"grp-gpc-{slug(ha)}-board", region_gp.get(ha, sorted(gps[ha])[0])
        for gp in sorted(gps[ha]):
            rows.append(tagged({"person": gp, "group": board,
                                "role": "chair" if gp == chair else "member",
                                "represents": f"gpc-{slug(ha)}"}, INFERRED, "consortia"))
        rows.append(tagged({"person": movers[ha], "group": board, "role": "member",
                            "represents": f"gpc-{slug(ha)}"}, INFERRED, "expertise"))
    social = {p["employer"]: p["id"] for p in sorted(people, key=lambda p: p["id"])
              if p["role"] == "commissioner" and p["employer"].startswith("ssd-")}
    for council in councils:
        ha, name = council_ha[council["id"]], council["id"].removeprefix("la-")
        hwb = f"hwb-{name}"
        seats = [(councillors[council["id"]], "chair", council["id"]),
                 (social.get(f"ssd-{name}"), "member", f"ssd-{name}"),
                 (region_gp.get(ha, sorted(gps[ha])[0]), "member", f"gpc-{slug(ha)}"),
                 (f"p-2011-jcp-{slug(ha)}", "co-opted", f"jcp-{slug(ha)}")]
        for person, role, represents in seats:
            if person:
                rows.append(tagged({"person": person, "group": hwb, "role": role,
                                    "represents": represents}, INFERRED, "hwb"))
    write("memberships", ["person", "group", "role", "represents", "provenance",
                          "provenance_note"], rows)

    # -- money and partnerships -------------------------------------------------------
    rows = [tagged({"source": "nhs-cb", "target": f"gpc-{slug(ha)}", "amount": "40000000",
                    "year": "2011", "mechanism": "delegated"}, ILLUSTRATIVE, "made_up")
            for ha in has]
    rows += [tagged({"source": f"gpc-{slug(ha)}", "target": f"trust-{slug(ha)}-community",
                     "amount": "25000000", "year": "2011", "mechanism": "contract"},
                    ILLUSTRATIVE, "made_up") for ha in has]
    rows += [tagged({"source": "nhs-cb", "target": f"trust-{slug(ha)}-hospitals",
                     "amount": "6000000", "year": "2011", "mechanism": "contract"},
                    ILLUSTRATIVE, "made_up") for ha in has]
    write("budgets", ["source", "target", "amount", "year", "mechanism", "provenance",
                      "provenance_note"], rows)
    rows = [tagged({"source": f"gpc-{slug(ha)}", "target": "nhs-cb", "spectrum": "dialogue",
                    "function": "strategic_planning"}, INFERRED, "partnership") for ha in has]
    write("partnerships", ["source", "target", "spectrum", "function", "provenance",
                           "provenance_note"], rows)


if __name__ == "__main__":
    build()
