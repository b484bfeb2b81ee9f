"""Renderers of the report document built by :func:`netan.reporting.report.build_report`.

Each renderer takes the document (plain data) and returns text; writing files
is the caller's job (:mod:`netan.api`, :mod:`netan.cli`).

* :mod:`.html` -- one self-contained, offline HTML page;
* :mod:`.markdown` -- the same content for pasting into papers;
* :mod:`.tables` -- the JSON document and a CSV twin of every table;
* :mod:`.charts` -- inline SVG charts (Sankey, heatmap, histogram).
"""
