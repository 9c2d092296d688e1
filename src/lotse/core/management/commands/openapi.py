import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lotse.api.api import api

DEFAULT_PATH = Path("openapi.json")


def current_schema() -> str:
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document, or with --check fail when the committed one differs."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="compare instead of writing")
        parser.add_argument("--path", type=Path, default=DEFAULT_PATH)

    def handle(self, *args: Any, check: bool, path: Path, **options: Any) -> None:
        schema = current_schema()
        if not check:
            path.write_text(schema, encoding="utf-8")
            self.stdout.write(f"Wrote {path}")
            return
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if committed != schema:
            raise CommandError(
                f"{path} differs from the API. If the change is intended, run `lotse openapi` "
                "and commit the result."
            )
        self.stdout.write(f"{path} matches the API.")
