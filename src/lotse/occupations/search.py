"""Occupation search for the web UI, the API and the CLI, on top of the pure engine.

The index is built from the catalogue after an import, saved under ``LOTSE_DATA_DIR``, and
loaded once per process (again when a newer build appears on disk).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from lotse.occupations.engine import Hit, Label, OccupationIndex, e5, semantic
from lotse.occupations.models import (
    ESCO_ATTRIBUTION,
    REFERENCE_KINDS,
    Occupation,
    OccupationKind,
    OccupationLabel,
)

logger = logging.getLogger(__name__)
_lock = threading.Lock()
# key -> (kind, ISCO code, regulated, key of the German reference occupation or ""): what the
# filters and the step to reference occupations need, without a database query
Fact = tuple[str, str, bool | None, str]
Facts = dict[str, Fact]
_loaded: Loaded | None = None
FACTS_FILE = "concepts.json"
FINGERPRINT_FILE = "catalogue.json"
# Concept vectors of the versions before label vectors (multilingual-e5-small): removed on build.
OLD_VECTORS_FILE = "semantic.npz"


def index_directory() -> Path:
    return Path(settings.DATA_DIR) / "occupation-index"


def encoder() -> semantic.Encoder | None:
    """The semantic model where it is installed and switched on, else None (lexical search)."""
    if not settings.OCCUPATION_SEMANTIC_SEARCH:
        return None
    return semantic.load_encoder(settings.OCCUPATION_MODEL_CACHE_DIR)


def e5_encoder() -> e5.ConceptEncoder | None:
    """The second model (Persian, languages the first never learned) where it is installed
    and semantic search is on."""
    return (
        e5.load_encoder(settings.OCCUPATION_MODEL_CACHE_DIR)
        if settings.OCCUPATION_SEMANTIC_SEARCH
        else None
    )


def build_index(
    *,
    progress: Callable[[int], None] | None = None,
    semantic_progress: Callable[[int, int], None] | None = None,
    e5_progress: Callable[[int, int], None] | None = None,
) -> OccupationIndex:
    """Index every label of the catalogue and save the index (replacing the previous one);
    with the semantic models, embed every label in their languages and every concept's name."""
    rows = OccupationLabel.objects.values_list("occupation__key", "text", "language", "kind")
    index = OccupationIndex.build(
        (Label(*row) for row in rows.iterator(chunk_size=5000)),
        broader=broader_concepts(),
        groups=group_concepts(),
        progress=progress,
    )
    directory = index_directory()
    index.save(directory)
    for vectors_file in (semantic.VECTORS_FILE, e5.VECTORS_FILE, OLD_VECTORS_FILE):
        (directory / vectors_file).unlink(missing_ok=True)
    model = encoder()
    if model is not None:
        meaning = semantic.meaning_of(
            index.labels,
            model,
            e5_encoder(),
            progress=semantic_progress,
            names_progress=e5_progress,
        )
        meaning.vectors.save(directory)
        if meaning.e5_vectors is not None:
            meaning.e5_vectors.save(directory)
    facts = {
        key: (kind, isco, regulated, reference or "")
        for key, kind, isco, regulated, reference in Occupation.objects.values_list(
            "key", "kind", "isco_code", "regulated", "reference__key"
        )
    }
    (directory / FACTS_FILE).write_text(json.dumps(facts), encoding="utf-8")
    (directory / FINGERPRINT_FILE).write_text(json.dumps(catalogue_fingerprint()), "utf-8")
    return index


def catalogue_fingerprint() -> list[int]:
    """Changes whenever labels or occupations are added or removed: tells a stale index."""
    labels = OccupationLabel.objects.aggregate(count=Count("id"), last=Max("id"))
    return [Occupation.objects.count(), labels["count"], labels["last"] or 0]


def broader_concepts() -> dict[str, str]:
    """Concept key -> the key of its broader concept (ESCO hierarchy, ISCO groups)."""
    rows = Occupation.objects.filter(broader__isnull=False).values_list("key", "broader__key")
    return dict(rows)


def group_concepts() -> set[str]:
    """The keys of the ISCO groups: classes of occupations, not occupations."""
    return set(Occupation.objects.filter(kind=OccupationKind.ISCO).values_list("key", flat=True))


@dataclass(frozen=True)
class Loaded:
    built: tuple[str, int]  # the index's marker file and when it was written
    index: OccupationIndex
    facts: Facts
    meaning: semantic.Meaning | None  # None: lexical search only
    # Filters -> the concepts they admit, worked out once per filter, not per keystroke
    allowed: dict[tuple[Filters, bool], set[str]] = field(default_factory=dict, compare=False)

    def admitted(self, filters: Filters, *, through_reference: bool = False) -> set[str]:
        """Concepts the filters admit; with ``through_reference`` also those whose German
        reference occupation they admit."""
        cache_key = (filters, through_reference)
        if cache_key not in self.allowed:
            self.allowed[cache_key] = {
                key
                for key, fact in self.facts.items()
                if filters.admits(fact)
                or (
                    through_reference
                    and fact[3] in self.facts
                    and filters.admits(self.facts[fact[3]])
                )
            }
        return self.allowed[cache_key]


def _load() -> Loaded | None:
    global _loaded
    marker = index_directory() / FACTS_FILE
    if not marker.exists():
        return None
    built = (str(marker), marker.stat().st_mtime_ns)
    with _lock:
        if _loaded is None or _loaded.built != built:
            try:
                index = OccupationIndex.load(index_directory())
            except ValueError as error:  # written by an older version
                logger.error("occupation search index not loaded: %s", error)
                return None
            _loaded = Loaded(
                built=built,
                index=index,
                facts={k: _fact(*v) for k, v in json.loads(marker.read_text("utf-8")).items()},
                meaning=_meaning(),
            )
        return _loaded


def _meaning() -> semantic.Meaning | None:
    """The semantic layer saved beside the index, where its models are installed and on."""
    model, e5_model = encoder(), e5_encoder()
    vectors = semantic.LabelVectors.load(index_directory()) if model else None
    if model is None or vectors is None:
        return None
    e5_vectors = e5.ConceptVectors.load(index_directory(), e5_model) if e5_model else None
    return semantic.Meaning(model, vectors, e5_vectors)


def _rank(loaded: Loaded, query: str, limit: int, allowed: set[str] | None) -> list[Hit]:
    """Lexical ranking, fused with the semantic one where the models and vectors exist."""
    return semantic.search(loaded.index, loaded.meaning, query, limit=limit, allowed=allowed)


def _fact(kind: str, isco: str, regulated: bool | None, reference: str = "") -> Fact:
    return (kind, isco, regulated, reference)


def index_exists() -> bool:
    """Whether a search index is there that this version can load, with the label vectors
    where the semantic model is on."""
    directory = index_directory()
    return (
        (directory / FACTS_FILE).exists()
        and OccupationIndex.is_current(directory)
        and (encoder() is None or semantic.LabelVectors.is_current(directory))
    )


def index_needs_rebuild() -> bool:
    """No index, or one written by an older version, before the catalogue last changed, or
    without the label vectors the semantic search needs."""
    directory = index_directory()
    fingerprint = directory / FINGERPRINT_FILE
    return (
        not (directory / FACTS_FILE).exists()
        or not OccupationIndex.is_current(directory)
        or not fingerprint.exists()
        or json.loads(fingerprint.read_text("utf-8")) != catalogue_fingerprint()
        or (encoder() is not None and not semantic.LabelVectors.is_current(directory))
    )


def index_status() -> str:
    """One line for operators: is there a search index, how big, how old."""
    facts = index_directory() / FACTS_FILE
    if not facts.exists():
        return "no search index: run lotse occupations import-esco PATH… (or build-index)"
    if not OccupationIndex.is_current(index_directory()):
        return "search index WRITTEN BY AN OLDER VERSION: run lotse occupations build-index"
    concepts = len(json.loads(facts.read_text("utf-8")))
    built = datetime.fromtimestamp(facts.stat().st_mtime).astimezone()
    size = sum(f.stat().st_size for f in index_directory().iterdir()) / 2**20
    if encoder() is None:
        meaning = "lexical only: semantic model not installed or switched off"
    elif semantic.LabelVectors.is_current(index_directory()):
        meaning = f"lexical + semantic ({semantic.MODEL_NAME}"
        second = e5_encoder()
        if (index_directory() / e5.VECTORS_FILE).exists() and second:
            meaning += f"; second model: {e5.MODEL_NAME}, run by {e5.engine_name(second)}"
        meaning += ")"
    else:
        meaning = (
            "lexical only: NO LABEL VECTORS (built without the semantic model or by an older "
            "version): run lotse occupations build-index"
        )
    fingerprint = index_directory() / FINGERPRINT_FILE
    stale = (
        not fingerprint.exists()
        or json.loads(fingerprint.read_text("utf-8")) != catalogue_fingerprint()
    )
    return (
        f"search index of {concepts} concepts, {size:.0f} MB, built {built:%Y-%m-%d %H:%M}; "
        f"{meaning}"
        + ("; OLDER THAN THE CATALOGUE: run lotse occupations build-index" if stale else "")
    )


def loaded_index() -> Loaded | None:
    """The index with its semantic layer, as searches use it (None when none is built)."""
    return _load()


def warm_up() -> bool:
    """Load the index before the first query (servers call this at start). True if loaded."""
    return _load() is not None


@dataclass(frozen=True)
class Result:
    id: int
    key: str
    title: str
    kind: str
    kind_label: str
    isco_code: str
    matched_label: str
    matched_language: str
    score: float
    # The German reference occupation an ESCO hit leads to (recognition needs it), if any.
    reference_id: int | None = None
    reference_title: str = ""
    # When a reference occupation was found through a linked ESCO concept: that concept's key.
    found_via: str = ""


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()  # empty: every kind
    isco_prefix: str = ""
    regulated: bool | None = None

    def admits(self, fact: Fact) -> bool:
        kind, isco, regulated, _ = fact
        return (
            (not self.kinds or kind in self.kinds)
            and isco.startswith(self.isco_prefix)
            and (self.regulated is None or regulated is self.regulated)
        )

    @property
    def reference_only(self) -> bool:
        return bool(self.kinds) and self.kinds <= REFERENCE_KINDS


# A reference occupation found through an ESCO concept ranks a little below an equally good
# direct match on its own titles.
INDIRECT_MATCH_FACTOR = 0.97
# Reference occupations scoring below this share of the best one are noise (distant n-gram
# overlaps through some ESCO label), not alternatives worth showing.
RELATIVE_CUTOFF = 0.4


def _reference_hits(
    loaded: Loaded, query: str, limit: int, filters: Filters
) -> list[tuple[Hit, str]]:
    """Reference occupations, ranked by their own titles and by the ESCO concepts linked to them
    (so a query in any language ESCO covers reaches them)."""
    facts = loaded.facts
    allowed = loaded.admitted(filters, through_reference=True)
    best: dict[str, tuple[Hit, str]] = {}
    for hit in _rank(loaded, query, limit * 5 + 20, allowed):
        target, via = hit.concept, ""
        if not filters.admits(facts[hit.concept]):
            target, via = facts[hit.concept][3], hit.concept
            hit = replace(hit, score=hit.score * INDIRECT_MATCH_FACTOR)
        if target not in best or best[target][0].score < hit.score:
            best[target] = (replace(hit, concept=target), via)
    ranked = sorted(best.values(), key=lambda pair: -pair[0].score)[:limit]
    if not ranked:
        return []
    return [pair for pair in ranked if pair[0].score >= RELATIVE_CUTOFF * ranked[0][0].score]


def search(
    query: str, *, language: str = "de", limit: int = 10, filters: Filters | None = None
) -> list[Result]:
    """Ranked occupations for what someone typed. Empty when no index has been built yet."""
    loaded = _load()
    if loaded is None or not query.strip():
        return []
    facts = loaded.facts
    if filters and filters.reference_only:
        hits = _reference_hits(loaded, query, limit, filters)
    else:
        allowed = loaded.admitted(filters) if filters else None
        hits = [(hit, "") for hit in _rank(loaded, query, limit, allowed)]
    keys = [hit.concept for hit, _ in hits]
    keys += [facts[key][3] for key in keys if facts[key][3]]
    occupations = Occupation.objects.prefetch_related("labels").in_bulk(keys, field_name="key")
    return [
        _result(hit, via, occupations, facts, language)
        for hit, via in hits
        if hit.concept in occupations
    ]


def _result(
    hit: Hit, via: str, occupations: dict[str, Occupation], facts: Facts, language: str
) -> Result:
    occupation = occupations[hit.concept]
    reference = occupations.get(facts[hit.concept][3])
    return Result(
        id=occupation.pk,
        key=hit.concept,
        title=occupation.title(language),
        kind=occupation.kind,
        kind_label=str(OccupationKind(occupation.kind).label),
        isco_code=occupation.isco_code,
        matched_label=hit.label,
        matched_language=hit.language,
        score=hit.score,
        reference_id=reference.pk if reference else None,
        reference_title=reference.title(language) if reference else "",
        found_via=via,
    )


def attribution(results: list[Result]) -> str:
    """The ESCO attribution, required wherever ESCO data is shown."""
    esco = {OccupationKind.ESCO, OccupationKind.ISCO}
    shown = any(r.kind in esco or r.found_via for r in results)
    return ESCO_ATTRIBUTION if shown else ""
