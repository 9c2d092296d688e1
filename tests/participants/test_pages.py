"""The caseload and the case file as a counsellor uses them, and what others are refused."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEntry
from lotse.occupations.models import Occupation
from lotse.participants.models import (
    Consent,
    CounsellingSession,
    LanguageSkill,
    NextStep,
    Participant,
    WorkExperience,
)
from lotse.permissions import Role

PERSON = {
    "given_names": "Олександр",
    "family_names": "Коваленко",
    "given_names_latin": "Oleksandr",
    "family_names_latin": "Kovalenko",
    "date_of_birth": "1988-05-17",
    "gender": "male",
    "postcode": "45879",
    "preferred_language": "uk",
    "nationalities": ["UA"],
    "working_time": "either",
}


@pytest.fixture
def counsellor(world, client):
    client.force_login(world.users["counsellor"])
    return world.users["counsellor"]


def test_a_counsellor_opens_a_case_and_the_place_comes_from_the_postcode(world, client, counsellor):
    response = client.post(
        reverse("participants:open"), PERSON | {"organisation": world.organisations["A1"].pk}
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.district == "Gelsenkirchen, Stadt" and participant.state_code == "DE-NW"
    assert participant.birth_year == 1988
    assert list(participant.counsellors.all()) == [counsellor]
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, target_type="participants.participant"
    )
    assert entry.organisation_id == world.organisations["A1"].pk
    assert "Коваленко" not in entry.target_label and "Kovalenko" not in entry.target_label
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Коваленко" in page.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, target_id=str(participant.pk)
    ).exists()


def test_a_likely_duplicate_is_shown_before_a_second_case_is_opened(
    world, client, cases, counsellor
):
    existing = cases["A1:assigned"]
    typed = {
        "given_names": "Muhammad",
        "family_names": "Alhasan",
        "date_of_birth": "1990-03-04",
        "working_time": "either",
        "organisation": world.organisations["A1"].pk,
    }
    response = client.post(reverse("participants:open"), typed)
    assert response.status_code == 409
    assert reverse("participants:case", args=[existing.pk]) in response.content.decode()
    assert Participant.objects.count() == 4
    confirmed = client.post(reverse("participants:open"), typed | {"not_a_duplicate": "1"})
    assert confirmed.status_code == 302 and Participant.objects.count() == 5


def test_duplicates_are_only_looked_for_among_cases_the_counsellor_may_see(world, client, cases):
    client.force_login(world.users["counsellor@A2"])
    typed = {"given_names": "Olena", "family_names": "Koval", "working_time": "either"}
    response = client.post(
        reverse("participants:open"), typed | {"organisation": world.organisations["A2"].pk}
    )
    assert response.status_code == 302  # A1's Olena Koval is not shown to A2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "2090-01-01", "Geburtsdatum kann nicht in der Zukunft"),
        ("date_of_birth", "31.02.1990", "gültiges Datum"),
        ("postcode", "99999", "keine deutsche Postleitzahl"),
        ("birth_year", "1800", "1900"),
        ("nationalities", "XX", "gültige Auswahl"),
        ("given_names", "x" * 201, "höchstens 200 Zeichen"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    world, client, counsellor, field, value, message
):
    response = client.post(
        reverse("participants:open"),
        PERSON | {field: value, "organisation": world.organisations["A1"].pk},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Participant.objects.count() == 0


def test_a_municipality_must_belong_to_the_postcode(world, client, counsellor):
    response = client.post(
        reverse("participants:open"),
        PERSON | {"municipality": "Berlin", "organisation": world.organisations["A1"].pk},
    )
    assert response.status_code == 400 and "Gelsenkirchen" in response.content.decode()


def test_the_case_page_has_every_tab_in_german_and_arabic(world, client, cases, counsellor):
    participant = cases["A1:assigned"]
    url = reverse("participants:case", args=[participant.pk])
    for tab in ("overview", "profile", "sessions", "pathway", "consents"):
        assert client.get(url, {"tab": tab}).status_code == 200
    client.cookies["django_language"] = "ar"
    arabic = client.get(url, {"tab": "profile"}, headers={"accept-language": "ar"})
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.content.decode()
    partial = client.get(
        url, {"tab": "sessions"}, headers={"HX-Request": "true", "HX-Target": "case-tab"}
    )
    assert "<html" not in partial.content.decode() and 'id="case-tab"' in partial.content.decode()


def test_competences_are_added_and_removed(world, client, cases, counsellor):
    participant = cases["A1:assigned"]
    add = reverse("participants:add_part", args=[participant.pk, "languages"])
    response = client.post(
        add, {"languages-language": "de", "languages-level": "B1", "languages-speaking": "B2"}
    )
    assert response.status_code == 302
    skill = LanguageSkill.objects.get(participant=participant)
    assert (skill.level, skill.speaking) == ("B1", "B2")
    bad = client.post(add, {"languages-language": "de", "languages-level": "B3"})
    assert bad.status_code == 400 and LanguageSkill.objects.count() == 1
    client.post(
        reverse("participants:add_part", args=[participant.pk, "languages"]),
        {"languages-language": "ar", "languages-is_native": "on"},
    )
    overview = client.get(reverse("participants:case", args=[participant.pk]))
    assert "Mehrsprachig" in overview.content.decode()
    remove = reverse("participants:remove_part", args=[participant.pk, "languages", skill.pk])
    assert client.post(remove).status_code == 302
    assert not LanguageSkill.objects.filter(pk=skill.pk).exists()
    deleted = AuditEntry.objects.get(
        action=AuditAction.DELETE, target_type="participants.languageskill"
    )
    assert deleted.organisation_id == participant.organisation_id


def test_work_experience_with_an_end_before_its_start_is_refused(world, client, cases, counsellor):
    participant = cases["A1:assigned"]
    response = client.post(
        reverse("participants:add_part", args=[participant.pk, "work"]),
        {
            "work-title": "Koch",
            "work-country": "SY",
            "work-started_on": "2015-01-01",
            "work-ended_on": "2014-01-01",
            "work-share_of_full_time": "100",
        },
    )
    assert response.status_code == 400 and "vor dem Beginn" in response.content.decode()
    assert WorkExperience.objects.count() == 0


def test_a_session_with_a_next_step_appears_on_the_dashboard(world, client, cases, counsellor):
    participant = cases["A1:assigned"]
    due = timezone.localdate() + timedelta(days=3)
    response = client.post(
        reverse("participants:add_session", args=[participant.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "duration_minutes": "60",
            "form": "phone",
            "topics": ["recognition", "language"],
            "notes": "Unterlagen besprochen",
            "confidential_notes": "Gesundheit",
            "next_step": "Zeugnisse übersetzen lassen",
            "next_step_due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    session = CounsellingSession.objects.get()
    assert session.topics == ["recognition", "language"] and session.author == counsellor
    step = NextStep.objects.get()
    assert step.due_on == due and step.assignee == counsellor
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Zeugnisse übersetzen lassen" in dashboard
    participant.refresh_from_db()
    assert (participant.last_session_on, participant.next_step_due_on) == (
        timezone.localdate(),
        due,
    )
    client.post(reverse("participants:complete_step", args=[participant.pk, step.pk]))
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    participant.refresh_from_db()
    assert participant.next_step_due_on is None  # the caseload sorts by it


def test_a_session_in_the_future_or_a_next_step_without_date_is_refused(
    world, client, cases, counsellor
):
    participant = cases["A1:assigned"]
    url = reverse("participants:add_session", args=[participant.pk])
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    base = {"duration_minutes": "30", "form": "in_person"}
    assert client.post(url, base | {"held_on": future}).status_code == 400
    assert client.post(url, base | {"held_on": "2026-01-01", "next_step": "x"}).status_code == 400
    assert (
        client.post(url, base | {"held_on": "2026-01-01", "duration_minutes": "99999"}).status_code
        == 400
    )
    assert CounsellingSession.objects.count() == 0 and NextStep.objects.count() == 0


def test_confidential_notes_are_stored_encrypted(world, cases):
    from django.db import connection

    from lotse.participants import services
    from lotse.permissions import actor_for

    services.record_session(
        actor=actor_for(world.users["counsellor"]),
        participant=cases["A1:assigned"],
        values={"confidential_notes": "Kanarienvogel-Geheimnis"},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT confidential_notes FROM participants_counsellingsession")
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:") and "Kanarienvogel" not in stored
    assert CounsellingSession.objects.get().confidential_notes == "Kanarienvogel-Geheimnis"


def test_consent_is_recorded_with_its_text_version_and_withdrawn(world, client, cases, counsellor):
    from lotse.participants.selectors import consent_allows

    participant = cases["A1:assigned"]
    partner = world.organisations["A2"]
    url = reverse("participants:add_consent", args=[participant.pk])
    missing_recipient = client.post(
        url, {"purpose": "sharing", "text_language": "ar", "method": "signature", "confirmed": "on"}
    )
    assert missing_recipient.status_code == 400 and Consent.objects.count() == 0
    response = client.post(
        url,
        {
            "purpose": "sharing",
            "recipient": partner.pk,
            "text_language": "ar",
            "method": "signature",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.text_version, consent.text_language, consent.recorded_by) == (
        "2026-12",
        "ar",
        counsellor,
    )
    assert consent_allows(participant_id=participant.pk, purpose="sharing", recipient_id=partner.pk)
    assert not consent_allows(
        participant_id=participant.pk, purpose="sharing", recipient_id=world.organisations["B1"].pk
    )
    assert not consent_allows(participant_id=participant.pk, purpose="matching")
    client.post(reverse("participants:withdraw_consent", args=[participant.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == counsellor
    assert not consent_allows(
        participant_id=participant.pk, purpose="sharing", recipient_id=partner.pk
    )


def test_the_external_exam_check_shows_what_is_missing(world, client, cases, counsellor):
    participant = cases["A1:assigned"]
    cook = Occupation.objects.filter(duration_months=36).first()
    WorkExperience.objects.create(
        participant=participant,
        title="Koch",
        occupation=cook,
        country="SY",
        started_on=date(2018, 1, 1),
        ended_on=date(2019, 12, 31),
    )
    response = client.get(
        reverse("participants:exam_check", args=[participant.pk]), {"occupation": cook.pk}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "24 Monate angerechnet, 54 erforderlich" in text and "30 Monate fehlen" in text
    empty = client.get(
        reverse("participants:exam_check", args=[participant.pk]), {"occupation": "abc"}
    )
    assert empty.status_code == 400


@pytest.mark.parametrize(
    "role",
    [
        Role.PLATFORM_ADMIN,
        Role.NETWORK_COORDINATOR,
        Role.BUSINESS_LIAISON,
        Role.RESEARCHER,
        Role.MULTIPLIER,
        Role.COMPANY_USER,
    ],
)
def test_roles_without_case_files_get_404_everywhere(world, client, cases, role):
    client.force_login(world.role_user(role))
    participant = cases["A1:assigned"]
    for url in (
        reverse("participants:caseload"),
        reverse("participants:open"),
        reverse("participants:case", args=[participant.pk]),
        reverse("participants:edit", args=[participant.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("participants:add_session", args=[participant.pk]), {"held_on": "2026-01-01"}
        ).status_code
        == 404
    )
    assert CounsellingSession.objects.count() == 0


def test_another_organisations_case_answers_404_and_forged_posts_change_nothing(
    world, client, cases, counsellor
):
    foreign = cases["A2"]
    assert client.get(reverse("participants:case", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("participants:edit", args=[foreign.pk]), PERSON).status_code == 404
    assert (
        client.post(
            reverse("participants:add_part", args=[foreign.pk, "languages"]),
            {"languages-language": "de"},
        ).status_code
        == 404
    )
    own = cases["A1:assigned"]
    skill = LanguageSkill.objects.create(participant=foreign, language="tr")
    # A record of another case, addressed through one's own case.
    assert (
        client.post(
            reverse("participants:remove_part", args=[own.pk, "languages", skill.pk])
        ).status_code
        == 404
    )
    assert LanguageSkill.objects.filter(pk=skill.pk).exists()
    assert (
        client.post(reverse("participants:add_part", args=[own.pk, "nothing"]), {}).status_code
        == 404
    )
    assert (
        client.get(
            reverse("participants:case", args=[own.pk]).replace(str(own.pk), "9" * 25)
        ).status_code
        == 404
    )
    # The caseload lists only the counsellor's cases.
    listed = client.get(reverse("participants:caseload"), {"status": "all"}).content.decode()
    assert "Olena" not in listed and "Ahmet" not in listed


def test_the_caseload_finds_a_name_in_any_script_and_filters(world, client, cases, counsellor):
    url = reverse("participants:caseload")
    for query in ("Mohammed", "Muhammad", "محمد", "hassan"):
        found = client.get(url, {"q": query}).content.decode()
        assert reverse("participants:case", args=[cases["A1:assigned"].pk]) in found, query
    assert "محمد" not in client.get(url, {"q": "Olga"}).content.decode()
    assert "محمد" in client.get(url, {"district": "Schwerin"}).content.decode()
    assert "محمد" not in client.get(url, {"district": "Gelsenkirchen, Stadt"}).content.decode()
    hostile = client.get(url, {"q": "' OR 1=1 --<script>", "order": "drop", "page": "999999999999"})
    assert hostile.status_code == 200 and "<script>" not in hostile.content.decode()


def test_an_edit_changes_only_what_was_changed_and_is_audited(world, client, cases, counsellor):
    participant = cases["A1:assigned"]
    form = client.get(reverse("participants:edit", args=[participant.pk]))
    assert form.status_code == 200
    data = {
        "given_names": participant.given_names,
        "family_names": participant.family_names,
        "given_names_latin": "Mohamed",
        "family_names_latin": participant.family_names_latin,
        "date_of_birth": "1990-03-04",
        "gender": "not_stated",
        "postcode": "19053",
    }
    assert client.post(reverse("participants:edit", args=[participant.pk]), data).status_code == 302
    entry = AuditEntry.objects.filter(
        action=AuditAction.UPDATE, target_type="participants.participant"
    ).get()
    assert entry.changed_fields == ["given_names_latin"]
    participant.refresh_from_db()
    assert "mohamed" in participant.search_text


def test_an_organisation_admin_opens_cases_to_the_team(world, client, cases):
    client.force_login(world.users["organisation_admin"])
    assert client.get(reverse("participants:access")).status_code == 200
    response = client.post(
        reverse("participants:access"),
        {"organisation": world.organisations["A1"].pk, "team_access": "1"},
    )
    assert response.status_code == 302
    client.force_login(world.users["counsellor"])
    assert (
        client.get(reverse("participants:case", args=[cases["A1:unassigned"].pk])).status_code
        == 200
    )
    forged = client.post(
        reverse("participants:access"), {"organisation": world.organisations["A1"].pk}
    )
    assert forged.status_code == 404


def test_the_same_spelling_comes_before_other_names_with_the_same_skeleton(
    world, client, counsellor
):
    from tests.participants.conftest import open_case

    mahmood = open_case(world, "A1", "counsellor", given_names="Mahmood", family_names="Ahmadi")
    mohamed = open_case(world, "A1", "counsellor", given_names="Mohamed", family_names="Ahmadi")
    page = client.get(reverse("participants:caseload"), {"q": "Mohamed"})
    listed = [case.pk for case in page.context["page"]]
    assert listed == [mohamed.pk, mahmood.pk]


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name, content, content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_document_is_stored_under_a_random_name_and_downloaded_with_a_check(
    world, client, cases, counsellor, media_folder
):
    from lotse.participants.models import Document

    participant = cases["A1:assigned"]
    response = client.post(
        reverse("participants:add_document", args=[participant.pk]),
        {
            "kind": "certificate",
            "title": "Zeugnis Damaskus",
            "file": upload("zeugnis-mohammed.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    assert "mohammed" not in document.file.name and document.file.name.endswith(".pdf")
    assert (media_folder / document.file.name).read_bytes() == PDF
    download = client.get(reverse("participants:document", args=[participant.pk, document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, target_type="participants.document"
    ).exists()
    client.force_login(world.users["counsellor@A2"])
    assert (
        client.get(reverse("participants:document", args=[participant.pk, document.pk])).status_code
        == 404
    )
    client.force_login(counsellor)
    remove = reverse("participants:remove_part", args=[participant.pk, "documents", document.pk])
    with_callbacks = client.post(remove)
    assert with_callbacks.status_code == 302 and not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bild.exe", b"MZ\x90\x00binary", "PDF, JPEG oder PNG"),
        ("fake.pdf", b"<html><script>alert(1)</script>", "PDF, JPEG oder PNG"),
        ("gross.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10), "größer als 1 MB"),
    ],
)
def test_wrong_file_types_and_oversize_uploads_are_refused(
    world, client, cases, counsellor, media_folder, settings, name, content, message
):
    from lotse.participants.models import Document

    settings.LOTSE_MAX_UPLOAD_BYTES = 1024 * 1024
    response = client.post(
        reverse("participants:add_document", args=[cases["A1:assigned"].pk]),
        {"kind": "other", "title": "Datei", "file": upload(name, content)},
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Document.objects.exists()
    assert not media_folder.exists() or not any(media_folder.rglob("*.*"))


def test_a_duplicate_is_merged_keeping_everything_and_audited(world, client, cases, counsellor):
    from lotse.participants import services
    from lotse.permissions import actor_for
    from tests.participants.conftest import open_case

    keep = cases["A1:assigned"]
    duplicate = open_case(
        world,
        "A1",
        "counsellor",
        given_names="Muhammad",
        family_names="Alhasan",
        date_of_birth=date(1990, 3, 4),
        phone="+49 385 555",
    )
    LanguageSkill.objects.create(participant=duplicate, language="de", level="B2")
    LanguageSkill.objects.create(participant=keep, language="de", certificate="telc")
    services.record_session(
        actor=actor_for(counsellor), participant=duplicate, values={"notes": "Erstgespräch"}
    )
    page = client.get(reverse("participants:merge", args=[keep.pk]))
    assert page.status_code == 200 and f'value="{duplicate.pk}"' in page.content.decode()
    unconfirmed = client.post(
        reverse("participants:merge", args=[keep.pk]), {"duplicate": duplicate.pk}
    )
    assert unconfirmed.status_code == 400 and Participant.objects.filter(pk=duplicate.pk).exists()
    foreign = client.post(
        reverse("participants:merge", args=[keep.pk]),
        {"duplicate": cases["A2"].pk, "confirmed": "1"},
    )
    assert foreign.status_code == 400 and Participant.objects.filter(pk=cases["A2"].pk).exists()
    merged = client.post(
        reverse("participants:merge", args=[keep.pk]), {"duplicate": duplicate.pk, "confirmed": "1"}
    )
    assert merged.status_code == 302
    keep.refresh_from_db()
    assert not Participant.objects.filter(pk=duplicate.pk).exists()
    assert keep.phone == "+49 385 555" and "Muhammad" in keep.other_names
    german = LanguageSkill.objects.get(participant=keep, language="de")
    assert (german.level, german.certificate) == ("B2", "telc")
    assert CounsellingSession.objects.get().participant == keep
    found = client.get(reverse("participants:caseload"), {"q": "Alhasan"}).context["page"]
    assert [c.pk for c in found] == [keep.pk]
    notes = set(
        AuditEntry.objects.filter(note__contains="merged").values_list("target_id", flat=True)
    )
    assert notes == {str(keep.pk), str(duplicate.pk)}


def test_country_and_language_lists_are_real_options_and_keep_the_choice(db):
    from lotse.participants.forms import ParticipantForm

    form = ParticipantForm(initial={"preferred_language": "ar", "nationalities": ["SY", "TR"]})
    language = str(form["preferred_language"])
    assert '<option value="ar" selected>Arabisch</option>' in language and "&lt;" not in language
    nationalities = str(form["nationalities"])
    assert "multiple" in nationalities and nationalities.count(" selected>") == 2
    bad = ParticipantForm(
        {"given_names": "A", "family_names": "B", "preferred_language": '"><script>'}
    )
    assert not bad.is_valid() and "<script>" not in str(bad["preferred_language"])


def test_coordinators_see_counts_with_small_groups_hidden_and_no_names(world, client, cases):
    from lotse.hooks import bar_chart
    from tests.participants.conftest import open_case

    for n in range(6):
        open_case(world, "A2", "counsellor@A2", given_names=f"Person{n}", family_names="Test")
    client.force_login(world.users["network_coordinator"])
    page = client.get(reverse("dashboard")).content.decode()
    assert "participants-network_counts" in page or "Fälle in Ihrem Netzwerk" in page
    assert "محمد" not in page and "Olena" not in page and "Person1" not in page
    chart = {
        bar["label"]: bar["value"] for bar in bar_chart([("A1", 2), ("A2", 7)], suppress_below=5)
    }
    assert chart == {"A1": "<5", "A2": 7}
    client.force_login(world.users["counsellor@B1"])
    assert "participants-network_counts" not in client.get(reverse("dashboard")).content.decode()


def test_tabs_need_the_same_number_of_queries_for_one_record_or_many(
    world, client, cases, counsellor, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lotse.participants import services
    from lotse.participants.models import Qualification
    from lotse.permissions import actor_for

    participant = cases["A1:assigned"]
    occupations = list(Occupation.objects.filter(duration_months__isnull=False)[:6])
    url = reverse("participants:case", args=[participant.pk])

    def queries(tab):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"tab": tab}).status_code == 200
        return len(captured.captured_queries)

    def add(count):
        for occupation in occupations[:count]:
            services.record_session(
                actor=actor_for(counsellor),
                participant=participant,
                values={"confidential_notes": "x"},
            )
            WorkExperience.objects.create(
                participant=participant,
                title="t",
                occupation=occupation,
                country="SY",
                started_on=date(2015, 1, 1),
            )
            Qualification.objects.create(
                participant=participant, kind="vocational", title_as_written="q", country="SY"
            ).occupations.add(occupation)

    add(1)
    queries("overview")  # the first page of a session writes the session once
    few = {tab: queries(tab) for tab in ("sessions", "profile")}
    add(6)
    assert {tab: queries(tab) for tab in ("sessions", "profile")} == few
