"""Label shuffles and core numbers, each against its definition (loop or networkx)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from netan.kernels import shuffles
from netan.kernels.shuffles import shuffled_pair_ties


@pytest.mark.parametrize(("seed", "batch_elements"), [(0, 4_000_000), (1, 600), (2, 1)])
def test_shuffled_pair_ties_count_as_the_loop_over_ties(
        seed: int, batch_elements: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shuffles, "_BATCH_ELEMENTS", batch_elements)  # one, 3 and 25 batches
    G = nx.gnm_random_graph(60, 240, seed=seed)
    u, v = (np.array(e) for e in zip(*G.edges(), strict=True))
    labels = np.random.default_rng(seed).integers(1, 4, size=60)
    pairs = [(1, 2), (2, 2), (3, 1)]
    batches = list(shuffled_pair_ties(labels, u, v, pairs, 25, np.random.default_rng(7)))
    found = np.concatenate(batches, axis=1)
    rng = np.random.default_rng(7)
    for r in range(25):
        shuffled = rng.permuted(labels)
        for row, (a, b) in enumerate(pairs):
            ties = sum(1 for i, j in zip(u, v, strict=True)
                       if {shuffled[i], shuffled[j]} == {a, b} and
                       (a != b or shuffled[i] == shuffled[j] == a))
            assert found[row, r] == ties, (r, a, b)
    assert found.shape == (3, 25)
    assert len(batches) == {4_000_000: 1, 600: 3, 1: 25}[batch_elements]


@pytest.mark.parametrize("seed", range(6))
def test_core_numbers_as_networkx(seed: int) -> None:
    import scipy.sparse as sp

    from netan.kernels.cores import core_numbers

    G = nx.gnm_random_graph(80, [0, 40, 160, 400, 900, 2000][seed], seed=seed)
    G.add_edges_from(nx.path_graph(range(80, 140)).edges())  # a long chain peels slowly
    A = sp.csr_array(nx.to_scipy_sparse_array(G, nodelist=list(G), format="csr"))
    found = core_numbers(A.indptr, A.indices)
    assert dict(zip(G, found.tolist(), strict=True)) == nx.core_number(G)


@pytest.mark.parametrize("seed", range(8))
def test_improve_split_makes_the_moves_of_the_definition(seed: int) -> None:
    """The kernel's one-move-at-a-time search ends on the split of the definition
    (``periphery._improve``, whole arrays), from random starts, with a few moves or
    until no move helps; random graphs from empty to nearly complete."""
    from netan.kernels.cores import improve_split
    from netan.queries.periphery import _improve, _simple

    rng = np.random.default_rng(seed)
    for trial in range(12):
        n = int(rng.integers(2, 70))
        G = nx.gnp_random_graph(n, float(rng.random()) ** 2, seed=seed * 100 + trial)
        _, A = _simple(G, None)
        start = rng.random(n) < rng.random()
        kept = start.copy()
        for moves in (0, 1, 4, 1_000):
            expected = _improve(A, start, moves)
            found = improve_split(A.indptr, A.indices, start, moves)
            assert found.dtype == bool and (found == expected).all(), (trial, moves)
        assert (start == kept).all()  # the start is left as it was


def test_the_continuous_fit_is_the_same_floats_on_any_number_of_blas_threads() -> None:
    """OpenBLAS splits a long dot product among its threads and adds their partial sums
    in an order that depends on how many there are: the fit pins BLAS to one thread
    (netan.kernels.blas), so a machine with more cores gets the very same floats."""
    from threadpoolctl import threadpool_limits

    from netan.queries.periphery import continuous_core_periphery

    P = nx.gnm_random_graph(30_000, 90_000, seed=3)  # long vectors: OpenBLAS threads them
    fits = []
    for threads in (1, 2, 4):
        with threadpool_limits(limits=threads, user_api="blas"):
            fits.append(continuous_core_periphery(P))
    assert fits[0].coreness == fits[1].coreness == fits[2].coreness
    assert fits[0].fit == fits[1].fit == fits[2].fit
