"""Policy objects: one per kind of record, each with an object check and a queryset filter.

A policy denies by default. ``scope`` says which existing records an actor may act on;
``allows`` answers for a single record and, unless a policy overrides it, is derived from
``scope`` so the two can never disagree. New (unsaved) records are judged by ``allows_new``.
The system actor (``SYSTEM``) passes every check; anonymous visitors pass none.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db import models

from lotse.permissions.actor import Actor

M = TypeVar("M", bound=models.Model)

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
STANDARD_ACTIONS = frozenset({VIEW, ADD, CHANGE, DELETE})


class UnknownAction(ValueError):
    pass


class Policy(Generic[M]):
    model: type[M]
    actions: frozenset[str] = STANDARD_ACTIONS

    def scope(self, actor: Actor, action: str, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        """The part of ``queryset`` the actor may perform ``action`` on. Deny by default."""
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: M) -> bool:
        """Whether the actor may create ``instance`` (not yet saved). Deny by default."""
        return False

    def allows(self, actor: Actor, action: str, instance: M) -> bool:
        self.check_action(action)
        if actor.is_system:
            return True
        if not actor.is_authenticated:
            return False
        if instance.pk is None:
            return self.allows_new(actor, action, instance)
        queryset = self.model._default_manager.filter(pk=instance.pk)
        return self.scope(actor, action, queryset).exists()

    def filter(self, actor: Actor, action: str, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        self.check_action(action)
        if actor.is_system:
            return queryset
        if not actor.is_authenticated:
            return queryset.none()
        return self.scope(actor, action, queryset)

    def check_action(self, action: str) -> None:
        if action not in self.actions:
            raise UnknownAction(f"{type(self).__name__} knows no action {action!r}")
