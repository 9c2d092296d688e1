"""Occupation names in languages ESCO has no labels for, with our own translations held out.

    LOTSE_ENV=demo OMP_NUM_THREADS=1 uv run python benchmarks/occupation_languages.py

`reference_titles_translated.tsv` gives common names of German reference occupations in Turkish,
Ukrainian, Russian, Arabic and Persian. The product indexes them as labels, so typing one of them
finds its occupation at once. Here they are held out: the index is built without them (in a
temporary data directory, inside a transaction that is rolled back), and each name is searched
among the German reference occupations, as the recognition navigator searches. Acc@1 and Acc@3
per language measure what the search makes of a language it has no labels in: the semantic
model's share above all. Needs the catalogue in the database (`lotse occupations import-esco`).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_ENV", "demo")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from lotse.occupations import search  # noqa: E402
from lotse.occupations.models import REFERENCE_KINDS, OccupationLabel  # noqa: E402
from lotse.occupations.reference_files import (  # noqa: E402
    TRANSLATED_LANGUAGES,
    read_reference_catalogue,
)


def held_out_names() -> list[tuple[str, str, str]]:
    """(language, name, reference key) for every translated name."""
    return [
        (language, name, occupation.key)
        for occupation in read_reference_catalogue().occupations
        for language, name in occupation.translated
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every miss")
    arguments = parser.parse_args()
    names = held_out_names()
    reference = search.Filters(kinds=frozenset(REFERENCE_KINDS))
    found: dict[str, list[int]] = defaultdict(list)  # language -> rank of the right one (0: none)
    with tempfile.TemporaryDirectory() as directory, transaction.atomic():
        settings.DATA_DIR = Path(directory)
        OccupationLabel.objects.filter(
            occupation__kind__in=REFERENCE_KINDS, language__in=TRANSLATED_LANGUAGES
        ).delete()
        search.build_index()
        print(search.index_status())
        for language, name, key in names:
            keys = [result.key for result in search.search(name, limit=3, filters=reference)]
            rank = keys.index(key) + 1 if key in keys else 0
            found[language].append(rank)
            if arguments.show and rank != 1:
                print(f"  {language} {name!r}: {key} not first, got {keys}")
        transaction.set_rollback(True)
    for language in TRANSLATED_LANGUAGES:
        ranks = found[language]
        first = sum(rank == 1 for rank in ranks) / len(ranks)
        top3 = sum(rank > 0 for rank in ranks) / len(ranks)
        print(f"{language}: {len(ranks)} names, Acc@1 {first:.3f}, Acc@3 {top3:.3f}")
    print(
        "command: LOTSE_ENV=demo OMP_NUM_THREADS=1 uv run python benchmarks/occupation_languages.py"
    )


if __name__ == "__main__":
    main()
