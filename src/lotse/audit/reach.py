"""Which organisation and network an audited record belongs to.

Every model that the audit log names says so itself, with a method ``audit_reach()`` returning a
``Reach``: ``audit()`` calls it, so no caller can forget the ids and a coordinator sees every
entry about their network's records. Records that belong to no organisation (reference data)
return ``NO_REACH``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Reach:
    organisation_id: int | None = None
    network_id: int | None = None


NO_REACH = Reach()


@runtime_checkable
class Audited(Protocol):
    pk: object

    def audit_reach(self) -> Reach: ...


class NoAuditReach(TypeError):
    pass


def reach_of(target: object) -> Reach:
    if not isinstance(target, Audited):
        raise NoAuditReach(
            f"{type(target).__name__} has no audit_reach(): say which organisation it belongs to"
        )
    return target.audit_reach()
