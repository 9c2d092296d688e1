"""Reads of the catalogue. It is public reference data without personal data."""

from __future__ import annotations

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


def attribution_for(occupation: Occupation) -> str:
    return ESCO_ATTRIBUTION if occupation.kind in {OccupationKind.ESCO, OccupationKind.ISCO} else ""
