"""The report as Markdown, for pasting into papers and board reports.

Cells read as :mod:`netan.reporting.cells` says (money, percentages, sensible
rounding); the report ends with the references its text cites.
"""

from __future__ import annotations

from typing import Any

from netan.reporting import references
from netan.reporting.cells import cell_text

#: Tables longer than this are cut in Markdown (the CSV twin has every row).
MAX_ROWS = 50


def _cell(value: Any, column: str = "") -> str:
    return cell_text(column, value).replace("|", "\\|").replace("\n", " ")


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
