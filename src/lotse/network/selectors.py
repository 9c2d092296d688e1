from __future__ import annotations

from django.db.models import Count, QuerySet

from lotse import permissions
from lotse.network.models import Network, Organisation, OrganisationKind
from lotse.permissions import Actor


def organisations_visible_to(*, actor: Actor) -> QuerySet[Organisation]:
    return permissions.visible(
        actor, permissions.VIEW, Organisation.objects.select_related("network")
    )


def networks_visible_to(*, actor: Actor) -> QuerySet[Network]:
    return permissions.visible(actor, permissions.VIEW, Network.objects.all())


def organisation_kind_counts(*, actor: Actor) -> list[tuple[str, int]]:
    """(kind label, count) of visible active organisations, largest first."""
    rows = (
        organisations_visible_to(actor=actor)
        .filter(is_active=True)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("-n", "kind")
    )
    labels = dict(OrganisationKind.choices)
    return [(str(labels.get(row["kind"], row["kind"])), row["n"]) for row in rows]


def public_organisations(*, network: Network) -> QuerySet[Organisation]:
    """The partners a network shows on its public pages (no personal data involved)."""
    return Organisation.objects.filter(network=network, is_active=True).order_by("kind", "name")


def all_networks() -> QuerySet[Network]:
    """Every network on the platform, for the public landing page (no personal data)."""
    return Network.objects.order_by("name")


def organisations_changeable_by(*, actor: Actor) -> QuerySet[Organisation]:
    return permissions.visible(actor, permissions.CHANGE, Organisation.objects.all())


def recognition_counselling_organisations() -> QuerySet[Organisation]:
    """Active organisations that offer recognition counselling (public, no personal data)."""
    return Organisation.objects.filter(is_active=True, counsels_on_recognition=True).select_related(
        "network"
    )
