"""Deployment checks that stop ``lotse serve``: an error here is a server that must not start."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

MIN_SECRET_KEY_LENGTH = 50


@register(deploy=True)
def production_settings(**kwargs: Any) -> list[Error]:
    if settings.ENV != "production":
        return []
    errors = []
    if len(settings.SECRET_KEY) < MIN_SECRET_KEY_LENGTH or len(set(settings.SECRET_KEY)) < 5:
        errors.append(
            Error(
                f"LOTSE_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} random characters.",
                id="lotse.E001",
            )
        )
    if settings.DEBUG:
        errors.append(
            Error(
                "LOTSE_DEBUG must be off in production: debug pages show the site's internals.",
                id="lotse.E002",
            )
        )
    if not settings.LOTSE_FIELD_KEYS:
        errors.append(
            Error(
                "LOTSE_FIELD_KEYS must hold the key that encrypts special-category fields "
                "(make one with `lotse generate-field-key`).",
                id="lotse.E003",
            )
        )
    return errors
