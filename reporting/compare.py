"""The comparison of two observations as a report document (``netan compare``).

:func:`compare_document` arranges :func:`netan.queries.compare.compare`'s rows
in the same shape as the partnership report (``title``, ``headlines``,
``sections`` of ``tables``), so the report's HTML, Markdown, JSON and CSV
renderers write it unchanged. Every headline states the numbers it rests on,
and every whole-network change its test and p-value.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from netan.queries.permutation import STATISTICS
from netan.reporting.report import plain, table

#: Below this p a change is called "more than noise" in the headlines.
ALPHA = 0.05
MEASURE_NAMES = {"density": "Density", "ei_index": "E-I index",
                 "degree_centralisation": "Degree centralisation"}


def _names(rows: list[dict[str, Any]], limit: int = 5) -> str:
    shown = [str(r.get("name") or r.get("id")) for r in rows[:limit]]
    more = len(rows) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _p(p: float | None) -> str:
    if p is None:
        return "no test"
    return "p < 0.001" if p < 0.001 else f"p = {p:.2g}"


def _verdict(p: float | None) -> str:
    if p is None:
        return ""
    return "more than noise" if p < ALPHA else "could be noise"


def compare_headlines(result: dict[str, Any], before: str, after: str) -> list[str]:
    """The comparison in plain English, with the numbers each line rests on."""
    lines = [f"Comparing {before} (before) with {after} (after)."]
    iso = result["isolated_gps"]
    stopped = [r for r in iso if r["change"] == "no longer isolated"]
    became = [r for r in iso if r["change"] in ("became isolated", "new GP, isolated")]
    n_before = sum(bool(r["reasons_before"]) for r in iso)
    n_after = sum(bool(r["reasons_after"]) for r in iso)
    line = (f"{n_before} of {result['gps']['before']} GPs were on the periphery before and "
            f"{n_after} of {result['gps']['after']} after")
    if stopped:
        line += f"; {len(stopped)} stopped being isolated ({_names(stopped)})"
    if became:
        line += f"; {len(became)} became isolated ({_names(became)})"
    lines.append(line + ".")
    registers = result["registers"]
    if bool(registers["before"]) != bool(registers["after"]):
        has, lacks = ("before", "after") if registers["before"] else ("after", "before")
        lines.append(f"Caution: attendance registers {has} ({registers[has]} meetings) but "
                     f"none {lacks}, so not attending can be seen {has} only; part of the "
                     "change in isolated GPs may be this difference in the data.")
    units = result["vertical_links"]
    gained = sum(len(r["gained"]) for r in units)
    lost = sum(len(r["lost"]) for r in units)
    cut = [r for r in units if r["status_after"] == "disconnected"
           and r["status_before"] != "disconnected"]
    if units:
        line = (f"Vertical links: {gained} gained and {lost} lost across {len(units)} "
                f"unit{'s' if len(units) != 1 else ''}")
        if cut:
            line += (f"; {len(cut)} (or their successors) now have no one linking them up: "
                     f"{_names(cut)}")
        lines.append(line + ".")
    else:
        lines.append("Vertical links: no unit gained or lost a person linking it one level "
                     "up.")
    brokers = result["brokers"]
    entered = [r for r in brokers if r["change"] == "entered the top"]
    left = [r for r in brokers if r["change"] in ("left the top", "left the network")]
    if entered or left:
        lines.append(f"Top brokers: {len(entered)} entered ({_names(entered) or 'none'}), "
                     f"{len(left)} left ({_names(left) or 'none'}).")
    rep = [r for r in result["representation"] if r["status"] == "matched"]
    joined = Counter(s for r in rep for s in r["attenders_gained"])
    dropped = Counter(s for r in rep for s in r["attenders_lost"])
    if joined or dropped:
        parts = [f"{s.replace('_', ' ')} joined the attenders of {n} group{'s' * (n != 1)}"
                 for s, n in sorted(joined.items())]
        parts += [f"{s.replace('_', ' ')} left those of {n}" for s, n in sorted(dropped.items())]
        lines.append("Representation in groups present both times: " + "; ".join(parts) + ".")
    new = [r for r in result["representation"] if r["status"] == "new"]
    if new:
        sectors = Counter(s for r in new for s in r["members_gained"])
        lines.append(f"{len(new)} new group{'s' * (len(new) != 1)}, with members from "
                     + ", ".join(f"{s.replace('_', ' ')} ({n})"
                                 for s, n in sorted(sectors.items())) + ".")
    money = [r for r in result["money"] if r["change"]]
    if money:
        lines.append("Money by mechanism: " + "; ".join(
            f"{r['mechanism'].replace('_', ' ')} {r['amount_before']:,.0f} -> "
            f"{r['amount_after']:,.0f}" for r in money) + ".")
    ties = result["relationships"]
    if ties:
        by_type = Counter((r["type"], r["change"]) for r in ties)
        kinds = sorted({t for t, _ in by_type})
        lines.append("Relationships: " + "; ".join(
            f"{kind} +{by_type[(kind, 'gained')]} -{by_type[(kind, 'lost')]}"
            for kind in kinds) + ".")
    who = result["who"]
    succeeded = [r for r in who if r["change"] in ("succeeded", "was the successor")]
    if succeeded:
        lines.append("Succeeded: " + "; ".join(
            f"{r['name']} by {r['now_name']}" if r["change"] == "succeeded"
            else f"{r['now_name']} by {r['name']}" for r in succeeded[:5])
            + (f" and {len(succeeded) - 5} more" if len(succeeded) > 5 else "") + ".")
    unmatched = [r for r in who if r not in succeeded]
    if unmatched:
        by_change = Counter(r["change"] for r in unmatched)
        lines.append("Not matched: " + ", ".join(f"{n} {c.split(' ')[0]}"
                                                 for c, n in sorted(by_change.items()))
                     + " (by id or successor); see the table of who changed.")
    network = result["network"]
    for test in network["tests"]:
        if test["before"] is None or test["after"] is None:
            continue
        lines.append(f"{MEASURE_NAMES[test['measure']]} of the person network "
                     f"{test['before']:.2g} -> {test['after']:.2g} among the "
                     f"{network['common_people']} people present both times "
                     f"({test['method']}, {test['changed_pairs']} pairs changed, "
                     f"{_p(test['p_value'])}: {_verdict(test['p_value'])}).")
    qap = network["qap"]
    if qap["statistic"] is not None:
        p = (f"< 1/{qap['draws']}" if qap["pgreq"] == 0 and not qap["exact"]
             else f"= {qap['pgreq']:.2g}")
        lines.append(f"The two person networks correlate at r = {qap['statistic']:.2f} (QAP, "
                     f"{qap['draws']} relabellings{', exact' if qap['exact'] else ''}: "
                     f"P(r* >= r) {p}).")
    return lines


def compare_document(result: dict[str, Any], before: str, after: str,
                     parameters: dict[str, Any]) -> dict[str, Any]:
    """The comparison as a report document (see the module docstring)."""
    network = result["network"]
    tests = [{"measure": t["measure"], "before": t["before"], "after": t["after"],
              "change": t["change"], "p_value": t["p_value"], "test": t["method"],
              "changed_pairs": t["changed_pairs"], "draws": t["draws"], "seed": t["seed"]}
             for t in network["tests"]]
    qap = network["qap"]
    sections = [
        {"id": "who", "title": "Who changed", "summary": result["matching"],
         "tables": [table("compare_who", "Organisations, groups and people succeeded, left "
                          "or appeared (matched by id, then SUCCEEDED_BY)", result["who"],
                          ["id", "label", "name", "change", "now", "now_name"])],
         "charts": []},
        {"id": "isolated_gps", "title": "Isolated GPs", "summary": {
            **result["gps"], "register_meetings_before": result["registers"]["before"],
            "register_meetings_after": result["registers"]["after"]},
         "tables": [table("compare_isolated_gps", "GPs who became, stopped being or stayed "
                          "isolated", result["isolated_gps"],
                          ["id", "name", "change", "reasons_before", "reasons_after",
                           "why_before", "why_after"])],
         "charts": []},
        {"id": "vertical_links", "title": "Vertical links", "summary": {},
         "tables": [table("compare_vertical_links", "Units whose links one level up changed",
                          result["vertical_links"],
                          ["unit", "name", "now", "level", "next_level", "next_level_after",
                           "links_before", "links_after", "status_before", "status_after",
                           "gained", "lost"])],
         "charts": []},
        {"id": "brokers", "title": "Brokers", "summary": {},
         "tables": [table("compare_brokers", "Top brokers before and after, and the what-if "
                          "(pairs in different groups cut off if they left)", result["brokers"],
                          ["id", "name", "change", "rank_before", "rank_after",
                           "brokerage_before", "brokerage_after", "pairs_cut_before",
                           "pairs_cut_after"])],
         "charts": []},
        {"id": "representation", "title": "Representation", "summary": {},
         "tables": [table("compare_representation", "Sectors gained and lost per group",
                          result["representation"],
                          ["group", "name", "status", "now", "level", "members_gained",
                           "members_lost",
                           "attenders_gained", "attenders_lost", "missing_core_after"])],
         "charts": []},
        {"id": "money", "title": "Money", "summary": {},
         "tables": [table("compare_money", "Money by funding mechanism", result["money"],
                          ["mechanism", "amount_before", "amount_after", "change",
                           "lines_before", "lines_after", "share_before", "share_after"])],
         "charts": []},
        {"id": "relationships", "title": "Relationships", "summary": {},
         "tables": [table("compare_relationships", "Relationships gained and lost",
                          result["relationships"],
                          ["change", "type", "source", "source_name", "target",
                           "target_name"]),
                    table("compare_attendance", "Attendance rates that changed",
                          result["attendance"],
                          ["person", "name", "group", "group_name", "attended_before",
                           "held_before", "rate_before", "attended_after", "held_after",
                           "rate_after"])],
         "charts": []},
        {"id": "network", "title": "The whole network",
         "summary": {k: v for k, v in network.items() if k not in ("tests", "qap")},
         "tables": [table("compare_network", "Whole-network measures of the person network "
                          "(people present both times) and their change tests", tests,
                          ["measure", "before", "after", "change", "p_value", "test",
                           "changed_pairs", "draws", "seed"],
                          description="Dyad swap: each changed pair's before and after "
                          "values swapped at random; p is the share of swaps with a change "
                          "at least as large (two-sided). Measures: "
                          + ", ".join(MEASURE_NAMES[m] for m in STATISTICS) + "."),
                    table("compare_qap", "QAP correlation of the two person networks",
                          [{"r": qap["statistic"], "p_greater_or_equal": qap["pgreq"],
                            "p_less_or_equal": qap["pleeq"], "relabellings": qap["draws"],
                            "exact": qap["exact"], "seed": qap["seed"]}])],
         "charts": []},
    ]
    return plain({"title": f"netan comparison: {before} -> {after}",
                  "parameters": parameters,
                  "headlines": compare_headlines(result, before, after),
                  "sections": sections})
