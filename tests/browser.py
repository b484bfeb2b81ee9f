"""A headless Chromium for the view tests, driven by Playwright (no mocks).

Uses Debian's ``/usr/bin/chromium`` (``make test`` installs it; Playwright's
own browser downloads are never used). :func:`skip_reason` says why the
browser tests cannot run here; :class:`OfflinePage` opens a file with every
request that is not ``file:`` or ``data:`` aborted and counted, and records
dialogs (``alert``), page errors and console errors.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("NETAN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def skip_reason() -> str | None:
    """Why the browser tests cannot run (None when they can)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} is missing (apt-get install -y chromium, or make test)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@dataclass
class PageLog:
    """What a page did: requests that tried to leave it, dialogs, errors."""

    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


class Browser:
    """One Chromium for a test module; :meth:`open` gives offline pages."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS,
                                                 headless=True)

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()

    @contextmanager
    def open(self, path: Path, width: int = 1400, height: int = 900,
             wait_ready: bool = True, timeout_ms: int = 60_000) -> Iterator[tuple[Any, PageLog]]:
        """Open ``path`` offline; yields (page, log). Waits for ``window.netan.ready``."""
        log = PageLog()
        context = self._browser.new_context(viewport={"width": width, "height": height},
                                            offline=True)
        page = context.new_page()

        def route(r: Any) -> None:
            url = r.request.url
            log.requests.append(url)
            if url.startswith(("file:", "data:", "blob:")):
                r.continue_()
            else:
                log.blocked.append(url)
                r.abort()

        page.route("**/*", route)

        def on_dialog(dialog: Any) -> None:
            log.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda exc: log.errors.append(str(exc)))
        page.on("console", lambda msg: log.console_errors.append(msg.text)
                if msg.type == "error" else None)
        try:
            page.goto(path.resolve().as_uri())
            if wait_ready:
                page.wait_for_function("window.netan && window.netan.ready === true",
                                       timeout=timeout_ms)
            yield page, log
        finally:
            context.close()


def synthetic_graph(people: int, seed: int = 7) -> Any:
    """A partnership of ``people`` staff in the store's ``to_networkx`` form.

    ``people // 10`` agencies spread over sectors and levels, everyone employed
    by one, ``people // 20`` groups of six members, and ``people // 10`` liaisons.
    """
    import random

    import networkx as nx

    from netan.graphdb.schema import (
        AGENCY,
        EMPLOYED_BY,
        GROUP,
        LEVEL,
        LIAISES_WITH,
        MEMBER_OF,
        PERSON,
        SECTOR,
    )

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    agencies = max(1, people // 10)
    for a in range(agencies):
        sector = SECTOR.values[a % 6]
        G.add_node(f"a{a}", label=AGENCY, id=f"a{a}", name=f"Agency {a}", sector=sector,
                   level=LEVEL.values[a % 4])
    roles = {"primary_care": "gp", "social_care": "social_worker",
             "secondary_care": "psychiatrist", "commissioner": "commissioner"}
    for p in range(people):
        agency = p % agencies
        role = roles.get(SECTOR.values[agency % 6], "manager")
        G.add_node(f"p{p}", label=PERSON, id=f"p{p}", name=f"Person {p}", role=role)
        G.add_edge(f"p{p}", f"a{agency}", type=EMPLOYED_BY)
    for g in range(max(1, people // 20)):
        G.add_node(f"g{g}", label=GROUP, id=f"g{g}", name=f"Group {g}",
                   level=LEVEL.values[g % 4])
        for p in rng.sample(range(people), min(6, people)):
            G.add_edge(f"p{p}", f"g{g}", type=MEMBER_OF, role="member")
    for _ in range(people // 10):
        a, b = rng.sample(range(people), 2)
        G.add_edge(f"p{a}", f"p{b}", type=LIAISES_WITH, frequency=2)
    return G
