from django.http import HttpRequest
from ninja import Router, Schema

from lotse import permissions
from lotse.accounts import selectors
from lotse.accounts.models import User

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    role: str
    organisation_id: int
    organisation: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    primary_role: str | None
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="The calling user and their roles")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)
    actor = permissions.actor_for(user)
    role = actor.primary_role
    memberships = selectors.own_memberships(actor=actor)
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        primary_role=role.value if role else None,
        memberships=[
            MembershipOut(
                role=m.role, organisation_id=m.organisation_id, organisation=m.organisation.name
            )
            for m in memberships
        ],
    )
