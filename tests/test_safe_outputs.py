"""Outputs safe wherever they are opened, writes that never clobber, damaged stores named.

The Wales example with hostile names (Rich markup, spreadsheet formulas, HTML,
javascript: links) goes through the real CLI: the report's Markdown is rendered by
a standard Markdown renderer (markdown-it, raw HTML on) and must give only text;
every CSV cell is parsed and none may start like a formula; the terminal shows the
names as typed. No spreadsheet engine is run (LibreOffice is too heavy for CI): the
CSV test asserts OWASP's rule on the parsed cells instead.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.reporting.tables import FORMULA_START, spreadsheet_cell

REPO = Path(__file__).resolve().parents[1]
NETAN = str(Path(sys.executable).with_name("netan"))
HOSTILE = ["[/bold]", '=HYPERLINK("http://evil.example","x")', "<script>alert(1)</script>",
           "[x](javascript:alert(1))", "-2+3", "@SUM(A1)", "\tTab", "+1 ",
           "<img src=x onerror=alert(1)>", "![p](data:text/html;base64,PHNjcmlwdD4=)",
           "<vbscript:msgbox(1)>", "*bold* _it_ `code` | pipe ~x~"]


#: How Python's csv module writes an int or float (what a spreadsheet reads as a number).
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?(e[-+]?\d+)?")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Wales example with every person's and group's name behind a hostile prefix and
    holding ``[/bold]`` (Rich markup that crashed `netan report` when a headline named
    a person)."""
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "data"
    shutil.copytree(REPO / "examples" / "wales-1998", data)
    for table in ("people.csv", "groups.csv"):
        with (data / table).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for i, row in enumerate(rows):
            row["name"] = f"{HOSTILE[i % len(HOSTILE)]} [/bold] {row['name']}"
        with (data / table).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    db = folder / "netan.db"
    code, out = invoke("import", str(data), "--db", str(db))
    assert code == 0, out
    return db


@pytest.fixture(scope="module")
def hostile_report(hostile_db: Path) -> tuple[Path, subprocess.CompletedProcess]:
    out = hostile_db.parent / "report"
    done = subprocess.run([NETAN, "report", "--db", str(hostile_db), "--out", str(out),
                           "--format", "md,csv"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "80"})
    return out, done


def test_report_prints_markup_in_names_as_text(hostile_report) -> None:
    _, done = hostile_report
    assert done.returncode == 0, done.stderr
    headlines = [line for line in done.stdout.splitlines() if line.startswith("- ")]
    assert any("[/bold]" in line for line in headlines), headlines  # a name, unchanged
    assert "Traceback" not in done.stderr


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_report_markdown_renders_to_text_only(hostile_report) -> None:
    out, done = hostile_report
    assert done.returncode == 0, done.stderr
    markdown = (out / "report.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    page = Elements()
    page.feed(rendered)
    assert page.tags <= {"h1", "h2", "h3", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr",
                         "th", "td", "em", "strong", "code"}, page.tags
    assert page.attributes == [] or {name for name, _ in page.attributes} <= {"style"}
    text = "".join(page.text)
    for name in ("<script>alert(1)</script>", "[x](javascript:alert(1))",
                 "<img src=x onerror=alert(1)>", "*bold* _it_ `code` | pipe ~x~"):
        assert name in text  # shown exactly as typed, as text


def test_report_csv_cells_never_start_like_a_formula(hostile_report) -> None:
    out, done = hostile_report
    assert done.returncode == 0, done.stderr
    marked = 0
    for path in sorted((out / "csv").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:  # only a number may start with '-' or '+'
                    assert not cell.startswith(FORMULA_START) or NUMBER.fullmatch(cell), (
                        path.name, cell)
                    marked += cell.startswith(("'=HYPERLINK", "'-2+3", "'@SUM", "'\tTab",
                                               "'+1"))
    assert marked > 0  # hostile names reached the CSVs, marked


def test_the_spreadsheet_rule_marks_text_not_numbers() -> None:
    assert spreadsheet_cell(-3) == -3 and spreadsheet_cell(-0.5) == -0.5
    assert spreadsheet_cell("-3") == "'-3"
    assert spreadsheet_cell("=1+1") == "'=1+1" and spreadsheet_cell("\rx") == "'\rx"
    assert spreadsheet_cell("Dr A") == "Dr A" and spreadsheet_cell(None) is None


def test_query_csv_marks_formula_text_but_not_numbers(hostile_db: Path) -> None:
    code, out = invoke("query", "RETURN -3 AS n, -2.5 AS x, '-3' AS t, '=1+1' AS f, "
                       "'@A1' AS a, 'plain' AS p", "--db", str(hostile_db), "--format", "csv")
    assert code == 0, out
    assert list(csv.reader(out.splitlines())) == [["n", "x", "t", "f", "a", "p"],
                                                  ["-3", "-2.5", "'-3", "'=1+1", "'@A1",
                                                   "plain"]]


# -- writes that never clobber -------------------------------------------------------------


def test_view_refuses_the_store_and_data_files(hostile_db: Path, tmp_path: Path) -> None:
    before = hostile_db.read_bytes()
    data = tmp_path / "people.csv"
    data.write_text("id,name\n", encoding="utf-8")
    cases = {str(hostile_db): "must end in .html",
             str(data): "must end in .html",
             str(tmp_path): "is a folder",
             "": "needs a file name ending in .html",
             "/proc/netan.html": "cannot write to /proc"}
    for out, message in cases.items():
        code, output = invoke("view", "--db", str(hostile_db), "--out", out)
        assert code == 1 and message in output, (out, output)
        assert len(output.strip().splitlines()) == 1
    html_store = tmp_path / "store.html"
    shutil.copy(hostile_db, html_store)
    code, output = invoke("view", "--db", str(html_store), "--out", str(html_store))
    assert code == 1 and "which netan reads" in output, output
    assert hostile_db.read_bytes() == before and html_store.read_bytes() == before
    assert data.read_text(encoding="utf-8") == "id,name\n"


def test_report_refuses_a_file_the_store_and_proc(hostile_db: Path, tmp_path: Path) -> None:
    before = hostile_db.read_bytes()
    beside = tmp_path / "folder"
    beside.mkdir()
    store_in_folder = beside / "report.json"
    shutil.copy(hostile_db, store_in_folder)
    sites_store = beside / "sites.json"  # report --by writes sites.json
    shutil.copy(hostile_db, sites_store)
    cases = [(["--out", str(hostile_db)], "is a file; give a folder"),
             (["--out", "/proc"], "cannot write to /proc"),
             (["--db", str(store_in_folder), "--out", str(beside)], "would overwrite"),
             (["--db", str(sites_store), "--out", str(beside), "--by", "sector"],
              "would overwrite"),
             (["--out", str(hostile_db), "--by", "sector"], "is a file; give a folder")]
    for args, message in cases:
        code, output = invoke("report", "--db", str(hostile_db), "--format", "json", *args)
        assert code == 1 and message in output, (args, output)
    assert hostile_db.read_bytes() == before
    assert store_in_folder.read_bytes() == before and sites_store.read_bytes() == before


def test_a_failed_report_leaves_the_old_one(hostile_db: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            disk_fills_while_writing: None) -> None:
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "report.md").write_text("the old report\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk filled up"):
        api.report(db=hostile_db, out=folder, formats=("md", "json", "csv"))
    assert (folder / "report.md").read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in folder.iterdir()) == ["report.md"]  # nothing half-written
    monkeypatch.undo()
    written = api.report(db=hostile_db, out=folder, formats=("md", "json"))
    assert written.files["md"] == folder / "report.md"
    assert (folder / "report.md").read_text(encoding="utf-8").startswith("# ")
    assert not list(folder.glob(".netan-writing-*"))


# -- damaged stores --------------------------------------------------------------------------


def catalogue_pages(store: Path, scratch: Path) -> range:
    """Byte offsets of the store's catalogue, as the engine reports them for a cut file."""
    import ladybug

    cut = scratch / "cut.db"
    cut.write_bytes(store.read_bytes()[:4096 * 8])
    try:
        ladybug.Database(str(cut), read_only=True).close()
    except RuntimeError as error:
        found = re.search(r"catalog page range starts at (\d+) and spans (\d+)", str(error))
        if found:
            start, pages = int(found.group(1)), int(found.group(2))
            return range(start * 4096, (start + pages) * 4096)
    pytest.skip("the engine did not report where its catalogue is")


def engine_crashes_opening(path: Path) -> bool:
    """Whether LadybugDB dies at once of a crash signal opening ``path`` (in a forked
    child; a damage that makes it work for seconds before dying is passed over, to
    keep the test short)."""
    import ladybug

    child = os.fork()
    if child == 0:  # pragma: no cover - the child leaves at once
        signal.alarm(2)
        with contextlib.suppress(BaseException):
            ladybug.Database(str(path), read_only=True).close()
        os._exit(0)
    _, status = os.waitpid(child, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) in (
        signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL, signal.SIGFPE)


def assert_named_with_restore(store: Path, scratch: Path) -> None:
    for command in (["query", "MATCH (n) RETURN count(n)"],
                    ["report", "--out", str(scratch / "r"), "--format", "json"],
                    ["view", "--out", str(scratch / "v.html")]):
        done = subprocess.run([NETAN, *command, "--db", str(store)], capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 1, (store.name, command, done.returncode, done.stderr)
        assert done.stderr.startswith(f"error: the store {store} cannot be read"), done.stderr
        assert f"netan import <your files> --db {store} --replace" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_damaged_stores_are_named_with_how_to_restore(hostile_db: Path, tmp_path: Path) -> None:
    data = hostile_db.read_bytes()
    garbled, cut = tmp_path / "garbled.db", tmp_path / "cut-short.db"
    garbled.write_bytes(bytes(b ^ 0x5A for b in data[:4096]) + data[4096:])
    cut.write_bytes(data[: len(data) // 2])
    for store in (garbled, cut):
        assert_named_with_restore(store, tmp_path)


def test_a_store_that_crashes_the_engine_is_named(hostile_db: Path, tmp_path: Path) -> None:
    """LadybugDB 0.22 dies (SIGSEGV) opening some damaged catalogues; netan opens the
    store in a forked child first and names it instead of crashing."""
    catalogue = catalogue_pages(hostile_db, tmp_path)
    crashing = tmp_path / "crashing.db"
    shutil.copy(hostile_db, crashing)
    with crashing.open("r+b") as handle:  # 8 garbled bytes at a time, put back if harmless
        for offset in range(catalogue.start + 4, catalogue.stop - 8, 97)[:80]:
            handle.seek(offset)
            good = handle.read(8)
            handle.seek(offset)
            handle.write(bytes(b ^ 0xAB for b in good))
            handle.flush()
            if engine_crashes_opening(crashing):
                break
            handle.seek(offset)
            handle.write(good)
        else:
            pytest.skip("no damaged catalogue crashed this engine version")
    assert_named_with_restore(crashing, tmp_path)


@pytest.mark.parametrize("error", [MemoryError(), UnicodeDecodeError("utf-8", b"\xff", 0, 1,
                                                                     "invalid start byte")])
def test_engine_errors_of_a_damaged_store_are_named(hostile_db: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    error: Exception) -> None:
    """The errors a damaged store was seen to raise from the engine (issue 11), on open
    and while reading, become the one line with how to restore."""
    from netan.graphdb import embedded

    store = tmp_path / "copy.db"
    shutil.copy(hostile_db, store)

    def fails(*args: object, **kwargs: object) -> None:
        raise error

    with monkeypatch.context() as patch:
        patch.setattr(embedded.ladybug, "Database", fails)
        with pytest.raises(embedded.StoreError, match=r"cannot be read and may be damaged "
                           r".*netan import <your files> --db .* --replace"):
            embedded.EmbeddedStore(store, read_only=True).counts()
    monkeypatch.setattr(embedded, "read_graph", fails)
    with embedded.EmbeddedStore(store, read_only=True) as reader, pytest.raises(
            embedded.StoreError, match="cannot be read and may be damaged"):
        reader.read_data()
