from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from lotse.ids import ApiId
from lotse.occupations import search as occupation_search
from lotse.occupations import selectors
from lotse.occupations.models import REFERENCE, OccupationKind, kinds_for

router = Router(tags=["occupations"])

KIND_CHOICES = "esco, isco, training, regulated, academic, reference (all German reference kinds)"


class SearchParameters(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="what the person typed")
    lang: str = Field("de", max_length=8, description="language of the returned titles")
    limit: int = Field(10, ge=1, le=50)
    kind: str | None = Field(None, description=f"only this kind: {KIND_CHOICES}")
    isco: str = Field("", max_length=4, pattern=r"^\d{0,4}$", description="ISCO-08 group prefix")
    regulated: bool | None = Field(None, description="only regulated (true) or not (false)")


class OccupationHit(Schema):
    id: int
    key: str
    title: str
    kind: str
    kind_label: str
    isco_code: str
    matched_label: str
    matched_language: str
    score: float
    reference_id: int | None = Field(
        None, description="the German reference occupation this ESCO occupation leads to"
    )
    reference_title: str = ""
    found_via: str = Field(
        "", description="for a reference occupation found through a linked ESCO concept: its key"
    )


class SearchResponse(Schema):
    query: str
    results: list[OccupationHit]
    attribution: str


class LabelOut(Schema):
    language: str
    text: str
    kind: str


class OccupationOut(Schema):
    id: int
    key: str
    kind: str
    code: str
    isco_code: str
    kldb_code: str
    regulated: bool | None
    broader_key: str | None
    descriptions: dict[str, str]
    labels: list[LabelOut]
    legal_basis: str
    competent_body: list[str] = Field(description="kinds of competent body, codes")
    duration_months: int | None
    regulation: str
    regulation_level: str
    reference_id: int | None = Field(description="the German reference occupation, for ESCO")
    source: str
    recorded: date | None
    attribution: str


def _kinds(kind: str | None) -> frozenset[str]:
    if kind is None:
        return frozenset()
    if kind != REFERENCE and kind not in OccupationKind.values:
        raise HttpError(422, f"kind must be one of: {KIND_CHOICES}")
    return kinds_for(kind)


@router.get(
    "/search",
    response=SearchResponse,
    auth=None,
    summary="Occupations for what someone typed, in any language",
)
def search(request: HttpRequest, params: Query[SearchParameters]) -> SearchResponse:
    filters = occupation_search.Filters(
        kinds=_kinds(params.kind), isco_prefix=params.isco, regulated=params.regulated
    )
    results = occupation_search.search(
        params.q, language=params.lang, limit=params.limit, filters=filters
    )
    return SearchResponse(
        query=params.q,
        results=[OccupationHit(**result.__dict__) for result in results],
        attribution=occupation_search.attribution(results),
    )


@router.get("/{occupation_id}", response=OccupationOut, auth=None, summary="One occupation")
def occupation(request: HttpRequest, occupation_id: ApiId) -> OccupationOut:
    found = selectors.public_occupation(occupation_id=occupation_id)
    return OccupationOut(
        id=found.pk,
        key=found.key,
        kind=found.kind,
        code=found.code,
        isco_code=found.isco_code,
        kldb_code=found.kldb_code,
        regulated=found.regulated,
        broader_key=found.broader.key if found.broader else None,
        descriptions=found.descriptions,
        labels=[
            LabelOut(language=lb.language, text=lb.text, kind=lb.kind) for lb in found.labels.all()
        ],
        legal_basis=found.legal_basis,
        competent_body=found.competent_body_codes,
        duration_months=found.duration_months,
        regulation=found.regulation,
        regulation_level=found.regulation_level,
        reference_id=found.reference_id,
        source=found.source,
        recorded=found.recorded,
        attribution=selectors.attribution_for(found),
    )
