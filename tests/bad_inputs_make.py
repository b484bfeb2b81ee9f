"""Write the generated part of the bad-input corpus (``tests/bad_inputs``).

Run ``python tests/bad_inputs_make.py`` after changing a case below; it rewrites
these cases' folders and files and their entries in ``expected.json`` (the
hand-made cases there are kept). Each case is a small valid partnership with
exactly one fault; its entry says where the one error must be (file, row,
column) and a piece of its message, written by hand, not read from netan.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

BAD = Path(__file__).resolve().parent / "bad_inputs"

BASE: dict[str, str] = {
    "agencies.csv": "id,name,kind,sector,level,area,care_tier,part_of\n"
                    "ha,Gwent Health Authority,health_authority,commissioner,region,Gwent,,\n"
                    "ssd,Newport Social Services,social_services,social_care,area,Newport,,\n"
                    "gp1,Lovemead Surgery,gp_practice,primary_care,practice,Newport,"
                    "extended_primary,ha\n",
    "groups.csv": "id,name,kind,level,area,stage,part_of\n"
                  "grp,Mental health planning group,planning_group,area,Newport,strategy,ha\n",
    "people.csv": "id,name,role,sector,employer\n"
                  "p1,Dr Ann Jones,gp,primary_care,gp1\n"
                  "p2,Bob Evans,social_worker,social_care,ssd\n",
    "memberships.csv": "person,group,role,represents\np1,grp,chair,gp1\np2,grp,member,ssd\n",
    "attendance.csv": "person,group,date,status\n"
                      "p1,grp,1998-03-12,present\np2,grp,1998-03-12,apologies\n",
    "liaison.csv": "person,with,model,frequency\np2,p1,link_worker,4\n",
    "colocation.csv": "person,agency,days_per_week\np2,gp1,2.5\n",
    "budgets.csv": "source,target,amount,year,mechanism\nha,grp,125000,1998,aligned\n",
    "partnerships.csv": "source,target,spectrum,function\nha,ssd,5,strategic_planning\n",
}
AGGREGATE = "person,group,attended,held,last_attended\np1,grp,3,4,1998-03-12\n"
NODES = ("id,type,name,sector\nn1,person,Ann Jones,primary_care\nn2,person,Bob Evans,"
         "social_care\nn3,agency,Lovemead Surgery,primary_care\n")
EDGES = "source,target,type,frequency\nn1,n2,liaises with,4\nn1,n3,employed by,\n"

Case = dict[str, object]
CASES: list[Case] = []


def case(name: str, file: str, row: int | None, column: str | None, message: str,
         files: dict[str, str | bytes | None] | None = None, base: dict[str, str] = BASE,
         single: tuple[str, bytes] | None = None) -> None:
    """A folder case: ``base`` with ``files`` replaced (None deletes one); or a single file."""
    CASES.append({"case": name, "file": file, "row": row, "column": column,
                  "message": message, "_files": None if single else {**base, **(files or {})},
                  "_single": single})


def change(file: str, old: str, new: str) -> dict[str, str]:
    """``file`` of the base with ``old`` replaced by ``new`` (which must be there once)."""
    text = BASE[file]
    assert text.count(old) == 1, (file, old)
    return {file: text.replace(old, new)}


# -- encodings -------------------------------------------------------------------------
case("csv_cp1252_name", "people.csv", 3, "name", "not valid UTF-8: byte 0xE2 after 'Si'",
     {"people.csv": "id,name,role\np1,Ann,gp\np2,Siân Bryn,gp\n".encode("cp1252")})
case("csv_latin1_agency_name", "agencies.csv", 4, "name", "byte 0xE9 after 'Caf'",
     {"agencies.csv": BASE["agencies.csv"].replace("Lovemead Surgery", "Café Surgery")
      .encode("latin-1")})
case("csv_bad_byte_in_header", "people.csv", 1, None, "in the header (cell 2)",
     {"people.csv": b"id,n\xe2me,role\np1,Ann,gp\n"})
case("csv_bad_byte_in_multi_line_cell", "memberships.csv", 3, "represents",
     "byte 0xE9 after 'Caf'",
     {"memberships.csv": b'person,group,role,represents\np1,grp,chair,gp1\n'
                         b'p2,grp,member,"ssd\nCaf\xe9"\n'})
case("csv_png_named_people", "people.csv", 1, None, "not valid UTF-8: byte 0x89",
     {"people.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
case("csv_truncated_utf8_at_end", "people.csv", 3, "employer", "not valid UTF-8: byte 0xC5",
     {"people.csv": BASE["people.csv"].encode() [:-1] + b"\xc5"})
case("csv_bad_utf16", "people.csv", 2, "name", "not valid UTF-16",
     {"people.csv": "id,name\np1,Ann".encode("utf-16") + b"\x00\xd8"})
case("generic_cp1252_edges", "edges.csv", 2, "type", "not valid UTF-8: byte 0x96",
     {"edges.csv": EDGES.replace("liaises with", "liaises \x96 with").encode("latin-1")},
     base={"nodes.csv": NODES})

# -- rows with missing cells, one per table type -------------------------------------
SHORT = {
    "agencies.csv": ("gp1,Lovemead Surgery,gp_practice,primary_care,practice,Newport,"
                     "extended_primary,ha", "gp1,Lovemead Surgery,gp_practice,primary_care,"
                     "practice,Newport", 4, "care_tier"),
    "groups.csv": ("grp,Mental health planning group,planning_group,area,Newport,strategy,ha",
                   "grp,Mental health planning group,planning_group,area", 2, "area"),
    "people.csv": ("p2,Bob Evans,social_worker,social_care,ssd", "p2,Bob Evans,social_worker",
                   3, "sector"),
    "memberships.csv": ("p2,grp,member,ssd", "p2,grp", 3, "role"),
    "liaison.csv": ("p2,p1,link_worker,4", "p2,p1,link_worker", 2, "frequency"),
    "colocation.csv": ("p2,gp1,2.5", "p2,gp1", 2, "days_per_week"),
    "budgets.csv": ("ha,grp,125000,1998,aligned", "ha,grp,125000,1998", 2, "mechanism"),
    "partnerships.csv": ("ha,ssd,5,strategic_planning", "ha,ssd,5", 2, "function"),
}
for file, (old, new, row, column) in SHORT.items():
    case(f"short_row_{file[:-4]}", file, row, column,
         "this cell and those after it are missing", change(file, old, new))
case("short_row_attendance", "attendance.csv", 2, "last_attended",
     "this cell and those after it are missing",
     {"attendance.csv": AGGREGATE.replace(",3,4,1998-03-12", ",3,4")})
case("generic_short_row_nodes", "nodes.csv", 3, "sector", "this cell and those after it",
     {"nodes.csv": NODES.replace("n2,person,Bob Evans,social_care", "n2,person,Bob Evans")},
     base={"edges.csv": EDGES})
case("generic_short_row_edges", "edges.csv", 2, "frequency", "this cell and those after it",
     {"edges.csv": EDGES.replace("n1,n2,liaises with,4", "n1,n2,liaises with")},
     base={"nodes.csv": NODES})

# -- numbers -----------------------------------------------------------------------------
case("year_beyond_int64", "budgets.csv", 2, "year", "too large for a whole number",
     change("budgets.csv", "1998", "99999999999999999999"))
case("amount_of_5000_digits", "budgets.csv", 2, "amount", "(5,000 characters) is too large",
     change("budgets.csv", "125000", "9" * 5000))
case("amount_nan", "budgets.csv", 2, "amount", "'nan' is not a number",
     change("budgets.csv", "125000", "nan"))
case("amount_infinity", "budgets.csv", 2, "amount", "'inf' is not a number",
     change("budgets.csv", "125000", "inf"))
case("amount_with_currency_sign", "budgets.csv", 2, "amount", "leave out the currency sign",
     change("budgets.csv", "125000", "£125000"))
case("frequency_as_a_word", "liaison.csv", 2, "frequency", "'weekly' is not a number",
     change("liaison.csv", ",4", ",weekly"))
case("days_per_week_negative", "colocation.csv", 2, "days_per_week", "'-1' is negative",
     change("colocation.csv", "2.5", "-1"))
case("spectrum_misspelt", "partnerships.csv", 2, "spectrum", "did you mean 'dialogue'?",
     change("partnerships.csv", ",5,", ",dialog,"))
case("held_not_whole", "attendance.csv", 2, "held", "'4.5' is not a whole number",
     {"attendance.csv": AGGREGATE.replace(",3,4,", ",3,4.5,")})
case("attended_negative", "attendance.csv", 2, "attended", "'-3' is negative",
     {"attendance.csv": AGGREGATE.replace(",3,4,", ",-3,4,")})

# -- dates -------------------------------------------------------------------------------
case("date_february_30", "attendance.csv", 2, "date", "'1998-02-30' is not a real date",
     {"attendance.csv": BASE["attendance.csv"].replace("p1,grp,1998-03-12",
                                                       "p1,grp,1998-02-30")})
case("date_month_first", "attendance.csv", 3, "date", "'03/13/1998' is not a real date",
     {"attendance.csv": BASE["attendance.csv"].replace("p2,grp,1998-03-12",
                                                       "p2,grp,03/13/1998")})
case("date_two_digit_year", "attendance.csv", 2, "date", "'12/03/98' is not a date",
     {"attendance.csv": BASE["attendance.csv"].replace("p1,grp,1998-03-12",
                                                       "p1,grp,12/03/98")})
case("last_attended_a_word", "attendance.csv", 2, "last_attended", "'yesterday' is not a date",
     {"attendance.csv": AGGREGATE.replace("1998-03-12", "yesterday")})

# -- vocabularies ------------------------------------------------------------------------
case("unknown_agency_kind", "agencies.csv", 3, "kind", "unknown kind 'spaceport'",
     change("agencies.csv", "social_services,social_care", "spaceport,social_care"))
case("unknown_group_kind", "groups.csv", 2, "kind", "unknown kind 'fan club'",
     change("groups.csv", "planning_group", "fan club"))
case("unknown_group_stage", "groups.csv", 2, "stage", "unknown stage 'implementation'",
     change("groups.csv", "strategy", "implementation"))
case("unknown_group_level", "groups.csv", 2, "level", "unknown level 'ward'",
     change("groups.csv", "planning_group,area", "planning_group,ward"))
case("unknown_person_role", "people.csv", 2, "role", "unknown role 'astronaut'",
     change("people.csv", ",gp,", ",astronaut,"))
case("unknown_liaison_model", "liaison.csv", 2, "model", "unknown model 'phone'",
     change("liaison.csv", "link_worker", "phone"))
case("unknown_funding_mechanism", "budgets.csv", 2, "mechanism", "unknown mechanism 'loan'",
     change("budgets.csv", "aligned", "loan"))
case("unknown_partnership_function", "partnerships.csv", 2, "function",
     "unknown function 'everything'", change("partnerships.csv", "strategic_planning",
                                             "everything"))
case("unknown_care_tier", "agencies.csv", 4, "care_tier", "unknown care tier 'top'",
     change("agencies.csv", "extended_primary", "top"))

# -- references --------------------------------------------------------------------------
case("employer_unknown", "people.csv", 3, "employer", "'ag-9' is not the id of any agency",
     change("people.csv", "social_care,ssd", "social_care,ag-9"))
case("employer_is_a_group", "people.csv", 3, "employer", "'grp' is a group, not an agency",
     change("people.csv", "social_care,ssd", "social_care,grp"))
case("agency_part_of_unknown", "agencies.csv", 4, "part_of", "'hb' is not the id of any",
     change("agencies.csv", "extended_primary,ha", "extended_primary,hb"))
case("group_part_of_a_person", "groups.csv", 2, "part_of", "'p1' is a person",
     change("groups.csv", "strategy,ha", "strategy,p1"))
case("liaison_with_unknown", "liaison.csv", 2, "with", "'p7' is not the id of any",
     change("liaison.csv", "p2,p1", "p2,p7"))
case("colocation_at_a_person", "colocation.csv", 2, "agency", "'p1' is a person, not an agency",
     change("colocation.csv", "p2,gp1", "p2,p1"))
case("partnership_target_unknown", "partnerships.csv", 2, "target",
     "'ss' is not the id of any agency", change("partnerships.csv", "ha,ssd", "ha,ss"))
case("represents_unknown", "memberships.csv", 2, "represents",
     "'gp9' is not the id of any agency", change("memberships.csv", "chair,gp1", "chair,gp9"))
case("attendance_group_unknown", "attendance.csv", 3, "group",
     "'grp2' is not the id of any group",
     change("attendance.csv", "p2,grp,", "p2,grp2,"))

# -- structure ---------------------------------------------------------------------------
case("duplicate_agency_id", "agencies.csv", 5, "id", "duplicate id 'ssd'",
     {"agencies.csv": BASE["agencies.csv"] + "ssd,Another Social Services,,,,,,\n"})
case("partnership_self_loop", "partnerships.csv", 2, "target", "cannot partner with itself",
     change("partnerships.csv", "ha,ssd", "ha,ha"))
case("group_part_of_itself", "groups.csv", 2, "part_of", "'grp' cannot be part of itself",
     change("groups.csv", "strategy,ha", "strategy,grp"))
case("memberships_without_group_column", "memberships.csv", None, "group",
     "required column 'group' is missing",
     {"memberships.csv": "person,role\np1,chair\n"})
case("budgets_without_amount_column", "budgets.csv", None, "amount",
     "required column 'amount' is missing",
     {"budgets.csv": "source,target,year\nha,grp,1998\n"})
case("liaison_without_with_column", "liaison.csv", None, "with",
     "required column 'with' is missing", {"liaison.csv": "person,model\np2,informal\n"})
case("people_header_only_and_no_agencies", "people.csv", None, None,
     "the table has a header but no rows",
     {"agencies.csv": None, "groups.csv": None, "memberships.csv": None,
      "attendance.csv": None, "liaison.csv": None, "colocation.csv": None,
      "budgets.csv": None, "partnerships.csv": None, "people.csv": "id,name\n"})
case("two_files_one_table", "people.csv", None, None, "hold the people table",
     {"People.csv": BASE["people.csv"]})
case("unterminated_quote", "people.csv", 3, None, "a quoted cell starting in this row never ends",
     change("people.csv", "p2,Bob Evans", 'p2,"Bob Evans'))
case("blank_person_in_membership", "memberships.csv", 3, "person", "a value is required",
     change("memberships.csv", "p2,grp,member", ",grp,member"))
case("blank_agency_id", "agencies.csv", 5, "id", "a value is required",
     {"agencies.csv": BASE["agencies.csv"] + ",An agency without an id,,,,,,\n"})
case("semicolon_csv_unknown_sector", "people.csv", 3, "sector", "unknown sector 'nhs'",
     {"people.csv": BASE["people.csv"].replace(",", ";").replace("social_care", "nhs")})
case("tab_separated_unknown_role", "people.csv", 2, "role", "unknown role 'surgeon'",
     {"people.csv": BASE["people.csv"].replace(",", "\t").replace("\tgp\t", "\tsurgeon\t")})
case("crlf_lines_bad_date", "attendance.csv", 3, "date", "'1998-13-01' is not a real date",
     {"attendance.csv": BASE["attendance.csv"].replace("p2,grp,1998-03-12", "p2,grp,1998-13-01")
      .replace("\n", "\r\n")})
case("bom_csv_unknown_role", "people.csv", 3, "role", "unknown role 'porter'",
     {"people.csv": "\ufeff" + BASE["people.csv"].replace("social_worker", "porter")})

# -- single files ------------------------------------------------------------------------
case("single_csv_not_named_after_a_table", "single_csv_not_named_after_a_table.csv", None,
     None, "a single CSV must be named after a table",
     single=("single_csv_not_named_after_a_table.csv", BASE["people.csv"].encode()))
case("old_xls_workbook", "old_xls_workbook.xls", None, None, "old .xls workbooks cannot be read",
     single=("old_xls_workbook.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504))
case("text_file_given", "text_file_given.txt", None, None, "give a folder of CSV files",
     single=("text_file_given.txt", b"id,name\n"))


# -- JSON --------------------------------------------------------------------------------
def document(**tables: list[dict[str, object]]) -> dict[str, object]:
    base = {
        "agencies": [{"id": "ha", "name": "Gwent Health Authority", "sector": "commissioner"},
                     {"id": "gp1", "name": "Lovemead Surgery", "sector": "primary_care"}],
        "groups": [{"id": "grp", "name": "Mental health planning group"}],
        "people": [{"id": "p1", "name": "Dr Ann Jones", "role": "gp", "employer": "gp1"},
                   {"id": "p2", "name": "Bob Evans", "role": "social_worker"}],
        "memberships": [{"person": "p1", "group": "grp", "role": "chair"}],
        "budgets": [{"source": "ha", "target": "grp", "amount": 125000, "year": 1998}],
    }
    return {**base, **tables}


def json_case(name: str, row: int | None, column: str | None, message: str,
              text: str | bytes) -> None:
    data = text.encode() if isinstance(text, str) else text
    case(name, f"{name}.json", row, column, message, single=(f"{name}.json", data))


def dumped(**tables: list[dict[str, object]]) -> str:
    return json.dumps(document(**tables), ensure_ascii=False, indent=1)


PEOPLE = document()["people"]
BUDGET = document()["budgets"][0]
json_case("json_lone_surrogate", 2, "name", "\\udc00, half of a UTF-16 surrogate pair",
          dumped().replace("Bob Evans", "Bob \\udc00Evans"))
json_case("json_lone_high_surrogate", 1, "role", "\\ud800",
          dumped().replace('"gp"', '"g\\ud800p"'))
json_case("json_surrogate_in_a_key", 1, "no\\udc00te", "\\udc00, half of a UTF-16",
          dumped(people=[{**PEOPLE[0], "@": "x"}, PEOPLE[1]]).replace('"@"', '"no\\udc00te"'))
json_case("json_nested_100k_deep", None, None, "nests lists or objects too deeply",
          '{"people": [{"id": "p1", "name": ' + "[" * 100_000 + "]" * 100_000 + "}]}")
json_case("json_cell_nested_100_deep", 2, "notes", "more than 64 deep",
          dumped(people=[PEOPLE[0], {**PEOPLE[1], "notes": "@"}]).replace(
              '"@"', "[" * 100 + "]" * 100))
json_case("json_amount_of_5000_digits", 1, "amount", "(5,000 characters) is too large",
          dumped().replace("125000", "9" * 5000))
json_case("json_year_beyond_int64", 1, "year", "too large for a whole number",
          dumped().replace("1998", "99999999999999999999"))
json_case("json_amount_nan", 1, "amount", "'NaN' is not a number",
          dumped().replace("125000", "NaN"))
json_case("json_amount_infinity", 1, "amount", "'-Infinity' is not a number",
          dumped().replace("125000", "-Infinity"))
json_case("json_amount_1e400", 1, "amount", "'1e400' is too large a number",
          dumped().replace("125000", "1e400"))
json_case("json_invalid_utf8", None, None, "not valid UTF-8: byte 0xE2 after 'Bob Ev' at line",
          dumped().encode().replace(b"Bob Evans", b"Bob Ev\xe2ns"))
json_case("json_top_level_list", None, None, "the document must be an object of tables",
          json.dumps([document()]))
json_case("json_item_is_text", 2, None, "each item must be an object",
          dumped(people=[PEOPLE[0], "Bob Evans"]))
json_case("json_trailing_comma", None, None, "not valid JSON", dumped()[:-2] + ",\n}")
json_case("json_empty_file", None, None, "the file is empty (0 bytes)", b"")
json_case("json_two_entries_for_people", None, None, "two entries hold the people table",
          dumped()[:-2] + ',\n "People": []\n}')
json_case("json_unknown_sector", 2, "sector", "unknown sector 'nhs'",
          dumped(agencies=[document()["agencies"][0],
                           {**document()["agencies"][1], "sector": "nhs"}]))
json_case("json_boolean_role", 2, "role", "unknown role 'true'",
          dumped(people=[PEOPLE[0], {**PEOPLE[1], "role": True}]))
json_case("json_dangling_membership", 2, "group", "'grp9' is not the id of any group",
          dumped(memberships=[{"person": "p1", "group": "grp"},
                              {"person": "p2", "group": "grp9"}]))
json_case("json_date_as_number", 1, "date", "'19980312' is not a date",
          dumped(attendance=[{"person": "p1", "group": "grp", "date": 19980312,
                              "status": "present"}]))
json_case("json_mixed_forms", None, None, "mixes the generic form",
          dumped(edges=[{"source": "p1", "target": "p2"}]))
json_case("json_generic_unknown_rel_type", 1, "type", "unknown relationship type 'friends'",
          json.dumps({"nodes": [{"id": "a"}, {"id": "b"}],
                      "edges": [{"source": "a", "target": "b", "type": "friends"}]}))
json_case("json_budget_negative", 1, "amount", "'-5' is negative",
          dumped(budgets=[{**BUDGET, "amount": -5}]))


# -- workbooks ---------------------------------------------------------------------------
def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheets(**changes: list[list[object]]) -> dict[str, list[list[object]]]:
    base = {
        "agencies": [["id", "name", "sector"], ["ha", "Gwent Health Authority", "commissioner"],
                     ["gp1", "Lovemead Surgery", "primary_care"]],
        "people": [["id", "name", "role", "employer"], ["p1", "Dr Ann Jones", "gp", "gp1"],
                   ["p2", "Bob Evans", "social_worker", None]],
        "groups": [["id", "name"], ["grp", "Mental health planning group"]],
        "liaison": [["person", "with", "frequency"], ["p2", "p1", 4]],
        "budgets": [["source", "target", "amount", "year"], ["ha", "grp", 125000, 1998]],
    }
    return {**base, **changes}


def xlsx_case(name: str, row: int | None, column: str | None, message: str,
              data: bytes) -> None:
    case(name, f"{name}.xlsx", row, column, message, single=(f"{name}.xlsx", data))


def with_dimension(data: bytes, sheet: int, ref: str) -> bytes:
    """The workbook with sheet ``sheet``'s stored dimension set to ``ref`` (too small)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.namelist():
            content = source.read(item)
            if item == f"xl/worksheets/sheet{sheet}.xml":
                content, n = re.subn(rb'<dimension ref="[^"]*"\s*/>',
                                     f'<dimension ref="{ref}"/>'.encode(), content)
                assert n == 1
            target.writestr(item, content)
    return out.getvalue()


PEOPLE_ROWS = sheets()["people"]
xlsx_case("xlsx_bad_row_beyond_stored_dimension", 6, "role", "unknown role 'wizard'",
          with_dimension(workbook(sheets(people=[*PEOPLE_ROWS, ["p3", "C", "gp", None],
                                                 ["p4", "D", "gp", None],
                                                 ["p5", "E", "wizard", None]])), 2, "A1:D2"))
xlsx_case("xlsx_not_a_zip", None, None, "cannot be read as an .xlsx workbook",
          BASE["people.csv"].encode())
xlsx_case("xlsx_truncated", None, None, "cannot be read as an .xlsx workbook",
          workbook(sheets())[:1500])
xlsx_case("xlsx_formula_error_in_frequency", 2, "frequency", "'#DIV/0!' is not a number",
          workbook(sheets(liaison=[["person", "with", "frequency"], ["p2", "p1", "#DIV/0!"]])))
xlsx_case("xlsx_date_cell_as_amount", 2, "amount", "'1998-04-01' is not a number",
          workbook(sheets(budgets=[["source", "target", "amount"],
                                   ["ha", "grp", dt.datetime(1998, 4, 1)]])))
xlsx_case("xlsx_year_1e300", 2, "year", "too large for a whole number",
          workbook(sheets(budgets=[["source", "target", "amount", "year"],
                                   ["ha", "grp", 10, 1e300]])))
xlsx_case("xlsx_two_sheets_for_people", None, None, "two sheets hold the people table",
          workbook({**sheets(), "People ": PEOPLE_ROWS}))
xlsx_case("xlsx_empty_people_sheet", None, None, "the sheet is empty",
          workbook(sheets(people=[])))
xlsx_case("xlsx_unknown_role", 3, "role", "unknown role 'boss'",
          workbook(sheets(people=[PEOPLE_ROWS[0], PEOPLE_ROWS[1],
                                  ["p2", "Bob Evans", "boss", None]])))
xlsx_case("xlsx_dangling_employer", 2, "employer", "'gp2' is not the id of any agency",
          workbook(sheets(people=[PEOPLE_ROWS[0], ["p1", "Dr Ann Jones", "gp", "gp2"],
                                  PEOPLE_ROWS[2]])))
xlsx_case("xlsx_boolean_sector", 3, "sector", "unknown sector 'true'",
          workbook(sheets(agencies=[["id", "name", "sector"], ["ha", "HA", "commissioner"],
                                    ["gp1", "Lovemead Surgery", True]])))
xlsx_case("xlsx_generic_wrong_endpoints", 2, "type", "FUNDS cannot go from Person",
          workbook({"nodes": [["id", "type"], ["a", "person"], ["b", "agency"]],
                    "edges": [["source", "target", "type"], ["a", "b", "funds"]]}))
xlsx_case("xlsx_missing_name_column", None, "name", "required column 'name' is missing",
          workbook(sheets(people=[["id", "role"], ["p1", "gp"], ["p2", "social_worker"]])))
xlsx_case("xlsx_amount_as_text_with_comma", 2, "amount", "thousands separator",
          workbook(sheets(budgets=[["source", "target", "amount"], ["ha", "grp", "125,000"]])))

# -- the generic form (CSV) ------------------------------------------------------------
GENERIC = {"nodes.csv": NODES, "edges.csv": EDGES}
case("generic_self_loop_edge", "edges.csv", 2, "target", "an edge from 'n1' to itself",
     {"edges.csv": EDGES.replace("n1,n2,liaises", "n1,n1,liaises")}, base=GENERIC)
case("generic_duplicate_node_id", "nodes.csv", 5, "id", "duplicate id 'n2'",
     {"nodes.csv": NODES + "n2,person,Bob Evans again,\n"}, base=GENERIC)
case("generic_edges_without_target", "edges.csv", None, "target",
     "required column 'target' is missing",
     {"edges.csv": "source,type\nn1,liaises with\n"}, base=GENERIC)
case("generic_nodes_without_id", "nodes.csv", None, "id", "required column 'id' is missing",
     {"nodes.csv": "type,name\nperson,Ann\n", "edges.csv": None}, base=GENERIC)
case("generic_nodes_header_only", "nodes.csv", None, None,
     "the nodes table has a header but no rows",
     {"nodes.csv": "id,type,name\n", "edges.csv": None}, base=GENERIC)
case("generic_frequency_a_word", "edges.csv", 2, "frequency", "'often' is not a number",
     {"edges.csv": EDGES.replace("liaises with,4", "liaises with,often")}, base=GENERIC)
case("generic_unknown_sector", "nodes.csv", 3, "sector", "unknown sector 'nhs'",
     {"nodes.csv": NODES.replace("Bob Evans,social_care", "Bob Evans,nhs")}, base=GENERIC)
case("generic_unknown_source", "edges.csv", 3, "source", "'n9' is not the id of any",
     {"edges.csv": EDGES.replace("n1,n3,employed", "n9,n3,employed")}, base=GENERIC)
case("generic_mixed_with_people", "generic_mixed_with_people", None, None,
     "mixes the generic form", {"people.csv": BASE["people.csv"]}, base=GENERIC)
case("generic_bad_last_attended", "edges.csv", 2, "last_attended", "'soon' is not a date",
     {"nodes.csv": NODES + "g1,group,Planning group,\n",
      "edges.csv": "source,target,type,attended,held,last_attended\n"
                   "n1,g1,attends,3,4,soon\n"}, base=GENERIC)


# ---------------------------------------------------------------------------------------


def write() -> None:
    expected_path = BAD / "expected.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    generated = {c["case"] for c in CASES}
    kept = [c for c in expected if c["case"] not in generated]
    for spec in CASES:
        name = str(spec["case"])
        for old in [BAD / name, *BAD.glob(name + ".*")]:
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
        if spec["_single"] is not None:
            filename, data = spec["_single"]  # type: ignore[misc]
            (BAD / filename).write_bytes(data)
        else:
            folder = BAD / name
            folder.mkdir()
            for filename, content in spec["_files"].items():  # type: ignore[union-attr]
                if content is None:
                    continue
                data = content.encode() if isinstance(content, str) else content
                (folder / filename).write_bytes(data)
        kept.append({k: v for k, v in spec.items() if not k.startswith("_")})
    expected_path.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"{len(CASES)} generated cases written to {BAD}")
