"""Who is asking: a person's memberships reduced to id sets, or the system itself.

Every service and selector takes an ``Actor``. People become actors through ``actor_for(user)``,
loaded once per request; migrations, imports, the demo loader and scheduled tasks act as
``SYSTEM``, which passes every permission check and is recorded as the system in the audit log.

The memberships come from the accounts app, which registers its loader in ``ready()``
(``register_membership_loader``): this layer never imports an app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from lotse.permissions.roles import Role

# (role, organisation id, network id) of each active membership of a user id.
MembershipLoader = Callable[[int], Iterable[tuple[Role, int, int]]]


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    is_platform_admin: bool = False
    is_system: bool = False
    # role -> ids of the organisations where the user holds it
    organisations_by_role: dict[Role, frozenset[int]] = field(default_factory=dict)
    # role -> ids of the networks of those organisations
    networks_by_role: dict[Role, frozenset[int]] = field(default_factory=dict)

    @property
    def is_authenticated(self) -> bool:
        """A logged-in person (the system is not one)."""
        return self.user_id is not None

    @property
    def id(self) -> int:
        """The user's id; policies only see authenticated actors."""
        if self.user_id is None:
            raise PermissionError("this actor is not a person")
        return self.user_id

    def organisations(self, *roles: Role) -> frozenset[int]:
        """Organisations where the user holds any of ``roles`` (any role when none given)."""
        wanted = roles or tuple(self.organisations_by_role)
        return frozenset().union(*(self.organisations_by_role.get(r, frozenset()) for r in wanted))

    def networks(self, *roles: Role) -> frozenset[int]:
        wanted = roles or tuple(self.networks_by_role)
        return frozenset().union(*(self.networks_by_role.get(r, frozenset()) for r in wanted))

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(self.organisations_by_role)

    @property
    def primary_role(self) -> Role | None:
        return min(self.roles, key=lambda role: role.precedence) if self.roles else None


ANONYMOUS = Actor(user_id=None)
SYSTEM = Actor(user_id=None, is_system=True)

_CACHE_ATTRIBUTE = "_lotse_actor"
_loader: list[MembershipLoader] = []


def register_membership_loader(loader: MembershipLoader) -> None:
    """Called once by the app that owns memberships (accounts)."""
    _loader[:] = [loader]


def actor_for(user: Any) -> Actor:
    """The actor for a user, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    if not _loader:
        raise LookupError("no membership loader registered (is lotse.accounts installed?)")
    organisations: dict[Role, set[int]] = {}
    networks: dict[Role, set[int]] = {}
    for role, organisation_id, network_id in _loader[0](user.pk):
        organisations.setdefault(role, set()).add(organisation_id)
        networks.setdefault(role, set()).add(network_id)
    actor = Actor(
        user_id=user.pk,
        is_platform_admin=Role.PLATFORM_ADMIN in organisations,
        organisations_by_role={r: frozenset(ids) for r, ids in organisations.items()},
        networks_by_role={r: frozenset(ids) for r, ids in networks.items()},
    )
    setattr(user, _CACHE_ATTRIBUTE, actor)
    return actor


def forget_actor(user: Any) -> None:
    """Drop the cached actor after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
