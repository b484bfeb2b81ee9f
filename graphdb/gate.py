"""The query gate: what ``netan query`` lets through to the embedded store.

A query typed by a user reaches LadybugDB only after three checks, and each can
refuse it with one line naming what it refused:

1. **Bounds** (:func:`screen`), before any parser sees the text: at most
   :data:`MAX_CHARS` characters and :data:`MAX_TOKENS` tokens, brackets (and
   ``CASE ... END``) nested at most :data:`MAX_DEPTH` deep, at most
   :data:`MAX_CHAIN` operators in one bracket. The engine's parser recurses
   without a limit: measured on LadybugDB 0.22 with an 8 MiB stack it crashes
   the process (SIGSEGV) on lists nested 786 deep, parentheses 2,084 deep and a
   sum of 8,049 terms; netan's own translation (a recursive Python parser)
   reaches Python's recursion limit near 74 nested brackets and 330 chained
   operators. The bounds keep every query below both.
2. **One read-only statement** (:func:`screen`), on the query's tokens (string
   literals, backquoted names and comments are single tokens and never
   inspected): no ``;`` between statements; none of the words that reach files,
   extensions, other databases, transactions or the schema (:data:`FORBIDDEN`);
   ``CALL`` only of the catalogue functions in :data:`PROCEDURES`; functions only
   from :data:`FUNCTIONS` (pure functions of their arguments: no file, sequence
   or setting); write clauses only with ``write=True``. The same screen runs
   again on the query as translated for the engine, so the translation cannot
   smuggle anything in either.
3. **The engine's own plan** (:func:`check_plan`): the translated query is
   prepared as exactly one statement and ``EXPLAIN``-ed; every operator of the
   physical plan must be a read operator (:data:`READ_OPERATORS`, plus
   :data:`WRITE_OPERATORS` with ``write=True``) and every table function one of
   :data:`PLAN_TABLE_FUNCTIONS`. This is LadybugDB's parser and planner deciding,
   so a query the token screen misread still cannot copy, checkpoint, attach or
   install anything.

Parameters are checked too (:func:`check_params`): names are identifiers,
values are null, booleans, 64-bit integers, floats (not NaN), strings, dates,
maps and lists of one kind, nested at most :data:`MAX_PARAM_DEPTH` deep.

Why not a general Cypher parser from PyPI as line 2: graphglot 0.14.3 (the
Neo4j dialect) refused 47 of the 127 valid queries in netan's tests and docs
(``:Group``, ``-[:OF]->``, ``:A|B``, ``n.set``) and took up to 5 s on one; an
openCypher 9 ANTLR grammar refused Neo4j 5's ``exists { ... }``. A gate that
refuses valid queries is not a gate users keep; the engine's own parser is the
one that decides what runs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from netan.graphdb.cypher import Token, tokenise
from netan.graphdb.dialect import write_clauses
from netan.graphdb.store import QueryError, ReadOnlyError

__all__ = ["GateRefusal", "bounds", "check_params", "check_plan", "check_writes", "screen"]

#: Longest query text accepted (characters).
MAX_CHARS = 100_000
#: Most tokens (words, names, literals, punctuation; not spaces or comments) accepted.
MAX_TOKENS = 5_000
#: Deepest nesting of brackets and CASE ... END accepted.
MAX_DEPTH = 40
#: Most operators (+, AND, NOT, ., [, ...) inside one bracket accepted.
MAX_CHAIN = 200
#: Deepest nesting of lists in a parameter value.
MAX_PARAM_DEPTH = 8
#: Longest string parameter, and most items in all list parameters together.
MAX_PARAM_SIZE = 10_000_000

_INT64 = (-(2**63), 2**63 - 1)


class GateRefusal(QueryError):
    """The gate refused a query before it ran (the message names the construct)."""


#: Words that never run through ``netan query`` (upper case) and why, even with --write.
FORBIDDEN: dict[str, str] = {
    "COPY": "COPY reads and writes files",
    "LOAD": "LOAD reads files and extensions",
    "ATTACH": "ATTACH opens another database",
    "DETACH": "DETACH closes an attached database",
    "USE": "USE switches to another database",
    "INSTALL": "INSTALL downloads an extension",
    "UNINSTALL": "UNINSTALL removes an extension",
    "UPDATE": "UPDATE downloads an extension",
    "EXPORT": "EXPORT DATABASE writes files",
    "IMPORT": "IMPORT DATABASE reads files into the store",
    "CHECKPOINT": "CHECKPOINT writes the store file",
    "BEGIN": "transactions are netan's to manage",
    "COMMIT": "transactions are netan's to manage",
    "ROLLBACK": "transactions are netan's to manage",
    "COMMIT_SKIP_CHECKPOINT": "transactions are netan's to manage",
    "ROLLBACK_SKIP_CHECKPOINT": "transactions are netan's to manage",
    "TRANSACTION": "transactions are netan's to manage",
    "DROP": "DROP changes the schema",
    "ALTER": "ALTER changes the schema",
    "RENAME": "RENAME changes the schema",
    "COMMENT": "COMMENT ON changes the schema",
    "EXPLAIN": "netan query shows results, not plans",
    "PROFILE": "netan query shows results, not plans",
    "FOREACH": "FOREACH writes in a loop",
}

#: The clauses --write allows (as :func:`netan.graphdb.dialect.write_clauses` names them).
_GRAPH_WRITES = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH DELETE", "REMOVE"})

#: Words after CREATE that make it a schema change (refused even with --write).
_SCHEMA_OBJECTS = frozenset({
    "NODE", "REL", "RELATIONSHIP", "TABLE", "SEQUENCE", "MACRO", "TYPE", "GRAPH", "INDEX",
    "CONSTRAINT", "DATABASE", "OR",
})

#: Catalogue table functions a query may ``CALL`` (they read the schema, nothing else).
PROCEDURES = frozenset({
    "show_tables", "table_info", "show_connection", "show_functions", "db_version",
    "show_indexes",
})

#: Functions a query may call: LadybugDB's scalar, aggregate and rewrite functions
#: that depend only on their arguments (not nextval/currval/setseed: they change
#: state), and the Neo4j spellings the dialect translates or the engine reports.
FUNCTIONS = frozenset("""
    abs acos all any array_append array_cat array_concat array_contains
    array_cosine_similarity array_cross_product array_distance array_dot_product array_extract
    array_has array_indexof array_inner_product array_position array_prepend array_push_back
    array_push_front array_slice array_squared_distance array_value asin atan atan2
    bitshift_left bitshift_right bitwise_and bitwise_or bitwise_xor blob cardinality cast cbrt
    ceil ceiling century coalesce concat concat_ws constant_or_null contains cos cot count_if
    current_date current_timestamp date date_part date_trunc datepart datetrunc dayname decode
    degrees duration element_at encode ends_with epoch_ms equals even factorial floor gamma
    gen_random_uuid greater_than greater_than_equals greatest hash ifnull initcap internal_id
    interval is_acyclic is_trail last_day lcase least left less_than less_than_equals
    levenshtein lgamma list_any_value list_append list_cat list_concat list_contains
    list_creation list_distinct list_element list_extract list_filter list_has list_has_all
    list_has_any list_indexof list_max list_min list_position list_prepend list_product
    list_reduce list_reverse list_reverse_sort list_slice list_sort list_sum list_to_string
    list_transform list_unique ln log log10 log2 lower lpad ltrim make_date map map_extract
    map_keys map_values md5 monthname negate nodes none not_equals octet_length offset pi pow
    prefix properties radians random range regexp_extract regexp_extract_all regexp_full_match
    regexp_matches regexp_replace regexp_split_to_array relationships rels repeat replace
    reverse right round rpad rtrim sha256 sign sin single size split_part sqrt starts_with
    str_split string string_split string_to_array struct_extract struct_pack substr substring
    suffix tan time_bucket timestamp to_blob to_bool to_date to_days to_double to_epoch_ms
    to_float to_hours to_int128 to_int16 to_int32 to_int64 to_int8 to_interval
    to_microseconds to_milliseconds to_minutes to_months to_seconds to_serial to_string
    to_timestamp to_uint128 to_uint16 to_uint32 to_uint64 to_uint8 to_uuid to_years tolower
    toupper trim typeof ucase union_extract union_tag union_value upper uuid
    avg collect count count_star histogram max min percentilecont percentiledisc sum
    cost end_node id keys label labels length nullif rowid start_node
    type tointeger tofloat tostring toboolean split rand head last tail exists isempty
    startnode endnode elementid datetime localdatetime localtime time stdev stdevp exp e sqrt
    shortestpath allshortestpaths
""".split())

#: Words that may stand before ``(`` without being a function name.
_KEYWORDS_BEFORE_PAREN = frozenset({
    "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "AND", "OR", "XOR", "NOT", "IN", "CREATE",
    "MERGE", "UNWIND", "AS", "DISTINCT", "CASE", "WHEN", "THEN", "ELSE", "END", "IS",
    "CONTAINS", "STARTS", "ENDS", "ON", "SET", "DELETE", "REMOVE", "ORDER", "BY", "SKIP",
    "LIMIT", "UNION", "YIELD", "ASC", "DESC", "ASCENDING", "DESCENDING", "CALL", "EXISTS",
})

#: Operators counted against :data:`MAX_CHAIN` (each nests one level in the engine's tree).
_OPERATOR_PUNCT = frozenset({"+", "-", "*", "/", "%", "^", "=", "<>", "!=", "<", ">", "<=",
                             ">=", "=~", ".", "["})
_OPERATOR_WORDS = frozenset({"AND", "OR", "XOR", "NOT", "IN", "IS", "CONTAINS", "STARTS",
                             "ENDS"})

#: Physical operators of a read query (LadybugDB 0.22 names).
READ_OPERATORS = frozenset({
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "COUNT_REL_TABLE", "CROSS_PRODUCT",
    "DUMMY_SCAN", "DUMMY_SINK", "EMPTY_RESULT", "FILTER", "FLATTEN", "HASH_JOIN_BUILD",
    "HASH_JOIN_PROBE", "INDEX_LOOKUP", "INDEX_SCAN", "INTERSECT", "INTERSECT_BUILD", "LIMIT",
    "MULTIPLICITY_REDUCER", "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN",
    "PATH_PROPERTY_PROBE", "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION",
    "QUERY_PRIMARY_KEY_LOOKUP", "RECURSIVE_EXTEND", "RECURSIVE_JOIN", "RESULT_COLLECTOR",
    "SCAN_MULTI_NODE_TABLES", "SCAN_MULTI_REL_TABLES", "SCAN_NODE_ID", "SCAN_NODE_TABLE",
    "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "COUNT_EXTEND_CHAIN", "TABLE_FUNCTION_CALL",
    "TOP_K", "TOP_K_SCAN", "UNION_ALL_SCAN", "UNWIND",
})
#: Physical operators of CREATE, MERGE, SET, DELETE and REMOVE (allowed with --write).
WRITE_OPERATORS = frozenset({"INSERT", "MERGE", "SET_PROPERTY", "DELETE", "SET_NODE_PROPERTY",
                             "SET_REL_PROPERTY", "DELETE_NODE", "DELETE_REL"})
#: Table functions a plan may call: the catalogue ones and the engine's own scan of
#: intermediate results (READ_FTABLE).
PLAN_TABLE_FUNCTIONS = frozenset({name.upper() for name in PROCEDURES} | {"READ_FTABLE"})

_PLAN_OPERATOR = re.compile(r"([A-Z][A-Z_ ]*[A-Z])\[\d+\]")
_PLAN_FUNCTION = re.compile(r"Function: (\w+)")


def _refuse(message: str) -> GateRefusal:
    return GateRefusal(f"netan query refused this query: {message}")


def _where(cypher: str, offset: int) -> str:
    """``line L, column C`` of a character offset (1-based), for a refusal message."""
    line = cypher.count("\n", 0, offset) + 1
    column = offset - (cypher.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


#: How much longer operator chains in netan's translation of a query may be than in
#: the query (its guards add operators); its nesting may reach twice MAX_CHAIN (it
#: nests each operator of a chain). Both stay far below the engine's crash depths.
TRANSLATION_FACTOR = 4


def bounds(cypher: str, *, translated: bool = False) -> str:
    """Check only the size and nesting of one query (before any parser, netan's own
    translation included, sees it); return it without a final ``;``."""
    return _screen(cypher, write=True, translated=translated, words=False)


def screen(cypher: str, *, write: bool = False, translated: bool = False) -> str:
    """Check the bounds and the words of one query; return it without a final ``;``.

    ``translated``: the query as netan translated it for the engine (no size
    limit; see :data:`TRANSLATION_FACTOR` for its nesting; functions checked
    against :data:`FUNCTIONS` and netan's own ``netan_*``). Raises
    :class:`GateRefusal` naming the first construct refused, or
    :class:`ReadOnlyError` for a write clause without ``write``.
    """
    return _screen(cypher, write=write, translated=translated, words=True)


def _screen(cypher: str, *, write: bool, translated: bool, words: bool) -> str:
    if len(cypher) > MAX_CHARS and not translated:
        raise _refuse(f"it is {len(cypher):,} characters long; the limit is {MAX_CHARS:,} "
                      "(pass long lists as a --param)")
    if "\x00" in cypher:
        raise _refuse("it contains a NUL character")
    tokens = tokenise(cypher)
    offsets, position = [], 0
    for token in tokens:
        offsets.append(position)
        position += len(token.text)
    kept = [i for i, t in enumerate(tokens) if t.significant]
    if kept and tokens[kept[-1]].text == ";":
        cypher = cypher[: offsets[kept[-1]]]
        kept.pop()
    if len(kept) > MAX_TOKENS and not translated:
        raise _refuse(f"it has {len(kept):,} tokens; the limit is {MAX_TOKENS:,} "
                      "(pass long lists as a --param)")
    significant = [tokens[i] for i in kept]
    depth, chain = (MAX_CHAIN * 2, MAX_CHAIN * TRANSLATION_FACTOR) if translated else (
        MAX_DEPTH, MAX_CHAIN)  # the translation nests each operator of a chain
    _check_nesting(significant, [offsets[i] for i in kept], cypher, depth, chain)
    if not words:
        return cypher
    for k, token in enumerate(significant):
        where = _where(cypher, offsets[kept[k]])
        before = significant[k - 1] if k else Token("space", "")
        after = significant[k + 1] if k + 1 < len(significant) else Token("space", "")
        if token.kind == "punct" and token.text == ";":
            raise _refuse(f"it has more than one statement (';' at {where}); "
                          "run one statement at a time")
        keyword = (token.kind == "word" and before.text not in (".", ":", "$")
                   and before.upper != "AS" and after.text != ":")  # not a name
        word = token.upper if keyword else ""
        if word in FORBIDDEN and not (word == "DETACH" and after.upper == "DELETE"):
            hint = " (a name spelled like this keyword goes in backquotes)" if k else ""
            raise _refuse(f"{word} at {where}: {FORBIDDEN[word]}{hint}")
        if word == "CREATE" and after.upper in _SCHEMA_OBJECTS:
            raise _refuse(f"CREATE {after.upper} at {where} changes the schema")
        if word == "CALL":
            _check_call(significant, k, where)
        elif token.kind in ("word", "quoted") and after.text == "(" and translated:
            _check_function(token, before)  # the functions that run: the translation's
    check_writes(cypher, write=write)
    return cypher


def check_writes(cypher: str, *, write: bool = False) -> None:
    """Raise :class:`ReadOnlyError` for a write clause (CREATE, MERGE, SET, DELETE,
    REMOVE) unless ``write`` (a CALL of any procedure is refused by netan's parser)."""
    if write:
        return
    found = [c for c in write_clauses(cypher) if c in _GRAPH_WRITES]
    if found:
        raise ReadOnlyError(f"`netan query` is read-only: this query has "
                            f"{', '.join(found)}; pass --write to allow it")


def _check_nesting(tokens: list[Token], offsets: list[int], cypher: str, max_depth: int,
                   max_chain: int) -> None:
    """Refuse nesting deeper than ``max_depth`` and operator chains longer than ``max_chain``."""
    chains = [0]
    for token, offset in zip(tokens, offsets, strict=True):
        opens = token.kind == "punct" and token.text in "([{" or token.upper == "CASE"
        closes = token.kind == "punct" and token.text in ")]}" or token.upper == "END"
        if token.text in _OPERATOR_PUNCT and token.kind == "punct" or (
                token.upper in _OPERATOR_WORDS):
            chains[-1] += 1
            if chains[-1] > max_chain:
                raise _refuse(f"more than {max_chain} operators in one expression "
                              f"(at {_where(cypher, offset)})")
        if opens:
            chains.append(0)
            if len(chains) - 1 > max_depth:
                raise _refuse(f"brackets nested more than {max_depth} deep "
                              f"(at {_where(cypher, offset)})")
        elif closes and len(chains) > 1:
            chains.pop()


def _check_function(name: Token, before: Token) -> None:
    """A function call ``name(`` must name a function from :data:`FUNCTIONS`."""
    text = name.text.strip("`").replace("``", "`") if name.kind == "quoted" else name.text
    if name.kind == "word" and name.upper in _KEYWORDS_BEFORE_PAREN or before.upper == "CALL":
        return  # a clause, or the catalogue function _check_call allowed
    if before.text == ".":
        raise _refuse(f"{text}() after '.': namespaced functions and procedures (apoc.*, "
                      "db.*, gds.*) do not exist in the embedded store")
    if text.lower() not in FUNCTIONS and not text.lower().startswith("netan_"):
        raise _refuse(f"the function {text}() is not one netan query allows (only functions "
                      "of their arguments: see docs/cypher-dialects.md)")


def _check_call(tokens: list[Token], call: int, where: str) -> None:
    """``CALL`` of a catalogue function (``CALL show_tables() RETURN *``) or a subquery."""
    after = tokens[call + 1] if call + 1 < len(tokens) else Token("space", "")
    if after.text == "{":
        return
    name, j = [], call + 1
    while j < len(tokens) and (tokens[j].kind in ("word", "quoted") or tokens[j].text == "."):
        name.append(tokens[j].text)
        j += 1
    dotted = "".join(name)
    if "." in dotted:
        raise _refuse(f"CALL {dotted} at {where}: the embedded store has no Neo4j procedures; "
                      "to list the tables type CALL show_tables() RETURN *; for the "
                      "properties of one: CALL table_info('Person') RETURN *")
    if dotted.strip("`").lower() not in PROCEDURES:
        allowed = ", ".join(sorted(PROCEDURES))
        raise _refuse(f"CALL {dotted or '(nothing)'} at {where}: netan query calls only "
                      f"{allowed}")


def check_plan(plan: str, *, write: bool = False) -> None:
    """Refuse a physical plan (LadybugDB's ``EXPLAIN`` text) with an operator or table
    function outside the read (or, with ``write``, the write) whitelist."""
    allowed = READ_OPERATORS | WRITE_OPERATORS if write else READ_OPERATORS
    for operator in _PLAN_OPERATOR.findall(plan):
        if operator in WRITE_OPERATORS and not write:
            raise ReadOnlyError(f"`netan query` is read-only: the engine would run {operator}; "
                                "pass --write to allow it")
        if operator not in allowed:
            raise _refuse(f"the engine would run {operator}, which netan query does not allow")
    for function in _PLAN_FUNCTION.findall(plan):
        if function.upper() not in PLAN_TABLE_FUNCTIONS:
            raise _refuse(f"the engine would call the table function {function}, which "
                          "netan query does not allow")


def check_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The parameters, checked: identifier names; values the engine can take safely.

    Values: None, bool, int within 64 bits, float (not NaN), str, dates and times,
    maps with text keys, and lists (or tuples) whose items are all of one kind,
    nested at most :data:`MAX_PARAM_DEPTH` deep.
    """
    checked: dict[str, Any] = {}
    budget = [MAX_PARAM_SIZE]
    for name, value in (params or {}).items():
        if not isinstance(name, str) or not name.isidentifier():
            raise _refuse(f"the parameter name {name!r} is not a valid name")
        checked[name] = _param_value(name, value, 0, budget)
    return checked


def _param_value(name: str, value: Any, depth: int, budget: list[int]) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise _refuse(f"the parameter {name} holds an integer beyond 64 bits")
        return value
    if isinstance(value, float):
        if math.isnan(value):
            raise _refuse(f"the parameter {name} is NaN")
        return value
    if isinstance(value, str):
        budget[0] -= len(value)
        if budget[0] < 0:
            raise _refuse(f"the parameters are larger than {MAX_PARAM_SIZE:,} characters")
        return value
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    if isinstance(value, list | tuple | dict) and depth >= MAX_PARAM_DEPTH:
        raise _refuse(f"the parameter {name} nests more than {MAX_PARAM_DEPTH} deep")
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise _refuse(f"the map parameter {name} has a key that is not text")
        return {key: _param_value(name, item, depth + 1, budget) for key, item in value.items()}
    if isinstance(value, list | tuple):
        budget[0] -= len(value)
        if budget[0] < 0:
            raise _refuse(f"the parameters are larger than {MAX_PARAM_SIZE:,} items")
        items = [_param_value(name, item, depth + 1, budget) for item in value]
        kinds = {_kind(item) for item in items if item is not None}
        if len(kinds) > 1:
            raise _refuse(f"the list parameter {name} mixes {' and '.join(sorted(kinds))}; "
                          "a list holds values of one kind")
        return items
    raise _refuse(f"the parameter {name} is a {type(value).__name__}; use a number, text, "
                  "true/false, null or a list")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "booleans"
    if isinstance(value, int | float):
        return "numbers"
    if isinstance(value, str):
        return "text"
    return "lists" if isinstance(value, list) else "maps" if isinstance(value, dict) else (
        "dates")
