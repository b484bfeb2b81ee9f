"""Neo4j Cypher translated for the embedded store, or refused with what to write instead.

Users type Neo4j Cypher into ``netan query``. The embedded store (LadybugDB
0.22, a Kuzu fork) speaks a close dialect that gives *different answers* to
many ordinary queries: lists start at 1, ``substring`` too, ``split`` drops
empty pieces, ``toInteger(3.7)`` rounds, ``sum`` of nothing is null, nulls from
``OPTIONAL MATCH`` still have a label, ``x IN [.., null]`` is false, an
``ORDER BY`` before an aggregation is ignored, label names ignore case, one
relationship may be bound twice in a ``MATCH``. :func:`translate` parses the
query (:mod:`netan.graphdb.cypher`), follows the types of its values
(:mod:`netan.graphdb.dialect_types`: from the schema, the parameters and the
literals) and writes the LadybugDB query that gives Neo4j's answer; Neo4j's
functions are written by :mod:`netan.graphdb.dialect_functions`. Where no such
query exists it raises :class:`DialectError` before anything runs, with one
line naming the construct and what to write instead. ``docs/cypher-dialects.md``
lists those refusals; ``tests/test_cypher_parity.py`` compares the answers with
a real Neo4j, ``tests/test_tck.py`` with the openCypher TCK.

User text never becomes query text: every string literal and parameter the
user gave travels as a parameter (``$_s0``, ``$_p0``; inside a lambda, where
LadybugDB reads no parameters, literals are escaped by :func:`string_literal`
and parameters bound by a ``WITH`` before the clause), names are written in
backquotes (`````` doubled), and labels, types and property names must be the
schema's (:mod:`netan.graphdb.schema`), or the query is refused with "did you
mean".

LadybugDB 0.22 defects the translation works around (each found by the corpus
or the TCK, each with a comment where it is handled):

* a ``COUNT { }`` that is joined drops the rows whose count is 0 (written
  inside ``CASE WHEN EXISTS { } ...``);
* two lambdas reading one list corrupt each other's items (each reads its own
  copy, :func:`copied`); lambdas over nodes give wrong items on several threads
  (such a query runs on one); a lambda inside a lambda answers wrongly (refused);
  ``rand()`` in a lambda is drawn once (refused);
* ``list_extract`` runs on every row once any row needs it (the position is kept
  in the list); parameters cannot be read inside lambdas;
* ``ORDER BY`` before an aggregation is dropped (an ``UNWIND [1]`` keeps it);
* a list taken from a map inside ``CASE`` fails (refused);
* ``list_transform`` compares relationship ids wrongly (``properties(.., '_ID')``).

:func:`write_clauses` finds the clauses that would change the store, so the
CLI can refuse them without ``--write``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from netan.graphdb import dialect_functions, schema
from netan.graphdb.cypher import (
    Binary,
    Call,
    Case,
    Comparison,
    Create,
    CypherSyntaxError,
    Delete,
    Expr,
    HasLabels,
    Index,
    IsNull,
    LabelAnd,
    LabelAny,
    LabelExpr,
    LabelName,
    LabelNot,
    ListComp,
    ListLit,
    Literal,
    MapLit,
    MapProjection,
    Match,
    Merge,
    NodePattern,
    Param,
    PatternComp,
    PatternPart,
    PatternPredicate,
    Projection,
    Prop,
    Quantifier,
    Query,
    Reduce,
    RelPattern,
    Remove,
    Return,
    ReturnItem,
    SetClause,
    SetItem,
    SingleQuery,
    Slice,
    Star,
    Subquery,
    Token,
    Unary,
    Unsupported,
    Unwind,
    Var,
    With,
    parse,
    tokenise,
)
from netan.graphdb.dialect_types import (
    ANY,
    BOOL,
    FLOAT,
    INT,
    NULL,
    NUMBERS,
    PATH,
    STRING,
    DialectError,
    Out,
    Type,
    list_of,
    node_type,
    refuse,
    rel_type,
    unify,
    value_type,
)

__all__ = ["DEFAULT_MAX_DEPTH", "DialectError", "Token", "Translation", "engine_error",
           "tokenise", "to_embedded", "translate", "write_clauses"]


#: The Neo4j store gives every node with a sector the label ``Sector_<sector>``
#: (see :mod:`netan.graphdb.neo4j_store`); the embedded store answers as if it had it.
SECTOR_LABEL_PREFIX = "Sector_"

#: Prefix of the guard messages a translated query raises at run time.
_GUARD = "netan-stop: "

#: A null of type boolean (LadybugDB needs one where a lambda or CASE wants a boolean).
NULL_BOOL = "cast(NULL AS BOOL)"

#: Longest variable-length path LadybugDB searches unless told otherwise.
DEFAULT_MAX_DEPTH = 30


# ---------------------------------------------------------------------------
# Names from the schema
# ---------------------------------------------------------------------------


def _sector_labels() -> dict[str, str]:
    return {SECTOR_LABEL_PREFIX + s: s for s in schema.SECTOR.values}


def sector_tables() -> frozenset[str]:
    return frozenset(n for n, label in schema.NODE_LABELS.items()
                     if "sector" in label.property_names)


def did_you_mean(name: str, known: list[str]) -> str:
    """`` (did you mean `X`?)`` for the known name closest to ``name`` (see the schema), or ''."""
    match = schema.closest_name(name, known)
    return f" (did you mean `{match}`?)" if match else ""


def _unknown_label(name: str, relationship: bool) -> DialectError:
    if relationship:
        known = list(schema.REL_TYPES)
        return DialectError(f"there is no relationship type `{name}` in netan's graph"
                            f"{did_you_mean(name, known)}; names are case-sensitive, "
                            "`netan schema` lists them")
    known = [*schema.NODE_LABELS, *sorted(_sector_labels())]
    return DialectError(f"there is no label `{name}` in netan's graph"
                        f"{did_you_mean(name, known)}; labels are case-sensitive, "
                        "`netan schema` lists them")


# ---------------------------------------------------------------------------
# Output text
# ---------------------------------------------------------------------------


def quote(name: str) -> str:
    """A name as a backquoted LadybugDB identifier."""
    return "`" + name.replace("`", "``") + "`"


@dataclass
class Binding:
    """A variable in scope: how to write it, its type, whether it may be null."""

    text: str
    type: Type
    nullable: bool = True
    recursive: bool = False  # a variable-length relationship (LadybugDB: a recursive rel)
    lambda_level: int = 0  # bound by the n-th enclosing list comprehension (0: not)


@dataclass
class Translation:
    """The LadybugDB query for a Neo4j query, the parameters it needs and Neo4j's columns."""

    cypher: str
    parameters: dict[str, Any]
    columns: list[str]
    max_depth: int = DEFAULT_MAX_DEPTH
    single_thread: bool = False  # ORDER BY kept for an aggregation, lambdas over nodes
    zero_columns: tuple[int, ...] = ()  # float sums: null there is Neo4j's integer 0
    writes: bool = False
    unbounded: bool = False  # has a [*] without an upper bound (see max_depth)


_AGGREGATES = frozenset({"count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp",
                         "percentilecont", "percentiledisc"})


def _has_aggregate(e: Any) -> bool:
    if isinstance(e, Call) and e.name.lower() in _AGGREGATES:
        return True
    if isinstance(e, Subquery | PatternComp | PatternPredicate):
        return False
    if isinstance(e, tuple | list):
        return any(_has_aggregate(x) for x in e)
    if isinstance(e, Expr):
        return any(_has_aggregate(getattr(e, f)) for f in e.__dataclass_fields__)
    return False


# ---------------------------------------------------------------------------
# The translator
# ---------------------------------------------------------------------------


class _Translator:
    def __init__(self, params: dict[str, Any], max_depth: int) -> None:
        self.user_params = params
        self.params: dict[str, Any] = {}
        self.param_names: dict[str, str] = {}
        self.serial = 0
        self.scope: dict[str, Binding] = {}
        self.max_depth = max_depth
        self.unbounded = False
        self.single_thread = False
        self.writes = False
        self.aliases: dict[Expr, str] = {}  # projected expressions ORDER BY may refer to
        self.lambdas: list[str] = []  # variables of the list comprehensions being written
        self.hoisted: list[str] = []  # parameters a lambda needs, bound before the clause
        self.zero_columns: tuple[int, ...] = ()

    # -- small helpers ----------------------------------------------------

    def fresh(self, stem: str) -> str:
        self.serial += 1
        return f"_{stem}{self.serial}"

    def constant(self, value: Any) -> str:
        """A string netan chose (or the user typed) as a query parameter.

        Inside a lambda (LadybugDB cannot read parameters there) it is written as a
        string literal instead, with every quote and backslash escaped.
        """
        if self.lambdas:
            return string_literal(value)
        name = f"_s{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    @staticmethod
    def once(*texts: str) -> None:
        """Refuse repeating ``rand()``: the translation writes these texts more than once."""
        if any("random()" in text for text in texts):
            raise refuse("rand() inside a list test, comparison or conversion",
                         "give it a name first: WITH rand() AS r")

    def guard(self, message: str, kind: Type) -> str:
        """A value of type ``kind`` that stops the query with ``message`` when evaluated.

        Used as ``CASE WHEN <condition> THEN <guard> ELSE ... END``: LadybugDB
        evaluates a CASE branch only when some row takes it, so the query stops
        exactly when a row meets the condition (Neo4j's error there).
        """
        stop = f"cast({self.constant(_GUARD + message)} AS INT64)"
        casts = {"bool": f"cast({stop} AS BOOL)", "int": stop, "float": f"to_double({stop})",
                 "string": f"to_string({stop})"}
        return casts.get(kind.kind, f"to_string({stop})")

    # -- queries ----------------------------------------------------------

    def query(self, query: Query) -> tuple[str, list[str]]:
        texts = []
        columns: list[str] | None = None
        for k, part in enumerate(query.parts):
            self.scope = {}
            text, part_columns = self.single_query(part)
            if columns is not None and part_columns != columns:
                raise DialectError("all parts of a UNION must return the same columns "
                                   f"({', '.join(columns)} / {', '.join(part_columns)})")
            columns = part_columns
            if k:
                texts.append("UNION ALL" if query.union_all[k - 1] else "UNION")
            texts.append(text)
        return " ".join(texts), columns or []

    def single_query(self, query: SingleQuery) -> tuple[str, list[str]]:
        out: list[str] = []
        columns: list[str] = []
        clauses = query.clauses
        for k, clause in enumerate(clauses):
            last = k == len(clauses) - 1
            if isinstance(clause, Return) and not last:
                raise DialectError("RETURN can only be the last clause of a query")
            self.hoisted = []
            scope_before = bool(self.scope)
            at = len(out)
            if isinstance(clause, Match):
                out.append(self.match(clause))
            elif isinstance(clause, Unwind):
                out.append(self.unwind(clause))
            elif isinstance(clause, With):
                out.append(self.with_(clause))
            elif isinstance(clause, Return):
                text, columns = self.return_(clause.projection)
                out.append(text)
            else:
                self.writes = True
                out.append(self.write(clause))
            if self.hoisted:
                out.insert(at, ("WITH *, " if scope_before else "WITH ") + ", ".join(
                    self.hoisted))
        if not isinstance(clauses[-1], Return) and not self.writes:
            raise DialectError("a query must end with RETURN (or a write clause with --write)")
        return " ".join(out), columns

    # -- MATCH ------------------------------------------------------------

    def match(self, clause: Match) -> str:
        shortest = [p for p in clause.patterns if p.shortest]
        if shortest and sum(len(p.relationships) for p in clause.patterns) > 1:
            raise refuse("shortestPath() beside other relationships in one MATCH",
                          "give the shortestPath its own MATCH clause")
        conditions: list[str] = []
        parts = []
        rels: list[tuple[str, frozenset[str] | None, bool]] = []
        new_names: set[str] = set()
        for pattern in clause.patterns:
            parts.append(self.pattern(pattern, conditions, rels, new_names,
                                      nullable=clause.optional))
        conditions.extend(self.isomorphism(rels))
        if clause.where is not None:
            conditions.append(self.condition(clause.where))
        text = ("OPTIONAL MATCH " if clause.optional else "MATCH ") + ", ".join(parts)
        if conditions:
            text += " WHERE " + " AND ".join(f"({c})" for c in conditions)
        return text

    def pattern(self, pattern: PatternPart, conditions: list[str],
                rels: list[tuple[str, frozenset[str] | None, bool]], new_names: set[str],
                nullable: bool, create: bool = False) -> str:
        pieces = []
        for element in pattern.elements:
            if isinstance(element, NodePattern):
                pieces.append(self.node(element, conditions, new_names, nullable, create))
            else:
                pieces.append(self.relationship(element, pattern, conditions, rels, new_names,
                                                nullable, create))
        text = "".join(pieces)
        if pattern.variable is not None:
            self.declare(pattern.variable, Binding(quote(pattern.variable), PATH, nullable),
                         new_names)
            text = f"{quote(pattern.variable)} = {text}"
        return text

    def declare(self, name: str, binding: Binding, new_names: set[str]) -> None:
        if name in new_names or (name in self.scope and binding.type.kind in ("rel", "path")):
            raise DialectError(f"the variable `{name}` is already bound in this pattern")
        if name in self.scope:
            return
        new_names.add(name)
        self.scope[name] = binding

    def node(self, node: NodePattern, conditions: list[str], new_names: set[str],
             nullable: bool, create: bool) -> str:
        bound = node.variable is not None and node.variable in self.scope
        if bound:
            binding = self.scope[node.variable]  # type: ignore[index]
            if binding.type.kind not in ("node", "any"):
                raise DialectError(f"the variable `{node.variable}` is a {binding.type}, "
                                   "not a node")
        name = node.variable or (self.fresh("n") if (node.properties or node.where
                                                    or node.labels) else None)
        tables: frozenset[str] | None = None
        if node.labels is not None:
            tables, condition = self.label_tables(node.labels, text_of(name, node),
                                                  relationship=False)
            if create:
                if condition or tables is None or len(tables) != 1:
                    raise DialectError("CREATE needs exactly one netan label per node, "
                                       "e.g. (:Person {id: $id})")
            elif condition:
                conditions.append(condition)
            if not tables and not create:
                conditions.append("false")  # e.g. (n:Person:Group): no node has both
                tables = frozenset([next(iter(schema.NODE_LABELS))])
        if bound and tables is not None and not create:
            conditions.append(self.in_tables(quote(node.variable), tables))  # type: ignore[arg-type]
            tables = None
        if name is not None and not bound:
            self.declare(name, Binding(quote(name) if node.variable else name,
                                       node_type(tables), nullable), new_names)
        text = quote(name) if node.variable else (name or "")
        if tables:
            text += ":" + "|".join(quote(t) for t in sorted(tables))
        if node.properties is not None:
            if create:
                text += " " + self.create_properties(node.properties, name or "", tables)
            else:
                conditions.extend(self.property_conditions(node.properties, text_of(name, node),
                                                           self.scope[name].type if name else
                                                           node_type(tables)))
        if node.where is not None:
            if create:
                raise DialectError("a WHERE inside a node pattern cannot be used in CREATE")
            conditions.append(self.condition(node.where))
        return f"({text})"

    def relationship(self, rel: RelPattern, pattern: PatternPart, conditions: list[str],
                     rels: list[tuple[str, frozenset[str] | None, bool]], new_names: set[str],
                     nullable: bool, create: bool) -> str:
        if rel.variable is not None and rel.variable in self.scope:
            raise DialectError(f"the variable `{rel.variable}` is already bound; a "
                               "relationship variable cannot be matched again")
        types: frozenset[str] | None = None
        type_condition = ""
        name = rel.variable or self.fresh("r")
        if rel.types is not None:
            types, type_condition = self.label_tables(
                rel.types, quote(name) if rel.variable else name, relationship=True)
            if not types:
                conditions.append("false")
                types = frozenset([next(iter(schema.REL_TYPES))])
        variable_length = rel.length is not None
        text = quote(name) if rel.variable else name
        if types:
            text += ":" + "|".join(quote(t) for t in sorted(types))
        if create:
            if variable_length or types is None or len(types) != 1:
                raise DialectError("CREATE needs exactly one relationship type, "
                                   "e.g. -[:MEMBER_OF]->")
            if rel.properties is not None:
                text += " " + self.create_properties(rel.properties, name, types)
            self.declare(name, Binding(quote(name) if rel.variable else name, rel_type(types),
                                       False), new_names)
            return self.arrow(rel, text)
        if variable_length:
            low, high = rel.length  # type: ignore[misc]
            low = 1 if low is None else low
            if pattern.shortest:
                if low == 0:
                    raise refuse("a shortest path of length 0 (*0..)", "start at 1: [*1..]")
                keyword = "SHORTEST" if pattern.shortest == "shortestPath" else "ALL SHORTEST"
            else:
                keyword = "TRAIL"
            if high is None:
                self.unbounded = True
                high = self.max_depth
            elif high > DEFAULT_MAX_DEPTH:
                self.max_depth = max(self.max_depth, high)
            if high < low:
                conditions.append("false")
                high = low
            text += f"* {keyword} {low}..{high}"
            if rel.where is not None:
                raise DialectError("a WHERE inside a variable-length relationship is not "
                                   "allowed; put it in the MATCH's WHERE")
            if rel.properties is not None:
                element = self.fresh("e")
                inner = self.property_conditions(rel.properties, element, rel_type(types))
                text += f" ({element}, {self.fresh('m')} | WHERE {' AND '.join(inner)})"
            if type_condition:
                raise refuse("a negated or combined type in a variable-length relationship",
                              "list the types you want: [:A|B*1..3]")
            binding = Binding(quote(name) if rel.variable else name, list_of(rel_type(types)),
                              nullable, recursive=True)
        else:
            if pattern.shortest:
                raise DialectError("shortestPath() needs a variable-length relationship, "
                                   "e.g. shortestPath((a)-[*..5]-(b))")
            binding = Binding(quote(name) if rel.variable else name, rel_type(types), nullable)
            if type_condition:
                conditions.append(type_condition)
        self.declare(name, binding, new_names)
        if not variable_length:
            if rel.properties is not None:
                conditions.extend(self.property_conditions(rel.properties, binding.text,
                                                           binding.type))
            if rel.where is not None:
                conditions.append(self.condition(rel.where))
        if not pattern.shortest:
            rels.append((binding.text, types, variable_length))
        return self.arrow(rel, text)

    @staticmethod
    def arrow(rel: RelPattern, inner: str) -> str:
        left = "<-" if rel.direction == "<-" else "-"
        right = "->" if rel.direction == "->" else "-"
        return f"{left}[{inner}]{right}"

    def isomorphism(self, rels: list[tuple[str, frozenset[str] | None, bool]]) -> list[str]:
        """Neo4j never binds one relationship twice in a MATCH: say so to LadybugDB."""
        conditions = []
        for (a, types_a, many_a), (b, types_b, many_b) in combinations(rels, 2):
            if types_a is not None and types_b is not None and not types_a & types_b:
                continue
            # (a lambda over relationships compares their ids wrongly; properties() does not)
            if not many_a and not many_b:
                conditions.append(f"id({a}) <> id({b})")
            elif many_a and many_b:
                conditions.append(f"NOT list_has_any(properties(rels({a}), '_ID'), "
                                  f"properties(rels({b}), '_ID'))")
            else:
                many, one = (a, b) if many_a else (b, a)
                conditions.append(f"NOT list_contains(properties(rels({many}), '_ID'), "
                                  f"id({one}))")
        return conditions

    def property_conditions(self, props: MapLit | Param, subject: str,
                            kind: Type) -> list[str]:
        if isinstance(props, Param):
            raise refuse(f"a parameter map in a pattern (${props.name})",
                          "write the properties: (n:Person {id: $id})")
        out = []
        for key, value in props.items:
            self.check_property(kind, key)
            v = self.expr(value)
            out.append(f"{subject}.{quote(key)} = {v.text}")
        return out

    def create_properties(self, props: MapLit | Param, subject: str,
                          tables: frozenset[str] | None) -> str:
        if isinstance(props, Param):
            raise refuse(f"a parameter map in CREATE (${props.name})",
                          "write the properties: CREATE (:Person {id: $id, name: $name})")
        items = [f"{quote(k)}: {self.expr(v).text}" for k, v in props.items]
        return "{" + ", ".join(items) + "}"

    # -- labels and types -------------------------------------------------

    def label_tables(self, labels: LabelExpr, subject: str,
                     relationship: bool) -> tuple[frozenset[str] | None, str]:
        """The tables a label (or type) expression allows, and any condition left over.

        Returns (None, '') when every table is allowed with no condition.
        """
        names = schema.REL_TYPES if relationship else schema.NODE_LABELS
        results = {t: self.label_value(labels, t, subject, relationship) for t in names}
        allowed = frozenset(t for t, r in results.items() if r is not False)
        conditions = {t: r for t, r in results.items() if isinstance(r, str)}
        if not conditions:
            return (None if allowed == frozenset(names) else allowed), ""
        parts = []
        for t in sorted(allowed):
            r = results[t]
            head = f"label({subject}) = '{t}'"
            parts.append(head if r is True else f"({head} AND {r})")
        return allowed, " OR ".join(parts) if len(parts) > 1 else parts[0]

    def label_value(self, labels: LabelExpr, table: str, subject: str,
                    relationship: bool) -> bool | str:
        """Whether a node (relationship) of ``table`` matches: True, False or a condition."""
        if isinstance(labels, LabelAny):
            return True
        if isinstance(labels, LabelName):
            known = schema.REL_TYPES if relationship else schema.NODE_LABELS
            if labels.name in known:
                return labels.name == table
            sectors = _sector_labels()
            if not relationship and labels.name in sectors:
                if table not in sector_tables():
                    return False
                return f"coalesce({subject}.sector = '{sectors[labels.name]}', false)"
            raise _unknown_label(labels.name, relationship)
        if isinstance(labels, LabelNot):
            inner = self.label_value(labels.operand, table, subject, relationship)
            return (not inner) if isinstance(inner, bool) else f"NOT ({inner})"
        values = [self.label_value(x, table, subject, relationship) for x in labels.operands]
        conjunction = isinstance(labels, LabelAnd)
        if conjunction and relationship and sum(
                isinstance(x, LabelName) for x in labels.operands) > 1:
            return False  # a relationship has one type
        texts = [v for v in values if isinstance(v, str)]
        flags = [v for v in values if isinstance(v, bool)]
        if conjunction:
            if False in flags:
                return False
            return " AND ".join(f"({t})" for t in texts) if texts else True
        if True in flags:
            return True
        return " OR ".join(f"({t})" for t in texts) if texts else False

    def in_tables(self, subject: str, tables: frozenset[str]) -> str:
        names = ", ".join(f"'{t}'" for t in sorted(tables))
        return f"label({subject}) IN [{names}]"

    def has_labels(self, e: HasLabels) -> Out:
        subject = self.expr(e.subject)
        kind = subject.type.kind
        if kind not in ("node", "rel", "any", "null"):
            raise DialectError(f"a label test needs a node or relationship, not a {subject.type}")
        if kind == "null":
            return Out("NULL", BOOL)
        relationship = kind == "rel"
        tables, condition = self.label_tables(e.labels, subject.text, relationship)
        names = subject.type.names
        if tables is None:
            test = "true"
        elif not tables:
            test = "false"
        else:
            reachable = tables if names is None else tables & names
            if not reachable:
                test = "false"
            elif names is not None and reachable == names and not condition:
                test = "true"
            else:
                test = condition or self.in_tables(subject.text, frozenset(reachable))
        return Out(f"(CASE WHEN {subject.text} IS NULL THEN NULL ELSE ({test}) END)", BOOL)

    # -- properties -------------------------------------------------------

    def check_property(self, kind: Type, key: str) -> Type:
        """The type of property ``key`` of a node or relationship of ``kind`` (refuse if none)."""
        if kind.kind == "node":
            tables = {n: schema.NODE_LABELS[n] for n in (kind.names or schema.NODE_LABELS)}
            what = " or ".join(sorted(tables)) if kind.names else "any node"
        else:
            tables = {n: schema.REL_TYPES[n] for n in (kind.names or schema.REL_TYPES)}
            what = " or ".join(sorted(tables)) if kind.names else "any relationship"
        found = [p for t in tables.values() for p in t.properties if p.name == key]
        if not found:
            known = sorted({p.name for t in tables.values() for p in t.properties})
            raise DialectError(
                f"{what} has no property `{key}` in netan's graph{did_you_mean(key, known)}; "
                "names are case-sensitive, and other columns you imported are kept as JSON "
                "text in `attributes`")
        kinds = {p.type for p in found}
        if len(kinds) > 1:
            return ANY
        return {"int": INT, "float": FLOAT}.get(kinds.pop(), STRING)

    # -- parameters -------------------------------------------------------

    def user_param(self, name: str) -> Any:
        if name not in self.user_params:
            raise DialectError(f"the query uses the parameter ${name} but it has no value: "
                               f"pass --param {name}=...")
        return self.user_params[name]

    def param(self, name: str) -> Out:
        value = self.user_param(name)
        kind = value_type(value, name)
        if kind.kind == "list" and not value:
            return Out("[]", list_of(ANY))
        if name not in self.param_names:
            internal = f"_p{len(self.param_names)}"
            self.param_names[name] = internal
            self.params[internal] = list(value) if isinstance(value, tuple) else value
        text = f"${self.param_names[name]}"
        if self.lambdas:  # bound to a variable before the clause (see single_query)
            hoisted = f"_h{self.param_names[name]}"
            if f"{text} AS {hoisted}" not in self.hoisted:
                self.hoisted.append(f"{text} AS {hoisted}")
            text = hoisted
        return Out(text, kind)

    # -- expressions ------------------------------------------------------

    def condition(self, e: Expr) -> str:
        out = self.expr(e)
        if out.type.kind not in ("bool", "null", "any"):
            raise DialectError(f"a WHERE condition must be true or false, not a {out.type}")
        return out.text

    def expr(self, e: Expr) -> Out:
        """``e`` written for LadybugDB (a float sum of nothing as 0.0, see :meth:`raw`)."""
        out = self.raw(e)
        if out.type.zero:
            return Out(f"coalesce({out.text}, 0.0)", FLOAT)
        return out

    def raw(self, e: Expr) -> Out:
        """``e`` written out; a float ``sum()`` stays null where Neo4j answers integer 0."""
        alias = self.aliases.get(e)
        if alias is not None:
            binding = self.scope.get(alias)
            if binding is not None:
                return Out(binding.text, binding.type)
        method = getattr(self, "e_" + type(e).__name__.lower())
        return method(e)

    def e_literal(self, e: Literal) -> Out:
        v = e.value
        if v is None:
            return Out("NULL", NULL)
        if isinstance(v, bool):
            return Out("true" if v else "false", BOOL)
        if isinstance(v, int):
            if not -(2**63) <= v < 2**63:
                raise DialectError(f"the integer {v} is too large (Neo4j integers are 64-bit)")
            return Out(str(v) if v >= 0 else f"({v})", INT)
        if isinstance(v, float):
            if math.isinf(v) or math.isnan(v):
                raise DialectError(f"the number {v} is too large")
            text = repr(v)
            if "e" in text or "E" in text:
                return Out(f"cast({self.constant(v)} AS DOUBLE)", FLOAT)
            return Out(text if v >= 0 else f"({text})", FLOAT)
        return Out(self.constant(v), STRING)

    def e_param(self, e: Param) -> Out:
        return self.param(e.name)

    def e_var(self, e: Var) -> Out:
        binding = self.scope.get(e.name)
        if binding is None:
            raise DialectError(f"the variable `{e.name}` is not defined")
        if binding.lambda_level and binding.lambda_level < len(self.lambdas):
            raise refuse(f"a list comprehension inside another one that uses the outer "
                         f"variable `{e.name}`", "UNWIND the outer list first")
        if binding.recursive:
            return Out(f"rels({binding.text})", binding.type)
        return Out(binding.text, binding.type)

    def e_listlit(self, e: ListLit) -> Out:
        items = [self.expr(x) for x in e.items]
        if not items:
            return Out("[]", list_of(ANY))
        item_type = unify([i.type for i in items], "a list")
        if item_type.kind == "null":  # LadybugDB needs a type for the list
            return Out(f"cast([{', '.join(i.text for i in items)}] AS INT64[])", list_of(NULL))
        return Out("[" + ", ".join(i.text for i in items) + "]", list_of(item_type))

    def e_maplit(self, e: MapLit) -> Out:
        if not e.items:
            raise refuse("an empty map {}", "give the map at least one key")
        items = [(k, self.expr(v)) for k, v in e.items]
        items = [(k, Out("cast(NULL AS INT64)", NULL) if v.type.kind == "null" else v)
                 for k, v in items]
        text = "{" + ", ".join(f"{quote(k)}: {v.text}" for k, v in items) + "}"
        return Out(text, Type("map", fields=tuple((k, v.type) for k, v in items)))

    def e_mapprojection(self, e: MapProjection) -> Out:
        subject = self.e_var(Var(e.variable))
        items: list[tuple[str, Out]] = []
        for item in e.items:
            if item[0] == "all":
                raise refuse(f"{e.variable}{{.*}} (all properties)",
                              f"name the properties: {e.variable} {{.name, .role}}")
            if item[0] == "property":
                items.append((item[1], self.e_prop(Prop(Var(e.variable), item[1]))))
            elif item[0] == "literal":
                items.append((item[1], self.expr(item[2])))
            else:
                items.append((item[1], self.e_var(Var(item[1]))))
        if subject.type.kind not in ("node", "rel", "map", "any"):
            raise DialectError(f"a map projection needs a node, relationship or map, not a "
                               f"{subject.type}")
        if not items:
            raise refuse(f"an empty map projection {e.variable}{{}}", "name a property")
        text = "{" + ", ".join(f"{quote(k)}: {v.text}" for k, v in items) + "}"
        kind = Type("map", fields=tuple((k, v.type) for k, v in items))
        return Out(f"(CASE WHEN {subject.text} IS NULL THEN NULL ELSE {text} END)", kind)

    def e_prop(self, e: Prop) -> Out:
        subject = self.expr(e.subject)
        kind = subject.type
        if kind.kind in ("node", "rel"):
            value_type = self.check_property(kind, e.key)
            return Out(f"{subject.text}.{quote(e.key)}", value_type)
        if kind.kind == "map":
            if kind.fields is not None:
                fields = dict(kind.fields)
                if sum(k.lower() == e.key.lower() for k in fields) > 1:
                    raise refuse(f"looking up `{e.key}` in a map whose keys differ only in case",
                                 "the embedded store does not tell them apart; rename one key")
                if e.key not in fields:
                    return Out("NULL", NULL)
                return Out(f"struct_extract({subject.text}, '{_safe_key(e.key)}')",
                           fields[e.key])
            return Out(f"{subject.text}.{quote(e.key)}", ANY)
        if kind.kind == "null":
            return Out("NULL", NULL)
        if kind.kind == "any":
            return Out(f"{subject.text}.{quote(e.key)}", ANY)
        if kind.kind == "date":
            raise refuse(f"a date's .{e.key}", "netan keeps dates as ISO text: take the part "
                         "you need from it, e.g. toInteger(substring(m.date, 0, 4)) for the year")
        raise DialectError(f"`.{e.key}` needs a node, relationship or map, not a {kind}")

    def e_index(self, e: Index) -> Out:
        subject = self.expr(e.subject)
        if subject.type.kind in ("node", "rel", "map") and isinstance(e.index, Literal) and (
                isinstance(e.index.value, str)):
            return self.e_prop(Prop(e.subject, e.index.value))
        if subject.type.kind in ("node", "rel", "map"):
            raise refuse("a property looked up by a computed name (n[$key])",
                          "write the property: n.name")
        if subject.type.kind == "null":
            return Out("NULL", NULL)
        if subject.type.kind not in ("list", "any"):
            raise DialectError(f"[...] needs a list, not a {subject.type}")
        index = self.expr(e.index)
        if index.type.kind not in ("int", "null", "any"):
            raise DialectError(f"a list index must be an integer, not a {index.type}")
        return self.element(subject, index, e.subject, e.index)

    def element(self, subject: Out, index: Out, list_expr: Expr | None = None,
                index_expr: Expr | None = None) -> Out:
        """Item ``index`` (0-based, negative from the end) of a list; null when outside it."""
        item = subject.type.of or ANY
        if isinstance(list_expr, ListLit) and isinstance(index_expr, Literal) and all(
                isinstance(x, Literal) for x in list_expr.items):
            # all constant: LadybugDB would evaluate list_extract even where CASE skips it
            k, n = index_expr.value, len(list_expr.items)
            if not isinstance(k, int) or not -n <= k < n:
                return Out("NULL", item)
            return self.expr(list_expr.items[k])
        lst, i = subject.text, index.text
        self.once(lst, i)
        # LadybugDB evaluates list_extract on every row when any row needs it, so the
        # position is kept inside the list and an empty list becomes null.
        size = f"size({lst})"
        position = (f"(CASE WHEN {i} >= {size} THEN {size} WHEN {i} >= 0 THEN {i} + 1 "
                    f"WHEN {i} < -{size} THEN 1 ELSE {size} + {i} + 1 END)")
        items = f"(CASE WHEN {size} = 0 THEN NULL ELSE {lst} END)"
        return Out(f"(CASE WHEN {i} >= {size} OR {i} < -{size} THEN NULL ELSE "
                   f"list_extract({items}, {position}) END)", item)

    def e_slice(self, e: Slice) -> Out:
        subject = self.expr(e.subject)
        if subject.type.kind == "null":
            return Out("NULL", NULL)
        if subject.type.kind not in ("list", "any"):
            raise DialectError(f"[a..b] needs a list, not a {subject.type}")
        lst = subject.text
        size = f"size({lst})"

        def bound(x: Expr | None, default: str) -> str:
            if x is None:
                return default
            v = self.expr(x)
            self.once(lst, v.text)
            if v.type.kind not in ("int", "null", "any"):
                raise DialectError(f"a slice bound must be an integer, not a {v.type}")
            return (f"(CASE WHEN {v.text} < -{size} THEN 0 WHEN {v.text} < 0 THEN {size} + "
                    f"{v.text} WHEN {v.text} > {size} THEN {size} ELSE {v.text} END)")

        start = bound(e.start, "0")
        end = bound(e.end, size)
        return Out(f"list_slice({lst}, {start} + 1, {end})", subject.type)

    def e_unary(self, e: Unary) -> Out:
        operand = self.expr(e.operand)
        if e.op == "NOT":
            self.need(operand, ("bool",), "NOT")
            return Out(f"(NOT {operand.text})", BOOL)
        self.need(operand, NUMBERS, f"unary {e.op}")
        if e.op == "+":
            return operand
        return Out(f"(-{operand.text})", operand.type)

    def need(self, out: Out, kinds: tuple[str, ...], what: str) -> None:
        if out.type.kind not in (*kinds, "null", "any"):
            raise DialectError(f"{what} needs {' or '.join(str(Type(k)) for k in kinds)}, "
                               f"not a {out.type}")

    def e_binary(self, e: Binary) -> Out:
        op = e.op
        if op in ("AND", "OR", "XOR"):
            left, right = self.expr(e.left), self.expr(e.right)
            self.need(left, ("bool",), op)
            self.need(right, ("bool",), op)
            return Out(f"({left.text} {op} {right.text})", BOOL)
        if op == "IN":
            return self.e_in(e)
        left, right = self.expr(e.left), self.expr(e.right)
        if op in ("STARTS", "ENDS", "CONTAINS", "=~"):
            for side in (left, right):
                if side.type.kind not in ("string", "null", "any"):
                    return Out(NULL_BOOL, BOOL)
            if "null" in (left.type.kind, right.type.kind):
                return Out(NULL_BOOL, BOOL)
            function = {"STARTS": "starts_with", "ENDS": "ends_with", "CONTAINS": "contains",
                        "=~": "regexp_full_match"}[op]
            return Out(f"{function}({left.text}, {right.text})", BOOL)
        if op in ("+", "||"):
            return self.plus(left, right, op)
        if op in ("-", "*", "/", "%", "^"):
            self.need(left, NUMBERS, op)
            self.need(right, NUMBERS, op)
            if "null" in (left.type.kind, right.type.kind):
                return Out("NULL", NULL)
            if op == "^":
                return Out(f"({left.text} ^ {right.text})", FLOAT)
            result = FLOAT if FLOAT in (left.type, right.type) else (
                ANY if ANY in (left.type, right.type) else INT)
            text = f"({left.text} {op} {right.text})"
            if op == "%" and result == FLOAT:
                a, b = f"to_double({left.text})", f"to_double({right.text})"
                text = (f"({a} - {b} * (CASE WHEN {a} / {b} >= 0 THEN floor({a} / {b}) "
                        f"ELSE ceil({a} / {b}) END))")
            if op in ("/", "%") and right.type.kind == "int" and result != INT:
                if isinstance(e.right, Literal):  # Neo4j works out 1.0 / 0 as a float
                    text = f"({left.text} {op} to_double({right.text}))"
                else:  # but dividing by an integer 0 it computes is an error
                    stop = self.guard("division by zero", FLOAT)
                    text = f"(CASE WHEN {right.text} = 0 THEN {stop} ELSE {text} END)"
            return Out(text, result)
        raise DialectError(f"the operator {op} is not supported")

    def plus(self, left: Out, right: Out, op: str) -> Out:
        kinds = (left.type.kind, right.type.kind)
        if "null" in kinds:
            return Out("NULL", NULL)
        if left.type.kind == "list" or right.type.kind == "list":
            if left.type.kind == "list" and right.type.kind == "list":
                unify([left.type, right.type], "a list concatenation")
                return Out(f"list_concat({left.text}, {right.text})", left.type
                           if left.type.of and left.type.of.kind != "any" else right.type)
            if op == "||":
                raise DialectError("|| joins two strings or two lists")
            if left.type.kind == "list":
                item = unify([left.type.of or ANY, right.type], "a list")
                return Out(f"list_append({left.text}, {right.text})", list_of(item))
            item = unify([right.type.of or ANY, left.type], "a list")
            return Out(f"list_prepend({right.text}, {left.text})", list_of(item))
        if "string" in kinds:
            if op == "||" and kinds != ("string", "string"):
                raise DialectError("|| joins two strings or two lists")
            a = left if left.type.kind == "string" else self.to_string(left, strict=True)
            b = right if right.type.kind == "string" else self.to_string(right, strict=True)
            return Out(f"({a.text} + {b.text})", STRING)
        if op == "||":
            raise DialectError("|| joins two strings or two lists")
        if "any" in kinds:
            return Out(f"({left.text} + {right.text})", ANY)
        self.need(left, NUMBERS, "+")
        self.need(right, NUMBERS, "+")
        result = FLOAT if "float" in kinds else INT
        return Out(f"({left.text} + {right.text})", result)

    def e_in(self, e: Binary) -> Out:
        """``x IN list``: true, false, or null when x is null or the list holds a null."""
        item = self.expr(e.left)
        lst = self.expr(e.right)
        if lst.type.kind == "null":
            return Out(NULL_BOOL, BOOL)
        if lst.type.kind not in ("list", "any"):
            raise DialectError(f"IN needs a list on its right, not a {lst.type}")
        element = lst.type.of or ANY
        if "list" in (item.type.kind, element.kind):
            raise refuse("IN with lists as items", "compare the lists' items")
        if lst.text == "[]":
            return Out("false", BOOL)
        has_null = self.holds_null(e.right, lst)
        if item.type.kind == "null":
            return Out(f"(CASE WHEN size({lst.text}) = 0 THEN false ELSE {NULL_BOOL} END)", BOOL)
        if element.kind not in ("any", "null") and item.type.kind not in ("any", "null"):
            comparable = {element.kind, item.type.kind} <= {"int", "float"} or (
                element.kind == item.type.kind)
            if not comparable:  # nothing equals; a null in the list makes it null
                return Out(f"(CASE WHEN {lst.text} IS NULL OR {has_null} THEN {NULL_BOOL} "
                           "ELSE false END)", BOOL)
        contains = f"list_contains({lst.text}, {item.text})"
        if has_null == "false":
            return Out(contains, BOOL)
        self.once(lst.text, item.text)
        return Out(f"(CASE WHEN {lst.text} IS NULL THEN {NULL_BOOL} WHEN {contains} THEN true "
                   f"WHEN size({lst.text}) = 0 THEN false WHEN {item.text} IS NULL OR {has_null} "
                   f"THEN {NULL_BOOL} ELSE false END)", BOOL)

    def holds_null(self, e: Expr, lst: Out) -> str:
        """A condition: the list ``e`` holds a null (worked out here when it is known)."""
        if isinstance(e, ListLit) and all(isinstance(x, Literal) for x in e.items):
            return "true" if any(x.value is None for x in e.items) else "false"  # type: ignore[union-attr]
        if isinstance(e, Param):
            return "true" if any(v is None for v in self.user_param(e.name)) else "false"
        if self.lambdas:
            raise refuse("IN on a computed list inside a list comprehension or quantifier",
                         "UNWIND the outer list first")
        item = self.fresh("e")
        return f"size(list_filter({copied(lst.text)}, {item} -> {item} IS NULL)) > 0"

    def e_comparison(self, e: Comparison) -> Out:
        outs = [self.comparand(x, e) for x in e.operands]
        parts = [self.compare(outs[k], outs[k + 1], op) for k, op in enumerate(e.ops)]
        if len(parts) == 1:
            return Out(parts[0], BOOL)
        return Out("(" + " AND ".join(parts) + ")", BOOL)

    def comparand(self, x: Expr, e: Comparison) -> Out:
        """One side of a comparison; ``id(a) = id(b)`` is allowed (ids differ between stores)."""
        is_id = isinstance(x, Call) and x.name.lower() in ("id", "elementid")
        if not is_id:
            return self.expr(x)
        all_ids = all(isinstance(o, Call) and o.name.lower() in ("id", "elementid")
                      for o in e.operands)
        if not all_ids or any(op not in ("=", "<>") for op in e.ops) or len(x.args) != 1:
            raise refuse(f"{x.name}() (the store's internal id) compared with anything but "
                         "another id with = or <>", "ids differ between stores: use netan's "
                         "id, n.id")
        value = self.expr(x.args[0])
        if value.type.kind not in ("node", "rel", "any", "null"):
            raise DialectError(f"{x.name}() needs a node or relationship, not a {value.type}")
        return Out(f"id({value.text})", Type("id"))

    def compare(self, a: Out, b: Out, op: str) -> str:
        """``a op b`` with Neo4j's answer: false across types, null with null, NaN never less."""
        kinds = {a.type.kind, b.type.kind}
        if "null" in kinds:
            return NULL_BOOL
        if "any" not in kinds and not (kinds <= {"int", "float"}) and len(kinds) > 1:
            if op in ("=", "<>"):
                return "false" if op == "=" else "true"
            return NULL_BOOL
        if op in ("<", ">", "<=", ">=") and kinds & {"node", "rel", "path", "map", "id", "list"}:
            if "list" in kinds:
                raise refuse("ordering lists with <, >, <= or >=", "compare their items")
            return NULL_BOOL
        if kinds & {"map", "path"} and op in ("=", "<>"):
            raise refuse(f"comparing {a.type}s with {op}", "compare their values one by one")
        if "list" in kinds:
            return self.list_equality(a, b, op)
        text = f"({a.text} {op} {b.text})"
        if "float" in kinds and op in ("<", ">", "<=", ">="):  # NaN is not less than 1
            may_be_nan = [x.text for x in (a, b) if x.type.kind != "int"
                          and not re.fullmatch(r"\(?-?[\d.]+\)?", x.text)
                          and "random()" not in x.text]
            if may_be_nan:
                text = "(" + " AND ".join([text, *(f"{x} = {x}" for x in may_be_nan)]) + ")"
        return text

    def list_equality(self, a: Out, b: Out, op: str) -> str:
        """Neo4j's list equality: false at a clear difference, else null where a null is."""
        items = {t.of.kind for t in (a.type, b.type) if t.of is not None} - {"null", "any"}
        if not items <= {"int", "float"} and len(items) > 1:
            return "false" if op == "=" else "true"
        if items & {"list", "map", "node", "rel", "path"}:
            raise refuse(f"comparing lists of {items.pop()}s", "compare their items")
        if self.lambdas:
            raise refuse("comparing lists inside a list comprehension or quantifier",
                         "UNWIND the outer list first")
        self.once(a.text, b.text)
        i = self.fresh("i")
        x, y = f"list_extract({a.text}, {i})", f"list_extract({b.text}, {i})"
        indexes = f"range(1, size({a.text}))"
        differ = f"size(list_filter({indexes}, {i} -> {x} <> {y})) > 0"
        nulls = f"size(list_filter({indexes}, {i} -> {x} IS NULL OR {y} IS NULL)) > 0"
        equal = (f"(CASE WHEN {a.text} IS NULL OR {b.text} IS NULL THEN {NULL_BOOL} "
                 f"WHEN size({a.text}) <> size({b.text}) THEN false WHEN {differ} THEN false "
                 f"WHEN {nulls} THEN {NULL_BOOL} ELSE true END)")
        return equal if op == "=" else f"(NOT {equal})"

    def e_isnull(self, e: IsNull) -> Out:
        operand = self.expr(e.operand)
        if operand.type.kind == "null":
            return Out("false" if e.negated else "true", BOOL)
        return Out(f"({operand.text} IS {'NOT ' if e.negated else ''}NULL)", BOOL)

    def e_haslabels(self, e: HasLabels) -> Out:
        return self.has_labels(e)

    def e_case(self, e: Case) -> Out:
        subject = self.expr(e.subject) if e.subject is not None else None
        whens = []
        for condition, value in e.whens:
            if subject is not None:
                c = self.expr(condition)
                whens.append((self.compare(subject, c, "="), self.expr(value)))
            else:
                whens.append((self.condition(condition), self.expr(value)))
        default = self.expr(e.default) if e.default is not None else Out("NULL", NULL)
        result = unify([v.type for _, v in whens] + [default.type], "CASE results")
        if result.kind == "list" and any("struct_extract(" in v.text
                                         for v in [default, *(v for _, v in whens)]):
            raise refuse("a list taken from a map inside CASE", "name it first: "
                         "WITH m.list AS list, then use list in the CASE")
        body = " ".join(f"WHEN {c} THEN {v.text}" for c, v in whens)
        return Out(f"(CASE {body} ELSE {default.text} END)", result)

    def scoped(self, variable: str, kind: Type) -> tuple[str, dict[str, Binding]]:
        """Bind a comprehension's variable; returns its text and the scope to restore.

        LadybugDB writes comprehensions as lambdas. Over a list of nodes or
        relationships they give wrong items when run on several threads, so such
        a query runs on one; a lambda inside a lambda cannot see the outer one's
        variable (see :meth:`e_var`).
        """
        if self.lambdas:  # LadybugDB answers wrongly there (seen with nested quantifiers)
            raise refuse("a list comprehension, quantifier or reduce() inside another one",
                         "UNWIND the outer list first, then use one comprehension per row")
        saved = dict(self.scope)
        text = quote(variable)
        self.scope[variable] = Binding(text, kind, True, lambda_level=len(self.lambdas) + 1)
        self.lambdas.append(variable)
        if kind.kind in ("node", "rel", "path", "any", "map"):
            self.single_thread = True
        return text, saved

    def unscope(self, saved: dict[str, Binding]) -> None:
        self.scope = saved
        self.lambdas.pop()

    def e_listcomp(self, e: ListComp) -> Out:
        source = self.expr(e.source)
        if source.type.kind == "null":
            return Out("NULL", NULL)
        if source.text == "[]":
            return Out("[]", list_of(ANY))
        if source.type.kind not in ("list", "any"):
            raise DialectError(f"a list comprehension needs a list, not a {source.type}")
        item = source.type.of or ANY
        var, saved = self.scoped(e.variable, item)
        try:
            text = copied(source.text)
            if e.where is not None:
                text = f"list_filter({text}, {var} -> {self.condition(e.where)})"
            result = source.type
            if e.projection is not None:
                projected = self.expr(e.projection)
                if projected.type.kind == "null":
                    raise refuse("a list comprehension giving only nulls", "project a value")
                text = f"list_transform({text}, {var} -> {projected.text})"
                result = list_of(projected.type)
        finally:
            self.unscope(saved)
        return Out(text, result)

    def e_quantifier(self, e: Quantifier) -> Out:
        source = self.expr(e.source)
        if source.type.kind == "null":
            return Out(NULL_BOOL, BOOL)
        if source.type.kind not in ("list", "any"):
            raise DialectError(f"{e.kind}() needs a list, not a {source.type}")
        if source.text == "[]":  # nothing to test: all and none hold, any and single do not
            return Out("true" if e.kind in ("all", "none") else "false", BOOL)
        var, saved = self.scoped(e.variable, source.type.of or ANY)
        try:
            predicate = self.condition(e.where)
        finally:
            self.unscope(saved)
        lst = source.text
        self.once(lst, predicate)
        true = f"size(list_filter({copied(lst)}, {var} -> {predicate}))"
        false = f"size(list_filter({copied(lst)}, {var} -> NOT ({predicate})))"
        n = f"size({lst})"
        body = {
            "all": f"WHEN {false} > 0 THEN false WHEN {true} = {n} THEN true",
            "any": f"WHEN {true} > 0 THEN true WHEN {false} = {n} THEN false",
            "none": f"WHEN {true} > 0 THEN false WHEN {false} = {n} THEN true",
            "single": f"WHEN {true} > 1 THEN false WHEN {true} + {false} = {n} "
                      f"THEN {true} = 1",
        }[e.kind]
        return Out(f"(CASE WHEN {lst} IS NULL THEN NULL {body} ELSE NULL END)", BOOL)

    def e_reduce(self, e: Reduce) -> Out:
        initial = self.expr(e.initial)
        source = self.expr(e.source)
        if source.type.kind == "null":
            return Out("NULL", NULL)
        item = source.type.of or ANY
        if initial.type.kind != item.kind or item.kind not in ("int", "float", "string", "bool"):
            raise refuse("reduce() whose start value and list items differ in type",
                          "the embedded store can only reduce a list of the start value's "
                          "type, e.g. reduce(total = 0, x IN [1, 2] | total + x)")
        accumulator, saved = self.scoped(e.accumulator, initial.type)
        variable = quote(e.variable)
        self.scope[e.variable] = Binding(variable, item, True, lambda_level=len(self.lambdas))
        try:
            body = self.expr(e.expression)
        finally:
            self.unscope(saved)
        if body.type.kind != initial.type.kind:
            raise refuse("reduce() whose step changes the value's type",
                          "keep the accumulator's type in every step")
        return Out(f"list_reduce(list_prepend({source.text}, {initial.text}), "
                   f"({accumulator}, {variable}) -> {body.text})", initial.type)

    def e_patterncomp(self, e: PatternComp) -> Out:
        raise refuse("a pattern comprehension [(a)-->(b) | ...]",
                      "use OPTIONAL MATCH (a)-->(b) WITH a, collect(b.name) AS names, or "
                      "COUNT { (a)-->(b) } for how many")

    def e_patternpredicate(self, e: PatternPredicate) -> Out:
        return self.subquery_text("EXISTS", (e.pattern,), None)

    def e_subquery(self, e: Subquery) -> Out:
        if e.kind == "COLLECT":
            raise refuse("COLLECT { ... }", "use OPTIONAL MATCH ... WITH ..., collect(...)")
        if e.query is None:
            return self.subquery_text(e.kind, e.patterns or (), e.where)
        if len(e.query.parts) != 1:
            raise refuse(f"UNION inside {e.kind} {{ }}", "write one pattern")
        clauses = list(e.query.parts[0].clauses)
        if clauses and isinstance(clauses[-1], Return):
            ret = clauses.pop().projection  # type: ignore[union-attr]
            if e.kind == "COUNT" and (ret.distinct or ret.order or ret.skip or ret.limit):
                raise refuse(f"RETURN DISTINCT/ORDER BY/SKIP/LIMIT inside {e.kind} {{ }}",
                              "count the pattern: COUNT { MATCH ... WHERE ... }")
        if len(clauses) != 1 or not isinstance(clauses[0], Match) or clauses[0].optional:
            raise refuse(f"{e.kind} {{ }} with clauses other than one MATCH ... WHERE",
                          f"write {e.kind} {{ MATCH (a)-[:T]->(b) WHERE ... }}")
        return self.subquery_text(e.kind, clauses[0].patterns, clauses[0].where)

    def subquery_text(self, kind: str, patterns: tuple[PatternPart, ...],
                      where: Expr | None) -> Out:
        saved = dict(self.scope)
        try:
            inner = self.match(Match(False, patterns, where))
        finally:
            self.scope = saved
        if kind == "COUNT":
            # LadybugDB may drop the rows whose COUNT { } is 0 (when it is joined); inside
            # a CASE it is not.
            return Out(f"(CASE WHEN EXISTS {{ {inner} }} THEN COUNT {{ {inner} }} ELSE 0 END)",
                       INT)
        return Out(f"EXISTS {{ {inner} }}", BOOL)

    def e_star(self, e: Star) -> Out:
        raise DialectError("* is only allowed in count(*)")

    def e_call(self, e: Call) -> Out:
        return dialect_functions.call(self, e)

    # -- conversions shared by functions and operators -------------------

    def to_string(self, value: Out, strict: bool = False, or_null: bool = False) -> Out:
        kind = value.type.kind
        v = value.text
        if kind in ("string", "null"):
            return value
        if kind in ("int", "date"):
            return Out(f"to_string({v})", STRING)
        if kind == "bool":
            self.once(v)
            return Out(f"(CASE WHEN {v} THEN 'true' WHEN NOT {v} THEN 'false' END)", STRING)
        if kind == "float":
            return Out(f"netan_float_text({v})", STRING)
        if or_null:
            return Out("NULL", NULL)
        if kind == "any":
            raise refuse("toString() of a value netan cannot type",
                          "convert a property or a typed value")
        raise DialectError(f"toString() cannot convert a {value.type}")

    # -- projections ------------------------------------------------------

    def items(self, projection: Projection, final: bool) -> list[tuple[str, Out, Expr]]:
        """(column, value, expression) of each item; ``*`` expands to the user's variables."""
        result: list[tuple[str, Out, Expr]] = []
        if projection.star:
            visible = sorted((n for n in self.scope if not n.startswith("_")),
                             key=lambda n: n.encode("utf-16-be"))
            if not visible and not projection.items:
                raise DialectError("RETURN * needs at least one variable in scope")
            for name in visible:
                result.append((name, self.e_var(Var(name)), Var(name)))
        for item in projection.items:
            column = self.column(item, final)
            result.append((column, self.raw(item.expression), item.expression))
        names = [c for c, _, _ in result]
        for name in names:
            if names.count(name) > 1:
                raise DialectError(f"the column name `{name}` is used twice; "
                                   "give one of them another name with AS")
        return result

    @staticmethod
    def column(item: ReturnItem, final: bool) -> str:
        if item.alias is not None:
            return item.alias
        e = item.expression
        if isinstance(e, Var):
            return e.name
        if isinstance(e, MapProjection):
            return e.variable
        if not final:
            raise DialectError(f"the expression {item.text} in WITH needs a name: "
                               f"{item.text} AS name")
        return item.text

    def projection(self, projection: Projection, final: bool,
                   where: Expr | None = None) -> tuple[str, list[str]]:
        items = self.items(projection, final)
        aggregating = any(_has_aggregate(e) for _, _, e in items)
        old_scope = self.scope
        texts = []
        new_scope: dict[str, Binding] = {}
        for column, value, expression in items:
            alias = quote(column)
            texts.append(f"{value.text} AS {alias}")
            binding = old_scope.get(expression.name) if isinstance(expression, Var) else None
            if binding is not None and binding.recursive:
                texts[-1] = f"{binding.text} AS {alias}"
                new_scope[column] = Binding(alias, binding.type, binding.nullable, True)
            else:
                new_scope[column] = Binding(alias, value.type,
                                            binding.nullable if binding else True)
        if final:
            self.zero_columns = tuple(k for k, (_, value, _) in enumerate(items)
                                      if value.type.zero)
        head = "RETURN" if final else "WITH"
        text = f"{head} {'DISTINCT ' if projection.distinct else ''}{', '.join(texts)}"
        # ORDER BY sees the projected names and, without DISTINCT or aggregation, the old ones
        self.scope = dict(new_scope) if (projection.distinct or aggregating) else {
            **old_scope, **new_scope}
        self.aliases = {e: c for c, _, e in items if not isinstance(e, Var)}
        try:
            if projection.order:
                keys = []
                for sort in projection.order:
                    key = self.sort_key(self.expr(sort.expression))
                    keys.append(key + (" DESC" if sort.descending else ""))
                text += " ORDER BY " + ", ".join(keys)
            for word, value in (("SKIP", projection.skip), ("LIMIT", projection.limit)):
                if value is not None:
                    count = self.expr(value)
                    if count.type.kind != "int" or isinstance(value, Literal) and value.value < 0:
                        raise DialectError(f"{word} needs a whole number of 0 or more")
                    text += f" {word} {count.text}"
        finally:
            self.aliases = {}
        self.scope = new_scope
        if not final and projection.order:
            if projection.skip is None and projection.limit is None:
                text += " SKIP 0"
            # LadybugDB drops an ORDER BY that an aggregation follows; an UNWIND keeps it.
            text += f" UNWIND [1] AS {self.fresh('o')}"
            self.single_thread = True
        if where is not None:
            condition = self.condition(where)
            text += (" WITH * WHERE " if not final and projection.order else " WHERE ") + (
                condition)
        return text, [c for c, _, _ in items]

    def sort_key(self, key: Out) -> str:
        """What LadybugDB sorts by to give Neo4j's order (a list of strings item by item)."""
        if key.type.kind == "list" and key.type.of is not None and key.type.of.kind in (
                "string", "null"):
            item = self.fresh("k")
            end, last = string_literal("\x01"), string_literal("\uffff")
            return (f"list_to_string('', list_transform({copied(key.text)}, {item} -> "
                    f"coalesce({item} + {end}, {last})))")
        if key.type.kind in ("node", "rel", "path", "map", "list"):
            raise refuse(f"ORDER BY a {key.type}",
                         "order by a property, e.g. ORDER BY n.name, or by a list of text")
        return key.text

    def with_(self, clause: With) -> str:
        text, _ = self.projection(clause.projection, final=False, where=clause.where)
        return text

    def return_(self, projection: Projection) -> tuple[str, list[str]]:
        return self.projection(projection, final=True)

    def unwind(self, clause: Unwind) -> str:
        value = self.expr(clause.expression)
        if value.type.kind == "null":
            raise refuse("UNWIND null", "UNWIND a list")
        if value.type.kind not in ("list", "any"):
            raise refuse(f"UNWIND of a {value.type}", "UNWIND a list, e.g. UNWIND [x] AS y")
        item = value.type.of or ANY
        if value.text == "[]":  # no rows: the variable is never bound to anything
            value, item = Out("cast([] AS INT64[])", value.type), NULL
        if clause.variable in self.scope:
            raise DialectError(f"the variable `{clause.variable}` is already defined")
        self.scope[clause.variable] = Binding(quote(clause.variable), item)
        return f"UNWIND {value.text} AS {quote(clause.variable)}"

    # -- writes (with --write) --------------------------------------------

    def write(self, clause: Any) -> str:
        if isinstance(clause, Create):
            conditions: list[str] = []
            parts = [self.pattern(p, conditions, [], set(), nullable=False, create=True)
                     for p in clause.patterns]
            return "CREATE " + ", ".join(parts)
        if isinstance(clause, Merge):
            conditions = []
            part = self.pattern(clause.pattern, conditions, [], set(), nullable=False,
                                create=True)
            text = "MERGE " + part
            if clause.on_create:
                text += " ON CREATE SET " + self.set_items(clause.on_create)
            if clause.on_match:
                text += " ON MATCH SET " + self.set_items(clause.on_match)
            return text
        if isinstance(clause, SetClause):
            return "SET " + self.set_items(clause.items)
        if isinstance(clause, Delete):
            targets = ", ".join(self.expr(x).text for x in clause.expressions)
            return ("DETACH DELETE " if clause.detach else "DELETE ") + targets
        if isinstance(clause, Remove):
            parts = []
            for item in clause.items:
                if item.kind == "labels":
                    raise refuse("REMOVE of a label", "netan nodes keep their one label")
                parts.append(self.expr(item.target).text)
            return "REMOVE " + ", ".join(parts)
        raise DialectError(f"{type(clause).__name__} is not supported")

    def set_items(self, items: tuple[SetItem, ...]) -> str:
        parts = []
        for item in items:
            if item.kind != "property":
                raise refuse("SET of labels or of a whole map", "set properties one by "
                              "one: SET n.name = $name")
            target = self.expr(item.target)
            value = self.expr(item.value)  # type: ignore[arg-type]
            parts.append(f"{target.text} = {value.text}")
        return ", ".join(parts)


def copied(lst: str) -> str:
    """A fresh copy of a list for one lambda.

    Two lambdas (list_filter, list_transform) reading the same list in one LadybugDB
    query can give wrong items (``list_filter(l, x -> x % 2 = 0)`` gave ``[]`` for
    ``[1, 2, 3]`` beside ``list_filter(l, y -> y > 1)``); each reads its own copy.
    """
    if lst.startswith("[") or lst.startswith("range("):
        return lst
    return f"list_slice({lst}, 1, size({lst}))"


def string_literal(text: str) -> str:
    """``text`` as a LadybugDB string literal no text can end early: every character
    but letters, digits, ``_``, ``-`` and space is written as a ``\\u``/``\\U`` escape."""
    return "'" + "".join(
        c if c.isascii() and (c.isalnum() or c in "_- ") else
        f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in text) + "'"


def text_of(name: str | None, node: NodePattern) -> str:
    if name is None:
        return ""
    return quote(name) if node.variable else name


def _safe_key(key: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        raise refuse(f"the map key `{key}`", "use keys made of letters, digits and _")
    return key


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def translate(cypher: str, params: dict[str, Any] | None = None, *,
              max_depth: int = DEFAULT_MAX_DEPTH) -> Translation:
    """The LadybugDB query that gives Neo4j's answer to ``cypher``.

    Parameters
    ----------
    cypher:
        A query as a Neo4j user writes it.
    params:
        Its parameters (``$name``). Their values are sent as parameters; their
        types decide how some functions are translated.
    max_depth:
        The longest path an unbounded ``[*]`` may follow (the store passes its
        number of relationships, the longest a trail can be).

    Raises
    ------
    DialectError
        For a query netan will not run on the embedded store (a construct it
        cannot translate exactly, an unknown label or property, a missing
        parameter, a syntax error), with one line saying what to write instead.
    """
    try:
        tree = parse(cypher)
    except Unsupported as problem:
        raise DialectError(str(problem), problem.position) from None
    except CypherSyntaxError as problem:
        raise DialectError(f"syntax error: {problem}", problem.position) from None
    translator = _Translator(dict(params or {}), max(max_depth, 1))
    text, columns = translator.query(tree)
    return Translation(text, translator.params, columns,
                       max_depth=max(translator.max_depth, DEFAULT_MAX_DEPTH),
                       single_thread=translator.single_thread, writes=translator.writes,
                       zero_columns=translator.zero_columns,
                       unbounded=translator.unbounded)


def to_embedded(cypher: str, params: dict[str, Any] | None = None) -> str:
    """The translated query text alone (see :func:`translate`)."""
    return translate(cypher, params).cypher


_ENGINE_STOP = re.compile(r'Could not convert "' + re.escape(_GUARD) + r'(.*)" to INT64', re.S)


def engine_error(message: str) -> str:
    """The embedded store's error as one line in the user's words."""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    stop = _ENGINE_STOP.search(message)
    if stop:
        return stop.group(1).replace("\n", " ")
    first = re.sub(r"^(Binder|Runtime|Parser|Catalog|Conversion|Overflow|Interrupt)"
                   r" exception: ", "", first)
    if "Divide by zero" in first or "division by zero" in first.lower():
        return "division by zero"
    if "Overflow" in message or "overflow" in first:
        return "a number is too large for a 64-bit integer"
    if "Interrupted" in message or "timeout" in first.lower():
        return "the query was stopped (it ran too long)"
    if "Could not convert" in first:
        found = re.search(r'Could not convert "(.*)" to (\w+)', first)
        if found:
            return f"cannot convert {found.group(1)!r} to {found.group(2).lower()}"
    if "Cannot match a built-in function" in first or "has data type" in first:
        return ("the values in this query have types the embedded store cannot combine "
                "(for example text and a number in one list or CASE)")
    if "`" in first or "_netan" in first or re.search(r"\$_[sp]\d", first):
        return "the embedded store could not run this query"
    return "the embedded store could not run this query: " + first


# ---------------------------------------------------------------------------
# Write clauses (read-only by default)
# ---------------------------------------------------------------------------

#: Clause keywords that change the store (see :func:`write_clauses`).
WRITE_WORDS = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "COPY",
        "LOAD", "INSTALL", "UNINSTALL", "ATTACH", "IMPORT", "EXPORT", "CHECKPOINT",
    }
)

#: A ``CALL`` of a procedure whose name matches this changes the store.
_WRITE_PROCEDURE = re.compile(
    r"create|drop|delete|merge|set|remove|load|import|write|clear|install|periodic|refresh",
    re.IGNORECASE,
)


def _next(tokens: list[Token], i: int) -> int:
    """Index of the first significant token at or after ``i`` (len if none)."""
    while i < len(tokens) and not tokens[i].significant:
        i += 1
    return i


def _prev(tokens: list[Token], i: int) -> int:
    """Index of the last significant token before ``i`` (-1 if none)."""
    i -= 1
    while i >= 0 and not tokens[i].significant:
        i -= 1
    return i


def _procedure_name(tokens: list[Token], call: int) -> str:
    """The dotted name after the ``CALL`` at ``call`` ('' for ``CALL {``)."""
    parts = []
    j = _next(tokens, call + 1)
    while j < len(tokens) and (tokens[j].kind in ("word", "quoted") or tokens[j].text == "."):
        parts.append(tokens[j].text)
        j += 1
    return "".join(parts)


def write_clauses(cypher: str) -> list[str]:
    """The write clauses (CREATE, MERGE, SET, DELETE, ...) in ``cypher``, outside strings.

    A keyword counts when it is a clause keyword: not a property (``n.created``),
    label (``:Create``), map key (``{set: 1}``), parameter or backquoted name,
    and not inside a string or comment. ``DETACH DELETE`` is one clause;
    ``ON CREATE SET`` inside ``MERGE`` reports only ``SET``. ``LOAD FROM`` and
    ``LOAD CSV`` read files and are not writes; ``LOAD`` of an extension is.
    ``CALL`` of a procedure whose name says it writes (``create``, ``drop``,
    ``delete``, ``merge``, ``set``, ``load``, ``import``, ...) is reported as
    ``CALL <name>``.

    Returns
    -------
    list[str]
        The clauses in the order they appear, upper case.
    """
    tokens = tokenise(cypher)
    found: list[str] = []
    skip_next_delete = False
    for i, t in enumerate(tokens):
        word = t.upper
        if not word:
            continue
        p = _prev(tokens, i)
        n = _next(tokens, i + 1)
        before = tokens[p].text if p >= 0 else ""
        after = tokens[n] if n < len(tokens) else Token("space", "")
        if before in (".", ":") or after.text == ":":
            continue
        if word == "CALL":
            name = _procedure_name(tokens, i)
            setting = after.kind == "word" and _next(tokens, n + 1) < len(tokens) and (
                tokens[_next(tokens, n + 1)].text == "="
            )
            if name and (_WRITE_PROCEDURE.search(name) or setting):
                found.append(f"CALL {name}")
            continue
        if word not in WRITE_WORDS:
            continue
        if word == "CREATE" and p >= 0 and tokens[p].upper == "ON":
            continue
        if word == "DELETE" and skip_next_delete:
            skip_next_delete = False
            continue
        if word == "DETACH" and after.upper == "DELETE":
            found.append("DETACH DELETE")
            skip_next_delete = True
            continue
        if word == "LOAD" and after.upper in ("FROM", "CSV"):
            continue
        found.append(word)
    return found


