"""Occupation search on the public development sets, beside the published figures.

    uv run python benchmarks/occupation_search.py [--data ../shared/data/benchmarks] [--sets NAME…]

MELO sets (national titles -> ESCO concepts): concept-level Acc@1, MRR and Acc@10 of our ranking.
The index holds the set's corpus (its labels in the set's language) and, as the product does, the
labels of the same ESCO concepts in every other language of the ESCO download in
../shared/data/esco (never the set's own language, never its queries or annotations);
--corpus-only leaves those out. The ESCO hierarchy (broaderRelationsOccPillar.csv) lets a
broader concept rank just below a narrower one that matches.
The published figures are trec_eval's over labels (success_1, recip_rank, success_10): Acc@1 is
the same at both levels; label-level MRR and Acc@10 can only be lower than concept-level ones.
TalentCLEF 2025 task A validation (job title -> job titles): MAP, with the official test-set
anchors (the validation figures of the published runs are not public).
Latency: one query at a time on one core, p50/p95; build time and index memory per set.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from lotse.occupations.engine import Label, OccupationIndex
from lotse.occupations.engine.melo import read_melo, read_tsv
from lotse.occupations.engine.metrics import summarise
from lotse.occupations.engine.semantic import (
    ConceptEmbeddings,
    concept_text,
    load_encoder,
    mix,
    needed,
)
from lotse.occupations.esco_files import EscoData, read_esco

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "benchmarks"
DEFAULT_ESCO = DEFAULT_DATA.parent / "esco"
PUBLISHED_MODELS = {"openai": "text-embedding-3-large", "e5": "e5-mistral-7b"}
TALENTCLEF_ANCHORS = {"de": (0.516, 0.324), "en": (0.559, 0.408), "es": (0.527, 0.348)}
TALENTCLEF_LANGUAGES = {"german": "de", "english": "en", "spanish": "es"}


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


def embeddings_for(esco: EscoData, concepts: set[str]) -> ConceptEmbeddings | None:
    encoder = load_encoder()
    if encoder is None:
        return None
    texts = {}
    for uri in sorted(concepts & esco.concepts.keys()):
        preferred = {
            language: text
            for language, labels in esco.concepts[uri].labels.items()
            for text, kind in labels
            if kind == "preferred"
        }
        texts[uri] = concept_text(preferred)
    return ConceptEmbeddings.build(texts, encoder)


def load_seconds(index: OccupationIndex) -> float:
    """How long the saved index takes to load, as the server loads it at start."""
    with tempfile.TemporaryDirectory() as directory:
        index.save(Path(directory))
        started = time.perf_counter()
        OccupationIndex.load(Path(directory))
        return time.perf_counter() - started


def timed_rankings(
    index: OccupationIndex,
    queries: dict[str, str],
    embeddings: ConceptEmbeddings | None = None,
) -> tuple[dict, list[float]]:
    rankings, latencies = {}, []
    encoder = load_encoder() if embeddings else None
    for query_id, text in queries.items():
        started = time.perf_counter()
        hits = index.search(text, limit=100)
        if encoder and embeddings and needed(hits):
            similarities = embeddings.similarities(encoder.query(text))
            hits = mix(hits, similarities, embeddings, limit=100)
        latencies.append((time.perf_counter() - started) * 1000)
        rankings[query_id] = [hit.concept for hit in hits]
    return rankings, latencies


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


def run_melo(set_dir: Path, esco: EscoData | None, with_meaning: bool) -> bool:
    data = read_melo(set_dir)
    language = data.labels[0].language
    extra = (
        other_language_labels(esco, {label.concept for label in data.labels}, language)
        if esco
        else []
    )
    started = time.perf_counter()
    index = OccupationIndex.build([*data.labels, *extra], broader=esco.broader if esco else None)
    embeddings = None
    if with_meaning and esco:
        embeddings = embeddings_for(esco, {label.concept for label in data.labels})
    build = time.perf_counter() - started
    load = load_seconds(index)
    rankings, latencies = timed_rankings(index, data.queries, embeddings)
    ours = summarise(rankings, data.relevant)
    best = published(set_dir)
    line = (
        f"{data.name:<16} ours  Acc@1 {ours['acc@1']:.3f}  MRR {ours['mrr']:.3f}  "
        f"Acc@10 {ours['acc@10']:.3f}"
    )
    print(line)
    for model, figures in best.items():
        print(
            f"{'':<16} {model:<5} Acc@1 {figures['acc@1']:.3f}  MRR {figures['mrr']:.3f}  "
            f"Acc@10 {figures['acc@10']:.3f}   ({PUBLISHED_MODELS[model]}, label-level)"
        )
    print(
        f"{'':<16} {len(data.queries)} queries, {len(data.labels)} corpus labels + {len(extra)} in "
        f"other languages; build {build:.1f} s, load {load:.2f} s, "
        f"{index.memory_bytes / 2**20:.0f} MiB; latency p50 {statistics.median(latencies):.2f} ms,"
        f" p95 {percentile(latencies, 0.95):.2f} ms"
    )
    return all(ours["acc@1"] > f["acc@1"] and ours["mrr"] > f["mrr"] for f in best.values())


def run_talentclef(language_dir: Path) -> None:
    def table(name: str) -> dict[str, str]:
        rows = list(csv.reader((language_dir / name).open(encoding="utf-8"), delimiter="\t"))
        return dict(rows[1:])

    corpus, queries = table("corpus_elements"), table("queries")
    relevant: dict[str, set[str]] = {}
    for query_id, _, corpus_id, grade in read_tsv(language_dir / "qrels.tsv"):
        if int(grade) > 0:
            relevant.setdefault(query_id, set()).add(corpus_id)
    language = TALENTCLEF_LANGUAGES[language_dir.name]
    index = OccupationIndex.build(Label(cid, title, language) for cid, title in corpus.items())
    rankings, latencies = timed_rankings(index, queries)
    ours = summarise(rankings, relevant)
    best, baseline = TALENTCLEF_ANCHORS[language]
    print(
        f"talentclef-{language:<5} ours  MAP {ours['map']:.3f} (validation, {len(queries)} "
        f"queries); published on the test set: best {best:.3f}, official baseline {baseline:.3f};"
        f" p50 {statistics.median(latencies):.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", nargs="*", help="MELO set names (default: all)")
    parser.add_argument("--esco", type=Path, default=DEFAULT_ESCO, help="the ESCO download")
    parser.add_argument("--corpus-only", action="store_true", help="no labels from other languages")
    parser.add_argument(
        "--semantic", action="store_true", help="mix in the semantic model (slow to build)"
    )
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
    beaten = [run_melo(melo / name, esco, arguments.semantic) for name in names]
    wins = f"{sum(beaten)}/{len(beaten)}"
    print(f"MELO sets where we beat every published model on Acc@1 and MRR: {wins}")
    talentclef = arguments.data / "talentclef2025-taskA" / "validation"
    for language_dir in sorted(talentclef.iterdir()) if talentclef.exists() else []:
        run_talentclef(language_dir)
    print(
        "command: uv run python benchmarks/occupation_search.py"
        + (f" --sets {' '.join(arguments.sets)}" if arguments.sets else "")
        + (" --corpus-only" if arguments.corpus_only else "")
        + (" --semantic" if arguments.semantic else "")
    )


if __name__ == "__main__":
    main()
