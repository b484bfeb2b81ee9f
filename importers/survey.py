"""Roster surveys: who was asked (``roster``) and what they answered (``survey``).

A roster survey shows each member of a partnership the list of its
organisations (or people) and asks them to rate each one: how often they work
together, how closely (the Levels of Collaboration scale of Frey et al. 2006:
0 none, 1 networking, 2 cooperation, 3 coordination, 4 coalition, 5
collaboration) and, as in the PARTNER tool (Varda et al. 2008), how much they
trust them (reliability, shared mission, openness to discussion) and value
them (power/influence, level of involvement, resource contribution), 1-4 each.

* ``roster`` rows name agencies or people of the same import, which are then
  marked as asked (their ``survey`` property), or new entries (``type``
  organisation or person, default organisation; ``name`` defaults to the id),
  so an organisation-only survey needs no other table.
* ``survey`` rows become ``RATES`` relationships from the respondent to the one
  rated. Both must be on the roster when there is one. A row with no rating at
  all (a template row left blank) is not an answer and is dropped; a
  respondent who answered "no working relationship" gives ``collaboration`` 0.
  Whether someone responded is read from their answers, never stored, so
  returns added later with ``--append`` keep every earlier response.

Returned workbooks (:func:`write_survey_workbook` writes them) hold the roster
sheet and one sheet per respondent; :func:`netan.importers.readers` reads
every sheet whose header has ``respondent`` and ``alter`` as a part of the
survey table, each part checked with its own file, sheet and row numbers.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from netan.graphdb.graph_data import GraphData
from netan.graphdb.schema import (
    AGENCY,
    COLLABORATION,
    GROUP,
    INPUT_TABLES,
    PERSON,
    RATES,
    SURVEY_FREQUENCY,
    TRUST_ITEMS,
    VALUE_ITEMS,
)

from .frames import attributes_json, node_frame, rel_frame
from .ids import NodeIds, check_duplicates, check_references, check_self_loops
from .problems import ProblemLog
from .tables import Table

Parsed = dict[str, pd.Series]

#: The survey's name when the roster does not give one.
DEFAULT_SURVEY = "survey"

#: Every answer column of the survey table (a row with none of them is no answer).
RATING_COLUMNS: tuple[str, ...] = ("frequency", "collaboration", *TRUST_ITEMS, *VALUE_ITEMS)

_LABEL_OF_KIND = {"organisation": AGENCY, "person": PERSON}

#: Where a row comes from (see :data:`netan.graphdb.schema.PROVENANCE_PROPERTIES`).
PROVENANCE_COLUMNS: tuple[str, ...] = ("provenance", "provenance_note")


def _kinds(parsed: Parsed, n: int) -> np.ndarray:
    kind = parsed.get("type")
    if kind is None:
        return np.full(n, AGENCY, dtype=object)
    return np.array([_LABEL_OF_KIND.get(k, AGENCY) if isinstance(k, str) else AGENCY
                     for k in kind.to_numpy(dtype=object)], dtype=object)


IdEntry = tuple[str, Table, pd.Series]


def roster_ids(table: Table, parsed: Parsed, defined: Sequence[IdEntry]) -> list[IdEntry]:
    """The roster's new entries as :func:`~.ids.collect_ids` entries (label, table, ids).

    Entries whose id a node table of the import already defines are not new:
    the roster only marks those as asked.
    """
    if "id" not in parsed:
        return []
    ids = parsed["id"]
    known = pd.Index(np.concatenate([d[2].dropna().to_numpy(dtype=object) for d in defined])
                     if defined else np.array([], dtype=object), dtype=object)
    new = ids.notna().to_numpy() & ~ids.isin(known).to_numpy()
    labels = _kinds(parsed, len(table))
    return [(label, table, ids[new & (labels == label)]) for label in (AGENCY, PERSON)
            if (new & (labels == label)).any()]


def roster_nodes(table: Table, parsed: Parsed, graph: GraphData, ids: NodeIds,
                 log: ProblemLog) -> None:
    """Mark the roster's agencies and people as asked; add its new entries as nodes."""
    n = len(table)
    if "id" not in parsed:
        return
    roster = parsed["id"]
    survey = parsed.get("survey", pd.Series(np.full(n, None, dtype=object)))
    survey = survey.fillna(DEFAULT_SURVEY).to_numpy(dtype=object)
    found = ids.index.get_indexer(roster.to_numpy(dtype=object))
    labels = np.append(ids.labels, None).astype(object)[found]
    groups = roster.notna().to_numpy() & (labels == GROUP)
    if groups.any():
        log.add_rows("error", table.where, table.rows[groups],
                     roster.to_numpy(dtype=object)[groups],
                     lambda v: f"'{v}' is a group; a roster lists agencies or people",
                     column=table.header("id"), kind="group on the roster")
    kinds = _kinds(parsed, n)
    given = parsed.get("type")
    for label in (AGENCY, PERSON):
        frame = graph.nodes[label]
        mine = roster.notna().to_numpy() & (labels == label)
        in_frame = pd.Index(frame["id"].to_numpy(dtype=object), dtype=object)
        existing = mine & np.asarray(roster.isin(in_frame))
        if given is not None:
            clash = existing & given.notna().to_numpy() & (kinds != label)
            if clash.any():
                log.add_rows("error", table.where, table.rows[clash],
                             roster.to_numpy(dtype=object)[clash],
                             lambda v, label=label: f"'{v}' is "
                             f"{'a person' if label == PERSON else 'an agency'}, not "
                             f"{'an organisation' if label == PERSON else 'a person'}",
                             column=table.header("type"), kind="roster type")
        if existing.any():
            frame = frame.copy()
            where = in_frame.get_indexer(roster.to_numpy(dtype=object)[existing])
            column = frame["survey"].to_numpy(dtype=object).copy()
            column[where] = survey[existing]
            frame["survey"] = column
        new = mine & ~existing
        if new.any():
            count = int(new.sum())
            names = parsed.get("name", roster)
            name = names.where(names.notna(), roster).to_numpy(dtype=object)[new]
            values: dict[str, object] = {
                "id": roster.to_numpy(dtype=object)[new], "name": name,
                "sector": (parsed["sector"].to_numpy(dtype=object)[new]
                           if "sector" in parsed else None),
                "survey": survey[new],
                **{column: parsed[column].to_numpy(dtype=object)[new]
                   for column in PROVENANCE_COLUMNS if column in parsed},
                "attributes": attributes_json(table.extras, np.flatnonzero(new), n=count),
            }
            frame = pd.concat([frame, node_frame(label, count, values)], ignore_index=True)
        graph.nodes[label] = frame


def build_survey(parts: list[tuple[Table, Parsed]], ids: NodeIds, roster: Table | None,
                 roster_parsed: Parsed | None, log: ProblemLog) -> pd.DataFrame:
    """``RATES`` relationships from every part of the survey table (see module doc)."""
    on_roster = (pd.Index(roster_parsed["id"].dropna().to_numpy(dtype=object), dtype=object)
                 if roster is not None and roster_parsed and "id" in roster_parsed else None)
    frames: list[pd.DataFrame] = []
    answered: dict[tuple[object, object], tuple[int, str]] = {}
    allowed = INPUT_TABLES["survey"].column("respondent").refers_to
    for table, parsed in parts:
        n = len(table)
        if "respondent" not in parsed or "alter" not in parsed:
            continue
        respondent, alter = parsed["respondent"], parsed["alter"]
        source_labels = check_references(table, "respondent", allowed, ids, log)
        target_labels = check_references(table, "alter", allowed, ids, log)
        if on_roster is not None:
            for column, values in (("respondent", respondent), ("alter", alter)):
                off = values.notna().to_numpy() & ~values.isin(on_roster).to_numpy()
                off &= np.asarray(values.isin(ids.index))  # unknown ids are already errors
                if off.any():
                    log.add_rows("error", table.where, table.rows[off],
                                 values.to_numpy(dtype=object)[off],
                                 lambda v: f"'{v}' is not on the roster; add it to the "
                                 "roster or leave the row out",
                                 column=table.header(column), kind="not on the roster")
        check_self_loops(table, "respondent", "alter",
                         "'{id}' cannot rate themself; leave the row out", log)
        check_duplicates(table, [respondent, alter], "alter",
                         lambda key, first: f"{key[0]} already rated {key[1]} ({first}); "
                         "give one row per respondent and the one rated", log)
        answers = np.zeros(n, dtype=bool)
        for column in RATING_COLUMNS:
            if column in parsed:
                answers |= parsed[column].notna().to_numpy()
        for r, a, row in zip(respondent.to_numpy(dtype=object)[answers],
                             alter.to_numpy(dtype=object)[answers],
                             table.rows[answers], strict=True):
            first = answered.setdefault((r, a), (id(table), f"{table.raw.display}, row {row}"))
            if first[0] != id(table):  # repeats within one table are errors already
                log.error(table.where, f"{r} rated {a} here and in {first[1]}; keep one answer",
                          row=int(row), column=table.header("alter"))
        keep = answers
        values = {column: parsed[column][keep].reset_index(drop=True)
                  for column in (*RATING_COLUMNS, *PROVENANCE_COLUMNS) if column in parsed}
        values["attributes"] = attributes_json(table.extras, np.flatnonzero(keep),
                                               n=int(keep.sum()))
        frames.append(rel_frame(RATES, int(keep.sum()), respondent[keep],
                                source_labels[keep], alter[keep], target_labels[keep], values))
    if not frames:
        return rel_frame(RATES, 0, None, None, None, None)
    return pd.concat(frames, ignore_index=True)


def response_of(data: GraphData) -> dict[str, object] | None:
    """Who this import's roster asked and who answered (None when it has no roster):
    ``asked``, ``responded`` and ``non_respondents`` as (id, name) pairs."""
    asked: list[tuple[object, object]] = []
    for label in (AGENCY, PERSON):
        frame = data.nodes.get(label)
        if frame is not None and "survey" in frame:
            marked = frame[frame["survey"].notna()]
            asked += list(zip(marked["id"], marked["name"], strict=True))
    if not asked:
        return None
    rates = data.relationships.get(RATES)
    answered = set(rates["source"]) if rates is not None else set()
    missing = sorted(((i, n) for i, n in asked if i not in answered), key=lambda p: str(p[0]))
    return {"asked": len(asked), "responded": len(asked) - len(missing),
            "non_respondents": missing}


# ---------------------------------------------------------------------------
# Templates: the roster-survey CSVs and the workbook sent to respondents
# ---------------------------------------------------------------------------

#: The header of a respondent's sheet: who answers, whom they rate, the answers.
SHEET_HEADER: tuple[str, ...] = ("respondent", "alter", "alter_name", *RATING_COLUMNS)

#: What each answer column means, for the README sheet and the header comments.
SCALES: dict[str, str] = {
    "frequency": "How often you work with them: " + ", ".join(SURVEY_FREQUENCY.values),
    "collaboration": "How closely: 0 none, " + ", ".join(
        f"{i} {name}" for i, name in enumerate(COLLABORATION.values, start=1)),
    "trust_reliability": "Trust - they are reliable: 1 not at all ... 4 a great deal",
    "trust_mission": "Trust - they share our mission: 1 not at all ... 4 a great deal",
    "trust_openness": "Trust - they are open to discussion: 1 not at all ... 4 a great deal",
    "value_power": "Value - their power and influence: 1 not at all ... 4 a great deal",
    "value_involvement": "Value - their level of involvement: 1 not at all ... 4 a great deal",
    "value_resources": "Value - the resources they bring: 1 not at all ... 4 a great deal",
}

EXAMPLE_ROSTER: tuple[dict[str, str], ...] = (
    {"id": "ha-merton", "name": "Merton, Sutton & Wandsworth Health Authority",
     "type": "organisation", "sector": "commissioner"},
    {"id": "ssd-sutton", "name": "Sutton Social Services", "type": "organisation",
     "sector": "social_care"},
    {"id": "gp-carshalton", "name": "Carshalton practice", "type": "organisation",
     "sector": "primary_care"},
)


def _sheet_title(name: str, used: set[str]) -> str:
    """An Excel sheet title for ``name``: no []:*?/\\, at most 31 characters, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31].strip() or "respondent"
    title, n = base, 1
    while title.lower() in used or title.lower() in ("readme", "roster", "survey"):
        n += 1
        title = f"{base[:27]} ({n})"
    used.add(title.lower())
    return title


def write_survey_csvs(folder: Path,
                      roster: Sequence[dict[str, str]] = EXAMPLE_ROSTER) -> list[Path]:
    """``roster.csv`` and ``survey.csv`` (every respondent x every other entry) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    roster_path, survey_path = folder / "roster.csv", folder / "survey.csv"
    with roster_path.open("w", encoding="utf-8", newline="") as handle:
        columns = [c.name for c in INPUT_TABLES["roster"].columns]
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(roster)
    with survey_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SHEET_HEADER)
        for respondent in roster:
            for alter in roster:
                if alter["id"] != respondent["id"]:
                    writer.writerow([respondent["id"], alter["id"], alter.get("name", ""),
                                     *[""] * len(RATING_COLUMNS)])
    return [roster_path, survey_path]


def write_survey_workbook(path: Path, roster: Sequence[dict[str, str]] = EXAMPLE_ROSTER) -> Path:
    """The workbook to email: README, roster, and one sheet per respondent with drop-downs.

    Each respondent fills in their own sheet and returns the file; ``netan import``
    reads any number of returned files together.
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = "README"
    lines = [
        "Partnership roster survey",
        "",
        "Find the sheet with your name, and for each organisation or person listed rate how "
        "you work with them. Leave a row blank if you cannot say; answer 0 for "
        "collaboration if you do not work with them at all.",
        "Return this file to the survey's organiser. Do not rename sheets or headers.",
        "",
        "Scales:",
        *[f"{column}: {text}" for column, text in SCALES.items()],
        "",
        "Collaboration levels after Frey et al. (2006); trust and value items after the "
        "PARTNER tool (Varda et al. 2008).",
    ]
    for line in lines:
        readme.append([line])
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 110

    roster_sheet = book.create_sheet("roster")
    roster_columns = [c.name for c in INPUT_TABLES["roster"].columns]
    roster_sheet.append(roster_columns)
    for entry in roster:
        roster_sheet.append([entry.get(c, "") for c in roster_columns])

    choices = {
        "frequency": ",".join(SURVEY_FREQUENCY.values),
        "collaboration": "0,1,2,3,4,5",
        **{item: "1,2,3,4" for item in (*TRUST_ITEMS, *VALUE_ITEMS)},
    }
    used: set[str] = set()
    for respondent in roster:
        sheet = book.create_sheet(_sheet_title(respondent.get("name") or respondent["id"], used))
        sheet.append(list(SHEET_HEADER))
        for cell, column in zip(sheet[1], SHEET_HEADER, strict=True):
            cell.font = Font(bold=True)
            if column in SCALES:
                cell.comment = Comment(SCALES[column], "netan")
        others = [a for a in roster if a["id"] != respondent["id"]]
        for alter in others:
            sheet.append([respondent["id"], alter["id"], alter.get("name", "")])
        last = len(others) + 1
        for offset, column in enumerate(RATING_COLUMNS, start=SHEET_HEADER.index("frequency")):
            letter = openpyxl.utils.get_column_letter(offset + 1)
            check = DataValidation(type="list", formula1=f'"{choices[column]}"',
                                   allow_blank=True, showErrorMessage=True,
                                   error=SCALES[column], errorTitle=column)
            sheet.add_data_validation(check)
            check.add(f"{letter}2:{letter}{max(last, 2)}")
        sheet.column_dimensions["C"].width = 40
        sheet.freeze_panes = "D2"
    book.save(path)
    return path
