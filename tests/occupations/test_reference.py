"""The German reference catalogue: its data files, loading, links from ESCO, search through them."""

import csv
import re
import shutil

import pytest

from lotse.audit.models import AuditAction, AuditEntry
from lotse.occupations import search
from lotse.occupations.engine import normalise
from lotse.occupations.models import LabelKind, Occupation, OccupationKind
from lotse.occupations.reference_files import (
    DATA_DIRECTORY,
    REGULATED_FILE,
    TRAINING_FILE,
    TRANSLATIONS_FILE,
    female_title,
    isco_fallback,
    neutral_title,
    read_isco_fallbacks,
    read_reference_catalogue,
)
from lotse.occupations.services import (
    curated_reference_links,
    link_esco_to_reference,
    load_reference_catalogue,
)
from lotse.permissions import SYSTEM
from tests.occupations.esco_fixtures import COOK, NURSE, WELDER
from tests.occupations.test_real_esco import SHARED_DATA

ORDINANCES = SHARED_DATA / "reference" / "training_ordinances_from_federal_law.tsv"


def test_the_shipped_files_are_valid_and_complete():
    catalogue = read_reference_catalogue()
    assert catalogue.rejected == []
    kinds = [occupation.kind for occupation in catalogue.occupations]
    assert kinds.count("training") >= 315
    assert kinds.count("regulated") >= 40
    assert "de:academic:akademischer-beruf-ohne-reglementierung" in {
        o.key for o in catalogue.occupations
    }
    for occupation in catalogue.occupations:
        assert occupation.source and occupation.recorded and occupation.legal_basis
        assert occupation.kind == "academic" or re.fullmatch(r"\d{4}", occupation.isco_code)


@pytest.mark.parametrize(
    ("male", "female", "neutral"),
    [
        ("Elektroniker für Betriebstechnik", "Elektronikerin für Betriebstechnik",
         "Elektroniker/-in für Betriebstechnik"),
        ("Kaufmann für Büromanagement", "Kauffrau für Büromanagement",
         "Kaufmann/-frau für Büromanagement"),
        ("Medizinischer Fachangestellter", "Medizinische Fachangestellte",
         "Medizinische/-r Fachangestellte/-r"),
        ("Fachkraft für Lagerlogistik", "Fachkraft für Lagerlogistik",
         "Fachkraft für Lagerlogistik"),
        ("Beton- und Stahlbetonbauer", "Beton- und Stahlbetonbauerin",
         "Beton- und Stahlbetonbauer/-in"),
        ("Umwelttechnologe für Wasserversorgung", "Umwelttechnologin für Wasserversorgung",
         "Umwelttechnologe/-in für Wasserversorgung"),
        ("Pharmazeutisch-kaufmännischer Angestellter", "Pharmazeutisch-kaufmännische Angestellte",
         "Pharmazeutisch-kaufmännische/-r Angestellte/-r"),
    ],
)  # fmt: skip
def test_female_and_neutral_titles_follow_the_official_forms(male, female, neutral):
    assert female_title(male) == female
    assert neutral_title(male, female) == neutral


def test_irregular_female_titles_come_from_the_file():
    titles = {o.title_male: o for o in read_reference_catalogue().occupations}
    assert titles["Koch"].title_female == "Köchin"
    assert titles["Koch"].title_neutral == "Koch/Köchin"
    assert titles["Arzt"].title_female == "Ärztin"


def test_bad_rows_are_reported_with_file_line_and_reason(tmp_path):
    for name in (REGULATED_FILE, TRANSLATIONS_FILE):
        shutil.copy(DATA_DIRECTORY / name, tmp_path / name)
    lines = (DATA_DIRECTORY / TRAINING_FILE).read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("title_male"))
    good = lines[header + 1].split("\t")
    bad_isco = [*good[:6], "72", *good[7:]]
    bad_body = [*good[:3], "guild", *good[4:]]
    no_source = [*good[:7], "", *good[8:]]
    rows = [good, bad_isco, bad_body, no_source, good]
    text = "\n".join([*lines[: header + 1], *("\t".join(row) for row in rows)]) + "\n"
    (tmp_path / TRAINING_FILE).write_text(text, encoding="utf-8")
    catalogue = read_reference_catalogue(tmp_path)
    first = header + 2
    assert [r for r in catalogue.rejected if r.startswith(TRAINING_FILE)] == [
        f"{TRAINING_FILE}:{first + 1}: ISCO-08 must have 4 digits, not '72'",
        f"{TRAINING_FILE}:{first + 2}: unknown competent body 'guild'",
        f"{TRAINING_FILE}:{first + 3}: the ordinance (the source) is missing",
        f"{TRAINING_FILE}:{first + 4}: {good[0]!r} is listed twice",
    ]


@pytest.mark.skipif(not ORDINANCES.exists(), reason=f"no list of ordinances at {ORDINANCES}")
def test_every_federal_training_ordinance_is_covered():
    """Each ordinance in the cross-check list is named by an entry, or one of its titles appears
    in the ordinance's § 1 sentence or title. Lists every ordinance that is not covered."""
    catalogue = read_reference_catalogue().occupations
    ordinances = {o.lower() for occ in catalogue for o in occ.ordinance.split(";") if o}
    titles = {
        normalise(title)
        for occ in catalogue
        for title in (occ.title_male, occ.title_female, *occ.other_titles)
    }
    titles = {title for title in titles if len(title) > 5}
    with ORDINANCES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    missing = []
    for row in rows:
        abbreviation = re.sub(r"_\d{4}.*$", "", row["law_file"].split("-BJNR")[0]).lower()
        text = normalise(f"{row['occupations']} {row['title']}")
        if abbreviation not in ordinances and not any(title in text for title in titles):
            missing.append(f"{row['law_file']}: {row['title']}")
    assert len(rows) > 200
    assert missing == []


def test_migrate_loads_the_catalogue_and_a_second_load_changes_nothing(db):
    catalogue = read_reference_catalogue()
    stored = Occupation.objects.filter(kind=OccupationKind.TRAINING)
    assert stored.count() == sum(o.kind == "training" for o in catalogue.occupations)
    cook = stored.get(key="de:training:koch")
    assert (cook.duration_months, cook.isco_code, cook.competent_body) == (36, "5120", "ihk")
    labels = set(cook.labels.values_list("kind", "text"))
    assert (LabelKind.PREFERRED, "Koch/Köchin") in labels
    assert {(LabelKind.ALTERNATIVE, "Koch"), (LabelKind.ALTERNATIVE, "Köchin")} <= labels
    audits = AuditEntry.objects.count()
    assert not load_reference_catalogue(actor=SYSTEM).changed
    assert AuditEntry.objects.count() == audits


def test_a_changed_catalogue_updates_and_removes_entries(db):
    catalogue = read_reference_catalogue()
    baker = next(o for o in catalogue.occupations if o.title_male == "Bäcker")
    catalogue.occupations = [
        o for o in catalogue.occupations if o.title_male not in {"Bäcker", "Koch"}
    ] + [baker.__class__(**{**baker.__dict__, "duration_months": 42})]
    report = load_reference_catalogue(actor=SYSTEM, catalogue=catalogue)
    assert report.concepts_updated == 2  # Bäcker changed, Koch removed
    assert Occupation.objects.get(key="de:training:baecker").duration_months == 42
    assert not Occupation.objects.filter(key="de:training:koch").exists()
    entry = AuditEntry.objects.filter(action=AuditAction.IMPORT).latest("id")
    assert entry.note.startswith("German reference catalogue")


def test_an_invalid_catalogue_writes_nothing(db):
    catalogue = read_reference_catalogue()
    catalogue.rejected = ["training_occupations.tsv:20: unknown competent body 'guild'"]
    before = Occupation.objects.count()
    with pytest.raises(ValueError, match="guild"):
        load_reference_catalogue(actor=SYSTEM, catalogue=catalogue)
    assert Occupation.objects.count() == before


def test_curated_links_name_existing_reference_occupations():
    keys = {o.key for o in read_reference_catalogue().occupations}
    for esco, reference in curated_reference_links().items():
        assert esco.startswith("http://data.europa.eu/esco/occupation/")
        assert reference == "" or reference in keys


def test_the_isco_fallbacks_are_valid_and_name_existing_reference_occupations():
    keys = {o.key for o in read_reference_catalogue().occupations}
    fallbacks = read_isco_fallbacks()
    assert set(fallbacks.values()) <= keys
    assert isco_fallback("2330", fallbacks) == "de:regulated:lehrer"
    assert isco_fallback("2152", fallbacks) == "de:regulated:ingenieur"
    assert isco_fallback("2631", fallbacks) == "de:academic:akademischer-beruf-ohne-reglementierung"
    assert isco_fallback("7212", fallbacks) is None


def test_a_bad_isco_fallback_row_is_named_with_file_and_line(tmp_path):
    path = tmp_path / "isco_reference_fallbacks.tsv"
    path.write_text(
        "# header\n"
        "isco_prefix\treference\twhy\tsource\trecorded\n"
        "2330\tde:regulated:lehrer\tteachers\thttps://example.org\t2026-11-22\n"
        "23X\tde:regulated:lehrer\tteachers\thttps://example.org\t2026-11-22\n"
        "2330\tde:regulated:lehrer\tteachers\thttps://example.org\t2026-11-22\n"
        "2341\tde:regulated:lehrer\t\thttps://example.org\t2026-11-22\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError) as error:
        read_isco_fallbacks(path)
    assert "isco_reference_fallbacks.tsv:4: ISCO prefix '23X'" in str(error.value)
    assert "isco_reference_fallbacks.tsv:5: ISCO prefix 2330 is listed twice" in str(error.value)
    assert "isco_reference_fallbacks.tsv:6: reason and https source" in str(error.value)


def test_an_esco_occupation_without_a_label_link_falls_back_on_its_isco_group(catalogue):
    teacher = Occupation.objects.create(
        key="http://data.europa.eu/esco/occupation/44444444-4444-4444-4444-444444444444",
        kind=OccupationKind.ESCO,
        isco_code="2330",
    )
    link_esco_to_reference(actor=SYSTEM)
    teacher.refresh_from_db()
    assert teacher.reference is not None and teacher.reference.key == "de:regulated:lehrer"


def test_esco_occupations_link_to_reference_occupations(catalogue, tmp_path):
    assert link_esco_to_reference(actor=SYSTEM) == 2
    references = dict(
        Occupation.objects.filter(key__in=[NURSE, WELDER, COOK]).values_list(
            "key", "reference__key"
        )
    )
    assert references == {
        NURSE: "de:regulated:pflegefachmann",
        WELDER: "de:training:konstruktionsmechaniker",
        COOK: None,  # no German label to compare
    }
    assert link_esco_to_reference(actor=SYSTEM) == 0


def test_a_query_in_any_esco_language_reaches_the_reference_occupation(catalogue):
    link_esco_to_reference(actor=SYSTEM)
    search.build_index()
    reference_only = search.Filters(kinds=frozenset({"training", "regulated", "academic"}))
    first = search.search("spawacz", filters=reference_only)[0]
    assert (first.key, first.found_via) == ("de:training:konstruktionsmechaniker", WELDER)
    assert search.attribution([first])
    direct = search.search("Köchin", filters=reference_only)[0]
    assert (direct.key, direct.found_via) == ("de:training:koch", "")
    esco_hit = search.search("spawacz")[0]
    assert (esco_hit.key, esco_hit.reference_title) == (WELDER, "Konstruktionsmechaniker/-in")


def test_reference_occupation_page_and_api_show_the_legal_facts(catalogue, client):
    link_esco_to_reference(actor=SYSTEM)
    welder_training = Occupation.objects.get(key="de:training:konstruktionsmechaniker")
    page = client.get(f"/occupations/{welder_training.pk}/").content.decode()
    for fact in ("Konstruktionsmechaniker/-in", "42", "BBiG", "IndMetAusbV", "7214", "24422"):
        assert fact in page
    assert "Schweißer/<wbr>Schweißerin" in page  # the linked ESCO occupation
    assert "ESCO classification of the European Commission" in page
    body = client.get(f"/api/occupations/{welder_training.pk}").json()
    assert body["duration_months"] == 42 and body["competent_body"] == ["ihk"]
    assert body["legal_basis"] == "BBiG" and body["recorded"] == "2026-11-22"
    welder = client.get(f"/api/occupations/{Occupation.objects.get(key=WELDER).pk}").json()
    assert welder["reference_id"] == welder_training.pk


def test_regulated_profession_page_names_the_regulation(db, client):
    nurse = Occupation.objects.get(key="de:regulated:pflegefachmann")
    page = client.get(f"/occupations/{nurse.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Permission to use the professional title" in page
    assert "Pflegeberufegesetz" in page and "https://www.gesetze-im-internet.de/pflbg/" in page
    assert "ESCO classification" not in page  # no ESCO data on this page


def test_common_names_in_migrant_languages_lead_to_reference_occupations(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    search.build_index()
    reference_only = search.Filters(kinds=frozenset({"training", "regulated", "academic"}))
    for query, key in [
        ("aşçı", "de:training:koch"),
        ("зварник", "de:training:konstruktionsmechaniker"),
        ("ممرضة", "de:regulated:pflegefachmann"),
        ("сварщик", "de:training:konstruktionsmechaniker"),
        ("پرستار", "de:regulated:pflegefachmann"),
        ("Elektroingenieur", "de:regulated:ingenieur"),
        ("Krankenschwester (m/w/d)", "de:regulated:pflegefachmann"),
    ]:
        first = search.search(query, filters=reference_only)[0]
        assert first.key == key, query


def test_a_translation_for_an_unknown_occupation_is_rejected(tmp_path):
    for name in (TRAINING_FILE, REGULATED_FILE):
        shutil.copy(DATA_DIRECTORY / name, tmp_path / name)
    (tmp_path / TRANSLATIONS_FILE).write_text(
        "key\ttr\tuk\tru\tar\tfa\trecorded\n"
        "de:training:koch\taşçı\tкухар\tповар\tطباخ\tآشپز\t2026-11-22\n"
        "de:training:astronaut\tastronot\t\t\t\t\t2026-11-22\n",
        encoding="utf-8",
    )
    catalogue = read_reference_catalogue(tmp_path)
    assert catalogue.rejected == [
        f"{TRANSLATIONS_FILE}:3: no reference occupation 'de:training:astronaut'"
    ]
    cook = next(o for o in catalogue.occupations if o.key == "de:training:koch")
    assert ("tr", "aşçı") in cook.translated


def test_the_index_status_tells_when_the_catalogue_changed_since_the_build(catalogue):
    assert "OLDER THAN THE CATALOGUE" not in search.index_status()
    catalogue_now = read_reference_catalogue()
    catalogue_now.occupations = [o for o in catalogue_now.occupations if o.title_male != "Koch"]
    load_reference_catalogue(actor=SYSTEM, catalogue=catalogue_now)
    assert "OLDER THAN THE CATALOGUE" in search.index_status()
