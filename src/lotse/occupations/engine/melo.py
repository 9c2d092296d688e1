"""Reading a MELO-format folder: corpus_elements.tsv, concept_mapping.tsv, queries.tsv and
annotations.tsv (Multilingual Entity Linking of Occupations, Avature, MIT licence)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lotse.occupations.engine.index import Label


def read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


@dataclass
class MeloSet:
    name: str
    language: str
    labels: list[Label]
    queries: dict[str, str]
    relevant: dict[str, set[str]]  # query id -> relevant concepts


def corpus_labels(directory: Path) -> list[Label]:
    """The corpus as labels of concepts; ids ending in _000 are a concept's preferred label."""
    concept_of = dict(read_tsv(directory / "concept_mapping.tsv"))
    labels = []
    for element_id, text in read_tsv(directory / "corpus_elements.tsv"):
        language = element_id.split("_")[1] if element_id.count("_") >= 2 else ""
        kind = "preferred" if element_id.endswith("_000") else "alternative"
        labels.append(Label(concept_of[element_id], text, language, kind))
    return labels


def read_melo(directory: Path) -> MeloSet:
    concept_of = dict(read_tsv(directory / "concept_mapping.tsv"))
    relevant: dict[str, set[str]] = {}
    for query_id, _, element_id, grade in read_tsv(directory / "annotations.tsv"):
        if int(grade) > 0:
            relevant.setdefault(query_id, set()).add(concept_of[element_id])
    labels = corpus_labels(directory)
    return MeloSet(
        name=directory.name,
        language=labels[0].language if labels else "",
        labels=labels,
        queries=dict(read_tsv(directory / "queries.tsv")),
        relevant=relevant,
    )
