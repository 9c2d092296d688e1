"""POST /api/recognition/advice: the navigator's answer for programs (public, nothing stored)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from lotse.recognition import presentation, selectors

router = Router(tags=["recognition"])


class AdviceRequest(Schema):
    occupation: str = Field(
        ..., min_length=1, max_length=200, description="occupation id, catalogue key or title"
    )
    country: str = Field(
        ..., min_length=2, max_length=2, description="ISO 3166-1 code of the training country"
    )
    postcode: str = Field("", max_length=200, description="postcode or municipality of the work")
    state: str = Field("", max_length=5, description="or the federal state, ISO 3166-2 (DE-MV)")
    academic: bool = Field(False, description="a university degree")
    documents_complete: bool = True
    lang: str = Field("de", max_length=8, description="language of the answer")


class Fact(Schema):
    text: str
    source: int = Field(description="index into the candidate's sources")


class Fees(Fact):
    min_eur: int | None
    max_eur: int | None


class Duration(Fact):
    months_min: int | None
    months_max: int | None


class LanguageRequirement(Fact):
    cefr: str


class SourceOut(Schema):
    title: str
    url: str
    checked: str = Field(description="date the source was last checked (YYYY-MM-DD)")
    verified: bool = Field(description="compared with the official page")
    note: str


class AuthorityOut(Schema):
    key: str
    name: str
    address: str
    postcode: str
    city: str
    website: str
    email: str
    phone: str
    verified: bool
    note: str
    source: int = Field(description="index into the candidate's sources")


class OccupationRef(Schema):
    id: int
    key: str
    title: str


class AlsoCompetent(Schema):
    text: str
    authority: AuthorityOut | None


class CandidateOut(Schema):
    occupation: OccupationRef
    kind: str | None
    regulated: bool
    meaning: str
    legal_basis: Fact | None
    authority: AuthorityOut | None
    authority_options: list[AuthorityOut]
    competence_sources: list[int]
    also_competent: list[AlsoCompetent]
    steps: list[Fact]
    documents: list[Fact]
    alternatives: list[Fact]
    funding: list[Fact]
    fees: Fees | None
    duration: Duration | None
    language_requirement: LanguageRequirement | None
    undecided_reason: str | None
    sources: list[SourceOut]


class QuestionOut(Schema):
    place: str
    state: str
    country: str
    academic: bool
    documents_complete: bool
    eu_eea_ch: bool


class Offer(Schema):
    name: str
    city: str
    website: str
    network: str
    distance_km: int | None


class Counselling(Fact):
    offers: list[Offer]


class Finder(Fact):
    url: str


class AdviceResponse(Schema):
    language: str
    question: QuestionOut
    candidates: list[CandidateOut]
    undecided_reason: str | None
    counselling: Counselling
    one_procedure: Fact
    finder: Finder
    sources: list[SourceOut]


class Refusal(Schema):
    field: str
    detail: str


@router.post(
    "/advice",
    response={200: AdviceResponse, 422: Refusal},
    auth=None,
    summary="What applies to recognising a foreign qualification, and who decides",
)
def advice(request: HttpRequest, body: AdviceRequest) -> Any:
    try:
        answer = selectors.advice(
            occupation=body.occupation,
            country=body.country,
            place=body.postcode,
            state=body.state,
            academic=body.academic,
            documents_complete=body.documents_complete,
            language=selectors.answer_language(body.lang),
        )
    except selectors.InvalidQuestion as error:
        return Status(422, Refusal(field=error.field, detail=error.message))
    return Status(200, presentation.answer_data(answer))
