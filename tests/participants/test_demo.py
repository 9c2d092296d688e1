"""Synthetic case files: deterministic and idempotent per seed, in the people's own scripts."""

from lotse.audit.models import AuditEntry
from lotse.participants import demo
from lotse.participants.models import Consent, CounsellingSession, LanguageSkill, Participant


def staff(world):
    return [
        demo.Staff(world.organisations["A1"], [world.users["counsellor"].pk], "DE-MV"),
        demo.Staff(world.organisations["A2"], [world.users["counsellor@A2"].pk], "DE-NW"),
    ]


def test_generation_is_idempotent_per_seed_and_audited(world):
    first = demo.generate(count=120, seed=7, staff=staff(world))
    assert (first.created, first.skipped) == (120, 0)
    again = demo.generate(count=150, seed=7, staff=staff(world))
    assert (again.created, again.skipped) == (30, 120)
    assert Participant.objects.count() == 150
    other_seed = demo.generate(count=10, seed=8, staff=staff(world))
    assert other_seed.created == 10 and Participant.objects.count() == 160
    created = AuditEntry.objects.filter(target_type="participants.participant", action="create")
    assert created.count() == 160 and not created.filter(organisation_id__isnull=True).exists()


def test_generated_people_are_plausible_and_spread_over_the_organisations(world):
    demo.generate(count=200, seed=3, staff=staff(world))
    people = list(Participant.objects.all())
    assert {p.organisation_id for p in people} == {
        world.organisations["A1"].pk,
        world.organisations["A2"].pk,
    }
    scripts = {"arabic": 0, "cyrillic": 0}
    for person in people:
        if any("\u0600" <= c <= "\u06ff" for c in person.family_names):
            scripts["arabic"] += 1
            assert person.family_names_latin  # a Latin spelling beside the Arabic one
        if any("\u0400" <= c <= "\u04ff" for c in person.family_names):
            scripts["cyrillic"] += 1
        assert person.district and person.state_code in {"DE-MV", "DE-NW"}
        assert person.search_text
    assert scripts["arabic"] > 20 and scripts["cyrillic"] > 10
    assert LanguageSkill.objects.filter(language="de").count() == 200
    assert Consent.objects.filter(purpose="counselling").count() == 200
    assert CounsellingSession.objects.count() >= 200
    # The same seed gives the same people.
    names = sorted((p.external_reference, p.given_names) for p in people)
    Participant.objects.all().delete()
    demo.generate(count=200, seed=3, staff=staff(world))
    assert sorted(Participant.objects.values_list("external_reference", "given_names")) == names
