"""The rights of the person: the access report holds everything, erasure leaves nothing.

The erasure test plants a unique canary in every personal field and file of a case, erases it,
and proves with a full dump of the database (SQLite's .dump, pg_dump on PostgreSQL) and a scan
of the media folder that no canary survives, audit labels included.
"""

import io
import json
import os
import shutil
import subprocess
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lotse.participants import rights, services
from lotse.participants.models import (
    CounsellingSession,
    ErasureRecord,
    LanguageSkill,
    Participant,
    PathwayStep,
    Qualification,
    SchoolCertificate,
    Strength,
    WorkExperience,
)
from lotse.permissions import actor_for
from tests.participants.conftest import open_case

PDF = b"%PDF-1.4\n% canary-file-CNRY00\n%%EOF\n"


def canary(n):
    return f"CNRY{n:02d}x"


def plant(world, media_folder):
    """A case with a canary in every personal value, a session, a document and consents."""
    counsellor = actor_for(world.users["counsellor"])
    participant = open_case(
        world,
        "A1",
        "counsellor",
        given_names=canary(1),
        family_names=canary(2),
        given_names_latin=canary(3),
        family_names_latin=canary(4),
        email=f"{canary(5).lower()}@example.org",
        phone=canary(6),
        strengths_note=canary(7),
        wished_area=canary(8),
        residence_status="protection",
        date_of_birth=date(1987, 6, 5),
    )
    values = [
        (LanguageSkill(participant=participant, language="ar", certificate=canary(10)), {}),
        (SchoolCertificate(participant=participant, country="SY", kind=canary(11)), {}),
        (
            Qualification(
                participant=participant,
                kind="vocational",
                title_as_written=canary(12),
                country="SY",
            ),
            {},
        ),
        (
            WorkExperience(
                participant=participant, title=canary(13), country="SY", started_on=date(2010, 1, 1)
            ),
            {},
        ),
        (Strength(participant=participant, kind="skill", description=canary(14)), {}),
        (PathwayStep(participant=participant, kind="job", title=canary(15)), {}),
    ]
    for record, extra in values:
        services.save_record(actor=counsellor, record=record, values=extra)
    services.record_session(
        actor=counsellor,
        participant=participant,
        values={"notes": canary(16), "confidential_notes": canary(17)},
        next_steps=[(canary(18), timezone.localdate() + timedelta(days=3))],
    )
    services.record_consent(
        actor=counsellor,
        participant=participant,
        purpose="sharing",
        recipient=world.organisations["A2"],
        text_version="2026-12",
        text_language="ar",
        method="signature",
    )
    upload = SimpleUploadedFile("CNRY19x.pdf", PDF, content_type="application/pdf")
    services.add_document(
        actor=counsellor,
        participant=participant,
        kind="certificate",
        title=canary(20),
        upload=upload,
    )
    services.change_participant(
        actor=counsellor, participant=participant, values={"phone": canary(21)}
    )
    return participant


def database_dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    environment = os.environ | {"PGPASSWORD": settings.get("PASSWORD") or ""}
    return subprocess.run(
        [
            pg_dump,
            "--data-only",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            settings["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout


def media_text(folder) -> str:
    if not folder.exists():
        return ""
    return "\n".join(
        path.read_bytes().decode("latin-1") for path in folder.rglob("*") if path.is_file()
    )


@pytest.mark.django_db(transaction=True)
def test_erasure_leaves_no_canary_in_any_table_file_or_audit_label(world, media_folder):
    participant = plant(world, media_folder)
    before = database_dump() + media_text(media_folder)
    # The test can fail: before erasure the plain canaries are there (the encrypted ones are
    # only ciphertext, and are read back decrypted).
    # CNRY06x, the first phone number, was replaced by CNRY21x: it is held nowhere any more.
    planted = [canary(n) for n in (1, 2, 3, 4, 7, 8, 10, 11, 12, 13, 14, 15, 16, 18, 20, 21)]
    assert all(c in before for c in planted), [c for c in planted if c not in before]
    assert "CNRY00" in media_text(media_folder)
    assert CounsellingSession.objects.get().confidential_notes == canary(17)

    case_number = participant.pk
    result = rights.erase(
        actor=actor_for(world.users["organisation_admin"]),
        participant=participant,
        reason="request",
    )

    after = database_dump() + media_text(media_folder)
    survivors = [canary(n) for n in range(22) if canary(n) in after or canary(n).lower() in after]
    assert survivors == []
    assert "CNRY" not in after
    assert not Participant.objects.filter(pk=case_number).exists()
    ledger = ErasureRecord.objects.get()
    assert ledger == result.record and ledger.case_number == case_number
    assert ledger.removed["counselling_sessions"] == 1 and ledger.removed["files"] == 1


def test_the_access_report_holds_every_record_and_who_touched_it(world, cases, media_folder):
    participant = plant(world, media_folder)
    admin = actor_for(world.users["organisation_admin"])
    report = rights.access_report(actor=admin, participant_id=participant.pk)
    text = json.dumps(report, ensure_ascii=False)
    missing = [
        canary(n)
        for n in range(1, 22)
        if n not in (6, 9, 19) and canary(n) not in text and canary(n).lower() not in text
    ]
    assert missing == []
    assert report["person"]["residence_status"] == "protection"
    assert report["recipients"] == [world.organisations["A2"].name]
    who = {access["by"] for access in report["accesses"]}
    assert world.users["counsellor"].full_name in who
    assert {access["record"] for access in report["accesses"]} >= {
        "participant",
        "document",
        "counsellingsession",
    }
    # Reading the report is itself recorded, and shows in the next one.
    again = rights.access_report(actor=admin, participant_id=participant.pk)
    assert "export" in {access["action"] for access in again["accesses"]}


def test_the_access_report_downloads_as_zip_pdf_and_json(world, client, cases, media_folder):
    participant = plant(world, media_folder)
    client.force_login(world.users["counsellor"])
    url = reverse("participants:access_report", args=[participant.pk])
    archive = zipfile.ZipFile(io.BytesIO(client.get(url).content))
    assert set(archive.namelist()) >= {"access-report.json", "access-report.pdf"}
    assert any(name.startswith("documents/") for name in archive.namelist())
    assert archive.read("access-report.pdf").startswith(b"%PDF")
    assert json.loads(archive.read("access-report.json"))["person"]["given_names"] == canary(1)
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(world.users["counsellor@A2"])
    assert client.get(url).status_code == 404


def test_an_arabic_report_is_shaped_right_to_left(world, cases):
    pytest.importorskip("pypdf")
    from pypdf import PdfReader

    participant = cases["A1:assigned"]
    services.change_participant(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        values={"preferred_language": "ar"},
    )
    report = rights.access_report(
        actor=actor_for(world.users["counsellor"]), participant_id=participant.pk
    )
    pdf = PdfReader(io.BytesIO(rights.report_pdf(report)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "محمد" in text or "دمحم" in text  # the name, in Arabic glyphs (shaped)
    fonts = {str(font) for page in pdf.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts


def test_erasure_through_the_page_needs_the_case_number_and_the_api_too(
    world, client, api_client_token, cases
):
    participant = cases["A1:assigned"]
    client.force_login(world.users["counsellor"])
    url = reverse("participants:erase", args=[participant.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"reason": "request", "confirm_case": participant.pk + 1})
    assert wrong.status_code == 400 and Participant.objects.filter(pk=participant.pk).exists()
    client.force_login(world.users["counsellor@A2"])
    assert (
        client.post(url, {"reason": "request", "confirm_case": participant.pk}).status_code == 404
    )
    client.logout()
    headers = api_client_token("counsellor")
    refused = client.post(
        f"/api/participants/{participant.pk}/erasure",
        {"reason": "request", "confirm_case": participant.pk + 1000},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422
    erased = client.post(
        f"/api/participants/{participant.pk}/erasure",
        {"reason": "request", "confirm_case": participant.pk},
        content_type="application/json",
        headers=headers,
    )
    assert erased.status_code == 200 and erased.json()["removed"]["person"] == 1
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert client.get(f"/api/participants/{participant.pk}", headers=headers).status_code == 404


def test_the_api_export_is_the_access_report(world, client, api_client_token, cases):
    participant = cases["A1:assigned"]
    headers = api_client_token("counsellor")
    body = client.get(f"/api/participants/{participant.pk}/export", headers=headers).json()
    assert body["format"] == "lotse-access-report" and body["person"]["given_names"] == "محمد"
    assert (
        client.get(f"/api/participants/{cases['A2'].pk}/export", headers=headers).status_code == 404
    )


def test_the_pdf_groups_repeated_reads_into_one_line_a_day():
    accesses = [
        {"at": "2026-12-02T10:00:00", "by": "A", "action": "view", "record": "participant"},
        {"at": "2026-12-02T11:00:00", "by": "A", "action": "view", "record": "participant"},
        {"at": "2026-12-03T09:00:00", "by": "A", "action": "view", "record": "participant"},
        {"at": "2026-12-03T09:05:00", "by": "B", "action": "update", "record": "participant"},
    ]
    grouped = rights.grouped_accesses(accesses)
    assert [(g["day"], g["by"], g["times"]) for g in grouped] == [
        ("2026-12-02", "A", 2),
        ("2026-12-03", "A", 1),
        ("2026-12-03", "B", 1),
    ]
