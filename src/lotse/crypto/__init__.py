"""Encryption at rest for special-category fields (residence status, disability, confidential
notes).

The keys come from the environment: ``LOTSE_FIELD_KEYS`` holds one or more Fernet keys separated
by commas, the first encrypts and all decrypt, so a key is rotated by putting a new one first and
running ``lotse rotate-field-keys`` (which re-encrypts every value with it) before removing the
old one. Production refuses to start without the variable; demo and tests derive a key from the
secret key. ``lotse generate-field-key`` prints a new key.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


def _derived_key() -> bytes:
    digest = hashlib.sha256(("lotse-field-key:" + settings.SECRET_KEY).encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _keys(configured: str) -> MultiFernet:
    if configured:
        try:
            return MultiFernet([Fernet(key.strip()) for key in configured.split(",") if key])
        except ValueError as error:
            raise ImproperlyConfigured(
                "LOTSE_FIELD_KEYS must be Fernet keys separated by commas "
                "(make one with `lotse generate-field-key`)."
            ) from error
    if settings.ENV == "production":
        raise ImproperlyConfigured(
            "Set LOTSE_FIELD_KEYS (make one with `lotse generate-field-key`)."
        )
    return MultiFernet([Fernet(_derived_key())])


def keys() -> MultiFernet:
    return _keys(settings.LOTSE_FIELD_KEYS)


def encrypt(text: str) -> str:
    return PREFIX + keys().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return keys().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted field cannot be read with LOTSE_FIELD_KEYS: is a key missing?"
        ) from error


def rotate(stored: str) -> str:
    """The value encrypted with the first key (unchanged meaning)."""
    return PREFIX + keys().rotate(stored[len(PREFIX) :].encode()).decode()


def generate_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted; the empty string stays empty (nothing to hide, and searchable as
    'not given'). Not searchable or sortable by content, by design."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
