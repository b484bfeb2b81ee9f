"""The report as Markdown, for pasting into papers and board reports.

Cells read as :mod:`netan.reporting.cells` says (money, percentages, sensible
rounding); the report ends with the references its text cites.
"""

from __future__ import annotations

import re
from typing import Any

from netan.reporting import references
from netan.reporting.cells import cell_text

#: Tables longer than this are cut in Markdown (the CSV twin has every row).
MAX_ROWS = 50


#: Characters Markdown reads as syntax inside a line (CommonMark, GFM tables and
#: strikethrough): backslash-escaped so text from the data stays text.
_SYNTAX = re.compile(r"([\\`*_\[\]|~!])")
#: Characters that start raw HTML or an entity: written as entities.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: Link schemes that run code or embed content when a renderer makes a link of them.
_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data)(\s*):")
#: Block markers a cell's text could start with (a heading, quote, list or rule).
_BLOCK_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")


def markdown_text(text: str) -> str:
    """``text`` as inline Markdown that renders as exactly that text: no HTML, link,
    image, emphasis or table cell boundary can come out of it, and ``javascript:``,
    ``vbscript:`` and ``data:`` lose their colon to an escape."""
    text = text.replace("\r", " ").replace("\n", " ")
    text = "".join(_HTML.get(c, c) for c in text)
    text = _SYNTAX.sub(r"\\\1", text)
    text = _SCHEME.sub(r"\1\2\\:", text)
    match = _BLOCK_START.match(text)
    if match:
        end = match.end()
        text = text[:end] + "\\" + text[end:] if match.group().isdigit() else "\\" + text
    return text


def _cell(value: Any, column: str = "") -> str:
    """A value as the report shows it (:func:`netan.reporting.cells.cell_text`); text
    from the data escaped by :func:`markdown_text`, numbers as they are."""
    text = cell_text(column, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    return markdown_text(text)


def markdown_table(table: dict[str, Any], max_rows: int = MAX_ROWS) -> str:
    """A GitHub-flavoured Markdown table (first ``max_rows`` rows, then a note)."""
    if not table["rows"]:
        return "_None._\n"
    lines = ["| " + " | ".join(_cell(c) for c in table["columns"]) + " |",
             "|" + "---|" * len(table["columns"])]
    columns = [str(c) for c in table["columns"]]
    for row in table["rows"][:max_rows]:
        lines.append("| " + " | ".join(_cell(v, c) for c, v in zip(columns, row, strict=False))
                     + " |")
    extra = len(table["rows"]) - max_rows
    if extra > 0:
        lines.append(f"\n_... and {extra} more rows in {table['id']}.csv._")
    return "\n".join(lines) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    """The whole report: headlines, then each section's tables."""
    parts = [f"# {report['title']}\n", "## Headline findings\n"]
    parts += [f"- {_cell(line)}" for line in report["headlines"]]
    parts.append("")
    for section in report["sections"]:
        parts.append(f"## {section['title']}\n")
        for table in section["tables"]:
            parts.append(f"### {_cell(table['title'])}\n")
            if table.get("description"):
                parts.append(_cell(table["description"]) + "\n")
            parts.append(markdown_table(table))
    works = references.cited(references.document_texts(report))
    if works:
        parts.append("## References\n")
        parts += [f"{i}. {_cell(w.reference)}" for i, w in enumerate(works, start=1)]
        parts.append("")
    provenance = report.get("provenance", {})
    if provenance:
        parts.append("## Provenance\n")
        parts += [f"- {key}: {_cell(value)}" for key, value in provenance.items()
                  if not isinstance(value, dict)]
        parts += [f"- {key}: " + ", ".join(f"{k} {_cell(v) or '-'}" for k, v in value.items())
                  for key, value in provenance.items() if isinstance(value, dict)]
    parts.append("")
    return "\n".join(parts)
