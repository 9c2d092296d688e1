"""Occupation search for the web UI, the API and the CLI, on top of the pure engine.

The index is built from the catalogue after an import, saved under ``LOTSE_DATA_DIR``, and
loaded once per process (again when a newer build appears on disk).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings

from lotse.occupations.engine import Label, OccupationIndex
from lotse.occupations.models import (
    ESCO_ATTRIBUTION,
    Occupation,
    OccupationKind,
    OccupationLabel,
)

_lock = threading.Lock()
# key -> (kind, ISCO code, regulated): what the filters need, without a database query
Facts = dict[str, tuple[str, str, bool | None]]
_loaded: tuple[float, OccupationIndex, Facts] | None = None
FACTS_FILE = "concepts.json"


def index_directory() -> Path:
    return Path(settings.DATA_DIR) / "occupation-index"


def build_index(*, progress: Callable[[int], None] | None = None) -> OccupationIndex:
    """Index every label of the catalogue and save the index (replacing the previous one)."""
    rows = OccupationLabel.objects.values_list("occupation__key", "text", "language", "kind")
    index = OccupationIndex.build(
        (Label(*row) for row in rows.iterator(chunk_size=5000)), progress=progress
    )
    directory = index_directory()
    index.save(directory)
    facts = {
        key: (kind, isco, regulated)
        for key, kind, isco, regulated in Occupation.objects.values_list(
            "key", "kind", "isco_code", "regulated"
        )
    }
    (directory / FACTS_FILE).write_text(json.dumps(facts), encoding="utf-8")
    return index


def _load() -> tuple[OccupationIndex, Facts] | None:
    global _loaded
    marker = index_directory() / FACTS_FILE
    if not marker.exists():
        return None
    built = marker.stat().st_mtime
    with _lock:
        if _loaded is None or _loaded[0] != built:
            index = OccupationIndex.load(index_directory())
            facts = {k: tuple(v) for k, v in json.loads(marker.read_text("utf-8")).items()}
            _loaded = (built, index, facts)  # type: ignore[assignment]
        return _loaded[1], _loaded[2]


def index_status() -> str:
    """One line for operators: is there a search index, how big, how old."""
    facts = index_directory() / FACTS_FILE
    if not facts.exists():
        return "no search index: run lotse occupations import-esco PATH… (or build-index)"
    concepts = len(json.loads(facts.read_text("utf-8")))
    built = datetime.fromtimestamp(facts.stat().st_mtime).astimezone()
    size = sum(f.stat().st_size for f in index_directory().iterdir()) / 2**20
    return f"search index of {concepts} concepts, {size:.0f} MB, built {built:%Y-%m-%d %H:%M}"


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


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()  # empty: every kind
    isco_prefix: str = ""
    regulated: bool | None = None

    def admits(self, kind: str, isco: str, regulated: bool | None) -> bool:
        return (
            (not self.kinds or kind in self.kinds)
            and isco.startswith(self.isco_prefix)
            and (self.regulated is None or regulated is self.regulated)
        )


def search(
    query: str, *, language: str = "de", limit: int = 10, filters: Filters | None = None
) -> list[Result]:
    """Ranked occupations for what someone typed. Empty when no index has been built yet."""
    loaded = _load()
    if loaded is None or not query.strip():
        return []
    index, facts = loaded
    allowed = {key for key, fact in facts.items() if filters.admits(*fact)} if filters else None
    hits = index.search(query, limit=limit, allowed=allowed)
    occupations = Occupation.objects.prefetch_related("labels").in_bulk(
        [hit.concept for hit in hits], field_name="key"
    )
    labels = dict(OccupationKind.choices)
    return [
        Result(
            id=occupations[hit.concept].pk,
            key=hit.concept,
            title=occupations[hit.concept].title(language),
            kind=occupations[hit.concept].kind,
            kind_label=str(labels[occupations[hit.concept].kind]),
            isco_code=occupations[hit.concept].isco_code,
            matched_label=hit.label,
            matched_language=hit.language,
            score=hit.score,
        )
        for hit in hits
        if hit.concept in occupations
    ]


def attribution(results: list[Result]) -> str:
    """The ESCO attribution, required wherever ESCO data is shown."""
    esco = {OccupationKind.ESCO, OccupationKind.ISCO}
    return ESCO_ATTRIBUTION if any(r.kind in esco for r in results) else ""
