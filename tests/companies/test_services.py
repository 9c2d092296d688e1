"""Company files: place and chamber derived, owner data only with the company's agreement,
duplicates found before saving and merged with an audit trail, the pipeline's history."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.companies import services
from lotse.companies.forms import FIELD_ORDER
from lotse.companies.models import Company, Contact, Obstacle, StageChange, SupportAction
from lotse.companies.tasks import remind_next_contacts
from lotse.permissions import SYSTEM, actor_for
from tests.companies.conftest import new_company

pytestmark = pytest.mark.django_db


def test_the_form_offers_every_field_the_service_takes():
    assert set(FIELD_ORDER) == services.COMPANY_FIELDS


def test_place_and_chamber_are_derived(world):
    craft = new_company(world)
    assert (craft.district, craft.state_code) == ("Schwerin", "DE-MV")
    assert craft.chamber_kind == "hwk" and craft.chamber_name == "Handwerkskammer Schwerin"
    hotel = new_company(world, name="Hotel am See", is_craft=False, sector="I", postcode="45879")
    assert (hotel.chamber_kind, hotel.chamber_name, hotel.district) == (
        "ihk",
        "",
        "Gelsenkirchen, Stadt",
    )
    chosen = new_company(
        world,
        name="Praxis Dr. Berg",
        sector="Q",
        chamber_kind="liberal",
        chamber_name="Zahnärztekammer",
    )
    assert chosen.chamber_name == "Zahnärztekammer"  # what the liaison entered stays


def test_owner_origin_is_kept_only_when_the_company_agreed(world):
    values = {"migrant_owned": True, "owner_origin": "TR", "owner_languages": ["tr", "de"]}
    without = new_company(world, name="Döner Haus", **values)
    assert (without.migrant_owned, without.owner_origin, without.owner_languages) == (False, "", [])
    agreed = new_company(world, name="Bäckerei Yılmaz", owner_data_agreed=True, **values)
    assert (agreed.migrant_owned, agreed.owner_origin) == (True, "TR")


def test_an_unknown_postcode_is_refused_and_nothing_saved(world):
    with pytest.raises(services.CompanyRefused) as refused:
        new_company(world, postcode="00000")
    assert refused.value.field == "postcode" and "00000" in refused.value.message
    assert not Company.objects.exists()


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (("Bäckerei Yılmaz GmbH", "45879"), ("Baeckerei Yilmaz", "45879"), True),
        (("Tischlerei Nord e.K.", "19053"), ("Tischlerei Nord", "19055"), True),
        (
            ("Malerbetrieb Schulz & Söhne", "18055"),
            ("Schulz und Söhne Malerbetrieb", "18055"),
            True,
        ),
        (("Tischlerei Nord", "19053"), ("Tischlerei Süd", "19053"), False),
        (("Autohaus Rostock", "18055"), ("Autohaus Rostock-Ost", "18069"), False),
    ],
)
def test_likely_duplicates_are_found_by_name_and_place(world, first, second, same):
    new_company(world, name=first[0], postcode=first[1])
    liaison = actor_for(world.users["business_liaison"])
    found = services.likely_duplicates(actor=liaison, name=second[0], postcode=second[1])
    assert bool(found) is same


def test_creating_a_likely_duplicate_asks_first(world, company):
    liaison = actor_for(world.users["business_liaison"])
    values = {"name": "Tischlerei Nord GmbH", "postcode": "19053"}
    with pytest.raises(services.LikelyDuplicates) as found:
        services.create_company(
            actor=liaison, organisation=world.organisations["A1"], values=values
        )
    assert found.value.candidates == [company]
    second = services.create_company(
        actor=liaison, organisation=world.organisations["A1"], values=values, not_a_duplicate=True
    )
    assert second.pk != company.pk


def test_merging_moves_everything_fills_gaps_and_is_audited(world, company):
    liaison = actor_for(world.users["business_liaison"])
    duplicate = new_company(
        world, name="Tischlerei Nord GmbH", website="https://tischlerei.example"
    )
    services.save_part(
        actor=liaison, record=Contact(company=duplicate), values={"name": "Frau Lange"}
    )
    services.move_stage(actor=liaison, company=duplicate, stage="visited")
    filled = services.merge_companies(actor=liaison, keep=company, duplicate=duplicate)
    company.refresh_from_db()
    assert "website" in filled and company.website == "https://tischlerei.example"
    assert company.stage == "visited"  # the further stage wins
    assert [c.name for c in company.contact_records.all()] == ["Frau Lange"]
    assert not Company.objects.filter(pk=duplicate.pk).exists()
    notes = AuditEntry.objects.filter(target_type="companies.company").values_list(
        "note", flat=True
    )
    assert f"merged into {company.reference}" in notes


def test_the_pipeline_keeps_every_move(world, company):
    liaison = actor_for(world.users["business_liaison"])
    today = timezone.localdate()
    services.move_stage(actor=liaison, company=company, stage="contacted", on=today)
    services.move_stage(actor=liaison, company=company, stage="ready", on=today)  # a leap forward
    services.move_stage(
        actor=liaison, company=company, stage="interested", on=today
    )  # a correction
    moves = list(StageChange.objects.filter(company=company).values_list("from_stage", "to_stage"))
    assert moves == [
        ("", "identified"),
        ("identified", "contacted"),
        ("contacted", "ready"),
        ("ready", "interested"),
    ]
    with pytest.raises(services.CompanyRefused):
        services.move_stage(actor=liaison, company=company, stage="interested")
    with pytest.raises(services.CompanyRefused):
        services.move_stage(
            actor=liaison, company=company, stage="offered", on=today - timedelta(days=3)
        )
    with pytest.raises(services.CompanyRefused):
        services.move_stage(actor=liaison, company=company, stage="nowhere")
    with pytest.raises(services.CompanyRefused):
        services.remove_part(
            actor=liaison, record=StageChange.objects.filter(company=company).first()
        )


def test_support_is_tied_to_the_obstacle_it_addresses(world, company):
    liaison = actor_for(world.users["business_liaison"])
    obstacle = services.save_part(
        actor=liaison, record=Obstacle(company=company), values={"kind": "no_trainer"}
    )
    action = services.save_part(
        actor=liaison,
        record=SupportAction(company=company),
        values={"kind": "aevo_course", "obstacle": obstacle, "result": "helped"},
    )
    assert list(obstacle.support_actions.all()) == [action]
    with pytest.raises(services.CompanyRefused) as refused:
        services.save_part(
            actor=liaison, record=Obstacle(company=company), values={"kind": "weather"}
        )
    assert refused.value.field == "kind"


def test_a_due_contact_is_reminded_once_to_the_liaisons(world, company):
    services.change_company(
        actor=SYSTEM, company=company, values={"next_contact_on": timezone.localdate()}
    )
    assert remind_next_contacts() == 1
    assert remind_next_contacts() == 0
    assert mail.outbox[0].to == [world.users["business_liaison"].email]
    assert "Tischlerei Nord" in mail.outbox[0].subject


def test_the_demo_companies_load_once(db):
    from lotse.companies import demo
    from lotse.core.demo import load_demo

    load_demo()  # adds them, and the company of the demo company user with its portal
    assert Company.objects.count() == len(demo.COMPANIES) + 1
    assert demo.add_companies() == 0
    stages = set(Company.objects.values_list("stage", flat=True))
    assert len(stages) == 7
    portal = Company.objects.get(portal__isnull=False)
    assert portal.opening_records.get().proposals.count() >= 1  # people who agreed to matching


def test_generated_companies_are_idempotent_per_seed_and_audited(db):
    from lotse.companies import demo
    from lotse.companies.models import Opening
    from lotse.core.demo import load_demo

    load_demo()
    assert demo.generate(count=120, seed=3) == 120
    assert demo.generate(count=150, seed=3) == 30
    generated = Company.objects.filter(key__startswith="gen-3-")
    assert generated.count() == 150
    assert 250 <= Opening.objects.filter(company__in=generated).count() <= 500
    audited = AuditEntry.objects.filter(target_type="companies.company", note="demo generate")
    assert audited.count() == 150
    assert generated.filter(migrant_owned=True).exclude(owner_data_agreed=True).count() == 0
