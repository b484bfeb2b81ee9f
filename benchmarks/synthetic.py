"""A national-scale synthetic partnership in the canonical form, for benchmarks.

``generate(folder, n_nodes=100_000, n_relationships=1_000_000, seed=0)`` writes
``agencies.csv``, ``groups.csv``, ``people.csv``, ``memberships.csv``,
``attendance.csv`` (a meeting register), ``liaison.csv``, ``colocation.csv``,
``budgets.csv`` and ``partnerships.csv`` into ``folder``. The mix follows an
English health and care system: about 10 % of nodes are agencies (GP practices,
primary care networks, local authorities with their social services, NHS
trusts, regional commissioners, voluntary and housing organisations), 5 % are
groups (practice, locality, area and region level, each part of a group one
level up), 40 % are their meetings (``MEETINGS_PER_GROUP`` each, from the
register) and the rest are people employed by those agencies in roles that fit
them. Groups have about 16 members (Poisson), as the seed papers' planning and
commissioning groups do; the register lists every member at every meeting.
Relationships (counting ``EMPLOYED_BY``, ``PART_OF``, ``HELD_BY`` and the
aggregated ``ATTENDS``, which the importer derives) total about
``n_relationships``: about 90 % of them are the groups' memberships, register
rows and attendance, the rest liaison, co-location, budgets and partnerships.
Everything is vectorised numpy; the same seed writes the same files.

Run ``python benchmarks/synthetic.py OUT [--nodes N] [--relationships M]
[--seed S] [--measure]``; ``--measure`` also times ``load_import`` on the
folder and prints its peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from netan.graphdb.schema import (
    FUNDING_MECHANISM,
    LIAISON_MODEL,
    PARTNERSHIP_FUNCTION,
)

#: Share of the agencies of each kind: (kind, sector, level, share).
AGENCY_MIX: tuple[tuple[str, str, str, float], ...] = (
    ("gp_practice", "primary_care", "practice", 0.62),
    ("primary_care_network", "primary_care", "locality", 0.12),
    ("local_authority", "other", "area", 0.015),
    ("social_services", "social_care", "area", 0.015),
    ("nhs_trust", "secondary_care", "area", 0.025),
    ("health_board", "commissioner", "region", 0.005),
    ("voluntary_org", "voluntary", "area", 0.15),
    ("user_carer_org", "user_carer", "area", 0.02),
    ("housing_org", "housing", "area", 0.03),
    ("cmht", "secondary_care", "locality", 0.02),
)

#: Roles of the people each kind of agency employs, with probabilities.
ROLES: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "gp_practice": (("gp", "practice_manager", "practice_nurse", "link_worker"),
                    (0.55, 0.15, 0.25, 0.05)),
    "primary_care_network": (("manager", "link_worker", "gp"), (0.4, 0.4, 0.2)),
    "local_authority": (("officer", "manager", "commissioner"), (0.5, 0.3, 0.2)),
    "social_services": (("social_worker", "manager", "joint_commissioning_manager"),
                        (0.75, 0.2, 0.05)),
    "nhs_trust": (("cpn", "psychiatrist", "psychologist", "nurse", "manager"),
                  (0.3, 0.15, 0.1, 0.3, 0.15)),
    "health_board": (("commissioner", "joint_commissioning_manager", "manager"),
                     (0.6, 0.1, 0.3)),
    "voluntary_org": (("voluntary_rep", "manager", "officer"), (0.6, 0.2, 0.2)),
    "user_carer_org": (("user_rep", "carer_rep"), (0.5, 0.5)),
    "housing_org": (("officer", "manager"), (0.7, 0.3)),
    "cmht": (("cpn", "social_worker", "psychiatrist", "manager"), (0.4, 0.3, 0.2, 0.1)),
}

#: Groups per level: (level, kind, share).
GROUP_MIX: tuple[tuple[str, str, float], ...] = (
    ("practice", "team", 0.40),
    ("locality", "locality_group", 0.35),
    ("area", "planning_group", 0.20),
    ("region", "commissioning_group", 0.05),
)

#: Meetings in each group's register (a year of six-weekly meetings).
MEETINGS_PER_GROUP = 8
#: Share of the relationships left after EMPLOYED_BY, PART_OF and HELD_BY that
#: the groups take (memberships, register rows, the aggregated ATTENDS). With the
#: default sizes this gives groups of about 16 members, as the seed papers describe
#: (planning groups of 8-25), not the 70 a uniform split would give.
GROUP_SHARE = 0.90
#: Share of the rest, per table.
RELATIONSHIP_MIX: dict[str, float] = {
    "liaison": 0.60, "colocation": 0.10, "budgets": 0.20, "partnerships": 0.10,
}

STAGES = ("structure", "needs_assessment", "resources_identified", "strategy", "plan",
          "priorities_agreed", "service_purchased", "service_evaluated")


def _ids(prefix: str, n: int) -> np.ndarray:
    width = max(6, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(n)], dtype=object)


def _split(total: int, shares: list[float]) -> np.ndarray:
    """``total`` split by ``shares``, each part at least 1, summing to ``total``."""
    parts = np.maximum(1, np.floor(np.asarray(shares) / sum(shares) * total)).astype(int)
    parts[0] += total - parts.sum()
    return parts


def _dates(rng: np.random.Generator, n: int, start: str = "2023-01-01",
           days: int = 365) -> np.ndarray:
    base = np.datetime64(start, "D")
    return (base + rng.integers(0, days, n).astype("timedelta64[D]")).astype(str).astype(object)


def _pick_other(rng: np.random.Generator, source: np.ndarray, n_targets: int) -> np.ndarray:
    """Random target indices in ``range(n_targets)`` that differ from ``source``."""
    target = rng.integers(0, n_targets, len(source))
    clash = target == source
    target[clash] = (target[clash] + 1) % n_targets
    return target


def _unique_pairs(rng: np.random.Generator, n: int, n_a: int, n_b: int,
                  weights_a: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """About ``n`` distinct (a, b) index pairs."""
    draw = int(n * 1.1) + 10
    a = rng.choice(n_a, draw, p=weights_a) if weights_a is not None else rng.integers(0, n_a, draw)
    b = rng.integers(0, n_b, draw)
    codes = np.unique(a.astype(np.int64) * n_b + b)
    codes = rng.permutation(codes)[:n]
    return codes // n_b, codes % n_b


def _write(folder: Path, name: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{name}.csv", index=False)


def generate(folder: Path | str, n_nodes: int = 100_000, n_relationships: int = 1_000_000,
             seed: int = 0) -> dict[str, int]:
    """Write the synthetic canonical folder; rows written per table."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n_agencies = max(len(AGENCY_MIX), round(n_nodes * 0.10))
    n_groups = max(len(GROUP_MIX), round(n_nodes * 0.05))
    n_meetings = n_groups * MEETINGS_PER_GROUP
    n_people = max(2, n_nodes - n_agencies - n_groups - n_meetings)

    # -- agencies ------------------------------------------------------------------
    counts = _split(n_agencies, [m[3] for m in AGENCY_MIX])
    kind = np.repeat(np.array([m[0] for m in AGENCY_MIX], dtype=object), counts)
    sector = np.repeat(np.array([m[1] for m in AGENCY_MIX], dtype=object), counts)
    level = np.repeat(np.array([m[2] for m in AGENCY_MIX], dtype=object), counts)
    agency_id = _ids("ag-", n_agencies)
    starts = dict(zip([m[0] for m in AGENCY_MIX], np.cumsum(counts) - counts, strict=True))
    sizes = dict(zip([m[0] for m in AGENCY_MIX], counts, strict=True))

    def of_kind(k: str, n: int) -> np.ndarray:
        return starts[k] + rng.integers(0, sizes[k], n)

    n_areas = sizes["local_authority"]
    area = np.array([f"Area {i}" for i in range(n_areas)], dtype=object)[
        rng.integers(0, n_areas, n_agencies)]
    part_of = np.full(n_agencies, None, dtype=object)
    practices = np.arange(starts["gp_practice"], starts["gp_practice"] + sizes["gp_practice"])
    part_of[practices] = agency_id[of_kind("primary_care_network", len(practices))]
    pcns = np.arange(starts["primary_care_network"],
                     starts["primary_care_network"] + sizes["primary_care_network"])
    part_of[pcns] = agency_id[of_kind("health_board", len(pcns))]
    ssd = np.arange(starts["social_services"], starts["social_services"] + sizes["social_services"])
    part_of[ssd] = agency_id[starts["local_authority"] + np.arange(len(ssd)) % n_areas]
    agencies = pd.DataFrame({"id": agency_id, "name": [f"Agency {i}" for i in range(n_agencies)],
                             "kind": kind, "sector": sector, "level": level, "area": area,
                             "part_of": part_of})

    # -- groups --------------------------------------------------------------------
    gcounts = _split(n_groups, [m[2] for m in GROUP_MIX])
    group_level = np.repeat(np.array([m[0] for m in GROUP_MIX], dtype=object), gcounts)
    group_kind = np.repeat(np.array([m[1] for m in GROUP_MIX], dtype=object), gcounts)
    group_id = _ids("grp-", n_groups)
    gstart = np.cumsum(gcounts) - gcounts
    group_parent = np.full(n_groups, None, dtype=object)
    for i in range(len(GROUP_MIX) - 1):  # each level part of a group one level up
        rows = np.arange(gstart[i], gstart[i] + gcounts[i])
        group_parent[rows] = group_id[gstart[i + 1] + rng.integers(0, gcounts[i + 1], len(rows))]
    top = np.arange(gstart[-1], gstart[-1] + gcounts[-1])
    group_parent[top] = agency_id[of_kind("health_board", len(top))]
    stage = np.array((None, *STAGES), dtype=object)[rng.integers(0, len(STAGES) + 1, n_groups)]
    groups = pd.DataFrame({"id": group_id, "name": [f"Group {i}" for i in range(n_groups)],
                           "kind": group_kind, "level": group_level,
                           "area": area[rng.integers(0, n_agencies, n_groups)],
                           "stage": stage, "part_of": group_parent})

    # -- people --------------------------------------------------------------------
    employer_weight = np.where(kind == "gp_practice", 3.0, 1.0)
    employer_weight[kind == "nhs_trust"] = 40.0
    employer_weight[kind == "social_services"] = 30.0
    employer_weight /= employer_weight.sum()
    employer = rng.choice(n_agencies, n_people, p=employer_weight)
    role = np.empty(n_people, dtype=object)
    for k, (names, probs) in ROLES.items():
        mask = kind[employer] == k
        role[mask] = np.array(names, dtype=object)[rng.choice(len(names), int(mask.sum()),
                                                              p=probs)]
    person_id = _ids("p-", n_people)
    people = pd.DataFrame({"id": person_id, "name": [f"Person {i}" for i in range(n_people)],
                           "role": role, "sector": None, "employer": agency_id[employer]})

    # -- relationships ---------------------------------------------------------------
    implied = (n_people + int(pd.notna(part_of).sum()) + int(pd.notna(group_parent).sum())
               + n_meetings)  # EMPLOYED_BY, PART_OF and HELD_BY
    left = max(0, n_relationships - implied)
    # Each membership brings a register row per meeting of its group plus the
    # aggregated ATTENDS: (MEETINGS_PER_GROUP + 2) relationships.
    n_mem = max(1, int(GROUP_SHARE * left) // (MEETINGS_PER_GROUP + 2))
    share = {k: int(v * (left - n_mem * (MEETINGS_PER_GROUP + 2)))
             for k, v in RELATIONSHIP_MIX.items()}
    activity = rng.gamma(2.0, 1.0, n_people)
    activity /= activity.sum()
    mp, mg = _unique_pairs(rng, n_mem, n_people, n_groups, activity)
    n_mem = len(mp)
    member_role = np.array(["chair", "vice_chair", "member", "invited", "observer"],
                           dtype=object)[rng.choice(5, n_mem, p=[0.03, 0.02, 0.83, 0.09, 0.03])]
    memberships = pd.DataFrame({"person": person_id[mp], "group": group_id[mg],
                                "role": member_role, "represents": agency_id[employer[mp]]})

    # A register: every member at every meeting of the group, present with a
    # personal keenness (invited members mostly never come), else apologies/absent.
    keenness = np.where(member_role == "invited", rng.beta(0.3, 3.0, n_mem),
                        rng.beta(2.0, 1.2, n_mem))
    first = np.datetime64("2023-01-01", "D") + rng.integers(0, 40, n_groups).astype(
        "timedelta64[D]")
    meeting_dates = (first[:, None] + (np.arange(MEETINGS_PER_GROUP) * 45).astype(
        "timedelta64[D]")).astype(str).astype(object)
    row_member = np.repeat(np.arange(n_mem), MEETINGS_PER_GROUP)
    row_meeting = np.tile(np.arange(MEETINGS_PER_GROUP), n_mem)
    present = rng.random(len(row_member)) < keenness[row_member]
    status = np.where(present, "present",
                      np.where(rng.random(len(row_member)) < 0.6, "apologies", "absent"))
    attendance = pd.DataFrame({"person": person_id[mp[row_member]],
                               "group": group_id[mg[row_member]],
                               "date": meeting_dates[mg[row_member], row_meeting],
                               "status": status.astype(object)})

    n_li = share["liaison"]
    li_source = rng.integers(0, n_people, n_li)
    target_kind = rng.choice(3, n_li, p=[0.6, 0.3, 0.1])
    li_target = np.empty(n_li, dtype=object)
    to_person = target_kind == 0
    li_target[to_person] = person_id[_pick_other(rng, li_source[to_person], n_people)]
    li_target[target_kind == 1] = agency_id[rng.integers(0, n_agencies,
                                                         int((target_kind == 1).sum()))]
    li_target[target_kind == 2] = group_id[rng.integers(0, n_groups,
                                                        int((target_kind == 2).sum()))]
    liaison = pd.DataFrame({
        "person": person_id[li_source], "with": li_target,
        "model": np.array(LIAISON_MODEL.values, dtype=object)[
            rng.integers(0, len(LIAISON_MODEL.values), n_li)],
        "frequency": rng.integers(1, 21, n_li)})

    n_co = share["colocation"]
    co_person = rng.integers(0, n_people, n_co)
    colocation = pd.DataFrame({"person": person_id[co_person],
                               "agency": agency_id[of_kind("gp_practice", n_co)],
                               "days_per_week": rng.integers(1, 11, n_co) / 2})

    n_bu = share["budgets"]
    funders = np.concatenate([np.arange(starts[k], starts[k] + sizes[k])
                              for k in ("health_board", "local_authority")])
    bu_source = funders[rng.integers(0, len(funders), n_bu)]
    to_group = rng.random(n_bu) < 0.4
    bu_target = np.empty(n_bu, dtype=object)
    bu_target[to_group] = group_id[rng.integers(0, n_groups, int(to_group.sum()))]
    bu_target[~to_group] = agency_id[_pick_other(rng, bu_source[~to_group], n_agencies)]
    budgets = pd.DataFrame({
        "source": agency_id[bu_source], "target": bu_target,
        "amount": np.round(rng.lognormal(11.0, 1.2, n_bu), 2),
        "year": rng.integers(2019, 2025, n_bu),
        "mechanism": np.array(FUNDING_MECHANISM.values, dtype=object)[
            rng.integers(0, len(FUNDING_MECHANISM.values), n_bu)]})

    n_pa = share["partnerships"]
    pa_source = rng.integers(0, n_agencies, n_pa)
    partnerships = pd.DataFrame({
        "source": agency_id[pa_source],
        "target": agency_id[_pick_other(rng, pa_source, n_agencies)],
        "spectrum": rng.integers(1, 9, n_pa),
        "function": np.array(PARTNERSHIP_FUNCTION.values, dtype=object)[
            rng.integers(0, len(PARTNERSHIP_FUNCTION.values), n_pa)]})

    tables = {"agencies": agencies, "groups": groups, "people": people,
              "memberships": memberships, "attendance": attendance, "liaison": liaison,
              "colocation": colocation, "budgets": budgets, "partnerships": partnerships}
    for name, frame in tables.items():
        _write(folder, name, frame)
    return {name: len(frame) for name, frame in tables.items()}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--measure", action="store_true",
                        help="also time load_import on the folder and report peak memory")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = generate(args.folder, args.nodes, args.relationships, args.seed)
    print(f"generated {sum(rows.values()):,} rows in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    if args.measure:
        from netan.importers import load_import

        started = time.perf_counter()
        result = load_import(args.folder)
        elapsed = time.perf_counter() - started
        errors = [p for p in result.problems if p.severity == "error"]
        print(f"load_import: {elapsed:.1f} s, {len(errors)} errors, "
              f"peak RSS {peak_rss_mb():.0f} MB")
        for problem in errors[:10]:
            print(f"  {problem}")
        if result.data is not None:
            print(f"nodes {sum(result.data.node_counts().values()):,}, relationships "
                  f"{sum(result.data.relationship_counts().values()):,}")
        return 1 if errors else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
