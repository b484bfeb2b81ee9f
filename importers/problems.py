"""Validation problems: what is wrong, where, and a readable cap on how many.

A :class:`Problem` names the file (and, inside a workbook or JSON document, the
sheet or table), the row as a spreadsheet user sees it (header = row 1, first
data row = row 2; in JSON the 1-based ``item`` of the table's list), the
column as the user wrote its header, and a message.

:class:`ProblemLog` collects problems for one import. A broken million-row file
must still give a report a person can read, so at most :data:`DEFAULT_CAP`
problems are kept per (file, table, column, kind); the rest are counted and
summarised in one closing "... and N more" problem.

Some errors only follow from another problem: when the groups table is missing
(or its sheet was renamed "Planning groups"), every membership and attendance
row names a group that cannot be found. Those errors are recorded *because of*
a :class:`Cause`; :meth:`ProblemLog.finish` puts the root cause first (the
renamed sheet, when one was seen, promoted to an error; else the cause's own
message) and folds its consequences into one line: "... and 1424 errors that
follow from it".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
RowUnit = Literal["row", "item"]

#: What a capped kind of problem needs for its closing summary.
DroppedInfo = tuple[Severity, "Location", str | None, str]

#: Problems kept per (file, table, column, kind) before the rest are only counted.
DEFAULT_CAP = 20


@dataclass(frozen=True)
class Cause:
    """A root cause other errors follow from, such as a missing table.

    ``key`` names it (``"missing table groups"``): a problem added with
    ``explains=key`` (an unread sheet whose name suggests that table) is the
    better explanation and is shown instead of ``message`` at ``where``.
    """

    key: str
    where: Location
    message: str


@dataclass
class _Consequences:
    """The errors that follow from one cause: how many, where, and the first one."""

    cause: Cause
    count: int = 0
    first: Problem | None = None
    places: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input (``error``) or worth knowing (``warning``).

    ``row`` is the row as a spreadsheet shows it (header is row 1) or, for a
    JSON document, the 1-based item of the table's list (``unit == "item"``).
    ``table`` names the sheet of a workbook or the table of a JSON document
    when ``file`` alone does not say which table is meant.
    """

    severity: Severity
    file: str
    row: int | None
    column: str | None
    message: str
    table: str | None = None
    unit: RowUnit = "row"

    def __str__(self) -> str:
        parts = [self.file]
        if self.table is not None:
            parts.append(f"sheet '{self.table}'" if self.unit == "row" else f"table '{self.table}'")
        if self.row is not None:
            parts.append(f"{self.unit} {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return f"{', '.join(parts)}: {self.message}"


@dataclass(frozen=True)
class Location:
    """Where a table came from: the file, the sheet/table inside it, how rows are counted."""

    file: str
    table: str | None = None
    unit: RowUnit = "row"


#: A quoted value in a message longer than this is shortened (a 5,000-digit "number"
#: must still give a line a person can read).
LONGEST_VALUE = 60
_QUOTED = re.compile(r"(?<!\w)'([^'\n]{" + str(LONGEST_VALUE + 1) + r",})'(?!\w)")


def shortened(message: str) -> str:
    """``message`` with each long quoted value cut to its start and its length."""
    return _QUOTED.sub(lambda m: f"'{m.group(1)[:40]}…' ({len(m.group(1)):,} characters)",
                       message)


class ProblemLog:
    """Problems found during one import, capped per (file, table, column, kind)."""

    def __init__(self, cap: int = DEFAULT_CAP) -> None:
        self.cap = cap
        self.problems: list[Problem] = []
        self._kept: Counter[tuple[object, ...]] = Counter()
        self._dropped: Counter[tuple[object, ...]] = Counter()
        self._dropped_info: dict[tuple[object, ...], DroppedInfo] = {}
        self._explanations: dict[str, Problem] = {}
        self._consequences: dict[str, _Consequences] = {}

    # -- adding -----------------------------------------------------------------

    def add(self, severity: Severity, where: Location, message: str, *, row: int | None = None,
            column: str | None = None, kind: str | None = None,
            explains: str | None = None) -> None:
        """Record one problem; beyond the cap for its kind it is only counted.

        ``explains`` names a :class:`Cause` this problem may be the root of; if
        errors follow from that cause, the problem becomes an error shown first.
        """
        if explains is not None and explains not in self._explanations:
            self._explanations[explains] = Problem(severity, where.file, row, column, message,
                                                   where.table, where.unit)
            return
        key = (where.file, where.table, column, kind or message, severity)
        if kind is not None and self._kept[key] >= self.cap:
            self._dropped[key] += 1
            self._dropped_info[key] = (severity, where, column, kind)
            return
        self._kept[key] += 1
        self.problems.append(Problem(severity, where.file, row, column, shortened(message),
                                     where.table, where.unit))

    def error(self, where: Location, message: str, **kw: object) -> None:
        self.add("error", where, message, **kw)  # type: ignore[arg-type]

    def warning(self, where: Location, message: str, **kw: object) -> None:
        self.add("warning", where, message, **kw)  # type: ignore[arg-type]

    def add_rows(self, severity: Severity, where: Location, rows: Sequence[int],
                 items: Sequence[object], message: Callable[[object], str], *,
                 column: str | None, kind: str, because: Cause | None = None) -> None:
        """Record one problem per row, building messages only for those kept.

        ``rows`` and ``items`` run in step (the row number and whatever
        ``message`` needs to word that row's problem); only the first few up
        to the cap are worded, the rest are counted. With ``because`` they are
        only counted, as consequences of that cause (see :meth:`finish`).
        """
        if because is not None:
            if len(rows):
                self._follow(because, severity, where, int(rows[0]), column,
                             message(items[0]), len(rows))
            return
        key = (where.file, where.table, column, kind, severity)
        room = max(self.cap - self._kept[key], 0)
        total = len(rows)
        for row, item in zip(rows[:room], items[:room], strict=True):
            self.problems.append(Problem(severity, where.file, int(row), column,
                                         shortened(message(item)), where.table, where.unit))
        taken = min(room, total)
        self._kept[key] += taken
        if total > taken:
            self._dropped[key] += total - taken
            self._dropped_info[key] = (severity, where, column, kind)

    def _follow(self, cause: Cause, severity: Severity, where: Location, row: int,
                column: str | None, message: str, count: int) -> None:
        consequences = self._consequences.setdefault(cause.key, _Consequences(cause))
        if consequences.first is None:
            consequences.first = Problem(severity, where.file, row, column, message,
                                         where.table, where.unit)
        consequences.count += count
        place = _display(where) + (f" column '{column}'" if column else "")
        consequences.places[place] += count

    # -- reading ----------------------------------------------------------------

    def finish(self) -> list[Problem]:
        """All problems: root causes first, each followed by one line folding the errors
        that follow from it; then the rest, with one "... and N more" summary per
        capped kind."""
        out = self._roots()
        out += self.problems
        out += [p for key, p in self._explanations.items() if key not in self._consequences]
        for key, dropped in self._dropped.items():
            severity, where, column, kind = self._dropped_info[key]
            noun = "row" if where.unit == "row" else "item"
            out.append(Problem(
                severity, where.file, None, column,
                f"... and {dropped} more {noun}{'s' if dropped != 1 else ''} with this problem "
                f"({kind}); only the first {self.cap} are listed",
                where.table, where.unit,
            ))
        return out

    def _roots(self) -> list[Problem]:
        """Each cause with consequences, and one line saying how many and where."""
        out: list[Problem] = []
        for key, consequences in self._consequences.items():
            cause = consequences.cause
            seen = self._explanations.get(key)
            root = (Problem("error", seen.file, seen.row, seen.column, seen.message, seen.table,
                            seen.unit) if seen is not None else
                    Problem("error", cause.where.file, None, None, cause.message,
                            cause.where.table, cause.where.unit))
            n = consequences.count
            places = "; ".join(f"{place} ({count} row{'s' if count != 1 else ''})"
                               for place, count in consequences.places.items())
            first = consequences.first
            out += [root, Problem(
                "error", root.file, None, None,
                f"... and {n} error{'s' if n != 1 else ''} that follow{'s' if n == 1 else ''} "
                f"from it, in {places}; the first: {first}", root.table, root.unit)]
        return out

    @property
    def has_errors(self) -> bool:
        return (any(p.severity == "error" for p in self.problems)
                or any(info[0] == "error" for info in self._dropped_info.values())
                or bool(self._consequences))


def _display(where: Location) -> str:
    """``people.csv``, or ``sheet 'people'`` inside a workbook."""
    if where.table is None:
        return where.file
    return f"{'sheet' if where.unit == 'row' else 'table'} '{where.table}'"
