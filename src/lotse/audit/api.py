from datetime import date, datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from lotse import permissions
from lotse.audit import selectors
from lotse.audit.models import AuditEntry

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    occurred_at: datetime
    actor_id: int | None
    action: str
    target_type: str
    target_id: str
    target_label: str
    changed_fields: list[str]
    note: str


@router.get("/entries", response=list[AuditEntryOut], summary="Audit entries within reach")
@paginate
def list_entries(
    request: HttpRequest,
    action: str = "",
    target_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    return selectors.search_entries(
        actor=permissions.actor_for(request.user),
        action=action,
        target_type=target_type,
        date_from=date_from,
        date_to=date_to,
    )
