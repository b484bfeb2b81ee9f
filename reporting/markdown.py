"""The report as Markdown, for pasting into papers and board reports."""

from __future__ import annotations

from typing import Any

#: Tables longer than this are cut in Markdown (the CSV twin has every row).
MAX_ROWS = 50


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(table: dict[str, Any], max_rows: int = MAX_ROWS) -> str:
    """A GitHub-flavoured Markdown table (first ``max_rows`` rows, then a note)."""
    if not table["rows"]:
        return "_None._\n"
    lines = ["| " + " | ".join(_cell(c) for c in table["columns"]) + " |",
             "|" + "---|" * len(table["columns"])]
    for row in table["rows"][:max_rows]:
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
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
    provenance = report.get("provenance", {})
    if provenance:
        parts.append("## Provenance\n")
        parts += [f"- {key}: {_cell(value)}" for key, value in provenance.items()
                  if not isinstance(value, dict)]
        parts += [f"- {key}: " + ", ".join(f"{k} {_cell(v)}" for k, v in value.items())
                  for key, value in provenance.items() if isinstance(value, dict)]
    parts.append("")
    return "\n".join(parts)
