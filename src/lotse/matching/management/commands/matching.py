"""lotse matching allocate --input INSTANCE --output RESULT [--mode stable|weighted]

Reads an instance (.json, or .npz in the columnar form), computes the applicant-optimal stable
allocation (or, weighted, the assignment with the largest total score) and writes the result in
the form the output's suffix names. The format: docs/allocation-format.md."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lotse.matching.engine import allocation, formats, weighted

SUFFIXES = {".json", ".npz"}


class Command(BaseCommand):
    help = "Stable allocation of applicants to places (matching day, clearing of open places)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        allocate = sub.add_parser("allocate", help="allocate applicants to places")
        allocate.add_argument("--input", required=True, type=Path)
        allocate.add_argument("--output", required=True, type=Path)
        allocate.add_argument(
            "--mode",
            choices=["stable", "weighted"],
            default="stable",
            help="stable: applicant-proposing deferred acceptance (applicant-optimal); "
            "weighted: the largest total of the applicants' scores",
        )

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        source, target = options["input"], options["output"]
        for path in (source, target):
            if path.suffix.lower() not in SUFFIXES:
                raise CommandError(f"{path}: the file must end in .json or .npz", returncode=2)
        if not source.is_file():
            raise CommandError(f"{source} does not exist", returncode=2)
        started = time.perf_counter()
        try:
            loaded = (
                formats.read_json(source.read_bytes())
                if source.suffix.lower() == ".json"
                else formats.read_columnar(str(source))
            )
        except formats.InstanceError as error:
            raise CommandError(f"{source}: {error}", returncode=2) from None
        read = time.perf_counter()
        objective = None
        if options["mode"] == "weighted":
            if loaded.scores is None:
                raise CommandError(
                    f"{source}: the weighted mode needs scores (docs/allocation-format.md)",
                    returncode=2,
                )
            found = weighted.assign(loaded.instance, loaded.scores)
            result, objective = found.allocation, found.objective
        else:
            result = allocation.allocate(loaded.instance)
        solved = time.perf_counter()
        try:
            content = (
                json.dumps(
                    formats.result_json(loaded, result, objective), ensure_ascii=False, indent=1
                )
                if target.suffix.lower() == ".json"
                else formats.write_columnar_result(loaded, result)
            )
        except formats.InstanceError as error:
            raise CommandError(f"{target}: {error}", returncode=2) from None
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
        for warning in formats.warnings_of(result):
            self.stderr.write(f"warning: {warning}")
        matched = int((result.place_of >= 0).sum())
        instance = loaded.instance
        self.stdout.write(
            f"{instance.applicants} applicants, {instance.places} places: {matched} matched, "
            f"{instance.applicants - matched} unmatched; stable: {'yes' if result.stable else 'NO'}"
            f" (read {read - started:.2f} s, solved {solved - read:.2f} s) → {target}"
        )
        if objective is not None:
            self.stdout.write(f"total score {objective:g} (the weighted mode need not be stable)")
        elif not result.stable:
            raise CommandError("the result failed the stability check", returncode=1)
