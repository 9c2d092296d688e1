"""Ranking free job titles for a query title: a list that is not the catalogue, such as the
titles of job openings or of CVs.

A title is compared with the query directly (an index of the titles themselves) and through
the catalogue: the query and every title are searched in the catalogue, and a title found to
mean the same occupations as the query ranks higher. "Briefträger" and "Postmeisterin" share
few letters, but the catalogue finds both near the postman. TalentCLEF 2025 task A validation
MAP (de / en / es): 0.358 / 0.513 / 0.424 directly, 0.411 / 0.532 / 0.446 with the catalogue
(benchmarks/occupation_search.py --only talentclef). The choices below were measured against
the product's catalogue (ESCO and the German reference occupations).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping

from lotse.occupations.engine.index import Hit

# A searcher answers a query with its best hits, as many as asked for.
Searcher = Callable[[str, int], list[Hit]]

# Catalogue concepts that describe a title. TalentCLEF de MAP with 10, 30, 50: 0.402, 0.409, 0.407.
CATALOGUE_HITS = 30
# Concept scores are raised to this power before a title's profile is normalised, so that its
# best concepts count most (de MAP with 1, 2, 3, 5: 0.393, 0.401, 0.409, 0.412).
SHARPNESS = 3
# Weight of the shared concepts beside the direct score (de / en / es MAP with 2: 0.407 / 0.532
# / 0.446; with 4: 0.410 / 0.530 / 0.445; the catalogue alone: 0.397 in German).
CATALOGUE_WEIGHT = 3.0


def concept_profile(hits: list[Hit]) -> dict[str, float]:
    """The concepts a title is found to mean, as a unit vector of sharpened scores."""
    weights = {hit.concept: hit.score**SHARPNESS for hit in hits}
    norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
    return {concept: weight / norm for concept, weight in weights.items()}


class TitleRanker:
    """``direct`` searches an index of the titles (each title's id is its concept);
    ``catalogue`` searches the occupation catalogue."""

    def __init__(
        self,
        titles: Mapping[str, str],
        *,
        direct: Searcher,
        catalogue: Searcher,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.direct, self.catalogue = direct, catalogue
        self.titles_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for done, (title_id, title) in enumerate(titles.items(), start=1):
            for concept, weight in concept_profile(catalogue(title, CATALOGUE_HITS)).items():
                self.titles_of[concept].append((title_id, weight))
            if progress:
                progress(done)

    def rank(self, query: str, *, limit: int = 10) -> list[tuple[str, float]]:
        """The best titles (ids) for the query, best first, with their scores."""
        scores: dict[str, float] = defaultdict(float)
        for hit in self.direct(query, limit):
            scores[hit.concept] = hit.score
        for concept, weight in concept_profile(self.catalogue(query, CATALOGUE_HITS)).items():
            for title_id, title_weight in self.titles_of.get(concept, ()):
                scores[title_id] += CATALOGUE_WEIGHT * weight * title_weight
        ranked = sorted(scores.items(), key=lambda item: -item[1])[:limit]
        return [(title_id, round(score, 4)) for title_id, score in ranked]
