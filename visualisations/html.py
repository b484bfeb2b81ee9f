"""``render_html``: a :class:`ViewModel` as one self-contained, offline HTML page.

The page carries everything it needs inline -- vis-network 9.1.2 (MIT /
Apache-2.0, read from the installed ``pyvis`` package, which ships it), its
CSS, netan's own small script and style -- and makes no request of any kind: no
CDN link, no font, no source map. A Content-Security-Policy in the page
enforces it (``default-src 'none'``; scripts allowed only by their SHA-256
hashes, so an injected inline handler could not run either).

Safety: user-supplied strings (names, ids, roles ...) enter the page only as
JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&``,
U+2028 and U+2029 escaped, and the script puts them on the page with
``textContent`` (legend, side panel, tooltips built as Elements) or as canvas
labels. The page title is HTML-escaped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

from .model import ViewModel

VIS_VERSION = "9.1.2"
_SOURCE_MAP = re.compile(r"/[/*]# sourceMappingURL=[^\n*]*(\*/)?")


@cache
def _asset(package: str, name: str) -> str:
    text = (resources.files(package) / name).read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", text)


def vis_assets() -> tuple[str, str]:
    """(vis-network JS, vis-network CSS), source-map comments removed."""
    base = f"lib/vis-{VIS_VERSION}"
    return (_asset("pyvis", f"{base}/vis-network.min.js"),
            _asset("pyvis", f"{base}/vis-network.css"))


def script_json(data: object) -> str:
    """``data`` as JSON safe to place inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can appear), and U+2028 / U+2029 are escaped too.
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _inline_script(code: str) -> str:
    if re.search(r"</script", code, re.IGNORECASE):
        code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def render_html(view: ViewModel) -> str:
    """The interactive page of ``view`` (see the module docstring)."""
    vis_js, vis_css = vis_assets()
    vis_js = _inline_script(vis_js)
    own_js = _inline_script(_asset("netan.visualisations", "assets/view.js"))
    own_css = _asset("netan.visualisations", "assets/view.css")
    data = script_json(view.to_data())
    csp = ("default-src 'none'; "
           f"script-src {_sha256(vis_js)} {_sha256(own_js)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    title = html.escape(view.title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="netan (vis-network {VIS_VERSION}, inlined)">
<title>{title}</title>
<style>{vis_css}</style>
<style>{own_css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<ul id="netan-notes"></ul>
</header>
<main>
<div id="netan-graph" role="img" aria-label="{title}"></div>
<aside>
<section id="netan-legend"><h2>Legend</h2><ul id="netan-legend-list"></ul></section>
<section id="netan-highlights"><h2>Highlighted</h2><div id="netan-highlights-list"></div>
</section>
<section id="netan-filters"><h2>Filters</h2></section>
</aside>
</main>
<script type="application/json" id="netan-data">{data}</script>
<script>{vis_js}</script>
<script>{own_js}</script>
</body>
</html>
"""


def write_html(view: ViewModel, path: str | Path) -> Path:
    """Write :func:`render_html` of ``view`` to ``path`` (UTF-8); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(view), encoding="utf-8")
    return out
