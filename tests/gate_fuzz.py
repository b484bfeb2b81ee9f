"""Hypothesis fuzz of the query gate, run as a child process by tests/test_query_gate.py.

Every example is a hostile query from tests/hostile_queries.py mutated one to four
times: fragments of attacks inserted (``;``, ``COPY``, quotes, backquotes, comment
markers, file readers, brackets), slices deleted, doubled or case-flipped. Each runs
through the real embedded store, read-only or with ``write=True`` on a second copy.
Properties: the query runs or is refused with a one-line StoreError (anything else
fails); no file appears or changes in the sandbox outside the two store folders;
the read-only store stays byte-for-byte as it was. A crash of the engine kills this
child, not pytest.

Usage: ``python gate_fuzz.py SANDBOX EXAMPLES`` (exit 0 when every example held).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from hostile_queries import CASES, OK
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netan.graphdb.embedded import EmbeddedStore
from netan.graphdb.store import StoreError

FRAGMENTS = [";", " ; ", "COPY ", "copy", "CHECKPOINT", "LOAD FROM ", "ATTACH ", "INSTALL ",
             "UPDATE ", "BEGIN TRANSACTION", "EXPORT DATABASE ", "CALL ", "READ_CSV_SERIAL(",
             "read_parquet(", "'", '"', "`", "\\", "\\'", "/*", "*/", "//", "\n", "$x", "(",
             ")", "[", "]", "{", "}", ":", ".", "MATCH (n) ", "RETURN * ", "RETURN 1 ",
             " TO '{sandbox}/fuzz.csv'", " FROM '{sandbox}/input.csv'", "'/etc/passwd'",
             "CREATE (:Person {id: 'f'}) ", "DETACH ", "USE ", "nextval(", "\x00", "\u0027"]

SEEDS = [query for _, query, expect, _ in CASES if expect != OK and len(query) < 2_000]


@st.composite
def hostile(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 12)))
        how = draw(st.sampled_from(["insert", "delete", "double", "flip", "replace"]))
        if how == "insert":
            text = text[:at] + draw(st.sampled_from(FRAGMENTS)) + text[at:]
        elif how == "delete":
            text = text[:at] + text[end:]
        elif how == "double":
            text = text[:end] + text[at:end] + text[end:]
        elif how == "flip":
            text = text[:at] + text[at:end].swapcase() + text[end:]
        else:
            text = text[:at] + draw(st.sampled_from(FRAGMENTS)) + text[end:]
    return text


def snapshot(folder: Path, skip: tuple[Path, ...]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(p.is_relative_to(s) for s in skip)}


def run(sandbox: Path, examples: int) -> None:
    reader_path = sandbox / "store" / "netan.db"
    writer_path = sandbox / "writable" / "netan.db"
    skip = (reader_path.parent, writer_path.parent)
    around = snapshot(sandbox, skip)
    store_bytes = reader_path.read_bytes()
    reader = EmbeddedStore(reader_path, read_only=True)
    writer = EmbeddedStore(writer_path)

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(text=hostile(), write=st.booleans())
    def gate_holds(text: str, write: bool) -> None:
        query = text.replace("{sandbox}", str(sandbox))
        try:
            (writer if write else reader).query(query, write=write)
        except StoreError as refused:
            assert "\n" not in str(refused), f"a refusal of several lines: {refused!r}"
        assert snapshot(sandbox, skip) == around, "a file around the store appeared or changed"

    try:
        gate_holds()
    finally:
        reader.close()
        writer.close()
    assert reader_path.read_bytes() == store_bytes, "the read-only store changed"
    with EmbeddedStore(writer_path, read_only=True) as check:
        check.counts()  # the writable copy is still a readable store


if __name__ == "__main__":
    run(Path(sys.argv[1]), int(sys.argv[2]))
    print("gate held")
