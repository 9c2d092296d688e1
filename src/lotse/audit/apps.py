from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lotse.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from lotse.audit import panels, policies  # noqa: F401  registers the policies

        panels.register()
