"""The report as a PDF board pack: the HTML page printed by headless Chromium.

Why Chromium and not WeasyPrint: the PDF is then the very page the report's
HTML shows, laid out by the engine the browser tests check it in (same fonts,
same SVG charts, same print stylesheet), with no second renderer to keep in step
and no Python dependency that pulls in Pango and Cairo. Debian's ``chromium``
is what ``make test`` installs; netan finds ``chromium``, ``chromium-browser``,
``google-chrome`` or the program named by ``$NETAN_CHROMIUM``.

The page is printed with its print stylesheet (see :mod:`netan.reporting.html`):
A4, no navigation and no CSV links, a new page per section, long tables cut to
their first rows. It has no external resources (its Content-Security-Policy
forbids any), so printing needs no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Programs tried in turn when $NETAN_CHROMIUM is not set.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: A report prints in a few seconds; a browser that hangs is stopped after this.
TIMEOUT_SECONDS = 120


class PdfError(RuntimeError):
    """The PDF could not be made (no browser, or the browser failed): one clear line."""


def find_browser() -> str:
    """The Chromium program to print with, or :class:`PdfError` saying how to get one."""
    named = os.environ.get("NETAN_CHROMIUM")
    for candidate in ([named] if named else BROWSERS):
        found = shutil.which(candidate)
        if found:
            return found
    raise PdfError("a PDF report is printed by Chromium, which was not found: install it "
                   "(Debian/Ubuntu: apt-get install chromium) or set NETAN_CHROMIUM to "
                   "the browser's path")


def print_to_pdf(html: str, pdf: Path, browser: str | None = None) -> Path:
    """Print the HTML page ``html`` (text) to the file ``pdf`` with headless Chromium."""
    program = browser or find_browser()
    destination = Path(pdf)
    with tempfile.TemporaryDirectory(prefix="netan-pdf-") as scratch:
        page = Path(scratch) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(scratch) / "report.pdf"
        command = [program, "--headless", "--disable-gpu", "--no-pdf-header-footer",
                   "--disable-background-networking", "--disable-component-update",
                   "--no-first-run", f"--user-data-dir={Path(scratch) / 'profile'}",
                   f"--print-to-pdf={target}", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root otherwise
        try:
            done = subprocess.run(command, capture_output=True, text=True,
                                  timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as problem:
            raise PdfError(f"{program} did not finish printing the report in "
                           f"{TIMEOUT_SECONDS} s") from problem
        except OSError as problem:
            raise PdfError(f"cannot run {program}: {problem.strerror or problem}") from problem
        if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise PdfError(f"{program} could not print the report: {last}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(target), destination)
    return destination
