"""Writes to the network directory, with permission check and audit entry in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model

from lotse import permissions
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.network.models import Network, Organisation
from lotse.permissions import Actor

ORGANISATION_FIELDS = frozenset(
    {
        "name",
        "kind",
        "project_name",
        "city",
        "postcode",
        "district",
        "state",
        "website",
        "description",
        "is_fictional",
        "counsels_on_recognition",
        "is_active",
    }
)
NETWORK_FIELDS = frozenset({"name", "short_name", "region", "description", "website"})


def _write(
    *, actor: Actor, instance: Model, values: dict[str, Any], allowed: frozenset[str]
) -> tuple[AuditAction, list[str]] | None:
    """Check, apply and save ``values``; None when nothing differs (nothing is written)."""
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"unknown {instance._meta.model_name} fields: {sorted(unknown)}")
    is_new = instance.pk is None
    changed = (
        sorted(values) if is_new else [n for n, v in values.items() if getattr(instance, n) != v]
    )
    if not changed:
        return None
    permissions.require(actor, permissions.ADD if is_new else permissions.CHANGE, instance)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return (AuditAction.CREATE if is_new else AuditAction.UPDATE), changed


@transaction.atomic
def save_network(*, actor: Actor, slug: str, **values: Any) -> tuple[Network, bool]:
    """Create or update a network by slug. Returns it and whether anything was written."""
    network = Network.objects.filter(slug=slug).first() or Network(slug=slug)
    written = _write(actor=actor, instance=network, values=values, allowed=NETWORK_FIELDS)
    if written is None:
        return network, False
    action, changed = written
    audit(
        actor=actor,
        action=action,
        target=network,
        label=network.short_name,
        changed_fields=changed,
    )
    return network, True


@transaction.atomic
def save_organisation(
    *, actor: Actor, network: Network, slug: str, **values: Any
) -> tuple[Organisation, bool]:
    """Create or update an organisation by (network, slug). Unchanged records are not written."""
    organisation = Organisation.objects.filter(network=network, slug=slug).first()
    if organisation is None:
        organisation = Organisation(network=network, slug=slug)
    written = _write(actor=actor, instance=organisation, values=values, allowed=ORGANISATION_FIELDS)
    if written is None:
        return organisation, False
    action, changed = written
    audit(
        actor=actor,
        action=action,
        target=organisation,
        label=organisation.name,
        changed_fields=changed,
    )
    return organisation, True
