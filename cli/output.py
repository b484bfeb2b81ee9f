"""Printing for the CLI: tables, CSV, JSON, validation problems, progress.

Everything the terminal sees goes through here, so commands stay short and
the formats stay the same from one command to the next.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from netan.importers import Problem

OutputFormat = Literal["table", "csv", "json"]

_UNBOUNDED = 100_000  # a console width no table reaches

# Lines are never hard-wrapped: an error, a note or a path stays one line in a
# log, a pipe or a terminal of any width (the terminal folds it if it must).
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def json_default(value: Any) -> Any:
    """JSON for the values a store returns that json cannot encode itself."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, default=json_default, ensure_ascii=False)
    return str(value)


def render_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: OutputFormat) -> str:
    """Rows as CSV or JSON text (``table`` is printed by :func:`print_rows`).

    In CSV, text that starts like a spreadsheet formula is marked with a leading
    apostrophe (:func:`netan.reporting.tables.spreadsheet_cell`); numbers are not.
    """
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, default=json_default, indent=2, ensure_ascii=False)
    from netan.reporting.tables import spreadsheet_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[spreadsheet_cell(v) if isinstance(v, str) else cell_text(v) for v in row]
                      for row in rows])
    return buffer.getvalue().rstrip("\n")


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: OutputFormat) -> None:
    if fmt != "table":
        sys.stdout.write(render_rows(columns, rows, fmt) + "\n")
        return
    table = Table(*[escape(c) for c in columns], show_lines=False)
    for row in rows:
        table.add_row(*[escape(cell_text(v)) for v in row])
    print_table(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def print_problems(problems: Sequence[Problem]) -> None:
    """Validation problems, errors first, one line each, on stderr."""
    for problem in sorted(problems, key=lambda p: p.severity != "error"):
        colour = "red" if problem.severity == "error" else "yellow"
        err_console.print(f"[{colour}]{problem.severity}[/{colour}]: {escape(str(problem))}")


def show_warning(message: Warning | str, category: type[Warning], filename: str,
                 lineno: int, file: Any = None, line: str | None = None) -> None:
    """A Python warning as one line on stderr, as netan prints its problems: the text
    (netan's own start ``netan: ``, dropped here), never the source file and line."""
    text = str(message).removeprefix("netan: ")
    err_console.print(f"[yellow]warning[/yellow]: {escape(text)}")


def say(text: str) -> None:
    """Print one line of plain text: never read as Rich markup (a name, headline or path
    may hold ``[brackets]``, e.g. a person named ``[/bold]``)."""
    console.print(escape(text))


def print_counts(title: str, counts: dict[str, dict[str, int]]) -> None:
    table = Table(title=escape(title))
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for kind, per_name in counts.items():
        for name, n in per_name.items():
            table.add_row(kind, name, f"{n:,}")
    print_table(table)


def print_table(table: Table) -> None:
    """A table fitted to the terminal; piped or captured, as wide as its cells need."""
    if console.is_terminal:
        console.print(table)
    else:  # a pipe or a log: no row is split over lines
        Console(file=console.file, width=_UNBOUNDED, soft_wrap=True,
                color_system=None).print(table)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one clear error line and stop with ``code``."""
    import typer

    err_console.print(f"[red]error[/red]: {escape(message)}")
    raise typer.Exit(code)


@contextmanager
def progress_after(seconds: float = 1.0) -> Iterator[Any]:
    """A ``progress(step, done, total)`` callback that shows a bar once work passes ``seconds``.

    Short imports print nothing; long ones get a bar per step. The bar is redrawn when a
    step reports, never by a timer thread: while another thread runs, the analyses do
    not fork worker processes (:func:`netan.kernels.parallel.ordered_map`), so a
    refreshing bar would keep a report on one core.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    started = time.monotonic()
    bars: Progress | None = None
    tasks: dict[str, TaskID] = {}

    def progress(step: str, done: int, total: int) -> None:
        nonlocal bars
        if bars is None:
            if time.monotonic() - started < seconds:
                return
            bars = Progress(TextColumn("{task.description}"), BarColumn(),
                            TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                            console=err_console, transient=False, auto_refresh=False)
            bars.start()
        if step not in tasks:
            tasks[step] = bars.add_task(step, total=total)
        bars.update(tasks[step], completed=done, total=total, refresh=True)

    try:
        yield progress
    finally:
        if bars is not None:
            bars.stop()
