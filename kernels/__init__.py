"""Kernels: the fast counting under netan's analyses, kept apart from the definitions.

An analysis in :mod:`netan.queries` states its measure -- docstring with formula,
conventions and reference, a body that reads as that definition -- and calls the
kernels here by name for the work that must be fast at national scale. Each kernel
is tested against the definition it serves on random graphs, and measured against
the maintained libraries that compute the same thing (``benchmarks/bench_kernels.py``,
figures in ``benchmarks/RESULTS.md``); a kernel is kept only where it wins.

* :mod:`.collector` -- pausing Python's cyclic garbage collector while millions of
  small objects are built (the only module that touches :mod:`gc`);
* :mod:`.nxgraph` -- networkx graphs filled and read through their internal
  dicts, and values kept per graph (the only module that touches networkx's private
  attributes);
* :mod:`.pairs` -- sparse products and array bookkeeping for the tied pairs of the
  derived networks;
* :mod:`.brandes` -- Brandes' shortest-path counts and dependencies for many sources
  at once, as sparse-by-dense products (betweenness);
* :mod:`.triangles` -- every triangle once, and sums over them (Burt's two-step term,
  brokerage's closed two-paths);
* :mod:`.cutpoints` -- one depth-first search with low points: cut nodes, bridges and
  the pieces each cut node leaves, and the cut nodes between every node and a sink;
* :mod:`.flows` -- node-disjoint routes to a sink by augmenting searches;
* :mod:`.parallel` -- independent pieces of one computation on every core (forked
  workers, results in a fixed order, one process again if a worker fails).

Kernels import nothing of netan: they work on networkx graphs, numpy arrays and
scipy sparse matrices, with the domain's names passed in.
"""
