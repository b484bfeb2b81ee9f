"""How a table cell reads on the page: one set of rules for the HTML and Markdown report.

The rules go by a column's name and a value's type, never by the table, so a
table added to the report gets them without a change here:

* booleans are ``true`` / ``false`` (the CSV twins write them the same way);
* an ``amount`` column (or ``..._amount``) is money: ``£125,000``;
* a column with ``share`` or ``rate`` among the words of its name (``share``,
  ``pooled_share``, ``share_with_primary_care``), a proportion in [0, 1], is a
  percentage: ``65%`` (one decimal under 10%: ``4.7%``);
* any other float has three significant figures and no exponent (``0.0467``,
  ``10.5``, ``12,346``), a whole float has none (``3``);
* integers and text are shown as they are; a missing value is blank.

The CSV twins and report.json keep every digit: these rules are for reading.
"""

from __future__ import annotations

import math
from typing import Any

#: The currency of budget amounts (the partnerships netan serves are in the UK).
CURRENCY = "£"


def is_money(column: str) -> bool:
    return column == "amount" or column.endswith("_amount")


def is_proportion(column: str) -> bool:
    return bool({"share", "rate"} & set(column.split("_")))


def money(value: float) -> str:
    """``£125,000`` (pence only when there are any: ``£12.50``)."""
    pence = round(value * 100) % 100
    return f"{CURRENCY}{value:,.2f}" if pence else f"{CURRENCY}{value:,.0f}"


def percent(value: float) -> str:
    """A proportion as a percentage: ``65%``, ``4.7%``, ``0%``."""
    shown = 100 * value
    return f"{shown:.1f}%" if 0 < abs(shown) < 10 else f"{shown:.0f}%"


def number(value: float) -> str:
    """Three significant figures, thousands separated, never an exponent."""
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    decimals = max(0, 2 - math.floor(math.log10(abs(value))))
    return f"{value:,.{decimals}f}"


def cell_text(column: str, value: Any) -> str:
    """``value`` of column ``column`` as the report shows it (not yet escaped)."""
    if value is None:
        return ""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is str:
        return value
    if kind is float and not math.isfinite(value):
        return "" if math.isnan(value) else ("∞" if value > 0 else "-∞")
    if kind is int or kind is float:
        if is_money(column):
            return money(float(value))
        if is_proportion(column) and kind is float:
            return percent(value)
        return number(value) if kind is float else str(value)
    return str(value)


def csv_value(value: Any) -> Any:
    """A value as the CSV twin writes it: booleans ``true`` / ``false``, the rest as is."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value
