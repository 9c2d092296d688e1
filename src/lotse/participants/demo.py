"""Synthetic case files for the demo and for load tests: ``lotse demo generate --participants N``.

The people are invented. Their names follow the naming patterns of the main countries of origin
of the seed regions, written in the person's own script and in the Latin transliteration a
German office would use; profiles, sessions, consents and pathways are plausible, not real.
Generation is deterministic per seed and idempotent: each person carries a reference
``demo-<seed>-<n>``, and a second run with the same seed adds nothing. Rows are written in
batches (with one audit entry per case) so that 100,000 people take minutes, not hours.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEntry
from lotse.network.models import Organisation
from lotse.occupations.models import Occupation
from lotse.participants.engine.names import search_keys
from lotse.participants.models import (
    CaseStatus,
    Consent,
    ConsentMethod,
    CounsellingSession,
    Gender,
    LanguageSkill,
    NextStep,
    Participant,
    PathwayStep,
    Qualification,
    QualificationKind,
    SchoolCertificate,
    SessionForm,
    StepKind,
    StepStatus,
    WorkExperience,
)
from lotse.places import place_for

BATCH = 2000

# Country: (language, [(given as written, Latin, gender)], [(family as written, Latin)])
ORIGINS: dict[str, tuple[str, list[tuple[str, str, str]], list[tuple[str, str]]]] = {
    "SY": (
        "ar",
        [
            ("محمد", "Mohammed", "male"),
            ("أحمد", "Ahmad", "male"),
            ("عمر", "Omar", "male"),
            ("يوسف", "Yousef", "male"),
            ("خالد", "Khaled", "male"),
            ("فاطمة", "Fatima", "female"),
            ("مريم", "Mariam", "female"),
            ("نور", "Nour", "female"),
            ("رشا", "Rasha", "female"),
            ("هبة", "Hiba", "female"),
            ("سارة", "Sara", "female"),
            ("علي", "Ali", "male"),
        ],
        [
            ("الحسن", "Al-Hassan"),
            ("الأحمد", "Al-Ahmad"),
            ("حداد", "Haddad"),
            ("الخطيب", "Al-Khatib"),
            ("شيخ", "Sheikh"),
            ("ابراهيم", "Ibrahim"),
            ("الحلبي", "Al-Halabi"),
            ("درويش", "Darwish"),
            ("قاسم", "Kassem"),
        ],
    ),
    "AF": (
        "fa",
        [
            ("احمد", "Ahmad", "male"),
            ("محمود", "Mahmood", "male"),
            ("رحیم", "Rahim", "male"),
            ("زهرا", "Zahra", "female"),
            ("مریم", "Maryam", "female"),
            ("فرشته", "Fereshta", "female"),
            ("جاوید", "Jawid", "male"),
            ("شبنم", "Shabnam", "female"),
        ],
        [
            ("رحیمی", "Rahimi"),
            ("حیدری", "Haidari"),
            ("احمدی", "Ahmadi"),
            ("نوری", "Noori"),
            ("کریمی", "Karimi"),
            ("صافی", "Safi"),
        ],
    ),
    "UA": (
        "uk",
        [
            ("Олександр", "Oleksandr", "male"),
            ("Андрій", "Andrii", "male"),
            ("Дмитро", "Dmytro", "male"),
            ("Олена", "Olena", "female"),
            ("Юлія", "Yuliia", "female"),
            ("Наталія", "Nataliia", "female"),
            ("Ірина", "Iryna", "female"),
            ("Сергій", "Serhii", "male"),
        ],
        [
            ("Коваленко", "Kovalenko"),
            ("Шевченко", "Shevchenko"),
            ("Бондаренко", "Bondarenko"),
            ("Ткаченко", "Tkachenko"),
            ("Кравченко", "Kravchenko"),
            ("Мельник", "Melnyk"),
        ],
    ),
    "TR": (
        "tr",
        [
            ("Ayşe", "Ayse", "female"),
            ("Elif", "Elif", "female"),
            ("Zeynep", "Zeynep", "female"),
            ("Mehmet", "Mehmet", "male"),
            ("Mustafa", "Mustafa", "male"),
            ("Emre", "Emre", "male"),
            ("Şükrü", "Suekrue", "male"),
            ("Gülşen", "Guelsen", "female"),
        ],
        [
            ("Yılmaz", "Yilmaz"),
            ("Öztürk", "Oeztuerk"),
            ("Kaya", "Kaya"),
            ("Demir", "Demir"),
            ("Çelik", "Celik"),
            ("Şahin", "Sahin"),
        ],
    ),
    "ER": (
        "ti",
        [
            ("ዳዊት", "Dawit", "male"),
            ("ሰላም", "Selam", "female"),
            ("ዮናስ", "Yonas", "male"),
            ("ሄለን", "Helen", "female"),
            ("ተስፋይ", "Tesfay", "male"),
        ],
        [("ተስፋማርያም", "Tesfamariam"), ("ገብረሂወት", "Gebrehiwet"), ("ሃይለ", "Haile")],
    ),
    "RU": (
        "ru",
        [
            ("Александр", "Aleksandr", "male"),
            ("Екатерина", "Ekaterina", "female"),
            ("Анна", "Anna", "female"),
            ("Иван", "Ivan", "male"),
        ],
        [("Иванов", "Iwanow"), ("Смирнова", "Smirnowa"), ("Кузнецов", "Kusnezow")],
    ),
    "PL": (
        "pl",
        [
            ("Katarzyna", "Katarzyna", "female"),
            ("Piotr", "Piotr", "male"),
            ("Agnieszka", "Agnieszka", "female"),
            ("Łukasz", "Lukasz", "male"),
        ],
        [("Nowak", "Nowak"), ("Wiśniewska", "Wisniewska"), ("Kowalczyk", "Kowalczyk")],
    ),
}
ORIGIN_WEIGHTS = {"SY": 30, "AF": 15, "UA": 20, "TR": 15, "ER": 6, "RU": 6, "PL": 8}
POSTCODES = {
    "DE-MV": ["19053", "19055", "19063", "18055", "18057", "18106", "18258", "17489", "17491"],
    "DE-NW": ["45879", "45881", "45886", "46236", "46240", "45657", "45659", "45768", "45699"],
}
SCHOOLS = {"ar": "شهادة الثانوية", "uk": "Атестат", "tr": "Lise diploması", "fa": "دیپلم"}
SESSION_NOTES = [
    "Unterlagen zur Anerkennung besprochen; Zeugnisse liegen im Original vor.",
    "Sprachkurs B1 begonnen, Prüfung im Frühjahr geplant.",
    "Bewerbungsunterlagen überarbeitet, zwei Betriebe als Ziel vereinbart.",
    "Informationen zur Externenprüfung gegeben, Nachweise der Berufserfahrung angefragt.",
    "Förderung (Anerkennungszuschuss) erklärt, Antrag vorbereitet.",
]
NEXT_STEPS = [
    "Zeugnisse übersetzen lassen",
    "Antrag bei der zuständigen Stelle einreichen",
    "Termin beim Betrieb vereinbaren",
    "Nachweise der Berufserfahrung sammeln",
    "Sprachkurs anmelden",
]


@dataclass(frozen=True)
class Staff:
    organisation: Organisation
    counsellor_ids: Sequence[int]
    state_code: str


# Occupations people in the seed networks' projects often bring (German title stems).
COMMON_OCCUPATIONS = (
    "Koch",
    "Elektroniker",
    "Kraftfahrzeugmechatroniker",
    "Friseur",
    "Verkäufer",
    "Bäcker",
    "Maurer",
    "Tischler",
    "Fachkraft für Lagerlogistik",
    "Medizinische",
    "Berufskraftfahrer",
    "Anlagenmechaniker",
    "Maler und Lackierer",
    "Pflegefachmann",
    "Zahnmedizinische",
)


def _common_occupations() -> list[tuple[int, str]]:
    """(id, German title) of training occupations with a duration, the common ones first."""
    found: dict[int, str] = {}
    trained = Occupation.objects.filter(duration_months__isnull=False).prefetch_related("labels")
    for stem in COMMON_OCCUPATIONS:
        for occupation in trained.filter(labels__text__istartswith=stem)[:2]:
            found.setdefault(occupation.pk, str(occupation.title("de")))
    if not found:
        found = {o.pk: str(o.title("de")) for o in trained[:50]}
    return sorted(found.items())


@dataclass
class GenerateResult:
    created: int = 0
    skipped: int = 0


def reference(seed: int, number: int) -> str:
    return f"demo-{seed}-{number}"


def generate(
    *,
    count: int,
    seed: int,
    staff: Sequence[Staff],
    progress: Callable[[int], None] = lambda done: None,
) -> GenerateResult:
    """Create ``count`` synthetic people spread over ``staff`` (an organisation and its
    counsellors each); those of this seed that exist already are left alone."""
    if not staff:
        raise ValueError("give at least one organisation with counsellors")
    occupations = _common_occupations()
    result = GenerateResult()
    for start in range(0, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        existing = set(
            Participant.objects.filter(
                external_reference__in=[reference(seed, n) for n in numbers]
            ).values_list("external_reference", flat=True)
        )
        todo = [n for n in numbers if reference(seed, n) not in existing]
        result.skipped += len(numbers) - len(todo)
        if todo:
            _write_batch(todo, seed=seed, staff=staff, occupations=occupations)
            result.created += len(todo)
        progress(len(numbers))
    if result.created and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics for the planner
            for model in (
                Participant,
                Participant.counsellors.through,
                CounsellingSession,
                NextStep,
            ):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return result


@transaction.atomic
def _write_batch(
    numbers: list[int], *, seed: int, staff: Sequence[Staff], occupations: list[tuple[int, str]]
) -> None:
    people = []
    plans = []
    for number in numbers:
        rng = random.Random(f"{seed}:{number}")  # noqa: S311 - invented data, not secrets
        where = staff[number % len(staff)]
        person, plan = _person(rng, where, seed=seed, number=number)
        people.append(person)
        plans.append((rng, where, plan))
    Participant.objects.bulk_create(people)
    created = {p.external_reference: p for p in people}
    if any(p.pk is None for p in people):  # a database that returns no ids from bulk inserts
        references = list(created)
        created = {
            p.external_reference: p
            for p in Participant.objects.filter(external_reference__in=references)
        }
    counsellors = []
    parts: dict[type[models.Model], list[models.Model]] = {}
    for person, (rng, where, plan) in zip(people, plans, strict=True):
        saved = created[person.external_reference]
        counsellor_id = rng.choice(list(where.counsellor_ids))
        counsellors.append(
            Participant.counsellors.through(participant_id=saved.pk, user_id=counsellor_id)
        )
        for record in _parts(rng, saved, plan, counsellor_id, occupations):
            parts.setdefault(type(record), []).append(record)
    Participant.counsellors.through.objects.bulk_create(counsellors)
    for model, records in parts.items():
        model._default_manager.bulk_create(records, batch_size=1000)
    sessions = CounsellingSession.objects.filter(participant=OuterRef("pk")).order_by("-held_on")
    steps = NextStep.objects.filter(participant=OuterRef("pk"), done_on__isnull=True)
    Participant.objects.filter(pk__in=[p.pk for p in created.values()]).update(
        last_session_on=Subquery(sessions.values("held_on")[:1]),
        next_step_due_on=Subquery(steps.order_by("due_on").values("due_on")[:1]),
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor_id=None,
            action=AuditAction.CREATE,
            target_type="participants.participant",
            target_id=str(saved.pk),
            target_label=saved.reference,
            organisation_id=saved.organisation_id,
            network_id=where.organisation.network_id,
            note="demo generate",
        )
        for saved, (_, where, _) in zip(
            (created[p.external_reference] for p in people), plans, strict=True
        )
    )


@dataclass(frozen=True)
class Plan:
    language: str
    country: str
    opened_on: date


def _person(
    rng: random.Random, where: Staff, *, seed: int, number: int
) -> tuple[Participant, Plan]:
    country = rng.choices(list(ORIGIN_WEIGHTS), weights=list(ORIGIN_WEIGHTS.values()))[0]
    language, given_names, family_names = ORIGINS[country]
    given, given_latin, gender = rng.choice(given_names)
    family, family_latin = rng.choice(family_names)
    today = timezone.localdate()
    born = date(rng.randint(1970, 2006), rng.randint(1, 12), rng.randint(1, 28))
    postcode = rng.choice(POSTCODES.get(where.state_code, POSTCODES["DE-MV"]))
    place = place_for(postcode)
    opened = today - timedelta(days=rng.randint(0, 900))
    closed = rng.random() < 0.2
    script_differs = given != given_latin
    person = Participant(
        organisation=where.organisation,
        external_reference=reference(seed, number),
        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
        opened_on=opened,
        closed_on=min(today, opened + timedelta(days=rng.randint(30, 400))) if closed else None,
        given_names=given,
        family_names=family,
        given_names_latin=given_latin if script_differs else "",
        family_names_latin=family_latin if family != family_latin else "",
        date_of_birth=born if rng.random() < 0.9 else None,
        birth_year=born.year,
        gender=gender if rng.random() < 0.95 else Gender.NOT_STATED,
        email=f"{given_latin.lower()}.{family_latin.lower().replace('-', '')}{number}@example.org",
        phone=f"+49 {rng.randint(150, 179)} {rng.randint(1000000, 9999999)}",
        preferred_language=language,
        interpreter_needed=rng.random() < 0.3,
        country_of_birth=country,
        nationalities=[country],
        arrival_year=rng.randint(max(born.year + 1, 2010), today.year),
        postcode=postcode,
        municipality=place.municipality,
        district=place.district,
        district_code=place.district_code,
        state_code=place.state_code,
        latitude=place.latitude,
        longitude=place.longitude,
    )
    person.search_text = search_keys(
        given, family, person.given_names_latin, person.family_names_latin
    )
    return person, Plan(language=language, country=country, opened_on=opened)


def _parts(
    rng: random.Random,
    participant: Participant,
    plan: Plan,
    counsellor_id: int,
    occupations: list[tuple[int, str]],
) -> list[models.Model]:
    today = timezone.localdate()
    records: list[models.Model] = [
        LanguageSkill(participant=participant, language=plan.language, is_native=True),
        LanguageSkill(
            participant=participant,
            language="de",
            level=rng.choice(["A1", "A2", "B1", "B1", "B2", "C1"]),
        ),
        SchoolCertificate(
            participant=participant,
            country=plan.country,
            kind=SCHOOLS.get(plan.language, "Secondary school"),
            isced_level=rng.choice([2, 3, 3, 4]),
            year=participant.birth_year + 18 if participant.birth_year else None,
        ),
        Consent(
            participant=participant,
            purpose="counselling",
            text_version="2026-12",
            text_language=rng.choice([plan.language, "de"]),
            method=ConsentMethod.SIGNATURE,
            given_at=timezone.make_aware(datetime.combine(plan.opened_on, time(10, 0))),
            recorded_by_id=counsellor_id,
        ),
    ]
    if rng.random() < 0.5:
        records.append(
            Consent(
                participant=participant,
                purpose="matching",
                text_version="2026-12",
                text_language=plan.language,
                method=ConsentMethod.SIGNATURE,
                given_at=timezone.now(),
                recorded_by_id=counsellor_id,
            )
        )
    occupation_id = None
    if occupations:
        occupation_id, occupation_title = rng.choice(occupations)
        started = date(rng.randint(2005, 2018), rng.randint(1, 12), 1)
        records.append(
            WorkExperience(
                participant=participant,
                title=occupation_title,
                occupation_id=occupation_id,
                country=plan.country,
                started_on=started,
                ended_on=min(today, started + timedelta(days=rng.randint(200, 3000))),
                share_of_full_time=rng.choice([100, 100, 100, 50]),
            )
        )
        records.append(
            Qualification(
                participant=participant,
                kind=QualificationKind.VOCATIONAL,
                title_as_written=occupation_title,
                country=plan.country,
                year=started.year - 1,
                duration_months=rng.choice([24, 36]),
            )
        )
    for step_number, kind in enumerate(
        rng.sample(
            [
                StepKind.LANGUAGE_COURSE,
                StepKind.RECOGNITION,
                StepKind.EXTERNAL_EXAM,
                StepKind.PARTIAL_QUALIFICATION,
                StepKind.APPRENTICESHIP,
            ],
            k=rng.randint(1, 3),
        )
    ):
        starts = plan.opened_on + timedelta(days=60 * step_number)
        records.append(
            PathwayStep(
                participant=participant,
                kind=kind,
                occupation_id=occupation_id if kind != StepKind.LANGUAGE_COURSE else None,
                status=StepStatus.DONE
                if starts + timedelta(days=120) < today
                else StepStatus.PLANNED,
                starts_on=starts,
                ends_on=starts + timedelta(days=120),
            )
        )
    for _ in range(rng.randint(1, 4)):
        held = plan.opened_on + timedelta(
            days=rng.randint(0, max(0, (today - plan.opened_on).days))
        )
        records.append(
            CounsellingSession(
                participant=participant,
                held_on=held,
                duration_minutes=rng.choice([30, 45, 60, 90]),
                form=rng.choice(list(SessionForm.values)),
                language=rng.choice([plan.language, "de"]),
                interpreter_present=rng.random() < 0.2,
                topics=rng.sample(["recognition", "language", "training", "job", "funding"], k=2),
                notes=rng.choice(SESSION_NOTES),
                author_id=counsellor_id,
            )
        )
    if participant.status == CaseStatus.OPEN:
        records.append(
            NextStep(
                participant=participant,
                description=rng.choice(NEXT_STEPS),
                due_on=today + timedelta(days=rng.randint(-10, 40)),
                assignee_id=counsellor_id,
            )
        )
    return records
