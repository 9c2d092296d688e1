"""lotse occupations import-esco | load-reference | build-index | search | match"""

from __future__ import annotations

import csv
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lotse.occupations import search as occupation_search
from lotse.occupations.engine import Label, OccupationIndex, semantic
from lotse.occupations.engine.melo import corpus_labels
from lotse.occupations.esco_files import read_esco
from lotse.occupations.models import (
    ESCO_ATTRIBUTION,
    REFERENCE_KINDS,
    Occupation,
    OccupationKind,
    OccupationLabel,
)
from lotse.occupations.reference_files import read_reference_catalogue
from lotse.occupations.services import (
    import_esco,
    link_esco_to_reference,
    load_reference_catalogue,
)
from lotse.permissions import SYSTEM

SHOWN_REJECTIONS = 50


def advance(bar: tqdm, count: int, total: int) -> None:
    """Moves a progress bar whose total is known only once the work starts."""
    bar.total = total
    bar.update(count)


class Command(BaseCommand):
    help = "The occupation catalogue: import ESCO, build the search index, search, batch match."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        importer = sub.add_parser("import-esco", help="import the ESCO CSV download")
        importer.add_argument(
            "paths", nargs="+", type=Path, help="ESCO folders (one per language) or files"
        )
        importer.add_argument(
            "--strict", action="store_true", help="write nothing when any row is rejected"
        )
        importer.add_argument(
            "--no-index", action="store_true", help="do not rebuild the search index afterwards"
        )
        reference = sub.add_parser(
            "load-reference",
            help="check and load the German reference catalogue shipped in occupations/data",
        )
        reference.add_argument(
            "--no-index", action="store_true", help="do not rebuild the search index afterwards"
        )
        sub.add_parser("build-index", help="rebuild the search index from the catalogue")
        finder = sub.add_parser("search", help="search the catalogue")
        finder.add_argument("query")
        finder.add_argument("--lang", default="de")
        finder.add_argument("--limit", type=int, default=10)
        matcher = sub.add_parser("match", help="rank occupations for many queries")
        matcher.add_argument("--input", type=Path, required=True, help="TSV: id<TAB>query per line")
        matcher.add_argument(
            "--output",
            type=Path,
            required=True,
            help="TSV: id<TAB>rank<TAB>concept<TAB>score per line",
        )
        matcher.add_argument("--top", type=int, default=10)
        matcher.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes ranking in parallel (default: one per core)",
        )
        matcher.add_argument(
            "--corpus-dir",
            type=Path,
            help="rank against a MELO-format corpus instead of the catalogue (with the "
            "catalogue's labels of the same concepts in other languages)",
        )
        matcher.add_argument(
            "--corpus-only",
            action="store_true",
            help="with --corpus-dir: only the corpus labels, none from the catalogue",
        )

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        getattr(self, verb.replace("-", "_"))(**options)

    def progress_bar(self, total: int, description: str) -> tqdm:
        return tqdm(
            total=total,
            desc=description,
            unit=" rows",
            file=sys.stderr,
            disable=None,
            dynamic_ncols=True,
        )

    def import_esco(self, *, paths: list[Path], strict: bool, no_index: bool, **_: Any) -> None:
        started = time.monotonic()
        self.stderr.write("Reading and validating …")
        data = read_esco(paths)
        if not data.concepts:
            raise CommandError("No ESCO rows found: " + "; ".join(r.reason for r in data.rejected))
        if strict and data.rejected:
            self.report_rejections(data.rejected)
            raise CommandError(f"{len(data.rejected)} rows rejected; nothing written (--strict).")
        with self.progress_bar(len(data.concepts), "Writing") as bar:
            report = import_esco(actor=SYSTEM, data=data, progress=bar.update)
        self.stdout.write(f"Files read: {len(data.files)}")
        kinds = {"esco": 0, "isco": 0}
        for concept in data.concepts.values():
            kinds[concept.kind] += 1
        self.stdout.write(
            f"Concepts: {kinds['esco']} ESCO occupations, {kinds['isco']} ISCO groups"
            f" ({report.concepts_created} new, {report.concepts_updated} changed)"
        )
        self.stdout.write(
            "Labels per language: "
            + ", ".join(f"{language} {count}" for language, count in data.label_counts().items())
        )
        if report.labels_added or report.labels_removed:
            self.stdout.write(
                f"Labels added: {sum(report.labels_added.values())}, "
                f"removed: {sum(report.labels_removed.values())}"
            )
        else:
            self.stdout.write("Nothing changed: the catalogue already held these files.")
        self.report_rejections(data.rejected)
        self.link_reference()
        if not no_index:
            self.build_index()
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s. {ESCO_ATTRIBUTION}.")

    def load_reference(self, *, no_index: bool, **_: Any) -> None:
        catalogue = read_reference_catalogue()
        if catalogue.rejected:
            for problem in catalogue.rejected:
                self.stderr.write(problem)
            raise CommandError(f"{len(catalogue.rejected)} rows rejected; nothing written.")
        report = load_reference_catalogue(actor=SYSTEM, catalogue=catalogue)
        counts: dict[str, int] = dict.fromkeys(sorted(REFERENCE_KINDS), 0)
        for occupation in catalogue.occupations:
            counts[occupation.kind] += 1
        self.stdout.write(
            "German reference occupations: "
            + ", ".join(f"{count} {kind}" for kind, count in counts.items())
            + f" ({report.concepts_created} new, {report.concepts_updated} changed or removed)"
        )
        self.link_reference()
        if not no_index:
            self.build_index()

    def link_reference(self) -> None:
        changed = link_esco_to_reference(actor=SYSTEM)
        linked = Occupation.objects.filter(
            kind=OccupationKind.ESCO, reference__isnull=False
        ).count()
        total = Occupation.objects.filter(kind=OccupationKind.ESCO).count()
        self.stdout.write(
            f"ESCO occupations linked to a German reference occupation: {linked} of {total}"
            f" ({changed} changed)"
        )

    def report_rejections(self, rejected: list[Any]) -> None:
        self.stdout.write(f"Rejected rows: {len(rejected)}")
        for row in rejected[:SHOWN_REJECTIONS]:
            self.stdout.write(f"  {row.file}:{row.line}: {row.reason}")
        if len(rejected) > SHOWN_REJECTIONS:
            self.stdout.write(f"  … and {len(rejected) - SHOWN_REJECTIONS} more")

    def build_index(self, **_: Any) -> None:
        started = time.monotonic()
        with (
            self.progress_bar(0, "Indexing") as bar,
            self.progress_bar(0, "Embedding labels (semantic model)") as label_bar,
            self.progress_bar(0, "Embedding concept names (second model)") as name_bar,
        ):
            index = occupation_search.build_index(
                progress=lambda n: bar.update(5000),
                semantic_progress=partial(advance, label_bar),
                e5_progress=partial(advance, name_bar),
            )
        self.stdout.write(
            f"Search index: {len(index.labels)} labels of {len(index.concepts)} concepts, "
            f"{index.memory_bytes / 2**20:.0f} MiB, built in {time.monotonic() - started:.1f} s "
            f"({occupation_search.index_directory()})"
        )
        self.stdout.write(occupation_search.index_status())

    def search(self, *, query: str, lang: str, limit: int, **_: Any) -> None:
        results = occupation_search.search(query, language=lang, limit=limit)
        if not results:
            self.stdout.write(
                "No occupation found (is the index built? lotse occupations build-index)"
            )
        for rank, result in enumerate(results, start=1):
            self.stdout.write(
                f"{rank:>2}. {result.score:.3f}  {result.title}  [{result.kind_label}"
                f"{', ISCO ' + result.isco_code if result.isco_code else ''}]  "
                f"matched {result.matched_label!r} ({result.matched_language})"
            )
        if results and occupation_search.attribution(results):
            self.stdout.write(occupation_search.attribution(results))

    def match(
        self,
        *,
        input: Path,
        output: Path,
        top: int,
        corpus_dir: Path | None,
        corpus_only: bool,
        workers: int,
        **_: Any,
    ) -> None:
        queries = self.read_queries(input)
        if corpus_dir is not None:
            index, meaning = self.corpus_index(corpus_dir, corpus_only)
        else:
            loaded = occupation_search.loaded_index()
            if loaded is None:
                raise CommandError(occupation_search.index_status())
            index, meaning = loaded.index, loaded.meaning
        started = time.monotonic()
        global _batch
        _batch = (index, meaning, top)
        chunks = [
            queries[start : start + BATCH_CHUNK] for start in range(0, len(queries), BATCH_CHUNK)
        ]
        with (
            output.open("w", encoding="utf-8", newline="") as handle,
            tqdm(
                total=len(queries), desc="Matching", unit=" queries", file=sys.stderr, disable=None
            ) as bar,
            _chunk_mapper(max(1, workers)) as mapped,
        ):
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            for chunk, rows in zip(chunks, mapped(_rank_chunk, chunks), strict=True):
                writer.writerows(rows)
                bar.update(len(chunk))
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{len(queries)} queries in {elapsed:.1f} s "
            f"({len(queries) / elapsed if elapsed else 0:.0f} queries/s) -> {output}"
        )
        self.stdout.write(f"Concepts and labels: {ESCO_ATTRIBUTION}.")

    def corpus_index(
        self, corpus_dir: Path, corpus_only: bool
    ) -> tuple[OccupationIndex, semantic.Meaning | None]:
        """An index of a MELO-format corpus (plus the catalogue's other-language labels of its
        concepts), with label vectors where the semantic model is on."""
        corpus = corpus_labels(corpus_dir)
        labels = [*corpus, *([] if corpus_only else other_language_labels(corpus))]
        index = OccupationIndex.build(
            labels,
            broader=occupation_search.broader_concepts(),
            groups=occupation_search.group_concepts(),
        )
        model = occupation_search.encoder()
        if model is None:
            return index, None
        with (
            self.progress_bar(0, "Embedding labels (semantic model)") as label_bar,
            self.progress_bar(0, "Embedding concept names (second model)") as name_bar,
        ):
            meaning = semantic.meaning_of(
                labels,
                model,
                occupation_search.e5_encoder(),
                progress=partial(advance, label_bar),
                names_progress=partial(advance, name_bar),
            )
        return index, meaning

    def read_queries(self, path: Path) -> list[tuple[str, str]]:
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        queries, problems = [], []
        with path.open(encoding="utf-8", newline="") as handle:
            for line_number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
                if len(row) >= 2 and row[0].strip():
                    queries.append((row[0].strip(), row[1]))
                elif any(cell.strip() for cell in row):
                    problems.append(f"{path}:{line_number}: expected id<TAB>query")
        for problem in problems[:SHOWN_REJECTIONS]:
            self.stderr.write(problem)
        if not queries:
            raise CommandError(f"{path} holds no id<TAB>query lines")
        return queries


# Batch mode: what the ranking processes share (set before they fork, so the index is not
# copied), and the queries one of them ranks at a time (encoded together, which is faster).
_batch: tuple[OccupationIndex, semantic.Meaning | None, int] | None = None
BATCH_CHUNK = 200


def _rank_chunk(chunk: list[tuple[str, str]]) -> list[list[str]]:
    """Rows id, rank, concept, score for a chunk of queries."""
    if _batch is None:
        raise RuntimeError("batch mode: nothing to rank against")
    index, meaning, top = _batch
    rankings = semantic.search_many(index, meaning, [text for _, text in chunk], limit=top)
    return [
        [query_id, str(rank), hit.concept, f"{hit.score:.4f}"]
        for (query_id, _), hits in zip(chunk, rankings, strict=True)
        for rank, hit in enumerate(hits, start=1)
    ]


@contextmanager
def _chunk_mapper(workers: int) -> Iterator[Callable[..., Iterable[Any]]]:
    """``map`` in order: in this process for one worker, else in forked processes."""
    if workers == 1:
        yield map
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield pool.imap


def other_language_labels(corpus: list[Label]) -> list[Label]:
    """The catalogue's labels of the corpus concepts in the languages the corpus does not have."""
    languages = {label.language for label in corpus}
    concepts = {label.concept for label in corpus}
    rows = (
        OccupationLabel.objects.filter(occupation__key__in=concepts)
        .exclude(language__in=languages)
        .values_list("occupation__key", "text", "language", "kind")
    )
    return [Label(*row) for row in rows.iterator(chunk_size=5000)]
