"""The report as one self-contained HTML page that opens offline.

No CDN, no web font, no external request: the style, the table-sorting script
and the SVG charts are all inline. Every value from the data (names, ids,
sectors, group names) goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import repeat
from typing import Any

from netan.reporting import charts
from netan.reporting.tables import csv_name

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222;
 line-height:1.45}
header{background:#1f3b57;color:#fff;padding:1.2em 2em}
main{max-width:1200px;margin:0 auto;padding:1em 2em}
nav a{margin-right:1em}
.headlines li{font-size:1.1em;margin:.3em 0}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eef2f6;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}
.scroll{max-height:28em;overflow:auto}
.chart{max-width:100%;height:auto;font-size:11px}
.empty{color:#777;font-style:italic}
.csv{font-size:.8em}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}
dl.summary dt{font-weight:600}
footer{color:#555;font-size:.85em;border-top:1px solid #ccc;margin-top:2em;padding-top:1em}
"""

# Sorts a table by the clicked header: numbers numerically, text alphabetically.
SCRIPT = """
document.querySelectorAll("table.sortable th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0];
    var asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].textContent, y = b.cells[index].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var cmp = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return asc ? cmp : -cmp;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""


def _text(value: Any) -> str:
    """What a cell shows, before escaping."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _value(value: Any) -> str:
    return escape(_text(value))


#: Marks between cells and between rows while a table body is escaped in one go.
_CELL, _ROW = "\x1f", "\x1e"


def _column_text(column: tuple[Any, ...]) -> Iterable[str]:
    """:func:`_text` of every value of a column, a whole column at a time when its
    values are all of the common exact types."""
    types = set(map(type, column))
    if types <= {str, int, bool}:
        return map(str, column)
    if types == {float}:
        return map(format, column, repeat(".4g"))
    return map(_text, column)


def _body(rows: list[list[Any]]) -> str:
    """The ``<tr>`` rows of a table, every value escaped.

    Escaping replaces character by character, so escaping the joined text of all
    the cells is escaping each cell; the cells are joined with control characters
    (checked to occur in no value) that then become the tags. Rows of differing
    or no length are written one cell at a time.
    """
    if not rows:
        return ""
    width = len(rows[0])
    if width and set(map(len, rows)) == {width}:
        columns = [_column_text(column) for column in zip(*rows, strict=True)]
        text = _ROW.join(map(_CELL.join, zip(*columns, strict=True)))
        if (text.count(_ROW) == len(rows) - 1
                and text.count(_CELL) == (width - 1) * len(rows)):
            text = escape(text).replace(_CELL, "</td><td>").replace(_ROW, "</td></tr><tr><td>")
            return f"<tr><td>{text}</td></tr>"
    return "".join("<tr>" + "".join(f"<td>{_value(v)}</td>" for v in row) + "</tr>"
                   for row in rows)


#: Tables longer than this show their first rows only (in the document's order, most
#: telling first); the CSV twin has every row. Keeps a national report a few MB.
MAX_HTML_ROWS = 1000


def html_table(table: dict[str, Any], csv_href: str | None = None,
               max_rows: int = MAX_HTML_ROWS) -> str:
    """A sortable table with its title and a link to its CSV twin (first ``max_rows``
    rows, then a note saying how many more the CSV holds)."""
    head = "".join(f"<th scope=col>{escape(str(c))}</th>" for c in table["columns"])
    body = _body(table["rows"][:max_rows])
    extra = len(table["rows"]) - max_rows
    more = ""
    if extra > 0:
        where = (f'<a href="{escape(csv_href)}">{escape(csv_href)}</a>' if csv_href
                 else "the CSV twin")
        more = (f'<p class="more">Showing the first {max_rows:,} of {len(table["rows"]):,} '
                f"rows (sorting sorts these); all of them are in {where}.</p>")
    link = (f' <a class="csv" href="{escape(csv_href)}">CSV</a>' if csv_href else "")
    caption = f"<h3 id=\"t-{escape(table['id'])}\">{escape(table['title'])}{link}</h3>"
    if table.get("description"):
        caption += f"<p>{escape(table['description'])}</p>"
    if not table["rows"]:
        return caption + charts.empty("None.")
    return (f'{caption}<div class="scroll"><table class="sortable" '
            f'data-table="{escape(table["id"])}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>{more}")


def _summary(summary: dict[str, Any]) -> str:
    items = "".join(f"<dt>{escape(str(k).replace('_', ' '))}</dt><dd>{_value(v)}</dd>"
                    for k, v in summary.items() if not isinstance(v, dict | list))
    return f'<dl class="summary">{items}</dl>' if items else ""


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
            parts.append(f"<figure><figcaption>{escape(chart['title'])}</figcaption>"
                         f"{charts.render(chart)}</figure>")
        for table in section["tables"]:
            href = f"{csv_folder}/{csv_name(table)}" if csv_folder else None
            parts.append(html_table(table, href))
        parts.append("</section>")
        sections.append("".join(parts))
    headlines = "".join(f"<li>{escape(line)}</li>" for line in report["headlines"])
    provenance = report.get("provenance", {})
    footer = "".join(
        f"<li>{escape(str(k))}: {escape(str(v))}</li>" for k, v in provenance.items())
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(report['title'])}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(report['title'])}</h1><nav>{nav}</nav></header><main>"
        f'<section id="headlines"><h2>Headline findings</h2><ul class="headlines">'
        f"{headlines}</ul></section>{''.join(sections)}"
        f"<footer><h2>Provenance</h2><ul>{footer}</ul></footer></main>"
        f"<script>{SCRIPT}</script></body></html>"
    )
