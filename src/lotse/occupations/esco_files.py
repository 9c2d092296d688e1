"""Reading and validating the official ESCO CSV download (no database involved).

Accepts what users get from the ESCO portal, one language per download: a folder with
``occupations_XX.csv`` and ``ISCOGroups_XX.csv`` (versions 1.0 to 1.2, with whatever columns a
version lacks), ``broaderRelationsOccPillar.csv`` beside them or one level up, and the
per-language ``labels_XX.tsv`` files (conceptUri, preferred, label). A folder of such folders
is read whole. Every row is validated; bad rows are collected with file, line and reason.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

OCCUPATION_URI = re.compile(r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")
ISCO_URI = re.compile(r"^http://data\.europa\.eu/esco/isco/C(\d{1,4})$")
ISCO_CODE = re.compile(r"^\d{4}$")
LANGUAGE_IN_NAME = re.compile(r"_([a-z]{2}(?:-[a-z]+)?)\.(?:csv|tsv)$")
MAX_LABEL_LENGTH = 400
REGULATED_SUFFIX = "/regulated-professions/unregulated"

csv.field_size_limit(10_000_000)


@dataclass
class Concept:
    uri: str
    kind: str  # "esco" or "isco"
    code: str = ""
    isco_code: str = ""
    regulated: bool | None = None
    descriptions: dict[str, str] = field(default_factory=dict)
    # language -> list of (label, kind); kind is preferred, alternative or hidden
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    version: str = ""

    def add_label(self, language: str, text: str, kind: str) -> None:
        text = " ".join(text.split())
        if text and (text, kind) not in self.labels.setdefault(language, []):
            self.labels[language].append((text, kind))


@dataclass
class Rejected:
    file: str
    line: int
    reason: str


@dataclass
class EscoData:
    concepts: dict[str, Concept] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def languages(self) -> set[str]:
        return {language for c in self.concepts.values() for language in c.labels}

    def label_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for concept in self.concepts.values():
            for language, labels in concept.labels.items():
                counts[language] = counts.get(language, 0) + len(labels)
        return dict(sorted(counts.items()))


def _rows(path: Path, delimiter: str = ",") -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts with the line where each starts (quoted fields may span lines)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        start = 2
        for row in reader:
            yield start, {k: (v or "").strip() for k, v in row.items() if k}
            start = reader.line_num + 1


def _language(path: Path) -> str:
    match = LANGUAGE_IN_NAME.search(path.name)
    return match.group(1) if match else ""


def _version(path: Path) -> str:
    for part in reversed(path.parts):
        if re.fullmatch(r"v\d+(\.\d+)*", part):
            return part[1:]
    return ""


def _split_labels(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _check_label(text: str) -> str | None:
    if not text:
        return "preferredLabel is empty"
    if len(text) > MAX_LABEL_LENGTH:
        return f"label longer than {MAX_LABEL_LENGTH} characters"
    return None


class EscoReader:
    def __init__(self) -> None:
        self.data = EscoData()

    def reject(self, path: Path, line: int, reason: str) -> None:
        self.data.rejected.append(Rejected(str(path), line, reason))

    def read(self, paths: list[Path]) -> EscoData:
        for path in paths:
            self.read_path(path)
        return self.data

    def read_path(self, path: Path) -> None:
        if path.is_file():
            self.read_file(path)
            return
        if not path.is_dir():
            self.reject(path, 0, "no such file or folder")
            return
        files = sorted(p for p in path.iterdir() if p.is_file())
        known = [p for p in files if self.kind_of(p)]
        for file in known:
            self.read_file(file)
        beside_parent = path.parent / "broaderRelationsOccPillar.csv"
        if (
            any(self.kind_of(p) == "occupations" for p in known)
            and beside_parent.exists()
            and str(beside_parent) not in self.data.files
        ):
            self.read_file(beside_parent)
        for folder in sorted(p for p in path.iterdir() if p.is_dir()):
            self.read_path(folder)
        if not known and not any(p.is_dir() for p in path.iterdir()):
            self.reject(path, 0, "no ESCO files here (occupations_XX.csv, ISCOGroups_XX.csv, …)")

    @staticmethod
    def kind_of(path: Path) -> str:
        name = path.name
        if name.startswith("occupations_") and name.endswith(".csv"):
            return "occupations"
        if name.startswith("ISCOGroups_") and name.endswith(".csv"):
            return "isco"
        if name == "broaderRelationsOccPillar.csv":
            return "broader"
        if name.startswith("labels_") and name.endswith(".tsv"):
            return "labels"
        return ""

    def read_file(self, path: Path) -> None:
        kind = self.kind_of(path)
        if not kind:
            self.reject(path, 0, "not an ESCO file this importer knows")
            return
        self.data.files.append(str(path))
        try:
            {
                "occupations": self.read_occupations,
                "isco": self.read_isco,
                "broader": self.read_broader,
                "labels": self.read_labels,
            }[kind](path)
        except (UnicodeDecodeError, csv.Error) as error:
            self.reject(path, 0, f"unreadable: {error}")

    def _require_columns(self, path: Path, row: dict[str, str], columns: tuple[str, ...]) -> bool:
        missing = [c for c in columns if c not in row]
        if missing:
            self.reject(path, 1, f"missing columns: {', '.join(missing)}")
        return not missing

    def read_occupations(self, path: Path) -> None:
        language, version = _language(path), _version(path)
        seen: set[str] = set()
        for number, (line, row) in enumerate(_rows(path)):
            if number == 0 and not self._require_columns(
                path, row, ("conceptUri", "preferredLabel")
            ):
                return
            uri = row["conceptUri"]
            problem = (
                "conceptUri is not an ESCO occupation"
                if not OCCUPATION_URI.match(uri)
                else "the same conceptUri twice in this file"
                if uri in seen
                else _check_label(row["preferredLabel"])
            )
            isco = row.get("iscoGroup", "")
            if not problem and isco and not ISCO_CODE.match(isco):
                problem = f"iscoGroup {isco!r} is not a four-digit ISCO-08 code"
            if problem:
                self.reject(path, line, problem)
                continue
            seen.add(uri)
            concept = self.data.concepts.setdefault(uri, Concept(uri, "esco"))
            concept.isco_code = isco or concept.isco_code
            concept.code = row.get("code", "") or concept.code
            concept.version = max(concept.version, version)
            note = row.get("regulatedProfessionNote", "")
            if note:
                concept.regulated = not note.endswith(REGULATED_SUFFIX)
            if row.get("description"):
                concept.descriptions[language] = row["description"]
            concept.add_label(language, row["preferredLabel"], "preferred")
            self.add_more_labels(path, line, concept, language, row)

    def add_more_labels(
        self, path: Path, line: int, concept: Concept, language: str, row: dict[str, str]
    ) -> None:
        """Alternative and hidden labels; an over-long one is skipped and reported."""
        for column, kind in (("altLabels", "alternative"), ("hiddenLabels", "hidden")):
            for text in _split_labels(row.get(column, "")):
                if len(text) > MAX_LABEL_LENGTH:
                    self.reject(
                        path,
                        line,
                        f"a label in {column} is longer than "
                        f"{MAX_LABEL_LENGTH} characters; only that label was skipped",
                    )
                else:
                    concept.add_label(language, text, kind)

    def read_isco(self, path: Path) -> None:
        language = _language(path)
        for number, (line, row) in enumerate(_rows(path)):
            if number == 0 and not self._require_columns(
                path, row, ("conceptUri", "preferredLabel")
            ):
                return
            match = ISCO_URI.match(row["conceptUri"])
            problem = (
                "conceptUri is not an ISCO group"
                if not match
                else _check_label(row["preferredLabel"])
            )
            if problem or match is None:
                self.reject(path, line, problem or "conceptUri is not an ISCO group")
                continue
            concept = self.data.concepts.setdefault(
                row["conceptUri"], Concept(row["conceptUri"], "isco")
            )
            concept.code = match.group(1)
            if row.get("description"):
                concept.descriptions[language] = row["description"]
            concept.add_label(language, row["preferredLabel"], "preferred")
            self.add_more_labels(path, line, concept, language, row)

    def read_broader(self, path: Path) -> None:
        for number, (line, row) in enumerate(_rows(path)):
            if number == 0 and not self._require_columns(path, row, ("conceptUri", "broaderUri")):
                return
            narrower, broader = row["conceptUri"], row["broaderUri"]
            if not narrower or not broader:
                self.reject(path, line, "conceptUri or broaderUri is empty")
                continue
            self.data.broader[narrower] = broader

    def read_labels(self, path: Path) -> None:
        language = _language(path)
        for number, (line, row) in enumerate(_rows(path, delimiter="\t")):
            if number == 0 and not self._require_columns(
                path, row, ("conceptUri", "preferred", "label")
            ):
                return
            uri, preferred, text = row["conceptUri"], row["preferred"], row["label"]
            problem = (
                "conceptUri is not an ESCO occupation"
                if not OCCUPATION_URI.match(uri)
                else "preferred must be 0 or 1"
                if preferred not in {"0", "1"}
                else _check_label(text)
            )
            if problem:
                self.reject(path, line, problem)
                continue
            concept = self.data.concepts.setdefault(uri, Concept(uri, "esco"))
            concept.add_label(language, text, "preferred" if preferred == "1" else "alternative")


def read_esco(paths: list[Path]) -> EscoData:
    return EscoReader().read(paths)
