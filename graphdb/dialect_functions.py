"""Neo4j's functions written for the embedded store, each giving Neo4j's answer.

One function here per Neo4j function (or family), registered in
:data:`FUNCTIONS`. Each takes the translator (for its arguments' text and
types) and the call, and returns the LadybugDB text with the result's type, or
raises :class:`DialectError` saying what to write instead. The differences
they bridge, measured against Neo4j 5.26 and LadybugDB 0.22:

========================  ===============================  ==========================
Neo4j                     LadybugDB as is                   here
========================  ===============================  ==========================
``substring(s, 1, 2)``    1-based: ``'he'``                 start + 1: ``'el'``
``split('a,,b', ',')``    drops empty pieces                keeps them: ``['a','','b']``
``toInteger(3.7)``        rounds: 4                         truncates: 3
``toInteger('x')``        error                             null
``toString(2.0)``         ``'2.000000'``                    ``'2.0'``
``sum()`` of no rows      null                              0
``round(-2.5)``           -3.0                              -2.0 (half up)
``ceil(1)``, ``floor(1)`` an integer                        a float
``log(x)``                log10                             natural log
``labels(n)``, ``type(r)`` of a null                        the table's name            null
``head([])``              error                             null
========================  ===============================  ==========================
"""

from __future__ import annotations

import math
import re
import types
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from netan.graphdb.cypher import Call, Expr, Literal, Star
from netan.graphdb.dialect_types import (
    ANY,
    BOOL,
    DATE,
    FLOAT,
    INT,
    NULL,
    STRING,
    DialectError,
    Out,
    Type,
    list_of,
    node_type,
    refuse,
    rel_type,
    unify,
)

Translator = Any  # netan.graphdb.dialect._Translator (not imported: it imports this module)
Handler = Callable[[Translator, Call], Out]

FUNCTIONS: dict[str, Handler] = {}


def function(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler for the Neo4j function ``names`` (lower case)."""

    def register(handler: Handler) -> Handler:
        for name in names:
            FUNCTIONS[name] = handler
        return handler

    return register


def call(t: Translator, e: Call) -> Out:
    """The LadybugDB text for the function call ``e``."""
    name = e.name.lower()
    if "." in name:
        raise refuse(f"the function {e.name}()", "APOC, GDS and other plug-in functions are not "
                     "available on the embedded store")
    handler = FUNCTIONS.get(name)
    if handler is None:
        if name in REFUSED:
            construct, instead = REFUSED[name]
            raise refuse(construct.format(name=e.name), instead)
        from netan.graphdb.dialect import did_you_mean

        raise DialectError(f"unknown function {e.name}()"
                           f"{did_you_mean(e.name, sorted(NEO4J_NAMES))}")
    if e.distinct and name not in AGGREGATES:
        raise DialectError(f"DISTINCT is only allowed in aggregating functions, not {e.name}()")
    if name in AGGREGATES and _calls(e.args, "rand"):
        raise DialectError(f"{e.name}() cannot aggregate rand(): its value is not the same on "
                           "every run")
    return handler(t, e)


def _calls(value: Any, name: str) -> bool:
    """Whether ``value`` (an expression or a tuple of them) calls the function ``name``."""
    if isinstance(value, Call) and value.name.lower() == name:
        return True
    if isinstance(value, tuple | list):
        return any(_calls(v, name) for v in value)
    if isinstance(value, Expr):
        return any(_calls(getattr(value, f), name) for f in value.__dataclass_fields__)
    return False


def args(t: Translator, e: Call, *counts: int) -> list[Out]:
    """The call's arguments written out, after checking how many there are."""
    if len(e.args) not in counts:
        wanted = " or ".join(str(c) for c in counts)
        raise DialectError(f"{e.name}() takes {wanted} argument{'s' if counts != (1,) else ''}, "
                           f"not {len(e.args)}")
    return [t.expr(a) for a in e.args]


def check(out: Out, kinds: tuple[str, ...], e: Call) -> bool:
    """True when ``out`` may be one of ``kinds``; False when it is null; else refuse."""
    if out.type.kind == "null":
        return False
    if out.type.kind not in (*kinds, "any"):
        names = " or ".join(str(Type(k)) for k in kinds)
        raise DialectError(f"{e.name}() needs {names}, not a {out.type}")
    return True


def null_if_null(value: Out, text: str) -> str:
    return f"(CASE WHEN {value.text} IS NULL THEN NULL ELSE {text} END)"


# ---------------------------------------------------------------------------
# Functions written in Python: Neo4j's exact rules, registered on every connection
# ---------------------------------------------------------------------------


def java_float_text(x: float) -> str:
    """Java's ``Double.toString`` (Neo4j's ``toString(2.0)`` is ``'2.0'``, 1e20 ``'1.0E20'``)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    sign, digits, exponent = Decimal(repr(x)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + int(exponent)  # digits before the decimal point
    if 1e-3 <= abs(x) < 1e7:
        if point <= 0:
            body = "0." + "0" * -point + text
        elif point >= len(text):
            body = text + "0" * (point - len(text)) + ".0"
        else:
            body = text[:point] + "." + text[point:]
    else:
        body = f"{text[0]}.{text[1:] or '0'}E{point - 1}"
    return ("-" if sign else "") + body


def neo4j_split(text: str, separator: str) -> list[str]:
    """Neo4j's ``split``: every piece, empty ones too; '' splits into characters."""
    if separator == "":
        return list(text) if text else [""]
    return text.split(separator)


def neo4j_to_integer(text: str) -> int | None:
    """Neo4j's ``toInteger(text)``: whole numbers, else decimals truncated, else null."""
    if re.fullmatch(r"[+-]?[0-9]+", text):
        value = int(text)
    elif re.fullmatch(r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?", text):
        value = int(float(text))
    else:
        return None
    if not -(2**63) <= value < 2**63:
        raise ValueError(f"integer, {text}, is too large")
    return value


def neo4j_to_float(text: str) -> float | None:
    """Neo4j's ``toFloat(text)`` (Java's Double.parseDouble: spaces and a d/f suffix allowed)."""
    found = re.fullmatch(r"\s*([+-]?(NaN|Infinity|([0-9]+[.]?[0-9]*|[.][0-9]+)"
                         r"([eE][+-]?[0-9]+)?))[dDfF]?\s*", text)
    return float(found.group(1)) if found else None


def neo4j_round(x: float, precision: int) -> float:
    """Neo4j's ``round(x, precision)``: 0 rounds half up (Math.round), else BigDecimal HALF_UP."""
    if math.isnan(x) or math.isinf(x):
        return x
    if precision == 0:
        return float(math.floor(x + 0.5))
    exact = Decimal(repr(x)).quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)
    return float(exact)


#: (name, function, parameter types, result type) registered on each LadybugDB connection.
PYTHON_FUNCTIONS: tuple[tuple[str, Callable[..., Any], list[str], str], ...] = (
    ("netan_float_text", java_float_text, ["DOUBLE"], "STRING"),
    ("netan_split", neo4j_split, ["STRING", "STRING"], "STRING[]"),
    ("netan_round", neo4j_round, ["DOUBLE", "INT64"], "DOUBLE"),
    ("netan_to_integer", neo4j_to_integer, ["STRING"], "INT64"),
    ("netan_to_float", neo4j_to_float, ["STRING"], "DOUBLE"),
)


def register(connection: Any) -> None:
    """Make :data:`PYTHON_FUNCTIONS` callable in queries on ``connection``."""
    for name, function_, params, result in PYTHON_FUNCTIONS:
        # a copy without annotations: LadybugDB would read ``int | None`` as a type and fail
        unannotated = types.FunctionType(function_.__code__, function_.__globals__, name,
                                         function_.__defaults__, function_.__closure__)
        unannotated.__annotations__ = {}
        connection.create_function(name, unannotated, params, result)


# ---------------------------------------------------------------------------
# Aggregating functions
# ---------------------------------------------------------------------------

AGGREGATES = frozenset({"count", "sum", "avg", "min", "max", "collect"})

# Aggregates of a value that is always null (UNWIND [] AS x ... sum(x)) still aggregate:
NO_COUNT = "(count(*) * 0)"  # 0
NO_VALUE = "(CASE WHEN count(*) IS NULL THEN 0 END)"  # null
NO_LIST = "list_slice([count(*)], 1, 0)"  # []


def distinct(e: Call) -> str:
    return "DISTINCT " if e.distinct else ""


@function("count")
def _count(t: Translator, e: Call) -> Out:
    if len(e.args) == 1 and isinstance(e.args[0], Star):
        return Out("count(*)", INT)
    (value,) = args(t, e, 1)
    if value.type.kind == "null":
        return Out(NO_COUNT, INT)
    return Out(f"count({distinct(e)}{value.text})", INT)


@function("sum")
def _sum(t: Translator, e: Call) -> Out:
    (value,) = args(t, e, 1)
    if not check(value, ("int", "float"), e):
        return Out(NO_COUNT, INT)
    if value.type.kind == "any":
        raise refuse("sum() of a value netan cannot type", "sum a property or a number")
    total = f"sum({distinct(e)}{value.text})"
    if value.type.kind == "int":  # LadybugDB sums integers as INT128
        return Out(f"coalesce(to_int64({total}), 0)", INT)
    # Neo4j's sum of no floats is the integer 0: null here, 0 in the answer (see raw())
    return Out(total, Type("float", zero=True))


@function("avg")
def _avg(t: Translator, e: Call) -> Out:
    (value,) = args(t, e, 1)
    if not check(value, ("int", "float"), e):
        return Out(NO_VALUE, NULL)
    return Out(f"avg({distinct(e)}{value.text})", FLOAT)


@function("min", "max")
def _min_max(t: Translator, e: Call) -> Out:
    (value,) = args(t, e, 1)
    if not check(value, ("int", "float", "string", "bool", "date"), e):
        return Out(NO_VALUE, NULL)
    return Out(f"{e.name.lower()}({distinct(e)}{value.text})", value.type)


@function("collect")
def _collect(t: Translator, e: Call) -> Out:
    (value,) = args(t, e, 1)
    if value.type.kind == "null":
        return Out(NO_LIST, list_of(ANY))
    return Out(f"collect({distinct(e)}{value.text})", list_of(value.type))


# ---------------------------------------------------------------------------
# Nodes, relationships and paths
# ---------------------------------------------------------------------------


@function("labels")
def _labels(t: Translator, e: Call) -> Out:
    from netan.graphdb.dialect import SECTOR_LABEL_PREFIX, sector_tables

    (node,) = args(t, e, 1)
    if not check(node, ("node",), e):
        return Out("NULL", NULL)
    n = node.text
    names = node.type.names
    with_sector = sector_tables() if names is None else sector_tables() & names
    label_list = f"[label({n})]"
    if with_sector:
        prefix = t.constant(SECTOR_LABEL_PREFIX)
        label_list = (f"(CASE WHEN {n}.sector IS NULL THEN [label({n})] "
                      f"ELSE [label({n}), {prefix} + {n}.sector] END)")
    return Out(null_if_null(node, label_list), list_of(STRING))


@function("type")
def _type(t: Translator, e: Call) -> Out:
    (rel,) = args(t, e, 1)
    if not check(rel, ("rel",), e):
        return Out("NULL", NULL)
    return Out(null_if_null(rel, f"label({rel.text})"), STRING)


@function("id", "elementid")
def _id(t: Translator, e: Call) -> Out:
    raise refuse(f"{e.name}() (the store's internal id)",
                 "it differs between stores: use netan's id, n.id")


#: Neo4j's path functions: LadybugDB name and result type.
_PATH_FUNCTIONS = {"nodes": ("nodes", list_of(node_type())),
                   "relationships": ("rels", list_of(rel_type())), "length": ("length", INT)}


@function(*_PATH_FUNCTIONS)
def _path_function(t: Translator, e: Call) -> Out:
    (path,) = args(t, e, 1)
    if not check(path, ("path",), e):
        return Out("NULL", NULL)
    name, kind = _PATH_FUNCTIONS[e.name.lower()]
    return Out(f"{name}({path.text})", kind)


@function("startnode", "endnode")
def _endpoint(t: Translator, e: Call) -> Out:
    raise refuse(f"{e.name}()", "name the node in the pattern: MATCH (a)-[r]->(b)")


@function("keys", "properties")
def _keys(t: Translator, e: Call) -> Out:
    raise refuse(f"{e.name}()", "name the properties you need: n {.name, .role}; "
                 "`netan schema` lists them")


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------


def list_arg(t: Translator, e: Call) -> Out | None:
    (value,) = args(t, e, 1)
    return value if check(value, ("list",), e) else None


@function("size")
def _size(t: Translator, e: Call) -> Out:
    (value,) = args(t, e, 1)
    if not check(value, ("list", "string"), e):
        return Out("NULL", NULL)
    return Out(f"size({value.text})", INT)


@function("head", "last")
def _head(t: Translator, e: Call) -> Out:
    value = list_arg(t, e)
    if value is None:
        return Out("NULL", NULL)
    at = 0 if e.name.lower() == "head" else -1
    return t.element(value, Out(str(at) if at >= 0 else "(-1)", INT), e.args[0], Literal(at))


@function("tail")
def _tail(t: Translator, e: Call) -> Out:
    value = list_arg(t, e)
    if value is None:
        return Out("NULL", NULL)
    return Out(f"list_slice({value.text}, 2, size({value.text}))", value.type)


@function("reverse")
def _reverse(t: Translator, e: Call) -> Out:
    (value,) = args(t, e, 1)
    if not check(value, ("list", "string"), e):
        return Out("NULL", NULL)
    if value.type.kind == "any":
        raise refuse("reverse() of a value netan cannot type", "reverse a list or a string")
    function_name = "reverse" if value.type.kind == "string" else "list_reverse"
    return Out(f"{function_name}({value.text})", value.type)


@function("range")
def _range(t: Translator, e: Call) -> Out:
    values = args(t, e, 2, 3)
    for v in values:
        if not check(v, ("int",), e):
            raise DialectError("range() needs whole numbers, not null")
    return Out(f"range({', '.join(v.text for v in values)})", list_of(INT))


@function("coalesce")
def _coalesce(t: Translator, e: Call) -> Out:
    if not e.args:
        raise DialectError("coalesce() needs at least one argument")
    first = t.raw(e.args[0])
    if first.type.zero:  # a sum() is never null: coalesce(sum(x), 0.0) is the sum itself
        return first
    values = [t.expr(a) for a in e.args]
    kind = unify([v.type for v in values], "coalesce()")
    return Out(f"coalesce({', '.join(v.text for v in values)})", kind)


@function("isempty")
def _is_empty(t: Translator, e: Call) -> Out:
    (value,) = args(t, e, 1)
    if not check(value, ("list", "string"), e):
        return Out("NULL", NULL)
    return Out(f"(size({value.text}) = 0)", BOOL)


# ---------------------------------------------------------------------------
# Strings
# ---------------------------------------------------------------------------


def string_arg(t: Translator, e: Call, count: tuple[int, ...] = (1,)) -> list[Out] | None:
    values = args(t, e, *count)
    if not check(values[0], ("string",), e):
        return None
    return values


@function("toupper", "upper", "tolower", "lower", "trim", "ltrim", "rtrim", "btrim")
def _string_1(t: Translator, e: Call) -> Out:
    values = string_arg(t, e)
    if values is None:
        return Out("NULL", NULL)
    name = {"toupper": "upper", "tolower": "lower", "btrim": "trim"}.get(e.name.lower(),
                                                                       e.name.lower())
    return Out(f"{name}({values[0].text})", STRING)


@function("replace")
def _replace(t: Translator, e: Call) -> Out:
    s, old, new = args(t, e, 3)
    if not all(check(v, ("string",), e) for v in (s, old, new)):
        return Out("NULL", NULL)
    return Out(f"replace({s.text}, {old.text}, {new.text})", STRING)


def _non_negative(t: Translator, e: Call, counts: list[Out], body: str) -> Out:
    """``body``, or Neo4j's error where a start or length in ``counts`` is negative."""
    t.once(*(v.text for v in counts))
    tests = " OR ".join(f"{v.text} < 0" for v in counts)
    stop = t.guard(f"{e.name}() cannot take a negative start or length", STRING)
    return Out(f"(CASE WHEN {tests} THEN {stop} ELSE {body} END)", STRING)


@function("substring")
def _substring(t: Translator, e: Call) -> Out:
    values = args(t, e, 2, 3)
    s, start = values[0], values[1]
    if not check(s, ("string",), e):
        return Out("NULL", NULL)
    for v in values[1:]:
        if not check(v, ("int",), e):
            raise DialectError(f"{e.name}() needs a whole number start and length, not null")
    length = values[2].text if len(values) == 3 else f"size({s.text})"
    return _non_negative(t, e, values[1:], f"substring({s.text}, {start.text} + 1, {length})")


@function("left", "right")
def _left_right(t: Translator, e: Call) -> Out:
    s, n = args(t, e, 2)
    if not check(n, ("int",), e):
        raise DialectError(f"{e.name}() needs a whole number length, not null")
    if not check(s, ("string",), e):
        return Out("NULL", NULL)
    return _non_negative(t, e, [n], f"{e.name.lower()}({s.text}, {n.text})")


@function("split")
def _split(t: Translator, e: Call) -> Out:
    s, sep = args(t, e, 2)
    if not check(s, ("string",), e) or not check(sep, ("string",), e):
        return Out("NULL", NULL)
    return Out(f"netan_split({s.text}, {sep.text})", list_of(STRING))


@function("char_length", "character_length")
def _char_length(t: Translator, e: Call) -> Out:
    values = string_arg(t, e)
    if values is None:
        return Out("NULL", NULL)
    return Out(f"size({values[0].text})", INT)


# ---------------------------------------------------------------------------
# Conversions
# ---------------------------------------------------------------------------


@function("tostring", "tostringornull")
def _to_string(t: Translator, e: Call) -> Out:
    (value,) = args(t, e, 1)
    return t.to_string(value, or_null=e.name.lower().endswith("ornull"))


def _truncate(text: str) -> str:
    return f"to_int64(CASE WHEN {text} >= 0 THEN floor({text}) ELSE ceil({text}) END)"


def _convert(t: Translator, e: Call, target: Type,
             ways: dict[str, Callable[[str], str]]) -> Out:
    """``toX(value)``: ``ways`` writes the conversion from each type; ``...OrNull`` gives null."""
    (value,) = args(t, e, 1)
    kind = value.type.kind
    if kind in (target.kind, "null"):
        return value
    if kind in ways:
        return Out(ways[kind](value.text), target)
    name = e.name[: -len("OrNull")] if e.name.lower().endswith("ornull") else e.name
    if name != e.name and kind != "any":
        return Out("NULL", NULL)
    if kind == "any":
        raise refuse(f"{name}() of a value netan cannot type",
                     "convert a property, a parameter or a literal")
    raise DialectError(f"{name}() cannot convert a {value.type}")


def _truth(t: Translator, v: str, true: str, false: str) -> str:
    """``true`` where the boolean ``v`` is true, ``false`` where false, null where null."""
    t.once(v)
    return f"(CASE WHEN {v} THEN {true} WHEN NOT {v} THEN {false} END)"


@function("tointeger", "tointegerornull")
def _to_integer(t: Translator, e: Call) -> Out:
    return _convert(t, e, INT, {"float": _truncate, "string": lambda v: f"netan_to_integer({v})",
                                "bool": lambda v: _truth(t, v, "1", "0")})


@function("tofloat", "tofloatornull")
def _to_float(t: Translator, e: Call) -> Out:
    return _convert(t, e, FLOAT, {"int": lambda v: f"to_double({v})",
                                  "string": lambda v: f"netan_to_float({v})"})


@function("toboolean", "tobooleanornull")
def _to_boolean(t: Translator, e: Call) -> Out:
    return _convert(t, e, BOOL, {
        "string": lambda v: (f"(CASE WHEN lower(trim({v})) = 'true' THEN true "
                             f"WHEN lower(trim({v})) = 'false' THEN false ELSE NULL END)"),
        "int": lambda v: f"({v} <> 0)"})


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def number_arg(t: Translator, e: Call, count: tuple[int, ...] = (1,)) -> list[Out] | None:
    values = args(t, e, *count)
    for v in values:
        if not check(v, ("int", "float"), e):
            return None
    return values


E = "2.718281828459045"

#: Neo4j's number functions: LadybugDB text for the argument(s) x (and y), and the result
#: type (None: the argument's). ceil and floor give floats, sign an integer, log is ln.
_NUMBER_FUNCTIONS: dict[str, tuple[str, Type | None]] = {
    "abs": ("abs({x})", None),
    "ceil": ("to_double(ceil({x}))", FLOAT),
    "floor": ("to_double(floor({x}))", FLOAT),
    "sign": ("to_int64(sign({x}))", INT),
    "exp": (f"pow({E}, to_double({{x}}))", FLOAT),
    "log": ("ln(to_double({x}))", FLOAT),
    "haversin": ("((1.0 - cos(to_double({x}))) / 2.0)", FLOAT),
    "isnan": ("(to_double({x}) <> to_double({x}))", BOOL),
    "atan2": ("atan2(to_double({x}), to_double({y}))", FLOAT),
    **{name: (f"{name}(to_double({{x}}))", FLOAT) for name in (
        "sqrt", "log10", "sin", "cos", "tan", "cot", "asin", "acos", "atan", "degrees",
        "radians")},
}


@function(*_NUMBER_FUNCTIONS)
def _number_function(t: Translator, e: Call) -> Out:
    template, kind = _NUMBER_FUNCTIONS[e.name.lower()]
    values = number_arg(t, e, (2,) if "{y}" in template else (1,))
    if values is None:
        return Out("NULL", NULL)
    if template.count("{x}") > 1:
        t.once(values[0].text)
    text = template.format(x=values[0].text, y=values[-1].text)
    return Out(text, kind or values[0].type)


def _half_up(x: str) -> str:
    """Java's Math.round as a float: the nearest whole number, halves towards +infinity."""
    return f"floor(to_double({x}) + 0.5)"


@function("round")
def _round(t: Translator, e: Call) -> Out:
    values = args(t, e, 1, 2)
    if not check(values[0], ("int", "float"), e):
        return Out("NULL", NULL)
    x = values[0].text
    if len(values) == 1:
        return Out(_half_up(x), FLOAT)
    precision = values[1]
    if not check(precision, ("int",), e):
        raise DialectError("round() needs a whole number precision, not null")
    return Out(f"netan_round(to_double({x}), {precision.text})", FLOAT)


@function("date")
def _date(t: Translator, e: Call) -> Out:
    """``date()`` (today) or ``date('YYYY-MM-DD')``: a date, which text never equals."""
    values = args(t, e, 0, 1)
    if not values:
        return Out("current_date()", DATE)
    if not check(values[0], ("string",), e):
        return Out("NULL", NULL)
    return Out(f"date({values[0].text})", DATE)


@function("pi")
def _pi(t: Translator, e: Call) -> Out:
    args(t, e, 0)
    return Out("pi()", FLOAT)


@function("e")
def _e(t: Translator, e: Call) -> Out:
    args(t, e, 0)
    return Out(E, FLOAT)


@function("rand")
def _rand(t: Translator, e: Call) -> Out:
    args(t, e, 0)
    if t.lambdas:  # LadybugDB draws one number for the whole list there
        raise refuse("rand() inside a list comprehension or quantifier",
                     "draw the numbers per row: UNWIND the list, then WITH x, rand() AS r")
    return Out("random()", FLOAT)


# ---------------------------------------------------------------------------
# Refused with what to write instead; every other name is "unknown function"
# ---------------------------------------------------------------------------

_DATES = ("netan keeps dates as ISO text (YYYY-MM-DD): compare and sort them as text, "
          "e.g. m.date >= '1998-01-01'")
REFUSED: dict[str, tuple[str, str]] = {
    **{name: ("{name}()", _DATES) for name in (
        "datetime", "localdatetime", "time", "localtime", "duration", "timestamp")},
    "exists": ("exists(...) as a function", "write n.prop IS NOT NULL, or EXISTS { (a)-->(b) }"),
    "stdev": ("stDev()", "compute it from sums: WITH count(x) AS n, toFloat(sum(x)) AS s, "
              "toFloat(sum(x * x)) AS q RETURN sqrt((q - s * s / n) / (n - 1))"),
    "stdevp": ("stDevP()", "compute it from averages: sqrt(avg(x * x) - avg(x) ^ 2)"),
    "percentilecont": ("percentileCont()", "sort the values with ORDER BY and collect() them"),
    "percentiledisc": ("percentileDisc()", "sort the values with ORDER BY and collect() them"),
    "randomuuid": ("randomUUID()", "netan's ids are in n.id"),
    "point": ("point()", "netan's graph has no spatial values"),
    "distance": ("distance()", "netan's graph has no spatial values"),
    "normalize": ("normalize()", "compare the text as it is"),
    "valuetype": ("valueType()", "test the value itself, e.g. x IS NOT NULL"),
}

#: Names for "did you mean" (Neo4j's spelling of what netan translates).
NEO4J_NAMES = frozenset({
    "count", "sum", "avg", "min", "max", "collect", "labels", "type", "nodes", "relationships",
    "length", "size", "head", "last", "tail", "reverse", "range", "coalesce", "isEmpty",
    "toUpper", "toLower", "upper", "lower", "trim", "ltrim", "rtrim", "replace", "substring",
    "left", "right", "split", "toString", "toInteger", "toFloat", "toBoolean",
    "toStringOrNull", "toIntegerOrNull", "toFloatOrNull", "toBooleanOrNull", "abs", "ceil",
    "floor", "sign", "round", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "cot", "asin",
    "acos", "atan", "atan2", "degrees", "radians", "haversin", "isNaN", "pi", "e", "rand",
    "char_length", "character_length",
})

__all__ = ["FUNCTIONS", "NEO4J_NAMES", "REFUSED", "call", "Expr"]
