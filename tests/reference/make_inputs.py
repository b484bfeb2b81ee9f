"""Write the published networks that networkx ships as netan's generic CSV form.

Run once (``python tests/reference/make_inputs.py``); the CSVs are committed and
read by ``make_reference.R`` (which computes the reference values with R's sna
and igraph) and by the tests (which import them with ``netan import``).

* ``karate/``: Zachary's (1977) karate club, undirected, ``club`` partition
  ("Mr. Hi" / "Officer") and ``weight`` (Zachary's interaction counts), as
  ``networkx.karate_club_graph()`` ships it (ids 1..34, Zachary's numbering).
* ``davis/``: Davis, Gardner & Gardner's (1941) Southern Women, two-mode:
  18 women present at 14 events (``networkx.davis_southern_women_graph()``),
  as people attending the meetings of one group.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

HERE = Path(__file__).parent


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def karate() -> None:
    G = nx.karate_club_graph()
    _write(HERE / "karate" / "nodes.csv", ["id", "name", "club"],
           [[v + 1, f"member {v + 1}", d["club"]] for v, d in G.nodes(data=True)])
    _write(HERE / "karate" / "edges.csv", ["source", "target", "weight"],
           [[u + 1, v + 1, d["weight"]] for u, v, d in G.edges(data=True)])


def davis() -> None:
    G = nx.davis_southern_women_graph()
    women = [v for v, d in G.nodes(data=True) if d["bipartite"] == 0]
    events = [v for v, d in G.nodes(data=True) if d["bipartite"] == 1]
    folder = HERE / "davis"
    _write(folder / "people.csv", ["id", "name"],
           [[f"w{i + 1:02d}", w] for i, w in enumerate(women)])
    _write(folder / "groups.csv", ["id", "name"], [["social-events", "Social events"]])
    code = {w: f"w{i + 1:02d}" for i, w in enumerate(women)}
    day = {e: f"1935-{i // 28 + 1:02d}-{i % 28 + 1:02d}" for i, e in enumerate(events)}
    _write(folder / "attendance.csv", ["person", "group", "date", "status"],
           [[code[w], "social-events", day[e], "present" if G.has_edge(w, e) else "absent"]
            for e in events for w in women])


if __name__ == "__main__":
    karate()
    davis()
