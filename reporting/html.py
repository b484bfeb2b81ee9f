"""The report as one self-contained HTML page that opens offline.

No CDN, no web font, no external request: the style, the table-sorting script
and the SVG charts are all inline. Every value from the data (names, ids,
sectors, group names) goes through :func:`html.escape`; cells read as
:mod:`netan.reporting.cells` says (money, percentages, sensible rounding).

The same page prints as a board pack (and ``netan report --format pdf`` prints
it): in print there is no navigation and no CSV link, each section starts a new
page, a table shows its first :data:`PRINT_ROWS` rows and says where the rest
are, and the report ends with the references its text cites.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from netan.reporting import charts, references
from netan.reporting.cells import cell_text, is_money
from netan.reporting.tables import csv_name

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
 color:#1a1a1a;line-height:1.45}
header{background:#1f3b57;color:#fff;padding:1.2em 2em}
header a{color:#fff}
main{max-width:1000px;margin:0 auto;padding:1em 2em}
nav a{margin-right:1em}
.headlines li{font-size:1.1em;margin:.3em 0}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}
th,td{border:1px solid #c8c8c8;padding:.25em .5em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
th{background:#eef2f6;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \25B2"}
th[aria-sort=descending]::after{content:" \25BC"}
.scroll{max-height:28em;overflow:auto}
figure{margin:1em 0}
figcaption{font-weight:600;margin-bottom:.3em}
.chart{max-width:100%;height:auto}
.empty{color:#5f5f5f;font-style:italic}
.csv{font-size:.8em}
.print-only{display:none}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}
dl.summary dt{font-weight:600}
ol.references li{margin:.2em 0}
footer{color:#4a4a4a;font-size:.85em;border-top:1px solid #ccc;margin-top:2em;padding-top:1em}
@media print{
 @page{size:A4;margin:15mm}
 body{font-size:10pt}
 header{background:none;color:#1a1a1a;padding:0 0 .5em;border-bottom:2px solid #1f3b57}
 nav,.csv,.screen-only,tbody.beyond{display:none}
 .print-only{display:block}
 main{max-width:none;padding:0}
 section{break-before:page}
 #headlines{break-before:avoid}
 h2,h3,figcaption{break-after:avoid}
 figure,tr{break-inside:avoid}
 .scroll{max-height:none;overflow:visible}
 table{font-size:8pt;width:100%}
 th,td{padding:.15em .3em;overflow-wrap:anywhere}
 @page wide{size:A4 landscape;margin:12mm}
 .wide{page:wide}
 .wide table{font-size:7pt}
 th{cursor:auto}
 th[aria-sort]::after{content:""}
 a{color:inherit;text-decoration:none}
 footer{break-before:page}
}
"""

# Sorts a table by the clicked header: numbers numerically (ignoring £ , and %),
# text alphabetically. A table split for print (first rows, then tbody.beyond)
# keeps its first rows first after sorting.
SCRIPT = """
function cellValue(text) {
  var n = parseFloat(text.replace(/[£,%\\s]/g, ""));
  return isNaN(n) ? null : n;
}
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), bodies = table.tBodies;
    var asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var rows = [];
    Array.prototype.forEach.call(bodies, function (b) {
      rows = rows.concat(Array.prototype.slice.call(b.rows));
    });
    var first = bodies[0].rows.length;
    rows.sort(function (a, b) {
      var x = a.cells[index].textContent, y = b.cells[index].textContent;
      var nx = cellValue(x), ny = cellValue(y);
      var cmp = (nx !== null && ny !== null) ? nx - ny : x.localeCompare(y);
      return asc ? cmp : -cmp;
    });
    rows.forEach(function (r, i) { bodies[i < first ? 0 : 1].appendChild(r); });
  });
});
"""

#: A printed table shows its first rows only; the CSV twin has them all.
PRINT_ROWS = 25
#: A table with more columns than this is printed on a landscape page.
WIDE_COLUMNS = 10


def _value(column: str, value: Any) -> str:
    return escape(cell_text(column, value))


def _numeric(column: tuple[Any, ...]) -> bool:
    """Whether a column holds numbers (right-aligned); booleans are not numbers."""
    kinds = set(map(type, column)) - {type(None)}
    return bool(kinds) and kinds <= {int, float}


#: Marks between cells and between rows while a table body is escaped in one go.
_CELL, _ROW = "\x1f", "\x1e"


def _column_text(name: str, column: tuple[Any, ...]) -> Iterable[str]:
    """:func:`~netan.reporting.cells.cell_text` of every value of a column, a whole
    column at a time when its values are plain text or counts."""
    types = set(map(type, column))
    if types <= {str} or (types <= {str, int} and not is_money(name)):
        return map(str, column)
    return (cell_text(name, value) for value in column)


def _body(columns: list[str], rows: list[list[Any]]) -> str:
    """The ``<tr>`` rows of a table, every value escaped; numeric columns right-aligned.

    Escaping replaces character by character, so escaping the joined text of all
    the cells is escaping each cell; the cells are joined with control characters
    (checked to occur in no value) that then become the tags. Rows of differing
    or no length are written one cell at a time.
    """
    if not rows:
        return ""
    width = len(rows[0])
    if not (width and width == len(columns) and set(map(len, rows)) == {width}):
        names = columns + [""] * max(0, max(map(len, rows)) - len(columns))
        return "".join("<tr>" + "".join(f"<td>{_value(c, v)}</td>"
                                        for c, v in zip(names, row, strict=False)) + "</tr>"
                       for row in rows)
    values = list(zip(*rows, strict=True))
    opens = ["<td class=n>" if _numeric(column) else "<td>" for column in values]
    texts = [_column_text(name, column) for name, column in zip(columns, values, strict=True)]
    text = _ROW.join(map(_CELL.join, zip(*texts, strict=True)))
    if (text.count(_ROW) == len(rows) - 1 and text.count(_CELL) == (width - 1) * len(rows)):
        cells = [row.split(_CELL) for row in escape(text).split(_ROW)]
    else:  # a value holds a marker: escape cell by cell
        cells = [[_value(c, v) for c, v in zip(columns, row, strict=True)] for row in rows]
    return "".join("<tr>" + "".join(f"{open_}{cell}</td>" for open_, cell in
                                    zip(opens, row, strict=True)) + "</tr>" for row in cells)


#: Tables longer than this show their first rows only (in the document's order, most
#: telling first); the CSV twin has every row. Keeps a national report a few MB.
MAX_HTML_ROWS = 1000


def html_table(table: dict[str, Any], csv_href: str | None = None,
               max_rows: int = MAX_HTML_ROWS, print_rows: int = PRINT_ROWS) -> str:
    """A sortable table with its title and a link to its CSV twin (first ``max_rows``
    rows, then a note saying how many more the CSV holds). In print only the first
    ``print_rows`` are shown, with a note saying where the rest are."""
    columns = [str(c) for c in table["columns"]]
    head = "".join(f"<th scope=col>{escape(c)}</th>" for c in columns)
    shown = table["rows"][:max_rows]
    body = f"<tbody>{_body(columns, shown[:print_rows])}</tbody>"
    if len(shown) > print_rows:
        body += f'<tbody class="beyond">{_body(columns, shown[print_rows:])}</tbody>'
    total = len(table["rows"])
    where = (f'<a href="{escape(csv_href)}">{escape(csv_href)}</a>' if csv_href
             else "the CSV twin")
    more = ""
    if total > max_rows:
        more = (f'<p class="more screen-only">Showing the first {max_rows:,} of {total:,} '
                f"rows (sorting sorts these); all of them are in {where}.</p>")
    if total > print_rows:
        more += (f'<p class="more print-only">The first {print_rows} of {total:,} rows; '
                 f"all of them are in {'csv/' + csv_name(table) if csv_href else 'the CSV twin'}"
                 ".</p>")
    link = (f' <a class="csv" href="{escape(csv_href)}">CSV</a>' if csv_href else "")
    caption = f"<h3 id=\"t-{escape(table['id'])}\">{escape(table['title'])}{link}</h3>"
    if table.get("description"):
        caption += f"<p>{escape(table['description'])}</p>"
    if not table["rows"]:
        return caption + charts.empty("None.")
    wide = " wide" if len(columns) > WIDE_COLUMNS else ""
    return (f'<div class="report-table{wide}">{caption}<div class="scroll">'
            f'<table class="sortable" data-table="{escape(table["id"])}"><thead><tr>{head}'
            f"</tr></thead>{body}</table></div>{more}</div>")


def _summary(summary: dict[str, Any]) -> str:
    items = "".join(f"<dt>{escape(str(k).replace('_', ' '))}</dt><dd>{_value(str(k), v)}</dd>"
                    for k, v in summary.items() if not isinstance(v, dict | list))
    return f'<dl class="summary">{items}</dl>' if items else ""


def _provenance_value(key: str, value: Any) -> str:
    """A provenance entry: a nested one (library versions, parameters) as ``name value``
    pairs; numbers and booleans as the tables write them (but never as money)."""
    if isinstance(value, dict):
        return escape(", ".join(f"{k} {cell_text('', v) or '-'}" for k, v in value.items()))
    return escape(cell_text("", value))


def _references(report: dict[str, Any]) -> str:
    """The works the report's text cites, as a numbered list (empty when none)."""
    works = references.cited(references.document_texts(report))
    if not works:
        return ""
    items = "".join(f'<li id="{w.anchor}">{escape(w.reference)}</li>' for w in works)
    return (f'<section id="references"><h2>References</h2>'
            f'<ol class="references">{items}</ol></section>')


def render_html(report: dict[str, Any], csv_folder: str | None = "csv",
                view_href: str | None = None) -> str:
    """The whole report as one HTML page.

    ``csv_folder`` is where the CSV twins are, relative to the page (None: no
    links); ``view_href`` links the interactive network view when there is one.
    """
    nav = "".join(f'<a href="#{escape(s["id"])}">{escape(s["title"])}</a>'
                  for s in report["sections"])
    if view_href:
        nav += f'<a href="{escape(view_href)}">Network view</a>'
    sections = []
    for section in report["sections"]:
        parts = [f'<section id="{escape(section["id"])}"><h2>{escape(section["title"])}</h2>',
                 _summary(section.get("summary", {}))]
        for chart in section.get("charts", []):
            parts.append(f'<figure id="c-{escape(chart["id"])}"><figcaption>'
                         f"{escape(chart['title'])}</figcaption>{charts.render(chart)}</figure>")
        for table in section["tables"]:
            href = f"{csv_folder}/{csv_name(table)}" if csv_folder else None
            parts.append(html_table(table, href))
        parts.append("</section>")
        sections.append("".join(parts))
    headlines = "".join(f"<li>{escape(line)}</li>" for line in report["headlines"])
    provenance = report.get("provenance", {})
    footer = "".join(f"<li>{escape(str(k))}: {_provenance_value(str(k), v)}</li>"
                     for k, v in provenance.items())
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(report['title'])}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(report['title'])}</h1><nav>{nav}</nav></header><main>"
        f'<section id="headlines"><h2>Headline findings</h2><ul class="headlines">'
        f"{headlines}</ul></section>{''.join(sections)}{_references(report)}"
        f"<footer><h2>Provenance</h2><ul>{footer}</ul></footer></main>"
        f"<script>{SCRIPT}</script></body></html>"
    )
