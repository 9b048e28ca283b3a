"""Exact nearest-neighbour search over a face gallery: one matrix product per query batch, then top-k.

The course's `who_is_it` loops over the database and takes `np.linalg.norm(db_enc - encoding)` per
person: N subtractions of 128 floats per query. Here the squared distances are ranked with

    ‖x − q‖² = ‖x‖² − 2 x·q + ‖q‖²

where ‖x‖² is computed once per gallery, ‖q‖² is the same for every row (so it does not change the
order), and x·q for all rows is one matrix-vector product (a matrix product for a batch of queries), which
BLAS runs at the machine's multiply-add rate. `np.argpartition` then picks a few candidates without
sorting all N. The expansion loses about 1e-7 of the scale of ‖x‖² to rounding, so the candidates' distances
are recomputed exactly, from their differences (as the loop does), and sorted by (distance, row): the
answers are the loop's, including ties, which go to the first row, as the loop's strict `<` does.

Optional backend: `faiss-cpu`'s exact `IndexFlatL2` (`--search faiss`), for galleries of millions; it is
imported only when asked for and gives the same answers (its candidates are refined the same way).
"""

from __future__ import annotations

import numpy as np

from assignments.common.errors import UserError

CHUNK_ROWS = 1 << 17  # rows per block of the product: bounds the (queries, rows) score block to 32 MiB at 64 queries
EXTRA_CANDIDATES = 32  # rows re-ranked exactly beyond the k asked for: covers ties and rounding near the k-th
BACKENDS = ("numpy", "faiss")


class Gallery:
    """The stored encodings of a database, ready to search.

    Args:
        embeddings: float32 (N, d).
        backend: "numpy" (default), or "faiss" (needs the optional `faiss-cpu` package).
    """

    def __init__(self, embeddings: np.ndarray, backend: str = "numpy"):
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, received {backend!r}")
        self.embeddings = np.ascontiguousarray(embeddings, dtype=np.float32)  # (N, d)
        if self.embeddings.ndim != 2:
            raise ValueError(f"embeddings must be (N, d), received shape {self.embeddings.shape}")
        self.squared_norms = np.einsum("ij,ij->i", self.embeddings, self.embeddings)  # (N,), once per gallery
        self.backend = backend
        self.index = _faiss_index(self.embeddings) if backend == "faiss" else None

    def __len__(self) -> int:
        return len(self.embeddings)

    def candidates(self, queries: np.ndarray, count: int) -> np.ndarray:
        """For each query, `count` rows that include its `count - EXTRA_CANDIDATES` nearest (unordered).

        Args:
            queries: float32 (B, d).
            count: candidates per query, at most N.

        Returns:
            int64 (B, count) row indices.
        """
        if self.index is not None:
            _, rows = self.index.search(queries, count)  # exact L2, (B, count)
            return rows.astype(np.int64)
        best_rows, best_scores = [], []
        for start in range(0, len(self), CHUNK_ROWS):
            block = self.embeddings[start : start + CHUNK_ROWS]  # (rows, d)
            # ‖x‖² − 2 x·q: the squared distance less ‖q‖², which is the same for every row of a query.
            scores = self.squared_norms[start : start + CHUNK_ROWS] - 2.0 * products(queries, block)  # (B, rows)
            keep = min(count, scores.shape[1])
            rows = np.argpartition(scores, keep - 1, axis=1)[:, :keep] if keep < scores.shape[1] else np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
            best_rows.append(rows + start)
            best_scores.append(np.take_along_axis(scores, rows, axis=1))
        rows, scores = np.concatenate(best_rows, axis=1), np.concatenate(best_scores, axis=1)  # (B, chunks * count)
        if rows.shape[1] > count:
            keep = np.argpartition(scores, count - 1, axis=1)[:, :count]
            rows = np.take_along_axis(rows, keep, axis=1)
        return rows

    def nearest(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest rows of each query, nearest first, with exact distances.

        Args:
            queries: (d,), (1, d) or (B, d).
            k: rows per query (at most N).

        Returns:
            (rows, distances): int64 (B, k) and float32 (B, k), ties in row order.
        """
        if len(self) == 0:
            raise UserError("The face database is empty: enroll at least one person first.")
        queries = np.ascontiguousarray(np.reshape(queries, (-1, self.embeddings.shape[1])), dtype=np.float32)  # (B, d)
        k = min(int(k), len(self))
        rows = self.candidates(queries, min(len(self), k + EXTRA_CANDIDATES))  # (B, m)
        # Exact distances of the candidates, from their differences (as the course's loop computes them).
        differences = self.embeddings[rows] - queries[:, None, :]  # (B, m, d)
        distances = np.sqrt(np.einsum("bmd,bmd->bm", differences, differences))  # (B, m)
        order = np.lexsort((rows, distances), axis=1)[:, :k]  # by distance, then by row (the first on ties)
        return np.take_along_axis(rows, order, axis=1), np.take_along_axis(distances, order, axis=1)


def products(queries: np.ndarray, block: np.ndarray) -> np.ndarray:
    """x·q for every row x of `block` (rows, d) and query q of `queries` (B, d): (B, rows).

    One query is a matrix-vector product, bound by memory bandwidth: numpy's own single-threaded einsum
    loop runs it at full speed, where OpenBLAS' threaded gemv spends about 20 ms per call handing work to
    its threads when other processes share the cores (measured: 1.8 ms vs 18 ms at 100,000 rows on the
    2-core test machine under load). A batch is compute-bound and goes to BLAS' matrix product.
    """
    if len(queries) == 1:
        return np.einsum("ij,j->i", block, queries[0])[None]  # (1, rows)
    return queries @ block.T  # (B, rows)


def _faiss_index(embeddings: np.ndarray):
    try:
        import faiss  # Optional: only `--search faiss` needs it.
    except ImportError:
        raise UserError("--search faiss needs the faiss-cpu package: pip install faiss-cpu, or use --search numpy.") from None
    index = faiss.IndexFlatL2(embeddings.shape[1])
    index.add(embeddings)
    return index
