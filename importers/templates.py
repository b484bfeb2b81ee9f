"""Templates for data collection: a folder of CSVs or one workbook, filled with an example.

``netan init FOLDER`` writes one CSV per canonical input table;
``netan init FILE.xlsx`` writes one workbook with a sheet per table, a drop-down
list on every column that takes a vocabulary (the allowed values listed on the
workbook's README sheet), and the README sheet saying what each table and column
is for. Both hold the headers of :data:`~netan.graphdb.schema.INPUT_TABLES` and
the same small example partnership (:data:`EXAMPLE`): a health authority, a GP
practice, social services, a trust and its community mental health team, a
planning group and the people who sit on it. It imports cleanly as written and
shows how the tables refer to each other; the analyst replaces it with their own.

A table the example does not cover (one added to the schema later) gets one row
built from each column's ``example``. Nothing is ever overwritten: the caller
refuses an existing file or a non-empty folder (:func:`check_new_target`).
To add a kind of template (such as a survey workbook), add a writer beside
:func:`write_templates` and :func:`write_workbook` that uses :func:`sheet_tables`,
:func:`template_rows` and :func:`add_readme_sheet`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from netan.graphdb.schema import INPUT_TABLES, SURVEY_TABLES, VOCABULARIES, InputTable

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: The example partnership every template holds, table by table (cells as typed).
EXAMPLE: dict[str, list[dict[str, str]]] = {
    "agencies": [
        {"id": "ha-gwent", "name": "Gwent Health Authority", "kind": "health_authority",
         "sector": "commissioner", "level": "region", "area": "Gwent"},
        {"id": "ssd-newport", "name": "Newport Social Services", "kind": "social_services",
         "sector": "social_care", "level": "area", "area": "Newport"},
        {"id": "trust-gwent-community", "name": "Gwent Community Health NHS Trust",
         "kind": "nhs_trust", "sector": "secondary_care", "level": "region", "area": "Gwent"},
        {"id": "cmht-newport-east", "name": "Newport East Community Mental Health Team",
         "kind": "cmht", "sector": "secondary_care", "level": "locality", "area": "Newport",
         "part_of": "trust-gwent-community"},
        {"id": "gp-lovemead", "name": "Lovemead Surgery", "kind": "gp_practice",
         "sector": "primary_care", "level": "practice", "area": "Newport",
         "care_tier": "extended_primary"},
    ],
    "groups": [
        {"id": "grp-gwent-mh-commissioning", "name": "Gwent mental health commissioning group",
         "kind": "commissioning_group", "level": "region", "area": "Gwent",
         "stage": "strategy", "part_of": "ha-gwent"},
        {"id": "grp-newport-mh", "name": "Newport mental health planning group",
         "kind": "planning_group", "level": "area", "area": "Newport", "stage": "plan",
         "part_of": "grp-gwent-mh-commissioning"},
    ],
    "people": [
        {"id": "p-001", "name": "Dr Rhian Price", "role": "gp", "employer": "gp-lovemead"},
        {"id": "p-002", "name": "Gareth Ellis", "role": "social_worker",
         "employer": "ssd-newport"},
        {"id": "p-003", "name": "Carys Hughes", "role": "commissioner", "employer": "ha-gwent"},
        {"id": "p-004", "name": "Tom Bevan", "role": "cpn", "employer": "cmht-newport-east"},
        {"id": "p-005", "name": "Ann Jones", "role": "carer_rep", "sector": "user_carer"},
    ],
    "memberships": [
        {"person": "p-003", "group": "grp-gwent-mh-commissioning", "role": "chair",
         "represents": "ha-gwent"},
        {"person": "p-002", "group": "grp-gwent-mh-commissioning", "role": "member",
         "represents": "ssd-newport"},
        {"person": "p-002", "group": "grp-newport-mh", "role": "chair",
         "represents": "ssd-newport"},
        {"person": "p-004", "group": "grp-newport-mh", "role": "member",
         "represents": "trust-gwent-community"},
        {"person": "p-001", "group": "grp-newport-mh", "role": "invited",
         "represents": "gp-lovemead"},
        {"person": "p-005", "group": "grp-newport-mh", "role": "member"},
    ],
    "attendance": [
        {"person": person, "group": "grp-newport-mh", "date": date, "status": status}
        for date, statuses in (("1998-03-12", ("present", "present", "apologies", "present")),
                               ("1998-04-09", ("present", "present", "absent", "apologies")))
        for person, status in zip(("p-002", "p-004", "p-001", "p-005"), statuses, strict=True)
    ],
    "liaison": [
        {"person": "p-004", "with": "gp-lovemead", "model": "link_worker", "frequency": "4"},
        {"person": "p-002", "with": "p-004", "model": "informal", "frequency": "2"},
    ],
    "colocation": [
        {"person": "p-002", "agency": "gp-lovemead", "days_per_week": "1"},
    ],
    "budgets": [
        {"source": "ha-gwent", "target": "grp-newport-mh", "amount": "125000", "year": "1998",
         "mechanism": "aligned"},
        {"source": "ssd-newport", "target": "grp-newport-mh", "amount": "40000",
         "year": "1998", "mechanism": "aligned"},
    ],
    "partnerships": [
        {"source": "ha-gwent", "target": "ssd-newport", "spectrum": "2",
         "function": "strategic_planning"},
    ],
}


def example_row(table: InputTable) -> dict[str, str]:
    """A row built from each column's ``example`` (blank when it has none)."""
    return {column.name: column.example for column in table.columns}


def sheet_tables() -> list[InputTable]:
    """The tables a template holds, in the schema's order (the roster survey's tables are
    written by ``netan init --survey``, :mod:`.survey`)."""
    return [t for name, t in INPUT_TABLES.items() if name not in SURVEY_TABLES]


def template_rows(name: str) -> list[dict[str, str]]:
    """The example rows of table ``name``, one cell per column (blank when not given)."""
    table = INPUT_TABLES[name]
    rows = EXAMPLE.get(name) or [example_row(table)]
    return [{column.name: row.get(column.name, "") for column in table.columns} for row in rows]


def check_new_target(target: Path) -> None:
    """Refuse to overwrite: an existing file, or a folder that is not empty."""
    if target.is_dir():
        if any(target.iterdir()):
            raise FileExistsError(f"{target} is not empty; choose a new folder")
    elif target.exists():
        raise FileExistsError(f"{target} already exists; choose a new name "
                              "(netan init never overwrites a file)")


def write_templates(folder: Path, tables: Iterable[InputTable] | None = None) -> list[Path]:
    """Write ``<table>.csv`` for every canonical input table into ``folder``; their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table in tables or sheet_tables():
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[c.name for c in table.columns],
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(template_rows(table.name))
        written.append(path)
    return written


# ---------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------

#: Where the README sheet lists each vocabulary's values: one column each, from here.
_LISTS_COLUMN = 8  # column H; A-F hold the tables and columns
_HEADER_FILL = "DDE7F0"


def write_workbook(path: Path, tables: Iterable[InputTable] | None = None) -> Path:
    """Write the template workbook ``path``: a README sheet, then one sheet per table."""
    import openpyxl  # only workbooks need it

    tables = list(tables or sheet_tables())
    book = openpyxl.Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "README"
    lists = add_readme_sheet(readme, tables)
    for table in tables:
        sheet = book.create_sheet(table.name)
        _fill_sheet(sheet, table, template_rows(table.name), lists)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return Path(path)


def add_readme_sheet(sheet: Worksheet, tables: list[InputTable]) -> dict[str, str]:
    """Explain the workbook on ``sheet``; return each vocabulary's list range (for drop-downs).

    Columns A-F: how to fill the workbook in, then each table and its columns.
    From column H: every vocabulary's allowed values, which the drop-downs use.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    lines = [
        ("netan data collection workbook", True),
        ("One sheet per table. Replace the example rows with your own; keep the header "
         "row (row 1) as it is.", False),
        ("Ids (such as p-001 or gp-lovemead) link the sheets: a membership names a person "
         "id and a group id.", False),
        ("Cells with a drop-down take one of the values listed on the right; other "
         "spellings (such as 'Social Services' for social_care) are accepted too.", False),
        ("Only agencies or people is required; leave a sheet with just its header if you "
         "have no such data. Names of people are personal data.", False),
        ("Then run:  netan import <this file>", False),
        ("", False),
    ]
    for text, strong in lines:
        sheet.append([text])
        if strong:
            sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=14)
    sheet.append(["sheet", "column", "required", "type or values", "refers to", "description"])
    for cell in sheet[sheet.max_row][:6]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for table in tables:
        sheet.append([table.name, "", "", "", "", table.description])
        sheet.cell(sheet.max_row, 1).font = bold
        for column in table.columns:
            sheet.append(["", column.name, "yes" if column.required else "",
                          column.vocabulary or column.type, ", ".join(column.refers_to),
                          column.description])
    ranges: dict[str, str] = {}
    used = sorted({c.vocabulary for t in tables for c in t.columns if c.vocabulary})
    for offset, name in enumerate(used):
        letter = get_column_letter(_LISTS_COLUMN + offset)
        values = VOCABULARIES[name].values
        header = sheet.cell(1, _LISTS_COLUMN + offset, name)
        header.font = bold
        for row, value in enumerate(values, start=2):
            sheet.cell(row, _LISTS_COLUMN + offset, value)
        ranges[name] = f"'{sheet.title}'!${letter}$2:${letter}${len(values) + 1}"
        sheet.column_dimensions[letter].width = max(len(name), *map(len, values)) + 2
    for letter, width in zip("ABCDEF", (14, 20, 9, 20, 16, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    return ranges


def _fill_sheet(sheet: Worksheet, table: InputTable, rows: list[dict[str, str]],
                lists: dict[str, str]) -> None:
    """Header, example rows (numbers as numbers), a drop-down on each vocabulary column."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.append([c.name for c in table.columns])
    for position, column in enumerate(table.columns, start=1):
        cell = sheet.cell(1, position)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        if column.description:
            cell.comment = Comment(column.description, "netan")
        sheet.column_dimensions[get_column_letter(position)].width = max(
            12, len(column.name) + 2, *(len(r[column.name]) + 2 for r in rows))
    for row in rows:
        sheet.append([_typed(c.type, row[c.name]) for c in table.columns])
    sheet.freeze_panes = "A2"
    for position, column in enumerate(table.columns, start=1):
        if column.vocabulary is None or column.vocabulary not in lists:
            continue
        letter = get_column_letter(position)
        check = DataValidation(type="list", formula1=lists[column.vocabulary],
                               allow_blank=True, showErrorMessage=True, errorStyle="warning",
                               errorTitle=column.name,
                               error=f"Not one of the {column.vocabulary} values listed on "
                               "the README sheet; netan will try to match it.")
        check.add(f"{letter}2:{letter}1000")
        sheet.add_data_validation(check)


def _typed(kind: str, text: str) -> str | int | float | None:
    """An example cell as a workbook cell: numbers as numbers, blanks empty."""
    if not text:
        return None
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text) if "." in text else int(text)
    return text
