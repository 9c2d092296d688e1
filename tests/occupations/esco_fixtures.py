"""Small files in the layout of the official ESCO CSV download, written by the tests."""

import csv
from pathlib import Path

NURSE = "http://data.europa.eu/esco/occupation/11111111-1111-1111-1111-111111111111"
WELDER = "http://data.europa.eu/esco/occupation/22222222-2222-2222-2222-222222222222"
COOK = "http://data.europa.eu/esco/occupation/33333333-3333-3333-3333-333333333333"
OCCUPATION_COLUMNS = [
    "conceptType",
    "conceptUri",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "regulatedProfessionNote",
    "description",
    "code",
]
UNREGULATED = "http://data.europa.eu/esco/regulated-professions/unregulated"
REGULATED = "http://data.europa.eu/esco/regulated-professions/germany"


def write_csv(path: Path, columns: list[str], rows: list[dict], delimiter: str = ",") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def occupation(uri, isco, preferred, alternatives=(), hidden=(), regulated=False, description=""):
    return {
        "conceptType": "Occupation",
        "conceptUri": uri,
        "iscoGroup": isco,
        "preferredLabel": preferred,
        "altLabels": "\n".join(alternatives),
        "hiddenLabels": "\n".join(hidden),
        "status": "released",
        "regulatedProfessionNote": REGULATED if regulated else UNREGULATED,
        "description": description,
        "code": f"{isco}.1",
    }


def esco_download(root: Path) -> Path:
    """A two-language ESCO v1.2.0 download with ISCO groups and the hierarchy file."""
    version = root / "v1.2.0"
    write_csv(
        version / "de" / "occupations_de.csv",
        OCCUPATION_COLUMNS,
        [
            occupation(
                NURSE,
                "2221",
                "Krankenpfleger/Krankenschwester",
                ["Pflegefachkraft"],
                ["Krankenpfleger/-in"],
                regulated=True,
                description="Pflegen Kranke.",
            ),
            occupation(WELDER, "7212", "Schweißer/Schweißerin", ["Schweisser"]),
        ],
    )
    write_csv(
        version / "en" / "occupations_en.csv",
        OCCUPATION_COLUMNS,
        [
            occupation(
                NURSE,
                "2221",
                "nurse responsible for general care",
                ["general nurse"],
                regulated=True,
                description="Nurses care for the sick.",
            ),
            occupation(WELDER, "7212", "welder"),
            occupation(COOK, "5120", "cook", ["chef de partie"]),
        ],
    )
    isco_columns = ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels"]
    write_csv(
        version / "de" / "ISCOGroups_de.csv",
        isco_columns,
        [
            {
                "conceptType": "ISCOGroup",
                "conceptUri": "http://data.europa.eu/esco/isco/C2221",
                "code": "2221",
                "preferredLabel": "Akademische Krankenpflegekräfte",
                "altLabels": "",
            },
        ],
    )
    write_csv(
        version / "broaderRelationsOccPillar.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [
            {
                "conceptType": "Occupation",
                "conceptUri": NURSE,
                "broaderType": "ISCOGroup",
                "broaderUri": "http://data.europa.eu/esco/isco/C2221",
            },
        ],
    )
    return version


def polish_labels(root: Path) -> Path:
    return write_csv(
        root / "labels_pl.tsv",
        ["conceptUri", "preferred", "label"],
        [
            {"conceptUri": COOK, "preferred": "1", "label": "kucharz"},
            {"conceptUri": WELDER, "preferred": "1", "label": "spawacz"},
        ],
        delimiter="\t",
    )
