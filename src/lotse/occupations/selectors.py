"""Reads of the catalogue. It is public reference data without personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from lotse.occupations.models import (
    ESCO_ATTRIBUTION,
    REFERENCE_KINDS,
    LabelKind,
    Occupation,
    OccupationKind,
    OccupationLabel,
)


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


def reference_occupation_for(text: str) -> Occupation | None:
    """The German reference occupation an identifier or exact German title names."""
    text = text.strip()
    if not text:
        return None
    references = Occupation.objects.filter(kind__in=REFERENCE_KINDS)
    return (
        references.filter(key=text).first()
        or references.filter(
            labels__language="de", labels__kind=LabelKind.PREFERRED, labels__text__iexact=text
        )
        .distinct()
        .first()
    )


def preferred_titles(lookup: str) -> Prefetch[Any]:
    """Prefetch only the preferred labels along ``lookup`` (what ``Occupation.title`` reads):
    a list of many occupations then loads a handful of rows each, not every synonym."""
    return Prefetch(lookup, queryset=OccupationLabel.objects.filter(kind=LabelKind.PREFERRED))
