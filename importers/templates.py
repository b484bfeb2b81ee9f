"""Template CSVs for data collection: one per canonical input table.

Each template has the table's header (the schema's column names, in order)
and an example row built from each column's ``example``. The examples of the
relationship tables name a few ids (``p-002``, ``gp-lovemead``) that the node
tables' own example rows do not define, so those ids get a minimal row of
their own in ``agencies.csv`` / ``people.csv``: the folder imports cleanly as
it is written, and shows the analyst how the tables refer to each other.
"""

from __future__ import annotations

import csv
from pathlib import Path

from netan.graphdb.schema import AGENCY, GROUP, INPUT_TABLES, PERSON, SURVEY_TABLES, InputTable

#: The node table that defines ids of each label.
NODE_TABLE_OF: dict[str, str] = {AGENCY: "agencies", GROUP: "groups", PERSON: "people"}


def example_row(table: InputTable) -> dict[str, str]:
    """The table's example row: each column's ``example`` (blank when it has none)."""
    return {column.name: column.example for column in table.columns}


def _referenced_ids() -> dict[str, list[str]]:
    """Ids the example rows refer to that no node table's example row defines, per table."""
    defined = {example_row(INPUT_TABLES[name])["id"] for name in NODE_TABLE_OF.values()}
    missing: dict[str, list[str]] = {name: [] for name in NODE_TABLE_OF.values()}
    for table in INPUT_TABLES.values():
        if table.name in SURVEY_TABLES:
            continue
        for column in table.columns:
            value = column.example
            if not column.refers_to or not value or value in defined:
                continue
            label = column.refers_to[0]
            missing[NODE_TABLE_OF[label]].append(value)
            defined.add(value)
    return missing


def template_rows(name: str) -> list[dict[str, str]]:
    """The rows of the template for table ``name``: its example and any ids others need."""
    table = INPUT_TABLES[name]
    rows = [example_row(table)]
    for extra_id in _referenced_ids().get(name, []):
        row = dict.fromkeys(rows[0], "")
        row["id"] = extra_id
        row["name"] = f"Example {extra_id}"
        rows.append(row)
    return rows


def write_templates(folder: Path) -> list[Path]:
    """Write ``<table>.csv`` for every canonical input table into ``folder``; their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, table in INPUT_TABLES.items():
        if name in SURVEY_TABLES:  # written by ``netan init --survey`` (see .survey)
            continue
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[c.name for c in table.columns],
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(template_rows(name))
        written.append(path)
    return written
