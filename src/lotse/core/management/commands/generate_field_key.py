"""lotse generate-field-key: a new key for LOTSE_FIELD_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lotse.crypto import generate_key


class Command(BaseCommand):
    help = "Print a new key for the encrypted fields (put it first in LOTSE_FIELD_KEYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(generate_key())
