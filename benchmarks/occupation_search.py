"""Occupation search on the public development sets, beside the published figures.

    uv run python benchmarks/occupation_search.py [--data ../shared/data/benchmarks] [--sets NAME…]
        [--lexical] [--corpus-only]

MELO sets (national titles -> ESCO concepts): concept-level Acc@1, MRR and Acc@10 of our ranking.
The index holds the set's corpus (its labels in the set's language) and, as the product does, the
labels of the same ESCO concepts in every other language of the ESCO download in
../shared/data/esco (never the set's own language, never its queries or annotations);
--corpus-only leaves those out. The ESCO hierarchy (broaderRelationsOccPillar.csv) lets a
broader concept rank just below a narrower one that matches. As in the product, the semantic
model embeds every label in its languages and its similarities are fused with the lexical
scores (`--lexical` leaves the model out; embedding a set's labels takes about a minute).
The published figures are trec_eval's over labels (success_1, recip_rank, success_10): Acc@1 is
the same at both levels; label-level MRR and Acc@10 can only be lower than concept-level ones.
TalentCLEF 2025 task A validation (job title -> job titles): MAP over the 1,000 best titles, with
the official test-set anchors (the validation figures of the published runs are not public). The
semantic space there is the one the product learns from its catalogue (every ESCO label), never
from TalentCLEF's own titles. Two figures per language: the titles ranked directly (an index of
the corpus titles), and ranked with the catalogue as well (engine.titles.TitleRanker: titles
found to mean the same ESCO occupations as the query rank higher).
Latency: one query at a time on one core, p50/p95; build time and index memory per set.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from lotse.occupations.engine import Hit, Label, OccupationIndex, e5, semantic
from lotse.occupations.engine.melo import read_melo, read_tsv
from lotse.occupations.engine.metrics import summarise
from lotse.occupations.engine.semantic import (
    Encoder,
    Meaning,
    Projection,
    load_encoder,
    search,
)
from lotse.occupations.engine.titles import TitleRanker
from lotse.occupations.esco_files import EscoData, read_esco

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "benchmarks"
DEFAULT_ESCO = DEFAULT_DATA.parent / "esco"
PUBLISHED_MODELS = {"openai": "text-embedding-3-large", "e5": "e5-mistral-7b"}
TALENTCLEF_ANCHORS = {"de": (0.516, 0.324), "en": (0.559, 0.408), "es": (0.527, 0.348)}
TALENTCLEF_LANGUAGES = {"german": "de", "english": "en", "spanish": "es"}
TALENTCLEF_DEPTH = 1000  # ranked titles per query: MAP counts the relevant ones found deeper


def published(set_dir: Path) -> dict[str, dict[str, float]]:
    figures = {}
    for model in PUBLISHED_MODELS:
        path = set_dir / "published" / f"{model}.tsv"
        if path.exists():
            rows = dict(list(read_tsv(path))[1:])
            figures[model] = {
                "acc@1": float(rows["success_1"]),
                "mrr": float(rows["recip_rank"]),
                "acc@10": float(rows["success_10"]),
            }
    return figures


def load_seconds(index: OccupationIndex) -> float:
    """How long the saved index takes to load, as the server loads it at start."""
    with tempfile.TemporaryDirectory() as directory:
        index.save(Path(directory))
        started = time.perf_counter()
        OccupationIndex.load(Path(directory))
        return time.perf_counter() - started


def timed_rankings(
    index: OccupationIndex, queries: dict[str, str], meaning: Meaning | None, depth: int = 100
) -> tuple[dict[str, list[str]], list[float]]:
    rankings, latencies = {}, []
    for query_id, text in queries.items():
        started = time.perf_counter()
        hits = search(index, meaning, text, limit=depth)
        latencies.append((time.perf_counter() - started) * 1000)
        rankings[query_id] = [hit.concept for hit in hits]
    return rankings, latencies


def meaning_of(
    labels: list[Label],
    encoder: Encoder | None,
    projection: Projection | None = None,
    *,
    second_model: bool = True,
) -> Meaning | None:
    """The semantic layer over these labels, as the product builds it (``second_model``:
    with the e5 concept vectors, which only queries in languages the first model never
    learned use)."""
    if encoder is None:
        return None
    second = e5.load_encoder() if second_model else None
    return semantic.meaning_of(labels, encoder, second, projection=projection)


@dataclass
class Catalogue:
    """Every ESCO label in one index with its semantic layer, as the product builds it."""

    index: OccupationIndex
    meaning: Meaning | None

    @classmethod
    def of(cls, esco: EscoData, encoder: Encoder | None) -> Catalogue:
        labels = other_language_labels(esco, set(esco.concepts), language="")
        index = OccupationIndex.build(labels, broader=esco.broader)
        return cls(index, meaning_of(labels, encoder))

    def search(self, query: str, limit: int) -> list[Hit]:
        return search(self.index, self.meaning, query, limit=limit)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def other_language_labels(esco: EscoData, concepts: set[str], language: str) -> list[Label]:
    return [
        Label(uri, text, other, kind)
        for uri in sorted(concepts)  # a fixed order: ties rank the same in every run
        if uri in esco.concepts
        for other, labels in esco.concepts[uri].labels.items()
        if other != language
        for text, kind in labels
    ]


def run_melo(set_dir: Path, esco: EscoData | None, encoder: Encoder | None) -> bool:
    data = read_melo(set_dir)
    language = data.labels[0].language
    extra = (
        other_language_labels(esco, {label.concept for label in data.labels}, language)
        if esco
        else []
    )
    started = time.perf_counter()
    index = OccupationIndex.build(
        [*data.labels, *extra],
        broader=esco.broader if esco else None,
        groups={label.concept for label in data.labels if "/esco/isco/" in label.concept},
    )
    build = time.perf_counter() - started
    meaning = meaning_of([*data.labels, *extra], encoder)
    embed = time.perf_counter() - started - build
    load = load_seconds(index)
    rankings, latencies = timed_rankings(index, data.queries, meaning)
    ours = summarise(rankings, data.relevant)
    best = published(set_dir)
    line = (
        f"{data.name:<16} ours  Acc@1 {ours['acc@1']:.4f}  MRR {ours['mrr']:.4f}  "
        f"Acc@10 {ours['acc@10']:.4f}"
    )
    print(line)
    for model, figures in best.items():
        print(
            f"{'':<16} {model:<5} Acc@1 {figures['acc@1']:.4f}  MRR {figures['mrr']:.4f}  "
            f"Acc@10 {figures['acc@10']:.4f}   ({PUBLISHED_MODELS[model]}, label-level)"
        )
    print(
        f"{'':<16} {len(data.queries)} queries, {len(data.labels)} corpus labels + {len(extra)} in "
        f"other languages; build {build:.1f} s, load {load:.2f} s, "
        f"{index.memory_bytes / 2**20:.0f} MiB"
        + (
            f"; {len(meaning.vectors.vectors)} label vectors and the concept vectors of the "
            f"second model embedded in {embed:.0f} s, "
            f"{meaning.vectors.memory_bytes / 2**20:.0f} MiB"
            if meaning
            else ""
        )
        + f"; latency p50 {statistics.median(latencies):.2f} ms,"
        f" p95 {percentile(latencies, 0.95):.2f} ms"
    )
    return all(ours["acc@1"] > f["acc@1"] and ours["mrr"] > f["mrr"] for f in best.values())


def run_talentclef(
    language_dir: Path, encoder: Encoder | None, catalogue: Catalogue | None
) -> None:
    def table(name: str) -> dict[str, str]:
        rows = list(csv.reader((language_dir / name).open(encoding="utf-8"), delimiter="\t"))
        return dict(rows[1:])

    corpus, queries = table("corpus_elements"), table("queries")
    relevant: dict[str, set[str]] = {}
    for query_id, _, corpus_id, grade in read_tsv(language_dir / "qrels.tsv"):
        if int(grade) > 0:
            relevant.setdefault(query_id, set()).add(corpus_id)
    language = TALENTCLEF_LANGUAGES[language_dir.name]
    labels = [Label(cid, title, language) for cid, title in corpus.items()]
    index = OccupationIndex.build(labels)
    projection = catalogue.meaning.vectors.projection if catalogue and catalogue.meaning else None
    # German, English and Spanish titles: the first model knows them, the second is not needed
    meaning = meaning_of(labels, encoder, projection, second_model=False)
    rankings, latencies = timed_rankings(index, queries, meaning, depth=TALENTCLEF_DEPTH)
    direct = summarise(rankings, relevant)["map"]
    through = ""
    if catalogue:
        ranker = TitleRanker(
            corpus,
            direct=lambda query, limit: search(index, meaning, query, limit=limit),
            catalogue=catalogue.search,
        )
        ranked = {
            query_id: [title for title, _ in ranker.rank(text, limit=TALENTCLEF_DEPTH)]
            for query_id, text in queries.items()
        }
        through = f", with the catalogue {summarise(ranked, relevant)['map']:.3f}"
    best, baseline = TALENTCLEF_ANCHORS[language]
    print(
        f"talentclef-{language:<5} ours  MAP {direct:.3f} directly{through} (validation, "
        f"{len(queries)} queries); published on the test set: best {best:.3f}, official "
        f"baseline {baseline:.3f}; p50 {statistics.median(latencies):.2f} ms directly"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", nargs="*", help="MELO set names (default: all)")
    parser.add_argument("--esco", type=Path, default=DEFAULT_ESCO, help="the ESCO download")
    parser.add_argument("--corpus-only", action="store_true", help="no labels from other languages")
    parser.add_argument("--lexical", action="store_true", help="leave the semantic model out")
    parser.add_argument("--only", choices=["melo", "talentclef"], help="run one benchmark")
    arguments = parser.parse_args()
    melo = arguments.data / "melo"
    if not melo.exists():
        raise SystemExit(f"no benchmark data at {arguments.data}")
    names = arguments.sets or sorted(p.name for p in melo.iterdir() if p.is_dir())
    esco = None
    if not arguments.corpus_only:
        esco = read_esco(sorted(p for p in arguments.esco.iterdir() if p.is_dir()))
        print(
            f"ESCO labels of other languages from {arguments.esco}: {len(esco.languages)} languages"
        )
    encoder = None if arguments.lexical else load_encoder()
    print(f"semantic model: {'on' if encoder else 'off'}")
    if arguments.only != "talentclef":
        beaten = [run_melo(melo / name, esco, encoder) for name in names]
        wins = f"{sum(beaten)}/{len(beaten)}"
        print(f"MELO sets where we beat every published model on Acc@1 and MRR: {wins}")
    talentclef = arguments.data / "talentclef2025-taskA" / "validation"
    if arguments.only != "melo" and talentclef.exists():
        catalogue = Catalogue.of(esco, encoder) if esco else None
        for language_dir in sorted(talentclef.iterdir()):
            run_talentclef(language_dir, encoder, catalogue)
    print(
        "command: uv run python benchmarks/occupation_search.py"
        + (f" --sets {' '.join(arguments.sets)}" if arguments.sets else "")
        + (" --corpus-only" if arguments.corpus_only else "")
        + (" --lexical" if arguments.lexical else "")
        + (f" --only {arguments.only}" if arguments.only else "")
    )


if __name__ == "__main__":
    main()
