"""Pseudonymising people: one mapping, made once, where ``netan.api`` reads the graph.

Names of staff are personal data. With ``--anonymise`` the graph that the
report, the view and every table are built from is pseudonymised as soon as it
is read (:func:`netan.api.read_graph`), so they all show the same codes and
nothing downstream ever sees a name:

* every ``Person`` becomes ``P-`` and the first 12 hex digits of
  HMAC-SHA256(salt, person id), used as its id and as its name; it keeps the
  schema's properties and those extra input columns that do not identify
  anyone (:func:`identifying_columns`: a column is left out, for everyone, when
  its header names, contacts or describes a person, when a value is a person's
  id or holds a word of a person's name or id, when it is free text, or when
  every value belongs to one person alone); every relationship keeps only its
  schema's properties;
* a person's name inside the text of an organisation, group or meeting is
  replaced too, matched against the people table word by word (case and
  punctuation ignored): a person's whole name (titles aside) by their code, any
  single word of a name (a surname in "Dr Jones's practice") by ``[person]``;
* an organisation, group or meeting whose id holds a word of a name
  (``gp-jones-01``) gets ``A-``, ``G-`` or ``M-`` and 12 hex digits of its own
  HMAC instead, and references to it (``represents``) follow.

The mapping is one to one, also across runs: a code is the start of its own
id's HMAC, lengthened by 4 hex digits at a time only while another node would
get the same code (or a node keeps that id), so a code is never given to two
people, and one a person had is never given to another.

The salt must be at least 32 bytes and look random; the same salt gives the same
codes in every run, so reports over time can be compared. It is kept only on the
analyst's machine (:func:`netan.api.local_salt`), so nobody holding a report can
reverse a code by hashing a list of staff.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from netan.graphdb.schema import AGENCY, GROUP, MEETING, NODE_LABELS, PERSON, REL_TYPES
from netan.queries.choices import NO_VALUE, ChoiceError

PREFIX = "P-"
#: Code prefixes of the other labels, for ids that hold a person's name.
PREFIXES: dict[str, str] = {PERSON: PREFIX, AGENCY: "A-", GROUP: "G-", MEETING: "M-"}
#: Hex digits of a code (48 bits: two of 50,000 people share them with odds ~1 in 200,000).
CODE_DIGITS = 12
#: The shortest salt accepted, in bytes.
MIN_SALT_BYTES = 32
#: What a word of a person's name becomes inside other text.
WITHHELD = "[person]"
#: The graph attribute that marks a pseudonymised graph (it holds no names).
MARK = "pseudonymised"
#: Words of a name that do not identify anyone.
TITLES = frozenset({"dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor",
                    "sir", "dame", "lady", "lord", "rev", "revd", "sister", "nurse", "cllr"})
#: Relationship properties that hold the id of a node.
ID_PROPERTIES = ("represents",)
#: Words of a column header that mark a column naming, contacting, describing or
#: identifying a person (matched on the header's words: ``email``, ``Home phone``).
IDENTIFYING_HEADER_WORDS = frozenset({
    "name", "names", "forename", "forenames", "surname", "firstname", "lastname", "fullname",
    "initials", "email", "mail", "phone", "telephone", "tel", "mobile", "fax", "address",
    "street", "postcode", "zip", "dob", "birth", "birthday", "nhs", "ni", "nino", "gmc",
    "nmc", "hcpc", "payroll", "username", "login", "handle", "url", "website", "linkedin",
    "twitter", "photo", "note", "notes", "comment", "comments", "remarks", "bio",
    "biography", "description", "id", "identifier"})
#: A text value longer than this many words or characters is free text.
FREE_TEXT_WORDS, FREE_TEXT_CHARACTERS = 4, 40
#: The graph attribute listing the people's columns left out, and why.
WITHHELD_COLUMNS = "withheld_person_columns"

_WORD = re.compile(r"[^\W_]+")
_KEPT = {"label", "id", "date"} | {p.name for spec in NODE_LABELS.values()
                                    for p in spec.properties if p.vocabulary}


def check_salt(salt: bytes, where: str = "the salt") -> None:
    """:class:`~netan.queries.choices.ChoiceError` (a ValueError) unless ``salt`` has at
    least 32 bytes and is not a short pattern repeated."""
    if len(salt) < MIN_SALT_BYTES:
        raise ChoiceError("anonymise", NO_VALUE, f"{where} holds {len(salt)} bytes; "
                          f"pseudonyms need a salt of at least {MIN_SALT_BYTES} random bytes")
    if len(set(salt)) < 8:
        raise ChoiceError("anonymise", NO_VALUE,
                          f"{where} does not look random ({len(set(salt))} different bytes); "
                          f"pseudonyms need a salt of at least {MIN_SALT_BYTES} random bytes")


def _digest(node: Hashable, salt: bytes) -> str:
    return hmac.new(salt, str(node).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def pseudonym(person_id: Hashable, salt: bytes) -> str:
    """The code of ``person_id`` when no one else's code is the same: ``P-`` and 12 hex."""
    return PREFIX + _digest(person_id, salt)[:CODE_DIGITS]


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _telling(word: str) -> bool:
    """A word that can point at someone: not a title, a single letter or a number."""
    return word not in TITLES and len(word) > 1 and not word.isdigit()


def unique_codes(nodes: dict[Hashable, str], salt: bytes, taken: Iterable[str] = ()
                 ) -> dict[Hashable, str]:
    """A code for each node (id -> prefix), one to one and none of them in ``taken``."""
    digests = {node: (prefix, _digest(node, salt)) for node, prefix in nodes.items()}
    taken = set(taken)
    codes: dict[Hashable, str] = {}
    digits = CODE_DIGITS
    while digests:
        candidates = {node: prefix + digest[:digits] for node, (prefix, digest) in
                      digests.items()}
        counts = Counter(candidates.values())
        for node, code in candidates.items():
            if counts[code] == 1 and code not in taken:
                codes[node] = code
        digests = {node: d for node, d in digests.items() if node not in codes}
        digits += 4
        if digits > 64 and digests:  # two ids with one HMAC, or taken ids: cannot happen
            raise ValueError("cannot give every person a code of their own")
    return codes


def identifying_columns(G: nx.MultiDiGraph, name_words: Iterable[str] | None = None
                        ) -> dict[str, str]:
    """The extra columns of people in ``G`` that could identify someone, each with why.

    The rule (the columns of the schema are not judged here: ``role`` and ``sector``
    are categories, ``name`` and ``id`` are replaced by codes). A person's extra
    column is left out, for every person, when

    * its header holds a word of :data:`IDENTIFYING_HEADER_WORDS` (a name, contact
      details, a registration or staff number, notes about a person);
    * a value holds a word of a person's name or id (titles, single letters and
      numbers aside: the words the pseudonymiser replaces in other text, and those
      of ids, which may be names) or is a person's id (a reference to someone);
    * a text value is free text (more than :data:`FREE_TEXT_WORDS` words or
      :data:`FREE_TEXT_CHARACTERS` characters), which may say anything about
      anyone; or
    * every value is held by one person alone (an identifier, a staff number, a
      one-person code), also when only one person has a value.

    The other columns (a team, a band, years in post shared by several) are kept
    for partitions and weights.
    """
    people = {node: data for node, data in G.nodes(data=True) if data.get("label") == PERSON}
    if name_words is None:
        name_words = {w for data in people.values() for w in _words(str(data.get("name") or ""))
                      if _telling(w)}
    id_words = {w for node in people for w in _words(str(node)) if _telling(w)}
    words_of_names = frozenset(name_words) | id_words  # an id may be a name (dr-jones)
    ids = {str(node).casefold() for node in people}
    schema = set(NODE_LABELS[PERSON].property_names) | {"label"}
    values: dict[str, list[Any]] = {}
    for data in people.values():
        for key, value in data.items():
            if key not in schema and value is not None and value != "":
                values.setdefault(key, []).append(value)
    found: dict[str, str] = {}
    for column, held in sorted(values.items()):
        texts = [str(v) for v in held]
        if IDENTIFYING_HEADER_WORDS & set(_words(column.replace("_", " "))):
            found[column] = "its header names, contacts or describes a person"
        elif any(t.casefold() in ids for t in texts):
            found[column] = "a value is a person's id"
        elif any(words_of_names & set(_words(t)) for t in texts):
            found[column] = "a value holds a word of a person's name or id"
        elif any(isinstance(v, str) and (len(v) > FREE_TEXT_CHARACTERS
                                         or len(v.split()) > FREE_TEXT_WORDS) for v in held):
            found[column] = "free text"
        elif max(Counter(texts).values()) == 1:
            found[column] = "each value belongs to one person alone"
    return found


@dataclass(frozen=True)
class Pseudonyms:
    """The one mapping of a graph: the ids it replaces, the names it withholds, and the
    people's extra columns it leaves out (column -> why; :func:`identifying_columns`)."""

    codes: dict[Hashable, str]  # person ids, and ids holding a name, -> what is shown
    whole_names: dict[tuple[str, ...], str]  # a person's name, as words -> their code
    name_words: frozenset[str]  # every word of a person's name (titles aside)
    longest: int  # words in the longest whole name
    withheld_columns: dict[str, str] = field(default_factory=dict)

    def shown(self, node: Hashable) -> Hashable:
        """What is shown for the node id ``node`` (itself unless it is replaced)."""
        return self.codes.get(node, node)

    def withheld(self, text: str) -> str:
        """``text`` with every person's name, and every word of one, replaced."""
        spans = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]
        if not any(word in self.name_words for _, _, word in spans):
            return text
        pieces: list[str] = []
        at = i = 0
        while i < len(spans):
            for size in range(min(self.longest, len(spans) - i), 0, -1):
                words = tuple(word for _, _, word in spans[i:i + size])
                code = self.whole_names.get(words) if size > 1 else None
                if code is not None or (size == 1 and words[0] in self.name_words):
                    pieces += [text[at:spans[i][0]], code or WITHHELD]
                    at, i = spans[i + size - 1][1], i + size
                    break
            else:
                i += 1
        return "".join(pieces) + text[at:]

    def apply(self, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """A copy of the typed graph ``G`` pseudonymised (see the module docstring)."""
        H = nx.MultiDiGraph()
        H.graph[MARK] = True
        H.graph[WITHHELD_COLUMNS] = dict(self.withheld_columns)
        for node, data in G.nodes(data=True):
            shown = self.shown(node)
            if data.get("label") == PERSON:
                kept = {k: v if k in _KEPT or not isinstance(v, str) else self.withheld(v)
                        for k, v in data.items()
                        if k != "attributes" and k not in self.withheld_columns}
                H.add_node(shown, **{**kept, "id": shown, "name": shown})
            else:
                kept = {k: v if k in _KEPT or not isinstance(v, str) else self.withheld(v)
                        for k, v in data.items()}
                H.add_node(shown, **(kept | {"id": shown} if "id" in data else kept))
        allowed = {name: set(rel.property_names) - {"attributes"} | {"type"}
                   for name, rel in REL_TYPES.items()}
        H.add_edges_from(
            (self.shown(u), self.shown(v),
             {k: self.shown(x) if k in ID_PROPERTIES else x for k, x in data.items()
              if k in allowed.get(data.get("type", ""), {"type"})})
            for u, v, data in G.edges(data=True))
        return H


def pseudonyms(G: nx.MultiDiGraph, salt: bytes) -> Pseudonyms:
    """The mapping of ``G`` under ``salt``: codes for people and for ids holding a name."""
    check_salt(salt)
    people = {node: data for node, data in G.nodes(data=True) if data.get("label") == PERSON}
    whole: dict[tuple[str, ...], list[Hashable]] = {}
    name_words: set[str] = set()
    for node, data in people.items():
        words = tuple(w for w in _words(str(data.get("name") or "")) if w not in TITLES)
        name_words |= {w for w in words if _telling(w)}
        if len(words) > 1:
            whole.setdefault(words, []).append(node)
    renamed = {node: PREFIX for node in people}
    for node, data in G.nodes(data=True):
        if node not in people and name_words & set(_words(str(node))):
            renamed[node] = PREFIXES.get(data.get("label", ""), "N-")
    codes = unique_codes(renamed, salt, taken=(str(n) for n in G.nodes if n not in renamed))
    return Pseudonyms(
        codes=codes,
        whole_names={words: codes[nodes[0]] for words, nodes in whole.items()
                     if len(nodes) == 1},
        name_words=frozenset(name_words),
        longest=max((len(words) for words in whole), default=1),
        withheld_columns=identifying_columns(G, name_words))


def pseudonymise_graph(G: nx.MultiDiGraph, salt: bytes) -> nx.MultiDiGraph:
    """A copy of the typed graph ``G`` with every person pseudonymised (see module doc)."""
    return pseudonyms(G, salt).apply(G)
