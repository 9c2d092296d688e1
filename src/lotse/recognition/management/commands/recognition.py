"""lotse recognition advise --occupation ID-OR-TEXT (--postcode PLZ | --state DE-XX) --country XX"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lotse.recognition import presentation, selectors

USAGE_ERROR = 2  # like argparse: the input was wrong


class Command(BaseCommand):
    help = "Recognition of foreign qualifications: what applies and who decides."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        advise = sub.add_parser("advise", help="the navigator's answer for one question")
        advise.add_argument("--occupation", required=True, help="occupation id, key or title")
        where = advise.add_mutually_exclusive_group(required=True)
        where.add_argument("--postcode", help="German postcode (or municipality) of the work place")
        where.add_argument("--state", help="federal state, ISO 3166-2 (DE-MV, DE-NW, …)")
        advise.add_argument("--country", required=True, help="ISO 3166-1 code of the country")
        advise.add_argument("--academic", action="store_true", help="a university degree")
        advise.add_argument(
            "--documents-missing", action="store_true", help="documents are incomplete"
        )
        advise.add_argument("--lang", default="de", help="language of the answer (de, en, ar, …)")
        advise.add_argument("--json", action="store_true", help="print JSON (the API's shape)")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        try:
            answer = selectors.advice(
                occupation=options["occupation"],
                country=options["country"],
                place=options["postcode"] or "",
                state=options["state"] or "",
                academic=options["academic"],
                documents_complete=not options["documents_missing"],
                language=selectors.answer_language(options["lang"]),
            )
        except selectors.InvalidQuestion as error:
            raise CommandError(error.message, returncode=USAGE_ERROR) from None
        data = presentation.answer_data(answer)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(presentation.answer_text(data))
