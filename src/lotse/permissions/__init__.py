"""The permission layer. Every read and write of a record goes through these functions.

* ``visible(user, action, queryset)`` filters a queryset to what the user may act on.
* ``can(user, action, instance)`` answers for one record (saved or new).
* ``get_or_404(user, action, queryset, **lookup)`` fetches one record and answers a forbidden
  record exactly like a missing one, so nobody learns that it exists.
* ``require(user, action, instance)`` raises ``PermissionDenied`` for a new record and
  ``Http404`` for an existing one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from lotse.permissions.actor import ANONYMOUS, Actor, actor_for, forget_actor
from lotse.permissions.base import ADD, CHANGE, DELETE, VIEW, Policy
from lotse.permissions.registry import NoPolicy, policy_for, register, registered_models

M = TypeVar("M", bound=models.Model)

__all__ = [
    "ADD",
    "ANONYMOUS",
    "CHANGE",
    "DELETE",
    "VIEW",
    "Actor",
    "NoPolicy",
    "Policy",
    "actor_for",
    "can",
    "forget_actor",
    "get_or_404",
    "register",
    "registered_models",
    "require",
    "visible",
]


def _actor(user: Any) -> Actor:
    return user if isinstance(user, Actor) else actor_for(user)


def visible(user: Any, action: str, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    return policy_for(queryset.model).filter(_actor(user), action, queryset)


def can(user: Any, action: str, instance: models.Model) -> bool:
    return policy_for(type(instance)).allows(_actor(user), action, instance)


def get_or_404(user: Any, action: str, queryset: models.QuerySet[M], **lookup: Any) -> M:
    try:
        return visible(user, action, queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require(user: Any, action: str, instance: models.Model) -> None:
    if can(user, action, instance):
        return
    if instance.pk is None:
        raise PermissionDenied
    raise Http404
