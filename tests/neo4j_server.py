"""A real Neo4j for the tests: the one ``NETAN_TEST_NEO4J_URI`` names, or one started here.

``make test`` builds ``tests/neo4j-launcher`` (Maven fetches Neo4j Community 5.26 LTS and
compiles the launcher ``NetanNeo4j.java``); :class:`LaunchedNeo4j` then runs it, which
starts Neo4j on 127.0.0.1 on a free port with Bolt auth and a generated password and
prints one line ``URI USER PASSWORD`` once Bolt answers. The launcher stops when its
standard input closes, so the server ends with the process that started it, even one
that is killed. Run this file (``make neo4j``) to start a server for your own use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from netan.graphdb.neo4j_store import Settings

HERE = Path(__file__).resolve().parent / "neo4j-launcher"
CLASSES = HERE / "target" / "classes"
CLASSPATH_FILE = HERE / "target" / "classpath.txt"
STARTUP_TIMEOUT = 180.0
#: As Neo4j's own start script: let its page cache and Bolt's Netty reach the buffers they use.
JVM_OPTIONS = ("--add-opens=java.base/java.nio=ALL-UNNAMED",
               "--add-opens=java.base/java.io=ALL-UNNAMED",
               "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
               "-Dio.netty.tryReflectionSetAccessible=true")
#: The tests' queries are small: the quick JIT alone halves startup on two cores.
QUICK_START = ("-XX:TieredStopAtLevel=1",)
INSTALL = ("the Neo4j tests start a real Neo4j 5.26 and need Java 17 (or 21) and Maven: "
           "install them (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven) "
           "and run `make test`, or set NETAN_TEST_NEO4J_URI (and _USER, _PASSWORD) to a "
           "running Neo4j 5 server")


@dataclass(frozen=True)
class Neo4jServer(Settings):
    """Where a test Neo4j listens and how to log in (the password is never shown)."""

    def environment(self) -> dict[str, str]:
        """``NEO4J_*`` variables for a ``netan`` subprocess talking to this server."""
        env = {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.user,
               "NEO4J_PASSWORD": self.password}
        return env | ({"NEO4J_DATABASE": self.database} if self.database else {})


def configured(environ: dict[str, str] | None = None) -> Neo4jServer | None:
    """The server ``NETAN_TEST_NEO4J_URI`` (and ``_USER``, ``_PASSWORD``, ``_DATABASE``) names."""
    env = os.environ if environ is None else environ
    uri = env.get("NETAN_TEST_NEO4J_URI")
    if not uri:
        return None
    return Neo4jServer(uri, env.get("NETAN_TEST_NEO4J_USER") or "neo4j",
                       env.get("NETAN_TEST_NEO4J_PASSWORD", ""),
                       env.get("NETAN_TEST_NEO4J_DATABASE") or None)


def classpath() -> str | None:
    """The launcher's Java classpath, or None until ``make test`` (Maven) has built it."""
    if not CLASSPATH_FILE.exists() or not (CLASSES / "NetanNeo4j.class").exists():
        return None
    return os.pathsep.join([str(CLASSES), CLASSPATH_FILE.read_text().strip()])


def cannot_launch() -> str | None:
    """Why no server can be started here (None when one can)."""
    if shutil.which("java") is None:
        return INSTALL
    if classpath() is None:
        return f"the Neo4j launcher is not built: run `make test` (or `make neo4j`). {INSTALL}"
    return None


class LaunchedNeo4j:
    """A Neo4j server process owned by this object: started on enter, stopped on exit."""

    def __init__(self, heap: str = "1g", data: Path | None = None,
                 jvm_options: tuple[str, ...] = QUICK_START) -> None:
        self.heap = heap
        self.jvm_options = jvm_options
        self.data = data
        self.server: Neo4jServer | None = None
        self._process: subprocess.Popen[str] | None = None
        self._errors: IO[str] | None = None

    def start(self) -> Neo4jServer:
        why = cannot_launch()
        if why:
            raise RuntimeError(why)
        where = [] if self.data is None else [str(self.data)]  # none: a temporary folder
        self._errors = tempfile.TemporaryFile("w+")  # a file: a full pipe would stall the JVM
        self._process = subprocess.Popen(
            ["java", f"-Xmx{self.heap}", *self.jvm_options, *JVM_OPTIONS,
             "-cp", classpath() or "", "NetanNeo4j", *where],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, text=True)
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self._process.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(STARTUP_TIMEOUT)
        words = line[0].split() if line else []
        if len(words) != 3:
            self.stop()
            raise RuntimeError(f"Neo4j did not start: {self._errors_tail() or 'no output'}")
        self.server = Neo4jServer(*words)
        return self.server

    def _errors_tail(self) -> str:
        """The last lines the launcher wrote to stderr."""
        if self._errors is None:
            return ""
        self._errors.seek(0)
        return " ".join(self._errors.read().strip().splitlines()[-3:])

    def stop(self) -> None:
        """Close the launcher's stdin (it shuts Neo4j down); kill it if it lingers."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                process.stdin.close()
                process.wait(60)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()

    def __enter__(self) -> Neo4jServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


def main() -> int:
    """``make neo4j``: start a server, print how to use it, stop on Enter or Ctrl-C."""
    with LaunchedNeo4j(heap=os.environ.get("NETAN_NEO4J_HEAP", "2g")) as server:
        print(f"Neo4j 5.26 Community is running at {server.uri} (data in a temporary folder)")
        print(f"  export NEO4J_URI={server.uri} NEO4J_USERNAME={server.user} "
              f"NEO4J_PASSWORD={server.password}")
        print("  netan import examples/wales-1998 --replace   # into this server")
        print("Press Enter or Ctrl-C to stop it.", flush=True)
        try:
            sys.stdin.readline()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
