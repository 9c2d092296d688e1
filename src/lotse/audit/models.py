"""The append-only audit log.

An entry names the record (its type and id) and the names of changed fields; it never copies a
person's values. Nothing in the application updates or deletes an entry: the model and its
queryset refuse, the admin is read-only, and a database trigger refuses UPDATE.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    pass


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")
    IMPORT = "import", _("imported")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("login failed")
    LOGOUT = "logout", _("logged out")
    GRANT = "grant", _("role granted")
    REVOKE = "revoke", _("role ended")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("record type"), max_length=60, db_index=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_label = models.CharField(
        _("record"),
        max_length=200,
        blank=True,
        help_text=_("A label that identifies the record without personal values."),
    )
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    network_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects: ClassVar[models.Manager[AuditEntry]] = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    @property
    def record_type_label(self) -> str:
        """The record type in the reader's language: "Organisation" for network.organisation."""
        try:
            return str(apps.get_model(self.target_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.target_type
