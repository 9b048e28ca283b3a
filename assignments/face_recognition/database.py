"""The face database: people's encodings in one matrix, stored as `.npz` (never a pickle).

A `FaceDatabase` behaves like the course's dictionary (`database["younes"]`, `"younes" in database`,
`for name in database`), but keeps every photo's encoding as one row of a float32 matrix, so that
recognition is one vectorised computation. On disk (`np.savez`, read back with `allow_pickle=False`):

    names        (N,)   str      the person of each row
    embeddings   (N, d) float32  unit encodings
    sources      (N,)   str      the image file each row was computed from
    fingerprint  ()     str      `model_fingerprint` of the encoder that computed them
    encoder      ()     str      "facenet", "dlib" or "stand-in" (absent in older files: facenet)
    alignment    ()     str      "mtcnn" or "none" (absent in older files: none)
    weights      ()     str      "pretrained" or "UNTRAINED": whether the encodings mean anything
    provenance   ()     str      JSON `common.provenance.Provenance` of the encoder's weights: pretrained
                                 dlib, the course's FaceNet weights, or UNTRAINED, and the project version
                                 (absent in older files: read from `weights`)
    format       ()     str      FORMAT, so that other .npz files are recognised as such

`summary()` is the line every answer from the database shows (console, identify.csv, PNG captions): the
people and photo counts, the encoder, where its weights came from, and the version that wrote it.
"""

from __future__ import annotations

import dataclasses
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from assignments.common.errors import UserError
from assignments.common.files import atomic_save
from assignments.common.provenance import Provenance, from_npz, npz_entry
from assignments.face_recognition.search import Gallery

FORMAT = "dls-face-database-v1"


@dataclasses.dataclass(eq=False)
class FaceDatabase(Mapping):
    """Encodings of enrolled people, one row per photo.

    Attributes:
        names: the person of each row, length N.
        embeddings: float32 (N, d).
        sources: the image file of each row, length N.
        fingerprint: the encoder's `model_fingerprint`.
        encoder: which encoder made it ("facenet", "dlib", "stand-in").
        alignment: how faces were cut out ("mtcnn", "none").
        provenance: where the encoder's weights came from (`Provenance`); UNTRAINED unless told otherwise.
    """

    names: list[str]
    embeddings: np.ndarray
    sources: list[str]
    fingerprint: str
    encoder: str = "facenet"
    alignment: str = "none"
    provenance: Provenance = dataclasses.field(default_factory=lambda: Provenance.untrained("no encoder recorded"))
    _galleries: dict = dataclasses.field(default_factory=dict, repr=False)

    @classmethod
    def empty(
        cls,
        fingerprint: str,
        embedding_size: int = 128,
        encoder: str = "facenet",
        alignment: str = "none",
        provenance: Provenance | None = None,
    ) -> FaceDatabase:
        rows = np.zeros((0, embedding_size), dtype=np.float32)
        return cls([], rows, [], fingerprint, encoder, alignment, provenance or Provenance.untrained("no encoder recorded"))

    @property
    def weights(self) -> str:
        """ "pretrained" or "UNTRAINED": whether the encodings mean anything (the CSV's `weights` column)."""
        return "UNTRAINED" if self.provenance.is_untrained else "pretrained"

    def summary(self) -> str:
        """The one line every answer from this database shows."""
        return (
            f"face database of {len(self)} people ({len(self.names)} photos), {self.encoder} encoder, "
            f"{self.alignment} alignment, {self.provenance.summary()}; written by version {self.provenance.version}"
        )

    # Mapping interface: person name → their encodings, shape (k, d).
    def __getitem__(self, name: str) -> np.ndarray:
        rows = [index for index, row_name in enumerate(self.names) if row_name == name]
        if not rows:
            raise KeyError(name)
        return self.embeddings[rows]

    def __iter__(self):
        return iter(dict.fromkeys(self.names))

    def __len__(self) -> int:
        return len(dict.fromkeys(self.names))

    def __contains__(self, name) -> bool:
        return name in set(self.names)

    def rows(self) -> tuple[list[str], np.ndarray]:
        """(names, embeddings) of every row: what recognition searches."""
        return self.names, self.embeddings

    def gallery(self, backend: str = "numpy") -> Gallery:
        """The rows as a searchable `Gallery` (squared norms computed once), kept until the rows change."""
        if backend not in self._galleries:
            self._galleries[backend] = Gallery(self.embeddings, backend)
        return self._galleries[backend]

    def replace_person(self, name: str, embeddings: np.ndarray, sources: list[str]) -> None:
        """Adds a person, or replaces all of their rows; the other people's rows are kept as they are."""
        embeddings = np.asarray(embeddings, dtype=np.float32)
        if embeddings.ndim != 2 or embeddings.shape[1] != self.embeddings.shape[1] or len(embeddings) != len(sources):
            raise ValueError(
                f"expected ({len(sources)}, {self.embeddings.shape[1]}) embeddings for {name!r}, received {embeddings.shape}"
            )
        keep = [index for index, row_name in enumerate(self.names) if row_name != name]
        self.names = [self.names[index] for index in keep] + [name] * len(embeddings)
        self.sources = [self.sources[index] for index in keep] + list(sources)
        self.embeddings = np.concatenate([self.embeddings[keep], embeddings])
        self._galleries.clear()

    def check_encoder(self, encoder: str, alignment: str, path: str | os.PathLike = "the database") -> None:
        """Raises UserError when the database was made by another encoder or alignment than this run's (checked
        before any model is built; `check_fingerprint` then compares the models themselves)."""
        if (encoder, alignment) != (self.encoder, self.alignment):
            raise UserError(
                f"'{path}' was made with --encoder {self.encoder} --align {self.alignment}, this run uses --encoder {encoder} "
                f"--align {alignment}: descriptors of different encoders cannot be compared; pass --encoder {self.encoder} "
                f"--align {self.alignment}, or enroll into another --db."
            )

    def check_fingerprint(self, fingerprint: str, path: str | os.PathLike = "the database") -> None:
        """Raises UserError when the database was made by another model than the one in use."""
        if fingerprint != self.fingerprint:
            raise UserError(
                f"'{path}' was made with a different model (fingerprint {self.fingerprint}, this run's model is "
                f"{fingerprint}): use the same --weights, --encoder and --seed as when enrolling, or enroll into a new --db."
            )

    def save(self, path: str | os.PathLike) -> Path:
        """Writes the database atomically as `.npz`; when the final write fails (a full disk), the finished
        database is kept in the rescue folder and the error names it (`common.files.atomic_save`)."""
        return atomic_save(Path(path), self._write)

    def _write(self, temporary: Path) -> None:
        with open(temporary, "wb") as handle:  # An open handle: savez would append ".npz" to other names.
            np.savez(
                handle,
                names=np.array(self.names, dtype=str),
                embeddings=self.embeddings.astype(np.float32),
                sources=np.array(self.sources, dtype=str),
                fingerprint=np.array(self.fingerprint),
                encoder=np.array(self.encoder),
                alignment=np.array(self.alignment),
                weights=np.array(self.weights),
                format=np.array(FORMAT),
                **npz_entry(self.provenance),
            )

    @classmethod
    def load(cls, path: str | os.PathLike) -> FaceDatabase:
        """Reads a database written by `save`, without unpickling anything.

        Raises:
            UserError: missing, not an .npz, written by something else, inconsistent, or empty.
        """
        file = Path(path).expanduser()
        if file.is_dir():
            raise UserError(f"The face database '{path}' is a folder: pass the .npz file that 'enroll' wrote.")
        if not file.is_file():
            raise UserError(f"The face database '{path}' does not exist: create it with the 'enroll' command first.")
        fix = "enroll again to rebuild it"
        not_ours = f"'{path}' is not a face database written by the 'enroll' command: {fix}."
        try:
            stored = np.load(file, allow_pickle=False)
            if not isinstance(stored, np.lib.npyio.NpzFile):
                raise UserError(not_ours)
            with stored:
                if "format" not in stored.files or str(stored["format"]) != FORMAT:
                    raise UserError(not_ours)
                names = [str(name) for name in stored["names"]]
                embeddings = np.asarray(stored["embeddings"], dtype=np.float32)
                sources = [str(source) for source in stored["sources"]]
                fingerprint = str(stored["fingerprint"])
                encoder = str(stored["encoder"]) if "encoder" in stored.files else "facenet"
                alignment = str(stored["alignment"]) if "alignment" in stored.files else "none"
                weights = str(stored["weights"]) if "weights" in stored.files else "UNTRAINED"
                provenance = from_npz(stored, source=f"'{path}'") or legacy_provenance(encoder, weights)
        except UserError:
            raise
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
            raise UserError(
                f"The face database '{path}' is damaged or not an .npz file ({type(error).__name__}): {fix}."
            ) from None
        if embeddings.ndim != 2 or len(embeddings) != len(names) or len(sources) != len(names):
            raise UserError(
                f"The face database '{path}' is inconsistent ({len(names)} names, embeddings {embeddings.shape}): {fix}."
            )
        if len(names) == 0:
            raise UserError(f"The face database '{path}' is empty: enroll at least one person into it.")
        if not np.isfinite(embeddings).all():
            bad = int(embeddings.size - np.isfinite(embeddings).sum())
            raise UserError(f"The face database '{path}' holds {bad:,} non-finite (NaN or infinite) encoding values: {fix}.")
        return cls(names, embeddings, sources, fingerprint, encoder, alignment, provenance)


def legacy_provenance(encoder: str, weights: str) -> Provenance:
    """The record of a database written before provenance was stored: only its `weights` word is known."""
    if weights == "pretrained":
        return Provenance.pretrained(f"{encoder} (recorded before provenance was stored)", version="unknown")
    return Provenance.untrained(f"{encoder}, recorded before provenance was stored", version="unknown")
