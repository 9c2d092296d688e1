"""A character n-gram index over occupation labels that ranks concepts.

Every label (preferred, alternative, hidden; every language) becomes a TF-IDF vector of the
character n-grams of its words, which handles German compounds and typos alike. The IDF is each
language's own: "eur" tells little among French labels and much among German ones. A query
scores all labels by cosine similarity through the inverted (column) form of the matrix, and the
best label of each concept gives the concept its score.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import overload

import numpy as np
import scipy.sparse as sp

from lotse.occupations.engine.normalise import (
    differs_in_accents,
    label_variants,
    normalise,
    query_variants,
    stem,
)

FORMAT_VERSION = 4
KINDS = ("preferred", "alternative", "hidden")
TEXT_SEPARATOR = "\x1f"  # the unit separator: never part of a label
NGRAM = 3
# Labels scored in full before they are grouped by concept; enough for any realistic limit.
CANDIDATE_LABELS = 400
# Concepts (by their best label) whose labels in every language are weighed before ranking.
CANDIDATE_CONCEPTS = 100
# A concept whose second-best label (in the language of its best) also matches is more likely
# the one meant. Chosen on MELO development sets (it helps es, it, ro; neutral for pl, fr).
SECOND_LABEL_WEIGHT = 0.1
# Labels of the same concept in other languages are evidence too: cognates and loanwords
# ("mecánico", "meccanico", "mecânico") agree across languages where a wrong concept does not.
# A concept gains the mean of its best scores in the OTHER_LANGUAGES best other languages.
# 0.2 since exact labels count more (EXACT_LABEL_BONUS), which settles much of what agreement
# settled before: MELO Acc@1 with 0.4, 0.3, 0.2: fra 0.831, 0.832, 0.834; pol 0.559, 0.562,
# 0.563; ita 0.486, 0.494, 0.489; es, bg, ro within ±0.001.
CROSS_LANGUAGE_WEIGHT = 0.2
OTHER_LANGUAGES = 3
# A preferred label names its concept; the same text as another concept's alternative label is
# weaker evidence for that other concept.
PREFERRED_LABEL_BONUS = 0.05
# A broader concept (an ISCO group, a more general occupation) is also an answer where one of
# its narrower concepts matches: it ranks just below that concept unless its own labels match
# better. Generic titles ("teachers in primary education") often mean the group.
BROADER_SHARE = 0.85
# The concept score shown as 1: a label that matches fully and a second one in its language.
FULL_SCORE = 1 + SECOND_LABEL_WEIGHT
# A label that is what was typed (after normalising) is stronger evidence than one that shares
# only its stems ("styliste" typed: the French "styliste", not the Swedish "stylist"), and more
# so where it is the concept's preferred label. MELO fra +0.016 Acc@1 with 0.2 and 0.5, pol
# +0.006; 0.2/0.3 and 0.5/1.0 score within ±0.001.
EXACT_LABEL_BONUS = 0.2
EXACT_PREFERRED_BONUS = 0.5


@dataclass(frozen=True)
class Label:
    concept: str
    text: str
    language: str
    kind: str = "preferred"


@dataclass(frozen=True)
class Hit:
    concept: str
    score: float
    label: str
    language: str


class LabelTable(Sequence[Label]):
    """The labels of an index as columns: loading 300k labels needs no 300k objects."""

    def __init__(
        self,
        texts: list[str],
        concept: np.ndarray,
        concepts: Sequence[str],
        language: np.ndarray,
        languages: Sequence[str],
        kind: np.ndarray,
    ) -> None:
        self.texts, self.concept, self.concepts = texts, concept, concepts
        self.language, self.languages, self.kind = language, list(languages), kind

    @classmethod
    def of(cls, labels: Sequence[Label], concepts: Sequence[str]) -> LabelTable:
        concept_number = {concept: n for n, concept in enumerate(concepts)}
        languages = sorted({label.language for label in labels})
        language_number = {language: n for n, language in enumerate(languages)}
        return cls(
            [label.text for label in labels],
            np.array([concept_number[lb.concept] for lb in labels], dtype=np.int32),
            concepts,
            np.array([language_number[lb.language] for lb in labels], dtype=np.int16),
            languages,
            np.array([KINDS.index(lb.kind) for lb in labels], dtype=np.int8),
        )

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, number: int) -> Label: ...

    @overload
    def __getitem__(self, number: slice) -> Sequence[Label]: ...

    def __getitem__(self, number: int | slice) -> Label | Sequence[Label]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        return Label(
            self.concepts[self.concept[number]],
            self.texts[number],
            self.languages[self.language[number]],
            KINDS[self.kind[number]],
        )


def ngrams(form: str, n: int = NGRAM) -> Counter[str]:
    """Character n-grams of each word's stem padded with spaces (short words count whole)."""
    grams: Counter[str] = Counter()
    for word in form.split():
        padded = f" {stem(word)} "
        if len(padded) <= n:
            grams[padded] += 1
            continue
        grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


class OccupationIndex:
    def __init__(
        self,
        *,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        unseen_idf: np.ndarray,
        by_feature: sp.csc_matrix,
        entry_label: np.ndarray,
        labels: Sequence[Label],
        concepts: Sequence[str],
        label_concept: np.ndarray,
        broader: np.ndarray | None = None,
        group: np.ndarray | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.idf = idf  # languages x features
        self.unseen_idf = unseen_idf  # per language: the IDF of an n-gram none of its labels has
        # Entries hold tf·idf / norm · idf: the query's IDF moves to the label side, so one
        # product with the query's tf weights scores every language in its own IDF.
        self.by_feature = by_feature  # entries x features, column-compressed: the inverted index
        self.entry_label = entry_label  # searchable form -> label
        # concept -> its broader concept in this index, or -1
        self.broader = broader if broader is not None else np.full(len(concepts), -1, np.int32)
        # concept -> whether it is a group of occupations (ISCO), not an occupation
        self.group = group if group is not None else np.zeros(len(concepts), dtype=bool)
        table = labels if isinstance(labels, LabelTable) else LabelTable.of(labels, concepts)
        self.labels = table
        self.concepts = concepts
        self.label_concept = label_concept
        self.languages = table.languages
        self.label_language = table.language.astype(np.int32)
        # entries of language l: language_entries[l]:language_entries[l + 1] (built that way)
        self.language_entries = np.searchsorted(
            self.label_language[entry_label], np.arange(len(self.languages) + 1)
        )
        self.label_boost = np.where(
            table.kind == KINDS.index("preferred"), 1 + PREFERRED_LABEL_BONUS, 1.0
        ).astype(np.float32)
        # the labels of each concept, by language: concept_labels[concept_start[c]:
        # concept_start[c + 1]]
        self.concept_labels = np.lexsort((self.label_language, label_concept)).astype(np.int32)
        self.concept_start = np.searchsorted(
            label_concept[self.concept_labels], np.arange(len(concepts) + 1)
        )
        # A label's score is the best of its entries (its written forms). Most labels have one:
        # its first entry gives the score (gathered, which is fast), only the others need
        # comparing. A label without entries points past the last entry, at a 0.
        self.first_entry = np.full(len(label_concept), len(entry_label), dtype=np.int64)
        labels_with_entries, first_entry = np.unique(entry_label, return_index=True)
        self.first_entry[labels_with_entries] = first_entry
        further = np.ones(len(entry_label), dtype=bool)
        further[first_entry] = False
        self.further_entry = np.flatnonzero(further)
        self.further_entry_label = entry_label[self.further_entry]

    # building -------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        labels: Iterable[Label],
        *,
        broader: Mapping[str, str] | None = None,
        groups: Collection[str] = (),
        progress: Callable[[int], None] | None = None,
    ) -> OccupationIndex:
        """``broader``: concept -> its broader concept; ``groups``: the concepts that are groups
        of occupations (ISCO), not occupations."""
        label_list = list(labels)
        concept_ids: dict[str, int] = {}
        for label in label_list:
            concept_ids.setdefault(label.concept, len(concept_ids))
        # The entries of one language lie together: a query's norm per language divides slices.
        label_list.sort(key=lambda label: label.language)
        entry_label: list[int] = []
        rows: list[Counter[str]] = []
        for label_number, label in enumerate(label_list):
            for form in label_variants(label.text):
                grams = ngrams(form)
                if grams:
                    rows.append(grams)
                    entry_label.append(label_number)
            if progress and label_number % 5000 == 0:
                progress(label_number)
        vocabulary = {gram: i for i, gram in enumerate(sorted({g for row in rows for g in row}))}
        concepts = list(concept_ids)
        table = LabelTable.of(label_list, concepts)
        entry_language = table.language[np.array(entry_label, dtype=np.int32)].astype(np.int32)
        counts = cls._term_weights(rows, vocabulary)
        idf, unseen_idf = cls._language_idf(counts, entry_language, len(table.languages))
        parent = np.full(len(concept_ids), -1, dtype=np.int32)
        for concept, broader_concept in (broader or {}).items():
            if concept in concept_ids and broader_concept in concept_ids:
                parent[concept_ids[concept]] = concept_ids[broader_concept]
        return cls(
            vocabulary=vocabulary,
            idf=idf,
            unseen_idf=unseen_idf,
            by_feature=cls._weighted(counts, idf, entry_language).tocsc(),
            entry_label=np.array(entry_label, dtype=np.int32),
            labels=table,
            concepts=concepts,
            label_concept=np.array([concept_ids[lb.concept] for lb in label_list], dtype=np.int32),
            broader=parent,
            group=np.isin(concepts, list(groups)) if groups else None,
        )

    @staticmethod
    def _term_weights(rows: list[Counter[str]], vocabulary: dict[str, int]) -> sp.csr_matrix:
        """Entries x features: 1 + log(count) of each n-gram of each entry."""
        indptr = np.cumsum([0, *(len(grams) for grams in rows)])
        indices = np.fromiter(
            (vocabulary[g] for grams in rows for g in grams), dtype=np.int32, count=indptr[-1]
        )
        counts = np.fromiter(
            (c for grams in rows for c in grams.values()), dtype=np.float32, count=indptr[-1]
        )
        return sp.csr_matrix(
            (1 + np.log(counts), indices, indptr), shape=(len(rows), len(vocabulary))
        )

    @staticmethod
    def _language_idf(
        counts: sp.csr_matrix, entry_language: np.ndarray, languages: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """languages x features: log((1 + entries) / (1 + entries with the n-gram)) + 1, counted
        among the entries of each language; and per language the IDF of an unseen n-gram."""
        present = counts.copy()
        present.data[:] = 1
        entries = counts.shape[0]
        by_language = sp.csr_matrix(
            (np.ones(entries, dtype=np.float32), (entry_language, np.arange(entries))),
            shape=(languages, entries),
        )
        document_frequency = (by_language @ present).toarray()
        per_language = np.bincount(entry_language, minlength=languages)[:, None]
        idf = np.log((1 + per_language) / (1 + document_frequency)) + 1
        unseen = np.log(1 + per_language[:, 0]) + 1
        return idf.astype(np.float32), unseen.astype(np.float32)

    @staticmethod
    def _weighted(
        counts: sp.csr_matrix, idf: np.ndarray, entry_language: np.ndarray
    ) -> sp.csr_matrix:
        """Each entry's tf·idf vector in its language, normalised, times that idf once more."""
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        row_idf = idf[entry_language[rows], counts.indices]
        weights = counts.data * row_idf
        norms = np.sqrt(np.bincount(rows, weights * weights, minlength=counts.shape[0]))
        data = (weights / norms[rows] * row_idf).astype(np.float32)
        return sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)

    # searching ------------------------------------------------------------------------------

    def query_vector(self, query: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Feature ids and term weights of the query, and its norm in each language's IDF: the
        n-grams no label has still count there (with the weight of an unseen n-gram) and so
        lower the score."""
        grams = ngrams(normalise(query))
        ids = np.array([self.vocabulary.get(g, -1) for g in grams], dtype=np.int32)
        weights = 1 + np.log(np.fromiter(grams.values(), dtype=np.float32, count=len(grams)))
        seen = ids >= 0
        unseen_square = float((weights[~seen] ** 2).sum())
        squares = (weights[seen] * self.idf[:, ids[seen]]) ** 2
        norms = np.sqrt(squares.sum(axis=1) + unseen_square * self.unseen_idf**2)
        return ids[seen], weights[seen], norms

    def label_scores(self, query: str) -> np.ndarray:
        """Cosine-like score of every label for the query or one of its variants (a side of a
        gender pair, see ``query_variants``); 0 where nothing is shared."""
        forms = query_variants(query)
        scores = self._form_scores(forms[0])
        for form in forms[1:]:
            np.maximum(scores, self._form_scores(form), out=scores)
        return scores

    def _form_scores(self, query: str) -> np.ndarray:
        ids, weights, norms = self.query_vector(query)
        if ids.size == 0:
            return np.zeros(len(self.labels), dtype=np.float32)
        entry_scores = np.zeros(len(self.entry_label) + 1, dtype=np.float32)
        entry_scores[:-1] = self.by_feature[:, ids] @ weights
        for language, (start, end) in enumerate(pairwise(self.language_entries)):
            entry_scores[start:end] /= norms[language]
        scores = entry_scores[self.first_entry]
        further = self.further_entry
        np.maximum.at(scores, self.further_entry_label, entry_scores[further])
        return scores

    def search(self, query: str, *, limit: int = 10, allowed: set[str] | None = None) -> list[Hit]:
        """The best concepts for the query, each with the label that matched best.

        A concept ranks by its best label (more where that is exactly what was typed), a little
        of its second-best in that language and the agreement of its labels in other languages.
        """
        matched = self.label_scores(query)
        scores = matched * self.label_boost
        self._add_exact_bonus(scores, matched, query)
        admitted = self._concept_mask(allowed) if allowed is not None else None
        if admitted is not None:
            scores = np.where(admitted[self.label_concept], scores, 0)
        top = _best_labels(scores, CANDIDATE_LABELS)
        _, first = np.unique(self.label_concept[top], return_index=True)
        in_order = np.sort(first)[:CANDIDATE_CONCEPTS]
        # concept -> its best label, in ranking order
        best_label = dict(
            zip(self.label_concept[top[in_order]].tolist(), top[in_order].tolist(), strict=True)
        )
        if not best_label:
            return []
        concept_score = self._concept_scores(scores, best_label)
        self._add_broader(concept_score, best_label, admitted)
        ranked = sorted(concept_score, key=lambda concept: -concept_score[concept])[:limit]
        # Shown as 0..1 on the scale of one language's labels: an exact label scores about 1,
        # agreement in other languages can lift a concept to 1 but not above.
        labels = [best_label[concept] for concept in ranked]
        texts, languages = self.labels.texts, self.languages
        return [
            Hit(
                self.concepts[concept],
                round(min(1.0, concept_score[concept] / FULL_SCORE), 4),
                texts[label],
                languages[language],
            )
            for concept, label, language in zip(
                ranked, labels, self.label_language[labels].tolist(), strict=True
            )
        ]

    def _add_exact_bonus(self, scores: np.ndarray, matched: np.ndarray, query: str) -> None:
        """EXACT_LABEL_BONUS (EXACT_PREFERRED_BONUS for a preferred label) for every label that
        is the query or one side of its gender pair, after normalising. An ISCO group gets
        none: its plural title ("Químicos", "Avvocati") names an occupation of the group as
        well, and a person has an occupation. Nor does a label that writes a word typed with
        accents in other accents: "Détective" is the French word, not the Spanish "detective"
        (MELO fra Acc@1 +0.0014, pol +0.0005; the others unchanged). A typed gender pair shares
        the bonus among its sides: the French "poissonnier/poissonnière" is all of "Poissonnier /
        Poissonnière", the Dutch "poissonnier" (a fish cook) half of it (fra Acc@1 +0.0021)."""
        typed = [(form, normalise(form)) for form in query_variants(query)]
        for label_number in np.flatnonzero(matched >= 0.999):  # all n-grams shared
            if self.group[self.label_concept[label_number]]:
                continue
            text = self.labels.texts[label_number]
            variants = label_variants(text)
            sides = sum(
                normalised in variants and not differs_in_accents(form, text)
                for form, normalised in typed
            )
            if sides:
                preferred = self.labels.kind[label_number] == KINDS.index("preferred")
                bonus = EXACT_PREFERRED_BONUS if preferred else EXACT_LABEL_BONUS
                scores[label_number] += bonus * sides / len(typed)

    def _add_broader(
        self,
        concept_score: dict[int, float],
        best_label: dict[int, int],
        admitted: np.ndarray | None,
    ) -> None:
        """Each matching concept's broader concept scores at least BROADER_SHARE of it (of a
        full score where it scores more): it shows below, never beside, what was typed."""
        for concept, score in list(concept_score.items()):
            parent = int(self.broader[concept])
            if parent < 0 or (admitted is not None and not admitted[parent]):
                continue
            inherited = BROADER_SHARE * min(score, FULL_SCORE)
            if inherited > concept_score.get(parent, 0.0):
                concept_score[parent] = inherited
                best_label[parent] = best_label[concept]  # found through that concept

    def _concept_scores(self, scores: np.ndarray, best_label: dict[int, int]) -> dict[int, float]:
        """Best label + second-best in its language + mean of the best other languages."""
        concepts = np.fromiter(best_label, dtype=np.int64)
        starts, ends = self.concept_start[concepts], self.concept_start[concepts + 1]
        matching = self.concept_labels[ranges(starts, ends)]  # by concept, then language
        row = np.repeat(np.arange(len(concepts)), ends - starts)
        languages = len(self.languages)
        cell = row * languages + self.label_language[matching]
        values = scores[matching]
        cell_start = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
        cells = cell[cell_start]
        best_in_cell = np.maximum.reduceat(values, cell_start)
        is_best = values == np.repeat(best_in_cell, np.diff(np.r_[cell_start, len(cell)]))
        below_best = np.maximum.reduceat(np.where(is_best, 0, values), cell_start)
        tied = np.add.reduceat(is_best, cell_start) > 1
        best = np.zeros((len(concepts), languages), dtype=np.float32)
        runner_up = np.zeros_like(best)
        best.reshape(-1)[cells] = best_in_cell
        runner_up.reshape(-1)[cells] = np.where(tied, best_in_cell, below_best)
        own = self.label_language[np.fromiter(best_label.values(), dtype=np.int64)]
        rows = np.arange(len(concepts))
        others = best.copy()
        others[rows, own] = 0
        counted = min(OTHER_LANGUAGES, max(languages - 1, 1))
        agreement = -np.sort(-others, axis=1)[:, :counted].mean(axis=1)
        total = (
            best[rows, own]
            + SECOND_LABEL_WEIGHT * runner_up[rows, own]
            + CROSS_LANGUAGE_WEIGHT * agreement
        )
        return dict(zip(best_label, total.tolist(), strict=True))

    def _concept_mask(self, allowed: set[str]) -> np.ndarray:
        return np.array([concept in allowed for concept in self.concepts], dtype=bool)

    # persistence ----------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(
            directory / "arrays.npz",
            data=self.by_feature.data,
            indices=self.by_feature.indices,
            indptr=self.by_feature.indptr,
            shape=np.array(self.by_feature.shape),
            idf=self.idf,
            unseen_idf=self.unseen_idf,
            entry_label=self.entry_label,
            label_concept=self.label_concept,
            label_language=self.labels.language,
            label_kind=self.labels.kind,
            broader=self.broader,
            group=self.group,
        )
        meta = {
            "format": FORMAT_VERSION,
            "vocabulary": list(self.vocabulary),
            "concepts": list(self.concepts),
            "languages": self.labels.languages,
            "texts": TEXT_SEPARATOR.join(self.labels.texts),
        }
        (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @staticmethod
    def is_current(directory: Path) -> bool:
        """Whether the directory holds an index this version can load (no older format)."""
        try:
            meta = json.loads((directory / "meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(meta, dict) and meta.get("format") == FORMAT_VERSION

    @classmethod
    def load(cls, directory: Path) -> OccupationIndex:
        meta = json.loads((directory / "meta.json").read_text("utf-8"))
        if meta["format"] != FORMAT_VERSION:
            raise ValueError(f"index format {meta['format']} is not {FORMAT_VERSION}: rebuild it")
        with np.load(directory / "arrays.npz") as arrays:
            if "broader" not in arrays or "unseen_idf" not in arrays:
                raise ValueError("index of an older build: rebuild it")
            matrix = sp.csc_matrix(
                (arrays["data"], arrays["indices"], arrays["indptr"]),
                shape=tuple(arrays["shape"]),
            )
            labels = LabelTable(
                meta["texts"].split(TEXT_SEPARATOR) if meta["texts"] else [],
                arrays["label_concept"],
                meta["concepts"],
                arrays["label_language"],
                meta["languages"],
                arrays["label_kind"],
            )
            return cls(
                vocabulary={gram: i for i, gram in enumerate(meta["vocabulary"])},
                idf=arrays["idf"],
                unseen_idf=arrays["unseen_idf"],
                by_feature=matrix,
                entry_label=arrays["entry_label"],
                labels=labels,
                concepts=meta["concepts"],
                label_concept=arrays["label_concept"],
                broader=arrays["broader"],
                group=arrays["group"],
            )

    @property
    def memory_bytes(self) -> int:
        arrays = (
            self.by_feature.data,
            self.by_feature.indices,
            self.by_feature.indptr,
            self.idf,
            self.entry_label,
            self.label_concept,
            self.broader,
        )
        strings = sum(len(text) for text in self.labels.texts) + sum(len(c) for c in self.concepts)
        return int(sum(a.nbytes for a in arrays) + strings * 2 + len(self.vocabulary) * 60)


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, end) for each pair."""
    lengths = ends - starts
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    indices: np.ndarray = np.arange(int(lengths.sum())) + offsets
    return indices


# Score levels tried before all scoring labels: comparing every label once is cheap, partitioning
# the many that share only a common n-gram with the query is not.
CANDIDATE_THRESHOLDS = (0.5, 0.25, 0.0)


def _best_labels(scores: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` best scoring labels (score > 0), best first, ties in label order."""
    for threshold in CANDIDATE_THRESHOLDS:
        top = np.flatnonzero(scores > threshold)
        if top.size >= count:
            break
    if top.size > count:  # the ``count`` best and any that tie with the last of them
        cut = -np.partition(-scores[top], count - 1)[count - 1]
        top = top[scores[top] >= cut]
    ordered: np.ndarray = top[np.lexsort((top, -scores[top]))][:count]
    return ordered
