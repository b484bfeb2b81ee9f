"""Encoding decided per file: UTF-8, or the first bad byte named, or the codec the user gave."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from netan.cli.main import app
from netan.graphdb.schema import AGENCY, PERSON
from netan.importers import load_import

WELSH = "Glyndŵr Ifans"  # ŵ: two bytes in UTF-8, not in Windows-1252 at all


def errors(result) -> list[str]:
    return [str(p) for p in result.problems if p.severity == "error"]


def test_a_windows_1252_file_is_an_error_naming_its_first_bad_byte(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes("id,name,role\np-1,Ann,gp\np-2,Siân Bryn,gp\n"
                                          .encode("cp1252"))
    result = load_import(tmp_path)
    assert result.data is None
    assert errors(result) == [
        "people.csv, row 3, column 'name': not valid UTF-8: byte 0xE2 after 'Si'; save the "
        "file as UTF-8 ('CSV UTF-8' in Excel), or import with --encoding cp1252 if it was "
        "saved as Windows-1252"]


def test_encoding_reads_only_the_files_that_are_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(f"id,name,employer\np-1,{WELSH},ag-1\n",
                                         encoding="utf-8")
    (tmp_path / "agencies.csv").write_bytes("id,name\nag-1,Caf\xe9 Surgery\n"
                                            .encode("latin-1"))
    result = load_import(tmp_path, encoding="cp1252")
    assert errors(result) == []
    assert result.data.nodes[PERSON]["name"].tolist() == [WELSH]  # never garbled
    assert result.data.nodes[AGENCY]["name"].tolist() == ["Café Surgery"]
    assert [str(p) for p in result.warnings] == [
        "agencies.csv: not valid UTF-8 (first at row 2, column 'name'), so it was read as "
        "cp1252 as --encoding asked"]


def test_bad_bytes_in_the_header_and_in_a_multi_line_cell_are_placed(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes(b"id,n\xe2me\np-1,Ann\n")
    assert errors(load_import(tmp_path)) == [
        "people.csv, row 1: not valid UTF-8: byte 0xE2 after 'n' in the header (cell 2); "
        "save the file as UTF-8 ('CSV UTF-8' in Excel), or import with --encoding cp1252 if "
        "it was saved as Windows-1252"]
    (tmp_path / "people.csv").write_bytes(b'id,name,role\np-1,"Ann\nJones",gp\n'
                                          b'p-2,Bob,"social\n\xe2worker"\n')
    [error] = load_import(tmp_path).errors
    assert (error.row, error.column) == (3, "role")


def test_bytes_the_given_codec_cannot_read_are_an_error_too(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes(b"id,name\np-1,Ann\x81\n")  # 0x81: not in cp1252
    assert errors(load_import(tmp_path, encoding="cp1252")) == [
        "people.csv, row 2, column 'name': neither valid UTF-8 nor valid cp1252: byte 0x81 "
        "after 'Ann'; save the file as UTF-8"]


def test_json_bad_bytes_are_placed_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "partnership.json"
    path.write_bytes(b'{"people": [\n  {"id": "p-1", "name": "Si\xe2n"}\n]}')
    assert errors(load_import(path)) == [
        "partnership.json: not valid UTF-8: byte 0xE2 after 'Si' at line 2, column 28; save "
        "the file as UTF-8 ('CSV UTF-8' in Excel), or import with --encoding cp1252 if it "
        "was saved as Windows-1252"]
    result = load_import(path, encoding="cp1252")
    assert result.data.nodes[PERSON]["name"].tolist() == ["Siân"]


def test_utf16_with_its_mark_is_read(tmp_path: Path) -> None:
    document = {"people": [{"id": "p-1", "name": WELSH}]}
    (tmp_path / "p.json").write_bytes(json.dumps(document, ensure_ascii=False)
                                      .encode("utf-16"))
    (tmp_path / "people.csv").write_bytes(f"id,name\np-1,{WELSH}\n".encode("utf-16"))
    for path in (tmp_path / "p.json", tmp_path / "people.csv"):
        assert load_import(path).data.nodes[PERSON]["name"].tolist() == [WELSH]


def test_an_unknown_or_non_text_encoding_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("id,name\np-1,Ann\n", encoding="utf-8")
    assert errors(load_import(tmp_path, encoding="klingon"))[0].endswith(
        "unknown encoding 'klingon'; give one such as cp1252, latin-1 or utf-16")
    assert "not a text encoding" in errors(load_import(tmp_path, encoding="rot13"))[0]


def test_the_cli_takes_encoding_and_keeps_welsh_names(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.csv").write_text(f"id,name\np-1,{WELSH}\n", encoding="utf-8")
    (data / "agencies.csv").write_bytes("id,name\nag-1,Caf\xe9\n".encode("cp1252"))
    db = str(tmp_path / "netan.db")
    runner = CliRunner()
    refused = runner.invoke(app, ["import", str(data), "--db", db])
    assert refused.exit_code == 1 and "byte 0xE9 after 'Caf'" in refused.output
    done = runner.invoke(app, ["import", str(data), "--db", db, "--encoding", "cp1252"])
    assert done.exit_code == 0, done.output
    names = runner.invoke(app, ["query", "MATCH (n) RETURN n.name ORDER BY n.name",
                                "--db", db, "--format", "json"])
    assert [row["n.name"] for row in json.loads(names.output)] == ["Café", WELSH]
