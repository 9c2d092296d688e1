"""Writes to the occupation catalogue. Imports run in one transaction with one audit entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from lotse import permissions
from lotse.accounts.models import User
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_event
from lotse.occupations.esco_files import Concept, EscoData
from lotse.occupations.models import Occupation, OccupationLabel

BATCH = 2000
Progress = Callable[[int], None]


@dataclass
class ImportReport:
    concepts_created: int = 0
    concepts_updated: int = 0
    labels_added: dict[str, int] = field(default_factory=dict)
    labels_removed: dict[str, int] = field(default_factory=dict)
    rejected: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.concepts_created
            or self.concepts_updated
            or self.labels_added
            or self.labels_removed
        )


def _fields(concept: Concept) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": concept.kind,
        "code": concept.code,
        "isco_code": concept.isco_code,
        "source": f"ESCO v{concept.version}" if concept.version else "ESCO",
    }
    if concept.regulated is not None:
        values["regulated"] = concept.regulated
    return values


def _upsert_concepts(
    data: EscoData, report: ImportReport, progress: Progress | None
) -> dict[str, int]:
    existing = {o.key: o for o in Occupation.objects.filter(key__in=list(data.concepts))}
    to_create, to_update = [], []
    for concept in data.concepts.values():
        values = _fields(concept)
        occupation = existing.get(concept.uri)
        if occupation is None:
            to_create.append(
                Occupation(key=concept.uri, descriptions=concept.descriptions, **values)
            )
            continue
        descriptions = {**occupation.descriptions, **concept.descriptions}
        if descriptions != occupation.descriptions or any(
            getattr(occupation, name) != value for name, value in values.items()
        ):
            for name, value in values.items():
                setattr(occupation, name, value)
            occupation.descriptions = descriptions
            to_update.append(occupation)
    Occupation.objects.bulk_create(to_create, batch_size=BATCH)
    Occupation.objects.bulk_update(
        to_update,
        ["kind", "code", "isco_code", "regulated", "source", "descriptions"],
        batch_size=BATCH,
    )
    report.concepts_created, report.concepts_updated = len(to_create), len(to_update)
    return dict(Occupation.objects.filter(key__in=list(data.concepts)).values_list("key", "id"))


def _link_broader(data: EscoData, ids: dict[str, int]) -> None:
    known = dict(
        Occupation.objects.filter(key__in=list(set(data.broader.values()))).values_list("key", "id")
    )
    known.update(ids)
    updates = []
    for occupation in Occupation.objects.filter(key__in=list(data.broader)).only(
        "id", "key", "broader_id"
    ):
        broader_id = known.get(data.broader[occupation.key])
        if broader_id and occupation.broader_id != broader_id:
            occupation.broader_id = broader_id
            updates.append(occupation)
    Occupation.objects.bulk_update(updates, ["broader"], batch_size=BATCH)


def _replace_labels(
    data: EscoData, ids: dict[str, int], report: ImportReport, progress: Progress | None
) -> None:
    """For each (concept, language) in the import, the file's labels become the stored ones."""
    languages = data.languages
    stored: dict[tuple[int, str], dict[tuple[str, str], int]] = {}
    for label_id, occupation_id, language, kind, text in OccupationLabel.objects.filter(
        occupation_id__in=list(ids.values()), language__in=languages
    ).values_list("id", "occupation_id", "language", "kind", "text"):
        stored.setdefault((occupation_id, language), {})[(kind, text)] = label_id
    to_create: list[OccupationLabel] = []
    to_delete: list[int] = []
    for done, concept in enumerate(data.concepts.values(), start=1):
        occupation_id = ids[concept.uri]
        for language, labels in concept.labels.items():
            current = stored.get((occupation_id, language), {})
            wanted = {(kind, text) for text, kind in labels}
            for kind, text in wanted - current.keys():
                to_create.append(
                    OccupationLabel(
                        occupation_id=occupation_id, language=language, kind=kind, text=text
                    )
                )
                report.labels_added[language] = report.labels_added.get(language, 0) + 1
            for key in current.keys() - wanted:
                to_delete.append(current[key])
                report.labels_removed[language] = report.labels_removed.get(language, 0) + 1
        if progress and done % 500 == 0:
            progress(500)
    if progress:
        progress(len(data.concepts) % 500)
    for start in range(0, len(to_delete), BATCH):
        OccupationLabel.objects.filter(id__in=to_delete[start : start + BATCH]).delete()
    OccupationLabel.objects.bulk_create(to_create, batch_size=BATCH)


@transaction.atomic
def import_esco(
    *, actor: User | None, data: EscoData, progress: Progress | None = None
) -> ImportReport:
    """Write validated ESCO data. Re-importing the same files changes nothing."""
    if actor is not None:
        permissions.require(actor, permissions.ADD, Occupation(key="", kind="esco"))
    report = ImportReport(rejected=len(data.rejected))
    ids = _upsert_concepts(data, report, progress)
    _link_broader(data, ids)
    _replace_labels(data, ids, report, progress)
    if report.changed:
        summary = f"{len(data.concepts)} concepts, {sum(data.label_counts().values())} labels"
        audit_event(
            actor=actor,
            action=AuditAction.IMPORT,
            target_type="occupations.occupation",
            note=f"ESCO: {summary}; {len(data.rejected)} rows rejected",
        )
    return report
