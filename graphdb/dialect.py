"""Neo4j Cypher spellings translated to the embedded store's (LadybugDB) Cypher.

Users type Neo4j Cypher into ``netan query``. LadybugDB (a Kuzu fork) speaks a
close dialect but differs in ways that change answers silently, not only in ways
that fail loudly. :func:`to_embedded` rewrites a query so the embedded store
gives the answer Neo4j would; :func:`write_clauses` finds the clauses that would
change the store, so the CLI can refuse them without ``--write``.

Everything works on a token view of the query (string literals with escapes,
backquoted names and comments are single tokens and are never touched), never
on the raw text. The rewrites, measured on LadybugDB 0.22:

* names after ``:`` in patterns are backquoted (``Group`` is a reserved word);
  ``:A|B`` alternatives are kept; ``WHERE n:Person`` becomes ``label(n) = 'Person'``;
* renamed functions (:data:`FUNCTION_RENAMES`), e.g. ``type(r)`` -> ``label(r)``,
  ``toInteger`` -> ``to_int64``; ``labels(n)`` -> ``[label(n)]``; ``head``,
  ``last``, ``tail`` and one-argument ``round`` rewritten;
* list subscripts and slices shifted from Neo4j's 0-based, end-exclusive form to
  LadybugDB's 1-based, end-inclusive form (``labels(n)[0]`` -> ``[label(n)][1]``);
* ``shortestPath(...)`` / ``allShortestPaths(...)`` -> ``[* SHORTEST ...]`` /
  ``[* ALL SHORTEST ...]``; every other variable-length relationship gets
  ``TRAIL`` (no relationship repeated, as in Neo4j);
* relationship isomorphism: within one ``MATCH`` clause two fixed-length
  relationships that could bind the same relationship get ``id(r1) <> id(r2)``.

Neo4j procedures (``CALL db.labels()``, ``apoc.*``, ``gds.*``), ``LOAD CSV`` and
``:A:B`` label conjunctions raise :class:`DialectError` with what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

__all__ = ["DialectError", "Token", "tokenise", "to_embedded", "write_clauses"]


class DialectError(ValueError):
    """A query uses a Neo4j feature the embedded store cannot run."""


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

#: Neo4j function name (lower case) -> LadybugDB function name, same arguments.
FUNCTION_RENAMES: dict[str, str] = {
    "type": "label",
    "tointeger": "to_int64",
    "tofloat": "to_double",
    "tostring": "to_string",
    "split": "string_split",
    "rand": "random",
    "relationships": "rels",
}

#: Words that start a clause; a clause runs until the next one at its nesting depth.
CLAUSE_WORDS = frozenset(
    {
        "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "CALL", "CREATE", "MERGE",
        "SET", "DELETE", "DETACH", "REMOVE", "ORDER", "SKIP", "LIMIT", "UNION", "FOREACH",
        "LOAD", "USE", "COPY", "DROP", "ALTER",
    }
)

#: Keywords after which ``[`` opens a list, not a subscript.
_EXPRESSION_KEYWORDS = frozenset(
    {
        "RETURN", "WITH", "IN", "AND", "OR", "XOR", "NOT", "WHERE", "UNWIND", "THEN", "ELSE",
        "WHEN", "CASE", "DISTINCT", "BY", "IS", "CONTAINS", "STARTS", "ENDS", "SET", "AS",
        "SKIP", "LIMIT", "ALL", "ANY", "NONE", "SINGLE", "EXISTS", "ON", "YIELD",
    }
)

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

_PROCEDURE_HINT = (
    "the embedded store has no Neo4j procedures ({name}). "
    "To list the tables type: CALL show_tables() RETURN *; "
    "for the properties of one: CALL table_info('Person') RETURN *"
)


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One lexical piece of a query.

    ``kind`` is ``word`` (identifier or keyword), ``quoted`` (backquoted name),
    ``string``, ``number``, ``param`` (``$name``), ``comment``, ``space`` or ``punct``.
    """

    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def significant(self) -> bool:
        return self.kind not in ("space", "comment")


_TOKEN_PATTERN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
  | (?P<number>\d+\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)
  | (?P<param>\$(?:\w+|`[^`]*`))
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<punct>->|<-|<>|!=|<=|>=|=~|\.\.|\+=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenise(cypher: str) -> list[Token]:
    """The query as tokens; joining their texts gives back ``cypher`` exactly."""
    tokens = []
    for match in _TOKEN_PATTERN.finditer(cypher):
        kind = match.lastgroup or "punct"
        text = match.group()
        tokens.append(Token(kind, text))
    return tokens


def _text(tokens: list[Token]) -> str:
    return "".join(t.text for t in tokens)


def _raw(text: str) -> list[Token]:
    return tokenise(text)


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


def _closing(tokens: list[Token], i: int) -> int:
    """Index of the bracket closing the one at ``i``."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.kind != "punct":
            continue
        if t.text in pairs:
            depth += 1
        elif t.text in pairs.values():
            depth -= 1
            if depth == 0:
                return j
    raise DialectError(f"unbalanced {tokens[i].text!r} in the query")


def _split_top(tokens: list[Token], separator: str) -> list[list[Token]]:
    """``tokens`` split on ``separator`` where it is outside any bracket."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for t in tokens:
        if t.kind == "punct" and t.text in "([{":
            depth += 1
        elif t.kind == "punct" and t.text in ")]}":
            depth -= 1
        if depth == 0 and t.kind == "punct" and t.text == separator:
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


def _significant(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.significant]


# ---------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------


def _procedure_name(tokens: list[Token], call: int) -> str:
    """The dotted name after the ``CALL`` at ``call`` ('' for ``CALL {``)."""
    parts = []
    j = _next(tokens, call + 1)
    while j < len(tokens) and (tokens[j].kind in ("word", "quoted") or tokens[j].text == "."):
        parts.append(tokens[j].text)
        j += 1
    return "".join(parts)


def _refuse_unsupported(tokens: list[Token]) -> None:
    for i, t in enumerate(tokens):
        if t.upper == "CALL":
            name = _procedure_name(tokens, i)
            if "." in name:
                raise DialectError(_PROCEDURE_HINT.format(name=name))
        elif t.upper == "LOAD":
            j = _next(tokens, i + 1)
            if j < len(tokens) and tokens[j].upper == "CSV":
                raise DialectError(
                    "LOAD CSV is Neo4j's; the embedded store reads files with "
                    "LOAD FROM 'file.csv' (HEADER=true) RETURN *"
                )


# ---------------------------------------------------------------------------
# Labels and relationship types
# ---------------------------------------------------------------------------


def _quote(name: Token) -> Token:
    return name if name.kind == "quoted" else Token("quoted", f"`{name.text}`")


def _rewrite_labels(tokens: list[Token]) -> list[Token]:
    """Backquote names after ``:`` in patterns; ``n:Label`` predicates -> ``label(n)``."""
    out: list[Token] = []
    stack: list[str] = []  # "(", "[", "map" or "block"
    clause = ""
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.upper in CLAUSE_WORDS:
            clause = t.upper
        if t.kind == "punct" and t.text in "([":
            stack.append(t.text)
        elif t.kind == "punct" and t.text == "{":
            p = _prev(tokens, i)
            is_block = p >= 0 and tokens[p].upper in ("EXISTS", "COUNT", "COLLECT", "CALL")
            stack.append("block" if is_block else "map")
        elif t.kind == "punct" and t.text in ")]}":
            if stack:
                stack.pop()
        elif t.kind == "punct" and t.text == ":" and (not stack or stack[-1] != "map"):
            names, end, conjunction = _label_expression(tokens, i)
            if names:
                in_pattern = bool(stack) and stack[-1] in "(["
                p = _prev(tokens, i)
                predicate = not in_pattern and clause not in ("SET", "REMOVE")
                if predicate and p >= 0 and tokens[p].kind in ("word", "quoted"):
                    while not out[-1].significant:
                        out.pop()
                    variable = out.pop()
                    out.extend(_label_predicate(variable, names, conjunction))
                    i = end
                    continue
                if conjunction and stack and stack[-1] == "(":
                    raise DialectError(
                        f"(n:{':'.join(n.text for n in names)}) asks for nodes with all of "
                        "these labels; every netan node has exactly one label, so this "
                        "matches nothing (write :A|B for either label)"
                    )
                out.append(t)
                for k, name in enumerate(names):
                    if k:
                        out.append(Token("punct", "|"))
                    out.append(_quote(name))
                i = end
                continue
        out.append(t)
        i += 1
    return out


def _label_expression(tokens: list[Token], colon: int) -> tuple[list[Token], int, bool]:
    """Names in ``:A|B`` / ``:A|:B`` / ``:A:B`` from ``colon``; end index; conjunction."""
    names: list[Token] = []
    conjunction = False
    i = colon + 1
    while True:
        j = _next(tokens, i)
        if j >= len(tokens) or tokens[j].kind not in ("word", "quoted"):
            return names, i, conjunction
        names.append(tokens[j])
        i = j + 1
        k = _next(tokens, i)
        if k < len(tokens) and tokens[k].text == "|":
            i = k + 1
            m = _next(tokens, i)
            if m < len(tokens) and tokens[m].text == ":":
                i = m + 1
        elif k < len(tokens) and tokens[k].text == ":":
            nxt = _next(tokens, k + 1)
            if nxt < len(tokens) and tokens[nxt].kind in ("word", "quoted"):
                conjunction = True
                i = k + 1
            else:
                return names, i, conjunction
        else:
            return names, i, conjunction


def string_literal(text: str) -> str:
    """``text`` as a LadybugDB string literal no text can end early: every character
    but letters, digits, ``_``, ``-`` and space is written as a ``\\u``/``\\U`` escape."""
    return "'" + "".join(
        c if c.isascii() and (c.isalnum() or c in "_- ") else
        f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in text) + "'"


def _label_predicate(variable: Token, names: list[Token], conjunction: bool) -> list[Token]:
    if any(n.kind == "quoted" and not re.fullmatch(r"`(?:[^`]|``)*`", n.text) for n in names):
        raise DialectError("a backquoted name is not closed")
    plain = [n.text[1:-1].replace("``", "`") if n.kind == "quoted" else n.text for n in names]
    tests = [f"label({variable.text}) = {string_literal(name)}" for name in plain]
    if len(tests) == 1:
        return _raw(tests[0])
    joiner = " AND " if conjunction else " OR "
    return _raw("(" + joiner.join(tests) + ")")


# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------


def _call_at(tokens: list[Token], i: int) -> int | None:
    """Index of the ``(`` when ``tokens[i]`` is a function name being called."""
    if tokens[i].kind != "word":
        return None
    p = _prev(tokens, i)
    if p >= 0 and tokens[p].text in (".", ":"):
        return None
    j = _next(tokens, i + 1)
    if j < len(tokens) and tokens[j].text == "(":
        return j
    return None


def _rewrite_functions(tokens: list[Token]) -> list[Token]:
    """Renames from :data:`FUNCTION_RENAMES` and the structural function rewrites."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        open_at = _call_at(tokens, i)
        if open_at is None:
            out.append(t)
            i += 1
            continue
        name = t.text.lower()
        close = _closing(tokens, open_at)
        inner = _rewrite_functions(tokens[open_at + 1 : close])
        args = _text(inner)
        arg_count = len(_split_top(inner, ",")) if _significant(inner) else 0
        if name == "labels" and arg_count == 1:
            out.extend(_raw(f"[label({args})]"))
        elif name == "head" and arg_count == 1:
            out.extend(_raw(f"list_extract({args}, 1)"))
        elif name == "last" and arg_count == 1:
            out.extend(_raw(f"list_extract({args}, -1)"))
        elif name == "tail" and arg_count == 1:
            out.extend(_raw(f"list_slice({args}, 2, -1)"))
        elif name == "round" and arg_count == 1:
            out.extend(_raw(f"round({args}, 0)"))
        elif name == "toboolean" and arg_count == 1:
            out.extend(_raw(f"cast({args} AS BOOL)"))
        else:
            out.append(Token("word", FUNCTION_RENAMES.get(name, t.text)))
            out.extend(tokens[i + 1 : open_at + 1])
            out.extend(inner)
            out.append(tokens[close])
        i = close + 1
    return out


# ---------------------------------------------------------------------------
# List subscripts: Neo4j 0-based, end-exclusive -> LadybugDB 1-based, end-inclusive
# ---------------------------------------------------------------------------


def _is_subscript(tokens: list[Token], i: int) -> bool:
    p = _prev(tokens, i)
    if p < 0:
        return False
    before = tokens[p]
    if before.kind == "word":
        return before.upper not in _EXPRESSION_KEYWORDS and before.upper not in CLAUSE_WORDS
    return before.kind in ("quoted", "param") or before.text in (")", "]", "}")


def _int_literal(tokens: list[Token]) -> int | None:
    sig = _significant(tokens)
    if len(sig) == 1 and sig[0].kind == "number" and sig[0].text.isdigit():
        return int(sig[0].text)
    if len(sig) == 2 and sig[0].text == "-" and sig[1].kind == "number" and sig[1].text.isdigit():
        return -int(sig[1].text)
    return None


def _shift_start(part: list[Token]) -> str:
    """A Neo4j index or slice start as a LadybugDB one."""
    if not _significant(part):
        return ""
    value = _int_literal(part)
    if value is not None:
        return str(value + 1 if value >= 0 else value)
    return f"({_text(part).strip()}) + 1"


def _shift_end(part: list[Token]) -> str:
    """A Neo4j (exclusive) slice end as a LadybugDB (inclusive) one."""
    value = _int_literal(part)
    if value is not None and value < 0:
        return str(value - 1)
    return _text(part).strip()


def _rewrite_subscripts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if not (t.kind == "punct" and t.text == "[" and _is_subscript(tokens, i)):
            out.append(t)
            i += 1
            continue
        close = _closing(tokens, i)
        inner = _rewrite_subscripts(tokens[i + 1 : close])
        parts = _split_top(inner, "..")
        sig = _significant(inner)
        if len(parts) == 2:
            new = f"{_shift_start(parts[0])}..{_shift_end(parts[1])}"
        elif len(sig) == 1 and sig[0].kind == "string":
            new = _text(inner)  # map access m['key']
        else:
            new = _shift_start(inner)
        out.extend([t, *_raw(new), tokens[close]])
        i = close + 1
    return out


# ---------------------------------------------------------------------------
# Variable-length relationships and shortest paths
# ---------------------------------------------------------------------------


def _relationship_brackets(tokens: list[Token]) -> list[tuple[int, int]]:
    """(open, close) of every ``[...]`` that is a relationship pattern (after ``-``/``<-``)."""
    found = []
    for i, t in enumerate(tokens):
        if t.kind == "punct" and t.text == "[":
            p = _prev(tokens, i)
            if p >= 0 and tokens[p].text in ("-", "<-"):
                found.append((i, _closing(tokens, i)))
    return found


def _star(tokens: list[Token], start: int, end: int) -> int | None:
    for j in range(start + 1, end):
        if tokens[j].kind == "punct" and tokens[j].text == "*":
            return j
        if tokens[j].kind == "punct" and tokens[j].text == "{":
            return None
    return None


def _rewrite_paths(tokens: list[Token]) -> list[Token]:
    """``shortestPath`` -> ``* SHORTEST``; other variable-length relationships -> ``* TRAIL``."""
    marks: dict[int, str] = {}  # index of "*" -> keyword to put after it
    drop: set[int] = set()
    for i, t in enumerate(tokens):
        if t.kind == "word" and t.text.lower() in ("shortestpath", "allshortestpaths"):
            open_at = _call_at(tokens, i)
            if open_at is None:
                continue
            close = _closing(tokens, open_at)
            keyword = "SHORTEST" if t.text.lower() == "shortestpath" else "ALL SHORTEST"
            stars = [
                s
                for a, b in _relationship_brackets(tokens[open_at:close])
                if (s := _star(tokens[open_at:close], a, b)) is not None
            ]
            if len(stars) != 1:
                raise DialectError(
                    f"{t.text}(...) needs exactly one variable-length relationship, "
                    "e.g. shortestPath((a)-[*..5]-(b))"
                )
            marks[open_at + stars[0]] = keyword
            drop.update(range(i, open_at + 1))
            drop.add(close)
    for a, b in _relationship_brackets(tokens):
        s = _star(tokens, a, b)
        if s is not None and s not in marks:
            marks[s] = "TRAIL"
    out: list[Token] = []
    for i, t in enumerate(tokens):
        if i in drop:
            continue
        out.append(t)
        if i in marks:
            out.extend([Token("space", " "), *_raw(marks[i])])
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if following is not None and following.significant and following.text != "]":
                out.append(Token("space", " "))
    return out


# ---------------------------------------------------------------------------
# Relationship isomorphism within one MATCH clause
# ---------------------------------------------------------------------------


def _clause_end(tokens: list[Token], start: int) -> int:
    """Index where the clause beginning at ``start`` ends (next clause word at its depth)."""
    depth = 0
    for j in range(start + 1, len(tokens)):
        t = tokens[j]
        if t.kind == "punct" and t.text in "([{":
            depth += 1
        elif t.kind == "punct" and t.text in ")]}":
            depth -= 1
            if depth < 0:
                return j
        elif depth == 0 and (t.upper in CLAUSE_WORDS or t.text == ";"):
            return j
    return len(tokens)


@dataclass
class _Relationship:
    open_at: int
    variable: str | None
    types: frozenset[str] | None  # None: any type
    variable_length: bool


def _relationships(tokens: list[Token], start: int, end: int) -> list[_Relationship]:
    rels = []
    for a, b in _relationship_brackets(tokens[start:end]):
        a, b = a + start, b + start
        sig = [t for t in tokens[a + 1 : b] if t.significant]
        variable = sig[0].text if sig and sig[0].kind in ("word", "quoted") else None
        types: set[str] = set()
        for k, t in enumerate(sig):
            if t.kind in ("word", "quoted") and k and sig[k - 1].text in (":", "|"):
                types.add(t.text.strip("`"))
            if t.text in ("*", "{"):
                break
        variable_length = _star(tokens, a, b) is not None
        rels.append(_Relationship(a, variable, frozenset(types) or None, variable_length))
    return rels


def _could_share(r1: _Relationship, r2: _Relationship) -> bool:
    return r1.types is None or r2.types is None or bool(r1.types & r2.types)


def _isomorphism_condition(
    tokens: list[Token], match: int, end: int, serial: int
) -> tuple[dict[int, str], str]:
    """Names to give anonymous relationships and the ``id(..) <> id(..)`` condition."""
    rels = [r for r in _relationships(tokens, match, end) if not r.variable_length]
    pairs = [(a, b) for a, b in combinations(rels, 2) if _could_share(a, b)]
    names: dict[int, str] = {}
    inserts: dict[int, str] = {}
    for rel in rels:
        if rel.variable is not None:
            names[rel.open_at] = rel.variable
        elif any(rel in pair for pair in pairs):
            names[rel.open_at] = inserts[rel.open_at] = f"_netan_r{serial}_{len(inserts) + 1}"
    condition = " AND ".join(f"id({names[a.open_at]}) <> id({names[b.open_at]})" for a, b in pairs)
    return inserts, condition


_BARE = {("-", "-"): "-[]-", ("-", "->"): "-[]->", ("<-", "-"): "<-[]-", ("<-", "->"): "<-[]->"}


def _bracket_bare_relationships(tokens: list[Token]) -> list[Token]:
    """``(a)--(b)``, ``(a)-->(b)``, ``(a)<--(b)`` as ``(a)-[]-(b)`` etc., so they can be named."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        pair = (tokens[i].text, tokens[i + 1].text) if i + 1 < len(tokens) else None
        p = _prev(tokens, i)
        n = _next(tokens, i + 2)
        if (
            pair in _BARE
            and tokens[i].kind == tokens[i + 1].kind == "punct"
            and p >= 0
            and tokens[p].text == ")"
            and n < len(tokens)
            and tokens[n].text == "("
        ):
            out.extend(_raw(_BARE[pair]))
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def _rewrite_isomorphism(tokens: list[Token]) -> list[Token]:
    """Neo4j never binds one relationship twice in a MATCH clause; say so to LadybugDB."""
    i = 0
    serial = 0
    while i < len(tokens):
        if tokens[i].upper != "MATCH":
            i += 1
            continue
        end = _clause_end(tokens, i)
        inserts, condition = _isomorphism_condition(tokens, i, end, serial)
        if not condition:
            i += 1
            continue
        serial += 1
        pattern: list[Token] = []
        for j in range(i, end):
            pattern.append(tokens[j])
            if j in inserts:
                pattern.append(Token("word", inserts[j]))
        if end < len(tokens) and tokens[end].upper == "WHERE":
            where_end = _clause_end(tokens, end)
            body = _text(tokens[end + 1 : where_end])
            spacing = body[len(body.rstrip()) :]
            line_comment = any(t.text.startswith("//") for t in tokenise(body))
            close = "\n)" if line_comment else ")"
            added = _raw(f"WHERE ({body.strip()}{close} AND {condition}{spacing}")
            rest = tokens[where_end:]
        else:
            trailing: list[Token] = []
            while pattern and not pattern[-1].significant:
                trailing.insert(0, pattern.pop())
            added = [*_raw(f" WHERE {condition}"), *trailing]
            rest = tokens[end:]
        tokens = tokens[:i] + pattern + added + rest
        i += 1
    return tokens


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def to_embedded(cypher: str) -> str:
    """The query with Neo4j spellings translated for the embedded store.

    Parameters
    ----------
    cypher:
        A query as a Neo4j user writes it.

    Returns
    -------
    str
        The query LadybugDB runs to give Neo4j's answer. Text inside string
        literals, backquotes and comments is unchanged.

    Raises
    ------
    DialectError
        For Neo4j features the embedded store cannot run (procedures such as
        ``CALL db.labels()``, ``LOAD CSV``, ``:A:B`` label conjunctions), with what
        to type instead.
    """
    tokens = tokenise(cypher)
    _refuse_unsupported(tokens)
    tokens = _rewrite_paths(tokens)
    tokens = _rewrite_labels(tokens)
    tokens = _rewrite_functions(tokens)
    tokens = _rewrite_subscripts(tokenise(_text(tokens)))
    tokens = _bracket_bare_relationships(tokenise(_text(tokens)))
    tokens = _rewrite_isomorphism(tokenise(_text(tokens)))
    return _text(tokens)


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
