"""Reads for the navigator: the question from what a person entered, and the answer.

Everything here is public reference data (occupations, places, authorities, counselling
organisations); nothing personal is read or stored. A value that cannot be read raises
``InvalidQuestion`` naming the field and the value, so the page, the API and the CLI refuse it
instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from lotse import places
from lotse.network import selectors as network
from lotse.occupations import search as occupation_search
from lotse.occupations.models import REFERENCE_KINDS, Occupation
from lotse.places.countries import is_country
from lotse.recognition.engine import navigator
from lotse.recognition.engine.rules import rule_book

# Candidates shown for a typed occupation: the best reference occupations, like the search.
CANDIDATES = 3
# Below this search score the hit is a guess (typing noise matches something); the navigator
# then asks for the occupation again rather than answering for a wrong one.
MINIMUM_SCORE = 0.6
# Candidates well below the best one are other occupations, not readings of what was typed.
RELATIVE_SCORE = 0.75
STATE_CODE = re.compile(r"DE-[A-Z]{2}")
POSTCODE_FIRST = re.compile(r"(\d{5})\b\s*,?\s*(.*)")


class InvalidQuestion(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _engine_occupation(occupation: Occupation, language: str) -> navigator.Occupation:
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
            return (_engine_occupation(reference, language),)
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
    candidates = tuple(_engine_occupation(by_id[r.id], language) for r in results if r.id in by_id)
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
