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
        # Rounding bound of one score ‖x‖² − 2 x·q in float32 (d products summed: about d x eps relative to
        # ‖x‖² + 2‖x‖‖q‖ ≤ 2‖x‖² + ‖q‖²), used to keep every row that could tie with the best one.
        self.rounding = self.embeddings.shape[1] * float(np.finfo(np.float32).eps)
        self.largest_squared_norm = float(self.squared_norms.max()) if len(self.squared_norms) else 0.0
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
            rows = (
                np.argpartition(scores, keep - 1, axis=1)[:, :keep]
                if keep < scores.shape[1]
                else np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
            )
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
        if k == 1 and len(queries) == 1 and self.index is None:
            return self._nearest_one(queries)
        rows = self.candidates(queries, min(len(self), k + EXTRA_CANDIDATES))  # (B, m)
        return self._rerank(queries, rows, k)

    def _nearest_one(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`who_is_it`'s case, one query and its nearest row: one product, a min, and a bounded re-rank.

        Every row whose approximate score lies within twice the rounding bound of the smallest could be
        the nearest (or tie with it); those few rows are re-ranked exactly, so the answer is the loop's.
        """
        query = queries[0]  # (d,)
        scores = self.embeddings @ query  # (N,): x·q, one BLAS gemv (see `products`)
        scores *= -2.0  # in place: two fewer passes over N floats than `norms - 2.0 * products`
        scores += self.squared_norms  # ‖x‖² − 2 x·q
        margin = 2.0 * self.rounding * (2.0 * self.largest_squared_norm + float(query @ query))
        rows = np.flatnonzero(scores <= scores.min() + margin)[None]  # (1, m), m >= 1
        return self._rerank(queries, rows, 1)

    def _rerank(self, queries: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest of each query's candidate rows, by exact distance, then by row."""
        # Exact distances of the candidates, from their differences (as the course's loop computes them).
        differences = self.embeddings[rows] - queries[:, None, :]  # (B, m, d)
        distances = np.sqrt(np.einsum("bmd,bmd->bm", differences, differences))  # (B, m)
        order = np.lexsort((rows, distances), axis=1)[:, :k]  # by distance, then by row (the first on ties)
        return np.take_along_axis(rows, order, axis=1), np.take_along_axis(distances, order, axis=1)


def products(queries: np.ndarray, block: np.ndarray) -> np.ndarray:
    """x·q for every row x of `block` (rows, d) and query q of `queries` (B, d): (B, rows).

    One query is a matrix-vector product, bound by memory bandwidth: OpenBLAS' gemv reads the rows with
    every core (0.86 ms at 100,000 rows on the idle 2-core machine, against 1.65 ms for numpy's
    single-threaded einsum). Its threads hand work over badly when other processes keep the cores busy
    (about 18 ms per call measured with seven other jobs on the 2 cores), which a user's idle machine
    does not see. A batch is compute-bound and goes to BLAS' matrix product.
    """
    if len(queries) == 1:
        return (block @ queries[0])[None]  # (1, rows): BLAS gemv
    return queries @ block.T  # (B, rows)


def _faiss_index(embeddings: np.ndarray):
    try:
        import faiss  # Optional: only `--search faiss` needs it.
    except ImportError:
        raise UserError("--search faiss needs the faiss-cpu package: pip install faiss-cpu, or use --search numpy.") from None
    index = faiss.IndexFlatL2(embeddings.shape[1])
    index.add(embeddings)
    return index
