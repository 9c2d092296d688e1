"""lotse rotate-field-keys: re-encrypt every encrypted field with the first key."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from lotse.crypto import EncryptedTextField

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the first key of LOTSE_FIELD_KEYS. Put the new "
        "key first, keep the old one after it, run this, then remove the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            rows = 0
            with transaction.atomic():
                # Reading decrypts with any key; writing encrypts with the first.
                records = model._default_manager.all()
                batch = []
                for record in records.iterator(chunk_size=BATCH):
                    batch.append(record)
                    if len(batch) == BATCH:
                        model._default_manager.bulk_update(batch, fields)
                        rows += len(batch)
                        batch = []
                if batch:
                    model._default_manager.bulk_update(batch, fields)
                    rows += len(batch)
            self.stdout.write(
                f"{model._meta.label}: {rows} rows re-encrypted ({', '.join(fields)})"
            )
