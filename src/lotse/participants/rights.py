"""The rights of the person: access to everything held (Art. 15 GDPR) and erasure (Art. 17).

``access_report`` gathers every record about a person, who read or changed them and when, and
whom data went to; it is written as JSON (machine-readable), as a PDF (readable, in the person's
language, Arabic shaped and right-to-left) and, for the page, as one ZIP with their documents.
``erase`` removes the person from every table and file and keeps a ledger entry that says what
was done without saying about whom.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lotse import permissions
from lotse.accounts import selectors as accounts
from lotse.audit import selectors as audit_log
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.participants.files import SUFFIXES
from lotse.participants.models import (
    PERSON_DETAILS,
    Consent,
    CounsellingSession,
    Document,
    ErasureRecord,
    EsfRecord,
    LanguageSkill,
    NextStep,
    Participant,
    PathwayStep,
    Qualification,
    Referral,
    RetainedEsfRecord,
    SchoolCertificate,
    Strength,
    Topic,
    WishedOccupation,
    WorkExperience,
    other_case_parts,
)
from lotse.permissions import Actor
from lotse.places import countries

EXPORT_VERSION = 1
PERSON_FIELDS = (
    *PERSON_DETAILS,
    "district",
    "state_code",
    "strengths_note",
    "other_names",
    "wished_area",
    "max_commute_km",
    "working_time",
    "available_from",
)
# (key in the report, model, fields)
PARTS: tuple[tuple[str, type[models.Model], tuple[str, ...]], ...] = (
    (
        "languages",
        LanguageSkill,
        (
            "language",
            "is_native",
            "level",
            "listening",
            "reading",
            "speaking",
            "writing",
            "certificate",
            "certificate_year",
        ),
    ),
    (
        "school_certificates",
        SchoolCertificate,
        ("country", "kind", "isced_level", "german_equivalent", "year"),
    ),
    (
        "qualifications",
        Qualification,
        ("kind", "title_as_written", "country", "year", "duration_months"),
    ),
    (
        "work_experience",
        WorkExperience,
        ("title", "occupation_id", "country", "started_on", "ended_on", "share_of_full_time"),
    ),
    ("strengths", Strength, ("kind", "description")),
    ("wished_occupations", WishedOccupation, ("occupation_id", "note")),
    (
        "counselling_sessions",
        CounsellingSession,
        (
            "held_on",
            "duration_minutes",
            "form",
            "language",
            "interpreter_present",
            "topics",
            "notes",
            "confidential_notes",
        ),
    ),
    ("next_steps", NextStep, ("description", "due_on", "done_on")),
    ("pathway", PathwayStep, ("kind", "title", "occupation_id", "status", "starts_on", "ends_on")),
    (
        "consents",
        Consent,
        (
            "purpose",
            "recipient_id",
            "text_version",
            "text_language",
            "method",
            "given_at",
            "withdrawn_at",
        ),
    ),
    ("documents", Document, ("kind", "title", "content_type", "size", "created_at")),
    (
        "referrals",
        Referral,
        (
            "recipient_id",
            "offer",
            "message",
            "shared_parts",
            "status",
            "created_at",
            "responded_at",
            "response_note",
            "completed_at",
        ),
    ),
    (
        "esf_monitoring",
        EsfRecord,
        (
            "entered_on",
            "employment_status",
            "age_at_entry",
            "isced_level",
            "gender",
            "third_country_national",
            "foreign_background",
            "disability",
            "homeless",
            "sensitive_questions_asked_on",
            "exited_on",
            "immediate_result",
            "follow_up_due",
            "longer_term_result",
        ),
    ),
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _records(
    participant: Participant, model: type[models.Model], fields: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows = model._default_manager.filter(participant=participant).order_by("pk")
    return [{"id": row.pk, **{f: _plain(getattr(row, f)) for f in fields}} for row in rows]


def report_parts() -> tuple[tuple[str, type[models.Model], tuple[str, ...]], ...]:
    """The report's parts: the case's own, then those other apps registered."""
    others = tuple((p.report_key, p.model, p.report_fields) for p in other_case_parts())
    return PARTS + others


def _part_ids(participant: Participant) -> dict[str, list[str]]:
    return {
        model._meta.label_lower: [
            str(pk)
            for pk in model._default_manager.filter(participant=participant).values_list(
                "pk", flat=True
            )
        ]
        for _, model, _ in report_parts()
    }


def access_report(*, actor: Actor, participant_id: int) -> dict[str, Any]:
    """Everything held about the person of a case the actor may open; the export is audited."""
    participant = permissions.get_or_404(
        actor,
        permissions.VIEW,
        Participant.objects.select_related("organisation__network"),
        pk=participant_id,
    )
    organisation = participant.organisation
    entries = audit_log.entries_about(
        record_type="participants.participant",
        record_id=str(participant.pk),
        label_suffix=f" of {participant.reference}",
    )
    people = accounts.names_of(user_ids={e.actor_id for e in entries if e.actor_id})
    shared = Consent.objects.filter(participant=participant, recipient__isnull=False)
    recipients = sorted(set(shared.values_list("recipient__name", flat=True)))
    report: dict[str, Any] = {
        "format": "lotse-access-report",
        "version": EXPORT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "legal_basis": "Art. 15 GDPR",
        "controller": {"organisation": organisation.name, "network": organisation.network.name},
        "case": {
            "id": participant.pk,
            "status": participant.status,
            "opened_on": _plain(participant.opened_on),
            "closed_on": _plain(participant.closed_on),
            "counsellors": sorted(
                accounts.names_of(
                    user_ids=set(participant.counsellors.values_list("pk", flat=True))
                ).values()
            ),
        },
        "person": {field: _plain(getattr(participant, field)) for field in PERSON_FIELDS},
        "recipients": recipients,
        "accesses": [
            {
                "at": entry.occurred_at.isoformat(),
                "by": people.get(entry.actor_id, "system") if entry.actor_id else "system",
                "action": entry.action,
                "record": entry.target_type.split(".")[-1],
                "fields": entry.changed_fields,
            }
            for entry in entries
        ],
    }
    for key, model, fields in report_parts():
        report[key] = _records(participant, model, fields)
    audit(
        actor=actor,
        action=AuditAction.EXPORT,
        target=participant,
        label=participant.reference,
        note="Art. 15 access report",
    )
    return report


def report_json(report: dict[str, Any]) -> bytes:
    return json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


PDF_LANGUAGES = {"de", "en", "ar", "tr", "uk", "ru"}
COUNTRY_FIELDS = {"country", "country_of_birth"}
LANGUAGE_FIELDS = {"language", "preferred_language", "text_language"}


def _shown(model: type[models.Model], name: str, value: Any, language: str) -> tuple[str, str]:
    """A field's label and value as a reader understands them, in the active language."""
    field: Any = model._meta.get_field(name.removesuffix("_id"))
    label = str(capfirst(field.verbose_name))
    choices = dict(field.flatchoices) if field.choices else {}
    if name == "topics":
        choices = dict(Topic.choices)
    if isinstance(value, bool):
        shown = str(_("yes") if value else _("no"))
    elif name in COUNTRY_FIELDS:
        shown = countries.country_name(value, language)
    elif name == "nationalities":
        shown = ", ".join(countries.country_name(code, language) for code in value)
    elif name in LANGUAGE_FIELDS:
        shown = countries.language_name(value, language)
    elif isinstance(value, list):
        shown = ", ".join(str(choices.get(v, v)) for v in value)
    elif value in choices:
        shown = str(choices[value])
    else:
        shown = str(value)
    return label, shown


def _filled(value: Any) -> bool:
    return value not in (None, "", [])


def report_pdf(report: dict[str, Any]) -> bytes:
    """The report as a readable PDF in the person's language where Lotse speaks it."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    language = report["person"].get("preferred_language") or settings.LANGUAGE_CODE
    if language not in PDF_LANGUAGES:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        person = [
            _shown(Participant, name, value, language)
            for name, value in report["person"].items()
            if _filled(value)
        ]
        sections = [
            (
                str(capfirst(model._meta.verbose_name)),
                [
                    [
                        _shown(model, n, v, language)
                        for n, v in row.items()
                        if n != "id" and _filled(v)
                    ]
                    for row in report[key]
                ],
            )
            for key, model, _ in report_parts()
            if report[key]
        ]
        html = render_to_string(
            "participants/access_report.html",
            {
                "report": report,
                "accesses": grouped_accesses(report["accesses"]),
                "person": person,
                "sections": sections,
                "rtl": translation.get_language_bidi(),
                "language": language,
            },
        )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def grouped_accesses(accesses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The access history for reading: the same person doing the same to the same kind of
    record on one day is one line with a count (the JSON keeps every entry)."""
    groups: dict[tuple[str, str, str, str], int] = {}
    for access in accesses:
        key = (access["at"][:10], access["by"], access["action"], access["record"])
        groups[key] = groups.get(key, 0) + 1
    return [
        {"day": day, "by": by, "action": action, "record": record, "times": times}
        for (day, by, action, record), times in groups.items()
    ]


def warm_up_pdf() -> None:
    """Render a one-line PDF in Arabic and Latin script, so that the fonts are loaded before
    the first access report is asked for (called at server start, before the workers fork)."""
    from weasyprint import HTML

    HTML(
        string="<p style=\"font-family: 'Noto Sans', 'Noto Sans Arabic'\">Lotse لوتسه</p>"
    ).write_pdf()


def report_zip(*, report: dict[str, Any]) -> bytes:
    """JSON, PDF and the person's own documents in one file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("access-report.json", report_json(report))
        archive.writestr("access-report.pdf", report_pdf(report))
        for document in Document.objects.filter(pk__in=[d["id"] for d in report["documents"]]):
            with document.file.open("rb") as stored:
                suffix = SUFFIXES.get(document.content_type, "")
                archive.writestr(f"documents/document-{document.pk}{suffix}", stored.read())
    return buffer.getvalue()


def age_band(age: int | None) -> str:
    """The ESF+ age groups of Annex I (below 18, 18–29, 55 and above; the rest between)."""
    if age is None:
        return ""
    if age < 18:
        return "<18"
    if age <= 29:
        return "18-29"
    return "55+" if age >= 55 else "30-54"


def esf_keep_until(record: EsfRecord) -> date:
    """31 December of the year the ESF+ retention ends (LOTSE_ESF_RETENTION_YEARS after the
    exit, or after the entry while the person has not left)."""
    start = record.exited_on or record.entered_on
    return date(start.year + settings.LOTSE_ESF_RETENTION_YEARS, 12, 31)


def _retain_esf_record(participant: Participant) -> RetainedEsfRecord | None:
    """What the funder's audit needs, without anything that leads back to the person."""
    record = EsfRecord.objects.filter(participant=participant).first()
    if record is None or esf_keep_until(record) < timezone.localdate():
        return None
    return RetainedEsfRecord.objects.create(
        organisation_id=participant.organisation_id,
        entered_on=record.entered_on,
        exited_on=record.exited_on,
        employment_status=record.employment_status,
        age_band=age_band(record.age_at_entry),
        isced_level=record.isced_level,
        gender=record.gender,
        third_country_national=record.third_country_national,
        foreign_background=record.foreign_background,
        immediate_result=record.immediate_result,
        longer_term_result=record.longer_term_result,
        keep_until=esf_keep_until(record),
    )


def _delete_files(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


@dataclass(frozen=True)
class ErasureResult:
    record: ErasureRecord
    files_deleted: int


@transaction.atomic
def erase(*, actor: Actor, participant: Participant, reason: str) -> ErasureResult:
    """Remove the person from every table and file. What a legal retention period still needs
    would be kept pseudonymised and scheduled (ESF+ monitoring, once it is recorded); the
    ledger entry names the case number, the organisation and what was removed, never the
    person."""
    permissions.require(actor, permissions.CHANGE, participant)
    retained = _retain_esf_record(participant)
    counts = {
        key: model._default_manager.filter(participant=participant).count()
        for key, model, _ in report_parts()
    }
    files = [d.file.name for d in Document.objects.filter(participant=participant) if d.file.name]
    storage = Document._meta.get_field("file").storage  # type: ignore[attr-defined]
    record = ErasureRecord.objects.create(
        organisation_id=participant.organisation_id,
        case_number=participant.pk,
        reason=reason[:40],
        performed_by_id=actor.user_id,
        removed=counts | {"person": 1, "files": len(files)},
        retained=["esf_monitoring"] if retained else [],
        final_deletion_due=retained.keep_until if retained else None,
    )
    audit(
        actor=actor,
        action=AuditAction.DELETE,
        target=participant,
        label=participant.reference,
        note=f"erased (Art. 17), ledger entry {record.pk}",
    )
    participant.counsellors.clear()
    participant.delete()  # the parts go with it (on delete: cascade)
    transaction.on_commit(partial(_delete_files, storage, files))
    return ErasureResult(record=record, files_deleted=len(files))
