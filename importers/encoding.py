"""Text encodings, decided per file: UTF-8, or what the user says, never a guess.

* Every CSV and JSON file is read as UTF-8, with or without a byte-order mark
  (as UTF-16 when it starts with a UTF-16 mark).
* A file that is not valid UTF-8 is an error naming its first bad byte: the row
  and column of a CSV, the line and column of a JSON document. Nothing is read
  from it, because reading it in another encoding by guesswork garbles every
  correct name in it (``Glyndŵr`` becomes ``GlyndÅµr``).
* Unless the import was given an encoding (``--encoding cp1252``, any codec
  Python knows): then a file that is not valid UTF-8, and only such a file, is
  read with that codec, strictly, with a warning. A file that is valid UTF-8 is
  always read as UTF-8, so one badly saved file never changes how the others
  are read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable

from .problems import Location, ProblemLog

#: Where a byte offset is, for a message: (row, column header or None, words).
Position = tuple[int | None, str | None, str]
Locator = Callable[[bytes, int, str], Position]

_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def check_encoding(name: str | None) -> str | None:
    """``name`` as Python's codec name (None stays None); ValueError if it is no text codec."""
    if name is None:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding '{name}'; give one such as cp1252, latin-1 "
                         "or utf-16") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"'{name}' is not a text encoding; give one such as cp1252")
    return info.name


def _shown_byte(data: bytes, start: int, text_before: str) -> str:
    """``byte 0xE2 after 'Si'``: the bad byte and the text of its cell before it."""
    line = text_before.splitlines()[-1] if text_before.strip() else ""
    tail = re.split(r'[,;\t"]', line)[-1][-20:].strip()
    after = f" after '{tail}'" if tail else ""
    return f"byte 0x{data[start]:02X}{after}"


def decode(data: bytes, where: Location, log: ProblemLog, encoding: str | None,
           locate: Locator) -> str | None:
    """``data`` as text (see the module docstring); None, with one error, when it cannot be.

    ``locate(data, offset, codec)`` says where a bad byte is, for the message.
    """
    codec = "utf-16" if data.startswith(_UTF16_MARKS) else "utf-8-sig"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as bad:
        first = bad
    named = "UTF-16" if codec == "utf-16" else "UTF-8"
    row, column, position = locate(data, first.start, codec)
    before = data[:first.start].decode(codec, errors="replace")
    if encoding is None or codec == "utf-16":
        log.error(where, f"not valid {named}: {_shown_byte(data, first.start, before)}"
                  f"{position}; save the file as {named} ('CSV UTF-8' in Excel), or import "
                  "with --encoding cp1252 if it was saved as Windows-1252", row=row,
                  column=column)
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as worse:
        row, column, position = locate(data, worse.start, encoding)
        before = data[:worse.start].decode(encoding, errors="replace")
        log.error(where, f"neither valid UTF-8 nor valid {encoding}: "
                  f"{_shown_byte(data, worse.start, before)}{position}; save the file as "
                  "UTF-8", row=row, column=column)
        return None
    if row is not None:
        at = f" (first at row {row}" + (f", column '{column}'" if column else "") + ")"
    else:
        at = f" (first{position})"
    log.warning(where, f"not valid UTF-8{at}, so it was read as {encoding} as --encoding asked")
    return text


def csv_locator(separator: Callable[[str], str]) -> Locator:
    """Where a byte offset of a CSV file is: its row and the header of its column.

    ``separator(first_line)`` is the CSV's separator (see ``readers``).
    """
    def locate(data: bytes, offset: int, codec: str) -> Position:
        text = data.decode(codec, errors="replace")
        sep = separator(text.split("\n", 1)[0])
        prefix = data[:offset].decode(codec, errors="replace")
        # The text before the byte and one more letter standing for it: the record and
        # the cell that letter ends up in are the bad byte's (also inside quoted lines).
        records = list(csv.reader(io.StringIO(prefix + "x", newline=""), delimiter=sep))
        row, cell = len(records), len(records[-1]) - 1
        if row == 1:
            return 1, None, f" in the header (cell {cell + 1})"
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), [])
        column = header[cell].strip() if cell < len(header) else None
        return row, column or None, "" if column else f" in cell {cell + 1}"
    return locate


def json_locator(data: bytes, offset: int, codec: str) -> Position:
    """Where a byte offset of a JSON document is: its line and column."""
    prefix = data[:offset].decode(codec, errors="replace")
    line = prefix.count("\n") + 1
    column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return None, None, f" at line {line}, column {column}"
