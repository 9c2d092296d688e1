from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from lotse.audit.models import AuditAction, AuditEntry
from lotse.audit.services import audit
from lotse.permissions import actor_for


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Browse and filter; never add, change or delete."""

    list_display = ["occurred_at", "actor", "action", "target_type", "target_id", "target_label"]
    list_filter = ["action", "target_type", "occurred_at"]
    search_fields = ["target_type", "target_id", "target_label", "actor__email"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Technical-admin edits are written to the audit log like every other change.

    With ``audit_reads`` (records about a person), opening a record is audited too.
    """

    audit_reads = False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        if self.audit_reads and request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None and self.has_view_or_change_permission(request, obj):
                audit(
                    actor=actor_for(request.user),
                    action=AuditAction.VIEW,
                    target=obj,
                    label=f"{obj._meta.model_name} #{obj.pk}",
                    note="technical admin",
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit(
            actor=actor_for(request.user),
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            target=obj,
            label=f"{obj._meta.model_name} #{obj.pk}",
            changed_fields=form.changed_data,
            note="technical admin",
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audit(
            actor=actor_for(request.user),
            action=AuditAction.DELETE,
            target=obj,
            label=f"{obj._meta.model_name} #{obj.pk}",
            note="technical admin",
        )
        super().delete_model(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Bulk deletion would bypass delete_model and so the audit log.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
