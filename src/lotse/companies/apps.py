from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "lotse.companies"
    verbose_name = _("Companies and openings")

    def ready(self) -> None:
        from lotse.companies import panels, policies  # noqa: F401  registers the policies

        panels.register()
        post_migrate.connect(_schedule_reminders, sender=self)


def _schedule_reminders(**kwargs: object) -> None:
    from lotse.companies.tasks import ensure_reminders_scheduled

    ensure_reminders_scheduled()
