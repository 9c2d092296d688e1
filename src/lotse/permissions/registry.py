from __future__ import annotations

from typing import Any

from django.db import models

from lotse.permissions.base import Policy


class NoPolicy(LookupError):
    pass


_policies: dict[type[models.Model], Policy[Any]] = {}


def register(policy: Policy[Any]) -> Policy[Any]:
    if policy.model in _policies:
        raise ValueError(f"a policy for {policy.model.__name__} is already registered")
    _policies[policy.model] = policy
    return policy


def policy_for(model: type[models.Model]) -> Policy[Any]:
    """The policy of a model. A model without one is unreachable: that is the default."""
    try:
        return _policies[model]
    except KeyError:
        raise NoPolicy(f"no permission policy for {model.__name__}") from None


def registered_models() -> list[type[models.Model]]:
    return list(_policies)
