"""Fictional companies for the demo network's business liaison (BQN Emscher-Lippe), spread
over the pipeline so the board, the lists and the reminders show something. Idempotent: a
company of that name already there is left alone."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lotse.companies import services
from lotse.companies.models import Company, Obstacle, SupportAction
from lotse.network.models import Organisation
from lotse.permissions import SYSTEM

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
    for name, postcode, sector, craft, stage, migrant, origin, days in COMPANIES:
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
        if stage != "identified":
            services.move_stage(actor=SYSTEM, company=company, stage=stage)
        if stage in {"interested", "visited"}:
            obstacle = services.save_part(
                actor=SYSTEM, record=Obstacle(company=company), values={"kind": "no_trainer"}
            )
            services.save_part(
                actor=SYSTEM,
                record=SupportAction(company=company),
                values={"kind": "aevo_course", "obstacle": obstacle},
            )
        written += 1
    return written
