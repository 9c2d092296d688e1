"""Fictional companies for the demo network's business liaison (BQN Emscher-Lippe), spread
over the pipeline so the board, the lists and the reminders show something. Idempotent: a
company of that name already there is left alone."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import cast

from django.db import transaction
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEntry
from lotse.companies import services
from lotse.companies.models import (
    STAGE_ORDER,
    Company,
    Obstacle,
    ObstacleKind,
    Opening,
    OpeningKind,
    StageChange,
    SupportAction,
    SupportKind,
)
from lotse.companies.services import name_key
from lotse.network.models import Organisation
from lotse.occupations.models import REFERENCE_KINDS, Occupation
from lotse.participants import selectors as participants
from lotse.permissions import SYSTEM
from lotse.places import all_places

COMPANIES = [
    # name, postcode, sector, craft, stage, migrant-owned (owner agreed), origin,
    # days to the next contact
    ("Bäckerei Aydın (Beispiel)", "45879", "C", True, "ready", True, "TR", 3),
    ("Kfz-Werkstatt Nowak (Beispiel)", "46236", "G", True, "interested", True, "PL", -2),
    ("Friseursalon Haddad (Beispiel)", "45657", "S", True, "visited", True, "SY", 6),
    ("Elektro Schulte GmbH (Beispiel)", "45768", "F", True, "contacted", False, "", 10),
    ("Hotel Zeche (Beispiel)", "45879", "I", False, "offered", False, "", 1),
    ("Logistik Emscher KG (Beispiel)", "45881", "H", False, "identified", False, "", None),
    ("Pflegedienst Lebensfreude (Beispiel)", "45699", "Q", False, "interested", True, "UA", 14),
    ("Malerbetrieb Kaya (Beispiel)", "45891", "F", True, "filled", True, "TR", None),
    ("Restaurant Ararat (Beispiel)", "46236", "I", False, "identified", True, "AM", 20),
    ("IT-Service Ruhr UG (Beispiel)", "45879", "J", False, "contacted", False, "", 5),
]


@transaction.atomic
def add_companies() -> int:
    organisation = Organisation.objects.filter(slug="bqn-koordination").first()
    if organisation is None:
        return 0
    today = timezone.localdate()
    written = 0
    for index, (name, postcode, sector, craft, stage, migrant, origin, days) in enumerate(
        COMPANIES
    ):
        if Company.objects.filter(organisation=organisation, name=name).exists():
            continue
        company = services.create_company(
            actor=SYSTEM,
            organisation=organisation,
            values={
                "name": name,
                "postcode": postcode,
                "sector": sector,
                "is_craft": craft,
                "size_class": "micro" if craft else "small",
                "owner_data_agreed": migrant,
                "migrant_owned": migrant,
                "owner_origin": origin,
                "next_contact_on": today + timedelta(days=days) if days is not None else None,
                "trains_today": stage == "filled",
            },
            not_a_duplicate=True,
        )
        _history(company, stage, today - timedelta(days=40 + 33 * index))
        written += 1
    return written + _add_portal_company(organisation)


# A reference occupation for each sector of the demo companies.
SECTOR_OCCUPATIONS = {
    "C": "de:training:baecker", "G": "de:training:kraftfahrzeugmechatroniker",
    "S": "de:training:friseur", "F": "de:training:elektroniker", "I": "de:training:hotelfachmann",
    "H": "de:training:fachkraft-fuer-lagerlogistik", "Q": "de:regulated:pflegefachmann",
    "J": "de:training:fachinformatiker",
}  # fmt: skip


def _history(company: Company, stage: str, started: date) -> None:
    """A pipeline walked since ``started``, with an opening once the company is ready, filled
    when it got that far, and an obstacle with the support given against it."""
    StageChange.objects.filter(company=company).update(changed_on=started)
    steps = STAGE_ORDER[1 : STAGE_ORDER.index(stage) + 1]
    for number, step in enumerate(steps, start=1):
        services.move_stage(
            actor=SYSTEM, company=company, stage=step, on=started + timedelta(days=6 * number)
        )
    moved = started + timedelta(days=6 * len(steps))
    removed = stage in {"ready", "offered", "filled"}
    obstacle = services.save_part(
        actor=SYSTEM,
        record=Obstacle(company=company),
        values={"kind": "language" if removed else "no_trainer", "noted_on": started,
                "removed_on": moved if removed else None},
    )  # fmt: skip
    services.save_part(
        actor=SYSTEM,
        record=SupportAction(company=company),
        values={"kind": "language_support" if removed else "aevo_course", "obstacle": obstacle,
                "given_on": started + timedelta(days=3),
                "result": "helped" if removed else "open"},
    )  # fmt: skip
    references = Occupation.objects.filter(kind__in=REFERENCE_KINDS)
    occupation = (
        references.filter(key=SECTOR_OCCUPATIONS.get(company.sector, "")).first()
        or references.order_by("key").first()
    )
    if not removed or occupation is None:
        return
    filled = stage == "filled"
    services.save_part(
        actor=SYSTEM,
        record=Opening(company=company),
        values={"kind": "training", "occupation": occupation, "places": 2 if filled else 1,
                "starts_on": date(moved.year + 1, 8, 1), "published": not filled,
                "status": "filled" if filled else "open", "filled_on": moved if filled else None},
    )  # fmt: skip


PORTAL_COMPANY = "Bäckerei Yılmaz (Beispielbetrieb)"


def _add_portal_company(organisation: Organisation) -> int:
    """The demo network's company user (Bäckerei Yılmaz) sees its company in the portal: a
    training place for bakers, with proposals of people who consented to matching."""
    portal = Organisation.objects.filter(
        network_id=organisation.network_id, slug="baeckerei-yilmaz"
    ).first()
    if portal is None or Company.objects.filter(portal=portal).exists():
        return 0
    company = services.create_company(
        actor=SYSTEM,
        organisation=organisation,
        values={"name": PORTAL_COMPANY, "postcode": "45879", "sector": "C", "is_craft": True,
                "size_class": "micro", "owner_data_agreed": True, "migrant_owned": True,
                "owner_origin": "TR", "owner_languages": ["tr", "de"]},
        not_a_duplicate=True,
    )  # fmt: skip
    services.move_stage(actor=SYSTEM, company=company, stage="offered")
    company.portal = portal
    company.save(update_fields=["portal"])
    references = Occupation.objects.filter(kind__in=REFERENCE_KINDS)
    baker = references.filter(key="de:training:baecker").first() or references.first()
    if baker is None:
        return 1
    today = timezone.localdate()
    opening = services.save_part(
        actor=SYSTEM,
        record=Opening(company=company),
        values={"kind": "training", "occupation": baker, "places": 1, "min_german": "B1",
                "starts_on": today.replace(month=8, day=1) + timedelta(days=365),
                "published": True},
    )  # fmt: skip
    candidates = participants.matching_candidates(
        actor=SYSTEM, network_id=organisation.network_id, occupation_id=baker.pk, limit=2
    )
    for candidate in candidates:
        services.propose(
            actor=SYSTEM, opening=cast(Opening, opening), participant_id=candidate.participant_id
        )
    return 1


TRADES = [
    "Bäckerei",
    "Tischlerei",
    "Kfz-Werkstatt",
    "Elektro",
    "Malerbetrieb",
    "Friseursalon",
    "Hotel",
    "Restaurant",
    "Pflegedienst",
    "Logistik",
    "Metallbau",
    "Sanitär",
    "Autohaus",
    "Gartenbau",
    "Druckerei",
    "IT-Service",
    "Praxis",
    "Apotheke",
    "Reinigung",
    "Dachdecker",
]
FAMILY = [
    "Schulte",
    "Lange",
    "Becker",
    "Wagner",
    "Hoffmann",
    "Krause",
    "Nowak",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Haddad",
    "Khalil",
    "Kowalski",
    "Popescu",
    "Ivanenko",
    "Öztürk",
    "Nasser",
    "Berg",
]
MIGRANT_ORIGIN = {"Nowak": "PL", "Yılmaz": "TR", "Kaya": "TR", "Demir": "TR", "Haddad": "SY",
                  "Khalil": "LB", "Kowalski": "PL", "Popescu": "RO", "Ivanenko": "UA",
                  "Öztürk": "TR",
                  "Nasser": "SY"}  # fmt: skip
STAGE_WEIGHTS = [30, 25, 15, 12, 8, 5, 5]


def generate(*, count: int, seed: int = 1, openings_per_company: float = 2.5) -> int:
    """Add ``count`` synthetic companies (and about 2.5 openings each) to the demo liaison's
    organisation, in batches with one audit entry per company; idempotent per seed (the keys
    carry it). For benchmarks at scale; returns how many were created."""
    organisation = Organisation.objects.filter(slug="bqn-koordination").first()
    if organisation is None:
        return 0
    prefix = f"gen-{seed}-"
    existing = set(
        Company.objects.filter(organisation=organisation, key__startswith=prefix).values_list(
            "key", flat=True
        )
    )
    places = [p for p in all_places() if p.state_code == "DE-NW"]
    occupations = list(Occupation.objects.filter(kind="training").values_list("pk", flat=True))
    today = timezone.localdate()
    created = 0
    for start in range(0, count, 1000):
        batch = []
        for number in range(start, min(count, start + 1000)):
            key = f"{prefix}{number}"
            if key in existing:
                continue
            rng = random.Random(key)  # noqa: S311 - invented data
            family = rng.choice(FAMILY)
            place = rng.choice(places)
            name = f"{rng.choice(TRADES)} {family} {number}"
            origin = MIGRANT_ORIGIN.get(family, "")
            batch.append(
                Company(
                    organisation=organisation, key=key, name=name, name_key=name_key(name),
                    postcode=place.postcode, municipality=place.municipality,
                    district=place.district,
                    district_code=place.district_code, state_code=place.state_code,
                    latitude=place.latitude, longitude=place.longitude,
                    sector=rng.choice("CFGHIJNQS"), is_craft=rng.random() < 0.4,
                    size_class=rng.choice(["micro", "micro", "small", "medium"]),
                    owner_data_agreed=bool(origin), migrant_owned=bool(origin), owner_origin=origin,
                    stage=rng.choices(STAGE_ORDER, STAGE_WEIGHTS)[0],
                    next_contact_on=(
                        today + timedelta(days=rng.randint(-20, 60)) if rng.random() < 0.7 else None
                    ),
                    trains_today=rng.random() < 0.3,
                )
            )  # fmt: skip
        Company.objects.bulk_create(batch)
        _generate_parts(batch, occupations, openings_per_company, today)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor_id=None, action=AuditAction.CREATE, target_type="companies.company",
                target_id=str(c.pk), target_label=f"company {c.pk}",
                organisation_id=organisation.pk,
                network_id=organisation.network_id, note="demo generate",
            )
            for c in batch
        )  # fmt: skip
        created += len(batch)
    return created


def _generate_parts(
    batch: list[Company], occupations: list[int], openings_per_company: float, today: date
) -> None:
    """Openings (filled ones where the company got that far), the stage reached with its date,
    and for a third of the companies an obstacle with the support given against it."""
    openings, moves, obstacles = [], [], []
    for company in batch:
        rng = random.Random(company.key + "o")  # noqa: S311 - invented data
        reached = today - timedelta(days=rng.randint(0, 400))
        moves.append(StageChange(company=company, to_stage=company.stage, changed_on=reached))
        filled = company.stage == "filled"
        for number in range(int(openings_per_company) + (rng.random() < openings_per_company % 1)):
            openings.append(
                Opening(
                    company=company, key=f"o{number + 1}",
                    kind=rng.choice(list(OpeningKind.values)),
                    occupation_id=rng.choice(occupations), postcode=company.postcode,
                    municipality=company.municipality, district=company.district,
                    state_code=company.state_code,
                    starts_on=today + timedelta(days=rng.randint(0, 400)),
                    places=rng.randint(1, 3), published=not filled and rng.random() < 0.5,
                    status="filled" if filled and number == 0 else "open",
                    filled_on=reached if filled and number == 0 else None,
                )
            )  # fmt: skip
        if rng.random() < 0.33:
            removed = rng.random() < 0.5
            obstacles.append(
                Obstacle(
                    company=company, kind=rng.choice(list(ObstacleKind.values)),
                    noted_on=reached - timedelta(days=60), removed_on=reached if removed else None,
                )
            )  # fmt: skip
    StageChange.objects.bulk_create(moves, batch_size=1000)
    Opening.objects.bulk_create(openings, batch_size=1000)
    Obstacle.objects.bulk_create(obstacles, batch_size=1000)
    SupportAction.objects.bulk_create(
        [
            SupportAction(
                company_id=obstacle.company_id, obstacle=obstacle, given_on=obstacle.noted_on,
                kind=random.Random(obstacle.pk).choice(list(SupportKind.values)),  # noqa: S311
                result="helped" if obstacle.removed_on else "open",
            )
            for obstacle in obstacles
        ],
        batch_size=1000,
    )  # fmt: skip
