"""Neo4j Cypher read as a syntax tree: tokens, tree nodes and a parser.

``netan query`` takes the Cypher a Neo4j user writes. The embedded store speaks
another dialect, so :mod:`netan.graphdb.dialect` rewrites the query; it does so
on the tree this module builds, never on the text. The parser covers the
Cypher 5 that reads a graph (``MATCH``, ``OPTIONAL MATCH``, ``WITH``,
``UNWIND``, ``RETURN``, ``UNION``, expressions, patterns, subqueries) and the
write clauses ``--write`` allows (``CREATE``, ``MERGE``, ``SET``, ``DELETE``,
``REMOVE``). Anything else raises :class:`CypherSyntaxError` with the position
and, for a misspelt keyword, the keyword meant.

Every tree node is a frozen dataclass, so two spellings of one expression
compare equal (``ORDER BY count(*)`` finds the ``count(*)`` it sorts by).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CypherSyntaxError", "Token", "parse", "tokenise"]


class CypherSyntaxError(ValueError):
    """The text is not Cypher this parser reads; ``position`` is 1-based."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One lexical piece of a query.

    ``kind`` is ``word`` (identifier or keyword), ``quoted`` (backquoted name),
    ``string``, ``number``, ``param`` (``$name``), ``comment``, ``space`` or
    ``punct``; ``start`` is its offset in the query (0-based).
    """

    kind: str
    text: str
    start: int = field(default=0, compare=False)

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def significant(self) -> bool:
        return self.kind not in ("space", "comment")

    @property
    def end(self) -> int:
        return self.start + len(self.text)


_TOKEN_PATTERN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
  | (?P<number>0x[0-9A-Fa-f_]+|0o[0-7_]+
        |(?:\d[\d_]*)?\.\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*(?:[eE][+-]?\d+)?)
  | (?P<param>\$(?:\w+|`(?:[^`]|``)*`))
  | (?P<word>[^\W\d]\w*)
  | (?P<punct>->|<-|<>|!=|<=|>=|=~|\.\.|\+=|\|\||.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenise(cypher: str) -> list[Token]:
    """The query as tokens; joining their texts gives back ``cypher`` exactly."""
    return [Token(m.lastgroup or "punct", m.group(), m.start())
            for m in _TOKEN_PATTERN.finditer(cypher)]


def name_of(token: Token) -> str:
    """The name a word or backquoted token stands for (```a``b``` -> ``a`b``)."""
    if token.kind == "quoted":
        return token.text[1:-1].replace("``", "`")
    if token.kind == "param":
        return name_of(Token("quoted", token.text[1:])) if token.text[1:2] == "`" else (
            token.text[1:])
    return token.text


_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "b": "\b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t"}


def string_value(token: Token) -> str:
    """The value of a string literal token (Cypher escapes resolved)."""
    body = token.text[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in "uU":
            width = 4 if nxt == "u" else 8
            digits = body[i + 2 : i + 2 + width]
            if len(digits) != width or not re.fullmatch(r"[0-9A-Fa-f]+", digits):
                raise CypherSyntaxError("invalid \\u escape in a string", token.start + 1)
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:
            raise CypherSyntaxError(f"invalid escape \\{nxt} in a string", token.start + i + 2)
    return "".join(out)


def number_value(token: Token) -> int | float:
    text = token.text.replace("_", "").lower()
    if text.startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if re.fullmatch(r"\d+", text):
        return int(text)
    return float(text)


# ---------------------------------------------------------------------------
# Tree: expressions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    """Base of every expression node."""


@dataclass(frozen=True)
class Literal(Expr):
    value: Any  # None, bool, int, float or str


@dataclass(frozen=True)
class Param(Expr):
    name: str


@dataclass(frozen=True)
class Var(Expr):
    name: str


@dataclass(frozen=True)
class ListLit(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class MapLit(Expr):
    items: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True)
class Prop(Expr):
    subject: Expr
    key: str


@dataclass(frozen=True)
class Index(Expr):
    subject: Expr
    index: Expr


@dataclass(frozen=True)
class Slice(Expr):
    subject: Expr
    start: Expr | None
    end: Expr | None


@dataclass(frozen=True)
class Star(Expr):
    """The ``*`` of ``count(*)``."""


@dataclass(frozen=True)
class Call(Expr):
    name: str  # as written, dotted for namespaced functions
    args: tuple[Expr, ...]
    distinct: bool = False


@dataclass(frozen=True)
class Unary(Expr):
    op: str  # '-', '+', 'NOT'
    operand: Expr


@dataclass(frozen=True)
class Binary(Expr):
    op: str  # OR XOR AND + - * / % ^ || STARTS ENDS CONTAINS IN =~
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Comparison(Expr):
    """``a < b <= c``: one or more comparisons, each operand evaluated once."""

    operands: tuple[Expr, ...]
    ops: tuple[str, ...]


@dataclass(frozen=True)
class IsNull(Expr):
    operand: Expr
    negated: bool


@dataclass(frozen=True)
class LabelName:
    name: str


@dataclass(frozen=True)
class LabelAny:
    """``%``: any label."""


@dataclass(frozen=True)
class LabelNot:
    operand: LabelExpr


@dataclass(frozen=True)
class LabelAnd:
    operands: tuple[LabelExpr, ...]


@dataclass(frozen=True)
class LabelOr:
    operands: tuple[LabelExpr, ...]


LabelExpr = LabelName | LabelAny | LabelNot | LabelAnd | LabelOr


@dataclass(frozen=True)
class HasLabels(Expr):
    """``n:Person`` as a predicate."""

    subject: Expr
    labels: LabelExpr


@dataclass(frozen=True)
class Case(Expr):
    subject: Expr | None
    whens: tuple[tuple[Expr, Expr], ...]
    default: Expr | None


@dataclass(frozen=True)
class ListComp(Expr):
    variable: str
    source: Expr
    where: Expr | None
    projection: Expr | None


@dataclass(frozen=True)
class Quantifier(Expr):
    kind: str  # all, any, none, single
    variable: str
    source: Expr
    where: Expr


@dataclass(frozen=True)
class Reduce(Expr):
    accumulator: str
    initial: Expr
    variable: str
    source: Expr
    expression: Expr


@dataclass(frozen=True)
class MapProjection(Expr):
    variable: str
    # each item: ('property', key) | ('all', '') | ('literal', key, expr) | ('variable', name)
    items: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class PatternComp(Expr):
    pattern: PatternPart
    where: Expr | None
    projection: Expr


@dataclass(frozen=True)
class PatternPredicate(Expr):
    """A pattern used as a boolean: ``WHERE (a)-[:T]->()``."""

    pattern: PatternPart


@dataclass(frozen=True)
class Subquery(Expr):
    """``EXISTS { ... }``, ``COUNT { ... }`` or ``COLLECT { ... }``."""

    kind: str  # EXISTS, COUNT, COLLECT
    patterns: tuple[PatternPart, ...] | None  # the short form: patterns [WHERE]
    where: Expr | None
    query: Query | None  # the long form: a whole query


# ---------------------------------------------------------------------------
# Tree: patterns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NodePattern:
    variable: str | None
    labels: LabelExpr | None
    properties: MapLit | Param | None
    where: Expr | None
    start: int = field(default=0, compare=False)


@dataclass(frozen=True)
class RelPattern:
    variable: str | None
    types: LabelExpr | None
    direction: str  # '->', '<-' or '-'
    length: tuple[int | None, int | None] | None  # None: one hop; (min, max) for '*'
    properties: MapLit | Param | None
    where: Expr | None
    start: int = field(default=0, compare=False)


@dataclass(frozen=True)
class PatternPart:
    variable: str | None  # p in p = (...)
    shortest: str  # '', 'shortestPath' or 'allShortestPaths'
    elements: tuple[NodePattern | RelPattern, ...]  # node, rel, node, rel, node ...

    @property
    def nodes(self) -> tuple[NodePattern, ...]:
        return self.elements[::2]  # type: ignore[return-value]

    @property
    def relationships(self) -> tuple[RelPattern, ...]:
        return self.elements[1::2]  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# Tree: clauses and queries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnItem:
    expression: Expr
    alias: str | None
    text: str  # the expression as the user typed it (Neo4j's column name)


@dataclass(frozen=True)
class SortItem:
    expression: Expr
    descending: bool


@dataclass(frozen=True)
class Projection:
    distinct: bool
    star: bool
    items: tuple[ReturnItem, ...]
    order: tuple[SortItem, ...]
    skip: Expr | None
    limit: Expr | None


@dataclass(frozen=True)
class Match:
    optional: bool
    patterns: tuple[PatternPart, ...]
    where: Expr | None


@dataclass(frozen=True)
class Unwind:
    expression: Expr
    variable: str


@dataclass(frozen=True)
class With:
    projection: Projection
    where: Expr | None


@dataclass(frozen=True)
class Return:
    projection: Projection


@dataclass(frozen=True)
class Create:
    patterns: tuple[PatternPart, ...]


@dataclass(frozen=True)
class SetItem:
    kind: str  # 'property' (target = value), 'replace' (n = map), 'merge' (n += map), 'labels'
    target: Expr
    value: Expr | None = None
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Merge:
    pattern: PatternPart
    on_create: tuple[SetItem, ...]
    on_match: tuple[SetItem, ...]


@dataclass(frozen=True)
class SetClause:
    items: tuple[SetItem, ...]


@dataclass(frozen=True)
class Delete:
    detach: bool
    expressions: tuple[Expr, ...]


@dataclass(frozen=True)
class Remove:
    items: tuple[SetItem, ...]  # kind 'property' (target) or 'labels'


Clause = Match | Unwind | With | Return | Create | Merge | SetClause | Delete | Remove


@dataclass(frozen=True)
class SingleQuery:
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Query:
    parts: tuple[SingleQuery, ...]
    union_all: tuple[bool, ...]  # between parts


# ---------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------

#: Words that start a clause (a misspelt one gets "did you mean").
CLAUSE_KEYWORDS = ("MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "CREATE", "MERGE",
                   "SET", "DELETE", "DETACH", "REMOVE", "ORDER", "SKIP", "LIMIT", "UNION",
                   "CALL", "FOREACH", "LOAD", "USE", "FINISH", "OFFSET")
OTHER_KEYWORDS = ("AS", "BY", "ASC", "ASCENDING", "DESC", "DESCENDING", "DISTINCT", "AND", "OR",
                  "XOR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN",
                  "ELSE", "END", "STARTS", "ENDS", "CONTAINS", "EXISTS", "COUNT", "ALL", "ON",
                  "YIELD")
_STOP_WORDS = frozenset(CLAUSE_KEYWORDS) | {"AS", "ON", "ASC", "ASCENDING", "DESC", "DESCENDING",
                                            "THEN", "ELSE", "END", "WHEN", "YIELD", "BY"}
_UNSUPPORTED_CLAUSES = {
    "CALL": "a CALL (procedures and CALL { } subqueries)",
    "FOREACH": "FOREACH",
    "LOAD": "LOAD CSV",
    "USE": "USE",
    "FINISH": "FINISH",
}


class Unsupported(CypherSyntaxError):
    """Valid Neo4j Cypher that netan does not run on the embedded store."""

    def __init__(self, construct: str, instead: str, position: int | None = None) -> None:
        super().__init__(f"{construct} is not supported on the embedded store; {instead}",
                         position)
        self.construct = construct


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [t for t in tokenise(text) if t.significant]
        self.i = 0

    # -- token helpers ----------------------------------------------------

    def peek(self, k: int = 0) -> Token:
        j = self.i + k
        if j < len(self.tokens):
            return self.tokens[j]
        return Token("eof", "", len(self.text))

    def at(self, *words: str, k: int = 0) -> bool:
        t = self.peek(k)
        return (t.upper in words) if t.kind == "word" else t.kind == "punct" and t.text in words

    def take(self) -> Token:
        t = self.peek()
        self.i += 1
        return t

    def accept(self, *words: str) -> Token | None:
        return self.take() if self.at(*words) else None

    def expect(self, word: str, what: str | None = None) -> Token:
        if self.at(word):
            return self.take()
        raise self.error(f"expected {what or repr(word)}")

    def error(self, message: str, token: Token | None = None) -> CypherSyntaxError:
        t = token or self.peek()
        found = "the end of the query" if t.kind == "eof" else repr(t.text)
        hint = ""
        if t.kind == "word":
            close = difflib.get_close_matches(t.upper, CLAUSE_KEYWORDS + OTHER_KEYWORDS, n=1,
                                              cutoff=0.75)
            if close and close[0] != t.upper:
                hint = f" (did you mean {close[0]}?)"
        return CypherSyntaxError(f"{message}, found {found}{hint}", t.start + 1)

    def name(self, what: str = "a name") -> str:
        t = self.peek()
        if t.kind in ("word", "quoted"):
            self.i += 1
            return name_of(t)
        raise self.error(f"expected {what}")

    def pattern_variable(self) -> str | None:
        """The variable at the start of a node or relationship pattern (any word, even MATCH)."""
        t = self.peek()
        follows = self.peek(1)
        if t.kind == "quoted" or (t.kind == "word" and (
                t.upper != "WHERE" or follows.text in (":", ")", "]", "{", "*"))):
            self.i += 1
            return name_of(t)
        return None

    # -- queries ----------------------------------------------------------

    def parse(self) -> Query:
        query = self.query()
        if self.at(";") and self.peek(1).kind != "eof":
            raise Unsupported("more than one statement", "run one query at a time",
                              self.peek().start + 1)
        self.accept(";")
        if self.peek().kind != "eof":
            raise self.error("expected a clause (MATCH, WITH, RETURN, ...)")
        return query

    def query(self, inside: bool = False) -> Query:
        parts = [self.single_query(inside)]
        union_all = []
        while self.accept("UNION"):
            union_all.append(bool(self.accept("ALL")))
            parts.append(self.single_query(inside))
        return Query(tuple(parts), tuple(union_all))

    def single_query(self, inside: bool) -> SingleQuery:
        clauses: list[Clause] = []
        while True:
            t = self.peek()
            if t.kind == "eof" or self.at(";", "UNION") or (inside and self.at("}")):
                break
            clauses.append(self.clause())
        if not clauses:
            raise self.error("expected a clause (MATCH, WITH, RETURN, ...)")
        return SingleQuery(tuple(clauses))

    def clause(self) -> Clause:
        t = self.peek()
        word = t.upper
        if word == "OPTIONAL":
            self.take()
            self.expect("MATCH")
            return self.match(optional=True)
        if word == "MATCH":
            self.take()
            return self.match(optional=False)
        if word == "UNWIND":
            self.take()
            expression = self.expression()
            self.expect("AS")
            return Unwind(expression, self.name("a variable after AS"))
        if word == "WITH":
            self.take()
            projection = self.projection()
            where = self.expression() if self.accept("WHERE") else None
            return With(projection, where)
        if word == "RETURN":
            self.take()
            return Return(self.projection())
        if word == "CREATE":
            self.take()
            return Create(self.pattern_list())
        if word == "MERGE":
            self.take()
            pattern = self.pattern_part()
            on_create: list[SetItem] = []
            on_match: list[SetItem] = []
            while self.at("ON"):
                self.take()
                which = on_create if self.accept("CREATE") else (
                    on_match if self.accept("MATCH") else None)
                if which is None:
                    raise self.error("expected CREATE or MATCH after ON")
                self.expect("SET")
                which.extend(self.set_items())
            return Merge(pattern, tuple(on_create), tuple(on_match))
        if word == "SET":
            self.take()
            return SetClause(tuple(self.set_items()))
        if word in ("DETACH", "NODETACH"):
            self.take()
            self.expect("DELETE")
            return Delete(word == "DETACH", tuple(self.expression_list()))
        if word == "DELETE":
            self.take()
            return Delete(False, tuple(self.expression_list()))
        if word == "REMOVE":
            self.take()
            return Remove(tuple(self.remove_items()))
        if word == "LOAD" and self.peek(1).upper == "CSV":
            raise Unsupported("LOAD CSV", "import files with `netan import` and query the "
                              "store", t.start + 1)
        if word in _UNSUPPORTED_CLAUSES:
            instead = ("list labels and types with `netan schema`, or query them: "
                       "MATCH (n) RETURN DISTINCT labels(n)") if word == "CALL" else (
                "write the query without it")
            raise Unsupported(_UNSUPPORTED_CLAUSES[word], instead, t.start + 1)
        raise self.error("expected a clause (MATCH, WITH, RETURN, ...)")

    def match(self, optional: bool) -> Match:
        patterns = self.pattern_list()
        where = self.expression() if self.accept("WHERE") else None
        return Match(optional, patterns, where)

    def expression_list(self) -> list[Expr]:
        items = [self.expression()]
        while self.accept(","):
            items.append(self.expression())
        return items

    def projection(self) -> Projection:
        distinct = bool(self.accept("DISTINCT"))
        star = False
        items: list[ReturnItem] = []
        if self.accept("*"):
            star = True
            if self.accept(","):
                items = self.return_items()
        else:
            items = self.return_items()
        order: list[SortItem] = []
        if self.accept("ORDER"):
            self.expect("BY")
            while True:
                expression = self.expression()
                descending = False
                if self.accept("DESC", "DESCENDING"):
                    descending = True
                else:
                    self.accept("ASC", "ASCENDING")
                order.append(SortItem(expression, descending))
                if not self.accept(","):
                    break
        skip = self.expression() if self.accept("SKIP", "OFFSET") else None
        limit = self.expression() if self.accept("LIMIT") else None
        return Projection(distinct, star, tuple(items), tuple(order), skip, limit)

    def return_items(self) -> list[ReturnItem]:
        items = []
        while True:
            first = self.peek()
            expression = self.expression()
            last = self.tokens[self.i - 1]
            text = self.text[first.start : last.end]
            alias = self.name("a name after AS") if self.accept("AS") else None
            items.append(ReturnItem(expression, alias, text))
            if not self.accept(","):
                return items

    def set_items(self) -> list[SetItem]:
        items = []
        while True:
            start = self.peek()
            if start.kind in ("word", "quoted") and self.at(":", k=1):
                variable = self.name()
                labels = []
                while self.accept(":"):
                    labels.append(self.name("a label"))
                items.append(SetItem("labels", Var(variable), labels=tuple(labels)))
            else:
                target = self.postfix(self.atom(), labels=False)
                if self.accept("="):
                    kind = "property" if isinstance(target, Prop) else "replace"
                    items.append(SetItem(kind, target, self.expression()))
                elif self.accept("+="):
                    items.append(SetItem("merge", target, self.expression()))
                else:
                    raise self.error("expected = or += in SET")
            if not self.accept(","):
                return items

    def remove_items(self) -> list[SetItem]:
        items = []
        while True:
            if self.peek().kind in ("word", "quoted") and self.at(":", k=1):
                variable = self.name()
                labels = []
                while self.accept(":"):
                    labels.append(self.name("a label"))
                items.append(SetItem("labels", Var(variable), labels=tuple(labels)))
            else:
                items.append(SetItem("property", self.postfix(self.atom(), labels=False)))
            if not self.accept(","):
                return items

    # -- patterns ---------------------------------------------------------

    def pattern_list(self) -> tuple[PatternPart, ...]:
        parts = [self.pattern_part()]
        while self.accept(","):
            parts.append(self.pattern_part())
        return tuple(parts)

    def pattern_part(self) -> PatternPart:
        variable = None
        if self.peek().kind in ("word", "quoted") and self.at("=", k=1):
            variable = self.name()
            self.take()
        t = self.peek()
        if t.kind == "word" and t.text.lower() in ("shortestpath", "allshortestpaths"):
            self.take()
            self.expect("(")
            elements = self.path()
            self.expect(")")
            kind = "shortestPath" if t.text.lower() == "shortestpath" else "allShortestPaths"
            return PatternPart(variable, kind, elements)
        if t.kind == "word" and t.upper in ("ANY", "ALL", "SHORTEST") and not self.at("(", k=1):
            raise Unsupported(f"the path selector {t.upper}", "use shortestPath(...) or "
                              "allShortestPaths(...)", t.start + 1)
        return PatternPart(variable, "", self.path())

    def path(self) -> tuple[NodePattern | RelPattern, ...]:
        elements: list[NodePattern | RelPattern] = [self.node()]
        while self.at("-", "<-"):
            elements.append(self.relationship())
            elements.append(self.node())
        if self.at("{", "+") or (self.at("*") and isinstance(elements[-1], NodePattern)):
            raise Unsupported("a quantified path pattern", "write a variable-length "
                              "relationship such as (a)-[:T*1..3]->(b)", self.peek().start + 1)
        return tuple(elements)

    def node(self) -> NodePattern:
        start = self.expect("(", "a node pattern '('")
        if self.at("("):
            raise Unsupported("a quantified path pattern", "write a variable-length "
                              "relationship such as (a)-[:T*1..3]->(b)", start.start + 1)
        variable = self.pattern_variable()
        labels = self.label_expression(node=True) if self.at(":", "IS") else None
        properties: MapLit | Param | None = None
        if self.at("{"):
            properties = self.map_literal()
        elif self.peek().kind == "param":
            properties = Param(name_of(self.take()))
        where = self.expression() if self.accept("WHERE") else None
        self.expect(")", "')' closing the node pattern")
        return NodePattern(variable, labels, properties, where, start.start + 1)

    def relationship(self) -> RelPattern:
        start = self.take()  # '-' or '<-'
        left = start.text == "<-"
        variable = types = properties = where = None
        length: tuple[int | None, int | None] | None = None
        if self.accept("["):
            variable = self.pattern_variable()
            if self.at(":", "IS"):
                types = self.label_expression(node=False)
            if self.accept("*"):
                low = high = None
                if self.peek().kind == "number":
                    low = high = self.integer()
                if self.accept(".."):
                    high = self.integer() if self.peek().kind == "number" else None
                length = (low, high)
            if self.at("{"):
                properties = self.map_literal()
            elif self.peek().kind == "param":
                properties = Param(name_of(self.take()))
            if self.accept("WHERE"):
                where = self.expression()
            self.expect("]", "']' closing the relationship pattern")
        end = self.take()
        if end.text == "->":
            right = True
        elif end.text == "-":
            right = False
        else:
            raise self.error("expected '-' or '->' after the relationship", end)
        direction = "-" if left == right else ("<-" if left else "->")
        return RelPattern(variable, types, direction, length, properties, where, start.start + 1)

    def integer(self) -> int:
        t = self.take()
        if t.kind != "number" or not isinstance(number_value(t), int):
            raise self.error("expected a whole number", t)
        return int(number_value(t))

    def label_expression(self, node: bool) -> LabelExpr:
        if self.accept("IS"):
            return self.label_or(node)
        self.expect(":")
        return self.label_or(node)

    def label_or(self, node: bool) -> LabelExpr:
        items = [self.label_and(node)]
        while self.at("|") and self.label_follows():
            self.take()
            self.accept(":")
            items.append(self.label_and(node))
        return items[0] if len(items) == 1 else LabelOr(tuple(items))

    def label_follows(self) -> bool:
        """After '|': another label (``:A|B``), not a comprehension's ``| n.name``."""
        nxt, after = self.peek(1), self.peek(2)
        if nxt.text in (":", "!", "%", "("):
            return True
        return nxt.kind in ("word", "quoted") and after.text not in (".", "(", "[", "{") and (
            after.kind != "word" or after.upper in ("WHERE", "AND", "OR", "XOR", "THEN",
                                                    "IS", "RETURN", "WITH"))

    def label_and(self, node: bool) -> LabelExpr:
        items = [self.label_not(node)]
        while self.at("&") or (self.at(":") and self.peek(1).kind in ("word", "quoted")):
            self.take()
            items.append(self.label_not(node))
        return items[0] if len(items) == 1 else LabelAnd(tuple(items))

    def label_not(self, node: bool) -> LabelExpr:
        if self.accept("!"):
            return LabelNot(self.label_not(node))
        if self.accept("%"):
            return LabelAny()
        if self.accept("("):
            inner = self.label_or(node)
            self.expect(")")
            return inner
        return LabelName(self.name("a label" if node else "a relationship type"))

    # -- expressions ------------------------------------------------------

    def expression(self) -> Expr:
        return self.or_()

    def or_(self) -> Expr:
        left = self.xor()
        while self.accept("OR"):
            left = Binary("OR", left, self.xor())
        return left

    def xor(self) -> Expr:
        left = self.and_()
        while self.accept("XOR"):
            left = Binary("XOR", left, self.and_())
        return left

    def and_(self) -> Expr:
        left = self.not_()
        while self.accept("AND"):
            left = Binary("AND", left, self.not_())
        return left

    def not_(self) -> Expr:
        if self.accept("NOT"):
            return Unary("NOT", self.not_())
        return self.comparison()

    def comparison(self) -> Expr:
        operands = [self.predicates()]
        ops = []
        while True:
            if self.at("!="):
                raise CypherSyntaxError("unknown operator '!=': Cypher writes 'not equal' as <>",
                                        self.peek().start + 1)
            if self.at("=", "<>", "<", ">", "<=", ">="):
                ops.append(self.take().text)
                operands.append(self.predicates())
            elif self.at("<-") and self.peek(1).kind in ("number", "word", "param", "punct"):
                # 'a<-1' is 'a < -1'
                self.take()
                ops.append("<")
                operands.append(Unary("-", self.predicates()))
            else:
                break
        if not ops:
            return operands[0]
        return Comparison(tuple(operands), tuple(ops))

    def predicates(self) -> Expr:
        left = self.additive()
        while True:
            if self.at("STARTS", "ENDS"):
                op = self.take().upper
                self.expect("WITH")
                left = Binary(op, left, self.additive())
            elif self.accept("CONTAINS"):
                left = Binary("CONTAINS", left, self.additive())
            elif self.accept("IN"):
                left = Binary("IN", left, self.additive())
            elif self.accept("=~"):
                left = Binary("=~", left, self.additive())
            elif self.at("IS"):
                start = self.take()
                negated = bool(self.accept("NOT"))
                if self.accept("NULL"):
                    left = IsNull(left, negated)
                elif self.at(":") or self.at("TYPED") or self.peek().kind == "word":
                    raise Unsupported("a type predicate (IS :: TYPE)", "test the value "
                                      "itself, e.g. x IS NOT NULL", start.start + 1)
                else:
                    raise self.error("expected NULL after IS")
            else:
                return left

    def additive(self) -> Expr:
        left = self.multiplicative()
        while self.at("+", "-", "||"):
            op = self.take().text
            left = Binary(op, left, self.multiplicative())
        return left

    def multiplicative(self) -> Expr:
        left = self.power()
        while self.at("*", "/", "%"):
            op = self.take().text
            left = Binary(op, left, self.power())
        return left

    def power(self) -> Expr:
        left = self.unary()
        while self.accept("^"):
            left = Binary("^", left, self.unary())
        return left

    def unary(self) -> Expr:
        if self.at("-", "+"):
            op = self.take().text
            operand = self.unary()
            if op == "-" and isinstance(operand, Literal) and isinstance(
                    operand.value, int | float) and not isinstance(operand.value, bool):
                return Literal(-operand.value)
            return Unary(op, operand)
        return self.postfix(self.atom())

    def postfix(self, subject: Expr, labels: bool = True) -> Expr:
        while True:
            if self.at("."):
                self.take()
                subject = Prop(subject, self.name("a property name after '.'"))
            elif self.at("["):
                self.take()
                if self.accept(".."):
                    end = None if self.at("]") else self.expression()
                    self.expect("]")
                    subject = Slice(subject, None, end)
                    continue
                index = self.expression()
                if self.accept(".."):
                    end = None if self.at("]") else self.expression()
                    self.expect("]")
                    subject = Slice(subject, index, end)
                else:
                    self.expect("]")
                    subject = Index(subject, index)
            elif labels and self.at(":") and self.peek(1).kind in ("word", "quoted") or (
                    labels and self.at(":") and self.peek(1).text in ("!", "%", "(")):
                subject = HasLabels(subject, self.label_expression(node=True))
            else:
                return subject

    def atom(self) -> Expr:
        t = self.peek()
        if t.kind == "number":
            self.take()
            return Literal(number_value(t))
        if t.kind == "string":
            self.take()
            return Literal(string_value(t))
        if t.kind == "param":
            self.take()
            return Param(name_of(t))
        if t.kind == "quoted":
            self.take()
            return self.after_variable(name_of(t))
        if t.kind == "punct":
            if t.text == "[":
                return self.bracket()
            if t.text == "{":
                return self.map_literal()
            if t.text == "(":
                pattern = self.try_pattern()
                if pattern is not None:
                    return PatternPredicate(pattern)
                self.take()
                inner = self.expression()
                self.expect(")")
                return inner
            raise self.error("expected an expression")
        if t.kind != "word":
            raise self.error("expected an expression")
        word = t.upper
        if word == "NULL":
            self.take()
            return Literal(None)
        if word in ("TRUE", "FALSE"):
            self.take()
            return Literal(word == "TRUE")
        if word == "CASE":
            return self.case()
        if word in ("EXISTS", "COUNT", "COLLECT") and self.at("{", k=1):
            return self.subquery()
        if word in ("ALL", "ANY", "NONE", "SINGLE") and self.at("(", k=1) and (
                self.peek(2).kind in ("word", "quoted") and self.peek(3).upper == "IN"):
            self.take()
            self.take()
            variable = self.name()
            self.expect("IN")
            source = self.expression()
            self.expect("WHERE", "WHERE in the quantifier")
            where = self.expression()
            self.expect(")")
            return Quantifier(word.lower(), variable, source, where)
        if word == "REDUCE" and self.at("(", k=1):
            self.take()
            self.take()
            accumulator = self.name()
            self.expect("=")
            initial = self.expression()
            self.expect(",")
            variable = self.name()
            self.expect("IN")
            source = self.expression()
            self.expect("|")
            expression = self.expression()
            self.expect(")")
            return Reduce(accumulator, initial, variable, source, expression)
        if word in ("SHORTESTPATH", "ALLSHORTESTPATHS") and self.at("(", k=1):
            raise Unsupported(f"{t.text}(...) inside an expression", "match it: "
                              "MATCH p = shortestPath((a)-[*]-(b))", t.start + 1)
        if word in _STOP_WORDS or word in ("AND", "OR", "XOR", "IN", "IS", "DISTINCT"):
            if not self.keyword_as_variable():
                raise self.error("expected an expression")
        # function call: name(.name)* '('
        j = 1
        while self.peek(j).text == "." and self.peek(j + 1).kind in ("word", "quoted"):
            j += 2
        if self.at("(", k=j):
            parts = [self.take().text]
            while self.accept("."):
                parts.append(self.name())
            self.take()  # (
            if word == "COUNT" and self.accept("*"):
                self.expect(")")
                return Call("count", (Star(),))
            distinct = bool(self.accept("DISTINCT"))
            args: list[Expr] = []
            if not self.at(")"):
                args = self.expression_list()
            self.expect(")", "')' closing the function call")
            return Call(".".join(parts), tuple(args), distinct)
        self.take()
        return self.after_variable(t.text)

    def keyword_as_variable(self) -> bool:
        """Whether the keyword here is a variable's name (``ORDER BY with``, ``count(match)``)."""
        follows = self.peek(1)
        if follows.kind == "eof":
            return True
        if follows.kind == "punct":
            return follows.text in (",", ")", "]", "}", ".", ";", "=", "<>", "<", ">", "<=",
                                    ">=", "+", "-", "*", "/", "%", "^", "[", "|", "=~", "||")
        return follows.upper in ("AS", "ASC", "ASCENDING", "DESC", "DESCENDING", "AND", "OR",
                                 "XOR", "IS", "IN", "STARTS", "ENDS", "CONTAINS", "SKIP",
                                 "LIMIT", "RETURN", "WITH", "UNION")

    def after_variable(self, name: str) -> Expr:
        if self.at("{") and not (self.peek(1).kind == "eof"):
            return self.map_projection(name)
        return Var(name)

    def map_projection(self, variable: str) -> MapProjection:
        self.expect("{")
        items: list[tuple[Any, ...]] = []
        while not self.at("}"):
            if self.accept("."):
                if self.accept("*"):
                    items.append(("all", ""))
                else:
                    items.append(("property", self.name("a property name")))
            elif self.peek().kind in ("word", "quoted") and self.at(":", k=1):
                key = self.name()
                self.take()
                items.append(("literal", key, self.expression()))
            else:
                items.append(("variable", self.name("a map projection item")))
            if not self.accept(","):
                break
        self.expect("}", "'}' closing the map projection")
        return MapProjection(variable, tuple(items))

    def map_literal(self) -> MapLit:
        self.expect("{")
        items: list[tuple[str, Expr]] = []
        while not self.at("}"):
            key_token = self.peek()
            if key_token.kind not in ("word", "quoted"):
                raise self.error("expected a key in the map")
            self.take()
            self.expect(":", "':' after the map key")
            items.append((name_of(key_token), self.expression()))
            if not self.accept(","):
                break
        self.expect("}", "'}' closing the map")
        return MapLit(tuple(items))

    def bracket(self) -> Expr:
        start = self.i
        self.expect("[")
        # list comprehension: [x IN list WHERE ... | ...]
        if self.peek().kind in ("word", "quoted") and self.at("IN", k=1):
            variable = self.name()
            self.take()
            source = self.expression()
            where = self.expression() if self.accept("WHERE") else None
            projection = self.expression() if self.accept("|") else None
            self.expect("]", "']' closing the list comprehension")
            return ListComp(variable, source, where, projection)
        # pattern comprehension: [p = (a)-->(b) WHERE ... | ...]
        self.i = start + 1
        pattern = self.try_pattern(allow_variable=True)
        if pattern is not None:
            where = self.expression() if self.accept("WHERE") else None
            self.expect("|", "'|' in the pattern comprehension")
            projection = self.expression()
            self.expect("]")
            return PatternComp(pattern, where, projection)
        items: list[Expr] = []
        while not self.at("]"):
            items.append(self.expression())
            if not self.accept(","):
                break
        self.expect("]", "']' closing the list")
        return ListLit(tuple(items))

    def try_pattern(self, allow_variable: bool = False) -> PatternPart | None:
        """A relationship pattern starting here, or None (position unchanged)."""
        start = self.i
        try:
            variable = None
            if allow_variable and self.peek().kind in ("word", "quoted") and self.at("=", k=1):
                variable = self.name()
                self.take()
            if not self.at("("):
                raise CypherSyntaxError("not a pattern")
            node = self.node()
            if not self.at("-", "<-"):
                raise CypherSyntaxError("not a pattern")
            elements: list[NodePattern | RelPattern] = [node]
            while self.at("-", "<-"):
                elements.append(self.relationship())
                elements.append(self.node())
            return PatternPart(variable, "", tuple(elements))
        except CypherSyntaxError:  # also Unsupported: ((1 + 2)) is no quantified pattern
            self.i = start
            return None

    def case(self) -> Case:
        self.expect("CASE")
        subject = None if self.at("WHEN") else self.expression()
        whens = []
        while self.accept("WHEN"):
            condition = self.expression()
            self.expect("THEN")
            whens.append((condition, self.expression()))
        if not whens:
            raise self.error("expected WHEN in CASE")
        default = self.expression() if self.accept("ELSE") else None
        self.expect("END", "END closing CASE")
        return Case(subject, tuple(whens), default)

    def subquery(self) -> Subquery:
        kind = self.take().upper
        self.expect("{")
        if self.at("MATCH", "OPTIONAL", "WITH", "UNWIND", "CALL", "RETURN", "CREATE", "MERGE"):
            query = self.query(inside=True)
            self.expect("}", f"'}}' closing {kind} {{...}}")
            return Subquery(kind, None, None, query)
        patterns = self.pattern_list()
        where = self.expression() if self.accept("WHERE") else None
        self.expect("}", f"'}}' closing {kind} {{...}}")
        return Subquery(kind, patterns, where, None)


def parse(cypher: str) -> Query:
    """The query as a tree; raises :class:`CypherSyntaxError` (or :class:`Unsupported`)."""
    return _Parser(cypher).parse()
