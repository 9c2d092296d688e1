"""The permission layer: the only place that decides access. Every function takes an ``Actor``.

* ``visible(actor, action, queryset)`` filters a queryset to what the actor may act on.
* ``can(actor, action, instance)`` answers for one record (saved or new).
* ``get_or_404(actor, action, queryset, **lookup)`` fetches one record and answers a forbidden
  record exactly like a missing one, so nobody learns that it exists.
* ``require(actor, action, instance)`` raises ``PermissionDenied`` for a new record and
  ``Http404`` for an existing one.
* ``has(actor, name)`` answers a named permission ("audit.view_log") that no record answers.

This package is the bottom layer: it imports no Lotse app. Apps register their policies and
named permissions in ``AppConfig.ready()``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from lotse.permissions.actor import (
    ANONYMOUS,
    SYSTEM,
    Actor,
    actor_for,
    forget_actor,
    register_membership_loader,
)
from lotse.permissions.base import ADD, CHANGE, DELETE, VIEW, Policy
from lotse.permissions.named import UnknownPermission, define, defined_permissions, has
from lotse.permissions.registry import NoPolicy, policy_for, register, registered_models
from lotse.permissions.roles import Role

M = TypeVar("M", bound=models.Model)

__all__ = [
    "ADD",
    "ANONYMOUS",
    "CHANGE",
    "DELETE",
    "SYSTEM",
    "VIEW",
    "Actor",
    "NoPolicy",
    "Policy",
    "Role",
    "UnknownPermission",
    "actor_for",
    "can",
    "define",
    "defined_permissions",
    "forget_actor",
    "get_or_404",
    "has",
    "register",
    "register_membership_loader",
    "registered_models",
    "require",
    "visible",
]


def _checked(actor: Actor) -> Actor:
    if not isinstance(actor, Actor):
        raise TypeError(f"pass an Actor (permissions.actor_for(user)), not {type(actor).__name__}")
    return actor


def visible(actor: Actor, action: str, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    return policy_for(queryset.model).filter(_checked(actor), action, queryset)


def can(actor: Actor, action: str, instance: models.Model) -> bool:
    return policy_for(type(instance)).allows(_checked(actor), action, instance)


def get_or_404(actor: Actor, action: str, queryset: models.QuerySet[M], **lookup: Any) -> M:
    try:
        return visible(actor, action, queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def require(actor: Actor, action: str, instance: models.Model) -> None:
    if can(actor, action, instance):
        return
    if instance.pk is None:
        raise PermissionDenied
    raise Http404
