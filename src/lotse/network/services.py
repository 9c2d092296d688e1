"""Writes to the network directory, with permission check and audit entry in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from lotse import permissions
from lotse.accounts.models import User
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.network.models import Network, Organisation

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
        "is_active",
    }
)
NETWORK_FIELDS = frozenset({"name", "short_name", "region", "description", "website"})


def _changed(instance: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


@transaction.atomic
def save_network(*, actor: User | None, slug: str, **values: Any) -> tuple[Network, bool]:
    """Create or update a network by slug. Returns it and whether anything was written."""
    unknown = set(values) - NETWORK_FIELDS
    if unknown:
        raise ValueError(f"unknown network fields: {sorted(unknown)}")
    network = Network.objects.filter(slug=slug).first() or Network(slug=slug)
    changed = _changed(network, values) if network.pk else sorted(values)
    if not changed:
        return network, False
    if actor is not None:
        permissions.require(actor, permissions.CHANGE if network.pk else permissions.ADD, network)
    action = AuditAction.UPDATE if network.pk else AuditAction.CREATE
    for name, value in values.items():
        setattr(network, name, value)
    network.save()
    audit(
        actor=actor,
        action=action,
        target=network,
        label=network.short_name,
        changed_fields=changed,
        network_id=network.pk,
    )
    return network, True


@transaction.atomic
def save_organisation(
    *, actor: User | None, network: Network, slug: str, **values: Any
) -> tuple[Organisation, bool]:
    """Create or update an organisation by (network, slug). Unchanged records are not written."""
    unknown = set(values) - ORGANISATION_FIELDS
    if unknown:
        raise ValueError(f"unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation.objects.filter(network=network, slug=slug).first()
    if organisation is None:
        organisation = Organisation(network=network, slug=slug)
    changed = _changed(organisation, values) if organisation.pk else sorted(values)
    if not changed:
        return organisation, False
    action = AuditAction.UPDATE if organisation.pk else AuditAction.CREATE
    for name, value in values.items():
        setattr(organisation, name, value)
    if actor is not None:
        permissions.require(
            actor,
            permissions.CHANGE if action == AuditAction.UPDATE else permissions.ADD,
            organisation,
        )
    organisation.full_clean()
    organisation.save()
    audit(
        actor=actor,
        action=action,
        target=organisation,
        label=organisation.name,
        changed_fields=changed,
        organisation_id=organisation.pk,
        network_id=network.pk,
    )
    return organisation, True
