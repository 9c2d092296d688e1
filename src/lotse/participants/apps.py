from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "lotse.participants"
    verbose_name = _("Participants and counselling")

    def ready(self) -> None:
        from lotse.participants import panels, policies  # noqa: F401  registers the policies

        panels.register()
        post_migrate.connect(_schedule_retention, sender=self)


def _schedule_retention(**kwargs: object) -> None:
    from lotse.participants.tasks import ensure_retention_scheduled

    ensure_retention_scheduled()
