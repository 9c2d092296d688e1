"""Writes to the occupation catalogue. Imports run in one transaction with one audit entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from lotse import permissions
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_event
from lotse.occupations.engine import Label, OccupationIndex
from lotse.occupations.esco_files import Concept, EscoData
from lotse.occupations.models import (
    REFERENCE_KINDS,
    Occupation,
    OccupationKind,
    OccupationLabel,
)
from lotse.occupations.reference_files import (
    DATA_DIRECTORY,
    LINKS_FILE,
    ReferenceCatalogue,
    ReferenceOccupation,
    german_titles,
    isco_fallback,
    read_isco_fallbacks,
    read_reference_catalogue,
)
from lotse.permissions import Actor

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


def _upsert_concepts(data: EscoData, report: ImportReport) -> dict[str, int]:
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
def import_esco(*, actor: Actor, data: EscoData, progress: Progress | None = None) -> ImportReport:
    """Write validated ESCO data. Re-importing the same files changes nothing."""
    permissions.require(actor, permissions.ADD, Occupation(key="", kind="esco"))
    report = ImportReport(rejected=len(data.rejected))
    ids = _upsert_concepts(data, report)
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


def _reference_concept(occupation: ReferenceOccupation) -> Concept:
    concept = Concept(uri=occupation.key, kind=occupation.kind, isco_code=occupation.isco_code)
    concept.add_label("de", occupation.title_neutral, "preferred")
    for title in german_titles(occupation):
        concept.add_label("de", title, "alternative")
    for language, title in occupation.translated:
        concept.add_label(language, title, "alternative")
    return concept


def _reference_fields(occupation: ReferenceOccupation) -> dict[str, object]:
    return {
        "kind": occupation.kind,
        "isco_code": occupation.isco_code,
        "kldb_code": occupation.kldb_code,
        "regulated": occupation.kind == OccupationKind.REGULATED,
        "legal_basis": occupation.legal_basis,
        "competent_body": occupation.competent_body,
        "duration_months": occupation.duration_months,
        "regulation": occupation.regulation,
        "regulation_level": occupation.level,
        "source": occupation.source,
        "recorded": occupation.recorded,
    }


@transaction.atomic
def load_reference_catalogue(
    *, actor: Actor, catalogue: ReferenceCatalogue | None = None
) -> ImportReport:
    """Bring the stored German reference occupations in line with the shipped data files.

    Runs after every ``migrate``; a second run changes nothing. Occupations no longer in the
    files are removed (ESCO concepts linked to them lose the link).
    """
    permissions.require(actor, permissions.ADD, Occupation(key="", kind="reference"))
    catalogue = catalogue or read_reference_catalogue()
    if catalogue.rejected:
        raise ValueError(
            "the reference catalogue has invalid rows: " + "; ".join(catalogue.rejected)
        )
    report = ImportReport()
    wanted = {occupation.key: occupation for occupation in catalogue.occupations}
    stored = Occupation.objects.filter(kind__in=REFERENCE_KINDS)
    stale = stored.exclude(key__in=list(wanted))
    report.concepts_updated = stale.count()
    stale.delete()
    existing = {o.key: o for o in stored.filter(key__in=list(wanted))}
    changed = []
    for key, occupation in wanted.items():
        values = _reference_fields(occupation)
        current = existing.get(key)
        if current is None:
            Occupation.objects.create(key=key, **values)
            report.concepts_created += 1
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            changed.append(current)
    if changed:
        fields = list(_reference_fields(wanted[changed[0].key]))
        Occupation.objects.bulk_update(changed, fields)
    report.concepts_updated += len(changed)
    data = EscoData(concepts={key: _reference_concept(o) for key, o in wanted.items()})
    ids = dict(Occupation.objects.filter(key__in=list(wanted)).values_list("key", "id"))
    _replace_labels(data, ids, report, progress=None)
    if report.changed:
        audit_event(
            actor=actor,
            action=AuditAction.IMPORT,
            target_type="occupations.occupation",
            note=f"German reference catalogue: {len(wanted)} occupations "
            f"({report.concepts_created} new, {report.concepts_updated} changed or removed)",
        )
    return report


# How similar an ESCO label and a reference title must be for a link, by how far their ISCO-08
# groups agree (4 digits, 3 digits, otherwise). Checked by hand on the German ESCO labels.
LINK_THRESHOLDS = ((4, 0.55), (3, 0.7), (0, 0.9))
# A match on the ESCO concept's preferred German label counts more than one on an alternative.
PREFERRED_LABEL_BONUS = 0.1


def _link_threshold(esco_isco: str, reference_isco: str) -> float:
    for digits, threshold in LINK_THRESHOLDS:
        if digits == 0 or (esco_isco[:digits] == reference_isco[:digits] and esco_isco):
            return threshold
    raise AssertionError("unreachable")


def proposed_reference_links() -> dict[str, str]:
    """ESCO concept key -> reference occupation key, from German labels and ISCO groups."""
    references = Occupation.objects.filter(kind__in=REFERENCE_KINDS)
    reference_isco = dict(references.values_list("key", "isco_code"))
    index = OccupationIndex.build(
        Label(*row)
        for row in OccupationLabel.objects.filter(occupation__kind__in=REFERENCE_KINDS).values_list(
            "occupation__key", "text", "language", "kind"
        )
    )
    esco_labels: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for key, isco, text, kind in OccupationLabel.objects.filter(
        occupation__kind=OccupationKind.ESCO, language="de"
    ).values_list("occupation__key", "occupation__isco_code", "text", "kind"):
        esco_labels.setdefault((key, isco), []).append((text, kind == "preferred"))
    links: dict[str, str] = {}
    for (key, isco), texts in esco_labels.items():
        best: tuple[float, str] | None = None
        for text, preferred in texts:
            for hit in index.search(text, limit=3):
                margin = hit.score - _link_threshold(isco, reference_isco[hit.concept])
                margin += PREFERRED_LABEL_BONUS if preferred else 0.0
                if margin >= 0 and (best is None or margin > best[0]):
                    best = (margin, hit.concept)
        if best:
            links[key] = best[1]
    return links


def curated_reference_links(path: Path = DATA_DIRECTORY / LINKS_FILE) -> dict[str, str]:
    """ESCO concept key -> reference key ("" = no link) decided by hand; they win."""
    links = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            esco, reference, *_ = [*line.split("\t"), "", ""]
            links[esco.strip()] = "" if reference.strip() == "-" else reference.strip()
    return links


@transaction.atomic
def link_esco_to_reference(*, actor: Actor) -> int:
    """Point every ESCO occupation at its German reference occupation. Returns links changed."""
    permissions.require(actor, permissions.ADD, Occupation(key="", kind="esco"))
    links = proposed_reference_links() | curated_reference_links()
    fallbacks = read_isco_fallbacks()
    for key, isco in Occupation.objects.filter(kind=OccupationKind.ESCO).values_list(
        "key", "isco_code"
    ):
        if key not in links and (fallback := isco_fallback(isco, fallbacks)):
            links[key] = fallback
    ids = dict(Occupation.objects.filter(kind__in=REFERENCE_KINDS).values_list("key", "id"))
    changed = []
    for occupation in Occupation.objects.filter(kind=OccupationKind.ESCO).only(
        "id", "key", "reference_id"
    ):
        wanted = ids.get(links.get(occupation.key, ""))
        if occupation.reference_id != wanted:
            occupation.reference_id = wanted
            changed.append(occupation)
    Occupation.objects.bulk_update(changed, ["reference"], batch_size=BATCH)
    if changed:
        audit_event(
            actor=actor,
            action=AuditAction.UPDATE,
            target_type="occupations.occupation",
            note=f"ESCO to German reference links: {len(changed)} changed",
        )
    return len(changed)
