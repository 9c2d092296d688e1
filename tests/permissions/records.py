"""The records of the foundation's permission matrices, picked or built from ``world``."""

from lotse.accounts.models import Membership, User
from lotse.audit.models import AuditAction, AuditEntry
from lotse.network.models import Organisation, OrganisationKind
from lotse.permissions import Role

ALL = set(Role)
PA, NC, OA, C = (
    Role.PLATFORM_ADMIN,
    Role.NETWORK_COORDINATOR,
    Role.ORGANISATION_ADMIN,
    Role.COUNSELLOR,
)


def audit_entry_in(key):
    def pick(world):
        organisation = world.organisations[key]
        return AuditEntry.objects.create(
            actor=world.users["nobody"],
            action=AuditAction.UPDATE,
            target_type="network.organisation",
            target_id=str(organisation.pk),
            organisation_id=organisation.pk,
            network_id=organisation.network_id,
        )

    return pick


def new_membership(role):
    def pick(world):
        return Membership(
            user=world.users["nobody"], organisation=world.organisations["A1"], role=role
        )

    return pick


RECORDS = {
    "org:A1": lambda w: w.organisations["A1"],
    "org:A2": lambda w: w.organisations["A2"],
    "org:B1": lambda w: w.organisations["B1"],
    "org:new-in-A": lambda w: Organisation(
        network=w.networks["A"], slug="new", name="Neu", kind=OrganisationKind.SCHOOL
    ),
    "network:A": lambda w: w.networks["A"],
    "network:B": lambda w: w.networks["B"],
    "membership:A1-liaison": lambda w: w.memberships["A1:business_liaison"],
    "membership:A1-coordinator": lambda w: w.memberships["A1:network_coordinator"],
    "membership:A2-counsellor": lambda w: w.memberships["A2:counsellor"],
    "membership:B1-counsellor": lambda w: w.memberships["B1:counsellor"],
    "membership:new-A1-counsellor": new_membership(Role.COUNSELLOR),
    "membership:new-A1-coordinator": new_membership(Role.NETWORK_COORDINATOR),
    "membership:new-A1-platform-admin": new_membership(Role.PLATFORM_ADMIN),
    "user:A1-counsellor": lambda w: w.users["counsellor"],
    "user:A1-platform-admin": lambda w: w.users["platform_admin"],
    "user:A2-counsellor": lambda w: w.users["counsellor@A2"],
    "user:B1-counsellor": lambda w: w.users["counsellor@B1"],
    "user:without-role": lambda w: w.users["nobody"],
    "user:new": lambda w: User(email="new@example.org"),
    "audit:A1": audit_entry_in("A1"),
    "audit:A2": audit_entry_in("A2"),
    "audit:B1": audit_entry_in("B1"),
}
