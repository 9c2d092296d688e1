"""Reads of the catalogue. It is public reference data without personal data."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from lotse.occupations.models import ESCO_ATTRIBUTION, Occupation, OccupationKind


def public_occupation(*, occupation_id: int) -> Occupation:
    found = (
        Occupation.objects.select_related("broader", "reference")
        .prefetch_related("labels")
        .filter(pk=occupation_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class LinkedConcept:
    id: int
    title: str


def linked_esco_concepts(*, reference: Occupation, language: str) -> list[LinkedConcept]:
    """The ESCO occupations linked to a German reference occupation, by title."""
    concepts = reference.esco_concepts.prefetch_related("labels")
    return sorted(
        (LinkedConcept(id=c.pk, title=c.title(language)) for c in concepts),
        key=lambda concept: concept.title.lower(),
    )


def attribution_for(occupation: Occupation) -> str:
    """The ESCO attribution where the page shows ESCO data (its own or linked concepts)."""
    if occupation.kind in {OccupationKind.ESCO, OccupationKind.ISCO}:
        return ESCO_ATTRIBUTION
    return ESCO_ATTRIBUTION if occupation.esco_concepts.exists() else ""
