"""Reads for the navigator: the question from what a person entered, and the answer.

Everything here is public reference data (occupations, places, authorities, counselling
organisations); nothing personal is read or stored. A value that cannot be read raises
``InvalidQuestion`` naming the field and the value, so the page, the API and the CLI refuse it
instead of guessing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse import permissions, places
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.hooks import SMALL_CELL
from lotse.network import selectors as network
from lotse.occupations import search as occupation_search
from lotse.occupations.models import REFERENCE_KINDS, Occupation
from lotse.participants.models import Participant, Qualification
from lotse.permissions import Actor
from lotse.places.countries import is_country
from lotse.recognition.engine import deadlines, navigator
from lotse.recognition.engine.rules import rule_book
from lotse.recognition.models import (
    Difference,
    Funding,
    Outcome,
    RecognitionCase,
    RecognitionPause,
)
from lotse.recognition.policies import statistics_organisations

# Candidates shown for a typed occupation: the best reference occupations, like the search.
CANDIDATES = 3
# Below this search score the hit is a guess (typing noise matches something); the navigator
# then asks for the occupation again rather than answering for a wrong one.
MINIMUM_SCORE = 0.6
# Candidates well below the best one are other occupations, not readings of what was typed.
RELATIVE_SCORE = 0.75
POSTCODE_FIRST = re.compile(r"(\d{5})\b\s*,?\s*(.*)")


class InvalidQuestion(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def engine_occupation(occupation: Occupation, language: str) -> navigator.Occupation:
    return navigator.Occupation(
        id=occupation.pk,
        key=occupation.key,
        title=occupation.title(language),
        kind=occupation.kind,
        bodies=tuple(occupation.competent_body_codes),
        regulation=occupation.regulation,
        regulated=occupation.regulated,
        legal_basis=occupation.legal_basis,
    )


def _reference(occupation: Occupation) -> Occupation | None:
    if occupation.kind in REFERENCE_KINDS:
        return occupation
    return occupation.reference


def reference_occupations(*, query: str, language: str) -> tuple[navigator.Occupation, ...]:
    """The reference occupations for an id, a catalogue key or what someone typed."""
    value = query.strip()
    if not value:
        raise InvalidQuestion("occupation", _("Enter an occupation."))
    exact = Occupation.objects.select_related("reference").prefetch_related("labels")
    found = None
    if value.isdigit() and len(value) <= 12:
        found = exact.filter(pk=int(value)).first()
    elif ":" in value:
        found = exact.filter(key=value).first()
    if found is not None:
        reference = _reference(found)
        if reference is not None:
            return (engine_occupation(reference, language),)
        raise InvalidQuestion(
            "occupation",
            _("“%(value)s” is not linked to a German reference occupation.") % {"value": value},
        )
    filters = occupation_search.Filters(kinds=frozenset(REFERENCE_KINDS))
    results = occupation_search.search(value, language=language, limit=CANDIDATES, filters=filters)
    if results and results[0].score < MINIMUM_SCORE:
        results = []
    results = [r for r in results if r.score >= RELATIVE_SCORE * results[0].score]
    by_id = exact.in_bulk([result.id for result in results])
    candidates = tuple(engine_occupation(by_id[r.id], language) for r in results if r.id in by_id)
    if not candidates:
        raise InvalidQuestion(
            "occupation", _("No occupation was found for “%(value)s”.") % {"value": value[:200]}
        )
    return candidates


def _place_location(place: places.Place) -> navigator.Location:
    label = f"{place.postcode} {place.municipality}"
    if place.state:
        label = f"{label} ({place.district}, {place.state})"
    return navigator.Location(
        state_code=place.state_code, district_code=place.district_code, label=label
    )


def _municipality_place(name: str) -> places.Place | None:
    """The municipality of that name; of several, the one with the most postcodes (the city)."""
    found = places.places_named(name)
    if not found:
        return None
    by_district: dict[str, list[places.Place]] = {}
    for place in found:
        by_district.setdefault(place.district_code, []).append(place)
    return max(by_district.values(), key=len)[0]


def place_for(*, place: str) -> places.Place:
    """A postcode, "postcode municipality" or a municipality's name; raises ``InvalidQuestion``."""
    value = place.strip()
    match = POSTCODE_FIRST.fullmatch(value)
    if match:
        try:
            return places.place_for(match.group(1), match.group(2))
        except places.UnknownPostcode:
            raise InvalidQuestion(
                "place", _("“%(value)s” is not a German postcode.") % {"value": match.group(1)}
            ) from None
    if value.isdigit():
        raise InvalidQuestion(
            "place", _("“%(value)s” is not a German postcode.") % {"value": value[:20]}
        )
    found = _municipality_place(value) if value else None
    if found is None:
        raise InvalidQuestion(
            "place",
            _("No German municipality or postcode “%(value)s” is known.") % {"value": value[:200]},
        )
    return found


def state_location(*, state: str) -> navigator.Location:
    code = state.strip().upper()
    if not code:
        raise InvalidQuestion("place", _("Enter a postcode, a municipality or a federal state."))
    if code not in navigator.STATE_AGS:
        raise InvalidQuestion(
            "state",
            _("“%(value)s” is not a German federal state (use DE-MV, DE-NW, …).")
            % {"value": state[:20]},
        )
    return navigator.Location(state_code=code, label=state_name(code))


def state_name(code: str) -> str:
    return str(dict(state_choices()).get(code, code))


def state_choices() -> list[tuple[str, str]]:
    return [
        ("DE-BW", _("Baden-Württemberg")),
        ("DE-BY", _("Bavaria")),
        ("DE-BE", _("Berlin")),
        ("DE-BB", _("Brandenburg")),
        ("DE-HB", _("Bremen")),
        ("DE-HH", _("Hamburg")),
        ("DE-HE", _("Hesse")),
        ("DE-MV", _("Mecklenburg-Western Pomerania")),
        ("DE-NI", _("Lower Saxony")),
        ("DE-NW", _("North Rhine-Westphalia")),
        ("DE-RP", _("Rhineland-Palatinate")),
        ("DE-SL", _("Saarland")),
        ("DE-SN", _("Saxony")),
        ("DE-ST", _("Saxony-Anhalt")),
        ("DE-SH", _("Schleswig-Holstein")),
        ("DE-TH", _("Thuringia")),
    ]


def answer_language(code: str) -> str:
    """A language the answer can be given in; raises ``InvalidQuestion`` for others."""
    languages = dict(settings.LANGUAGES)
    if code not in languages:
        raise InvalidQuestion(
            "lang",
            _("“%(value)s” is not a language of Lotse (%(choices)s).")
            % {"value": code[:20], "choices": ", ".join(languages)},
        )
    return code


def country_code(*, country: str) -> str:
    code = country.strip().upper()
    if len(code) != 2 or not is_country(code):
        raise InvalidQuestion(
            "country",
            _("“%(value)s” is not a country code (ISO 3166-1, for example SY or UA).")
            % {"value": country[:20]},
        )
    return code


@dataclass(frozen=True)
class CounsellingOffer:
    name: str
    city: str
    website: str
    network: str
    distance_km: int | None


def _organisation_place(city: str, postcode: str) -> places.Place | None:
    if postcode and places.is_known(postcode):
        return places.place_for(postcode, city)
    return _municipality_place(city) if city else None


def counselling_offers(
    *, location: navigator.Location, near: places.Place | None, limit: int = 3
) -> list[CounsellingOffer]:
    """The network's organisations with recognition counselling, the nearest first."""
    offers = []
    for organisation in network.recognition_counselling_organisations():
        where = _organisation_place(organisation.city, organisation.postcode)
        distance = round(places.distance_km(near, where)) if near and where else None
        in_state = where is not None and where.state_code == location.state_code
        offers.append(
            (
                (distance if distance is not None else 10_000, not in_state, organisation.name),
                CounsellingOffer(
                    name=organisation.name,
                    city=organisation.city,
                    website=organisation.website,
                    network=organisation.network.short_name,
                    distance_km=distance,
                ),
            )
        )
    return [offer for _, offer in sorted(offers, key=lambda pair: pair[0])[:limit]]


@dataclass(frozen=True)
class Answer:
    advice: navigator.Advice
    offers: list[CounsellingOffer]
    language: str


def advice(
    *,
    occupation: str,
    country: str,
    place: str = "",
    state: str = "",
    academic: bool = False,
    documents_complete: bool = True,
    language: str = "de",
) -> Answer:
    """The navigator's answer; raises ``InvalidQuestion`` for the first unreadable value (the
    country and the place first: they need no database)."""
    country_iso = country_code(country=country)
    near = place_for(place=place) if place.strip() else None
    location = _place_location(near) if near else state_location(state=state)
    occupations = reference_occupations(query=occupation, language=language)
    question = navigator.Question(
        occupations=occupations,
        location=location,
        country=country_iso,
        academic=academic,
        documents_complete=documents_complete,
    )
    return Answer(
        advice=navigator.advise(rule_book(), question),
        offers=counselling_offers(location=location, near=near),
        language=language,
    )


# Recognition procedures of case files (personal data: every read goes through the policies).


def engine_procedure(procedure: RecognitionCase) -> deadlines.Procedure:
    pauses = procedure.pauses.all() if procedure.pk else []
    return deadlines.Procedure(
        submitted_on=procedure.submitted_on,
        receipt_confirmed_on=procedure.receipt_confirmed_on,
        file_complete_on=procedure.file_complete_on,
        decided_on=procedure.decided_on,
        accelerated=procedure.accelerated,
        eu_qualification=procedure.eu_qualification,
        extension_months=procedure.extension_months,
        pauses=tuple(deadlines.Pause(p.kind, p.started_on, p.ended_on) for p in pauses),
    )


@dataclass(frozen=True)
class DeadlineView:
    kind: str  # receipt, decision
    due_on: date | None
    done_on: date | None
    state: str
    days_left: int | None


@dataclass(frozen=True)
class ProcedureView:
    procedure: RecognitionCase
    deadlines: tuple[DeadlineView, ...]
    cost_warning: bool
    duration_days: int | None

    @property
    def urgent(self) -> tuple[DeadlineView, ...]:
        return tuple(d for d in self.deadlines if d.state in {"overdue", "due_soon"})


def cost_warning(procedure: RecognitionCase) -> bool:
    """Costs arose before the funding was applied for: the grant and most funders pay nothing
    for costs incurred before the application."""
    if procedure.funding in {"", Funding.SELF} or procedure.first_cost_on is None:
        return False
    applied = procedure.funding_applied_on
    return applied is None or procedure.first_cost_on < applied


def view_of(procedure: RecognitionCase, today: date | None = None) -> ProcedureView:
    today = today or timezone.localdate()
    timeline = deadlines.timeline(engine_procedure(procedure)) if procedure.is_open else ()
    shown = tuple(
        DeadlineView(
            kind=d.kind,
            due_on=d.due_on,
            done_on=d.done_on,
            state=d.state(today),
            days_left=(d.due_on - today).days if d.due_on and not d.done_on else None,
        )
        for d in timeline
    )
    duration = None
    if procedure.submitted_on and procedure.decided_on:
        duration = (procedure.decided_on - procedure.submitted_on).days
    return ProcedureView(procedure, shown, cost_warning(procedure), duration)


def _procedures(actor: Actor, action: str) -> QuerySet[RecognitionCase]:
    queryset = RecognitionCase.objects.select_related(
        "participant", "qualification", "occupation", "adaptation_step"
    ).prefetch_related("pauses", "differences", "occupation__labels")
    return permissions.visible(actor, action, queryset)


def procedures_of(*, actor: Actor, participant: Participant) -> list[ProcedureView]:
    """The procedures of a case the actor has opened (the case read is audited there)."""
    return [
        view_of(p) for p in _procedures(actor, permissions.VIEW).filter(participant=participant)
    ]


def procedure_for_view(*, actor: Actor, procedure_id: int) -> ProcedureView:
    procedure = permissions.get_or_404(
        actor, permissions.VIEW, _procedures(actor, permissions.VIEW), pk=procedure_id
    )
    audit(
        actor=actor,
        action=AuditAction.VIEW,
        target=procedure,
        label=procedure.participant.reference,
    )
    return view_of(procedure)


def procedure_for_change(*, actor: Actor, procedure_id: int) -> RecognitionCase:
    return permissions.get_or_404(
        actor, permissions.CHANGE, _procedures(actor, permissions.CHANGE), pk=procedure_id
    )


def part_for_change(
    *,
    actor: Actor,
    model: type[RecognitionPause] | type[Difference],
    procedure: RecognitionCase,
    part_id: int,
) -> Any:
    return permissions.get_or_404(
        actor, permissions.CHANGE, model.objects.filter(recognition=procedure), pk=part_id
    )


def deadlines_due(*, actor: Actor, today: date | None = None) -> list[ProcedureView]:
    """Open procedures of the actor's cases with a deadline overdue or within two weeks,
    the most pressing first (for the counsellor's dashboard)."""
    today = today or timezone.localdate()
    views = [
        view_of(p, today)
        for p in _procedures(actor, permissions.VIEW).filter(
            decided_on__isnull=True, withdrawn_on__isnull=True
        )
    ]
    pressing = [v for v in views if v.urgent]
    return sorted(pressing, key=lambda v: min(d.due_on or today for d in v.urgent))


def qualifications_of(*, participant: Participant) -> list[Qualification]:
    """The qualifications of a case already opened, with their reference occupations."""
    return list(
        Qualification.objects.filter(participant=participant).prefetch_related(
            "occupations__labels"
        )
    )


def suggested_authority(
    *, participant: Participant, qualification: Qualification, occupation: Occupation, language: str
) -> navigator.Candidate:
    """The navigator's answer for this person: their postcode's district, or their state."""
    location = navigator.Location(
        state_code=participant.state_code or "",
        district_code=participant.district_code or "",
        label=participant.postcode,
    )
    question = navigator.Question(
        occupations=(engine_occupation(occupation, language),),
        location=location,
        country=qualification.country,
        academic=qualification.kind == "academic",
    )
    return navigator.advise(rule_book(), question).candidates[0]


def authority_choices() -> list[tuple[str, str]]:
    authorities = rule_book().authorities.values()
    return sorted(((a.key, f"{a.name} ({a.city})") for a in authorities), key=lambda c: c[1])


@dataclass(frozen=True)
class Statistics:
    total: int
    by_occupation: list[tuple[str, int]]
    by_authority: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    by_duration: list[tuple[str, int]]
    median_days: int | None


def _duration_band(days: int) -> str:
    for limit, label in DURATION_BANDS:
        if days <= limit:
            return str(label)
    return str(DURATION_BANDS[-1][1])


DURATION_BANDS = (
    (92, gettext_lazy("up to 3 months")),
    (183, gettext_lazy("3 to 6 months")),
    (365, gettext_lazy("6 to 12 months")),
    (10**6, gettext_lazy("more than 12 months")),
)


def statistics(*, actor: Actor, language: str) -> Statistics:
    """Counts of procedures in the actor's networks (coordinators, researchers) or
    organisations (admins): no case, no name; the page hides counts below five."""
    networks, organisations = statistics_organisations(actor)
    procedures = RecognitionCase.objects.filter(
        Q(participant__organisation__network_id__in=networks)
        | Q(participant__organisation_id__in=organisations)
    ).select_related("occupation")
    occupations: Counter[str] = Counter()
    authorities: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    durations: Counter[str] = Counter()
    days: list[int] = []
    outcome_names = dict(Outcome.choices)
    labels: dict[int, str] = {}
    for procedure in procedures.prefetch_related("occupation__labels"):
        occupation = procedure.occupation
        labels.setdefault(occupation.pk, occupation.title(language))
        occupations[labels[occupation.pk]] += 1
        authorities[procedure.authority_name or procedure.authority_key] += 1
        if procedure.withdrawn_on:
            outcomes[str(gettext_lazy("withdrawn"))] += 1
        elif procedure.outcome:
            outcomes[str(outcome_names[procedure.outcome])] += 1
        else:
            outcomes[str(gettext_lazy("open"))] += 1
        if procedure.decided_on and procedure.submitted_on:
            took = (procedure.decided_on - procedure.submitted_on).days
            days.append(took)
            durations[_duration_band(took)] += 1
    band_order = [str(label) for _, label in DURATION_BANDS]
    return Statistics(
        total=sum(occupations.values()),
        by_occupation=occupations.most_common(),
        by_authority=authorities.most_common(),
        by_outcome=outcomes.most_common(),
        by_duration=[(band, durations[band]) for band in band_order if durations[band]],
        median_days=int(median(days)) if len(days) >= SMALL_CELL else None,
    )


def chamber_of_crafts(*, state_code: str, district_code: str) -> str:
    """The name of the chamber of crafts whose district a place lies in ("" when unknown)."""
    book = rule_book()
    crafts = navigator.rule_for(
        book, navigator.Occupation(0, "", "", "training", ("hwk",)), body="hwk"
    )
    if crafts is None or not district_code:
        return ""
    question = navigator.Question((), navigator.Location(state_code, district_code), "DE")
    found = navigator.resolve_authority(book, crafts.competence, question).authority
    return found.name if found else ""
