"""The permission-matrix framework: role × action × record → allowed or not.

A capability adds its records to ``RECORDS`` (a function that picks or builds a record from the
``world`` fixture) and its expectations as ``Expectation`` rows; ``check_expectation`` proves
each row three ways: the object check, the queryset filter, and the 404 for a forbidden record.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from lotse import permissions
from lotse.permissions import Role


@dataclass(frozen=True)
class Expectation:
    role: Role
    action: str
    record: str
    allowed: bool

    @property
    def id(self) -> str:
        verdict = "allow" if self.allowed else "deny"
        return f"{self.role.value}-{self.action}-{self.record}-{verdict}"


RecordPicker = Callable[[object], models.Model]


def expand(rows: dict[tuple[str, str], set[Role]], *, roles=tuple(Role)) -> list[Expectation]:
    """Rows name (action, record) and the roles allowed; every other role is expected denied."""
    return [
        Expectation(role, action, record, role in allowed)
        for (action, record), allowed in rows.items()
        for role in roles
    ]


def check_expectation(world, expectation: Expectation, records: dict[str, RecordPicker]) -> None:
    user = permissions.actor_for(world.role_user(expectation.role))
    record = records[expectation.record](world)
    assert permissions.can(user, expectation.action, record) is expectation.allowed
    if record.pk is None:
        if expectation.allowed:
            permissions.require(user, expectation.action, record)
        else:
            with pytest.raises(PermissionDenied):
                permissions.require(user, expectation.action, record)
        return
    queryset = type(record)._default_manager.all()
    listed = permissions.visible(user, expectation.action, queryset).filter(pk=record.pk).exists()
    assert listed is expectation.allowed
    if expectation.allowed:
        assert permissions.get_or_404(user, expectation.action, queryset, pk=record.pk) == record
    else:
        with pytest.raises(Http404):
            permissions.get_or_404(user, expectation.action, queryset, pk=record.pk)
